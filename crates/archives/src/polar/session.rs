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
//!   under each name it is known by.

use std::collections::BTreeMap;

use domain::{LapTrigger, Sport, Timestamp};
use formats::{Lap, Recording, SamplesBuilder, Session, Totals};
use serde::Deserialize;

use super::clock::{duration_ms, instant};
use crate::{ArchiveWorkout, Meta, Samples, Summary};

/// The session as Polar writes it (both schemas; every field optional).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionJson {
    identifier: Option<Identifier>,
    name: Option<String>,
    note: Option<String>,
    start_time: Option<String>,
    #[serde(alias = "timezoneOffset", alias = "timezoneOffsetMinutes")]
    time_zone_offset: Option<i32>,
    #[serde(alias = "distanceMeters")]
    distance: Option<f64>,
    duration: Option<String>,
    duration_millis: Option<f64>,
    #[serde(alias = "hrAvg")]
    average_heart_rate: Option<f64>,
    #[serde(alias = "hrMax")]
    maximum_heart_rate: Option<f64>,
    #[serde(alias = "calories")]
    kilo_calories: Option<f64>,
    sport: Option<SportJson>,
    #[serde(default)]
    exercises: Vec<ExerciseJson>,
}

/// One exercise of a session (several for multisport).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExerciseJson {
    start_time: Option<String>,
    stop_time: Option<String>,
    #[serde(alias = "timeZoneOffset", alias = "timezoneOffsetMinutes")]
    timezone_offset: Option<i32>,
    duration: Option<String>,
    duration_millis: Option<f64>,
    #[serde(alias = "distanceMeters")]
    distance: Option<f64>,
    #[serde(alias = "calories")]
    kilo_calories: Option<f64>,
    sport: Option<SportJson>,
    heart_rate: Option<Stat>,
    samples: Option<SamplesJson>,
    routes: Option<RoutesJson>,
    laps: Option<LapsJson>,
    auto_laps: Option<LapsJson>,
}

/// `{"id": ...}`, the newer schema's identifier.
#[derive(Debug, Deserialize)]
struct Identifier {
    id: Option<serde_json::Value>,
}

/// A sport: a name (`"RUNNING"`) in 1.x, an object with an id in the newer schema.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SportJson {
    Name(String),
    /// Anything else (`{"id": "1"}`): kept only to be recognised as a sport of unknown name.
    Id(serde::de::IgnoredAny),
}

/// `{min, avg, max}` of a stream.
#[derive(Debug, Deserialize)]
struct Stat {
    avg: Option<f64>,
    max: Option<f64>,
}

/// An exercise's samples: per-stream lists (1.x) or typed series (newer).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SamplesJson {
    #[serde(default)]
    heart_rate: Vec<Timed>,
    #[serde(default)]
    speed: Vec<Timed>,
    #[serde(default)]
    cadence: Vec<Timed>,
    #[serde(default)]
    altitude: Vec<Timed>,
    #[serde(default)]
    distance: Vec<Timed>,
    #[serde(default)]
    temperature: Vec<Timed>,
    #[serde(default)]
    power: Vec<Timed>,
    #[serde(default)]
    recorded_route: Vec<Point>,
    #[serde(default)]
    samples: Vec<Series>,
}

/// One 1.x sample.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Timed {
    date_time: String,
    value: Option<f64>,
}

/// One point of a route: at a local `dateTime` (1.x) or `elapsedMillis` after the start.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Point {
    date_time: Option<String>,
    elapsed_millis: Option<f64>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    altitude: Option<f64>,
}

/// One newer-schema series: a value every `intervalMillis` from the start.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Series {
    #[serde(rename = "type")]
    kind: String,
    interval_millis: Option<f64>,
    #[serde(default)]
    values: Vec<Option<f64>>,
}

/// `routes`: `{route: {wayPoints}}` or `{wayPoints}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoutesJson {
    route: Option<RouteJson>,
    #[serde(default)]
    way_points: Vec<Point>,
}

