//! Cross-site request forgery protection for every state-changing request.
//!
//! Double-submit: a random token lives in an HttpOnly, SameSite=Strict cookie; a POST, PUT,
//! PATCH or DELETE must repeat it in the `x-csrf-token` header or, for a form, in the
//! `csrf_token` field. Another site can make a browser send our cookie but cannot read it, so it
//! cannot fill in the field. This works before sign-in too (sign-in forms are protected), and
//! needs no server-side state. With an https public URL the cookie gets the `__Host-` prefix, so
//! a sibling subdomain cannot plant one.
//!
//! Pages carry the token masked: a fresh random mask and the token XORed with it, different in
//! every response, so a compressed page's size tells an eavesdropper nothing about the token
//! (BREACH). Either form is accepted back: the raw token is never rendered, only the cookie
//! holds it.
//!
//! A request is exempt only when something else authenticates it: a `Bearer` token in the
//! `Authorization` header (a browser never adds one to a cross-site request by itself), a
//! personal access token in the query (`/api/v1/…?access_token=lpt_…`), or a path that
//! authenticates clients itself and never reads cookies (`/oauth/token`, …, and `/v3`). An exempt
//! request has its cookies removed before the session layer sees them, so the token is the only
//! thing that can authenticate it: sending `Authorization: Basic …` or a junk bearer along with
//! the victim's cookie gains a forger nothing (this layer runs outside the session layer for
//! that reason).

use std::sync::Arc;

use app::{CsrfToken, csrf};
use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore as _;
use subtle::ConstantTimeEq as _;

use super::ApiError;
use crate::config::Config;

/// Form bodies larger than this are not searched for the token (forms here are tiny; uploads
/// send the header instead).
const MAX_FORM_BYTES: usize = 64 * 1024;

fn cookie_name(config: &Config) -> &'static str {
    if config.public_url.is_https() {
        "__Host-laps_csrf"
    } else {
        "laps_csrf"
    }
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn cookie_token(headers: &HeaderMap, name: &str) -> Option<String> {
    super::headers::cookie(headers, name)
        // Only our own format: 43 URL-safe base64 characters.
        .filter(|value| {
            value.len() == 43
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

fn form_token(body: &[u8]) -> Option<String> {
    form_urlencoded_pairs(body)
        .find(|(key, _)| key == csrf::FIELD)
        .map(|(_, value)| value)
}

/// Decodes `application/x-www-form-urlencoded` pairs (`+` is a space, `%XX` a byte).
fn form_urlencoded_pairs(body: &[u8]) -> impl Iterator<Item = (String, String)> + '_ {
    fn decode(raw: &[u8]) -> String {
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            match raw[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < raw.len() => {
                    let hex = std::str::from_utf8(&raw[i + 1..i + 3]).ok();
                    match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        Some(byte) => {
                            out.push(byte);
                            i += 2;
                        }
                        None => out.push(b'%'),
                    }
                }
                byte => out.push(byte),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    body.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let mut parts = pair.splitn(2, |&b| b == b'=');
            let key = decode(parts.next().unwrap_or_default());
            let value = decode(parts.next().unwrap_or_default());
            (key, value)
        })
}

/// Whether the request carries `Authorization: Bearer <something>`.
fn has_bearer(headers: &HeaderMap) -> bool {
    super::caller::bearer_token(headers).is_some()
}

/// Whether `submitted` is the cookie's token, raw or masked.
fn matches(expected: &str, submitted: Option<&str>) -> bool {
    let Some(submitted) = submitted else {
        return false;
    };
    if submitted.len() == expected.len() {
        return bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()));
    }
    let (Ok(expected), Ok(masked)) = (
        URL_SAFE_NO_PAD.decode(expected),
        URL_SAFE_NO_PAD.decode(submitted),
    ) else {
        return false;
    };
    if masked.len() != 2 * expected.len() {
        return false;
    }
    let (mask, token) = masked.split_at(expected.len());
    let unmasked: Vec<u8> = mask.iter().zip(token).map(|(m, t)| m ^ t).collect();
    bool::from(expected.ct_eq(&unmasked))
}

/// The token as a page carries it: a random mask, then the token XORed with the mask.
fn masked(token: &str) -> String {
    let Ok(raw) = URL_SAFE_NO_PAD.decode(token) else {
        return token.to_owned();
    };
    let mut mask = vec![0u8; raw.len()];
    rand::rng().fill_bytes(&mut mask);
    let masked: Vec<u8> = raw.iter().zip(&mask).map(|(t, m)| t ^ m).collect();
    URL_SAFE_NO_PAD.encode([mask, masked].concat())
}

