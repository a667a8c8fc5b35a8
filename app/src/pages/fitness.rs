//! `/fitness`: the fitness model over the last year: each day's training load as bars, and
//! fitness (42-day), fatigue (7-day) and form (their difference) as lines, with a readout and
//! today's figures in words.

use domain::XAxis;
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    answers::{FitnessData, fitness_page},
    components::{ChartPicture, ChartText, ChartView, RequireUser},
    pages::records::AnswersNav,
};

/// The fitness page.
#[component]
pub fn FitnessPage() -> impl IntoView {
    // Created outside `RequireUser`'s `Suspend` (see the workout list for why).
    let data = Resource::new(|| (), |()| fitness_page());
    view! {
        <Title text=t!("fitness-title") />
        <RequireUser children=move |_| view! {
            <section class="card">
                <h1>{t!("fitness-title")}</h1>
                <AnswersNav current="/fitness" />
                <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(data) => Either::Left(view! { <FitnessBody data /> }),
                            Err(error) => Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                        }
                    })}
                </Transition>
            </section>
        } />
    }
}

#[component]
fn FitnessBody(data: FitnessData) -> impl IntoView {
    let FitnessData {
        fitness,
        chart,
        ftp_set,
    } = data;
    let pending = (fitness.pending > 0).then(|| {
        view! {
            <p class="notice" role="status">
                {t!("fitness-pending", count = fitness.pending)}
            </p>
        }
    });
    let basis = if ftp_set {
        t!("fitness-basis-ftp")
    } else {
        t!("fitness-basis-hr")
    };
    let body = match (chart, fitness.days.last()) {
        (Some(c), Some(today)) => Either::Left(view! {
            <dl class="tiles">
                <div class="tile"><dt>{t!("fitness-fitness")}</dt><dd>{format!("{:.0}", today.fitness)}</dd></div>
                <div class="tile"><dt>{t!("fitness-fatigue")}</dt><dd>{format!("{:.0}", today.fatigue)}</dd></div>
                <div class="tile"><dt>{t!("fitness-form")}</dt><dd>{format!("{:+.0}", today.form)}</dd></div>
            </dl>
            <ChartView chart=c.chart.clone() axis=XAxis::Day distance_unit=String::new() has_narrow=false segment=None>
                <ChartPicture alt=ChartText::of(&c.chart).alt() src=c.src />
            </ChartView>
        }),
        _ => Either::Right(view! {
            <div class="empty-state">
                <p class="empty-icon" aria-hidden="true">"📊"</p>
                <p>{t!("fitness-empty")}</p>
                <p class="muted">{t!("fitness-empty-hint")}</p>
                <A href="/upload" attr:class="button">{t!("upload-workouts")}</A>
            </div>
        }),
    };
    view! {
        {pending}
        {body}
        <p class="hint">
            {t!("fitness-explained")} " " {basis} " " <A href="/settings">{t!("menu-settings")}</A> "."
        </p>
    }
}
