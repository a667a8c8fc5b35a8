//! `GET /healthz`: is this instance able to serve?

use axum::{Json, extract::State};
use serde_json::{Value, json};

use super::{AppState, error::Result};
use crate::http::ApiError;

/// 200 with `{"status":"ok"}` when the database answers, 503 otherwise.
#[tracing::instrument(skip_all)]
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Value>> {
    state
        .accounts
        .ping()
        .await
        .map_err(|e| ApiError::Unavailable(e.into()))?;
    Ok(Json(json!({ "status": "ok", "database": "ok" })))
}
