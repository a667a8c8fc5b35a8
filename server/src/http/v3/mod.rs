//! The Polar AccessLink v3-compatible resource API under `/v3`.
//!
//! Clients written for AccessLink work against it with only their base URLs changed (see
//! `../shared/PARTNER_API.md` §5). A middleware ([`auth::authenticate`]) authenticates every
//! request once, by bearer token (`/v3/users/…`, `/v3/exercises…`) or by the partner's client
//! credentials in a Basic header (`/v3/notifications`, `/v3/webhooks…`), applies the partner's
//! rate limit, and adds the `RateLimit-*` headers; handlers take what it found through the
//! extractors of [`auth`], which also check scope, user and registration. Paths are typed
//! ([`paths`]), answers are typed structs with AccessLink's spelling, and every error is
//! AccessLink's error object ([`error::V3Error`]).
//!
//! Every route is registered through [`utoipa_axum::routes!`] from its `#[utoipa::path]`, so
//! the OpenAPI description served at `/v3/openapi.json` is the route table itself.

mod auth;
mod error;
mod exercises;
mod open;
mod paths;
mod rate_limit;
mod samples;
mod transactions;
mod users;
mod webhooks;

use axum::{Json, Router, middleware, routing::any};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{Http, HttpAuthScheme, SecurityScheme},
};
use utoipa_axum::{
    router::{OpenApiRouter, UtoipaMethodRouter, UtoipaMethodRouterExt},
    routes,
};

pub use rate_limit::RateLimits;

use super::AppState;

/// The document's title, version and security schemes; the paths come from the routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Laps partner API (Polar AccessLink v3-compatible)",
        description = "What partner apps read once a user has connected them: users, \
                       transactions, exercises, daily activity and webhooks."
    ),
    modifiers(&SecuritySchemes)
)]
struct ApiDoc;

/// Bearer tokens for users' resources, the partner's client credentials for its own.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        components.add_security_scheme(
            "basic",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Basic)),
        );
    }
}

/// Other methods on a described path get AccessLink's 404 object, like unknown paths.
fn served(route: UtoipaMethodRouter<AppState>) -> UtoipaMethodRouter<AppState> {
    route.map(|method_router| method_router.fallback(error::unknown))
}

/// The described routes: the router and the OpenAPI document of exactly these.
fn described() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(served(routes!(users::register)))
        .routes(served(routes!(users::get, users::deregister)))
        .routes(served(routes!(users::sleep)))
        .routes(served(routes!(users::recharge)))
        .routes(served(routes!(users::activities)))
        .routes(served(routes!(users::activity_day)))
        .routes(served(routes!(transactions::notifications)))
        .routes(served(routes!(transactions::create)))
        .routes(served(routes!(transactions::list, transactions::commit)))
        .routes(served(routes!(transactions::item)))
        .routes(served(routes!(transactions::activity_samples)))
        .routes(served(routes!(exercises::transaction_file)))
        .routes(served(routes!(exercises::transaction_sample)))
        .routes(served(routes!(exercises::list)))
        .routes(served(routes!(exercises::one)))
        .routes(served(routes!(exercises::file)))
        .routes(served(routes!(webhooks::read, webhooks::create)))
        .routes(served(routes!(webhooks::activate)))
        .routes(served(routes!(webhooks::deactivate)))
        .routes(served(routes!(webhooks::update, webhooks::delete)))
        .split_for_parts()
}

/// The `/v3` routes: the described ones behind the authentication middleware, AccessLink's 404
/// for any other `/v3` path, and the description itself (public, like AccessLink's).
pub fn routes(state: &AppState) -> Router<AppState> {
    let (router, document) = described();
    let document = Json(document);
    router
        // Not a resource: the answer to any path that is not described.
        .route("/v3", any(error::unknown))
        .route("/v3/{*rest}", any(error::unknown))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        // The description of the routes above, outside the authentication layer.
        .route(
            "/v3/openapi.json",
            axum::routing::get(move || async move { document }),
        )
}
