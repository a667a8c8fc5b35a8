//! Laps as an OAuth 2.0 authorization server for partner apps.
//!
//! [`Partners`] registers partners (clients), takes users through consent
//! ([`Partners::authorize`], [`Partners::decide`]), issues codes and tokens
//! ([`Partners::token`]), revokes and introspects them, and checks bearer tokens for the
//! resource API. Standard partners get RFC 9700 behaviour: exact redirect URIs, PKCE S256,
//! single-use ten-minute codes, one-hour access tokens with rotating refresh tokens and reuse
//! detection. A partner marked AccessLink-compatible gets Polar AccessLink's behaviour instead:
//! PKCE optional for confidential clients, year-long access tokens, no refresh token.
//!
//! Only SHA-256 hashes of client secrets, codes and tokens are stored ([`secret`]).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod authorize;
mod error;
mod pages;
mod resource;
pub mod scope;
pub use auth::secret;
mod token;
mod webhooks;

use db::{Db, NewPartner, Partner, PartnerStatus};
use domain::UserId;
use hmac::{Hmac, Mac as _};
use sha2::Sha256;

pub use authorize::{AuthorizeError, AuthorizeQuery, Consent, PageProblem, Step};
pub use error::{ErrorCode, PartnerError, Refusal, Result, UriProblem};
pub use scope::{Scope, Scopes};
pub use token::{Access, ClientCredentials, Introspection, TokenForm, TokenResponse};

/// How long codes and tokens live, in milliseconds.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    /// Authorization codes (RFC 9700: short; AccessLink: 10 minutes).
    pub code_ms: i64,
    /// Access tokens of standard partners.
    pub access_ms: i64,
    /// Refresh tokens.
    pub refresh_ms: i64,
    /// Access tokens of AccessLink-compatible partners (AccessLink's `expires_in`).
    pub accesslink_ms: i64,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Self {
            code_ms: 10 * 60_000,
            access_ms: 3_600_000,
            refresh_ms: 90 * 86_400_000,
            accesslink_ms: 31_535_999_000,
        }
    }
}

/// What an administrator (or `laps partner add`) registers.
#[derive(Debug, Clone, Default)]
pub struct PartnerSpec {
    /// Display name.
    pub name: String,
    /// Homepage shown on the consent page.
    pub homepage: Option<String>,
    /// Exact redirect URIs; the first is the default.
    pub redirect_uris: Vec<String>,
    /// Allowed scopes (space-separated); by default `accesslink.read_all` for an AccessLink
    /// partner and the three fine-grained reads for others.
    pub scopes: Option<String>,
    /// A public client (no secret; PKCE required).
    pub public: bool,
    /// AccessLink compatibility profile.
    pub accesslink: bool,
    /// Approved (anyone may connect it) instead of sandbox.
    pub approved: bool,
    /// The owner, who may connect it in the sandbox.
    pub owner: Option<UserId>,
    /// Usernames of accounts that may connect it in the sandbox.
    pub test_users: Vec<String>,
}

/// A new partner and its secret, which is shown once and never stored.
#[derive(Debug, Clone)]
pub struct Created {
    /// The partner.
    pub partner: Partner,
    /// The client secret (`None` for a public client).
    pub client_secret: Option<String>,
}

/// The authorization server. Cheap to clone.
#[derive(Clone)]
pub struct Partners {
    db: Db,
    issuer: String,
    lifetimes: Lifetimes,
    id_key: std::sync::Arc<[u8]>,
}

impl Partners {
    /// An authorization server over `db`, naming itself `issuer` (the public base URL).
    /// Loads (or creates) the instance key that derives partners' opaque exercise ids.
    pub async fn new(db: Db, issuer: String, lifetimes: Lifetimes) -> Result<Self> {
        let key = db
            .setting_or_init("partner_id_key", &secret::generate(""))
            .await?;
        Ok(Self {
            db,
            issuer,
            lifetimes,
            id_key: key.into_bytes().into(),
        })
    }

    /// Users with new data for this partner, only where their grant lets the partner read it
    /// (what is not covered is not announced, not even that it exists).
    pub async fn pending_notifications(&self, partner_id: i64) -> Result<Vec<db::Pending>> {
        let pending = self.db.pending_for_partner(partner_id).await?;
        Ok(pending
            .into_iter()
            .filter(|p| Scopes::from_stored(&p.grant_scopes).allows(Scope::to_read(p.kind)))
            .collect())
    }

