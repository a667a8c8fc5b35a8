//! The keys the code asks for and the keys the catalogues have are the same set: a key used but
//! never written would show as itself, and one written but never used is dead weight for every
//! translator.

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
};

/// Keys built at run time from a prefix (`month-3`, `sport-running`); `i18n`'s own tests and
/// the sport test below check those families.
const DYNAMIC_PREFIXES: &[&str] = &[
    "month-",
    "month-short-",
    "weekday-",
    "weekday-short-",
    "sport-",
    "date-",
];

/// Where the interface's Rust code is.
const SOURCES: &[&str] = &["app/src"];

/// The code of the islands and what they render: its keys must be in the islands' catalogues
/// (see `build.rs`), the only ones the WebAssembly bundle carries.
const ISLAND_SOURCES: &[&str] = &[
    "app/src/components/chart.rs",
    "app/src/components/menu.rs",
    "app/src/components/browser_zone.rs",
    "app/src/pages/upload.rs",
    "app/src/pages/upload",
    "app/src/pages/record.rs",
    "app/src/ble",
    "app/src/i18n.rs",
];

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// Every key in a `t!("…"` (white space allowed before the key).
fn used_keys(source: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("t!(") {
        // `t!` alone, not the end of another macro's name (`assert!(`, `format!(`...).
        let before = rest[..at].chars().next_back();
        rest = &rest[at + 3..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let trimmed = rest.trim_start();
        if let Some(literal) = trimmed.strip_prefix('"')
            && let Some(end) = literal.find('"')
        {
            keys.push(literal[..end].to_owned());
        }
    }
    keys
}

#[test]
fn every_key_the_code_uses_is_in_the_catalogues_and_every_key_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in SOURCES {
        rust_files(&root.join(dir), &mut files);
    }
    let known = i18n::keys();
    let mut used = BTreeSet::new();
    let mut problems = Vec::new();
    for file in &files {
        let source = fs::read_to_string(file).unwrap();
        for key in used_keys(&source) {
            if !known.contains(key.as_str()) {
                problems.push(format!(
                    "{}: `{key}` is in no catalogue (crates/i18n/locales/en/)",
                    file.strip_prefix(&root).unwrap_or(file).display()
                ));
            }
            used.insert(key);
        }
    }
    // The crate's own messages (the upload summary): any string literal that is a key.
    let mut own = Vec::new();
    rust_files(&root.join("crates/i18n/src"), &mut own);
    for file in &own {
        let source = fs::read_to_string(file).unwrap();
        for literal in source.split('"').skip(1).step_by(2) {
            if known.contains(literal) {
                used.insert(literal.to_owned());
            }
        }
    }
    for key in &known {
        let dynamic = DYNAMIC_PREFIXES.iter().any(|p| key.starts_with(p));
        if !dynamic && !used.contains(*key) {
            problems.push(format!("`{key}` is in the catalogues but no code uses it"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(used.len() > 10, "the scan finds the code's keys: {used:?}");
}

#[test]
fn the_islands_keys_are_in_the_catalogues_the_browser_carries() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for source in ISLAND_SOURCES {
        let path = root.join(source);
        if path.is_dir() {
            rust_files(&path, &mut files);
        } else {
            files.push(path);
        }
    }
    let carried = i18n::island_keys();
    let mut problems = Vec::new();
    for file in &files {
        let source = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for key in used_keys(&source) {
            if !carried.contains(&key) {
                problems.push(format!(
                    "{}: `{key}` is used by an island but is not in an island's catalogue (build.rs ISLAND_AREAS)",
                    file.strip_prefix(&root).unwrap_or(file).display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        carried.contains("upload-drop"),
        "the islands' catalogues are found"
    );
}

#[test]
fn every_sport_has_a_name_in_every_language() {
    for sport in domain::SPORTS {
        let key = format!("sport-{}", sport.name());
        assert!(i18n::has(&key), "`{key}` is missing");
        for language in domain::Language::ALL {
            assert_ne!(i18n::text(language, &key), key);
        }
    }
}

#[test]
fn the_scan_finds_keys_however_the_call_is_written() {
    let source = "t!(\"a\"); crate::t!(\n    \"b\", n = 1); assert!(\"c\"); format!(\"d\"); t!(x)";
    assert_eq!(used_keys(source), vec!["a", "b"]);
}
