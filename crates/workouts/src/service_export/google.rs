//! A Google Fit Takeout (`Takeout/Fit/`): each activity's TCX is an item with the title and
//! sport its name gives (and the offset, which TCX does not carry); the daily activity
//! metrics, the assembled CSV and the per-day CSVs of quarters of an hour, are read together
//! into one item of days (see [`DayFiles`]); the other folders of `Fit/` and the other
//! products a Takeout may hold are counted and left out.

use archives::{
    ArchiveDay, ArchiveError, Service,
    google::{self, GoogleEntry, GoogleKind},
};

use super::{Described, ExportItem, ExportPlan, Row, count};

/// Plans the entries of a Takeout whose layout starts at `root`.
pub(super) fn plan<K: Copy>(shown: &str, root: &str, entries: &[(K, String)]) -> ExportPlan<K> {
    let takeout = format!("{root}Takeout/");
    let mut plan = ExportPlan {
        service: Some(Service::GoogleFit),
        rows: Vec::new(),
        skipped: Vec::new(),
        consumed: Vec::new(),
    };
    let mut days: Vec<(String, K)> = Vec::new();
    let mut days_folder: Option<String> = None;
    for (k, name) in entries {
        let Some(rest) = name.strip_prefix(&takeout) else {
            continue;
        };
        plan.consumed.push(*k);
        let Some(in_fit) = rest.strip_prefix("Fit/") else {
            // Another Google product chosen in Takeout too: counted by its folder.
            count(&mut plan.skipped, first_part(rest));
            continue;
        };
        match GoogleKind::of(name) {
            GoogleKind::Activity => {
                let workout = google::workout(name);
                plan.rows.push(Ok(ExportItem::Row(Box::new(Row {
                    name: format!("{shown}{name}"),
                    entry: Some(*k),
                    described: Described {
                        service: Service::GoogleFit,
                        gear: crate::gear::from_service(&workout.meta, &[]),
                        meta: workout.meta,
                        summary: workout.summary,
                    },
                }))));
            }
            GoogleKind::DayQuarters(_) | GoogleKind::DailyMetrics => {
                days_folder.get_or_insert_with(|| format!("{takeout}Fit/{}", first_part(in_fit)));
                days.push((name.clone(), *k));
            }
            // `All Sessions`, `All Data`, ...: the same workouts and days again, or what Laps
            // does not keep.
            GoogleKind::Other(_) => count(&mut plan.skipped, first_part(in_fit)),
        }
    }
    if let Some(folder) = days_folder {
        plan.rows.push(Ok(ExportItem::ManyDays {
            name: format!("{shown}{folder}"),
            entries: days,
        }));
    }
    plan
}

/// The first part of a path (a folder, or the file itself when it has no folder).
fn first_part(path: &str) -> &str {
    path.split('/').next().unwrap_or(path)
}

/// The days of several entries of one export, read one entry at a time and joined at the end:
/// Google Fit's assembled daily metrics give each day's totals, its per-day files the hours
/// (see [`google::merge_days`]).
pub(crate) struct DayFiles {
    service: Service,
    assembled: Vec<ArchiveDay>,
    per_day: Vec<ArchiveDay>,
}

impl DayFiles {
    /// Days of `service`'s entries, none read yet.
    pub(crate) fn new(service: Service) -> Self {
        Self {
            service,
            assembled: Vec::new(),
            per_day: Vec::new(),
        }
    }

    /// Reads one entry (`path` inside the archive tells its kind).
    pub(crate) fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), ArchiveError> {
        if self.service != Service::GoogleFit {
            return Err(ArchiveError::new(
                path,
                format!(
                    "days of activity from {} are not read from several files",
                    self.service.name()
                ),
            ));
        }
        match google::read_entry(path, bytes)? {
            GoogleEntry::Days(days) => self.assembled.extend(days),
            GoogleEntry::Day(day) => self.per_day.push(day),
            // A CSV of the folder that holds no dates: nothing of a day in it.
            GoogleEntry::Workout(_) | GoogleEntry::Skipped(_) => {}
        }
        Ok(())
    }

    /// The days read, joined, as one item named `name`.
    pub(crate) fn into_item(self, name: String) -> crate::Item {
        let days = google::merge_days(self.assembled, self.per_day);
        crate::Item::days(
            name,
            crate::days::ArchiveDays {
                service: self.service,
                days,
            },
        )
    }
}
