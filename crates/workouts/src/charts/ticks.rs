//! Where the axes' ticks go: on round values of what each axis measures, not plotters'
//! decimal steps of raw numbers (which put a time axis at 8:20, 16:40, 33:20 and a pace axis at
//! 3:20, 5:00).
//!
//! - time: 1, 2, 5, 10, 15, 30 seconds; 1, 2, 5, 10, 15, 30 minutes; 1, 2, 3, 6, 12 hours; days;
//! - pace: 15, 30 seconds, 1, 2, 5, 10 minutes per unit (5 or 10 seconds on a very even one);
//! - a log-scaled duration (the curves): the standard efforts (1 s, 5 s, 15 s, 1 min, 5 min,
//!   20 min, 1 h, …) that fall in the range;
//! - days: the first days of months, every 1, 2, 3, 6 or 12 months;
//! - anything else (distance, heart rate, power, …): 1, 2, 5 × 10ⁿ.

use domain::{Date, XAxis};

/// At most this many ticks on the y axis (the x axis' count depends on the picture's width).
const MAX_Y: f64 = 5.0;

const TIME_STEPS_S: [f64; 20] = [
    1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0,
    10800.0, 21600.0, 43200.0, 86400.0, 172_800.0, 604_800.0,
];
const PACE_STEPS_S: [f64; 6] = [15.0, 30.0, 60.0, 120.0, 300.0, 600.0];
const EFFORTS_S: [f64; 19] = [
    1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0, 3600.0, 7200.0,
    10800.0, 18000.0, 36000.0, 86400.0, 172_800.0,
];

/// The smallest 1-2-5 step that puts at most `max` ticks on `span`.
fn decimal_step(span: f64, max: f64) -> f64 {
    let raw = (span / max).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude)
}

/// The multiples of `step` in `lo..=hi`.
fn multiples(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    if step.is_nan() || step <= 0.0 || !lo.is_finite() || !hi.is_finite() || hi < lo {
        return Vec::new();
    }
    // A span too small for its magnitude (a constant series of large values) has no ticks
    // worth drawing; the cap keeps anything else bounded.
    if (hi - lo) < hi.abs().max(lo.abs()) * 1e-9 {
        return Vec::new();
    }
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last.min(first.saturating_add(1000)))
        .map(|k| k as f64 * step)
        .collect()
}

/// Multiples of the first of `steps` that puts at most `max` on the span (else of a decimal
/// step).
fn stepped(lo: f64, hi: f64, steps: &[f64], max: f64) -> Vec<f64> {
    let span = hi - lo;
    let step = steps
        .iter()
        .copied()
        .find(|s| span / s <= max)
        .unwrap_or_else(|| decimal_step(span, max));
    multiples(lo, hi, step)
}

/// At most `max` ticks for the x axis over `lo..=hi` (seconds, distance units, log10 seconds
/// or days).
pub fn x_ticks(axis: XAxis, lo: f64, hi: f64, max: usize) -> Vec<f64> {
    let max_x = max.max(2) as f64;
    match axis {
        XAxis::Time => stepped(lo, hi, &TIME_STEPS_S, max_x),
        XAxis::Distance => multiples(lo, hi, decimal_step(hi - lo, max_x)),
        XAxis::LogDuration => {
            let inside: Vec<f64> = EFFORTS_S
                .iter()
                .map(|s| s.log10())
                .filter(|x| *x >= lo - 1e-9 && *x <= hi + 1e-9)
                .collect();
            // Thinned evenly when too many, keeping the first.
            let every = (inside.len() as f64 / max_x).ceil().max(1.0) as usize;
            inside.into_iter().step_by(every).collect()
        }
        XAxis::Day => month_starts(lo, hi, max_x),
    }
}

/// The y axis' ticks over `lo..=hi` in the chart's own values. An `inverted` axis (pace) is
/// drawn negated, faster up: its ticks are found on the positive values and negated likewise.
pub fn y_ticks(key: &str, lo: f64, hi: f64, inverted: bool) -> Vec<f64> {
    if key == "pace" {
        let (a, b) = if inverted { (-hi, -lo) } else { (lo, hi) };
        let mut ticks = stepped(a, b, &PACE_STEPS_S, MAX_Y);
        if ticks.len() < 2 {
            ticks = stepped(a, b, &[5.0, 10.0], MAX_Y);
        }
        let mut ticks: Vec<f64> = ticks
            .into_iter()
            .map(|t| if inverted { -t } else { t })
            .collect();
        ticks.sort_by(f64::total_cmp);
        ticks
    } else {
        multiples(lo, hi, decimal_step(hi - lo, MAX_Y))
    }
}

