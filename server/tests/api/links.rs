//! The same activity through two doors: the watch's file uploaded by hand, then the Strava
//! export that holds it. The upload answers `linked`, the workout names its sources in the API
//! and on its page.

use db::Backend;
use reqwest::StatusCode;

use crate::{helpers::spawn_app, workouts::corpus_dir};

/// The Strava sample's `activities.csv` and its gzipped FIT, zipped as Strava hands them out.
fn strava_export() -> (String, Vec<u8>) {
    let dir = corpus_dir().join("archives/strava-export");
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (csv, profile, fit) = (
        read("activities.csv"),
        read("profile.csv"),
        read("activities/12866632127.fit.gz"),
    );
    let zip = workouts::archive::zip_files(&[
        ("activities.csv", &csv),
        ("profile.csv", &profile),
        ("activities/12866632127.fit.gz", &fit),
    ]);
    ("export_1234.zip".to_owned(), zip)
}

async fn a_file_then_the_export_holding_it_is_one_workout_linked_to_strava(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(
        app.sign_up("ada", "correct horse battery").await.status(),
        StatusCode::OK
    );
    let gz =
        std::fs::read(corpus_dir().join("archives/strava-export/activities/12866632127.fit.gz"))
            .unwrap();
    let fit = formats::gunzip(&gz, 1 << 20).unwrap();
    let first = app.upload_ok(&[("run.fit".to_owned(), fit)]).await;
    assert_eq!(first[0]["status"], "imported", "{first:?}");
    let id = first[0]["workout_id"].as_i64().unwrap();

    let response = app.upload(&[strava_export()]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let reply: serde_json::Value = response.json().await.unwrap();
    let result = &reply["files"][0];
    assert_eq!(
        (
            result["status"].as_str(),
            result["workout_id"].as_i64(),
            result["service"].as_str()
        ),
        (Some("linked"), Some(id), Some("Strava")),
        "{reply}"
    );
    assert_eq!(reply["summary"]["linked"], 1, "{reply}");

    let (status, workout) = app.get_json(&format!("/api/v1/workouts/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(workout["sources"], serde_json::json!(["Strava"]));
    assert_eq!(workout["workout"]["title"], "Laufen Landal Park");
    let (_, list) = app.get_json("/api/v1/workouts").await;
    assert_eq!(list["total"], 1, "not doubled");

    let html = app
        .get_page(&format!("/workouts/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Also in: Strava"),
        "the page names the source"
    );
}

db::on_both_backends!(a_file_then_the_export_holding_it_is_one_workout_linked_to_strava);
