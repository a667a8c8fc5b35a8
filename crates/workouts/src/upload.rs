//! The files of one upload request, read one at a time: a request is planned from names alone
//! (zip entries are listed from the archive's directory, nothing is decompressed but the index
//! of a service's account export: see `service_export.rs`), then each item is loaded just
//! before it is imported and dropped right after. Memory is bounded by the
//! largest single file, not by the request, and one decompression budget covers every archive
//! and gzip file of the request.

mod garmin;

use std::{
    collections::VecDeque,
    fs::File,
    io::{BufRead, BufReader, Cursor, Read, Seek},
    path::PathBuf,
};

use bytes::Bytes;
use domain::pair_names;

use crate::{
    Item, Limits,
    apple_export::{self, AppleExport, StreamStats},
    archive,
    service_export::{self, Described, ExportItem},
};

/// Where an uploaded file's bytes are.
#[derive(Debug)]
pub enum Body {
    /// In memory (small uploads, tests); shared, never copied.
    Memory(Bytes),
    /// A file on disk: a large upload spooled while it was received (deleted when dropped), or
    /// a file `laps import` was given.
    File(PathBuf, Option<tempfile::TempPath>),
}

/// One uploaded file.
#[derive(Debug)]
pub struct Upload {
    /// Its name as the uploader sent it (used for pairing and shown in results).
    pub name: String,
    /// Its bytes.
    pub body: Body,
}

impl Upload {
    /// A file whose bytes are in memory.
    pub fn new(name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Self {
            name: name.into(),
            body: Body::Memory(bytes.into()),
        }
    }

    /// A file on disk, read only when its turn comes.
    pub fn path(name: impl Into<String>, path: PathBuf) -> Self {
        Self {
            name: name.into(),
            body: Body::File(path, None),
        }
    }

    /// A temporary file holding an upload, deleted when the upload is dropped.
    pub fn spooled(name: impl Into<String>, file: tempfile::TempPath) -> Self {
        Self {
            name: name.into(),
            body: Body::File(file.to_path_buf(), Some(file)),
        }
    }
}

trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

type Archive = zip::ZipArchive<Box<dyn ReadSeek>>;

/// Where one file of the plan comes from.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// A whole upload.
    Whole(usize),
    /// An entry of an uploaded zip: (upload, entry index).
    Entry(usize, usize),
    /// An entry of an archive inside an archive (a Garmin export's parts): (inner archive,
    /// entry index).
    Inner(usize, usize),
}

#[derive(Debug)]
enum Planned {
    One(String, Source),
    Pair((String, Source), (String, Source)),
    /// A row of a service export's index: its file (none for a manual entry) and what the
    /// service knew.
    Described(String, Option<Source>, Box<Described>),
    /// An entry holding a workout in its service's own format (a Polar Flow session).
    Session(String, Source),
    /// An entry holding days of activity, in its service's format.
    Days(String, Source, archives::Service),
    /// Entries that together hold days of activity, read and merged into one item (Google
    /// Fit's daily metrics with its per-day files): (name, [(entry path, where)], service).
    ManyDays(String, Vec<(String, Source)>, archives::Service),
    /// A file of a Garmin Connect export, or the export's end (see `upload/garmin.rs`).
    Garmin(garmin::Planned),
    /// Entries of an archive that hold nothing Laps imports: (archive, kind, count).
    Skipped(String, String, u32),
    /// An original of Laps' own export and what its index says of it (a restore).
    Restore(String, Source, Box<crate::restore::RestoreEntry>),
    /// The account's settings or days from the index of Laps' own export.
    Account(String, Box<crate::restore::AccountPart>),
    Broken(String, String),
    /// An export read as a stream, yielding its items one at a time (Apple Health's).
    Streamed(Box<AppleExport<Source>>),
}

/// The items of one request, to be loaded one at a time with [`Plan::next_item`].
pub struct Plan {
    uploads: Vec<Upload>,
    archives: Vec<Option<Archive>>,
    /// Archives inside archives (a Garmin export's parts), listed.
    inner: Vec<Archive>,
    /// The Garmin exports of the request: what joins their files to their summaries.
    garmin: Vec<garmin::Export>,
    items: std::vec::IntoIter<Planned>,
    /// Items already loaded, given out before the next planned one (an export's end gives
    /// several at once).
    pending: VecDeque<Item>,
    limits: Limits,
    budget_left: u64,
    len: usize,
    /// The streamed export whose items are being given, if one is.
    streaming: Option<Box<AppleExport<Source>>>,
    /// What is left of the request's bound on streamed bytes.
    streamed_left: u64,
    stream_stats: StreamStats,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan").field("items", &self.len).finish()
    }
}

