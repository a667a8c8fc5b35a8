//! Laps' own export restored, at its edges: unpacked into a folder, written before restores
//! (index version 1), of an account without workouts, and hostile (a bad index, another
//! account, the request's limits).

use db::Backend;
use domain::Preferences;
use workouts::{Limits, Outcome, Upload, Workouts};

use super::{
    RUN, corpus, imported,
    restore::{MULTI, day, export, ok, snapshot},
    setup,
};

/// `laps import` of the unpacked folder: its files sent side by side restore as the zip does.
async fn an_unpacked_laps_export_restores_as_the_zip_does(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    let run = service.import(user, vec![corpus(RUN)]).await.unwrap();
    service
        .update(
            user,
            imported(&run[0].outcome),
            "Renamed",
            domain::Sport::Running,
            "notes",
        )
        .await
        .unwrap();
    service
        .record_activity(user, &[day("2024-03-01", 9000)])
        .await
        .unwrap();
    let original = snapshot(&service, &t.db, user).await;
    let zip = export(&service, user).await;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("laps-export-2026-01-01");
    let mut uploads = Vec::new();
    for entry in workouts::archive::expand(&zip, workouts::ZipLimits::default()).unwrap() {
        let path = folder.join(&entry.name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, entry.bytes.unwrap()).unwrap();
        uploads.push(Upload::path(path.display().to_string(), path));
    }
    let (t2, fresh, restored) = setup(backend).await;
    let results = fresh.import(restored, uploads).await.unwrap();
    ok(&results);
    assert_eq!(
        results.len(),
        3,
        "settings, days and one workout, as one export: {results:#?}"
    );
    assert_eq!(snapshot(&fresh, &t2.db, restored).await, original);
}

/// An export made before restores (version 1: a bare array with titles and sports) still
/// restores its workouts from their originals, with their titles and sports.
async fn an_export_of_version_1_restores_its_workouts(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    let run = service.import(user, vec![corpus(RUN)]).await.unwrap();
    service
        .update(
            user,
            imported(&run[0].outcome),
            "Old title",
            domain::Sport::Walking,
            "",
        )
        .await
        .unwrap();
    ok(&service.import(user, vec![corpus(MULTI)]).await.unwrap());
    let original = snapshot(&service, &t.db, user).await;
    let zip = export(&service, user).await;
    // Rewritten as version 1 wrote it: one original per workout, the index a bare array.
    let entries = workouts::archive::expand(&zip, workouts::ZipLimits::default()).unwrap();
    let index: serde_json::Value = serde_json::from_slice(
        entries
            .iter()
            .find(|e| e.name == "index.json")
            .unwrap()
            .bytes
            .as_ref()
            .unwrap(),
    )
    .unwrap();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut old = Vec::new();
    for w in index["workouts"].as_array().unwrap() {
        let original = entries
            .iter()
            .find(|e| e.name == w["original_gz"].as_str().unwrap())
            .unwrap();
        let name = format!(
            "originals/{}_{}",
            w["id"],
            w["original_name"].as_str().unwrap()
        );
        files.push((name.clone(), original.bytes.clone().unwrap()));
        old.push(serde_json::json!({
            "id": w["id"], "title": w["title"], "sport": w["sport"], "start_utc": w["start_utc"],
            "utc_offset_minutes": w["utc_offset_minutes"], "time_zone": w["time_zone"],
            "elapsed_ms": w["elapsed_ms"], "distance_m": w["distance_m"], "fit": w["fit"],
            "original_gz": name,
        }));
    }
    for e in entries.iter().filter(|e| e.name.starts_with("fit/")) {
        files.push((e.name.clone(), e.bytes.clone().unwrap()));
    }
    let old_index = serde_json::to_vec(&old).unwrap();
    files.push(("index.json".to_owned(), old_index));
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let v1 = workouts::archive::zip_files(&refs);

    let (t2, fresh, restored) = setup(backend).await;
    let results = fresh
        .import(restored, vec![Upload::new("old-export.zip", v1)])
        .await
        .unwrap();
    ok(&results);
    let got = snapshot(&fresh, &t2.db, restored).await;
    assert_eq!(got.workouts, original.workouts, "{results:#?}");
}

