//! The map of all routes: each workout's outline (worked out from its recording the first time
//! a map needs it, then kept), the newest within a bound, and the same routes drawn as an SVG
//! for pages without tiles or script.

use std::collections::HashMap;

use db::{RouteFilter, RouteRow};
use domain::{MapRoute, MapRoutes, UserId};

use crate::{Workouts, WorkoutsError, route};

/// The outline code's version: raise it when [`route::outline`] changes, and kept outlines
/// of an older one are worked out again when next needed.
pub const OUTLINE_VERSION: i32 = 1;

impl Workouts {
    /// The user's routes for the map of all routes: the newest [`crate::Limits::max_map_routes`]
    /// workouts
    /// with positions that `filter` lets through, newest first, each simplified to at most
    /// [`route::MAX_OUTLINE_POINTS`] points. Outlines not kept yet are worked out from the
    /// recordings (once: they are kept); a recording that cannot be read is left out.
    #[tracing::instrument(skip(self), fields(user = %user))]
    pub async fn map_routes(
        &self,
        user: UserId,
        filter: RouteFilter,
    ) -> Result<MapRoutes, WorkoutsError> {
        let (rows, matching) = self
            .db
            .route_outlines(user, filter, OUTLINE_VERSION, self.limits.max_map_routes)
            .await?;
        let mut routes = Vec::with_capacity(rows.len());
        for row in rows {
            let RouteRow {
                id,
                sport,
                day,
                outline,
            } = row;
            let polyline = match outline {
                Some(kept) => kept,
                None => match self.work_out_outline(user, id).await {
                    Ok(Some(made)) => made,
                    // Deleted meanwhile.
                    Ok(None) => continue,
                    Err(error) => {
                        tracing::warn!(workout = %id, error = %error, "no outline for the map: the recording cannot be read");
                        continue;
                    }
                },
            };
            if !polyline.is_empty() {
                routes.push(MapRoute {
                    workout_id: id,
                    sport,
                    day,
                    polyline,
                });
            }
        }
        Ok(MapRoutes {
            routes,
            matching: u32::try_from(matching).unwrap_or(u32::MAX),
            max_routes: self.limits.max_map_routes,
            max_points: route::MAX_OUTLINE_POINTS as u32,
        })
    }

    /// A workout's outline from its recording, kept for next time; `None` when the workout is
    /// gone.
    async fn work_out_outline(
        &self,
        user: UserId,
        id: domain::WorkoutId,
    ) -> Result<Option<String>, WorkoutsError> {
        let Some(blob) = self.db.workout_recording(user, id).await? else {
            return Ok(None);
        };
        let outline = tokio::task::spawn_blocking(move || {
            formats::store::decode(&blob).map(|r| route::outline(&r))
        })
        .await
        .map_err(|e| WorkoutsError::Task(e.to_string()))??;
        self.db
            .store_route_outline(user, id, OUTLINE_VERSION, &outline)
            .await?;
        Ok(Some(outline))
    }
}

/// Width of the SVG map, in its own units.
const SVG_WIDTH: f64 = 800.0;

