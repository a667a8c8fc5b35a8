//! What the web pages and the JSON API show of partners: the apps a user connected and the
//! registered partners (administrators).

use db::{Connection, Partner};
use domain::UserId;

use crate::{Partners, Result};

impl Partners {
    /// The partner apps the user connected, newest first.
    #[tracing::instrument(skip_all, fields(user = user.get()))]
    pub async fn connections(&self, user: UserId) -> Result<Vec<Connection>> {
        Ok(self.db.connections(user).await?)
    }

    /// Every registered partner.
    #[tracing::instrument(skip_all)]
    pub async fn partners(&self) -> Result<Vec<Partner>> {
        Ok(self.db.partners().await?)
    }
}
