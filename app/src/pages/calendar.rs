//! `/calendar` and `/calendar/YYYY/MM`: a month grid with week totals, a month and year
//! picker, and from a month without workouts the way to the nearest ones; `/calendar/YYYY`
//! ([`year`]): the year as twelve small months.

mod agenda;
mod year;

use domain::{AroundMonth, Date, Units, WorkoutSummary, display};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

pub use year::CalendarYear;
use year::year_href;

use crate::{
    AppError,
    components::{EmptyLog, RequireUser},
    i18n::{month_name, month_year, num, sport, weekday_short},
    workouts::{CalendarData, calendar_month},
};

/// The calendar page.
#[component]
pub fn Calendar() -> impl IntoView {
    // Created here, outside `RequireUser`'s `Suspend`: Suspense walks its children more than
    // once, so a resource created inside one is created (and its server function called) anew
    // each time, and the runs left behind lose the request's context.
    let data = month_data();
    view! {
        <Title text=t!("nav-calendar") />
        <RequireUser children=move |_| view! { <MonthView data /> } />
    }
}

/// The month the address asks for: in its path, or in the picker's query
/// (`/calendar?year=2013&month=4`); the current one for a bare `/calendar`.
fn month_data() -> Resource<Result<CalendarData, AppError>> {
    let params = use_params_map();
    let query = use_query_map();
    let wanted = move || {
        let (p, q) = (params.get(), query.get());
        let field = |name: &str| p.get(name).or_else(|| q.get(name));
        let year = field("year")
            .and_then(|y| y.trim().parse::<i32>().ok())
            .unwrap_or(0);
        let month = field("month")
            .and_then(|m| m.trim().parse::<u32>().ok())
            .unwrap_or(0);
        (year, month)
    };
    Resource::new(wanted, |(year, month)| calendar_month(year, month))
}

#[component]
fn MonthView(data: Resource<Result<CalendarData, AppError>>) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => Either::Left(view! { <Month data /> }),
                    Err(error) => Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                }
            })}
        </Transition>
    }
}

/// The calendar's address for the month of `date`.
pub(crate) fn month_href(date: Date) -> String {
    format!("/calendar/{}/{:02}", date.year, date.month)
}

/// Links from a month or year without workouts to the nearest ones: the last month before
/// with workouts, the first after, and the latest.
#[component]
pub(crate) fn Jumps(before: Option<Date>, after: Option<Date>, latest: Date) -> impl IntoView {
    let month_of = |d: Date| (d.year, d.month);
    let latest_is_near = [before, after]
        .into_iter()
        .flatten()
        .any(|d| month_of(d) == month_of(latest));
    view! {
        <ul class="calendar-jumps">
            {before.map(|d| view! {
                <li>{t!("calendar-earlier")} " " <A href=month_href(d) attr:rel="prev">{month_year(d)}</A></li>
            })}
            {after.map(|d| view! {
                <li>{t!("calendar-later")} " " <A href=month_href(d) attr:rel="next">{month_year(d)}</A></li>
            })}
            {(!latest_is_near).then(|| view! {
                <li>{t!("calendar-latest")} " " <A href=month_href(latest)>{month_year(latest)}</A></li>
            })}
        </ul>
    }
}