fn open(body: &Body) -> std::io::Result<Box<dyn ReadSeek>> {
    Ok(match body {
        Body::Memory(bytes) => Box::new(Cursor::new(bytes.clone())), // a reference count, not a copy
        Body::File(path, _) => Box::new(File::open(path)?),
    })
}

fn head(body: &Body) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(4);
    match body {
        Body::Memory(bytes) => head.extend_from_slice(&bytes[..bytes.len().min(4)]),
        Body::File(path, _) => {
            File::open(path)?.take(4).read_to_end(&mut head)?;
        }
    }
    Ok(head)
}

/// The folder of an unpacked account export that the import reads as one (Strava's, Polar
/// Flow's, Garmin Connect's, a Google Takeout's, Apple Health's, Laps' own), told by the layout
/// of these paths (as [`plan`] tells it from the names of files sent together): its path
/// prefix, ending in `/` (empty when the paths are the export's own). `laps import` sends such a folder's files as one request.
pub fn unpacked_export<'a>(paths: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let layout = archives::recognise(paths);
    match layout.kind {
        archives::Kind::Service(
            archives::Service::Strava
            | archives::Service::PolarFlow
            | archives::Service::Garmin
            | archives::Service::GoogleFit
            | archives::Service::AppleHealth,
        )
        | archives::Kind::Laps => Some(layout.root),
        _ => None,
    }
}

