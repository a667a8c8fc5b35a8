//! The browser's time zone for a form: sign-up takes it, so a new athlete's workouts without a
//! position land at the right hour from the first upload.

use leptos::prelude::*;

/// A hidden `time_zone` field filled with the browser's IANA zone, and a line saying which
/// (an island: without script the field stays empty and the server keeps its default, UTC).
#[island]
pub fn BrowserTimeZone() -> impl IntoView {
    // Empty on the server and in the first client render alike (no hydration mismatch); the
    // effect, which runs in the browser only, fills it in.
    let (zone, set_zone) = signal(String::new());
    Effect::new(move |_| {
        if let Some(found) = browser_zone() {
            set_zone.set(found);
        }
    });
    view! {
        <input type="hidden" name="time_zone" prop:value=move || zone.get() />
        <p class="hint browser-zone" aria-live="polite">
            {move || {
                let zone = zone.get();
                (!zone.is_empty()).then(|| t!("timezone-from-browser", zone = zone))
            }}
        </p>
    }
}

/// The zone the browser's `Intl` API reports (`Europe/Berlin`).
fn browser_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsValue;
        let format =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        js_sys::Reflect::get(&format.resolved_options(), &JsValue::from_str("timeZone"))
            .ok()?
            .as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}
