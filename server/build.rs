//! Names the commit the binary is built from, for `laps --version`: `LAPS_COMMIT` when the
//! builder sets it (a source archive, a container build without `.git`), else what
//! `git rev-parse` says, else `unknown`.

use std::{fs, path::Path, process::Command};

fn main() {
    println!("cargo:rerun-if-env-changed=LAPS_COMMIT");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
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
                .current_dir(&root)
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
