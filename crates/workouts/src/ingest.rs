//! Import: uploaded files (and zips of them, and HRM + GPX pairs) become stored workouts, one
//! transaction per file, each with a result the uploader can act on.

use blake2::{Blake2b, Digest, digest::consts::U32};
use bytes::Bytes;
use db::{NewUpload, NewWorkout, UploadOutcome};
use domain::{FileResult, Outcome, UserId};
use formats::{Format, Options, Recording};

use crate::{
    Workouts, WorkoutsError, archive,
    linking::Matcher,
    observe::{FileImport, FileOutcome, Refusal, RefusalReason},
    restore::{AccountPart, Restored},
    service_export::{self, Described},
    summary::{self, LocalTime},
    upload::{Body, Upload, plan},
    zone,
};

/// One unit of work: a file, a zip entry, or an HRM + GPX pair, loaded and ready to import.
#[derive(Debug)]
pub struct Item {
    /// The name results show.
    pub name: String,
    content: Content,
    /// What a service's export said about it (title, notes, sport, ...), applied on import.
    described: Option<Box<Described>>,
    /// What the index of Laps' own export says of it (a restore), applied on import.
    restored: Option<Box<Restored>>,
}

/// A file's name and bytes.
#[derive(Debug)]
struct Named {
    name: String,
    bytes: Bytes,
}

#[derive(Debug)]
enum Content {
    /// A file as uploaded, and its decompressed bytes when it came gzip-compressed (already
    /// inflated within the request's budget, so it is not inflated twice).
    File {
        raw: Bytes,
        inflated: Option<Vec<u8>>,
    },
    /// A recording built elsewhere (a synced sensor session, an archive's own format) and the
    /// bytes it was built from, with the name they are kept under when it is not the item's.
    Recording {
        recording: Box<Recording>,
        original: Vec<u8>,
        original_name: Option<String>,
    },
    Pair {
        hrm: Named,
        gpx: Named,
    },
    /// A service's entry without a file (a manual entry): its figures are in `described`.
    Manual,
    /// Days of activity an archive held.
    Days(crate::days::ArchiveDays),
    /// Entries of an archive of a kind Laps does not import: (kind, count).
    Skipped(String, u32),
    /// The account's settings or days from the index of Laps' own export.
    Account(Box<AccountPart>),
    Broken(String),
}

impl Content {
    /// The size of what was sent, as it was sent (a gzip's compressed bytes): what an import
    /// is counted as having read.
    fn byte_len(&self) -> u64 {
        let len = match self {
            Self::File { raw, .. } => raw.len(),
            Self::Recording { original, .. } => original.len(),
            Self::Pair { hrm, gpx } => hrm.bytes.len() + gpx.bytes.len(),
            Self::Manual
            | Self::Days(_)
            | Self::Skipped(..)
            | Self::Account(_)
            | Self::Broken(_) => 0,
        };
        len as u64
    }
}

/// The bytes of an upload held in memory (a file on disk is read when its turn comes).
fn bytes_of(upload: Upload) -> Result<(String, Bytes), (String, String)> {
    match upload.body {
        Body::Memory(bytes) => Ok((upload.name, bytes)),
        Body::File(path, _) => match std::fs::read(&path) {
            Ok(bytes) => Ok((upload.name, bytes.into())),
            Err(e) => Err((upload.name, format!("cannot be read: {e}"))),
        },
    }
}

impl Item {
    /// A single file.
    pub fn file(upload: Upload) -> Self {
        match bytes_of(upload) {
            Ok((name, bytes)) => Self {
                name,
                content: Content::File {
                    raw: bytes,
                    inflated: None,
                },
                described: None,
                restored: None,
            },
            Err((name, reason)) => Self::broken(name, reason),
        }
    }

    /// A file loaded by a [`crate::upload::Plan`], with its gzip already inflated.
    pub(crate) fn loaded(name: String, raw: Bytes, inflated: Option<Vec<u8>>) -> Self {
        Self {
            name,
            content: Content::File { raw, inflated },
            described: None,
            restored: None,
        }
    }

    /// The same item, with what a service's export said about it.
    pub(crate) fn described(self, described: Described) -> Self {
        Self {
            described: Some(Box::new(described)),
            ..self
        }
    }

