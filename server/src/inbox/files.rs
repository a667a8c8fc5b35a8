//! The inbox's moves: claiming a file (an atomic rename into the user's processing folder, so
//! that of several instances watching one folder exactly one imports it), and filing it under
//! `imported/` or `refused/` without ever overwriting a file already there.

use std::{
    fs,
    io::{self, ErrorKind},
    path::{Path, PathBuf},
    time::SystemTime,
};

/// Where a user's claimed files wait while they are imported (a dot folder: scans skip it).
pub const PROCESSING: &str = ".laps-processing";
/// Where files go that gave workouts (or were in the log already).
pub const IMPORTED: &str = "imported";
/// Where files go that gave nothing, each with a `.reason.txt`.
pub const REFUSED: &str = "refused";

/// A file taken out of the inbox by this instance.
#[derive(Debug)]
pub struct Claim {
    /// Where it is now, under the processing folder.
    pub path: PathBuf,
    /// Where it was, to put it back if the import cannot finish.
    pub from: PathBuf,
}

/// Claims a file: renames it into the user's processing folder under a name of its own. A
/// rename is atomic, so when two instances race for a file one wins and the other finds it
/// gone (`Ok(None)`). The claim's time is set to now: it tells other instances the claim is
/// alive (see [`touch`] and [`stale_claims`]).
pub fn claim(user_dir: &Path, path: &Path) -> io::Result<Option<Claim>> {
    let dir = user_dir.join(PROCESSING);
    fs::create_dir_all(&dir)?;
    let name = file_name(path);
    // Random, so no two claims ever share a name, whichever instance makes them.
    let claimed = dir.join(format!("{}-{name}", &auth::secret::random_id()[..16]));
    match fs::rename(path, &claimed) {
        Ok(()) => {
            touch(&claimed);
            Ok(Some(Claim {
                path: claimed,
                from: path.to_owned(),
            }))
        }
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Marks a claim as alive (its modification time is now). Best effort: a claim that cannot be
/// touched only risks being taken over after [`stale_claims`]' wait, and a file imported twice
/// adds nothing.
pub fn touch(path: &Path) {
    let touched = fs::OpenOptions::new()
        .append(true)
        .open(path)
        .and_then(|f| f.set_modified(SystemTime::now()));
    if let Err(error) = touched {
        tracing::debug!(%error, file = %path.display(), "could not renew an inbox claim");
    }
}

/// Claims in a user's processing folder that nobody renewed for `older_than`: left by an
/// instance that stopped without finishing (a crash, a power cut). Each is put back into the
/// user's folder under its own name, to be imported again.
pub fn recover_stale(user_dir: &Path, older_than: std::time::Duration) -> Vec<PathBuf> {
    let mut recovered = Vec::new();
    for (claimed, name) in stale_claims(&user_dir.join(PROCESSING), older_than) {
        match move_unique(&claimed, user_dir, &name) {
            Ok(path) => recovered.push(path),
            Err(error) => {
                tracing::warn!(%error, file = %claimed.display(), "could not put back an abandoned inbox claim");
            }
        }
    }
    recovered
}

fn stale_claims(dir: &Path, older_than: std::time::Duration) -> Vec<(PathBuf, String)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let now = SystemTime::now();
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let meta = entry.metadata().ok()?;
            let age = now.duration_since(meta.modified().ok()?).ok()?;
            let name = entry.file_name().to_str()?.to_owned();
            // `<16 hex digits>-<the file's own name>`, as `claim` names them.
            let own = name
                .get(17..)
                .filter(|_| name.as_bytes().get(16) == Some(&b'-'))?;
            (meta.is_file() && age >= older_than).then(|| (entry.path(), own.to_owned()))
        })
        .collect()
}

