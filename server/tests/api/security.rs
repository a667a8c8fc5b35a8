//! Hostile requests against the account and partner surfaces (issue 11, points 10–14): sign-in
//! throttling under parallel guessing, per-address limits, revocation on a password change,
//! secrets shown once, redirect URIs that carry a user name, and what a partner's scopes let it
//! hear about.

use app::{AppError, auth, partners::AddPartner, tokens::CreateToken};
use auth_rules::TokenScope;
use db::Backend;
use partner::PartnerSpec;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::{
    PASSWORD,
    helpers::{TestApp, app_error, settings, spawn_app_with},
    partner::{
        CHALLENGE, REDIRECT, ROUTE_FIT, VERIFIER, add_partner, approved, authorize_url, consent,
        param, token, upload,
    },
};

use ::auth as auth_rules;

/// A server that believes `X-Forwarded-For`, so one test client can speak from many addresses.
async fn spawn(backend: Backend, tweak: impl FnOnce(&mut laps::config::Settings)) -> TestApp {
    let mut s = settings();
    s.trust_forwarded_for = Some(true);
    tweak(&mut s);
    spawn_app_with(backend, s).await
}

/// Calls a server function from `address`, as the hydrated app does.
async fn call_from<F: leptos::server_fn::ServerFn>(
    app: &TestApp,
    address: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let token = app.csrf_token().await;
    let mut form = form.to_vec();
    form.push(("csrf_token", &token));
    app.client
        .post(app.url(F::PATH))
        .header(header::ACCEPT, "application/json")
        .header("x-forwarded-for", address)
        .form(&form)
        .send()
        .await
        .unwrap()
}

const STRANGER: &str = "198.51.100.66";
const OWNER: &str = "203.0.113.9";

fn wrong_password() -> AppError {
    AppError::Refused("Wrong username or password.".into())
}

async fn parallel_guesses_get_at_most_the_limit_past_the_hash(backend: Backend) {
    let app = spawn(backend, |_| {}).await; // 3 failures per account and address
    app.sign_up("ada", PASSWORD).await;
    app.sign_out().await;
    app.csrf_token().await;
    let guesses: Vec<_> = (0..150)
        .map(|_| {
            let app = &app;
            async move {
                let response = call_from::<auth::SignIn>(
                    app,
                    STRANGER,
                    &[("username", "ada"), ("password", "wrong password")],
                )
                .await;
                let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
                (app_error(response).await, retry_after)
            }
        })
        .collect();
    let (mut wrong, mut throttled) = (0, 0);
    for ((status, error), retry_after) in futures::future::join_all(guesses).await {
        if error == wrong_password() {
            wrong += 1;
        } else {
            assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{error:?}");
            assert!(matches!(error, AppError::TooManyAttempts(_)), "{error:?}");
            assert!(
                retry_after.is_some(),
                "a throttled answer says when to retry"
            );
            throttled += 1;
        }
    }
    assert_eq!(
        (wrong, throttled),
        (3, 147),
        "only the limit reaches the password check"
    );
}

