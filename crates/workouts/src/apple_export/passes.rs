//! The passes over an export's `export.xml`: the first for the workouts' headers and the
//! days, then one per batch of workouts for their heart rate and their elements in full.

use std::collections::{BTreeSet, HashMap};

use archives::apple::{self, Details, Export, Gathered, HeartRateSorter, Wanted};
use archives::{Samples, Service};

use super::{AppleExport, Files, NAMED_PROBLEMS};
use crate::{Item, days::ArchiveDays};

impl<K: Copy> AppleExport<K> {
    /// The first pass: the workouts' headers, the days, and what cannot be read.
    pub(super) fn index(&mut self, files: &mut dyn Files<K>) {
        let mut days = apple::Days::new();
        let mut workouts = Vec::new();
        let mut problems = Vec::new();
        let mut unread = 0usize;
        let mut broken = None;
        let mut more_workouts = false;
        let (name, max) = (self.name.clone(), self.limits.max_items);
        let mut stats = self.stats;
        let streamed = files.stream(self.xml, &mut |input| {
            let mut export = Export::new(name.clone(), input)
                .wanting(Wanted {
                    workouts: true,
                    heart_rate: false,
                    days: true,
                })
                .details(Details::Only(BTreeSet::new()));
            loop {
                match export.next_item() {
                    Ok(Some(apple::Item::Workout(w))) if workouts.len() < max => workouts.push(*w),
                    Ok(Some(apple::Item::Workout(_))) => more_workouts = true,
                    Ok(Some(apple::Item::Quantity(q))) => days.add(&q),
                    Ok(Some(apple::Item::Summary(d))) => days.add_summary(&d),
                    Ok(Some(apple::Item::HeartRate(_))) => {}
                    Ok(None) => break,
                    Err(e) if export.is_done() => {
                        broken = Some(e.message);
                        break;
                    }
                    Err(e) if problems.len() < NAMED_PROBLEMS => problems.push(e.message),
                    Err(_) => unread += 1,
                }
            }
            stats.passes += 1;
            stats.bytes += export.position();
            stats.tag_high_water = stats.tag_high_water.max(export.high_water());
        });
        self.stats = stats;
        if let Err(reason) = streamed {
            // Nothing read to its end can be trusted whole: the workouts are not imported.
            self.after
                .push_back(Item::broken(self.name.clone(), reason));
            return;
        }
        if let Some(reason) = broken {
            self.after.push_back(Item::broken(
                self.name.clone(),
                format!("{reason}; what comes before it is imported"),
            ));
        }
        for problem in problems {
            self.after
                .push_back(Item::broken(self.name.clone(), problem));
        }
        if unread > 0 {
            self.after.push_back(Item::broken(
                self.name.clone(),
                format!("{unread} more elements could not be read"),
            ));
        }
        if days.left_out() > 0 {
            self.after.push_back(Item::broken(
                self.name.clone(),
                format!(
                    "{} step and energy records left out: dates before 2000 or after 2100, negative values, or more days than one import keeps",
                    days.left_out()
                ),
            ));
        }
        let days = days.finish();
        if !days.is_empty() {
            self.after.push_front(Item::days(
                self.name.clone(),
                ArchiveDays {
                    service: Service::AppleHealth,
                    days,
                },
            ));
        }
        self.unreferenced_routes(&workouts);
        if more_workouts {
            self.after.push_front(Item::broken(
                self.name.clone(),
                format!(
                    "this export holds more than {max} workouts, more than one import takes (the server's max_files_per_upload): none of them is imported"
                ),
            ));
            return;
        }
        workouts.sort_by_key(|w| w.workout.summary.start);
        for w in workouts {
            if w.bytes > self.limits.max_file_bytes {
                let reason = format!(
                    "its element in export.xml takes more than {} MB",
                    self.limits.max_file_bytes >> 20
                );
                self.after
                    .push_back(Item::broken(self.workout_name(&w), reason));
            } else {
                self.waiting.push_back(w);
            }
        }
    }

