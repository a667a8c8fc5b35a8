//! `Server-Timing: app;dur=…` on every response: the time the server spent, as browsers' dev
//! tools and the load tool (`laps-load`) read it, so server time is measured apart from the
//! network.

use std::time::Instant;

use axum::{extract::Request, http::HeaderValue, middleware::Next, response::Response};

/// Times the rest of the stack. For a streamed body this is the time to the first byte.
pub async fn layer(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let mut response = next.run(request).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(value) = HeaderValue::from_str(&format!("app;dur={ms:.3}")) {
        response.headers_mut().append("server-timing", value);
    }
    response
}
