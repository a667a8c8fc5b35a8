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
    /// An administrator's input was refused.
    #[error("{0}")]
    Invalid(Refusal),
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

/// Why an administrator's registration or request was refused: each a sentence in English
/// (the command line and the JSON API show it), and a variant an interface can word in its
/// own language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The name is empty or too long.
    #[error("A partner needs a name of 1 to 100 characters.")]
    Name,
    /// No redirect URI.
    #[error("A partner needs at least one redirect URI.")]
    NoRedirectUri,
    /// The homepage is not an http(s) URL.
    #[error("The homepage must be an http(s) URL.")]
    Homepage,
    /// A scope Laps does not know.
    #[error("Unknown scope {0:?}.")]
    UnknownScope(String),
    /// No scope at all.
    #[error("A partner needs at least one scope.")]
    NoScope,
    /// A name that cannot be a username.
    #[error("{0:?} is not a valid username.")]
    Username(String),
    /// No account has this username.
    #[error("There is no user named {0}.")]
    NoSuchUser(String),
    /// A public client's secret cannot be rotated: it has none.
    #[error("A public client has no secret.")]
    PublicClient,
    /// A redirect URI breaks a rule (see [`UriProblem`]).
    #[error("Redirect URI {uri:?}: {problem}")]
    RedirectUri {
        /// The URI as given.
        uri: String,
        /// The rule it breaks.
        problem: UriProblem,
    },
}

/// The rule of RFC 8252 (or of safe redirects) a redirect URI breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UriProblem {
    /// `#fragment`.
    #[error("must not have a fragment.")]
    Fragment,
    /// White space.
    #[error("must not contain spaces.")]
    Spaces,
    /// `\`, which browsers read as `/`.
    #[error("must not contain a backslash.")]
    Backslash,
    /// Not a URL at all.
    #[error("is not a valid URL.")]
    NotUrl,
    /// `user@host` or `user:password@host`.
    #[error("must not contain a user name or password (user@host).")]
    UserInfo,
    /// `https://` without a host.
    #[error("has no host.")]
    NoHost,
    /// Plain `http://` to anything but loopback.
    #[error("plain http is allowed only for localhost, 127.0.0.1 and [::1].")]
    PlainHttp,
    /// Any other scheme that is not a reverse-domain private-use one.
    #[error(
        "must be https://, http:// on loopback, or a reverse-domain scheme like com.example.app:/cb."
    )]
    Scheme,
}