/// Plans a request: zips listed (not expanded), HRM files paired with their GPX tracks, the
/// item count checked. Reads only archive directories, and the index of a service's account
/// export (Strava's `activities.csv`), whose rows become the items of that archive.
pub fn plan(uploads: Vec<Upload>, limits: Limits) -> Plan {
    let mut files: Vec<(String, Source)> = Vec::new();
    let mut items = Vec::new();
    let mut archives = Vec::with_capacity(uploads.len());
    let mut count = 0usize;
    let mut budget_left = limits.decompression_budget;
    let mut inner = Vec::new();
    let mut garmin_exports = Vec::new();
    // Files sent side by side that make a Garmin export (`laps import` of its folder): planned
    // as one, its parts (zips) included.
    let mut taken = vec![false; uploads.len()];
    for u in garmin::plan_files(
        &uploads,
        &mut garmin::Planning {
            limits: &limits,
            budget_left: &mut budget_left,
            count: &mut count,
            items: &mut items,
            inner: &mut inner,
            exports: &mut garmin_exports,
        },
    ) {
        taken[u] = true;
    }
    for (u, upload) in uploads.iter().enumerate() {
        archives.push(None);
        if taken[u] {
            continue;
        }
        let is_zip = match head(&upload.body) {
            Ok(head) => archive::is_zip(&head),
            Err(e) => {
                items.push(Planned::Broken(
                    upload.name.clone(),
                    format!("cannot be read: {e}"),
                ));
                continue;
            }
        };
        if !is_zip {
            count += 1;
            files.push((upload.name.clone(), Source::Whole(u)));
            continue;
        }
        let listed = open(&upload.body)
            .map_err(|e| e.to_string())
            .and_then(|reader| archive::list(reader, limits.max_items.saturating_sub(count)));
        match listed {
            Ok((mut zip, entries)) => {
                count += entries.len();
                let shown = format!("{}/", upload.name);
                if let Some(consumed) = garmin::plan_zip(
                    &shown,
                    u,
                    &mut zip,
                    &entries,
                    &mut garmin::Planning {
                        limits: &limits,
                        budget_left: &mut budget_left,
                        count: &mut count,
                        items: &mut items,
                        inner: &mut inner,
                        exports: &mut garmin_exports,
                    },
                ) {
                    let consumed: std::collections::HashSet<usize> = consumed.into_iter().collect();
                    files.extend(
                        entries
                            .into_iter()
                            .filter(|(i, _)| !consumed.contains(i))
                            .map(|(i, name)| (format!("{shown}{name}"), Source::Entry(u, i))),
                    );
                    archives[u] = Some(zip);
                    if count > limits.max_items {
                        break;
                    }
                    continue;
                }
                let consumed = if let Some(apple) = apple_export::plan(&shown, &entries, limits) {
                    add_streamed(apple, &upload.name, &mut items, |i| Source::Entry(u, i))
                } else {
                    let export = service_export::plan_export(&shown, &entries, |i| {
                        read_index(&mut zip, i, &limits, &mut budget_left)
                    });
                    match export {
                        Some(export) => {
                            add_export(export, &upload.name, &mut items, &mut count, |i| {
                                Source::Entry(u, i)
                            })
                        }
                        None => Vec::new(),
                    }
                };
                files.extend(
                    entries
                        .into_iter()
                        .filter(|(i, _)| !consumed.contains(i))
                        .map(|(i, name)| (format!("{}/{name}", upload.name), Source::Entry(u, i))),
                );
                archives[u] = Some(zip);
            }
            Err(reason) => items.push(Planned::Broken(upload.name.clone(), reason)),
        }
        if count > limits.max_items {
            break;
        }
    }
    // Files sent side by side may be an unpacked export (`laps import` of its folder): their
    // names (paths) tell it as a zip's entries do.
    let wholes: Vec<(usize, String)> = files
        .iter()
        .filter_map(|(name, source)| match source {
            Source::Whole(u) => Some((*u, name.clone())),
            Source::Entry(..) | Source::Inner(..) => None,
        })
        .collect();
    if count <= limits.max_items
        && let Some(apple) = apple_export::plan("", &wholes, limits)
    {
        let consumed = add_streamed(apple, "the uploaded files", &mut items, Source::Whole);
        files.retain(|(_, source)| !matches!(source, Source::Whole(u) if consumed.contains(u)));
    } else if count <= limits.max_items
        && let Some(export) = service_export::plan_export("", &wholes, |u| {
            read_whole(&uploads[u].body, limits.max_file_bytes)
        })
    {
        let consumed = add_export(
            export,
            "the uploaded files",
            &mut items,
            &mut count,
            Source::Whole,
        );
        files.retain(|(_, source)| !matches!(source, Source::Whole(u) if consumed.contains(u)));
    }
    if count > limits.max_items {
        // Refused as a whole, before anything is imported: half an upload would be a surprise.
        let all = uploads
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        items = vec![Planned::Broken(
            all,
            format!(
                "this upload holds more than {} files; send it in parts",
                limits.max_items
            ),
        )];
        files.clear();
    }
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let groups = pair_names(&names);
    let mut slots: Vec<Option<(String, Source)>> = files.into_iter().map(Some).collect();
    for (first, second) in groups {
        let Some(a) = slots[first].take() else {
            continue;
        };
        match second.and_then(|j| slots[j].take()) {
            Some(b) => items.push(Planned::Pair(a, b)),
            None => items.push(Planned::One(a.0, a.1)),
        }
    }
    let len = items.len();
    Plan {
        uploads,
        archives,
        inner,
        garmin: garmin_exports,
        items: items.into_iter(),
        pending: VecDeque::new(),
        limits,
        budget_left,
        len,
        streaming: None,
        streamed_left: limits.max_streamed_bytes,
        stream_stats: StreamStats::default(),
    }
}

impl Plan {
    /// How many items the request holds, as planned: a Garmin export's files that turn out
    /// not to be activities give no result of their own (they are counted at the export's
    /// end, which gives its manual entries and those counts), so its results may be fewer.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// What is left of the request's decompression budget, bytes.
    pub fn budget_left(&self) -> u64 {
        self.budget_left
    }

    /// What reading streamed exports (Apple Health's) has cost so far: passes, bytes, and
    /// the most held in memory at once.
    pub fn stream_stats(&self) -> StreamStats {
        let mut stats = self.stream_stats;
        if let Some(export) = &self.streaming {
            stats.add(export.stats);
        }
        stats
    }

