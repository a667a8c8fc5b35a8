//! `/settings`: units, time zone, first day of the week, heart rate and zones.

use domain::{Units, date::WEEKDAY_NAMES};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    AppError,
    components::{FormMessage, RequireUser, kept_value},
    csrf::CsrfField,
    workouts::{SavePreferences, SettingsPageData, settings_data},
};

const WEEKDAY_LONG: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The settings page.
#[component]
pub fn Settings() -> impl IntoView {
    let save = ServerAction::<SavePreferences>::new();
    // Created here, outside `RequireUser`'s `Suspend`: Suspense walks its children more than
    // once, so a resource created inside one is created (and its server function called) anew
    // each time, and the runs left behind lose the request's context.
    let data = Resource::new(move || save.version().get(), |_| settings_data());
    view! {
        <Title text="Settings" />
        <RequireUser children=move |_| view! { <SettingsView data save /> } />
    }
}

#[component]
fn SettingsView(
    data: Resource<Result<SettingsPageData, AppError>>,
    save: ServerAction<SavePreferences>,
) -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Settings"</h1>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => Either::Left(view! { <SettingsForm data save /> }),
                        Err(error) => Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    }
                })}
            </Transition>
            <p class="muted"><A href="/settings/password">"Change your password"</A> " · " <A href="/settings/connections">"Connected apps"</A> " · " <A href="/settings/tokens">"Access tokens"</A></p>
        </section>
    }
}

#[component]
fn SettingsForm(data: SettingsPageData, save: ServerAction<SavePreferences>) -> impl IntoView {
    let result: Signal<Option<Result<(), AppError>>> = Signal::derive(move || save.value().get());
    // Back from the time-zone move (`?moved=N`).
    let query = leptos_router::hooks::use_query_map();
    let moved = move || {
        query
            .with(|q| q.get("moved"))
            .and_then(|n| n.parse::<usize>().ok())
    };
    let field_error = move |name: &'static str| {
        move || {
            result
                .get()
                .and_then(Result::err)
                .and_then(|e| e.for_field(name))
        }
    };
    let p = data.preferences;
    let bounds = p.hr_zones.bounds();
    let zone = p.time_zone.clone();
    view! {
        <FormMessage result success="Saved." />
        {move || moved().map(|n| view! {
            <p class="form-success" role="status">{format!("Saved. {n} workout{} moved to your new time zone.", if n == 1 { "" } else { "s" })}</p>
        })}
        <ActionForm action=save attr:class="stack-form settings">
            <CsrfField />
            <fieldset>
                <legend>"Units"</legend>
                <label class="checkbox"><input type="radio" name="units" value="metric" checked=p.units == Units::Metric />" Metric (km, m, km/h, min/km)"</label>
                <label class="checkbox"><input type="radio" name="units" value="imperial" checked=p.units == Units::Imperial />" Imperial (mi, ft, mph, min/mi)"</label>
            </fieldset>
            <div class="field">
                <label for="field-time_zone">"Time zone"</label>
                <select id="field-time_zone" name="time_zone" aria-describedby="time-zone-hint">
                    {data.zones.into_iter().map(|z| {
                        let selected = z == zone;
                        let text = z.clone();
                        view! { <option value=z selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
                <p class="hint" id="time-zone-hint">"For workouts without GPS and for Polar HRM files, which record local time only. Workouts with GPS take the zone of where they started."</p>
                <p class="field-error" role="alert">{field_error("time_zone")}</p>
            </div>
            <div class="field">
                <label for="field-first_day">"First day of the week"</label>
                <select id="field-first_day" name="first_day_of_week">
                    {(0..7u32).map(|d| view! {
                        <option value=d selected=d == p.first_day_of_week>{WEEKDAY_LONG[d as usize]}</option>
                    }).collect_view()}
                </select>
            </div>
            <fieldset>
                <legend>"Heart rate"</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="field-max_hr">"Maximum (bpm)"</label>
                        <input id="field-max_hr" name="max_hr" type="number" min="30" max="250" value=kept_value("max_hr").unwrap_or_else(|| p.max_hr.to_string()) required=true />
                    </div>
                    <div class="field">
                        <label for="field-resting_hr">"Resting (bpm)"</label>
                        <input id="field-resting_hr" name="resting_hr" type="number" min="30" max="250" value=kept_value("resting_hr").unwrap_or_else(|| p.resting_hr.to_string()) required=true />
                    </div>
                </div>
                <p class="field-error" role="alert">{field_error("max_hr")}</p>
            </fieldset>
            <fieldset>
                <legend>"Zones: where each begins (bpm)"</legend>
                <div class="field-row zones-row">
                    {(0..5usize).map(|i| {
                        let name = ["zone1", "zone2", "zone3", "zone4", "zone5"][i];
                        view! {
                            <div class="field">
                                <label for=format!("field-{name}")>{format!("Zone {}", i + 1)}</label>
                                <input id=format!("field-{name}") name=name type="number" min="30" max="250" value=kept_value(name).unwrap_or_else(|| bounds[i].to_string()) required=true />
                            </div>
                        }
                    }).collect_view()}
                </div>
                <p class="hint">"Zone 5 ends at your maximum. The usual zones start at 50, 60, 70, 80 and 90% of it."</p>
                <p class="field-error" role="alert">{field_error("zone1")}</p>
            </fieldset>
            <fieldset>
                <legend>"Training load"</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="field-ftp_w">"FTP (W)"</label>
                        <input id="field-ftp_w" name="ftp_w" type="number" min="30" max="700" inputmode="numeric"
                            value=kept_value("ftp_w").unwrap_or_else(|| p.ftp_w.map(|w| w.to_string()).unwrap_or_default()) aria-describedby="ftp-hint" />
                    </div>
                    <div class="field">
                        <label for="field-trimp">"Heart-rate load (TRIMP)"</label>
                        <select id="field-trimp" name="trimp">
                            <option value="men" selected=p.trimp == domain::TrimpModel::Men>"Banister's coefficients for men"</option>
                            <option value="women" selected=p.trimp == domain::TrimpModel::Women>"Banister's coefficients for women"</option>
                        </select>
                    </div>
                </div>
                <p class="hint" id="ftp-hint">"With your FTP, workouts with power get their load from it (training stress); the others from heart rate, with your resting and maximum heart rate above. Leave it empty if you do not know it."</p>
                <p class="field-error" role="alert">{field_error("ftp_w")}</p>
            </fieldset>
            <button type="submit">"Save"</button>
        </ActionForm>
        <p class="muted">{format!("Weeks start on {}.", WEEKDAY_NAMES[p.first_day_of_week as usize % 7])}</p>
    }
}
