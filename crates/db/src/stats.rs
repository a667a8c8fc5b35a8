//! Statistics: an account's workouts summed per span of days and sport, and per day, by
//! `GROUP BY` over `workout.local_day` (the athlete's local day), so a page reads a few rows per
//! period rather than every workout; and its runs of consecutive days, from its days (one row).
//! Where weeks start and which days a month holds is the caller's (`domain::Period`): the store
//! sums the spans it is given. Every query is scoped to one account and optionally one sport;
//! the `workout_stats_idx` index (migration 0012) holds every column they read.

use domain::{Date, DayTotals, Sport, SportTotals, Streak, Totals, UserId};

use crate::{Db, DbError, Pool, Result, on_pool};

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

/// A grouped row: the span's place in the list, then [`SumsRow`].
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

/// The account's longest run of consecutive days with a workout, and its latest run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreakRuns {
    /// The longest (the latest of equally long ones).
    pub longest: Option<Streak>,
    /// The one that ends on the last day with a workout.
    pub latest: Option<Streak>,
}

impl Db {
    /// The account's workouts summed per sport over each of `spans` (first and last local day,
    /// both included), in their order. One query whatever the number of spans: the spans go in
    /// as one parameter (a JSON array on SQLite, two arrays on Postgres), and each is one range
    /// of the `(account_id, local_day, …)` index, so no date is worked out per workout. Spans may
    /// overlap: each sums its own days.
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
        let sums = SUMS.replace("SUM(", "SUM(w.");
        let rows: Vec<KeyedRow> = match &self.pool {
            Pool::Sqlite(pool) => {
                let filter = of_account(sport, 3).replace("account_id", "w.account_id");
                let filter = filter.replace("sport =", "w.sport =");
                // Materialised first, so each span is a range of the index, both ends known.
                let sql = format!(
                    "WITH b AS MATERIALIZED (SELECT key AS span, \
                       json_extract(value, '$[0]') AS first_day, \
                       json_extract(value, '$[1]') AS last_day FROM json_each($2)) \
                     SELECT b.span, w.sport, {sums} FROM b JOIN workout w \
                       ON {filter} AND w.local_day >= b.first_day AND w.local_day <= b.last_day \
                     GROUP BY b.span, w.sport"
                );
                let json = spans
                    .iter()
                    .map(|(first, last)| format!("[{},{}]", first.days(), last.days()))
                    .collect::<Vec<_>>()
                    .join(",");
                let mut query = sqlx::query_as(&sql)
                    .bind(user.get())
                    .bind(format!("[{json}]"));
                if let Some(sport) = sport {
                    query = query.bind(sport.name());
                }
                query.fetch_all(pool).await?
            }
            Pool::Postgres(pool) => {
                let filter = of_account(sport, 4).replace("account_id", "w.account_id");
                let filter = filter.replace("sport =", "w.sport =");
                let sql = format!(
                    "SELECT b.span - 1, w.sport, {sums} \
                     FROM unnest($2::BIGINT[], $3::BIGINT[]) WITH ORDINALITY AS b(first_day, last_day, span) \
                     JOIN workout w \
                       ON {filter} AND w.local_day >= b.first_day AND w.local_day <= b.last_day \
                     GROUP BY b.span, w.sport"
                );
                let firsts: Vec<i64> = spans.iter().map(|(first, _)| first.days()).collect();
                let lasts: Vec<i64> = spans.iter().map(|(_, last)| last.days()).collect();
                let mut query = sqlx::query_as(&sql)
                    .bind(user.get())
                    .bind(firsts)
                    .bind(lasts);
                if let Some(sport) = sport {
                    query = query.bind(sport.name());
                }
                query.fetch_all(pool).await?
            }
        };
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
