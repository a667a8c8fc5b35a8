//! Best efforts over distances against a brute-force reference, on random streams and on the
//! corpus's runs; the order of best times; GPS spikes.

use domain::Sport;
use formats::{Recording, Samples, Timestamp};
use proptest::prelude::*;

use crate::corpus::{files, name, read};

/// The fastest time over `target` by brute force, O(n²): from every sample, the time to the
/// first moment (interpolated along the piece that crosses it) the distance is `target`
/// further; to every sample, the time from the last moment it was `target` short. Times only
/// grow, so the first crossing after a start is its earliest and the last before an end its
/// latest.
fn brute_force(t: &[f64], d: &[f64], target: f64) -> Option<f64> {
    let n = t.len();
    let mut best: Option<f64> = None;
    let mut consider = |seconds: f64| best = Some(best.map_or(seconds, |b: f64| b.min(seconds)));
    let crossing = |k: usize, goal: f64| {
        let fraction = (goal - d[k]) / (d[k + 1] - d[k]);
        t[k] + fraction * (t[k + 1] - t[k])
    };
    for i in 0..n {
        let goal = d[i] + target;
        if let Some(k) = (i..n - 1).find(|&k| d[k] < d[k + 1] && d[k] <= goal && goal <= d[k + 1]) {
            consider(crossing(k, goal) - t[i]);
        }
    }
    for j in 0..n {
        let goal = d[j] - target;
        if let Some(k) = (0..j)
            .rev()
            .find(|&k| d[k] < d[k + 1] && d[k] <= goal && goal < d[k + 1])
        {
            consider(t[j] - crossing(k, goal));
        }
    }
    best
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

/// A random cumulative distance over time: intervals of 0 to 5 s (stamped alike sometimes),
/// increments of 0 to 20 m (standing still sometimes).
fn stream() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    prop::collection::vec((0u8..6, 0u8..5, 0.0f64..20.0), 2..300).prop_map(|steps| {
        let (mut t, mut d) = (vec![0.0], vec![0.0]);
        for (dt, still, step) in steps {
            t.push(t[t.len() - 1] + f64::from(dt));
            d.push(d[d.len() - 1] + if still == 0 { 0.0 } else { step });
        }
        (t, d)
    })
}

proptest! {
    #[test]
    fn best_efforts_equal_the_brute_force((t, d) in stream(), share in 0.01f64..1.0) {
        let total = d[d.len() - 1];
        prop_assume!(total > 0.0);
        let target = total * share;
        let ours = training::best_effort(&t, &d, target).map(|e| e.seconds);
        let reference = brute_force(&t, &d, target);
        prop_assert!(
            matches!((ours, reference), (Some(a), Some(b)) if close(a, b)),
            "{ours:?} vs {reference:?} for {target} m"
        );
        prop_assert_eq!(training::best_effort(&t, &d, total + 1.0), None);
    }

    #[test]
    fn a_longer_distance_never_takes_less_time((t, d) in stream(), a in 0.01f64..1.0, b in 0.01f64..1.0) {
        let total = d[d.len() - 1];
        prop_assume!(total > 0.0);
        let (short, long) = (total * a.min(b), total * a.max(b));
        let short = training::best_effort(&t, &d, short).unwrap();
        let long = training::best_effort(&t, &d, long).unwrap();
        prop_assert!(long.seconds >= short.seconds, "{long:?} faster than {short:?}");
        // The effort found really covers its distance in its time. Samples stamped alike
        // make a jump: an effort may start below it and end above it.
        let before = |s: f64| {
            let k = t.partition_point(|&x| x < s);
            if k == t.len() { d[k - 1] }
            else if k == 0 || t[k] == s { d[k] }
            else { d[k - 1] + (s - t[k - 1]) / (t[k] - t[k - 1]) * (d[k] - d[k - 1]) }
        };
        let after = |s: f64| {
            let k = t.partition_point(|&x| x <= s);
            if k == 0 { d[0] }
            else if k == t.len() || t[k - 1] == s { d[k - 1] }
            else { d[k - 1] + (s - t[k - 1]) / (t[k] - t[k - 1]) * (d[k] - d[k - 1]) }
        };
        let covered = after(long.start_offset_s + long.seconds) - before(long.start_offset_s);
        prop_assert!(covered >= long.target_m - 1e-6 * long.target_m.max(1.0), "{covered} for {long:?}");
    }
}

