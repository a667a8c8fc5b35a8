//! Partner-app server functions: the OAuth consent step, the user's connected apps, and the
//! administrators' partner registry. Thin: the `partner` crate decides everything.

// The consent decision repeats the seven fields of the authorization request.
#![allow(clippy::too_many_arguments)]

use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use crate::AppError;

pub use domain::AuthorizeQuery as ConsentQuery;

/// One line of "what it asks for".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeLine {
    /// The scope's name.
    pub name: String,
    /// In plain words.
    pub description: String,
}

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

/// A connected app, for the user's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectedApp {
    /// The partner's client id.
    pub client_id: String,
    /// Its name.
    pub name: String,
    /// Its homepage.
    pub homepage: Option<String>,
    /// What it may read.
    pub scopes: Vec<ScopeLine>,
    /// When access was granted (unix ms).
    pub granted_at: i64,
    /// When it last used its access (unix ms).
    pub last_used_at: Option<i64>,
    /// Offset of the user's zone now, minutes, to show those times locally.
    pub utc_offset_min: i32,
}

/// A partner, for the administrators' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerRow {
    /// Client id.
    pub client_id: String,
    /// Name.
    pub name: String,
    /// `sandbox`, `approved` or `suspended`.
    pub status: String,
    /// AccessLink profile.
    pub accesslink: bool,
    /// Public client.
    pub public: bool,
    /// Allowed scopes.
    pub scopes: String,
    /// Redirect URIs.
    pub redirect_uris: Vec<String>,
}

/// The partner registry page's data: the partners, and a secret to show once (after a
/// partner was created or its secret rotated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerRegistry {
    /// Every partner.
    pub partners: Vec<PartnerRow>,
    /// `(client_id, secret)` to show once.
    pub new_secret: Option<(String, String)>,
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::AppError;

    pub fn partners() -> Result<partner::Partners, AppError> {
        leptos::prelude::use_context::<partner::Partners>().ok_or_else(|| {
            tracing::error!("partner::Partners missing from the Leptos context");
            AppError::Internal
        })
    }

    pub fn internal(error: impl std::fmt::Debug) -> AppError {
        tracing::error!(error = ?error, "partner operation failed");
        AppError::Internal
    }

    impl From<partner::PartnerError> for AppError {
        fn from(error: partner::PartnerError) -> Self {
            match error {
                partner::PartnerError::Invalid(message) => AppError::Refused(message),
                partner::PartnerError::NotFound => {
                    AppError::Refused("There is no such partner.".into())
                }
                other => internal(other),
            }
        }
    }

    pub fn lines(scopes: &partner::Scopes) -> Vec<super::ScopeLine> {
        scopes
            .iter()
            .map(|s| super::ScopeLine {
                name: s.as_str().to_owned(),
                description: s.describe().to_owned(),
            })
            .collect()
    }

    /// `scheme://host[:port]` of a URI (or `scheme:` for a private-use scheme): the origin the
    /// consent form's answer redirects to.
    pub fn origin(uri: &str) -> Option<String> {
        let (scheme, rest) = uri.split_once(':')?;
        match rest.strip_prefix("//") {
            Some(after) => {
                let host = after.split(['/', '?', '#']).next()?;
                Some(format!("{scheme}://{host}"))
            }
            None => Some(format!("{scheme}:")),
        }
    }
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
            if let Some(origin) = ssr::origin(&c.redirect_uri)
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
        Err(partner::AuthorizeError::Page(message)) => {
            response.set_status(http::StatusCode::BAD_REQUEST);
            Ok(ConsentView::Refused(message))
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
        Err(partner::AuthorizeError::Page(message)) => Err(AppError::Refused(message)),
        Err(partner::AuthorizeError::Internal(e)) => Err(ssr::internal(e)),
    }
}

/// The signed-in user's connected apps.
#[server(input = GetUrl)]
pub async fn connected_apps() -> Result<Vec<ConnectedApp>, AppError> {
    let user = crate::auth::require_user().await?;
    let partners = ssr::partners()?;
    let zone = crate::auth::ssr_accounts()?
        .preferences(user.id)
        .await?
        .time_zone;
    let offset = workouts::zone::offset_now(&zone);
    Ok(partners
        .connections(user.id)
        .await
        .map_err(ssr::internal)?
        .into_iter()
        .map(|c| ConnectedApp {
            client_id: c.client_id,
            name: c.name,
            homepage: c.homepage,
            scopes: ssr::lines(&partner::Scopes::from_stored(&c.grant.scopes)),
            granted_at: c.grant.granted_at,
            last_used_at: c.grant.last_used_at,
            utc_offset_min: offset,
        })
        .collect())
}

