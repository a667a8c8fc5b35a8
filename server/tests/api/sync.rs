//! The sync API driven by a scripted agent: a one-hour ride from a heart-rate strap and a power
//! meter, sent in shuffled, duplicated batches with a few malformed notifications.

use auth::TokenScope;
use db::Backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    PASSWORD,
    helpers::{TestApp, spawn_app},
};

/// 2024-06-01T06:00:00Z.
const START_UTC: i64 = 1_717_221_600_000;
/// The agent's clock had been running 5 s when the ride started.
const BOOT: i64 = 5_000;

fn hr_of(i: i64) -> u8 {
    (120 + (i / 60) % 30) as u8
}

/// One notification a second from each sensor, for an hour, as the agent would batch them.
fn batches() -> Vec<Value> {
    let mut out = Vec::new();
    for minute in 0..60i64 {
        let mut strap = Vec::new();
        let mut power = Vec::new();
        for s in 0..60i64 {
            let i = minute * 60 + s;
            let t = BOOT + i * 1000;
            let bpm = hr_of(i);
            let rr = (60_000.0 / f64::from(bpm) * 1.024).round() as u16; // 1/1024 s
            let mut hr = vec![0x16, bpm];
            hr.extend(rr.to_le_bytes());
            strap.push(json!({ "characteristic": "2a37", "t": t, "value": domain::hex(&hr) }));
            // Power with wheel (1/2048 s) and crank (1/1024 s) revolutions: 10 m/s, 90 rpm.
            let wheel_revs = (i as f64 * 10.0 / 2.105).floor() as u32;
            let wheel_time =
                ((f64::from(wheel_revs) * 2.105 / 10.0 * 2048.0).round() as u32 % 65_536) as u16;
            let crank_revs = (i as f64 * 1.5).floor() as u32;
            let crank_time =
                ((f64::from(crank_revs) / 1.5 * 1024.0).round() as u32 % 65_536) as u16;
            let mut p = vec![0x30, 0x00];
            p.extend(((200 + i % 50) as i16).to_le_bytes());
            p.extend(wheel_revs.to_le_bytes());
            p.extend(wheel_time.to_le_bytes());
            p.extend(((crank_revs % 65_536) as u16).to_le_bytes());
            p.extend(crank_time.to_le_bytes());
            power.push(json!({ "characteristic": "00002a63-0000-1000-8000-00805f9b34fb", "t": t, "value": domain::hex(&p) }));
        }
        if minute == 7 {
            // Malformed: RR flag without RR bytes; a 16-bit heart rate cut short; an unknown
            // characteristic; not hex.
            strap.push(
                json!({ "characteristic": "2a37", "t": BOOT + 7 * 60_000 + 500, "value": "103c" }),
            );
            strap.push(
                json!({ "characteristic": "2a37", "t": BOOT + 7 * 60_000 + 600, "value": "013c" }),
            );
            strap.push(
                json!({ "characteristic": "2a19", "t": BOOT + 7 * 60_000 + 700, "value": "64" }),
            );
            strap.push(
                json!({ "characteristic": "2a37", "t": BOOT + 7 * 60_000 + 800, "value": "zz" }),
            );
        }
        let clock = json!({ "device_ms": BOOT + minute * 60_000 + 60_000, "utc_ms": START_UTC + minute * 60_000 + 60_000 });
        let laps: Vec<i64> = if minute == 30 {
            vec![BOOT + 30 * 60_000]
        } else {
            vec![]
        };
        out.push(json!({ "seq": minute * 2, "clock": clock, "sensor": "strap", "notifications": strap, "laps": laps }));
        out.push(json!({ "seq": minute * 2 + 1, "clock": clock, "sensor": "power", "notifications": power }));
    }
    out
}

async fn agent_token(app: &TestApp, scopes: &[TokenScope]) -> String {
    let user = app.current_user().await.unwrap();
    auth::Accounts::new(app.test_db.db.clone(), auth::ThrottlePolicy::default())
        .create_token(user.id, "agent", scopes)
        .await
        .unwrap()
        .token
}

