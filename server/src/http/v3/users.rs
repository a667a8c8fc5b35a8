//! `/v3/users`: registration, user information, de-registration; the user's daily activity;
//! and the sleep and nightly recharge lists AccessLink clients read (Laps records neither, so
//! they are empty).

use axum::{
    Json,
    body::Bytes,
    extract::{RawQuery, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use partner::{Access, Scope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    auth::{Authorized, Bearer, Registered},
    error::{ErrorBody, V3Error, V3Result, no_content},
    paths::{ActivityDayPath, ActivityReadable, Deregistration, UserPath},
};
use crate::http::AppState;
use crate::iso8601;

/// The body of `POST /v3/users`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Registration {
    /// The partner's own id for the user (1 to 100 characters).
    #[serde(rename = "member-id")]
    pub member_id: String,
}

/// AccessLink's user object. The personal fields are there only when the token carries
/// `profile:read`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub struct User {
    /// The user's id for this partner.
    pub polar_user_id: i64,
    /// The partner's id for the user, given at registration.
    pub member_id: Option<String>,
    /// When the partner registered the user, UTC.
    pub registration_date: Option<String>,
    /// The personal fields.
    #[serde(flatten)]
    pub profile: Option<Profile>,
}

/// The personal fields of AccessLink's user object.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub struct Profile {
    /// The user's name in Laps (their username).
    pub first_name: String,
    /// Always empty: Laps has one name.
    pub last_name: String,
    /// Always empty.
    pub extra_info: Vec<String>,
    /// Maximum heart rate, bpm.
    pub maximum_heart_rate: u16,
    /// Resting heart rate, bpm.
    pub resting_heart_rate: u16,
}

/// `POST /v3/users` with `{"member-id": "…"}`: from now on the partner is offered this user's
/// new data. A second registration is 409.
///
/// Deviation from AccessLink: a `member-id` already used for another user is accepted (the
/// official example client sends the same one for every user of one process).
#[utoipa::path(
    post,
    operation_id = "users_register",
    path = "/v3/users",
    tag = "users",
    request_body(content = Registration, content_type = "application/json"),
    responses(
        (status = 200, description = "Registered", body = User),
        (status = 400, description = "No usable member-id", body = ErrorBody),
        (status = 409, description = "Already registered", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(partner = access.0.partner_id))]
pub async fn register(
    State(state): State<AppState>,
    access: Bearer,
    body: Bytes,
) -> V3Result<Json<User>> {
    let access = &access.0;
    let member_id = serde_json::from_slice::<Registration>(&body)
        .ok()
        .map(|r| r.member_id)
        .filter(|m| !m.is_empty() && m.len() <= 100)
        .ok_or_else(|| {
            V3Error::bad_request("The body must be {\"member-id\": \"…\"} (1 to 100 characters).")
        })?;
    if !state
        .partners
        .register_user(access.grant_id, &member_id)
        .await?
    {
        return Err(V3Error::conflict("This user is already registered."));
    }
    state.rate_limits.users_changed(access.partner_id);
    // The answer is AccessLink's user object; its personal fields need `profile:read`.
    let profile = access.scopes.allows(Scope::ProfileRead);
    Ok(Json(user(&state, access, profile).await?))
}

/// `GET /v3/users/{user}`.
#[utoipa::path(
    get,
    operation_id = "users_get",
    path = "/v3/users/{user}",
    tag = "users",
    params(UserPath),
    responses((status = 200, description = "The user", body = User)),
    security(("bearer" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    request: Registered<UserPath>,
) -> V3Result<Json<User>> {
    Ok(Json(user(&state, &request.access, true).await?))
}

/// `DELETE /v3/users/{user}`: de-registers the user and revokes everything the partner holds
/// for them (as the user's "Disconnect" does).
#[utoipa::path(
    delete,
    operation_id = "users_deregister",
    path = "/v3/users/{user}",
    tag = "users",
    params(UserPath),
    responses((status = 204, description = "De-registered; the token is revoked")),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(partner = request.access.partner_id))]
