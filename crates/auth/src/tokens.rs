//! Personal access tokens: named, scoped, shown once, stored hashed, revocable.

use db::ApiToken;
use domain::{User, UserId};

use crate::{AccountError, Accounts, secret};

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TokenScope {
    /// `POST /api/v1/uploads`.
    Upload,
    /// The sync API for sensor data.
    Sync,
    /// Read workouts and exports.
    Read,
}

impl TokenScope {
    /// Every scope.
    pub const ALL: [Self; 3] = [Self::Upload, Self::Sync, Self::Read];

    /// The name in lists and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upload => "upload",
            Self::Sync => "sync",
            Self::Read => "read",
        }
    }

    /// Reads a name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name.trim())
    }

    /// Reads a list separated by commas or spaces; names the first unknown one.
    pub fn parse_list(list: &str) -> Result<Vec<Self>, String> {
        let mut scopes = list
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(|s| Self::parse(s).ok_or_else(|| s.to_owned()))
            .collect::<Result<Vec<_>, _>>()?;
        scopes.sort();
        scopes.dedup();
        Ok(scopes)
    }
}

/// A token just made: its value (shown once, never stored) and its record.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// The secret to hand to the app (`lpt_…`).
    pub token: String,
    /// What is stored about it.
    pub record: ApiToken,
}

/// Who a token speaks for, and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenAccess {
    /// The account.
    pub user: User,
    /// Its scopes.
    pub scopes: Vec<TokenScope>,
}

impl TokenAccess {
    /// Whether the token carries `scope`.
    pub fn allows(&self, scope: TokenScope) -> bool {
        self.scopes.contains(&scope)
    }
}

/// The prefix that marks Laps' personal access tokens.
pub const TOKEN_PREFIX: &str = "lpt_";

impl Accounts {
    /// Makes a token for `user`.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn create_token(
        &self,
        user: UserId,
        name: &str,
        scopes: &[TokenScope],
    ) -> Result<NewToken, AccountError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(AccountError::Invalid {
                field: crate::Field::TokenName,
                message: "Give the token a name of 1 to 80 characters.".into(),
                rule: None,
            });
        }
        if scopes.is_empty() {
            return Err(AccountError::Invalid {
                field: crate::Field::TokenScopes,
                message: "Choose at least one thing the token may do.".into(),
                rule: None,
            });
        }
        let token = secret::generate(TOKEN_PREFIX);
        let list: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
        let record = self
            .db
            .api_token_create(user, name, &secret::hash(&token), &list.join(" "))
            .await?;
        tracing::info!(token = record.id, "access token created");
        Ok(NewToken { token, record })
    }

    /// Who a presented token speaks for; `None` for an unknown or revoked one, or one whose
    /// account is disabled.
    #[tracing::instrument(skip_all)]
    pub async fn authenticate_token(
        &self,
        token: &str,
    ) -> Result<Option<TokenAccess>, AccountError> {
        if !token.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let Some(record) = self.db.api_token_use(&secret::hash(token)).await? else {
            return Ok(None);
        };
        let credentials = self.db.get_credentials(record.account).await?;
        if credentials.disabled {
            return Ok(None);
        }
        let user = credentials.user;
        Ok(Some(TokenAccess {
            user,
            scopes: record
                .scopes
                .split_whitespace()
                .filter_map(TokenScope::parse)
                .collect(),
        }))
    }

    /// The user's tokens (never their values).
    pub async fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>, AccountError> {
        Ok(self.db.api_tokens(user).await?)
    }

    /// Revokes one of the user's tokens; `false` if it was not theirs.
    #[tracing::instrument(skip_all, fields(user = %user, token = id))]
    pub async fn revoke_token(&self, user: UserId, id: i64) -> Result<bool, AccountError> {
        Ok(self.db.api_token_delete(user, id).await?)
    }
}