    /// Deletes webhook events older than the outbox keeps ([`db::OUTBOX_KEEP_MS`] before
    /// `now_ms`), delivered or given up; returns how many went.
    pub async fn prune_outbox(&self, now_ms: i64) -> Result<u64> {
        Ok(self
            .db
            .outbox_prune(now_ms.saturating_sub(db::OUTBOX_KEEP_MS))
            .await?)
    }

    /// The issuer (public base URL).
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Registers a partner. Returns it with its secret, shown once.
    #[tracing::instrument(skip_all, fields(name = %spec.name))]
    pub async fn create(&self, spec: &PartnerSpec) -> Result<Created> {
        let name = spec.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(PartnerError::Invalid(Refusal::Name));
        }
        if spec.redirect_uris.is_empty() {
            return Err(PartnerError::Invalid(Refusal::NoRedirectUri));
        }
        for uri in &spec.redirect_uris {
            check_redirect_uri(uri)?;
        }
        if let Some(homepage) = &spec.homepage
            && !(homepage.starts_with("https://") || homepage.starts_with("http://"))
        {
            return Err(PartnerError::Invalid(Refusal::Homepage));
        }
        let scopes = match &spec.scopes {
            Some(s) => Scopes::parse(s)
                .map_err(|unknown| PartnerError::Invalid(Refusal::UnknownScope(unknown)))?,
            None if spec.accesslink => Scopes::parse("accesslink.read_all").unwrap_or_default(),
            None => Scopes::parse("workouts:read activity:read profile:read").unwrap_or_default(),
        };
        if scopes.is_empty() {
            return Err(PartnerError::Invalid(Refusal::NoScope));
        }
        let mut testers = Vec::with_capacity(spec.test_users.len());
        for name in &spec.test_users {
            testers.push(self.account_named(name).await?);
        }
        let client_secret = (!spec.public).then(|| secret::generate("lps_"));
        let partner = self
            .db
            .partner_create(&NewPartner {
                client_id: secret::random_id(),
                secret_hash: client_secret.as_deref().map(secret::hash),
                name: name.to_owned(),
                homepage: spec.homepage.clone(),
                status: if spec.approved {
                    PartnerStatus::Approved
                } else {
                    PartnerStatus::Sandbox
                },
                accesslink: spec.accesslink,
                scopes: scopes.to_string(),
                owner: spec.owner,
                redirect_uris: spec.redirect_uris.clone(),
            })
            .await?;
        for tester in testers {
            self.db.partner_add_test_user(partner.id, tester).await?;
        }
        let partner = self.find(&partner.client_id).await?;
        tracing::info!(client_id = %partner.client_id, "partner registered");
        Ok(Created {
            partner,
            client_secret,
        })
    }

    /// The account with this username (owners and test users are named by username).
    pub async fn account_named(&self, name: &str) -> Result<UserId> {
        let username = domain::Username::parse(name)
            .map_err(|_| PartnerError::Invalid(Refusal::Username(name.to_owned())))?;
        let found = self.db.find_credentials(&username).await?;
        Ok(found
            .ok_or_else(|| PartnerError::Invalid(Refusal::NoSuchUser(name.to_owned())))?
            .user
            .id)
    }

    /// A partner by `client_id`.
    pub async fn find(&self, client_id: &str) -> Result<Partner> {
        self.db
            .partner_by_client_id(client_id)
            .await?
            .ok_or(PartnerError::NotFound)
    }

    /// Replaces a confidential partner's secret; returns the new one, shown once. The old one
    /// stops working at once.
    #[tracing::instrument(skip_all, fields(client_id))]
    pub async fn rotate_secret(&self, client_id: &str) -> Result<String> {
        let partner = self.find(client_id).await?;
        if partner.secret_hash.is_none() {
            return Err(PartnerError::Invalid(Refusal::PublicClient));
        }
        let secret = secret::generate("lps_");
        self.db
            .partner_set_secret(partner.id, &secret::hash(&secret))
            .await?;
        Ok(secret)
    }

    /// Sets a partner's status; suspending it refuses every token it holds at once.
    #[tracing::instrument(skip_all, fields(client_id, status = status.as_str()))]
    pub async fn set_status(&self, client_id: &str, status: PartnerStatus) -> Result<Partner> {
        let partner = self.find(client_id).await?;
        self.db.partner_set_status(partner.id, status).await?;
        self.find(client_id).await
    }

    /// Disconnects an app from a user: the grant and everything issued under it (codes,
    /// tokens, registration, transactions) are deleted. `false` if it was not connected.
    #[tracing::instrument(skip_all, fields(user = %user, client_id))]
    pub async fn disconnect(&self, user: UserId, client_id: &str) -> Result<bool> {
        let Some(partner) = self.db.partner_by_client_id(client_id).await? else {
            return Ok(false);
        };
        let Some(grant) = self.db.grant_for(partner.id, user).await? else {
            return Ok(false);
        };
        let deleted = self.db.grant_delete(grant.id).await?;
        tracing::info!(deleted, "app disconnected");
        Ok(deleted)
    }

    /// The opaque id a partner knows a workout by in `/v3/exercises`: a keyed hash, so partners
    /// cannot count or guess workouts, and two partners see different ids.
    pub fn exercise_id(&self, partner_id: i64, workout_id: i64) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.id_key).expect("HMAC takes any key length");
        mac.update(format!("{partner_id}:{workout_id}").as_bytes());
        secret::hex(&mac.finalize().into_bytes()[..10])
    }
}

