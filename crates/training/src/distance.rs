//! The distance covered over time, with GPS glitches taken out, and the fastest time over a
//! distance.

use domain::Sport;
use formats::Recording;

use crate::resample::{Cut, LONGEST_STOP_S};

/// The fastest a distance may plausibly grow in a sport, metres per second. An increment of
/// the distance stream faster than this over its interval is a GPS glitch (a position thrown
/// kilometres away for a second), not movement, and is dropped.
///
/// Each bound sits just above what the fastest people ever reach, so no real effort is lost:
/// - running 12.5 m/s: Usain Bolt's top speed over 10 m splits was about 12.4 m/s;
/// - walking 4.5 m/s: elite race walkers hold about 4.2 m/s over 20 km;
/// - hiking and mountaineering 6 m/s: hikers run down the odd slope, but no faster than a
///   steady runner;
/// - swimming 3 m/s: the 50 m freestyle record is about 2.4 m/s;
/// - rowing and paddling 10 m/s: the fastest eights make about 6.3 m/s, and a river's
///   current adds to a paddler's speed;
/// - alpine skiing 45 m/s: downhill racers pass 40 m/s (only speed skiers go faster);
/// - cycling and every other sport 30 m/s (108 km/h): amateur descents rarely pass 90 km/h,
///   and the sports without a bound of their own (skating, cross-country skiing, ...) are
///   slower than cycling.
pub fn max_plausible_speed(sport: Sport) -> f64 {
    match sport {
        Sport::Running => 12.5,
        Sport::Walking => 4.5,
        Sport::Hiking | Sport::Mountaineering => 6.0,
        Sport::Swimming => 3.0,
        Sport::Rowing | Sport::Paddling => 10.0,
        Sport::AlpineSkiing => 45.0,
        _ => 30.0,
    }
}

/// The cumulative distance over time that best efforts and the pace curve are computed from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DistanceTrack {
    /// Seconds from the recording's start of each kept sample (those with a distance).
    /// Non-decreasing.
    pub time_s: Vec<f64>,
    /// Cumulative distance at each, metres, from zero at the first. Non-decreasing.
    pub distance_m: Vec<f64>,
    /// How many increments were dropped as implausible for the sport.
    pub dropped_samples: u32,
}

impl DistanceTrack {
    /// The distance covered, metres.
    pub fn covered_m(&self) -> f64 {
        self.distance_m.last().copied().unwrap_or(0.0)
    }
}

/// The distance stream of a recording ([`Recording::distance_stream`]: the recorded one, else
/// one measured along the GPS track, also when the device recorded distance totals only)
/// with glitches taken out, as increments:
///
/// - a sample without a distance is left out;
/// - an increment that would make the distance covered since the last sample at least a
///   second earlier grow faster than [`max_plausible_speed`] is dropped: the sample gets no
///   distance of its own (the later distances shift down by the jump, so the stream stays
///   cumulative) and counts in [`DistanceTrack::dropped_samples`]. At one sample a second
///   that is the sample before. Measured over a second at least because many formats stamp
///   whole seconds (samples stamped alike may be a second apart, but not each of them) and
///   some sample several times a second. A position thrown far away for one sample makes two
///   such increments, out and back, and so counts two. A planned route with made-up times
///   (a course of 30 km "ridden" in a second) keeps only what could be covered in them;
/// - a distance that goes down (a device restarting its count) adds nothing.
///
/// `None` when the recording has no distance.
pub fn distance_track(recording: &Recording, sport: Sport) -> Option<DistanceTrack> {
    // Where the device recorded distance totals but no stream, `distance_stream` leaves the
    // track alone (a coarse track is worse than the totals for an export); for efforts
    // along the way the track is all there is.
    let stream = recording.distance_stream().or_else(|| {
        formats::geo::distance_from_positions(&recording.samples).map(std::borrow::Cow::Owned)
    })?;
    let max_speed = max_plausible_speed(sport);
    let start_ms = recording.start.unix_ms();
    let seconds = |t: formats::Timestamp| (t.unix_ms() - start_ms) as f64 / 1000.0;
    let mut samples = recording
        .samples
        .time
        .iter()
        .zip(stream.iter())
        .filter(|(_, d)| d.is_finite());
    let (&first_t, &first_d) = samples.next()?;
    let mut track = DistanceTrack {
        time_s: Vec::with_capacity(stream.len()),
        distance_m: Vec::with_capacity(stream.len()),
        dropped_samples: 0,
    };
    let (mut previous_d, mut covered) = (first_d, 0.0);
    track.time_s.push(seconds(first_t));
    track.distance_m.push(covered);
    // The latest kept sample at least a second before the current one (the first at first).
    let mut anchor = 0;
    for (&t, &d) in samples {
        let time_s = seconds(t);
        while anchor + 1 < track.time_s.len() && track.time_s[anchor + 1] <= time_s - 1.0 {
            anchor += 1;
        }
        let increment = (d - previous_d).max(0.0);
        let since = covered + increment - track.distance_m[anchor];
        let elapsed = (time_s - track.time_s[anchor]).max(1.0);
        if since > max_speed * elapsed {
            track.dropped_samples += 1;
        } else {
            covered += increment;
        }
        previous_d = d;
        track.time_s.push(time_s);
        track.distance_m.push(covered);
    }
    Some(track)
}

