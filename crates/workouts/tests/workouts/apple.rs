//! Apple Health exports imported: the real samples of the corpus in Apple's zip layout (with
//! records added where the edited sample has none inside its workout), an unpacked folder, a
//! generated export of hundreds of MB streamed in bounded memory, and hostile ones.

use std::io::Write as _;

use archives::apple::synthetic::Synthetic;
use db::Backend;
use domain::{Date, UserId};
use formats::Stream;
use workouts::{ExportFormat, Limits, Outcome, Upload, WorkoutFilter, Workouts};

use super::{corpus_bytes, corpus_dir, imported, setup};

const EXPORT: &str = "archives/apple-health/apple_health_export/export.xml";
const OLDER: &str = "archives/apple-health/export-older.xml";
const ROUTE: &str = "workout-routes/route_2019-06-11_3.00pm.gpx";

/// Records the edited sample lacks, inserted before its workout: heart rate inside the run's
/// span (07:25:41 to 07:30:52 -0700; one second measured twice, one sample after the end),
/// steps from the phone and the watch in the same hour, and active energy.
const ADDED: &str = r#"
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Apple Watch" unit="count/min" startDate="2016-11-14 07:26:00 -0700" endDate="2016-11-14 07:26:00 -0700" value="121"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Apple Watch" unit="count/min" startDate="2016-11-14 07:27:30 -0700" endDate="2016-11-14 07:27:30 -0700" value="134"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Polar H10" unit="count/min" startDate="2016-11-14 07:27:30 -0700" endDate="2016-11-14 07:27:30 -0700" value="135"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Apple Watch" unit="count/min" startDate="2016-11-14 07:29:00 -0700" endDate="2016-11-14 07:29:00 -0700" value="142"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Apple Watch" unit="count/min" startDate="2016-11-14 07:31:30 -0700" endDate="2016-11-14 07:31:30 -0700" value="99"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Simon’s iPhone" unit="count" startDate="2016-11-14 07:25:00 -0700" endDate="2016-11-14 07:35:00 -0700" value="812"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Apple Watch" unit="count" startDate="2016-11-14 07:25:00 -0700" endDate="2016-11-14 07:35:00 -0700" value="790"/>
 <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Simon’s iPhone" unit="count" startDate="2016-11-14 18:05:00 -0700" endDate="2016-11-14 18:15:00 -0700" value="1500"/>
 <Record type="HKQuantityTypeIdentifierActiveEnergyBurned" sourceName="Apple Watch" unit="kcal" startDate="2016-11-14 07:25:41 -0700" endDate="2016-11-14 07:30:52 -0700" value="48.7"/>
"#;

/// A corpus export with [`ADDED`] before its workout, and `replace`s applied.
fn export_xml(relative: &str, replace: &[(&str, &str)]) -> String {
    let xml = String::from_utf8(corpus_bytes(relative)).unwrap();
    let at = xml.find("    <Workout ").expect("the sample's workout");
    let mut xml = format!("{}{ADDED}{}", &xml[..at], &xml[at..]);
    for (from, to) in replace {
        assert!(xml.contains(from), "the sample holds {from:?}");
        xml = xml.replace(from, to);
    }
    xml
}

/// A zip in Apple's layout: `apple_health_export/` with `export.xml`, the route file (but
/// for an older export, whose routes are inline), and the clinical document Laps leaves out.
fn apple_zip(xml: &str, extra: &[(&str, &[u8])]) -> Upload {
    let route = corpus_bytes(&format!(
        "archives/apple-health/apple_health_export/{ROUTE}"
    ));
    let mut files: Vec<(String, &[u8])> = vec![
        ("apple_health_export/export.xml".to_owned(), xml.as_bytes()),
        (
            "apple_health_export/export_cda.xml".to_owned(),
            b"<ClinicalDocument/>",
        ),
    ];
    if !xml.contains("<Location ") {
        files.push((format!("apple_health_export/{ROUTE}"), &route));
    }
    files.extend(extra.iter().map(|(n, b)| ((*n).to_owned(), *b)));
    let entries: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    Upload::new("export.zip", workouts::archive::zip_files(&entries))
}

