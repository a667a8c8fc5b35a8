//! The account rules: sign-up, sign-in, password change and the administrative operations.

use std::{net::IpAddr, time::Duration};

use db::{AdminRule, Credentials, Db, DbError};
use domain::{Password, User, Username};

use crate::{
    AccountError, Field, PasswordHasher, ThrottlePolicy,
    throttle::{account_key, address_key},
};

/// Account operations over one store. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Accounts {
    db: Db,
    hasher: PasswordHasher,
    throttle: ThrottlePolicy,
}

fn username(raw: &str) -> Result<Username, AccountError> {
    Username::parse(raw).map_err(|e| AccountError::invalid(Field::Username, &e))
}

fn password(raw: &str, field: Field) -> Result<Password, AccountError> {
    Password::parse(raw.to_owned()).map_err(|e| AccountError::invalid(field, &e))
}

impl Accounts {
    /// Account operations with OWASP's argon2id parameters.
    pub fn new(db: Db, throttle: ThrottlePolicy) -> Self {
        Self::with_hasher(db, throttle, PasswordHasher::default())
    }

    /// Account operations with a chosen hasher.
    pub fn with_hasher(db: Db, throttle: ThrottlePolicy, hasher: PasswordHasher) -> Self {
        Self {
            db,
            hasher,
            throttle,
        }
    }

    /// The store these operations use.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Whether a visitor may sign up now: always for the very first account, afterwards only if
    /// an administrator opened sign-up.
    #[tracing::instrument(skip_all)]
    pub async fn sign_up_allowed(&self) -> Result<bool, AccountError> {
        Ok(self.db.count_users().await? == 0 || self.db.sign_up_open().await?)
    }

    /// Creates an account from a sign-up form. The first account becomes the administrator.
    #[tracing::instrument(skip_all)]
    pub async fn sign_up(
        &self,
        raw_username: &str,
        raw_password: &str,
    ) -> Result<User, AccountError> {
        let username = username(raw_username)?;
        let password = password(raw_password, Field::Password)?;
        if !self.sign_up_allowed().await? {
            return Err(AccountError::SignUpClosed);
        }
        self.create(&username, &password, AdminRule::IfFirst).await
    }

    /// Creates an account without the sign-up rules (`laps user add`).
    #[tracing::instrument(skip_all)]
    pub async fn add_user(
        &self,
        raw_username: &str,
        raw_password: &str,
        admin: bool,
    ) -> Result<User, AccountError> {
        let username = username(raw_username)?;
        let password = password(raw_password, Field::Password)?;
        let rule = if admin {
            AdminRule::Yes
        } else {
            AdminRule::IfFirst
        };
        self.create(&username, &password, rule).await
    }

    async fn create(
        &self,
        username: &Username,
        password: &Password,
        rule: AdminRule,
    ) -> Result<User, AccountError> {
        let hash = self.hasher.hash(password).await?;
        let user = self
            .db
            .create_user(username, &hash, rule)
            .await
            .map_err(|e| match e {
                DbError::Conflict { .. } => AccountError::UsernameTaken,
                other => other.into(),
            })?;
        tracing::info!(user_id = %user.id, is_admin = user.is_admin, "account created");
        Ok(user)
    }

    /// Checks a sign-in attempt from `client`. Returns the account's credentials (the session
    /// needs its epoch) or why not, counting failures towards the throttle.
    #[tracing::instrument(skip_all, fields(client = %client))]
    pub async fn sign_in(
        &self,
        raw_username: &str,
        raw_password: &str,
        client: IpAddr,
    ) -> Result<Credentials, AccountError> {
        // A malformed name cannot exist, but it still costs a verification and counts as a
        // failure: nothing about the answer or its timing tells names apart.
        let parsed = Username::parse(raw_username).ok();
        let account = parsed.as_ref().map(|name| account_key(&name.key()));
        let address = address_key(client);
        self.check_throttle(account.as_deref(), &address).await?;

        let credentials = match &parsed {
            Some(name) => self.db.find_credentials(name).await?,
            None => None,
        };
        let hash = credentials.as_ref().map(|c| c.password_hash.as_str());
        if self.hasher.verify(raw_password, hash).await? {
            if let Some(key) = &account {
                self.db.throttle_clear(key).await?;
            }
            let credentials = credentials.expect("a verified password belongs to an account");
            tracing::info!(user_id = %credentials.user.id, "signed in");
            return Ok(credentials);
        }

        let window = self.throttle.window_ms();
        if let Some(key) = &account {
            self.db.throttle_record_failure(key, window).await?;
        }
        self.db.throttle_record_failure(&address, window).await?;
        tracing::info!("sign-in refused: wrong username or password");
        Err(AccountError::WrongCredentials)
    }

    async fn check_throttle(
        &self,
        account: Option<&str>,
        address: &str,
    ) -> Result<(), AccountError> {
        let window = self.throttle.window_ms();
        let limits = [
            (account, self.throttle.per_account),
            (Some(address), self.throttle.per_address),
        ];
        for (key, limit) in limits {
            let Some(key) = key else { continue };
            if let Some(current) = self.db.throttle_get(key, window).await?
                && current.failures >= i64::from(limit)
            {
                let ends = current.started_at_ms.saturating_add(window);
                let left = ends.saturating_sub(now_ms()).max(1000);
                tracing::warn!(throttle_key = key, "sign-in throttled");
                return Err(AccountError::Throttled {
                    retry_after: Duration::from_millis(u64::try_from(left).unwrap_or(1000)),
                });
            }
        }
        Ok(())
    }

    /// Changes a signed-in user's password after checking the current one. Returns the new
    /// session epoch: every other session of the user is signed out.
    #[tracing::instrument(skip_all, fields(user_id = %user.id))]
    pub async fn change_password(
        &self,
        user: &User,
        current: &str,
        new: &str,
    ) -> Result<i64, AccountError> {
        let new = password(new, Field::Password)?;
        let credentials = self.db.get_credentials(user.id).await?;
        if !self
            .hasher
            .verify(current, Some(&credentials.password_hash))
            .await?
        {
            return Err(AccountError::WrongCurrentPassword);
        }
        let hash = self.hasher.hash(&new).await?;
        let epoch = self.db.set_password_hash(user.id, &hash).await?;
        tracing::info!("password changed");
        Ok(epoch)
    }

    /// Sets a user's password without the current one (`laps user set-password`).
    #[tracing::instrument(skip_all)]
    pub async fn set_password(
        &self,
        raw_username: &str,
        raw_password: &str,
    ) -> Result<User, AccountError> {
        let credentials = self.find(raw_username).await?;
        let hash = self
            .hasher
            .hash(&password(raw_password, Field::Password)?)
            .await?;
        self.db
            .set_password_hash(credentials.user.id, &hash)
            .await?;
        Ok(credentials.user)
    }

    /// Grants or withdraws administrator rights (`laps user set-admin`).
    #[tracing::instrument(skip_all)]
    pub async fn set_admin(
        &self,
        raw_username: &str,
        is_admin: bool,
    ) -> Result<User, AccountError> {
        let credentials = self.find(raw_username).await?;
        self.db.set_admin(credentials.user.id, is_admin).await?;
        Ok(User {
            is_admin,
            ..credentials.user
        })
    }

    async fn find(&self, raw_username: &str) -> Result<Credentials, AccountError> {
        let name = username(raw_username)?;
        self.db
            .find_credentials(&name)
            .await?
            .ok_or_else(|| AccountError::UnknownUser(name.to_string()))
    }
}

fn now_ms() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(now.as_millis()).unwrap_or(i64::MAX)
}
