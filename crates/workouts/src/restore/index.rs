//! `index.json` of Laps' own export: what the account export writes and a restore reads back.
//!
//! Version 3 is an object: `format` (`laps-export`), `version`, `exported_at`, the account's
//! `preferences`, its `gear` and `gear_defaults` (per sport, the gear's name), its `workouts`
//! (what each workout's file does not say: the athlete's title, notes and sport, its gear by
//! name, the original's entry and hash, every service reference it is known by, the sensor
//! session it was built from) and its `daily_activity`. Version 2 had no gear and one
//! reference per workout (`source`, still written: the one it was stored from); it is read as
//! it was, its workouts given the account's default gear. Version 1 (exports made before
//! restores) was a bare array of workouts with a title, a sport and the original's entry:
//! still read, the rest of a restore then comes from the originals alone.
//!
//! The index is read as untrusted input: each list holds at most [`MAX_LIST`] entries, each
//! entry is parsed on its own (one bad workout is refused by itself, naming its position), and
//! nothing is built from the text but typed values, so memory stays within a small multiple
//! of the index's size.

use std::{fmt, marker::PhantomData};

use domain::{ActivityHour, Gear, Preferences, Sport};
use serde::{
    Deserialize, Deserializer, Serialize,
    de::{Error as _, SeqAccess, Visitor},
};
use serde_json::value::RawValue;

/// The `format` of the index of Laps' own export.
pub(crate) const FORMAT: &str = "laps-export";
/// The index version this Laps writes.
pub(crate) const VERSION: u32 = 3;
/// The first version that tells each workout's gear (and none for a workout without).
pub(crate) const GEAR_VERSION: u32 = 3;
/// Most pieces of gear a restore takes: more than any athlete owns, and a bound on the work
/// (each is looked up by name).
pub(crate) const MAX_GEAR: usize = 1_000;
/// Most service references one workout may be known by (a handful of services in practice).
pub(crate) const MAX_SOURCES: usize = 20;
/// Longest service name or service id a restore accepts, characters.
pub(crate) const MAX_REFERENCE: usize = 200;
/// Most entries one list of the index may hold: more workouts than a lifetime of training and
/// 270 years of days, and a bound on what reading the index may allocate.
pub(crate) const MAX_LIST: usize = 100_000;
/// Longest title a restore accepts, characters (the app lets athletes write 120).
pub(crate) const MAX_TITLE: usize = 1_000;
/// Longest notes a restore accepts, characters (the app lets athletes write 10,000; a
/// service's description may be longer).
pub(crate) const MAX_NOTES: usize = 100_000;

/// The index as the export writes it.
#[derive(Debug, Serialize)]
pub(crate) struct IndexOut<'a> {
    /// [`FORMAT`].
    pub format: &'static str,
    /// [`VERSION`].
    pub version: u32,
    /// When the export was written, RFC 3339 UTC.
    pub exported_at: String,
    /// The account's preferences.
    pub preferences: &'a Preferences,
    /// Every piece of gear, retired too.
    pub gear: &'a [IndexGear],
    /// The default gear per sport.
    pub gear_defaults: &'a [IndexGearDefault],
    /// Every workout.
    pub workouts: &'a [IndexWorkout],
    /// Every day of activity.
    pub daily_activity: &'a [IndexDay],
}

/// One workout of the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct IndexWorkout {
    /// Its id in the exported account: it names the export's files, and is never used as an
    /// id in the account restored into.
    #[serde(default)]
    pub id: i64,
    /// The title, as the athlete left it.
    #[serde(default)]
    pub title: Option<String>,
    /// The notes (absent in version 1).
    #[serde(default)]
    pub notes: Option<String>,
    /// The sport, as the athlete left it.
    #[serde(default)]
    pub sport: Option<Sport>,
    /// The start, RFC 3339 UTC (how version 1 gave it).
    #[serde(default)]
    pub start_utc: String,
    /// The start, unix ms.
    #[serde(default)]
    pub start_ms: Option<i64>,
    /// The UTC offset at the start, minutes east.
    #[serde(default)]
    pub utc_offset_minutes: Option<i32>,
    /// The IANA zone, when known.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Elapsed time, ms (for people reading the index).
    #[serde(default)]
    pub elapsed_ms: i64,
    /// Distance, m (for people reading the index).
    #[serde(default)]
    pub distance_m: Option<f64>,
    /// Its FIT export's entry: a copy for other programs, never imported by a restore.
    #[serde(default)]
    pub fit: String,
    /// The entry holding its original, gzip-compressed (shared by the workouts of one file).
    pub original_gz: String,
    /// The name the original was uploaded under.
    #[serde(default)]
    pub original_name: Option<String>,
    /// BLAKE2b-256 (hex) of what it was imported from: tells whether the upload itself was
    /// gzip (then the entry is the upload) or not (then the entry inflates to it).
    #[serde(default)]
    pub content_hash: Option<String>,
    /// Which workout of its original it is, from 0.
    #[serde(default)]
    pub part: Option<u32>,
    /// The service it was stored from and the service's id for it (the first of `sources`;
    /// all version 2 knew).
    #[serde(default)]
    pub source: Option<IndexSource>,
    /// Every service reference it is known by, oldest first (version 3).
    #[serde(default)]
    pub sources: Vec<IndexSource>,
    /// The name of its gear, one of the index's `gear` (version 3: absent or null for none).
    #[serde(default)]
    pub gear: Option<String>,
    /// The sensor session it was built from, when it was synced.
    #[serde(default)]
    pub sensor: Option<IndexSensor>,
}

