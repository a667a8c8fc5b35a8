//! Gear: the athlete's shoes, bikes and other things, the workouts done with them and the
//! default per sport. Totals and wear come from the store's query over the workouts; an import
//! that names gear (a Strava export's row) finds or makes it in the workout's own transaction
//! (see [`from_service`] and `db::GearChoice`).

use archives::Meta;
use db::DbError;
use domain::{
    Gear, GearDefault, GearDraft, GearError, GearId, GearItem, GearKind, Sport, UserId, WorkoutId,
};

use crate::{Workouts, WorkoutsError};

impl From<GearError> for WorkoutsError {
    fn from(error: GearError) -> Self {
        Self::Invalid {
            field: error.field.name(),
            message: error.message,
        }
    }
}

/// The answer when the account has gear of the name already.
fn name_taken(draft: &GearDraft) -> WorkoutsError {
    WorkoutsError::Invalid {
        field: "name",
        message: format!(
            "You already have gear called \u{201c}{}\u{201d}; choose another name.",
            draft.name()
        ),
    }
}

impl Workouts {
    /// The user's gear with totals and wear: in use first, then retired; by kind and name.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn gear_items(&self, user: UserId) -> Result<Vec<GearItem>, WorkoutsError> {
        Ok(self.db.gear_items(user).await?)
    }

    /// One piece of the user's gear with its totals; [`WorkoutsError::NoSuchGear`] for another
    /// user's.
    #[tracing::instrument(skip_all, fields(user = %user, gear = %id))]
    pub async fn gear_item(&self, user: UserId, id: GearId) -> Result<GearItem, WorkoutsError> {
        self.db
            .gear_item(user, id)
            .await?
            .ok_or(WorkoutsError::NoSuchGear)
    }

    /// The user's gear without totals (for a choice of gear), in use first.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn gear_list(&self, user: UserId) -> Result<Vec<Gear>, WorkoutsError> {
        Ok(self.db.gear_list(user).await?)
    }

    /// The user's default gear per sport.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn gear_defaults(&self, user: UserId) -> Result<Vec<GearDefault>, WorkoutsError> {
        Ok(self.db.gear_defaults(user).await?)
    }

    /// Adds gear; [`WorkoutsError::Invalid`] on `name` when the user has gear of that name (in
    /// any letter case).
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn create_gear(
        &self,
        user: UserId,
        draft: &GearDraft,
    ) -> Result<GearItem, WorkoutsError> {
        let id = match self.db.create_gear(user, draft).await {
            Ok(id) => id,
            Err(DbError::Conflict { .. }) => return Err(name_taken(draft)),
            Err(e) => return Err(e.into()),
        };
        self.gear_item(user, id).await
    }

    /// Makes gear what the draft says (retiring it ends its defaults); the name must stay
    /// unique.
    #[tracing::instrument(skip_all, fields(user = %user, gear = %id))]
    pub async fn update_gear(
        &self,
        user: UserId,
        id: GearId,
        draft: &GearDraft,
    ) -> Result<GearItem, WorkoutsError> {
        match self.db.update_gear(user, id, draft).await {
            Ok(true) => self.gear_item(user, id).await,
            Ok(false) => Err(WorkoutsError::NoSuchGear),
            Err(DbError::Conflict { .. }) => Err(name_taken(draft)),
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes gear; its workouts stay, without gear.
    #[tracing::instrument(skip_all, fields(user = %user, gear = %id))]
    pub async fn delete_gear(&self, user: UserId, id: GearId) -> Result<(), WorkoutsError> {
        if self.db.delete_gear(user, id).await? {
            Ok(())
        } else {
            Err(WorkoutsError::NoSuchGear)
        }
    }

    /// The gear a workout was done with; [`WorkoutsError::NotFound`] when the user has no such
    /// workout.
    #[tracing::instrument(skip_all, fields(user = %user, workout = %workout))]
    pub async fn workout_gear(
        &self,
        user: UserId,
        workout: WorkoutId,
    ) -> Result<Option<Gear>, WorkoutsError> {
        self.summary(user, workout).await?;
        Ok(self.db.workout_gear(user, workout).await?)
    }

    /// Gives a workout gear (retired gear too: an old workout was done with it), or none;
    /// answers the gear it now has. [`WorkoutsError::NotFound`] for a workout the user does not
    /// have, [`WorkoutsError::NoSuchGear`] for gear the user does not have.
    #[tracing::instrument(skip_all, fields(user = %user, workout = %workout))]
    pub async fn set_workout_gear(
        &self,
        user: UserId,
        workout: WorkoutId,
        gear: Option<GearId>,
    ) -> Result<Option<Gear>, WorkoutsError> {
        if !self.db.set_workout_gear(user, workout, gear).await? {
            // Which of the two is missing decides the answer.
            self.summary(user, workout).await?;
            return Err(WorkoutsError::NoSuchGear);
        }
        Ok(self.db.workout_gear(user, workout).await?)
    }

    /// Makes gear the default for a sport's new workouts, or clears it (`None`); answers every
    /// default. Retired gear cannot be one ([`WorkoutsError::Invalid`] on `gear_id`).
    #[tracing::instrument(skip_all, fields(user = %user, sport = %sport))]
    pub async fn set_gear_default(
        &self,
        user: UserId,
        sport: Sport,
        gear: Option<GearId>,
    ) -> Result<Vec<GearDefault>, WorkoutsError> {
        if !self.db.set_gear_default(user, sport, gear).await? {
            // Missing, or retired: only these refuse.
            let item = self.gear_item(user, gear.unwrap_or(GearId::new(0))).await?;
            return Err(WorkoutsError::Invalid {
                field: "gear_id",
                message: format!(
                    "\u{201c}{}\u{201d} is retired, so it cannot be the default for new workouts; bring it back into use first.",
                    item.gear.name
                ),
            });
        }
        self.gear_defaults(user).await
    }
}

/// The gear a service's row names, as gear to find or make: its kind, brand and model from the
/// export's own gear tables when they list it (Strava's `bikes.csv` and `shoes.csv`), else the
/// kind the sport suggests. `None` when the row names none, or a name no gear may have (which
/// then stays in the notes).
pub(crate) fn from_service(meta: &Meta, listed: &[archives::strava::Gear]) -> Option<GearDraft> {
    let name = meta.gear.as_deref()?.trim();
    if name.is_empty() {
        return None;
    }
    let key = name.to_lowercase();
    let found = listed.iter().find(|g| g.name.trim().to_lowercase() == key);
    let kind = match found.map(|g| g.kind) {
        Some(archives::strava::GearKind::Bike) => GearKind::Bike,
        Some(archives::strava::GearKind::Shoes) => GearKind::Shoes,
        None => GearKind::for_sport(meta.sport.unwrap_or_default()),
    };
    let draft = GearDraft::new(kind, name).ok()?;
    let Some(found) = found else {
        return Some(draft);
    };
    // A brand or model no gear may have (too long) is left out, not the gear.
    let draft = draft.clone().brand(found.brand.as_deref()).unwrap_or(draft);
    Some(draft.clone().model(found.model.as_deref()).unwrap_or(draft))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(gear: Option<&str>, sport: Option<Sport>) -> Meta {
        Meta {
            gear: gear.map(str::to_owned),
            sport,
            ..Meta::default()
        }
    }

    fn listed() -> Vec<archives::strava::Gear> {
        vec![
            archives::strava::Gear {
                name: "Road Bike".to_owned(),
                kind: archives::strava::GearKind::Bike,
                brand: Some("Canyon".to_owned()),
                model: Some("x".repeat(200)),
            },
            archives::strava::Gear {
                name: "Pegasus".to_owned(),
                kind: archives::strava::GearKind::Shoes,
                brand: Some("Nike".to_owned()),
                model: Some("Pegasus 40".to_owned()),
            },
        ]
    }

    #[test]
    fn a_rows_gear_takes_kind_brand_and_model_from_the_exports_tables() {
        // Listed as a bike, though the row is a run: the table knows better than the sport.
        let g = from_service(&meta(Some("road bike "), Some(Sport::Running)), &listed()).unwrap();
        assert_eq!(g.gear_kind(), GearKind::Bike);
        assert_eq!(g.name(), "road bike", "the row's spelling");
        assert_eq!(g.brand_name(), Some("Canyon"));
        assert_eq!(g.model_name(), None, "a model too long to keep is left out");
        let g = from_service(&meta(Some("Pegasus"), None), &listed()).unwrap();
        assert_eq!(
            (g.gear_kind(), g.model_name()),
            (GearKind::Shoes, Some("Pegasus 40"))
        );
        assert_eq!(g.warn_distance_m(), Some(700_000.0));
    }

    #[test]
    fn unlisted_gear_takes_its_kind_from_the_sport_and_no_name_is_no_gear() {
        let cases = [
            (Some(Sport::Cycling), GearKind::Bike),
            (Some(Sport::Walking), GearKind::Shoes),
            (Some(Sport::Paddling), GearKind::Other),
            (None, GearKind::Other),
        ];
        for (sport, kind) in cases {
            let g = from_service(&meta(Some("Thing"), sport), &[]).unwrap();
            assert_eq!(g.gear_kind(), kind, "{sport:?}");
        }
        assert_eq!(from_service(&meta(None, None), &listed()), None);
        assert_eq!(from_service(&meta(Some("  "), None), &listed()), None);
        let long = "x".repeat(300);
        assert_eq!(from_service(&meta(Some(&long), None), &[]), None);
    }
}
