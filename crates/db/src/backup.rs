//! Whole-store operations for `laps backup`, `laps restore` and `laps check`: a consistent
//! copy of a SQLite database, the counts a backup's manifest records, SQLite's own integrity
//! checks, and the rows and invariants `workouts::check` reads.
//!
//! Unlike the rest of this crate, these methods span every account: they serve the operator's
//! commands, never a request.

use std::path::Path;

use domain::{UserId, WorkoutId};

use crate::{Backend, Db, DbError, Result, on_pool};

/// How many rows the store holds, by kind: a backup's manifest records them, and a restore
/// compares the restored database's with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoreCounts {
    /// Accounts.
    pub accounts: u64,
    /// Workouts.
    pub workouts: u64,
    /// Device laps of every workout.
    pub laps: u64,
    /// Stored originals (one per uploaded file, held by the file's first workout).
    pub originals: u64,
}

/// One account's share of the store, for `laps check`'s report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountCounts {
    /// The account.
    pub account: UserId,
    /// Its name as typed.
    pub username: String,
    /// Its workouts.
    pub workouts: u64,
    /// Their device laps.
    pub laps: u64,
    /// The originals it holds.
    pub originals: u64,
    /// Its workouts whose analysis (records, curves) is stored.
    pub analysed: u64,
}

/// One workout with what `laps check` verifies of it: the recording blob and the original.
#[derive(Debug, Clone)]
pub struct StoredWorkout {
    /// The workout.
    pub id: WorkoutId,
    /// Whose it is.
    pub account: UserId,
    /// The stored content hash (hex) of the file it came from.
    pub content_hash: String,
    /// Which activity of that file it is.
    pub part: u32,
    /// The sample count its summary states.
    pub sample_count: u64,
    /// How many device laps it has in the laps table.
    pub laps: u64,
    /// The recording blob (`formats::store`), empty when the workout has no data row.
    pub recording: Vec<u8>,
    /// The original upload compressed (zstd, or gzip); empty for a file's later workouts.
    pub original_gz: Vec<u8>,
    /// Whether the workout has its data row at all.
    pub has_data: bool,
}

/// A file (an account's content hash) whose workouts do not hold exactly one original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginalsOfFile {
    /// The file's first workout.
    pub first: WorkoutId,
    /// Whose it is.
    pub account: UserId,
    /// How many of its workouts hold an original (one is right).
    pub originals: u64,
}

/// A stored analysis filed under another account than its workout's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MisfiledAnalysis {
    /// The workout.
    pub workout: WorkoutId,
    /// The workout's account.
    pub account: UserId,
    /// The account the analysis row names.
    pub filed_under: UserId,
}

/// Reads an `i64` count as `u64` (counts are never negative).
fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

const STORED_WORKOUTS: &str = "SELECT w.workout_id, w.account_id, w.content_hash, w.part, \
    w.sample_count, (SELECT COUNT(*) FROM workout_lap l WHERE l.workout_id = w.workout_id) AS laps, \
    d.recording, d.original_gz, d.workout_id IS NOT NULL AS has_data \
    FROM workout w LEFT JOIN workout_data d ON d.workout_id = w.workout_id \
    WHERE w.workout_id > $1 ORDER BY w.workout_id LIMIT $2";

type StoredRow = (
    i64,
    i64,
    String,
    i64,
    i64,
    i64,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    bool,
);

impl Db {
    /// Opens a SQLite file that nothing else writes (a backup's copy) read-only and immutable:
    /// SQLite takes no lock and writes no journal beside it, so the file stays byte for byte
    /// what was copied or checksummed.
    pub async fn open_copy(path: &Path) -> Result<Self> {
        Self::open_sqlite_read_only(path, true).await
    }

    /// Opens a SQLite file read-only, changing nothing in it (not even its journal mode, as
    /// [`Db::connect`] would) and seeing what a server using it has committed.
    pub async fn open_read_only(path: &Path) -> Result<Self> {
        Self::open_sqlite_read_only(path, false).await
    }

