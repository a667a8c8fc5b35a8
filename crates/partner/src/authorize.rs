//! The authorization endpoint: check the request, ask the user, issue a code.

use db::{Partner, PartnerStatus};
pub use domain::AuthorizeQuery;
use domain::UserId;

use crate::{ErrorCode, PartnerError, Partners, Scopes, secret};

/// Why an authorization request ends here.
#[derive(Debug)]
pub enum AuthorizeError {
    /// The client or redirect URI is unknown: show why, never redirect.
    Page(PageProblem),
    /// Any other error: send the user back to the client with it.
    Redirect(String),
    /// The store failed.
    Internal(PartnerError),
}

/// Why the consent page cannot ask: the client or where it sends the user back cannot be
/// trusted. Each an English sentence, and a variant an interface can word in its language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageProblem {
    /// The link has no `client_id`.
    #[error("The link does not say which app is asking (no client_id).")]
    NoClientId,
    /// No partner has this `client_id`.
    #[error("No app with this client_id is registered here.")]
    UnknownClient,
    /// The redirect URI asked for is not one the app (named) registered.
    #[error("The address {0} wants to send you back to is not one it registered.")]
    RedirectUnregistered(String),
    /// The app's (named) redirect URI breaks a rule made after it was stored.
    #[error("The address {0} wants to send you back to is not safe to follow.")]
    RedirectUnsafe(String),
    /// The app (named) has no redirect URI at all.
    #[error("{0} has no redirect URI registered.")]
    NoRedirectUri(String),
    /// The app (named) is suspended.
    #[error("{0} is suspended on this server.")]
    Suspended(String),
}

impl From<PartnerError> for AuthorizeError {
    fn from(e: PartnerError) -> Self {
        Self::Internal(e)
    }
}

/// What the consent page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    /// The partner's name.
    pub name: String,
    /// Its homepage.
    pub homepage: Option<String>,
    /// What it asks for.
    pub scopes: Scopes,
    /// Where the user will be sent.
    pub redirect_uri: String,
    /// The request, to send back with the decision.
    pub query: AuthorizeQuery,
}

/// What to do after checking a request for a signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Ask the user.
    Consent(Box<Consent>),
    /// Send the user here (the request is decided: a remembered grant covered it).
    Redirect(String),
}

/// A checked request.
struct Checked {
    partner: Partner,
    redirect_uri: String,
    redirect_sent: bool,
    scopes: Scopes,
    challenge: Option<String>,
}

impl Partners {
    /// Checks a request and decides what the signed-in `user` sees: the consent page, or (when
    /// a remembered grant covers the request) the way back with a code.
    #[tracing::instrument(skip_all, fields(client_id = query.client_id.as_deref().unwrap_or("")))]
    pub async fn authorize(
        &self,
        query: &AuthorizeQuery,
        user: UserId,
    ) -> Result<Step, AuthorizeError> {
        let checked = self.check(query).await?;
        self.may_authorize(&checked, query, user)?;
        if let Some(grant) = self
            .db
            .grant_for(checked.partner.id, user)
            .await
            .map_err(PartnerError::from)?
            && Scopes::from_stored(&grant.scopes).contains_all(&checked.scopes)
        {
            return Ok(Step::Redirect(
                self.issue_code(&checked, query, user).await?,
            ));
        }
        Ok(Step::Consent(Box::new(Consent {
            name: checked.partner.name.clone(),
            homepage: checked.partner.homepage.clone(),
            scopes: checked.scopes.clone(),
            redirect_uri: checked.redirect_uri.clone(),
            query: query.clone(),
        })))
    }

    /// The user's decision on the consent page. Returns where to send the user.
    #[tracing::instrument(skip_all, fields(client_id = query.client_id.as_deref().unwrap_or(""), approve))]
    pub async fn decide(
        &self,
        query: &AuthorizeQuery,
        user: UserId,
        approve: bool,
    ) -> Result<String, AuthorizeError> {
        let checked = self.check(query).await?;
        self.may_authorize(&checked, query, user)?;
        if !approve {
            return Err(self.error_redirect(
                &checked.redirect_uri,
                query,
                ErrorCode::AccessDenied,
                "The user declined.",
            ));
        }
        self.issue_code(&checked, query, user).await
    }

