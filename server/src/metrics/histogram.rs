//! A histogram of atomics: observing is a few relaxed atomic adds, no lock.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// Bounds (seconds) for request durations: from 5 ms to 5 minutes, since an upload of an
/// archive of years streams its results for minutes.
pub const REQUEST_SECONDS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0,
];

/// Bounds (seconds) for the import of one file: from a millisecond (a duplicate) to a minute.
pub const IMPORT_SECONDS: &[f64] = &[
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

/// Observations counted into fixed buckets, with their sum.
#[derive(Debug)]
pub struct Histogram {
    /// Upper bounds, ascending; a last, unbounded bucket follows them.
    bounds: &'static [f64],
    /// How many observations fell in each bucket (not cumulative: one add per observation).
    counts: Box<[AtomicU64]>,
    /// The sum of the observations, as `f64` bits.
    sum: AtomicU64,
}

impl Histogram {
    /// An empty histogram with these upper bounds (ascending).
    pub fn new(bounds: &'static [f64]) -> Self {
        Self {
            bounds,
            counts: (0..=bounds.len()).map(|_| AtomicU64::new(0)).collect(),
            sum: AtomicU64::new(0f64.to_bits()),
        }
    }

    /// Counts one observation.
    pub fn observe(&self, value: f64) {
        let bucket = self.bounds.partition_point(|bound| *bound < value);
        self.counts[bucket].fetch_add(1, Relaxed);
        // An f64 has no atomic add: compare-and-swap until no other observation intervened.
        let _ = self.sum.fetch_update(Relaxed, Relaxed, |bits| {
            Some((f64::from_bits(bits) + value).to_bits())
        });
    }

    /// The counts and sum now. Under concurrent observations the sum may lag the counts by
    /// the one in flight; the count written is the buckets' total, so `+Inf` and `_count`
    /// always agree.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            bounds: self.bounds,
            counts: self.counts.iter().map(|c| c.load(Relaxed)).collect(),
            sum: f64::from_bits(self.sum.load(Relaxed)),
        }
    }
}

/// A histogram's values at one moment.
#[derive(Debug, Clone)]
pub struct Snapshot {
    bounds: &'static [f64],
    counts: Vec<u64>,
    /// The sum of the observations.
    pub sum: f64,
}

impl Snapshot {
    /// Each bucket's upper bound (the last `+Inf`) and its own count (not cumulative).
    pub fn buckets(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        self.bounds
            .iter()
            .copied()
            .chain([f64::INFINITY])
            .zip(self.counts.iter().copied())
    }

    /// How many observations there were.
    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_observation_on_a_bound_counts_in_that_bucket() {
        // Prometheus buckets are "less than or equal to" their bound.
        let histogram = Histogram::new(&[0.1, 1.0]);
        for value in [0.1, 1.0, 1.5, 0.0] {
            histogram.observe(value);
        }
        let snapshot = histogram.snapshot();
        let counts: Vec<u64> = snapshot.buckets().map(|(_, count)| count).collect();
        assert_eq!(counts, [2, 1, 1]);
        assert_eq!((snapshot.count(), snapshot.sum), (4, 2.6));
    }
}
