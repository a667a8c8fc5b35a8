//! `summarizedActivities.json`: every activity's id, name, type and summary.
//!
//! The shapes, as public readers of the export rely on them (python readers of the GDPR
//! export, garmin-grafana's bulk importer, GarminDB):
//!
//! * The export wraps the list: `[{"summarizedActivitiesExport": [ {...}, ... ]}]`. Its
//!   records have `activityId`, `name`, `activityType` (a type key such as `"running"`),
//!   `sportType` (`"RUNNING"`), `beginTimestamp` and `startTimeGmt` (epoch ms, UTC),
//!   `startTimeLocal` (epoch ms of the local wall clock read as if UTC), `duration`,
//!   `elapsedDuration`, `movingDuration` **in milliseconds**, `distance` and `elevationGain`
//!   **in centimetres**, `calories`, `avgHr`, `maxHr`, `manualActivity`.
//! * What the Connect API returns (and tools that save it write as a bare list of activities):
//!   `activityName`, `activityType: {"typeKey": "running"}`, `startTimeGMT` and
//!   `startTimeLocal` as `"2021-08-16 07:00:00"`, durations **in seconds**, distances **in
//!   metres**, `averageHR`, `maxHR`.
//!
//! The wrong convention is off by a factor of 100 or 1000, not by a little (garmin-grafana
//! PR #278: "Running over 200 km in a single activity"), so it is decided once per file from
//! its shape ([`Units::of_root`]) and can be forced by the caller ([`Activities::with_units`]).

use super::json::Record;
use crate::{ArchiveError, ArchiveWorkout, Meta, Samples, Summary};
use domain::{Sport, Timestamp};
use serde_json::Value;

/// The units of a file's durations and distances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    /// The GDPR export: durations in milliseconds, distances and heights in centimetres.
    Export,
    /// The Connect API's: durations in seconds, distances and heights in metres.
    Api,
}

impl Units {
    /// Milliseconds in one unit of duration.
    fn ms_per_duration(self) -> f64 {
        match self {
            Self::Export => 1.0,
            Self::Api => 1000.0,
        }
    }

    /// Metres in one unit of distance.
    fn m_per_distance(self) -> f64 {
        match self {
            Self::Export => 0.01,
            Self::Api => 1.0,
        }
    }
}

/// The key of the export's wrapper object.
const WRAPPER: &str = "summarizedActivitiesExport";

/// The activities of a `summarizedActivities.json`, one record at a time.
///
/// Each is a workout whose [`Samples`] is `None` until the caller matches a FIT file to it (see
/// [`super::Matcher`]); a record that cannot be read is an error naming its place and id, and
/// the others are still read.
pub struct Activities {
    entry: String,
    units: Units,
    records: std::vec::IntoIter<Value>,
    position: usize,
}

impl Activities {
    /// Reads `bytes` (the whole entry named `entry`), with the units its shape says.
    /// `Err` when it is not JSON or not a list of activities.
    pub fn new(entry: &str, bytes: &[u8]) -> Result<Self, ArchiveError> {
        Self::read(entry, bytes, None)
    }

    /// As [`Activities::new`], with the units forced (for a file whose shape misleads).
    pub fn with_units(entry: &str, bytes: &[u8], units: Units) -> Result<Self, ArchiveError> {
        Self::read(entry, bytes, Some(units))
    }

    /// The units the file is read in.
    pub fn units(&self) -> Units {
        self.units
    }

    fn read(entry: &str, bytes: &[u8], units: Option<Units>) -> Result<Self, ArchiveError> {
        let root: Value = serde_json::from_slice(bytes)
            .map_err(|e| ArchiveError::new(entry, format!("not JSON: {e}")))?;
        let (shape, records) = unwrap(root).map_err(|e| ArchiveError::new(entry, e))?;
        Ok(Self {
            entry: entry.to_owned(),
            units: units.unwrap_or(shape),
            records: records.into_iter(),
            position: 0,
        })
    }
}

