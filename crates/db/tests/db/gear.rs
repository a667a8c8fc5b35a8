//! Gear: names unique per account in any case, totals summed from the workouts, found or made
//! in an upload's transaction, defaults per sport, and nothing across accounts.

use db::{Backend, DbError, GearChoice, NewUpload, UploadOutcome, testing::TestDb};
use domain::{Date, GearDraft, GearId, GearKind, Sport, Wear, WorkoutId};

use crate::workouts::{MAY_FIRST, summary, upload, user};

const DAY: i64 = 86_400_000;

fn draft(kind: GearKind, name: &str) -> GearDraft {
    GearDraft::new(kind, name).unwrap()
}

fn imported(outcome: UploadOutcome) -> Vec<WorkoutId> {
    match outcome {
        UploadOutcome::Imported(ids) => ids,
        other => panic!("expected an import, got {other:?}"),
    }
}

/// One running workout of 10,012.5 m and an hour (59 min moving), `days` after 1 May 2024.
async fn run(
    t: &TestDb,
    who: domain::UserId,
    hash: &str,
    days: i64,
    gear: GearChoice,
) -> WorkoutId {
    let file = NewUpload {
        gear,
        ..upload(hash, vec![summary(hash, "running", MAY_FIRST + days * DAY)])
    };
    imported(t.db.insert_upload(who, &file).await.unwrap())[0]
}

async fn names_are_unique_per_account_in_any_letter_case(backend: Backend) {
    let t = TestDb::new(backend).await;
    let (ada, bob) = (user(&t, "ada").await, user(&t, "bob").await);
    let shoes = draft(GearKind::Shoes, "Pegasus")
        .brand(Some("Nike"))
        .unwrap()
        .model(Some("Pegasus 40"))
        .unwrap();
    let id = t.db.create_gear(ada, &shoes).await.unwrap();
    let err =
        t.db.create_gear(ada, &draft(GearKind::Bike, "PEGASUS"))
            .await
            .unwrap_err();
    assert!(matches!(err, DbError::Conflict { .. }), "got {err:?}");
    t.db.create_gear(bob, &draft(GearKind::Shoes, "pegasus"))
        .await
        .expect("another account may have its own");
    let bike =
        t.db.create_gear(ada, &draft(GearKind::Bike, "Canyon"))
            .await
            .unwrap();

    let listed = t.db.gear_list(ada).await.unwrap();
    let names: Vec<&str> = listed.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Canyon", "Pegasus"], "by kind, then name");
    let pegasus = &listed[1];
    assert_eq!(pegasus.id, id);
    assert_eq!(
        (pegasus.brand.as_deref(), pegasus.model.as_deref()),
        (Some("Nike"), Some("Pegasus 40"))
    );
    assert_eq!(pegasus.warn_distance_m, Some(700_000.0));

    // Renaming onto another's name conflicts; retiring moves it after those in use.
    let renamed = GearDraft::of(pegasus).name_as("canyon").unwrap();
    assert!(matches!(
        t.db.update_gear(ada, id, &renamed).await.unwrap_err(),
        DbError::Conflict { .. }
    ));
    let retired = GearDraft::of(pegasus)
        .retired(true)
        .notes("worn through")
        .unwrap();
    assert!(t.db.update_gear(ada, id, &retired).await.unwrap());
    let listed = t.db.gear_list(ada).await.unwrap();
    assert_eq!(listed[0].id, bike);
    assert!(listed[1].retired && listed[1].notes == "worn through");

    assert!(
        !t.db.update_gear(bob, id, &retired).await.unwrap(),
        "not bob's"
    );
    assert!(!t.db.delete_gear(bob, id).await.unwrap(), "not bob's");
    assert!(t.db.delete_gear(ada, id).await.unwrap());
    assert_eq!(t.db.gear_item(ada, id).await.unwrap(), None);
}

