//! Issue 16, point 5: when the athlete changes their time zone, the workouts that took their
//! local time from the old one (no position; Polar HRM) move with it, after a preview.

use db::Backend;
use domain::{Outcome, Preferences, UserId, WorkoutId};
use workouts::{Upload, Workouts, WorkoutsError};

use super::{corpus_bytes, imported, other_user, setup};

const BERLIN: &str = "Europe/Berlin";
const NEW_YORK: &str = "America/New_York";
const HOUR_MS: i64 = 3_600_000;

/// A treadmill run (no positions, times in UTC) at 22:30 UTC on 1 May 2024: 00:30 on 2 May in
/// Berlin, 18:30 on 1 May in New York.
fn indoor_tcx() -> Vec<u8> {
    let points: String = (0..=60)
        .map(|i| {
            format!(
                "<Trackpoint><Time>2024-05-01T22:{:02}:{:02}Z</Time><DistanceMeters>{}</DistanceMeters>\
                 <HeartRateBpm><Value>{}</Value></HeartRateBpm></Trackpoint>",
                30 + i * 10 / 60,
                i * 10 % 60,
                i * 30,
                120 + i % 20
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Running"><Id>2024-05-01T22:30:00Z</Id>
<Lap StartTime="2024-05-01T22:30:00Z"><TotalTimeSeconds>600</TotalTimeSeconds><DistanceMeters>1800</DistanceMeters>
<Calories>100</Calories><Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>
<Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"#
    )
    .into_bytes()
}

async fn in_zone(t: &db::testing::TestDb, user: UserId, zone: &str) {
    t.db.set_preferences(
        user,
        &Preferences {
            time_zone: zone.to_owned(),
            ..Preferences::default()
        },
    )
    .await
    .unwrap();
}

async fn import_one(service: &Workouts, user: UserId, name: &str, bytes: Vec<u8>) -> WorkoutId {
    let results = service
        .import(user, vec![Upload::new(name, bytes)])
        .await
        .unwrap();
    assert!(
        matches!(results[0].outcome, Outcome::Imported { .. }),
        "{results:?}"
    );
    imported(&results[0].outcome)
}

async fn workouts_placed_by_the_old_zone_move_with_it(backend: Backend) {
    let (t, service, ada) = setup(backend).await;
    in_zone(&t, ada, BERLIN).await;
    let hrm = import_one(
        &service,
        ada,
        "ride.hrm",
        corpus_bytes("hrm/hrmtrackmerger__sample.hrm"),
    )
    .await;
    let tcx = import_one(&service, ada, "treadmill.tcx", indoor_tcx()).await;
    let gpx = import_one(
        &service,
        ada,
        "track.gpx",
        corpus_bytes("hrm/hrmtrackmerger__sample_polar.gpx"),
    )
    .await;
    // Someone else in Berlin with the same treadmill run: never touched by ada's move.
    let bob = other_user(&t, "bob").await;
    in_zone(&t, bob, BERLIN).await;
    let bobs = import_one(&service, bob, "treadmill.tcx", indoor_tcx()).await;

    let hrm_before = service.summary(ada, hrm).await.unwrap();
    let tcx_before = service.summary(ada, tcx).await.unwrap();
    let gpx_before = service.summary(ada, gpx).await.unwrap();
    assert_eq!(hrm_before.utc_offset_min, 60, "January in Berlin");
    assert_eq!(tcx_before.local_date().to_string(), "2024-05-02");

    // The preview: the HRM and the treadmill run, not the track (it has positions).
    in_zone(&t, ada, NEW_YORK).await;
    let preview = service
        .zone_move_preview(ada, BERLIN, NEW_YORK)
        .await
        .unwrap();
    let ids: Vec<WorkoutId> = preview.moves.iter().map(|m| m.id).collect();
    assert_eq!(
        ids,
        [hrm, tcx],
        "oldest first, and only those placed by the setting"
    );
    let (h, r) = (&preview.moves[0], &preview.moves[1]);
    assert!(h.keeps_wall_clock && !r.keeps_wall_clock);
    assert_eq!(
        h.before.to_string(),
        h.after.to_string(),
        "the HRM's clock stays"
    );
    assert_eq!(h.before.to_string(), "2014-01-17 12:16");
    assert_eq!(r.before.to_string(), "2024-05-02 00:30");
    assert_eq!(r.after.to_string(), "2024-05-01 18:30");
    assert_eq!(preview.days_changed(), 1);

    assert_eq!(service.move_zone(ada, BERLIN, NEW_YORK).await.unwrap(), 2);

    // The HRM: same wall clock, its instants six hours later (UTC+1 → UTC-5), laps and
    // recording included.
    let hrm_after = service.summary(ada, hrm).await.unwrap();
    assert_eq!(hrm_after.utc_offset_min, -300);
    assert_eq!(hrm_after.time_zone.as_deref(), Some(NEW_YORK));
    assert_eq!(
        hrm_after.start.unix_ms() - hrm_before.start.unix_ms(),
        6 * HOUR_MS
    );
    assert_eq!(hrm_after.local_time(), hrm_before.local_time());
    assert_eq!(hrm_after.local_date(), hrm_before.local_date());
    let recording = service.recording(ada, hrm).await.unwrap();
    assert_eq!(recording.start, hrm_after.start);
    assert_eq!(recording.utc_offset_minutes, Some(-300));
    let laps = service.laps(ada, hrm).await.unwrap();
    assert!(!laps.is_empty());
    assert_eq!(laps[0].start, hrm_after.start, "laps move with it");

    // The treadmill run: the same moment, New York's wall clock, another day.
    let tcx_after = service.summary(ada, tcx).await.unwrap();
    assert_eq!(tcx_after.start, tcx_before.start);
    assert_eq!(tcx_after.utc_offset_min, -240);
    assert_eq!(tcx_after.local_date().to_string(), "2024-05-01");
    assert_eq!(
        service
            .on_days(ada, tcx_after.local_date(), tcx_after.local_date())
            .await
            .unwrap()
            .iter()
            .map(|w| w.id)
            .collect::<Vec<_>>(),
        [tcx],
        "the calendar finds it on its new day"
    );

    // Untouched: the track, and bob's run.
    assert_eq!(service.summary(ada, gpx).await.unwrap(), gpx_before);
    let bobs_run = service.summary(bob, bobs).await.unwrap();
    assert_eq!(bobs_run.time_zone.as_deref(), Some(BERLIN));

    // Done is done: nothing is left in Berlin to move, and asking again moves nothing.
    assert!(
        service
            .zone_move_preview(ada, BERLIN, NEW_YORK)
            .await
            .unwrap()
            .moves
            .is_empty()
    );
    assert_eq!(service.move_zone(ada, BERLIN, NEW_YORK).await.unwrap(), 0);
    // And back again: the HRM returns to its first instant.
    assert_eq!(service.move_zone(ada, NEW_YORK, BERLIN).await.unwrap(), 2);
    assert_eq!(
        service.summary(ada, hrm).await.unwrap().start,
        hrm_before.start
    );
}

async fn an_unknown_zone_is_refused_by_name(backend: Backend) {
    let (_t, service, ada) = setup(backend).await;
    let error = service
        .zone_move_preview(ada, "Mars/Olympus", BERLIN)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, WorkoutsError::Invalid { field: "time_zone", message } if message.contains("Mars/Olympus")),
        "{error:?}"
    );
    assert!(service.move_zone(ada, BERLIN, "Nowhere").await.is_err());
}

db::on_both_backends!(
    workouts_placed_by_the_old_zone_move_with_it,
    an_unknown_zone_is_refused_by_name,
);
