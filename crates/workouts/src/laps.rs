//! Laps made complete from the samples: what a device left out of its lap messages (many write
//! only the time and distance, Suunto's TCX not even a heart rate) worked out from the samples
//! recorded within each lap's time.

use domain::LapSummary;
use formats::{Recording, Stream, Timestamp};

/// Fills in each lap's missing average and maximum heart rate, average cadence, average and
/// normalized power, distance, average and maximum speed from the samples recorded between the
/// lap's start and its end (the last lap's end included; the others end where the next
/// begins).
///
/// Only what the lap lacks is filled: a value the device wrote wins. The device may have
/// counted what the samples no longer show (readings between the recorded points of "smart
/// recording", a timer paused mid-lap, its own rules for zeros), so its value is the better
/// measurement; and a lap the athlete saw on the watch keeps the numbers they saw there.
///
/// The averages are plain means of the samples, as devices take them: heart rates of zero or
/// less (a strap without contact) are not samples, cadences of zero (coasting, standing) are
/// left out as Garmin's default "exclude zeros" does, powers of zero count (not pedalling is
/// part of the effort). The average speed is the distance over the time in motion: the lap's timer
/// time less the time its samples stood still (see `stopped_ms`).
/// Normalized power comes from the recording's 1 Hz power series ([`training::one_hertz`],
/// stops left out, as for the whole workout's) and needs at least [`training::NP_WINDOW_S`]
/// seconds of it.
pub fn complete(laps: &mut [LapSummary], recording: &Recording) {
    let time = &recording.samples.time;
    if time.is_empty() || laps.is_empty() {
        return;
    }
    let power_1hz = recording
        .samples
        .power
        .is_some()
        .then(|| training::one_hertz(recording, Stream::Power))
        .flatten();
    let last = laps.len() - 1;
    for (i, lap) in laps.iter_mut().enumerate() {
        let from = lap.start;
        let to = lap.start.add_ms(lap.metrics.elapsed_ms.max(0));
        // Sample indices in `[from, to)`, or `[from, to]` for the last lap.
        let lo = time.partition_point(|t| *t < from);
        let hi = if i == last {
            time.partition_point(|t| *t <= to)
        } else {
            time.partition_point(|t| *t < to)
        };
        // A lap without samples still gets its pace from the device's distance and time.
        fill(lap, recording, lo..hi, i == last);
        if lap.normalized_power.is_none()
            && let Some(series) = &power_1hz
        {
            lap.normalized_power = lap_np(series, recording.start, from, to);
        }
    }
}

/// Fills one lap from the samples `range`.
fn fill(lap: &mut LapSummary, r: &Recording, range: std::ops::Range<usize>, is_last: bool) {
    let m = &mut lap.metrics;
    let column = |s: Stream| r.samples.column(s).map(|c| &c[range.clone()]);
    if m.avg_hr.is_none() || m.max_hr.is_none() {
        let beats: Vec<f32> = column(Stream::HeartRate)
            .map(|c| {
                c.iter()
                    .copied()
                    .filter(|v| v.is_finite() && *v > 0.0)
                    .collect()
            })
            .unwrap_or_default();
        m.avg_hr = m.avg_hr.or_else(|| mean(&beats).map(round_u16));
        m.max_hr = m.max_hr.or_else(|| {
            beats
                .iter()
                .copied()
                .reduce(f32::max)
                .map(|v| round_u16(f64::from(v)))
        });
    }
    if m.avg_cadence.is_none() {
        let cadence: Vec<f32> = column(Stream::Cadence)
            .map(|c| {
                c.iter()
                    .copied()
                    .filter(|v| v.is_finite() && *v > 0.0)
                    .collect()
            })
            .unwrap_or_default();
        m.avg_cadence = mean(&cadence).map(round_u16);
    }
    if m.avg_power.is_none() {
        let watts: Vec<f32> = column(Stream::Power)
            .map(|c| c.iter().copied().filter(|v| v.is_finite()).collect())
            .unwrap_or_default();
        m.avg_power = mean(&watts).map(round_u16);
    }
    if m.max_speed.is_none() {
        m.max_speed = column(Stream::Speed)
            .and_then(|c| c.iter().copied().filter(|v| v.is_finite()).reduce(f32::max))
            .map(f64::from);
    }
    let distance = r.distance_stream();
    if m.distance_m.is_none()
        && let Some(d) = distance.as_deref()
    {
        // From the last distance before the lap began (the lap covers the way from there),
        // else its first one, to its last.
        let before = d[..range.start].iter().rev().find(|v| v.is_finite());
        let inside = d[range.clone()].iter().filter(|v| v.is_finite());
        let first = before.or_else(|| inside.clone().next());
        if let (Some(a), Some(b)) = (first, inside.clone().next_back()) {
            m.distance_m = Some((b - a).max(0.0));
        }
    }
    if m.avg_speed.is_none()
        && let Some(metres) = m.distance_m
    {
        // The pair across the lap's start counts for this lap, as the distance does.
        let from = range.start.saturating_sub(1);
        let to = if is_last {
            range.end
        } else {
            (range.end + 1).min(r.samples.time.len())
        };
        let moving =
            lap.timer_ms.unwrap_or(m.elapsed_ms) - stopped_ms(r, distance.as_deref(), from..to);
        if moving > 0 {
            m.avg_speed = Some(metres / (moving as f64 / 1000.0));
        }
    }
}

