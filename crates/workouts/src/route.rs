//! A recording's route as maps draw it: the workout page's track (with each point's time and
//! chart position, so the map and the charts follow each other) and the short outline the map
//! of all routes draws, both simplified with Ramer–Douglas–Peucker so that bends are kept and
//! straight stretches cost nothing.

use domain::{RouteTrack, Units, XAxis};
use formats::Recording;

use crate::analysis;

/// The most points the workout page's track keeps: a 4-hour ride's every bend at street
/// level, about 30 KB of page.
pub const MAX_TRACK_POINTS: usize = 1500;

/// The most points one route of the map of all routes keeps (about 1 KB encoded).
pub const MAX_OUTLINE_POINTS: usize = 200;

/// Points closer than this to the line through their neighbours are dropped from the track,
/// metres.
const TRACK_TOLERANCE_M: f64 = 1.0;

/// The same for outlines, metres.
const OUTLINE_TOLERANCE_M: f64 = 5.0;

/// The most points simplification looks at: longer tracks are thinned evenly first, which
/// keeps the worst case (a track that doubles back on itself everywhere) bounded.
const MAX_INPUT_POINTS: usize = 20_000;

/// The indices of the samples with a plausible position, thinned evenly to at most
/// [`MAX_INPUT_POINTS`], and their positions.
fn positions(r: &Recording) -> (Vec<usize>, Vec<(f64, f64)>) {
    let (Some(lat), Some(lon)) = (&r.samples.latitude, &r.samples.longitude) else {
        return (Vec::new(), Vec::new());
    };
    let valid: Vec<usize> = lat
        .iter()
        .zip(lon)
        .enumerate()
        .filter(|(_, (a, o))| a.is_finite() && o.is_finite() && a.abs() <= 90.0 && o.abs() <= 180.0)
        .map(|(i, _)| i)
        .collect();
    let step = valid.len().div_ceil(MAX_INPUT_POINTS).max(1);
    let last = valid.last().copied();
    let mut kept: Vec<usize> = valid.into_iter().step_by(step).collect();
    if let Some(last) = last
        && kept.last() != Some(&last)
    {
        kept.push(last);
    }
    let points = kept.iter().map(|&i| (lat[i], lon[i])).collect();
    (kept, points)
}

