//! `/settings`: language, units, time zone, first day of the week, heart rate and zones.

use domain::{Language, Units};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    AppError,
    components::{FormMessage, RequireUser, kept_value},
    csrf::CsrfField,
    workouts::{SavePreferences, SettingsPageData, settings_data},
};

/// The settings page.
#[component]
pub fn Settings() -> impl IntoView {
    let save = ServerAction::<SavePreferences>::new();
    // Created here, outside `RequireUser`'s `Suspend`: Suspense walks its children more than
    // once, so a resource created inside one is created (and its server function called) anew
    // each time, and the runs left behind lose the request's context.
    let data = Resource::new(move || save.version().get(), |_| settings_data());
    view! {
        <Title text=t!("settings-title") />
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
            <h1>{t!("settings-title")}</h1>
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => Either::Left(view! { <SettingsForm data save /> }),
                        Err(error) => Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    }
                })}
            </Transition>
            <p class="muted">
                <A href="/settings/password">{t!("settings-change-password")}</A>
                " · "
                <A href="/settings/connections">{t!("settings-connected-apps")}</A>
                " · "
                <A href="/settings/tokens">{t!("tokens-title")}</A>
            </p>
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
    // The code of the language chosen (empty: the browser's), as a refused form sent it.
    let language = kept_value("language")
        .unwrap_or_else(|| p.language.map(|l| l.code().to_owned()).unwrap_or_default());
    view! {
        <FormMessage result success=t!("word-saved") />
        {move || moved().map(|n| view! {
            <p class="form-success" role="status">{t!("settings-moved", count = n)}</p>
        })}
        <ActionForm action=save attr:class="stack-form settings">
            <CsrfField />
            <div class="field">
                <label for="field-language">{t!("settings-language")}</label>
                <select id="field-language" name="language">
                    <option value="" selected=language.is_empty()>{t!("settings-language-automatic")}</option>
                    // Each language by its own name, so people find theirs whatever the page's.
                    {Language::ALL.into_iter().map(|l| view! {
                        <option value=l.code() lang=l.code() selected=language == l.code()>{l.endonym()}</option>
                    }).collect_view()}
                </select>
            </div>
            <fieldset>
                <legend>{t!("settings-units")}</legend>
                <label class="checkbox"><input type="radio" name="units" value="metric" checked=p.units == Units::Metric />" "{t!("settings-units-metric")}</label>
                <label class="checkbox"><input type="radio" name="units" value="imperial" checked=p.units == Units::Imperial />" "{t!("settings-units-imperial")}</label>
            </fieldset>
            <div class="field">
                <label for="field-time_zone">{t!("settings-time-zone")}</label>
                <select id="field-time_zone" name="time_zone" aria-describedby="time-zone-hint">
                    {data.zones.into_iter().map(|z| {
                        let selected = z == zone;
                        let text = z.clone();
                        view! { <option value=z selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
                <p class="hint" id="time-zone-hint">{t!("settings-time-zone-hint")}</p>
                <p class="field-error" role="alert">{field_error("time_zone")}</p>
            </div>
            <div class="field">
                <label for="field-first_day">{t!("settings-first-day")}</label>
                <select id="field-first_day" name="first_day_of_week">
                    {(0..7u32).map(|d| view! {
                        <option value=d selected=d == p.first_day_of_week>{crate::i18n::weekday_long(d)}</option>
                    }).collect_view()}
                </select>
            </div>
            <fieldset>
                <legend>{t!("word-heart-rate")}</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="field-max_hr">{t!("settings-max-hr")}</label>
                        <input id="field-max_hr" name="max_hr" type="number" min="30" max="250" value=kept_value("max_hr").unwrap_or_else(|| p.max_hr.to_string()) required=true />
                    </div>
                    <div class="field">
                        <label for="field-resting_hr">{t!("settings-resting-hr")}</label>
                        <input id="field-resting_hr" name="resting_hr" type="number" min="30" max="250" value=kept_value("resting_hr").unwrap_or_else(|| p.resting_hr.to_string()) required=true />
                    </div>
                </div>
                <p class="field-error" role="alert">{field_error("max_hr")}</p>
            </fieldset>
            <fieldset>
                <legend>{t!("settings-zones")}</legend>
                <div class="field-row zones-row">
                    {(0..5usize).map(|i| {
                        let name = ["zone1", "zone2", "zone3", "zone4", "zone5"][i];
                        view! {
                            <div class="field">
                                <label for=format!("field-{name}")>{t!("settings-zone", number = i + 1)}</label>
                                <input id=format!("field-{name}") name=name type="number" min="30" max="250" value=kept_value(name).unwrap_or_else(|| bounds[i].to_string()) required=true />
                            </div>
                        }
                    }).collect_view()}
                </div>
                <p class="hint">{t!("settings-zones-hint")}</p>
                <p class="field-error" role="alert">{field_error("zone1")}</p>
            </fieldset>
            <fieldset>
                <legend>{t!("settings-training-load")}</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="field-ftp_w">{t!("settings-ftp")}</label>
                        <input id="field-ftp_w" name="ftp_w" type="number" min="30" max="700" inputmode="numeric"
                            value=kept_value("ftp_w").unwrap_or_else(|| p.ftp_w.map(|w| w.to_string()).unwrap_or_default()) aria-describedby="ftp-hint" />
                    </div>
                    <div class="field">
                        <label for="field-trimp">{t!("settings-trimp")}</label>
                        <select id="field-trimp" name="trimp">
                            <option value="men" selected=p.trimp == domain::TrimpModel::Men>{t!("settings-trimp-men")}</option>
                            <option value="women" selected=p.trimp == domain::TrimpModel::Women>{t!("settings-trimp-women")}</option>
                        </select>
                    </div>
                </div>
                <p class="hint" id="ftp-hint">{t!("settings-ftp-hint")}</p>
                <p class="field-error" role="alert">{field_error("ftp_w")}</p>
            </fieldset>
            <button type="submit">{t!("word-save")}</button>
        </ActionForm>
        <p class="muted">{t!("settings-weeks-start", weekday = crate::i18n::weekday_long(p.first_day_of_week % 7))}</p>
    }
}
