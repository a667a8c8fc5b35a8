//! The partner's webhook (one per partner) and the outbox its events are delivered from. The
//! server sends the requests (PING, signed deliveries); the store behind them is here.

use db::{DbError, OutboxItem, Webhook};

use crate::{Partners, Result};

impl Partners {
    /// The partner's webhook, if it has one.
    pub async fn webhook(&self, partner_id: i64) -> Result<Option<Webhook>> {
        Ok(self.db.webhook_of(partner_id).await?)
    }

    /// Stores a new webhook; `false` if the partner already has one.
    #[tracing::instrument(skip_all, fields(partner = webhook.partner_id))]
    pub async fn add_webhook(&self, webhook: &Webhook) -> Result<bool> {
        match self.db.webhook_create(webhook).await {
            Ok(()) => Ok(true),
            // Two creations racing: the partner's one webhook is a unique key.
            Err(DbError::Conflict { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Saves a webhook's events and URL; `false` if it is gone.
    #[tracing::instrument(skip_all, fields(partner = webhook.partner_id))]
    pub async fn update_webhook(&self, webhook: &Webhook) -> Result<bool> {
        Ok(self.db.webhook_update(webhook).await?)
    }

    /// Switches the partner's webhook on or off; `false` if it has none.
    #[tracing::instrument(skip_all, fields(partner = partner_id, active))]
    pub async fn set_webhook_active(&self, partner_id: i64, active: bool) -> Result<bool> {
        Ok(self.db.webhook_set_active(partner_id, active).await?)
    }

    /// Deletes the partner's webhook with this id; `false` if there is none.
    #[tracing::instrument(skip_all, fields(partner = partner_id))]
    pub async fn delete_webhook(&self, partner_id: i64, webhook_id: &str) -> Result<bool> {
        Ok(self.db.webhook_delete(partner_id, webhook_id).await?)
    }

    /// Claims up to `limit` due deliveries for `lease_ms` (another instance skips them
    /// meanwhile), so each is sent by one instance at a time.
    pub async fn claim_deliveries(&self, limit: i64, lease_ms: i64) -> Result<Vec<OutboxItem>> {
        Ok(self.db.outbox_claim(limit, lease_ms).await?)
    }

    /// Events waiting to be sent to active webhooks (the outbox's depth, for metrics).
    pub async fn outbox_depth(&self) -> Result<u64> {
        let depth = self.db.outbox_depth().await?;
        Ok(u64::try_from(depth).unwrap_or(0))
    }

    /// Records a delivery the receiver accepted.
    pub async fn delivered(&self, delivery_id: i64) -> Result<()> {
        Ok(self.db.outbox_delivered(delivery_id).await?)
    }

    /// Records a failed attempt, the next due at `retry_at` (unix ms); a webhook failing for
    /// longer than `give_up_after_ms` is deactivated. Returns whether it was.
    pub async fn delivery_failed(
        &self,
        delivery_id: i64,
        why: &str,
        retry_at: i64,
        give_up_after_ms: i64,
    ) -> Result<bool> {
        Ok(self
            .db
            .outbox_failed(delivery_id, why, retry_at, give_up_after_ms)
            .await?)
    }
}