async fn a_stranger_hammering_an_account_does_not_lock_its_owner_out(backend: Backend) {
    let app = spawn(backend, |_| {}).await;
    app.sign_up("ada", PASSWORD).await;
    app.sign_out().await;
    for _ in 0..10 {
        call_from::<auth::SignIn>(
            &app,
            STRANGER,
            &[("username", "ada"), ("password", "guess")],
        )
        .await;
    }
    // Even the right password waits, from the stranger's address.
    let (status, _) = app_error(
        call_from::<auth::SignIn>(
            &app,
            STRANGER,
            &[("username", "ada"), ("password", PASSWORD)],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // The owner, from home, signs in.
    let owner =
        call_from::<auth::SignIn>(&app, OWNER, &[("username", "ada"), ("password", PASSWORD)])
            .await;
    assert_eq!(owner.status(), StatusCode::OK);
    assert_eq!(app.current_user().await.unwrap().username.as_str(), "ada");
}

async fn sign_up_is_limited_per_address(backend: Backend) {
    let app = spawn(backend, |s| s.sign_up_limit_per_address = Some(2)).await;
    let ok = call_from::<auth::SignUp>(
        &app,
        STRANGER,
        &[("username", "ada"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::OK);
    app.call_with_csrf::<auth::SetSignUpOpen>(&[("open", "on")])
        .await;
    // A bad form costs nothing and is not counted.
    let visitor = app.new_browser();
    let bad = call_from::<auth::SignUp>(
        &app,
        STRANGER,
        &[("username", "no spaces allowed"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let second = call_from::<auth::SignUp>(
        &app,
        STRANGER,
        &[("username", "bob"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(second.status(), StatusCode::OK);
    let third = call_from::<auth::SignUp>(
        &app,
        STRANGER,
        &[("username", "carol"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(third.headers().get(header::RETRY_AFTER).is_some());
    assert_eq!(
        app_error(third).await.1,
        AppError::TooManyAttempts(
            "Too many requests from your address. Try again in 15 minutes.".into()
        )
    );
    let elsewhere = visitor
        .client
        .post(visitor.url(<auth::SignUp as leptos::server_fn::ServerFn>::PATH))
        .header(header::ACCEPT, "application/json")
        .header("x-forwarded-for", OWNER)
        .form(&[
            ("username", "carol"),
            ("password", PASSWORD),
            ("csrf_token", &visitor.csrf_token().await),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), StatusCode::OK, "another address may");
}

async fn oauth_token_and_introspection_are_limited_per_address(backend: Backend) {
    let app = spawn(backend, |s| {
        s.oauth_token_limit_per_address = Some(2);
        s.oauth_introspect_limit_per_address = Some(3);
    })
    .await;
    for (path, limit) in [("/oauth/token", 2), ("/oauth/introspect", 3)] {
        let post = |address: &'static str| {
            app.client
                .post(app.url(path))
                .header("x-forwarded-for", address)
                .basic_auth("nobody", Some("nothing"))
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", "x"),
                    ("token", "x"),
                ])
                .send()
        };
        for n in 0..limit {
            let answer = post(STRANGER).await.unwrap();
            assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "{path} #{n}");
        }
        let over = post(STRANGER).await.unwrap();
        assert_eq!(over.status(), StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert!(over.headers().get(header::RETRY_AFTER).is_some(), "{path}");
        assert_eq!(over.headers()[header::CACHE_CONTROL], "no-store");
        let body: Value = over.json().await.unwrap();
        assert_eq!(body["error"], "too_many_requests");
        let other = post(OWNER).await.unwrap();
        assert_eq!(
            other.status(),
            StatusCode::UNAUTHORIZED,
            "{path}: another address is not limited"
        );
    }
}

/// A new personal access token (read) for the signed-in user.
async fn personal_token(app: &TestApp) -> String {
    let user = app.current_user().await.unwrap();
    let accounts = auth_rules::Accounts::new(
        app.test_db.db.clone(),
        auth_rules::ThrottlePolicy::default(),
    );
    accounts
        .create_token(user.id, "phone", &[TokenScope::Read])
        .await
        .unwrap()
        .token
}

/// A personal access token (read) and a connected, registered AccessLink partner's token.
async fn token_and_app(app: &TestApp) -> (String, String, i64) {
    let personal = personal_token(app).await;
    let (id, secret) = add_partner(app, approved("Coach", true, REDIRECT)).await;
    let (access, user_id) = crate::partner::connect_and_register(app, app, &id, &secret).await;
    (personal, access, user_id)
}

/// (personal token works, partner token works)
async fn still_working(app: &TestApp, personal: &str, access: &str, user_id: i64) -> (bool, bool) {
    let client = reqwest::Client::new();
    let api = client
        .get(app.url("/api/v1/workouts"))
        .bearer_auth(personal)
        .send()
        .await
        .unwrap()
        .status();
    let v3 = client
        .get(app.url(&format!("/v3/users/{user_id}")))
        .bearer_auth(access)
        .send()
        .await
        .unwrap()
        .status();
    (api == StatusCode::OK, v3 == StatusCode::OK)
}

async fn change_password(app: &TestApp, from: &str, to: &str, boxes: &[&str]) {
    let mut form = vec![("current_password", from), ("password", to)];
    form.extend(boxes.iter().map(|name| (*name, "on")));
    let response = app.call_with_csrf::<auth::ChangePassword>(&form).await;
    assert_eq!(response.status(), StatusCode::OK);
}

async fn a_password_change_revokes_tokens_and_apps_when_asked(backend: Backend) {
    let app = spawn(backend, |_| {}).await;
    app.sign_up("ada", PASSWORD).await;
    let (personal, access, user_id) = token_and_app(&app).await;
    assert_eq!(
        still_working(&app, &personal, &access, user_id).await,
        (true, true)
    );

    // Nothing ticked: tokens and apps keep working.
    change_password(&app, PASSWORD, "second password here", &[]).await;
    assert_eq!(
        still_working(&app, &personal, &access, user_id).await,
        (true, true)
    );
    // Only the tokens.
    change_password(
        &app,
        "second password here",
        "third password here",
        &["revoke_tokens"],
    )
    .await;
    assert_eq!(
        still_working(&app, &personal, &access, user_id).await,
        (false, true)
    );
    // "I think my password was compromised": everything, whatever else is ticked.
    let personal = personal_token(&app).await;
    change_password(
        &app,
        "third password here",
        "fourth password here",
        &["compromised"],
    )
    .await;
    assert_eq!(
        still_working(&app, &personal, &access, user_id).await,
        (false, false)
    );
    let connections: Value = app
        .client
        .get(app.url("/api/v1/me/connections"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        connections,
        json!({ "connections": [] }),
        "the app is disconnected"
    );
}

/// The session row of `app`'s browser, as stored.
async fn session_row(app: &TestApp) -> String {
    let id = app.cookie("laps_session").expect("a session");
    let data = app
        .test_db
        .db
        .session_load(&id)
        .await
        .unwrap()
        .expect("the session is stored");
    String::from_utf8_lossy(&data).into_owned()
}

/// The text of the first `<code class="{class}">` on a page.
fn code_in(html: &str, class: &str) -> Option<String> {
    let start = html.find(&format!("<code class=\"{class}\">"))? + class.len() + 15;
    let end = html[start..].find("</code>")? + start;
    Some(html[start..end].to_owned())
}

async fn a_secret_shown_once_leaves_the_session_row_with_the_first_page(backend: Backend) {
    let app = spawn(backend, |_| {}).await;
    app.sign_up("ada", PASSWORD).await;
    let made = app
        .call_with_csrf::<CreateToken>(&[("name", "phone"), ("scope_read", "on")])
        .await;
    assert_eq!(made.status(), StatusCode::OK);
    let page = app.get_page("/settings/tokens").await.text().await.unwrap();
    let token = code_in(&page, "new-token").expect("the page shows the new token");
    assert!(token.starts_with(auth_rules::TOKEN_PREFIX), "{token}");
    assert!(
        !session_row(&app).await.contains(&token),
        "the page that showed the token took it out of the session"
    );
    let again = app.get_page("/settings/tokens").await.text().await.unwrap();
    assert!(!again.contains(&token), "shown once");

    // The same for a partner's client secret.
    let added = app
        .call_with_csrf::<AddPartner>(&[
            ("name", "Coach"),
            ("redirect_uris", "https://coach.example/cb"),
            ("accesslink", "on"),
        ])
        .await;
    assert_eq!(added.status(), StatusCode::OK);
    let page = app.get_page("/admin/partners").await.text().await.unwrap();
    let secret = code_in(&page, "client-secret").expect("the page shows the new secret");
    assert!(secret.starts_with("lps_"), "{secret}");
    assert!(!session_row(&app).await.contains(&secret));
    let again = app.get_page("/admin/partners").await.text().await.unwrap();
    assert!(!again.contains(&secret), "shown once");
}

const USERINFO_URI: &str = "http://localhost:80@evil.example/cb";

async fn redirect_uris_with_a_user_name_are_refused(backend: Backend) {
    let app = spawn(backend, |_| {}).await;
    app.sign_up("ada", PASSWORD).await;
    // At registration, through the administrators' form.
    let (status, error) = app_error(
        app.call_with_csrf::<AddPartner>(&[
            ("name", "Evil"),
            ("redirect_uris", USERINFO_URI),
            ("accesslink", "on"),
        ])
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let AppError::Refused(message) = error else {
        panic!("{error:?}")
    };
    assert!(message.contains("user name or password"), "{message}");

    // At authorization, for one stored before the rule existed: a page, never a redirect.
    let stored = app
        .test_db
        .db
        .partner_create(&db::NewPartner {
            client_id: "old-evil".into(),
            secret_hash: Some("x".into()),
            name: "Old".into(),
            homepage: None,
            status: db::PartnerStatus::Approved,
            accesslink: true,
            scopes: "accesslink.read_all".into(),
            owner: None,
            redirect_uris: vec![USERINFO_URI.into()],
        })
        .await
        .unwrap();
    for extra in [vec![], vec![("redirect_uri", USERINFO_URI)]] {
        let page = app
            .client
            .get(authorize_url(&app, &stored.client_id, &extra))
            .header(header::ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::BAD_REQUEST);
        assert!(page.headers().get(header::LOCATION).is_none());
        assert!(page.text().await.unwrap().contains("not safe to follow"));
    }
}

/// Connects the signed-in user to a standard partner allowed `scopes`; returns (access token,
/// partner user id, client id, secret).
async fn connect_with(app: &TestApp, scopes: &str) -> (String, i64, String, String) {
    let (id, secret) = add_partner(
        app,
        PartnerSpec {
            scopes: Some(scopes.into()),
            ..approved("Scoped", false, REDIRECT)
        },
    )
    .await;
    let back = consent(
        app,
        &authorize_url(
            app,
            &id,
            &[
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
            ],
        ),
    )
    .await;
    let (status, t) = token(
        app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &param(&back, "code").unwrap()),
            ("code_verifier", VERIFIER),
        ],
        Some((&id, &secret)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{t}");
    (
        t["access_token"].as_str().unwrap().to_owned(),
        t["x_user_id"].as_i64().unwrap(),
        id,
        secret,
    )
}

async fn register(app: &TestApp, access: &str) -> Value {
    let response = app
        .client
        .post(app.url("/v3/users"))
        .bearer_auth(access)
        .json(&json!({ "member-id": "m1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn registration_shows_profile_data_only_with_profile_read(backend: Backend) {
    let app = spawn(backend, |_| {}).await;
    app.sign_up("ada", PASSWORD).await;
    let (access, user_id, _, _) = connect_with(&app, "workouts:read").await;
    let user = register(&app, &access).await;
    assert_eq!(user["polar-user-id"], user_id);
    assert_eq!(user["member-id"], "m1");
    for personal in [
        "first-name",
        "last-name",
        "maximum-heart-rate",
        "resting-heart-rate",
    ] {
        assert!(user.get(personal).is_none(), "{personal} leaked: {user}");
    }
    let (access, _, _, _) = connect_with(&app, "workouts:read profile:read").await;
    let user = register(&app, &access).await;
    assert_eq!(user["first-name"], "ada");
}

async fn notifications_and_webhooks_announce_only_what_the_scopes_cover(backend: Backend) {
    let app = crate::partner::spawn(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let (access, _, id, secret) = connect_with(&app, "activity:read").await;
    register(&app, &access).await;
    let (url, _) = crate::partner::receiver().await;
    let created = app
        .client
        .post(app.url("/v3/webhooks"))
        .basic_auth(&id, Some(&secret))
        .json(&json!({ "events": ["EXERCISE", "ACTIVITY_SUMMARY"], "url": url }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    upload(&app, ROUTE_FIT).await;

    let notes = app
        .client
        .get(app.url("/v3/notifications"))
        .basic_auth(&id, Some(&secret))
        .send()
        .await
        .unwrap();
    assert_eq!(
        notes.status(),
        StatusCode::NO_CONTENT,
        "a workout is not announced to a partner that may not read workouts"
    );
    let partner_id = crate::partner::partners(&app)
        .await
        .find(&id)
        .await
        .unwrap()
        .id;
    assert_eq!(
        app.test_db.db.outbox_pending(partner_id).await.unwrap(),
        0,
        "no EXERCISE event is queued for it"
    );

    // A partner that may read workouts hears of the next one, both ways.
    let (access, _, id, secret) = connect_with(&app, "workouts:read").await;
    register(&app, &access).await;
    upload(&app, "tcx/dblock-tcx__running_activity_1.tcx").await;
    let notes: Value = app
        .client
        .get(app.url("/v3/notifications"))
        .basic_auth(&id, Some(&secret))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(notes["available-user-data"][0]["data-type"], "EXERCISE");
}

async fn untrusted_query_values_get_a_clear_400(backend: Backend) {
    let app = spawn(backend, |_| {}).await;
    app.sign_up("ada", PASSWORD).await;
    let (access, _, _, _) = connect_with(&app, "activity:read workouts:read").await;
    register(&app, &access).await;
    const A: &str = "/v3/users/activities?";
    let cases = [
        (
            format!("{A}from=2024-01-01&to=2024-01-28"),
            StatusCode::OK,
            "",
        ),
        (
            format!("{A}from=2024-01-01&to=2024-01-29"),
            StatusCode::BAD_REQUEST,
            "at most 28 days",
        ),
        (
            format!("{A}from=2024-02-01&to=2024-01-01"),
            StatusCode::BAD_REQUEST,
            "must not be after",
        ),
        (
            format!("{A}from=2024-01-01"),
            StatusCode::BAD_REQUEST,
            "both from and to",
        ),
        (
            format!("{A}from=-9999999999-01-01&to=2024-01-01"),
            StatusCode::BAD_REQUEST,
            "YYYY-MM-DD",
        ),
        (
            format!("{A}from=2024-01-01&to=99999999999999999999-01-01"),
            StatusCode::BAD_REQUEST,
            "YYYY-MM-DD",
        ),
        (
            "/v3/exercises?samples=yes".to_owned(),
            StatusCode::BAD_REQUEST,
            "true or false",
        ),
        (
            "/v3/exercises?route=1e400".to_owned(),
            StatusCode::BAD_REQUEST,
            "true or false",
        ),
        ("/v3/exercises?zones=true".to_owned(), StatusCode::OK, ""),
    ];
    for (path, status, message) in cases {
        let response = app
            .client
            .get(app.url(&path))
            .bearer_auth(&access)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{path}");
        let body: Value = response.json().await.unwrap();
        if status == StatusCode::OK {
            assert_eq!(body, json!([]), "{path}");
        } else {
            assert_eq!(body["errorType"], "bad_request", "{path}: {body}");
            assert!(
                body["message"].as_str().unwrap().contains(message),
                "{path}: {body}"
            );
        }
    }
}

db::on_both_backends!(
    parallel_guesses_get_at_most_the_limit_past_the_hash,
    a_stranger_hammering_an_account_does_not_lock_its_owner_out,
    sign_up_is_limited_per_address,
    oauth_token_and_introspection_are_limited_per_address,
    a_password_change_revokes_tokens_and_apps_when_asked,
    a_secret_shown_once_leaves_the_session_row_with_the_first_page,
    redirect_uris_with_a_user_name_are_refused,
    registration_shows_profile_data_only_with_profile_read,
    notifications_and_webhooks_announce_only_what_the_scopes_cover,
    untrusted_query_values_get_a_clear_400,
);
