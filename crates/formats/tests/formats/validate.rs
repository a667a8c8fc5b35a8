//! Every export validates: TCX and GPX against the official XSDs (xmllint with the offline
//! catalog), FIT with Garmin's FIT SDK, all through `../shared/tools/validate-export`.

use std::{path::PathBuf, process::Command};

use formats::OutputFormat;

use crate::{corpus_dir, manifest, read};

#[test]
fn every_export_of_every_corpus_file_validates() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    for (n, entry) in manifest().iter().enumerate() {
        let Ok(recordings) = read(entry) else {
            continue;
        };
        for (k, r) in recordings.iter().enumerate() {
            if r.samples.is_empty() && r.laps.is_empty() {
                continue;
            }
            for format in [OutputFormat::Tcx, OutputFormat::Gpx, OutputFormat::Fit] {
                // GPX points need positions; FIT validation wants records.
                if format == OutputFormat::Gpx && !r.samples.has(formats::Stream::Position) {
                    continue;
                }
                if format == OutputFormat::Fit && r.samples.is_empty() {
                    continue;
                }
                let path = dir
                    .path()
                    .join(format!("{n:03}-{k}.{}", format.extension()));
                std::fs::write(&path, formats::write(r, format)).unwrap();
                files.push(path);
            }
        }
    }
    assert!(files.len() > 450, "only {} exports", files.len());
    let tool = corpus_dir().join("../tools/validate-export");
    let output = Command::new(&tool)
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", tool.display()));
    assert!(
        output.status.success(),
        "exports failed validation:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
