//! AccessLink sample series: one stream at a fixed recording rate, comma-separated, with empty
//! values where the recording has none (pauses, gaps, dropped sensor).

use formats::{Recording, Stream};

/// AccessLink's sample-type keys Laps can fill (PARTNER_API §1.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleType {
    /// 0: heart rate, bpm.
    HeartRate,
    /// 1: speed, km/h.
    Speed,
    /// 2: cadence, rpm (cycling and other non-running sports).
    Cadence,
    /// 3: altitude, m.
    Altitude,
    /// 4: power, W.
    Power,
    /// 8: running cadence, spm.
    RunningCadence,
    /// 9: temperature, °C.
    Temperature,
    /// 10: distance, m.
    Distance,
    /// 11: RR intervals, ms (beat by beat; no fixed rate).
    RrInterval,
}

impl SampleType {
    const ALL: [Self; 9] = [
        Self::HeartRate,
        Self::Speed,
        Self::Cadence,
        Self::Altitude,
        Self::Power,
        Self::RunningCadence,
        Self::Temperature,
        Self::Distance,
        Self::RrInterval,
    ];

    /// The key in URLs and bodies.
    pub fn key(self) -> u8 {
        match self {
            Self::HeartRate => 0,
            Self::Speed => 1,
            Self::Cadence => 2,
            Self::Altitude => 3,
            Self::Power => 4,
            Self::RunningCadence => 8,
            Self::Temperature => 9,
            Self::Distance => 10,
            Self::RrInterval => 11,
        }
    }

    /// The type for a key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key().to_string() == key)
    }

    fn applies(self, r: &Recording, running: bool) -> bool {
        match self {
            Self::HeartRate => r.samples.has(Stream::HeartRate),
            Self::Speed => r.samples.has(Stream::Speed) || r.distance_stream().is_some(),
            Self::Cadence => !running && r.samples.has(Stream::Cadence),
            Self::RunningCadence => running && r.samples.has(Stream::Cadence),
            Self::Altitude => r.samples.has(Stream::Altitude),
            Self::Power => r.samples.has(Stream::Power),
            Self::Temperature => r.samples.has(Stream::Temperature),
            Self::Distance => r.distance_stream().is_some(),
            Self::RrInterval => !r.rr_intervals_ms.is_empty(),
        }
    }
}

/// The sample types a recording has.
pub fn available(r: &Recording, running: bool) -> Vec<SampleType> {
    SampleType::ALL
        .into_iter()
        .filter(|t| t.applies(r, running))
        .collect()
}

/// Most values one series holds; longer recordings get a slower rate.
const MAX_VALUES: i64 = 100_000;

/// One series: its recording rate in seconds (0 for RR intervals) and its values.
pub fn series(r: &Recording, kind: SampleType, running: bool) -> Option<(i64, String)> {
    if !kind.applies(r, running) {
        return None;
    }
    if kind == SampleType::RrInterval {
        let values: Vec<String> = r.rr_intervals_ms.iter().map(u16::to_string).collect();
        return Some((0, values.join(",")));
    }
    let values: Vec<f64> = match kind {
        SampleType::Distance => r.distance_stream()?.to_vec(),
        SampleType::Speed => match r.samples.column(Stream::Speed) {
            Some(speed) => speed.iter().map(|&v| f64::from(v) * 3.6).collect(),
            None => speed_from_distance(r)?,
        },
        other => {
            let stream = match other {
                SampleType::HeartRate => Stream::HeartRate,
                SampleType::Altitude => Stream::Altitude,
                SampleType::Power => Stream::Power,
                SampleType::Temperature => Stream::Temperature,
                _ => Stream::Cadence,
            };
            r.samples
                .column(stream)?
                .iter()
                .map(|&v| f64::from(v))
                .collect()
        }
    };
    let times: Vec<i64> = r.samples.time.iter().map(|t| t.unix_ms()).collect();
    Some(resample(&times, &values))
}

/// Speed in km/h from the distance stream, for files that record no speed.
fn speed_from_distance(r: &Recording) -> Option<Vec<f64>> {
    let d = r.distance_stream()?;
    let t = &r.samples.time;
    Some(
        (0..d.len())
            .map(|i| {
                let j = i.saturating_sub(1);
                let dt = t[i].ms_since(t[j]) as f64 / 1000.0;
                if dt > 0.0 {
                    (d[i] - d[j]) / dt * 3.6
                } else {
                    f64::NAN
                }
            })
            .collect(),
    )
}

