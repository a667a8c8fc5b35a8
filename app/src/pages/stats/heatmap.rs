//! A year of days as a table of weeks (columns) by weekdays (rows), each day shaded by how
//! long its workouts took. Server-rendered HTML, no script: a day with workouts is a link to its
//! month in the calendar (so the keyboard reaches exactly the days that hold something), and
//! every day says in words what it held ("2024-05-03: 2 workouts, 1:10:00, 12.40 km"), as its
//! title for the pointer and as text for screen readers. On a narrow screen the table scrolls
//! sideways inside its region.

use std::collections::HashMap;

use domain::{
    Date, DayTotals, Period, Units, YearDays,
    date::{MONTH_NAMES, WEEKDAY_NAMES},
    display,
};
use leptos::{either::Either, prelude::*};

/// What a day held, in words.
pub fn day_label(day: &DayTotals, units: Units) -> String {
    match day.workouts {
        0 => format!("{}: no workouts", day.day),
        n => {
            let noun = if n == 1 { "workout" } else { "workouts" };
            let distance = if day.distance_m > 0.0 {
                format!(", {}", display::distance(day.distance_m, units))
            } else {
                String::new()
            };
            format!(
                "{}: {n} {noun}, {}{distance}",
                day.day,
                display::duration(day.elapsed_ms)
            )
        }
    }
}

/// The legend's words for each shade, from none to the most.
pub const LEVELS: [&str; 5] = [
    "No workout",
    "Under 30 min",
    "30 min to 1 h",
    "1 to 2 h",
    "2 h or more",
];

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

/// The heatmap of `days`' year; `today` marked when it falls in it.
#[component]
pub fn Heatmap(days: YearDays, first_day_of_week: u32, units: Units, today: Date) -> impl IntoView {
    let year = days.year;
    let active = days.days.len();
    let by_day: HashMap<Date, DayTotals> = days.days.into_iter().map(|d| (d.day, d)).collect();
    let on = |day: Date| {
        by_day.get(&day).copied().unwrap_or(DayTotals {
            day,
            workouts: 0,
            moving_ms: 0,
            elapsed_ms: 0,
            distance_m: 0.0,
        })
    };
    let weeks = columns(year, first_day_of_week);
    // A column is headed by the month whose 1st it holds.
    let heads = weeks
        .iter()
        .map(|start| {
            (0..7)
                .map(|d| Date::from_days(start.days() + d))
                .find(|d| d.day == 1 && d.year == year)
                .map(|d| &MONTH_NAMES[d.month as usize - 1][..3])
        })
        .collect::<Vec<_>>();
    let rows = (0..7u32)
        .map(|row| {
            let weekday = WEEKDAY_NAMES[((first_day_of_week + row) % 7) as usize];
            let cells = weeks
                .iter()
                .map(|start| {
                    let day = Date::from_days(start.days() + i64::from(row));
                    (day.year == year).then(|| on(day))
                })
                .collect::<Vec<_>>();
            (weekday, cells)
        })
        .collect::<Vec<_>>();
    view! {
        <div class="heatmap-scroll" role="region" aria-label=format!("Days of {year}") tabindex="0">
            <table class="heatmap">
                <caption class="visually-hidden">
                    {format!(
                        "Workouts on each day of {year}: {active} active {}. One column per week, one row per weekday; a day with workouts links to its month in the calendar.",
                        if active == 1 { "day" } else { "days" }
                    )}
                </caption>
                <thead>
                    <tr>
                        <td></td>
                        {heads.into_iter().map(|head| match head {
                            Some(month) => Either::Left(view! { <th scope="col" class="heat-month">{month}</th> }),
                            None => Either::Right(view! { <td></td> }),
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(weekday, cells)| view! {
                        <tr>
                            <th scope="row" class="heat-weekday">{weekday}</th>
                            {cells.into_iter().map(|cell| match cell {
                                None => Either::Left(view! { <td class="heat-out"></td> }),
                                Some(day) => Either::Right(view! { <DayCell day units today /> }),
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <ul class="heat-legend" aria-label="Shades, by time">
            {LEVELS.into_iter().enumerate().map(|(level, words)| view! {
                <li><span class=format!("heat-swatch heat-{level}") aria-hidden="true"></span>{words}</li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn DayCell(day: DayTotals, units: Units, today: Date) -> impl IntoView {
    let label = day_label(&day, units);
    let title = label.clone();
    let class = format!("heat heat-{}", day.level());
    let is_today = day.day == today;
    let date = day.day.to_string();
    if day.workouts == 0 {
        return Either::Left(view! {
            <td class=class class:today=is_today data-date=date title=title>
                <span class="visually-hidden">{label}</span>
            </td>
        });
    }
    let href = format!("/calendar/{}/{:02}", day.day.year, day.day.month);
    Either::Right(view! {
        <td class=class class:today=is_today data-date=date>
            <a href=href title=title><span class="visually-hidden">{label}</span></a>
        </td>
    })
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