    /// A service's entry that has no file (a manual entry), imported from its summary.
    pub(crate) fn manual(name: String, described: Described) -> Self {
        Self {
            name,
            content: Content::Manual,
            described: Some(Box::new(described)),
            restored: None,
        }
    }

    /// An HRM file and the GPX track of the same session.
    pub fn pair(hrm: Upload, gpx: Upload) -> Self {
        let (hrm, gpx) = match (bytes_of(hrm), bytes_of(gpx)) {
            (Ok(hrm), Ok(gpx)) => (hrm, gpx),
            (Err((name, reason)), _) | (_, Err((name, reason))) => {
                return Self::broken(name, reason);
            }
        };
        Self {
            name: format!("{} + {}", hrm.0, gpx.0),
            content: Content::Pair {
                hrm: Named {
                    name: hrm.0,
                    bytes: hrm.1,
                },
                gpx: Named {
                    name: gpx.0,
                    bytes: gpx.1,
                },
            },
            described: None,
            restored: None,
        }
    }

    /// A recording built from synced sensor data; `original` is what it was built from (kept
    /// as the workout's original, and hashed for deduplication).
    pub fn recording(name: String, recording: Recording, original: Vec<u8>) -> Self {
        Self {
            name,
            content: Content::Recording {
                recording: Box::new(recording),
                original,
                original_name: None,
            },
            described: None,
            restored: None,
        }
    }

    /// A recording an archive's reader built from several of its parts; `original` (what it
    /// was built from, kept and hashed) is downloaded as `original_name`.
    pub(crate) fn archived(
        name: String,
        original_name: String,
        recording: Recording,
        original: Vec<u8>,
    ) -> Self {
        Self {
            name,
            content: Content::Recording {
                recording: Box::new(recording),
                original,
                original_name: Some(original_name),
            },
            described: None,
            restored: None,
        }
    }

    /// The name a workout from this item is stored under: the file's own name (without the
    /// archive it came in), or for a pair, the HRM's with `.zip` (its original is a zip of
    /// both files).
    fn source_name(&self) -> String {
        match &self.content {
            Content::Pair { hrm, .. } => format!("{}.zip", base_name(&hrm.name)),
            Content::Recording {
                original_name: Some(name),
                ..
            } => name.clone(),
            _ => base_name(&self.name).to_owned(),
        }
    }

    /// Days of activity from a service's archive, stored where no preferred source describes
    /// them.
    pub(crate) fn days(name: String, days: crate::days::ArchiveDays) -> Self {
        Self {
            name,
            content: Content::Days(days),
            described: None,
            restored: None,
        }
    }

    /// Entries of an archive that hold nothing Laps imports, counted by kind.
    pub(crate) fn skipped(name: String, kind: String, count: u32) -> Self {
        Self {
            name,
            content: Content::Skipped(kind, count),
            described: None,
            restored: None,
        }
    }

    /// The account's settings or days from the index of Laps' own export.
    pub(crate) fn account(name: String, part: AccountPart) -> Self {
        Self {
            name,
            content: Content::Account(Box::new(part)),
            described: None,
            restored: None,
        }
    }

    /// The same item, with what the index of Laps' own export says of it.
    pub(crate) fn restored(self, restored: Restored) -> Self {
        Self {
            restored: Some(Box::new(restored)),
            ..self
        }
    }

    /// Something that cannot be imported, with the reason.
    pub fn broken(name: String, reason: String) -> Self {
        Self {
            name,
            content: Content::Broken(reason),
            described: None,
            restored: None,
        }
    }
}

/// What [`Workouts::import_with`] reports while it runs.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// The request is planned: this many items follow, one result each.
    Planned(usize),
    /// One item's result, as soon as it is stored (or refused).
    Done(&'a FileResult),
}

/// The BLAKE2b-256 of some bytes, hex.
pub(crate) fn content_hash(parts: &[&[u8]]) -> String {
    let mut hasher = Blake2b::<U32>::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    domain::hex(&hasher.finalize())
}

/// From this many items on, an upload (an account's archive) is a bulk import: the planner's
/// statistics are refreshed after it.
const BULK: usize = 500;

/// From this size on, a file's original is hashed and compressed beside its reading (a thread
/// costs tens of microseconds; the corpus' median file is read in less than a millisecond).
const PARALLEL_FROM: usize = 256 << 10;

