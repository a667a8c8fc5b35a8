//! Throughput of the Laps codecs over the shared corpus, side by side in one run with the crates
//! people use today: `fitparser` for FIT, `gpx` for GPX, and a bare quick-xml event loop (no
//! decoding at all: the floor any XML reader pays). Prints a table of MB/s, samples/s and ratios.
//!
//!     cargo bench -p formats-bench

use std::{
    hint::black_box,
    path::{Path, PathBuf},
    time::Duration,
};

use criterion::{Criterion, Throughput};
use formats::{Options, OutputFormat, Recording};

fn corpus(folder: &str, extension: &str) -> Vec<Vec<u8>> {
    let dir = std::env::var_os("LAPS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
        .join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case(extension))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

fn total(files: &[Vec<u8>]) -> u64 {
    files.iter().map(|f| f.len() as u64).sum()
}

fn bare_quick_xml(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut events = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) | Err(_) => return events,
            Ok(_) => events += 1,
        }
    }
}

struct Set {
    name: &'static str,
    files: Vec<Vec<u8>>,
    samples: u64,
}

fn set(name: &'static str, files: Vec<Vec<u8>>) -> Set {
    let options = Options::default();
    // Only files both sides read count, so every ratio compares the same bytes.
    let files: Vec<Vec<u8>> = files
        .into_iter()
        .filter(|f| formats::read_all(f, &options).is_ok())
        .collect();
    let samples = files
        .iter()
        .map(|f| {
            formats::read_all(f, &options)
                .unwrap()
                .iter()
                .map(|r| r.samples.len() as u64)
                .sum::<u64>()
        })
        .sum();
    Set {
        name,
        files,
        samples,
    }
}

fn benches(c: &mut Criterion) -> Vec<(String, u64, u64)> {
    let options = Options::default();
    let mut rows = Vec::new();

    // FIT: the files fitparser also decodes.
    let fit = set(
        "fit",
        corpus("fit", "fit")
            .into_iter()
            .filter(|f| fitparser::from_bytes(f).is_ok())
            .collect(),
    );
    let gpx_files = set(
        "gpx",
        corpus("gpx", "gpx")
            .into_iter()
            .filter(|f| gpx::read(std::io::BufReader::new(&f[..])).is_ok())
            .collect(),
    );
    let tcx = set("tcx", corpus("tcx", "tcx"));
    let hrm = set("hrm", corpus("hrm", "hrm"));

    for s in [&fit, &gpx_files, &tcx, &hrm] {
        let mut group = c.benchmark_group(s.name);
        group.throughput(Throughput::Bytes(total(&s.files)));
        group.bench_function("laps", |b| {
            b.iter(|| {
                s.files
                    .iter()
                    .map(|f| formats::read_all(black_box(f), &options).unwrap().len())
                    .sum::<usize>()
            })
        });
        rows.push((format!("{}/laps", s.name), total(&s.files), s.samples));
        match s.name {
            "fit" => {
                group.bench_function("fitparser", |b| {
                    b.iter(|| {
                        s.files
                            .iter()
                            .map(|f| fitparser::from_bytes(black_box(f)).unwrap().len())
                            .sum::<usize>()
                    })
                });
                rows.push(("fit/fitparser".to_owned(), total(&s.files), s.samples));
            }
            "gpx" => {
                group.bench_function("gpx-crate", |b| {
                    b.iter(|| {
                        s.files
                            .iter()
                            .map(|f| {
                                gpx::read(std::io::BufReader::new(black_box(&f[..])))
                                    .unwrap()
                                    .tracks
                                    .len()
                            })
                            .sum::<usize>()
                    })
                });
                rows.push(("gpx/gpx-crate".to_owned(), total(&s.files), s.samples));
            }
            _ => {}
        }
        if matches!(s.name, "gpx" | "tcx") {
            group.bench_function("bare-quick-xml", |b| {
                b.iter(|| {
                    s.files
                        .iter()
                        .map(|f| bare_quick_xml(black_box(f)))
                        .sum::<usize>()
                })
            });
            rows.push((
                format!("{}/bare-quick-xml", s.name),
                total(&s.files),
                s.samples,
            ));
        }
        group.finish();
    }

    // Writers, over every recording the corpus gives.
    let recordings: Vec<Recording> = [&fit, &gpx_files, &tcx, &hrm]
        .iter()
        .flat_map(|s| s.files.iter())
        .flat_map(|f| formats::read_all(f, &options).unwrap())
        .filter(|r| !r.samples.is_empty())
        .collect();
    let samples: u64 = recordings.iter().map(|r| r.samples.len() as u64).sum();
    let mut group = c.benchmark_group("write");
    for format in [
        OutputFormat::Fit,
        OutputFormat::Tcx,
        OutputFormat::Gpx,
        OutputFormat::Hrm,
    ] {
        let bytes: u64 = recordings
            .iter()
            .map(|r| formats::write(r, format).len() as u64)
            .sum();
        group.throughput(Throughput::Bytes(bytes));
        group.bench_function(format.extension(), |b| {
            b.iter(|| {
                recordings
                    .iter()
                    .map(|r| formats::write(black_box(r), format).len())
                    .sum::<usize>()
            })
        });
        rows.push((format!("write/{}", format.extension()), bytes, samples));

        // Reading the same output back: the like-for-like baseline for the writer.
        let written: Vec<Vec<u8>> = recordings
            .iter()
            .map(|r| formats::write(r, format))
            .collect();
        let read_samples: u64 = written
            .iter()
            .flat_map(|f| formats::read_all(f, &options).unwrap())
            .map(|r| r.samples.len() as u64)
            .sum();
        group.bench_function(format!("{}-read-back", format.extension()), |b| {
            b.iter(|| {
                written
                    .iter()
                    .map(|f| formats::read_all(black_box(f), &options).unwrap().len())
                    .sum::<usize>()
            })
        });
        rows.push((
            format!("write/{}-read-back", format.extension()),
            bytes,
            read_samples,
        ));
    }
    group.finish();
    rows
}

