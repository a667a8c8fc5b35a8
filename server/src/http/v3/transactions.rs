//! The transaction model: pull notifications, then create → list → get items → commit, for
//! exercises, daily activity and physical information.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use db::DataKind;
use partner::Access;
use serde::Serialize;
use utoipa::ToSchema;

use super::{
    auth::{Client, Registered, base, polar_user},
    error::{ErrorBody, V3Error, V3Result, no_content},
    exercises::{self, TransactionExercise},
    open,
    paths::{
        ActivitySamples, ActivitySamplesPath, Collection, CollectionPath, ItemPath, TransactionPath,
    },
};
use crate::http::AppState;
use crate::iso8601;

/// `GET /v3/notifications`'s answer.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub struct Notifications {
    /// Which users have new data of which kind.
    pub available_user_data: Vec<Notification>,
}

/// One user's new data of one kind.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub struct Notification {
    /// The user's id for this partner.
    pub user_id: i64,
    /// `EXERCISE`, `ACTIVITY_SUMMARY` or `PHYSICAL_INFORMATION`.
    pub data_type: &'static str,
    /// Where to open a transaction over it.
    pub url: String,
}

/// `GET /v3/notifications` (client credentials): which registered users have new data that
/// their grant lets the partner read.
#[utoipa::path(
    get,
    operation_id = "transactions_notifications",
    path = "/v3/notifications",
    tag = "transactions",
    responses(
        (status = 200, description = "Users with new data", body = Notifications),
        (status = 204, description = "Nothing new"),
    ),
    security(("basic" = []))
)]
pub async fn notifications(
    State(state): State<AppState>,
    Client(partner): Client,
) -> V3Result<Response> {
    let pending = state.partners.pending_notifications(partner.id).await?;
    if pending.is_empty() {
        return Ok(no_content());
    }
    let base = base(&state);
    let available_user_data = pending
        .iter()
        .map(|p| {
            let collection = Collection::of(p.kind);
            Notification {
                user_id: p.partner_user_id,
                data_type: collection.data_type(),
                url: format!("{base}/users/{}/{}", p.partner_user_id, collection.name()),
            }
        })
        .collect();
    Ok(Json(Notifications {
        available_user_data,
    })
    .into_response())
}

/// A new transaction.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub struct Created {
    /// Its id.
    pub transaction_id: i64,
    /// Its absolute URL.
    pub resource_uri: String,
}

/// `POST /v3/users/{user}/{collection}`: 201 with the transaction's location, or 204 when
/// nothing is new. The body and its content type are ignored.
#[utoipa::path(
    post,
    operation_id = "transactions_create",
    path = "/v3/users/{user}/{collection}",
    tag = "transactions",
    params(CollectionPath),
    responses(
        (status = 201, description = "A transaction over the new items", body = Created),
        (status = 204, description = "Nothing new"),
        (status = 403, description = "Another user, a missing scope or an unregistered user", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(partner = request.access.partner_id, kind = request.path.collection.name()))]
pub async fn create(
    State(state): State<AppState>,
    request: Registered<CollectionPath>,
) -> V3Result<Response> {
    let collection = request.path.collection;
    let ttl_ms =
        i64::try_from(state.config.partner_transaction_ttl.as_millis()).unwrap_or(i64::MAX);
    let Some(id) = state
        .partners
        .open_transaction(request.access.grant_id, collection.kind(), ttl_ms)
        .await?
    else {
        return Ok(no_content());
    };
    let resource_uri = format!(
        "{}/users/{}/{}/{id}",
        base(&state),
        request.access.partner_user_id,
        collection.name()
    );
    Ok((
        StatusCode::CREATED,
        Json(Created {
            transaction_id: id,
            resource_uri,
        }),
    )
        .into_response())
}

/// A transaction's items as absolute URLs, under the collection's list key.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum TransactionItems {
    /// An exercise transaction.
    Exercises {
        /// The exercises' URLs.
        exercises: Vec<String>,
    },
    /// An activity transaction.
    Activities {
        /// The days' URLs.
        #[serde(rename = "activity-log")]
        activity_log: Vec<String>,
    },
    /// A physical-information transaction.
    Physical {
        /// The entries' URLs.
        #[serde(rename = "physical-informations")]
        physical_informations: Vec<String>,
    },
}

