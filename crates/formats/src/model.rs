//! The in-memory recording of an activity that every reader produces and every writer takes.

use crate::{Format, Intensity, LapTrigger, Sport, Timestamp};

/// The recording device.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Device {
    /// Maker's name (`garmin`, `polar`, ...), when known.
    pub manufacturer: Option<String>,
    /// FIT manufacturer number, when the file had one.
    pub manufacturer_id: Option<u16>,
    /// Product name (`Forerunner 935`, `Edge 530`, a Polar monitor code, ...).
    pub product: Option<String>,
    /// FIT product number.
    pub product_id: Option<u16>,
    /// Serial number.
    pub serial: Option<u32>,
    /// Software version, e.g. `12.20`.
    pub software: Option<String>,
}

/// Totals of a lap or a session, as the device recorded them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    /// Wall-clock time from start to end, milliseconds.
    pub elapsed_ms: i64,
    /// Time with the timer running (pauses excluded), milliseconds.
    pub timer_ms: Option<i64>,
    /// Distance, metres.
    pub distance_m: Option<f64>,
    /// Energy, kilocalories.
    pub calories: Option<u32>,
    /// Average heart rate, beats per minute.
    pub avg_heart_rate: Option<u8>,
    /// Maximum heart rate, beats per minute.
    pub max_heart_rate: Option<u8>,
    /// Average cadence, per minute (steps/2 for running in FIT's convention, revolutions for cycling).
    pub avg_cadence: Option<u8>,
    /// Maximum cadence.
    pub max_cadence: Option<u8>,
    /// Average speed, metres per second.
    pub avg_speed: Option<f32>,
    /// Maximum speed, metres per second.
    pub max_speed: Option<f32>,
    /// Average power, watts.
    pub avg_power: Option<u16>,
    /// Maximum power, watts.
    pub max_power: Option<u16>,
    /// Total ascent, metres.
    pub ascent_m: Option<u16>,
    /// Total descent, metres.
    pub descent_m: Option<u16>,
}

/// A device lap.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Lap {
    /// When the lap started.
    pub start: Timestamp,
    /// What the device recorded for it.
    pub totals: Totals,
    /// What ended it.
    pub trigger: LapTrigger,
    /// Work, rest, warm-up or cool-down.
    pub intensity: Intensity,
}

impl Lap {
    /// When the lap ended (start plus elapsed time).
    pub fn end(&self) -> Timestamp {
        self.start.add_ms(self.totals.elapsed_ms)
    }
}

/// One sport of a (possibly multisport) activity.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Session {
    /// The sport.
    pub sport: Sport,
    /// FIT `sub_sport` (treadmill, indoor cycling, lap swimming, ...), when known.
    pub sub_sport: Option<u8>,
    /// When it started.
    pub start: Timestamp,
    /// What the device recorded for it.
    pub totals: Totals,
    /// Its laps, as indices into [`Recording::laps`].
    pub laps: std::ops::Range<usize>,
}

/// A stretch with the timer stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    /// Timer stopped.
    pub start: Timestamp,
    /// Timer started again.
    pub end: Timestamp,
}

/// The sample streams, stored by column: one vector per stream, all as long as `time`.
///
/// A stream that was never recorded is `None`. Within a stream, a sample where the device had no
/// value is NaN, so every column stays aligned with `time` without per-sample tags.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Samples {
    /// When each sample was taken. Non-decreasing.
    pub time: Vec<Timestamp>,
    /// Latitude, degrees (WGS84).
    pub latitude: Option<Vec<f64>>,
    /// Longitude, degrees (WGS84).
    pub longitude: Option<Vec<f64>>,
    /// Altitude, metres.
    pub altitude: Option<Vec<f32>>,
    /// Distance from the start, metres.
    pub distance: Option<Vec<f64>>,
    /// Heart rate, beats per minute.
    pub heart_rate: Option<Vec<f32>>,
    /// Cadence, per minute.
    pub cadence: Option<Vec<f32>>,
    /// Speed, metres per second.
    pub speed: Option<Vec<f32>>,
    /// Power, watts.
    pub power: Option<Vec<f32>>,
    /// Temperature, degrees Celsius.
    pub temperature: Option<Vec<f32>>,
}

