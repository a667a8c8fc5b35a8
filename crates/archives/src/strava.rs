//! Strava's bulk export ("Download or Delete Your Account" → "Request your archive").
//!
//! `activities.csv` lists every activity, one row each: its id, UTC start, name, type,
//! description, private note, gear, commute flag, summary figures, and the `Filename` of its
//! recording inside the archive (`activities/12866632127.fit.gz`), empty for a manual entry.
//! That file is named by an id that is NOT the activity's: rows are joined to files by the
//! `Filename` column only, and the `Activity ID` becomes [`Meta::source_id`].
//!
//! The header is resolved by position and meaning (see the column table in `columns`), since
//! exports come with 94, 99 or 101 columns, localized names and duplicated ones. `bikes.csv`
//! and `shoes.csv` name the gear ([`read_gear`]).
//!
//! ```no_run
//! # fn main() -> Result<(), archives::ArchiveError> {
//! let csv = std::fs::read("export/activities.csv").unwrap();
//! for workout in archives::strava::Activities::new(&csv)? {
//!     let workout = workout?;
//!     println!("{:?} {:?}", workout.meta.title, workout.samples);
//! }
//! # Ok(())
//! # }
//! ```

mod columns;
mod date;
mod gear;

pub use gear::{Gear, GearKind, read_gear};

use self::columns::{Column, Columns};
use crate::csv::{Record, Records};
use crate::{ArchiveError, ArchiveWorkout, Meta, Samples, Summary};
use domain::Sport;

/// The entry of the archive that lists the activities.
pub const ACTIVITIES: &str = "activities.csv";

/// The workouts of an `activities.csv`, one row at a time.
pub struct Activities<'a> {
    records: Records<'a>,
    columns: Columns,
    width: usize,
}

impl<'a> Activities<'a> {
    /// Reads the header of `bytes` (the whole `activities.csv`); `Err` when the header is not
    /// one of a Strava export (it names the column missing).
    pub fn new(bytes: &'a [u8]) -> Result<Self, ArchiveError> {
        let mut records = Records::new(bytes);
        let header = match records.next() {
            Some(Ok(header)) => header,
            Some(Err(e)) => return Err(ArchiveError::new(ACTIVITIES, e)),
            None => return Err(ArchiveError::new(ACTIVITIES, "the file is empty")),
        };
        let columns = Columns::resolve(&header.fields)
            .map_err(|e| ArchiveError::new(ACTIVITIES, format!("line 1: {e}")))?;
        Ok(Self {
            records,
            columns,
            width: header.fields.len(),
        })
    }
}

impl Iterator for Activities<'_> {
    type Item = Result<ArchiveWorkout, ArchiveError>;

    fn next(&mut self) -> Option<Self::Item> {
        let record = match self.records.next()? {
            Ok(record) => record,
            Err(e) => return Some(Err(ArchiveError::new(ACTIVITIES, e))),
        };
        Some(
            Row {
                record: &record,
                columns: &self.columns,
                width: self.width,
            }
            .workout()
            .map_err(|e| ArchiveError::new(ACTIVITIES, e)),
        )
    }
}

/// Reads a whole `activities.csv`; the first row that cannot be read is the error.
pub fn read_activities(bytes: &[u8]) -> Result<Vec<ArchiveWorkout>, ArchiveError> {
    Activities::new(bytes)?.collect()
}

/// One row with the columns resolved, read field by field with messages that say where.
struct Row<'r> {
    record: &'r Record,
    columns: &'r Columns,
    width: usize,
}

impl Row<'_> {
    fn workout(&self) -> Result<ArchiveWorkout, String> {
        if self.record.fields.len() != self.width {
            return Err(format!(
                "line {}: the row has {} fields where the header has {}",
                self.record.line,
                self.record.fields.len(),
                self.width
            ));
        }
        let samples = match self.text(Column::Filename) {
            Some(path) => Samples::File(path.to_owned()),
            None => Samples::None,
        };
        let meta = Meta {
            source_id: self.owned(Column::ActivityId),
            title: self.owned(Column::Name),
            notes: self.owned(Column::Description),
            private_note: self.owned(Column::PrivateNote),
            sport: self.text(Column::Type).and_then(sport),
            gear: self.owned(Column::Gear),
            commute: self.parsed(Column::Commute, "true or false", boolean)?,
            time_zone: None,
        };
        let start = self.parsed(Column::Date, "a date", date::parse)?;
        if start.is_none() {
            return Err(self.message(Column::Date, "is empty: a workout needs its start"));
        }
        let km = self.number(Column::DistanceKm)?;
        let m = self.number(Column::DistanceM)?;
        let summary = Summary {
            start,
            // Strava writes every date in UTC and no offset.
            utc_offset_min: None,
            elapsed_ms: self.number(Column::ElapsedTime)?.map(seconds_to_ms),
            moving_ms: self.number(Column::MovingTime)?.map(seconds_to_ms),
            // The first Distance (km, two decimals in the sample) is the summary's figure, as
            // specified for this reader; the second (m) stands in only where it is empty.
            distance_m: km.map(|km| (km * 1_000_000.0).round() / 1000.0).or(m),
            calories: self.number(Column::Calories)?.map(|c| c.round() as u32),
            avg_hr: self
                .number(Column::AverageHeartRate)?
                .map(|h| h.round() as u16),
            max_hr: self.number(Column::MaxHeartRate)?.map(|h| h.round() as u16),
            ascent_m: self.number(Column::ElevationGain)?,
        };
        Ok(ArchiveWorkout {
            samples,
            meta,
            summary,
        })
    }

    /// The column's text, trimmed; `None` when the header lacks the column or the field is
    /// empty.
    fn text(&self, column: Column) -> Option<&str> {
        let (i, _) = self.columns.find(column)?;
        let text = self.record.fields.get(i)?.trim();
        (!text.is_empty()).then_some(text)
    }

    fn owned(&self, column: Column) -> Option<String> {
        self.text(column).map(str::to_owned)
    }

    /// The column read by `parse`; `Err` names the row, the column and the text.
    fn parsed<T>(
        &self,
        column: Column,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, String> {
        let Some(text) = self.text(column) else {
            return Ok(None);
        };
        match parse(text) {
            Some(value) => Ok(Some(value)),
            None => Err(self.message(column, &format!("`{text}` is not {what}"))),
        }
    }

    /// A non-negative number; a decimal comma is read as a point (localized exports).
    fn number(&self, column: Column) -> Result<Option<f64>, String> {
        self.parsed(column, "a number", |text| {
            let text = if text.contains('.') {
                text.to_owned()
            } else {
                text.replacen(',', ".", 1)
            };
            text.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n >= 0.0)
        })
    }

    fn message(&self, column: Column, problem: &str) -> String {
        let (i, label) = self.columns.find(column).unwrap_or((0, "?"));
        format!(
            "line {}, column {} `{label}`: {problem}",
            self.record.line,
            i + 1
        )
    }
}