/// The records of a root in either shape, and the units that shape implies.
fn unwrap(root: Value) -> Result<(Units, Vec<Value>), String> {
    let wrapped = |v: &Value| v.as_object().is_some_and(|o| o.contains_key(WRAPPER));
    match root {
        Value::Object(mut o) if o.contains_key(WRAPPER) => {
            Ok((Units::Export, list(o.remove(WRAPPER), "the wrapper")?))
        }
        Value::Array(items) if items.iter().any(wrapped) => {
            // The export writes one wrapper; should it ever write several, all are read.
            let mut records = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                match item {
                    Value::Object(mut o) if o.contains_key(WRAPPER) => {
                        records.extend(list(o.remove(WRAPPER), &format!("wrapper {}", i + 1))?);
                    }
                    other => {
                        return Err(format!(
                            "item {} of the list is not a {WRAPPER} wrapper: {}",
                            i + 1,
                            kind(&other)
                        ));
                    }
                }
            }
            Ok((Units::Export, records))
        }
        // An empty list is an export without activities.
        Value::Array(items) if items.is_empty() => Ok((Units::Export, items)),
        Value::Array(items) => Ok((Units::Api, items)),
        other => Err(format!(
            "expected a list of activities or a {WRAPPER} wrapper, found {}",
            kind(&other)
        )),
    }
}

fn list(value: Option<Value>, place: &str) -> Result<Vec<Value>, String> {
    match value {
        Some(Value::Array(items)) => Ok(items),
        Some(Value::Null) | None => Ok(Vec::new()),
        Some(other) => Err(format!("{place} holds {}, not a list", kind(&other))),
    }
}

/// What a JSON value is, for a person.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Iterator for Activities {
    type Item = Result<ArchiveWorkout, ArchiveError>;

    fn next(&mut self) -> Option<Self::Item> {
        let value = self.records.next()?;
        self.position += 1;
        let Value::Object(map) = &value else {
            return Some(Err(ArchiveError::new(
                &self.entry,
                format!(
                    "activity {}: is {}, not an object",
                    self.position,
                    kind(&value)
                ),
            )));
        };
        let record = Record(map);
        Some(workout(&record, self.units).map_err(|e| {
            // The id, when it can be read, is how a person finds the activity in Connect.
            let id = record.id(&["activityId"]).ok().flatten();
            let place = match id {
                Some(id) => format!("activity {} (id {id})", self.position),
                None => format!("activity {}", self.position),
            };
            ArchiveError::new(&self.entry, format!("{place}: {e}"))
        }))
    }
}

fn workout(r: &Record<'_>, units: Units) -> Result<ArchiveWorkout, String> {
    let source_id = r.id(&["activityId"])?;
    if source_id.is_none() {
        return Err("has no activityId".to_owned());
    }
    let type_key = match r.0.get("activityType") {
        Some(Value::Object(o)) => Record(o).text(&["typeKey"])?,
        _ => r.text(&["activityType"])?,
    };
    let sport = type_key
        .map(sport_of_type)
        .filter(|s| *s != Sport::Generic)
        .or(r.text(&["sportType"])?.map(Sport::from_name))
        .or(type_key.map(|_| Sport::Generic));
    let meta = Meta {
        source_id,
        title: r.text(&["name", "activityName"])?.map(str::to_owned),
        notes: r.text(&["description"])?.map(str::to_owned),
        sport,
        ..Meta::default()
    };
    let start = r.clock(&["beginTimestamp", "startTimeGmt", "startTimeGMT"])?;
    let Some(start) = start else {
        return Err("has no start (beginTimestamp, startTimeGmt)".to_owned());
    };
    let local = r.clock(&["startTimeLocal"])?;
    let duration = |names| -> Result<Option<i64>, String> {
        Ok(r.number(names)?
            .map(|d| (d * units.ms_per_duration()).round() as i64))
    };
    let metres = |names| -> Result<Option<f64>, String> {
        Ok(r.number(names)?.map(|d| d * units.m_per_distance()))
    };
    let summary = Summary {
        start: Some(start),
        utc_offset_min: local.and_then(|l| offset_min(start, l)),
        elapsed_ms: duration(&["elapsedDuration", "duration"])?,
        moving_ms: duration(&["movingDuration"])?,
        distance_m: metres(&["distance"])?,
        calories: r.count(&["calories"])?,
        avg_hr: r.count(&["avgHr", "averageHR"])?,
        max_hr: r.count(&["maxHr", "maxHR"])?,
        ascent_m: metres(&["elevationGain"])?,
    };
    Ok(ArchiveWorkout {
        samples: Samples::None,
        meta,
        summary,
    })
}

