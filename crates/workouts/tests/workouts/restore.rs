//! Laps' own "Export everything" zip restored (issue 12): an account holding every kind of
//! workout Laps stores (files, gzip uploads, a multi-activity file with a part deleted, an HRM
//! read in a zone since changed, an HRM + GPX pair, Strava rows and a manual entry, a Polar
//! Flow session, a synced sensor session), edited by the athlete, with preferences and days
//! of activity from the device and an archive, gear (retired too) with defaults per sport and
//! workouts done with it, workouts known by several services' references, is exported and
//! imported into a fresh account: the restored account equals the original, and a second
//! import adds nothing.

use db::{Backend, Db, testing::TestDb};
use domain::{
    Date, Gear, GearDraft, GearId, GearKind, HrZones, LapSummary, Preferences, Sport, Units,
    UserId, WorkoutId, WorkoutSummary,
};
use workouts::{DailyActivity, ExportFormat, NewDevice, Outcome, Upload, Workouts};

use super::{RUN, corpus, corpus_bytes, imported, service_export, setup};

pub(super) const MULTI: &str = "tcx/dblock-tcx__multiple_running_activities.tcx";
const HRM: &str = "hrm/goldencheetah__04010301.hrm";

/// Everything a restore must bring back, without the ids of the account it is in.
#[derive(Debug, PartialEq)]
pub(super) struct Snapshot {
    pub workouts: Vec<Workout>,
    pub preferences: Preferences,
    pub days: Vec<DailyActivity>,
    /// Without ids, in the store's order (in use first, by kind and name).
    pub gear: Vec<Gear>,
    /// Each sport's default gear by name.
    pub defaults: Vec<(Sport, String)>,
}

#[derive(Debug, PartialEq)]
pub(super) struct Workout {
    pub summary: WorkoutSummary,
    pub laps: Vec<LapSummary>,
    pub original: Vec<u8>,
    pub content_hash: String,
    pub source: Option<db::SourceRef>,
    /// Every reference it is known by, in the store's order.
    pub sources: Vec<db::SourceRef>,
    /// Its gear, without the id.
    pub gear: Option<Gear>,
}

fn without_id(gear: Gear) -> Gear {
    Gear {
        id: GearId::new(0),
        ..gear
    }
}

pub(super) async fn snapshot(service: &Workouts, db: &Db, user: UserId) -> Snapshot {
    let mut workouts = Vec::new();
    for id in db.workout_ids(user).await.unwrap() {
        let mut summary = service.summary(user, id).await.unwrap();
        summary.id = WorkoutId::new(0);
        let from = db.workout_provenance(user, id).await.unwrap().unwrap();
        workouts.push(Workout {
            summary,
            laps: service.laps(user, id).await.unwrap(),
            original: service
                .export(user, id, ExportFormat::Original)
                .await
                .unwrap()
                .bytes,
            content_hash: from.content_hash,
            source: from.source,
            sources: db.workout_sources(user, id).await.unwrap(),
            gear: service
                .workout_gear(user, id)
                .await
                .unwrap()
                .map(without_id),
        });
    }
    workouts.sort_by(|a, b| {
        (a.summary.start, &a.summary.source_name).cmp(&(b.summary.start, &b.summary.source_name))
    });
    let mut days = service
        .activity_days(
            user,
            Date::parse("1990-01-01").unwrap(),
            Date::parse("2100-01-01").unwrap(),
        )
        .await
        .unwrap();
    for day in &mut days {
        (day.id, day.created_at, day.updated_at) = (0, 0, 0);
    }
    let gear = service.gear_list(user).await.unwrap();
    let defaults = service
        .gear_defaults(user)
        .await
        .unwrap()
        .into_iter()
        .map(|d| {
            let g = gear.iter().find(|g| g.id == d.gear_id).unwrap();
            (d.sport, g.name.clone())
        })
        .collect();
    Snapshot {
        workouts,
        preferences: db.preferences(user).await.unwrap(),
        days,
        gear: gear.into_iter().map(without_id).collect(),
        defaults,
    }
}

pub(super) async fn export(service: &Workouts, user: UserId) -> Vec<u8> {
    let handle = tokio::runtime::Handle::current();
    let this = service.clone();
    tokio::task::spawn_blocking(move || {
        let mut out = Vec::new();
        this.export_account(&handle, user, &mut out).map(|()| out)
    })
    .await
    .unwrap()
    .unwrap()
}

pub(super) fn ok(results: &[workouts::FileResult]) {
    let refused: Vec<_> = results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Refused { .. }))
        .collect();
    assert!(refused.is_empty(), "{refused:#?}");
}

