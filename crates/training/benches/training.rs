//! The cost of analysing a workout: [`training::analyse`] on a synthetic 4-hour ride recorded
//! at 1 Hz with power, heart rate, distance and positions, beside two baselines measured in
//! the same run:
//! - `baseline/fit-read`: decoding that same ride from its FIT file with `formats::read`,
//!   what every analysis pays before it starts;
//! - `baseline/power-sum`: one plain pass summing the power column, the floor of any work
//!   that looks at every sample.
//!
//! Prints the means and ratios as a table.
//!
//!     cargo bench -p training

use std::{hint::black_box, path::PathBuf, time::Duration};

use criterion::Criterion;
use formats::{Recording, Samples, Session, Timestamp, Totals};

const SECONDS: i64 = 4 * 3600;

/// A 4-hour ride: an hour of endurance pace, three 20-minute efforts with rests between,
/// then a steady ride home, with pedalling noise from a small generator (the same ride on
/// every run), heart rate that lags the power, and speed that follows it.
fn ride() -> Recording {
    let start = Timestamp::from_unix_s(1_750_000_000);
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut noise = move || {
        // xorshift64: cheap, fixed, good enough for pedal-stroke jitter.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let n = SECONDS as usize;
    let (mut power, mut heart_rate, mut distance) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut latitude, mut longitude) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut hr, mut covered) = (110.0_f64, 0.0_f64);
    for s in 0..SECONDS {
        let target = match s {
            0..3600 => 190.0,
            3600..8400 if (s - 3600) % 1500 < 1200 => 290.0,
            3600..8400 => 140.0,
            _ => 180.0,
        };
        let watts = (target + 80.0 * noise()).max(0.0);
        hr += (90.0 + watts * 0.35 - hr) / 40.0;
        let speed = 3.0 + watts / 25.0;
        covered += speed;
        power.push(watts as f32);
        heart_rate.push(hr.round() as f32);
        distance.push(covered);
        // Due north-east along a straight road, about 111 km a degree.
        latitude.push(47.0 + covered / 111_000.0 * 0.7);
        longitude.push(8.0 + covered / 111_000.0 * 0.7);
    }
    let samples = Samples {
        time: (0..SECONDS).map(|s| start.add_ms(s * 1000)).collect(),
        latitude: Some(latitude),
        longitude: Some(longitude),
        distance: Some(distance),
        heart_rate: Some(heart_rate),
        power: Some(power),
        ..Samples::default()
    };
    Recording {
        sport: domain::Sport::Cycling,
        start,
        sessions: vec![Session {
            sport: domain::Sport::Cycling,
            start,
            totals: Totals {
                elapsed_ms: SECONDS * 1000,
                distance_m: Some(covered),
                ..Totals::default()
            },
            ..Session::default()
        }],
        samples,
        ..Recording::default()
    }
}

/// The mean time of a benchmark from criterion's estimates, nanoseconds.
fn mean_ns(id: &str) -> Option<f64> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let path = target.join("criterion").join(id).join("new/estimates.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json["mean"]["point_estimate"].as_f64()
}

fn main() {
    let mut criterion = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();

    let recording = ride();
    let fit = formats::fit::write(&recording);
    let options = formats::Options::default();
    // The analysis of the ride as read back: what a server analyses after an upload.
    let read_back = formats::read(&fit, &options).expect("the synthetic ride reads back");
    let analysis = training::analyse(&read_back, domain::Sport::Cycling);
    assert_eq!(analysis.power_curve.len(), 26, "curve points up to 4 hours");
    assert_eq!(analysis.distance_efforts.len(), 7);

    criterion
        .benchmark_group("analyse")
        .bench_function("4h-ride", |b| {
            b.iter(|| training::analyse(black_box(&read_back), domain::Sport::Cycling));
        });
    let mut baseline = criterion.benchmark_group("baseline");
    baseline.bench_function("fit-read", |b| {
        b.iter(|| formats::read(black_box(&fit), &options).unwrap());
    });
    let power = read_back.samples.power.clone().unwrap_or_default();
    baseline.bench_function("power-sum", |b| {
        b.iter(|| black_box(&power).iter().map(|&w| f64::from(w)).sum::<f64>());
    });
    baseline.finish();
    criterion.final_summary();

    let Some(analyse) = mean_ns("analyse/4h-ride") else {
        return;
    };
    println!("\n| benchmark | mean | ratio |");
    println!("|---|---:|---|");
    println!("| analyse/4h-ride | {:.3} ms | |", analyse / 1e6);
    for id in ["baseline/fit-read", "baseline/power-sum"] {
        if let Some(base) = mean_ns(id) {
            println!(
                "| {id} | {:.3} ms | analyse takes {:.2}× this |",
                base / 1e6,
                analyse / base
            );
        }
    }
}
