//! The CSVs of `Takeout/Fit/Daily activity metrics/` (folder, file and column names are all in
//! the account's language):
//!
//! - the assembled file (`Daily activity metrics.csv`): one row a day, the first column the
//!   date as `YYYY-MM-DD`;
//! - one file per day, named `YYYY-MM-DD.csv`: one row per quarter of an hour, the first two
//!   columns its local start and end as `HH:MM:SS.sss+HH:MM`.
//!
//! Neither the file names nor the headers can be matched in every language, so the signs used
//! are the ones Takeout does not translate: a per-day file's name is its date, and the
//! assembled file's first column holds dates (see [`is_daily_metrics`]). Exports leave out the
//! columns for which the account has no data, so the column count is no sign, and columns are
//! found by name (English and common translations) or by unit where the header has one.
//!
//! Google Fit's `Calories (kcal)` is the energy expended including the basal rate (a day
//! without any movement still shows some 1,500 kcal), not active energy: it is not reported as
//! [`ArchiveDay::active_kcal`], which stays `None` (Laps would otherwise show a resting day as
//! a very active one). Move minutes become the active time.

use std::collections::BTreeMap;

use domain::{ActivityHour, Date};

use crate::ArchiveDay;
use crate::csv::{Record, Records};

/// Where the figures Laps keeps are in a header.
#[derive(Debug, Default)]
struct Columns {
    steps: Option<usize>,
    move_minutes: Option<usize>,
    names: Vec<String>,
}

impl Columns {
    /// Finds the columns by name: the step count and the move minutes, in English or in one of
    /// the translations below; the first column is the date or the start time, by position.
    fn resolve(header: &[String]) -> Self {
        let folded: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        let find = |keys: &[&str]| {
            folded
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, h)| keys.iter().any(|k| h.contains(k)))
                .map(|(i, _)| i)
        };
        Self {
            steps: find(&[
                "step count",
                "steps",
                "schritt",
                "stappen",
                "nombre de pas",
                "pasos",
                "passi",
                "passos",
                "kroki",
            ]),
            move_minutes: find(&[
                "move minutes",
                "bewegungsminuten",
                "bewegingsminuten",
                "minutes de mouvement",
                "minutos de movimiento",
                "minuti di movimento",
                "minutos de movimento",
                "minuty ruchu",
            ]),
            names: header.to_vec(),
        }
    }

    /// A count in `column` of `record`: empty is `None`; a decimal (Takeout writes some counts
    /// as `1234.0`) is rounded; anything else is an error naming the line and the column.
    fn count(&self, record: &Record, column: Option<usize>) -> Result<Option<u32>, String> {
        let Some(i) = column else { return Ok(None) };
        let text = record.fields.get(i).map_or("", |f| f.trim());
        if text.is_empty() {
            return Ok(None);
        }
        // A localized export may write a decimal comma (quoted, as the separator is a comma).
        let value: Option<f64> = if text.contains('.') {
            text.parse().ok()
        } else {
            text.replace(',', ".").parse().ok()
        };
        match value {
            Some(v) if v.is_finite() && v >= 0.0 && v <= f64::from(u32::MAX) => {
                Ok(Some(v.round() as u32))
            }
            _ => Err(format!(
                "line {}, column {:?}: {text:?} is not a count",
                record.line, self.names[i]
            )),
        }
    }
}

/// Whether a CSV is the assembled daily metrics: its first data row starts with a
/// `YYYY-MM-DD` date (in every language; per-day files start with a time instead).
pub(crate) fn is_daily_metrics(bytes: &[u8]) -> bool {
    let mut records = Records::new(bytes);
    let _header = records.next();
    matches!(records.next(), Some(Ok(r)) if r.fields.first().and_then(|f| strict_date(f)).is_some())
}

/// Reads the assembled file: one day per row, in the file's order.
pub(crate) fn read_days(bytes: &[u8]) -> Result<Vec<ArchiveDay>, String> {
    let mut records = Records::new(bytes);
    let header = match records.next() {
        Some(header) => header?,
        None => return Ok(Vec::new()),
    };
    let columns = Columns::resolve(&header.fields);
    let mut days = Vec::new();
    for record in records {
        let record = record?;
        let text = record.fields[0].trim();
        let date = strict_date(text).ok_or_else(|| {
            format!(
                "line {}, column {:?}: {text:?} is not a date (YYYY-MM-DD)",
                record.line, columns.names[0]
            )
        })?;
        let steps = columns.count(&record, columns.steps)?;
        let move_minutes = columns.count(&record, columns.move_minutes)?;
        days.push(ArchiveDay {
            date,
            steps,
            active_kcal: None,
            active_s: move_minutes.map(|m| m.saturating_mul(60)),
            hours: Vec::new(),
        });
    }
    Ok(days)
}

