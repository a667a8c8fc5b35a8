//! Polar's times: local wall-clock date-times without a zone (the offset is a separate field)
//! and ISO 8601 durations (`PT2753.875S`).

use domain::Timestamp;
use formats::TimestampExt;

/// The instant a local date-time `text` names in a zone `offset_min` minutes east of UTC.
///
/// Polar writes local wall-clock times (`2017-01-23T18:20:18.000`) and the offset beside them;
/// a time that does carry a zone (`Z`, `+01:00`) is taken as written.
pub(crate) fn instant(text: &str, offset_min: i32) -> Option<Timestamp> {
    let t = Timestamp::parse_rfc3339(text.as_bytes())?;
    Some(if has_zone(text) {
        t
    } else {
        t.add_ms(-i64::from(offset_min) * 60_000)
    })
}

/// Whether an ISO 8601 date-time ends with a zone designator.
fn has_zone(text: &str) -> bool {
    let text = text.trim();
    let Some(time) = text.get(19..) else {
        return false;
    };
    time.ends_with(['Z', 'z']) || time.contains(['+', '-'])
}

/// Milliseconds of an ISO 8601 duration of days, hours, minutes and (fractional) seconds:
/// `PT2753.875S`, `PT1H2M3S`, `P1DT2H`. Years, months and weeks (whose length depends on the
/// calendar) are refused: no training session is that long.
pub(crate) fn duration_ms(text: &str) -> Option<i64> {
    let rest = text.trim().strip_prefix(['P', 'p'])?;
    let mut total = 0f64;
    let mut in_time = false;
    let mut number = String::new();
    let mut any = false;
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' | ',' => number.push(if c == ',' { '.' } else { c }),
            'T' | 't' if number.is_empty() && !in_time => in_time = true,
            _ => {
                let value: f64 = number.parse().ok()?;
                number.clear();
                let unit_ms = match (c.to_ascii_uppercase(), in_time) {
                    ('D', false) => 86_400_000.0,
                    ('H', true) => 3_600_000.0,
                    ('M', true) => 60_000.0,
                    ('S', true) => 1000.0,
                    _ => return None,
                };
                total += value * unit_ms;
                any = true;
            }
        }
    }
    if !number.is_empty() || !any || !total.is_finite() {
        return None;
    }
    Some(total.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_milliseconds() {
        let cases = [
            ("PT2753.875S", Some(2_753_875)),
            ("PT1H2M3S", Some(3_723_000)),
            ("P1DT2H", Some(93_600_000)),
            ("PT0S", Some(0)),
            ("PT1,5S", Some(1500)),
            ("P1M", None),
            ("PT", None),
            ("2753", None),
            ("PT5", None),
        ];
        for (text, expected) in cases {
            assert_eq!(duration_ms(text), expected, "{text}");
        }
    }

    #[test]
    fn local_times_move_back_by_the_offset_and_zoned_times_stay() {
        let cases = [
            ("2017-01-23T18:20:18.000", 60, "2017-01-23T17:20:18Z"),
            ("2017-01-23T18:20:18", -300, "2017-01-23T23:20:18Z"),
            ("2017-01-23T18:20:18Z", 60, "2017-01-23T18:20:18Z"),
            ("2017-01-23T18:20:18+02:00", 60, "2017-01-23T16:20:18Z"),
        ];
        for (text, offset, expected) in cases {
            let got = instant(text, offset).map(|t| t.to_string());
            assert_eq!(got.as_deref(), Some(expected), "{text} at {offset}");
        }
        assert_eq!(instant("yesterday", 0), None);
    }
}
