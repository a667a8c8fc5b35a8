//! Every corpus file reads; every invalid one is refused with the specific reason.

use formats::ErrorKind;

use crate::{ROUTES_WITHOUT_TIMES, manifest, read};

#[test]
fn every_valid_corpus_file_reads() {
    let mut failures = Vec::new();
    let mut read_count = 0;
    for entry in manifest()
        .iter()
        .filter(|e| !e.relative.starts_with("invalid/"))
    {
        if ROUTES_WITHOUT_TIMES.contains(&entry.relative.as_str()) {
            continue;
        }
        match read(entry) {
            Ok(recordings) => {
                read_count += 1;
                for r in &recordings {
                    assert!(
                        r.samples.time.is_sorted(),
                        "{}: sample times go backwards",
                        entry.relative
                    );
                    let n = r.samples.len();
                    for column in [
                        &r.samples.altitude,
                        &r.samples.heart_rate,
                        &r.samples.speed,
                        &r.samples.cadence,
                    ] {
                        assert!(
                            column.as_ref().is_none_or(|c| c.len() == n),
                            "{}: a column is misaligned",
                            entry.relative
                        );
                    }
                    for session in &r.sessions {
                        assert!(
                            session.laps.end <= r.laps.len(),
                            "{}: a session's laps are out of range",
                            entry.relative
                        );
                    }
                }
            }
            Err(error) => failures.push(format!("{}: {error}", entry.relative)),
        }
    }
    assert!(
        failures.is_empty(),
        "files that should read did not:\n{}",
        failures.join("\n")
    );
    assert!(read_count > 200, "only {read_count} files were read");
}

#[test]
fn planned_routes_without_times_are_refused_saying_so() {
    for relative in ROUTES_WITHOUT_TIMES {
        let entry = manifest()
            .into_iter()
            .find(|e| e.relative == relative)
            .expect("listed in the manifest");
        let error = read(&entry).expect_err(relative);
        assert_eq!(error.kind, ErrorKind::NoTimestamps, "{relative}");
        assert!(error.to_string().contains("planned route"), "{error}");
    }
}

#[test]
fn every_invalid_corpus_file_is_refused_with_its_reason() {
    use ErrorKind::*;
    type Expectation = (&'static str, fn(&ErrorKind) -> bool, &'static str);
    let expected: &[Expectation] = &[
        (
            "invalid/fitparse__activity-activity-filecrc.fit",
            |k| matches!(k, CrcMismatch { .. }),
            "byte 1540",
        ),
        (
            "invalid/fitparse__activity-filecrc.fit",
            |k| matches!(k, CrcMismatch { .. }),
            "byte 769",
        ),
        (
            "invalid/fitparse__activity-settings-corruptheader.fit",
            |k| matches!(k, TrailingData { bytes: 83 }),
            "byte 771",
        ),
        (
            "invalid/fitparse__activity-settings-nodata.fit",
            |k| matches!(k, Truncated { .. }),
            "cut short",
        ),
        (
            "invalid/fitparse__activity-unexpected-eof.fit",
            |k| {
                matches!(
                    k,
                    Truncated {
                        declared: 771,
                        present: 768
                    }
                )
            },
            "byte 751",
        ),
        (
            "invalid/sportslib__empty-activities.fit",
            |k| matches!(k, CrcMismatch { .. }),
            "byte 12",
        ),
        (
            "invalid/sportslib__empty-sessions.fit",
            |k| *k == Empty,
            "empty",
        ),
        (
            "invalid/hrmparser__gps-with-stops.gpx",
            |k| *k == XmlDeclarationNotAtStart,
            "line 3",
        ),
        (
            "invalid/sportslib__6037744996.gpx",
            |k| matches!(k, Xml(m) if m.contains("gpxdata")),
            "line 17",
        ),
        (
            "invalid/sportslib__6281425038.tcx",
            |k| *k == XmlDeclarationNotAtStart,
            "line 1",
        ),
    ];
    let invalid: Vec<_> = manifest()
        .into_iter()
        .filter(|e| e.relative.starts_with("invalid/"))
        .collect();
    assert_eq!(
        invalid.len(),
        expected.len(),
        "every invalid file has an expectation here"
    );
    for entry in invalid {
        let (_, check, position) = expected
            .iter()
            .find(|(name, _, _)| *name == entry.relative)
            .unwrap_or_else(|| panic!("no expectation for {}", entry.relative));
        let error = read(&entry).expect_err(&entry.relative);
        assert!(
            check(&error.kind),
            "{}: refused for the wrong reason: {error}",
            entry.relative
        );
        assert!(
            error.to_string().contains(position),
            "{}: the message should say where: {error}",
            entry.relative
        );
    }
}

