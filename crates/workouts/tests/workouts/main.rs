//! The workout service through its public interface, on SQLite and Postgres with a fresh
//! database per test and real corpus files.

mod apple;
mod apple_streamed;
mod bests;
mod garmin_export;
mod gear;
mod google_export;
mod laps;
mod maps;
mod overlap;
mod pairs;
mod restore;
mod restore_edges;
mod restore_gear;
mod service_export;
mod stats;
mod text;
mod upgrade;
mod zone_move;

use workouts::charts::Size;

use std::path::PathBuf;

use db::{AdminRule, Backend, testing::TestDb};
use domain::{Preferences, UserId};
use workouts::{ExportFormat, Outcome, Upload, Workouts, zone};

fn corpus_dir() -> PathBuf {
    std::env::var_os("LAPS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

fn corpus_bytes(relative: &str) -> Vec<u8> {
    std::fs::read(corpus_dir().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn corpus(relative: &str) -> Upload {
    Upload::new(relative.rsplit('/').next().unwrap(), corpus_bytes(relative))
}

async fn setup(backend: Backend) -> (TestDb, Workouts, UserId) {
    let t = TestDb::new(backend).await;
    let name = domain::Username::parse("ada").unwrap();
    let user =
        t.db.create_user(&name, "h", AdminRule::No)
            .await
            .unwrap()
            .id;
    let service = Workouts::new(t.db.clone());
    (t, service, user)
}

async fn other_user(t: &TestDb, name: &str) -> UserId {
    let name = domain::Username::parse(name).unwrap();
    t.db.create_user(&name, "h", AdminRule::No)
        .await
        .unwrap()
        .id
}

fn imported(outcome: &Outcome) -> domain::WorkoutId {
    match outcome {
        Outcome::Imported { workout_id, .. } => *workout_id,
        other => panic!("expected an import, got {other:?}"),
    }
}

const RUN: &str = "fit/fitparse__2013-02-06-12-11-14.fit";

#[test]
fn zones_come_from_positions_and_offsets_follow_daylight_saving() {
    let zones = zone::ZoneLookup::default();
    assert_eq!(
        zones.zone_at(52.52, 13.405).as_deref(),
        Some("Europe/Berlin")
    );
    assert_eq!(
        zones.zone_at(40.71, -74.0).as_deref(),
        Some("America/New_York")
    );
    assert_eq!(
        zones.zone_at(-33.87, 151.21).as_deref(),
        Some("Australia/Sydney")
    );
    assert_eq!(zones.zone_at(100.0, 0.0), None, "not a place on Earth");
    // Berlin: +01:00 in January, +02:00 in July.
    assert_eq!(
        zone::offset_at("Europe/Berlin", 1_704_067_200_000),
        Some(60)
    );
    assert_eq!(
        zone::offset_at("Europe/Berlin", 1_719_792_000_000),
        Some(120)
    );
    // 2024-03-31 03:30 local in Berlin (after the spring change) is 01:30Z: +02:00.
    let local_0330 = 1_711_855_800_000;
    assert_eq!(
        zone::offset_for_local("Europe/Berlin", local_0330),
        Some(120)
    );
    assert_eq!(zone::offset_at("Nowhere/Atlantis", 0), None);
    assert!(zone::zone_names().iter().any(|z| z == "America/New_York"));
}

async fn the_same_file_imports_once(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let first = service.import(user, vec![corpus(RUN)]).await.unwrap();
    let id = imported(&first[0].outcome);
    let again = service.import(user, vec![corpus(RUN)]).await.unwrap();
    assert_eq!(again[0].outcome, Outcome::Duplicate { workout_id: id });
    let w = service.summary(user, id).await.unwrap();
    assert_eq!(
        (w.sport.name().as_str(), w.source_format.as_str()),
        ("running", "fit")
    );
    assert!(w.has_gps && w.metrics.avg_hr.is_some() && w.metrics.distance_m.unwrap() > 1000.0);
    assert_eq!(
        service.laps(user, id).await.unwrap().len(),
        5,
        "device laps kept"
    );
}

async fn a_zip_expands_into_entries_each_with_its_result(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let run = corpus_bytes(RUN);
    let inner = workouts::archive::zip_files(&[("inner.fit", &run)]);
    let zip = workouts::archive::zip_files(&[
        ("runs/run.fit", &run),
        ("notes.txt", b"not a workout"),
        ("nested.zip", &inner),
        ("__MACOSX/._run.fit", b"metadata"),
    ]);
    let results = service
        .import(user, vec![Upload::new("year.zip", zip)])
        .await
        .unwrap();
    let files: Vec<&str> = results.iter().map(|r| r.file.as_str()).collect();
    assert_eq!(
        files,
        // In the archive's order: entries are read one by one as their turn comes.
        [
            "year.zip/runs/run.fit",
            "year.zip/notes.txt",
            "year.zip/nested.zip",
        ]
    );
    imported(&results[0].outcome);
    assert!(
        matches!(&results[1].outcome, Outcome::Refused { error } if error.contains("not a workout file")),
        "{:?}",
        results[1]
    );
    assert!(
        matches!(&results[2].outcome, Outcome::Refused { error } if error.contains("zip inside a zip"))
    );
    let broken = service
        .import(
            user,
            vec![Upload::new("cut.zip", b"PK\x03\x04 cut short".to_vec())],
        )
        .await
        .unwrap();
    assert!(matches!(&broken[0].outcome, Outcome::Refused { error } if error.contains("zip")));
}

async fn an_hrm_with_its_gpx_becomes_one_workout(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let results = service
        .import(
            user,
            vec![
                corpus("hrm/hrmtrackmerger__sample.hrm"),
                corpus("gpx/hrmtrackmerger__sample.gpx"),
                corpus("hrm/hrmtrackmerger__sample_polar.gpx"),
            ],
        )
        .await
        .unwrap();
    // The HRM takes the GPX of its own name; the other track (another day) stays on its own.
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(
        results[0].file,
        "hrmtrackmerger__sample.hrm + hrmtrackmerger__sample.gpx"
    );
    assert_eq!(results[1].file, "hrmtrackmerger__sample_polar.gpx");
    imported(&results[1].outcome);
    let id = imported(&results[0].outcome);
    let w = service.summary(user, id).await.unwrap();
    assert!(
        w.has_gps && w.metrics.avg_hr.is_some(),
        "track and heart rate together: {w:?}"
    );
    assert!(w.time_zone.is_some(), "zone from the track's position");
    let original = service
        .export(user, id, ExportFormat::Original)
        .await
        .unwrap();
    assert!(original.file_name.ends_with(".zip") && workouts::archive::is_zip(&original.bytes));
    let entries =
        workouts::archive::expand(&original.bytes, workouts::ZipLimits::default()).unwrap();
    assert_eq!(entries.len(), 2, "both files kept as uploaded");
    assert_eq!(w.source_name, "hrmtrackmerger__sample.hrm.zip");
}

async fn an_hrm_alone_is_read_in_the_users_zone(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    let hrm = "hrm/hrmparser__polarRS400.hrm";
    t.db.set_preferences(
        user,
        &Preferences {
            time_zone: "America/New_York".to_owned(),
            ..Preferences::default()
        },
    )
    .await
    .unwrap();
    let id = imported(&service.import(user, vec![corpus(hrm)]).await.unwrap()[0].outcome);
    let w = service.summary(user, id).await.unwrap();
    assert!(
        matches!(w.utc_offset_min, -300 | -240),
        "New York offset, got {}",
        w.utc_offset_min
    );
    assert_eq!(w.time_zone.as_deref(), Some("America/New_York"));
    // The wall-clock start in the file is kept: only the instant moves with the zone.
    let plain = formats::read(&corpus_bytes(hrm), &formats::Options::default()).unwrap();
    let local_ms = w.start.unix_ms() + i64::from(w.utc_offset_min) * 60_000;
    assert_eq!(local_ms, plain.start.unix_ms());
}

async fn exports_reimport_into_the_same_numbers(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    let id = imported(&service.import(user, vec![corpus(RUN)]).await.unwrap()[0].outcome);
    let w = service.summary(user, id).await.unwrap();
    let name = domain::Username::parse("bob").unwrap();
    let bob =
        t.db.create_user(&name, "h", AdminRule::No)
            .await
            .unwrap()
            .id;
    for format in ["fit", "tcx", "gpx", "hrm"] {
        let file = service
            .export(user, id, ExportFormat::parse(format).unwrap())
            .await
            .unwrap();
        assert!(
            file.file_name.ends_with(&format!("_Running.{format}")),
            "{}",
            file.file_name
        );
        let back = service
            .import(bob, vec![Upload::new(file.file_name, file.bytes)])
            .await
            .unwrap();
        let copy = service
            .summary(bob, imported(&back[0].outcome))
            .await
            .unwrap();
        assert_eq!(
            copy.start.unix_ms() / 1000,
            w.start.unix_ms() / 1000,
            "{format}: start"
        );
        // HRM samples sit on a fixed interval: resampled, a recording may end one interval
        // (here at most a minute) early.
        let slack = if format == "hrm" { 60_000 } else { 1000 };
        assert!(
            (copy.metrics.elapsed_ms - w.metrics.elapsed_ms).abs() <= slack,
            "{format}: duration {} vs {}",
            copy.metrics.elapsed_ms,
            w.metrics.elapsed_ms
        );
        // HRM carries no distance here; GPX carries none at all, so its re-import measures the
        // track, which differs from the device's wheel or foot-pod distance.
        let tolerance = if format == "gpx" { 0.03 } else { 0.001 };
        if format != "hrm" {
            let (a, b) = (
                copy.metrics.distance_m.unwrap(),
                w.metrics.distance_m.unwrap(),
            );
            assert!(
                (a - b).abs() <= b * tolerance,
                "{format}: distance {a} vs {b}"
            );
        }
        assert_eq!(copy.utc_offset_min, w.utc_offset_min, "{format}: offset");
        assert_eq!(copy.metrics.max_hr, w.metrics.max_hr, "{format}: max HR");
        t.db.delete_workout(bob, imported(&back[0].outcome))
            .await
            .unwrap();
    }
    let original = service
        .export(user, id, ExportFormat::Original)
        .await
        .unwrap();
    assert_eq!(
        original.bytes,
        corpus_bytes(RUN),
        "the original, byte for byte"
    );
    // Kept as one zstd frame (the fastest of the compressions that keep it small).
    let kept = t.db.workout_original(user, id).await.unwrap().unwrap();
    assert!(formats::packed::is_zstd(&kept.gz) && kept.gz.len() < corpus_bytes(RUN).len());
    let csv = service
        .export(user, id, ExportFormat::parse("csv").unwrap())
        .await
        .unwrap();
    assert!(csv.content_type.starts_with("text/csv"));
    // Another account's workout is not there at all.
    assert!(matches!(
        service.export(bob, id, ExportFormat::Original).await,
        Err(workouts::WorkoutsError::NotFound)
    ));
}

async fn the_account_export_holds_every_workout(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    service
        .import(
            user,
            vec![
                corpus(RUN),
                corpus("tcx/dblock-tcx__multiple_running_activities.tcx"),
            ],
        )
        .await
        .ok();
    let ids = t.db.workout_ids(user).await.unwrap();
    assert!(!ids.is_empty());
    let handle = tokio::runtime::Handle::current();
    let this = service.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        let mut out = Vec::new();
        this.export_account(&handle, user, &mut out).map(|()| out)
    })
    .await
    .unwrap()
    .unwrap();
    let entries = workouts::archive::expand(&bytes, workouts::ZipLimits::default()).unwrap();
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names.iter().filter(|n| n.starts_with("fit/")).count(),
        ids.len()
    );
    assert_eq!(
        names.iter().filter(|n| n.starts_with("originals/")).count(),
        2,
        "each uploaded file once, however many workouts it gave"
    );
    // Kept as zstd, archived as gzip: what every restore reads and anyone can open.
    let run = entries
        .iter()
        .find(|e| e.name.starts_with("originals/") && e.name.ends_with(".fit"))
        .unwrap();
    let run = run.bytes.as_ref().unwrap();
    assert!(formats::is_gzip(run));
    assert_eq!(formats::gunzip(run, 1 << 30).unwrap(), corpus_bytes(RUN));
    let index: serde_json::Value =
        serde_json::from_slice(entries.last().unwrap().bytes.as_ref().unwrap()).unwrap();
    assert_eq!(index["format"], "laps-export");
    assert_eq!(index["workouts"].as_array().unwrap().len(), ids.len());
    for entry in entries.iter().filter(|e| e.name.starts_with("fit/")) {
        formats::read(entry.bytes.as_ref().unwrap(), &formats::Options::default()).unwrap();
    }
}

/// An output that deletes a workout the first time the export writes to it: a delete that
/// lands while the export runs.
struct DeletingWriter {
    db: db::Db,
    runtime: tokio::runtime::Handle,
    user: UserId,
    victim: Option<domain::WorkoutId>,
    bytes: Vec<u8>,
}

impl std::io::Write for DeletingWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if let Some(victim) = self.victim.take() {
            assert!(
                self.runtime
                    .block_on(self.db.delete_workout(self.user, victim))
                    .unwrap()
            );
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn a_workout_deleted_during_the_account_export_is_left_out(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    let multi = "tcx/dblock-tcx__multiple_running_activities.tcx";
    let results = service
        .import(user, vec![corpus(RUN), corpus(multi)])
        .await
        .unwrap();
    let ids = t.db.workout_ids(user).await.unwrap();
    assert!(ids.len() >= 3, "{results:?}");
    // The multi-activity file's first workout holds its original: deleting it hands the
    // original on to the file's next workout.
    let Outcome::Imported { workout_ids, .. } = &results[1].outcome else {
        panic!("{results:?}");
    };
    assert!(t.db.delete_workout(user, workout_ids[0]).await.unwrap());
    let original = service
        .export(user, workout_ids[1], ExportFormat::Original)
        .await
        .unwrap();
    assert_eq!(original.bytes, corpus_bytes(multi));

    let remaining = t.db.workout_ids(user).await.unwrap();
    let out = DeletingWriter {
        db: t.db.clone(),
        runtime: tokio::runtime::Handle::current(),
        user,
        victim: remaining.last().copied(),
        bytes: Vec::new(),
    };
    let handle = tokio::runtime::Handle::current();
    let this = service.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        let mut out = out;
        this.export_account(&handle, user, &mut out)
            .map(|()| out.bytes)
    })
    .await
    .unwrap()
    .expect("one workout deleted meanwhile does not abort the export");
    let entries = workouts::archive::expand(&bytes, workouts::ZipLimits::default()).unwrap();
    let fits = entries
        .iter()
        .filter(|e| e.name.starts_with("fit/"))
        .count();
    assert_eq!(fits, remaining.len() - 1);
}

