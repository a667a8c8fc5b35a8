//! Exercises: the summary (hyphenated keys in transactions, snake_case in `/v3/exercises`),
//! files (GPX, TCX, FIT, and HRM as Laps' extension), heart-rate zones and sample series.

use axum::{
    Json,
    extract::{FromRequestParts, State},
    http::{HeaderValue, header, request::Parts},
    response::{IntoResponse, Response},
};
use domain::{WorkoutId, WorkoutSummary, ZoneTime};
use formats::OutputFormat;
use partner::Access;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use workouts::ExportFormat;

use super::{
    auth::{Registered, base, polar_user},
    error::{ErrorBody, V3Error, V3Result, no_content},
    open,
    paths::{
        ExerciseFilePath, ExercisePath, ExerciseResource, ExerciseResourcePath, ExerciseSamplePath,
        WorkoutsReadable,
    },
    samples,
};
use crate::http::AppState;
use crate::iso8601;

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

/// Average and maximum heart rate, bpm.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeartRate {
    /// Average, bpm.
    pub average: Option<u16>,
    /// Maximum, bpm.
    pub maximum: Option<u16>,
}

/// The summary fields both exercise APIs share, spelled in `$case`: one list of fields and one
/// way to fill them, for AccessLink's two spellings.
macro_rules! exercise_summary {
    ($(#[$meta:meta])* $name:ident, $case:literal) => {
        $(#[$meta])*
        #[derive(Debug, Serialize, ToSchema)]
        #[serde(rename_all = $case)]
        pub struct $name {
            /// When the workout was uploaded, UTC.
            pub upload_time: String,
            /// The user's URL.
            pub polar_user: String,
            /// The recording device.
            pub device: String,
            /// Always empty.
            pub device_id: String,
            /// The start, local wall-clock time.
            pub start_time: String,
            /// The start's offset from UTC, minutes.
            pub start_time_utc_offset: i32,
            /// Elapsed time, ISO 8601 duration.
            pub duration: String,
            /// Calories, kcal.
            pub calories: Option<u32>,
            /// Distance, m.
            pub distance: Option<f64>,
            /// Heart rate.
            pub heart_rate: HeartRate,
            /// AccessLink's sport name (`RUNNING`, …).
            pub sport: String,
            /// Whether there is a GPS route.
            pub has_route: bool,
            /// AccessLink's detailed sport name.
            pub detailed_sport_info: String,
        }

        impl $name {
            /// The summary of `s`, uploaded at `uploaded` (unix ms), of the user at `polar_user`.
            fn of(s: &WorkoutSummary, uploaded: i64, polar_user: String) -> Self {
                Self {
                    upload_time: iso8601::iso_utc(uploaded),
                    polar_user,
                    device: s.device.clone().unwrap_or_default(),
                    device_id: String::new(),
                    start_time: iso8601::iso_local(s.start.unix_ms(), s.utc_offset_min),
                    start_time_utc_offset: s.utc_offset_min,
                    duration: iso8601::iso_duration(s.metrics.elapsed_ms),
                    calories: s.metrics.calories,
                    distance: s.metrics.distance_m,
                    heart_rate: HeartRate {
                        average: s.metrics.avg_hr,
                        maximum: s.metrics.max_hr,
                    },
                    sport: sport_name(&s.sport.name()),
                    has_route: s.has_gps,
                    detailed_sport_info: sport_name(&s.sport.name()),
                }
            }
        }
    };
}

exercise_summary!(
    /// An exercise's summary as `/v3/exercises` spells it (snake_case).
    ExerciseSummary,
    "snake_case"
);
exercise_summary!(
    /// An exercise's summary as transactions spell it (hyphenated).
    HyphenatedSummary,
    "kebab-case"
);

/// An exercise of a transaction.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransactionExercise {
    /// The item's id in the transaction.
    pub id: i64,
    /// The transaction's id.
    #[serde(rename = "transaction-id")]
    pub transaction_id: i64,
    /// The summary.
    #[serde(flatten)]
    pub summary: HyphenatedSummary,
}

/// The workout's summary and when it was uploaded.
async fn summary_of(
    state: &AppState,
    access: &Access,
    workout: i64,
) -> V3Result<(WorkoutSummary, i64)> {
    let s = state
        .workouts
        .summary(access.account, WorkoutId::new(workout))
        .await?;
    let uploaded = state
        .partners
        .uploaded_at(access.account, workout)
        .await?
        .unwrap_or(s.start.unix_ms());
    Ok((s, uploaded))
}

/// `GET …/exercise-transactions/{tx}/exercises/{id}`: the summary with hyphenated keys.
pub async fn transaction_summary(
    state: &AppState,
    access: &Access,
    tx: i64,
    workout: i64,
) -> V3Result<TransactionExercise> {
    let (s, uploaded) = summary_of(state, access, workout).await?;
    Ok(TransactionExercise {
        id: workout,
        transaction_id: tx,
        summary: HyphenatedSummary::of(&s, uploaded, polar_user(state, access)),
    })
}

/// Time in one heart-rate zone, as transactions spell it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub struct Zone {
    /// Zone number, 1 to 5.
    pub index: u8,
    /// Lowest heart rate of the zone, bpm.
    pub lower_limit: u16,
    /// Where the next zone begins, bpm.
    pub upper_limit: u16,
    /// Time in the zone, ISO 8601 duration.
    pub in_zone: String,
}

