//! Partner webhooks and the outbox of their deliveries.
//!
//! Events are written to the outbox in the same transaction as the data they announce. Any
//! number of instances may deliver: each claims due rows for a while (`FOR UPDATE SKIP LOCKED`
//! on Postgres; SQLite has one writer, so its `UPDATE … RETURNING` claims atomically).

use sqlx::Row;

use crate::{Backend, Db, DbError, Result, on_pool};

/// A partner's webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// Its id (a random string).
    pub id: String,
    /// The partner.
    pub partner_id: i64,
    /// Where events are posted.
    pub url: String,
    /// Event names.
    pub events: Vec<String>,
    /// HMAC-SHA256 key for the signature header.
    pub secret: String,
    /// Whether events are sent.
    pub active: bool,
    /// Since when deliveries have failed, if they do.
    pub failing_since: Option<i64>,
}

/// One event to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    /// Row id.
    pub delivery_id: i64,
    /// The webhook's URL.
    pub url: String,
    /// The webhook's signing key.
    pub secret: String,
    /// The webhook's partner.
    pub partner_id: i64,
    /// `EXERCISE` or `ACTIVITY_SUMMARY`.
    pub event: String,
    /// The partner's id for the user.
    pub user_id: i64,
    /// Workout id or day.
    pub entity: String,
    /// How many attempts failed so far.
    pub attempts: i64,
    /// When the event happened (unix ms).
    pub created_at: i64,
}

macro_rules! webhook_from_row {
    ($row:expr) => {{
        let row = $row;
        let events: String = row.try_get("events")?;
        Webhook {
            id: row.try_get("webhook_id")?,
            partner_id: row.try_get("partner_id")?,
            url: row.try_get("url")?,
            events: events.split_whitespace().map(str::to_owned).collect(),
            secret: row.try_get("secret")?,
            active: row.try_get("active")?,
            failing_since: row.try_get("failing_since")?,
        }
    }};
}

/// The outbox rows a stored item adds (`$1` account, `$2` the workout id or the day, `$3` now,
/// `$4` the event, `EXERCISE` or `ACTIVITY_SUMMARY`): one per active webhook of a registered,
/// unsuspended partner that wants the event and whose grant covers it — `EXERCISE` needs
/// `workouts:read`, `ACTIVITY_SUMMARY` `activity:read`, either may come from
/// `accesslink.read_all` (the scopes of `partner::Scope`). A partner learns nothing, not even
/// that something happened, about data it may not read.
pub(crate) const ENQUEUE: &str = "INSERT INTO webhook_outbox \
    (webhook_id, event, user_id, entity, next_attempt_at, created_at) \
    SELECT h.webhook_id, CAST($4 AS TEXT), g.partner_user_id, $2, $3, $3 FROM oauth_grant g \
    JOIN partner p ON p.partner_id = g.partner_id \
    JOIN partner_webhook h ON h.partner_id = g.partner_id \
    WHERE g.account_id = $1 AND g.registered_at IS NOT NULL AND h.active = TRUE \
    AND p.status <> 'suspended' AND (' ' || h.events || ' ') LIKE '% ' || CAST($4 AS TEXT) || ' %' \
    AND ((' ' || g.scopes || ' ') LIKE '% accesslink.read_all %' \
      OR (' ' || g.scopes || ' ') LIKE '% ' || CASE CAST($4 AS TEXT) \
           WHEN 'EXERCISE' THEN 'workouts:read' WHEN 'ACTIVITY_SUMMARY' THEN 'activity:read' \
           ELSE 'no scope covers it' END || ' %')";

/// How long delivered rows, and undelivered ones that were given up on, stay in the outbox.
pub const OUTBOX_KEEP_MS: i64 = 7 * 86_400_000;

