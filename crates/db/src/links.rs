//! Where workouts came from, and how an upload finds a workout stored before: by a service's
//! reference (the same activity of the same service: a duplicate), by content (the same file:
//! a duplicate, or linked when the upload names a service's activity), or as the same activity
//! met again through another service (linked: the reference is added to the stored workout,
//! which is not stored twice). Every reference a workout is known by is a row of
//! `workout_source` (migration 0010); the first one also stays on the workout row (0007).
//!
//! Content hashes changed form with migration 0010: they are taken of a file's content once
//! decompressed, where before they were taken of the bytes as uploaded. A gzip's old hash is
//! looked up beside the new one ([`crate::NewUpload::equivalent_hashes`]); for a workout stored
//! from a gzip under the old form whose own bytes no upload repeats (the same FIT now sent
//! plain, or gzipped by another program), [`Matching::same_content`] is asked about the stored
//! workouts that start at the same instant.

use domain::{Sport, UserId, WorkoutId, WorkoutSummary};

use crate::{Db, Result, SourceRef, on_pool};

/// How an upload recognises a workout stored before as its own beyond the same bytes and the
/// same service reference (which need no judgement): the importer's rules, applied inside the
/// upload's transaction.
pub trait Matching: Sync {
    /// How far apart two starts of one activity may be, ms. With 0 only the workouts that start
    /// at the same instant are looked at (for [`Matching::same_content`]).
    fn start_tolerance_ms(&self) -> i64;

    /// Whether a workout stored under the old form of content hashes holds this upload's file:
    /// `content_hash` is the hash it was stored under, `original_gz` its original as stored.
    /// Asked only of workouts that start when the upload's first workout does.
    fn same_content(&self, content_hash: &str, original_gz: &[u8]) -> bool;

    /// Whether a stored workout starting within the tolerance is the activity the upload
    /// describes. Asked only for an upload with a service reference and one workout, and only
    /// of workouts that no reference of the same service names (two activities the service
    /// itself kept apart are two).
    fn same_activity(&self, stored: &WorkoutSummary) -> bool;

    /// What the upload's description gives a stored workout it is linked to: only what the
    /// workout lacks, never what the athlete wrote.
    fn fill(&self, stored: &WorkoutSummary) -> Fill;
}

/// What a link writes into the stored workout. Each field is written only if the workout still
/// has the value it was judged on, so an edit made meanwhile is never overwritten.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fill {
    /// A title for a workout that has only the one made up on import.
    pub title: Option<String>,
    /// Notes for a workout that has none.
    pub notes: Option<String>,
    /// A sport for a workout whose sport is not known.
    pub sport: Option<Sport>,
}

/// The same bytes and the same service reference only: no tolerance, nothing filled in.
#[derive(Debug, Clone, Copy, Default)]
pub struct Exact;

impl Matching for Exact {
    fn start_tolerance_ms(&self) -> i64 {
        0
    }

    fn same_content(&self, _: &str, _: &[u8]) -> bool {
        false
    }

    fn same_activity(&self, _: &WorkoutSummary) -> bool {
        false
    }

    fn fill(&self, _: &WorkoutSummary) -> Fill {
        Fill::default()
    }
}

/// Adds a reference to a workout: account, service, id, workout, time.
pub(crate) const INSERT_SOURCE: &str = "INSERT INTO workout_source \
    (account_id, service, source_id, workout_id, created_at) VALUES ($1, $2, $3, $4, $5)";

/// Adds a reference to a workout unless it names one of the account's workouts already:
/// account, service, id, workout, time.
pub(crate) const INSERT_SOURCE_IF_NEW: &str = "INSERT INTO workout_source \
    (account_id, service, source_id, workout_id, created_at) VALUES ($1, $2, $3, $4, $5) \
    ON CONFLICT DO NOTHING";

/// The workout a service's reference names: account, service, id.
pub(crate) const BY_SOURCE: &str = "SELECT workout_id FROM workout_source \
    WHERE account_id = $1 AND service = $2 AND source_id = $3";

