//! Garmin Connect's export: FIT files of the shared codec corpus classified by their `file_id`,
//! FIT files built here for the wellness kinds the corpus lacks, and `summarizedActivities` and
//! `UDSFile` JSON assembled here in both unit conventions (no free sample export exists).
//!
//! `LAPS_CORPUS` overrides where the corpus is (default: `shared/corpus` beside the checkout).

use std::path::PathBuf;

use archives::garmin::{
    self, Activities, FitKind, Matcher, START_TOLERANCE_MS, Units, match_by_start, read_days,
};
use archives::{ArchiveWorkout, Samples};
use domain::{Date, Sport, Timestamp};

fn corpus_dir() -> PathBuf {
    std::env::var_os("LAPS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

fn corpus(file: &str) -> Vec<u8> {
    let path = corpus_dir().join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("the sample {} is needed: {e}", path.display()))
}

// --- FIT files ------------------------------------------------------------------------------

/// The CRC-16/ARC, bit by bit (a second implementation, to check the reader's).
fn crc(bytes: &[u8]) -> u16 {
    let mut crc = 0u16;
    for &b in bytes {
        crc ^= u16::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
        }
    }
    crc
}

/// A FIT file of `records` with a 14-byte header (CRC set) and the file CRC.
fn fit(records: &[u8]) -> Vec<u8> {
    let mut out = vec![14, 0x20];
    out.extend_from_slice(&2132u16.to_le_bytes());
    out.extend_from_slice(&(records.len() as u32).to_le_bytes());
    out.extend_from_slice(b".FIT");
    let header_crc = crc(&out);
    out.extend_from_slice(&header_crc.to_le_bytes());
    out.extend_from_slice(records);
    let file_crc = crc(&out);
    out.extend_from_slice(&file_crc.to_le_bytes());
    out
}

/// Definition then data of a `file_id` (local type 0) of type `file_type`, made by Garmin,
/// created `created` (FIT seconds), little-endian.
#[rustfmt::skip]
fn file_id_records(file_type: u8, created: u32) -> Vec<u8> {
    let mut r = vec![
        0x40, 0, 0, 0, 0, 4,  // definition, local 0: reserved, LE, global 0, 4 fields
        0, 1, 0x00,           // type: enum
        1, 2, 0x84,           // manufacturer: uint16
        2, 2, 0x84,           // product: uint16
        4, 4, 0x86,           // time_created: uint32
        0x00, file_type,      // data, local 0
    ];
    r.extend_from_slice(&1u16.to_le_bytes());
    r.extend_from_slice(&3990u16.to_le_bytes());
    r.extend_from_slice(&created.to_le_bytes());
    r
}

/// 2021-08-16T07:00:00Z in FIT seconds (since 1989-12-31T00:00:00Z).
const CREATED_FIT: u32 = 1_629_097_200 - 631_065_600;

