//! Counting attempts per key in fixed windows, shared by every server instance: failed
//! sign-ins (per account and address, per address) and per-address request limits (sign-up,
//! the OAuth token and introspection endpoints).

use crate::{Db, Result, on_pool};

/// The attempts counted so far under one key, and when their window started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleWindow {
    /// Attempts in the current window.
    pub failures: i64,
    /// When the window started, unix ms.
    pub started_at_ms: i64,
}

/// The answer to [`Db::throttle_reserve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// The attempt was counted; it may go ahead.
    Granted,
    /// The key's limit is used up until the window that started then ends (unix ms).
    Refused {
        /// When the full window started.
        started_at_ms: i64,
    },
}

impl Db {
    /// Counts one attempt under `key` if fewer than `limit` were counted in the current
    /// window (a window older than `window_ms` is restarted first).
    ///
    /// Check and count are one statement, so concurrent attempts (on any instance) can never
    /// get more than `limit` past it: the slot is taken before the caller does the expensive
    /// work (hashing a password), not after.
    #[tracing::instrument(skip_all)]
    pub async fn throttle_reserve(
        &self,
        key: &str,
        limit: u32,
        window_ms: i64,
    ) -> Result<Reservation> {
        if limit == 0 {
            return self.refused(key, window_ms).await;
        }
        let now = domain::Timestamp::now().unix_ms();
        let stale = now.saturating_sub(window_ms);
        // `DO UPDATE … WHERE` leaves a full window alone and returns no row for it.
        let row: Option<(i64,)> = on_pool!(self, pool =>
            sqlx::query_as(
                "INSERT INTO sign_in_throttle (throttle_key, failures, window_started_at) VALUES ($1, 1, $2) \
                 ON CONFLICT (throttle_key) DO UPDATE SET \
                   failures = CASE WHEN sign_in_throttle.window_started_at <= $3 THEN 1 \
                                   ELSE sign_in_throttle.failures + 1 END, \
                   window_started_at = CASE WHEN sign_in_throttle.window_started_at <= $3 THEN $2 \
                                   ELSE sign_in_throttle.window_started_at END \
                 WHERE sign_in_throttle.window_started_at <= $3 OR sign_in_throttle.failures < $4 \
                 RETURNING CAST(failures AS BIGINT)",
            )
            .bind(key)
            .bind(now)
            .bind(stale)
            .bind(i64::from(limit))
            .fetch_optional(pool)
            .await
        )?;
        match row {
            Some(_) => Ok(Reservation::Granted),
            None => self.refused(key, window_ms).await,
        }
    }

    /// Records one failure under `key`, unconditionally. A window older than `window_ms` is
    /// restarted first.
    #[tracing::instrument(skip_all)]
    pub async fn throttle_record_failure(
        &self,
        key: &str,
        window_ms: i64,
    ) -> Result<ThrottleWindow> {
        let now = domain::Timestamp::now().unix_ms();
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
            .bind(now.saturating_sub(window_ms))
            .fetch_one(pool)
            .await
        )?;
        Ok(ThrottleWindow {
            failures,
            started_at_ms,
        })
    }

    async fn refused(&self, key: &str, window_ms: i64) -> Result<Reservation> {
        let started_at_ms = self
            .throttle_get(key, window_ms)
            .await?
            .map_or_else(|| domain::Timestamp::now().unix_ms(), |w| w.started_at_ms);
        Ok(Reservation::Refused { started_at_ms })
    }

    /// Gives back one attempt counted under `key` (the attempt succeeded, or a later check
    /// refused it before it did anything).
    #[tracing::instrument(skip_all)]
    pub async fn throttle_release(&self, key: &str) -> Result<()> {
        on_pool!(self, pool =>
            sqlx::query(
                "UPDATE sign_in_throttle SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0",
            )
            .bind(key)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        )?;
        Ok(())
    }

    /// The attempts under `key` within the last `window_ms`, if any.
    #[tracing::instrument(skip_all)]
    pub async fn throttle_get(&self, key: &str, window_ms: i64) -> Result<Option<ThrottleWindow>> {
        let row: Option<(i64, i64)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT CAST(failures AS BIGINT), window_started_at FROM sign_in_throttle \
                 WHERE throttle_key = $1 AND window_started_at > $2",
            )
            .bind(key)
            .bind(domain::Timestamp::now().unix_ms().saturating_sub(window_ms))
            .fetch_optional(pool)
            .await
        )?;
        Ok(row.map(|(failures, started_at_ms)| ThrottleWindow {
            failures,
            started_at_ms,
        }))
    }

    /// Forgets the attempts under `key` (after a successful sign-in).
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
                .bind(domain::Timestamp::now().unix_ms().saturating_sub(window_ms))
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        )?;
        Ok(done)
    }
}
