//! The month as an agenda, for phones: a heading per week with its totals, then one row per
//! workout (day, time, sport, duration, distance). The grid's seven columns need about 42rem;
//! below that the stylesheet shows this list instead, so every workout and every week's totals
//! are on screen without a sideways scroll.

use domain::{Date, Units, WorkoutSummary, display};
use leptos::prelude::*;

use super::{Totals, sport_class};
use crate::i18n::{month_short, num, sport, weekday_short};

/// "Mon 3": a day in an agenda row.
fn short_day(day: Date) -> String {
    t!(
        "calendar-weekday-day",
        weekday = weekday_short(day.weekday()),
        day = day.day
    )
}

/// "3 Mar": a week's first day in its heading.
fn short_date(day: Date) -> String {
    t!(
        "calendar-day-month",
        day = day.day,
        month = month_short(day.month)
    )
}

/// The month's weeks that hold workouts, each under a heading with its totals.
pub fn agenda(
    month: Date,
    weeks: &[Vec<Date>],
    workouts: &[WorkoutSummary],
    today: Date,
    units: Units,
) -> impl IntoView + use<> {
    let in_month = |d: Date| d.year == month.year && d.month == month.month;
    let weeks: Vec<(Date, Vec<WorkoutSummary>)> = weeks
        .iter()
        .filter_map(|days| {
            let (first, last) = (*days.first()?, *days.last()?);
            let held: Vec<WorkoutSummary> = workouts
                .iter()
                .filter(|w| {
                    let d = w.local_date();
                    d >= first && d <= last && in_month(d)
                })
                .cloned()
                .collect();
            (!held.is_empty()).then_some((first, held))
        })
        .collect();
    view! {
        <div class="calendar-agenda">
            {weeks.into_iter().map(|(first, held)| {
                let mut week = Totals::default();
                held.iter().for_each(|w| week.add(w));
                let heading = format!(
                    "{} · {}{}",
                    t!("calendar-week-of", date = short_date(first)),
                    display::duration(week.ms),
                    if week.metres > 0.0 { format!(" · {}", num(display::distance(week.metres, units))) } else { String::new() }
                );
                view! {
                    <section class="agenda-week">
                        <h2>{heading}</h2>
                        <ul>
                            {held.into_iter().map(|w| {
                                let day = w.local_date();
                                let (hour, minute) = w.local_time();
                                let stats = format!(
                                    "{}{}",
                                    display::duration(w.metrics.elapsed_ms),
                                    w.metrics.distance_m.map(|d| format!(" · {}", num(display::distance(d, units)))).unwrap_or_default()
                                );
                                view! {
                                    <li class:today=day == today data-date=day.to_string()>
                                        <a href=format!("/workouts/{}", w.id) class=sport_class(w.sport)>
                                            <span class="agenda-day">{short_day(day)}<small>{format!("{hour:02}:{minute:02}")}</small></span>
                                            <span class="agenda-what">
                                                <span class="agenda-title">{w.title.clone()}</span>
                                                <span class="agenda-stats">{format!("{} · {stats}", sport(w.sport))}</span>
                                            </span>
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view()}
        </div>
    }
}
