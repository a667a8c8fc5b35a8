//! Statistics: what the athlete's workouts add up to per week, month or year, each period
//! beside the same one a year earlier; a year's days for a heatmap; the longest and current
//! streaks; this week and this month for the home page. Summed from the account's [`Ledger`]
//! (its workouts' days and figures, kept while the account's revision stays the same); the
//! calendar's rules are `domain::stats`'.

mod ledger;

use std::{collections::HashMap, sync::Arc};

use domain::{
    Date, Period, PeriodStats, PeriodTotals, Preferences, RecentTotals, Sport, SportTotals, Stats,
    StatsError, StatsSpan, Streaks, UserId, YearDays,
};

use crate::{Workouts, WorkoutsError, zone};

pub(crate) use ledger::Ledger;

/// How many periods a span holds when its first day is not given: the period of its last day
/// and the eleven before it (a year of months, twelve weeks, twelve years).
pub const DEFAULT_PERIODS: u32 = 12;

/// What the statistics page shows: the statistics asked for, a year's days for the heatmap and
/// every sport the athlete has (for its filter).
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// The periods, the span and the streaks.
    pub stats: Stats,
    /// The year's days with workouts (of the sport asked about, if any).
    pub days: YearDays,
    /// Every sport the athlete has workouts of, by name; none for an empty log.
    pub sports: Vec<Sport>,
}

/// What statistics to work out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatsAsk {
    /// How to cut the span.
    pub period: Period,
    /// Its first day; `None`: [`DEFAULT_PERIODS`] periods up to `to`.
    pub from: Option<Date>,
    /// Its last day; `None`: today in the athlete's zone (or `from`, when that is later).
    pub to: Option<Date>,
    /// Only this sport; `None`: every sport.
    pub sport: Option<Sport>,
}

impl From<StatsError> for WorkoutsError {
    fn from(error: StatsError) -> Self {
        Self::Invalid {
            field: error.field,
            message: error.message,
        }
    }
}

/// The first day of the period `back` periods before the one that holds `day`.
fn periods_back(period: Period, day: Date, first_day_of_week: u32, back: u32) -> Date {
    let start = period.start_of(day, first_day_of_week);
    match period {
        Period::Week => Date::from_days(start.days() - 7 * i64::from(back)),
        Period::Month => start.add_months(-(back as i32)),
        Period::Year => start.add_months(-12 * back as i32),
    }
}

/// Every period of `span` and the same one a year earlier, each once, oldest first: the spans
/// the store sums (a span longer than a year has periods that are both).
fn spans_of(span: &StatsSpan) -> Vec<(Date, Date)> {
    let period = span.period();
    let mut starts: Vec<Date> = span
        .starts()
        .flat_map(|start| [period.year_before(start), start])
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts
        .into_iter()
        .map(|start| (start, period.end_of(start)))
        .collect()
}

/// The periods of `span`, each with the same one a year earlier, from the store's sums of
/// [`spans_of`] (in its order).
fn assemble(
    span: &StatsSpan,
    spans: &[(Date, Date)],
    sums: Vec<Vec<SportTotals>>,
) -> (PeriodStats, Vec<PeriodStats>) {
    let period = span.period();
    let by_start: HashMap<Date, Vec<SportTotals>> =
        spans.iter().map(|(start, _)| *start).zip(sums).collect();
    let totals = |start: Date| {
        let sports = by_start.get(&start).cloned().unwrap_or_default();
        PeriodTotals::new(start, period.end_of(start), sports)
    };
    let periods: Vec<PeriodStats> = span
        .starts()
        .map(|start| PeriodStats {
            current: totals(start),
            previous_year: totals(period.year_before(start)),
        })
        .collect();
    // The periods a year earlier follow each other as the periods do: their union is the
    // span a year earlier.
    let (first_before, last_before) = span.year_before();
    let whole = PeriodStats {
        current: PeriodTotals::merged(
            span.first(),
            span.last(),
            periods.iter().map(|p| &p.current),
        ),
        previous_year: PeriodTotals::merged(
            first_before,
            last_before,
            periods.iter().map(|p| &p.previous_year),
        ),
    };
    (whole, periods)
}