/// The month and year picker: a plain form, so it works before (and without) any script.
#[component]
fn Picker(month: Date, today: Date, span: Option<(Date, Date)>) -> impl IntoView {
    let (first, last) = span.map_or((today.year, today.year), |(a, b)| (a.year, b.year));
    let years = first.min(month.year).min(today.year)..=last.max(month.year).max(today.year);
    view! {
        <form class="month-picker" method="get" action="/calendar">
            <select name="month" aria-label=t!("calendar-month")>
                {(1..=12u32).map(|m| view! {
                    <option value=m.to_string() selected=m == month.month>{month_name(m)}</option>
                }).collect_view()}
            </select>
            <select name="year" aria-label=t!("calendar-year")>
                {years.rev().map(|y| view! {
                    <option value=y.to_string() selected=y == month.year>{y}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="secondary">{t!("calendar-show")}</button>
        </form>
    }
}

fn sport_class(sport: domain::Sport) -> String {
    format!("sport sport-{}", sport.name().replace('_', "-"))
}

/// A week's or a month's workouts summed.
#[derive(Default, Clone, Copy)]
struct Totals {
    count: usize,
    ms: i64,
    metres: f64,
}

impl Totals {
    fn add(&mut self, w: &WorkoutSummary) {
        self.count += 1;
        self.ms += w.metrics.elapsed_ms;
        self.metres += w.metrics.distance_m.unwrap_or(0.0);
    }
}

#[component]
fn Month(data: CalendarData) -> impl IntoView {
    let CalendarData {
        month,
        preferences,
        today,
        weeks,
        workouts,
        steps,
        around,
    } = data;
    let units = preferences.units;
    let first = preferences.first_day_of_week;
    let title = month_year(month);
    let mut month_totals = Totals::default();
    let mut by_sport: Vec<(domain::Sport, Totals)> = Vec::new();
    for w in workouts.iter().filter(|w| {
        let d = w.local_date();
        d.year == month.year && d.month == month.month
    }) {
        month_totals.add(w);
        match by_sport.iter_mut().find(|(s, _)| *s == w.sport) {
            Some((_, t)) => t.add(w),
            None => {
                let mut t = Totals::default();
                t.add(w);
                by_sport.push((w.sport, t));
            }
        }
    }
    let headers: Vec<String> = (0..7).map(|i| weekday_short((first + i) % 7)).collect();
    let empty = (month_totals.count == 0).then(|| empty_month(&title, around));
    let agenda = agenda::agenda(month, &weeks, &workouts, today, units);
    view! {
        <section class="card calendar">
            <header class="calendar-head">
                <h1>
                    {month_name(month.month)} " "
                    <A href=year_href(month.year) attr:title=t!("calendar-all-of", year = month.year.to_string())>{month.year}</A>
                </h1>
                <Picker month today span=around.span />
                <nav class="calendar-nav" aria-label=t!("calendar-months")>
                    <A href=month_href(month.add_months(-12)) attr:aria-label=t!("calendar-previous-year")>"«"</A>
                    <A href=month_href(month.add_months(-1)) attr:aria-label=t!("calendar-previous-month") attr:rel="prev">"‹"</A>
                    <A href=month_href(Date { day: 1, ..today })>{t!("calendar-today")}</A>
                    <A href=month_href(month.add_months(1)) attr:aria-label=t!("calendar-next-month") attr:rel="next">"›"</A>
                    <A href=month_href(month.add_months(12)) attr:aria-label=t!("calendar-next-year")>"»"</A>
                    <A href="/workouts">{t!("calendar-list")}</A>
                </nav>
            </header>
            <p class="month-totals">
                <strong>{t!("calendar-workouts", count = month_totals.count)}</strong>
                " · " {display::duration(month_totals.ms)}
                {(month_totals.metres > 0.0).then(|| format!(" · {}", num(display::distance(month_totals.metres, units))))}
                {by_sport.into_iter().map(|(s, t)| view! {
                    <span class=sport_class(s)>
                        {sport(s)} " " {t.count} " · " {display::duration(t.ms)}
                    </span>
                }).collect_view()}
            </p>
            <div class="calendar-scroll">
                <table class="calendar-grid">
                    <caption class="visually-hidden">{t!("calendar-caption", month = &title)}</caption>
                    <thead>
                        <tr>
                            {headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                            <th scope="col">{t!("calendar-week")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {weeks.into_iter().map(|days| {
                            let mut week = Totals::default();
                            let cells = days.iter().map(|day| {
                                let on_day: Vec<WorkoutSummary> = workouts.iter().filter(|w| w.local_date() == *day).cloned().collect();
                                on_day.iter().for_each(|w| week.add(w));
                                let steps = steps.iter().find(|(d, _)| d == day).map(|(_, n)| *n);
                                view! { <DayCell day=*day month today units on_day steps /> }
                            }).collect_view();
                            view! {
                                <tr>
                                    {cells}
                                    <td class="week-total">
                                        {(week.count > 0).then(|| view! {
                                            <span>{display::duration(week.ms)}</span>
                                            {(week.metres > 0.0).then(|| view! { <span>{num(display::distance(week.metres, units))}</span> })}
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {agenda}
            {empty}
        </section>
    }
}

/// What a month without workouts says: that the log is empty, or where its workouts are.
fn empty_month(title: &str, around: AroundMonth) -> AnyView {
    match around.span {
        None => view! { <EmptyLog /> }.into_any(),
        Some((_, latest)) => view! {
            <div class="empty-state calendar-empty">
                <p>{t!("calendar-empty-month", month = title)}</p>
                <Jumps before=around.earlier after=around.later latest />
            </div>
        }
        .into_any(),
    }
}

#[component]
fn DayCell(
    day: Date,
    month: Date,
    today: Date,
    units: Units,
    on_day: Vec<WorkoutSummary>,
    steps: Option<i64>,
) -> impl IntoView {
    let outside = day.month != month.month;
    view! {
        <td class="day" class:outside=outside class:today=day == today data-date=day.to_string()>
            <span class="day-number">{day.day}</span>
            {steps.map(|n| view! {
                <A href=format!("/activity/{day}") attr:class="day-steps">{t!("calendar-steps", count = n)}</A>
            })}
            <ul class="day-workouts">
                {on_day.into_iter().map(|w| {
                    let label_of_sport = sport(w.sport);
                    let summary = format!(
                        "{label_of_sport} {}{}",
                        display::duration(w.metrics.elapsed_ms),
                        w.metrics.distance_m.map(|d| format!(" {}", num(display::distance(d, units)))).unwrap_or_default()
                    );
                    let label = t!("calendar-workout-label", title = &w.title, summary = summary);
                    view! {
                        <li>
                            <A href=format!("/workouts/{}", w.id) attr:class=sport_class(w.sport) attr:title=w.title.clone() attr:aria-label=label>
                                <span class="sport-name">{label_of_sport}</span>
                                <span class="sport-stats">
                                    {display::duration(w.metrics.elapsed_ms)}
                                    {w.metrics.distance_m.map(|d| format!(" · {}", num(display::distance(d, units))))}
                                </span>
                            </A>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </td>
    }
}