/// Values at a fixed rate: the rate is the typical (median) sample interval, at least a
/// second; each slot takes the last sample at or before it, empty when that is older than two
/// slots (a pause or a gap) or not a number.
///
/// Times are untrusted (they come from files): samples are taken in time order whatever order
/// they are stored in (a clock that ran backwards gives a shorter series, never a failure), and
/// every step is checked arithmetic, so no span, however absurd, can wrap or allocate more than
/// [`MAX_VALUES`] slots.
fn resample(times: &[i64], values: &[f64]) -> (i64, String) {
    let n = times.len().min(values.len());
    if n == 0 {
        return (1, String::new());
    }
    let mut points: Vec<(i64, f64)> = times[..n]
        .iter()
        .copied()
        .zip(values[..n].iter().copied())
        .collect();
    // Stable: samples stamped alike keep their stored order.
    points.sort_by_key(|&(t, _)| t);
    let mut gaps: Vec<i64> = points
        .windows(2)
        .map(|w| w[1].0.saturating_sub(w[0].0))
        .filter(|&d| d > 0)
        .collect();
    gaps.sort_unstable();
    let median_s = gaps
        .get(gaps.len() / 2)
        .map_or(1, |&ms| ms.saturating_add(500) / 1000)
        .max(1);
    let first = points[0].0;
    let span_s = points[n - 1].0.saturating_sub(first) / 1000;
    let rate = median_s.max(span_s / MAX_VALUES + 1);
    let slots = span_s / rate + 1;
    let slot_ms = rate.saturating_mul(1000);
    let mut out = Vec::with_capacity(usize::try_from(slots).unwrap_or(0));
    let mut i = 0;
    for k in 0..slots {
        let at = first.saturating_add(k.saturating_mul(slot_ms));
        while i + 1 < n && points[i + 1].0 <= at {
            i += 1;
        }
        let (t, v) = points[i];
        out.push(
            if at.saturating_sub(t) <= slot_ms.saturating_mul(2) && v.is_finite() {
                let rounded = (v * 10.0).round() / 10.0;
                if rounded.fract() == 0.0 {
                    format!("{}", rounded as i64)
                } else {
                    format!("{rounded:.1}")
                }
            } else {
                String::new()
            },
        );
    }
    (rate, out.join(","))
}

#[cfg(test)]
mod tests {
    use super::resample;

    #[test]
    fn resamples_at_the_median_interval_and_leaves_gaps_empty() {
        // 1 Hz for 4 s, a 10 s pause, then 2 more seconds.
        let t = [0, 1000, 2000, 3000, 4000, 14_000, 15_000];
        let v = [100.0, 101.0, 102.5, 103.0, 104.0, 120.0, f64::NAN];
        let (rate, data) = resample(&t, &v);
        assert_eq!(rate, 1);
        assert_eq!(data, "100,101,102.5,103,104,104,104,,,,,,,,120,");
    }

    #[test]
    fn times_that_run_backwards_give_a_series_not_a_failure() {
        // The clock jumps back 10 s after the third sample (the last is before the first).
        let t = [10_000, 11_000, 12_000, 2000, 3000];
        let v = [100.0, 101.0, 102.0, 90.0, 91.0];
        let (rate, data) = resample(&t, &v);
        assert_eq!(rate, 1);
        assert_eq!(data, "90,91,91,91,,,,,100,101,102");
    }

    #[test]
    fn absurd_spans_neither_wrap_nor_allocate_without_bound() {
        let t = [i64::MIN + 1, 0, i64::MAX];
        let (rate, data) = resample(&t, &[1.0, 2.0, 3.0]);
        assert!(rate > 1);
        assert!(
            data.split(',').count() <= 100_001,
            "at most MAX_VALUES + 1 slots"
        );
    }

    #[test]
    fn a_slow_recording_gets_its_own_rate() {
        let t = [0, 5000, 10_000];
        let (rate, data) = resample(&t, &[1.0, 2.0, 3.0]);
        assert_eq!((rate, data.as_str()), (5, "1,2,3"));
    }
}
