//! Joining an uploaded FIT file to its activity in `summarizedActivities.json`.
//!
//! Uploaded files are named `<email>_<number>.fit` or `<number>.fit`. For many the number is
//! the activity's id, but not for all (it can be the upload's), so a number is trusted only
//! when it is the id of a listed activity; otherwise the file's decoded start is matched to
//! the nearest summary start within a few seconds. (Not its `file_id` `time_created`, which
//! many devices write at the end: see [`super::FileId::time_created`].)

use crate::ArchiveWorkout;
use domain::Timestamp;
use std::collections::HashMap;

/// How far a file's start may be from its summary's start and still be the same activity.
/// The summary's start is the first session's start, which is what `formats` reads as the
/// recording's start; a few seconds allow for rounding and for a timer started before the
/// first record. Two activities of one athlete do not start within seconds of each other.
pub const START_TOLERANCE_MS: i64 = 10_000;

/// The number in an uploaded file's name (`me@example.com_7458321651.fit` → 7458321651,
/// `7458321651.FIT` → 7458321651); `None` when the name ends in no number.
pub fn activity_id_in_name(path: &str) -> Option<u64> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match name.rsplit_once('.') {
        Some((stem, ext)) if ext.eq_ignore_ascii_case("fit") => stem,
        _ => name,
    };
    let digits = stem.rsplit('_').next().unwrap_or(stem);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The index of the workout whose summary start is nearest `start`, if within `tolerance_ms`
/// (the earlier listed wins a tie).
pub fn match_by_start(
    workouts: &[ArchiveWorkout],
    start: Timestamp,
    tolerance_ms: i64,
) -> Option<usize> {
    nearest(
        workouts
            .iter()
            .enumerate()
            .filter_map(|(i, w)| Some((i, w.summary.start?))),
        start,
        tolerance_ms,
    )
}

fn nearest(
    candidates: impl Iterator<Item = (usize, Timestamp)>,
    start: Timestamp,
    tolerance_ms: i64,
) -> Option<usize> {
    candidates
        .map(|(i, t)| (t.ms_since(start).abs(), i))
        .filter(|(gap, _)| *gap <= tolerance_ms)
        .min()
        .map(|(_, i)| i)
}

/// Matches files to a list of workouts, each workout at most once (a second file of the same
/// start, a re-upload, is left unmatched rather than given the same activity).
pub struct Matcher {
    by_id: HashMap<u64, usize>,
    starts: Vec<(usize, Timestamp)>,
    taken: Vec<bool>,
    tolerance_ms: i64,
}

impl Matcher {
    /// A matcher over `workouts` (as read by [`super::Activities`]), with
    /// [`START_TOLERANCE_MS`].
    pub fn new(workouts: &[ArchiveWorkout]) -> Self {
        Self::with_tolerance(workouts, START_TOLERANCE_MS)
    }

    /// A matcher accepting starts up to `tolerance_ms` apart.
    pub fn with_tolerance(workouts: &[ArchiveWorkout], tolerance_ms: i64) -> Self {
        let by_id = workouts
            .iter()
            .enumerate()
            .filter_map(|(i, w)| Some((w.meta.source_id.as_deref()?.parse().ok()?, i)))
            .collect();
        let starts = workouts
            .iter()
            .enumerate()
            .filter_map(|(i, w)| Some((i, w.summary.start?)))
            .collect();
        Self {
            by_id,
            starts,
            taken: vec![false; workouts.len()],
            tolerance_ms,
        }
    }

    /// Gives back a workout taken by [`Matcher::find`] (the file turned out not to be an
    /// activity), so that another file may take it.
    pub fn release(&mut self, index: usize) {
        if let Some(taken) = self.taken.get_mut(index) {
            *taken = false;
        }
    }

    /// Whether the workout at `index` was taken by a file.
    pub fn is_taken(&self, index: usize) -> bool {
        self.taken.get(index).copied().unwrap_or(false)
    }

    /// The index of the workout the file `name` starting at `start` belongs to, and marks it
    /// taken: by the number in its name when that is a listed activity's id, else by start.
    pub fn find(&mut self, name: &str, start: Option<Timestamp>) -> Option<usize> {
        let by_name = activity_id_in_name(name)
            .and_then(|id| self.by_id.get(&id).copied())
            .filter(|i| !self.taken[*i]);
        let found = by_name.or_else(|| {
            let taken = &self.taken;
            nearest(
                self.starts.iter().copied().filter(|(i, _)| !taken[*i]),
                start?,
                self.tolerance_ms,
            )
        })?;
        self.taken[found] = true;
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_is_read_from_either_kind_of_name() {
        let cases = [
            ("me@example.com_7458321651.fit", Some(7_458_321_651)),
            ("UploadedFiles_0-_Part1/7458321651.FIT", Some(7_458_321_651)),
            ("first_last@mail.org_42.fit", Some(42)),
            ("me@example.com_monitor.fit", None),
            ("me@example.com_.fit", None),
        ];
        for (name, id) in cases {
            assert_eq!(activity_id_in_name(name), id, "{name}");
        }
    }
}
