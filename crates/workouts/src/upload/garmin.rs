//! A Garmin Connect export ("Export your data") in a request: the one layout whose zips inside
//! the zip are opened.
//!
//! Planning reads `summarizedActivities.json` (names, sports, descriptions, Garmin's ids),
//! plans each `UDSFile_*.json` as days of activity, and opens every zip of the export (the
//! `UploadedFiles_*_Part*.zip` parts) one level deep: spooled to a temporary file within
//! [`Limits::max_inner_archive_bytes`] and the request's decompression budget, listed, its
//! entries counted as files of the request. A part that cannot be opened refuses the whole
//! export before anything is imported: its activities would otherwise come in as manual
//! entries without their files.
//!
//! Each file of a part is then loaded in its turn. Only its first bytes are inflated to tell
//! its kind ([`archives::garmin::classify`]): monitoring, sleep, metrics, weight, settings and
//! the like are counted by kind, not imported and not refused one by one; an activity is read
//! whole and joined to its summary (by Garmin's id in its name, claimed while planning, else by
//! its start). At the export's end the activities no file was joined to become manual entries,
//! and the counts of what was left out are given, one result per kind.

mod load;

use archives::{
    ArchiveWorkout, Kind, Service,
    garmin::{self, Matcher},
};

use super::{Archive, Source, Upload, head, open, read_index, read_whole};
use crate::{Limits, archive, limits::MAX_INNER_ARCHIVES, service_export::Described};

/// Why an entry of a part is refused when it is a zip itself.
pub(super) const TOO_DEEP: &str =
    "a zip inside an archive inside the upload is not expanded: archives are opened one level deep";

/// The folder of the export that holds the uploaded files (in zips, or unpacked).
const UPLOADED: &str = "DI-Connect-Uploaded-Files/";

/// One planned item of a Garmin export.
#[derive(Debug)]
pub(super) enum Planned {
    /// A file of the export's parts: (shown name, where, export, summary claimed by name).
    File {
        name: String,
        source: Source,
        export: usize,
        claimed: Option<usize>,
    },
    /// The export's end: its manual entries and what it left out.
    End(usize),
}

/// What a Garmin export's files are joined with while the plan is loaded.
pub(super) struct Export {
    /// The name the counts of what was left out are shown under.
    shown: String,
    /// The name of the activities list, which manual entries are shown under.
    index_name: String,
    workouts: Vec<ArchiveWorkout>,
    matcher: Matcher,
    /// Left out, by kind.
    skipped: Vec<(String, u32)>,
    /// Files of the export that could not be read: any of them may be an activity's.
    unread: u32,
}

/// The parts of the request's plan a Garmin export adds to.
pub(super) struct Planning<'a> {
    pub limits: &'a Limits,
    pub budget_left: &'a mut u64,
    pub count: &'a mut usize,
    pub items: &'a mut Vec<super::Planned>,
    pub inner: &'a mut Vec<Archive>,
    pub exports: &'a mut Vec<Export>,
}

/// Where the export's own entries are: a zip's entries, or files sent side by side.
trait Outer {
    /// Where entry `k` is, for loading it later.
    fn source(&self, k: usize) -> Source;
    /// Reads entry `k` now (the activities list), within the limits.
    fn read(&mut self, k: usize, limits: &Limits, budget_left: &mut u64)
    -> Result<Vec<u8>, String>;
    /// Opens entry `k`, an archive, and lists at most `max_entries` of its files.
    fn open(
        &mut self,
        k: usize,
        limits: &Limits,
        budget_left: &mut u64,
        max_entries: usize,
    ) -> Result<(Archive, Vec<(usize, String)>), String>;
}

/// The entries of an uploaded zip.
struct InZip<'a> {
    upload: usize,
    zip: &'a mut Archive,
}

impl Outer for InZip<'_> {
    fn source(&self, k: usize) -> Source {
        Source::Entry(self.upload, k)
    }

    fn read(&mut self, k: usize, limits: &Limits, budget: &mut u64) -> Result<Vec<u8>, String> {
        read_index(self.zip, k, limits, budget)
    }

    fn open(
        &mut self,
        k: usize,
        limits: &Limits,
        budget_left: &mut u64,
        max_entries: usize,
    ) -> Result<(Archive, Vec<(usize, String)>), String> {
        let limit = limits.max_inner_archive_bytes.min(*budget_left);
        let (file, size) = archive::spool_entry(self.zip, k, limit).map_err(|e| match e {
            archive::EntryError::TooLarge if limit < limits.max_inner_archive_bytes => {
                *budget_left = 0;
                format!(
                    "this archive does not fit in what is left of the upload's decompression budget of {} MB",
                    limits.decompression_budget >> 20
                )
            }
            archive::EntryError::TooLarge => format!(
                "this archive inside the upload is larger than {} MB once decompressed",
                limits.max_inner_archive_bytes >> 20
            ),
            archive::EntryError::Damaged(why) => why,
        })?;
        *budget_left -= size;
        archive::list(Box::new(file) as Box<dyn super::ReadSeek>, max_entries)
    }
}