#[test]
fn activity_files_of_the_corpus_are_activities_and_their_creation_time_is_only_a_hint() {
    // (file, whether time_created is within a minute of the decoded start). The fenix 2, the
    // FR 935 and the Wahoo ELEMNT write it when the file is closed (47 min, 2 h 7 min and
    // 2 h 21 min after the start): files are matched by their decoded start, not by it.
    let files = [
        ("fit/fitparse__garmin-fenix-5-run.fit", true),
        ("fit/goldencheetah__4077461142.fit", true),
        (
            "fit/fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit",
            false,
        ),
        ("fit/fitdecode__garmin-fr935-cr.fit", false),
        ("fit/fitparse__activity-small-fenix2-run.fit", false),
    ];
    for (file, near_start) in files {
        let bytes = corpus(file);
        let id = garmin::file_id(file, &bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(id.kind, FitKind::Activity, "{file}");
        let recording = formats::fit::read(&bytes).unwrap();
        let created = id
            .time_created
            .unwrap_or_else(|| panic!("{file}: no time_created"));
        let gap = created.ms_since(recording.start).abs();
        assert_eq!(
            gap <= 60_000,
            near_start,
            "{file}: created {gap} ms from the start"
        );
    }
}

#[test]
fn other_files_of_the_corpus_are_named_for_skipping() {
    let cases = [
        (
            "fit/fitparse__Settings.fit",
            FitKind::Other("device settings"),
        ),
        (
            "fit/tormoder-fit__Settings.fit",
            FitKind::Other("device settings"),
        ),
        (
            "fit/fitparse__WeightScaleSingleUser.fit",
            FitKind::Other("weight measurements"),
        ),
        (
            "fit/fitparse__WorkoutRepeatSteps.fit",
            FitKind::Other("a workout plan"),
        ),
        ("fit/fittrackee__example.fit", FitKind::Other("a course")),
        (
            "fit/goldencheetah__moxy.fit",
            FitKind::Other("a file of no stated kind"),
        ),
    ];
    for (file, kind) in cases {
        assert_eq!(garmin::classify(file, &corpus(file)), Ok(kind), "{file}");
    }
}

#[test]
fn wellness_files_built_here_are_told_apart_without_decoding_them() {
    let cases = [
        (32, FitKind::Other("daily monitoring data")),
        (15, FitKind::Other("daily monitoring data")),
        (49, FitKind::Other("sleep data")),
        (44, FitKind::Other("metrics")),
        (9, FitKind::Other("weight measurements")),
        (4, FitKind::Activity),
    ];
    for (file_type, kind) in cases {
        // Records after the file_id are nonsense: they must never be read.
        let mut records = file_id_records(file_type, CREATED_FIT);
        records.extend_from_slice(&[0x0F; 40]);
        let id = garmin::file_id("built.fit", &fit(&records)).unwrap();
        assert_eq!(id.kind, kind, "type {file_type}");
        assert_eq!(id.file_type, Some(file_type));
        assert_eq!(id.manufacturer, Some(1));
        assert_eq!(id.product, Some(3990));
        assert_eq!(
            id.time_created,
            Some(Timestamp::from_unix_ms(1_629_097_200_000))
        );
    }
}

#[test]
#[rustfmt::skip]
fn a_file_id_after_other_messages_and_big_endian_is_still_found() {
    let mut records = vec![
        0x41, 0, 1, 0, 23, 1,   // definition, local 1: big-endian, global 23 (device_info), 1 field
        3, 4, 0x8C,             // serial number: uint32z
        0x01, 1, 2, 3, 4,       // its data
        0x40, 0, 1, 0, 0, 2,    // definition, local 0: big-endian, global 0, 2 fields
        4, 4, 0x86,             // time_created
        0, 1, 0x00,             // type
        0x00,                   // data, local 0
    ];
    records.extend_from_slice(&CREATED_FIT.to_be_bytes());
    records.push(32);
    let id = garmin::file_id("be.fit", &fit(&records)).unwrap();
    assert_eq!(id.kind, FitKind::Other("daily monitoring data"));
    assert_eq!(id.time_created, Some(Timestamp::from_unix_ms(1_629_097_200_000)));
}

#[test]
fn garbage_is_refused_with_where_it_fails() {
    let activity = corpus("fit/fitparse__garmin-fenix-5-run.fit");
    let mut bad_header_crc = activity.clone();
    bad_header_crc[12] ^= 0xFF;
    let mut no_definition = fit(&[0x00, 1, 2, 3]);
    no_definition.truncate(no_definition.len() - 2);
    let cases: [(&str, Vec<u8>, &str); 7] = [
        ("empty", Vec::new(), "0 bytes: too short for a FIT header"),
        (
            "GPX",
            corpus("gpx/gpxpy__unicode2.gpx"),
            "no \".FIT\" signature",
        ),
        (
            "HRM",
            corpus("hrm/goldencheetah__04010301.hrm"),
            "no \".FIT\" signature",
        ),
        ("header CRC", bad_header_crc, "bytes 12-13: header CRC"),
        ("cut header", activity[..20].to_vec(), "cut off"),
        (
            "undefined local type",
            no_definition,
            "byte 14 uses local type 0, never defined",
        ),
        (
            "no file_id",
            fit(&[0x40, 0, 0, 20, 0, 0]),
            "before any file_id",
        ),
    ];
    for (what, bytes, message) in cases {
        let e = garmin::classify("uploads/x.fit", &bytes).expect_err(what);
        assert_eq!(e.entry, "uploads/x.fit", "{what}");
        assert!(e.message.contains(message), "{what}: {}", e.message);
    }
}

#[test]
fn a_file_cut_after_its_file_id_is_still_classified() {
    let truncated = corpus("fit/fitparse__strava-android-app-201.10-b1218918.fit");
    assert_eq!(garmin::classify("t.fit", &truncated), Ok(FitKind::Activity));
}

// --- summarizedActivities.json -----------------------------------------------------------

const EXPORT_ENTRY: &str =
    "DI_CONNECT/DI-Connect-Fitness/me@example.com_0_summarizedActivities.json";

/// The GDPR export's shape: epoch ms, ms durations, cm distances.
const EXPORT: &str = r#"[{"summarizedActivitiesExport": [
  {"activityId": 7458321651, "name": "Morning Run", "activityType": "running",
   "sportType": "RUNNING", "beginTimestamp": 1629097200000, "startTimeGmt": 1629097200000,
   "startTimeLocal": 1629104400000, "duration": 3605123.0, "elapsedDuration": 3700000.0,
   "movingDuration": 3590000.0, "distance": 1002345.0, "elevationGain": 8800.0,
   "calories": 712.0, "avgHr": 148.0, "maxHr": 176.0, "manualActivity": false},
  {"activityId": 7458321652, "name": "Pool", "activityType": "lap_swimming",
   "sportType": "SWIMMING", "startTimeGmt": 1629190800000, "startTimeLocal": 1629172800000,
   "duration": 1800000.0, "distance": 150000.0, "calories": 300},
  {"activityId": 7458321653, "activityType": "strength_training",
   "beginTimestamp": 1629277200000, "duration": 2400000.0}
]}]"#;

