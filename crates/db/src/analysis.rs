//! Workout analyses: what each recording answers (best efforts, curves, load inputs), stored as
//! the workouts service encodes it, one row per workout, read a whole account at a time by the
//! records, curves and fitness pages. Every query is scoped to one account.

use domain::{Date, Sport, Timestamp, UserId, WorkoutId};

use sqlx::Row;

use crate::{Db, Result, on_pool};

/// A workout's analysis as it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnalysis {
    /// The analysis code's version that computed it (the backfill recomputes older ones).
    pub version: i32,
    /// Treadmill, trainer or virtual: left out of records unless asked for.
    pub indoor: bool,
    /// Distance samples dropped as impossible for the sport.
    pub dropped_samples: u32,
    /// The efforts, curves and load inputs, encoded by the workouts service.
    pub data: Vec<u8>,
}

/// One analysed workout, with what records and fitness group it by.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysedWorkout {
    /// The workout.
    pub id: WorkoutId,
    /// Its title (records name the workout they come from).
    pub title: String,
    /// Its sport now (the analysis is redone when it changes).
    pub sport: Sport,
    /// When it started.
    pub start: Timestamp,
    /// Its local calendar day.
    pub day: Date,
    /// Its analysis.
    pub analysis: StoredAnalysis,
}

/// Stores a workout's analysis, replacing any earlier one, when the workout is this account's.
pub(crate) const UPSERT_ANALYSIS: &str = "INSERT INTO workout_analysis \
    (workout_id, account_id, version, indoor, dropped_samples, data) \
    SELECT w.workout_id, w.account_id, $3, $4, $5, $6 FROM workout w \
    WHERE w.workout_id = $2 AND w.account_id = $1 \
    ON CONFLICT (workout_id) DO UPDATE SET version = excluded.version, \
    indoor = excluded.indoor, dropped_samples = excluded.dropped_samples, data = excluded.data";

impl Db {
    /// Stores a workout's analysis (replacing an earlier one); `false` when the account has no
    /// such workout (deleted meanwhile, or another account's).
    #[tracing::instrument(skip_all, fields(user = %user, workout = %id))]
    pub async fn store_analysis(
        &self,
        user: UserId,
        id: WorkoutId,
        analysis: &StoredAnalysis,
    ) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query(UPSERT_ANALYSIS)
                .bind(user.get())
                .bind(id.get())
                .bind(analysis.version)
                .bind(analysis.indoor)
                .bind(i64::from(analysis.dropped_samples))
                .bind(&analysis.data)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        )?;
        Ok(done > 0)
    }

    /// The account's analysed workouts whose local day lies in `from..=to` (open ends when
    /// `None`), in start order.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn analysed_workouts(
        &self,
        user: UserId,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Vec<AnalysedWorkout>> {
        let from = from.map_or(i64::MIN, Date::days);
        let to = to.map_or(i64::MAX, Date::days);
        on_pool!(self, pool => {
            let rows = sqlx::query(
                "SELECT w.workout_id, w.title, w.sport, w.start_at, w.local_day, a.version, \
                 a.indoor, a.dropped_samples, a.data FROM workout_analysis a \
                 JOIN workout w ON w.workout_id = a.workout_id \
                 WHERE a.account_id = $1 AND w.local_day >= $2 AND w.local_day <= $3 \
                 ORDER BY w.start_at, w.workout_id",
            )
            .bind(user.get())
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|row| {
                    let sport: String = row.try_get("sport")?;
                    let day: i64 = row.try_get("local_day")?;
                    let dropped: i64 = row.try_get("dropped_samples")?;
                    Ok(AnalysedWorkout {
                        id: WorkoutId::new(row.try_get("workout_id")?),
                        title: row.try_get("title")?,
                        sport: Sport::from_name(&sport),
                        start: Timestamp::from_unix_ms(row.try_get("start_at")?),
                        day: Date::from_days(day),
                        analysis: StoredAnalysis {
                            version: row.try_get("version")?,
                            indoor: row.try_get("indoor")?,
                            dropped_samples: u32::try_from(dropped).unwrap_or(u32::MAX),
                            data: row.try_get("data")?,
                        },
                    })
                })
                .collect()
        })
    }

    /// One workout's analysis, if the account has the workout and it was analysed.
    pub async fn workout_analysis(
        &self,
        user: UserId,
        id: WorkoutId,
    ) -> Result<Option<StoredAnalysis>> {
        on_pool!(self, pool => {
            let row = sqlx::query(
                "SELECT version, indoor, dropped_samples, data FROM workout_analysis \
                 WHERE account_id = $1 AND workout_id = $2",
            )
            .bind(user.get())
            .bind(id.get())
            .fetch_optional(pool)
            .await?;
            row.map(|row| {
                let dropped: i64 = row.try_get("dropped_samples")?;
                Ok(StoredAnalysis {
                    version: row.try_get("version")?,
                    indoor: row.try_get("indoor")?,
                    dropped_samples: u32::try_from(dropped).unwrap_or(u32::MAX),
                    data: row.try_get("data")?,
                })
            })
            .transpose()
        })
    }

    /// Up to `limit` workouts (of any account, by id, after `after`) with no analysis of
    /// `version` or newer: the backfill's next batch. The cursor lets it pass a workout it
    /// could not analyse rather than meet it again.
    pub async fn unanalysed_workouts(
        &self,
        version: i32,
        after: Option<WorkoutId>,
        limit: u32,
    ) -> Result<Vec<(UserId, WorkoutId)>> {
        let rows: Vec<(i64, i64)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT w.account_id, w.workout_id FROM workout w \
                 LEFT JOIN workout_analysis a ON a.workout_id = w.workout_id \
                 WHERE (a.workout_id IS NULL OR a.version < $1) AND w.workout_id > $3 \
                 ORDER BY w.workout_id LIMIT $2",
            )
            .bind(version)
            .bind(i64::from(limit))
            .bind(after.map_or(0, WorkoutId::get))
            .fetch_all(pool)
            .await
        )?;
        Ok(rows
            .into_iter()
            .map(|(user, id)| (UserId::new(user), WorkoutId::new(id)))
            .collect())
    }

    /// How many of the account's workouts have an analysis of `version` or newer, and how
    /// many workouts it has: the backfill's progress as the athlete sees it.
    pub async fn analysis_progress(&self, user: UserId, version: i32) -> Result<(u64, u64)> {
        let (done, total): (i64, i64) = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT COUNT(a.workout_id), COUNT(*) FROM workout w \
                 LEFT JOIN workout_analysis a ON a.workout_id = w.workout_id AND a.version >= $2 \
                 WHERE w.account_id = $1",
            )
            .bind(user.get())
            .bind(version)
            .fetch_one(pool)
            .await
        )?;
        Ok((done.max(0) as u64, total.max(0) as u64))
    }

    /// The account's revision: a number that every change to its workouts or their analyses
    /// raises, in the same transaction (triggers, migration 0014); 0 before the first. Equal
    /// numbers mean the same workouts and analyses.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn account_revision(&self, user: UserId) -> Result<i64> {
        let revision: Option<i64> = on_pool!(self, pool =>
            sqlx::query_scalar("SELECT revision FROM account_revision WHERE account_id = $1")
                .bind(user.get())
                .fetch_optional(pool)
                .await
        )?;
        Ok(revision.unwrap_or(0))
    }
}
