//! The transaction model: pull notifications, then create → list → get items → commit, for
//! exercises, daily activity and physical information.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use db::DataKind;
use partner::Scope;
use serde_json::json;

use super::{
    Bearer, Client, V3Error, V3Result, base, exercises, no_content, own_user, polar_user,
    registered,
};
use crate::http::AppState;

/// How a kind appears in paths and bodies.
struct Names {
    kind: DataKind,
    /// `…/{collection}/{tx}`.
    collection: &'static str,
    /// `…/{tx}/{items}/{id}`.
    items: &'static str,
    /// The list's key.
    list_key: &'static str,
    /// Pull notifications' `data-type`.
    data_type: &'static str,
}

const KINDS: [Names; 3] = [
    Names {
        kind: DataKind::Exercise,
        collection: "exercise-transactions",
        items: "exercises",
        list_key: "exercises",
        data_type: "EXERCISE",
    },
    Names {
        kind: DataKind::Activity,
        collection: "activity-transactions",
        items: "activities",
        list_key: "activity-log",
        data_type: "ACTIVITY_SUMMARY",
    },
    Names {
        kind: DataKind::Physical,
        collection: "physical-information-transactions",
        items: "physical-informations",
        list_key: "physical-informations",
        data_type: "PHYSICAL_INFORMATION",
    },
];

fn names(collection: &str) -> V3Result<&'static Names> {
    KINDS
        .iter()
        .find(|n| n.collection == collection)
        .ok_or_else(|| V3Error::not_found("resource"))
}

fn names_of(kind: DataKind) -> &'static Names {
    KINDS.iter().find(|n| n.kind == kind).unwrap_or(&KINDS[0])
}

fn transaction_id(tx: &str) -> V3Result<i64> {
    tx.parse().map_err(|_| V3Error::not_found("transaction"))
}

/// `GET /v3/notifications` (client credentials): which registered users have new data that
/// their grant lets the partner read.
pub async fn notifications(
    State(state): State<AppState>,
    Client(partner): Client,
) -> V3Result<Response> {
    let pending = state.partners.pending_notifications(partner.id).await?;
    if pending.is_empty() {
        return Ok(no_content());
    }
    let base = base(&state);
    let data: Vec<_> = pending
        .iter()
        .map(|p| {
            let names = names_of(p.kind);
            json!({
                "user-id": p.partner_user_id,
                "data-type": names.data_type,
                "url": format!("{base}/users/{}/{}", p.partner_user_id, names.collection),
            })
        })
        .collect();
    Ok(Json(json!({ "available-user-data": data })).into_response())
}

/// `POST /v3/users/{user}/{kind}-transactions`: 201 with the transaction's location, or 204
/// when nothing is new. The body and its content type are ignored.
#[tracing::instrument(skip_all, fields(partner = access.0.partner_id, kind = %collection))]
pub async fn create(
    State(state): State<AppState>,
    access: Bearer,
    Path((user, collection)): Path<(String, String)>,
) -> V3Result<Response> {
    let names = names(&collection)?;
    let access = access.with_scope(Scope::to_read(names.kind))?;
    own_user(access, &user)?;
    registered(&state, access).await?;
    let ttl_ms =
        i64::try_from(state.config.partner_transaction_ttl.as_millis()).unwrap_or(i64::MAX);
    let Some((id, _)) = state
        .partners
        .db()
        .transaction_open(access.grant_id, names.kind, ttl_ms)
        .await?
    else {
        return Ok(no_content());
    };
    let uri = format!("{}/users/{user}/{}/{id}", base(&state), names.collection);
    Ok((
        StatusCode::CREATED,
        Json(json!({ "transaction-id": id, "resource-uri": uri })),
    )
        .into_response())
}

/// `GET …/{kind}-transactions/{tx}`: the items' absolute URLs.
pub async fn list(
    State(state): State<AppState>,
    access: Bearer,
    Path((user, collection, tx)): Path<(String, String, String)>,
) -> V3Result<Response> {
    let names = names(&collection)?;
    let access = access.with_scope(Scope::to_read(names.kind))?;
    own_user(access, &user)?;
    let items = open_items(&state, access, names, &tx).await?;
    let prefix = format!(
        "{}/users/{user}/{}/{tx}/{}",
        base(&state),
        names.collection,
        names.items
    );
    let urls: Vec<String> = items.iter().map(|id| format!("{prefix}/{id}")).collect();
    Ok(Json(json!({ names.list_key: urls })).into_response())
}

/// `PUT …/{kind}-transactions/{tx}`: commit; the items are never offered again.
#[tracing::instrument(skip_all, fields(partner = access.0.partner_id, kind = %collection))]
pub async fn commit(
    State(state): State<AppState>,
    access: Bearer,
    Path((user, collection, tx)): Path<(String, String, String)>,
) -> V3Result<Response> {
    let names = names(&collection)?;
    let access = access.with_scope(Scope::to_read(names.kind))?;
    own_user(access, &user)?;
    registered(&state, access).await?;
    if state
        .partners
        .db()
        .transaction_commit(access.grant_id, names.kind, transaction_id(&tx)?)
        .await?
    {
        Ok(StatusCode::OK.into_response())
    } else {
        Err(V3Error::not_found("transaction"))
    }
}

