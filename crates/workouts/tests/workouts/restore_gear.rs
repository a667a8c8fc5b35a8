//! Gear in Laps' own export, at its edges: an index of version 2 (before gear) still restores;
//! a workout that had no gear stays without in an account with defaults; gear the account has
//! already is kept; a hostile gear list is refused entry by entry.

use db::Backend;
use domain::{GearDraft, GearKind, Sport, UserId};
use workouts::{FileResult, Outcome, Upload, Workouts};

use super::{
    RUN, corpus, imported,
    restore::{export, ok},
    setup,
};

/// The export's entries with its index changed by `edit`, zipped again.
fn with_index(zip: &[u8], mut edit: impl FnMut(&mut serde_json::Value)) -> Upload {
    let entries = workouts::archive::expand(zip, workouts::ZipLimits::default()).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for e in entries {
        let bytes = e.bytes.unwrap();
        if e.name == "index.json" {
            let mut index: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            edit(&mut index);
            files.push((e.name, serde_json::to_vec(&index).unwrap()));
        } else {
            files.push((e.name, bytes));
        }
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    Upload::new("laps.zip", workouts::archive::zip_files(&refs))
}

/// An account whose one run was done without gear, exported.
async fn a_run_without_gear(backend: Backend) -> Vec<u8> {
    let (_t, service, user) = setup(backend).await;
    ok(&service.import(user, vec![corpus(RUN)]).await.unwrap());
    export(&service, user).await
}

/// A fresh account whose runs default to its shoes called `name`.
async fn with_default_shoes(
    backend: Backend,
    name: &str,
) -> (db::testing::TestDb, Workouts, UserId) {
    let (t, service, user) = setup(backend).await;
    let draft = GearDraft::new(GearKind::Shoes, name).unwrap();
    let shoes = service.create_gear(user, &draft).await.unwrap().gear.id;
    service
        .set_gear_default(user, Sport::Running, Some(shoes))
        .await
        .unwrap();
    (t, service, user)
}

/// The gear of the workout a restore's one original gave.
async fn gear_of(service: &Workouts, user: UserId, results: &[FileResult]) -> Option<String> {
    let id = results
        .iter()
        .find_map(|r| match &r.outcome {
            Outcome::Imported { workout_id, .. } => Some(*workout_id),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no workout: {results:#?}"));
    service
        .workout_gear(user, id)
        .await
        .unwrap()
        .map(|g| g.name)
}

/// Version 3 says a workout had no gear: the account's default does not land on it. Version 2
/// says nothing of gear: the workout gets the default, as any import does.
async fn a_workout_without_gear_stays_without_and_version_2_still_restores(backend: Backend) {
    let zip = a_run_without_gear(backend).await;
    let (_t, service, user) = with_default_shoes(backend, "Daily trainers").await;
    let results = service
        .import(user, vec![Upload::new("laps.zip", zip.clone())])
        .await
        .unwrap();
    ok(&results);
    assert_eq!(
        gear_of(&service, user, &results).await,
        None,
        "{results:#?}"
    );
    assert!(
        !results
            .iter()
            .any(|r| matches!(r.outcome, Outcome::Gear { .. })),
        "no gear, no gear result: {results:#?}"
    );

    let v2 = with_index(&zip, |index| {
        index["version"] = 2.into();
        let object = index.as_object_mut().unwrap();
        object.remove("gear");
        object.remove("gear_defaults");
        for w in index["workouts"].as_array_mut().unwrap() {
            let w = w.as_object_mut().unwrap();
            w.remove("gear");
            w.remove("sources");
        }
    });
    let (_t2, service, user) = with_default_shoes(backend, "Daily trainers").await;
    let results = service.import(user, vec![v2]).await.unwrap();
    ok(&results);
    assert_eq!(
        gear_of(&service, user, &results).await.as_deref(),
        Some("Daily trainers"),
        "{results:#?}"
    );
}

/// Gear of the same name (in any letter case) the account has already is kept as it is, and
/// the restored workout is done with it; a sport the account has a default for keeps it.
async fn gear_the_account_has_is_kept(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let run = service.import(user, vec![corpus(RUN)]).await.unwrap();
    let draft = GearDraft::new(GearKind::Shoes, "Pegasus")
        .and_then(|d| d.brand(Some("Nike")))
        .unwrap();
    let shoes = service.create_gear(user, &draft).await.unwrap().gear.id;
    service
        .set_workout_gear(user, imported(&run[0].outcome), Some(shoes))
        .await
        .unwrap();
    service
        .set_gear_default(user, Sport::Running, Some(shoes))
        .await
        .unwrap();
    let zip = export(&service, user).await;

    let (_t2, fresh, other) = with_default_shoes(backend, "PEGASUS").await;
    let results = fresh
        .import(other, vec![Upload::new("laps.zip", zip)])
        .await
        .unwrap();
    ok(&results);
    let gear: Vec<&Outcome> = results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Gear { .. }))
        .map(|r| &r.outcome)
        .collect();
    let kept_one = Outcome::Gear {
        stored: 0,
        kept: 1,
        refused: Vec::new(),
    };
    assert_eq!(gear, [&kept_one, &kept_one], "{results:#?}");
    assert_eq!(
        gear_of(&fresh, other, &results).await.as_deref(),
        Some("PEGASUS")
    );
    let list = fresh.gear_list(other).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].brand, None, "the account's own, as it was");
}

