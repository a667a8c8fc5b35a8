//! Moving workouts when the athlete changes their time zone: the workouts whose local time came
//! from the setting (no position; Polar HRM files), what each would become, and the preview.

use serde::{Deserialize, Serialize};

use crate::{Date, Sport, Timestamp, WorkoutId};

/// A local date and wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalStamp {
    /// The local day.
    pub date: Date,
    /// Minutes after local midnight.
    pub minute: u16,
}

impl LocalStamp {
    /// `instant` at `offset_min` east of UTC.
    pub fn at(instant: Timestamp, offset_min: i32) -> Self {
        let local = instant.unix_ms() + i64::from(offset_min) * 60_000;
        Self {
            date: Date::from_days(local.div_euclid(86_400_000)),
            minute: u16::try_from(local.rem_euclid(86_400_000) / 60_000).unwrap_or(0),
        }
    }
}

impl std::fmt::Display for LocalStamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {:02}:{:02}",
            self.date,
            self.minute / 60,
            self.minute % 60
        )
    }
}

/// One workout as it is and as it would be in the new zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneMove {
    /// The workout.
    pub id: WorkoutId,
    /// Its title.
    pub title: String,
    /// Its sport.
    pub sport: Sport,
    /// Its local start now.
    pub before: LocalStamp,
    /// Its local start in the new zone.
    pub after: LocalStamp,
    /// The file recorded local time (Polar HRM): the wall clock stays and the instant moves;
    /// otherwise the instant stays and the wall clock moves.
    pub keeps_wall_clock: bool,
}

impl ZoneMove {
    /// Whether it lands on another day.
    pub fn changes_day(&self) -> bool {
        self.before.date != self.after.date
    }
}

/// What changing the zone from `from` to `to` would do to the workouts that took theirs from
/// the setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneMovePreview {
    /// The zone they have now.
    pub from: String,
    /// The zone they would get.
    pub to: String,
    /// Every such workout, oldest first.
    pub moves: Vec<ZoneMove>,
}

impl ZoneMovePreview {
    /// How many would land on another day.
    pub fn days_changed(&self) -> usize {
        self.moves.iter().filter(|m| m.changes_day()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_the_local_wall_clock() {
        // 2024-05-01 22:30 UTC is 00:30 the next day at +02:00, 17:30 the same day at -05:00.
        let t = Timestamp::from_unix_ms(1_714_602_600_000);
        assert_eq!(LocalStamp::at(t, 0).to_string(), "2024-05-01 22:30");
        assert_eq!(LocalStamp::at(t, 120).to_string(), "2024-05-02 00:30");
        assert_eq!(LocalStamp::at(t, -300).to_string(), "2024-05-01 17:30");
    }
}
