//! Polar Flow's export: the real 1.3 session of the corpus, and assembled files of the newer
//! schema, the activity tracker and the kinds that are skipped.
//!
//! `LAPS_CORPUS` overrides where the corpus is (as for the `formats` tests).

use std::path::PathBuf;

use archives::polar::{PolarEntry, read_entry};
use archives::{ArchiveWorkout, Samples};
use domain::{Date, Sport, Timestamp};
use formats::Recording;

fn corpus_dir() -> PathBuf {
    std::env::var_os("LAPS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

const REAL: &str = "archives/polar-flow/training-session-2017-01-23-running.json";

fn workout(entry: PolarEntry) -> ArchiveWorkout {
    match entry {
        PolarEntry::Workout(w) => *w,
        other => panic!("a workout, not {other:?}"),
    }
}

fn recording(workout: &ArchiveWorkout) -> &Recording {
    match &workout.samples {
        Samples::Recording(r) => r,
        other => panic!("a recording, not {other:?}"),
    }
}

fn at(text: &str) -> Timestamp {
    use formats::TimestampExt;
    Timestamp::parse_rfc3339(text.as_bytes()).expect("a time")
}

fn finite(column: &Option<Vec<f32>>) -> Vec<f32> {
    column
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect()
}

#[test]
fn the_real_1_3_session_reads_with_its_summary_samples_and_route() {
    let path = corpus_dir().join(REAL);
    let bytes = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("the corpus file {} is needed: {e}", path.display()));
    let w = workout(read_entry("training-session-2017-01-23-running.json", &bytes).unwrap());

    assert_eq!(w.meta.title.as_deref(), Some("Laufen"));
    assert_eq!(w.meta.sport, Some(Sport::Running));
    assert_eq!(
        w.meta.source_id.as_deref(),
        Some("training-session-2017-01-23-running")
    );
    let s = &w.summary;
    assert_eq!(
        s.start,
        Some(at("2017-01-23T17:20:18Z")),
        "local 18:20:18 at +60"
    );
    assert_eq!(s.utc_offset_min, Some(60));
    assert_eq!(s.elapsed_ms, Some(2_753_875));
    assert_eq!(s.distance_m, Some(6595.0));
    assert_eq!(
        (s.avg_hr, s.max_hr, s.calories),
        (Some(138), Some(164), Some(498))
    );

    let r = recording(&w);
    assert_eq!(r.start, at("2017-01-23T17:20:18Z"));
    assert_eq!(r.utc_offset_minutes, Some(60));
    assert_eq!(r.sport, Sport::Running);
    assert_eq!(r.sessions.len(), 1);
    assert_eq!(r.sessions[0].totals.elapsed_ms, 2_754_128);
    let hr = finite(&r.samples.heart_rate);
    assert_eq!(
        hr.len(),
        2751,
        "the heart rate samples an independent reader finds"
    );
    let max = hr.iter().copied().fold(f32::MIN, f32::max);
    let avg = hr.iter().map(|&v| f64::from(v)).sum::<f64>() / hr.len() as f64;
    assert_eq!(max, 164.0);
    assert!(
        (avg - 138.0).abs() < 1.0,
        "average {avg} near the summary's 138"
    );

    // The route's own times run 1:20:27.8 late; it is moved onto the exercise, said so, and
    // its 2,751 points (whose milliseconds wander) join the heart rate's rows, one a second.
    let lat = r.samples.latitude.as_ref().expect("a route");
    assert_eq!(
        r.samples.time.len(),
        2751,
        "one row a second, not two half-empty ones"
    );
    assert!(
        lat.iter().all(|v| v.is_finite()),
        "every row has its position"
    );
    assert!(
        (lat[0] - 53.107227).abs() < 1e-6,
        "the first point at the start"
    );
    assert_eq!(r.end(), at("2017-01-23T18:06:08Z"));
    assert!(
        r.warnings.iter().any(|w| w.contains("route")),
        "{:?}",
        r.warnings
    );
}

/// A newer-schema session as third-party readers describe it, with bare NaN tokens.
const NEWER: &str = r#"{
  "identifier": {"id": "abc-123"},
  "name": "Evening NaN ride",
  "startTime": "2021-06-01T19:00:00.000",
  "timezoneOffset": 120,
  "durationMillis": 5000,
  "distanceMeters": 40.5,
  "calories": 12,
  "hrAvg": 121, "hrMax": NaN,
  "exercises": [{
    "startTime": "2021-06-01T19:00:00.000",
    "durationMillis": 5000,
    "sport": "ROAD_BIKING",
    "samples": {"samples": [
      {"type": "HEART_RATE", "intervalMillis": 1000, "values": [120, NaN, 122, 123, Infinity]},
      {"type": "SPEED", "intervalMillis": 1000, "values": [36.0, 36.0, -Infinity, 36.0, 36.0]},
      {"type": "LEFT_PEDAL_POWER", "intervalMillis": 1000, "values": [1, 2]}
    ]},
    "routes": {"route": {"wayPoints": [
      {"elapsedMillis": 0, "latitude": 48.1, "longitude": 11.5, "altitude": 520.0},
      {"elapsedMillis": 2000, "latitude": 48.2, "longitude": 11.6, "altitude": NaN}
    ]}},
    "laps": {"laps": [
      {"splitTimeMillis": 2000, "durationMillis": 2000, "distance": 20.0},
      {"splitTimeMillis": 5000, "durationMillis": 3000, "distance": 20.5}
    ]}
  }]
}"#;

