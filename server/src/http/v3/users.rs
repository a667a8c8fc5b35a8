//! `/v3/users`: registration, user information, de-registration; and the sleep and nightly
//! recharge lists AccessLink clients read (Laps records neither, so they are empty).

use axum::{
    Json,
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use partner::Scope;
use serde_json::{Value, json};

use super::{Bearer, V3Error, V3Result, no_content, own_user, registered, time};
use crate::http::AppState;

/// `POST /v3/users` with `{"member-id": "…"}`: from now on the partner is offered this user's
/// new data. A second registration is 409.
///
/// Deviation from AccessLink: a `member-id` already used for another user is accepted (the
/// official example client sends the same one for every user of one process).
#[tracing::instrument(skip_all, fields(partner = access.0.partner_id))]
pub async fn register(
    State(state): State<AppState>,
    access: Bearer,
    body: Bytes,
) -> V3Result<Response> {
    let access = &access.0;
    let member_id = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| {
            v.get("member-id")
                .and_then(|m| m.as_str().map(str::to_owned))
        })
        .filter(|m| !m.is_empty() && m.len() <= 100)
        .ok_or_else(|| {
            V3Error::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "The body must be {\"member-id\": \"…\"} (1 to 100 characters).",
            )
        })?;
    let db = state.partners.db();
    if !db.grant_register(access.grant_id, &member_id).await? {
        return Err(V3Error::new(
            StatusCode::CONFLICT,
            "conflict",
            "This user is already registered.",
        ));
    }
    state.rate_limits.users_changed(access.partner_id);
    // The answer is AccessLink's user object; its personal fields need `profile:read`.
    let profile = access.scopes.allows(Scope::ProfileRead);
    Ok(Json(user_json(&state, access, profile).await?).into_response())
}

/// `GET /v3/users/{user-id}`.
pub async fn get(
    State(state): State<AppState>,
    access: Bearer,
    Path(user): Path<String>,
) -> V3Result<Response> {
    let access = access.with_scope(Scope::ProfileRead)?;
    own_user(access, &user)?;
    registered(&state, access).await?;
    Ok(Json(user_json(&state, access, true).await?).into_response())
}

/// `DELETE /v3/users/{user-id}`: de-registers the user and revokes everything the partner
/// holds for them (as the user's "Disconnect" does).
#[tracing::instrument(skip_all, fields(partner = access.0.partner_id))]
pub async fn deregister(
    State(state): State<AppState>,
    access: Bearer,
    Path(user): Path<String>,
) -> V3Result<Response> {
    own_user(&access.0, &user)?;
    state.partners.db().grant_delete(access.0.grant_id).await?;
    state.rate_limits.users_changed(access.0.partner_id);
    Ok(no_content())
}

/// `GET /v3/users/sleep`: Laps records no sleep.
pub async fn sleep(_: Bearer) -> Json<Value> {
    Json(json!({ "nights": [] }))
}

/// AccessLink's non-transactional day: `{start_time, end_time, active_duration, …, steps}`.
fn day_json(day: &db::DailyActivity) -> Value {
    json!({
        "start_time": format!("{}T00:00:00", day.day),
        "end_time": format!("{}T23:59:59", day.day),
        "active_duration": time::iso_duration(day.active_s.saturating_mul(1000)),
        "inactive_duration": time::iso_duration(86_400_i64.saturating_sub(day.active_s).max(0) * 1000),
        "daily_activity": (day.active_s as f64 / 864.0 * 10.0).round() / 10.0,
        "calories": day.active_kcal,
        "active_calories": day.active_kcal,
        "steps": day.steps,
        "inactivity_alert_count": 0,
        "distance_from_steps": null,
        "samples": day.hours,
    })
}

/// Most days one `/v3/users/activities` answer covers (AccessLink: 28).
const ACTIVITY_DAYS: i64 = 28;

/// The `from` and `to` of `/v3/users/activities?from=…&to=…`.
#[derive(Debug, Default, serde::Deserialize)]
struct DayRange {
    from: Option<String>,
    to: Option<String>,
}

