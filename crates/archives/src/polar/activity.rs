//! `activity-*.json`: one day of the activity tracker.
//!
//! Polar does not document the file and no public reader of it was found, so the names below
//! are an assumption, each optional, read under the names the newer Polar schemas use elsewhere:
//! the day as `date` (or the date part of `summary.startTime` / `startTime`); steps as
//! `stepCount` or `steps`, at the top or in `summary`; active energy only where it is named
//! active (`activeCalories`), since Polar's plain `calories` include the resting energy the day
//! would have cost anyway; active time as `activeTime`/`activeDuration` (ISO 8601) or
//! `activeTimeMillis`. Per-hour steps come from `samples.steps[{localTime, value}]` when there,
//! each value taken as the steps of its own interval.

use domain::{ActivityHour, Date};
use serde::Deserialize;

use super::clock::duration_ms;
use crate::ArchiveDay;

/// The day's file (every field optional).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DayJson {
    date: Option<String>,
    start_time: Option<String>,
    #[serde(flatten)]
    figures: Figures,
    summary: Option<SummaryJson>,
    samples: Option<DaySamples>,
}

/// `summary`: the day's figures, and its start.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SummaryJson {
    date: Option<String>,
    start_time: Option<String>,
    #[serde(flatten)]
    figures: Figures,
}

/// A day's figures, wherever they are.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Figures {
    #[serde(alias = "steps")]
    step_count: Option<f64>,
    active_calories: Option<f64>,
    #[serde(alias = "activeDuration")]
    active_time: Option<String>,
    active_time_millis: Option<f64>,
}

/// `samples`: per-interval steps.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DaySamples {
    #[serde(default)]
    steps: Vec<LocalValue>,
}

/// One per-interval value at a local time of day (`HH:MM:SS.sss`) or date-time.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LocalValue {
    #[serde(alias = "dateTime")]
    local_time: Option<String>,
    value: Option<f64>,
}

/// Reads a day's activity (already free of bare `NaN`s).
pub(crate) fn read(json: &[u8]) -> Result<ArchiveDay, String> {
    let day: DayJson = serde_json::from_slice(json)
        .map_err(|e| format!("not a Polar Flow activity day as JSON: {e}"))?;
    let summary = day.summary.unwrap_or_default();
    let date_text = [
        day.date.as_deref(),
        summary.date.as_deref(),
        summary.start_time.as_deref(),
        day.start_time.as_deref(),
    ]
    .into_iter()
    .flatten()
    .next()
    .ok_or("no date (date, summary.startTime)")?;
    let date = date_text
        .get(..10)
        .and_then(Date::parse)
        .ok_or_else(|| format!("date {date_text:?} is not a date"))?;
    let figure = |pick: fn(&Figures) -> Option<f64>| pick(&summary.figures).or(pick(&day.figures));
    let active_ms = [&summary.figures, &day.figures].into_iter().find_map(|f| {
        f.active_time_millis
            .filter(|m| m.is_finite() && *m >= 0.0)
            .or_else(|| {
                f.active_time
                    .as_deref()
                    .and_then(duration_ms)
                    .map(|m| m as f64)
            })
    });
    let hours = hours(day.samples.unwrap_or_default().steps);
    let step_total = || (!hours.is_empty()).then(|| hours.iter().map(|h| h.steps).sum::<u32>());
    Ok(ArchiveDay {
        date,
        steps: figure(|f| f.step_count).and_then(count).or_else(step_total),
        active_kcal: figure(|f| f.active_calories).and_then(count),
        active_s: active_ms.and_then(|ms| count(ms / 1000.0)),
        hours,
    })
}

/// Steps per local hour, from per-interval samples; hours without steps left out.
fn hours(samples: Vec<LocalValue>) -> Vec<ActivityHour> {
    let mut steps = [0u32; 24];
    for sample in samples {
        let (Some(time), Some(value)) = (sample.local_time, sample.value.and_then(count)) else {
            continue;
        };
        // `HH:MM:SS` or a date-time whose time follows a `T`.
        let clock = time.rsplit('T').next().unwrap_or(&time);
        let Some(hour) = clock.get(..2).and_then(|h| h.parse::<usize>().ok()) else {
            continue;
        };
        if let Some(slot) = steps.get_mut(hour) {
            *slot = slot.saturating_add(value);
        }
    }
    steps
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > 0)
        .map(|(hour, s)| ActivityHour {
            hour: hour as u8,
            steps: *s,
            ..ActivityHour::default()
        })
        .collect()
}

/// A non-negative count, rounded.
fn count(value: f64) -> Option<u32> {
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    u32::try_from(value.round() as i64).ok()
}
