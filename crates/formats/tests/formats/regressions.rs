//! Regression tests for issue 11 (hardening), codec side: each is named after the point it
//! covers and builds its hostile or unusual input itself (a tiny FIT builder, HRM and TCX text),
//! or reads a corpus file by path.

use formats::{ErrorKind, OutputFormat, Recording, SamplesBuilder, Stream, Timestamp};

/// A FIT file built message by message: definitions and data for local type 0..15, then the
/// header and the CRCs.
#[derive(Default)]
struct Fit {
    data: Vec<u8>,
}

/// FIT base types used below.
const ENUM: u8 = 0x00;
const SINT8: u8 = 0x01;
const UINT8: u8 = 0x02;
const UINT16: u8 = 0x84;
const UINT32: u8 = 0x86;
const SINT64: u8 = 0x8E;
const BYTE: u8 = 0x0D;

impl Fit {
    /// Defines `local` as message `global` with fields (number, size, base type).
    fn define(&mut self, local: u8, global: u16, fields: &[(u8, u8, u8)]) -> &mut Self {
        self.data.extend([0x40 | local, 0, 0]);
        self.data.extend(global.to_le_bytes());
        self.data.push(fields.len() as u8);
        for &(num, size, base) in fields {
            self.data.extend([num, size, base]);
        }
        self
    }

    /// A data message of `local` with its field bytes, little endian, in definition order.
    fn message(&mut self, local: u8, bytes: &[u8]) -> &mut Self {
        self.data.push(local);
        self.data.extend_from_slice(bytes);
        self
    }

    /// A data message with a compressed-timestamp header: `offset` seconds (5 bits).
    fn compressed(&mut self, local: u8, offset: u8, bytes: &[u8]) -> &mut Self {
        self.data.push(0x80 | (local << 5) | (offset & 0x1F));
        self.data.extend_from_slice(bytes);
        self
    }

    fn bytes(&self) -> Vec<u8> {
        let mut out = vec![14, 0x20];
        out.extend(2194u16.to_le_bytes());
        out.extend((self.data.len() as u32).to_le_bytes());
        out.extend(b".FIT");
        let header_crc = crc(&out);
        out.extend(header_crc.to_le_bytes());
        out.extend(&self.data);
        let file_crc = crc(&out);
        out.extend(file_crc.to_le_bytes());
        out
    }
}

/// The FIT CRC-16 (the FIT protocol's nibble table).
fn crc(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    let mut crc = 0u16;
    for &byte in bytes {
        for nibble in [byte & 0x0F, byte >> 4] {
            let tmp = TABLE[usize::from(crc & 0x0F)];
            crc = (crc >> 4) & 0x0FFF;
            crc = crc ^ tmp ^ TABLE[usize::from(nibble)];
        }
    }
    crc
}

/// A FIT `date_time` in 2015.
const T0: u32 = 817_240_310;

fn file_id(fit: &mut Fit) {
    fit.define(0, 0, &[(0, 1, ENUM), (1, 2, UINT16), (4, 4, UINT32)])
        .message(
            0,
            &[&[4u8][..], &1u16.to_le_bytes(), &T0.to_le_bytes()].concat(),
        );
}

/// Packs 12-bit values least significant bit first, as `event_timestamp_12` holds them.
fn pack_12(values: &[u16]) -> Vec<u8> {
    let mut out = vec![0u8; (values.len() * 12).div_ceil(8)];
    for (i, &v) in values.iter().enumerate() {
        for bit in 0..12 {
            if v >> bit & 1 == 1 {
                let at = i * 12 + bit;
                out[at / 8] |= 1 << (at % 8);
            }
        }
    }
    out
}

