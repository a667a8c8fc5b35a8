//! Account exports of other services (issue 12). When a zip's layout is a service's export
//! (told by [`archives::recognise`] from its entry names), its index is read first (Strava's
//! `activities.csv`, within the request's decompression budget) and each row becomes an item
//! that carries what the service knew: the row's file, read like any other upload, or for a
//! manual entry (no file), a recording built from the row's summary. A Polar Flow export has
//! no index: each `training-session-*.json` is an item read with [`archives::polar`], and the
//! entries of other kinds are counted as left out. The workouts they become get the service's
//! title, notes and sport. A Google Fit Takeout is planned in `service_export/google.rs`; a
//! Garmin Connect export, whose files sit in zips inside the zip, in `upload/garmin.rs`.

mod google;

use archives::{Kind, Meta, Samples, Service, Summary};
use domain::{Sport, WorkoutSummary};
use formats::{Recording, Session, Totals};

/// What a service knew about an item, applied to the workouts it becomes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Described {
    /// The service whose export it came in.
    pub service: Service,
    /// Title, notes, sport, gear, commute, and the service's id.
    pub meta: Meta,
    /// The service's figures: the whole workout for a manual entry.
    pub summary: Summary,
    /// The gear the service named, to find or make (see [`crate::gear::from_service`]).
    pub gear: Option<domain::GearDraft>,
}

/// One row of an export's index, planned; `K` says where a file is (a zip entry's index, or an
/// upload's for an unpacked export).
#[derive(Debug)]
pub(crate) struct Row<K> {
    /// The name results show.
    pub name: String,
    /// Where its file is; `None` for a manual entry.
    pub entry: Option<K>,
    /// What the service knew.
    pub described: Described,
}

/// An entry that holds a whole workout in the service's own format (a Polar Flow session),
/// read when its turn comes.
#[derive(Debug)]
pub(crate) struct SessionEntry<K> {
    /// The name results show.
    pub name: String,
    /// Where it is.
    pub entry: K,
}

/// One item of an export.
#[derive(Debug)]
pub(crate) enum ExportItem<K> {
    /// A row of the export's index.
    Row(Box<Row<K>>),
    /// An entry read with its service's reader.
    Session(SessionEntry<K>),
    /// An entry holding days of activity, read with its service's reader.
    Days(SessionEntry<K>),
    /// Entries that together hold days of activity (Google Fit's assembled daily metrics and
    /// its per-day files), read into one item by [`DayFiles`]: the name results show, and
    /// each entry's path in the archive with where it is.
    ManyDays {
        /// The name results show.
        name: String,
        /// Each entry: its path inside the archive (its kind is told from it), and where it is.
        entries: Vec<(String, K)>,
    },
    /// An original of Laps' own export, with what its index says (a restore).
    Restore(Box<crate::restore::Planned<K>>),
    /// The account's settings or days from the index of Laps' own export: (name, part).
    Account(String, Box<crate::restore::AccountPart>),
}

/// An archive planned as a service export.
#[derive(Debug)]
pub(crate) struct ExportPlan<K> {
    /// The service whose export it is (none for Laps' own).
    pub service: Option<Service>,
    /// Each item: planned, or (name, reason) when it cannot be imported.
    pub rows: Vec<Result<ExportItem<K>, (String, String)>>,
    /// Entries of kinds Laps does not import, by kind, with how many there were.
    pub skipped: Vec<(String, usize)>,
    /// Entries the export accounts for (its index and tables, the files rows name): they are
    /// not imported again as loose files.
    pub consumed: Vec<K>,
}

