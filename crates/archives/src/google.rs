//! Google Fit in Google Takeout: the `Fit` folder of a Takeout zip.
//!
//! - `Takeout/Fit/Activities/*.tcx` (the folder's name is translated: `Activiteiten`,
//!   `Aktivitäten`, `Activités`, ...; any folder directly under `Fit/` is looked in): one
//!   workout per file, yielded with [`Samples::File`] for `formats` to read, and a [`Meta`] and
//!   [`Summary`] from the file's name (`2020-01-01T10_00_00+01_00_PT1H2M3S_Running.tcx`: local
//!   start, offset, duration, activity) so the offset is known, which TCX does not carry;
//! - `Takeout/Fit/Daily activity metrics/Daily activity metrics.csv` (names translated too):
//!   one [`ArchiveDay`] per row, and `.../YYYY-MM-DD.csv`, one file per day with a row per
//!   quarter of an hour: that day's hours. See `google/metrics.rs` for how files and columns
//!   are told apart in any language, and why `Calories (kcal)` is not active energy;
//!   [`merge_days`] joins the two;
//! - anything else (`All Data/*.json`, `All Sessions/*.json`, ...): [`GoogleEntry::Skipped`].
//!
//! ```
//! use archives::Samples;
//! use archives::google::{GoogleEntry, read_entry};
//! use domain::Sport;
//!
//! let path = "Takeout/Fit/Activiteiten/2020-01-01T10_00_00+01_00_PT1H2M3S_Hardlopen.tcx";
//! let Ok(GoogleEntry::Workout(workout)) = read_entry(path, b"") else { panic!("a workout") };
//! assert_eq!(workout.samples, Samples::File(path.to_owned()));
//! assert_eq!(workout.meta.sport, Some(Sport::Running));
//! assert_eq!(workout.summary.utc_offset_min, Some(60));
//! ```

mod metrics;
mod name;

use std::collections::BTreeMap;

use domain::Date;

use crate::{ArchiveDay, ArchiveError, ArchiveWorkout, Meta, Samples, Summary};

/// What an entry of a Takeout is, from its path alone (so the caller can skip an entry without
/// reading it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoogleKind {
    /// A `.tcx` file in a folder directly under `Fit/`: an activity.
    Activity,
    /// A `YYYY-MM-DD.csv` in a folder directly under `Fit/`: one day's quarters of an hour.
    DayQuarters(Date),
    /// Another `.csv` in a folder directly under `Fit/`: the assembled daily metrics, if its
    /// content says so (its first column holds dates).
    DailyMetrics,
    /// Anything else: its file name.
    Other(String),
}

impl GoogleKind {
    /// The kind of the entry at `path` (with `/`, as in a zip; `\` is read as `/` too).
    pub fn of(path: &str) -> Self {
        let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
        let name = parts.last().copied().unwrap_or(path);
        // `Fit/<folder>/<file>`: the product name is not translated, the folder is.
        let under_fit = parts.len() >= 3 && parts[parts.len() - 3] == "Fit";
        if !under_fit {
            return Self::Other(name.to_owned());
        }
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".tcx") {
            Self::Activity
        } else if let Some(date) = metrics::date_of_file(name) {
            Self::DayQuarters(date)
        } else if lower.ends_with(".csv") {
            Self::DailyMetrics
        } else {
            Self::Other(name.to_owned())
        }
    }
}

/// One entry of a Takeout, read.
#[derive(Debug, Clone, PartialEq)]
pub enum GoogleEntry {
    /// An activity, its samples in the entry itself.
    Workout(Box<ArchiveWorkout>),
    /// The assembled daily metrics: one day per row.
    Days(Vec<ArchiveDay>),
    /// One day's quarters of an hour, summed into hours and the day's totals.
    Day(ArchiveDay),
    /// An entry Laps does not import (its file name).
    Skipped(String),
}

/// Reads the entry at `path` inside a Takeout from its bytes (a `.tcx` is not read: its
/// bytes may be empty).
///
/// A CSV that is neither a per-day file nor has dates in its first column is
/// [`GoogleEntry::Skipped`].
///
/// # Errors
/// An [`ArchiveError`] naming `path`, with the line and column, when a CSV cannot be split
/// into fields, or a row of a daily metrics file has a date, time or count that is not one.
pub fn read_entry(path: &str, bytes: &[u8]) -> Result<GoogleEntry, ArchiveError> {
    let read = match GoogleKind::of(path) {
        GoogleKind::Activity => return Ok(GoogleEntry::Workout(Box::new(workout(path)))),
        GoogleKind::Other(name) => return Ok(GoogleEntry::Skipped(name)),
        GoogleKind::DayQuarters(date) => metrics::read_quarters(date, bytes).map(GoogleEntry::Day),
        GoogleKind::DailyMetrics if metrics::is_daily_metrics(bytes) => {
            metrics::read_days(bytes).map(GoogleEntry::Days)
        }
        GoogleKind::DailyMetrics => {
            let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
            return Ok(GoogleEntry::Skipped(name.to_owned()));
        }
    };
    read.map_err(|message| ArchiveError::new(path, message))
}