pub async fn deregister(
    State(state): State<AppState>,
    request: Authorized<Deregistration>,
) -> V3Result<Response> {
    state
        .partners
        .deregister_user(request.access.grant_id)
        .await?;
    state.rate_limits.users_changed(request.access.partner_id);
    Ok(no_content())
}

/// `{"nights": []}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Nights {
    /// Always empty.
    pub nights: Vec<serde_json::Value>,
}

/// `GET /v3/users/sleep`: Laps records no sleep.
#[utoipa::path(
    get,
    operation_id = "users_sleep",
    path = "/v3/users/sleep",
    tag = "users",
    responses((status = 200, description = "No nights", body = Nights)),
    security(("bearer" = []))
)]
pub async fn sleep(_: Bearer) -> Json<Nights> {
    Json(Nights { nights: Vec::new() })
}

/// `{"recharges": []}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Recharges {
    /// Always empty.
    pub recharges: Vec<serde_json::Value>,
}

/// `GET /v3/users/nightly-recharge`: Laps records no nightly recharge.
#[utoipa::path(
    get,
    operation_id = "users_recharge",
    path = "/v3/users/nightly-recharge",
    tag = "users",
    responses((status = 200, description = "No recharges", body = Recharges)),
    security(("bearer" = []))
)]
pub async fn recharge(_: Bearer) -> Json<Recharges> {
    Json(Recharges {
        recharges: Vec::new(),
    })
}

/// AccessLink's non-transactional day of activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityDay {
    /// The day's start, local (`2024-05-01T00:00:00`).
    pub start_time: String,
    /// The day's end, local.
    pub end_time: String,
    /// Active time, ISO 8601 duration.
    pub active_duration: String,
    /// The rest of the day, ISO 8601 duration.
    pub inactive_duration: String,
    /// The active share of the day, percent, one decimal.
    pub daily_activity: f64,
    /// Calories, kcal.
    pub calories: i64,
    /// Active calories, kcal.
    pub active_calories: i64,
    /// Steps.
    pub steps: i64,
    /// Always 0.
    pub inactivity_alert_count: i64,
    /// Always null.
    pub distance_from_steps: Option<f64>,
    /// The hourly figures as synced.
    pub samples: Vec<domain::ActivityHour>,
}

impl From<&db::DailyActivity> for ActivityDay {
    fn from(day: &db::DailyActivity) -> Self {
        Self {
            start_time: format!("{}T00:00:00", day.day),
            end_time: format!("{}T23:59:59", day.day),
            active_duration: iso8601::iso_duration(day.active_s.saturating_mul(1000)),
            inactive_duration: iso8601::iso_duration(
                86_400_i64.saturating_sub(day.active_s).max(0) * 1000,
            ),
            daily_activity: (day.active_s as f64 / 864.0 * 10.0).round() / 10.0,
            calories: day.active_kcal,
            active_calories: day.active_kcal,
            steps: day.steps,
            inactivity_alert_count: 0,
            distance_from_steps: None,
            samples: day.hours.clone(),
        }
    }
}

/// Most days one `/v3/users/activities` answer covers (AccessLink: 28).
const ACTIVITY_DAYS: i64 = 28;

/// The `from` and `to` of `/v3/users/activities?from=…&to=…`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayRange {
    /// The first day, `YYYY-MM-DD` (with `to`).
    from: Option<String>,
    /// The last day, `YYYY-MM-DD`, at most 27 days after `from`.
    to: Option<String>,
}

