//! Issue 16, point 3: laps the device wrote without averages get them from the samples.

use db::Backend;
use domain::{LapSummary, XAxis};
use formats::Recording;

use super::{corpus, imported, setup};

/// A Suunto Spartan Ultra's TCX: 32 laps with time and distance only, heart rate and cadence
/// in every trackpoint.
const SUUNTO: &str = "tcx/sportslib__unknown_example.tcx";
/// An Edge 810 ride with Garmin Vector power: 8 laps with the device's average power.
const VECTOR: &str = "fit/fitparse__Edge810-Vector-2013-08-16-15-35-10.fit";
/// A Hammerhead Karoo ride with power and GPS in one lap: the page shows kilometre splits.
const KAROO: &str = "fit/goldencheetah__Karoo-Botley_BW_Swanmore_Wickham-2025-05-09-1238.fit";

/// The samples' positive values of one stream in the lap's span, found by looking at every
/// sample.
fn in_lap(r: &Recording, laps: &[LapSummary], i: usize, column: &[f32]) -> Vec<f64> {
    in_lap_with(r, laps, i, column, |v| v > 0.0)
}

/// The samples' values of one stream in the lap's span for which `keep` holds.
fn in_lap_with(
    r: &Recording,
    laps: &[LapSummary],
    i: usize,
    column: &[f32],
    keep: impl Fn(f64) -> bool,
) -> Vec<f64> {
    let from = laps[i].start.unix_ms();
    let to = from + laps[i].metrics.elapsed_ms;
    let last = i + 1 == laps.len();
    r.samples
        .time
        .iter()
        .zip(column)
        .filter(|(t, _)| {
            let t = t.unix_ms();
            t >= from && (t < to || (last && t == to))
        })
        .map(|(_, &v)| f64::from(v))
        .filter(|v| v.is_finite() && keep(*v))
        .collect()
}

fn mean(values: &[f64]) -> Option<u16> {
    (!values.is_empty()).then(|| (values.iter().sum::<f64>() / values.len() as f64).round() as u16)
}

async fn a_suunto_tcxs_laps_get_heart_rate_cadence_and_pace_from_its_samples(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let id = imported(&service.import(user, vec![corpus(SUUNTO)]).await.unwrap()[0].outcome);
    let recording = service.recording(user, id).await.unwrap();
    assert!(
        recording
            .laps
            .iter()
            .all(|l| l.totals.avg_heart_rate.is_none()),
        "the file's laps have no heart rate"
    );
    let laps = service.laps(user, id).await.unwrap();
    assert_eq!(laps.len(), 32);
    let hr = recording.samples.heart_rate.as_deref().unwrap();
    let cadence = recording.samples.cadence.as_deref().unwrap();
    let mut filled = 0;
    for (i, lap) in laps.iter().enumerate() {
        let beats = in_lap(&recording, &laps, i, hr);
        assert_eq!(lap.metrics.avg_hr, mean(&beats), "lap {i}");
        assert_eq!(
            lap.metrics.max_hr,
            beats
                .iter()
                .copied()
                .reduce(f64::max)
                .map(|v| v.round() as u16),
            "lap {i}"
        );
        assert_eq!(
            lap.metrics.avg_cadence,
            mean(&in_lap(&recording, &laps, i, cadence)),
            "lap {i}"
        );
        if !beats.is_empty() {
            filled += 1;
        }
        // Every lap that covered some way has a runner's pace (the short ones are the
        // athlete standing at a crossing).
        if lap.metrics.distance_m.is_some_and(|d| d > 100.0) {
            let speed = lap.metrics.avg_speed.expect("a pace");
            assert!((1.5..7.0).contains(&speed), "lap {i}: {speed} m/s");
        }
    }
    assert!(filled >= 16, "most laps hold samples: {filled}");

    // The workout page shows the same laps.
    let detail = service
        .detail(user, id, XAxis::Time, domain::Language::En)
        .await
        .unwrap();
    assert!(!detail.laps_are_splits);
    assert_eq!(detail.laps, laps);
}

async fn a_rides_laps_keep_the_devices_power_and_gain_normalized_power(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let id = imported(&service.import(user, vec![corpus(VECTOR)]).await.unwrap()[0].outcome);
    let recording = service.recording(user, id).await.unwrap();
    let laps = service.laps(user, id).await.unwrap();
    assert_eq!(laps.len(), recording.laps.len());
    for (i, (lap, device)) in laps.iter().zip(&recording.laps).enumerate() {
        assert_eq!(
            lap.metrics.avg_power, device.totals.avg_power,
            "lap {i}: the device's value wins"
        );
        let Some(avg) = lap.metrics.avg_power else {
            continue;
        };
        if lap.metrics.elapsed_ms >= 60_000 && avg > 0 {
            let np = lap.normalized_power.expect("normalized power");
            // Normalized power weighs surges up: never much below the average.
            assert!(
                f64::from(np) >= 0.95 * f64::from(avg) && np < 2 * avg,
                "lap {i}: NP {np} W, average {avg} W"
            );
        }
    }
    assert!(laps.iter().filter(|l| l.normalized_power.is_some()).count() >= 4);
}

async fn a_one_lap_rides_splits_have_the_power_of_their_samples(backend: Backend) {
    let (_t, service, user) = setup(backend).await;
    let id = imported(&service.import(user, vec![corpus(KAROO)]).await.unwrap()[0].outcome);
    let recording = service.recording(user, id).await.unwrap();
    let detail = service
        .detail(user, id, XAxis::Time, domain::Language::En)
        .await
        .unwrap();
    assert!(detail.laps_are_splits && detail.laps.len() > 5);
    let watts = recording.samples.power.as_deref().unwrap();
    let cadence = recording.samples.cadence.as_deref().unwrap();
    for (i, split) in detail.laps.iter().enumerate() {
        // Zero watts count in the average (not pedalling is part of the ride), zero
        // cadence does not.
        let power = in_lap_with(&recording, &detail.laps, i, watts, |w| w >= 0.0);
        assert_eq!(split.metrics.avg_power, mean(&power), "split {i}");
        assert_eq!(
            split.metrics.avg_cadence,
            mean(&in_lap(&recording, &detail.laps, i, cadence)),
            "split {i}"
        );
    }
    assert!(detail.laps.iter().any(|s| s.normalized_power.is_some()));
}

db::on_both_backends!(
    a_suunto_tcxs_laps_get_heart_rate_cadence_and_pace_from_its_samples,
    a_rides_laps_keep_the_devices_power_and_gain_normalized_power,
    a_one_lap_rides_splits_have_the_power_of_their_samples,
);