#[test]
fn damaged_device_files_are_recovered_with_a_warning() {
    for (relative, what) in [
        ("fit/fitparse__nick.fit", "runs past the end of the data"),
        (
            "fit/fitparse__strava-android-app-201.10-b1218918.fit",
            "damaged at byte",
        ),
    ] {
        let entry = manifest()
            .into_iter()
            .find(|e| e.relative == relative)
            .unwrap();
        let recording = read(&entry).unwrap().remove(0);
        assert!(
            recording.samples.len() > 200,
            "{relative}: the samples before the damage are kept"
        );
        assert!(
            recording.warnings.iter().any(|w| w.contains(what)),
            "{relative}: {:?}",
            recording.warnings
        );
    }
}

#[test]
fn gzip_input_is_read_by_content() {
    let entry = manifest()
        .into_iter()
        .find(|e| e.relative == "tcx/dblock-tcx__treadmill_1.tcx")
        .unwrap();
    let plain = std::fs::read(&entry.path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x");
    std::fs::write(&path, &plain).unwrap();
    assert!(
        std::process::Command::new("gzip")
            .arg(&path)
            .status()
            .unwrap()
            .success()
    );
    let zipped = std::fs::read(dir.path().join("x.gz")).unwrap();
    let options = formats::Options::default();
    assert_eq!(
        formats::read(&zipped, &options).unwrap(),
        formats::read(&plain, &options).unwrap()
    );
    // A gzip bomb stops at the limit.
    let small = formats::Options {
        max_bytes: 1000,
        ..options
    };
    assert_eq!(
        formats::read(&zipped, &small).unwrap_err().kind,
        ErrorKind::TooLarge { limit: 1000 }
    );
}

#[test]
fn fit_times_give_the_utc_offset_and_the_pair_gives_the_hrm_zone() {
    let entry = manifest()
        .into_iter()
        .find(|e| e.relative == "fit/fitparse__garmin-edge-820-bike.fit")
        .unwrap();
    assert_eq!(
        read(&entry).unwrap()[0].utc_offset_minutes,
        Some(-420),
        "activity.local_timestamp - timestamp"
    );

    let all = manifest();
    let hrm = all
        .iter()
        .find(|e| e.relative == "hrm/hrmtrackmerger__sample.hrm")
        .unwrap();
    let gpx = all
        .iter()
        .find(|e| e.relative == "gpx/hrmtrackmerger__sample.gpx")
        .unwrap();
    let merged =
        formats::hrm::merge_gpx(read(hrm).unwrap().remove(0), &read(gpx).unwrap()[0]).unwrap();
    assert_eq!(
        merged.utc_offset_minutes,
        Some(360),
        "Yekaterinburg in January 2014"
    );
    assert_eq!(merged.start.to_string(), "2014-01-17T06:16:32Z");
    assert!(
        merged.samples.count(formats::Stream::Position) > 2400,
        "positions were merged in"
    );
    assert_eq!(merged.laps.len(), 8, "the HRM laps stay");

    let other = all
        .iter()
        .find(|e| e.relative == "hrm/hrmtrackmerger__sample_polar.gpx")
        .unwrap();
    let refused = formats::hrm::merge_gpx(read(hrm).unwrap().remove(0), &read(other).unwrap()[0])
        .unwrap_err();
    assert!(matches!(refused.kind, ErrorKind::NotAPair(_)), "{refused}");
}
