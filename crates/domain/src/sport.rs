//! The vocabulary of a recording that every layer shares: the sport, what ended a lap and how
//! hard it was meant to be.
//!
//! The codecs (`formats`) read these from files and write them back; the store keeps each as
//! its stable lower-case name; the JSON API and the pages show the same names. FIT's numbering
//! lives here too: it is the richest of the formats, and a sport Laps has no name for is kept
//! as its FIT number (`sport_42`), so nothing a device recorded is lost on the way through.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The sport, with FIT's numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sport {
    /// Not known, or not one of the listed sports.
    #[default]
    Generic,
    /// Running, including trail and treadmill.
    Running,
    /// Cycling, including indoor and virtual rides.
    Cycling,
    /// A multisport transition.
    Transition,
    /// Gym equipment (elliptical, rower, ...).
    FitnessEquipment,
    /// Swimming, pool or open water.
    Swimming,
    /// Training (strength, cardio, ...).
    Training,
    /// Walking.
    Walking,
    /// Cross-country skiing.
    CrossCountrySkiing,
    /// Alpine skiing.
    AlpineSkiing,
    /// Rowing.
    Rowing,
    /// Mountaineering.
    Mountaineering,
    /// Hiking.
    Hiking,
    /// Paddling (kayak, canoe, SUP).
    Paddling,
    /// Inline skating.
    InlineSkating,
    /// Any other FIT sport number.
    Other(u8),
}

/// The sports offered when editing a workout.
pub const SPORTS: [Sport; 15] = [
    Sport::Running,
    Sport::Cycling,
    Sport::Walking,
    Sport::Hiking,
    Sport::Swimming,
    Sport::Rowing,
    Sport::Paddling,
    Sport::CrossCountrySkiing,
    Sport::AlpineSkiing,
    Sport::InlineSkating,
    Sport::Mountaineering,
    Sport::Training,
    Sport::FitnessEquipment,
    Sport::Transition,
    Sport::Generic,
];

impl Sport {
    /// The sport of a FIT `sport` value.
    pub fn from_fit(code: u8) -> Self {
        match code {
            0 => Self::Generic,
            1 => Self::Running,
            2 => Self::Cycling,
            3 => Self::Transition,
            4 => Self::FitnessEquipment,
            5 => Self::Swimming,
            10 => Self::Training,
            11 => Self::Walking,
            12 => Self::CrossCountrySkiing,
            13 => Self::AlpineSkiing,
            15 => Self::Rowing,
            16 => Self::Mountaineering,
            17 => Self::Hiking,
            19 => Self::Paddling,
            30 => Self::InlineSkating,
            other => Self::Other(other),
        }
    }

    /// The FIT `sport` value.
    pub fn fit_code(self) -> u8 {
        match self {
            Self::Generic => 0,
            Self::Running => 1,
            Self::Cycling => 2,
            Self::Transition => 3,
            Self::FitnessEquipment => 4,
            Self::Swimming => 5,
            Self::Training => 10,
            Self::Walking => 11,
            Self::CrossCountrySkiing => 12,
            Self::AlpineSkiing => 13,
            Self::Rowing => 15,
            Self::Mountaineering => 16,
            Self::Hiking => 17,
            Self::Paddling => 19,
            Self::InlineSkating => 30,
            Self::Other(code) => code,
        }
    }

    /// The stable lower-case name, as stored and as the API shows it: `running`, `cycling`,
    /// ..., `sport_42` for a FIT number without a name.
    pub fn name(self) -> String {
        match self {
            Self::Generic => "generic",
            Self::Running => "running",
            Self::Cycling => "cycling",
            Self::Transition => "transition",
            Self::FitnessEquipment => "fitness_equipment",
            Self::Swimming => "swimming",
            Self::Training => "training",
            Self::Walking => "walking",
            Self::CrossCountrySkiing => "cross_country_skiing",
            Self::AlpineSkiing => "alpine_skiing",
            Self::Rowing => "rowing",
            Self::Mountaineering => "mountaineering",
            Self::Hiking => "hiking",
            Self::Paddling => "paddling",
            Self::InlineSkating => "inline_skating",
            Self::Other(code) => return format!("sport_{code}"),
        }
        .to_owned()
    }

