//! The backfill: workouts stored before their analysis existed (or by an older version of it)
//! are analysed in the background after start-up, a batch at a time, oldest first. Records
//! and curves count what is done and say how many wait; several instances on one Postgres may
//! each run it (an analysis stored twice is the same row written twice).

use domain::WorkoutId;

use super::VERSION;
use crate::{Workouts, WorkoutsError};

/// How many workouts one batch reads ids for.
const BATCH: u32 = 64;

impl Workouts {
    /// Analyses every workout that has no analysis of the current version, in batches, and
    /// returns how many it analysed. A workout that cannot be analysed (deleted meanwhile) is
    /// passed over; the others go on.
    #[tracing::instrument(skip_all)]
    pub async fn backfill_analyses(&self) -> Result<u64, WorkoutsError> {
        let mut after: Option<WorkoutId> = None;
        let mut done = 0u64;
        loop {
            let batch = self.db.unanalysed_workouts(VERSION, after, BATCH).await?;
            let Some(&(_, last)) = batch.last() else {
                break;
            };
            for (user, id) in batch {
                match self.analyse_now(user, id).await {
                    Ok(_) => done += 1,
                    Err(WorkoutsError::NotFound) => {}
                    Err(e) => return Err(e),
                }
            }
            after = Some(last);
            tracing::info!(analysed = done, "backfill: workouts analysed so far");
        }
        Ok(done)
    }
}
