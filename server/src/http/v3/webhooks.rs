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
use serde::Deserialize;
use serde_json::json;

use super::{Client, V3Error, V3Result, no_content};
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

#[derive(Debug, Deserialize)]
struct WebhookBody {
    events: Option<Vec<String>>,
    url: Option<String>,
}

fn bad(message: impl Into<String>) -> V3Error {
    V3Error::new(StatusCode::BAD_REQUEST, "bad_request", message)
}

fn parse(body: &Bytes) -> V3Result<WebhookBody> {
    serde_json::from_slice(body).map_err(|_| {
        bad("The body must be JSON: {\"events\": [\"EXERCISE\"], \"url\": \"https://…\"}.")
    })
}

fn check_events(events: &[String]) -> V3Result<()> {
    if events.is_empty() {
        return Err(bad("Name at least one event."));
    }
    match events.iter().find(|e| !EVENTS.contains(&e.as_str())) {
        Some(unknown) => Err(bad(format!("Unknown event {unknown:?}."))),
        None => Ok(()),
    }
}

fn info(webhook: &Webhook) -> serde_json::Value {
    json!({ "id": webhook.id, "events": webhook.events, "url": webhook.url, "active": webhook.active })
}

/// Checks the target and sends the PING; the webhook is made only if it is answered 200.
async fn ping(state: &AppState, url: &str, secret: &str) -> V3Result<()> {
    state.webhooks.ping(url, secret).await.map_err(|why| {
        bad(format!(
            "The webhook URL did not answer the PING with 200: {why}."
        ))
    })
}

/// `POST /v3/webhooks`.
#[tracing::instrument(skip_all, fields(partner = partner.id))]
pub async fn create(
    State(state): State<AppState>,
    Client(partner): Client,
    body: Bytes,
) -> V3Result<Response> {
    let body = parse(&body)?;
    let (Some(events), Some(url)) = (body.events, body.url) else {
        return Err(bad("Both events and url are required."));
    };
    check_events(&events)?;
    let db = state.partners.db();
    if db.webhook_of(partner.id).await?.is_some() {
        return Err(V3Error::new(
            StatusCode::CONFLICT,
            "conflict",
            "This partner already has a webhook.",
        ));
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
    match db.webhook_create(&webhook).await {
        Ok(()) => {}
        Err(db::DbError::Conflict { .. }) => {
            return Err(V3Error::new(
                StatusCode::CONFLICT,
                "conflict",
                "This partner already has a webhook.",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    Ok((
        StatusCode::CREATED,
        Json(json!({ "data": { "id": webhook.id, "events": webhook.events, "url": webhook.url, "signature_secret_key": secret } })),
    )
        .into_response())
}

/// `GET /v3/webhooks`.
pub async fn read(State(state): State<AppState>, Client(partner): Client) -> V3Result<Response> {
    let hooks: Vec<_> = state
        .partners
        .db()
        .webhook_of(partner.id)
        .await?
        .iter()
        .map(info)
        .collect();
    Ok(Json(json!({ "data": hooks })).into_response())
}

/// `PATCH /v3/webhooks/{id}`: new events and/or URL (a new URL is pinged first).
#[tracing::instrument(skip_all, fields(partner = partner.id))]
pub async fn update(
    State(state): State<AppState>,
    Client(partner): Client,
    Path(id): Path<String>,
    body: Bytes,
) -> V3Result<Response> {
    let body = parse(&body)?;
    let db = state.partners.db();
    let mut webhook = db
        .webhook_of(partner.id)
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
    db.webhook_update(&webhook).await?;
    Ok(Json(json!({ "data": info(&webhook) })).into_response())
}

/// `DELETE /v3/webhooks/{id}`.
pub async fn delete(
    State(state): State<AppState>,
    Client(partner): Client,
    Path(id): Path<String>,
) -> V3Result<Response> {
    if state.partners.db().webhook_delete(partner.id, &id).await? {
        Ok(no_content())
    } else {
        Err(V3Error::not_found("webhook"))
    }
}

/// `POST /v3/webhooks/activate`: pings, then sends events again (also after the automatic
/// deactivation that follows 7 days of failed deliveries).
pub async fn activate(
    State(state): State<AppState>,
    Client(partner): Client,
) -> V3Result<Response> {
    let db = state.partners.db();
    let Some(webhook) = db.webhook_of(partner.id).await? else {
        return Ok(no_content());
    };
    ping(&state, &webhook.url, &webhook.secret).await?;
    db.webhook_set_active(partner.id, true).await?;
    Ok(StatusCode::OK.into_response())
}

/// `POST /v3/webhooks/deactivate`.
pub async fn deactivate(
    State(state): State<AppState>,
    Client(partner): Client,
) -> V3Result<Response> {
    if state
        .partners
        .db()
        .webhook_set_active(partner.id, false)
        .await?
    {
        Ok(StatusCode::OK.into_response())
    } else {
        Ok(no_content())
    }
}