/// A transaction exercise's heart-rate zones.
#[derive(Debug, Serialize, ToSchema)]
pub struct Zones {
    /// The zones.
    pub zone: Vec<Zone>,
}

/// Time in one heart-rate zone, as `/v3/exercises` spells it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseZone {
    /// Zone number, 1 to 5.
    pub index: u8,
    /// Lowest heart rate of the zone, bpm.
    pub lower_limit: u16,
    /// Where the next zone begins, bpm.
    pub upper_limit: u16,
    /// Time in the zone, ISO 8601 duration.
    pub in_zone: String,
}

/// One sample series, as transactions spell it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub struct Samples {
    /// Seconds between values (0 for RR intervals).
    pub recording_rate: i64,
    /// AccessLink's sample-type key.
    pub sample_type: String,
    /// The values, comma-separated, empty where there is none.
    pub data: String,
}

/// One sample series, as `/v3/exercises` spells it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExerciseSamples {
    /// Seconds between values (0 for RR intervals).
    pub recording_rate: i64,
    /// AccessLink's sample-type key.
    pub sample_type: String,
    /// The values, comma-separated, empty where there is none.
    pub data: String,
}

/// The URLs of an exercise's sample series.
#[derive(Debug, Serialize, ToSchema)]
pub struct SampleLinks {
    /// One URL per series.
    pub samples: Vec<String>,
}

/// The workout's time in each heart-rate zone (the user's zones).
async fn zone_times(
    state: &AppState,
    access: &Access,
    recording: &formats::Recording,
) -> V3Result<Vec<ZoneTime>> {
    let preferences = state.partners.preferences(access.account).await?;
    Ok(workouts::analysis::zone_times(
        recording,
        preferences.hr_zones,
        preferences.max_hr,
    ))
}

