//! Gear server functions: thin wrappers that take the signed-in user, turn form fields into a
//! checked [`domain::GearDraft`] and call the `workouts` service. Forms post as plain HTML, so
//! each success goes back to its page (see [`crate::done`]).

// A server function takes one argument per form field; the gear forms have eight. The lint
// fires inside the code `#[server]` generates, where no item-level allow reaches.
#![allow(clippy::too_many_arguments)]

use domain::{GearDefault, GearItem, Units};
use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use crate::AppError;

/// The gear page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GearPageData {
    /// Every piece of gear with its totals: in use first, then retired.
    pub items: Vec<GearItem>,
    /// The default gear per sport.
    pub defaults: Vec<GearDefault>,
    /// The user's units.
    pub units: Units,
}

/// The signed-in user's gear, totals and defaults.
#[server(input = GetUrl)]
pub async fn gear_page() -> Result<GearPageData, AppError> {
    let user = crate::auth::require_user().await?;
    let service = ssr::service()?;
    Ok(GearPageData {
        items: service.gear_items(user.id).await?,
        defaults: service.gear_defaults(user.id).await?,
        units: crate::auth::ssr_accounts()?
            .preferences(user.id)
            .await?
            .units,
    })
}

/// Adds gear.
#[server]
pub async fn add_gear(
    /// `shoes`, `bike` or `other`.
    kind: String,
    /// Its name.
    name: String,
    /// Its brand, or blank.
    #[server(default)]
    brand: String,
    /// Its model, or blank.
    #[server(default)]
    model: String,
    /// The warning distance in the user's units; blank: the kind's usual; 0: never.
    #[server(default)]
    warn_distance: String,
    /// Notes.
    #[server(default)]
    notes: String,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let units = ssr::units(user.id).await?;
    let kind = ssr::kind(&kind)?;
    let typed = ssr::Typed {
        name: &name,
        brand: &brand,
        model: &model,
        notes: &notes,
    };
    let mut draft = domain::GearDraft::new(kind, &name)
        .and_then(|d| d.brand(Some(&brand)))
        .and_then(|d| d.model(Some(&model)))
        .and_then(|d| d.notes(&notes))
        .map_err(|e| typed.refused(&e))?;
    // Blank keeps the kind's usual distance.
    if !warn_distance.trim().is_empty() {
        draft = draft
            .warn_at(ssr::distance(&warn_distance, units)?)
            .map_err(|e| typed.refused(&e))?;
    }
    ssr::service()?
        .create_gear(user.id, &draft)
        .await
        .map_err(|e| ssr::saving(e, draft.name()))?;
    crate::done("/gear");
    Ok(())
}

/// Changes gear: every field of the edit form.
#[server]
pub async fn edit_gear(
    /// The gear.
    id: i64,
    /// `shoes`, `bike` or `other`.
    kind: String,
    /// Its name.
    name: String,
    /// Its brand, or blank.
    #[server(default)]
    brand: String,
    /// Its model, or blank.
    #[server(default)]
    model: String,
    /// The warning distance in the user's units; blank or 0: never.
    #[server(default)]
    warn_distance: String,
    /// Notes.
    #[server(default)]
    notes: String,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let units = ssr::units(user.id).await?;
    let service = ssr::service()?;
    let id = domain::GearId::new(id);
    let current = service
        .gear_item(user.id, id)
        .await
        .map_err(ssr::error)?
        .gear;
    let typed = ssr::Typed {
        name: &name,
        brand: &brand,
        model: &model,
        notes: &notes,
    };
    let draft = domain::GearDraft::of(&current)
        .kind(ssr::kind(&kind)?)
        .name_as(&name)
        .and_then(|d| d.brand(Some(&brand)))
        .and_then(|d| d.model(Some(&model)))
        .and_then(|d| d.notes(&notes))
        .map_err(|e| typed.refused(&e))?
        .warn_at(ssr::distance(&warn_distance, units)?)
        .map_err(|e| typed.refused(&e))?;
    service
        .update_gear(user.id, id, &draft)
        .await
        .map_err(|e| ssr::saving(e, draft.name()))?;
    crate::done("/gear");
    Ok(())
}

/// Retires gear, or brings it back into use.
#[server]
pub async fn retire_gear(
    /// The gear.
    id: i64,
    /// `true` to retire, `false` to bring back.
    retired: bool,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let service = ssr::service()?;
    let id = domain::GearId::new(id);
    let current = service
        .gear_item(user.id, id)
        .await
        .map_err(ssr::error)?
        .gear;
    let draft = domain::GearDraft::of(&current).retired(retired);
    service
        .update_gear(user.id, id, &draft)
        .await
        .map_err(ssr::error)?;
    crate::done("/gear");
    Ok(())
}

/// Deletes gear; its workouts stay, without gear.
#[server]
pub async fn delete_gear(
    /// The gear.
    id: i64,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    ssr::service()?
        .delete_gear(user.id, domain::GearId::new(id))
        .await
        .map_err(ssr::error)?;
    crate::done("/gear");
    Ok(())
}

/// Sets (or, with a blank gear, clears) a sport's default gear.
#[server]
pub async fn set_default_gear(
    /// A sport name from [`domain::SPORTS`].
    sport: String,
    /// The gear's id, or blank for none.
    #[server(default)]
    gear_id: String,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let Some(sport) = domain::SPORTS.into_iter().find(|s| s.name() == sport) else {
        return Err(AppError::Field {
            field: "sport".to_owned(),
            message: t!("gear-error-sport"),
        });
    };
    let service = ssr::service()?;
    let gear = ssr::gear_choice(&gear_id)?;
    if let Err(error) = service.set_gear_default(user.id, sport, gear).await {
        return Err(match (error, gear) {
            // Only retired gear is refused as a value; the message names it.
            (workouts::WorkoutsError::Invalid { .. }, Some(id)) => {
                let name = service
                    .gear_item(user.id, id)
                    .await
                    .map_err(ssr::error)?
                    .gear
                    .name;
                AppError::Field {
                    field: "gear_id".to_owned(),
                    message: t!("gear-error-retired-default", name = name),
                }
            }
            (other, _) => ssr::error(other),
        });
    }
    crate::done("/gear");
    Ok(())
}