async fn totals_sum_the_workouts_that_used_the_gear(backend: Backend) {
    let t = TestDb::new(backend).await;
    let (ada, bob) = (user(&t, "ada").await, user(&t, "bob").await);
    let shoes =
        t.db.create_gear(
            ada,
            &draft(GearKind::Shoes, "Pegasus")
                .warn_at(Some(25_000.0))
                .unwrap(),
        )
        .await
        .unwrap();
    let unused =
        t.db.create_gear(ada, &draft(GearKind::Other, "Kayak"))
            .await
            .unwrap();
    let a = run(&t, ada, "a", 0, GearChoice::default()).await;
    let b = run(&t, ada, "b", 3, GearChoice::default()).await;
    run(&t, ada, "c", 5, GearChoice::default()).await;
    for w in [a, b] {
        assert!(t.db.set_workout_gear(ada, w, Some(shoes)).await.unwrap());
    }
    let item = t.db.gear_item(ada, shoes).await.unwrap().unwrap();
    assert_eq!(item.usage.workouts, 2);
    assert!(
        (item.usage.distance_m - 20_025.0).abs() < 1e-6,
        "{}",
        item.usage.distance_m
    );
    assert_eq!(item.usage.elapsed_ms, 2 * 3_600_000);
    assert_eq!(item.usage.moving_ms, 2 * 3_540_000);
    // 05:30Z is 07:30 in Berlin: the local days of the first and the last.
    assert_eq!(item.usage.first_day, Date::new(2024, 5, 1));
    assert_eq!(item.usage.last_day, Date::new(2024, 5, 4));
    assert_eq!(item.wear, Wear::Fine, "20 of 25 km");

    // A third run passes the warning distance.
    let c = run(&t, ada, "d", 6, GearChoice::default()).await;
    t.db.set_workout_gear(ada, c, Some(shoes)).await.unwrap();
    let item = t.db.gear_item(ada, shoes).await.unwrap().unwrap();
    assert_eq!((item.usage.workouts, item.wear), (3, Wear::Past));

    let kayak = t.db.gear_item(ada, unused).await.unwrap().unwrap();
    assert_eq!(
        kayak.usage,
        domain::GearUse::default(),
        "no workouts, zero totals"
    );
    assert_eq!(kayak.wear, Wear::Untracked);
    assert_eq!(t.db.gear_items(ada).await.unwrap().len(), 2);

    // Clearing takes the workout out of the totals.
    assert!(t.db.set_workout_gear(ada, c, None).await.unwrap());
    assert_eq!(t.db.workout_gear(ada, c).await.unwrap(), None);
    assert_eq!(t.db.workout_gear(ada, a).await.unwrap().unwrap().id, shoes);
    let item = t.db.gear_item(ada, shoes).await.unwrap().unwrap();
    assert_eq!(item.usage.workouts, 2);

    // Deleting gear keeps its workouts, without gear.
    assert!(t.db.delete_gear(ada, shoes).await.unwrap());
    assert!(t.db.workout(ada, a).await.unwrap().is_some());
    assert_eq!(t.db.workout_gear(ada, a).await.unwrap(), None);
    let _ = bob;
}

async fn another_accounts_gear_and_workouts_are_out_of_reach(backend: Backend) {
    let t = TestDb::new(backend).await;
    let (ada, bob) = (user(&t, "ada").await, user(&t, "bob").await);
    let adas_gear =
        t.db.create_gear(ada, &draft(GearKind::Bike, "Canyon"))
            .await
            .unwrap();
    let bobs_gear =
        t.db.create_gear(bob, &draft(GearKind::Bike, "Trek"))
            .await
            .unwrap();
    let adas_run = run(&t, ada, "a", 0, GearChoice::default()).await;
    assert!(
        !t.db
            .set_workout_gear(ada, adas_run, Some(bobs_gear))
            .await
            .unwrap(),
        "bob's gear on ada's workout"
    );
    assert!(
        !t.db
            .set_workout_gear(bob, adas_run, Some(bobs_gear))
            .await
            .unwrap(),
        "bob's gear on ada's workout, asked by bob"
    );
    assert!(!t.db.set_workout_gear(bob, adas_run, None).await.unwrap());
    assert_eq!(t.db.workout_gear(ada, adas_run).await.unwrap(), None);
    assert!(
        t.db.set_workout_gear(ada, adas_run, Some(adas_gear))
            .await
            .unwrap()
    );
    assert_eq!(t.db.workout_gear(bob, adas_run).await.unwrap(), None);
    assert_eq!(t.db.gear_item(bob, adas_gear).await.unwrap(), None);
    assert!(
        !t.db
            .set_gear_default(ada, Sport::Cycling, Some(bobs_gear))
            .await
            .unwrap(),
        "bob's gear as ada's default"
    );
    assert!(t.db.gear_defaults(ada).await.unwrap().is_empty());
    let names: Vec<String> =
        t.db.gear_list(bob)
            .await
            .unwrap()
            .into_iter()
            .map(|g| g.name)
            .collect();
    assert_eq!(names, ["Trek"]);
}

