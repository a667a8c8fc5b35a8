//! Loading a Garmin export's items in their turn: a file of its parts is told by its first
//! bytes (left out and counted, or read whole and joined to its summary), and the export's end
//! gives the manual entries and the counts.

use archives::{
    ArchiveWorkout,
    garmin::{self, FitKind},
};
use bytes::Bytes;
use domain::Timestamp;

use super::{Planned, TOO_DEEP, count, described};
use crate::{
    Item, Limits, archive, service_export,
    upload::{Body, Plan, Source},
};

/// How much of a file is inflated to tell its kind: FIT puts `file_id` first, within a few
/// hundred bytes; the rest is margin for definitions and developer data before it.
const HEAD: u64 = 16 << 10;

/// The kind of a FIT file that is not an activity, told from its first bytes; `None` for an
/// activity, for what is not FIT, and when the bytes are too few to tell.
fn left_out_kind(name: &str, bytes: &[u8]) -> Option<&'static str> {
    if bytes.get(8..12) != Some(b".FIT".as_slice()) {
        return None;
    }
    match garmin::classify(name, bytes) {
        Ok(FitKind::Other(kind)) => Some(kind),
        Ok(FitKind::Activity) | Err(_) => None,
    }
}

impl Plan {
    /// Loads a Garmin export's item: a file (`None` when it is left out, counted), or the
    /// export's end (its results are queued).
    pub(in crate::upload) fn garmin_item(&mut self, planned: Planned) -> Option<Item> {
        match planned {
            Planned::File {
                name,
                source,
                export,
                claimed,
            } => self.garmin_file(name, source, export, claimed),
            Planned::End(export) => {
                self.garmin_end(export);
                None
            }
        }
    }

    fn garmin_file(
        &mut self,
        name: String,
        source: Source,
        export: usize,
        claimed: Option<usize>,
    ) -> Option<Item> {
        let (first, whole) = match self.read_head(&name, source) {
            Ok(read) => read,
            Err(reason) => return Some(self.unread(export, name, reason)),
        };
        if let Some(kind) = left_out_kind(&name, &first) {
            self.left_out(export, claimed, kind);
            return None;
        }
        let (raw, inflated) = if whole && !formats::is_gzip(&first) {
            (Bytes::from(first), None)
        } else {
            match self.load(&name, source) {
                Ok(loaded) => loaded,
                Err(reason) => return Some(self.unread(export, name, reason)),
            }
        };
        let bytes = inflated.as_deref().unwrap_or(&raw);
        if !whole && let Some(kind) = left_out_kind(&name, bytes) {
            self.left_out(export, claimed, kind);
            return None;
        }
        let found = match claimed {
            Some(i) => Some(i),
            None => {
                let start = start_of(bytes, &self.limits);
                self.garmin[export].matcher.find(&name, start)
            }
        };
        let item = Item::loaded(name, raw, inflated);
        Some(match found {
            Some(i) => item.described(described(&self.garmin[export].workouts[i])),
            None => item,
        })
    }

    /// The first [`HEAD`] bytes of a file (within the budget), and whether they are all of it.
    fn read_head(&mut self, name: &str, source: Source) -> Result<(Vec<u8>, bool), String> {
        let read = match source {
            // A file sent as it is: nothing to inflate, nothing of the budget spent.
            Source::Whole(u) => {
                return match &self.uploads[u].body {
                    Body::Memory(bytes) => {
                        let n = bytes.len().min(HEAD as usize);
                        Ok((bytes[..n].to_vec(), n == bytes.len()))
                    }
                    Body::File(path, _) => {
                        let mut bytes = Vec::new();
                        std::fs::File::open(path)
                            .and_then(|f| {
                                std::io::Read::read_to_end(
                                    &mut std::io::Read::take(f, HEAD + 1),
                                    &mut bytes,
                                )
                            })
                            .map_err(|e| format!("{name}: cannot be read: {e}"))?;
                        let whole = bytes.len() as u64 <= HEAD;
                        bytes.truncate(HEAD as usize);
                        Ok((bytes, whole))
                    }
                };
            }
            _ if self.budget_left == 0 => {
                return Err(self.exhausted_or(archive::EntryError::TooLarge, true, "this file"));
            }
            Source::Entry(u, i) => match self.archives[u].as_mut() {
                Some(zip) => archive::read_head(zip, i, HEAD.min(self.budget_left)),
                None => return Err("the zip archive cannot be read".to_owned()),
            },
            Source::Inner(a, i) => {
                archive::read_head(&mut self.inner[a], i, HEAD.min(self.budget_left))
            }
        };
        let (bytes, whole) = read.map_err(|e| self.exhausted_or(e, true, "this file"))?;
        self.budget_left -= bytes.len() as u64;
        if whole && archive::is_zip(&bytes) {
            return Err(TOO_DEEP.to_owned());
        }
        Ok((bytes, whole))
    }

