//! Apple Health exports: the real samples of the corpus, and generated ones for what they lack
//! (a long DTD, newer totals, size, broken dates).
//!
//! `LAPS_CORPUS` overrides where the corpus is.

use std::cell::Cell;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::rc::Rc;

use archives::apple::{Days, Export, Gathered, HeartRate, HeartRateSorter, Item, Workout};
use archives::{ArchiveDay, Samples};
use domain::{Date, Sport};

fn corpus_dir() -> PathBuf {
    std::env::var_os("LAPS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

fn apple_dir() -> PathBuf {
    corpus_dir().join("archives/apple-health")
}

fn items(xml: &[u8]) -> Vec<Item> {
    Export::new("export.xml", xml)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn workouts(items: &[Item]) -> Vec<&Workout> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Workout(w) => Some(&**w),
            _ => None,
        })
        .collect()
}

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

#[test]
fn the_real_exports_give_their_workout_heart_rate_and_days() {
    let cases = [
        ("apple_health_export/export.xml", "route file"),
        ("export-older.xml", "inline locations"),
    ];
    for (file, route) in cases {
        let path = apple_dir().join(file);
        let bytes = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("the corpus file {} is needed: {e}", path.display()));
        let items = items(&bytes);

        let workouts = workouts(&items);
        assert_eq!(workouts.len(), 1, "{file}");
        let w = workouts[0];
        let s = &w.workout.summary;
        assert_eq!(w.workout.meta.sport, Some(Sport::Running), "{file}");
        assert_eq!(
            s.start.unwrap().to_string(),
            "2016-11-14T14:25:41Z",
            "{file}: 07:25:41 -0700"
        );
        assert_eq!(s.utc_offset_min, Some(-420), "{file}");
        assert_eq!(w.end.to_string(), "2016-11-14T14:30:52Z", "{file}");
        assert_eq!(s.elapsed_ms, Some(311_000), "{file}: end - start");
        assert_eq!(s.moving_ms, Some(311_647), "{file}: 5.19412346680959 min");
        let distance = s.distance_m.unwrap();
        assert!(
            (distance - 800.127).abs() < 0.01,
            "{file}: 0.497 mi is {distance} m"
        );
        assert_eq!(s.calories, Some(49), "{file}: 48.745 kcal");
        assert_eq!(
            w.workout.meta.time_zone.as_deref(),
            Some("America/Los_Angeles"),
            "{file}"
        );
        assert!(w.workout.meta.source_id.is_some(), "{file}");
        match (&w.workout.samples, route) {
            (Samples::File(path), "route file") => {
                assert_eq!(path, "workout-routes/route_2019-06-11_3.00pm.gpx");
                assert!(
                    apple_dir().join("apple_health_export").join(path).is_file(),
                    "the path is inside the export folder"
                );
            }
            (Samples::Recording(recording), "inline locations") => {
                assert_eq!(recording.samples.len(), 2, "{file}");
                assert_eq!(
                    recording.samples.latitude.as_deref(),
                    Some(&[37.7777; 2][..])
                );
                assert_eq!(recording.utc_offset_minutes, Some(-420));
            }
            (other, _) => panic!("{file}: expected the {route}, got {other:?}"),
        }

        let heart: Vec<&HeartRate> = items
            .iter()
            .filter_map(|i| match i {
                Item::HeartRate(h) => Some(h),
                _ => None,
            })
            .collect();
        assert_eq!(
            heart.len(),
            1,
            "{file}: the body mass record is not heart rate"
        );
        assert_eq!(heart[0].time.to_string(), "2018-09-10T09:28:55Z");
        assert_eq!(heart[0].bpm, 72.0);

        let summaries: Vec<&ArchiveDay> = items
            .iter()
            .filter_map(|i| match i {
                Item::Summary(d) => Some(d),
                _ => None,
            })
            .collect();
        let got: Vec<_> = summaries
            .iter()
            .map(|d| (d.date, d.active_kcal, d.active_s))
            .collect();
        assert_eq!(
            got,
            vec![
                (day("2016-11-15"), Some(590), Some(68 * 60)),
                (day("2016-11-16"), Some(324), Some(39 * 60)),
            ],
            "{file}"
        );
    }
}

