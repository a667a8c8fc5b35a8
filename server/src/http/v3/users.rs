//! `/v3/users`: registration, user information, de-registration; and the sleep and nightly
//! recharge lists AccessLink clients read (Laps records neither, so they are empty).

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
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
    Ok(Json(user_json(&state, access).await?).into_response())
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
    Ok(Json(user_json(&state, access).await?).into_response())
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

/// `GET /v3/users/activities`: daily activity of the last 28 days. Laps records none yet.
pub async fn activities(_: Bearer) -> Json<Value> {
    Json(json!([]))
}

/// `GET /v3/users/nightly-recharge`: Laps records no nightly recharge.
pub async fn recharge(_: Bearer) -> Json<Value> {
    Json(json!({ "recharges": [] }))
}

async fn user_json(state: &AppState, access: &partner::Access) -> V3Result<Value> {
    let db = state.partners.db();
    let grant = db.grant(access.grant_id).await?.ok_or_else(|| {
        V3Error::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "The grant was withdrawn.",
        )
    })?;
    let user = db
        .get_credentials(access.account)
        .await
        .ok()
        .map(|c| c.user);
    let preferences = db.preferences(access.account).await?;
    Ok(json!({
        "polar-user-id": access.partner_user_id,
        "member-id": grant.member_id,
        "registration-date": grant.registered_at.map(time::iso_utc),
        "first-name": user.map(|u| u.username.to_string()).unwrap_or_default(),
        "last-name": "",
        "extra-info": [],
        "maximum-heart-rate": preferences.max_hr,
        "resting-heart-rate": preferences.resting_hr,
    }))
}
