//! Exercises: the summary JSON (hyphenated keys in transactions, snake_case in `/v3/exercises`),
//! files (GPX, TCX, FIT, and HRM as Laps' extension), heart-rate zones and sample series.

use axum::{
    Json,
    extract::{FromRequestParts, Path, State},
    http::{HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use domain::{WorkoutId, WorkoutSummary};
use formats::OutputFormat;
use partner::{Access, Scope};
use serde::Deserialize;
use serde_json::{Value, json};
use workouts::ExportFormat;

use super::{
    Bearer, V3Error, V3Result, base, no_content, own_user, polar_user, registered, samples, time,
    transactions,
};
use crate::http::AppState;

/// AccessLink's sport names for Laps' stable ones.
fn sport_name(sport: &str) -> String {
    match sport {
        "running" => "RUNNING".into(),
        "cycling" => "CYCLING".into(),
        "swimming" => "SWIMMING".into(),
        "walking" => "WALKING".into(),
        "hiking" => "HIKING".into(),
        "" | "generic" | "other" => "OTHER".into(),
        other => other.to_ascii_uppercase().replace([' ', '-'], "_"),
    }
}

fn heart_rate(s: &WorkoutSummary) -> Value {
    json!({ "average": s.metrics.avg_hr, "maximum": s.metrics.max_hr })
}

/// `GET …/exercise-transactions/{tx}/exercises/{id}`: the summary with hyphenated keys.
pub async fn transaction_summary(
    state: &AppState,
    access: &Access,
    tx: i64,
    workout: i64,
) -> V3Result<Response> {
    let (_, mut fields) = summary_fields(state, access, workout).await?;
    fields.insert("id".into(), json!(workout));
    fields.insert("transaction_id".into(), json!(tx));
    // The transactional API spells its keys with hyphens.
    let hyphenated: serde_json::Map<String, Value> = fields
        .into_iter()
        .map(|(key, value)| (key.replace('_', "-"), value))
        .collect();
    Ok(Json(hyphenated).into_response())
}

/// The summary fields both exercise APIs share, snake_case, without the id.
async fn summary_fields(
    state: &AppState,
    access: &Access,
    workout: i64,
) -> V3Result<(WorkoutSummary, serde_json::Map<String, Value>)> {
    let s = state
        .workouts
        .summary(access.account, WorkoutId::new(workout))
        .await?;
    let uploaded = state
        .partners
        .db()
        .workout_uploaded_at(access.account, workout)
        .await?
        .unwrap_or(s.start.unix_ms());
    let fields = json!({
        "upload_time": time::iso_utc(uploaded),
        "polar_user": polar_user(state, access),
        "device": s.device.clone().unwrap_or_default(),
        "device_id": "",
        "start_time": time::iso_local(s.start.unix_ms(), s.utc_offset_min),
        "start_time_utc_offset": s.utc_offset_min,
        "duration": time::iso_duration(s.metrics.elapsed_ms),
        "calories": s.metrics.calories,
        "distance": s.metrics.distance_m,
        "heart_rate": heart_rate(&s),
        "sport": sport_name(&s.sport.name()),
        "has_route": s.has_gps,
        "detailed_sport_info": sport_name(&s.sport.name()),
    });
    let Value::Object(fields) = fields else {
        unreachable!("json! of an object literal is an object")
    };
    Ok((s, fields))
}

/// `GET …/exercises/{id}/{gpx|tcx|fit|hrm|heart-rate-zones|samples}` in a transaction.
pub async fn transaction_file(
    State(state): State<AppState>,
    access: Bearer,
    Path((user, tx, item, file)): Path<(String, String, String, String)>,
) -> V3Result<Response> {
    let access = access.with_scope(Scope::WorkoutsRead)?;
    own_user(access, &user)?;
    let workout = transactions::exercise_in(&state, access, &tx, &item).await?;
    let samples_base = format!(
        "{}/users/{user}/exercise-transactions/{tx}/exercises/{item}/samples",
        base(&state)
    );
    workout_file(&state, access, workout, &file, &samples_base).await
}

/// `GET …/exercises/{id}/samples/{type}` in a transaction.
pub async fn transaction_sample(
    State(state): State<AppState>,
    access: Bearer,
    Path((user, tx, item, sample)): Path<(String, String, String, String)>,
) -> V3Result<Response> {
    let access = access.with_scope(Scope::WorkoutsRead)?;
    own_user(access, &user)?;
    let workout = transactions::exercise_in(&state, access, &tx, &item).await?;
    let kind =
        samples::SampleType::from_key(&sample).ok_or_else(|| V3Error::not_found("sample type"))?;
    let s = state
        .workouts
        .summary(access.account, WorkoutId::new(workout))
        .await?;
    let recording = state
        .workouts
        .recording(access.account, WorkoutId::new(workout))
        .await?;
    let (rate, data) = samples::series(&recording, kind, s.sport == domain::Sport::Running)
        .ok_or_else(|| V3Error::not_found("sample series"))?;
    Ok(
        Json(
            json!({ "recording-rate": rate, "sample-type": kind.key().to_string(), "data": data }),
        )
        .into_response(),
    )
}

/// A file or a derived resource of a workout. (GPX's `includePauseTimes` needs no handling:
/// Laps' GPX keeps pauses as gaps in time either way.)
async fn workout_file(
    state: &AppState,
    access: &Access,
    workout: i64,
    file: &str,
    samples_base: &str,
) -> V3Result<Response> {
    let id = WorkoutId::new(workout);
    let s = state.workouts.summary(access.account, id).await?;
    let format = match file {
        "gpx" if !s.has_gps => return Ok(no_content()),
        "gpx" => ExportFormat::Written(OutputFormat::Gpx),
        "tcx" => ExportFormat::Written(OutputFormat::Tcx),
        // The original upload when it was FIT: byte for byte what the device wrote.
        "fit" if s.source_format.eq_ignore_ascii_case("fit") => ExportFormat::Original,
        "fit" => ExportFormat::Written(OutputFormat::Fit),
        "hrm" => ExportFormat::Written(OutputFormat::Hrm),
        "heart-rate-zones" => return zones(state, access, id).await,
        "samples" => {
            let recording = state.workouts.recording(access.account, id).await?;
            let available = samples::available(&recording, s.sport == domain::Sport::Running);
            if available.is_empty() {
                return Ok(no_content());
            }
            let urls: Vec<String> = available
                .iter()
                .map(|t| format!("{samples_base}/{}", t.key()))
                .collect();
            return Ok(Json(json!({ "samples": urls })).into_response());
        }
        _ => return Err(V3Error::not_found("resource")),
    };
    let exported = state.workouts.export(access.account, id, format).await?;
    let content_type = match file {
        "gpx" => "application/gpx+xml",
        "tcx" => "application/vnd.garmin.tcx+xml",
        "fit" => "application/octet-stream",
        _ => "text/plain; charset=utf-8",
    };
    let disposition = format!(
        "attachment; filename=\"{}\"",
        exported.file_name.replace('"', "")
    );
    let mut response = ([(header::CONTENT_TYPE, content_type)], exported.bytes).into_response();
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

async fn zones(state: &AppState, access: &Access, id: WorkoutId) -> V3Result<Response> {
    let preferences = state.partners.db().preferences(access.account).await?;
    let recording = state.workouts.recording(access.account, id).await?;
    let zones =
        workouts::analysis::zone_times(&recording, preferences.hr_zones, preferences.max_hr);
    if zones.is_empty() {
        return Ok(no_content());
    }
    let zone: Vec<Value> = zones
        .iter()
        .map(|z| {
            json!({
                "index": z.zone,
                "lower-limit": z.low,
                "upper-limit": z.high,
                "in-zone": time::iso_duration(z.ms),
            })
        })
        .collect();
    Ok(Json(json!({ "zone": zone })).into_response())
}

/// Flags of `/v3/exercises`.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    samples: Option<bool>,
    zones: Option<bool>,
    route: Option<bool>,
}

/// A malformed flag is AccessLink's 400 error object saying what is expected, not axum's
/// plain-text rejection.
impl FromRequestParts<AppState> for ListQuery {
    type Rejection = V3Error;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> V3Result<Self> {
        serde_urlencoded::from_str(parts.uri.query().unwrap_or("")).map_err(|_| {
            V3Error::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "samples, zones and route are true or false.",
            )
        })
    }
}

/// How far back `/v3/exercises` looks (AccessLink: 30 days).
const LIST_DAYS: i64 = 30;

/// `GET /v3/exercises`: workouts uploaded in the last 30 days and after registration, without
/// consuming them.
pub async fn list(
    State(state): State<AppState>,
    access: Bearer,
    q: ListQuery,
) -> V3Result<Response> {
    let access = access.with_scope(Scope::WorkoutsRead)?;
    let grant = registered(&state, access).await?;
    let since = crate::now_ms() - LIST_DAYS * 86_400_000;
    let ids = state
        .partners
        .db()
        .registered_workouts(grant.id, since)
        .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(snake_summary(&state, access, id, &q).await?);
    }
    Ok(Json(out).into_response())
}

