//! Sensor sync sessions as a service: devices, sessions, their batches, and closing a session
//! into a workout. The HTTP layer parses requests and shapes answers; everything that touches
//! the store or the recording happens here.

use db::{DailyActivity, SyncBatchBlob, SyncSession};
use domain::{FileResult, Outcome, UserId};
use syncbatch::{BatchBody, DecodedBatch, Malformed};

use crate::{
    Item, Limits, Workouts, WorkoutsError,
    sync::{DEFAULT_WHEEL_M, Notification, SyncedSession},
};

/// A device to register (the HTTP layer has checked its sizes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDevice {
    /// What the user or app calls it.
    pub name: String,
    /// The maker.
    pub maker: String,
    /// The model.
    pub model: String,
    /// GATT services, 16-bit, four lower-case hex digits each.
    pub services: Vec<String>,
}

/// What became of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchReceipt {
    /// `false` when this sequence number was stored before: a resend changes nothing.
    pub fresh: bool,
    /// The notifications stored from this batch.
    pub stored: usize,
    /// The notifications refused, and why.
    pub malformed: Vec<Malformed>,
    /// Sequence numbers below the highest received that never arrived.
    pub missing: Vec<i64>,
}

/// A session and the batches it has received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionStatus {
    /// The session.
    pub session: SyncSession,
    /// How many batches arrived.
    pub batches: usize,
    /// Sequence numbers below the highest received that never arrived.
    pub missing: Vec<i64>,
}

/// A closed session.
#[derive(Debug, Clone, PartialEq)]
pub struct Closed {
    /// The workout it became (none when the import refused it).
    pub workout_id: Option<i64>,
    /// The import's answer, when this call closed it; `None` when it was closed before.
    pub result: Option<FileResult>,
}

/// Sequence numbers below the highest received that never arrived (at most 1000 named).
fn missing(seqs: &[i64]) -> Vec<i64> {
    let Some(&max) = seqs.last() else {
        return Vec::new();
    };
    (0..max)
        .filter(|s| seqs.binary_search(s).is_err())
        .take(1000)
        .collect()
}

impl Workouts {
    /// Registers a sensor device or companion app; answers its id.
    #[tracing::instrument(skip_all, fields(user = user.get()))]
    pub async fn register_sync_device(
        &self,
        user: UserId,
        device: &NewDevice,
    ) -> Result<i64, WorkoutsError> {
        Ok(self
            .db
            .sync_device_create(
                user,
                &device.name,
                &device.maker,
                &device.model,
                &device.services,
            )
            .await?)
    }

    /// Opens a session recording `sport` (a stable sport name) from one of the user's
    /// devices; answers its id. Another user's device is refused.
    #[tracing::instrument(skip_all, fields(user = user.get()))]
    pub async fn open_sync_session(
        &self,
        user: UserId,
        device_id: Option<i64>,
        sport: &str,
        wheel_mm: Option<i64>,
    ) -> Result<i64, WorkoutsError> {
        if let Some(device) = device_id
            && self.db.sync_device(user, device).await?.is_none()
        {
            return Err(WorkoutsError::Refused(format!(
                "device_id {device} is not one of your devices."
            )));
        }
        Ok(self
            .db
            .sync_session_create(user, device_id, sport, wheel_mm)
            .await?)
    }

    /// One of the user's sessions with its batches so far.
    #[tracing::instrument(skip_all, fields(user = user.get(), session = id))]
    pub async fn sync_session_status(
        &self,
        user: UserId,
        id: i64,
    ) -> Result<SessionStatus, WorkoutsError> {
        let session = self.open_or_closed(user, id).await?;
        let seqs = self.db.sync_batch_seqs(id).await?;
        Ok(SessionStatus {
            session,
            batches: seqs.len(),
            missing: missing(&seqs),
        })
    }

    /// Stores a batch in an open session of the user's. `now_ms` (UTC, unix ms) bounds the
    /// plausible times. The whole batch is refused when its own checks fail or the session
    /// has no room for it; malformed notifications are only named.
    #[tracing::instrument(skip_all, fields(user = user.get(), session = id, seq = body.seq))]
    pub async fn add_sync_batch(
        &self,
        user: UserId,
        id: i64,
        body: &BatchBody,
        now_ms: i64,
    ) -> Result<BatchReceipt, WorkoutsError> {
        let session = self.open_or_closed(user, id).await?;
        if session.closed_at.is_some() {
            return Err(WorkoutsError::Refused(
                "This session is closed; open a new one.".into(),
            ));
        }
        // The body's own checks refuse the whole batch before the session's total is looked at.
        let offset = body.check(now_ms)?;
        self.refuse_beyond_limit(id, body.notifications.len())
            .await?;
        let DecodedBatch {
            stored, malformed, ..
        } = body.decode(offset, now_ms);
        let fresh = self
            .db
            .sync_batch_insert(id, body.seq, &stored, malformed.len())
            .await?;
        let seqs = self.db.sync_batch_seqs(id).await?;
        Ok(BatchReceipt {
            fresh,
            stored: if fresh { stored.notifications.len() } else { 0 },
            malformed,
            missing: missing(&seqs),
        })
    }

