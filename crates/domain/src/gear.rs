//! Gear: the shoes, bikes and other things an athlete wears out. Each workout may name one; the
//! distance and time of its workouts add up per item, against a distance at which to warn
//! (shoes are worn out after some 700 km).
//!
//! ```
//! use domain::{GearDraft, GearKind};
//!
//! let shoes = GearDraft::new(GearKind::Shoes, "  Pegasus 40 ").unwrap()
//!     .brand(Some("Nike")).unwrap();
//! assert_eq!(shoes.name(), "Pegasus 40");
//! assert_eq!(shoes.name_key(), "pegasus 40");
//! assert_eq!(shoes.warn_distance_m(), Some(700_000.0), "the usual for shoes");
//! assert!(GearDraft::new(GearKind::Bike, "").is_err());
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Date, Sport};

/// The database id of a piece of gear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GearId(i64);

impl GearId {
    /// Wraps an id read from the database or a request.
    pub const fn new(id: i64) -> Self {
        Self(id)
    }

    /// The raw id.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for GearId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What kind of gear it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum GearKind {
    /// Running or walking shoes.
    Shoes,
    /// A bike.
    Bike,
    /// Anything else (a kayak, skis, a wetsuit).
    Other,
}

impl GearKind {
    /// Every kind, in the order pages list them.
    pub const ALL: [Self; 3] = [Self::Shoes, Self::Bike, Self::Other];

    /// The stable name stored and sent in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Shoes => "shoes",
            Self::Bike => "bike",
            Self::Other => "other",
        }
    }

    /// The kind of a stable name; `None` for anything else.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name.trim())
    }

    /// One item of it, for a person: `Shoes`, `Bike`, `Other`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Shoes => "Shoes",
            Self::Bike => "Bike",
            Self::Other => "Other",
        }
    }

    /// Several of it, as a heading: `Shoes`, `Bikes`, `Other gear`.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Shoes => "Shoes",
            Self::Bike => "Bikes",
            Self::Other => "Other gear",
        }
    }

    /// The distance at which new gear of this kind warns unless told otherwise: 700 km for
    /// shoes (the usual advice is 500 to 800 km); bikes and other gear wear out by their parts,
    /// so they warn only when given a distance.
    pub fn default_warn_distance_m(self) -> Option<f64> {
        match self {
            Self::Shoes => Some(700_000.0),
            Self::Bike | Self::Other => None,
        }
    }

    /// The kind gear used for a sport most likely is, when nothing else says (a service's
    /// export that names gear without listing it).
    pub fn for_sport(sport: Sport) -> Self {
        match sport {
            Sport::Cycling => Self::Bike,
            Sport::Running | Sport::Walking | Sport::Hiking | Sport::Mountaineering => Self::Shoes,
            _ => Self::Other,
        }
    }
}

impl fmt::Display for GearKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A piece of gear as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Gear {
    /// Its id.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: GearId,
    /// Shoes, bike or other.
    pub kind: GearKind,
    /// Its name, unique in the account whatever the letter case.
    pub name: String,
    /// The brand, when given.
    pub brand: Option<String>,
    /// The model, when given.
    pub model: Option<String>,
    /// The athlete's notes.
    pub notes: String,
    /// No longer in use: listed apart, offered for no new workout, default for no sport.
    pub retired: bool,
    /// Warn once its workouts add up to this distance (metres); `None`: never.
    pub warn_distance_m: Option<f64>,
}

impl Gear {
    /// Brand and model as one line (`Nike Pegasus 40`), when either is known.
    pub fn make(&self) -> Option<String> {
        let parts: Vec<&str> = [self.brand.as_deref(), self.model.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// What the workouts with a piece of gear add up to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GearUse {
    /// How many workouts.
    pub workouts: u64,
    /// Their distance, metres (workouts without one count nothing).
    pub distance_m: f64,
    /// Their moving time, ms.
    pub moving_ms: i64,
    /// Their elapsed time, ms.
    pub elapsed_ms: i64,
    /// The local day of the first, `YYYY-MM-DD`.
    #[serde(with = "day_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub first_day: Option<Date>,
    /// The local day of the last, `YYYY-MM-DD`.
    #[serde(with = "day_text")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub last_day: Option<Date>,
}

/// How worn a piece of gear is against its warning distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Wear {
    /// It has no warning distance.
    Untracked,
    /// Below [`GearItem::NEAR`] of it.
    Fine,
    /// At [`GearItem::NEAR`] of it or more: time to look for a replacement.
    Near,
    /// At or past it.
    Past,
}

/// A piece of gear with its totals and wear, as the gear page and the API list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GearItem {
    /// The gear.
    #[serde(flatten)]
    pub gear: Gear,
    /// Its totals.
    pub usage: GearUse,
    /// Its distance as a share of the warning distance (1.0 = reached); `None` without one.
    pub wear_fraction: Option<f64>,
    /// How worn it is.
    pub wear: Wear,
}

