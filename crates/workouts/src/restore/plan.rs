//! Planning a restore from the export's entries and its index: the account's preferences, days
//! and gear first, then one item per original with the index's workouts that name it, then the
//! gear's defaults. The index is checked entry by entry: a workout it describes badly, or whose
//! original it names outside the export's `originals/` or not in the export at all, or that
//! names gear its gear list does not hold, is refused by itself, naming it.

use domain::GearDraft;

use super::{
    AccountPart, RestoreEntry,
    gear::{self, GearBook, Named},
    index,
};
use crate::service_export::{ExportItem, ExportPlan};

/// The folder of the originals, and of the FIT copies (never imported).
const ORIGINALS: &str = "originals/";
const FITS: &str = "fit/";

/// Plans Laps' own export laid out under `root`. `shown` prefixes names in results; `read`
/// reads one entry (the index) within the request's limits.
pub(crate) fn plan_laps<K: Copy + PartialEq>(
    shown: &str,
    root: &str,
    entries: &[(K, String)],
    read: impl FnOnce(K) -> Result<Vec<u8>, String>,
) -> ExportPlan<K> {
    let under = |folder: &str, name: &str| {
        name.strip_prefix(root)
            .is_some_and(|rest| rest.starts_with(folder))
    };
    let index_name = format!("{root}index.json");
    let index_shown = format!("{shown}{index_name}");
    let mut plan = ExportPlan {
        service: None,
        rows: Vec::new(),
        skipped: Vec::new(),
        consumed: entries
            .iter()
            .filter(|(_, name)| *name == index_name || under(FITS, name) || under(ORIGINALS, name))
            .map(|(i, _)| *i)
            .collect(),
    };
    let index = entries
        .iter()
        .find(|(_, name)| *name == index_name)
        .ok_or_else(|| "the export has no index.json".to_owned())
        .and_then(|(i, _)| read(*i))
        .and_then(|bytes| index::read(&bytes));
    // Groups of (entry, its name, the index's workouts naming it with their gear), in the
    // index's order.
    let mut groups: Vec<Group<K>> = Vec::new();
    let mut complete = false;
    let mut knows_gear = false;
    let mut defaults = None;
    let has_originals = entries.iter().any(|(_, name)| under(ORIGINALS, name));
    match index {
        Err(reason) if has_originals => plan.rows.push(Err((
            index_shown.clone(),
            format!(
                "{reason}; the workouts are restored from their originals, without the \
                 index's titles, notes and settings"
            ),
        ))),
        Err(reason) => plan.rows.push(Err((index_shown.clone(), reason))),
        Ok(index) => {
            complete = index.version >= 2;
            knows_gear = index.version >= index::GEAR_VERSION;
            account_rows(&mut plan, &index_shown, index.preferences, index.days);
            let (gear_part, book) = gear::check_gear(index.gear);
            if let Some(part) = gear_part {
                plan.rows.push(Ok(ExportItem::Account(
                    format!("{index_shown}: gear"),
                    Box::new(part),
                )));
            }
            defaults = gear::check_defaults(index.gear_defaults, &book);
            for (i, workout) in index.workouts.into_iter().enumerate() {
                let planned = workout
                    .map_err(|reason| (format!("{index_shown}: workouts[{i}]"), reason))
                    .and_then(|w| find_original(shown, root, entries, w))
                    .and_then(|found| with_gear(shown, root, found, &book));
                match planned {
                    Ok((entry, name, w, g)) => match groups.iter_mut().find(|g| g.0 == entry) {
                        Some(group) => group.2.push((w, g)),
                        None => groups.push((entry, name, vec![(w, g)])),
                    },
                    Err(refused) => plan.rows.push(Err(refused)),
                }
            }
        }
    }
    // Originals the index does not name (or an unreadable index) are restored all the same,
    // with what the file itself says.
    for (i, name) in entries {
        if under(ORIGINALS, name) && !groups.iter().any(|g| g.0 == *i) {
            groups.push((*i, name.clone(), Vec::new()));
        }
    }
    for (entry, name, listed) in groups {
        let (workouts, gear): (Vec<_>, Vec<_>) = listed.into_iter().unzip();
        let source_name = workouts
            .iter()
            .find_map(|w| w.original_name.clone())
            .unwrap_or_else(|| uploaded_name(&name));
        plan.rows.push(Ok(ExportItem::Restore(Box::new(Planned {
            name: format!("{shown}{name}"),
            entry,
            restore: RestoreEntry {
                complete: complete && !workouts.is_empty(),
                // An original the index does not name keeps the import's choice of gear.
                gear: (knows_gear && !workouts.is_empty()).then_some(gear),
                workouts,
                source_name,
            },
        }))));
    }
    // Last: a default set before would land on the workouts restored after it.
    if let Some(part) = defaults {
        plan.rows.push(Ok(ExportItem::Account(
            format!("{index_shown}: gear defaults"),
            Box::new(part),
        )));
    }
    plan
}