pub(super) fn day(date: &str, steps: i64) -> DailyActivity {
    DailyActivity {
        id: 0,
        day: Date::parse(date).unwrap(),
        steps,
        active_kcal: steps / 20,
        active_s: steps / 2,
        hours: vec![domain::ActivityHour {
            hour: 9,
            steps: u32::try_from(steps / 3).unwrap(),
            active_calories: 10,
            active_seconds: 600,
        }],
        source: String::new(),
        created_at: 0,
        updated_at: 0,
    }
}

/// Links a stored workout to a service's reference, as an import of that service's export
/// that met the same file does.
async fn link(db: &Db, user: UserId, workout: WorkoutId, service: &str, id: &str) {
    let from = db.workout_provenance(user, workout).await.unwrap().unwrap();
    let upload = db::NewUpload {
        content_hash: from.content_hash,
        equivalent_hashes: Vec::new(),
        original_gz: Vec::new(),
        workouts: Vec::new(),
        source: Some(db::SourceRef {
            service: service.to_owned(),
            id: id.to_owned(),
        }),
        gear: db::GearChoice::Nothing,
    };
    assert_eq!(
        db.insert_upload(user, &upload).await.unwrap(),
        db::UploadOutcome::Linked(workout)
    );
}

/// A ten-minute ride's heart rate from a registered strap, synced in two batches and closed.
async fn sensor_session(service: &Workouts, user: UserId) -> WorkoutId {
    let device = service
        .register_sync_device(
            user,
            &NewDevice {
                name: "Strap".to_owned(),
                maker: "Acme".to_owned(),
                model: "Pulse 3".to_owned(),
                services: vec!["180d".to_owned()],
            },
        )
        .await
        .unwrap();
    let session = service
        .open_sync_session(user, Some(device), "cycling", Some(2096))
        .await
        .unwrap();
    let start_utc = 1_700_000_000_000_i64;
    for seq in 0..2i64 {
        let notifications: Vec<serde_json::Value> = (0..300)
            .flat_map(|s| {
                let i = seq * 300 + s;
                let t = i * 1000;
                let bpm = 110 + (s % 40) as u8;
                // A speed sensor: five wheel turns a second, so the distance is the wheel's.
                let mut csc = vec![0x01];
                csc.extend(u32::try_from(i * 5).unwrap().to_le_bytes());
                csc.extend((((i * 1024) % 65_536) as u16).to_le_bytes());
                [
                    serde_json::json!({ "characteristic": "2a37", "t": t, "value": domain::hex(&[0, bpm]) }),
                    serde_json::json!({ "characteristic": "2a5b", "t": t, "value": domain::hex(&csc), "sensor": "speed" }),
                ]
            })
            .collect();
        let body: syncbatch::BatchBody = serde_json::from_value(serde_json::json!({
            "seq": seq,
            "clock": { "device_ms": 0, "utc_ms": start_utc },
            "sensor": "strap",
            "notifications": notifications,
            "laps": if seq == 1 { vec![300_000] } else { vec![] },
        }))
        .unwrap();
        service
            .add_sync_batch(user, session, &body, start_utc + 3_600_000)
            .await
            .unwrap();
    }
    let closed = service.close_sync_session(user, session).await.unwrap();
    let id = WorkoutId::new(closed.workout_id.unwrap());
    let distance = service.summary(user, id).await.unwrap().metrics.distance_m;
    let expected = 599.0 * 5.0 * 2.096;
    assert!(
        distance.is_some_and(|d| (d - expected).abs() < 15.0),
        "the wheel's distance: {distance:?} for {expected}"
    );
    id
}

