//! The OAuth endpoints partners' servers call: token (with the Polar path alias), revocation,
//! introspection and the RFC 8414 metadata. The authorization endpoint is a page of the app
//! (`/oauth/authorize`: sign-in, consent), see `app::pages::consent`.

use app::auth::ClientAddr;
use auth::{AccountError, Limited};
use axum::{
    Extension, Form, Json, Router,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use base64::{Engine as _, engine::general_purpose::STANDARD};
use partner::{ClientCredentials, ErrorCode, PartnerError, Scope, TokenForm};
use serde::Deserialize;
use serde_json::json;

use super::AppState;

/// Routes of the authorization server (everything but the consent page).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth/token", post(token))
        .route("/v2/oauth2/token", post(token))
        .route("/oauth/revoke", post(revoke))
        .route("/oauth/introspect", post(introspect))
        .route("/.well-known/oauth-authorization-server", get(metadata))
}

/// Whether a path belongs to the client-authenticated endpoints, which never read cookies (so
/// the CSRF check, which protects cookie-authenticated requests, does not apply).
pub fn is_cookieless(path: &str) -> bool {
    matches!(
        path,
        "/oauth/token" | "/v2/oauth2/token" | "/oauth/revoke" | "/oauth/introspect"
    ) || path == "/v3"
        || path.starts_with("/v3/")
}

/// `Authorization: Basic` credentials, when the header holds them.
pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    // RFC 6749 §2.3.1 form-encodes both before Basic; clients that do not (most) send ids and
    // secrets made of URL-safe characters, which decode to themselves.
    Some((form_decode(id), form_decode(secret)))
}

fn form_decode(s: &str) -> String {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={s}"))
        .ok()
        .and_then(|mut pairs| pairs.pop())
        .map_or_else(|| s.to_owned(), |(_, v)| v)
}

fn credentials(
    headers: &HeaderMap,
    body_id: Option<String>,
    body_secret: Option<String>,
) -> ClientCredentials {
    ClientCredentials {
        basic: basic_credentials(headers),
        body_id,
        body_secret,
    }
}

/// An OAuth error answer (RFC 6749 §5.2): 401 with a Basic challenge for client
/// authentication, 400 otherwise, 500 without detail for our own failures.
pub fn oauth_error(error: PartnerError) -> Response {
    match error {
        PartnerError::OAuth { code, description } => {
            let status = if code == ErrorCode::InvalidClient {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::BAD_REQUEST
            };
            let mut response = (
                status,
                no_store(),
                Json(json!({ "error": code.as_str(), "error_description": description })),
            )
                .into_response();
            if status == StatusCode::UNAUTHORIZED {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"laps\""),
                );
            }
            response
        }
        other => {
            tracing::error!(error = ?other, "OAuth endpoint failed");
            server_error()
        }
    }
}

/// RFC 6749's `server_error`, for a failure already logged.
fn server_error() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        no_store(),
        Json(json!({ "error": "server_error" })),
    )
        .into_response()
}

fn no_store() -> [(header::HeaderName, &'static str); 2] {
    [
        (header::CACHE_CONTROL, "no-store"),
        (header::PRAGMA, "no-cache"),
    ]
}

/// Counts a request from the client's address against its per-address limit; the 429 answer
/// (with `Retry-After`) when the address has used it up.
async fn within_limit(
    state: &AppState,
    limited: Limited,
    client: Option<Extension<ClientAddr>>,
) -> Result<(), Response> {
    // Every request has an address (the server is served with connect info); without one there
    // is nothing to count by.
    let Some(Extension(ClientAddr(address))) = client else {
        return Ok(());
    };
    match state.accounts.count_request(limited, address).await {
        Ok(()) => Ok(()),
        Err(AccountError::Throttled { retry_after, .. }) => {
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                no_store(),
                Json(json!({
                    "error": "too_many_requests",
                    "error_description": "Too many requests from this address; see Retry-After.",
                })),
            )
                .into_response();
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after.as_secs().max(1)),
            );
            Err(response)
        }
        Err(other) => {
            tracing::error!(error = ?other, "could not count the request");
            Err(server_error())
        }
    }
}

/// `POST /oauth/token` and `POST /v2/oauth2/token`.
#[tracing::instrument(skip_all)]
async fn token(
    State(state): State<AppState>,
    client: Option<Extension<ClientAddr>>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    if let Err(refused) = within_limit(&state, Limited::OAuthToken, client).await {
        return refused;
    }
    let credentials = credentials(&headers, form.client_id.clone(), form.client_secret.clone());
    match state.partners.token(&credentials, &form).await {
        Ok(answer) => (no_store(), Json(answer)).into_response(),
        Err(e) => oauth_error(e),
    }
}

/// The form of revocation and introspection requests.
#[derive(Debug, Deserialize)]
struct TokenParam {
    token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

impl TokenParam {
    /// The client's credentials and the token it asks about.
    fn split(self, headers: &HeaderMap) -> Result<(ClientCredentials, String), PartnerError> {
        let credentials = credentials(headers, self.client_id, self.client_secret);
        let token = self
            .token
            .ok_or_else(|| PartnerError::oauth(ErrorCode::InvalidRequest, "token is missing."))?;
        Ok((credentials, token))
    }
}

/// `POST /oauth/revoke` (RFC 7009): 200 also for unknown tokens.
#[tracing::instrument(skip_all)]
async fn revoke(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<TokenParam>,
) -> Response {
    let done = match form.split(&headers) {
        Ok((credentials, token)) => state.partners.revoke(&credentials, &token).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => (StatusCode::OK, no_store()).into_response(),
        Err(e) => oauth_error(e),
    }
}

/// `POST /oauth/introspect` (RFC 7662).
#[tracing::instrument(skip_all)]
async fn introspect(
    State(state): State<AppState>,
    client: Option<Extension<ClientAddr>>,
    headers: HeaderMap,
    Form(form): Form<TokenParam>,
) -> Response {
    if let Err(refused) = within_limit(&state, Limited::OAuthIntrospect, client).await {
        return refused;
    }
    let answer = match form.split(&headers) {
        Ok((credentials, token)) => state.partners.introspect(&credentials, &token).await,
        Err(e) => Err(e),
    };
    match answer {
        Ok(answer) => (no_store(), Json(answer)).into_response(),
        Err(e) => oauth_error(e),
    }
}

/// `GET /.well-known/oauth-authorization-server` (RFC 8414).
async fn metadata(State(state): State<AppState>) -> Response {
    let base = state.partners.issuer();
    let scopes: Vec<&str> = Scope::ALL.iter().map(|s| s.as_str()).collect();
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/oauth/authorize"),
        "token_endpoint": format!("{base}/oauth/token"),
        "revocation_endpoint": format!("{base}/oauth/revoke"),
        "introspection_endpoint": format!("{base}/oauth/introspect"),
        "scopes_supported": scopes,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": true,
    }))
    .into_response()
}
