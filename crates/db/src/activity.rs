//! Daily activity: one row per local day, replaced as the day's figures grow. The hourly figures
//! are a typed blob: JSON text in the `hours` column, written and read only here.

use domain::{ActivityHour, Date, UserId};

use crate::{Db, DbError, Result, on_pool};

/// A day of activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyActivity {
    /// Its id (AccessLink's activity id).
    pub id: i64,
    /// The local day.
    pub day: Date,
    /// Steps.
    pub steps: i64,
    /// Active calories, kcal.
    pub active_kcal: i64,
    /// Active time, seconds.
    pub active_s: i64,
    /// Hourly figures, where the wearable sent them, by hour.
    pub hours: Vec<ActivityHour>,
    /// Where the figures came from: [`DEVICE`] for the sync API, else the service whose
    /// archive gave them. Set by the store.
    pub source: String,
    /// First synced (unix ms).
    pub created_at: i64,
    /// Last changed (unix ms).
    pub updated_at: i64,
}

/// The source of figures the wearable sent through the sync API: preferred to any archive's.
pub const DEVICE: &str = "device";

/// Days of activity from an archive, to store where no preferred source describes them.
#[derive(Debug, Clone)]
pub struct ImportedDays<'a> {
    /// The service whose archive gave them (never [`DEVICE`]).
    pub source: &'a str,
    /// How preferred the service is: lower replaces higher; 0 is the device's own and is not
    /// accepted here. Equal ranks replace each other (a newer export of the same service).
    pub rank: i32,
    /// The days (`id`, `source`, `created_at` and `updated_at` ignored).
    pub days: &'a [DailyActivity],
}

/// What storing archive days did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DaysStored {
    /// Days written (new, or replacing a less or equally preferred source's).
    pub stored: u32,
    /// Days left as they were, a preferred source describing them.
    pub kept: u32,
}

type Row = (i64, String, i64, i64, i64, String, String, i64, i64);

fn from_row(
    (id, day, steps, active_kcal, active_s, hours, source, created_at, updated_at): Row,
) -> Result<DailyActivity> {
    let day = Date::parse(&day)
        .ok_or_else(|| DbError::invariant(format!("daily_activity {id}: day {day:?}")))?;
    let hours = serde_json::from_str(&hours)
        .map_err(|e| DbError::invariant(format!("daily_activity {id}: hours: {e}")))?;
    Ok(DailyActivity {
        id,
        day,
        steps,
        active_kcal,
        active_s,
        hours,
        source,
        created_at,
        updated_at,
    })
}

const COLUMNS: &str =
    "activity_id, day, steps, active_kcal, active_s, hours, source, created_at, updated_at";