/// Files sent side by side (an unpacked export), by upload.
struct Files<'a> {
    uploads: &'a [Upload],
}

impl Outer for Files<'_> {
    fn source(&self, k: usize) -> Source {
        Source::Whole(k)
    }

    fn read(&mut self, k: usize, limits: &Limits, _: &mut u64) -> Result<Vec<u8>, String> {
        read_whole(&self.uploads[k].body, limits.max_file_bytes)
    }

    fn open(
        &mut self,
        k: usize,
        _: &Limits,
        _: &mut u64,
        max_entries: usize,
    ) -> Result<(Archive, Vec<(usize, String)>), String> {
        let body = &self.uploads[k].body;
        let is_zip = head(body).map_err(|e| format!("cannot be read: {e}"))?;
        if !archive::is_zip(&is_zip) {
            return Err("named .zip, but not a zip archive".to_owned());
        }
        let reader = open(body).map_err(|e| format!("cannot be read: {e}"))?;
        archive::list(reader, max_entries)
    }
}

/// Plans an uploaded zip whose entries make a Garmin export; `None` when they do not. Returns
/// the entries it accounts for (the rest of the zip is imported file by file).
pub(super) fn plan_zip(
    shown: &str,
    upload: usize,
    zip: &mut Archive,
    entries: &[(usize, String)],
    planning: &mut Planning<'_>,
) -> Option<Vec<usize>> {
    let layout = archives::recognise(entries.iter().map(|(_, name)| name.as_str()));
    if layout.kind != Kind::Service(Service::Garmin) {
        return None;
    }
    let mut outer = InZip { upload, zip };
    let whole = shown.trim_end_matches('/');
    Some(plan(
        planning,
        shown,
        whole,
        &layout.root,
        entries,
        &mut outer,
        false,
    ))
}

/// Plans the files of a request that make a Garmin export side by side (`laps import` of the
/// unpacked folder, named by their paths), its parts (zips) included. Returns the uploads it
/// took (none when the files are no Garmin export).
pub(super) fn plan_files(uploads: &[Upload], planning: &mut Planning<'_>) -> Vec<usize> {
    let layout = archives::recognise(uploads.iter().map(|u| u.name.as_str()));
    if layout.kind != Kind::Service(Service::Garmin) {
        return Vec::new();
    }
    let entries: Vec<(usize, String)> = uploads
        .iter()
        .enumerate()
        .map(|(u, upload)| (u, upload.name.clone()))
        .collect();
    let mut outer = Files { uploads };
    let shown = format!("{}{}", layout.root, garmin::ROOT.trim_end_matches('/'));
    plan(
        planning,
        "",
        &shown,
        &layout.root,
        &entries,
        &mut outer,
        true,
    )
}

