//! Where the shared corpus is, and its workouts.

use std::path::{Path, PathBuf};

/// The corpus folder: `LAPS_CORPUS`, else `../shared/corpus` beside the repository.
pub fn corpus_dir() -> PathBuf {
    std::env::var_os("LAPS_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

/// The files of a corpus folder (`fit`, `tcx`, ...) whose names pass `keep`, sorted.
pub fn files(folder: &str, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let dir = corpus_dir().join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the corpus folder {} is needed: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| keep(name(p)))
        .collect();
    paths.sort();
    paths
}

/// A file's name.
pub fn name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}

/// Every recording of a corpus file, or none when the reader refuses it (the corpus holds
/// damaged files on purpose; the formats tests judge those).
pub fn read(path: &Path) -> Vec<formats::Recording> {
    let bytes = std::fs::read(path).unwrap();
    formats::read_all(&bytes, &formats::Options::default()).unwrap_or_default()
}
