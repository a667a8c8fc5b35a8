//! An independent check of the FIT reader and writer against Garmin's official FIT SDK (Python,
//! `tests/tools/fit_sdk_decode.py`):
//! - the reader counts the same records, laps and sessions, and the same sum of the records'
//!   own heart rates, in every corpus FIT file the SDK can decode;
//! - both ways: the SDK's decoding of Laps' FIT export of a corpus file equals its decoding of
//!   the file itself (with `hr` messages merged into the records, as the SDK does): the same
//!   records with the same heart rate, power, cadence and speed, the same laps and sessions.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

use crate::manifest;

fn sdk_python() -> String {
    std::env::var("LAPS_FIT_SDK_PYTHON")
        .unwrap_or_else(|_| "/tmp/laps-fitsdk/bin/python".to_owned())
}

/// Starts the SDK decoding `paths` (see the script for what it prints).
fn sdk_start(paths: &[PathBuf]) -> Child {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/fit_sdk_decode.py");
    Command::new(sdk_python())
        .arg(script)
        .args(paths)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (garmin-fit-sdk; scripts/test installs it): {e}",
                sdk_python()
            )
        })
}

/// The SDK's decoding of each file, in order.
fn sdk_finish(child: Child, files: usize) -> Vec<Value> {
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the SDK script failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let decoded: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(decoded.len(), files, "one line per file");
    decoded
}

/// Every corpus FIT file and the SDK's decoding of it, decoded once for both tests (the SDK
/// takes minutes over the corpus).
fn corpus_decoded() -> &'static [(PathBuf, Value)] {
    static DECODED: OnceLock<Vec<(PathBuf, Value)>> = OnceLock::new();
    DECODED.get_or_init(|| {
        let files: Vec<PathBuf> = manifest()
            .into_iter()
            .filter(|e| e.relative.starts_with("fit/"))
            .map(|e| e.path)
            .collect();
        let decoded = sdk_finish(sdk_start(&files), files.len());
        files.into_iter().zip(decoded).collect()
    })
}

fn name(path: &Path) -> &str {
    path.file_name().unwrap().to_str().unwrap()
}

fn errors(decoded: &Value) -> bool {
    !decoded["errors"].as_array().unwrap().is_empty()
}

fn list<'a>(decoded: &'a Value, key: &str) -> &'a [Value] {
    decoded[key].as_array().unwrap()
}

/// The files the SDK cannot decode: it does not know compressed-timestamp headers and stops at
/// damage (the corpus README lists them). There is nothing to compare with for those.
const SDK_FAILURES: [&str; 4] = [
    "fitparse__antfs-dump.63.fit",
    "fitparse__compressed-speed-distance.fit",
    "fitparse__nick.fit",
    "fitparse__strava-android-app-201.10-b1218918.fit",
];

/// A record row of the script: timestamp, own heart rate, merged heart rate, power, cadence,
/// speed, distance, latitude and longitude (semicircles), altitude.
const TIMESTAMP: usize = 0;
const OWN_HEART_RATE: usize = 1;
const LATITUDE: usize = 7;
const LONGITUDE: usize = 8;

#[test]
fn fit_message_counts_agree_with_garmins_sdk() {
    let mut compared = 0;
    let mut sdk_failures = Vec::new();
    let mut problems = Vec::new();
    for (path, sdk) in corpus_decoded() {
        if errors(sdk) {
            sdk_failures.push(name(path));
            continue;
        }
        let ours = formats::fit::statistics(&std::fs::read(path).unwrap()).unwrap();
        let records = list(sdk, "records");
        let heart_rate_sum: u64 = records
            .iter()
            .filter_map(|r| r[OWN_HEART_RATE].as_u64())
            .sum();
        let pairs = [
            ("records", ours.records, records.len()),
            ("laps", ours.laps, list(sdk, "laps").len()),
            ("sessions", ours.sessions, list(sdk, "sessions").len()),
            (
                "heart rate sum",
                ours.heart_rate_sum as usize,
                heart_rate_sum as usize,
            ),
        ];
        for (what, mine, theirs) in pairs {
            if mine != theirs {
                problems.push(format!(
                    "{}: {what}: ours {mine}, SDK {theirs}",
                    path.display()
                ));
            }
        }
        compared += 1;
    }
    sdk_failures.sort_unstable();
    assert_eq!(
        sdk_failures, SDK_FAILURES,
        "the SDK fails only on the files known to defeat it"
    );
    assert!(compared > 110, "only {compared} files compared");
    assert!(
        problems.is_empty(),
        "disagreements with the FIT SDK:\n{}",
        problems.join("\n")
    );
}

