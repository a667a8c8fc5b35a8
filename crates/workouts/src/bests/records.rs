//! Records and an athlete's curves from the analyses of their workouts: the best of each sport
//! over each distance and duration. Worked out on every request from the per-workout bests
//! (kept decoded while the account's revision stays the same: see `cache`), so a deleted or
//! edited workout can never leave a stale record behind: the next best simply wins.

use std::collections::BTreeMap;

use domain::{CurvePoint, Date, EffortKind, Record, Sport, Timestamp, WorkoutId};
use training::Analysis;

/// One workout's analysis with what records are grouped by.
#[derive(Debug, Clone)]
pub struct Analysed {
    /// The workout.
    pub id: WorkoutId,
    /// Its title.
    pub title: String,
    /// Its sport.
    pub sport: Sport,
    /// When it started.
    pub start: Timestamp,
    /// Its local day.
    pub day: Date,
    /// Its analysis.
    pub analysis: Analysis,
}

/// The distance of a record's target in whole metres (the mile is 1609).
fn whole_metres(m: f64) -> u32 {
    m.round() as u32
}

/// Whether an indoor workout's efforts of this kind count: power and heart rate measured on a
/// trainer are as real as outdoors, but a treadmill's or trainer's distance is an estimate.
fn counts(kind: EffortKind, indoor: bool, include_indoor: bool) -> bool {
    include_indoor || !indoor || matches!(kind, EffortKind::Power | EffortKind::Hr)
}

/// The best of one sport's efforts of one kind over one target, while the records are sought.
#[derive(Clone, Copy)]
struct Best<'a> {
    workout: &'a Analysed,
    value: f64,
    start: f64,
    len: f64,
}

/// Where an effort's best is kept in a sport's table: the standard distances, the longest
/// distance, then power and heart rate at each standard duration. `None` for a target no
/// analysis writes (a newer Laps' analysis read by an older one).
fn slot(kind: EffortKind, target: u32) -> Option<usize> {
    let distances = training::DISTANCES_M.len();
    let durations = training::DURATIONS_S.len();
    match kind {
        EffortKind::Distance => training::DISTANCES_M
            .iter()
            .position(|m| whole_metres(*m) == target),
        EffortKind::Longest => Some(distances),
        EffortKind::Power => training::DURATIONS_S
            .binary_search(&target)
            .ok()
            .map(|i| distances + 1 + i),
        EffortKind::Hr => training::DURATIONS_S
            .binary_search(&target)
            .ok()
            .map(|i| distances + 1 + durations + i),
        EffortKind::Pace => None,
    }
}

/// The kind and target of a slot (the inverse of [`slot`]).
fn slot_key(slot: usize) -> (EffortKind, u32) {
    let distances = training::DISTANCES_M.len();
    let durations = training::DURATIONS_S.len();
    if slot < distances {
        (
            EffortKind::Distance,
            whole_metres(training::DISTANCES_M[slot]),
        )
    } else if slot == distances {
        (EffortKind::Longest, 0)
    } else if slot <= distances + durations {
        (
            EffortKind::Power,
            training::DURATIONS_S[slot - distances - 1],
        )
    } else {
        (
            EffortKind::Hr,
            training::DURATIONS_S[slot - distances - 1 - durations],
        )
    }
}

