//! The readers and writers against the shared corpus of real files (`../shared/corpus`), the
//! official schemas and Garmin's FIT SDK.
//!
//! `LAPS_CORPUS` overrides where the corpus is. The schema and SDK checks use
//! `../shared/tools/validate-export` and a Python with `garmin-fit-sdk` (`LAPS_FIT_SDK_PYTHON`,
//! default `/tmp/laps-fitsdk/bin/python`, which `scripts/test` sets up).

mod corpus;
mod hostile;
mod regressions;
mod roundtrip;
mod sdk;
mod store;
mod validate;

use std::path::PathBuf;

/// One corpus file and its manifest line.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Where the file is.
    pub path: PathBuf,
    /// Its path inside the corpus (`fit/...`), as the manifest gives it.
    pub relative: String,
}

/// The corpus folder.
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("LAPS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

/// Every file listed in the corpus MANIFEST.tsv.
pub fn manifest() -> Vec<Entry> {
    let dir = corpus_dir();
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv"))
        .unwrap_or_else(|e| panic!("the corpus manifest at {} is needed: {e}", dir.display()));
    let entries: Vec<Entry> = text
        .lines()
        .skip(1) // the header row: path, format, source, ...
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            Entry {
                path: dir.join(fields[0]),
                relative: fields[0].to_owned(),
            }
        })
        .collect();
    assert!(
        entries.len() > 200,
        "the manifest lists {} files; is the corpus complete?",
        entries.len()
    );
    entries
}

/// GPX files whose tracks have no times: planned routes, which the reader refuses by design.
pub const ROUTES_WITHOUT_TIMES: [&str; 3] = [
    "gpx/goldencheetah__A_ride_mapped_on_11_22_2011.gpx",
    "gpx/gpxpy__track_with_dilution_errors.gpx",
    "gpx/sportstracker__bike-tour-track_only.gpx",
];

/// Reads a corpus file with the default options.
pub fn read(entry: &Entry) -> formats::Result<Vec<formats::Recording>> {
    let bytes = std::fs::read(&entry.path).unwrap();
    formats::read_all(&bytes, &formats::Options::default())
}