/// Why an export cannot equal its source in some respect, by design.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exception {
    /// The file holds no activity (settings, a planned workout, a weight scale, a bare
    /// file_id): its export is an activity, with the lap and the session that a FIT activity
    /// file requires.
    NotAnActivity,
    /// The source has no lap or no session message (a device that writes none, a recording
    /// cut short); a FIT activity requires them, so the export has one over the recording.
    NoLapOrSession,
    /// A lap or session of the source leaves its start time, elapsed time or sport unset;
    /// Laps fills them in (the start from the times around it, elapsed 0, sport generic).
    UnsetLapFields,
    /// Records without a timestamp: Laps cannot place them in time and drops them.
    UntimedRecords,
    /// Records whose time goes back: Laps keeps samples in time order and drops them (a
    /// chained file whose second activity started before the first; a device clock jump).
    RecordsBackInTime,
    /// The device split one second's values over several records (distance in one, position
    /// and speed in the next): Laps keeps one sample with all of them, written as one record.
    SplitSeconds,
    /// Values outside the sane range of their quantity (a speed of 1,669 m/s) are dropped on
    /// reading (issue 11, point 3), so the export has none where the source has one.
    OutOfRange,
    /// Positions at (0, 0) are receivers without a fix, not a place: Laps keeps no position.
    NoFixAtZero,
}

use Exception::*;

/// The corpus files whose export differs from the source by design, and how.
const EXPORT_EXCEPTIONS: &[(&str, &[Exception])] = &[
    ("fitparse__Settings.fit", &[NotAnActivity]),
    ("fitparse__WeightScaleSingleUser.fit", &[NotAnActivity]),
    ("fitparse__WorkoutCustomTargetValues.fit", &[NotAnActivity]),
    ("fitparse__WorkoutIndividualSteps.fit", &[NotAnActivity]),
    ("fitparse__WorkoutRepeatSteps.fit", &[NotAnActivity]),
    (
        "muktihari-fit__valid_only_contain_fileid.fit",
        &[NotAnActivity],
    ),
    ("tormoder-fit__Settings.fit", &[NotAnActivity]),
    ("fittrackee__example.fit", &[NoLapOrSession]),
    (
        "goldencheetah__Garmin830_with_Stages.fit",
        &[NoLapOrSession, UnsetLapFields],
    ),
    ("muktihari-fit__WithGearChangeData.fit", &[NoLapOrSession]),
    ("muktihari-fit__activity_truncated.fit", &[NoLapOrSession]),
    ("muktihari-fit__big_activity.fit", &[NoLapOrSession]),
    (
        "sportslib__broken-start-latlng.fit",
        &[NoLapOrSession, NoFixAtZero],
    ),
    ("muktihari-fit__Activity.fit", &[NoFixAtZero]),
    (
        "sportstracker__Suunto_Spartan_Sport_Wrist_HR_Baro.fit",
        &[NoLapOrSession],
    ),
    (
        "sportslib__broken-dates.fit",
        &[NoLapOrSession, UnsetLapFields],
    ),
    (
        "goldencheetah__FR55-loaded-and-saved-via-GC.fit",
        &[UnsetLapFields],
    ),
    ("goldencheetah__moxy.fit", &[UnsetLapFields]),
    ("sportslib__27-days-activity.fit", &[UnsetLapFields]),
    (
        "goldencheetah__20160517-063148-1-1328-ANTFS-4-0.FIT",
        &[UntimedRecords],
    ),
    ("sportslib__7617306288.fit", &[UntimedRecords]),
    (
        "fitparse__activity-large-fenxi2-multisport.fit",
        &[RecordsBackInTime],
    ),
    (
        "muktihari-fit__chained_Activity_activity_poolswim.fit",
        &[RecordsBackInTime, NoFixAtZero],
    ),
    ("fittrackee__apple_watch.fit", &[SplitSeconds]),
    (
        "goldencheetah__2024-10-14-070422-Pool_Swim-BingiWatch.fit",
        &[SplitSeconds],
    ),
    ("rowingdata__workout.fit", &[OutOfRange]),
];

