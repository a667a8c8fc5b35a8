//! Account exports of other services imported with what the service knew: Strava and Polar
//! Flow zips assembled from the real exports in the corpus.

use db::Backend;
use domain::Date;
use workouts::{Outcome, Upload, WorkoutFilter};

use super::{corpus_bytes, corpus_dir, imported, setup};

pub(super) const EXPORT: &str = "archives/strava-export";
pub(super) const FILE: &str = "activities/12866632127.fit.gz";

/// The export's `activities.csv` with more rows: each is the real row with its id, name and
/// file replaced.
pub(super) fn activities(extra: &[(&str, &str, &str)]) -> Vec<u8> {
    let csv = String::from_utf8(corpus_bytes(&format!("{EXPORT}/activities.csv"))).unwrap();
    let (header, row) = csv.trim_end().split_once('\n').unwrap();
    let mut out = format!("{header}\n{row}\n");
    for (id, name, file) in extra {
        let row = row
            .replace("12070555079", id)
            .replace("Laufen Landal Park", name)
            .replace(FILE, file);
        out.push_str(&row);
        out.push('\n');
    }
    out.into_bytes()
}

/// A Strava zip of the real export's files, inside a folder as people re-zip it.
pub(super) fn strava_zip(activities: &[u8]) -> Upload {
    let fit = corpus_bytes(&format!("{EXPORT}/{FILE}"));
    let profile = corpus_bytes(&format!("{EXPORT}/profile.csv"));
    let bikes = corpus_bytes(&format!("{EXPORT}/bikes.csv"));
    let zip = workouts::archive::zip_files(&[
        ("export_1/activities.csv", activities),
        ("export_1/profile.csv", &profile),
        ("export_1/bikes.csv", &bikes),
        ("export_1/activities/12866632127.fit.gz", &fit),
    ]);
    Upload::new("strava.zip", zip)
}

pub(super) async fn count(service: &workouts::Workouts, user: domain::UserId) -> u64 {
    service
        .list(user, &WorkoutFilter::default(), 0, 100)
        .await
        .unwrap()
        .total
}

pub(super) async fn a_strava_export_imports_its_run_with_stravas_title_once(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let results = service
        .import(user, vec![strava_zip(&activities(&[]))])
        .await
        .unwrap();
    let files: Vec<&str> = results.iter().map(|r| r.file.as_str()).collect();
    assert_eq!(
        files,
        ["strava.zip/export_1/activities/12866632127.fit.gz"],
        "one item per row; the export's tables are not workout files"
    );
    let id = imported(&results[0].outcome);
    let w = service.summary(user, id).await.unwrap();
    assert_eq!(w.title, "Laufen Landal Park");
    assert_eq!(w.sport.name(), "running");
    assert_eq!(w.source_format, "fit");
    assert!(
        w.sample_count > 100,
        "the FIT's samples: {}",
        w.sample_count
    );
    assert!((w.metrics.distance_m.unwrap() - 3323.0).abs() < 50.0);

    let again = service
        .import(user, vec![strava_zip(&activities(&[]))])
        .await
        .unwrap();
    assert_eq!(again[0].outcome, Outcome::Duplicate { workout_id: id });
    assert_eq!(count(&service, user).await, 1);
}

pub(super) async fn an_unpacked_strava_export_sent_as_files_imports_as_the_zip_does(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    // As `laps import` sends a folder: every file, named by its path.
    let dir = corpus_dir().join(EXPORT);
    let mut paths = vec![dir.join(FILE)];
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            paths.push(path);
        }
    }
    let uploads = paths
        .into_iter()
        .map(|path| Upload::path(path.display().to_string(), path))
        .collect();
    let results = service.import(user, uploads).await.unwrap();
    assert_eq!(
        results.len(),
        1,
        "the export's tables are not workouts: {results:?}"
    );
    assert!(results[0].file.ends_with(FILE), "{}", results[0].file);
    let w = service
        .summary(user, imported(&results[0].outcome))
        .await
        .unwrap();
    assert_eq!(w.title, "Laufen Landal Park");
}

pub(super) async fn a_strava_activity_exported_again_with_other_bytes_adds_nothing(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    let first = service
        .import(user, vec![strava_zip(&activities(&[]))])
        .await
        .unwrap();
    let id = imported(&first[0].outcome);
    // The same activity, its file now stored uncompressed: other bytes, same Strava id.
    let csv = String::from_utf8(activities(&[]))
        .unwrap()
        .replace(FILE, "activities/12866632127.fit");
    let fit = formats::gunzip(&corpus_bytes(&format!("{EXPORT}/{FILE}")), 1 << 20).unwrap();
    let zip = workouts::archive::zip_files(&[
        ("activities.csv", csv.as_bytes()),
        ("activities/12866632127.fit", &fit),
    ]);
    let again = service
        .import(user, vec![Upload::new("again.zip", zip)])
        .await
        .unwrap();
    assert_eq!(again[0].outcome, Outcome::Duplicate { workout_id: id });
    assert_eq!(count(&service, user).await, 1);
}

