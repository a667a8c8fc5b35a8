//! `/calendar/YYYY`: a year as twelve small months, each day shaded by how long its workouts
//! took (the shades of the statistics page's heatmap), each month and each day with workouts
//! a link into the month.

use domain::{Date, DayTotals, Units, YearDays, display};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

use super::{Jumps, month_href};
use crate::{
    components::{EmptyLog, RequireUser},
    i18n::{month_name, month_year, weekday_short},
    pages::stats::heatmap::{Legend, day_label, escape},
    workouts::{CalendarYearData, calendar_year},
};

/// The year page.
#[component]
pub fn CalendarYear() -> impl IntoView {
    // Outside `RequireUser`'s `Suspend`, as the month page's (see there).
    let params = use_params_map();
    let year = move || {
        params
            .get()
            .get("year")
            .and_then(|y| y.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(year, calendar_year);
    view! {
        <Title text=t!("nav-calendar") />
        <RequireUser children=move |_| view! {
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => Either::Left(view! { <Year data /> }),
                        Err(error) => Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    }
                })}
            </Transition>
        } />
    }
}

/// The page's address for a year.
pub fn year_href(year: i32) -> String {
    format!("/calendar/{year}")
}

/// "2 workouts · 1:30:00", or "No workouts".
fn totals_text(workouts: u32, elapsed_ms: i64) -> String {
    let count = t!("workout-count", count = workouts);
    match workouts {
        0 => count,
        _ => format!("{count} · {}", display::duration(elapsed_ms)),
    }
}

