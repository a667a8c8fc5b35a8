//! Links between workouts and the services that hold them: an upload finds the workout it was
//! stored as before by reference, by content (either form of its hash) or as the same activity,
//! inside its own transaction.

use db::{
    Backend, Fill, Matching, NewUpload, SourceRef, UploadOutcome, WorkoutFilter, testing::TestDb,
};
use domain::{Sport, WorkoutSummary};

use super::workouts::{MAY_FIRST, summary, upload, user};

fn strava(id: &str) -> Option<SourceRef> {
    Some(SourceRef {
        service: "Strava".to_owned(),
        id: id.to_owned(),
    })
}

fn from(service: &str, id: &str, hash: &str, s: WorkoutSummary) -> NewUpload {
    NewUpload {
        source: Some(SourceRef {
            service: service.to_owned(),
            id: id.to_owned(),
        }),
        ..upload(hash, vec![s])
    }
}

/// Rules for the tests: any workout within a minute is the same activity; what it fills in
/// is fixed (the title only over "Morning run"); a stored original equal to `legacy` is this
/// upload's file.
struct Rules {
    fill: Fill,
    legacy: Option<(&'static str, Vec<u8>)>,
}

impl Matching for Rules {
    fn start_tolerance_ms(&self) -> i64 {
        60_000
    }

    fn same_content(&self, hash: &str, original_gz: &[u8]) -> bool {
        self.legacy
            .as_ref()
            .is_some_and(|(h, gz)| *h == hash && gz.as_slice() == original_gz)
    }

    fn same_activity(&self, _: &WorkoutSummary) -> bool {
        true
    }

    fn fill(&self, stored: &WorkoutSummary) -> Fill {
        // As the importer judges: a title only over the one made up on import.
        Fill {
            title: self
                .fill
                .title
                .clone()
                .filter(|_| stored.title == "Morning run"),
            ..self.fill.clone()
        }
    }
}

fn rules() -> Rules {
    Rules {
        fill: Fill::default(),
        legacy: None,
    }
}

async fn count(t: &TestDb, user: domain::UserId) -> u64 {
    t.db.list_workouts(user, &WorkoutFilter::default(), 0, 10)
        .await
        .unwrap()
        .total
}

async fn a_services_reference_is_kept_in_the_link_table_and_found_there(backend: Backend) {
    let t = TestDb::new(backend).await;
    let (ada, bob) = (user(&t, "ada").await, user(&t, "bob").await);
    let s = summary("Run", "running", MAY_FIRST);
    let UploadOutcome::Imported(ids) =
        t.db.import_upload(ada, &from("Strava", "7", "h1", s.clone()), &rules())
            .await
            .unwrap()
    else {
        panic!("imported")
    };
    assert_eq!(
        t.db.workout_sources(ada, ids[0]).await.unwrap(),
        strava("7").into_iter().collect::<Vec<_>>()
    );
    assert!(
        t.db.workout_sources(bob, ids[0]).await.unwrap().is_empty(),
        "another account sees no references"
    );
    // The same bytes from Garmin Connect: linked, not stored twice.
    let garmin = from("Garmin Connect", "g1", "h1", s.clone());
    assert_eq!(
        t.db.import_upload(ada, &garmin, &rules()).await.unwrap(),
        UploadOutcome::Linked(ids[0])
    );
    let services: Vec<String> =
        t.db.workout_sources(ada, ids[0])
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.service)
            .collect();
    assert_eq!(services, ["Strava", "Garmin Connect"]);
    // Either export again, with other bytes: found by its reference.
    for again in [
        from("Garmin Connect", "g1", "other bytes", s.clone()),
        from("Strava", "7", "yet other bytes", s.clone()),
    ] {
        assert_eq!(
            t.db.import_upload(ada, &again, &rules()).await.unwrap(),
            UploadOutcome::Duplicate(ids[0])
        );
    }
    // The plain file again: a duplicate (it names no service to link).
    assert_eq!(
        t.db.insert_upload(ada, &upload("h1", vec![s.clone()]))
            .await
            .unwrap(),
        UploadOutcome::Duplicate(ids[0])
    );
    assert_eq!(count(&t, ada).await, 1);
    // Deleting the workout takes its references: the activity may come in again.
    assert!(t.db.delete_workout(ada, ids[0]).await.unwrap());
    assert!(matches!(
        t.db.import_upload(ada, &garmin, &rules()).await.unwrap(),
        UploadOutcome::Imported(_)
    ));
}