/// The Connect API's shape (and tools that save it): strings, seconds, metres.
const API: &str = r#"[
  {"activityId": 7458321651, "activityName": "Morning Run",
   "activityType": {"typeId": 1, "typeKey": "running"},
   "startTimeGMT": "2021-08-16 07:00:00", "startTimeLocal": "2021-08-16 09:00:00",
   "duration": 3605.123, "elapsedDuration": 3700.0, "movingDuration": 3590.0,
   "distance": 10023.45, "elevationGain": 88.0, "calories": 712.0,
   "averageHR": 148.0, "maxHR": 176.0}
]"#;

fn read(json: &str) -> Vec<ArchiveWorkout> {
    Activities::new(EXPORT_ENTRY, json.as_bytes())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn approx(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-6)
}

#[test]
fn both_unit_conventions_give_the_same_run() {
    for (shape, json, units) in [("export", EXPORT, Units::Export), ("API", API, Units::Api)] {
        assert_eq!(
            Activities::new(EXPORT_ENTRY, json.as_bytes())
                .unwrap()
                .units(),
            units,
            "{shape}"
        );
        let run = &read(json)[0];
        assert_eq!(run.samples, Samples::None, "{shape}: matched by the caller");
        assert_eq!(run.meta.source_id.as_deref(), Some("7458321651"), "{shape}");
        assert_eq!(run.meta.title.as_deref(), Some("Morning Run"), "{shape}");
        assert_eq!(run.meta.sport, Some(Sport::Running), "{shape}");
        let s = &run.summary;
        assert_eq!(
            s.start,
            Some(Timestamp::from_unix_ms(1_629_097_200_000)),
            "{shape}"
        );
        assert_eq!(s.utc_offset_min, Some(120), "{shape}");
        assert_eq!(
            s.elapsed_ms,
            Some(3_700_000),
            "{shape}: elapsedDuration first"
        );
        assert_eq!(s.moving_ms, Some(3_590_000), "{shape}");
        assert!(
            approx(s.distance_m, 10_023.45),
            "{shape}: {:?}",
            s.distance_m
        );
        assert!(approx(s.ascent_m, 88.0), "{shape}: {:?}", s.ascent_m);
        assert_eq!(s.calories, Some(712), "{shape}");
        assert_eq!(s.avg_hr, Some(148), "{shape}");
        assert_eq!(s.max_hr, Some(176), "{shape}");
    }
}