impl Workouts {
    /// The user's workouts as statistics see them: kept between requests while the account's
    /// revision stays the same (see `bests::cache`).
    pub(crate) async fn ledger(&self, user: UserId) -> Result<Arc<Ledger>, WorkoutsError> {
        // The revision first: see `RevisionCache::get`.
        let revision = self.db.account_revision(user).await?;
        if let Some(kept) = self.ledgers.get(user, revision) {
            return Ok(kept);
        }
        let ledger = Arc::new(Ledger::new(self.db.day_entries(user).await?));
        self.ledgers.put(user, revision, ledger.clone());
        Ok(ledger)
    }

    /// The user's statistics over a span of local days cut into periods (weeks from the first
    /// day of the week in `preferences`), each period beside the same one a year earlier, and
    /// the streaks (over every workout of the sport asked about, whatever the span).
    /// [`WorkoutsError::Invalid`] names the parameter (`from`, `to`, `period`) when the span
    /// is refused (see [`StatsSpan::new`]).
    #[tracing::instrument(skip_all, fields(user = %user, period = ask.period.name()))]
    pub async fn stats(
        &self,
        user: UserId,
        preferences: &Preferences,
        ask: StatsAsk,
    ) -> Result<Stats, WorkoutsError> {
        let today = zone::today(&preferences.time_zone);
        let first_day = preferences.first_day_of_week % 7;
        // Without a last day: today, or the first day asked for when that is later (a span
        // wholly ahead, not one that ends before it begins).
        let to = ask
            .to
            .unwrap_or_else(|| ask.from.map_or(today, |from| from.max(today)));
        let from = ask
            .from
            .unwrap_or_else(|| periods_back(ask.period, to, first_day, DEFAULT_PERIODS - 1));
        let span = StatsSpan::new(ask.period, from, to, first_day)?;
        let spans = spans_of(&span);
        let ledger = self.ledger(user).await?;
        let runs = ledger.streak_runs(ask.sport);
        let (whole, periods) = assemble(&span, &spans, ledger.span_totals(ask.sport, &spans));
        Ok(Stats {
            period: span.period(),
            sport: ask.sport,
            today,
            span: whole,
            periods,
            streaks: Streaks::new(runs.longest, runs.latest, today),
        })
    }

    /// What the statistics page shows: [`Self::stats`] for `ask`, [`Self::year_days`] of
    /// `year` (of the same sport) and [`Self::sports`].
    #[tracing::instrument(skip_all, fields(user = %user, year))]
    pub async fn overview(
        &self,
        user: UserId,
        preferences: &Preferences,
        ask: StatsAsk,
        year: i32,
    ) -> Result<Overview, WorkoutsError> {
        Ok(Overview {
            stats: self.stats(user, preferences, ask).await?,
            days: self.year_days(user, year, ask.sport).await?,
            sports: self.ledger(user).await?.sports(),
        })
    }

    /// Each day of `year` with workouts (of `sport`, if given), for a heatmap.
    /// [`WorkoutsError::Invalid`] on `year` outside the years statistics cover.
    #[tracing::instrument(skip_all, fields(user = %user, year))]
    pub async fn year_days(
        &self,
        user: UserId,
        year: i32,
        sport: Option<Sport>,
    ) -> Result<YearDays, WorkoutsError> {
        let (first, last) = year_bounds(year)?;
        Ok(YearDays {
            year,
            sport,
            days: self.ledger(user).await?.day_totals(sport, first, last),
        })
    }