    /// Closes one of the user's sessions: merges every batch by time into one workout (laps
    /// where marked), built on a blocking thread, and imports it as an upload would. Closing
    /// twice answers the same workout.
    #[tracing::instrument(skip_all, fields(user = user.get(), session = id))]
    pub async fn close_sync_session(&self, user: UserId, id: i64) -> Result<Closed, WorkoutsError> {
        let session = self.open_or_closed(user, id).await?;
        if session.closed_at.is_some() {
            return Ok(Closed {
                workout_id: session.workout_id,
                result: None,
            });
        }
        let batches = self.db.sync_batches(id).await?;
        let device = match session.device_id {
            Some(d) => self.db.sync_device(user, d).await?,
            None => None,
        };
        let synced = SyncedSession {
            sport: session.sport,
            device: device.map(|d| (d.maker, d.model)),
            wheel_circumference_m: session
                .wheel_mm
                .map_or(DEFAULT_WHEEL_M, |mm| mm as f64 / 1000.0),
            ..SyncedSession::default()
        };
        let limits = self.limits;
        let (recording, original) =
            tokio::task::spawn_blocking(move || assemble(synced, batches, &limits))
                .await
                .map_err(|e| WorkoutsError::Task(e.to_string()))??;
        let item = Item::recording(format!("sync-session-{id}.json"), recording, original);
        let result = self.import_item(user, item).await?;
        let workout_id = match &result.outcome {
            Outcome::Imported { workout_id, .. }
            | Outcome::Duplicate { workout_id }
            | Outcome::Linked { workout_id, .. } => Some(workout_id.get()),
            Outcome::Refused { .. }
            | Outcome::Days { .. }
            | Outcome::Skipped { .. }
            | Outcome::Settings { .. }
            | Outcome::Gear { .. } => None,
        };
        self.db.sync_session_close(id, workout_id).await?;
        Ok(Closed {
            workout_id,
            result: Some(result),
        })
    }

    /// Stores days of activity a wearable synced, each replacing the figures of its day (and
    /// announced to partners' webhooks); answers their ids, in order.
    #[tracing::instrument(skip_all, fields(user = user.get(), days = days.len()))]
    pub async fn record_activity(
        &self,
        user: UserId,
        days: &[DailyActivity],
    ) -> Result<Vec<i64>, WorkoutsError> {
        let mut ids = Vec::with_capacity(days.len());
        for day in days {
            ids.push(self.db.activity_upsert(user, day).await?);
        }
        Ok(ids)
    }

    /// One of the user's sessions, open or closed; another user's is not found.
    async fn open_or_closed(&self, user: UserId, id: i64) -> Result<SyncSession, WorkoutsError> {
        self.db
            .sync_session(user, id)
            .await?
            .ok_or(WorkoutsError::NotFound)
    }

    /// Refuses `adding` more notifications when the session would then hold more than
    /// [`Limits::max_sync_notifications`].
    async fn refuse_beyond_limit(
        &self,
        session_id: i64,
        adding: usize,
    ) -> Result<(), WorkoutsError> {
        let limit = self.limits.max_sync_notifications;
        let held = self.db.sync_notification_total(session_id).await?;
        if u64::try_from(held).unwrap_or(0) + adding as u64 > limit {
            return Err(WorkoutsError::Refused(format!(
                "This session holds {held} notifications; a session may hold at most {limit}. Close it and open a new one."
            )));
        }
        Ok(())
    }
}

/// Decodes the stored batches into `synced` and builds the recording; answers it with its
/// original, the stored batches as one JSON array. Each batch is decoded and appended in turn,
/// so its text is not held twice.
fn assemble(
    mut synced: SyncedSession,
    batches: Vec<SyncBatchBlob>,
    limits: &Limits,
) -> Result<(formats::Recording, Vec<u8>), WorkoutsError> {
    let mut original = Vec::with_capacity(
        batches
            .iter()
            .map(|b| b.as_bytes().len() + 1)
            .sum::<usize>()
            + 2,
    );
    original.push(b'[');
    for (i, blob) in batches.into_iter().enumerate() {
        let batch = blob.decode()?;
        if i > 0 {
            original.push(b',');
        }
        original.extend_from_slice(blob.as_bytes());
        add_batch(&mut synced, batch);
    }
    original.push(b']');
    let recording = build_session(&synced, limits).map_err(WorkoutsError::Refused)?;
    Ok((recording, original))
}

/// Adds a stored batch's notifications and lap presses to a session being assembled
/// (notifications of characteristics or values that do not decode are left out).
pub(crate) fn add_batch(synced: &mut SyncedSession, batch: syncbatch::StoredBatch) {
    synced.laps_ms.extend(batch.laps_ms);
    synced
        .notifications
        .extend(batch.notifications.into_iter().filter_map(|n| {
            Some(Notification {
                sensor: n.sensor,
                characteristic: gatt::Characteristic::parse(&n.characteristic)?,
                at_ms: n.at_ms,
                bytes: syncbatch::hex(&n.value)?,
            })
        }));
}

/// The recording of an assembled session, within the limits; the text says why not.
pub(crate) fn build_session(
    synced: &SyncedSession,
    limits: &Limits,
) -> Result<formats::Recording, String> {
    if synced.notifications.len() as u64 > limits.max_sync_notifications {
        return Err(format!(
            "This session holds more than {} notifications: it cannot become one workout.",
            limits.max_sync_notifications
        ));
    }
    crate::sync::build(synced, limits.max_sync_span_ms).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::missing;

    #[test]
    fn missing_names_the_gaps_below_the_highest_sequence_number() {
        assert_eq!(missing(&[]), Vec::<i64>::new());
        assert_eq!(missing(&[0, 1, 2]), Vec::<i64>::new());
        assert_eq!(missing(&[1, 4]), vec![0, 2, 3]);
    }
}