impl Db {
    /// Stores a day's figures from the device (replacing earlier ones of the same day, whatever
    /// their source), and announces the day to partners' webhooks in the same transaction.
    /// `id`, `source`, `created_at` and `updated_at` of `day` are ignored: the store sets them.
    #[tracing::instrument(skip_all, fields(user = %user, day = %day.day))]
    pub async fn activity_upsert(&self, user: UserId, day: &DailyActivity) -> Result<i64> {
        let now = domain::Timestamp::now().unix_ms();
        let date = day.day.to_string();
        let hours = serde_json::to_string(&day.hours)
            .map_err(|e| DbError::invariant(format!("hours: {e}")))?;
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO daily_activity (account_id, day, steps, active_kcal, active_s, hours, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
                 ON CONFLICT (account_id, day) DO UPDATE SET steps = excluded.steps, \
                 active_kcal = excluded.active_kcal, active_s = excluded.active_s, hours = excluded.hours, \
                 source = 'device', source_rank = 0, \
                 updated_at = excluded.updated_at RETURNING activity_id",
            )
            .bind(user.get()).bind(&date).bind(day.steps).bind(day.active_kcal).bind(day.active_s)
            .bind(&hours).bind(now)
            .fetch_one(&mut *tx).await?;
            sqlx::query(crate::webhooks::ENQUEUE)
                .bind(user.get()).bind(&date).bind(now)
                    .bind("ACTIVITY_SUMMARY")
                .execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, DbError>(id)
        }.await)
    }

    /// Stores days of activity from an archive in one transaction: each day is written unless a
    /// preferred source (lower rank, such as the device's own sync) already describes it.
    /// History is not announced to partners' webhooks: they hear of days as devices sync them.
    #[tracing::instrument(skip_all, fields(user = %user, source = days.source, days = days.days.len()))]
    pub async fn activity_import(
        &self,
        user: UserId,
        days: ImportedDays<'_>,
    ) -> Result<DaysStored> {
        if days.rank <= 0 || days.source == DEVICE {
            return Err(DbError::invariant(format!(
                "archive days from {:?} ranked {}: only the sync API is the device",
                days.source, days.rank
            )));
        }
        let now = domain::Timestamp::now().unix_ms();
        let mut rows = Vec::with_capacity(days.days.len());
        for day in days.days {
            let hours = serde_json::to_string(&day.hours)
                .map_err(|e| DbError::invariant(format!("hours: {e}")))?;
            rows.push((day.day.to_string(), day, hours));
        }
        let stored = on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let mut stored = 0u32;
            for (date, day, hours) in &rows {
                let written = sqlx::query(
                    "INSERT INTO daily_activity (account_id, day, steps, active_kcal, active_s, hours, source, source_rank, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
                     ON CONFLICT (account_id, day) DO UPDATE SET steps = excluded.steps, \
                     active_kcal = excluded.active_kcal, active_s = excluded.active_s, hours = excluded.hours, \
                     source = excluded.source, source_rank = excluded.source_rank, updated_at = excluded.updated_at \
                     WHERE daily_activity.source_rank >= excluded.source_rank",
                )
                .bind(user.get()).bind(date).bind(day.steps).bind(day.active_kcal).bind(day.active_s)
                .bind(hours).bind(days.source).bind(days.rank).bind(now)
                .execute(&mut *tx).await?
                .rows_affected();
                stored += u32::from(written > 0);
            }
            tx.commit().await?;
            Ok::<_, DbError>(stored)
        }.await)?;
        let total = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        Ok(DaysStored {
            stored,
            kept: total - stored,
        })
    }

    /// Stores days of activity from a restore of the account's own export, in one transaction:
    /// each day with the source it had there and that source's rank (0 for the device's own
    /// sync). A day is written where the account has none, or has one from a less preferred
    /// source; a day it holds from the same or a preferred source is kept (the account's own
    /// figures are newer than the backup's). Not announced to partners' webhooks: it is history.
    #[tracing::instrument(skip_all, fields(user = %user, days = days.len()))]
    pub async fn activity_restore(
        &self,
        user: UserId,
        days: &[(DailyActivity, i32)],
    ) -> Result<DaysStored> {
        let now = domain::Timestamp::now().unix_ms();
        let mut rows = Vec::with_capacity(days.len());
        for (day, rank) in days {
            let hours = serde_json::to_string(&day.hours)
                .map_err(|e| DbError::invariant(format!("hours: {e}")))?;
            rows.push((day.day.to_string(), day, hours, *rank));
        }
        let stored = on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let mut stored = 0u32;
            for (date, day, hours, rank) in &rows {
                let written = sqlx::query(
                    "INSERT INTO daily_activity (account_id, day, steps, active_kcal, active_s, hours, source, source_rank, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
                     ON CONFLICT (account_id, day) DO UPDATE SET steps = excluded.steps, \
                     active_kcal = excluded.active_kcal, active_s = excluded.active_s, hours = excluded.hours, \
                     source = excluded.source, source_rank = excluded.source_rank, updated_at = excluded.updated_at \
                     WHERE daily_activity.source_rank > excluded.source_rank",
                )
                .bind(user.get()).bind(date).bind(day.steps).bind(day.active_kcal).bind(day.active_s)
                .bind(hours).bind(&day.source).bind(rank).bind(now)
                .execute(&mut *tx).await?
                .rows_affected();
                stored += u32::from(written > 0);
            }
            tx.commit().await?;
            Ok::<_, DbError>(stored)
        }.await)?;
        let total = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        Ok(DaysStored {
            stored,
            kept: total - stored,
        })
    }

    /// The user's days from `from` to `to` (inclusive), in order.
    #[tracing::instrument(skip_all, fields(user = %user, %from, %to))]
    pub async fn activity_days(
        &self,
        user: UserId,
        from: Date,
        to: Date,
    ) -> Result<Vec<DailyActivity>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM daily_activity WHERE account_id = $1 AND day >= $2 AND day <= $3 ORDER BY day"
        );
        let (from, to) = (from.to_string(), to.to_string());
        let rows: Vec<Row> = on_pool!(self, pool =>
            sqlx::query_as(&sql).bind(user.get()).bind(&from).bind(&to).fetch_all(pool).await
        )?;
        rows.into_iter().map(from_row).collect()
    }

    /// One of the user's days by id.
    #[tracing::instrument(skip_all, fields(user = %user, activity = id))]
    pub async fn activity(&self, user: UserId, id: i64) -> Result<Option<DailyActivity>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM daily_activity WHERE account_id = $1 AND activity_id = $2"
        );
        let row: Option<Row> = on_pool!(self, pool =>
            sqlx::query_as(&sql).bind(user.get()).bind(id).fetch_optional(pool).await
        )?;
        row.map(from_row).transpose()
    }
}
