//! Mean-max curves on random workouts: they equal a brute-force search over every window of
//! the 1 Hz series, the best work never falls with duration and the envelope never rises;
//! and where a workout happened.

use domain::Sport;
use formats::{Recording, Samples, Session, Stream, Timestamp};
use proptest::prelude::*;

/// A random workout: samples 1 to 40 s apart (so some gaps are stops), power 0 to 600 W,
/// heart rate 0 to 200 bpm, a distance that grows by 0 to 12 m/s.
fn workout() -> impl Strategy<Value = Recording> {
    let sample = (1i64..6, 0u8..20, 0.0f32..600.0, 0.0f32..200.0, 0.0f64..12.0);
    prop::collection::vec(sample, 1..400).prop_map(|rows| {
        let start = Timestamp::from_unix_ms(1_700_000_000_300);
        let (mut time, mut power, mut heart_rate, mut distance) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut at, mut covered) = (0, 0.0);
        for (dt, long, watts, bpm, speed) in rows {
            // One gap in twenty is long: more than the 30 s bridged.
            let dt = if long == 0 { dt * 8 } else { dt };
            at += dt * 1000 - 300;
            covered += speed * dt as f64;
            time.push(start.add_ms(at));
            power.push(watts);
            heart_rate.push(bpm);
            distance.push(covered);
        }
        Recording {
            start,
            samples: Samples {
                time,
                power: Some(power),
                heart_rate: Some(heart_rate),
                distance: Some(distance),
                ..Samples::default()
            },
            ..Recording::default()
        }
    })
}

/// The best mean over every window of `duration` seconds without a stop, by brute force.
fn brute_force(values: &[f64], duration: usize) -> Option<f64> {
    (0..values.len().saturating_sub(duration - 1))
        .map(|k| &values[k..k + duration])
        .filter(|w| w.iter().all(|v| !v.is_nan()))
        .map(|w| w.iter().sum::<f64>() / duration as f64)
        .reduce(f64::max)
}

/// A curve's durations grow, and so does the best work (value × duration) — the law a
/// mean-max curve of values that are never negative obeys: a longer window holds a shorter
/// one. Its average itself may fall or rise.
fn work_never_falls(curve: &[training::CurvePoint]) -> Result<(), TestCaseError> {
    for pair in curve.windows(2) {
        prop_assert!(pair[0].duration_s < pair[1].duration_s);
        let (shorter, longer) = (
            pair[0].value * f64::from(pair[0].duration_s),
            pair[1].value * f64::from(pair[1].duration_s),
        );
        prop_assert!(
            longer >= shorter * (1.0 - 1e-12),
            "{:?} below {:?}",
            pair[1],
            pair[0]
        );
    }
    Ok(())
}

