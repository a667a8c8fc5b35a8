//! `training-session-*.json`: one session, in either of the two schemas Polar has exported.
//!
//! - exportVersion 1.x: local `startTime` + `timeZoneOffset` (minutes), ISO 8601 `duration`,
//!   samples as `{dateTime, value}` lists per stream and `recordedRoute[{dateTime, latitude,
//!   longitude, altitude}]`.
//! - the newer schema: `durationMillis`, `samples.samples[{type, intervalMillis, values}]`
//!   (one value every `intervalMillis` from the exercise's start), routes as
//!   `wayPoints[{elapsedMillis, latitude, longitude, altitude}]`, summary fields that may be
//!   named `distanceMeters`, `calories`, `hrAvg`, `hrMax`. Polar documents neither; the newer
//!   field names are those third-party readers use, so every one of them is optional and read
//!   under each name it is known by (`polar/schema.rs`). Speeds are taken as km/h in both (as
//!   1.x's are: 8.6 for a 6.6 km run in 46 min), laps as `{splitTime, duration, distance}`
//!   with either ISO or millisecond times.
//!
//! The samples of every exercise are merged into one recording by `polar/merge.rs`.

use super::clock::{duration_ms, instant};
use super::merge::recording;
use super::schema::{SessionJson, SportJson};
use crate::{ArchiveWorkout, Meta, Samples, Summary};

/// Reads a training session's JSON (already free of bare `NaN`s) into a workout.
pub(crate) fn read(entry: &str, json: &[u8]) -> Result<ArchiveWorkout, String> {
    let session: SessionJson = serde_json::from_slice(json)
        .map_err(|e| format!("not a Polar Flow training session as JSON: {e}"))?;
    // The offset as the file gives it; times of a file without one are read as UTC, and the
    // offset is then left unknown rather than claimed to be zero.
    let given_offset = session
        .time_zone_offset
        .or_else(|| session.exercises.iter().find_map(|e| e.timezone_offset));
    let offset = given_offset.unwrap_or(0);
    let start = match &session.start_time {
        Some(text) => Some(
            instant(text, offset)
                .ok_or_else(|| format!("startTime {text:?} is not a date-time"))?,
        ),
        None => None,
    };
    let elapsed_ms = millis(session.duration.as_deref(), session.duration_millis);
    let sport = session
        .exercises
        .iter()
        .find_map(|e| e.sport.as_ref())
        .or(session.sport.as_ref())
        .and_then(SportJson::sport);
    let summary = Summary {
        start,
        utc_offset_min: given_offset,
        elapsed_ms,
        moving_ms: None,
        distance_m: session.distance.filter(|d| d.is_finite()),
        calories: session.kilo_calories.and_then(whole),
        avg_hr: session.average_heart_rate.and_then(whole),
        max_hr: session.maximum_heart_rate.and_then(whole),
        ascent_m: None,
    };
    let meta = Meta {
        source_id: session
            .identifier
            .as_ref()
            .and_then(|i| i.id.as_ref())
            .map(id_text)
            .or_else(|| Some(stem(entry).to_owned())),
        title: text(session.name.as_deref()),
        notes: text(session.note.as_deref()),
        sport,
        ..Meta::default()
    };
    let samples = if session.exercises.is_empty() {
        Samples::None
    } else {
        let mut recording = recording(session.exercises, offset, start)?;
        recording.utc_offset_minutes = given_offset;
        Samples::Recording(Box::new(recording))
    };
    Ok(ArchiveWorkout {
        samples,
        meta,
        summary,
    })
}

/// Milliseconds from an ISO 8601 duration or a millisecond count, whichever is there.
pub(super) fn millis(iso: Option<&str>, ms: Option<f64>) -> Option<i64> {
    ms.filter(|m| m.is_finite() && *m >= 0.0)
        .map(|m| m.round() as i64)
        .or_else(|| iso.and_then(duration_ms))
}

/// A non-negative whole number that fits the target (bpm, kcal), rounded.
pub(super) fn whole<T: TryFrom<i64>>(value: f64) -> Option<T> {
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    T::try_from(value.round() as i64).ok()
}

/// A trimmed, non-empty text.
fn text(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// An id as text, whether Polar wrote it as a string or a number.
fn id_text(id: &serde_json::Value) -> String {
    match id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The entry's file name without folders and `.json`.
fn stem(entry: &str) -> &str {
    let name = entry.rsplit(['/', '\\']).next().unwrap_or(entry);
    name.strip_suffix(".json").unwrap_or(name)
}
