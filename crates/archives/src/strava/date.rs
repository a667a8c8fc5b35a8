//! The dates of `activities.csv`, all in UTC, in the forms Strava's exports write them:
//!
//! | form | example |
//! |---|---|
//! | US English (the usual) | `May 29, 2022, 3:53:35 PM` |
//! | British English | `29 May 2022, 15:53:35` |
//! | ISO | `2022-05-29 15:53:35`, `2022-05-29T15:53:35Z` |
//! | German | `29.05.2022, 15:53:35`, `29. Mai 2022, 15:53:35`, `Am 29. Mai 2022 um 15:53` |
//! | French | `29 mai 2022, 15:53:35`, `29 mai 2022 à 15:53:35` |
//! | Spanish | `29 may 2022, 15:53:35`, `29 de mayo de 2022, 3:53:35 p. m.` |
//! | Dutch | `29 mei 2022, 15:53:35`, `29 mei 2022 om 15:53:35` |
//!
//! Read by shape rather than by a list of patterns: the time is the run of digits around the
//! first `:`; before it, a month is a month name (full or abbreviated, in any of the languages)
//! or the middle number; a 4-digit year is first or last. Anything else (an unknown word, an
//! offset, a month that is not one) is refused, so a date is never silently misread.

use domain::Timestamp;
use formats::{Civil, TimestampExt};

/// Month names of the languages above, full (abbreviations are their prefixes), folded to
/// lower case without accents.
const MONTHS: [&[&str]; 12] = [
    &["january", "januar", "janvier", "enero", "januari", "janner"],
    &["february", "februar", "fevrier", "febrero", "februari"],
    &["march", "marz", "maerz", "mars", "marzo", "maart", "mrt"],
    &["april", "avril", "abril"],
    &["may", "mai", "mayo", "mei"],
    &["june", "juni", "juin", "junio"],
    &["july", "juli", "juillet", "julio"],
    &["august", "aout", "agosto", "augustus"],
    &["september", "septembre", "septiembre", "setiembre"],
    &["october", "oktober", "octobre", "octubre"],
    &["november", "novembre", "noviembre"],
    &["december", "dezember", "decembre", "diciembre"],
];

/// Words that may stand between the parts of a date ("Am 29. Mai 2022 um 15:53", "29 de mayo",
/// the `T` of ISO) and say nothing.
const FILLERS: &[&str] = &[
    "t", "am", "um", "de", "del", "a", "om", "at", "on", "le", "el",
];

/// The instant `text` names, or `None` when it is not one of the forms above.
pub(crate) fn parse(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    let colon = text.find(':')?;
    let bytes = text.as_bytes();
    let start = bytes[..colon]
        .iter()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let end = bytes[colon..]
        .iter()
        .position(|b| !(b.is_ascii_digit() || *b == b':' || *b == b'.'))
        .map_or(text.len(), |i| colon + i);
    let (hour, minute, second) = time_of_day(&text[start..end], &text[end..])?;
    let (year, month, day) = date(&text[..start])?;
    Some(Timestamp::from_civil(
        Civil {
            year,
            month,
            day,
            hour,
            minute,
            second,
            millisecond: 0,
        },
        0,
    ))
}

/// `H:MM[:SS[.fff]]` and what follows it (AM/PM, `Z`, `UTC`, or nothing).
fn time_of_day(time: &str, after: &str) -> Option<(u8, u8, u8)> {
    let time = time.split('.').next()?;
    let mut parts = time.split(':').map(|p| {
        (!p.is_empty() && p.len() <= 2)
            .then(|| p.parse::<u8>().ok())
            .flatten()
    });
    let hour = parts.next()??;
    let minute = parts.next()??;
    let second = match parts.next() {
        Some(s) => s?,
        None => 0,
    };
    if parts.next().is_some() || minute > 59 || second > 59 {
        return None;
    }
    let after: String = after
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .flat_map(char::to_lowercase)
        .collect();
    let hour = match after.as_str() {
        "" | "z" | "utc" | "gmt" if hour <= 23 => hour,
        "am" if (1..=12).contains(&hour) => hour % 12,
        "pm" if (1..=12).contains(&hour) => hour % 12 + 12,
        _ => return None,
    };
    Some((hour, minute, second))
}

