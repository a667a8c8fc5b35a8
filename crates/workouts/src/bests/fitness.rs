//! Training load and fitness: each workout's load from its stored inputs and the athlete's
//! settings as they are now (so a changed FTP or maximum heart rate applies to all history at
//! once, with no recomputation of recordings), then the day-by-day fitness model over them.

use domain::{
    Date, Fitness, FitnessDay, LoadBasis, Preferences, TrimpModel, UserId, WorkoutId, WorkoutLoad,
};
use training::Analysis;

use crate::{Workouts, WorkoutsError};

/// A workout's load with these settings: training stress from power when the athlete set an
/// FTP and the workout has power, else TRIMP from heart rate, else none.
pub fn load(a: &Analysis, p: &Preferences) -> Option<WorkoutLoad> {
    if let (Some(ftp), Some(np)) = (p.ftp_w, a.normalized_power)
        && a.power_seconds > 0.0
        && ftp > 0
    {
        let (intensity, stress) = training::training_stress(np, a.power_seconds, f64::from(ftp));
        return Some(WorkoutLoad {
            load: stress,
            basis: LoadBasis::Power,
            intensity: Some(intensity),
        });
    }
    if a.hr_histogram.is_empty() {
        return None;
    }
    let model = match p.trimp {
        TrimpModel::Men => training::TrimpModel::Men,
        TrimpModel::Women => training::TrimpModel::Women,
    };
    Some(WorkoutLoad {
        load: training::trimp(&a.hr_histogram, p.resting_hr, p.max_hr, model),
        basis: LoadBasis::Hr,
        intensity: None,
    })
}

impl Workouts {
    /// The fitness model for the days `from..=to`: each day's load (its workouts' loads
    /// summed), fitness, fatigue and form. The model runs over the whole history before
    /// `from`, so the first day shown carries everything done before it.
    #[tracing::instrument(skip_all, fields(user = user.get(), %from, %to))]
    pub async fn fitness(
        &self,
        user: UserId,
        from: Date,
        to: Date,
    ) -> Result<Fitness, WorkoutsError> {
        let preferences = self.db.preferences(user).await?;
        let snapshot = self.snapshot(user).await?;
        // Every workout's load, kept with the analyses for these settings (the model leaves
        // out the days after `to`).
        let loads = snapshot.loads.get_or(&preferences, || {
            snapshot
                .analysed
                .iter()
                .filter_map(|w| Some((w.day.days() as i32, load(&w.analysis, &preferences)?.load)))
                .collect()
        });
        let days = training::fitness(&loads, from.days() as i32, to.days() as i32)
            .into_iter()
            .filter(|d| d.day >= from.days() as i32)
            .map(|d| FitnessDay {
                date: Date::from_days(i64::from(d.day)),
                load: d.load,
                fitness: d.fitness,
                fatigue: d.fatigue,
                form: d.form,
            })
            .collect();
        Ok(Fitness {
            days,
            pending: snapshot.pending,
        })
    }

    /// One workout's training load with the athlete's settings now; `None` for a workout with
    /// neither power (and an FTP) nor heart rate.
    pub async fn workout_load(
        &self,
        user: UserId,
        id: WorkoutId,
    ) -> Result<Option<WorkoutLoad>, WorkoutsError> {
        let analysis = self.workout_analysis(user, id).await?;
        let preferences = self.db.preferences(user).await?;
        Ok(load(&analysis, &preferences))
    }
}
