//! What the workout page computes from a recording: chart series, heart-rate zones, splits.

use domain::{
    HrZones, Intensity, LapSummary, LapTrigger, Metrics, SpeedStyle, Sport, Timestamp, Units,
    XAxis, ZoneTime, display,
};
use formats::{Recording, Stream};

/// Gaps longer than this are pauses: they add no time to zones and break chart lines.
const GAP_MS: i64 = 30_000;

/// One chart's data before drawing: (x, y) points, y already in display units.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Stable key (`heart_rate`, `pace`, ...).
    pub key: &'static str,
    /// Heading.
    pub title: &'static str,
    /// Unit shown after values.
    pub unit: String,
    /// Points in x order; `None` y marks a gap (pause, missing sensor).
    pub points: Vec<(f64, Option<f64>)>,
    /// Pace charts draw faster (smaller) values higher.
    pub inverted: bool,
}

/// The x value of each sample: seconds since the start, or distance in km / mi.
pub fn x_values(r: &Recording, axis: XAxis, units: Units) -> Option<Vec<f64>> {
    match axis {
        // A recording's own charts run over its time, or its distance.
        XAxis::Time | XAxis::LogDuration | XAxis::Day => {
            let start = r.start;
            Some(
                r.samples
                    .time
                    .iter()
                    .map(|t| t.ms_since(start) as f64 / 1000.0)
                    .collect(),
            )
        }
        XAxis::Distance => {
            let d = r.distance_stream()?;
            let per = match units {
                Units::Metric => 1000.0,
                Units::Imperial => 1609.344,
            };
            // Carry the last known distance over gaps so x never goes backwards.
            let mut last = 0.0f64;
            Some(
                d.iter()
                    .map(|&v| {
                        if v.is_finite() && v >= last {
                            last = v;
                        }
                        last / per
                    })
                    .collect(),
            )
        }
    }
}

/// Moving average over `window` samples either side (finite values only), for noisy streams.
fn smooth(values: &[f64], window: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(values.len());
    let (mut sum, mut n) = (0.0, 0usize);
    let mut lo = 0;
    let mut hi = 0;
    for i in 0..values.len() {
        let want_hi = (i + window + 1).min(values.len());
        while hi < want_hi {
            if values[hi].is_finite() {
                sum += values[hi];
                n += 1;
            }
            hi += 1;
        }
        let want_lo = i.saturating_sub(window);
        while lo < want_lo {
            if values[lo].is_finite() {
                sum -= values[lo];
                n -= 1;
            }
            lo += 1;
        }
        out.push(if values[i].is_finite() && n > 0 {
            sum / n as f64
        } else {
            f64::NAN
        });
    }
    out
}

/// The speed stream (recorded, else from distance), m/s.
fn speeds(r: &Recording) -> Option<Vec<f64>> {
    if let Some(speed) = r.samples.column(Stream::Speed) {
        return Some(speed.iter().map(|&v| f64::from(v)).collect());
    }
    let d = r.distance_stream()?;
    let t = &r.samples.time;
    let mut out = vec![f64::NAN; t.len()];
    for i in 1..t.len() {
        let dt = t[i].ms_since(t[i - 1]) as f64 / 1000.0;
        if dt > 0.0 && d[i].is_finite() && d[i - 1].is_finite() {
            out[i] = (d[i] - d[i - 1]) / dt;
        }
    }
    Some(out)
}

fn column(r: &Recording, stream: Stream) -> Option<Vec<f64>> {
    let c = r.samples.column(stream)?;
    c.iter()
        .any(|v| v.is_finite())
        .then(|| c.iter().map(|&v| f64::from(v)).collect())
}