async fn count(service: &Workouts, user: UserId) -> u64 {
    service
        .list(user, &WorkoutFilter::default(), 0, 100)
        .await
        .unwrap()
        .total
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

pub(super) async fn the_real_apple_exports_import_their_run_route_heart_rate_and_days_once(
    backend: Backend,
) {
    let cases = [
        // The newer layout: the route in a GPX file (whose clock is not the run's: the edited
        // sample's file is from another day, so it is moved to the run's start).
        (EXPORT, 2, "route file"),
        // The older layout: the route's two `Location`s inline, in the same second.
        (OLDER, 1, "inline locations"),
    ];
    for (file, positions, layout) in cases {
        let (_t, service, user) = setup(backend).await;
        let upload = || apple_zip(&export_xml(file, &[]), &[]);
        let results = service.import(user, vec![upload()]).await.unwrap();
        let files: Vec<&str> = results.iter().map(|r| r.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "export.zip/apple_health_export/export.xml: Running on 2016-11-14 07:25 (line 24)",
                "export.zip/apple_health_export/export.xml",
                "export.zip",
            ],
            "{layout}: the workout, the days, the clinical document counted"
        );
        let id = imported(&results[0].outcome);
        let days = |stored| Outcome::Days {
            stored,
            kept: 0,
            refused: Vec::new(),
        };
        assert_eq!(results[1].outcome, days(3), "{layout}");
        assert_eq!(
            results[2].outcome,
            Outcome::Skipped {
                kind: "clinical document (export_cda.xml)".to_owned(),
                count: 1
            }
        );

        let w = service.summary(user, id).await.unwrap();
        assert_eq!(w.sport.name(), "running", "{layout}");
        assert_eq!(w.start.to_string(), "2016-11-14T14:25:41Z", "{layout}");
        assert_eq!(w.utc_offset_min, -420, "{layout}: -0700");
        assert_eq!(w.time_zone.as_deref(), Some("America/Los_Angeles"));
        assert_eq!(
            w.metrics.elapsed_ms, 311_000,
            "{layout}: 07:25:41 to 07:30:52"
        );
        assert_eq!(
            w.moving_ms, 311_000,
            "{layout}: 5.194 min, within the span's rounding"
        );
        let distance = w.metrics.distance_m.unwrap();
        assert!(
            (distance - 800.127).abs() < 0.01,
            "{layout}: 0.497 mi is {distance} m"
        );
        assert_eq!(w.metrics.calories, Some(49), "{layout}: 48.745 kcal");
        assert_eq!(
            (w.metrics.avg_hr, w.metrics.max_hr),
            (Some(132), Some(142)),
            "{layout}: 121, 134, 142"
        );
        assert!(w.has_gps, "{layout}");
        // The workout's `sourceName`, as the phone wrote it (with a no-break space).
        assert_eq!(w.device.as_deref(), Some("Apple\u{a0}Watch"));
        assert_eq!(w.source_name, "apple-health_2016-11-14_0725_Running.zip");

        let r = service.recording(user, id).await.unwrap();
        assert_eq!(
            r.samples.count(Stream::HeartRate),
            3,
            "{layout}: inside the span, the doubly measured second once"
        );
        assert_eq!(r.samples.count(Stream::Position), positions, "{layout}");
        assert_eq!(r.end().to_string(), "2016-11-14T14:30:52Z", "{layout}");

        let original = service
            .export(user, id, ExportFormat::Original)
            .await
            .unwrap();
        assert_eq!(original.file_name, w.source_name);
        let entries =
            workouts::archive::expand(&original.bytes, workouts::ZipLimits::default()).unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        let xml = String::from_utf8(entries[0].bytes.clone().unwrap()).unwrap();
        assert!(
            xml.contains("<Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\"")
                && xml.contains("America/Los_Angeles")
                && xml.trim_end().ends_with("</Workout>"),
            "{xml}"
        );
        match layout {
            "route file" => assert_eq!(names, ["workout.xml", "route_2019-06-11_3.00pm.gpx"]),
            _ => assert!(names == ["workout.xml"] && xml.contains("<Location ")),
        }

        let stored = service
            .activity_days(user, date("2016-11-14"), date("2016-11-16"))
            .await
            .unwrap();
        let got: Vec<_> = stored
            .iter()
            .map(|d| (d.day.to_string(), d.steps, d.active_kcal, d.active_s))
            .collect();
        assert_eq!(
            got,
            [
                // The phone's 812 steps, not 812 + 790; active energy from the record.
                ("2016-11-14".to_owned(), 812 + 1500, 49, 0),
                // The ActivitySummary days: energy and exercise minutes.
                ("2016-11-15".to_owned(), 0, 590, 68 * 60),
                ("2016-11-16".to_owned(), 0, 324, 39 * 60),
            ],
            "{layout}"
        );
        assert!(stored.iter().all(|d| d.source == "Apple Health"));

        let again = service.import(user, vec![upload()]).await.unwrap();
        assert_eq!(
            again[0].outcome,
            Outcome::Duplicate { workout_id: id },
            "{layout}"
        );
        assert_eq!(count(&service, user).await, 1, "{layout}");
        let stored_again = service
            .activity_days(user, date("2016-11-14"), date("2016-11-16"))
            .await
            .unwrap();
        assert_eq!(stored_again.len(), 3, "{layout}: no day added");
    }
}

