//! `/stats`: a year of training at a glance: the streaks, the year's days as a heatmap, totals
//! per week, month or year each against the same period a year earlier, and the same per
//! sport. The choice of period, sport and year is a plain GET form, so the page works without
//! script and every view has its own address.

pub(crate) mod heatmap;

use domain::{Date, Period, PeriodStats, PeriodTotals, Sport, Streak, Totals, Units, display};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    AppError,
    components::{EmptyLog, RequireUser},
    i18n::{month_short, month_year, num, sport as sport_name},
    stats::{StatsPageData, stats_page},
};

/// The statistics page.
#[component]
pub fn StatsPage() -> impl IntoView {
    let query = use_query_map();
    let wanted = move || {
        let q = query.get();
        let value = |key: &str| q.get(key).unwrap_or_default();
        (value("period"), value("sport"), value("year"))
    };
    // Created here, outside `RequireUser`'s `Suspend` (see the workout list).
    let data = Resource::new(wanted, |(period, sport, year)| {
        stats_page(period, sport, year)
    });
    view! {
        <Title text=t!("stats-title") />
        <RequireUser children=move |_| view! { <StatsView data /> } />
    }
}

#[component]
fn StatsView(data: Resource<Result<StatsPageData, AppError>>) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => Either::Left(view! { <StatsBody data /> }),
                    Err(error) => Either::Right(view! {
                        <section class="card">
                            <h1>{t!("stats-title")}</h1>
                            <p class="form-error">{error.to_string()}</p>
                            <p><A href="/stats">{t!("stats-this-years")}</A></p>
                        </section>
                    }),
                }
            })}
        </Transition>
    }
}

/// The page's address for a period, sport and year.
fn href(period: Period, sport: Option<Sport>, year: i32) -> String {
    let sport = sport
        .map(|s| format!("&sport={}", s.name()))
        .unwrap_or_default();
    format!("/stats?period={}{sport}&year={year}", period.name())
}

#[component]
fn StatsBody(data: StatsPageData) -> impl IntoView {
    let StatsPageData {
        year,
        stats,
        days,
        sports,
        units,
        first_day_of_week,
    } = data;
    if sports.is_empty() {
        return Either::Left(view! {
            <section class="card">
                <h1>{t!("stats-title")}</h1>
                <EmptyLog />
            </section>
        });
    }
    let (period, sport) = (stats.period, stats.sport);
    let today = stats.today;
    let active_days = days.days.len();
    Either::Right(view! {
        <section class="card stats-page" aria-labelledby="stats-heading">
            <header class="calendar-head">
                <h1 id="stats-heading">{t!("stats-heading", year = year.to_string())}</h1>
                <nav class="calendar-nav" aria-label=t!("stats-years")>
                    <A href=href(period, sport, year - 1) attr:rel="prev">{format!("‹ {}", year - 1)}</A>
                    <A href=href(period, sport, today.year)>{t!("stats-this-year")}</A>
                    <A href=href(period, sport, year + 1) attr:rel="next">{format!("{} ›", year + 1)}</A>
                </nav>
            </header>
            <Filter period sport year sports />
            <section aria-labelledby="streaks-heading">
                <h2 id="streaks-heading">{t!("stats-streaks")}</h2>
                <dl class="tiles stats-streaks">
                    <StreakTile title=t!("stats-longest") streak=stats.streaks.longest none=t!("stats-longest-none") />
                    <StreakTile title=t!("stats-current") streak=stats.streaks.current none=t!("stats-current-none") />
                    <div class="tile">
                        <dt>{t!("stats-active-days", year = year.to_string())}</dt>
                        <dd>{active_days}</dd>
                    </div>
                </dl>
            </section>
            <section aria-labelledby="heatmap-heading">
                <h2 id="heatmap-heading">{t!("stats-day-by-day", year = year.to_string())}</h2>
                <heatmap::Heatmap year table=heatmap::table(&days, first_day_of_week, units, today) />
            </section>
            <PeriodTable stats_periods=stats.periods span=stats.span.clone() period units />
            <SportTable span=stats.span units />
        </section>
    })
}

