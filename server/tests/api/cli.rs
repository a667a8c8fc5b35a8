//! The `laps` command line, run as a process against a fresh SQLite data folder.

use std::{
    io::Write as _,
    process::{Command, Output, Stdio},
};

fn laps(data_dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_laps"))
        .args(args)
        .env("LAPS_DATA_DIR", data_dir)
        .env_remove("LAPS_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("laps starts");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn users_are_added_listed_and_changed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let added = laps(
        dir.path(),
        &["user", "add", "Ada", "--admin"],
        Some("correct horse battery\n"),
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert_eq!(text(&added.stdout).trim(), "created Ada (administrator)");
    assert!(
        dir.path().join("laps.db").exists(),
        "the SQLite database is created under the data dir"
    );

    let bob = laps(
        dir.path(),
        &["user", "add", "bob"],
        Some("another passphrase\n"),
    );
    assert_eq!(text(&bob.stdout).trim(), "created bob (athlete)");

    let list = laps(dir.path(), &["user", "list", "--json"], None);
    let users: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(users[0]["username"], "Ada");
    assert_eq!(users[0]["is_admin"], true);
    assert_eq!(users[1]["username"], "bob");
    assert_eq!(users[1]["is_admin"], false);

    let promoted = laps(dir.path(), &["user", "set-admin", "BOB"], None);
    assert_eq!(text(&promoted.stdout).trim(), "bob is now an administrator");
    let changed = laps(
        dir.path(),
        &["user", "set-password", "bob"],
        Some("a third passphrase\n"),
    );
    assert!(changed.status.success(), "{}", text(&changed.stderr));
}

#[test]
fn bad_input_fails_with_one_clear_line_and_the_right_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let short = laps(dir.path(), &["user", "add", "ada"], Some("short\n"));
    assert_eq!(short.status.code(), Some(1));
    assert_eq!(
        text(&short.stderr).trim(),
        "error: Passwords need at least 10 characters."
    );

    laps(
        dir.path(),
        &["user", "add", "ada"],
        Some("long enough password\n"),
    );
    let taken = laps(
        dir.path(),
        &["user", "add", "ADA"],
        Some("long enough password\n"),
    );
    assert_eq!(text(&taken.stderr).trim(), "error: That username is taken.");

    let missing = laps(dir.path(), &["user", "set-admin", "nobody"], None);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        text(&missing.stderr).trim(),
        "error: There is no user named nobody."
    );

    let usage = laps(dir.path(), &["user", "frobnicate"], None);
    assert_eq!(usage.status.code(), Some(2), "usage errors exit with 2");
}

#[test]
fn migrate_help_and_config_commands_work() {
    let dir = tempfile::tempdir().unwrap();
    let migrated = laps(dir.path(), &["migrate"], None);
    assert!(migrated.status.success(), "{}", text(&migrated.stderr));
    assert!(text(&migrated.stdout).contains("is at migration 1"));

    let help = laps(dir.path(), &["--help"], None);
    assert!(help.status.success());
    assert!(text(&help.stdout).contains("LAPS_DATABASE_URL"));

    let example = laps(dir.path(), &["config", "example"], None);
    assert!(text(&example.stdout).contains("listen = \"127.0.0.1:3000\""));

    let secret = Command::new(env!("CARGO_BIN_EXE_laps"))
        .args(["config", "show"])
        .env(
            "LAPS_DATABASE_URL",
            "postgres://laps:hunter2hunter2@db.invalid/laps",
        )
        .output()
        .unwrap();
    let shown = text(&secret.stdout);
    assert!(shown.contains("laps:***@db.invalid"), "{shown}");
    assert!(!shown.contains("hunter2"), "the password never appears");
}
