//! The athlete changed their time zone: the workouts whose local time came from the old one
//! (no position to place them; Polar HRM files, which record local time only) can move with it.
//!
//! Two kinds move differently. A file that recorded UTC (a FIT or TCX without positions) keeps
//! its instant, and gets the new zone's offset: its wall clock, perhaps its day, changes. An HRM
//! recorded the wall clock: that stays, and its instants (start, samples, laps) move by the
//! difference of the offsets.

use db::{MovedTime, ZonedWorkout};
use domain::{LocalStamp, UserId, ZoneMove, ZoneMovePreview};

use crate::{Workouts, WorkoutsError, zone};

/// Where `w` goes in `to`: the new offset and how far its instants move.
fn placed(w: &ZonedWorkout, to: &str) -> (i32, i64) {
    if w.source_format == "hrm" {
        let wall_clock = w.start.unix_ms() + i64::from(w.utc_offset_min) * 60_000;
        let offset = zone::offset_for_local(to, wall_clock).unwrap_or(0);
        let start = wall_clock - i64::from(offset) * 60_000;
        (offset, start - w.start.unix_ms())
    } else {
        (zone::offset_at(to, w.start.unix_ms()).unwrap_or(0), 0)
    }
}

fn preview_of(w: &ZonedWorkout, to: &str) -> ZoneMove {
    let (offset, shift) = placed(w, to);
    ZoneMove {
        id: w.id,
        title: w.title.clone(),
        sport: w.sport,
        before: LocalStamp::at(w.start, w.utc_offset_min),
        after: LocalStamp::at(w.start.add_ms(shift), offset),
        keeps_wall_clock: w.source_format == "hrm",
    }
}

/// Apple Health's export states each workout's zone (`HKTimeZone`): its workouts keep it.
const ZONE_STATED_BY: archives::Service = archives::Service::AppleHealth;

/// Both zones exist, or the first that does not is refused by name.
fn known_zones(from: &str, to: &str) -> Result<(), WorkoutsError> {
    match [from, to]
        .into_iter()
        .find(|name| !zone::is_known_zone(name))
    {
        Some(name) => Err(WorkoutsError::Invalid {
            field: "time_zone",
            message: domain::PreferenceError::TimeZone(name.to_owned()).to_string(),
        }),
        None => Ok(()),
    }
}

impl Workouts {
    /// What moving the user's workouts placed in `from` to `to` would do, oldest first.
    #[tracing::instrument(skip(self), fields(user = user.get()))]
    pub async fn zone_move_preview(
        &self,
        user: UserId,
        from: &str,
        to: &str,
    ) -> Result<ZoneMovePreview, WorkoutsError> {
        known_zones(from, to)?;
        let moves = if from == to {
            Vec::new()
        } else {
            self.db
                .zoned_workouts(user, from, ZONE_STATED_BY.name())
                .await?
                .iter()
                .map(|w| preview_of(w, to))
                .collect()
        };
        Ok(ZoneMovePreview {
            from: from.to_owned(),
            to: to.to_owned(),
            moves,
        })
    }

    /// Moves the user's workouts placed in `from` to `to`; returns how many moved. Each moves
    /// in a transaction of its own, so an interrupted move is finished by asking again (a moved
    /// workout is no longer in `from`).
    #[tracing::instrument(skip(self), fields(user = user.get()))]
    pub async fn move_zone(
        &self,
        user: UserId,
        from: &str,
        to: &str,
    ) -> Result<usize, WorkoutsError> {
        known_zones(from, to)?;
        if from == to {
            return Ok(0);
        }
        let mut moved = 0;
        for w in self
            .db
            .zoned_workouts(user, from, ZONE_STATED_BY.name())
            .await?
        {
            let (offset, shift) = placed(&w, to);
            let recording = if shift == 0 {
                None
            } else {
                Some(self.shifted_recording(user, &w, offset).await?)
            };
            let to = MovedTime {
                time_zone: to.to_owned(),
                utc_offset_min: offset,
                shift_ms: shift,
                local_day: w.start.add_ms(shift).local_days(offset),
                recording,
            };
            if self.db.move_workout_zone(user, w.id, from, &to).await? {
                moved += 1;
            }
        }
        tracing::info!(moved, "workouts moved to another time zone");
        Ok(moved)
    }

    /// The recording of `w` with its wall clock kept at `offset` (its instants moved).
    async fn shifted_recording(
        &self,
        user: UserId,
        w: &ZonedWorkout,
        offset: i32,
    ) -> Result<Vec<u8>, WorkoutsError> {
        let mut recording = self.recording(user, w.id).await?;
        let old = w.utc_offset_min;
        tokio::task::spawn_blocking(move || {
            // Back to the wall clock as the file recorded it, then placed at the new offset.
            recording.place_local(-old);
            recording.place_local(offset);
            formats::store::encode(&recording)
        })
        .await
        .map_err(|e| WorkoutsError::Task(e.to_string()))
    }
}
