//! `POST /api/v1/uploads` answered while it imports, for clients that ask with
//! `Accept: application/x-ndjson`: an archive of years takes minutes, and the upload page shows
//! its items as they come instead of a spinner.
//!
//! The answer is newline-delimited JSON, one [`domain::UploadEvent`] a line: `planned` (how
//! many results follow), one `result` per item as soon as it is stored or refused (with the
//! title, sport and day of the workout it became), then `summary`, or `failed` when the server
//! stopped on a fault of its own. Other clients keep the one JSON answer.

use std::convert::Infallible;

use axum::{
    body::{Body, Bytes},
    http::{HeaderMap, HeaderValue, header},
    response::Response,
};
use domain::{FileResult, Outcome, UploadEvent, UploadSummary, UploadedWorkout, UserId};
use futures::StreamExt as _;
use tracing::Instrument as _;
use workouts::{Progress, Upload, Workouts};

use super::gate::Heavy;

/// The media type of the streamed answer.
pub(super) const NDJSON: &str = "application/x-ndjson";

/// Whether the client asked for the streamed answer.
pub(super) fn wanted(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case(NDJSON))
        })
}

/// Starts the import and answers at once with its events as they come.
///
/// The import runs in a task of its own that keeps the request's place at the heavy gate until
/// it ends: a client that goes away does not stop it (each item is its own transaction, and
/// what the uploader sent is imported as a whole), and it cannot start more work than the gate
/// allows.
pub(super) fn answer(
    workouts: Workouts,
    user: UserId,
    uploads: Vec<Upload>,
    heavy: Heavy,
) -> Response {
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel::<UploadEvent>();
    let service = workouts.clone();
    tokio::spawn(
        async move {
            let _heavy = heavy;
            let send = |event| {
                // The client may have gone: the import goes on.
                let _ = sender.send(event);
            };
            let done = service
                .import_with(user, uploads, |progress| {
                    send(match progress {
                        Progress::Planned(items) => UploadEvent::Planned {
                            items: u32::try_from(items).unwrap_or(u32::MAX),
                        },
                        Progress::Done(result) => UploadEvent::Result {
                            result: result.clone(),
                            workout: None,
                        },
                    });
                })
                .await;
            send(match done {
                Ok(results) => UploadEvent::Summary {
                    summary: UploadSummary::of(&results),
                },
                Err(error) => {
                    tracing::error!(?error, "upload stopped");
                    UploadEvent::Failed {
                        error: "The import stopped on a fault of the server. What is listed \
                                above is stored; upload the same files again to import the rest."
                            .to_owned(),
                    }
                }
            });
        }
        .instrument(tracing::Span::current()),
    );
    let lines = futures::stream::poll_fn(move |cx| receiver.poll_recv(cx)).then(move |event| {
        let workouts = workouts.clone();
        async move {
            let event = match event {
                UploadEvent::Result {
                    result,
                    workout: None,
                } => {
                    let workout = brief(&workouts, user, &result).await;
                    UploadEvent::Result { result, workout }
                }
                other => other,
            };
            let mut line = serde_json::to_vec(&event).unwrap_or_default();
            line.push(b'\n');
            Ok::<_, Infallible>(Bytes::from(line))
        }
    });
    let mut response = Response::new(Body::from_stream(lines));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(NDJSON));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // nginx would otherwise hold the lines back until the answer ends.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

/// The workout a result became or duplicates, as the uploader knows it (title, sport, day,
/// duration, distance).
async fn brief(workouts: &Workouts, user: UserId, result: &FileResult) -> Option<UploadedWorkout> {
    let id = match &result.outcome {
        Outcome::Imported { workout_id, .. }
        | Outcome::Duplicate { workout_id }
        | Outcome::Linked { workout_id, .. } => *workout_id,
        _ => return None,
    };
    match workouts.summary(user, id).await {
        Ok(summary) => Some(UploadedWorkout {
            date: summary.local_date(),
            elapsed_ms: summary.metrics.elapsed_ms,
            distance_m: summary.metrics.distance_m,
            title: summary.title,
            sport: summary.sport,
        }),
        // Deleted meanwhile, or the store failed: the line still says what became of the file.
        Err(error) => {
            tracing::warn!(?error, workout = %id, "no summary for an uploaded workout");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_wanted_only_when_asked_for() {
        let with = |accept: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT, HeaderValue::from_str(accept).unwrap());
            wanted(&headers)
        };
        assert!(with("application/x-ndjson"));
        assert!(with("application/json;q=0.5, Application/X-NDJSON;q=1"));
        assert!(!with("application/json"));
        assert!(!with("*/*"));
        assert!(!wanted(&HeaderMap::new()));
    }
}
