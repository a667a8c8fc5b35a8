//! AccessLink's error object and the answers every `/v3` module shares.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::iso8601;

/// An error answer of the partner API, written as AccessLink's error object ([`ErrorBody`]).
#[derive(Debug)]
pub struct V3Error {
    status: StatusCode,
    kind: &'static str,
    message: String,
}

/// AccessLink's error object: `{timestamp, status, errorType, message, corrId}`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// When it happened, UTC (`2024-05-01T07:00:00Z`).
    timestamp: String,
    /// The HTTP status.
    status: u16,
    /// A stable name for the error (`not_found`, `insufficient_scope`, …).
    error_type: &'static str,
    /// A sentence for the developer.
    message: String,
    /// A random id of this answer.
    corr_id: String,
}

impl V3Error {
    /// An error with its status, type and sentence.
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            kind,
            message: message.into(),
        }
    }

    /// 404: no `what` was found.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("No {what} was found."),
        )
    }

    /// 400 saying what is wrong with the request.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 409 saying what already exists.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 500; the cause is logged, never shown.
    fn internal(error: &dyn std::fmt::Debug) -> Self {
        tracing::error!(error = ?error, "partner API request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Something went wrong on our side.",
        )
    }
}

impl IntoResponse for V3Error {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            timestamp: iso8601::iso_utc(domain::Timestamp::now().unix_ms()),
            status: self.status.as_u16(),
            error_type: self.kind,
            message: self.message,
            corr_id: partner::secret::random_id(),
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\", Basic realm=\"laps\""),
            );
        }
        response
    }
}

impl From<partner::PartnerError> for V3Error {
    fn from(e: partner::PartnerError) -> Self {
        Self::internal(&e)
    }
}

impl From<workouts::WorkoutsError> for V3Error {
    fn from(e: workouts::WorkoutsError) -> Self {
        match e {
            workouts::WorkoutsError::NotFound
            | workouts::WorkoutsError::Db(db::DbError::NotFound) => Self::not_found("exercise"),
            other => Self::internal(&other),
        }
    }
}

/// The handlers' result.
pub type V3Result<T> = Result<T, V3Error>;

/// Any other `/v3` path or method: AccessLink resources Laps does not serve.
pub async fn unknown() -> V3Error {
    V3Error::new(StatusCode::NOT_FOUND, "not_found", "No such resource.")
}

/// 204 with no body and no content type (AccessLink's "no data").
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}