    /// Loads the next item (blocking I/O and decompression: run it off the async threads).
    pub fn next_item(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if let Some(mut export) = self.streaming.take() {
                if let Some(item) = export.next_item(self) {
                    self.streaming = Some(export);
                    return Some(item);
                }
                self.stream_stats.add(export.stats);
            }
            let planned = self.items.next()?;
            if let Some(item) = self.load_item(planned) {
                return Some(item);
            }
        }
    }

    /// Loads one planned item; `None` when it gives no result of its own (a Garmin export's
    /// file that is not an activity, counted for the export's end, or a streamed export,
    /// whose items come one at a time from then on).
    fn load_item(&mut self, planned: Planned) -> Option<Item> {
        let item = match planned {
            Planned::Streamed(export) => {
                self.streaming = Some(export);
                return None;
            }
            Planned::Broken(name, reason) => Item::broken(name, reason),
            Planned::One(name, source) => match self.load(&name, source) {
                Ok((raw, inflated)) => Item::loaded(name, raw, inflated),
                Err(reason) => Item::broken(name, reason),
            },
            Planned::Described(name, None, described) => Item::manual(name, *described),
            Planned::Described(name, Some(source), described) => match self.load(&name, source) {
                Ok((raw, inflated)) => Item::loaded(name, raw, inflated).described(*described),
                Err(reason) => Item::broken(name, reason),
            },
            Planned::Session(name, source) => match self.load(&name, source) {
                Ok((raw, inflated)) => {
                    service_export::polar_item(name, inflated.as_deref().unwrap_or(&raw))
                }
                Err(reason) => Item::broken(name, reason),
            },
            Planned::Days(name, source, service) => match self.load(&name, source) {
                Ok((raw, inflated)) => {
                    service_export::days_item(service, name, inflated.as_deref().unwrap_or(&raw))
                }
                Err(reason) => Item::broken(name, reason),
            },
            Planned::ManyDays(name, entries, service) => self.many_days(name, entries, service),
            Planned::Garmin(planned) => return self.garmin_item(planned),
            Planned::Skipped(name, kind, count) => Item::skipped(name, kind, count),
            Planned::Restore(name, source, entry) => match self.load(&name, source) {
                Ok((raw, inflated)) => crate::restore::item(
                    name,
                    raw,
                    inflated,
                    *entry,
                    &self.limits,
                    &mut self.budget_left,
                ),
                Err(reason) => Item::broken(name, reason),
            },
            Planned::Account(name, part) => Item::account(name, *part),
            Planned::Pair((hrm, a), (gpx, b)) => {
                // A pair's files are read as they are (HRM and GPX come uncompressed).
                match (self.load(&hrm, a), self.load(&gpx, b)) {
                    (Ok(x), Ok(y)) => Item::pair(Upload::new(hrm, x.0), Upload::new(gpx, y.0)),
                    (Err(reason), _) => Item::broken(hrm, reason),
                    (_, Err(reason)) => Item::broken(gpx, reason),
                }
            }
        };
        Some(item)
    }

    /// The bytes of one file as they were uploaded (gzip stays gzip: it is stored and hashed as
    /// sent) and, for gzip, inflated: both counted against the budget.
    fn load(&mut self, name: &str, source: Source) -> Result<(Bytes, Option<Vec<u8>>), String> {
        let limit = self.limits.max_file_bytes;
        let bytes: Bytes = match source {
            Source::Whole(u) => match &self.uploads[u].body {
                Body::Memory(bytes) if bytes.len() as u64 > limit => {
                    return Err(too_large_file(limit));
                }
                Body::Memory(bytes) => bytes.clone(),
                Body::File(path, _) => read_bounded(File::open(path), limit)?.into(),
            },
            Source::Entry(u, i) => {
                let zip = self.archives[u]
                    .as_mut()
                    .ok_or_else(|| "the zip archive cannot be read".to_owned())?;
                let budget = limit.min(self.budget_left);
                let read = archive::read_entry(zip, i, budget);
                let bytes =
                    read.map_err(|e| self.exhausted_or(e, budget < limit, "this zip entry"))?;
                self.budget_left -= bytes.len() as u64;
                if archive::is_zip(&bytes) {
                    return Err(
                        "a zip inside a zip is not expanded: upload it on its own".to_owned()
                    );
                }
                bytes.into()
            }
            Source::Inner(a, i) => {
                let budget = limit.min(self.budget_left);
                let read = archive::read_entry(&mut self.inner[a], i, budget);
                let bytes =
                    read.map_err(|e| self.exhausted_or(e, budget < limit, "this zip entry"))?;
                self.budget_left -= bytes.len() as u64;
                if archive::is_zip(&bytes) {
                    return Err(garmin::TOO_DEEP.to_owned());
                }
                bytes.into()
            }
        };
        if formats::is_gzip(&bytes) {
            let budget = limit.min(self.budget_left);
            let inflated = formats::gunzip(&bytes, budget).map_err(|e| match e.kind {
                formats::ErrorKind::TooLarge { .. } => {
                    self.exhausted_or(archive::EntryError::TooLarge, budget < limit, "this file")
                }
                _ => format!("{name}: {e}"),
            })?;
            self.budget_left -= inflated.len() as u64;
            if formats::is_gzip(&inflated) {
                return Err(format!(
                    "{name}: gzip inside gzip is not accepted; compress a file once"
                ));
            }
            return Ok((bytes, Some(inflated)));
        }
        Ok((bytes, None))
    }

    /// Reads entries that together hold days of activity into one item, each entry loaded in
    /// turn (within the budget) and dropped once read; an entry that cannot be read is a
    /// result of its own, given after the days.
    fn many_days(
        &mut self,
        name: String,
        entries: Vec<(String, Source)>,
        service: archives::Service,
    ) -> Item {
        let mut days = service_export::DayFiles::new(service);
        for (path, source) in entries {
            let shown = format!("{}/{}", name, base_name(&path));
            match self.load(&shown, source) {
                Ok((raw, inflated)) => {
                    if let Err(e) = days.add(&path, inflated.as_deref().unwrap_or(&raw)) {
                        self.pending.push_back(Item::broken(shown, e.message));
                    }
                }
                Err(reason) => self.pending.push_back(Item::broken(shown, reason)),
            }
        }
        days.into_item(name)
    }

    /// The message for a file that hit a size limit: its own, or the request's budget.
    fn exhausted_or(
        &mut self,
        error: archive::EntryError,
        budget_bound: bool,
        what: &str,
    ) -> String {
        match error {
            archive::EntryError::TooLarge if budget_bound => {
                self.budget_left = 0;
                format!(
                    "this upload has used its decompression budget of {} MB; send the rest in another upload",
                    self.limits.decompression_budget >> 20
                )
            }
            archive::EntryError::TooLarge => format!(
                "{what} is larger than {} MB once decompressed",
                self.limits.max_file_bytes >> 20
            ),
            archive::EntryError::Damaged(why) => why,
        }
    }
}