/// An original, its name, and the index's workouts naming it with their gear.
type Group<K> = (K, String, Vec<(index::IndexWorkout, Option<GearDraft>)>);

/// An original, its name, and one of the index's workouts naming it with its gear.
type WithGear<K> = (K, String, index::IndexWorkout, Option<GearDraft>);

/// A workout's gear looked up in the index's gear list: gear the list does not hold refuses
/// the workout; gear it lists but refused leaves the workout without gear.
fn with_gear<K>(
    shown: &str,
    root: &str,
    (entry, name, w): Found<K>,
    book: &GearBook,
) -> Result<WithGear<K>, (String, String)> {
    let draft = match w.gear.as_deref().map(|g| book.named(g)) {
        None | Some(Named::Refused) => None,
        Some(Named::Gear(draft)) => Some(draft),
        Some(Named::Unlisted) => {
            return Err((
                format!("{shown}{root}{}", w.original_gz),
                format!(
                    "index.json gives {} the gear {}, which its gear list does not hold",
                    w.label(),
                    gear::shown(w.gear.as_deref().unwrap_or_default())
                ),
            ));
        }
    };
    Ok((entry, name, w, draft))
}

/// An original of the export, planned: where it is and what the index says of it.
#[derive(Debug)]
pub(crate) struct Planned<K> {
    /// The name results show.
    pub name: String,
    /// Where it is.
    pub entry: K,
    /// What the index says.
    pub restore: RestoreEntry,
}

/// The rows of the account's preferences and days, before the workouts.
fn account_rows<K>(
    plan: &mut ExportPlan<K>,
    index_shown: &str,
    preferences: Option<Result<domain::Preferences, String>>,
    days: Vec<Result<index::IndexDay, String>>,
) {
    let settings_name = format!("{index_shown}: settings");
    match preferences.map(|p| p.and_then(AccountPart::settings)) {
        Some(Ok(part)) => plan
            .rows
            .push(Ok(ExportItem::Account(settings_name, Box::new(part)))),
        Some(Err(reason)) => plan
            .rows
            .push(Err((settings_name, format!("preferences: {reason}")))),
        None => {}
    }
    if days.is_empty() {
        return;
    }
    let mut good = Vec::new();
    let mut refused = Vec::new();
    for day in days {
        match day.and_then(AccountPart::day) {
            Ok(day) => good.push(day),
            Err(why) => refused.push(why),
        }
    }
    plan.rows.push(Ok(ExportItem::Account(
        format!("{index_shown}: daily activity"),
        Box::new(AccountPart::Days {
            days: good,
            refused,
        }),
    )));
}

type Found<K> = (K, String, index::IndexWorkout);

/// The entry holding a workout's original: named relative to the export, inside its
/// `originals/`, and present in it.
fn find_original<K: Copy>(
    shown: &str,
    root: &str,
    entries: &[(K, String)],
    w: index::IndexWorkout,
) -> Result<Found<K>, (String, String)> {
    let label = w.label();
    let path = w.original_gz.replace('\\', "/");
    let refuse = |reason: String| Err((format!("{shown}{root}{path}"), reason));
    if path.starts_with('/') || path.split('/').any(|part| part == ".." || part == ".") {
        return refuse(format!(
            "index.json names a path outside the export as the original of {label}"
        ));
    }
    if !path.starts_with(ORIGINALS) {
        return refuse(format!(
            "index.json names {path:?} as the original of {label}; originals are in {ORIGINALS}"
        ));
    }
    if w.title
        .as_deref()
        .is_some_and(|t| t.chars().count() > index::MAX_TITLE)
    {
        return refuse(format!(
            "the title of {label} is longer than {} characters",
            index::MAX_TITLE
        ));
    }
    if w.notes
        .as_deref()
        .is_some_and(|n| n.chars().count() > index::MAX_NOTES)
    {
        return refuse(format!(
            "the notes of {label} are longer than {} characters",
            index::MAX_NOTES
        ));
    }
    if w.sources.len() > index::MAX_SOURCES {
        return refuse(format!(
            "{label} is known by more than {} service references",
            index::MAX_SOURCES
        ));
    }
    if let Some(bad) = w.sources.iter().chain(&w.source).find(|s| {
        [&s.service, &s.id]
            .iter()
            .any(|t| t.trim().is_empty() || t.chars().count() > index::MAX_REFERENCE)
    }) {
        return refuse(format!(
            "{label} has a service reference without a service or an id, or one longer than {} characters: {}",
            index::MAX_REFERENCE,
            gear::shown(&format!("{} {}", bad.service, bad.id))
        ));
    }
    let full = format!("{root}{path}");
    match entries.iter().find(|(_, name)| *name == full) {
        Some((i, name)) => Ok((*i, name.clone(), w)),
        None => refuse(format!(
            "index.json names this file as the original of {label}, but the export does not hold it"
        )),
    }
}

