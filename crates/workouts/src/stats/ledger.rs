//! An account's workouts as statistics see them ([`DayEntry`]: local day, sport, figures), in
//! day order, kept while the account's revision stays the same (see `bests::cache`), and what
//! is summed from them: a span's totals per sport, each day's, the runs of consecutive days,
//! the sports and the years. Each span is found by binary search, so a page's sums cost
//! microseconds over a decade of workouts.

use db::DayEntry;
use domain::{Date, DayTotals, Sport, SportTotals, Streak};

/// An account's workouts by local day.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    /// Sorted by day.
    entries: Vec<DayEntry>,
}

/// The account's longest run of consecutive days with a workout, and its latest run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct StreakRuns {
    /// The longest (the latest of equally long ones).
    pub longest: Option<Streak>,
    /// The one that ends on the last day with a workout.
    pub latest: Option<Streak>,
}

impl Ledger {
    /// The ledger of these entries (sorted here by day, whatever their order).
    pub fn new(mut entries: Vec<DayEntry>) -> Self {
        entries.sort_by_key(|e| e.day);
        Self { entries }
    }

    /// The entries from `from` to `to` (both included), of `sport` when one is given.
    fn between(
        &self,
        sport: Option<Sport>,
        from: Date,
        to: Date,
    ) -> impl Iterator<Item = &DayEntry> {
        let first = self.entries.partition_point(|e| e.day < from);
        let end = self.entries.partition_point(|e| e.day <= to).max(first);
        self.entries[first..end]
            .iter()
            .filter(move |e| sport.is_none_or(|s| s == e.sport))
    }

    /// The workouts summed per sport over each of `spans` (first and last local day, both
    /// included), in their order; spans may overlap. Each span's sports are sorted by name.
    pub fn span_totals(
        &self,
        sport: Option<Sport>,
        spans: &[(Date, Date)],
    ) -> Vec<Vec<SportTotals>> {
        spans
            .iter()
            .map(|&(from, to)| {
                let mut sums: Vec<SportTotals> = Vec::new();
                for e in self.between(sport, from, to) {
                    match sums.iter_mut().find(|s| s.sport == e.sport) {
                        Some(s) => s.totals.add(&e.totals),
                        None => sums.push(SportTotals {
                            sport: e.sport,
                            totals: e.totals,
                        }),
                    }
                }
                sums.sort_by_key(|s| s.sport.name());
                sums
            })
            .collect()
    }

    /// Each local day from `from` to `to` (inclusive) with at least one workout (of `sport`,
    /// when given), in order, with its count, times and distance.
    pub fn day_totals(&self, sport: Option<Sport>, from: Date, to: Date) -> Vec<DayTotals> {
        let mut days: Vec<DayTotals> = Vec::new();
        for e in self.between(sport, from, to) {
            match days.last_mut() {
                Some(d) if d.day == e.day => {
                    d.workouts = d.workouts.saturating_add(1);
                    d.moving_ms += e.totals.moving_ms;
                    d.elapsed_ms += e.totals.elapsed_ms;
                    d.distance_m += e.totals.distance_m;
                }
                _ => days.push(DayTotals {
                    day: e.day,
                    workouts: 1,
                    moving_ms: e.totals.moving_ms,
                    elapsed_ms: e.totals.elapsed_ms,
                    distance_m: e.totals.distance_m,
                }),
            }
        }
        days
    }

    /// The longest and the latest run of consecutive days with a workout (of `sport`, when
    /// given), over every workout.
    pub fn streak_runs(&self, sport: Option<Sport>) -> StreakRuns {
        let mut days: Vec<i64> = self
            .entries
            .iter()
            .filter(|e| sport.is_none_or(|s| s == e.sport))
            .map(|e| e.day.days())
            .collect();
        days.dedup(); // sorted already
        runs_of(&days)
    }

    /// The sports the account has workouts of, sorted by name.
    pub fn sports(&self) -> Vec<Sport> {
        let mut sports: Vec<Sport> = Vec::new();
        for e in &self.entries {
            if !sports.contains(&e.sport) {
                sports.push(e.sport);
            }
        }
        sports.sort_by_key(|s| s.name());
        sports
    }

    /// The last local day with a workout before `from`, and the first after `to`.
    pub fn around(&self, from: Date, to: Date) -> (Option<Date>, Option<Date>) {
        let before = self.entries.partition_point(|e| e.day < from);
        let after = self.entries.partition_point(|e| e.day <= to);
        let earlier = before.checked_sub(1).map(|k| self.entries[k].day);
        (earlier, self.entries.get(after).map(|e| e.day))
    }

    /// The first and last local days with a workout; `None` for an empty log.
    pub fn day_range(&self) -> Option<(Date, Date)> {
        Some((self.entries.first()?.day, self.entries.last()?.day))
    }
}

