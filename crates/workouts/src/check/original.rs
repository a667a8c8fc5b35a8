//! Whether a stored original still is the file its workout was imported from: its bytes,
//! read back the way the import hashed them, must give the stored content hash.
//!
//! The import hashes what it read, not what it keeps (see `ingest::Workouts::prepare`), so the
//! check retraces each form a file can have been kept in:
//! - a plain file or a synced sensor session: compressed for keeping (zstd, gzip before),
//!   hashed as it came;
//! - a gzipped upload: kept as it came, hashed once decompressed (or, before hashes were taken
//!   of decompressed content, as its own bytes);
//! - an HRM file with its GPX track: kept as one zip of the two, hashed as the pair;
//! - a service's manual entry: kept as the JSON Laps wrote, hashed by the service's key.

use crate::{
    archive,
    ingest::content_hash,
    service_export::{manual_from_original, manual_key},
};

/// Why an original does not match its stored hash.
pub(super) fn verify(stored_hash: &str, original_gz: &[u8], max_bytes: u64) -> Result<(), String> {
    // The old form first: it needs no decompression.
    if content_hash(&[original_gz]) == stored_hash {
        return Ok(());
    }
    let inflated = formats::packed::unpack(original_gz, max_bytes).map_err(|e| match e {
        formats::packed::PackError::NotPacked => "the original is neither zstd nor gzip".to_owned(),
        e => format!("the original does not decompress: {e}"),
    })?;
    if content_hash(&[&inflated]) == stored_hash {
        return Ok(());
    }
    let matches = if formats::is_gzip(&inflated) {
        formats::gunzip(&inflated, max_bytes)
            .is_ok_and(|content| content_hash(&[&content]) == stored_hash)
    } else if archive::is_zip(&inflated) {
        pair_hash(&inflated, max_bytes).is_some_and(|hash| hash == stored_hash)
    } else {
        manual_from_original(&inflated).is_some_and(|entry| {
            content_hash(&[b"manual entry", manual_key(&entry).as_bytes()]) == stored_hash
        })
    };
    if matches {
        Ok(())
    } else {
        Err("the original's content does not match its stored hash".to_owned())
    }
}

/// The hash of an HRM + GPX pair kept as one zip, as the import took it (HRM first).
fn pair_hash(zip: &[u8], max_bytes: u64) -> Option<String> {
    let (mut zip, entries) = archive::list(std::io::Cursor::new(zip), 2).ok()?;
    let names: Vec<&str> = entries.iter().map(|(_, n)| n.as_str()).collect();
    let [(hrm, Some(gpx))] = domain::pair_names(&names)[..] else {
        return None;
    };
    let hrm = archive::read_entry(&mut zip, entries[hrm].0, max_bytes).ok()?;
    let gpx = archive::read_entry(&mut zip, entries[gpx].0, max_bytes).ok()?;
    Some(content_hash(&[&hrm, &gpx]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::keep;

    const LIMIT: u64 = 1 << 20;

    /// How originals were kept before zstd: every one gzip.
    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut e, bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn each_kept_form_matches_the_hash_the_import_took() {
        let file = b"<gpx>a track</gpx>".to_vec();
        let hash = content_hash(&[&file]);
        // A plain upload, compressed for keeping: zstd now, gzip before.
        assert!(formats::packed::is_zstd(&keep(&file)));
        assert_eq!(verify(&hash, &keep(&file), LIMIT), Ok(()));
        assert_eq!(verify(&hash, &gzip(&file), LIMIT), Ok(()));
        // A gzip upload, kept as it came: the new form and the old.
        let gz = gzip(&file);
        assert_eq!(keep(&gz), gz);
        assert_eq!(verify(&hash, &keep(&gz), LIMIT), Ok(()));
        assert_eq!(verify(&content_hash(&[&gz]), &gz, LIMIT), Ok(()));
        // An HRM + GPX pair, kept as one zip, in either compression.
        let (hrm, gpx) = (b"[Params]".as_slice(), b"<gpx/>".as_slice());
        let zip = archive::zip_files(&[("a.hrm", hrm), ("a.gpx", gpx)]);
        let pair = content_hash(&[hrm, gpx]);
        assert_eq!(verify(&pair, &keep(&zip), LIMIT), Ok(()));
        assert_eq!(verify(&pair, &gzip(&zip), LIMIT), Ok(()));
    }

    #[test]
    fn other_bytes_under_the_hash_are_named() {
        let hash = content_hash(&[b"the file"]);
        let other = "the original's content does not match its stored hash".to_owned();
        assert_eq!(
            verify(&hash, &keep(b"another file"), LIMIT),
            Err(other.clone())
        );
        assert_eq!(verify(&hash, &gzip(b"another file"), LIMIT), Err(other));
        assert_eq!(
            verify(&hash, b"plain bytes", LIMIT),
            Err("the original is neither zstd nor gzip".to_owned())
        );
        for mut cut in [
            keep(b"the file, cut short by a damaged disk"),
            gzip(b"the file, cut short by a damaged disk"),
        ] {
            cut.truncate(cut.len() / 2);
            assert!(
                verify(&hash, &cut, LIMIT)
                    .unwrap_err()
                    .starts_with("the original does not decompress")
            );
        }
    }
}
