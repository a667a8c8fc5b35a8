//! What the log answers, under `/api/v1`: records, mean-max curves (the athlete's and a
//! workout's) and the fitness model. Reading takes the session or a token with the read scope.
//! Thin: `workouts::Workouts` does the work.

// See api.rs: the code `#[utoipa::path]` generates for `params(QueryType)` trips this lint.
#![allow(unused_qualifications)]

use axum::{
    Json,
    extract::{Path, Query, State},
};
use domain::{Curve, Date, EffortKind, Fitness, Records, Sport, WorkoutId};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};
use workouts::Span;

use super::{
    ApiError, AppState,
    caller::{Authorized, CanRead},
    error::{ErrorBody, Result},
};

/// The OpenAPI tag of these routes.
const TAG: &str = "answers";

/// The longest span the fitness model answers for in one request: ten years of days.
const MAX_FITNESS_DAYS: i64 = 3_700;

/// The routes, each described in the OpenAPI document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(records))
        .routes(routes!(curve))
        .routes(routes!(workout_curve))
        .routes(routes!(fitness))
}

/// Which workouts `GET /api/v1/records` and `GET /api/v1/curve` look at.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SpanQuery {
    /// Only this sport (`running`, `cycling`, …); all when absent.
    sport: Option<String>,
    /// The first local day, `YYYY-MM-DD`; inclusive.
    from: Option<String>,
    /// The last local day, `YYYY-MM-DD`; inclusive.
    to: Option<String>,
    /// `true` counts treadmill and trainer distances and paces too (power and heart rate
    /// measured indoors always count).
    indoor: Option<bool>,
}

/// A `YYYY-MM-DD` query value.
fn day(field: &str, text: Option<&str>) -> Result<Option<Date>> {
    text.filter(|t| !t.is_empty())
        .map(|t| {
            Date::parse(t).ok_or_else(|| {
                ApiError::BadRequest(format!("{field}: expected a day as YYYY-MM-DD, got {t:?}"))
            })
        })
        .transpose()
}

impl SpanQuery {
    fn span(&self) -> Result<Span> {
        let sport = match self.sport.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            // Only the stable names (`running`, `sport_42`), as the workouts carry them.
            Some(name) => match Sport::from_name(name) {
                sport if sport.name() == name => Some(sport),
                _ => {
                    return Err(ApiError::BadRequest(format!(
                        "sport: no sport is called {name:?}"
                    )));
                }
            },
        };
        let span = Span {
            sport,
            from: day("from", self.from.as_deref())?,
            to: day("to", self.to.as_deref())?,
            include_indoor: self.indoor.unwrap_or(false),
        };
        if let (Some(from), Some(to)) = (span.from, span.to)
            && from > to
        {
            return Err(ApiError::BadRequest(format!(
                "from ({from}) is after to ({to})."
            )));
        }
        Ok(span)
    }
}

/// `GET /api/v1/records`: the best efforts per sport over each distance and duration.
#[utoipa::path(get, path = "/api/v1/records", tag = TAG,
    params(SpanQuery),
    responses(
        (status = 200, description = "The records: for each sport, the fastest time (seconds) \
            over each distance (metres; the mile is 1609) as `distance`, the longest distance \
            (metres) as `longest`, and the highest mean power (watts) and heart rate (bpm) over \
            each duration (seconds) as `power` and `hr`; each names its workout and where in it \
            the effort starts.", body = Records),
        (status = 400, description = "A filter is not understood; the text says which.", body = ErrorBody),
        (status = 401, description = "Neither signed in nor a token.", body = ErrorBody),
        (status = 403, description = "The token lacks the read scope.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn records(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Query(q): Query<SpanQuery>,
) -> Result<Json<Records>> {
    Ok(Json(state.workouts.records(user.id, &q.span()?).await?))
}

/// Which curve.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct CurveQuery {
    /// `power` (watts), `pace` (metres per second) or `hr` (bpm).
    kind: String,
    /// Only this sport; all when absent.
    sport: Option<String>,
    /// The first local day, `YYYY-MM-DD`; inclusive.
    from: Option<String>,
    /// The last local day, `YYYY-MM-DD`; inclusive.
    to: Option<String>,
    /// `true` counts treadmill and trainer paces too.
    indoor: Option<bool>,
}