impl Db {
    /// Creates a partner's webhook. A partner has at most one: a second is a conflict.
    #[tracing::instrument(skip_all, fields(partner = webhook.partner_id))]
    pub async fn webhook_create(&self, webhook: &Webhook) -> Result<()> {
        on_pool!(self, pool =>
            sqlx::query(
                "INSERT INTO partner_webhook (webhook_id, partner_id, url, events, secret, active, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&webhook.id).bind(webhook.partner_id).bind(&webhook.url)
            .bind(webhook.events.join(" ")).bind(&webhook.secret).bind(webhook.active).bind(domain::Timestamp::now().unix_ms())
            .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(())
    }

    /// The partner's webhook, if it has one.
    #[tracing::instrument(skip_all, fields(partner = partner_id))]
    pub async fn webhook_of(&self, partner_id: i64) -> Result<Option<Webhook>> {
        on_pool!(self, pool => async {
            let row = sqlx::query(
                "SELECT webhook_id, partner_id, url, events, secret, active, failing_since \
                 FROM partner_webhook WHERE partner_id = $1",
            )
            .bind(partner_id)
            .fetch_optional(pool)
            .await?;
            match row {
                Some(row) => Ok(Some(webhook_from_row!(row))),
                None => Ok(None),
            }
        }.await)
    }

    /// Changes the URL and events of a webhook.
    #[tracing::instrument(skip_all, fields(partner = webhook.partner_id))]
    pub async fn webhook_update(&self, webhook: &Webhook) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query("UPDATE partner_webhook SET url = $1, events = $2 WHERE webhook_id = $3 AND partner_id = $4")
                .bind(&webhook.url).bind(webhook.events.join(" ")).bind(&webhook.id).bind(webhook.partner_id)
                .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(done == 1)
    }

    /// Turns a partner's webhook on or off; turning it on clears the failure clock.
    #[tracing::instrument(skip_all, fields(partner = partner_id, active))]
    pub async fn webhook_set_active(&self, partner_id: i64, active: bool) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query("UPDATE partner_webhook SET active = $1, failing_since = NULL WHERE partner_id = $2")
                .bind(active).bind(partner_id)
                .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(done == 1)
    }

    /// Deletes a webhook (and its undelivered events).
    #[tracing::instrument(skip_all, fields(partner = partner_id))]
    pub async fn webhook_delete(&self, partner_id: i64, webhook_id: &str) -> Result<bool> {
        let done = on_pool!(self, pool =>
            sqlx::query("DELETE FROM partner_webhook WHERE webhook_id = $1 AND partner_id = $2")
                .bind(webhook_id).bind(partner_id)
                .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(done == 1)
    }

    /// Claims up to `limit` due deliveries for `lease_ms`; another instance will not take them
    /// until the lease runs out.
    #[tracing::instrument(skip_all)]
    pub async fn outbox_claim(&self, limit: i64, lease_ms: i64) -> Result<Vec<OutboxItem>> {
        let now = domain::Timestamp::now().unix_ms();
        // Only the outbox rows are locked (`OF o`): locking the joined webhook row too would
        // make a second instance skip every row of that webhook while the first holds any.
        let lock = match self.backend() {
            Backend::Postgres => "FOR UPDATE OF o SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let claim = format!(
            "UPDATE webhook_outbox SET claimed_until = $1 WHERE delivery_id IN (\
             SELECT o.delivery_id FROM webhook_outbox o \
             JOIN partner_webhook h ON h.webhook_id = o.webhook_id \
             WHERE o.delivered_at IS NULL AND o.next_attempt_at <= $2 AND h.active = TRUE \
             AND (o.claimed_until IS NULL OR o.claimed_until < $2) \
             AND EXISTS (SELECT 1 FROM oauth_grant g WHERE g.partner_id = h.partner_id \
                         AND g.partner_user_id = o.user_id) \
             ORDER BY o.next_attempt_at, o.delivery_id LIMIT $3 {lock}) RETURNING delivery_id"
        );
        let ids: Vec<(i64,)> = on_pool!(self, pool =>
            sqlx::query_as(&claim).bind(now.saturating_add(lease_ms)).bind(now).bind(limit)
                .fetch_all(pool).await
        )?;
        let mut items = Vec::with_capacity(ids.len());
        for (id,) in ids {
            let item = on_pool!(self, pool => async {
                let row = sqlx::query(
                    "SELECT o.delivery_id, h.url, h.secret, h.partner_id, o.event, o.user_id, o.entity, \
                     o.attempts, o.created_at FROM webhook_outbox o \
                     JOIN partner_webhook h ON h.webhook_id = o.webhook_id WHERE o.delivery_id = $1",
                )
                .bind(id)
                .fetch_optional(pool)
                .await?;
                match row {
                    Some(row) => Ok::<_, DbError>(Some(OutboxItem {
                        delivery_id: row.try_get("delivery_id")?,
                        url: row.try_get("url")?,
                        secret: row.try_get("secret")?,
                        partner_id: row.try_get("partner_id")?,
                        event: row.try_get("event")?,
                        user_id: row.try_get("user_id")?,
                        entity: row.try_get("entity")?,
                        attempts: row.try_get("attempts")?,
                        created_at: row.try_get("created_at")?,
                    })),
                    None => Ok(None),
                }
            }.await)?;
            items.extend(item);
        }
        Ok(items)
    }

    /// Records a successful delivery; the webhook is healthy again.
    #[tracing::instrument(skip_all, fields(delivery = delivery_id))]
    pub async fn outbox_delivered(&self, delivery_id: i64) -> Result<()> {
        let now = domain::Timestamp::now().unix_ms();
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE webhook_outbox SET delivered_at = $1, claimed_until = NULL WHERE delivery_id = $2")
                .bind(now).bind(delivery_id).execute(&mut *tx).await?;
            sqlx::query(
                "UPDATE partner_webhook SET failing_since = NULL WHERE webhook_id = \
                 (SELECT webhook_id FROM webhook_outbox WHERE delivery_id = $1)",
            )
            .bind(delivery_id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, DbError>(())
        }.await)
    }