async fn a_one_hour_ride_from_two_sensors_syncs_into_the_right_workout(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let token = agent_token(&app, &[TokenScope::Sync]).await;
    let agent = reqwest::Client::new();
    let post = |path: &str, body: Value| {
        agent
            .post(app.url(path))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };

    let device: Value = post("/api/v1/sync/devices", json!({ "name": "Bike computer", "maker": "Acme", "model": "Rider 2", "services": ["180d", "0x1818"] })).await.unwrap().json().await.unwrap();
    let session = post(
        "/api/v1/sync/sessions",
        json!({ "device_id": device["id"], "sport": "cycling", "wheel_circumference_mm": 2105 }),
    )
    .await
    .unwrap();
    assert_eq!(session.status(), StatusCode::CREATED);
    let session: Value = session.json().await.unwrap();
    let id = session["id"].as_i64().unwrap();

    let send = |batch: &Value| {
        let request = post(
            &format!("/api/v1/sync/sessions/{id}/batches"),
            batch.clone(),
        );
        async move { request.await.unwrap().json::<Value>().await.unwrap() }
    };
    // Shuffled (a fixed permutation), batch 5 held back, and ten resent.
    let all = batches();
    let mut order: Vec<usize> = (0..all.len()).map(|k| (k * 37) % all.len()).collect();
    order.retain(|&k| k != 5);
    let mut malformed = 0;
    for (n, &k) in order.iter().enumerate() {
        let answer: Value = send(&all[k]).await;
        assert_eq!(answer["duplicate"], false, "{answer}");
        malformed += answer["malformed"].as_i64().unwrap();
        if n == order.len() - 1 {
            assert_eq!(answer["missing"], json!([5]), "the gap is reported");
        }
    }
    assert_eq!(malformed, 4, "each malformed notification is counted");
    let bad: Value = send(&all[14]).await;
    assert_eq!(bad["malformed"], 4);
    let first_error = bad["errors"][0]["error"].as_str().unwrap();
    assert!(first_error.contains("RR interval"), "{first_error}");
    for &k in &order[..10] {
        let again: Value = send(&all[k]).await;
        assert_eq!(
            (
                again["duplicate"].as_bool(),
                again["notifications"].as_i64()
            ),
            (Some(true), Some(0))
        );
    }
    let last: Value = send(&all[5]).await;
    assert_eq!(last["missing"], json!([]));

    let closed = post(&format!("/api/v1/sync/sessions/{id}/close"), json!({}))
        .await
        .unwrap();
    assert_eq!(closed.status(), StatusCode::OK);
    let closed: Value = closed.json().await.unwrap();
    let workout_id = closed["workout_id"].as_i64().expect("a workout");
    let again: Value = post(&format!("/api/v1/sync/sessions/{id}/close"), json!({}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        again["workout_id"].as_i64(),
        Some(workout_id),
        "closing twice gives the same workout"
    );

    let detail: Value = app
        .client
        .get(app.url(&format!("/api/v1/workouts/{workout_id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let w = &detail["workout"];
    assert_eq!(w["sport"], "cycling");
    assert_eq!(w["start_ms"], START_UTC, "device time put on the UTC clock");
    assert_eq!(w["elapsed_ms"], 3_599_000);
    let expected_hr = (0..3600).map(|i| f64::from(hr_of(i))).sum::<f64>() / 3600.0;
    assert_eq!(w["avg_hr"].as_f64().unwrap(), expected_hr.round());
    assert_eq!(w["max_hr"], 149);
    let power = w["avg_power"].as_f64().unwrap();
    assert!((power - 224.5).abs() <= 0.5, "{power}");
    let distance = w["distance_m"].as_f64().unwrap();
    assert!(
        (distance - 36_000.0).abs() < 36.0,
        "10 m/s for an hour: {distance}"
    );
    let cadence = w["avg_cadence"].as_f64().unwrap();
    assert!((cadence - 90.0).abs() <= 1.0, "{cadence}");
    assert_eq!(w["device"], "Acme Rider 2");
    assert_eq!(
        detail["laps"].as_array().unwrap().len(),
        2,
        "the lap pressed at 30 minutes"
    );
    assert_eq!(detail["laps"][0]["elapsed_ms"], 1_800_000);

    // Every RR interval is kept: the HRM export has one row per beat.
    let hrm = app
        .client
        .get(app.url(&format!("/api/v1/workouts/{workout_id}/export/hrm")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows = hrm
        .split("[HRData]")
        .nth(1)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(rows, 3600, "one RR interval per notification");
}

async fn the_sync_scope_is_required(backend: Backend) {
    let app = spawn_app(backend).await;
    app.sign_up("ada", PASSWORD).await;
    let upload_only = agent_token(&app, &[TokenScope::Upload]).await;
    let refused = reqwest::Client::new()
        .post(app.url("/api/v1/sync/sessions"))
        .bearer_auth(&upload_only)
        .json(&json!({ "sport": "running" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let nobody = reqwest::Client::new()
        .get(app.url("/api/v1/sync/sessions/1"))
        .send()
        .await
        .unwrap();
    assert_eq!(nobody.status(), StatusCode::UNAUTHORIZED);
    // Another user's session is not there.
    let token = agent_token(&app, &[TokenScope::Sync]).await;
    let session: Value = reqwest::Client::new()
        .post(app.url("/api/v1/sync/sessions"))
        .bearer_auth(&token)
        .json(&json!({ "sport": "running" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    app.call_with_csrf::<app::auth::SetSignUpOpen>(&[("open", "on")])
        .await;
    let bob = app.new_browser();
    bob.sign_up("bob", PASSWORD).await;
    let bobs = bob
        .client
        .get(bob.url(&format!("/api/v1/sync/sessions/{}", session["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(bobs.status(), StatusCode::NOT_FOUND);
}

/// Every `/api/v1` path with its methods, as served.
const API_V1: &[(&str, &[&str])] = &[
    ("/api/v1/openapi.json", &["get"]),
    ("/api/v1/uploads", &["post"]),
    ("/api/v1/workouts", &["get"]),
    ("/api/v1/workouts/{id}", &["get", "delete"]),
    ("/api/v1/workouts/{id}/export/{format}", &["get"]),
    ("/api/v1/workouts/{id}/charts/{file}", &["get"]),
    ("/api/v1/export", &["get"]),
    ("/api/v1/me/connections", &["get"]),
    ("/api/v1/me/connections/{client_id}", &["delete"]),
    ("/api/v1/gear", &["get", "post"]),
    ("/api/v1/gear/defaults", &["get", "put"]),
    ("/api/v1/gear/{id}", &["get", "patch", "delete"]),
    ("/api/v1/workouts/{id}/gear", &["put"]),
    ("/api/v1/stats", &["get"]),
    ("/api/v1/stats/days", &["get"]),
    ("/api/v1/sync/devices", &["post"]),
    ("/api/v1/sync/activity", &["post"]),
    ("/api/v1/sync/sessions", &["post"]),
    ("/api/v1/sync/sessions/{id}", &["get"]),
    ("/api/v1/sync/sessions/{id}/batches", &["post"]),
    ("/api/v1/sync/sessions/{id}/close", &["post"]),
    ("/api/v1/records", &["get"]),
    ("/api/v1/curve", &["get"]),
    ("/api/v1/workouts/{id}/curve", &["get"]),
    ("/api/v1/fitness", &["get"]),
    ("/api/v1/routes", &["get"]),
    ("/api/v1/routes.svg", &["get"]),
];

async fn the_openapi_description_is_valid_and_covers_the_routes(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    let spec: Value = serde_json::from_str(&text).unwrap();
    let described: Vec<&str> = spec["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    let served: Vec<&str> = API_V1.iter().map(|(path, _)| *path).collect();
    assert_eq!(
        sorted(described),
        sorted(served),
        "the described paths are the served ones"
    );
    for (path, methods) in API_V1 {
        for method in *methods {
            let operation = &spec["paths"][path][method];
            assert!(operation.is_object(), "{method} {path} is described");
            assert!(
                operation["responses"]
                    .as_object()
                    .is_some_and(|r| !r.is_empty()),
                "{method} {path} describes its answers"
            );
        }
    }
    for scheme in ["bearer", "query", "session"] {
        assert!(
            spec["components"]["securitySchemes"][scheme].is_object(),
            "the {scheme} security scheme is described"
        );
    }
    // The list's filters come from its query type.
    let list_params = spec["paths"]["/api/v1/workouts"]["get"]["parameters"].to_string();
    for name in ["from", "to", "sport", "page", "per_page"] {
        assert!(
            list_params.contains(&format!("\"{name}\"")),
            "{name} is described"
        );
    }
    // Judged by an independent validator (PyPI openapi-spec-validator).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &text).unwrap();
    let python = std::env::var("LAPS_PARTNER_PYTHON")
        .unwrap_or_else(|_| "/tmp/laps-partner/bin/python".into());
    let checked = tokio::process::Command::new(&python)
        .args(["-c", "import json, sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print('valid')"])
        .arg(&file)
        .output()
        .await
        .unwrap_or_else(|e| panic!("cannot run {python} (scripts/test installs it): {e}"));
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
}

fn sorted(mut paths: Vec<&str>) -> Vec<&str> {
    paths.sort_unstable();
    paths
}

/// Every operation the description names is served: none gets the unknown-route page (the
/// app's HTML "not found"). A handler's own 404 is JSON.
async fn every_described_operation_is_served(backend: Backend) {
    let app = spawn_app(backend).await;
    let spec: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let mut probed = 0;
    for (path, item) in spec["paths"].as_object().expect("paths") {
        let concrete = path
            .replace("{format}", "csv")
            .replace("{file}", "heart_rate.svg")
            .replace("{client_id}", "someone")
            .replace("{id}", "1");
        for method in item.as_object().expect("operations").keys() {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let response = client
                .request(method.clone(), app.url(&concrete))
                .send()
                .await
                .unwrap();
            let html = response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html"));
            assert!(
                !(response.status() == StatusCode::NOT_FOUND && html)
                    && response.status() != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {concrete} is served (got {})",
                response.status()
            );
            probed += 1;
        }
    }
    assert_eq!(probed, API_V1.iter().map(|(_, m)| m.len()).sum::<usize>());
}

/// A route under `/api/v1` added with plain axum (`.route(...)`) would be served but not
/// described: every one must go through `utoipa_axum`'s `routes!`, which does both.
#[test]
fn every_api_v1_route_is_registered_through_the_openapi_router() {
    let http = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
    let mut files = vec![http.clone()];
    let mut plain = Vec::new();
    let mut described = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source: String = std::fs::read_to_string(&path)
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for call in [".route(", ".route_service(", ".nest(", ".nest_service("] {
            for (at, _) in source.match_indices(call) {
                let argument = &source[at + call.len()..];
                if argument.starts_with("\"/api/v1") || argument.starts_with("\"/api\"") {
                    plain.push(format!(
                        "{}: {}",
                        path.display(),
                        &argument[..argument.len().min(60)]
                    ));
                }
            }
        }
        for (at, _) in source.match_indices("path=\"/api/v1") {
            let literal = &source[at + "path=\"".len()..];
            described.push(literal[..literal.find('"').unwrap()].to_owned());
        }
    }
    assert!(plain.is_empty(), "served without a description: {plain:#?}");
    let mut described: Vec<&str> = described.iter().map(String::as_str).collect();
    described.sort_unstable();
    described.dedup();
    let mut served: Vec<&str> = API_V1.iter().map(|(path, _)| *path).collect();
    served.dedup();
    assert_eq!(
        sorted(described),
        sorted(served),
        "the source's #[utoipa::path]s are the served paths"
    );
}

db::on_both_backends!(
    the_openapi_description_is_valid_and_covers_the_routes,
    every_described_operation_is_served,
    a_one_hour_ride_from_two_sensors_syncs_into_the_right_workout,
    the_sync_scope_is_required,
);
