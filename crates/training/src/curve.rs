//! Mean-max curves: the best average of a 1 Hz series over each duration.

use std::ops::Range;

use crate::DURATIONS_S;
use crate::resample::Series;

/// The best average of a series over one duration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// The duration, seconds (one of [`DURATIONS_S`]).
    pub duration_s: u32,
    /// The best average over any window of that duration: watts, metres per second or beats
    /// per minute.
    pub value: f64,
    /// When that window started, seconds from the recording's start.
    pub start_offset_s: f64,
}

/// The mean-max curve of a series at each of [`DURATIONS_S`]: for each duration `D`, the
/// highest mean of `D` consecutive seconds, as `sweat.metrics.core.mean_max` takes it (the
/// largest difference of the cumulative sum `D` seconds apart, divided by `D`).
///
/// A window never covers a stop (NaN): a duration longer than every stretch without one has
/// no point. (For power, [`crate::analyse`] counts stops as zero watts first, so its windows
/// run across them.) Ties go to the earliest window. Each duration is one pass over the
/// series with a sliding sum, O(n).
pub fn mean_max(series: &Series) -> Vec<CurvePoint> {
    let values = &series.values;
    let mut prefix = Vec::with_capacity(values.len() + 1);
    let mut sum = 0.0;
    prefix.push(sum);
    let mut runs = Vec::new();
    let mut run_start = None;
    for (k, &v) in values.iter().enumerate() {
        if v.is_nan() {
            if let Some(start) = run_start.take() {
                runs.push(start..k);
            }
        } else {
            sum += v;
            run_start.get_or_insert(k);
        }
        prefix.push(sum);
    }
    if let Some(start) = run_start {
        runs.push(start..values.len());
    }
    best_windows(&prefix, &runs, |k, d| series.window_offset_s(k, d))
}

/// The curve made never to rise with duration, as sweat's `mean_max(..., monotonic=True)`:
/// each point takes the best value of its own duration and every longer one, with the start
/// of the window that value comes from: "at least this much for at least this long".
///
/// A mean-max curve itself may rise: over `[5, 0, 5]` the best 2 s average 2.5 and the best
/// 3 s 3.33, since every 2 s window holds the zero. Real 1 Hz power and speed almost never do
/// this (neighbouring seconds are alike), but sparse or erratic data can, and a chart or a
/// table of records may prefer the envelope.
pub fn monotonic(curve: &[CurvePoint]) -> Vec<CurvePoint> {
    let mut envelope = curve.to_vec();
    for k in (1..envelope.len()).rev() {
        let longer = envelope[k];
        let point = &mut envelope[k - 1];
        if longer.value > point.value {
            point.value = longer.value;
            point.start_offset_s = longer.start_offset_s;
        }
    }
    envelope
}

/// The best window sums for each duration: `prefix[k]` is the sum of the seconds before `k`,
/// and windows `[k, k + D)` must lie inside one of `runs`. The value is the sum over `D`;
/// `offset_s(k, D)` is when the window of `D` seconds from `k` begins, from the recording's
/// start.
pub(crate) fn best_windows(
    prefix: &[f64],
    runs: &[Range<usize>],
    offset_s: impl Fn(usize, usize) -> f64,
) -> Vec<CurvePoint> {
    let longest = runs.iter().map(ExactSizeIterator::len).max().unwrap_or(0);
    let shapes: Vec<Shape> = runs
        .iter()
        .map(|r| Shape::of(&prefix[r.start..=r.end]))
        .collect();
    let mut curve = Vec::new();
    for duration in DURATIONS_S {
        let d = duration as usize;
        if d > longest {
            break;
        }
        let mut best: Option<(f64, usize)> = None;
        for (run, shape) in runs.iter().zip(&shapes).filter(|(r, _)| r.len() >= d) {
            let run_prefix = &prefix[run.start..=run.end];
            let (sum, k) = match shape {
                Shape::Sparse(moves) => best_in_sparse(run_prefix, d, moves),
                Shape::Rising(maxima) => best_in_rising(run_prefix, d, maxima),
                Shape::Other => best_in(run_prefix, d),
            };
            if best.is_none_or(|(b, _)| sum > b) {
                best = Some((sum, run.start + k));
            }
        }
        if let Some((sum, k)) = best {
            curve.push(CurvePoint {
                duration_s: duration,
                value: sum / duration as f64,
                start_offset_s: offset_s(k, d),
            });
        }
    }
    curve
}

/// Starts of windows per chunk in [`best_in_rising`] (for windows up to `8 × CHUNK`), and
/// steps per block in [`block_maxima`].
const CHUNK: usize = 64;

