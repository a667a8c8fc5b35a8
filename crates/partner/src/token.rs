//! The token endpoint (RFC 6749 §4.1.3, §6), revocation (RFC 7009), introspection (RFC 7662)
//! and bearer-token checks (RFC 6750).

use db::{CodeUse, Partner, PartnerStatus, StoredToken, TokenKind};
use domain::UserId;
use serde::{Deserialize, Serialize};

use crate::{ErrorCode, PartnerError, Partners, Result, Scopes, secret};

/// The client's credentials, from the `Authorization: Basic` header and the form body.
#[derive(Debug, Clone, Default)]
pub struct ClientCredentials {
    /// From the Basic header: id and secret.
    pub basic: Option<(String, String)>,
    /// `client_id` from the body.
    pub body_id: Option<String>,
    /// `client_secret` from the body.
    pub body_secret: Option<String>,
}

/// The token request's form fields.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TokenForm {
    /// `authorization_code` or `refresh_token`.
    pub grant_type: Option<String>,
    /// The code.
    pub code: Option<String>,
    /// Must repeat the authorization request's.
    pub redirect_uri: Option<String>,
    /// PKCE verifier.
    pub code_verifier: Option<String>,
    /// For the refresh grant.
    pub refresh_token: Option<String>,
    /// For the refresh grant: narrower scopes.
    pub scope: Option<String>,
    /// `client_secret_post`, or a public client's id.
    pub client_id: Option<String>,
    /// `client_secret_post`.
    pub client_secret: Option<String>,
}

/// A successful token response.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TokenResponse {
    /// The bearer token.
    pub access_token: String,
    /// Always `bearer`.
    pub token_type: &'static str,
    /// Seconds.
    pub expires_in: i64,
    /// For standard partners: rotates on every use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// What was granted.
    pub scope: String,
    /// The user id this partner sees (AccessLink's field; harmless to others).
    pub x_user_id: i64,
}

/// RFC 7662 answer.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct Introspection {
    /// Whether the token is usable now.
    pub active: bool,
    /// Scopes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Its client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The partner's id for the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Expiry, unix seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// Issue time, unix seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// `Bearer` or `refresh_token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<&'static str>,
}

/// A valid bearer token: who it is for and what it allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// The grant.
    pub grant_id: i64,
    /// The partner.
    pub partner_id: i64,
    /// The user.
    pub account: UserId,
    /// The user id the partner sees.
    pub partner_user_id: i64,
    /// What it may read.
    pub scopes: Scopes,
}

fn invalid_client(why: &str) -> PartnerError {
    PartnerError::oauth(ErrorCode::InvalidClient, why)
}

fn invalid_grant(why: &str) -> PartnerError {
    PartnerError::oauth(ErrorCode::InvalidGrant, why)
}

impl Partners {
    /// Authenticates a client by Basic header and/or body (`client_secret_basic`,
    /// `client_secret_post`; both must agree when both are sent), or a public client by its id.
    #[tracing::instrument(skip_all)]
    pub async fn authenticate_client(&self, credentials: &ClientCredentials) -> Result<Partner> {
        let (id, secret) = match (&credentials.basic, &credentials.body_id) {
            (Some((id, secret)), body_id) => {
                if body_id.as_deref().is_some_and(|b| b != id)
                    || credentials
                        .body_secret
                        .as_deref()
                        .is_some_and(|s| s != secret)
                {
                    return Err(invalid_client("The Basic and body credentials differ."));
                }
                (id.as_str(), Some(secret.as_str()))
            }
            (None, Some(id)) => (id.as_str(), credentials.body_secret.as_deref()),
            (None, None) => return Err(invalid_client("No client credentials.")),
        };
        let partner = self
            .db
            .partner_by_client_id(id)
            .await?
            .ok_or_else(|| invalid_client("Unknown client."))?;
        let authenticated = match (&partner.secret_hash, secret) {
            (Some(stored), Some(secret)) => secret::matches(secret, stored),
            // A public client proves itself with PKCE at the token endpoint.
            (None, None | Some("")) => true,
            _ => false,
        };
        if !authenticated {
            return Err(invalid_client("Client authentication failed."));
        }
        if partner.status == PartnerStatus::Suspended {
            return Err(invalid_client("This client is suspended."));
        }
        Ok(partner)
    }

