//! The error type of the authorization server.

use db::DbError;

/// An OAuth error code (RFC 6749 §4.1.2.1, §5.2; RFC 7009; RFC 6750).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A parameter is missing, repeated or malformed.
    InvalidRequest,
    /// Client authentication failed (answered with 401).
    InvalidClient,
    /// The code or refresh token is invalid, expired, spent or not this client's.
    InvalidGrant,
    /// The client may not use this grant or response.
    UnauthorizedClient,
    /// The grant type is not supported.
    UnsupportedGrantType,
    /// Only `code` is supported.
    UnsupportedResponseType,
    /// A scope is unknown or not allowed for this client.
    InvalidScope,
    /// The user (or the partner's status) refused.
    AccessDenied,
}

impl ErrorCode {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidClient => "invalid_client",
            Self::InvalidGrant => "invalid_grant",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::UnsupportedResponseType => "unsupported_response_type",
            Self::InvalidScope => "invalid_scope",
            Self::AccessDenied => "access_denied",
        }
    }
}

/// What went wrong in the authorization server.
#[derive(Debug, thiserror::Error)]
pub enum PartnerError {
    /// A protocol error the client is told about.
    #[error("{}: {description}", code.as_str())]
    OAuth {
        /// The code.
        code: ErrorCode,
        /// A sentence for the developer.
        description: String,
    },
    /// An administrator's input was refused; the text says why.
    #[error("{0}")]
    Invalid(String),
    /// No such partner.
    #[error("no such partner")]
    NotFound,
    /// The store failed. Logged, never shown.
    #[error("database error")]
    Db(#[from] DbError),
}

impl PartnerError {
    /// A protocol error.
    pub fn oauth(code: ErrorCode, description: impl Into<String>) -> Self {
        Self::OAuth {
            code,
            description: description.into(),
        }
    }
}

/// The result type of this crate.
pub type Result<T, E = PartnerError> = std::result::Result<T, E>;