async fn a_pool_swim_without_distance_moves_for_its_timer_time(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    // An apnea session: the watch's distance never grows, so speed says nothing about motion.
    let file = "fit/fitdecode__garmin-fr935-cr.fit";
    let id = imported(&service.import(user, vec![corpus(file)]).await.unwrap()[0].outcome);
    let w = service.summary(user, id).await.unwrap();
    assert_eq!(w.sport, domain::Sport::Swimming);
    assert_eq!(w.metrics.distance_m, None, "no distance rather than 0 m");
    assert_eq!(w.moving_ms, 7_552_970, "the session's timer time, not zero");
}

/// Issue 15: a pair's result name ("a.hrm + a.gpx") was split again at " + " to name the
/// stored workout, so a single file whose own name holds " + " lost everything after it.
async fn issue15_a_single_file_named_with_a_plus_keeps_its_name(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let upload = Upload::new("a + b.fit", corpus_bytes(RUN));
    let results = service.import(user, vec![upload]).await.unwrap();
    assert_eq!(results[0].file, "a + b.fit");
    let w = service
        .summary(user, imported(&results[0].outcome))
        .await
        .unwrap();
    assert_eq!(w.source_name, "a + b.fit");
}

db::on_both_backends!(
    issue15_a_single_file_named_with_a_plus_keeps_its_name,
    the_same_file_imports_once,
    a_zip_expands_into_entries_each_with_its_result,
    an_hrm_with_its_gpx_becomes_one_workout,
    an_hrm_alone_is_read_in_the_users_zone,
    exports_reimport_into_the_same_numbers,
    the_account_export_holds_every_workout,
    the_workout_page_has_charts_zones_laps_and_route,
    a_single_lap_run_gets_kilometre_splits,
    a_pool_swim_without_distance_moves_for_its_timer_time,
    a_workout_deleted_during_the_account_export_is_left_out,
    a_kept_chart_follows_edits_and_deletions_on_any_instance,
    a_kept_workout_page_follows_edits_preferences_and_deletions,
);