/// The fastest effort over a distance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistanceEffort {
    /// The distance, metres (one of [`crate::DISTANCES_M`] in an [`crate::Analysis`]).
    pub target_m: f64,
    /// The time it took, seconds.
    pub seconds: f64,
    /// When it started, seconds from the recording's start.
    pub start_offset_s: f64,
}

/// The fastest time over `target_m` metres along a cumulative distance (`distance_m[i]` at
/// `time_s[i]`, both non-decreasing and finite), or `None` when the distance never reaches
/// that far.
///
/// Between samples the distance is taken to grow linearly, so an effort may start and end
/// between samples. The fastest always has at least one end on a sample: with both ends
/// inside straight pieces, sliding the pair along (keeping the distance between them)
/// changes the time linearly, so one of the two directions does no worse until an end meets
/// a sample. Hence two passes find it exactly: one with every sample as a start (the earliest
/// moment the target is reached after it), one with every sample as an end (the latest moment
/// the target was still ahead). Each pass moves two indices one way only: O(n).
///
/// Time is elapsed time: pauses count. Ties go to the earliest effort.
pub fn best_effort(time_s: &[f64], distance_m: &[f64], target_m: f64) -> Option<DistanceEffort> {
    let (t, d) = (time_s, distance_m);
    let n = t.len().min(d.len());
    if n < 2 || target_m.is_nan() || target_m <= 0.0 || d[n - 1] - d[0] < target_m {
        return None;
    }
    let mut best = Best {
        seconds: f64::INFINITY,
        start: f64::INFINITY,
    };
    starts_on_samples(&t[..n], &d[..n], target_m, &mut best);
    ends_on_samples(&t[..n], &d[..n], target_m, &mut best);
    Some(DistanceEffort {
        target_m,
        seconds: best.seconds,
        start_offset_s: best.start,
    })
}

/// [`best_effort`] over several distances (one answer per target, in order).
pub fn best_efforts(
    time_s: &[f64],
    distance_m: &[f64],
    targets_m: &[f64],
) -> Vec<Option<DistanceEffort>> {
    targets_m
        .iter()
        .map(|&target| best_effort(time_s, distance_m, target))
        .collect()
}

/// The fastest effort found so far.
struct Best {
    seconds: f64,
    start: f64,
}

impl Best {
    fn consider(&mut self, start: f64, end: f64) {
        let seconds = end - start;
        if seconds < self.seconds || (seconds == self.seconds && start < self.start) {
            (self.seconds, self.start) = (seconds, start);
        }
    }
}

/// Every sample as a start, in order; `j` is the first sample at or past `d[i] + target`, so
/// the effort ends in `[t[j - 1], t[j]]`.
///
/// Most starts are slower than the best, and the ends only move later: when even the
/// earliest end of a start is slower than the best, so is every start before
/// `t[j - 1] - best`, and those are passed over without looking for their ends. On a
/// workout of changing pace that skips most of them.
fn starts_on_samples(t: &[f64], d: &[f64], target: f64, best: &mut Best) {
    let n = t.len();
    let (mut i, mut j) = (0, 0);
    while i < n {
        let goal = d[i] + target;
        if goal > d[n - 1] {
            break;
        }
        while d[j] < goal {
            j += 1;
        }
        // d[j - 1] < goal <= d[j], and j > i because target > 0.
        if t[j - 1] - t[i] > best.seconds {
            let until = t[j - 1] - best.seconds;
            i += 1;
            while i < n && t[i] < until {
                i += 1;
            }
            continue;
        }
        let fraction = (goal - d[j - 1]) / (d[j] - d[j - 1]);
        best.consider(t[i], t[j - 1] + fraction * (t[j] - t[j - 1]));
        i += 1;
    }
}

