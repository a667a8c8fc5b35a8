//! `laps restore FILE`: a backup written by `laps backup`, put in place as the database of an
//! empty data directory.
//!
//! Nothing is written where the database goes until the backup has proven whole: the manifest
//! is read and checked, the database entry is extracted into a temporary folder beside the
//! target with its size, CRC-32 and SHA-256 checked, SQLite's integrity and foreign-key checks
//! pass on it, and its migration and row counts are the manifest's. Only then is it synced
//! and renamed into place. Migrations newer than the backup apply when `laps serve` (or `laps
//! migrate`) next opens it, as after any upgrade.

use std::{
    fs::{self, File},
    path::{Path, PathBuf},
};

use anyhow::{Context as _, bail};
use clap::Args;
use db::Db;

use super::{
    backup::sqlite_file,
    backup_file::{BackupReader, DATABASE, Manifest},
};
use crate::config::Config;

/// `laps restore FILE`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file (written by `laps backup`)
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

impl RestoreArgs {
    /// Restores the backup and prints what it held.
    pub async fn run(&self, config: &Config) -> anyhow::Result<()> {
        let target = sqlite_file(&config.database_url)?;
        refuse_data(&target).await?;
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        };
        // A folder made here goes again if the backup is refused: a refusal writes nothing.
        let made_folder = !folder.exists();
        let restored = self.restore_into(&folder, &target).await;
        if restored.is_err() && made_folder {
            fs::remove_dir(&folder).ok();
        }
        let manifest = restored?;
        let c = manifest.counts;
        println!(
            "restored {} into {}: {} accounts, {} workouts, {} laps, {} originals; migration {} \
             (backup of {} by Laps {})",
            self.file.display(),
            target.display(),
            c.accounts,
            c.workouts,
            c.laps,
            c.originals,
            manifest.migration,
            manifest.created_at,
            manifest.laps_version,
        );
        Ok(())
    }

    async fn restore_into(&self, folder: &Path, target: &Path) -> anyhow::Result<Manifest> {
        let file = File::open(&self.file)
            .with_context(|| format!("Failed to open {}", self.file.display()))?;
        let mut reader = BackupReader::open(file)
            .with_context(|| format!("{} is refused", self.file.display()))?;
        fs::create_dir_all(folder)
            .with_context(|| format!("Failed to create {}", folder.display()))?;
        let work = tempfile::Builder::new()
            .prefix(".laps-restore-")
            .tempdir_in(folder)
            .with_context(|| {
                format!(
                    "Failed to create a temporary folder in {}",
                    folder.display()
                )
            })?;
        let staged = work.path().join(DATABASE);
        let manifest = reader.manifest.clone();
        tokio::task::spawn_blocking({
            let staged = staged.clone();
            move || -> anyhow::Result<()> {
                let mut out = File::create(&staged)?;
                reader.extract_database(&mut out)?;
                out.sync_all()?;
                Ok(())
            }
        })
        .await?
        .with_context(|| format!("{} is refused", self.file.display()))?;

        verify(work.path(), &manifest)
            .await
            .with_context(|| format!("{} is refused", self.file.display()))?;

        // An empty database there (one `laps migrate` made) gives way, with its journal files.
        for stale in [DATABASE_WAL, DATABASE_SHM].map(|suffix| sibling(target, suffix)) {
            match fs::remove_file(&stale) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(e).with_context(|| format!("Failed to remove {}", stale.display()));
                }
                _ => {}
            }
        }
        fs::rename(&staged, target)
            .with_context(|| format!("Failed to move the database to {}", target.display()))?;
        File::open(folder)
            .and_then(|dir| dir.sync_all())
            .with_context(|| format!("Failed to sync {}", folder.display()))?;
        Ok(manifest)
    }
}

const DATABASE_WAL: &str = "-wal";
const DATABASE_SHM: &str = "-shm";

/// `laps.db` + `-wal`: SQLite's journal files sit beside the database under its name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Refuses a target that holds a database with an account: a restore never replaces data.
async fn refuse_data(target: &Path) -> anyhow::Result<()> {
    if !target.exists() {
        return Ok(());
    }
    let db = Db::open_read_only(target)
        .await
        .with_context(|| format!("Failed to open {}", target.display()))?;
    let empty = db.is_empty().await;
    db.close().await;
    if !empty.with_context(|| format!("Failed to read {}", target.display()))? {
        bail!(
            "{} already holds a Laps database with accounts: restore only into an empty data \
             directory (stop the server and move that database away first)",
            target.display()
        );
    }
    Ok(())
}

/// Checks the staged database in `folder`: SQLite's own checks, then the manifest's migration
/// and counts.
async fn verify(folder: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    let db = Db::open_copy(&folder.join(DATABASE))
        .await
        .context("the database in it cannot be opened")?;
    let checked = async {
        let problems = db.storage_problems().await?;
        let migration = db.applied_migrations().await?.last().copied().unwrap_or(0);
        let known = db.known_migrations().last().map_or(0, |(v, _)| *v);
        Ok::<_, db::DbError>((problems, migration, known, db.store_counts().await?))
    }
    .await;
    db.close().await;
    let (problems, migration, known, counts) =
        checked.context("the database in it cannot be read")?;
    if !problems.is_empty() {
        bail!(
            "its database fails SQLite's integrity check: {}",
            problems.join("; ")
        );
    }
    if migration != manifest.migration {
        bail!(
            "its database is at migration {migration}, its manifest says {}",
            manifest.migration
        );
    }
    if migration > known {
        bail!(
            "it was made by a newer Laps (migration {migration}; this one knows up to {known}): \
             restore it with Laps {} or later",
            manifest.laps_version
        );
    }
    if counts != manifest.counts {
        bail!(
            "its database holds {counts:?}, its manifest says {:?}",
            manifest.counts
        );
    }
    Ok(())
}
