//! Workouts: one upload stored in one transaction, found again by day, by page or by id, always
//! within one account.

use domain::{
    Date, Intensity, LapSummary, LapTrigger, Metrics, Sport, Timestamp, UserId, WorkoutId,
    WorkoutSummary,
};
use sqlx::Row;

use crate::{
    Db, DbError, Result,
    gear::{self, GearChoice, find_or_create_gear},
    links::{self, Exact, Matching},
    on_pool,
};

/// One workout to store: its summary (the id is ignored), laps and recording blob.
#[derive(Debug, Clone)]
pub struct NewWorkout {
    /// What the calendar and the tiles show.
    pub summary: WorkoutSummary,
    /// Device laps, in order.
    pub laps: Vec<LapSummary>,
    /// The recording as `formats::store` encodes it.
    pub recording: Vec<u8>,
    /// Further service references this workout is known by (a restore brings back every one
    /// it had), stored beside the upload's own in the same transaction, in this order. One
    /// that names another workout of the account already is left with that workout.
    pub sources: Vec<SourceRef>,
    /// What its recording answers (best efforts, curves, load inputs), stored in the same
    /// transaction so a stored workout is never missing from records; `None` leaves it to
    /// the backfill.
    pub analysis: Option<crate::StoredAnalysis>,
}

/// One uploaded file: every workout it holds, stored together or not at all.
#[derive(Debug, Clone)]
pub struct NewUpload {
    /// Hash of the file's content once decompressed (hex); the same file uploaded twice, gzipped
    /// or not, is a duplicate.
    pub content_hash: String,
    /// Other hashes the same content was stored under before (the hash of a gzip's own bytes,
    /// as workouts imported before hashes were taken of decompressed content have it): looked
    /// up, never stored.
    pub equivalent_hashes: Vec<String>,
    /// The original bytes compressed: zstd, or gzip (an upload that came gzipped, kept as it
    /// came, and every original kept before zstd; the column is named from those days).
    pub original_gz: Vec<u8>,
    /// The workouts, at least one.
    pub workouts: Vec<NewWorkout>,
    /// The service and activity it was imported from, when it came in another service's
    /// account export: the same activity imported again is a duplicate whatever its bytes, and
    /// an activity stored before from elsewhere is linked to it rather than stored twice.
    pub source: Option<SourceRef>,
    /// Which gear its workouts get.
    pub gear: GearChoice,
}

/// A service's own reference to a workout: which service, and its id there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    /// The service's name (`Strava`, `Polar Flow`, ...).
    pub service: String,
    /// The service's id for the activity.
    pub id: String,
}

/// What storing an upload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadOutcome {
    /// Stored, with these ids.
    Imported(Vec<WorkoutId>),
    /// The same file (or the same service's activity) was imported before, as this workout.
    Duplicate(WorkoutId),
    /// The same activity was stored before from elsewhere (another service's export, a file
    /// uploaded by hand): the upload's service reference now names that workout too.
    Linked(WorkoutId),
}

/// A page of workouts, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkoutPage {
    /// The workouts on this page.
    pub workouts: Vec<WorkoutSummary>,
    /// How many match the filter in all.
    pub total: u64,
}

/// Which workouts a list shows.
#[derive(Debug, Clone, Default)]
pub struct WorkoutFilter {
    /// Only this sport (stable name), or all.
    pub sport: Option<String>,
    /// Starting at or after (unix ms).
    pub from_ms: Option<i64>,
    /// Starting before (unix ms).
    pub to_ms: Option<i64>,
}

/// The original upload of a workout.
#[derive(Debug, Clone)]
pub struct Original {
    /// The file name it was uploaded as.
    pub name: String,
    /// Its bytes compressed, zstd or gzip (see [`NewUpload::original_gz`]).
    pub gz: Vec<u8>,
}

pub(crate) const SUMMARY_COLUMNS: &str = "workout_id, title, sport, start_at, utc_offset_min, time_zone, \
    elapsed_ms, moving_ms, distance_m, calories, avg_hr, max_hr, avg_speed, max_speed, \
    avg_cadence, avg_power, max_power, ascent_m, descent_m, has_gps, sample_count, device, \
    source_format, source_name, notes";

