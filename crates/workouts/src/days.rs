//! Days of activity from account archives (steps, active energy and time, by day and by hour)
//! into the store the sync API fills. A day that several sources describe keeps one figure,
//! the most preferred source's: the device's own sync first, then the watch makers' exports
//! (Garmin Connect, Polar Flow), then Apple Health (which pools phone and watch), then Google
//! Fit (mostly the phone's counter).

use archives::{ArchiveDay, Service};
use db::{DailyActivity, ImportedDays};
use domain::{Outcome, UserId};

use crate::{Workouts, WorkoutsError};

/// Days one archive entry held, and the service they came from.
#[derive(Debug)]
pub(crate) struct ArchiveDays {
    /// The service whose archive held them.
    pub service: Service,
    /// The days, as read.
    pub days: Vec<ArchiveDay>,
}

/// How preferred a service's days are (lower is preferred; 0 is the device's own sync).
fn rank(service: Service) -> i32 {
    match service {
        Service::Garmin | Service::PolarFlow => 1,
        Service::AppleHealth => 2,
        Service::GoogleFit => 3,
        // Strava's export holds no days; ranked last should it ever.
        Service::Strava => 4,
    }
}

/// How preferred a stored source name is: 0 for the device's own sync, a service's rank, and
/// last for a name this Laps does not know (a restore of a newer Laps's export).
pub(crate) fn rank_of_source(source: &str) -> i32 {
    if source == db::DEVICE {
        return 0;
    }
    Service::from_name(source).map_or(5, rank)
}

/// A day as the store keeps it, or why it is impossible (the sync API's own check). Figures
/// the archive does not give are stored as 0: the day's other figures still count.
fn stored_day(day: ArchiveDay) -> Result<DailyActivity, String> {
    let (steps, kcal, secs) = (
        day.steps.unwrap_or(0),
        day.active_kcal.unwrap_or(0),
        day.active_s.unwrap_or(0),
    );
    let mut hours = day.hours;
    domain::check_day(steps, kcal, secs, &mut hours)
        .map_err(|why| format!("{}: {why}", day.date))?;
    Ok(DailyActivity {
        id: 0,
        day: day.date,
        steps: i64::from(steps),
        active_kcal: i64::from(kcal),
        active_s: i64::from(secs),
        hours,
        source: String::new(),
        created_at: 0,
        updated_at: 0,
    })
}

/// Keeps the last of each date (an archive describing a day twice: its later figure is the
/// day's total so far) and leaves out days that say nothing.
fn one_per_date(days: Vec<ArchiveDay>) -> Vec<ArchiveDay> {
    let mut by_date = std::collections::BTreeMap::new();
    for day in days {
        by_date.insert(day.date, day);
    }
    by_date
        .into_values()
        .filter(|d| d.steps.is_some() || d.active_kcal.is_some() || d.active_s.is_some())
        .collect()
}

impl Workouts {
    /// Stores an archive's days for a user, in one transaction; impossible days are named in
    /// the result and the rest stored.
    pub(crate) async fn store_days(
        &self,
        user: UserId,
        days: ArchiveDays,
    ) -> Result<Outcome, WorkoutsError> {
        let mut stored_days = Vec::new();
        let mut refused = Vec::new();
        for day in one_per_date(days.days) {
            match stored_day(day) {
                Ok(day) => stored_days.push(day),
                Err(why) => refused.push(why),
            }
        }
        let written = self
            .db
            .activity_import(
                user,
                ImportedDays {
                    source: days.service.name(),
                    rank: rank(days.service),
                    days: &stored_days,
                },
            )
            .await?;
        Ok(Outcome::Days {
            stored: written.stored,
            kept: written.kept,
            refused,
        })
    }
}

#[cfg(test)]
mod tests {
    use domain::Date;

    use super::*;

    fn day(date: &str, steps: Option<u32>) -> ArchiveDay {
        ArchiveDay {
            date: Date::parse(date).unwrap(),
            steps,
            active_kcal: None,
            active_s: None,
            hours: Vec::new(),
        }
    }

    #[test]
    fn a_date_given_twice_keeps_its_later_figure_and_empty_days_are_left_out() {
        let days = one_per_date(vec![
            day("2024-01-02", Some(5)),
            day("2024-01-01", Some(1)),
            day("2024-01-02", Some(9)),
            day("2024-01-03", None),
        ]);
        let got: Vec<_> = days.iter().map(|d| (d.date.to_string(), d.steps)).collect();
        assert_eq!(
            got,
            [
                ("2024-01-01".to_owned(), Some(1)),
                ("2024-01-02".to_owned(), Some(9))
            ]
        );
    }

    #[test]
    fn an_impossible_day_is_refused_with_its_date() {
        let why = stored_day(day("2024-01-02", Some(300_000))).unwrap_err();
        assert!(why.starts_with("2024-01-02: impossible"), "{why}");
        assert_eq!(stored_day(day("2024-01-02", Some(3))).unwrap().steps, 3);
    }

    #[test]
    fn the_watch_makers_are_preferred_to_apple_and_apple_to_google() {
        assert!(rank(Service::Garmin) < rank(Service::AppleHealth));
        assert!(rank(Service::PolarFlow) < rank(Service::AppleHealth));
        assert!(rank(Service::AppleHealth) < rank(Service::GoogleFit));
        assert!(
            rank(Service::Garmin) > 0,
            "the device's own sync stays first"
        );
    }
}