/// Point 21: a chest strap's heart rate stored while swimming comes in `hr` messages, an
/// anchor (timestamp and one strap-clock time) then beats as packed 12-bit deltas; records
/// carry no heart rate of their own. Laps must give the records the heart rate Garmin's SDK
/// gives them: each record the rounded mean of the beats (carried forward in 250 ms steps)
/// after the previous record and up to its own time.
#[test]
fn issue11_21_fit_hr_messages_give_the_records_the_sdks_heart_rate() {
    let mut fit = Fit::default();
    file_id(&mut fit);
    fit.define(1, 20, &[(253, 4, UINT32), (5, 4, UINT32)]);
    for s in 0..10u32 {
        fit.message(
            1,
            &[(T0 + s).to_le_bytes(), (s * 100).to_le_bytes()].concat(),
        );
    }
    // hr: anchor (timestamp, fractional_timestamp, filtered_bpm, event_timestamp) ...
    let event0 = 5_000u32 * 1024;
    fit.define(
        2,
        132,
        &[
            (253, 4, UINT32),
            (0, 2, UINT16),
            (6, 1, UINT8),
            (9, 4, UINT32),
        ],
    )
    .message(
        2,
        &[
            &T0.to_le_bytes()[..],
            &0u16.to_le_bytes(),
            &[100],
            &event0.to_le_bytes(),
        ]
        .concat(),
    );
    // ... then nine beats a second apart: 12-bit strap-clock values (1/1024 s), wrapping.
    let beats: Vec<u16> = (1..=9u32)
        .map(|k| ((event0 + k * 1024) & 0xFFF) as u16)
        .collect();
    let mut packed = pack_12(&beats);
    packed.resize(15, 0xFF);
    let bpm: Vec<u8> = (101..=109).chain([0xFF]).collect();
    fit.define(3, 132, &[(6, 10, UINT8), (10, 15, BYTE)]);
    // Nine beats in ten slots: the tenth has no bpm and its time is the padding's, as a strap
    // writes a message it could not fill.
    fit.message(3, &[&bpm[..], &packed].concat());

    let recording = formats::fit::read(&fit.bytes()).unwrap();
    let hr = recording
        .samples
        .heart_rate
        .expect("heart rate from the hr messages");
    let shown: Vec<Option<u32>> = hr
        .iter()
        .map(|v| v.is_finite().then_some(*v as u32))
        .collect();
    // Record 0 takes beat 0; record k averages three carried copies of beat k-1 and beat k.
    let mut expected: Vec<Option<u32>> = vec![Some(100)];
    expected.extend((1..10).map(|k| Some(((3 * (99 + k) + (100 + k)) as f64 / 4.0 + 0.5) as u32)));
    assert_eq!(shown, expected, "what Garmin's SDK gives these records");
}

/// Point 21 on a real file: a Forerunner 920XT pool swim with an HRM-Swim strap, whose heart
/// rate is all in `hr` messages. (Every corpus FIT is compared record by record with Garmin's
/// SDK in `sdk.rs`.)
#[test]
fn issue11_21_a_strap_swim_keeps_its_heart_rate() {
    let path = crate::corpus_dir().join("fit/goldencheetah__GarminHRMswim.FIT");
    let recording =
        formats::read(&std::fs::read(&path).unwrap(), &formats::Options::default()).unwrap();
    let hr = recording.samples.heart_rate.as_deref().unwrap_or(&[]);
    let with_hr = hr.iter().filter(|v| v.is_finite()).count();
    assert!(
        with_hr * 100 >= recording.samples.len() * 99,
        "{with_hr} of {} records have a heart rate",
        recording.samples.len()
    );
}