impl GearItem {
    /// The share of the warning distance from which gear shows as near it.
    pub const NEAR: f64 = 0.9;

    /// The gear with its totals, its wear worked out.
    pub fn new(gear: Gear, usage: GearUse) -> Self {
        let wear_fraction = gear
            .warn_distance_m
            .filter(|limit| *limit > 0.0)
            .map(|limit| usage.distance_m / limit);
        let wear = match wear_fraction {
            None => Wear::Untracked,
            Some(f) if f >= 1.0 => Wear::Past,
            Some(f) if f >= Self::NEAR => Wear::Near,
            Some(_) => Wear::Fine,
        };
        Self {
            gear,
            usage,
            wear_fraction,
            wear,
        }
    }
}

/// The gear new workouts of a sport get when their source names none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GearDefault {
    /// The sport (its stable name).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub sport: Sport,
    /// The gear.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub gear_id: GearId,
}

/// Which field of gear a [`GearError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GearField {
    /// The name.
    Name,
    /// The brand.
    Brand,
    /// The model.
    Model,
    /// The notes.
    Notes,
    /// The warning distance.
    WarnDistance,
}

impl GearField {
    /// Its name in the JSON API (forms may name theirs differently).
    pub fn name(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Brand => "brand",
            Self::Model => "model",
            Self::Notes => "notes",
            Self::WarnDistance => "warn_distance_m",
        }
    }
}

/// Why gear was refused; the text is written for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct GearError {
    /// The field at fault.
    pub field: GearField,
    /// What is wrong with it.
    pub message: String,
}

impl GearError {
    fn new(field: GearField, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// Gear to create, or what gear is to become: every field checked.
#[derive(Debug, Clone, PartialEq)]
pub struct GearDraft {
    kind: GearKind,
    name: String,
    brand: Option<String>,
    model: Option<String>,
    notes: String,
    retired: bool,
    warn_distance_m: Option<f64>,
}

impl GearDraft {
    /// The longest name, brand or model, in characters.
    pub const MAX_NAME_CHARS: usize = 80;
    /// The longest notes, in characters.
    pub const MAX_NOTES_CHARS: usize = 2_000;
    /// The largest warning distance, metres (100,000 km: no gear lasts longer).
    pub const MAX_WARN_DISTANCE_M: f64 = 100_000_000.0;

    /// New gear of a kind with a name (surrounding white space dropped; 1 to
    /// [`Self::MAX_NAME_CHARS`] characters, no control characters), in use, with its kind's
    /// usual warning distance and nothing else.
    pub fn new(kind: GearKind, name: &str) -> Result<Self, GearError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(GearError::new(GearField::Name, "Give the gear a name."));
        }
        let name = line(GearField::Name, "Names", name)?
            .expect("not empty")
            .to_owned();
        Ok(Self {
            kind,
            name,
            brand: None,
            model: None,
            notes: String::new(),
            retired: false,
            warn_distance_m: kind.default_warn_distance_m(),
        })
    }

    /// What stored gear is now, to change from (its values were checked when stored).
    pub fn of(gear: &Gear) -> Self {
        Self {
            kind: gear.kind,
            name: gear.name.clone(),
            brand: gear.brand.clone(),
            model: gear.model.clone(),
            notes: gear.notes.clone(),
            retired: gear.retired,
            warn_distance_m: gear.warn_distance_m,
        }
    }

    /// The same with another kind (the warning distance stays as it is).
    #[must_use]
    pub fn kind(self, kind: GearKind) -> Self {
        Self { kind, ..self }
    }

