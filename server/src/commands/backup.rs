//! `laps backup FILE`: a consistent copy of a SQLite instance, taken while the server runs and
//! writes, in the file format of [`super::backup_file`].
//!
//! The copy is `VACUUM INTO` a temporary folder beside FILE (one read transaction: every upload
//! committed before it is in, none after), its counts are read from the copy itself, and the
//! zip is written there too, synced, and renamed over FILE: FILE is either the whole backup
//! or untouched, never half written. Postgres deployments use `pg_dump` (README, "Backups").

use std::{
    fs::File,
    path::{Path, PathBuf},
};

use anyhow::{Context as _, bail};
use clap::Args;
use db::{Backend, DatabaseUrl, Db};

use super::backup_file::{self, DATABASE, FORMAT, FORMAT_VERSION, Manifest};
use crate::config::Config;

/// What `laps backup` and `laps restore` answer for a Postgres database.
pub const POSTGRES_REFUSAL: &str = "on Postgres, back up with pg_dump and restore with \
    pg_restore: see the README, section \"Backups\" (Postgres)";

/// `laps backup FILE [--force]`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write (a zip: manifest.json and laps.db)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Replace FILE when it exists
    #[arg(long)]
    force: bool,
}

impl BackupArgs {
    /// Writes the backup and prints what it holds.
    pub async fn run(&self, config: &Config) -> anyhow::Result<()> {
        let source = sqlite_file(&config.database_url)?;
        if !source.is_file() {
            bail!("no database at {}: nothing to back up", source.display());
        }
        if self.file.exists() && !self.force {
            bail!("{} exists: pass --force to replace it", self.file.display());
        }
        let folder = match self.file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        };
        // Beside FILE, so the final rename stays on one file system; gone on any failure.
        let work = tempfile::Builder::new()
            .prefix(".laps-backup-")
            .tempdir_in(&folder)
            .with_context(|| {
                format!(
                    "Failed to create a temporary folder in {}",
                    folder.display()
                )
            })?;
        let snapshot = work.path().join(DATABASE);
        let manifest = copy_database(config, work.path()).await?;
        let counts = manifest.counts;
        let zip_path = work.path().join("backup.zip");
        let bytes = tokio::task::spawn_blocking({
            let (zip_path, snapshot, manifest) =
                (zip_path.clone(), snapshot.clone(), manifest.clone());
            move || -> anyhow::Result<u64> {
                let out = File::create(&zip_path)?;
                let out = backup_file::write(out, &manifest, &snapshot)?;
                out.sync_all()?;
                Ok(out.metadata()?.len())
            }
        })
        .await?
        .context("Failed to write the backup")?;
        std::fs::rename(&zip_path, &self.file)
            .with_context(|| format!("Failed to move the backup to {}", self.file.display()))?;
        // The rename is durable once the folder is.
        File::open(&folder)
            .and_then(|dir| dir.sync_all())
            .with_context(|| format!("Failed to sync {}", folder.display()))?;
        println!(
            "backup {}: {} accounts, {} workouts, {} laps, {} originals; migration {}; \
             {bytes} bytes",
            self.file.display(),
            counts.accounts,
            counts.workouts,
            counts.laps,
            counts.originals,
            manifest.migration,
        );
        Ok(())
    }
}

/// Copies the configured database into `work` as [`DATABASE`] and describes the copy: its
/// migration and counts are read from the copy itself, so the manifest says exactly what the
/// file holds.
async fn copy_database(config: &Config, work: &Path) -> anyhow::Result<Manifest> {
    let snapshot = work.join(DATABASE);
    let db = Db::connect(&config.database_url, 1)
        .await
        .with_context(|| format!("Failed to connect to the database {}", config.database_url))?;
    let copied = db.vacuum_into(&snapshot).await;
    db.close().await;
    copied.context("Failed to copy the database (VACUUM INTO)")?;

    let copy = Db::open_copy(&snapshot)
        .await
        .context("Failed to open the copy")?;
    let described = async {
        let migration = copy.applied_migrations().await?.last().copied();
        Ok::<_, db::DbError>((migration.unwrap_or(0), copy.store_counts().await?))
    }
    .await;
    copy.close().await;
    let (migration, counts) = described.context("Failed to read the copy")?;
    Ok(Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        laps_version: crate::VERSION.to_owned(),
        backend: "sqlite".to_owned(),
        migration,
        created_at: crate::iso8601::iso_utc(domain::Timestamp::now().unix_ms()),
        counts,
        database: backup_file::describe(DATABASE, &snapshot).context("Failed to read the copy")?,
    })
}

/// The SQLite file a database URL names; Postgres is refused with the README's recipe.
pub fn sqlite_file(url: &DatabaseUrl) -> anyhow::Result<PathBuf> {
    match url.backend() {
        Backend::Postgres => bail!("{POSTGRES_REFUSAL}"),
        Backend::Sqlite => url
            .sqlite_path()
            .with_context(|| format!("{url} names no database file")),
    }
}
