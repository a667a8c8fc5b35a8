//! Uploads as both ends see them: which files go together, and what became of each.

use serde::{Deserialize, Serialize};

use crate::WorkoutId;

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
    },
    /// The same file was imported before.
    Duplicate {
        /// The workout it became then.
        workout_id: WorkoutId,
    },
    /// Not imported; `error` says why, in words for the uploader.
    Refused {
        /// What is wrong, and where.
        error: String,
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