/// The chart series the recording supports, in page order.
pub fn series(r: &Recording, sport: Sport, axis: XAxis, units: Units) -> Vec<Series> {
    let Some(x) = x_values(r, axis, units) else {
        return Vec::new();
    };
    let time = &r.samples.time;
    let gap = |i: usize| i > 0 && time[i].ms_since(time[i - 1]) > GAP_MS;
    let make = |key, title, unit: String, y: Vec<f64>, inverted| Series {
        key,
        title,
        unit,
        points: x
            .iter()
            .zip(&y)
            .enumerate()
            .map(|(i, (&x, &y))| (x, (y.is_finite() && !gap(i)).then_some(y)))
            .collect(),
        inverted,
    };
    let mut out = Vec::new();
    if let Some(hr) = column(r, Stream::HeartRate) {
        let hr = hr
            .into_iter()
            .map(|v| if v > 0.0 { v } else { f64::NAN })
            .collect();
        out.push(make(
            "heart_rate",
            "Heart rate",
            "bpm".to_owned(),
            hr,
            false,
        ));
    }
    let style = SpeedStyle::for_sport(sport);
    if let Some(speed) = speeds(r).filter(|s| s.iter().any(|v| v.is_finite() && *v > 0.0)) {
        let speed = smooth(&speed, 5);
        match style {
            SpeedStyle::Speed => {
                let y = speed
                    .iter()
                    .map(|&v| display::speed_value(v, units))
                    .collect();
                out.push(make(
                    "speed",
                    "Speed",
                    display::speed_unit(units).to_owned(),
                    y,
                    false,
                ));
            }
            _ => {
                // Pace in seconds per unit; standing still has no pace (a gap, not infinity).
                let y = speed
                    .iter()
                    .map(|&v| {
                        display::pace_seconds(v, style, units)
                            .filter(|p| *p < 30.0 * 60.0)
                            .unwrap_or(f64::NAN)
                    })
                    .collect();
                out.push(make(
                    "pace",
                    "Pace",
                    display::pace_unit(style, units).to_owned(),
                    y,
                    true,
                ));
            }
        }
    }
    if let Some(alt) = column(r, Stream::Altitude) {
        let per = if units == Units::Imperial {
            3.280_839_9
        } else {
            1.0
        };
        let y = alt.iter().map(|v| v * per).collect();
        let unit = if units == Units::Imperial { "ft" } else { "m" };
        out.push(make("elevation", "Elevation", unit.to_owned(), y, false));
    }
    if let Some(cad) = column(r, Stream::Cadence) {
        let unit = if style == SpeedStyle::Pace {
            "spm"
        } else {
            "rpm"
        };
        // Running cadence is stored per foot; people read steps per minute.
        let y = cad
            .iter()
            .map(|v| {
                if style == SpeedStyle::Pace {
                    v * 2.0
                } else {
                    *v
                }
            })
            .collect();
        out.push(make("cadence", "Cadence", unit.to_owned(), y, false));
    }
    if let Some(power) = column(r, Stream::Power) {
        out.push(make(
            "power",
            "Power",
            "W".to_owned(),
            smooth(&power, 2),
            false,
        ));
    }
    out
}

/// At most `buckets * 2` points: the lowest and highest of each bucket of x, in x order, so
/// peaks survive however long the workout. Gaps (None) are kept where a bucket has one.
pub fn downsample(points: &[(f64, Option<f64>)], buckets: usize) -> Vec<(f64, Option<f64>)> {
    if points.len() <= buckets * 2 || buckets == 0 {
        return points.to_vec();
    }
    let size = points.len().div_ceil(buckets);
    let mut out = Vec::with_capacity(buckets * 2 + 2);
    for chunk in points.chunks(size) {
        let present: Vec<(usize, f64)> = chunk
            .iter()
            .enumerate()
            .filter_map(|(i, (_, y))| y.map(|y| (i, y)))
            .collect();
        if present.len() < chunk.len() {
            // Keep the break in the line.
            out.push((chunk[0].0, None));
        }
        let Some(&(lo_i, _)) = present.iter().min_by(|a, b| a.1.total_cmp(&b.1)) else {
            continue;
        };
        let &(hi_i, _) = present
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .expect("non-empty");
        let (a, b) = (lo_i.min(hi_i), lo_i.max(hi_i));
        out.push(chunk[a]);
        if b != a {
            out.push(chunk[b]);
        }
    }
    out
}

/// Time in each of the five zones.
pub fn zone_times(r: &Recording, zones: HrZones, max_hr: u16) -> Vec<ZoneTime> {
    let Some(hr) = r.samples.column(Stream::HeartRate) else {
        return Vec::new();
    };
    let t = &r.samples.time;
    let mut ms = [0i64; 5];
    let mut any = false;
    for i in 1..t.len() {
        let dt = t[i].ms_since(t[i - 1]);
        let bpm = f64::from(hr[i]);
        if dt <= 0 || dt > GAP_MS || !bpm.is_finite() || bpm <= 0.0 {
            continue;
        }
        any = true;
        if let Some(z) = zones.zone_of(bpm) {
            ms[z] += dt;
        }
    }
    if !any {
        return Vec::new();
    }
    let bounds = zones.bounds();
    (0..5)
        .map(|z| ZoneTime {
            zone: z as u8 + 1,
            low: bounds[z],
            high: bounds.get(z + 1).copied().unwrap_or(max_hr),
            ms: ms[z],
        })
        .collect()
}