/// What a run's cumulative sum allows the search to skip.
enum Shape {
    /// It mostly stands still: the positions `j` where `prefix[j] != prefix[j - 1]`, fewer
    /// than one in [`SPARSE`] ([`best_in_sparse`]). A multi-week recording of a few hours
    /// of riding is a series of millions of seconds, nearly all of them stops.
    Sparse(Vec<usize>),
    /// It never falls: the largest step of each block of [`CHUNK`] ([`best_in_rising`]).
    Rising(Vec<f64>),
    /// Neither: every window is looked at.
    Other,
}

/// A run is [`Shape::Sparse`] when fewer than one step in this many moves its sum.
const SPARSE: usize = 8;

impl Shape {
    fn of(prefix: &[f64]) -> Shape {
        let steps = prefix.len().saturating_sub(1);
        let mut moves = Some(Vec::new());
        for (j, w) in prefix.windows(2).enumerate() {
            // `!=` rather than a non-zero difference: a NaN moves.
            #[allow(clippy::float_cmp)]
            let moved = w[1] != w[0];
            if moved && let Some(list) = &mut moves {
                list.push(j + 1);
                if list.len() * SPARSE >= steps {
                    moves = None;
                }
            }
        }
        match moves {
            Some(moves) if steps >= 4 * CHUNK => Shape::Sparse(moves),
            _ => block_maxima(prefix).map_or(Shape::Other, Shape::Rising),
        }
    }
}

/// As [`best_in`], looking only at the windows that can differ from the one before:
/// `moves` lists, in order, each `j` with `prefix[j] != prefix[j - 1]`. When neither the
/// start `k` nor the end `k + d` of a window is in it, `prefix[k] == prefix[k - 1]` and
/// `prefix[k + d] == prefix[k + d - 1]`, so its sum is the very same subtraction as the
/// window's before it (bit for bit): it can be neither a new best nor the first of a tie.
/// The first window and those starting or ending at a move are the only candidates,
/// visited in order: same result as [`best_in`], ties included, in O(moves).
fn best_in_sparse(prefix: &[f64], d: usize, moves: &[usize]) -> (f64, usize) {
    let last = prefix.len() - d - 1;
    let starts = moves.iter().copied().take_while(|&k| k <= last);
    let ends = moves.iter().filter_map(|&j| j.checked_sub(d));
    let mut ends = ends.take_while(|&k| k <= last).peekable();
    let mut starts = starts.peekable();
    let (mut best, mut at) = (prefix[d] - prefix[0], 0);
    loop {
        // The smaller of the two next candidates (merging two sorted lists).
        let k = match (starts.peek(), ends.peek()) {
            (Some(&s), Some(&e)) if e < s => ends.next(),
            (Some(_), _) => starts.next(),
            (None, Some(_)) => ends.next(),
            (None, None) => None,
        };
        let Some(k) = k else { break };
        let sum = prefix[k + d] - prefix[k];
        if sum > best {
            (best, at) = (sum, k);
        }
    }
    (best, at)
}

/// The largest step `prefix[j + 1] - prefix[j]` of each block of [`CHUNK`] steps, or `None`
/// when a step is negative (or not a number): a prefix that falls.
fn block_maxima(prefix: &[f64]) -> Option<Vec<f64>> {
    let steps = prefix.len().saturating_sub(1);
    let mut maxima = vec![0.0_f64; steps.div_ceil(CHUNK)];
    for (j, w) in prefix.windows(2).enumerate() {
        let step = w[1] - w[0];
        // A NaN falls too.
        if step.is_nan() || step < 0.0 {
            return None;
        }
        let max = &mut maxima[j / CHUNK];
        if step > *max {
            *max = step;
        }
    }
    Some(maxima)
}

