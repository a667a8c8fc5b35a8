//! The backup file `laps backup` writes and `laps restore` reads: a zip with two entries.
//!
//! - `manifest.json`, first: what the file is ([`FORMAT`], [`FORMAT_VERSION`]), the Laps
//!   release that wrote it, the backend, the schema's migration, when it was made, the
//!   database's row counts, and the size and SHA-256 of the database entry.
//! - `laps.db`: the SQLite database, a consistent copy (`VACUUM INTO`). It holds everything an
//!   instance has: accounts, sessions, settings and keys, workouts with their recordings and
//!   original files, gear, partners, tokens. The data directory holds nothing else that a
//!   restore needs.
//!
//! Any zip tool lists and extracts it; the manifest is plain JSON. A reader checks the
//! manifest, then the database entry's size, CRC-32 (the zip's) and SHA-256 (the manifest's),
//! so a truncated or damaged file is refused before anything is restored.

use std::{
    fs::File,
    io::{self, Read, Seek, Write},
    path::Path,
};

use sha2::{Digest as _, Sha256};

/// The manifest's `format`: says that a zip is a Laps backup.
pub const FORMAT: &str = "laps-backup";
/// The layout this release writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// The manifest's entry name.
const MANIFEST: &str = "manifest.json";
/// The database's entry name.
pub const DATABASE: &str = "laps.db";
/// The most a manifest may take: it is a few hundred bytes.
const MANIFEST_LIMIT: u64 = 1 << 20;

/// What a backup file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The layout's version, [`FORMAT_VERSION`] when this release wrote it.
    pub format_version: u32,
    /// The Laps release (and commit) that wrote it.
    pub laps_version: String,
    /// `sqlite`: the database entry's engine.
    pub backend: String,
    /// The last migration applied to the database.
    pub migration: i64,
    /// When the copy was taken (UTC, ISO 8601).
    pub created_at: String,
    /// How many rows the copy holds, by kind.
    pub counts: db::StoreCounts,
    /// The database entry.
    pub database: Entry,
}

/// One file in the backup.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// Its name in the zip.
    pub name: String,
    /// Its size.
    pub bytes: u64,
    /// Its SHA-256, hex.
    pub sha256: String,
}

/// Why a backup file cannot be written or read.
#[derive(Debug, thiserror::Error)]
pub enum BackupFileError {
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The file is not a zip, or its zip structure is damaged (a truncated file ends so).
    #[error("not a readable zip (truncated or damaged?): {0}")]
    Zip(#[from] zip::result::ZipError),
    /// The zip is not a Laps backup, or one this release cannot read; the text says why.
    #[error("{0}")]
    NotABackup(String),
    /// An entry's bytes are not the ones the manifest describes.
    #[error("{entry} is damaged: {why}")]
    Damaged {
        /// The entry.
        entry: String,
        /// What differs.
        why: String,
    },
}

/// Size and SHA-256 of a file, read once.
pub fn describe(name: &str, path: &Path) -> io::Result<Entry> {
    let mut hasher = Sha256::new();
    let bytes = io::copy(&mut File::open(path)?, &mut HashWriter(&mut hasher))?;
    Ok(Entry {
        name: name.to_owned(),
        bytes,
        sha256: domain::hex(&hasher.finalize()),
    })
}

/// Writes the backup into `out` (a new file): the manifest, then the database at `database`.
/// The caller makes it durable and puts it in place.
pub fn write(out: File, manifest: &Manifest, database: &Path) -> Result<File, BackupFileError> {
    let mut zip = zip::ZipWriter::new(out);
    let json = serde_json::to_vec_pretty(manifest)
        .map_err(|e| BackupFileError::NotABackup(e.to_string()))?;
    let options = options(&manifest.created_at);
    zip.start_file(MANIFEST, options)?;
    zip.write_all(&json)?;
    // ZIP64 when needed: a database can pass 4 GiB.
    zip.start_file(
        DATABASE,
        options.large_file(manifest.database.bytes >= u32::MAX.into()),
    )?;
    io::copy(&mut File::open(database)?, &mut zip)?;
    Ok(zip.finish()?)
}

/// The entries' options: dated `created_at` (`2026-12-02T07:01:03.759Z`), so that `unzip -l`
/// shows when the copy was taken.
fn options(created_at: &str) -> zip::write::SimpleFileOptions {
    // The fastest level: most of a database is recordings and originals, compressed already.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    let field = |range: std::ops::Range<usize>| created_at.get(range)?.parse::<u16>().ok();
    let date = (|| {
        let [month, day, hour, minute, second] = [5..7, 8..10, 11..13, 14..16, 17..19]
            .map(|r| field(r).and_then(|v| u8::try_from(v).ok()));
        zip::DateTime::from_date_and_time(field(0..4)?, month?, day?, hour?, minute?, second?).ok()
    })();
    match date {
        Some(date) => options.last_modified_time(date),
        None => options,
    }
}

/// A backup file opened for reading, its manifest read and checked.
pub struct BackupReader<R> {
    zip: zip::ZipArchive<R>,
    /// What the file says about itself.
    pub manifest: Manifest,
}

impl<R: Read + Seek> BackupReader<R> {
    /// Opens a backup and reads its manifest; refuses a file that is not a Laps backup of
    /// [`FORMAT_VERSION`] or less.
    pub fn open(reader: R) -> Result<Self, BackupFileError> {
        let mut zip = zip::ZipArchive::new(reader)?;
        let mut json = Vec::new();
        match zip.by_name(MANIFEST) {
            Ok(entry) => entry.take(MANIFEST_LIMIT).read_to_end(&mut json)?,
            Err(zip::result::ZipError::FileNotFound) => {
                return Err(BackupFileError::NotABackup(format!(
                    "no {MANIFEST}: not a Laps backup"
                )));
            }
            Err(e) => return Err(e.into()),
        };
        let manifest: Manifest = serde_json::from_slice(&json).map_err(|e| {
            BackupFileError::NotABackup(format!("{MANIFEST} is not a Laps manifest: {e}"))
        })?;
        if manifest.format != FORMAT {
            return Err(BackupFileError::NotABackup(format!(
                "{MANIFEST} says {:?}, not {FORMAT:?}",
                manifest.format
            )));
        }
        if manifest.format_version > FORMAT_VERSION {
            return Err(BackupFileError::NotABackup(format!(
                "backup format {} is newer than this Laps reads ({FORMAT_VERSION}): \
                 restore it with the release that wrote it ({})",
                manifest.format_version, manifest.laps_version
            )));
        }
        if manifest.backend != "sqlite" || manifest.database.name != DATABASE {
            return Err(BackupFileError::NotABackup(format!(
                "the backup holds a {} database as {:?}; this Laps restores SQLite's {DATABASE}",
                manifest.backend, manifest.database.name
            )));
        }
        Ok(Self { zip, manifest })
    }

