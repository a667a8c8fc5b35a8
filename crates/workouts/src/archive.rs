//! Zip archives: uploads expand into their entries (with limits), and the whole-account export
//! is written as a stream.

use std::io::{Read, Seek};

/// Limits on what [`expand`] may expand a zip to.
#[derive(Debug, Clone, Copy)]
pub struct ZipLimits {
    /// Most entries read from one archive.
    pub max_entries: usize,
    /// Largest single entry, bytes once decompressed.
    pub max_entry_bytes: u64,
    /// Largest total of all entries, bytes once decompressed.
    pub max_total_bytes: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        let limits = crate::Limits::default();
        Self {
            max_entries: limits.max_items,
            max_entry_bytes: limits.max_file_bytes,
            max_total_bytes: limits.decompression_budget,
        }
    }
}

/// One file inside a zip, or why it cannot be read.
#[derive(Debug)]
pub struct ZipEntry {
    /// Its path inside the archive.
    pub name: String,
    /// Its bytes, or what is wrong with it (in words for the uploader).
    pub bytes: Result<Vec<u8>, String>,
}

/// Why one entry could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    /// It decompresses to more than the limit it was read with.
    TooLarge,
    /// It cannot be decompressed; the text says why, for the uploader.
    Damaged(String),
}

/// Whether the bytes are a zip archive.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The name an entry is shown under: its path inside the archive with Windows separators made
/// `/` (archives made on Windows store `a\\b.fit`), or its number when the name is unreadable.
/// Names are only shown, never used as paths.
fn entry_name<R: Read + Seek>(archive: &zip::ZipArchive<R>, index: usize) -> String {
    match archive.name_for_index(index) {
        Some(Ok(name)) => name.replace('\\', "/"),
        _ => format!("entry {}", index + 1),
    }
}

/// An opened archive and its files as (index, name).
pub type Listing<R> = (zip::ZipArchive<R>, Vec<(usize, String)>);

/// Opens a zip and lists its files (folders and macOS metadata skipped) as (index, name),
/// reading only its directory. More than `max_entries` files refuse the archive.
pub fn list<R: Read + Seek>(reader: R, max_entries: usize) -> Result<Listing<R>, String> {
    let archive =
        zip::ZipArchive::new(reader).map_err(|e| format!("the zip archive cannot be read: {e}"))?;
    if archive.len() > max_entries {
        return Err(format!(
            "the zip archive has {} entries; at most {max_entries} are accepted per upload",
            archive.len(),
        ));
    }
    let entries = (0..archive.len())
        .map(|index| (index, entry_name(&archive, index)))
        .filter(|(_, name)| {
            let base = name.rsplit('/').next().unwrap_or(name);
            !(name.ends_with('/')
                || name.starts_with("__MACOSX/")
                || base.starts_with('.')
                || base.is_empty())
        })
        .collect();
    Ok((archive, entries))
}

/// Decompresses one entry, refusing more than `limit` bytes of output whatever its header
/// claims (the declared size may lie; the read is bounded regardless).
pub fn read_entry<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
    limit: u64,
) -> Result<Vec<u8>, EntryError> {
    let file = archive
        .by_index(index)
        .map_err(|e| EntryError::Damaged(format!("this zip entry cannot be read: {e}")))?;
    let mut bytes = Vec::with_capacity(file.size().min(limit).min(16 << 20) as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| EntryError::Damaged(format!("this zip entry is damaged: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(EntryError::TooLarge);
    }
    Ok(bytes)
}

/// Decompresses the first `n` bytes of one entry (enough to tell what kind of file it is
/// without inflating all of it); `true` with them when that is the whole entry.
pub fn read_head<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
    n: u64,
) -> Result<(Vec<u8>, bool), EntryError> {
    let file = archive
        .by_index(index)
        .map_err(|e| EntryError::Damaged(format!("this zip entry cannot be read: {e}")))?;
    let mut bytes = Vec::with_capacity(file.size().min(n + 1) as usize);
    file.take(n + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| EntryError::Damaged(format!("this zip entry is damaged: {e}")))?;
    let whole = bytes.len() as u64 <= n;
    bytes.truncate(n as usize);
    Ok((bytes, whole))
}

/// Decompresses one entry into an anonymous temporary file (an archive inside an archive, too
/// large to hold in memory; the file is gone when it is dropped), refusing more than `limit`
/// bytes of output whatever its header claims. Returns the file, rewound, and its size.
pub fn spool_entry<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
    limit: u64,
) -> Result<(std::fs::File, u64), EntryError> {
    use std::io::SeekFrom;
    let entry = archive
        .by_index(index)
        .map_err(|e| EntryError::Damaged(format!("this zip entry cannot be read: {e}")))?;
    let mut file = tempfile::tempfile().map_err(|e| {
        tracing::warn!(error = %e, "a temporary file for an archive inside an archive");
        EntryError::Damaged("the server has no room to unpack this archive".to_owned())
    })?;
    let mut entry = entry.take(limit + 1);
    let mut buffer = vec![0; 64 << 10];
    let mut written = 0u64;
    loop {
        let n = entry
            .read(&mut buffer)
            .map_err(|e| EntryError::Damaged(format!("this zip entry is damaged: {e}")))?;
        if n == 0 {
            break;
        }
        // A write error is the server's disk, not the upload: said as such.
        std::io::Write::write_all(&mut file, &buffer[..n]).map_err(|e| {
            tracing::warn!(error = %e, "spooling an archive inside an archive");
            EntryError::Damaged("the server has no room to unpack this archive".to_owned())
        })?;
        written += n as u64;
        if written > limit {
            return Err(EntryError::TooLarge);
        }
    }
    file.seek(SeekFrom::Start(0)).map_err(|e| {
        tracing::warn!(error = %e, "rewinding a spooled archive");
        EntryError::Damaged("the server could not read back this archive".to_owned())
    })?;
    Ok((file, written))
}

/// Expands a whole zip into its files, in memory: for reading back small archives (an
/// export, a pair's original). Uploads are read entry by entry instead (see
/// [`crate::upload`]). A broken archive as a whole is an `Err`; a broken or oversized entry is
/// an entry with an error.
pub fn expand(bytes: &[u8], limits: ZipLimits) -> Result<Vec<ZipEntry>, String> {
    let (mut archive, names) = list(std::io::Cursor::new(bytes), limits.max_entries)?;
    let mut entries = Vec::with_capacity(names.len());
    let mut total = 0u64;
    for (index, name) in names {
        let limit = limits.max_entry_bytes.min(limits.max_total_bytes - total);
        let bytes = match read_entry(&mut archive, index, limit) {
            Ok(bytes) => {
                total += bytes.len() as u64;
                Ok(bytes)
            }
            Err(EntryError::TooLarge) if limit < limits.max_entry_bytes => {
                return Err(format!(
                    "the zip archive expands to more than {} MB",
                    limits.max_total_bytes >> 20
                ));
            }
            Err(EntryError::TooLarge) => Err(format!(
                "this zip entry is larger than {} MB once decompressed",
                limits.max_entry_bytes >> 20
            )),
            Err(EntryError::Damaged(why)) => Err(why),
        };
        entries.push(ZipEntry { name, bytes });
    }
    Ok(entries)
}

/// Builds a small zip in memory (for a merged HRM + GPX pair's original files).
pub fn zip_files(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        // Writing to memory cannot fail short of allocation failure.
        writer.start_file(*name, options).expect("zip to memory");
        writer.write_all(bytes).expect("zip to memory");
    }
    writer.finish().expect("zip to memory").into_inner()
}