async fn named_gear_is_found_or_made_in_the_uploads_transaction(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let existing =
        t.db.create_gear(ada, &draft(GearKind::Shoes, "Pegasus"))
            .await
            .unwrap();
    let named = |name: &str| {
        GearChoice::Named(
            draft(GearKind::Bike, name)
                .brand(Some("Canyon"))
                .unwrap()
                .model(Some("Ultimate"))
                .unwrap(),
        )
    };
    // Found by name in any case: the stored gear is used as it is, kind and all.
    let a = run(&t, ada, "a", 0, named("PEGASUS")).await;
    assert_eq!(
        t.db.workout_gear(ada, a).await.unwrap().unwrap().id,
        existing
    );
    // Made once, then found.
    let b = run(&t, ada, "b", 1, named("Road bike")).await;
    let c = run(&t, ada, "c", 2, named("road bike")).await;
    let made = t.db.workout_gear(ada, b).await.unwrap().unwrap();
    assert_eq!(made.kind, GearKind::Bike);
    assert_eq!(made.make().as_deref(), Some("Canyon Ultimate"));
    assert_eq!(
        t.db.workout_gear(ada, c).await.unwrap().unwrap().id,
        made.id
    );
    assert_eq!(t.db.gear_list(ada).await.unwrap().len(), 2);

    // An upload that fails leaves no gear behind.
    let mut file = NewUpload {
        gear: named("Gravel bike"),
        ..upload(
            "bad",
            vec![
                summary("A", "cycling", MAY_FIRST + 9 * DAY),
                summary("B", "cycling", MAY_FIRST + 10 * DAY),
            ],
        )
    };
    file.workouts[1].laps[1].index = 0;
    assert!(t.db.insert_upload(ada, &file).await.is_err());
    assert_eq!(
        t.db.gear_list(ada).await.unwrap().len(),
        2,
        "rolled back with it"
    );
    // A duplicate adds no gear either.
    let again = NewUpload {
        gear: named("Another bike"),
        ..upload("b", vec![summary("b", "running", MAY_FIRST + DAY)])
    };
    assert_eq!(
        t.db.insert_upload(ada, &again).await.unwrap(),
        UploadOutcome::Duplicate(b)
    );
    assert_eq!(t.db.gear_list(ada).await.unwrap().len(), 2);
}

async fn new_workouts_get_their_sports_default_unless_told_otherwise(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    let shoes =
        t.db.create_gear(ada, &draft(GearKind::Shoes, "Pegasus"))
            .await
            .unwrap();
    let old =
        t.db.create_gear(ada, &draft(GearKind::Shoes, "Old shoes"))
            .await
            .unwrap();
    assert!(
        t.db.set_gear_default(ada, Sport::Running, Some(old))
            .await
            .unwrap()
    );
    assert!(
        t.db.set_gear_default(ada, Sport::Running, Some(shoes))
            .await
            .unwrap(),
        "replaced"
    );
    assert_eq!(
        t.db.gear_defaults(ada).await.unwrap(),
        [domain::GearDefault {
            sport: Sport::Running,
            gear_id: shoes
        }]
    );
    let ride = NewUpload {
        ..upload("ride", vec![summary("ride", "cycling", MAY_FIRST)])
    };
    let ride = imported(t.db.insert_upload(ada, &ride).await.unwrap())[0];
    let a = run(&t, ada, "a", 1, GearChoice::SportDefault).await;
    let b = run(&t, ada, "b", 2, GearChoice::Nothing).await;
    assert_eq!(t.db.workout_gear(ada, a).await.unwrap().unwrap().id, shoes);
    assert_eq!(t.db.workout_gear(ada, b).await.unwrap(), None, "told: none");
    assert_eq!(
        t.db.workout_gear(ada, ride).await.unwrap(),
        None,
        "no default for cycling"
    );

    // Retiring gear ends its defaults, and retired gear cannot become one.
    let retired =
        GearDraft::of(&t.db.gear_item(ada, shoes).await.unwrap().unwrap().gear).retired(true);
    assert!(t.db.update_gear(ada, shoes, &retired).await.unwrap());
    assert!(t.db.gear_defaults(ada).await.unwrap().is_empty());
    assert!(
        !t.db
            .set_gear_default(ada, Sport::Running, Some(shoes))
            .await
            .unwrap()
    );
    let c = run(&t, ada, "c", 3, GearChoice::SportDefault).await;
    assert_eq!(t.db.workout_gear(ada, c).await.unwrap(), None);

    // Deleting gear ends its defaults too; clearing a default that is not set is no error.
    assert!(
        t.db.set_gear_default(ada, Sport::Walking, Some(old))
            .await
            .unwrap()
    );
    assert!(t.db.delete_gear(ada, old).await.unwrap());
    assert!(t.db.gear_defaults(ada).await.unwrap().is_empty());
    assert!(
        t.db.set_gear_default(ada, Sport::Walking, None)
            .await
            .unwrap()
    );
    assert!(
        !t.db
            .set_gear_default(ada, Sport::Walking, Some(GearId::new(9_999)))
            .await
            .unwrap()
    );
}

