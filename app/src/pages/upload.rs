//! `/upload`: drop many files (or zips) at once; each gets a progress bar, then its result.
//!
//! With script, every file (an HRM with its GPX: both) goes in a request of its own, so each has
//! its own progress and result. Without script, the same form posts all files at once and the
//! list page shows the counts.

use domain::{FileResult, Outcome};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::{components::RequireUser, csrf::CsrfToken};

/// The upload page.
#[component]
pub fn Upload() -> impl IntoView {
    view! {
        <Title text="Upload" />
        <RequireUser children=|_| view! { <UploadForm /> } />
    }
}

/// Where one upload request is.
#[derive(Debug, Clone, PartialEq)]
// Only the browser sends uploads; the server renders the empty list.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum State {
    Waiting,
    Sending,
    Importing,
    Done(Vec<FileResult>),
    Failed(String),
}

/// One upload request: one file, or an HRM with its GPX.
#[derive(Debug, Clone, Copy)]
struct Row {
    /// Position in the page's list, the key of its row.
    key: usize,
    name: StoredValue<String>,
    bytes: f64,
    /// Fraction sent, 0 to 1.
    progress: RwSignal<f64>,
    state: RwSignal<State>,
}

/// The interactive part of the page (an island: the only code of this page in the browser).
#[island]
fn UploadForm() -> impl IntoView {
    let token = CsrfToken::from_request().unwrap_or_default().0;
    let rows = RwSignal::new(Vec::<Row>::new());
    let dragging = RwSignal::new(false);
    let action = format!("/api/v1/uploads?csrf_token={token}&then=/workouts");
    view! {
        <section class="card">
            <h1>"Upload workouts"</h1>
            <p class="muted">
                "FIT, TCX, GPX and Polar HRM files, gzipped or not, or zips of them. "
                "Drop an HRM file together with its GPX track to get one workout with both. "
                "A file you uploaded before is recognised and not added twice."
            </p>
            <form
                method="post"
                enctype="multipart/form-data"
                action=action
                class="drop-zone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(false);
                    browser::dropped(&ev, rows);
                }
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    if browser::submitted(&ev, rows) {
                        ev.prevent_default();
                    }
                }
            >
                <p class="drop-icon" aria-hidden="true">"⇪"</p>
                <p><strong>"Drop files here"</strong>" or choose them:"</p>
                <label for="upload-files" class="visually-hidden">"Workout files"</label>
                <input
                    id="upload-files"
                    type="file"
                    name="file"
                    multiple=true
                    accept=".fit,.tcx,.gpx,.hrm,.zip,.gz,.FIT,.TCX,.GPX,.HRM"
                    on:change=move |ev| browser::picked(&ev, rows)
                />
                <noscript><button type="submit">"Upload"</button></noscript>
            </form>
            <Show when=move || !rows.get().is_empty()>
                <ol class="uploads" aria-label="Uploads" aria-live="polite">
                    <For each=move || rows.get() key=|row| row.key let:row>
                        <UploadRow row />
                    </For>
                </ol>
                <p class="muted"><a href="/calendar">"Open the calendar"</a> " · " <a href="/workouts">"All workouts"</a></p>
            </Show>
        </section>
    }
}

fn size_text(bytes: f64) -> String {
    if bytes >= 1e6 {
        format!("{:.1} MB", bytes / 1e6)
    } else {
        format!("{:.0} KB", (bytes / 1e3).ceil())
    }
}

