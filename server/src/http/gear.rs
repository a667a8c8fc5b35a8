//! Gear under `/api/v1`: the athlete's shoes, bikes and other gear with their totals and wear,
//! the default per sport, and a workout's gear. Reading takes the session or a token with the
//! read scope; changing takes the signed-in browser (and its CSRF header), as deleting
//! workouts does. Thin: `workouts::Workouts` does the work.

use axum::{
    Json,
    extract::{Path, State, rejection::JsonRejection},
    http::StatusCode,
};
use domain::{Gear, GearDefault, GearDraft, GearId, GearItem, GearKind, WorkoutId};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    ApiError, AppState,
    caller::{Authorized, CanRead, SignedIn},
    error::{ErrorBody, Result},
};

/// The OpenAPI tag of these routes.
const TAG: &str = "gear";

/// The gear routes, each described in the OpenAPI document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_gear, add_gear))
        .routes(routes!(gear_defaults, set_gear_default))
        .routes(routes!(one_gear, edit_gear, delete_gear))
        .routes(routes!(set_workout_gear))
}

/// A JSON body, or a 400 that says what is wrong with it (axum's own answer is plain text, and
/// 422 for a body that is JSON of the wrong shape).
fn body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T> {
    body.map(|Json(body)| body).map_err(|rejection| {
        let text = rejection.body_text();
        let why = text
            .strip_prefix("Failed to deserialize the JSON body into the target type: ")
            .or_else(|| text.strip_prefix("Failed to parse the request body as JSON: "))
            .unwrap_or(&text);
        ApiError::BadRequest(format!("The body is not what this needs: {why}"))
    })
}

/// A field that may be absent (`None`), `null` (`Some(None)`) or a value.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> std::result::Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

fn gear_id(raw: &str) -> Result<GearId> {
    // Anything that is not one of our ids is simply not found.
    raw.parse::<i64>()
        .map(GearId::new)
        .map_err(|_| ApiError::NotFound)
}

/// The user's gear and defaults.
#[derive(Serialize, ToSchema)]
struct GearList {
    /// In use first, then retired; by kind and name.
    gear: Vec<GearItem>,
    /// The gear each sport's new workouts get.
    defaults: Vec<GearDefault>,
}

/// `GET /api/v1/gear`: every piece of gear with its totals and wear, and the defaults.
#[utoipa::path(get, path = "/api/v1/gear", tag = TAG,
    responses(
        (status = 200, description = "The gear.", body = GearList),
        (status = 401, description = "Neither signed in nor a token.", body = ErrorBody),
        (status = 403, description = "The token lacks the read scope.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn list_gear(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
) -> Result<Json<GearList>> {
    Ok(Json(GearList {
        gear: state.workouts.gear_items(user.id).await?,
        defaults: state.workouts.gear_defaults(user.id).await?,
    }))
}

/// New gear.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewGearBody {
    /// `shoes`, `bike` or `other`.
    kind: GearKind,
    /// 1 to 80 characters, unique among your gear in any letter case.
    name: String,
    /// Up to 80 characters.
    brand: Option<String>,
    /// Up to 80 characters.
    model: Option<String>,
    /// Up to 2,000 characters.
    #[serde(default)]
    notes: String,
    /// Already out of use.
    #[serde(default)]
    retired: bool,
    /// Warn once its workouts add up to this many metres; absent: the kind's usual (700 km
    /// for shoes, none otherwise); `null`: never.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<f64>)]
    warn_distance_m: Option<Option<f64>>,
}

