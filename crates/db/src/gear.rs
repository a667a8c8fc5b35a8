//! Gear: an account's shoes, bikes and other things, the workouts that used them (their totals
//! summed by query, never stored) and the default per sport. Every query is scoped to one
//! account, so another account's gear reads as missing.

use domain::{
    Date, Gear, GearDefault, GearDraft, GearId, GearItem, GearKind, GearUse, Sport, Timestamp,
    UserId, WorkoutId,
};
use sqlx::Row;

use crate::{Db, DbError, Result, on_pool};

/// Which gear the workouts of an upload get.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum GearChoice {
    /// The account's default for each workout's sport, if it set one (what a file names no
    /// gear for).
    #[default]
    SportDefault,
    /// This gear: the account's gear of that name (in any letter case), or else new gear as
    /// drafted, made in the upload's transaction (an import that names gear, such as a Strava
    /// export's row).
    Named(GearDraft),
    /// None at all (a restore of a workout that had none).
    Nothing,
    /// Per workout of the upload, in order: this gear (found by name or made, as for
    /// [`Self::Named`]) or none. A restore gives each part of a file the gear it had (a
    /// triathlon's ride its bike, its run the shoes).
    Each(Vec<Option<GearDraft>>),
}

const GEAR_COLUMNS: &str =
    "g.gear_id, g.kind, g.name, g.brand, g.model, g.notes, g.retired, g.warn_distance_m";

/// Adds gear unless the account has gear of that name already; the upload's transaction then
/// reads its id. Two imports naming new gear at once meet here: the second does nothing.
pub(crate) const INSERT_GEAR_IF_NEW: &str = "INSERT INTO gear (account_id, kind, name, name_key, \
    brand, model, notes, retired, warn_distance_m, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
    ON CONFLICT (account_id, name_key) DO NOTHING";

/// The id of an account's gear by its name's key.
pub(crate) const GEAR_BY_KEY: &str =
    "SELECT gear_id FROM gear WHERE account_id = $1 AND name_key = $2";

/// Gives a new workout the account's default gear for its sport (none if it set none).
pub(crate) const APPLY_SPORT_DEFAULT: &str = "UPDATE workout SET gear_id = \
    (SELECT d.gear_id FROM gear_default d WHERE d.account_id = $1 AND d.sport = $2) \
    WHERE workout_id = $3";

/// Gives a new workout this gear.
pub(crate) const SET_NEW_WORKOUT_GEAR: &str =
    "UPDATE workout SET gear_id = $1 WHERE workout_id = $2";

/// Reads a [`Gear`] from a row of `GEAR_COLUMNS` (a macro: the row type differs by backend).
macro_rules! gear_from_row {
    ($row:expr) => {{
        let row = $row;
        let kind: String = row.try_get("kind")?;
        Gear {
            id: GearId::new(row.try_get("gear_id")?),
            // The column's CHECK allows the three names only.
            kind: GearKind::parse(&kind)
                .ok_or_else(|| DbError::invariant(format!("gear kind {kind:?}")))?,
            name: row.try_get("name")?,
            brand: row.try_get("brand")?,
            model: row.try_get("model")?,
            notes: row.try_get("notes")?,
            retired: row.try_get("retired")?,
            warn_distance_m: row.try_get("warn_distance_m")?,
        }
    }};
}

/// Reads a [`GearItem`] from a row of `GEAR_COLUMNS` and the totals of [`Db::gear_items`].
macro_rules! item_from_row {
    ($row:expr) => {{
        let row = $row;
        let gear = gear_from_row!(row);
        let workouts: i64 = row.try_get("workouts")?;
        let day = |d: Option<i64>| d.map(Date::from_days);
        let usage = GearUse {
            workouts: workouts.max(0) as u64,
            distance_m: row.try_get("distance_m")?,
            moving_ms: row.try_get("moving_ms")?,
            elapsed_ms: row.try_get("elapsed_ms")?,
            first_day: day(row.try_get("first_day")?),
            last_day: day(row.try_get("last_day")?),
        };
        GearItem::new(gear, usage)
    }};
}

/// Finds an account's gear by the draft's name, or makes it, on a transaction's connection;
/// evaluates to its id (a macro: the connection type differs by backend).
macro_rules! find_or_create_gear {
    ($tx:ident, $user:expr, $draft:expr, $now:expr) => {{
        let draft: &domain::GearDraft = $draft;
        let key = draft.name_key();
        sqlx::query(crate::gear::INSERT_GEAR_IF_NEW)
            .bind($user.get())
            .bind(draft.gear_kind().name())
            .bind(draft.name())
            .bind(&key)
            .bind(draft.brand_name())
            .bind(draft.model_name())
            .bind(draft.notes_text())
            .bind(draft.is_retired())
            .bind(draft.warn_distance_m())
            .bind($now)
            .execute(&mut *$tx)
            .await?;
        let (id,): (i64,) = sqlx::query_as(crate::gear::GEAR_BY_KEY)
            .bind($user.get())
            .bind(&key)
            .fetch_one(&mut *$tx)
            .await?;
        id
    }};
}
pub(crate) use find_or_create_gear;