/// `GET /v3/users/{user}/{collection}/{tx}`: the items' absolute URLs.
#[utoipa::path(
    get,
    operation_id = "transactions_list",
    path = "/v3/users/{user}/{collection}/{tx}",
    tag = "transactions",
    params(TransactionPath),
    responses(
        (status = 200, description = "The items", body = TransactionItems),
        (status = 404, description = "No such open transaction", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    request: Registered<TransactionPath>,
) -> V3Result<Json<TransactionItems>> {
    let TransactionPath { collection, tx, .. } = request.path;
    let items = open::items(&state, &request.access, collection.kind(), tx).await?;
    let prefix = format!(
        "{}/users/{}/{}/{}/{}",
        base(&state),
        request.access.partner_user_id,
        collection.name(),
        tx.get().unwrap_or_default(),
        collection.items()
    );
    let urls: Vec<String> = items.iter().map(|id| format!("{prefix}/{id}")).collect();
    Ok(Json(match collection {
        Collection::Exercises => TransactionItems::Exercises { exercises: urls },
        Collection::Activities => TransactionItems::Activities { activity_log: urls },
        Collection::PhysicalInformation => TransactionItems::Physical {
            physical_informations: urls,
        },
    }))
}

/// `PUT /v3/users/{user}/{collection}/{tx}`: commit; the items are never offered again.
#[utoipa::path(
    put,
    operation_id = "transactions_commit",
    path = "/v3/users/{user}/{collection}/{tx}",
    tag = "transactions",
    params(TransactionPath),
    responses(
        (status = 200, description = "Committed"),
        (status = 404, description = "No such open transaction", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(partner = request.access.partner_id, kind = request.path.collection.name()))]
pub async fn commit(
    State(state): State<AppState>,
    request: Registered<TransactionPath>,
) -> V3Result<StatusCode> {
    let tx = request.path.tx.or_not_found("transaction")?;
    let kind = request.path.collection.kind();
    if state
        .partners
        .commit_transaction(request.access.grant_id, kind, tx)
        .await?
    {
        Ok(StatusCode::OK)
    } else {
        Err(V3Error::not_found("transaction"))
    }
}

/// One item of a transaction.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Item {
    /// An exercise's summary.
    Exercise(TransactionExercise),
    /// A day of activity.
    Activity(Activity),
    /// A physical-information entry.
    Physical(PhysicalInformation),
}

/// `GET /v3/users/{user}/{collection}/{tx}/{items}/{item}`: one item of an open transaction.
#[utoipa::path(
    get,
    operation_id = "transactions_item",
    path = "/v3/users/{user}/{collection}/{tx}/{items}/{item}",
    tag = "transactions",
    params(ItemPath),
    responses(
        (status = 200, description = "The item", body = Item),
        (status = 404, description = "No such item in an open transaction", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn item(
    State(state): State<AppState>,
    request: Registered<ItemPath>,
) -> V3Result<Json<Item>> {
    let ItemPath {
        collection,
        tx,
        item,
        ..
    } = request.path;
    let access = &request.access;
    let id = open::item(&state, access, collection.kind(), tx, item).await?;
    let tx = tx.or_not_found("transaction")?;
    Ok(Json(match collection.kind() {
        DataKind::Exercise => {
            Item::Exercise(exercises::transaction_summary(&state, access, tx, id).await?)
        }
        DataKind::Physical => Item::Physical(physical_info(&state, access, tx, id).await?),
        DataKind::Activity => Item::Activity(activity(&state, access, tx, id).await?),
    }))
}

/// One day of activity, AccessLink's transactional shape.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub struct Activity {
    /// The day's id.
    pub id: i64,
    /// The user's URL.
    pub polar_user: String,
    /// The transaction's id.
    pub transaction_id: i64,
    /// The local day, `YYYY-MM-DD`.
    pub date: String,
    /// First synced, UTC.
    pub created: String,
    /// Calories, kcal.
    pub calories: i64,
    /// Active calories, kcal.
    pub active_calories: i64,
    /// Active time, ISO 8601 duration.
    pub duration: String,
    /// Steps.
    pub active_steps: i64,
}

async fn activity(state: &AppState, access: &Access, tx: i64, id: i64) -> V3Result<Activity> {
    let day = state
        .partners
        .daily_activity(access.account, id)
        .await?
        .ok_or_else(|| V3Error::not_found("activity"))?;
    Ok(Activity {
        id: day.id,
        polar_user: polar_user(state, access),
        transaction_id: tx,
        date: day.day.to_string(),
        created: iso8601::iso_utc(day.created_at),
        calories: day.active_kcal,
        active_calories: day.active_kcal,
        duration: iso8601::iso_duration(day.active_s.saturating_mul(1000)),
        active_steps: day.steps,
    })
}

/// A day's steps per hour.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepSamples {
    /// The local day, `YYYY-MM-DD`.
    pub date: String,
    /// Minutes between samples (60).
    pub interval: u32,
    /// The hours.
    pub samples: Vec<StepSample>,
}