/// A chart picture is drawn once and kept; an edit or a deletion, on this instance or another
/// on the same store, is seen at the next request.
async fn a_kept_chart_follows_edits_and_deletions_on_any_instance(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    let id = imported(&service.import(user, vec![corpus(RUN)]).await.unwrap()[0].outcome);
    let chart = |service: &Workouts, key: &str| {
        let (service, key) = (service.clone(), key.to_owned());
        async move {
            service
                .chart_svg(
                    user,
                    id,
                    key,
                    domain::XAxis::Time,
                    Size::Wide,
                    domain::Language::En,
                )
                .await
        }
    };
    let pace = chart(&service, "pace").await.unwrap();
    let again = chart(&service, "pace").await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&pace, &again), "the kept picture");
    let other = Workouts::new(t.db.clone());
    assert_eq!(
        *chart(&other, "pace").await.unwrap(),
        *pace,
        "drawn alike elsewhere"
    );

    // Imperial units: another picture, not the kept one.
    t.db.set_preferences(
        user,
        &Preferences {
            units: domain::Units::Imperial,
            ..Preferences::default()
        },
    )
    .await
    .unwrap();
    let imperial = chart(&service, "pace").await.unwrap();
    assert_ne!(*imperial, *pace, "min/mi instead of min/km");

    // The other instance makes the run a ride: pace gives way to speed here too.
    other
        .update(user, id, "Ride", domain::Sport::Cycling, "")
        .await
        .unwrap();
    assert!(matches!(
        chart(&service, "pace").await,
        Err(workouts::WorkoutsError::NotFound)
    ));
    assert!(chart(&service, "speed").await.is_ok());
    other.delete(user, id).await.unwrap();
    assert!(matches!(
        chart(&service, "speed").await,
        Err(workouts::WorkoutsError::NotFound)
    ));
}

