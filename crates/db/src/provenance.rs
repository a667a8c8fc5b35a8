//! Where a stored workout came from, beyond what its summary says: the bytes it was stored
//! from (their hash, and which of their workouts it is), the service's reference, and the
//! sensor session it was built from. The whole-account export writes this down so that a
//! restore finds the same workouts again (and deduplicates them) exactly as the first import
//! did.

use domain::{UserId, WorkoutId};

use crate::{Db, Result, SourceRef, on_pool};

/// Where one workout came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// BLAKE2b-256 (hex) of what it was imported from: the deduplication key.
    pub content_hash: String,
    /// Which workout of those bytes it is, from 0.
    pub part: u32,
    /// The service and its id for the activity, when it came in a service's account export.
    pub source: Option<SourceRef>,
    /// The sensor session it was made from, when it was synced.
    pub sensor: Option<SensorOrigin>,
}

/// What a synced sensor session knew besides its batches: enough to build the same recording
/// from the batches again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SensorOrigin {
    /// The sport the session was opened for (stable name).
    pub sport: String,
    /// The recording device's maker and model, when it was registered.
    pub device: Option<(String, String)>,
    /// Wheel circumference, mm, for speed sensors.
    pub wheel_mm: Option<i64>,
}

/// content_hash, part, source_service, source_id, sport, wheel_mm, maker, model.
type ProvenanceRow = (
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

impl Db {
    /// Where one workout of this account came from; `None` for another account's.
    #[tracing::instrument(skip_all, fields(user = %user, workout = %id))]
    pub async fn workout_provenance(
        &self,
        user: UserId,
        id: WorkoutId,
    ) -> Result<Option<Provenance>> {
        // A session closed twice on the same batches names the same workout: the first one
        // tells.
        let row: Option<ProvenanceRow> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT w.content_hash, w.part, w.source_service, w.source_id, s.sport, \
                 s.wheel_mm, d.maker, d.model FROM workout w \
                 LEFT JOIN sync_session s ON s.workout_id = w.workout_id \
                   AND s.account_id = w.account_id \
                 LEFT JOIN sync_device d ON d.device_id = s.device_id \
                   AND d.account_id = w.account_id \
                 WHERE w.account_id = $1 AND w.workout_id = $2 \
                 ORDER BY s.session_id LIMIT 1",
            )
            .bind(user.get())
            .bind(id.get())
            .fetch_optional(pool)
            .await
        )?;
        Ok(row.map(
            |(content_hash, part, service, source_id, sport, wheel_mm, maker, model)| Provenance {
                content_hash,
                part: u32::try_from(part).unwrap_or(0),
                source: service
                    .zip(source_id)
                    .map(|(service, id)| SourceRef { service, id }),
                sensor: sport.map(|sport| SensorOrigin {
                    sport,
                    device: maker.zip(model),
                    wheel_mm,
                }),
            },
        ))
    }
}
