//! Per-user preferences (units, zone, week start, heart-rate zones, FTP, TRIMP coefficients,
//! language).

use domain::{HrZones, Language, Preferences, TrimpModel, Units, UserId};

use crate::{Db, Result, on_pool};

type PreferencesRow = (
    String,
    String,
    i64,
    i64,
    i64,
    String,
    Option<i64>,
    String,
    Option<String>,
);

impl Db {
    /// The user's preferences, or the defaults when they never saved any.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn preferences(&self, user: UserId) -> Result<Preferences> {
        let row: Option<PreferencesRow> = on_pool!(self, pool =>
            sqlx::query_as(
                "SELECT units, time_zone, first_day_of_week, max_hr, resting_hr, hr_zones, \
                 ftp_w, trimp, language FROM account_preferences WHERE account_id = $1",
            )
            .bind(user.get())
            .fetch_optional(pool)
            .await
        )?;
        let defaults = Preferences::default();
        let Some((units, time_zone, first_day, max_hr, resting_hr, zones, ftp_w, trimp, language)) =
            row
        else {
            return Ok(defaults);
        };
        // Stored values were checked when saved; anything unreadable falls back to a default
        // rather than locking the user out of their pages.
        let max_hr = u16::try_from(max_hr).unwrap_or(defaults.max_hr);
        Ok(Preferences {
            units: Units::parse(&units).unwrap_or_default(),
            time_zone,
            first_day_of_week: u32::try_from(first_day).unwrap_or(0) % 7,
            max_hr,
            resting_hr: u16::try_from(resting_hr).unwrap_or(defaults.resting_hr),
            hr_zones: HrZones::parse_text(&zones).unwrap_or_else(|| HrZones::from_max(max_hr)),
            ftp_w: ftp_w.and_then(|w| u16::try_from(w).ok()),
            trimp: TrimpModel::parse(&trimp).unwrap_or_default(),
            language: language.as_deref().and_then(Language::parse),
        })
    }

    /// The language the user chose, or `None` to follow the browser: read for every page, so
    /// one column rather than the whole row.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn language(&self, user: UserId) -> Result<Option<Language>> {
        let row: Option<(Option<String>,)> = on_pool!(self, pool =>
            sqlx::query_as("SELECT language FROM account_preferences WHERE account_id = $1")
                .bind(user.get())
                .fetch_optional(pool)
                .await
        )?;
        Ok(row
            .and_then(|(code,)| code)
            .as_deref()
            .and_then(Language::parse))
    }

    /// Saves the user's preferences (checked by the caller with [`Preferences::check`]).
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub async fn set_preferences(&self, user: UserId, p: &Preferences) -> Result<()> {
        let now = domain::Timestamp::now().unix_ms();
        on_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            // A new physical-information entry when the heart-rate figures change (partners
            // are offered it), in the same transaction as the change.
            let latest: Option<(i64, i64)> = sqlx::query_as(
                "SELECT max_hr, resting_hr FROM physical_info WHERE account_id = $1 \
                 ORDER BY created_at DESC, physical_id DESC LIMIT 1",
            )
            .bind(user.get())
            .fetch_optional(&mut *tx)
            .await?;
            let figures = (i64::from(p.max_hr), i64::from(p.resting_hr));
            if latest != Some(figures) {
                sqlx::query(
                    "INSERT INTO physical_info (account_id, max_hr, resting_hr, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(user.get())
                .bind(figures.0)
                .bind(figures.1)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "INSERT INTO account_preferences (account_id, units, time_zone, first_day_of_week, \
                 max_hr, resting_hr, hr_zones, updated_at, ftp_w, trimp, language) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                 ON CONFLICT (account_id) DO UPDATE SET units = excluded.units, \
                 time_zone = excluded.time_zone, first_day_of_week = excluded.first_day_of_week, \
                 max_hr = excluded.max_hr, resting_hr = excluded.resting_hr, \
                 hr_zones = excluded.hr_zones, updated_at = excluded.updated_at, \
                 ftp_w = excluded.ftp_w, trimp = excluded.trimp, language = excluded.language",
            )
            .bind(user.get())
            .bind(p.units.as_str())
            .bind(&p.time_zone)
            .bind(i64::from(p.first_day_of_week))
            .bind(i64::from(p.max_hr))
            .bind(i64::from(p.resting_hr))
            .bind(p.hr_zones.to_text())
            .bind(now)
            .bind(p.ftp_w.map(i64::from))
            .bind(p.trimp.as_str())
            .bind(p.language.map(Language::code))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, crate::DbError>(())
        }.await)
    }
}
