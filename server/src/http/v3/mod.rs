//! The Polar AccessLink v3-compatible resource API under `/v3`.
//!
//! Clients written for AccessLink work against it with only their base URLs changed (see
//! `../shared/PARTNER_API.md` §5). A middleware authenticates every request once, by bearer
//! token (`/v3/users/…`, `/v3/exercises…`) or by the partner's client credentials in a Basic
//! header (`/v3/notifications`, `/v3/webhooks…`), applies the partner's rate limit, and adds
//! the `RateLimit-*` headers; handlers take what it found through [`Bearer`] and [`Client`].
//! Every error is AccessLink's error object ([`V3Error`]).

mod exercises;
mod rate_limit;
mod samples;
pub(crate) mod time;
mod transactions;
mod users;
mod webhooks;

use axum::{
    Json, Router,
    extract::{FromRequestParts, Request, State},
    http::{HeaderValue, StatusCode, header, request::Parts},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use db::Partner;
use partner::{Access, Scope};
use serde_json::json;

pub use rate_limit::RateLimits;

use super::AppState;

/// The `/v3` routes.
pub fn routes(state: &AppState) -> Router<AppState> {
    // Every method router answers other methods with AccessLink's 404 object, like unknown paths.
    Router::new()
        .route("/v3/users", post(users::register).fallback(unknown))
        .route(
            "/v3/users/{user}",
            get(users::get).delete(users::deregister).fallback(unknown),
        )
        .route("/v3/users/sleep", get(users::sleep).fallback(unknown))
        .route(
            "/v3/users/nightly-recharge",
            get(users::recharge).fallback(unknown),
        )
        .route(
            "/v3/users/activities",
            get(users::activities).fallback(unknown),
        )
        .route(
            "/v3/notifications",
            get(transactions::notifications).fallback(unknown),
        )
        .route(
            "/v3/users/{user}/{kind}",
            post(transactions::create).fallback(unknown),
        )
        .route(
            "/v3/users/{user}/{kind}/{tx}",
            get(transactions::list)
                .put(transactions::commit)
                .fallback(unknown),
        )
        .route(
            "/v3/users/{user}/{kind}/{tx}/{items}/{item}",
            get(transactions::item).fallback(unknown),
        )
        .route(
            "/v3/users/{user}/exercise-transactions/{tx}/exercises/{item}/{file}",
            get(exercises::transaction_file).fallback(unknown),
        )
        .route(
            "/v3/users/{user}/exercise-transactions/{tx}/exercises/{item}/samples/{sample}",
            get(exercises::transaction_sample).fallback(unknown),
        )
        .route(
            "/v3/users/{user}/activity-transactions/{tx}/activities/{item}/{kind}",
            get(transactions::activity_samples).fallback(unknown),
        )
        .route(
            "/v3/users/activities/{date}",
            get(users::activity_day).fallback(unknown),
        )
        .route("/v3/exercises", get(exercises::list).fallback(unknown))
        .route("/v3/exercises/{id}", get(exercises::one).fallback(unknown))
        .route(
            "/v3/exercises/{id}/{file}",
            get(exercises::file).fallback(unknown),
        )
        .route(
            "/v3/webhooks",
            get(webhooks::read).post(webhooks::create).fallback(unknown),
        )
        .route(
            "/v3/webhooks/activate",
            post(webhooks::activate).fallback(unknown),
        )
        .route(
            "/v3/webhooks/deactivate",
            post(webhooks::deactivate).fallback(unknown),
        )
        .route(
            "/v3/webhooks/{id}",
            axum::routing::patch(webhooks::update)
                .delete(webhooks::delete)
                .fallback(unknown),
        )
        .route("/v3", axum::routing::any(unknown))
        .route("/v3/{*rest}", axum::routing::any(unknown))
        .layer(middleware::from_fn_with_state(state.clone(), authenticate))
}

/// AccessLink's error object: `{timestamp, status, errorType, message, corrId}`.
#[derive(Debug)]
pub struct V3Error {
    status: StatusCode,
    kind: &'static str,
    message: String,
}

impl V3Error {
    /// An error with its status, type and sentence.
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            kind,
            message: message.into(),
        }
    }

    fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("No {what} was found."),
        )
    }

    fn internal(error: &dyn std::fmt::Debug) -> Self {
        tracing::error!(error = ?error, "partner API request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Something went wrong on our side.",
        )
    }
}

