//! Google Fit Takeout: activity names in several languages, daily metrics CSVs assembled here in
//! English and German, and a real TCX of the corpus laid out as a Takeout.
//!
//! `LAPS_CORPUS` overrides where the corpus is.

use std::path::{Path, PathBuf};

use archives::google::{GoogleEntry, merge_days, read_entry};
use archives::{ArchiveDay, Kind, Samples, Service, recognise};
use domain::{ActivityHour, Date, Sport, Timestamp};

fn corpus_dir() -> PathBuf {
    std::env::var_os("LAPS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).expect("a valid date")
}

fn days(path: &str, csv: &str) -> Vec<ArchiveDay> {
    match read_entry(path, csv.as_bytes()) {
        Ok(GoogleEntry::Days(days)) => days,
        other => panic!("{path}: days expected, got {other:?}"),
    }
}

fn day(path: &str, csv: &str) -> ArchiveDay {
    match read_entry(path, csv.as_bytes()) {
        Ok(GoogleEntry::Day(day)) => day,
        other => panic!("{path}: a day expected, got {other:?}"),
    }
}

/// An activity file's folder and name, and what they say: start (UTC), offset, elapsed ms,
/// title and sport.
type NameCase = (
    &'static str,
    &'static str,
    &'static str,
    i32,
    Option<i64>,
    &'static str,
    Option<Sport>,
);

#[test]
fn activity_names_in_several_languages_give_start_offset_duration_and_sport() {
    let cases: &[NameCase] = &[
        (
            "Activities",
            "2020-01-01T10_00_00+01_00_PT1H2M3S_Running.tcx",
            "2020-01-01T09:00:00Z",
            60,
            Some(3_723_000),
            "Running",
            Some(Sport::Running),
        ),
        (
            "Activiteiten",
            "2020-06-30T23_30_00+02_00_PT30M_Hardlopen.tcx",
            "2020-06-30T21:30:00Z",
            120,
            Some(1_800_000),
            "Hardlopen",
            Some(Sport::Running),
        ),
        (
            "Aktivitäten",
            "2019-03-31T07_15_00.500-05_00_PT45M10.5S_Radfahren.tcx",
            "2019-03-31T12:15:00.500Z",
            -300,
            Some(2_710_500),
            "Radfahren",
            Some(Sport::Cycling),
        ),
        (
            "Activités",
            "2021-12-31T23_59_59Z_PT1H_Course à pied.tcx",
            "2021-12-31T23:59:59Z",
            0,
            Some(3_600_000),
            "Course à pied",
            Some(Sport::Running),
        ),
        (
            "Actividades",
            "2018-05-05T18_00_00+02_00_PT2H_Correr.tcx",
            "2018-05-05T16:00:00Z",
            120,
            Some(7_200_000),
            "Correr",
            Some(Sport::Running),
        ),
        (
            "Attività",
            "2018-05-06T08_00_00+02_00_PT20M_Nuoto.tcx",
            "2018-05-06T06:00:00Z",
            120,
            Some(1_200_000),
            "Nuoto",
            Some(Sport::Swimming),
        ),
        (
            "Activities",
            "2018-05-07T08_00_00+02_00_PT20M_Strength_training.tcx",
            "2018-05-07T06:00:00Z",
            120,
            Some(1_200_000),
            "Strength training",
            Some(Sport::Training),
        ),
        (
            "Activities",
            "2018-05-08T08_00_00+02_00_PT20M_Gardening (1).tcx",
            "2018-05-08T06:00:00Z",
            120,
            Some(1_200_000),
            "Gardening",
            None,
        ),
    ];
    for &(folder, file, start, offset, elapsed, title, sport) in cases {
        let path = format!("Takeout/Fit/{folder}/{file}");
        let Ok(GoogleEntry::Workout(w)) = read_entry(&path, b"") else {
            panic!("{path}: a workout expected");
        };
        assert_eq!(w.samples, Samples::File(path.clone()), "{path}");
        assert_eq!(
            w.summary.start.map(|t| t.to_string()).as_deref(),
            Some(start),
            "{path}"
        );
        assert_eq!(w.summary.utc_offset_min, Some(offset), "{path}");
        assert_eq!(w.summary.elapsed_ms, elapsed, "{path}");
        assert_eq!(w.meta.title.as_deref(), Some(title), "{path}");
        assert_eq!(w.meta.sport, sport, "{path}");
        assert_eq!(
            w.meta.source_id.as_deref(),
            file.strip_suffix(".tcx"),
            "{path}"
        );
    }
}

#[test]
fn an_activity_file_named_otherwise_is_still_a_workout_without_a_start() {
    let path = "Takeout/Fit/Activities/Morning run.tcx";
    let Ok(GoogleEntry::Workout(w)) = read_entry(path, b"") else {
        panic!("a workout expected");
    };
    assert_eq!(w.samples, Samples::File(path.into()));
    assert_eq!(w.summary.start, None);
    assert_eq!(w.meta.title, None);
    assert_eq!(w.meta.source_id.as_deref(), Some("Morning run"));
}

#[test]
fn the_assembled_csv_gives_a_day_per_row_in_english_and_in_german() {
    let english = "Date,Move Minutes count,Calories (kcal),Distance (m),Heart Points,\
Heart Minutes,Average heart rate (bpm),Max heart rate (bpm),Min heart rate (bpm),\
Low latitude (deg),Low longitude (deg),High latitude (deg),High longitude (deg),\
Average speed (m/s),Max speed (m/s),Min speed (m/s),Step count,Average weight (kg),\
Max weight (kg),Min weight (kg),Walking duration (ms)\n\
2020-01-01,42,2103.4567,3012.5,12,10,88,140,55,,,,,1.2,2.5,0.3,6512,,,,2520000\n\
2020-01-02,,1650.0,,,,,,,,,,,,,,,,,,\n";
    // Takeout writes the file in the account's language; columns it has no data for are left
    // out (no heart rate here), so only the first column's place and the dates are fixed.
    let german = "Datum,Anzahl der Bewegungsminuten,Kalorien (kcal),Distanz (m),Kardiopunkte,\
Schrittzahl\r\n\
2021-07-14,75,2500.1,8000,30,\"12345\"\r\n\
2021-07-15,5,1900,300,0,\"1234,0\"\r\n";
    let cases: &[(&str, &str, Vec<ArchiveDay>)] = &[
        (
            "Takeout/Fit/Daily activity metrics/Daily activity metrics.csv",
            english,
            vec![
                ArchiveDay {
                    date: date(2020, 1, 1),
                    steps: Some(6512),
                    active_kcal: None,
                    active_s: Some(42 * 60),
                    hours: vec![],
                },
                ArchiveDay {
                    date: date(2020, 1, 2),
                    steps: None,
                    active_kcal: None,
                    active_s: None,
                    hours: vec![],
                },
            ],
        ),
        (
            "Takeout/Fit/Tägliche Aktivitätswerte/Tägliche Aktivitätswerte.csv",
            german,
            vec![
                ArchiveDay {
                    date: date(2021, 7, 14),
                    steps: Some(12345),
                    active_kcal: None,
                    active_s: Some(75 * 60),
                    hours: vec![],
                },
                ArchiveDay {
                    date: date(2021, 7, 15),
                    steps: Some(1234),
                    active_kcal: None,
                    active_s: Some(5 * 60),
                    hours: vec![],
                },
            ],
        ),
    ];
    for (path, csv, want) in cases {
        assert_eq!(&days(path, csv), want, "{path}");
    }
}

#[test]
fn a_per_day_csv_sums_its_quarters_into_local_hours() {
    let csv = "Start time,End time,Move Minutes count,Calories (kcal),Distance (m),Step count\n\
00:00:00.000+01:00,00:15:00.000+01:00,,20.1,,\n\
08:00:00.000+01:00,08:15:00.000+01:00,10,40.5,900,1200\n\
08:15:00.000+01:00,08:30:00.000+01:00,5,30.0,400,600\n\
08:30:00.000+01:00,08:45:00.000+01:00,,21.0,,35\n\
17:45:00.000+01:00,18:00:00.000+01:00,15,80.0,2000,2100\n";
    let got = day("Takeout/Fit/Daily activity metrics/2020-01-01.csv", csv);
    let hour = |hour, steps, active_seconds| ActivityHour {
        hour,
        steps,
        active_calories: 0,
        active_seconds,
    };
    assert_eq!(
        got,
        ArchiveDay {
            date: date(2020, 1, 1),
            steps: Some(3935),
            active_kcal: None,
            active_s: Some(30 * 60),
            hours: vec![hour(8, 1835, 15 * 60), hour(17, 2100, 15 * 60)],
        }
    );
}

#[test]
fn the_assembled_totals_win_and_the_per_day_hours_are_kept_when_merged() {
    let assembled = days(
        "Takeout/Fit/Daily activity metrics/Daily activity metrics.csv",
        "Date,Move Minutes count,Step count\n2020-01-01,40,4000\n2020-01-02,1,10\n",
    );
    let quarters = day(
        "Takeout/Fit/Daily activity metrics/2020-01-01.csv",
        "Start time,End time,Move Minutes count,Step count\n08:00:00.000Z,08:15:00.000Z,10,3900\n",
    );
    let merged = merge_days(assembled, [quarters]);
    assert_eq!(merged.len(), 2);
    assert_eq!(merged[0].date, date(2020, 1, 1));
    assert_eq!(merged[0].steps, Some(4000), "the whole day's total");
    assert_eq!(merged[0].active_s, Some(40 * 60));
    assert_eq!(merged[0].hours.len(), 1, "the hours of the per-day file");
    assert_eq!(merged[1].steps, Some(10));
}

#[test]
fn a_malformed_row_is_an_error_naming_the_entry_the_line_and_the_column() {
    let cases = [
        (
            "Takeout/Fit/Daily activity metrics/Daily activity metrics.csv",
            "Date,Step count\n2020-01-01,12\n2020-01-02,twelve\n",
            "line 3, column \"Step count\"",
        ),
        (
            "Takeout/Fit/Daily activity metrics/Daily activity metrics.csv",
            "Date,Step count\n2020-01-01,12\n2020/01/02,12\n",
            "line 3, column \"Date\"",
        ),
        (
            "Takeout/Fit/Daily activity metrics/2020-01-01.csv",
            "Start time,End time,Step count\n8h00,8h15,12\n",
            "line 2, column \"Start time\"",
        ),
        (
            "Takeout/Fit/Daily activity metrics/2020-01-01.csv",
            "Start time,End time,Step count\n08:00:00,08:15:00,-3\n",
            "line 2, column \"Step count\"",
        ),
        (
            "Takeout/Fit/Daily activity metrics/Daily activity metrics.csv",
            "Date,Step count\n2020-01-01,12\n2020-01-02,\"12\n",
            "line 3",
        ),
    ];
    for (path, csv, want) in cases {
        let e = read_entry(path, csv.as_bytes()).expect_err(want);
        assert_eq!(e.entry, path);
        assert!(e.message.contains(want), "{want}: {e}");
    }
}

#[test]
fn other_entries_and_csvs_without_dates_are_skipped() {
    let cases = [
        ("Takeout/Fit/All Sessions/2020-01-01T10_00_00.json", "{}"),
        ("Takeout/Fit/Other/notes.csv", "Name,Value\nx,1\n"),
        ("Takeout/archive_browser.html", ""),
    ];
    for (path, bytes) in cases {
        assert!(
            matches!(
                read_entry(path, bytes.as_bytes()),
                Ok(GoogleEntry::Skipped(_))
            ),
            "{path}"
        );
    }
}

/// A temporary folder removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn walk(root: &Path, dir: &Path, names: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(root, &path, names);
        } else {
            let relative = path.strip_prefix(root).unwrap();
            names.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn a_real_tcx_laid_out_as_a_takeout_is_found_by_its_path_and_read_by_formats() {
    let source = corpus_dir().join("tcx/dblock-tcx__running_activity_1.tcx");
    let temp = TempDir(std::env::temp_dir().join(format!("laps-google-{}", std::process::id())));
    // Named as Takeout names it: the local start (its UTC `Id` is 2014-12-26T10:00:39Z).
    let folder = temp.0.join("export/Takeout/Fit/Activiteiten");
    std::fs::create_dir_all(&folder).unwrap();
    let file = "2014-12-26T11_00_39+01_00_PT52M_Hardlopen.tcx";
    std::fs::copy(&source, folder.join(file)).unwrap_or_else(|e| panic!("{source:?}: {e}"));

    let mut names = Vec::new();
    walk(&temp.0, &temp.0, &mut names);
    let layout = recognise(names.iter().map(String::as_str));
    assert_eq!(layout.kind, Kind::Service(Service::GoogleFit));
    assert_eq!(layout.root, "export/");

    let workouts: Vec<_> = names
        .iter()
        .filter_map(|name| match read_entry(name, b"") {
            Ok(GoogleEntry::Workout(w)) => Some(w),
            _ => None,
        })
        .collect();
    assert_eq!(workouts.len(), 1);
    let Samples::File(path) = &workouts[0].samples else {
        panic!("samples in a file");
    };
    assert_eq!(path, &format!("export/Takeout/Fit/Activiteiten/{file}"));

    let bytes = std::fs::read(temp.0.join(path)).unwrap();
    let recording = formats::read(&bytes, &formats::Options::default()).unwrap();
    assert_eq!(
        workouts[0].summary.start,
        Some(recording.start),
        "the name's local start and offset give the file's UTC start"
    );
    assert_eq!(
        workouts[0].summary.start,
        Some(Timestamp::from_unix_s(1_419_588_039))
    );
    assert_eq!(workouts[0].meta.sport, Some(Sport::Running));
}
