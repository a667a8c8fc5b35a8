//! Laps accounts: the rules of sign-up, sign-in and password change, on top of [`db`].
//!
//! This crate is server-only (it hashes passwords and talks to the database); both the Leptos
//! server functions and the `laps user` commands call it, so the rules live in one place:
//!
//! - passwords are hashed with argon2id at OWASP's current parameters, on a blocking thread;
//! - signing in as an unknown user costs the same hash verification as a wrong password;
//! - failed sign-ins are counted per account from one client address and per client address,
//!   in the database, so every server instance sees the same counts; each attempt takes its
//!   slot before the password is hashed, so parallel attempts cannot overrun a limit, and a
//!   stranger's failures never lock the owner out from another address;
//! - the first account is an administrator; after that, sign-up is open only if an
//!   administrator opened it;
//! - administrators add, disable, reset and delete other accounts (never their own); a
//!   disabled account's sessions, sign-ins and tokens are refused, its data kept.
//!
//! ```no_run
//! # async fn demo(db: db::Db) -> Result<(), auth::AccountError> {
//! let accounts = auth::Accounts::new(db, auth::ThrottlePolicy::default());
//! let user = accounts.sign_up("ada", "correct horse battery", "127.0.0.1".parse().unwrap()).await?;
//! let signed_in = accounts.sign_in("ada", "correct horse battery", "127.0.0.1".parse().unwrap()).await?;
//! assert_eq!(user.id, signed_in.user.id);
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod accounts;
mod admin;
mod error;
mod password;
pub mod secret;
pub mod session;
mod store;
mod throttle;
mod tokens;

pub use accounts::{Accounts, Revoke};
pub use admin::TemporaryPassword;
pub use error::{AccountError, Field, Throttle};
pub use password::PasswordHasher;
pub use throttle::{Limited, ThrottlePolicy};
pub use tokens::{NewToken, TOKEN_PREFIX, TokenAccess, TokenScope};
