//! Partner apps (OAuth clients) and users' grants to them.

use domain::UserId;
use sqlx::Row;

use crate::{Db, DbError, Result, on_pool};

/// Whether a partner may be authorized, and by whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartnerStatus {
    /// Only the owner and listed test users may authorize it.
    Sandbox,
    /// Anyone may authorize it.
    Approved,
    /// Nobody may; every token it holds is refused.
    Suspended,
}

impl PartnerStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
            Self::Approved => "approved",
            Self::Suspended => "suspended",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "sandbox" => Some(Self::Sandbox),
            "approved" => Some(Self::Approved),
            "suspended" => Some(Self::Suspended),
            _ => None,
        }
    }
}

/// A partner as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    /// Internal id.
    pub id: i64,
    /// The public OAuth `client_id`.
    pub client_id: String,
    /// SHA-256 (hex) of the client secret; `None` for public clients.
    pub secret_hash: Option<String>,
    /// Shown on the consent page.
    pub name: String,
    /// Shown on the consent page.
    pub homepage: Option<String>,
    /// Who may authorize it.
    pub status: PartnerStatus,
    /// AccessLink compatibility profile.
    pub accesslink: bool,
    /// Allowed scopes, space-separated.
    pub scopes: String,
    /// The owner (may authorize it in the sandbox).
    pub owner: Option<UserId>,
    /// Exact redirect URIs; the first is the default.
    pub redirect_uris: Vec<String>,
    /// Accounts that may authorize it in the sandbox.
    pub test_users: Vec<UserId>,
    /// When it was created (unix ms).
    pub created_at: i64,
}

/// A new partner.
#[derive(Debug, Clone)]
pub struct NewPartner {
    /// The public OAuth `client_id`.
    pub client_id: String,
    /// SHA-256 (hex) of the secret; `None` for a public client.
    pub secret_hash: Option<String>,
    /// Display name.
    pub name: String,
    /// Homepage.
    pub homepage: Option<String>,
    /// Initial status.
    pub status: PartnerStatus,
    /// AccessLink compatibility profile.
    pub accesslink: bool,
    /// Allowed scopes, space-separated.
    pub scopes: String,
    /// Owner.
    pub owner: Option<UserId>,
    /// Exact redirect URIs, the default first.
    pub redirect_uris: Vec<String>,
}

/// A user's consent to a partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Internal id.
    pub id: i64,
    /// The partner.
    pub partner_id: i64,
    /// The user.
    pub account: UserId,
    /// The user id this partner sees.
    pub partner_user_id: i64,
    /// Granted scopes, space-separated.
    pub scopes: String,
    /// When consent was given (unix ms).
    pub granted_at: i64,
    /// When a token of it was last used (unix ms).
    pub last_used_at: Option<i64>,
    /// AccessLink `member-id`, once registered.
    pub member_id: Option<String>,
    /// When the partner registered the user (unix ms).
    pub registered_at: Option<i64>,
}

/// One row of a user's "Connected apps".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The grant.
    pub grant: Grant,
    /// The partner's `client_id`.
    pub client_id: String,
    /// The partner's name.
    pub name: String,
    /// The partner's homepage.
    pub homepage: Option<String>,
}

const PARTNER_COLUMNS: &str = "partner_id, client_id, secret_hash, name, homepage, status, \
    accesslink, scopes, owner_account_id, created_at";
const GRANT_COLUMNS: &str = "g.grant_id, g.partner_id, g.account_id, g.partner_user_id, \
    g.scopes, g.granted_at, g.last_used_at, g.member_id, g.registered_at";

macro_rules! partner_from_row {
    ($row:expr) => {{
        let row = $row;
        let status: String = row.try_get("status")?;
        Partner {
            id: row.try_get("partner_id")?,
            client_id: row.try_get("client_id")?,
            secret_hash: row.try_get("secret_hash")?,
            name: row.try_get("name")?,
            homepage: row.try_get("homepage")?,
            status: PartnerStatus::parse(&status)
                .ok_or_else(|| DbError::invariant(format!("unknown partner status {status}")))?,
            accesslink: row.try_get("accesslink")?,
            scopes: row.try_get("scopes")?,
            owner: row
                .try_get::<Option<i64>, _>("owner_account_id")?
                .map(UserId::new),
            redirect_uris: Vec::new(),
            test_users: Vec::new(),
            created_at: row.try_get("created_at")?,
        }
    }};
}

