//! What an upload became, as the page shows it: the streamed answer read line by line
//! ([`Reader`]), then one line for a single file, or for an archive its summary with the
//! workouts, duplicates and refusals listed (long lists behind a disclosure; days of activity
//! and skipped entries are counted in the summary only).

use domain::{
    Date, FileResult, Outcome, Units, UploadEvent, UploadSummary, UploadedWorkout, display,
};
use leptos::prelude::*;

use crate::i18n::{month_year, num, sport, upload_summary};

/// Lists longer than this are folded behind a disclosure.
const SHOWN: usize = 10;

/// One item's result and the workout it became.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// What became of it.
    pub result: FileResult,
    /// The workout it became or duplicates.
    pub workout: Option<UploadedWorkout>,
}

/// What an upload request finished with.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    /// Every item's result, in order.
    pub listed: Vec<Listed>,
    /// The results counted.
    pub summary: UploadSummary,
    /// Set when the server stopped before the end: what to tell the uploader.
    pub stopped: Option<String>,
}

/// Reads the streamed answer (`application/x-ndjson`) as it grows: each call gets the whole
/// text so far and takes the lines completed since the last.
#[derive(Debug, Default)]
// Only the browser reads answers; the unit tests feed it too.
#[cfg_attr(not(any(feature = "hydrate", test)), allow(dead_code))]
pub struct Reader {
    read: usize,
    /// Items the request holds, once the server said.
    pub total: Option<u32>,
    listed: Vec<Listed>,
    summary: Option<UploadSummary>,
    stopped: Option<String>,
}

#[cfg_attr(not(any(feature = "hydrate", test)), allow(dead_code))]
impl Reader {
    /// Takes the complete lines of `text` not read yet; a line that does not parse is a fault
    /// of the answer, reported as a stop.
    pub fn feed(&mut self, text: &str) {
        let Some(fresh) = text.get(self.read..) else {
            return;
        };
        let Some(end) = fresh.rfind('\n') else {
            return;
        };
        for line in fresh[..end].lines().filter(|l| !l.trim().is_empty()) {
            match serde_json::from_str::<UploadEvent>(line) {
                Ok(event) => self.take(event),
                Err(_) => {
                    self.stopped = Some(t!("upload-unreadable"));
                }
            }
        }
        self.read += end + 1;
    }

    fn take(&mut self, event: UploadEvent) {
        match event {
            UploadEvent::Planned { items } => self.total = Some(items),
            UploadEvent::Result { result, workout } => self.listed.push(Listed { result, workout }),
            UploadEvent::Summary { summary } => self.summary = Some(summary),
            UploadEvent::Failed { error } => self.stopped = Some(error),
        }
    }

    /// Items done so far.
    pub fn done(&self) -> u32 {
        u32::try_from(self.listed.len()).unwrap_or(u32::MAX)
    }

    /// What the request finished with, once the answer is complete (`None` while the summary
    /// has not come and nothing stopped it).
    pub fn finish(&mut self, complete: bool) -> Option<Finished> {
        if self.summary.is_none() && self.stopped.is_none() && !complete {
            return None;
        }
        let listed = std::mem::take(&mut self.listed);
        let stopped = self
            .stopped
            .take()
            .or_else(|| self.summary.is_none().then(|| t!("upload-answer-cut")));
        let summary = self.summary.take().unwrap_or_else(|| {
            UploadSummary::of(&listed.iter().map(|l| l.result.clone()).collect::<Vec<_>>())
        });
        Some(Finished {
            listed,
            summary,
            stopped,
        })
    }
}

