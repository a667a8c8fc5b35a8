//! What the log answers: records (the best efforts over distances and durations), mean-max
//! curves and the fitness model's days, as the API returns them and the pages show them.

use serde::{Deserialize, Serialize};

use crate::{Date, Sport, WorkoutId};

/// What a best effort is measured over, and what its value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EffortKind {
    /// The fastest time (seconds) over a distance (metres).
    Distance,
    /// The longest distance (metres) of one workout; its target is 0.
    Longest,
    /// The highest mean power (watts) over a duration (seconds).
    Power,
    /// The highest mean speed (metres per second) over a duration (seconds): the pace curve.
    Pace,
    /// The highest mean heart rate (beats per minute) over a duration (seconds).
    Hr,
}

impl EffortKind {
    /// Every kind, in the order pages list them.
    pub const ALL: [Self; 5] = [
        Self::Distance,
        Self::Longest,
        Self::Power,
        Self::Pace,
        Self::Hr,
    ];

    /// Its name in the API (`distance`, `power`, `pace`, `hr`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Distance => "distance",
            Self::Power => "power",
            Self::Pace => "pace",
            Self::Hr => "hr",
            Self::Longest => "longest",
        }
    }

    /// The kind of that name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether a smaller value is better (a time over a distance) rather than a larger one.
    pub fn lower_is_better(self) -> bool {
        self == Self::Distance
    }
}

/// One record: the best effort of a sport over one distance or duration in a span of time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Record {
    /// The sport (its stable name).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub sport: Sport,
    /// What it is measured over.
    pub kind: EffortKind,
    /// The distance (metres; the mile is 1609) or the duration (seconds).
    pub target: u32,
    /// The time (seconds) for a distance; watts, metres per second or beats per minute for a
    /// duration.
    pub value: f64,
    /// The workout it was done in.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub workout_id: WorkoutId,
    /// Where in the workout the effort starts, seconds from its start.
    pub start_offset_s: f64,
    /// How long the effort lasts, seconds (the time for a distance, the duration otherwise).
    pub length_s: f64,
    /// The workout's title.
    pub title: String,
    /// The workout's local day.
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// Done indoors (treadmill, trainer): shown only when indoor efforts are asked for.
    pub indoor: bool,
}

/// The records of a span of time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Records {
    /// By sport, then kind, then distance or duration.
    pub records: Vec<Record>,
    /// Workouts still waiting for their analysis (imported before records existed): records
    /// may change as they are done.
    pub pending: u64,
}

/// One point of a mean-max curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurvePoint {
    /// The duration, seconds.
    pub duration_s: u32,
    /// The best mean over it: watts, metres per second or beats per minute.
    pub value: f64,
    /// The workout it comes from (for an athlete's curve; a workout's own curve names it too).
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub workout_id: WorkoutId,
    /// Where in that workout it starts, seconds from its start.
    pub start_offset_s: f64,
}

/// A mean-max curve, shortest duration first; values never rise with duration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Curve {
    /// Which curve.
    pub kind: EffortKind,
    /// Its points.
    pub points: Vec<CurvePoint>,
}

/// Which load a workout's training load was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LoadBasis {
    /// Training stress from power and the athlete's FTP.
    Power,
    /// Banister's TRIMP from heart rate and the athlete's resting and maximum heart rate.
    Hr,
}

/// A workout's training load.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkoutLoad {
    /// The load: training stress, or TRIMP.
    pub load: f64,
    /// Which it is.
    pub basis: LoadBasis,
    /// Normalized power over FTP, for a load from power.
    pub intensity: Option<f64>,
}

/// The fitness model over a span of days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fitness {
    /// Every day of the span, oldest first.
    pub days: Vec<FitnessDay>,
    /// Workouts still waiting for their analysis (their load is not counted yet).
    pub pending: u64,
}

/// One day of the fitness model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FitnessDay {
    /// The local day.
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// The day's training load (its workouts' loads summed).
    pub load: f64,
    /// Fitness: the load's 42-day exponentially weighted average.
    pub fitness: f64,
    /// Fatigue: the load's 7-day exponentially weighted average.
    pub fatigue: f64,
    /// Form: fitness minus fatigue.
    pub form: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_by_name_and_in_json() {
        for kind in EffortKind::ALL {
            assert_eq!(EffortKind::from_name(kind.name()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.name()));
        }
        assert_eq!(EffortKind::from_name("speed"), None);
        assert!(EffortKind::Distance.lower_is_better());
        assert!(!EffortKind::Power.lower_is_better());
    }
}
