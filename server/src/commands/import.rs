//! `laps import --user NAME PATH...`: bulk import from disk through the same code as uploads.

use std::{
    io::{IsTerminal as _, Write as _},
    path::{Path, PathBuf},
    time::Instant,
};

use anyhow::{Context as _, bail};
use clap::Args;
use futures::StreamExt as _;
use workouts::{FileResult, Outcome, Upload, Workouts};

use crate::{config::Config, startup};

/// `laps import --user NAME PATH...`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Whose workouts these are
    #[arg(long, value_name = "NAME")]
    user: String,
    /// Files and folders
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Print every file's result as JSON on standard output
    #[arg(long)]
    json: bool,
}

/// How many files are parsed and stored at once: two per core, so every core has a file to
/// parse while another waits on the database, at least 4, and at most 16: each holds one file
/// of at most the upload limit, decoded, so memory grows with this and not with the folder.
fn parallel() -> usize {
    std::thread::available_parallelism().map_or(4, |n| (2 * n.get()).clamp(4, 16))
}

/// What the import did, for the summary line and the exit code.
#[derive(Debug, Default)]
pub struct ImportSummary {
    /// Files (or pairs) processed.
    pub files: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Workouts created.
    pub imported: usize,
    /// Files already imported before.
    pub duplicates: usize,
    /// Activities of a service's export stored before from elsewhere, linked to it.
    pub linked: usize,
    /// Files refused.
    pub refused: usize,
}

