//! Restoring Laps' own "Export everything" zip (issue 12), told by its layout (an
//! `index.json` beside `fit/` and `originals/`, see [`archives::recognise`]).
//!
//! Each original becomes one item, imported like the upload it once was (the same bytes, so
//! the same content hash: a restore into an account that holds them adds nothing, and the FIT
//! copies beside them are never imported), with what the index says applied to the workouts
//! it gives: the athlete's title, notes and sport, the local offset and zone, its gear, every
//! service reference it is known by. Originals Laps made itself come back too: a synced sensor
//! session is built again from its batches, a service's manual entry from its summary, a Polar
//! Flow session from its JSON, an HRM + GPX pair from its two files, an Apple Health workout
//! from its small export (see `apple_export/original.rs`). The account's preferences, days of
//! activity, gear (before the workouts) and gear defaults (after them) are items of their own.
//! Every item is its own transaction, so a restore that was interrupted finishes when the same
//! zip is imported again.

mod account;
mod gear;
pub(crate) mod index;
mod load;
mod plan;

use db::{GearChoice, SourceRef};
use domain::{GearDraft, WorkoutSummary};
use index::IndexWorkout;

pub(crate) use account::AccountPart;
pub(crate) use load::item;
pub(crate) use plan::{Planned, plan_laps};

/// One original of the export as planned: the index's workouts that name it.
#[derive(Debug)]
pub(crate) struct RestoreEntry {
    /// What the index says of each workout this original gave.
    pub workouts: Vec<IndexWorkout>,
    /// Whether the index lists every workout exported from this original (version 2): one it
    /// does not list was deleted before the export and stays out.
    pub complete: bool,
    /// The name the original was uploaded under.
    pub source_name: String,
    /// Each workout's gear, beside `workouts`, when the index tells gear (version 3).
    pub gear: Option<Vec<Option<GearDraft>>>,
}

/// What a restored item carries into its import: applied to each workout the original gives.
#[derive(Debug)]
pub(crate) struct Restored {
    /// The index's workouts of this original.
    workouts: Vec<IndexWorkout>,
    complete: bool,
    /// The original as the export kept it (gzip), or packed here when the export held it plain:
    /// stored as it is.
    pub original_gz: Vec<u8>,
    /// The name the original was uploaded under.
    pub source_name: String,
    /// The sensor session it is built from, when it is one: recorded again with the workout.
    pub sensor: Option<db::SensorOrigin>,
    gear: Option<Vec<Option<GearDraft>>>,
}

impl Restored {
    /// What a planned entry carries, with its original.
    pub(crate) fn new(entry: RestoreEntry, original_gz: Vec<u8>) -> Self {
        Self {
            workouts: entry.workouts,
            complete: entry.complete,
            original_gz,
            source_name: entry.source_name,
            sensor: None,
            gear: entry.gear,
        }
    }

    /// The zone a file with local times only (HRM) is read in: the one it was read in before
    /// (the workout's zone), not the account's of today.
    pub(crate) fn read_zone(&self) -> Option<&str> {
        self.workouts
            .iter()
            .find_map(|w| w.time_zone.as_deref())
            .filter(|zone| crate::zone::is_known_zone(zone))
    }

    /// The service's reference, stored with the original's first workout.
    pub(crate) fn source(&self) -> Option<SourceRef> {
        self.workouts.iter().find_map(|w| {
            w.source.as_ref().map(|s| SourceRef {
                service: s.service.clone(),
                id: s.id.clone(),
            })
        })
    }

    /// Gives the workouts of the original (in the order the file gives them) what the index
    /// says of each: matched by start first (a reader of another version may give a file's
    /// workouts in another order, or the account may have numbered them differently since a
    /// deletion), then by their position. Answers which to keep: a workout the index does not
    /// list stays out when the index lists all of the original's workouts (it was deleted
    /// before the export). Each answer is whether to keep it and the index's workout it is.
    pub(crate) fn apply(&self, summaries: Vec<&mut WorkoutSummary>) -> Vec<(bool, Option<usize>)> {
        let mut used = vec![false; self.workouts.len()];
        let mut found: Vec<Option<usize>> = vec![None; summaries.len()];
        for (i, s) in summaries.iter().enumerate() {
            let (start_ms, start_utc) = (s.start.unix_ms(), s.start.to_string());
            found[i] = (0..self.workouts.len()).find(|&m| {
                let w = &self.workouts[m];
                !used[m]
                    && w.start_ms
                        .map_or(w.start_utc == start_utc, |ms| ms == start_ms)
            });
            if let Some(m) = found[i] {
                used[m] = true;
            }
        }
        for (i, slot) in found.iter_mut().enumerate() {
            if slot.is_none() {
                *slot = (0..self.workouts.len()).find(|&m| {
                    !used[m]
                        && self.workouts[m].part.and_then(|p| usize::try_from(p).ok()) == Some(i)
                });
                if let Some(m) = *slot {
                    used[m] = true;
                }
            }
        }
        summaries
            .into_iter()
            .zip(found)
            .map(|(summary, found)| match found {
                Some(m) => {
                    apply(&self.workouts[m], summary);
                    (true, Some(m))
                }
                None => (!self.complete, None),
            })
            .collect()
    }