/// The mean time of a benchmark from criterion's estimates, nanoseconds.
fn mean_ns(id: &str) -> Option<f64> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/criterion")
        .join(id)
        .join("new/estimates.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json["mean"]["point_estimate"].as_f64()
}

fn main() {
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    let rows = benches(&mut criterion);
    criterion.final_summary();

    let rate = |id: &str, bytes: u64, samples: u64| {
        mean_ns(id).map(|ns| (bytes as f64 / ns * 1e3, samples as f64 / ns * 1e9))
    };
    println!("\n| benchmark | input | MB/s | samples/s | ratio |");
    println!("|---|---:|---:|---:|---|");
    for (id, bytes, samples) in &rows {
        let Some((mb, per_s)) = rate(id, *bytes, *samples) else {
            continue;
        };
        let ratio = match id.as_str() {
            "fit/laps" => rate("fit/fitparser", *bytes, *samples)
                .map(|(base, _)| format!("{:.1}× fitparser", mb / base)),
            "gpx/laps" => {
                let gpx = rate("gpx/gpx-crate", *bytes, *samples)
                    .map(|(base, _)| format!("{:.1}× gpx crate", mb / base));
                let floor = rate("gpx/bare-quick-xml", *bytes, *samples)
                    .map(|(base, _)| format!("{:.2}× bare quick-xml", mb / base));
                Some(
                    [gpx, floor]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            }
            "tcx/laps" => rate("tcx/bare-quick-xml", *bytes, *samples)
                .map(|(base, _)| format!("{:.2}× bare quick-xml", mb / base)),
            writer if writer.starts_with("write/") && !writer.ends_with("-read-back") => rows
                .iter()
                .find(|(other, ..)| *other == format!("{writer}-read-back"))
                .and_then(|(other, bytes, samples)| rate(other, *bytes, *samples))
                // Same bytes both ways, so the MB/s ratio is the time ratio per file.
                .map(|(base, _)| format!("{:.2}× reading it back", mb / base)),
            _ => None,
        };
        println!(
            "| {id} | {:.1} MB | {mb:.1} | {:.2}M | {} |",
            *bytes as f64 / 1e6,
            per_s / 1e6,
            ratio.unwrap_or_default()
        );
    }
}
