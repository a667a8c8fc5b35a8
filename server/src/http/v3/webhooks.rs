//! `/v3/webhooks` (client credentials): one webhook per partner; create (after a PING that
//! must be answered 200), read, update, activate, deactivate, delete.

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use db::Webhook;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    auth::Client,
    error::{ErrorBody, V3Error, V3Result, no_content},
    paths::WebhookPath,
};
use crate::http::AppState;

/// Event names AccessLink defines. Laps sends `EXERCISE` and `ACTIVITY_SUMMARY`; the others are
/// accepted so that clients asking for them keep working, and simply never fire.
const EVENTS: [&str; 6] = [
    "EXERCISE",
    "ACTIVITY_SUMMARY",
    "SLEEP",
    "CONTINUOUS_HEART_RATE",
    "SLEEP_WISE_CIRCADIAN_BEDTIME",
    "SLEEP_WISE_ALERTNESS",
];

/// The body of `POST /v3/webhooks` (both fields) and `PATCH /v3/webhooks/{id}` (either).
#[derive(Debug, Deserialize, ToSchema)]
pub struct WebhookBody {
    /// Event names (`EXERCISE`, `ACTIVITY_SUMMARY`, …).
    events: Option<Vec<String>>,
    /// Where events are posted.
    url: Option<String>,
}

/// A webhook as `GET` and `PATCH` show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookInfo {
    /// Its id.
    pub id: String,
    /// Its events.
    pub events: Vec<String>,
    /// Where events are posted.
    pub url: String,
    /// Whether events are sent.
    pub active: bool,
}

impl From<&Webhook> for WebhookInfo {
    fn from(webhook: &Webhook) -> Self {
        Self {
            id: webhook.id.clone(),
            events: webhook.events.clone(),
            url: webhook.url.clone(),
            active: webhook.active,
        }
    }
}

/// A new webhook, with the key its deliveries are signed with (shown once).
#[derive(Debug, Serialize, ToSchema)]
pub struct NewWebhook {
    /// Its id.
    pub id: String,
    /// Its events.
    pub events: Vec<String>,
    /// Where events are posted.
    pub url: String,
    /// The HMAC-SHA256 key of the `Polar-Webhook-Signature` header.
    pub signature_secret_key: String,
}

/// AccessLink's `{"data": …}` envelope.
#[derive(Debug, Serialize, ToSchema)]
pub struct Data<T> {
    /// The content.
    pub data: T,
}

fn parse(body: &Bytes) -> V3Result<WebhookBody> {
    serde_json::from_slice(body).map_err(|_| {
        V3Error::bad_request(
            "The body must be JSON: {\"events\": [\"EXERCISE\"], \"url\": \"https://…\"}.",
        )
    })
}

fn check_events(events: &[String]) -> V3Result<()> {
    if events.is_empty() {
        return Err(V3Error::bad_request("Name at least one event."));
    }
    match events.iter().find(|e| !EVENTS.contains(&e.as_str())) {
        Some(unknown) => Err(V3Error::bad_request(format!("Unknown event {unknown:?}."))),
        None => Ok(()),
    }
}

/// Checks the target and sends the PING; the webhook is made only if it is answered 200.
async fn ping(state: &AppState, url: &str, secret: &str) -> V3Result<()> {
    state.webhooks.ping(url, secret).await.map_err(|why| {
        V3Error::bad_request(format!(
            "The webhook URL did not answer the PING with 200: {why}."
        ))
    })
}

fn already_there() -> V3Error {
    V3Error::conflict("This partner already has a webhook.")
}

/// `POST /v3/webhooks`.
#[utoipa::path(
    post,
    operation_id = "webhooks_create",
    path = "/v3/webhooks",
    tag = "webhooks",
    request_body(content = WebhookBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Created after a successful PING", body = Data<NewWebhook>),
        (status = 400, description = "A bad body, or the PING failed", body = ErrorBody),
        (status = 409, description = "The partner already has a webhook", body = ErrorBody),
    ),
    security(("basic" = []))
)]
#[tracing::instrument(skip_all, fields(partner = partner.id))]
pub async fn create(
    State(state): State<AppState>,
    Client(partner): Client,
    body: Bytes,
) -> V3Result<Response> {
    let body = parse(&body)?;
    let (Some(events), Some(url)) = (body.events, body.url) else {
        return Err(V3Error::bad_request("Both events and url are required."));
    };
    check_events(&events)?;
    if state.partners.webhook(partner.id).await?.is_some() {
        return Err(already_there());
    }
    let secret = partner::secret::random_id();
    ping(&state, &url, &secret).await?;
    let webhook = Webhook {
        id: partner::secret::random_id(),
        partner_id: partner.id,
        url,
        events,
        secret: secret.clone(),
        active: true,
        failing_since: None,
    };
    if !state.partners.add_webhook(&webhook).await? {
        return Err(already_there());
    }
    let data = NewWebhook {
        id: webhook.id,
        events: webhook.events,
        url: webhook.url,
        signature_secret_key: secret,
    };
    Ok((StatusCode::CREATED, Json(Data { data })).into_response())
}

