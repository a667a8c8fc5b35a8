//! `laps check`: reads the whole store and reports whether it holds what it was given (see
//! [`workouts::check`]). Safe while the server runs: it only reads, and applies no migration.
//!
//! The report goes to standard output, the same for the same data (no times); the exit status
//! is 0 when it lists no problem and 1 otherwise, for cron, a systemd timer or a restore drill.

use anyhow::{Context as _, bail};

use crate::config::Config;

/// `laps check`: prints the report; fails when it names a problem.
pub async fn check(config: &Config) -> anyhow::Result<()> {
    let db = match config.database_url.sqlite_path() {
        // Read-only: the file is left exactly as it is (a restored copy included), and a
        // missing one is not created empty and reported on.
        Some(file) => {
            if !file.is_file() {
                bail!("no database at {}: nothing to check", file.display());
            }
            db::Db::open_read_only(&file).await
        }
        None => db::Db::connect(&config.database_url, 2).await,
    }
    .with_context(|| format!("Failed to connect to the database {}", config.database_url))?;
    let report = workouts::check::check(&db, config.limits.max_file_bytes).await;
    db.close().await;
    let report = report.context("Failed to read the store")?;
    print!("{report}");
    if !report.is_clean() {
        bail!("{} problems found", report.problems.len());
    }
    Ok(())
}
