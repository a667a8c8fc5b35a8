//! Logging: a `tracing` subscriber, and the span every HTTP request runs in.

use axum::http::Request;
use tracing::Span;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

use crate::config::LogFormat;

/// Installs the global subscriber. Call once, first thing.
pub fn init(filter: &str, format: LogFormat) {
    // sqlx logs every statement at info; keep that for when someone asks for it.
    let filter = EnvFilter::try_new(format!("sqlx=warn,tower_sessions_core=warn,{filter}"))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match format {
        LogFormat::Pretty => registry
            .with(fmt::layer().with_writer(std::io::stderr))
            .try_init(),
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_writer(std::io::stderr),
            )
            .try_init(),
    };
    // Tests start several servers in one process; the first subscriber stays.
    drop(result);
}

/// The span of one request: method, path (never the query string, which may carry tokens) and
/// request id. Headers are not recorded: they carry cookies.
pub fn request_span<B>(request: &Request<B>) -> Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = request.uri().path(),
        request_id,
    )
}