/// A curve's kind from the query.
fn curve_kind(text: &str) -> Result<EffortKind> {
    match EffortKind::from_name(text) {
        Some(kind @ (EffortKind::Power | EffortKind::Pace | EffortKind::Hr)) => Ok(kind),
        _ => Err(ApiError::BadRequest(format!(
            "kind: expected power, pace or hr, got {text:?}"
        ))),
    }
}

/// `GET /api/v1/curve`: the athlete's mean-max curve over a span: at each duration the best
/// mean of any workout, and which workout holds it.
#[utoipa::path(get, path = "/api/v1/curve", tag = TAG,
    params(CurveQuery),
    responses(
        (status = 200, description = "The curve, shortest duration first.", body = Curve),
        (status = 400, description = "A filter is not understood; the text says which.", body = ErrorBody),
        (status = 401, description = "Neither signed in nor a token.", body = ErrorBody),
        (status = 403, description = "The token lacks the read scope.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn curve(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Query(q): Query<CurveQuery>,
) -> Result<Json<Curve>> {
    let kind = curve_kind(&q.kind)?;
    let span = SpanQuery {
        sport: q.sport,
        from: q.from,
        to: q.to,
        indoor: q.indoor,
    }
    .span()?;
    Ok(Json(state.workouts.curve(user.id, kind, &span).await?))
}

/// Which of a workout's curves.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct KindQuery {
    /// `power` (watts), `pace` (metres per second) or `hr` (bpm).
    kind: String,
}

/// `GET /api/v1/workouts/{id}/curve`: one workout's mean-max curve.
#[utoipa::path(get, path = "/api/v1/workouts/{id}/curve", tag = TAG,
    params(("id" = i64, Path, description = "The workout."), KindQuery),
    responses(
        (status = 200, description = "The curve, shortest duration first (empty when the \
            workout has no such stream).", body = Curve),
        (status = 400, description = "The kind is not understood.", body = ErrorBody),
        (status = 404, description = "No such workout of yours.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn workout_curve(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Path(id): Path<String>,
    Query(q): Query<KindQuery>,
) -> Result<Json<Curve>> {
    let kind = curve_kind(&q.kind)?;
    // Anything that is not one of our ids is simply not found.
    let id = id
        .parse::<i64>()
        .map(WorkoutId::new)
        .map_err(|_| ApiError::NotFound)?;
    Ok(Json(state.workouts.workout_curve(user.id, id, kind).await?))
}

/// The days of `GET /api/v1/fitness`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct FitnessQuery {
    /// The first local day, `YYYY-MM-DD`; a year before `to` when absent.
    from: Option<String>,
    /// The last local day, `YYYY-MM-DD`; today (UTC) when absent.
    to: Option<String>,
}

/// `GET /api/v1/fitness`: each day's training load, fitness (42-day), fatigue (7-day) and
/// form (fitness minus fatigue).
#[utoipa::path(get, path = "/api/v1/fitness", tag = TAG,
    params(FitnessQuery),
    responses(
        (status = 200, description = "Every day of the span, oldest first.", body = Fitness),
        (status = 400, description = "A day is not understood, or the span is backwards or \
            longer than ten years.", body = ErrorBody),
        (status = 401, description = "Neither signed in nor a token.", body = ErrorBody),
        (status = 403, description = "The token lacks the read scope.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn fitness(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Query(q): Query<FitnessQuery>,
) -> Result<Json<Fitness>> {
    let today = Date::from_days(domain::Timestamp::now().unix_ms().div_euclid(86_400_000));
    let to = day("to", q.to.as_deref())?.unwrap_or(today);
    let from = day("from", q.from.as_deref())?.unwrap_or(Date::from_days(to.days() - 365));
    let days = to.days() - from.days();
    if days < 0 {
        return Err(ApiError::BadRequest(format!(
            "from ({from}) is after to ({to})."
        )));
    }
    if days > MAX_FITNESS_DAYS {
        return Err(ApiError::BadRequest(format!(
            "from {from} to {to} is {days} days; ask for at most {MAX_FITNESS_DAYS} at a time."
        )));
    }
    Ok(Json(state.workouts.fitness(user.id, from, to).await?))
}
