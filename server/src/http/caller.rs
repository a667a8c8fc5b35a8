//! Who is calling the JSON API: the signed-in browser (its session cookie) or a personal access
//! token (`Authorization: Bearer lpt_…`, or `?access_token=lpt_…` for apps that cannot set
//! headers, which is less safe: URLs end up in logs and histories).

use std::marker::PhantomData;

use auth::{TOKEN_PREFIX, TokenScope};
use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, header, request::Parts},
};
use domain::User;

use super::{ApiError, AppState, error::Result};

/// The signed-in user of a request (session cookie only); 401 without one.
pub struct SignedIn(pub User);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        // A query token exempts the request from the CSRF check; a cookie must then not count.
        if query_token(parts.uri.query()).is_some() {
            return Err(ApiError::Forbidden(
                "This needs the signed-in browser; access tokens cannot do it.",
            ));
        }
        let session = tower_sessions::Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, why)| ApiError::Internal(anyhow::anyhow!("no session layer: {why}")))?;
        state
            .accounts
            .current_user(&session)
            .await?
            .map(SignedIn)
            .ok_or(ApiError::Unauthorized)
    }
}

/// What a route needs a token to carry.
pub trait Needs {
    /// The scope.
    const SCOPE: TokenScope;
}

/// Uploading files.
pub struct CanUpload;
impl Needs for CanUpload {
    const SCOPE: TokenScope = TokenScope::Upload;
}

/// Reading workouts and exports.
pub struct CanRead;
impl Needs for CanRead {
    const SCOPE: TokenScope = TokenScope::Read;
}

/// Syncing sensor data.
pub struct CanSync;
impl Needs for CanSync {
    const SCOPE: TokenScope = TokenScope::Sync;
}

/// A caller allowed to do `S`: the signed-in browser, or a token with that scope.
pub struct Authorized<S> {
    /// On whose behalf.
    pub user: User,
    scope: PhantomData<S>,
}

/// The token of an `Authorization: Bearer <token>` header, when there is a non-empty one.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
}

/// A token from the header or, failing that, the query.
fn presented_token(parts: &Parts) -> Option<String> {
    bearer_token(&parts.headers)
        .map(str::to_owned)
        .or_else(|| query_token(parts.uri.query()))
}

/// `access_token` from a query string, when it is one of ours.
pub fn query_token(query: Option<&str>) -> Option<String> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, value)| *key == "access_token" && value.starts_with(TOKEN_PREFIX))
        .map(|(_, value)| value.to_owned())
}

impl<S: Needs> FromRequestParts<AppState> for Authorized<S> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let Some(token) = presented_token(parts) else {
            let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
            return Ok(Self {
                user,
                scope: PhantomData,
            });
        };
        let access = state
            .accounts
            .authenticate_token(&token)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        if !access.allows(S::SCOPE) {
            return Err(ApiError::Forbidden(match S::SCOPE {
                TokenScope::Upload => "This token may not upload. Make one with the upload scope.",
                TokenScope::Sync => "This token may not sync. Make one with the sync scope.",
                TokenScope::Read => {
                    "This token may not read workouts. Make one with the read scope."
                }
            }));
        }
        Ok(Self {
            user: access.user,
            scope: PhantomData,
        })
    }
}
