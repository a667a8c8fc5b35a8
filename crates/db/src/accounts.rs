//! Accounts: create, find, list, change password, grant admin, disable, delete.

use domain::{AccountSummary, Timestamp, User, UserId, Username};

use crate::{Db, DbError, Result, on_pool};

/// Whether a new account is an administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminRule {
    /// Always an administrator (`laps user add --admin`).
    Yes,
    /// Never.
    No,
    /// Only if it is the first account: the person who installs Laps runs it.
    IfFirst,
}

/// What sign-in needs: the user, their password hash and their session epoch.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The account.
    pub user: User,
    /// The PHC string of the password.
    pub password_hash: String,
    /// Sessions must carry this epoch to stay valid; it changes with the password.
    pub session_epoch: i64,
    /// An administrator disabled the account: it may not sign in or use its tokens.
    pub disabled: bool,
}

/// What [`Db::set_password_hash_and_revoke`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordChange {
    /// The account's new session epoch.
    pub epoch: i64,
    /// Personal access tokens revoked.
    pub tokens_revoked: u64,
    /// Partner apps disconnected.
    pub grants_revoked: u64,
}

type AccountRow = (i64, String, bool, String, i64, bool);

const ACCOUNT_COLUMNS: &str =
    "account_id, username, is_admin, password_hash, session_epoch, disabled_at IS NOT NULL";

fn credentials(
    (id, name, is_admin, password_hash, session_epoch, disabled): AccountRow,
) -> Result<Credentials> {
    // A stored name that no longer parses means the rules changed under existing data: surface
    // it as an error rather than inventing a name.
    let username =
        Username::parse(&name).map_err(|e| DbError::Other(sqlx::Error::Decode(e.into())))?;
    Ok(Credentials {
        user: User {
            id: UserId::new(id),
            username,
            is_admin,
        },
        password_hash,
        session_epoch,
        disabled,
    })
}

impl Db {
    /// Creates an account. A name taken in any letter case gives [`DbError::Conflict`].
    #[tracing::instrument(skip_all, fields(username = %username))]
    pub async fn create_user(
        &self,
        username: &Username,
        password_hash: &str,
        admin: AdminRule,
    ) -> Result<User> {
        let now = Timestamp::now().unix_ms();
        // The first-account check happens inside the INSERT, so it sees the table as it is at
        // that moment rather than as it was when the request started.
        let is_admin_sql = match admin {
            AdminRule::Yes => "TRUE",
            AdminRule::No => "FALSE",
            AdminRule::IfFirst => "NOT EXISTS (SELECT 1 FROM account)",
        };
        let sql = format!(
            "INSERT INTO account (username, username_key, password_hash, is_admin, created_at, updated_at) \
             VALUES ($1, $2, $3, {is_admin_sql}, $4, $4) RETURNING {ACCOUNT_COLUMNS}"
        );
        let row: AccountRow = on_pool!(self, pool =>
            sqlx::query_as(&sql)
                .bind(username.as_str())
                .bind(username.key())
                .bind(password_hash)
                .bind(now)
                .fetch_one(pool)
                .await
        )?;
        Ok(credentials(row)?.user)
    }