#[component]
fn Year(data: CalendarYearData) -> impl IntoView {
    let CalendarYearData {
        year,
        preferences,
        today,
        days,
        around,
    } = data;
    let units = preferences.units;
    let workouts: u32 = days.days.iter().map(|d| d.workouts).sum();
    let elapsed: i64 = days.days.iter().map(|d| d.elapsed_ms).sum();
    let months = months_html(&days, preferences.first_day_of_week, units, today);
    let summary = (workouts > 0).then(|| totals_text(workouts, elapsed));
    let empty = match (workouts, around.span) {
        (0, None) => Some(view! { <EmptyLog /> }.into_any()),
        (0, Some((_, latest))) => Some(
            view! {
                <div class="empty-state calendar-empty">
                    <p>{t!("calendar-empty-year", year = year.to_string())}</p>
                    <Jumps before=around.earlier after=around.later latest />
                </div>
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        <section class="card calendar calendar-year">
            <header class="calendar-head">
                <h1>{year}</h1>
                <nav class="calendar-nav" aria-label=t!("calendar-years")>
                    <A href=year_href(year - 1) attr:aria-label=t!("calendar-previous-year") attr:rel="prev">"‹"</A>
                    <A href=month_href(Date { day: 1, ..today })>{t!("calendar-today")}</A>
                    <A href=year_href(year + 1) attr:aria-label=t!("calendar-next-year") attr:rel="next">"›"</A>
                </nav>
            </header>
            {summary.map(|s| view! { <p class="month-totals"><strong>{s}</strong></p> })}
            {empty}
            <div class="year-months" inner_html=months></div>
            <Legend />
        </section>
    }
}

/// The twelve months as HTML: text built by a pure function, as the heatmap's table, because
/// their ~370 day cells as components would cost milliseconds of every render. Only dates,
/// numbers and the catalogue's words go into it, escaped all the same.
pub fn months_html(days: &YearDays, first_day_of_week: u32, units: Units, today: Date) -> String {
    use std::fmt::Write as _;

    let year = days.year;
    let mut html = String::with_capacity(48 * 1024);
    let initials: String = (0..7)
        .map(|i| {
            let name = weekday_short((first_day_of_week + i) % 7);
            let initial: String = name.chars().take(1).flat_map(char::to_uppercase).collect();
            format!(
                "<th scope=\"col\" abbr=\"{}\">{}</th>",
                escape(&name),
                escape(&initial)
            )
        })
        .collect();
    for month in 1..=12u32 {
        let Some(first) = Date::new(year, month, 1) else {
            continue;
        };
        let name = escape(&month_name(month));
        let href = month_href(first);
        let in_month: Vec<&DayTotals> = days
            .days
            .iter()
            .filter(|d| d.day.year == year && d.day.month == month)
            .collect();
        let count: u32 = in_month.iter().map(|d| d.workouts).sum();
        let elapsed: i64 = in_month.iter().map(|d| d.elapsed_ms).sum();
        let totals = totals_text(count, elapsed);
        let caption = t!(
            "calendar-mini-caption",
            month = month_year(first),
            totals = &totals
        );
        let _ = write!(
            html,
            "<section class=\"mini-month\"><h2><a href=\"{href}\">{name}</a></h2>\
             <p class=\"mini-totals\">{}</p><table><caption class=\"visually-hidden\">\
             {}</caption><thead><tr>{initials}</tr></thead><tbody>",
            escape(&totals),
            escape(&caption)
        );
        let lead = i64::from((first.weekday() + 7 - first_day_of_week % 7) % 7);
        let length = first.add_months(1).days() - first.days();
        let cells = (lead + length + 6) / 7 * 7;
        for cell in 0..cells {
            if cell % 7 == 0 {
                html.push_str("<tr>");
            }
            let offset = cell - lead;
            if (0..length).contains(&offset) {
                let day = Date::from_days(first.days() + offset);
                let totals = days.on(day);
                let label = escape(&day_label(&totals, units));
                let today = if day == today { " today" } else { "" };
                let _ = write!(
                    html,
                    "<td class=\"heat-{}{today}\" data-date=\"{day}\"",
                    totals.level()
                );
                if totals.workouts == 0 {
                    let _ = write!(html, " title=\"{label}\">{}</td>", day.day);
                } else {
                    let _ = write!(
                        html,
                        "><a href=\"{href}\" title=\"{label}\" aria-label=\"{label}\">{}</a></td>",
                        day.day
                    );
                }
            } else {
                html.push_str("<td></td>");
            }
            if cell % 7 == 6 {
                html.push_str("</tr>");
            }
        }
        html.push_str("</tbody></table></section>");
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str, workouts: u32, elapsed_ms: i64) -> DayTotals {
        DayTotals {
            day: Date::parse(text).unwrap(),
            workouts,
            elapsed_ms,
            moving_ms: elapsed_ms,
            distance_m: 0.0,
        }
    }

    #[test]
    fn twelve_months_each_day_once_days_with_workouts_linked() {
        let days = YearDays {
            year: 2024,
            sport: None,
            days: vec![
                day("2024-02-29", 2, 5_400_000),
                day("2024-12-31", 1, 600_000),
            ],
        };
        let today = Date::parse("2024-03-01").unwrap();
        let html = months_html(&days, 0, Units::Metric, today);
        assert_eq!(html.matches("<section class=\"mini-month\">").count(), 12);
        assert_eq!(
            html.matches(" data-date=\"2024-").count(),
            366,
            "a leap year"
        );
        assert!(html.contains(
            "<td class=\"heat-3\" data-date=\"2024-02-29\"><a href=\"/calendar/2024/02\" \
             title=\"2024-02-29: 2 workouts, 1:30:00\""
        ));
        assert!(html.contains(
            "<td class=\"heat-1\" data-date=\"2024-12-31\"><a href=\"/calendar/2024/12\""
        ));
        assert!(html.contains("<td class=\"heat-0 today\" data-date=\"2024-03-01\" title="));
        assert_eq!(html.matches("<a href=\"/calendar/2024/").count(), 12 + 2);
        assert!(html.contains("<p class=\"mini-totals\">2 workouts · 1:30:00</p>"));
        // 2024 began on a Monday: no blank cell before January 1st in weeks from Monday, one
        // in weeks from Sunday (day 6).
        let from_monday = &html[..html.find("2024-01-01").unwrap()];
        assert_eq!(from_monday.matches("<td></td>").count(), 0);
        let html = months_html(&days, 6, Units::Metric, today);
        let from_sunday = &html[..html.find("2024-01-01").unwrap()];
        assert_eq!(from_sunday.matches("<td></td>").count(), 1);
    }
}