pub(super) async fn a_manual_strava_entry_becomes_a_workout_from_the_csvs_figures(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    let csv = activities(&[("99", "Treadmill by hand", "")]);
    let results = service.import(user, vec![strava_zip(&csv)]).await.unwrap();
    assert_eq!(results.len(), 2, "{results:?}");
    let manual = results
        .iter()
        .find(|r| r.file.contains("Treadmill by hand"))
        .unwrap_or_else(|| panic!("{results:?}"));
    let w = service
        .summary(user, imported(&manual.outcome))
        .await
        .unwrap();
    assert_eq!(
        (w.title.as_str(), w.sport.name().as_str()),
        ("Treadmill by hand", "running")
    );
    assert_eq!(
        w.metrics.distance_m,
        Some(3320.0),
        "the CSV's first Distance"
    );
    assert_eq!(
        (w.metrics.elapsed_ms, w.moving_ms),
        (1_428_000, 1_411_000),
        "Elapsed Time and Moving Time"
    );
    assert_eq!(w.sample_count, 0);
    assert_eq!(w.source_name, "strava-99.json");

    let again = service.import(user, vec![strava_zip(&csv)]).await.unwrap();
    assert!(
        again
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Duplicate { .. })),
        "a second import adds nothing, the manual entry included: {again:?}"
    );
    assert_eq!(count(&service, user).await, 2);
}

pub(super) async fn a_strava_row_whose_file_is_missing_is_refused_alone(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let csv = activities(&[("98", "Lost run", "activities/404.fit.gz")]);
    let results = service.import(user, vec![strava_zip(&csv)]).await.unwrap();
    assert_eq!(results.len(), 2, "{results:?}");
    imported(&results[0].outcome);
    assert_eq!(results[1].file, "strava.zip/export_1/activities/404.fit.gz");
    assert!(
        matches!(&results[1].outcome, Outcome::Refused { error }
            if error.contains("“Lost run” (activity 98)") && error.contains("does not hold it")),
        "{:?}",
        results[1]
    );
}

pub(super) async fn a_polar_flow_export_imports_its_sessions_and_days_and_counts_what_it_leaves_out(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    let session = corpus_bytes("archives/polar-flow/training-session-2017-01-23-running.json");
    let day = |date: &str, steps: u32| {
        format!(
            r#"{{"date": "{date}", "summary": {{"stepCount": {steps}, "activeCalories": 512, "activeTimeMillis": 5400000}}}}"#
        )
    };
    let (monday, tuesday) = (day("2017-01-23", 8123), day("2017-01-24", 6000));
    let zip = workouts::archive::zip_files(&[
        ("polar-user-data-export/sleep-result-2017-01-23.json", b"{}"),
        (
            "polar-user-data-export/training-session-2017-01-23-running.json",
            &session,
        ),
        (
            "polar-user-data-export/activity-2017-01-23.json",
            monday.as_bytes(),
        ),
        (
            "polar-user-data-export/activity-2017-01-24.json",
            tuesday.as_bytes(),
        ),
        ("polar-user-data-export/sleep-result-2017-01-24.json", b"{}"),
    ]);
    // The watch synced Tuesday itself: its own figure stays.
    let tuesday_date = Date::parse("2017-01-24").unwrap();
    let device = workouts::DailyActivity {
        id: 0,
        day: tuesday_date,
        steps: 6100,
        active_kcal: 500,
        active_s: 5000,
        hours: Vec::new(),
        source: String::new(),
        created_at: 0,
        updated_at: 0,
    };
    service.record_activity(user, &[device]).await.unwrap();
    let upload = || Upload::new("polar.zip", zip.clone());
    let results = service.import(user, vec![upload()]).await.unwrap();
    let files: Vec<&str> = results.iter().map(|r| r.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "polar.zip/polar-user-data-export/training-session-2017-01-23-running.json",
            "polar.zip/polar-user-data-export/activity-2017-01-23.json",
            "polar.zip/polar-user-data-export/activity-2017-01-24.json",
            "polar.zip",
        ]
    );
    let id = imported(&results[0].outcome);
    let w = service.summary(user, id).await.unwrap();
    assert_eq!(w.sport.name(), "running");
    assert!(w.sample_count > 1000, "its samples: {}", w.sample_count);
    let days = |stored, kept| Outcome::Days {
        stored,
        kept,
        refused: Vec::new(),
    };
    assert_eq!(results[1].outcome, days(1, 0));
    assert_eq!(results[2].outcome, days(0, 1));
    assert_eq!(
        results[3].outcome,
        Outcome::Skipped {
            kind: "sleep-result".to_owned(),
            count: 2
        }
    );
    let summary = domain::UploadSummary::of(&results);
    assert_eq!(
        i18n::upload_summary(domain::Language::En, &summary),
        "1 workout, 1 day of activity, 1 day kept from a preferred source, 2 skipped (sleep-result)"
    );
    let stored = service
        .activity_days(user, Date::parse("2017-01-23").unwrap(), tuesday_date)
        .await
        .unwrap();
    let got: Vec<_> = stored
        .iter()
        .map(|d| (d.steps, d.active_kcal, d.active_s, d.source.as_str()))
        .collect();
    assert_eq!(
        got,
        [(8123, 512, 5400, "Polar Flow"), (6100, 500, 5000, "device")]
    );

    let again = service.import(user, vec![upload()]).await.unwrap();
    assert_eq!(again[0].outcome, Outcome::Duplicate { workout_id: id });
    assert_eq!(
        again[1].outcome,
        days(1, 0),
        "the same source replaces itself"
    );
    assert_eq!(count(&service, user).await, 1);
    let stored_again = service
        .activity_days(user, Date::parse("2017-01-23").unwrap(), tuesday_date)
        .await
        .unwrap();
    assert_eq!(stored_again.len(), 2, "no day added");
}

