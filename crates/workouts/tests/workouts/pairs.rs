//! Issue 16, point 7: an HRM and a GPX uploaded together whose times do not overlap.

use db::Backend;
use domain::{Outcome, Preferences};
use workouts::Upload;

use super::{corpus_bytes, setup};

async fn a_pair_from_two_days_imports_as_two_workouts_with_a_note_in_local_time(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    t.db.set_preferences(
        user,
        &Preferences {
            time_zone: "Europe/Moscow".to_owned(),
            ..Preferences::default()
        },
    )
    .await
    .unwrap();
    // The same name pairs them; the HRM is of 17 January 2014, the track of 2 July.
    let results = service
        .import(
            user,
            vec![
                Upload::new("ride.hrm", corpus_bytes("hrm/hrmtrackmerger__sample.hrm")),
                Upload::new(
                    "ride.gpx",
                    corpus_bytes("hrm/hrmtrackmerger__sample_polar.gpx"),
                ),
            ],
        )
        .await
        .unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0].file, "ride.hrm + ride.gpx");
    let Outcome::Imported { workout_ids, .. } = &results[0].outcome else {
        panic!("imported, not refused: {results:?}");
    };
    assert_eq!(workout_ids.len(), 2, "each file its own workout");
    let heart = service.summary(user, workout_ids[0]).await.unwrap();
    let track = service.summary(user, workout_ids[1]).await.unwrap();
    assert!(heart.metrics.avg_hr.is_some() && !heart.has_gps);
    assert!(track.has_gps);
    for w in [&heart, &track] {
        let note = &w.notes;
        assert!(
            note.starts_with(
                "Uploaded together, ride.hrm and ride.gpx were imported as two workouts: their times do not overlap:"
            ),
            "{note}"
        );
        // The HRM's wall clock as recorded; the track's UTC 17:33-19:41 in Moscow (+04:00).
        assert!(
            note.contains("ride.hrm recorded on 2014-01-17 from 12:16 to "),
            "{note}"
        );
        assert!(
            note.contains("ride.gpx on 2014-07-02 from 21:33 to 23:41 (your local time)"),
            "{note}"
        );
        assert!(
            !note.contains('Z') && !note.contains("T17"),
            "no UTC instants: {note}"
        );
    }
    // Uploading the pair again adds nothing.
    let again = service
        .import(
            user,
            vec![
                Upload::new("ride.hrm", corpus_bytes("hrm/hrmtrackmerger__sample.hrm")),
                Upload::new(
                    "ride.gpx",
                    corpus_bytes("hrm/hrmtrackmerger__sample_polar.gpx"),
                ),
            ],
        )
        .await
        .unwrap();
    assert!(
        matches!(again[0].outcome, Outcome::Duplicate { .. }),
        "{again:?}"
    );
}

db::on_both_backends!(a_pair_from_two_days_imports_as_two_workouts_with_a_note_in_local_time);
