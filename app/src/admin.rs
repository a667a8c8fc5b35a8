//! Administration → Users: the server functions. Thin: `auth::Accounts` checks the rights and
//! keeps the rules (never one's own account, a typed confirmation before a deletion); these
//! take the acting user from the session and send the browser back to the page with what
//! happened (`?done=…&user=…`).

use domain::{AccountSummary, UserId};
use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use crate::AppError;

/// The Users page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersData {
    /// Who is looking (their own row has no actions).
    pub me: UserId,
    /// Every account, oldest first.
    pub accounts: Vec<AccountSummary>,
    /// The administrator's UTC offset now, in minutes, for the creation dates.
    pub offset_min: i32,
    /// `(username, password)` of a temporary password set a moment ago, shown once.
    pub temporary: Option<(String, String)>,
}

/// Back to the page with what happened to whom (usernames need no escaping in a URL: letters,
/// digits, `.`, `-` and `_`).
#[cfg(feature = "ssr")]
fn back(done: &str, user: &domain::Username) {
    leptos_axum::redirect(&format!("/admin/users?done={done}&user={}", user.as_str()));
}

/// The accounts and a temporary password to show once (administrators only).
#[server(input = GetUrl)]
pub async fn users_page() -> Result<UsersData, AppError> {
    let me = crate::auth::require_user().await?;
    let accounts = crate::auth::ssr_accounts()?;
    let list = accounts.account_summaries(&me).await?;
    let zone = accounts.preferences(me.id).await?.time_zone;
    let session = crate::auth::ssr_session().await?;
    let temporary = crate::reveal::take(&session, crate::reveal::TEMPORARY_PASSWORD).await?;
    Ok(UsersData {
        me: me.id,
        accounts: list,
        offset_min: workouts::zone::offset_now(&zone),
        temporary,
    })
}

/// Adds an account (sign-up need not be open).
#[server]
pub async fn add_account(
    /// As typed; the `auth` crate parses it.
    username: String,
    /// Their first password, passed on by the administrator.
    password: String,
    /// Checkbox: make them an administrator too.
    #[server(default)]
    admin: Option<String>,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let me = crate::auth::require_user().await?;
    let user = crate::auth::ssr_accounts()?
        .admin_add_user(&me, &username, &password, admin.is_some())
        .await?;
    back("added", &user.username);
    Ok(())
}

/// Sets a temporary password on an account (its sessions are signed out); the page shows it
/// once.
#[server]
pub async fn reset_account_password(
    /// The account's id.
    id: i64,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let me = crate::auth::require_user().await?;
    let reset = crate::auth::ssr_accounts()?
        .reset_password(&me, UserId::new(id))
        .await?;
    crate::reveal::remember(
        crate::reveal::TEMPORARY_PASSWORD,
        reset.user.username.to_string(),
        reset.password,
    )
    .await?;
    back("reset", &reset.user.username);
    Ok(())
}

/// Disables an account (`disable` true) or enables it again.
#[server]
pub async fn set_account_disabled(
    /// The account's id.
    id: i64,
    /// `true` to disable, `false` to enable.
    disable: bool,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let me = crate::auth::require_user().await?;
    let user = crate::auth::ssr_accounts()?
        .set_disabled(&me, UserId::new(id), disable)
        .await?;
    back(if disable { "disabled" } else { "enabled" }, &user.username);
    Ok(())
}

/// Grants (`admin` true) or withdraws administrator rights.
#[server]
pub async fn set_account_admin(
    /// The account's id.
    id: i64,
    /// `true` to grant, `false` to withdraw.
    admin: bool,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let me = crate::auth::require_user().await?;
    let user = crate::auth::ssr_accounts()?
        .set_admin_rights(&me, UserId::new(id), admin)
        .await?;
    back(if admin { "admin" } else { "athlete" }, &user.username);
    Ok(())
}

/// Deletes an account with all its data, once `confirm` repeats its username.
#[server]
pub async fn delete_account(
    /// The account's id.
    id: i64,
    /// The username, typed again to confirm.
    confirm: String,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let me = crate::auth::require_user().await?;
    let gone = crate::auth::ssr_accounts()?
        .delete_account(&me, UserId::new(id), &confirm)
        .await?;
    back("deleted", &gone.username);
    Ok(())
}