    /// The week and the month that hold today (in the athlete's zone; weeks from their first
    /// day of the week), for the home page.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn recent_totals(
        &self,
        user: UserId,
        preferences: &Preferences,
    ) -> Result<RecentTotals, WorkoutsError> {
        let today = zone::today(&preferences.time_zone);
        let week = Period::Week.start_of(today, preferences.first_day_of_week);
        let month = Period::Month.start_of(today, 0);
        let spans = [
            (week, Period::Week.end_of(week)),
            (month, Period::Month.end_of(month)),
        ];
        let mut sums = self
            .ledger(user)
            .await?
            .span_totals(None, &spans)
            .into_iter();
        let mut next = |(start, end): (Date, Date)| {
            PeriodTotals::new(start, end, sums.next().unwrap_or_default())
        };
        Ok(RecentTotals {
            today,
            week: next(spans[0]),
            month: next(spans[1]),
        })
    }
}

fn out_of_range(year: i32) -> WorkoutsError {
    WorkoutsError::Invalid {
        field: "year",
        message: format!(
            "{year} is out of range: ask about a year from {} to {}.",
            StatsSpan::FIRST_YEAR,
            StatsSpan::LAST_YEAR
        ),
    }
}

/// The first and last day of `year`; [`WorkoutsError::Invalid`] outside the years statistics
/// cover.
pub(crate) fn year_bounds(year: i32) -> Result<(Date, Date), WorkoutsError> {
    let in_range = (StatsSpan::FIRST_YEAR..=StatsSpan::LAST_YEAR).contains(&year);
    match (in_range, Date::new(year, 1, 1), Date::new(year, 12, 31)) {
        (true, Some(first), Some(last)) => Ok((first, last)),
        _ => Err(out_of_range(year)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn a_span_without_a_first_day_is_twelve_periods() {
        let day = date("2024-05-15");
        assert_eq!(periods_back(Period::Month, day, 0, 11), date("2023-06-01"));
        assert_eq!(periods_back(Period::Year, day, 0, 11), date("2013-01-01"));
        assert_eq!(periods_back(Period::Week, day, 0, 11), date("2024-02-26"));
    }

    #[test]
    fn a_period_that_is_also_a_year_before_is_summed_once() {
        let span = StatsSpan::new(Period::Year, date("2023-01-01"), date("2024-12-31"), 0).unwrap();
        let starts: Vec<String> = spans_of(&span).iter().map(|(s, _)| s.to_string()).collect();
        assert_eq!(starts, ["2022-01-01", "2023-01-01", "2024-01-01"]);
    }

    #[test]
    fn periods_without_rows_are_empty_and_each_meets_its_year_before() {
        let span =
            StatsSpan::new(Period::Month, date("2024-01-01"), date("2024-03-31"), 0).unwrap();
        let running = |workouts, moving_ms| SportTotals {
            sport: Sport::Running,
            totals: domain::Totals {
                workouts,
                moving_ms,
                ..domain::Totals::default()
            },
        };
        let spans = spans_of(&span);
        let starts: Vec<String> = spans.iter().map(|(s, _)| s.to_string()).collect();
        assert_eq!(
            starts,
            [
                "2023-01-01",
                "2023-02-01",
                "2023-03-01",
                "2024-01-01",
                "2024-02-01",
                "2024-03-01"
            ]
        );
        assert_eq!(spans[1].1, date("2023-02-28"));
        let mut sums = vec![Vec::new(); spans.len()];
        sums[4] = vec![running(2, 1000)];
        sums[1] = vec![running(1, 500)];
        sums[2] = vec![running(1, 250)];
        let (whole, periods) = assemble(&span, &spans, sums);
        assert_eq!(periods.len(), 3);
        assert!(periods[0].current.total.is_empty());
        assert_eq!(periods[1].current.total.workouts, 2);
        assert_eq!(periods[1].previous_year.start, date("2023-02-01"));
        assert_eq!(periods[1].previous_year.end, date("2023-02-28"));
        assert_eq!(periods[1].previous_year.total.moving_ms, 500);
        assert_eq!(periods[2].previous_year.total.moving_ms, 250);
        assert_eq!(whole.current.total.workouts, 2);
        assert_eq!(whole.previous_year.total.workouts, 2);
        assert_eq!(
            (whole.previous_year.start, whole.previous_year.end),
            (date("2023-01-01"), date("2023-03-31"))
        );
    }
}
