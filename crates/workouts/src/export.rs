//! Exports: one workout in any format (or as uploaded), and the whole account as one zip
//! written as a stream.

use std::io::{Read, Write};

use domain::{UserId, WorkoutId, WorkoutSummary};
use formats::{OutputFormat, Recording};

use crate::{Workouts, WorkoutsError};

/// What a workout can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// A format Laps writes.
    Written(OutputFormat),
    /// The file as it was uploaded.
    Original,
}

impl ExportFormat {
    /// Parses `tcx`, `gpx`, `fit`, `hrm`, `csv` or `original`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "original" => Some(Self::Original),
            // Exactly as written in URLs: lower case.
            other => OutputFormat::from_extension(other)
                .filter(|f| f.extension() == other)
                .map(Self::Written),
        }
    }
}

/// An exported file.
#[derive(Debug, Clone)]
pub struct Exported {
    /// File name for the download, e.g. `2024-05-01_0730_Running.tcx` (local time).
    pub file_name: String,
    /// Media type.
    pub content_type: &'static str,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// `2024-05-01_0730_Running`: local start time and sport, safe in any file system.
pub fn file_stem(w: &WorkoutSummary) -> String {
    let (hour, minute) = w.local_time();
    let sport: String = w
        .sport
        .label()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_");
    format!("{}_{hour:02}{minute:02}_{sport}", w.local_date())
}

fn gunzip(gz: &[u8]) -> Result<Vec<u8>, WorkoutsError> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(gz)
        .read_to_end(&mut out)
        .map_err(|e| {
            WorkoutsError::Corrupt(formats::store::StoreError(format!("original: {e}")))
        })?;
    Ok(out)
}

impl Workouts {
    /// A workout's summary, or [`WorkoutsError::NotFound`].
    pub async fn summary(
        &self,
        user: UserId,
        id: WorkoutId,
    ) -> Result<WorkoutSummary, WorkoutsError> {
        self.db
            .workout(user, id)
            .await?
            .ok_or(WorkoutsError::NotFound)
    }

    /// A workout's full recording.
    pub async fn recording(&self, user: UserId, id: WorkoutId) -> Result<Recording, WorkoutsError> {
        let blob = self
            .db
            .workout_recording(user, id)
            .await?
            .ok_or(WorkoutsError::NotFound)?;
        tokio::task::spawn_blocking(move || formats::store::decode(&blob))
            .await
            .map_err(|e| WorkoutsError::Task(e.to_string()))?
            .map_err(WorkoutsError::from)
    }

    /// One workout as a file.
    #[tracing::instrument(skip(self), fields(user = %user, workout = %id))]
    pub async fn export(
        &self,
        user: UserId,
        id: WorkoutId,
        format: ExportFormat,
    ) -> Result<Exported, WorkoutsError> {
        let summary = self.summary(user, id).await?;
        match format {
            ExportFormat::Original => {
                let original = self
                    .db
                    .workout_original(user, id)
                    .await?
                    .ok_or(WorkoutsError::NotFound)?;
                let name = original.name;
                let name = name.strip_suffix(".gz").map(str::to_owned).unwrap_or(name);
                let bytes = gunzip(&original.gz)?;
                Ok(Exported {
                    content_type: content_type_of(&name),
                    file_name: name,
                    bytes,
                })
            }
            ExportFormat::Written(format) => {
                let file_name = format!("{}.{}", file_stem(&summary), format.extension());
                let recording = self.recording(user, id).await?;
                let bytes =
                    tokio::task::spawn_blocking(move || write(&recording, &summary, format))
                        .await
                        .map_err(|e| WorkoutsError::Task(e.to_string()))?
                        // A format that cannot hold this workout (GPX without positions) says
                        // so; it never gives an empty file that looks like success.
                        .map_err(|e| WorkoutsError::CannotExport(e.to_string()))?;
                Ok(Exported {
                    file_name,
                    content_type: format.content_type(),
                    bytes,
                })
            }
        }
    }

