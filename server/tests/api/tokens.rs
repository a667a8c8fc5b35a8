//! Personal access tokens on the JSON API: scopes, header and query forms, revocation, and the
//! CSRF exemption that a query token must not open for cookie-authenticated routes.

use auth::TokenScope;
use db::Backend;
use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    PASSWORD,
    helpers::{TestApp, spawn_app},
    workouts::corpus_dir,
};

const FIT: &str = "fit/fitparse__garmin-edge-820-bike.fit";

async fn token(app: &TestApp, scopes: &[TokenScope]) -> (String, i64) {
    let user = app.current_user().await.unwrap();
    let accounts = auth::Accounts::new(app.test_db.db.clone(), auth::ThrottlePolicy::default());
    let made = accounts
        .create_token(user.id, "test", scopes)
        .await
        .unwrap();
    (made.token, made.record.id)
}

fn file_form() -> reqwest::multipart::Form {
    let bytes = std::fs::read(corpus_dir().join(FIT)).unwrap();
    reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name("ride.fit"),
    )
}

async fn a_phone_app_uploads_with_a_token_in_the_header_or_the_url(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let (upload, _) = token(&app, &[TokenScope::Upload]).await;
    // A client with no cookies at all, as a phone app is.
    let phone = reqwest::Client::new();
    let by_header = phone
        .post(app.url("/api/v1/uploads"))
        .bearer_auth(&upload)
        .multipart(file_form())
        .send()
        .await
        .unwrap();
    assert_eq!(by_header.status(), StatusCode::OK);
    let body: Value = by_header.json().await.unwrap();
    assert_eq!(body["files"][0]["status"], "imported");
    let by_query = phone
        .post(app.url(&format!("/api/v1/uploads?access_token={upload}")))
        .multipart(file_form())
        .send()
        .await
        .unwrap();
    assert_eq!(by_query.status(), StatusCode::OK);
    let body: Value = by_query.json().await.unwrap();
    assert_eq!(
        body["files"][0]["status"], "duplicate",
        "the same file, recognised"
    );
    let listed = phone
        .get(app.url("/api/v1/workouts"))
        .bearer_auth(&upload)
        .send()
        .await
        .unwrap();
    assert_eq!(
        listed.status(),
        StatusCode::FORBIDDEN,
        "an upload token may not read"
    );
    assert!(listed.text().await.unwrap().contains("read scope"));
}

async fn scopes_revocation_and_bad_tokens_are_enforced(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let (read, read_id) = token(&app, &[TokenScope::Read]).await;
    let client = reqwest::Client::new();
    let refused = client
        .post(app.url("/api/v1/uploads"))
        .bearer_auth(&read)
        .multipart(file_form())
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("may not upload"));
    let listed = client
        .get(app.url("/api/v1/workouts"))
        .bearer_auth(&read)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), StatusCode::OK);
    let accounts = auth::Accounts::new(app.test_db.db.clone(), auth::ThrottlePolicy::default());
    let user = app.current_user().await.unwrap();
    let listed = accounts.tokens(user.id).await.unwrap();
    assert!(listed[0].last_used_at.is_some(), "last use is recorded");
    assert!(accounts.revoke_token(user.id, read_id).await.unwrap());
    let after = client
        .get(app.url("/api/v1/workouts"))
        .bearer_auth(&read)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    for bad in ["lpt_nonsense", "not-a-token", ""] {
        let response = client
            .get(app.url("/api/v1/workouts"))
            .bearer_auth(bad)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{bad:?}");
    }
}

async fn a_query_token_cannot_carry_a_cookie_past_the_csrf_check(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let (read, _) = token(&app, &[TokenScope::Read]).await;
    // The browser (with its session cookie) is lured into a cross-site request that adds a
    // token to the URL so the CSRF check is skipped: session-only routes refuse it.
    let lured = app
        .client
        .delete(app.url(&format!(
            "/api/v1/me/connections/anything?access_token={read}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(lured.status(), StatusCode::FORBIDDEN);
    // Server functions are not API routes: the token does not exempt them.
    let sign_out = app
        .client
        .post(app.url(&format!(
            "{}?access_token={read}",
            <app::auth::SignOut as leptos::server_fn::ServerFn>::PATH
        )))
        .form(&[("csrf_token", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(sign_out.status(), StatusCode::FORBIDDEN);
    assert!(app.current_user().await.is_some(), "still signed in");
}

db::on_both_backends!(
    a_phone_app_uploads_with_a_token_in_the_header_or_the_url,
    scopes_revocation_and_bad_tokens_are_enforced,
    a_query_token_cannot_carry_a_cookie_past_the_csrf_check,
);
