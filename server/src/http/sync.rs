//! The sync API for companion apps and agents that record Bluetooth sensors: register a
//! device, open a session, send batches of raw GATT notifications, close it into a workout.
//! Needs the `sync` scope (or the signed-in browser, which is how live recording saves).
//!
//! A batch carries a sequence number: a resent batch changes nothing, gaps are reported, and
//! batches may come in any order (notifications are placed by time). Each notification has its
//! device-clock time; each batch a pair (device clock, UTC) taken when it was sent, so the
//! device's drift is corrected batch by batch. Malformed notifications are counted and named in
//! the answer, and never stored.
//!
//! This module parses requests and shapes answers; the sessions live in [`workouts::Workouts`].

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use domain::{ActivityHour, FileResult};
use serde::{Deserialize, Serialize};
use syncbatch::BatchBody;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use workouts::NewDevice;

use super::{
    ApiError, AppState,
    caller::{Authorized, CanSync},
    error::{ErrorBody, Result},
    gate::Heavy,
};

/// The OpenAPI tag of these routes.
const TAG: &str = "sync";

/// Routes of the sync API, each described in the OpenAPI document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register_device))
        .routes(routes!(daily_activity))
        .routes(routes!(open_session))
        .routes(routes!(session_status))
        .routes(routes!(add_batch))
        .routes(routes!(close_session))
        // A batch is a few hundred KB of JSON; axum's own 2 MB default is too tight for big ones.
        .layer(axum::extract::DefaultBodyLimit::max(8 << 20))
}

/// A device to register.
#[derive(Debug, Deserialize, ToSchema)]
struct DeviceBody {
    /// What the user or app calls it, at most 100 characters.
    name: String,
    /// The maker, at most 100 characters.
    #[serde(default)]
    maker: String,
    /// The model, at most 100 characters.
    #[serde(default)]
    model: String,
    /// The GATT services it offers, 16-bit, e.g. `180d` (at most 32).
    #[serde(default)]
    services: Vec<String>,
}

/// The id of what was made.
#[derive(Debug, Serialize, ToSchema)]
struct Created {
    /// Its id.
    id: i64,
}