/// The time stood still between the samples of `range`: pairs of samples up to 30 s apart
/// whose speed (recorded, or from the distance) was at most 0.5 m/s, as
/// [`Recording::moving_ms`] tells motion for the whole workout.
///
/// Subtracted from the lap's timer time rather than summing the time in motion, because a
/// lap's samples may cover only part of it (Suunto's TCX laps begin minutes before their
/// first trackpoint): time without samples counts as moving, as the device timed it.
fn stopped_ms(r: &Recording, distance: Option<&[f64]>, range: std::ops::Range<usize>) -> i64 {
    let t = &r.samples.time;
    let speed = r.samples.speed.as_deref();
    let mut stopped = 0;
    for i in range.start + 1..range.end {
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
        if v <= 0.5 {
            stopped += dt;
        }
    }
    stopped
}

/// Normalized power over the seconds of `series` that begin in `[from, to)`, stops left out.
fn lap_np(
    series: &training::Series,
    start: Timestamp,
    from: Timestamp,
    to: Timestamp,
) -> Option<u16> {
    let first_ms = start.unix_ms() as f64 + series.start_offset_s * 1000.0;
    let second = |t: Timestamp| ((t.unix_ms() as f64 - first_ms) / 1000.0).ceil().max(0.0) as usize;
    let (a, b) = (
        second(from).min(series.values.len()),
        second(to).min(series.values.len()),
    );
    let watts: Vec<f64> = series.values[a..b]
        .iter()
        .copied()
        .filter(|w| !w.is_nan())
        .collect();
    if watts.len() < training::NP_WINDOW_S {
        return None;
    }
    training::normalized_power(&watts).map(round_u16)
}

fn mean(values: &[f32]) -> Option<f64> {
    (!values.is_empty())
        .then(|| values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64)
}

fn round_u16(v: f64) -> u16 {
    v.round().clamp(0.0, f64::from(u16::MAX)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{Intensity, LapTrigger, Metrics};

    fn lap(index: u32, start_s: i64, elapsed_s: i64, metrics: Metrics) -> LapSummary {
        LapSummary {
            index,
            start: Timestamp::from_unix_ms(1_700_000_000_000 + start_s * 1000),
            metrics: Metrics {
                elapsed_ms: elapsed_s * 1000,
                ..metrics
            },
            timer_ms: None,
            trigger: LapTrigger::Manual,
            intensity: Intensity::Active,
            normalized_power: None,
        }
    }

    /// Ten minutes at 1 Hz: heart rate 100 then 150, power 200 then 300, 3 m/s.
    fn recording() -> Recording {
        let mut b = formats::SamplesBuilder::new();
        for s in 0..600_i64 {
            b.row(Timestamp::from_unix_ms(1_700_000_000_000 + s * 1000));
            b.heart_rate(if s < 300 { 100.0 } else { 150.0 });
            b.power(if s < 300 { 200.0 } else { 300.0 });
            b.cadence(if s % 10 == 0 { 0.0 } else { 90.0 });
            b.distance(s as f64 * 3.0);
        }
        Recording {
            start: Timestamp::from_unix_ms(1_700_000_000_000),
            samples: b.finish(),
            ..Recording::default()
        }
    }

    #[test]
    fn missing_lap_values_come_from_the_samples_in_the_laps_span() {
        let r = recording();
        let mut laps = vec![
            lap(0, 0, 300, Metrics::default()),
            lap(1, 300, 300, Metrics::default()),
        ];
        complete(&mut laps, &r);
        let [first, second] = &laps[..] else { panic!() };
        assert_eq!(
            (first.metrics.avg_hr, first.metrics.max_hr),
            (Some(100), Some(100))
        );
        assert_eq!(
            (second.metrics.avg_hr, second.metrics.max_hr),
            (Some(150), Some(150))
        );
        assert_eq!(first.metrics.avg_power, Some(200));
        assert_eq!(second.normalized_power, Some(300));
        assert_eq!(first.metrics.avg_cadence, Some(90), "zeros left out");
        assert_eq!(first.metrics.distance_m, Some(897.0), "0 to 299 s at 3 m/s");
        let speed = second.metrics.avg_speed.unwrap();
        assert!((speed - 3.0).abs() < 1e-9, "{speed}");
    }

    #[test]
    fn what_the_device_wrote_wins() {
        let r = recording();
        let mut laps = vec![lap(
            0,
            0,
            599,
            Metrics {
                avg_hr: Some(120),
                avg_power: Some(222),
                ..Metrics::default()
            },
        )];
        complete(&mut laps, &r);
        assert_eq!(laps[0].metrics.avg_hr, Some(120));
        assert_eq!(laps[0].metrics.avg_power, Some(222));
        assert_eq!(
            laps[0].metrics.max_hr,
            Some(150),
            "what it left out is filled"
        );
    }

    #[test]
    fn a_lap_without_samples_stays_as_it_was() {
        let r = recording();
        let mut laps = vec![lap(0, 10_000, 60, Metrics::default())];
        complete(&mut laps, &r);
        assert_eq!(
            laps[0].metrics,
            Metrics {
                elapsed_ms: 60_000,
                ..Metrics::default()
            }
        );
        assert_eq!(laps[0].normalized_power, None);
    }
}
