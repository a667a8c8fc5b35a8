//! Strava's bulk export: the real sample in the shared corpus, and `activities.csv` files
//! assembled here for the layouts and languages the sample lacks.
//!
//! `LAPS_CORPUS` overrides where the corpus is (default: `shared/corpus` beside the checkout).

use std::path::PathBuf;

use archives::strava::{self, Activities, Gear, GearKind};
use archives::{ArchiveWorkout, Samples};
use domain::Sport;

fn corpus_dir() -> PathBuf {
    std::env::var_os("LAPS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

fn export(file: &str) -> Vec<u8> {
    let path = corpus_dir().join("archives/strava-export").join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("the sample {} is needed: {e}", path.display()))
}

/// The real export's 94-column header.
fn header_94() -> Vec<String> {
    let text = String::from_utf8(export("activities.csv")).unwrap();
    let first = text.lines().next().unwrap();
    first.split(',').map(str::to_owned).collect()
}

/// A newer layout: `extra` columns added before `Media`, the last (as newer exports do).
fn header_with(extra: &[&str]) -> Vec<String> {
    let mut h = header_94();
    let media = h.pop().unwrap();
    h.extend(extra.iter().map(|e| (*e).to_owned()));
    h.push(media);
    h
}

fn header_99() -> Vec<String> {
    header_with(&[
        "Recovery",
        "With Pet",
        "Competition",
        "Long Run",
        "For a Cause",
    ])
}

fn header_101() -> Vec<String> {
    header_with(&[
        "Recovery",
        "With Pet",
        "Competition",
        "Long Run",
        "For a Cause",
        "Average Cadence (2)",
        "Total Steps (2)",
    ])
}

/// The 94-column header of a German export, as German athletes published it when other
/// importers failed on it (the first 46 names; the rest keep their English stand-ins, unread).
fn header_german() -> Vec<String> {
    let mut h = header_94();
    let german = [
        "Aktivitäts-ID",
        "Aktivitätsdatum",
        "Name der Aktivität",
        "Aktivitätsart",
        "Aktivitätsbeschreibung",
        "Verstrichene Zeit",
        "Distanz",
        "Max. Herzfrequenz",
        "Relative Leistung",
        "Pendeln",
        "Hinweis zur Privatsphäre für Aktivitäten",
        "Aktivitätsausrüstung",
        "Dateiname",
        "Sportlergewicht",
        "Fahrradgewicht",
        "Verstrichene Zeit",
        "Bewegungszeit",
        "Distanz",
        "Höchstgeschw.",
        "Durchschnittliche Geschwindigkeit",
        "Höhenzunahme",
        "Höhenunterschied",
        "Min. Höhe",
        "Max. Höhe",
        "Max. Steigung",
        "Durchschnittliche Steigung",
        "Durchschnittliche positive Steigung",
        "Durchschnittliche negative Steigung",
        "Max. Tritt-/Schrittfrequenz",
        "Durchschnittliche Trittfrequenz",
        "Max. Herzfrequenz",
        "Durchschnittliche Herzfrequenz",
        "Max. Watt",
        "Durchschnittliche Watt",
        "Kalorien",
        "Max. Temperatur",
        "Durchschnittliche Temperatur",
        "Relative Leistung",
        "Gesamtarbeit",
        "Anzahl Läufe",
        "Bergaufzeit",
        "Bergabzeit",
        "Andere Zeit",
        "Gefühlte Anstrengung",
        "Art",
        "Startzeit",
    ];
    for (i, name) in german.into_iter().enumerate() {
        h[i] = name.to_owned();
    }
    h
}

/// An `activities.csv`: the header, then one row per list of (position, text), every field
/// quoted as Strava does when it must (so commas, quotes and line breaks survive).
fn csv(header: &[String], rows: &[&[(usize, &str)]]) -> Vec<u8> {
    let quote = |f: &str| format!("\"{}\"", f.replace('"', "\"\""));
    let mut out = String::from("\u{feff}");
    out.push_str(
        &header
            .iter()
            .map(|h| quote(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for row in rows {
        let mut fields = vec![String::new(); header.len()];
        for (i, text) in row.iter() {
            fields[*i] = (*text).to_owned();
        }
        out.push_str(
            &fields
                .iter()
                .map(|f| quote(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// A ride with a recording, in the positions of every known layout.
const RIDE: &[(usize, &str)] = &[
    (0, "111"),
    (1, "Jun 1, 2023, 6:05:00 AM"),
    (2, "Morning Ride"),
    (3, "Ride"),
    (5, "3600"),
    (6, "30.5"),
    (9, "true"),
    (11, "Canyon Endurace"),
    (12, "activities/999.fit.gz"),
    (15, "3600.0"),
    (16, "3500.0"),
    (17, "30512.3"),
    (20, "250.0"),
    (30, "171.0"),
    (31, "140.4"),
    (34, "800.0"),
];

fn one(bytes: &[u8]) -> ArchiveWorkout {
    let mut all = strava::read_activities(bytes).unwrap();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn start(w: &ArchiveWorkout) -> String {
    w.summary.start.unwrap().to_string()
}

#[test]
fn the_real_export_joins_its_one_run_to_its_file_by_filename() {
    let w = one(&export("activities.csv"));
    assert_eq!(
        w.samples,
        Samples::File("activities/12866632127.fit.gz".into())
    );
    assert_eq!(w.meta.source_id.as_deref(), Some("12070555079"));
    assert_eq!(w.meta.title.as_deref(), Some("Laufen Landal Park"));
    assert_eq!(w.meta.sport, Some(Sport::Running));
    assert_eq!(w.meta.commute, Some(false));
    assert_eq!(w.meta.notes, None);
    assert_eq!(w.meta.gear, None);
    assert_eq!(start(&w), "2022-05-29T15:53:35Z");
    assert_eq!(w.summary.elapsed_ms, Some(1_428_000));
    assert_eq!(w.summary.moving_ms, Some(1_411_000));
    assert_eq!(
        w.summary.distance_m,
        Some(3320.0),
        "the first Distance, in km"
    );
    assert_eq!(w.summary.calories, Some(262));
    assert_eq!(w.summary.avg_hr, None);
    assert_eq!(w.summary.ascent_m.map(f64::round), Some(62.0));
}

#[test]
fn every_known_layout_reads_the_same_ride() {
    let layouts = [
        ("94 columns", header_94()),
        ("99 columns", header_99()),
        ("101 columns", header_101()),
        ("German headers", header_german()),
    ];
    for (why, header) in layouts {
        let w = one(&csv(&header, &[RIDE]));
        assert_eq!(
            w.samples,
            Samples::File("activities/999.fit.gz".into()),
            "{why}"
        );
        assert_eq!(w.meta.source_id.as_deref(), Some("111"), "{why}");
        assert_eq!(w.meta.title.as_deref(), Some("Morning Ride"), "{why}");
        assert_eq!(w.meta.sport, Some(Sport::Cycling), "{why}");
        assert_eq!(w.meta.gear.as_deref(), Some("Canyon Endurace"), "{why}");
        assert_eq!(w.meta.commute, Some(true), "{why}");
        assert_eq!(start(&w), "2023-06-01T06:05:00Z", "{why}");
        assert_eq!(w.summary.elapsed_ms, Some(3_600_000), "{why}");
        assert_eq!(w.summary.moving_ms, Some(3_500_000), "{why}");
        assert_eq!(w.summary.distance_m, Some(30_500.0), "{why}");
        assert_eq!(w.summary.ascent_m, Some(250.0), "{why}");
        assert_eq!(w.summary.max_hr, Some(171), "{why}");
        assert_eq!(w.summary.avg_hr, Some(140), "{why}");
        assert_eq!(w.summary.calories, Some(800), "{why}");
    }
}

#[test]
fn a_german_export_reads_its_localized_dates_and_types() {
    let row: &[(usize, &str)] = &[
        (0, "7"),
        (1, "29. Mai 2022, 15:53:35"),
        (3, "Lauf"),
        (12, "activities/7.gpx"),
    ];
    let w = one(&csv(&header_german(), &[row]));
    assert_eq!(start(&w), "2022-05-29T15:53:35Z");
    assert_eq!(w.meta.sport, Some(Sport::Running));
}

/// A ride as a German export writes it (the shape of a row German athletes published): a
/// numeric date with a comma, the first distance in km with a decimal comma, the second in m.
#[test]
fn a_german_ride_reads_its_date_decimal_comma_private_note_and_gear() {
    let row: &[(usize, &str)] = &[
        (0, "8228026758"),
        (1, "09.12.2022, 15:24:49"),
        (2, "2022-12-09 16:24"),
        (3, "Radfahrt"),
        (4, "bewölkt, 0°C\n---\n "),
        (5, "3189"),
        (6, "9,44"),
        (9, "true"),
        (10, "Knie"),
        (11, "Patria"),
        (12, "activities/8228026758.gpx"),
        (14, "20.0"),
        (15, "3189.0"),
        (16, "2070.0"),
        (17, "9440.0"),
    ];
    let w = one(&csv(&header_german(), &[row]));
    assert_eq!(start(&w), "2022-12-09T15:24:49Z");
    assert_eq!(w.meta.sport, Some(Sport::Cycling));
    assert_eq!(w.meta.title.as_deref(), Some("2022-12-09 16:24"));
    assert_eq!(w.meta.private_note.as_deref(), Some("Knie"));
    assert_eq!(w.meta.gear.as_deref(), Some("Patria"));
    assert_eq!(w.meta.commute, Some(true));
    assert_eq!(w.summary.elapsed_ms, Some(3_189_000));
    assert_eq!(w.summary.moving_ms, Some(2_070_000));
    assert_eq!(w.summary.distance_m, Some(9440.0));
    assert_eq!(
        w.samples,
        Samples::File("activities/8228026758.gpx".to_owned())
    );
}

#[test]
fn a_manual_entry_has_no_samples_and_keeps_the_summary() {
    let manual: &[(usize, &str)] = &[
        (0, "222"),
        (1, "29 May 2022, 15:53:35"),
        (2, "Swim at the lake"),
        (3, "Swim"),
        (5, "1800"),
        (6, "1.5"),
        (10, "cold!"),
    ];
    let w = one(&csv(&header_99(), &[manual]));
    assert_eq!(w.samples, Samples::None);
    assert_eq!(w.meta.sport, Some(Sport::Swimming));
    assert_eq!(w.meta.private_note.as_deref(), Some("cold!"));
    assert_eq!(start(&w), "2022-05-29T15:53:35Z");
    assert_eq!(w.summary.elapsed_ms, Some(1_800_000));
    assert_eq!(w.summary.distance_m, Some(1500.0));
    assert_eq!(w.summary.moving_ms, None);
}

#[test]
fn quoted_descriptions_keep_their_commas_quotes_and_line_breaks() {
    let description = "Tempo, then \"easy\",\ncool-down\r\nlast line";
    let mut row = RIDE.to_vec();
    row.push((4, description));
    let rows: [&[(usize, &str)]; 2] = [&row, RIDE];
    let all = strava::read_activities(&csv(&header_101(), &rows)).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].meta.notes.as_deref(), Some(description));
    assert_eq!(all[1].meta.notes, None);
    assert_eq!(all[1].meta.title.as_deref(), Some("Morning Ride"));
}

#[test]
fn a_broken_date_is_refused_naming_its_line_and_column() {
    let mut row = RIDE.to_vec();
    row[1] = (1, "Mayday 29, 2022, 3:53:35 PM");
    let rows: [&[(usize, &str)]; 2] = [RIDE, &row];
    let e = strava::read_activities(&csv(&header_94(), &rows)).unwrap_err();
    assert_eq!(e.entry, "activities.csv");
    assert!(e.message.contains("line 3"), "{e}");
    assert!(e.message.contains("column 2 `Activity Date`"), "{e}");
    assert!(e.message.contains("Mayday 29"), "{e}");
}

#[test]
fn the_rows_before_a_broken_one_are_still_yielded() {
    let mut row = RIDE.to_vec();
    row[1] = (1, "yesterday");
    let rows: [&[(usize, &str)]; 2] = [RIDE, &row];
    let bytes = csv(&header_94(), &rows);
    let results: Vec<_> = Activities::new(&bytes).unwrap().collect();
    assert!(results[0].is_ok());
    assert!(results[1].is_err());
}

#[test]
fn a_header_without_a_required_column_is_refused_naming_it() {
    let mut header = header_94();
    header[12] = "Datei".to_owned();
    let Err(e) = Activities::new(&csv(&header, &[RIDE])) else {
        panic!("a header without Filename was accepted");
    };
    assert!(e.message.contains("`Filename`"), "{e}");
    assert!(e.message.contains("`Datei`"), "{e}");
}

#[test]
fn columns_of_an_unknown_layout_are_found_by_their_names() {
    let header: Vec<String> = ["Filename", "Activity Type", "Activity Date", "Activity ID"]
        .map(str::to_owned)
        .to_vec();
    let row: &[(usize, &str)] = &[
        (0, "activities/1.tcx.gz"),
        (1, "Hike"),
        (2, "2022-05-29 15:53:35"),
        (3, "1"),
    ];
    let w = one(&csv(&header, &[row]));
    assert_eq!(w.samples, Samples::File("activities/1.tcx.gz".into()));
    assert_eq!(w.meta.sport, Some(Sport::Hiking));
    assert_eq!(w.summary.distance_m, None);
}

#[test]
fn a_row_of_the_wrong_width_is_refused() {
    let mut bytes = csv(&header_94(), &[]);
    bytes.extend_from_slice(b"1,May 29, 2022, 3:53:35 PM\r\n");
    let e = strava::read_activities(&bytes).unwrap_err();
    assert!(e.message.contains("line 2"), "{e}");
    assert!(e.message.contains("header has 94"), "{e}");
}

#[test]
fn gear_lists_name_brand_and_model() {
    assert_eq!(
        strava::read_gear(GearKind::Bike, &export("bikes.csv")).unwrap(),
        [],
        "the sample has a header only"
    );
    let shoes = "Shoe Name,Shoe Brand,Shoe Model,Shoe Default Sport Types\n\
                 \"Pegasus, blue\",Nike,Pegasus 39,Run\n\
                 ,,,\n\
                 Old pair,,,\n";
    let got = strava::read_gear(GearKind::Shoes, shoes.as_bytes()).unwrap();
    assert_eq!(
        got,
        [
            Gear {
                name: "Pegasus, blue".into(),
                kind: GearKind::Shoes,
                brand: Some("Nike".into()),
                model: Some("Pegasus 39".into()),
            },
            Gear {
                name: "Old pair".into(),
                kind: GearKind::Shoes,
                brand: None,
                model: None,
            },
        ]
    );
}