    /// Reads a sport name: the stable names of [`Sport::name`] (so every stored name reads
    /// back as itself), and the free-text names of GPX `<type>`, TCX `Sport` and
    /// Strava-style exports. Anything else is [`Sport::Generic`].
    pub fn from_name(name: &str) -> Self {
        let lower = name.trim().to_ascii_lowercase();
        let lower = lower.replace([' ', '-'], "_");
        match lower.as_str() {
            "running" | "run" | "trail_running" | "trailrun" | "treadmill" | "9"
            | "street_running" => Self::Running,
            "biking" | "cycling" | "ride" | "bike" | "mountain_biking" | "road_cycling"
            | "virtualride" | "virtual_ride" | "ebikeride" | "1" | "indoor_cycling" => {
                Self::Cycling
            }
            "walking" | "walk" | "10" => Self::Walking,
            "hiking" | "hike" | "4" => Self::Hiking,
            "swimming" | "swim" | "open_water_swimming" | "lap_swimming" => Self::Swimming,
            "rowing" | "row" => Self::Rowing,
            "paddling" | "kayaking" | "canoeing" | "standup_paddling" => Self::Paddling,
            "cross_country_skiing" | "nordicski" | "nordic_skiing" => Self::CrossCountrySkiing,
            "alpine_skiing" | "alpineski" | "skiing" => Self::AlpineSkiing,
            "inline_skating" | "inlineskate" => Self::InlineSkating,
            "transition" => Self::Transition,
            "training" | "workout" | "weighttraining" | "strength_training" => Self::Training,
            "fitness_equipment" => Self::FitnessEquipment,
            "mountaineering" => Self::Mountaineering,
            other => other
                .strip_prefix("sport_")
                .and_then(|code| code.parse().ok())
                .map_or(Self::Generic, Self::from_fit),
        }
    }

    /// The name as people read it: `Cross country skiing`.
    pub fn label(self) -> String {
        let mut label = self.name().replace('_', " ");
        if let Some(first) = label.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        label
    }
}

impl fmt::Display for Sport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// What ended a lap, as FIT's `lap_trigger` counts it, plus Laps' own automatic splits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LapTrigger {
    /// The lap button.
    #[default]
    Manual,
    /// A time-based auto lap.
    Time,
    /// A distance-based auto lap.
    Distance,
    /// A position (auto lap at a place).
    Position,
    /// A heart-rate threshold.
    HeartRate,
    /// The end of the session.
    SessionEnd,
    /// An automatic split made by Laps for a file without laps (never in a file).
    Split,
    /// Anything else FIT numbers; [`LapTrigger::UNKNOWN`] when only "other" is known.
    Other(u8),
}

impl LapTrigger {
    /// A trigger known only as "other" (read back from its stable name, which does not keep
    /// the number): FIT's "invalid" value, which is what a FIT file says for "not known".
    pub const UNKNOWN: Self = Self::Other(0xFF);

    /// From FIT `lap_trigger`.
    pub fn from_fit(code: u8) -> Self {
        match code {
            0 => Self::Manual,
            1 => Self::Time,
            2 => Self::Distance,
            3..=6 => Self::Position,
            7 => Self::SessionEnd,
            // 8 is "fitness equipment", kept as its number.
            other => Self::Other(other),
        }
    }

    /// To FIT `lap_trigger` (which has no heart-rate trigger and no splits: both are manual).
    pub fn fit_code(self) -> u8 {
        match self {
            Self::Manual | Self::HeartRate | Self::Split => 0,
            Self::Time => 1,
            Self::Distance => 2,
            Self::Position => 3,
            Self::SessionEnd => 7,
            Self::Other(code) => code,
        }
    }