/// Redirect URIs: HTTPS; plain HTTP only on the loopback interface (RFC 8252 §7.3); or a
/// private-use scheme for native apps (`com.example.app:/callback`, RFC 8252 §7.1). No
/// fragment, no user name or password (`http://localhost:80@evil.example/` goes to
/// evil.example), no backslash (browsers read it as a slash).
///
/// The URI is parsed as a browser parses it, so the host checked is the host the browser
/// will be sent to. Checked at registration, and again at every authorization (a URI stored
/// before a rule existed must not be followed either).
pub(crate) fn check_redirect_uri(uri: &str) -> Result<()> {
    let bad = |problem| {
        Err(PartnerError::Invalid(Refusal::RedirectUri {
            uri: uri.to_owned(),
            problem,
        }))
    };
    if uri.contains('#') {
        return bad(UriProblem::Fragment);
    }
    if uri.chars().any(char::is_whitespace) {
        return bad(UriProblem::Spaces);
    }
    if uri.contains('\\') {
        return bad(UriProblem::Backslash);
    }
    let Ok(parsed) = url::Url::parse(uri) else {
        return bad(UriProblem::NotUrl);
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return bad(UriProblem::UserInfo);
    }
    if let Some(rest) = uri.strip_prefix("https://") {
        return if rest.is_empty() || rest.starts_with('/') || parsed.host().is_none() {
            bad(UriProblem::NoHost)
        } else {
            Ok(())
        };
    }
    if uri.starts_with("http://") {
        let loopback = match parsed.host() {
            Some(url::Host::Domain(name)) => name == "localhost",
            Some(url::Host::Ipv4(v4)) => v4 == std::net::Ipv4Addr::LOCALHOST,
            Some(url::Host::Ipv6(v6)) => v6 == std::net::Ipv6Addr::LOCALHOST,
            None => false,
        };
        return if loopback {
            Ok(())
        } else {
            bad(UriProblem::PlainHttp)
        };
    }
    let scheme = parsed.scheme();
    let private_use = scheme.contains('.')
        && uri.starts_with(scheme)
        && !matches!(scheme, "http" | "https")
        && uri.len() > scheme.len() + 1
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
    if private_use {
        Ok(())
    } else {
        bad(UriProblem::Scheme)
    }
}

#[cfg(test)]
mod tests {
    use super::check_redirect_uri;

    #[test]
    fn redirect_uris_follow_rfc_8252() {
        for ok in [
            "https://coach.example/cb",
            "http://localhost:5000/oauth2_callback",
            "http://127.0.0.1/cb",
            "com.example.app:/cb",
        ] {
            assert!(check_redirect_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://coach.example/cb",
            "https://x.example/cb#frag",
            "javascript:alert(1)",
            "https:///cb",
            "ftp://x",
            "http://localhost:80@evil.example/cb",
            "http://localhost@evil.example/cb",
            "https://user:pw@coach.example/cb",
            "http://127.0.0.1.evil.example/cb",
            "http://localhost\\@evil.example/cb",
            "http://localhost%40evil.example/cb",
            "com.example.app://ada@evil.example/cb",
        ] {
            assert!(check_redirect_uri(bad).is_err(), "{bad}");
        }
    }
}