    /// Counts the route files no workout names (a workout that could not be read, or an
    /// export edited by hand).
    fn unreferenced_routes(&mut self, workouts: &[apple::Workout]) {
        let named: BTreeSet<&str> = workouts
            .iter()
            .filter_map(|w| match &w.workout.samples {
                Samples::File(path) => Some(path.as_str()),
                _ => None,
            })
            .collect();
        let alone = self
            .routes
            .keys()
            .filter(|path| !named.contains(path.as_str()))
            .count();
        if alone > 0 {
            self.after.push_back(Item::skipped(
                self.shown_folder.clone(),
                "workout routes without a workout".to_owned(),
                u32::try_from(alone).unwrap_or(u32::MAX),
            ));
        }
    }

    /// A further pass: the heart rate and the full elements of the next workouts, as many as
    /// the bounds allow (at least one).
    pub(super) fn gather(&mut self, files: &mut dyn Files<K>) {
        let limit = self.limits.max_file_bytes;
        let mut take = 0;
        let mut bytes = 0u64;
        for w in &self.waiting {
            if take > 0 && bytes + w.bytes > limit {
                break;
            }
            bytes += w.bytes;
            take += 1;
        }
        let batch: Vec<apple::Workout> = self.waiting.drain(..take).collect();
        let spans: Vec<_> = batch
            .iter()
            .map(|w| (w.workout.summary.start.unwrap_or_default(), w.end))
            .collect();
        let ordinals: BTreeSet<usize> = batch.iter().map(|w| w.ordinal).collect();
        let cap = self.limits.read.max_samples;
        let mut sorter = HeartRateSorter::new(&spans, cap);
        let mut full: HashMap<usize, Box<apple::Workout>> = HashMap::new();
        let name = self.name.clone();
        let mut stats = self.stats;
        let streamed = files.stream(self.xml, &mut |input| {
            let mut export = Export::new(name.clone(), input)
                .wanting(Wanted {
                    workouts: false,
                    heart_rate: true,
                    days: false,
                })
                .details(Details::Only(ordinals.clone()));
            loop {
                match export.next_item() {
                    Ok(Some(apple::Item::HeartRate(h))) => sorter.offer(h),
                    Ok(Some(apple::Item::Workout(w))) => {
                        full.insert(w.ordinal, w);
                    }
                    Ok(Some(_)) => {}
                    Ok(None) => break,
                    // Broken XML was told by the first pass, which found these workouts
                    // before it; unreadable records were counted there.
                    Err(_) if export.is_done() => break,
                    Err(_) => {}
                }
            }
            stats.passes += 1;
            stats.bytes += export.position();
            stats.tag_high_water = stats.tag_high_water.max(export.high_water());
        });
        stats.samples_high_water = stats.samples_high_water.max(sorter.high_water());
        stats.detail_bytes_high_water = stats.detail_bytes_high_water.max(bytes);
        self.stats = stats;
        if let Err(reason) = streamed {
            let left: Vec<_> = batch.into_iter().chain(self.waiting.drain(..)).collect();
            for w in left {
                let name = self.workout_name(&w);
                self.after.push_back(Item::broken(name, reason.clone()));
            }
            return;
        }
        let mut deferred = Vec::new();
        for (w, gathered) in batch.into_iter().zip(sorter.finish()) {
            match gathered {
                Gathered::Samples(heart) => match full.remove(&w.ordinal) {
                    Some(read) => self.ready.push_back((*read, heart)),
                    None => self.after.push_back(Item::broken(
                        self.workout_name(&w),
                        "was not found again in export.xml: did the file change while it was read?"
                            .to_owned(),
                    )),
                },
                Gathered::Deferred => deferred.push(w),
                Gathered::TooMany => self.after.push_back(Item::broken(
                    self.workout_name(&w),
                    format!("its span holds more than {cap} heart-rate samples"),
                )),
            }
        }
        for w in deferred.into_iter().rev() {
            self.waiting.push_front(w);
        }
    }
}