/// A route.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RouteJson {
    #[serde(default)]
    way_points: Vec<Point>,
}

/// Laps: a list (1.x) or `{laps: [...]}` (newer).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum LapsJson {
    List(Vec<LapJson>),
    Wrapped {
        #[serde(default)]
        laps: Vec<LapJson>,
    },
}

impl LapsJson {
    fn into_laps(self) -> Vec<LapJson> {
        match self {
            Self::List(laps) | Self::Wrapped { laps } => laps,
        }
    }
}

/// One lap: its duration, and its split time (from the exercise's start to the lap's end).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LapJson {
    split_time: Option<String>,
    split_time_millis: Option<f64>,
    duration: Option<String>,
    duration_millis: Option<f64>,
    #[serde(alias = "distanceMeters")]
    distance: Option<f64>,
    heart_rate: Option<Stat>,
}

/// Reads a training session's JSON (already free of bare `NaN`s) into a workout.
pub(crate) fn read(entry: &str, json: &[u8]) -> Result<ArchiveWorkout, String> {
    let session: SessionJson = serde_json::from_slice(json).map_err(|e| e.to_string())?;
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

/// The values of one row of samples, before they go into the builder.
#[derive(Debug, Default, Clone, Copy)]
struct Row {
    heart_rate: Option<f64>,
    speed_kmh: Option<f64>,
    cadence: Option<f64>,
    altitude: Option<f64>,
    distance: Option<f64>,
    temperature: Option<f64>,
    power: Option<f64>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    route_altitude: Option<f64>,
}

/// What a stream's value goes into.
type Setter = fn(&mut Row, f64);

/// The recording of a session's exercises: one [`Session`] each, samples merged by time.
fn recording(
    exercises: Vec<ExerciseJson>,
    offset: i32,
    session_start: Option<Timestamp>,
) -> Result<Recording, String> {
    let mut rows: BTreeMap<Timestamp, Row> = BTreeMap::new();
    let mut sessions = Vec::new();
    let mut laps = Vec::new();
    let mut warnings = Vec::new();
    for (n, exercise) in exercises.into_iter().enumerate() {
        let offset = exercise.timezone_offset.unwrap_or(offset);
        let start = match &exercise.start_time {
            Some(text) => instant(text, offset)
                .ok_or_else(|| format!("exercises[{n}].startTime {text:?} is not a date-time"))?,
            None => session_start
                .ok_or_else(|| format!("exercises[{n}] has no startTime, nor has the session"))?,
        };
        let elapsed = millis(exercise.duration.as_deref(), exercise.duration_millis)
            .or_else(|| {
                let stop = instant(exercise.stop_time.as_deref()?, offset)?;
                Some(stop.ms_since(start))
            })
            .unwrap_or(0);
        let samples = exercise.samples.unwrap_or_default();
        let here = |what: &str| format!("exercises[{n}].samples.{what}");
        let timed: [(&str, Vec<Timed>, Setter); 7] = [
            ("heartRate", samples.heart_rate, |r, v| {
                r.heart_rate = Some(v)
            }),
            ("speed", samples.speed, |r, v| r.speed_kmh = Some(v)),
            ("cadence", samples.cadence, |r, v| r.cadence = Some(v)),
            ("altitude", samples.altitude, |r, v| r.altitude = Some(v)),
            ("distance", samples.distance, |r, v| r.distance = Some(v)),
            ("temperature", samples.temperature, |r, v| {
                r.temperature = Some(v);
            }),
            ("power", samples.power, |r, v| r.power = Some(v)),
        ];
        for (name, list, set) in timed {
            for (i, sample) in list.into_iter().enumerate() {
                let t = instant(&sample.date_time, offset).ok_or_else(|| {
                    format!(
                        "{}[{i}].dateTime {:?} is not a date-time",
                        here(name),
                        sample.date_time
                    )
                })?;
                if let Some(v) = sample.value.filter(|v| v.is_finite()) {
                    set(rows.entry(t).or_default(), v);
                }
            }
        }
        let mut unknown = Vec::new();
        for series in samples.samples {
            let Some(set) = series_setter(&series.kind) else {
                unknown.push(series.kind);
                continue;
            };
            let interval = series.interval_millis.filter(|i| *i > 0.0).ok_or_else(|| {
                format!(
                    "{} series {} has no intervalMillis",
                    here("samples"),
                    series.kind
                )
            })?;
            for (i, value) in series.values.into_iter().enumerate() {
                if let Some(v) = value.filter(|v| v.is_finite()) {
                    let t = start.add_ms((i as f64 * interval).round() as i64);
                    set(rows.entry(t).or_default(), v);
                }
            }
        }
        if !unknown.is_empty() {
            warnings.push(format!(
                "exercise {n}: sample types not read: {}",
                unknown.join(", ")
            ));
        }
        let mut route = samples.recorded_route;
        if let Some(routes) = exercise.routes {
            route.extend(routes.way_points);
            route.extend(routes.route.into_iter().flat_map(|r| r.way_points));
        }
        place_route(route, start, elapsed, offset, &mut rows, &mut warnings, n)?;
        let first_lap = laps.len();
        let lap_list = exercise.laps.map(LapsJson::into_laps).unwrap_or_default();
        let (lap_list, trigger) = if lap_list.is_empty() {
            let auto = exercise.auto_laps.map(LapsJson::into_laps);
            (auto.unwrap_or_default(), LapTrigger::Distance)
        } else {
            (lap_list, LapTrigger::Manual)
        };
        let mut lap_start = start;
        for lap in lap_list {
            let length = millis(lap.duration.as_deref(), lap.duration_millis).unwrap_or(0);
            if let Some(split) = millis(lap.split_time.as_deref(), lap.split_time_millis) {
                lap_start = start.add_ms(split - length);
            }
            laps.push(Lap {
                start: lap_start,
                totals: Totals {
                    elapsed_ms: length,
                    timer_ms: Some(length),
                    distance_m: lap.distance.filter(|d| d.is_finite()),
                    avg_heart_rate: lap.heart_rate.as_ref().and_then(|h| h.avg).and_then(whole),
                    max_heart_rate: lap.heart_rate.as_ref().and_then(|h| h.max).and_then(whole),
                    ..Totals::default()
                },
                trigger,
                ..Lap::default()
            });
            lap_start = lap_start.add_ms(length);
        }
        sessions.push(Session {
            sport: exercise
                .sport
                .as_ref()
                .and_then(SportJson::sport)
                .unwrap_or_default(),
            start,
            totals: Totals {
                elapsed_ms: elapsed,
                timer_ms: Some(elapsed),
                distance_m: exercise.distance.filter(|d| d.is_finite()),
                calories: exercise.kilo_calories.and_then(whole),
                avg_heart_rate: exercise
                    .heart_rate
                    .as_ref()
                    .and_then(|h| h.avg)
                    .and_then(whole),
                max_heart_rate: exercise
                    .heart_rate
                    .as_ref()
                    .and_then(|h| h.max)
                    .and_then(whole),
                ..Totals::default()
            },
            laps: first_lap..laps.len(),
            ..Session::default()
        });
    }
    let mut builder = SamplesBuilder::new();
    for (t, row) in rows {
        builder.row(t);
        let f32_of = |v: f64| v as f32;
        if let Some(v) = row.heart_rate {
            builder.heart_rate(f32_of(v));
        }
        if let Some(v) = row.speed_kmh {
            // Polar writes km/h; the recording keeps m/s.
            builder.speed(f32_of(v / 3.6));
        }
        if let Some(v) = row.cadence {
            builder.cadence(f32_of(v));
        }
        if let Some(v) = row.altitude.or(row.route_altitude) {
            builder.altitude(f32_of(v));
        }
        if let Some(v) = row.distance {
            builder.distance(v);
        }
        if let Some(v) = row.temperature {
            builder.temperature(f32_of(v));
        }
        if let Some(v) = row.power {
            builder.power(f32_of(v));
        }
        if let (Some(lat), Some(lon)) = (row.latitude, row.longitude) {
            builder.latitude(lat);
            builder.longitude(lon);
        }
    }
    let first = sessions.first();
    Ok(Recording {
        sport: first.map(|s| s.sport).unwrap_or_default(),
        start: first.map(|s| s.start).or(session_start).unwrap_or_default(),
        utc_offset_minutes: Some(offset),
        samples: builder.finish(),
        sessions,
        laps,
        warnings,
        ..Recording::default()
    })
}

/// Places a route's points among the rows.
///
/// 1.x routes carry their own `dateTime`s, and those are not always on the exercise's clock: in
/// the real sample they run 1:20:27.8 after the heart rate samples, entirely outside the
/// exercise, while covering the same 2,750 s at the same rate. A route that lies outside the
/// exercise is therefore re-anchored: its first point at the exercise's start, the rest at
/// their elapsed time from it, with a warning.
fn place_route(
    route: Vec<Point>,
    start: Timestamp,
    elapsed_ms: i64,
    offset: i32,
    rows: &mut BTreeMap<Timestamp, Row>,
    warnings: &mut Vec<String>,
    n: usize,
) -> Result<(), String> {
    let mut points = Vec::with_capacity(route.len());
    for (i, point) in route.into_iter().enumerate() {
        let t = match (&point.date_time, point.elapsed_millis) {
            (_, Some(ms)) if ms.is_finite() => start.add_ms(ms.round() as i64),
            (Some(text), _) => instant(text, offset).ok_or_else(|| {
                format!("exercises[{n}] route point {i}: dateTime {text:?} is not a date-time")
            })?,
            _ => return Err(format!("exercises[{n}] route point {i} has no time")),
        };
        points.push((t, point));
    }
    // A minute of slack either side: a GPS fix or the last point may come a little late.
    let slack = 60_000;
    let (earliest, latest) = (start.add_ms(-slack), start.add_ms(elapsed_ms + slack));
    let outside = points.iter().any(|(t, _)| *t < earliest || *t > latest);
    let shift = match points.first() {
        Some((first, _)) if outside && elapsed_ms > 0 => {
            let shift = start.ms_since(*first);
            warnings.push(format!(
                "exercise {n}: the route's times lie outside the exercise; moved by {} s to begin at its start",
                shift as f64 / 1000.0
            ));
            shift
        }
        _ => 0,
    };
    for (t, point) in points {
        let (Some(lat), Some(lon)) = (point.latitude, point.longitude) else {
            continue;
        };
        if !lat.is_finite() || !lon.is_finite() {
            continue;
        }
        let t = t.add_ms(shift);
        let t = nearest_free_row(rows, t).unwrap_or(t);
        let row = rows.entry(t).or_default();
        row.latitude = Some(lat);
        row.longitude = Some(lon);
        row.route_altitude = point.altitude.filter(|a| a.is_finite());
    }
    Ok(())
}

/// The time of the row nearest to `t`, within half a second, that has no position yet.
///
/// Route points and the other samples are both about one a second, but on clocks that do not
/// tick together (in the real sample the route's milliseconds wander from .801 to .918): a point
/// joins the sample row it belongs with, rather than making a row of its own beside it, so the
/// recording has one row a second with every stream in it instead of twice the rows, each
/// half empty.
fn nearest_free_row(rows: &BTreeMap<Timestamp, Row>, t: Timestamp) -> Option<Timestamp> {
    const REACH_MS: i64 = 500;
    rows.range(t.add_ms(-REACH_MS + 1)..t.add_ms(REACH_MS))
        .filter(|(_, row)| row.latitude.is_none())
        .map(|(&time, _)| time)
        .min_by_key(|time| time.ms_since(t).abs())
}

/// The stream a newer-schema series type goes into; `None` for types Laps does not keep.
fn series_setter(kind: &str) -> Option<Setter> {
    Some(match kind {
        "HEART_RATE" => |r, v| r.heart_rate = Some(v),
        "SPEED" => |r, v| r.speed_kmh = Some(v),
        "CADENCE" => |r, v| r.cadence = Some(v),
        "ALTITUDE" => |r, v| r.altitude = Some(v),
        "DISTANCE" => |r, v| r.distance = Some(v),
        "TEMPERATURE" => |r, v| r.temperature = Some(v),
        "POWER" => |r, v| r.power = Some(v),
        _ => return None,
    })
}

impl SportJson {
    /// The sport, for a Polar sport name. Newer exports give a numeric id whose table Polar
    /// does not publish: that reads as unknown rather than as a guess.
    fn sport(&self) -> Option<Sport> {
        match self {
            Self::Name(name) => Some(sport_of(name)),
            Self::Id(_) => None,
        }
    }
}

/// Polar's sport names (`RUNNING`, `ROAD_BIKING`, `OTHER_OUTDOOR`, ...) as Laps sports.
fn sport_of(name: &str) -> Sport {
    let upper = name.trim().to_ascii_uppercase().replace([' ', '-'], "_");
    match upper.as_str() {
        "RUNNING"
        | "JOGGING"
        | "ROAD_RUNNING"
        | "TRAIL_RUNNING"
        | "TREADMILL_RUNNING"
        | "TRACK_AND_FIELD_RUNNING"
        | "ULTRARUNNING_OUTDOOR" => Sport::Running,
        "CYCLING" | "ROAD_BIKING" | "MOUNTAIN_BIKING" | "INDOOR_CYCLING" | "GRAVEL_CYCLING" => {
            Sport::Cycling
        }
        "WALKING" | "NORDIC_WALKING" => Sport::Walking,
        "HIKING" => Sport::Hiking,
        "SWIMMING" | "POOL_SWIMMING" | "OPEN_WATER_SWIMMING" => Sport::Swimming,
        "ROWING" | "INDOOR_ROWING" => Sport::Rowing,
        "KAYAKING" | "CANOEING" | "PADDLING" | "STAND_UP_PADDLING" => Sport::Paddling,
        "CROSS_COUNTRY_SKIING" | "CLASSIC_XC_SKIING" | "SKATING_XC_SKIING" => {
            Sport::CrossCountrySkiing
        }
        "DOWNHILL_SKIING" | "ALPINE_SKIING" => Sport::AlpineSkiing,
        "INLINE_SKATING" => Sport::InlineSkating,
        "STRENGTH_TRAINING" | "CIRCUIT_TRAINING" | "CORE" | "FUNCTIONAL_TRAINING" => {
            Sport::Training
        }
        "MOUNTAINEERING" => Sport::Mountaineering,
        _ => Sport::from_name(name),
    }
}

/// Milliseconds from an ISO 8601 duration or a millisecond count, whichever is there.
fn millis(iso: Option<&str>, ms: Option<f64>) -> Option<i64> {
    ms.filter(|m| m.is_finite() && *m >= 0.0)
        .map(|m| m.round() as i64)
        .or_else(|| iso.and_then(duration_ms))
}

/// A non-negative whole number that fits the target (bpm, kcal), rounded.
fn whole<T: TryFrom<i64>>(value: f64) -> Option<T> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polar_sport_names_read_as_laps_sports() {
        let cases = [
            ("RUNNING", Sport::Running),
            ("ROAD_BIKING", Sport::Cycling),
            ("CROSS-COUNTRY_SKIING", Sport::CrossCountrySkiing),
            ("POOL_SWIMMING", Sport::Swimming),
            ("OTHER_OUTDOOR", Sport::Generic),
        ];
        for (name, sport) in cases {
            assert_eq!(sport_of(name), sport, "{name}");
        }
    }
}
