//! Statistics: what an athlete's workouts add up to per week, month or year, each period beside
//! the same period a year earlier; a year's days for a heatmap; streaks of days with a workout.
//!
//! The store sums; the rules of the calendar (where a week starts, which period is "the same
//! one a year earlier", how long a span one answer may cover) live here, so the JSON API, the
//! pages and the tests agree on them. Days are the athlete's local days (a workout counts on
//! the day it started where it was recorded).
//!
//! ```
//! use domain::{Date, Period, StatsSpan};
//!
//! let may = Date::new(2024, 5, 15).unwrap(); // a Wednesday
//! assert_eq!(Period::Week.start_of(may, 0).to_string(), "2024-05-13", "weeks from Monday");
//! assert_eq!(Period::Week.start_of(may, 6).to_string(), "2024-05-12", "weeks from Sunday");
//! // A span is widened to whole periods.
//! let span = StatsSpan::new(Period::Month, may, Date::new(2024, 7, 2).unwrap(), 0).unwrap();
//! assert_eq!((span.first().to_string(), span.last().to_string(), span.len()),
//!     ("2024-05-01".to_owned(), "2024-07-31".to_owned(), 3));
//! assert_eq!(Period::Month.year_before(span.first()).to_string(), "2023-05-01");
//! assert!(StatsSpan::new(Period::Month, may, Date::new(2024, 1, 1).unwrap(), 0).is_err());
//! ```

mod span;

use serde::{Deserialize, Serialize};

pub use span::{Period, StatsError, StatsSpan};

use crate::{Date, Sport};

/// What some workouts add up to. A workout without a distance, ascent or energy counts nothing
/// towards that sum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    /// How many workouts.
    pub workouts: u64,
    /// Their moving time, ms.
    pub moving_ms: i64,
    /// Their elapsed time (start to end, pauses included), ms.
    pub elapsed_ms: i64,
    /// Their distance, metres.
    pub distance_m: f64,
    /// Their ascent, metres.
    pub ascent_m: f64,
    /// Their energy, kilocalories.
    pub calories: i64,
}

impl Totals {
    /// Adds other totals to these.
    pub fn add(&mut self, other: &Self) {
        self.workouts += other.workouts;
        self.moving_ms += other.moving_ms;
        self.elapsed_ms += other.elapsed_ms;
        self.distance_m += other.distance_m;
        self.ascent_m += other.ascent_m;
        self.calories += other.calories;
    }

    /// No workouts at all.
    pub fn is_empty(&self) -> bool {
        self.workouts == 0
    }
}

/// The change from `before` to `now` as a fraction (0.12 is 12 % more, -0.5 half as much);
/// `None` when there was nothing before to compare with.
pub fn change(now: f64, before: f64) -> Option<f64> {
    (before > 0.0 && now.is_finite()).then(|| (now - before) / before)
}

/// One sport's totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SportTotals {
    /// The sport's stable name (`running`, `cycling`, …).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub sport: Sport,
    /// What its workouts add up to.
    #[serde(flatten)]
    pub totals: Totals,
}

/// What a span of days adds up to, in all and per sport.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodTotals {
    /// Its first day, `YYYY-MM-DD`.
    #[serde(with = "crate::date::text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub start: Date,
    /// Its last day (included), `YYYY-MM-DD`.
    #[serde(with = "crate::date::text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub end: Date,
    /// Every sport together.
    pub total: Totals,
    /// Each sport with workouts, the most moving time first.
    pub sports: Vec<SportTotals>,
}

impl PeriodTotals {
    /// The days `start` to `end` with these sports' totals (in any order, each sport once):
    /// sorted, and added up.
    pub fn new(start: Date, end: Date, mut sports: Vec<SportTotals>) -> Self {
        sports.retain(|s| !s.totals.is_empty());
        sports.sort_by(|a, b| {
            b.totals
                .moving_ms
                .cmp(&a.totals.moving_ms)
                .then_with(|| a.sport.name().cmp(&b.sport.name()))
        });
        let mut total = Totals::default();
        for s in &sports {
            total.add(&s.totals);
        }
        Self {
            start,
            end,
            total,
            sports,
        }
    }