    /// The gear of the kept workouts (each the index's workout it is, if any), when the index
    /// tells gear: `None` leaves the choice to the import (an older index).
    pub(crate) fn gear(&self, kept: &[Option<usize>]) -> Option<GearChoice> {
        let gear = self.gear.as_ref()?;
        let each: Vec<Option<GearDraft>> = kept
            .iter()
            .map(|m| m.and_then(|m| gear.get(m).cloned().flatten()))
            .collect();
        // Said once for the file when its workouts agree (the usual one workout per file).
        Some(match each.first() {
            Some(first) if each.iter().all(|g| g == first) => match first {
                Some(draft) => GearChoice::Named(draft.clone()),
                None => GearChoice::Nothing,
            },
            _ => GearChoice::Each(each),
        })
    }

    /// Every service reference the index's workout `m` is known by (version 2: its one).
    pub(crate) fn sources(&self, m: Option<usize>) -> Vec<SourceRef> {
        let Some(w) = m.and_then(|m| self.workouts.get(m)) else {
            return Vec::new();
        };
        w.sources
            .iter()
            .chain(w.source.iter().filter(|_| w.sources.is_empty()))
            .map(|s| SourceRef {
                service: s.service.clone(),
                id: s.id.clone(),
            })
            .collect()
    }
}

/// Gives a workout what the index says of it. The start, figures and laps are the file's;
/// the offset and zone are the index's when they are plausible (the file was placed in the
/// account's zone of then, which may have changed since).
fn apply(w: &IndexWorkout, summary: &mut WorkoutSummary) {
    if let Some(title) = w.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        title.clone_into(&mut summary.title);
    }
    if let Some(notes) = &w.notes {
        notes.clone_into(&mut summary.notes);
    }
    if let Some(sport) = w.sport {
        summary.sport = sport;
    }
    // Offsets on Earth run from -12:00 to +14:00.
    if let Some(offset) = w
        .utc_offset_minutes
        .filter(|m| (-12 * 60..=14 * 60).contains(m))
    {
        summary.utc_offset_min = offset;
    }
    match w.time_zone.as_deref() {
        Some(zone) if crate::zone::is_known_zone(zone) => summary.time_zone = Some(zone.to_owned()),
        Some(_) => {}
        None => summary.time_zone = None,
    }
}

#[cfg(test)]
mod tests {
    use domain::GearKind;

    use super::*;

    fn restored(gear: Option<Vec<Option<GearDraft>>>) -> Restored {
        let w: IndexWorkout =
            serde_json::from_str(r#"{"original_gz": "originals/1_a.fit"}"#).unwrap();
        let entry = RestoreEntry {
            workouts: vec![w.clone(), w],
            complete: true,
            source_name: "a.fit".to_owned(),
            gear,
        };
        Restored::new(entry, Vec::new())
    }

    #[test]
    fn each_part_of_a_file_gets_its_own_gear_and_one_gear_is_said_once() {
        let bike = GearDraft::new(GearKind::Bike, "Bike").unwrap();
        let shoes = GearDraft::new(GearKind::Shoes, "Shoes").unwrap();
        let both = [Some(0), Some(1)];
        let triathlon = restored(Some(vec![Some(bike.clone()), Some(shoes.clone())]));
        assert_eq!(
            triathlon.gear(&both),
            Some(GearChoice::Each(vec![Some(bike.clone()), Some(shoes)]))
        );
        assert_eq!(
            triathlon.gear(&[Some(0)]),
            Some(GearChoice::Named(bike.clone())),
            "the run deleted before the export"
        );
        let one = restored(Some(vec![Some(bike.clone()), Some(bike.clone())]));
        assert_eq!(one.gear(&both), Some(GearChoice::Named(bike)));
        assert_eq!(
            restored(Some(vec![None, None])).gear(&both),
            Some(GearChoice::Nothing)
        );
        assert_eq!(
            restored(None).gear(&both),
            None,
            "version 2: the import's choice"
        );
    }
}