fn seconds_to_ms(s: f64) -> i64 {
    (s * 1000.0).round() as i64
}

/// A commute flag: `true`/`false` in the text column, `1.0`/`0.0` in the numeric one, or a
/// translation.
fn boolean(text: &str) -> Option<bool> {
    match date::fold(text).as_str() {
        "true" | "1" | "1.0" | "wahr" | "vrai" | "verdadero" | "waar" | "yes" | "ja" | "oui"
        | "si" => Some(true),
        "false" | "0" | "0.0" | "falsch" | "faux" | "falso" | "onwaar" | "no" | "nein" | "non"
        | "nee" => Some(false),
        _ => None,
    }
}

/// The sport of a Strava activity type (its API name, as English exports write it, or the
/// translation of a common one); `None` for a type with no match here, so the recording's own
/// sport (or the caller's default) decides.
fn sport(kind: &str) -> Option<Sport> {
    let key: String = date::fold(kind)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let sport = match key.as_str() {
        "run" | "trailrun" | "virtualrun" | "lauf" | "traillauf" | "courseapied" | "carrera"
        | "hardlopen" | "hardloop" => Sport::Running,
        "ride" | "virtualride" | "ebikeride" | "mountainbikeride" | "emountainbikeride"
        | "gravelride" | "velomobile" | "handcycle" | "radfahrt" | "virtuelleradfahrt"
        | "sortieavelo" | "velo" | "velovirtuel" | "bicicleta" | "ciclismo" | "fietsrit"
        | "fietsen" => Sport::Cycling,
        "walk" | "spaziergang" | "marche" | "caminata" | "wandeling" => Sport::Walking,
        "hike" | "wanderung" | "randonnee" | "excursion" | "senderismo" | "wandelen" => {
            Sport::Hiking
        }
        "swim" | "schwimmen" | "natation" | "natacion" | "zwemmen" => Sport::Swimming,
        "alpineski" | "backcountryski" | "snowboard" => Sport::AlpineSkiing,
        "nordicski" => Sport::CrossCountrySkiing,
        "rowing" | "virtualrow" => Sport::Rowing,
        "kayaking" | "canoeing" | "standuppaddling" => Sport::Paddling,
        "inlineskate" => Sport::InlineSkating,
        "weighttraining" | "workout" | "crossfit" | "hiit" | "yoga" | "pilates" => Sport::Training,
        "elliptical" | "stairstepper" => Sport::FitnessEquipment,
        "rockclimbing" => Sport::Mountaineering,
        _ => return None,
    };
    Some(sport)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strava_types_map_to_the_sports_laps_knows() {
        let cases = [
            ("Run", Some(Sport::Running)),
            ("TrailRun", Some(Sport::Running)),
            ("Ride", Some(Sport::Cycling)),
            ("VirtualRide", Some(Sport::Cycling)),
            ("Virtual Ride", Some(Sport::Cycling)),
            ("Walk", Some(Sport::Walking)),
            ("Hike", Some(Sport::Hiking)),
            ("Swim", Some(Sport::Swimming)),
            ("NordicSki", Some(Sport::CrossCountrySkiing)),
            ("WeightTraining", Some(Sport::Training)),
            ("Lauf", Some(Sport::Running)),
            ("Course à pied", Some(Sport::Running)),
            ("Fietsrit", Some(Sport::Cycling)),
            ("Golf", None),
        ];
        for (kind, want) in cases {
            assert_eq!(sport(kind), want, "{kind}");
        }
    }

    #[test]
    fn commute_flags_read_in_both_columns_forms() {
        let cases = [
            ("false", Some(false)),
            ("true", Some(true)),
            ("1.0", Some(true)),
            ("0.0", Some(false)),
            ("Wahr", Some(true)),
            ("maybe", None),
        ];
        for (text, want) in cases {
            assert_eq!(boolean(text), want, "{text}");
        }
    }
}
