//! An independent check of the FIT reader: Garmin's official FIT SDK (Python) must count the
//! same records, laps and sessions, and the same sum of heart rates, in every corpus FIT file it
//! can decode.

use std::process::Command;

use crate::manifest;

fn sdk_python() -> String {
    std::env::var("LAPS_FIT_SDK_PYTHON")
        .unwrap_or_else(|_| "/tmp/laps-fitsdk/bin/python".to_owned())
}

#[test]
fn fit_message_counts_agree_with_garmins_sdk() {
    let files: Vec<_> = manifest()
        .into_iter()
        .filter(|e| e.relative.starts_with("fit/"))
        .collect();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/fit_sdk_counts.py");
    let output = Command::new(sdk_python())
        .arg(script)
        .args(files.iter().map(|e| &e.path))
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (garmin-fit-sdk; scripts/test installs it): {e}",
                sdk_python()
            )
        });
    assert!(
        output.status.success(),
        "the SDK script failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut compared = 0;
    let mut sdk_failures = Vec::new();
    let mut problems = Vec::new();
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let sdk: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = sdk["path"].as_str().unwrap();
        if !sdk["errors"].as_array().unwrap().is_empty() {
            // The SDK cannot decode compressed-timestamp headers and stops at damage; there is
            // nothing to compare with for those (the corpus README lists them).
            sdk_failures.push(path.rsplit('/').next().unwrap().to_owned());
            continue;
        }
        let ours = formats::fit::statistics(&std::fs::read(path).unwrap()).unwrap();
        let pairs = [
            (
                "records",
                ours.records as u64,
                sdk["records"].as_u64().unwrap(),
            ),
            ("laps", ours.laps as u64, sdk["laps"].as_u64().unwrap()),
            (
                "sessions",
                ours.sessions as u64,
                sdk["sessions"].as_u64().unwrap(),
            ),
            (
                "heart rate sum",
                ours.heart_rate_sum,
                sdk["heart_rate_sum"].as_u64().unwrap(),
            ),
        ];
        for (what, mine, theirs) in pairs {
            if mine != theirs {
                problems.push(format!("{path}: {what}: ours {mine}, SDK {theirs}"));
            }
        }
        compared += 1;
    }
    sdk_failures.sort();
    assert_eq!(
        sdk_failures,
        [
            "fitparse__antfs-dump.63.fit",
            "fitparse__compressed-speed-distance.fit",
            "fitparse__nick.fit",
            "fitparse__strava-android-app-201.10-b1218918.fit",
        ],
        "the SDK fails only on the files known to defeat it"
    );
    assert!(compared > 110, "only {compared} files compared");
    assert!(
        problems.is_empty(),
        "disagreements with the FIT SDK:\n{}",
        problems.join("\n")
    );
}
