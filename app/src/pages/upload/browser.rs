//! The browser side of the upload page: reading the dropped or picked files, sending them
//! (progress of the bytes sent), and reading the streamed answer (progress of the items
//! imported). On the server nothing is dropped or picked.

#[cfg(feature = "hydrate")]
pub use self::hydrate::{dropped, picked, submitted};

#[cfg(feature = "hydrate")]
mod hydrate {
    use std::{cell::RefCell, rc::Rc};

    use leptos::{
        prelude::*,
        wasm_bindgen::{JsCast, closure::Closure},
    };
    use web_sys::{File, FileList, FormData, XmlHttpRequest};

    use super::super::{Row, State, results::Reader};

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
        static PENDING: RefCell<Vec<(Row, Vec<File>)>> = const { RefCell::new(Vec::new()) };
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
        let failed = |_| t!("upload-failed-start");
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
        // Results as they are imported, one JSON object a line (errors still come as JSON).
        xhr.set_request_header("accept", "application/x-ndjson, application/json;q=0.5")
            .map_err(failed)?;

        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
                if ev.length_computable() && ev.total() > 0.0 {
                    row.progress.set(ev.loaded() / ev.total());
                }
            });
        let on_sent = Closure::<dyn FnMut()>::new(move || {
            row.progress.set(1.0);
            row.state.set(State::Importing {
                done: 0,
                total: None,
            });
        });
        let upload = xhr.upload().map_err(failed)?;
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        upload.set_onload(Some(on_sent.as_ref().unchecked_ref()));

        let reader = Rc::new(RefCell::new(Reader::default()));
        let (read_xhr, read_reader) = (xhr.clone(), Rc::clone(&reader));
        let on_answer = Closure::<dyn FnMut()>::new(move || {
            if !streamed(&read_xhr) {
                return;
            }
            let text = read_xhr.response_text().ok().flatten().unwrap_or_default();
            let mut reader = read_reader.borrow_mut();
            reader.feed(&text);
            row.state.set(State::Importing {
                done: reader.done(),
                total: reader.total,
            });
        });
        xhr.set_onprogress(Some(on_answer.as_ref().unchecked_ref()));
        let done_xhr = xhr.clone();
        let on_done = Closure::<dyn FnMut()>::new(move || {
            row.state.set(outcome(&done_xhr, &mut reader.borrow_mut()));
            finished();
        });
        let on_error = Closure::<dyn FnMut()>::new(move || {
            row.state.set(State::Failed(t!("upload-failed-connection")));
            finished();
        });
        xhr.set_onload(Some(on_done.as_ref().unchecked_ref()));
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The handlers live as long as the page: each is small.
        on_progress.forget();
        on_sent.forget();
        on_answer.forget();
        on_done.forget();
        on_error.forget();
        row.state.set(State::Sending);
        xhr.send_with_opt_form_data(Some(&form)).map_err(failed)
    }

    /// Whether the answer is the streamed one (an error is one JSON object).
    fn streamed(xhr: &XmlHttpRequest) -> bool {
        xhr.status().unwrap_or(0) == 200
            && xhr
                .get_response_header("content-type")
                .ok()
                .flatten()
                .is_some_and(|t| t.starts_with("application/x-ndjson"))
    }

    fn outcome(xhr: &XmlHttpRequest, reader: &mut Reader) -> State {
        let status = xhr.status().unwrap_or(0);
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        if streamed(xhr) {
            reader.feed(&text);
            return reader
                .finish(true)
                .map_or_else(|| State::Failed(t!("upload-unreadable")), State::Done);
        }
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        match status {
            200 => match serde_json::from_value::<domain::UploadReply>(json.clone()) {
                Ok(reply) => State::Done(super::super::results::Finished {
                    listed: reply
                        .files
                        .into_iter()
                        .map(|result| super::super::results::Listed {
                            result,
                            workout: None,
                        })
                        .collect(),
                    summary: reply.summary,
                    stopped: None,
                }),
                Err(_) => State::Failed(t!("upload-unreadable")),
            },
            413 => State::Failed(t!("upload-failed-too-large")),
            401 => State::Failed(t!("upload-failed-signed-out")),
            503 | 429 => State::Failed(t!("upload-failed-busy")),
            // A refused upload's limits (files, entries, sizes), as the server words them.
            _ => State::Failed(json["error"].as_str().map_or_else(
                || t!("upload-failed-status", status = status),
                str::to_owned,
            )),
        }
    }
}

#[cfg(not(feature = "hydrate"))]
pub use self::server::{dropped, picked, submitted};

/// On the server nothing is dropped or picked.
#[cfg(not(feature = "hydrate"))]
mod server {
    use leptos::prelude::*;

    use super::super::Row;

    pub fn dropped(_: &leptos::ev::DragEvent, _: RwSignal<Vec<Row>>) {}
    pub fn picked(_: &leptos::ev::Event, _: RwSignal<Vec<Row>>) {}
    pub fn submitted(_: &leptos::ev::SubmitEvent, _: RwSignal<Vec<Row>>) -> bool {
        false
    }
}