/// Disconnects an app: its grant, tokens, codes, registration and transactions are deleted.
#[server]
pub async fn disconnect_app(
    /// The app's client id.
    client_id: String,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    ssr::partners()?.disconnect(user.id, &client_id).await?;
    crate::done("/settings/connections");
    Ok(())
}

#[cfg(feature = "ssr")]
async fn require_admin() -> Result<domain::User, AppError> {
    let user = crate::auth::require_user().await?;
    if user.is_admin {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The partner registry (administrators only). A secret created or rotated a moment ago is
/// shown once: on the first page load after it, and never again.
#[server(input = GetUrl)]
pub async fn partners_page() -> Result<PartnerRegistry, AppError> {
    require_admin().await?;
    let partners = ssr::partners()?;
    let session = crate::auth::ssr_session().await?;
    let new_secret = crate::reveal::take(&session, crate::reveal::PARTNER_SECRET).await?;
    let rows = partners
        .partners()
        .await
        .map_err(ssr::internal)?
        .into_iter()
        .map(|p| PartnerRow {
            client_id: p.client_id,
            name: p.name,
            status: p.status.as_str().to_owned(),
            accesslink: p.accesslink,
            public: p.secret_hash.is_none(),
            scopes: p.scopes,
            redirect_uris: p.redirect_uris,
        })
        .collect();
    Ok(PartnerRegistry {
        partners: rows,
        new_secret,
    })
}

/// Registers a partner (administrators only).
#[server]
pub async fn add_partner(
    /// Display name.
    name: String,
    /// Homepage (optional).
    #[server(default)]
    homepage: Option<String>,
    /// Redirect URIs, one per line.
    redirect_uris: String,
    /// Checkbox: AccessLink compatibility.
    #[server(default)]
    accesslink: Option<String>,
    /// Checkbox: a public client.
    #[server(default)]
    public: Option<String>,
    /// Checkbox: approved right away.
    #[server(default)]
    approved: Option<String>,
    /// Checkbox: may read workouts (standard apps; AccessLink apps read everything).
    #[server(default)]
    scope_workouts: Option<String>,
    /// Checkbox: may read daily activity.
    #[server(default)]
    scope_activity: Option<String>,
    /// Checkbox: may read the profile.
    #[server(default)]
    scope_profile: Option<String>,
    /// Usernames that may connect it while it is in the sandbox (commas or spaces between).
    #[server(default)]
    test_users: Option<String>,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let admin = require_admin().await?;
    let partners = ssr::partners()?;
    let created = partners
        .create(&partner::PartnerSpec {
            name,
            homepage: homepage
                .map(|h| h.trim().to_owned())
                .filter(|h| !h.is_empty()),
            redirect_uris: redirect_uris
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            scopes: accesslink.is_none().then(|| {
                [
                    (scope_workouts, "workouts:read"),
                    (scope_activity, "activity:read"),
                    (scope_profile, "profile:read"),
                ]
                .into_iter()
                .filter_map(|(on, name)| on.map(|_| name))
                .collect::<Vec<_>>()
                .join(" ")
            }),
            public: public.is_some(),
            accesslink: accesslink.is_some(),
            approved: approved.is_some(),
            owner: Some(admin.id),
            test_users: test_users
                .iter()
                .flat_map(|t| t.split([',', ' ']))
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .collect(),
        })
        .await?;
    if let Some(secret) = created.client_secret {
        crate::reveal::remember(
            crate::reveal::PARTNER_SECRET,
            created.partner.client_id,
            secret,
        )
        .await?;
    }
    crate::done("/admin/partners");
    Ok(())
}

/// Changes a partner (administrators only): `action` is `approve`, `suspend`, `sandbox` or
/// `rotate-secret`.
#[server]
pub async fn change_partner(
    /// The partner.
    client_id: String,
    /// What to do.
    action: String,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    require_admin().await?;
    let partners = ssr::partners()?;
    let status = match action.as_str() {
        "approve" => Some(db::PartnerStatus::Approved),
        "suspend" => Some(db::PartnerStatus::Suspended),
        "sandbox" => Some(db::PartnerStatus::Sandbox),
        "rotate-secret" => None,
        _ => return Err(AppError::BadRequest),
    };
    match status {
        Some(status) => {
            partners.set_status(&client_id, status).await?;
        }
        None => {
            let secret = partners.rotate_secret(&client_id).await?;
            crate::reveal::remember(crate::reveal::PARTNER_SECRET, client_id, secret).await?;
        }
    }
    crate::done("/admin/partners");
    Ok(())
}
