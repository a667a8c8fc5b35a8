//! Records and an athlete's curves from the analyses of their workouts: the best of each sport
//! over each distance and duration. Worked out on every request from the per-workout bests
//! (kept decoded while the account's revision stays the same: see `cache`), so a deleted or
//! edited workout can never leave a stale record behind: the next best simply wins.

use std::collections::{BTreeMap, HashMap, hash_map::Entry};

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
struct Best<'a> {
    workout: &'a Analysed,
    value: f64,
    start: f64,
    len: f64,
}

/// The records among `workouts` (in start order: of equal efforts the earlier one is the
/// record): per sport, the fastest time over each distance, the longest distance, and the
/// highest mean power and heart rate over each duration, ordered by sport name, kind and
/// target. Indoor distance efforts count only when `include_indoor` is set.
pub fn records<'a>(
    workouts: impl IntoIterator<Item = &'a Analysed>,
    include_indoor: bool,
) -> Vec<Record> {
    // A decade holds some 300,000 efforts: the key is plain data and the record's strings
    // are made once at the end, for the winners only.
    let mut best: HashMap<(Sport, EffortKind, u32), Best<'a>> = HashMap::new();
    let mut offer =
        |w: &'a Analysed, kind: EffortKind, target: u32, value: f64, start: f64, len: f64| {
            if !value.is_finite() || !counts(kind, w.analysis.indoor, include_indoor) {
                return;
            }
            let better = |old: &Best| {
                if kind.lower_is_better() {
                    value < old.value
                } else {
                    value > old.value
                }
            };
            let entry = best.entry((w.sport, kind, target));
            match entry {
                Entry::Occupied(mut old) => {
                    if better(old.get()) {
                        old.insert(Best {
                            workout: w,
                            value,
                            start,
                            len,
                        });
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert(Best {
                        workout: w,
                        value,
                        start,
                        len,
                    });
                }
            }
        };
    for w in workouts {
        let a = &w.analysis;
        for e in &a.distance_efforts {
            let target = whole_metres(e.target_m);
            offer(
                w,
                EffortKind::Distance,
                target,
                e.seconds,
                e.start_offset_s,
                e.seconds,
            );
        }
        if let Some(m) = a.longest_m.filter(|m| *m > 0.0) {
            // Longest is a record of its own: target 0, the distance as value.
            offer(w, EffortKind::Longest, 0, m, 0.0, 0.0);
        }
        for (kind, curve) in [
            (EffortKind::Power, &a.power_curve),
            (EffortKind::Hr, &a.hr_curve),
        ] {
            for p in curve {
                let len = f64::from(p.duration_s);
                offer(w, kind, p.duration_s, p.value, p.start_offset_s, len);
            }
        }
    }
    let mut records: Vec<(String, Record)> = best
        .into_iter()
        .map(|((sport, kind, target), b)| {
            let record = Record {
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
            };
            (sport.name().to_owned(), record)
        })
        .collect();
    records.sort_by(|(a, ra), (b, rb)| (a, ra.kind, ra.target).cmp(&(b, rb.kind, rb.target)));
    records.into_iter().map(|(_, r)| r).collect()
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
