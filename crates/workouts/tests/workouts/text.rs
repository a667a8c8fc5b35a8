//! Issue 16, point 6: text from files in legacy code pages, titles for untitled workouts and
//! the sport of a GPX that names none.

use db::Backend;
use domain::Sport;

use super::{corpus, imported, setup};

async fn a_polar_note_in_windows_1251_is_the_title_in_cyrillic(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    // Polar ProTrainer on a Russian PC wrote the note "ляляля" as EB FF EB FF EB FF.
    let id = imported(
        &service
            .import(user, vec![corpus("hrm/hrmtrackmerger__sample.hrm")])
            .await
            .unwrap()[0]
            .outcome,
    );
    let w = service.summary(user, id).await.unwrap();
    assert_eq!(w.title, "ляляля");
    assert!(!w.title.contains(char::REPLACEMENT_CHARACTER));
}

async fn a_gpx_bike_tour_named_by_its_timestamp_is_a_morning_ride_inferred(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    // A Garmin Oregon names its track "02-MRT-12 19:53:30" and gives no sport.
    let id = imported(
        &service
            .import(
                user,
                vec![corpus(
                    "gpx/sportstracker__bike-tour-garmin-oregon-with-heartrate.gpx",
                )],
            )
            .await
            .unwrap()[0]
            .outcome,
    );
    let w = service.summary(user, id).await.unwrap();
    assert_eq!(w.sport, Sport::Cycling);
    // 06:53 UTC, 07:53 in Belgium where the track is.
    assert_eq!(w.title, "Morning ride");
    assert!(
        w.notes.starts_with("Sport inferred from the speed"),
        "the athlete is told: {:?}",
        w.notes
    );
}

async fn a_gpx_run_without_a_type_is_a_run(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let id = imported(
        &service
            .import(user, vec![corpus("gpx/hrmparser__gps-flat-run.gpx")])
            .await
            .unwrap()[0]
            .outcome,
    );
    let w = service.summary(user, id).await.unwrap();
    assert_eq!(w.sport, Sport::Running, "{w:?}");
    assert!(w.title.ends_with(" run"), "{}", w.title);
    // A GPX that names its sport keeps it, without a note.
    let id = imported(
        &service
            .import(user, vec![corpus("gpx/sportslib__amazfit.gpx")])
            .await
            .unwrap()[0]
            .outcome,
    );
    let w = service.summary(user, id).await.unwrap();
    assert_eq!(w.sport, Sport::Running);
    assert!(w.notes.is_empty());
}

db::on_both_backends!(
    a_polar_note_in_windows_1251_is_the_title_in_cyrillic,
    a_gpx_bike_tour_named_by_its_timestamp_is_a_morning_ride_inferred,
    a_gpx_run_without_a_type_is_a_run,
);
