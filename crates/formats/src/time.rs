//! Instants: milliseconds since the Unix epoch, in UTC, with the calendar arithmetic the formats
//! need (RFC 3339 in TCX and GPX, the FIT epoch, HRM's local wall-clock dates).
//!
//! Hand-written rather than borrowed from a date crate: parsing and printing timestamps is the
//! hottest path of the XML readers and writers, and the rules needed here are few.

pub use domain::Timestamp;

/// Seconds from the Unix epoch to the FIT epoch (1989-12-31T00:00:00Z).
pub const FIT_EPOCH_OFFSET_S: i64 = 631_065_600;

/// A calendar date and time of day, without a time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
    /// Hour, 0 to 23.
    pub hour: u8,
    /// Minute, 0 to 59.
    pub minute: u8,
    /// Second, 0 to 59.
    pub second: u8,
    /// Millisecond, 0 to 999.
    pub millisecond: u16,
}

/// What the codecs need of an instant beyond [`Timestamp`] itself: FIT's epoch, civil time
/// and RFC 3339. A trait here rather than methods in `domain`, because these are the hottest
/// paths of the readers and writers and belong with the codecs (and their optimisation level).
pub trait TimestampExt: Sized {
    /// The instant of a FIT `date_time` (seconds since the FIT epoch).
    fn from_fit(s: u32) -> Self;
    /// Whole seconds since the FIT epoch (FIT `date_time`), clamped to its range.
    fn to_fit(self) -> u32;
    /// The calendar date and time at this instant in a zone `offset_minutes` east of UTC.
    fn civil(self, offset_minutes: i32) -> Civil;
    /// The instant at which a zone `offset_minutes` east of UTC shows `civil`.
    fn from_civil(civil: Civil, offset_minutes: i32) -> Self;
    /// Parses an RFC 3339 / ISO 8601 date-time as found in TCX and GPX: `YYYY-MM-DDTHH:MM:SS`,
    /// optional fraction, then `Z`, `±HH:MM` or nothing (read as UTC, as GPX requires).
    /// Surrounding white space is ignored. Fractions beyond milliseconds are truncated.
    fn parse_rfc3339(text: &[u8]) -> Option<Self>;
    /// Appends this instant as RFC 3339 in UTC (`2024-05-01T07:30:00Z`, with `.123` when the
    /// milliseconds are not zero): what `Display` prints, without its formatting machinery.
    fn write_rfc3339(self, out: &mut String);
}

impl TimestampExt for Timestamp {
    fn from_fit(s: u32) -> Self {
        Self::from_unix_s(FIT_EPOCH_OFFSET_S + i64::from(s))
    }

    fn to_fit(self) -> u32 {
        let s = self.unix_ms().div_euclid(1000) - FIT_EPOCH_OFFSET_S;
        u32::try_from(s.max(0)).unwrap_or(u32::MAX)
    }