/// As [`best_in`], for a `prefix` that never falls, with the largest step of each block of
/// [`CHUNK`] steps ([`block_maxima`]). A chunk of windows starting at `first..=last` holds no
/// sum above either of two bounds: `prefix[last + d] - prefix[first]` (the window from the
/// first start to the last end covers them all; rounding is monotonic, so this holds in
/// floating point too), good for long windows; and `d` times the largest step those windows
/// cover (with a few units of rounding to spare: a computed step is within one rounding of the
/// true one, as is the computed sum), good for short ones. The chunk with the highest bound is
/// searched first, then only the chunks whose bound reaches the best found: on a real ride
/// most chunks are ruled out by a subtraction or a product. Same result as [`best_in`], ties
/// included.
fn best_in_rising(prefix: &[f64], d: usize, maxima: &[f64]) -> (f64, usize) {
    let windows = prefix.len() - d;
    // Chunks grow with the window (an eighth of it at most), so that their bounds stay
    // close to the sums they bound while long windows need fewer of them.
    let size = CHUNK * (1 + d / (8 * CHUNK));
    let chunks = windows.div_ceil(size);
    if chunks < 4 {
        return best_in(prefix, d);
    }
    let span = |c: usize| (c * size, ((c + 1) * size).min(windows) - 1);
    let spare = 1.0 + 4.0 * f64::EPSILON;
    let bound = |c: usize| {
        let (first, last) = span(c);
        let covering = prefix[last + d] - prefix[first];
        if d > CHUNK {
            return covering;
        }
        // Chunks of `CHUNK` starts: the steps `first..last + d` lie in this block and the
        // next.
        let step = maxima[c].max(maxima.get(c + 1).copied().unwrap_or(0.0));
        covering.min(step * d as f64 * spare)
    };
    let search = |c: usize| {
        let (first, last) = span(c);
        let (sum, k) = best_in(&prefix[first..=last + d], d);
        (sum, first + k)
    };
    let bounds: Vec<f64> = (0..chunks).map(bound).collect();
    let seed = (0..chunks)
        .reduce(|a, b| if bounds[b] > bounds[a] { b } else { a })
        .unwrap_or(0);
    let (mut best, mut at) = search(seed);
    for c in (0..chunks).filter(|&c| c != seed) {
        if bounds[c] < best {
            continue;
        }
        let (sum, k) = search(c);
        if sum > best || (sum == best && k < at) {
            (best, at) = (sum, k);
        }
    }
    (best, at)
}

