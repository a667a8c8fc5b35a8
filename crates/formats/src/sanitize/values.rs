//! Values: samples and lap and session totals outside [`Ranges`] are dropped (set to
//! missing), with one warning per stream or kind of total saying what and how many.

use super::{Quantity, count};
use crate::{Bounds, Ranges, Recording, Timestamp};

const HEART_RATE: Quantity = Quantity {
    name: "heart-rate",
    unit: "bpm",
    per_unit: 1.0,
};
const CADENCE: Quantity = Quantity {
    name: "cadence",
    unit: "per minute",
    per_unit: 1.0,
};
const POWER: Quantity = Quantity {
    name: "power",
    unit: "W",
    per_unit: 1.0,
};
const SPEED: Quantity = Quantity {
    name: "speed",
    unit: "m/s",
    per_unit: 1.0,
};
const ALTITUDE: Quantity = Quantity {
    name: "altitude",
    unit: "m",
    per_unit: 1.0,
};
const TEMPERATURE: Quantity = Quantity {
    name: "temperature",
    unit: "°C",
    per_unit: 1.0,
};
const DISTANCE: Quantity = Quantity {
    name: "distance",
    unit: "km",
    per_unit: 1000.0,
};
const ENERGY: Quantity = Quantity {
    name: "energy",
    unit: "kcal",
    per_unit: 1.0,
};

/// How much further than the fastest speed allows a cumulative distance may move between two
/// samples: route planners' TCX files stamp many points with one second, tens of metres apart.
const DISTANCE_SLACK_M: f64 = 100.0;

/// Drops sample values outside the ranges, positions off the globe, and distances outside
/// their range or growing faster than [`Ranges::speed`] allows. A column left without any value
/// becomes `None`.
pub(super) fn samples(r: &mut Recording, ranges: &Ranges) {
    let s = &mut r.samples;
    let mut warnings = Vec::new();
    for (column, quantity, bounds) in [
        (&mut s.heart_rate, &HEART_RATE, ranges.heart_rate),
        (&mut s.cadence, &CADENCE, ranges.cadence),
        (&mut s.power, &POWER, ranges.power),
        (&mut s.speed, &SPEED, ranges.speed),
        (&mut s.altitude, &ALTITUDE, ranges.altitude),
        (&mut s.temperature, &TEMPERATURE, ranges.temperature),
    ] {
        let dropped = drop_outside(column, bounds);
        if dropped > 0 {
            warnings.push(format!(
                "dropped {} outside {}",
                count(
                    dropped,
                    &format!("{} value", quantity.name),
                    &format!("{} values", quantity.name)
                ),
                quantity.range(bounds)
            ));
        }
    }
    let positions = drop_positions(&mut s.latitude, &mut s.longitude);
    if positions > 0 {
        warnings.push(format!(
            "dropped {} outside ±90° latitude and ±180° longitude",
            count(positions, "position", "positions")
        ));
    }
    let distances = drop_distances(&s.time, &mut s.distance, ranges);
    if distances > 0 {
        warnings.push(format!(
            "dropped {} outside {} or growing faster than {} m/s",
            count(distances, "distance value", "distance values"),
            DISTANCE.range(ranges.distance),
            ranges.speed.max
        ));
    }
    r.warnings.extend(warnings);
}

fn drop_outside(column: &mut Option<Vec<f32>>, bounds: Bounds) -> usize {
    let Some(values) = column.as_mut() else {
        return 0;
    };
    let mut dropped = 0;
    for v in values.iter_mut() {
        if !v.is_nan() && !bounds.contains(f64::from(*v)) {
            *v = f32::NAN;
            dropped += 1;
        }
    }
    if dropped > 0 && values.iter().all(|v| v.is_nan()) {
        *column = None;
    }
    dropped
}

fn drop_positions(latitude: &mut Option<Vec<f64>>, longitude: &mut Option<Vec<f64>>) -> usize {
    let (Some(lat), Some(lon)) = (latitude.as_mut(), longitude.as_mut()) else {
        return 0;
    };
    let mut dropped = 0;
    for (a, b) in lat.iter_mut().zip(lon.iter_mut()) {
        if a.is_nan() && b.is_nan() {
            continue;
        }
        let on_earth = (-90.0..=90.0).contains(a) && (-180.0..=180.0).contains(b);
        if !on_earth {
            // Half a position is no position.
            if !a.is_nan() && !b.is_nan() {
                dropped += 1;
            }
            *a = f64::NAN;
            *b = f64::NAN;
        }
    }
    if dropped > 0 && lat.iter().all(|v| v.is_nan()) {
        *latitude = None;
        *longitude = None;
    }
    dropped
}