#[test]
fn a_long_internal_dtd_before_the_data_changes_nothing() {
    let path = apple_dir().join("apple_health_export/export.xml");
    let plain = std::fs::read(&path).unwrap();
    let mut dtd = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE HealthData [\n<!-- HealthKit Export Version: 13 -->\n<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>\n<!ATTLIST HealthData\n  locale CDATA #REQUIRED\n>\n",
    );
    for i in 0..2000 {
        dtd.push_str(&format!(
            "<!ELEMENT Element{i} (MetadataEntry*)>\n<!ATTLIST Element{i}\n  type CDATA #REQUIRED\n  unit CDATA #IMPLIED\n  value CDATA \"a > b ]\"\n>\n"
        ));
    }
    dtd.push_str("]>\n");
    let mut with_dtd = dtd.into_bytes();
    with_dtd.extend_from_slice(&plain);
    // The same items, but for the lines they start on.
    let unlined = |items: Vec<Item>| -> Vec<Item> {
        items
            .into_iter()
            .map(|item| match item {
                Item::Workout(mut w) => {
                    w.line = 0;
                    Item::Workout(w)
                }
                other => other,
            })
            .collect()
    };
    assert_eq!(unlined(items(&with_dtd)), unlined(items(&plain)));
}

/// A reader that writes a generated export as it is read, so that no whole document is ever
/// held: the test's memory is what the reader under test keeps.
struct Generated {
    parts: Box<dyn Iterator<Item = String>>,
    pending: Vec<u8>,
    /// How many bytes were read from it, shared with the test.
    given: Rc<Cell<usize>>,
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pending.is_empty() {
            match self.parts.next() {
                Some(part) => self.pending = part.into_bytes(),
                None => return Ok(0),
            }
        }
        let n = out.len().min(self.pending.len());
        out[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        self.given.set(self.given.get() + n);
        Ok(n)
    }
}

const RECORDS: usize = 50_000;

/// Heart rate every 10 s and steps every minute from 2024-05-01 06:00 (-0700), two sources
/// counting the same steps; a run from 06:10 to 06:40.
fn generated(given: Rc<Cell<usize>>) -> Generated {
    let time = |s: usize| {
        let (h, m, sec) = (6 + s / 3600, s / 60 % 60, s % 60);
        let d = 1 + h / 24;
        format!("2024-05-{d:02} {:02}:{m:02}:{sec:02} -0700", h % 24)
    };
    let head = std::iter::once(
        "<?xml version=\"1.0\"?>\n<HealthData locale=\"en_US\">\n <ExportDate value=\"2024-05-02 10:00:00 -0700\"/>\n"
            .to_owned(),
    );
    let records = (0..RECORDS).map(move |i| {
        if i % 7 == 0 {
            let source = if i % 2 == 0 { "iPhone" } else { "Watch" };
            format!(
                " <Record type=\"HKQuantityTypeIdentifierStepCount\" sourceName=\"{source}\" unit=\"count\" startDate=\"{}\" endDate=\"{}\" value=\"10\"/>\n",
                time(i * 10),
                time(i * 10 + 60)
            )
        } else {
            format!(
                " <Record type=\"HKQuantityTypeIdentifierHeartRate\" sourceName=\"Watch\" unit=\"count/min\" startDate=\"{t}\" endDate=\"{t}\" value=\"{}\">\n  <MetadataEntry key=\"HKMetadataKeyHeartRateMotionContext\" value=\"0\"/>\n </Record>\n",
                100 + i % 50,
                t = time(i * 10)
            )
        }
    });
    let tail = std::iter::once(format!(
        " <Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" duration=\"30\" durationUnit=\"min\" startDate=\"{}\" endDate=\"{}\">\n  <WorkoutStatistics type=\"HKQuantityTypeIdentifierDistanceWalkingRunning\" startDate=\"{0}\" endDate=\"{1}\" sum=\"5.2\" unit=\"km\"/>\n </Workout>\n</HealthData>\n",
        time(600),
        time(2400)
    ));
    Generated {
        parts: Box::new(head.chain(records).chain(tail)),
        pending: Vec::new(),
        given,
    }
}