/// Plans a listed zip (or the files of an unpacked export) as a service export when its layout
/// is one this importer reads (Strava, Polar Flow, Laps' own: a restore); `None` leaves the files to be imported one
/// by one. `shown` prefixes names in results (`archive.zip/`, or nothing for files); `read`
/// reads one entry within the request's limits.
pub(crate) fn plan_export<K: Copy + PartialEq>(
    shown: &str,
    entries: &[(K, String)],
    read: impl FnMut(K) -> Result<Vec<u8>, String>,
) -> Option<ExportPlan<K>> {
    let layout = archives::recognise(entries.iter().map(|(_, name)| name.as_str()));
    match layout.kind {
        Kind::Service(Service::Strava) => plan_strava(shown, &layout.root, entries, read),
        Kind::Service(Service::PolarFlow) => Some(plan_polar(shown, &layout.root, entries)),
        Kind::Service(Service::GoogleFit) => Some(google::plan(shown, &layout.root, entries)),
        Kind::Laps => Some(crate::restore::plan_laps(
            shown,
            &layout.root,
            entries,
            read,
        )),
        _ => None,
    }
}

/// A Polar Flow export: its sessions are items; its other JSON entries (days of activity,
/// sleep, settings, ...) are counted by kind and left out; anything else is a loose file.
fn plan_polar<K: Copy>(shown: &str, root: &str, entries: &[(K, String)]) -> ExportPlan<K> {
    use archives::polar::PolarKind;
    let mut plan = ExportPlan {
        service: Some(Service::PolarFlow),
        rows: Vec::new(),
        skipped: Vec::new(),
        consumed: Vec::new(),
    };
    for (i, name) in entries {
        if !name.starts_with(root) || !name.ends_with(".json") {
            continue;
        }
        plan.consumed.push(*i);
        match PolarKind::of(name) {
            PolarKind::TrainingSession => plan.rows.push(Ok(ExportItem::Session(SessionEntry {
                name: format!("{shown}{name}"),
                entry: *i,
            }))),
            PolarKind::Activity => plan.rows.push(Ok(ExportItem::Days(SessionEntry {
                name: format!("{shown}{name}"),
                entry: *i,
            }))),
            PolarKind::Other(kind) => count(&mut plan.skipped, &kind),
        }
    }
    plan
}

pub(crate) use google::DayFiles;

fn count(skipped: &mut Vec<(String, usize)>, kind: &str) {
    match skipped.iter_mut().find(|(k, _)| k == kind) {
        Some((_, n)) => *n += 1,
        None => skipped.push((kind.to_owned(), 1)),
    }
}

/// A Strava export: `activities.csv` read first, one item per row.
fn plan_strava<K: Copy + PartialEq>(
    shown: &str,
    root: &str,
    entries: &[(K, String)],
    mut read: impl FnMut(K) -> Result<Vec<u8>, String>,
) -> Option<ExportPlan<K>> {
    let index_name = format!("{root}{}", archives::strava::ACTIVITIES);
    let (index, _) = entries.iter().find(|(_, name)| *name == index_name)?;
    let mut plan = ExportPlan {
        service: Some(Service::Strava),
        skipped: Vec::new(),
        // The export's own tables (profile, gear, goals, ...) hold no workout files.
        consumed: entries
            .iter()
            .filter(|(_, name)| {
                name.strip_prefix(root)
                    .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".csv"))
            })
            .map(|(i, _)| *i)
            .collect(),
        rows: Vec::new(),
    };
    let index_shown = format!("{shown}{index_name}");
    let bytes = match read(*index) {
        Ok(bytes) => bytes,
        Err(reason) => {
            plan.rows.push(Err((index_shown, reason)));
            return Some(plan);
        }
    };
    let activities = match archives::strava::Activities::new(&bytes) {
        Ok(activities) => activities,
        Err(e) => {
            plan.rows.push(Err((index_shown, e.message)));
            return Some(plan);
        }
    };
    let gear = strava_gear(shown, root, entries, &mut read, &mut plan);
    for row in activities {
        let workout = match row {
            Ok(workout) => workout,
            Err(e) => {
                plan.rows.push(Err((index_shown.clone(), e.message)));
                continue;
            }
        };
        let described = Described {
            service: Service::Strava,
            gear: crate::gear::from_service(&workout.meta, &gear),
            meta: workout.meta,
            summary: workout.summary,
        };
        plan.rows.push(match workout.samples {
            Samples::File(path) => {
                let full = format!("{root}{}", path.replace('\\', "/"));
                let name = format!("{shown}{full}");
                match entries.iter().find(|(_, name)| *name == full) {
                    Some((i, _)) => {
                        plan.consumed.push(*i);
                        Ok(ExportItem::Row(Box::new(Row {
                            name,
                            entry: Some(*i),
                            described,
                        })))
                    }
                    None => Err((
                        name,
                        format!(
                            "{} names this file for {}, but the export does not hold it",
                            archives::strava::ACTIVITIES,
                            label(&described.meta)
                        ),
                    )),
                }
            }
            Samples::None => Ok(ExportItem::Row(Box::new(Row {
                name: format!("{index_shown}: {}", label(&described.meta)),
                entry: None,
                described,
            }))),
            // Strava's rows name files or nothing; a reader giving a recording is for another
            // service, not planned here yet.
            Samples::Recording(_) => Err((
                index_shown.clone(),
                format!("{} cannot be imported yet", label(&described.meta)),
            )),
        });
    }
    Some(plan)
}

