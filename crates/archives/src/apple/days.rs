//! Days of activity from step and active-energy records and `ActivitySummary` elements.

use std::collections::BTreeMap;

use domain::{ActivityHour, Date};

use super::{Quantity, QuantityKind};
use crate::ArchiveDay;

/// The most sources told apart (a phone, a watch, a few apps); records of further sources
/// count as one more.
const MAX_SOURCES: usize = 32;
/// The most (day, source) totals kept: 30 years of three sources. Records past it are left
/// out (and counted), so that a hostile export costs a bounded amount of memory.
const MAX_DAY_SOURCES: usize = 32_768;
/// Days outside these years are not believed (the sync API's earliest is 2000).
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Sums records into days and hours, in memory that grows with the number of days (not of
/// records), within a fixed bound.
///
/// An iPhone and a Watch worn together both count the same steps, and Apple Health de-duplicates
/// them by source priority; summing every record would double them. Here each hour takes the
/// largest total of any one source in it, which is what the phone shows within a few percent.
/// A record counts in the local hour it starts in.
#[derive(Debug, Default)]
pub struct Days {
    /// Each source's name, by its number.
    sources: Vec<String>,
    /// Per local day and source number, steps and kcal per hour.
    totals: BTreeMap<(Date, u8), Box<Hourly>>,
    /// `ActivitySummary` per day: active kcal and exercise seconds.
    summaries: BTreeMap<Date, (Option<u32>, Option<u32>)>,
    /// Records and summaries left out: a day outside the believable years, a negative value,
    /// or past the bound on what is kept.
    left_out: u64,
}

#[derive(Debug, Default)]
struct Hourly {
    steps: [f32; 24],
    kcal: [f32; 24],
}

impl Days {
    /// Nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of a source, adding it while there is room.
    fn source(&mut self, name: &str) -> u8 {
        if let Some(i) = self.sources.iter().position(|s| s == name) {
            return i as u8;
        }
        if self.sources.len() < MAX_SOURCES {
            self.sources.push(name.to_owned());
            return (self.sources.len() - 1) as u8;
        }
        MAX_SOURCES as u8
    }

    /// Counts one step or active-energy record.
    pub fn add(&mut self, quantity: &Quantity) {
        if !YEARS.contains(&quantity.date.year)
            || !quantity.value.is_finite()
            || quantity.value < 0.0
            || quantity.hour > 23
        {
            self.left_out += 1;
            return;
        }
        let source = self.source(&quantity.source);
        let key = (quantity.date, source);
        if !self.totals.contains_key(&key) && self.totals.len() >= MAX_DAY_SOURCES {
            self.left_out += 1;
            return;
        }
        let hourly = self.totals.entry(key).or_default();
        let hour = usize::from(quantity.hour);
        let value = quantity.value as f32;
        match quantity.kind {
            QuantityKind::Steps => hourly.steps[hour] += value,
            QuantityKind::ActiveEnergyKcal => hourly.kcal[hour] += value,
        }
    }

    /// Keeps a day's `ActivitySummary` (as read, in an [`ArchiveDay`]): its active energy wins
    /// over the records' sum, being Apple's own de-duplicated figure.
    pub fn add_summary(&mut self, day: &ArchiveDay) {
        if !YEARS.contains(&day.date.year)
            || (!self.summaries.contains_key(&day.date) && self.summaries.len() >= MAX_DAY_SOURCES)
        {
            self.left_out += 1;
            return;
        }
        self.summaries
            .insert(day.date, (day.active_kcal, day.active_s));
    }

    /// How many records and summaries were left out (impossible days or values, or past the
    /// bound on what is kept).
    pub fn left_out(&self) -> u64 {
        self.left_out
    }

    /// The days, in date order.
    pub fn finish(self) -> Vec<ArchiveDay> {
        let mut days: BTreeMap<Date, (ArchiveDay, [f32; 24], [f32; 24])> = BTreeMap::new();
        for ((date, _), hourly) in self.totals {
            let (_, steps, kcal) = days
                .entry(date)
                .or_insert_with(|| (empty(date), [0.0; 24], [0.0; 24]));
            for hour in 0..24 {
                steps[hour] = steps[hour].max(hourly.steps[hour]);
                kcal[hour] = kcal[hour].max(hourly.kcal[hour]);
            }
        }
        let mut out: BTreeMap<Date, ArchiveDay> = days
            .into_iter()
            .map(|(date, (mut day, steps, kcal))| {
                for hour in 0..24 {
                    let (s, k) = (steps[hour].round() as u32, kcal[hour].round() as u32);
                    if s == 0 && k == 0 {
                        continue;
                    }
                    day.hours.push(ActivityHour {
                        hour: hour as u8,
                        steps: s,
                        active_calories: k,
                        active_seconds: 0,
                    });
                    if s > 0 {
                        let total = day.steps.get_or_insert(0);
                        *total = total.saturating_add(s);
                    }
                    if k > 0 {
                        let total = day.active_kcal.get_or_insert(0);
                        *total = total.saturating_add(k);
                    }
                }
                (date, day)
            })
            .collect();
        for (date, (kcal, active_s)) in self.summaries {
            let day = out.entry(date).or_insert_with(|| empty(date));
            day.active_kcal = kcal.or(day.active_kcal);
            day.active_s = active_s.or(day.active_s);
        }
        out.into_values().collect()
    }
}

fn empty(date: Date) -> ArchiveDay {
    ArchiveDay {
        date,
        steps: None,
        active_kcal: None,
        active_s: None,
        hours: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kind: QuantityKind, source: &str, hour: u8, value: f64) -> Quantity {
        Quantity {
            kind,
            source: source.into(),
            date: Date::new(2024, 5, 1).unwrap(),
            hour,
            value,
        }
    }

    #[test]
    fn two_devices_counting_the_same_hour_are_not_added_up() {
        let mut days = Days::new();
        for quantity in [
            q(QuantityKind::Steps, "iPhone", 8, 600.0),
            q(QuantityKind::Steps, "iPhone", 8, 400.0),
            q(QuantityKind::Steps, "Watch", 8, 900.0),
            q(QuantityKind::Steps, "Watch", 9, 50.0),
            q(QuantityKind::ActiveEnergyKcal, "Watch", 9, 12.4),
        ] {
            days.add(&quantity);
        }
        let days = days.finish();
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].steps, Some(1050), "max(1000, 900) + 50");
        assert_eq!(days[0].active_kcal, Some(12));
        assert_eq!(days[0].hours.len(), 2);
        assert_eq!((days[0].hours[0].hour, days[0].hours[0].steps), (8, 1000));
    }

    #[test]
    fn impossible_records_are_left_out_and_memory_stays_bounded() {
        let mut days = Days::new();
        days.add(&q(QuantityKind::Steps, "iPhone", 8, -5.0));
        days.add(&Quantity {
            date: Date::new(1970, 1, 1).unwrap(),
            ..q(QuantityKind::Steps, "iPhone", 8, 5.0)
        });
        // A source on every day of a century and then some: only the bound's worth is kept.
        let first = Date::new(2000, 1, 1).unwrap().days();
        for d in 0..(MAX_DAY_SOURCES as i64 + 100) {
            for source in 0..40 {
                days.add(&Quantity {
                    date: Date::from_days(first + d % 36_000),
                    source: format!("app {source}"),
                    ..q(QuantityKind::Steps, "", 8, 1.0)
                });
            }
        }
        assert!(days.totals.len() <= MAX_DAY_SOURCES);
        assert!(days.sources.len() <= MAX_SOURCES);
        assert!(days.left_out() > 2);
    }
}