#[component]
fn UploadRow(row: Row) -> impl IntoView {
    let name = row.name.get_value();
    view! {
        <li class="upload">
            <div class="upload-head">
                <span class="upload-name">{name.clone()}</span>
                <span class="muted">{size_text(row.bytes)}</span>
            </div>
            <progress
                max="100"
                value=move || format!("{:.0}", row.progress.get() * 100.0)
                aria-label=format!("Sending {name}")
            ></progress>
            {move || match row.state.get() {
                State::Waiting => view! { <p class="muted">"Waiting…"</p> }.into_any(),
                State::Sending => view! { <p class="muted">"Sending…"</p> }.into_any(),
                State::Importing => view! { <p class="muted">"Importing…"</p> }.into_any(),
                State::Failed(reason) => view! { <p class="result refused">{reason}</p> }.into_any(),
                State::Done(results) => view! {
                    <ul class="results">
                        {results.into_iter().map(|r| view! { <ResultLine result=r /> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </li>
    }
}

#[component]
fn ResultLine(result: FileResult) -> impl IntoView {
    let file = result.file;
    match result.outcome {
        Outcome::Imported { workout_ids, overlaps, .. } => view! {
            <li class="result imported">
                <span class="status">"Imported"</span>
                " " {file} " → "
                {workout_ids.into_iter().map(|id| view! { <a href=format!("/workouts/{id}")>"open workout"</a> " " }).collect_view()}
                {(!overlaps.is_empty()).then(|| view! { <span class="muted">"(overlaps another workout)"</span> })}
            </li>
        }.into_any(),
        Outcome::Duplicate { workout_id } => view! {
            <li class="result duplicate">
                <span class="status">"Already there"</span>
                " " {file} " → " <a href=format!("/workouts/{workout_id}")>"open workout"</a>
            </li>
        }.into_any(),
        Outcome::Linked { workout_id, service } => view! {
            <li class="result duplicate">
                <span class="status">"Linked"</span>
                " " {file} " → " {format!("already there, now also from {service}: ")}
                <a href=format!("/workouts/{workout_id}")>"open workout"</a>
            </li>
        }.into_any(),
        Outcome::Refused { error } => view! {
            <li class="result refused">
                <span class="status">"Refused"</span>
                " " {file} ": " {error}
            </li>
        }.into_any(),
        Outcome::Days { stored, kept, refused } => view! {
            <li class="result imported">
                <span class="status">"Days of activity"</span>
                " " {file} ": " {format!("{stored} stored")}
                {(kept > 0).then(|| format!(", {kept} kept from a preferred source"))}
                {(!refused.is_empty()).then(|| format!("; refused: {}", refused.join("; ")))}
            </li>
        }.into_any(),
        Outcome::Settings { changed } => view! {
            <li class="result imported">
                <span class="status">"Settings"</span>
                " " {file} ": "
                {if changed { "restored (units, time zone, heart rates and zones)" } else { "already as in the export" }}
            </li>
        }.into_any(),
        Outcome::Skipped { kind, count } => view! {
            <li class="result duplicate">
                <span class="status">"Skipped"</span>
                " " {file} ": " {format!("{count} {kind} entries hold nothing Laps imports")}
            </li>
        }.into_any(),
    }
}

/// The browser side: reading the dropped or picked files and sending them.
#[cfg(feature = "hydrate")]
mod browser {
    use leptos::{
        prelude::*,
        wasm_bindgen::{JsCast, closure::Closure},
    };
    use web_sys::{File, FileList, FormData, XmlHttpRequest};

    use super::{Row, State};

    /// Requests in flight at once: enough to overlap the server's work with the next upload.
    const PARALLEL: usize = 2;

    pub fn dropped(ev: &leptos::ev::DragEvent, rows: RwSignal<Vec<Row>>) {
        if let Some(files) = ev.data_transfer().and_then(|d| d.files()) {
            queue(&files, rows);
        }
    }

    pub fn picked(ev: &leptos::ev::Event, rows: RwSignal<Vec<Row>>) {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(files) = input.files() {
            queue(&files, rows);
        }
        // Picking the same files again should upload them again (and say "already there").
        input.set_value("");
    }

    /// With script, the form is never posted: its files were queued when picked.
    pub fn submitted(_: &leptos::ev::SubmitEvent, _: RwSignal<Vec<Row>>) -> bool {
        true
    }

    fn queue(list: &FileList, rows: RwSignal<Vec<Row>>) {
        let files: Vec<File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        let names: Vec<String> = files.iter().map(File::name).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        for (first, second) in domain::pair_names(&refs) {
            let mut group = vec![files[first].clone()];
            group.extend(second.map(|j| files[j].clone()));
            let name = group.iter().map(File::name).collect::<Vec<_>>().join(" + ");
            let row = Row {
                key: rows.with_untracked(Vec::len),
                name: StoredValue::new(name),
                bytes: group.iter().map(|f| f.size()).sum(),
                progress: RwSignal::new(0.0),
                state: RwSignal::new(State::Waiting),
            };
            PENDING.with(|p| p.borrow_mut().push((row, group)));
            rows.update(|r| r.push(row));
        }
        pump();
    }

    thread_local! {
        static PENDING: std::cell::RefCell<Vec<(Row, Vec<File>)>> = const { std::cell::RefCell::new(Vec::new()) };
        static RUNNING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Starts queued uploads while fewer than [`PARALLEL`] run.
    fn pump() {
        while RUNNING.with(std::cell::Cell::get) < PARALLEL {
            let next = PENDING.with(|p| {
                let mut p = p.borrow_mut();
                (!p.is_empty()).then(|| p.remove(0))
            });
            let Some((row, files)) = next else { return };
            RUNNING.with(|r| r.set(r.get() + 1));
            if let Err(reason) = send(row, &files) {
                row.state.set(State::Failed(reason));
                finished();
            }
        }
    }

    fn finished() {
        RUNNING.with(|r| r.set(r.get().saturating_sub(1)));
        pump();
    }

    fn send(row: Row, files: &[File]) -> Result<(), String> {
        let failed = |_| "The upload could not start in this browser.".to_owned();
        let form = FormData::new().map_err(failed)?;
        for file in files {
            form.append_with_blob_and_filename("file", file, &file.name())
                .map_err(failed)?;
        }
        let xhr = XmlHttpRequest::new().map_err(failed)?;
        xhr.open("POST", "/api/v1/uploads").map_err(failed)?;
        let token = crate::csrf::CsrfToken::from_request().unwrap_or_default().0;
        xhr.set_request_header(crate::csrf::HEADER, &token)
            .map_err(failed)?;
        xhr.set_request_header("accept", "application/json")
            .map_err(failed)?;

        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
                if ev.length_computable() && ev.total() > 0.0 {
                    row.progress.set(ev.loaded() / ev.total());
                }
            });
        let on_sent = Closure::<dyn FnMut()>::new(move || {
            row.progress.set(1.0);
            row.state.set(State::Importing);
        });
        let upload = xhr.upload().map_err(failed)?;
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        upload.set_onload(Some(on_sent.as_ref().unchecked_ref()));
        let done_xhr = xhr.clone();
        let on_done = Closure::<dyn FnMut()>::new(move || {
            row.state.set(outcome(&done_xhr));
            finished();
        });
        let on_error = Closure::<dyn FnMut()>::new(move || {
            row.state.set(State::Failed(
                "Laps could not be reached. Check your connection and try again.".to_owned(),
            ));
            finished();
        });
        xhr.set_onload(Some(on_done.as_ref().unchecked_ref()));
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The handlers live as long as the page: each is small and runs once.
        on_progress.forget();
        on_sent.forget();
        on_done.forget();
        on_error.forget();
        row.state.set(State::Sending);
        xhr.send_with_opt_form_data(Some(&form)).map_err(failed)
    }

    fn outcome(xhr: &XmlHttpRequest) -> State {
        let status = xhr.status().unwrap_or(0);
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        match status {
            200 => match serde_json::from_value::<domain::UploadReply>(json.clone()) {
                Ok(reply) => State::Done(reply.files),
                Err(_) => State::Failed("The server's answer could not be read.".to_owned()),
            },
            413 => State::Failed(
                "This upload is larger than the server accepts. Split it into smaller zips."
                    .to_owned(),
            ),
            401 => State::Failed("You were signed out. Sign in again, then upload.".to_owned()),
            _ => State::Failed(
                json["error"]
                    .as_str()
                    .map_or_else(|| format!("The upload failed ({status})."), str::to_owned),
            ),
        }
    }
}

/// On the server nothing is dropped or picked.
#[cfg(not(feature = "hydrate"))]
mod browser {
    use leptos::prelude::*;

    use super::Row;

    pub fn dropped(_: &leptos::ev::DragEvent, _: RwSignal<Vec<Row>>) {}
    pub fn picked(_: &leptos::ev::Event, _: RwSignal<Vec<Row>>) {}
    pub fn submitted(_: &leptos::ev::SubmitEvent, _: RwSignal<Vec<Row>>) -> bool {
        false
    }
}