/// Point 14: numbers in a FIT file that arithmetic on them would overflow (a heart rate
/// declared signed, a signed 64-bit elapsed time of i64::MIN, a first-lap index of -1, a local
/// timestamp of i64::MIN, a compressed timestamp rolling past the last FIT time) give an error
/// or a sane recording, never a panic (tests run in debug, where overflow panics).
#[test]
fn issue11_14_fit_with_extreme_numbers_reads_without_overflow() {
    let mut fit = Fit::default();
    file_id(&mut fit);
    fit.define(1, 20, &[(253, 4, UINT32), (3, 1, SINT8)]);
    for s in 0..3u32 {
        fit.message(1, &[&(T0 + s).to_le_bytes()[..], &[0xFF]].concat()); // hr -1
    }
    fit.define(
        2,
        18,
        &[
            (253, 4, UINT32),
            (7, 8, SINT64),
            (25, 8, SINT64),
            (26, 2, UINT16),
        ],
    )
    .message(
        2,
        &[
            &(T0 + 2).to_le_bytes()[..],
            &i64::MIN.to_le_bytes(),
            &(-1i64).to_le_bytes(),
            &1u16.to_le_bytes(),
        ]
        .concat(),
    );
    fit.define(3, 34, &[(253, 4, UINT32), (5, 8, SINT64)])
        .message(
            3,
            &[&(T0 + 2).to_le_bytes()[..], &i64::MIN.to_le_bytes()].concat(),
        );
    let recording = formats::fit::read(&fit.bytes()).unwrap();
    assert_eq!(recording.samples.len(), 3);
    assert!(recording.sessions.iter().all(|s| s.totals.elapsed_ms >= 0));
    formats::fit::write(&recording);

    // A record at the last FIT second, then a compressed timestamp that rolls over past it.
    let mut fit = Fit::default();
    file_id(&mut fit);
    fit.define(1, 20, &[(253, 4, UINT32), (3, 1, UINT8)])
        .message(1, &[&0xFFFF_FFF0u32.to_le_bytes()[..], &[120]].concat());
    fit.define(2, 20, &[(3, 1, UINT8)])
        .compressed(2, 0x05, &[121]);
    let read = formats::fit::read(&fit.bytes());
    if let Ok(recording) = read {
        let t = &recording.samples.time;
        assert!(t.windows(2).all(|w| w[0] <= w[1]), "times never run back");
    }
}

/// Point 14, writer side: a UTC offset far outside any zone does not overflow the FIT
/// activity's local timestamp.
#[test]
fn issue11_14_fit_writer_with_an_absurd_utc_offset_does_not_overflow() {
    let mut recording = recording_with(|_| None, 60);
    recording.utc_offset_minutes = Some(i32::MAX);
    let again = formats::fit::read(&formats::fit::write(&recording)).unwrap();
    assert_eq!(again.samples.len(), recording.samples.len());
}

fn hrm(params: &str, rows: &str) -> Vec<u8> {
    format!(
        "[Params]\r\nVersion=106\r\nMonitor=12\r\nSMode=000000000\r\nDate=20100919\r\nStartTime=10:00:00.0\r\n{params}\r\n\r\n[HRData]\r\n{rows}"
    )
    .into_bytes()
}

/// Point 19: HRM's `Length` is the duration; the last row starts the last interval. Three rows
/// five seconds apart with Length 00:00:12.0 last 12 s, not 10.
#[test]
fn issue11_19_hrm_length_is_the_duration() {
    let bytes = hrm("Length=00:00:12.0\r\nInterval=5", "100\r\n110\r\n120\r\n");
    let recording = formats::read(&bytes, &formats::Options::default()).unwrap();
    assert_eq!(recording.duration_ms(), 12_000);
    assert_eq!(recording.sessions[0].totals.elapsed_ms, 12_000);
    let hr: Vec<f32> = recording
        .samples
        .heart_rate
        .unwrap()
        .into_iter()
        .filter(|v| v.is_finite())
        .collect();
    assert_eq!(hr, [100.0, 110.0, 120.0], "no heart rate is made up");
}

/// Point 19 on the corpus: every HRM file with samples at a fixed interval lasts its `Length`
/// (or until its last sample, when that starts later).
#[test]
fn issue11_19_corpus_hrm_files_last_their_length() {
    let mut checked = 0;
    for entry in crate::manifest() {
        if !entry.relative.to_ascii_lowercase().ends_with(".hrm") {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&entry.path).unwrap()).into_owned();
        let param = |key: &str| {
            text.lines()
                .find_map(|l| l.trim().strip_prefix(key).map(str::trim))
                .map(str::to_owned)
        };
        let interval: u32 = param("Interval=").unwrap().parse().unwrap();
        let Some(length) = param("Length=") else {
            continue;
        };
        if interval == 238 {
            continue; // R-R intervals add up to the duration themselves
        }
        let parts: Vec<f64> = length.split(':').map(|p| p.parse().unwrap()).collect();
        let length_ms = ((parts[0] * 3600.0 + parts[1] * 60.0 + parts[2]) * 1000.0).round() as i64;
        let recording = crate::read(&entry).unwrap().remove(0);
        let duration = recording.duration_ms();
        assert!(
            duration >= length_ms && duration - length_ms < i64::from(interval) * 1000,
            "{}: lasts {duration} ms, Length says {length_ms} ms",
            entry.relative
        );
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} HRM files checked");
}

