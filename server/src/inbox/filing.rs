//! What becomes of a file after its import: `imported/` or `refused/`, and the `.reason.txt`
//! written beside it.

use domain::{FileResult, Outcome, UploadSummary};

/// Where a file goes after its import, and what is written beside it.
#[derive(Debug, PartialEq)]
pub struct Filing {
    /// Nothing came of it: it goes to `refused/`.
    pub refused: bool,
    /// The results in words.
    pub summary: String,
    /// The `.reason.txt`: why it, or some items of it, were refused.
    pub reason: Option<String>,
}

impl Filing {
    /// Files a file by its results: refused when every item was refused (or it held none),
    /// imported otherwise, with the refused items' reasons beside it either way.
    pub fn of(shown: &str, results: &[FileResult]) -> Self {
        // The inbox's notes are for the log and the file system: English.
        let summary = i18n::upload_summary(domain::Language::En, &UploadSummary::of(results));
        let mut reasons = Vec::new();
        for result in results {
            match &result.outcome {
                Outcome::Refused { error } if result.file == shown => reasons.push(error.clone()),
                Outcome::Refused { error } => reasons.push(format!("{}: {error}", result.file)),
                Outcome::Days { refused, .. } | Outcome::Gear { refused, .. } => {
                    reasons.extend(refused.iter().map(|why| format!("{}: {why}", result.file)));
                }
                _ => {}
            }
        }
        let nothing = results.is_empty();
        let refused = nothing
            || results
                .iter()
                .all(|r| matches!(r.outcome, Outcome::Refused { .. }));
        if nothing {
            reasons.push("it holds nothing Laps imports".to_owned());
        }
        let reason = (!reasons.is_empty()).then(|| {
            let head = if refused {
                format!("{shown} was not imported:\n")
            } else {
                format!("{shown}: {summary}. Refused:\n")
            };
            let mut text = head;
            for why in reasons {
                text.push_str(&why);
                text.push('\n');
            }
            text
        });
        Self {
            refused,
            summary,
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use domain::WorkoutId;

    use super::*;

    fn result(file: &str, outcome: Outcome) -> FileResult {
        FileResult {
            file: file.to_owned(),
            outcome,
        }
    }

    #[test]
    fn a_file_is_refused_only_when_nothing_came_of_it() {
        let refused = |error: &str| Outcome::Refused {
            error: error.to_owned(),
        };
        let one = Filing::of("bad.fit", &[result("bad.fit", refused("cut short"))]);
        assert!(one.refused);
        assert_eq!(
            one.reason.as_deref(),
            Some("bad.fit was not imported:\ncut short\n")
        );

        let id = WorkoutId::new(1);
        let zip = Filing::of(
            "season.zip",
            &[
                result(
                    "season.zip/run.fit",
                    Outcome::Imported {
                        workout_id: id,
                        workout_ids: vec![id],
                        overlaps: vec![],
                        manual: false,
                    },
                ),
                result("season.zip/notes.txt", refused("not a workout file")),
            ],
        );
        assert!(!zip.refused);
        assert_eq!(
            zip.reason.as_deref(),
            Some(
                "season.zip: 1 workout, 1 refused. Refused:\nseason.zip/notes.txt: not a workout file\n"
            )
        );

        let again = Filing::of(
            "run.fit",
            &[result("run.fit", Outcome::Duplicate { workout_id: id })],
        );
        assert_eq!(
            (again.refused, again.reason),
            (false, None),
            "in the log already"
        );
        let empty = Filing::of("empty.zip", &[]);
        assert!(empty.refused);
        assert!(empty.reason.unwrap().contains("holds nothing"));
    }
}
