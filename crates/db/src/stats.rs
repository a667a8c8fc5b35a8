//! Statistics' input: each of an account's workouts as its local day, sport and the figures
//! statistics add up, in day order. Read whole (4,000 rows for a decade, from the
//! `workout_stats_idx` index alone, migration 0013) and kept by the workouts service while the
//! account's revision stays the same, which sums any span, day or streak from them in
//! microseconds: summing in SQL cost a query per page, each a few milliseconds over a decade.

use domain::{Date, Sport, Totals, UserId};

use crate::{Db, Result, on_pool};

/// A workout as statistics see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayEntry {
    /// The local day it started on.
    pub day: Date,
    /// Its sport.
    pub sport: Sport,
    /// Its figures, as totals of one workout.
    pub totals: Totals,
}

/// A row of the query: (local day, sport, moving, elapsed, distance, ascent, calories).
type EntryRow = (i64, String, i64, i64, Option<f64>, Option<f64>, Option<i64>);

impl Db {
    /// Every workout of the account as a [`DayEntry`], by local day (then sport).
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn day_entries(&self, user: UserId) -> Result<Vec<DayEntry>> {
        let rows: Vec<EntryRow> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT local_day, sport, moving_ms, elapsed_ms, distance_m, ascent_m, calories \
                 FROM workout WHERE account_id = $1 ORDER BY local_day, sport",
            )
            .bind(user.get())
            .fetch_all(pool)
            .await
        )?;
        Ok(rows
            .into_iter()
            .map(
                |(day, sport, moving_ms, elapsed_ms, distance_m, ascent_m, calories)| DayEntry {
                    day: Date::from_days(day),
                    sport: Sport::from_name(&sport),
                    totals: Totals {
                        workouts: 1,
                        moving_ms,
                        elapsed_ms,
                        distance_m: distance_m.unwrap_or(0.0),
                        ascent_m: ascent_m.unwrap_or(0.0),
                        calories: calories.unwrap_or(0),
                    },
                },
            )
            .collect())
    }
}
