//! What was recorded, on its way to the server. Every few seconds the page cuts the new
//! notifications into a numbered batch, keeps it on the device (IndexedDB) and sends what the
//! server does not have yet through the sync API; a batch is forgotten on the device only once
//! the server has answered for it. Sending again is safe (the server ignores a batch it has),
//! so after a lost answer, a reload or a crash the page simply sends what it still holds.

use std::cell::{Cell, RefCell};

use super::{Batch, Live, OpenSession, Recorder, SensorKind, store::Store, web};

/// Where sending stands, for the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Batches the server has.
    pub on_server: i64,
    /// Batches waiting on this device.
    pub waiting: usize,
    /// Why the last try to send failed, if it did.
    pub error: Option<String>,
    /// Why the device cannot keep the recording, if it cannot (then it lives in memory only).
    pub not_kept: Option<String>,
}

/// The recording, its open session and the batches the server does not have yet.
pub struct Outbox {
    user_id: i64,
    csrf: String,
    recorder: RefCell<Recorder>,
    open: RefCell<Option<OpenSession>>,
    /// Unsent batches, in order; mirrored in the store.
    queue: RefCell<Vec<Batch>>,
    store: RefCell<Option<Store>>,
    not_kept: RefCell<Option<String>>,
    error: RefCell<Option<String>>,
    /// A flush is under way (they never overlap: each awaits the network).
    busy: Cell<bool>,
}

impl Outbox {
    /// An empty outbox for the signed-in user; [`Outbox::load`] opens the device's store.
    pub fn new(user_id: i64) -> Self {
        Self {
            user_id,
            csrf: crate::csrf::CsrfToken::from_request()
                .map(|t| t.0)
                .unwrap_or_default(),
            recorder: RefCell::default(),
            open: RefCell::default(),
            queue: RefCell::default(),
            store: RefCell::default(),
            not_kept: RefCell::default(),
            error: RefCell::default(),
            busy: Cell::new(false),
        }
    }

    /// Opens the device's store; the session it holds (left by a reload or a crash), if any,
    /// becomes the open one, with its unsent batches.
    pub async fn load(&self) -> Option<OpenSession> {
        let store = match Store::open(self.user_id).await {
            Ok(store) => store,
            Err(e) => {
                *self.not_kept.borrow_mut() = Some(e);
                return None;
            }
        };
        let found = store.load().await;
        *self.store.borrow_mut() = Some(store);
        let (session, batches) = found.ok().flatten()?;
        *self.queue.borrow_mut() = batches;
        *self.open.borrow_mut() = Some(session.clone());
        Some(session)
    }

    /// Takes a notification (see [`Recorder::take`]); the live figures.
    pub fn take(&self, kind: SensorKind, at_ms: i64, bytes: Vec<u8>, recording: bool) -> Live {
        let mut recorder = self.recorder.borrow_mut();
        recorder.take(kind, at_ms, bytes, recording);
        recorder.live
    }

    /// A lap press.
    pub fn lap(&self, at_ms: i64) {
        self.recorder.borrow_mut().laps_ms.push(at_ms);
        if let Some(open) = self.open.borrow_mut().as_mut() {
            open.laps += 1;
        }
    }

    /// Starts a new session (the next flush opens it on the server).
    pub fn begin(&self, sport: &str, now_ms: i64) {
        *self.open.borrow_mut() = Some(OpenSession::new(sport, now_ms));
    }

    /// Cuts what was recorded into batches, keeps them on the device and sends every batch the
    /// server does not have. `elapsed_s` is the clock to remember (`None`: keep the stored
    /// one). `None` when another flush is under way.
    pub async fn flush(&self, elapsed_s: Option<i64>) -> Option<Progress> {
        if self.busy.replace(true) {
            return None;
        }
        let cut = self.open.borrow_mut().as_mut().map(|open| {
            if let Some(s) = elapsed_s {
                open.elapsed_s = s;
            }
            let batches = self
                .recorder
                .borrow_mut()
                .cut(open, domain::Timestamp::now().unix_ms());
            (open.clone(), batches)
        });
        if let Some((session, batches)) = cut {
            self.keep(&session, &batches).await;
            self.queue.borrow_mut().extend(batches);
            let sent = self.send().await;
            *self.error.borrow_mut() = sent.err();
        }
        self.busy.set(false);
        Some(self.progress())
    }