/// `GET /v3/exercises/{id}`.
pub async fn one(
    State(state): State<AppState>,
    access: Bearer,
    Path(id): Path<String>,
    q: ListQuery,
) -> V3Result<Response> {
    let access = access.with_scope(Scope::WorkoutsRead)?;
    let workout = find(&state, access, &id).await?;
    Ok(Json(snake_summary(&state, access, workout, &q).await?).into_response())
}

/// `GET /v3/exercises/{id}/{fit|tcx|gpx|hrm}`.
pub async fn file(
    State(state): State<AppState>,
    access: Bearer,
    Path((id, file)): Path<(String, String)>,
) -> V3Result<Response> {
    let access = access.with_scope(Scope::WorkoutsRead)?;
    if !matches!(file.as_str(), "fit" | "tcx" | "gpx" | "hrm") {
        return Err(V3Error::not_found("resource"));
    }
    let workout = find(&state, access, &id).await?;
    workout_file(&state, access, workout, &file, "").await
}

/// The workout behind an opaque id, among those the partner may list.
async fn find(state: &AppState, access: &Access, opaque: &str) -> V3Result<i64> {
    let grant = registered(state, access).await?;
    let since = crate::now_ms() - LIST_DAYS * 86_400_000;
    let ids = state
        .partners
        .db()
        .registered_workouts(grant.id, since)
        .await?;
    ids.into_iter()
        .find(|&w| state.partners.exercise_id(access.partner_id, w) == opaque)
        .ok_or_else(|| V3Error::not_found("exercise"))
}

