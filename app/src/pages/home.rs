//! `/`: the signed-in home page: this week and this month so far, the latest workouts, or what
//! to do first.

use domain::{PeriodTotals, RecentTotals, Units, display};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    components::{EmptyLog, RequireUser},
    i18n::num,
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
                    <h1>{t!("home-hello", name = user.username.to_string())}</h1>
                    <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                        {move || Suspend::new(async move {
                            match data.await {
                                Ok(HomeData { latest, .. }) if latest.total == 0 => Either::Left(view! { <EmptyLog /> }),
                                Ok(HomeData { latest: list, recent }) => {
                                    let units = list.preferences.units;
                                    Either::Right(Either::Left(view! {
                                        {recent.map(|recent| view! { <WeekAndMonth recent units /> })}
                                        <h2>{t!("home-latest")}</h2>
                                        <ul class="recent">
                                            {list.workouts.into_iter().map(|w| {
                                                let (h, m) = w.local_time();
                                                let title = w.title.clone();
                                                view! {
                                                    <li>
                                                        <A href=format!("/workouts/{}", w.id)>{title}</A>
                                                        <span class="muted">
                                                            {format!(" · {} {h:02}:{m:02} · {}", w.local_date(), display::duration(w.metrics.elapsed_ms))}
                                                            {w.metrics.distance_m.map(|d| format!(" · {}", num(display::distance(d, units))))}
                                                        </span>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                        <p>
                                            <A href="/calendar" attr:class="button">{t!("nav-calendar")}</A>
                                            " "
                                            <A href="/upload" attr:class="button secondary">{t!("home-upload-more")}</A>
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
            <h2 id="recent-totals-heading" class="visually-hidden">{t!("home-week-and-month")}</h2>
            <dl class="tiles">
                <SpanTile title=t!("home-this-week") span=recent.week units />
                <SpanTile title=t!("home-this-month") span=recent.month units />
            </dl>
            <p><A href="/stats">{t!("home-statistics")}</A></p>
        </section>
    }
}

#[component]
fn SpanTile(title: String, span: PeriodTotals, units: Units) -> impl IntoView {
    let t = span.total;
    let (count, detail) = match t.workouts {
        0 => (t!("home-none-yet"), None),
        n => {
            let distance = if t.distance_m > 0.0 {
                format!(" · {}", num(display::distance(t.distance_m, units)))
            } else {
                String::new()
            };
            (
                t!("workout-count", count = n),
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
