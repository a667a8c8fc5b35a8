//! Statistics: an account's workouts summed per period and sport and per day by `GROUP BY` over
//! `workout.local_day` (the athlete's local day), so a page reads a few rows per period rather
//! than every workout; and its runs of consecutive days, from its days in order (one row). Every
//! query is scoped to one account and optionally one sport.

use domain::{Date, DayTotals, Period, Sport, SportTotals, Streak, Totals, UserId};

use crate::{Backend, Db, DbError, Result, on_pool};

/// The sums every statistic reads, as `BIGINT` / `DOUBLE PRECISION` on both backends (sums of
/// `BIGINT` are `NUMERIC` on Postgres), named as [`Totals`]' fields.
const SUMS: &str = "COUNT(*) AS workouts, \
    CAST(COALESCE(SUM(moving_ms), 0) AS BIGINT) AS moving_ms, \
    CAST(COALESCE(SUM(elapsed_ms), 0) AS BIGINT) AS elapsed_ms, \
    CAST(COALESCE(SUM(distance_m), 0) AS DOUBLE PRECISION) AS distance_m, \
    CAST(COALESCE(SUM(ascent_m), 0) AS DOUBLE PRECISION) AS ascent_m, \
    CAST(COALESCE(SUM(calories), 0) AS BIGINT) AS calories";

/// The account's workouts (`$1`), of one sport when one is asked for: bound as the parameter
/// numbered `sport_at`. Without a sport the condition is left out rather than made always true,
/// so that a query reading only days can be answered from the `(account_id, local_day)` index.
fn of_account(sport: Option<Sport>, sport_at: usize) -> String {
    match sport {
        Some(_) => format!("account_id = $1 AND sport = ${sport_at}"),
        None => "account_id = $1".to_owned(),
    }
}

/// A row of [`SUMS`] after a sport: (sport, workouts, moving, elapsed, distance, ascent,
/// calories).
type SumsRow = (String, i64, i64, i64, f64, f64, i64);

/// A grouped row: the group's key, then [`SumsRow`].
type KeyedRow = (i64, String, i64, i64, i64, f64, f64, i64);

fn sport_totals(
    (sport, workouts, moving_ms, elapsed_ms, distance_m, ascent_m, calories): SumsRow,
) -> SportTotals {
    SportTotals {
        sport: Sport::from_name(&sport),
        totals: Totals {
            workouts: workouts.max(0) as u64,
            moving_ms,
            elapsed_ms,
            distance_m,
            ascent_m,
            calories,
        },
    }
}

/// An expression of `local_day` whose value is the same for every day of one period, and which
/// [`period_start`] turns into the period's first day. Weeks: the number of their first day;
/// months: `YYYYMM`; years: `YYYY` (each backend names its own calendar functions).
fn period_key(backend: Backend, period: Period) -> &'static str {
    match (period, backend) {
        // `$6` is `(3 - first day) mod 7` plus a multiple of 7 large enough to keep the
        // dividend positive (SQL's `%` keeps the sign of negative days): 1970-01-01 was a
        // Thursday, weekday 3 counting from Monday.
        (Period::Week, _) => "local_day - ((local_day + $6) % 7)",
        (Period::Month, Backend::Sqlite) => {
            "CAST(strftime('%Y%m', local_day * 86400, 'unixepoch') AS INTEGER)"
        }
        (Period::Month, Backend::Postgres) => {
            "CAST(to_char(DATE '1970-01-01' + CAST(local_day AS INTEGER), 'YYYYMM') AS BIGINT)"
        }
        (Period::Year, Backend::Sqlite) => {
            "CAST(strftime('%Y', local_day * 86400, 'unixepoch') AS INTEGER)"
        }
        (Period::Year, Backend::Postgres) => {
            "CAST(to_char(DATE '1970-01-01' + CAST(local_day AS INTEGER), 'YYYY') AS BIGINT)"
        }
    }
}

