//! A year of days as a table of weeks (columns) by weekdays (rows), each day shaded by how
//! long its workouts took. Server-rendered HTML, no script: a day with workouts is a link to its
//! month in the calendar, named by what it held ("2024-05-03: 2 workouts, 1:10:00, 12.40 km"),
//! so the keyboard and screen readers reach exactly the days that hold something; every day has
//! its words as a title for the pointer. On a narrow screen the table scrolls sideways inside
//! its region, which takes the keyboard's focus.

use std::collections::HashMap;

use domain::{Date, DayTotals, Period, Units, YearDays, display};
use leptos::prelude::*;

use crate::i18n::{month_short, num, weekday_short};

/// What a day held, in words.
pub fn day_label(day: &DayTotals, units: Units) -> String {
    let date = day.day.to_string();
    if day.workouts == 0 {
        return t!("stats-day-rest", date = date);
    }
    let label = t!(
        "stats-day",
        date = date,
        workouts = t!("workout-count", count = day.workouts),
        time = display::duration(day.elapsed_ms)
    );
    if day.distance_m > 0.0 {
        format!("{label}, {}", num(display::distance(day.distance_m, units)))
    } else {
        label
    }
}

/// The legend of the shades, from none to the most.
#[component]
pub fn Legend() -> impl IntoView {
    let levels = [
        t!("stats-level-0"),
        t!("stats-level-1"),
        t!("stats-level-2"),
        t!("stats-level-3"),
        t!("stats-level-4"),
    ];
    view! {
        <ul class="heat-legend" aria-label=t!("stats-shades")>
            {levels.into_iter().enumerate().map(|(level, words)| view! {
                <li><span class=format!("heat-swatch heat-{level}") aria-hidden="true"></span>{words}</li>
            }).collect_view()}
        </ul>
    }
}

/// The first day of each week column of `year`: from the week (beginning on
/// `first_day_of_week`) that holds January 1st to the one that holds December 31st (53
/// columns, 54 in a rare leap year).
pub fn columns(year: i32, first_day_of_week: u32) -> Vec<Date> {
    let (Some(first), Some(last)) = (Date::new(year, 1, 1), Date::new(year, 12, 31)) else {
        return Vec::new();
    };
    let start = Period::Week.start_of(first, first_day_of_week);
    let end = Period::Week.start_of(last, first_day_of_week);
    (0..=(end.days() - start.days()) / 7)
        .map(|week| Date::from_days(start.days() + 7 * week))
        .collect()
}

/// A year's heatmap (its [`table`]) in its scrolling region, and the legend of its shades.
#[component]
pub fn Heatmap(year: i32, table: String) -> impl IntoView {
    view! {
        <div class="heatmap-scroll" role="region" aria-label=t!("stats-days-of", year = year.to_string()) tabindex="0" inner_html=table></div>
        <Legend />
    }
}

