//! Import: uploaded files (and zips of them, and HRM + GPX pairs) become stored workouts, one
//! transaction per file, each with a result the uploader can act on.

use blake2::{Blake2b, Digest, digest::consts::U32};
use db::{NewUpload, NewWorkout, UploadOutcome};
use domain::{FileResult, Outcome, UserId, pair_names};
use formats::{Format, Options, Recording};

use crate::{
    Workouts, WorkoutsError,
    archive::{self, ZipLimits},
    summary::{self, LocalTime},
    zone,
};

/// One uploaded file.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Its name as the uploader sent it (used for pairing and shown in results).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// One unit of work: a file, a zip entry, or an HRM + GPX pair.
#[derive(Debug)]
pub struct Item {
    /// The name results show.
    pub name: String,
    content: Content,
}

#[derive(Debug)]
enum Content {
    File(Vec<u8>),
    /// A recording built elsewhere (a synced sensor session) and the bytes it was built from.
    Recording {
        recording: Box<Recording>,
        original: Vec<u8>,
    },
    Pair {
        hrm: Upload,
        gpx: Upload,
    },
    Broken(String),
}

impl Item {
    /// A single file.
    pub fn file(upload: Upload) -> Self {
        Self {
            name: upload.name,
            content: Content::File(upload.bytes),
        }
    }

    /// An HRM file and the GPX track of the same session.
    pub fn pair(hrm: Upload, gpx: Upload) -> Self {
        Self {
            name: format!("{} + {}", hrm.name, gpx.name),
            content: Content::Pair { hrm, gpx },
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
            },
        }
    }

    /// Something that cannot be imported, with the reason.
    pub fn broken(name: String, reason: String) -> Self {
        Self {
            name,
            content: Content::Broken(reason),
        }
    }
}

/// Expands zips and pairs HRM with GPX files: the items of one upload request.
pub fn plan(uploads: Vec<Upload>, limits: ZipLimits) -> Vec<Item> {
    let mut files = Vec::new();
    let mut items = Vec::new();
    for upload in uploads {
        if archive::is_zip(&upload.bytes) {
            match archive::expand(&upload.bytes, limits) {
                Ok(entries) => {
                    for entry in entries {
                        let name = format!("{}/{}", upload.name, entry.name);
                        match entry.bytes {
                            Ok(bytes) if archive::is_zip(&bytes) => items.push(Item::broken(
                                name,
                                "a zip inside a zip is not expanded: upload it on its own"
                                    .to_owned(),
                            )),
                            Ok(bytes) => files.push(Upload { name, bytes }),
                            Err(reason) => items.push(Item::broken(name, reason)),
                        }
                    }
                }
                Err(reason) => items.push(Item::broken(upload.name, reason)),
            }
        } else {
            files.push(upload);
        }
    }
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let groups = pair_names(&names);
    let mut slots: Vec<Option<Upload>> = files.into_iter().map(Some).collect();
    for (first, second) in groups {
        let Some(a) = slots[first].take() else {
            continue;
        };
        match second.and_then(|j| slots[j].take()) {
            Some(b) => items.push(Item::pair(a, b)),
            None => items.push(Item::file(a)),
        }
    }
    items
}

