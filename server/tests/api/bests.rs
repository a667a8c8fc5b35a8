//! Records, curves and fitness over the JSON API: the shapes the OpenAPI description gives,
//! read with a token of the read scope, another athlete's workouts never in them, and bad
//! filters refused with a 400 that says which.

use auth::TokenScope;
use db::Backend;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Browser, TestApp, spawn_app};
use crate::workouts::corpus_dir;

const PASSWORD: &str = "correct horse battery";
const RUN: &str = "fit/fitparse__2013-02-06-12-11-14.fit";

/// A token of the read scope for the athlete signed in on `who`.
async fn reader(app: &TestApp, who: &Browser) -> String {
    let user = who.current_user().await.unwrap();
    auth::Accounts::new(app.test_db.db.clone(), auth::ThrottlePolicy::default())
        .create_token(user.id, "reader", &[TokenScope::Read])
        .await
        .unwrap()
        .token
}

async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn records_curves_and_fitness_answer_with_a_read_token(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    let bytes = std::fs::read(corpus_dir().join(RUN)).unwrap();
    let results = app
        .upload_ok(&[("run.fit".to_owned(), bytes.clone())])
        .await;
    let id = results[0]["workout_id"].as_i64().unwrap();
    let token = reader(&app, &app).await;

    let (status, body) = get(&app, &token, "/api/v1/records?sport=running").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["pending"], 0);
    let records = body["records"].as_array().unwrap();
    let km = records
        .iter()
        .find(|r| r["kind"] == "distance" && r["target"] == 1000)
        .unwrap_or_else(|| panic!("a 1 km record: {body}"));
    assert_eq!(km["workout_id"], id);
    assert_eq!(km["sport"], "running");
    assert_eq!(km["date"], "2013-02-06", "the local day, as YYYY-MM-DD");
    let seconds = km["value"].as_f64().unwrap();
    assert!(
        (150.0..600.0).contains(&seconds),
        "a plausible 1 km: {seconds}"
    );
    assert!(km["start_offset_s"].as_f64().unwrap() >= 0.0);
    assert!(
        records
            .iter()
            .any(|r| r["kind"] == "hr" && r["target"] == 60)
    );
    assert!(records.iter().all(|r| r["sport"] == "running"));

    let (status, curve) = get(
        &app,
        &token,
        &format!("/api/v1/workouts/{id}/curve?kind=pace"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{curve}");
    let points = curve["points"].as_array().unwrap();
    assert!(points.len() > 5, "{curve}");
    let values: Vec<f64> = points
        .iter()
        .map(|p| p["value"].as_f64().unwrap())
        .collect();
    assert!(
        values.windows(2).all(|w| w[1] <= w[0] + 1e-9),
        "never rising: {values:?}"
    );
    let (status, athlete) = get(
        &app,
        &token,
        "/api/v1/curve?kind=pace&from=2013-01-01&to=2013-12-31",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        athlete["points"], curve["points"],
        "one workout: its curve is the athlete's"
    );

    let (status, fitness) = get(
        &app,
        &token,
        "/api/v1/fitness?from=2013-02-01&to=2013-02-28",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{fitness}");
    let days = fitness["days"].as_array().unwrap();
    assert_eq!(days.len(), 28);
    let run_day = days.iter().find(|d| d["date"] == "2013-02-06").unwrap();
    assert!(run_day["load"].as_f64().unwrap() > 0.0, "{run_day}");
    assert!(
        days[0]["fitness"].as_f64().unwrap() == 0.0,
        "nothing before the run"
    );

    // Bad filters say what is wrong.
    for (path, says) in [
        ("/api/v1/records?from=yesterday", "from"),
        ("/api/v1/records?sport=quidditch", "sport"),
        ("/api/v1/records?from=2024-02-01&to=2024-01-01", "after"),
        ("/api/v1/curve?kind=speed", "kind"),
        ("/api/v1/fitness?from=1990-01-01&to=2024-01-01", "at most"),
    ] {
        let (status, body) = get(&app, &token, path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert!(body.to_string().contains(says), "{path}: {body}");
    }
    let (status, _) = get(&app, &token, "/api/v1/workouts/nope/curve?kind=power").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Another athlete's answers hold none of it, and its workout's curve is not found.
    app.call_with_csrf::<app::auth::SetSignUpOpen>(&[("open", "on")])
        .await;
    let eve = app.new_browser();
    assert_eq!(eve.sign_up("eve", PASSWORD).await.status(), StatusCode::OK);
    let eve_token = reader(&app, &eve).await;
    let (_, theirs) = get(&app, &eve_token, "/api/v1/records").await;
    assert_eq!(theirs["records"], Value::Array(Vec::new()));
    let (status, _) = get(
        &app,
        &eve_token,
        &format!("/api/v1/workouts/{id}/curve?kind=hr"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The OpenAPI description names them.
    let (_, description) = get(&app, &token, "/api/v1/openapi.json").await;
    for path in [
        "/api/v1/records",
        "/api/v1/curve",
        "/api/v1/workouts/{id}/curve",
        "/api/v1/fitness",
    ] {
        assert!(description["paths"][path]["get"].is_object(), "{path}");
    }
    assert!(description["components"]["schemas"]["Record"].is_object());
}

/// The settings form's FTP and TRIMP coefficients: saved, and an FTP no one has refused by
/// the server with the field named (the browser's own check is only a convenience).
async fn ftp_and_trimp_are_settings_the_server_checks(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    let form = |ftp: &'static str| {
        crate::helpers::preferences_form(&[
            ("time_zone", "Europe/Berlin"),
            ("ftp_w", ftp),
            ("trimp", "women"),
        ])
    };
    for bad in ["5", "9000", "lots"] {
        let response = app
            .call_with_csrf::<app::workouts::SavePreferences>(&form(bad))
            .await;
        let (status, error) = crate::helpers::app_error(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            matches!(&error, app::AppError::Field { field, message } if field == "ftp_w" && message.contains("FTP")),
            "{bad}: {error:?}"
        );
    }
    let saved = app
        .call_with_csrf::<app::workouts::SavePreferences>(&form("265"))
        .await;
    assert!(
        saved.status().is_success() || saved.status().is_redirection(),
        "{}",
        saved.status()
    );
    let user = app.current_user().await.unwrap();
    let p = app.test_db.db.preferences(user.id).await.unwrap();
    assert_eq!((p.ftp_w, p.trimp), (Some(265), domain::TrimpModel::Women));
}

db::on_both_backends!(
    records_curves_and_fitness_answer_with_a_read_token,
    ftp_and_trimp_are_settings_the_server_checks,
);