/// The GET form that chooses the view.
#[component]
fn Filter(period: Period, sport: Option<Sport>, year: i32, sports: Vec<Sport>) -> impl IntoView {
    view! {
        <form method="get" action="/stats" class="inline-form filter stats-filter">
            <label for="stats-period">{t!("stats-totals-by")}</label>
            <select id="stats-period" name="period">
                {Period::ALL.into_iter().map(|p| {
                    let label = match p {
                        Period::Week => t!("stats-period-week"),
                        Period::Month => t!("stats-period-month"),
                        Period::Year => t!("stats-period-year"),
                    };
                    view! { <option value=p.name() selected=p == period>{label}</option> }
                }).collect_view()}
            </select>
            <label for="stats-sport">{t!("word-sport")}</label>
            <select id="stats-sport" name="sport">
                <option value="" selected=sport.is_none()>{t!("stats-all-sports")}</option>
                {sports.into_iter().map(|s| view! {
                    <option value=s.name() selected=Some(s) == sport>{sport_name(s)}</option>
                }).collect_view()}
            </select>
            <label for="stats-year">{t!("stats-year")}</label>
            <input id="stats-year" name="year" type="number" inputmode="numeric" min="1000" max="9999" value=year.to_string() />
            <button type="submit">{t!("stats-show")}</button>
        </form>
    }
}

#[component]
fn StreakTile(title: String, streak: Option<Streak>, none: String) -> impl IntoView {
    let (value, detail) = match streak {
        Some(s) => (
            t!("stats-streak-days", count = s.days),
            if s.days == 1 {
                s.start.to_string()
            } else {
                t!(
                    "stats-date-range",
                    from = s.start.to_string(),
                    to = s.end.to_string()
                )
            },
        ),
        None => ("–".to_owned(), none),
    };
    view! {
        <div class="tile">
            <dt>{title}</dt>
            <dd>{value}</dd>
            <dd class="tile-detail">{detail}</dd>
        </div>
    }
}

/// A total's moving time, distance and ascent as the tables show them; `–` for none.
fn cells(t: &Totals, units: Units) -> (String, String, String) {
    if t.is_empty() {
        let none = "–".to_owned();
        return (none.clone(), none.clone(), none);
    }
    (
        display::hours(t.moving_ms),
        num(display::distance(t.distance_m, units)),
        display::elevation(t.ascent_m, units),
    )
}

/// How `now` compares with `before`: `+12%`, `−5%`, `0%`; `new` when there was nothing
/// before, `–` when there is nothing either time.
fn change(now: f64, before: f64) -> String {
    if domain::change(now, before).is_none() && now > 0.0 {
        t!("stats-new")
    } else {
        num(display::change(now, before))
    }
}

/// The period starting on `start` as a table's row names it: `13–19 May`, `29 Apr – 5 May`
/// (weeks), `May 2024`, `2024`.
fn period_title(period: Period, start: Date) -> String {
    match period {
        Period::Week => {
            let end = Period::Week.end_of(start);
            if end.month == start.month {
                t!(
                    "stats-week-in-month",
                    from = start.day,
                    to = end.day,
                    month = month_short(end.month)
                )
            } else {
                t!(
                    "stats-week-across",
                    from = start.day,
                    from_month = month_short(start.month),
                    to = end.day,
                    to_month = month_short(end.month)
                )
            }
        }
        Period::Month => month_year(start),
        Period::Year => start.year.to_string(),
    }
}

