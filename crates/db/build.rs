//! Embeds the SQL migrations of both backends, so the `laps` binary carries them and needs no
//! files at run time (and sqlx's proc-macro crate need not be compiled just for `migrate!`).

use std::{env, fmt::Write as _, fs, path::Path};

fn main() {
    // Read when the script runs, not baked in when it is compiled: a build script compiled in
    // one checkout and reused from a copied target directory (another worktree) would
    // otherwise embed, and watch, the first checkout's migrations.
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join("../../migrations");
    let mut out = String::new();
    for backend in ["sqlite", "postgres"] {
        let dir = root.join(backend);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|entry| entry.expect("readable migrations folder").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
            .collect();
        files.sort();
        writeln!(
            out,
            "/// Migrations for {backend}, in order: (version, description, sql)."
        )
        .unwrap();
        writeln!(
            out,
            "pub const {}: &[(i64, &str, &str)] = &[",
            backend.to_uppercase()
        )
        .unwrap();
        for path in files {
            let stem = path.file_stem().unwrap().to_str().expect("UTF-8 file name");
            let (version, description) = stem.split_once('_').unwrap_or_else(|| {
                panic!("migration {stem} is not named <version>_<description>.sql")
            });
            let version: i64 = version
                .parse()
                .unwrap_or_else(|_| panic!("bad version in {stem}"));
            let description = description.replace('_', " ");
            writeln!(
                out,
                "    ({version}, {description:?}, include_str!({:?})),",
                path.display()
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    // Written beside and renamed over: a build folder copied by hard links (a second checkout
    // starting from this one's) must not see its file rewritten in place under it.
    let out_dir = env::var("OUT_DIR").unwrap();
    let dest = Path::new(&out_dir).join("migrations.rs");
    let fresh = Path::new(&out_dir).join("migrations.rs.new");
    fs::write(&fresh, out).expect("write migrations.rs");
    fs::rename(&fresh, &dest).expect("rename migrations.rs");
}