/// Every sample as an end, from the last back; `i` is the last sample at or before
/// `d[j] - target`, so the effort starts in `[t[i], t[i + 1]]`. The mirror of
/// [`starts_on_samples`], skipping the same way: the starts only move earlier.
fn ends_on_samples(t: &[f64], d: &[f64], target: f64, best: &mut Best) {
    let mut i = t.len() - 1;
    let mut j = t.len() - 1;
    loop {
        let goal = d[j] - target;
        if goal < d[0] {
            break;
        }
        while d[i] > goal {
            i -= 1;
        }
        // d[i] <= goal < d[j], so i < j and i + 1 <= j.
        if t[j] - t[i + 1] > best.seconds {
            let until = t[i + 1] + best.seconds;
            // At least one step: `t[j] - t[i + 1] > best` does not imply `t[j] > t[i + 1] +
            // best` in floating point, and without it a steady pace could loop for ever.
            if j == 0 {
                break;
            }
            j -= 1;
            while j > 0 && t[j] > until {
                j -= 1;
            }
            continue;
        }
        let start = if d[i] == goal {
            t[i]
        } else {
            let fraction = (goal - d[i]) / (d[i + 1] - d[i]);
            t[i] + fraction * (t[i + 1] - t[i])
        };
        best.consider(start, t[j]);
        if j == 0 {
            break;
        }
        j -= 1;
    }
}