/// The original as kept: as it came when it was gzip already (the hashes of such uploads
/// depend on those bytes), else one zstd frame at the fastest level (an upload's server time
/// matters more than the last tenth of its size; originals kept before are gzip and read
/// the same way, see [`formats::packed::unpack`]).
pub(crate) fn keep(bytes: &[u8]) -> Vec<u8> {
    if formats::is_gzip(bytes) {
        return bytes.to_vec();
    }
    formats::packed::zstd(bytes)
}

/// Reads a file, in the user's zone when it carries local time only (HRM). The file is parsed
/// once: an HRM is read with its wall-clock times taken as UTC, then placed in the zone's
/// offset at its start (which only the parsed start can tell).
pub(crate) fn read(
    bytes: &[u8],
    options: &Options,
    user_zone: &str,
) -> Result<Vec<Recording>, formats::Error> {
    let options = Options {
        local_utc_offset_minutes: 0,
        ..*options
    };
    let mut recordings = formats::read_all(bytes, &options)?;
    for r in recordings
        .iter_mut()
        .filter(|r| r.format == Some(Format::Hrm))
    {
        let offset = zone::offset_for_local(user_zone, r.start.unix_ms()).unwrap_or(0);
        r.place_local(offset);
    }
    Ok(recordings)
}

/// The last part of a path: `archive.zip/run.fit` → `run.fit`.
fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

impl Workouts {
    /// Where and when a recording happened: the zone of its first position, else the user's;
    /// the offset the file states (FIT), else the zone's at the start.
    fn local_time(&self, r: &Recording, user_zone: &str) -> LocalTime {
        let position_zone = first_position(r).and_then(|(lat, lon)| self.zones.zone_at(lat, lon));
        let start = r.start.unix_ms();
        match (r.utc_offset_minutes, position_zone) {
            // HRM is read in the user's zone, so the offset it carries is that zone's.
            (Some(offset), None) if r.format == Some(Format::Hrm) => LocalTime {
                utc_offset_min: offset,
                time_zone: Some(user_zone.to_owned()),
            },
            (Some(offset), zone) => LocalTime {
                utc_offset_min: offset,
                time_zone: zone,
            },
            (None, Some(zone)) => LocalTime {
                utc_offset_min: zone::offset_at(&zone, start).unwrap_or(0),
                time_zone: Some(zone),
            },
            (None, None) => LocalTime {
                utc_offset_min: zone::offset_at(user_zone, start).unwrap_or(0),
                time_zone: Some(user_zone.to_owned()),
            },
        }
    }

