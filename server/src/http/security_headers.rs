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
///
/// `form_target` is one more origin forms may lead to: the OAuth consent form's answer is a
/// redirect to the partner, and browsers apply `form-action` to where a form's redirect goes.
///
/// `tile_origins` are where map tiles come from (`--map-tiles`): images may load from exactly
/// those, and from nowhere else outside this site.
pub fn content_security_policy(
    nonce: &str,
    form_target: Option<&str>,
    tile_origins: &str,
) -> String {
    let extra = form_target.map(|t| format!(" {t}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{tile_origins}; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'{extra}; frame-ancestors 'none'"
    )
}

/// The tile origins for the policy's `img-src`, each after a space; empty without tiles. The
/// template's parser let only plain `scheme://host[:port]` origins through.
fn tile_origins(config: &Config) -> String {
    config
        .map
        .iter()
        .flat_map(|layer| layer.template.origins())
        .filter(|origin| is_plain_source(origin))
        .map(|origin| format!(" {origin}"))
        .collect()
}

/// A page sets this response header (which never leaves the server) to let its forms lead to
/// one more origin; see [`content_security_policy`].
pub const FORM_TARGET: &str = "x-laps-form-target";

/// Only a bare `scheme://host[:port]` or `scheme:` source passes into the policy.
fn is_plain_source(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b':' | b'/' | b'.' | b'-' | b'+' | b'[' | b']')
        })
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
    let form_target = headers
        .remove(FORM_TARGET)
        .and_then(|v| v.to_str().ok().map(str::to_owned))
        .filter(|t| is_plain_source(t));
    let mut set = |name: HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.entry(name).or_insert(value);
        }
    };
    set(
        header::CONTENT_SECURITY_POLICY,
        &content_security_policy(&nonce, form_target.as_deref(), &tile_origins(&config)),
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