/// The gear a Strava export lists (`bikes.csv`, `shoes.csv`), for the rows' gear to take its
/// kind, brand and model from. A table that cannot be read is named in the results; the rows
/// still get their gear, its kind told by their sport.
fn strava_gear<K: Copy>(
    shown: &str,
    root: &str,
    entries: &[(K, String)],
    read: &mut impl FnMut(K) -> Result<Vec<u8>, String>,
    plan: &mut ExportPlan<K>,
) -> Vec<archives::strava::Gear> {
    use archives::strava::{GearKind, read_gear};
    let mut gear = Vec::new();
    for kind in [GearKind::Bike, GearKind::Shoes] {
        let name = format!("{root}{}", kind.entry());
        let Some((i, _)) = entries.iter().find(|(_, n)| *n == name) else {
            continue;
        };
        let why = match read(*i).and_then(|bytes| read_gear(kind, &bytes).map_err(|e| e.message)) {
            Ok(listed) => {
                gear.extend(listed);
                continue;
            }
            Err(why) => why,
        };
        plan.rows.push(Err((
            format!("{shown}{name}"),
            format!("{why}; the activities' gear is still imported, its kind told by their sport"),
        )));
    }
    gear
}

/// Reads a Polar Flow session entry into an item: its recording, the JSON as its original, and
/// what Polar knew.
pub(crate) fn polar_item(name: String, bytes: &[u8]) -> crate::Item {
    let workout = match archives::polar::read_session(&name, bytes) {
        Ok(workout) => workout,
        Err(e) => return crate::Item::broken(name, e.message),
    };
    let described = Described {
        service: Service::PolarFlow,
        gear: crate::gear::from_service(&workout.meta, &[]),
        meta: workout.meta,
        summary: workout.summary,
    };
    match workout.samples {
        Samples::Recording(recording) => {
            crate::Item::recording(name, *recording, bytes.to_vec()).described(described)
        }
        // The reader gives every session its recording; a summary alone would be a manual entry.
        _ => crate::Item::manual(name, described),
    }
}

/// Reads an entry of days of activity into an item, with the reader of the export's service.
pub(crate) fn days_item(service: Service, name: String, bytes: &[u8]) -> crate::Item {
    let days = match service {
        Service::PolarFlow => archives::polar::read_activity(&name, bytes).map(|day| vec![day]),
        Service::Garmin => archives::garmin::read_days(&name, bytes),
        other => Err(archives::ArchiveError::new(
            &name,
            format!("days of activity from {} are not read", other.name()),
        )),
    };
    match days {
        Ok(days) => crate::Item::days(name, crate::days::ArchiveDays { service, days }),
        Err(e) => crate::Item::broken(name, e.message),
    }
}

/// How a row is named to the uploader: its title and the service's id.
pub(crate) fn label(meta: &Meta) -> String {
    match (&meta.title, &meta.source_id) {
        (Some(title), Some(id)) => format!("“{title}” (activity {id})"),
        (Some(title), None) => format!("“{title}”"),
        (None, Some(id)) => format!("activity {id}"),
        (None, None) => "an activity".to_owned(),
    }
}

