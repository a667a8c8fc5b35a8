//! Apple Health's dates, units and activity types.

use domain::{Date, Sport, Timestamp};

/// A date as Apple writes it, `2019-07-19 10:36:11 -0700`: the phone's local time and offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    /// The instant.
    pub utc: Timestamp,
    /// The offset, minutes east of UTC.
    pub offset_min: i32,
    /// The local day.
    pub date: Date,
    /// The local hour, 0 to 23.
    pub hour: u8,
}

impl LocalTime {
    /// Parses `YYYY-MM-DD hh:mm:ss ±hhmm`; `None` if it is anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split(' ');
        let (day, clock, zone) = (parts.next()?, parts.next()?, parts.next()?);
        // ASCII only, so that the slices below fall on characters.
        if parts.next().is_some()
            || clock.len() != 8
            || zone.len() != 5
            || !clock.is_ascii()
            || !zone.is_ascii()
        {
            return None;
        }
        let date = Date::parse(day).filter(|_| day.len() == 10)?;
        let number = |s: &str| -> Option<i64> {
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let (h, m, s) = (
            number(&clock[0..2])?,
            number(&clock[3..5])?,
            number(&clock[6..8])?,
        );
        if &clock[2..3] != ":" || &clock[5..6] != ":" || h > 23 || m > 59 || s > 60 {
            return None;
        }
        let sign = match &zone[..1] {
            "+" => 1,
            "-" => -1,
            _ => return None,
        };
        let (zh, zm) = (number(&zone[1..3])?, number(&zone[3..5])?);
        if zh > 14 || zm > 59 {
            return None;
        }
        let offset_min = sign * (zh * 60 + zm);
        let local_s = date.days() * 86_400 + h * 3600 + m * 60 + s;
        Some(Self {
            utc: Timestamp::from_unix_s(local_s - offset_min * 60),
            offset_min: offset_min as i32,
            date,
            hour: h as u8,
        })
    }
}

impl LocalTime {
    /// An instant written as Apple writes dates (`2019-07-19 10:36:11 -0700`), at `offset_min`
    /// minutes east of UTC (whole seconds: Apple's dates have no fraction).
    pub fn format(utc: Timestamp, offset_min: i32) -> String {
        let local = utc.unix_ms().div_euclid(1000) + i64::from(offset_min) * 60;
        let date = Date::from_days(local.div_euclid(86_400));
        let secs = local.rem_euclid(86_400);
        let sign = if offset_min < 0 { '-' } else { '+' };
        let off = offset_min.unsigned_abs();
        format!(
            "{date} {:02}:{:02}:{:02} {sign}{:02}{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            off / 60,
            off % 60
        )
    }
}

/// Milliseconds in one `unit` of duration.
pub fn duration_ms(unit: &str) -> Option<f64> {
    Some(match unit {
        "ms" => 1.0,
        "s" | "sec" => 1000.0,
        "min" => 60_000.0,
        "hr" | "h" => 3_600_000.0,
        "d" => 86_400_000.0,
        _ => return None,
    })
}

/// Metres in one `unit` of length.
pub fn length_m(unit: &str) -> Option<f64> {
    Some(match unit {
        "m" => 1.0,
        "km" => 1000.0,
        "cm" => 0.01,
        "mi" => 1609.344,
        "yd" => 0.9144,
        "ft" => 0.3048,
        _ => return None,
    })
}

/// Kilocalories in one `unit` of energy (Apple's `Cal` is the food calorie, a kilocalorie).
pub fn energy_kcal(unit: &str) -> Option<f64> {
    Some(match unit {
        "kcal" | "Cal" => 1.0,
        "cal" => 0.001,
        "kJ" => 1.0 / 4.184,
        "J" => 0.001 / 4.184,
        _ => return None,
    })
}

/// The sport of an `HKWorkoutActivityType…` name (the ones without a Laps sport are generic).
pub fn sport(activity_type: &str) -> Sport {
    let name = activity_type
        .strip_prefix("HKWorkoutActivityType")
        .unwrap_or(activity_type);
    match name {
        "Running" => Sport::Running,
        "Cycling" | "HandCycling" => Sport::Cycling,
        "Walking" => Sport::Walking,
        "Hiking" => Sport::Hiking,
        "Swimming" => Sport::Swimming,
        "Rowing" => Sport::Rowing,
        "PaddleSports" => Sport::Paddling,
        "CrossCountrySkiing" => Sport::CrossCountrySkiing,
        "DownhillSkiing" => Sport::AlpineSkiing,
        "Elliptical" | "StairClimbing" | "Stairs" | "StepTraining" => Sport::FitnessEquipment,
        "TraditionalStrengthTraining"
        | "FunctionalStrengthTraining"
        | "HighIntensityIntervalTraining"
        | "CrossTraining"
        | "CoreTraining"
        | "MixedCardio"
        | "MixedMetabolicCardioTraining" => Sport::Training,
        "Transition" => Sport::Transition,
        _ => Sport::Generic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_carry_their_offset_and_local_day() {
        let t = LocalTime::parse("2019-07-19 10:36:11 -0700").unwrap();
        assert_eq!(t.utc.to_string(), "2019-07-19T17:36:11Z");
        assert_eq!(
            (t.offset_min, t.date.to_string(), t.hour),
            (-420, "2019-07-19".into(), 10)
        );
        let east = LocalTime::parse("2020-01-01 00:30:00 +0530").unwrap();
        assert_eq!(east.utc.to_string(), "2019-12-31T19:00:00Z");
        assert_eq!(east.offset_min, 330);
        for text in ["2019-07-19 10:36:11 -0700", "2020-01-01 00:30:00 +0530"] {
            let t = LocalTime::parse(text).unwrap();
            assert_eq!(LocalTime::format(t.utc, t.offset_min), text, "written back");
        }
    }

    #[test]
    fn anything_but_apples_date_shape_is_refused() {
        for text in [
            "",
            "2019-07-19T10:36:11-07:00",
            "2019-07-19 10:36:11",
            "2019-07-19 10:36:11 0700",
            "2019-02-30 10:36:11 -0700",
            "2019-07-19 25:36:11 -0700",
            "2019-07-19 10:36:11 -0700 x",
            "2019-07-19 +1:36:11 -0700",
            "2019-07-19 1é:36:1 -0700",
            "2019-07-19 10:36:11 -07é",
        ] {
            assert_eq!(LocalTime::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn units_convert_to_laps_units() {
        assert_eq!(length_m("mi"), Some(1609.344));
        assert!((energy_kcal("kJ").unwrap() * 418.4 - 100.0).abs() < 1e-9);
        assert_eq!(duration_ms("min"), Some(60_000.0));
        assert_eq!(length_m("furlong"), None);
        assert_eq!(sport("HKWorkoutActivityTypeRunning"), Sport::Running);
        assert_eq!(sport("HKWorkoutActivityTypeCurling"), Sport::Generic);
    }
}
