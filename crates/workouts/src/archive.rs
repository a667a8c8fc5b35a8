//! Zip archives: uploads expand into their entries (with limits), and the whole-account export
//! is written as a stream.

use std::io::{Read, Seek};

/// Limits on what one uploaded zip may expand to.
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
        Self {
            max_entries: 10_000,
            max_entry_bytes: 64 << 20,
            max_total_bytes: 2 << 30,
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

/// Whether the bytes are a zip archive.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Expands a zip into its files (folders and macOS metadata skipped). A broken archive as a
/// whole is an `Err`; a broken or oversized entry is an entry with an error.
pub fn expand(bytes: &[u8], limits: ZipLimits) -> Result<Vec<ZipEntry>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("the zip archive cannot be read: {e}"))?;
    if archive.len() > limits.max_entries {
        return Err(format!(
            "the zip archive has {} entries; at most {} are accepted per archive",
            archive.len(),
            limits.max_entries
        ));
    }
    let mut entries = Vec::new();
    let mut total = 0u64;
    for index in 0..archive.len() {
        let entry = read_entry(&mut archive, index, limits, &mut total)?;
        if let Some(entry) = entry {
            entries.push(entry);
        }
    }
    Ok(entries)
}

fn read_entry<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
    limits: ZipLimits,
    total: &mut u64,
) -> Result<Option<ZipEntry>, String> {
    let mut file = match archive.by_index(index) {
        Ok(file) => file,
        Err(e) => {
            return Ok(Some(ZipEntry {
                name: format!("entry {}", index + 1),
                bytes: Err(format!("this zip entry cannot be read: {e}")),
            }));
        }
    };
    // Names are only shown, never used as paths, so an odd one is harmless.
    let name = file
        .name()
        .map(std::borrow::Cow::into_owned)
        .unwrap_or_else(|_| format!("entry {}", index + 1));
    let base = name.rsplit('/').next().unwrap_or(&name);
    if file.is_dir() || name.starts_with("__MACOSX/") || base.starts_with('.') || base.is_empty() {
        return Ok(None);
    }
    // The declared size may lie; the read below is bounded whatever it says.
    let mut bytes = Vec::with_capacity(file.size().min(limits.max_entry_bytes) as usize);
    let read = (&mut file)
        .take(limits.max_entry_bytes + 1)
        .read_to_end(&mut bytes);
    let bytes = match read {
        Err(e) => Err(format!("this zip entry is damaged: {e}")),
        Ok(n) if n as u64 > limits.max_entry_bytes => Err(format!(
            "this zip entry is larger than {} MB once decompressed",
            limits.max_entry_bytes >> 20
        )),
        Ok(n) => {
            *total += n as u64;
            if *total > limits.max_total_bytes {
                return Err(format!(
                    "the zip archive expands to more than {} MB",
                    limits.max_total_bytes >> 20
                ));
            }
            Ok(bytes)
        }
    };
    Ok(Some(ZipEntry { name, bytes }))
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
