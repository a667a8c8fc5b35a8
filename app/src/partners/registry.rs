//! The administrators' partner registry: the list, registering a partner, and changing one.

// Registering takes one argument per form field; there are eleven.
#![allow(clippy::too_many_arguments)]

use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::ssr;
use crate::AppError;

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
        .await?
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
