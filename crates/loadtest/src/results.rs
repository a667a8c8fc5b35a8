//! The benchmark's results: every measurement of `scripts/bench-load` is appended to one file
//! as a JSON line, and `laps-load report` turns that file into the README's tables, each
//! figure as a ratio to its baseline from the same run, SQLite and Postgres side by side.

use std::{collections::BTreeMap, io::Write as _, path::PathBuf};

use anyhow::Context as _;
use serde_json::{Value, json};

use crate::http::{Timing, Uploaded};

/// Where measurements go: a JSON-lines file, each line tagged with the backend measured.
#[derive(Debug, Clone)]
pub struct Sink {
    /// The file appended to.
    pub path: PathBuf,
    /// `sqlite`, `postgres`, or `-` for what does not touch a database (`laps inspect`).
    pub backend: String,
}

impl Sink {
    fn append(&self, mut record: Value) -> anyhow::Result<()> {
        record["backend"] = json!(self.backend);
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .with_context(|| format!("{}", self.path.display()))?;
        writeln!(file, "{record}")?;
        Ok(())
    }

    /// A run of requests to one page or view. A workout's id in a path is written as `{id}`:
    /// the same workout has another id on each backend.
    pub fn timing(&self, name: &str, clients: usize, t: &Timing) -> anyhow::Result<()> {
        let name = match name.split_once("/workouts/") {
            Some((before, after)) if after.starts_with(|c: char| c.is_ascii_digit()) => {
                let rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
                format!("{before}/workouts/{{id}}{rest}")
            }
            _ => name.to_owned(),
        };
        self.append(json!({
            "kind": "timing", "name": name, "clients": clients, "requests": t.requests,
            "rate": t.rate, "p50": t.server_p50, "p99": t.server_p99,
            "trip_p50": t.trip_p50, "trip_p99": t.trip_p99,
        }))
    }

    /// A run over files: an upload (with the server's own time) or a command.
    pub fn run(&self, name: &str, u: &Uploaded) -> anyhow::Result<()> {
        self.append(json!({
            "kind": "run", "name": name, "files": u.files, "mb": u.mb, "secs": u.secs,
            "server_ms": u.server_ms,
        }))
    }
}

/// The measurements of one file, by (kind, name, backend, clients).
struct Results(Vec<Value>);

impl Results {
    fn find(&self, kind: &str, name: &str, backend: &str, clients: Option<u64>) -> Option<&Value> {
        // The last one wins: a rerun appended to the same file replaces what it measured.
        self.0.iter().rev().find(|r| {
            r["kind"] == kind
                && r["name"] == name
                && (r["backend"] == backend || r["backend"] == "-")
                && clients.is_none_or(|c| r["clients"] == c)
        })
    }

    fn p99(&self, name: &str, backend: &str, clients: u64) -> Option<f64> {
        self.find("timing", name, backend, Some(clients))?["p99"].as_f64()
    }

    fn run(&self, name: &str, backend: &str) -> Option<&Value> {
        self.find("run", name, backend, None)
    }

    fn files_per_s(&self, name: &str, backend: &str) -> Option<f64> {
        let r = self.run(name, backend)?;
        Some(r["files"].as_f64()? / r["secs"].as_f64()?)
    }

    /// Server ms per MB for an upload, wall ms per MB for a command (no server).
    fn ms_per_mb(&self, name: &str, backend: &str) -> Option<f64> {
        let r = self.run(name, backend)?;
        let ms = match r["server_ms"].as_f64() {
            Some(ms) if ms > 0.0 => ms,
            _ => r["secs"].as_f64()? * 1000.0,
        };
        Some(ms / r["mb"].as_f64()?)
    }
}

/// A ratio the issue sets a target for: what, against what, how it is worked out.
struct Ratio {
    what: &'static str,
    against: &'static str,
    target: &'static str,
    value: fn(&Results, &str) -> Option<f64>,
}

