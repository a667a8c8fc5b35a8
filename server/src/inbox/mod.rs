//! The inbox: hands-free sync through a folder. With `--inbox DIR`, each subfolder of `DIR`
//! named after a user (`DIR/alice/`) is watched; a file that appears there (a Syncthing'd
//! watch folder, a phone app's export, a script copying a watch's files) is imported once it
//! stopped changing, through the same import as an upload (zips and archives too, within the
//! upload limits), and then moved to `imported/` or to `refused/` with a `.reason.txt`.
//!
//! Changes are seen at once where the file system reports them (`notify`: inotify on Linux)
//! and at each poll everywhere (network shares report nothing of other machines' writes).
//! Several instances on one database may watch the same folder: a file is claimed by an atomic
//! rename into the user's processing folder, so one instance imports it. One file at a time
//! per user; a folder that names no user is left alone (and said so once in the log).

mod files;
mod filing;
mod scan;

use std::{
    collections::{HashMap, HashSet},
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
    time::Duration,
};

use domain::{FileResult, Outcome, User, Username};
use tokio::{sync::watch, task::JoinHandle};
use workouts::{Upload, Workouts};

use crate::config::InboxConfig;

/// A claim nobody renewed for this long was left by an instance that stopped mid-import: it is
/// put back to be imported again. Live claims are renewed every [`HEARTBEAT`].
const STALE: Duration = Duration::from_secs(600);
const HEARTBEAT: Duration = Duration::from_secs(60);

/// The inbox watcher: build it with [`Inbox::new`], run it with [`Inbox::run`].
#[derive(Clone)]
pub struct Inbox {
    dir: PathBuf,
    poll: Duration,
    settle: Duration,
    max_file_bytes: u64,
    notify: bool,
    workouts: Workouts,
    accounts: auth::Accounts,
    /// Files that could not be claimed (no permission to move them), with their size and time
    /// then: not tried again, nor warned about, until they change.
    stuck: Arc<Mutex<HashMap<PathBuf, u64>>>,
}

impl Inbox {
    /// An inbox over `config`'s folder, importing for the accounts' users through `workouts`;
    /// a file larger than `max_file_bytes` (the upload limit) is refused unread.
    pub fn new(
        config: &InboxConfig,
        max_file_bytes: u64,
        workouts: Workouts,
        accounts: auth::Accounts,
    ) -> Self {
        Self {
            dir: config.dir.clone(),
            poll: config.poll,
            settle: config.settle,
            max_file_bytes,
            notify: true,
            workouts,
            accounts,
            stuck: Arc::default(),
        }
    }

    /// The same inbox without file-system notifications: changes are seen at each poll only,
    /// as on a network share.
    pub fn polling_only(self) -> Self {
        Self {
            notify: false,
            ..self
        }
    }

