//! A session's exercises into one [`Recording`]: every stream's samples, on whatever clock the
//! schema gives them (local date-times in 1.x, offsets from the start in the newer schema),
//! merged into rows by time, with one [`Session`] and its laps per exercise.

use std::collections::BTreeMap;

use domain::{LapTrigger, Timestamp};
use formats::{Lap, Recording, SamplesBuilder, Session, Totals};

use super::clock::instant;
use super::schema::{ExerciseJson, LapsJson, Point, SamplesJson, Series, SportJson, Timed};
use super::session::{millis, whole};

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

/// What is gathered from the exercises on the way to the recording.
#[derive(Default)]
struct Merge {
    rows: BTreeMap<Timestamp, Row>,
    sessions: Vec<Session>,
    laps: Vec<Lap>,
    warnings: Vec<String>,
}

/// The recording of a session's exercises, local times read at `offset` minutes east of UTC
/// (an exercise's own offset, where it has one, wins). `session_start` stands in for an
/// exercise that has no start of its own.
///
/// # Errors
/// Where an exercise has no start at all, or a time that is not one: a message naming the
/// exercise and the field.
pub(crate) fn recording(
    exercises: Vec<ExerciseJson>,
    offset: i32,
    session_start: Option<Timestamp>,
) -> Result<Recording, String> {
    let mut merge = Merge::default();
    for (n, exercise) in exercises.into_iter().enumerate() {
        merge.exercise(n, exercise, offset, session_start)?;
    }
    Ok(merge.finish(offset, session_start))
}