/// `GET /v3/webhooks`.
#[utoipa::path(
    get,
    operation_id = "webhooks_read",
    path = "/v3/webhooks",
    tag = "webhooks",
    responses((status = 200, description = "The partner's webhook, if any", body = Data<Vec<WebhookInfo>>)),
    security(("basic" = []))
)]
pub async fn read(
    State(state): State<AppState>,
    Client(partner): Client,
) -> V3Result<Json<Data<Vec<WebhookInfo>>>> {
    let hooks = state.partners.webhook(partner.id).await?;
    Ok(Json(Data {
        data: hooks.iter().map(WebhookInfo::from).collect(),
    }))
}

/// `PATCH /v3/webhooks/{id}`: new events and/or URL (a new URL is pinged first).
#[utoipa::path(
    patch,
    operation_id = "webhooks_update",
    path = "/v3/webhooks/{id}",
    tag = "webhooks",
    params(WebhookPath),
    request_body(content = WebhookBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed", body = Data<WebhookInfo>),
        (status = 404, description = "No such webhook", body = ErrorBody),
    ),
    security(("basic" = []))
)]
#[tracing::instrument(skip_all, fields(partner = partner.id))]
pub async fn update(
    State(state): State<AppState>,
    Client(partner): Client,
    Path(WebhookPath { id }): Path<WebhookPath>,
    body: Bytes,
) -> V3Result<Json<Data<WebhookInfo>>> {
    let body = parse(&body)?;
    let mut webhook = state
        .partners
        .webhook(partner.id)
        .await?
        .filter(|w| w.id == id)
        .ok_or_else(|| V3Error::not_found("webhook"))?;
    if let Some(events) = body.events {
        check_events(&events)?;
        webhook.events = events;
    }
    if let Some(url) = body.url
        && url != webhook.url
    {
        ping(&state, &url, &webhook.secret).await?;
        webhook.url = url;
    }
    state.partners.update_webhook(&webhook).await?;
    Ok(Json(Data {
        data: WebhookInfo::from(&webhook),
    }))
}

/// `DELETE /v3/webhooks/{id}`.
#[utoipa::path(
    delete,
    operation_id = "webhooks_delete",
    path = "/v3/webhooks/{id}",
    tag = "webhooks",
    params(WebhookPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such webhook", body = ErrorBody),
    ),
    security(("basic" = []))
)]
pub async fn delete(
    State(state): State<AppState>,
    Client(partner): Client,
    Path(WebhookPath { id }): Path<WebhookPath>,
) -> V3Result<Response> {
    if state.partners.delete_webhook(partner.id, &id).await? {
        Ok(no_content())
    } else {
        Err(V3Error::not_found("webhook"))
    }
}

/// `POST /v3/webhooks/activate`: pings, then sends events again (also after the automatic
/// deactivation that follows 7 days of failed deliveries).
#[utoipa::path(
    post,
    operation_id = "webhooks_activate",
    path = "/v3/webhooks/activate",
    tag = "webhooks",
    responses(
        (status = 200, description = "Active again"),
        (status = 204, description = "The partner has no webhook"),
        (status = 400, description = "The PING failed", body = ErrorBody),
    ),
    security(("basic" = []))
)]
pub async fn activate(
    State(state): State<AppState>,
    Client(partner): Client,
) -> V3Result<Response> {
    let Some(webhook) = state.partners.webhook(partner.id).await? else {
        return Ok(no_content());
    };
    ping(&state, &webhook.url, &webhook.secret).await?;
    state.partners.set_webhook_active(partner.id, true).await?;
    Ok(StatusCode::OK.into_response())
}

/// `POST /v3/webhooks/deactivate`.
#[utoipa::path(
    post,
    operation_id = "webhooks_deactivate",
    path = "/v3/webhooks/deactivate",
    tag = "webhooks",
    responses(
        (status = 200, description = "Paused"),
        (status = 204, description = "The partner has no webhook"),
    ),
    security(("basic" = []))
)]
pub async fn deactivate(
    State(state): State<AppState>,
    Client(partner): Client,
) -> V3Result<Response> {
    if state.partners.set_webhook_active(partner.id, false).await? {
        Ok(StatusCode::OK.into_response())
    } else {
        Ok(no_content())
    }
}