/// `GET …/{kind}-transactions/{tx}/{items}/{id}`: one item of an open transaction.
pub async fn item(
    State(state): State<AppState>,
    access: Bearer,
    Path((user, collection, tx, items, item)): Path<(String, String, String, String, String)>,
) -> V3Result<Response> {
    let names = names(&collection)?;
    if names.items != items {
        return Err(V3Error::not_found("resource"));
    }
    let access = access.with_scope(Scope::to_read(names.kind))?;
    own_user(access, &user)?;
    let id = item_in(&state, access, names, &tx, &item).await?;
    let tx = transaction_id(&tx)?;
    match names.kind {
        DataKind::Exercise => exercises::transaction_summary(&state, access, tx, id).await,
        DataKind::Physical => physical_info(&state, access, tx, id).await,
        DataKind::Activity => activity(&state, access, tx, id).await,
    }
}

/// One day of activity, AccessLink's transactional shape.
async fn activity(
    state: &AppState,
    access: &partner::Access,
    tx: i64,
    id: i64,
) -> V3Result<Response> {
    let day = state
        .partners
        .db()
        .activity(access.account, id)
        .await?
        .ok_or_else(|| V3Error::not_found("activity"))?;
    Ok(Json(json!({
        "id": day.id,
        "polar-user": polar_user(state, access),
        "transaction-id": tx,
        "date": day.day.to_string(),
        "created": super::time::iso_utc(day.created_at),
        "calories": day.active_kcal,
        "active-calories": day.active_kcal,
        "duration": super::time::iso_duration(day.active_s.saturating_mul(1000)),
        "active-steps": day.steps,
    }))
    .into_response())
}

/// `GET …/activity-transactions/{tx}/activities/{id}/step-samples | zone-samples`: the day's
/// steps per hour (AccessLink's `interval` in minutes); Laps records no activity zones (204).
pub async fn activity_samples(
    State(state): State<AppState>,
    access: Bearer,
    Path((user, tx, item, kind)): Path<(String, String, String, String)>,
) -> V3Result<Response> {
    let access = access.with_scope(Scope::ActivityRead)?;
    own_user(access, &user)?;
    let id = item_in(&state, access, &KINDS[1], &tx, &item).await?;
    let day = state
        .partners
        .db()
        .activity(access.account, id)
        .await?
        .ok_or_else(|| V3Error::not_found("activity"))?;
    match kind.as_str() {
        "step-samples" => {
            if day.hours.is_empty() {
                return Ok(no_content());
            }
            let samples: Vec<_> = day
                .hours
                .iter()
                .map(|h| json!({ "steps": h.steps, "time": format!("{:02}:00:00.000", h.hour) }))
                .collect();
            Ok(
                Json(json!({ "date": day.day.to_string(), "interval": 60, "samples": samples }))
                    .into_response(),
            )
        }
        "zone-samples" => Ok(no_content()),
        _ => Err(V3Error::not_found("resource")),
    }
}

/// One physical-information entry (AccessLink's keys; Laps tracks the heart-rate figures).
async fn physical_info(
    state: &AppState,
    access: &partner::Access,
    tx: i64,
    id: i64,
) -> V3Result<Response> {
    let entry = state
        .partners
        .db()
        .physical_info(access.account, id)
        .await?
        .ok_or_else(|| V3Error::not_found("physical information"))?;
    Ok(Json(json!({
        "id": entry.id,
        "transaction-id": tx,
        "created": super::time::iso_utc(entry.created_at),
        "polar-user": polar_user(state, access),
        "maximum-heart-rate": entry.max_hr,
        "resting-heart-rate": entry.resting_hr,
    }))
    .into_response())
}

/// The items of an open transaction of this grant, or 404.
async fn open_items(
    state: &AppState,
    access: &partner::Access,
    names: &Names,
    tx: &str,
) -> V3Result<Vec<i64>> {
    registered(state, access).await?;
    state
        .partners
        .db()
        .transaction_items(access.grant_id, names.kind, transaction_id(tx)?)
        .await?
        .ok_or_else(|| V3Error::not_found("transaction"))
}

/// An item id that belongs to an open exercise transaction of this grant, or 404.
pub async fn exercise_in(
    state: &AppState,
    access: &partner::Access,
    tx: &str,
    item: &str,
) -> V3Result<i64> {
    item_in(state, access, &KINDS[0], tx, item).await
}

async fn item_in(
    state: &AppState,
    access: &partner::Access,
    names: &Names,
    tx: &str,
    item: &str,
) -> V3Result<i64> {
    let items = open_items(state, access, names, tx).await?;
    item.parse::<i64>()
        .ok()
        .filter(|id| items.contains(id))
        .ok_or_else(|| V3Error::not_found("item in this transaction"))
}