/// Automatic splits every km (or mile), the last one partial, from the distance stream.
pub fn splits(r: &Recording, units: Units) -> Vec<LapSummary> {
    let Some(d) = r.distance_stream() else {
        return Vec::new();
    };
    let t = &r.samples.time;
    let hr = r.samples.column(Stream::HeartRate);
    let step = match units {
        Units::Metric => 1000.0,
        Units::Imperial => 1609.344,
    };
    // Workouts stored before values were range-checked may claim absurd distances (1e300 m):
    // one split per kilometre of that would never end. No real workout has this many.
    const MAX_SPLITS: f64 = 50_000.0;
    let total = d
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    // (Missing samples are NaN, and fine.)
    if d.iter().any(|v| v.is_infinite()) || total / step > MAX_SPLITS {
        return Vec::new();
    }
    let mut out = Vec::new();
    let (mut start_i, mut start_ms, mut start_d) = (0usize, r.start.unix_ms(), 0.0f64);
    let mut boundary = step;
    let mut last_d = 0.0;
    let push = |from: usize,
                to: usize,
                start_ms: i64,
                end_ms: i64,
                distance: f64,
                out: &mut Vec<LapSummary>| {
        let beats: Vec<f64> = hr
            .map(|h| {
                h[from..=to]
                    .iter()
                    .map(|&v| f64::from(v))
                    .filter(|v| v.is_finite() && *v > 0.0)
                    .collect()
            })
            .unwrap_or_default();
        let elapsed = end_ms - start_ms;
        out.push(LapSummary {
            index: out.len() as u32,
            start: Timestamp::from_unix_ms(start_ms),
            metrics: Metrics {
                elapsed_ms: elapsed,
                distance_m: Some(distance),
                avg_hr: (!beats.is_empty())
                    .then(|| (beats.iter().sum::<f64>() / beats.len() as f64).round() as u16),
                max_hr: beats
                    .iter()
                    .copied()
                    .reduce(f64::max)
                    .map(|v| v.round() as u16),
                avg_speed: (elapsed > 0).then(|| distance / (elapsed as f64 / 1000.0)),
                ..Metrics::default()
            },
            timer_ms: None,
            trigger: LapTrigger::Split,
            intensity: Intensity::Active,
            normalized_power: None,
        });
    };
    for i in 1..t.len() {
        let (d0, d1) = (d[i - 1], d[i]);
        if !d1.is_finite() {
            continue;
        }
        last_d = d1.max(last_d);
        while d0.is_finite() && d1 >= boundary && d0 < boundary {
            // Interpolate the moment the boundary was crossed.
            let f = (boundary - d0) / (d1 - d0);
            let at = t[i - 1].unix_ms() + (f * t[i].ms_since(t[i - 1]) as f64) as i64;
            push(start_i, i, start_ms, at, boundary - start_d, &mut out);
            (start_i, start_ms, start_d) = (i, at, boundary);
            boundary += step;
        }
    }
    let end_ms = t.last().map_or(start_ms, |e| e.unix_ms());
    if last_d - start_d > step * 0.05 && t.len() > start_i + 1 {
        push(
            start_i,
            t.len() - 1,
            start_ms,
            end_ms,
            last_d - start_d,
            &mut out,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsampling_keeps_the_peaks() {
        let points: Vec<(f64, Option<f64>)> = (0..10_000)
            .map(|i| {
                (
                    i as f64,
                    Some(if i == 5_555 { 999.0 } else { (i % 7) as f64 }),
                )
            })
            .collect();
        let small = downsample(&points, 500);
        assert!(small.len() <= 1000, "{}", small.len());
        assert!(
            small.iter().any(|(_, y)| *y == Some(999.0)),
            "the spike survives"
        );
        assert!(
            small.windows(2).all(|w| w[0].0 <= w[1].0),
            "x stays in order"
        );
    }

    #[test]
    fn a_stored_distance_of_1e300_gives_no_splits_instead_of_endless_ones() {
        let mut b = formats::SamplesBuilder::new();
        for (i, d) in [0.0, 500.0, 1e300].into_iter().enumerate() {
            b.row(Timestamp::from_unix_ms(1_700_000_000_000 + i as i64 * 1000));
            b.distance(d);
        }
        let r = Recording {
            samples: b.finish(),
            ..Recording::default()
        };
        assert!(splits(&r, Units::Metric).is_empty());
        let mut b = formats::SamplesBuilder::new();
        for i in 0..3 {
            b.row(Timestamp::from_unix_ms(1_700_000_000_000 + i * 600_000));
            b.distance(i as f64 * 1500.0);
        }
        let r = Recording {
            samples: b.finish(),
            ..Recording::default()
        };
        assert_eq!(splits(&r, Units::Metric).len(), 3, "3 km: three splits");
    }

    #[test]
    fn smoothing_ignores_missing_values() {
        let s = smooth(&[1.0, f64::NAN, 3.0, 5.0], 1);
        assert_eq!(s[0], 1.0);
        assert!(s[1].is_nan());
        assert_eq!(s[2], 4.0);
        assert_eq!(s[3], 4.0);
    }
}
