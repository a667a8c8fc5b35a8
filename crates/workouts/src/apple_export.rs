//! Apple Health's *Export All Health Data* (issue 12): `export.xml`, often several GB, read as
//! a stream straight from the zip (or the unpacked folder), never whole.
//!
//! The export lists every record before the workouts, so it is read in passes:
//! 1. the workouts' headers (type, span, totals, time zone, route file), the days of steps and
//!    active energy, and what could not be read; nothing of a workout is kept but its header;
//! 2. then, for as many workouts at a time as the bounds allow (their elements in full within
//!    the per-file limit, their heart-rate samples within the sample limit), the heart-rate
//!    records inside their spans and their elements written out again: each becomes an item
//!    with its route file, read when its turn comes. Workouts that did not fit wait for the
//!    next pass.
//!
//! Every pass counts against the request's bound on streamed bytes ([`Limits::max_streamed_bytes`]).
//! A workout's original is a zip of its element (`workout.xml`) and its route file; its key
//! for the same workout exported again is Apple's source, type, start and end.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::io::BufRead;

use archives::apple::{self, Details, Export, Gathered, HeartRate, HeartRateSorter, Wanted};
use archives::{Kind, Samples, Service};

use crate::{Item, Limits, archive, days::ArchiveDays, service_export::Described};

/// How many unreadable elements are named one by one; the rest are counted.
const NAMED_PROBLEMS: usize = 20;

/// The files of a request, as an export read as a stream needs them (`K` says where a file is).
pub(crate) trait Files<K> {
    /// Reads `file` as a stream with `walk`, counting what is read against the request's bound
    /// on streamed bytes; an error says why it cannot be read, or that the bound is spent.
    fn stream(&mut self, file: K, walk: &mut dyn FnMut(&mut dyn BufRead)) -> Result<u64, String>;
    /// Loads a (small) file whole, within the per-file limit and the decompression budget.
    fn load_file(&mut self, name: &str, file: K) -> Result<Vec<u8>, String>;
}

/// What reading streamed exports cost in a request: for the tests of bounded memory, and the
/// log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamStats {
    /// Passes over an export's index.
    pub passes: u32,
    /// Bytes read over every pass.
    pub bytes: u64,
    /// The most bytes of one XML tag held at once.
    pub tag_high_water: usize,
    /// The most heart-rate samples held at once.
    pub samples_high_water: usize,
    /// The most bytes of workout elements read in full in one pass.
    pub detail_bytes_high_water: u64,
}

impl StreamStats {
    /// Adds another export's figures.
    pub(crate) fn add(&mut self, other: Self) {
        self.passes += other.passes;
        self.bytes += other.bytes;
        self.tag_high_water = self.tag_high_water.max(other.tag_high_water);
        self.samples_high_water = self.samples_high_water.max(other.samples_high_water);
        self.detail_bytes_high_water = self
            .detail_bytes_high_water
            .max(other.detail_bytes_high_water);
    }
}

/// An Apple Health export planned from its names: found, not read yet.
pub(crate) struct ApplePlan<K> {
    /// The export, to be read when its turn comes.
    pub export: AppleExport<K>,
    /// Every file of the export's folder: not imported again as loose files.
    pub consumed: Vec<K>,
    /// The export's other kinds of files (the clinical document, electrocardiograms, ...),
    /// counted.
    pub skipped: Vec<(String, usize)>,
}

