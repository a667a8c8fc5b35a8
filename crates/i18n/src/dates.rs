//! Dates in words, from the catalogue's month and weekday names and each language's order:
//! `Mon 3 Mar 2025`, `Mo., 3. März 2025`, `lun. 3 mars 2025`.

use domain::{Date, Language};

use crate::{format, text};

/// The month's name (1 = January): `March`, `März`, `mars`.
pub fn month_name(language: Language, month: u32) -> String {
    text(language, &format!("month-{}", month.clamp(1, 12)))
}

/// The month's short name (1 = January): `Mar`, `März`, `mars`.
pub fn month_short(language: Language, month: u32) -> String {
    text(language, &format!("month-short-{}", month.clamp(1, 12)))
}

/// The weekday's short name (0 = Monday): `Mon`, `Mo`, `lun.`.
pub fn weekday_short(language: Language, weekday: u32) -> String {
    text(language, &format!("weekday-short-{}", weekday % 7))
}

/// The weekday's name (0 = Monday): `Monday`, `Montag`, `lundi`.
pub fn weekday_long(language: Language, weekday: u32) -> String {
    text(language, &format!("weekday-{}", weekday % 7))
}

/// `March 2025`, `März 2025`, `mars 2025`.
pub fn month_year(language: Language, date: Date) -> String {
    format(
        language,
        "date-month-year",
        &[
            ("month", month_name(language, date.month).into()),
            ("year", i64::from(date.year).to_string().into()),
        ],
    )
}

/// `3 Mar 2025`, `3. März 2025`, `3 mars 2025`.
pub fn date_medium(language: Language, date: Date) -> String {
    format(
        language,
        "date-medium",
        &[
            ("day", date.day.to_string().into()),
            ("month", month_short(language, date.month).into()),
            ("year", date.year.to_string().into()),
        ],
    )
}

/// `Mon 3 Mar 2025`, `Mo., 3. März 2025`, `lun. 3 mars 2025`.
pub fn date_long(language: Language, date: Date) -> String {
    format(
        language,
        "date-long",
        &[
            ("weekday", weekday_short(language, date.weekday()).into()),
            ("day", date.day.to_string().into()),
            ("month", month_short(language, date.month).into()),
            ("year", date.year.to_string().into()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_each_language() {
        let day = Date::new(2025, 3, 3).unwrap();
        assert_eq!(date_long(Language::En, day), "Mon 3 Mar 2025");
        assert_eq!(date_long(Language::De, day), "Mo., 3. März 2025");
        assert_eq!(date_long(Language::Fr, day), "lun. 3 mars 2025");
        assert_eq!(month_year(Language::Fr, day), "mars 2025");
        assert_eq!(date_medium(Language::De, day), "3. März 2025");
    }
}