const RATIOS: &[Ratio] = &[
    Ratio {
        what: "the workout view (the 4-hour ride's page and what it loads on every view), server p99, 4 clients",
        against: "the page alone",
        target: "≤ 1.5×",
        value: |r, b| Some(r.p99("workout page + its loads", b, 4)? / r.p99("workout page", b, 4)?),
    },
    Ratio {
        what: "the same on a first visit (also the style sheet, scripts and icon the browser then keeps)",
        against: "the page alone",
        target: "",
        value: |r, b| {
            Some(r.p99("workout page, first visit", b, 4)? / r.p99("workout page", b, 4)?)
        },
    },
    Ratio {
        what: "the workout page, server p99, 8 clients",
        against: "4 clients",
        target: "≤ 2×",
        value: |r, b| Some(r.p99("workout page", b, 8)? / r.p99("workout page", b, 4)?),
    },
    Ratio {
        what: "uploading 4-hour FIT rides, server ms per MB",
        against: "`laps inspect` ms per MB, same files",
        target: "≤ 1.3×",
        value: |r, b| Some(r.ms_per_mb("upload fit", b)? / r.ms_per_mb("inspect fit", b)?),
    },
    Ratio {
        what: "uploading 4-hour TCX rides, server ms per MB",
        against: "`laps inspect` ms per MB, same files",
        target: "≤ 1.3×",
        value: |r, b| Some(r.ms_per_mb("upload tcx", b)? / r.ms_per_mb("inspect tcx", b)?),
    },
    Ratio {
        what: "`laps import` of the corpus repeated, files/s",
        against: "`laps inspect` (one thread), files/s",
        target: "≥ 1.0×",
        value: |r, b| Some(r.files_per_s("import", b)? / r.files_per_s("inspect", b)?),
    },
    Ratio {
        what: "HTTP uploads of the corpus repeated (4 at once), files/s",
        against: "`laps inspect` (one thread), files/s",
        target: "",
        value: |r, b| Some(r.files_per_s("upload", b)? / r.files_per_s("inspect", b)?),
    },
];

fn cell(v: Option<f64>, unit: &str) -> String {
    v.map_or("–".to_owned(), |v| format!("{v:.2}{unit}"))
}

/// Prints the tables of a results file.
pub fn report(path: &std::path::Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let results = Results(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(serde_json::from_str)
            .collect::<Result<_, _>>()?,
    );
    let backends = ["sqlite", "postgres"];
    println!("| measure | against | SQLite | Postgres | target |");
    println!("|---|---|---:|---:|---|");
    for ratio in RATIOS {
        let [s, p] = backends.map(|b| cell((ratio.value)(&results, b), "×"));
        println!(
            "| {} | {} | {s} | {p} | {} |",
            ratio.what, ratio.against, ratio.target
        );
    }
    println!();
    println!(
        "| path | clients | SQLite p50 | SQLite p99 | Postgres p50 | Postgres p99 | Postgres ÷ SQLite (p99) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    // Each page in the order first measured.
    let mut seen = BTreeMap::new();
    for r in &results.0 {
        if r["kind"] == "timing" {
            let key = (
                r["name"].as_str().unwrap_or("").to_owned(),
                r["clients"].as_u64(),
            );
            let order = seen.len();
            seen.entry(key).or_insert(order);
        }
    }
    let mut pages: Vec<_> = seen.into_iter().collect();
    pages.sort_by_key(|(_, order)| *order);
    for ((name, clients), _) in pages {
        let at = |b: &str| results.find("timing", &name, b, clients);
        let stat = |b: &str, k: &str| at(b).and_then(|r| r[k].as_f64());
        let ratio = stat("postgres", "p99")
            .zip(stat("sqlite", "p99"))
            .map(|(p, s)| p / s);
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} |",
            clients.unwrap_or(0),
            cell(stat("sqlite", "p50"), " ms"),
            cell(stat("sqlite", "p99"), " ms"),
            cell(stat("postgres", "p50"), " ms"),
            cell(stat("postgres", "p99"), " ms"),
            cell(ratio, "×"),
        );
    }
    println!();
    println!(
        "| run | files | MB | SQLite files/s | SQLite MB/s | Postgres files/s | Postgres MB/s |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut names: Vec<&str> = Vec::new();
    for r in &results.0 {
        if let (Some("run"), Some(name)) = (r["kind"].as_str(), r["name"].as_str())
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    for name in names {
        let Some(any) = results
            .run(name, "sqlite")
            .or_else(|| results.run(name, "postgres"))
        else {
            continue;
        };
        let mb_per_s = |b: &str| {
            let r = results.run(name, b)?;
            Some(r["mb"].as_f64()? / r["secs"].as_f64()?)
        };
        println!(
            "| {name} | {} | {:.1} | {} | {} | {} | {} |",
            any["files"],
            any["mb"].as_f64().unwrap_or(0.0),
            cell(results.files_per_s(name, "sqlite"), ""),
            cell(mb_per_s("sqlite"), ""),
            cell(results.files_per_s(name, "postgres"), ""),
            cell(mb_per_s("postgres"), ""),
        );
    }
    Ok(())
}