/// Plans the listed files as an Apple Health export when their layout is one; `shown` prefixes
/// names in results (`export.zip/`, or nothing for files).
pub(crate) fn plan<K: Copy>(
    shown: &str,
    entries: &[(K, String)],
    limits: Limits,
) -> Option<ApplePlan<K>> {
    let layout = archives::recognise(entries.iter().map(|(_, name)| name.as_str()));
    if layout.kind != Kind::Service(Service::AppleHealth) {
        return None;
    }
    let nested = format!("{}apple_health_export/", layout.root);
    let folder = if entries
        .iter()
        .any(|(_, n)| *n == format!("{nested}export.xml"))
    {
        nested
    } else {
        layout.root
    };
    let xml_name = format!("{folder}export.xml");
    let (xml, _) = entries.iter().find(|(_, name)| *name == xml_name)?;
    let mut routes = HashMap::new();
    let mut consumed = Vec::new();
    let mut skipped: Vec<(String, usize)> = Vec::new();
    for (file, name) in entries {
        let Some(inside) = name.strip_prefix(&folder) else {
            continue;
        };
        consumed.push(*file);
        if inside == "export.xml" {
            continue;
        }
        if inside.starts_with("workout-routes/") {
            routes.insert(inside.to_owned(), *file);
            continue;
        }
        let kind = match inside.split('/').next().unwrap_or(inside) {
            "export_cda.xml" => "clinical document (export_cda.xml)",
            "electrocardiograms" => "electrocardiograms",
            "clinical-records" => "clinical records",
            other if inside.contains('/') => other,
            _ => "other files",
        };
        match skipped.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => skipped.push((kind.to_owned(), 1)),
        }
    }
    Some(ApplePlan {
        export: AppleExport {
            name: format!("{shown}{xml_name}"),
            shown_folder: format!("{shown}{folder}"),
            xml: *xml,
            routes,
            limits,
            read: false,
            waiting: VecDeque::new(),
            ready: VecDeque::new(),
            after: VecDeque::new(),
            stats: StreamStats::default(),
        },
        consumed,
        skipped,
    })
}

/// An Apple Health export being imported: yields its items one at a time.
#[derive(Debug)]
pub(crate) struct AppleExport<K> {
    /// `export.xml` as results name it.
    name: String,
    /// The export's folder as results name it (route files are named under it).
    shown_folder: String,
    xml: K,
    /// The route files, by their path in the export's folder (`workout-routes/….gpx`).
    routes: HashMap<String, K>,
    limits: Limits,
    /// The first pass is done.
    read: bool,
    /// Workouts waiting for the pass that gathers their heart rate, in start order.
    waiting: VecDeque<apple::Workout>,
    /// Workouts read in full, with their heart rate, to become items.
    ready: VecDeque<(apple::Workout, Vec<HeartRate>)>,
    /// What comes after the workouts: the days, what was left out or could not be read.
    after: VecDeque<Item>,
    /// What the passes cost.
    pub stats: StreamStats,
}

impl<K> AppleExport<K> {
    /// The same export, its files named another way (`to` maps each).
    pub(crate) fn with_files<J>(self, to: impl Fn(K) -> J) -> AppleExport<J> {
        AppleExport {
            name: self.name,
            shown_folder: self.shown_folder,
            xml: to(self.xml),
            routes: self
                .routes
                .into_iter()
                .map(|(path, file)| (path, to(file)))
                .collect(),
            limits: self.limits,
            read: self.read,
            waiting: self.waiting,
            ready: self.ready,
            after: self.after,
            stats: self.stats,
        }
    }
}

impl<K: Copy> AppleExport<K> {
    /// The next item: a workout, the days, a problem; `None` when the export is done.
    pub(crate) fn next_item(&mut self, files: &mut dyn Files<K>) -> Option<Item> {
        if !self.read {
            self.read = true;
            self.index(files);
        }
        loop {
            if let Some((workout, heart)) = self.ready.pop_front() {
                return Some(self.item(&workout, &heart, files));
            }
            if self.waiting.is_empty() {
                return self.after.pop_front();
            }
            self.gather(files);
        }
    }

