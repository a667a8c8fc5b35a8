//! One value per second of elapsed time, the grid every mean-max curve and normalized power is
//! computed on.
//!
//! The conventions are those of the Python package `sweat` (`sweat.io.utils.resample_data` with
//! `resample=True, interpolate=True`: pandas' `resample("1S").mean()` then
//! `interpolate(method="linear")`), with one change: sweat interpolates across every gap,
//! however long, which credits a rider with the power of the last pedal stroke before a
//! café stop for the whole stop. Here only short gaps are interpolated; a long one is a *stop*.

use formats::{Recording, Stream, Timestamp};

/// The longest gap between two recorded seconds that is bridged by linear interpolation,
/// seconds. Devices in "smart recording" mode write a sample every few seconds and more rarely
/// when nothing changes, so a gap of a few seconds is the device saving space, not a stop;
/// a longer one is time with nothing recorded. 30 s is the bound `formats` already uses for
/// moving time ([`Recording::moving_ms`]), so the two agree on what a stop is.
pub const MAX_INTERPOLATED_GAP_S: i64 = 30;

/// The longest series built, seconds: the 42-day span `formats` accepts for one workout
/// ([`formats::Options::max_span`]). A recording built elsewhere and longer than that is cut
/// there rather than costing memory without bound.
pub const MAX_SERIES_S: i64 = 42 * 86_400 + 1;

/// The longest stop a series keeps, seconds: the longest of [`crate::DURATIONS_S`]. A longer one
/// (a multi-day recording's nights) is shortened to this. No window of a curve can tell: a
/// window no longer than the stop meets the seconds of one side of it at most, so the same
/// sums (bit for bit, the stop adding zeros) are found in the same order. A 27-day recording of
/// a few hours' riding is then a series of days rather than of 2.3 million seconds.
pub const LONGEST_STOP_S: usize = 43_200;

const _: () = assert!(crate::DURATIONS_S[crate::DURATIONS_S.len() - 1] as usize <= LONGEST_STOP_S);

/// Where a series was shortened ([`LONGEST_STOP_S`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    /// The first second after the shortened stop, as an index into the series' values.
    pub at: usize,
    /// The seconds taken out of stops before `at`, in all.
    pub removed_s: usize,
}

/// A stream resampled to one value per second of elapsed time.
///
/// Second `k` covers `[start + k s, start + (k + 1) s)`, aligned to whole UTC seconds (as
/// pandas' `resample("1S")` bins a time index), and holds the mean of the samples taken in it.
/// A second with no sample takes the value linearly interpolated between the recorded seconds
/// around it when they are at most [`MAX_INTERPOLATED_GAP_S`] apart and no recorded pause
/// (timer stop) falls between them; otherwise it is a *stop* and holds NaN. The series runs
/// from the first recorded second of the stream to its last, so it neither starts nor ends
/// with a stop. A stop longer than [`LONGEST_STOP_S`] is shortened to it, and `cuts` says
/// where ([`Series::offset_s`] gives each value's true time).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// Seconds from the recording's start ([`Recording::start`]) to the beginning of the
    /// first second.
    pub start_offset_s: f64,
    /// One value per second; NaN for a stop.
    pub values: Vec<f64>,
    /// The stops shortened, in order; empty for almost every recording.
    pub cuts: Vec<Cut>,
}

impl Series {
    /// Seconds from the recording's start to the beginning of value `k`.
    pub fn offset_s(&self, k: usize) -> f64 {
        self.start_offset_s + (k + removed_before(&self.cuts, k)) as f64
    }

    /// Seconds from the recording's start to the beginning of the window of `d` values from
    /// `k`. Told by its last second: a window that starts in a shortened stop and reaches the
    /// seconds after it starts that much before them (the seconds taken out of a stop are
    /// its middle, as far as windows can tell).
    pub fn window_offset_s(&self, k: usize, d: usize) -> f64 {
        window_offset_s(self.start_offset_s, &self.cuts, k, d)
    }

    /// How many seconds are not stops.
    pub fn recorded_seconds(&self) -> usize {
        self.values.iter().filter(|v| !v.is_nan()).count()
    }
}

