//! Training analysis for Laps: what one workout says about the athlete (best efforts over
//! distances, mean-max curves of power, speed and heart rate, normalized power, time at each
//! heart rate) and what the workouts add up to (TRIMP, training stress, fitness and fatigue).
//!
//! Pure functions: a [`formats::Recording`] in, numbers out; no storage, no I/O.
//!
//! ```
//! use formats::{Recording, Samples, Timestamp};
//!
//! // Twenty minutes at 250 W, then ten at 150 W.
//! let start = Timestamp::from_unix_s(1_700_000_000);
//! let recording = Recording {
//!     start,
//!     samples: Samples {
//!         time: (0..1800).map(|s| start.add_ms(s * 1000)).collect(),
//!         power: Some((0..1800).map(|s| if s < 1200 { 250.0 } else { 150.0 }).collect()),
//!         ..Samples::default()
//!     },
//!     ..Recording::default()
//! };
//! let analysis = training::analyse(&recording, domain::Sport::Cycling);
//! let twenty_minutes = analysis.power_curve.iter().find(|p| p.duration_s == 1200).unwrap();
//! assert_eq!(twenty_minutes.value, 250.0);
//! let (intensity, stress) = training::training_stress(
//!     analysis.normalized_power.unwrap(),
//!     analysis.power_seconds,
//!     250.0,
//! );
//! assert!(intensity < 1.0 && stress < 50.0);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod curve;
mod distance;
mod fitness;
mod load;
mod power;
mod resample;

pub use curve::{CurvePoint, mean_max, monotonic};
pub use distance::{
    DistanceEffort, DistanceTrack, best_effort, best_efforts, distance_track, max_plausible_speed,
};
pub use fitness::{FATIGUE_DAYS, FITNESS_DAYS, FitnessDay, fitness};
pub use load::{TrimpModel, hr_histogram, trimp};
pub use power::{NP_WINDOW_S, normalized_power, training_stress};
pub use resample::{Cut, LONGEST_STOP_S, MAX_INTERPOLATED_GAP_S, MAX_SERIES_S, Series, one_hertz};

use formats::{Recording, Stream};

/// Distances a best effort is sought over, metres: 400 m, 1 km, the mile (1609.344 m; stored
/// as integer metres 1609), 5 km, 10 km, the half marathon and the marathon.
pub const DISTANCES_M: [f64; 7] = [400.0, 1000.0, 1609.344, 5000.0, 10000.0, 21097.5, 42195.0];

/// Durations a mean-max curve is kept at, seconds: 1-2-5-like steps plus the standard 5 s,
/// 1, 5, 20 and 60 min, up to 12 hours.
pub const DURATIONS_S: [u32; 31] = [
    1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700,
    3600, 5400, 7200, 10800, 14400, 18000, 21600, 28800, 36000, 43200,
];

/// What one workout says about the athlete.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// The fastest time over each of [`DISTANCES_M`] the workout covers, in that order
    /// ([`best_efforts`] on the [`distance_track`]).
    pub distance_efforts: Vec<DistanceEffort>,
    /// The distance covered after glitch removal, metres; `None` without a distance, or
    /// when it never grows.
    pub longest_m: Option<f64>,
    /// Mean-max power, watts, at each of [`DURATIONS_S`] up to the length of the power
    /// series; stops count as zero watts (no pedalling while stopped). Like every curve
    /// here, the best of each duration on its own, which may rise with duration on erratic
    /// data ([`monotonic`] gives the envelope that never does).
    pub power_curve: Vec<CurvePoint>,
    /// Mean-max speed, metres per second, at each of [`DURATIONS_S`] up to the length of the
    /// distance track: the most distance covered in `D` seconds of elapsed time, over `D`,
    /// from the distance at every whole second.
    pub pace_curve: Vec<CurvePoint>,
    /// The best average heart rate, bpm, at each of [`DURATIONS_S`] over windows without a
    /// stop.
    pub hr_curve: Vec<CurvePoint>,
    /// Normalized power over the seconds that are not stops ([`normalized_power`]), watts.
    pub normalized_power: Option<f64>,
    /// The seconds the normalized power is over (those of the power series that are not
    /// stops): the duration for [`training_stress`]. Stops are left out of both, because a
    /// stop counted as zero watts would lower the normalized power less than it lengthens
    /// the time, and so raise the training stress of a ride by its café stop.
    pub power_seconds: f64,
    /// Seconds spent at each whole heart rate, sorted by heart rate ([`hr_histogram`]), for
    /// a [`trimp`] with any resting and maximum heart rate.
    pub hr_histogram: Vec<(u16, f32)>,
    /// Distance increments dropped as implausible for the sport (GPS spikes; see
    /// [`distance_track`]).
    pub dropped_samples: u32,
    /// Whether the workout was indoors (treadmill, trainer, virtual ride, ...): said by its
    /// FIT sub-sport ([`INDOOR_SUB_SPORTS`]), or a distance without a single GPS position.
    pub indoor: bool,
}

