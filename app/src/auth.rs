//! Account server functions and the context that knows who is signed in.
//!
//! The functions are thin: they parse nothing themselves (the `auth` crate owns the rules), take
//! the store and the session from the request, and turn the outcome into an [`AppError`].
//! Every state-changing function has a `csrf_token` argument; the server's CSRF layer checks it
//! before the function runs, so the functions ignore it.

use domain::User;
use leptos::{prelude::*, server_fn::codec::GetUrl};

use crate::AppError;

#[cfg(feature = "ssr")]
mod ssr {
    use std::net::IpAddr;

    use leptos::prelude::*;
    use tower_sessions::Session;

    use crate::AppError;

    /// The client's address as the server established it (from the socket, or from a trusted
    /// proxy's header). Set by the server for every request.
    #[derive(Clone, Copy, Debug)]
    pub struct ClientAddr(pub IpAddr);

    /// The account service from the Leptos context.
    pub fn accounts() -> Result<auth::Accounts, AppError> {
        use_context::<auth::Accounts>().ok_or_else(|| {
            tracing::error!("auth::Accounts missing from the Leptos context");
            AppError::Internal
        })
    }

    /// The request's session.
    pub async fn session() -> Result<Session, AppError> {
        leptos_axum::extract::<Session>().await.map_err(|e| {
            tracing::error!(error = ?e, "no session on the request");
            AppError::Internal
        })
    }

    pub async fn client_addr() -> Result<IpAddr, AppError> {
        let axum::Extension(ClientAddr(addr)) =
            leptos_axum::extract::<axum::Extension<ClientAddr>>()
                .await
                .map_err(|e| {
                    tracing::error!(error = ?e, "no client address on the request");
                    AppError::Internal
                })?;
        Ok(addr)
    }

    /// Tells the client when to come back after a throttled attempt (`Retry-After`), then
    /// passes the error on.
    pub fn with_retry_after(error: auth::AccountError) -> AppError {
        if let auth::AccountError::Throttled { retry_after, .. } = &error
            && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        {
            response.insert_header(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(retry_after.as_secs().max(1)),
            );
        }
        error.into()
    }

    /// The signed-in user, or [`AppError::Unauthorized`].
    pub async fn require_user() -> Result<domain::User, AppError> {
        let accounts = accounts()?;
        accounts
            .current_user(&session().await?)
            .await?
            .ok_or(AppError::Unauthorized)
    }
}

#[cfg(feature = "ssr")]
pub use ssr::{ClientAddr, accounts as ssr_accounts, require_user, session as ssr_session};

/// The sign-in page that brings the visitor back to `here` (a path on this site, with its
/// query) once signed in: `/signin?next=...`, the path percent-encoded but for its slashes.
pub fn sign_in_href(here: &str) -> String {
    if here == "/" || domain::LocalPath::parse(here).is_none() {
        return "/signin".to_owned();
    }
    let mut href = "/signin?next=".to_owned();
    for byte in here.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                href.push(byte as char)
            }
            other => href.push_str(&format!("%{other:02X}")),
        }
    }
    href
}

/// Where sign-in may send the user afterwards: a path on this site only (see
/// [`domain::LocalPath`]: never `//host`, `/\\host`, a full URL or a path a browser would read
/// as one), which would make the sign-in page an open redirect.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path) if domain::LocalPath::parse(path).is_some() => path,
        _ => "/",
    }
}

/// Who is signed in, if anyone.
#[server(input = GetUrl)]
pub async fn current_user() -> Result<Option<User>, AppError> {
    let accounts = ssr::accounts()?;
    Ok(accounts.current_user(&ssr::session().await?).await?)
}

/// Whether a visitor may create an account now, and whether it would be the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignUpInfo {
    /// Sign-up is possible (the first account, or an administrator opened it).
    pub allowed: bool,
    /// No account exists yet: the next one becomes this instance's administrator.
    pub first: bool,
}

/// Whether a visitor may create an account now, and whether it would be the first.
#[server(input = GetUrl)]
pub async fn sign_up_state() -> Result<SignUpInfo, AppError> {
    let accounts = ssr::accounts()?;
    Ok(SignUpInfo {
        allowed: accounts.sign_up_allowed().await?,
        first: accounts.is_fresh().await?,
    })
}

/// Signs in and goes to the home page.
#[server]
pub async fn sign_in(
    /// As typed; the `auth` crate parses it.
    username: String,
    /// As typed.
    password: String,
    /// Where to go afterwards (a path on this site; the home page otherwise).
    #[server(default)]
    next: Option<String>,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let accounts = ssr::accounts()?;
    let credentials = accounts
        .sign_in(&username, &password, ssr::client_addr().await?)
        .await
        .map_err(ssr::with_retry_after)?;
    auth::session::sign_in(&ssr::session().await?, &credentials).await?;
    leptos_axum::redirect(safe_next(next.as_deref()));
    Ok(())
}

