//! Calendar dates (proleptic Gregorian), enough for a month grid: no time zones here, the
//! server has already turned instants into local days.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, from 1.
    pub day: u32,
}

impl Date {
    /// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self {
            year: year as i32,
            month,
            day,
        }
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// A valid date, or `None` (month 13, February 30th, ...).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let date = Self { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(date)
    }

    /// The first of a month.
    pub fn first_of_month(year: i32, month: u32) -> Option<Self> {
        Self::new(year, month, 1)
    }

    /// Day of the week, 0 = Monday ... 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.days() + 3).rem_euclid(7) as u32
    }

    /// The first of the month `delta` months away.
    pub fn add_months(self, delta: i32) -> Self {
        let index = self.year * 12 + self.month as i32 - 1 + delta;
        Self {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
            day: 1,
        }
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Self::new(year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Serde for a [`Date`] as `YYYY-MM-DD` text, what the JSON API sends (`#[serde(with =
/// "domain::date::text")]`); [`text::option`] for an optional one (`null` when absent).
pub mod text {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Date;

    /// Writes `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(day: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(day)
    }

    /// Reads `YYYY-MM-DD`; anything else is an error that quotes it.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Date::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a YYYY-MM-DD day: {text}")))
    }

    /// The same for an optional day.
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer};

        use super::Date;

        /// Writes `YYYY-MM-DD`, or `null`.
        pub fn serialize<S: Serializer>(day: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
            match day {
                Some(day) => s.collect_str(day),
                None => s.serialize_none(),
            }
        }

        /// Reads `YYYY-MM-DD` or `null`.
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
            Option::<std::borrow::Cow<'de, str>>::deserialize(d)?
                .map(|text| {
                    Date::parse(&text).ok_or_else(|| {
                        serde::de::Error::custom(format!("not a YYYY-MM-DD day: {text}"))
                    })
                })
                .transpose()
        }
    }
}

/// Whether a year has February 29th.
pub fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in a month (1 to 12).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Short weekday names, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A [`Date`] as `YYYY-MM-DD` in JSON (`#[serde(with = "crate::date::iso")]`), as the API
/// writes days.
pub(crate) mod iso {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Date;

    pub fn serialize<S: Serializer>(day: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(day)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Date::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a YYYY-MM-DD day: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn known_dates_have_known_weekdays() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::new(2024, 2, 29).unwrap().weekday(), 3); // Thursday
        assert_eq!(Date::new(2000, 1, 1).unwrap().weekday(), 5); // Saturday
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
    }

    #[test]
    fn months_roll_over_years() {
        let jan = Date::new(2024, 1, 15).unwrap();
        assert_eq!(jan.add_months(-1).to_string(), "2023-12-01");
        assert_eq!(jan.add_months(12).to_string(), "2025-01-01");
        assert_eq!(Date::parse("2024-05-01"), Date::new(2024, 5, 1));
        assert_eq!(Date::parse("2024-5"), None);
    }

    proptest! {
        #[test]
        fn days_and_dates_convert_both_ways(days in -1_000_000i64..1_000_000) {
            let date = Date::from_days(days);
            prop_assert_eq!(date.days(), days);
            prop_assert_eq!(Date::new(date.year, date.month, date.day), Some(date));
            prop_assert_eq!(Date::from_days(days + 1).weekday(), (date.weekday() + 1) % 7);
        }
    }
}
