//! What can go wrong with an account operation, in terms a form can show.

use std::time::Duration;

use domain::ValidationError;

/// Which form field an error belongs next to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The username field.
    Username,
    /// The (new) password field.
    Password,
    /// The current-password field of the change-password form.
    CurrentPassword,
    /// A token's name.
    TokenName,
    /// A token's scopes.
    TokenScopes,
    /// The username typed to confirm a deletion.
    Confirm,
}

/// Why an account operation did not happen. Every variant but [`AccountError::Internal`] is
/// safe to show to the person at the form; `Internal` must be logged and replaced by a generic
/// message.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// A field's value broke a rule of the domain (length, characters).
    #[error("{message}")]
    Invalid {
        /// The field to show the message next to.
        field: Field,
        /// The rule that was broken, for a person.
        message: String,
        /// The domain's rule, when it was one (the interface words it in its language).
        rule: Option<ValidationError>,
    },
    /// Someone already has this username, perhaps in another letter case.
    #[error("That username is taken.")]
    UsernameTaken,
    /// Sign-up is closed on this instance.
    #[error("Sign-up is closed on this Laps. Ask its administrator for an account.")]
    SignUpClosed,
    /// The username or the password was wrong (deliberately not saying which).
    #[error("Wrong username or password.")]
    WrongCredentials,
    /// The current password given to change the password was wrong.
    #[error("That is not your current password.")]
    WrongCurrentPassword,
    /// Too many failed sign-ins for this account or from this address, or too many requests
    /// of one kind from this address.
    #[error("{}", throttled(*what, *retry_after))]
    Throttled {
        /// How long until the next attempt is allowed.
        retry_after: Duration,
        /// What was counted.
        what: Throttle,
    },
    /// An administrator disabled this account.
    #[error("This account is disabled. Ask the administrator of this Laps.")]
    Disabled,
    /// Only administrators may do this.
    #[error("Only administrators may do that.")]
    NotAdministrator,
    /// An administrator tried to disable, delete or demote their own account (which could
    /// leave the instance without one).
    #[error("You cannot do that to your own account; ask another administrator.")]
    OwnAccount,
    /// The username typed to confirm a deletion is not the account's.
    #[error("Type the account's username exactly to confirm.")]
    ConfirmationMismatch,
    /// The account an administrator acted on is gone.
    #[error("That account no longer exists.")]
    NoSuchAccount,
    /// The account does not exist (administrative commands).
    #[error("There is no user named {0}.")]
    UnknownUser(String),
    /// A failure of the machinery (database, hashing thread). Never shown as is.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// What a [`AccountError::Throttled`] counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttle {
    /// Failed sign-ins.
    SignIn,
    /// Requests of one kind (sign-ups, OAuth calls) from one address.
    Requests,
}

fn throttled(what: Throttle, retry_after: Duration) -> String {
    let wait = minutes(retry_after);
    match what {
        Throttle::SignIn => format!("Too many failed sign-in attempts. Try again in {wait}."),
        Throttle::Requests => format!("Too many requests from your address. Try again in {wait}."),
    }
}

fn minutes(duration: Duration) -> String {
    let minutes = duration.as_secs().div_ceil(60).max(1);
    if minutes == 1 {
        "a minute".to_owned()
    } else {
        format!("{minutes} minutes")
    }
}

impl AccountError {
    pub(crate) fn invalid(field: Field, error: &ValidationError) -> Self {
        Self::Invalid {
            field,
            message: error.to_string(),
            rule: Some(error.clone()),
        }
    }

    /// The field the message belongs next to, if any.
    pub fn field(&self) -> Option<Field> {
        match self {
            Self::Invalid { field, .. } => Some(*field),
            Self::UsernameTaken | Self::UnknownUser(_) => Some(Field::Username),
            Self::WrongCurrentPassword => Some(Field::CurrentPassword),
            Self::ConfirmationMismatch => Some(Field::Confirm),
            _ => None,
        }
    }
}

impl From<db::DbError> for AccountError {
    fn from(error: db::DbError) -> Self {
        Self::Internal(Box::new(error))
    }
}

impl From<tower_sessions::session::Error> for AccountError {
    fn from(error: tower_sessions::session::Error) -> Self {
        Self::Internal(Box::new(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_messages_round_up_to_whole_minutes() {
        let message = |secs| {
            AccountError::Throttled {
                retry_after: Duration::from_secs(secs),
                what: Throttle::SignIn,
            }
            .to_string()
        };
        assert_eq!(
            message(1),
            "Too many failed sign-in attempts. Try again in a minute."
        );
        assert_eq!(
            message(61),
            "Too many failed sign-in attempts. Try again in 2 minutes."
        );
        assert_eq!(
            message(900),
            "Too many failed sign-in attempts. Try again in 15 minutes."
        );
        let requests = AccountError::Throttled {
            retry_after: Duration::from_secs(30),
            what: Throttle::Requests,
        };
        assert_eq!(
            requests.to_string(),
            "Too many requests from your address. Try again in a minute."
        );
    }
}
