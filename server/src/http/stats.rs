//! Statistics under `/api/v1`: totals per week, month or year beside the same period a year
//! earlier, with the streaks; and a year's days for a heatmap. Reading takes the session or a
//! token with the read scope. Thin: the query is parsed here (each malformed parameter a 400
//! that names it), and `workouts::Workouts` does the rest.

// The code `#[utoipa::path]` generates for a `params(QueryType)` trips this lint on the type's
// span (as in `api.rs`); nothing written here is qualified needlessly.
#![allow(unused_qualifications)]

use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
};
use domain::{Date, Period, Sport, Stats, YearDays};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};
use workouts::StatsAsk;

use super::{
    ApiError, AppState,
    caller::{Authorized, CanRead},
    error::{ErrorBody, Result},
};

/// The OpenAPI tag of these routes.
const TAG: &str = "stats";

/// The statistics routes, each described in the OpenAPI document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(stats))
        .routes(routes!(year_days))
}

/// What `GET /api/v1/stats` works out.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct StatsParams {
    /// `week`, `month` or `year`: how the span is cut (`month` when absent). Weeks begin on
    /// the first day of the week in your settings.
    period: Option<String>,
    /// The first day, `YYYY-MM-DD`, widened to the start of its period; absent: twelve
    /// periods up to `to`.
    from: Option<String>,
    /// The last day, `YYYY-MM-DD` (included), widened to the end of its period; absent:
    /// today in your time zone (or `from`, when that is later). At most 36,525 days from
    /// `from`, and 3,000 periods.
    to: Option<String>,
    /// Only this sport (`running`, `cycling`, …, as workouts name it); absent or empty: every
    /// sport.
    sport: Option<String>,
}

/// What `GET /api/v1/stats/days` works out.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct DaysParams {
    /// The year, `YYYY`; absent: this year in your time zone.
    year: Option<String>,
    /// Only this sport; absent or empty: every sport.
    sport: Option<String>,
}

/// A query string, or a 400 that says what is wrong with it (axum's own answer is plain text).
fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T> {
    query.map(|Query(q)| q).map_err(|rejection| {
        let text = rejection.body_text();
        let why = text
            .strip_prefix("Failed to deserialize query string: ")
            .unwrap_or(&text);
        ApiError::BadRequest(format!("The query string is not what this needs: {why}"))
    })
}

/// A value as an error message quotes it: short, whatever was sent.
fn quoted(text: &str) -> String {
    let mut short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!("{short:?}")
}

/// A parameter that is present and not blank.
fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

fn period(text: Option<&str>) -> Result<Period> {
    let Some(text) = given(text) else {
        return Ok(Period::default());
    };
    Period::parse(text).ok_or_else(|| {
        ApiError::BadRequest(format!(
            "period: {} is not one of week, month, year.",
            quoted(text)
        ))
    })
}

/// A day written exactly `YYYY-MM-DD` that the calendar has.
fn day(field: &str, text: Option<&str>) -> Result<Option<Date>> {
    let Some(text) = given(text) else {
        return Ok(None);
    };
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped
        .then(|| Date::parse(text))
        .flatten()
        .map(Some)
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "{field}: {} is not a day; write it as YYYY-MM-DD, such as 2024-05-31.",
                quoted(text)
            ))
        })
}

/// A sport's stable name, as workouts carry it (`sport_42` for a FIT number Laps has no name
/// for); blank for every sport.
fn sport(text: Option<&str>) -> Result<Option<Sport>> {
    let Some(text) = given(text) else {
        return Ok(None);
    };
    let sport = Sport::from_name(text);
    if sport.name() == text {
        return Ok(Some(sport));
    }
    let names: Vec<String> = domain::SPORTS.iter().map(|s| s.name()).collect();
    Err(ApiError::BadRequest(format!(
        "sport: {} is not a sport's name; use one of {}.",
        quoted(text),
        names.join(", ")
    )))
}