/// A recording of `seconds` one-second samples with heart rate, and a position where
/// `position(second)` gives one.
fn recording_with(position: impl Fn(i64) -> Option<(f64, f64)>, seconds: i64) -> Recording {
    let start = Timestamp::from_unix_s(1_700_000_000);
    let mut b = SamplesBuilder::new();
    for s in 0..seconds {
        b.push_row(start.add_ms(s * 1000));
        b.heart_rate(100.0 + (s % 50) as f32);
        if let Some((lat, lon)) = position(s) {
            b.latitude(lat);
            b.longitude(lon);
        }
    }
    Recording {
        start,
        samples: b.finish(),
        ..Recording::default()
    }
}

/// Point 19, writer side: samples at irregular times (here 40 to 80 s apart) are written on a
/// fixed interval with the recording's duration as `Length`, so reading the file back gives
/// the same elapsed time (within HRM's tenth of a second), not one interval less.
#[test]
fn issue11_19_hrm_round_trip_of_irregular_samples_keeps_the_elapsed_time() {
    let start = Timestamp::from_unix_s(1_700_000_000);
    let mut b = SamplesBuilder::new();
    for (s, hr) in [
        (0, 100.0),
        (50, 110.0),
        (130, 120.0),
        (170, 130.0),
        (250, 140.0),
        (290, 150.0),
    ] {
        b.push_row(start.add_ms(s * 1000));
        b.heart_rate(hr);
    }
    let source = Recording {
        start,
        utc_offset_minutes: Some(0),
        samples: b.finish(),
        ..Recording::default()
    };
    let text = formats::hrm::write(&source);
    assert!(text.contains("Length=00:04:50.0"), "{text}");
    let again = formats::read(text.as_bytes(), &formats::Options::default()).unwrap();
    assert_eq!(again.start, source.start);
    assert!(
        (again.duration_ms() - source.duration_ms()).abs() < 100,
        "{} ms became {} ms",
        source.duration_ms(),
        again.duration_ms()
    );
}

/// Point 14: HRM time arithmetic on hostile numbers (an Interval of 2^31 - 1 seconds over many
/// rows, a Length of more hours than milliseconds can count) is refused or ignored, never
/// wrapped or panicking.
#[test]
fn issue11_14_hrm_with_extreme_interval_and_length_does_not_overflow() {
    let rows = "100\r\n".repeat(5_000);
    let err = formats::read(
        &hrm("Length=00:10:00.0\r\nInterval=2147483647", &rows),
        &formats::Options::default(),
    )
    .unwrap_err();
    assert!(
        matches!(&err.kind, ErrorKind::BadHrm(why) if why.contains("Interval")),
        "{err}"
    );

    let huge = hrm(
        "Length=99999999999999999:00:00.0\r\nInterval=5",
        "100\r\n110\r\n",
    );
    let recording = formats::read(&huge, &formats::Options::default()).unwrap();
    assert_eq!(
        recording.duration_ms(),
        5_000,
        "an unreadable Length is not believed"
    );

    let laps = format!(
        "{}\r\n[IntTimes]\r\n99999999999999999:00:00.0\t100\t90\t110\t120\r\n",
        String::from_utf8(hrm("Length=00:00:10.0\r\nInterval=5", "100\r\n")).unwrap()
    );
    // The rows come before [IntTimes] here; the lap time is unreadable: refused, with where.
    let err = formats::read(laps.as_bytes(), &formats::Options::default()).unwrap_err();
    assert!(err.to_string().contains("lap time"), "{err}");
}