/// The envelope never rises and never falls below the curve.
fn envelope_never_rises(curve: &[training::CurvePoint]) -> Result<(), TestCaseError> {
    let envelope = training::monotonic(curve);
    prop_assert_eq!(envelope.len(), curve.len());
    for (e, c) in envelope.iter().zip(curve) {
        prop_assert!(e.duration_s == c.duration_s && e.value >= c.value);
    }
    for pair in envelope.windows(2) {
        prop_assert!(
            pair[1].value <= pair[0].value,
            "{:?} above {:?}",
            pair[1],
            pair[0]
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn curves_are_the_best_windows_and_their_envelopes_never_rise(recording in workout()) {
        let analysis = training::analyse(&recording, Sport::Cycling);
        work_never_falls(&analysis.power_curve)?;
        work_never_falls(&analysis.pace_curve)?;
        for curve in [&analysis.power_curve, &analysis.hr_curve, &analysis.pace_curve] {
            envelope_never_rises(curve)?;
        }
        // The best distance in D seconds of the pace curve is covered in D seconds or less
        // by the best effort over it (found independently, between samples too).
        let track = training::distance_track(&recording, Sport::Cycling).unwrap();
        for point in &analysis.pace_curve {
            let metres = point.value * f64::from(point.duration_s) * (1.0 - 1e-9);
            if metres > 0.0 {
                let effort = training::best_effort(&track.time_s, &track.distance_m, metres).unwrap();
                prop_assert!(effort.seconds <= f64::from(point.duration_s) + 1e-9, "{point:?}: {effort:?}");
            }
        }

        let mut power = training::one_hertz(&recording, Stream::Power).unwrap().values;
        for w in &mut power {
            if w.is_nan() {
                *w = 0.0;
            }
        }
        let heart_rate = training::one_hertz(&recording, Stream::HeartRate).map(|s| s.values);
        for duration in training::DURATIONS_S {
            let point = |curve: &[training::CurvePoint]| {
                curve.iter().find(|p| p.duration_s == duration).map(|p| p.value)
            };
            let d = duration as usize;
            let expected = (d <= power.len()).then(|| brute_force(&power, d)).flatten();
            let ours = point(&analysis.power_curve);
            prop_assert!(
                ours.zip(expected).is_some_and(|(a, b)| (a - b).abs() < 1e-9) || ours == expected,
                "power at {duration} s: {ours:?}, brute force {expected:?}"
            );
            let expected = heart_rate.as_deref().and_then(|hr| {
                (d <= hr.len()).then(|| brute_force(hr, d)).flatten()
            });
            let ours = point(&analysis.hr_curve);
            prop_assert!(
                ours.zip(expected).is_some_and(|(a, b)| (a - b).abs() < 1e-9) || ours == expected,
                "heart rate at {duration} s: {ours:?}, brute force {expected:?}"
            );
        }
        let recorded: f64 = analysis.hr_histogram.iter().map(|(_, s)| f64::from(*s)).sum();
        let expected = heart_rate.map_or(0, |hr| hr.iter().filter(|v| !v.is_nan()).count());
        prop_assert_eq!(recorded, expected as f64);
    }
}

#[test]
fn the_best_window_is_placed_in_the_workout() {
    // Ten minutes at 150 W with one minute at 400 W starting 5 minutes in, samples at 1 Hz
    // from 12 s after the recording's start.
    let start = Timestamp::from_unix_s(1_700_000_000);
    let time: Vec<Timestamp> = (0..600).map(|s| start.add_ms((12 + s) * 1000)).collect();
    let power: Vec<f32> = (0..600)
        .map(|s| {
            if (300..360).contains(&s) {
                400.0
            } else {
                150.0
            }
        })
        .collect();
    let recording = Recording {
        start,
        samples: Samples {
            time,
            power: Some(power),
            ..Samples::default()
        },
        ..Recording::default()
    };
    let analysis = training::analyse(&recording, Sport::Cycling);
    let minute = analysis
        .power_curve
        .iter()
        .find(|p| p.duration_s == 60)
        .unwrap();
    assert_eq!((minute.value, minute.start_offset_s), (400.0, 312.0));
    assert_eq!(analysis.power_curve.last().unwrap().duration_s, 600);
    assert_eq!(analysis.power_seconds, 600.0);
    assert!(analysis.hr_curve.is_empty() && analysis.pace_curve.is_empty());
    assert_eq!(analysis.longest_m, None);
}

#[test]
fn indoor_workouts_are_told_by_sub_sport_or_a_distance_without_positions() {
    let start = Timestamp::from_unix_s(1_700_000_000);
    let treadmill = Recording {
        start,
        samples: Samples {
            time: (0..60).map(|s| start.add_ms(s * 1000)).collect(),
            distance: Some((0..60).map(|s| 3.0 * s as f64).collect()),
            ..Samples::default()
        },
        ..Recording::default()
    };
    assert!(training::analyse(&treadmill, Sport::Running).indoor);

    let mut outdoors = treadmill.clone();
    outdoors.samples.latitude = Some((0..60).map(|s| 46.0 + 3.0 * s as f64 / 111_195.0).collect());
    outdoors.samples.longitude = Some(vec![7.0; 60]);
    assert!(!training::analyse(&outdoors, Sport::Running).indoor);

    // A virtual ride has positions (a virtual world's), but says what it is.
    let mut virtual_ride = outdoors.clone();
    virtual_ride.sessions.push(Session {
        sub_sport: Some(58),
        ..Session::default()
    });
    assert!(training::analyse(&virtual_ride, Sport::Cycling).indoor);
}

/// The best sum of `d` consecutive values of `full` and the first window holding it: a plain
/// scan of every window, the reference for a series with cuts.
fn first_best(full: &[f64], d: usize) -> (f64, usize) {
    let mut sum: f64 = full[..d].iter().sum();
    let mut best = (sum, 0);
    for k in 1..=full.len() - d {
        sum += full[k + d - 1] - full[k - 1];
        if sum > best.0 {
            best = (sum, k);
        }
    }
    best
}

/// Two rides three days apart in one recording (a multi-day tour's file): the nights between
/// are shortened in the 1 Hz series and the distance grid, and the curves are still those of
/// every window over the whole elapsed time, with their true start times.
#[test]
fn a_multi_day_recording_has_the_curves_of_its_whole_elapsed_time() {
    let start = Timestamp::from_unix_s(1_700_000_000);
    let later = 3 * 86_400;
    let rides = [(0, 7_200, 150.0, 8.0), (later, 3_600, 290.0, 11.0)];
    let (mut time, mut power, mut distance) = (Vec::new(), Vec::new(), Vec::new());
    let mut covered = 0.0;
    for (from, seconds, base, speed) in rides {
        for s in 0..seconds {
            time.push(start.add_ms((from + s) * 1000));
            // Whole watts: every sum exact, so ties fall the same way in both searches.
            power.push((base + ((s * 37) % 120) as f64) as f32);
            // The second ride starts 600 m on: pushed along between the rides, with the
            // device off (the gap's distance is spread over it).
            covered += if s == 0 && from > 0 { 600.0 } else { speed };
            distance.push(covered);
        }
    }
    let recording = Recording {
        start,
        samples: Samples {
            time: time.clone(),
            power: Some(power.clone()),
            distance: Some(distance.clone()),
            ..Samples::default()
        },
        ..Recording::default()
    };
    let series = training::one_hertz(&recording, Stream::Power).unwrap();
    assert_eq!(series.cuts.len(), 1, "the nights between are one long stop");
    assert!(
        series.values.len() < 7_200 + 3_600 + 43_201,
        "{}",
        series.values.len()
    );

    // Every second of the elapsed time: 0 W between the rides, and the distance spread
    // evenly over the gap.
    let span = (later + 3_600) as usize;
    let (mut watts, mut grid) = (vec![0.0; span], vec![f64::NAN; span]);
    for ((t, w), d) in time.iter().zip(&power).zip(&distance) {
        let k = ((t.unix_ms() - start.unix_ms()) / 1000) as usize;
        watts[k] = f64::from(*w);
        grid[k] = *d;
    }
    let (gap_from, gap_to) = (7_199, later as usize);
    for k in gap_from + 1..gap_to {
        let fraction = (k - gap_from) as f64 / (gap_to - gap_from) as f64;
        grid[k] = grid[gap_from] + fraction * (grid[gap_to] - grid[gap_from]);
    }
    let steps: Vec<f64> = grid.windows(2).map(|w| w[1] - w[0]).collect();

    let analysis = training::analyse(&recording, Sport::Cycling);
    assert_eq!(analysis.power_curve.len(), training::DURATIONS_S.len());
    assert_eq!(analysis.pace_curve.len(), training::DURATIONS_S.len());
    let mut in_second_ride = 0;
    for (ours, values) in [
        (&analysis.power_curve, &watts),
        (&analysis.pace_curve, &steps),
    ] {
        for point in ours {
            let d = point.duration_s as usize;
            let (sum, k) = first_best(values, d);
            assert!(
                (point.value - sum / d as f64).abs() < 1e-9,
                "{point:?}: the whole series says {}",
                sum / d as f64
            );
            assert_eq!(point.start_offset_s, k as f64, "{point:?}");
            in_second_ride += usize::from(k >= later as usize);
        }
    }
    assert!(
        in_second_ride > 10,
        "the stronger second ride holds the short bests"
    );
}
