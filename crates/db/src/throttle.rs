//! Counting failed sign-ins per key in fixed windows, shared by every server instance.

use crate::{Db, Result, now_ms, on_pool};

/// The failures counted so far under one key, and when their window started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleWindow {
    /// Failures in the current window.
    pub failures: i64,
    /// When the window started, unix ms.
    pub started_at_ms: i64,
}

impl Db {
    /// Records one failure under `key`. A window older than `window_ms` is restarted first.
    #[tracing::instrument(skip_all)]
    pub async fn throttle_record_failure(
        &self,
        key: &str,
        window_ms: i64,
    ) -> Result<ThrottleWindow> {
        let now = now_ms();
        // One statement, so concurrent failures from several instances each count once.
        let (failures, started_at_ms): (i64, i64) = on_pool!(self, pool =>
            sqlx::query_as(
                "INSERT INTO sign_in_throttle (throttle_key, failures, window_started_at) VALUES ($1, 1, $2) \
                 ON CONFLICT (throttle_key) DO UPDATE SET \
                   failures = CASE WHEN sign_in_throttle.window_started_at <= $3 THEN 1 \
                                   ELSE sign_in_throttle.failures + 1 END, \
                   window_started_at = CASE WHEN sign_in_throttle.window_started_at <= $3 THEN $2 \
                                   ELSE sign_in_throttle.window_started_at END \
                 RETURNING CAST(failures AS BIGINT), window_started_at",
            )
            .bind(key)
            .bind(now)
            .bind(now - window_ms)
            .fetch_one(pool)
            .await
        )?;
        Ok(ThrottleWindow {
            failures,
            started_at_ms,
        })
    }

    /// The failures under `key` within the last `window_ms`, if any.
    #[tracing::instrument(skip_all)]
    pub async fn throttle_get(&self, key: &str, window_ms: i64) -> Result<Option<ThrottleWindow>> {
        let row: Option<(i64, i64)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT CAST(failures AS BIGINT), window_started_at FROM sign_in_throttle \
                 WHERE throttle_key = $1 AND window_started_at > $2",
            )
            .bind(key)
            .bind(now_ms() - window_ms)
            .fetch_optional(pool)
            .await
        )?;
        Ok(row.map(|(failures, started_at_ms)| ThrottleWindow {
            failures,
            started_at_ms,
        }))
    }

    /// Forgets the failures under `key` (after a successful sign-in).
    #[tracing::instrument(skip_all)]
    pub async fn throttle_clear(&self, key: &str) -> Result<()> {
        on_pool!(self, pool =>
            sqlx::query("DELETE FROM sign_in_throttle WHERE throttle_key = $1").bind(key).execute(pool).await.map(|done| done.rows_affected())
        )?;
        Ok(())
    }

    /// Deletes windows that ended more than `window_ms` ago; returns how many.
    #[tracing::instrument(skip_all)]
    pub async fn throttle_delete_expired(&self, window_ms: i64) -> Result<u64> {
        let done = on_pool!(self, pool =>
            sqlx::query("DELETE FROM sign_in_throttle WHERE window_started_at <= $1")
                .bind(now_ms() - window_ms)
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        )?;
        Ok(done)
    }
}
