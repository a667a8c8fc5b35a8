//! Uploads as both ends see them: which files go together, and what became of each.

use serde::{Deserialize, Serialize};

use crate::{Date, Sport, WorkoutId};

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileResult {
    /// The file's name (for a zip entry, `archive.zip/entry.fit`; for a pair, both names).
    pub file: String,
    /// Imported, duplicate or refused.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The answer to an upload (`POST /api/v1/uploads`), as the server writes it and the upload
/// page reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadReply {
    /// One result per file (per zip entry; an HRM and its GPX give one).
    pub files: Vec<FileResult>,
    /// The results counted, for the line people read first.
    #[serde(default)]
    pub summary: UploadSummary,
}

impl UploadReply {
    /// The reply for these results, with their summary.
    pub fn new(files: Vec<FileResult>) -> Self {
        let summary = UploadSummary::of(&files);
        Self { files, summary }
    }
}

/// One line of an upload's answer streamed as it is imported (`POST /api/v1/uploads` with
/// `Accept: application/x-ndjson`): first [`UploadEvent::Planned`], then one
/// [`UploadEvent::Result`] per item as it completes, then [`UploadEvent::Summary`] (or
/// [`UploadEvent::Failed`] when the server stopped on a fault of its own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum UploadEvent {
    /// The request is read and planned: this many results follow.
    Planned {
        /// Items in the request (a zip entry, an archive's row, an HRM with its GPX: one each).
        items: u32,
    },
    /// One item's result, as soon as it is stored or refused.
    Result {
        /// What became of it.
        result: FileResult,
        /// The workout it became or duplicates, for the uploader to recognise.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        workout: Option<UploadedWorkout>,
    },
    /// The last line: the results counted.
    Summary {
        /// The counts.
        summary: UploadSummary,
    },
    /// The import stopped on a fault of the server; the items reported before are stored.
    Failed {
        /// What to tell the uploader.
        error: String,
    },
}

/// The workout an uploaded item became (or duplicates), as the upload page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadedWorkout {
    /// Its title.
    pub title: String,
    /// Its sport.
    pub sport: Sport,
    /// The local day it started on.
    pub date: Date,
    /// How long it took, start to end, ms.
    #[serde(default)]
    pub elapsed_ms: i64,
    /// How far it went, metres; `null` without a distance.
    #[serde(default)]
    pub distance_m: Option<f64>,
}

/// An upload's results counted by what became of them: what an archive of years gives is read
/// from this line ("212 workouts, 3 manual entries, 41 days of activity, 5 skipped (sleep)"),
/// not from the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadSummary {
    /// Workouts stored (a multi-activity file counts each), manual entries included.
    pub workouts: u32,
    /// Of those, entries a service held without a file (built from its summary).
    pub manual: u32,
    /// Files imported before.
    pub duplicates: u32,
    /// Workouts stored before from elsewhere that a service's export also held: linked to
    /// that service, not stored again.
    #[serde(default)]
    pub linked: u32,
    /// Files refused.
    pub refused: u32,
    /// Days of activity stored.
    pub days: u32,
    /// Days of activity another, preferred source already described (kept as they were).
    pub days_kept: u32,
    /// Days of activity refused (impossible figures).
    pub days_refused: u32,
    /// Entries of kinds Laps does not import, by kind, in the order first met.
    pub skipped: Vec<SkippedKind>,
    /// Whether a restore changed the account's settings.
    #[serde(default)]
    pub settings: bool,
    /// Whether a restore added gear or set defaults for it.
    #[serde(default)]
    pub gear: bool,
    /// Gear entries a restore refused.
    #[serde(default)]
    pub gear_refused: u32,
}

/// Entries of one kind an archive held that Laps does not import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SkippedKind {
    /// What they are, in words ("sleep", "monitoring").
    pub kind: String,
    /// How many.
    pub count: u32,
}

impl UploadSummary {
    /// Counts results.
    pub fn of(results: &[FileResult]) -> Self {
        let mut s = Self::default();
        for result in results {
            s.add(&result.outcome);
        }
        s
    }