/// The year's table as HTML: built as text, a pure function of the data like the charts'
/// SVG, because its 371 cells as components took several milliseconds of every page's render.
/// Only dates, numbers and the catalogue's words go into it, each escaped all the same.
pub fn table(days: &YearDays, first_day_of_week: u32, units: Units, today: Date) -> String {
    use std::fmt::Write as _;

    let year = days.year;
    let by_day: HashMap<Date, &DayTotals> = days.days.iter().map(|d| (d.day, d)).collect();
    let weeks = columns(year, first_day_of_week);
    let mut html = String::with_capacity(32 * 1024);
    let caption = t!(
        "stats-heatmap-caption",
        year = year.to_string(),
        count = days.days.len()
    );
    let _ = write!(
        html,
        "<table class=\"heatmap\"><caption class=\"visually-hidden\">{}</caption>\
         <thead><tr><td></td>",
        escape(&caption)
    );
    // A column is headed by the month whose 1st it holds.
    for start in &weeks {
        let first = (0..7)
            .map(|d| Date::from_days(start.days() + d))
            .find(|d| d.day == 1 && d.year == year);
        match first {
            Some(d) => {
                let month = escape(&month_short(d.month));
                let _ = write!(html, "<th scope=\"col\" class=\"heat-month\">{month}</th>");
            }
            None => html.push_str("<td></td>"),
        }
    }
    html.push_str("</tr></thead><tbody>");
    for row in 0..7u32 {
        let weekday = escape(&weekday_short((first_day_of_week + row) % 7));
        let _ = write!(
            html,
            "<tr><th scope=\"row\" class=\"heat-weekday\">{weekday}</th>"
        );
        for start in &weeks {
            let day = Date::from_days(start.days() + i64::from(row));
            if day.year != year {
                html.push_str("<td></td>");
                continue;
            }
            let totals = by_day.get(&day).map_or(
                DayTotals {
                    day,
                    workouts: 0,
                    moving_ms: 0,
                    elapsed_ms: 0,
                    distance_m: 0.0,
                },
                |d| **d,
            );
            let label = escape(&day_label(&totals, units));
            let today = if day == today { " today" } else { "" };
            let _ = write!(
                html,
                "<td class=\"heat-{}{today}\" data-date=\"{day}\"",
                totals.level()
            );
            if totals.workouts == 0 {
                let _ = write!(html, " title=\"{label}\"></td>");
            } else {
                let _ = write!(
                    html,
                    "><a href=\"/calendar/{}/{:02}\" title=\"{label}\" aria-label=\"{label}\"></a></td>",
                    day.year, day.month
                );
            }
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

/// Text made safe for HTML, in an attribute or between tags.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_53_or_54_week_columns() {
        let lengths: Vec<usize> = (2012..=2030).map(|y| columns(y, 0).len()).collect();
        assert!(lengths.iter().all(|n| (53..=54).contains(n)), "{lengths:?}");
        // 2012 began on a Sunday and, a leap year, ended on a Monday.
        assert_eq!(columns(2012, 0).len(), 54);
        assert_eq!(columns(2024, 0)[0].to_string(), "2024-01-01");
        assert_eq!(columns(2024, 6)[0].to_string(), "2023-12-31");
    }

    #[test]
    fn the_table_links_days_with_workouts_and_names_every_day() {
        let day = DayTotals {
            day: Date::new(2024, 5, 3).unwrap(),
            workouts: 1,
            moving_ms: 1_800_000,
            elapsed_ms: 1_800_000,
            distance_m: 5_000.0,
        };
        let year = YearDays {
            year: 2024,
            sport: None,
            days: vec![day],
        };
        let html = table(&year, 0, Units::Metric, Date::new(2024, 5, 4).unwrap());
        assert!(html.contains(
            "<td class=\"heat-2\" data-date=\"2024-05-03\"><a href=\"/calendar/2024/05\" \
             title=\"2024-05-03: 1 workout, 30:00, 5.00 km\" aria-label=\"2024-05-03: 1 workout, \
             30:00, 5.00 km\"></a></td>"
        ));
        assert!(html.contains(
            "<td class=\"heat-0 today\" data-date=\"2024-05-04\" title=\"2024-05-04: no workouts\"></td>"
        ));
        assert_eq!(
            html.matches("data-date=").count(),
            366,
            "every day of a leap year"
        );
        assert_eq!(
            html.matches("<tr>").count(),
            8,
            "a row of months, seven of days"
        );
        assert_eq!(
            html.matches("scope=\"col\"").count(),
            12,
            "each month heads a column"
        );
        assert!(html.len() < 40_000, "{} bytes", html.len());
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }

    #[test]
    fn days_say_what_they_held() {
        let day = DayTotals {
            day: Date::new(2024, 5, 3).unwrap(),
            workouts: 2,
            moving_ms: 4_000_000,
            elapsed_ms: 4_200_000,
            distance_m: 12_400.0,
        };
        assert_eq!(
            day_label(&day, Units::Metric),
            "2024-05-03: 2 workouts, 1:10:00, 12.40 km"
        );
        let rest = DayTotals { workouts: 0, ..day };
        assert_eq!(day_label(&rest, Units::Metric), "2024-05-03: no workouts");
    }
}