/// The largest `prefix[k + d] - prefix[k]` and its first `k` (`prefix.len() > d`).
///
/// Two passes, because finding the best and where it is in one makes every step wait on the
/// one before: first the best value alone, in eight independent lanes the compiler turns
/// into vector maxima; then the first chunk of windows holding exactly that sum (the same
/// subtraction gives the same bits), which is usually found before the end. About twice as
/// fast as the one-pass loop on long series.
fn best_in(prefix: &[f64], d: usize) -> (f64, usize) {
    const LANES: usize = 8;
    let ends = &prefix[d..];
    let starts = &prefix[..ends.len()];
    let mut lanes = [f64::NEG_INFINITY; LANES];
    let (end_chunks, start_chunks) = (ends.chunks_exact(LANES), starts.chunks_exact(LANES));
    let (end_rest, start_rest) = (end_chunks.remainder(), start_chunks.remainder());
    for (e, s) in end_chunks.zip(start_chunks) {
        for lane in 0..LANES {
            let sum = e[lane] - s[lane];
            lanes[lane] = if sum > lanes[lane] { sum } else { lanes[lane] };
        }
    }
    let mut best = f64::NEG_INFINITY;
    for sum in lanes
        .into_iter()
        .chain(end_rest.iter().zip(start_rest).map(|(e, s)| e - s))
    {
        if sum > best {
            best = sum;
        }
    }
    // The first window with exactly that sum, a chunk at a time.
    let (end_chunks, start_chunks) = (ends.chunks_exact(LANES), starts.chunks_exact(LANES));
    for (chunk, (e, s)) in end_chunks.zip(start_chunks).enumerate() {
        let mut hit = false;
        for lane in 0..LANES {
            hit |= e[lane] - s[lane] == best;
        }
        if hit {
            let lane = (0..LANES).position(|l| e[l] - s[l] == best).unwrap_or(0);
            return (best, chunk * LANES + lane);
        }
    }
    let rest = ends.len() - end_rest.len();
    let k = end_rest
        .iter()
        .zip(start_rest)
        .position(|(e, s)| e - s == best)
        .unwrap_or(0);
    (best, rest + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[f64]) -> Series {
        Series {
            start_offset_s: 10.0,
            values: values.to_vec(),
            cuts: Vec::new(),
        }
    }

    #[test]
    fn each_duration_takes_its_best_window() {
        let curve = mean_max(&series(&[1.0, 5.0, 3.0, 0.0, 4.0]));
        let points: Vec<(u32, f64, f64)> = curve
            .iter()
            .map(|p| (p.duration_s, p.value, p.start_offset_s))
            .collect();
        assert_eq!(
            points,
            vec![
                (1, 5.0, 11.0),
                (2, 4.0, 11.0),
                (3, 3.0, 10.0),
                (5, 2.6, 10.0)
            ]
        );
    }

    #[test]
    fn windows_never_cover_a_stop() {
        let curve = mean_max(&series(&[9.0, f64::NAN, 1.0, 1.0, 1.0]));
        let points: Vec<(u32, f64, f64)> = curve
            .iter()
            .map(|p| (p.duration_s, p.value, p.start_offset_s))
            .collect();
        assert_eq!(points, vec![(1, 9.0, 10.0), (2, 1.0, 12.0), (3, 1.0, 12.0)]);
    }

    #[test]
    fn the_envelope_takes_longer_bests_over_shorter_ones() {
        let curve = mean_max(&series(&[5.0, 0.0, 5.0]));
        let values: Vec<f64> = curve.iter().map(|p| p.value).collect();
        assert_eq!(
            values,
            vec![5.0, 2.5, 10.0 / 3.0],
            "a mean-max curve may rise"
        );
        let envelope = monotonic(&curve);
        let values: Vec<f64> = envelope.iter().map(|p| p.value).collect();
        assert_eq!(values, vec![5.0, 10.0 / 3.0, 10.0 / 3.0]);
        assert_eq!(envelope[1].duration_s, 2);
    }

    /// The chunked search on random series that never fall (steady stretches, repeats and
    /// zeros give many equal sums: the first must still win) against the full scan.
    #[test]
    fn ruling_out_chunks_finds_the_same_window() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for round in 0..400 {
            let len = 200 + next(2000) as usize;
            let mut prefix = vec![0.0];
            let mut level = next(300) as f64;
            for _ in 0..len {
                if next(20) == 0 {
                    level = next(300) as f64; // a new steady stretch
                }
                let v = match round % 4 {
                    0 => level,                               // steady: many equal windows
                    1 => level + next(3) as f64,              // nearly steady
                    2 => level * 0.1 + next(3) as f64 * 0.01, // fractions: sums round
                    _ => next(2) as f64 * next(900) as f64,   // bursts and zeros
                };
                prefix.push(prefix.last().unwrap() + v);
            }
            let durations = [1, 2, 5, 30, 64, 65, 100, 300, len / 2, len - 1, len];
            for d in durations.into_iter().filter(|&d| d <= len) {
                let maxima = block_maxima(&prefix).unwrap();
                assert_eq!(
                    best_in_rising(&prefix, d, &maxima),
                    best_in(&prefix, d),
                    "round {round}, {len} values, window {d}"
                );
            }
        }
    }

    /// The search over moves on random mostly-still series (long stops, steady stretches whose
    /// windows tie, fractions whose sums round, a series that falls) against the full scan.
    #[test]
    fn skipping_still_windows_finds_the_same_window() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut sparse_runs = 0;
        for round in 0..300 {
            let len = 300 + next(5000) as usize;
            let mut prefix = vec![0.0];
            let mut moving = 0;
            for _ in 0..len {
                if next(200) == 0 {
                    moving = 1 + next(40); // a short burst among long stops
                }
                let v = if moving == 0 {
                    0.0
                } else {
                    moving -= 1;
                    match round % 4 {
                        0 => 250.0,                         // steady: equal windows
                        1 => next(400) as f64,              // whole watts
                        2 => next(400) as f64 * 0.1 + 0.01, // fractions: sums round
                        _ => next(400) as f64 - 150.0,      // a sum that falls
                    }
                };
                prefix.push(prefix.last().unwrap() + v);
            }
            let Shape::Sparse(moves) = Shape::of(&prefix) else {
                continue;
            };
            sparse_runs += 1;
            let durations = [1, 2, 5, 30, 64, 65, 100, 300, len / 2, len - 1, len];
            for d in durations.into_iter().filter(|&d| d <= len) {
                assert_eq!(
                    best_in_sparse(&prefix, d, &moves),
                    best_in(&prefix, d),
                    "round {round}, {len} values, window {d}"
                );
            }
        }
        assert!(sparse_runs > 200, "only {sparse_runs} series were sparse");
    }

    #[test]
    fn a_series_that_moves_often_is_not_sparse() {
        let prefix: Vec<f64> = (0..1000).map(f64::from).collect();
        assert!(matches!(Shape::of(&prefix), Shape::Rising(_)));
        let falling: Vec<f64> = (0..1000).map(|k| f64::from(k % 7)).collect();
        assert!(matches!(Shape::of(&falling), Shape::Other));
        let mut still = vec![0.0; 1000];
        still[500..].fill(3.0);
        assert!(matches!(Shape::of(&still), Shape::Sparse(m) if m == vec![500]));
    }

    #[test]
    fn an_empty_series_has_no_curve() {
        assert!(mean_max(&series(&[])).is_empty());
        assert!(mean_max(&series(&[f64::NAN])).is_empty());
    }
}
