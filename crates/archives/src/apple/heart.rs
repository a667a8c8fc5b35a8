//! Heart-rate records given to the workouts whose span holds them.

use domain::Timestamp;

use super::HeartRate;

/// Gives each workout the heart-rate records inside its span, reading the records once, as a
/// stream: memory holds the workouts (few) and their samples, never the records outside them.
///
/// An export lists every `Record` before the first `Workout`, so the caller reads it twice: once
/// for the workouts, once feeding the heart-rate records here.
#[derive(Debug)]
pub struct HeartRateSorter {
    /// Workout indices sorted by start.
    order: Vec<usize>,
    /// The spans, in `order`.
    spans: Vec<(Timestamp, Timestamp)>,
    /// The latest end among `spans[..=i]`: where a backwards search may stop.
    reach: Vec<Timestamp>,
    samples: Vec<Vec<HeartRate>>,
}

impl HeartRateSorter {
    /// A sorter for workouts spanning `spans` (start, end), in the caller's order.
    pub fn new(spans: &[(Timestamp, Timestamp)]) -> Self {
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
            spans: sorted,
            reach,
            samples: vec![Vec::new(); spans.len()],
        }
    }

    /// Gives `sample` to every workout whose span (ends included) holds it.
    pub fn offer(&mut self, sample: HeartRate) {
        let mut i = self
            .spans
            .partition_point(|&(start, _)| start <= sample.time);
        while i > 0 && self.reach[i - 1] >= sample.time {
            i -= 1;
            if self.spans[i].1 >= sample.time {
                self.samples[self.order[i]].push(sample);
            }
        }
    }

    /// Each workout's samples, in the order of the spans given, each in time order.
    pub fn finish(mut self) -> Vec<Vec<HeartRate>> {
        for samples in &mut self.samples {
            samples.sort_by_key(|s| s.time);
        }
        self.samples
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> Timestamp {
        Timestamp::from_unix_s(s)
    }

    #[test]
    fn samples_go_to_each_workout_that_holds_them_and_nowhere_else() {
        // Given out of order, one overlapping another.
        let mut sorter = HeartRateSorter::new(&[(t(100), t(200)), (t(0), t(50)), (t(150), t(300))]);
        for (s, bpm) in [
            (175, 1.0),
            (10, 2.0),
            (75, 3.0),
            (250, 4.0),
            (0, 5.0),
            (999, 6.0),
        ] {
            sorter.offer(HeartRate { time: t(s), bpm });
        }
        let got: Vec<Vec<f32>> = sorter
            .finish()
            .iter()
            .map(|v| v.iter().map(|s| s.bpm).collect())
            .collect();
        assert_eq!(got, vec![vec![1.0], vec![5.0, 2.0], vec![1.0, 4.0]]);
    }
}