/// The 1 Hz series of one stream of a recording (heart rate, power, cadence, speed, altitude
/// or temperature; `None` for the others, and when the stream has no value).
///
/// Missing values (NaN) are not samples. A heart rate of zero or less is not one either: it
/// is a strap that lost contact, not a heart that stopped.
pub fn one_hertz(recording: &Recording, stream: Stream) -> Option<Series> {
    let column = recording.samples.column(stream)?;
    match stream {
        Stream::HeartRate => resample(recording, column, |v| v.is_finite() && v > 0.0),
        _ => resample(recording, column, f32::is_finite),
    }
}

/// Resamples `column` (aligned with the recording's sample times) keeping the values for
/// which `valid` holds.
/// (Generic over the test, so it is inlined into the loop rather than called per sample.)
fn resample(recording: &Recording, column: &[f32], valid: impl Fn(f32) -> bool) -> Option<Series> {
    let time = &recording.samples.time;
    let first = column.iter().position(|&v| valid(v))?;
    let last = column.iter().rposition(|&v| valid(v))?;
    let second = |t: Timestamp| t.unix_ms().div_euclid(1000);
    let base = second(time[first]);
    let samples = || {
        time[first..=last]
            .iter()
            .zip(&column[first..=last])
            .filter(|&(_, &v)| valid(v))
            .map(|(&t, &v)| (second(t) - base, v))
    };
    let cuts = long_stops(samples().map(|(k, _)| k));
    let removed = cuts.last().map_or(0, |c| c.removed_s as i64);
    let len = (second(time[last]) - base + 1 - removed).clamp(1, MAX_SERIES_S) as usize;

    // The mean of the samples in each second: the sums first, then divided by the counts.
    let mut values = vec![0.0_f64; len];
    let mut counts = vec![0_u32; len];
    let mut cut = 0;
    for (elapsed, v) in samples() {
        // Samples come in order whenever there are cuts (see `long_stops`).
        while cut < cuts.len() && elapsed >= (cuts[cut].at + cuts[cut].removed_s) as i64 {
            cut += 1;
        }
        let k = elapsed - cut.checked_sub(1).map_or(0, |c| cuts[c].removed_s as i64);
        if (0..len as i64).contains(&k) {
            values[k as usize] += f64::from(v);
            counts[k as usize] += 1;
        }
    }
    for (value, &count) in values.iter_mut().zip(&counts) {
        // One sample a second is the common case, and needs no division.
        if count != 1 {
            *value = if count == 0 {
                f64::NAN
            } else {
                *value / f64::from(count)
            };
        }
    }
    drop(counts);

    let pauses = merged_pauses(recording);
    let mut pause = 0;
    let mut previous = 0;
    for k in 1..len {
        if values[k].is_nan() {
            continue;
        }
        let gap = k - previous;
        if gap > 1 {
            // The empty seconds run from the end of `previous` to the start of `k` (no cut
            // lies between them unless the gap is far too long to bridge).
            let elapsed = (k + removed_before(&cuts, k)) as i64;
            let from_ms = (base + elapsed - gap as i64 + 1) * 1000;
            let to_ms = (base + elapsed) * 1000;
            while pause < pauses.len() && pauses[pause].1 <= from_ms {
                pause += 1;
            }
            let paused = pause < pauses.len() && pauses[pause].0 < to_ms;
            if gap as i64 <= MAX_INTERPOLATED_GAP_S && !paused {
                let (a, b) = (values[previous], values[k]);
                for m in 1..gap {
                    values[previous + m] = a + (b - a) * m as f64 / gap as f64;
                }
            }
        }
        previous = k;
    }
    Some(Series {
        start_offset_s: (base * 1000 - recording.start.unix_ms()) as f64 / 1000.0,
        values,
        cuts,
    })
}

/// [`Series::window_offset_s`] of a series (or a distance grid) that starts `start_offset_s`
/// into the recording and has these cuts.
pub(crate) fn window_offset_s(start_offset_s: f64, cuts: &[Cut], k: usize, d: usize) -> f64 {
    let last = k + d.max(1) - 1;
    start_offset_s + (last + removed_before(cuts, last) + 1 - d.max(1)) as f64
}

/// The seconds taken out of stops before index `k` of a series with these cuts.
pub(crate) fn removed_before(cuts: &[Cut], k: usize) -> usize {
    let after = cuts.partition_point(|c| c.at <= k);
    after.checked_sub(1).map_or(0, |c| cuts[c].removed_s)
}

