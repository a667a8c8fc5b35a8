//! What the AccessLink-compatible resource API (`/v3`) reads and writes for a grant: the
//! partner's registration of its user, transactions, and the user's data the grant covers.
//! The HTTP layer shapes the answers; everything it needs from the store comes through here.

use db::{DailyActivity, DataKind, Grant, PhysicalInfo};
use domain::{Date, Preferences, UserId};

use crate::{Partners, Result};

impl Partners {
    /// A grant by id (`None` once the user disconnected the partner).
    pub async fn grant(&self, grant_id: i64) -> Result<Option<Grant>> {
        Ok(self.db.grant(grant_id).await?)
    }

    /// The grant, if the partner has registered its user (`POST /v3/users`); `None` for an
    /// unregistered or withdrawn grant.
    pub async fn registered_grant(&self, grant_id: i64) -> Result<Option<Grant>> {
        Ok(self
            .db
            .grant(grant_id)
            .await?
            .filter(|grant| grant.registered_at.is_some()))
    }

    /// Registers the grant's user under the partner's `member_id`; `false` if it already was.
    #[tracing::instrument(skip_all, fields(grant = grant_id))]
    pub async fn register_user(&self, grant_id: i64, member_id: &str) -> Result<bool> {
        Ok(self.db.grant_register(grant_id, member_id).await?)
    }

    /// De-registers the grant's user: the grant and everything issued under it go, as when the
    /// user disconnects the partner. `false` if it was already gone.
    #[tracing::instrument(skip_all, fields(grant = grant_id))]
    pub async fn deregister_user(&self, grant_id: i64) -> Result<bool> {
        Ok(self.db.grant_delete(grant_id).await?)
    }

    /// How many users the partner has registered (its rate limits grow with them).
    pub async fn registered_users(&self, partner_id: i64) -> Result<u64> {
        let count = self.db.partner_user_count(partner_id).await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Opens a transaction over the grant's pending items of `kind` (superseding an open one)
    /// that expires after `ttl_ms`; its id, or `None` when nothing is new.
    pub async fn open_transaction(
        &self,
        grant_id: i64,
        kind: DataKind,
        ttl_ms: i64,
    ) -> Result<Option<i64>> {
        Ok(self
            .db
            .transaction_open(grant_id, kind, ttl_ms)
            .await?
            .map(|(id, _)| id))
    }

    /// The items of an open transaction of this grant and kind; `None` for an unknown,
    /// expired, committed or foreign one.
    pub async fn transaction_items(
        &self,
        grant_id: i64,
        kind: DataKind,
        transaction_id: i64,
    ) -> Result<Option<Vec<i64>>> {
        Ok(self
            .db
            .transaction_items(grant_id, kind, transaction_id)
            .await?)
    }

    /// Commits an open transaction (its items are never offered again); `false` for an
    /// unknown, expired, committed or foreign one.
    pub async fn commit_transaction(
        &self,
        grant_id: i64,
        kind: DataKind,
        transaction_id: i64,
    ) -> Result<bool> {
        Ok(self
            .db
            .transaction_commit(grant_id, kind, transaction_id)
            .await?)
    }

    /// The workouts a registered grant may list without transactions (`/v3/exercises`):
    /// uploaded after the registration and no earlier than `since_ms`, newest first.
    pub async fn registered_workouts(&self, grant_id: i64, since_ms: i64) -> Result<Vec<i64>> {
        Ok(self.db.registered_workouts(grant_id, since_ms).await?)
    }

    /// The workout behind a partner's opaque exercise id ([`Partners::exercise_id`]) among
    /// those [`Partners::registered_workouts`] lists.
    pub async fn registered_workout(
        &self,
        grant: &Grant,
        since_ms: i64,
        exercise_id: &str,
    ) -> Result<Option<i64>> {
        let workouts = self.registered_workouts(grant.id, since_ms).await?;
        Ok(workouts
            .into_iter()
            .find(|&workout| self.exercise_id(grant.partner_id, workout) == exercise_id))
    }

    /// When a workout of this account was uploaded (unix ms).
    pub async fn uploaded_at(&self, account: UserId, workout_id: i64) -> Result<Option<i64>> {
        Ok(self.db.workout_uploaded_at(account, workout_id).await?)
    }

    /// One day of the account's activity, by its id.
    pub async fn daily_activity(&self, account: UserId, id: i64) -> Result<Option<DailyActivity>> {
        Ok(self.db.activity(account, id).await?)
    }

    /// The account's days of activity from `from` to `to` (inclusive) that changed since the
    /// grant's registration: what a registered partner may read without transactions.
    pub async fn activity_since_registration(
        &self,
        grant: &Grant,
        from: Date,
        to: Date,
    ) -> Result<Vec<DailyActivity>> {
        let days = self.db.activity_days(grant.account, from, to).await?;
        let registered_at = grant.registered_at.unwrap_or(i64::MAX);
        Ok(days
            .into_iter()
            .filter(|day| day.updated_at >= registered_at)
            .collect())
    }

    /// A physical-information entry of the account.
    pub async fn physical_info(&self, account: UserId, id: i64) -> Result<Option<PhysicalInfo>> {
        Ok(self.db.physical_info(account, id).await?)
    }

    /// The account's preferences (heart-rate settings and zones for the partner's reads).
    pub async fn preferences(&self, account: UserId) -> Result<Preferences> {
        Ok(self.db.preferences(account).await?)
    }

    /// The account's username, shown to partners as the user's first name; `None` if the
    /// account cannot be read.
    pub async fn username(&self, account: UserId) -> Option<String> {
        match self.db.get_credentials(account).await {
            Ok(credentials) => Some(credentials.user.username.to_string()),
            Err(e) => {
                tracing::debug!(error = ?e, "no username for a partner's user");
                None
            }
        }
    }
}
