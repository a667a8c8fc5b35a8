//! `/record`: live recording from Bluetooth sensors in the browser (Web Bluetooth). Connect a
//! heart-rate strap and optionally a footpod, speed/cadence sensor or power meter; see heart
//! rate, RR-based HRV, pace or power and the elapsed time; lap, pause, resume; save.
//!
//! The recording goes to the server through the sync API while it runs (a batch every few
//! seconds, kept on the device until the server has it: [`crate::ble::outbox`]); Save closes
//! the session and the workout opens. A reload or a crash loses at most the last seconds: the
//! page finds the open session on the device and offers to continue or finish it. While
//! recording the page keeps the screen on and asks before it is left.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::RequireUser;

/// The record page.
#[component]
pub fn Record() -> impl IntoView {
    view! {
        <Title text=t!("nav-record") />
        <RequireUser children=|user| view! {
            <section class="card record">
                <h1>{t!("nav-record")}</h1>
                <RecordPanel user_id=user.id.get() />
                <noscript><p class="form-error">{t!("record-needs-script")}</p></noscript>
            </section>
        } />
    }
}

/// Where the recording stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Nothing recorded yet (or an unfinished recording is waiting for a choice).
    Idle,
    Recording,
    Paused,
}

/// Seconds between cuts: a reload or a crash loses at most this much of the ride.
#[cfg(feature = "hydrate")]
const CUT_EVERY_MS: i32 = 5000;