/// Every file under the paths (folders recursively, hidden files skipped), sorted.
fn collect(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = paths.to_vec();
    while let Some(path) = stack.pop() {
        let meta = std::fs::metadata(&path).with_context(|| format!("{}", path.display()))?;
        if meta.is_dir() {
            for entry in std::fs::read_dir(&path).with_context(|| format!("{}", path.display()))? {
                let entry = entry?;
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    stack.push(entry.path());
                }
            }
        } else {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Groups paths into jobs: an unpacked account export (told by its layout, as a zip's is) as
/// one, an HRM with its GPX (same folder) together, everything else alone.
fn jobs(mut files: Vec<PathBuf>) -> Vec<Vec<PathBuf>> {
    let mut jobs = Vec::new();
    loop {
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        let Some(root) = workouts::unpacked_export(names.iter().map(String::as_str)) else {
            break;
        };
        let (export, rest) = files
            .into_iter()
            .zip(names)
            .partition::<Vec<_>, _>(|(_, name)| name.starts_with(&root));
        jobs.push(export.into_iter().map(|(file, _)| file).collect());
        files = rest.into_iter().map(|(file, _)| file).collect();
    }
    let mut by_dir: std::collections::BTreeMap<PathBuf, Vec<PathBuf>> = Default::default();
    for file in files {
        by_dir
            .entry(file.parent().map(Path::to_path_buf).unwrap_or_default())
            .or_default()
            .push(file);
    }
    for (_, files) in by_dir {
        let names: Vec<String> = files
            .iter()
            .map(|f| {
                f.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        for (first, second) in workouts::pair_names(&refs) {
            let mut job = vec![files[first].clone()];
            job.extend(second.map(|j| files[j].clone()));
            jobs.push(job);
        }
    }
    jobs
}

async fn run_job(
    service: &Workouts,
    user: domain::UserId,
    job: Vec<PathBuf>,
) -> (u64, Vec<FileResult>) {
    // Files are read when their turn comes (the plan loads one at a time).
    let bytes = job
        .iter()
        .filter_map(|path| std::fs::metadata(path).ok())
        .map(|m| m.len())
        .sum();
    let uploads: Vec<Upload> = job
        .iter()
        .map(|path| Upload::path(path.display().to_string(), path.clone()))
        .collect();
    // A job is one file or an HRM + GPX pair (paired by folder and stem above, which the
    // service's own pairing agrees with); zips are expanded entry by entry.
    let results = match service.import(user, uploads).await {
        Ok(results) => results,
        Err(e) => {
            tracing::error!(error = ?e, "import failed");
            vec![FileResult {
                file: job[0].display().to_string(),
                outcome: Outcome::Refused {
                    error: "could not be stored (see the log)".to_owned(),
                },
            }]
        }
    };
    (bytes, results)
}

fn progress(done: usize, total: usize, s: &ImportSummary, started: Instant) {
    let width = 30;
    let filled = (done * width)
        .checked_div(total)
        .unwrap_or(width)
        .min(width);
    let secs = started.elapsed().as_secs_f64().max(0.001);
    let line = format!(
        "\r[{}{}] {done}/{total} files · {:.1} MB · {:.0} files/s · imported {} · duplicate {} · refused {} ",
        "#".repeat(filled),
        ".".repeat(width - filled),
        s.bytes as f64 / 1e6,
        done as f64 / secs,
        s.imported,
        s.duplicates,
        s.refused
    );
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(line.as_bytes());
    let _ = err.flush();
}

impl ImportArgs {
    /// Imports the files for the user through [`import`].
    pub async fn run(&self, config: &Config) -> anyhow::Result<()> {
        import(config, &self.user, &self.paths, self.json).await
    }
}

/// `laps import`: prints refused files as they come, a progress bar when standard error is a
/// terminal, and a summary. Fails (exit 1) when any file was refused.
async fn import(config: &Config, user: &str, paths: &[PathBuf], json: bool) -> anyhow::Result<()> {
    let db = startup::connect(config).await?;
    let name = domain::Username::parse(user).map_err(|e| anyhow::anyhow!("{user:?}: {e}"))?;
    let accounts = auth::Accounts::new(db.clone(), config.throttle);
    let Some(account) = accounts.user_named(&name).await? else {
        bail!("there is no user {user:?} (create one with `laps user add {user}`)");
    };
    let user_id = account.id;
    let files = collect(paths)?;
    let jobs = jobs(files);
    let total = jobs.len();
    let service = Workouts::with_limits(db.clone(), config.limits);
    // The zone polygons load on the second core while the first files are planned and read.
    service.load_zone_lookup_in_background();
    let bar = std::io::stderr().is_terminal() && !json;
    let started = Instant::now();
    let mut summary = ImportSummary::default();
    let mut counted = domain::UploadSummary::default();
    let mut all = Vec::new();
    let mut stream = futures::stream::iter(jobs)
        .map(|job| run_job(&service, user_id, job))
        .buffer_unordered(parallel());
    while let Some((bytes, results)) = stream.next().await {
        summary.files += 1;
        summary.bytes += bytes;
        for result in results {
            counted.add(&result.outcome);
            match &result.outcome {
                Outcome::Imported { workout_ids, .. } => summary.imported += workout_ids.len(),
                Outcome::Duplicate { .. } => summary.duplicates += 1,
                Outcome::Linked { .. } => summary.linked += 1,
                Outcome::Refused { error } => {
                    summary.refused += 1;
                    let line = format!(
                        "{}refused: {}: {error}\n",
                        if bar { "\r\x1b[K" } else { "" },
                        result.file
                    );
                    let _ = std::io::stderr().write_all(line.as_bytes());
                }
                Outcome::Days { refused, .. } | Outcome::Gear { refused, .. } => {
                    for why in refused {
                        let line = format!(
                            "{}entry refused: {}: {why}\n",
                            if bar { "\r\x1b[K" } else { "" },
                            result.file
                        );
                        let _ = std::io::stderr().write_all(line.as_bytes());
                    }
                }
                Outcome::Skipped { .. } | Outcome::Settings { .. } => {}
            }
            if json {
                all.push(result);
            }
        }
        if bar {
            progress(summary.files, total, &summary, started);
        }
    }
    drop(stream);
    // Many files at once: the planner learns of them now, not when autovacuum comes by.
    if summary.imported >= 100 {
        service.refresh_statistics().await;
    }
    db.close().await;
    let secs = started.elapsed().as_secs_f64().max(0.001);
    if bar {
        let _ = std::io::stderr().write_all(b"\n");
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "files": all }))?
        );
    }
    // Links are named only when there are some: the line's shape is what scripts read.
    let linked = match summary.linked {
        0 => String::new(),
        n => format!(", {n} linked"),
    };
    println!(
        "{} files ({:.1} MB) in {secs:.1} s ({:.0} files/s, {:.1} MB/s): {} workouts imported, {} duplicates{linked}, {} refused",
        summary.files,
        summary.bytes as f64 / 1e6,
        summary.files as f64 / secs,
        summary.bytes as f64 / 1e6 / secs,
        summary.imported,
        summary.duplicates,
        summary.refused
    );
    println!(
        "In all: {}",
        i18n::upload_summary(domain::Language::En, &counted)
    );
    if summary.refused > 0 {
        bail!(
            "{} of {} files were refused",
            summary.refused,
            summary.files
        );
    }
    Ok(())
}
