//! Workouts as the pages and the JSON API show them: summaries, laps and their display.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::sport::{Intensity, LapTrigger, Sport};
use crate::time::Timestamp;

/// The database id of a workout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WorkoutId(i64);

impl WorkoutId {
    /// Wraps an id read from the database or a URL.
    pub const fn new(id: i64) -> Self {
        Self(id)
    }

    /// The raw id.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for WorkoutId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One workout's summary: what the calendar, the list and the workout page's tiles show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkoutSummary {
    /// Its id.
    pub id: WorkoutId,
    /// A title (from the file, or made from the sport and time of day).
    pub title: String,
    /// The sport (its stable name in JSON: `running`, `cycling`, ...).
    pub sport: Sport,
    /// The start (UTC).
    #[serde(rename = "start_ms")]
    pub start: Timestamp,
    /// The UTC offset at the start, minutes east.
    pub utc_offset_min: i32,
    /// The IANA zone, when known.
    pub time_zone: Option<String>,
    /// What was measured (the average speed is over the moving time).
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Time in motion (timer time without pauses and stops).
    pub moving_ms: i64,
    /// Maximum power, watts (laps are stored without it).
    pub max_power: Option<u16>,
    /// Whether it has a GPS track.
    pub has_gps: bool,
    /// Number of samples.
    pub sample_count: u32,
    /// The recording device, as a display name.
    pub device: Option<String>,
    /// The format it was uploaded as (`fit`, `tcx`, `gpx`, `hrm`).
    pub source_format: String,
    /// The uploaded file's name.
    pub source_name: String,
    /// The athlete's notes.
    pub notes: String,
}

impl WorkoutSummary {
    /// The local calendar day it started on.
    pub fn local_date(&self) -> Date {
        Date::from_days(self.start.local_days(self.utc_offset_min))
    }

    /// Local wall-clock time of the start as (hour, minute).
    pub fn local_time(&self) -> (u32, u32) {
        let local_ms = self.start.unix_ms() + i64::from(self.utc_offset_min) * 60_000;
        let minute_of_day = local_ms.rem_euclid(86_400_000) / 60_000;
        ((minute_of_day / 60) as u32, (minute_of_day % 60) as u32)
    }

    /// The UTC offset as `+02:00`.
    pub fn offset_label(&self) -> String {
        offset_label(self.utc_offset_min)
    }

    /// The end.
    pub fn end(&self) -> Timestamp {
        self.start.add_ms(self.metrics.elapsed_ms)
    }
}

/// A UTC offset in minutes as `+02:00` / `-05:30`.
pub fn offset_label(offset_min: i32) -> String {
    let sign = if offset_min < 0 { '-' } else { '+' };
    let m = offset_min.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// One device lap (or an automatic split when the file has none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LapSummary {
    /// Position, from 0.
    pub index: u32,
    /// Start (UTC).
    #[serde(rename = "start_ms")]
    pub start: Timestamp,
    /// What was measured.
    #[serde(flatten)]
    pub metrics: Metrics,
    /// Timer time, when the device says.
    pub timer_ms: Option<i64>,
    /// What ended it (in JSON: `manual`, `time`, `distance`, `position`, `heart_rate`,
    /// `session_end`, `split` for an automatic split made by Laps, or `other`).
    pub trigger: LapTrigger,
    /// Work, rest, warm-up or cool-down (in JSON: `active`, `rest`, `warmup`, `cooldown`).
    pub intensity: Intensity,
    /// Normalized power over the lap, watts: never written by a device into its laps, so
    /// always worked out from the power samples (`None` without power, or for a lap shorter
    /// than the 30 s the rolling mean takes). Not stored: laps read before it existed
    /// deserialize without it.
    #[serde(default)]
    pub normalized_power: Option<u16>,
}

/// What was measured over a workout or a lap, in the units of `formats::Totals` (metres,
/// milliseconds, kcal, bpm, m/s, per minute, watts). Flattened into the summaries' JSON.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Metrics {
    /// Elapsed time, start to end, milliseconds.
    pub elapsed_ms: i64,
    /// Distance, metres.
    pub distance_m: Option<f64>,
    /// Energy, kcal.
    pub calories: Option<u32>,
    /// Average heart rate, bpm.
    pub avg_hr: Option<u16>,
    /// Maximum heart rate, bpm.
    pub max_hr: Option<u16>,
    /// Average speed, m/s.
    pub avg_speed: Option<f64>,
    /// Maximum speed, m/s.
    pub max_speed: Option<f64>,
    /// Average cadence (rpm, or steps per minute per foot for running).
    pub avg_cadence: Option<u16>,
    /// Average power, watts.
    pub avg_power: Option<u16>,
    /// Total ascent, metres.
    pub ascent_m: Option<f64>,
    /// Total descent, metres.
    pub descent_m: Option<f64>,
}