/// The recording of a manual entry: one session with the service's totals and no samples
/// (the store keeps a recording for every workout, and the summaries are read from it).
pub(crate) fn manual_recording(d: &Described) -> Result<Recording, String> {
    let s = &d.summary;
    let start = s
        .start
        .ok_or_else(|| "the service gives no start for this entry".to_owned())?;
    let elapsed_ms = s
        .elapsed_ms
        .or(s.moving_ms)
        .filter(|ms| *ms > 0)
        .ok_or_else(|| {
            "the service gives no duration and no file for this entry: nothing to import".to_owned()
        })?;
    let sport = d.meta.sport.unwrap_or_default();
    let totals = Totals {
        elapsed_ms,
        timer_ms: s.moving_ms,
        distance_m: s.distance_m,
        calories: s.calories,
        avg_heart_rate: s.avg_hr.and_then(|h| u8::try_from(h).ok()),
        max_heart_rate: s.max_hr.and_then(|h| u8::try_from(h).ok()),
        ascent_m: s
            .ascent_m
            .map(|m| m.round().clamp(0.0, f64::from(u16::MAX)) as u16),
        ..Totals::default()
    };
    Ok(Recording {
        sport,
        start,
        utc_offset_minutes: s.utc_offset_min,
        sessions: vec![Session {
            sport,
            sub_sport: None,
            start,
            totals,
            laps: 0..0,
        }],
        ..Recording::default()
    })
}

/// The key a manual entry is deduplicated by: the service and its id for the entry, or, when
/// the service gives none, everything it said about it.
pub(crate) fn manual_key(d: &Described) -> String {
    match &d.meta.source_id {
        Some(id) => format!("{}\n{id}", d.service.name()),
        None => format!("{}\n{:?}\n{:?}", d.service.name(), d.meta, d.summary),
    }
}

/// The service's reference to the activity, stored with the workout.
pub(crate) fn source(d: &Described) -> Option<db::SourceRef> {
    Some(db::SourceRef {
        service: d.service.name().to_owned(),
        id: d.meta.source_id.clone()?,
    })
}

/// The original kept for a manual entry (there is no file): what the service said, as JSON,
/// and the name it is downloaded under.
pub(crate) fn manual_original(d: &Described) -> (String, Vec<u8>) {
    let (m, s) = (&d.meta, &d.summary);
    let json = serde_json::json!({
        "service": d.service.name(),
        "id": m.source_id,
        "title": m.title,
        "description": m.notes,
        "private_note": m.private_note,
        "sport": m.sport.map(Sport::name),
        "gear": m.gear,
        "commute": m.commute,
        "start_ms": s.start.map(domain::Timestamp::unix_ms),
        "utc_offset_min": s.utc_offset_min,
        "elapsed_ms": s.elapsed_ms,
        "moving_ms": s.moving_ms,
        "distance_m": s.distance_m,
        "calories": s.calories,
        "avg_hr": s.avg_hr,
        "max_hr": s.max_hr,
        "ascent_m": s.ascent_m,
    });
    let service = d.service.name().to_lowercase().replace(' ', "-");
    let name = match &m.source_id {
        Some(id) => format!("{service}-{id}.json"),
        None => format!("{service}-manual.json"),
    };
    // Serialising a `Value` to memory cannot fail.
    let bytes = serde_json::to_vec_pretty(&json).expect("JSON to memory");
    (name, bytes)
}

/// Gives recordings whose files carry no UTC offset (TCX, GPX) the one the service states
/// (Google Fit writes it in each file's name): the local time the athlete saw, which the
/// athlete's zone setting would only guess when the file has no position to find its zone.
pub(crate) fn state_offset(d: &Described, recordings: &mut [Recording]) {
    if let Some(offset) = d.summary.utc_offset_min {
        for r in recordings
            .iter_mut()
            .filter(|r| r.utc_offset_minutes.is_none())
        {
            r.utc_offset_minutes = Some(offset);
        }
    }
}

