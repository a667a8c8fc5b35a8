//! Exports: one workout in any format (or as uploaded), and the whole account as one zip
//! written as a stream.

use std::{collections::HashMap, io::Write};

use domain::{Date, UserId, WorkoutId, WorkoutSummary};
use formats::{OutputFormat, Recording};

use crate::{
    Workouts, WorkoutsError,
    restore::index::{
        self, IndexDay, IndexGear, IndexGearDefault, IndexOut, IndexSensor, IndexSource,
        IndexWorkout,
    },
};

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

/// A kept original's bytes (zstd, or gzip as kept before), within `limit`: the most one
/// upload may decompress (an HRM + GPX pair or an Apple workout is kept as one zip of files
/// each up to the file limit).
fn unpack(packed: &[u8], limit: u64) -> Result<Vec<u8>, WorkoutsError> {
    formats::packed::unpack(packed, limit)
        .map_err(|e| WorkoutsError::Corrupt(formats::store::StoreError(format!("original: {e}"))))
}

/// A kept original as the account's archive holds it: gzip, which every restore reads and
/// anyone can open. One kept gzip is written as it is.
fn archived(packed: Vec<u8>, limit: u64) -> Result<Vec<u8>, WorkoutsError> {
    if formats::is_gzip(&packed) {
        return Ok(packed);
    }
    let plain = unpack(&packed, limit)?;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing to memory cannot fail.
    encoder.write_all(&plain).expect("gzip to memory");
    Ok(encoder.finish().expect("gzip to memory"))
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
                let bytes = unpack(&original.gz, self.limits.decompression_budget)?;
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

    /// Writes the account to `out` as a zip: each workout as FIT (a copy for other programs),
    /// each original once (the workouts of one file share it), and `index.json` with what a
    /// restore needs besides (see `restore::index`): the athlete's titles, notes and sports,
    /// each workout's gear and every service reference it is known by, the gear and its
    /// defaults, the preferences and the days of activity. Blocking (it
    /// reads the store through `runtime`): run it on a blocking thread, with `out` feeding the
    /// response, so the archive is never whole in memory.
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
        let mut workouts = Vec::new();
        // Content hash → the entry its original was written to.
        let mut originals: HashMap<String, String> = HashMap::new();
        for id in runtime.block_on(self.db.workout_ids(user))? {
            // A workout deleted while the export runs is simply not in it.
            let read = runtime.block_on(async {
                let summary = self.summary(user, id).await?;
                let recording = self.recording(user, id).await?;
                let from = self
                    .db
                    .workout_provenance(user, id)
                    .await?
                    .ok_or(WorkoutsError::NotFound)?;
                let original = match originals.contains_key(&from.content_hash) {
                    true => None,
                    false => Some(
                        self.db
                            .workout_original(user, id)
                            .await?
                            .ok_or(WorkoutsError::NotFound)?,
                    ),
                };
                let gear = self.db.workout_gear(user, id).await?;
                let sources = self.db.workout_sources(user, id).await?;
                Ok::<_, WorkoutsError>((summary, recording, from, original, gear, sources))
            });
            let (summary, recording, from, original, gear, sources) = match read {
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
            if let Some(original) = original {
                let name = format!("originals/{}_{}", id, entry_safe(&original.name));
                zip.start_file(name.as_str(), stored).map_err(zip_err)?;
                zip.write_all(&archived(original.gz, self.limits.decompression_budget)?)
                    .map_err(io)?;
                originals.insert(from.content_hash.clone(), name);
            }
            let mut w = index_workout(summary, from, fit_name, &originals);
            w.gear = gear.map(|g| g.name);
            w.sources = sources
                .into_iter()
                .map(|s| IndexSource {
                    service: s.service,
                    id: s.id,
                })
                .collect();
            workouts.push(w);
        }
        let preferences = runtime.block_on(self.db.preferences(user))?;
        let gear = runtime.block_on(self.db.gear_list(user))?;
        let gear_defaults: Vec<IndexGearDefault> = runtime
            .block_on(self.db.gear_defaults(user))?
            .into_iter()
            .filter_map(|d| {
                let named = gear.iter().find(|g| g.id == d.gear_id)?;
                Some(IndexGearDefault {
                    sport: d.sport,
                    gear: named.name.clone(),
                })
            })
            .collect();
        let gear: Vec<IndexGear> = gear.into_iter().map(IndexGear::from).collect();
        // Every day a stored `YYYY-MM-DD` can name.
        let (first, last) = (
            Date {
                year: 0,
                month: 1,
                day: 1,
            },
            Date {
                year: 9999,
                month: 12,
                day: 31,
            },
        );
        let days = runtime.block_on(self.db.activity_days(user, first, last))?;
        let days: Vec<IndexDay> = days
            .into_iter()
            .map(|d| IndexDay {
                day: d.day.to_string(),
                // Stored days passed the day checks, which bound them far below u32::MAX.
                steps: u32::try_from(d.steps).unwrap_or(0),
                active_kcal: u32::try_from(d.active_kcal).unwrap_or(0),
                active_s: u32::try_from(d.active_s).unwrap_or(0),
                hours: d.hours,
                source: Some(d.source),
            })
            .collect();
        let index = IndexOut {
            format: index::FORMAT,
            version: index::VERSION,
            exported_at: domain::Timestamp::now().to_string(),
            preferences: &preferences,
            gear: &gear,
            gear_defaults: &gear_defaults,
            workouts: &workouts,
            daily_activity: &days,
        };
        zip.start_file("index.json", stored).map_err(zip_err)?;
        serde_json::to_writer_pretty(&mut zip, &index)
            .map_err(|e| WorkoutsError::Task(format!("writing the archive: {e}")))?;
        zip.finish().map_err(zip_err)?;
        Ok(())
    }
}

/// A workout as the index describes it.
fn index_workout(
    summary: WorkoutSummary,
    from: db::Provenance,
    fit: String,
    originals: &HashMap<String, String>,
) -> IndexWorkout {
    IndexWorkout {
        id: summary.id.get(),
        start_utc: summary.start.to_string(),
        start_ms: Some(summary.start.unix_ms()),
        utc_offset_minutes: Some(summary.utc_offset_min),
        elapsed_ms: summary.metrics.elapsed_ms,
        distance_m: summary.metrics.distance_m,
        fit,
        original_gz: originals
            .get(&from.content_hash)
            .cloned()
            .unwrap_or_default(),
        original_name: Some(summary.source_name),
        part: Some(from.part),
        source: from.source.map(|s| IndexSource {
            service: s.service,
            id: s.id,
        }),
        // Filled in by the caller, which reads them.
        sources: Vec::new(),
        gear: None,
        sensor: from.sensor.map(|s| {
            let (device, maker, model) = match s.device {
                Some(d) => (Some(d.name), Some(d.maker), Some(d.model)),
                None => (None, None, None),
            };
            IndexSensor {
                sport: s.sport,
                device,
                maker,
                model,
                wheel_mm: s.wheel_mm,
            }
        }),
        content_hash: Some(from.content_hash),
        title: Some(summary.title),
        notes: Some(summary.notes),
        sport: Some(summary.sport),
        time_zone: summary.time_zone,
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