const LAP_COLUMNS: &str = "lap_index, start_at, elapsed_ms, timer_ms, distance_m, calories, \
    avg_hr, max_hr, avg_speed, max_speed, avg_cadence, avg_power, ascent_m, descent_m, trigger, \
    intensity";

fn small<T: TryFrom<i64>>(value: Option<i64>) -> Option<T> {
    value.and_then(|v| T::try_from(v).ok())
}

/// Reads a summary from a row of `SUMMARY_COLUMNS` (a macro: the row type differs by backend).
macro_rules! summary_from_row {
    ($row:expr) => {{
        let row = $row;
        WorkoutSummary {
            id: WorkoutId::new(row.try_get("workout_id")?),
            title: row.try_get("title")?,
            // An unknown stored name reads as `generic` rather than failing the page.
            sport: Sport::from_name(row.try_get("sport")?),
            start: Timestamp::from_unix_ms(row.try_get("start_at")?),
            utc_offset_min: small(row.try_get("utc_offset_min")?).unwrap_or(0),
            time_zone: row.try_get("time_zone")?,
            metrics: Metrics {
                elapsed_ms: row.try_get("elapsed_ms")?,
                distance_m: row.try_get("distance_m")?,
                calories: small(row.try_get("calories")?),
                avg_hr: small(row.try_get("avg_hr")?),
                max_hr: small(row.try_get("max_hr")?),
                avg_speed: row.try_get("avg_speed")?,
                max_speed: row.try_get("max_speed")?,
                avg_cadence: small(row.try_get("avg_cadence")?),
                avg_power: small(row.try_get("avg_power")?),
                ascent_m: row.try_get("ascent_m")?,
                descent_m: row.try_get("descent_m")?,
            },
            moving_ms: row.try_get("moving_ms")?,
            max_power: small(row.try_get("max_power")?),
            has_gps: row.try_get("has_gps")?,
            sample_count: small(row.try_get("sample_count")?).unwrap_or(0),
            device: row.try_get("device")?,
            source_format: row.try_get("source_format")?,
            source_name: row.try_get("source_name")?,
            notes: row.try_get("notes")?,
        }
    }};
}
pub(crate) use summary_from_row;

macro_rules! lap_from_row {
    ($row:expr) => {{
        let row = $row;
        LapSummary {
            index: small(row.try_get("lap_index")?).unwrap_or(0),
            start: Timestamp::from_unix_ms(row.try_get("start_at")?),
            metrics: Metrics {
                elapsed_ms: row.try_get("elapsed_ms")?,
                distance_m: row.try_get("distance_m")?,
                calories: small(row.try_get("calories")?),
                avg_hr: small(row.try_get("avg_hr")?),
                max_hr: small(row.try_get("max_hr")?),
                avg_speed: row.try_get("avg_speed")?,
                max_speed: row.try_get("max_speed")?,
                avg_cadence: small(row.try_get("avg_cadence")?),
                avg_power: small(row.try_get("avg_power")?),
                // Whole metres in the lap table (device laps count them so).
                ascent_m: small::<u16>(row.try_get("ascent_m")?).map(f64::from),
                descent_m: small::<u16>(row.try_get("descent_m")?).map(f64::from),
            },
            timer_ms: row.try_get("timer_ms")?,
            trigger: LapTrigger::from_name(row.try_get("trigger")?),
            intensity: Intensity::from_name(row.try_get("intensity")?),
            normalized_power: None,
        }
    }};
}

const INSERT_WORKOUT: &str = "INSERT INTO workout (account_id, title, sport, start_at, end_at, \
    utc_offset_min, time_zone, local_day, elapsed_ms, moving_ms, distance_m, calories, avg_hr, \
    max_hr, avg_speed, max_speed, avg_cadence, avg_power, max_power, ascent_m, descent_m, \
    has_gps, sample_count, device, source_format, source_name, content_hash, part, notes, \
    created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
    $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30) RETURNING workout_id";