    /// The token endpoint.
    #[tracing::instrument(skip_all, fields(grant_type = form.grant_type.as_deref().unwrap_or("")))]
    pub async fn token(
        &self,
        credentials: &ClientCredentials,
        form: &TokenForm,
    ) -> Result<TokenResponse> {
        let partner = self.authenticate_client(credentials).await?;
        match form.grant_type.as_deref() {
            Some("authorization_code") => self.exchange_code(&partner, form).await,
            Some("refresh_token") => self.refresh(&partner, form).await,
            Some(other) => Err(PartnerError::oauth(
                ErrorCode::UnsupportedGrantType,
                format!("grant_type {other:?} is not supported."),
            )),
            None => Err(PartnerError::oauth(
                ErrorCode::InvalidRequest,
                "grant_type is missing.",
            )),
        }
    }

    async fn exchange_code(&self, partner: &Partner, form: &TokenForm) -> Result<TokenResponse> {
        let code = form
            .code
            .as_deref()
            .ok_or_else(|| PartnerError::oauth(ErrorCode::InvalidRequest, "code is missing."))?;
        let code_hash = secret::hash(code);
        let stored = match self.db.code_take(&code_hash).await? {
            CodeUse::First(stored) => stored,
            CodeUse::Reused => {
                tracing::warn!(client_id = %partner.client_id, "authorization code reused; its tokens are revoked");
                return Err(invalid_grant(
                    "The code was already used; the tokens issued from it are revoked.",
                ));
            }
            CodeUse::Unknown => return Err(invalid_grant("Unknown code.")),
        };
        if stored.partner_id != partner.id {
            return Err(invalid_grant("The code was issued to another client."));
        }
        if stored.expires_at <= domain::Timestamp::now().unix_ms() {
            return Err(invalid_grant("The code has expired."));
        }
        match (&form.redirect_uri, stored.redirect_sent) {
            (Some(sent), _) if *sent != stored.redirect_uri => {
                return Err(invalid_grant(
                    "redirect_uri differs from the authorization request's.",
                ));
            }
            (None, true) => {
                return Err(invalid_grant(
                    "redirect_uri is required: the authorization request had one.",
                ));
            }
            _ => {}
        }
        match (&stored.code_challenge, &form.code_verifier) {
            (Some(challenge), Some(verifier)) if secret::pkce_challenge(verifier) == *challenge => {
            }
            (Some(_), Some(_)) => return Err(invalid_grant("The PKCE verifier does not match.")),
            (Some(_), None) => return Err(invalid_grant("code_verifier is required.")),
            (None, Some(_)) => {
                return Err(invalid_grant(
                    "code_verifier sent, but the authorization request had no challenge.",
                ));
            }
            (None, None) if partner.secret_hash.is_none() => {
                return Err(invalid_grant("A public client must use PKCE."));
            }
            (None, None) => {}
        }
        let grant = self
            .db
            .grant(stored.grant_id)
            .await?
            .ok_or_else(|| invalid_grant("The grant was withdrawn."))?;
        if self.db.get_credentials(grant.account).await?.disabled {
            return Err(invalid_grant("The user's account is disabled."));
        }
        self.issue(
            partner,
            grant.id,
            grant.partner_user_id,
            &code_hash,
            &stored.scopes,
        )
        .await
    }

    async fn refresh(&self, partner: &Partner, form: &TokenForm) -> Result<TokenResponse> {
        let presented = form.refresh_token.as_deref().ok_or_else(|| {
            PartnerError::oauth(ErrorCode::InvalidRequest, "refresh_token is missing.")
        })?;
        let hash = secret::hash(presented);
        let token = match self.db.token(&hash).await? {
            Some(t) if t.kind == TokenKind::Refresh && t.partner_id == partner.id => t,
            _ => return Err(invalid_grant("Unknown refresh token.")),
        };
        if token.expires_at <= domain::Timestamp::now().unix_ms() {
            return Err(invalid_grant("The refresh token has expired."));
        }
        if token.account_disabled {
            // Not spent (it works again once the account is enabled), but a replay of a spent
            // one still revokes its family.
            if token.used_at.is_some() {
                self.db.tokens_revoke_family(&token.family).await?;
            }
            return Err(invalid_grant("The user's account is disabled."));
        }
        if !self.db.refresh_spend(&hash).await? {
            // Replay of a rotated (or revoked) token: someone else may hold the family.
            self.db.tokens_revoke_family(&token.family).await?;
            tracing::warn!(client_id = %partner.client_id, "refresh token reused; its family is revoked");
            return Err(invalid_grant(
                "The refresh token was already used; every token of this grant is revoked.",
            ));
        }
        let granted = Scopes::from_stored(&token.scopes);
        let scopes = match form.scope.as_deref().filter(|s| !s.trim().is_empty()) {
            None => granted,
            Some(asked) => match Scopes::parse(asked) {
                Ok(s) if granted.contains_all(&s) && !s.is_empty() => s,
                _ => {
                    return Err(PartnerError::oauth(
                        ErrorCode::InvalidScope,
                        "The scope exceeds the grant.",
                    ));
                }
            },
        };
        self.issue(
            partner,
            token.grant_id,
            token.partner_user_id,
            &token.family,
            &scopes.to_string(),
        )
        .await
    }