/// The days asked for: `from` to `to` (both `YYYY-MM-DD`, at most 28 days), or the last 28
/// days without them. Untrusted input: every bad value is a 400 that says what is wrong.
fn day_range(query: Option<&str>) -> V3Result<(domain::Date, domain::Date)> {
    let range: DayRange = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|_| V3Error::bad_request("The query must be from=YYYY-MM-DD&to=YYYY-MM-DD."))?;
    let parse = |value: &str| {
        domain::Date::parse(value).ok_or_else(|| V3Error::bad_request("Dates must be YYYY-MM-DD."))
    };
    match (range.from.as_deref(), range.to.as_deref()) {
        (None, None) => {
            let today =
                domain::Date::from_days(domain::Timestamp::now().unix_ms().div_euclid(86_400_000));
            // Through tomorrow: the user's own day may already have begun east of UTC.
            Ok((
                domain::Date::from_days(today.days() - (ACTIVITY_DAYS - 1)),
                domain::Date::from_days(today.days() + 1),
            ))
        }
        (Some(from), Some(to)) => {
            let (from, to) = (parse(from)?, parse(to)?);
            match to.days().checked_sub(from.days()) {
                Some(span) if (0..ACTIVITY_DAYS).contains(&span) => Ok((from, to)),
                Some(span) if span >= 0 => {
                    Err(V3Error::bad_request("The range may cover at most 28 days."))
                }
                _ => Err(V3Error::bad_request("from must not be after to.")),
            }
        }
        _ => Err(V3Error::bad_request("Give both from and to, or neither.")),
    }
}

/// `GET /v3/users/activities[?from=…&to=…]`: the days of activity synced after registration,
/// the last 28 by default.
#[utoipa::path(
    get,
    operation_id = "users_activities",
    path = "/v3/users/activities",
    tag = "users",
    params(DayRange),
    responses(
        (status = 200, description = "The days", body = [ActivityDay]),
        (status = 400, description = "A bad range", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn activities(
    State(state): State<AppState>,
    request: Registered<ActivityReadable>,
    RawQuery(query): RawQuery,
) -> V3Result<Json<Vec<ActivityDay>>> {
    let (from, to) = day_range(query.as_deref())?;
    let days = state
        .partners
        .activity_since_registration(&request.grant, from, to)
        .await?;
    Ok(Json(days.iter().map(ActivityDay::from).collect()))
}

/// `GET /v3/users/activities/{date}`: one day, or 204.
#[utoipa::path(
    get,
    operation_id = "users_activity_day",
    path = "/v3/users/activities/{date}",
    tag = "users",
    params(ActivityDayPath),
    responses(
        (status = 200, description = "The day", body = ActivityDay),
        (status = 204, description = "No activity that day"),
        (status = 400, description = "Not a date", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn activity_day(
    State(state): State<AppState>,
    request: Registered<ActivityDayPath>,
) -> V3Result<Response> {
    let day = request
        .path
        .date
        .get()
        .ok_or_else(|| V3Error::bad_request("The date must be YYYY-MM-DD."))?;
    let found = state
        .partners
        .activity_since_registration(&request.grant, day, day)
        .await?;
    Ok(match found.first() {
        Some(d) => Json(ActivityDay::from(d)).into_response(),
        None => no_content(),
    })
}

/// AccessLink's user object. The registration's own fields always; the personal ones (name,
/// heart-rate settings) only when `profile` (the token carries `profile:read`).
async fn user(state: &AppState, access: &Access, profile: bool) -> V3Result<User> {
    let grant = state
        .partners
        .grant(access.grant_id)
        .await?
        .ok_or_else(|| {
            V3Error::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "The grant was withdrawn.",
            )
        })?;
    let profile = if profile {
        let preferences = state.partners.preferences(access.account).await?;
        Some(Profile {
            first_name: state
                .partners
                .username(access.account)
                .await
                .unwrap_or_default(),
            last_name: String::new(),
            extra_info: Vec::new(),
            maximum_heart_rate: preferences.max_hr,
            resting_heart_rate: preferences.resting_hr,
        })
    } else {
        None
    };
    Ok(User {
        polar_user_id: access.partner_user_id,
        member_id: grant.member_id,
        registration_date: grant.registered_at.map(iso8601::iso_utc),
        profile,
    })
}