/// A restore gives each workout of a file its own gear (a triathlon's ride the bike, its run
/// the shoes), found by name or made, and each workout every service reference it had; a
/// reference that names another workout already stays with it.
async fn each_workout_of_an_upload_gets_its_own_gear_and_references(backend: Backend) {
    let t = TestDb::new(backend).await;
    let ada = user(&t, "ada").await;
    t.db.create_gear(ada, &draft(GearKind::Shoes, "Pegasus"))
        .await
        .unwrap();
    let before = run(&t, ada, "before", 0, GearChoice::Nothing).await;
    let reference = |service: &str, id: &str| db::SourceRef {
        service: service.to_owned(),
        id: id.to_owned(),
    };
    let mut file = NewUpload {
        gear: GearChoice::Each(vec![
            Some(draft(GearKind::Bike, "New bike")),
            Some(draft(GearKind::Shoes, "PEGASUS")),
            None,
        ]),
        ..upload(
            "triathlon",
            vec![
                summary("ride", "cycling", MAY_FIRST + DAY),
                summary("run", "running", MAY_FIRST + DAY + 3_600_000),
                summary("swim", "swimming", MAY_FIRST + DAY - 3_600_000),
            ],
        )
    };
    file.workouts[0].sources = vec![reference("Strava", "1"), reference("Garmin Connect", "2")];
    file.workouts[1].sources = vec![reference("Runalyze", "3")];
    t.db.insert_upload(
        ada,
        &NewUpload {
            source: Some(reference("Runalyze", "3")),
            ..upload("taken", vec![summary("x", "running", MAY_FIRST + 9 * DAY)])
        },
    )
    .await
    .unwrap();
    let ids = imported(t.db.insert_upload(ada, &file).await.unwrap());
    let gear = |i: usize| {
        let t = &t;
        let id = ids[i];
        async move { t.db.workout_gear(ada, id).await.unwrap().map(|g| g.name) }
    };
    assert_eq!(gear(0).await.as_deref(), Some("New bike"));
    assert_eq!(gear(1).await.as_deref(), Some("Pegasus"), "found by name");
    assert_eq!(gear(2).await, None);
    assert_eq!(t.db.gear_list(ada).await.unwrap().len(), 2);
    assert!(t.db.workout_gear(ada, before).await.unwrap().is_none());
    assert_eq!(
        t.db.workout_sources(ada, ids[0]).await.unwrap(),
        [reference("Strava", "1"), reference("Garmin Connect", "2")],
        "in the order given"
    );
    assert!(
        t.db.workout_sources(ada, ids[1]).await.unwrap().is_empty(),
        "Runalyze's 3 names another workout already"
    );
}

db::on_both_backends!(
    each_workout_of_an_upload_gets_its_own_gear_and_references,
    names_are_unique_per_account_in_any_letter_case,
    totals_sum_the_workouts_that_used_the_gear,
    another_accounts_gear_and_workouts_are_out_of_reach,
    named_gear_is_found_or_made_in_the_uploads_transaction,
    new_workouts_get_their_sports_default_unless_told_otherwise,
);