/// The first day of the period a [`period_key`] stands for.
fn period_start(period: Period, key: i64) -> Result<Date> {
    let bad = || DbError::invariant(format!("{} key {key}", period.name()));
    let year = |y: i64| i32::try_from(y).map_err(|_| bad());
    match period {
        Period::Week => Ok(Date::from_days(key)),
        Period::Month => Date::first_of_month(year(key / 100)?, (key % 100) as u32).ok_or_else(bad),
        Period::Year => Date::first_of_month(year(key)?, 1).ok_or_else(bad),
    }
}

/// The account's longest run of consecutive days with a workout, and its latest run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreakRuns {
    /// The longest (the latest of equally long ones).
    pub longest: Option<Streak>,
    /// The one that ends on the last day with a workout.
    pub latest: Option<Streak>,
}

impl Db {
    /// The account's workouts with a local day in either of `spans` (inclusive), summed per
    /// period of `period` (weeks from `first_day_of_week`, 0 = Monday) and sport: the first day
    /// of each period with workouts, with each sport's totals. One query; a day in both spans
    /// counts once.
    #[tracing::instrument(skip_all, fields(user = %user, period = period.name()))]
    pub async fn period_totals(
        &self,
        user: UserId,
        period: Period,
        first_day_of_week: u32,
        sport: Option<Sport>,
        spans: [(Date, Date); 2],
    ) -> Result<Vec<(Date, SportTotals)>> {
        let key = period_key(self.backend(), period);
        // Only the week's key reads `$6` (Postgres refuses a parameter it does not see).
        let weeks = period == Period::Week;
        let filter = of_account(sport, if weeks { 7 } else { 6 });
        let sql = format!(
            "SELECT {key} AS period_key, sport, {SUMS} FROM workout \
             WHERE {filter} \
               AND ((local_day >= $2 AND local_day <= $3) OR (local_day >= $4 AND local_day <= $5)) \
             GROUP BY period_key, sport"
        );
        let week_shift = 7_000_000 + 3 - i64::from(first_day_of_week % 7);
        let [(a, b), (c, d)] = spans;
        let rows: Vec<KeyedRow> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql)
                .bind(user.get())
                .bind(a.days())
                .bind(b.days())
                .bind(c.days())
                .bind(d.days());
            if weeks {
                query = query.bind(week_shift);
            }
            if let Some(sport) = sport {
                query = query.bind(sport.name());
            }
            query.fetch_all(pool).await
        })?;
        rows.into_iter()
            .map(
                |(key, sport, n, moving, elapsed, distance, ascent, calories)| {
                    Ok((
                        period_start(period, key)?,
                        sport_totals((sport, n, moving, elapsed, distance, ascent, calories)),
                    ))
                },
            )
            .collect()
    }

    /// The account's workouts summed per sport over each of `spans` (inclusive), in order:
    /// one query, whether the spans overlap or not.
    #[tracing::instrument(skip_all, fields(user = %user, spans = spans.len()))]
    pub async fn span_totals(
        &self,
        user: UserId,
        sport: Option<Sport>,
        spans: &[(Date, Date)],
    ) -> Result<Vec<Vec<SportTotals>>> {
        if spans.is_empty() {
            return Ok(Vec::new());
        }
        let filter = of_account(sport, 2 + 2 * spans.len());
        let sql = (0..spans.len())
            .map(|i| {
                let (from, to) = (2 + 2 * i, 3 + 2 * i);
                format!(
                    "SELECT CAST({i} AS BIGINT) AS span, sport, {SUMS} FROM workout \
                     WHERE {filter} AND local_day >= ${from} AND local_day <= ${to} \
                     GROUP BY sport"
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let rows: Vec<KeyedRow> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql).bind(user.get());
            for (from, to) in spans {
                query = query.bind(from.days()).bind(to.days());
            }
            if let Some(sport) = sport {
                query = query.bind(sport.name());
            }
            query.fetch_all(pool).await
        })?;
        let mut out = vec![Vec::new(); spans.len()];
        for (span, sport, n, moving, elapsed, distance, ascent, calories) in rows {
            let slot = usize::try_from(span)
                .ok()
                .and_then(|i| out.get_mut(i))
                .ok_or_else(|| DbError::invariant(format!("span {span}")))?;
            slot.push(sport_totals((
                sport, n, moving, elapsed, distance, ascent, calories,
            )));
        }
        Ok(out)
    }

    /// Each local day from `from` to `to` (inclusive) with at least one workout, in order, with
    /// its count, times and distance.
    #[tracing::instrument(skip_all, fields(user = %user, %from, %to))]
    pub async fn day_totals(
        &self,
        user: UserId,
        sport: Option<Sport>,
        from: Date,
        to: Date,
    ) -> Result<Vec<DayTotals>> {
        let filter = of_account(sport, 4);
        let sql = format!(
            "SELECT local_day, COUNT(*) AS workouts, \
             CAST(COALESCE(SUM(moving_ms), 0) AS BIGINT) AS moving_ms, \
             CAST(COALESCE(SUM(elapsed_ms), 0) AS BIGINT) AS elapsed_ms, \
             CAST(COALESCE(SUM(distance_m), 0) AS DOUBLE PRECISION) AS distance_m \
             FROM workout WHERE {filter} AND local_day >= $2 AND local_day <= $3 \
             GROUP BY local_day ORDER BY local_day"
        );
        let rows: Vec<(i64, i64, i64, i64, f64)> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql)
                .bind(user.get())
                .bind(from.days())
                .bind(to.days());
            if let Some(sport) = sport {
                query = query.bind(sport.name());
            }
            query.fetch_all(pool).await
        })?;
        Ok(rows
            .into_iter()
            .map(
                |(day, workouts, moving_ms, elapsed_ms, distance_m)| DayTotals {
                    day: Date::from_days(day),
                    workouts: u32::try_from(workouts).unwrap_or(u32::MAX),
                    moving_ms,
                    elapsed_ms,
                    distance_m,
                },
            )
            .collect())
    }

    /// The account's longest run of consecutive days with a workout and its latest run, over
    /// every workout (of the sport, if one is given). One query and one row: the store lists
    /// the workouts' days (from the `(account_id, local_day)` index when no sport is given) as
    /// one text, and the runs are found in a pass over them, sorted. Numbering the days with a
    /// window function to group the runs in SQL took five times as long on SQLite over a
    /// decade of days, and a row a day costs more to send than to read.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn streak_runs(&self, user: UserId, sport: Option<Sport>) -> Result<StreakRuns> {
        let filter = of_account(sport, 2);
        // `string_agg` is standard SQL that Postgres and SQLite (3.44 and later, bundled by
        // sqlx) both read.
        let sql =
            format!("SELECT string_agg(CAST(local_day AS TEXT), ',') FROM workout WHERE {filter}");
        let (days,): (Option<String>,) = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql).bind(user.get());
            if let Some(sport) = sport {
                query = query.bind(sport.name());
            }
            query.fetch_one(pool).await
        })?;
        let mut days = days
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter(|d| !d.is_empty())
            .map(|d| {
                d.parse::<i64>()
                    .map_err(|_| DbError::invariant(format!("local day {d:?}")))
            })
            .collect::<Result<Vec<i64>>>()?;
        days.sort_unstable();
        days.dedup();
        Ok(runs_of(&days))
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
    use super::*;

    fn runs(days: &[i64]) -> StreakRuns {
        runs_of(days)
    }

    #[test]
    fn runs_are_found_with_the_latest_of_equally_long_ones() {
        assert_eq!(runs(&[]), StreakRuns::default());
        let r = runs(&[10, 11, 12, 14, 15, 16, 20]);
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
        let one = runs(&[5]);
        assert_eq!(one.longest, one.latest);
    }
}