/// An account with one of each kind of workout Laps stores, edited, with preferences and days.
async fn rich_account(service: &Workouts, db: &Db, user: UserId) {
    let berlin = Preferences {
        time_zone: "Europe/Berlin".to_owned(),
        ..Preferences::default()
    };
    db.set_preferences(user, &berlin).await.unwrap();
    // Shoes that are the runs' default, a bike, and retired shoes an old walk was done in.
    let shoes = GearDraft::new(GearKind::Shoes, "Pegasus 40")
        .and_then(|d| d.brand(Some("Nike")))
        .and_then(|d| d.model(Some("Air Zoom Pegasus 40")))
        .and_then(|d| d.notes("for tempo runs\nsize 44"))
        .and_then(|d| d.warn_at(Some(800_000.0)))
        .unwrap();
    let shoes = service.create_gear(user, &shoes).await.unwrap().gear.id;
    let bike = GearDraft::new(GearKind::Bike, "Canyon Endurace")
        .and_then(|d| d.warn_at(None))
        .unwrap();
    let bike = service.create_gear(user, &bike).await.unwrap().gear.id;
    let old = GearDraft::new(GearKind::Shoes, "Old trainers")
        .unwrap()
        .retired(true);
    let old = service.create_gear(user, &old).await.unwrap().gear.id;
    service
        .set_gear_default(user, Sport::Running, Some(shoes))
        .await
        .unwrap();
    // An HRM read in Berlin; the athlete moves to New York afterwards (below).
    ok(&service.import(user, vec![corpus(HRM)]).await.unwrap());
    let run = service.import(user, vec![corpus(RUN)]).await.unwrap();
    assert!(
        service
            .workout_gear(user, imported(&run[0].outcome))
            .await
            .unwrap()
            .is_some_and(|g| g.id == shoes),
        "the run's default"
    );
    service
        .update(
            user,
            imported(&run[0].outcome),
            "Intervals on the dike",
            Sport::Running,
            "6 × 800 m\nwindy",
        )
        .await
        .unwrap();
    let multi = service.import(user, vec![corpus(MULTI)]).await.unwrap();
    let Outcome::Imported { workout_ids, .. } = &multi[0].outcome else {
        panic!("{multi:?}")
    };
    assert_eq!(workout_ids.len(), 2, "{multi:?}");
    // The file's first workout deleted (its original passes on), the other renamed and
    // refiled: the restore reads both from the file and leaves the deleted one out.
    service.delete(user, workout_ids[0]).await.unwrap();
    service
        .update(user, workout_ids[1], "Long walk", Sport::Walking, "")
        .await
        .unwrap();
    service
        .set_workout_gear(user, workout_ids[1], Some(old))
        .await
        .unwrap();
    // The walk is the second workout of its file: known by another service too.
    link(db, user, workout_ids[1], "Runalyze", "77").await;
    let pair = vec![
        Upload::new("sample.hrm", corpus_bytes("hrm/hrmtrackmerger__sample.hrm")),
        Upload::new("sample.gpx", corpus_bytes("gpx/hrmtrackmerger__sample.gpx")),
    ];
    ok(&service.import(user, pair).await.unwrap());
    // Strava: a gzip FIT with Strava's title and id, and a manual entry.
    let csv = service_export::activities(&[("99", "Treadmill by hand", "")]);
    let strava = service
        .import(user, vec![service_export::strava_zip(&csv)])
        .await
        .unwrap();
    ok(&strava);
    // Strava's run met again in Garmin Connect's export; the manual entry done without gear,
    // though runs default to the shoes.
    for result in &strava {
        match &result.outcome {
            Outcome::Imported {
                workout_id,
                manual: true,
                ..
            } => {
                let gear = service.set_workout_gear(user, *workout_id, None).await;
                assert!(gear.unwrap().is_none());
            }
            Outcome::Imported { workout_id, .. } => {
                link(db, user, *workout_id, "Garmin Connect", "9001").await;
            }
            _ => {}
        }
    }
    // Polar Flow: a session, and a day of activity from the archive.
    let polar = workouts::archive::zip_files(&[
        (
            "polar-user-data-export/training-session-2017-01-23-running.json",
            &corpus_bytes("archives/polar-flow/training-session-2017-01-23-running.json"),
        ),
        (
            "polar-user-data-export/activity-2017-01-23.json",
            br#"{"date": "2017-01-23", "summary": {"stepCount": 8123, "activeCalories": 512, "activeTimeMillis": 5400000}}"#,
        ),
    ]);
    ok(&service
        .import(user, vec![Upload::new("polar.zip", polar)])
        .await
        .unwrap());
    let ride = sensor_session(service, user).await;
    service
        .set_workout_gear(user, ride, Some(bike))
        .await
        .unwrap();
    service
        .set_gear_default(user, Sport::Cycling, Some(bike))
        .await
        .unwrap();
    service
        .record_activity(user, &[day("2024-03-01", 9000), day("2024-03-02", 12000)])
        .await
        .unwrap();
    let settled = Preferences {
        units: Units::Imperial,
        time_zone: "America/New_York".to_owned(),
        first_day_of_week: 6,
        max_hr: 185,
        resting_hr: 48,
        hr_zones: HrZones::new([100, 125, 145, 160, 172], 185).unwrap(),
        // What training load is computed from travels with the export too.
        ftp_w: Some(240),
        trimp: domain::TrimpModel::Women,
        language: Some(domain::Language::De),
    };
    db.set_preferences(user, &settled).await.unwrap();
}