/// First days of months in the day range, every 1, 2, 3, 6 or 12 months (years beyond).
fn month_starts(lo: f64, hi: f64, max_x: f64) -> Vec<f64> {
    let (from, to) = (
        Date::from_days(lo.ceil() as i64),
        Date::from_days(hi.floor() as i64),
    );
    let months = |d: Date| i64::from(d.year) * 12 + i64::from(d.month) - 1;
    let span = (months(to) - months(from)).max(1) as f64;
    let every = [1, 2, 3, 6, 12]
        .into_iter()
        .find(|m| span / f64::from(*m) <= max_x)
        .map_or_else(|| (span / max_x / 12.0).ceil() as i64 * 12, i64::from);
    let mut ticks = Vec::new();
    let mut m = months(from);
    while m <= months(to) && ticks.len() < 1000 {
        if m.rem_euclid(every) == 0 {
            let day = Date::new(
                i32::try_from(m.div_euclid(12)).unwrap_or(1970),
                u32::try_from(m.rem_euclid(12) + 1).unwrap_or(1),
                1,
            )
            .map(|d| d.days() as f64);
            if let Some(day) = day.filter(|d| *d >= lo && *d <= hi) {
                ticks.push(day);
            }
        }
        m += 1;
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clocks(ticks: &[f64]) -> Vec<String> {
        ticks
            .iter()
            .map(|t| domain::display::duration((t * 1000.0) as i64))
            .collect()
    }

    #[test]
    fn time_ticks_fall_on_round_minutes_and_hours() {
        // An hour's run: every 10 minutes, not 8:20, 16:40, 33:20.
        assert_eq!(
            clocks(&x_ticks(XAxis::Time, 0.0, 3600.0, 8)),
            clocks(&[0.0, 600.0, 1200.0, 1800.0, 2400.0, 3000.0, 3600.0])
        );
        // Four hours: every 30 minutes.
        let four = x_ticks(XAxis::Time, 0.0, 4.0 * 3600.0, 8);
        assert!(four.iter().all(|t| t % 1800.0 == 0.0), "{four:?}");
        assert!(four.len() <= 9);
        // A phone's narrow picture: at most four steps, still round (every 15 minutes).
        let narrow = x_ticks(XAxis::Time, 0.0, 3600.0, 4);
        assert_eq!(
            clocks(&narrow),
            clocks(&[0.0, 900.0, 1800.0, 2700.0, 3600.0])
        );
        // Every tick of every span is a whole number of the step's unit.
        for span in [45.0, 300.0, 1000.0, 5000.0, 20_000.0, 100_000.0] {
            let ticks = x_ticks(XAxis::Time, 0.0, span, 8);
            assert!(ticks.len() >= 2 && ticks.len() <= 9, "{span}: {ticks:?}");
            let step = ticks[1] - ticks[0];
            assert!(TIME_STEPS_S.contains(&step), "{span}: step {step}");
        }
    }

    #[test]
    fn pace_ticks_fall_on_quarter_half_and_whole_minutes() {
        // 3:20 to 6:40 per km, drawn negated (faster up): every minute, not 3:20 and 5:00.
        let ticks = y_ticks("pace", -400.0, -200.0, true);
        let shown: Vec<String> = ticks
            .iter()
            .map(|t| domain::display::clock(t.abs()))
            .collect();
        assert_eq!(shown, ["6:00", "5:00", "4:00"]);
        assert!(ticks.iter().all(|t| *t < 0.0));
        // A steady run, 4:10 to 4:50: every quarter minute.
        let steady = y_ticks("pace", -290.0, -250.0, true);
        assert!(steady.iter().all(|t| t % 15.0 == 0.0), "{steady:?}");
        assert!(steady.len() >= 2, "{steady:?}");
    }

    #[test]
    fn degenerate_ranges_give_no_ticks_and_never_panic() {
        // A constant series of large values: the span is lost to rounding.
        assert!(y_ticks("power", 1e300, 1e300 * (1.0 + 1e-17), false).is_empty());
        assert!(x_ticks(XAxis::Time, 5.0, 5.0, 8).is_empty());
        assert!(y_ticks("heart_rate", f64::NAN, 1.0, false).is_empty());
        // A pace axis reaching zero still gets its ticks inside the plot.
        let ticks = y_ticks("pace", -1700.0, 0.0, true);
        assert!(
            !ticks.is_empty() && ticks.iter().all(|t| (-1700.0..=0.0).contains(t)),
            "{ticks:?}"
        );
    }

    #[test]
    fn other_axes_step_by_one_two_five() {
        assert_eq!(
            x_ticks(XAxis::Distance, 0.0, 10.4, 8),
            [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(
            x_ticks(XAxis::Distance, 0.0, 42.2, 8),
            [0.0, 10.0, 20.0, 30.0, 40.0]
        );
        assert_eq!(
            y_ticks("heart_rate", 95.0, 182.0, false),
            [100.0, 120.0, 140.0, 160.0, 180.0]
        );
    }

    #[test]
    fn a_log_duration_axis_names_standard_efforts() {
        let ticks = x_ticks(XAxis::LogDuration, 0.0, 14_400f64.log10(), 8);
        let seconds: Vec<u32> = ticks
            .iter()
            .map(|t| 10f64.powf(*t).round() as u32)
            .collect();
        assert!(seconds.len() <= 8, "{seconds:?}");
        assert_eq!(seconds[0], 1);
        assert!(
            seconds.iter().all(|s| EFFORTS_S.contains(&f64::from(*s))),
            "{seconds:?}"
        );
    }

    #[test]
    fn a_years_days_tick_on_first_days_of_months() {
        let from = Date::new(2025, 1, 10).unwrap().days() as f64;
        let to = Date::new(2025, 12, 20).unwrap().days() as f64;
        let ticks = month_starts(from, to, 8.0);
        assert!(!ticks.is_empty() && ticks.len() <= 8, "{ticks:?}");
        for t in ticks {
            assert_eq!(Date::from_days(t as i64).day, 1);
        }
    }
}