    /// The first pass: the workouts' headers, the days, and what cannot be read.
    fn index(&mut self, files: &mut dyn Files<K>) {
        let mut days = apple::Days::new();
        let mut workouts = Vec::new();
        let mut problems = Vec::new();
        let mut unread = 0usize;
        let mut broken = None;
        let mut more_workouts = false;
        let (name, max) = (self.name.clone(), self.limits.max_items);
        let mut stats = self.stats;
        let streamed = files.stream(self.xml, &mut |input| {
            let mut export = Export::new(name.clone(), input)
                .wanting(Wanted {
                    workouts: true,
                    heart_rate: false,
                    days: true,
                })
                .details(Details::Only(BTreeSet::new()));
            loop {
                match export.next_item() {
                    Ok(Some(apple::Item::Workout(w))) if workouts.len() < max => workouts.push(*w),
                    Ok(Some(apple::Item::Workout(_))) => more_workouts = true,
                    Ok(Some(apple::Item::Quantity(q))) => days.add(&q),
                    Ok(Some(apple::Item::Summary(d))) => days.add_summary(&d),
                    Ok(Some(apple::Item::HeartRate(_))) => {}
                    Ok(None) => break,
                    Err(e) if export.is_done() => {
                        broken = Some(e.message);
                        break;
                    }
                    Err(e) if problems.len() < NAMED_PROBLEMS => problems.push(e.message),
                    Err(_) => unread += 1,
                }
            }
            stats.passes += 1;
            stats.bytes += export.position();
            stats.tag_high_water = stats.tag_high_water.max(export.high_water());
        });
        self.stats = stats;
        if let Err(reason) = streamed {
            // Nothing read to its end can be trusted whole: the workouts are not imported.
            self.after
                .push_back(Item::broken(self.name.clone(), reason));
            return;
        }
        if let Some(reason) = broken {
            self.after.push_back(Item::broken(
                self.name.clone(),
                format!("{reason}; what comes before it is imported"),
            ));
        }
        for problem in problems {
            self.after
                .push_back(Item::broken(self.name.clone(), problem));
        }
        if unread > 0 {
            self.after.push_back(Item::broken(
                self.name.clone(),
                format!("{unread} more elements could not be read"),
            ));
        }
        if days.left_out() > 0 {
            self.after.push_back(Item::broken(
                self.name.clone(),
                format!(
                    "{} step and energy records left out: dates before 2000 or after 2100, negative values, or more days than one import keeps",
                    days.left_out()
                ),
            ));
        }
        let days = days.finish();
        if !days.is_empty() {
            self.after.push_front(Item::days(
                self.name.clone(),
                ArchiveDays {
                    service: Service::AppleHealth,
                    days,
                },
            ));
        }
        self.unreferenced_routes(&workouts);
        if more_workouts {
            self.after.push_front(Item::broken(
                self.name.clone(),
                format!(
                    "this export holds more than {max} workouts, more than one import takes (the server's max_files_per_upload): none of them is imported"
                ),
            ));
            return;
        }
        workouts.sort_by_key(|w| w.workout.summary.start);
        for w in workouts {
            if w.bytes > self.limits.max_file_bytes {
                let reason = format!(
                    "its element in export.xml takes more than {} MB",
                    self.limits.max_file_bytes >> 20
                );
                self.after
                    .push_back(Item::broken(self.workout_name(&w), reason));
            } else {
                self.waiting.push_back(w);
            }
        }
    }

    /// Counts the route files no workout names (a workout that could not be read, or an
    /// export edited by hand).
    fn unreferenced_routes(&mut self, workouts: &[apple::Workout]) {
        let named: BTreeSet<&str> = workouts
            .iter()
            .filter_map(|w| match &w.workout.samples {
                Samples::File(path) => Some(path.as_str()),
                _ => None,
            })
            .collect();
        let alone = self
            .routes
            .keys()
            .filter(|path| !named.contains(path.as_str()))
            .count();
        if alone > 0 {
            self.after.push_back(Item::skipped(
                self.shown_folder.clone(),
                "workout routes without a workout".to_owned(),
                u32::try_from(alone).unwrap_or(u32::MAX),
            ));
        }
    }

