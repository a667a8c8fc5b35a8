//! Workout server functions: thin wrappers that take the signed-in user and call the
//! `workouts` service (server side), returning page data from `domain`.

// A server function takes one argument per form field; the settings form has eleven. The lint
// fires inside the code `#[server]` generates, where no item-level allow reaches.
#![allow(clippy::too_many_arguments)]

use domain::{AroundMonth, Date, Preferences, WorkoutDetail, WorkoutSummary, YearDays};
use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use crate::AppError;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::AppError;

    pub fn service() -> Result<workouts::Workouts, AppError> {
        leptos::prelude::use_context::<workouts::Workouts>().ok_or_else(|| {
            tracing::error!("workouts::Workouts missing from the Leptos context");
            AppError::Internal
        })
    }

    impl From<workouts::WorkoutsError> for AppError {
        fn from(error: workouts::WorkoutsError) -> Self {
            match error {
                workouts::WorkoutsError::NotFound => AppError::NotFound,
                workouts::WorkoutsError::Invalid { field, message } => AppError::Field {
                    field: field.to_owned(),
                    message,
                },
                workouts::WorkoutsError::NoSuchGear => {
                    AppError::Refused(t!("workout-no-such-gear"))
                }
                other => {
                    tracing::error!(error = ?other, "workout operation failed");
                    AppError::Internal
                }
            }
        }
    }

    impl From<db::DbError> for AppError {
        fn from(error: db::DbError) -> Self {
            workouts::WorkoutsError::from(error).into()
        }
    }
}

/// A month of the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarData {
    /// The month shown (its first day).
    pub month: Date,
    /// The user's preferences (units, first day of the week).
    pub preferences: Preferences,
    /// Today in the user's zone.
    pub today: Date,
    /// The grid's days, week by week (six weeks from the week of the 1st).
    pub weeks: Vec<Vec<Date>>,
    /// Workouts of every day the grid shows (a few days of the months around, too).
    pub workouts: Vec<WorkoutSummary>,
    /// Steps of the days the grid shows that have synced daily activity.
    pub steps: Vec<(Date, i64)>,
    /// The workouts nearest the month, and the log's span.
    pub around: AroundMonth,
}

/// The calendar of one month: six weeks from the week of the 1st.
#[server(input = GetUrl)]
pub async fn calendar_month(
    /// The year.
    year: i32,
    /// The month, 1 to 12.
    month: u32,
) -> Result<CalendarData, AppError> {
    let user = crate::auth::require_user().await?;
    let service = ssr::service()?;
    let preferences = crate::auth::ssr_accounts()?.preferences(user.id).await?;
    let calendar = service
        .calendar_month(user.id, &preferences, year, month)
        .await?;
    Ok(CalendarData {
        month: calendar.month,
        preferences,
        today: calendar.today,
        weeks: calendar.weeks,
        workouts: calendar.workouts,
        steps: calendar.steps,
        around: calendar.around,
    })
}

/// A year of the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarYearData {
    /// The year shown.
    pub year: i32,
    /// The user's preferences (units, first day of the week).
    pub preferences: Preferences,
    /// Today in the user's zone.
    pub today: Date,
    /// Each day of the year with workouts.
    pub days: YearDays,
    /// The workouts nearest the year, and the log's span.
    pub around: AroundMonth,
}

/// The calendar of one year: twelve small months.
#[server(input = GetUrl)]
pub async fn calendar_year(
    /// The year.
    year: i32,
) -> Result<CalendarYearData, AppError> {
    let user = crate::auth::require_user().await?;
    let service = ssr::service()?;
    let preferences = crate::auth::ssr_accounts()?.preferences(user.id).await?;
    let calendar = service.calendar_year(user.id, &preferences, year).await?;
    Ok(CalendarYearData {
        year: calendar.year,
        preferences,
        today: calendar.today,
        days: calendar.days,
        around: calendar.around,
    })
}

/// The signed-in athlete's units, for a page that shows distances without its own data call.
#[server(input = GetUrl)]
pub async fn units() -> Result<domain::Units, AppError> {
    let user = crate::auth::require_user().await?;
    Ok(crate::auth::ssr_accounts()?
        .preferences(user.id)
        .await?
        .units)
}

/// A page of the workout list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListData {
    /// The workouts, newest first.
    pub workouts: Vec<WorkoutSummary>,
    /// How many match in all.
    pub total: u64,
    /// This page, from 1.
    pub page: u64,
    /// Workouts per page.
    pub per_page: u64,
    /// Sports the user has, for the filter.
    pub sports: Vec<domain::Sport>,
    /// The user's preferences.
    pub preferences: Preferences,
}

/// Workouts per list page.
pub const PER_PAGE: u64 = 25;

