//! The workout page's data in one call.

use std::sync::Arc;

use domain::{UserId, WorkoutDetail, WorkoutId, XAxis};

use crate::{Workouts, WorkoutsError, analysis, chart_cache::ChartKey, charts, route};

impl Workouts {
    /// Summary, laps (or splits), zones, charts and route of one workout, in the user's units
    /// and zones.
    #[tracing::instrument(skip(self), fields(user = %user, workout = %id))]
    pub async fn detail(
        &self,
        user: UserId,
        id: WorkoutId,
        axis: XAxis,
    ) -> Result<WorkoutDetail, WorkoutsError> {
        let summary = self.summary(user, id).await?;
        let prefs = self.db.preferences(user).await?;
        let laps = self.db.workout_laps(user, id).await?;
        let overlaps = self
            .db
            .overlapping_workouts(user, Some(id), summary.start, summary.end())
            .await?;
        let recording = self.recording(user, id).await?;
        let sources = self.sources(user, id).await?;
        let gear = self.db.workout_gear(user, id).await?;
        let sport = summary.sport;
        tokio::task::spawn_blocking(move || {
            let has_distance = recording.distance_stream().is_some();
            let axis = if has_distance { axis } else { XAxis::Time };
            let (mut laps, laps_are_splits) = if laps.len() > 1 {
                (laps, false)
            } else {
                // One lap is the whole workout: splits say more.
                let splits = analysis::splits(&recording, prefs.units);
                if splits.len() > 1 {
                    (splits, true)
                } else {
                    (laps, false)
                }
            };
            crate::laps::complete(&mut laps, &recording);
            let charts = analysis::series(&recording, sport, axis, prefs.units)
                .iter()
                .filter_map(charts::chart)
                .collect();
            let route_svg = match (&recording.samples.latitude, &recording.samples.longitude) {
                (Some(lat), Some(lon)) => charts::route(lat, lon),
                _ => None,
            };
            let route = route::track(&recording, axis, prefs.units);
            WorkoutDetail {
                zones: analysis::zone_times(&recording, prefs.hr_zones, prefs.max_hr),
                summary,
                laps,
                laps_are_splits,
                charts,
                x_axis: axis,
                has_distance,
                route_svg,
                route,
                overlaps,
                sources,
                gear,
            }
        })
        .await
        .map_err(|e| WorkoutsError::Task(e.to_string()))
    }
}

impl Workouts {
    /// One chart of a workout as a standalone SVG document (`key` as in [`domain::Chart`]), of
    /// the given size, its numbers in the language's marks. Drawn once per account revision
    /// and kept (see `chart_cache`): asked again, it costs two small queries.
    #[tracing::instrument(skip(self), fields(user = %user, workout = %id))]
    pub async fn chart_svg(
        &self,
        user: UserId,
        id: WorkoutId,
        key: String,
        axis: XAxis,
        size: charts::Size,
        language: domain::Language,
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
