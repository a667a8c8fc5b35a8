//! The OAuth consent step: what the consent page shows, and the user's decision.

// The consent decision repeats the seven fields of the authorization request.
#![allow(clippy::too_many_arguments)]

use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::ScopeLine;
#[cfg(feature = "ssr")]
use super::ssr;
use crate::AppError;

pub use domain::AuthorizeQuery as ConsentQuery;

/// What the consent page shows.
// One value per page load: its size does not matter, and boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentView {
    /// Ask the user.
    Ask {
        /// The partner's name.
        name: String,
        /// Its homepage.
        homepage: Option<String>,
        /// What it asks for.
        scopes: Vec<ScopeLine>,
        /// Where the user will be sent.
        redirect_uri: String,
        /// The request, to send back with the decision.
        query: ConsentQuery,
    },
    /// The request cannot be honoured (unknown app or address); say why.
    Refused(String),
    /// The answer is a redirect (to sign in, or back to the app).
    Leaving,
}

/// What the consent page shows for this request. Not signed in: a redirect to sign-in that
/// comes back here (`next`). A remembered grant that covers the request: a redirect back to the
/// app with a code.
#[server(input = GetUrl)]
pub async fn consent_request(
    /// The authorization request.
    query: ConsentQuery,
    /// This page's path and query, to come back to after signing in.
    next: String,
) -> Result<ConsentView, AppError> {
    let accounts = crate::auth::ssr_accounts()?;
    let Some(user) = accounts
        .current_user(&crate::auth::ssr_session().await?)
        .await?
    else {
        let encoded: String = next
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        leptos_axum::redirect(&format!("/signin?next={encoded}"));
        return Ok(ConsentView::Leaving);
    };
    let partners = ssr::partners()?;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    match partners.authorize(&query, user.id).await {
        Ok(partner::Step::Consent(c)) => {
            // The decision's answer redirects there: let this page's form lead to it.
            if let Some(origin) = origin(&c.redirect_uri)
                && let Ok(value) = http::HeaderValue::from_str(&origin)
            {
                response.insert_header(http::HeaderName::from_static("x-laps-form-target"), value);
            }
            Ok(ConsentView::Ask {
                name: c.name,
                homepage: c.homepage,
                scopes: ssr::lines(&c.scopes),
                redirect_uri: c.redirect_uri,
                query: c.query,
            })
        }
        Ok(partner::Step::Redirect(url)) | Err(partner::AuthorizeError::Redirect(url)) => {
            leptos_axum::redirect(&url);
            Ok(ConsentView::Leaving)
        }
        Err(partner::AuthorizeError::Page(problem)) => {
            response.set_status(http::StatusCode::BAD_REQUEST);
            Ok(ConsentView::Refused(super::messages::page(&problem)))
        }
        Err(partner::AuthorizeError::Internal(e)) => Err(ssr::internal(e)),
    }
}

/// The consent decision (`POST /oauth/authorize`): `decision` is `approve` or `deny`; either
/// way the answer is a redirect back to the app.
#[server(prefix = "/oauth", endpoint = "authorize")]
pub async fn consent_decide(
    /// As in the request.
    #[server(default)]
    response_type: Option<String>,
    /// As in the request.
    #[server(default)]
    client_id: Option<String>,
    /// As in the request.
    #[server(default)]
    redirect_uri: Option<String>,
    /// As in the request.
    #[server(default)]
    scope: Option<String>,
    /// As in the request.
    #[server(default)]
    state: Option<String>,
    /// As in the request.
    #[server(default)]
    code_challenge: Option<String>,
    /// As in the request.
    #[server(default)]
    code_challenge_method: Option<String>,
    /// `approve` or `deny`.
    decision: String,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let query = ConsentQuery {
        response_type,
        client_id,
        redirect_uri,
        scope,
        state,
        code_challenge,
        code_challenge_method,
    };
    match ssr::partners()?
        .decide(&query, user.id, decision == "approve")
        .await
    {
        Ok(url) | Err(partner::AuthorizeError::Redirect(url)) => {
            leptos_axum::redirect(&url);
            Ok(())
        }
        Err(partner::AuthorizeError::Page(problem)) => {
            Err(AppError::Refused(super::messages::page(&problem)))
        }
        Err(partner::AuthorizeError::Internal(e)) => Err(ssr::internal(e)),
    }
}

/// `scheme://host[:port]` of a URI (or `scheme:` for a private-use scheme): the origin the
/// consent form's answer redirects to.
#[cfg(feature = "ssr")]
fn origin(uri: &str) -> Option<String> {
    let (scheme, rest) = uri.split_once(':')?;
    match rest.strip_prefix("//") {
        Some(after) => {
            let host = after.split(['/', '?', '#']).next()?;
            Some(format!("{scheme}://{host}"))
        }
        None => Some(format!("{scheme}:")),
    }
}