#[test]
fn tens_of_thousands_of_records_stream_through_in_bounded_memory() {
    let given = Rc::new(Cell::new(0));
    let input = BufReader::with_capacity(8 * 1024, generated(given.clone()));
    let mut export = Export::new("export.xml", input);
    let mut days = Days::new();
    let (mut heart, mut workouts) = (0usize, Vec::new());
    for item in export.by_ref() {
        match item.unwrap() {
            Item::HeartRate(_) => heart += 1,
            Item::Quantity(q) => days.add(&q),
            Item::Workout(w) => workouts.push(w),
            Item::Summary(d) => days.add_summary(&d),
        }
    }
    let steps_records = RECORDS.div_ceil(7);
    assert_eq!(heart, RECORDS - steps_records);
    assert_eq!(workouts.len(), 1);
    assert_eq!(workouts[0].workout.summary.distance_m, Some(5200.0));
    // What is held at once: the 8 KiB buffer and one tag, against megabytes read.
    assert!(given.get() > 5_000_000, "{} bytes read", given.get());
    assert!(
        export.high_water() < 512,
        "one tag at a time is held: {} bytes",
        export.high_water()
    );

    // Two sources alternate records (every 70 s): each hour takes the larger one.
    let days = days.finish();
    assert_eq!(days.first().map(|d| d.date), Some(day("2024-05-01")));
    let total: u32 = days.iter().filter_map(|d| d.steps).sum();
    let per_day_hours: usize = days.iter().map(|d| d.hours.len()).sum();
    assert!(per_day_hours <= 24 * days.len());
    assert!(
        total < steps_records as u32 * 10 * 6 / 10,
        "about half the records' {} steps, not all: {total}",
        steps_records * 10
    );
    assert!(total > steps_records as u32 * 10 * 4 / 10, "{total}");
}

#[test]
fn heart_rate_found_on_a_second_pass_goes_to_the_workout_it_falls_in() {
    let workouts: Vec<Box<Workout>> =
        Export::new("export.xml", BufReader::new(generated(Rc::default())))
            .filter_map(|i| match i.unwrap() {
                Item::Workout(w) => Some(w),
                _ => None,
            })
            .collect();
    let spans: Vec<_> = workouts
        .iter()
        .map(|w| (w.workout.summary.start.unwrap(), w.end))
        .collect();
    let mut sorter = HeartRateSorter::new(&spans, 1_000_000);
    for item in Export::new("export.xml", BufReader::new(generated(Rc::default()))) {
        if let Item::HeartRate(h) = item.unwrap() {
            sorter.offer(h);
        }
    }
    let Gathered::Samples(samples) = &sorter.finish()[0] else {
        panic!("all the samples fit the bound");
    };
    // 06:10:00 to 06:40:00 holds samples 60 to 240, steps records (every 7th) left out.
    let expected = (60..=240).filter(|i| i % 7 != 0).count();
    assert_eq!(samples.len(), expected);
    assert!(samples.windows(2).all(|w| w[0].time < w[1].time));
}

fn one_workout(attributes: &str, children: &str) -> Workout {
    let xml = format!(
        "<HealthData>\n<Workout workoutActivityType=\"HKWorkoutActivityTypeCycling\" startDate=\"2024-05-01 10:00:00 +0200\" endDate=\"2024-05-01 11:00:00 +0200\" {attributes}>{children}</Workout>\n</HealthData>"
    );
    let items = items(xml.as_bytes());
    workouts(&items)[0].clone()
}