    async fn check(&self, query: &AuthorizeQuery) -> Result<Checked, AuthorizeError> {
        let client_id = query
            .client_id
            .as_deref()
            .ok_or_else(|| AuthorizeError::Page(PageProblem::NoClientId))?;
        let partner = self
            .db
            .partner_by_client_id(client_id)
            .await
            .map_err(PartnerError::from)?
            .ok_or_else(|| AuthorizeError::Page(PageProblem::UnknownClient))?;
        let (redirect_uri, redirect_sent) = match query.redirect_uri.as_deref() {
            Some(uri) if partner.redirect_uris.iter().any(|r| r == uri) => (uri.to_owned(), true),
            Some(_) => {
                return Err(AuthorizeError::Page(PageProblem::RedirectUnregistered(
                    partner.name,
                )));
            }
            None => match partner.redirect_uris.first() {
                Some(uri) => (uri.clone(), false),
                None => {
                    return Err(AuthorizeError::Page(PageProblem::NoRedirectUri(
                        partner.name,
                    )));
                }
            },
        };
        // Registration refuses unsafe URIs; one stored before that rule must not be followed.
        if crate::check_redirect_uri(&redirect_uri).is_err() {
            return Err(AuthorizeError::Page(PageProblem::RedirectUnsafe(
                partner.name,
            )));
        }
        if partner.status == PartnerStatus::Suspended {
            return Err(AuthorizeError::Page(PageProblem::Suspended(partner.name)));
        }
        let back =
            |code, description: &str| self.error_redirect(&redirect_uri, query, code, description);
        if query.response_type.as_deref() != Some("code") {
            return Err(back(
                ErrorCode::UnsupportedResponseType,
                "Only response_type=code is supported.",
            ));
        }
        let allowed = Scopes::from_stored(&partner.scopes);
        let scopes = match query
            .scope
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => allowed.clone(),
            Some(asked) => match Scopes::parse(asked) {
                Ok(scopes) if allowed.contains_all(&scopes) && !scopes.is_empty() => scopes,
                Ok(_) => {
                    return Err(back(
                        ErrorCode::InvalidScope,
                        "A requested scope is not allowed for this client.",
                    ));
                }
                Err(unknown) => {
                    return Err(back(
                        ErrorCode::InvalidScope,
                        &format!("Unknown scope {unknown:?}."),
                    ));
                }
            },
        };
        let challenge = match (
            query.code_challenge.as_deref(),
            query.code_challenge_method.as_deref(),
        ) {
            (Some(c), Some("S256")) if is_challenge(c) => Some(c.to_owned()),
            (Some(_), Some("S256")) => {
                return Err(back(
                    ErrorCode::InvalidRequest,
                    "code_challenge must be 43 base64url characters.",
                ));
            }
            (Some(_), _) => {
                return Err(back(
                    ErrorCode::InvalidRequest,
                    "Only code_challenge_method=S256 is supported.",
                ));
            }
            (None, Some(_)) => {
                return Err(back(
                    ErrorCode::InvalidRequest,
                    "code_challenge_method without code_challenge.",
                ));
            }
            (None, None) if pkce_required(&partner) => {
                return Err(back(
                    ErrorCode::InvalidRequest,
                    "PKCE (code_challenge with S256) is required for this client.",
                ));
            }
            (None, None) => None,
        };
        Ok(Checked {
            partner,
            redirect_uri,
            redirect_sent,
            scopes,
            challenge,
        })
    }

    /// A sandbox partner may be authorized only by its owner and its test users.
    fn may_authorize(
        &self,
        checked: &Checked,
        query: &AuthorizeQuery,
        user: UserId,
    ) -> Result<(), AuthorizeError> {
        let partner = &checked.partner;
        if partner.status == PartnerStatus::Sandbox
            && partner.owner != Some(user)
            && !partner.test_users.contains(&user)
        {
            return Err(self.error_redirect(
                &checked.redirect_uri,
                query,
                ErrorCode::AccessDenied,
                "This app is in the sandbox: only its test users may connect it.",
            ));
        }
        Ok(())
    }

    async fn issue_code(
        &self,
        checked: &Checked,
        query: &AuthorizeQuery,
        user: UserId,
    ) -> Result<String, AuthorizeError> {
        let granted = match self
            .db
            .grant_for(checked.partner.id, user)
            .await
            .map_err(PartnerError::from)?
        {
            Some(grant) => Scopes::from_stored(&grant.scopes).union(&checked.scopes),
            None => checked.scopes.clone(),
        };
        let grant = self
            .db
            .grant_upsert(
                checked.partner.id,
                user,
                &granted.to_string(),
                secret::random_user_id,
            )
            .await
            .map_err(PartnerError::from)?;
        let code = secret::generate("lpc_");
        self.db
            .code_insert(&db::NewCode {
                code_hash: secret::hash(&code),
                grant_id: grant.id,
                redirect_uri: checked.redirect_uri.clone(),
                redirect_sent: checked.redirect_sent,
                scopes: checked.scopes.to_string(),
                code_challenge: checked.challenge.clone(),
                expires_at: domain::Timestamp::now().unix_ms() + self.lifetimes.code_ms,
            })
            .await
            .map_err(PartnerError::from)?;
        let mut params = vec![("code", code.as_str())];
        if let Some(state) = &query.state {
            params.push(("state", state));
        }
        params.push(("iss", &self.issuer));
        Ok(append_query(&checked.redirect_uri, &params))
    }

    fn error_redirect(
        &self,
        redirect_uri: &str,
        query: &AuthorizeQuery,
        code: ErrorCode,
        description: &str,
    ) -> AuthorizeError {
        let mut params = vec![("error", code.as_str()), ("error_description", description)];
        if let Some(state) = &query.state {
            params.push(("state", state));
        }
        params.push(("iss", &self.issuer));
        AuthorizeError::Redirect(append_query(redirect_uri, &params))
    }
}

/// Public clients and standard partners must use PKCE; AccessLink-compatible confidential ones
/// may not know it.
fn pkce_required(partner: &Partner) -> bool {
    partner.secret_hash.is_none() || !partner.accesslink
}

fn is_challenge(c: &str) -> bool {
    c.len() == 43
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `uri` with `params` added to its query.
fn append_query(uri: &str, params: &[(&str, &str)]) -> String {
    let encoded = serde_urlencoded::to_string(params).unwrap_or_default();
    let separator = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{separator}{encoded}")
}
