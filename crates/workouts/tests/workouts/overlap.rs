//! The same workout arriving twice: as a file uploaded by hand and in a service's export, in
//! either order; a service's manual entry of a run the watch recorded; an export imported
//! again, or again after an interruption. Strava zips assembled from the real export in the
//! corpus.

use db::Backend;
use domain::WorkoutId;
use workouts::{Outcome, Upload};

use super::{
    corpus_bytes, imported,
    service_export::{EXPORT, FILE, activities, count},
    setup,
};

/// The run of the Strava sample as the watch wrote it (Strava keeps it gzipped).
fn fit() -> Vec<u8> {
    formats::gunzip(&corpus_bytes(&format!("{EXPORT}/{FILE}")), 1 << 20).unwrap()
}

/// A Strava zip with this `activities.csv` and these activity files (and the sample's, when the
/// CSV names it).
fn strava(csv: &str, files: &[(&str, Vec<u8>)]) -> Upload {
    let sample = corpus_bytes(&format!("{EXPORT}/{FILE}"));
    let profile = corpus_bytes(&format!("{EXPORT}/profile.csv"));
    let mut entries: Vec<(String, &[u8])> = vec![
        ("export/activities.csv".to_owned(), csv.as_bytes()),
        ("export/profile.csv".to_owned(), &profile),
    ];
    if csv.contains(FILE) {
        entries.push((format!("export/{FILE}"), &sample));
    }
    for (name, bytes) in files {
        entries.push((format!("export/activities/{name}"), bytes));
    }
    let entries: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    Upload::new("strava.zip", workouts::archive::zip_files(&entries))
}