/// The name an original was uploaded under, from its entry: `originals/12_run.fit` → `run.fit`
/// (the export prefixes the workout's id).
fn uploaded_name(entry: &str) -> String {
    let base = entry.rsplit('/').next().unwrap_or(entry);
    match base.split_once('_') {
        Some((id, rest)) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => {
            rest.to_owned()
        }
        _ => base.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(index: &str, names: &[&str]) -> ExportPlan<usize> {
        let entries: Vec<(usize, String)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (i, (*n).to_owned()))
            .collect();
        let bytes = index.as_bytes().to_vec();
        plan_laps("x.zip/", "", &entries, |_| Ok(bytes))
    }

    fn refusals(plan: &ExportPlan<usize>) -> Vec<String> {
        plan.rows
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|(name, reason)| format!("{name}: {reason}"))
            .collect()
    }

    #[test]
    fn the_workouts_of_one_original_are_one_item_and_fit_copies_are_consumed() {
        let p = plan(
            r#"{"version": 2, "workouts": [
                {"id": 1, "original_gz": "originals/1_multi.tcx", "part": 0},
                {"id": 2, "original_gz": "originals/1_multi.tcx", "part": 1}]}"#,
            &[
                "index.json",
                "fit/a_1.fit",
                "fit/a_2.fit",
                "originals/1_multi.tcx",
                "notes.txt",
            ],
        );
        assert!(refusals(&p).is_empty(), "{:?}", refusals(&p));
        assert_eq!(p.rows.len(), 1);
        let Ok(ExportItem::Restore(r)) = &p.rows[0] else {
            panic!("{:?}", p.rows)
        };
        assert_eq!(
            (r.name.as_str(), r.entry),
            ("x.zip/originals/1_multi.tcx", 3)
        );
        assert_eq!(r.restore.workouts.len(), 2);
        assert!(r.restore.complete);
        assert_eq!(r.restore.source_name, "multi.tcx");
        assert_eq!(
            p.consumed,
            vec![0, 1, 2, 3],
            "the stray file stays a loose file"
        );
    }

    #[test]
    fn bad_names_are_refused_one_by_one_naming_the_workout() {
        let p = plan(
            r#"{"version": 2, "workouts": [
                {"id": 1, "title": "Up", "original_gz": "../../etc/passwd"},
                {"id": 2, "original_gz": "fit/a_2.fit"},
                {"id": 3, "original_gz": "originals/3_gone.fit"},
                {"id": 4, "original_gz": "originals/4_here.fit"}]}"#,
            &["index.json", "fit/a_2.fit", "originals/4_here.fit"],
        );
        let refused = refusals(&p);
        assert_eq!(refused.len(), 3, "{refused:?}");
        assert!(
            refused[0].contains("outside the export") && refused[0].contains("“Up” (workout 1)")
        );
        assert!(refused[1].contains("originals are in originals/"));
        assert!(refused[2].contains("does not hold it") && refused[2].contains("workout 3"));
        assert_eq!(p.rows.iter().filter(|r| r.is_ok()).count(), 1);
    }

    #[test]
    fn an_unreadable_index_still_restores_the_originals() {
        let p = plan(
            "{not json",
            &["index.json", "fit/a_1.fit", "originals/1_a.fit"],
        );
        let refused = refusals(&p);
        assert_eq!(refused.len(), 1);
        assert!(
            refused[0].starts_with("x.zip/index.json: key must be a string"),
            "{refused:?}"
        );
        let Ok(ExportItem::Restore(r)) = &p.rows[1] else {
            panic!("{:?}", p.rows)
        };
        assert!(r.restore.workouts.is_empty() && !r.restore.complete);
        assert_eq!(r.restore.source_name, "a.fit");
    }
}
