//! Secrets shown once (a partner's client secret, a personal access token): kept in the
//! session between the form that made them and the page that shows them, then dropped.
//!
//! A page may ask more than once while it renders (Leptos re-runs resources), so a secret is
//! tied to the first request that showed it and dropped by the next request that asks.

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::AppError;

/// The session key for a new partner secret.
pub const PARTNER_SECRET: &str = "reveal_partner_secret";
/// The session key for a new access token.
pub const ACCESS_TOKEN: &str = "reveal_access_token";

#[derive(Serialize, Deserialize)]
struct Reveal {
    label: String,
    secret: String,
    shown_in: Option<String>,
}

fn internal(error: impl std::fmt::Debug) -> AppError {
    tracing::error!(error = ?error, "session failed");
    AppError::Internal
}

/// Keeps `secret` (named by `label`) until the next page that asks for `key`.
pub async fn remember(key: &str, label: String, secret: String) -> Result<(), AppError> {
    let reveal = Reveal {
        label,
        secret,
        shown_in: None,
    };
    crate::auth::ssr_session()
        .await?
        .insert(key, reveal)
        .await
        .map_err(internal)
}

/// `(label, secret)` to show on this page load, if any.
pub async fn take(session: &Session, key: &str) -> Result<Option<(String, String)>, AppError> {
    let request = leptos::prelude::use_context::<http::request::Parts>().and_then(|p| {
        p.headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    });
    let Some(mut reveal) = session.get::<Reveal>(key).await.map_err(internal)? else {
        return Ok(None);
    };
    match (&reveal.shown_in, &request) {
        (None, Some(_)) => {
            reveal.shown_in.clone_from(&request);
            let shown = (reveal.label.clone(), reveal.secret.clone());
            session.insert(key, reveal).await.map_err(internal)?;
            Ok(Some(shown))
        }
        (Some(first), Some(now)) if first == now => Ok(Some((reveal.label, reveal.secret))),
        _ => {
            session.remove::<Reveal>(key).await.map_err(internal)?;
            Ok(None)
        }
    }
}
