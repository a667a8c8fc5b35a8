//! Periods and spans: where a week starts, which period is the same one a year earlier, and
//! how long a span one answer may cover.

use serde::{Deserialize, Serialize};

use crate::{Date, date::MONTH_NAMES};

/// How a span of days is cut into periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Period {
    /// Seven days from the athlete's first day of the week.
    Week,
    /// A calendar month.
    #[default]
    Month,
    /// A calendar year.
    Year,
}

impl Period {
    /// Every period, shortest first.
    pub const ALL: [Self; 3] = [Self::Week, Self::Month, Self::Year];

    /// The stable name the API and forms use: `week`, `month`, `year`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }

    /// The period of a stable name; `None` for anything else.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name.trim())
    }

    /// As a choice reads: `Weeks`, `Months`, `Years`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Week => "Weeks",
            Self::Month => "Months",
            Self::Year => "Years",
        }
    }

    /// The first day of the period that holds `day`; weeks begin on `first_day_of_week` (0 =
    /// Monday … 6 = Sunday).
    pub fn start_of(self, day: Date, first_day_of_week: u32) -> Date {
        match self {
            Self::Week => {
                let back = (day.weekday() + 7 - first_day_of_week % 7) % 7;
                Date::from_days(day.days() - i64::from(back))
            }
            Self::Month => Date { day: 1, ..day },
            Self::Year => Date {
                month: 1,
                day: 1,
                ..day
            },
        }
    }

    /// The first day of the period after the one starting on `start`.
    pub fn next(self, start: Date) -> Date {
        match self {
            Self::Week => Date::from_days(start.days() + 7),
            Self::Month => start.add_months(1),
            Self::Year => start.add_months(12),
        }
    }

    /// The last day of the period starting on `start`.
    pub fn end_of(self, start: Date) -> Date {
        Date::from_days(self.next(start).days() - 1)
    }

    /// The first day of the same period a year earlier: the same month or year the year
    /// before; for a week, the week 52 weeks before, which starts on the same weekday and is
    /// the week of the same number in all but the rare 53-week years.
    pub fn year_before(self, start: Date) -> Date {
        match self {
            Self::Week => Date::from_days(start.days() - 52 * 7),
            Self::Month | Self::Year => start.add_months(-12),
        }
    }

    /// The period starting on `start` as a table's row names it: `13–19 May`, `29 Apr – 5
    /// May` (weeks), `May 2024`, `2024`.
    pub fn title(self, start: Date) -> String {
        let short = |d: Date| &MONTH_NAMES[d.month as usize - 1][..3];
        match self {
            Self::Week => {
                let end = Self::Week.end_of(start);
                if end.month == start.month {
                    format!("{}\u{2013}{} {}", start.day, end.day, short(end))
                } else {
                    format!(
                        "{} {} \u{2013} {} {}",
                        start.day,
                        short(start),
                        end.day,
                        short(end)
                    )
                }
            }
            Self::Month => format!("{} {}", MONTH_NAMES[start.month as usize - 1], start.year),
            Self::Year => start.year.to_string(),
        }
    }
}

/// Why a span of statistics was refused; `field` names the parameter at fault, the text says
/// what is wrong, for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct StatsError {
    /// The parameter at fault: `from`, `to`, `period` or `year`.
    pub field: &'static str,
    /// What is wrong with it.
    pub message: String,
}

impl StatsError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// A span of days cut into whole periods: checked, so that one answer stays small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsSpan {
    period: Period,
    first_day_of_week: u32,
    first: Date,
    last_start: Date,
    len: usize,
}

impl StatsSpan {
    /// The most days `from` to `to` may cover (both counted): 100 years.
    pub const MAX_DAYS: i64 = 36_525;
    /// The most periods one answer holds (about 57 years of weeks).
    pub const MAX_PERIODS: usize = 3_000;
    /// The earliest year asked about (dates are written with four digits).
    pub const FIRST_YEAR: i32 = 1000;
    /// The latest year asked about.
    pub const LAST_YEAR: i32 = 9999;

