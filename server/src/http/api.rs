//! The JSON API under `/api/v1`: uploads, workouts, exports. The signed-in browser uses it
//! with its session cookie (and the CSRF header); scripts and apps with a personal access token
//! of the right scope (see [`super::caller`]). Deleting and connections need the session.

// The code `#[utoipa::path]` generates for a `params(QueryType)` that is also an axum `Query`
// argument trips this lint on the argument's span; nothing written here is qualified needlessly.
#![allow(unused_qualifications)]

use axum::{
    Json,
    body::{Body, Bytes},
    extract::{DefaultBodyLimit, Multipart, Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::{WorkoutId, WorkoutSummary};
use serde::{Deserialize, Serialize};
use tower_http::limit::RequestBodyLimitLayer;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use workouts::{ExportFormat, Outcome, Upload};

use super::{
    ApiError, AppState,
    caller::{Authorized, CanRead, CanUpload, SignedIn},
    error::{ErrorBody, Result},
    gate::Heavy,
};

/// The OpenAPI tag of the workout routes.
const WORKOUTS: &str = "workouts";
/// The OpenAPI tag of the account routes.
const ME: &str = "me";

/// Routes of the JSON API, each described in the OpenAPI document.
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(upload))
        // axum's own 2 MB default for extracted bodies gives way to the configured limit.
        .layer(DefaultBodyLimit::max(state.config.max_upload_bytes))
        .layer(RequestBodyLimitLayer::new(state.config.max_upload_bytes));
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(one, delete))
        .routes(routes!(export))
        .routes(routes!(chart))
        .routes(routes!(export_account))
        .routes(routes!(connections))
        .routes(routes!(disconnect))
        .layer(RequestBodyLimitLayer::new(state.config.max_body_bytes))
        .merge(uploads)
}

/// The multipart form of an upload.
#[derive(ToSchema)]
#[allow(dead_code)] // only described: the parts are read as a stream
struct UploadForm {
    /// The files (FIT, TCX, GPX, Polar HRM, gzipped or not, and zips of them), each in a part
    /// named `file`.
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
}

/// What became of each file of an upload: describes [`domain::UploadReply`].
#[derive(ToSchema)]
#[schema(as = UploadReply)]
#[allow(dead_code)] // only described: the answers are `domain::UploadReply`s
struct UploadReplySchema {
    /// One result per file (per zip entry).
    files: Vec<FileResultSchema>,
    /// The results counted.
    summary: domain::UploadSummary,
}

/// One line of the streamed answer to an upload: describes [`domain::UploadEvent`].
#[derive(ToSchema)]
#[schema(as = UploadEvent)]
#[allow(dead_code)] // only described: the lines are `domain::UploadEvent`s
struct UploadEventSchema {
    /// `planned` (the first line), `result` (one per item), then `summary` (the last line), or
    /// `failed` when the server stopped on a fault of its own.
    event: String,
    /// planned: how many results follow.
    items: Option<u32>,
    /// result: what became of the item.
    result: Option<FileResultSchema>,
    /// result: the workout it became or duplicates (`title`, `sport`, local `date`).
    #[schema(value_type = Option<Object>)]
    workout: Option<()>,
    /// summary: the results counted.
    summary: Option<domain::UploadSummary>,
    /// failed: what to tell the uploader; the results before it are stored.
    error: Option<String>,
}

