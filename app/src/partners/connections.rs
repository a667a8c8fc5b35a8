//! The signed-in user's connected apps, and disconnecting one.

use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use super::ScopeLine;
#[cfg(feature = "ssr")]
use super::ssr;
use crate::AppError;

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
        .await?
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