/// The BLAKE2b-256 of some bytes, hex.
fn content_hash(parts: &[&[u8]]) -> String {
    let mut hasher = Blake2b::<U32>::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The original as stored: gzip at the fastest level (an upload's server time matters more than
/// the last tenth of its size), or as it came when it was gzip already.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    if formats::is_gzip(bytes) {
        return bytes.to_vec();
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing to memory cannot fail.
    std::io::Write::write_all(&mut encoder, bytes).expect("gzip to memory");
    encoder.finish().expect("gzip to memory")
}

/// Reads a file, in the user's zone when it carries local time only (HRM).
fn read(bytes: &[u8], options: &Options, user_zone: &str) -> Result<Vec<Recording>, String> {
    let recordings = formats::read_all(bytes, options).map_err(|e| e.to_string())?;
    if recordings[0].format != Some(Format::Hrm) {
        return Ok(recordings);
    }
    let offset = zone::offset_for_local(user_zone, recordings[0].start.unix_ms()).unwrap_or(0);
    let options = Options {
        local_utc_offset_minutes: offset,
        ..*options
    };
    formats::read_all(bytes, &options).map_err(|e| e.to_string())
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

    /// Turns an item into what the store needs, or the reason it cannot be imported. CPU work:
    /// run it off the async threads.
    fn prepare(&self, item: Item, user_zone: &str) -> Result<NewUpload, String> {
        let options = Options::default();
        let (recordings, hash, original_gz) = match item.content {
            Content::Broken(reason) => return Err(reason),
            Content::Recording {
                recording,
                original,
            } => (
                vec![*recording],
                content_hash(&[&original]),
                gzip(&original),
            ),
            Content::File(bytes) => {
                let recordings = read(&bytes, &options, user_zone)?;
                (recordings, content_hash(&[&bytes]), gzip(&bytes))
            }
            Content::Pair { hrm, gpx } => {
                let track = formats::read(&gpx.bytes, &options)
                    .map_err(|e| format!("{}: {e}", gpx.name))?;
                let heart = formats::read(&hrm.bytes, &options)
                    .map_err(|e| format!("{}: {e}", hrm.name))?;
                let merged = formats::hrm::merge_gpx(heart, &track).map_err(|e| e.to_string())?;
                let base = |name: &str| name.rsplit('/').next().unwrap_or(name).to_owned();
                let zip = archive::zip_files(&[
                    (&base(&hrm.name), &hrm.bytes),
                    (&base(&gpx.name), &gpx.bytes),
                ]);
                (
                    vec![merged],
                    content_hash(&[&hrm.bytes, &gpx.bytes]),
                    gzip(&zip),
                )
            }
        };
        let source_name = match item.name.split_once(" + ") {
            Some((hrm, _)) => format!("{}.zip", hrm.rsplit('/').next().unwrap_or(hrm)),
            None => item
                .name
                .rsplit('/')
                .next()
                .unwrap_or(&item.name)
                .to_owned(),
        };
        let mut workouts = Vec::with_capacity(recordings.len());
        for r in &recordings {
            if r.samples.is_empty() && r.laps.is_empty() && r.duration_ms() <= 0 {
                continue;
            }
            let time = self.local_time(r, user_zone);
            workouts.push(NewWorkout {
                summary: summary::summarise(r, &time, &source_name),
                laps: summary::laps(r),
                recording: formats::store::encode(r),
            });
        }
        if workouts.is_empty() {
            // The reader says what such a file holds instead (settings, a workout plan, ...).
            let what = recordings
                .iter()
                .flat_map(|r| &r.warnings)
                .find(|w| w.contains("not a recorded activity"));
            return Err(what.cloned().unwrap_or_else(|| {
                "the file holds no samples, laps or duration: nothing to import".to_owned()
            }));
        }
        Ok(NewUpload {
            content_hash: hash,
            original_gz,
            workouts,
        })
    }

    /// Imports one item for a user: one transaction, one result.
    #[tracing::instrument(skip_all, fields(user = %user, file = %item.name))]
    pub async fn import_item(&self, user: UserId, item: Item) -> Result<FileResult, WorkoutsError> {
        let file = item.name.clone();
        let zone = self.db.preferences(user).await?.time_zone;
        let this = self.clone();
        let prepared = tokio::task::spawn_blocking(move || this.prepare(item, &zone))
            .await
            .map_err(|e| WorkoutsError::Task(e.to_string()))?;
        let upload = match prepared {
            Ok(upload) => upload,
            Err(error) => {
                tracing::info!(%error, "refused");
                return Ok(FileResult {
                    file,
                    outcome: Outcome::Refused { error },
                });
            }
        };
        let outcome = match self.db.insert_upload(user, &upload).await? {
            UploadOutcome::Duplicate(workout_id) => Outcome::Duplicate { workout_id },
            UploadOutcome::Imported(ids) => {
                let mut overlaps = Vec::new();
                for (id, w) in ids.iter().zip(&upload.workouts) {
                    let s = &w.summary;
                    for (other, _) in self
                        .db
                        .overlapping_workouts(user, Some(*id), s.start_ms, s.end_ms())
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
                }
            }
        };
        Ok(FileResult { file, outcome })
    }

    /// Imports the files of one upload request (zips expanded, pairs merged), in order.
    pub async fn import(
        &self,
        user: UserId,
        uploads: Vec<Upload>,
    ) -> Result<Vec<FileResult>, WorkoutsError> {
        let limits = self.zip_limits;
        let items = tokio::task::spawn_blocking(move || plan(uploads, limits))
            .await
            .map_err(|e| WorkoutsError::Task(e.to_string()))?;
        let mut results = Vec::with_capacity(items.len());
        for item in items {
            results.push(self.import_item(user, item).await?);
        }
        Ok(results)
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
