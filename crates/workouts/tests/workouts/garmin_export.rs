//! Garmin Connect exports, assembled here in Garmin's layout (no free sample exists) from the
//! corpus's real FIT recordings: the activities list joined to the files in the parts (zips
//! inside the zip), the watch's other FIT files counted by kind, manual entries, days of
//! activity from the UDS files, and the hostile cases of archives inside archives.

use std::io::Write as _;

use db::Backend;
use domain::{Date, UploadSummary};
use workouts::{Limits, Outcome, Upload, WorkoutFilter, Workouts};

use super::{corpus_bytes, imported, setup};

/// A real fenix 5 run: joined to its summary by Garmin's id in its name.
const RUN: &str = "fit/fitparse__garmin-fenix-5-run.fit";
/// A real Edge 810 ride: its file is named by an upload number, joined by its start.
const RIDE: &str = "fit/fitparse__Edge810-Vector-2013-08-16-15-35-10.fit";
/// A real FR 110 run the activities list does not name.
const UNLISTED: &str = "fit/fitparse__2013-02-06-12-11-14.fit";
const PART: &str = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip";
const INDEX: &str = "DI_CONNECT/DI-Connect-Fitness/ada@example.com_0_summarizedActivities.json";
const UDS: &str = "DI_CONNECT/DI-Connect-Aggregator/UDSFile_2021-08-01_2021-11-09.json";

/// A FIT file that is not an activity, as a watch writes many a day: a header, its `file_id`
/// of `file_type` (32 monitoring, 49 sleep, 44 metrics) and a serial number, the file CRC.
#[rustfmt::skip]
fn wellness_fit(file_type: u8, serial: u32) -> Vec<u8> {
    let mut records = vec![
        0x40, 0, 0, 0, 0, 3, // definition, local 0: little-endian, global 0 (file_id), 3 fields
        0, 1, 0x00,          // type: enum
        1, 2, 0x84,          // manufacturer: uint16
        3, 4, 0x8C,          // serial number: uint32z
        0x00, file_type,     // data, local 0
    ];
    records.extend_from_slice(&1u16.to_le_bytes()); // Garmin
    records.extend_from_slice(&serial.to_le_bytes());
    let mut fit = vec![14, 0x20];
    fit.extend_from_slice(&2132u16.to_le_bytes());
    fit.extend_from_slice(&(records.len() as u32).to_le_bytes());
    fit.extend_from_slice(b".FIT");
    let header_crc = formats::fit::crc::of(&fit);
    fit.extend_from_slice(&header_crc.to_le_bytes());
    fit.extend_from_slice(&records);
    let crc = formats::fit::crc::of(&fit);
    fit.extend_from_slice(&crc.to_le_bytes());
    fit
}

fn start_ms(file: &str) -> i64 {
    formats::fit::read(&corpus_bytes(file))
        .unwrap()
        .start
        .unix_ms()
}

/// `summarizedActivities.json` in the export's shape (durations in ms, distances in cm): the
/// run (id 1001), the ride (1002, its start 2 s from the file's) and a manual entry (1003).
fn activities() -> Vec<u8> {
    let run = start_ms(RUN);
    let ride = start_ms(RIDE);
    serde_json::to_vec(&serde_json::json!([{ "summarizedActivitiesExport": [
        {
            "activityId": 1001, "name": "Canal loop", "activityType": "trail_running",
            "description": "Legs felt fresh", "beginTimestamp": run,
            "startTimeLocal": run + 7_200_000, "duration": 600_000.0, "distance": 150_000.0,
        },
        {
            "activityId": 1002, "name": "Commute", "activityType": "road_biking",
            "beginTimestamp": ride + 2000, "duration": 7_000_000.0,
        },
        {
            "activityId": 1003, "name": "Treadmill by hand", "activityType": "treadmill_running",
            "beginTimestamp": 1_629_097_200_000_i64, "startTimeLocal": 1_629_104_400_000_i64,
            "duration": 1_800_000.0, "movingDuration": 1_700_000.0, "distance": 500_000.0,
            "calories": 320.0, "manualActivity": true,
        },
    ]}]))
    .unwrap()
}

/// Two days of the UDS file.
fn uds() -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!([
        {"calendarDate": "2021-08-16", "totalSteps": 12034, "activeKilocalories": 640,
         "highlyActiveSeconds": 1800, "activeSeconds": 3600, "sedentarySeconds": 40000},
        {"calendarDate": {"date": "2021-08-17"}, "totalSteps": 4020, "activeKilocalories": 210,
         "highlyActiveSeconds": 0, "activeSeconds": 2400},
    ]))
    .unwrap()
}