/// The cumulative distance at every whole UTC second from the track's first sample to its
/// last (linearly interpolated between samples), as a 1 Hz grid: the distance covered in the
/// `D` seconds from point `k` is `grid[k + D] - grid[k]`. Returns the grid, the seconds from
/// the recording's start to its first point, and where the grid is cut: of a gap between two
/// samples longer than twice [`LONGEST_STOP_S`] (a multi-day recording's nights, the distance
/// still or drifting), only the first and the last [`LONGEST_STOP_S`] seconds are kept, and no
/// window may run across a cut (the windows are searched in the runs between cuts). Every
/// window that meets a sample's second is kept, with the same values; of those wholly inside
/// such a gap, whose sums differ by rounding only, those of its first and last twelve hours.
pub(crate) fn whole_seconds(
    track: &DistanceTrack,
    recording: &Recording,
) -> (Vec<f64>, f64, Vec<Cut>) {
    let (t, d) = (&track.time_s, &track.distance_m);
    let start_ms = recording.start.unix_ms();
    // The whole UTC second at or before a track time, in seconds since the epoch.
    let whole = |s: f64| (start_ms + (s * 1000.0).round() as i64).div_euclid(1000);
    let (first, last) = (whole(t[0]), whole(t[t.len() - 1]));
    let points = (last - first + 1).clamp(1, crate::resample::MAX_SERIES_S) as usize;
    let first = (first * 1000 - start_ms) as f64 / 1000.0;
    let mut grid = Vec::new();
    let mut cuts = Vec::new();
    let mut removed = 0;
    let mut j = 0;
    let mut k = 0;
    while k < points {
        let at = first + k as f64;
        // The last sample at or before `at` (the later of samples stamped alike).
        while j + 1 < t.len() && t[j + 1] <= at {
            j += 1;
        }
        let value = if at <= t[0] {
            d[0]
        } else if j + 1 == t.len() {
            d[j]
        } else {
            let fraction = (at - t[j]) / (t[j + 1] - t[j]);
            d[j] + fraction * (d[j + 1] - d[j])
        };
        grid.push(value);
        k += 1;
        // Twelve hours into a long gap: on to its last twelve hours.
        if j + 1 < t.len() && at - t[j] >= LONGEST_STOP_S as f64 {
            // The grid's seconds after `at` and before the next sample.
            let ahead = (t[j + 1] - at).ceil() as usize - 1;
            if ahead > LONGEST_STOP_S {
                removed += ahead - LONGEST_STOP_S;
                k += ahead - LONGEST_STOP_S;
                cuts.push(Cut {
                    at: grid.len(),
                    removed_s: removed,
                });
            }
        }
    }
    (grid, first, cuts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_gap_keeps_its_first_and_last_twelve_hours() {
        let track = DistanceTrack {
            time_s: vec![0.0, 1.0, 2.0, 200_000.0, 200_001.0],
            distance_m: vec![0.0, 5.0, 10.0, 12.0, 17.0],
            dropped_samples: 0,
        };
        let recording = Recording::default();
        let (grid, first, cuts) = whole_seconds(&track, &recording);
        assert_eq!(first, 0.0);
        let kept = 3 + LONGEST_STOP_S;
        assert_eq!(grid.len(), kept + LONGEST_STOP_S + 2);
        let removed = 200_000 - 3 - 2 * LONGEST_STOP_S;
        assert_eq!(
            cuts,
            [Cut {
                at: kept,
                removed_s: removed
            }]
        );
        // The drift is spread evenly, each kept second holding the value of its true time.
        let at = |second: f64| 10.0 + 2.0 * (second - 2.0) / 199_998.0;
        assert_eq!(grid[kept - 1], at((kept - 1) as f64));
        assert_eq!(grid[kept], at((kept + removed) as f64));
        assert_eq!(grid[grid.len() - 2..], [12.0, 17.0]);
        // The last step, 5 m in a second, began at 200,000 s.
        let k = grid.len() - 2;
        assert_eq!(
            crate::resample::window_offset_s(first, &cuts, k, 1),
            200_000.0
        );
        assert_eq!(crate::resample::window_offset_s(first, &cuts, 1, 1), 1.0);
    }

    #[test]
    fn an_effort_may_start_between_samples() {
        // 0-10 s at 10 m/s, then 10-20 s at 20 m/s: 200 m is fastest ending at 20 s.
        let t = [0.0, 10.0, 20.0];
        let d = [0.0, 100.0, 300.0];
        let e = best_effort(&t, &d, 200.0).unwrap();
        assert_eq!(e.seconds, 10.0);
        assert_eq!(e.start_offset_s, 10.0);
        let e = best_effort(&t, &d, 250.0).unwrap();
        assert_eq!(
            e.seconds, 15.0,
            "5 s for the 50 m before, then the fast 200 m"
        );
        assert_eq!(e.start_offset_s, 5.0);
        assert_eq!(best_effort(&t, &d, 301.0), None);
        assert_eq!(best_effort(&t, &d, 300.0).unwrap().seconds, 20.0);
    }

    #[test]
    fn flat_stretches_are_skipped_by_either_end() {
        let t = [0.0, 5.0, 10.0, 15.0, 20.0];
        let d = [0.0, 50.0, 50.0, 50.0, 100.0];
        let e = best_effort(&t, &d, 50.0).unwrap();
        assert_eq!((e.seconds, e.start_offset_s), (5.0, 0.0));
        let e = best_effort(&t, &d, 60.0).unwrap();
        assert_eq!(e.seconds, 16.0, "over the standstill either way");
    }

    fn recording(times_ms: &[i64], distances: &[f64]) -> Recording {
        let start = formats::Timestamp::from_unix_s(1_700_000_000);
        Recording {
            start,
            samples: formats::Samples {
                time: times_ms.iter().map(|&t| start.add_ms(t)).collect(),
                distance: Some(distances.to_vec()),
                ..formats::Samples::default()
            },
            ..Recording::default()
        }
    }

    #[test]
    fn samples_stamped_alike_share_one_second() {
        // A course "ridden" in a second: a hundred points 10 m apart, all at one time.
        let times = vec![0; 100];
        let distances: Vec<f64> = (0..100).map(|k| 10.0 * k as f64).collect();
        let track = distance_track(&recording(&times, &distances), Sport::Cycling).unwrap();
        assert_eq!(track.covered_m(), 30.0);
        assert_eq!(track.dropped_samples, 96);
    }

    #[test]
    fn several_samples_a_second_are_judged_over_a_second() {
        // Four a second: 10 m/s is kept whole, 40 m/s loses what passes 30 m a second.
        let times: Vec<i64> = (0..40).map(|k| 250 * k).collect();
        let slow: Vec<f64> = (0..40).map(|k| 2.5 * k as f64).collect();
        let track = distance_track(&recording(&times, &slow), Sport::Cycling).unwrap();
        assert_eq!((track.covered_m(), track.dropped_samples), (97.5, 0));
        let fast: Vec<f64> = (0..40).map(|k| 10.0 * k as f64).collect();
        let track = distance_track(&recording(&times, &fast), Sport::Cycling).unwrap();
        assert!(track.dropped_samples > 0);
        // No second holds more than 30 m (the first one counted whole).
        assert!(
            track.covered_m() <= 30.0 * (9.75 + 1.0),
            "{}",
            track.covered_m()
        );
        assert!(track.covered_m() < 390.0 * 0.8);
    }

    #[test]
    fn every_sport_has_a_bound_above_zero() {
        for sport in domain::SPORTS {
            assert!(max_plausible_speed(sport) >= 3.0, "{sport:?}");
        }
    }
}