    /// The stable lower-case name, as stored and as the API shows it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Time => "time",
            Self::Distance => "distance",
            Self::Position => "position",
            Self::HeartRate => "heart_rate",
            Self::SessionEnd => "session_end",
            Self::Split => "split",
            Self::Other(_) => "other",
        }
    }

    /// Reads a stable name; an unknown one is [`LapTrigger::UNKNOWN`].
    pub fn from_name(name: &str) -> Self {
        match name {
            "manual" => Self::Manual,
            "time" => Self::Time,
            "distance" => Self::Distance,
            "position" => Self::Position,
            "heart_rate" => Self::HeartRate,
            "session_end" => Self::SessionEnd,
            "split" => Self::Split,
            _ => Self::UNKNOWN,
        }
    }
}

impl fmt::Display for LapTrigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How hard a lap was meant to be (workout steps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Intensity {
    /// Work (and anything a file does not say).
    #[default]
    Active,
    /// Rest between intervals.
    Rest,
    /// Warm-up.
    Warmup,
    /// Cool-down.
    Cooldown,
}

impl Intensity {
    /// From FIT `intensity`.
    pub fn from_fit(code: u8) -> Self {
        match code {
            1 => Self::Rest,
            2 => Self::Warmup,
            3 => Self::Cooldown,
            _ => Self::Active,
        }
    }

    /// To FIT `intensity`.
    pub fn fit_code(self) -> u8 {
        match self {
            Self::Active => 0,
            Self::Rest => 1,
            Self::Warmup => 2,
            Self::Cooldown => 3,
        }
    }

    /// The stable lower-case name, as stored and as the API shows it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Rest => "rest",
            Self::Warmup => "warmup",
            Self::Cooldown => "cooldown",
        }
    }

    /// Reads a stable name; an unknown one is [`Intensity::Active`], as in FIT.
    pub fn from_name(name: &str) -> Self {
        match name {
            "rest" => Self::Rest,
            "warmup" => Self::Warmup,
            "cooldown" => Self::Cooldown,
            _ => Self::Active,
        }
    }
}

impl fmt::Display for Intensity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Serde as the stable name (a string), reading unknown names leniently rather than failing:
/// a store or a client may hold a name this build does not know.
macro_rules! serde_by_name {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.name())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Ok(Self::from_name(&name))
            }
        }
    )*};
}

serde_by_name!(Sport, LapTrigger, Intensity);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sport_name_reads_back_as_itself() {
        for code in 0..=u8::MAX {
            let sport = Sport::from_fit(code);
            assert_eq!(Sport::from_name(&sport.name()), sport, "{}", sport.name());
            assert_eq!(sport.fit_code(), code);
        }
        assert_eq!(Sport::from_name("Trail Running"), Sport::Running);
        assert_eq!(Sport::from_name("yoga"), Sport::Generic);
    }

    #[test]
    fn trigger_and_intensity_names_read_back_and_unknown_ones_do_not_fail() {
        for trigger in [
            LapTrigger::Manual,
            LapTrigger::Time,
            LapTrigger::Distance,
            LapTrigger::Position,
            LapTrigger::HeartRate,
            LapTrigger::SessionEnd,
            LapTrigger::Split,
            LapTrigger::UNKNOWN,
        ] {
            assert_eq!(LapTrigger::from_name(trigger.name()), trigger);
        }
        assert_eq!(LapTrigger::from_name("teleport"), LapTrigger::UNKNOWN);
        for intensity in [
            Intensity::Active,
            Intensity::Rest,
            Intensity::Warmup,
            Intensity::Cooldown,
        ] {
            assert_eq!(Intensity::from_name(intensity.name()), intensity);
        }
        assert_eq!(Intensity::from_name("sprint"), Intensity::Active);
    }

    #[test]
    fn the_json_is_the_stable_name() {
        let json =
            serde_json::to_string(&(Sport::CrossCountrySkiing, LapTrigger::HeartRate)).unwrap();
        assert_eq!(json, r#"["cross_country_skiing","heart_rate"]"#);
        let back: (Sport, Intensity) = serde_json::from_str(r#"["sport_42","warmup"]"#).unwrap();
        assert_eq!(back, (Sport::Other(42), Intensity::Warmup));
        assert_eq!(Sport::CrossCountrySkiing.label(), "Cross country skiing");
    }
}
