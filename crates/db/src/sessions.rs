//! Server-side session records, opaque to this crate (the server stores serialized
//! tower-sessions records here).

use crate::{Db, Result, on_pool};

impl Db {
    /// Inserts a new session. Returns `false` if the id is already taken (the caller picks
    /// another), so two sessions can never share an id.
    #[tracing::instrument(skip_all)]
    pub async fn session_create(&self, id: &str, data: &[u8], expires_at_ms: i64) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query(
                "INSERT INTO session (session_id, data, expires_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (session_id) DO NOTHING",
            )
            .bind(id)
            .bind(data)
            .bind(expires_at_ms)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        )?;
        Ok(done == 1)
    }

    /// Writes a session, creating or replacing it.
    #[tracing::instrument(skip_all)]
    pub async fn session_save(&self, id: &str, data: &[u8], expires_at_ms: i64) -> Result<()> {
        on_pool!(self, pool =>
            sqlx::query(
                "INSERT INTO session (session_id, data, expires_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (session_id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
            )
            .bind(id)
            .bind(data)
            .bind(expires_at_ms)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        )?;
        Ok(())
    }

    /// Reads a session that has not expired.
    #[tracing::instrument(skip_all)]
    pub async fn session_load(&self, id: &str) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = on_pool!(self, pool =>
            sqlx::query_as("SELECT data FROM session WHERE session_id = $1 AND expires_at > $2")
                .bind(id)
                .bind(domain::Timestamp::now().unix_ms())
                .fetch_optional(pool)
                .await
        )?;
        Ok(row.map(|(data,)| data))
    }

    /// Deletes a session (sign-out). Deleting a missing one is not an error.
    #[tracing::instrument(skip_all)]
    pub async fn session_delete(&self, id: &str) -> Result<()> {
        on_pool!(self, pool =>
            sqlx::query("DELETE FROM session WHERE session_id = $1").bind(id).execute(pool).await.map(|done| done.rows_affected())
        )?;
        Ok(())
    }

    /// Deletes expired sessions; returns how many.
    #[tracing::instrument(skip_all)]
    pub async fn session_delete_expired(&self) -> Result<u64> {
        let done = on_pool!(self, pool =>
            sqlx::query("DELETE FROM session WHERE expires_at <= $1").bind(domain::Timestamp::now().unix_ms()).execute(pool).await.map(|done| done.rows_affected())
        )?;
        Ok(done)
    }
}