/// The head of a multi-row lap insert; `push_values` adds the rows.
const INSERT_LAPS: &str = "INSERT INTO workout_lap (workout_id, lap_index, start_at, elapsed_ms, \
    timer_ms, distance_m, calories, avg_hr, max_hr, avg_speed, max_speed, avg_cadence, \
    avg_power, ascent_m, descent_m, trigger, intensity) ";

/// Laps per insert statement: a file's laps go in one round trip (a device lap every kilometre
/// of an ultra is still one), and 500 rows of 17 values stay far below the bound parameters
/// either database takes (32,766 on SQLite).
const LAPS_PER_INSERT: usize = 500;

fn opt<T: Into<i64>>(value: Option<T>) -> Option<i64> {
    value.map(Into::into)
}

/// A lap's ascent or descent for its integer column: device laps count whole metres, so
/// rounding loses nothing they recorded.
fn whole_metres(value: Option<f64>) -> Option<i64> {
    value.map(|m| m.round() as i64)
}

impl Db {
    /// Stores an upload in one transaction: every workout of the file with its laps, recording
    /// and original, or nothing. A file (or a service's activity) this account imported before
    /// is not stored again; only the same bytes or the same reference are recognised (see
    /// [`Db::import_upload`] for the same activity met again).
    pub async fn insert_upload(&self, user: UserId, upload: &NewUpload) -> Result<UploadOutcome> {
        self.import_upload(user, upload, &Exact).await
    }