#[test]
fn units_are_converted_to_metres_kilocalories_and_milliseconds() {
    let cases = [
        (
            r#"totalDistance="10" totalDistanceUnit="mi" totalEnergyBurned="4184" totalEnergyBurnedUnit="kJ" duration="1" durationUnit="hr""#,
            "",
            16_093.44,
            1000,
            3_600_000,
        ),
        (
            r#"totalDistance="12.5" totalDistanceUnit="km" totalEnergyBurned="300" totalEnergyBurnedUnit="Cal" duration="3000" durationUnit="s""#,
            "",
            12_500.0,
            300,
            3_000_000,
        ),
        (
            r#"duration="55" durationUnit="min""#,
            r#"<WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" sum="2092" unit="kJ"/>
               <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceCycling" sum="20000" unit="m"/>
               <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" average="141.4" minimum="90" maximum="171" unit="count/min"/>
               <WorkoutActivity><WorkoutStatistics type="HKQuantityTypeIdentifierDistanceCycling" sum="1" unit="m"/></WorkoutActivity>"#,
            20_000.0,
            500,
            3_300_000,
        ),
    ];
    for (attributes, children, distance, kcal, moving) in cases {
        let w = one_workout(attributes, children);
        let s = &w.workout.summary;
        assert!(
            (s.distance_m.unwrap() - distance).abs() < 1e-6,
            "{attributes}: {:?}",
            s.distance_m
        );
        assert_eq!(s.calories, Some(kcal), "{attributes}");
        assert_eq!(s.moving_ms, Some(moving), "{attributes}");
        assert_eq!(s.utc_offset_min, Some(120), "{attributes}");
        assert_eq!(w.workout.meta.sport, Some(Sport::Cycling));
    }
    let (_, children, ..) = cases[2];
    let w = one_workout(r#"duration="55" durationUnit="min""#, children);
    assert_eq!(
        (w.workout.summary.avg_hr, w.workout.summary.max_hr),
        (Some(141), Some(171)),
        "heart rate from the statistics"
    );
}

#[test]
fn a_malformed_date_or_unit_is_refused_naming_the_element_and_its_line() {
    let cases = [
        (
            "<HealthData>\n<ExportDate value=\"x\"/>\n<Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" startDate=\"2019-07-19T10:36:11Z\" endDate=\"2019-07-19 10:40:11 -0700\"/>\n</HealthData>",
            "export.xml: line 3: <Workout> startDate \"2019-07-19T10:36:11Z\" is not a date like \"2019-07-19 10:36:11 -0700\"",
        ),
        (
            "<HealthData>\n<Record type=\"HKQuantityTypeIdentifierHeartRate\" startDate=\"yesterday\" value=\"60\"/>\n</HealthData>",
            "export.xml: line 2: <Record> startDate \"yesterday\" is not a date like \"2019-07-19 10:36:11 -0700\"",
        ),
        (
            "<HealthData>\n<Workout startDate=\"2019-07-19 10:36:11 -0700\" endDate=\"2019-07-19 10:40:11 -0700\" totalDistance=\"3\" totalDistanceUnit=\"league\"/>\n</HealthData>",
            "export.xml: line 2: <Workout> totalDistanceUnit \"league\" is not a known unit",
        ),
        (
            "<HealthData>\n\n<ActivitySummary dateComponents=\"2019-13-01\"/>\n</HealthData>",
            "export.xml: line 3: <ActivitySummary> dateComponents \"2019-13-01\" is not a date like 2019-07-19",
        ),
    ];
    for (xml, message) in cases {
        let error = Export::new("export.xml", xml.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .unwrap_err();
        assert_eq!(error.to_string(), message);
    }
}

#[test]
fn after_a_bad_value_the_walk_goes_on_but_not_after_broken_xml() {
    let xml = "<HealthData>\n<Record type=\"HKQuantityTypeIdentifierHeartRate\" startDate=\"?\" value=\"60\"/>\n<Workout startDate=\"2019-07-19 10:36:11 -0700\" endDate=\"2019-07-19 10:40:11 -0700\"/>\n<Record></HealthData>";
    let got: Vec<String> = Export::new("export.xml", xml.as_bytes())
        .map(|item| match item {
            Ok(Item::Workout(_)) => "workout".to_owned(),
            Ok(other) => format!("{other:?}"),
            Err(e) => e.to_string(),
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "export.xml: line 2: <Record> startDate \"?\" is not a date like \"2019-07-19 10:36:11 -0700\"",
            "workout",
            "export.xml: line 4: </HealthData> closes <Record>",
        ]
    );
}

#[test]
fn entities_in_attribute_values_are_resolved() {
    let w = one_workout(
        "",
        r#"<MetadataEntry key="HKTimeZone" value="Europe/Paris &amp; &#x263A;"/>
           <WorkoutRoute><FileReference path="/workout-routes/route_a&amp;b&apos;s.gpx"/></WorkoutRoute>"#,
    );
    assert_eq!(
        w.workout.meta.time_zone.as_deref(),
        Some("Europe/Paris & ☺")
    );
    assert_eq!(
        w.workout.samples,
        Samples::File("workout-routes/route_a&b's.gpx".into())
    );
}

#[test]
fn damaged_exports_give_errors_or_items_but_never_panic() {
    let path = apple_dir().join("export-older.xml");
    let original = std::fs::read(&path).unwrap();
    let read = |bytes: &[u8]| {
        // A small buffer, so that tags and comments straddle refills.
        let input = BufReader::with_capacity(7, bytes);
        let _ = Export::new("export.xml", input).collect::<Result<Vec<_>, _>>();
    };
    for end in 0..original.len() {
        read(&original[..end]);
    }
    let mut damaged = original.clone();
    for i in 0..original.len() {
        for byte in [b'<', b'"', b'&', 0xFF] {
            damaged[i] = byte;
            read(&damaged);
        }
        damaged[i] = original[i];
    }
}

fn heart(at: &str, bpm: f32) -> HeartRate {
    HeartRate {
        time: archives::apple::LocalTime::parse(at).unwrap().utc,
        bpm,
    }
}

#[test]
fn a_workout_its_route_and_its_heart_rate_make_one_recording_over_apples_span() {
    let w = one_workout(
        r#"duration="61" durationUnit="min" totalDistance="20" totalDistanceUnit="km""#,
        "",
    );
    // A route on another clock (a day later), one point in the same second as a heart-rate
    // sample, and two samples of the same second from two sources.
    let gpx = br#"<?xml version="1.0"?><gpx version="1.1" creator="Apple Health Export" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
        <trkpt lat="52.0" lon="4.0"><time>2024-05-02T08:00:00Z</time><extensions><speed>5.5</speed></extensions></trkpt>
        <trkpt lat="52.1" lon="4.1"><time>2024-05-02T08:00:10Z</time></trkpt>
        <trkpt lat="52.2" lon="4.2"><time>2024-05-02T09:30:00Z</time></trkpt>
        </trkseg></trk></gpx>"#;
    let route = formats::read(gpx, &formats::Options::default()).unwrap();
    let samples = [
        heart("2024-05-01 10:00:10 +0200", 120.0),
        heart("2024-05-01 10:00:10 +0200", 125.0),
        heart("2024-05-01 10:30:00 +0200", 150.0),
    ];
    let r = archives::apple::recording(&w, Some(route), &samples);
    let times: Vec<String> = r.samples.time.iter().map(ToString::to_string).collect();
    assert_eq!(
        times,
        [
            "2024-05-01T08:00:00Z",
            "2024-05-01T08:00:10Z",
            "2024-05-01T08:30:00Z",
            "2024-05-01T09:00:00Z"
        ],
        "moved to the start; the point past the end left out; the end kept by an empty row"
    );
    let hr = r.samples.heart_rate.as_deref().unwrap();
    assert_eq!(
        (hr[1], hr[2]),
        (120.0, 150.0),
        "the first source of a second stays"
    );
    assert!(hr[0].is_nan() && hr[3].is_nan());
    assert_eq!(r.samples.latitude.as_deref().unwrap()[1], 52.1);
    assert_eq!(r.samples.speed.as_deref().unwrap()[0], 5.5);
    assert!(
        r.warnings.iter().any(|w| w.contains("moved by")),
        "{:?}",
        r.warnings
    );
    let totals = &r.sessions[0].totals;
    assert_eq!(totals.elapsed_ms, 3_600_000);
    assert_eq!(
        totals.timer_ms, None,
        "61 minutes cannot fit a 60-minute span"
    );
    assert_eq!(totals.distance_m, Some(20_000.0));
    assert_eq!(
        (r.start, r.utc_offset_minutes),
        (w.workout.summary.start.unwrap(), Some(120))
    );
}

#[test]
fn a_workout_read_in_full_is_written_out_again_and_others_only_counted() {
    let xml = r#"<HealthData>
<Workout workoutActivityType="HKWorkoutActivityTypeRunning" sourceName="Watch &amp; co" startDate="2016-11-14 07:25:41 -0700" endDate="2016-11-14 07:30:52 -0700">
 <WorkoutRoute><Location date="2016-11-14 07:25:44 -0700" latitude="37.7" longitude="-122.4"/><Location date="2016-11-14 07:25:45 -0700" latitude="37.8" longitude="-122.4"/></WorkoutRoute>
</Workout>
<Workout workoutActivityType="HKWorkoutActivityTypeWalking" startDate="2016-11-15 07:25:41 -0700" endDate="2016-11-15 07:30:52 -0700"/>
</HealthData>"#;
    let only_second = Export::new("export.xml", xml.as_bytes())
        .details(archives::apple::Details::Only([1].into()));
    let got: Vec<Workout> = only_second
        .filter_map(|i| match i.unwrap() {
            Item::Workout(w) => Some(*w),
            _ => None,
        })
        .collect();
    assert_eq!(got[0].ordinal, 0);
    assert_eq!(got[0].locations, 2, "counted");
    assert_eq!(got[0].xml, None, "not read in full");
    assert_eq!(got[0].workout.samples, Samples::None, "its route not kept");
    assert!(got[0].bytes > 300, "{}", got[0].bytes);
    let second = got[1].xml.as_deref().unwrap();
    assert!(second.contains("<Workout workoutActivityType=\"HKWorkoutActivityTypeWalking\""));
    let all: Vec<Item> = items(xml.as_bytes());
    let Item::Workout(first) = &all[0] else {
        panic!()
    };
    let first_xml = first.xml.as_deref().unwrap();
    assert!(
        first_xml.contains("sourceName=\"Watch &amp; co\""),
        "{first_xml}"
    );
    assert!(first_xml.contains("<Location date=\"2016-11-14 07:25:45 -0700\""));
    assert!(matches!(&first.workout.samples, Samples::Recording(r) if r.samples.len() == 2));
    // What a reader of the capture finds is what the export said.
    let body = first_xml.split_once('\n').unwrap().1;
    let again = items(format!("<HealthData>\n{body}</HealthData>").as_bytes());
    let Item::Workout(reread) = &again[0] else {
        panic!()
    };
    assert_eq!(reread.workout, first.workout);
}