/// The first workout of a file: account, content hash.
pub(crate) const BY_CONTENT: &str = "SELECT workout_id FROM workout \
    WHERE account_id = $1 AND content_hash = $2 ORDER BY part LIMIT 1";

/// The original of a file, kept with its first workout still there: account, content hash.
pub(crate) const ORIGINAL_BY_CONTENT: &str = "SELECT d.original_gz FROM workout f \
    JOIN workout_data d ON d.workout_id = f.workout_id \
    WHERE f.account_id = $1 AND f.content_hash = $2 AND length(d.original_gz) > 0 \
    ORDER BY f.part LIMIT 1";

/// Looks, inside an import's transaction, for the workout an upload was stored as before.
/// Evaluates to `Option<UploadOutcome>`: `Duplicate`, `Linked` (the link and what it fills in
/// written in the transaction), or `None` when the upload is new. A macro: the transaction's
/// type differs by backend.
macro_rules! find_stored {
    ($tx:expr, $user:expr, $upload:expr, $matching:expr, $now:expr) => {{
        let tx = $tx;
        let (user, upload, matching, now): (
            domain::UserId,
            &$crate::NewUpload,
            &dyn $crate::links::Matching,
            i64,
        ) = ($user, $upload, $matching, $now);
        let mut found: Option<$crate::UploadOutcome> = None;
        // The same service's activity, stored or linked before.
        if let Some(source) = &upload.source {
            let row: Option<(i64,)> = sqlx::query_as($crate::links::BY_SOURCE)
                .bind(user.get())
                .bind(&source.service)
                .bind(&source.id)
                .fetch_optional(&mut **tx)
                .await?;
            found = row.map(|(id,)| $crate::UploadOutcome::Duplicate(domain::WorkoutId::new(id)));
        }
        // The same content, under its hash of either form.
        let mut same: Option<i64> = None;
        if found.is_none() {
            for hash in std::iter::once(&upload.content_hash).chain(&upload.equivalent_hashes) {
                let row: Option<(i64,)> = sqlx::query_as($crate::links::BY_CONTENT)
                    .bind(user.get())
                    .bind(hash)
                    .fetch_optional(&mut **tx)
                    .await?;
                if let Some((id,)) = row {
                    same = Some(id);
                    break;
                }
            }
        }
        // The workouts that start near the upload's first.
        let mut same_activity: Option<i64> = None;
        if let (None, None, Some(first)) = (&found, same, upload.workouts.first()) {
            let start = first.summary.start.unix_ms();
            let tolerance = matching.start_tolerance_ms().max(0);
            let service = upload.source.as_ref().map_or("", |s| s.service.as_str());
            let sql = format!(
                "SELECT {}, content_hash, EXISTS (SELECT 1 FROM workout_source s \
                 WHERE s.workout_id = workout.workout_id AND s.service = $4) AS named \
                 FROM workout WHERE account_id = $1 AND start_at >= $2 AND start_at <= $3 \
                 ORDER BY start_at, workout_id LIMIT 50",
                $crate::workouts::SUMMARY_COLUMNS
            );
            let rows = sqlx::query(&sql)
                .bind(user.get())
                .bind(start.saturating_sub(tolerance))
                .bind(start.saturating_add(tolerance))
                .bind(service)
                .fetch_all(&mut **tx)
                .await?;
            let mut nearby: Vec<(domain::WorkoutSummary, String, bool)> =
                Vec::with_capacity(rows.len());
            for row in &rows {
                nearby.push((
                    $crate::workouts::summary_from_row!(row),
                    row.try_get("content_hash")?,
                    row.try_get("named")?,
                ));
            }
            // A file stored under the old form of its hash starts when this one does.
            for (stored, hash, _) in nearby.iter().filter(|(s, ..)| s.start.unix_ms() == start) {
                let original: Option<(Vec<u8>,)> =
                    sqlx::query_as($crate::links::ORIGINAL_BY_CONTENT)
                        .bind(user.get())
                        .bind(hash)
                        .fetch_optional(&mut **tx)
                        .await?;
                if let Some((gz,)) = original
                    && matching.same_content(hash, &gz)
                {
                    same = Some(stored.id.get());
                    break;
                }
            }
            // The same activity, from elsewhere: only for one activity a service names.
            if same.is_none() && upload.source.is_some() && upload.workouts.len() == 1 {
                nearby.sort_by_key(|(s, ..)| (s.start.unix_ms() - start).abs());
                same_activity = nearby
                    .iter()
                    .find(|(s, _, named)| !named && matching.same_activity(s))
                    .map(|(s, ..)| s.id.get());
            }
        }
        match (found, same.or(same_activity), &upload.source) {
            (Some(found), ..) => Some(found),
            (None, Some(id), Some(source)) => {
                sqlx::query($crate::links::INSERT_SOURCE)
                    .bind(user.get())
                    .bind(&source.service)
                    .bind(&source.id)
                    .bind(id)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                let sql = format!(
                    "SELECT {} FROM workout WHERE account_id = $1 AND workout_id = $2",
                    $crate::workouts::SUMMARY_COLUMNS
                );
                let row = sqlx::query(&sql)
                    .bind(user.get())
                    .bind(id)
                    .fetch_one(&mut **tx)
                    .await?;
                let stored: domain::WorkoutSummary = $crate::workouts::summary_from_row!(&row);
                let fill = matching.fill(&stored);
                // Each only where the workout still has what it was judged on.
                for (column, value, seen) in [
                    ("title", fill.title, stored.title.clone()),
                    ("notes", fill.notes, stored.notes.clone()),
                    ("sport", fill.sport.map(|s| s.name()), stored.sport.name()),
                ] {
                    let Some(value) = value else { continue };
                    sqlx::query(&format!(
                        "UPDATE workout SET {column} = $3 \
                         WHERE account_id = $1 AND workout_id = $2 AND {column} = $4"
                    ))
                    .bind(user.get())
                    .bind(id)
                    .bind(value)
                    .bind(seen)
                    .execute(&mut **tx)
                    .await?;
                }
                Some($crate::UploadOutcome::Linked(domain::WorkoutId::new(id)))
            }
            (None, Some(id), None) => {
                Some($crate::UploadOutcome::Duplicate(domain::WorkoutId::new(id)))
            }
            (None, None, _) => None,
        }
    }};
}
pub(crate) use find_stored;