    /// A further pass: the heart rate and the full elements of the next workouts, as many as
    /// the bounds allow (at least one).
    fn gather(&mut self, files: &mut dyn Files<K>) {
        let limit = self.limits.max_file_bytes;
        let mut take = 0;
        let mut bytes = 0u64;
        for w in &self.waiting {
            if take > 0 && bytes + w.bytes > limit {
                break;
            }
            bytes += w.bytes;
            take += 1;
        }
        let batch: Vec<apple::Workout> = self.waiting.drain(..take).collect();
        let spans: Vec<_> = batch
            .iter()
            .map(|w| (w.workout.summary.start.unwrap_or_default(), w.end))
            .collect();
        let ordinals: BTreeSet<usize> = batch.iter().map(|w| w.ordinal).collect();
        let cap = self.limits.read.max_samples;
        let mut sorter = HeartRateSorter::new(&spans, cap);
        let mut full: HashMap<usize, Box<apple::Workout>> = HashMap::new();
        let name = self.name.clone();
        let mut stats = self.stats;
        let streamed = files.stream(self.xml, &mut |input| {
            let mut export = Export::new(name.clone(), input)
                .wanting(Wanted {
                    workouts: false,
                    heart_rate: true,
                    days: false,
                })
                .details(Details::Only(ordinals.clone()));
            loop {
                match export.next_item() {
                    Ok(Some(apple::Item::HeartRate(h))) => sorter.offer(h),
                    Ok(Some(apple::Item::Workout(w))) => {
                        full.insert(w.ordinal, w);
                    }
                    Ok(Some(_)) => {}
                    Ok(None) => break,
                    // Broken XML was told by the first pass, which found these workouts
                    // before it; unreadable records were counted there.
                    Err(_) if export.is_done() => break,
                    Err(_) => {}
                }
            }
            stats.passes += 1;
            stats.bytes += export.position();
            stats.tag_high_water = stats.tag_high_water.max(export.high_water());
        });
        stats.samples_high_water = stats.samples_high_water.max(sorter.high_water());
        stats.detail_bytes_high_water = stats.detail_bytes_high_water.max(bytes);
        self.stats = stats;
        if let Err(reason) = streamed {
            let left: Vec<_> = batch.into_iter().chain(self.waiting.drain(..)).collect();
            for w in left {
                let name = self.workout_name(&w);
                self.after.push_back(Item::broken(name, reason.clone()));
            }
            return;
        }
        let mut deferred = Vec::new();
        for (w, gathered) in batch.into_iter().zip(sorter.finish()) {
            match gathered {
                Gathered::Samples(heart) => match full.remove(&w.ordinal) {
                    Some(read) => self.ready.push_back((*read, heart)),
                    None => self.after.push_back(Item::broken(
                        self.workout_name(&w),
                        "was not found again in export.xml: did the file change while it was read?"
                            .to_owned(),
                    )),
                },
                Gathered::Deferred => deferred.push(w),
                Gathered::TooMany => self.after.push_back(Item::broken(
                    self.workout_name(&w),
                    format!("its span holds more than {cap} heart-rate samples"),
                )),
            }
        }
        for w in deferred.into_iter().rev() {
            self.waiting.push_front(w);
        }
    }

    /// A workout read in full, with its heart rate and its route file, as an item.
    fn item(&self, w: &apple::Workout, heart: &[HeartRate], files: &mut dyn Files<K>) -> Item {
        let name = self.workout_name(w);
        let mut original: Vec<(String, Vec<u8>)> = vec![(
            "workout.xml".to_owned(),
            w.xml.clone().unwrap_or_default().into_bytes(),
        )];
        let route = match &w.workout.samples {
            Samples::File(path) => {
                let Some(path) = inside_export(path) else {
                    return Item::broken(
                        name,
                        format!("its route {path:?} points outside the export: not read"),
                    );
                };
                let Some(&file) = self.routes.get(path) else {
                    return Item::broken(
                        name,
                        format!(
                            "export.xml names its route {path}, but the export does not hold it"
                        ),
                    );
                };
                let shown = format!("{}{path}", self.shown_folder);
                let bytes = match files.load_file(&shown, file) {
                    Ok(bytes) => bytes,
                    Err(reason) => return Item::broken(name, format!("{path}: {reason}")),
                };
                let options = self.limits.read_options(self.limits.max_file_bytes);
                let route = match formats::read(&bytes, &options) {
                    Ok(route) => route,
                    Err(e) => return Item::broken(name, format!("{path}: {e}")),
                };
                let base = path.rsplit('/').next().unwrap_or(path).to_owned();
                original.push((base, bytes));
                Some(route)
            }
            Samples::Recording(route) => Some((**route).clone()),
            Samples::None => None,
        };
        let recording = apple::recording(w, route, heart);
        let entries: Vec<(&str, &[u8])> = original
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let zip = archive::zip_files(&entries);
        let described = Described {
            service: Service::AppleHealth,
            meta: w.workout.meta.clone(),
            summary: w.workout.summary.clone(),
            // Apple names no gear.
            gear: None,
        };
        Item::archived(name, original_name(w), recording, zip).described(described)
    }

