//! From synced Bluetooth notifications to a recording: decode each one (`gatt`), merge the
//! sensors by time into one-second rows, derive speed and cadence from revolution counters
//! (wrap-around included), keep every RR interval, and cut laps where the agent marked them.

use formats::{
    Device, Lap, LapTrigger, Recording, SamplesBuilder, Session, Sport, Timestamp, Totals,
};
use gatt::{CrankRevolutions, Measurement, WheelRevolutions};

/// One notification, its time already on the UTC clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    /// Which sensor sent it (several may send the same characteristic).
    pub sensor: String,
    /// Which characteristic.
    pub characteristic: gatt::Characteristic,
    /// When it arrived, unix ms.
    pub at_ms: i64,
    /// The bytes as received.
    pub bytes: Vec<u8>,
}

/// A recording session as synced.
#[derive(Debug, Clone, Default)]
pub struct SyncedSession {
    /// Stable sport name (`running`, `cycling`, …).
    pub sport: String,
    /// Every notification, in any order.
    pub notifications: Vec<Notification>,
    /// Where the agent pressed lap, unix ms.
    pub laps_ms: Vec<i64>,
    /// The recording device (maker, model).
    pub device: Option<(String, String)>,
    /// Wheel circumference for speed sensors, metres.
    pub wheel_circumference_m: f64,
}

/// The usual 700×25c road wheel.
pub const DEFAULT_WHEEL_M: f64 = 2.105;
/// A sensor that has not spoken for this long has stopped: its last value is not carried on.
const STALE_MS: i64 = 3_000;

#[derive(Default, Clone, Copy)]
struct Row {
    hr: Option<f32>,
    power: Option<f32>,
    speed: Option<f32>,
    cadence: Option<f32>,
    distance: Option<f64>,
}

/// Per-sensor counters, to turn cumulative revolutions into rates.
#[derive(Default)]
struct Counters {
    wheel: std::collections::HashMap<String, WheelRevolutions>,
    crank: std::collections::HashMap<String, CrankRevolutions>,
    rsc_distance_start: Option<f64>,
}

/// Why a synced session makes no workout.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// No notification could be decoded.
    #[error("Nothing decodable was synced in this session: there is no workout to make.")]
    Empty,
    /// The notifications lie further apart in time than one session may span.
    #[error(
        "The notifications of this session span {} hours; a session may span at most {} hours. \
         Check the device clock sent with each batch.",
        span_ms / 3_600_000,
        limit_ms / 3_600_000
    )]
    TooLong {
        /// From the first notification to the last, ms.
        span_ms: i64,
        /// The limit, ms.
        limit_ms: i64,
    },
}