    /// Counts one more result.
    pub fn add(&mut self, outcome: &Outcome) {
        let n = |len: usize| u32::try_from(len).unwrap_or(u32::MAX);
        match outcome {
            Outcome::Imported {
                workout_ids,
                manual,
                ..
            } => {
                self.workouts = self.workouts.saturating_add(n(workout_ids.len()));
                if *manual {
                    self.manual = self.manual.saturating_add(1);
                }
            }
            Outcome::Duplicate { .. } => self.duplicates = self.duplicates.saturating_add(1),
            Outcome::Linked { .. } => self.linked = self.linked.saturating_add(1),
            Outcome::Refused { .. } => self.refused = self.refused.saturating_add(1),
            Outcome::Days {
                stored,
                kept,
                refused,
            } => {
                self.days = self.days.saturating_add(*stored);
                self.days_kept = self.days_kept.saturating_add(*kept);
                self.days_refused = self.days_refused.saturating_add(n(refused.len()));
            }
            Outcome::Settings { changed } => self.settings |= changed,
            Outcome::Gear {
                stored, refused, ..
            } => {
                self.gear |= *stored > 0;
                self.gear_refused = self.gear_refused.saturating_add(n(refused.len()));
            }
            Outcome::Skipped { kind, count } => {
                match self.skipped.iter_mut().find(|k| &k.kind == kind) {
                    Some(k) => k.count = k.count.saturating_add(*count),
                    None => self.skipped.push(SkippedKind {
                        kind: kind.clone(),
                        count: *count,
                    }),
                }
            }
        }
    }
}

/// The result of one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Stored as new workouts (a multi-activity TCX gives several).
    Imported {
        /// The first (usually only) workout.
        workout_id: WorkoutId,
        /// Every workout the file gave.
        workout_ids: Vec<WorkoutId>,
        /// Existing workouts that overlap in time: likely the same activity from another
        /// device. The new one is kept; the athlete decides.
        overlaps: Vec<WorkoutId>,
        /// Built from a service's summary of an entry without a file (a manual entry).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        manual: bool,
    },
    /// The same file was imported before.
    Duplicate {
        /// The workout it became then.
        workout_id: WorkoutId,
    },
    /// The same activity was stored before from elsewhere (a file uploaded by hand, another
    /// service's export): not stored again, but linked, so the service's reference names that
    /// workout; what the service said filled in only what the workout lacked (a title made up
    /// on import, empty notes, an unknown sport).
    Linked {
        /// The workout it is.
        workout_id: WorkoutId,
        /// The service whose export held it (`Strava`, `Garmin Connect`, ...).
        service: String,
    },
    /// Not imported; `error` says why, in words for the uploader.
    Refused {
        /// What is wrong, and where.
        error: String,
    },
    /// Days of activity (steps, active energy and time) stored from an archive.
    Days {
        /// Days stored (new, or replacing figures of the same or a less preferred source).
        stored: u32,
        /// Days left as they were: a preferred source (the device's own sync, or a watch
        /// maker's export) already describes them.
        kept: u32,
        /// Days not stored, each with the day and why (impossible figures).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        refused: Vec<String>,
    },
    /// The account's settings (units, time zone, week start, heart rates and zones) restored
    /// from Laps' own export.
    Settings {
        /// Whether they differed from the account's and were changed.
        changed: bool,
    },
    /// The athlete's gear, or its defaults per sport, restored from Laps' own export.
    Gear {
        /// Pieces of gear added, or defaults set.
        stored: u32,
        /// Left as they were: gear of the same name the account has already (kept as it is),
        /// or a sport the account already has a default for.
        kept: u32,
        /// Entries not restored, each with what is wrong.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        refused: Vec<String>,
    },
    /// Entries of an archive that hold nothing Laps imports (sleep, monitoring, weight, ...),
    /// counted rather than refused one by one.
    Skipped {
        /// What they are, in words.
        kind: String,
        /// How many.
        count: u32,
    },
}

/// The stem and extension of a file name, lower case: `Run.HRM` → (`run`, `hrm`).
fn stem_and_extension(name: &str) -> (String, String) {
    let lower = name.to_lowercase();
    match lower.rsplit_once('.') {
        Some((stem, ext)) => (stem.to_owned(), ext.to_owned()),
        None => (lower, String::new()),
    }
}

