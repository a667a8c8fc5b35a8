//! The OpenAPI description of `/api/v1`, generated from the handlers: every route is registered
//! through `utoipa_axum`'s `routes!`, which serves it and describes it in one step, so a route
//! cannot be served without being described. Served at `GET /api/v1/openapi.json`.

use std::sync::Arc;

use axum::{
    Extension, Router,
    http::header,
    response::{IntoResponse, Response},
};
use tower_http::limit::RequestBodyLimitLayer;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{AppState, api, bests, gear, maps, stats, sync};

/// The document's frame: what the API is for, its servers and tags; the paths come from the
/// routers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Laps API",
        version = "1",
        description = "For companion apps, agents and scripts that send workouts to a Laps server and read them back: file uploads, workouts and their exports, statistics, and Bluetooth Smart sensor data as raw GATT notifications (Heart Rate Measurement 0x2A37, Running Speed and Cadence 0x2A53, Cycling Speed and Cadence 0x2A5B, Cycling Power Measurement 0x2A63), decoded by the server per the Bluetooth SIG specifications. Authenticate with a personal access token (Settings → Access tokens, or `laps token add --user NAME --scope upload,sync --json`) as `Authorization: Bearer lpt_…`; apps that cannot set headers may send `?access_token=lpt_…` instead (less safe: URLs end up in logs). The signed-in browser uses its session cookie (and the CSRF header)."
    ),
    servers((url = "/")),
    modifiers(&SecuritySchemes),
    tags(
        (name = "workouts", description = "Uploads, workouts, charts and exports."),
        (name = "answers", description = "Records (best efforts over distances and durations), mean-max power, pace and heart-rate curves, and the fitness model (load, fitness, fatigue, form)."),
        (name = "gear", description = "Shoes, bikes and other gear: totals, wear, defaults per sport, a workout's gear."),
        (name = "stats", description = "Statistics: totals per week, month or year beside the same period a year earlier, streaks of days, a year's days for a heatmap."),
        (name = "sync", description = "Bluetooth sensor sessions and daily activity."),
        (name = "me", description = "The signed-in account's connected apps."),
        (name = "meta", description = "This description."),
    )
)]
struct ApiDoc;

/// The ways to authenticate, named by the operations' `security`.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A personal access token (`lpt_…`) with the scope the operation names.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "query",
            SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::with_description(
                "access_token",
                "The same token in the URL, for apps that cannot set headers.",
            ))),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "laps_session",
                "The signed-in browser's session (state-changing requests also need the CSRF header).",
            ))),
        );
    }
}

/// The serialised description, shared by every request for it.
#[derive(Clone)]
struct Description(Arc<str>);

/// `GET /api/v1/openapi.json`: this description, for companion-app authors.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 description of `/api/v1`.", content_type = "application/json")))]
async fn openapi(Extension(Description(text)): Extension<Description>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        text.to_string(),
    )
        .into_response()
}

/// Every `/api/v1` route, and its description: the routers are merged here and the document
/// is made from what they registered.
pub fn routes(state: &AppState) -> Router<AppState> {
    let sync_limit = state.config.max_body_bytes.max(8 << 20);
    let (router, description) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(api::routes(state))
        .merge(gear::routes().layer(RequestBodyLimitLayer::new(state.config.max_body_bytes)))
        .merge(bests::routes())
        .merge(maps::routes())
        .merge(stats::routes())
        .merge(sync::routes().layer(RequestBodyLimitLayer::new(sync_limit)))
        .routes(routes!(openapi))
        .split_for_parts();
    let text = description
        .to_json()
        .expect("an OpenAPI document always serialises");
    router.layer(Extension(Description(text.into())))
}
