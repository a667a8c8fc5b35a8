//! The account rules: sign-up, sign-in, password change and the administrative operations.

use std::{net::IpAddr, time::Duration};

use db::{AdminRule, Credentials, Db, DbError, Reservation};
use domain::{Password, Timestamp, User, Username};

use crate::{
    AccountError, Field, Limited, PasswordHasher, Throttle, ThrottlePolicy,
    throttle::{account_key, address_key, request_key},
};

/// What a password change withdraws besides the other sessions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Revoke {
    /// Delete every personal access token.
    pub tokens: bool,
    /// Disconnect every partner app (grants, their tokens and registrations).
    pub partner_apps: bool,
}

impl Revoke {
    /// Everything: what a password that may have been compromised calls for (whoever had it
    /// may have made tokens or connected apps with it).
    pub const ALL: Self = Self {
        tokens: true,
        partner_apps: true,
    };
}

/// Account operations over one store. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Accounts {
    pub(crate) db: Db,
    pub(crate) hasher: PasswordHasher,
    throttle: ThrottlePolicy,
}

fn username(raw: &str) -> Result<Username, AccountError> {
    Username::parse(raw).map_err(|e| AccountError::invalid(Field::Username, &e))
}

pub(crate) fn parse_password(raw: &str, field: Field) -> Result<Password, AccountError> {
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

    /// Whether a visitor may sign up now: always for the very first account, afterwards only if
    /// an administrator opened sign-up.
    #[tracing::instrument(skip_all)]
    pub async fn sign_up_allowed(&self) -> Result<bool, AccountError> {
        Ok(self.db.count_users().await? == 0 || self.db.sign_up_open().await?)
    }

    /// Whether no account exists yet: the next one to sign up becomes the administrator.
    #[tracing::instrument(skip_all)]
    pub async fn is_fresh(&self) -> Result<bool, AccountError> {
        Ok(self.db.count_users().await? == 0)
    }

    /// Creates an account from a sign-up form sent from `client`. The first account becomes
    /// the administrator. Each sign-up that gets as far as hashing its password counts towards
    /// the address's sign-up limit (a form with a bad field costs nothing and is not counted).
    #[tracing::instrument(skip_all, fields(client = %client))]
    pub async fn sign_up(
        &self,
        raw_username: &str,
        raw_password: &str,
        client: IpAddr,
    ) -> Result<User, AccountError> {
        let username = username(raw_username)?;
        let password = parse_password(raw_password, Field::Password)?;
        if !self.sign_up_allowed().await? {
            return Err(AccountError::SignUpClosed);
        }
        self.count_request(Limited::SignUp, client).await?;
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
        let rule = if admin {
            AdminRule::Yes
        } else {
            AdminRule::IfFirst
        };
        self.add_with_rule(raw_username, raw_password, rule).await
    }

    pub(crate) async fn add_with_rule(
        &self,
        raw_username: &str,
        raw_password: &str,
        rule: AdminRule,
    ) -> Result<User, AccountError> {
        let username = username(raw_username)?;
        let password = parse_password(raw_password, Field::Password)?;
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
    /// needs its epoch) or why not.
    ///
    /// The attempt takes its slots (per address, then per account from this address) before
    /// the password is hashed, in one statement each, and gives them back if it succeeds: a
    /// burst of parallel guesses gets at most the limit past the hash, and a stranger's
    /// failures lock only the stranger's address out of the account, never its owner
    /// elsewhere.
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
        let address = address_key(client);
        self.reserve(&address, self.throttle.per_address, Throttle::SignIn)
            .await?;
        let account = parsed.as_ref().map(|name| account_key(&name.key(), client));
        if let Some(key) = &account
            && let Err(e) = self
                .reserve(key, self.throttle.per_account, Throttle::SignIn)
                .await
        {
            self.db.throttle_release(&address).await?;
            return Err(e);
        }

        let credentials = match &parsed {
            Some(name) => self.db.find_credentials(name).await?,
            None => None,
        };
        let hash = credentials.as_ref().map(|c| c.password_hash.as_str());
        if self.hasher.verify(raw_password, hash).await? {
            // Not a failure after all: the address gets its slot back, and the account's
            // failures from this address are forgiven.
            self.db.throttle_release(&address).await?;
            if let Some(key) = &account {
                self.db.throttle_clear(key).await?;
            }
            let credentials = credentials.expect("a verified password belongs to an account");
            // Said only to whoever knows the password: it tells a stranger nothing.
            if credentials.disabled {
                tracing::info!(user_id = %credentials.user.id, "sign-in refused: account disabled");
                return Err(AccountError::Disabled);
            }
            tracing::info!(user_id = %credentials.user.id, "signed in");
            return Ok(credentials);
        }
        tracing::info!("sign-in refused: wrong username or password");
        Err(AccountError::WrongCredentials)
    }

    /// Counts one `limited` request from `client`, or says how long it must wait.
    #[tracing::instrument(skip_all, fields(client = %client, ?limited))]
    pub async fn count_request(
        &self,
        limited: Limited,
        client: IpAddr,
    ) -> Result<(), AccountError> {
        self.reserve(
            &request_key(limited, client),
            self.throttle.limit_of(limited),
            Throttle::Requests,
        )
        .await
    }

    /// Takes one slot under `key`, or refuses with the time left in its window.
    async fn reserve(&self, key: &str, limit: u32, what: Throttle) -> Result<(), AccountError> {
        let window = self.throttle.window_ms();
        match self.db.throttle_reserve(key, limit, window).await? {
            Reservation::Granted => Ok(()),
            Reservation::Refused { started_at_ms } => {
                let left = started_at_ms
                    .saturating_add(window)
                    .saturating_sub(Timestamp::now().unix_ms())
                    .max(1000);
                tracing::warn!(throttle_key = key, "throttled");
                Err(AccountError::Throttled {
                    retry_after: Duration::from_millis(u64::try_from(left).unwrap_or(1000)),
                    what,
                })
            }
        }
    }

    /// Changes a signed-in user's password after checking the current one, and revokes what
    /// `revoke` names in the same transaction. Every other session of the user is signed out
    /// (the returned epoch is the one to keep this session on).
    #[tracing::instrument(skip_all, fields(user_id = %user.id, ?revoke))]
    pub async fn change_password(
        &self,
        user: &User,
        current: &str,
        new: &str,
        revoke: Revoke,
    ) -> Result<db::PasswordChange, AccountError> {
        let new = parse_password(new, Field::Password)?;
        let credentials = self.db.get_credentials(user.id).await?;
        if !self
            .hasher
            .verify(current, Some(&credentials.password_hash))
            .await?
        {
            return Err(AccountError::WrongCurrentPassword);
        }
        let hash = self.hasher.hash(&new).await?;
        let changed = self
            .db
            .set_password_hash_and_revoke(user.id, &hash, revoke.tokens, revoke.partner_apps)
            .await?;
        tracing::info!(
            tokens_revoked = changed.tokens_revoked,
            apps_disconnected = changed.grants_revoked,
            "password changed"
        );
        Ok(changed)
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
            .hash(&parse_password(raw_password, Field::Password)?)
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
