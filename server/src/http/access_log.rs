//! The access log: one `info` line per request (target `laps::access`) once its answer has
//! been sent: method, route template (`/workouts/{id}`, never the query string, where tokens
//! may travel), status, bytes sent and duration, inside the request's span (its id). No header
//! is written: cookies and `Authorization` travel there.
//!
//! When metrics are on, the same observation is counted in `laps_http_request_duration_seconds`
//! (route template, never the path: `unmatched` when no route matched).

use std::time::Instant;

use axum::{
    body::{Body, HttpBody as _},
    extract::{MatchedPath, Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};
use futures::StreamExt as _;
use tracing::Span;

use crate::metrics::Metrics;

/// Logs (and counts) the request when its body has gone out (or the client left).
pub async fn layer(
    State(metrics): State<Option<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned());
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    // The counted stream has no length of its own: the one the body had is kept, so downloads
    // still say their size (and are not sent chunked).
    let status = parts.status;
    let bodiless = status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED;
    if let Some(length) = body.size_hint().exact()
        && !bodiless
        && !parts.headers.contains_key(header::CONTENT_LENGTH)
    {
        parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    let mut line = Line {
        method,
        route,
        status: parts.status.as_u16(),
        bytes: 0,
        started,
        span: Span::current(),
        metrics,
    };
    let counted = body.into_data_stream().map(move |chunk| {
        // The whole line moves into the stream (not just its counter), to be written when the
        // stream is dropped.
        let line = &mut line;
        if let Ok(data) = &chunk {
            line.bytes += data.len() as u64;
        }
        chunk
    });
    Response::from_parts(parts, Body::from_stream(counted))
}

/// What the line says, written when the body is dropped: after its last byte, or when the
/// client went away.
struct Line {
    method: Method,
    route: Option<String>,
    status: u16,
    bytes: u64,
    started: Instant,
    span: Span,
    metrics: Option<Metrics>,
}

impl Drop for Line {
    fn drop(&mut self) {
        let _in_request = self.span.enter();
        tracing::info!(
            target: "laps::access",
            method = %self.method,
            route = self.route.as_deref().unwrap_or("-"),
            status = self.status,
            bytes = self.bytes,
            ms = format_args!("{:.1}", self.started.elapsed().as_secs_f64() * 1000.0),
            "request"
        );
        if let Some(metrics) = &self.metrics {
            metrics.request(
                &self.method,
                self.route.take(),
                self.status,
                self.started.elapsed(),
            );
        }
    }
}