/// The streams a recording can hold, in a stable order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stream {
    /// Time of each sample (always present when there are samples).
    Time,
    /// Latitude and longitude.
    Position,
    /// Altitude.
    Altitude,
    /// Cumulative distance.
    Distance,
    /// Heart rate.
    HeartRate,
    /// Cadence.
    Cadence,
    /// Speed.
    Speed,
    /// Power.
    Power,
    /// Temperature.
    Temperature,
    /// Beat-to-beat (R-R) intervals, kept apart from the samples.
    RrIntervals,
}

impl Stream {
    /// Every stream, in order.
    pub const ALL: [Self; 10] = [
        Self::Time,
        Self::Position,
        Self::Altitude,
        Self::Distance,
        Self::HeartRate,
        Self::Cadence,
        Self::Speed,
        Self::Power,
        Self::Temperature,
        Self::RrIntervals,
    ];

    /// A stable lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Time => "time",
            Self::Position => "position",
            Self::Altitude => "altitude",
            Self::Distance => "distance",
            Self::HeartRate => "heart_rate",
            Self::Cadence => "cadence",
            Self::Speed => "speed",
            Self::Power => "power",
            Self::Temperature => "temperature",
            Self::RrIntervals => "rr_intervals",
        }
    }
}

impl Samples {
    /// The number of samples.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// The float column of a stream (not for time, position or distance).
    pub fn column(&self, stream: Stream) -> Option<&[f32]> {
        match stream {
            Stream::Altitude => self.altitude.as_deref(),
            Stream::HeartRate => self.heart_rate.as_deref(),
            Stream::Cadence => self.cadence.as_deref(),
            Stream::Speed => self.speed.as_deref(),
            Stream::Power => self.power.as_deref(),
            Stream::Temperature => self.temperature.as_deref(),
            Stream::Time | Stream::Position | Stream::Distance | Stream::RrIntervals => None,
        }
    }

    /// How many samples carry a value of `stream` (a position counts when both parts are there).
    pub fn count(&self, stream: Stream) -> usize {
        let finite64 = |v: &Option<Vec<f64>>| {
            v.as_ref()
                .map_or(0, |v| v.iter().filter(|x| x.is_finite()).count())
        };
        match stream {
            Stream::Time => self.len(),
            Stream::Position => match (&self.latitude, &self.longitude) {
                (Some(lat), Some(lon)) => lat
                    .iter()
                    .zip(lon)
                    .filter(|(a, b)| a.is_finite() && b.is_finite())
                    .count(),
                _ => 0,
            },
            Stream::Distance => finite64(&self.distance),
            Stream::RrIntervals => 0,
            other => self
                .column(other)
                .map_or(0, |v| v.iter().filter(|x| x.is_finite()).count()),
        }
    }

    /// Whether `stream` has at least one value.
    pub fn has(&self, stream: Stream) -> bool {
        self.count(stream) > 0
    }