/// A cumulative distance is dropped when out of range, or when it rose from the value before
/// it faster than the fastest speed. It is compared with the value before even when that one
/// was dropped for rising too fast: a single spike then costs one sample, and a step does not
/// take every later sample with it. A stream that, spikes left out, still covers more ground
/// than the fastest speed allows over its time is wrong as a whole (a writer that scaled it
/// twice) and is dropped.
fn drop_distances(time: &[Timestamp], column: &mut Option<Vec<f64>>, ranges: &Ranges) -> usize {
    let Some(values) = column.as_mut() else {
        return 0;
    };
    let allowed =
        |seconds: f64, steps: usize| ranges.speed.max * seconds + DISTANCE_SLACK_M * steps as f64;
    let mut dropped = 0;
    let mut previous: Option<(Timestamp, f64)> = None;
    for (v, &t) in values.iter_mut().zip(time) {
        if v.is_nan() {
            continue;
        }
        if !ranges.distance.contains(*v) {
            *v = f64::NAN;
            dropped += 1;
            continue;
        }
        let value = *v;
        if let Some((t0, d0)) = previous {
            let seconds = t.ms_since(t0).max(0) as f64 / 1000.0;
            if value - d0 > allowed(seconds, 1) {
                *v = f64::NAN;
                dropped += 1;
            }
        }
        previous = Some((t, value));
    }
    // The ground the kept values cover (rises only: multisport files start again at zero).
    let kept: Vec<(Timestamp, f64)> = time
        .iter()
        .zip(values.iter())
        .filter(|(_, v)| !v.is_nan())
        .map(|(t, v)| (*t, *v))
        .collect();
    let covered: f64 = kept.windows(2).map(|w| (w[1].1 - w[0].1).max(0.0)).sum();
    if let (Some(first), Some(last)) = (kept.first(), kept.last()) {
        let seconds = last.0.ms_since(first.0).max(0) as f64 / 1000.0;
        if covered > allowed(seconds, kept.len() - 1) {
            dropped += kept.len();
            values.fill(f64::NAN);
        }
    }
    if dropped > 0 && values.iter().all(|v| v.is_nan()) {
        *column = None;
    }
    dropped
}

/// Drops lap and session totals outside the ranges. (Ascent and descent are not checked: their
/// 16-bit type bounds them at 65 km, about the climb of the longest multi-week races.)
pub(super) fn totals(r: &mut Recording, ranges: &Ranges) {
    // Dropped totals per quantity, in the order of `kinds`.
    let mut dropped = [0usize; 6];
    let kinds = [
        (&DISTANCE, ranges.distance),
        (&ENERGY, ranges.calories),
        (&HEART_RATE, ranges.heart_rate),
        (&CADENCE, ranges.cadence),
        (&SPEED, ranges.speed),
        (&POWER, ranges.power),
    ];
    let laps = r.laps.iter_mut().map(|l| &mut l.totals);
    let sessions = r.sessions.iter_mut().map(|s| &mut s.totals);
    for t in laps.chain(sessions) {
        dropped[0] += usize::from(drop_total(&mut t.distance_m, kinds[0].1));
        dropped[1] += usize::from(drop_total(&mut t.calories, kinds[1].1));
        dropped[2] += usize::from(drop_total(&mut t.avg_heart_rate, kinds[2].1))
            + usize::from(drop_total(&mut t.max_heart_rate, kinds[2].1));
        dropped[3] += usize::from(drop_total(&mut t.avg_cadence, kinds[3].1))
            + usize::from(drop_total(&mut t.max_cadence, kinds[3].1));
        dropped[4] += usize::from(drop_total(&mut t.avg_speed, kinds[4].1))
            + usize::from(drop_total(&mut t.max_speed, kinds[4].1));
        dropped[5] += usize::from(drop_total(&mut t.avg_power, kinds[5].1))
            + usize::from(drop_total(&mut t.max_power, kinds[5].1));
    }
    for ((quantity, bounds), n) in kinds.iter().zip(dropped) {
        if n > 0 {
            r.warnings.push(format!(
                "dropped {} outside {}",
                count(
                    n,
                    &format!("lap or session {} total", quantity.name),
                    &format!("lap and session {} totals", quantity.name)
                ),
                quantity.range(*bounds)
            ));
        }
    }
}

/// Sets an out-of-range total to `None`; whether it did.
fn drop_total<T: Copy + Into<f64>>(value: &mut Option<T>, bounds: Bounds) -> bool {
    if value.is_some_and(|v| !bounds.contains(v.into())) {
        *value = None;
        return true;
    }
    false
}
