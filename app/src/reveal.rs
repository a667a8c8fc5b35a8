//! Secrets shown once (a partner's client secret, a personal access token): kept in the
//! session between the form that made them and the page that shows them, and taken out of it
//! by that page.
//!
//! A page may ask more than once while it renders (Leptos re-runs resources), so a destructive
//! read alone would lose the secret before the second run shows it (commit 19cebb7). Keeping it
//! in the session until a later request would leave it in plaintext in the session row. So the
//! first read removes it from the session (the row is saved without it when the response
//! leaves) and holds it in this process's memory, tied to this one response (by a weak
//! reference to its `ResponseOptions`, which nothing outside the request can name): later reads
//! during the same render get it from there. Once the response is gone the entry is dead, and
//! the next read or hold of any secret drops it.

use std::sync::{Arc, Mutex, RwLock, Weak};

use leptos_axum::{ResponseOptions, ResponseParts};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::AppError;

/// The session key for a new partner secret.
pub const PARTNER_SECRET: &str = "reveal_partner_secret";
/// The session key for a new access token.
pub const ACCESS_TOKEN: &str = "reveal_access_token";
/// The session key for a temporary password an administrator set.
pub const TEMPORARY_PASSWORD: &str = "reveal_temporary_password";

#[derive(Clone, Serialize, Deserialize)]
struct Reveal {
    label: String,
    secret: String,
}

/// A secret taken out of a session, for the rest of the response that showed it.
struct Shown {
    response: Weak<RwLock<ResponseParts>>,
    key: &'static str,
    reveal: Reveal,
}

/// Secrets being shown right now. Entries live as long as their response: a handful at most.
static SHOWN: Mutex<Vec<Shown>> = Mutex::new(Vec::new());

fn internal(error: impl std::fmt::Debug) -> AppError {
    tracing::error!(error = ?error, "session failed");
    AppError::Internal
}

/// Keeps `secret` (named by `label`) until the next page that asks for `key`.
pub async fn remember(key: &str, label: String, secret: String) -> Result<(), AppError> {
    crate::auth::ssr_session()
        .await?
        .insert(key, Reveal { label, secret })
        .await
        .map_err(internal)
}

/// `(label, secret)` to show on this page load, if any. The first call of a response takes it
/// out of the session; later calls of the same response get the same answer.
pub async fn take(
    session: &Session,
    key: &'static str,
) -> Result<Option<(String, String)>, AppError> {
    let response = leptos::prelude::use_context::<ResponseOptions>().map(|r| r.0);
    if let Some(response) = &response
        && let Some(reveal) = shown_in(response, key)
    {
        return Ok(Some((reveal.label, reveal.secret)));
    }
    let Some(reveal) = session.remove::<Reveal>(key).await.map_err(internal)? else {
        return Ok(None);
    };
    if let Some(response) = &response {
        hold(response, key, reveal.clone());
    }
    Ok(Some((reveal.label, reveal.secret)))
}

fn lock() -> std::sync::MutexGuard<'static, Vec<Shown>> {
    SHOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What this response already took under `key`; forgets the entries of finished responses.
fn shown_in(response: &Arc<RwLock<ResponseParts>>, key: &str) -> Option<Reveal> {
    let mut shown = lock();
    shown.retain(|s| s.response.strong_count() > 0);
    shown
        .iter()
        .find(|s| s.key == key && std::ptr::eq(s.response.as_ptr(), Arc::as_ptr(response)))
        .map(|s| s.reveal.clone())
}

fn hold(response: &Arc<RwLock<ResponseParts>>, key: &'static str, reveal: Reveal) {
    let mut shown = lock();
    shown.retain(|s| s.response.strong_count() > 0);
    shown.push(Shown {
        response: Arc::downgrade(response),
        key,
        reveal,
    });
}