    /// Writes every workout of the account to `out` as a zip: each as FIT, each original, and
    /// `index.json` describing them. Blocking (it reads the store through `runtime`): run it on
    /// a blocking thread, with `out` feeding the response, so the archive is never whole in
    /// memory.
    pub fn export_account(
        &self,
        runtime: &tokio::runtime::Handle,
        user: UserId,
        out: impl Write,
    ) -> Result<(), WorkoutsError> {
        let io = |e: std::io::Error| WorkoutsError::Task(format!("writing the archive: {e}"));
        let zip_err =
            |e: zip::result::ZipError| WorkoutsError::Task(format!("writing the archive: {e}"));
        let mut zip = zip::ZipWriter::new_stream(out);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(false);
        let mut index = Vec::new();
        for id in runtime.block_on(self.db.workout_ids(user))? {
            // A workout deleted while the export runs is simply not in it.
            let read = runtime.block_on(async {
                let summary = self.summary(user, id).await?;
                let recording = self.recording(user, id).await?;
                let original = self
                    .db
                    .workout_original(user, id)
                    .await?
                    .ok_or(WorkoutsError::NotFound)?;
                Ok::<_, WorkoutsError>((summary, recording, original))
            });
            let (summary, recording, original) = match read {
                Ok(read) => read,
                Err(WorkoutsError::NotFound | WorkoutsError::Db(db::DbError::NotFound)) => continue,
                Err(e) => return Err(e),
            };
            let stem = format!("{}_{}", file_stem(&summary), id);
            let fit_name = format!("fit/{stem}.fit");
            zip.start_file(fit_name.as_str(), stored).map_err(zip_err)?;
            // FIT holds any recording.
            let fit = write(&recording, &summary, OutputFormat::Fit)
                .map_err(|e| WorkoutsError::CannotExport(e.to_string()))?;
            zip.write_all(&fit).map_err(io)?;
            let original_name = format!("originals/{}_{}", id, entry_safe(&original.name));
            zip.start_file(original_name.as_str(), stored)
                .map_err(zip_err)?;
            zip.write_all(&original.gz).map_err(io)?;
            index.push(serde_json::json!({
                "id": id,
                "title": summary.title,
                "sport": summary.sport,
                "start_utc": summary.start.to_string(),
                "utc_offset_minutes": summary.utc_offset_min,
                "time_zone": summary.time_zone,
                "elapsed_ms": summary.metrics.elapsed_ms,
                "distance_m": summary.metrics.distance_m,
                "fit": fit_name,
                "original_gz": original_name,
            }));
        }
        zip.start_file("index.json", stored).map_err(zip_err)?;
        zip.write_all(&serde_json::to_vec_pretty(&index).unwrap_or_default())
            .map_err(io)?;
        zip.finish().map_err(zip_err)?;
        Ok(())
    }
}

/// A file name as a zip entry's last part: uploads from Windows may carry `\\` (which unzip
/// tools take for folders), and a name may hold control characters; both become `_`.
fn entry_safe(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let safe: String = base
        .chars()
        .map(|c| if c.is_control() || c == ':' { '_' } else { c })
        .collect();
    match safe.trim_matches('.') {
        "" => "original".to_owned(),
        _ => safe,
    }
}

/// Writes a recording with the athlete's edits applied (title, sport) and the resolved offset.
fn write(
    recording: &Recording,
    summary: &WorkoutSummary,
    format: OutputFormat,
) -> formats::Result<Vec<u8>> {
    let mut r = recording.clone();
    r.utc_offset_minutes = Some(summary.utc_offset_min);
    r.notes = Some(summary.title.clone());
    let sport = summary.sport;
    if sport != r.sport {
        r.sport = sport;
        for session in &mut r.sessions {
            session.sport = sport;
        }
    }
    formats::try_write(&r, format)
}

fn content_type_of(name: &str) -> &'static str {
    name.rsplit_once('.')
        .and_then(|(_, ext)| OutputFormat::from_extension(ext))
        .map_or(
            if name.ends_with(".zip") {
                "application/zip"
            } else {
                "application/octet-stream"
            },
            OutputFormat::content_type,
        )
}