    /// Stores an upload in one transaction, unless this account holds it already: the same
    /// service reference (a duplicate), the same content (a duplicate, or linked when the
    /// upload names a service's activity), or for an upload with a service reference and one
    /// workout, a workout that `matching` judges the same activity (linked, given what it
    /// lacks). The account's imports run one at a time from the first look to the commit, so
    /// two imports of the same activity at once cannot both store it.
    #[tracing::instrument(skip_all, fields(user = %user, workouts = upload.workouts.len()))]
    pub async fn import_upload(
        &self,
        user: UserId,
        upload: &NewUpload,
        matching: &dyn Matching,
    ) -> Result<UploadOutcome> {
        // What needs no judgement is answered before the write lock is taken (an archive
        // imported again is all duplicates): the same reference, or for an upload naming no
        // service, the same content. A content match of a service's activity is a link,
        // written under the lock.
        if let Some(existing) = self.find_duplicate(user, upload).await? {
            return Ok(UploadOutcome::Duplicate(existing));
        }
        let now = Timestamp::now().unix_ms();
        let (begin, lock) = self.import_begin();
        let _turn = self.write_turn().await;
        let result: Result<UploadOutcome> = on_pool!(self, pool => async {
            let mut tx = pool.begin_with(begin).await?;
            if let Some(lock) = lock {
                sqlx::query(lock).bind(user.get()).execute(&mut *tx).await?;
            }
            if let Some(found) = links::find_stored!(&mut tx, user, upload, matching, now) {
                // A link (and what it filled in) is written in this transaction.
                tx.commit().await?;
                return Ok(found);
            }
            let mut ids = Vec::with_capacity(upload.workouts.len());
            // Named gear is found or made here, so an interrupted import leaves none behind
            // and a second one finds the first's.
            let named_gear = match &upload.gear {
                GearChoice::Named(draft) => Some(find_or_create_gear!(tx, user, draft, now)),
                GearChoice::SportDefault | GearChoice::Nothing | GearChoice::Each(_) => None,
            };
            for (part, w) in upload.workouts.iter().enumerate() {
                let s = &w.summary;
                let (id,): (i64,) = sqlx::query_as(INSERT_WORKOUT)
                    .bind(user.get())
                    .bind(&s.title)
                    .bind(s.sport.name())
                    .bind(s.start.unix_ms())
                    .bind(s.end().unix_ms())
                    .bind(i64::from(s.utc_offset_min))
                    .bind(&s.time_zone)
                    .bind(s.start.local_days(s.utc_offset_min))
                    .bind(s.metrics.elapsed_ms)
                    .bind(s.moving_ms)
                    .bind(s.metrics.distance_m)
                    .bind(opt(s.metrics.calories))
                    .bind(opt(s.metrics.avg_hr))
                    .bind(opt(s.metrics.max_hr))
                    .bind(s.metrics.avg_speed)
                    .bind(s.metrics.max_speed)
                    .bind(opt(s.metrics.avg_cadence))
                    .bind(opt(s.metrics.avg_power))
                    .bind(opt(s.max_power))
                    .bind(s.metrics.ascent_m)
                    .bind(s.metrics.descent_m)
                    .bind(s.has_gps)
                    .bind(i64::from(s.sample_count))
                    .bind(&s.device)
                    .bind(&s.source_format)
                    .bind(&s.source_name)
                    .bind(&upload.content_hash)
                    .bind(part as i64)
                    .bind(&s.notes)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                // The service's reference goes with the first workout only: it names one
                // activity, and the unique index holds one row per reference.
                if let (0, Some(source)) = (part, &upload.source) {
                    sqlx::query(
                        "UPDATE workout SET source_service = $1, source_id = $2 \
                         WHERE workout_id = $3",
                    )
                    .bind(&source.service)
                    .bind(&source.id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(links::INSERT_SOURCE)
                        .bind(user.get())
                        .bind(&source.service)
                        .bind(&source.id)
                        .bind(id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
                // Each workout's own gear (a restore of a file whose parts had different gear).
                let own_gear = match &upload.gear {
                    GearChoice::Each(each) => match each.get(part) {
                        Some(Some(draft)) => Some(find_or_create_gear!(tx, user, draft, now)),
                        _ => None,
                    },
                    _ => None,
                };
                match (named_gear.or(own_gear), &upload.gear) {
                    (Some(gear), _) => {
                        sqlx::query(gear::SET_NEW_WORKOUT_GEAR)
                            .bind(gear)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    (None, GearChoice::SportDefault) => {
                        sqlx::query(gear::APPLY_SPORT_DEFAULT)
                            .bind(user.get())
                            .bind(s.sport.name())
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    (None, _) => {}
                }
                // Later references list after earlier ones (the store orders them by time).
                for (i, source) in w.sources.iter().enumerate() {
                    sqlx::query(links::INSERT_SOURCE_IF_NEW)
                        .bind(user.get())
                        .bind(&source.service)
                        .bind(&source.id)
                        .bind(id)
                        .bind(now.saturating_add(i as i64))
                        .execute(&mut *tx)
                        .await?;
                }
                for laps in w.laps.chunks(LAPS_PER_INSERT) {
                    let mut insert = sqlx::QueryBuilder::new(INSERT_LAPS);
                    insert.push_values(laps, |mut row, lap| {
                        row.push_bind(id)
                            .push_bind(i64::from(lap.index))
                            .push_bind(lap.start.unix_ms())
                            .push_bind(lap.metrics.elapsed_ms)
                            .push_bind(lap.timer_ms)
                            .push_bind(lap.metrics.distance_m)
                            .push_bind(opt(lap.metrics.calories))
                            .push_bind(opt(lap.metrics.avg_hr))
                            .push_bind(opt(lap.metrics.max_hr))
                            .push_bind(lap.metrics.avg_speed)
                            .push_bind(lap.metrics.max_speed)
                            .push_bind(opt(lap.metrics.avg_cadence))
                            .push_bind(opt(lap.metrics.avg_power))
                            .push_bind(whole_metres(lap.metrics.ascent_m))
                            .push_bind(whole_metres(lap.metrics.descent_m))
                            .push_bind(lap.trigger.name())
                            .push_bind(lap.intensity.name());
                    });
                    insert.build().execute(&mut *tx).await?;
                }
                sqlx::query(
                    "INSERT INTO workout_data (workout_id, recording, original_gz) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(&w.recording)
                // One copy of the original per file, with its first workout; the others of a
                // multi-activity file find it there (see `workout_original`).
                .bind(if part == 0 { upload.original_gz.as_slice() } else { &[] })
                .execute(&mut *tx)
                .await?;
                if let Some(analysis) = &w.analysis {
                    sqlx::query(crate::analysis::UPSERT_ANALYSIS)
                        .bind(user.get())
                        .bind(id)
                        .bind(analysis.version)
                        .bind(analysis.indoor)
                        .bind(i64::from(analysis.dropped_samples))
                        .bind(&analysis.data)
                        .execute(&mut *tx)
                        .await?;
                }
                // The partners' webhook events, in the same transaction: stored means announced.
                sqlx::query(crate::webhooks::ENQUEUE)
                    .bind(user.get())
                    .bind(id.to_string())
                    .bind(now)
                    .bind("EXERCISE")
                    .execute(&mut *tx)
                    .await?;
                ids.push(WorkoutId::new(id));
            }
            tx.commit().await?;
            Ok(UploadOutcome::Imported(ids))
        }.await);
        match result {
            Ok(outcome) => Ok(outcome),
            // The import lock keeps two uploads of one file apart; should one still collide
            // (another writer of the same rows), it finds the first's rows.
            Err(DbError::Conflict { .. }) => match self.find_existing(user, upload).await? {
                Some(existing) => Ok(UploadOutcome::Duplicate(existing)),
                None => Err(DbError::Conflict {
                    constraint: "workout_content_unique".to_owned(),
                }),
            },
            Err(e) => Err(e),
        }
    }

    /// The workout an upload duplicates: the one its service reference names, or for an
    /// upload that names none, the one of the same content.
    async fn find_duplicate(&self, user: UserId, upload: &NewUpload) -> Result<Option<WorkoutId>> {
        match &upload.source {
            Some(source) => self.find_by_source(user, source).await,
            None => self.find_by_content(user, upload).await,
        }
    }

    /// The workout an upload was stored as before: the same content, or the same activity of
    /// the same service.
    async fn find_existing(&self, user: UserId, upload: &NewUpload) -> Result<Option<WorkoutId>> {
        if let Some(found) = self.find_by_content(user, upload).await? {
            return Ok(Some(found));
        }
        match &upload.source {
            Some(source) => self.find_by_source(user, source).await,
            None => Ok(None),
        }
    }

    /// The first workout of the upload's content, under its hash of either form.
    async fn find_by_content(&self, user: UserId, upload: &NewUpload) -> Result<Option<WorkoutId>> {
        for hash in std::iter::once(&upload.content_hash).chain(&upload.equivalent_hashes) {
            let row: Option<(i64,)> = on_pool!(self, pool =>
                sqlx::query_as(links::BY_CONTENT)
                    .bind(user.get())
                    .bind(hash)
                    .fetch_optional(pool)
                    .await
            )?;
            if let Some((id,)) = row {
                return Ok(Some(WorkoutId::new(id)));
            }
        }
        Ok(None)
    }

    /// The workout a service's reference names.
    async fn find_by_source(&self, user: UserId, source: &SourceRef) -> Result<Option<WorkoutId>> {
        let row: Option<(i64,)> = on_pool!(self, pool =>
            sqlx::query_as(links::BY_SOURCE)
                .bind(user.get())
                .bind(&source.service)
                .bind(&source.id)
                .fetch_optional(pool)
                .await
        )?;
        Ok(row.map(|(id,)| WorkoutId::new(id)))
    }

    /// Workouts whose local start day lies in `from..=to`, in start order: the calendar's
    /// query.
    #[tracing::instrument(skip_all, fields(user = %user, %from, %to))]
    pub async fn workouts_on_days(
        &self,
        user: UserId,
        from: Date,
        to: Date,
    ) -> Result<Vec<WorkoutSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM workout WHERE account_id = $1 \
             AND local_day >= $2 AND local_day <= $3 ORDER BY start_at, workout_id"
        );
        on_pool!(self, pool => {
            let rows = sqlx::query(&sql)
                .bind(user.get())
                .bind(from.days())
                .bind(to.days())
                .fetch_all(pool)
                .await?;
            rows.iter().map(|row| Ok(summary_from_row!(row))).collect()
        })
    }

    /// A page of workouts, newest first.
    #[tracing::instrument(skip_all, fields(user = %user, offset, limit))]
    pub async fn list_workouts(
        &self,
        user: UserId,
        filter: &WorkoutFilter,
        offset: u64,
        limit: u64,
    ) -> Result<WorkoutPage> {
        // Only the filters given are in the statement: Postgres plans a prepared statement
        // once for every value, and `($2 = '' OR sport = $2)` kept it from counting from the
        // index alone (1.3 ms for 4,000 workouts, several under load, on every list page).
        let sport = filter.sport.as_deref().filter(|s| !s.is_empty());
        let mut condition = String::from("account_id = $1");
        let mut n = 1;
        for (given, test) in [
            (sport.is_some(), "sport ="),
            (filter.from_ms.is_some(), "start_at >="),
            (filter.to_ms.is_some(), "start_at <"),
        ] {
            if given {
                n += 1;
                condition.push_str(&format!(" AND {test} ${n}"));
            }
        }
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM workout WHERE {condition} \
             ORDER BY start_at DESC, workout_id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let count_sql = format!("SELECT COUNT(*) FROM workout WHERE {condition}");
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        on_pool!(self, pool => {
            let mut list = sqlx::query(&sql).bind(user.get());
            let mut count = sqlx::query_as::<_, (i64,)>(&count_sql).bind(user.get());
            if let Some(sport) = sport {
                (list, count) = (list.bind(sport), count.bind(sport));
            }
            if let Some(from) = filter.from_ms {
                (list, count) = (list.bind(from), count.bind(from));
            }
            if let Some(to) = filter.to_ms {
                (list, count) = (list.bind(to), count.bind(to));
            }
            let rows = list.bind(limit).bind(offset).fetch_all(pool).await?;
            let (total,) = count.fetch_one(pool).await?;
            let workouts = rows
                .iter()
                .map(|row| Ok(summary_from_row!(row)))
                .collect::<Result<_>>()?;
            Ok(WorkoutPage { workouts, total: total.max(0) as u64 })
        })
    }

    /// One workout of this account; `None` for another account's (indistinguishable from a
    /// missing one, so ids reveal nothing).
    #[tracing::instrument(skip_all, fields(user = %user, workout = %id))]
    pub async fn workout(&self, user: UserId, id: WorkoutId) -> Result<Option<WorkoutSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM workout WHERE account_id = $1 AND workout_id = $2"
        );
        on_pool!(self, pool => {
            let row = sqlx::query(&sql)
                .bind(user.get())
                .bind(id.get())
                .fetch_optional(pool)
                .await?;
            row.map(|row| Ok(summary_from_row!(&row))).transpose()
        })
    }

    /// The laps of one workout of this account, in order.
    pub async fn workout_laps(&self, user: UserId, id: WorkoutId) -> Result<Vec<LapSummary>> {
        let sql = format!(
            "SELECT {LAP_COLUMNS} FROM workout_lap WHERE workout_id = (SELECT workout_id \
             FROM workout WHERE account_id = $1 AND workout_id = $2) ORDER BY lap_index"
        );
        on_pool!(self, pool => {
            let rows = sqlx::query(&sql)
                .bind(user.get())
                .bind(id.get())
                .fetch_all(pool)
                .await?;
            rows.iter().map(|row| Ok(lap_from_row!(row))).collect()
        })
    }

    /// The recording blob of one workout of this account.
    pub async fn workout_recording(&self, user: UserId, id: WorkoutId) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT d.recording FROM workout_data d JOIN workout w ON w.workout_id = d.workout_id \
                 WHERE w.account_id = $1 AND w.workout_id = $2",
            )
            .bind(user.get())
            .bind(id.get())
            .fetch_optional(pool)
            .await
        )?;
        Ok(row.map(|(blob,)| blob))
    }

    /// The original upload of one workout of this account.
    pub async fn workout_original(&self, user: UserId, id: WorkoutId) -> Result<Option<Original>> {
        // The file's first workout holds the original for all of the file's workouts.
        let row: Option<(String, Vec<u8>)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT w.source_name, d.original_gz FROM workout w \
                 JOIN workout f ON f.account_id = w.account_id AND f.content_hash = w.content_hash \
                 JOIN workout_data d ON d.workout_id = f.workout_id \
                 WHERE w.account_id = $1 AND w.workout_id = $2 AND length(d.original_gz) > 0 \
                 ORDER BY f.part LIMIT 1",
            )
            .bind(user.get())
            .bind(id.get())
            .fetch_optional(pool)
            .await
        )?;
        Ok(row.map(|(name, gz)| Original { name, gz }))
    }

    /// Other workouts of this account whose time overlaps `start..end`: the same activity
    /// recorded by another device, usually.
    pub async fn overlapping_workouts(
        &self,
        user: UserId,
        except: Option<WorkoutId>,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<(WorkoutId, String)>> {
        let (start_ms, end_ms) = (start.unix_ms(), end.unix_ms());
        let rows: Vec<(i64, String)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT workout_id, title FROM workout WHERE account_id = $1 AND workout_id <> $2 \
                 AND start_at < $4 AND end_at > $3 ORDER BY start_at LIMIT 20",
            )
            .bind(user.get())
            .bind(except.map_or(0, WorkoutId::get))
            .bind(start_ms)
            .bind(end_ms.max(start_ms + 1))
            .fetch_all(pool)
            .await
        )?;
        Ok(rows
            .into_iter()
            .map(|(id, title)| (WorkoutId::new(id), title))
            .collect())
    }

    /// Changes a workout's title, sport and notes. `false` when this account has no such
    /// workout.
    #[tracing::instrument(skip_all, fields(user = %user, workout = %id))]
    pub async fn update_workout(
        &self,
        user: UserId,
        id: WorkoutId,
        title: &str,
        sport: Sport,
        notes: &str,
    ) -> Result<bool> {
        let changed = on_pool!(self, pool =>
            sqlx::query(
                "UPDATE workout SET title = $3, sport = $4, notes = $5 \
                 WHERE account_id = $1 AND workout_id = $2",
            )
            .bind(user.get())
            .bind(id.get())
            .bind(title)
            .bind(sport.name())
            .bind(notes)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        )?;
        Ok(changed == 1)
    }

    /// Deletes a workout with its laps and data. `false` when this account has no such workout.
    #[tracing::instrument(skip_all, fields(user = %user, workout = %id))]
    pub async fn delete_workout(&self, user: UserId, id: WorkoutId) -> Result<bool> {
        // Laps and data go with it: ON DELETE CASCADE (SQLite connections enable foreign keys).
        // A multi-activity file keeps its original with its first workout: hand it on to the
        // next workout of the same file first, in the same transaction.
        let deleted = on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE workout_data SET original_gz = \
                   (SELECT original_gz FROM workout_data WHERE workout_id = $2) \
                 WHERE length(original_gz) = 0 AND workout_id = \
                   (SELECT s.workout_id FROM workout s JOIN workout w \
                      ON w.account_id = s.account_id AND w.content_hash = s.content_hash \
                    WHERE w.account_id = $1 AND w.workout_id = $2 AND s.workout_id <> $2 \
                    ORDER BY s.part LIMIT 1)",
            )
            .bind(user.get())
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
            let done = sqlx::query("DELETE FROM workout WHERE account_id = $1 AND workout_id = $2")
                .bind(user.get())
                .bind(id.get())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(done.rows_affected())
        }.await)?;
        Ok(deleted == 1)
    }

    /// Ids of every workout of this account, oldest first (for the whole-account export).
    pub async fn workout_ids(&self, user: UserId) -> Result<Vec<WorkoutId>> {
        let rows: Vec<(i64,)> = on_pool!(self, pool =>
            sqlx::query_as("SELECT workout_id FROM workout WHERE account_id = $1 ORDER BY start_at, workout_id")
                .bind(user.get())
                .fetch_all(pool)
                .await
        )?;
        Ok(rows.into_iter().map(|(id,)| WorkoutId::new(id)).collect())
    }
}