fn bad_range(message: &str) -> V3Error {
    V3Error::new(StatusCode::BAD_REQUEST, "bad_request", message)
}

/// The days asked for: `from` to `to` (both `YYYY-MM-DD`, at most 28 days), or the last 28
/// days without them. Untrusted input: every bad value is a 400 that says what is wrong.
fn day_range(query: Option<&str>) -> V3Result<(domain::Date, domain::Date)> {
    let range: DayRange = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|_| bad_range("The query must be from=YYYY-MM-DD&to=YYYY-MM-DD."))?;
    let parse = |value: &str| {
        domain::Date::parse(value).ok_or_else(|| bad_range("Dates must be YYYY-MM-DD."))
    };
    match (range.from.as_deref(), range.to.as_deref()) {
        (None, None) => {
            let today = domain::Date::from_days(crate::now_ms().div_euclid(86_400_000));
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
                Some(span) if span >= 0 => Err(bad_range("The range may cover at most 28 days.")),
                _ => Err(bad_range("from must not be after to.")),
            }
        }
        _ => Err(bad_range("Give both from and to, or neither.")),
    }
}

/// `GET /v3/users/activities[?from=…&to=…]`: the days of activity synced after registration,
/// the last 28 by default.
pub async fn activities(
    State(state): State<AppState>,
    access: Bearer,
    RawQuery(query): RawQuery,
) -> V3Result<Response> {
    let access = access.with_scope(Scope::ActivityRead)?;
    let (from, to) = day_range(query.as_deref())?;
    let grant = registered(&state, access).await?;
    let days = state
        .partners
        .db()
        .activity_days(access.account, from, to)
        .await?;
    let registered_at = grant.registered_at.unwrap_or(i64::MAX);
    let list: Vec<Value> = days
        .iter()
        .filter(|d| d.updated_at >= registered_at)
        .map(day_json)
        .collect();
    Ok(Json(list).into_response())
}

/// `GET /v3/users/activities/{date}`: one day, or 204.
pub async fn activity_day(
    State(state): State<AppState>,
    access: Bearer,
    Path(date): Path<String>,
) -> V3Result<Response> {
    let access = access.with_scope(Scope::ActivityRead)?;
    let grant = registered(&state, access).await?;
    let Some(day) = domain::Date::parse(&date) else {
        return Err(V3Error::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "The date must be YYYY-MM-DD.",
        ));
    };
    let found = state
        .partners
        .db()
        .activity_days(access.account, day, day)
        .await?;
    match found
        .into_iter()
        .find(|d| d.updated_at >= grant.registered_at.unwrap_or(i64::MAX))
    {
        Some(d) => Ok(Json(day_json(&d)).into_response()),
        None => Ok(no_content()),
    }
}

/// `GET /v3/users/nightly-recharge`: Laps records no nightly recharge.
pub async fn recharge(_: Bearer) -> Json<Value> {
    Json(json!({ "recharges": [] }))
}

/// AccessLink's user object. The registration's own fields always; the personal ones (name,
/// heart-rate settings) only when `profile` (the token carries `profile:read`).
async fn user_json(state: &AppState, access: &partner::Access, profile: bool) -> V3Result<Value> {
    let db = state.partners.db();
    let grant = db.grant(access.grant_id).await?.ok_or_else(|| {
        V3Error::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "The grant was withdrawn.",
        )
    })?;
    let mut user = json!({
        "polar-user-id": access.partner_user_id,
        "member-id": grant.member_id,
        "registration-date": grant.registered_at.map(time::iso_utc),
    });
    if !profile {
        return Ok(user);
    }
    let name = db
        .get_credentials(access.account)
        .await
        .ok()
        .map(|c| c.user.username.to_string())
        .unwrap_or_default();
    let preferences = db.preferences(access.account).await?;
    let personal = json!({
        "first-name": name,
        "last-name": "",
        "extra-info": [],
        "maximum-heart-rate": preferences.max_hr,
        "resting-heart-rate": preferences.resting_hr,
    });
    if let (Value::Object(user), Value::Object(personal)) = (&mut user, personal) {
        user.extend(personal);
    }
    Ok(user)
}