/// Which of `points` (degrees) to keep: at most `max`, none closer than `tolerance` metres to
/// the line through the points kept around it, the first and last always.
///
/// Each point gets the distance at which Ramer–Douglas–Peucker would drop it (capped by its
/// parent's, so the order is consistent); the `max` most important are kept.
pub fn simplify(points: &[(f64, f64)], max: usize, tolerance: f64) -> Vec<usize> {
    let n = points.len();
    if n <= 2 || max < 2 {
        return (0..n.min(max.max(1))).collect();
    }
    // Metres on a local plane: accurate enough over any workout.
    let mean_lat = points.iter().map(|p| p.0).sum::<f64>() / n as f64;
    let k = mean_lat.to_radians().cos().max(0.01);
    const M_PER_DEG: f64 = 111_195.0;
    let xy: Vec<(f64, f64)> = points
        .iter()
        .map(|&(lat, lon)| (lon * k * M_PER_DEG, lat * M_PER_DEG))
        .collect();
    let mut importance = vec![0.0f64; n];
    importance[0] = f64::INFINITY;
    importance[n - 1] = f64::INFINITY;
    let mut stack = vec![(0usize, n - 1, f64::INFINITY)];
    while let Some((a, b, cap)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (ax, ay) = xy[a];
        let (dx, dy) = (xy[b].0 - ax, xy[b].1 - ay);
        let length2 = dx * dx + dy * dy;
        let (mut far, mut far_d2) = (a + 1, -1.0);
        for (i, &(px, py)) in xy.iter().enumerate().take(b).skip(a + 1) {
            // Distance to the segment (not the line), so a track that turns back is kept.
            let t = if length2 > 0.0 {
                (((px - ax) * dx + (py - ay) * dy) / length2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (ex, ey) = (px - ax - t * dx, py - ay - t * dy);
            let d2 = ex * ex + ey * ey;
            if d2 > far_d2 {
                (far, far_d2) = (i, d2);
            }
        }
        let d = far_d2.sqrt().min(cap);
        importance[far] = d;
        stack.push((a, far, d));
        stack.push((far, b, d));
    }
    let mut ranked: Vec<f64> = importance
        .iter()
        .copied()
        .filter(|d| *d >= tolerance)
        .collect();
    if ranked.len() <= max {
        return (0..n).filter(|&i| importance[i] >= tolerance).collect();
    }
    ranked.sort_by(|a, b| b.total_cmp(a));
    let threshold = ranked[max - 1];
    // Everything above the threshold (fewer than `max`, the ends among them), and an even
    // share of the points at it.
    let mut kept: Vec<usize> = (0..n).filter(|&i| importance[i] > threshold).collect();
    let ties: Vec<usize> = (0..n).filter(|&i| importance[i] == threshold).collect();
    let room = max - kept.len();
    kept.extend((0..room).map(|j| ties[j * ties.len() / room]));
    kept.sort_unstable();
    kept
}

/// Rounds degrees to five decimals (about a metre), which is all a map shows and keeps the
/// page small.
fn degrees(v: f64) -> f64 {
    (v * 1e5).round() / 1e5
}

/// The workout page's track: at most [`MAX_TRACK_POINTS`], with the time and (for charts by
/// distance) the chart position of each point; `None` without two positions.
pub fn track(r: &Recording, axis: XAxis, units: Units) -> Option<RouteTrack> {
    let (indices, points) = positions(r);
    if points.len() < 2 {
        return None;
    }
    let kept = simplify(&points, MAX_TRACK_POINTS, TRACK_TOLERANCE_M);
    // A workout's charts go by time or by distance; only distance needs its own column.
    let x = match axis {
        XAxis::Distance => analysis::x_values(r, axis, units),
        XAxis::Time | XAxis::LogDuration | XAxis::Day => None,
    };
    let start = r.start;
    let mut out = RouteTrack {
        x: x.as_ref().map(|_| Vec::with_capacity(kept.len())),
        ..RouteTrack::default()
    };
    for &k in &kept {
        let (lat, lon) = points[k];
        let sample = indices[k];
        out.lat.push(degrees(lat));
        out.lon.push(degrees(lon));
        let seconds = r.samples.time[sample].ms_since(start).max(0) / 1000;
        out.t.push(u32::try_from(seconds).unwrap_or(u32::MAX));
        if let (Some(xs), Some(all)) = (&mut out.x, &x) {
            // Three decimals of a km or mile: a metre or two.
            xs.push(((all[sample] * 1000.0).round() / 1000.0) as f32);
        }
    }
    Some(out)
}

/// The outline the map of all routes draws, as an encoded polyline of at most
/// [`MAX_OUTLINE_POINTS`]; empty without two positions.
pub fn outline(r: &Recording) -> String {
    let (_, points) = positions(r);
    if points.len() < 2 {
        return String::new();
    }
    let kept = simplify(&points, MAX_OUTLINE_POINTS, OUTLINE_TOLERANCE_M);
    domain::encode_polyline(kept.into_iter().map(|i| points[i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Degrees of latitude for `m` metres.
    fn north(m: f64) -> f64 {
        m / 111_195.0
    }

    #[test]
    fn a_straight_line_keeps_only_its_ends() {
        let points: Vec<_> = (0..1000).map(|i| (52.0 + north(i as f64), 13.0)).collect();
        assert_eq!(simplify(&points, 100, 1.0), [0, 999]);
    }

    #[test]
    fn corners_are_kept_and_the_bound_holds() {
        // An L: 500 m north, then 500 m east, with a point a metre off on the way.
        let mut points: Vec<_> = (0..=500).map(|i| (52.0 + north(i as f64), 13.0)).collect();
        let corner_lat = points[500].0;
        points.extend((1..=500).map(|i| (corner_lat, 13.0 + north(i as f64) / 0.6157)));
        let kept = simplify(&points, 100, 1.0);
        assert_eq!(
            kept,
            [0, 500, 1000],
            "the corner, and nothing on the straights"
        );

        // A zigzag of 2,000 corners keeps the bound, its ends and an even share of corners.
        let zigzag: Vec<_> = (0..2000)
            .map(|i| {
                (
                    52.0 + north(i as f64 * 10.0),
                    13.0 + if i % 2 == 0 { 0.0 } else { 0.001 },
                )
            })
            .collect();
        let kept = simplify(&zigzag, 200, 1.0);
        assert_eq!(kept.len(), 200);
        assert_eq!((kept[0], kept[199]), (0, 1999));
        assert!(kept.windows(2).all(|w| w[0] < w[1]), "in order");
    }

    #[test]
    fn short_inputs_are_kept_as_they_are() {
        assert_eq!(simplify(&[], 10, 1.0), Vec::<usize>::new());
        assert_eq!(simplify(&[(1.0, 2.0)], 10, 1.0), [0]);
        assert_eq!(simplify(&[(1.0, 2.0), (1.0, 2.0)], 10, 1.0), [0, 1]);
    }
}
