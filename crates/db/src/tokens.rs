//! Personal access tokens, stored by the SHA-256 of their value.

use domain::UserId;

use crate::{Db, Result, on_pool};

/// A token as listed (never its value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Its id.
    pub id: i64,
    /// The owner.
    pub account: UserId,
    /// What the user called it.
    pub name: String,
    /// Granted scopes, space-separated.
    pub scopes: String,
    /// When it was made (unix ms).
    pub created_at: i64,
    /// When it was last used (unix ms).
    pub last_used_at: Option<i64>,
}

type TokenRow = (i64, i64, String, String, i64, Option<i64>);

fn token((id, account, name, scopes, created_at, last_used_at): TokenRow) -> ApiToken {
    ApiToken {
        id,
        account: UserId::new(account),
        name,
        scopes,
        created_at,
        last_used_at,
    }
}

const COLUMNS: &str = "token_id, account_id, name, scopes, created_at, last_used_at";

impl Db {
    /// Stores a new token.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn api_token_create(
        &self,
        user: UserId,
        name: &str,
        token_hash: &str,
        scopes: &str,
    ) -> Result<ApiToken> {
        let sql = format!(
            "INSERT INTO api_token (account_id, name, token_hash, scopes, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
        );
        let row: TokenRow = on_pool!(self, pool =>
            sqlx::query_as(&sql)
                .bind(user.get()).bind(name).bind(token_hash).bind(scopes).bind(domain::Timestamp::now().unix_ms())
                .fetch_one(pool).await
        )?;
        Ok(token(row))
    }

    /// The user's tokens, newest first.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn api_tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM api_token WHERE account_id = $1 ORDER BY created_at DESC, token_id DESC"
        );
        let rows: Vec<TokenRow> = on_pool!(self, pool =>
            sqlx::query_as(&sql).bind(user.get()).fetch_all(pool).await
        )?;
        Ok(rows.into_iter().map(token).collect())
    }

    /// The token with this hash, noting that it is being used now.
    #[tracing::instrument(skip_all)]
    pub async fn api_token_use(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        let sql = format!(
            "UPDATE api_token SET last_used_at = $1 WHERE token_hash = $2 RETURNING {COLUMNS}"
        );
        let row: Option<TokenRow> = on_pool!(self, pool =>
            sqlx::query_as(&sql).bind(domain::Timestamp::now().unix_ms()).bind(token_hash).fetch_optional(pool).await
        )?;
        Ok(row.map(token))
    }

    /// Revokes (deletes) one of the user's tokens. `false` if it was not theirs or is gone.
    #[tracing::instrument(skip_all, fields(user = %user, token = id))]
    pub async fn api_token_delete(&self, user: UserId, id: i64) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query("DELETE FROM api_token WHERE token_id = $1 AND account_id = $2")
                .bind(id).bind(user.get())
                .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(done == 1)
    }
}