/// Adds the items of a service export to a plan (counting manual entries, which no file
/// counted); returns what the export consumed.
fn add_export<K>(
    export: service_export::ExportPlan<K>,
    shown: &str,
    items: &mut Vec<Planned>,
    count: &mut usize,
    source: impl Fn(K) -> Source,
) -> Vec<K> {
    let service = export.service;
    for row in export.rows {
        items.push(match row {
            Ok(ExportItem::Row(row)) => {
                if row.entry.is_none() {
                    *count += 1;
                }
                let from = row.entry.map(&source);
                Planned::Described(row.name, from, Box::new(row.described))
            }
            Ok(ExportItem::Session(session)) => {
                Planned::Session(session.name, source(session.entry))
            }
            Ok(ExportItem::Days(days)) => match service {
                Some(service) => Planned::Days(days.name, source(days.entry), service),
                None => Planned::Broken(days.name, "days of an unknown service".to_owned()),
            },
            Ok(ExportItem::ManyDays { name, entries }) => match service {
                Some(service) => Planned::ManyDays(
                    name,
                    entries
                        .into_iter()
                        .map(|(path, entry)| (path, source(entry)))
                        .collect(),
                    service,
                ),
                None => Planned::Broken(name, "days of an unknown service".to_owned()),
            },
            Ok(ExportItem::Restore(r)) => {
                Planned::Restore(r.name, source(r.entry), Box::new(r.restore))
            }
            Ok(ExportItem::Account(name, part)) => Planned::Account(name, part),
            Err((name, reason)) => Planned::Broken(name, reason),
        });
    }
    for (kind, n) in export.skipped {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        items.push(Planned::Skipped(shown.to_owned(), kind, n));
    }
    export.consumed
}

/// Adds a streamed export (Apple Health's) to a plan, with the counts of what it leaves out;
/// returns the files it accounts for.
fn add_streamed<K>(
    apple: apple_export::ApplePlan<K>,
    shown: &str,
    items: &mut Vec<Planned>,
    source: impl Fn(K) -> Source,
) -> Vec<K> {
    // The export's items are produced with `Source`s, whatever `K` was while planning.
    let export = apple.export.with_files(&source);
    items.push(Planned::Streamed(Box::new(export)));
    for (kind, n) in apple.skipped {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        items.push(Planned::Skipped(shown.to_owned(), kind, n));
    }
    apple.consumed
}