/// The part's files: three activities and the watch's other files (3 monitoring, 2 sleep, a
/// metrics file, and the corpus's real settings and weight-scale files), plus `extra`.
fn part_files(extra: &[(&str, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![
        ("ada@example.com_1001.fit".to_owned(), corpus_bytes(RUN)),
        ("ada@example.com_987654.fit".to_owned(), corpus_bytes(RIDE)),
        ("ada@example.com_55.fit".to_owned(), corpus_bytes(UNLISTED)),
        (
            "ada@example.com_settings.fit".to_owned(),
            corpus_bytes("fit/fitparse__Settings.fit"),
        ),
        (
            "ada@example.com_weight.fit".to_owned(),
            corpus_bytes("fit/fitparse__WeightScaleSingleUser.fit"),
        ),
        ("ada@example.com_44.fit".to_owned(), wellness_fit(44, 9)),
    ];
    for serial in 0..3 {
        files.push((
            format!("ada@example.com_m{serial}.fit"),
            wellness_fit(32, serial),
        ));
    }
    for serial in 0..2 {
        // Named by a listed activity's id: a sleep file must not take the activity.
        let name = if serial == 0 {
            "1003.fit".to_owned()
        } else {
            format!("s{serial}.fit")
        };
        files.push((name, wellness_fit(49, serial)));
    }
    files.extend(extra.iter().map(|(n, b)| ((*n).to_owned(), b.clone())));
    files
}

fn zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    workouts::archive::zip_files(&refs)
}

/// The export's files (a part given as its bytes), by path.
fn export_files(part: Vec<u8>) -> Vec<(String, Vec<u8>)> {
    vec![
        (INDEX.to_owned(), activities()),
        (PART.to_owned(), part),
        (UDS.to_owned(), uds()),
        (
            "DI_CONNECT/DI-Connect-Wellness/ada@example.com_sleepData.json".to_owned(),
            b"[]".to_vec(),
        ),
        (
            "DI_CONNECT/DI-Connect-User/user_profile.json".to_owned(),
            b"{}".to_vec(),
        ),
    ]
}

fn garmin_zip(part: Vec<u8>) -> Upload {
    Upload::new("garmin.zip", zip(&export_files(part)))
}

async fn count(service: &Workouts, user: domain::UserId) -> u64 {
    service
        .list(user, &WorkoutFilter::default(), 0, 100)
        .await
        .unwrap()
        .total
}

fn find<'a>(results: &'a [workouts::FileResult], name: &str) -> &'a workouts::FileResult {
    results
        .iter()
        .find(|r| r.file.ends_with(name))
        .unwrap_or_else(|| panic!("no result for {name}: {results:#?}"))
}

