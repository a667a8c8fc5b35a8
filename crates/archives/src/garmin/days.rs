//! `DI-Connect-Aggregator/UDSFile_<from>_<to>.json`: Garmin's "user daily summary", one
//! record a day.
//!
//! A list of objects with `calendarDate` (`"2021-08-16"`; read too when written as
//! `{"date": "2021-08-16"}` or with a time after the date), `totalSteps`, `activeKilocalories`,
//! and the day's waking time split by intensity: `highlyActiveSeconds`, `activeSeconds`,
//! `sedentarySeconds`, `sleepingSeconds`; plus `moderateIntensityMinutes` and
//! `vigorousIntensityMinutes` (the week's "intensity minutes"). These are the names public
//! readers of the export and of the Connect API's daily summary use alike.
//!
//! Active time is `highlyActiveSeconds + activeSeconds` (every waking second that was not
//! sedentary). A record with neither falls back to the intensity minutes, which count only
//! the more vigorous part of it, but are all such a record says.

use super::activities::kind;
use super::json::Record;
use crate::{ArchiveDay, ArchiveError};
use domain::Date;
use serde_json::Value;

/// The days of a `UDSFile_*.json`, one record at a time; a record that cannot be read is an
/// error naming its place (and date, when readable), and the others are still read.
pub struct Days {
    entry: String,
    records: std::vec::IntoIter<Value>,
    position: usize,
}

impl Days {
    /// Reads `bytes` (the whole entry named `entry`). `Err` when it is not JSON or not a list.
    pub fn new(entry: &str, bytes: &[u8]) -> Result<Self, ArchiveError> {
        let root: Value = serde_json::from_slice(bytes)
            .map_err(|e| ArchiveError::new(entry, format!("not JSON: {e}")))?;
        let Value::Array(records) = root else {
            return Err(ArchiveError::new(
                entry,
                format!("expected a list of days, found {}", kind(&root)),
            ));
        };
        Ok(Self {
            entry: entry.to_owned(),
            records: records.into_iter(),
            position: 0,
        })
    }
}

impl Iterator for Days {
    type Item = Result<ArchiveDay, ArchiveError>;

    fn next(&mut self) -> Option<Self::Item> {
        let value = self.records.next()?;
        self.position += 1;
        let Value::Object(map) = &value else {
            return Some(Err(ArchiveError::new(
                &self.entry,
                format!("day {}: is {}, not an object", self.position, kind(&value)),
            )));
        };
        let record = Record(map);
        Some(day(&record).map_err(|e| {
            let place = match raw_date(&record) {
                Some(date) => format!("day {} ({date})", self.position),
                None => format!("day {}", self.position),
            };
            ArchiveError::new(&self.entry, format!("{place}: {e}"))
        }))
    }
}

/// Reads a whole `UDSFile_*.json`; the first record that cannot be read is the error.
pub fn read_days(entry: &str, bytes: &[u8]) -> Result<Vec<ArchiveDay>, ArchiveError> {
    Days::new(entry, bytes)?.collect()
}

/// The text of the record's date, in either shape, for messages and for parsing.
fn raw_date<'a>(r: &Record<'a>) -> Option<&'a str> {
    match r.0.get("calendarDate")? {
        Value::String(s) => Some(s.as_str()),
        Value::Object(o) => o.get("date")?.as_str(),
        _ => None,
    }
}

fn day(r: &Record<'_>) -> Result<ArchiveDay, String> {
    let Some(text) = raw_date(r) else {
        return Err(match r.0.get("calendarDate") {
            None | Some(Value::Null) => "has no calendarDate".to_owned(),
            Some(other) => format!("calendarDate is {}, not a date", kind(other)),
        });
    };
    // `2021-08-16`, or the same followed by a time (`2021-08-16T00:00:00.0`).
    let date = text
        .trim()
        .get(..10)
        .and_then(Date::parse)
        .ok_or_else(|| format!("calendarDate is not a date: {text:?}"))?;
    let highly: Option<u32> = r.count(&["highlyActiveSeconds"])?;
    let active: Option<u32> = r.count(&["activeSeconds"])?;
    let active_s = match (highly, active) {
        (None, None) => {
            let moderate: Option<u32> = r.count(&["moderateIntensityMinutes"])?;
            let vigorous: Option<u32> = r.count(&["vigorousIntensityMinutes"])?;
            match (moderate, vigorous) {
                (None, None) => None,
                (m, v) => Some((m.unwrap_or(0) + v.unwrap_or(0)) * 60),
            }
        }
        (h, a) => Some(h.unwrap_or(0) + a.unwrap_or(0)),
    };
    Ok(ArchiveDay {
        date,
        steps: r.count(&["totalSteps"])?,
        active_kcal: r.count(&["activeKilocalories"])?,
        active_s,
        hours: Vec::new(),
    })
}