/// Restores `zip` into a fresh account on `backend` and checks it against `original`; a
/// second import adds nothing. Answers the new account.
async fn restore_and_compare(
    zip: Vec<u8>,
    backend: Backend,
    original: &Snapshot,
) -> (TestDb, Workouts, UserId) {
    let (t, service, user) = setup(backend).await;
    let upload = || Upload::new("laps-export.zip", zip.clone());
    let results = service.import(user, vec![upload()]).await.unwrap();
    ok(&results);
    assert_eq!(
        results[0].outcome,
        Outcome::Settings { changed: true },
        "settings first"
    );
    assert!(
        matches!(&results[1].outcome, Outcome::Days { stored: 3, kept: 0, refused } if refused.is_empty()),
        "{:?}",
        results[1]
    );
    let gear = u32::try_from(original.gear.len()).unwrap();
    assert_eq!(
        results[2].outcome,
        Outcome::Gear {
            stored: gear,
            kept: 0,
            refused: Vec::new()
        },
        "the gear before the workouts: {}",
        results[2].file
    );
    let last = results.last().unwrap();
    assert!(last.file.ends_with("gear defaults"), "{}", last.file);
    assert_eq!(
        last.outcome,
        Outcome::Gear {
            stored: 2,
            kept: 0,
            refused: Vec::new()
        },
        "the defaults after them"
    );
    assert!(
        results.iter().all(|r| !r.file.contains("/fit/")),
        "the FIT copies are not imported: {results:#?}"
    );
    let restored = snapshot(&service, &t.db, user).await;
    assert_eq!(restored.preferences, original.preferences);
    assert_eq!(restored.days, original.days);
    assert_eq!(restored.gear, original.gear);
    assert_eq!(restored.defaults, original.defaults);
    assert_eq!(restored.workouts.len(), original.workouts.len());
    for (got, want) in restored.workouts.iter().zip(&original.workouts) {
        let name = &want.summary.source_name;
        assert_eq!(got.summary, want.summary, "{name}");
        assert_eq!(got.laps, want.laps, "{name}");
        assert_eq!(
            (&got.content_hash, &got.source, &got.sources),
            (&want.content_hash, &want.source, &want.sources),
            "{name}"
        );
        assert_eq!(got.gear, want.gear, "{name}");
        assert!(
            got.original == want.original,
            "{name}: the original's bytes"
        );
    }

    let again = service.import(user, vec![upload()]).await.unwrap();
    for result in &again {
        assert!(
            matches!(
                result.outcome,
                Outcome::Duplicate { .. }
                    | Outcome::Settings { changed: false }
                    | Outcome::Days { stored: 0, .. }
                    | Outcome::Gear { stored: 0, .. }
            ),
            "a second restore adds nothing: {result:?}"
        );
    }
    assert_eq!(snapshot(&service, &t.db, user).await, restored);
    (t, service, user)
}

/// The same backend: every kind of workout, the settings and days come back, once.
async fn laps_export_restores_into_a_fresh_account_exactly_once(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    rich_account(&service, &t.db, user).await;
    let original = snapshot(&service, &t.db, user).await;
    let with = |service: &str| {
        original
            .workouts
            .iter()
            .filter(|w| w.sources.iter().any(|s| s.service == service))
            .count()
    };
    assert_eq!((with("Garmin Connect"), with("Runalyze")), (1, 1));
    assert!(original.workouts.iter().any(|w| w.sources.len() == 2));
    let geared = |name: &str| {
        original
            .workouts
            .iter()
            .filter(|w| w.gear.as_ref().is_some_and(|g| g.name == name))
            .count()
    };
    assert!(
        geared("Pegasus 40") >= 1 && geared("Old trainers") == 1 && geared("Canyon Endurace") == 1
    );
    assert!(
        original.workouts.iter().any(|w| w.gear.is_none()),
        "the manual entry, without"
    );
    assert_eq!(
        original.workouts.len(),
        8,
        "{:#?}",
        original
            .workouts
            .iter()
            .map(|w| &w.summary.source_name)
            .collect::<Vec<_>>()
    );
    let zip = export(&service, user).await;
    restore_and_compare(zip, backend, &original).await;
}

/// Laps' export restored into a fresh account on the other database backend equals the
/// original account; exported again from there, it restores back on the first.
async fn laps_export_restores_across_backends(from: Backend, to: Backend) {
    let (t, service, user) = setup(from).await;
    rich_account(&service, &t.db, user).await;
    let original = snapshot(&service, &t.db, user).await;
    let zip = export(&service, user).await;
    let (_t2, there, moved) = restore_and_compare(zip, to, &original).await;
    let back = export(&there, moved).await;
    restore_and_compare(back, from, &original).await;
}

/// Both halves need both backends: they run where the Postgres half of the suite runs.
mod across_backends {
    use super::*;

    #[test]
    fn sqlite_export_restores_into_postgres_and_back() {
        db::testing::block_on(laps_export_restores_across_backends(
            Backend::Sqlite,
            Backend::Postgres,
        ));
    }

    #[test]
    fn postgres_export_restores_into_sqlite_and_back() {
        db::testing::block_on(laps_export_restores_across_backends(
            Backend::Postgres,
            Backend::Sqlite,
        ));
    }
}

db::on_both_backends!(laps_export_restores_into_a_fresh_account_exactly_once);