/// The calendar date before the time: year, month, day.
fn date(text: &str) -> Option<(i32, u8, u8)> {
    let mut numbers: Vec<&str> = Vec::new();
    let mut month_word = None;
    for token in tokens(text) {
        if token.starts_with(|c: char| c.is_ascii_digit()) {
            numbers.push(token);
        } else {
            let word = fold(token);
            if FILLERS.contains(&word.as_str()) {
                continue;
            }
            if month_word.replace(month_named(&word)?).is_some() {
                return None;
            }
        }
    }
    let number = |s: &str| s.parse::<u32>().ok();
    let (year, month, day) = match (month_word, numbers.as_slice()) {
        (Some(m), [a, b]) if a.len() == 4 => (number(a)?, u32::from(m), number(b)?),
        (Some(m), [a, b]) if b.len() == 4 => (number(b)?, u32::from(m), number(a)?),
        (None, [y, m, d]) if y.len() == 4 => (number(y)?, number(m)?, number(d)?),
        (None, [a, b, y]) if y.len() == 4 => {
            let (a, b) = (number(a)?, number(b)?);
            // Day first (29.05.2022, 29/05/2022) unless only month first can be (05/29/2022).
            if text.contains('/') && b > 12 {
                (number(y)?, a, b)
            } else {
                (number(y)?, b, a)
            }
        }
        _ => return None,
    };
    let year = i32::try_from(year).ok()?;
    let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    let day = u8::try_from(day)
        .ok()
        .filter(|d| *d >= 1 && *d <= days_in_month(year, month))?;
    Some((year, month, day))
}

/// Runs of digits and runs of letters, in order; all else separates them.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
        let first = rest.chars().next()?;
        let digit = first.is_ascii_digit();
        let end = rest
            .find(|c: char| !c.is_alphanumeric() || c.is_ascii_digit() != digit)
            .unwrap_or(rest.len());
        let (token, tail) = rest.split_at(end);
        rest = tail;
        Some(token)
    })
}

/// The month `word` names, fully or as a prefix of at least three letters shared by no other
/// month (`jui` could be juin or juillet: refused).
fn month_named(word: &str) -> Option<u8> {
    if word.chars().count() < 3 {
        return None;
    }
    let mut found = None;
    for (i, names) in MONTHS.iter().enumerate() {
        if names.iter().any(|n| n.starts_with(word)) {
            if found.is_some() {
                return None;
            }
            found = Some(i as u8 + 1);
        }
    }
    found
}

/// Lower case without the accents of the languages above (`März` → `marz`, `août` → `aout`).
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAY_29: &str = "2022-05-29T15:53:35Z";

    #[test]
    fn every_form_the_exports_use_reads_as_the_same_instant() {
        let cases = [
            ("May 29, 2022, 3:53:35 PM", "US English"),
            ("29 May 2022, 15:53:35", "British English"),
            ("2022-05-29 15:53:35", "ISO with a space"),
            ("2022-05-29T15:53:35Z", "RFC 3339"),
            ("29.05.2022, 15:53:35", "German numeric"),
            ("29. Mai 2022, 15:53:35", "German with the month's name"),
            ("29 mai 2022 à 15:53:35", "French"),
            ("29 déc. 2022, 15:53:35", "French abbreviation"),
            ("29 de mayo de 2022, 3:53:35 p. m.", "Spanish"),
            ("29 mei 2022 om 15:53:35", "Dutch"),
            ("05/29/2022 15:53:35", "US numeric"),
            ("  May 29, 2022, 3:53:35 PM  ", "surrounding spaces"),
        ];
        for (text, why) in cases {
            let want = if why == "French abbreviation" {
                "2022-12-29T15:53:35Z"
            } else {
                MAY_29
            };
            let got = parse(text).map(|t| t.to_string());
            assert_eq!(got.as_deref(), Some(want), "{why}: {text}");
        }
    }

    #[test]
    fn twelve_am_is_midnight_and_twelve_pm_is_noon() {
        let got = |t| parse(t).map(|t| t.to_string());
        assert_eq!(
            got("May 29, 2022, 12:00:00 AM").as_deref(),
            Some("2022-05-29T00:00:00Z")
        );
        assert_eq!(
            got("May 29, 2022, 12:00:00 PM").as_deref(),
            Some("2022-05-29T12:00:00Z")
        );
    }

    #[test]
    fn what_is_not_a_date_is_refused_rather_than_guessed() {
        let cases = [
            ("", "empty"),
            ("May 29, 2022", "no time"),
            ("Foo 29, 2022, 3:53:35 PM", "unknown month"),
            ("Jui 29, 2022, 3:53:35 PM", "ambiguous abbreviation"),
            ("May 32, 2022, 3:53:35 PM", "no such day"),
            ("Feb 29, 2023, 3:53:35 PM", "not a leap year"),
            ("2022-13-01 15:53:35", "no such month"),
            ("May 29, 2022, 13:53:35 PM", "PM past twelve"),
            ("2022-05-29 25:53:35", "no such hour"),
            (
                "2022-05-29 15:53:35+02:00",
                "an offset (never in these exports)",
            ),
            ("29.05.22, 15:53:35", "two-digit year"),
        ];
        for (text, why) in cases {
            assert_eq!(parse(text), None, "{why}: {text}");
        }
    }
}