    /// Copies the database entry to `out`, checking its size, CRC-32 and SHA-256 against the
    /// manifest's.
    pub fn extract_database(&mut self, out: &mut impl Write) -> Result<(), BackupFileError> {
        let expected = self.manifest.database.clone();
        let damaged = |why: String| BackupFileError::Damaged {
            entry: expected.name.clone(),
            why,
        };
        let mut entry = match self.zip.by_name(&expected.name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => {
                return Err(damaged("missing from the zip".to_owned()));
            }
            Err(e) => return Err(e.into()),
        };
        let mut hasher = Sha256::new();
        let mut tee = Tee {
            out,
            hasher: &mut hasher,
        };
        // The zip reader checks the CRC-32 when the entry is read to its end.
        let bytes = io::copy(&mut (&mut entry).take(expected.bytes + 1), &mut tee)
            .map_err(|e| damaged(e.to_string()))?;
        if bytes != expected.bytes {
            return Err(damaged(format!(
                "{bytes} bytes where the manifest says {}",
                expected.bytes
            )));
        }
        let sha256 = domain::hex(&hasher.finalize());
        if sha256 != expected.sha256 {
            return Err(damaged("its SHA-256 is not the manifest's".to_owned()));
        }
        Ok(())
    }
}

/// Feeds what is written to a hasher.
struct HashWriter<'a>(&'a mut Sha256);

impl Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes to `out` and a hasher at once.
struct Tee<'a, W> {
    out: &'a mut W,
    hasher: &'a mut Sha256,
}

impl<W: Write> Write for Tee<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.out.write(buf)?;
        self.hasher.update(&buf[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(database: Entry) -> Manifest {
        Manifest {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            laps_version: "test".to_owned(),
            backend: "sqlite".to_owned(),
            migration: 16,
            created_at: "2026-01-01T00:00:00Z".to_owned(),
            counts: db::StoreCounts {
                accounts: 1,
                workouts: 2,
                laps: 3,
                originals: 2,
            },
            database,
        }
    }

    fn backup_of(content: &[u8]) -> (tempfile::TempDir, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("laps.db");
        std::fs::write(&db, content).unwrap();
        let entry = describe(DATABASE, &db).unwrap();
        let out = dir.path().join("backup.zip");
        write(File::create(&out).unwrap(), &manifest(entry), &db).unwrap();
        let bytes = std::fs::read(&out).unwrap();
        (dir, bytes)
    }

    #[test]
    fn a_backup_reads_back_its_manifest_and_database() {
        let content = b"SQLite format 3\0 and pages".repeat(1000);
        let (_dir, bytes) = backup_of(&content);
        let mut zip = zip::ZipArchive::new(io::Cursor::new(bytes.clone())).unwrap();
        let dated = zip.by_name(DATABASE).unwrap().last_modified().unwrap();
        assert_eq!((dated.year(), dated.month(), dated.day()), (2026, 1, 1));
        let mut reader = BackupReader::open(io::Cursor::new(bytes)).unwrap();
        assert_eq!(reader.manifest.counts.workouts, 2);
        let mut out = Vec::new();
        reader.extract_database(&mut out).unwrap();
        assert_eq!(out, content);
    }

    #[test]
    fn a_truncated_backup_is_refused() {
        let (_dir, mut bytes) = backup_of(&b"pages".repeat(10_000));
        bytes.truncate(bytes.len() / 2);
        let refused = BackupReader::open(io::Cursor::new(bytes)).err().unwrap();
        assert!(matches!(refused, BackupFileError::Zip(_)), "{refused}");
    }

    #[test]
    fn a_zip_of_something_else_is_not_a_backup() {
        let zip = workouts::archive::zip_files(&[("run.fit", b"x")]);
        let refused = BackupReader::open(io::Cursor::new(zip)).err().unwrap();
        assert_eq!(refused.to_string(), "no manifest.json: not a Laps backup");
    }
}