/// Builds the recording. Malformed notifications are skipped (they were counted and reported
/// when their batch arrived). Memory follows the notifications, not the time they span: only
/// seconds that have data (and the few after each, while values carry over) become rows, and a
/// session longer than `max_span_ms` is refused before anything is built.
pub fn build(session: &SyncedSession, max_span_ms: i64) -> Result<Recording, BuildError> {
    let mut notes: Vec<&Notification> = session.notifications.iter().collect();
    notes.sort_by_key(|n| n.at_ms);
    let (Some(first), Some(last)) = (notes.first(), notes.last()) else {
        return Err(BuildError::Empty);
    };
    let (first, last) = (first.at_ms, last.at_ms);
    let span_ms = last.saturating_sub(first);
    if span_ms > max_span_ms {
        return Err(BuildError::TooLong {
            span_ms,
            limit_ms: max_span_ms,
        });
    }
    // Seconds since `first` that have a notification, each with its row, in time order.
    let mut rows: Vec<(i64, Row)> = Vec::new();
    let mut rr_ms = Vec::new();
    let mut counters = Counters::default();
    let circumference = if session.wheel_circumference_m > 0.0 {
        session.wheel_circumference_m
    } else {
        DEFAULT_WHEEL_M
    };
    for n in notes {
        let Ok(m) = gatt::decode(n.characteristic, &n.bytes) else {
            continue;
        };
        let second = (n.at_ms - first) / 1000;
        if rows.last().is_none_or(|(s, _)| *s != second) {
            rows.push((second, Row::default()));
        }
        let row = &mut rows.last_mut().expect("pushed above").1;
        match m {
            Measurement::HeartRate(hr) => {
                if hr.contact != gatt::Contact::NotDetected && hr.bpm > 0 {
                    row.hr = Some(f32::from(hr.bpm));
                }
                rr_ms.extend(hr.rr_ms().into_iter().map(|ms| ms.round() as u16));
            }
            Measurement::CyclingPower(p) => {
                row.power = Some(f32::from(p.watts.max(0)));
                if let Some(crank) = p.crank
                    && let Some(rpm) = crank_rate(&mut counters, &n.sensor, crank)
                {
                    row.cadence.get_or_insert(rpm as f32);
                }
                if let Some(wheel) = p.wheel
                    && let Some(rps) = wheel_rate(&mut counters, &n.sensor, wheel)
                {
                    row.speed = Some((rps * circumference) as f32);
                }
            }
            Measurement::CyclingSpeedCadence(csc) => {
                if let Some(wheel) = csc.wheel
                    && let Some(rps) = wheel_rate(&mut counters, &n.sensor, wheel)
                {
                    row.speed = Some((rps * circumference) as f32);
                }
                if let Some(crank) = csc.crank
                    && let Some(rpm) = crank_rate(&mut counters, &n.sensor, crank)
                {
                    row.cadence = Some(rpm as f32);
                }
            }
            Measurement::RunningSpeedCadence(rsc) => {
                row.speed = Some(rsc.speed_mps as f32);
                row.cadence = Some(f32::from(rsc.cadence_spm));
                if let Some(total) = rsc.total_distance_m {
                    let start = *counters.rsc_distance_start.get_or_insert(total);
                    row.distance = Some((total - start).max(0.0));
                }
            }
        }
    }
    let samples = fill(&rows, first);
    if samples.is_empty() {
        return Err(BuildError::Empty);
    }
    let start = Timestamp::from_unix_ms(first);
    let end = Timestamp::from_unix_ms(last);
    let laps = cut_laps(&samples, start, end, &session.laps_ms);
    let totals = totals(&samples, start, end);
    let sport = Sport::from_name(&session.sport);
    Ok(Recording {
        format: None,
        sport,
        sub_sport: None,
        start,
        utc_offset_minutes: None,
        device: session.device.as_ref().map(|(maker, model)| Device {
            manufacturer: Some(maker.clone()),
            product: Some(model.clone()),
            ..Device::default()
        }),
        sessions: vec![Session {
            sport,
            sub_sport: None,
            start,
            totals,
            laps: 0..laps.len(),
        }],
        laps,
        pauses: Vec::new(),
        samples,
        rr_intervals_ms: rr_ms,
        notes: None,
        hr_zone_bounds: Vec::new(),
        warnings: Vec::new(),
    })
}

fn wheel_rate(c: &mut Counters, sensor: &str, now: WheelRevolutions) -> Option<f64> {
    let rate = c
        .wheel
        .get(sensor)
        .and_then(|before| now.rate_since(before));
    // A repeated reading (no new event) keeps the earlier one as the reference.
    if c.wheel
        .get(sensor)
        .is_none_or(|b| b.event_time != now.event_time)
    {
        c.wheel.insert(sensor.to_owned(), now);
    }
    rate
}

fn crank_rate(c: &mut Counters, sensor: &str, now: CrankRevolutions) -> Option<f64> {
    let rate = c.crank.get(sensor).and_then(|before| now.rpm_since(before));
    if c.crank
        .get(sensor)
        .is_none_or(|b| b.event_time != now.event_time)
    {
        c.crank.insert(sensor.to_owned(), now);
    }
    rate
}