/// `POST /api/v1/sync/devices`: `{name, maker, model, services: ["180d", "1818"]}` → `{id}`.
#[utoipa::path(post, path = "/api/v1/sync/devices", tag = TAG,
    request_body = DeviceBody,
    responses(
        (status = 201, description = "Registered.", body = Created),
        (status = 400, description = "A field is out of bounds; the text says which.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
async fn register_device(
    State(state): State<AppState>,
    caller: Authorized<CanSync>,
    Json(body): Json<DeviceBody>,
) -> Result<(StatusCode, Json<Created>)> {
    let name = body.name.trim();
    if name.is_empty()
        || name.len() > 100
        || body.maker.len() > 100
        || body.model.len() > 100
        || body.services.len() > 32
    {
        return Err(ApiError::BadRequest("A device needs a name (at most 100 characters), a maker and model of at most 100, and at most 32 services.".into()));
    }
    let services: Vec<String> = body
        .services
        .iter()
        .map(|s| s.trim().trim_start_matches("0x").to_ascii_lowercase())
        .collect();
    if let Some(bad) = services
        .iter()
        .find(|s| s.len() != 4 || u16::from_str_radix(s, 16).is_err())
    {
        return Err(ApiError::BadRequest(format!(
            "services: {bad:?} is not a 16-bit service number like \"180d\"."
        )));
    }
    let device = NewDevice {
        name: name.to_owned(),
        maker: body.maker,
        model: body.model,
        services,
    };
    let id = state
        .workouts
        .register_sync_device(caller.user.id, &device)
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// A session to open.
#[derive(Debug, Deserialize, ToSchema)]
struct SessionBody {
    /// One of the caller's devices, if registered.
    device_id: Option<i64>,
    /// The sport (`running`, `cycling`, …); `generic` when absent or unknown.
    #[serde(default)]
    sport: Option<String>,
    /// Wheel circumference for speed sensors, 500 to 4000 mm.
    wheel_circumference_mm: Option<i64>,
}

/// An opened session.
#[derive(Debug, Serialize, ToSchema)]
struct SessionOpened {
    /// Its id.
    id: i64,
    /// The sport it records, as Laps names it.
    sport: String,
}

/// `POST /api/v1/sync/sessions`: `{device_id, sport, wheel_circumference_mm}` → `{id}`.
#[utoipa::path(post, path = "/api/v1/sync/sessions", tag = TAG,
    request_body = SessionBody,
    responses(
        (status = 201, description = "Opened.", body = SessionOpened),
        (status = 400, description = "Not one of your devices, or an impossible wheel.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
async fn open_session(
    State(state): State<AppState>,
    caller: Authorized<CanSync>,
    Json(body): Json<SessionBody>,
) -> Result<(StatusCode, Json<SessionOpened>)> {
    if body
        .wheel_circumference_mm
        .is_some_and(|mm| !(500..=4000).contains(&mm))
    {
        return Err(ApiError::BadRequest(
            "wheel_circumference_mm must be between 500 and 4000.".into(),
        ));
    }
    let sport = formats::Sport::from_name(body.sport.as_deref().unwrap_or("generic")).name();
    let id = state
        .workouts
        .open_sync_session(
            caller.user.id,
            body.device_id,
            &sport,
            body.wheel_circumference_mm,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(SessionOpened { id, sport })))
}

/// A notification that was not stored.
#[derive(Debug, Serialize, ToSchema)]
struct MalformedNotification {
    /// Its index in the batch.
    index: usize,
    /// Why.
    error: String,
}

/// What became of a batch.
#[derive(Debug, Serialize, ToSchema)]
struct BatchAnswer {
    /// The batch's sequence number.
    seq: i64,
    /// Whether this sequence number had been received before (nothing changed).
    duplicate: bool,
    /// Notifications stored from this batch.
    notifications: usize,
    /// Notifications refused.
    malformed: usize,
    /// Each refused notification and why.
    errors: Vec<MalformedNotification>,
    /// Sequence numbers below the highest received that never arrived.
    missing: Vec<i64>,
}

/// `POST /api/v1/sync/sessions/{id}/batches`.
#[utoipa::path(post, path = "/api/v1/sync/sessions/{id}/batches", tag = TAG,
    params(("id" = i64, Path, description = "The session.")),
    request_body = BatchBody,
    responses(
        (status = 200, description = "Stored (or a resend, which changes nothing).", body = BatchAnswer),
        (status = 400, description = "The batch is refused as a whole; the text says why.", body = ErrorBody),
        (status = 404, description = "No such session of yours.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
async fn add_batch(
    State(state): State<AppState>,
    caller: Authorized<CanSync>,
    Path(id): Path<i64>,
    Json(body): Json<BatchBody>,
) -> Result<Json<BatchAnswer>> {
    let receipt = state
        .workouts
        .add_sync_batch(
            caller.user.id,
            id,
            &body,
            domain::Timestamp::now().unix_ms(),
        )
        .await?;
    Ok(Json(BatchAnswer {
        seq: body.seq,
        duplicate: !receipt.fresh,
        notifications: receipt.stored,
        malformed: receipt.malformed.len(),
        errors: receipt
            .malformed
            .into_iter()
            .map(|m| MalformedNotification {
                index: m.index,
                error: m.error,
            })
            .collect(),
        missing: receipt.missing,
    }))
}

/// A session's state.
#[derive(Debug, Serialize, ToSchema)]
struct SessionAnswer {
    /// The session.
    id: i64,
    /// Its sport.
    sport: String,
    /// Batches received.
    batches: usize,
    /// Sequence numbers below the highest received that never arrived.
    missing: Vec<i64>,
    /// Whether it was closed.
    closed: bool,
    /// The workout it became, once closed.
    workout_id: Option<i64>,
}

/// `GET /api/v1/sync/sessions/{id}`: batches received, gaps, and the workout once closed.
#[utoipa::path(get, path = "/api/v1/sync/sessions/{id}", tag = TAG,
    params(("id" = i64, Path, description = "The session.")),
    responses(
        (status = 200, description = "The session.", body = SessionAnswer),
        (status = 404, description = "No such session of yours.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
async fn session_status(
    State(state): State<AppState>,
    caller: Authorized<CanSync>,
    Path(id): Path<i64>,
) -> Result<Json<SessionAnswer>> {
    let status = state
        .workouts
        .sync_session_status(caller.user.id, id)
        .await?;
    Ok(Json(SessionAnswer {
        id,
        sport: status.session.sport,
        batches: status.batches,
        missing: status.missing,
        closed: status.session.closed_at.is_some(),
        workout_id: status.session.workout_id,
    }))
}

/// A closed session.
#[derive(Debug, Serialize, ToSchema)]
struct ClosedAnswer {
    /// Always `closed`.
    status: &'static str,
    /// The workout it became (none when the import refused it).
    workout_id: Option<i64>,
    /// The import's answer, as for an upload; absent when it had been closed before.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    result: Option<FileResult>,
}

/// `POST /api/v1/sync/sessions/{id}/close`: merges every batch by time into one workout (laps
/// where marked) and answers as an upload does. Closing twice answers the same workout.
#[utoipa::path(post, path = "/api/v1/sync/sessions/{id}/close", tag = TAG,
    params(("id" = i64, Path, description = "The session.")),
    responses(
        (status = 200, description = "Closed into a workout.", body = ClosedAnswer),
        (status = 400, description = "The session makes no workout; the text says why.", body = ErrorBody),
        (status = 404, description = "No such session of yours.", body = ErrorBody),
        (status = 503, description = "Busy with other heavy requests; see Retry-After.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
async fn close_session(
    State(state): State<AppState>,
    caller: Authorized<CanSync>,
    _heavy: Heavy,
    Path(id): Path<i64>,
) -> Result<Json<ClosedAnswer>> {
    let closed = state
        .workouts
        .close_sync_session(caller.user.id, id)
        .await?;
    Ok(Json(ClosedAnswer {
        status: "closed",
        workout_id: closed.workout_id,
        result: closed.result,
    }))
}

/// A day of activity as a wearable sends it.
#[derive(Debug, Deserialize, ToSchema)]
struct Day {
    /// The local day, `YYYY-MM-DD`.
    date: String,
    /// Steps (at most 200,000).
    steps: u32,
    /// Active calories, kcal (at most 20,000).
    #[serde(default)]
    active_calories: u32,
    /// Active time, seconds.
    #[serde(default)]
    active_seconds: u32,
    /// The hours, each once, where the wearable has them.
    #[serde(default)]
    hours: Vec<ActivityHour>,
}

/// Days of activity.
#[derive(Debug, Deserialize, ToSchema)]
struct ActivityBody {
    /// At most 400 days.
    days: Vec<Day>,
}

/// The days stored.
#[derive(Debug, Serialize, ToSchema)]
struct ActivityAnswer {
    /// How many.
    days: usize,
    /// Their ids, in the order sent.
    ids: Vec<i64>,
}

/// `POST /api/v1/sync/activity`: steps, active calories and active time per local day (and per
/// hour where sent). A day sent again replaces its figures.
#[utoipa::path(post, path = "/api/v1/sync/activity", tag = TAG,
    request_body = ActivityBody,
    responses(
        (status = 200, description = "Stored.", body = ActivityAnswer),
        (status = 400, description = "A day is impossible; the text says which.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
async fn daily_activity(
    State(state): State<AppState>,
    caller: Authorized<CanSync>,
    Json(body): Json<ActivityBody>,
) -> Result<Json<ActivityAnswer>> {
    if body.days.len() > 400 {
        return Err(ApiError::BadRequest(
            "Send at most 400 days at once.".into(),
        ));
    }
    let days = body
        .days
        .into_iter()
        .enumerate()
        .map(|(i, day)| {
            parse_day(day).map_err(|why| ApiError::BadRequest(format!("days[{i}]: {why}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let ids = state
        .workouts
        .record_activity(caller.user.id, &days)
        .await?;
    Ok(Json(ActivityAnswer {
        days: ids.len(),
        ids,
    }))
}

/// A day as the store keeps it, or why it is impossible.
fn parse_day(mut day: Day) -> std::result::Result<workouts::DailyActivity, &'static str> {
    let date = domain::Date::parse(&day.date).ok_or("date must be YYYY-MM-DD")?;
    domain::check_day(
        day.steps,
        day.active_calories,
        day.active_seconds,
        &mut day.hours,
    )?;
    Ok(workouts::DailyActivity {
        id: 0,
        day: date,
        steps: i64::from(day.steps),
        active_kcal: i64::from(day.active_calories),
        active_s: i64::from(day.active_seconds),
        hours: day.hours,
        source: String::new(),
        created_at: 0,
        updated_at: 0,
    })
}