impl IndexWorkout {
    /// How a workout is named to the athlete: its title and its id in the export.
    pub fn label(&self) -> String {
        match self
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(title) => format!("“{title}” (workout {})", self.id),
            None => format!("workout {}", self.id),
        }
    }
}

/// A service's reference to a workout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct IndexSource {
    /// The service's name (`Strava`, `Polar Flow`, ...).
    pub service: String,
    /// Its id for the activity.
    pub id: String,
}

/// What a synced sensor session knew besides its batches (which are its original).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct IndexSensor {
    /// The sport it was opened for (stable name).
    pub sport: String,
    /// The recording device's name.
    #[serde(default)]
    pub device: Option<String>,
    /// The recording device's maker.
    #[serde(default)]
    pub maker: Option<String>,
    /// The recording device's model.
    #[serde(default)]
    pub model: Option<String>,
    /// Wheel circumference, mm.
    #[serde(default)]
    pub wheel_mm: Option<i64>,
}

/// A piece of gear: names are unique per account (in any letter case), so a workout and a
/// default name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct IndexGear {
    /// Its name.
    pub name: String,
    /// `shoes`, `bike` or `other`.
    pub kind: String,
    /// Its brand.
    #[serde(default)]
    pub brand: Option<String>,
    /// Its model.
    #[serde(default)]
    pub model: Option<String>,
    /// The athlete's notes.
    #[serde(default)]
    pub notes: String,
    /// Whether it is retired.
    #[serde(default)]
    pub retired: bool,
    /// The distance at which it warns, m.
    #[serde(default)]
    pub warn_distance_m: Option<f64>,
}

impl From<Gear> for IndexGear {
    fn from(g: Gear) -> Self {
        Self {
            name: g.name,
            kind: g.kind.name().to_owned(),
            brand: g.brand,
            model: g.model,
            notes: g.notes,
            retired: g.retired,
            warn_distance_m: g.warn_distance_m,
        }
    }
}

/// The gear new workouts of a sport get.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct IndexGearDefault {
    /// The sport.
    pub sport: Sport,
    /// The gear's name.
    pub gear: String,
}

/// One day of activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct IndexDay {
    /// The local day, `YYYY-MM-DD`.
    pub day: String,
    /// Steps.
    pub steps: u32,
    /// Active energy, kcal.
    pub active_kcal: u32,
    /// Active time, s.
    pub active_s: u32,
    /// Per hour, where known.
    #[serde(default)]
    pub hours: Vec<ActivityHour>,
    /// Where the figures came from: `device` for the sync API, else the service whose archive
    /// gave them (absent: `device`, the only source before archives gave days).
    #[serde(default)]
    pub source: Option<String>,
}

/// The index as read: each part parsed on its own, with what is wrong where.
#[derive(Debug)]
pub(crate) struct ReadIndex {
    /// The version it was written as (1 for the bare array).
    pub version: u32,
    /// The preferences, when it holds them.
    pub preferences: Option<Result<Preferences, String>>,
    /// Each workout, or what is wrong with it (naming its position).
    pub workouts: Vec<Result<IndexWorkout, String>>,
    /// Each day, or what is wrong with it.
    pub days: Vec<Result<IndexDay, String>>,
    /// Each piece of gear, or what is wrong with it.
    pub gear: Vec<Result<IndexGear, String>>,
    /// Each default, or what is wrong with it.
    pub gear_defaults: Vec<Result<IndexGearDefault, String>>,
}

/// A list of at most [`MAX_LIST`] JSON values, each left unparsed (borrowed from the text).
#[derive(Debug, Default)]
struct Bounded<'a>(Vec<&'a RawValue>);