/// `GET …/exercises/{item}/{gpx|tcx|fit|hrm|heart-rate-zones|samples}` in a transaction.
#[utoipa::path(
    get,
    operation_id = "exercises_transaction_file",
    path = "/v3/users/{user}/exercise-transactions/{tx}/exercises/{item}/{resource}",
    tag = "exercises",
    params(ExerciseResourcePath),
    responses(
        (status = 200, description = "The file (GPX, TCX, FIT or HRM), the zones (`Zones`) or the sample URLs (`SampleLinks`)", content(
            ("application/gpx+xml"),
            ("application/vnd.garmin.tcx+xml"),
            ("application/octet-stream"),
            ("text/plain"),
            (Zones = "application/json"),
        )),
        (status = 204, description = "No route, zones or samples"),
        (status = 404, description = "No such item in an open transaction", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn transaction_file(
    State(state): State<AppState>,
    request: Registered<ExerciseResourcePath>,
) -> V3Result<Response> {
    let ExerciseResourcePath {
        tx, item, resource, ..
    } = request.path;
    let access = &request.access;
    let workout = open::item(&state, access, db::DataKind::Exercise, tx, item).await?;
    let samples_base = format!(
        "{}/users/{}/exercise-transactions/{}/exercises/{workout}/samples",
        base(&state),
        access.partner_user_id,
        tx.get().unwrap_or_default(),
    );
    workout_file(&state, access, workout, resource, &samples_base).await
}

/// `GET …/exercises/{item}/samples/{sample}` in a transaction.
#[utoipa::path(
    get,
    operation_id = "exercises_transaction_sample",
    path = "/v3/users/{user}/exercise-transactions/{tx}/exercises/{item}/samples/{sample}",
    tag = "exercises",
    params(ExerciseSamplePath),
    responses(
        (status = 200, description = "The series", body = Samples),
        (status = 404, description = "No such item or series", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn transaction_sample(
    State(state): State<AppState>,
    request: Registered<ExerciseSamplePath>,
) -> V3Result<Json<Samples>> {
    let ExerciseSamplePath {
        tx, item, sample, ..
    } = request.path;
    let access = &request.access;
    let workout = open::item(&state, access, db::DataKind::Exercise, tx, item).await?;
    let kind = sample.or_not_found("sample type")?;
    let id = WorkoutId::new(workout);
    let s = state.workouts.summary(access.account, id).await?;
    let recording = state.workouts.recording(access.account, id).await?;
    let (rate, data) = samples::series(&recording, kind, s.sport == domain::Sport::Running)
        .ok_or_else(|| V3Error::not_found("sample series"))?;
    Ok(Json(Samples {
        recording_rate: rate,
        sample_type: kind.key().to_string(),
        data,
    }))
}

/// A file or a derived resource of a workout. (GPX's `includePauseTimes` needs no handling:
/// Laps' GPX keeps pauses as gaps in time either way.)
async fn workout_file(
    state: &AppState,
    access: &Access,
    workout: i64,
    resource: ExerciseResource,
    samples_base: &str,
) -> V3Result<Response> {
    let id = WorkoutId::new(workout);
    let s = state.workouts.summary(access.account, id).await?;
    let (format, content_type) = match resource {
        ExerciseResource::Gpx if !s.has_gps => return Ok(no_content()),
        ExerciseResource::Gpx => (
            ExportFormat::Written(OutputFormat::Gpx),
            "application/gpx+xml",
        ),
        ExerciseResource::Tcx => (
            ExportFormat::Written(OutputFormat::Tcx),
            "application/vnd.garmin.tcx+xml",
        ),
        // The original upload when it was FIT: byte for byte what the device wrote.
        ExerciseResource::Fit if s.source_format.eq_ignore_ascii_case("fit") => {
            (ExportFormat::Original, "application/octet-stream")
        }
        ExerciseResource::Fit => (
            ExportFormat::Written(OutputFormat::Fit),
            "application/octet-stream",
        ),
        ExerciseResource::Hrm => (
            ExportFormat::Written(OutputFormat::Hrm),
            "text/plain; charset=utf-8",
        ),
        ExerciseResource::HeartRateZones => {
            let recording = state.workouts.recording(access.account, id).await?;
            let zones = zone_times(state, access, &recording).await?;
            if zones.is_empty() {
                return Ok(no_content());
            }
            let zone = zones
                .iter()
                .map(|z| Zone {
                    index: z.zone,
                    lower_limit: z.low,
                    upper_limit: z.high,
                    in_zone: iso8601::iso_duration(z.ms),
                })
                .collect();
            return Ok(Json(Zones { zone }).into_response());
        }
        ExerciseResource::Samples => {
            let recording = state.workouts.recording(access.account, id).await?;
            let available = samples::available(&recording, s.sport == domain::Sport::Running);
            if available.is_empty() {
                return Ok(no_content());
            }
            let samples = available
                .iter()
                .map(|t| format!("{samples_base}/{}", t.key()))
                .collect();
            return Ok(Json(SampleLinks { samples }).into_response());
        }
    };
    let exported = state.workouts.export(access.account, id, format).await?;
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

/// Flags of `/v3/exercises`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Include the sample series.
    samples: Option<bool>,
    /// Include the time in each heart-rate zone.
    zones: Option<bool>,
    /// Include the route.
    route: Option<bool>,
}

/// A malformed flag is AccessLink's 400 error object saying what is expected, not axum's
/// plain-text rejection.
impl FromRequestParts<AppState> for ListQuery {
    type Rejection = V3Error;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> V3Result<Self> {
        serde_urlencoded::from_str(parts.uri.query().unwrap_or(""))
            .map_err(|_| V3Error::bad_request("samples, zones and route are true or false."))
    }
}

/// How far back `/v3/exercises` looks (AccessLink: 30 days).
const LIST_DAYS: i64 = 30;

/// The earliest upload `/v3/exercises` lists (unix ms).
fn list_since() -> i64 {
    domain::Timestamp::now().unix_ms() - LIST_DAYS * 86_400_000
}

/// One point of a route.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoutePoint {
    /// Latitude, degrees.
    pub latitude: f64,
    /// Longitude, degrees.
    pub longitude: f64,
    /// Local wall-clock time.
    pub time: String,
    /// Always null.
    pub satellites: Option<u8>,
    /// Always null.
    pub fix: Option<u8>,
}

/// An exercise of `/v3/exercises`, with what its flags asked for.
#[derive(Debug, Serialize, ToSchema)]
pub struct Exercise {
    /// The opaque id.
    pub id: String,
    /// The summary.
    #[serde(flatten)]
    pub summary: ExerciseSummary,
    /// With `zones=true`: the time in each heart-rate zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heart_rate_zones: Option<Vec<ExerciseZone>>,
    /// With `samples=true`: the sample series.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<Vec<ExerciseSamples>>,
    /// With `route=true`: the route.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<Vec<RoutePoint>>,
}

/// `GET /v3/exercises`: workouts uploaded in the last 30 days and after registration, without
/// consuming them.
#[utoipa::path(
    get,
    operation_id = "exercises_list",
    path = "/v3/exercises",
    tag = "exercises",
    params(ListQuery),
    responses(
        (status = 200, description = "The exercises", body = [Exercise]),
        (status = 400, description = "A malformed flag", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    request: Registered<WorkoutsReadable>,
    q: ListQuery,
) -> V3Result<Json<Vec<Exercise>>> {
    let ids = state
        .partners
        .registered_workouts(request.grant.id, list_since())
        .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(exercise(&state, &request.access, id, &q).await?);
    }
    Ok(Json(out))
}

/// `GET /v3/exercises/{id}`.
#[utoipa::path(
    get,
    operation_id = "exercises_one",
    path = "/v3/exercises/{id}",
    tag = "exercises",
    params(ExercisePath, ListQuery),
    responses(
        (status = 200, description = "The exercise", body = Exercise),
        (status = 404, description = "No such exercise", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn one(
    State(state): State<AppState>,
    request: Registered<ExercisePath>,
    q: ListQuery,
) -> V3Result<Json<Exercise>> {
    let workout = find(&state, &request.grant, &request.path.id).await?;
    Ok(Json(exercise(&state, &request.access, workout, &q).await?))
}

/// `GET /v3/exercises/{id}/{fit|tcx|gpx|hrm}`.
#[utoipa::path(
    get,
    operation_id = "exercises_file",
    path = "/v3/exercises/{id}/{file}",
    tag = "exercises",
    params(ExerciseFilePath),
    responses(
        (status = 200, description = "The file", content(
            ("application/gpx+xml"),
            ("application/vnd.garmin.tcx+xml"),
            ("application/octet-stream"),
            ("text/plain"),
        )),
        (status = 204, description = "No route (GPX)"),
        (status = 404, description = "No such exercise", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn file(
    State(state): State<AppState>,
    request: Registered<ExerciseFilePath>,
) -> V3Result<Response> {
    let workout = find(&state, &request.grant, &request.path.id).await?;
    workout_file(
        &state,
        &request.access,
        workout,
        request.path.file.into(),
        "",
    )
    .await
}

/// The workout behind an opaque id, among those the partner may list.
async fn find(state: &AppState, grant: &db::Grant, opaque: &str) -> V3Result<i64> {
    state
        .partners
        .registered_workout(grant, list_since(), opaque)
        .await?
        .ok_or_else(|| V3Error::not_found("exercise"))
}

/// An exercise of `/v3/exercises`, with what the flags ask for.
async fn exercise(
    state: &AppState,
    access: &Access,
    workout: i64,
    q: &ListQuery,
) -> V3Result<Exercise> {
    let (s, uploaded) = summary_of(state, access, workout).await?;
    let mut out = Exercise {
        id: state.partners.exercise_id(access.partner_id, workout),
        summary: ExerciseSummary::of(&s, uploaded, polar_user(state, access)),
        heart_rate_zones: None,
        samples: None,
        route: None,
    };
    let wants = |flag: Option<bool>| flag.unwrap_or(false);
    if !(wants(q.samples) || wants(q.zones) || wants(q.route)) {
        return Ok(out);
    }
    let recording = state
        .workouts
        .recording(access.account, WorkoutId::new(workout))
        .await?;
    if wants(q.zones) {
        let zones = zone_times(state, access, &recording).await?;
        out.heart_rate_zones = Some(
            zones
                .iter()
                .map(|z| ExerciseZone {
                    index: z.zone,
                    lower_limit: z.low,
                    upper_limit: z.high,
                    in_zone: iso8601::iso_duration(z.ms),
                })
                .collect(),
        );
    }
    if wants(q.samples) {
        let running = s.sport == domain::Sport::Running;
        out.samples = Some(
            samples::available(&recording, running)
                .into_iter()
                .filter_map(|t| {
                    samples::series(&recording, t, running).map(|(rate, data)| ExerciseSamples {
                        recording_rate: rate,
                        sample_type: t.key().to_string(),
                        data,
                    })
                })
                .collect(),
        );
    }
    if wants(q.route) {
        out.route = Some(route(&recording, s.utc_offset_min));
    }
    Ok(out)
}

fn route(r: &formats::Recording, offset_min: i32) -> Vec<RoutePoint> {
    let (Some(lat), Some(lon)) = (&r.samples.latitude, &r.samples.longitude) else {
        return Vec::new();
    };
    r.samples
        .time
        .iter()
        .zip(lat.iter().zip(lon))
        .filter(|(_, (la, lo))| la.is_finite() && lo.is_finite())
        .map(|(t, (&latitude, &longitude))| RoutePoint {
            latitude,
            longitude,
            time: iso8601::iso_local(t.unix_ms(), offset_min),
            satellites: None,
            fix: None,
        })
        .collect()
}
