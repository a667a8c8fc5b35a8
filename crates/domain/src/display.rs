//! Numbers as people read them: durations, distances, paces and speeds in the user's units.

use crate::{SpeedStyle, Units};

const METRES_PER_MILE: f64 = 1609.344;
const FEET_PER_METRE: f64 = 3.280_839_9;

/// `1:02:03` or `42:07`.
pub fn duration(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// `10.02 km` or `6.23 mi`.
pub fn distance(metres: f64, units: Units) -> String {
    match units {
        Units::Metric => format!("{:.2} km", metres / 1000.0),
        Units::Imperial => format!("{:.2} mi", metres / METRES_PER_MILE),
    }
}

/// `312 m` or `1024 ft`.
pub fn elevation(metres: f64, units: Units) -> String {
    match units {
        Units::Metric => format!("{metres:.0} m"),
        Units::Imperial => format!("{:.0} ft", metres * FEET_PER_METRE),
    }
}

/// Seconds per km or mile (or per 100 m / 100 yd) for a speed in m/s; `None` when still.
pub fn pace_seconds(speed: f64, style: SpeedStyle, units: Units) -> Option<f64> {
    if !speed.is_finite() || speed < 0.1 {
        return None;
    }
    let unit_m = match (style, units) {
        (SpeedStyle::SwimPace, Units::Metric) => 100.0,
        (SpeedStyle::SwimPace, Units::Imperial) => 91.44,
        (_, Units::Metric) => 1000.0,
        (_, Units::Imperial) => METRES_PER_MILE,
    };
    Some(unit_m / speed)
}

/// The speed in the sport's style: `5:12 /km`, `1:45 /100m`, `28.4 km/h`.
pub fn speed(speed: f64, style: SpeedStyle, units: Units) -> String {
    match style {
        SpeedStyle::Speed => format!("{:.1} {}", speed_value(speed, units), speed_unit(units)),
        _ => match pace_seconds(speed, style, units) {
            Some(s) => format!("{} {}", clock(s), pace_unit(style, units)),
            None => "–".to_owned(),
        },
    }
}

/// Kilometres or miles of a distance in metres (the number alone, for a form's field).
pub fn distance_value(metres: f64, units: Units) -> f64 {
    match units {
        Units::Metric => metres / 1000.0,
        Units::Imperial => metres / METRES_PER_MILE,
    }
}

/// Metres of a distance in kilometres or miles (what a form's field held).
pub fn distance_metres(value: f64, units: Units) -> f64 {
    match units {
        Units::Metric => value * 1000.0,
        Units::Imperial => value * METRES_PER_MILE,
    }
}

/// `km` or `mi`.
pub fn distance_unit(units: Units) -> &'static str {
    match units {
        Units::Metric => "km",
        Units::Imperial => "mi",
    }
}

/// A long time in hours and minutes: `52 h 10 min`, or `45 min` under an hour.
pub fn hours(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m:02} min"),
    }
}

/// How `now` compares with `before` as a percentage: `+12%`, `−5%`, `0%`; `new` when there was
/// nothing before, `–` when there is nothing either time.
pub fn change(now: f64, before: f64) -> String {
    match crate::change(now, before) {
        Some(fraction) => {
            let percent = (fraction * 100.0).round() as i64;
            match percent {
                0 => "0%".to_owned(),
                p if p > 0 => format!("+{p}%"),
                p => format!("\u{2212}{}%", -p),
            }
        }
        None if now > 0.0 => "new".to_owned(),
        None => "\u{2013}".to_owned(),
    }
}

/// km/h or mph of a speed in m/s.
pub fn speed_value(speed: f64, units: Units) -> f64 {
    match units {
        Units::Metric => speed * 3.6,
        Units::Imperial => speed * 3600.0 / METRES_PER_MILE,
    }
}

/// `km/h` or `mph`.
pub fn speed_unit(units: Units) -> &'static str {
    match units {
        Units::Metric => "km/h",
        Units::Imperial => "mph",
    }
}

/// `/km`, `/mi`, `/100m`, `/100yd`.
pub fn pace_unit(style: SpeedStyle, units: Units) -> &'static str {
    match (style, units) {
        (SpeedStyle::SwimPace, Units::Metric) => "/100m",
        (SpeedStyle::SwimPace, Units::Imperial) => "/100yd",
        (_, Units::Metric) => "/km",
        (_, Units::Imperial) => "/mi",
    }
}