#[test]
fn each_export_record_is_read_with_what_it_has() {
    let workouts = read(EXPORT);
    assert_eq!(workouts.len(), 3);
    let pool = &workouts[1];
    assert_eq!(pool.meta.sport, Some(Sport::Swimming));
    assert_eq!(
        pool.summary.utc_offset_min,
        Some(-300),
        "a zone west of UTC"
    );
    assert_eq!(
        pool.summary.elapsed_ms,
        Some(1_800_000),
        "duration when no elapsedDuration"
    );
    assert!(approx(pool.summary.distance_m, 1500.0));
    let gym = &workouts[2];
    assert_eq!(gym.meta.title, None);
    assert_eq!(gym.meta.sport, Some(Sport::Training));
    assert_eq!(gym.summary.utc_offset_min, None, "no local time, no offset");
    assert_eq!(gym.summary.distance_m, None);
}

#[test]
fn the_units_can_be_forced_for_a_file_whose_shape_misleads() {
    let api_numbers_in_a_wrapper = r#"{"summarizedActivitiesExport": [
        {"activityId": 1, "beginTimestamp": 1629097200000, "duration": 3600, "distance": 10000}
    ]}"#;
    let forced = Activities::with_units(
        EXPORT_ENTRY,
        api_numbers_in_a_wrapper.as_bytes(),
        Units::Api,
    )
    .unwrap()
    .next()
    .unwrap()
    .unwrap();
    assert_eq!(forced.summary.elapsed_ms, Some(3_600_000));
    assert!(approx(forced.summary.distance_m, 10_000.0));
}

#[test]
fn an_empty_export_has_no_activities() {
    for json in ["[]", r#"[{"summarizedActivitiesExport": []}]"#] {
        assert!(read(json).is_empty(), "{json}");
    }
}

#[test]
fn malformed_files_are_errors_naming_the_entry() {
    let cases = [
        ("{ not json", "not JSON"),
        (r#"{"activities": []}"#, "expected a list of activities"),
        (
            r#"[{"summarizedActivitiesExport": 3}]"#,
            "wrapper 1 holds a number, not a list",
        ),
    ];
    for (json, message) in cases {
        let e = Activities::new(EXPORT_ENTRY, json.as_bytes())
            .err()
            .unwrap_or_else(|| panic!("{json} was read"));
        assert_eq!(e.entry, EXPORT_ENTRY, "{json}");
        assert!(e.message.contains(message), "{json}: {}", e.message);
    }
}

#[test]
fn a_bad_record_is_an_error_naming_it_and_the_others_are_read() {
    let json = r#"[{"summarizedActivitiesExport": [
        {"activityId": 1, "beginTimestamp": 1629097200000},
        {"activityId": 2, "beginTimestamp": 1629097200000, "distance": "far"},
        {"activityId": 3},
        {"name": "no id", "beginTimestamp": 1629097200000},
        7,
        {"activityId": 6, "startTimeGmt": "yesterday"},
        {"activityId": 7, "beginTimestamp": 1629097200000, "avgHr": 70000}
    ]}]"#;
    let results: Vec<_> = Activities::new(EXPORT_ENTRY, json.as_bytes())
        .unwrap()
        .collect();
    assert!(results[0].is_ok());
    let messages: Vec<String> = results[1..]
        .iter()
        .map(|r| {
            r.as_ref()
                .expect_err("a bad record was read")
                .message
                .clone()
        })
        .collect();
    assert_eq!(
        messages,
        [
            r#"activity 2 (id 2): distance is not a number: "far""#,
            "activity 3 (id 3): has no start (beginTimestamp, startTimeGmt)",
            "activity 4: has no activityId",
            "activity 5: is a number, not an object",
            r#"activity 6 (id 6): startTimeGmt is not a date-time: "yesterday""#,
            "activity 7 (id 7): avgHr is out of range: 70000",
        ]
    );
}

// --- Matching files to activities ---------------------------------------------------------

#[test]
fn files_are_matched_by_the_id_in_their_name_else_by_start() {
    let workouts = read(EXPORT);
    let pool_start = workouts[1].summary.start.unwrap();
    let mut matcher = Matcher::new(&workouts);
    // The id of a listed activity wins even if the start is another's.
    assert_eq!(
        matcher.find("me@example.com_7458321652.fit", Some(Timestamp::EPOCH)),
        Some(1)
    );
    // A number that is not an activity's (an upload id): by start, 4 s off.
    let run_start = workouts[0].summary.start.unwrap();
    assert_eq!(
        matcher.find("me@example.com_99999.fit", Some(run_start.add_ms(-4_000))),
        Some(0)
    );
    // A re-upload of the run finds it taken.
    assert_eq!(matcher.find("7458321651.fit", Some(run_start)), None);
    // Too far from any start, or no start at all.
    assert_eq!(
        matcher.find("x.fit", Some(pool_start.add_ms(3_600_000))),
        None
    );
    assert_eq!(matcher.find("x.fit", None), None);
    // The gym session is still free.
    let gym_start = workouts[2].summary.start.unwrap();
    assert_eq!(
        matcher.find("x.fit", Some(gym_start.add_ms(2_000))),
        Some(2)
    );
}

