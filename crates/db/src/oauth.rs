//! Authorization codes and tokens, stored by the SHA-256 of their value.

use domain::UserId;
use sqlx::Row;

use crate::{Db, DbError, Result, on_pool};

/// A new authorization code.
#[derive(Debug, Clone)]
pub struct NewCode {
    /// SHA-256 (hex) of the code.
    pub code_hash: String,
    /// The grant it was issued under.
    pub grant_id: i64,
    /// The redirect URI it was sent to.
    pub redirect_uri: String,
    /// Whether the authorization request named that URI.
    pub redirect_sent: bool,
    /// Scopes it carries, space-separated.
    pub scopes: String,
    /// PKCE S256 challenge, if one was sent.
    pub code_challenge: Option<String>,
    /// Expiry (unix ms).
    pub expires_at: i64,
}

/// A code presented at the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCode {
    /// The grant.
    pub grant_id: i64,
    /// The partner of the grant.
    pub partner_id: i64,
    /// Where it was sent.
    pub redirect_uri: String,
    /// Whether the authorization request named that URI.
    pub redirect_sent: bool,
    /// Scopes, space-separated.
    pub scopes: String,
    /// PKCE challenge.
    pub code_challenge: Option<String>,
    /// Expiry (unix ms).
    pub expires_at: i64,
}

/// What taking a code found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeUse {
    /// First use: the code is now spent.
    First(StoredCode),
    /// The code was spent before; every token issued from it has been revoked.
    Reused,
    /// No such code.
    Unknown,
}

/// Access or refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Bearer token for the resource API.
    Access,
    /// Gets new tokens at the token endpoint.
    Refresh,
}

impl TokenKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Refresh => "refresh",
        }
    }
}

/// A new token.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// SHA-256 (hex) of the token.
    pub token_hash: String,
    /// The grant.
    pub grant_id: i64,
    /// Access or refresh.
    pub kind: TokenKind,
    /// Every token issued from one code shares it.
    pub family: String,
    /// Scopes, space-separated.
    pub scopes: String,
    /// Expiry (unix ms).
    pub expires_at: i64,
}

/// A stored token with what it grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredToken {
    /// The grant.
    pub grant_id: i64,
    /// The partner.
    pub partner_id: i64,
    /// The user.
    pub account: UserId,
    /// The user id the partner sees.
    pub partner_user_id: i64,
    /// When a token of the grant was last used (unix ms).
    pub grant_last_used_at: Option<i64>,
    /// The partner's status now.
    pub partner_status: crate::PartnerStatus,
    /// Whether the partner uses the AccessLink profile.
    pub accesslink: bool,
    /// An administrator disabled the user's account: the token is good for nothing until it
    /// is enabled again (but can still be revoked).
    pub account_disabled: bool,
    /// Access or refresh.
    pub kind: TokenKind,
    /// Its family.
    pub family: String,
    /// Scopes, space-separated.
    pub scopes: String,
    /// Issued (unix ms).
    pub created_at: i64,
    /// Expiry (unix ms).
    pub expires_at: i64,
    /// When a refresh token was spent.
    pub used_at: Option<i64>,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
}

impl StoredToken {
    /// Unrevoked, unexpired and (for a refresh token) unspent.
    pub fn is_active(&self, now_ms: i64) -> bool {
        self.revoked_at.is_none() && self.used_at.is_none() && self.expires_at > now_ms
    }
}

