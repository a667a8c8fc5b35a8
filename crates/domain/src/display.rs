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

#[cfg(test)]
mod tests {
    use super::*;

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