async fn snake_summary(
    state: &AppState,
    access: &Access,
    workout: i64,
    q: &ListQuery,
) -> V3Result<Value> {
    let id = WorkoutId::new(workout);
    let (s, mut fields) = summary_fields(state, access, workout).await?;
    fields.insert(
        "id".into(),
        json!(state.partners.exercise_id(access.partner_id, workout)),
    );
    let mut out = Value::Object(fields);
    let wants = |flag: Option<bool>| flag.unwrap_or(false);
    if wants(q.samples) || wants(q.zones) || wants(q.route) {
        let recording = state.workouts.recording(access.account, id).await?;
        if wants(q.zones) {
            let p = state.partners.db().preferences(access.account).await?;
            let zones: Vec<Value> = workouts::analysis::zone_times(&recording, p.hr_zones, p.max_hr)
                .iter()
                .map(|z| json!({ "index": z.zone, "lower_limit": z.low, "upper_limit": z.high, "in_zone": time::iso_duration(z.ms) }))
                .collect();
            out["heart_rate_zones"] = json!(zones);
        }
        if wants(q.samples) {
            let running = s.sport == domain::Sport::Running;
            let series: Vec<Value> = samples::available(&recording, running)
                .into_iter()
                .filter_map(|t| samples::series(&recording, t, running).map(|(rate, data)| json!({ "recording_rate": rate, "sample_type": t.key().to_string(), "data": data })))
                .collect();
            out["samples"] = json!(series);
        }
        if wants(q.route) {
            out["route"] = json!(route(&recording, s.utc_offset_min));
        }
    }
    Ok(out)
}

fn route(r: &formats::Recording, offset_min: i32) -> Vec<Value> {
    let (Some(lat), Some(lon)) = (&r.samples.latitude, &r.samples.longitude) else {
        return Vec::new();
    };
    r.samples
        .time
        .iter()
        .zip(lat.iter().zip(lon))
        .filter(|(_, (la, lo))| la.is_finite() && lo.is_finite())
        .map(|(t, (la, lo))| json!({ "latitude": la, "longitude": lo, "time": time::iso_local(t.unix_ms(), offset_min), "satellites": null, "fix": null }))
        .collect()
}