    async fn issue(
        &self,
        partner: &Partner,
        grant_id: i64,
        partner_user_id: i64,
        family: &str,
        scopes: &str,
    ) -> Result<TokenResponse> {
        let now = domain::Timestamp::now().unix_ms();
        let access_ms = if partner.accesslink {
            self.lifetimes.accesslink_ms
        } else {
            self.lifetimes.access_ms
        };
        let access = secret::generate("lpa_");
        self.db
            .token_insert(&db::NewToken {
                token_hash: secret::hash(&access),
                grant_id,
                kind: TokenKind::Access,
                family: family.to_owned(),
                scopes: scopes.to_owned(),
                expires_at: now + access_ms,
            })
            .await?;
        let refresh = if partner.accesslink {
            None
        } else {
            let refresh = secret::generate("lpr_");
            self.db
                .token_insert(&db::NewToken {
                    token_hash: secret::hash(&refresh),
                    grant_id,
                    kind: TokenKind::Refresh,
                    family: family.to_owned(),
                    scopes: scopes.to_owned(),
                    expires_at: now + self.lifetimes.refresh_ms,
                })
                .await?;
            Some(refresh)
        };
        Ok(TokenResponse {
            access_token: access,
            token_type: "bearer",
            expires_in: access_ms / 1000,
            refresh_token: refresh,
            scope: scopes.to_owned(),
            x_user_id: partner_user_id,
        })
    }

    /// RFC 7009: revokes a token of this client (a refresh token takes its family with it).
    /// Unknown and foreign tokens are ignored, as the RFC asks.
    #[tracing::instrument(skip_all)]
    pub async fn revoke(&self, credentials: &ClientCredentials, token: &str) -> Result<()> {
        let partner = self.authenticate_client(credentials).await?;
        let hash = secret::hash(token);
        if let Some(stored) = self.db.token(&hash).await?
            && stored.partner_id == partner.id
        {
            match stored.kind {
                TokenKind::Access => self.db.token_revoke(&hash).await?,
                TokenKind::Refresh => {
                    self.db.tokens_revoke_family(&stored.family).await?;
                }
            }
        }
        Ok(())
    }

    /// RFC 7662: what a token of this client is. Other clients' tokens are inactive to it.
    #[tracing::instrument(skip_all)]
    pub async fn introspect(
        &self,
        credentials: &ClientCredentials,
        token: &str,
    ) -> Result<Introspection> {
        let partner = self.authenticate_client(credentials).await?;
        let Some(stored) = self.db.token(&secret::hash(token)).await? else {
            return Ok(Introspection::default());
        };
        if stored.partner_id != partner.id
            || stored.account_disabled
            || !stored.is_active(domain::Timestamp::now().unix_ms())
        {
            return Ok(Introspection::default());
        }
        Ok(Introspection {
            active: true,
            scope: Some(stored.scopes.clone()),
            client_id: Some(partner.client_id),
            sub: Some(stored.partner_user_id.to_string()),
            exp: Some(stored.expires_at / 1000),
            iat: Some(stored.created_at / 1000),
            token_type: Some(match stored.kind {
                TokenKind::Access => "Bearer",
                TokenKind::Refresh => "refresh_token",
            }),
        })
    }

    /// Checks a bearer token: `None` when it is unknown, expired, revoked, a refresh token, its
    /// partner is suspended or its user's account disabled.
    #[tracing::instrument(skip_all)]
    pub async fn bearer(&self, token: &str) -> Result<Option<Access>> {
        let Some(stored) = self.db.token(&secret::hash(token)).await? else {
            return Ok(None);
        };
        if !usable(&stored) {
            return Ok(None);
        }
        // "Last used" is shown to the user by the minute: no write on every API request.
        if stored
            .grant_last_used_at
            .is_none_or(|at| domain::Timestamp::now().unix_ms() - at > 60_000)
        {
            self.db.grant_touch(stored.grant_id).await?;
        }
        Ok(Some(Access {
            grant_id: stored.grant_id,
            partner_id: stored.partner_id,
            account: stored.account,
            partner_user_id: stored.partner_user_id,
            scopes: Scopes::from_stored(&stored.scopes),
        }))
    }
}

fn usable(token: &StoredToken) -> bool {
    token.kind == TokenKind::Access
        && !token.account_disabled
        && token.partner_status != PartnerStatus::Suspended
        && token.is_active(domain::Timestamp::now().unix_ms())
}
