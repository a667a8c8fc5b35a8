//! The language each page is rendered in: the signed-in athlete's choice (Settings), else the
//! browser's `Accept-Language`, else English. Decided once per request, before the page or
//! server function runs, and handed to the app through the request's extensions.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, header},
    middleware::Next,
    response::Response,
};
use domain::Language;
use tower_sessions::Session;

/// Puts the request's [`Language`] in its extensions and names it in the response
/// (`Content-Language`; `Vary: Accept-Language, Cookie` for caches, as the same URL differs by
/// them).
pub async fn layer(
    State(accounts): State<auth::Accounts>,
    mut request: Request,
    next: Next,
) -> Response {
    let chosen = match request.extensions().get::<Session>() {
        Some(session) => accounts
            .chosen_language(session)
            .await
            .unwrap_or_else(|error| {
                // The page still renders, in the browser's language; the cause is logged.
                tracing::warn!(error = %error, "the account's language could not be read");
                None
            }),
        None => None,
    };
    let language = chosen
        .or_else(|| from_browser(request.headers()))
        .unwrap_or_default();
    request.extensions_mut().insert(language);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(language.code()),
    );
    // The account's choice travels in the session cookie.
    headers.append(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    response
}

/// The language the browser asks for, among those Laps speaks (every `Accept-Language` line
/// read as one list, as HTTP has it).
pub fn from_browser(headers: &HeaderMap) -> Option<Language> {
    let lines: Vec<&str> = headers
        .get_all(header::ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .take(8)
        .collect();
    Language::negotiate(&lines.join(","))
}
