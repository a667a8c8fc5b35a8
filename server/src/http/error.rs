//! `ApiError`: the HTTP layer's one error type.

use axum::{
    Json,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

/// The result type of HTTP handlers.
pub type Result<T, E = ApiError> = std::result::Result<T, E>;

/// An error answered in HTTP terms. Internal causes are logged, never sent.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request was refused for a reason the client can fix; the text says which.
    #[error("{0}")]
    Forbidden(&'static str),
    /// The request is malformed; the text says how.
    #[error("{0}")]
    BadRequest(String),
    /// Not signed in.
    #[error("sign in first")]
    Unauthorized,
    /// No such thing for this user (another user's things included).
    #[error("not found")]
    NotFound,
    /// Too many requests of this kind are being served; try again after `retry_after`
    /// seconds.
    #[error("busy")]
    Busy {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// A dependency (the database) does not answer.
    #[error("service unavailable")]
    Unavailable(#[source] anyhow::Error),
    /// Anything else that went wrong on our side.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            Self::Forbidden(message) => (StatusCode::FORBIDDEN, (*message).to_owned()),
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, message.clone()),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "Sign in first.".to_owned()),
            Self::NotFound => (StatusCode::NOT_FOUND, "Not found.".to_owned()),
            Self::Busy { retry_after } => {
                let mut response = (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Json(serde_json::json!({
                        "error": "Laps is busy with other requests right now; try again in a moment."
                    })),
                )
                    .into_response();
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, (*retry_after).into());
                return response;
            }
            Self::Unavailable(source) => {
                tracing::error!(error = ?source, "dependency unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Laps cannot reach its database right now.".to_owned(),
                )
            }
            Self::Internal(source) => {
                tracing::error!(error = ?source, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side.".to_owned(),
                )
            }
        };
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}

/// The answer when a handler panicked: logged with the request's span, nothing of it sent.
#[allow(clippy::needless_pass_by_value)] // the signature CatchPanicLayer::custom requires
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = detail, "handler panicked");
    ApiError::Internal(anyhow::anyhow!("panic")).into_response()
}

/// The body of every error answer: one sentence for a person.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong and, where the caller can fix it, how.
    pub error: String,
}

/// A store error no handler expected: a missing row is not found, anything else is ours.
impl From<db::DbError> for ApiError {
    fn from(error: db::DbError) -> Self {
        match error {
            db::DbError::NotFound => Self::NotFound,
            other => Self::Internal(other.into()),
        }
    }
}

impl From<workouts::WorkoutsError> for ApiError {
    fn from(error: workouts::WorkoutsError) -> Self {
        use workouts::WorkoutsError as E;
        match error {
            E::NotFound => Self::NotFound,
            E::Db(error) => error.into(),
            E::CannotExport(why) => {
                let mut chars = why.chars();
                let first: String = chars
                    .next()
                    .map(char::to_uppercase)
                    .into_iter()
                    .flatten()
                    .collect();
                Self::BadRequest(format!("{first}{}.", chars.as_str()))
            }
            E::Refused(why) => Self::BadRequest(why),
            E::Invalid { field, message } => Self::BadRequest(format!("{field}: {message}")),
            E::NoSuchGear => Self::NotFound,
            E::Batch(why) => Self::BadRequest(why.to_string()),
            other @ (E::Corrupt(_) | E::Task(_)) => Self::Internal(other.into()),
        }
    }
}

impl From<auth::AccountError> for ApiError {
    fn from(error: auth::AccountError) -> Self {
        use auth::AccountError as E;
        match error {
            E::WrongCredentials => Self::Unauthorized,
            E::UnknownUser(_) | E::NoSuchAccount => Self::NotFound,
            E::Disabled => Self::Unauthorized,
            E::NotAdministrator => Self::Forbidden("Only administrators may do that."),
            // The messages of these are written for the person who can fix them.
            E::Invalid { .. }
            | E::UsernameTaken
            | E::SignUpClosed
            | E::WrongCurrentPassword
            | E::OwnAccount
            | E::ConfirmationMismatch
            | E::Throttled { .. } => Self::BadRequest(error.to_string()),
            E::Internal(_) => Self::Internal(error.into()),
        }
    }
}

impl From<partner::PartnerError> for ApiError {
    fn from(error: partner::PartnerError) -> Self {
        use partner::PartnerError as E;
        match error {
            E::NotFound => Self::NotFound,
            E::Db(error) => error.into(),
            E::OAuth { .. } | E::Invalid(_) => Self::BadRequest(error.to_string()),
        }
    }
}

/// A sync batch refused as a whole: its message is the answer.
impl From<syncbatch::BatchError> for ApiError {
    fn from(error: syncbatch::BatchError) -> Self {
        Self::BadRequest(error.to_string())
    }
}