    async fn open_sqlite_read_only(path: &Path, immutable: bool) -> Result<Self> {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .immutable(immutable)
            .busy_timeout(std::time::Duration::from_secs(5));
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Ok(Self::with_pool(crate::Pool::Sqlite(pool)))
    }

    /// Writes a consistent copy of this SQLite database to `path` (which must not exist) with
    /// `VACUUM INTO`: one read transaction, so writers carry on and the copy holds every
    /// transaction committed before it began and none after. Postgres has `pg_dump` for this
    /// and is refused.
    #[tracing::instrument(skip_all, fields(path = %path.display()))]
    pub async fn vacuum_into(&self, path: &Path) -> Result<()> {
        let crate::Pool::Sqlite(pool) = &self.pool else {
            return Err(DbError::invariant("VACUUM INTO is for SQLite; use pg_dump"));
        };
        let path = path
            .to_str()
            .ok_or_else(|| DbError::invariant("the copy's path is not UTF-8"))?;
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(pool)
            .await?;
        Ok(())
    }

    /// SQLite's own checks (`PRAGMA integrity_check` and `foreign_key_check`): the problems
    /// they report, none when the file is sound. Postgres keeps its own pages consistent, so
    /// it reports none.
    #[tracing::instrument(skip_all)]
    pub async fn storage_problems(&self) -> Result<Vec<String>> {
        let crate::Pool::Sqlite(pool) = &self.pool else {
            return Ok(Vec::new());
        };
        let integrity: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
            .fetch_all(pool)
            .await?;
        let mut problems: Vec<String> = integrity
            .into_iter()
            .map(|(line,)| line)
            .filter(|line| line != "ok")
            .collect();
        let foreign: Vec<(String, Option<i64>, String)> =
            sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
                .fetch_all(pool)
                .await?;
        problems.extend(foreign.into_iter().map(|(table, rowid, parent)| {
            format!(
                "row {} of {table} names a missing {parent}",
                rowid.map_or_else(|| "?".to_owned(), |r| r.to_string())
            )
        }));
        Ok(problems)
    }

    /// Whether the store holds no account (and so nothing of anyone's): what a restore may
    /// replace. A database with no tables yet is empty.
    pub async fn is_empty(&self) -> Result<bool> {
        let tables: (i64,) = on_pool!(self, pool => match self.backend() {
            Backend::Sqlite => sqlx::query_as(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'account'",
            )
            .fetch_one(pool)
            .await,
            Backend::Postgres => sqlx::query_as(
                "SELECT COUNT(*) FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name = 'account'",
            )
            .fetch_one(pool)
            .await,
        })?;
        if tables.0 == 0 {
            return Ok(true);
        }
        let (accounts,): (i64,) = on_pool!(self, pool =>
            sqlx::query_as("SELECT COUNT(*) FROM account").fetch_one(pool).await
        )?;
        Ok(accounts == 0)
    }