/// The interactive part (an island: the only code of this page in the browser). `user_id`
/// names the device's store, so two people on one browser never see each other's ride.
#[island]
fn RecordPanel(user_id: i64) -> impl IntoView {
    let supported = RwSignal::new(None::<bool>);
    let connected = RwSignal::new(Vec::<String>::new());
    let status = RwSignal::new(String::new());
    let live = RwSignal::new(crate::ble::Live::default());
    let phase = RwSignal::new(Phase::Idle);
    let elapsed_s = RwSignal::new(0i64);
    let laps = RwSignal::new(0usize);
    let saving = RwSignal::new(false);
    let sport = RwSignal::new("running".to_owned());
    // The device's store has been read (Start waits for it: it must not hide a found ride).
    let ready = RwSignal::new(false);
    // An unfinished recording found on the device, and when it started ("07:12").
    let found = RwSignal::new(None::<(crate::ble::OpenSession, String)>);
    let sync = RwSignal::new(None::<String>);
    let screen_note = RwSignal::new(String::new());
    #[cfg(not(feature = "hydrate"))]
    let _ = user_id;
    // Browser-only state (not Send): a local stored value is a Copy handle the closures share.
    // Only in the browser: on the server a thread-local value would be dropped on another
    // thread when the render ends.
    #[cfg(feature = "hydrate")]
    let outbox = StoredValue::new_local(std::rc::Rc::new(crate::ble::outbox::Outbox::new(user_id)));
    #[cfg(feature = "hydrate")]
    let screen = StoredValue::new_local(std::rc::Rc::new(crate::ble::screen::WakeLock::default()));
    #[cfg(feature = "hydrate")]
    let report = move |progress: crate::ble::outbox::Progress| {
        sync.set(Some(sync_words(&progress)));
    };
    // Cuts, keeps and sends now (skipped if a flush is under way; the next one catches up).
    #[cfg(feature = "hydrate")]
    let flush = move || {
        let outbox = outbox.get_value();
        let clock = (phase.get_untracked() != Phase::Idle).then(|| elapsed_s.get_untracked());
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(progress) = outbox.flush(clock).await {
                report(progress);
            }
        });
    };
    #[cfg(feature = "hydrate")]
    let hold_screen = move || {
        let screen = screen.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            match screen.acquire().await {
                Ok(()) if phase.get_untracked() != Phase::Recording => screen.release(),
                Ok(()) => screen_note.set(String::new()),
                Err(e) => screen_note.set(t!("record-screen-off", error = e)),
            }
        });
    };
    #[cfg(feature = "hydrate")]
    {
        use crate::ble::{screen, web};
        Effect::new(move |_| supported.set(Some(web::supported())));
        // A ride left on the device by a reload or a crash: offered, and sent meanwhile.
        wasm_bindgen_futures::spawn_local(async move {
            let outbox = outbox.get_value();
            if let Some(session) = outbox.load().await {
                let started = js_sys::Date::new(&(session.started_ms as f64).into());
                let at = format!("{:02}:{:02}", started.get_hours(), started.get_minutes());
                found.set(Some((session, at)));
                report(outbox.progress());
            } else if let Some(why) = outbox.progress().not_kept {
                screen_note.set(t!("record-not-kept", error = why));
            }
            ready.set(true);
        });
        // The clock: counts while recording, holds while paused.
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                web::sleep_ms(1000).await;
                match phase.try_get_untracked() {
                    Some(Phase::Recording) => elapsed_s.update(|s| *s += 1),
                    Some(_) => {}
                    None => return,
                }
            }
        });
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                web::sleep_ms(CUT_EVERY_MS).await;
                if phase.try_get_untracked().is_none() {
                    return;
                }
                flush();
            }
        });
        // The screen stays on while recording; the browser drops the lock when the page is
        // hidden, so it is asked for again when the page is back.
        Effect::new(move |_| {
            if phase.get() == Phase::Recording {
                hold_screen();
            } else {
                screen.get_value().release();
            }
        });
        screen::on_visible(move || {
            if phase.try_get_untracked() == Some(Phase::Recording) {
                hold_screen();
            }
        });
        screen::warn_before_leaving(move || {
            matches!(
                phase.try_get_untracked(),
                Some(Phase::Recording | Phase::Paused)
            )
        });
    }
    let connect = {
        move |kind: crate::ble::SensorKind| {
            #[cfg(feature = "hydrate")]
            {
                status.set(t!("record-choose", sensor = kind.label()));
                wasm_bindgen_futures::spawn_local(async move {
                    let on_value = move |bytes: Vec<u8>| {
                        let recording = phase.get_untracked() == Phase::Recording;
                        let now = domain::Timestamp::now().unix_ms();
                        live.set(outbox.get_value().take(kind, now, bytes, recording));
                    };
                    match crate::ble::web::connect(kind, on_value, move |s| status.set(s)).await {
                        Ok(c) => {
                            status.set(t!("record-connected", name = &c.name));
                            connected.update(|list| {
                                list.push(t!(
                                    "record-sensor-named",
                                    name = c.name,
                                    sensor = kind.label()
                                ))
                            });
                        }
                        Err(e) => status.set(t!(
                            "record-connect-failed",
                            sensor = kind.label(),
                            error = e
                        )),
                    }
                });
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = kind;
        }
    };
    let start = move |_| {
        #[cfg(feature = "hydrate")]
        {
            outbox
                .get_value()
                .begin(&sport.get_untracked(), domain::Timestamp::now().unix_ms());
            phase.set(Phase::Recording);
            // Opens the session on the server now, not in a few seconds.
            flush();
        }
    };
    let pause = move |_| {
        phase.set(Phase::Paused);
        #[cfg(feature = "hydrate")]
        flush();
    };
    let lap = move |_| {
        #[cfg(feature = "hydrate")]
        outbox.get_value().lap(domain::Timestamp::now().unix_ms());
        laps.update(|n| *n += 1);
    };
    // Carries on with the ride found on the device: its clock, laps and sport; the sensors
    // must be connected again (the browser forgot them with the page).
    let adopt = move || {
        if let Some((session, _)) = found.get_untracked() {
            elapsed_s.set(session.elapsed_s);
            laps.set(session.laps);
            sport.set(session.sport);
            phase.set(Phase::Paused);
            found.set(None);
        }
    };
    let save = move || {
        phase.set(Phase::Paused);
        saving.set(true);
        #[cfg(feature = "hydrate")]
        wasm_bindgen_futures::spawn_local(async move {
            let outbox = outbox.get_value();
            let result = outbox.finish(elapsed_s.get_untracked()).await;
            report(outbox.progress());
            match result {
                Ok(id) => {
                    // Not recording any more: leaving needs no warning.
                    phase.set(Phase::Idle);
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().set_href(&format!("/workouts/{id}"));
                    }
                }
                Err(e) => {
                    status.set(t!("record-save-failed", error = e));
                    saving.set(false);
                }
            }
        });
    };
    let discard = move || {
        #[cfg(feature = "hydrate")]
        {
            let sure = web_sys::window()
                .and_then(|w| w.confirm_with_message(&t!("record-discard-confirm")).ok())
                .unwrap_or(false);
            if !sure {
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                outbox.get_value().discard().await;
                found.set(None);
                sync.set(None);
                phase.set(Phase::Idle);
                elapsed_s.set(0);
                laps.set(0);
                status.set(t!("record-discarded"));
            });
        }
    };
    let clock = move || hms(elapsed_s.get());
    view! {
        {move || match supported.get() {
            None => view! { <p class="muted">{t!("record-checking")}</p> }.into_any(),
            Some(false) => view! {
                <div class="empty-state" role="status">
                    <p><strong>{t!("record-unsupported")}</strong></p>
                    <p class="muted">{t!("record-unsupported-hint")}</p>
                </div>
            }.into_any(),
            Some(true) => view! {
                <div class="record-panel">
                    {move || found.get().map(|(session, at)| view! {
                        <div class="record-resume" role="alert">
                            <p><strong>{t!("record-found")}</strong></p>
                            <p>{t!("record-found-hint", time = at, elapsed = hms(session.elapsed_s))}</p>
                            <div class="record-controls">
                                <button type="button" class="primary" on:click=move |_| adopt()>{t!("record-continue")}</button>
                                <button type="button" on:click=move |_| { adopt(); save(); }>{t!("record-finish")}</button>
                                <button type="button" on:click=move |_| discard()>{t!("record-discard")}</button>
                            </div>
                        </div>
                    })}
                    <div class="sensor-buttons">
                        {crate::ble::SensorKind::ALL.into_iter().map(|kind| {
                            view! { <button type="button" on:click=move |_| connect(kind)>{t!("record-connect", sensor = kind.label())}</button> }
                        }).collect_view()}
                    </div>
                    <ul class="connected">{move || connected.get().into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                    <p role="status" aria-live="polite" class="muted">{move || status.get()}</p>
                    <dl class="tiles live">
                        <div><dt>{t!("word-heart-rate")}</dt><dd class="live-hr">{move || live.get().bpm.map_or("–".to_owned(), |b| b.to_string())}</dd></div>
                        <div><dt>{t!("record-hrv")}</dt><dd class="live-hrv">{move || live.get().rmssd_ms.map_or("–".to_owned(), |v| format!("{v:.0} ms"))}</dd></div>
                        <div><dt>{t!("word-pace")}</dt><dd class="live-pace">{move || live.get().speed_mps.filter(|s| *s > 0.3).map_or("–".to_owned(), |s| { let sec = 1000.0 / s; format!("{}:{:02} /km", (sec / 60.0) as i64, (sec % 60.0) as i64) })}</dd></div>
                        <div><dt>{t!("word-power")}</dt><dd class="live-power">{move || live.get().watts.map_or("–".to_owned(), |w| format!("{w} W"))}</dd></div>
                        <div><dt>{t!("word-time")}</dt><dd class="live-time">{clock}</dd></div>
                        <div><dt>{t!("word-laps")}</dt><dd>{move || laps.get() + 1}</dd></div>
                    </dl>
                    <label>{t!("word-sport")}" "
                        // The server session is opened with the sport: it is chosen before Start.
                        <select on:change=move |ev| sport.set(event_target_value(&ev)) prop:value=move || sport.get() disabled=move || phase.get() != Phase::Idle || found.get().is_some()>
                            <option value="running">{t!("sport-running")}</option>
                            <option value="cycling">{t!("sport-cycling")}</option>
                            <option value="walking">{t!("sport-walking")}</option>
                            <option value="generic">{t!("record-other-sport")}</option>
                        </select>
                    </label>
                    <div class="record-controls" hidden=move || found.get().is_some()>
                        {move || match phase.get() {
                            Phase::Idle => view! { <button type="button" class="primary" on:click=start disabled=move || !ready.get()>{t!("record-start")}</button> }.into_any(),
                            Phase::Recording => view! { <button type="button" on:click=pause>{t!("record-pause")}</button> }.into_any(),
                            Phase::Paused => view! { <button type="button" on:click=move |_| phase.set(Phase::Recording)>{t!("record-resume")}</button> }.into_any(),
                        }}
                        <button type="button" on:click=lap disabled=move || phase.get() != Phase::Recording>{t!("record-lap")}</button>
                        <button type="button" class="primary" on:click=move |_| save() disabled=move || phase.get() == Phase::Idle || saving.get()>
                            {move || if saving.get() { t!("record-saving") } else { t!("word-save") }}
                        </button>
                        <button type="button" on:click=move |_| discard() hidden=move || phase.get() != Phase::Paused || saving.get()>{t!("record-discard")}</button>
                    </div>
                    {move || sync.get().map(|words| view! { <p class="record-sync" role="status">{words}</p> })}
                    <p class="record-screen muted" role="status">{move || screen_note.get()}</p>
                </div>
            }.into_any(),
        }}
    }
}

/// `h:mm:ss`.
fn hms(s: i64) -> String {
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The sending line, in words.
#[cfg(feature = "hydrate")]
fn sync_words(p: &crate::ble::outbox::Progress) -> String {
    let words = t!("record-sync", sent = p.on_server, waiting = p.waiting);
    match &p.error {
        Some(e) => format!("{words} {}", t!("record-sync-failed", error = e)),
        None => words,
    }
}