/// The result of a request: one line for a single item, a summary and lists for an archive.
#[component]
pub fn Results(finished: Finished) -> impl IntoView {
    let Finished {
        listed,
        summary,
        stopped,
    } = finished;
    let stopped = stopped.map(|why| view! { <p class="result refused">{why}</p> });
    let calendar = latest_imported(&listed).map(|day| {
        view! {
            <p class="upload-next">
                <a href=format!("/calendar/{}/{:02}", day.year, day.month)>
                    {t!("upload-see-month", month = month_year(day))}
                </a>
            </p>
        }
    });
    if listed.len() == 1 && summary.skipped.is_empty() {
        let one = listed.into_iter().next().expect("one");
        return view! {
            <ul class="results">
                <ResultLine listed=one />
            </ul>
            {stopped}
            {calendar}
        }
        .into_any();
    }
    let (mut workouts, mut duplicates, mut refused) = (Vec::new(), Vec::new(), Vec::new());
    for l in listed {
        match &l.result.outcome {
            Outcome::Imported { .. } => workouts.push(l),
            Outcome::Duplicate { .. } | Outcome::Linked { .. } => duplicates.push(l),
            Outcome::Refused { .. } => refused.push(l),
            Outcome::Days { refused: days, .. } | Outcome::Gear { refused: days, .. }
                if !days.is_empty() =>
            {
                refused.push(l)
            }
            Outcome::Days { .. }
            | Outcome::Settings { .. }
            | Outcome::Gear { .. }
            | Outcome::Skipped { .. } => {}
        }
    }
    let group = |label: String, items: Vec<Listed>, class: &'static str| {
        (!items.is_empty()).then(|| {
            let open = items.len() <= SHOWN;
            view! {
                <details class=format!("result-group {class}") open=open>
                    <summary>{label}</summary>
                    <ul class="results">
                        {items.into_iter().map(|l| view! { <ArchiveLine listed=l /> }).collect_view()}
                    </ul>
                </details>
            }
        })
    };
    let imported = workouts.iter().map(|l| match &l.result.outcome {
        Outcome::Imported { workout_ids, .. } => workout_ids.len(),
        _ => 0,
    });
    let imported: usize = imported.sum();
    view! {
        <p class="upload-summary">{upload_summary(&summary)}</p>
        {stopped}
        {group(t!("upload-group-refused", count = refused.len()), refused, "refused")}
        {group(t!("upload-group-imported", workouts = t!("workout-count", count = imported)), workouts, "imported")}
        {group(t!("upload-group-duplicates", count = duplicates.len()), duplicates, "duplicate")}
        {calendar}
    }
    .into_any()
}

/// "2022-05-29 · Running · 10.31 km · 52:10": what tells an uploaded workout apart.
pub fn workout_facts(w: &UploadedWorkout, units: Units) -> String {
    let mut facts = format!("{} · {}", w.date, sport(w.sport));
    if let Some(d) = w.distance_m.filter(|d| *d > 0.0) {
        facts.push_str(&format!(" · {}", num(display::distance(d, units))));
    }
    if w.elapsed_ms > 0 {
        facts.push_str(&format!(" · {}", display::duration(w.elapsed_ms)));
    }
    facts
}

/// The latest day a workout of this upload started on (imported, not a duplicate): the
/// calendar month to open next.
pub fn latest_imported(listed: &[Listed]) -> Option<Date> {
    listed
        .iter()
        .filter(|l| matches!(l.result.outcome, Outcome::Imported { .. }))
        .filter_map(|l| l.workout.as_ref().map(|w| w.date))
        .max()
}

/// The workout a result became: its title as a link, its day, sport, duration and distance
/// (in the units the upload form was given as context).
fn workout_link(id: domain::WorkoutId, workout: Option<UploadedWorkout>) -> impl IntoView {
    match workout {
        Some(w) => view! {
            <a href=format!("/workouts/{id}")>{w.title.clone()}</a>
            <span class="muted">{format!(" {}", workout_facts(&w, use_context::<Units>().unwrap_or_default()))}</span>
        }
        .into_any(),
        None => view! { <a href=format!("/workouts/{id}")>{t!("upload-open-workout")}</a> }.into_any(),
    }
}

