//! The account's own data in Laps' export besides its workouts: the preferences, the days of
//! activity and the gear with its defaults, checked as every other door checks them and
//! restored as items of their own.

use db::DailyActivity;
use domain::{Date, GearDraft, Outcome, Preferences, Sport, UserId};

use super::index::IndexDay;
use crate::{Workouts, WorkoutsError, days::rank_of_source};

/// Longest source name of a day a restore accepts.
const MAX_SOURCE: usize = 100;

/// A part of the account restored from the export's index.
#[derive(Debug)]
pub(crate) enum AccountPart {
    /// The preferences, checked.
    Settings(Preferences),
    /// The days of activity that passed the checks, and the others with why.
    Days {
        /// Each day with its source, checked.
        days: Vec<DailyActivity>,
        /// Days refused, each as `day: why`.
        refused: Vec<String>,
    },
    /// The gear that passed the checks (restored before the workouts, which name it), and the
    /// entries refused with why.
    Gear {
        /// Each piece, checked.
        items: Vec<GearDraft>,
        /// Entries refused, each naming its position and what is wrong.
        refused: Vec<String>,
    },
    /// The default gear per sport (restored after the workouts, so it lands on none of them).
    GearDefaults {
        /// Each sport's gear, checked against the index's gear.
        defaults: Vec<(Sport, GearDraft)>,
        /// Entries refused, each naming its position and what is wrong.
        refused: Vec<String>,
    },
}

impl AccountPart {
    /// Preferences as the settings page would accept them, or why not.
    pub(crate) fn settings(p: Preferences) -> Result<Self, String> {
        p.check().map_err(|e| e.to_string())?;
        if !crate::zone::is_known_zone(&p.time_zone) {
            return Err(domain::PreferenceError::TimeZone(p.time_zone).to_string());
        }
        if p.first_day_of_week > 6 {
            return Err("the first day of the week is 0 (Monday) to 6 (Sunday)".to_owned());
        }
        Ok(Self::Settings(p))
    }

    /// A day as the store keeps it, checked as the sync API checks days, or why not.
    pub(crate) fn day(d: IndexDay) -> Result<DailyActivity, String> {
        let date = Date::parse(&d.day).ok_or_else(|| format!("{:?} is not a day", d.day))?;
        let mut hours = d.hours;
        domain::check_day(d.steps, d.active_kcal, d.active_s, &mut hours)
            .map_err(|why| format!("{date}: {why}"))?;
        let source = d.source.unwrap_or_else(|| db::DEVICE.to_owned());
        if source.is_empty() || source.chars().count() > MAX_SOURCE {
            return Err(format!("{date}: its source is not a name"));
        }
        Ok(DailyActivity {
            id: 0,
            day: date,
            steps: i64::from(d.steps),
            active_kcal: i64::from(d.active_kcal),
            active_s: i64::from(d.active_s),
            hours,
            source,
            created_at: 0,
            updated_at: 0,
        })
    }
}

impl Workouts {
    /// Restores a part of the account for a user: the preferences replace the account's (one
    /// transaction), the days are stored where the account has no figure from the same or a
    /// preferred source (one transaction), gear is added where the account has none of its
    /// name, defaults where the account has none for the sport.
    #[tracing::instrument(skip_all, fields(user = %user))]
    pub(crate) async fn restore_account(
        &self,
        user: UserId,
        part: AccountPart,
    ) -> Result<Outcome, WorkoutsError> {
        match part {
            AccountPart::Settings(preferences) => {
                let changed = self.db.preferences(user).await? != preferences;
                if changed {
                    self.db.set_preferences(user, &preferences).await?;
                }
                Ok(Outcome::Settings { changed })
            }
            AccountPart::Days { days, refused } => {
                let ranked: Vec<(DailyActivity, i32)> = days
                    .into_iter()
                    .map(|d| {
                        let rank = rank_of_source(&d.source);
                        (d, rank)
                    })
                    .collect();
                let written = self.db.activity_restore(user, &ranked).await?;
                Ok(Outcome::Days {
                    stored: written.stored,
                    kept: written.kept,
                    refused,
                })
            }
            AccountPart::Gear { items, refused } => self.restore_gear(user, items, refused).await,
            AccountPart::GearDefaults { defaults, refused } => {
                self.restore_gear_defaults(user, defaults, refused).await
            }
        }
    }
}
