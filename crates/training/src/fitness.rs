//! The fitness–fatigue model: how the daily training load adds up to fitness, fatigue and
//! form.

/// The time constant of fitness (chronic training load), days.
pub const FITNESS_DAYS: f64 = 42.0;
/// The time constant of fatigue (acute training load), days.
pub const FATIGUE_DAYS: f64 = 7.0;

/// One day of the fitness–fatigue model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitnessDay {
    /// The day, as days since 1970-01-01.
    pub day: i32,
    /// The load of that day (the loads given for it, summed).
    pub load: f64,
    /// Fitness: the load averaged with weights fading over [`FITNESS_DAYS`].
    pub fitness: f64,
    /// Fatigue: the load averaged with weights fading over [`FATIGUE_DAYS`].
    pub fatigue: f64,
    /// Form: fitness − fatigue. Negative after a hard block, positive when rested.
    pub form: f64,
}

/// Daily fitness, fatigue and form for every day in `from..=to` (one entry a day, in order;
/// nothing when `to < from`), from per-day loads: `(day, load)` in any order, several for one
/// day summed; loads that are not finite numbers, and days after `to`, are left out.
///
/// Both are exponentially weighted moving averages of the daily load, started at zero on the
/// first load's day or on `from`, whichever is earlier, so loads before `from` count:
/// `fitness_d = fitness_{d−1} + λ (load_d − fitness_{d−1})` with
/// `λ = 1 − e^(−1/42)`, and the same for fatigue with `λ = 1 − e^(−1/7)`;
/// `form = fitness − fatigue`.
///
/// Days without load between loads before `from` are passed in one step each stretch
/// (a fade by `(1 − λ)^days`), so the work grows with the number of loads and the days asked
/// for, not with how long ago the first load was.
pub fn fitness(loads: &[(i32, f64)], from: i32, to: i32) -> Vec<FitnessDay> {
    if to < from {
        return Vec::new();
    }
    let mut daily: Vec<(i32, f64)> = loads
        .iter()
        .copied()
        .filter(|&(day, load)| load.is_finite() && day <= to)
        .collect();
    daily.sort_unstable_by_key(|&(day, _)| day);
    daily.dedup_by(|later, earlier| {
        let same = later.0 == earlier.0;
        if same {
            earlier.1 += later.1;
        }
        same
    });

    let keep_fitness = (-1.0 / FITNESS_DAYS).exp();
    let keep_fatigue = (-1.0 / FATIGUE_DAYS).exp();
    let (mut fit, mut fat) = (0.0_f64, 0.0_f64);
    // The last day the model has taken in: none yet.
    let mut today: Option<i32> = None;
    // Fades both through the days without load after `today` and before `day`.
    let fade_to = |fit: &mut f64, fat: &mut f64, today: Option<i32>, day: i32| {
        if let Some(today) = today {
            let empty = f64::from(day) - f64::from(today) - 1.0;
            if empty > 0.0 {
                *fit *= keep_fitness.powf(empty);
                *fat *= keep_fatigue.powf(empty);
            }
        }
    };
    let step = |fit: &mut f64, fat: &mut f64, load: f64| {
        *fit += (1.0 - keep_fitness) * (load - *fit);
        *fat += (1.0 - keep_fatigue) * (load - *fat);
    };

    let mut next = 0;
    while next < daily.len() && daily[next].0 < from {
        let (day, load) = daily[next];
        fade_to(&mut fit, &mut fat, today, day);
        step(&mut fit, &mut fat, load);
        today = Some(day);
        next += 1;
    }
    fade_to(&mut fit, &mut fat, today, from);

    let mut days =
        Vec::with_capacity(usize::try_from(i64::from(to) - i64::from(from) + 1).unwrap_or(0));
    for day in from..=to {
        let load = match daily.get(next) {
            Some(&(d, load)) if d == day => {
                next += 1;
                load
            }
            _ => 0.0,
        };
        step(&mut fit, &mut fat, load);
        days.push(FitnessDay {
            day,
            load,
            fitness: fit,
            fatigue: fat,
            form: fit - fat,
        });
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_load_fades_with_each_time_constant() {
        let days = fitness(&[(10, 100.0)], 10, 52);
        assert_eq!(days.len(), 43);
        let lambda = 1.0 - (-1.0_f64 / 42.0).exp();
        assert!((days[0].fitness - 100.0 * lambda).abs() < 1e-12);
        // 42 days later fitness has faded by e^-1.
        assert!((days[42].fitness - days[0].fitness * (-1.0_f64).exp()).abs() < 1e-9);
        assert!(days[0].form < 0.0, "fatigue rises faster than fitness");
        assert!(days[42].form > 0.0, "and fades faster");
    }

    #[test]
    fn loads_before_the_range_count_and_after_it_do_not() {
        let early = fitness(&[(0, 50.0), (400, 10.0)], 300, 300);
        let alone = fitness(&[(0, 50.0)], 0, 300);
        assert!((early[0].fitness - alone[300].fitness).abs() < 1e-12);
        assert!(early[0].fitness > 0.0);
        assert!(fitness(&[(1, 1.0)], 5, 4).is_empty());
    }
}