    fn civil(self, offset_minutes: i32) -> Civil {
        let local = self.unix_ms() + i64::from(offset_minutes) * 60_000;
        let days = local.div_euclid(86_400_000);
        let ms_of_day = local.rem_euclid(86_400_000);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: (ms_of_day / 3_600_000) as u8,
            minute: (ms_of_day / 60_000 % 60) as u8,
            second: (ms_of_day / 1000 % 60) as u8,
            millisecond: (ms_of_day % 1000) as u16,
        }
    }

    fn from_civil(civil: Civil, offset_minutes: i32) -> Self {
        let days = days_from_civil(civil.year, civil.month, civil.day);
        let ms = days * 86_400_000
            + i64::from(civil.hour) * 3_600_000
            + i64::from(civil.minute) * 60_000
            + i64::from(civil.second) * 1000
            + i64::from(civil.millisecond);
        Self::from_unix_ms(ms - i64::from(offset_minutes) * 60_000)
    }

    fn parse_rfc3339(text: &[u8]) -> Option<Self> {
        let text = text.trim_ascii();
        if text.len() < 19 {
            return None;
        }
        let num = |range: std::ops::Range<usize>| -> Option<u32> {
            let mut n = 0u32;
            for &b in &text[range] {
                if !b.is_ascii_digit() {
                    return None;
                }
                n = n * 10 + u32::from(b - b'0');
            }
            Some(n)
        };
        if text[4] != b'-'
            || text[7] != b'-'
            || !matches!(text[10], b'T' | b't' | b' ')
            || text[13] != b':'
            || text[16] != b':'
        {
            return None;
        }
        let civil = Civil {
            year: num(0..4)? as i32,
            month: u8::try_from(num(5..7)?)
                .ok()
                .filter(|m| (1..=12).contains(m))?,
            day: u8::try_from(num(8..10)?)
                .ok()
                .filter(|d| (1..=31).contains(d))?,
            hour: u8::try_from(num(11..13)?).ok().filter(|h| *h < 24)?,
            minute: u8::try_from(num(14..16)?).ok().filter(|m| *m < 60)?,
            // 60 would be a leap second; read it as the last second of the minute.
            second: u8::try_from(num(17..19)?)
                .ok()
                .filter(|s| *s <= 60)?
                .min(59),
            millisecond: 0,
        };
        let mut rest = &text[19..];
        let mut millisecond = 0u32;
        if let [b'.' | b',', tail @ ..] = rest {
            let digits = tail.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            for (i, &b) in tail[..digits].iter().take(3).enumerate() {
                millisecond += u32::from(b - b'0') * [100, 10, 1][i];
            }
            rest = &tail[digits..];
        }
        let offset_minutes = match rest {
            [] | [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
            | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
                let digit = |b: &u8| b.is_ascii_digit().then(|| i32::from(b - b'0'));
                let minutes = (digit(h1)? * 10 + digit(h2)?) * 60 + digit(m1)? * 10 + digit(m2)?;
                if *sign == b'-' { -minutes } else { minutes }
            }
            _ => return None,
        };
        let civil = Civil {
            millisecond: millisecond as u16,
            ..civil
        };
        Some(Self::from_civil(civil, offset_minutes))
    }

    fn write_rfc3339(self, out: &mut String) {
        let c = self.civil(0);
        push_padded(out, c.year.max(0) as u32, 4);
        out.push('-');
        push_padded(out, u32::from(c.month), 2);
        out.push('-');
        push_padded(out, u32::from(c.day), 2);
        out.push('T');
        push_padded(out, u32::from(c.hour), 2);
        out.push(':');
        push_padded(out, u32::from(c.minute), 2);
        out.push(':');
        push_padded(out, u32::from(c.second), 2);
        if c.millisecond != 0 {
            out.push('.');
            push_padded(out, u32::from(c.millisecond), 3);
        }
        out.push('Z');
    }
}

fn push_padded(out: &mut String, value: u32, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(value);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01.
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(s: &str) -> Option<i64> {
        Timestamp::parse_rfc3339(s.as_bytes()).map(Timestamp::unix_ms)
    }

    #[test]
    fn rfc3339_forms_seen_in_the_wild_parse_to_the_same_instant() {
        let expected = Some(1_714_548_600_000); // 2024-05-01T07:30:00Z
        for text in [
            "2024-05-01T07:30:00Z",
            "2024-05-01T07:30:00.000Z",
            "2024-05-01T07:30:00",
            " 2024-05-01T07:30:00Z\n",
            "2024-05-01T09:30:00+02:00",
            "2024-05-01T02:30:00-0500",
            "2024-05-01 07:30:00Z",
        ] {
            assert_eq!(parse(text), expected, "{text}");
        }
        assert_eq!(
            parse("2024-05-01T07:30:00.1234567Z"),
            Some(1_714_548_600_123)
        );
    }

    #[test]
    fn malformed_timestamps_are_refused() {
        for text in [
            "",
            "2024-05-01",
            "2024-13-01T00:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T07:30:00Q",
            "2024-05-01T07:30:00.Z",
            "2024/05/01T07:30:00Z",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn the_fit_epoch_is_the_last_day_of_1989() {
        assert_eq!(Timestamp::from_fit(0).to_string(), "1989-12-31T00:00:00Z");
        assert_eq!(Timestamp::from_fit(1_000_000_000).to_fit(), 1_000_000_000);
    }

    #[test]
    fn civil_time_applies_the_offset() {
        let t = Timestamp::from_unix_ms(1_714_548_600_000);
        let local = t.civil(120);
        assert_eq!(
            (local.year, local.month, local.day, local.hour, local.minute),
            (2024, 5, 1, 9, 30)
        );
        assert_eq!(Timestamp::from_civil(local, 120), t);
        // Crossing midnight backwards.
        let west = t.civil(-8 * 60);
        assert_eq!((west.month, west.day, west.hour), (4, 30, 23));
    }

    proptest! {
        #[test]
        fn printing_then_parsing_gives_the_same_instant(ms in -2_000_000_000_000i64..8_000_000_000_000) {
            let t = Timestamp::from_unix_ms(ms);
            let mut written = String::new();
            t.write_rfc3339(&mut written);
            // The fast writer and `Display` (in `domain`) print the same text.
            prop_assert_eq!(&written, &t.to_string());
            prop_assert_eq!(Timestamp::parse_rfc3339(written.as_bytes()), Some(t));
        }

        #[test]
        fn days_and_dates_convert_both_ways(days in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }

        #[test]
        fn parsing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = Timestamp::parse_rfc3339(&bytes);
        }
    }
}