/// What [`manual_original`] wrote, read back (a restore of Laps' own export): `None` when the
/// JSON is not a manual entry's original (it names no service Laps knows).
pub(crate) fn manual_from_original(bytes: &[u8]) -> Option<Described> {
    #[derive(serde::Deserialize)]
    struct Original {
        service: String,
        id: Option<String>,
        title: Option<String>,
        description: Option<String>,
        private_note: Option<String>,
        sport: Option<String>,
        gear: Option<String>,
        commute: Option<bool>,
        start_ms: Option<i64>,
        utc_offset_min: Option<i32>,
        elapsed_ms: Option<i64>,
        moving_ms: Option<i64>,
        distance_m: Option<f64>,
        calories: Option<u32>,
        avg_hr: Option<u16>,
        max_hr: Option<u16>,
        ascent_m: Option<f64>,
    }
    let o: Original = serde_json::from_slice(bytes).ok()?;
    let mut described = Described {
        service: Service::from_name(&o.service)?,
        gear: None,
        meta: Meta {
            source_id: o.id,
            title: o.title,
            notes: o.description,
            private_note: o.private_note,
            sport: o.sport.as_deref().map(Sport::from_name),
            gear: o.gear,
            commute: o.commute,
            time_zone: None,
        },
        summary: Summary {
            start: o.start_ms.map(domain::Timestamp::from_unix_ms),
            utc_offset_min: o.utc_offset_min,
            elapsed_ms: o.elapsed_ms,
            moving_ms: o.moving_ms,
            distance_m: o.distance_m,
            calories: o.calories,
            avg_hr: o.avg_hr,
            max_hr: o.max_hr,
            ascent_m: o.ascent_m,
        },
    };
    // The gear the entry named becomes gear again, as on its first import.
    described.gear = crate::gear::from_service(&described.meta, &[]);
    Some(described)
}

/// Gives a workout what the service knew: its title, its sport (else the file's stays), its
/// time zone, and notes made of the description, the private note under a heading of its own,
/// a `#commute` tag (the store has one notes field, so they share it) and the gear's name when
/// it cannot be gear of its own (the workout's gear is set apart, from [`Described::gear`]).
pub(crate) fn apply(d: &Described, summary: &mut WorkoutSummary) {
    let m = &d.meta;
    if let Some(title) = m.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        summary.title = title.to_owned();
    }
    if let Some(sport) = m.sport {
        summary.sport = sport;
    }
    // The zone the service recorded (Apple's `HKTimeZone`) names the place better than a
    // lookup by position, and is all there is without one; a name no zone has is ignored.
    if let Some(zone) = m
        .time_zone
        .as_deref()
        .filter(|z| crate::zone::offset_at(z, summary.start.unix_ms()).is_some())
    {
        summary.time_zone = Some(zone.to_owned());
    }
    let notes = notes(m, d.gear.is_none());
    if !notes.is_empty() {
        summary.notes = notes;
    }
}

