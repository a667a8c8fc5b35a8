//! Two things the binary learns at build time:
//!
//! - the commit it is built from, for `laps --version`: `LAPS_COMMIT` when the builder sets it
//!   (a source archive, a container build without `.git`), else what `git rev-parse` says, else
//!   `unknown`;
//! - the built front end (`scripts/build-site`'s `target/site`), embedded so that `laps serve`
//!   needs no file but its data: the folder named by `LAPS_EMBED_SITE`, else, in a release
//!   build, `target/site` when it has been built. `LAPS_EMBED_SITE=none` embeds nothing (a
//!   development build reads the folder at run time instead, see `--site-dir`).

use std::{
    fmt::Write as _,
    fs,
    path::{Path, PathBuf},
    process::Command,
};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    commit(&root);
    embed_site(&root);
}

fn commit(root: &Path) {
    println!("cargo:rerun-if-env-changed=LAPS_COMMIT");
    // Built again when HEAD moves (a commit, a checkout); only paths that exist are named, as
    // cargo would otherwise run this on every build.
    let git = root.join(".git");
    let mut watched = vec![git.join("HEAD"), git.join("packed-refs")];
    if let Ok(head) = fs::read_to_string(git.join("HEAD"))
        && let Some(reference) = head.trim().strip_prefix("ref: ")
    {
        watched.push(git.join(reference));
    }
    for path in watched.iter().filter(|p| p.is_file()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let commit = std::env::var("LAPS_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| {
            let output = Command::new("git")
                .args(["rev-parse", "--short=12", "HEAD"])
                .current_dir(root)
                .output()
                .ok()?;
            output
                .status
                .success()
                .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=LAPS_COMMIT={commit}");
}

/// Writes `$OUT_DIR/site.rs`: the embedded files as `EmbeddedFile` items, sorted by path.
fn embed_site(root: &Path) {
    println!("cargo:rerun-if-env-changed=LAPS_EMBED_SITE");
    let site = match std::env::var("LAPS_EMBED_SITE").ok().as_deref() {
        Some("none") => None,
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            assert!(
                dir.join("hash.txt").is_file(),
                "LAPS_EMBED_SITE={} is not a built site (no hash.txt): run scripts/build-site",
                dir.display()
            );
            Some(dir)
        }
        _ => {
            let dir = root.join("target/site");
            (std::env::var("PROFILE").as_deref() == Ok("release") && dir.join("hash.txt").is_file())
                .then_some(dir)
        }
    };
    let mut out = String::from("&[\n");
    if let Some(site) = site {
        // Cargo scans a folder for changes: a new build of the site embeds again.
        println!("cargo:rerun-if-changed={}", site.display());
        let mut files = Vec::new();
        collect(&site, &site, &mut files);
        files.sort();
        for path in &files {
            let Some(name) = path.to_str() else { continue };
            // Compressed copies ride with their original; hash.txt is read as a file below.
            if name.ends_with(".gz") || name.ends_with(".br") {
                continue;
            }
            let full = fs::canonicalize(site.join(path)).expect("a site file");
            let bytes = fs::read(&full).expect("a site file");
            let variant = |extension: &str| {
                let compressed = full.with_file_name(format!(
                    "{}.{extension}",
                    full.file_name().unwrap().to_string_lossy()
                ));
                if compressed.is_file() {
                    format!("Some(include_bytes!({:?}))", compressed.display())
                } else {
                    "None".to_owned()
                }
            };
            writeln!(
                out,
                "    EmbeddedFile {{ path: {name:?}, tag: \"{:016x}\", body: include_bytes!({:?}), gzip: {}, brotli: {} }},",
                fnv1a(&bytes),
                full.display(),
                variant("gz"),
                variant("br"),
            )
            .unwrap();
        }
    }
    out.push(']');
    let target = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("site.rs");
    fs::write(target, out).unwrap();
}

/// Every file under `dir`, relative to `site`, with `/` between folders.
fn collect(site: &Path, dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("a site folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(site, &path, files);
        } else {
            files.push(path.strip_prefix(site).unwrap().to_owned());
        }
    }
}

/// A content tag for the ETag: FNV-1a, 64 bits (not security: it only tells versions apart).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
