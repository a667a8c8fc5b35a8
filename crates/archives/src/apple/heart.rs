//! Heart-rate records given to the workouts whose span holds them, within a bound on how many
//! samples are held at once.

use domain::Timestamp;

use super::HeartRate;

/// What one pass gathered for a workout.
#[derive(Debug, Clone, PartialEq)]
pub enum Gathered {
    /// Every heart-rate sample inside its span, in time order.
    Samples(Vec<HeartRate>),
    /// Left for another pass: holding its samples too would have gone past the bound.
    Deferred,
    /// Its span alone holds more samples than the bound: it cannot be read whole.
    TooMany,
}

/// Gives each workout the heart-rate records inside its span, reading the records once, as a
/// stream: memory holds the workouts (few) and the samples inside their spans, never the
/// records outside them, and never more than `cap` samples.
///
/// An export lists every `Record` before the first `Workout`, so the caller reads it twice
/// (at least): once for the workouts, then once feeding the heart-rate records here. When the
/// samples would go past the bound, the workouts that start last are left for another pass
/// ([`Gathered::Deferred`]) and their samples dropped, so each pass finishes at least the
/// earliest workout it was given.
#[derive(Debug)]
pub struct HeartRateSorter {
    /// Workout indices sorted by start.
    order: Vec<usize>,
    /// The spans, in `order`.
    spans: Vec<(Timestamp, Timestamp)>,
    /// The latest end among `spans[..=i]`: where a backwards search may stop.
    reach: Vec<Timestamp>,
    /// Samples, in `order`.
    samples: Vec<Vec<HeartRate>>,
    cap: usize,
    held: usize,
    /// The most samples held at once.
    high_water: usize,
    /// Workouts from here on (in `order`) are deferred.
    cutoff: usize,
    /// The first workout alone went past the bound.
    too_many: bool,
}

impl HeartRateSorter {
    /// A sorter for workouts spanning `spans` (start, end), in the caller's order, holding at
    /// most `cap` samples (at least one workout's worth is always tried).
    pub fn new(spans: &[(Timestamp, Timestamp)], cap: usize) -> Self {
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_by_key(|&i| spans[i].0);
        let sorted: Vec<_> = order.iter().map(|&i| spans[i]).collect();
        let mut reach = Vec::with_capacity(sorted.len());
        let mut latest = Timestamp::from_unix_ms(i64::MIN);
        for &(_, end) in &sorted {
            latest = latest.max(end);
            reach.push(latest);
        }
        Self {
            order,
            cutoff: sorted.len(),
            spans: sorted,
            reach,
            samples: vec![Vec::new(); spans.len()],
            cap,
            held: 0,
            high_water: 0,
            too_many: false,
        }
    }

    /// Gives `sample` to every workout whose span (ends included) holds it.
    pub fn offer(&mut self, sample: HeartRate) {
        let mut i = self
            .spans
            .partition_point(|&(start, _)| start <= sample.time);
        while i > 0 && self.reach[i - 1] >= sample.time {
            i -= 1;
            if i >= self.cutoff || (i == 0 && self.too_many) || self.spans[i].1 < sample.time {
                continue;
            }
            self.samples[i].push(sample);
            self.held += 1;
            self.high_water = self.high_water.max(self.held);
            self.keep_within_cap();
        }
    }

    /// Drops the latest-starting workouts' samples until the bound holds again.
    fn keep_within_cap(&mut self) {
        while self.held > self.cap {
            if self.cutoff > 1 {
                self.cutoff -= 1;
                self.held -= self.samples[self.cutoff].len();
                self.samples[self.cutoff] = Vec::new();
            } else {
                self.held -= self.samples[0].len();
                self.samples[0] = Vec::new();
                self.too_many = true;
            }
        }
    }

    /// The most samples held at once so far.
    pub fn high_water(&self) -> usize {
        self.high_water
    }

    /// What each workout got, in the order of the spans given; samples in time order.
    pub fn finish(self) -> Vec<Gathered> {
        let mut out = vec![Gathered::Deferred; self.order.len()];
        for (rank, (workout, mut samples)) in self.order.into_iter().zip(self.samples).enumerate() {
            out[workout] = if rank == 0 && self.too_many {
                Gathered::TooMany
            } else if rank >= self.cutoff {
                Gathered::Deferred
            } else {
                samples.sort_by_key(|s| s.time);
                Gathered::Samples(samples)
            };
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> Timestamp {
        Timestamp::from_unix_s(s)
    }

    fn bpms(gathered: &[Gathered]) -> Vec<Option<Vec<f32>>> {
        gathered
            .iter()
            .map(|g| match g {
                Gathered::Samples(v) => Some(v.iter().map(|s| s.bpm).collect()),
                _ => None,
            })
            .collect()
    }

    const SAMPLES: [(i64, f32); 6] = [
        (175, 1.0),
        (10, 2.0),
        (75, 3.0),
        (250, 4.0),
        (0, 5.0),
        (999, 6.0),
    ];

    #[test]
    fn samples_go_to_each_workout_that_holds_them_and_nowhere_else() {
        // Given out of order, one overlapping another.
        let spans = [(t(100), t(200)), (t(0), t(50)), (t(150), t(300))];
        let mut sorter = HeartRateSorter::new(&spans, 100);
        for (s, bpm) in SAMPLES {
            sorter.offer(HeartRate { time: t(s), bpm });
        }
        assert_eq!(sorter.high_water(), 5);
        assert_eq!(
            bpms(&sorter.finish()),
            vec![Some(vec![1.0]), Some(vec![5.0, 2.0]), Some(vec![1.0, 4.0])]
        );
    }

    #[test]
    fn past_the_bound_the_latest_workouts_wait_for_another_pass() {
        let spans = [(t(100), t(200)), (t(0), t(50)), (t(150), t(300))];
        let mut sorter = HeartRateSorter::new(&spans, 3);
        for (s, bpm) in SAMPLES {
            sorter.offer(HeartRate { time: t(s), bpm });
        }
        assert!(
            sorter.high_water() <= 4,
            "the bound, and the sample that broke it"
        );
        // Sorted by start: (0, 50), (100, 200), (150, 300). The last is deferred first.
        assert_eq!(
            bpms(&sorter.finish()),
            vec![Some(vec![1.0]), Some(vec![5.0, 2.0]), None]
        );
    }

    #[test]
    fn one_workout_holding_more_than_the_bound_is_too_many() {
        let mut sorter = HeartRateSorter::new(&[(t(0), t(100)), (t(50), t(60))], 2);
        for s in [1, 2, 3, 55] {
            sorter.offer(HeartRate {
                time: t(s),
                bpm: 60.0,
            });
        }
        let gathered = sorter.finish();
        assert_eq!(gathered[0], Gathered::TooMany);
        assert_eq!(gathered[1], Gathered::Deferred);
    }
}