/// The cuts that shorten each stop longer than [`LONGEST_STOP_S`] between the recorded
/// `seconds` (elapsed, from the first). None when the seconds ever go back: samples out of
/// order are binned where they fall, which needs the whole elapsed span.
fn long_stops(seconds: impl Iterator<Item = i64>) -> Vec<Cut> {
    let mut cuts = Vec::new();
    let mut removed = 0;
    let mut previous = None;
    for k in seconds {
        match previous {
            Some(p) if k < p => return Vec::new(),
            Some(p) if k - p - 1 > LONGEST_STOP_S as i64 => {
                removed += (k - p - 1) as usize - LONGEST_STOP_S;
                cuts.push(Cut {
                    at: k as usize - removed,
                    removed_s: removed,
                });
            }
            _ => {}
        }
        previous = Some(k);
    }
    cuts
}

/// The recording's pauses as `(start, end)` milliseconds, sorted and merged, so one forward
/// pass over the gaps finds every overlap.
fn merged_pauses(recording: &Recording) -> Vec<(i64, i64)> {
    let mut pauses: Vec<(i64, i64)> = recording
        .pauses
        .iter()
        .map(|p| (p.start.unix_ms(), p.end.unix_ms()))
        .filter(|(start, end)| end > start)
        .collect();
    pauses.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(pauses.len());
    for (start, end) in pauses {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use formats::{Pause, Samples};

    fn recording(times_ms: &[i64], power: &[f32]) -> Recording {
        Recording {
            start: Timestamp::from_unix_ms(1_000_000),
            samples: Samples {
                time: times_ms
                    .iter()
                    .map(|&t| Timestamp::from_unix_ms(1_000_000 + t))
                    .collect(),
                power: Some(power.to_vec()),
                ..Samples::default()
            },
            ..Recording::default()
        }
    }

    #[test]
    fn samples_in_one_second_are_averaged_and_short_gaps_interpolated() {
        let r = recording(&[0, 500, 1000, 4000], &[100.0, 200.0, 150.0, 300.0]);
        let s = one_hertz(&r, Stream::Power).unwrap();
        assert_eq!(s.start_offset_s, 0.0);
        assert_eq!(s.values, vec![150.0, 150.0, 200.0, 250.0, 300.0]);
    }

    #[test]
    fn a_gap_longer_than_thirty_seconds_is_a_stop() {
        let r = recording(&[0, 31_000], &[100.0, 300.0]);
        let s = one_hertz(&r, Stream::Power).unwrap();
        assert_eq!(s.values.len(), 32);
        assert!(s.values[1..31].iter().all(|v| v.is_nan()));
        assert_eq!(s.recorded_seconds(), 2);
        let r = recording(&[0, 30_000], &[100.0, 400.0]);
        let s = one_hertz(&r, Stream::Power).unwrap();
        assert_eq!(s.values[10], 200.0, "a 30 s gap is still bridged");
    }

    #[test]
    fn a_recorded_pause_makes_even_a_short_gap_a_stop() {
        let mut r = recording(&[0, 5000, 6000, 9000], &[100.0, 200.0, 200.0, 200.0]);
        r.pauses.push(Pause {
            start: Timestamp::from_unix_ms(1_002_000),
            end: Timestamp::from_unix_ms(1_004_000),
        });
        let s = one_hertz(&r, Stream::Power).unwrap();
        assert!(s.values[1..5].iter().all(|v| v.is_nan()));
        assert_eq!(s.values[7], 200.0, "the gap after the pause is bridged");
    }

    #[test]
    fn the_series_starts_at_the_first_value_on_a_whole_second() {
        let r = recording(&[0, 1500, 2500, 3500], &[f32::NAN, 100.0, 110.0, 120.0]);
        let s = one_hertz(&r, Stream::Power).unwrap();
        assert_eq!(s.start_offset_s, 1.0);
        assert_eq!(s.values, vec![100.0, 110.0, 120.0]);
    }

    #[test]
    fn a_heart_rate_of_zero_is_no_sample() {
        let mut r = recording(&[0, 1000, 2000], &[0.0, 0.0, 0.0]);
        r.samples.heart_rate = Some(vec![0.0, 120.0, 0.0]);
        let s = one_hertz(&r, Stream::HeartRate).unwrap();
        assert_eq!(s.values, vec![120.0]);
        assert_eq!(one_hertz(&r, Stream::Distance), None);
    }
}
