//! Gear through the service: a Strava export's gear becomes gear of its kind with the brand
//! and model its tables list (once, however often it is imported), defaults per sport, and the
//! athlete's own edits, on exports assembled from the real one in the corpus.

use db::Backend;
use domain::{GearDraft, GearId, GearKind, Sport, UserId, Wear};
use workouts::{Outcome, Upload, Workouts, WorkoutsError};

use super::{RUN, corpus, corpus_bytes, imported, setup};

const EXPORT: &str = "archives/strava-export";
const FILE: &str = "activities/12866632127.fit.gz";

/// The real row of the export's `activities.csv` as another activity: its id, name, type,
/// gear and file replaced (an empty file makes it a manual entry).
fn row(real: &str, id: &str, name: &str, kind: &str, gear: &str, file: &str) -> String {
    let edited = real
        .replacen("12070555079", id, 1)
        .replacen("Laufen Landal Park", name, 1)
        .replacen(",Run,", &format!(",{kind},"), 1)
        .replacen(
            &format!(",\"\",,{FILE},"),
            &format!(",\"\",{gear},{file},"),
            1,
        );
    assert_ne!(edited, real, "the real row changed as the test means");
    edited
}

/// A Strava export assembled from the real one: its header and row, the rows given, its FIT,
/// and gear tables with the real headers and these rows.
fn export(rows: &[(&str, &str, &str, &str, &str)], bikes: &str, shoes: &str) -> Upload {
    let csv = String::from_utf8(corpus_bytes(&format!("{EXPORT}/activities.csv"))).unwrap();
    let (header, real) = csv.trim_end().split_once('\n').unwrap();
    let mut activities = format!("{header}\n");
    for (id, name, kind, gear, file) in rows {
        activities.push_str(&row(real, id, name, kind, gear, file));
        activities.push('\n');
    }
    let table = |entry: &str, rows: &str| {
        let real = String::from_utf8(corpus_bytes(&format!("{EXPORT}/{entry}"))).unwrap();
        format!("{}{rows}", real.trim_end().to_owned() + "\n")
    };
    let (bikes, shoes) = (table("bikes.csv", bikes), table("shoes.csv", shoes));
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("export_7/activities.csv".into(), activities.into_bytes()),
        ("export_7/bikes.csv".into(), bikes.into_bytes()),
        ("export_7/shoes.csv".into(), shoes.into_bytes()),
    ];
    // The FIT only when a row names it: otherwise it would import as a loose file.
    if rows.iter().any(|r| r.4 == FILE) {
        let fit = corpus_bytes(&format!("{EXPORT}/{FILE}"));
        entries.push((format!("export_7/{FILE}"), fit));
    }
    let entries: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let zip = workouts::archive::zip_files(&entries);
    Upload::new("strava.zip", zip)
}

async fn gear_named(service: &Workouts, user: UserId, name: &str) -> domain::GearItem {
    service
        .gear_items(user)
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.gear.name == name)
        .unwrap_or_else(|| panic!("no gear called {name}"))
}

pub(super) async fn a_strava_exports_gear_becomes_gear_of_its_kind_once(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let everyday = service
        .create_gear(user, &GearDraft::new(GearKind::Shoes, "Everyday").unwrap())
        .await
        .unwrap();
    service
        .set_gear_default(user, Sport::Running, Some(everyday.gear.id))
        .await
        .unwrap();
    let upload = || {
        export(
            &[
                ("1001", "Lake run", "Run", "Pegasus", FILE),
                ("1002", "Evening ride", "Ride", "Road Bike", ""),
                ("1003", "Hill reps", "Run", "Trail shoes", ""),
                ("1004", "Easy jog", "Run", "", ""),
            ],
            "Road Bike,Canyon,Ultimate CF SL,Ride\n",
            "Pegasus,Nike,Pegasus 40,Run\n",
        )
    };
    let results = service.import(user, vec![upload()]).await.unwrap();
    assert_eq!(results.len(), 4, "{results:?}");
    let ids: Vec<_> = results.iter().map(|r| imported(&r.outcome)).collect();

    let run = service.workout_gear(user, ids[0]).await.unwrap().unwrap();
    assert_eq!(run.name, "Pegasus");
    assert_eq!(run.kind, GearKind::Shoes, "listed in shoes.csv");
    assert_eq!(
        (run.brand.as_deref(), run.model.as_deref()),
        (Some("Nike"), Some("Pegasus 40"))
    );
    assert_eq!(run.warn_distance_m, Some(700_000.0), "the usual for shoes");
    let ride = service.workout_gear(user, ids[1]).await.unwrap().unwrap();
    assert_eq!(
        (ride.kind, ride.make().as_deref()),
        (GearKind::Bike, Some("Canyon Ultimate CF SL")),
        "a manual entry's gear, listed in bikes.csv"
    );
    let unlisted = service.workout_gear(user, ids[2]).await.unwrap().unwrap();
    assert_eq!(
        (unlisted.name.as_str(), unlisted.kind, unlisted.brand),
        ("Trail shoes", GearKind::Shoes, None),
        "not in the tables: its kind from the run"
    );
    let jog = service.workout_gear(user, ids[3]).await.unwrap().unwrap();
    assert_eq!(
        jog.id, everyday.gear.id,
        "no gear named: the default for runs"
    );
    for id in &ids {
        let notes = service.summary(user, *id).await.unwrap().notes;
        assert!(
            !notes.contains("Gear:"),
            "gear of its own, not a line: {notes:?}"
        );
    }

    let pegasus = gear_named(&service, user, "Pegasus").await;
    assert_eq!(pegasus.usage.workouts, 1);
    assert!(
        (pegasus.usage.distance_m - 3323.0).abs() < 50.0,
        "the FIT's distance: {}",
        pegasus.usage.distance_m
    );
    assert_eq!(pegasus.wear, Wear::Fine);

    let again = service.import(user, vec![upload()]).await.unwrap();
    assert!(
        again
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Duplicate { .. })),
        "{again:?}"
    );
    let names: Vec<String> = service
        .gear_list(user)
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(
        names,
        ["Road Bike", "Everyday", "Pegasus", "Trail shoes"],
        "importing twice adds no gear"
    );
    assert_eq!(
        gear_named(&service, user, "Pegasus").await.usage.workouts,
        1
    );
}