/// What a whole export gives, the same from its zip and from its unpacked folder.
async fn check_export(service: &Workouts, user: domain::UserId, results: &[workouts::FileResult]) {
    let run = service
        .summary(
            user,
            imported(&find(results, "ada@example.com_1001.fit").outcome),
        )
        .await
        .unwrap();
    assert_eq!(
        (
            run.title.as_str(),
            run.sport.name().as_str(),
            run.notes.as_str()
        ),
        ("Canal loop", "running", "Legs felt fresh"),
        "joined by the id in its name"
    );
    assert_eq!(run.source_format, "fit");
    assert!(
        run.sample_count > 10,
        "the FIT's samples: {}",
        run.sample_count
    );
    let ride = service
        .summary(
            user,
            imported(&find(results, "ada@example.com_987654.fit").outcome),
        )
        .await
        .unwrap();
    assert_eq!(
        (ride.title.as_str(), ride.sport.name().as_str()),
        ("Commute", "cycling"),
        "joined by its start"
    );
    let unlisted = service
        .summary(
            user,
            imported(&find(results, "ada@example.com_55.fit").outcome),
        )
        .await
        .unwrap();
    assert_eq!(unlisted.sport.name(), "running", "the file's own sport");

    let manual = results
        .iter()
        .find(|r| r.file.contains("“Treadmill by hand” (activity 1003)"))
        .unwrap_or_else(|| panic!("the manual entry: {results:#?}"));
    assert!(
        matches!(manual.outcome, Outcome::Imported { manual: true, .. }),
        "{manual:?}"
    );
    let m = service
        .summary(user, imported(&manual.outcome))
        .await
        .unwrap();
    assert_eq!(m.sport.name(), "running");
    assert_eq!(
        m.metrics.distance_m,
        Some(5000.0),
        "centimetres in the export"
    );
    assert_eq!((m.metrics.elapsed_ms, m.moving_ms), (1_800_000, 1_700_000));
    assert_eq!(m.utc_offset_min, 120, "from startTimeLocal");
    assert_eq!(m.source_name, "garmin-connect-1003.json");
    assert_eq!(m.sample_count, 0);

    assert_eq!(
        find(results, UDS).outcome,
        Outcome::Days {
            stored: 2,
            kept: 0,
            refused: Vec::new()
        }
    );
    let days = service
        .activity_days(
            user,
            Date::parse("2021-08-16").unwrap(),
            Date::parse("2021-08-17").unwrap(),
        )
        .await
        .unwrap();
    let got: Vec<_> = days
        .iter()
        .map(|d| (d.steps, d.active_kcal, d.active_s, d.source.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (12034, 640, 5400, "Garmin Connect"),
            (4020, 210, 2400, "Garmin Connect")
        ]
    );

    let skipped: Vec<(String, u32)> = results
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Skipped { kind, count } => Some((kind.clone(), *count)),
            _ => None,
        })
        .collect();
    let want = [
        ("daily monitoring data", 3),
        ("sleep data", 2),
        ("device settings", 1),
        ("weight measurements", 1),
        ("metrics", 1),
        ("wellness records", 1),
        ("user records", 1),
    ];
    let mut sorted = skipped.clone();
    sorted.sort();
    let mut want: Vec<(String, u32)> = want.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect();
    want.sort();
    assert_eq!(sorted, want, "one result per kind, not per file");
    assert_eq!(
        skipped[0],
        ("daily monitoring data".to_owned(), 3),
        "largest first"
    );
    assert_eq!(results.len(), 3 + 1 + 1 + 7, "{results:#?}");
    let text = i18n::upload_summary(domain::Language::En, &UploadSummary::of(results));
    assert!(
        text.starts_with(
            "4 workouts, 1 manual entry, 2 days of activity, 10 skipped (daily monitoring data, sleep data, "
        ),
        "{text}"
    );
}

pub(super) async fn a_garmin_export_joins_its_files_to_garmins_names_and_counts_the_rest(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    let part = zip(&part_files(&[]));
    let results = service
        .import(user, vec![garmin_zip(part.clone())])
        .await
        .unwrap();
    assert_eq!(
        results[0].file,
        format!("garmin.zip/{PART}/ada@example.com_1001.fit"),
        "entries of a part are named inside it"
    );
    check_export(&service, user, &results).await;
    assert_eq!(count(&service, user).await, 4);

    let again = service.import(user, vec![garmin_zip(part)]).await.unwrap();
    let summary = UploadSummary::of(&again);
    assert_eq!(
        (summary.workouts, summary.duplicates, summary.days),
        (0, 4, 2),
        "a second import adds nothing (the days replace themselves): {again:#?}"
    );
    assert_eq!(count(&service, user).await, 4);
}

pub(super) async fn an_unpacked_garmin_export_sent_as_files_imports_as_its_zip_does(
    backend: Backend,
) {
    let (_t, service, user) = setup(backend).await;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("garmin export");
    let mut uploads = Vec::new();
    for (name, bytes) in export_files(zip(&part_files(&[]))) {
        let path = root.join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        uploads.push(Upload::path(path.display().to_string(), path));
    }
    // Something else sent beside it is imported as it is.
    let loose = dir.path().join("another.fit");
    std::fs::write(&loose, corpus_bytes("fit/goldencheetah__4077461142.fit")).unwrap();
    uploads.push(Upload::path(loose.display().to_string(), loose));
    let results = service.import(user, uploads).await.unwrap();
    imported(&find(&results, "another.fit").outcome);
    let export: Vec<_> = results
        .iter()
        .filter(|r| !r.file.ends_with("another.fit"))
        .cloned()
        .collect();
    check_export(&service, user, &export).await;
    assert_eq!(count(&service, user).await, 5);
}