pub(super) async fn an_apple_workout_exported_again_with_other_metadata_adds_nothing(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    let first = service
        .import(user, vec![apple_zip(&export_xml(EXPORT, &[]), &[])])
        .await
        .unwrap();
    let id = imported(&first[0].outcome);
    // A later export writes the same workout with other metadata: other bytes, same key.
    let later = export_xml(
        EXPORT,
        &[
            ("\"56 degF\"", "\"13.3 degC\""),
            ("locale=\"en_US\"", "locale=\"nl_NL\""),
        ],
    );
    let again = service
        .import(user, vec![apple_zip(&later, &[])])
        .await
        .unwrap();
    assert_eq!(again[0].outcome, Outcome::Duplicate { workout_id: id });
    assert_eq!(count(&service, user).await, 1);
}

pub(super) async fn an_unpacked_apple_export_sent_as_files_imports_as_the_zip_does(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    // As `laps import` sends the folder: every file, named by its path.
    let dir = corpus_dir().join("archives/apple-health/apple_health_export");
    let uploads = vec![
        Upload::path(
            dir.join("export.xml").display().to_string(),
            dir.join("export.xml"),
        ),
        Upload::path(dir.join(ROUTE).display().to_string(), dir.join(ROUTE)),
    ];
    let results = service.import(user, uploads).await.unwrap();
    assert_eq!(results.len(), 2, "the workout and the days: {results:?}");
    assert!(
        results[0]
            .file
            .ends_with("apple_health_export/export.xml: Running on 2016-11-14 07:25 (line 14)"),
        "{}",
        results[0].file
    );
    let w = service
        .summary(user, imported(&results[0].outcome))
        .await
        .unwrap();
    assert!(w.has_gps, "the route file was found beside export.xml");
    assert_eq!(w.metrics.calories, Some(49));
    assert!(matches!(
        results[1].outcome,
        Outcome::Days { stored: 2, .. }
    ));
}

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