/// `GET /api/v1/stats`: totals per period, each beside the same period a year earlier, and the
/// streaks.
#[utoipa::path(get, path = "/api/v1/stats", tag = TAG,
    params(StatsParams),
    responses(
        (status = 200, description = "Every period of the span (those without workouts too), the whole span, and the streaks. Times in ms, distances and ascent in metres, energy in kcal; days are your local days.", body = Stats),
        (status = 400, description = "A parameter is malformed or out of range; the text names it (`from: \"2024-13-01\" is not a day; …`).", body = ErrorBody),
        (status = 401, description = "Neither signed in nor a token.", body = ErrorBody),
        (status = 403, description = "The token lacks the read scope.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn stats(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    q: Result<Query<StatsParams>, QueryRejection>,
) -> Result<Json<Stats>> {
    let q = query(q)?;
    let ask = StatsAsk {
        period: period(q.period.as_deref())?,
        from: day("from", q.from.as_deref())?,
        to: day("to", q.to.as_deref())?,
        sport: sport(q.sport.as_deref())?,
    };
    let preferences = state.accounts.preferences(user.id).await?;
    Ok(Json(
        state.workouts.stats(user.id, &preferences, ask).await?,
    ))
}

/// `GET /api/v1/stats/days`: each day of a year with workouts, for a heatmap.
#[utoipa::path(get, path = "/api/v1/stats/days", tag = TAG,
    params(DaysParams),
    responses(
        (status = 200, description = "The days of the year with at least one workout, in order.", body = YearDays),
        (status = 400, description = "The year or sport is malformed; the text names it.", body = ErrorBody),
        (status = 401, description = "Neither signed in nor a token.", body = ErrorBody),
        (status = 403, description = "The token lacks the read scope.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn year_days(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    q: Result<Query<DaysParams>, QueryRejection>,
) -> Result<Json<YearDays>> {
    let q = query(q)?;
    let sport = sport(q.sport.as_deref())?;
    let year = match given(q.year.as_deref()) {
        Some(text) => text
            .parse::<i32>()
            .ok()
            .filter(|_| text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "year: {} is not a year; write it as YYYY, such as 2024.",
                    quoted(text)
                ))
            })?,
        None => {
            let preferences = state.accounts.preferences(user.id).await?;
            workouts::zone::today(&preferences.time_zone).year
        }
    };
    Ok(Json(state.workouts.year_days(user.id, year, sport).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<impl std::fmt::Debug>) -> String {
        match result {
            Err(ApiError::BadRequest(message)) => message,
            other => panic!("not a 400: {other:?}"),
        }
    }

    #[test]
    fn days_are_written_exactly_and_must_exist() {
        assert_eq!(
            day("from", Some("2024-02-29")).unwrap(),
            Date::new(2024, 2, 29)
        );
        assert_eq!(day("from", Some("  ")).unwrap(), None, "blank: absent");
        for bad in [
            "2023-02-29",
            "2024-5-1",
            "+2024-05-01",
            "2024/05/01",
            "yesterday",
        ] {
            let text = message(day("from", Some(bad)));
            assert!(text.starts_with("from: "), "{bad}: {text}");
        }
        let long = "9".repeat(5000);
        assert!(message(day("to", Some(&long))).len() < 200, "quoted short");
    }

    #[test]
    fn sports_are_their_stable_names() {
        assert_eq!(sport(Some("running")).unwrap(), Some(Sport::Running));
        assert_eq!(sport(Some("sport_42")).unwrap(), Some(Sport::Other(42)));
        assert_eq!(sport(None).unwrap(), None);
        assert!(message(sport(Some("Run"))).starts_with("sport: \"Run\" is not"));
        assert!(message(period(Some("fortnight"))).starts_with("period: \"fortnight\""));
        assert_eq!(period(None).unwrap(), Period::Month);
    }
}
