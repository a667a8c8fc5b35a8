//! AccessLink transactions: what a registered partner is offered, in batches it commits.
//!
//! An item is offered to a grant when it was uploaded after the registration and no committed
//! transaction of that grant delivered it. At most one transaction per (grant, kind) is open: a
//! new one supersedes it, and its items return to the pool, as do those of an expired one.

use sqlx::Row;

use crate::{Db, DbError, Result, on_pool};

/// What a transaction carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataKind {
    /// Workouts.
    Exercise,
    /// Daily activity summaries.
    Activity,
    /// Physical information.
    Physical,
}

impl DataKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exercise => "exercise",
            Self::Activity => "activity",
            Self::Physical => "physical",
        }
    }

    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Exercise, Self::Activity, Self::Physical];

    /// The items of this kind offered to a grant and not yet delivered, oldest first: a query
    /// with `$1` = grant id. A day of activity that changed after it was delivered is offered
    /// again (the day goes on after the first sync).
    fn pending_sql(self) -> Option<&'static str> {
        // (Every kind has a source now; the Option stays for kinds AccessLink adds later.)
        match self {
            Self::Exercise => Some(
                "SELECT w.workout_id FROM oauth_grant g \
                 JOIN workout w ON w.account_id = g.account_id AND w.created_at >= g.registered_at \
                 WHERE g.grant_id = $1 AND NOT EXISTS (SELECT 1 FROM partner_delivery d \
                   WHERE d.grant_id = g.grant_id AND d.kind = 'exercise' AND d.item_id = w.workout_id) \
                 ORDER BY w.created_at, w.workout_id",
            ),
            Self::Physical => Some(
                "SELECT p.physical_id FROM oauth_grant g \
                 JOIN physical_info p ON p.account_id = g.account_id AND p.created_at >= g.registered_at \
                 WHERE g.grant_id = $1 AND NOT EXISTS (SELECT 1 FROM partner_delivery d \
                   WHERE d.grant_id = g.grant_id AND d.kind = 'physical' AND d.item_id = p.physical_id) \
                 ORDER BY p.created_at, p.physical_id",
            ),
            Self::Activity => Some(
                "SELECT a.activity_id FROM oauth_grant g \
                 JOIN daily_activity a ON a.account_id = g.account_id AND a.updated_at >= g.registered_at \
                 WHERE g.grant_id = $1 AND NOT EXISTS (SELECT 1 FROM partner_delivery d \
                   WHERE d.grant_id = g.grant_id AND d.kind = 'activity' AND d.item_id = a.activity_id \
                   AND d.delivered_at >= a.updated_at) \
                 ORDER BY a.day, a.activity_id",
            ),
        }
    }
}

/// Most items one transaction carries (AccessLink's limit).
pub const TRANSACTION_ITEMS: i64 = 50;

/// A pending-data notice: this partner user has new items of this kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The partner's id for the user.
    pub partner_user_id: i64,
    /// What is waiting.
    pub kind: DataKind,
    /// The scopes the user granted the partner (space-separated): the notice may be shown
    /// only if they cover `kind`.
    pub grant_scopes: String,
}