/// A table row: a heading cell, then the totals with their change against a year earlier.
#[component]
fn TotalsRow(
    head: String,
    now: Totals,
    before: PeriodTotals,
    units: Units,
    #[prop(optional)] sport: Option<Sport>,
) -> impl IntoView {
    let (time, distance, ascent) = cells(&now, units);
    let earlier = match sport {
        Some(s) => before.sport(s),
        None => before.total,
    };
    let (time_before, distance_before, _) = cells(&earlier, units);
    let (from, to) = (before.start.to_string(), before.end.to_string());
    let title = |value: &str| t!("stats-change-title", from = &from, to = &to, value = value);
    let time_change = change(now.moving_ms as f64, earlier.moving_ms as f64);
    let distance_change = change(now.distance_m, earlier.distance_m);
    let class = |change: &str| {
        let trend = match change.chars().next() {
            Some('+') => " up",
            Some('\u{2212}') => " down",
            _ => "",
        };
        format!("num change{trend}")
    };
    let row_class = sport.map(|s| format!("sport sport-{}", s.name().replace('_', "-")));
    view! {
        <tr class=row_class>
            <th scope="row">{head}</th>
            <td class="num">{now.workouts}</td>
            <td class="num">{time}</td>
            <td class=class(&time_change) title=title(&time_before)>{time_change.clone()}</td>
            <td class="num">{distance}</td>
            <td class=class(&distance_change) title=title(&distance_before)>{distance_change.clone()}</td>
            <td class="num">{ascent}</td>
        </tr>
    }
}

/// The column headings both tables share.
#[component]
fn TotalsHead(first: String) -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th scope="col">{first}</th>
                <th scope="col" class="num">{t!("word-workouts")}</th>
                <th scope="col" class="num">{t!("word-time")}</th>
                <th scope="col" class="num"><abbr title=t!("stats-time-against")>{t!("stats-vs-last-year")}</abbr></th>
                <th scope="col" class="num">{t!("word-distance")}</th>
                <th scope="col" class="num"><abbr title=t!("stats-distance-against")>{t!("stats-vs-last-year")}</abbr></th>
                <th scope="col" class="num">{t!("word-ascent")}</th>
            </tr>
        </thead>
    }
}

/// Totals per period, oldest first, each against the same period a year earlier.
#[component]
fn PeriodTable(
    stats_periods: Vec<PeriodStats>,
    span: PeriodStats,
    period: Period,
    units: Units,
) -> impl IntoView {
    let (heading, first, note) = match period {
        Period::Week => (t!("stats-by-week"), t!("stats-week"), t!("stats-note-week")),
        Period::Month => (
            t!("stats-by-month"),
            t!("stats-month"),
            t!("stats-note-month"),
        ),
        Period::Year => (t!("stats-by-year"), t!("stats-year"), t!("stats-note-year")),
    };
    view! {
        <section aria-labelledby="totals-heading">
            <h2 id="totals-heading">{heading}</h2>
            <p class="muted">{note}</p>
            <div class="table-scroll">
                <table class="table stats-table">
                    <TotalsHead first />
                    <tbody>
                        {stats_periods.into_iter().map(|p| view! {
                            <TotalsRow head=period_title(period, p.current.start) now=p.current.total before=p.previous_year units />
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <TotalsRow head=t!("word-total") now=span.current.total before=span.previous_year units />
                    </tfoot>
                </table>
            </div>
        </section>
    }
}

/// The span's totals per sport, each against the same days a year earlier.
#[component]
fn SportTable(span: PeriodStats, units: Units) -> impl IntoView {
    let PeriodStats {
        current,
        previous_year,
    } = span;
    let mut sports: Vec<Sport> = current.sports.iter().map(|s| s.sport).collect();
    // Sports done only a year earlier are listed too: a drop to nothing is news.
    for s in &previous_year.sports {
        if !sports.contains(&s.sport) {
            sports.push(s.sport);
        }
    }
    view! {
        <section aria-labelledby="sports-heading">
            <h2 id="sports-heading">{t!("stats-by-sport")}</h2>
            <p class="muted">{t!(
                "stats-span",
                from = current.start.to_string(),
                to = current.end.to_string(),
                before_from = previous_year.start.to_string(),
                before_to = previous_year.end.to_string(),
            )}</p>
            {if sports.is_empty() {
                Either::Left(view! { <p>{t!("stats-no-workouts")}</p> })
            } else {
                Either::Right(view! {
                    <div class="table-scroll">
                        <table class="table stats-table">
                            <TotalsHead first=t!("word-sport") />
                            <tbody>
                                {sports.into_iter().map(|s| view! {
                                    <TotalsRow head=sport_name(s) now=current.sport(s) before=previous_year.clone() units sport=s />
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })
            }}
        </section>
    }
}
