//! The map of all routes under `/api/v1`: the routes as encoded polylines, and the same drawn
//! as an SVG (what pages show without script or map tiles). Reading takes the session or a
//! token with the read scope. Thin: `workouts::Workouts` does the work.

// See api.rs: the code `#[utoipa::path]` generates for `params(QueryType)` trips this lint.
#![allow(unused_qualifications)]

use axum::{
    Json,
    body::Body,
    extract::{Query, State},
    http::{HeaderValue, header},
    response::Response,
};
use domain::MapRoutes;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};
use workouts::RouteFilter;

use super::{
    ApiError, AppState,
    bests::{day, sport},
    caller::{Authorized, CanRead},
    error::{ErrorBody, Result},
};

/// The OpenAPI tag of these routes.
const TAG: &str = "answers";

/// The routes, each described in the OpenAPI document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(map_routes))
        .routes(routes!(map_svg))
}

/// Which workouts' routes.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct RouteQuery {
    /// Only this sport (`running`, `cycling`, …); all when absent.
    sport: Option<String>,
    /// The first local day, `YYYY-MM-DD`; inclusive.
    from: Option<String>,
    /// The last local day, `YYYY-MM-DD`; inclusive.
    to: Option<String>,
}

impl RouteQuery {
    fn filter(&self) -> Result<RouteFilter> {
        let filter = RouteFilter {
            sport: sport(self.sport.as_deref())?,
            from: day("from", self.from.as_deref())?,
            to: day("to", self.to.as_deref())?,
        };
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && from > to
        {
            return Err(ApiError::BadRequest(format!(
                "from ({from}) is after to ({to})."
            )));
        }
        Ok(filter)
    }
}

/// `GET /api/v1/routes`: the routes of the athlete's workouts with GPS.
#[utoipa::path(get, path = "/api/v1/routes", tag = TAG,
    params(RouteQuery),
    responses(
        (status = 200, description = "The newest `max_routes` (500) routes the filter lets \
            through, newest first, each simplified to at most `max_points` (200) points and \
            encoded as a polyline (Google's algorithm, precision 5); `matching` counts every \
            route the filter lets through.", body = MapRoutes),
        (status = 400, description = "A filter is not understood; the text says which.", body = ErrorBody),
        (status = 401, description = "Neither signed in nor a token.", body = ErrorBody),
        (status = 403, description = "The token lacks the read scope.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn map_routes(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Query(q): Query<RouteQuery>,
) -> Result<Json<MapRoutes>> {
    Ok(Json(state.workouts.map_routes(user.id, q.filter()?).await?))
}

/// `GET /api/v1/routes.svg`: the same routes drawn over one another.
#[utoipa::path(get, path = "/api/v1/routes.svg", tag = TAG,
    params(RouteQuery),
    responses(
        (status = 200, description = "The routes drawn without map tiles, around where most \
            of them are.", content_type = "image/svg+xml"),
        (status = 400, description = "A filter is not understood; the text says which.", body = ErrorBody),
        (status = 401, description = "Neither signed in nor a token.", body = ErrorBody),
        (status = 404, description = "No route matches.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn map_svg(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Query(q): Query<RouteQuery>,
) -> Result<Response> {
    let routes = state.workouts.map_routes(user.id, q.filter()?).await?;
    let svg = workouts::maps::routes_svg(&routes).ok_or(ApiError::NotFound)?;
    let mut response = Response::new(Body::from(svg));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    // Private: another account must never get it from a shared cache.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=60"),
    );
    Ok(response)
}
