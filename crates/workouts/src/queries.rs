//! The workout list, calendar days, laps and daily activity, and the edits a user makes to a
//! workout: the reads and writes the pages and the API make besides imports and exports.

use db::{DailyActivity, WorkoutFilter, WorkoutPage};
use domain::{Date, LapSummary, Sport, Timestamp, UserId, WorkoutId, WorkoutSummary};

use crate::{Workouts, WorkoutsError};

impl Workouts {
    /// One page of the user's workouts, newest first, with the total count for the filter.
    #[tracing::instrument(skip_all, fields(user = user.get(), offset, limit))]
    pub async fn list(
        &self,
        user: UserId,
        filter: &WorkoutFilter,
        offset: u64,
        limit: u64,
    ) -> Result<WorkoutPage, WorkoutsError> {
        Ok(self.db.list_workouts(user, filter, offset, limit).await?)
    }

    /// The user's workouts whose local day lies in `from..=to`, oldest first (the calendar).
    #[tracing::instrument(skip_all, fields(user = user.get(), %from, %to))]
    pub async fn on_days(
        &self,
        user: UserId,
        from: Date,
        to: Date,
    ) -> Result<Vec<WorkoutSummary>, WorkoutsError> {
        Ok(self.db.workouts_on_days(user, from, to).await?)
    }

    /// A workout's laps in order, what the device left out worked out from the samples
    /// ([`crate::laps::complete`]); [`WorkoutsError::NotFound`] when the user has no such
    /// workout.
    #[tracing::instrument(skip_all, fields(user = user.get(), workout = id.get()))]
    pub async fn laps(
        &self,
        user: UserId,
        id: WorkoutId,
    ) -> Result<Vec<LapSummary>, WorkoutsError> {
        self.summary(user, id).await?;
        let mut laps = self.db.workout_laps(user, id).await?;
        if laps.is_empty() {
            return Ok(laps);
        }
        let recording = self.recording(user, id).await?;
        tokio::task::spawn_blocking(move || {
            crate::laps::complete(&mut laps, &recording);
            laps
        })
        .await
        .map_err(|e| WorkoutsError::Task(e.to_string()))
    }

    /// Changes a workout's title, sport and notes (a new sport redoes its analysis);
    /// [`WorkoutsError::NotFound`] when the user has no such workout.
    #[tracing::instrument(skip_all, fields(user = user.get(), workout = id.get()))]
    pub async fn update(
        &self,
        user: UserId,
        id: WorkoutId,
        title: &str,
        sport: Sport,
        notes: &str,
    ) -> Result<(), WorkoutsError> {
        let before = self.summary(user, id).await?;
        if !self
            .db
            .update_workout(user, id, title, sport, notes)
            .await?
        {
            return Err(WorkoutsError::NotFound);
        }
        // What counts as a GPS spike, and which records an effort competes in, follow the
        // sport: a new sport gets a new analysis.
        if before.sport != sport {
            self.analyse_now(user, id).await?;
        }
        Ok(())
    }

    /// Deletes a workout with its laps and data; [`WorkoutsError::NotFound`] when the user has
    /// no such workout.
    #[tracing::instrument(skip_all, fields(user = user.get(), workout = id.get()))]
    pub async fn delete(&self, user: UserId, id: WorkoutId) -> Result<(), WorkoutsError> {
        if self.db.delete_workout(user, id).await? {
            Ok(())
        } else {
            Err(WorkoutsError::NotFound)
        }
    }

    /// The user's daily activity (steps, hourly) for the days `from..=to`, oldest first.
    #[tracing::instrument(skip_all, fields(user = user.get(), %from, %to))]
    pub async fn activity_days(
        &self,
        user: UserId,
        from: Date,
        to: Date,
    ) -> Result<Vec<DailyActivity>, WorkoutsError> {
        Ok(self.db.activity_days(user, from, to).await?)
    }
}

impl Workouts {
    /// The sports the user has workouts of, sorted (the list filter's choices).
    #[tracing::instrument(skip_all, fields(user = user.get()))]
    pub async fn sports(&self, user: UserId) -> Result<Vec<Sport>, WorkoutsError> {
        Ok(self.ledger(user).await?.sports())
    }

    /// The user's other workouts whose time overlaps `start..end` (all of them when `except`
    /// is `None`), with their titles.
    #[tracing::instrument(skip_all, fields(user = user.get()))]
    pub async fn overlapping(
        &self,
        user: UserId,
        except: Option<WorkoutId>,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<(WorkoutId, String)>, WorkoutsError> {
        Ok(self
            .db
            .overlapping_workouts(user, except, start, end)
            .await?)
    }

    /// The services whose account exports held a workout (the one it was stored from, then
    /// those linked to it), each once; empty for another user's workout.
    pub async fn sources(&self, user: UserId, id: WorkoutId) -> Result<Vec<String>, WorkoutsError> {
        let mut services: Vec<String> = Vec::new();
        for source in self.db.workout_sources(user, id).await? {
            if !services.contains(&source.service) {
                services.push(source.service);
            }
        }
        Ok(services)
    }
}