impl Db {
    /// Opens a transaction of up to [`TRANSACTION_ITEMS`] pending items, superseding an open
    /// one. `None` when nothing is pending (no transaction is created).
    #[tracing::instrument(skip_all, fields(grant = grant_id, kind = kind.as_str()))]
    pub async fn transaction_open(
        &self,
        grant_id: i64,
        kind: DataKind,
        ttl_ms: i64,
    ) -> Result<Option<(i64, Vec<i64>)>> {
        let Some(pending) = kind.pending_sql() else {
            return Ok(None);
        };
        let now = domain::Timestamp::now().unix_ms();
        let sql = format!("{pending} LIMIT {TRANSACTION_ITEMS}");
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE partner_transaction SET expires_at = $1 WHERE grant_id = $2 AND kind = $3 \
                 AND committed_at IS NULL AND expires_at > $1",
            )
            .bind(now).bind(grant_id).bind(kind.as_str())
            .execute(&mut *tx).await?;
            let items: Vec<(i64,)> = sqlx::query_as(&sql).bind(grant_id).fetch_all(&mut *tx).await?;
            if items.is_empty() {
                tx.commit().await?;
                return Ok::<_, DbError>(None);
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO partner_transaction (grant_id, kind, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4) RETURNING transaction_id",
            )
            .bind(grant_id).bind(kind.as_str()).bind(now).bind(now.saturating_add(ttl_ms))
            .fetch_one(&mut *tx).await?;
            for (item,) in &items {
                sqlx::query("INSERT INTO partner_transaction_item (transaction_id, item_id) VALUES ($1, $2)")
                    .bind(id).bind(item)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(Some((id, items.into_iter().map(|(i,)| i).collect())))
        }.await)
    }

    /// The items of an open, unexpired transaction of this grant and kind; `None` for an
    /// unknown, expired, committed or foreign one.
    #[tracing::instrument(skip_all, fields(grant = grant_id, transaction = transaction_id))]
    pub async fn transaction_items(
        &self,
        grant_id: i64,
        kind: DataKind,
        transaction_id: i64,
    ) -> Result<Option<Vec<i64>>> {
        let open: Option<(i64,)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT transaction_id FROM partner_transaction WHERE transaction_id = $1 \
                 AND grant_id = $2 AND kind = $3 AND committed_at IS NULL AND expires_at > $4",
            )
            .bind(transaction_id).bind(grant_id).bind(kind.as_str()).bind(domain::Timestamp::now().unix_ms())
            .fetch_optional(pool).await
        )?;
        if open.is_none() {
            return Ok(None);
        }
        let items: Vec<(i64,)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT item_id FROM partner_transaction_item WHERE transaction_id = $1 ORDER BY item_id",
            )
            .bind(transaction_id)
            .fetch_all(pool).await
        )?;
        Ok(Some(items.into_iter().map(|(i,)| i).collect()))
    }

    /// Commits an open transaction: its items are delivered and never offered to this grant
    /// again. `false` for an unknown, expired, committed or foreign transaction.
    #[tracing::instrument(skip_all, fields(grant = grant_id, transaction = transaction_id))]
    pub async fn transaction_commit(
        &self,
        grant_id: i64,
        kind: DataKind,
        transaction_id: i64,
    ) -> Result<bool> {
        let now = domain::Timestamp::now().unix_ms();
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE partner_transaction SET committed_at = $1 WHERE transaction_id = $2 \
                 AND grant_id = $3 AND kind = $4 AND committed_at IS NULL AND expires_at > $1",
            )
            .bind(now).bind(transaction_id).bind(grant_id).bind(kind.as_str())
            .execute(&mut *tx).await?;
            if done.rows_affected() != 1 {
                return Ok::<_, DbError>(false);
            }
            sqlx::query(
                "INSERT INTO partner_delivery (grant_id, kind, item_id, delivered_at) \
                 SELECT $1, $2, item_id, $3 FROM partner_transaction_item WHERE transaction_id = $4 \
                 ON CONFLICT (grant_id, kind, item_id) DO UPDATE SET delivered_at = excluded.delivered_at",
            )
            .bind(grant_id).bind(kind.as_str()).bind(now).bind(transaction_id)
            .execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(true)
        }.await)
    }

    /// For each registered user of a partner, which kinds have pending items.
    #[tracing::instrument(skip_all, fields(partner = partner_id))]
    pub async fn pending_for_partner(&self, partner_id: i64) -> Result<Vec<Pending>> {
        let grants: Vec<(i64, i64, String)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT grant_id, partner_user_id, scopes FROM oauth_grant \
                 WHERE partner_id = $1 AND registered_at IS NOT NULL ORDER BY grant_id",
            )
            .bind(partner_id)
            .fetch_all(pool).await
        )?;
        let mut out = Vec::new();
        for (grant_id, partner_user_id, grant_scopes) in grants {
            for kind in DataKind::ALL {
                let Some(pending) = kind.pending_sql() else {
                    continue;
                };
                let sql = format!("SELECT EXISTS ({pending}) AS any");
                let any: bool = on_pool!(self, pool => async {
                    let row = sqlx::query(&sql).bind(grant_id).fetch_one(pool).await?;
                    row.try_get::<bool, _>("any")
                }.await)?;
                if any {
                    out.push(Pending {
                        partner_user_id,
                        kind,
                        grant_scopes: grant_scopes.clone(),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Workout ids a registered grant may list without transactions: uploaded after the
    /// registration and no earlier than `since_ms`, newest first.
    #[tracing::instrument(skip_all, fields(grant = grant_id))]
    pub async fn registered_workouts(&self, grant_id: i64, since_ms: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT w.workout_id FROM oauth_grant g \
                 JOIN workout w ON w.account_id = g.account_id AND w.created_at >= g.registered_at \
                 WHERE g.grant_id = $1 AND w.created_at >= $2 ORDER BY w.created_at DESC, w.workout_id DESC",
            )
            .bind(grant_id).bind(since_ms)
            .fetch_all(pool).await
        )?;
        Ok(rows.into_iter().map(|(i,)| i).collect())
    }

    /// When a workout was uploaded (unix ms), within one account.
    #[tracing::instrument(skip_all, fields(workout = workout_id))]
    pub async fn workout_uploaded_at(
        &self,
        user: domain::UserId,
        workout_id: i64,
    ) -> Result<Option<i64>> {
        let row: Option<(i64,)> = on_pool!(self, pool =>
            sqlx::query_as("SELECT created_at FROM workout WHERE workout_id = $1 AND account_id = $2")
                .bind(workout_id).bind(user.get())
                .fetch_optional(pool).await
        )?;
        Ok(row.map(|(t,)| t))
    }
}

/// One physical-information entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhysicalInfo {
    /// Its id.
    pub id: i64,
    /// When it was recorded (unix ms).
    pub created_at: i64,
    /// Maximum heart rate, bpm.
    pub max_hr: i64,
    /// Resting heart rate, bpm.
    pub resting_hr: i64,
}

impl Db {
    /// A physical-information entry of this account.
    #[tracing::instrument(skip_all, fields(entry = id))]
    pub async fn physical_info(
        &self,
        user: domain::UserId,
        id: i64,
    ) -> Result<Option<PhysicalInfo>> {
        let row: Option<(i64, i64, i64, i64)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT physical_id, created_at, max_hr, resting_hr FROM physical_info \
                 WHERE physical_id = $1 AND account_id = $2",
            )
            .bind(id).bind(user.get())
            .fetch_optional(pool).await
        )?;
        Ok(
            row.map(|(id, created_at, max_hr, resting_hr)| PhysicalInfo {
                id,
                created_at,
                max_hr,
                resting_hr,
            }),
        )
    }
}