/// One item of an archive, under its group's heading (which says what became of it): the
/// workout by its title, or the entry's own name (the archive's path left out) with why.
#[component]
fn ArchiveLine(listed: Listed) -> impl IntoView {
    let Listed { result, workout } = listed;
    let entry = result
        .file
        .rsplit('/')
        .next()
        .unwrap_or(&result.file)
        .to_owned();
    match result.outcome {
        Outcome::Imported {
            workout_id,
            overlaps,
            manual,
            ..
        } => view! {
            <li class="result">
                {match workout {
                    Some(_) => workout_link(workout_id, workout).into_any(),
                    None => view! { {entry} " → " {workout_link(workout_id, None)} }.into_any(),
                }}
                {manual.then(|| view! { <span class="muted">" "{t!("upload-manual")}</span> })}
                {(!overlaps.is_empty()).then(|| view! { <span class="muted">" "{t!("upload-overlaps")}</span> })}
            </li>
        }
        .into_any(),
        Outcome::Duplicate { workout_id } => view! {
            <li class="result">
                {match workout {
                    Some(_) => workout_link(workout_id, workout).into_any(),
                    None => view! { {entry} " → " {workout_link(workout_id, None)} }.into_any(),
                }}
            </li>
        }
        .into_any(),
        Outcome::Linked {
            workout_id,
            service,
        } => view! {
            <li class="result">
                {match workout {
                    Some(_) => workout_link(workout_id, workout).into_any(),
                    None => view! { {entry} " → " {workout_link(workout_id, None)} }.into_any(),
                }}
                <span class="muted">" "{t!("upload-also-from", service = service)}</span>
            </li>
        }
        .into_any(),
        Outcome::Refused { error } => {
            view! { <li class="result refused">{t!("upload-named", name = entry, text = error)}</li> }
                .into_any()
        }
        Outcome::Days { refused, .. } | Outcome::Gear { refused, .. } => view! {
            <li class="result refused">{t!("upload-named", name = entry, text = refused.join("; "))}</li>
        }
        .into_any(),
        Outcome::Settings { .. } | Outcome::Skipped { .. } => ().into_any(),
    }
}

#[component]
fn ResultLine(listed: Listed) -> impl IntoView {
    let Listed { result, workout } = listed;
    let file = result.file;
    match result.outcome {
        Outcome::Imported {
            workout_id,
            workout_ids,
            overlaps,
            manual,
        } => view! {
            <li class="result imported">
                <span class="status">{t!("upload-status-imported")}</span>
                " " {file} " → " {workout_link(workout_id, workout)}
                {workout_ids
                    .into_iter()
                    .skip(1)
                    .map(|id| view! { " " <a href=format!("/workouts/{id}")>{t!("upload-next-session")}</a> })
                    .collect_view()}
                {manual.then(|| view! { <span class="muted">" "{t!("upload-manual")}</span> })}
                {(!overlaps.is_empty()).then(|| view! { <span class="muted">" "{t!("upload-overlaps")}</span> })}
            </li>
        }
        .into_any(),
        Outcome::Duplicate { workout_id } => view! {
            <li class="result duplicate">
                <span class="status">{t!("upload-status-duplicate")}</span>
                " " {file} " → " {workout_link(workout_id, workout)}
            </li>
        }
        .into_any(),
        Outcome::Linked {
            workout_id,
            service,
        } => view! {
            <li class="result duplicate">
                <span class="status">{t!("upload-status-linked")}</span>
                " " {file} " → " {t!("upload-linked-from", service = service)} " "
                {workout_link(workout_id, workout)}
            </li>
        }
        .into_any(),
        Outcome::Refused { error } => view! {
            <li class="result refused">
                <span class="status">{t!("upload-status-refused")}</span>
                " " {t!("upload-named", name = file, text = error)}
            </li>
        }
        .into_any(),
        Outcome::Days {
            stored,
            kept,
            refused,
        } => view! {
            <li class="result imported">
                <span class="status">{t!("upload-status-days")}</span>
                " " {t!("upload-named", name = file, text = with_refused(
                    if kept > 0 {
                        t!("upload-days-stored-kept", stored = stored, kept = kept)
                    } else {
                        t!("upload-days-stored", stored = stored)
                    },
                    &refused,
                ))}
            </li>
        }
        .into_any(),
        Outcome::Settings { changed } => view! {
            <li class="result imported">
                <span class="status">{t!("upload-status-settings")}</span>
                " " {t!("upload-named", name = file, text = if changed {
                    t!("upload-settings-restored")
                } else {
                    t!("upload-settings-unchanged")
                })}
            </li>
        }
        .into_any(),
        Outcome::Gear {
            stored,
            kept,
            refused,
        } => view! {
            <li class="result imported">
                <span class="status">{t!("upload-status-gear")}</span>
                " " {t!("upload-named", name = file, text = with_refused(
                    if kept > 0 {
                        t!("upload-gear-stored-kept", stored = stored, kept = kept)
                    } else {
                        t!("upload-gear-stored", stored = stored)
                    },
                    &refused,
                ))}
            </li>
        }
        .into_any(),
        Outcome::Skipped { kind, count } => view! {
            <li class="result duplicate">
                <span class="status">{t!("upload-status-skipped")}</span>
                " " {t!("upload-named", name = file, text = t!("upload-skipped", count = count, kind = kind))}
            </li>
        }
        .into_any(),
    }
}

