//! Server functions of the pages that answer questions: records, curves, fitness and the map
//! of all routes. Thin: they take the signed-in user, read the query the page was opened with
//! and call the `workouts` service.

use domain::{Chart, Date, EffortKind, Fitness, MapRoutes, Records, Sport, Units};
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

/// The span of a page with a free date range: the days `from` and `to` (`YYYY-MM-DD`, either
/// may be empty for open) when either is given, else the year (or all time).
pub fn range_span(
    year: &str,
    from: &str,
    to: &str,
) -> Result<(Option<Date>, Option<Date>), AppError> {
    if from.is_empty() && to.is_empty() {
        return Ok(year_span(year));
    }
    // The day, or none for an empty text; the text quoted when it is no date.
    let day = |text: &str| {
        (!text.is_empty())
            .then(|| Date::parse(text).ok_or_else(|| format!("{text:?}")))
            .transpose()
    };
    let from =
        day(from).map_err(|day| AppError::Refused(t!("records-error-first-day", day = day)))?;
    let to = day(to).map_err(|day| AppError::Refused(t!("records-error-last-day", day = day)))?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(AppError::Refused(t!(
            "records-error-order",
            first = f.to_string(),
            last = t.to_string()
        )));
    }
    Ok((from, to))
}

/// The signed-in athlete's records: all time, of one year or between two days; of one sport
/// or all; with indoor distances or without.
#[server(input = GetUrl)]
pub async fn records_page(
    /// A sport's stable name, or empty for every sport.
    sport: String,
    /// A year, or empty for all time.
    year: String,
    /// The first day of a chosen range (`YYYY-MM-DD`), or empty; with `to`, wins over `year`.
    from: String,
    /// The last day of a chosen range, or empty.
    to: String,
    /// Count treadmill and trainer distances too.
    indoor: bool,
) -> Result<RecordsData, AppError> {
    let user = crate::auth::require_user().await?;
    let (from, to) = range_span(&year, &from, &to)?;
    let service = crate::workouts::ssr::service()?;
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

/// A server-drawn chart with what its readout needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartData {
    /// The readout's points and the plot's geometry.
    pub chart: Chart,
    /// The picture, as a `data:` URL (drawn for this page; nothing to cache apart).
    pub src: String,
}

/// The curves page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurvesData {
    /// Which curve.
    pub kind: EffortKind,
    /// The chart; `None` when nothing has this stream.
    pub chart: Option<ChartData>,
    /// The lines' names: the spans, then the workout's title.
    pub labels: Vec<String>,
    /// Per listed duration (seconds), each line's value in display units.
    pub rows: Vec<(u32, Vec<Option<f64>>)>,
    /// The values' unit.
    pub unit: String,
    /// The sports the athlete has workouts of.
    pub sports: Vec<Sport>,
}

/// The durations the curves page lists under its chart.
pub const LISTED_DURATIONS: [u32; 9] = [5, 15, 60, 300, 600, 1200, 1800, 3600, 7200];

/// The local day today for the signed-in athlete's pages (UTC: a day's difference at most
/// shifts the spans by one day).
#[cfg(feature = "ssr")]
fn today() -> Date {
    Date::from_days(domain::Timestamp::now().unix_ms().div_euclid(86_400_000))
}