macro_rules! grant_from_row {
    ($row:expr) => {{
        let row = $row;
        Grant {
            id: row.try_get("grant_id")?,
            partner_id: row.try_get("partner_id")?,
            account: UserId::new(row.try_get("account_id")?),
            partner_user_id: row.try_get("partner_user_id")?,
            scopes: row.try_get("scopes")?,
            granted_at: row.try_get("granted_at")?,
            last_used_at: row.try_get("last_used_at")?,
            member_id: row.try_get("member_id")?,
            registered_at: row.try_get("registered_at")?,
        }
    }};
}

impl Db {
    /// Stores a new partner with its redirect URIs. A taken `client_id` is a conflict.
    #[tracing::instrument(skip_all, fields(client_id = %new.client_id))]
    pub async fn partner_create(&self, new: &NewPartner) -> Result<Partner> {
        let now = domain::Timestamp::now().unix_ms();
        let id: i64 = on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO partner (client_id, secret_hash, name, homepage, status, accesslink, \
                 scopes, owner_account_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING partner_id",
            )
            .bind(&new.client_id)
            .bind(&new.secret_hash)
            .bind(&new.name)
            .bind(&new.homepage)
            .bind(new.status.as_str())
            .bind(new.accesslink)
            .bind(&new.scopes)
            .bind(new.owner.map(UserId::get))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            for (position, uri) in new.redirect_uris.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO partner_redirect_uri (partner_id, position, uri) VALUES ($1, $2, $3)",
                )
                .bind(id)
                .bind(position as i64)
                .bind(uri)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok::<_, DbError>(id)
        }.await)?;
        self.partner(id)
            .await?
            .ok_or_else(|| DbError::invariant("partner vanished after insert"))
    }

    /// A partner by internal id.
    #[tracing::instrument(skip_all, fields(partner = id))]
    pub async fn partner(&self, id: i64) -> Result<Option<Partner>> {
        let sql = format!("SELECT {PARTNER_COLUMNS} FROM partner WHERE partner_id = $1");
        let partner = on_pool!(self, pool => async {
            match sqlx::query(&sql).bind(id).fetch_optional(pool).await? {
                Some(row) => Ok::<_, DbError>(Some(partner_from_row!(row))),
                None => Ok(None),
            }
        }.await)?;
        self.with_lists(partner).await
    }

    /// A partner by its public `client_id`.
    #[tracing::instrument(skip_all)]
    pub async fn partner_by_client_id(&self, client_id: &str) -> Result<Option<Partner>> {
        let sql = format!("SELECT {PARTNER_COLUMNS} FROM partner WHERE client_id = $1");
        let partner = on_pool!(self, pool => async {
            match sqlx::query(&sql).bind(client_id).fetch_optional(pool).await? {
                Some(row) => Ok::<_, DbError>(Some(partner_from_row!(row))),
                None => Ok(None),
            }
        }.await)?;
        self.with_lists(partner).await
    }

    /// Every partner, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn partners(&self) -> Result<Vec<Partner>> {
        let sql = format!("SELECT {PARTNER_COLUMNS} FROM partner ORDER BY partner_id");
        let partners = on_pool!(self, pool => async {
            let mut out = Vec::new();
            for row in sqlx::query(&sql).fetch_all(pool).await? {
                out.push(partner_from_row!(row));
            }
            Ok::<_, DbError>(out)
        }.await)?;
        let mut full = Vec::with_capacity(partners.len());
        for p in partners {
            full.extend(self.with_lists(Some(p)).await?);
        }
        Ok(full)
    }

    async fn with_lists(&self, partner: Option<Partner>) -> Result<Option<Partner>> {
        let Some(mut partner) = partner else {
            return Ok(None);
        };
        let uris: Vec<(String,)> = on_pool!(self, pool =>
            sqlx::query_as("SELECT uri FROM partner_redirect_uri WHERE partner_id = $1 ORDER BY position")
                .bind(partner.id)
                .fetch_all(pool)
                .await
        )?;
        let users: Vec<(i64,)> = on_pool!(self, pool =>
            sqlx::query_as("SELECT account_id FROM partner_test_user WHERE partner_id = $1 ORDER BY account_id")
                .bind(partner.id)
                .fetch_all(pool)
                .await
        )?;
        partner.redirect_uris = uris.into_iter().map(|(u,)| u).collect();
        partner.test_users = users.into_iter().map(|(u,)| UserId::new(u)).collect();
        Ok(Some(partner))
    }

    /// Replaces a partner's secret hash. Returns `false` for an unknown partner.
    #[tracing::instrument(skip_all, fields(partner = id))]
    pub async fn partner_set_secret(&self, id: i64, secret_hash: &str) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query("UPDATE partner SET secret_hash = $1, updated_at = $2 WHERE partner_id = $3")
                .bind(secret_hash).bind(domain::Timestamp::now().unix_ms()).bind(id)
                .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(done == 1)
    }

    /// Changes a partner's status. Returns `false` for an unknown partner.
    #[tracing::instrument(skip_all, fields(partner = id, status = status.as_str()))]
    pub async fn partner_set_status(&self, id: i64, status: PartnerStatus) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query("UPDATE partner SET status = $1, updated_at = $2 WHERE partner_id = $3")
                .bind(status.as_str()).bind(domain::Timestamp::now().unix_ms()).bind(id)
                .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(done == 1)
    }

    /// Lets an account authorize a partner that is still in the sandbox.
    #[tracing::instrument(skip_all, fields(partner = id, user = %user))]
    pub async fn partner_add_test_user(&self, id: i64, user: UserId) -> Result<()> {
        on_pool!(self, pool =>
            sqlx::query(
                "INSERT INTO partner_test_user (partner_id, account_id) VALUES ($1, $2) \
                 ON CONFLICT (partner_id, account_id) DO NOTHING",
            )
            .bind(id).bind(user.get())
            .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(())
    }

    /// The grant of `user` to a partner, if consent was given.
    #[tracing::instrument(skip_all, fields(partner = partner_id, user = %user))]
    pub async fn grant_for(&self, partner_id: i64, user: UserId) -> Result<Option<Grant>> {
        let sql = format!(
            "SELECT {GRANT_COLUMNS} FROM oauth_grant g WHERE g.partner_id = $1 AND g.account_id = $2"
        );
        on_pool!(self, pool => async {
            match sqlx::query(&sql).bind(partner_id).bind(user.get()).fetch_optional(pool).await? {
                Some(row) => Ok(Some(grant_from_row!(row))),
                None => Ok(None),
            }
        }.await)
    }

    /// A grant by id.
    #[tracing::instrument(skip_all, fields(grant = grant_id))]
    pub async fn grant(&self, grant_id: i64) -> Result<Option<Grant>> {
        let sql = format!("SELECT {GRANT_COLUMNS} FROM oauth_grant g WHERE g.grant_id = $1");
        on_pool!(self, pool => async {
            match sqlx::query(&sql).bind(grant_id).fetch_optional(pool).await? {
                Some(row) => Ok(Some(grant_from_row!(row))),
                None => Ok(None),
            }
        }.await)
    }

    /// The grant behind a partner's pseudonymous user id.
    #[tracing::instrument(skip_all, fields(partner = partner_id))]
    pub async fn grant_by_partner_user(
        &self,
        partner_id: i64,
        partner_user_id: i64,
    ) -> Result<Option<Grant>> {
        let sql = format!(
            "SELECT {GRANT_COLUMNS} FROM oauth_grant g WHERE g.partner_id = $1 AND g.partner_user_id = $2"
        );
        on_pool!(self, pool => async {
            match sqlx::query(&sql).bind(partner_id).bind(partner_user_id).fetch_optional(pool).await? {
                Some(row) => Ok(Some(grant_from_row!(row))),
                None => Ok(None),
            }
        }.await)
    }

    /// Records consent: creates the grant with a fresh pseudonymous id (drawn by `draw_id`
    /// until one is free), or sets the scopes of the existing one.
    #[tracing::instrument(skip_all, fields(partner = partner_id, user = %user))]
    pub async fn grant_upsert(
        &self,
        partner_id: i64,
        user: UserId,
        scopes: &str,
        mut draw_id: impl FnMut() -> i64,
    ) -> Result<Grant> {
        if let Some(existing) = self.grant_for(partner_id, user).await? {
            on_pool!(self, pool =>
                sqlx::query("UPDATE oauth_grant SET scopes = $1 WHERE grant_id = $2")
                    .bind(scopes).bind(existing.id)
                    .execute(pool).await.map(|d| d.rows_affected())
            )?;
            return Ok(Grant {
                scopes: scopes.to_owned(),
                ..existing
            });
        }
        for _ in 0..8 {
            let inserted = on_pool!(self, pool =>
                sqlx::query(
                    "INSERT INTO oauth_grant (partner_id, account_id, partner_user_id, scopes, granted_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(partner_id).bind(user.get()).bind(draw_id()).bind(scopes).bind(domain::Timestamp::now().unix_ms())
                .execute(pool).await.map(|d| d.rows_affected())
            );
            match inserted.map_err(DbError::from) {
                Ok(_) => break,
                // The pseudonym was taken (or a concurrent consent won): look again.
                Err(DbError::Conflict { .. }) => {
                    if let Some(grant) = self.grant_for(partner_id, user).await? {
                        return Ok(grant);
                    }
                }
                Err(e) => return Err(e),
            }
        }
        self.grant_for(partner_id, user)
            .await?
            .ok_or_else(|| DbError::invariant("could not draw a free partner user id"))
    }

    /// How many users have registered with a partner (its rate limits grow with them).
    #[tracing::instrument(skip_all, fields(partner = partner_id))]
    pub async fn partner_user_count(&self, partner_id: i64) -> Result<i64> {
        let (n,): (i64,) = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT COUNT(*) FROM oauth_grant WHERE partner_id = $1 AND registered_at IS NOT NULL",
            )
            .bind(partner_id)
            .fetch_one(pool)
            .await
        )?;
        Ok(n)
    }

    /// Notes that a token of the grant was used just now.
    #[tracing::instrument(skip_all, fields(grant = grant_id))]
    pub async fn grant_touch(&self, grant_id: i64) -> Result<()> {
        on_pool!(self, pool =>
            sqlx::query("UPDATE oauth_grant SET last_used_at = $1 WHERE grant_id = $2")
                .bind(domain::Timestamp::now().unix_ms()).bind(grant_id)
                .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(())
    }

    /// Deletes a grant and, by cascade, every code, token, registration and transaction of it.
    #[tracing::instrument(skip_all, fields(grant = grant_id))]
    pub async fn grant_delete(&self, grant_id: i64) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query("DELETE FROM oauth_grant WHERE grant_id = $1")
                .bind(grant_id)
                .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(done == 1)
    }

    /// A user's connected apps, most recently granted first.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn connections(&self, user: UserId) -> Result<Vec<Connection>> {
        let sql = format!(
            "SELECT {GRANT_COLUMNS}, p.client_id, p.name, p.homepage FROM oauth_grant g \
             JOIN partner p ON p.partner_id = g.partner_id \
             WHERE g.account_id = $1 ORDER BY g.granted_at DESC, g.grant_id DESC"
        );
        on_pool!(self, pool => async {
            let mut out = Vec::new();
            for row in sqlx::query(&sql).bind(user.get()).fetch_all(pool).await? {
                out.push(Connection {
                    client_id: row.try_get("client_id")?,
                    name: row.try_get("name")?,
                    homepage: row.try_get("homepage")?,
                    grant: grant_from_row!(&row),
                });
            }
            Ok(out)
        }.await)
    }

    /// AccessLink registration: records the member id and the time from which data is offered.
    /// Returns `false` if the grant was already registered.
    #[tracing::instrument(skip_all, fields(grant = grant_id))]
    pub async fn grant_register(&self, grant_id: i64, member_id: &str) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query(
                "UPDATE oauth_grant SET member_id = $1, registered_at = $2 \
                 WHERE grant_id = $3 AND registered_at IS NULL",
            )
            .bind(member_id).bind(domain::Timestamp::now().unix_ms()).bind(grant_id)
            .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(done == 1)
    }
}