/// The longest and the latest run of consecutive days among `days` (rising, each once).
fn runs_of(days: &[i64]) -> StreakRuns {
    let mut runs = StreakRuns::default();
    let mut rest = days;
    while let Some(&first) = rest.first() {
        // The run goes on while each day is the one after the last.
        let len = rest
            .iter()
            .enumerate()
            .take_while(|&(i, &day)| day == first + i as i64)
            .count();
        let run = Streak {
            start: Date::from_days(first),
            end: Date::from_days(first + len as i64 - 1),
            days: u32::try_from(len).unwrap_or(u32::MAX),
        };
        // `>=`: the latest of equally long runs.
        if runs.longest.is_none_or(|l| run.days >= l.days) {
            runs.longest = Some(run);
        }
        runs.latest = Some(run);
        rest = &rest[len..];
    }
    runs
}

#[cfg(test)]
mod tests {
    use domain::Totals;

    use super::*;

    fn entry(day: i64, sport: Sport, moving_ms: i64, distance_m: f64) -> DayEntry {
        DayEntry {
            day: Date::from_days(day),
            sport,
            totals: Totals {
                workouts: 1,
                moving_ms,
                elapsed_ms: moving_ms + 1,
                distance_m,
                ascent_m: 1.0,
                calories: 10,
            },
        }
    }

    #[test]
    fn runs_are_found_with_the_latest_of_equally_long_ones() {
        assert_eq!(runs_of(&[]), StreakRuns::default());
        let r = runs_of(&[10, 11, 12, 14, 15, 16, 20]);
        let longest = r.longest.unwrap();
        assert_eq!(
            (longest.start.days(), longest.days),
            (14, 3),
            "the later of two"
        );
        let latest = r.latest.unwrap();
        assert_eq!(
            (latest.start.days(), latest.end.days(), latest.days),
            (20, 20, 1)
        );
        let one = runs_of(&[5]);
        assert_eq!(one.longest, one.latest);
    }

    /// Every way of summing, against a plain pass over every entry, on random ledgers and
    /// spans (spans that overlap, are empty or lie outside the entries included).
    #[test]
    fn sums_agree_with_a_pass_over_every_entry() {
        let sports = [Sport::Running, Sport::Cycling, Sport::Swimming];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..200 {
            let entries: Vec<DayEntry> = (0..next(40))
                .map(|_| {
                    let sport = sports[next(3) as usize];
                    entry(next(60) as i64, sport, next(5000) as i64, next(100) as f64)
                })
                .collect();
            let ledger = Ledger::new(entries.clone());
            let spans: Vec<(Date, Date)> = (0..next(6))
                .map(|_| {
                    let a = next(70) as i64 - 5;
                    (Date::from_days(a), Date::from_days(a + next(30) as i64 - 3))
                })
                .collect();
            let sport = [None, Some(Sport::Cycling)][next(2) as usize];
            let of = |e: &&DayEntry| sport.is_none_or(|s| s == e.sport);
            let got = ledger.span_totals(sport, &spans);
            for (i, &(from, to)) in spans.iter().enumerate() {
                let mut want: Vec<(Sport, u64, i64)> = Vec::new();
                for s in sports {
                    let inside: Vec<&DayEntry> = entries
                        .iter()
                        .filter(of)
                        .filter(|e| e.sport == s && e.day >= from && e.day <= to)
                        .collect();
                    if !inside.is_empty() {
                        let moving = inside.iter().map(|e| e.totals.moving_ms).sum();
                        want.push((s, inside.len() as u64, moving));
                    }
                }
                want.sort_by_key(|w| w.0.name());
                let got: Vec<(Sport, u64, i64)> = got[i]
                    .iter()
                    .map(|s| (s.sport, s.totals.workouts, s.totals.moving_ms))
                    .collect();
                assert_eq!(got, want, "span {from}..={to}");
            }
            let (from, to) = (Date::from_days(10), Date::from_days(40));
            for d in ledger.day_totals(sport, from, to) {
                let on: Vec<&DayEntry> = entries
                    .iter()
                    .filter(of)
                    .filter(|e| e.day == d.day)
                    .collect();
                assert_eq!(d.workouts as usize, on.len());
                assert!(d.day >= from && d.day <= to && d.workouts > 0);
            }
            let days_with: usize = {
                let mut days: Vec<Date> = entries
                    .iter()
                    .filter(of)
                    .filter(|e| e.day >= from && e.day <= to)
                    .map(|e| e.day)
                    .collect();
                days.sort();
                days.dedup();
                days.len()
            };
            assert_eq!(ledger.day_totals(sport, from, to).len(), days_with);
            let earlier = entries.iter().map(|e| e.day).filter(|&d| d < from).max();
            let later = entries.iter().map(|e| e.day).filter(|&d| d > to).min();
            assert_eq!(
                ledger.around(from, to),
                (earlier, later),
                "around {from}..={to}"
            );
            let runs = ledger.streak_runs(sport);
            if let Some(longest) = runs.longest {
                for k in 0..i64::from(longest.days) {
                    let day = Date::from_days(longest.start.days() + k);
                    assert!(entries.iter().filter(of).any(|e| e.day == day));
                }
            } else {
                assert!(!entries.iter().any(|e| of(&e)));
            }
        }
    }
}