/// The differences between the SDK's decoding of a source file and of Laps' export of it,
/// allowing only the given exceptions.
fn compare(source: &Value, export: &Value, allowed: &[Exception]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut src: Vec<&Value> = list(source, "records").iter().collect();
    if allowed.contains(&UntimedRecords) || allowed.contains(&RecordsBackInTime) {
        // The records Laps keeps: timed, in time order.
        let mut last = None;
        src.retain(|r| {
            let t = r[TIMESTAMP].as_u64();
            let keep = t.is_some() && t >= last;
            if keep {
                last = t;
            }
            keep
        });
    }
    let merged;
    if allowed.contains(&SplitSeconds) {
        merged = merge_split_seconds(&src);
        src = merged.iter().collect();
    }
    let exp = list(export, "records");
    if src.len() != exp.len() {
        problems.push(format!(
            "records: source {}, export {}",
            src.len(),
            exp.len()
        ));
    } else {
        // (what, column of the record row, tolerance): speed to 1 mm/s, distance to 1 cm,
        // positions to a semicircle (4 nm), altitude to 10 cm.
        let fields = [
            ("timestamp", TIMESTAMP, 0.0),
            ("heart rate (hr messages merged)", 2, 0.0),
            ("power", 3, 0.0),
            ("cadence", 4, 0.0),
            ("speed", 5, 0.0015),
            ("distance", 6, 0.011),
            ("latitude", LATITUDE, 1.0),
            ("longitude", LONGITUDE, 1.0),
            ("altitude", 9, 0.11),
        ];
        for (what, at, tolerance) in fields {
            let dropped = |i: usize| {
                exp[i][at].is_null()
                    && (allowed.contains(&OutOfRange)
                        || allowed.contains(&NoFixAtZero)
                            && matches!(at, LATITUDE | LONGITUDE)
                            && src[i][at] == 0)
            };
            let differing: Vec<usize> = (0..src.len())
                .filter(|&i| !same(&src[i][at], &exp[i][at], tolerance) && !dropped(i))
                .collect();
            if let Some(&first) = differing.first() {
                problems.push(format!(
                    "{what} differs in {} records, first #{first}: source {}, export {}",
                    differing.len(),
                    src[first][at],
                    exp[first][at]
                ));
            }
        }
    }
    let added = allowed.contains(&NotAnActivity) || allowed.contains(&NoLapOrSession);
    for (key, columns) in [
        ("laps", &["start", "elapsed", "distance"][..]),
        ("sessions", &["start", "sport", "elapsed", "distance"][..]),
    ] {
        let (src, exp) = (list(source, key), list(export, key));
        if src.is_empty() && exp.len() == 1 && added {
            continue;
        }
        if src.len() != exp.len() {
            problems.push(format!("{key}: source {}, export {}", src.len(), exp.len()));
            continue;
        }
        for (i, (s, e)) in src.iter().zip(exp).enumerate() {
            for (at, column) in columns.iter().enumerate() {
                if s[at].is_null() && allowed.contains(&UnsetLapFields) {
                    continue;
                }
                // Times to the second (FIT's unit), distances to the centimetre.
                if !same(&s[at], &e[at], 0.011) {
                    problems.push(format!(
                        "{key}[{i}].{column}: source {}, export {}",
                        s[at], e[at]
                    ));
                }
            }
        }
    }
    problems
}

/// Consecutive records of one second whose values do not overlap, made one (as Laps reads
/// them).
fn merge_split_seconds(records: &[&Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for &record in records {
        if let Some(last) = out.last_mut() {
            let (a, b) = (last.as_array().unwrap(), record.as_array().unwrap());
            let overlap = (1..a.len()).any(|i| !a[i].is_null() && !b[i].is_null());
            if a[TIMESTAMP] == b[TIMESTAMP] && !overlap {
                let joined = a
                    .iter()
                    .zip(b)
                    .map(|(x, y)| if x.is_null() { y.clone() } else { x.clone() })
                    .collect();
                *last = Value::Array(joined);
                continue;
            }
        }
        out.push(record.clone());
    }
    out
}

fn same(a: &Value, b: &Value, tolerance: f64) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() <= tolerance,
        _ => a == b,
    }
}

#[test]
fn garmins_sdk_decodes_laps_fit_export_of_every_corpus_fit_as_it_decodes_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let sources: Vec<PathBuf> = manifest()
        .into_iter()
        .filter(|e| e.relative.starts_with("fit/") && !SDK_FAILURES.contains(&name(&e.path)))
        .map(|e| e.path)
        .collect();
    let exports: Vec<PathBuf> = sources
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap();
            let recording =
                formats::read(&bytes, &formats::Options::default()).unwrap_or_else(|e| {
                    panic!("{}: the SDK decodes it, Laps refuses it: {e}", name(path))
                });
            let export = dir.path().join(name(path));
            std::fs::write(&export, formats::fit::write(&recording)).unwrap();
            export
        })
        .collect();
    let exporting = sdk_start(&exports);
    let source_decoded: Vec<&Value> = sources
        .iter()
        .map(|path| &corpus_decoded().iter().find(|(p, _)| p == path).unwrap().1)
        .collect();
    let export_decoded = sdk_finish(exporting, exports.len());
    let mut problems = Vec::new();
    let mut unneeded = Vec::new();
    for ((path, source), export) in sources.iter().zip(source_decoded).zip(&export_decoded) {
        let file_name = name(path);
        assert!(!errors(source), "{file_name}: {}", source["errors"]);
        assert!(
            !errors(export),
            "{file_name}: the SDK cannot decode Laps' export: {}",
            export["errors"]
        );
        let allowed = EXPORT_EXCEPTIONS
            .iter()
            .find(|(f, _)| *f == file_name)
            .map_or(&[][..], |(_, a)| a);
        problems.extend(
            compare(source, export, allowed)
                .into_iter()
                .map(|p| format!("{file_name}: {p}")),
        );
        if !allowed.is_empty() && compare(source, export, &[]).is_empty() {
            unneeded.push(file_name);
        }
    }
    assert!(sources.len() > 110, "only {} files compared", sources.len());
    assert!(
        problems.is_empty(),
        "the SDK decodes {} of {} exports differently from their sources:\n{}",
        problems
            .iter()
            .map(|p| p.split(':').next().unwrap())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        sources.len(),
        problems.join("\n")
    );
    assert!(
        unneeded.is_empty(),
        "listed as exceptions but their exports equal their sources: {unneeded:?}"
    );
}
