//! A failed form comes back clean: what was typed kept, the URL the page's own.
//!
//! The pages are rendered on the server (only islands run script), so every form posts as
//! plain HTML, and Leptos answers a failed one by redirecting back to the page with the error
//! in the query (`?__path=/api/sign_in&__err=…`), which stays in the address bar and in the
//! history, and the fields come back empty. This layer moves the error, and the fields that
//! are safe to echo, into a short-lived cookie instead (post/redirect/get with a flash):
//!
//! - a form post (`application/x-www-form-urlencoded`, asking for HTML) to a server function
//!   that answers with that redirect gets the clean `Location` and a `laps_form` cookie holding
//!   the page, the function, its error and the typed fields (never a password, a secret or the
//!   CSRF token);
//! - the next page request takes the cookie (and clears it): if it is for that page, the error
//!   and the fields go to the page through the request's extensions ([`app::KeptForm`]).
//!
//! Nothing here is trusted more than the query was: the cookie can only make a page show an
//! error message and prefill fields, both escaped like any text, for the browser that holds it.

use std::sync::Arc;

use app::KeptForm;
use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, header},
    middleware::Next,
    response::Response,
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};

use super::headers::{cookie, is_form};
use crate::config::Config;

/// Form bodies larger than this are passed on without keeping their fields.
const MAX_FORM_BYTES: usize = 64 * 1024;
/// A kept value longer than this is dropped (a cookie holds about 4 KB).
const MAX_VALUE_CHARS: usize = 256;
/// At most this many fields are kept.
const MAX_FIELDS: usize = 16;
/// The cookie outlives the redirect only briefly.
const MAX_AGE_S: u32 = 60;
/// The cookie's value stays under this many bytes (browsers drop cookies over 4 KB, and
/// proxies' header buffers are often 4 KB): fields are dropped, longest first, to fit, and a
/// page URL too long even so keeps Leptos' own redirect (the error in the query).
const MAX_COOKIE_BYTES: usize = 3000;
/// Query parameters that announce a success: a failed form does not bring them back.
const STATUS_PARAMS: [&str; 3] = ["done", "moved", "user"];

fn cookie_name(config: &Config) -> &'static str {
    if config.public_url.is_https() {
        "__Host-laps_form"
    } else {
        "laps_form"
    }
}

/// Whether a field's value may be written back into the page.
fn keepable(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    !(name == app::csrf::FIELD
        || name.contains("password")
        || name.contains("secret")
        || name.contains("token")
        || name.starts_with("__"))
}

fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// `location` without Leptos' error pairs, and the pairs (`__path`, `__err`) if it had them.
fn split_error(location: &str) -> Option<(String, String, String)> {
    let (base, query) = location.split_once('?')?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    let find = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let (action, error) = (find("__path")?, find("__err")?);
    let rest: Vec<_> = pairs
        .into_iter()
        .filter(|(k, _)| k != "__path" && k != "__err" && !STATUS_PARAMS.contains(&k.as_str()))
        .collect();
    let clean = if rest.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", serde_urlencoded::to_string(rest).ok()?)
    };
    Some((clean, action, error))
}

/// The page part of a URL, absolute or not: `/signin?next=%2Fx` of `http://host/signin?next=…`.
fn page_of(url: &str) -> &str {
    match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => url,
    }
}

fn encode(kept: &KeptForm) -> Option<String> {
    serde_json::to_vec(kept)
        .ok()
        .map(|json| URL_SAFE_NO_PAD.encode(json))
}

/// `kept` encoded within [`MAX_COOKIE_BYTES`], dropping its longest fields as needed.
fn encode_within(mut kept: KeptForm) -> Option<String> {
    loop {
        let encoded = encode(&kept)?;
        if encoded.len() <= MAX_COOKIE_BYTES {
            return Some(encoded);
        }
        let longest = kept
            .fields
            .iter()
            .enumerate()
            .max_by_key(|(_, (name, value))| name.len() + value.len())
            .map(|(at, _)| at)?;
        kept.fields.remove(longest);
    }
}

fn decode(value: &str) -> Option<KeptForm> {
    let json = URL_SAFE_NO_PAD.decode(value).ok()?;
    serde_json::from_slice(&json).ok()
}

fn set_cookie(config: &Config, value: &str, max_age: u32) -> Option<HeaderValue> {
    let secure = if config.public_url.is_https() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}",
        cookie_name(config)
    ))
    .ok()
}

