//! Generated Apple Health exports (`archives::apple::synthetic`) streamed into a zip in a
//! temporary folder and imported: hundreds of MB in bounded memory, more workouts than the
//! sample bound holds at once, and the bound on streamed bytes.

use std::io::Write as _;

use archives::apple::synthetic::Synthetic;
use db::Backend;
use domain::{Date, UserId};
use formats::Stream;
use workouts::{Limits, Outcome, Upload, Workouts};

use super::apple::count;
use super::{imported, setup};

/// A generated export streamed into a zip in a temporary folder, with its route files: never
/// whole in memory, here or in the import.
fn synthetic_zip(export: &Synthetic, dir: &std::path::Path) -> (std::path::PathBuf, u64) {
    let path = dir.join("export.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    // The fastest compression: the test's time is better spent importing.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    zip.start_file("apple_health_export/export.xml", options)
        .unwrap();
    let xml_bytes = std::io::copy(&mut export.export_xml(), &mut zip).unwrap();
    for w in export.workouts() {
        zip.start_file(format!("apple_health_export/{}", w.route), options)
            .unwrap();
        zip.write_all(export.route_gpx(&w).as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    (path, xml_bytes)
}

/// Imports a plan item by item, as the service does, and gives back what streaming it cost.
async fn import_plan(
    service: &Workouts,
    user: UserId,
    upload: Upload,
) -> (Vec<workouts::FileResult>, workouts::StreamStats) {
    let limits = *service.limits();
    let mut plan = tokio::task::spawn_blocking(move || workouts::plan(vec![upload], limits))
        .await
        .unwrap();
    let mut results = Vec::new();
    loop {
        let (back, item) = tokio::task::spawn_blocking(move || {
            let item = plan.next_item();
            (plan, item)
        })
        .await
        .unwrap();
        plan = back;
        let Some(item) = item else { break };
        results.push(service.import_item(user, item).await.unwrap());
    }
    (results, plan.stream_stats())
}

/// Checks every workout of a generated export against what the generator says it holds.
async fn every_workout_is_what_the_export_says(
    service: &Workouts,
    user: UserId,
    export: &Synthetic,
    results: &[workouts::FileResult],
) {
    let expected = export.workouts();
    let ids: Vec<_> = results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Imported { .. }))
        .map(|r| imported(&r.outcome))
        .collect();
    assert_eq!(
        ids.len(),
        expected.len(),
        "every workout: {:?}",
        &results[..3]
    );
    // In time order: the first, one in the middle, the last, in full.
    for at in [0, expected.len() / 2, expected.len() - 1] {
        let (want, id) = (&expected[at], ids[at]);
        let w = service.summary(user, id).await.unwrap();
        assert_eq!((w.sport, w.start), (want.sport, want.start), "workout {at}");
        assert_eq!(w.utc_offset_min, export.offset_min, "workout {at}");
        assert_eq!(w.time_zone.as_deref(), Some("Europe/Amsterdam"));
        assert_eq!(w.metrics.elapsed_ms, want.end.ms_since(want.start));
        assert!((w.metrics.distance_m.unwrap() - want.distance_m).abs() < 0.5);
        assert_eq!(w.metrics.calories, Some(want.kcal.round() as u32));
        assert_eq!(
            w.metrics.ascent_m,
            Some(25.0),
            "HKElevationAscended 2500 cm"
        );
        let r = service.recording(user, id).await.unwrap();
        assert_eq!(
            r.samples.count(Stream::HeartRate),
            export.heart_rate_between(want.start, want.end),
            "workout {at}: every heart-rate record in its span"
        );
        assert_eq!(
            r.samples.count(Stream::Position),
            want.route_points,
            "workout {at}"
        );
    }
}

pub(super) async fn a_generated_export_of_hundreds_of_mb_streams_through_in_bounded_memory(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    let dir = tempfile::tempdir().unwrap();
    // About a megabyte of records a day: the long DTD, heart rate every 5 minutes and every 5 s
    // in a 45-minute workout a day, steps from two sources, basal energy every minute.
    let export = Synthetic {
        days: 220,
        ..Synthetic::default()
    };
    let (path, xml_bytes) = synthetic_zip(&export, dir.path());
    assert!(xml_bytes > 200 << 20, "hundreds of MB: {xml_bytes}");
    let zip_bytes = std::fs::metadata(&path).unwrap().len();
    let upload = Upload::path("export.zip", path);
    let (results, stats) = import_plan(&service, user, upload).await;

    every_workout_is_what_the_export_says(&service, user, &export, &results).await;
    let days = results
        .iter()
        .find(|r| matches!(r.outcome, Outcome::Days { .. }))
        .unwrap();
    assert_eq!(
        days.outcome,
        Outcome::Days {
            stored: export.days,
            kept: 0,
            refused: Vec::new()
        }
    );
    let first = export.first_day;
    let last = Date::from_days(first.days() + i64::from(export.days) - 1);
    let stored = service.activity_days(user, first, last).await.unwrap();
    assert_eq!(stored.len(), export.days as usize);
    for d in [&stored[0], &stored[100], &stored[stored.len() - 1]] {
        assert_eq!(
            d.steps,
            i64::from(export.steps_on(d.day)),
            "{}: the watch's",
            d.day
        );
        assert_eq!(
            d.active_kcal,
            i64::from(export.active_kcal_on(d.day)),
            "{}",
            d.day
        );
    }

    // Memory: one tag at a time, and the heart rate of the workouts only.
    assert_eq!(
        stats.passes, 2,
        "the headers and days, then every workout's heart rate"
    );
    assert_eq!(
        stats.bytes,
        2 * xml_bytes,
        "each pass reads the export once"
    );
    assert!(
        stats.tag_high_water < 1024,
        "the longest tag held: {} bytes",
        stats.tag_high_water
    );
    let in_spans: usize = export
        .workouts()
        .iter()
        .map(|w| export.heart_rate_between(w.start, w.end))
        .sum();
    assert_eq!(
        stats.samples_high_water,
        in_spans,
        "the samples inside the workouts, not the {} MB of records around them",
        xml_bytes >> 20
    );
    assert!(zip_bytes < xml_bytes / 4, "compressed as Apple does");
}

pub(super) async fn past_the_sample_bound_workouts_wait_for_further_passes(backend: Backend) {
    let (t, _service, user) = setup(backend).await;
    let export = Synthetic {
        days: 12,
        workout_minutes: 10,
        ..Synthetic::default()
    };
    // Each workout's span holds 121 heart-rate samples: at most two fit at once.
    let cap = 300;
    let service = Workouts::with_limits(
        t.db.clone(),
        Limits {
            read: formats::Options {
                max_samples: cap,
                ..formats::Options::default()
            },
            ..Limits::default()
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let (path, xml_bytes) = synthetic_zip(&export, dir.path());
    let (results, stats) = import_plan(&service, user, Upload::path("export.zip", path)).await;
    every_workout_is_what_the_export_says(&service, user, &export, &results).await;
    assert!(stats.samples_high_water <= cap + 1, "{stats:?}");
    assert_eq!(stats.passes, 1 + 6, "two workouts a pass: {stats:?}");
    assert_eq!(stats.bytes, u64::from(stats.passes) * xml_bytes);
}

/// Hostile: the bound on streamed bytes stops an export read too often; what was not read is
/// refused by name, and the days of the first pass are kept.
pub(super) async fn an_export_past_the_streamed_bytes_bound_is_refused_by_name(backend: Backend) {
    let (t, _service, user) = setup(backend).await;
    let export = Synthetic {
        days: 3,
        ..Synthetic::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let (path, xml_bytes) = synthetic_zip(&export, dir.path());
    let service = Workouts::with_limits(
        t.db.clone(),
        Limits {
            max_streamed_bytes: xml_bytes * 3 / 2,
            ..Limits::default()
        },
    );
    let results = service
        .import(user, vec![Upload::path("export.zip", path)])
        .await
        .unwrap();
    let refused: Vec<&str> = results
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Refused { error } => Some(error.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(refused.len(), 3, "each workout: {results:?}");
    assert!(
        refused.iter().all(|e| e.contains("max_streamed_mib")),
        "{refused:?}"
    );
    assert!(
        results
            .iter()
            .any(|r| matches!(r.outcome, Outcome::Days { stored: 3, .. }))
    );
    assert_eq!(count(&service, user).await, 0);
}

db::on_both_backends!(
    a_generated_export_of_hundreds_of_mb_streams_through_in_bounded_memory,
    past_the_sample_bound_workouts_wait_for_further_passes,
    an_export_past_the_streamed_bytes_bound_is_refused_by_name,
);
