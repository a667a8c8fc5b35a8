//! Training load from heart rate: the time at each heart rate and Banister's TRIMP over it.

use crate::resample::Series;

/// Seconds spent at each whole heart rate (bpm, rounded to the nearest) over a 1 Hz series,
/// sorted by heart rate. Stops are not counted: nothing says what the heart did then.
///
/// Kept as a histogram rather than a TRIMP so the load can be computed again, without the
/// recording, whenever the athlete's resting or maximum heart rate changes.
pub fn hr_histogram(series: &Series) -> Vec<(u16, f32)> {
    // Indexed by heart rate, grown as needed: heart rates are small numbers.
    let mut seconds: Vec<f32> = Vec::with_capacity(256);
    for &bpm in &series.values {
        if bpm.is_finite() && bpm >= 0.0 {
            // Rounded half up (as `f64::round` does for these non-negative values, without
            // its call); the cast saturates.
            let bin = usize::from((bpm + 0.5) as u16);
            if bin >= seconds.len() {
                seconds.resize(bin + 1, 0.0);
            }
            seconds[bin] += 1.0;
        }
    }
    seconds
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > 0.0)
        .map(|(bpm, &s)| (bpm as u16, s))
        .collect()
}

/// Which of Banister's weightings a TRIMP uses: his coefficients fitted to the rise of blood
/// lactate with heart rate, which differs between men and women.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrimpModel {
    /// `a = 0.64`, `b = 1.92`.
    Men,
    /// `a = 0.86`, `b = 1.67`.
    Women,
}

impl TrimpModel {
    /// The coefficients `(a, b)` of the weighting `a·e^(b·x)`.
    pub fn coefficients(self) -> (f64, f64) {
        match self {
            Self::Men => (0.64, 1.92),
            Self::Women => (0.86, 1.67),
        }
    }
}

/// Banister's training impulse over a heart-rate histogram ([`hr_histogram`]):
/// `Σ minutes × x × a·e^(b·x)`, where `x = (hr − resting) / (max − resting)` is the fraction
/// of the heart-rate reserve, clamped to `[0, 1]`, and `(a, b)` the model's coefficients.
/// An hour at the maximum heart rate scores about 262 (men) or 274 (women).
///
/// A maximum no higher than the resting heart rate leaves no reserve to measure against and
/// gives 0.
pub fn trimp(hr_histogram: &[(u16, f32)], resting_hr: u16, max_hr: u16, model: TrimpModel) -> f64 {
    if max_hr <= resting_hr {
        return 0.0;
    }
    let (a, b) = model.coefficients();
    let reserve = f64::from(max_hr - resting_hr);
    hr_histogram
        .iter()
        .map(|&(bpm, seconds)| {
            let x = ((f64::from(bpm) - f64::from(resting_hr)) / reserve).clamp(0.0, 1.0);
            f64::from(seconds) / 60.0 * x * a * (b * x).exp()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_rounds_and_skips_stops() {
        let series = Series {
            start_offset_s: 0.0,
            values: vec![120.4, 120.6, f64::NAN, 121.0, 119.5],
            cuts: Vec::new(),
        };
        assert_eq!(hr_histogram(&series), vec![(120, 2.0), (121, 2.0)]);
    }

    #[test]
    fn an_hour_at_maximum_heart_rate() {
        let men = trimp(&[(190, 3600.0)], 50, 190, TrimpModel::Men);
        assert!((men - 60.0 * 0.64 * 1.92_f64.exp()).abs() < 1e-9, "{men}");
        let women = trimp(&[(200, 3600.0)], 50, 190, TrimpModel::Women);
        assert!(
            (women - 60.0 * 0.86 * 1.67_f64.exp()).abs() < 1e-9,
            "clamped: {women}"
        );
        assert_eq!(trimp(&[(40, 3600.0)], 50, 190, TrimpModel::Men), 0.0);
        assert_eq!(trimp(&[(150, 3600.0)], 190, 190, TrimpModel::Men), 0.0);
    }
}
