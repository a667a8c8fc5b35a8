//! Responses are compressed with the coding the client prefers (brotli, zstd, gzip), decoded
//! here by independent tools (flate2, and Debian's `brotli` and `zstd` programs) into exactly
//! the bytes an uncompressed answer carries; zips are left alone. Pages stay safe to compress:
//! the anti-forgery token they carry is masked afresh in every response.

use std::{io::Read as _, process::Command};

use app::auth;
use db::Backend;
use leptos::server_fn::ServerFn as _;
use reqwest::{StatusCode, header};

use crate::{PASSWORD, helpers::spawn_app, workouts::corpus_dir};

const RIDE: &str = "fit/fitparse__garmin-edge-820-bike.fit";

/// Decodes `body` as `coding` with a tool that is not the server's own library.
fn decode(coding: &str, body: &[u8]) -> Vec<u8> {
    match coding {
        "gzip" => {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(body)
                .read_to_end(&mut out)
                .expect("valid gzip");
            out
        }
        "br" | "zstd" => {
            let program = if coding == "br" { "brotli" } else { "zstd" };
            let dir = tempfile::tempdir().unwrap();
            let input = dir.path().join("body");
            std::fs::write(&input, body).unwrap();
            let output = Command::new(program)
                .arg("-d")
                .arg("-c")
                .arg(&input)
                .output()
                .unwrap_or_else(|e| panic!("{program} (Debian package {program}): {e}"));
            assert!(output.status.success(), "{program} -d refused the body");
            output.stdout
        }
        other => panic!("no decoder for {other}"),
    }
}

async fn responses_are_compressed_as_the_client_prefers(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    let bytes = std::fs::read(corpus_dir().join(RIDE)).unwrap();
    let results = app.upload_ok(&[("ride.fit".to_owned(), bytes)]).await;
    let id = results[0]["workout_id"].as_i64().unwrap();

    let get = |path: String, accept: Option<&'static str>| {
        let mut request = app.client.get(app.url(&path));
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT_ENCODING, accept);
        }
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let headers = response.headers().clone();
            (headers, response.bytes().await.unwrap().to_vec())
        }
    };
    for path in [
        "/api/v1/workouts".to_owned(),
        format!("/api/v1/workouts/{id}/export/tcx"),
        format!("/api/v1/workouts/{id}/export/gpx"),
    ] {
        let (plain_headers, plain) = get(path.clone(), None).await;
        assert!(
            plain_headers.get(header::CONTENT_ENCODING).is_none(),
            "{path}: nothing asked for, nothing compressed"
        );
        // Among equals the server takes zstd (fastest to make); a weight decides otherwise.
        for (accept, coding) in [
            ("gzip, deflate, br, zstd", "zstd"),
            ("zstd;q=0.5, br, gzip;q=0.8", "br"),
            ("gzip", "gzip"),
        ] {
            let (headers, body) = get(path.clone(), Some(accept)).await;
            assert_eq!(
                headers[header::CONTENT_ENCODING],
                coding,
                "{path} for {accept}"
            );
            assert!(
                headers[header::VARY]
                    .to_str()
                    .unwrap()
                    .to_ascii_lowercase()
                    .contains("accept-encoding"),
                "{path}: caches must keep the codings apart"
            );
            assert!(body.len() < plain.len(), "{path}: {coding} made it smaller");
            assert_eq!(decode(coding, &body), plain, "{path} as {coding}");
        }
    }

    // A page: its text comes back whole (its nonce and token differ per response).
    let (headers, body) = get("/workouts".to_owned(), Some("br")).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    let page = String::from_utf8(decode("br", &body)).unwrap();
    assert!(
        page.starts_with("<!DOCTYPE html>") && page.contains("</body></html>"),
        "{}…{}",
        &page[..page.len().min(80)],
        &page[page.len().saturating_sub(80)..]
    );

    // The account zip is compressed already: sent as it is.
    let (headers, body) = get("/api/v1/export".to_owned(), Some("gzip, br, zstd")).await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert!(body.starts_with(b"PK"), "a zip");
}

/// The `<meta name="csrf-token">` of a page.
fn meta_token(page: &str) -> String {
    let start = page
        .find("name=\"csrf-token\" content=\"")
        .expect("the page carries the token")
        + "name=\"csrf-token\" content=\"".len();
    page[start..].split('"').next().unwrap().to_owned()
}

async fn pages_carry_the_anti_forgery_token_masked_afresh_each_time(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = meta_token(&app.get_page("/signin").await.text().await.unwrap());
    let second = meta_token(&app.get_page("/signin").await.text().await.unwrap());
    let cookie = app.cookie("laps_csrf").unwrap();
    assert_ne!(first, second, "a new mask per response");
    assert!(!first.contains(&cookie) && !second.contains(&cookie));

    // What the page carries is what a form sends back: it signs up.
    let response = app
        .call::<auth::SignUp>(&[
            ("username", "ada"),
            ("password", PASSWORD),
            ("csrf_token", &first),
        ])
        .await;
    assert_eq!(response.status(), StatusCode::OK, "{}", auth::SignUp::PATH);
    assert!(app.current_user().await.is_some());

    // Another browser's masked token is refused.
    let other = app.new_browser();
    let theirs = meta_token(&other.get_page("/signin").await.text().await.unwrap());
    let refused = app.call::<auth::SignOut>(&[("csrf_token", &theirs)]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

db::on_both_backends!(
    responses_are_compressed_as_the_client_prefers,
    pages_carry_the_anti_forgery_token_masked_afresh_each_time,
);
