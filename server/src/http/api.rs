//! The JSON API under `/api/v1`: uploads, workouts, exports. The signed-in browser uses it
//! with its session cookie (and the CSRF header); scripts and apps with a personal access token
//! of the right scope (see [`super::caller`]). Deleting and connections need the session.

use axum::{
    Json, Router,
    body::{Body, Bytes},
    extract::{DefaultBodyLimit, Multipart, Path, Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use domain::WorkoutId;
use serde::Deserialize;
use tower_http::limit::RequestBodyLimitLayer;
use workouts::{ExportFormat, Outcome, Upload};

use super::{
    ApiError, AppState,
    caller::{Authorized, CanRead, CanUpload, SignedIn},
    error::Result,
    gate::Heavy,
};

/// Routes of the JSON API.
pub fn routes(state: &AppState) -> Router<AppState> {
    let uploads = Router::new()
        .route("/api/v1/uploads", post(upload))
        // axum's own 2 MB default for extracted bodies gives way to the configured limit.
        .layer(DefaultBodyLimit::max(state.config.max_upload_bytes))
        .layer(RequestBodyLimitLayer::new(state.config.max_upload_bytes));
    Router::new()
        .route("/api/v1/workouts", get(list))
        .route("/api/v1/workouts/{id}", get(one).delete(delete))
        .route("/api/v1/workouts/{id}/export/{format}", get(export))
        .route("/api/v1/workouts/{id}/charts/{file}", get(chart))
        .route("/api/v1/export", get(export_account))
        .route("/api/v1/me/connections", get(connections))
        .route(
            "/api/v1/me/connections/{client_id}",
            axum::routing::delete(disconnect),
        )
        .layer(RequestBodyLimitLayer::new(state.config.max_body_bytes))
        .merge(uploads)
}

/// `POST /api/v1/uploads`: multipart, one or many parts named `file`. Answers one result per
/// file (a zip gives one per entry; an HRM and its GPX in one request give one).
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn upload(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanUpload>,
    _heavy: Heavy,
    Query(query): Query<UploadQuery>,
    mut multipart: Multipart,
) -> Result<Response> {
    let mut uploads = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| {
        ApiError::BadRequest(format!("The upload could not be read: {}", e.body_text()))
    })? {
        if field.name() != Some("file") {
            continue;
        }
        if uploads.len() >= state.workouts.limits().max_items {
            return Err(ApiError::BadRequest(format!(
                "An upload may hold at most {} files; send them in parts.",
                state.workouts.limits().max_items
            )));
        }
        let name = field
            .file_name()
            .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("file {}", uploads.len() + 1));
        uploads.push(receive(name, field).await?);
    }
    if uploads.is_empty() {
        return Err(ApiError::BadRequest(
            "Send the files as multipart form data, in parts named \"file\".".to_owned(),
        ));
    }
    let results = state.workouts.import(user.id, uploads).await?;
    // The upload form without script: back to a page, with the counts to show there.
    if let Some(then) = query.then.as_deref().and_then(domain::LocalPath::parse) {
        let then = then.as_str();
        let count =
            |wanted: fn(&Outcome) -> bool| results.iter().filter(|r| wanted(&r.outcome)).count();
        let location = format!(
            "{then}?imported={}&duplicates={}&refused={}",
            count(|o| matches!(o, Outcome::Imported { .. })),
            count(|o| matches!(o, Outcome::Duplicate { .. })),
            count(|o| matches!(o, Outcome::Refused { .. })),
        );
        return Ok(axum::response::Redirect::to(&location).into_response());
    }
    Ok(Json(serde_json::json!({ "files": results })).into_response())
}

/// Uploads up to this size stay in memory; larger ones go to a temporary file as they arrive,
/// so a request's memory does not grow with its size.
const SPOOL_AT: usize = 1 << 20;

