//! Every workout of the corpus, in every format, analysed: no panic, and numbers that make
//! sense (finite, in order, within what the recording holds).

use crate::corpus::{files, name, read};

#[test]
fn every_corpus_workout_analyses_to_sensible_numbers() {
    let mut workouts = 0;
    let mut problems = Vec::new();
    for folder in ["fit", "tcx", "gpx", "hrm"] {
        for path in files(folder, |_| true) {
            for recording in read(&path) {
                workouts += 1;
                let label = name(&path);
                let analysis = training::analyse(&recording, recording.sport);
                let span_s = recording.duration_ms() as f64 / 1000.0;
                for effort in &analysis.distance_efforts {
                    let inside = effort.start_offset_s >= -1.0
                        && effort.start_offset_s + effort.seconds <= span_s + 1.0;
                    if !(effort.seconds > 0.0 && inside) {
                        problems.push(format!("{label}: {effort:?} in {span_s} s"));
                    }
                }
                let curves = [
                    ("power", &analysis.power_curve),
                    ("pace", &analysis.pace_curve),
                    ("heart rate", &analysis.hr_curve),
                ];
                for (what, curve) in curves {
                    for point in curve {
                        let fits = f64::from(point.duration_s) <= span_s + 1.0;
                        if !(point.value.is_finite() && point.value >= 0.0 && fits) {
                            problems.push(format!("{label}: {what} {point:?} in {span_s} s"));
                        }
                    }
                }
                if let Some(np) = analysis.normalized_power {
                    let max = analysis.power_curve.first().map_or(0.0, |p| p.value);
                    if !(np >= 0.0 && np <= max + 1e-9) {
                        problems.push(format!("{label}: NP {np} above the best second {max}"));
                    }
                }
                let bpm: Vec<u16> = analysis.hr_histogram.iter().map(|(b, _)| *b).collect();
                if !bpm.windows(2).all(|p| p[0] < p[1]) || bpm.last().is_some_and(|&b| b > 255) {
                    problems.push(format!("{label}: heart rates {bpm:?}"));
                }
            }
        }
    }
    assert!(workouts > 200, "the corpus is there: {workouts} workouts");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