/// One page of the workout list, optionally of one sport.
#[server(input = GetUrl)]
pub async fn workout_list(
    /// The page, from 1.
    page: u64,
    /// A sport name, or empty for all.
    sport: String,
) -> Result<ListData, AppError> {
    let user = crate::auth::require_user().await?;
    let service = ssr::service()?;
    let page = page.max(1);
    let filter = db::WorkoutFilter {
        sport: (!sport.is_empty()).then_some(sport),
        ..db::WorkoutFilter::default()
    };
    let found = service
        .list(user.id, &filter, (page - 1) * PER_PAGE, PER_PAGE)
        .await?;
    Ok(ListData {
        workouts: found.workouts,
        total: found.total,
        page,
        per_page: PER_PAGE,
        sports: service.sports(user.id).await?,
        preferences: crate::auth::ssr_accounts()?.preferences(user.id).await?,
    })
}

/// The workout page's data, with the user's preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkoutPageData {
    /// Summary, laps, zones, charts, route.
    pub detail: WorkoutDetail,
    /// The user's preferences (units).
    pub preferences: Preferences,
    /// The user's gear, to choose the workout's from.
    pub gear: Vec<domain::Gear>,
    /// Its training load with the athlete's settings, and what it came from.
    pub load: Option<domain::WorkoutLoad>,
}

/// One workout; `x` is `distance` for charts over distance, anything else for time.
#[server(input = GetUrl)]
pub async fn workout_page(
    /// The workout.
    id: i64,
    /// `distance` or `time`.
    x: String,
) -> Result<WorkoutPageData, AppError> {
    let user = crate::auth::require_user().await?;
    let service = ssr::service()?;
    let axis = if x == "distance" {
        domain::XAxis::Distance
    } else {
        domain::XAxis::Time
    };
    let id = domain::WorkoutId::new(id);
    let detail = service
        .detail(user.id, id, axis, crate::i18n::language())
        .await?;
    Ok(WorkoutPageData {
        detail,
        preferences: crate::auth::ssr_accounts()?.preferences(user.id).await?,
        gear: service.gear_list(user.id).await?,
        load: service.workout_load(user.id, id).await?,
    })
}

/// Changes a workout's title, sport and notes.
#[server]
pub async fn update_workout(
    /// The workout.
    id: i64,
    /// New title (1 to 120 characters).
    title: String,
    /// A sport name from [`domain::SPORTS`].
    sport: String,
    /// Free text, up to 10,000 characters.
    #[server(default)]
    notes: String,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 120 {
        return Err(AppError::Field {
            field: "title".to_owned(),
            message: t!("workout-title-length", max = 120),
        });
    }
    let Some(sport) = domain::SPORTS.into_iter().find(|s| s.name() == sport) else {
        return Err(AppError::Field {
            field: "sport".to_owned(),
            message: t!("workout-sport-unknown"),
        });
    };
    if notes.chars().count() > 10_000 {
        return Err(AppError::Field {
            field: "notes".to_owned(),
            message: t!("workout-notes-length", max = 10_000),
        });
    }
    ssr::service()?
        .update(
            user.id,
            domain::WorkoutId::new(id),
            title,
            sport,
            notes.trim_end(),
        )
        .await?;
    crate::done(&format!("/workouts/{id}"));
    Ok(())
}

/// Deletes a workout, then shows the calendar.
#[server]
pub async fn delete_workout(
    /// The workout.
    id: i64,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    ssr::service()?
        .delete(user.id, domain::WorkoutId::new(id))
        .await?;
    leptos_axum::redirect("/calendar");
    Ok(())
}

/// The settings page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsPageData {
    /// The user's preferences.
    pub preferences: Preferences,
    /// Every zone name to choose from.
    pub zones: Vec<String>,
}

/// The user's preferences and the zone list.
#[server(input = GetUrl)]
pub async fn settings_data() -> Result<SettingsPageData, AppError> {
    let user = crate::auth::require_user().await?;
    Ok(SettingsPageData {
        preferences: crate::auth::ssr_accounts()?.preferences(user.id).await?,
        zones: workouts::zone::zone_names(),
    })
}