impl Db {
    /// The account's gear with its totals: in use first, then retired; by kind and name.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn gear_items(&self, user: UserId) -> Result<Vec<GearItem>> {
        self.items(user, None).await
    }

    /// One piece of the account's gear with its totals; `None` for another account's.
    #[tracing::instrument(skip_all, fields(user = %user, gear = %id))]
    pub async fn gear_item(&self, user: UserId, id: GearId) -> Result<Option<GearItem>> {
        Ok(self.items(user, Some(id)).await?.pop())
    }

    async fn items(&self, user: UserId, only: Option<GearId>) -> Result<Vec<GearItem>> {
        // Sums of BIGINT are NUMERIC on Postgres: cast back, the same on both backends.
        let sql = format!(
            "SELECT {GEAR_COLUMNS}, COUNT(w.workout_id) AS workouts, \
             CAST(COALESCE(SUM(w.distance_m), 0) AS DOUBLE PRECISION) AS distance_m, \
             CAST(COALESCE(SUM(w.moving_ms), 0) AS BIGINT) AS moving_ms, \
             CAST(COALESCE(SUM(w.elapsed_ms), 0) AS BIGINT) AS elapsed_ms, \
             MIN(w.local_day) AS first_day, MAX(w.local_day) AS last_day \
             FROM gear g LEFT JOIN workout w \
               ON w.gear_id = g.gear_id AND w.account_id = g.account_id \
             WHERE g.account_id = $1 AND ($2 = 0 OR g.gear_id = $2) \
             GROUP BY g.gear_id \
             ORDER BY g.retired, g.kind, g.name_key, g.gear_id"
        );
        on_pool!(self, pool => {
            let rows = sqlx::query(&sql)
                .bind(user.get())
                .bind(only.map_or(0, GearId::get))
                .fetch_all(pool)
                .await?;
            rows.iter().map(|row| Ok(item_from_row!(row))).collect()
        })
    }

    /// The account's gear without totals (what a choice of gear lists), by kind and name.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn gear_list(&self, user: UserId) -> Result<Vec<Gear>> {
        let sql = format!(
            "SELECT {GEAR_COLUMNS} FROM gear g WHERE g.account_id = $1 \
             ORDER BY g.retired, g.kind, g.name_key, g.gear_id"
        );
        on_pool!(self, pool => {
            let rows = sqlx::query(&sql).bind(user.get()).fetch_all(pool).await?;
            rows.iter().map(|row| Ok(gear_from_row!(row))).collect()
        })
    }

    /// Stores new gear. [`DbError::Conflict`] when the account has gear of that name (in any
    /// letter case).
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn create_gear(&self, user: UserId, draft: &GearDraft) -> Result<GearId> {
        let now = Timestamp::now().unix_ms();
        let (id,): (i64,) = on_pool!(self, pool =>
            sqlx::query_as(
                "INSERT INTO gear (account_id, kind, name, name_key, brand, model, notes, \
                 retired, warn_distance_m, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING gear_id",
            )
            .bind(user.get())
            .bind(draft.gear_kind().name())
            .bind(draft.name())
            .bind(draft.name_key())
            .bind(draft.brand_name())
            .bind(draft.model_name())
            .bind(draft.notes_text())
            .bind(draft.is_retired())
            .bind(draft.warn_distance_m())
            .bind(now)
            .fetch_one(pool)
            .await
        )?;
        Ok(GearId::new(id))
    }

    /// Makes gear what the draft says. Retired gear stops being a default (in the same
    /// transaction): it is offered for no new workout. `false` when the account has no such
    /// gear; [`DbError::Conflict`] when another of its gear has the new name.
    #[tracing::instrument(skip_all, fields(user = %user, gear = %id))]
    pub async fn update_gear(&self, user: UserId, id: GearId, draft: &GearDraft) -> Result<bool> {
        let now = Timestamp::now().unix_ms();
        let changed = on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(
                "UPDATE gear SET kind = $3, name = $4, name_key = $5, brand = $6, model = $7, \
                 notes = $8, retired = $9, warn_distance_m = $10, updated_at = $11 \
                 WHERE account_id = $1 AND gear_id = $2",
            )
            .bind(user.get())
            .bind(id.get())
            .bind(draft.gear_kind().name())
            .bind(draft.name())
            .bind(draft.name_key())
            .bind(draft.brand_name())
            .bind(draft.model_name())
            .bind(draft.notes_text())
            .bind(draft.is_retired())
            .bind(draft.warn_distance_m())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if draft.is_retired() {
                sqlx::query("DELETE FROM gear_default WHERE account_id = $1 AND gear_id = $2")
                    .bind(user.get())
                    .bind(id.get())
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(done.rows_affected())
        }.await)?;
        Ok(changed == 1)
    }

    /// Deletes gear; its workouts stay, without gear, and it stops being a default. `false`
    /// when the account has no such gear.
    #[tracing::instrument(skip_all, fields(user = %user, gear = %id))]
    pub async fn delete_gear(&self, user: UserId, id: GearId) -> Result<bool> {
        // Workouts lose it by ON DELETE SET NULL, defaults by ON DELETE CASCADE.
        let deleted = on_pool!(self, pool =>
            sqlx::query("DELETE FROM gear WHERE account_id = $1 AND gear_id = $2")
                .bind(user.get())
                .bind(id.get())
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        )?;
        Ok(deleted == 1)
    }

    /// The gear a workout of this account was done with.
    #[tracing::instrument(skip_all, fields(user = %user, workout = %workout))]
    pub async fn workout_gear(&self, user: UserId, workout: WorkoutId) -> Result<Option<Gear>> {
        let sql = format!(
            "SELECT {GEAR_COLUMNS} FROM workout w \
             JOIN gear g ON g.gear_id = w.gear_id AND g.account_id = w.account_id \
             WHERE w.account_id = $1 AND w.workout_id = $2"
        );
        on_pool!(self, pool => {
            let row = sqlx::query(&sql)
                .bind(user.get())
                .bind(workout.get())
                .fetch_optional(pool)
                .await?;
            row.map(|row| Ok(gear_from_row!(&row))).transpose()
        })
    }

    /// Gives a workout gear, or none. `false` when the account has no such workout, or no such
    /// gear (another account's included).
    #[tracing::instrument(skip_all, fields(user = %user, workout = %workout))]
    pub async fn set_workout_gear(
        &self,
        user: UserId,
        workout: WorkoutId,
        gear: Option<GearId>,
    ) -> Result<bool> {
        let changed = on_pool!(self, pool => match gear {
            Some(gear) => sqlx::query(
                "UPDATE workout SET gear_id = $3 WHERE account_id = $1 AND workout_id = $2 \
                 AND EXISTS (SELECT 1 FROM gear WHERE account_id = $1 AND gear_id = $3)",
            )
            .bind(user.get())
            .bind(workout.get())
            .bind(gear.get())
            .execute(pool)
            .await,
            None => sqlx::query(
                "UPDATE workout SET gear_id = NULL WHERE account_id = $1 AND workout_id = $2",
            )
            .bind(user.get())
            .bind(workout.get())
            .execute(pool)
            .await,
        }
        .map(|done| done.rows_affected()))?;
        Ok(changed == 1)
    }

    /// The account's default gear per sport, by sport name.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn gear_defaults(&self, user: UserId) -> Result<Vec<GearDefault>> {
        let rows: Vec<(String, i64)> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT sport, gear_id FROM gear_default WHERE account_id = $1 ORDER BY sport",
            )
            .bind(user.get())
            .fetch_all(pool)
            .await
        )?;
        Ok(rows
            .into_iter()
            .map(|(sport, gear)| GearDefault {
                sport: Sport::from_name(&sport),
                gear_id: GearId::new(gear),
            })
            .collect())
    }

    /// Makes gear the default for a sport, or clears the sport's default (`None`). `false`
    /// when the account has no such gear in use (retired gear is no default).
    #[tracing::instrument(skip_all, fields(user = %user, sport = %sport))]
    pub async fn set_gear_default(
        &self,
        user: UserId,
        sport: Sport,
        gear: Option<GearId>,
    ) -> Result<bool> {
        let sport = sport.name();
        let changed = on_pool!(self, pool => match gear {
            // SQLite reads `ON CONFLICT` after `INSERT … SELECT` only past a WHERE: it has one.
            Some(gear) => sqlx::query(
                "INSERT INTO gear_default (account_id, sport, gear_id) \
                 SELECT account_id, $2, gear_id FROM gear \
                 WHERE account_id = $1 AND gear_id = $3 AND NOT retired \
                 ON CONFLICT (account_id, sport) DO UPDATE SET gear_id = excluded.gear_id",
            )
            .bind(user.get())
            .bind(&sport)
            .bind(gear.get())
            .execute(pool)
            .await
            .map(|done| done.rows_affected() == 1),
            None => sqlx::query("DELETE FROM gear_default WHERE account_id = $1 AND sport = $2")
                .bind(user.get())
                .bind(&sport)
                .execute(pool)
                .await
                .map(|_| true),
        })?;
        Ok(changed)
    }
}