    /// Several spans' sports added up, as one span from `start` to `end`.
    pub fn merged<'a>(start: Date, end: Date, parts: impl IntoIterator<Item = &'a Self>) -> Self {
        let mut sports: Vec<SportTotals> = Vec::new();
        for s in parts.into_iter().flat_map(|p| &p.sports) {
            match sports.iter_mut().find(|t| t.sport == s.sport) {
                Some(t) => t.totals.add(&s.totals),
                None => sports.push(s.clone()),
            }
        }
        Self::new(start, end, sports)
    }

    /// One sport's totals; empty when it has none here.
    pub fn sport(&self, sport: Sport) -> Totals {
        self.sports
            .iter()
            .find(|s| s.sport == sport)
            .map(|s| s.totals)
            .unwrap_or_default()
    }
}

/// A period beside the same period a year earlier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodStats {
    /// The period: `start`, `end`, `total` and `sports`.
    #[serde(flatten)]
    pub current: PeriodTotals,
    /// The same period a year earlier (the same month or year; for a week, the week 52 weeks
    /// before), in the same shape.
    pub previous_year: PeriodTotals,
}

/// A run of consecutive days with at least one workout each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Streak {
    /// Its first day, `YYYY-MM-DD`.
    #[serde(with = "crate::date::text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub start: Date,
    /// Its last day, `YYYY-MM-DD`.
    #[serde(with = "crate::date::text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub end: Date,
    /// How many days (`end` − `start` + 1).
    pub days: u32,
}

/// The athlete's streaks, over every workout (of the sport asked about, if any).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Streaks {
    /// The longest run of days with a workout (the latest of equally long ones); `null`
    /// without workouts.
    pub longest: Option<Streak>,
    /// The run that ends today or yesterday (a day not trained yet breaks nothing before it
    /// ends); `null` when the last workout was longer ago.
    pub current: Option<Streak>,
}

impl Streaks {
    /// The streaks from the longest run and the latest one, seen on `today`.
    pub fn new(longest: Option<Streak>, latest: Option<Streak>, today: Date) -> Self {
        Self {
            longest,
            current: latest.filter(|s| s.end.days() >= today.days() - 1),
        }
    }
}

/// Statistics over a span: its periods, each beside the same one a year earlier, the whole
/// span likewise, and the streaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    /// How the span is cut.
    pub period: Period,
    /// The only sport counted (its stable name); `null`: every sport.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sport: Option<Sport>,
    /// Today in the athlete's time zone (what the current streak is reckoned from).
    #[serde(with = "crate::date::text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub today: Date,
    /// The whole span, from the first day of its first period to the last day of its last,
    /// and the same days a year earlier.
    pub span: PeriodStats,
    /// Every period of the span, oldest first, those without workouts included.
    pub periods: Vec<PeriodStats>,
    /// The longest and the current streak.
    pub streaks: Streaks,
}

/// What one day's workouts add up to (a heatmap's cell).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayTotals {
    /// The local day, `YYYY-MM-DD`.
    #[serde(with = "crate::date::text")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: Date,
    /// How many workouts started that day.
    pub workouts: u32,
    /// Their moving time, ms.
    pub moving_ms: i64,
    /// Their elapsed time, ms.
    pub elapsed_ms: i64,
    /// Their distance, metres.
    pub distance_m: f64,
}

impl DayTotals {
    /// Where the levels of [`Self::level`] begin, by elapsed time: 30 min, 1 h, 2 h.
    pub const LEVELS_MS: [i64; 3] = [30 * 60_000, 60 * 60_000, 120 * 60_000];

    /// How much the day held, 0 (no workout) to 4 (two hours or more): a heatmap's shade.
    pub fn level(&self) -> u8 {
        if self.workouts == 0 {
            return 0;
        }
        1 + Self::LEVELS_MS
            .iter()
            .filter(|&&at| self.elapsed_ms >= at)
            .count() as u8
    }
}

