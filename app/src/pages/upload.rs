//! `/upload`: drop many files (or zips, or a service's account archive) at once; each gets a
//! progress bar, then its result.
//!
//! With script, every file (an HRM with its GPX: both) goes in a request of its own, so each has
//! its own progress and result. The server streams each request's results as it imports them,
//! so an archive of years shows "n of N items" while it is imported, then its summary ("212
//! workouts, 3 manual entries, ...") with the workouts listed by title. Without script, the same
//! form posts all files at once and the list page shows the counts.

mod browser;
mod results;

use leptos::prelude::*;
use leptos_meta::Title;

use self::results::{Finished, Results};
use crate::{components::RequireUser, csrf::CsrfToken};

/// The upload page.
#[component]
pub fn Upload() -> impl IntoView {
    // Outside `RequireUser`'s `Suspend` (see the calendar page): the units its results use.
    let units = Resource::new(|| (), |_| crate::workouts::units());
    view! {
        <Title text=t!("nav-upload") />
        <RequireUser children=move |_| view! {
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let units = units.await.unwrap_or_default();
                    view! { <UploadForm units /> }
                })}
            </Suspense>
        } />
    }
}

/// Where one upload request is.
#[derive(Debug, Clone, PartialEq)]
// Only the browser sends uploads; the server renders the empty list.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum State {
    Waiting,
    Sending,
    /// Sent; `done` items imported so far, of `total` once the server said how many.
    Importing {
        done: u32,
        total: Option<u32>,
    },
    Done(Finished),
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
fn UploadForm(
    /// The athlete's units, for the distances in the results.
    units: domain::Units,
) -> impl IntoView {
    provide_context(units);
    let token = CsrfToken::from_request().unwrap_or_default().0;
    let rows = RwSignal::new(Vec::<Row>::new());
    let dragging = RwSignal::new(false);
    let action = format!("/api/v1/uploads?csrf_token={token}&then=/workouts");
    view! {
        <section class="card">
            <h1>{t!("upload-workouts")}</h1>
            <p class="muted">{t!("upload-intro")}</p>
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
                <p><strong>{t!("upload-drop")}</strong>" "{t!("upload-choose")}</p>
                <label for="upload-files" class="visually-hidden">{t!("upload-files")}</label>
                <input
                    id="upload-files"
                    type="file"
                    name="file"
                    multiple=true
                    accept=".fit,.tcx,.gpx,.hrm,.zip,.gz,.FIT,.TCX,.GPX,.HRM"
                    on:change=move |ev| browser::picked(&ev, rows)
                />
                <noscript><button type="submit">{t!("nav-upload")}</button></noscript>
            </form>
            <Show when=move || !rows.get().is_empty()>
                <ol class="uploads" aria-label=t!("upload-list")>
                    <For each=move || rows.get() key=|row| row.key let:row>
                        <UploadRow row />
                    </For>
                </ol>
                <p class="muted"><a href="/calendar">{t!("upload-open-calendar")}</a> " · " <a href="/workouts">{t!("upload-all-workouts")}</a></p>
            </Show>
        </section>
    }
}

fn size_text(bytes: f64) -> String {
    if bytes >= 1e6 {
        t!(
            "upload-size-mb",
            size = crate::i18n::num(format!("{:.1}", bytes / 1e6))
        )
    } else {
        t!(
            "upload-size-kb",
            size = format!("{:.0}", (bytes / 1e3).ceil())
        )
    }
}

/// How far the progress bar is: bytes sent, then items imported when there are several.
fn bar(state: &State, sent: f64) -> f64 {
    match state {
        State::Waiting | State::Sending => sent,
        State::Importing {
            done,
            total: Some(total),
        } if *total > 1 => f64::from(*done) / f64::from(*total),
        State::Importing { .. } | State::Done(_) | State::Failed(_) => 1.0,
    }
}

/// The progress bar's name: the step and the file.
fn bar_label(state: &State, name: &str) -> String {
    match state {
        State::Waiting | State::Sending => t!("upload-bar-sending", name = name),
        State::Importing { .. } => t!("upload-bar-importing", name = name),
        State::Done(_) | State::Failed(_) => t!("upload-bar-uploaded", name = name),
    }
}

/// What a screen reader is told of a row: each step, and an import's progress in tenths only
/// (every item of an archive would be hundreds of announcements).
fn announcement(name: &str, state: &State) -> String {
    match state {
        State::Waiting => t!("upload-told-waiting", name = name),
        State::Sending => t!("upload-told-sending", name = name),
        State::Importing {
            done,
            total: Some(total),
        } if *total > 1 => {
            let tenths = u64::from(*done) * 10 / u64::from(*total);
            t!(
                "upload-told-importing-items",
                name = name,
                total = *total,
                percent = tenths * 10
            )
        }
        State::Importing { .. } => t!("upload-told-importing", name = name),
        State::Done(finished) => t!(
            "upload-named",
            name = name,
            text = crate::i18n::upload_summary(&finished.summary)
        ),
        State::Failed(reason) => t!("upload-named", name = name, text = reason),
    }
}

#[component]
fn UploadRow(row: Row) -> impl IntoView {
    let name = row.name.get_value();
    let shown = name.clone();
    let told = Memo::new(move |_| announcement(&shown, &row.state.get()));
    let label = name.clone();
    view! {
        <li class="upload">
            <div class="upload-head">
                <span class="upload-name">{name.clone()}</span>
                <span class="muted">{size_text(row.bytes)}</span>
            </div>
            <progress
                max="100"
                value=move || format!("{:.0}", row.state.with(|s| bar(s, row.progress.get())) * 100.0)
                aria-label=move || row.state.with(|s| bar_label(s, &label))
            ></progress>
            <span class="visually-hidden" role="status">{move || told.get()}</span>
            {move || match row.state.get() {
                State::Waiting => view! { <p class="muted">{t!("upload-waiting")}</p> }.into_any(),
                State::Sending => view! { <p class="muted">{t!("upload-sending")}</p> }.into_any(),
                State::Importing { done, total: Some(total) } if total > 1 => {
                    view! { <p class="muted">{t!("upload-importing-items", done = done, total = total)}</p> }
                        .into_any()
                }
                State::Importing { .. } => view! { <p class="muted">{t!("upload-importing")}</p> }.into_any(),
                State::Failed(reason) => view! { <p class="result refused">{reason}</p> }.into_any(),
                State::Done(finished) => view! { <Results finished /> }.into_any(),
            }}
        </li>
    }
}