#[test]
fn a_newer_session_with_nan_tokens_reads_on_one_clock() {
    let w = workout(read_entry("training-session-2021-06-01-abc.json", NEWER.as_bytes()).unwrap());
    assert_eq!(
        w.meta.title.as_deref(),
        Some("Evening NaN ride"),
        "NaN in a string stays"
    );
    assert_eq!(w.meta.source_id.as_deref(), Some("abc-123"));
    assert_eq!(w.meta.sport, Some(Sport::Cycling));
    assert_eq!(w.summary.start, Some(at("2021-06-01T17:00:00Z")));
    assert_eq!(w.summary.elapsed_ms, Some(5000));
    assert_eq!(w.summary.distance_m, Some(40.5));
    assert_eq!((w.summary.avg_hr, w.summary.max_hr), (Some(121), None));
    assert_eq!(w.summary.calories, Some(12));

    let r = recording(&w);
    assert_eq!(r.utc_offset_minutes, Some(120));
    let times: Vec<i64> = r.samples.time.iter().map(|t| t.ms_since(r.start)).collect();
    assert_eq!(times, [0, 1000, 2000, 3000, 4000]);
    let hr = r.samples.heart_rate.as_ref().unwrap();
    assert_eq!(hr[0], 120.0);
    assert!(
        hr[1].is_nan() && hr[4].is_nan(),
        "NaN and Infinity are gaps: {hr:?}"
    );
    let speed = r.samples.speed.as_ref().unwrap();
    assert!((speed[0] - 10.0).abs() < 1e-4, "36 km/h is 10 m/s");
    assert_eq!(r.samples.latitude.as_ref().unwrap()[2], 48.2);
    let altitude = r.samples.altitude.as_ref().unwrap();
    assert_eq!(altitude[0], 520.0);
    assert!(altitude[2].is_nan());
    assert_eq!(r.laps.len(), 2);
    assert_eq!(r.laps[1].start, r.start.add_ms(2000));
    assert_eq!(r.laps[1].totals.distance_m, Some(20.5));
    assert!(r.warnings.iter().any(|w| w.contains("LEFT_PEDAL_POWER")));
}

#[test]
fn an_activity_file_reads_as_a_day() {
    let json = br#"{"exportVersion": "1.6", "date": "2021-03-04",
        "summary": {"startTime": "2021-03-04T00:00:00.000", "stepCount": 9001,
                    "activeCalories": 412, "activeTime": "PT1H30M"},
        "samples": {"steps": [{"localTime": "08:00:00.000", "value": 100},
                              {"localTime": "08:30:00.000", "value": NaN},
                              {"localTime": "17:15:00.000", "value": 250}]}}"#;
    let PolarEntry::Day(day) = read_entry("activity-2021-03-04-1.json", json).unwrap() else {
        panic!("a day");
    };
    assert_eq!(day.date, Date::new(2021, 3, 4).unwrap());
    assert_eq!(
        day.steps,
        Some(9001),
        "the summary's count, not the samples' sum"
    );
    assert_eq!(day.active_kcal, Some(412));
    assert_eq!(day.active_s, Some(5400));
    let hours: Vec<(u8, u32)> = day.hours.iter().map(|h| (h.hour, h.steps)).collect();
    assert_eq!(hours, [(8, 100), (17, 250)]);
}

#[test]
fn other_kinds_are_skipped_by_name_without_being_read() {
    let cases = [
        ("sleep-result-2021-03-04.json", "sleep-result"),
        ("physical-information-2021.json", "physical-information"),
        ("account-profile.json", "account-profile"),
    ];
    for (path, kind) in cases {
        assert_eq!(
            read_entry(path, b"not even json"),
            Ok(PolarEntry::Skipped(kind.into())),
            "{path}"
        );
    }
}