/// A year's days with workouts, for a heatmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearDays {
    /// The year.
    pub year: i32,
    /// The only sport counted; `null`: every sport.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sport: Option<Sport>,
    /// Each day of the year with at least one workout, in order (days without are left out).
    pub days: Vec<DayTotals>,
}

impl YearDays {
    /// The totals of a day; empty when it had no workout.
    pub fn on(&self, day: Date) -> DayTotals {
        self.days
            .binary_search_by(|d| d.day.cmp(&day))
            .map(|i| self.days[i])
            .unwrap_or(DayTotals {
                day,
                workouts: 0,
                moving_ms: 0,
                elapsed_ms: 0,
                distance_m: 0.0,
            })
    }
}

/// This week and this month so far, for the home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecentTotals {
    /// Today in the athlete's time zone.
    pub today: Date,
    /// The week that holds today (from the athlete's first day of the week).
    pub week: PeriodTotals,
    /// The month that holds today.
    pub month: PeriodTotals,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn totals_sum_and_sort_by_moving_time() {
        let t = |workouts, moving_ms| Totals {
            workouts,
            moving_ms,
            elapsed_ms: moving_ms,
            distance_m: 1000.0,
            ascent_m: 10.0,
            calories: 100,
        };
        let p = PeriodTotals::new(
            date("2024-05-01"),
            date("2024-05-31"),
            vec![
                SportTotals {
                    sport: Sport::Running,
                    totals: t(2, 100),
                },
                SportTotals {
                    sport: Sport::Cycling,
                    totals: t(1, 500),
                },
                SportTotals {
                    sport: Sport::Rowing,
                    totals: Totals::default(),
                },
            ],
        );
        assert_eq!(p.sports[0].sport, Sport::Cycling, "most time first");
        assert_eq!(p.sports.len(), 2, "sports without workouts left out");
        assert_eq!(p.total.workouts, 3);
        assert_eq!(p.total.distance_m, 2000.0);
        let merged = PeriodTotals::merged(p.start, p.end, [&p, &p]);
        assert_eq!(merged.total.workouts, 6);
        assert_eq!(merged.sport(Sport::Running).workouts, 4);
        assert_eq!(change(112.0, 100.0), Some(0.12));
        assert_eq!(change(5.0, 0.0), None);
    }

    #[test]
    fn a_streak_is_current_until_a_whole_day_passes_without_a_workout() {
        let run = Streak {
            start: date("2024-05-01"),
            end: date("2024-05-03"),
            days: 3,
        };
        let on = |today| Streaks::new(Some(run), Some(run), date(today)).current;
        assert_eq!(on("2024-05-03"), Some(run));
        assert_eq!(on("2024-05-04"), Some(run), "today not trained yet");
        assert_eq!(on("2024-05-05"), None, "a day missed");
    }

    #[test]
    fn days_shade_by_time_and_days_without_workouts_read_as_empty() {
        let day = |elapsed_ms| DayTotals {
            day: date("2024-05-03"),
            workouts: 1,
            moving_ms: elapsed_ms,
            elapsed_ms,
            distance_m: 0.0,
        };
        let levels: Vec<u8> = [0, 29 * 60_000, 30 * 60_000, 61 * 60_000, 5 * 3_600_000]
            .map(|ms| day(ms).level())
            .to_vec();
        assert_eq!(levels, [1, 1, 2, 3, 4]);
        let year = YearDays {
            year: 2024,
            sport: None,
            days: vec![day(1000)],
        };
        assert_eq!(year.on(date("2024-05-03")).workouts, 1);
        assert_eq!(year.on(date("2024-05-04")).level(), 0);
    }

    #[test]
    fn the_json_has_days_as_text() {
        let streak = Streak {
            start: date("2024-05-01"),
            end: date("2024-05-03"),
            days: 3,
        };
        let json = serde_json::to_value(streak).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "start": "2024-05-01", "end": "2024-05-03", "days": 3 })
        );
        assert_eq!(serde_json::from_value::<Streak>(json).unwrap(), streak);
    }
}
