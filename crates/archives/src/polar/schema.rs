//! The JSON of `training-session-*.json` as Polar writes it, in both schemas, every field
//! optional: what is missing is left out of the workout rather than refused. Newer field names
//! (`distanceMeters`, `calories`, `hrAvg`, `hrMax`, `timezoneOffsetMinutes`) are those that
//! third-party readers use, read beside the 1.x names.

use domain::Sport;
use serde::Deserialize;

/// The session as Polar writes it (both schemas; every field optional).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SessionJson {
    pub(super) identifier: Option<Identifier>,
    pub(super) name: Option<String>,
    pub(super) note: Option<String>,
    pub(super) start_time: Option<String>,
    #[serde(alias = "timezoneOffset", alias = "timezoneOffsetMinutes")]
    pub(super) time_zone_offset: Option<i32>,
    #[serde(alias = "distanceMeters")]
    pub(super) distance: Option<f64>,
    pub(super) duration: Option<String>,
    pub(super) duration_millis: Option<f64>,
    #[serde(alias = "hrAvg")]
    pub(super) average_heart_rate: Option<f64>,
    #[serde(alias = "hrMax")]
    pub(super) maximum_heart_rate: Option<f64>,
    #[serde(alias = "calories")]
    pub(super) kilo_calories: Option<f64>,
    pub(super) sport: Option<SportJson>,
    #[serde(default)]
    pub(super) exercises: Vec<ExerciseJson>,
}

/// One exercise of a session (several for multisport).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ExerciseJson {
    pub(super) start_time: Option<String>,
    pub(super) stop_time: Option<String>,
    #[serde(alias = "timeZoneOffset", alias = "timezoneOffsetMinutes")]
    pub(super) timezone_offset: Option<i32>,
    pub(super) duration: Option<String>,
    pub(super) duration_millis: Option<f64>,
    #[serde(alias = "distanceMeters")]
    pub(super) distance: Option<f64>,
    #[serde(alias = "calories")]
    pub(super) kilo_calories: Option<f64>,
    pub(super) sport: Option<SportJson>,
    pub(super) heart_rate: Option<Stat>,
    pub(super) samples: Option<SamplesJson>,
    pub(super) routes: Option<RoutesJson>,
    pub(super) laps: Option<LapsJson>,
    pub(super) auto_laps: Option<LapsJson>,
}

/// `{"id": ...}`, the newer schema's identifier.
#[derive(Debug, Deserialize)]
pub(super) struct Identifier {
    pub(super) id: Option<serde_json::Value>,
}

/// A sport: a name (`"RUNNING"`) in 1.x, an object with an id in the newer schema.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum SportJson {
    Name(String),
    /// Anything else (`{"id": "1"}`): kept only to be recognised as a sport of unknown name.
    Id(serde::de::IgnoredAny),
}

/// `{min, avg, max}` of a stream.
#[derive(Debug, Deserialize)]
pub(super) struct Stat {
    pub(super) avg: Option<f64>,
    pub(super) max: Option<f64>,
}

/// An exercise's samples: per-stream lists (1.x) or typed series (newer).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SamplesJson {
    #[serde(default)]
    pub(super) heart_rate: Vec<Timed>,
    #[serde(default)]
    pub(super) speed: Vec<Timed>,
    #[serde(default)]
    pub(super) cadence: Vec<Timed>,
    #[serde(default)]
    pub(super) altitude: Vec<Timed>,
    #[serde(default)]
    pub(super) distance: Vec<Timed>,
    #[serde(default)]
    pub(super) temperature: Vec<Timed>,
    #[serde(default)]
    pub(super) power: Vec<Timed>,
    #[serde(default)]
    pub(super) recorded_route: Vec<Point>,
    #[serde(default)]
    pub(super) samples: Vec<Series>,
}

/// One 1.x sample.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Timed {
    pub(super) date_time: String,
    pub(super) value: Option<f64>,
}

/// One point of a route: at a local `dateTime` (1.x) or `elapsedMillis` after the start.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Point {
    pub(super) date_time: Option<String>,
    pub(super) elapsed_millis: Option<f64>,
    pub(super) latitude: Option<f64>,
    pub(super) longitude: Option<f64>,
    pub(super) altitude: Option<f64>,
}

