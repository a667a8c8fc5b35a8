//! A family of series by label set, with a bound on how many label sets it keeps.

use std::{
    collections::HashMap,
    hash::Hash,
    sync::{PoisonError, RwLock},
};

/// Series by label set: recording is a map lookup under a read lock, then the series' own
/// atomics; the write lock is taken only the first time a label set is seen. Once `max`
/// label sets exist, new ones are all recorded under `overflow`, so no input can make the
/// family (and each scrape) grow without end.
#[derive(Debug)]
pub struct Family<K, V> {
    series: RwLock<HashMap<K, V>>,
    max: usize,
    overflow: K,
    new: fn() -> V,
}

impl<K: Eq + Hash + Clone + Ord, V> Family<K, V> {
    /// An empty family; `new` makes the series of a label set seen for the first time.
    pub fn new(max: usize, overflow: K, new: fn() -> V) -> Self {
        Self {
            series: RwLock::default(),
            max,
            overflow,
            new,
        }
    }

    /// Runs `record` on the series of `key`.
    pub fn with(&self, key: K, record: impl FnOnce(&V)) {
        // A panic while the lock was held left the map whole (entries are only added): go on.
        {
            let series = self.series.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(value) = series.get(&key) {
                record(value);
                return;
            }
        }
        let mut series = self.series.write().unwrap_or_else(PoisonError::into_inner);
        let key = if series.len() >= self.max && !series.contains_key(&key) {
            self.overflow.clone()
        } else {
            key
        };
        record(series.entry(key).or_insert_with(self.new));
    }

    /// Every series, sorted by label set (so a scrape reads the same from one time to the
    /// next), as `read` makes it.
    pub fn collect<T>(&self, read: impl Fn(&V) -> T) -> Vec<(K, T)> {
        let series = self.series.read().unwrap_or_else(PoisonError::into_inner);
        let mut all: Vec<(K, T)> = series.iter().map(|(k, v)| (k.clone(), read(v))).collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

    use super::*;

    #[test]
    fn label_sets_past_the_bound_are_recorded_under_the_overflow_key() {
        let family: Family<&str, AtomicU64> = Family::new(2, "overflow", AtomicU64::default);
        for key in ["a", "b", "a", "c", "d", "b"] {
            family.with(key, |n| {
                n.fetch_add(1, Relaxed);
            });
        }
        let counts = family.collect(|n| n.load(Relaxed));
        assert_eq!(counts, [("a", 2), ("b", 2), ("overflow", 2)]);
    }
}