/// The layer (see the module's documentation).
pub async fn layer(State(config): State<Arc<Config>>, request: Request, next: Next) -> Response {
    let posted_form = request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && is_form(request.headers())
        && wants_html(request.headers());
    if posted_form {
        return form_post(&config, request, next).await;
    }
    let is_page = request.method() == Method::GET && !request.uri().path().starts_with("/api/");
    let flash = is_page
        .then(|| cookie(request.headers(), cookie_name(&config)))
        .flatten();
    let Some(flash) = flash else {
        return next.run(request).await;
    };
    let mut request = request;
    let here = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    if let Some(kept) = decode(&flash).filter(|kept| kept.page == here) {
        request.extensions_mut().insert(kept);
    }
    let mut response = next.run(request).await;
    // Taken once: a reload shows the page as it is.
    if let Some(clear) = set_cookie(&config, "", 0) {
        response.headers_mut().append(header::SET_COOKIE, clear);
    }
    response
}

async fn form_post(config: &Config, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        // Too large to be one of our forms; the function refuses it on its own terms.
        return next.run(Request::from_parts(parts, Body::empty())).await;
    };
    let fields: Vec<(String, String)> =
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .unwrap_or_default()
            .into_iter()
            .filter(|(name, value)| keepable(name) && value.chars().count() <= MAX_VALUE_CHARS)
            .take(MAX_FIELDS)
            .collect();
    let mut response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !response.status().is_redirection() {
        return response;
    }
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(ToOwned::to_owned);
    let Some((clean, action, error)) = location.as_deref().and_then(split_error) else {
        return response;
    };
    let kept = KeptForm {
        page: page_of(&clean).to_owned(),
        action,
        error,
        fields,
    };
    let (Some(cookie), Ok(clean)) = (
        encode_within(kept).and_then(|value| set_cookie(config, &value, MAX_AGE_S)),
        HeaderValue::from_str(&clean),
    ) else {
        return response;
    };
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, clean);
    headers.append(header::SET_COOKIE, cookie);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_pairs_leave_the_location_and_the_rest_stays() {
        let (clean, action, error) = split_error(
            "http://h:3000/signin?next=%2Fworkouts%2F7&__path=%2Fapi%2Fsign_in&__err=e30%3D",
        )
        .unwrap();
        assert_eq!(clean, "http://h:3000/signin?next=%2Fworkouts%2F7");
        assert_eq!(action, "/api/sign_in");
        assert_eq!(error, "e30=");
        assert_eq!(page_of(&clean), "/signin?next=%2Fworkouts%2F7");
        assert_eq!(
            split_error("/admin/users?__path=/api/x&__err=abc")
                .unwrap()
                .0,
            "/admin/users"
        );
        // A success redirect has no error to move.
        assert!(split_error("/settings?done=1").is_none());
        // A success note of before does not come back with a failure.
        assert_eq!(
            split_error("/settings?moved=3&__path=%2Fapi%2Fx&__err=e30")
                .unwrap()
                .0,
            "/settings"
        );
    }

    #[test]
    fn secrets_are_never_kept() {
        for name in [
            "password",
            "current_password",
            "csrf_token",
            "client_secret",
            "token",
            "__path",
        ] {
            assert!(!keepable(name), "{name}");
        }
        for name in ["username", "name", "confirm", "scopes"] {
            assert!(keepable(name), "{name}");
        }
    }

    #[test]
    fn the_cookie_stays_small_dropping_the_longest_fields_first() {
        let kept = KeptForm {
            page: "/settings".into(),
            action: "/api/save_preferences".into(),
            error: "e30".into(),
            fields: (0..16)
                .map(|i| (format!("f{i}"), "ß".repeat(if i == 3 { 40 } else { 256 })))
                .collect(),
        };
        let encoded = encode_within(kept).unwrap();
        assert!(encoded.len() <= MAX_COOKIE_BYTES);
        let back = decode(&encoded).unwrap();
        assert!(back.value("f3").is_some(), "the short field is kept");
        assert!(back.fields.len() < 16);
        // A page URL too long to fit at all: no cookie (Leptos' own redirect stays).
        let huge = KeptForm {
            page: format!("/signin?next={}", "x".repeat(4000)),
            action: "/api/sign_in".into(),
            error: "e30".into(),
            fields: vec![],
        };
        assert_eq!(encode_within(huge), None);
    }

    #[test]
    fn the_cookie_round_trips() {
        let kept = KeptForm {
            page: "/signin".into(),
            action: "/api/sign_in".into(),
            error: "eyJ4IjoxfQ==".into(),
            fields: vec![("username".into(), "Zoë".into())],
        };
        assert_eq!(decode(&encode(&kept).unwrap()), Some(kept));
        assert_eq!(decode("not base64!"), None);
    }
}