    /// Sends everything and closes the session into a workout; its id. On failure everything
    /// stays (on the device and here) for another try.
    pub async fn finish(&self, elapsed_s: i64) -> Result<i64, String> {
        let progress = loop {
            match self.flush(Some(elapsed_s)).await {
                Some(progress) => break progress,
                None => web::sleep_ms(100).await,
            }
        };
        if let Some(e) = progress.error {
            return Err(e);
        }
        let id = self.server_id().ok_or_else(|| t!("record-not-recording"))?;
        let closed = web::post_json(
            &format!("/api/v1/sync/sessions/{id}/close"),
            "{}",
            &self.csrf,
        )
        .await?;
        let workout = web::get(&closed, "workout_id")?
            .as_f64()
            .ok_or_else(|| t!("record-nothing-recorded"))? as i64;
        self.forget().await;
        Ok(workout)
    }

    /// Forgets the open session here and on the device (what the server has stays unsaved).
    pub async fn discard(&self) {
        while self.busy.get() {
            web::sleep_ms(100).await;
        }
        self.forget().await;
    }

    /// Where sending stands.
    pub fn progress(&self) -> Progress {
        let waiting = self.queue.borrow().len();
        let cut = self.open.borrow().as_ref().map_or(0, |o| o.next_seq);
        Progress {
            on_server: cut - waiting as i64,
            waiting,
            error: self.error.borrow().clone(),
            not_kept: self.not_kept.borrow().clone(),
        }
    }

    async fn forget(&self) {
        *self.open.borrow_mut() = None;
        self.queue.borrow_mut().clear();
        {
            let mut recorder = self.recorder.borrow_mut();
            recorder.pending.clear();
            recorder.laps_ms.clear();
        }
        *self.error.borrow_mut() = None;
        let store = self.store.borrow().clone();
        if let Some(store) = store
            && let Err(e) = store.clear().await
        {
            *self.not_kept.borrow_mut() = Some(e);
        }
    }

    /// Writes the session and new batches to the device (a failure is reported, and the
    /// recording carries on in memory).
    async fn keep(&self, session: &OpenSession, batches: &[Batch]) {
        let store = self.store.borrow().clone();
        if let Some(store) = store
            && let Err(e) = store.save(session, batches).await
        {
            *self.not_kept.borrow_mut() = Some(e);
        }
    }

    fn server_id(&self) -> Option<i64> {
        self.open.borrow().as_ref().and_then(|o| o.server_id)
    }

    /// Opens the session on the server if needed, then sends the queue in order, forgetting
    /// each batch the server answered for.
    async fn send(&self) -> Result<(), String> {
        let id = match self.server_id() {
            Some(id) => id,
            None => self.open_on_server().await?,
        };
        loop {
            let Some(batch) = self.queue.borrow().first().cloned() else {
                return Ok(());
            };
            web::post_json(
                &format!("/api/v1/sync/sessions/{id}/batches"),
                &batch.body,
                &self.csrf,
            )
            .await?;
            self.queue.borrow_mut().retain(|b| b.seq != batch.seq);
            let store = self.store.borrow().clone();
            if let Some(store) = store {
                // Left on the device, it is sent again later, which the server ignores.
                let _ = store.remove(batch.seq).await;
            }
        }
    }

    async fn open_on_server(&self) -> Result<i64, String> {
        let sport = self
            .open
            .borrow()
            .as_ref()
            .map(|o| o.sport.clone())
            .ok_or_else(|| t!("record-not-recording"))?;
        let body = serde_json::json!({ "sport": sport }).to_string();
        let answer = web::post_json("/api/v1/sync/sessions", &body, &self.csrf).await?;
        let id = web::get(&answer, "id")?
            .as_f64()
            .ok_or_else(|| t!("record-no-session"))? as i64;
        let session = self.open.borrow_mut().as_mut().map(|open| {
            open.server_id = Some(id);
            open.clone()
        });
        if let Some(session) = session {
            self.keep(&session, &[]).await;
        }
        Ok(id)
    }
}
