//! Workouts whose local time came from the athlete's time zone setting (no position to tell
//! where they were; Polar HRM files, which record local time only), and moving them when the
//! setting changes.

use domain::{Sport, Timestamp, UserId, WorkoutId};

use crate::{Db, DbError, Result, on_pool};

/// A workout whose local time came from the settings' zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZonedWorkout {
    /// Its id.
    pub id: WorkoutId,
    /// Its title.
    pub title: String,
    /// Its sport.
    pub sport: Sport,
    /// Start and end (UTC).
    pub start: Timestamp,
    /// The end (UTC).
    pub end: Timestamp,
    /// The offset it was given, minutes east of UTC.
    pub utc_offset_min: i32,
    /// The format it was uploaded as (`hrm` keeps its wall clock when moved).
    pub source_format: String,
}

/// Where a workout's time goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedTime {
    /// The new zone.
    pub time_zone: String,
    /// The new offset, minutes east of UTC.
    pub utc_offset_min: i32,
    /// How far its UTC instants move (0 unless the wall clock is what the file recorded).
    pub shift_ms: i64,
    /// The local day of its (moved) start, days since 1970-01-01.
    pub local_day: i64,
    /// The recording with its times moved, when they move.
    pub recording: Option<Vec<u8>>,
}

impl Db {
    /// The account's workouts without a position whose zone is `zone`, oldest first, but for
    /// those from `stated_by` (a service whose export states each workout's zone: that zone
    /// is the service's, not the setting's).
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn zoned_workouts(
        &self,
        user: UserId,
        zone: &str,
        stated_by: &str,
    ) -> Result<Vec<ZonedWorkout>> {
        type Row = (i64, String, String, i64, i64, i64, String);
        let rows: Vec<Row> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT workout_id, title, sport, start_at, end_at, utc_offset_min, source_format \
                 FROM workout WHERE account_id = $1 AND time_zone = $2 AND NOT has_gps \
                 AND (source_service IS NULL OR source_service <> $3) \
                 ORDER BY start_at, workout_id",
            )
            .bind(user.get())
            .bind(zone)
            .bind(stated_by)
            .fetch_all(pool)
            .await
        )?;
        Ok(rows
            .into_iter()
            .map(
                |(id, title, sport, start, end, offset, format)| ZonedWorkout {
                    id: WorkoutId::new(id),
                    title,
                    sport: Sport::from_name(&sport),
                    start: Timestamp::from_unix_ms(start),
                    end: Timestamp::from_unix_ms(end),
                    utc_offset_min: i32::try_from(offset).unwrap_or(0),
                    source_format: format,
                },
            )
            .collect())
    }

    /// Moves one workout of the account to another zone, in one transaction: its offset and
    /// local day, and when `shift_ms` is not 0 its start, end, laps and recording. `false` when
    /// the account has no such workout still in `from` (moved already, or deleted).
    #[tracing::instrument(skip_all, fields(user = %user, workout = %id))]
    pub async fn move_workout_zone(
        &self,
        user: UserId,
        id: WorkoutId,
        from: &str,
        to: &MovedTime,
    ) -> Result<bool> {
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE workout SET time_zone = $4, utc_offset_min = $5, \
                 start_at = start_at + $6, end_at = end_at + $6, \
                 local_day = $7 \
                 WHERE account_id = $1 AND workout_id = $2 AND time_zone = $3 AND NOT has_gps",
            )
            .bind(user.get())
            .bind(id.get())
            .bind(from)
            .bind(&to.time_zone)
            .bind(i64::from(to.utc_offset_min))
            .bind(to.shift_ms)
            .bind(to.local_day)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Ok::<_, DbError>(false);
            }
            if to.shift_ms != 0 {
                sqlx::query("UPDATE workout_lap SET start_at = start_at + $2 WHERE workout_id = $1")
                    .bind(id.get())
                    .bind(to.shift_ms)
                    .execute(&mut *tx)
                    .await?;
            }
            if let Some(recording) = &to.recording {
                sqlx::query("UPDATE workout_data SET recording = $2 WHERE workout_id = $1")
                    .bind(id.get())
                    .bind(recording)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(true)
        }.await)
    }
}