/// The records among `workouts` (in start order: of equal efforts the earlier one is the
/// record): per sport, the fastest time over each distance, the longest distance, and the
/// highest mean power and heart rate over each duration, ordered by sport name, kind and
/// target. Indoor distance efforts count only when `include_indoor` is set.
pub fn records<'a>(
    workouts: impl IntoIterator<Item = &'a Analysed>,
    include_indoor: bool,
) -> Vec<Record> {
    // A decade holds some 300,000 efforts: each is weighed against a fixed slot of its
    // sport's table (a lookup per workout, none per effort), and the records' strings are
    // made once at the end, for the winners only.
    let slots = training::DISTANCES_M.len() + 1 + 2 * training::DURATIONS_S.len();
    let mut tables: Vec<(Sport, Vec<Option<Best<'a>>>)> = Vec::new();
    for w in workouts {
        let at = match tables.iter().position(|(s, _)| *s == w.sport) {
            Some(at) => at,
            None => {
                tables.push((w.sport, vec![None; slots]));
                tables.len() - 1
            }
        };
        let table = &mut tables[at].1;
        let mut offer = |kind: EffortKind, target: u32, value: f64, start: f64, len: f64| {
            if !value.is_finite() || !counts(kind, w.analysis.indoor, include_indoor) {
                return;
            }
            let Some(slot) = slot(kind, target) else {
                return;
            };
            let better = table[slot].is_none_or(|old| {
                if kind.lower_is_better() {
                    value < old.value
                } else {
                    value > old.value
                }
            });
            if better {
                table[slot] = Some(Best {
                    workout: w,
                    value,
                    start,
                    len,
                });
            }
        };
        let a = &w.analysis;
        for e in &a.distance_efforts {
            let target = whole_metres(e.target_m);
            offer(
                EffortKind::Distance,
                target,
                e.seconds,
                e.start_offset_s,
                e.seconds,
            );
        }
        if let Some(m) = a.longest_m.filter(|m| *m > 0.0) {
            // Longest is a record of its own: target 0, the distance as value.
            offer(EffortKind::Longest, 0, m, 0.0, 0.0);
        }
        for (kind, curve) in [
            (EffortKind::Power, &a.power_curve),
            (EffortKind::Hr, &a.hr_curve),
        ] {
            for p in curve {
                let len = f64::from(p.duration_s);
                offer(kind, p.duration_s, p.value, p.start_offset_s, len);
            }
        }
    }
    // Sports by name, then each table in slot order, which is kind then target order.
    tables.sort_by_cached_key(|(sport, _)| sport.name());
    tables
        .into_iter()
        .flat_map(|(sport, table)| {
            table
                .into_iter()
                .enumerate()
                .filter_map(move |(slot, best)| {
                    let b = best?;
                    let (kind, target) = slot_key(slot);
                    Some(Record {
                        sport,
                        kind,
                        target,
                        value: b.value,
                        workout_id: b.workout.id,
                        start_offset_s: b.start,
                        length_s: b.len,
                        title: b.workout.title.clone(),
                        date: b.workout.day,
                        indoor: b.workout.analysis.indoor,
                    })
                })
        })
        .collect()
}

/// The athlete's mean-max curve of `kind` (power, pace or heart rate) over `workouts`: at
/// each duration the best any of them holds, made never to rise with duration (see
/// [`envelope`]).
pub fn curve<'a>(
    workouts: impl IntoIterator<Item = &'a Analysed>,
    kind: EffortKind,
    include_indoor: bool,
) -> Vec<CurvePoint> {
    let mut best: BTreeMap<u32, CurvePoint> = BTreeMap::new();
    for w in workouts {
        if !counts(kind, w.analysis.indoor, include_indoor) {
            continue;
        }
        for p in workout_points(&w.analysis, kind) {
            if best
                .get(&p.duration_s)
                .is_none_or(|old| p.value > old.value)
            {
                best.insert(
                    p.duration_s,
                    CurvePoint {
                        duration_s: p.duration_s,
                        value: p.value,
                        workout_id: w.id,
                        start_offset_s: p.start_offset_s,
                    },
                );
            }
        }
    }
    envelope(best.into_values().collect())
}

/// A curve (shortest duration first) made never to rise with duration: each point takes the
/// best of its own duration and every longer one, with where that comes from, reading "at
/// least this much for at least this long". A raw mean-max curve can rise between durations
/// that are not multiples of each other (over 5, 0, 5 W the best 2 s is 2.5 W, the best 3 s
/// 3.3 W); records keep the raw values, curves show the envelope.
pub fn envelope(mut points: Vec<CurvePoint>) -> Vec<CurvePoint> {
    for k in (1..points.len()).rev() {
        let longer = points[k];
        let point = &mut points[k - 1];
        if longer.value > point.value {
            point.value = longer.value;
            point.workout_id = longer.workout_id;
            point.start_offset_s = longer.start_offset_s;
        }
    }
    points
}