/// The workout page's drawn part is kept too: the same page again is the same, another account
/// still gets NotFound, and a change of preferences (which the account's revision does not
/// follow), of the workout on another instance, or its deletion is seen at once.
async fn a_kept_workout_page_follows_edits_preferences_and_deletions(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    let id = imported(&service.import(user, vec![corpus(RUN)]).await.unwrap()[0].outcome);
    let time = domain::XAxis::Time;
    let first = service
        .detail(user, id, time, domain::Language::En)
        .await
        .unwrap();
    assert_eq!(
        service
            .detail(user, id, time, domain::Language::En)
            .await
            .unwrap(),
        first,
        "kept"
    );
    let other = Workouts::new(t.db.clone());
    assert_eq!(
        other
            .detail(user, id, time, domain::Language::En)
            .await
            .unwrap(),
        first,
        "drawn alike elsewhere"
    );
    let eve = other_user(&t, "eve").await;
    assert!(matches!(
        service.detail(eve, id, time, domain::Language::En).await,
        Err(workouts::WorkoutsError::NotFound)
    ));
    let by_distance = service
        .detail(user, id, domain::XAxis::Distance, domain::Language::En)
        .await
        .unwrap();
    assert_ne!(
        by_distance.charts, first.charts,
        "the other axis is drawn apart"
    );

    // A lower maximum heart rate moves the time in zones up; imperial units change the
    // series' numbers (min/mi).
    let lower = Preferences {
        max_hr: 160,
        ..Preferences::default()
    };
    t.db.set_preferences(user, &lower).await.unwrap();
    let zoned = service
        .detail(user, id, time, domain::Language::En)
        .await
        .unwrap();
    assert!(!first.zones.is_empty());
    assert_ne!(zoned.zones, first.zones, "zones of the new maximum");
    t.db.set_preferences(
        user,
        &Preferences {
            units: domain::Units::Imperial,
            ..lower
        },
    )
    .await
    .unwrap();
    let imperial = service
        .detail(user, id, time, domain::Language::En)
        .await
        .unwrap();
    assert_ne!(imperial.charts, zoned.charts, "min/mi instead of min/km");

    // The other instance makes the run a ride and renames it: speed instead of pace here.
    other
        .update(user, id, "Ride", domain::Sport::Cycling, "")
        .await
        .unwrap();
    let ride = service
        .detail(user, id, time, domain::Language::En)
        .await
        .unwrap();
    assert_eq!(ride.summary.title, "Ride");
    let keys: Vec<&str> = ride.charts.iter().map(|c| c.key.as_str()).collect();
    assert!(
        keys.contains(&"speed") && !keys.contains(&"pace"),
        "{keys:?}"
    );
    other.delete(user, id).await.unwrap();
    assert!(matches!(
        service.detail(user, id, time, domain::Language::En).await,
        Err(workouts::WorkoutsError::NotFound)
    ));
}