/// Hostile: a day of activity no person can do is refused with its date; the archive's other
/// days are stored.
pub(super) async fn an_impossible_day_in_an_archive_is_refused_with_its_date(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let zip = workouts::archive::zip_files(&[
        (
            "polar-user-data-export/activity-2017-01-23.json",
            br#"{"date": "2017-01-23", "summary": {"stepCount": 900000}}"#,
        ),
        (
            "polar-user-data-export/activity-2017-01-24.json",
            br#"{"date": "2017-01-24", "summary": {"stepCount": 9000}}"#,
        ),
        (
            "polar-user-data-export/training-session-2017-01-25-x.json",
            b"not json",
        ),
    ]);
    let results = service
        .import(user, vec![Upload::new("polar.zip", zip)])
        .await
        .unwrap();
    assert!(
        matches!(&results[0].outcome, Outcome::Days { stored: 0, refused, .. }
            if refused.len() == 1 && refused[0].starts_with("2017-01-23: impossible")),
        "{:?}",
        results[0]
    );
    assert!(matches!(
        &results[1].outcome,
        Outcome::Days { stored: 1, .. }
    ));
    assert!(
        matches!(&results[2].outcome, Outcome::Refused { error } if results[2].file.ends_with("training-session-2017-01-25-x.json")
                && error.starts_with("not a Polar Flow training session as JSON: expected ident at line 1")),
        "{:?}",
        results[2]
    );
}

/// Hostile: an export's table may name far more activities than a request may hold; the rows
/// count towards the item limit like a zip's entries, and the upload is refused as a whole.
pub(super) async fn a_strava_export_naming_more_rows_than_the_item_limit_is_refused_whole(
    backend: Backend,
) {
    let (t, _service, user) = setup(backend).await;
    let service = workouts::Workouts::with_limits(
        t.db.clone(),
        workouts::Limits {
            max_items: 5,
            ..workouts::Limits::default()
        },
    );
    let ids: Vec<String> = (100..110).map(|i| i.to_string()).collect();
    let rows: Vec<(&str, &str, &str)> = ids.iter().map(|id| (id.as_str(), "By hand", "")).collect();
    let results = service
        .import(user, vec![strava_zip(&activities(&rows))])
        .await
        .unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    assert!(
        matches!(&results[0].outcome, Outcome::Refused { error } if error.contains('5')),
        "{:?}",
        results[0]
    );
    assert_eq!(count(&service, user).await, 0, "nothing half-imported");
}

/// Hostile: a manual entry's figures come from a CSV anyone can edit; an impossible distance is
/// dropped by the same sanitising as a file's totals, never stored.
pub(super) async fn a_manual_strava_entry_with_an_impossible_distance_keeps_none(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let csv = String::from_utf8(activities(&[("97", "Moon run", "")])).unwrap();
    let (head, last) = csv.trim_end().rsplit_once('\n').unwrap();
    assert!(
        last.contains(",1428,3.32,"),
        "the row this test edits: {last}"
    );
    let csv = format!(
        "{head}\n{}\n",
        last.replacen(",1428,3.32,", ",1428,99999999,", 1)
    );
    let results = service
        .import(user, vec![strava_zip(csv.as_bytes())])
        .await
        .unwrap();
    let manual = results
        .iter()
        .find(|r| r.file.contains("Moon run"))
        .unwrap_or_else(|| panic!("{results:?}"));
    let w = service
        .summary(user, imported(&manual.outcome))
        .await
        .unwrap();
    assert_eq!(w.metrics.distance_m, None, "99,999,999 km is no run");
    assert_eq!(
        w.metrics.elapsed_ms, 1_428_000,
        "the rest of the row is kept"
    );
}

db::on_both_backends!(
    a_polar_flow_export_imports_its_sessions_and_days_and_counts_what_it_leaves_out,
    an_impossible_day_in_an_archive_is_refused_with_its_date,
    a_strava_export_imports_its_run_with_stravas_title_once,
    a_strava_activity_exported_again_with_other_bytes_adds_nothing,
    an_unpacked_strava_export_sent_as_files_imports_as_the_zip_does,
    a_manual_strava_entry_becomes_a_workout_from_the_csvs_figures,
    a_strava_row_whose_file_is_missing_is_refused_alone,
    a_strava_export_naming_more_rows_than_the_item_limit_is_refused_whole,
    a_manual_strava_entry_with_an_impossible_distance_keeps_none,
);
