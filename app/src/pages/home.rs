//! `/`: the signed-in home page: this week and this month so far, the latest workouts, or what
//! to do first.

use domain::{PeriodTotals, RecentTotals, Units, display};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    components::{EmptyLog, RequireUser},
    stats::{HomeData, home_page},
};

/// The home page.
#[component]
pub fn Home() -> impl IntoView {
    // Created here, outside `RequireUser`'s `Suspend`: Suspense walks its children more than
    // once, so a resource created inside one is created (and its server function called) anew
    // each time, and the runs left behind lose the request's context.
    let data = Resource::new(|| (), |()| home_page());
    view! {
        <Title text="" />
        <RequireUser children=move |user| {
            view! {
                <section class="card">
                    <h1>"Hello, " {user.username.to_string()}</h1>
                    <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                        {move || Suspend::new(async move {
                            match data.await {
                                Ok(HomeData { latest, .. }) if latest.total == 0 => Either::Left(view! { <EmptyLog /> }),
                                Ok(HomeData { latest: list, recent }) => {
                                    let units = list.preferences.units;
                                    Either::Right(Either::Left(view! {
                                        {recent.map(|recent| view! { <WeekAndMonth recent units /> })}
                                        <h2>"Latest workouts"</h2>
                                        <ul class="recent">
                                            {list.workouts.into_iter().map(|w| {
                                                let (h, m) = w.local_time();
                                                let title = w.title.clone();
                                                view! {
                                                    <li>
                                                        <A href=format!("/workouts/{}", w.id)>{title}</A>
                                                        <span class="muted">
                                                            {format!(" · {} {h:02}:{m:02} · {}", w.local_date(), display::duration(w.metrics.elapsed_ms))}
                                                            {w.metrics.distance_m.map(|d| format!(" · {}", display::distance(d, units)))}
                                                        </span>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                        <p>
                                            <A href="/calendar" attr:class="button">"Calendar"</A>
                                            " "
                                            <A href="/upload" attr:class="button secondary">"Upload more"</A>
                                        </p>
                                    }))
                                }
                                Err(error) => Either::Right(Either::Right(view! { <p class="form-error">{error.to_string()}</p> })),
                            }
                        })}
                    </Transition>
                </section>
            }
        } />
    }
}

/// This week and this month so far, in the athlete's units, with a way to the statistics.
#[component]
fn WeekAndMonth(recent: RecentTotals, units: Units) -> impl IntoView {
    view! {
        <section class="recent-totals" aria-labelledby="recent-totals-heading">
            <h2 id="recent-totals-heading" class="visually-hidden">"This week and this month"</h2>
            <dl class="tiles">
                <SpanTile title="This week" span=recent.week units />
                <SpanTile title="This month" span=recent.month units />
            </dl>
            <p><A href="/stats">"Statistics ›"</A></p>
        </section>
    }
}

#[component]
fn SpanTile(title: &'static str, span: PeriodTotals, units: Units) -> impl IntoView {
    let t = span.total;
    let (count, detail) = match t.workouts {
        0 => ("No workouts yet".to_owned(), None),
        n => {
            let distance = if t.distance_m > 0.0 {
                format!(" · {}", display::distance(t.distance_m, units))
            } else {
                String::new()
            };
            (
                format!("{n} {}", if n == 1 { "workout" } else { "workouts" }),
                Some(format!("{}{distance}", display::hours(t.moving_ms))),
            )
        }
    };
    view! {
        <div class="tile">
            <dt>{title}</dt>
            <dd>{count}</dd>
            {detail.map(|detail| view! { <dd class="tile-detail">{detail}</dd> })}
        </div>
    }
}
