//! What a workout's page draws from its recording, kept between requests: the page's own
//! part (laps completed, splits, zones, chart outlines, the route and its picture) and each
//! chart picture. Drawing them costs a decode of the recording, series, route simplification
//! and plotters: a 4-hour ride's page spent most of its server time there. The same page or
//! picture asked again (reloaded, opened on another device, the axis switched back) is a
//! lookup.
//!
//! Kept per account revision (see `bests::cache`): every change to the account's workouts
//! raises it (an edit of the sport turns pace into speed, a deletion removes the workout), so a
//! kept value is never served after its workout changed, on whichever instance. What the
//! revision does not follow (the user's units and zones) is part of the key. The owner is part
//! of the key too, and a value is kept only after its owner's request found the workout, so a
//! hit needs no ownership query. Bounded by bytes, the least recently used go first.

use std::{
    collections::HashMap,
    hash::Hash,
    sync::{Arc, Mutex, PoisonError},
};

use domain::{HrZones, Language, Units, UserId, WorkoutId, XAxis};

use crate::charts::Size;

/// What a chart picture depends on, besides the account's revision.
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

/// What the drawn part of a workout page depends on, besides the account's revision.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct DrawnKey {
    /// The owner.
    pub user: UserId,
    /// The workout.
    pub workout: WorkoutId,
    /// Time or distance along the x axis.
    pub axis: XAxis,
    /// Splits and series are in these units.
    pub units: Units,
    /// Time in zones is counted in these zones ...
    pub hr_zones: HrZones,
    /// ... of this maximum heart rate.
    pub max_hr: u16,
    /// The chart pictures' numbers are in this language's marks.
    pub language: Language,
}

/// How many bytes a kept value holds, for the budget.
pub(crate) trait Weigh {
    /// Its size, roughly, in bytes.
    fn weight(&self) -> usize;
}

impl Weigh for Arc<str> {
    fn weight(&self) -> usize {
        self.len()
    }
}

/// One kept value.
#[derive(Debug)]
struct Entry<V> {
    revision: i64,
    value: V,
    /// When it was last used (a counter), for the eviction.
    used: u64,
}

#[derive(Debug)]
struct Inner<K, V> {
    kept: HashMap<K, Entry<V>>,
    bytes: usize,
    clock: u64,
}

/// Values kept per account revision, within `budget` bytes. Cheap to clone (shared).
#[derive(Debug)]
pub(crate) struct Kept<K, V> {
    inner: Arc<Mutex<Inner<K, V>>>,
    budget: usize,
}

impl<K, V> Clone for Kept<K, V> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            budget: self.budget,
        }
    }
}

impl<K: Eq + Hash + Clone, V: Weigh + Clone> Kept<K, V> {
    /// Nothing kept yet; at most `budget` bytes will be.
    pub fn new(budget: usize) -> Self {
        Self {
            inner: Arc::new(Mutex::new(Inner {
                kept: HashMap::new(),
                bytes: 0,
                clock: 0,
            })),
            budget,
        }
    }

    /// The value kept for `key` at `revision`; one kept at another revision is dropped.
    pub fn get(&self, key: &K, revision: i64) -> Option<V> {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.clock += 1;
        let clock = inner.clock;
        match inner.kept.get_mut(key) {
            Some(kept) if kept.revision == revision => {
                kept.used = clock;
                Some(kept.value.clone())
            }
            Some(_) => {
                if let Some(stale) = inner.kept.remove(key) {
                    inner.bytes -= stale.value.weight();
                }
                None
            }
            None => None,
        }
    }

    /// Keeps `value` for `key` as of `revision` (read before the rows it was drawn from),
    /// unless a newer one is kept already; drops the least recently used past the budget. A
    /// value of more than a sixteenth of the budget is not kept.
    pub fn put(&self, key: K, revision: i64, value: V) {
        let weight = value.weight();
        if weight > self.budget / 16 {
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
        inner.bytes += weight;
        if let Some(old) = inner.kept.insert(
            key,
            Entry {
                revision,
                value,
                used,
            },
        ) {
            inner.bytes -= old.value.weight();
        }
        while inner.bytes > self.budget {
            let Some(oldest) = inner
                .kept
                .iter()
                .min_by_key(|(_, kept)| kept.used)
                .map(|(key, _)| key.clone())
            else {
                break;
            };
            if let Some(gone) = inner.kept.remove(&oldest) {
                inner.bytes -= gone.value.weight();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUDGET: usize = 1 << 20;

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
        let cache = Kept::new(BUDGET);
        cache.put(key(1, "pace"), 5, Arc::<str>::from("<svg/>"));
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
        let cache = Kept::new(BUDGET);
        cache.put(key(1, "pace"), 7, Arc::<str>::from("new"));
        cache.put(key(1, "pace"), 6, Arc::<str>::from("old"));
        assert_eq!(cache.get(&key(1, "pace"), 7).as_deref(), Some("new"));
    }

    #[test]
    fn the_least_recently_used_go_past_the_budget() {
        let cache = Kept::new(BUDGET);
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