const REFUSAL: &str =
    "This form has expired or was sent from another site. Go back, reload the page and try again.";

/// Attaches the token to the request (for rendering) and checks it on state-changing requests.
pub async fn layer(State(config): State<Arc<Config>>, request: Request, next: Next) -> Response {
    let name = cookie_name(&config);
    let existing = cookie_token(request.headers(), name);
    let token = existing.clone().unwrap_or_else(new_token);

    let (mut parts, body) = request.into_parts();
    let unsafe_method = !matches!(
        parts.method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    let exempt = has_bearer(&parts.headers)
        || super::oauth::is_cookieless(parts.uri.path())
        || (parts.uri.path().starts_with("/api/v1/")
            && super::caller::query_token(parts.uri.query()).is_some());
    if exempt {
        parts.headers.remove(header::COOKIE);
    }
    let body = if unsafe_method && !exempt {
        let header_token = parts
            .headers
            .get(csrf::HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        // A file-upload form without script cannot set a header or be searched cheaply (its
        // body is large): it carries the token in its action URL.
        let header_token = header_token.or_else(|| {
            is_multipart(&parts.headers)
                .then(|| parts.uri.query())
                .flatten()
                .and_then(|q| form_token(q.as_bytes()))
        });
        let (submitted, body) = if header_token.is_none() && super::headers::is_form(&parts.headers)
        {
            let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
                return ApiError::Forbidden(REFUSAL).into_response();
            };
            (form_token(&bytes), Body::from(bytes))
        } else {
            (header_token, body)
        };
        // Without a cookie there is nothing to compare with: a request that never saw our page.
        let valid = existing
            .as_deref()
            .is_some_and(|expected| matches(expected, submitted.as_deref()));
        if !valid {
            tracing::warn!(method = %parts.method, path = parts.uri.path(), "CSRF check failed");
            return ApiError::Forbidden(REFUSAL).into_response();
        }
        body
    } else {
        body
    };

    parts.extensions.insert(CsrfToken(masked(&token)));
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if existing.is_none() {
        let secure = if config.public_url.is_https() {
            "; Secure"
        } else {
            ""
        };
        // A year: the token is not a credential by itself, and a stable one keeps open tabs valid.
        let cookie =
            format!("{name}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000{secure}");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_found_in_a_form_body() {
        let body = b"username=ada&csrf_token=abc%2Ddef+g&password=x";
        assert_eq!(form_token(body).as_deref(), Some("abc-def g"));
        assert_eq!(form_token(b"username=ada"), None);
        assert_eq!(form_token(b"csrf_token=%zz%2"), Some("%zz%2".to_owned()));
    }

    #[test]
    fn only_well_formed_cookies_count() {
        let mut headers = HeaderMap::new();
        let good = new_token();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; laps_csrf={good}")).unwrap(),
        );
        assert_eq!(cookie_token(&headers, "laps_csrf"), Some(good));
        headers.insert(header::COOKIE, HeaderValue::from_static("laps_csrf=short"));
        assert_eq!(cookie_token(&headers, "laps_csrf"), None);
    }

    #[test]
    fn only_a_bearer_token_exempts() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
            has_bearer(&headers)
        };
        assert!(with("Bearer lpt_abc"));
        assert!(with("bearer lpt_abc"));
        for other in [
            "Basic YTpi",
            "Negotiate abc",
            "Bearer ",
            "Bearer",
            "lpt_abc",
        ] {
            assert!(!with(other), "{other}");
        }
        assert!(!has_bearer(&HeaderMap::new()));
    }

    #[test]
    fn comparison_needs_an_equal_token() {
        assert!(matches("abc", Some("abc")));
        assert!(!matches("abc", Some("abd")));
        assert!(!matches("abc", None));
        assert!(!matches("abc", Some("")));
    }

    #[test]
    fn pages_carry_a_different_masked_token_each_time_and_it_is_accepted() {
        let token = new_token();
        let (first, second) = (masked(&token), masked(&token));
        assert_ne!(first, second, "a fresh mask per response");
        assert!(!first.contains(&token));
        assert!(matches(&token, Some(&first)));
        assert!(matches(&token, Some(&second)));
        let other = masked(&new_token());
        assert!(!matches(&token, Some(&other)), "another browser's token");
        let mut tampered = first.clone().into_bytes();
        tampered[50] = if tampered[50] == b'A' { b'B' } else { b'A' };
        assert!(!matches(
            &token,
            Some(std::str::from_utf8(&tampered).unwrap())
        ));
        assert!(!matches(&token, Some(&first[..60])), "a truncated token");
    }
}