/// `text`, then what was refused, if anything was.
fn with_refused(text: String, refused: &[String]) -> String {
    if refused.is_empty() {
        text
    } else {
        t!(
            "upload-with-refused",
            text = text,
            refused = refused.join("; ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(event: &UploadEvent) -> String {
        format!("{}\n", serde_json::to_string(event).unwrap())
    }

    #[test]
    fn an_uploaded_workout_is_told_by_day_sport_distance_and_duration() {
        let mut w = UploadedWorkout {
            title: "Canal loop".to_owned(),
            sport: domain::Sport::Running,
            date: Date::parse("2022-05-29").unwrap(),
            elapsed_ms: 3_130_000,
            distance_m: Some(10_310.0),
        };
        assert_eq!(
            workout_facts(&w, Units::Metric),
            "2022-05-29 · Running · 10.31 km · 52:10"
        );
        assert_eq!(
            workout_facts(&w, Units::Imperial),
            "2022-05-29 · Running · 6.41 mi · 52:10"
        );
        (w.distance_m, w.elapsed_ms) = (None, 0);
        assert_eq!(workout_facts(&w, Units::Metric), "2022-05-29 · Running");
    }

    #[test]
    fn the_calendar_opens_on_the_latest_workout_imported() {
        let id = domain::WorkoutId::new(1);
        let listed = |outcome: Outcome, day: &str| Listed {
            result: FileResult {
                file: format!("{day}.fit"),
                outcome,
            },
            workout: Some(UploadedWorkout {
                title: "Ride".to_owned(),
                sport: domain::Sport::Cycling,
                date: Date::parse(day).unwrap(),
                elapsed_ms: 3_600_000,
                distance_m: None,
            }),
        };
        let imported = || Outcome::Imported {
            workout_id: id,
            workout_ids: vec![id],
            overlaps: Vec::new(),
            manual: false,
        };
        let results = [
            listed(imported(), "2013-04-10"),
            listed(Outcome::Duplicate { workout_id: id }, "2020-01-01"),
            listed(imported(), "2016-07-05"),
            listed(imported(), "2014-02-01"),
        ];
        assert_eq!(latest_imported(&results), Date::parse("2016-07-05"));
        assert_eq!(latest_imported(&results[1..2]), None, "only a duplicate");
    }

    #[test]
    fn the_reader_takes_complete_lines_as_the_answer_grows() {
        let refused = UploadEvent::Result {
            result: FileResult {
                file: "a.zip/x.txt".to_owned(),
                outcome: Outcome::Refused {
                    error: "not a workout".to_owned(),
                },
            },
            workout: None,
        };
        let mut text = line(&UploadEvent::Planned { items: 2 });
        let mut reader = Reader::default();
        reader.feed(&text);
        assert_eq!((reader.total, reader.done()), (Some(2), 0));
        let second = line(&refused);
        // Half a line is left for later.
        text.push_str(&second[..10]);
        reader.feed(&text);
        assert_eq!(reader.done(), 0);
        text.push_str(&second[10..]);
        text.push_str(&second);
        reader.feed(&text);
        assert_eq!(reader.done(), 2);
        assert_eq!(reader.finish(false), None, "no summary yet");
        let summary = UploadSummary {
            refused: 2,
            ..UploadSummary::default()
        };
        text.push_str(&line(&UploadEvent::Summary {
            summary: summary.clone(),
        }));
        reader.feed(&text);
        let finished = reader.finish(true).unwrap();
        assert_eq!(
            (finished.listed.len(), finished.summary, finished.stopped),
            (2, summary, None)
        );
    }

    #[test]
    fn an_answer_cut_short_says_so_and_counts_what_came() {
        let mut reader = Reader::default();
        reader.feed(&line(&UploadEvent::Planned { items: 5 }));
        let finished = reader.finish(true).unwrap();
        assert!(finished.stopped.unwrap().contains("ended before"));
        assert_eq!(upload_summary(&finished.summary), "nothing");
    }
}