/// How a sport's speed reads best.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeedStyle {
    /// Minutes per km or mile (running, walking, hiking).
    Pace,
    /// Minutes per 100 m or 100 yd (swimming).
    SwimPace,
    /// km/h or mph.
    Speed,
}

impl SpeedStyle {
    /// The style for a sport.
    pub fn for_sport(sport: Sport) -> Self {
        match sport {
            Sport::Running
            | Sport::Walking
            | Sport::Hiking
            | Sport::Mountaineering
            | Sport::Training => Self::Pace,
            Sport::Swimming => Self::SwimPace,
            _ => Self::Speed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_days_follow_the_offset_across_midnight() {
        // 2024-05-01T23:30Z is May 2nd in Berlin (+02:00) and still May 1st in New York.
        let ms = 1_714_606_200_000;
        assert_eq!(
            Date::from_days(Timestamp::from_unix_ms(ms).local_days(120)).to_string(),
            "2024-05-02"
        );
        assert_eq!(
            Date::from_days(Timestamp::from_unix_ms(ms).local_days(-240)).to_string(),
            "2024-05-01"
        );
    }

    #[test]
    fn offsets_are_labelled_with_sign_hours_and_minutes() {
        assert_eq!(offset_label(120), "+02:00");
        assert_eq!(offset_label(-330), "-05:30");
        assert_eq!(offset_label(0), "+00:00");
    }
}

/// Time spent in one heart-rate zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneTime {
    /// Zone number, 1 to 5.
    pub zone: u8,
    /// Lowest heart rate of the zone, bpm.
    pub low: u16,
    /// Heart rate where the next zone begins (the maximum for zone 5), bpm.
    pub high: u16,
    /// Time in the zone, milliseconds.
    pub ms: i64,
}

/// One chart of the workout page: what the server-drawn picture (its own SVG, fetched from
/// `/api/v1/workouts/{id}/charts/{key}.svg`) shows, and the points behind it for the readout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// `heart_rate`, `pace`, `speed`, `elevation`, `cadence` or `power`.
    pub key: String,
    /// Heading, e.g. "Heart rate".
    pub title: String,
    /// Unit of the values, e.g. "bpm", "/km".
    pub unit: String,
    /// Left and right edge of the plotting area, as fractions of the picture's width.
    pub plot_left: f32,
    /// See `plot_left`.
    pub plot_right: f32,
    /// `plot_left` and `plot_right` of the narrow picture drawn for phones (`?size=narrow`);
    /// the wide picture's where there is no narrow one.
    #[serde(default)]
    pub narrow_plot: (f32, f32),
    /// Where the x axis starts and ends (seconds or metres).
    pub x_range: (f32, f32),
    /// Points (x, y) for the readout, at most a few hundred.
    pub points: Vec<(f32, f32)>,
}

/// One chart's pictures drawn to be placed inside the page (inline SVG, no style of their
/// own): the whole workout view is then one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartPictures {
    /// 800 × 200, for wide screens.
    pub wide: String,
    /// 400 × 240, for phones.
    pub narrow: String,
}

/// What the x axis of the charts measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum XAxis {
    /// Time since the start.
    #[default]
    Time,
    /// Distance since the start.
    Distance,
    /// A duration on a log scale: x is log10 of seconds (mean-max curves).
    LogDuration,
    /// Calendar days: x is days since 1970-01-01 (the fitness chart).
    Day,
}

/// Everything the workout page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkoutDetail {
    /// The summary.
    pub summary: WorkoutSummary,
    /// Device laps, or automatic splits when the file had none.
    pub laps: Vec<LapSummary>,
    /// Whether `laps` are automatic splits.
    pub laps_are_splits: bool,
    /// Time in each heart-rate zone (empty without heart rate).
    pub zones: Vec<ZoneTime>,
    /// The charts, for the streams the workout has.
    pub charts: Vec<Chart>,
    /// Each chart's pictures, in the order of `charts`.
    #[serde(default)]
    pub pictures: Vec<ChartPictures>,
    /// What the charts' x axis measures.
    pub x_axis: XAxis,
    /// Whether the workout has a distance stream (so the x axis may be distance).
    pub has_distance: bool,
    /// The route as SVG, when the workout has positions (the map's fallback without script
    /// or tiles).
    pub route_svg: Option<String>,
    /// The route for the map, simplified, when the workout has positions.
    #[serde(default)]
    pub route: Option<crate::RouteTrack>,
    /// Other workouts at the same time (likely the same activity from another device).
    pub overlaps: Vec<(WorkoutId, String)>,
    /// The services whose account exports held it (`Strava`, `Garmin Connect`), each once, in
    /// the order they were imported.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The gear it was done with.
    pub gear: Option<crate::Gear>,
}
