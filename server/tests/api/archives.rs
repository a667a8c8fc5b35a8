//! Account archives through the upload door: a Garmin Connect export assembled in Garmin's
//! layout from the corpus's real recordings (no free sample exists) and sent as its zip to
//! `POST /api/v1/uploads`. `cli.rs` imports the same export unpacked, with `laps import`.

use db::Backend;
use reqwest::StatusCode;
use serde_json::Value;

use crate::{PASSWORD, helpers::spawn_app};

/// A real fenix 5 run, joined to its summary by Garmin's id in its file's name.
const RUN: &str = "fit/fitparse__garmin-fenix-5-run.fit";
const PART: &str = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip";

fn corpus(relative: &str) -> Vec<u8> {
    let path = crate::workouts::corpus_dir().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A FIT file that is not an activity (`file_id` of `file_type` alone: 32 is monitoring).
fn wellness_fit(file_type: u8, serial: u32) -> Vec<u8> {
    let mut records = vec![0x40, 0, 0, 0, 0, 2, 0, 1, 0x00, 3, 4, 0x8C, 0x00, file_type];
    records.extend_from_slice(&serial.to_le_bytes());
    let mut fit = vec![12, 0x20];
    fit.extend_from_slice(&2132u16.to_le_bytes());
    fit.extend_from_slice(&(records.len() as u32).to_le_bytes());
    fit.extend_from_slice(b".FIT");
    fit.extend_from_slice(&records);
    let crc = formats::fit::crc::of(&fit);
    fit.extend_from_slice(&crc.to_le_bytes());
    fit
}

/// The files of a small Garmin Connect export, by path: the activities list (the run, and a
/// manual entry), one part with the run, two monitoring files and the corpus's settings file,
/// a UDS file of one day, and a wellness record.
pub(crate) fn garmin_export() -> Vec<(String, Vec<u8>)> {
    let run = corpus(RUN);
    let start = formats::fit::read(&run).unwrap().start.unix_ms();
    let activities = serde_json::json!([{ "summarizedActivitiesExport": [
        {"activityId": 1001, "name": "Canal loop", "activityType": "running",
         "beginTimestamp": start, "startTimeLocal": start + 7_200_000, "duration": 600_000.0},
        {"activityId": 1003, "name": "Treadmill by hand", "activityType": "treadmill_running",
         "beginTimestamp": 1_629_097_200_000_i64, "duration": 1_800_000.0, "distance": 500_000.0},
    ]}]);
    let part = workouts::archive::zip_files(&[
        ("ada@example.com_1001.fit", &run),
        ("ada@example.com_1.fit", &wellness_fit(32, 1)),
        ("ada@example.com_2.fit", &wellness_fit(32, 2)),
        (
            "ada@example.com_3.fit",
            &corpus("fit/fitparse__Settings.fit"),
        ),
    ]);
    let uds = br#"[{"calendarDate": "2021-08-16", "totalSteps": 12034, "activeKilocalories": 640, "activeSeconds": 3600}]"#;
    vec![
        (
            "DI_CONNECT/DI-Connect-Fitness/ada@example.com_0_summarizedActivities.json".to_owned(),
            serde_json::to_vec(&activities).unwrap(),
        ),
        (PART.to_owned(), part),
        (
            "DI_CONNECT/DI-Connect-Aggregator/UDSFile_2021-08-01_2021-11-09.json".to_owned(),
            uds.to_vec(),
        ),
        (
            "DI_CONNECT/DI-Connect-Wellness/ada@example.com_sleepData.json".to_owned(),
            b"[]".to_vec(),
        ),
    ]
}

fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    workouts::archive::zip_files(&refs)
}

async fn a_garmin_export_zip_uploads_with_garmins_names_days_and_counts(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    let zip = zip_of(&garmin_export());
    let response = app.upload(&[("garmin.zip".to_owned(), zip.clone())]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let reply: Value = response.json().await.unwrap();
    let files: Vec<(&str, &str)> = reply["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    let index =
        "garmin.zip/DI_CONNECT/DI-Connect-Fitness/ada@example.com_0_summarizedActivities.json";
    assert_eq!(
        files,
        [
            (
                format!("garmin.zip/{PART}/ada@example.com_1001.fit").as_str(),
                "imported"
            ),
            (
                "garmin.zip/DI_CONNECT/DI-Connect-Aggregator/UDSFile_2021-08-01_2021-11-09.json",
                "days"
            ),
            (
                format!("{index}: “Treadmill by hand” (activity 1003)").as_str(),
                "imported"
            ),
            ("garmin.zip", "skipped"),
            ("garmin.zip", "skipped"),
            ("garmin.zip", "skipped"),
        ],
        "{reply:#}"
    );
    assert_eq!(
        reply["summary"]["skipped"],
        serde_json::json!([
            {"kind": "daily monitoring data", "count": 2},
            {"kind": "wellness records", "count": 1},
            {"kind": "device settings", "count": 1},
        ]),
        "{reply:#}"
    );
    assert_eq!(reply["summary"]["workouts"], 2);
    assert_eq!(reply["summary"]["manual"], 1);
    assert_eq!(reply["summary"]["days"], 1);

    let id = reply["files"][0]["workout_id"].as_i64().unwrap();
    let (_, w) = app.get_json(&format!("/api/v1/workouts/{id}")).await;
    assert_eq!(w["workout"]["title"], "Canal loop", "{w:#}");
    assert_eq!(w["workout"]["sport"], "running");

    let again = app.upload_ok(&[("garmin.zip".to_owned(), zip)]).await;
    let duplicates = again.iter().filter(|f| f["status"] == "duplicate").count();
    assert_eq!(duplicates, 2, "imported twice, nothing added: {again:#?}");
}

db::on_both_backends!(a_garmin_export_zip_uploads_with_garmins_names_days_and_counts);
