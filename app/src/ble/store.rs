//! The open recording on the device: the browser's IndexedDB, one database per user
//! (`laps-record-<user id>`) with two object stores: `session` (the [`OpenSession`] as a plain
//! object with its field names, under the key `open`) and `batches` (each unsent batch's body, keyed by its sequence
//! number). A cut writes its batches and the session's next sequence number in one transaction,
//! so after a crash the device holds either both or neither.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast as _, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::{Batch, OpenSession, web::describe};

const SESSION: &str = "session";
const BATCHES: &str = "batches";
const OPEN_KEY: &str = "open";

/// A handle on the user's recording database.
#[derive(Clone)]
pub struct Store {
    db: IdbDatabase,
}

impl Store {
    /// Opens (creating on first use) the user's database.
    pub async fn open(user_id: i64) -> Result<Self, String> {
        let factory = web_sys::window()
            .ok_or("no window")?
            .indexed_db()
            .map_err(describe)?
            .ok_or_else(|| t!("record-no-indexeddb"))?;
        let request = factory
            .open_with_u32(&format!("laps-record-{user_id}"), 1)
            .map_err(describe)?;
        let upgrade = Closure::once_into_js(move |event: JsValue| {
            let db = Reflect::get(&event, &"target".into())
                .and_then(|target| Reflect::get(&target, &"result".into()))
                .map(JsValue::unchecked_into::<IdbDatabase>);
            if let Ok(db) = db {
                // Version 1 is the only version: both stores are created together.
                let _ = db.create_object_store(SESSION);
                let _ = db.create_object_store(BATCHES);
            }
        });
        request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
        let db = settled(&request).await?;
        Ok(Self {
            db: db.unchecked_into(),
        })
    }

    /// The open session and its unsent batches in order, if there is one.
    pub async fn load(&self) -> Result<Option<(OpenSession, Vec<Batch>)>, String> {
        let tx = self.transaction(IdbTransactionMode::Readonly)?;
        let session = settled(
            &store(&tx, SESSION)?
                .get(&OPEN_KEY.into())
                .map_err(describe)?,
        );
        let batches = store(&tx, BATCHES)?;
        let keys = settled(&batches.get_all_keys().map_err(describe)?);
        let bodies = settled(&batches.get_all().map_err(describe)?);
        let (session, keys, bodies) = (session.await?, keys.await?, bodies.await?);
        let Some(session) = from_js(&session) else {
            return Ok(None);
        };
        let keys: Array = keys.unchecked_into();
        let bodies: Array = bodies.unchecked_into();
        let batches = keys
            .iter()
            .zip(bodies.iter())
            .filter_map(|(seq, body)| {
                Some(Batch {
                    seq: seq.as_f64()? as i64,
                    body: body.as_string()?,
                })
            })
            .collect();
        Ok(Some((session, batches)))
    }

    /// Writes the session and adds batches, in one transaction; returns once it is committed.
    pub async fn save(&self, session: &OpenSession, batches: &[Batch]) -> Result<(), String> {
        let tx = self.transaction(IdbTransactionMode::Readwrite)?;
        store(&tx, SESSION)?
            .put_with_key(&to_js(session), &OPEN_KEY.into())
            .map_err(describe)?;
        let store = store(&tx, BATCHES)?;
        for batch in batches {
            store
                .put_with_key(&batch.body.as_str().into(), &(batch.seq as f64).into())
                .map_err(describe)?;
        }
        committed(&tx).await
    }

    /// Forgets a batch the server has.
    pub async fn remove(&self, seq: i64) -> Result<(), String> {
        let tx = self.transaction(IdbTransactionMode::Readwrite)?;
        store(&tx, BATCHES)?
            .delete(&(seq as f64).into())
            .map_err(describe)?;
        committed(&tx).await
    }

    /// Forgets the session and every batch (saved or discarded).
    pub async fn clear(&self) -> Result<(), String> {
        let tx = self.transaction(IdbTransactionMode::Readwrite)?;
        store(&tx, SESSION)?.clear().map_err(describe)?;
        store(&tx, BATCHES)?.clear().map_err(describe)?;
        committed(&tx).await
    }

    fn transaction(&self, mode: IdbTransactionMode) -> Result<IdbTransaction, String> {
        self.db
            .transaction_with_str_sequence_and_mode(
                &Array::of2(&SESSION.into(), &BATCHES.into()),
                mode,
            )
            .map_err(describe)
    }
}

// A plain object rather than JSON: the browser stores it as it is, and the bundle carries no
// serde code for it.
fn to_js(s: &OpenSession) -> JsValue {
    let object = Object::new();
    let set = |key: &str, value: JsValue| Reflect::set(&object, &key.into(), &value);
    let _ = set(
        "server_id",
        s.server_id.map_or(JsValue::NULL, |id| (id as f64).into()),
    );
    let _ = set("sport", s.sport.as_str().into());
    let _ = set("next_seq", (s.next_seq as f64).into());
    let _ = set("elapsed_s", (s.elapsed_s as f64).into());
    let _ = set("laps", (s.laps as f64).into());
    let _ = set("started_ms", (s.started_ms as f64).into());
    object.into()
}

fn from_js(value: &JsValue) -> Option<OpenSession> {
    let number = |key: &str| Reflect::get(value, &key.into()).ok()?.as_f64();
    Some(OpenSession {
        server_id: number("server_id").map(|id| id as i64),
        sport: Reflect::get(value, &"sport".into()).ok()?.as_string()?,
        next_seq: number("next_seq")? as i64,
        elapsed_s: number("elapsed_s")? as i64,
        laps: number("laps")? as usize,
        started_ms: number("started_ms")? as i64,
    })
}

fn store(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore, String> {
    tx.object_store(name).map_err(describe)
}

/// A request's result, or the reason it failed. The callback is attached now, before the
/// caller awaits anything (an event that fired meanwhile would be missed); it serves both
/// events (exactly one of them fires), so nothing is left behind.
fn settled(request: &IdbRequest) -> impl Future<Output = Result<JsValue, String>> + use<> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let target = request.clone();
        let done = Closure::once_into_js(move |_event: JsValue| {
            let error = Reflect::get(&target, &"error".into()).unwrap_or(JsValue::NULL);
            if error.is_null() || error.is_undefined() {
                let _ = resolve.call1(&JsValue::NULL, &target.result().unwrap_or_default());
            } else {
                let _ = reject.call1(&JsValue::NULL, &error);
            }
        });
        request.set_onsuccess(Some(done.unchecked_ref()));
        request.set_onerror(Some(done.unchecked_ref()));
    });
    async move { JsFuture::from(promise).await.map_err(describe) }
}

/// Awaits a transaction's commit (or its abort, with the reason).
async fn committed(tx: &IdbTransaction) -> Result<(), String> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let target = tx.clone();
        let done = Closure::once_into_js(move |event: JsValue| {
            let kind = Reflect::get(&event, &"type".into())
                .ok()
                .and_then(|t| t.as_string());
            if kind.as_deref() == Some("complete") {
                let _ = resolve.call0(&JsValue::NULL);
            } else {
                let error = Reflect::get(&target, &"error".into()).unwrap_or_default();
                let _ = reject.call1(&JsValue::NULL, &error);
            }
        });
        tx.set_oncomplete(Some(done.unchecked_ref()));
        tx.set_onabort(Some(done.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(drop).map_err(describe)
}