/// The routes drawn over one another as an SVG (no tiles: the fallback without script or
/// with `--map-tiles none`); `None` without a route.
///
/// Drawn around where most routes are (a holiday far away would otherwise shrink home to a
/// dot): the routes whose middle lies within about 200 km of the 1-degree square holding the
/// most middles.
pub fn routes_svg(routes: &MapRoutes) -> Option<String> {
    let lines: Vec<Vec<(f64, f64)>> = routes
        .routes
        .iter()
        .filter_map(|r| domain::decode_polyline(&r.polyline))
        .filter(|l| l.len() >= 2)
        .collect();
    let middle = |line: &[(f64, f64)]| {
        let (lo, hi) = bounds(line.iter().copied());
        ((lo.0 + hi.0) / 2.0, (lo.1 + hi.1) / 2.0)
    };
    let mut squares: HashMap<(i32, i32), usize> = HashMap::new();
    for line in &lines {
        let (lat, lon) = middle(line);
        *squares
            .entry((lat.floor() as i32, lon.floor() as i32))
            .or_default() += 1;
    }
    let (&(lat0, lon0), _) = squares
        .iter()
        .max_by_key(|(square, count)| (**count, std::cmp::Reverse(**square)))?;
    let home = (f64::from(lat0) + 0.5, f64::from(lon0) + 0.5);
    let k = home.0.to_radians().cos().max(0.05);
    let near: Vec<&Vec<(f64, f64)>> = lines
        .iter()
        .filter(|l| {
            let (lat, lon) = middle(l);
            (lat - home.0).abs() <= 2.0 && ((lon - home.1) * k).abs() <= 2.0
        })
        .collect();
    let (lo, hi) = bounds(near.iter().flat_map(|l| l.iter().copied()));
    let (w, h) = (((hi.1 - lo.1) * k).max(1e-6), (hi.0 - lo.0).max(1e-6));
    let pad = 10.0;
    let scale = (SVG_WIDTH - 2.0 * pad) / w.max(h);
    let height = (h * scale + 2.0 * pad).round().max(200.0);
    let (ox, oy) = ((SVG_WIDTH - w * scale) / 2.0, (height - h * scale) / 2.0);
    let project = |(lat, lon): (f64, f64)| {
        (
            (ox + (lon - lo.1) * k * scale).round() as i64,
            (oy + (hi.0 - lat) * scale).round() as i64,
        )
    };
    let mut paths = String::new();
    for line in &near {
        let (mut x, mut y) = project(line[0]);
        paths.push_str(&format!("<path d=\"M{x} {y}"));
        for &p in &line[1..] {
            let (nx, ny) = project(p);
            if (nx, ny) != (x, y) {
                paths.push_str(&format!("l{} {}", nx - x, ny - y));
                (x, y) = (nx, ny);
            }
        }
        paths.push_str("\"/>");
    }
    let left_out = lines.len() - near.len();
    let label = match left_out {
        0 => format!(
            "Map of {}, drawn without map tiles",
            routes_text(near.len())
        ),
        n => format!(
            "Map of {}, drawn without map tiles ({} far from these not drawn)",
            routes_text(near.len()),
            routes_text(n)
        ),
    };
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heat-svg\" viewBox=\"0 0 {SVG_WIDTH} {height}\" \
         role=\"img\" aria-label=\"{label}\"><style>path{{stroke:#c8401b}}\
         @media (prefers-color-scheme:dark){{path{{stroke:#ff7a50}}}}</style>\
         <g fill=\"none\" stroke-width=\"2\" stroke-opacity=\"0.35\" stroke-linejoin=\"round\" \
         stroke-linecap=\"round\">{paths}</g></svg>"
    ))
}

/// `1 route`, `2 routes`.
pub fn routes_text(n: usize) -> String {
    if n == 1 {
        "1 route".to_owned()
    } else {
        format!("{n} routes")
    }
}

/// The south-west and north-east corners of the points.
fn bounds(points: impl Iterator<Item = (f64, f64)>) -> ((f64, f64), (f64, f64)) {
    points.fold(
        ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN)),
        |(lo, hi), (lat, lon)| {
            (
                (lo.0.min(lat), lo.1.min(lon)),
                (hi.0.max(lat), hi.1.max(lon)),
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{Date, Sport, WorkoutId};

    fn routes(lines: &[&[(f64, f64)]]) -> MapRoutes {
        MapRoutes {
            routes: lines
                .iter()
                .enumerate()
                .map(|(i, l)| MapRoute {
                    workout_id: WorkoutId::new(i as i64 + 1),
                    sport: Sport::Running,
                    day: Date::from_days(20_000),
                    polyline: domain::encode_polyline(l.iter().copied()),
                })
                .collect(),
            ..MapRoutes::default()
        }
    }

    #[test]
    fn the_svg_draws_the_routes_near_most_of_them() {
        let berlin: &[(f64, f64)] = &[(52.50, 13.40), (52.52, 13.42), (52.51, 13.45)];
        let berlin_2: &[(f64, f64)] = &[(52.48, 13.38), (52.49, 13.30)];
        let sydney: &[(f64, f64)] = &[(-33.87, 151.21), (-33.86, 151.22)];
        let svg = routes_svg(&routes(&[berlin, berlin_2, sydney])).unwrap();
        assert_eq!(svg.matches("<path").count(), 2, "{svg}");
        assert!(
            svg.contains("Map of 2 routes") && svg.contains("(1 route far"),
            "{svg}"
        );
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert_eq!(routes_svg(&routes(&[])), None);
    }
}
