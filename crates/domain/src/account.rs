//! Accounts: user ids, usernames, passwords.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a username or password was refused. The `Display` text is written for the person typing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    /// The username was empty or only white space.
    #[error("Choose a username.")]
    UsernameEmpty,
    /// The username had more than [`Username::MAX_CHARS`] characters.
    #[error("Usernames have at most {max} characters.", max = Username::MAX_CHARS)]
    UsernameTooLong,
    /// The username held a character other than letters, digits, `.`, `-` and `_`.
    #[error("Use only letters, digits, '.', '-' and '_' in a username.")]
    UsernameCharacters,
    /// The password had fewer than [`Password::MIN_CHARS`] characters.
    #[error("Passwords need at least {min} characters.", min = Password::MIN_CHARS)]
    PasswordTooShort,
    /// The password had more than [`Password::MAX_CHARS`] characters.
    #[error("Passwords have at most {max} characters.", max = Password::MAX_CHARS)]
    PasswordTooLong,
}

/// The database id of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(i64);

impl UserId {
    /// Wraps an id read from the database.
    pub const fn new(id: i64) -> Self {
        Self(id)
    }

    /// The raw id, for binding into queries.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A username: 1 to 32 letters, digits, `.`, `-` or `_`, without surrounding white space.
///
/// Usernames keep the letter case the user chose for display, but are unique regardless of case:
/// [`Username::key`] is the case-folded form the database indexes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Username(String);

impl Username {
    /// The longest username, in characters.
    pub const MAX_CHARS: usize = 32;

    /// Parses what a person typed: surrounding white space is dropped, the rest must follow the
    /// rules above.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(ValidationError::UsernameEmpty);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(ValidationError::UsernameTooLong);
        }
        // Letters in the Unicode sense are allowed (athletes are not all English speakers), but
        // nothing that could look like punctuation, white space or a control character.
        if !name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            return Err(ValidationError::UsernameCharacters);
        }
        Ok(Self(name.to_owned()))
    }

    /// The name as the user chose it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The case-folded form used for uniqueness and look-ups, so `Ada` and `ada` are one account.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl<'de> Deserialize<'de> for Username {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password that meets the length rules. Its `Debug` never shows the text.
///
/// Only lengths are enforced, following NIST SP 800-63B: composition rules make passwords worse,
/// and long passphrases are welcome. White space is kept as typed.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// The shortest password, in characters.
    pub const MIN_CHARS: usize = 10;
    /// The longest password, in characters; it bounds the work of hashing.
    pub const MAX_CHARS: usize = 1024;

    /// Checks the length rules.
    pub fn parse(input: String) -> Result<Self, ValidationError> {
        let chars = input.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(ValidationError::PasswordTooShort);
        }
        if chars > Self::MAX_CHARS {
            return Err(ValidationError::PasswordTooLong);
        }
        Ok(Self(input))
    }

    /// The password text, for hashing. Keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A user as the rest of the application sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The database id.
    pub id: UserId,
    /// The name shown and used to sign in.
    pub username: Username,
    /// Administrators manage sign-up and other users.
    pub is_admin: bool,
}

/// An account as an administrator sees it on the Users page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    /// The account.
    pub user: User,
    /// Disabled by an administrator: cannot sign in, its tokens are refused; data kept.
    pub disabled: bool,
    /// When the account was created.
    pub created_at: crate::Timestamp,
    /// How many workouts it holds (what deleting it would delete).
    pub workouts: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn usernames_are_trimmed_and_keep_their_case() {
        let name = Username::parse("  Émile_9 ").unwrap();
        assert_eq!(name.as_str(), "Émile_9");
        assert_eq!(name.key(), "émile_9");
    }

    #[test]
    fn bad_usernames_are_refused_with_the_reason() {
        let cases = [
            ("", ValidationError::UsernameEmpty),
            ("   ", ValidationError::UsernameEmpty),
            ("a b", ValidationError::UsernameCharacters),
            ("ada@example.com", ValidationError::UsernameCharacters),
            ("tab\there", ValidationError::UsernameCharacters),
            (&"x".repeat(33), ValidationError::UsernameTooLong),
        ];
        for (input, expected) in cases {
            assert_eq!(Username::parse(input), Err(expected), "input {input:?}");
        }
    }

    #[test]
    fn a_username_of_exactly_the_maximum_length_is_accepted() {
        assert!(Username::parse(&"é".repeat(Username::MAX_CHARS)).is_ok());
    }

    #[test]
    fn passwords_are_measured_in_characters_not_bytes() {
        // Nine two-byte characters are 18 bytes but still too short.
        assert_eq!(
            Password::parse("ééééééééé".to_owned()).unwrap_err(),
            ValidationError::PasswordTooShort
        );
        assert!(Password::parse("éééééééééé".to_owned()).is_ok());
        assert_eq!(
            Password::parse("x".repeat(1025)).unwrap_err(),
            ValidationError::PasswordTooLong
        );
    }

    #[test]
    fn password_debug_output_hides_the_text() {
        let password = Password::parse("correct horse battery".to_owned()).unwrap();
        assert_eq!(format!("{password:?}"), "Password(***)");
    }

    #[test]
    fn usernames_deserialize_only_when_valid() {
        assert!(serde_json::from_str::<Username>("\"ok_name\"").is_ok());
        assert!(serde_json::from_str::<Username>("\"not ok\"").is_err());
    }

    proptest! {
        #[test]
        fn parsed_usernames_are_stable_under_reparsing(input in "\\PC{0,40}") {
            if let Ok(name) = Username::parse(&input) {
                prop_assert_eq!(Username::parse(name.as_str()), Ok(name.clone()));
                prop_assert!(name.as_str().chars().count() <= Username::MAX_CHARS);
            }
        }
    }
}