impl apple_export::Files<Source> for Plan {
    fn stream(
        &mut self,
        file: Source,
        walk: &mut dyn FnMut(&mut dyn BufRead),
    ) -> Result<u64, String> {
        let limit = self.streamed_left;
        let (read, spent) = match file {
            Source::Whole(u) => {
                let reader =
                    open(&self.uploads[u].body).map_err(|e| format!("cannot be read: {e}"))?;
                stream_bounded(reader, limit, walk)
            }
            Source::Entry(u, i) => {
                let zip = self.archives[u]
                    .as_mut()
                    .ok_or_else(|| "the zip archive cannot be read".to_owned())?;
                let entry = zip
                    .by_index(i)
                    .map_err(|e| format!("this zip entry cannot be read: {e}"))?;
                stream_bounded(entry, limit, walk)
            }
            // A Garmin part's entry: never an Apple export's, but read the same way.
            Source::Inner(a, i) => {
                let entry = self.inner[a]
                    .by_index(i)
                    .map_err(|e| format!("this zip entry cannot be read: {e}"))?;
                stream_bounded(entry, limit, walk)
            }
        };
        self.streamed_left = self.streamed_left.saturating_sub(read);
        if spent {
            return Err(format!(
                "this upload has read {} MB as a stream, the server's bound (max_streamed_mib); the rest is not imported",
                self.limits.max_streamed_bytes >> 20
            ));
        }
        Ok(read)
    }

    fn load_file(&mut self, name: &str, file: Source) -> Result<Vec<u8>, String> {
        let (raw, inflated) = self.load(name, file)?;
        Ok(inflated.unwrap_or_else(|| raw.to_vec()))
    }
}

/// Gives `walk` a buffered reader over `reader` that ends with an error past `limit` bytes;
/// returns how many bytes were read and whether the limit was reached.
fn stream_bounded(
    reader: impl Read,
    limit: u64,
    walk: &mut dyn FnMut(&mut dyn BufRead),
) -> (u64, bool) {
    let mut buffered = BufReader::with_capacity(
        256 << 10,
        Bounded {
            inner: reader,
            left: limit,
            read: 0,
            spent: false,
        },
    );
    walk(&mut buffered);
    let bounded = buffered.into_inner();
    (bounded.read, bounded.spent)
}

/// A reader that refuses to read past a bound (and says so once there).
struct Bounded<R> {
    inner: R,
    left: u64,
    read: u64,
    spent: bool,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // At the bound: fine if the input ends here too.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            self.spent = true;
            return Err(std::io::Error::other("past the bound on streamed bytes"));
        }
        let room = out
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut out[..room])?;
        self.left -= n as u64;
        self.read += n as u64;
        Ok(n)
    }
}

/// Reads an uploaded file's bytes while planning (an unpacked export's index), within the
/// file limit.
fn read_whole(body: &Body, limit: u64) -> Result<Vec<u8>, String> {
    match body {
        Body::Memory(bytes) if bytes.len() as u64 > limit => Err(too_large_file(limit)),
        Body::Memory(bytes) => Ok(bytes.to_vec()),
        Body::File(path, _) => read_bounded(File::open(path), limit),
    }
}

/// Reads a service export's index entry while planning, within the file limit and the
/// request's budget (which the plan then starts from).
fn read_index(
    zip: &mut Archive,
    i: usize,
    limits: &Limits,
    budget_left: &mut u64,
) -> Result<Vec<u8>, String> {
    let limit = limits.max_file_bytes.min(*budget_left);
    match archive::read_entry(zip, i, limit) {
        Ok(bytes) => {
            *budget_left -= bytes.len() as u64;
            Ok(bytes)
        }
        Err(archive::EntryError::TooLarge) => Err(format!(
            "this index is larger than {} MB once decompressed, or the upload's decompression budget is spent",
            limit >> 20
        )),
        Err(archive::EntryError::Damaged(why)) => Err(why),
    }
}

/// The last part of a path inside an archive.
fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn too_large_file(limit: u64) -> String {
    format!(
        "this file is larger than {} MB; the limit is per file",
        limit >> 20
    )
}

fn read_bounded(file: std::io::Result<File>, limit: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    file.and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large_file(limit));
    }
    Ok(bytes)
}
