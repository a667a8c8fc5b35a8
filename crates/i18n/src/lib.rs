//! The interface in the athlete's language: message catalogues (English, German, French), and
//! numbers and dates written the way each language writes them.
//!
//! Catalogues live in `locales/<language>/<area>.ftl`, one file per area of the interface, in
//! a subset of Project Fluent's syntax (see [`pattern`](crate) docs in `src/pattern.rs`). They
//! are embedded at build time (`build.rs` finds every file), parsed once on first use, and
//! checked by this crate's tests: every language has every English key with no variable
//! English does not pass, and every key the code uses exists.
//!
//! The web interface reaches this through its `t!` macro, which supplies the request's
//! language; everything here takes the [`Language`] explicitly.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod dates;
mod numbers;
mod pattern;
mod summary;

use std::{
    borrow::Cow,
    collections::{BTreeSet, HashMap},
    sync::OnceLock,
};

pub use dates::{
    date_long, date_medium, month_name, month_short, month_year, weekday_long, weekday_short,
};
pub use domain::Language;
pub use numbers::{group, number};
pub use pattern::SyntaxError;
use pattern::{Element, Pattern};
pub use summary::upload_summary;

mod files {
    include!(concat!(env!("OUT_DIR"), "/files.rs"));

    /// The catalogue files this build carries: the islands' always, the other pages' with
    /// the `pages` feature (the server; the WebAssembly bundle leaves them out).
    pub fn all() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
        #[cfg(feature = "pages")]
        let pages = PAGES;
        #[cfg(not(feature = "pages"))]
        let pages: &[(&str, &str, &str)] = &[];
        ISLANDS.iter().chain(pages)
    }
}

/// A value a message is given: a count (selects plural forms, written with the language's
/// grouping) or text (written as is).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    /// A whole number.
    Int(i64),
    /// Text, including numbers already formatted (see [`number`]).
    Text(Cow<'a, str>),
}

macro_rules! int_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Self::Int(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_args!(i64, i32, u32, u64, usize, u16, u8);

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Self::Text(Cow::Borrowed(text))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Self::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Self::Text(Cow::Owned(text))
    }
}

/// One language's messages.
type Catalogue = HashMap<String, Pattern>;

fn catalogues() -> &'static HashMap<Language, Catalogue> {
    static CATALOGUES: OnceLock<HashMap<Language, Catalogue>> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        let mut all: HashMap<Language, Catalogue> = HashMap::new();
        for (code, _, text) in files::all() {
            // A directory Laps has no `Language` for yet is skipped; its mistakes are the
            // tests' to report, and a readable rest still serves.
            let Some(language) = Language::parse(code) else {
                continue;
            };
            let (messages, _) = pattern::parse_file(text);
            all.entry(language).or_default().extend(messages);
        }
        all
    })
}

fn lookup(language: Language, key: &str) -> Option<&'static Pattern> {
    let all = catalogues();
    all.get(&language)
        .and_then(|c| c.get(key))
        // A message a translation lacks is shown in English rather than not at all (the
        // tests make sure no shipped language lacks one).
        .or_else(|| all.get(&Language::En).and_then(|c| c.get(key)))
}

/// The message `key` in `language`, without arguments. A key no catalogue has comes back as
/// itself, so a mistake shows instead of an empty space.
pub fn text(language: Language, key: &str) -> String {
    format(language, key, &[])
}

/// The message `key` in `language` with its arguments (`$name` → value).
pub fn format(language: Language, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    match lookup(language, key) {
        Some(pattern) => {
            let mut out = String::new();
            write(language, pattern, args, &mut out);
            out
        }
        None => key.to_owned(),
    }
}

fn write(language: Language, pattern: &Pattern, args: &[(&str, Arg<'_>)], out: &mut String) {
    let arg = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, a)| a);
    for element in &pattern.0 {
        match element {
            Element::Text(text) => out.push_str(text),
            Element::Variable(name) => match arg(name) {
                Some(Arg::Int(n)) => out.push_str(&group(language, *n)),
                Some(Arg::Text(text)) => out.push_str(text),
                None => {
                    out.push_str("{$");
                    out.push_str(name);
                    out.push('}');
                }
            },
            Element::Select {
                variable,
                variants,
                default,
            } => {
                let chosen = match arg(variable) {
                    Some(Arg::Int(n)) => {
                        let exact = n.to_string();
                        let category = numbers::plural_category(language, *n);
                        variants
                            .iter()
                            .position(|(k, _)| *k == exact)
                            .or_else(|| variants.iter().position(|(k, _)| k == category))
                    }
                    Some(Arg::Text(text)) => variants.iter().position(|(k, _)| k == text),
                    None => None,
                };
                write(language, &variants[chosen.unwrap_or(*default)].1, args, out);
            }
        }
    }
}

