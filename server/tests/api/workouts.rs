//! Uploads, workouts and exports over HTTP, with real corpus files.

use std::path::PathBuf;

use db::Backend;
use reqwest::{StatusCode, header, multipart};
use serde_json::Value;

use crate::helpers::{Browser, TestApp, spawn_app};

const PASSWORD: &str = "correct horse battery";
const RUN: &str = "fit/fitparse__2013-02-06-12-11-14.fit";

pub fn corpus_dir() -> PathBuf {
    std::env::var_os("LAPS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
}

pub(crate) fn corpus(relative: &str) -> (String, Vec<u8>) {
    let bytes =
        std::fs::read(corpus_dir().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"));
    (relative.rsplit('/').next().unwrap().to_owned(), bytes)
}

/// Every file in the manifest: (path inside the corpus, what it should become).
pub(crate) fn manifest() -> Vec<(String, Expect)> {
    let text = std::fs::read_to_string(corpus_dir().join("MANIFEST.tsv")).unwrap();
    text.lines()
        .skip(1) // the header row: path, format, source, ...
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            let path = fields[0].to_owned();
            let expect =
                if path.starts_with("invalid/") || ROUTES_WITHOUT_TIMES.contains(&fields[0]) {
                    Expect::Refused
                } else if [
                    "records=0; sessions=0; laps=0",
                    "seg=0 trackpoints=0",
                    "seg=1 trackpoints=0",
                    "activities=0 laps=0 trackpoints=0",
                ]
                .iter()
                .any(|none| fields[6].contains(none))
                {
                    // Settings, workout plans, weight, metadata only: files that hold no activity.
                    Expect::NotAnActivity
                } else {
                    Expect::Workout
                };
            (path, expect)
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Expect {
    Workout,
    NotAnActivity,
    Refused,
}

/// GPX files whose tracks have no times: planned routes, refused by design.
const ROUTES_WITHOUT_TIMES: [&str; 3] = [
    "gpx/goldencheetah__A_ride_mapped_on_11_22_2011.gpx",
    "gpx/gpxpy__track_with_dilution_errors.gpx",
    "gpx/sportstracker__bike-tour-track_only.gpx",
];

impl Browser {
    /// Uploads files in one request, as the upload page does, with the CSRF header.
    pub async fn upload(&self, files: &[(String, Vec<u8>)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut form = multipart::Form::new();
        for (name, bytes) in files {
            form = form.part(
                "file",
                multipart::Part::bytes(bytes.clone()).file_name(name.clone()),
            );
        }
        self.client
            .post(self.url("/api/v1/uploads"))
            .header("x-csrf-token", token)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// The per-file results of an upload that must succeed as a request.
    pub async fn upload_ok(&self, files: &[(String, Vec<u8>)]) -> Vec<Value> {
        let response = self.upload(files).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        body["files"].as_array().unwrap().clone()
    }

    pub async fn get_json(&self, path: &str) -> (StatusCode, Value) {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

pub(crate) async fn signed_in(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    app
}

pub(crate) fn id_of(result: &Value) -> i64 {
    assert_eq!(result["status"], "imported", "{result}");
    result["workout_id"].as_i64().unwrap()
}

async fn workout_count(app: &TestApp) -> u64 {
    app.get_json("/api/v1/workouts?per_page=1").await.1["total"]
        .as_u64()
        .unwrap()
}

async fn every_corpus_file_imports_and_every_invalid_one_is_refused(backend: Backend) {
    let app = signed_in(backend).await;
    let (mut imported, mut refused) = (0, 0);
    for (path, expect) in manifest() {
        let before = workout_count(&app).await;
        let results = app.upload_ok(&[corpus(&path)]).await;
        assert_eq!(results.len(), 1, "{path}");
        let r = &results[0];
        if expect == Expect::NotAnActivity {
            assert_eq!(r["status"], "refused", "{path}: {r}");
            assert!(
                r["error"]
                    .as_str()
                    .unwrap()
                    .contains("not a recorded activity"),
                "{path}: {r}"
            );
            refused += 1;
        } else if expect == Expect::Refused {
            assert_eq!(r["status"], "refused", "{path}: {r}");
            let error = r["error"].as_str().unwrap();
            assert!(error.len() > 15, "{path}: a specific reason, got {error:?}");
            assert_eq!(
                workout_count(&app).await,
                before,
                "{path}: a refused file leaves nothing"
            );
            refused += 1;
        } else {
            assert!(
                matches!(r["status"].as_str(), Some("imported" | "duplicate")),
                "{path}: {r}"
            );
            imported += 1;
        }
    }
    assert!(
        imported > 180 && refused >= 20,
        "imported {imported}, refused {refused}"
    );
}

async fn the_same_file_twice_is_one_workout(backend: Backend) {
    let app = signed_in(backend).await;
    let first = id_of(&app.upload_ok(&[corpus(RUN)]).await[0]);
    let again = &app.upload_ok(&[corpus(RUN)]).await[0];
    assert_eq!(again["status"], "duplicate");
    assert_eq!(again["workout_id"], first);
    assert_eq!(workout_count(&app).await, 1);
}

async fn a_zip_and_an_hrm_gpx_pair_upload_as_expected(backend: Backend) {
    let app = signed_in(backend).await;
    let (_, run) = corpus(RUN);
    let (_, tcx) = corpus("tcx/sportstracker__Edge705-Running-Heartrate-2Laps.tcx");
    let zip = workouts::archive::zip_files(&[
        ("a/run.fit", &run),
        ("b/ride.tcx", &tcx),
        ("junk.txt", b"hello"),
    ]);
    let results = app.upload_ok(&[("season.zip".to_owned(), zip)]).await;
    let statuses: Vec<(&str, &str)> = results
        .iter()
        .map(|r| (r["file"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("season.zip/a/run.fit", "imported"),
            ("season.zip/b/ride.tcx", "imported"),
            ("season.zip/junk.txt", "refused")
        ]
    );
    let pair = app
        .upload_ok(&[
            corpus("hrm/hrmtrackmerger__sample.hrm"),
            corpus("gpx/hrmtrackmerger__sample.gpx"),
        ])
        .await;
    assert_eq!(pair.len(), 1, "one workout from the pair: {pair:?}");
    let (_, w) = app
        .get_json(&format!("/api/v1/workouts/{}", id_of(&pair[0])))
        .await;
    assert_eq!(w["workout"]["has_gps"], true);
    assert!(w["workout"]["avg_hr"].as_u64().is_some());
}

async fn workouts_list_filter_and_page(backend: Backend) {
    let app = signed_in(backend).await;
    for file in [
        RUN,
        "tcx/sportstracker__Edge705-Running-Heartrate-2Laps.tcx",
        "fit/fitparse__2015-10-13-08-43-15.fit",
    ] {
        id_of(&app.upload_ok(&[corpus(file)]).await[0]);
    }
    let (status, page) = app.get_json("/api/v1/workouts?per_page=2").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            page["total"].as_u64(),
            page["workouts"].as_array().unwrap().len()
        ),
        (Some(3), 2)
    );
    let starts: Vec<i64> = page["workouts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["start_ms"].as_i64().unwrap())
        .collect();
    assert!(starts[0] >= starts[1], "newest first");
    let all = app.get_json("/api/v1/workouts").await.1;
    let cycling = all["workouts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["sport"] == "cycling")
        .count();
    let (_, rides) = app.get_json("/api/v1/workouts?sport=cycling").await;
    assert_eq!(rides["total"].as_u64(), Some(cycling as u64));
    assert!(cycling > 0 && cycling < 3);
    let (_, y2013) = app
        .get_json("/api/v1/workouts?from=2013-01-01&to=2014-01-01")
        .await;
    assert_eq!(y2013["total"], 1, "{y2013}");
    let (status, bad) = app.get_json("/api/v1/workouts?from=yesterday").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(bad["error"].as_str().unwrap().contains("from"));
}

async fn exports_validate_and_reimport_into_the_same_numbers(backend: Backend) {
    let app = signed_in(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let mut written = Vec::new();
    for file in [
        RUN,
        "tcx/sportstracker__Edge705-Running-Heartrate-2Laps.tcx",
        "hrm/hrmparser__polarRS800-RR.hrm",
        "gpx/hrmtrackmerger__sample.gpx",
    ] {
        let id = id_of(&app.upload_ok(&[corpus(file)]).await[0]);
        let (_, source) = app.get_json(&format!("/api/v1/workouts/{id}")).await;
        let source = &source["workout"];
        for format in ["tcx", "gpx", "fit", "hrm", "csv", "original"] {
            let response = app
                .client
                .get(app.url(&format!("/api/v1/workouts/{id}/export/{format}")))
                .send()
                .await
                .unwrap();
            if format == "gpx" && source["has_gps"] == false {
                // GPX holds only points with a position: refused, never an empty track.
                assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{file} as gpx");
                continue;
            }
            assert_eq!(response.status(), StatusCode::OK, "{file} as {format}");
            let disposition = response.headers()[header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .to_owned();
            let content_type = response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .to_owned();
            let bytes = response.bytes().await.unwrap().to_vec();
            let name = disposition.split('"').nth(1).unwrap().to_owned();
            if format == "original" {
                assert_eq!(bytes, corpus(file).1, "{file}: the original, byte for byte");
                continue;
            }
            assert!(name.ends_with(&format!(".{format}")), "{name}");
            let expected_type = formats::OutputFormat::from_extension(format)
                .unwrap()
                .content_type();
            assert_eq!(content_type, expected_type);
            if format == "csv" {
                continue;
            }
            if matches!(format, "tcx" | "gpx" | "fit") {
                let path = dir.path().join(&name);
                std::fs::write(&path, &bytes).unwrap();
                written.push(path);
            }
            if format == "gpx" && source["has_gps"] == false {
                // GPX is a track: an indoor workout exports as an empty one, which is refused.
                let r = &app.upload_ok(&[(name.clone(), bytes)]).await[0];
                assert_eq!(r["status"], "refused", "{file} as {format}: {r}");
                continue;
            }
            // Re-imported (other bytes, so not a duplicate): the same numbers.
            let copy = reimport(&app, &name, bytes).await;
            // HRM holds local wall-clock time only: it comes back at the same local time, read
            // in the user's zone, so compare wall clocks for it.
            let local = |w: &Value| {
                w["start_ms"].as_i64().unwrap()
                    + if format == "hrm" {
                        w["utc_offset_min"].as_i64().unwrap() * 60_000
                    } else {
                        0
                    }
            };
            let (a, b) = (local(&copy), local(source));
            // GPX has no start of its own: it starts at the first point, which a device may log
            // a second after the lap began.
            let slack = if format == "gpx" { 1000 } else { 999 };
            assert!(
                (a - b).abs() <= slack,
                "{file} as {format}: start {a} vs {b}"
            );
            if format != "hrm" {
                assert_eq!(
                    copy["utc_offset_min"], source["utc_offset_min"],
                    "{file} as {format}: offset"
                );
            }
            if format != "hrm" && source["distance_m"].is_number() && format != "gpx" {
                let (a, b) = (
                    copy["distance_m"].as_f64().unwrap(),
                    source["distance_m"].as_f64().unwrap(),
                );
                assert!(
                    (a - b).abs() <= b * 0.001,
                    "{file} as {format}: distance {a} vs {b}"
                );
            }
            if format != "gpx" || source["has_gps"] == true {
                assert_eq!(
                    copy["max_hr"], source["max_hr"],
                    "{file} as {format}: max HR"
                );
            }
        }
    }
    // Official schemas and Garmin's FIT SDK.
    let tool = corpus_dir().join("../tools/validate-export");
    let output = std::process::Command::new(tool)
        .args(&written)
        .output()
        .expect("run validate-export");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(written.len() >= 10);
}

/// Uploads an export, reads the workout it became, and deletes it again (so the next export's
/// overlap list stays short). Returns the re-imported workout's summary.
async fn reimport(app: &TestApp, name: &str, bytes: Vec<u8>) -> Value {
    let results = app.upload_ok(&[(name.to_owned(), bytes)]).await;
    let id = id_of(&results[0]);
    let (_, w) = app.get_json(&format!("/api/v1/workouts/{id}")).await;
    let deleted = app
        .client
        .delete(app.url(&format!("/api/v1/workouts/{id}")))
        .header("x-csrf-token", app.csrf_token().await)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    w["workout"].clone()
}

async fn other_users_workouts_answer_404_and_strangers_401(backend: Backend) {
    let app = signed_in(backend).await;
    let id = id_of(&app.upload_ok(&[corpus(RUN)]).await[0]);
    let stranger = app.new_browser();
    let (status, _) = stranger.get_json(&format!("/api/v1/workouts/{id}")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        stranger.upload(&[corpus(RUN)]).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // A second account (sign-up opened by the admin) sees none of the first one's data.
    let accounts = auth::Accounts::new(app.test_db.db.clone(), auth::ThrottlePolicy::default());
    accounts.add_user("bob", PASSWORD, false).await.unwrap();
    let bob = app.new_browser();
    assert_eq!(bob.sign_in("bob", PASSWORD).await.status(), StatusCode::OK);
    for path in [
        format!("/api/v1/workouts/{id}"),
        format!("/api/v1/workouts/{id}/export/tcx"),
        format!("/api/v1/workouts/{id}/export/original"),
        "/api/v1/workouts/not-a-number".to_owned(),
        format!("/api/v1/workouts/{id}/export/exe"),
    ] {
        let (status, body) = bob.get_json(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
    }
    let deleted = bob
        .client
        .delete(bob.url(&format!("/api/v1/workouts/{id}")))
        .header("x-csrf-token", bob.csrf_token().await)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NOT_FOUND);
    assert_eq!(bob.get_json("/api/v1/workouts").await.1["total"], 0);
    assert_eq!(workout_count(&app).await, 1, "still there for its owner");
}

async fn uploads_need_the_csrf_token(backend: Backend) {
    let app = signed_in(backend).await;
    let (name, bytes) = corpus(RUN);
    let form = multipart::Form::new().part("file", multipart::Part::bytes(bytes).file_name(name));
    let response = app
        .client
        .post(app.url("/api/v1/uploads"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(workout_count(&app).await, 0);
    let empty = app
        .client
        .post(app.url("/api/v1/uploads"))
        .header("x-csrf-token", app.csrf_token().await)
        .multipart(multipart::Form::new().text("note", "no files"))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
}

async fn the_account_export_streams_a_zip_of_everything(backend: Backend) {
    let app = signed_in(backend).await;
    app.upload_ok(&[corpus(RUN)]).await;
    app.upload_ok(&[corpus("tcx/dblock-tcx__multiple_running_activities.tcx")])
        .await;
    let total = workout_count(&app).await;
    let response = app
        .client
        .get(app.url("/api/v1/export"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/zip");
    assert!(
        response.headers().get(header::CONTENT_LENGTH).is_none(),
        "streamed, not built first"
    );
    let bytes = response.bytes().await.unwrap();
    let entries = workouts::archive::expand(&bytes, workouts::ZipLimits::default()).unwrap();
    let fits = entries
        .iter()
        .filter(|e| e.name.starts_with("fit/"))
        .count() as u64;
    assert_eq!(fits, total);
    assert!(entries.iter().any(|e| e.name == "index.json"));
}

db::on_both_backends!(
    every_corpus_file_imports_and_every_invalid_one_is_refused,
    the_same_file_twice_is_one_workout,
    a_zip_and_an_hrm_gpx_pair_upload_as_expected,
    workouts_list_filter_and_page,
    exports_validate_and_reimport_into_the_same_numbers,
    other_users_workouts_answer_404_and_strangers_401,
    uploads_need_the_csrf_token,
    the_account_export_streams_a_zip_of_everything,
    calendar_days_are_the_workouts_local_days_across_dst_and_zones,
    the_workout_page_shows_charts_laps_zones_and_exports,
);

/// A GPX track of ten minutes at a place and a UTC start time.
pub(crate) fn track_at(lat: f64, lon: f64, start_utc_s: i64) -> Vec<u8> {
    let start = formats::Timestamp::from_unix_s(start_utc_s);
    let mut b = formats::SamplesBuilder::new();
    for i in 0..60 {
        b.push_row(start.add_ms(i * 10_000));
        b.latitude(lat + i as f64 * 1e-4);
        b.longitude(lon);
        b.heart_rate(120.0 + i as f32);
    }
    let recording = formats::Recording {
        format: Some(formats::Format::Gpx),
        sport: formats::Sport::Running,
        start,
        samples: b.finish(),
        ..formats::Recording::default()
    };
    formats::write(&recording, formats::OutputFormat::Gpx)
}

/// The workout ids the calendar page shows on a day (`YYYY-MM-DD`).
pub(crate) fn ids_on_day(html: &str, day: &str) -> Vec<i64> {
    let Some(start) = html.find(&format!("data-date=\"{day}\"")) else {
        return Vec::new();
    };
    let cell = &html[start
        ..html[start..]
            .find("</td>")
            .map_or(html.len(), |e| start + e)];
    cell.match_indices("href=\"/workouts/")
        .filter_map(|(i, m)| {
            let rest = &cell[i + m.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .collect()
}

async fn calendar_days_are_the_workouts_local_days_across_dst_and_zones(backend: Backend) {
    let app = signed_in(backend).await;
    // New York, 2024-03-10 04:30Z: 23:30 EST on March 9th, hours before clocks go forward.
    let ny = id_of(
        &app.upload_ok(&[("ny.gpx".to_owned(), track_at(40.71, -74.0, 1_710_045_000))])
            .await[0],
    );
    // Berlin, 2024-10-26 22:30Z: 00:30 CEST on October 27th, the night clocks go back.
    let berlin = id_of(
        &app.upload_ok(&[(
            "berlin.gpx".to_owned(),
            track_at(52.52, 13.40, 1_729_981_800),
        )])
        .await[0],
    );
    // Sydney, 2024-04-06 14:30Z: 01:30 AEDT on April 7th (the user's own zone is UTC).
    let sydney = id_of(
        &app.upload_ok(&[(
            "sydney.gpx".to_owned(),
            track_at(-33.87, 151.21, 1_712_413_800),
        )])
        .await[0],
    );

    let march = app
        .get_page("/calendar/2024/03")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        ids_on_day(&march, "2024-03-09"),
        [ny],
        "New York's local day"
    );
    assert!(ids_on_day(&march, "2024-03-10").is_empty());
    let october = app
        .get_page("/calendar/2024/10")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(ids_on_day(&october, "2024-10-27"), [berlin]);
    assert!(
        ids_on_day(&october, "2024-10-26").is_empty(),
        "not the UTC day"
    );
    let april = app
        .get_page("/calendar/2024/04")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(ids_on_day(&april, "2024-04-07"), [sydney]);

    let (_, w) = app.get_json(&format!("/api/v1/workouts/{ny}")).await;
    assert_eq!(
        (
            w["workout"]["utc_offset_min"].as_i64(),
            w["workout"]["time_zone"].as_str()
        ),
        (Some(-300), Some("America/New_York"))
    );
    let (_, w) = app.get_json(&format!("/api/v1/workouts/{berlin}")).await;
    assert_eq!(
        w["workout"]["utc_offset_min"], 120,
        "summer time until 03:00 that night"
    );
    // Exports carry true UTC, and FIT the local offset: re-imported, the same local day.
    let fit = app
        .client
        .get(app.url(&format!("/api/v1/workouts/{ny}/export/fit")))
        .send()
        .await
        .unwrap();
    let name = fit.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(name.contains("2024-03-09_2330_Running.fit"), "{name}");
    let copy = reimport(&app, "ny.fit", fit.bytes().await.unwrap().to_vec()).await;
    assert_eq!(copy["utc_offset_min"], -300);
    assert_eq!(copy["start_ms"].as_i64(), Some(1_710_045_000_000));
}

async fn the_workout_page_shows_charts_laps_zones_and_exports(backend: Backend) {
    let app = signed_in(backend).await;
    let id = id_of(&app.upload_ok(&[corpus(RUN)]).await[0]);
    let page = app.get_page(&format!("/workouts/{id}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    for needle in [
        "<h2 id=\"laps-heading\">Laps</h2>",
        "Heart-rate zones",
        "<div role=\"img\" aria-label=\"Heart rate chart, ",
        "<div role=\"img\" aria-label=\"Pace chart, ",
        "class=\"chart-inline\"><div class=\"chart-wide\"><svg ",
        &format!("/api/v1/workouts/{id}/export/tcx"),
        &format!("/api/v1/workouts/{id}/export/original"),
        "class=\"route\"",
        "Avg pace",
    ] {
        assert!(html.contains(needle), "the page has {needle}");
    }
    // The charts' pictures are in the page (the whole view is one request), each in both
    // sizes: none is fetched by URL.
    assert!(!html.contains("/charts/"), "no picture to fetch");
    // Each picture: what follows its `<svg `, up to its `</svg>`.
    let pictures: Vec<&str> = html
        .match_indices("<svg ")
        .map(|(at, tag)| &html[at + tag.len()..])
        .map(|svg| &svg[..svg.find("</svg>").expect("a closed picture")])
        .filter(|svg| svg.contains("class=\"chart-svg\""))
        .collect();
    assert_eq!(pictures.len(), 6, "three charts, wide and narrow");
    assert_eq!(
        pictures
            .iter()
            .filter(|svg| svg.starts_with("width=\"400\" height=\"240\""))
            .count(),
        3
    );
    for svg in &pictures {
        assert!(
            svg.len() < 40_000,
            "a picture stays light: {} bytes",
            svg.len()
        );
        assert!(
            !svg.contains("<style"),
            "no style that would apply to the page"
        );
    }
    let outside = html.len() - pictures.iter().map(|svg| svg.len()).sum::<usize>();
    assert!(
        outside < 120_000,
        "the page besides its pictures stays light: {outside} bytes"
    );
    let svg = app
        .client
        .get(app.url(&format!(
            "/api/v1/workouts/{id}/charts/heart_rate.svg?x=distance"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(svg.headers()[header::CONTENT_TYPE], "image/svg+xml");
    assert!(
        svg.headers()[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .starts_with("private")
    );
    assert!(svg.text().await.unwrap().starts_with("<svg"));
    // The phone's picture on its own, as the API serves it: drawn for its width.
    let narrow_src = format!("/api/v1/workouts/{id}/charts/heart_rate.svg?size=narrow&lang=en");
    // Numbers in the picture take the language's marks: the distance axis' 0.5 km steps.
    let labels = |svg: String| -> Vec<String> {
        svg.split('>')
            .filter_map(|piece| piece.split('<').next())
            .filter(|text| text.chars().any(|c| c.is_ascii_digit()) && !text.contains('='))
            .map(str::to_owned)
            .collect()
    };
    let drawn = |lang: &'static str| {
        let app = &app;
        async move {
            let url = format!("/api/v1/workouts/{id}/charts/pace.svg?x=distance&lang={lang}");
            labels(
                app.client
                    .get(app.url(&url))
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap(),
            )
        }
    };
    let (english, german) = (drawn("en").await, drawn("de").await);
    assert!(
        english.iter().any(|l| l.contains('.')),
        "decimal ticks: {english:?}"
    );
    let expected: Vec<String> = english.iter().map(|l| l.replace('.', ",")).collect();
    assert_eq!(german, expected);
    let narrow = app
        .client
        .get(app.url(&narrow_src))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        narrow.contains("width=\"400\" height=\"240\""),
        "{}",
        &narrow[..120]
    );
    // Another account: the page says not found, the picture is a 404.
    let accounts = auth::Accounts::new(app.test_db.db.clone(), auth::ThrottlePolicy::default());
    accounts.add_user("bob", PASSWORD, false).await.unwrap();
    let bob = app.new_browser();
    assert_eq!(bob.sign_in("bob", PASSWORD).await.status(), StatusCode::OK);
    let (status, _) = bob
        .get_json(&format!("/api/v1/workouts/{id}/charts/heart_rate.svg"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let theirs = bob
        .get_page(&format!("/workouts/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(theirs.contains("There is no such workout") && !theirs.contains("Heart-rate zones"));
}