impl Db {
    /// How an import's transaction begins, and the statement that makes it the account's only
    /// one until it commits: SQLite takes the database's write lock at `BEGIN IMMEDIATE` (so a
    /// look followed by a write never meets another writer in between); Postgres locks the
    /// account's row (`FOR NO KEY UPDATE` leaves other rows' references to it free).
    pub(crate) fn import_begin(&self) -> (&'static str, Option<&'static str>) {
        match self.backend() {
            crate::Backend::Sqlite => ("BEGIN IMMEDIATE", None),
            crate::Backend::Postgres => (
                "BEGIN",
                Some("SELECT account_id FROM account WHERE account_id = $1 FOR NO KEY UPDATE"),
            ),
        }
    }

    /// Every service reference a workout of this account is known by, oldest first (the one
    /// it was stored from, then those linked to it); empty for another account's workout.
    #[tracing::instrument(skip_all, fields(user = %user, workout = %id))]
    pub async fn workout_sources(&self, user: UserId, id: WorkoutId) -> Result<Vec<SourceRef>> {
        let rows: Vec<(String, String)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT service, source_id FROM workout_source \
                 WHERE account_id = $1 AND workout_id = $2 ORDER BY created_at, service, source_id",
            )
            .bind(user.get())
            .bind(id.get())
            .fetch_all(pool)
            .await
        )?;
        Ok(rows
            .into_iter()
            .map(|(service, id)| SourceRef { service, id })
            .collect())
    }
}
