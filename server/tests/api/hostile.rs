//! Hostile input over HTTP (issue 11): every case that crashed Laps, exhausted its memory,
//! stored wrong data or opened a hole, as a regression test. Each asserts a specific answer and
//! that nothing was stored that should not be.

use std::io::Write as _;

use auth::TokenScope;
use db::Backend;
use laps::config::Settings;
use reqwest::{StatusCode, header, multipart};
use serde_json::{Value, json};

use crate::{
    PASSWORD,
    helpers::{Browser, TestApp, settings, spawn_app_with},
};

async fn signed_in_with(backend: Backend, settings: Settings) -> TestApp {
    let app = spawn_app_with(backend, settings).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    app
}

async fn signed_in(backend: Backend) -> TestApp {
    signed_in_with(backend, settings()).await
}

async fn workout_count(app: &Browser) -> u64 {
    app.get_json("/api/v1/workouts?per_page=1").await.1["total"]
        .as_u64()
        .unwrap()
}

/// A TCX with `activities` runs of `points` one-second trackpoints each; `distance` is what
/// every lap and trackpoint claims to have covered.
fn tcx(activities: usize, points: usize, distance: &str, heart_rate: &str) -> Vec<u8> {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>"#,
    );
    for a in 0..activities {
        let day = 1 + a % 28;
        let hour = a / 28 % 24;
        let start = format!("2024-03-{day:02}T{hour:02}:00:00Z");
        out.push_str(&format!(
            r#"<Activity Sport="Running"><Id>{start}</Id><Lap StartTime="{start}"><TotalTimeSeconds>{points}</TotalTimeSeconds><DistanceMeters>{distance}</DistanceMeters><Calories>10</Calories><Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod><Track>"#
        ));
        for s in 0..points {
            out.push_str(&format!(
                "<Trackpoint><Time>2024-03-{day:02}T{hour:02}:{:02}:{:02}Z</Time><DistanceMeters>{}</DistanceMeters><HeartRateBpm><Value>{heart_rate}</Value></HeartRateBpm></Trackpoint>",
                s / 60 % 60,
                s % 60,
                if distance == "1e300" { "1e300".to_owned() } else { (s * 3).to_string() },
            ));
        }
        out.push_str("</Track></Lap></Activity>");
    }
    out.push_str("</Activities></TrainingCenterDatabase>");
    out.into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn refusal(result: &Value) -> &str {
    assert_eq!(result["status"], "refused", "{result}");
    result["error"].as_str().unwrap()
}

async fn a_file_gzipped_four_thousand_times_is_refused_without_recursion(backend: Backend) {
    let app = signed_in(backend).await;
    let mut bytes = tcx(1, 60, "180", "140");
    for _ in 0..4_000 {
        bytes = gzip(&bytes);
    }
    let results = app.upload_ok(&[("deep.tcx.gz".to_owned(), bytes)]).await;
    assert!(
        refusal(&results[0]).contains("gzip inside gzip"),
        "{}",
        results[0]
    );
    assert_eq!(workout_count(&app).await, 0);
}

