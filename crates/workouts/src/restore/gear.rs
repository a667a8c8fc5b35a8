//! The athlete's gear in Laps' export: the list checked entry by entry as the gear page checks
//! gear, the names workouts and defaults give looked up in it, and the two account parts (the
//! gear before the workouts, the defaults after them) restored.

use std::collections::HashMap;

use db::DbError;
use domain::{GearDraft, GearKind, Outcome, Sport, UserId};

use super::{
    AccountPart,
    index::{IndexGear, IndexGearDefault, MAX_GEAR},
};
use crate::{Workouts, WorkoutsError};

/// The index's gear, checked: by name key, the draft, or `None` for gear listed but refused.
#[derive(Debug, Default)]
pub(crate) struct GearBook {
    listed: HashMap<String, Option<GearDraft>>,
}

/// What a workout's gear name comes to.
#[derive(Debug)]
pub(crate) enum Named {
    /// Gear the restore makes or finds.
    Gear(GearDraft),
    /// Gear the index lists, but refused (said in the gear's result): the workout has none.
    Refused,
    /// A name the index's gear list does not hold.
    Unlisted,
}

impl GearBook {
    /// What a name given by a workout or a default comes to.
    pub(crate) fn named(&self, name: &str) -> Named {
        match self.listed.get(&name.trim().to_lowercase()) {
            Some(Some(draft)) => Named::Gear(draft.clone()),
            Some(None) => Named::Refused,
            None => Named::Unlisted,
        }
    }
}

/// A name as results show it: quoted, and cut short when long (a hostile index may give a
/// megabyte of it).
pub(crate) fn shown(name: &str) -> String {
    let cut: String = name.chars().take(60).collect();
    match cut.len() < name.len() {
        true => format!("\u{201c}{cut}…\u{201d}"),
        false => format!("\u{201c}{cut}\u{201d}"),
    }
}

/// Checks the index's gear list: the account part that restores it (`None` for an empty list)
/// and the book workouts and defaults look names up in.
pub(crate) fn check_gear(gear: Vec<Result<IndexGear, String>>) -> (Option<AccountPart>, GearBook) {
    let mut book = GearBook::default();
    if gear.is_empty() {
        return (None, book);
    }
    if gear.len() > MAX_GEAR {
        // Each name is still known, so workouts naming it are restored without it rather
        // than refused.
        for g in gear.into_iter().flatten() {
            book.listed.insert(g.name.trim().to_lowercase(), None);
        }
        let part = AccountPart::Gear {
            items: Vec::new(),
            refused: vec![format!(
                "the index lists more than {MAX_GEAR} pieces of gear: none is restored"
            )],
        };
        return (Some(part), book);
    }
    let (mut items, mut refused) = (Vec::new(), Vec::new());
    for (i, g) in gear.into_iter().enumerate() {
        let g = match g {
            Ok(g) => g,
            Err(why) => {
                refused.push(why);
                continue;
            }
        };
        let key = g.name.trim().to_lowercase();
        if book.listed.contains_key(&key) {
            refused.push(format!(
                "gear[{i}] {}: the index lists gear of this name twice",
                shown(&g.name)
            ));
            continue;
        }
        match draft(&g) {
            Ok(draft) => {
                items.push(draft.clone());
                book.listed.insert(key, Some(draft));
            }
            Err(why) => {
                refused.push(format!("gear[{i}] {}: {why}", shown(&g.name)));
                book.listed.insert(key, None);
            }
        }
    }
    (Some(AccountPart::Gear { items, refused }), book)
}

/// Gear as the gear page would accept it, or why not.
fn draft(g: &IndexGear) -> Result<GearDraft, String> {
    let kind = GearKind::parse(&g.kind).ok_or_else(|| {
        format!(
            "its kind {:?} is none of shoes, bike or other",
            g.kind.chars().take(40).collect::<String>()
        )
    })?;
    let draft = GearDraft::new(kind, &g.name)
        .and_then(|d| d.brand(g.brand.as_deref()))
        .and_then(|d| d.model(g.model.as_deref()))
        .and_then(|d| d.notes(&g.notes))
        .and_then(|d| d.warn_at(g.warn_distance_m))
        .map_err(|e| e.message)?;
    Ok(draft.retired(g.retired))
}

/// Checks the index's defaults against its gear: the account part that restores them, `None`
/// when the index gives none.
pub(crate) fn check_defaults(
    defaults: Vec<Result<IndexGearDefault, String>>,
    book: &GearBook,
) -> Option<AccountPart> {
    if defaults.is_empty() {
        return None;
    }
    let (mut good, mut refused) = (Vec::new(), Vec::new());
    let mut sports = Vec::new();
    for (i, d) in defaults.into_iter().enumerate() {
        let d = match d {
            Ok(d) => d,
            Err(why) => {
                refused.push(why);
                continue;
            }
        };
        let sport = d.sport.label();
        // Sports are few, so the list of those seen stays short.
        if sports.contains(&d.sport) {
            refused.push(format!("gear_defaults[{i}]: a second default for {sport}"));
            continue;
        }
        sports.push(d.sport);
        match book.named(&d.gear) {
            Named::Gear(draft) => good.push((d.sport, draft)),
            Named::Refused => refused.push(format!(
                "gear_defaults[{i}]: {} for {sport} was refused itself",
                shown(&d.gear)
            )),
            Named::Unlisted => refused.push(format!(
                "gear_defaults[{i}]: {} for {sport} is not in the index's gear",
                shown(&d.gear)
            )),
        }
    }
    Some(AccountPart::GearDefaults {
        defaults: good,
        refused,
    })
}

impl Workouts {
    /// Adds each piece of gear the account has no gear of the same name for (that one is kept
    /// as it is): each its own statement, so a restore run again finishes.
    pub(crate) async fn restore_gear(
        &self,
        user: UserId,
        items: Vec<GearDraft>,
        refused: Vec<String>,
    ) -> Result<Outcome, WorkoutsError> {
        let (mut stored, mut kept) = (0, 0);
        for draft in &items {
            match self.db.create_gear(user, draft).await {
                Ok(_) => stored += 1,
                Err(DbError::Conflict { .. }) => kept += 1,
                Err(e) => return Err(e.into()),
            }
        }
        Ok(Outcome::Gear {
            stored,
            kept,
            refused,
        })
    }

    /// Sets each default for a sport the account has none for (one it chose is kept).
    pub(crate) async fn restore_gear_defaults(
        &self,
        user: UserId,
        defaults: Vec<(Sport, GearDraft)>,
        mut refused: Vec<String>,
    ) -> Result<Outcome, WorkoutsError> {
        let set = self.db.gear_defaults(user).await?;
        let gear = self.db.gear_list(user).await?;
        let (mut stored, mut kept) = (0, 0);
        for (sport, draft) in defaults {
            if set.iter().any(|d| d.sport == sport) {
                kept += 1;
                continue;
            }
            let key = draft.name_key();
            let Some(found) = gear.iter().find(|g| g.name.to_lowercase() == key) else {
                // Deleted since the gear was restored.
                refused.push(format!(
                    "{} for {}: the account has no such gear",
                    shown(draft.name()),
                    sport.label()
                ));
                continue;
            };
            if self
                .db
                .set_gear_default(user, sport, Some(found.id))
                .await?
            {
                stored += 1;
            } else {
                refused.push(format!(
                    "{} for {}: the account's gear of this name is retired",
                    shown(draft.name()),
                    sport.label()
                ));
            }
        }
        Ok(Outcome::Gear {
            stored,
            kept,
            refused,
        })
    }
}