    /// The same with another name (see [`Self::new`]).
    pub fn name_as(self, name: &str) -> Result<Self, GearError> {
        let renamed = Self::new(self.kind, name)?;
        Ok(Self {
            name: renamed.name,
            ..self
        })
    }

    /// The same with a brand; `None` or blank for none.
    pub fn brand(self, brand: Option<&str>) -> Result<Self, GearError> {
        let brand = line(GearField::Brand, "Brands", brand.unwrap_or(""))?.map(str::to_owned);
        Ok(Self { brand, ..self })
    }

    /// The same with a model; `None` or blank for none.
    pub fn model(self, model: Option<&str>) -> Result<Self, GearError> {
        let model = line(GearField::Model, "Models", model.unwrap_or(""))?.map(str::to_owned);
        Ok(Self { model, ..self })
    }

    /// The same with notes (up to [`Self::MAX_NOTES_CHARS`] characters; lines and tabs kept,
    /// other control characters refused).
    pub fn notes(self, notes: &str) -> Result<Self, GearError> {
        let notes = notes.trim_end();
        if notes.chars().count() > Self::MAX_NOTES_CHARS {
            return Err(GearError::new(
                GearField::Notes,
                format!("Notes have at most {} characters.", Self::MAX_NOTES_CHARS),
            ));
        }
        if notes
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(GearError::new(
                GearField::Notes,
                "Notes cannot hold control characters.",
            ));
        }
        Ok(Self {
            notes: notes.replace("\r\n", "\n"),
            ..self
        })
    }

    /// The same, retired or back in use.
    #[must_use]
    pub fn retired(self, retired: bool) -> Self {
        Self { retired, ..self }
    }

    /// The same with a warning distance in metres (more than 0, at most
    /// [`Self::MAX_WARN_DISTANCE_M`]), or none.
    pub fn warn_at(self, metres: Option<f64>) -> Result<Self, GearError> {
        if let Some(m) = metres
            && !(m.is_finite() && m > 0.0 && m <= Self::MAX_WARN_DISTANCE_M)
        {
            return Err(GearError::new(
                GearField::WarnDistance,
                "A warning distance is more than 0 and at most 100,000 km; leave it out for no warning.",
            ));
        }
        Ok(Self {
            warn_distance_m: metres,
            ..self
        })
    }

    /// Its kind.
    pub fn gear_kind(&self) -> GearKind {
        self.kind
    }

    /// Its name, as typed (trimmed).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its name's key: lower case, what makes two names the same gear.
    pub fn name_key(&self) -> String {
        self.name.to_lowercase()
    }

    /// Its brand.
    pub fn brand_name(&self) -> Option<&str> {
        self.brand.as_deref()
    }

    /// Its model.
    pub fn model_name(&self) -> Option<&str> {
        self.model.as_deref()
    }

    /// Its notes.
    pub fn notes_text(&self) -> &str {
        &self.notes
    }

    /// Whether it is retired.
    pub fn is_retired(&self) -> bool {
        self.retired
    }

    /// Its warning distance, metres.
    pub fn warn_distance_m(&self) -> Option<f64> {
        self.warn_distance_m
    }
}

/// One line of text (a name, brand or model): trimmed, `None` when blank, refused when too long
/// or holding control characters.
fn line<'a>(field: GearField, what: &str, text: &'a str) -> Result<Option<&'a str>, GearError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > GearDraft::MAX_NAME_CHARS {
        return Err(GearError::new(
            field,
            format!(
                "{what} have at most {} characters.",
                GearDraft::MAX_NAME_CHARS
            ),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(GearError::new(
            field,
            format!("{what} are one line, without control characters."),
        ));
    }
    Ok(Some(text))
}

