//! `/record`: live recording from Bluetooth sensors in the browser (Web Bluetooth). Connect a
//! heart-rate strap and optionally a footpod, speed/cadence sensor or power meter; see heart
//! rate, RR-based HRV, pace or power and the elapsed time; lap, pause, resume; save. Saving
//! sends the session through the sync API, and the workout opens.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::RequireUser;

/// The record page.
#[component]
pub fn Record() -> impl IntoView {
    view! {
        <Title text="Record" />
        <RequireUser children=|_| view! {
            <section class="card record">
                <h1>"Record"</h1>
                <RecordPanel />
                <noscript><p class="form-error">"Recording needs JavaScript and a browser with Web Bluetooth."</p></noscript>
            </section>
        } />
    }
}

/// The interactive part (an island: the only code of this page in the browser).
#[island]
fn RecordPanel() -> impl IntoView {
    let supported = RwSignal::new(None::<bool>);
    let connected = RwSignal::new(Vec::<String>::new());
    let status = RwSignal::new(String::new());
    let live = RwSignal::new(crate::ble::Live::default());
    // 0 idle, 1 recording, 2 paused.
    let phase = RwSignal::new(0u8);
    let elapsed_s = RwSignal::new(0i64);
    let laps = RwSignal::new(0usize);
    let saving = RwSignal::new(false);
    let sport = RwSignal::new("running".to_owned());
    // Browser-only state (not Send): a local stored value is a Copy handle the closures share.
    // Only in the browser: on the server a thread-local value would be dropped on another
    // thread when the render ends.
    #[cfg(feature = "hydrate")]
    let recorder = StoredValue::new_local(crate::ble::Recorder::default());
    #[cfg(feature = "hydrate")]
    {
        Effect::new(move |_| supported.set(Some(crate::ble::web::supported())));
        // The clock: counts while recording, holds while paused.
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                crate::ble::web::sleep_ms(1000).await;
                if phase.get_untracked() == 1 {
                    elapsed_s.update(|s| *s += 1);
                }
            }
        });
    }
    let connect = {
        move |kind: crate::ble::SensorKind| {
            #[cfg(feature = "hydrate")]
            {
                status.set(format!(
                    "Choose your {} in the browser's list…",
                    kind.label()
                ));
                wasm_bindgen_futures::spawn_local(async move {
                    let on_value = move |bytes: Vec<u8>| {
                        recorder.update_value(|r| {
                            r.take(
                                kind,
                                crate::ble::web::now_ms(),
                                bytes,
                                phase.get_untracked() == 1,
                            );
                            live.set(r.live);
                        });
                    };
                    match crate::ble::web::connect(kind, on_value, move |s| status.set(s)).await {
                        Ok(c) => {
                            status.set(format!("Connected: {}.", c.name));
                            connected
                                .update(|list| list.push(format!("{} ({})", c.name, kind.label())));
                        }
                        Err(e) => {
                            status.set(format!("Could not connect the {}: {e}", kind.label()))
                        }
                    }
                });
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = kind;
        }
    };
    let lap = move |_| {
        #[cfg(feature = "hydrate")]
        recorder.update_value(|r| r.laps_ms.push(crate::ble::web::now_ms()));
        laps.update(|n| *n += 1);
    };
    let save = {
        move |_| {
            phase.set(2);
            saving.set(true);
            #[cfg(feature = "hydrate")]
            {
                wasm_bindgen_futures::spawn_local(async move {
                    let body = recorder.with_value(crate::ble::sync_batches);
                    match save_session(&sport.get_untracked(), body).await {
                        Ok(id) => {
                            if let Some(w) = web_sys::window() {
                                let _ = w.location().set_href(&format!("/workouts/{id}"));
                            }
                        }
                        Err(e) => {
                            status.set(format!(
                                "Saving failed: {e}. Your recording is still here; try again."
                            ));
                            saving.set(false);
                        }
                    }
                });
            }
        }
    };
    let clock = move || {
        let s = elapsed_s.get();
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    };
    view! {
        {move || match supported.get() {
            None => view! { <p class="muted">"Checking for Web Bluetooth…"</p> }.into_any(),
            Some(false) => view! {
                <div class="empty-state" role="status">
                    <p><strong>"This browser cannot talk to Bluetooth sensors."</strong></p>
                    <p class="muted">"Live recording needs Web Bluetooth: Chrome, Edge or Opera on a computer or Android phone (not Firefox or Safari), over https or on this computer. You can still record with your watch or a phone app and upload the file, or sync it with an access token."</p>
                </div>
            }.into_any(),
            Some(true) => view! {
                <div class="record-panel">
                    <div class="sensor-buttons">
                        {crate::ble::SensorKind::ALL.into_iter().map(|kind| {
                            view! { <button type="button" on:click=move |_| connect(kind)>{format!("Connect {}", kind.label())}</button> }
                        }).collect_view()}
                    </div>
                    <ul class="connected">{move || connected.get().into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                    <p role="status" aria-live="polite" class="muted">{move || status.get()}</p>
                    <dl class="tiles live">
                        <div><dt>"Heart rate"</dt><dd class="live-hr">{move || live.get().bpm.map_or("–".to_owned(), |b| b.to_string())}</dd></div>
                        <div><dt>"HRV (RMSSD)"</dt><dd class="live-hrv">{move || live.get().rmssd_ms.map_or("–".to_owned(), |v| format!("{v:.0} ms"))}</dd></div>
                        <div><dt>"Pace"</dt><dd class="live-pace">{move || live.get().speed_mps.filter(|s| *s > 0.3).map_or("–".to_owned(), |s| { let sec = 1000.0 / s; format!("{}:{:02} /km", (sec / 60.0) as i64, (sec % 60.0) as i64) })}</dd></div>
                        <div><dt>"Power"</dt><dd class="live-power">{move || live.get().watts.map_or("–".to_owned(), |w| format!("{w} W"))}</dd></div>
                        <div><dt>"Time"</dt><dd class="live-time">{clock}</dd></div>
                        <div><dt>"Laps"</dt><dd>{move || laps.get() + 1}</dd></div>
                    </dl>
                    <label>"Sport "
                        <select on:change=move |ev| sport.set(event_target_value(&ev)) prop:value=move || sport.get()>
                            <option value="running">"Running"</option>
                            <option value="cycling">"Cycling"</option>
                            <option value="walking">"Walking"</option>
                            <option value="generic">"Other"</option>
                        </select>
                    </label>
                    <div class="record-controls">
                        {move || match phase.get() {
                            0 => view! { <button type="button" class="primary" on:click=move |_| phase.set(1)>"Start"</button> }.into_any(),
                            1 => view! { <button type="button" on:click=move |_| phase.set(2)>"Pause"</button> }.into_any(),
                            _ => view! { <button type="button" on:click=move |_| phase.set(1)>"Resume"</button> }.into_any(),
                        }}
                        <button type="button" on:click=lap disabled=move || phase.get() != 1>"Lap"</button>
                        <button type="button" class="primary" on:click=save disabled=move || phase.get() == 0 || saving.get()>
                            {move || if saving.get() { "Saving…" } else { "Save" }}
                        </button>
                    </div>
                </div>
            }.into_any(),
        }}
    }
}

/// Sends the recording through the sync API; the workout's id.
#[cfg(feature = "hydrate")]
async fn save_session(sport: &str, batches: Vec<String>) -> Result<i64, String> {
    use crate::ble::web::post_json;
    let csrf = crate::csrf::CsrfToken::from_request()
        .map(|t| t.0)
        .unwrap_or_default();
    let session = post_json(
        "/api/v1/sync/sessions",
        &format!("{{\"sport\":\"{sport}\"}}"),
        &csrf,
    )
    .await?;
    let id = js_sys::Reflect::get(&session, &"id".into())
        .ok()
        .and_then(|v| v.as_f64())
        .ok_or("no session id")? as i64;
    for batch in batches {
        post_json(
            &format!("/api/v1/sync/sessions/{id}/batches"),
            &batch,
            &csrf,
        )
        .await?;
    }
    let closed = post_json(&format!("/api/v1/sync/sessions/{id}/close"), "{}", &csrf).await?;
    js_sys::Reflect::get(&closed, &"workout_id".into())
        .ok()
        .and_then(|v| v.as_f64())
        .map(|v| v as i64)
        .ok_or_else(|| "nothing was recorded".to_owned())
}