    /// Watches until `stop` turns true (or its sender is gone). An import running then is
    /// abandoned (its transactions roll back) and its file put back where it was, to be
    /// imported at the next start.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        if let Err(error) = std::fs::create_dir_all(&self.dir) {
            tracing::warn!(%error, folder = %self.dir.display(), "the inbox folder cannot be created; looking again at each poll");
        }
        let wake = Arc::new(tokio::sync::Notify::new());
        let _watcher = if self.notify { self.watch(&wake) } else { None };
        tracing::info!(folder = %self.dir.display(), poll_s = self.poll.as_secs(), notify = _watcher.is_some(), "inbox watched");
        let mut seen = scan::Seen::default();
        let mut warned: HashSet<String> = HashSet::new();
        let mut workers: HashMap<String, JoinHandle<()>> = HashMap::new();
        while !*stop.borrow() {
            workers.retain(|_, worker| !worker.is_finished());
            let busy: Vec<String> = workers.keys().cloned().collect();
            let (dir, settle) = (self.dir.clone(), self.settle);
            let looked = tokio::task::spawn_blocking(move || {
                let found = scan::look(&dir, &mut seen, settle, STALE, &busy);
                (seen, found)
            })
            .await;
            let Ok((returned, found)) = looked else {
                tracing::error!("the inbox scan failed");
                break;
            };
            seen = returned;
            for path in &found.recovered {
                tracing::warn!(file = %path.display(), "an abandoned inbox import is put back, to be imported again");
            }
            for name in &found.loose {
                if warned.insert(format!("/{name}")) {
                    tracing::warn!(file = %name, "a file at the top of the inbox belongs to no user: put it in a user's folder (INBOX/<username>/)");
                }
            }
            for (folder, ready) in found.ready {
                let Some(user) = self.user(&folder, &mut warned).await else {
                    continue;
                };
                for file in &ready {
                    seen.forget(&file.path);
                }
                let inbox = self.clone();
                let stop = stop.clone();
                let user_dir = self.dir.join(&folder);
                workers.insert(
                    folder,
                    tokio::spawn(
                        async move { inbox.import_all(user, user_dir, ready, stop).await },
                    ),
                );
            }
            let wait = if found.settling || !workers.is_empty() {
                self.settle.min(self.poll)
            } else {
                self.poll
            };
            tokio::select! {
                changed = stop.changed() => if changed.is_err() {
                    // The server is gone without a word: stop with it.
                    break;
                },
                () = wake.notified() => {
                    // A burst of events (a copy, our own moves) is one look.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                () = tokio::time::sleep(wait) => {}
            }
        }
        for (_, worker) in workers {
            let _ = worker.await;
        }
        tracing::info!("inbox stopped");
    }

    /// Starts file-system notifications for the inbox, or says why there are none.
    fn watch(&self, wake: &Arc<tokio::sync::Notify>) -> Option<notify::RecommendedWatcher> {
        use notify::Watcher as _;
        let wake = Arc::clone(wake);
        let watcher = notify::recommended_watcher(move |_: notify::Result<notify::Event>| {
            // Any event, an error (a lost event) too, is a reason to look.
            wake.notify_one();
        })
        .and_then(|mut watcher| {
            watcher
                .watch(&self.dir, notify::RecursiveMode::Recursive)
                .map(|()| watcher)
        });
        match watcher {
            Ok(watcher) => Some(watcher),
            Err(error) => {
                tracing::warn!(%error, folder = %self.dir.display(), poll_s = self.poll.as_secs(), "no change notifications for the inbox; looking at each poll only");
                None
            }
        }
    }

    /// The user a folder is named after, or `None` (said once per folder).
    async fn user(&self, folder: &str, warned: &mut HashSet<String>) -> Option<User> {
        let found = match Username::parse(folder) {
            Ok(name) => self.accounts.active_user_named(&name).await,
            Err(_) => Ok(None),
        };
        match found {
            Ok(Some(user)) => {
                warned.remove(folder);
                Some(user)
            }
            Ok(None) => {
                if warned.insert(folder.to_owned()) {
                    tracing::warn!(%folder, "an inbox folder names no user (or a disabled one): its files stay where they are");
                }
                None
            }
            Err(error) => {
                tracing::error!(?error, %folder, "the inbox could not look up a user");
                None
            }
        }
    }

    /// Imports a user's complete files one at a time, oldest first, until done or stopped.
    async fn import_all(
        self,
        user: User,
        user_dir: PathBuf,
        ready: Vec<scan::Ready>,
        mut stop: watch::Receiver<bool>,
    ) {
        for file in ready {
            if *stop.borrow() {
                return;
            }
            if !self.import_one(&user, &user_dir, file, &mut stop).await {
                return;
            }
        }
    }

    /// Claims, imports and files one file. `false` when the worker should stop (shutdown, or
    /// a fault of the server's that the next look will retry).
    async fn import_one(
        &self,
        user: &User,
        user_dir: &Path,
        file: scan::Ready,
        stop: &mut watch::Receiver<bool>,
    ) -> bool {
        if self.stuck.lock().expect("not poisoned").get(&file.path) == Some(&file.len) {
            return true;
        }
        let shown = file.relative.to_string_lossy().into_owned();
        let claim = {
            let (dir, path) = (user_dir.to_owned(), file.path.clone());
            blocking(move || files::claim(&dir, &path)).await
        };
        let claim = match claim {
            Ok(Some(claim)) => claim,
            // Another instance took it, or it was removed.
            Ok(None) => return true,
            Err(error) => {
                tracing::warn!(%error, user = %user.username, file = %shown, "an inbox file cannot be moved, so it is not imported (check the folder's permissions)");
                self.stuck
                    .lock()
                    .expect("not poisoned")
                    .insert(file.path, file.len);
                return true;
            }
        };
        let results = if file.len > self.max_file_bytes {
            // Refused unread: counted as the reader's own refusal of a file too large.
            let too_large = formats::ErrorKind::TooLarge {
                limit: self.max_file_bytes,
            };
            self.workouts.note_refused((&too_large).into());
            vec![FileResult {
                file: shown.clone(),
                outcome: Outcome::Refused {
                    error: format!(
                        "this file is {} MB, more than the upload limit of {} MB (max_upload_mib)",
                        file.len.div_ceil(1 << 20),
                        self.max_file_bytes >> 20
                    ),
                },
            }]
        } else {
            let upload = Upload::path(shown.clone(), claim.path.clone());
            let import = self.workouts.import(user.id, vec![upload]);
            tokio::pin!(import);
            let mut heartbeat = tokio::time::interval(HEARTBEAT);
            heartbeat.tick().await;
            let done = loop {
                tokio::select! {
                    done = &mut import => break Some(done),
                    _ = heartbeat.tick() => {
                        let path = claim.path.clone();
                        blocking(move || { files::touch(&path); Ok(()) }).await.ok();
                    }
                    _ = stop.changed() => break None,
                }
            };
            match done {
                Some(Ok(results)) => results,
                Some(Err(error)) => {
                    tracing::error!(?error, user = %user.username, file = %shown, "inbox import failed; the file is put back");
                    put_back(claim).await;
                    return false;
                }
                None => {
                    tracing::info!(user = %user.username, file = %shown, "inbox import stopped by shutdown; the file is put back");
                    put_back(claim).await;
                    return false;
                }
            }
        };
        let filing = filing::Filing::of(&shown, &results);
        let dir = user_dir
            .join(if filing.refused {
                files::REFUSED
            } else {
                files::IMPORTED
            })
            .join(file.relative.parent().unwrap_or(Path::new("")));
        let (name, reason, from) = (
            files::file_name(&file.relative),
            filing.reason.clone(),
            claim.path,
        );
        let filed = blocking(move || {
            let filed = files::move_unique(&from, &dir, &name)?;
            if let Some(reason) = reason {
                files::write_reason(&filed, &reason)?;
            }
            Ok(filed)
        })
        .await;
        match filed {
            Ok(filed) => tracing::info!(
                user = %user.username,
                file = %shown,
                filed = %filed.strip_prefix(user_dir).unwrap_or(&filed).display(),
                summary = %filing.summary,
                "inbox file {}", if filing.refused { "refused" } else { "imported" }
            ),
            Err(error) => {
                tracing::warn!(%error, user = %user.username, file = %shown, "an inbox file was imported but could not be filed")
            }
        }
        true
    }
}

/// Puts a claimed file back where it came from (beside any file that took its name since).
async fn put_back(claim: files::Claim) {
    let files::Claim { path, from } = claim;
    let dir = from.parent().map(Path::to_owned).unwrap_or_default();
    let name = files::file_name(&from);
    if let Err(error) = blocking(move || files::move_unique(&path, &dir, &name)).await {
        tracing::warn!(%error, file = %from.display(), "an inbox file could not be put back; it returns after the claim goes stale");
    }
}

/// Runs file-system work off the async threads (a network share may be slow to answer).
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> std::io::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e.to_string())))
}
