//! The Laps workout service, shared by the HTTP API, the web pages and `laps import`:
//! importing files into the store, and reading workouts back as summaries, charts and exports.
//!
//! Everything here is scoped to one user: a method given another user's workout id answers
//! [`WorkoutsError::NotFound`], exactly as for an id that does not exist.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod analysis;
mod apple_export;
pub mod archive;
pub mod bests;
mod calendar;
pub mod charts;
pub mod check;
mod days;
mod detail;
mod export;
pub mod gear;
mod ingest;
mod kept;
pub mod laps;
mod limits;
mod linking;
pub mod maps;
pub mod naming;
mod observe;
mod pairs;
mod queries;
mod restore;
pub mod route;
mod service_export;
mod sessions;
pub mod stats;
pub mod summary;
pub mod sync;
pub mod upload;
pub mod zone;
mod zone_move;

use db::{Db, DbError};

pub use apple_export::StreamStats;
pub use archive::ZipLimits;
pub use bests::Span;
pub use calendar::{CalendarMonth, CalendarYear, grid_start};
pub use db::{DEVICE, DailyActivity, RouteFilter, WorkoutFilter, WorkoutPage};
pub use domain::{FileResult, Outcome, pair_names};
pub use export::{ExportFormat, Exported};
pub use ingest::{Item, Progress};
pub use limits::{Limits, MAX_INNER_ARCHIVES};
pub use observe::{FileImport, FileOutcome, ImportObserver, RefusalReason};
pub use sessions::{BatchReceipt, Closed, NewDevice, SessionStatus};
pub use stats::{Overview, StatsAsk};
pub use upload::{Plan, Upload, plan, unpacked_export};
pub use zone::ZoneLookup;

/// What went wrong in a workout operation.
#[derive(Debug, thiserror::Error)]
pub enum WorkoutsError {
    /// No such workout for this user.
    #[error("not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// A stored recording could not be decoded.
    #[error(transparent)]
    Corrupt(#[from] formats::store::StoreError),
    /// The workout cannot be written in the format asked for (GPX without positions); the
    /// text says why, for the user.
    #[error("{0}")]
    CannotExport(String),
    /// The request cannot be done as asked (a sync session that is closed or full, a device
    /// that is not the user's, a session that makes no workout); the text says why, for the
    /// user.
    #[error("{0}")]
    Refused(String),
    /// A value the user gave is refused (a gear name taken, a retired default); `field` names
    /// it (as the JSON API does) and the text says what is wrong, for the user.
    #[error("{message}")]
    Invalid {
        /// The field at fault.
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// No such gear for this user (another user's included).
    #[error("no such gear")]
    NoSuchGear,
    /// A sync batch is refused as a whole; the text says why, for the sender.
    #[error(transparent)]
    Batch(#[from] syncbatch::BatchError),
    /// A background task failed.
    #[error("background task failed: {0}")]
    Task(String),
}

/// The service. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Workouts {
    db: Db,
    zones: ZoneLookup,
    limits: Limits,
    /// Accounts' decoded analyses, kept while current (records, curves, fitness).
    analyses: bests::cache::RevisionCache<bests::Snapshot>,
    /// Accounts' workouts as statistics see them, kept while current.
    ledgers: bests::cache::RevisionCache<stats::Ledger>,
    /// Workout chart pictures, kept while current.
    charts: kept::Kept<kept::ChartKey, std::sync::Arc<str>>,
    /// The drawn part of workout pages, kept while current.
    drawn: kept::Kept<kept::DrawnKey, std::sync::Arc<detail::Drawn>>,
    /// Told what became of each imported file.
    observer: observe::Observer,
}

impl Workouts {
    /// A service over a store.
    pub fn new(db: Db) -> Self {
        Self::with_limits(db, Limits::default())
    }

    /// A service over a store, with its limits.
    pub fn with_limits(db: Db, limits: Limits) -> Self {
        Self {
            db,
            zones: ZoneLookup::default(),
            limits,
            analyses: Default::default(),
            ledgers: Default::default(),
            // About a thousand charts of a long ride.
            charts: kept::Kept::new(32 << 20),
            // A few hundred long rides' pages.
            drawn: kept::Kept::new(64 << 20),
            observer: Default::default(),
        }
    }

    /// Starts loading the time-zone polygons on a blocking thread (tens of milliseconds), so
    /// that the first import after start-up does not wait for them; they load on first use
    /// otherwise. Call from within the tokio runtime.
    pub fn load_zone_lookup_in_background(&self) {
        let zones = self.zones.clone();
        tokio::task::spawn_blocking(move || zones.load());
    }

    /// The same service, telling `observer` what becomes of each file it imports.
    pub fn observed_by(self, observer: std::sync::Arc<dyn ImportObserver>) -> Self {
        Self {
            observer: observe::Observer::new(observer),
            ..self
        }
    }

    /// Tells the observer of a file refused before it reached the service (the inbox refuses
    /// a file too large to read without reading it), so that it is counted as every other.
    /// Unread, it counts no bytes and no time.
    pub fn note_refused(&self, reason: RefusalReason) {
        self.observer.file_done(FileImport {
            outcome: FileOutcome::Refused(reason),
            bytes: 0,
            elapsed: std::time::Duration::ZERO,
        });
    }

    /// The limits it works within.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }
}
