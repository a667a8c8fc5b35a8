//! The calendar: a month as six weeks from the week of its 1st, with the workouts and the
//! daily steps of every day the grid shows, and "today" in the user's zone.

use domain::{AroundMonth, Date, Period, Preferences, UserId, WorkoutSummary, YearDays};

use crate::{Workouts, WorkoutsError};

/// Weeks a month's grid shows: enough for any month starting on any weekday.
const CALENDAR_WEEKS: i64 = 6;

/// One month of the calendar, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarMonth {
    /// The month shown (its first day).
    pub month: Date,
    /// Today in the user's zone.
    pub today: Date,
    /// The grid's days, week by week (six weeks of seven days, from the week of the 1st).
    pub weeks: Vec<Vec<Date>>,
    /// Workouts of every day the grid shows (a few days of the months around, too), oldest
    /// first.
    pub workouts: Vec<WorkoutSummary>,
    /// Steps of the days the grid shows that have synced daily activity.
    pub steps: Vec<(Date, i64)>,
    /// Where the rest of the log lies, to find it from a month without workouts.
    pub around: AroundMonth,
}

/// A year of the calendar: each day with workouts, for twelve small months.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarYear {
    /// The year shown.
    pub year: i32,
    /// Today in the user's zone.
    pub today: Date,
    /// Each local day of the year with at least one workout, in order.
    pub days: YearDays,
    /// Where the rest of the log lies, to find it from a year without workouts.
    pub around: AroundMonth,
}

/// The first day the grid of `month` shows: the start of the week (beginning on
/// `first_day_of_week`, 0 = Monday) that contains the 1st.
pub fn grid_start(month: Date, first_day_of_week: u32) -> Date {
    let back = (month.weekday() + 7 - first_day_of_week % 7) % 7;
    Date::from_days(month.days() - i64::from(back))
}

/// The six weeks of days from `start`.
fn weeks_from(start: Date) -> Vec<Vec<Date>> {
    (0..CALENDAR_WEEKS)
        .map(|week| {
            (0..7)
                .map(|day| Date::from_days(start.days() + week * 7 + day))
                .collect()
        })
        .collect()
}

impl Workouts {
    /// The calendar of `year`-`month` for a user with these preferences (zone and first day of
    /// the week). A month that does not exist (e.g. month 0, as a bare `/calendar` asks) is the
    /// current month in the user's zone.
    #[tracing::instrument(skip_all, fields(user = user.get(), year, month))]
    pub async fn calendar_month(
        &self,
        user: UserId,
        preferences: &Preferences,
        year: i32,
        month: u32,
    ) -> Result<CalendarMonth, WorkoutsError> {
        let today = crate::zone::today(&preferences.time_zone);
        let month = Date::first_of_month(year, month).unwrap_or(Date { day: 1, ..today });
        let start = grid_start(month, preferences.first_day_of_week);
        let weeks = weeks_from(start);
        let end = Date::from_days(start.days() + CALENDAR_WEEKS * 7 - 1);
        let workouts = self.on_days(user, start, end).await?;
        let steps = self
            .activity_days(user, start, end)
            .await?
            .into_iter()
            .map(|d| (d.day, d.steps))
            .collect();
        let ledger = self.ledger(user).await?;
        let (earlier, later) = ledger.around(month, Period::Month.end_of(month));
        let around = AroundMonth {
            earlier,
            later,
            span: ledger.day_range(),
        };
        Ok(CalendarMonth {
            month,
            today,
            weeks,
            workouts,
            steps,
            around,
        })
    }

    /// The calendar of a whole `year` for a user with these preferences (zone): its days with
    /// workouts. [`WorkoutsError::Invalid`] on a year outside those statistics cover.
    #[tracing::instrument(skip_all, fields(user = user.get(), year))]
    pub async fn calendar_year(
        &self,
        user: UserId,
        preferences: &Preferences,
        year: i32,
    ) -> Result<CalendarYear, WorkoutsError> {
        let (first, last) = crate::stats::year_bounds(year)?;
        let ledger = self.ledger(user).await?;
        let (earlier, later) = ledger.around(first, last);
        Ok(CalendarYear {
            year,
            today: crate::zone::today(&preferences.time_zone),
            days: YearDays {
                year,
                sport: None,
                days: ledger.day_totals(None, first, last),
            },
            around: AroundMonth {
                earlier,
                later,
                span: ledger.day_range(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> Date {
        Date::new(year, month, day).unwrap()
    }

    #[test]
    fn the_grid_starts_on_the_first_day_of_the_week_that_holds_the_first() {
        // March 2024 began on a Friday.
        assert_eq!(grid_start(date(2024, 3, 1), 0), date(2024, 2, 26), "Monday");
        assert_eq!(grid_start(date(2024, 3, 1), 6), date(2024, 2, 25), "Sunday");
        assert_eq!(grid_start(date(2024, 3, 1), 4), date(2024, 3, 1), "Friday");
        // September 2024 began on a Sunday.
        assert_eq!(grid_start(date(2024, 9, 1), 0), date(2024, 8, 26));
        assert_eq!(grid_start(date(2024, 9, 1), 6), date(2024, 9, 1));
    }

    #[test]
    fn the_grid_is_six_weeks_of_consecutive_days() {
        let weeks = weeks_from(date(2024, 2, 26));
        assert_eq!(weeks.len(), 6);
        assert!(weeks.iter().all(|week| week.len() == 7));
        let days: Vec<Date> = weeks.into_iter().flatten().collect();
        assert_eq!(days[0], date(2024, 2, 26));
        assert_eq!(days[41], date(2024, 4, 7));
        assert!(days.windows(2).all(|w| w[1].days() == w[0].days() + 1));
    }
}
