//! Distances on the Earth's surface.

use crate::Samples;

const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// The great-circle distance between two points in degrees, metres (haversine).
pub fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().asin()
}

/// The cumulative distance along the GPS track at each sample, metres; NaN before the first fix.
/// `None` without positions.
pub fn distance_from_positions(samples: &Samples) -> Option<Vec<f64>> {
    let (lat, lon) = (samples.latitude.as_ref()?, samples.longitude.as_ref()?);
    let mut total = f64::NAN;
    let mut last: Option<(f64, f64)> = None;
    let mut out = Vec::with_capacity(lat.len());
    for (&a, &b) in lat.iter().zip(lon) {
        if a.is_finite() && b.is_finite() {
            total = match last {
                Some((la, lo)) => total + haversine_m(la, lo, a, b),
                None => 0.0,
            };
            last = Some((a, b));
        }
        out.push(total);
    }
    last.map(|_| out)
}

/// The length of the GPS track, metres, if there is one.
pub fn track_length_m(samples: &Samples) -> Option<f64> {
    distance_from_positions(samples)?
        .into_iter()
        .rev()
        .find(|d| d.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_of_latitude_is_about_111_km() {
        let d = haversine_m(45.0, 7.0, 46.0, 7.0);
        assert!((d - 111_195.0).abs() < 50.0, "{d}");
        assert_eq!(haversine_m(10.0, 20.0, 10.0, 20.0), 0.0);
    }
}