async fn absurd_values_are_dropped_and_every_view_of_the_workout_stays_small(backend: Backend) {
    let app = signed_in(backend).await;
    let results = app
        .upload_ok(&[("far.tcx".to_owned(), tcx(1, 120, "1e300", "5000"))])
        .await;
    assert_eq!(results[0]["status"], "imported", "{}", results[0]);
    let id = results[0]["workout_id"].as_i64().unwrap();
    let (status, body) = app.get_json(&format!("/api/v1/workouts/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let workout = &body["workout"];
    assert!(
        workout["distance_m"].is_null(),
        "an impossible distance is not stored: {workout}"
    );
    assert!(
        workout["avg_hr"].is_null(),
        "5000 bpm is not stored: {workout}"
    );
    // The page, its charts and every export answer (one split per kilometre of 1e300 m ran
    // out of memory).
    let page = app.get_page(&format!("/workouts/{id}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    for format in ["tcx", "fit", "csv"] {
        let export = app
            .client
            .get(app.url(&format!("/api/v1/workouts/{id}/export/{format}")))
            .send()
            .await
            .unwrap();
        assert_eq!(export.status(), StatusCode::OK, "{format}");
    }
}

async fn one_decompression_budget_covers_every_zip_of_a_request(backend: Backend) {
    let app = signed_in_with(
        backend,
        Settings {
            max_decompressed_mib: Some(1),
            ..settings()
        },
    )
    .await;
    // Each zip holds one run that inflates to about 700 KB: the first fits the 1 MiB budget,
    // the second does not, and the third gets nothing either.
    let zips: Vec<(String, Vec<u8>)> = (0..3)
        .map(|k| {
            let run = tcx(1, 5_000 + k, "9000", "140");
            assert!(run.len() > 600_000, "{}", run.len());
            let zip = workouts::archive::zip_files(&[(&format!("run{k}.tcx"), &run)]);
            (format!("part{k}.zip"), zip)
        })
        .collect();
    let results = app.upload_ok(&zips).await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[0]["status"], "imported", "{}", results[0]);
    for refused in &results[1..] {
        assert!(
            refusal(refused).contains("decompression budget of 1 MB"),
            "{refused}"
        );
    }
    assert_eq!(workout_count(&app).await, 1);
}

async fn a_thousand_activities_in_one_small_file_are_refused_whole(backend: Backend) {
    let app = signed_in(backend).await;
    let bytes = gzip(&tcx(1_000, 2, "5", "120"));
    assert!(bytes.len() < 100_000, "{}", bytes.len());
    let results = app.upload_ok(&[("many.tcx.gz".to_owned(), bytes)]).await;
    let error = refusal(&results[0]);
    assert!(
        error.contains("1000 activities") && error.contains("at most 100"),
        "{error}"
    );
    assert_eq!(workout_count(&app).await, 0);
}

async fn an_element_with_eighty_thousand_attributes_is_refused(backend: Backend) {
    let app = signed_in(backend).await;
    let mut text = String::from(
        r#"<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running""#,
    );
    for i in 0..80_000 {
        text.push_str(&format!(" a{i}=\"x\""));
    }
    text.push_str("/></Activities></TrainingCenterDatabase>");
    let results = app
        .upload_ok(&[("wide.tcx".to_owned(), text.into_bytes())])
        .await;
    assert!(
        refusal(&results[0]).contains("attributes"),
        "{}",
        results[0]
    );
    assert_eq!(workout_count(&app).await, 0);
}

async fn sync_token(app: &TestApp) -> String {
    let user = app.current_user().await.unwrap();
    auth::Accounts::new(app.test_db.db.clone(), auth::ThrottlePolicy::default())
        .create_token(user.id, "agent", &[TokenScope::Sync])
        .await
        .unwrap()
        .token
}

async fn a_sync_session_spanning_days_or_with_a_broken_clock_is_refused(backend: Backend) {
    let app = signed_in(backend).await;
    let token = sync_token(&app).await;
    let agent = reqwest::Client::new();
    let post = |path: String, body: Value| {
        agent
            .post(app.url(&path))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let session: Value = post(
        "/api/v1/sync/sessions".into(),
        json!({ "sport": "running" }),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let id = session["id"].as_i64().unwrap();
    let batches = format!("/api/v1/sync/sessions/{id}/batches");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;

    // Clock values whose difference overflows: refused, not wrapped.
    let overflow = post(
        batches.clone(),
        json!({ "seq": 0, "clock": { "device_ms": i64::MIN, "utc_ms": i64::MAX }, "notifications": [] }),
    )
    .await
    .unwrap();
    assert_eq!(overflow.status(), StatusCode::BAD_REQUEST);
    assert!(overflow.text().await.unwrap().contains("clock"));

    // A notification 4e15 ms away (the process once tried to allocate a row per second of
    // that): named as malformed, never stored.
    let far = post(
        batches.clone(),
        json!({ "seq": 0, "clock": { "device_ms": 0, "utc_ms": now },
                "notifications": [
                    { "characteristic": "2a37", "t": 0, "value": "0078" },
                    { "characteristic": "2a37", "t": 4_000_000_000_000_000i64, "value": "0078" }] }),
    )
    .await
    .unwrap();
    assert_eq!(far.status(), StatusCode::OK);
    let far: Value = far.json().await.unwrap();
    assert_eq!(far["notifications"], 1, "{far}");
    assert_eq!(far["malformed"], 1, "{far}");
    assert!(
        far["errors"][0]["error"]
            .as_str()
            .unwrap()
            .contains("plausible"),
        "{far}"
    );

    // Eight days after the first: plausible on its own, but longer than a session may span.
    let late = post(
        batches.clone(),
        json!({ "seq": 1, "clock": { "device_ms": 0, "utc_ms": now - 9 * 86_400_000 },
                "notifications": [{ "characteristic": "2a37", "t": 86_400_000, "value": "0078" }] }),
    )
    .await
    .unwrap();
    assert_eq!(late.status(), StatusCode::OK);
    let close = post(format!("/api/v1/sync/sessions/{id}/close"), json!({}))
        .await
        .unwrap();
    assert_eq!(close.status(), StatusCode::BAD_REQUEST);
    let text = close.text().await.unwrap();
    assert!(text.contains("at most 168 hours"), "{text}");
    assert_eq!(workout_count(&app).await, 0);
}

async fn heavy_requests_beyond_the_limit_get_503_with_retry_after(backend: Backend) {
    let app = signed_in_with(
        backend,
        Settings {
            heavy_requests: Some(1),
            // A second's wait: the upload never loses the place to a probe that holds it for a
            // moment (with no wait it could be refused itself, and the probes never see 503).
            queue_seconds: Some(1),
            ..settings()
        },
    )
    .await;
    // The refused probes are 503s, which the server logs at ERROR level: on purpose here.
    app.expect_errors();
    // An export of a workout that does not exist takes a heavy place first: 404 while one is
    // free, 503 while the upload below holds the only one.
    let probe = || async {
        app.client
            .get(app.url("/api/v1/workouts/999999/export/fit"))
            .send()
            .await
            .unwrap()
    };
    assert_eq!(probe().await.status(), StatusCode::NOT_FOUND);

    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(1);
    let stream = futures::stream::unfold(receiver, |mut r| async move {
        r.recv().await.map(|chunk| (chunk, r))
    });
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::stream(reqwest::Body::wrap_stream(stream)).file_name("slow.tcx"),
    );
    let token = app.csrf_token().await;
    let slow = app
        .client
        .post(app.url("/api/v1/uploads"))
        .header("x-csrf-token", token)
        .multipart(form)
        .send();
    let slow = tokio::spawn(slow);
    sender.send(Ok(tcx(1, 30, "90", "140"))).await.unwrap();

    // Polled (up to 30 s on a loaded machine) until the upload has taken the place.
    let mut busy = None;
    for _ in 0..600 {
        let response = probe().await;
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            busy = Some(response);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let busy = busy.expect("the export waits for the upload's place, then gets 503");
    assert_eq!(
        busy.headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
    assert!(busy.text().await.unwrap().contains("busy"));

    drop(sender);
    let done = slow.await.unwrap().unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(
        probe().await.status(),
        StatusCode::NOT_FOUND,
        "the place is free again"
    );
}

async fn only_a_bearer_token_lets_a_request_skip_the_csrf_check(backend: Backend) {
    let app = signed_in(backend).await;
    let results = app
        .upload_ok(&[("run.tcx".to_owned(), tcx(1, 60, "180", "140"))])
        .await;
    let id = results[0]["workout_id"].as_i64().unwrap();
    let delete = |authorization: &'static str| {
        app.client
            .delete(app.url(&format!("/api/v1/workouts/{id}")))
            .header(header::AUTHORIZATION, authorization)
            .send()
    };
    // The session cookie rides along; no CSRF token: any other scheme is a forgery.
    for scheme in ["Basic YWRhOng=", "Negotiate abc", "Bearer"] {
        let response = delete(scheme).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{scheme}");
    }
    // A bearer token skips the check but then is the only credential: the cookie is not used.
    let response = delete("Bearer lpt_not-a-real-token").await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(workout_count(&app).await, 1, "nothing was deleted");
}

async fn redirects_after_forms_stay_on_this_site(backend: Backend) {
    let app = signed_in(backend).await;
    let token = app.csrf_token().await;
    for (then, redirects) in [
        ("/\\evil.example", false),
        ("/%09/evil.example", false),
        ("//evil.example", false),
        ("/calendar", true),
    ] {
        let form = multipart::Form::new().part(
            "file",
            multipart::Part::bytes(tcx(1, 10, "30", "140")).file_name("r.tcx"),
        );
        let response = app
            .client
            .post(app.url("/api/v1/uploads"))
            .query(&[("then", then)])
            .header("x-csrf-token", &token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let location = response.headers().get(header::LOCATION).cloned();
        if redirects {
            let location = location.expect("a redirect");
            assert!(location.to_str().unwrap().starts_with("/calendar?"));
        } else {
            assert_eq!(response.status(), StatusCode::OK, "{then}");
            assert!(location.is_none(), "{then}");
        }
    }

    let visitor = app.new_browser();
    let token = visitor.csrf_token().await;
    for next in ["/%09/evil.example", "/\t/evil.example", "/\\evil.example"] {
        let response = visitor
            .client
            .post(visitor.url(<app::auth::SignIn as leptos::server_fn::ServerFn>::PATH))
            .header(header::ACCEPT, "text/html")
            .form(&[
                ("username", "ada"),
                ("password", PASSWORD),
                ("next", next),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .unwrap();
        let location = response.headers().get(header::LOCATION).unwrap();
        assert_eq!(location.to_str().unwrap(), "/", "{next:?}");
    }
}

async fn paging_far_beyond_the_end_is_a_bad_request_not_a_wrap(backend: Backend) {
    let app = signed_in(backend).await;
    let (status, body) = app
        .get_json(&format!("/api/v1/workouts?page={}&per_page=500", u64::MAX))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = app.get_json("/api/v1/workouts?page=3&per_page=500").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["workouts"], json!([]));
}

async fn a_session_in_use_does_not_expire_a_fixed_time_after_sign_in(backend: Backend) {
    let app = signed_in(backend).await;
    let id = app.cookie("laps_session").expect("a session cookie");
    assert!(app.current_user().await.is_some());
    let db = &app.test_db.db;
    // Age the session: it was last refreshed long ago and its row expires in two seconds.
    // Edited as text: the record's id is a 128-bit number that `serde_json::Value` cannot hold.
    let data = String::from_utf8(db.session_load(&id).await.unwrap().unwrap()).unwrap();
    let key = "\"laps.refreshed\":";
    let at = data
        .find(key)
        .expect("a session in use notes when it was refreshed")
        + key.len();
    let digits = data[at..].find(|c: char| !c.is_ascii_digit()).unwrap();
    let aged = format!("{}0{}", &data[..at], &data[at + digits..]);
    let soon = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
        + 2_000;
    db.session_save(&id, aged.as_bytes(), soon).await.unwrap();
    // Using it pushes its expiry back by the idle time.
    assert!(app.current_user().await.is_some());
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    assert!(
        app.current_user().await.is_some(),
        "still signed in after the row's old expiry"
    );
}

async fn the_account_export_names_entries_without_backslashes(backend: Backend) {
    let app = signed_in(backend).await;
    let zip = workouts::archive::zip_files(&[("rides\\2024\\run.tcx", &tcx(1, 30, "90", "140"))]);
    let results = app.upload_ok(&[("windows.zip".to_owned(), zip)]).await;
    assert_eq!(results[0]["status"], "imported", "{}", results[0]);
    assert_eq!(results[0]["file"], "windows.zip/rides/2024/run.tcx");
    let export = app
        .client
        .get(app.url("/api/v1/export"))
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), StatusCode::OK);
    let bytes = export.bytes().await.unwrap();
    let entries = workouts::archive::expand(&bytes, workouts::ZipLimits::default()).unwrap();
    assert!(entries.len() >= 3);
    for entry in &entries {
        assert!(!entry.name.contains('\\'), "{}", entry.name);
    }
    assert!(entries.iter().any(|e| e.name.ends_with("_run.tcx")));
}

async fn gpx_is_neither_offered_nor_written_for_a_workout_without_positions(backend: Backend) {
    let app = signed_in(backend).await;
    let results = app
        .upload_ok(&[("treadmill.tcx".to_owned(), tcx(1, 600, "1800", "140"))])
        .await;
    let id = results[0]["workout_id"].as_i64().unwrap();
    let export = app
        .client
        .get(app.url(&format!("/api/v1/workouts/{id}/export/gpx")))
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), StatusCode::BAD_REQUEST);
    let text = export.text().await.unwrap();
    assert!(text.contains("no GPS positions"), "{text}");
    let page = app
        .get_page(&format!("/workouts/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("/api/v1/workouts/{id}/export/tcx")));
    assert!(!page.contains(&format!("/api/v1/workouts/{id}/export/gpx")));
}

async fn text_with_nul_characters_is_stored_clean_on_either_database(backend: Backend) {
    let app = signed_in(backend).await;
    // Concept2 writes `Concept2\0\0\0…` as the Creator name (Postgres refused the NULs: 500).
    let file = String::from_utf8(tcx(1, 60, "180", "140"))
        .unwrap()
        .replace(
            "</Activity>",
            "<Notes>row\u{0}ing</Notes><Creator><Name>Concept2\u{0}\u{0}\u{0}</Name></Creator></Activity>",
        );
    let results = app
        .upload_ok(&[("pm5.tcx".to_owned(), file.into_bytes())])
        .await;
    assert_eq!(results[0]["status"], "imported", "{}", results[0]);
    let id = results[0]["workout_id"].as_i64().unwrap();
    let (_, body) = app.get_json(&format!("/api/v1/workouts/{id}")).await;
    let text = body.to_string();
    assert!(!text.contains("\\u0000"), "{text}");
    assert_eq!(body["workout"]["device"], "Concept2", "{body}");
}

async fn a_gpx_stamped_1901_throughout_is_refused_saying_why(backend: Backend) {
    let app = signed_in(backend).await;
    let points: String = (0..20)
        .map(|i| {
            format!(
                r#"<trkpt lat="52.{i:02}" lon="13.40"><time>1901-12-13T20:45:52Z</time></trkpt>"#
            )
        })
        .collect();
    let gpx = format!(
        r#"<?xml version="1.0"?><gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>{points}</trkseg></trk></gpx>"#
    );
    let results = app
        .upload_ok(&[("old.gpx".to_owned(), gpx.into_bytes())])
        .await;
    let error = refusal(&results[0]);
    assert!(
        error.contains("times are impossible") && error.contains("1901"),
        "{error}"
    );
    assert_eq!(workout_count(&app).await, 0);
}

async fn a_tcx_whose_id_is_not_a_time_imports_from_its_first_lap(backend: Backend) {
    let app = signed_in(backend).await;
    let file = String::from_utf8(tcx(1, 60, "180", "140"))
        .unwrap()
        .replace(
            "<Id>2024-03-01T00:00:00Z</Id>",
            "<Id>android_id:3f2a9c</Id>",
        );
    assert!(file.contains("android_id"));
    let results = app
        .upload_ok(&[("painsled.tcx".to_owned(), file.into_bytes())])
        .await;
    assert_eq!(results[0]["status"], "imported", "{}", results[0]);
    let id = results[0]["workout_id"].as_i64().unwrap();
    let (_, body) = app.get_json(&format!("/api/v1/workouts/{id}")).await;
    assert_eq!(
        body["workout"]["start_ms"].as_i64(),
        Some(1_709_251_200_000),
        "2024-03-01T00:00:00Z, from the lap: {body}"
    );
}

async fn files_per_upload_are_counted_with_zip_entries(backend: Backend) {
    let app = signed_in_with(
        backend,
        Settings {
            max_files_per_upload: Some(2),
            ..settings()
        },
    )
    .await;
    let run = |k: usize| (format!("run{k}.tcx"), tcx(1, 10 + k, "30", "140"));
    // Three parts: refused before the third is read.
    let response = app.upload(&[run(0), run(1), run(2)]).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.text().await.unwrap().contains("at most 2 files"));
    // One part, but a zip of three entries: refused whole, nothing imported.
    let (a, b, c) = (run(0), run(1), run(2));
    let zip = workouts::archive::zip_files(&[(&a.0, &a.1), (&b.0, &b.1), (&c.0, &c.1)]);
    let results = app.upload_ok(&[("three.zip".to_owned(), zip)]).await;
    assert_eq!(results.len(), 1, "{results:?}");
    assert!(
        refusal(&results[0]).contains("at most 2 are accepted per upload"),
        "{}",
        results[0]
    );
    assert_eq!(workout_count(&app).await, 0);
}

async fn a_sync_session_holds_at_most_its_notification_limit(backend: Backend) {
    let app = signed_in_with(
        backend,
        Settings {
            max_sync_notifications: Some(3),
            ..settings()
        },
    )
    .await;
    let token = sync_token(&app).await;
    let agent = reqwest::Client::new();
    let session: Value = agent
        .post(app.url("/api/v1/sync/sessions"))
        .bearer_auth(&token)
        .json(&json!({ "sport": "running" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = session["id"].as_i64().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let batch = |seq: i64| {
        let notes: Vec<Value> = (0..2)
            .map(|i| json!({ "characteristic": "2a37", "t": seq * 2_000 + i * 1_000, "value": "0078" }))
            .collect();
        json!({ "seq": seq, "clock": { "device_ms": 0, "utc_ms": now - 60_000 }, "notifications": notes })
    };
    let send = |body: Value| {
        agent
            .post(app.url(&format!("/api/v1/sync/sessions/{id}/batches")))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    assert_eq!(send(batch(0)).await.unwrap().status(), StatusCode::OK);
    let over = send(batch(1)).await.unwrap();
    assert_eq!(over.status(), StatusCode::BAD_REQUEST);
    assert!(over.text().await.unwrap().contains("at most 3"));
}

db::on_both_backends!(
    files_per_upload_are_counted_with_zip_entries,
    a_sync_session_holds_at_most_its_notification_limit,
    text_with_nul_characters_is_stored_clean_on_either_database,
    a_gpx_stamped_1901_throughout_is_refused_saying_why,
    a_tcx_whose_id_is_not_a_time_imports_from_its_first_lap,
    gpx_is_neither_offered_nor_written_for_a_workout_without_positions,
    a_file_gzipped_four_thousand_times_is_refused_without_recursion,
    absurd_values_are_dropped_and_every_view_of_the_workout_stays_small,
    one_decompression_budget_covers_every_zip_of_a_request,
    a_thousand_activities_in_one_small_file_are_refused_whole,
    an_element_with_eighty_thousand_attributes_is_refused,
    a_sync_session_spanning_days_or_with_a_broken_clock_is_refused,
    heavy_requests_beyond_the_limit_get_503_with_retry_after,
    only_a_bearer_token_lets_a_request_skip_the_csrf_check,
    redirects_after_forms_stay_on_this_site,
    paging_far_beyond_the_end_is_a_bad_request_not_a_wrap,
    a_session_in_use_does_not_expire_a_fixed_time_after_sign_in,
    the_account_export_names_entries_without_backslashes,
);
