//! `POST /api/v1/uploads` with `Accept: application/x-ndjson`: the results stream as they are
//! imported, a real Strava export among them.

use db::Backend;
use domain::{Outcome, UploadEvent};
use reqwest::{StatusCode, header, multipart};

use crate::{
    helpers::{TestApp, spawn_app},
    workouts::corpus_dir,
};

const STRAVA: &str = "archives/strava-export";

async fn signed_in(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    assert_eq!(
        app.sign_up("ada", "correct horse battery").await.status(),
        StatusCode::OK
    );
    app
}

/// The real Strava export, zipped as the service hands it out, with a stray file beside.
fn strava_zip() -> Vec<u8> {
    let dir = corpus_dir().join(STRAVA);
    let mut files: Vec<(String, Vec<u8>)> = vec![(
        "activities/12866632127.fit.gz".to_owned(),
        std::fs::read(dir.join("activities/12866632127.fit.gz")).unwrap(),
    )];
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name, std::fs::read(&path).unwrap()));
        }
    }
    let run = std::fs::read(corpus_dir().join("fit/fitparse__2013-02-06-12-11-14.fit")).unwrap();
    files.push(("extra/run.fit".to_owned(), run));
    files.push(("extra/readme.txt".to_owned(), b"not a workout".to_vec()));
    let named: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    workouts::archive::zip_files(&named)
}

async fn upload_streamed(app: &TestApp, accept: &str) -> reqwest::Response {
    let token = app.csrf_token().await;
    let form = multipart::Form::new().part(
        "file",
        multipart::Part::bytes(strava_zip()).file_name("export_1234.zip"),
    );
    app.client
        .post(app.url("/api/v1/uploads"))
        .header("x-csrf-token", token)
        .header(header::ACCEPT, accept)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn an_upload_streams_its_results_when_asked(backend: Backend) {
    let app = signed_in(backend).await;
    let response = upload_streamed(&app, "application/x-ndjson").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/x-ndjson"
    );
    let body = response.text().await.unwrap();
    let events: Vec<UploadEvent> = body
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}")))
        .collect();
    let UploadEvent::Planned { items } = events[0] else {
        panic!("first the count: {body}");
    };
    assert_eq!(
        items, 3,
        "the Strava row, the loose run, the stray file: {body}"
    );
    let results: Vec<_> = events[1..events.len() - 1]
        .iter()
        .map(|e| match e {
            UploadEvent::Result { result, workout } => (result, workout),
            other => panic!("a result per item, then the summary: {other:?}"),
        })
        .collect();
    assert_eq!(results.len(), 3);
    let strava = results
        .iter()
        .find(|(r, _)| r.file.ends_with("12866632127.fit.gz"))
        .expect("the Strava activity");
    assert!(matches!(strava.0.outcome, Outcome::Imported { .. }));
    let workout = strava.1.as_ref().expect("with its workout");
    assert_eq!(workout.title, "Laufen Landal Park");
    assert_eq!(workout.sport.name(), "running");
    assert_eq!(
        (workout.date.year, workout.date.month, workout.date.day),
        (2022, 5, 29)
    );
    // Its duration and distance, as the workout's own summary has them.
    let Outcome::Imported { workout_id, .. } = &strava.0.outcome else {
        panic!("imported: {:?}", strava.0.outcome);
    };
    let (_, stored) = app
        .get_json(&format!("/api/v1/workouts/{workout_id}"))
        .await;
    assert_eq!(
        Some(workout.elapsed_ms),
        stored["workout"]["elapsed_ms"].as_i64()
    );
    assert!(workout.elapsed_ms > 0);
    assert_eq!(workout.distance_m, stored["workout"]["distance_m"].as_f64());
    assert!(
        workout.distance_m.is_some_and(|d| d > 1_000.0),
        "{:?}",
        workout.distance_m
    );
    let stray = results
        .iter()
        .find(|(r, _)| r.file.ends_with("readme.txt"))
        .unwrap();
    assert!(matches!(stray.0.outcome, Outcome::Refused { .. }) && stray.1.is_none());
    let UploadEvent::Summary { summary } = events.last().unwrap() else {
        panic!("last the summary: {body}");
    };
    assert_eq!(english(summary), "2 workouts, 1 refused");

    // Again: every workout is there already, and says which it is.
    let again = upload_streamed(&app, "application/json, application/x-ndjson").await;
    let body = again.text().await.unwrap();
    let last: UploadEvent = serde_json::from_str(body.lines().last().unwrap()).unwrap();
    let UploadEvent::Summary { summary } = last else {
        panic!("{body}");
    };
    assert_eq!(english(&summary), "2 already imported, 1 refused");
    assert!(
        body.contains("Laufen Landal Park"),
        "duplicates name their workout"
    );
}

async fn other_clients_keep_the_one_json_answer(backend: Backend) {
    let app = signed_in(backend).await;
    let response = upload_streamed(&app, "application/json").await;
    assert_eq!(response.status(), StatusCode::OK);
    let reply: domain::UploadReply = response.json().await.unwrap();
    assert_eq!(reply.files.len(), 3);
    assert_eq!(english(&reply.summary), "2 workouts, 1 refused");
}

db::on_both_backends!(
    an_upload_streams_its_results_when_asked,
    other_clients_keep_the_one_json_answer,
);

/// An upload's summary as the English pages and notes word it.
fn english(summary: &domain::UploadSummary) -> String {
    i18n::upload_summary(domain::Language::En, summary)
}