/// `POST /api/v1/gear`: adds gear.
#[utoipa::path(post, path = "/api/v1/gear", tag = TAG,
    request_body = NewGearBody,
    responses(
        (status = 201, description = "Added, with its totals.", body = GearItem),
        (status = 400, description = "A field is refused (the name taken, too long, …); the text says which.", body = ErrorBody),
        (status = 401, description = "Not signed in: tokens cannot change gear.", body = ErrorBody),
    ),
    security(("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn add_gear(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    new: Result<Json<NewGearBody>, JsonRejection>,
) -> Result<(StatusCode, Json<GearItem>)> {
    let new = body(new)?;
    let mut draft = GearDraft::new(new.kind, &new.name)
        .and_then(|d| d.brand(new.brand.as_deref()))
        .and_then(|d| d.model(new.model.as_deref()))
        .and_then(|d| d.notes(&new.notes))
        .map(|d| d.retired(new.retired))
        .map_err(invalid)?;
    if let Some(warn) = new.warn_distance_m {
        draft = draft.warn_at(warn).map_err(invalid)?;
    }
    let item = state.workouts.create_gear(user.id, &draft).await?;
    Ok((StatusCode::CREATED, Json(item)))
}

/// A refused field, as the API says it: the field's name, then what is wrong.
fn invalid(error: domain::GearError) -> ApiError {
    let domain::GearError { field, mut message } = error;
    message.insert_str(0, &format!("{}: ", field.name()));
    ApiError::BadRequest(message)
}

/// `GET /api/v1/gear/{id}`: one piece of gear with its totals and wear.
#[utoipa::path(get, path = "/api/v1/gear/{id}", tag = TAG,
    params(("id" = i64, Path, description = "The gear.")),
    responses(
        (status = 200, description = "The gear.", body = GearItem),
        (status = 404, description = "No such gear of yours.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
async fn one_gear(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Path(id): Path<String>,
) -> Result<Json<GearItem>> {
    Ok(Json(
        state.workouts.gear_item(user.id, gear_id(&id)?).await?,
    ))
}

/// What to change of gear: only the fields present change.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct GearPatchBody {
    /// `shoes`, `bike` or `other`.
    kind: Option<GearKind>,
    /// A new name.
    name: Option<String>,
    /// A brand, or `null` for none.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    brand: Option<Option<String>>,
    /// A model, or `null` for none.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    model: Option<Option<String>>,
    /// New notes.
    notes: Option<String>,
    /// `true` retires it (it stops being a default); `false` brings it back.
    retired: Option<bool>,
    /// Metres, or `null` for no warning.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<f64>)]
    warn_distance_m: Option<Option<f64>>,
}

/// `PATCH /api/v1/gear/{id}`: changes the fields given (`{"retired": true}` retires it).
#[utoipa::path(patch, path = "/api/v1/gear/{id}", tag = TAG,
    params(("id" = i64, Path, description = "The gear.")),
    request_body = GearPatchBody,
    responses(
        (status = 200, description = "Changed, with its totals.", body = GearItem),
        (status = 400, description = "A field is refused; the text says which.", body = ErrorBody),
        (status = 401, description = "Not signed in: tokens cannot change gear.", body = ErrorBody),
        (status = 404, description = "No such gear of yours.", body = ErrorBody),
    ),
    security(("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn edit_gear(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    patch: Result<Json<GearPatchBody>, JsonRejection>,
) -> Result<Json<GearItem>> {
    let id = gear_id(&id)?;
    let patch = body(patch)?;
    let current = state.workouts.gear_item(user.id, id).await?.gear;
    let mut draft = GearDraft::of(&current);
    if let Some(kind) = patch.kind {
        draft = draft.kind(kind);
    }
    if let Some(name) = &patch.name {
        draft = draft.name_as(name).map_err(invalid)?;
    }
    if let Some(brand) = &patch.brand {
        draft = draft.brand(brand.as_deref()).map_err(invalid)?;
    }
    if let Some(model) = &patch.model {
        draft = draft.model(model.as_deref()).map_err(invalid)?;
    }
    if let Some(notes) = &patch.notes {
        draft = draft.notes(notes).map_err(invalid)?;
    }
    if let Some(retired) = patch.retired {
        draft = draft.retired(retired);
    }
    if let Some(warn) = patch.warn_distance_m {
        draft = draft.warn_at(warn).map_err(invalid)?;
    }
    Ok(Json(state.workouts.update_gear(user.id, id, &draft).await?))
}

/// `DELETE /api/v1/gear/{id}`: its workouts stay, without gear.
#[utoipa::path(delete, path = "/api/v1/gear/{id}", tag = TAG,
    params(("id" = i64, Path, description = "The gear.")),
    responses(
        (status = 204, description = "Deleted."),
        (status = 401, description = "Not signed in: tokens cannot change gear.", body = ErrorBody),
        (status = 404, description = "No such gear of yours.", body = ErrorBody),
    ),
    security(("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn delete_gear(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    state.workouts.delete_gear(user.id, gear_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The defaults per sport.
#[derive(Serialize, ToSchema)]
struct Defaults {
    /// The gear each sport's new workouts get.
    defaults: Vec<GearDefault>,
}

/// `GET /api/v1/gear/defaults`: the gear each sport's new workouts get.
#[utoipa::path(get, path = "/api/v1/gear/defaults", tag = TAG,
    responses(
        (status = 200, description = "The defaults.", body = Defaults),
        (status = 401, description = "Neither signed in nor a token.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
async fn gear_defaults(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
) -> Result<Json<Defaults>> {
    Ok(Json(Defaults {
        defaults: state.workouts.gear_defaults(user.id).await?,
    }))
}

/// A sport's default.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct DefaultBody {
    /// The sport's name (`running`, `cycling`, …).
    sport: String,
    /// The gear (in use, not retired), or `null` for none.
    #[serde(deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    gear_id: Option<Option<i64>>,
}

/// `PUT /api/v1/gear/defaults`: `{sport, gear_id}` makes the gear the sport's default for new
/// workouts whose source names none; `gear_id: null` clears it.
#[utoipa::path(put, path = "/api/v1/gear/defaults", tag = TAG,
    request_body = DefaultBody,
    responses(
        (status = 200, description = "Every default, after the change.", body = Defaults),
        (status = 400, description = "An unknown sport, or retired gear; the text says which.", body = ErrorBody),
        (status = 401, description = "Not signed in: tokens cannot change gear.", body = ErrorBody),
        (status = 404, description = "No such gear of yours.", body = ErrorBody),
    ),
    security(("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn set_gear_default(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    default: Result<Json<DefaultBody>, JsonRejection>,
) -> Result<Json<Defaults>> {
    let default = body(default)?;
    let sport = domain::SPORTS
        .into_iter()
        .find(|s| s.name() == default.sport)
        .ok_or_else(|| {
            let names: Vec<String> = domain::SPORTS.iter().map(|s| s.name()).collect();
            ApiError::BadRequest(format!(
                "sport: {:?} is not one of {}.",
                default.sport,
                names.join(", ")
            ))
        })?;
    let gear = default.gear_id.flatten().map(GearId::new);
    let defaults = state
        .workouts
        .set_gear_default(user.id, sport, gear)
        .await?;
    Ok(Json(Defaults { defaults }))
}

/// A workout's gear.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct WorkoutGearBody {
    /// The gear (retired gear too), or `null` for none.
    #[serde(deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    gear_id: Option<Option<i64>>,
}

/// The gear a workout now has.
#[derive(Serialize, ToSchema)]
struct WorkoutGear {
    /// The gear, or `null`.
    gear: Option<Gear>,
}

/// `PUT /api/v1/workouts/{id}/gear`: `{gear_id}` gives the workout that gear, `null` none.
#[utoipa::path(put, path = "/api/v1/workouts/{id}/gear", tag = TAG,
    params(("id" = i64, Path, description = "The workout.")),
    request_body = WorkoutGearBody,
    responses(
        (status = 200, description = "The workout's gear now.", body = WorkoutGear),
        (status = 400, description = "The body is not `{gear_id}`; the text says why.", body = ErrorBody),
        (status = 401, description = "Not signed in: tokens cannot change gear.", body = ErrorBody),
        (status = 404, description = "No such workout of yours, or no such gear.", body = ErrorBody),
    ),
    security(("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn set_workout_gear(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
    choice: Result<Json<WorkoutGearBody>, JsonRejection>,
) -> Result<Json<WorkoutGear>> {
    let workout = id
        .parse::<i64>()
        .map(WorkoutId::new)
        .map_err(|_| ApiError::NotFound)?;
    let choice = body(choice)?;
    let gear = choice.gear_id.flatten().map(GearId::new);
    let gear = state
        .workouts
        .set_workout_gear(user.id, workout, gear)
        .await?;
    Ok(Json(WorkoutGear { gear }))
}