/// Creates an account, signs it in and goes to the home page.
#[server]
pub async fn sign_up(
    /// As typed; the `auth` crate parses it.
    username: String,
    /// As typed.
    password: String,
    /// The browser's IANA time zone (filled in by script; empty or unknown keeps UTC).
    #[server(default)]
    time_zone: Option<String>,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let accounts = ssr::accounts()?;
    let client = ssr::client_addr().await?;
    let user = accounts
        .sign_up(&username, &password, client)
        .await
        .map_err(ssr::with_retry_after)?;
    if let Some(zone) = time_zone.filter(|zone| workouts::zone::is_known_zone(zone)) {
        let preferences = domain::Preferences {
            time_zone: zone,
            ..domain::Preferences::default()
        };
        accounts.set_preferences(user.id, &preferences).await?;
    }
    // Sign in through the same path as the sign-in form, so the session is made one way only.
    let credentials = accounts
        .sign_in(&username, &password, client)
        .await
        .map_err(ssr::with_retry_after)?;
    auth::session::sign_in(&ssr::session().await?, &credentials).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Signs out: the session is deleted on the server, not only forgotten by the browser.
#[server]
pub async fn sign_out(
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    auth::session::sign_out(&ssr::session().await?).await?;
    leptos_axum::redirect("/signin");
    Ok(())
}

/// Changes the signed-in user's password. Other sessions of the user are signed out; this one
/// stays signed in under a new id. The checkboxes also revoke the user's access tokens and
/// disconnect their partner apps; `compromised` revokes both whatever the others say.
#[server]
pub async fn change_password(
    /// The password the user has now.
    current_password: String,
    /// The new password.
    password: String,
    /// Checkbox: revoke every personal access token.
    #[server(default)]
    revoke_tokens: Option<String>,
    /// Checkbox: disconnect every partner app.
    #[server(default)]
    revoke_apps: Option<String>,
    /// Checkbox: "I think my password was compromised" (revokes everything).
    #[server(default)]
    compromised: Option<String>,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = require_user().await?;
    let revoke = if compromised.is_some() {
        auth::Revoke::ALL
    } else {
        auth::Revoke {
            tokens: revoke_tokens.is_some(),
            partner_apps: revoke_apps.is_some(),
        }
    };
    let changed = ssr::accounts()?
        .change_password(&user, &current_password, &password, revoke)
        .await?;
    auth::session::renew(&ssr::session().await?, &user, changed.epoch).await?;
    crate::done("/settings/password");
    Ok(())
}

/// Opens or closes sign-up (administrators only). `open` is a checkbox: present means open.
#[server]
pub async fn set_sign_up_open(
    /// The checkbox: present (any value) means open.
    #[server(default)]
    open: Option<String>,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = require_user().await?;
    if !user.is_admin {
        return Err(AppError::Forbidden);
    }
    let accounts = ssr::accounts()?;
    accounts.set_sign_up_open(open.is_some()).await?;
    tracing::info!(user_id = %user.id, open = open.is_some(), "sign-up setting changed");
    crate::done("/admin");
    Ok(())
}

/// Everything an administrator sees: the sign-up setting and the accounts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AdminSummary {
    /// Whether anyone may sign up.
    pub sign_up_open: bool,
    /// Every account, oldest first.
    pub users: Vec<User>,
}

/// The administration page's data (administrators only).
#[server(input = GetUrl)]
pub async fn admin_overview() -> Result<AdminSummary, AppError> {
    let user = require_user().await?;
    if !user.is_admin {
        return Err(AppError::Forbidden);
    }
    let accounts = ssr::accounts()?;
    Ok(AdminSummary {
        sign_up_open: accounts.sign_up_open().await?,
        users: accounts.users().await?,
    })
}

/// Who is signed in, for every component.
#[derive(Clone, Copy)]
pub struct AuthContext {
    /// The signed-in user. Refetched on every navigation, so signing in or out (which both
    /// navigate) and a session that expired are noticed without any page telling the others.
    pub user: Resource<Result<Option<User>, AppError>>,
}

/// Creates the [`AuthContext`]; call inside the router.
pub fn provide_auth_context() {
    let location = leptos_router::hooks::use_location();
    let user = Resource::new(move || location.pathname.get(), |_| current_user());
    provide_context(AuthContext { user });
}

/// The app's [`AuthContext`].
pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}
