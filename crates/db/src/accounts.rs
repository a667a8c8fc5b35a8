//! Accounts: create, find, list, change password, grant admin.

use domain::{User, UserId, Username};

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

type AccountRow = (i64, String, bool, String, i64);

const ACCOUNT_COLUMNS: &str = "account_id, username, is_admin, password_hash, session_epoch";

fn credentials(
    (id, name, is_admin, password_hash, session_epoch): AccountRow,
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
        let now = domain::Timestamp::now().unix_ms();
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
            .bind(domain::Timestamp::now().unix_ms())
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
            .bind(domain::Timestamp::now().unix_ms())
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
                .bind(domain::Timestamp::now().unix_ms())
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
}