/// The workout of the activity file at `path`: its samples are the file; its start, offset,
/// duration, title (the activity as named) and sport come from the name when it has Google
/// Fit's shape, and are left out otherwise. The file's name without `.tcx` is its
/// [`Meta::source_id`].
pub fn workout(path: &str) -> ArchiveWorkout {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match file.len().checked_sub(4) {
        Some(at) if file.is_char_boundary(at) && file[at..].eq_ignore_ascii_case(".tcx") => {
            &file[..at]
        }
        _ => file,
    };
    let parsed = name::parse(stem);
    let activity = parsed.as_ref().and_then(|p| p.activity.clone());
    ArchiveWorkout {
        samples: Samples::File(path.to_owned()),
        meta: Meta {
            source_id: Some(stem.to_owned()),
            sport: activity.as_deref().and_then(name::sport),
            title: activity,
            ..Meta::default()
        },
        summary: Summary {
            start: parsed.as_ref().map(|p| p.start),
            utc_offset_min: parsed.as_ref().map(|p| p.utc_offset_min),
            elapsed_ms: parsed.as_ref().and_then(|p| p.elapsed_ms),
            ..Summary::default()
        },
    }
}

/// Reads the assembled daily metrics CSV (`Daily activity metrics.csv`, whatever its name).
///
/// # Errors
/// As [`read_entry`].
pub fn read_daily_metrics(path: &str, bytes: &[u8]) -> Result<Vec<ArchiveDay>, ArchiveError> {
    metrics::read_days(bytes).map_err(|message| ArchiveError::new(path, message))
}

/// Reads one day's CSV of quarters of an hour (`YYYY-MM-DD.csv`) for `date`.
///
/// # Errors
/// As [`read_entry`].
pub fn read_day_quarters(path: &str, date: Date, bytes: &[u8]) -> Result<ArchiveDay, ArchiveError> {
    metrics::read_quarters(date, bytes).map_err(|message| ArchiveError::new(path, message))
}

/// Joins the days of the assembled file with those of the per-day files, by date: the
/// assembled file's totals where it has them (Google computed them over the whole day), the
/// per-day file's totals otherwise, and its hours. Sorted by date.
pub fn merge_days(
    assembled: impl IntoIterator<Item = ArchiveDay>,
    per_day: impl IntoIterator<Item = ArchiveDay>,
) -> Vec<ArchiveDay> {
    let mut days: BTreeMap<Date, ArchiveDay> = BTreeMap::new();
    for day in per_day {
        days.insert(day.date, day);
    }
    for day in assembled {
        match days.get_mut(&day.date) {
            Some(known) => {
                known.steps = day.steps.or(known.steps);
                known.active_kcal = day.active_kcal.or(known.active_kcal);
                known.active_s = day.active_s.or(known.active_s);
            }
            None => {
                days.insert(day.date, day);
            }
        }
    }
    days.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_paths_tell_their_kind_whatever_the_folder_is_called() {
        let cases = [
            (
                "Takeout/Fit/Activities/2020-01-01T10_00_00+01_00_PT1H_Running.tcx",
                GoogleKind::Activity,
            ),
            ("Takeout/Fit/Aktivitäten/x.TCX", GoogleKind::Activity),
            (
                "Takeout/Fit/Tägliche Aktivitätswerte/Tägliche Aktivitätswerte.csv",
                GoogleKind::DailyMetrics,
            ),
            (
                "Takeout/Fit/Daily activity metrics/2020-01-31.csv",
                GoogleKind::DayQuarters(Date::new(2020, 1, 31).unwrap()),
            ),
            (
                "Takeout/Fit/All Sessions/2020-01-01.json",
                GoogleKind::Other("2020-01-01.json".into()),
            ),
            (
                "Takeout/Fit/Activities/deeper/x.tcx",
                GoogleKind::Other("x.tcx".into()),
            ),
            ("elsewhere/x.tcx", GoogleKind::Other("x.tcx".into())),
        ];
        for (path, kind) in cases {
            assert_eq!(GoogleKind::of(path), kind, "{path}");
        }
    }
}