#[test]
fn malformed_entries_are_errors_that_name_the_entry_and_the_place() {
    let cases: [(&str, &[u8], &str); 5] = [
        ("training-session-1.json", b"{\"name\": \"x\",\n \"exercises\": [", "line 2"),
        ("training-session-2.json", br#"{"startTime": "soon"}"#, "startTime"),
        (
            "training-session-3.json",
            br#"{"startTime": "2021-06-01T19:00:00", "exercises": [{"samples": {"samples": [{"type": "HEART_RATE", "values": [1]}]}}]}"#,
            "intervalMillis",
        ),
        ("activity-1.json", br#"{"summary": {"stepCount": 3}}"#, "no date"),
        ("activity-2.json", br#"{"date": "the fourth"}"#, "not a date"),
    ];
    for (path, bytes, needle) in cases {
        let error = read_entry(path, bytes).expect_err(path);
        assert_eq!(error.entry, path);
        assert!(
            error.to_string().contains(needle),
            "{path}: {error} should mention {needle}"
        );
    }
}

#[test]
fn a_session_without_an_offset_reads_as_utc_and_leaves_the_offset_unknown() {
    let json = br#"{"startTime": "2021-06-01T19:00:00", "duration": "PT10S",
        "exercises": [{"samples": {"heartRate": [{"dateTime": "2021-06-01T19:00:01", "value": 99}]}}]}"#;
    let w = workout(read_entry("training-session-2021-06-01-7.json", json).unwrap());
    assert_eq!(w.summary.start, Some(at("2021-06-01T19:00:00Z")));
    assert_eq!(w.summary.utc_offset_min, None);
    let r = recording(&w);
    assert_eq!(r.utc_offset_minutes, None);
    assert_eq!(
        r.start,
        at("2021-06-01T19:00:00Z"),
        "the session's start, for want of the exercise's"
    );
    assert_eq!(r.samples.time, [at("2021-06-01T19:00:01Z")]);
    assert_eq!(r.sessions[0].totals.elapsed_ms, 0, "no duration of its own");
}

#[test]
fn a_1_x_session_with_laps_and_an_on_time_route_keeps_the_route_where_it_is() {
    let json = br#"{"exportVersion": "1.3", "name": "  ", "startTime": "2020-05-05T07:00:00.000",
        "timeZoneOffset": -240, "duration": "PT4S", "exercises": [{
          "startTime": "2020-05-05T07:00:00.000", "duration": "PT4S", "sport": "TREADMILL_RUNNING",
          "samples": {
            "heartRate": [{"dateTime": "2020-05-05T07:00:00.000", "value": 100},
                          {"dateTime": "2020-05-05T07:00:02.000", "value": 102}],
            "speed": [{"dateTime": "2020-05-05T07:00:00.000", "value": 18.0}],
            "recordedRoute": [
              {"dateTime": "2020-05-05T07:00:00.310", "latitude": 1.0, "longitude": 2.0, "altitude": 5.0},
              {"dateTime": "2020-05-05T07:00:01.290", "latitude": 1.1, "longitude": 2.1, "altitude": 6.0}]},
          "laps": [{"splitTime": "PT2S", "duration": "PT2S", "distance": 10.0},
                   {"splitTime": "PT4S", "duration": "PT2S", "distance": 11.0,
                    "heartRate": {"avg": 101.4, "max": 102}}]}]}"#;
    let w = workout(read_entry("training-session-2020-05-05-1.json", json).unwrap());
    assert_eq!(w.meta.title, None, "a blank name is no title");
    assert_eq!(w.meta.sport, Some(Sport::Running));
    assert_eq!(
        w.summary.start,
        Some(at("2020-05-05T11:00:00Z")),
        "local 07:00 at -4 h"
    );
    let r = recording(&w);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let times: Vec<i64> = r.samples.time.iter().map(|t| t.ms_since(r.start)).collect();
    assert_eq!(
        times,
        [0, 1290, 2000],
        "the first point joins the heart rate's row; the second has none free near it"
    );
    assert_eq!(r.samples.latitude.as_ref().unwrap()[..2], [1.0, 1.1]);
    assert!(
        (r.samples.speed.as_ref().unwrap()[0] - 5.0).abs() < 1e-4,
        "18 km/h"
    );
    let laps: Vec<(i64, i64, Option<u8>)> = r
        .laps
        .iter()
        .map(|l| {
            (
                l.start.ms_since(r.start),
                l.totals.elapsed_ms,
                l.totals.avg_heart_rate,
            )
        })
        .collect();
    assert_eq!(laps, [(0, 2000, None), (2000, 2000, Some(101))]);
    assert_eq!(r.sessions[0].laps, 0..2);
}