/// `activities.csv` with the sample's header and only these rows (made from the sample's row
/// by `activities`).
fn only_extra_rows(extra: &[(&str, &str, &str)]) -> String {
    let csv = String::from_utf8(activities(extra)).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    lines.next(); // the sample's own row
    let mut out = format!("{header}\n");
    for line in lines {
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn the_csv() -> String {
    String::from_utf8(activities(&[])).unwrap()
}

fn linked(outcome: &Outcome) -> WorkoutId {
    match outcome {
        Outcome::Linked {
            workout_id,
            service,
        } if service == "Strava" => *workout_id,
        other => panic!("expected a link to Strava, got {other:?}"),
    }
}

pub(super) async fn the_watchs_file_then_stravas_export_is_one_workout_with_stravas_title(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    let first = service
        .import(user, vec![Upload::new("12866632127.fit", fit())])
        .await
        .unwrap();
    let id = imported(&first[0].outcome);
    let before = service.summary(user, id).await.unwrap();
    assert_eq!(
        before.title,
        workouts::summary::generated_title(&before),
        "the file names no title"
    );
    assert_eq!(
        service
            .detail(user, id, domain::XAxis::Time, domain::Language::En)
            .await
            .unwrap()
            .sources,
        Vec::<String>::new()
    );

    let results = service
        .import(user, vec![strava(&the_csv(), &[])])
        .await
        .unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(
        linked(&results[0].outcome),
        id,
        "the same FIT, gzipped by Strava"
    );
    assert_eq!(count(&service, user).await, 1, "not doubled");
    let w = service.summary(user, id).await.unwrap();
    assert_eq!(
        w.title, "Laufen Landal Park",
        "Strava's over the made-up title"
    );
    assert_eq!(
        service
            .detail(user, id, domain::XAxis::Time, domain::Language::En)
            .await
            .unwrap()
            .sources,
        ["Strava"]
    );
    assert_eq!(
        i18n::upload_summary(domain::Language::En, &domain::UploadSummary::of(&results)),
        "1 linked to a workout already there"
    );

    let again = service
        .import(user, vec![strava(&the_csv(), &[])])
        .await
        .unwrap();
    assert_eq!(again[0].outcome, Outcome::Duplicate { workout_id: id });
    assert_eq!(count(&service, user).await, 1);
}

pub(super) async fn a_title_the_athlete_gave_stays_when_the_export_links(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let first = service
        .import(user, vec![Upload::new("run.fit", fit())])
        .await
        .unwrap();
    let id = imported(&first[0].outcome);
    let w = service.summary(user, id).await.unwrap();
    service
        .update(user, id, "Holiday loop", w.sport, "with Ada")
        .await
        .unwrap();
    let results = service
        .import(user, vec![strava(&the_csv(), &[])])
        .await
        .unwrap();
    linked(&results[0].outcome);
    let w = service.summary(user, id).await.unwrap();
    assert_eq!(
        (w.title.as_str(), w.notes.as_str()),
        ("Holiday loop", "with Ada")
    );
}

pub(super) async fn stravas_export_then_the_watchs_file_is_a_duplicate(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let results = service
        .import(user, vec![strava(&the_csv(), &[])])
        .await
        .unwrap();
    let id = imported(&results[0].outcome);
    for upload in [
        Upload::new("12866632127.fit", fit()),
        // Strava's own gzip, sent as a file: the same content once inflated.
        Upload::new(
            "12866632127.fit.gz",
            corpus_bytes(&format!("{EXPORT}/{FILE}")),
        ),
    ] {
        let name = upload.name.clone();
        let again = service.import(user, vec![upload]).await.unwrap();
        assert_eq!(
            again[0].outcome,
            Outcome::Duplicate { workout_id: id },
            "{name}"
        );
    }
    assert_eq!(count(&service, user).await, 1);
}

pub(super) async fn a_manual_strava_entry_of_a_recorded_run_is_linked_to_it(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let first = service
        .import(user, vec![Upload::new("run.fit", fit())])
        .await
        .unwrap();
    let id = imported(&first[0].outcome);
    // Typed into Strava by hand: the same start and duration, no file.
    let csv = only_extra_rows(&[("99", "Evening jog", "")]);
    let results = service.import(user, vec![strava(&csv, &[])]).await.unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(linked(&results[0].outcome), id);
    assert_eq!(count(&service, user).await, 1);
    assert_eq!(
        service.summary(user, id).await.unwrap().title,
        "Evening jog"
    );
    let again = service.import(user, vec![strava(&csv, &[])]).await.unwrap();
    assert_eq!(again[0].outcome, Outcome::Duplicate { workout_id: id });
}

pub(super) async fn another_activity_at_the_same_time_is_imported_with_its_overlap(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    let first = service
        .import(user, vec![Upload::new("run.fit", fit())])
        .await
        .unwrap();
    let id = imported(&first[0].outcome);
    let csv = only_extra_rows(&[("97", "Ride to work", ""), ("98", "Long walk", "")]);
    let (head, rows) = csv.split_once('\n').unwrap();
    let mut rows = rows.lines();
    let ride = rows.next().unwrap().replacen(",Run,", ",Ride,", 1);
    let walk = rows.next().unwrap();
    assert!(walk.contains(",1428,"), "the row this test edits: {walk}");
    // The same sport, three times as long.
    let walk = walk.replace(",1428,", ",4284,").replace("1428.0", "4284.0");
    let csv = format!("{head}\n{ride}\n{walk}\n");
    let results = service.import(user, vec![strava(&csv, &[])]).await.unwrap();
    assert_eq!(results.len(), 2, "{results:?}");
    for result in &results {
        match &result.outcome {
            Outcome::Imported { overlaps, .. } => {
                assert!(overlaps.contains(&id), "{}: {overlaps:?}", result.file);
            }
            other => panic!("{}: expected an import, got {other:?}", result.file),
        }
    }
    assert_eq!(count(&service, user).await, 3);
}

/// An export of four activities: the sample's FIT, two files from the corpus, a manual entry.
fn four_activities() -> Upload {
    let csv = String::from_utf8(activities(&[
        ("201", "Hills", "activities/201.fit"),
        ("202", "Track", "activities/202.tcx"),
        ("203", "Gym", ""),
    ]))
    .unwrap();
    strava(
        &csv,
        &[
            (
                "201.fit",
                corpus_bytes("fit/fitparse__2013-02-06-12-11-14.fit"),
            ),
            (
                "202.tcx",
                corpus_bytes("tcx/dblock-tcx__running_activity_1.tcx"),
            ),
        ],
    )
}

pub(super) async fn an_interrupted_export_imported_again_finishes_without_doubles(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    // Two items imported, then the import stops (a server restart, a closed terminal).
    let mut plan = workouts::plan(vec![four_activities()], *service.limits());
    assert_eq!(plan.len(), 4);
    for _ in 0..2 {
        let item = plan.next_item().unwrap();
        imported(&service.import_item(user, item).await.unwrap().outcome);
    }
    drop(plan);
    assert_eq!(count(&service, user).await, 2);

    let results = service.import(user, vec![four_activities()]).await.unwrap();
    let outcomes: Vec<&str> = results
        .iter()
        .map(|r| match r.outcome {
            Outcome::Imported { .. } => "imported",
            Outcome::Duplicate { .. } => "duplicate",
            _ => "other",
        })
        .collect();
    assert_eq!(
        outcomes,
        ["duplicate", "duplicate", "imported", "imported"],
        "{results:?}"
    );
    assert_eq!(count(&service, user).await, 4, "every activity once");

    let again = service.import(user, vec![four_activities()]).await.unwrap();
    assert!(
        again
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Duplicate { .. })),
        "{again:?}"
    );
    assert_eq!(count(&service, user).await, 4, "nothing added");
}

db::on_both_backends!(
    the_watchs_file_then_stravas_export_is_one_workout_with_stravas_title,
    a_title_the_athlete_gave_stays_when_the_export_links,
    stravas_export_then_the_watchs_file_is_a_duplicate,
    a_manual_strava_entry_of_a_recorded_run_is_linked_to_it,
    another_activity_at_the_same_time_is_imported_with_its_overlap,
    an_interrupted_export_imported_again_finishes_without_doubles,
);