/// One row per second that has anything; a value is carried over quiet seconds while its
/// sensor is alive (notifications come about once a second, not exactly on the second), and
/// distance is integrated from speed when no sensor reports it. `rows` holds the seconds that
/// have notifications; the quiet seconds after each are visited only while a value could still
/// be carried (after `STALE_MS` nothing is), so a long silence costs nothing.
fn fill(rows: &[(i64, Row)], first: i64) -> formats::Samples {
    const CARRY_SECONDS: i64 = STALE_MS / 1000;
    let mut b = SamplesBuilder::new();
    let mut last: Row = Row::default();
    let mut last_at = [i64::MIN; 4];
    let mut distance = 0.0f64;
    let any_distance = rows.iter().any(|(_, r)| r.distance.is_some());
    let any_speed = rows.iter().any(|(_, r)| r.speed.is_some());
    let quiet = Row::default();
    let seconds = rows.iter().enumerate().flat_map(|(k, (second, row))| {
        // The session ends at its last notification: nothing is carried past it.
        let next = rows.get(k + 1).map_or(second + 1, |(s, _)| *s);
        let carried_until = next.min(second.saturating_add(CARRY_SECONDS + 1));
        std::iter::once((*second, row)).chain((second + 1..carried_until).map(|s| (s, &quiet)))
    });
    for (i, row) in seconds {
        let at = first + i * 1000;
        let mut carried = |fresh: Option<f32>, slot: &mut Option<f32>, k: usize| -> Option<f32> {
            if let Some(v) = fresh {
                *slot = Some(v);
                last_at[k] = at;
            } else if at.saturating_sub(last_at[k]) > STALE_MS {
                *slot = None;
            }
            *slot
        };
        let hr = carried(row.hr, &mut last.hr, 0);
        let power = carried(row.power, &mut last.power, 1);
        let speed = carried(row.speed, &mut last.speed, 2);
        let cadence = carried(row.cadence, &mut last.cadence, 3);
        if hr.is_none()
            && power.is_none()
            && speed.is_none()
            && cadence.is_none()
            && row.distance.is_none()
        {
            continue;
        }
        b.row(Timestamp::from_unix_ms(at));
        if let Some(v) = hr {
            b.heart_rate(v);
        }
        if let Some(v) = power {
            b.power(v);
        }
        if let Some(v) = speed {
            b.speed(v);
        }
        if let Some(v) = cadence {
            b.cadence(v);
        }
        if any_distance {
            if let Some(d) = row.distance {
                distance = d;
            }
            b.distance(distance);
        } else if any_speed {
            distance += f64::from(speed.unwrap_or(0.0));
            b.distance(distance);
        }
    }
    b.finish()
}

fn cut_laps(
    samples: &formats::Samples,
    start: Timestamp,
    end: Timestamp,
    marks: &[i64],
) -> Vec<Lap> {
    let mut bounds: Vec<i64> = marks
        .iter()
        .copied()
        .filter(|&m| m > start.unix_ms() && m < end.unix_ms())
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut edges = vec![start.unix_ms()];
    edges.extend(bounds);
    edges.push(end.unix_ms());
    edges
        .windows(2)
        .enumerate()
        .map(|(i, w)| Lap {
            start: Timestamp::from_unix_ms(w[0]),
            totals: totals(
                samples,
                Timestamp::from_unix_ms(w[0]),
                Timestamp::from_unix_ms(w[1]),
            ),
            trigger: if i + 2 == edges.len() {
                LapTrigger::SessionEnd
            } else {
                LapTrigger::Manual
            },
            ..Lap::default()
        })
        .collect()
}

/// Totals of the rows in `[from, to)` (the last second included for the whole session).
fn totals(s: &formats::Samples, from: Timestamp, to: Timestamp) -> Totals {
    let (a, b) = (from.unix_ms(), to.unix_ms());
    let idx: Vec<usize> = (0..s.time.len())
        .filter(|&i| {
            let t = s.time[i].unix_ms();
            t >= a && (t < b || t == b && i + 1 == s.time.len())
        })
        .collect();
    let values = |col: &Option<Vec<f32>>| -> Vec<f32> {
        col.as_ref()
            .map(|c| {
                idx.iter()
                    .map(|&i| c[i])
                    .filter(|v| v.is_finite())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mean = |v: &[f32]| {
        (!v.is_empty()).then(|| v.iter().map(|&x| f64::from(x)).sum::<f64>() / v.len() as f64)
    };
    let max = |v: &[f32]| v.iter().copied().reduce(f32::max);
    let (hr, power, speed, cadence) = (
        values(&s.heart_rate),
        values(&s.power),
        values(&s.speed),
        values(&s.cadence),
    );
    let distance = s.distance.as_ref().and_then(|d| {
        let first = idx.first().map(|&i| d[i])?;
        let last = idx.last().map(|&i| d[i])?;
        Some(last - first)
    });
    Totals {
        elapsed_ms: b - a,
        timer_ms: Some(b - a),
        distance_m: distance.filter(|d| *d > 0.0),
        avg_heart_rate: mean(&hr).map(|m| m.round() as u8),
        max_heart_rate: max(&hr).map(|m| m.round() as u8),
        avg_cadence: mean(&cadence).map(|m| m.round().min(255.0) as u8),
        max_cadence: max(&cadence).map(|m| m.round().min(255.0) as u8),
        avg_speed: mean(&speed).map(|m| m as f32),
        max_speed: max(&speed),
        avg_power: mean(&power).map(|m| m.round() as u16),
        max_power: max(&power).map(|m| m.round() as u16),
        ..Totals::default()
    }
}