/// Hostile: a bad index is refused entry by entry with what is wrong where; the rest of the
/// export is restored; only the importing account is written; limits apply.
async fn a_bad_index_is_refused_entry_by_entry(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    ok(&service.import(user, vec![corpus(RUN)]).await.unwrap());
    let zip = export(&service, user).await;
    let entries = workouts::archive::expand(&zip, workouts::ZipLimits::default()).unwrap();
    let original = entries
        .iter()
        .find(|e| e.name.starts_with("originals/"))
        .unwrap();
    let long = "x".repeat(1001);
    let index = serde_json::json!({
        "format": "laps-export",
        "version": 2,
        "preferences": { "units": "metric", "time_zone": "Mars/Olympus", "first_day_of_week": 0,
                         "max_hr": 190, "resting_hr": 60, "hr_zones": [95, 114, 133, 152, 171] },
        "workouts": [
            { "id": 1, "title": "Up and out", "original_gz": "../../etc/passwd" },
            { "id": 2, "original_gz": "originals/2_gone.fit" },
            { "id": 3, "title": 5, "original_gz": "originals/3_x.fit" },
            { "id": 4, "title": long, "original_gz": original.name },
            { "id": 5, "original_gz": "index.json" },
        ],
        "daily_activity": [
            { "day": "2024-01-01", "steps": 900000, "active_kcal": 0, "active_s": 0 },
            { "day": "2024-01-02", "steps": 5000, "active_kcal": 100, "active_s": 900 },
            { "day": "someday", "steps": 1, "active_kcal": 0, "active_s": 0 },
        ],
    });
    let index = serde_json::to_vec(&index).unwrap();
    let hostile = workouts::archive::zip_files(&[
        ("index.json", &index),
        ("fit/x_1.fit", b"not read"),
        (&original.name, original.bytes.as_ref().unwrap()),
    ]);

    // Another account restores it: the first account's workout ids in the index mean nothing.
    let name = domain::Username::parse("bob").unwrap();
    let bob =
        t.db.create_user(&name, "h", db::AdminRule::No)
            .await
            .unwrap()
            .id;
    let results = service
        .import(bob, vec![Upload::new("hostile.zip", hostile)])
        .await
        .unwrap();
    let line = |r: &workouts::FileResult| match &r.outcome {
        Outcome::Refused { error } => format!("{}: {error}", r.file),
        other => format!("{}: {other:?}", r.file),
    };
    let lines: Vec<String> = results.iter().map(line).collect();
    let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
    assert!(
        has("index.json: settings: preferences: Unknown time zone: Mars/Olympus"),
        "{lines:#?}"
    );
    assert!(
        has("outside the export") && has("“Up and out” (workout 1)"),
        "{lines:#?}"
    );
    assert!(
        has(
            "hostile.zip/originals/2_gone.fit: index.json names this file as the original of workout 2, but the export does not hold it"
        ),
        "{lines:#?}"
    );
    assert!(
        has("workouts[2]: invalid type: integer `5`, expected a string"),
        "{lines:#?}"
    );
    assert!(has("longer than 1000 characters"), "{lines:#?}");
    assert!(has("originals are in originals/"), "{lines:#?}");
    let days = results
        .iter()
        .find_map(|r| match &r.outcome {
            Outcome::Days {
                stored, refused, ..
            } => Some((*stored, refused.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(days.0, 1, "the possible day is stored");
    assert_eq!(days.1.len(), 2, "{days:?}");
    assert!(days.1[0].starts_with("2024-01-01: impossible"), "{days:?}");
    // The original no workout of the index validly names is restored all the same.
    let restored: Vec<_> = results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Imported { .. }))
        .collect();
    assert_eq!(restored.len(), 1, "{lines:#?}");
    assert_eq!(
        t.db.workout_ids(user).await.unwrap().len(),
        1,
        "Ada's account is untouched"
    );
    assert_eq!(t.db.workout_ids(bob).await.unwrap().len(), 1);
    assert_eq!(t.db.preferences(bob).await.unwrap(), Preferences::default());

    // The request's decompression budget covers the originals.
    let tight = Workouts::with_limits(
        t.db.clone(),
        Limits {
            decompression_budget: 16 << 10,
            ..Limits::default()
        },
    );
    let name = domain::Username::parse("cy").unwrap();
    let cy =
        t.db.create_user(&name, "h", db::AdminRule::No)
            .await
            .unwrap()
            .id;
    let results = tight
        .import(cy, vec![Upload::new("laps.zip", zip)])
        .await
        .unwrap();
    assert!(
        results.iter().any(|r| matches!(&r.outcome, Outcome::Refused { error } if error.contains("decompression budget"))),
        "{results:#?}"
    );
    assert!(t.db.workout_ids(cy).await.unwrap().is_empty());
}

/// An account without workouts: its export is its index alone, and restores its settings
/// and days.
async fn an_account_without_workouts_restores_its_settings_and_days(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    let preferences = Preferences {
        time_zone: "Pacific/Auckland".to_owned(),
        first_day_of_week: 6,
        ..Preferences::default()
    };
    t.db.set_preferences(user, &preferences).await.unwrap();
    service
        .record_activity(user, &[day("2024-03-01", 9000)])
        .await
        .unwrap();
    let original = snapshot(&service, &t.db, user).await;
    let zip = export(&service, user).await;
    let (t2, fresh, restored) = setup(backend).await;
    let results = fresh
        .import(restored, vec![Upload::new("empty.zip", zip)])
        .await
        .unwrap();
    ok(&results);
    assert_eq!(results.len(), 2, "{results:#?}");
    assert_eq!(snapshot(&fresh, &t2.db, restored).await, original);
    // A lone file named index.json that is not Laps' says so.
    let stray = fresh
        .import(
            restored,
            vec![Upload::new("index.json", b"{\"format\": \"x\"}".to_vec())],
        )
        .await
        .unwrap();
    assert!(
        matches!(&stray[..], [r] if matches!(&r.outcome, Outcome::Refused { error } if error.contains("not the index of a Laps export"))),
        "{stray:#?}"
    );
}

db::on_both_backends!(
    an_account_without_workouts_restores_its_settings_and_days,
    an_unpacked_laps_export_restores_as_the_zip_does,
    an_export_of_version_1_restores_its_workouts,
    a_bad_index_is_refused_entry_by_entry,
);
