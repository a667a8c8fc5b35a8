//! `/`: the signed-in home page: the latest workouts, or what to do first.

use domain::display;
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    components::{EmptyLog, RequireUser},
    workouts::recent_workouts,
};

/// The home page.
#[component]
pub fn Home() -> impl IntoView {
    // Created here, outside `RequireUser`'s `Suspend`: Suspense walks its children more than
    // once, so a resource created inside one is created (and its server function called) anew
    // each time, and the runs left behind lose the request's context.
    let recent = Resource::new(|| (), |()| recent_workouts());
    view! {
        <Title text="" />
        <RequireUser children=move |user| {
            view! {
                <section class="card">
                    <h1>"Hello, " {user.username.to_string()}</h1>
                    <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                        {move || Suspend::new(async move {
                            match recent.await {
                                Ok(list) if list.total == 0 => Either::Left(view! { <EmptyLog /> }),
                                Ok(list) => {
                                    let units = list.preferences.units;
                                    Either::Right(Either::Left(view! {
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
