//! The sync API for companion apps and agents that record Bluetooth sensors: register a
//! device, open a session, send batches of raw GATT notifications, close it into a workout.
//! Needs the `sync` scope (or the signed-in browser, which is how live recording saves).
//!
//! A batch carries a sequence number: a resent batch changes nothing, gaps are reported, and
//! batches may come in any order (notifications are placed by time). Each notification has its
//! device-clock time; each batch a pair (device clock, UTC) taken when it was sent, so the
//! device's drift is corrected batch by batch. Malformed notifications are counted and named in
//! the answer, and never stored.

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use syncbatch::{BatchBody, DecodedBatch, StoredBatch, hex};
use workouts::sync::{Notification, SyncedSession};

use super::{
    ApiError, AppState,
    caller::{Authorized, CanSync},
    error::Result,
    gate::Heavy,
};

/// Routes of the sync API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/sync/devices", post(register_device))
        .route("/api/v1/sync/activity", post(daily_activity))
        .route("/api/v1/sync/sessions", post(open_session))
        .route("/api/v1/sync/sessions/{id}", get(session_status))
        .route("/api/v1/sync/sessions/{id}/batches", post(add_batch))
        .route("/api/v1/sync/sessions/{id}/close", post(close_session))
        // A batch is a few hundred KB of JSON; axum's own 2 MB default is too tight for big ones.
        .layer(axum::extract::DefaultBodyLimit::max(8 << 20))
}

#[derive(Debug, Deserialize)]
struct DeviceBody {
    name: String,
    #[serde(default)]
    maker: String,
    #[serde(default)]
    model: String,
    #[serde(default)]
    services: Vec<String>,
}

/// `POST /api/v1/sync/devices`: `{name, maker, model, services: ["180d", "1818"]}` → `{id}`.
async fn register_device(
    State(state): State<AppState>,
    caller: Authorized<CanSync>,
    Json(body): Json<DeviceBody>,
) -> Result<Response> {
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
    let id = state
        .workouts
        .db()
        .sync_device_create(caller.user.id, name, &body.maker, &body.model, &services)
        .await
        .map_err(internal)?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

#[derive(Debug, Deserialize)]
struct SessionBody {
    device_id: Option<i64>,
    #[serde(default)]
    sport: Option<String>,
    wheel_circumference_mm: Option<i64>,
}

/// `POST /api/v1/sync/sessions`: `{device_id, sport, wheel_circumference_mm}` → `{id}`.
async fn open_session(
    State(state): State<AppState>,
    caller: Authorized<CanSync>,
    Json(body): Json<SessionBody>,
) -> Result<Response> {
    let db = state.workouts.db();
    if let Some(device) = body.device_id
        && db
            .sync_device(caller.user.id, device)
            .await
            .map_err(internal)?
            .is_none()
    {
        return Err(ApiError::BadRequest(format!(
            "device_id {device} is not one of your devices."
        )));
    }
    if body
        .wheel_circumference_mm
        .is_some_and(|mm| !(500..=4000).contains(&mm))
    {
        return Err(ApiError::BadRequest(
            "wheel_circumference_mm must be between 500 and 4000.".into(),
        ));
    }
    let sport = formats::Sport::from_name(body.sport.as_deref().unwrap_or("generic")).name();
    let id = db
        .sync_session_create(
            caller.user.id,
            body.device_id,
            &sport,
            body.wheel_circumference_mm,
        )
        .await
        .map_err(internal)?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "sport": sport })),
    )
        .into_response())
}