    /// Appends another recording's samples (which must start no earlier than these end).
    pub fn append(&mut self, other: Self) {
        let (before, added) = (self.len(), other.len());
        fn join<T: Copy>(
            mine: &mut Option<Vec<T>>,
            theirs: Option<Vec<T>>,
            before: usize,
            added: usize,
            missing: T,
        ) {
            match (mine.as_mut(), theirs) {
                (Some(mine), Some(theirs)) => mine.extend(theirs),
                (Some(mine), None) => mine.extend(std::iter::repeat_n(missing, added)),
                (None, Some(theirs)) => {
                    let mut column = vec![missing; before];
                    column.extend(theirs);
                    *mine = Some(column);
                }
                (None, None) => {}
            }
        }
        self.time.extend(other.time);
        join(&mut self.latitude, other.latitude, before, added, f64::NAN);
        join(
            &mut self.longitude,
            other.longitude,
            before,
            added,
            f64::NAN,
        );
        join(&mut self.altitude, other.altitude, before, added, f32::NAN);
        join(&mut self.distance, other.distance, before, added, f64::NAN);
        join(
            &mut self.heart_rate,
            other.heart_rate,
            before,
            added,
            f32::NAN,
        );
        join(&mut self.cadence, other.cadence, before, added, f32::NAN);
        join(&mut self.speed, other.speed, before, added, f32::NAN);
        join(&mut self.power, other.power, before, added, f32::NAN);
        join(
            &mut self.temperature,
            other.temperature,
            before,
            added,
            f32::NAN,
        );
    }
}

/// Builds [`Samples`] row by row; streams may appear at any row.
#[derive(Debug, Default)]
pub struct SamplesBuilder {
    samples: Samples,
    /// The most rows wanted, if limited (see [`SamplesBuilder::with_limit`]).
    limit: Option<usize>,
    /// More rows than the limit came: nothing more is stored.
    full: bool,
}

macro_rules! setter {
    ($(#[$doc:meta] $name:ident: $ty:ty, $nan:expr;)*) => {
        $(
            #[$doc]
            pub fn $name(&mut self, value: $ty) {
                if self.full {
                    return;
                }
                let rows = self.samples.time.len();
                // A value before the first row has no time to belong to.
                let Some(before) = rows.checked_sub(1) else { return };
                let column = self.samples.$name.get_or_insert_with(|| vec![$nan; before]);
                // One value per row: a second value in the same row replaces the first.
                if column.len() == rows {
                    if let Some(last) = column.last_mut() {
                        *last = value;
                    }
                } else {
                    column.resize(before, $nan);
                    column.push(value);
                }
            }
        )*
    };
}

impl SamplesBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder that stores at most `limit + 1` rows: once more than `limit` rows came, later
    /// rows and their values are ignored. The recording then has more samples than `limit`, so
    /// [`crate::sanitize`] refuses it ([`crate::ErrorKind::TooManySamples`]), and a hostile
    /// file costs no more memory than the limit allows on the way there.
    pub fn with_limit(limit: usize) -> Self {
        Self {
            limit: Some(limit),
            ..Self::default()
        }
    }

    /// Starts a new row at `time`. Rows must come in time order; a row at the same time as the
    /// previous one continues it (devices often split one second over several messages).
    pub fn row(&mut self, time: Timestamp) {
        if self.samples.time.last() == Some(&time) {
            return;
        }
        self.push_row(time);
    }

    /// Starts a new row at `time` even when the previous row has the same time (for formats
    /// where every point is a point of its own, such as GPX and TCX).
    pub fn push_row(&mut self, time: Timestamp) {
        if self.full || self.limit.is_some_and(|l| self.samples.time.len() > l) {
            self.full = true;
            return;
        }
        self.samples.time.push(time);
    }

    /// The number of rows so far.
    pub fn len(&self) -> usize {
        self.samples.time.len()
    }

    /// Whether no row was started.
    pub fn is_empty(&self) -> bool {
        self.samples.time.is_empty()
    }

    /// The time of the last row.
    pub fn last_time(&self) -> Option<Timestamp> {
        self.samples.time.last().copied()
    }

    setter! {
        /// Sets the latitude of the current row.
        latitude: f64, f64::NAN;
        /// Sets the longitude of the current row.
        longitude: f64, f64::NAN;
        /// Sets the altitude of the current row.
        altitude: f32, f32::NAN;
        /// Sets the distance of the current row.
        distance: f64, f64::NAN;
        /// Sets the heart rate of the current row.
        heart_rate: f32, f32::NAN;
        /// Sets the cadence of the current row.
        cadence: f32, f32::NAN;
        /// Sets the speed of the current row.
        speed: f32, f32::NAN;
        /// Sets the power of the current row.
        power: f32, f32::NAN;
        /// Sets the temperature of the current row.
        temperature: f32, f32::NAN;
    }

    /// The finished columns, each as long as the time column.
    pub fn finish(mut self) -> Samples {
        let rows = self.samples.time.len();
        let s = &mut self.samples;
        for column in [&mut s.latitude, &mut s.longitude, &mut s.distance]
            .into_iter()
            .flatten()
        {
            column.resize(rows, f64::NAN);
        }
        for column in [
            &mut s.altitude,
            &mut s.heart_rate,
            &mut s.cadence,
            &mut s.speed,
            &mut s.power,
            &mut s.temperature,
        ]
        .into_iter()
        .flatten()
        {
            column.resize(rows, f32::NAN);
        }
        self.samples
    }
}

