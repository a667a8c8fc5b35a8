//! `AppError`: what a server function tells the browser when it did not do what was asked.
//!
//! Every variant is safe to show. Failures of the machinery become [`AppError::Internal`], whose
//! message says nothing about the cause; the cause goes to the server log.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// The error type of every server function in this crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// A field's value was refused; show `message` next to the field named `field`.
    Field {
        /// The form field's `name`.
        field: String,
        /// What is wrong, for a person.
        message: String,
    },
    /// The request was refused as a whole (wrong credentials, sign-up closed); show it above
    /// the form.
    Refused(String),
    /// Too many attempts; show it above the form.
    TooManyAttempts(String),
    /// The request body was incomplete or malformed (a field missing, a value of the wrong type).
    BadRequest,
    /// The action needs a signed-in user.
    Unauthorized,
    /// The signed-in user may not do this.
    Forbidden,
    /// No such thing for this user (another user's things look exactly like missing ones).
    NotFound,
    /// The browser could not reach the server.
    Unreachable,
    /// Something failed on the server; the details are in its log.
    Internal,
}

/// The message for a person, in the page's language. `Field`, `Refused` and `TooManyAttempts`
/// carry text the server already wrote in the request's language.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::Field { message, .. } => return f.write_str(message),
            Self::Refused(message) | Self::TooManyAttempts(message) => return f.write_str(message),
            Self::BadRequest => t!("error-bad-request"),
            Self::Unauthorized => t!("error-unauthorized"),
            Self::Forbidden => t!("error-forbidden"),
            Self::NotFound => t!("error-not-found"),
            Self::Unreachable => t!("error-unreachable"),
            Self::Internal => t!("error-internal"),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for AppError {}

impl AppError {
    /// The message for the named form field, if this error belongs next to it.
    pub fn for_field(&self, name: &str) -> Option<String> {
        match self {
            Self::Field { field, message } if field == name => Some(message.clone()),
            _ => None,
        }
    }

    /// The message to show above a form: everything that does not belong to one field.
    pub fn form_message(&self) -> Option<String> {
        match self {
            Self::Field { .. } => None,
            other => Some(other.to_string()),
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Field { .. } | Self::BadRequest => 400,
            Self::Refused(_) => 400,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::TooManyAttempts(_) => 429,
            Self::Unreachable | Self::Internal => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Argument decoding on the server: a field missing or of the wrong type.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => Self::BadRequest,
            // The browser's side of the network.
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::Unreachable,
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = ?other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                Self::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<auth::AccountError> for AppError {
    fn from(error: auth::AccountError) -> Self {
        use auth::{AccountError, Field, Throttle};
        let field_name = |field| match field {
            Field::Username => "username",
            Field::Password => "password",
            Field::CurrentPassword => "current_password",
            Field::TokenName => "name",
            Field::TokenScopes => "scopes",
            Field::Confirm => "confirm",
        };
        let message = match &error {
            AccountError::Internal(source) => {
                tracing::error!(error = ?source, "account operation failed");
                return Self::Internal;
            }
            AccountError::Throttled { retry_after, what } => {
                let minutes = retry_after.as_secs().div_ceil(60).max(1);
                return Self::TooManyAttempts(match what {
                    Throttle::SignIn => t!("account-throttled-sign-in", minutes = minutes),
                    Throttle::Requests => t!("account-throttled-requests", minutes = minutes),
                });
            }
            AccountError::NotAdministrator => return Self::Forbidden,
            AccountError::NoSuchAccount => return Self::NotFound,
            AccountError::Invalid {
                field,
                message,
                rule,
            } => invalid_message(*field, rule.as_ref(), message),
            AccountError::UsernameTaken => t!("account-username-taken"),
            AccountError::SignUpClosed => t!("account-sign-up-closed"),
            AccountError::WrongCredentials => t!("account-wrong-credentials"),
            AccountError::WrongCurrentPassword => t!("account-wrong-current-password"),
            AccountError::Disabled => t!("account-disabled"),
            AccountError::OwnAccount => t!("account-own-account"),
            AccountError::ConfirmationMismatch => t!("account-confirmation-mismatch"),
            AccountError::UnknownUser(name) => t!("account-unknown-user", name = name),
        };
        match error.field() {
            Some(field) => Self::Field {
                field: field_name(field).to_owned(),
                message,
            },
            None => Self::Refused(message),
        }
    }
}

/// The rule an [`auth::AccountError::Invalid`] states, in the request's language: a token's
/// rules by their field, the domain's by the [`domain::ValidationError`] it carries. A rule
/// this does not know is shown as the `auth` crate worded it (in English).
#[cfg(feature = "ssr")]
fn invalid_message(
    field: auth::Field,
    rule: Option<&domain::ValidationError>,
    english: &str,
) -> String {
    use domain::{Password, Username, ValidationError as Rule};
    match field {
        auth::Field::TokenName => return t!("tokens-name-invalid"),
        auth::Field::TokenScopes => return t!("tokens-scopes-invalid"),
        _ => {}
    }
    // The limits as text: written like the `domain` crate writes them, without grouping.
    match rule {
        Some(Rule::UsernameEmpty) => t!("account-username-empty"),
        Some(Rule::UsernameTooLong) => {
            t!(
                "account-username-too-long",
                max = Username::MAX_CHARS.to_string()
            )
        }
        Some(Rule::UsernameCharacters) => t!("account-username-characters"),
        Some(Rule::PasswordTooShort) => {
            t!(
                "account-password-too-short",
                min = Password::MIN_CHARS.to_string()
            )
        }
        Some(Rule::PasswordTooLong) => {
            t!(
                "account-password-too-long",
                max = Password::MAX_CHARS.to_string()
            )
        }
        // A rule the interface has no words for: as the `auth` crate worded it.
        None => english.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_say_nothing_about_their_cause() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::ServerError(
            "connection refused: /var/lib/laps/laps.db".into(),
        ));
        assert_eq!(error, AppError::Internal);
        assert!(!error.to_string().contains("laps.db"));
    }

    #[test]
    fn missing_arguments_are_bad_requests_not_server_errors() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Args(
            "missing field `password`".into(),
        ));
        assert_eq!(error, AppError::BadRequest);
        assert_eq!(error.status(), 400);
    }

    #[test]
    fn field_errors_belong_to_their_field_only() {
        let error = AppError::Field {
            field: "username".into(),
            message: "That username is taken.".into(),
        };
        assert_eq!(
            error.for_field("username").as_deref(),
            Some("That username is taken.")
        );
        assert_eq!(error.for_field("password"), None);
        assert_eq!(error.form_message(), None);
    }
}
