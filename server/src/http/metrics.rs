//! `GET /metrics`: the Prometheus scrape (`crate::metrics`), routed only when `--metrics` is
//! on (off, the path is as unknown as any other), and answered only to a connection whose
//! peer address is in `metrics_allowed_networks`.
//!
//! The peer is the TCP connection's own address: `X-Forwarded-For` is never believed here,
//! even with `trust_forwarded_for` (a client sets that header to whatever it likes, and
//! behind a proxy every request would otherwise look like the proxy's network). Others get
//! 403 rather than 404: that Laps has metrics is no secret (it is in the README), and a
//! scraper configured on the wrong network then says so plainly instead of seeming to find
//! metrics off.

use std::net::SocketAddr;

use axum::{
    Router,
    extract::{ConnectInfo, Request, State},
    http::header,
    response::{IntoResponse, Response},
    routing::get,
};

use super::{ApiError, AppState};
use crate::metrics::text::CONTENT_TYPE;

/// The route, when metrics are on.
pub fn routes(state: &AppState) -> Router<AppState> {
    match state.metrics {
        Some(_) => Router::new().route("/metrics", get(scrape)),
        None => Router::new(),
    }
}

/// The metrics, in the text format, or 403 for a peer outside the allowed networks.
#[tracing::instrument(skip_all)]
async fn scrape(State(state): State<AppState>, request: Request) -> Response {
    let (Some(metrics), Some(config)) = (&state.metrics, &state.config.metrics) else {
        return ApiError::NotFound.into_response();
    };
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    if !peer.is_some_and(|ip| config.allowed_networks.allows(ip)) {
        tracing::info!(
            peer = ?peer,
            allowed = %config.allowed_networks,
            "metrics refused to a peer outside metrics_allowed_networks"
        );
        return ApiError::Forbidden(
            "Metrics are served only to the networks in metrics_allowed_networks.",
        )
        .into_response();
    }
    (
        [
            (header::CONTENT_TYPE, CONTENT_TYPE),
            // Every scrape is a new reading.
            (header::CACHE_CONTROL, "no-store"),
        ],
        metrics.render().await,
    )
        .into_response()
}