/// One activity as read from a file, or to be written to one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recording {
    /// The format it was read from.
    pub format: Option<Format>,
    /// The main sport (the first session's).
    pub sport: Sport,
    /// FIT `sub_sport`, when known.
    pub sub_sport: Option<u8>,
    /// When it started.
    pub start: Timestamp,
    /// The UTC offset at the start, minutes east of UTC, when the file says (FIT); `None` when
    /// the file carries UTC only (TCX, GPX) or local time only (HRM, read with an assumed zone).
    pub utc_offset_minutes: Option<i32>,
    /// The recording device.
    pub device: Option<Device>,
    /// Sessions: one, or several for multisport.
    pub sessions: Vec<Session>,
    /// Device laps, in order, across all sessions.
    pub laps: Vec<Lap>,
    /// Timer stops.
    pub pauses: Vec<Pause>,
    /// The sample streams.
    pub samples: Samples,
    /// Beat-to-beat (R-R) intervals, milliseconds, in order.
    pub rr_intervals_ms: Vec<u16>,
    /// A title or note carried by the file.
    pub notes: Option<String>,
    /// Heart-rate zone boundaries the device used, beats per minute (HRM `[HRZones]`).
    pub hr_zone_bounds: Vec<u8>,
    /// Things the reader noticed but could live with (a bad CRC, a skipped message, ...).
    pub warnings: Vec<String>,
}

impl Recording {
    /// The streams with at least one value.
    pub fn streams(&self) -> Vec<Stream> {
        let mut streams: Vec<Stream> = Stream::ALL
            .into_iter()
            .filter(|&s| s != Stream::RrIntervals && self.samples.has(s))
            .collect();
        if !self.rr_intervals_ms.is_empty() {
            streams.push(Stream::RrIntervals);
        }
        streams
    }

    /// The end of the activity: the last sample; without samples, the end of the last lap or
    /// session. (Samples are what was recorded: device totals are kept in the sessions, but a
    /// damaged or hand-edited file can claim an end its data does not reach.)
    pub fn end(&self) -> Timestamp {
        if let Some(&last) = self.samples.time.last() {
            return last.max(self.start);
        }
        let laps = self.laps.iter().map(Lap::end);
        let sessions = self
            .sessions
            .iter()
            .map(|s| s.start.add_ms(s.totals.elapsed_ms));
        laps.chain(sessions).fold(self.start, Timestamp::max)
    }

    /// Places a recording read with local wall-clock times taken as UTC (HRM, read at offset
    /// zero) in a zone `offset_minutes` east of UTC: every instant moves back by the offset,
    /// and the offset is recorded. The same as reading it at that offset, without reading it
    /// again.
    pub fn place_local(&mut self, offset_minutes: i32) {
        let shift = -i64::from(offset_minutes) * 60_000;
        self.start = self.start.add_ms(shift);
        for t in &mut self.samples.time {
            *t = t.add_ms(shift);
        }
        for lap in &mut self.laps {
            lap.start = lap.start.add_ms(shift);
        }
        for session in &mut self.sessions {
            session.start = session.start.add_ms(shift);
        }
        for pause in &mut self.pauses {
            pause.start = pause.start.add_ms(shift);
            pause.end = pause.end.add_ms(shift);
        }
        self.utc_offset_minutes = Some(offset_minutes);
    }

