//! Who is asking and what they may read. The middleware ([`authenticate`]) checks the
//! credentials once per request and applies the rate limit; the extractors hand the handlers
//! what it found: [`Client`] for the partner's own resources, and for a user's resources
//! [`Authorized`] (token scope, own user) and [`Registered`] (those and the partner's
//! registration of the user), both through the one check in [`authorize`].

use axum::{
    extract::{FromRequestParts, Path, Request, State, rejection::PathRejection},
    http::{StatusCode, header, request::Parts},
    middleware::Next,
    response::{IntoResponse, Response},
};
use db::{Grant, Partner};
use partner::Access;
use serde::de::value::MapDeserializer;

use super::{
    error::{V3Error, V3Result},
    paths::Resource,
};
use crate::http::AppState;

/// A bearer token's access (for `/v3/users…` and `/v3/exercises…`), unchecked: for the
/// resources any token may use.
pub struct Bearer(pub Access);

/// The partner that authenticated with its client credentials.
pub struct Client(pub Partner);

/// A request on a user's resource `P` whose token carries the scope `P` needs and belongs to
/// the user `P` names.
pub struct Authorized<P> {
    /// The token's access.
    pub access: Access,
    /// The resource that was checked.
    resource: std::marker::PhantomData<P>,
}

/// An [`Authorized`] request whose user the partner has registered (`POST /v3/users`).
pub struct Registered<P> {
    /// The token's access.
    pub access: Access,
    /// The registered grant behind the token.
    pub grant: Grant,
    /// The parsed path.
    pub path: P,
}

/// What the authentication middleware put in the request, or 401 saying what is needed.
fn authenticated<T: Clone + Send + Sync + 'static>(
    parts: &Parts,
    needed: &'static str,
) -> V3Result<T> {
    parts
        .extensions
        .get::<T>()
        .cloned()
        .ok_or_else(|| V3Error::new(StatusCode::UNAUTHORIZED, "unauthorized", needed))
}

impl FromRequestParts<AppState> for Bearer {
    type Rejection = V3Error;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> V3Result<Self> {
        authenticated(parts, "This resource needs a user's bearer token.").map(Self)
    }
}

impl FromRequestParts<AppState> for Client {
    type Rejection = V3Error;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> V3Result<Self> {
        authenticated(
            parts,
            "This resource needs the partner's client credentials (HTTP Basic).",
        )
        .map(Self)
    }
}

/// The one check of a user's resource, in AccessLink's order: the path (404), the token's
/// scope (403 `insufficient_scope`), its user (403 `forbidden`), and when `registered` the
/// partner's registration of the user (403 `user_not_registered`).
async fn authorize<P: Resource>(
    parts: &mut Parts,
    state: &AppState,
    registered: bool,
) -> V3Result<(Access, Option<Grant>, P)> {
    let Bearer(access) = Bearer::from_request_parts(parts, state).await?;
    let path = match Option::<Path<P>>::from_request_parts(parts, state).await {
        Ok(Some(Path(path))) => path,
        // A route without parameters: the resource is a braced struct without fields.
        Ok(None) | Err(PathRejection::MissingPathParams(_)) => {
            P::deserialize(MapDeserializer::<_, serde::de::value::Error>::new(
                std::iter::empty::<(&str, &str)>(),
            ))
            .map_err(|_| V3Error::not_found("resource"))?
        }
        Err(_) => return Err(V3Error::not_found("resource")),
    };
    if !path.is_served() {
        return Err(V3Error::not_found("resource"));
    }
    if let Some(scope) = path.scope()
        && !access.scopes.allows(scope)
    {
        return Err(V3Error::new(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            format!("The token does not carry the {} scope.", scope.as_str()),
        ));
    }
    if let Some(user) = path.user()
        && !user.is(access.partner_user_id)
    {
        return Err(V3Error::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "The token does not belong to this user.",
        ));
    }
    if !registered {
        return Ok((access, None, path));
    }
    match state.partners.registered_grant(access.grant_id).await? {
        Some(grant) => Ok((access, Some(grant), path)),
        None => Err(V3Error::new(
            StatusCode::FORBIDDEN,
            "user_not_registered",
            "Register the user first (POST /v3/users).",
        )),
    }
}

impl<P: Resource> FromRequestParts<AppState> for Authorized<P> {
    type Rejection = V3Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> V3Result<Self> {
        let (access, _, _) = authorize::<P>(parts, state, false).await?;
        Ok(Self {
            access,
            resource: std::marker::PhantomData,
        })
    }
}

impl<P: Resource> FromRequestParts<AppState> for Registered<P> {
    type Rejection = V3Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> V3Result<Self> {
        let (access, grant, path) = authorize(parts, state, true).await?;
        let grant = grant.ok_or_else(|| V3Error::not_found("registration"))?;
        Ok(Self {
            access,
            grant,
            path,
        })
    }
}

/// Authenticates the request (bearer token or Basic client credentials), applies the rate
/// limit, and adds the `RateLimit-*` headers to the answer.
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let partner_id = match authorization.as_deref().and_then(|v| v.split_once(' ')) {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
            match state.partners.bearer(token.trim()).await {
                Ok(Some(access)) => {
                    let id = access.partner_id;
                    request.extensions_mut().insert(access);
                    id
                }
                Ok(None) => {
                    return V3Error::new(
                        StatusCode::UNAUTHORIZED,
                        "invalid_token",
                        "The access token is invalid, expired or revoked.",
                    )
                    .into_response();
                }
                Err(e) => return V3Error::from(e).into_response(),
            }
        }
        Some((scheme, _)) if scheme.eq_ignore_ascii_case("basic") => {
            let credentials = partner::ClientCredentials {
                basic: crate::http::oauth::basic_credentials(request.headers()),
                ..Default::default()
            };
            match state.partners.authenticate_client(&credentials).await {
                Ok(partner) if partner.secret_hash.is_some() => {
                    let id = partner.id;
                    request.extensions_mut().insert(partner);
                    id
                }
                Ok(_) | Err(partner::PartnerError::OAuth { .. }) => {
                    return V3Error::new(
                        StatusCode::UNAUTHORIZED,
                        "invalid_client",
                        "The client credentials are not valid.",
                    )
                    .into_response();
                }
                Err(e) => return V3Error::from(e).into_response(),
            }
        }
        _ => {
            return V3Error::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Authenticate with a bearer token or client credentials.",
            )
            .into_response();
        }
    };
    let verdict = state.rate_limits.count(partner_id, &state.partners).await;
    let mut response = if verdict.exceeded {
        V3Error::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limit_exceeded",
            "Too many requests; see the RateLimit headers.",
        )
        .into_response()
    } else {
        next.run(request).await
    };
    verdict.add_headers(response.headers_mut());
    response
}

/// The absolute base of the API (`<public URL>/v3`).
pub fn base(state: &AppState) -> String {
    format!("{}/v3", state.config.public_url.as_str())
}

/// The absolute URL of the token's user (`polar-user` in AccessLink's bodies).
pub fn polar_user(state: &AppState, access: &Access) -> String {
    format!("{}/users/{}", base(state), access.partner_user_id)
}