    /// The periods that hold the days `from` to `to` (inclusive), whole: the span is widened
    /// to the first day of the first period and the last day of the last. Refused when `to`
    /// is before `from`, a day lies outside the years [`Self::FIRST_YEAR`] to
    /// [`Self::LAST_YEAR`], the days are more than [`Self::MAX_DAYS`], or the periods more
    /// than [`Self::MAX_PERIODS`].
    pub fn new(
        period: Period,
        from: Date,
        to: Date,
        first_day_of_week: u32,
    ) -> Result<Self, StatsError> {
        for (field, day) in [("from", from), ("to", to)] {
            if !(Self::FIRST_YEAR..=Self::LAST_YEAR).contains(&day.year) {
                return Err(StatsError::new(
                    field,
                    format!(
                        "{day} is out of range: ask about days from the year {} to {}.",
                        Self::FIRST_YEAR,
                        Self::LAST_YEAR
                    ),
                ));
            }
        }
        if to < from {
            return Err(StatsError::new(
                "to",
                format!("{to} is before the first day asked for ({from})."),
            ));
        }
        let days = to.days() - from.days() + 1;
        if days > Self::MAX_DAYS {
            return Err(StatsError::new(
                "to",
                format!(
                    "{from} to {to} is {} days; ask for at most {} days (100 years) at once.",
                    group(days),
                    group(Self::MAX_DAYS)
                ),
            ));
        }
        let first_day_of_week = first_day_of_week % 7;
        let first = period.start_of(from, first_day_of_week);
        let last_start = period.start_of(to, first_day_of_week);
        let len = match period {
            Period::Week => (last_start.days() - first.days()) / 7 + 1,
            Period::Month => {
                let index = |d: Date| i64::from(d.year) * 12 + i64::from(d.month);
                index(last_start) - index(first) + 1
            }
            Period::Year => i64::from(last_start.year - first.year) + 1,
        };
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        if len > Self::MAX_PERIODS {
            return Err(StatsError::new(
                "period",
                format!(
                    "{from} to {to} holds {} {}s; one answer holds at most {} periods: ask for \
                     a longer period or a shorter span.",
                    group(len as i64),
                    period.name(),
                    group(Self::MAX_PERIODS as i64)
                ),
            ));
        }
        Ok(Self {
            period,
            first_day_of_week,
            first,
            last_start,
            len,
        })
    }

    /// How the span is cut.
    pub fn period(&self) -> Period {
        self.period
    }

    /// The first day of the week its weeks start on (0 = Monday).
    pub fn first_day_of_week(&self) -> u32 {
        self.first_day_of_week
    }

    /// The first day of the first period.
    pub fn first(&self) -> Date {
        self.first
    }

    /// The last day of the last period.
    pub fn last(&self) -> Date {
        self.period.end_of(self.last_start)
    }

    /// How many periods it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Never: a span holds at least one period. (For the `len` convention.)
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The first day of each period, oldest first.
    pub fn starts(&self) -> impl Iterator<Item = Date> + '_ {
        std::iter::successors(Some(self.first), move |start| {
            Some(self.period.next(*start)).filter(|next| *next <= self.last_start)
        })
    }

    /// The same periods a year earlier, as one span of days: the first day of the first and
    /// the last day of the last.
    pub fn year_before(&self) -> (Date, Date) {
        let first = self.period.year_before(self.first);
        let last = self.period.end_of(self.period.year_before(self.last_start));
        (first, last)
    }
}