/// `POST /api/v1/uploads`: multipart, one or many parts named `file`. Answers one result per
/// file (a zip gives one per entry; an HRM and its GPX in one request give one).
///
/// With `Accept: application/x-ndjson` the answer streams while the files are imported, one
/// JSON object a line: first `{"event":"planned","items":N}`, then one
/// `{"event":"result","result":{..},"workout":{..}}` per item as soon as it is stored or
/// refused, then `{"event":"summary","summary":{..}}` (or `{"event":"failed","error":".."}`).
/// The import goes on when the client goes away.
#[utoipa::path(post, path = "/api/v1/uploads", tag = WORKOUTS,
    params(UploadQuery),
    request_body(content = inline(UploadForm), content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "One result per file; with `Accept: application/x-ndjson`, streamed as they come.",
            content(
                (UploadReplySchema = "application/json"),
                (UploadEventSchema = "application/x-ndjson"),
            )),
        (status = 303, description = "With `then`: back to that page, with the counts in its query."),
        (status = 400, description = "Not a multipart upload, or too many files.", body = ErrorBody),
        (status = 401, description = "Neither signed in nor a token.", body = ErrorBody),
        (status = 403, description = "The token lacks the upload scope.", body = ErrorBody),
        (status = 413, description = "Larger than the server's upload limit."),
        (status = 503, description = "Busy with other heavy requests; see Retry-After.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
#[tracing::instrument(skip_all, fields(user = %user.id))]
async fn upload(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanUpload>,
    heavy: Heavy,
    Query(query): Query<UploadQuery>,
    headers: axum::http::HeaderMap,
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
    if query.then.is_none() && super::upload_stream::wanted(&headers) {
        return Ok(super::upload_stream::answer(
            state.workouts.clone(),
            user.id,
            uploads,
            heavy,
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
    Ok(Json(domain::UploadReply::new(results)).into_response())
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
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct UploadQuery {
    /// A page of this site to go to afterwards (for forms posted without script).
    then: Option<String>,
}

/// Filters and paging of `GET /api/v1/workouts`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// `YYYY-MM-DD` (UTC midnight) or an RFC 3339 instant; inclusive.
    from: Option<String>,
    /// Same forms; exclusive.
    to: Option<String>,
    /// Only this sport (`running`, `cycling`, …).
    sport: Option<String>,
    /// The page, from 1.
    page: Option<u64>,
    /// Workouts per page, 1 to 500 (50 when absent).
    per_page: Option<u64>,
}

/// A page of workouts.
#[derive(Serialize, ToSchema)]
struct WorkoutList {
    /// Newest first.
    #[schema(value_type = Vec<Object>)]
    workouts: Vec<WorkoutSummary>,
    /// How many match, on every page.
    total: u64,
    /// This page.
    page: u64,
    /// Workouts per page.
    per_page: u64,
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
#[utoipa::path(get, path = "/api/v1/workouts", tag = WORKOUTS,
    params(ListQuery),
    responses(
        (status = 200, description = "A page of workouts.", body = WorkoutList),
        (status = 400, description = "A filter or page out of range; the text says which.", body = ErrorBody),
        (status = 401, description = "Neither signed in nor a token.", body = ErrorBody),
        (status = 403, description = "The token lacks the read scope.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
async fn list(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Query(q): Query<ListQuery>,
) -> Result<Json<WorkoutList>> {
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
        .list(user.id, &filter, offset, per_page)
        .await?;
    Ok(Json(WorkoutList {
        workouts: found.workouts,
        total: found.total,
        page,
        per_page,
    }))
}

fn workout_id(raw: &str) -> Result<WorkoutId> {
    // Anything that is not one of our ids is simply not found.
    raw.parse::<i64>()
        .map(WorkoutId::new)
        .map_err(|_| ApiError::NotFound)
}

/// One workout.
#[derive(Serialize, ToSchema)]
struct WorkoutAnswer {
    /// Its summary.
    #[schema(value_type = Object)]
    workout: WorkoutSummary,
    /// Its laps, as the device recorded them.
    #[schema(value_type = Vec<Object>)]
    laps: Vec<domain::LapSummary>,
    /// Workouts of other devices at the same time.
    #[schema(value_type = Vec<i64>)]
    overlaps: Vec<WorkoutId>,
    /// The services whose account exports held it (`Strava`, `Garmin Connect`).
    sources: Vec<String>,
    /// The gear it was done with (`PUT /api/v1/workouts/{id}/gear` changes it).
    gear: Option<domain::Gear>,
}

/// `GET /api/v1/workouts/{id}`: the summary, laps and overlapping workouts.
#[utoipa::path(get, path = "/api/v1/workouts/{id}", tag = WORKOUTS,
    params(("id" = i64, Path, description = "The workout.")),
    responses(
        (status = 200, description = "The workout.", body = WorkoutAnswer),
        (status = 404, description = "No such workout of yours.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
async fn one(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Path(id): Path<String>,
) -> Result<Json<WorkoutAnswer>> {
    let id = workout_id(&id)?;
    let summary = state.workouts.summary(user.id, id).await?;
    let laps = state.workouts.laps(user.id, id).await?;
    let overlaps: Vec<WorkoutId> = state
        .workouts
        .overlapping(user.id, Some(id), summary.start, summary.end())
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let sources = state.workouts.sources(user.id, id).await?;
    let gear = state.workouts.workout_gear(user.id, id).await?;
    Ok(Json(WorkoutAnswer {
        workout: summary,
        laps,
        overlaps,
        sources,
        gear,
    }))
}

/// `DELETE /api/v1/workouts/{id}`.
#[utoipa::path(delete, path = "/api/v1/workouts/{id}", tag = WORKOUTS,
    params(("id" = i64, Path, description = "The workout.")),
    responses(
        (status = 204, description = "Deleted."),
        (status = 401, description = "Not signed in: tokens cannot delete.", body = ErrorBody),
        (status = 404, description = "No such workout of yours.", body = ErrorBody),
    ),
    security(("session" = [])))]
async fn delete(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    let id = workout_id(&id)?;
    state.workouts.delete(user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
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
#[utoipa::path(get, path = "/api/v1/workouts/{id}/export/{format}", tag = WORKOUTS,
    params(
        ("id" = i64, Path, description = "The workout."),
        ("format" = String, Path, description = "`tcx`, `gpx`, `fit`, `hrm`, `csv` or `original`."),
    ),
    responses(
        (status = 200, description = "The file, as an attachment.", content_type = "application/octet-stream"),
        (status = 400, description = "The workout cannot be written so (GPX without positions).", body = ErrorBody),
        (status = 404, description = "No such workout of yours, or no such format.", body = ErrorBody),
        (status = 503, description = "Busy with other heavy requests; see Retry-After.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
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
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ChartQuery {
    /// `distance` for the x axis over distance; time otherwise.
    x: Option<String>,
    /// `narrow` for the phone-sized picture (400 × 240); wide (800 × 200) otherwise.
    size: Option<String>,
    /// The language whose marks the numbers take (`en`, `de`, `fr`: `12.5` or `12,5`); else
    /// the one `Accept-Language` prefers, else English. The pages name theirs, so a picture's
    /// URL differs by language and caches keep them apart.
    lang: Option<String>,
}

/// `GET /api/v1/workouts/{id}/charts/{key}.svg`: one chart, drawn by plotters.
#[utoipa::path(get, path = "/api/v1/workouts/{id}/charts/{file}", tag = WORKOUTS,
    params(
        ("id" = i64, Path, description = "The workout."),
        ("file" = String, Path, description = "The chart's key and `.svg`, e.g. `heart_rate.svg`."),
        ChartQuery,
    ),
    responses(
        (status = 200, description = "The chart.", content_type = "image/svg+xml"),
        (status = 404, description = "No such workout of yours, or no such chart.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
async fn chart(
    State(state): State<AppState>,
    Authorized { user, .. }: Authorized<CanRead>,
    Path((id, file)): Path<(String, String)>,
    Query(query): Query<ChartQuery>,
    headers: HeaderMap,
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
    let size = if query.size.as_deref() == Some("narrow") {
        workouts::charts::Size::Narrow
    } else {
        workouts::charts::Size::Wide
    };
    let language = query
        .lang
        .as_deref()
        .and_then(domain::Language::parse)
        .or_else(|| super::locale::from_browser(&headers))
        .unwrap_or_default();
    let svg = state
        .workouts
        .chart_svg(user.id, id, key, axis, size, language)
        .await?;
    let mut response = Response::new(Body::from(String::from(&*svg)));
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
    // Without `lang`, the numbers' marks follow `Accept-Language`.
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
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
#[utoipa::path(get, path = "/api/v1/export", tag = WORKOUTS,
    responses(
        (status = 200, description = "The account as a zip, streamed.", content_type = "application/zip"),
        (status = 503, description = "Busy with other heavy requests; see Retry-After.", body = ErrorBody),
    ),
    security(("bearer" = []), ("query" = []), ("session" = [])))]
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

/// An app the user connected.
#[derive(Serialize, ToSchema)]
struct ConnectedApp {
    /// The app's OAuth client id.
    client_id: String,
    /// Its name.
    name: String,
    /// Its home page.
    homepage: Option<String>,
    /// What it may read.
    scopes: Vec<String>,
    /// When the user connected it (unix ms).
    granted_at: i64,
    /// When it last used its access (unix ms).
    last_used_at: Option<i64>,
    /// Whether it registered the user (AccessLink's user registration).
    registered: bool,
}

/// The apps the user connected.
#[derive(Serialize, ToSchema)]
struct Connections {
    /// Each app.
    connections: Vec<ConnectedApp>,
}

/// `GET /api/v1/me/connections`: the apps the user connected, what they may read, when.
#[utoipa::path(get, path = "/api/v1/me/connections", tag = ME,
    responses(
        (status = 200, description = "The connected apps.", body = Connections),
        (status = 401, description = "Not signed in: tokens cannot see this.", body = ErrorBody),
    ),
    security(("session" = [])))]
async fn connections(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<Connections>> {
    let list = state.partners.connections(user.id).await?;
    let connections = list
        .into_iter()
        .map(|c| ConnectedApp {
            scopes: c
                .grant
                .scopes
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            granted_at: c.grant.granted_at,
            last_used_at: c.grant.last_used_at,
            registered: c.grant.registered_at.is_some(),
            client_id: c.client_id,
            name: c.name,
            homepage: c.homepage,
        })
        .collect();
    Ok(Json(Connections { connections }))
}

/// `DELETE /api/v1/me/connections/{client_id}`: disconnects the app (everything it holds for
/// the user is revoked). 404 if it was not connected.
#[utoipa::path(delete, path = "/api/v1/me/connections/{client_id}", tag = ME,
    params(("client_id" = String, Path, description = "The app's OAuth client id.")),
    responses(
        (status = 204, description = "Disconnected."),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 404, description = "The app was not connected.", body = ErrorBody),
    ),
    security(("session" = [])))]
async fn disconnect(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(client_id): Path<String>,
) -> Result<StatusCode> {
    if state.partners.disconnect(user.id, &client_id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

/// What became of one uploaded file (a zip gives one per entry), as `domain::FileResult`
/// serialises it.
#[derive(ToSchema)]
#[schema(as = FileResult)]
#[allow(dead_code)] // only described, never built: the answers are `domain::FileResult`s
struct FileResultSchema {
    /// The file's name (a zip entry's path in the zip).
    file: String,
    /// `imported`, `duplicate`, `linked`, `refused`, `days` or `skipped`.
    status: FileStatus,
    /// The workout it became, or the one it duplicates or is linked to.
    workout_id: Option<i64>,
    /// Linked: the service whose export held it.
    service: Option<String>,
    /// Every workout it became (a file may hold several sessions).
    workout_ids: Option<Vec<i64>>,
    /// Workouts of other devices at the same time.
    overlaps: Option<Vec<i64>>,
    /// Why it was refused, for a person.
    error: Option<String>,
    /// Imported: built from a service's summary of an entry without a file.
    manual: Option<bool>,
    /// Days: how many were stored.
    stored: Option<u32>,
    /// Days: how many were kept as a preferred source gave them.
    kept: Option<u32>,
    /// Days: each day not stored, with why.
    refused: Option<Vec<String>>,
    /// Skipped: what the entries are.
    kind: Option<String>,
    /// Skipped: how many.
    count: Option<u32>,
}

/// What became of a file.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // only described
enum FileStatus {
    /// Stored as a new workout.
    Imported,
    /// The same bytes were stored before.
    Duplicate,
    /// The same activity was stored before from elsewhere; a service's export also held it,
    /// and the workout is now linked to that service (`service`).
    Linked,
    /// Not a workout Laps can read; `error` says why.
    Refused,
    /// Days of activity from an archive stored.
    Days,
    /// Entries of an archive that hold nothing Laps imports, counted.
    Skipped,
}
