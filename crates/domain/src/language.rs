//! The languages Laps speaks, and how one is chosen for a visitor who has not picked one: the
//! browser's `Accept-Language`.

use serde::{Deserialize, Serialize};

/// A language of the interface. Adding one means a catalogue per file under
/// `crates/i18n/locales/<code>/` (the catalogue test names every key it lacks) and a variant here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English, the language the catalogues are written in first.
    #[default]
    En,
    /// German.
    De,
    /// French.
    Fr,
}

impl Language {
    /// Every language, in the order a picker lists them.
    pub const ALL: [Self; 3] = [Self::En, Self::De, Self::Fr];

    /// The BCP 47 code: `lang` attributes, `Content-Language`, the stored preference.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
            Self::Fr => "fr",
        }
    }

    /// The language's name in itself, as a picker shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::De => "Deutsch",
            Self::Fr => "Français",
        }
    }

    /// Reads a code: the primary subtag decides (`de-AT` is German), in any letter case.
    pub fn parse(code: &str) -> Option<Self> {
        let primary = code.trim().split(['-', '_']).next()?;
        Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The language an `Accept-Language` header prefers most among those Laps speaks: by
    /// quality, then by order; `None` when it names none of them (or only with `q=0`).
    pub fn negotiate(header: &str) -> Option<Self> {
        let mut best: Option<(u16, Self)> = None;
        // A header is a handful of entries; anything longer is not a browser's.
        for entry in header.split(',').take(32) {
            let mut parts = entry.split(';');
            let Some(language) = parts.next().and_then(Self::parse) else {
                continue;
            };
            let quality = parts
                .find_map(|p| {
                    let p = p.trim();
                    p.strip_prefix("q=").or_else(|| p.strip_prefix("Q="))
                })
                .map_or(Some(1000), parse_quality);
            let Some(quality) = quality.filter(|&q| q > 0) else {
                continue;
            };
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, language));
            }
        }
        best.map(|(_, language)| language)
    }
}

/// A quality value (`0`, `0.8`, `1.000`) in thousandths; `None` when malformed.
fn parse_quality(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preferred_language_laps_speaks_wins() {
        assert_eq!(
            Language::negotiate("de-DE,de;q=0.9,en;q=0.8"),
            Some(Language::De)
        );
        assert_eq!(
            Language::negotiate("it-IT, fr;q=0.5, en;q=0.4"),
            Some(Language::Fr)
        );
        assert_eq!(
            Language::negotiate("en;q=0.5, fr-CA;q=0.7"),
            Some(Language::Fr)
        );
        assert_eq!(Language::negotiate("FR"), Some(Language::Fr));
        assert_eq!(
            Language::negotiate("fr;Q=0.2, de;q=0.3"),
            Some(Language::De)
        );
        // Equal quality: the first named.
        assert_eq!(Language::negotiate("de, en"), Some(Language::De));
    }

    #[test]
    fn unknown_refused_and_malformed_entries_count_for_nothing() {
        assert_eq!(Language::negotiate("it, es;q=0.9"), None);
        assert_eq!(Language::negotiate("de;q=0, en;q=0.1"), Some(Language::En));
        assert_eq!(
            Language::negotiate("de;q=2, fr;q=0.x, en;q=0.3"),
            Some(Language::En)
        );
        assert_eq!(Language::negotiate(""), None);
        assert_eq!(Language::negotiate("*"), None);
    }

    #[test]
    fn codes_read_back() {
        for language in Language::ALL {
            assert_eq!(Language::parse(language.code()), Some(language));
        }
        assert_eq!(Language::parse("de-AT"), Some(Language::De));
        assert_eq!(Language::parse("deu"), None);
    }
}