impl<'de: 'a, 'a> Deserialize<'de> for Bounded<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct List<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for List<'a> {
            type Value = Bounded<'a>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a list of at most {MAX_LIST} entries")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut values = Vec::new();
                while let Some(value) = seq.next_element::<&'de RawValue>()? {
                    if values.len() == MAX_LIST {
                        return Err(A::Error::custom(format!(
                            "a list holds more than {MAX_LIST} entries"
                        )));
                    }
                    values.push(value);
                }
                Ok(Bounded(values))
            }
        }
        deserializer.deserialize_seq(List(PhantomData))
    }
}

/// Version 2: an object.
#[derive(Deserialize)]
struct Document<'a> {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u32>,
    #[serde(borrow, default)]
    preferences: Option<&'a RawValue>,
    #[serde(borrow, default)]
    workouts: Bounded<'a>,
    #[serde(borrow, default)]
    daily_activity: Bounded<'a>,
    #[serde(borrow, default)]
    gear: Bounded<'a>,
    #[serde(borrow, default)]
    gear_defaults: Bounded<'a>,
}

/// Reads an index; `Err` says why it cannot be read at all.
pub(crate) fn read(bytes: &[u8]) -> Result<ReadIndex, String> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    let document = match first {
        Some(b'[') => {
            let list: Bounded = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
            Document {
                format: None,
                version: Some(1),
                preferences: None,
                workouts: list,
                daily_activity: Bounded::default(),
                gear: Bounded::default(),
                gear_defaults: Bounded::default(),
            }
        }
        Some(b'{') => serde_json::from_slice(bytes).map_err(|e| e.to_string())?,
        _ => return Err("this is not the JSON index a Laps export holds".to_owned()),
    };
    if let Some(format) = document.format.as_deref().filter(|f| *f != FORMAT) {
        return Err(format!(
            "its format is {format:?}, not {FORMAT:?}: not the index of a Laps export"
        ));
    }
    let version = document.version.unwrap_or(VERSION);
    Ok(ReadIndex {
        version,
        preferences: document
            .preferences
            .map(|raw| serde_json::from_str(raw.get()).map_err(|e| e.to_string())),
        workouts: each(&document.workouts, "workouts"),
        days: each(&document.daily_activity, "daily_activity"),
        gear: each(&document.gear, "gear"),
        gear_defaults: each(&document.gear_defaults, "gear_defaults"),
    })
}

/// Parses each value of a list on its own, naming the position of a bad one.
fn each<T: for<'de> Deserialize<'de>>(list: &Bounded, name: &str) -> Vec<Result<T, String>> {
    list.0
        .iter()
        .enumerate()
        .map(|(i, raw)| serde_json::from_str(raw.get()).map_err(|e| format!("{name}[{i}]: {e}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_1_a_bare_array_still_reads() {
        let index = read(
            br#"[{"id": 3, "title": "Run", "sport": "running", "start_utc": "2020-01-01T10:00:00Z",
                 "utc_offset_minutes": 60, "time_zone": null, "elapsed_ms": 1000,
                 "distance_m": null, "fit": "fit/a_3.fit", "original_gz": "originals/3_a.fit"}]"#,
        )
        .unwrap();
        assert_eq!(index.version, 1);
        assert!(index.preferences.is_none() && index.days.is_empty());
        let w = index.workouts[0].as_ref().unwrap();
        assert_eq!(
            (w.id, w.sport, w.notes.as_deref()),
            (3, Some(Sport::Running), None)
        );
        assert_eq!(w.original_gz, "originals/3_a.fit");
    }

    #[test]
    fn a_bad_workout_is_refused_by_itself_with_its_position() {
        let index = read(
            br#"{"format": "laps-export", "version": 2,
                 "workouts": [{"original_gz": "originals/1_a.fit"}, {"original_gz": 7}, 5],
                 "daily_activity": [{"day": "2024-01-01", "steps": -1, "active_kcal": 0, "active_s": 0}]}"#,
        )
        .unwrap();
        assert!(index.workouts[0].is_ok());
        let errors: Vec<&String> = index.workouts[1..]
            .iter()
            .map(|w| w.as_ref().unwrap_err())
            .collect();
        assert!(
            errors[0].starts_with("workouts[1]: invalid type"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("workouts[2]: invalid type"),
            "{errors:?}"
        );
        assert!(
            index.days[0]
                .as_ref()
                .unwrap_err()
                .starts_with("daily_activity[0]: invalid value")
        );
    }

    #[test]
    fn lists_longer_than_the_bound_and_other_formats_are_refused_whole() {
        let long = format!("[{}0]", "0,".repeat(MAX_LIST));
        assert!(
            read(long.as_bytes())
                .unwrap_err()
                .contains("more than 100000")
        );
        assert!(
            read(br#"{"format": "strava"}"#)
                .unwrap_err()
                .contains("not the index")
        );
        assert!(read(b"PK\x03\x04").is_err());
        assert!(read(b"{\"workouts\": 3}").is_err());
    }
}
