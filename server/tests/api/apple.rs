//! An Apple Health export uploaded over HTTP: the real sample of the corpus in Apple's zip
//! layout, as the upload page sends it.

use db::Backend;
use reqwest::StatusCode;

use crate::helpers::{TestApp, spawn_app};
use crate::workouts::corpus_dir;

const PASSWORD: &str = "correct horse battery";

/// The corpus export zipped as Apple zips it: `apple_health_export/` with `export.xml`, the
/// route file, and the clinical document Laps leaves out.
fn export_zip() -> Vec<u8> {
    let dir = corpus_dir().join("archives/apple-health/apple_health_export");
    let read = |p: &str| std::fs::read(dir.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let route = "workout-routes/route_2019-06-11_3.00pm.gpx";
    let (xml, gpx) = (read("export.xml"), read(route));
    workouts::archive::zip_files(&[
        ("apple_health_export/export.xml", &xml),
        (&format!("apple_health_export/{route}"), &gpx),
        ("apple_health_export/export_cda.xml", b"<ClinicalDocument/>"),
    ])
}

async fn an_apple_health_export_uploads_its_run_and_days_once(backend: Backend) {
    let app: TestApp = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    let upload = || [("export.zip".to_owned(), export_zip())];
    let results = app.upload_ok(&upload()).await;
    let got: Vec<(&str, &str)> = results
        .iter()
        .map(|r| (r["file"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "export.zip/apple_health_export/export.xml: Running on 2016-11-14 07:25 (line 14)",
                "imported"
            ),
            ("export.zip/apple_health_export/export.xml", "days"),
            ("export.zip", "skipped"),
        ]
    );
    assert_eq!(results[1]["stored"], 2, "two ActivitySummary days");
    let id = results[0]["workout_id"].as_i64().unwrap();
    let (status, w) = app.get_json(&format!("/api/v1/workouts/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let w = &w["workout"];
    assert_eq!(w["sport"], "running");
    assert_eq!(w["utc_offset_min"], -420);
    assert_eq!(w["time_zone"], "America/Los_Angeles");
    assert_eq!(w["has_gps"], true);
    assert_eq!(w["source_name"], "apple-health_2016-11-14_0725_Running.zip");
    let day = app
        .get_page("/activity/2016-11-15")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        day.contains("Figures from the Apple Health export."),
        "{day}"
    );

    let again = app.upload_ok(&upload()).await;
    assert_eq!(again[0]["status"], "duplicate", "{again:?}");
    assert_eq!(again[0]["workout_id"], id);
    let (_, list) = app.get_json("/api/v1/workouts?per_page=1").await;
    assert_eq!(list["total"], 1);
}

db::on_both_backends!(an_apple_health_export_uploads_its_run_and_days_once);