async fn the_workout_page_has_charts_zones_laps_and_route(backend: Backend) {
    let (t, service, user) = setup(backend).await;
    let id = imported(&service.import(user, vec![corpus(RUN)]).await.unwrap()[0].outcome);
    let detail = service
        .detail(user, id, domain::XAxis::Time, domain::Language::En)
        .await
        .unwrap();
    let keys: Vec<&str> = detail.charts.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        ["heart_rate", "pace", "elevation"],
        "a run with HR, GPS and altitude"
    );
    // The pictures come with the page, drawn to sit inside it: one pair per chart, the page's
    // colours (no style of their own, which would restyle the whole page), hidden from screen
    // readers (the page describes each chart).
    assert_eq!(detail.pictures.len(), detail.charts.len());
    for pictures in &detail.pictures {
        for (svg, width) in [(&pictures.wide, "800"), (&pictures.narrow, "400")] {
            assert!(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"));
            assert!(svg.contains(&format!("width=\"{width}\"")), "{width} wide");
            assert!(svg.contains("aria-hidden=\"true\"") && svg.contains("currentColor"));
            assert!(!svg.contains("<style") && !svg.contains("#000000"));
            assert!(
                svg.contains("<polyline") || svg.contains("<path"),
                "a line drawn"
            );
        }
    }
    for chart in &detail.charts {
        let svg = service
            .chart_svg(
                user,
                id,
                chart.key.clone(),
                domain::XAxis::Time,
                Size::Wide,
                domain::Language::En,
            )
            .await
            .unwrap();
        // The phone's picture: narrower, taller for its width, the same labels' size.
        let narrow = service
            .chart_svg(
                user,
                id,
                chart.key.clone(),
                domain::XAxis::Time,
                Size::Narrow,
                domain::Language::En,
            )
            .await
            .unwrap();
        assert!(
            svg.contains("width=\"800\" height=\"200\""),
            "{}",
            &svg[..120]
        );
        assert!(
            narrow.contains("width=\"400\" height=\"240\""),
            "{}",
            &narrow[..120]
        );
        assert!(narrow.contains("font-size=\"13\"") == svg.contains("font-size=\"13\""));
        assert!(
            svg.starts_with("<svg ") && svg.contains("role=\"img\""),
            "{}",
            &svg[..80]
        );
        assert!(
            svg.contains("<text") && svg.contains("currentColor"),
            "labelled, themable"
        );
        assert!(svg.contains("prefers-color-scheme:dark"), "a dark variant");
        let points = svg.matches(',').count();
        assert!(
            points < 3_000,
            "{}: {points} coordinates: downsampled",
            chart.key
        );
        assert!(!chart.points.is_empty() && chart.points.len() <= 300);
    }
    assert_eq!(detail.laps.len(), 5, "the device's laps");
    assert!(!detail.laps_are_splits);
    assert_eq!(detail.zones.len(), 5);
    let in_zones: i64 = detail.zones.iter().map(|z| z.ms).sum();
    assert!(in_zones > 0 && in_zones <= detail.summary.metrics.elapsed_ms);
    assert!(
        detail
            .route_svg
            .as_deref()
            .is_some_and(|s| s.contains("<path d=\"M"))
    );
    let by_distance = service
        .detail(user, id, domain::XAxis::Distance, domain::Language::En)
        .await
        .unwrap();
    assert_eq!(by_distance.x_axis, domain::XAxis::Distance);
    let km = by_distance.charts[0].x_range.1;
    let expected = detail.summary.metrics.distance_m.unwrap() / 1000.0;
    assert!(
        (f64::from(km) - expected).abs() < 0.05,
        "x axis in km: {km} vs {expected}"
    );
    let name = domain::Username::parse("eve").unwrap();
    let eve =
        t.db.create_user(&name, "h", AdminRule::No)
            .await
            .unwrap()
            .id;
    assert!(matches!(
        service
            .chart_svg(
                eve,
                id,
                "heart_rate".to_owned(),
                domain::XAxis::Time,
                Size::Wide,
                domain::Language::En,
            )
            .await,
        Err(workouts::WorkoutsError::NotFound)
    ));
    assert!(
        matches!(
            service
                .chart_svg(
                    user,
                    id,
                    "power".to_owned(),
                    domain::XAxis::Time,
                    Size::Wide,
                    domain::Language::En,
                )
                .await,
            Err(workouts::WorkoutsError::NotFound)
        ),
        "no power stream, no power chart"
    );
    assert!(matches!(
        service
            .detail(eve, id, domain::XAxis::Time, domain::Language::En)
            .await,
        Err(workouts::WorkoutsError::NotFound)
    ));
}

async fn a_single_lap_run_gets_kilometre_splits(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let file = "tcx/sportstracker__Forerunner305-Running-NoHeartrate-1Lap.tcx";
    let id = imported(&service.import(user, vec![corpus(file)]).await.unwrap()[0].outcome);
    let detail = service
        .detail(user, id, domain::XAxis::Time, domain::Language::En)
        .await
        .unwrap();
    assert!(detail.laps_are_splits, "{:?}", detail.laps);
    let whole: Vec<&domain::LapSummary> = detail
        .laps
        .iter()
        .filter(|l| l.metrics.distance_m.unwrap() > 999.0)
        .collect();
    assert!(
        whole
            .iter()
            .all(|l| (l.metrics.distance_m.unwrap() - 1000.0).abs() < 1e-6)
    );
    let total: f64 = detail
        .laps
        .iter()
        .map(|l| l.metrics.distance_m.unwrap())
        .sum();
    let distance = detail.summary.metrics.distance_m.unwrap();
    assert!(
        (total - distance).abs() < distance * 0.05 + 1.0,
        "{total} vs {distance}"
    );
    assert!(detail.zones.is_empty(), "no heart rate, no zones");
}