    /// The laps to write: the device laps, or one lap over the whole recording when it has
    /// none (GPX), for formats that require laps.
    pub fn laps_or_whole(&self) -> Vec<Lap> {
        if !self.laps.is_empty() {
            return self.laps.clone();
        }
        vec![Lap {
            start: self.start,
            totals: Totals {
                elapsed_ms: self.duration_ms(),
                timer_ms: Some(self.timer_ms()),
                distance_m: self.distance_m(),
                ..Totals::default()
            },
            ..Lap::default()
        }]
    }

    /// Wall-clock duration, milliseconds.
    pub fn duration_ms(&self) -> i64 {
        self.end().ms_since(self.start)
    }

    /// Time with the timer running, milliseconds: the sessions' timer time where recorded,
    /// else the duration less the pauses.
    pub fn timer_ms(&self) -> i64 {
        let recorded: Option<i64> = self.sessions.iter().map(|s| s.totals.timer_ms).sum();
        recorded.unwrap_or_else(|| {
            let paused: i64 = self
                .pauses
                .iter()
                .map(|p| p.end.ms_since(p.start).max(0))
                .sum();
            (self.duration_ms() - paused).max(0)
        })
    }

    /// Moving time, milliseconds: time between samples where speed (recorded, or derived from
    /// distance) was above 0.5 m/s, excluding gaps longer than 30 s; the timer time when the
    /// samples say nothing about motion.
    pub fn moving_ms(&self) -> i64 {
        let t = &self.samples.time;
        let speed = self.samples.speed.as_deref();
        let distance = self.samples.distance.as_deref();
        if speed.is_none() && distance.is_none() {
            return self.timer_ms();
        }
        let mut moving = 0;
        for i in 1..t.len() {
            let dt = t[i].ms_since(t[i - 1]);
            if dt <= 0 || dt > 30_000 {
                continue;
            }
            let v = match (speed.map(|s| s[i]), distance) {
                (Some(v), _) if v.is_finite() => f64::from(v),
                (_, Some(d)) if d[i].is_finite() && d[i - 1].is_finite() => {
                    (d[i] - d[i - 1]) / (dt as f64 / 1000.0)
                }
                _ => continue,
            };
            if v > 0.5 {
                moving += dt;
            }
        }
        moving
    }

    /// The distance at each sample for an export: the recorded stream; else, when the device
    /// recorded no distance totals either, the distance measured along the GPS track (a
    /// recorded total is better than a coarse track, so then the laps carry the distance).
    pub fn distance_stream(&self) -> Option<std::borrow::Cow<'_, [f64]>> {
        if let Some(d) = &self.samples.distance {
            return Some(std::borrow::Cow::Borrowed(d));
        }
        let recorded = self
            .sessions
            .iter()
            .any(|s| s.totals.distance_m.is_some_and(|d| d > 0.0))
            || self
                .laps
                .iter()
                .any(|l| l.totals.distance_m.is_some_and(|d| d > 0.0));
        if recorded {
            return None;
        }
        crate::geo::distance_from_positions(&self.samples).map(std::borrow::Cow::Owned)
    }

    /// Total distance, metres: the last distance sample, else the sessions' recorded totals,
    /// else the length of the GPS track.
    pub fn distance_m(&self) -> Option<f64> {
        if let Some(d) = self
            .samples
            .distance
            .as_ref()
            .and_then(|d| d.iter().rev().find(|x| x.is_finite()))
        {
            return Some(*d);
        }
        let recorded: Option<f64> = self.sessions.iter().map(|s| s.totals.distance_m).sum();
        if let Some(d) = recorded.filter(|d| *d > 0.0) {
            return Some(d);
        }
        crate::geo::track_length_m(&self.samples)
    }
}
