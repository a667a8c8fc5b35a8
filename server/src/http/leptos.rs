//! The Leptos pages and server functions, with the server's context provided to them.

use app::{App, AppError};
use axum::{
    Router,
    body::{Body, to_bytes},
    extract::{Request, State},
    http::StatusCode,
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use leptos::prelude::*;
use std::sync::OnceLock;
use tracing::Instrument as _;

use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};

use super::{AppState, security_headers::CspNonce};

/// What server functions and pages find in their Leptos context.
fn context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let accounts = state.accounts.clone();
    let workouts = state.workouts.clone();
    let partners = state.partners.clone();
    // The map is on when tiles are configured and the site has the map's files.
    let map = state
        .config
        .map
        .clone()
        .zip(state.assets.map.clone())
        .map(|(tiles, files)| app::components::MapSetup {
            tiles,
            leaflet_js: files.leaflet_js,
            leaflet_css: files.leaflet_css,
            glue_js: files.glue_js,
        });
    move || {
        provide_context(accounts.clone());
        provide_context(workouts.clone());
        provide_context(partners.clone());
        if let Some(map) = &map {
            provide_context(map.clone());
        }
        let parts = use_context::<http::request::Parts>();
        // The CSP nonce of this request, for the inline scripts Leptos writes.
        if let Some(nonce) = parts
            .as_ref()
            .and_then(|p| p.extensions.get::<CspNonce>().cloned())
        {
            provide_context(Nonce::from_value(nonce.0));
        }
        // The language to render in (the locale layer decided it; a request that did not pass
        // it is answered in the browser's).
        let language = parts.as_ref().and_then(|p| {
            p.extensions
                .get::<domain::Language>()
                .copied()
                .or_else(|| super::locale::from_browser(&p.headers))
        });
        provide_context(language.unwrap_or_default());
        // A form refused a moment ago on this page: its error and what was typed.
        if let Some(kept) = parts.and_then(|p| p.extensions.get::<app::KeptForm>().cloned()) {
            kept.provide();
        }
    }
}

fn shell(state: &AppState) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    let options = state.leptos_options.clone();
    let css_href = state.assets.css_href.clone();
    move || app::shell(options.clone(), css_href.clone()).into_any()
}

/// The app's route list, generated once per process.
///
/// Generating it renders the app with resource loading suppressed through a process-global
/// flag in leptos_server (leptos-rs/leptos#4773): a page rendered by another server in the same
/// process at that moment would wait forever. One generation, before any server runs, avoids
/// that (it matters when tests start many servers in one process).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Leptos runs resources and `Suspend`s as tasks it spawns. Spawned plainly, such a task loses
/// the request's span, and what it logs (an error, a service's span) cannot be told apart from
/// other requests'. This executor spawns each task on tokio inside the span of whoever spawned
/// it, so a page's work stays under its request's id.
struct InRequestSpan;

impl any_spawner::CustomExecutor for InRequestSpan {
    fn spawn(&self, fut: any_spawner::PinnedFuture<()>) {
        tokio::spawn(fut.in_current_span());
    }

    fn spawn_local(&self, fut: any_spawner::PinnedLocalFuture<()>) {
        tokio::task::spawn_local(fut.in_current_span());
    }

    fn poll_local(&self) {
        // Tokio drives its tasks itself.
    }
}

/// Page routes, server-function routes and the not-found fallback.
pub fn routes(state: &AppState) -> Router<AppState> {
    // Once per process, before leptos_axum would install its plain tokio executor (it ignores
    // that one is set already). Later servers in the same process find it set: nothing to do.
    any_spawner::Executor::init_custom_executor(InRequestSpan).ok();
    let routes = route_list();
    Router::new()
        .leptos_routes_with_context(state, routes, context(state), shell(state))
        .layer(middleware::from_fn(server_fn_status))
        // Outside the status mapping: it sees the redirect a failed form gets.
        .layer(middleware::from_fn_with_state(
            std::sync::Arc::clone(&state.config),
            super::form_flash::layer,
        ))
        .fallback(not_found)
        // Outermost, with the fallback inside: the not-found page speaks the visitor's language.
        .layer(middleware::from_fn_with_state(
            state.accounts.clone(),
            super::locale::layer,
        ))
}

/// Server functions answer every error with 500; this gives each the status its [`AppError`]
/// stands for (400 for a refused field, 401, 403, 429), so only real failures are 500s.
async fn server_fn_status(request: Request, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 64 * 1024).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(AppError::Internal),
        )
            .into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Any other path: the app renders its "not found" page (with status 404).
async fn not_found(State(state): State<AppState>, request: Request) -> Response {
    let handler = leptos_axum::render_app_to_stream_with_context(context(&state), shell(&state));
    handler(request).await.into_response()
}
