//! Laps persistence: one [`Db`] over SQLite (the embedded default) and Postgres.
//!
//! Every method takes and returns domain types; SQL and row shapes stay inside this crate. Each
//! query is written once where the two dialects agree (sqlx binds `$1` on SQLite too) and runs on
//! whichever pool the [`Db`] holds.
//!
//! ```no_run
//! # async fn demo() -> Result<(), db::DbError> {
//! use db::{AdminRule, Db, DatabaseUrl};
//! use domain::Username;
//!
//! let db = Db::connect(&DatabaseUrl::parse("sqlite://./data/laps.db").unwrap(), 4).await?;
//! db.migrate().await?;
//! let ada = Username::parse("ada").unwrap();
//! let user = db.create_user(&ada, "$argon2id$...", AdminRule::IfFirst).await?;
//! assert!(user.is_admin);
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod accesslink;
mod accounts;
mod activity;
mod analysis;
mod backup;
mod error;
mod gear;
mod links;
mod migrate;
mod oauth;
mod partners;
mod preferences;
mod provenance;
mod routes;
mod sessions;
mod settings;
mod stats;
mod sync;
mod throttle;
mod tokens;
mod url;
mod webhooks;
mod workouts;
mod zone_move;

#[cfg(feature = "test-support")]
pub mod testing;

use std::{str::FromStr, time::Duration};

use sqlx::{
    PgPool, SqlitePool,
    postgres::PgPoolOptions,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

pub use accesslink::{DataKind, Pending, PhysicalInfo, TRANSACTION_ITEMS};
pub use accounts::{AdminRule, Credentials, PasswordChange};
pub use activity::{DEVICE, DailyActivity, DaysStored, ImportedDays};
pub use analysis::{AnalysedWorkout, StoredAnalysis};
pub use backup::{AccountCounts, MisfiledAnalysis, OriginalsOfFile, StoreCounts, StoredWorkout};
pub use error::DbError;
pub use gear::GearChoice;
pub use links::{Exact, Fill, Matching};
pub use oauth::{CodeUse, NewCode, NewToken, StoredCode, StoredToken, TokenKind};
pub use partners::{Connection, Grant, NewPartner, Partner, PartnerStatus};
pub use provenance::{Provenance, SensorDevice, SensorOrigin};
pub use routes::{RouteFilter, RouteRow};
pub use stats::DayEntry;
pub use sync::{SyncBatchBlob, SyncDevice, SyncSession};
pub use throttle::{Reservation, ThrottleWindow};
pub use tokens::ApiToken;
pub use url::{Backend, DatabaseUrl, UrlError};
pub use webhooks::{OUTBOX_KEEP_MS, OutboxItem, Webhook};
pub use workouts::{
    NewUpload, NewWorkout, Original, SourceRef, UploadOutcome, WorkoutFilter, WorkoutPage,
};
pub use zone_move::{MovedTime, ZonedWorkout};

/// The result type of every [`Db`] method.
pub type Result<T, E = DbError> = std::result::Result<T, E>;

/// The connection pool's use at one moment ([`Db::pool_stats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Connections open, idle or in use.
    pub size: u32,
    /// Open connections waiting for a query.
    pub idle: u32,
    /// Connections lent out (`size - idle`).
    pub in_use: u32,
    /// The most the pool opens (`db_max_connections`).
    pub max: u32,
}

/// The store: a connection pool to SQLite or Postgres. Cheap to clone (the pool is shared).
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    /// SQLite's writers queue here, in this process, before `BEGIN IMMEDIATE`: one writer at a
    /// time is all SQLite allows, and a writer that finds the lock taken waits in SQLite's busy
    /// handler, which sleeps in steps of up to 100 ms and left both cores idle under parallel
    /// imports. Other processes on the same file still meet the busy timeout.
    writers: std::sync::Arc<tokio::sync::Mutex<()>>,
}

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool. The body is compiled once per backend,
/// so the same query text and bindings serve both without `sqlx::Any`'s loss of types.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match &$db.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

impl Db {
    fn with_pool(pool: Pool) -> Self {
        Self {
            pool,
            writers: Default::default(),
        }
    }

    /// On SQLite, waits for this process's turn to write (see [`Db::writers`]); on Postgres,
    /// where writers of different accounts do not block each other, returns at once.
    pub(crate) async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.pool {
            Pool::Sqlite(_) => Some(self.writers.lock().await),
            Pool::Postgres(_) => None,
        }
    }

    /// Connects to the database, creating a SQLite file (and its folder) if it is missing.
    ///
    /// SQLite runs in WAL mode with foreign keys on and a 5 s busy timeout, so the server and
    /// `laps` commands (such as a bulk import) can use the same file at once.
    #[tracing::instrument(skip_all, fields(backend = ?url.backend()))]
    pub async fn connect(url: &DatabaseUrl, max_connections: u32) -> Result<Self> {
        let pool = match url.backend() {
            Backend::Sqlite => {
                let options = SqliteConnectOptions::from_str(url.expose())
                    .map_err(DbError::Other)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5));
                if let Some(parent) = options.get_filename().parent()
                    && !parent.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(parent).map_err(|e| DbError::Other(e.into()))?;
                }
                Pool::Sqlite(
                    SqlitePoolOptions::new()
                        .max_connections(max_connections)
                        .connect_with(options)
                        .await?,
                )
            }
            Backend::Postgres => Pool::Postgres(
                PgPoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url.expose())
                    .await?,
            ),
        };
        Ok(Self::with_pool(pool))
    }

    /// Which database this store talks to.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Checks that the database answers (for health checks).
    #[tracing::instrument(skip_all)]
    pub async fn ping(&self) -> Result<()> {
        on_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// How the connection pool is used right now (for metrics): no query, no wait.
    pub fn pool_stats(&self) -> PoolStats {
        let (size, idle, max) = on_pool!(self, pool => (pool.size(), pool.num_idle(), pool.options().get_max_connections()));
        let idle = u32::try_from(idle).unwrap_or(u32::MAX).min(size);
        PoolStats {
            size,
            idle,
            in_use: size - idle,
            max,
        }
    }

    /// Brings the planner's statistics up to date after many workouts were written at once
    /// (a bulk import). Postgres plans from statistics that autovacuum refreshes only after a
    /// while: measured right after a 4,000-workout import, the workout list took 12 ms instead
    /// of 3, its queries reading every row of the account (no statistics, and no visibility
    /// map for index-only counts) where they read 25. `VACUUM (ANALYZE)` of the workout tables
    /// fixes both; it takes no lock that stops readers or writers. SQLite's `PRAGMA optimize`
    /// does the same for its planner, where it has anything to do.
    #[tracing::instrument(skip_all)]
    pub async fn refresh_statistics(&self) -> Result<()> {
        match &self.pool {
            Pool::Postgres(pool) => {
                // The simple protocol: VACUUM runs outside any transaction block.
                sqlx::raw_sql("VACUUM (ANALYZE) workout, workout_lap, workout_analysis")
                    .execute(pool)
                    .await?;
            }
            Pool::Sqlite(pool) => {
                sqlx::raw_sql("PRAGMA optimize").execute(pool).await?;
            }
        }
        Ok(())
    }

    /// Closes every connection; waits for those in use to be returned.
    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await);
    }
}
