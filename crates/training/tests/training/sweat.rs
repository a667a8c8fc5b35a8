//! The power analysis against the Python package `sweat` (`tests/sweat_check.py`), for every
//! corpus FIT and TCX workout with power: sweat resamples the raw samples to the same 1 Hz
//! series (where the crate does not call a second a stop), and finds the same mean-max power
//! at every duration and the same normalized power, within half a watt.
//!
//! The Python is `LAPS_SWEAT_PYTHON` (default `/tmp/laps-sweat/bin/python`, which
//! `scripts/test` sets up with a pinned sweat).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use formats::{Recording, Stream};
use serde_json::Value;

use crate::corpus::{files, name, read};

/// The most the crate and sweat may differ, watts.
const TOLERANCE_W: f64 = 0.5;

fn sweat_python() -> String {
    std::env::var("LAPS_SWEAT_PYTHON").unwrap_or_else(|_| "/tmp/laps-sweat/bin/python".to_owned())
}

/// One workout with power, as written for the script.
struct Workout {
    label: String,
    analysis: training::Analysis,
}

/// Writes the raw power samples and the crate's 1 Hz series of `recording` into `dir`, in the
/// script's layout.
fn write_workout(dir: &std::path::Path, recording: &Recording, series: &training::Series) {
    std::fs::create_dir_all(dir).unwrap();
    let power = recording.samples.power.as_deref().unwrap();
    let mut raw = String::new();
    for (t, &w) in recording.samples.time.iter().zip(power) {
        if w.is_finite() {
            writeln!(raw, "{} {}", t.unix_ms(), f64::from(w)).unwrap();
        }
    }
    std::fs::write(dir.join("raw.txt"), raw).unwrap();
    let first_ms = recording.start.unix_ms() + (series.start_offset_s * 1000.0).round() as i64;
    let mut text = format!("{first_ms}\n");
    // Every second of elapsed time: the seconds a long stop lost come back as stops.
    let mut cuts = series.cuts.iter().peekable();
    let mut removed = 0;
    for (k, v) in series.values.iter().enumerate() {
        if let Some(cut) = cuts.next_if(|c| c.at == k) {
            for _ in removed..cut.removed_s {
                writeln!(text, "NaN").unwrap();
            }
            removed = cut.removed_s;
        }
        writeln!(text, "{v}").unwrap();
    }
    std::fs::write(dir.join("series.txt"), text).unwrap();
}

#[test]
fn power_curves_and_normalized_power_agree_with_sweat() {
    let paths = files("fit", |_| true)
        .into_iter()
        .chain(files("tcx", |_| true))
        .filter(|p| {
            let n = name(p).to_ascii_lowercase();
            n.ends_with(".fit") || n.ends_with(".tcx") || n.ends_with(".tcx.gz")
        });
    let temp = tempfile::tempdir().unwrap();
    let mut workouts = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for path in paths {
        for (i, recording) in read(&path).iter().enumerate() {
            let Some(series) = training::one_hertz(recording, Stream::Power) else {
                continue;
            };
            let dir = temp.path().join(format!("{}-{i}", name(&path)));
            write_workout(&dir, recording, &series);
            dirs.push(dir);
            workouts.push(Workout {
                label: format!("{} (activity {i})", name(&path)),
                analysis: training::analyse(recording, recording.sport),
            });
        }
    }
    assert!(
        workouts.len() >= 40,
        "the corpus has workouts with power: {}",
        workouts.len()
    );

    let durations: Vec<String> = training::DURATIONS_S.iter().map(u32::to_string).collect();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sweat_check.py");
    let output = Command::new(sweat_python())
        .arg(script)
        .arg(durations.join(","))
        .args(&dirs)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (sweat; scripts/test installs it): {e}",
                sweat_python()
            )
        });
    assert!(
        output.status.success(),
        "the sweat script failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(answers.len(), workouts.len(), "one answer per workout");

    let mut problems = Vec::new();
    for (workout, sweat) in workouts.iter().zip(&answers) {
        let label = &workout.label;
        match sweat["resample_difference"].as_f64() {
            Some(d) if d < 1e-6 => {}
            other => problems.push(format!("{label}: 1 Hz series differ by {other:?} W")),
        }
        let theirs = sweat["mean_max"].as_object().unwrap();
        let ours = &workout.analysis.power_curve;
        if theirs.len() != ours.len() {
            problems.push(format!(
                "{label}: {} curve points, sweat {}",
                ours.len(),
                theirs.len()
            ));
        }
        for point in ours {
            let expected = theirs[&point.duration_s.to_string()].as_f64().unwrap();
            if (point.value - expected).abs() > TOLERANCE_W {
                problems.push(format!(
                    "{label}: {} s best {:.2} W, sweat {expected:.2} W",
                    point.duration_s, point.value
                ));
            }
        }
        let np = workout.analysis.normalized_power;
        match (np, sweat["normalized_power"].as_f64()) {
            (Some(ours), Some(theirs)) if (ours - theirs).abs() <= TOLERANCE_W => {}
            (ours, theirs) => problems.push(format!("{label}: NP {ours:?}, sweat {theirs:?}")),
        }
    }
    assert!(
        problems.is_empty(),
        "disagreements with sweat:\n{}",
        problems.join("\n")
    );
}
