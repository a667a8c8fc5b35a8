//! The workout page's data in one call.

use std::sync::Arc;

use domain::{
    Chart, ChartPictures, Language, LapSummary, RouteTrack, UserId, WorkoutDetail, WorkoutId,
    XAxis, ZoneTime,
};

use crate::{
    Workouts, WorkoutsError, analysis, charts,
    kept::{ChartKey, DrawnKey, Weigh},
    route,
};

/// The part of a workout page drawn from its recording, kept per account revision (see
/// `kept`): the rest (summary, gear, links, overlaps) is read for every request.
#[derive(Debug, Clone)]
pub(crate) struct Drawn {
    laps: Vec<LapSummary>,
    laps_are_splits: bool,
    zones: Vec<ZoneTime>,
    charts: Vec<Chart>,
    pictures: Vec<ChartPictures>,
    x_axis: XAxis,
    has_distance: bool,
    route_svg: Option<String>,
    route: Option<RouteTrack>,
}

impl Weigh for Arc<Drawn> {
    fn weight(&self) -> usize {
        let points: usize = self.charts.iter().map(|c| c.points.len()).sum();
        let route = self.route.as_ref().map_or(0, RouteTrack::len);
        let pictures: usize = self
            .pictures
            .iter()
            .map(|p| p.wide.len() + p.narrow.len())
            .sum();
        512 + self.laps.len() * 256
            + points * 8
            + pictures
            + route * 28
            + self.route_svg.as_ref().map_or(0, String::len)
    }
}

impl Workouts {
    /// Summary, laps (or splits), zones, charts (with their pictures, their numbers in
    /// `language`'s marks) and route of one workout, in the user's units and zones. What is
    /// drawn from the recording is kept per account revision: asked again, the page costs its
    /// small queries only.
    #[tracing::instrument(skip(self), fields(user = %user, workout = %id))]
    pub async fn detail(
        &self,
        user: UserId,
        id: WorkoutId,
        axis: XAxis,
        language: Language,
    ) -> Result<WorkoutDetail, WorkoutsError> {
        // Read before the rows the page is drawn from (see `bests::cache`).
        let revision = self.db.account_revision(user).await?;
        let summary = self.summary(user, id).await?;
        let prefs = self.db.preferences(user).await?;
        let overlaps = self
            .db
            .overlapping_workouts(user, Some(id), summary.start, summary.end())
            .await?;
        let sources = self.sources(user, id).await?;
        let gear = self.db.workout_gear(user, id).await?;
        let key = DrawnKey {
            user,
            workout: id,
            axis,
            units: prefs.units,
            hr_zones: prefs.hr_zones,
            max_hr: prefs.max_hr,
            language,
        };
        let drawn = match self.drawn.get(&key, revision) {
            Some(drawn) => drawn,
            None => {
                let laps = self.db.workout_laps(user, id).await?;
                let recording = self.recording(user, id).await?;
                let sport = summary.sport;
                let drawing = key.clone();
                let drawn = Arc::new(
                    tokio::task::spawn_blocking(move || draw(&recording, sport, laps, &drawing))
                        .await
                        .map_err(|e| WorkoutsError::Task(e.to_string()))?,
                );
                self.drawn.put(key, revision, drawn.clone());
                drawn
            }
        };
        let drawn = Arc::unwrap_or_clone(drawn);
        Ok(WorkoutDetail {
            summary,
            laps: drawn.laps,
            laps_are_splits: drawn.laps_are_splits,
            zones: drawn.zones,
            charts: drawn.charts,
            pictures: drawn.pictures,
            x_axis: drawn.x_axis,
            has_distance: drawn.has_distance,
            route_svg: drawn.route_svg,
            route: drawn.route,
            overlaps,
            sources,
            gear,
        })
    }
}

/// Draws a workout page's part that comes from the recording.
fn draw(
    recording: &formats::Recording,
    sport: domain::Sport,
    laps: Vec<LapSummary>,
    key: &DrawnKey,
) -> Drawn {
    let has_distance = recording.distance_stream().is_some();
    let axis = if has_distance { key.axis } else { XAxis::Time };
    let (mut laps, laps_are_splits) = if laps.len() > 1 {
        (laps, false)
    } else {
        // One lap is the whole workout: splits say more.
        let splits = analysis::splits(recording, key.units);
        if splits.len() > 1 {
            (splits, true)
        } else {
            (laps, false)
        }
    };
    crate::laps::complete(&mut laps, recording);
    let series = analysis::series(recording, sport, axis, key.units);
    let (charts, pictures) = series
        .iter()
        .filter_map(|s| {
            let chart = charts::chart(s)?;
            let draw = |size| charts::svg_inline(s, axis, size, key.language);
            let pictures = ChartPictures {
                wide: draw(charts::Size::Wide)?,
                narrow: draw(charts::Size::Narrow)?,
            };
            Some((chart, pictures))
        })
        .unzip();
    let route_svg = match (&recording.samples.latitude, &recording.samples.longitude) {
        (Some(lat), Some(lon)) => charts::route(lat, lon),
        _ => None,
    };
    Drawn {
        zones: analysis::zone_times(recording, key.hr_zones, key.max_hr),
        laps,
        laps_are_splits,
        charts,
        pictures,
        x_axis: axis,
        has_distance,
        route_svg,
        route: route::track(recording, axis, key.units),
    }
}

impl Workouts {
    /// One chart of a workout as a standalone SVG document (`key` as in [`domain::Chart`]), of
    /// the given size, its numbers in the language's marks. Drawn once per account revision
    /// and kept (see `kept`): asked again, it costs two small queries.
    #[tracing::instrument(skip(self), fields(user = %user, workout = %id))]
    pub async fn chart_svg(
        &self,
        user: UserId,
        id: WorkoutId,
        key: String,
        axis: XAxis,
        size: charts::Size,
        language: Language,
    ) -> Result<Arc<str>, WorkoutsError> {
        // Read before the rows the picture is drawn from (see `bests::cache`).
        let revision = self.db.account_revision(user).await?;
        let units = self.db.preferences(user).await?.units;
        let kept_as = ChartKey {
            user,
            workout: id,
            chart: key,
            axis,
            size,
            language,
            units,
        };
        if let Some(svg) = self.charts.get(&kept_as, revision) {
            return Ok(svg);
        }
        let summary = self.summary(user, id).await?;
        let recording = self.recording(user, id).await?;
        let chart = kept_as.chart.clone();
        let svg: Arc<str> = tokio::task::spawn_blocking(move || {
            let axis = if recording.distance_stream().is_some() {
                axis
            } else {
                XAxis::Time
            };
            analysis::series(&recording, summary.sport, axis, units)
                .iter()
                .find(|s| s.key == chart)
                .and_then(|s| charts::svg_sized(s, axis, size, language))
        })
        .await
        .map_err(|e| WorkoutsError::Task(e.to_string()))?
        .ok_or(WorkoutsError::NotFound)?
        .into();
        self.charts.put(kept_as, revision, svg.clone());
        Ok(svg)
    }
}