#[test]
fn corpus_runs_have_the_brute_force_best_efforts_in_order() {
    let mut runs = 0;
    let mut problems = Vec::new();
    let paths = files("fit", |_| true)
        .into_iter()
        .chain(files("tcx", |_| true));
    for path in paths.chain(files("gpx", |_| true)) {
        for recording in read(&path) {
            if recording.sport != Sport::Running {
                continue;
            }
            let Some(track) = training::distance_track(&recording, Sport::Running) else {
                continue;
            };
            let analysis = training::analyse(&recording, Sport::Running);
            runs += 1;
            let label = name(&path);
            let covered: Vec<f64> = training::DISTANCES_M
                .into_iter()
                .filter(|&target| target <= track.covered_m())
                .collect();
            let found: Vec<f64> = analysis
                .distance_efforts
                .iter()
                .map(|e| e.target_m)
                .collect();
            if found != covered {
                problems.push(format!(
                    "{label}: efforts over {found:?}, covers {covered:?}"
                ));
            }
            for effort in &analysis.distance_efforts {
                let reference = brute_force(&track.time_s, &track.distance_m, effort.target_m);
                if !reference.is_some_and(|r| close(r, effort.seconds)) {
                    problems.push(format!("{label}: {effort:?}, brute force {reference:?}"));
                }
            }
            for pair in analysis.distance_efforts.windows(2) {
                if pair[1].seconds < pair[0].seconds {
                    problems.push(format!("{label}: {:?} faster than {:?}", pair[1], pair[0]));
                }
            }
        }
    }
    assert!(runs >= 20, "the corpus has runs with a distance: {runs}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A 30-minute run at 3.5 m/s due north, one position a second, with the position at
/// `spike` thrown 2 km east for that one second.
fn run_with_spike(spike: usize) -> Recording {
    let start = Timestamp::from_unix_s(1_700_000_000);
    let n = 1800;
    let metres_per_degree = 111_195.0;
    let latitude: Vec<f64> = (0..n)
        .map(|s| 46.0 + 3.5 * s as f64 / metres_per_degree)
        .collect();
    let mut longitude = vec![7.0; n];
    // 2 km east at latitude 46°: a degree of longitude is cos(46°) times shorter.
    longitude[spike] += 2000.0 / (metres_per_degree * 46f64.to_radians().cos());
    Recording {
        start,
        samples: Samples {
            time: (0..n as i64).map(|s| start.add_ms(s * 1000)).collect(),
            latitude: Some(latitude),
            longitude: Some(longitude),
            ..Samples::default()
        },
        ..Recording::default()
    }
}

#[test]
fn a_gps_spike_is_dropped_counted_and_makes_no_record() {
    let analysis = training::analyse(&run_with_spike(900), Sport::Running);
    assert_eq!(
        analysis.dropped_samples, 2,
        "the jump out and the jump back"
    );
    let longest = analysis.longest_m.unwrap();
    assert!((longest - 3.5 * 1799.0).abs() < 20.0, "{longest} m");
    let quarter = &analysis.distance_efforts[0];
    assert!((quarter.seconds - 400.0 / 3.5).abs() < 1.0, "{quarter:?}");
    assert!(
        analysis.pace_curve.iter().all(|p| p.value < 3.6),
        "{:?}",
        analysis.pace_curve
    );
    assert_eq!(
        analysis.distance_efforts.len(),
        4,
        "up to 5 km: {:?}",
        analysis.distance_efforts
    );
    assert!(!analysis.indoor);

    // A device's own distance stream that jumps 2 km once (it counted the throw out and not
    // the way back) is cleaned the same way.
    let mut recorded = run_with_spike(900);
    recorded.samples.distance = Some(
        (0..1800)
            .map(|s| 3.5 * s as f64 + if s < 900 { 0.0 } else { 2000.0 })
            .collect(),
    );
    let analysis = training::analyse(&recorded, Sport::Running);
    assert_eq!(analysis.dropped_samples, 1);
    assert!((analysis.longest_m.unwrap() - 3.5 * 1798.0).abs() < 1e-6);
    assert!(analysis.pace_curve.iter().all(|p| p.value < 3.6));
}

#[test]
fn a_track_whose_device_kept_only_distance_totals_still_gives_efforts() {
    // Formats leave the track out of an export's distance when the device recorded totals;
    // the efforts along the way still come from it.
    let mut recording = run_with_spike(900);
    recording.sessions.push(formats::Session {
        totals: formats::Totals {
            elapsed_ms: 1_799_000,
            distance_m: Some(6300.0),
            ..formats::Totals::default()
        },
        ..formats::Session::default()
    });
    assert!(recording.distance_stream().is_none());
    let analysis = training::analyse(&recording, Sport::Running);
    assert_eq!(analysis.distance_efforts.len(), 4);
    assert_eq!(analysis.dropped_samples, 2);
}

/// Regression: a steady pace whose float sums round so that `t[j] - t[i + 1] > best` holds but
/// `t[j] > t[i + 1] + best` does not (4:00 per kilometre at 1 Hz) once made the backward pass
/// stand still for ever. It finishes, with the time the pace gives at every distance.
#[test]
fn a_steady_pace_whose_sums_round_down_still_finishes() {
    for speed in [1000.0 / 240.0, 1000.0 / 300.0, 1000.0 / 210.0, 0.1 + 0.2] {
        let time: Vec<f64> = (0..=3000).map(f64::from).collect();
        let distance: Vec<f64> = time.iter().map(|s| s * speed).collect();
        for target in [400.0, 1000.0, 1609.344] {
            if distance[3000] < target {
                continue;
            }
            let e = training::best_effort(&time, &distance, target).unwrap();
            assert!(close(e.seconds, target / speed), "{speed} {target}: {e:?}");
            assert_eq!(
                Some(e.seconds).map(|s| (s * 1e6).round()),
                brute_force(&time, &distance, target).map(|s| (s * 1e6).round())
            );
        }
    }
}