/// One newer-schema series: a value every `intervalMillis` from the start.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Series {
    #[serde(rename = "type")]
    pub(super) kind: String,
    pub(super) interval_millis: Option<f64>,
    #[serde(default)]
    pub(super) values: Vec<Option<f64>>,
}

/// `routes`: `{route: {wayPoints}}` or `{wayPoints}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RoutesJson {
    pub(super) route: Option<RouteJson>,
    #[serde(default)]
    pub(super) way_points: Vec<Point>,
}

/// A route.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RouteJson {
    #[serde(default)]
    pub(super) way_points: Vec<Point>,
}

/// Laps: a list (1.x) or `{laps: [...]}` (newer).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum LapsJson {
    List(Vec<LapJson>),
    Wrapped {
        #[serde(default)]
        laps: Vec<LapJson>,
    },
}

impl LapsJson {
    pub(super) fn into_laps(self) -> Vec<LapJson> {
        match self {
            Self::List(laps) | Self::Wrapped { laps } => laps,
        }
    }
}

/// One lap: its duration, and its split time (from the exercise's start to the lap's end).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct LapJson {
    pub(super) split_time: Option<String>,
    pub(super) split_time_millis: Option<f64>,
    pub(super) duration: Option<String>,
    pub(super) duration_millis: Option<f64>,
    #[serde(alias = "distanceMeters")]
    pub(super) distance: Option<f64>,
    pub(super) heart_rate: Option<Stat>,
}

impl SportJson {
    /// The sport, for a Polar sport name. Newer exports give a numeric id whose table Polar
    /// does not publish: that reads as unknown rather than as a guess.
    pub(super) fn sport(&self) -> Option<Sport> {
        match self {
            Self::Name(name) => Some(sport_of(name)),
            Self::Id(_) => None,
        }
    }
}

/// Polar's sport names (`RUNNING`, `ROAD_BIKING`, `OTHER_OUTDOOR`, ...) as Laps sports.
fn sport_of(name: &str) -> Sport {
    let upper = name.trim().to_ascii_uppercase().replace([' ', '-'], "_");
    match upper.as_str() {
        "RUNNING"
        | "JOGGING"
        | "ROAD_RUNNING"
        | "TRAIL_RUNNING"
        | "TREADMILL_RUNNING"
        | "TRACK_AND_FIELD_RUNNING"
        | "ULTRARUNNING_OUTDOOR" => Sport::Running,
        "CYCLING" | "ROAD_BIKING" | "MOUNTAIN_BIKING" | "INDOOR_CYCLING" | "GRAVEL_CYCLING" => {
            Sport::Cycling
        }
        "WALKING" | "NORDIC_WALKING" => Sport::Walking,
        "HIKING" => Sport::Hiking,
        "SWIMMING" | "POOL_SWIMMING" | "OPEN_WATER_SWIMMING" => Sport::Swimming,
        "ROWING" | "INDOOR_ROWING" => Sport::Rowing,
        "KAYAKING" | "CANOEING" | "PADDLING" | "STAND_UP_PADDLING" => Sport::Paddling,
        "CROSS_COUNTRY_SKIING" | "CLASSIC_XC_SKIING" | "SKATING_XC_SKIING" => {
            Sport::CrossCountrySkiing
        }
        "DOWNHILL_SKIING" | "ALPINE_SKIING" => Sport::AlpineSkiing,
        "INLINE_SKATING" => Sport::InlineSkating,
        "STRENGTH_TRAINING" | "CIRCUIT_TRAINING" | "CORE" | "FUNCTIONAL_TRAINING" => {
            Sport::Training
        }
        "MOUNTAINEERING" => Sport::Mountaineering,
        _ => Sport::from_name(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polar_sport_names_read_as_laps_sports() {
        let cases = [
            ("RUNNING", Sport::Running),
            ("ROAD_BIKING", Sport::Cycling),
            ("CROSS-COUNTRY_SKIING", Sport::CrossCountrySkiing),
            ("POOL_SWIMMING", Sport::Swimming),
            ("OTHER_OUTDOOR", Sport::Generic),
        ];
        for (name, sport) in cases {
            assert_eq!(sport_of(name), sport, "{name}");
        }
    }
}
