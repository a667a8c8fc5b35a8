//! An original of the export read into an item. What kind of original it is, is told by its
//! bytes (an export of version 1 does not say): a zip is an HRM + GPX pair Laps kept as one
//! original, or an Apple Health workout's own small export; a JSON array is a synced sensor session's batches; a JSON object is a service's
//! manual entry (as Laps wrote it) or a Polar Flow session; anything else is a file as it was
//! uploaded, gzip or not (its content hash tells, or else its name).

use bytes::Bytes;
use syncbatch::StoredBatch;

use super::{RestoreEntry, Restored};
use crate::{
    Item, Limits, apple_export, archive,
    ingest::{content_hash, keep},
    service_export::{self, Described},
    sessions,
    sync::{DEFAULT_WHEEL_M, SyncedSession},
    upload::Upload,
};

/// What an original is.
enum Kind {
    Pair,
    AppleWorkout,
    Sensor(Vec<StoredBatch>),
    Manual(Box<Described>),
    PolarSession,
    File,
}

/// The item of an original: `raw` is the entry as the export holds it, `inflated` its
/// decompressed bytes when it is gzip (already counted against the request's budget, as any
/// pair's two files are here).
pub(crate) fn item(
    name: String,
    raw: Bytes,
    inflated: Option<Vec<u8>>,
    entry: RestoreEntry,
    limits: &Limits,
    budget_left: &mut u64,
) -> Item {
    let (original_gz, plain): (Vec<u8>, Bytes) = match inflated {
        Some(plain) => (raw.to_vec(), plain.into()),
        // The export compresses every original; one stored plain (unpacked and packed again
        // by hand) is compressed as the import of it would have been.
        None => (keep(&raw), raw.clone()),
    };
    let mut origin = None;
    let item = match kind(&plain) {
        Kind::Pair => pair(name, &plain, limits, budget_left),
        Kind::AppleWorkout => {
            apple_export::workout_from_original(name, &plain, limits, budget_left)
        }
        Kind::Sensor(batches) => {
            let (item, session) = sensor(name, batches, &plain, &entry, limits);
            origin = Some(session);
            item
        }
        Kind::Manual(described) => Item::manual(name, *described),
        Kind::PolarSession => service_export::polar_item(name, &plain),
        Kind::File if uploaded_as_gzip(&entry, &raw, &original_gz) => {
            Item::loaded(name, raw, Some(plain.to_vec()))
        }
        Kind::File => Item::loaded(name, plain, None),
    };
    let mut restored = Restored::new(entry, original_gz);
    restored.sensor = origin;
    item.restored(restored)
}

fn kind(plain: &[u8]) -> Kind {
    if archive::is_zip(plain) {
        if apple_export::is_workout_original(plain) {
            return Kind::AppleWorkout;
        }
        return Kind::Pair;
    }
    match plain.iter().find(|b| !b.is_ascii_whitespace()) {
        // An HRM file starts with `[Params]`: not JSON, so a file.
        Some(b'[') => match serde_json::from_slice(plain) {
            Ok(batches) => Kind::Sensor(batches),
            Err(_) => Kind::File,
        },
        Some(b'{') => match service_export::manual_from_original(plain) {
            Some(described) => Kind::Manual(Box::new(described)),
            None => Kind::PolarSession,
        },
        _ => Kind::File,
    }
}

/// Whether the upload was gzip itself (then the export's entry is the upload, and its hash is
/// the hash of the gzip bytes), or was compressed for keeping. The index's hash tells; an
/// index without one (version 1), the name it was uploaded under.
fn uploaded_as_gzip(entry: &RestoreEntry, raw: &[u8], original_gz: &[u8]) -> bool {
    if !formats::is_gzip(raw) {
        return false;
    }
    match entry
        .workouts
        .iter()
        .find_map(|w| w.content_hash.as_deref())
    {
        Some(hash) => hash == content_hash(&[original_gz]),
        None => entry.source_name.to_ascii_lowercase().ends_with(".gz"),
    }
}

/// An HRM file and its GPX track, kept as one zip: read again as the pair they were.
fn pair(name: String, zip: &[u8], limits: &Limits, budget_left: &mut u64) -> Item {
    let not_a_pair = || {
        "this original is a zip, but not the HRM + GPX pair Laps keeps as one: it cannot be restored"
            .to_owned()
    };
    let Ok((mut zip, entries)) = archive::list(std::io::Cursor::new(zip), 2) else {
        return Item::broken(name, not_a_pair());
    };
    let names: Vec<&str> = entries.iter().map(|(_, n)| n.as_str()).collect();
    let [(hrm, Some(gpx))] = domain::pair_names(&names)[..] else {
        return Item::broken(name, not_a_pair());
    };
    let mut read = |i: usize| -> Result<Upload, String> {
        let limit = limits.max_file_bytes.min(*budget_left);
        let bytes = archive::read_entry(&mut zip, entries[i].0, limit).map_err(|e| match e {
            archive::EntryError::TooLarge => format!(
                "{}: larger than {} MB once decompressed, or the upload's decompression budget is spent",
                entries[i].1,
                limit >> 20
            ),
            archive::EntryError::Damaged(why) => format!("{}: {why}", entries[i].1),
        })?;
        *budget_left -= bytes.len() as u64;
        Ok(Upload::new(entries[i].1.clone(), bytes))
    };
    match (read(hrm), read(gpx)) {
        (Ok(hrm), Ok(gpx)) => {
            // Shown under the export's entry, as every other original.
            let mut item = Item::pair(hrm, gpx);
            item.name = name;
            item
        }
        (Err(why), _) | (_, Err(why)) => Item::broken(name, why),
    }
}

/// A synced sensor session built again from its batches, as closing it built it: with the
/// sport, device and wheel the index gives (or the workout's sport and the usual wheel).
/// Answers the item and what the session knew, to record with the workout.
fn sensor(
    name: String,
    batches: Vec<StoredBatch>,
    original: &[u8],
    entry: &RestoreEntry,
    limits: &Limits,
) -> (Item, db::SensorOrigin) {
    let given = entry.workouts.iter().find_map(|w| w.sensor.as_ref());
    let sport = given.map(|o| o.sport.clone()).unwrap_or_else(|| {
        entry
            .workouts
            .iter()
            .find_map(|w| w.sport)
            .unwrap_or_default()
            .name()
    });
    let origin = db::SensorOrigin {
        sport,
        device: given.and_then(|o| {
            let (maker, model) = (o.maker.clone()?, o.model.clone()?);
            let name = o
                .device
                .clone()
                .unwrap_or_else(|| format!("{maker} {model}"));
            Some(db::SensorDevice { name, maker, model })
        }),
        // What the sync API accepts.
        wheel_mm: given
            .and_then(|o| o.wheel_mm)
            .filter(|mm| (500..=4000).contains(mm)),
    };
    let mut synced = SyncedSession {
        sport: origin.sport.clone(),
        device: origin
            .device
            .as_ref()
            .map(|d| (d.maker.clone(), d.model.clone())),
        wheel_circumference_m: origin
            .wheel_mm
            .map_or(DEFAULT_WHEEL_M, |mm| mm as f64 / 1000.0),
        ..SyncedSession::default()
    };
    for batch in batches {
        sessions::add_batch(&mut synced, batch);
    }
    let item = match sessions::build_session(&synced, limits) {
        Ok(recording) => Item::recording(name, recording, original.to_vec()),
        Err(why) => Item::broken(name, why),
    };
    (item, origin)
}