/// The UTC offset, minutes east, of a local wall clock `local` at the instant `start`: whole
/// minutes (the two are written to the millisecond and may differ by one), and `None` beyond
/// the ±14 h real zones reach, which means the local time is of another moment.
fn offset_min(start: Timestamp, local: Timestamp) -> Option<i32> {
    let minutes = (local.ms_since(start) as f64 / 60_000.0).round();
    (minutes.abs() <= 14.0 * 60.0).then_some(minutes as i32)
}

/// The sport of a Garmin activity type key. The keys are Garmin's (`trail_running`,
/// `road_biking`, `lap_swimming`, ...); those `Sport::from_name` does not know are mapped
/// here by family, and an unknown one is left to the record's `sportType`.
fn sport_of_type(key: &str) -> Sport {
    let key = key.trim().to_ascii_lowercase();
    let family = |words: &[&str]| words.iter().any(|w| key.contains(w));
    match Sport::from_name(&key) {
        Sport::Generic => {}
        known => return known,
    }
    if key == "multi_sport" || key == "other" {
        Sport::Generic
    } else if key.starts_with("transition") {
        Sport::Transition
    } else if family(&["running", "treadmill"]) {
        Sport::Running
    } else if family(&["biking", "cycling", "cyclocross", "ride", "bmx"]) {
        Sport::Cycling
    } else if family(&["swimming"]) {
        Sport::Swimming
    } else if family(&["walking"]) {
        Sport::Walking
    } else if family(&["hiking"]) {
        Sport::Hiking
    } else if family(&["rowing"]) {
        Sport::Rowing
    } else if family(&["kayak", "paddl", "canoe", "rafting"]) {
        Sport::Paddling
    } else if family(&["cross_country_skiing", "skate_skiing", "backcountry"]) {
        Sport::CrossCountrySkiing
    } else if family(&["resort_skiing", "snowboard"]) {
        Sport::AlpineSkiing
    } else if family(&["mountaineering", "climbing"]) && !key.contains("stair") {
        Sport::Mountaineering
    } else if family(&["elliptical", "stair", "fitness_equipment"]) {
        Sport::FitnessEquipment
    } else if family(&["strength", "cardio", "hiit", "yoga", "pilates", "training"]) {
        Sport::Training
    } else {
        Sport::Generic
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garmin_type_keys_are_filed_by_family() {
        let cases = [
            ("running", Sport::Running),
            ("trail_running", Sport::Running),
            ("treadmill_running", Sport::Running),
            ("road_biking", Sport::Cycling),
            ("gravel_cycling", Sport::Cycling),
            ("virtual_ride", Sport::Cycling),
            ("lap_swimming", Sport::Swimming),
            ("casual_walking", Sport::Walking),
            ("hiking", Sport::Hiking),
            ("indoor_rowing", Sport::Rowing),
            ("stand_up_paddleboarding", Sport::Paddling),
            ("skate_skiing_ws", Sport::CrossCountrySkiing),
            ("resort_skiing_snowboarding_ws", Sport::AlpineSkiing),
            ("stair_climbing", Sport::FitnessEquipment),
            ("indoor_climbing", Sport::Mountaineering),
            ("strength_training", Sport::Training),
            ("indoor_cardio", Sport::Training),
            ("transition_v2", Sport::Transition),
            ("multi_sport", Sport::Generic),
            ("golf", Sport::Generic),
        ];
        for (key, sport) in cases {
            assert_eq!(sport_of_type(key), sport, "{key}");
        }
    }

    #[test]
    fn the_offset_is_whole_minutes_within_real_zones() {
        let start = Timestamp::from_unix_ms(1_629_097_200_000);
        let cases = [
            (2 * 3_600_000, Some(120)),
            (-5 * 3_600_000 - 30 * 60_000 + 1, Some(-330)),
            (0, Some(0)),
            (15 * 3_600_000, None),
        ];
        for (delta, expected) in cases {
            assert_eq!(offset_min(start, start.add_ms(delta)), expected, "{delta}");
        }
    }
}