/// Groups file names into items: each `.hrm` with a `.gpx` of the same name (any letter case)
/// as a pair, or failing that with one whose name starts with the HRM's (`0412.hrm` and
/// `0412_polar.gpx`, as Polar's software saves them); everything else alone. Returns index
/// groups (HRM first) in input order.
pub fn pair_names(names: &[&str]) -> Vec<(usize, Option<usize>)> {
    let keys: Vec<(String, String)> = names.iter().map(|n| stem_and_extension(n)).collect();
    let is = |i: usize, ext: &str| keys[i].1 == ext;
    let mut mate: Vec<Option<usize>> = vec![None; names.len()];
    let mut taken = vec![false; names.len()];
    // Exact names first, so a prefix match never steals another HRM's own track.
    for exact in [true, false] {
        for h in 0..names.len() {
            if !is(h, "hrm") || taken[h] {
                continue;
            }
            let found = (0..names.len()).find(|&g| {
                is(g, "gpx")
                    && !taken[g]
                    && if exact {
                        keys[g].0 == keys[h].0
                    } else {
                        keys[g].0.starts_with(&keys[h].0)
                    }
            });
            if let Some(g) = found {
                (taken[h], taken[g], mate[h]) = (true, true, Some(g));
            }
        }
    }
    (0..names.len())
        .filter(|&i| mate[i].is_some() || !taken[i])
        .map(|i| (i, mate[i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_counts_each_kind_of_result_and_says_only_what_happened() {
        let id = WorkoutId::new(1);
        let result = |outcome| FileResult {
            file: "x".to_owned(),
            outcome,
        };
        let files = vec![
            result(Outcome::Imported {
                workout_id: id,
                workout_ids: vec![id, id],
                overlaps: vec![],
                manual: false,
            }),
            result(Outcome::Imported {
                workout_id: id,
                workout_ids: vec![id],
                overlaps: vec![],
                manual: true,
            }),
            result(Outcome::Days {
                stored: 40,
                kept: 0,
                refused: vec![],
            }),
            result(Outcome::Days {
                stored: 1,
                kept: 2,
                refused: vec!["2024-01-01: impossible".to_owned()],
            }),
            result(Outcome::Skipped {
                kind: "sleep".to_owned(),
                count: 4,
            }),
            result(Outcome::Skipped {
                kind: "sleep".to_owned(),
                count: 1,
            }),
            result(Outcome::Refused {
                error: "bad".to_owned(),
            }),
            result(Outcome::Linked {
                workout_id: id,
                service: "Strava".to_owned(),
            }),
            result(Outcome::Settings { changed: true }),
        ];
        let s = UploadSummary::of(&files);
        assert_eq!((s.workouts, s.manual, s.days, s.days_kept), (3, 1, 41, 2));
        assert_eq!(s.linked, 1);
        // Old replies without a summary still read.
        let old: UploadReply = serde_json::from_str(r#"{"files":[]}"#).unwrap();
        assert_eq!(old.summary, UploadSummary::default());
        let before_links: UploadSummary = serde_json::from_str(
            r#"{"workouts":1,"manual":0,"duplicates":0,"refused":0,"days":0,"days_kept":0,"days_refused":0,"skipped":[]}"#,
        )
        .unwrap();
        assert_eq!(before_links.linked, 0);
    }

    #[test]
    fn streamed_lines_read_back_as_they_were_written() {
        let id = WorkoutId::new(7);
        let events = [
            UploadEvent::Planned { items: 2 },
            UploadEvent::Result {
                result: FileResult {
                    file: "a.zip/run.fit".to_owned(),
                    outcome: Outcome::Imported {
                        workout_id: id,
                        workout_ids: vec![id],
                        overlaps: vec![],
                        manual: false,
                    },
                },
                workout: Some(UploadedWorkout {
                    title: "Morning run".to_owned(),
                    sport: Sport::Running,
                    date: Date::new(2024, 5, 1).unwrap(),
                    elapsed_ms: 1_800_000,
                    distance_m: Some(5_000.0),
                }),
            },
            UploadEvent::Result {
                result: FileResult {
                    file: "a.zip/x.txt".to_owned(),
                    outcome: Outcome::Refused {
                        error: "not a workout".to_owned(),
                    },
                },
                workout: None,
            },
            UploadEvent::Summary {
                summary: UploadSummary::default(),
            },
            UploadEvent::Failed {
                error: "stopped".to_owned(),
            },
        ];
        for event in events {
            let line = serde_json::to_string(&event).unwrap();
            assert!(!line.contains('\n'), "one line each: {line}");
            assert_eq!(serde_json::from_str::<UploadEvent>(&line).unwrap(), event);
        }
        let planned = serde_json::to_string(&UploadEvent::Planned { items: 3 }).unwrap();
        assert_eq!(planned, r#"{"event":"planned","items":3}"#);
    }

    #[test]
    fn hrm_files_pair_with_the_gpx_of_the_same_name() {
        let names = [
            "a.HRM", "b.fit", "A.gpx", "c.gpx", "d.hrm", "d.gpx", "d.GPX",
        ];
        assert_eq!(
            pair_names(&names),
            vec![(0, Some(2)), (1, None), (3, None), (4, Some(5)), (6, None)]
        );
        // Polar's "<session>_polar.gpx", but never at the cost of an exact pair.
        let names = ["s1_polar.gpx", "s.hrm", "s1.hrm", "s1.gpx"];
        assert_eq!(pair_names(&names), vec![(1, Some(0)), (2, Some(3))]);
    }
}