pub(super) async fn an_unreadable_gear_table_is_named_and_the_rows_keep_their_gear(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    let upload = export(
        &[
            ("2001", "Evening ride", "Ride", "Road Bike", ""),
            ("2002", "Lake run", "Run", "Pegasus", FILE),
        ],
        "\"Road Bike,Canyon\n",
        "Pegasus,Nike,Pegasus 40,Run\n",
    );
    let results = service.import(user, vec![upload]).await.unwrap();
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[0].file, "strava.zip/export_7/bikes.csv");
    assert!(
        matches!(&results[0].outcome, Outcome::Refused { error }
            if error.starts_with("line 2: a quoted field is never closed")
                && error.ends_with("the activities' gear is still imported, its kind told by their sport")),
        "{:?}",
        results[0]
    );
    let ride = service
        .workout_gear(user, imported(&results[1].outcome))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (ride.name.as_str(), ride.kind, ride.brand),
        ("Road Bike", GearKind::Bike, None)
    );
    let run = service
        .workout_gear(user, imported(&results[2].outcome))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(run.brand.as_deref(), Some("Nike"), "shoes.csv still read");
}

pub(super) async fn the_athlete_assigns_edits_and_retires_gear(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    let run = imported(&service.import(user, vec![corpus(RUN)]).await.unwrap()[0].outcome);
    assert_eq!(service.workout_gear(user, run).await.unwrap(), None);
    let shoes = service
        .create_gear(
            user,
            &GearDraft::new(GearKind::Shoes, "Pegasus")
                .unwrap()
                .warn_at(Some(2_000.0))
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(matches!(
        service
            .create_gear(user, &GearDraft::new(GearKind::Bike, " pegasus ").unwrap())
            .await,
        Err(WorkoutsError::Invalid { field: "name", message }) if message.contains("already have gear called “pegasus”")
    ));

    let given = service
        .set_workout_gear(user, run, Some(shoes.gear.id))
        .await
        .unwrap();
    assert_eq!(given.map(|g| g.id), Some(shoes.gear.id));
    let detail = service
        .detail(user, run, domain::XAxis::Time, domain::Language::En)
        .await
        .unwrap();
    assert_eq!(detail.gear.map(|g| g.name).as_deref(), Some("Pegasus"));
    let item = service.gear_item(user, shoes.gear.id).await.unwrap();
    assert_eq!(item.usage.workouts, 1);
    assert_eq!(item.wear, Wear::Past, "the run is longer than 2 km");

    // Another athlete's workout and gear are out of reach, and say so as missing.
    let bob = super::other_user(&t, "bob").await;
    assert!(matches!(
        service.set_workout_gear(bob, run, None).await,
        Err(WorkoutsError::NotFound)
    ));
    assert!(matches!(
        service.gear_item(bob, shoes.gear.id).await,
        Err(WorkoutsError::NoSuchGear)
    ));
    let bobs = service
        .create_gear(bob, &GearDraft::new(GearKind::Bike, "Trek").unwrap())
        .await
        .unwrap();
    assert!(matches!(
        service
            .set_workout_gear(user, run, Some(bobs.gear.id))
            .await,
        Err(WorkoutsError::NoSuchGear)
    ));

    // Retired gear is no default; retiring ends the defaults it had.
    service
        .set_gear_default(user, Sport::Running, Some(shoes.gear.id))
        .await
        .unwrap();
    let retired = GearDraft::of(&shoes.gear).retired(true);
    let item = service
        .update_gear(user, shoes.gear.id, &retired)
        .await
        .unwrap();
    assert!(item.gear.retired);
    assert!(service.gear_defaults(user).await.unwrap().is_empty());
    assert!(matches!(
        service.set_gear_default(user, Sport::Running, Some(shoes.gear.id)).await,
        Err(WorkoutsError::Invalid { field: "gear_id", message }) if message.contains("retired")
    ));
    assert!(matches!(
        service
            .set_gear_default(user, Sport::Running, Some(GearId::new(424_242)))
            .await,
        Err(WorkoutsError::NoSuchGear)
    ));

    // Cleared, then deleted: the workout stays.
    assert_eq!(
        service.set_workout_gear(user, run, None).await.unwrap(),
        None
    );
    service.delete_gear(user, shoes.gear.id).await.unwrap();
    assert!(matches!(
        service.delete_gear(user, shoes.gear.id).await,
        Err(WorkoutsError::NoSuchGear)
    ));
    service.summary(user, run).await.unwrap();
}

db::on_both_backends!(
    a_strava_exports_gear_becomes_gear_of_its_kind_once,
    an_unreadable_gear_table_is_named_and_the_rows_keep_their_gear,
    the_athlete_assigns_edits_and_retires_gear,
);