    /// Turns an item into what the store needs and the rules it is matched by, or the reason
    /// it cannot be imported. CPU work: run it off the async threads.
    fn prepare(&self, item: Item, user_zone: &str) -> Result<(NewUpload, Matcher), Refusal> {
        let options = self.limits.read_options(self.limits.max_file_bytes);
        let mut source_name = item.source_name();
        let described = item.described;
        // The hash of a gzip's own bytes, as workouts imported before were stored under.
        let mut equivalent_hashes = Vec::new();
        let mut restored = item.restored;
        // A restored file with local times only is read in the zone it was read in before.
        let user_zone = restored
            .as_deref()
            .and_then(Restored::read_zone)
            .map(str::to_owned)
            .unwrap_or_else(|| user_zone.to_owned());
        let user_zone = user_zone.as_str();
        // Why a pair became two workouts, for their notes.
        let mut pair_note = None;
        let (mut recordings, hash, mut original_gz) = match item.content {
            Content::Broken(reason) => return Err(Refusal::new(RefusalReason::NotLoaded, reason)),
            // Told apart by `import_item` before any file is read.
            Content::Days(_) | Content::Skipped(..) | Content::Account(_) => {
                return Err("not a workout: handled before preparing".to_owned().into());
            }
            Content::Manual => {
                let d = described
                    .as_deref()
                    .ok_or_else(|| "a manual entry without its service's figures".to_owned())?;
                let mut recording = service_export::manual_recording(d)?;
                formats::sanitize(&mut recording, &options)?;
                let (name, original) = service_export::manual_original(d);
                source_name = name;
                (
                    vec![recording],
                    // Keyed by the service's id, not by the figures: the same entry exported
                    // again (even edited on the service) is the same workout.
                    content_hash(&[b"manual entry", service_export::manual_key(d).as_bytes()]),
                    keep(&original),
                )
            }
            Content::Recording {
                mut recording,
                original,
                ..
            } => {
                // Sensor data meets the same ranges and spans as a file's.
                formats::sanitize(&mut recording, &options)?;
                (
                    vec![*recording],
                    content_hash(&[&original]),
                    keep(&original),
                )
            }
            Content::File { raw, inflated } => {
                let inflated = match inflated {
                    None if formats::is_gzip(&raw) => {
                        Some(formats::gunzip(&raw, self.limits.max_file_bytes)?)
                    }
                    inflated => inflated,
                };
                let content = inflated.as_deref().unwrap_or(&raw);
                // The file is its content: a gzip of a FIT hashes as the FIT, so the same
                // recording sent plain and gzipped (by a watch's app and by a service) is
                // one file.
                let keep = || {
                    let equivalent = inflated.is_some().then(|| content_hash(&[&raw]));
                    (content_hash(&[content]), keep(&raw), equivalent)
                };
                // A large file is hashed and compressed on a second core while it is read:
                // together they cost about what reading it does.
                let (recordings, (hash, gz, equivalent)) = if raw.len() >= PARALLEL_FROM {
                    std::thread::scope(|scope| {
                        let kept = scope.spawn(keep);
                        let recordings = read(content, &options, user_zone);
                        (
                            recordings,
                            kept.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                        )
                    })
                } else {
                    (read(content, &options, user_zone), keep())
                };
                let recordings = recordings?;
                equivalent_hashes.extend(equivalent);
                (recordings, hash, gz)
            }
            Content::Pair { hrm, gpx } => {
                let read = crate::pairs::read_pair(
                    (base_name(&hrm.name), &hrm.bytes),
                    (base_name(&gpx.name), &gpx.bytes),
                    &options,
                    user_zone,
                )?;
                pair_note = read.note;
                let zip = archive::zip_files(&[
                    (base_name(&hrm.name), &hrm.bytes),
                    (base_name(&gpx.name), &gpx.bytes),
                ]);
                (
                    read.recordings,
                    content_hash(&[&hrm.bytes, &gpx.bytes]),
                    keep(&zip),
                )
            }
        };
        if let Some(d) = &described {
            service_export::state_offset(d, &mut recordings);
        }
        if let Some(r) = &mut restored {
            // Stored as it was kept, under the name it was uploaded as.
            original_gz = std::mem::take(&mut r.original_gz);
            source_name.clone_from(&r.source_name);
        }
        let mut workouts = Vec::with_capacity(recordings.len());
        // Each workout's recording as the store will give it back, for the analysis below.
        let mut stored = Vec::with_capacity(recordings.len());
        for r in &recordings {
            if r.samples.is_empty() && r.laps.is_empty() && r.duration_ms() <= 0 {
                continue;
            }
            let time = self.local_time(r, user_zone);
            let mut summary = summary::summarise(r, &time, &source_name);
            if let Some(note) = &pair_note {
                summary.notes = [note.as_str(), summary.notes.as_str()]
                    .iter()
                    .filter(|n| !n.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            if let Some(d) = &described {
                service_export::apply(d, &mut summary);
            }
            // Our own body always decodes; were it not to, the file is refused, not stored.
            let (blob, as_stored) = formats::store::encode_stored(r).map_err(|e| {
                tracing::error!(error = %e, "a recording did not survive its own encoding");
                Refusal::new(
                    RefusalReason::Other,
                    "the recording could not be stored".to_owned(),
                )
            })?;
            stored.push(as_stored);
            workouts.push(NewWorkout {
                summary,
                laps: summary::laps(r),
                recording: blob,
                sources: Vec::new(),
                analysis: None,
            });
        }
        // Gear the service named, else the sport's default; a restore's index may say better.
        let mut gear = match described.as_deref().and_then(|d| d.gear.clone()) {
            Some(gear) => db::GearChoice::Named(gear),
            None => db::GearChoice::SportDefault,
        };
        if let Some(restored) = &restored
            && !workouts.is_empty()
        {
            let found = restored.apply(workouts.iter_mut().map(|w| &mut w.summary).collect());
            let kept: Vec<Option<usize>> = found
                .iter()
                .filter(|(keep, _)| *keep)
                .map(|(_, m)| *m)
                .collect();
            let keeps: Vec<bool> = found.iter().map(|(keep, _)| *keep).collect();
            let mut keep = keeps.iter();
            workouts.retain(|_| keep.next().is_none_or(|keep| *keep));
            let mut keep = keeps.iter();
            stored.retain(|_| keep.next().is_none_or(|keep| *keep));
            for (w, m) in workouts.iter_mut().zip(&kept) {
                w.sources = restored.sources(*m);
            }
            if let Some(choice) = restored.gear(&kept) {
                gear = choice;
            }
            if workouts.is_empty() {
                return Err(
                    "the export's index lists none of the workouts this original holds"
                        .to_owned()
                        .into(),
                );
            }
        }
        if workouts.is_empty() {
            // The reader says what such a file holds instead (settings, a workout plan, ...).
            let what = recordings
                .iter()
                .flat_map(|r| &r.warnings)
                .find(|w| w.contains("not a recorded activity"));
            // Counted as the reader's own refusal of such a file would be.
            return Err(match what {
                Some(what) => Refusal::new(RefusalReason::Format("not_an_activity"), what.clone()),
                None => Refusal::new(
                    RefusalReason::NothingToImport,
                    "the file holds no samples, laps or duration: nothing to import".to_owned(),
                ),
            });
        }
        // Best efforts and curves with each workout's final sport (a restore or a service's
        // export may have changed it), stored in the same transaction as the workout. From the
        // recording as stored, which the backfill and every later re-analysis read: the store
        // keeps distances and speeds at its own precision, and records worked out from the
        // parsed file would move in their fifth digit when the workout is analysed again.
        for (w, recording) in workouts.iter_mut().zip(&stored) {
            w.analysis = Some(crate::bests::stored(recording, w.summary.sport));
        }
        let matcher = Matcher::new(
            hash.clone(),
            self.limits.max_file_bytes,
            workouts.first().map(|w| &w.summary),
            described.as_deref(),
        );
        let upload = NewUpload {
            content_hash: hash,
            equivalent_hashes,
            original_gz,
            workouts,
            source: restored
                .as_deref()
                .and_then(Restored::source)
                .or_else(|| described.as_deref().and_then(service_export::source)),
            gear,
        };
        Ok((upload, matcher))
    }

    /// Imports one item for a user: one transaction, one result.
    #[tracing::instrument(skip_all, fields(user = %user, file = %item.name))]
    pub async fn import_item(&self, user: UserId, item: Item) -> Result<FileResult, WorkoutsError> {
        let started = std::time::Instant::now();
        let file = item.name.clone();
        let bytes = item.content.byte_len();
        let item = match item.content {
            Content::Days(days) => {
                let outcome = self.store_days(user, days).await?;
                return Ok(FileResult { file, outcome });
            }
            Content::Skipped(kind, count) => {
                return Ok(FileResult {
                    file,
                    outcome: Outcome::Skipped { kind, count },
                });
            }
            Content::Account(part) => {
                let outcome = self.restore_account(user, *part).await?;
                return Ok(FileResult { file, outcome });
            }
            content => Item { content, ..item },
        };
        let zone = self.db.preferences(user).await?.time_zone;
        let manual = matches!(item.content, Content::Manual);
        let sensor = item.restored.as_ref().and_then(|r| r.sensor.clone());
        let this = self.clone();
        let prepared = tokio::task::spawn_blocking(move || this.prepare(item, &zone))
            .await
            .map_err(|e| WorkoutsError::Task(e.to_string()))?;
        let (upload, matcher) = match prepared {
            Ok(prepared) => prepared,
            Err(Refusal { reason, message }) => {
                tracing::info!(error = %message, reason = reason.as_str(), "refused");
                self.observer.file_done(FileImport {
                    outcome: FileOutcome::Refused(reason),
                    bytes,
                    elapsed: started.elapsed(),
                });
                return Ok(FileResult {
                    file,
                    outcome: Outcome::Refused { error: message },
                });
            }
        };
        let stored = self.db.import_upload(user, &upload, &matcher).await?;
        self.observer.file_done(FileImport {
            outcome: match &stored {
                UploadOutcome::Duplicate(_) => FileOutcome::Duplicate,
                UploadOutcome::Linked(_) => FileOutcome::Linked,
                UploadOutcome::Imported(_) => FileOutcome::Imported,
            },
            bytes,
            elapsed: started.elapsed(),
        });
        let outcome = match stored {
            UploadOutcome::Duplicate(workout_id) => Outcome::Duplicate { workout_id },
            UploadOutcome::Linked(workout_id) => Outcome::Linked {
                workout_id,
                service: upload
                    .source
                    .as_ref()
                    .map(|s| s.service.clone())
                    .unwrap_or_default(),
            },
            UploadOutcome::Imported(ids) => {
                let mut overlaps = Vec::new();
                for (id, w) in ids.iter().zip(&upload.workouts) {
                    let s = &w.summary;
                    for (other, _) in self
                        .db
                        .overlapping_workouts(user, Some(*id), s.start, s.end())
                        .await?
                    {
                        if !ids.contains(&other) && !overlaps.contains(&other) {
                            overlaps.push(other);
                        }
                    }
                }
                Outcome::Imported {
                    workout_id: ids[0],
                    workout_ids: ids,
                    overlaps,
                    manual,
                }
            }
        };
        if let (
            Some(origin),
            Outcome::Imported { workout_id, .. } | Outcome::Duplicate { workout_id },
        ) = (&sensor, &outcome)
        {
            // Also when it was there already: a restore interrupted between the two finishes.
            self.db
                .sensor_origin_restore(user, *workout_id, origin)
                .await?;
        }
        Ok(FileResult { file, outcome })
    }

    /// Imports the files of one upload request (zips expanded, pairs merged), in order, one at
    /// a time: each file is loaded (and decompressed, within the request's budget) just before
    /// it is imported, in its own transaction, and dropped after.
    pub async fn import(
        &self,
        user: UserId,
        uploads: Vec<Upload>,
    ) -> Result<Vec<FileResult>, WorkoutsError> {
        self.import_with(user, uploads, |_| {}).await
    }

    /// [`Self::import`], telling `progress` how many items the request holds once it is
    /// planned, then each result as soon as it is known (an archive of years takes minutes:
    /// the upload page shows its items as they come).
    pub async fn import_with(
        &self,
        user: UserId,
        uploads: Vec<Upload>,
        mut progress: impl FnMut(Progress<'_>) + Send,
    ) -> Result<Vec<FileResult>, WorkoutsError> {
        let limits = self.limits;
        let mut plan = tokio::task::spawn_blocking(move || plan(uploads, limits))
            .await
            .map_err(|e| WorkoutsError::Task(e.to_string()))?;
        progress(Progress::Planned(plan.len()));
        let mut results = Vec::with_capacity(plan.len());
        loop {
            let (returned, item) = tokio::task::spawn_blocking(move || {
                let item = plan.next_item();
                (plan, item)
            })
            .await
            .map_err(|e| WorkoutsError::Task(e.to_string()))?;
            plan = returned;
            let Some(item) = item else { break };
            let result = self.import_item(user, item).await?;
            progress(Progress::Done(&result));
            results.push(result);
        }
        if results.len() >= BULK {
            self.refresh_statistics().await;
        }
        Ok(results)
    }

    /// After a bulk import: the database's planner statistics brought up to date (see
    /// [`db::Db::refresh_statistics`]), so the account's pages are quick at once. A failure is
    /// logged, not returned: the workouts are stored either way.
    pub async fn refresh_statistics(&self) {
        if let Err(e) = self.db.refresh_statistics().await {
            tracing::warn!(error = ?e, "the planner's statistics could not be refreshed");
        }
    }
}

fn first_position(r: &Recording) -> Option<(f64, f64)> {
    let (lat, lon) = (r.samples.latitude.as_ref()?, r.samples.longitude.as_ref()?);
    lat.iter()
        .zip(lon)
        .find(|(a, o)| a.is_finite() && o.is_finite())
        .map(|(a, o)| (*a, *o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_tell_pairs_from_concatenations() {
        assert_ne!(content_hash(&[b"ab", b"c"]), content_hash(&[b"a", b"bc"]));
        assert_eq!(content_hash(&[b"x"]).len(), 64);
    }
}