async fn a_workout_stored_under_the_old_hash_form_is_still_a_duplicate(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let s = summary("Run", "running", MAY_FIRST);
    // Stored before migration 0010: a gzip upload hashed as its own bytes.
    let UploadOutcome::Imported(ids) =
        t.db.insert_upload(ada, &upload("hash of the gzip", vec![s.clone()]))
            .await
            .unwrap()
    else {
        panic!("imported")
    };
    // The same gzip now: its content's hash is new, the old form is looked up beside it.
    let again = NewUpload {
        equivalent_hashes: vec!["hash of the gzip".to_owned()],
        ..upload("hash of the content", vec![s.clone()])
    };
    assert_eq!(
        t.db.insert_upload(ada, &again).await.unwrap(),
        UploadOutcome::Duplicate(ids[0])
    );
    // The same content sent plain: no old hash to look up; the importer recognises the
    // stored original of the workout that starts at the same instant.
    let plain = upload("hash of the content", vec![s.clone()]);
    let legacy = Rules {
        legacy: Some(("hash of the gzip", b"original of hash of the gzip".to_vec())),
        ..rules()
    };
    assert_eq!(
        t.db.import_upload(ada, &plain, &legacy).await.unwrap(),
        UploadOutcome::Duplicate(ids[0])
    );
    // Without that judgement it is another file, stored beside it.
    assert!(matches!(
        t.db.insert_upload(ada, &plain).await.unwrap(),
        UploadOutcome::Imported(_)
    ));
}

async fn the_same_activity_from_another_service_is_linked_and_fills_only_what_is_missing(
    backend: Backend,
) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let mut watch = summary("Morning run", "generic", MAY_FIRST);
    watch.notes = String::new();
    let UploadOutcome::Imported(ids) =
        t.db.insert_upload(ada, &upload("fit", vec![watch.clone()]))
            .await
            .unwrap()
    else {
        panic!("imported")
    };
    let id = ids[0];
    // The athlete names it before the export arrives.
    assert!(
        t.db.update_workout(ada, id, "Parkrun PB", Sport::Generic, "")
            .await
            .unwrap()
    );
    let offer = Rules {
        fill: Fill {
            title: Some("Lunch run".to_owned()),
            notes: Some("Windy".to_owned()),
            sport: Some(Sport::Running),
        },
        legacy: None,
    };
    let mut strava_run = summary("Lunch run", "running", MAY_FIRST + 30_000);
    strava_run.notes = "Windy".to_owned();
    let manual = from("Strava", "99", "manual entry 99", strava_run);
    assert_eq!(
        t.db.import_upload(ada, &manual, &offer).await.unwrap(),
        UploadOutcome::Linked(id)
    );
    let w = t.db.workout(ada, id).await.unwrap().unwrap();
    // The athlete's title stays; notes and sport were missing: filled.
    assert_eq!(
        (w.title.as_str(), w.notes.as_str(), w.sport),
        ("Parkrun PB", "Windy", Sport::Running)
    );
    // A second activity the same service holds at that time is its own workout (two devices
    // on one run, both uploaded to Strava): a workout Strava already names is not it.
    let second = from(
        "Strava",
        "100",
        "second device",
        summary("Run", "running", MAY_FIRST),
    );
    assert!(matches!(
        t.db.import_upload(ada, &second, &offer).await.unwrap(),
        UploadOutcome::Imported(_)
    ));
    // Out of the tolerance: another workout.
    let later = from(
        "Polar Flow",
        "p1",
        "polar",
        summary("Run", "running", MAY_FIRST + 61_000),
    );
    let UploadOutcome::Imported(_) = t.db.import_upload(ada, &later, &rules()).await.unwrap()
    else {
        panic!("a start 61 s away is another activity")
    };
    assert_eq!(count(&t, ada).await, 3);
}

/// Two imports of one activity at once (its FIT from Garmin Connect and from Strava, with other
/// bytes): the account's imports run one at a time, so exactly one stores it.
async fn two_imports_of_one_activity_at_once_store_it_once(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let rules = rules();
    for round in 0..5 {
        let start = MAY_FIRST + round * 86_400_000;
        let garmin = from(
            "Garmin Connect",
            &format!("g{round}"),
            &format!("g{round}"),
            summary("Run", "running", start),
        );
        let strava = from(
            "Strava",
            &format!("s{round}"),
            &format!("s{round}"),
            summary("Run", "running", start),
        );
        let (a, b) = tokio::join!(
            t.db.import_upload(ada, &garmin, &rules),
            t.db.import_upload(ada, &strava, &rules)
        );
        let mut outcomes = [a.unwrap(), b.unwrap()];
        outcomes.sort_by_key(|o| matches!(o, UploadOutcome::Linked(_)));
        let (UploadOutcome::Imported(ids), UploadOutcome::Linked(linked)) =
            (&outcomes[0], &outcomes[1])
        else {
            panic!("round {round}: one stored, one linked: {outcomes:?}")
        };
        assert_eq!(ids[0], *linked, "round {round}");
    }
    assert_eq!(count(&t, ada).await, 5);
}

db::on_both_backends!(
    a_services_reference_is_kept_in_the_link_table_and_found_there,
    a_workout_stored_under_the_old_hash_form_is_still_a_duplicate,
    the_same_activity_from_another_service_is_linked_and_fills_only_what_is_missing,
    two_imports_of_one_activity_at_once_store_it_once,
);