/// Gives a workout gear (blank: none), then shows the workout again.
#[server]
pub async fn set_workout_gear(
    /// The workout.
    workout: i64,
    /// The gear's id, or blank for none.
    #[server(default)]
    gear_id: String,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    ssr::service()?
        .set_workout_gear(
            user.id,
            domain::WorkoutId::new(workout),
            ssr::gear_choice(&gear_id)?,
        )
        .await
        .map_err(ssr::error)?;
    // Not `done`: that would also show the edit form's "Saved." on the same page.
    leptos_axum::redirect(&format!("/workouts/{workout}?gear=saved"));
    Ok(())
}

#[cfg(feature = "ssr")]
mod ssr {
    use domain::{GearDraft, GearError, GearField, GearId, GearKind, Units, UserId};
    use workouts::WorkoutsError;

    use crate::AppError;

    pub use crate::workouts::ssr::service;

    /// The user's units, which the forms' distances are in.
    pub async fn units(user: UserId) -> Result<Units, AppError> {
        Ok(crate::auth::ssr_accounts()?.preferences(user).await?.units)
    }

    pub fn kind(name: &str) -> Result<GearKind, AppError> {
        GearKind::parse(name).ok_or_else(|| AppError::Field {
            field: "kind".to_owned(),
            message: t!("gear-error-kind"),
        })
    }

    /// The text fields of a gear form, as typed.
    pub struct Typed<'a> {
        pub name: &'a str,
        pub brand: &'a str,
        pub model: &'a str,
        pub notes: &'a str,
    }

    impl Typed<'_> {
        /// A field `domain` refused, next to it in the forms (which name the distance field
        /// apart), in the request's language. The error names the field; which rule its value
        /// broke is read from the value, as `domain` checks it.
        pub fn refused(&self, error: &GearError) -> AppError {
            let long = |text: &str, max: usize| text.chars().count() > max;
            let line_max = GearDraft::MAX_NAME_CHARS.to_string();
            let (field, message) = match error.field {
                GearField::Name if self.name.trim().is_empty() => {
                    ("name", t!("gear-error-name-missing"))
                }
                GearField::Name if long(self.name.trim(), GearDraft::MAX_NAME_CHARS) => {
                    ("name", t!("gear-error-name-long", max = line_max))
                }
                GearField::Name => ("name", t!("gear-error-name-line")),
                GearField::Brand if long(self.brand.trim(), GearDraft::MAX_NAME_CHARS) => {
                    ("brand", t!("gear-error-brand-long", max = line_max))
                }
                GearField::Brand => ("brand", t!("gear-error-brand-line")),
                GearField::Model if long(self.model.trim(), GearDraft::MAX_NAME_CHARS) => {
                    ("model", t!("gear-error-model-long", max = line_max))
                }
                GearField::Model => ("model", t!("gear-error-model-line")),
                GearField::Notes if long(self.notes.trim_end(), GearDraft::MAX_NOTES_CHARS) => (
                    "notes",
                    t!(
                        "gear-error-notes-long",
                        max = GearDraft::MAX_NOTES_CHARS.to_string()
                    ),
                ),
                GearField::Notes => ("notes", t!("gear-error-notes-control")),
                GearField::WarnDistance => (
                    "warn_distance",
                    t!(
                        "gear-error-warn-range",
                        max = (GearDraft::MAX_WARN_DISTANCE_M / 1000.0) as i64
                    ),
                ),
            };
            AppError::Field {
                field: field.to_owned(),
                message,
            }
        }
    }

    /// A gear service error for a person: no such gear in the request's language, the rest
    /// as every server function answers them.
    pub fn error(error: WorkoutsError) -> AppError {
        match error {
            WorkoutsError::NoSuchGear => no_such_gear(),
            other => other.into(),
        }
    }

    /// The same when saving gear named `name`: the service refuses a name the account has.
    pub fn saving(error: WorkoutsError, name: &str) -> AppError {
        match error {
            WorkoutsError::Invalid { field: "name", .. } => AppError::Field {
                field: "name".to_owned(),
                message: t!("gear-error-name-taken", name = name),
            },
            other => self::error(other),
        }
    }

    fn no_such_gear() -> AppError {
        AppError::Refused(t!("gear-error-no-such-gear"))
    }

    /// A warning distance typed in the user's units (a decimal comma is fine); blank or 0:
    /// none.
    pub fn distance(text: &str, units: Units) -> Result<Option<f64>, AppError> {
        let text = text.trim().replace(',', ".");
        if text.is_empty() {
            return Ok(None);
        }
        let unit = domain::display::distance_unit(units);
        match text.parse::<f64>() {
            Ok(0.0) => Ok(None),
            Ok(value) if value.is_finite() && value > 0.0 => {
                Ok(Some(domain::display::distance_metres(value, units)))
            }
            _ => Err(AppError::Field {
                field: "warn_distance".to_owned(),
                message: t!("gear-error-warn-number", unit = unit),
            }),
        }
    }

    /// A gear chosen in a form: its id, or blank for none.
    pub fn gear_choice(text: &str) -> Result<Option<GearId>, AppError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<i64>()
            .map(|id| Some(GearId::new(id)))
            .map_err(|_| no_such_gear())
    }
}