/// Receives one part: in memory while small, spooled to a temporary file past [`SPOOL_AT`]
/// (chunks are written as they come, never copied into one buffer).
async fn receive(name: String, mut field: axum::extract::multipart::Field<'_>) -> Result<Upload> {
    use tokio::io::AsyncWriteExt as _;
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        ApiError::BadRequest(format!(
            "{name}: the upload could not be read: {}",
            e.body_text()
        ))
    };
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut held = 0usize;
    let mut spool: Option<(tokio::fs::File, tempfile::TempPath)> = None;
    while let Some(chunk) = field.chunk().await.map_err(&unreadable)? {
        if spool.is_none() && held + chunk.len() <= SPOOL_AT {
            held += chunk.len();
            chunks.push(chunk);
            continue;
        }
        if spool.is_none() {
            let (file, path) = tempfile::NamedTempFile::new()
                .map_err(|e| ApiError::Internal(e.into()))?
                .into_parts();
            let mut file = tokio::fs::File::from_std(file);
            for held in chunks.drain(..) {
                file.write_all(&held)
                    .await
                    .map_err(|e| ApiError::Internal(e.into()))?;
            }
            spool = Some((file, path));
        }
        let (file, _) = spool.as_mut().expect("set above");
        file.write_all(&chunk)
            .await
            .map_err(|e| ApiError::Internal(e.into()))?;
    }
    Ok(match spool {
        Some((mut file, path)) => {
            file.flush()
                .await
                .map_err(|e| ApiError::Internal(e.into()))?;
            Upload::spooled(name, path)
        }
        // One chunk (the usual case for small files) is shared, not copied.
        None if chunks.len() == 1 => Upload::new(name, chunks.pop().expect("one")),
        None => Upload::new(name, chunks.concat()),
    })
}

/// Options of `POST /api/v1/uploads`.
#[derive(Debug, Deserialize)]
struct UploadQuery {
    /// A page of this site to go to afterwards (for forms posted without script).
    then: Option<String>,
}

/// Filters and paging of `GET /api/v1/workouts`.
#[derive(Debug, Deserialize)]
struct ListQuery {
    /// `YYYY-MM-DD` (UTC midnight) or an RFC 3339 instant; inclusive.
    from: Option<String>,
    /// Same forms; exclusive.
    to: Option<String>,
    sport: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
}

fn instant(field: &str, text: &str) -> Result<i64> {
    if let Some(date) = domain::Date::parse(text) {
        return Ok(date.days() * 86_400_000);
    }
    <formats::Timestamp as formats::TimestampExt>::parse_rfc3339(text.as_bytes())
        .map(formats::Timestamp::unix_ms)
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "{field}: expected YYYY-MM-DD or an RFC 3339 time, got {text:?}"
            ))
        })
}

/// `GET /api/v1/workouts`: newest first, paged.
async fn list(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    let per_page = q.per_page.unwrap_or(50).clamp(1, 500);
    let page = q.page.unwrap_or(1).max(1);
    // Untrusted numbers: the offset must not wrap, nor exceed what the store can bind.
    let offset = (page - 1)
        .checked_mul(per_page)
        .filter(|&o| i64::try_from(o).is_ok())
        .ok_or_else(|| {
            ApiError::BadRequest(format!("page {page} is beyond any list of workouts."))
        })?;
    let filter = db::WorkoutFilter {
        sport: q.sport.filter(|s| !s.is_empty()),
        from_ms: q.from.as_deref().map(|t| instant("from", t)).transpose()?,
        to_ms: q.to.as_deref().map(|t| instant("to", t)).transpose()?,
    };
    let found = state
        .workouts
        .db()
        .list_workouts(user.id, &filter, offset, per_page)
        .await
        .map_err(workouts::WorkoutsError::from)?;
    Ok(Json(serde_json::json!({
        "workouts": found.workouts,
        "total": found.total,
        "page": page,
        "per_page": per_page,
    }))
    .into_response())
}

fn workout_id(raw: &str) -> Result<WorkoutId> {
    // Anything that is not one of our ids is simply not found.
    raw.parse::<i64>()
        .map(WorkoutId::new)
        .map_err(|_| ApiError::NotFound)
}

/// `GET /api/v1/workouts/{id}`: the summary, laps and overlapping workouts.
async fn one(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = workout_id(&id)?;
    let summary = state.workouts.summary(user.id, id).await?;
    let db = state.workouts.db();
    let laps = db
        .workout_laps(user.id, id)
        .await
        .map_err(workouts::WorkoutsError::from)?;
    let overlaps: Vec<WorkoutId> = db
        .overlapping_workouts(user.id, Some(id), summary.start, summary.end())
        .await
        .map_err(workouts::WorkoutsError::from)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    Ok(
        Json(serde_json::json!({ "workout": summary, "laps": laps, "overlaps": overlaps }))
            .into_response(),
    )
}