fn tcx(id: &str, lap_start: Option<&str>, trackpoint: Option<&str>) -> Vec<u8> {
    let start = lap_start.map_or(String::new(), |s| format!(" StartTime=\"{s}\""));
    let point = trackpoint.map_or(String::new(), |t| {
        format!("<Track><Trackpoint><Time>{t}</Time><HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint></Track>")
    });
    format!(
        r#"<?xml version="1.0"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities><Activity Sport="Other"><Id>{id}</Id>
  <Lap{start}><TotalTimeSeconds>600</TotalTimeSeconds><DistanceMeters>2000</DistanceMeters>
   <Calories>50</Calories><Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>{point}
  </Lap></Activity></Activities></TrainingCenterDatabase>"#
    )
    .into_bytes()
}

/// Point 17: PainSled writes `<Id>android_id:…</Id>`; the start comes from the first lap (or
/// trackpoint), as other readers take it, with a warning.
#[test]
fn issue11_17_tcx_whose_id_is_not_a_time_starts_with_its_first_lap() {
    let bytes = tcx(
        "android_id:8f3a2c",
        Some("2021-03-04T05:06:07Z"),
        Some("2021-03-04T05:06:08Z"),
    );
    let recording = formats::read(&bytes, &formats::Options::default()).unwrap();
    assert_eq!(recording.start.to_string(), "2021-03-04T05:06:07Z");
    assert_eq!(recording.laps.len(), 1);
    assert!(
        recording.warnings.iter().any(|w| w.contains("android_id")),
        "{:?}",
        recording.warnings
    );

    let only_points = tcx("android_id:8f3a2c", None, Some("2021-03-04T05:06:08Z"));
    let recording = formats::read(&only_points, &formats::Options::default()).unwrap();
    assert_eq!(recording.start.to_string(), "2021-03-04T05:06:08Z");
}

/// Point 17: with neither a lap start nor a trackpoint time there is no start: refused, naming
/// the Id.
#[test]
fn issue11_17_tcx_without_any_time_is_refused() {
    let err = formats::read(
        &tcx("android_id:8f3a2c", None, None),
        &formats::Options::default(),
    )
    .unwrap_err();
    assert!(
        matches!(&err.kind, ErrorKind::BadValue { field: "Activity Id", value } if value.contains("android_id")),
        "{err}"
    );
}

/// Point 18: a recording without positions is refused as GPX with a clear error, never written
/// as an empty track that reads back as a 0-second workout.
#[test]
fn issue11_18_gpx_of_a_recording_without_positions_is_refused() {
    let indoor = recording_with(|_| None, 600);
    let err = formats::gpx::write(&indoor).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NoPositions);
    assert!(err.to_string().contains("no GPS positions"), "{err}");
    assert!(!OutputFormat::Gpx.can_write(&indoor));
    assert!(OutputFormat::Fit.can_write(&indoor));
    assert_eq!(
        formats::try_write(&indoor, OutputFormat::Gpx)
            .unwrap_err()
            .kind,
        ErrorKind::NoPositions
    );
    let bytes = formats::write(&indoor, OutputFormat::Gpx);
    assert!(
        formats::read(&bytes, &formats::Options::default()).is_err(),
        "no file that reads as a workout"
    );
}

/// Point 18: samples without a position keep their time span in GPX: a 20-minute recording
/// whose first 15 minutes have no fix comes back lasting 20 minutes, with every heart rate.
#[test]
fn issue11_18_gpx_keeps_the_time_span_of_samples_without_a_position() {
    let source = recording_with(
        |s| (s >= 900).then_some((47.0 + s as f64 * 1e-5, 8.0 + s as f64 * 1e-5)),
        1200,
    );
    let gpx = formats::gpx::write(&source).unwrap();
    let again = formats::read(gpx.as_bytes(), &formats::Options::default()).unwrap();
    assert_eq!(again.start, source.start);
    assert_eq!(again.duration_ms(), source.duration_ms());
    assert_eq!(again.samples.len(), source.samples.len());
    assert_eq!(again.samples.heart_rate, source.samples.heart_rate);
    assert!(again.samples.has(Stream::Position));
    let (a, b) = (
        formats::geo::track_length_m(&source.samples).unwrap(),
        again.distance_m().unwrap(),
    );
    assert!((a - b).abs() < 1.0, "track length {a} m became {b} m");
}
