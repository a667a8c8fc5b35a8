//! Bluetooth sensor sync: devices, sessions and their batches, always within one account.
//!
//! A batch is stored as a typed blob: the JSON of a [`StoredBatch`] in `sync_batch.body`,
//! written and read only here, so no caller knows the format.

use domain::UserId;
use syncbatch::StoredBatch;

use crate::{Db, DbError, Result, on_pool};

/// A stored batch as read back, still in its stored form: closing a session keeps these bytes
/// as the workout's original and decodes each in turn, so a batch is never held twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncBatchBlob(String);

impl SyncBatchBlob {
    /// The stored bytes (the original of a workout made from the session).
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The batch. Fails only on a row no code of ours wrote.
    pub fn decode(&self) -> Result<StoredBatch> {
        serde_json::from_str(&self.0)
            .map_err(|e| DbError::invariant(format!("sync_batch body: {e}")))
    }
}

/// A registered sensor device or companion app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncDevice {
    /// Its id.
    pub id: i64,
    /// What the user or app calls it.
    pub name: String,
    /// The maker.
    pub maker: String,
    /// The model.
    pub model: String,
    /// GATT services (16-bit, hex).
    pub services: Vec<String>,
}

/// A recording session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSession {
    /// Its id.
    pub id: i64,
    /// The device that records it, if registered.
    pub device_id: Option<i64>,
    /// Stable sport name.
    pub sport: String,
    /// Wheel circumference, mm, for speed sensors.
    pub wheel_mm: Option<i64>,
    /// When it was closed (unix ms).
    pub closed_at: Option<i64>,
    /// The workout it became.
    pub workout_id: Option<i64>,
}

/// A `sync_session` row: id, device, sport, wheel, closed, workout.
type SessionRow = (
    i64,
    Option<i64>,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

impl Db {
    /// Registers a device.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn sync_device_create(
        &self,
        user: UserId,
        name: &str,
        maker: &str,
        model: &str,
        services: &[String],
    ) -> Result<i64> {
        let (id,): (i64,) = on_pool!(self, pool =>
            sqlx::query_as(
                "INSERT INTO sync_device (account_id, name, maker, model, services, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING device_id",
            )
            .bind(user.get()).bind(name).bind(maker).bind(model).bind(services.join(" ")).bind(domain::Timestamp::now().unix_ms())
            .fetch_one(pool).await
        )?;
        Ok(id)
    }

    /// One of the user's devices.
    #[tracing::instrument(skip_all, fields(user = %user, device = id))]
    pub async fn sync_device(&self, user: UserId, id: i64) -> Result<Option<SyncDevice>> {
        let row: Option<(i64, String, String, String, String)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT device_id, name, maker, model, services FROM sync_device WHERE device_id = $1 AND account_id = $2",
            )
            .bind(id).bind(user.get())
            .fetch_optional(pool).await
        )?;
        Ok(row.map(|(id, name, maker, model, services)| SyncDevice {
            id,
            name,
            maker,
            model,
            services: services.split_whitespace().map(str::to_owned).collect(),
        }))
    }

    /// Opens a session.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn sync_session_create(
        &self,
        user: UserId,
        device_id: Option<i64>,
        sport: &str,
        wheel_mm: Option<i64>,
    ) -> Result<i64> {
        let (id,): (i64,) = on_pool!(self, pool =>
            sqlx::query_as(
                "INSERT INTO sync_session (account_id, device_id, sport, wheel_mm, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING session_id",
            )
            .bind(user.get()).bind(device_id).bind(sport).bind(wheel_mm).bind(domain::Timestamp::now().unix_ms())
            .fetch_one(pool).await
        )?;
        Ok(id)
    }

    /// One of the user's sessions.
    #[tracing::instrument(skip_all, fields(user = %user, session = id))]
    pub async fn sync_session(&self, user: UserId, id: i64) -> Result<Option<SyncSession>> {
        let row: Option<SessionRow> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT session_id, device_id, sport, wheel_mm, closed_at, workout_id FROM sync_session \
                 WHERE session_id = $1 AND account_id = $2",
            )
            .bind(id).bind(user.get())
            .fetch_optional(pool).await
        )?;
        Ok(row.map(
            |(id, device_id, sport, wheel_mm, closed_at, workout_id)| SyncSession {
                id,
                device_id,
                sport,
                wheel_mm,
                closed_at,
                workout_id,
            },
        ))
    }

    /// Stores a batch (and how many of its notifications were malformed); `false` when this
    /// sequence number was stored before (a resend).
    #[tracing::instrument(skip_all, fields(session = session_id, seq))]
    pub async fn sync_batch_insert(
        &self,
        session_id: i64,
        seq: i64,
        batch: &StoredBatch,
        malformed: usize,
    ) -> Result<bool> {
        let body = serde_json::to_string(batch)
            .map_err(|e| DbError::invariant(format!("sync batch: {e}")))?;
        let notifications = i64::try_from(batch.notifications.len()).unwrap_or(i64::MAX);
        let malformed = i64::try_from(malformed).unwrap_or(i64::MAX);
        let done = on_pool!(self, pool =>
            sqlx::query(
                "INSERT INTO sync_batch (session_id, seq, body, notifications, malformed, received_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (session_id, seq) DO NOTHING",
            )
            .bind(session_id).bind(seq).bind(&body).bind(notifications).bind(malformed).bind(domain::Timestamp::now().unix_ms())
            .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(done == 1)
    }

    /// The sequence numbers received, ascending.
    #[tracing::instrument(skip_all, fields(session = session_id))]
    pub async fn sync_batch_seqs(&self, session_id: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = on_pool!(self, pool =>
            sqlx::query_as("SELECT seq FROM sync_batch WHERE session_id = $1 ORDER BY seq")
                .bind(session_id).fetch_all(pool).await
        )?;
        Ok(rows.into_iter().map(|(s,)| s).collect())
    }

    /// How many decodable notifications the session's batches hold in all.
    #[tracing::instrument(skip_all, fields(session = session_id))]
    pub async fn sync_notification_total(&self, session_id: i64) -> Result<i64> {
        let (total,): (Option<i64>,) = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT CAST(SUM(notifications) AS BIGINT) FROM sync_batch WHERE session_id = $1",
            )
            .bind(session_id).fetch_one(pool).await
        )?;
        Ok(total.unwrap_or(0))
    }

    /// Every batch, by sequence number, in its stored form.
    #[tracing::instrument(skip_all, fields(session = session_id))]
    pub async fn sync_batches(&self, session_id: i64) -> Result<Vec<SyncBatchBlob>> {
        let rows: Vec<(String,)> = on_pool!(self, pool =>
            sqlx::query_as("SELECT body FROM sync_batch WHERE session_id = $1 ORDER BY seq")
                .bind(session_id).fetch_all(pool).await
        )?;
        Ok(rows.into_iter().map(|(b,)| SyncBatchBlob(b)).collect())
    }

    /// Marks a session closed as this workout. `false` if it was closed already.
    #[tracing::instrument(skip_all, fields(session = session_id))]
    pub async fn sync_session_close(
        &self,
        session_id: i64,
        workout_id: Option<i64>,
    ) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query(
                "UPDATE sync_session SET closed_at = $1, workout_id = $2 WHERE session_id = $3 AND closed_at IS NULL",
            )
            .bind(domain::Timestamp::now().unix_ms()).bind(workout_id).bind(session_id)
            .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(done == 1)
    }
}