/// An SVG document as a `data:` URL for an `<img>` (the CSP allows `data:` images).
#[cfg(feature = "ssr")]
fn svg_url(svg: &str) -> String {
    let mut url = String::with_capacity(svg.len() + svg.len() / 4 + 24);
    url.push_str("data:image/svg+xml,");
    for b in svg.bytes() {
        if b.is_ascii_alphanumeric() || b" -_.~:/=;,()!*+@?&$'".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// A chart of lines, drawn, with its readout; `None` when there is nothing to draw.
#[cfg(feature = "ssr")]
fn drawn(lines: &workouts::charts::Lines) -> Option<ChartData> {
    Some(ChartData {
        chart: lines.chart()?,
        src: svg_url(&lines.svg(crate::i18n::language())?),
    })
}

/// The signed-in athlete's `kind` curve (`power`, `pace` or `hr`) over all time, this year and
/// the last 90 days, of one sport or all, and a workout's own against them when asked.
#[server(input = GetUrl)]
pub async fn curves_page(
    /// `power`, `pace` or `hr`.
    kind: String,
    /// A sport's stable name, or empty for every sport.
    sport: String,
    /// A workout to compare, or 0.
    workout: i64,
) -> Result<CurvesData, AppError> {
    let user = crate::auth::require_user().await?;
    let service = crate::workouts::ssr::service()?;
    let kind = match EffortKind::from_name(&kind) {
        Some(k @ (EffortKind::Pace | EffortKind::Hr)) => k,
        _ => EffortKind::Power,
    };
    let sport = (!sport.is_empty()).then(|| Sport::from_name(&sport));
    let workout = (workout > 0).then(|| domain::WorkoutId::new(workout));
    let mut lines = service
        .curve_lines(user.id, kind, sport, workout, today())
        .await?;
    // The service names the chart and its spans in English (and says which span each line
    // is); a workout's line keeps its title.
    lines.title = match kind {
        EffortKind::Power => t!("curves-power"),
        EffortKind::Hr => t!("curves-hr"),
        _ => t!("curves-pace"),
    };
    for line in &mut lines.lines {
        let span = match line.id {
            "all_time" => t!("curves-all-time"),
            "this_year" => t!("curves-this-year"),
            "last_90_days" => t!("curves-last-90-days"),
            _ => continue,
        };
        line.label = span;
    }
    let rows = LISTED_DURATIONS
        .iter()
        .map(|&d| {
            let x = f64::from(d).log10();
            let values = lines
                .lines
                .iter()
                .map(|l| {
                    l.points
                        .iter()
                        .find(|p| (p.0 - x).abs() < 1e-9)
                        .map(|p| p.1)
                })
                .collect();
            (d, values)
        })
        .filter(|(_, values): &(u32, Vec<Option<f64>>)| values.iter().any(Option::is_some))
        .collect();
    Ok(CurvesData {
        kind,
        chart: drawn(&lines),
        labels: lines.lines.iter().map(|l| l.label.clone()).collect(),
        rows,
        unit: lines.unit.clone(),
        sports: service.sports(user.id).await?,
    })
}

/// The fitness page's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitnessData {
    /// The model's days over the last year.
    pub fitness: Fitness,
    /// Its chart; `None` without any load.
    pub chart: Option<ChartData>,
    /// Whether the athlete set an FTP (loads of workouts with power then come from it).
    pub ftp_set: bool,
}

/// The signed-in athlete's fitness model over the last year to today.
#[server(input = GetUrl)]
pub async fn fitness_page() -> Result<FitnessData, AppError> {
    let user = crate::auth::require_user().await?;
    let to = today();
    let from = Date::from_days(to.days() - 364);
    let (fitness, mut lines) = crate::workouts::ssr::service()?
        .fitness_lines(user.id, from, to)
        .await?;
    // The service names the chart and its lines in English: fitness, fatigue, form.
    lines.title = t!("fitness-title");
    for line in &mut lines.lines {
        let name = match line.id {
            "fitness" => t!("fitness-fitness"),
            "fatigue" => t!("fitness-fatigue"),
            "form" => t!("fitness-form"),
            _ => continue,
        };
        line.label = name;
    }
    let any_load = fitness.days.iter().any(|d| d.load > 0.0);
    Ok(FitnessData {
        chart: any_load.then(|| drawn(&lines)).flatten(),
        fitness,
        ftp_set: crate::auth::ssr_accounts()?
            .preferences(user.id)
            .await?
            .ftp_w
            .is_some(),
    })
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
