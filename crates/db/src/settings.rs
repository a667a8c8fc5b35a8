//! Instance-wide settings that administrators change at run time.

use crate::{Db, Result, on_pool};

const SIGN_UP_OPEN: &str = "sign_up_open";

impl Db {
    /// Whether anyone may create an account. Closed unless an administrator opened it.
    #[tracing::instrument(skip_all)]
    pub async fn sign_up_open(&self) -> Result<bool> {
        Ok(self.setting(SIGN_UP_OPEN).await?.as_deref() == Some("true"))
    }

    /// Opens or closes sign-up.
    #[tracing::instrument(skip_all, fields(open))]
    pub async fn set_sign_up_open(&self, open: bool) -> Result<()> {
        self.set_setting(SIGN_UP_OPEN, if open { "true" } else { "false" })
            .await
    }

    /// An instance-wide value created once: the stored one, or `candidate` if none was stored
    /// yet (two instances starting at once agree on whichever was written first).
    #[tracing::instrument(skip_all, fields(key))]
    pub async fn setting_or_init(&self, key: &str, candidate: &str) -> Result<String> {
        on_pool!(self, pool =>
            sqlx::query(
                "INSERT INTO setting (setting_key, value, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (setting_key) DO NOTHING",
            )
            .bind(key).bind(candidate).bind(domain::Timestamp::now().unix_ms())
            .execute(pool).await.map(|done| done.rows_affected())
        )?;
        self.setting(key)
            .await?
            .ok_or_else(|| crate::DbError::invariant(format!("setting {key} vanished")))
    }

    async fn setting(&self, key: &str) -> Result<Option<String>> {
        let row: Option<(String,)> = on_pool!(self, pool =>
            sqlx::query_as("SELECT value FROM setting WHERE setting_key = $1")
                .bind(key)
                .fetch_optional(pool)
                .await
        )?;
        Ok(row.map(|(value,)| value))
    }

    async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        on_pool!(self, pool =>
            sqlx::query(
                "INSERT INTO setting (setting_key, value, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (setting_key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(value)
            .bind(domain::Timestamp::now().unix_ms())
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        )?;
        Ok(())
    }
}