/// `POST /api/v1/sync/sessions/{id}/batches`.
async fn add_batch(
    State(state): State<AppState>,
    caller: Authorized<CanSync>,
    Path(id): Path<i64>,
    Json(body): Json<BatchBody>,
) -> Result<Response> {
    let db = state.workouts.db();
    let session = db
        .sync_session(caller.user.id, id)
        .await
        .map_err(internal)?
        .ok_or(ApiError::NotFound)?;
    if session.closed_at.is_some() {
        return Err(ApiError::BadRequest(
            "This session is closed; open a new one.".into(),
        ));
    }
    // The body's own checks refuse the whole batch before the session's total is looked at.
    let now_ms = crate::now_ms();
    let offset = body
        .check(now_ms)
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    if let Some(why) = state
        .workouts
        .sync_refusal(id, body.notifications.len())
        .await?
    {
        return Err(ApiError::BadRequest(why));
    }
    let DecodedBatch {
        stored: batch,
        malformed,
        ..
    } = body.decode(offset, now_ms);
    let count = batch.notifications.len();
    let malformed: Vec<_> = malformed
        .into_iter()
        .map(|m| json!({ "index": m.index, "error": m.error }))
        .collect();
    let text = serde_json::to_string(&batch).map_err(|e| ApiError::Internal(e.into()))?;
    let fresh = db
        .sync_batch_insert(id, body.seq, &text, count as i64, malformed.len() as i64)
        .await
        .map_err(internal)?;
    let seqs = db.sync_batch_seqs(id).await.map_err(internal)?;
    Ok(Json(json!({
        "seq": body.seq,
        "duplicate": !fresh,
        "notifications": if fresh { count } else { 0 },
        "malformed": malformed.len(),
        "errors": malformed,
        "missing": missing(&seqs),
    }))
    .into_response())
}

/// Sequence numbers below the highest received that never arrived.
fn missing(seqs: &[i64]) -> Vec<i64> {
    let Some(&max) = seqs.last() else {
        return Vec::new();
    };
    (0..max)
        .filter(|s| seqs.binary_search(s).is_err())
        .take(1000)
        .collect()
}

/// `GET /api/v1/sync/sessions/{id}`: batches received, gaps, and the workout once closed.
async fn session_status(
    State(state): State<AppState>,
    caller: Authorized<CanSync>,
    Path(id): Path<i64>,
) -> Result<Response> {
    let db = state.workouts.db();
    let session = db
        .sync_session(caller.user.id, id)
        .await
        .map_err(internal)?
        .ok_or(ApiError::NotFound)?;
    let seqs = db.sync_batch_seqs(id).await.map_err(internal)?;
    Ok(Json(json!({
        "id": id,
        "sport": session.sport,
        "batches": seqs.len(),
        "missing": missing(&seqs),
        "closed": session.closed_at.is_some(),
        "workout_id": session.workout_id,
    }))
    .into_response())
}

