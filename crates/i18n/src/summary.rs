//! What an upload brought in, in words: the one wording of [`UploadSummary`] for the upload
//! page (in the athlete's language) and for the server's inbox notes and logs (in English).

use domain::{Language, UploadSummary};

use crate::format;

/// The summary in words, nothing said about what did not happen: "212 workouts, 3 manual
/// entries, 41 days of activity, 5 skipped (sleep)"; "nothing" for an empty upload.
pub fn upload_summary(language: Language, s: &UploadSummary) -> String {
    let count = |key: &str, n: u32| format(language, key, &[("count", n.into())]);
    let counted = [
        ("workout-count", s.workouts),
        ("upload-summary-manual", s.manual),
        ("upload-summary-duplicates", s.duplicates),
        ("upload-summary-linked", s.linked),
        ("upload-summary-days", s.days),
        ("upload-summary-days-kept", s.days_kept),
        ("upload-summary-refused", s.refused),
        ("upload-summary-days-refused", s.days_refused),
    ];
    let mut parts: Vec<String> = counted
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(key, n)| count(key, n))
        .collect();
    if s.settings {
        parts.push(format(language, "upload-summary-settings", &[]));
    }
    if s.gear {
        parts.push(format(language, "upload-summary-gear", &[]));
    }
    if s.gear_refused > 0 {
        parts.push(count("upload-summary-gear-refused", s.gear_refused));
    }
    let skipped: u32 = s.skipped.iter().map(|k| k.count).sum();
    if skipped > 0 {
        let kinds: Vec<&str> = s.skipped.iter().map(|k| k.kind.as_str()).collect();
        parts.push(format(
            language,
            "upload-summary-skipped",
            &[
                ("count", skipped.into()),
                ("kinds", kinds.join(", ").into()),
            ],
        ));
    }
    if parts.is_empty() {
        format(language, "upload-summary-nothing", &[])
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use domain::SkippedKind;

    use super::*;

    fn summary() -> UploadSummary {
        UploadSummary {
            workouts: 3,
            manual: 1,
            linked: 1,
            days: 41,
            days_kept: 2,
            refused: 1,
            days_refused: 1,
            settings: true,
            skipped: vec![SkippedKind {
                kind: "sleep".to_owned(),
                count: 5,
            }],
            ..UploadSummary::default()
        }
    }

    #[test]
    fn the_summary_names_what_happened_and_nothing_else() {
        assert_eq!(
            upload_summary(Language::En, &summary()),
            "3 workouts, 1 manual entry, 1 linked to a workout already there, 41 days of activity, 2 days kept from a preferred source, 1 refused, 1 day refused, settings restored, 5 skipped (sleep)"
        );
        assert_eq!(
            upload_summary(Language::En, &UploadSummary::default()),
            "nothing"
        );
        let german = upload_summary(Language::De, &summary());
        assert!(german.starts_with("3 Einheiten, "), "{german}");
        assert!(
            german.ends_with("(sleep)"),
            "the kinds as the archive named them: {german}"
        );
    }
}