/// Whether any catalogue has the message (for checks of keys made at run time).
pub fn has(key: &str) -> bool {
    lookup(Language::En, key).is_some()
}

/// What is wrong with the shipped catalogues, one line per problem: syntax errors, a key
/// twice, a key a language lacks or has beyond English, a variable English does not pass or
/// one it shows that the translation leaves out.
/// Empty when all is well; the tests require that.
pub fn problems() -> Vec<String> {
    let mut problems = Vec::new();
    let mut keys: HashMap<&str, HashMap<String, (&str, BTreeSet<String>)>> = HashMap::new();
    for (code, file, text) in files::all() {
        if Language::parse(code).is_none_or(|l| l.code() != *code) {
            problems.push(format!(
                "locales/{code}: not a language Laps knows (domain::Language)"
            ));
        }
        let (messages, errors) = pattern::parse_file(text);
        for error in errors {
            problems.push(format!(
                "locales/{code}/{file}.ftl:{}: {}",
                error.line, error.message
            ));
        }
        let language = keys.entry(code).or_default();
        for (key, pattern) in messages {
            let mut variables = BTreeSet::new();
            pattern.variables(&mut variables);
            if let Some((other, _)) = language.insert(key.clone(), (file, variables)) {
                problems.push(format!(
                    "locales/{code}: `{key}` is in both {other}.ftl and {file}.ftl"
                ));
            }
        }
    }
    let empty = HashMap::new();
    let english = keys.get("en").unwrap_or(&empty);
    for language in Language::ALL {
        let code = language.code();
        let theirs = keys.get(code).unwrap_or(&empty);
        for (key, (file, variables)) in english {
            match theirs.get(key) {
                None => problems.push(format!("locales/{code}/{file}.ftl: `{key}` is missing")),
                Some((their_file, their_variables)) => {
                    if their_file != file {
                        problems.push(format!(
                            "locales/{code}: `{key}` belongs in {file}.ftl, not {their_file}.ftl"
                        ));
                    }
                    for extra in their_variables.difference(variables) {
                        problems.push(format!(
                            "locales/{code}/{file}.ftl: `{key}` reads `${extra}`, which the English message does not have"
                        ));
                    }
                    for lost in variables.difference(their_variables) {
                        problems.push(format!(
                            "locales/{code}/{file}.ftl: `{key}` leaves out `${lost}`, which the English message shows"
                        ));
                    }
                }
            }
        }
        for (key, (file, _)) in theirs {
            if !english.contains_key(key) {
                problems.push(format!(
                    "locales/{code}/{file}.ftl: `{key}` is not in English"
                ));
            }
        }
    }
    problems.sort();
    problems
}

/// The English keys the islands' catalogues hold: what the browser can show.
pub fn island_keys() -> BTreeSet<String> {
    files::ISLANDS
        .iter()
        .filter(|(code, _, _)| *code == "en")
        .flat_map(|(_, _, text)| pattern::parse_file(text).0)
        .map(|(key, _)| key)
        .collect()
}

/// Every English key, for the test that compares them with the keys the code uses.
pub fn keys() -> BTreeSet<&'static str> {
    catalogues()
        .get(&Language::En)
        .map(|c| c.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogues_are_complete_and_consistent() {
        let problems = problems();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(keys().len() > 10, "catalogues are embedded");
    }

    #[test]
    fn counts_choose_their_plural_form_per_language() {
        let count = |language, n: i64| format(language, "workout-count", &[("count", n.into())]);
        assert_eq!(count(Language::En, 0), "No workouts");
        assert_eq!(count(Language::En, 1), "1 workout");
        assert_eq!(count(Language::En, 1234), "1,234 workouts");
        assert_eq!(count(Language::De, 1), "1 Einheit");
        assert_eq!(count(Language::De, 1234), "1.234 Einheiten");
        // French counts zero and one alike.
        assert_eq!(count(Language::Fr, 1), "1 séance");
        assert_eq!(count(Language::Fr, 2), "2 séances");
        assert_eq!(count(Language::Fr, 1234), "1\u{202f}234 séances");
    }

    #[test]
    fn unknown_keys_and_missing_arguments_show_themselves() {
        assert_eq!(text(Language::De, "no-such-key"), "no-such-key");
        assert_eq!(text(Language::En, "workout-count"), "{$count} workouts");
    }
}