    /// The counts a backup records. Run on the copy, they describe exactly what it holds.
    #[tracing::instrument(skip_all)]
    pub async fn store_counts(&self) -> Result<StoreCounts> {
        let (accounts, workouts, laps, originals): (i64, i64, i64, i64) = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM account), (SELECT COUNT(*) FROM workout), \
                 (SELECT COUNT(*) FROM workout_lap), \
                 (SELECT COUNT(*) FROM workout_data WHERE length(original_gz) > 0)",
            )
            .fetch_one(pool)
            .await
        )?;
        Ok(StoreCounts {
            accounts: count(accounts),
            workouts: count(workouts),
            laps: count(laps),
            originals: count(originals),
        })
    }

    /// Every account with its counts, by account id.
    #[tracing::instrument(skip_all)]
    pub async fn account_counts(&self) -> Result<Vec<AccountCounts>> {
        let rows: Vec<(i64, String, i64, i64, i64, i64)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT a.account_id, a.username, \
                   (SELECT COUNT(*) FROM workout w WHERE w.account_id = a.account_id), \
                   (SELECT COUNT(*) FROM workout_lap l JOIN workout w \
                      ON w.workout_id = l.workout_id WHERE w.account_id = a.account_id), \
                   (SELECT COUNT(*) FROM workout_data d JOIN workout w \
                      ON w.workout_id = d.workout_id \
                    WHERE w.account_id = a.account_id AND length(d.original_gz) > 0), \
                   (SELECT COUNT(*) FROM workout_analysis n JOIN workout w \
                      ON w.workout_id = n.workout_id WHERE w.account_id = a.account_id) \
                 FROM account a ORDER BY a.account_id",
            )
            .fetch_all(pool)
            .await
        )?;
        Ok(rows
            .into_iter()
            .map(
                |(id, username, workouts, laps, originals, analysed)| AccountCounts {
                    account: UserId::new(id),
                    username,
                    workouts: count(workouts),
                    laps: count(laps),
                    originals: count(originals),
                    analysed: count(analysed),
                },
            )
            .collect())
    }

    /// Up to `limit` workouts with ids above `after` (all of them from `None`), in id order,
    /// with their blobs: a page of the walk `laps check` makes, so that it never holds more
    /// than one page of blobs.
    #[tracing::instrument(skip_all, fields(after = after.map(WorkoutId::get), limit))]
    pub async fn stored_workouts_after(
        &self,
        after: Option<WorkoutId>,
        limit: u32,
    ) -> Result<Vec<StoredWorkout>> {
        let rows: Vec<StoredRow> = on_pool!(self, pool =>
            sqlx::query_as(STORED_WORKOUTS)
                .bind(after.map_or(0, WorkoutId::get))
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await
        )?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    id,
                    account,
                    content_hash,
                    part,
                    samples,
                    laps,
                    recording,
                    original,
                    has_data,
                )| {
                    StoredWorkout {
                        id: WorkoutId::new(id),
                        account: UserId::new(account),
                        content_hash,
                        part: u32::try_from(part).unwrap_or(u32::MAX),
                        sample_count: count(samples),
                        laps: count(laps),
                        recording: recording.unwrap_or_default(),
                        original_gz: original.unwrap_or_default(),
                        has_data,
                    }
                },
            )
            .collect())
    }

    /// Files whose workouts hold no original, or more than one: each uploaded file keeps its
    /// original once, with its first remaining workout (see `Db::delete_workout`).
    #[tracing::instrument(skip_all)]
    pub async fn files_without_one_original(&self) -> Result<Vec<OriginalsOfFile>> {
        let rows: Vec<(i64, i64, i64)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT MIN(w.workout_id), w.account_id, \
                   SUM(CASE WHEN length(d.original_gz) > 0 THEN 1 ELSE 0 END) \
                 FROM workout w JOIN workout_data d ON d.workout_id = w.workout_id \
                 GROUP BY w.account_id, w.content_hash \
                 HAVING SUM(CASE WHEN length(d.original_gz) > 0 THEN 1 ELSE 0 END) <> 1 \
                 ORDER BY MIN(w.workout_id)",
            )
            .fetch_all(pool)
            .await
        )?;
        Ok(rows
            .into_iter()
            .map(|(first, account, originals)| OriginalsOfFile {
                first: WorkoutId::new(first),
                account: UserId::new(account),
                originals: count(originals),
            })
            .collect())
    }

    /// Analyses filed under another account than their workout's (records and curves read
    /// them by account, so such a row would show one athlete's efforts to another).
    #[tracing::instrument(skip_all)]
    pub async fn misfiled_analyses(&self) -> Result<Vec<MisfiledAnalysis>> {
        let rows: Vec<(i64, i64, i64)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT n.workout_id, w.account_id, n.account_id FROM workout_analysis n \
                 JOIN workout w ON w.workout_id = n.workout_id \
                 WHERE n.account_id <> w.account_id ORDER BY n.workout_id",
            )
            .fetch_all(pool)
            .await
        )?;
        Ok(rows
            .into_iter()
            .map(|(workout, account, filed_under)| MisfiledAnalysis {
                workout: WorkoutId::new(workout),
                account: UserId::new(account),
                filed_under: UserId::new(filed_under),
            })
            .collect())
    }
}
