//! `/fitness`: the fitness model over the last year: each day's training load as bars, and
//! fitness (42-day), fatigue (7-day) and form (their difference) as lines, with a readout and
//! today's figures in words.

use domain::XAxis;
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    answers::{FitnessData, fitness_page},
    components::{ChartView, RequireUser},
    pages::records::AnswersNav,
};

/// The fitness page.
#[component]
pub fn FitnessPage() -> impl IntoView {
    // Created outside `RequireUser`'s `Suspend` (see the workout list for why).
    let data = Resource::new(|| (), |()| fitness_page());
    view! {
        <Title text="Fitness" />
        <RequireUser children=move |_| view! {
            <section class="card">
                <h1>"Fitness"</h1>
                <AnswersNav current="/fitness" />
                <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
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
    let pending = (fitness.pending > 0).then(|| view! {
        <p class="notice" role="status">
            {format!("Working through your history: {} workouts still to analyse; their load is not counted yet.", fitness.pending)}
        </p>
    });
    let basis = if ftp_set {
        "Workouts with power count their training stress from your FTP; the others their heart-rate load (TRIMP)."
    } else {
        "Loads come from heart rate (TRIMP, with your resting and maximum heart rate). Set your FTP to count rides with power by their training stress."
    };
    let body = match (chart, fitness.days.last()) {
        (Some(c), Some(today)) => Either::Left(view! {
            <dl class="tiles">
                <div class="tile"><dt>"Fitness"</dt><dd>{format!("{:.0}", today.fitness)}</dd></div>
                <div class="tile"><dt>"Fatigue"</dt><dd>{format!("{:.0}", today.fatigue)}</dd></div>
                <div class="tile"><dt>"Form"</dt><dd>{format!("{:+.0}", today.form)}</dd></div>
            </dl>
            <ChartView chart=c.chart axis=XAxis::Day distance_unit=String::new() src=c.src segment=None />
        }),
        _ => Either::Right(view! {
            <div class="empty-state">
                <p class="empty-icon" aria-hidden="true">"📊"</p>
                <p>"No training load in the last year."</p>
                <p class="muted">"Workouts with heart rate (or power, with your FTP set) give each day a load; fitness builds from them over weeks."</p>
                <A href="/upload" attr:class="button">"Upload workouts"</A>
            </div>
        }),
    };
    view! {
        {pending}
        {body}
        <p class="hint">
            "Fitness is your load's 42-day average, fatigue its 7-day average, form the difference: rested when positive. "
            {basis} " " <A href="/settings">"Settings"</A> "."
        </p>
    }
}
