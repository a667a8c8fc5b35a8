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
    // The latest migration is the highest number among the migration files' names (branches
    // merged in another order may leave a number free for a while).
    let latest = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/sqlite"))
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".sql")?
                .split('_')
                .next()?
                .parse::<u32>()
                .ok()
        })
        .max()
        .unwrap();
    assert!(
        text(&migrated.stdout).contains(&format!("is at migration {latest}")),
        "{}",
        text(&migrated.stdout)
    );

    let help = laps(dir.path(), &["--help"], None);
    assert!(help.status.success());
    assert!(text(&help.stdout).contains("LAPS_DATABASE_URL"));
    // Each command described by its own line (a doc comment once sat on the wrong variant).
    let commands = text(&help.stdout);
    let line = |name: &str| {
        commands
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no {name} in --help: {commands}"))
            .to_owned()
    };
    let partner = line("partner");
    assert!(
        partner.contains("Partner apps") && !partner.contains("configuration"),
        "{partner}"
    );
    assert!(
        line("config").contains("Show configuration"),
        "{}",
        line("config")
    );

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

#[test]
fn metrics_are_switched_on_by_flag_or_environment_and_bad_networks_refused() {
    let dir = tempfile::tempdir().unwrap();
    let off = laps(dir.path(), &["config", "show"], None);
    assert!(
        text(&off.stdout).contains("metrics: None"),
        "off by default"
    );

    let on = laps(
        dir.path(),
        &[
            "--metrics",
            "config",
            "show",
            "--metrics-allowed-networks",
            "10.0.0.0/8,fd00::/8",
        ],
        None,
    );
    assert!(on.status.success(), "{}", text(&on.stderr));
    assert!(
        text(&on.stdout).contains("AllowedNetworks(\"10.0.0.0/8,fd00::/8\")"),
        "{}",
        text(&on.stdout)
    );

    let from_environment = Command::new(env!("CARGO_BIN_EXE_laps"))
        .args(["config", "show"])
        .env("LAPS_METRICS", "true")
        .env_remove("LAPS_METRICS_ALLOWED_NETWORKS")
        .output()
        .unwrap();
    assert!(
        text(&from_environment.stdout).contains("AllowedNetworks(\"127.0.0.0/8,::1/128\")"),
        "{}",
        text(&from_environment.stdout)
    );

    let bad = laps(
        dir.path(),
        &["config", "show", "--metrics-allowed-networks", "10.1.2.3/8"],
        None,
    );
    assert_eq!(bad.status.code(), Some(2), "bad usage");
    assert!(
        text(&bad.stderr).contains("did you mean 10.0.0.0/8?"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn partners_are_added_listed_rotated_and_suspended_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    laps(
        dir.path(),
        &["user", "add", "ada"],
        Some("correct horse battery\n"),
    );
    let added = laps(
        dir.path(),
        &[
            "partner",
            "add",
            "Coach",
            "--redirect-uri",
            "https://coach.example/cb",
            "--accesslink",
            "--approved",
            "--test-user",
            "ada",
            "--json",
        ],
        None,
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let created: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    let client_id = created["client_id"].as_str().unwrap().to_owned();
    let secret = created["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(client_id.len(), 32);
    assert!(secret.starts_with("lps_"), "{secret}");
    assert_eq!(created["scopes"], "accesslink.read_all");
    assert_eq!(created["status"], "approved");

    let public = laps(
        dir.path(),
        &[
            "partner",
            "add",
            "Phone",
            "--redirect-uri",
            "com.example.phone:/cb",
            "--public",
            "--json",
        ],
        None,
    );
    let public: serde_json::Value = serde_json::from_slice(&public.stdout).unwrap();
    assert!(
        public["client_secret"].is_null(),
        "a public client has no secret"
    );
    assert_eq!(public["status"], "sandbox");

    let bad = laps(
        dir.path(),
        &[
            "partner",
            "add",
            "Evil",
            "--redirect-uri",
            "http://evil.example/cb",
        ],
        None,
    );
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("plain http is allowed only for localhost"),
        "{}",
        text(&bad.stderr)
    );

    let list = laps(dir.path(), &["partner", "list", "--json"], None);
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(
        !text(&laps(dir.path(), &["partner", "list", "--json"], None).stdout).contains(&secret),
        "secrets are never listed"
    );

    let rotated = laps(
        dir.path(),
        &["partner", "rotate-secret", &client_id, "--json"],
        None,
    );
    let rotated: serde_json::Value = serde_json::from_slice(&rotated.stdout).unwrap();
    assert_ne!(rotated["client_secret"].as_str().unwrap(), secret);

    let suspended = laps(dir.path(), &["partner", "suspend", &client_id], None);
    assert_eq!(
        text(&suspended.stdout).trim(),
        "Coach is suspended: its tokens are refused and nobody may connect it"
    );
    let list = laps(dir.path(), &["partner", "list"], None);
    assert!(
        text(&list.stdout).contains("suspended"),
        "{}",
        text(&list.stdout)
    );
    let missing = laps(dir.path(), &["partner", "suspend", "nope"], None);
    assert_eq!(text(&missing.stderr).trim(), "error: no such partner");
}

#[test]
fn a_token_is_made_for_a_script_and_listed_without_its_value() {
    let dir = tempfile::tempdir().unwrap();
    laps(
        dir.path(),
        &["user", "add", "ada"],
        Some("correct horse battery\n"),
    );
    let added = laps(
        dir.path(),
        &[
            "token",
            "add",
            "--user",
            "ada",
            "--scope",
            "upload,sync",
            "--json",
        ],
        None,
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let made: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    let token = made["token"].as_str().unwrap();
    assert!(token.starts_with("lpt_") && token.len() == 47, "{token}");
    assert_eq!(made["scopes"], serde_json::json!(["upload", "sync"]));
    let list = laps(
        dir.path(),
        &["token", "list", "--user", "ada", "--json"],
        None,
    );
    assert!(!text(&list.stdout).contains(token), "never listed");
    let bad = laps(
        dir.path(),
        &["token", "add", "--user", "ada", "--scope", "admin"],
        None,
    );
    assert_eq!(
        text(&bad.stderr).trim(),
        "error: unknown scope \"admin\" (upload, sync, read)"
    );
    let revoked = laps(
        dir.path(),
        &["token", "revoke", "--user", "ada", &made["id"].to_string()],
        None,
    );
    assert!(revoked.status.success(), "{}", text(&revoked.stderr));
}

fn corpus(relative: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus")
        .join(relative)
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_laps"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn inspect_prints_one_json_object_per_file() {
    let fit = corpus("fit/fitparse__garmin-edge-820-bike.fit");
    let gpx = corpus("gpx/sportstracker__bike-tour-garmin-oregon-trackpointextension-v2.gpx");
    let out = run(&["inspect".as_ref(), fit.as_os_str(), gpx.as_os_str()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let first = &lines[0];
    assert_eq!(first["format"], "fit");
    assert_eq!(first["sport"], "cycling");
    assert_eq!(first["start"], "2017-06-12T16:10:15Z");
    assert_eq!(first["utc_offset_minutes"], -420);
    assert_eq!(first["laps"], 1);
    assert_eq!(first["samples"], 15);
    assert_eq!(first["device"]["manufacturer"], "garmin");
    assert!(
        first["streams"]
            .as_array()
            .unwrap()
            .contains(&"rr_intervals".into())
    );
    assert_eq!(lines[1]["format"], "gpx");
}

#[test]
fn inspect_bests_gives_what_an_import_would_store() {
    // The file's name carries the rider's best 5-minute power (its floor), written by the
    // program that made it.
    let ride = corpus("fit/pyfitness__athlete_indoor_climb_411m_distance_24.11km_power5_383.fit");
    let run_file = corpus("fit/fitparse__2013-02-06-12-11-14.fit");
    let out = run(&[
        "inspect".as_ref(),
        "--bests".as_ref(),
        ride.as_os_str(),
        run_file.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let power = lines[0]["bests"]["power_w"].as_array().unwrap();
    let five_minutes = power.iter().find(|p| p["duration_s"] == 300).unwrap();
    assert_eq!(five_minutes["value"].as_f64().unwrap().floor(), 383.0);
    let values: Vec<f64> = power.iter().map(|p| p["value"].as_f64().unwrap()).collect();
    assert!(values[0] >= values[values.len() - 1], "{values:?}");
    assert!(lines[0]["bests"]["normalized_power_w"].as_f64().unwrap() > 0.0);
    let run_bests = &lines[1]["bests"];
    let distances = run_bests["distances"].as_array().unwrap();
    assert!(!distances.is_empty(), "{run_bests}");
    assert_eq!(distances[0]["distance_m"], 400.0);
    let longest = run_bests["longest_m"].as_f64().unwrap();
    assert!(
        distances
            .iter()
            .all(|d| d["distance_m"].as_f64().unwrap() <= longest)
    );
    // Without the flag, no bests.
    let plain = run(&["inspect".as_ref(), run_file.as_os_str()]);
    assert!(!text(&plain.stdout).contains("\"bests\""));
}

#[test]
fn an_invalid_file_gives_exit_code_1_and_one_line_naming_file_position_and_problem() {
    let bad = corpus("invalid/fitparse__activity-unexpected-eof.fit");
    let good = corpus("fit/fitparse__garmin-edge-820-bike.fit");
    let out = run(&["inspect".as_ref(), bad.as_os_str(), good.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("fitparse__activity-unexpected-eof.fit: byte 751: the file is cut short"),
        "{stderr}"
    );
    assert_eq!(
        text(&out.stdout).lines().count(),
        1,
        "the good file is still inspected"
    );

    let xml = corpus("invalid/sportslib__6037744996.gpx");
    let out = run(&["inspect".as_ref(), xml.as_os_str()]);
    assert!(
        text(&out.stderr).contains("sportslib__6037744996.gpx: line 17: the XML is malformed"),
        "{}",
        text(&out.stderr)
    );

    let usage = run(&["inspect".as_ref()]);
    assert_eq!(usage.status.code(), Some(2), "no file is a usage error");
}

#[test]
fn convert_writes_by_extension_and_merges_a_polar_pair() {
    let dir = tempfile::tempdir().unwrap();
    let fit = corpus("fit/fitparse__activity-small-fenix2-run.fit");
    for extension in ["tcx", "gpx", "fit", "hrm", "csv"] {
        let out_path = dir.path().join(format!("run.{extension}"));
        let out = run(&["convert".as_ref(), fit.as_os_str(), out_path.as_os_str()]);
        assert!(out.status.success(), "{extension}: {}", text(&out.stderr));
        assert!(
            std::fs::metadata(&out_path).unwrap().len() > 1000,
            "{extension}"
        );
    }
    let reread = run(&["inspect".as_ref(), dir.path().join("run.tcx").as_os_str()]);
    let summary: serde_json::Value = serde_json::from_slice(&reread.stdout).unwrap();
    assert_eq!(summary["laps"], 4);

    let hrm = corpus("hrm/hrmtrackmerger__sample.hrm");
    let track = corpus("gpx/hrmtrackmerger__sample.gpx");
    let merged = dir.path().join("pair.tcx");
    let out = run(&[
        "convert".as_ref(),
        hrm.as_os_str(),
        "--gpx".as_ref(),
        track.as_os_str(),
        merged.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary: serde_json::Value =
        serde_json::from_slice(&run(&["inspect".as_ref(), merged.as_os_str()]).stdout).unwrap();
    assert!(
        summary["streams"]
            .as_array()
            .unwrap()
            .contains(&"position".into()),
        "{summary}"
    );
    assert_eq!(
        summary["start"], "2014-01-17T06:16:32Z",
        "the pair told the zone"
    );

    let unknown = run(&[
        "convert".as_ref(),
        fit.as_os_str(),
        dir.path().join("x.doc").as_os_str(),
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("unknown output format"));
}

#[test]
fn import_takes_folders_zips_and_pairs_and_reports_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let added = laps(
        dir.path(),
        &["user", "add", "ada"],
        Some("correct horse battery\n"),
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let corpus = crate::workouts::corpus_dir();
    let files = tempfile::tempdir().unwrap();
    let nested = files.path().join("2013/02");
    std::fs::create_dir_all(&nested).unwrap();
    let run = std::fs::read(corpus.join("fit/fitparse__2013-02-06-12-11-14.fit")).unwrap();
    std::fs::write(nested.join("run.fit"), &run).unwrap();
    for (from, to) in [
        ("hrm/hrmtrackmerger__sample.hrm", "s.hrm"),
        ("gpx/hrmtrackmerger__sample.gpx", "s.gpx"),
    ] {
        std::fs::copy(corpus.join(from), files.path().join(to)).unwrap();
    }
    let tcx = std::fs::read(corpus.join("tcx/sportstracker__Edge705-Running-Heartrate-2Laps.tcx"))
        .unwrap();
    let zip = workouts::archive::zip_files(&[("ride.tcx", &tcx)]);
    std::fs::write(files.path().join("old.zip"), zip).unwrap();
    std::fs::write(files.path().join("broken.fit"), &run[..run.len() / 2]).unwrap();

    let path = files.path().to_str().unwrap();
    let first = laps(
        dir.path(),
        &["import", "--user", "ada", path, "--json"],
        None,
    );
    // One refused file: exit 1, the file named with its reason on stderr.
    assert_eq!(first.status.code(), Some(1), "{}", text(&first.stderr));
    assert!(
        text(&first.stderr).contains("broken.fit: "),
        "{}",
        text(&first.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(
        text(&first.stdout)
            .split("\n4 files")
            .next()
            .unwrap()
            .as_bytes(),
    )
    .unwrap_or_else(|e| panic!("{e}: {}", text(&first.stdout)));
    let statuses: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == "imported").count(),
        3,
        "{report}"
    );
    assert!(
        text(&first.stdout).contains("3 workouts imported, 0 duplicates, 1 refused"),
        "{}",
        text(&first.stdout)
    );

    // Again: everything is already there.
    std::fs::remove_file(files.path().join("broken.fit")).unwrap();
    let again = laps(dir.path(), &["import", "--user", "ada", path], None);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).contains("0 workouts imported, 3 duplicates, 0 refused"),
        "{}",
        text(&again.stdout)
    );

    let nobody = laps(dir.path(), &["import", "--user", "nobody", path], None);
    assert_eq!(nobody.status.code(), Some(1));
    assert!(text(&nobody.stderr).contains("no user \"nobody\""));
}

#[test]
fn import_reports_an_exports_activity_linked_to_the_file_imported_before() {
    let dir = tempfile::tempdir().unwrap();
    let added = laps(
        dir.path(),
        &["user", "add", "ada"],
        Some("correct horse battery\n"),
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let export = crate::workouts::corpus_dir().join("archives/strava-export");
    let gz = std::fs::read(export.join("activities/12866632127.fit.gz")).unwrap();
    let files = tempfile::tempdir().unwrap();
    let fit = files.path().join("run.fit");
    std::fs::write(&fit, formats::gunzip(&gz, 1 << 20).unwrap()).unwrap();
    let first = laps(
        dir.path(),
        &["import", "--user", "ada", fit.to_str().unwrap()],
        None,
    );
    assert!(first.status.success(), "{}", text(&first.stderr));

    // The export as Strava hands it out: a zip.
    let csv = std::fs::read(export.join("activities.csv")).unwrap();
    let zip = workouts::archive::zip_files(&[
        ("activities.csv", &csv),
        ("activities/12866632127.fit.gz", &gz),
    ]);
    let zip_path = files.path().join("export_1234.zip");
    std::fs::write(&zip_path, zip).unwrap();
    let linked = laps(
        dir.path(),
        &["import", "--user", "ada", zip_path.to_str().unwrap()],
        None,
    );
    assert!(linked.status.success(), "{}", text(&linked.stderr));
    let out = text(&linked.stdout);
    assert!(
        out.contains("0 workouts imported, 0 duplicates, 1 linked, 0 refused"),
        "{out}"
    );
    assert!(
        out.contains("In all: 1 linked to a workout already there"),
        "{out}"
    );
}

#[test]
fn import_takes_an_unpacked_garmin_export_folder_as_one_export() {
    let dir = tempfile::tempdir().unwrap();
    let added = laps(
        dir.path(),
        &["user", "add", "ada"],
        Some("correct horse battery\n"),
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    // Unpacked as an athlete unpacks it, inside a folder of its own, beside another file.
    let files = tempfile::tempdir().unwrap();
    let export = files.path().join("garmin export");
    for (name, bytes) in crate::archives::garmin_export() {
        let path = export.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let corpus = crate::workouts::corpus_dir();
    std::fs::copy(
        corpus.join("fit/fitparse__2013-02-06-12-11-14.fit"),
        files.path().join("run.fit"),
    )
    .unwrap();

    let path = files.path().to_str().unwrap();
    let first = laps(
        dir.path(),
        &["import", "--user", "ada", path, "--json"],
        None,
    );
    assert!(first.status.success(), "{}", text(&first.stderr));
    let stdout = text(&first.stdout);
    let report: serde_json::Value =
        serde_json::from_slice(stdout.split("\n2 files").next().unwrap().as_bytes())
            .unwrap_or_else(|e| panic!("{e}: {stdout}"));
    let title_of = |file: &str| {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"].as_str().unwrap().ends_with(file))
            .unwrap_or_else(|| panic!("{file}: {report:#}"))
            .clone()
    };
    assert_eq!(title_of("ada@example.com_1001.fit")["status"], "imported");
    assert_eq!(title_of("run.fit")["status"], "imported");
    assert!(
        stdout.contains(
            "In all: 3 workouts, 1 manual entry, 1 day of activity, \
             4 skipped (daily monitoring data, wellness records, device settings)"
        ),
        "the export is planned as one, its part opened: {stdout}"
    );

    let again = laps(dir.path(), &["import", "--user", "ada", path], None);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).contains("0 workouts imported, 3 duplicates, 0 refused"),
        "{}",
        text(&again.stdout)
    );
}

/// The top-level JSON object `laps import --json` prints before its summary lines.
fn import_report(stdout: &[u8]) -> serde_json::Value {
    let out = text(stdout);
    let end = out.find("\n}").map_or(out.len(), |i| i + 2);
    serde_json::from_str(&out[..end]).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn statuses(report: &serde_json::Value) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["status"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn import_restores_a_laps_export_from_its_zip_and_from_its_unpacked_folder() {
    // An account's export, made by the workout service on a throwaway database.
    let corpus = crate::workouts::corpus_dir();
    let preferences = domain::Preferences {
        units: domain::Units::Imperial,
        time_zone: "Asia/Tokyo".to_owned(),
        ..domain::Preferences::default()
    };
    let zip = db::testing::block_on(async {
        let t = db::testing::TestDb::new(db::Backend::Sqlite).await;
        let name = domain::Username::parse("ada").unwrap();
        let ada =
            t.db.create_user(&name, "h", db::AdminRule::No)
                .await
                .unwrap()
                .id;
        let service = workouts::Workouts::new(t.db.clone());
        let run = std::fs::read(corpus.join("fit/fitparse__2013-02-06-12-11-14.fit")).unwrap();
        let results = service
            .import(ada, vec![workouts::Upload::new("run.fit", run)])
            .await
            .unwrap();
        let workouts::Outcome::Imported { workout_id, .. } = results[0].outcome else {
            panic!("{results:?}")
        };
        service
            .update(
                ada,
                workout_id,
                "Restored by the CLI",
                domain::Sport::Hiking,
                "",
            )
            .await
            .unwrap();
        t.db.set_preferences(ada, &preferences).await.unwrap();
        let handle = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            let mut out = Vec::new();
            service.export_account(&handle, ada, &mut out).map(|()| out)
        })
        .await
        .unwrap()
        .unwrap()
    });
    let files = tempfile::tempdir().unwrap();
    let zip_path = files.path().join("laps-export-2026-01-01.zip");
    std::fs::write(&zip_path, &zip).unwrap();
    // Unpacked into a folder of its own, beside a loose file of another kind.
    let unpacked = files.path().join("unpacked");
    for entry in workouts::archive::expand(&zip, workouts::ZipLimits::default()).unwrap() {
        let path = unpacked.join("laps-export-2026-01-01").join(&entry.name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, entry.bytes.unwrap()).unwrap();
    }
    std::fs::copy(
        corpus.join("tcx/sportstracker__Edge705-Running-Heartrate-2Laps.tcx"),
        unpacked.join("ride.tcx"),
    )
    .unwrap();

    let dir = tempfile::tempdir().unwrap();
    for user in ["ada", "bob"] {
        let added = laps(
            dir.path(),
            &["user", "add", user],
            Some("correct horse battery\n"),
        );
        assert!(added.status.success(), "{}", text(&added.stderr));
    }
    let zipped = laps(
        dir.path(),
        &[
            "import",
            "--user",
            "ada",
            zip_path.to_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert!(zipped.status.success(), "{}", text(&zipped.stderr));
    assert_eq!(
        statuses(&import_report(&zipped.stdout)),
        ["settings", "imported"]
    );
    assert!(
        text(&zipped.stdout).contains("In all: 1 workout, settings restored"),
        "{}",
        text(&zipped.stdout)
    );

    let folder = unpacked.to_str().unwrap();
    let from_folder = laps(
        dir.path(),
        &["import", "--user", "bob", folder, "--json"],
        None,
    );
    assert!(
        from_folder.status.success(),
        "{}",
        text(&from_folder.stderr)
    );
    let report = import_report(&from_folder.stdout);
    let mut got = statuses(&report);
    got.sort();
    assert_eq!(
        got,
        ["imported", "imported", "settings"],
        "the folder is one export (its FIT copies and index not imported as files), the loose file beside it a file: {report:#}"
    );
    let again = laps(dir.path(), &["import", "--user", "bob", folder], None);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).contains("0 workouts imported, 2 duplicates, 0 refused"),
        "{}",
        text(&again.stdout)
    );

    // In the store: both accounts hold the workout as the athlete left it, and her settings.
    db::testing::block_on(async {
        let store = db::Db::connect(&db::DatabaseUrl::sqlite_in(dir.path()), 1)
            .await
            .unwrap();
        for name in ["ada", "bob"] {
            let name = domain::Username::parse(name).unwrap();
            let user = store
                .find_credentials(&name)
                .await
                .unwrap()
                .unwrap()
                .user
                .id;
            let titles: Vec<String> = store
                .list_workouts(user, &db::WorkoutFilter::default(), 0, 10)
                .await
                .unwrap()
                .workouts
                .into_iter()
                .map(|w| format!("{} ({})", w.title, w.sport.name()))
                .collect();
            assert!(
                titles.contains(&"Restored by the CLI (hiking)".to_owned()),
                "{titles:?}"
            );
            assert_eq!(store.preferences(user).await.unwrap(), preferences);
        }
        store.close().await;
    });
}

#[test]
fn import_takes_an_apple_health_export_unpacked_or_zipped() {
    let dir = tempfile::tempdir().unwrap();
    let added = laps(
        dir.path(),
        &["user", "add", "ada"],
        Some("correct horse battery\n"),
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    // The folder as the phone's zip unpacks: export.xml and its route file, read together
    // (the route is the workout's, not a workout of its own).
    let export = crate::workouts::corpus_dir().join("archives/apple-health/apple_health_export");
    let unpacked = laps(
        dir.path(),
        &["import", "--user", "ada", export.to_str().unwrap()],
        None,
    );
    let out = text(&unpacked.stdout);
    assert!(unpacked.status.success(), "{}{out}", text(&unpacked.stderr));
    assert!(
        out.contains("1 workouts imported, 0 duplicates, 0 refused"),
        "{out}"
    );
    assert!(
        out.contains("In all: 1 workout, 2 days of activity"),
        "{out}"
    );

    // The same export zipped: nothing new.
    let route = "workout-routes/route_2019-06-11_3.00pm.gpx";
    let zip = workouts::archive::zip_files(&[
        (
            "apple_health_export/export.xml",
            &std::fs::read(export.join("export.xml")).unwrap(),
        ),
        (
            &format!("apple_health_export/{route}"),
            &std::fs::read(export.join(route)).unwrap(),
        ),
    ]);
    let files = tempfile::tempdir().unwrap();
    let zip_path = files.path().join("export.zip");
    std::fs::write(&zip_path, zip).unwrap();
    let zipped = laps(
        dir.path(),
        &["import", "--user", "ada", zip_path.to_str().unwrap()],
        None,
    );
    let out = text(&zipped.stdout);
    assert!(zipped.status.success(), "{}{out}", text(&zipped.stderr));
    assert!(
        out.contains("0 workouts imported, 1 duplicates, 0 refused"),
        "{out}"
    );
}

#[test]
fn the_version_names_the_release_and_the_commit() {
    let dir = tempfile::tempdir().unwrap();
    let version = laps(dir.path(), &["--version"], None);
    assert!(version.status.success());
    let line = text(&version.stdout);
    let release = format!("laps {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(line.starts_with(&release), "{line}");
    // Built from this checkout: the commit git names (when git is there to ask).
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    if let Ok(head) = head
        && head.status.success()
    {
        let head = text(&head.stdout);
        assert_eq!(line.trim(), format!("{release}{})", head.trim()));
    }
}

/// The server answers `laps healthcheck` at its address; nothing there is a failure with the
/// address named.
async fn the_healthcheck_asks_the_server_at_its_address(backend: db::Backend) {
    let app = crate::helpers::spawn_app(backend).await;
    let address = app.url("").trim_start_matches("http://").to_owned();
    let dir = tempfile::tempdir().unwrap();
    let run = |listen: String| {
        let dir = dir.path().to_owned();
        tokio::task::spawn_blocking(move || laps(&dir, &["healthcheck", "--listen", &listen], None))
    };
    let up = run(address.clone()).await.unwrap();
    assert!(up.status.success(), "{}", text(&up.stderr));
    assert_eq!(
        text(&up.stdout).trim(),
        format!("ok: http://{address}/healthz (ok)")
    );

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nobody = closed.local_addr().unwrap().to_string();
    drop(closed);
    let down = run(nobody.clone()).await.unwrap();
    assert_eq!(down.status.code(), Some(1));
    assert!(
        text(&down.stderr).contains(&format!("http://{nobody}/healthz: no answer")),
        "{}",
        text(&down.stderr)
    );
}

db::on_both_backends!(the_healthcheck_asks_the_server_at_its_address);

/// `laps serve` logs one access line per request at the default level, with the route's
/// template, status and bytes, and never a token or a cookie it was sent.
#[test]
fn the_access_log_names_each_request_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    laps(
        dir.path(),
        &["user", "add", "ada"],
        Some("correct horse battery\n"),
    );
    let added = laps(
        dir.path(),
        &["token", "add", "--user", "ada", "--scope", "read", "--json"],
        None,
    );
    let made: serde_json::Value = serde_json::from_slice(&added.stdout).unwrap();
    let token = made["token"].as_str().unwrap().to_owned();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let server = Command::new(env!("CARGO_BIN_EXE_laps"))
        .args(["serve", "--listen", &listen, "--log-format", "json"])
        .env("LAPS_DATA_DIR", dir.path())
        .env_remove("LAPS_DATABASE_URL")
        .env_remove("LAPS_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("laps serve starts");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let base = format!("http://{listen}");
    let session = "laps_session=SESSIONSECRET0123456789";
    let answered = runtime.block_on(async {
        let client = reqwest::Client::new();
        for _ in 0..100 {
            if client.get(format!("{base}/healthz")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let by_query = client
            .get(format!("{base}/api/v1/workouts?access_token={token}"))
            .header("cookie", session)
            .send()
            .await
            .unwrap();
        let by_header = client
            .get(format!("{base}/api/v1/workouts/12345"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        // The body's length still goes out with it.
        assert!(by_query.headers().contains_key("content-length"));
        (by_query.status(), by_header.status())
    });
    assert_eq!(
        answered,
        (reqwest::StatusCode::OK, reqwest::StatusCode::NOT_FOUND)
    );
    // The lines are written once the answers are out; then the server may go.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut server = server;
    server.kill().unwrap();
    let output = server.wait_with_output().unwrap();
    let log = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert!(!log.contains(&token), "the token is never logged");
    assert!(!log.contains("SESSIONSECRET"), "nor a cookie");
    let access: Vec<serde_json::Value> = log
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|line| line["target"] == "laps::access")
        .collect();
    let of = |route: &str| {
        access
            .iter()
            .find(|line| line["route"] == route)
            .unwrap_or_else(|| panic!("a line for {route}: {access:?}"))
    };
    let list = of("/api/v1/workouts");
    assert_eq!(list["method"], "GET");
    assert_eq!(list["status"], 200);
    assert!(list["bytes"].as_u64().unwrap() > 0, "{list}");
    assert!(
        list["span"]["request_id"]
            .as_str()
            .is_some_and(|id| !id.is_empty()),
        "{list}"
    );
    assert_eq!(of("/api/v1/workouts/{id}")["status"], 404);
}

/// The systemd unit in `deploy/systemd` reads cleanly to `systemd-analyze verify` (where the
/// machine has it: every directive known, every value valid, the binary there) and keeps the
/// sandboxing it promises.
#[test]
fn the_systemd_unit_verifies_and_is_sandboxed() {
    let unit = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../deploy/systemd/laps.service"
    ))
    .unwrap();
    for directive in [
        "DynamicUser=yes",
        "StateDirectory=laps",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "NoNewPrivileges=yes",
        "CapabilityBoundingSet=\n",
    ] {
        assert!(unit.contains(directive), "the unit has {directive:?}");
    }
    // Without systemd-analyze on the machine, the unit is checked by reading only.
    let Ok(analyze) = Command::new("systemd-analyze").arg("--version").output() else {
        return;
    };
    assert!(analyze.status.success());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("laps.service");
    // The binary just built stands in for the installed one (verify checks it exists).
    std::fs::write(
        &path,
        unit.replace("/usr/local/bin/laps", env!("CARGO_BIN_EXE_laps")),
    )
    .unwrap();
    let verified = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(verified.status.success(), "{}", text(&verified.stderr));
    assert_eq!(text(&verified.stderr), "", "no warning about the unit");
}
