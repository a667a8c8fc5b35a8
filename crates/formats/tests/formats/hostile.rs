//! Hostile and broken input through the public API (issue 11): each case is refused with its
//! own reason, or read with the impossible part dropped and said in a warning; never stored as
//! the file had it. The inputs are built here, so each test shows exactly what it sends.

use formats::TimestampExt as _;
use std::io::Write as _;

use formats::{ErrorKind, Options, Recording, SamplesBuilder, Timestamp};

/// 2024-05-01T07:30:00Z.
const START_S: i64 = 1_714_548_600;

fn read_all(bytes: &[u8]) -> formats::Result<Vec<Recording>> {
    formats::read_all(bytes, &Options::default())
}

fn read(bytes: &[u8]) -> Recording {
    let mut all = read_all(bytes).expect("reads");
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn time(seconds_after_start: i64) -> String {
    Timestamp::from_unix_s(START_S + seconds_after_start).to_string()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn has_warning(r: &Recording, text: &str) -> bool {
    r.warnings.iter().any(|w| w.contains(text))
}

/// A TCX document of `activities` activities (a day apart), each one lap of `points`
/// trackpoints a second apart; `lap` is put into each lap, `point(i)` into trackpoint `i`.
fn tcx(activities: usize, points: usize, lap: &str, point: impl Fn(usize) -> String) -> String {
    let mut doc = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>"#,
    );
    for a in 0..activities {
        let day = a as i64 * 86_400;
        doc += &format!(
            r#"<Activity Sport="Running"><Id>{}</Id><Lap StartTime="{}"><TotalTimeSeconds>{}</TotalTimeSeconds>{lap}<Track>"#,
            time(day),
            time(day),
            points.max(1),
        );
        for i in 0..points {
            doc += &format!(
                "<Trackpoint><Time>{}</Time>{}</Trackpoint>",
                time(day + i as i64),
                point(i)
            );
        }
        doc += "</Track></Lap></Activity>";
    }
    doc + "</Activities></TrainingCenterDatabase>"
}

/// A GPX track with one point per time, moving north a little each point.
fn gpx(times: &[String]) -> String {
    let mut doc = String::from(
        r#"<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>"#,
    );
    for (i, t) in times.iter().enumerate() {
        doc += &format!(
            r#"<trkpt lat="{}" lon="-0.1"><time>{t}</time></trkpt>"#,
            51.5 + i as f64 * 1e-4
        );
    }
    doc + "</trkseg></trk></gpx>"
}

/// A recording of `n` heart-rate samples a second apart from the start.
fn heart_rate_recording(n: usize) -> Recording {
    let mut samples = SamplesBuilder::new();
    for i in 0..n {
        samples.push_row(Timestamp::from_unix_s(START_S + i as i64));
        samples.heart_rate(120.0 + (i % 40) as f32);
    }
    Recording {
        format: Some(formats::Format::Fit),
        start: Timestamp::from_unix_s(START_S),
        samples: samples.finish(),
        ..Recording::default()
    }
}

/// The FIT CRC-16 (as the FIT document gives it, nibble by nibble).
fn fit_crc(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    let mut crc = 0u16;
    for &byte in bytes {
        for nibble in [byte & 0x0F, byte >> 4] {
            let tmp = TABLE[usize::from(crc & 0x0F)];
            crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ TABLE[usize::from(nibble)];
        }
    }
    crc
}

/// Sets the timestamp of the FIT record (local message 3, timestamp first, then heart rate, as
/// `fit::write` lays records out) stamped `at` with heart rate `bpm` to `to` (FIT seconds), and
/// makes the file checksum match again.
fn restamp_fit_record(fit: &mut [u8], at: Timestamp, bpm: u8, to: u32) {
    let mut pattern = vec![3u8];
    pattern.extend_from_slice(&at.to_fit().to_le_bytes());
    pattern.push(bpm);
    let i = fit
        .windows(pattern.len())
        .position(|w| w == pattern)
        .expect("the record is in the file");
    fit[i + 1..i + 5].copy_from_slice(&to.to_le_bytes());
    let end = fit.len() - 2;
    let crc = fit_crc(&fit[..end]);
    fit[end..].copy_from_slice(&crc.to_le_bytes());
}

#[test]
fn a_file_gzipped_4000_times_is_refused_after_the_first_layer() {
    let plain = tcx(1, 3, "", |_| String::new()).into_bytes();
    let mut bytes = plain.clone();
    for _ in 0..4000 {
        bytes = gzip(&bytes);
    }
    let error = read_all(&bytes).unwrap_err();
    assert_eq!(error.kind, ErrorKind::NestedGzip);
    assert_eq!(error.to_string(), "gzip inside gzip is not accepted");
    assert_eq!(read(&gzip(&plain)).samples.len(), 3, "one layer is read");
}

#[test]
fn an_element_with_80000_attributes_is_refused_for_its_attributes() {
    let attributes: String = (0..80_000).map(|i| format!(" a{i}=\"1\"")).collect();
    let doc = gpx(&[time(0), time(1)]).replacen("<trk>", &format!("<trk{attributes}>"), 1);
    let error = read_all(doc.as_bytes()).unwrap_err();
    assert_eq!(error.kind, ErrorKind::XmlTooManyAttributes { limit: 256 });

    // Past the limit, repeats are still found (by sorting, not by comparing each with each).
    let many = Options {
        max_xml_attributes: 100_000,
        ..Options::default()
    };
    let r = formats::read_all(doc.as_bytes(), &many).expect("80,000 distinct attributes");
    assert_eq!(r[0].samples.len(), 2);
    let repeated = doc.replacen(" a79999=", " a40000=", 1);
    let error = formats::read_all(repeated.as_bytes(), &many).unwrap_err();
    assert_eq!(
        error.kind,
        ErrorKind::Xml("the attribute a40000 is repeated".to_owned())
    );
    assert_eq!(error.offset, doc.find(" a79999=").map(|i| i as u64 + 1));

    // 40,000 namespace declarations and 40,000 attributes that use them: each prefix is
    // looked up, not searched for among the declarations.
    let prefixed: String = (0..40_000)
        .map(|i| format!(" xmlns:p{i}=\"urn:{i}\" p{i}:a=\"1\""))
        .collect();
    let doc = gpx(&[time(0), time(1)]).replacen("<trk>", &format!("<trk{prefixed}>"), 1);
    assert!(formats::read_all(doc.as_bytes(), &many).is_ok());
    let undeclared = doc.replacen(" p39999:a=", " q:a=", 1);
    let error = formats::read_all(undeclared.as_bytes(), &many).unwrap_err();
    assert_eq!(
        error.kind,
        ErrorKind::Xml("the namespace prefix \"q\" is used but never declared".to_owned())
    );
}

#[test]
fn a_tcx_with_1000_activities_is_refused_naming_the_count_and_the_limit() {
    let doc = tcx(1000, 1, "", |_| String::new()).into_bytes();
    for bytes in [doc.clone(), gzip(&doc)] {
        let error = read_all(&bytes).unwrap_err();
        assert_eq!(
            error.kind,
            ErrorKind::TooManyActivities {
                count: 1000,
                limit: 100
            }
        );
        assert_eq!(
            error.to_string(),
            "the file holds 1000 activities; at most 100 are accepted in one file"
        );
    }
    let hundred = tcx(100, 1, "", |_| String::new());
    assert_eq!(read_all(hundred.as_bytes()).unwrap().len(), 100);
}

#[test]
fn a_workout_with_more_samples_than_the_limit_is_refused() {
    let options = Options {
        max_samples: 1000,
        ..Options::default()
    };
    let over = tcx(1, 1001, "", |_| String::new());
    let error = formats::read_all(over.as_bytes(), &options).unwrap_err();
    assert_eq!(error.kind, ErrorKind::TooManySamples { limit: 1000 });
    let at = tcx(1, 1000, "", |_| String::new());
    let r = formats::read_all(at.as_bytes(), &options).unwrap();
    assert_eq!(r[0].samples.len(), 1000);

    // FIT, at the default limit of a million.
    let fit = formats::fit::write(&heart_rate_recording(1_000_001));
    let error = read_all(&fit).unwrap_err();
    assert_eq!(error.kind, ErrorKind::TooManySamples { limit: 1_000_000 });
    assert_eq!(
        error.to_string(),
        "the workout has more than 1000000 samples, the most accepted in one workout"
    );
}

#[test]
fn sample_values_out_of_range_are_dropped_with_one_warning_per_stream() {
    let heart_rates = ["120", "300", "130", "-5", "1e300", "140"];
    let doc = tcx(1, heart_rates.len(), "", |i| {
        let power = if i == 2 { "70000" } else { "250" };
        let altitude = if i == 3 { "1000000" } else { "35" };
        let distance = if i == 5 {
            "1e300"
        } else {
            &format!("{}", i * 3)
        };
        format!(
            "<AltitudeMeters>{altitude}</AltitudeMeters><DistanceMeters>{distance}</DistanceMeters>\
             <HeartRateBpm><Value>{}</Value></HeartRateBpm><Extensions><TPX><Watts>{power}</Watts></TPX></Extensions>",
            heart_rates[i]
        )
    });
    let r = read(doc.as_bytes());
    let hr = r.samples.heart_rate.as_deref().unwrap();
    assert_eq!(
        hr.iter().map(|v| v.is_nan()).collect::<Vec<_>>(),
        [false, true, false, true, true, false],
        "{hr:?}"
    );
    assert!(r.samples.power.as_deref().unwrap()[2].is_nan());
    assert!(r.samples.altitude.as_deref().unwrap()[3].is_nan());
    assert!(r.samples.distance.as_deref().unwrap()[5].is_nan());
    for warning in [
        "dropped 3 heart-rate values outside 0–255 bpm",
        "dropped 1 power value outside 0–3,000 W",
        "dropped 1 altitude value outside -500–9,000 m",
        "dropped 1 distance value outside 0–50,000 km or growing faster than 100 m/s",
    ] {
        assert!(has_warning(&r, warning), "{warning}: {:?}", r.warnings);
    }
}

#[test]
fn a_lap_distance_of_1e300_is_dropped_not_stored() {
    let doc = tcx(1, 60, "<DistanceMeters>1e300</DistanceMeters>", |_| {
        String::new()
    });
    let r = read(doc.as_bytes());
    assert_eq!(r.laps[0].totals.distance_m, None);
    assert_eq!(r.sessions[0].totals.distance_m, None);
    assert!(
        r.distance_m().is_none_or(|d| d < 1e6),
        "{:?}",
        r.distance_m()
    );
    assert!(
        has_warning(
            &r,
            "dropped 2 lap and session distance totals outside 0–50,000 km"
        ),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_lap_time_of_1e300_seconds_is_dropped_and_the_elapsed_time_worked_out_again() {
    // A lap without trackpoints: nothing in the reader checks its time against samples.
    let doc = tcx(1, 0, "", |_| String::new()).replacen(
        "<TotalTimeSeconds>1</TotalTimeSeconds>",
        "<TotalTimeSeconds>1e300</TotalTimeSeconds>",
        1,
    );
    let r = read(doc.as_bytes());
    assert_eq!(r.laps[0].totals.timer_ms, None);
    assert_eq!(r.laps[0].totals.elapsed_ms, 0);
    assert_eq!(r.sessions[0].totals.timer_ms, None);
    assert_eq!(r.sessions[0].totals.elapsed_ms, 0);
    assert_eq!(r.duration_ms(), 0);
    for warning in [
        "worked out again 2 lap and session elapsed times outside 0–42 days",
        "dropped 2 lap and session timer times outside 0–42 days",
    ] {
        assert!(has_warning(&r, warning), "{warning}: {:?}", r.warnings);
    }
}

#[test]
fn a_fit_record_stamped_at_the_fit_epoch_is_dropped_and_the_times_come_from_the_rest() {
    let source = heart_rate_recording(600);
    let written = formats::fit::write(&source);
    for stamp in [0, 1000] {
        // The first record (heart rate 120) stamped at, or just after, 1989-12-31T00:00:00Z.
        let mut fit = written.clone();
        restamp_fit_record(&mut fit, Timestamp::from_unix_s(START_S), 120, stamp);
        let r = read(&fit);
        assert_eq!(r.samples.len(), 599, "stamped {stamp}");
        assert_eq!(r.samples.time[0], Timestamp::from_unix_s(START_S + 1));
        // The session the device wrote still starts at 07:30:00.
        assert_eq!(r.start, Timestamp::from_unix_s(START_S));
        assert_eq!(r.duration_ms(), 599_000);
        let when = Timestamp::from_fit(stamp).to_string();
        assert!(
            has_warning(&r, &format!("dropped 1 sample stamped {when}")),
            "{:?}",
            r.warnings
        );
    }
    // A record in the middle (heart rate 120 + 300 % 40) stamped at the epoch.
    let mut fit = written;
    restamp_fit_record(&mut fit, Timestamp::from_unix_s(START_S + 300), 140, 0);
    let r = read(&fit);
    assert_eq!(r.start, Timestamp::from_unix_s(START_S));
    assert_eq!(r.duration_ms(), 599_000);
}

#[test]
fn a_gpx_stamped_1901_throughout_is_refused_saying_why() {
    let times = vec!["1901-12-13T20:45:52Z".to_owned(); 20];
    let error = read_all(gpx(&times).as_bytes()).unwrap_err();
    assert!(
        matches!(error.kind, ErrorKind::ImpossibleTimes(_)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the file's times are impossible: all 20 samples are stamped 1901-12-13T20:45:52Z, \
         before 1989-12-31T00:00:00Z; the device did not know the date"
    );
    let future = vec!["2150-01-01T00:00:00Z".to_owned(); 2];
    let error = read_all(gpx(&future).as_bytes()).unwrap_err();
    assert!(error.to_string().contains("after 2100-01-01"), "{error}");
}

#[test]
fn a_gpx_point_stamped_far_ahead_mid_track_does_not_hold_the_rest_back() {
    let mut times: Vec<String> = (0..100).map(time).collect();
    times[50] = "2090-01-01T00:00:00Z".to_owned();
    let r = read(gpx(&times).as_bytes());
    assert_eq!(r.samples.len(), 99);
    assert_eq!(r.start, Timestamp::from_unix_s(START_S));
    assert_eq!(r.duration_ms(), 99_000);
    assert!(
        has_warning(&r, "dropped 1 sample stamped 2090-01-01T00:00:00Z"),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_workout_spanning_more_than_the_limit_is_refused() {
    let days: Vec<String> = (0..=6).map(|d| time(d * 10 * 86_400)).collect();
    let error = read_all(gpx(&days).as_bytes()).unwrap_err();
    assert_eq!(
        error.kind,
        ErrorKind::SpanTooLong {
            days: 60,
            limit_days: 42
        }
    );
    // Two equal groups half a year apart: neither is an outlier of the other.
    let mut halves: Vec<String> = (0..5).map(time).collect();
    halves.extend((0..5).map(|i| time(180 * 86_400 + i)));
    let error = read_all(gpx(&halves).as_bytes()).unwrap_err();
    assert_eq!(
        error.kind,
        ErrorKind::SpanTooLong {
            days: 180,
            limit_days: 42
        }
    );
}

#[test]
fn nul_and_control_characters_are_stripped_from_texts() {
    let doc = tcx(1, 2, "", |_| String::new()).replacen(
        "</Activity>",
        "<Notes>Row\n4 x 500 m\u{0}\u{7}</Notes><Creator><Name>Concept2\u{0}\u{0}\u{0}</Name></Creator></Activity>",
        1,
    );
    let r = read(doc.as_bytes());
    let device = r.device.unwrap();
    assert_eq!(device.product.as_deref(), Some("Concept2"));
    assert_eq!(r.notes.as_deref(), Some("Row\n4 x 500 m"));
}

#[test]
fn recordings_built_elsewhere_are_sanitized_by_the_public_function() {
    let mut r = heart_rate_recording(10);
    // Out of order, an infinite value, a column one short.
    r.samples.time.swap(3, 4);
    r.samples.heart_rate.as_mut().unwrap()[6] = f32::INFINITY;
    r.samples.heart_rate.as_mut().unwrap().pop();
    formats::sanitize(&mut r, &Options::default()).unwrap();
    assert_eq!(r.samples.len(), 9);
    assert!(r.samples.time.is_sorted());
    assert_eq!(r.samples.heart_rate.as_ref().unwrap().len(), 9);
    assert!(r.samples.heart_rate.as_ref().unwrap()[5].is_nan());
    assert!(has_warning(
        &r,
        "dropped 1 sample stamped earlier than the sample before"
    ));
    assert!(has_warning(
        &r,
        "dropped 1 heart-rate value outside 0–255 bpm"
    ));

    let mut big = heart_rate_recording(11);
    let small = Options {
        max_samples: 10,
        ..Options::default()
    };
    let error = formats::sanitize(&mut big, &small).unwrap_err();
    assert_eq!(error.kind, ErrorKind::TooManySamples { limit: 10 });
}

/// Found by `cargo fuzz run hrm`: a note line that reads as a section header once its control
/// characters are stripped (`[IntTimes]\r\0\0…`) was written back verbatim, so Laps' own HRM
/// export ended the note there and read the note's next line (`00:`) as a lap time, refusing
/// the file. Such a line is written with parentheses instead of brackets.
#[test]
fn hrm_note_line_that_looks_like_a_section_header_survives_the_export() {
    let lines: [&[u8]; 15] = [
        b"[Params]\n",
        b"Version=106\n",
        b"Monito00010\n",
        b"Date=20021120\n",
        b"StartTime=14:07:44.0\n",
        b"Length=1:13:5.0\n",
        b"Interval=150\r\n",
        b"0\t013\rmax=45\r\n",
        b"W\r\n",
        b"[Note]\r\n",
        b"\r\n",
        b"[IntTimes]\r\0\0\0\0\0\0\0\0\0\0\0\0\0\0\n",
        b"00:\n",
        b"003:54.9\t83\t\t660\t0\t\n",
        b"0\t013\r",
    ];
    let recording = read(&lines.concat());
    let notes = recording.notes.clone().unwrap_or_default();
    assert!(notes.lines().any(|l| l.trim() == "[IntTimes]"), "{notes:?}");
    let hrm = formats::write(&recording, formats::OutputFormat::Hrm);
    let back = read(&hrm);
    assert_eq!(back.samples.len(), recording.samples.len());
    assert_eq!(back.laps.len(), recording.laps.len());
    let notes = back.notes.unwrap_or_default();
    assert!(notes.lines().any(|l| l.trim() == "(IntTimes)"), "{notes:?}");
}

/// Found by `cargo fuzz run fit_structured`: a FIT file of 32 `file_id` messages whose only
/// time, `time_created`, is 2126 was accepted as an empty recording starting in 2126; its own
/// FIT export (a lap and a session at that start) was then refused. A recording whose only
/// time is its start is judged by it.
#[test]
fn fit_whose_only_time_is_an_impossible_time_created_is_refused() {
    // 12-byte header (169 bytes of data), then the definition of local type 15 as file_id
    // with one field: 4 (time_created), 4 bytes, uint32.
    let mut fit = b"\x0c\xaa\xaa\x55\xa9\x00\x00\x00.FIT".to_vec();
    fit.extend_from_slice(b"\x4f\x00\x00\x00\x00\x01\x04\x04\x86");
    for _ in 0..32 {
        // local type 15, time_created 0xFFFFFF00 (2126-02-06)
        fit.extend_from_slice(b"\x0f\x00\xff\xff\xff");
    }
    fit.extend_from_slice(b"\x80\xfb");
    let error = read_all(&fit).unwrap_err();
    let ErrorKind::ImpossibleTimes(why) = error.kind else {
        panic!("{error:?}")
    };
    assert!(why.contains("2126-02-06") && why.contains("start"), "{why}");
}
