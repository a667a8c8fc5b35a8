//! Polar Flow's account export: a zip of JSON files, one per item.
//!
//! - `training-session-*.json`: a workout, with its samples in the JSON itself (see
//!   `polar/session.rs` for the two schemas read), yielded as [`PolarEntry::Workout`] with
//!   [`Samples::Recording`](crate::Samples::Recording);
//! - `activity-*.json`: a day of the activity tracker, [`PolarEntry::Day`];
//! - anything else (sleep, physical information, favourites, ...): [`PolarEntry::Skipped`],
//!   named by its kind so the caller can count what it left out.
//!
//! Newer exports write bare `NaN` (and `Infinity`) where a number is missing, which is not
//! JSON: those tokens are read as `null` (outside strings only) before parsing.
//!
//! ```
//! use archives::polar::{PolarEntry, read_entry};
//!
//! let json = br#"{"date": "2021-03-04", "summary": {"stepCount": 8123}}"#;
//! let Ok(PolarEntry::Day(day)) = read_entry("activity-2021-03-04.json", json) else {
//!     panic!("a day");
//! };
//! assert_eq!(day.steps, Some(8123));
//! ```

mod activity;
mod clock;
mod json;
mod merge;
mod schema;
mod session;

use crate::{ArchiveDay, ArchiveError, ArchiveWorkout};

/// What an entry of a Polar Flow export is, from its name alone (so the caller can skip an
/// entry without reading it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolarKind {
    /// `training-session-*.json`.
    TrainingSession,
    /// `activity-*.json`.
    Activity,
    /// Any other entry; its kind is the name before the first part that starts with a digit
    /// (`sleep-result` for `sleep-result-2021-03-04-...json`), or the whole file name.
    Other(String),
}

impl PolarKind {
    /// The kind of the entry at `path` inside the archive (folders are ignored).
    pub fn of(path: &str) -> Self {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let Some(stem) = name.strip_suffix(".json") else {
            return Self::Other(name.to_owned());
        };
        let kind: Vec<&str> = stem
            .split('-')
            .take_while(|part| !part.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        match kind.join("-").as_str() {
            "training-session" => Self::TrainingSession,
            "activity" => Self::Activity,
            "" => Self::Other(name.to_owned()),
            other => Self::Other(other.to_owned()),
        }
    }
}

/// One entry of a Polar Flow export, read.
#[derive(Debug, Clone, PartialEq)]
pub enum PolarEntry {
    /// A training session.
    Workout(Box<ArchiveWorkout>),
    /// A day of activity.
    Day(ArchiveDay),
    /// An entry of a kind Laps does not import (its [`PolarKind::Other`] name).
    Skipped(String),
}

/// Reads the entry at `path` inside a Polar Flow export from its bytes.
///
/// Entries of other kinds are [`PolarEntry::Skipped`] without being parsed.
///
/// # Errors
/// An [`ArchiveError`] naming `path` when a training session or activity file is not JSON
/// (with the line and column), lacks its start or date, or has a time that is not one.
pub fn read_entry(path: &str, bytes: &[u8]) -> Result<PolarEntry, ArchiveError> {
    let kind = PolarKind::of(path);
    if let PolarKind::Other(kind) = kind {
        return Ok(PolarEntry::Skipped(kind));
    }
    let json = json::nulls_for_non_finite(bytes);
    let read = match kind {
        PolarKind::TrainingSession => {
            session::read(path, &json).map(|w| PolarEntry::Workout(Box::new(w)))
        }
        _ => activity::read(&json).map(PolarEntry::Day),
    };
    read.map_err(|message| ArchiveError::new(path, message))
}

/// Reads a training session's JSON (`training-session-*.json`), whatever its name.
///
/// # Errors
/// As [`read_entry`].
pub fn read_session(path: &str, bytes: &[u8]) -> Result<ArchiveWorkout, ArchiveError> {
    session::read(path, &json::nulls_for_non_finite(bytes))
        .map_err(|message| ArchiveError::new(path, message))
}

/// Reads a day's activity JSON (`activity-*.json`), whatever its name.
///
/// # Errors
/// As [`read_entry`].
pub fn read_activity(path: &str, bytes: &[u8]) -> Result<ArchiveDay, ArchiveError> {
    activity::read(&json::nulls_for_non_finite(bytes))
        .map_err(|message| ArchiveError::new(path, message))
}

#[cfg(test)]
mod tests {
    use super::PolarKind;

    #[test]
    fn entry_names_tell_their_kind() {
        let cases = [
            (
                "polar-user-data-export/training-session-2019-01-01-123-abc.json",
                PolarKind::TrainingSession,
            ),
            ("activity-2019-01-01-456.json", PolarKind::Activity),
            (
                "sleep-result-2019-01-01.json",
                PolarKind::Other("sleep-result".into()),
            ),
            ("account-data.json", PolarKind::Other("account-data".into())),
            (
                "2019-01-01.json",
                PolarKind::Other("2019-01-01.json".into()),
            ),
            ("readme.txt", PolarKind::Other("readme.txt".into())),
        ];
        for (path, kind) in cases {
            assert_eq!(PolarKind::of(path), kind, "{path}");
        }
    }
}