/// The notes a service's description makes: the description, the private note, the gear
/// (when `gear_line`: its name could not be gear of its own) and the commute tag, in that order.
pub(crate) fn notes(m: &Meta, gear_line: bool) -> String {
    let text = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let mut parts: Vec<String> = Vec::new();
    parts.extend(text(&m.notes));
    if let Some(private) = text(&m.private_note) {
        parts.push(format!("Private note:\n{private}"));
    }
    if let Some(gear) = text(&m.gear).filter(|_| gear_line) {
        parts.push(format!("Gear: {gear}"));
    }
    if m.commute == Some(true) {
        parts.push("#commute".to_owned());
    }
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            source_id: Some("7".to_owned()),
            title: Some("Lunch ride".to_owned()),
            ..Meta::default()
        }
    }

    #[test]
    fn notes_gather_description_private_note_gear_and_commute_in_that_order() {
        let cases = [
            ("nothing said, no notes", Meta::default(), ""),
            (
                "a description alone",
                Meta {
                    notes: Some(" Windy ".to_owned()),
                    ..Meta::default()
                },
                "Windy",
            ),
            (
                "everything",
                Meta {
                    notes: Some("Windy".to_owned()),
                    private_note: Some("knee hurt".to_owned()),
                    gear: Some("Canyon".to_owned()),
                    commute: Some(true),
                    ..Meta::default()
                },
                "Windy\n\nPrivate note:\nknee hurt\n\nGear: Canyon\n\n#commute",
            ),
            (
                "not a commute, no tag",
                Meta {
                    commute: Some(false),
                    ..Meta::default()
                },
                "",
            ),
        ];
        for (what, meta, want) in cases {
            assert_eq!(notes(&meta, true), want, "{what}");
        }
        let with_gear = Meta {
            gear: Some("Canyon".to_owned()),
            commute: Some(true),
            ..Meta::default()
        };
        assert_eq!(
            notes(&with_gear, false),
            "#commute",
            "gear of its own is not repeated in the notes"
        );
    }

    #[test]
    fn a_manual_entry_becomes_one_session_with_the_services_totals() {
        let d = Described {
            service: Service::Strava,
            gear: None,
            meta: Meta {
                sport: Some(Sport::Cycling),
                ..meta()
            },
            summary: Summary {
                start: Some(domain::Timestamp::from_unix_ms(1_000_000)),
                elapsed_ms: Some(3_600_000),
                moving_ms: Some(3_000_000),
                distance_m: Some(30_000.0),
                avg_hr: Some(400), // beyond what a session holds: dropped, not wrapped
                ..Summary::default()
            },
        };
        let r = manual_recording(&d).unwrap();
        assert_eq!((r.sport, r.duration_ms()), (Sport::Cycling, 3_600_000));
        assert_eq!(r.timer_ms(), 3_000_000);
        assert_eq!(r.distance_m(), Some(30_000.0));
        assert_eq!(r.sessions[0].totals.avg_heart_rate, None);
        assert!(r.samples.is_empty());
    }

    #[test]
    fn a_manual_entry_without_a_duration_is_refused_with_a_reason() {
        let d = Described {
            service: Service::Strava,
            gear: None,
            meta: meta(),
            summary: Summary {
                start: Some(domain::Timestamp::from_unix_ms(0)),
                ..Summary::default()
            },
        };
        assert!(manual_recording(&d).unwrap_err().contains("no duration"));
    }

    #[test]
    fn manual_entries_are_keyed_by_the_services_id() {
        let a = Described {
            service: Service::Strava,
            gear: None,
            meta: meta(),
            summary: Summary::default(),
        };
        let renamed = Described {
            meta: Meta {
                title: Some("renamed".to_owned()),
                ..meta()
            },
            ..a.clone()
        };
        assert_eq!(manual_key(&a), manual_key(&renamed));
        assert_eq!(manual_original(&a).0, "strava-7.json");
    }

    #[test]
    fn a_manual_entrys_original_reads_back_as_what_the_service_said() {
        let mut d = Described {
            service: Service::Strava,
            gear: None,
            meta: Meta {
                notes: Some("Windy".to_owned()),
                private_note: Some("knee".to_owned()),
                sport: Some(Sport::Cycling),
                gear: Some("Canyon".to_owned()),
                commute: Some(true),
                ..meta()
            },
            summary: Summary {
                start: Some(domain::Timestamp::from_unix_ms(1_700_000_000_123)),
                utc_offset_min: Some(60),
                elapsed_ms: Some(3_600_000),
                moving_ms: Some(3_000_000),
                distance_m: Some(30_123.4),
                calories: Some(700),
                avg_hr: Some(140),
                max_hr: Some(170),
                ascent_m: Some(312.5),
            },
        };
        d.gear = crate::gear::from_service(&d.meta, &[]);
        assert!(d.gear.is_some(), "the entry's gear is gear");
        let back = manual_from_original(&manual_original(&d).1).unwrap();
        assert_eq!(back, d);
        assert_eq!(manual_key(&back), manual_key(&d), "so its hash is the same");
        assert_eq!(manual_from_original(br#"{"exportVersion": "1.6"}"#), None);
        assert_eq!(manual_from_original(br#"{"service": "Elsewhere"}"#), None);
    }
}