impl Merge {
    /// Gathers exercise `n`.
    fn exercise(
        &mut self,
        n: usize,
        exercise: ExerciseJson,
        offset: i32,
        session_start: Option<Timestamp>,
    ) -> Result<(), String> {
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
        let warned = self.warnings.len();
        let samples = exercise.samples.unwrap_or_default();
        let SamplesJson {
            heart_rate,
            speed,
            cadence,
            altitude,
            distance,
            temperature,
            power,
            recorded_route,
            samples: series,
        } = samples;
        let timed: [(&str, Vec<Timed>, Setter); 7] = [
            ("heartRate", heart_rate, |r, v| r.heart_rate = Some(v)),
            ("speed", speed, |r, v| r.speed_kmh = Some(v)),
            ("cadence", cadence, |r, v| r.cadence = Some(v)),
            ("altitude", altitude, |r, v| r.altitude = Some(v)),
            ("distance", distance, |r, v| r.distance = Some(v)),
            ("temperature", temperature, |r, v| r.temperature = Some(v)),
            ("power", power, |r, v| r.power = Some(v)),
        ];
        for (name, list, set) in timed {
            self.timed(list, offset, set)
                .map_err(|e| format!("exercises[{n}].samples.{name}{e}"))?;
        }
        self.series(series, start)
            .map_err(|e| format!("exercises[{n}].samples.samples{e}"))?;
        let mut route = recorded_route;
        if let Some(routes) = exercise.routes {
            route.extend(routes.way_points);
            route.extend(routes.route.into_iter().flat_map(|r| r.way_points));
        }
        self.route(route, start, elapsed, offset)
            .map_err(|e| format!("exercises[{n}] route{e}"))?;
        for warning in &mut self.warnings[warned..] {
            *warning = format!("exercise {n}: {warning}");
        }
        let first_lap = self.laps.len();
        self.laps(exercise.laps, exercise.auto_laps, start);
        let stat = exercise.heart_rate.as_ref();
        self.sessions.push(Session {
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
                avg_heart_rate: stat.and_then(|h| h.avg).and_then(whole),
                max_heart_rate: stat.and_then(|h| h.max).and_then(whole),
                ..Totals::default()
            },
            laps: first_lap..self.laps.len(),
            ..Session::default()
        });
        Ok(())
    }

    /// 1.x samples: each at its own local date-time. The error says which sample.
    fn timed(&mut self, list: Vec<Timed>, offset: i32, set: Setter) -> Result<(), String> {
        for (i, sample) in list.into_iter().enumerate() {
            let t = instant(&sample.date_time, offset).ok_or_else(|| {
                format!("[{i}].dateTime {:?} is not a date-time", sample.date_time)
            })?;
            if let Some(v) = sample.value.filter(|v| v.is_finite()) {
                set(self.rows.entry(t).or_default(), v);
            }
        }
        Ok(())
    }

    /// Newer-schema series: one value every `intervalMillis` from the start; a missing value
    /// (`NaN` in the file) leaves its row's stream empty. Types Laps does not keep are named in
    /// a warning.
    fn series(&mut self, series: Vec<Series>, start: Timestamp) -> Result<(), String> {
        let mut unknown = Vec::new();
        for (k, series) in series.into_iter().enumerate() {
            let Some(set) = series_setter(&series.kind) else {
                unknown.push(series.kind);
                continue;
            };
            let interval = series
                .interval_millis
                .filter(|i| i.is_finite() && *i > 0.0)
                .ok_or_else(|| format!("[{k}] ({}) has no intervalMillis", series.kind))?;
            for (i, value) in series.values.into_iter().enumerate() {
                if let Some(v) = value.filter(|v| v.is_finite()) {
                    let t = start.add_ms((i as f64 * interval).round() as i64);
                    set(self.rows.entry(t).or_default(), v);
                }
            }
        }
        if !unknown.is_empty() {
            self.warnings
                .push(format!("sample types not read: {}", unknown.join(", ")));
        }
        Ok(())
    }

    /// Places a route's points among the rows.
    ///
    /// 1.x routes carry their own `dateTime`s, and those are not always on the exercise's
    /// clock: in the real sample they run 1:20:27.8 after the heart rate samples, entirely
    /// outside the exercise, while covering the same 2,750 s at the same rate. A route that
    /// lies outside the exercise is therefore re-anchored (its first point at the exercise's
    /// start, the rest at their elapsed time from it) with a warning.
    fn route(
        &mut self,
        route: Vec<Point>,
        start: Timestamp,
        elapsed_ms: i64,
        offset: i32,
    ) -> Result<(), String> {
        let mut points = Vec::with_capacity(route.len());
        for (i, point) in route.into_iter().enumerate() {
            let t = match (&point.date_time, point.elapsed_millis) {
                (_, Some(ms)) if ms.is_finite() => start.add_ms(ms.round() as i64),
                (Some(text), _) => instant(text, offset)
                    .ok_or_else(|| format!(" point {i}: dateTime {text:?} is not a date-time"))?,
                _ => return Err(format!(" point {i} has no time")),
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
                self.warnings.push(format!(
                    "the route's times lie outside its exercise: moved by {} s to begin at its start",
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
            let t = self.nearest_free_row(t).unwrap_or(t);
            let row = self.rows.entry(t).or_default();
            row.latitude = Some(lat);
            row.longitude = Some(lon);
            row.route_altitude = point.altitude.filter(|a| a.is_finite());
        }
        Ok(())
    }

    /// The time of the row nearest to `t`, within half a second, that has no position yet.
    ///
    /// Route points and the other samples are both about one a second, but on clocks that do
    /// not tick together (in the real sample the route's milliseconds wander from .801 to
    /// .918): a point joins the sample row it belongs with, rather than making a row of its own
    /// beside it, so the recording has one row a second with every stream in it instead of
    /// twice the rows, each half empty.
    fn nearest_free_row(&self, t: Timestamp) -> Option<Timestamp> {
        const REACH_MS: i64 = 500;
        self.rows
            .range(t.add_ms(-REACH_MS + 1)..t.add_ms(REACH_MS))
            .filter(|(_, row)| row.latitude.is_none())
            .map(|(&time, _)| time)
            .min_by_key(|time| time.ms_since(t).abs())
    }

    /// An exercise's laps (the athlete's), or else its automatic laps. A lap's `splitTime` is
    /// from the exercise's start to the lap's end; without one, laps follow each other.
    fn laps(&mut self, laps: Option<LapsJson>, auto_laps: Option<LapsJson>, start: Timestamp) {
        let laps = laps.map(LapsJson::into_laps).unwrap_or_default();
        let (laps, trigger) = if laps.is_empty() {
            let auto = auto_laps.map(LapsJson::into_laps);
            (auto.unwrap_or_default(), LapTrigger::Distance)
        } else {
            (laps, LapTrigger::Manual)
        };
        let mut lap_start = start;
        for lap in laps {
            let length = millis(lap.duration.as_deref(), lap.duration_millis).unwrap_or(0);
            if let Some(split) = millis(lap.split_time.as_deref(), lap.split_time_millis) {
                lap_start = start.add_ms(split - length);
            }
            let stat = lap.heart_rate.as_ref();
            self.laps.push(Lap {
                start: lap_start,
                totals: Totals {
                    elapsed_ms: length,
                    timer_ms: Some(length),
                    distance_m: lap.distance.filter(|d| d.is_finite()),
                    avg_heart_rate: stat.and_then(|h| h.avg).and_then(whole),
                    max_heart_rate: stat.and_then(|h| h.max).and_then(whole),
                    ..Totals::default()
                },
                trigger,
                ..Lap::default()
            });
            lap_start = lap_start.add_ms(length);
        }
    }

    /// The recording: rows in time order into the sample columns.
    fn finish(self, offset: i32, session_start: Option<Timestamp>) -> Recording {
        let mut builder = SamplesBuilder::new();
        for (t, row) in self.rows {
            builder.row(t);
            if let Some(v) = row.heart_rate {
                builder.heart_rate(v as f32);
            }
            if let Some(v) = row.speed_kmh {
                // Polar writes km/h; the recording keeps m/s.
                builder.speed((v / 3.6) as f32);
            }
            if let Some(v) = row.cadence {
                builder.cadence(v as f32);
            }
            if let Some(v) = row.altitude.or(row.route_altitude) {
                builder.altitude(v as f32);
            }
            if let Some(v) = row.distance {
                builder.distance(v);
            }
            if let Some(v) = row.temperature {
                builder.temperature(v as f32);
            }
            if let Some(v) = row.power {
                builder.power(v as f32);
            }
            if let (Some(lat), Some(lon)) = (row.latitude, row.longitude) {
                builder.latitude(lat);
                builder.longitude(lon);
            }
        }
        let first = self.sessions.first();
        Recording {
            sport: first.map(|s| s.sport).unwrap_or_default(),
            start: first.map(|s| s.start).or(session_start).unwrap_or_default(),
            utc_offset_minutes: Some(offset),
            samples: builder.finish(),
            sessions: self.sessions,
            laps: self.laps,
            warnings: self.warnings,
            ..Recording::default()
        }
    }
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
