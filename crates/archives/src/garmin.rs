//! Garmin Connect's "Export your data" (the GDPR archive).
//!
//! Everything is under `DI_CONNECT/`:
//!
//! * `DI-Connect-Fitness/<email>_0_summarizedActivities.json`: every activity's name, type and
//!   summary ([`Activities`]). It carries no samples.
//! * `DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip` (a zip inside the zip): the original
//!   FIT files, named `<email>_<number>.fit` or `<number>.fit`, mixed with the watch's other
//!   files (monitoring, sleep, metrics, weight). [`classify`] tells an activity from the rest by
//!   the file's `file_id` alone, so the others are skipped (and counted) without decoding them;
//!   a [`Matcher`] joins an activity file to its summary, by the id in its name when that is an
//!   activity's id, else by start time ([`match_by_start`]).
//! * `DI-Connect-Aggregator/UDSFile_*.json`: one record per day with steps, active energy and
//!   active time ([`Days`]).
//!
//! No free sample of this export exists: the shapes read here are those public readers of it
//! rely on (documented in each module), and the tests assemble them.
//!
//! ```no_run
//! # fn main() -> Result<(), archives::ArchiveError> {
//! use archives::garmin::{self, FitKind, Matcher};
//! let entry = "DI_CONNECT/DI-Connect-Fitness/me@example.com_0_summarizedActivities.json";
//! let json = std::fs::read("export/summarizedActivities.json").unwrap();
//! let workouts: Vec<_> = garmin::Activities::new(entry, &json)?.collect::<Result<_, _>>()?;
//! let mut matcher = Matcher::new(&workouts);
//! let fit = std::fs::read("export/me@example.com_123.fit").unwrap();
//! let id = garmin::file_id("me@example.com_123.fit", &fit)?;
//! if id.kind == FitKind::Activity {
//!     // Only activities are decoded; their start finds the summary when the name does not.
//!     let recording = formats::fit::read(&fit).unwrap();
//!     let found = matcher.find("me@example.com_123.fit", Some(recording.start));
//!     println!("{found:?}");
//! }
//! # Ok(())
//! # }
//! ```

mod activities;
mod days;
mod fit;
mod json;
mod matching;

pub use activities::{Activities, Units};
pub use days::{Days, read_days};
pub use fit::{FileId, FitKind, classify, file_id};
pub use matching::{Matcher, START_TOLERANCE_MS, activity_id_in_name, match_by_start};

/// The folder of the export that holds everything Laps reads.
pub const ROOT: &str = "DI_CONNECT/";

/// How the name of the activities' entry ends (`<email>_0_summarizedActivities.json`).
pub const ACTIVITIES_SUFFIX: &str = "summarizedActivities.json";

/// The folder of the daily summaries (`UDSFile_<from>_<to>.json`).
pub const DAYS_FOLDER: &str = "DI-Connect-Aggregator/";

/// How the names of the daily summaries begin.
pub const DAYS_PREFIX: &str = "UDSFile_";

/// Whether `entry` (a path inside the archive) is an activities list.
pub fn is_activities(entry: &str) -> bool {
    file_name(entry).ends_with(ACTIVITIES_SUFFIX) && entry.contains("DI-Connect-Fitness/")
}

/// Whether `entry` (a path inside the archive) is a file of daily summaries.
pub fn is_days(entry: &str) -> bool {
    let name = file_name(entry);
    name.starts_with(DAYS_PREFIX) && name.ends_with(".json")
}

/// The last component of a path inside an archive (zips use `/`, some tools `\`).
fn file_name(entry: &str) -> &str {
    entry.rsplit(['/', '\\']).next().unwrap_or(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entries_are_told_by_folder_and_name() {
        let cases = [
            (
                "DI_CONNECT/DI-Connect-Fitness/a@b.c_0_summarizedActivities.json",
                true,
                false,
            ),
            (
                "x/DI-Connect-Aggregator/UDSFile_2020-01-01_2020-04-10.json",
                false,
                true,
            ),
            (
                "DI_CONNECT/DI-Connect-Fitness/a@b.c_0_personalRecord.json",
                false,
                false,
            ),
            (
                "DI_CONNECT/DI-Connect-Aggregator/HydrationLogFile_1.json",
                false,
                false,
            ),
        ];
        for (entry, activities, days) in cases {
            assert_eq!(is_activities(entry), activities, "{entry}");
            assert_eq!(is_days(entry), days, "{entry}");
        }
    }
}
