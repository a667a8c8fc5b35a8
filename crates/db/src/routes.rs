//! Route outlines for the map of all routes: each workout's positions simplified and encoded
//! by the workouts service, kept once worked out. Every query is scoped to one account.

use domain::{Date, Sport, UserId, WorkoutId};
use sqlx::Row;

use crate::{Db, Result, on_pool};

/// One workout with positions, and its outline when one of the version asked for is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteRow {
    /// The workout.
    pub id: WorkoutId,
    /// Its sport.
    pub sport: Sport,
    /// Its local day.
    pub day: Date,
    /// Its outline (an encoded polyline; empty when its positions make no route), or `None`
    /// when none of that version is kept yet.
    pub outline: Option<String>,
}

/// Which workouts the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RouteFilter {
    /// Only this sport, or all.
    pub sport: Option<Sport>,
    /// From this local day on.
    pub from: Option<Date>,
    /// Up to and including this local day.
    pub to: Option<Date>,
}

const MATCHING: &str = "FROM workout w WHERE w.account_id = $1 AND w.has_gps \
    AND w.local_day >= $2 AND w.local_day <= $3 AND (w.sport = $4 OR $5)";

impl Db {
    /// The account's newest `limit` workouts with positions that `filter` lets through (newest
    /// first), each with its outline of `version` or newer when kept; and how many match in
    /// all.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn route_outlines(
        &self,
        user: UserId,
        filter: RouteFilter,
        version: i32,
        limit: u32,
    ) -> Result<(Vec<RouteRow>, u64)> {
        let from = filter.from.map_or(i64::MIN, Date::days);
        let to = filter.to.map_or(i64::MAX, Date::days);
        let sport = filter.sport.map(Sport::name).unwrap_or_default();
        let every_sport = filter.sport.is_none();
        let list = format!(
            "SELECT w.workout_id, w.sport, w.local_day, \
             (SELECT r.polyline FROM workout_route r WHERE r.workout_id = w.workout_id \
              AND r.version >= $6) AS polyline \
             {MATCHING} ORDER BY w.start_at DESC, w.workout_id DESC LIMIT $7"
        );
        let count = format!("SELECT COUNT(*) {MATCHING}");
        on_pool!(self, pool => {
            let rows = sqlx::query(&list)
                .bind(user.get())
                .bind(from)
                .bind(to)
                .bind(&sport)
                .bind(every_sport)
                .bind(version)
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await?;
            let (matching,): (i64,) = sqlx::query_as(&count)
                .bind(user.get())
                .bind(from)
                .bind(to)
                .bind(&sport)
                .bind(every_sport)
                .fetch_one(pool)
                .await?;
            let rows = rows
                .iter()
                .map(|row| {
                    let sport: String = row.try_get("sport")?;
                    Ok(RouteRow {
                        id: WorkoutId::new(row.try_get("workout_id")?),
                        sport: Sport::from_name(&sport),
                        day: Date::from_days(row.try_get("local_day")?),
                        outline: row.try_get("polyline")?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok((rows, u64::try_from(matching).unwrap_or(0)))
        })
    }

    /// Keeps a workout's outline (replacing an older one); `false` when the account has no
    /// such workout (deleted meanwhile, or another account's).
    #[tracing::instrument(skip_all, fields(user = %user, workout = %id))]
    pub async fn store_route_outline(
        &self,
        user: UserId,
        id: WorkoutId,
        version: i32,
        polyline: &str,
    ) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query(
                "INSERT INTO workout_route (workout_id, version, polyline) \
                 SELECT w.workout_id, $3, $4 FROM workout w \
                 WHERE w.workout_id = $2 AND w.account_id = $1 \
                 ON CONFLICT (workout_id) DO UPDATE SET version = excluded.version, \
                 polyline = excluded.polyline",
            )
            .bind(user.get())
            .bind(id.get())
            .bind(version)
            .bind(polyline)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
        )?;
        Ok(done > 0)
    }
}