    /// Finds an account by name, in any letter case.
    #[tracing::instrument(skip_all)]
    pub async fn find_credentials(&self, username: &Username) -> Result<Option<Credentials>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account WHERE username_key = $1");
        let row: Option<AccountRow> = on_pool!(self, pool =>
            sqlx::query_as(&sql).bind(username.key()).fetch_optional(pool).await
        )?;
        row.map(credentials).transpose()
    }

    /// Loads an account by id.
    #[tracing::instrument(skip_all, fields(user_id = %id))]
    pub async fn get_credentials(&self, id: UserId) -> Result<Credentials> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account WHERE account_id = $1");
        let row: AccountRow = on_pool!(self, pool =>
            sqlx::query_as(&sql).bind(id.get()).fetch_one(pool).await
        )?;
        credentials(row)
    }

    /// Every account, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn list_users(&self) -> Result<Vec<User>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account ORDER BY account_id");
        let rows: Vec<AccountRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|row| credentials(row).map(|c| c.user))
            .collect()
    }

    /// How many accounts exist.
    #[tracing::instrument(skip_all)]
    pub async fn count_users(&self) -> Result<i64> {
        let (count,): (i64,) = on_pool!(self, pool =>
            sqlx::query_as("SELECT COUNT(*) FROM account").fetch_one(pool).await
        )?;
        Ok(count)
    }

    /// Replaces the password hash and moves the session epoch on, which signs out every session
    /// made with the old password. Returns the new epoch.
    #[tracing::instrument(skip_all, fields(user_id = %id))]
    pub async fn set_password_hash(&self, id: UserId, password_hash: &str) -> Result<i64> {
        let (epoch,): (i64,) = on_pool!(self, pool =>
            sqlx::query_as(
                "UPDATE account SET password_hash = $1, session_epoch = session_epoch + 1, updated_at = $2 \
                 WHERE account_id = $3 RETURNING session_epoch",
            )
            .bind(password_hash)
            .bind(Timestamp::now().unix_ms())
            .bind(id.get())
            .fetch_one(pool)
            .await
        )?;
        Ok(epoch)
    }

    /// Replaces the password hash as [`Db::set_password_hash`] does and, in the same
    /// transaction, revokes the account's personal access tokens (`tokens`) and disconnects
    /// every partner app (`grants`: their grants, and with them every code, token,
    /// registration and transaction issued under them).
    #[tracing::instrument(skip_all, fields(user_id = %id, tokens, grants))]
    pub async fn set_password_hash_and_revoke(
        &self,
        id: UserId,
        password_hash: &str,
        tokens: bool,
        grants: bool,
    ) -> Result<PasswordChange> {
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let (epoch,): (i64,) = sqlx::query_as(
                "UPDATE account SET password_hash = $1, session_epoch = session_epoch + 1, updated_at = $2 \
                 WHERE account_id = $3 RETURNING session_epoch",
            )
            .bind(password_hash)
            .bind(Timestamp::now().unix_ms())
            .bind(id.get())
            .fetch_one(&mut *tx)
            .await?;
            let tokens_revoked = if tokens {
                sqlx::query("DELETE FROM api_token WHERE account_id = $1")
                    .bind(id.get())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
            } else {
                0
            };
            let grants_revoked = if grants {
                sqlx::query("DELETE FROM oauth_grant WHERE account_id = $1")
                    .bind(id.get())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
            } else {
                0
            };
            tx.commit().await?;
            Ok::<_, DbError>(PasswordChange {
                epoch,
                tokens_revoked,
                grants_revoked,
            })
        }.await)
    }

    /// Grants or withdraws administrator rights.
    #[tracing::instrument(skip_all, fields(user_id = %id, is_admin))]
    pub async fn set_admin(&self, id: UserId, is_admin: bool) -> Result<()> {
        let done = on_pool!(self, pool =>
            sqlx::query("UPDATE account SET is_admin = $1, updated_at = $2 WHERE account_id = $3")
                .bind(is_admin)
                .bind(Timestamp::now().unix_ms())
                .bind(id.get())
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        )?;
        if done == 0 {
            return Err(DbError::NotFound);
        }
        Ok(())
    }

    /// Every account with what an administrator sees of it, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn account_summaries(&self) -> Result<Vec<AccountSummary>> {
        type Row = (i64, String, bool, String, i64, bool, i64, i64);
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, created_at, \
             (SELECT COUNT(*) FROM workout w WHERE w.account_id = account.account_id) \
             FROM account ORDER BY account_id"
        );
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
        rows.into_iter()
            .map(
                |(id, name, admin, hash, epoch, disabled, created_at, workouts)| {
                    let credentials = credentials((id, name, admin, hash, epoch, disabled))?;
                    Ok(AccountSummary {
                        user: credentials.user,
                        disabled,
                        created_at: Timestamp::from_unix_ms(created_at),
                        workouts: u64::try_from(workouts).unwrap_or(0),
                    })
                },
            )
            .collect()
    }

    /// Disables an account (its sessions are signed out: the epoch moves on) or enables it
    /// again. [`DbError::NotFound`] if there is no such account.
    #[tracing::instrument(skip_all, fields(user_id = %id, disabled))]
    pub async fn set_disabled(&self, id: UserId, disabled: bool) -> Result<()> {
        let now = Timestamp::now().unix_ms();
        let sql = if disabled {
            "UPDATE account SET disabled_at = COALESCE(disabled_at, $1), \
             session_epoch = session_epoch + 1, updated_at = $1 WHERE account_id = $2"
        } else {
            "UPDATE account SET disabled_at = NULL, updated_at = $1 WHERE account_id = $2"
        };
        let done = on_pool!(self, pool =>
            sqlx::query(sql).bind(now).bind(id.get()).execute(pool).await.map(|d| d.rows_affected())
        )?;
        if done == 0 {
            return Err(DbError::NotFound);
        }
        Ok(())
    }

    /// Deletes an account and everything it owns (workouts, originals, analyses, gear,
    /// tokens, partner grants, sessions' owner: the foreign keys cascade), in one
    /// transaction. [`DbError::NotFound`] if there is no such account.
    #[tracing::instrument(skip_all, fields(user_id = %id))]
    pub async fn delete_user(&self, id: UserId) -> Result<()> {
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let done = sqlx::query("DELETE FROM account WHERE account_id = $1")
                .bind(id.get())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if done == 0 {
                return Err(DbError::NotFound);
            }
            // The workouts' triggers counted their deletion here; the account is gone, so its
            // counter goes too (ids are never reused, so no one inherits it).
            sqlx::query("DELETE FROM account_revision WHERE account_id = $1")
                .bind(id.get())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, DbError>(())
        }.await)
    }
}