/// `POST /api/v1/sync/sessions/{id}/close`: merges every batch by time into one workout (laps
/// where marked) and answers as an upload does. Closing twice answers the same workout.
async fn close_session(
    State(state): State<AppState>,
    caller: Authorized<CanSync>,
    _heavy: Heavy,
    Path(id): Path<i64>,
) -> Result<Response> {
    let db = state.workouts.db();
    let user = caller.user.id;
    let session = db
        .sync_session(user, id)
        .await
        .map_err(internal)?
        .ok_or(ApiError::NotFound)?;
    if session.closed_at.is_some() {
        return Ok(
            Json(json!({ "status": "closed", "workout_id": session.workout_id })).into_response(),
        );
    }
    let bodies = db.sync_batches(id).await.map_err(internal)?;
    let device = match session.device_id {
        Some(d) => db.sync_device(user, d).await.map_err(internal)?,
        None => None,
    };
    let mut synced = SyncedSession {
        sport: session.sport.clone(),
        device: device.map(|d| (d.maker, d.model)),
        wheel_circumference_m: session
            .wheel_mm
            .map_or(workouts::sync::DEFAULT_WHEEL_M, |mm| mm as f64 / 1000.0),
        ..SyncedSession::default()
    };
    let limits = *state.workouts.limits();
    let built = tokio::task::spawn_blocking(move || {
        // The original of the workout is the synced data itself, as Laps stored it; each
        // batch is decoded and appended in turn, so its text is not held twice.
        let mut original =
            Vec::with_capacity(bodies.iter().map(|b| b.len() + 1).sum::<usize>() + 2);
        original.push(b'[');
        for (i, body) in bodies.into_iter().enumerate() {
            let batch: StoredBatch = serde_json::from_str(&body)?;
            if i > 0 {
                original.push(b',');
            }
            original.extend_from_slice(body.as_bytes());
            synced.laps_ms.extend(batch.laps_ms);
            synced
                .notifications
                .extend(batch.notifications.into_iter().filter_map(|n| {
                    Some(Notification {
                        sensor: n.sensor,
                        characteristic: gatt::Characteristic::parse(&n.characteristic)?,
                        at_ms: n.at_ms,
                        bytes: hex(&n.value)?,
                    })
                }));
        }
        original.push(b']');
        let too_many = synced.notifications.len() as u64 > limits.max_sync_notifications;
        Ok::<_, serde_json::Error>(if too_many {
            Err(format!(
                "This session holds more than {} notifications: it cannot become one workout.",
                limits.max_sync_notifications
            ))
        } else {
            workouts::sync::build(&synced, limits.max_sync_span_ms)
                .map(|recording| (recording, original))
                .map_err(|e| e.to_string())
        })
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?
    .map_err(|e| ApiError::Internal(e.into()))?;
    let (recording, original) = built.map_err(ApiError::BadRequest)?;
    let item = workouts::Item::recording(format!("sync-session-{id}.json"), recording, original);
    let result = state.workouts.import_item(user, item).await?;
    let workout_id = match &result.outcome {
        domain::Outcome::Imported { workout_id, .. }
        | domain::Outcome::Duplicate { workout_id } => Some(workout_id.get()),
        domain::Outcome::Refused { .. } => None,
    };
    db.sync_session_close(id, workout_id)
        .await
        .map_err(internal)?;
    Ok(
        Json(json!({ "status": "closed", "workout_id": workout_id, "result": result }))
            .into_response(),
    )
}

#[derive(Debug, Deserialize, Serialize)]
struct Hour {
    hour: u8,
    #[serde(default)]
    steps: u32,
    #[serde(default)]
    active_calories: u32,
    #[serde(default)]
    active_seconds: u32,
}

#[derive(Debug, Deserialize)]
struct Day {
    date: String,
    steps: u32,
    #[serde(default)]
    active_calories: u32,
    #[serde(default)]
    active_seconds: u32,
    #[serde(default)]
    hours: Vec<Hour>,
}

#[derive(Debug, Deserialize)]
struct ActivityBody {
    days: Vec<Day>,
}

/// `POST /api/v1/sync/activity`: steps, active calories and active time per local day (and per
/// hour where sent). A day sent again replaces its figures.
async fn daily_activity(
    State(state): State<AppState>,
    caller: Authorized<CanSync>,
    Json(body): Json<ActivityBody>,
) -> Result<Response> {
    if body.days.len() > 400 {
        return Err(ApiError::BadRequest(
            "Send at most 400 days at once.".into(),
        ));
    }
    let mut stored = Vec::with_capacity(body.days.len());
    for (i, mut day) in body.days.into_iter().enumerate() {
        let bad = |why: &str| ApiError::BadRequest(format!("days[{i}]: {why}"));
        let date = domain::Date::parse(&day.date).ok_or_else(|| bad("date must be YYYY-MM-DD"))?;
        if day.steps > 200_000 || day.active_calories > 20_000 || day.active_seconds > 86_400 {
            return Err(bad(
                "impossible figures (at most 200,000 steps, 20,000 kcal, 86,400 s)",
            ));
        }
        day.hours.sort_by_key(|h| h.hour);
        if day
            .hours
            .iter()
            .any(|h| h.hour > 23 || h.active_seconds > 3600 || h.steps > day.steps)
            || day.hours.windows(2).any(|w| w[0].hour == w[1].hour)
        {
            return Err(bad(
                "hours must be 0 to 23, each once, within the day's figures",
            ));
        }
        let hours = serde_json::to_string(&day.hours).map_err(|e| ApiError::Internal(e.into()))?;
        let row = db::DailyActivity {
            id: 0,
            day: date.to_string(),
            steps: i64::from(day.steps),
            active_kcal: i64::from(day.active_calories),
            active_s: i64::from(day.active_seconds),
            hours,
            created_at: 0,
            updated_at: 0,
        };
        stored.push(
            state
                .workouts
                .db()
                .activity_upsert(caller.user.id, &row)
                .await
                .map_err(internal)?,
        );
    }
    Ok(Json(json!({ "days": stored.len(), "ids": stored })).into_response())
}

/// `GET /api/v1/openapi.json`: this API and the upload API, for companion-app authors.
async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
        .into_response()
}

fn internal(e: db::DbError) -> ApiError {
    ApiError::Internal(e.into())
}