#[test]
fn match_by_start_takes_the_nearest_within_the_tolerance() {
    let workouts = read(EXPORT);
    let run = workouts[0].summary.start.unwrap();
    let cases = [
        (0, Some(0)),
        (START_TOLERANCE_MS, Some(0)),
        (-START_TOLERANCE_MS - 1, None),
        (86_400_000, None),
    ];
    for (delta, expected) in cases {
        assert_eq!(
            match_by_start(&workouts, run.add_ms(delta), START_TOLERANCE_MS),
            expected,
            "{delta} ms off"
        );
    }
}

// --- UDSFile_*.json ------------------------------------------------------------------------

const UDS_ENTRY: &str = "DI_CONNECT/DI-Connect-Aggregator/UDSFile_2021-08-16_2021-11-24.json";

#[test]
fn days_are_read_with_steps_energy_and_active_time() {
    let json = r#"[
      {"userProfilePK": 1, "calendarDate": "2021-08-16", "totalSteps": 12043,
       "activeKilocalories": 812.0, "highlyActiveSeconds": 2100, "activeSeconds": 6400,
       "sedentarySeconds": 41000, "moderateIntensityMinutes": 35, "vigorousIntensityMinutes": 22,
       "allDayStress": {"aggregatorList": [{"type": "TOTAL", "averageStressLevel": 30}]}},
      {"calendarDate": {"date": "2021-08-17"}, "totalSteps": 5000.0, "activeSeconds": 1800.4},
      {"calendarDate": "2021-08-18T00:00:00.0", "moderateIntensityMinutes": 10,
       "vigorousIntensityMinutes": 5},
      {"calendarDate": "2021-08-19", "totalSteps": null}
    ]"#;
    let days = read_days(UDS_ENTRY, json.as_bytes()).unwrap();
    let summary: Vec<_> = days
        .iter()
        .map(|d| (d.date, d.steps, d.active_kcal, d.active_s))
        .collect();
    let date = |d| Date::new(2021, 8, d).unwrap();
    assert_eq!(
        summary,
        [
            (date(16), Some(12043), Some(812), Some(8500)),
            (date(17), Some(5000), None, Some(1800)),
            (date(18), None, None, Some(900)),
            (date(19), None, None, None),
        ]
    );
    assert!(days.iter().all(|d| d.hours.is_empty()));
}

#[test]
fn malformed_days_are_errors_naming_the_entry_and_the_day() {
    let cases = [
        ("[1", "not JSON"),
        (
            r#"{"calendarDate": "2021-08-16"}"#,
            "expected a list of days, found an object",
        ),
        (r#"[{"totalSteps": 3}]"#, "day 1: has no calendarDate"),
        (
            r#"[{"calendarDate": 20210816}]"#,
            "day 1: calendarDate is a number, not a date",
        ),
        (
            r#"[{"calendarDate": "16/08/2021"}]"#,
            r#"day 1 (16/08/2021): calendarDate is not a date: "16/08/2021""#,
        ),
        (
            r#"[{"calendarDate": "2021-08-16"}, {"calendarDate": "2021-08-17", "totalSteps": "many"}]"#,
            r#"day 2 (2021-08-17): totalSteps is not a number: "many""#,
        ),
        (
            r#"[{"calendarDate": "2021-08-16", "activeSeconds": -5}]"#,
            "activeSeconds is out of range: -5",
        ),
    ];
    for (json, message) in cases {
        let e = read_days(UDS_ENTRY, json.as_bytes()).expect_err(json);
        assert_eq!(e.entry, UDS_ENTRY, "{json}");
        assert!(e.message.contains(message), "{json}: {}", e.message);
    }
}