/// Moves a file into `dir` (created if missing) as `name`, or, when that is taken, as
/// `name (2)`, `name (3)`, ... keeping the extension: nothing already there is overwritten.
/// Returns where it went.
pub fn move_unique(from: &Path, dir: &Path, name: &str) -> io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    for n in 1..=10_000 {
        let target = dir.join(numbered(name, n));
        // A hard link fails when the target exists: an atomic "rename unless taken".
        match fs::hard_link(from, &target) {
            Ok(()) => {
                fs::remove_file(from)?;
                return Ok(target);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) if e.kind() == ErrorKind::NotFound => return Err(e),
            // File systems without hard links (FAT on a card, some network shares): look,
            // then rename (two instances filing the same name at the same instant is the only
            // race left, and they never file the same claim).
            Err(_) => {
                if fs::symlink_metadata(&target).is_ok() {
                    continue;
                }
                fs::rename(from, &target)?;
                return Ok(target);
            }
        }
    }
    Err(io::Error::new(
        ErrorKind::AlreadyExists,
        format!(
            "10000 files named like {name} are in {} already",
            dir.display()
        ),
    ))
}

/// `name` for the first, then `run (2).fit`, `run (3).fit.gz`, ...
pub fn numbered(name: &str, n: u32) -> String {
    if n <= 1 {
        return name.to_owned();
    }
    let (stem, extension) = split_extension(name);
    format!("{stem} ({n}){extension}")
}

/// `run.fit.gz` → (`run`, `.fit.gz`); `2024.05.01 ride.tcx` → (`2024.05.01 ride`, `.tcx`).
fn split_extension(name: &str) -> (&str, &str) {
    let last = |s: &str| s.rfind('.').filter(|&i| i > 0);
    match last(name) {
        Some(i) if name[i..].eq_ignore_ascii_case(".gz") => match last(&name[..i]) {
            Some(j) => name.split_at(j),
            None => name.split_at(i),
        },
        Some(i) => name.split_at(i),
        None => (name, ""),
    }
}

/// Writes the reasons next to a filed file: `run.fit` gets `run.fit.reason.txt`.
pub fn write_reason(filed: &Path, text: &str) -> io::Result<()> {
    let mut name = filed.file_name().unwrap_or_default().to_owned();
    name.push(".reason.txt");
    fs::write(filed.with_file_name(name), text)
}

/// A path's last part, as text.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashing_names_are_numbered_before_the_extension() {
        assert_eq!(numbered("run.fit", 1), "run.fit");
        assert_eq!(numbered("run.fit", 2), "run (2).fit");
        assert_eq!(numbered("run.fit.gz", 3), "run (3).fit.gz");
        assert_eq!(numbered("archive.gz", 2), "archive (2).gz");
        assert_eq!(
            numbered("2024.05.01 ride.tcx", 2),
            "2024.05.01 ride (2).tcx"
        );
        assert_eq!(numbered("README", 2), "README (2)");
        assert_eq!(numbered(".hidden", 2), ".hidden (2)");
    }

    #[test]
    fn a_move_never_overwrites_and_a_claim_is_taken_once() {
        let dir = tempfile::tempdir().unwrap();
        let user = dir.path().join("ada");
        fs::create_dir_all(&user).unwrap();
        let file = user.join("run.fit");
        fs::write(&file, b"first").unwrap();
        let claim = claim(&user, &file).unwrap().expect("claimed");
        assert!(!file.exists());
        assert!(claim.path.starts_with(user.join(PROCESSING)));
        assert_eq!(
            super::claim(&user, &file).unwrap().map(|c| c.path),
            None,
            "gone"
        );

        let imported = user.join(IMPORTED);
        fs::create_dir_all(&imported).unwrap();
        fs::write(imported.join("run.fit"), b"older").unwrap();
        let filed = move_unique(&claim.path, &imported, "run.fit").unwrap();
        assert_eq!(filed, imported.join("run (2).fit"));
        assert_eq!(fs::read(imported.join("run.fit")).unwrap(), b"older");
        assert_eq!(fs::read(&filed).unwrap(), b"first");
        assert!(!claim.path.exists());
        write_reason(&filed, "why").unwrap();
        assert_eq!(
            fs::read_to_string(imported.join("run (2).fit.reason.txt")).unwrap(),
            "why"
        );
    }

    #[test]
    fn abandoned_claims_go_back_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let user = dir.path();
        fs::write(user.join("ride.tcx"), b"x").unwrap();
        let live = claim(user, &user.join("ride.tcx")).unwrap().unwrap();
        assert!(recover_stale(user, std::time::Duration::from_secs(600)).is_empty());
        assert!(live.path.exists());
        let back = recover_stale(user, std::time::Duration::ZERO);
        assert_eq!(back, [user.join("ride.tcx")]);
    }
}