    /// How results name a workout: the export, the sport and the local start, and its line.
    fn workout_name(&self, w: &apple::Workout) -> String {
        format!(
            "{}: {} on {} (line {})",
            self.name,
            kind(&w.activity_type),
            local_label(w),
            w.line
        )
    }
}

/// `Running` for `HKWorkoutActivityTypeRunning`.
fn kind(activity_type: &str) -> &str {
    match activity_type.strip_prefix("HKWorkoutActivityType") {
        Some(kind) if !kind.is_empty() => kind,
        _ => "a workout",
    }
}

/// The local start as `2016-11-14 07:25`.
fn local_label(w: &apple::Workout) -> String {
    let s = &w.workout.summary;
    let offset = i64::from(s.utc_offset_min.unwrap_or(0));
    let local_s = s.start.unwrap_or_default().unix_ms().div_euclid(1000) + offset * 60;
    let date = domain::Date::from_days(local_s.div_euclid(86_400));
    let secs = local_s.rem_euclid(86_400);
    format!("{date} {:02}:{:02}", secs / 3600, secs / 60 % 60)
}

/// The name a workout's original is downloaded under: `apple-health_2016-11-14_0725_Running.zip`.
fn original_name(w: &apple::Workout) -> String {
    let label = local_label(w).replace(' ', "_").replace(':', "");
    let kind: String = kind(&w.activity_type)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("apple-health_{label}_{kind}.zip")
}

/// A route's path inside the export's folder, or `None` when it would lead outside it: no
/// parent or current folder, no backslash, no drive or empty part. Only files listed in the
/// export are ever read, so this is belt and braces, and says what is wrong.
fn inside_export(path: &str) -> Option<&str> {
    let path = path.trim_start_matches('/');
    let safe = !path.is_empty()
        && !path.contains('\\')
        && !path.contains(':')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != ".");
    safe.then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_paths_that_leave_the_export_are_refused() {
        for (path, inside) in [
            (
                "/workout-routes/route_1.gpx",
                Some("workout-routes/route_1.gpx"),
            ),
            (
                "workout-routes/route_1.gpx",
                Some("workout-routes/route_1.gpx"),
            ),
            ("/workout-routes/../../etc/passwd", None),
            ("../secret.gpx", None),
            ("workout-routes\\..\\x.gpx", None),
            ("C:/x.gpx", None),
            ("workout-routes//x.gpx", None),
            ("/", None),
        ] {
            assert_eq!(inside_export(path), inside, "{path}");
        }
    }

    #[test]
    fn an_export_is_found_in_its_folder_and_its_other_files_counted() {
        let names = [
            "apple_health_export/export.xml",
            "apple_health_export/export_cda.xml",
            "apple_health_export/workout-routes/route_1.gpx",
            "apple_health_export/electrocardiograms/ecg_1.csv",
            "apple_health_export/electrocardiograms/ecg_2.csv",
            "elsewhere/run.fit",
        ];
        let entries: Vec<(usize, String)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (i, (*n).to_owned()))
            .collect();
        let plan = plan("export.zip/", &entries, Limits::default()).unwrap();
        assert_eq!(
            plan.export.name,
            "export.zip/apple_health_export/export.xml"
        );
        assert_eq!(
            plan.consumed,
            vec![0, 1, 2, 3, 4],
            "not the file outside the export"
        );
        assert_eq!(
            plan.skipped,
            vec![
                ("clinical document (export_cda.xml)".to_owned(), 1),
                ("electrocardiograms".to_owned(), 2)
            ]
        );
        assert_eq!(
            plan.export.routes.get("workout-routes/route_1.gpx"),
            Some(&2)
        );
        let loose = [(0, "run.fit".to_owned())];
        assert!(plan_is_none(&loose));
    }

    fn plan_is_none(entries: &[(usize, String)]) -> bool {
        plan("", entries, Limits::default()).is_none()
    }
}