/// One workout's curve of `kind`, as the analysis holds it (empty for distance kinds).
pub fn workout_points(a: &Analysis, kind: EffortKind) -> &[training::CurvePoint] {
    match kind {
        EffortKind::Power => &a.power_curve,
        EffortKind::Pace => &a.pace_curve,
        EffortKind::Hr => &a.hr_curve,
        EffortKind::Distance | EffortKind::Longest => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records as first written: one ordered map over (sport name, kind, target), every
    /// effort weighed on its own. The slot tables must give exactly the same.
    fn reference(workouts: &[Analysed], include_indoor: bool) -> Vec<Record> {
        let mut best: BTreeMap<(String, EffortKind, u32), Record> = BTreeMap::new();
        for w in workouts {
            let a = &w.analysis;
            let mut efforts: Vec<(EffortKind, u32, f64, f64, f64)> = Vec::new();
            for e in &a.distance_efforts {
                let t = whole_metres(e.target_m);
                efforts.push((
                    EffortKind::Distance,
                    t,
                    e.seconds,
                    e.start_offset_s,
                    e.seconds,
                ));
            }
            if let Some(m) = a.longest_m.filter(|m| *m > 0.0) {
                efforts.push((EffortKind::Longest, 0, m, 0.0, 0.0));
            }
            for (kind, curve) in [
                (EffortKind::Power, &a.power_curve),
                (EffortKind::Hr, &a.hr_curve),
            ] {
                for p in curve {
                    let len = f64::from(p.duration_s);
                    efforts.push((kind, p.duration_s, p.value, p.start_offset_s, len));
                }
            }
            for (kind, target, value, start, len) in efforts {
                if !value.is_finite() || !counts(kind, a.indoor, include_indoor) {
                    continue;
                }
                let key = (w.sport.name(), kind, target);
                let better = |old: &Record| {
                    if kind.lower_is_better() {
                        value < old.value
                    } else {
                        value > old.value
                    }
                };
                if best.get(&key).is_none_or(better) {
                    best.insert(
                        key,
                        Record {
                            sport: w.sport,
                            kind,
                            target,
                            value,
                            workout_id: w.id,
                            start_offset_s: start,
                            length_s: len,
                            title: w.title.clone(),
                            date: w.day,
                            indoor: a.indoor,
                        },
                    );
                }
            }
        }
        best.into_values().collect()
    }

    /// A small deterministic generator (the tests need no crate for it).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, below: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % below
        }
    }

    fn random_workouts(rng: &mut Lcg, n: usize) -> Vec<Analysed> {
        let sports = [
            Sport::Running,
            Sport::Cycling,
            Sport::Walking,
            Sport::Swimming,
        ];
        (0..n)
            .map(|i| {
                let mut a = Analysis {
                    indoor: rng.next(5) == 0,
                    longest_m: (rng.next(4) > 0).then(|| rng.next(50_000) as f64),
                    ..Analysis::default()
                };
                for &m in training::DISTANCES_M.iter().take(rng.next(8) as usize) {
                    // Few distinct values, so ties (the earlier workout keeps the record) occur.
                    let seconds = m / (2.0 + rng.next(4) as f64);
                    a.distance_efforts.push(training::DistanceEffort {
                        target_m: m,
                        seconds,
                        start_offset_s: rng.next(3600) as f64,
                    });
                }
                for curve in [&mut a.power_curve, &mut a.hr_curve] {
                    for &d in training::DURATIONS_S.iter().take(rng.next(32) as usize) {
                        curve.push(training::CurvePoint {
                            duration_s: d,
                            value: (100 + rng.next(10)) as f64,
                            start_offset_s: rng.next(3600) as f64,
                        });
                    }
                }
                Analysed {
                    id: WorkoutId::new(i as i64 + 1),
                    title: format!("workout {i}"),
                    sport: sports[rng.next(4) as usize],
                    start: Timestamp::from_unix_ms(i as i64 * 86_400_000),
                    day: Date::from_days(i as i64),
                    analysis: a,
                }
            })
            .collect()
    }

    #[test]
    fn the_slot_tables_find_what_a_map_of_every_effort_finds() {
        let mut rng = Lcg(7);
        for round in 0..200 {
            let workouts = random_workouts(&mut rng, (round % 40) + 1);
            for indoor in [false, true] {
                assert_eq!(
                    records(&workouts, indoor),
                    reference(&workouts, indoor),
                    "round {round}, indoor {indoor}"
                );
            }
        }
    }
}
