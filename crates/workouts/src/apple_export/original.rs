//! A workout's original: a small Apple export of its own, written when the workout is imported
//! and read again when Laps' own export is restored.

use archives::Samples;
use archives::Service;
use archives::apple::{self, Export, HeartRate, Wanted};

use super::{inside_export, kind, local_label};
use crate::{Item, Limits, archive, service_export::Described};

/// The folder a workout's original keeps its small export in, as Apple's zip does.
const ORIGINAL_FOLDER: &str = "apple_health_export/";

/// A workout read in full as an item: its recording (Apple's totals, its route, its heart
/// rate) and its original, a small export of its own in Apple's layout (`export.xml` holding
/// its heart-rate records and its element, and its route file), which imports again as the
/// same workout (a restore of Laps' own export does).
pub(super) fn workout_item(
    name: String,
    w: &apple::Workout,
    heart: &[HeartRate],
    route_file: Option<(&str, &[u8])>,
    limits: &Limits,
) -> Item {
    let route = match (&w.workout.samples, route_file) {
        (Samples::File(_), Some((path, bytes))) => {
            let options = limits.read_options(limits.max_file_bytes);
            match formats::read(bytes, &options) {
                Ok(route) => Some(route),
                Err(e) => return Item::broken(name, format!("{path}: {e}")),
            }
        }
        (Samples::Recording(route), _) => Some((**route).clone()),
        _ => None,
    };
    let Some(export) = apple::workout_export(w, heart) else {
        return Item::broken(name, "was not read in full".to_owned());
    };
    let recording = apple::recording(w, route, heart);
    let mut files: Vec<(String, &[u8])> =
        vec![(format!("{ORIGINAL_FOLDER}export.xml"), export.as_bytes())];
    if let Some((path, bytes)) = route_file {
        files.push((format!("{ORIGINAL_FOLDER}{path}"), bytes));
    }
    let entries: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    let zip = archive::zip_files(&entries);
    let described = Described {
        service: Service::AppleHealth,
        meta: w.workout.meta.clone(),
        summary: w.workout.summary.clone(),
        // Apple names no gear.
        gear: None,
    };
    Item::archived(name, original_name(w), recording, zip).described(described)
}

/// Whether an original (a zip) is an Apple Health workout's, as [`workout_item`] keeps it.
pub(crate) fn is_workout_original(zip: &[u8]) -> bool {
    archive::list(std::io::Cursor::new(zip), 2).is_ok_and(|(_, entries)| {
        entries
            .iter()
            .any(|(_, n)| *n == format!("{ORIGINAL_FOLDER}export.xml"))
    })
}

/// An Apple Health workout's original read again into its item (a restore of Laps' own
/// export): the small export and its route file, within the file limit and what is left of
/// the request's budget.
pub(crate) fn workout_from_original(
    name: String,
    zip: &[u8],
    limits: &Limits,
    budget_left: &mut u64,
) -> Item {
    let not_ours = || "this original is a zip, but not an Apple Health workout's".to_owned();
    let Ok((mut zip, entries)) = archive::list(std::io::Cursor::new(zip), 2) else {
        return Item::broken(name, not_ours());
    };
    let mut read = |path: &str| -> Result<Vec<u8>, String> {
        let (i, _) = entries
            .iter()
            .find(|(_, n)| *n == format!("{ORIGINAL_FOLDER}{path}"))
            .ok_or_else(not_ours)?;
        let limit = limits.max_file_bytes.min(*budget_left);
        let bytes = archive::read_entry(&mut zip, *i, limit).map_err(|e| match e {
            archive::EntryError::TooLarge => format!(
                "{path}: larger than {} MB once decompressed, or the upload's decompression budget is spent",
                limit >> 20
            ),
            archive::EntryError::Damaged(why) => format!("{path}: {why}"),
        })?;
        *budget_left -= bytes.len() as u64;
        Ok(bytes)
    };
    let xml = match read("export.xml") {
        Ok(xml) => xml,
        Err(why) => return Item::broken(name, why),
    };
    let mut workouts = Vec::new();
    let mut heart = Vec::new();
    for item in Export::new("export.xml", xml.as_slice()).wanting(Wanted {
        workouts: true,
        heart_rate: true,
        days: false,
    }) {
        match item {
            Ok(apple::Item::Workout(w)) => workouts.push(*w),
            Ok(apple::Item::HeartRate(h)) => heart.push(h),
            Ok(_) => {}
            Err(e) => return Item::broken(name, e.to_string()),
        }
    }
    let [w] = &workouts[..] else {
        return Item::broken(name, not_ours());
    };
    let route = match &w.workout.samples {
        Samples::File(path) => {
            let Some(path) = inside_export(path) else {
                return Item::broken(name, not_ours());
            };
            match read(path) {
                Ok(bytes) => Some((path.to_owned(), bytes)),
                Err(why) => return Item::broken(name, why),
            }
        }
        _ => None,
    };
    heart.sort_by_key(|h| h.time);
    let route = route.as_ref().map(|(p, b)| (p.as_str(), b.as_slice()));
    workout_item(name, w, &heart, route, limits)
}

/// The name a workout's original is downloaded under: `apple-health_2016-11-14_0725_Running.zip`.
fn original_name(w: &apple::Workout) -> String {
    let label = local_label(w).replace(' ', "_").replace(':', "");
    let kind: String = kind(&w.activity_type)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("apple-health_{label}_{kind}.zip")
}
