//! Statistics server functions: the statistics page's data for a year (its periods against the
//! year before, its days for the heatmap, the streaks) and the home page's (its latest workouts,
//! this week and this month).
//! Thin: they read the form's plain values, take the signed-in user and call the `workouts`
//! service.

use domain::{RecentTotals, Sport, Stats, Units, YearDays};
use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use crate::{AppError, workouts::ListData};

/// How many years the statistics page's yearly totals go back, the year shown included.
pub const YEARS_SHOWN: i32 = 10;

/// The statistics page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsPageData {
    /// The year shown.
    pub year: i32,
    /// Its periods (weeks or months of the year, or the years up to it), each against the same
    /// one a year earlier, and the streaks.
    pub stats: Stats,
    /// The year's days with workouts, for the heatmap.
    pub days: YearDays,
    /// Every sport the athlete has workouts of (none: an empty log), for the filter.
    pub sports: Vec<Sport>,
    /// The athlete's units.
    pub units: Units,
    /// The first day of the athlete's week (0 = Monday).
    pub first_day_of_week: u32,
}

/// The statistics of a year (`year`: `YYYY`, this year when blank or not a number), cut by
/// `period` (`week`, `month`, `year`; months otherwise), of one sport (its stable name) or of
/// all (blank or unknown). The current year ends today: no periods ahead of it.
#[server(input = GetUrl)]
pub async fn stats_page(
    /// `week`, `month` or `year`.
    period: String,
    /// A sport's stable name, or blank.
    sport: String,
    /// `YYYY`, or blank.
    year: String,
) -> Result<StatsPageData, AppError> {
    let user = crate::auth::require_user().await?;
    let service = crate::workouts::ssr::service()?;
    let preferences = crate::auth::ssr_accounts()?.preferences(user.id).await?;
    let today = workouts::zone::today(&preferences.time_zone);
    let period = domain::Period::parse(&period).unwrap_or_default();
    let sport = Some(Sport::from_name(&sport)).filter(|s| !sport.is_empty() && s.name() == sport);
    let year = year.trim().parse::<i32>().unwrap_or(today.year);
    let first = match period {
        domain::Period::Year => year.saturating_sub(YEARS_SHOWN - 1),
        domain::Period::Week | domain::Period::Month => year,
    };
    // The years statistics cover, said in the page's language (the service would refuse
    // them in English).
    let covered = domain::StatsSpan::FIRST_YEAR..=domain::StatsSpan::LAST_YEAR;
    if !covered.contains(&first) || !covered.contains(&year) {
        return Err(AppError::Refused(t!(
            "stats-out-of-range",
            first = domain::StatsSpan::FIRST_YEAR.to_string(),
            last = domain::StatsSpan::LAST_YEAR.to_string()
        )));
    }
    let (Some(from), Some(end)) = (
        domain::Date::new(first, 1, 1),
        domain::Date::new(year, 12, 31),
    ) else {
        return Err(AppError::Refused(t!(
            "stats-no-year",
            year = year.to_string()
        )));
    };
    let ask = workouts::StatsAsk {
        period,
        from: Some(from),
        to: Some(if year == today.year { today } else { end }),
        sport,
    };
    let workouts::Overview {
        stats,
        days,
        sports,
    } = service.overview(user.id, &preferences, ask, year).await?;
    Ok(StatsPageData {
        year,
        stats,
        days,
        sports,
        units: preferences.units,
        first_day_of_week: preferences.first_day_of_week,
    })
}

/// The home page's data: the latest workouts and, once there are any, this week and this month
/// so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    /// The latest few workouts (and how many there are in all, and the user's preferences).
    pub latest: ListData,
    /// The week and the month that hold today; `None` for an empty log, which has none.
    pub recent: Option<RecentTotals>,
}

/// The latest workouts and, when there are any, what this week and this month add up to.
#[server(input = GetUrl)]
pub async fn home_page() -> Result<HomeData, AppError> {
    let latest = crate::workouts::recent_workouts().await?;
    let recent = if latest.total == 0 {
        None
    } else {
        let user = crate::auth::require_user().await?;
        let service = crate::workouts::ssr::service()?;
        Some(service.recent_totals(user.id, &latest.preferences).await?)
    };
    Ok(HomeData { latest, recent })
}
