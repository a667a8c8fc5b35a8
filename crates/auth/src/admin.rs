//! What administrators do to other accounts (the Administration → Users page): add one, give
//! a temporary password, disable or enable, grant or withdraw administrator rights, delete one
//! with its data. Every operation takes the acting user and checks the rights here, so no caller
//! can forget to; none may be done to one's own account where it could leave the instance
//! without an administrator.

use db::{AdminRule, DbError};
use domain::{AccountSummary, User, UserId};

use crate::{AccountError, Accounts, Field, accounts::parse_password, secret};

/// What [`Accounts::reset_password`] gives the administrator to pass on.
#[derive(Debug, Clone)]
pub struct TemporaryPassword {
    /// The account it was set on.
    pub user: User,
    /// Shown once to the administrator, who hands it to the user; the user changes it under
    /// Settings → Password.
    pub password: String,
}

fn require_admin(actor: &User) -> Result<(), AccountError> {
    if actor.is_admin {
        Ok(())
    } else {
        Err(AccountError::NotAdministrator)
    }
}

fn not_self(actor: &User, target: UserId) -> Result<(), AccountError> {
    if actor.id == target {
        Err(AccountError::OwnAccount)
    } else {
        Ok(())
    }
}

fn missing(error: DbError) -> AccountError {
    match error {
        DbError::NotFound => AccountError::NoSuchAccount,
        other => other.into(),
    }
}

impl Accounts {
    /// The account an administrator acts on, or [`AccountError::NoSuchAccount`].
    async fn account(&self, target: UserId) -> Result<User, AccountError> {
        Ok(self.db.get_credentials(target).await.map_err(missing)?.user)
    }

    /// Every account with its state and workout count, oldest first (administrators only).
    #[tracing::instrument(skip_all, fields(actor = %actor.id))]
    pub async fn account_summaries(
        &self,
        actor: &User,
    ) -> Result<Vec<AccountSummary>, AccountError> {
        require_admin(actor)?;
        Ok(self.db.account_summaries().await?)
    }

    /// Creates an account for someone (sign-up need not be open).
    #[tracing::instrument(skip_all, fields(actor = %actor.id, make_admin))]
    pub async fn admin_add_user(
        &self,
        actor: &User,
        raw_username: &str,
        raw_password: &str,
        make_admin: bool,
    ) -> Result<User, AccountError> {
        require_admin(actor)?;
        let rule = if make_admin {
            AdminRule::Yes
        } else {
            AdminRule::No
        };
        let user = self.add_with_rule(raw_username, raw_password, rule).await?;
        tracing::info!(user_id = %user.id, "account added by an administrator");
        Ok(user)
    }

    /// Sets a temporary password on another account and signs out its sessions.
    #[tracing::instrument(skip_all, fields(actor = %actor.id, target = %target))]
    pub async fn reset_password(
        &self,
        actor: &User,
        target: UserId,
    ) -> Result<TemporaryPassword, AccountError> {
        require_admin(actor)?;
        // One's own password is changed with the current one (Settings → Password).
        not_self(actor, target)?;
        let user = self.account(target).await?;
        let password = secret::temporary_password();
        let hash = self
            .hasher
            .hash(&parse_password(&password, Field::Password)?)
            .await?;
        self.db
            .set_password_hash(target, &hash)
            .await
            .map_err(missing)?;
        tracing::info!(user_id = %target, "temporary password set by an administrator");
        Ok(TemporaryPassword { user, password })
    }

    /// Disables another account (signed out everywhere, sign-in and tokens refused, data kept)
    /// or enables it again. Returns the account.
    #[tracing::instrument(skip_all, fields(actor = %actor.id, target = %target, disabled))]
    pub async fn set_disabled(
        &self,
        actor: &User,
        target: UserId,
        disabled: bool,
    ) -> Result<User, AccountError> {
        require_admin(actor)?;
        not_self(actor, target)?;
        let user = self.account(target).await?;
        self.db
            .set_disabled(target, disabled)
            .await
            .map_err(missing)?;
        tracing::info!(user_id = %target, disabled, "account state changed by an administrator");
        Ok(user)
    }

    /// Grants or withdraws another account's administrator rights. Not one's own: the acting
    /// administrator stays one, so the instance always keeps one.
    #[tracing::instrument(skip_all, fields(actor = %actor.id, target = %target, is_admin))]
    pub async fn set_admin_rights(
        &self,
        actor: &User,
        target: UserId,
        is_admin: bool,
    ) -> Result<User, AccountError> {
        require_admin(actor)?;
        not_self(actor, target)?;
        let user = self.account(target).await?;
        self.db.set_admin(target, is_admin).await.map_err(missing)?;
        tracing::info!(user_id = %target, is_admin, "administrator rights changed");
        Ok(User { is_admin, ..user })
    }

    /// Deletes another account with all its data, once `confirm` (what the administrator
    /// typed) names it (in any letter case).
    #[tracing::instrument(skip_all, fields(actor = %actor.id, target = %target))]
    pub async fn delete_account(
        &self,
        actor: &User,
        target: UserId,
        confirm: &str,
    ) -> Result<User, AccountError> {
        require_admin(actor)?;
        not_self(actor, target)?;
        let user = self.account(target).await?;
        let typed = domain::Username::parse(confirm.trim()).ok();
        if typed.map(|name| name.key()) != Some(user.username.key()) {
            return Err(AccountError::ConfirmationMismatch);
        }
        self.db.delete_user(target).await.map_err(missing)?;
        tracing::info!(user_id = %target, "account deleted by an administrator");
        Ok(user)
    }
}