/// Reads a per-day file of `date`: its quarters summed into local hours, and the day's totals
/// from them.
pub(crate) fn read_quarters(date: Date, bytes: &[u8]) -> Result<ArchiveDay, String> {
    let mut records = Records::new(bytes);
    let header = match records.next() {
        Some(header) => header?,
        None => return Ok(empty_day(date)),
    };
    let columns = Columns::resolve(&header.fields);
    let mut hours: BTreeMap<u8, ActivityHour> = BTreeMap::new();
    let (mut steps, mut move_minutes) = (None::<u32>, None::<u32>);
    for record in records {
        let record = record?;
        let text = record.fields[0].trim();
        let hour = hour_of(text).ok_or_else(|| {
            format!(
                "line {}, column {:?}: {text:?} is not a time (HH:MM:SS)",
                record.line, columns.names[0]
            )
        })?;
        let quarter_steps = columns.count(&record, columns.steps)?;
        let quarter_moves = columns.count(&record, columns.move_minutes)?;
        if quarter_steps.is_none() && quarter_moves.is_none() {
            continue;
        }
        let entry = hours.entry(hour).or_insert(ActivityHour {
            hour,
            steps: 0,
            active_calories: 0,
            active_seconds: 0,
        });
        if let Some(s) = quarter_steps {
            entry.steps = entry.steps.saturating_add(s);
            steps = Some(steps.unwrap_or(0).saturating_add(s));
        }
        if let Some(m) = quarter_moves {
            entry.active_seconds = entry.active_seconds.saturating_add(m.saturating_mul(60));
            move_minutes = Some(move_minutes.unwrap_or(0).saturating_add(m));
        }
    }
    Ok(ArchiveDay {
        date,
        steps,
        active_kcal: None,
        active_s: move_minutes.map(|m| m.saturating_mul(60)),
        hours: hours.into_values().collect(),
    })
}

fn empty_day(date: Date) -> ArchiveDay {
    ArchiveDay {
        date,
        steps: None,
        active_kcal: None,
        active_s: None,
        hours: Vec::new(),
    }
}

/// The local hour of a quarter's start, `HH:MM:SS.sss+HH:MM` (the offset is the day's own, so
/// the hour as written is already local; on the day clocks go back, both 02:00 hours add up).
fn hour_of(text: &str) -> Option<u8> {
    let bytes = text.as_bytes();
    if bytes.len() < 5 || bytes[2] != b':' || !bytes[..2].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let hour: u8 = text[..2].parse().ok()?;
    (hour < 24 && bytes[3..5].iter().all(u8::is_ascii_digit)).then_some(hour)
}

/// A `YYYY-MM-DD` date, exactly: `Date::parse` forgives spaces and short numbers, and a sign
/// that tells files apart must not.
fn strict_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let shape = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    if !(shape && digits(0..4) && digits(5..7) && digits(8..10)) {
        return None;
    }
    Date::new(
        text[0..4].parse().ok()?,
        text[5..7].parse().ok()?,
        text[8..10].parse().ok()?,
    )
}

/// The date a per-day file is named by (`2020-01-01.csv`), in any language.
pub(crate) fn date_of_file(name: &str) -> Option<Date> {
    let stem = name.strip_suffix(".csv").or(name.strip_suffix(".CSV"))?;
    strict_date(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarter_start_times_give_their_local_hour() {
        let cases = [
            ("00:00:00.000+01:00", Some(0)),
            ("13:45:00.000-05:00", Some(13)),
            ("23:45", Some(23)),
            ("24:00:00", None),
            ("1:00:00", None),
            ("2020-01-01", None),
        ];
        for (text, want) in cases {
            assert_eq!(hour_of(text), want, "{text}");
        }
    }

    #[test]
    fn only_names_that_are_a_date_are_per_day_files() {
        let cases = [
            ("2020-01-31.csv", Date::new(2020, 1, 31)),
            ("2020-02-30.csv", None),
            ("Daily activity metrics.csv", None),
            ("2020-01-31 (1).csv", None),
        ];
        for (name, want) in cases {
            assert_eq!(date_of_file(name), want, "{name}");
        }
    }
}
