//! Workout chart pictures kept between requests. A workout page loads two to five of them, and
//! each costs a decode of the recording, its series and a plotters drawing: several times the
//! page itself. The same picture asked again (the page reloaded, opened on another device, the
//! axis switched back) is a lookup.
//!
//! Kept per account revision (see `bests::cache`): every change to the account's workouts
//! raises it (an edit of the sport turns pace into speed, a deletion removes the workout), so a
//! kept picture is never served after its workout changed, on whichever instance. The owner is
//! part of the key and a picture is kept only after its owner's request found the workout, so a
//! hit needs no ownership query. Bounded by bytes, the least recently used go first.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

use domain::{Language, Units, UserId, WorkoutId, XAxis};

use crate::charts::Size;

/// How many bytes of pictures are kept: about a thousand charts of a long ride.
const BUDGET: usize = 32 << 20;

/// What a picture depends on, besides the account's revision.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ChartKey {
    /// The owner.
    pub user: UserId,
    /// The workout.
    pub workout: WorkoutId,
    /// Which chart (`heart_rate`, `pace`, ...).
    pub chart: String,
    /// Time or distance along the x axis.
    pub axis: XAxis,
    /// Wide or narrow.
    pub size: Size,
    /// The language of its numbers.
    pub language: Language,
    /// Metric or imperial.
    pub units: Units,
}

/// One kept picture.
#[derive(Debug)]
struct Kept {
    revision: i64,
    svg: Arc<str>,
    /// When it was last used (a counter), for the eviction.
    used: u64,
}

#[derive(Debug, Default)]
struct Inner {
    kept: HashMap<ChartKey, Kept>,
    bytes: usize,
    clock: u64,
}

/// The kept pictures. Cheap to clone (shared).
#[derive(Debug, Clone, Default)]
pub(crate) struct ChartCache {
    inner: Arc<Mutex<Inner>>,
}

impl ChartCache {
    /// The picture kept for `key` at `revision`; one kept at another revision is dropped.
    pub fn get(&self, key: &ChartKey, revision: i64) -> Option<Arc<str>> {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.clock += 1;
        let clock = inner.clock;
        match inner.kept.get_mut(key) {
            Some(kept) if kept.revision == revision => {
                kept.used = clock;
                Some(kept.svg.clone())
            }
            Some(_) => {
                if let Some(stale) = inner.kept.remove(key) {
                    inner.bytes -= stale.svg.len();
                }
                None
            }
            None => None,
        }
    }

    /// Keeps `svg` for `key` as of `revision` (read before the rows it was drawn from), unless
    /// a newer one is kept already; drops the least recently used past the budget.
    pub fn put(&self, key: ChartKey, revision: i64, svg: Arc<str>) {
        if svg.len() > BUDGET / 16 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner
            .kept
            .get(&key)
            .is_some_and(|kept| kept.revision > revision)
        {
            return;
        }
        inner.clock += 1;
        let used = inner.clock;
        inner.bytes += svg.len();
        if let Some(old) = inner.kept.insert(
            key,
            Kept {
                revision,
                svg,
                used,
            },
        ) {
            inner.bytes -= old.svg.len();
        }
        while inner.bytes > BUDGET {
            let Some(oldest) = inner
                .kept
                .iter()
                .min_by_key(|(_, kept)| kept.used)
                .map(|(key, _)| key.clone())
            else {
                break;
            };
            if let Some(gone) = inner.kept.remove(&oldest) {
                inner.bytes -= gone.svg.len();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(workout: i64, chart: &str) -> ChartKey {
        ChartKey {
            user: UserId::new(1),
            workout: WorkoutId::new(workout),
            chart: chart.to_owned(),
            axis: XAxis::Time,
            size: Size::Wide,
            language: Language::En,
            units: Units::Metric,
        }
    }

    #[test]
    fn a_picture_is_kept_for_its_revision_only() {
        let cache = ChartCache::default();
        cache.put(key(1, "pace"), 5, "<svg/>".into());
        assert_eq!(cache.get(&key(1, "pace"), 5).as_deref(), Some("<svg/>"));
        assert!(cache.get(&key(1, "speed"), 5).is_none());
        assert!(
            cache.get(&key(1, "pace"), 6).is_none(),
            "the account changed"
        );
        assert!(
            cache.get(&key(1, "pace"), 5).is_none(),
            "a stale picture is dropped"
        );
        assert_eq!(cache.inner.lock().unwrap().bytes, 0);
    }

    #[test]
    fn an_older_picture_does_not_replace_a_newer_one() {
        let cache = ChartCache::default();
        cache.put(key(1, "pace"), 7, "new".into());
        cache.put(key(1, "pace"), 6, "old".into());
        assert_eq!(cache.get(&key(1, "pace"), 7).as_deref(), Some("new"));
    }

    #[test]
    fn the_least_recently_used_go_past_the_budget() {
        let cache = ChartCache::default();
        let picture: Arc<str> = "x".repeat(BUDGET / 20).into();
        for workout in 0..20 {
            cache.put(key(workout, "pace"), 1, picture.clone());
        }
        // Workout 0 is used again: workout 1 is then the oldest.
        assert!(cache.get(&key(0, "pace"), 1).is_some());
        cache.put(key(20, "pace"), 1, picture.clone());
        cache.put(key(21, "pace"), 1, picture.clone());
        let inner = cache.inner.lock().unwrap();
        assert!(inner.bytes <= BUDGET);
        assert_eq!(inner.bytes, inner.kept.len() * picture.len());
        assert!(inner.kept.contains_key(&key(0, "pace")));
        assert!(!inner.kept.contains_key(&key(1, "pace")));
        assert!(inner.kept.contains_key(&key(21, "pace")));
    }
}
