//! The `laps` server over HTTP: one test binary, every test on SQLite and on Postgres, each with
//! its own fresh database and its own server on port 0.

mod helpers;
mod server_log;

use app::{AppError, auth};
use db::Backend;
use helpers::{app_error, spawn_app};
use reqwest::{StatusCode, header};

const PASSWORD: &str = "correct horse battery";

async fn health_check_reports_the_database(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({ "status": "ok", "database": "ok" })
    );
}

async fn the_first_account_is_admin_and_is_signed_in_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.sign_up("ada", PASSWORD).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{:?}",
        response.text().await
    );
    let user = app.current_user().await.expect("signed in after sign-up");
    assert_eq!(user.username.as_str(), "ada");
    assert!(user.is_admin, "the first account administers the instance");
}

async fn sign_up_is_closed_after_the_first_account_until_an_admin_opens_it(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let visitor = app.new_browser();
    let (status, error) = app_error(visitor.sign_up("bob", PASSWORD).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error,
        AppError::Refused(
            "Sign-up is closed on this Laps. Ask its administrator for an account.".into()
        )
    );

    let opened = app
        .call_with_csrf::<auth::SetSignUpOpen>(&[("open", "on")])
        .await;
    assert_eq!(opened.status(), StatusCode::OK);
    let response = visitor.sign_up("bob", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let bob = visitor.current_user().await.unwrap();
    assert!(!bob.is_admin, "later accounts are not administrators");

    // Only administrators may change the setting.
    let (status, error) = app_error(visitor.call_with_csrf::<auth::SetSignUpOpen>(&[]).await).await;
    assert_eq!(
        (status, error),
        (StatusCode::FORBIDDEN, AppError::Forbidden)
    );
}

async fn bad_sign_up_input_gets_a_field_message_never_a_500(backend: Backend) {
    let app = spawn_app(backend).await;
    let long_name = "n".repeat(33);
    let cases: [(&str, &str, &str, &str); 5] = [
        ("", PASSWORD, "username", "Choose a username."),
        ("   ", PASSWORD, "username", "Choose a username."),
        (
            &long_name,
            PASSWORD,
            "username",
            "Usernames have at most 32 characters.",
        ),
        (
            "ada lovelace",
            PASSWORD,
            "username",
            "Use only letters, digits, '.', '-' and '_' in a username.",
        ),
        (
            "ada",
            "123456789",
            "password",
            "Passwords need at least 10 characters.",
        ),
    ];
    for (username, password, field, message) in cases {
        let (status, error) = app_error(app.sign_up(username, password).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "case {username:?}");
        assert_eq!(
            error,
            AppError::Field {
                field: field.into(),
                message: message.into()
            },
            "case {username:?}"
        );
    }
    app.sign_up("Ada", PASSWORD).await;
    app.call_with_csrf::<auth::SetSignUpOpen>(&[("open", "on")])
        .await;
    let (status, error) = app_error(app.sign_up("aDA", PASSWORD).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error,
        AppError::Field {
            field: "username".into(),
            message: "That username is taken.".into()
        }
    );
}

async fn malformed_bodies_are_bad_requests(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.csrf_token().await;
    let missing_password = app
        .call::<auth::SignIn>(&[("username", "ada"), ("csrf_token", &token)])
        .await;
    assert_eq!(
        app_error(missing_password).await,
        (StatusCode::BAD_REQUEST, AppError::BadRequest)
    );

    let garbage = app
        .client
        .post(app.url(<auth::SignIn as leptos::server_fn::ServerFn>::PATH))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-csrf-token", &token)
        .body(vec![0xff, 0xfe, b'=', b'%', b'%', b'&'])
        .send()
        .await
        .unwrap();
    assert_eq!(
        app_error(garbage).await,
        (StatusCode::BAD_REQUEST, AppError::BadRequest)
    );

    let huge = app
        .client
        .post(app.url(<auth::SignIn as leptos::server_fn::ServerFn>::PATH))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-csrf-token", &token)
        .body(vec![b'a'; 128 * 1024]) // the test server's limit is 64 KiB
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

async fn sign_in_accepts_the_right_password_only(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    app.sign_out().await;
    assert_eq!(app.current_user().await, None);

    let wrong = app.sign_in("ada", "not the password").await;
    assert_eq!(
        app_error(wrong).await,
        (
            StatusCode::BAD_REQUEST,
            AppError::Refused("Wrong username or password.".into())
        )
    );
    assert_eq!(app.current_user().await, None);

    let right = app.sign_in("ADA", PASSWORD).await;
    assert_eq!(right.status(), StatusCode::OK);
    assert_eq!(right.headers().get(header::LOCATION).unwrap(), "/");
    assert_eq!(app.current_user().await.unwrap().username.as_str(), "ada");
}

async fn an_unknown_user_gets_the_same_answer_as_a_wrong_password(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    app.sign_out().await;
    let unknown = app_error(app.sign_in("nobody", PASSWORD).await).await;
    let wrong = app_error(app.sign_in("ada", "wrong password").await).await;
    assert_eq!(unknown, wrong);
}

async fn state_changing_requests_without_the_csrf_token_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let cases = [
        (
            "no token",
            vec![("username", "ada"), ("password", PASSWORD)],
        ),
        (
            "wrong token",
            vec![
                ("username", "ada"),
                ("password", PASSWORD),
                ("csrf_token", "x".repeat(43).leak() as &str),
            ],
        ),
    ];
    for (case, form) in cases {
        let response = app.call::<auth::SignIn>(&form).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{case}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .contains("expired or was sent from another site"),
            "{case}"
        );
    }
    // Signing out without the token does not sign out.
    let response = app.call::<auth::SignOut>(&[]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(app.current_user().await.is_some());
    // The header works as well as the form field.
    let token = app.csrf_token().await;
    let response = app
        .client
        .post(app.url(<auth::SignOut as leptos::server_fn::ServerFn>::PATH))
        .header("x-csrf-token", token)
        .header(header::ACCEPT, "application/json")
        .form(&[("csrf_token", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(app.current_user().await, None);
}

async fn a_session_survives_a_server_restart(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let app = app.restart().await;
    let user = app
        .current_user()
        .await
        .expect("still signed in after the restart");
    assert_eq!(user.username.as_str(), "ada");
}

async fn sign_out_deletes_the_session_on_the_server(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let stolen = app.cookie("laps_session").expect("a session cookie");
    let response = app.sign_out().await;
    assert_eq!(response.status(), StatusCode::OK);
    // Replaying the old cookie from elsewhere gets nobody.
    let replay = reqwest::Client::new()
        .get(app.url(<auth::CurrentUser as leptos::server_fn::ServerFn>::PATH))
        .header(header::COOKIE, format!("laps_session={stolen}"))
        .send()
        .await
        .unwrap();
    let user: Option<domain::User> = replay.json().await.unwrap();
    assert_eq!(user, None);
}

async fn the_session_id_changes_at_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let first = app.cookie("laps_session").unwrap();
    app.sign_in("ada", PASSWORD).await;
    let second = app.cookie("laps_session").unwrap();
    assert_ne!(
        first, second,
        "a planted or old session id must not survive sign-in"
    );
}

async fn changing_the_password_signs_out_other_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let laptop = app.new_browser();
    assert_eq!(
        laptop.sign_in("ada", PASSWORD).await.status(),
        StatusCode::OK
    );
    assert!(laptop.current_user().await.is_some());

    let response = app
        .call_with_csrf::<auth::ChangePassword>(&[
            ("current_password", PASSWORD),
            ("password", "a new long password"),
        ])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        app.current_user().await.is_some(),
        "the session that changed it stays"
    );
    assert_eq!(
        laptop.current_user().await,
        None,
        "other sessions are signed out"
    );
}

async fn failed_sign_ins_are_throttled_with_a_clear_message(backend: Backend) {
    let app = spawn_app(backend).await; // 3 failures per account allowed
    app.sign_up("ada", PASSWORD).await;
    app.sign_out().await;
    for _ in 0..3 {
        app.sign_in("ada", "wrong password").await;
    }
    let (status, error) = app_error(app.sign_in("ada", PASSWORD).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        error,
        AppError::TooManyAttempts(
            "Too many failed sign-in attempts. Try again in 15 minutes.".into()
        )
    );
    assert_eq!(app.current_user().await, None);
}

async fn one_address_is_throttled_across_accounts(backend: Backend) {
    let app = spawn_app(backend).await; // 6 failures per address allowed
    app.sign_up("ada", PASSWORD).await;
    app.sign_out().await;
    for n in 0..6 {
        app.sign_in(&format!("guess{n}"), "wrong password").await;
    }
    let (status, _) = app_error(app.sign_in("ada", PASSWORD).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

async fn a_form_posted_without_javascript_redirects_back_with_its_error(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.csrf_token().await;
    let response = app
        .client
        .post(app.url(<auth::SignIn as leptos::server_fn::ServerFn>::PATH))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, app.url("/signin"))
        .form(&[
            ("username", "ada"),
            ("password", "wrong password"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response
        .headers()
        .get(header::LOCATION)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    // The error travels in a short-lived cookie, not in the URL (see `admin_users.rs` for
    // the kept fields).
    assert_eq!(location, app.url("/signin"));
    assert!(app.cookie("laps_form").is_some());
    let page = app
        .get_page(location.trim_start_matches(&app.base))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Wrong username or password."),
        "the page shows the error"
    );
}

async fn pages_carry_security_headers_and_unknown_paths_are_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get_page("/signin").await;
    assert_eq!(page.status(), StatusCode::OK);
    let headers = page.headers();
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("'unsafe-eval'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap()
        .to_owned();
    assert_eq!(
        headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
        "nosniff"
    );
    assert_eq!(headers.get(header::REFERRER_POLICY).unwrap(), "same-origin");
    let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "inline scripts carry the CSP nonce"
    );

    let missing = app.get_page("/no/such/page").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(
        missing
            .text()
            .await
            .unwrap()
            .contains("There is no page at this address.")
    );
}

async fn pages_that_need_a_user_redirect_to_sign_in_and_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let cases = [
        ("/", "/signin"),
        ("/settings/password", "/signin?next=/settings/password"),
        ("/admin", "/signin?next=/admin"),
        (
            "/workouts/5?x=distance",
            "/signin?next=/workouts/5%3Fx%3Ddistance",
        ),
    ];
    for (path, sign_in) in cases {
        let response = app.get_page(path).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{path}");
        assert_eq!(
            response.headers().get(header::LOCATION).unwrap(),
            sign_in,
            "{path}"
        );
    }
    // The sign-in page keeps where to go in its form, and signing in goes there.
    let page = app
        .get_page("/signin?next=/workouts/5%3Fx%3Ddistance")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("name=\"next\" value=\"/workouts/5?x=distance\""),
        "{page}"
    );
    app.sign_up("ada", PASSWORD).await;
    app.sign_out().await;
    let back = app
        .call_with_csrf::<auth::SignIn>(&[
            ("username", "ada"),
            ("password", PASSWORD),
            ("next", "/workouts/5?x=distance"),
        ])
        .await;
    assert_eq!(
        back.headers().get(header::LOCATION).unwrap(),
        "/workouts/5?x=distance"
    );
}

db::on_both_backends!(
    health_check_reports_the_database,
    the_first_account_is_admin_and_is_signed_in_at_once,
    sign_up_is_closed_after_the_first_account_until_an_admin_opens_it,
    bad_sign_up_input_gets_a_field_message_never_a_500,
    malformed_bodies_are_bad_requests,
    sign_in_accepts_the_right_password_only,
    an_unknown_user_gets_the_same_answer_as_a_wrong_password,
    state_changing_requests_without_the_csrf_token_are_refused,
    a_session_survives_a_server_restart,
    sign_out_deletes_the_session_on_the_server,
    the_session_id_changes_at_sign_in,
    changing_the_password_signs_out_other_sessions,
    failed_sign_ins_are_throttled_with_a_clear_message,
    one_address_is_throttled_across_accounts,
    a_form_posted_without_javascript_redirects_back_with_its_error,
    pages_carry_security_headers_and_unknown_paths_are_404,
    pages_that_need_a_user_redirect_to_sign_in_and_back,
);

mod admin_users;
mod apple;
mod archives;
mod assets;
mod backup;
mod bests;
mod calendar;
mod cli;
mod compression;
mod gear;
mod hostile;
mod inbox;
mod language;
mod laps;
mod links;
mod maps;
mod metrics;
mod pages;
mod partner;
mod restore;
mod security;
mod stats;
mod sync;
mod tokens;
mod upload_stream;
mod workouts;
