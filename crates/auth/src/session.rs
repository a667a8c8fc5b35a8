//! Who is signed in: the link between a tower-sessions [`Session`] and an account.
//!
//! A session holds the user id and the account's session epoch at sign-in. Changing the
//! password moves the epoch on, so every older session stops being valid at its next request.

use db::{Credentials, Db, DbError};
use domain::{User, UserId};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::AccountError;

const KEY: &str = "auth";

#[derive(Debug, Serialize, Deserialize)]
struct SignedIn {
    user_id: i64,
    epoch: i64,
}

/// Marks the session as signed in to `credentials`' account. The session id is replaced first,
/// so an id planted before sign-in (session fixation) is worthless.
pub async fn sign_in(session: &Session, credentials: &Credentials) -> Result<(), AccountError> {
    session.cycle_id().await?;
    session
        .insert(
            KEY,
            SignedIn {
                user_id: credentials.user.id.get(),
                epoch: credentials.session_epoch,
            },
        )
        .await?;
    Ok(())
}

/// Keeps the current session valid after a password change moved the epoch on, and gives it a
/// new id (the old one may have leaked with the old password).
pub async fn renew(session: &Session, user: &User, epoch: i64) -> Result<(), AccountError> {
    session.cycle_id().await?;
    session
        .insert(
            KEY,
            SignedIn {
                user_id: user.id.get(),
                epoch,
            },
        )
        .await?;
    Ok(())
}

/// The account the session says it is signed in to, unchecked: for what only shapes the page
/// (its language), never for what it may see or do, which [`current_user`] decides.
pub(crate) async fn claimed_user(session: &Session) -> Result<Option<UserId>, AccountError> {
    Ok(session
        .get::<SignedIn>(KEY)
        .await?
        .map(|signed_in| UserId::new(signed_in.user_id)))
}

/// The signed-in user, or `None`. A session whose account is gone or disabled, or whose epoch
/// is stale, is cleared on the way.
pub(crate) async fn current_user(session: &Session, db: &Db) -> Result<Option<User>, AccountError> {
    let Some(signed_in) = session.get::<SignedIn>(KEY).await? else {
        return Ok(None);
    };
    let credentials = match db.get_credentials(UserId::new(signed_in.user_id)).await {
        Ok(credentials) => credentials,
        Err(DbError::NotFound) => {
            session.flush().await?;
            return Ok(None);
        }
        Err(other) => return Err(other.into()),
    };
    if credentials.session_epoch != signed_in.epoch || credentials.disabled {
        session.flush().await?;
        return Ok(None);
    }
    Ok(Some(credentials.user))
}

/// Signs out: deletes the session from the store and clears the cookie.
pub async fn sign_out(session: &Session) -> Result<(), AccountError> {
    session.flush().await?;
    Ok(())
}