/// FIT `sub_sport` values of workouts done indoors: treadmill (1), spin (5), indoor cycling
/// (6), indoor rowing (14), elliptical (15), stair climbing (16), indoor skiing (25), indoor
/// walking (27), indoor running (45), virtual activity (58) and indoor climbing (68).
pub const INDOOR_SUB_SPORTS: [u8; 11] = [1, 5, 6, 14, 15, 16, 25, 27, 45, 58, 68];

/// Everything [`Analysis`] holds, for one recording done as `sport` (the sport decides which
/// distance increments are plausible: [`max_plausible_speed`]). The whole recording counts,
/// every session of a multisport one included.
///
/// Power and heart rate are resampled to 1 Hz over elapsed time ([`one_hertz`]); the
/// distance is cleaned of glitches first ([`distance_track`]).
pub fn analyse(recording: &Recording, sport: domain::Sport) -> Analysis {
    let mut analysis = Analysis {
        indoor: indoor(recording),
        ..Analysis::default()
    };

    if let Some(track) = distance_track(recording, sport) {
        analysis.dropped_samples = track.dropped_samples;
        let covered = track.covered_m();
        if covered > 0.0 {
            analysis.longest_m = Some(covered);
            analysis.distance_efforts =
                best_efforts(&track.time_s, &track.distance_m, &DISTANCES_M)
                    .into_iter()
                    .flatten()
                    .collect();
            let (grid, start_offset_s, cuts) = distance::whole_seconds(&track, recording);
            // The grid has no stops (standing still covers no distance), but windows stay
            // between its cuts (see `whole_seconds`).
            let bounds: Vec<usize> = std::iter::once(0)
                .chain(cuts.iter().map(|c| c.at))
                .chain(std::iter::once(grid.len()))
                .collect();
            let runs: Vec<std::ops::Range<usize>> =
                bounds.windows(2).map(|b| b[0]..b[1] - 1).collect();
            let offset_s = |k, d| resample::window_offset_s(start_offset_s, &cuts, k, d);
            analysis.pace_curve = curve::best_windows(&grid, &runs, offset_s);
        }
    }

    if let Some(mut power) = one_hertz(recording, Stream::Power) {
        let watts: Vec<f64> = power
            .values
            .iter()
            .copied()
            .filter(|w| !w.is_nan())
            .collect();
        analysis.normalized_power = normalized_power(&watts);
        analysis.power_seconds = watts.len() as f64;
        for w in &mut power.values {
            if w.is_nan() {
                *w = 0.0;
            }
        }
        analysis.power_curve = mean_max(&power);
    }

    if let Some(heart_rate) = one_hertz(recording, Stream::HeartRate) {
        analysis.hr_histogram = hr_histogram(&heart_rate);
        analysis.hr_curve = mean_max(&heart_rate);
    }
    analysis
}

/// Whether a recording was made indoors: an indoor sub-sport for the recording or any of its
/// sessions, or a distance that grows without one GPS position to measure it by (a foot pod
/// on a treadmill, a trainer's wheel speed).
fn indoor(recording: &Recording) -> bool {
    let sub_sports = std::iter::once(recording.sub_sport)
        .chain(recording.sessions.iter().map(|s| s.sub_sport))
        .flatten();
    let by_sub_sport = sub_sports
        .into_iter()
        .any(|s| INDOOR_SUB_SPORTS.contains(&s));
    let distance_grows = recording
        .samples
        .distance
        .as_ref()
        .is_some_and(|d| d.iter().any(|&x| x.is_finite() && x > 0.0));
    let positioned = match (&recording.samples.latitude, &recording.samples.longitude) {
        (Some(lat), Some(lon)) => lat
            .iter()
            .zip(lon)
            .any(|(a, b)| a.is_finite() && b.is_finite()),
        _ => false,
    };
    by_sub_sport || (distance_grows && !positioned)
}
