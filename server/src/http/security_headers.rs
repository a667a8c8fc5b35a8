//! Security headers on every response, and the per-request script nonce of the CSP.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    http::{HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore as _;

use crate::config::Config;

/// The nonce the page's inline scripts (Leptos' hydration bootstrap and resource data) carry;
/// the Leptos shell reads it from the request to put it on those scripts.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

fn nonce() -> String {
    let mut bytes = [0u8; 18];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The Content-Security-Policy for a response whose scripts carry `nonce`.
///
/// Scripts: our own files and nonce-tagged inline scripts only; `'wasm-unsafe-eval'` lets the
/// browser compile our WebAssembly (and nothing else). Styles allow inline `style` attributes,
/// which charts use; they cannot run code. No framing, no plugins, forms post only to us.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Adds the headers; a handler's own value for a header wins.
pub async fn layer(
    State(config): State<Arc<Config>>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = nonce();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.entry(name).or_insert(value);
        }
    };
    set(
        header::CONTENT_SECURITY_POLICY,
        &content_security_policy(&nonce),
    );
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Same-origin requests keep the full referrer: a form posted without JavaScript is sent back
    // to the page it came from.
    set(header::REFERRER_POLICY, "same-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    if config.public_url.is_https() {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    response
}
