//! Server functions of the pages that answer questions: records, curves, fitness and the map
//! of all routes. Thin: they take the signed-in user, read the query the page was opened with
//! and call the `workouts` service.

use domain::{Date, Fitness, MapRoutes, Records, Sport, Units};
use leptos::{prelude::*, server_fn::codec::GetUrl};
use serde::{Deserialize, Serialize};

use crate::AppError;

/// The records page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordsData {
    /// The records of the span asked for.
    pub records: Records,
    /// The years the athlete has workouts in, newest first.
    pub years: Vec<i32>,
    /// The sports they have workouts of.
    pub sports: Vec<Sport>,
    /// Their units.
    pub units: Units,
}

/// The span a page was opened for: a year (`2024`), or all time (empty).
pub fn year_span(year: &str) -> (Option<Date>, Option<Date>) {
    match year.parse::<i32>() {
        Ok(y) => (Date::new(y, 1, 1), Date::new(y, 12, 31)),
        Err(_) => (None, None),
    }
}

/// The signed-in athlete's records: all time, or of one year; of one sport or all; with
/// indoor distances or without.
#[server(input = GetUrl)]
pub async fn records_page(
    /// A sport's stable name, or empty for every sport.
    sport: String,
    /// A year, or empty for all time.
    year: String,
    /// Count treadmill and trainer distances too.
    indoor: bool,
) -> Result<RecordsData, AppError> {
    let user = crate::auth::require_user().await?;
    let service = crate::workouts::ssr::service()?;
    let (from, to) = year_span(&year);
    let span = workouts::Span {
        sport: (!sport.is_empty()).then(|| Sport::from_name(&sport)),
        from,
        to,
        include_indoor: indoor,
    };
    Ok(RecordsData {
        records: service.records(user.id, &span).await?,
        years: service.workout_years(user.id).await?,
        sports: service.sports(user.id).await?,
        units: crate::auth::ssr_accounts()?
            .preferences(user.id)
            .await?
            .units,
    })
}

/// The signed-in athlete's fitness model over the last year to today (their local today).
#[server(input = GetUrl)]
pub async fn fitness_page() -> Result<Fitness, AppError> {
    let user = crate::auth::require_user().await?;
    let today = Date::from_days(domain::Timestamp::now().unix_ms().div_euclid(86_400_000));
    let from = Date::from_days(today.days() - 365);
    Ok(crate::workouts::ssr::service()?
        .fitness(user.id, from, today)
        .await?)
}

/// The map page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    /// The routes of the span and sport asked for, newest first, within the bound.
    pub routes: MapRoutes,
    /// The years the athlete has workouts in, newest first.
    pub years: Vec<i32>,
    /// The sports they have workouts of.
    pub sports: Vec<Sport>,
}

/// The signed-in athlete's routes: all time or of one year, of one sport or all.
#[server(input = GetUrl)]
pub async fn map_page(
    /// A sport's stable name, or empty for every sport.
    sport: String,
    /// A year, or empty for all time.
    year: String,
) -> Result<MapData, AppError> {
    let user = crate::auth::require_user().await?;
    let service = crate::workouts::ssr::service()?;
    let (from, to) = year_span(&year);
    let filter = workouts::RouteFilter {
        sport: (!sport.is_empty()).then(|| Sport::from_name(&sport)),
        from,
        to,
    };
    Ok(MapData {
        routes: service.map_routes(user.id, filter).await?,
        years: service.workout_years(user.id).await?,
        sports: service.sports(user.id).await?,
    })
}
