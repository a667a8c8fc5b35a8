//! Laps' own "Export everything" zip, downloaded from one server and dropped on the upload page
//! of another on the other database backend (issue 12): the account comes back as it was, and
//! dropping it again adds nothing. The same through `laps import`, of the zip and of its
//! unpacked folder, is in `cli.rs`.

use db::{Backend, Db};
use domain::{Date, Preferences, UserId, WorkoutId};
use reqwest::StatusCode;
use serde_json::Value;
use workouts::{DailyActivity, ExportFormat, Workouts};

use crate::helpers::{TestApp, spawn_app};

const PASSWORD: &str = "correct horse battery";

fn corpus(relative: &str) -> (String, Vec<u8>) {
    let bytes = std::fs::read(crate::workouts::corpus_dir().join(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"));
    (relative.rsplit('/').next().unwrap().to_owned(), bytes)
}

async fn signed_in(backend: Backend) -> (TestApp, UserId) {
    let app = spawn_app(backend).await;
    assert_eq!(app.sign_up("ada", PASSWORD).await.status(), StatusCode::OK);
    let user = app.current_user().await.unwrap().id;
    (app, user)
}

/// What must come back, without the ids of the account it is in: each workout's summary,
/// laps and original, the preferences and the days.
async fn account(db: &Db, user: UserId) -> (Vec<String>, Preferences, Vec<DailyActivity>) {
    let service = Workouts::new(db.clone());
    let mut workouts = Vec::new();
    for id in db.workout_ids(user).await.unwrap() {
        let mut summary = service.summary(user, id).await.unwrap();
        summary.id = WorkoutId::new(0);
        let laps = service.laps(user, id).await.unwrap();
        let original = service
            .export(user, id, ExportFormat::Original)
            .await
            .unwrap();
        workouts.push(format!(
            "{summary:?} {laps:?} {} {}",
            original.file_name,
            domain::hex(&original.bytes[..original.bytes.len().min(64)])
        ));
    }
    workouts.sort();
    let mut days = service
        .activity_days(
            user,
            Date::parse("2000-01-01").unwrap(),
            Date::parse("2100-01-01").unwrap(),
        )
        .await
        .unwrap();
    for day in &mut days {
        (day.id, day.created_at, day.updated_at) = (0, 0, 0);
    }
    (workouts, db.preferences(user).await.unwrap(), days)
}

async fn a_laps_export_dropped_on_the_upload_page_restores_the_account(backend: Backend) {
    let (from, ada) = signed_in(backend).await;
    from.upload_ok(&[
        corpus("fit/fitparse__2013-02-06-12-11-14.fit"),
        corpus("tcx/dblock-tcx__multiple_running_activities.tcx"),
    ])
    .await;
    // The athlete's edits, settings and a synced day.
    let db = &from.test_db.db;
    let service = Workouts::new(db.clone());
    let first = db.workout_ids(ada).await.unwrap()[0];
    service
        .update(ada, first, "Hill repeats", domain::Sport::Running, "legs!")
        .await
        .unwrap();
    let preferences = Preferences {
        units: domain::Units::Imperial,
        time_zone: "Europe/Oslo".to_owned(),
        ..Preferences::default()
    };
    db.set_preferences(ada, &preferences).await.unwrap();
    let day = DailyActivity {
        id: 0,
        day: Date::parse("2024-05-01").unwrap(),
        steps: 11_000,
        active_kcal: 420,
        active_s: 4_000,
        hours: Vec::new(),
        source: String::new(),
        created_at: 0,
        updated_at: 0,
    };
    service.record_activity(ada, &[day]).await.unwrap();
    let original = account(db, ada).await;

    let response = from
        .client
        .get(from.url("/api/v1/export"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let zip = response.bytes().await.unwrap().to_vec();

    let other = match backend {
        Backend::Sqlite => Backend::Postgres,
        Backend::Postgres => Backend::Sqlite,
    };
    let (to, moved) = signed_in(other).await;
    let files = [("laps-export-2026-01-01.zip".to_owned(), zip)];
    let response = to.upload(&files).await;
    assert_eq!(response.status(), StatusCode::OK);
    let reply: Value = response.json().await.unwrap();
    let statuses: Vec<&str> = reply["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["settings", "days", "imported", "imported"],
        "{reply:#}"
    );
    assert_eq!(reply["files"][0]["changed"], true);
    assert_eq!(
        reply["files"][0]["file"],
        "laps-export-2026-01-01.zip/index.json: settings"
    );
    assert_eq!(reply["summary"]["workouts"], 3, "{reply:#}");
    assert_eq!(reply["summary"]["days"], 1);
    assert_eq!(reply["summary"]["settings"], true);
    assert_eq!(account(&to.test_db.db, moved).await, original);

    let again: Value = to.upload(&files).await.json().await.unwrap();
    assert_eq!(again["summary"]["workouts"], 0, "{again:#}");
    assert_eq!(again["summary"]["duplicates"], 2);
    assert_eq!(again["summary"]["settings"], false);
    assert_eq!(account(&to.test_db.db, moved).await, original);
}

db::on_both_backends!(a_laps_export_dropped_on_the_upload_page_restores_the_account);