/// Hostile: broken XML, absurd values and a route that points outside the export. What can be
/// read is imported; everything else is refused with the line or the reason, and nothing
/// impossible is stored.
pub(super) async fn hostile_apple_exports_are_refused_where_they_are_wrong(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let nested = format!(
        "{}{}",
        "<Record type=\"HKQuantityTypeIdentifierStepCount\">",
        "<a>".repeat(10_000)
    );
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "nested without end after the workout",
            export_xml(EXPORT, &[("</HealthData>", &nested)]),
            "elements nested deeper than 64; what comes before it is imported",
        ),
        (
            "cut short in a record",
            {
                let xml = export_xml(EXPORT, &[]);
                let cut = xml.rfind("<ActivitySummary").unwrap() + 30;
                xml[..cut].to_owned()
            },
            "the document ends inside a tag; what comes before it is imported",
        ),
    ];
    for (what, xml, error) in cases {
        let results = service
            .import(user, vec![apple_zip(&xml, &[])])
            .await
            .unwrap();
        assert!(
            matches!(
                results[0].outcome,
                Outcome::Imported { .. } | Outcome::Duplicate { .. }
            ),
            "{what}: the workout before the damage: {results:?}"
        );
        assert!(
            results.iter().any(|r| matches!(&r.outcome,
                Outcome::Refused { error: e } if e.ends_with(error) && e.starts_with("line "))),
            "{what}: {results:?}"
        );
    }

    // Absurd values: a heart rate no heart beats, a distance past the Moon, ten billion steps.
    let absurd = export_xml(
        EXPORT,
        &[
            ("value=\"134\"", "value=\"4000\""),
            (
                "totalDistance=\"0.4971749504535062\"",
                "totalDistance=\"1e300\"",
            ),
            ("duration=\"5.19412346680959\"", "duration=\"1e300\""),
            ("value=\"1500\"", "value=\"10000000000\""),
        ],
    )
    .replace("2016-11-14", "2016-11-20");
    let results = service
        .import(user, vec![apple_zip(&absurd, &[])])
        .await
        .unwrap();
    let id = imported(&results[0].outcome);
    let w = service.summary(user, id).await.unwrap();
    assert_eq!(w.metrics.max_hr, Some(142), "4000 bpm dropped");
    assert!(
        w.metrics.distance_m.is_none_or(|d| d < 1_000.0),
        "1e300 miles dropped: {:?}",
        w.metrics.distance_m
    );
    assert!(w.moving_ms <= w.metrics.elapsed_ms, "1e300 minutes dropped");
    assert!(
        matches!(&results[1].outcome, Outcome::Days { refused, .. }
            if refused.len() == 1 && refused[0].starts_with("2016-11-20: impossible")),
        "{:?}",
        results[1]
    );

    // A route path that leaves the export, and one that names a file it does not hold.
    for (path, reason) in [
        (
            "/workout-routes/../../../etc/passwd",
            "points outside the export",
        ),
        (
            "/workout-routes/missing.gpx",
            "but the export does not hold it",
        ),
    ] {
        let xml = export_xml(EXPORT, &[(&format!("/{ROUTE}"), path)])
            .replace("2016-11-14 07:", "2016-11-21 07:");
        let outside: &[(&str, &[u8])] = &[("etc/passwd", b"root:x:0:0")];
        let results = service
            .import(user, vec![apple_zip(&xml, outside)])
            .await
            .unwrap();
        assert!(
            matches!(&results[0].outcome, Outcome::Refused { error } if error.contains(reason)),
            "{path}: {:?}",
            results[0]
        );
    }
}

db::on_both_backends!(
    the_real_apple_exports_import_their_run_route_heart_rate_and_days_once,
    an_apple_workout_exported_again_with_other_metadata_adds_nothing,
    an_unpacked_apple_export_sent_as_files_imports_as_the_zip_does,
    a_generated_export_of_hundreds_of_mb_streams_through_in_bounded_memory,
    past_the_sample_bound_workouts_wait_for_further_passes,
    an_export_past_the_streamed_bytes_bound_is_refused_by_name,
    hostile_apple_exports_are_refused_where_they_are_wrong,
);
