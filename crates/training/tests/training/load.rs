//! TRIMP and the fitness model against references written out plainly: Banister's formula
//! summed second by second, and the moving averages stepped day by day over a made-up year.

use std::collections::BTreeMap;

use domain::Sport;
use formats::{Recording, Samples, Timestamp};
use training::{FitnessDay, TrimpModel};

/// Banister's TRIMP of heart rates one second apart: for each second, a sixtieth of a minute
/// times the fraction of the heart-rate reserve x times a·e^(b·x).
fn trimp_reference(heart_rates: &[f64], rest: f64, max: f64, a: f64, b: f64) -> f64 {
    let mut total = 0.0;
    for &hr in heart_rates {
        let x = ((hr.round() - rest) / (max - rest)).clamp(0.0, 1.0);
        total += (1.0 / 60.0) * x * a * (b * x).exp();
    }
    total
}

#[test]
fn trimp_of_a_workout_is_banisters_sum_over_its_seconds() {
    // 40 minutes: a warm-up from 95 to 150 bpm, intervals up to 185, a cool-down.
    let heart_rates: Vec<f64> = (0..2400)
        .map(|s| match s {
            0..600 => 95.0 + 55.0 * f64::from(s) / 600.0,
            600..1800 if (s - 600) % 240 < 120 => 185.0,
            600..1800 => 150.0,
            _ => 150.0 - 40.0 * f64::from(s - 1800) / 600.0,
        })
        .collect();
    let start = Timestamp::from_unix_s(1_700_000_000);
    let recording = Recording {
        start,
        samples: Samples {
            time: (0..2400).map(|s| start.add_ms(s * 1000)).collect(),
            heart_rate: Some(heart_rates.iter().map(|&h| h as f32).collect()),
            ..Samples::default()
        },
        ..Recording::default()
    };
    let histogram = training::analyse(&recording, Sport::Running).hr_histogram;
    let seconds: f32 = histogram.iter().map(|(_, s)| s).sum();
    assert_eq!(seconds, 2400.0);
    assert!(
        histogram.windows(2).all(|p| p[0].0 < p[1].0),
        "sorted by heart rate"
    );

    for (rest, max) in [(50, 190), (60, 175), (45, 200), (100, 160)] {
        for (model, a, b) in [
            (TrimpModel::Men, 0.64, 1.92),
            (TrimpModel::Women, 0.86, 1.67),
        ] {
            let ours = training::trimp(&histogram, rest, max, model);
            let reference = trimp_reference(&heart_rates, f64::from(rest), f64::from(max), a, b);
            assert!(
                (ours - reference).abs() < 1e-6 * reference,
                "{model:?} {rest}-{max}: {ours} vs {reference}"
            );
        }
    }
}

/// A made-up year of training from day 19,000 (2022-01-08): rest on Mondays, long sessions
/// at weekends, a harder block in spring, an easy month after it, two sessions on some days,
/// and a two-week break in the autumn.
fn year_of_loads() -> Vec<(i32, f64)> {
    let mut loads = Vec::new();
    for i in 0..365 {
        let day = 19_000 + i;
        let weekday = i % 7;
        if weekday == 0 || (260..274).contains(&i) {
            continue;
        }
        let mut load = 40.0 + f64::from((i * 37) % 23);
        if weekday == 5 || weekday == 6 {
            load *= 2.2;
        }
        if (90..150).contains(&i) {
            load *= 1.4;
        } else if (150..180).contains(&i) {
            load *= 0.5;
        }
        loads.push((day, load));
        if i % 3 == 0 {
            loads.push((day, 25.0 + f64::from(i % 11)));
        }
    }
    // Any order: the model sorts.
    loads.reverse();
    let half = loads.len() / 2;
    loads[..half].rotate_left(7);
    loads
}

/// The model stepped one day at a time from the first load's day, plainly.
fn fitness_reference(loads: &[(i32, f64)], from: i32, to: i32) -> Vec<FitnessDay> {
    let mut by_day: BTreeMap<i32, f64> = BTreeMap::new();
    for &(day, load) in loads {
        *by_day.entry(day).or_insert(0.0) += load;
    }
    let first = by_day.keys().next().copied().unwrap_or(from).min(from);
    let fitness_lambda = 1.0 - (-1.0_f64 / 42.0).exp();
    let fatigue_lambda = 1.0 - (-1.0_f64 / 7.0).exp();
    let (mut fitness, mut fatigue) = (0.0, 0.0);
    let mut days = Vec::new();
    for day in first..=to {
        let load = by_day.get(&day).copied().unwrap_or(0.0);
        fitness += fitness_lambda * (load - fitness);
        fatigue += fatigue_lambda * (load - fatigue);
        if day >= from {
            days.push(FitnessDay {
                day,
                load,
                fitness,
                fatigue,
                form: fitness - fatigue,
            });
        }
    }
    days
}

#[test]
fn fitness_follows_the_day_by_day_moving_averages() {
    let loads = year_of_loads();
    // The whole year and past its end; a range starting mid-year (loads before it count);
    // one day; a range before any load.
    for (from, to) in [
        (19_000, 19_400),
        (19_200, 19_300),
        (19_270, 19_270),
        (18_900, 18_950),
    ] {
        let ours = training::fitness(&loads, from, to);
        let reference = fitness_reference(&loads, from, to);
        assert_eq!(ours.len(), reference.len(), "{from}..={to}");
        for (a, b) in ours.iter().zip(&reference) {
            assert_eq!((a.day, a.load), (b.day, b.load));
            for (what, x, y) in [
                ("fitness", a.fitness, b.fitness),
                ("fatigue", a.fatigue, b.fatigue),
                ("form", a.form, b.form),
            ] {
                assert!((x - y).abs() < 1e-9, "{what} on day {}: {x} vs {y}", a.day);
            }
        }
    }
    // Two weeks off freshen the athlete up: form is positive by the end of the break.
    let year = training::fitness(&loads, 19_000, 19_364);
    assert!(
        year[258].form < 0.0 && year[273].form > 0.0,
        "{:?}",
        &year[258..274]
    );
}
