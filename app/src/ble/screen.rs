//! Keeping the page alive while it records: the screen wake lock (a phone that turns its
//! screen off freezes the page, and with it the Bluetooth notifications), and a warning
//! before the page is left. `navigator.wakeLock` is reached through `js_sys::Reflect`:
//! web-sys's bindings for it need an unstable cfg.

use std::cell::{Cell, RefCell};

use wasm_bindgen::{JsCast as _, JsValue, closure::Closure};

use super::web::{call, get};

/// The screen wake lock, held or not.
#[derive(Default)]
pub struct WakeLock {
    sentinel: RefCell<Option<JsValue>>,
    asking: Cell<bool>,
}

impl WakeLock {
    /// Asks the browser to keep the screen on, unless the lock is held (or being asked for)
    /// already. The browser drops the lock whenever the page is hidden, so this is asked again
    /// when it is shown (see [`on_visible`]). Refused: why (no wake lock in this browser, no
    /// permission, battery saver…).
    pub async fn acquire(&self) -> Result<(), String> {
        if self.held() || self.asking.replace(true) {
            return Ok(());
        }
        let result = request().await;
        self.asking.set(false);
        *self.sentinel.borrow_mut() = Some(result?);
        Ok(())
    }

    /// Lets the screen turn off again.
    pub fn release(&self) {
        if let Some(sentinel) = self.sentinel.borrow_mut().take() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = call(&sentinel, "release", &[]).await;
            });
        }
    }

    fn held(&self) -> bool {
        self.sentinel.borrow().as_ref().is_some_and(|sentinel| {
            get(sentinel, "released").ok().and_then(|r| r.as_bool()) == Some(false)
        })
    }
}

async fn request() -> Result<JsValue, String> {
    let window = web_sys::window().ok_or("no window")?;
    let lock = get(&get(&window, "navigator")?, "wakeLock")?;
    if lock.is_undefined() || lock.is_null() {
        return Err(t!("record-no-wake-lock"));
    }
    call(&lock, "request", &["screen".into()]).await
}

/// Calls `f` whenever the page becomes visible again.
pub fn on_visible(f: impl Fn() + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let shown = document.clone();
    listen(&document, "visibilitychange", move |_| {
        if !shown.hidden() {
            f();
        }
    });
}

/// Makes the browser ask "Leave site?" before the page is left (reload, close, another
/// address) whenever `active()` says so.
pub fn warn_before_leaving(active: impl Fn() -> bool + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    listen(&window, "beforeunload", move |event| {
        if active() {
            event.prevent_default();
            // Older browsers ask only when `returnValue` is set; none shows the text.
            let _ = js_sys::Reflect::set(
                &event,
                &"returnValue".into(),
                &"The recording is still running.".into(),
            );
        }
    });
}

/// Adds a listener for the page's whole life.
fn listen(target: &web_sys::EventTarget, name: &str, f: impl Fn(web_sys::Event) + 'static) {
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(f);
    let _ = target.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
    listener.forget();
}