impl Db {
    /// Stores an authorization code.
    #[tracing::instrument(skip_all, fields(grant = code.grant_id))]
    pub async fn code_insert(&self, code: &NewCode) -> Result<()> {
        on_pool!(self, pool =>
            sqlx::query(
                "INSERT INTO oauth_code (code_hash, grant_id, redirect_uri, redirect_sent, scopes, \
                 code_challenge, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&code.code_hash).bind(code.grant_id).bind(&code.redirect_uri)
            .bind(code.redirect_sent).bind(&code.scopes).bind(&code.code_challenge)
            .bind(domain::Timestamp::now().unix_ms()).bind(code.expires_at)
            .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(())
    }

    /// Spends a code. A second use revokes every token issued from it (RFC 6749 §10.5).
    #[tracing::instrument(skip_all)]
    pub async fn code_take(&self, code_hash: &str) -> Result<CodeUse> {
        let now = domain::Timestamp::now().unix_ms();
        let spent = on_pool!(self, pool =>
            sqlx::query("UPDATE oauth_code SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL")
                .bind(now).bind(code_hash)
                .execute(pool).await.map(|d| d.rows_affected())
        )?;
        let row = on_pool!(self, pool => async {
            let row = sqlx::query(
                "SELECT c.grant_id, g.partner_id, c.redirect_uri, c.redirect_sent, c.scopes, \
                 c.code_challenge, c.expires_at FROM oauth_code c \
                 JOIN oauth_grant g ON g.grant_id = c.grant_id WHERE c.code_hash = $1",
            )
            .bind(code_hash)
            .fetch_optional(pool)
            .await?;
            match row {
                Some(row) => Ok::<_, DbError>(Some(StoredCode {
                    grant_id: row.try_get("grant_id")?,
                    partner_id: row.try_get("partner_id")?,
                    redirect_uri: row.try_get("redirect_uri")?,
                    redirect_sent: row.try_get("redirect_sent")?,
                    scopes: row.try_get("scopes")?,
                    code_challenge: row.try_get("code_challenge")?,
                    expires_at: row.try_get("expires_at")?,
                })),
                None => Ok(None),
            }
        }.await)?;
        match (row, spent) {
            (None, _) => Ok(CodeUse::Unknown),
            (Some(code), 1) => Ok(CodeUse::First(code)),
            (Some(_), _) => {
                self.tokens_revoke_family(code_hash).await?;
                Ok(CodeUse::Reused)
            }
        }
    }

    /// Stores a token.
    #[tracing::instrument(skip_all, fields(grant = token.grant_id, kind = token.kind.as_str()))]
    pub async fn token_insert(&self, token: &NewToken) -> Result<()> {
        on_pool!(self, pool =>
            sqlx::query(
                "INSERT INTO oauth_token (token_hash, grant_id, kind, family, scopes, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&token.token_hash).bind(token.grant_id).bind(token.kind.as_str())
            .bind(&token.family).bind(&token.scopes).bind(domain::Timestamp::now().unix_ms()).bind(token.expires_at)
            .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(())
    }

    /// A token by hash, whatever its state (its account's included: revoking it and spotting
    /// a replay must work while the account is disabled).
    #[tracing::instrument(skip_all)]
    pub async fn token(&self, token_hash: &str) -> Result<Option<StoredToken>> {
        on_pool!(self, pool => async {
            let row = sqlx::query(
                "SELECT t.grant_id, g.partner_id, g.account_id, g.partner_user_id, g.last_used_at, p.status, \
                 a.disabled_at IS NOT NULL AS account_disabled, \
                 p.accesslink, t.kind, t.family, t.scopes, t.created_at, t.expires_at, t.used_at, \
                 t.revoked_at FROM oauth_token t JOIN oauth_grant g ON g.grant_id = t.grant_id \
                 JOIN partner p ON p.partner_id = g.partner_id \
                 JOIN account a ON a.account_id = g.account_id \
                 WHERE t.token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let kind: String = row.try_get("kind")?;
            let status: String = row.try_get("status")?;
            Ok(Some(StoredToken {
                grant_id: row.try_get("grant_id")?,
                partner_id: row.try_get("partner_id")?,
                account: UserId::new(row.try_get("account_id")?),
                partner_user_id: row.try_get("partner_user_id")?,
                grant_last_used_at: row.try_get("last_used_at")?,
                partner_status: crate::PartnerStatus::parse(&status)
                    .ok_or_else(|| DbError::invariant(format!("unknown partner status {status}")))?,
                accesslink: row.try_get("accesslink")?,
                account_disabled: row.try_get("account_disabled")?,
                kind: if kind == "refresh" { TokenKind::Refresh } else { TokenKind::Access },
                family: row.try_get("family")?,
                scopes: row.try_get("scopes")?,
                created_at: row.try_get("created_at")?,
                expires_at: row.try_get("expires_at")?,
                used_at: row.try_get("used_at")?,
                revoked_at: row.try_get("revoked_at")?,
            }))
        }.await)
    }

    /// Spends a refresh token. `false` means it was spent or revoked before: a replay.
    #[tracing::instrument(skip_all)]
    pub async fn refresh_spend(&self, token_hash: &str) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query(
                "UPDATE oauth_token SET used_at = $1 WHERE token_hash = $2 AND kind = 'refresh' \
                 AND used_at IS NULL AND revoked_at IS NULL",
            )
            .bind(domain::Timestamp::now().unix_ms()).bind(token_hash)
            .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(done == 1)
    }

    /// Revokes one token.
    #[tracing::instrument(skip_all)]
    pub async fn token_revoke(&self, token_hash: &str) -> Result<()> {
        on_pool!(self, pool =>
            sqlx::query("UPDATE oauth_token SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
                .bind(domain::Timestamp::now().unix_ms()).bind(token_hash)
                .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(())
    }

    /// Revokes every token of a family (all issued from one code and its refreshes).
    #[tracing::instrument(skip_all)]
    pub async fn tokens_revoke_family(&self, family: &str) -> Result<u64> {
        on_pool!(self, pool =>
            sqlx::query("UPDATE oauth_token SET revoked_at = $1 WHERE family = $2 AND revoked_at IS NULL")
                .bind(domain::Timestamp::now().unix_ms()).bind(family)
                .execute(pool).await.map(|d| d.rows_affected())
        )
        .map_err(Into::into)
    }

    /// Revokes every token of a grant (AccessLink de-registration keeps nothing usable).
    #[tracing::instrument(skip_all, fields(grant = grant_id))]
    pub async fn tokens_revoke_grant(&self, grant_id: i64) -> Result<u64> {
        on_pool!(self, pool =>
            sqlx::query("UPDATE oauth_token SET revoked_at = $1 WHERE grant_id = $2 AND revoked_at IS NULL")
                .bind(domain::Timestamp::now().unix_ms()).bind(grant_id)
                .execute(pool).await.map(|d| d.rows_affected())
        )
        .map_err(Into::into)
    }

    /// Deletes codes and tokens that expired more than a day ago.
    #[tracing::instrument(skip_all)]
    pub async fn oauth_delete_expired(&self) -> Result<u64> {
        let before = domain::Timestamp::now().unix_ms() - 86_400_000;
        let codes = on_pool!(self, pool =>
            sqlx::query("DELETE FROM oauth_code WHERE expires_at < $1").bind(before)
                .execute(pool).await.map(|d| d.rows_affected())
        )?;
        let tokens = on_pool!(self, pool =>
            sqlx::query("DELETE FROM oauth_token WHERE expires_at < $1").bind(before)
                .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(codes + tokens)
    }
}