/// A stored (uncompressed) zip: large, as an archive inside an archive may be, while the zip
/// around it deflates it to almost nothing.
fn stored_zip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// Hostile: a part that inflates past its limit or past the request's budget refuses the
/// whole export before anything is written (its activities must not come in as manual entries
/// without their files).
pub(super) async fn a_part_too_large_for_its_limit_or_the_budget_refuses_the_whole_export(
    backend: Backend,
) {
    let (t, _service, user) = setup(backend).await;
    // 3 MiB stored in the part: a 3 MiB part in an upload of a few KB.
    let mut files = part_files(&[]);
    files.push(("padding.fit".to_owned(), vec![0; 3 << 20]));
    let bytes = zip(&export_files(stored_zip(&files)));
    assert!(
        bytes.len() < 512 << 10,
        "the upload is small: {}",
        bytes.len()
    );
    let cases = [
        (
            "the part's own limit",
            Limits {
                max_inner_archive_bytes: 2 << 20,
                ..Limits::default()
            },
            "larger than 2 MB once decompressed",
        ),
        (
            "the request's budget",
            Limits {
                decompression_budget: 2 << 20,
                ..Limits::default()
            },
            "decompression budget of 2 MB",
        ),
    ];
    for (what, limits, says) in cases {
        let service = Workouts::with_limits(t.db.clone(), limits);
        let results = service
            .import(user, vec![Upload::new("garmin.zip", bytes.clone())])
            .await
            .unwrap();
        assert_eq!(results.len(), 1, "{what}: {results:#?}");
        assert_eq!(results[0].file, format!("garmin.zip/{PART}"), "{what}");
        assert!(
            matches!(&results[0].outcome, Outcome::Refused { error }
                if error.contains(says) && error.contains("nothing of this Garmin Connect export was imported")),
            "{what}: {:?}",
            results[0]
        );
        assert_eq!(
            count(&service, user).await,
            0,
            "{what}: nothing half-written"
        );
        let days = service
            .activity_days(
                user,
                Date::parse("2021-08-16").unwrap(),
                Date::parse("2021-08-17").unwrap(),
            )
            .await
            .unwrap();
        assert!(days.is_empty(), "{what}: no days either");
    }
}

/// Hostile: inside a part, a zip (a third level) and an entry that inflates past the file
/// limit are refused on their own; the other files come in, and the activities without a file
/// are held back, since one of the unreadable files may be theirs.
pub(super) async fn a_zip_or_a_bomb_inside_a_part_is_refused_alone_and_holds_back_manual_entries(
    backend: Backend,
) {
    let (t, _service, user) = setup(backend).await;
    let service = Workouts::with_limits(
        t.db.clone(),
        Limits {
            max_file_bytes: 2 << 20,
            ..Limits::default()
        },
    );
    let deeper = zip(&[("deeper.fit".to_owned(), corpus_bytes(UNLISTED))]);
    let bomb = vec![0u8; 64 << 20]; // deflates to about 64 KB
    let part = zip(&part_files(&[("nested.zip", deeper), ("bomb.fit", bomb)]));
    let results = service.import(user, vec![garmin_zip(part)]).await.unwrap();
    assert!(
        matches!(&find(&results, "nested.zip").outcome, Outcome::Refused { error }
            if error.contains("not expanded") && error.contains("one level deep")),
        "{:?}",
        find(&results, "nested.zip")
    );
    assert!(
        matches!(&find(&results, "bomb.fit").outcome, Outcome::Refused { error }
            if error.contains("larger than 2 MB once decompressed")),
        "{:?}",
        find(&results, "bomb.fit")
    );
    imported(&find(&results, "ada@example.com_1001.fit").outcome);
    let held = find(&results, "summarizedActivities.json");
    assert!(
        matches!(&held.outcome, Outcome::Refused { error }
            if error.starts_with("1 activities listed without a file were not imported") && error.contains("2 of the export's files")),
        "{held:?}"
    );
    assert_eq!(
        count(&service, user).await,
        3,
        "the three activities, no manual entry"
    );
}

/// Hostile: the parts' files count towards the request's item limit; too many refuse the
/// whole export before anything is imported.
pub(super) async fn a_part_with_more_files_than_the_item_limit_refuses_the_export(
    backend: Backend,
) {
    let (t, _service, user) = setup(backend).await;
    let service = Workouts::with_limits(
        t.db.clone(),
        Limits {
            max_items: 10,
            ..Limits::default()
        },
    );
    let results = service
        .import(user, vec![garmin_zip(zip(&part_files(&[])))])
        .await
        .unwrap();
    assert_eq!(results.len(), 1, "{results:#?}");
    assert!(
        matches!(&results[0].outcome, Outcome::Refused { error } if error.contains("entries")),
        "{:?}",
        results[0]
    );
    assert_eq!(count(&service, user).await, 0);
}

db::on_both_backends!(
    a_garmin_export_joins_its_files_to_garmins_names_and_counts_the_rest,
    an_unpacked_garmin_export_sent_as_files_imports_as_its_zip_does,
    a_part_too_large_for_its_limit_or_the_budget_refuses_the_whole_export,
    a_zip_or_a_bomb_inside_a_part_is_refused_alone_and_holds_back_manual_entries,
    a_part_with_more_files_than_the_item_limit_refuses_the_export,
);
