//! Personal access tokens: the settings page's server functions. Thin: `auth::Accounts` makes,
//! lists and revokes them.

use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use crate::AppError;

/// One token as listed (its value is never shown again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRow {
    /// Its id (for revoking).
    pub id: i64,
    /// What the user called it.
    pub name: String,
    /// What it may do, in the page's language.
    pub scopes: Vec<String>,
    /// When it was made, local `YYYY-MM-DD HH:MM`.
    pub created: String,
    /// When it was last used, local, or `None`.
    pub last_used: Option<String>,
}

/// The tokens page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenList {
    /// The user's tokens, newest first.
    pub tokens: Vec<TokenRow>,
    /// `(name, token)` of one made a moment ago, shown once.
    pub new_token: Option<(String, String)>,
}

/// `YYYY-MM-DD HH:MM` at `offset_min` east of UTC.
pub fn local_minute(ms: i64, offset_min: i32) -> String {
    domain::LocalStamp::at(domain::Timestamp::from_unix_ms(ms), offset_min).to_string()
}

/// What a scope lets a token do, in the request's language (a scope Laps no longer knows, as
/// stored).
#[cfg(feature = "ssr")]
fn scope_name(scope: &str) -> String {
    use auth::TokenScope;
    match TokenScope::parse(scope) {
        Some(TokenScope::Upload) => t!("tokens-scope-upload"),
        Some(TokenScope::Sync) => t!("tokens-scope-sync"),
        Some(TokenScope::Read) => t!("tokens-scope-read"),
        None => scope.to_owned(),
    }
}

/// The signed-in user's tokens, and a new one to show once.
#[server(input = GetUrl)]
pub async fn tokens_page() -> Result<TokenList, AppError> {
    let user = crate::auth::require_user().await?;
    let accounts = crate::auth::ssr_accounts()?;
    let zone = accounts.preferences(user.id).await?.time_zone;
    let offset = workouts::zone::offset_now(&zone);
    let tokens = accounts
        .tokens(user.id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            scopes: t.scopes.split_whitespace().map(scope_name).collect(),
            created: local_minute(t.created_at, offset),
            last_used: t.last_used_at.map(|at| local_minute(at, offset)),
        })
        .collect();
    let session = crate::auth::ssr_session().await?;
    let new_token = crate::reveal::take(&session, crate::reveal::ACCESS_TOKEN).await?;
    Ok(TokenList { tokens, new_token })
}

/// Makes a token; the page shows it once.
#[server]
pub async fn create_token(
    /// What the user calls it ("Phone uploader").
    name: String,
    /// Checkbox: may upload files.
    #[server(default)]
    scope_upload: Option<String>,
    /// Checkbox: may sync sensor data.
    #[server(default)]
    scope_sync: Option<String>,
    /// Checkbox: may read workouts and exports.
    #[server(default)]
    scope_read: Option<String>,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    use auth::TokenScope;
    let user = crate::auth::require_user().await?;
    let scopes: Vec<TokenScope> = [
        (scope_upload, TokenScope::Upload),
        (scope_sync, TokenScope::Sync),
        (scope_read, TokenScope::Read),
    ]
    .into_iter()
    .filter_map(|(on, scope)| on.map(|_| scope))
    .collect();
    let made = crate::auth::ssr_accounts()?
        .create_token(user.id, &name, &scopes)
        .await?;
    crate::reveal::remember(crate::reveal::ACCESS_TOKEN, made.record.name, made.token).await?;
    crate::done("/settings/tokens");
    Ok(())
}

/// Revokes one of the user's tokens at once.
#[server]
pub async fn revoke_token(
    /// The token's id.
    id: i64,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    if !crate::auth::ssr_accounts()?
        .revoke_token(user.id, id)
        .await?
    {
        return Err(AppError::Refused(t!("tokens-no-such-token")));
    }
    crate::done("/settings/tokens");
    Ok(())
}