/// `36525` → `36,525`.
fn group(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn weeks_start_on_the_athletes_first_day() {
        // 2024-03-01 was a Friday.
        let friday = date("2024-03-01");
        assert_eq!(Period::Week.start_of(friday, 0), date("2024-02-26"));
        assert_eq!(Period::Week.start_of(friday, 6), date("2024-02-25"));
        assert_eq!(Period::Week.start_of(friday, 4), friday);
        assert_eq!(Period::Week.end_of(date("2024-02-26")), date("2024-03-03"));
    }

    #[test]
    fn months_and_years_end_on_their_last_day() {
        assert_eq!(Period::Month.end_of(date("2024-02-01")), date("2024-02-29"));
        assert_eq!(Period::Month.end_of(date("2023-12-01")), date("2023-12-31"));
        assert_eq!(Period::Year.end_of(date("2024-01-01")), date("2024-12-31"));
        assert_eq!(
            Period::Year.start_of(date("2024-07-09"), 0),
            date("2024-01-01")
        );
    }

    #[test]
    fn the_same_period_a_year_earlier() {
        assert_eq!(
            Period::Month.year_before(date("2024-03-01")),
            date("2023-03-01")
        );
        assert_eq!(
            Period::Year.year_before(date("2024-01-01")),
            date("2023-01-01")
        );
        // 52 weeks: the same weekday.
        let week = date("2024-05-13");
        let before = Period::Week.year_before(week);
        assert_eq!(before, date("2023-05-15"));
        assert_eq!(before.weekday(), week.weekday());
    }

    #[test]
    fn spans_are_whole_periods_within_bounds() {
        let span = StatsSpan::new(Period::Week, date("2024-05-15"), date("2024-05-29"), 6)
            .expect("a short span");
        assert_eq!(span.first(), date("2024-05-12"));
        assert_eq!(span.last(), date("2024-06-01"));
        let starts: Vec<String> = span.starts().map(|d| d.to_string()).collect();
        assert_eq!(starts, ["2024-05-12", "2024-05-19", "2024-05-26"]);
        assert_eq!(span.len(), 3);
        assert_eq!(span.year_before(), (date("2023-05-14"), date("2023-06-03")));

        let years =
            StatsSpan::new(Period::Year, date("2015-06-01"), date("2024-01-01"), 0).unwrap();
        assert_eq!(years.len(), 10);
        assert_eq!(years.starts().count(), 10);
        assert_eq!(
            years.year_before(),
            (date("2014-01-01"), date("2023-12-31"))
        );

        let backwards = StatsSpan::new(Period::Month, date("2024-05-01"), date("2024-04-30"), 0);
        assert_eq!(backwards.unwrap_err().field, "to");
        let century = StatsSpan::new(Period::Year, date("1900-01-01"), date("2000-01-02"), 0);
        let error = century.unwrap_err();
        assert_eq!(error.field, "to");
        assert!(error.message.contains("36,526 days"), "{error}");
        let weeks = StatsSpan::new(Period::Week, date("1950-01-01"), date("2020-01-01"), 0);
        let error = weeks.unwrap_err();
        assert_eq!(error.field, "period");
        assert!(error.message.contains("3,654 weeks"), "{error}");
        let ancient = StatsSpan::new(Period::Year, date("0999-12-31"), date("2000-01-01"), 0);
        assert_eq!(ancient.unwrap_err().field, "from");
        // 100 years of months is fine.
        let months = StatsSpan::new(Period::Month, date("1925-01-01"), date("2024-12-31"), 0);
        assert_eq!(months.unwrap().len(), 1200);
    }

    #[test]
    fn period_titles_read_naturally() {
        assert_eq!(Period::Week.title(date("2024-05-13")), "13–19 May");
        assert_eq!(Period::Week.title(date("2024-04-29")), "29 Apr – 5 May");
        assert_eq!(Period::Month.title(date("2024-05-01")), "May 2024");
        assert_eq!(Period::Year.title(date("2024-01-01")), "2024");
    }

    proptest! {
        #[test]
        fn every_day_lies_in_the_period_that_starts_for_it(
            days in -200_000i64..200_000, first in 0u32..7, which in 0usize..3,
        ) {
            let period = Period::ALL[which];
            let day = Date::from_days(days);
            let start = period.start_of(day, first);
            prop_assert!(start <= day && day <= period.end_of(start));
            prop_assert_eq!(period.start_of(start, first), start);
            prop_assert_eq!(period.start_of(period.next(start), first), period.next(start));
            let before = period.year_before(start);
            prop_assert_eq!(period.start_of(before, first), before, "a period start too");
        }
    }
}