    /// A file of the export that could not be read: refused, and remembered, as it may be an
    /// activity's (which then must not become a manual entry).
    fn unread(&mut self, export: usize, name: String, reason: String) -> Item {
        self.garmin[export].unread += 1;
        Item::broken(name, reason)
    }

    /// A file that is not an activity: counted; an activity its name claimed is free again.
    fn left_out(&mut self, export: usize, claimed: Option<usize>, kind: &str) {
        let export = &mut self.garmin[export];
        if let Some(i) = claimed {
            export.matcher.release(i);
        }
        count(&mut export.skipped, kind);
    }

    /// The export's end: the activities no file was joined to, as manual entries (or, when
    /// some file could not be read, one refusal saying why they were left out), then what was
    /// left out, counted by kind.
    fn garmin_end(&mut self, export: usize) {
        let export = &mut self.garmin[export];
        let workouts = std::mem::take(&mut export.workouts);
        let without_file: Vec<ArchiveWorkout> = workouts
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !export.matcher.is_taken(*i))
            .map(|(_, w)| w)
            .collect();
        if export.unread > 0 && !without_file.is_empty() {
            self.pending.push_back(Item::broken(
                export.index_name.clone(),
                format!(
                    "{} activities listed without a file were not imported as manual entries: {} of the export's files could not be read (see their results) and may be theirs; they come in once every file of the export can be read",
                    without_file.len(),
                    export.unread
                ),
            ));
        } else {
            for workout in &without_file {
                let d = described(workout);
                let name = format!("{}: {}", export.index_name, service_export::label(&d.meta));
                self.pending.push_back(Item::manual(name, d));
            }
        }
        let mut skipped = std::mem::take(&mut export.skipped);
        // The largest kinds first: they say what the export mostly held.
        skipped.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        for (kind, n) in skipped {
            self.pending
                .push_back(Item::skipped(export.shown.clone(), kind, n));
        }
    }
}

/// When a file's recording starts, to join it to its summary by time.
fn start_of(bytes: &[u8], limits: &Limits) -> Option<Timestamp> {
    let options = limits.read_options(limits.max_file_bytes);
    formats::read_all(bytes, &options)
        .ok()?
        .first()
        .map(|r| r.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn only_fit_files_that_say_they_are_not_activities_are_left_out() {
        let activity = [
            12, 0x20, 0, 0, 11, 0, 0, 0, b'.', b'F', b'I', b'T', // header: 11 bytes of records
            0x40, 0, 0, 0, 0, 1, 0, 1, 0x00,                     // definition: file_id, its type
            0x00, 4,                                              // data: an activity
        ];
        let mut sleep = activity;
        sleep[22] = 49;
        assert_eq!(left_out_kind("a.fit", &activity), None);
        assert_eq!(left_out_kind("s.fit", &sleep), Some("sleep data"));
        assert_eq!(left_out_kind("x.gpx", b"<?xml version=\"1.0\"?><gpx/>"), None);
        // Cut before its file_id: not told, so it is read whole.
        assert_eq!(left_out_kind("cut.fit", &sleep[..18]), None);
    }
}
