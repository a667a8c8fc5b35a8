//! Account archives of other services read into what Laps keeps: workouts (a recording, or the
//! summary a service gives for an entry without one, with the title, notes, sport and gear the
//! service knew) and days of activity (steps, active energy, active time).
//!
//! Each service has its own module; each reads from bytes or a streaming reader and yields
//! [`ArchiveWorkout`]s and [`ArchiveDay`]s, so the workouts service can import one item at a time
//! within its limits. Nothing here touches a database.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod apple;
mod csv;
pub mod garmin;
pub mod google;
pub mod layout;
pub mod polar;
pub mod strava;

use domain::{ActivityHour, Date, Sport, Timestamp};

pub use layout::{Kind, Layout, recognise};

/// The service an archive comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    /// Strava's bulk export.
    Strava,
    /// Garmin Connect's "Export your data".
    Garmin,
    /// Polar Flow's account export.
    PolarFlow,
    /// Apple Health's "Export All Health Data".
    AppleHealth,
    /// Google Takeout's Fit folder.
    GoogleFit,
}

impl Service {
    /// The service's name for people (and the `source` of what it gave).
    pub fn name(self) -> &'static str {
        match self {
            Self::Strava => "Strava",
            Self::Garmin => "Garmin Connect",
            Self::PolarFlow => "Polar Flow",
            Self::AppleHealth => "Apple Health",
            Self::GoogleFit => "Google Fit",
        }
    }

    /// The service of a [`Service::name`], as stored with what it gave.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Strava,
            Self::Garmin,
            Self::PolarFlow,
            Self::AppleHealth,
            Self::GoogleFit,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// What a service knew about a workout besides its samples.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// The service's own id for it (dedup across imports of the same archive).
    pub source_id: Option<String>,
    /// The title the athlete gave it.
    pub title: Option<String>,
    /// The description.
    pub notes: Option<String>,
    /// The athlete's private note (Strava), kept apart from the notes.
    pub private_note: Option<String>,
    /// The sport the service filed it under.
    pub sport: Option<Sport>,
    /// The gear's name as the service wrote it.
    pub gear: Option<String>,
    /// Marked as a commute.
    pub commute: Option<bool>,
    /// The IANA time zone the service says it happened in (Apple Health's `HKTimeZone`).
    pub time_zone: Option<String>,
}

/// A workout's figures as a service gives them where it has no samples (a manual entry), or as
/// the oracle of what its samples should give.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// When it started.
    pub start: Option<Timestamp>,
    /// The UTC offset at the start, minutes east, when the service says.
    pub utc_offset_min: Option<i32>,
    /// Elapsed time, ms.
    pub elapsed_ms: Option<i64>,
    /// Moving time, ms.
    pub moving_ms: Option<i64>,
    /// Distance, m.
    pub distance_m: Option<f64>,
    /// Energy, kcal.
    pub calories: Option<u32>,
    /// Average heart rate, bpm.
    pub avg_hr: Option<u16>,
    /// Maximum heart rate, bpm.
    pub max_hr: Option<u16>,
    /// Ascent, m.
    pub ascent_m: Option<f64>,
}

/// Where a workout's samples are.
#[derive(Debug, Clone, PartialEq)]
pub enum Samples {
    /// In a file of the archive (a path inside it), read with `formats`.
    File(String),
    /// Read from the archive's own format (Polar Flow's JSON, Apple Health's XML).
    Recording(Box<formats::Recording>),
    /// None: a manual entry, described by its [`Summary`].
    None,
}

/// One workout found in an archive.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveWorkout {
    /// Its samples.
    pub samples: Samples,
    /// What the service knew about it.
    pub meta: Meta,
    /// The service's summary.
    pub summary: Summary,
}

/// One day of activity found in an archive.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveDay {
    /// The local day.
    pub date: Date,
    /// Steps.
    pub steps: Option<u32>,
    /// Active energy, kcal.
    pub active_kcal: Option<u32>,
    /// Active time, s.
    pub active_s: Option<u32>,
    /// Per hour, where the service says.
    pub hours: Vec<ActivityHour>,
}

/// Why part of an archive could not be read: which entry, and what is wrong there.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{entry}: {message}")]
pub struct ArchiveError {
    /// The entry (file inside the archive) or the archive's part.
    pub entry: String,
    /// What is wrong, and where in the entry, for a person.
    pub message: String,
}

impl ArchiveError {
    /// An error in `entry`.
    pub fn new(entry: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            entry: entry.into(),
            message: message.into(),
        }
    }
}