/// One hour's steps.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepSample {
    /// Steps in the hour.
    pub steps: u32,
    /// The hour's start, local (`07:00:00.000`).
    pub time: String,
}

/// `GET …/activity-transactions/{tx}/activities/{item}/step-samples | zone-samples`: the
/// day's steps per hour (AccessLink's `interval` in minutes); Laps records no activity zones
/// (204).
#[utoipa::path(
    get,
    operation_id = "transactions_activity_samples",
    path = "/v3/users/{user}/activity-transactions/{tx}/activities/{item}/{samples}",
    tag = "transactions",
    params(ActivitySamplesPath),
    responses(
        (status = 200, description = "Steps per hour", body = StepSamples),
        (status = 204, description = "No samples"),
    ),
    security(("bearer" = []))
)]
pub async fn activity_samples(
    State(state): State<AppState>,
    request: Registered<ActivitySamplesPath>,
) -> V3Result<Response> {
    let ActivitySamplesPath {
        tx, item, samples, ..
    } = request.path;
    let access = &request.access;
    let id = open::item(&state, access, DataKind::Activity, tx, item).await?;
    let day = state
        .partners
        .daily_activity(access.account, id)
        .await?
        .ok_or_else(|| V3Error::not_found("activity"))?;
    if samples == ActivitySamples::ZoneSamples {
        return Ok(no_content());
    }
    if day.hours.is_empty() {
        return Ok(no_content());
    }
    let samples = day
        .hours
        .iter()
        .map(|h| StepSample {
            steps: h.steps,
            time: format!("{:02}:00:00.000", h.hour),
        })
        .collect();
    Ok(Json(StepSamples {
        date: day.day.to_string(),
        interval: 60,
        samples,
    })
    .into_response())
}

/// One physical-information entry (AccessLink's keys; Laps tracks the heart-rate figures).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub struct PhysicalInformation {
    /// The entry's id.
    pub id: i64,
    /// The transaction's id.
    pub transaction_id: i64,
    /// When it was recorded, UTC.
    pub created: String,
    /// The user's URL.
    pub polar_user: String,
    /// Maximum heart rate, bpm.
    pub maximum_heart_rate: i64,
    /// Resting heart rate, bpm.
    pub resting_heart_rate: i64,
}

async fn physical_info(
    state: &AppState,
    access: &Access,
    tx: i64,
    id: i64,
) -> V3Result<PhysicalInformation> {
    let entry = state
        .partners
        .physical_info(access.account, id)
        .await?
        .ok_or_else(|| V3Error::not_found("physical information"))?;
    Ok(PhysicalInformation {
        id: entry.id,
        transaction_id: tx,
        created: iso8601::iso_utc(entry.created_at),
        polar_user: polar_user(state, access),
        maximum_heart_rate: entry.max_hr,
        resting_heart_rate: entry.resting_hr,
    })
}
