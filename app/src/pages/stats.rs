//! `/stats`: a year of training at a glance: the streaks, the year's days as a heatmap, totals
//! per week, month or year each against the same period a year earlier, and the same per
//! sport. The choice of period, sport and year is a plain GET form, so the page works without
//! script and every view has its own address.

pub(crate) mod heatmap;

use domain::{Period, PeriodStats, PeriodTotals, Sport, Streak, Totals, Units, display};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    AppError,
    components::{EmptyLog, RequireUser},
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
        <Title text="Statistics" />
        <RequireUser children=move |_| view! { <StatsView data /> } />
    }
}

#[component]
fn StatsView(data: Resource<Result<StatsPageData, AppError>>) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => Either::Left(view! { <StatsBody data /> }),
                    Err(error) => Either::Right(view! {
                        <section class="card">
                            <h1>"Statistics"</h1>
                            <p class="form-error">{error.to_string()}</p>
                            <p><A href="/stats">"This year's statistics"</A></p>
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
                <h1>"Statistics"</h1>
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
                <h1 id="stats-heading">{format!("Statistics {year}")}</h1>
                <nav class="calendar-nav" aria-label="Years">
                    <A href=href(period, sport, year - 1) attr:rel="prev">{format!("‹ {}", year - 1)}</A>
                    <A href=href(period, sport, today.year)>"This year"</A>
                    <A href=href(period, sport, year + 1) attr:rel="next">{format!("{} ›", year + 1)}</A>
                </nav>
            </header>
            <Filter period sport year sports />
            <section aria-labelledby="streaks-heading">
                <h2 id="streaks-heading">"Streaks"</h2>
                <dl class="tiles stats-streaks">
                    <StreakTile title="Longest streak" streak=stats.streaks.longest none="No workouts yet." />
                    <StreakTile title="Current streak" streak=stats.streaks.current none="None: no workout yesterday or today." />
                    <div class="tile">
                        <dt>{format!("Active days in {year}")}</dt>
                        <dd>{active_days}</dd>
                    </div>
                </dl>
            </section>
            <section aria-labelledby="heatmap-heading">
                <h2 id="heatmap-heading">{format!("{year}, day by day")}</h2>
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
            <label for="stats-period">"Totals by"</label>
            <select id="stats-period" name="period">
                {Period::ALL.into_iter().map(|p| view! {
                    <option value=p.name() selected=p == period>{p.label()}</option>
                }).collect_view()}
            </select>
            <label for="stats-sport">"Sport"</label>
            <select id="stats-sport" name="sport">
                <option value="" selected=sport.is_none()>"All sports"</option>
                {sports.into_iter().map(|s| view! {
                    <option value=s.name() selected=Some(s) == sport>{s.label()}</option>
                }).collect_view()}
            </select>
            <label for="stats-year">"Year"</label>
            <input id="stats-year" name="year" type="number" inputmode="numeric" min="1000" max="9999" value=year.to_string() />
            <button type="submit">"Show"</button>
        </form>
    }
}

#[component]
fn StreakTile(title: &'static str, streak: Option<Streak>, none: &'static str) -> impl IntoView {
    let (value, detail) = match streak {
        Some(s) => (
            format!("{} {}", s.days, if s.days == 1 { "day" } else { "days" }),
            if s.days == 1 {
                s.start.to_string()
            } else {
                format!("{} to {}", s.start, s.end)
            },
        ),
        None => ("–".to_owned(), none.to_owned()),
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
        display::distance(t.distance_m, units),
        display::elevation(t.ascent_m, units),
    )
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
    let when = format!("{} to {}", before.start, before.end);
    let time_change = display::change(now.moving_ms as f64, earlier.moving_ms as f64);
    let distance_change = display::change(now.distance_m, earlier.distance_m);
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
            <td class=class(&time_change) title=format!("{when}: {time_before}")>{time_change.clone()}</td>
            <td class="num">{distance}</td>
            <td class=class(&distance_change) title=format!("{when}: {distance_before}")>{distance_change.clone()}</td>
            <td class="num">{ascent}</td>
        </tr>
    }
}

/// The column headings both tables share.
#[component]
fn TotalsHead(first: &'static str) -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th scope="col">{first}</th>
                <th scope="col" class="num">"Workouts"</th>
                <th scope="col" class="num">"Time"</th>
                <th scope="col" class="num"><abbr title="Time against the same period a year earlier">"vs last year"</abbr></th>
                <th scope="col" class="num">"Distance"</th>
                <th scope="col" class="num"><abbr title="Distance against the same period a year earlier">"vs last year"</abbr></th>
                <th scope="col" class="num">"Ascent"</th>
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
    let (heading, first) = match period {
        Period::Week => ("Totals by week", "Week"),
        Period::Month => ("Totals by month", "Month"),
        Period::Year => ("Totals by year", "Year"),
    };
    let note = match period {
        Period::Week => {
            "Moving time, distance and ascent; each week against the week 52 weeks before it (the same weekdays a year earlier)."
        }
        Period::Month => {
            "Moving time, distance and ascent; each month against the same month a year earlier."
        }
        Period::Year => "Moving time, distance and ascent; each year against the year before.",
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
                            <TotalsRow head=period.title(p.current.start) now=p.current.total before=p.previous_year units />
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <TotalsRow head="Total".to_owned() now=span.current.total before=span.previous_year units />
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
            <h2 id="sports-heading">"By sport"</h2>
            <p class="muted">{format!("{} to {}, against {} to {}.", current.start, current.end, previous_year.start, previous_year.end)}</p>
            {if sports.is_empty() {
                Either::Left(view! { <p>"No workouts in these days."</p> })
            } else {
                Either::Right(view! {
                    <div class="table-scroll">
                        <table class="table stats-table">
                            <TotalsHead first="Sport" />
                            <tbody>
                                {sports.into_iter().map(|s| view! {
                                    <TotalsRow head=s.label() now=current.sport(s) before=previous_year.clone() units sport=s />
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })
            }}
        </section>
    }
}