/// `DELETE /api/v1/workouts/{id}`.
async fn delete(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    let id = workout_id(&id)?;
    let deleted = state
        .workouts
        .db()
        .delete_workout(user.id, id)
        .await
        .map_err(workouts::WorkoutsError::from)?;
    if deleted {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

fn attachment(file_name: &str, content_type: &str, body: Body) -> Response {
    // The name is ours (dates, digits, sport words) or the uploader's: keep it to safe bytes.
    let safe: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-+".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// `GET /api/v1/workouts/{id}/export/{tcx|gpx|fit|hrm|csv|original}`.
async fn export(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    _heavy: Heavy,
    Path((id, format)): Path<(String, String)>,
) -> Result<Response> {
    let id = workout_id(&id)?;
    let format = ExportFormat::parse(&format).ok_or(ApiError::NotFound)?;
    let file = state.workouts.export(user.id, id, format).await?;
    Ok(attachment(
        &file.file_name,
        file.content_type,
        Body::from(file.bytes),
    ))
}

/// Options of a chart picture.
#[derive(Debug, Deserialize)]
struct ChartQuery {
    /// `distance` for the x axis over distance; time otherwise.
    x: Option<String>,
}

/// `GET /api/v1/workouts/{id}/charts/{key}.svg`: one chart, drawn by plotters.
async fn chart(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Path((id, file)): Path<(String, String)>,
    Query(query): Query<ChartQuery>,
) -> Result<Response> {
    let id = workout_id(&id)?;
    let key = file
        .strip_suffix(".svg")
        .ok_or(ApiError::NotFound)?
        .to_owned();
    let axis = if query.x.as_deref() == Some("distance") {
        domain::XAxis::Distance
    } else {
        domain::XAxis::Time
    };
    let svg = state.workouts.chart_svg(user.id, id, key, axis).await?;
    let mut response = Response::new(Body::from(svg));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    // Private: another account must never get it from a shared cache. Short: an edit of the
    // sport changes pace to speed.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=300"),
    );
    Ok(response)
}

/// Feeds a response body from a blocking writer, in chunks.
struct ChannelWriter {
    sender: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buffer: Vec<u8>,
}

impl ChannelWriter {
    const CHUNK: usize = 256 * 1024;

    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(Self::CHUNK),
        ));
        self.sender.blocking_send(Ok(chunk)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")
        })
    }
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= Self::CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// `GET /api/v1/export`: every workout as FIT plus the originals and an index, as one zip
/// streamed while it is written (memory stays flat however large the account).
async fn export_account(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    heavy: Heavy,
) -> Result<Response> {
    let (sender, mut receiver) = tokio::sync::mpsc::channel(4);
    let service = state.workouts.clone();
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        // Held until the whole download is written, not just until its headers are sent.
        let _heavy = heavy;
        let mut out = ChannelWriter {
            sender: sender.clone(),
            buffer: Vec::with_capacity(ChannelWriter::CHUNK),
        };
        let result = service
            .export_account(&runtime, user.id, &mut out)
            .and_then(|()| {
                std::io::Write::flush(&mut out)
                    .map_err(|e| workouts::WorkoutsError::Task(e.to_string()))
            });
        if let Err(error) = result {
            // The status line is gone already: cut the stream so the download shows as failed.
            tracing::error!(?error, "account export failed");
            let _ = sender.blocking_send(Err(std::io::Error::other("export failed")));
        }
    });
    let stream = futures::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    let date = workouts::zone::today("UTC");
    Ok(attachment(
        &format!("laps-export-{date}.zip"),
        "application/zip",
        Body::from_stream(stream),
    ))
}

/// `GET /api/v1/me/connections`: the apps the user connected, what they may read, when.
async fn connections(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Response> {
    let list = state
        .partners
        .db()
        .connections(user.id)
        .await
        .map_err(workouts::WorkoutsError::from)?;
    let apps: Vec<_> = list
        .into_iter()
        .map(|c| {
            serde_json::json!({
                "client_id": c.client_id,
                "name": c.name,
                "homepage": c.homepage,
                "scopes": c.grant.scopes.split_whitespace().collect::<Vec<_>>(),
                "granted_at": c.grant.granted_at,
                "last_used_at": c.grant.last_used_at,
                "registered": c.grant.registered_at.is_some(),
            })
        })
        .collect();
    Ok(Json(serde_json::json!({ "connections": apps })).into_response())
}

/// `DELETE /api/v1/me/connections/{client_id}`: disconnects the app (everything it holds for
/// the user is revoked). 404 if it was not connected.
async fn disconnect(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(client_id): Path<String>,
) -> Result<Response> {
    match state.partners.disconnect(user.id, &client_id).await {
        Ok(true) => Ok(StatusCode::NO_CONTENT.into_response()),
        Ok(false) => Err(ApiError::NotFound),
        Err(e) => Err(ApiError::Internal(e.into())),
    }
}