/// Hostile: bad kinds, names too long, a name twice, a default naming gear not listed, a
/// workout naming gear not listed, a list too long: each refused by itself, saying what.
async fn a_hostile_gear_list_is_refused_entry_by_entry(backend: Backend) {
    let zip = a_run_without_gear(backend).await;
    let long = "x".repeat(81);
    let hostile = with_index(&zip, |index| {
        index["gear"] = serde_json::json!([
            { "name": "Pegasus", "kind": "shoes", "brand": "Nike" },
            { "name": "Kayak", "kind": "boat" },
            { "name": long, "kind": "shoes" },
            { "name": " pegasus", "kind": "shoes" },
            { "name": "Wetsuit", "kind": "other", "warn_distance_m": -5 },
            5,
        ]);
        index["gear_defaults"] = serde_json::json!([
            { "sport": "running", "gear": "Pegasus" },
            { "sport": "cycling", "gear": "Nowhere" },
            { "sport": "paddling", "gear": "Kayak" },
        ]);
        index["workouts"][0]["gear"] = "Unlisted bike".into();
    });
    let (t, service, user) = setup(backend).await;
    let results = service.import(user, vec![hostile]).await.unwrap();
    let gear = |n: usize| {
        results
            .iter()
            .filter_map(|r| match &r.outcome {
                Outcome::Gear {
                    stored,
                    kept,
                    refused,
                } => Some((r.file.clone(), *stored, *kept, refused.clone())),
                _ => None,
            })
            .nth(n)
            .unwrap_or_else(|| panic!("{results:#?}"))
    };
    let (file, stored, kept, refused) = gear(0);
    assert!(file.ends_with("index.json: gear"), "{file}");
    assert_eq!((stored, kept, refused.len()), (1, 0, 5), "{refused:#?}");
    assert!(
        refused[0].contains("gear[1] “Kayak”: its kind \"boat\" is none of shoes, bike or other"),
        "{refused:#?}"
    );
    assert!(
        refused[1].starts_with("gear[2] “xxx") && refused[1].contains("at most 80 characters"),
        "{refused:#?}"
    );
    assert!(
        refused[2].contains("gear[3] “ pegasus”: the index lists gear of this name twice"),
        "{refused:#?}"
    );
    assert!(
        refused[3].starts_with("gear[4] “Wetsuit”: A warning distance"),
        "{refused:#?}"
    );
    assert!(
        refused[4].starts_with("gear[5]: invalid type"),
        "{refused:#?}"
    );
    let workout = results
        .iter()
        .find_map(|r| match &r.outcome {
            Outcome::Refused { error } => Some(format!("{}: {error}", r.file)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{results:#?}"));
    assert!(
        workout.contains("gives “Afternoon run” (workout 1)")
            && workout.contains("the gear “Unlisted bike”, which its gear list does not hold"),
        "{workout}"
    );
    // Its original is restored all the same, with what the file says.
    assert_eq!(t.db.workout_ids(user).await.unwrap().len(), 1);
    let (file, stored, _, refused) = gear(1);
    assert!(file.ends_with("gear defaults"), "{file}");
    assert_eq!(stored, 1);
    assert_eq!(refused.len(), 2, "{refused:#?}");
    assert!(
        refused[0].contains("“Nowhere” for Cycling is not in the index's gear"),
        "{refused:#?}"
    );
    assert!(
        refused[1].contains("“Kayak” for Paddling was refused itself"),
        "{refused:#?}"
    );

    // Too many pieces: none is restored, and a workout naming one is restored without it.
    let many = with_index(&zip, |index| {
        let gear: Vec<serde_json::Value> = (0..1001)
            .map(|i| serde_json::json!({ "name": format!("Shoe {i}"), "kind": "shoes" }))
            .collect();
        index["gear"] = gear.into();
        index["workouts"][0]["gear"] = "Shoe 7".into();
    });
    let (_t2, service, user) = setup(backend).await;
    let results = service.import(user, vec![many]).await.unwrap();
    ok(&results);
    assert!(
        results.iter().any(
            |r| matches!(&r.outcome, Outcome::Gear { stored: 0, refused, .. }
            if refused == &["the index lists more than 1000 pieces of gear: none is restored"])
        ),
        "{results:#?}"
    );
    assert_eq!(gear_of(&service, user, &results).await, None);
    assert!(service.gear_list(user).await.unwrap().is_empty());
}

db::on_both_backends!(
    a_workout_without_gear_stays_without_and_version_2_still_restores,
    gear_the_account_has_is_kept,
    a_hostile_gear_list_is_refused_entry_by_entry,
);