/// `Option<Date>` as `"YYYY-MM-DD"` or `null` in JSON.
mod day_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::Date;

    pub fn serialize<S: Serializer>(day: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match day {
            Some(day) => s.collect_str(day),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<std::borrow::Cow<'de, str>>::deserialize(d)?
            .map(|text| {
                Date::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!("not a YYYY-MM-DD day: {text}"))
                })
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gear(warn: Option<f64>) -> Gear {
        Gear {
            id: GearId::new(1),
            kind: GearKind::Shoes,
            name: "Pegasus".to_owned(),
            brand: Some("Nike".to_owned()),
            model: None,
            notes: String::new(),
            retired: false,
            warn_distance_m: warn,
        }
    }

    fn used(distance_m: f64) -> GearUse {
        GearUse {
            distance_m,
            ..GearUse::default()
        }
    }

    #[test]
    fn wear_follows_the_share_of_the_warning_distance() {
        let cases = [
            (None, 900_000.0, Wear::Untracked, None),
            (Some(700_000.0), 0.0, Wear::Fine, Some(0.0)),
            (Some(700_000.0), 629_999.0, Wear::Fine, None),
            (Some(700_000.0), 630_000.0, Wear::Near, None),
            (Some(700_000.0), 700_000.0, Wear::Past, Some(1.0)),
            (Some(700_000.0), 712_400.0, Wear::Past, None),
        ];
        for (warn, distance, wear, fraction) in cases {
            let item = GearItem::new(gear(warn), used(distance));
            assert_eq!(item.wear, wear, "{distance} m against {warn:?}");
            if let Some(f) = fraction {
                assert_eq!(item.wear_fraction, Some(f));
            }
        }
    }

    #[test]
    fn drafts_refuse_what_no_person_meant_and_say_which_field() {
        let draft = || GearDraft::new(GearKind::Shoes, "Pegasus").unwrap();
        let long = "x".repeat(81);
        let cases: [(&str, Result<GearDraft, GearError>, GearField); 7] = [
            (
                "blank name",
                GearDraft::new(GearKind::Bike, "  "),
                GearField::Name,
            ),
            (
                "long name",
                GearDraft::new(GearKind::Bike, &long),
                GearField::Name,
            ),
            (
                "tab in name",
                GearDraft::new(GearKind::Bike, "a\tb"),
                GearField::Name,
            ),
            ("long brand", draft().brand(Some(&long)), GearField::Brand),
            ("NUL in model", draft().model(Some("a\0")), GearField::Model),
            (
                "zero km",
                draft().warn_at(Some(0.0)),
                GearField::WarnDistance,
            ),
            (
                "NaN km",
                draft().warn_at(Some(f64::NAN)),
                GearField::WarnDistance,
            ),
        ];
        for (what, result, field) in cases {
            let error = result.expect_err(what);
            assert_eq!(error.field, field, "{what}");
            assert!(error.message.ends_with('.'), "{what}: {}", error.message);
        }
        let notes = "x".repeat(2001);
        assert_eq!(draft().notes(&notes).unwrap_err().field, GearField::Notes);
        assert_eq!(draft().notes("a\r\nb\n").unwrap().notes_text(), "a\nb");
    }

    #[test]
    fn blank_brand_and_model_are_none_and_kinds_bring_their_usual_warning() {
        let bike = GearDraft::new(GearKind::Bike, "Canyon")
            .unwrap()
            .brand(Some("  "))
            .unwrap()
            .model(None)
            .unwrap();
        assert_eq!((bike.brand_name(), bike.model_name()), (None, None));
        assert_eq!(bike.warn_distance_m(), None, "bikes warn only when told");
        let shoes = GearDraft::new(GearKind::Shoes, "Pegasus").unwrap();
        assert_eq!(shoes.warn_distance_m(), Some(700_000.0));
    }

    #[test]
    fn the_json_names_kinds_and_wear_and_days_as_text() {
        let item = GearItem::new(
            gear(Some(700_000.0)),
            GearUse {
                workouts: 2,
                distance_m: 12_000.0,
                first_day: Date::new(2024, 5, 1),
                ..GearUse::default()
            },
        );
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json["kind"], "shoes");
        assert_eq!(json["wear"], "fine");
        assert_eq!(json["name"], "Pegasus", "the gear's fields sit at the top");
        assert_eq!(json["usage"]["first_day"], "2024-05-01");
        assert_eq!(json["usage"]["last_day"], serde_json::Value::Null);
        let back: GearItem = serde_json::from_value(json).unwrap();
        assert_eq!(back, item);
        assert_eq!(GearKind::parse("bike"), Some(GearKind::Bike));
        assert_eq!(GearKind::parse("boots"), None);
        assert_eq!(GearKind::for_sport(Sport::Cycling), GearKind::Bike);
        assert_eq!(gear(None).make().as_deref(), Some("Nike"));
    }
}