/// Plans the export's entries under `root`; returns those it accounts for. `count_outer`:
/// whether the export's own entries still count as files of the request (files sent side by
/// side; a zip's were counted when it was listed).
fn plan(
    p: &mut Planning<'_>,
    shown: &str,
    whole: &str,
    root: &str,
    entries: &[(usize, String)],
    outer: &mut dyn Outer,
    count_outer: bool,
) -> Vec<usize> {
    let base = format!("{root}{}", garmin::ROOT);
    let mine: Vec<&(usize, String)> = entries
        .iter()
        .filter(|(_, name)| name.starts_with(&base))
        .collect();
    let consumed: Vec<usize> = mine.iter().map(|(k, _)| *k).collect();
    if count_outer {
        *p.count += mine.len();
    }
    let mut items = Vec::new();
    let mut workouts = Vec::new();
    let mut index_name = None;
    let mut skipped = Vec::new();
    let mut parts = Vec::new();
    let mut loose = Vec::new();
    for (k, name) in mine {
        let rest = &name[base.len()..];
        if garmin::is_activities(name) {
            let shown_index = format!("{shown}{name}");
            index_name.get_or_insert_with(|| shown_index.clone());
            match outer.read(*k, p.limits, p.budget_left) {
                Ok(bytes) => read_activities(&shown_index, &bytes, &mut workouts, &mut items),
                Err(reason) => items.push(super::Planned::Broken(shown_index, reason)),
            }
        } else if garmin::is_days(name) {
            items.push(super::Planned::Days(
                format!("{shown}{name}"),
                outer.source(*k),
                Service::Garmin,
            ));
        } else if name.to_ascii_lowercase().ends_with(".zip") {
            parts.push((*k, name));
        } else if rest.starts_with(UPLOADED) {
            // A part unpacked by the athlete: its files as they are.
            loose.push((format!("{shown}{name}"), outer.source(*k)));
        } else {
            // Profile, wellness JSON, personal records, ...: counted by their folder.
            count(&mut skipped, &folder_kind(rest));
        }
    }
    if parts.len() > MAX_INNER_ARCHIVES {
        p.items.push(super::Planned::Broken(
            whole.to_owned(),
            format!(
                "this Garmin Connect export holds {} zips; at most {MAX_INNER_ARCHIVES} are opened in one upload, so nothing of it was imported",
                parts.len()
            ),
        ));
        return consumed;
    }
    let mut files = loose;
    for (k, name) in parts {
        let max_entries = p.limits.max_items.saturating_sub(*p.count);
        match outer.open(k, p.limits, p.budget_left, max_entries) {
            Ok((zip, listed)) => {
                *p.count += listed.len();
                let a = p.inner.len();
                p.inner.push(zip);
                files.extend(
                    listed
                        .into_iter()
                        .map(|(i, entry)| (format!("{shown}{name}/{entry}"), Source::Inner(a, i))),
                );
            }
            Err(reason) => {
                p.items.push(super::Planned::Broken(
                    format!("{shown}{name}"),
                    format!("{reason}; nothing of this Garmin Connect export was imported"),
                ));
                return consumed;
            }
        }
    }
    let mut matcher = Matcher::new(&workouts);
    let export = p.exports.len();
    let mut joined = 0;
    for (name, source) in files {
        // Garmin's id in a file's name joins it now, so that no file matched by its start
        // later can take an activity another file names.
        let claimed = matcher.find(&name, None);
        joined += usize::from(claimed.is_some());
        p.items.push(super::Planned::Garmin(Planned::File {
            name,
            source,
            export,
            claimed,
        }));
    }
    // Each activity no file names may become a manual entry.
    *p.count += workouts.len() - joined;
    p.items.extend(items);
    p.items.push(super::Planned::Garmin(Planned::End(export)));
    p.exports.push(Export {
        shown: whole.to_owned(),
        index_name: index_name.unwrap_or_else(|| format!("{shown}{base}")),
        workouts,
        matcher,
        skipped,
        unread: 0,
    });
    consumed
}

/// Reads an activities list into `workouts`; what cannot be read is a refused item.
fn read_activities(
    shown: &str,
    bytes: &[u8],
    workouts: &mut Vec<ArchiveWorkout>,
    items: &mut Vec<super::Planned>,
) {
    match garmin::Activities::new(shown, bytes) {
        Ok(activities) => {
            for activity in activities {
                match activity {
                    Ok(workout) => workouts.push(workout),
                    Err(e) => items.push(super::Planned::Broken(e.entry, e.message)),
                }
            }
        }
        Err(e) => items.push(super::Planned::Broken(e.entry, e.message)),
    }
}

/// The kind an entry of the export is counted under when it is left out: its folder in words
/// (`DI-Connect-Wellness/…` → "wellness records").
fn folder_kind(path: &str) -> String {
    match path.split_once('/') {
        Some((folder, _)) => {
            let name = folder.strip_prefix("DI-Connect-").unwrap_or(folder);
            format!("{} records", name.replace('-', " ").to_lowercase())
        }
        None => path.to_owned(),
    }
}

fn count(skipped: &mut Vec<(String, u32)>, kind: &str) {
    match skipped.iter_mut().find(|(k, _)| k == kind) {
        Some((_, n)) => *n = n.saturating_add(1),
        None => skipped.push((kind.to_owned(), 1)),
    }
}

/// What Garmin knew about an activity, for the workout its file (or its summary) becomes.
fn described(workout: &ArchiveWorkout) -> Described {
    Described {
        service: Service::Garmin,
        gear: crate::gear::from_service(&workout.meta, &[]),
        meta: workout.meta.clone(),
        summary: workout.summary.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_left_out_are_counted_under_their_folder_in_words() {
        let cases = [
            ("DI-Connect-Wellness/x_sleepData.json", "wellness records"),
            ("DI-Connect-User/user_profile.json", "user records"),
            (
                "DI-Connect-Fitness/x_personalRecord.json",
                "fitness records",
            ),
            ("Other-Folder/a/b.json", "other folder records"),
            ("readme.txt", "readme.txt"),
        ];
        for (path, kind) in cases {
            assert_eq!(folder_kind(path), kind, "{path}");
        }
    }
}
