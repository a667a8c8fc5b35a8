//! Reading one record of Garmin's JSON, field by field, with messages that name the field.
//!
//! Garmin spells some fields two ways across its exports and its API (`avgHr` / `averageHR`,
//! `startTimeGmt` / `startTimeGMT`), so each accessor takes the spellings to try in order.
//! A field that is absent or `null` is `None`; one of the wrong type is an error.

use domain::Timestamp;
use formats::TimestampExt;
use serde_json::{Map, Value};

/// One JSON object read by field.
pub(super) struct Record<'a>(pub(super) &'a Map<String, Value>);

impl<'a> Record<'a> {
    /// The first of `names` present and not null, with the name it was found under.
    fn field(&self, names: &[&'static str]) -> Option<(&'static str, &'a Value)> {
        names
            .iter()
            .find_map(|n| self.0.get(*n).filter(|v| !v.is_null()).map(|v| (*n, v)))
    }

    /// A number; numbers written as strings (`"1234.0"`) are read too, as some tools write them.
    pub(super) fn number(&self, names: &[&'static str]) -> Result<Option<f64>, String> {
        Ok(self.named_number(names)?.map(|(_, n)| n))
    }

    /// A number and the spelling it was found under.
    fn named_number(&self, names: &[&'static str]) -> Result<Option<(&'static str, f64)>, String> {
        let Some((name, value)) = self.field(names) else {
            return Ok(None);
        };
        let n = match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() => Ok(Some((name, n))),
            _ => Err(format!("{name} is not a number: {value}")),
        }
    }

    /// A non-negative number rounded to an integer of type `T`, refused when out of its range.
    pub(super) fn count<T: TryFrom<i64>>(
        &self,
        names: &[&'static str],
    ) -> Result<Option<T>, String> {
        let Some((name, n)) = self.named_number(names)? else {
            return Ok(None);
        };
        let rounded = n.round();
        let out_of_range = || format!("{name} is out of range: {n}");
        if rounded < 0.0 || rounded > i64::MAX as f64 {
            return Err(out_of_range());
        }
        T::try_from(rounded as i64)
            .map(Some)
            .map_err(|_| out_of_range())
    }

    /// Text, trimmed; empty text is `None`.
    pub(super) fn text(&self, names: &[&'static str]) -> Result<Option<&'a str>, String> {
        match self.field(names) {
            None => Ok(None),
            Some((_, Value::String(s))) => Ok(Some(s.trim()).filter(|s| !s.is_empty())),
            Some((name, value)) => Err(format!("{name} is not text: {value}")),
        }
    }

    /// An id: a number (`12345678901`) or text; kept as the text Garmin shows.
    pub(super) fn id(&self, names: &[&'static str]) -> Result<Option<String>, String> {
        match self.field(names) {
            None => Ok(None),
            Some((_, Value::Number(n))) if n.is_u64() => Ok(Some(n.to_string())),
            // An id written as a float (`1.2345678901E10` by some tools) is whole or wrong.
            Some((name, Value::Number(n))) => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f > 0.0 && f < 9.0e15 => Ok(Some(format!("{f:.0}"))),
                _ => Err(format!("{name} is not an id: {n}")),
            },
            Some((_, Value::String(s))) if !s.trim().is_empty() => Ok(Some(s.trim().to_owned())),
            Some((name, value)) => Err(format!("{name} is not an id: {value}")),
        }
    }

    /// An instant, read as a wall-clock time: epoch milliseconds (the export: `1629097200000`)
    /// or a date-time without zone (the API: `"2021-08-16 07:00:00"`, `"2021-08-16T07:00:00.0"`).
    ///
    /// Either is returned as the [`Timestamp`] the digits would name in UTC, which is the
    /// instant for a GMT field and, for a local one, the wall clock to subtract it from.
    pub(super) fn clock(&self, names: &[&'static str]) -> Result<Option<Timestamp>, String> {
        let Some((name, value)) = self.field(names) else {
            return Ok(None);
        };
        let parsed = match value {
            Value::Number(n) => n
                .as_f64()
                .filter(|f| f.is_finite() && f.abs() < 1.0e15)
                .map(|f| Timestamp::from_unix_ms(f.round() as i64)),
            Value::String(s) => Timestamp::parse_rfc3339(s.as_bytes()),
            _ => None,
        };
        parsed
            .map(Some)
            .ok_or_else(|| format!("{name} is not a date-time: {value}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_field_is_found_under_any_of_its_spellings_and_null_is_absent() {
        let map = record(r#"{"averageHR": 141.6, "avgHr": null, "name": "  "}"#);
        let r = Record(&map);
        assert_eq!(r.number(&["avgHr", "averageHR"]), Ok(Some(141.6)));
        assert_eq!(r.count::<u16>(&["avgHr", "averageHR"]), Ok(Some(142)));
        assert_eq!(r.text(&["name"]), Ok(None), "blank text is no title");
        assert_eq!(r.number(&["maxHr"]), Ok(None));
    }

    #[test]
    fn a_field_of_the_wrong_type_is_an_error_naming_it() {
        let map = record(r#"{"calories": "lots", "name": 3, "maxHr": -4, "averageHR": 1e6}"#);
        let r = Record(&map);
        assert_eq!(
            r.number(&["calories"]),
            Err(r#"calories is not a number: "lots""#.to_owned())
        );
        assert_eq!(r.text(&["name"]), Err("name is not text: 3".to_owned()));
        assert_eq!(
            r.count::<u16>(&["maxHr"]),
            Err("maxHr is out of range: -4".to_owned())
        );
        assert_eq!(
            r.count::<u16>(&["avgHr", "averageHR"]),
            Err("averageHR is out of range: 1000000".to_owned()),
            "the spelling found is named"
        );
    }

    #[test]
    fn clocks_are_epoch_milliseconds_or_zoneless_text() {
        let map = record(
            r#"{"a": 1629097200000, "b": "2021-08-16 07:00:00", "c": "2021-08-16T07:00:00.0", "d": true}"#,
        );
        let r = Record(&map);
        let t = Some(Timestamp::from_unix_ms(1_629_097_200_000));
        assert_eq!(r.clock(&["a"]), Ok(t));
        assert_eq!(r.clock(&["b"]), Ok(t));
        assert_eq!(r.clock(&["c"]), Ok(t));
        assert!(
            r.clock(&["d"])
                .unwrap_err()
                .starts_with("d is not a date-time")
        );
    }

    #[test]
    fn ids_keep_the_digits_garmin_shows() {
        let map = record(r#"{"a": 12345678901, "b": "987", "c": 1.2345678901E10, "d": 1.5}"#);
        let r = Record(&map);
        assert_eq!(r.id(&["a"]), Ok(Some("12345678901".to_owned())));
        assert_eq!(r.id(&["b"]), Ok(Some("987".to_owned())));
        assert_eq!(r.id(&["c"]), Ok(Some("12345678901".to_owned())));
        assert!(r.id(&["d"]).is_err());
    }
}
