//! Embeds every catalogue under `locales/<language>/*.ftl`: a contributor adds a file or a
//! language directory, and no list in the code needs to change. The areas the islands use are
//! kept apart: the WebAssembly bundle carries only those (see the crate's `pages` feature).

/// The areas whose messages the islands (chart readout, upload, recording, the browser's time
/// zone) show in the browser; `common` has the frame, errors, dates and sports.
const ISLAND_AREAS: [&str; 5] = ["common", "chart", "upload", "record", "timezone"];

use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let (mut islands, mut pages) = (Vec::new(), Vec::new());
    let mut languages: Vec<_> = fs::read_dir(&root)
        .expect("crates/i18n/locales is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    languages.sort();
    for dir in languages {
        let language = dir.file_name().unwrap().to_string_lossy().into_owned();
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .expect("a language directory is readable")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .collect();
        files.sort();
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            let entry = format!(
                "    ({language:?}, {name:?}, include_str!({:?})),\n",
                file.display().to_string()
            );
            if ISLAND_AREAS.contains(&name.as_str()) {
                islands.push(entry);
            } else {
                pages.push(entry);
            }
        }
    }
    let code = format!(
        "/// The islands' catalogue files: (language code, file name, text).\n\
         pub const ISLANDS: &[(&str, &str, &str)] = &[\n{}];\n\
         /// The other pages' catalogue files.\n\
         #[cfg(feature = \"pages\")]\n\
         pub const PAGES: &[(&str, &str, &str)] = &[\n{}];\n",
        islands.concat(),
        pages.concat()
    );
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("files.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
