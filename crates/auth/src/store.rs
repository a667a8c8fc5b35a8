//! The account data the pages and handlers read and change outside the sign-in rules: who is
//! signed in, the sign-up setting, the account list and each account's preferences. These go
//! through [`Accounts`] so that nothing above this crate reaches the store.

use domain::{Preferences, User, UserId, Username};
use tower_sessions::Session;

use crate::{AccountError, Accounts};

impl Accounts {
    /// The signed-in user, or `None`. A session whose account is gone or whose epoch is stale
    /// (signed out everywhere, password changed) is cleared on the way.
    #[tracing::instrument(skip_all)]
    pub async fn current_user(&self, session: &Session) -> Result<Option<User>, AccountError> {
        crate::session::current_user(session, &self.db).await
    }

    /// Whether the store answers (the health check).
    pub async fn ping(&self) -> Result<(), AccountError> {
        Ok(self.db.ping().await?)
    }

    /// Whether an administrator opened sign-up.
    #[tracing::instrument(skip_all)]
    pub async fn sign_up_open(&self) -> Result<bool, AccountError> {
        Ok(self.db.sign_up_open().await?)
    }

    /// Opens or closes sign-up (the caller checks that an administrator asks).
    #[tracing::instrument(skip_all, fields(open))]
    pub async fn set_sign_up_open(&self, open: bool) -> Result<(), AccountError> {
        Ok(self.db.set_sign_up_open(open).await?)
    }

    /// Every account, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn users(&self) -> Result<Vec<User>, AccountError> {
        Ok(self.db.list_users().await?)
    }

    /// The account with this username (in any letter case), if there is one.
    #[tracing::instrument(skip_all)]
    pub async fn user_named(&self, username: &Username) -> Result<Option<User>, AccountError> {
        Ok(self
            .db
            .find_credentials(username)
            .await?
            .map(|credentials| credentials.user))
    }

    /// The account with this username if it exists and is not disabled: whom the inbox
    /// imports for.
    #[tracing::instrument(skip_all)]
    pub async fn active_user_named(
        &self,
        username: &Username,
    ) -> Result<Option<User>, AccountError> {
        Ok(self
            .db
            .find_credentials(username)
            .await?
            .filter(|credentials| !credentials.disabled)
            .map(|credentials| credentials.user))
    }

    /// The account's preferences (defaults until the user saves some).
    #[tracing::instrument(skip_all, fields(user = user.get()))]
    pub async fn preferences(&self, user: UserId) -> Result<Preferences, AccountError> {
        Ok(self.db.preferences(user).await?)
    }

    /// The language the signed-in visitor chose, if they are signed in and chose one: what
    /// every page is rendered in before the browser's `Accept-Language` is asked. One query:
    /// the session is not checked here (a stale one only picks the page's language; the page
    /// itself checks it).
    #[tracing::instrument(skip_all)]
    pub async fn chosen_language(
        &self,
        session: &Session,
    ) -> Result<Option<domain::Language>, AccountError> {
        match crate::session::claimed_user(session).await? {
            Some(user) => Ok(self.db.language(user).await?),
            None => Ok(None),
        }
    }

    /// Saves the account's preferences.
    #[tracing::instrument(skip_all, fields(user = user.get()))]
    pub async fn set_preferences(
        &self,
        user: UserId,
        preferences: &Preferences,
    ) -> Result<(), AccountError> {
        Ok(self.db.set_preferences(user, preferences).await?)
    }
}
