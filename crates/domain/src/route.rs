//! Routes as maps draw them: one workout's track (positions with the time and chart position
//! of each, so the map and the charts can follow each other), and the simplified outlines of
//! many workouts for the map of all routes, encoded as Google's polylines (the compact form
//! Strava's and Google's APIs use: about five bytes a point).

use serde::{Deserialize, Serialize};

use crate::{Date, Sport, WorkoutId};

/// One workout's route for its map: parallel columns, one entry per kept point.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RouteTrack {
    /// Latitude, degrees (five decimals: about a metre).
    pub lat: Vec<f64>,
    /// Longitude, degrees.
    pub lon: Vec<f64>,
    /// Seconds since the start.
    pub t: Vec<u32>,
    /// Where each point is on the charts' x axis when they are drawn by distance (km or mi);
    /// `None` when they are drawn by time (then `t` is the x axis).
    pub x: Option<Vec<f32>>,
}

impl RouteTrack {
    /// How many points it has.
    pub fn len(&self) -> usize {
        self.lat.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.lat.is_empty()
    }
}

/// One workout's route on the map of all routes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapRoute {
    /// The workout.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub workout_id: WorkoutId,
    /// Its sport (stable name).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub sport: Sport,
    /// Its local day, `YYYY-MM-DD`.
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: Date,
    /// The route, simplified, as an encoded polyline (Google's algorithm, precision 5:
    /// latitude then longitude, degrees times 100,000).
    pub polyline: String,
}

/// The routes of the map of all routes, newest first, within the documented bounds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapRoutes {
    /// The routes shown.
    pub routes: Vec<MapRoute>,
    /// How many workouts with a route matched the filter (more than `routes` holds when the
    /// bound cut the oldest off).
    pub matching: u32,
    /// The most routes one answer holds.
    pub max_routes: u32,
    /// The most points one route keeps.
    pub max_points: u32,
}

/// Encodes positions (degrees) as a polyline, precision 5.
pub fn encode_polyline(points: impl IntoIterator<Item = (f64, f64)>) -> String {
    fn push(out: &mut String, value: i64) {
        let mut v = if value < 0 { !(value << 1) } else { value << 1 };
        while v >= 0x20 {
            out.push(char::from((0x20 | (v & 0x1f)) as u8 + 63));
            v >>= 5;
        }
        out.push(char::from(v as u8 + 63));
    }
    let mut out = String::new();
    let (mut last_lat, mut last_lon) = (0i64, 0i64);
    for (lat, lon) in points {
        let (lat, lon) = ((lat * 1e5).round() as i64, (lon * 1e5).round() as i64);
        push(&mut out, lat - last_lat);
        push(&mut out, lon - last_lon);
        (last_lat, last_lon) = (lat, lon);
    }
    out
}

/// Decodes a polyline of precision 5 into positions (degrees); `None` when it is cut short
/// or holds characters no polyline does.
pub fn decode_polyline(text: &str) -> Option<Vec<(f64, f64)>> {
    let mut bytes = text.bytes();
    let mut next = || -> Option<Option<i64>> {
        let (mut value, mut shift) = (0i64, 0u32);
        loop {
            let Some(b) = bytes.next() else {
                return if shift == 0 { Some(None) } else { None };
            };
            let chunk = i64::from(b.checked_sub(63).filter(|c| *c < 64)?);
            if shift > 60 {
                return None;
            }
            value |= (chunk & 0x1f) << shift;
            shift += 5;
            if chunk < 0x20 {
                break;
            }
        }
        Some(Some(if value & 1 == 1 {
            !(value >> 1)
        } else {
            value >> 1
        }))
    };
    let mut out = Vec::new();
    let (mut lat, mut lon) = (0i64, 0i64);
    while let Some(d_lat) = next()? {
        lat = lat.checked_add(d_lat)?;
        lon = lon.checked_add(next()??)?;
        out.push((lat as f64 / 1e5, lon as f64 / 1e5));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn polylines_match_googles_example() {
        // From Google's description of the algorithm.
        let points = [(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)];
        let line = encode_polyline(points);
        assert_eq!(line, "_p~iF~ps|U_ulLnnqC_mqNvxq`@");
        assert_eq!(decode_polyline(&line).unwrap(), points);
        assert_eq!(decode_polyline("").unwrap(), []);
    }

    #[test]
    fn broken_polylines_are_refused() {
        assert_eq!(
            decode_polyline("_p~iF"),
            None,
            "a latitude without longitude"
        );
        assert_eq!(decode_polyline("_p~i"), None, "cut inside a number");
        assert_eq!(decode_polyline("_p~iF~ps|U "), None, "a space");
        assert_eq!(
            decode_polyline(&"~".repeat(40)),
            None,
            "a number without end"
        );
    }

    proptest! {
        #[test]
        fn polylines_round_trip_to_a_metre(points in prop::collection::vec((-90.0f64..90.0, -180.0f64..180.0), 0..50)) {
            let back = decode_polyline(&encode_polyline(points.iter().copied())).unwrap();
            prop_assert_eq!(back.len(), points.len());
            for (a, b) in points.iter().zip(&back) {
                prop_assert!((a.0 - b.0).abs() <= 0.5e-5 + 1e-9 && (a.1 - b.1).abs() <= 0.5e-5 + 1e-9);
            }
        }
    }
}
