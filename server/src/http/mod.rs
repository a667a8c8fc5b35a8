//! The HTTP side of `laps`: one router, its middleware, and the handlers that are not Leptos
//! pages.
//!
//! A request passes, outermost first: panic catcher → request id → tracing span → body limit →
//! gate → access log → response compression → server timing → security headers → client address → CSRF check → sessions → the route (a
//! Leptos page, a server function, the JSON API, a static file or `/healthz`).

mod access_log;
mod api;
mod assets;
mod bests;
mod caller;
mod client_addr;
mod compression;
mod csrf;
mod error;
mod form_flash;
mod gate;
mod gear;
mod headers;
mod health;
mod leptos;
mod locale;
mod maps;
mod metrics;
mod oauth;
mod openapi;
mod security_headers;
mod server_timing;
mod session_store;
mod stats;
mod sync;
mod upload_stream;
pub(crate) mod v3;

use std::sync::Arc;

use axum::{Router, extract::FromRef, middleware, routing::get};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

pub use assets::Assets;
pub use error::ApiError;
pub use gate::Gates;
pub use session_store::DbSessionStore;

use crate::config::Config;

/// What every handler may need. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Account operations over the store.
    pub accounts: auth::Accounts,
    /// Leptos' options (site folder, output name, hashed file names).
    pub leptos_options: ::leptos::config::LeptosOptions,
    /// The built front end's file names.
    pub assets: Arc<Assets>,
    /// The resolved configuration.
    pub config: Arc<Config>,
    /// Workout import, queries and exports.
    pub workouts: workouts::Workouts,
    /// The OAuth authorization server for partner apps.
    pub partners: partner::Partners,
    /// The partner API's rate-limit counters.
    pub rate_limits: v3::RateLimits,
    /// Sends webhook PINGs (deliveries run in `crate::webhooks`).
    pub webhooks: crate::webhooks::Sender,
    /// How many requests, and heavy requests, are served at once.
    pub gates: Gates,
    /// Where the sessions are kept (the same store, opened at startup).
    pub sessions: DbSessionStore,
    /// The Prometheus registry, when `--metrics` is on.
    pub metrics: Option<crate::metrics::Metrics>,
}

impl FromRef<AppState> for ::leptos::config::LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Builds the whole application router.
pub fn router(state: AppState) -> Router {
    let config = Arc::clone(&state.config);
    let sessions = SessionManagerLayer::new(state.sessions.clone())
        .with_name("laps_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.public_url.is_https())
        .with_expiry(Expiry::OnInactivity(
            time::Duration::try_from(config.session_idle).unwrap_or(time::Duration::days(30)),
        ));

    let request_id = http::HeaderName::from_static("x-request-id");
    let outer = ServiceBuilder::new()
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
        .layer(PropagateRequestIdLayer::new(request_id))
        .layer(TraceLayer::new_for_http().make_span_with(crate::telemetry::request_span))
        // The largest any route accepts; each router below sets its own, smaller, limit.
        .layer(RequestBodyLimitLayer::new(
            config.max_body_bytes.max(config.max_upload_bytes),
        ))
        // Back to axum's body type for the layers and handlers below.
        .map_request(|request: http::Request<_>| request.map(axum::body::Body::new))
        .layer(middleware::from_fn_with_state(
            state.gates.clone(),
            gate::layer,
        ))
        // Inside the request's span, so the line carries the request id. The request metrics
        // are recorded with the line: the same route, status and duration.
        .layer(middleware::from_fn_with_state(
            state.metrics.clone(),
            access_log::layer,
        ))
        // Inside the access log, which then counts the bytes that went out.
        .layer(compression::layer())
        .layer(middleware::from_fn(server_timing::layer))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&config),
            security_headers::layer,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&config),
            client_addr::layer,
        ))
        // Before the sessions: a request exempt from the check has its cookies taken away
        // here, so the session layer never sees them.
        .layer(middleware::from_fn_with_state(
            Arc::clone(&config),
            csrf::layer,
        ))
        .layer(sessions)
        .layer(middleware::from_fn_with_state(
            config.session_idle,
            session_store::keep_alive,
        ));

    let pages = Router::new()
        .route("/healthz", get(health::healthz))
        .merge(metrics::routes(&state))
        .merge(assets::routes(&state))
        .merge(leptos::routes(&state))
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes));
    // The partner API takes small JSON bodies (webhook settings, registrations).
    let partner_api = Router::new()
        .merge(oauth::routes())
        .merge(v3::routes(&state))
        .layer(RequestBodyLimitLayer::new(64 * 1024));
    Router::new()
        .merge(openapi::routes(&state))
        .merge(partner_api)
        .merge(pages)
        .with_state(state)
        .layer(outer)
}