/// Saves the user's preferences.
#[server]
pub async fn save_preferences(
    /// `metric` or `imperial`.
    units: String,
    /// An IANA zone name.
    time_zone: String,
    /// 0 = Monday ... 6 = Sunday.
    first_day_of_week: u32,
    /// Maximum heart rate.
    max_hr: u16,
    /// Resting heart rate.
    resting_hr: u16,
    /// Lower bound of zone 1.
    zone1: u16,
    /// Lower bound of zone 2.
    zone2: u16,
    /// Lower bound of zone 3.
    zone3: u16,
    /// Lower bound of zone 4.
    zone4: u16,
    /// Lower bound of zone 5.
    zone5: u16,
    /// Functional threshold power, watts; empty when not known.
    #[server(default)]
    ftp_w: String,
    /// Whose TRIMP coefficients: `men` or `women`.
    #[server(default)]
    trimp: String,
    /// The interface's language code (`de`); empty to follow the browser.
    #[server(default)]
    language: String,
    /// Checked by the server's CSRF layer before this runs.
    #[server(rename = "csrf_token")]
    _csrf: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let accounts = crate::auth::ssr_accounts()?;
    let old_zone = accounts.preferences(user.id).await?.time_zone;
    let field = |field: &str, error: domain::PreferenceError| AppError::Field {
        field: field.to_owned(),
        message: preference_message(&error),
    };
    if !workouts::zone::is_known_zone(&time_zone) {
        return Err(field(
            "time_zone",
            domain::PreferenceError::TimeZone(time_zone),
        ));
    }
    let hr_zones = domain::HrZones::new([zone1, zone2, zone3, zone4, zone5], max_hr)
        .map_err(|e| field("zone1", e))?;
    let ftp_w = match ftp_w.trim() {
        "" => None,
        text => Some(
            text.parse::<u16>()
                .map_err(|_| field("ftp_w", domain::PreferenceError::FtpRange))?,
        ),
    };
    // Empty: follow the browser. Anything else must be a language Laps speaks (the form
    // offers nothing else).
    let language = match language.trim() {
        "" => None,
        code => Some(domain::Language::parse(code).ok_or(AppError::BadRequest)?),
    };
    let preferences = Preferences {
        units: domain::Units::parse(&units).unwrap_or_default(),
        time_zone,
        first_day_of_week: first_day_of_week % 7,
        max_hr,
        resting_hr,
        hr_zones,
        ftp_w,
        trimp: domain::TrimpModel::parse(&trimp).unwrap_or_default(),
        language,
    };
    preferences.check().map_err(|e| match e {
        domain::PreferenceError::FtpRange => field("ftp_w", e),
        e => field("max_hr", e),
    })?;
    accounts.set_preferences(user.id, &preferences).await?;
    // A new zone: the workouts placed by the old one are offered to move with it.
    if old_zone != preferences.time_zone
        && !ssr::service()?
            .zone_move_preview(user.id, &old_zone, &preferences.time_zone)
            .await?
            .moves
            .is_empty()
    {
        leptos_axum::redirect(&crate::time_zone::preview_href(&old_zone));
        return Ok(());
    }
    crate::done("/settings");
    Ok(())
}

/// A refused preference, for a person, in the request's language (`save_preferences` shows it
/// next to the field).
#[cfg(feature = "ssr")]
pub(crate) fn preference_message(error: &domain::PreferenceError) -> String {
    use domain::PreferenceError;
    match error {
        PreferenceError::HeartRateRange => t!("settings-error-heart-rate-range"),
        PreferenceError::RestingAboveMax => t!("settings-error-resting-above-max"),
        PreferenceError::ZoneOrder => t!("settings-error-zone-order"),
        PreferenceError::FtpRange => t!("settings-error-ftp-range"),
        PreferenceError::TimeZone(zone) => t!("settings-error-time-zone", zone = zone),
    }
}

/// The latest few workouts, for the home page.
#[server(input = GetUrl)]
pub async fn recent_workouts() -> Result<ListData, AppError> {
    workout_list(1, String::new()).await.map(|mut list| {
        list.workouts.truncate(5);
        list
    })
}

pub use domain::ActivityHour;

/// A day of synced activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayActivity {
    /// The day.
    pub date: Date,
    /// Steps.
    pub steps: i64,
    /// Active calories, kcal.
    pub active_kcal: i64,
    /// Active time, seconds.
    pub active_s: i64,
    /// The hours, where the wearable sent them.
    pub hours: Vec<ActivityHour>,
    /// The service whose account archive the figures came from (`Garmin Connect`); `None`:
    /// the athlete's device.
    pub source: Option<String>,
}

/// A day's activity, or `None` when nothing was synced for it.
#[server(input = GetUrl)]
pub async fn activity_day(
    /// `YYYY-MM-DD`.
    date: String,
) -> Result<Option<DayActivity>, AppError> {
    let user = crate::auth::require_user().await?;
    let Some(date) = Date::parse(&date) else {
        return Err(AppError::NotFound);
    };
    let days = ssr::service()?.activity_days(user.id, date, date).await?;
    Ok(days.into_iter().next().map(|d| DayActivity {
        date,
        steps: d.steps,
        active_kcal: d.active_kcal,
        active_s: d.active_s,
        source: (d.source != workouts::DEVICE).then_some(d.source),
        hours: d.hours,
    }))
}
