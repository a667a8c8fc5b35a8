//! Looking at the inbox: which files of which user folders are complete. A file is complete
//! once its size and modification time stayed the same for the settle time; names that apps
//! and sync tools give files while they write them (dot files, `~syncthing~…`, `*.tmp`,
//! `*.part`, ...) are never taken, nor symbolic links (a link could name another user's
//! files, or the server's own).

use std::{
    collections::{HashMap, HashSet},
    fs,
    path::{Path, PathBuf},
    time::{Duration, Instant, SystemTime},
};

use super::files::{self, IMPORTED, REFUSED};

/// How deep a user's folder is looked into (a watch's or an app's own folder layout, synced).
const MAX_DEPTH: usize = 8;

/// A complete file in a user's folder.
#[derive(Debug, Clone)]
pub struct Ready {
    /// Where it is.
    pub path: PathBuf,
    /// Its path inside the user's folder (`run.fit`, `Garmin/Activity/run.fit`).
    pub relative: PathBuf,
    /// Its size, bytes.
    pub len: u64,
    modified: Option<SystemTime>,
}

/// What one look found.
#[derive(Debug, Default)]
pub struct Found {
    /// Complete files per user folder (by folder name), oldest first.
    pub ready: Vec<(String, Vec<Ready>)>,
    /// Whether some files are still changing (look again after the settle time).
    pub settling: bool,
    /// Entries of the inbox itself that are not folders (they belong to no user).
    pub loose: Vec<String>,
    /// Abandoned claims put back into their user's folder (see [`files::recover_stale`]).
    pub recovered: Vec<PathBuf>,
}

/// What the inbox last saw of each file: its size and time, and since when.
#[derive(Debug, Default)]
pub struct Seen {
    files: HashMap<PathBuf, (u64, Option<SystemTime>, Instant)>,
}

impl Seen {
    /// Forgets a file (handed over for import: if it comes back, it settles anew).
    pub fn forget(&mut self, path: &Path) {
        self.files.remove(path);
    }
}

/// Whether a name is one that files carry while being written, or one of the inbox's own.
pub fn ignored(name: &str) -> bool {
    const WRITING: [&str; 11] = [
        ".tmp",
        ".temp",
        ".part",
        ".partial",
        ".crdownload",
        ".download",
        ".!sync",
        ".swp",
        ".filepart",
        ".reason.txt",
        "~",
    ];
    let lower = name.to_lowercase();
    name.starts_with('.') || name.starts_with('~') || WRITING.iter().any(|end| lower.ends_with(end))
}

/// Looks at every user folder under `root`: `skip` names folders whose files are not wanted now
/// (a user whose import is running). Claims older than `stale` are put back first.
pub fn look(
    root: &Path,
    seen: &mut Seen,
    settle: Duration,
    stale: Duration,
    skip: &[String],
) -> Found {
    let mut found = Found::default();
    let mut present = HashSet::new();
    let Ok(entries) = fs::read_dir(root) else {
        return found;
    };
    let mut folders: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        // The user folders themselves may be links the operator made (to a synced folder).
        if fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
            folders.push((name, entry.path()));
        } else if !ignored(&name) {
            found.loose.push(name);
        }
    }
    folders.sort();
    for (name, dir) in folders {
        if !skip.contains(&name) {
            found.recovered.extend(files::recover_stale(&dir, stale));
        }
        let mut files = Vec::new();
        walk(&dir, Path::new(""), 0, &mut files);
        let mut ready = Vec::new();
        for file in files {
            present.insert(file.path.clone());
            if skip.contains(&name) {
                continue;
            }
            let now = Instant::now();
            let state = (file.len, file.modified);
            match seen.files.get(&file.path) {
                Some((len, modified, since))
                    if (*len, *modified) == state && now.duration_since(*since) >= settle =>
                {
                    ready.push(file);
                }
                Some((len, modified, _)) if (*len, *modified) == state => found.settling = true,
                _ => {
                    seen.files
                        .insert(file.path.clone(), (file.len, file.modified, now));
                    found.settling = true;
                }
            }
        }
        if !ready.is_empty() {
            ready.sort_by(|a, b| (a.modified, &a.relative).cmp(&(b.modified, &b.relative)));
            found.ready.push((name, ready));
        }
    }
    seen.files.retain(|path, _| present.contains(path));
    found
}

/// The regular files under `dir`, skipping the inbox's own folders at the top, dot folders,
/// names being written and links.
fn walk(dir: &Path, relative: &Path, depth: usize, out: &mut Vec<Ready>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if ignored(&name) || (depth == 0 && (name == IMPORTED || name == REFUSED)) {
            continue;
        }
        // Not followed: a link is never a file of the user's.
        let Ok(meta) = entry.metadata() else { continue };
        let relative = relative.join(&name);
        if meta.is_dir() && depth < MAX_DEPTH {
            walk(&entry.path(), &relative, depth + 1, out);
        } else if meta.is_file() {
            out.push(Ready {
                path: entry.path(),
                relative,
                len: meta.len(),
                modified: meta.modified().ok(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STALE: Duration = Duration::from_secs(600);

    #[test]
    fn names_of_files_being_written_are_ignored() {
        for name in [
            ".syncthing.run.fit.tmp",
            "~syncthing~run.fit.tmp",
            "run.fit.tmp",
            "run.fit.part",
            "run.FIT.crdownload",
            ".hidden.fit",
            "run.fit~",
            "run.fit.reason.txt",
        ] {
            assert!(ignored(name), "{name}");
        }
        for name in [
            "run.fit",
            "2024-05-01 ride.tcx",
            "export.zip",
            "Morning Run.gpx",
        ] {
            assert!(!ignored(name), "{name}");
        }
    }

    #[test]
    fn a_file_is_ready_once_it_stopped_changing_for_the_settle_time() {
        let dir = tempfile::tempdir().unwrap();
        let ada = dir.path().join("ada");
        fs::create_dir_all(ada.join("watch")).unwrap();
        fs::create_dir_all(ada.join(IMPORTED)).unwrap();
        fs::write(ada.join("watch/run.fit"), b"12").unwrap();
        fs::write(ada.join(IMPORTED).join("old.fit"), b"12").unwrap();
        fs::write(ada.join(".secret.fit"), b"12").unwrap();
        fs::write(dir.path().join("loose.fit"), b"12").unwrap();
        let settle = Duration::from_millis(50);
        let mut seen = Seen::default();
        let first = look(dir.path(), &mut seen, settle, STALE, &[]);
        assert!(first.ready.is_empty() && first.settling);
        assert_eq!(first.loose, ["loose.fit"]);
        std::thread::sleep(Duration::from_millis(60));
        fs::write(ada.join("watch/run.fit"), b"1234").unwrap();
        assert!(
            look(dir.path(), &mut seen, settle, STALE, &[])
                .ready
                .is_empty(),
            "it grew"
        );
        std::thread::sleep(Duration::from_millis(60));
        assert!(
            look(dir.path(), &mut seen, settle, STALE, &["ada".to_owned()])
                .ready
                .is_empty(),
            "skipped while ada's import runs"
        );
        let found = look(dir.path(), &mut seen, settle, STALE, &[]);
        assert_eq!(found.ready.len(), 1);
        let (user, files) = &found.ready[0];
        assert_eq!(user, "ada");
        let relative: Vec<&Path> = files.iter().map(|f| f.relative.as_path()).collect();
        assert_eq!(relative, [Path::new("watch/run.fit")]);
        assert!(!found.settling);
    }
}
