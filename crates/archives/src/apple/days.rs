//! Days of activity from step and active-energy records and `ActivitySummary` elements.

use std::collections::BTreeMap;

use domain::{ActivityHour, Date};

use super::{Quantity, QuantityKind};
use crate::ArchiveDay;

/// Sums records into days and hours, in memory that grows with the number of days (not of
/// records).
///
/// An iPhone and a Watch worn together both count the same steps, and Apple Health de-duplicates
/// them by source priority; summing every record would double them. Here each hour takes the
/// largest total of any one source in it, which is what the phone shows within a few percent.
/// A record counts in the local hour it starts in.
#[derive(Debug, Default)]
pub struct Days {
    /// Per local day and hour, each source's steps and kcal.
    hours: BTreeMap<(Date, u8), Vec<SourceTotals>>,
    /// `ActivitySummary` per day: active kcal and exercise seconds.
    summaries: BTreeMap<Date, (Option<u32>, Option<u32>)>,
}

#[derive(Debug)]
struct SourceTotals {
    source: String,
    steps: f64,
    kcal: f64,
}

impl Days {
    /// Nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one step or active-energy record.
    pub fn add(&mut self, quantity: &Quantity) {
        let sources = self
            .hours
            .entry((quantity.date, quantity.hour))
            .or_default();
        let totals = match sources.iter().position(|s| s.source == quantity.source) {
            Some(i) => &mut sources[i],
            None => {
                sources.push(SourceTotals {
                    source: quantity.source.clone(),
                    steps: 0.0,
                    kcal: 0.0,
                });
                sources.last_mut().expect("just pushed")
            }
        };
        match quantity.kind {
            QuantityKind::Steps => totals.steps += quantity.value,
            QuantityKind::ActiveEnergyKcal => totals.kcal += quantity.value,
        }
    }

    /// Keeps a day's `ActivitySummary` (as read, in an [`ArchiveDay`]): its active energy wins
    /// over the records' sum, being Apple's own de-duplicated figure.
    pub fn add_summary(&mut self, day: &ArchiveDay) {
        self.summaries
            .insert(day.date, (day.active_kcal, day.active_s));
    }

    /// The days, in date order.
    pub fn finish(self) -> Vec<ArchiveDay> {
        let mut days: BTreeMap<Date, ArchiveDay> = BTreeMap::new();
        for ((date, hour), sources) in self.hours {
            let steps = sources.iter().map(|s| s.steps).fold(0.0, f64::max);
            let kcal = sources.iter().map(|s| s.kcal).fold(0.0, f64::max);
            let day = days.entry(date).or_insert_with(|| empty(date));
            day.hours.push(ActivityHour {
                hour,
                steps: steps.round() as u32,
                active_calories: kcal.round() as u32,
                active_seconds: 0,
            });
            if steps > 0.0 {
                *day.steps.get_or_insert(0) += steps.round() as u32;
            }
            if kcal > 0.0 {
                *day.active_kcal.get_or_insert(0) += kcal.round() as u32;
            }
        }
        for (date, (kcal, active_s)) in self.summaries {
            let day = days.entry(date).or_insert_with(|| empty(date));
            day.active_kcal = kcal.or(day.active_kcal);
            day.active_s = active_s.or(day.active_s);
        }
        days.into_values().collect()
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
}