impl IntoResponse for V3Error {
    fn into_response(self) -> Response {
        let body = json!({
            "timestamp": time::iso_utc(crate::now_ms()),
            "status": self.status.as_u16(),
            "errorType": self.kind,
            "message": self.message,
            "corrId": partner::secret::random_id(),
        });
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\", Basic realm=\"laps\""),
            );
        }
        response
    }
}

impl From<db::DbError> for V3Error {
    fn from(e: db::DbError) -> Self {
        Self::internal(&e)
    }
}

impl From<partner::PartnerError> for V3Error {
    fn from(e: partner::PartnerError) -> Self {
        Self::internal(&e)
    }
}

impl From<workouts::WorkoutsError> for V3Error {
    fn from(e: workouts::WorkoutsError) -> Self {
        match e {
            workouts::WorkoutsError::NotFound
            | workouts::WorkoutsError::Db(db::DbError::NotFound) => Self::not_found("exercise"),
            other => Self::internal(&other),
        }
    }
}

/// The handlers' result.
pub type V3Result<T> = Result<T, V3Error>;

/// A bearer token's access (for `/v3/users…` and `/v3/exercises…`).
pub struct Bearer(pub Access);

/// The partner that authenticated with its client credentials.
pub struct Client(pub Partner);

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

impl Bearer {
    /// The access, if it carries `scope`; 403 otherwise.
    fn with_scope(&self, scope: Scope) -> V3Result<&Access> {
        if self.0.scopes.allows(scope) {
            Ok(&self.0)
        } else {
            Err(V3Error::new(
                StatusCode::FORBIDDEN,
                "insufficient_scope",
                format!("The token does not carry the {} scope.", scope.as_str()),
            ))
        }
    }
}

/// Authenticates the request (bearer token or Basic client credentials), applies the rate
/// limit, and adds the `RateLimit-*` headers to the answer.
async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
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
                basic: super::oauth::basic_credentials(request.headers()),
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
    let verdict = state
        .rate_limits
        .count(partner_id, state.partners.db())
        .await;
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

/// Any other `/v3` path: AccessLink resources Laps does not serve.
async fn unknown() -> V3Error {
    V3Error::new(StatusCode::NOT_FOUND, "not_found", "No such resource.")
}

/// 204 with no body and no content type (AccessLink's "no data").
fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// The absolute base of the API (`<public URL>/v3`).
fn base(state: &AppState) -> String {
    format!("{}/v3", state.config.public_url.as_str())
}

/// The absolute URL of the token's user (`polar-user` in AccessLink's bodies).
fn polar_user(state: &AppState, access: &Access) -> String {
    format!("{}/users/{}", base(state), access.partner_user_id)
}

/// The user path parameter must be the token's own user.
fn own_user(access: &Access, user: &str) -> V3Result<()> {
    if user.parse::<i64>().ok() == Some(access.partner_user_id) {
        Ok(())
    } else {
        Err(V3Error::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "The token does not belong to this user.",
        ))
    }
}

/// The grant behind a token, which must be registered (`POST /v3/users`) first.
async fn registered(state: &AppState, access: &Access) -> V3Result<db::Grant> {
    match state.partners.db().grant(access.grant_id).await? {
        Some(grant) if grant.registered_at.is_some() => Ok(grant),
        _ => Err(V3Error::new(
            StatusCode::FORBIDDEN,
            "user_not_registered",
            "Register the user first (POST /v3/users).",
        )),
    }
}