    /// Records a failed attempt: the next one is due at `retry_at`. A webhook failing for
    /// longer than `give_up_after_ms` is deactivated. Returns whether it was.
    #[tracing::instrument(skip_all, fields(delivery = delivery_id))]
    pub async fn outbox_failed(
        &self,
        delivery_id: i64,
        error: &str,
        retry_at: i64,
        give_up_after_ms: i64,
    ) -> Result<bool> {
        let now = domain::Timestamp::now().unix_ms();
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = $1, \
                 claimed_until = NULL, last_error = $2 WHERE delivery_id = $3",
            )
            .bind(retry_at).bind(error).bind(delivery_id).execute(&mut *tx).await?;
            sqlx::query(
                "UPDATE partner_webhook SET failing_since = COALESCE(failing_since, $1) WHERE webhook_id = \
                 (SELECT webhook_id FROM webhook_outbox WHERE delivery_id = $2)",
            )
            .bind(now).bind(delivery_id).execute(&mut *tx).await?;
            let off = sqlx::query(
                "UPDATE partner_webhook SET active = FALSE WHERE failing_since < $1 AND webhook_id = \
                 (SELECT webhook_id FROM webhook_outbox WHERE delivery_id = $2)",
            )
            .bind(now.saturating_sub(give_up_after_ms)).bind(delivery_id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, DbError>(off.rows_affected() == 1)
        }.await)
    }

    /// Deletes outbox rows delivered before `cut_ms` (unix ms), and undelivered ones created
    /// before it (by then their webhook had failed for days, was switched off, or the user
    /// disconnected the partner: they will not be sent). Returns how many went. The delivery
    /// loop cuts at [`OUTBOX_KEEP_MS`] ago, so the outbox keeps a bounded history instead of
    /// growing forever.
    #[tracing::instrument(skip_all)]
    pub async fn outbox_prune(&self, cut_ms: i64) -> Result<u64> {
        let done = on_pool!(self, pool =>
            sqlx::query(
                "DELETE FROM webhook_outbox WHERE (delivered_at IS NOT NULL AND delivered_at < $1) \
                 OR (delivered_at IS NULL AND created_at < $1)",
            )
            .bind(cut_ms)
            .execute(pool).await.map(|d| d.rows_affected())
        )?;
        Ok(done)
    }

    /// Events waiting to be sent, over every active webhook: the outbox's depth (for
    /// metrics). Those of a switched-off webhook wait for no one and are left out.
    #[tracing::instrument(skip_all)]
    pub async fn outbox_depth(&self) -> Result<i64> {
        let (n,): (i64,) = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT COUNT(*) FROM webhook_outbox o JOIN partner_webhook h ON h.webhook_id = o.webhook_id \
                 WHERE o.delivered_at IS NULL AND h.active = TRUE",
            )
            .fetch_one(pool).await
        )?;
        Ok(n)
    }

    /// Undelivered events of a partner's webhook (for tests and the admin page).
    #[tracing::instrument(skip_all, fields(partner = partner_id))]
    pub async fn outbox_pending(&self, partner_id: i64) -> Result<i64> {
        let (n,): (i64,) = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT COUNT(*) FROM webhook_outbox o JOIN partner_webhook h ON h.webhook_id = o.webhook_id \
                 WHERE h.partner_id = $1 AND o.delivered_at IS NULL",
            )
            .bind(partner_id).fetch_one(pool).await
        )?;
        Ok(n)
    }
}
