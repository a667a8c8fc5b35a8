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
    /// The recording device, when it was registered.
    pub device: Option<SensorDevice>,
    /// Wheel circumference, mm, for speed sensors.
    pub wheel_mm: Option<i64>,
}

/// A registered sensor device or companion app, as a session names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SensorDevice {
    /// What the athlete or app calls it.
    pub name: String,
    /// The maker.
    pub maker: String,
    /// The model.
    pub model: String,
}

/// content_hash, part, source_service, source_id, sport, wheel_mm, name, maker, model.
type ProvenanceRow = (
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
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
                 s.wheel_mm, d.name, d.maker, d.model FROM workout w \
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
            |(content_hash, part, service, source_id, sport, wheel_mm, name, maker, model)| {
                Provenance {
                    content_hash,
                    part: u32::try_from(part).unwrap_or(0),
                    source: service
                        .zip(source_id)
                        .map(|(service, id)| SourceRef { service, id }),
                    sensor: sport.map(|sport| SensorOrigin {
                        sport,
                        device: match (name, maker, model) {
                            (Some(name), Some(maker), Some(model)) => {
                                Some(SensorDevice { name, maker, model })
                            }
                            _ => None,
                        },
                        wheel_mm,
                    }),
                }
            },
        ))
    }

    /// Records that a restored workout was built from a sensor session: a closed session with
    /// its sport and wheel, on the account's device of that name, maker and model (registered
    /// anew when the account has none), so the account's next export can build it again. Its
    /// batches are the workout's original and are not stored twice. Nothing is written when a
    /// session already names the workout (a restore run again).
    #[tracing::instrument(skip_all, fields(user = %user, workout = %workout))]
    pub async fn sensor_origin_restore(
        &self,
        user: UserId,
        workout: WorkoutId,
        origin: &SensorOrigin,
    ) -> Result<()> {
        let now = domain::Timestamp::now().unix_ms();
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let known: Option<(i64,)> = sqlx::query_as(
                "SELECT session_id FROM sync_session WHERE account_id = $1 AND workout_id = $2",
            )
            .bind(user.get())
            .bind(workout.get())
            .fetch_optional(&mut *tx)
            .await?;
            if known.is_some() {
                return Ok(());
            }
            let device = match &origin.device {
                None => None,
                Some(d) => {
                    let found: Option<(i64,)> = sqlx::query_as(
                        "SELECT device_id FROM sync_device WHERE account_id = $1 AND name = $2 \
                         AND maker = $3 AND model = $4 ORDER BY device_id LIMIT 1",
                    )
                    .bind(user.get())
                    .bind(&d.name)
                    .bind(&d.maker)
                    .bind(&d.model)
                    .fetch_optional(&mut *tx)
                    .await?;
                    Some(match found {
                        Some((id,)) => id,
                        None => {
                            let (id,): (i64,) = sqlx::query_as(
                                "INSERT INTO sync_device (account_id, name, maker, model, services, \
                                 created_at) VALUES ($1, $2, $3, $4, '', $5) RETURNING device_id",
                            )
                            .bind(user.get())
                            .bind(&d.name)
                            .bind(&d.maker)
                            .bind(&d.model)
                            .bind(now)
                            .fetch_one(&mut *tx)
                            .await?;
                            id
                        }
                    })
                }
            };
            sqlx::query(
                "INSERT INTO sync_session (account_id, device_id, sport, wheel_mm, created_at, \
                 closed_at, workout_id) VALUES ($1, $2, $3, $4, $5, $5, $6)",
            )
            .bind(user.get())
            .bind(device)
            .bind(&origin.sport)
            .bind(origin.wheel_mm)
            .bind(now)
            .bind(workout.get())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, crate::DbError>(())
        }.await)
    }
}