/// Minutes and seconds: `5:07`.
pub fn clock(seconds: f64) -> String {
    let s = seconds.round() as i64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// A best effort's duration as a record table names it: `5 s`, `1 min`, `1 h 30 min`.
pub fn effort_duration(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// A record's distance as runners name it: `400 m`, `1 km`, `1 mile`, `Half marathon`.
pub fn effort_distance(metres: u32) -> String {
    match metres {
        1609 => "1 mile".to_owned(),
        21_097 | 21_098 => "Half marathon".to_owned(),
        42_195 => "Marathon".to_owned(),
        m if m >= 1000 && m % 1000 == 0 => format!("{} km", m / 1000),
        m => format!("{m} m"),
    }
}

/// Seconds as a race time: `3:58`, `1:02:03`, or `12.3 s` under a minute.
pub fn race_time(seconds: f64) -> String {
    if seconds < 60.0 {
        return format!("{seconds:.1} s");
    }
    duration((seconds * 1000.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_times_read_in_hours_and_distances_round_trip_through_form_units() {
        assert_eq!(hours(187_800_000), "52 h 10 min");
        assert_eq!(hours(2_700_000), "45 min");
        assert_eq!(hours(-1), "0 min");
        for units in [Units::Metric, Units::Imperial] {
            let m = distance_metres(distance_value(700_000.0, units), units);
            assert!((m - 700_000.0).abs() < 1e-6, "{units:?}");
        }
        assert_eq!(distance_value(1609.344, Units::Imperial), 1.0);
    }

    #[test]
    fn changes_read_as_signed_percentages() {
        assert_eq!(change(112.0, 100.0), "+12%");
        assert_eq!(change(95.0, 100.0), "\u{2212}5%");
        assert_eq!(change(100.2, 100.0), "0%");
        assert_eq!(change(3.0, 0.0), "new");
        assert_eq!(change(0.0, 0.0), "\u{2013}");
        assert_eq!(change(0.0, 10.0), "\u{2212}100%");
    }

    #[test]
    fn efforts_are_named_as_athletes_name_them() {
        assert_eq!(effort_duration(5), "5 s");
        assert_eq!(effort_duration(60), "1 min");
        assert_eq!(effort_duration(90), "1 min 30 s");
        assert_eq!(effort_duration(3600), "1 h");
        assert_eq!(effort_duration(5400), "1 h 30 min");
        assert_eq!(effort_distance(400), "400 m");
        assert_eq!(effort_distance(1000), "1 km");
        assert_eq!(effort_distance(1609), "1 mile");
        assert_eq!(effort_distance(21_098), "Half marathon");
        assert_eq!(effort_distance(42_195), "Marathon");
        assert_eq!(race_time(12.34), "12.3 s");
        assert_eq!(race_time(238.0), "3:58");
        assert_eq!(race_time(3723.4), "1:02:03");
    }

    #[test]
    fn durations_drop_the_hour_when_under_one() {
        assert_eq!(duration(3_723_000), "1:02:03");
        assert_eq!(duration(2_527_400), "42:07");
        assert_eq!(duration(-5), "0:00");
    }

    #[test]
    fn distances_and_speeds_follow_the_units() {
        assert_eq!(distance(10_020.0, Units::Metric), "10.02 km");
        assert_eq!(distance(METRES_PER_MILE * 3.0, Units::Imperial), "3.00 mi");
        // 3.2 m/s: 5:12.5 per km, 8:23 per mile, 11.5 km/h.
        assert_eq!(speed(3.2, SpeedStyle::Pace, Units::Metric), "5:13 /km");
        assert_eq!(speed(3.2, SpeedStyle::Pace, Units::Imperial), "8:23 /mi");
        assert_eq!(speed(3.2, SpeedStyle::Speed, Units::Metric), "11.5 km/h");
        assert_eq!(speed(0.0, SpeedStyle::Pace, Units::Metric), "–");
        assert_eq!(elevation(100.0, Units::Imperial), "328 ft");
    }
}
