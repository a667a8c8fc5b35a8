//! `/gear`: shoes, bikes and other gear with their distance and time, a bar towards each one's
//! warning distance (and a plain warning past it), retired gear apart, forms to add and edit,
//! and the default gear per sport. Every form posts as HTML and comes back here.

use domain::{Gear, GearDefault, GearItem, GearKind, Units, Wear, display};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    AppError,
    components::{FormMessage, RequireUser},
    csrf::CsrfField,
    gear::{AddGear, DeleteGear, EditGear, GearPageData, RetireGear, SetDefaultGear, gear_page},
    i18n::{date_medium, int, num, sport},
};

/// The forms of the page; one action per kind of form, shared by the items' forms.
#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddGear>,
    edit: ServerAction<EditGear>,
    retire: ServerAction<RetireGear>,
    remove: ServerAction<DeleteGear>,
    default: ServerAction<SetDefaultGear>,
}

/// The gear page.
#[component]
pub fn GearPage() -> impl IntoView {
    let actions = Actions {
        add: ServerAction::new(),
        edit: ServerAction::new(),
        retire: ServerAction::new(),
        remove: ServerAction::new(),
        default: ServerAction::new(),
    };
    // Created here, outside `RequireUser`'s `Suspend` (see the workout page). Forms post as
    // HTML and reload the page, so it is read once per load.
    let data = Resource::new(|| (), |()| gear_page());
    view! {
        <Title text=t!("gear-title") />
        <RequireUser children=move |_| view! { <GearView data actions /> } />
    }
}

#[component]
fn GearView(data: Resource<Result<GearPageData, AppError>>, actions: Actions) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => Either::Left(view! { <GearBody data actions /> }),
                    Err(error) => Either::Right(view! {
                        <section class="card"><h1>{t!("gear-title")}</h1><p class="form-error">{error.to_string()}</p></section>
                    }),
                }
            })}
        </Transition>
    }
}

/// The outcome of the items' and defaults' forms, above the list: their errors (a name taken,
/// a retired default) in words, or "Saved." after any of the page's forms succeeded.
#[component]
fn Status(actions: Actions) -> impl IntoView {
    let query = use_query_map();
    let message = move || {
        let error = [
            actions.edit.value().get(),
            actions.retire.value().get(),
            actions.remove.value().get(),
            actions.default.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err);
        match error {
            Some(error) => Some(("form-error", error.to_string())),
            None if query.with(|q| q.get("done").is_some()) => {
                Some(("form-success", t!("word-saved")))
            }
            None => None,
        }
    };
    view! {
        <div role="status" aria-live="polite">
            {move || message().map(|(class, text)| view! { <p class=class>{text}</p> })}
        </div>
    }
}

#[component]
fn GearBody(data: GearPageData, actions: Actions) -> impl IntoView {
    let GearPageData {
        items,
        defaults,
        units,
    } = data;
    let (retired, in_use): (Vec<GearItem>, Vec<GearItem>) =
        items.into_iter().partition(|i| i.gear.retired);
    let active: Vec<Gear> = in_use.iter().map(|i| i.gear.clone()).collect();
    let everything: Vec<Gear> = in_use
        .iter()
        .chain(&retired)
        .map(|i| i.gear.clone())
        .collect();
    let empty = everything.is_empty();
    view! {
        <section class="card gear-page" aria-labelledby="gear-heading">
            <header class="section-head">
                <h1 id="gear-heading">{t!("gear-title")}</h1>
                {(!empty).then(|| view! { <a class="button secondary" href="#add-gear">{t!("gear-add")}</a> })}
            </header>
            <p class="muted">{t!("gear-intro")}</p>
            <Status actions />
            {empty.then(|| view! { <EmptyGear /> })}
            {GearKind::ALL.into_iter().map(|kind| {
                let of_kind: Vec<GearItem> = in_use.iter().filter(|i| i.gear.kind == kind).cloned().collect();
                (!of_kind.is_empty()).then(|| {
                    let heading = format!("gear-{}", kind.name());
                    view! {
                        <h2 id=heading.clone()>{kind_heading(kind)}</h2>
                        <ul class="gear-list" aria-labelledby=heading>
                            {of_kind.into_iter().map(|item| view! { <GearCard item units actions /> }).collect_view()}
                        </ul>
                    }
                })
            }).collect_view()}
            {(!retired.is_empty()).then(|| view! {
                <h2 id="gear-retired">{t!("gear-retired")}</h2>
                <p class="muted">{t!("gear-retired-intro")}</p>
                <ul class="gear-list retired" aria-labelledby="gear-retired">
                    {retired.into_iter().map(|item| view! { <GearCard item units actions /> }).collect_view()}
                </ul>
            })}
        </section>
        <AddGearForm units action=actions.add />
        <Defaults defaults gear=everything active action=actions.default />
    }
}

/// Before there is any gear: what it is for and what to do.
#[component]
fn EmptyGear() -> impl IntoView {
    view! {
        <div class="empty-state">
            <p class="empty-icon" aria-hidden="true">"👟"</p>
            <p>{t!("gear-empty")}</p>
            <p class="muted">{t!("gear-empty-hint")}</p>
            <a class="button" href="#add-gear">{t!("gear-add")}</a>
        </div>
    }
}

/// One item of a kind, for a person: `Shoes`, `Bike`, `Other`.
fn kind_label(kind: GearKind) -> String {
    match kind {
        GearKind::Shoes => t!("gear-kind-shoes"),
        GearKind::Bike => t!("gear-kind-bike"),
        GearKind::Other => t!("gear-kind-other"),
    }
}

/// Several of a kind, as a heading: `Shoes`, `Bikes`, `Other gear`.
fn kind_heading(kind: GearKind) -> String {
    match kind {
        GearKind::Shoes => t!("gear-kinds-shoes"),
        GearKind::Bike => t!("gear-kinds-bike"),
        GearKind::Other => t!("gear-kinds-other"),
    }
}

#[component]
fn GearCard(item: GearItem, units: Units, actions: Actions) -> impl IntoView {
    let GearItem {
        gear,
        usage,
        wear_fraction,
        wear,
    } = item;
    let id = gear.id.get();
    let title_id = format!("gear-{id}-title");
    let distance = move |m: f64| num(display::distance(m, units));
    let used = match (usage.first_day, usage.last_day) {
        (Some(first), Some(last)) if first == last => date_medium(first),
        (Some(first), Some(last)) => format!("{} – {}", date_medium(first), date_medium(last)),
        _ => t!("gear-used-never"),
    };
    let bar = gear.warn_distance_m.map(|warn| {
        let percent = (wear_fraction.unwrap_or(0.0) * 100.0).round();
        let meter_id = format!("gear-{id}-wear");
        let text = t!(
            "gear-wear",
            done = distance(usage.distance_m),
            warn = distance(warn),
            percent = format!("{percent:.0}"),
        );
        // `high` just under the end: a meter full to its end shows as past it.
        view! {
            <div class="wear">
                <label for=meter_id.clone() class="wear-label">{t!("gear-wear-label", wear = &text)}</label>
                <meter id=meter_id min="0" max=warn low=warn * GearItem::NEAR high=warn * 0.9999 optimum="0" value=usage.distance_m.min(warn)>{text}</meter>
            </div>
        }
    });
    let warning = match (wear, gear.warn_distance_m) {
        (Wear::Past, Some(warn)) => Some(Either::Left(view! {
            <p class="gear-warning" role="note">
                <span aria-hidden="true">"⚠ "</span>
                <strong>{t!("gear-past")}</strong>
                {t!("gear-past-detail", over = distance(usage.distance_m - warn), warn = distance(warn))}
            </p>
        })),
        (Wear::Near, Some(warn)) => Some(Either::Right(view! {
            <p class="gear-near" role="note">{t!("gear-near", left = distance(warn - usage.distance_m))}</p>
        })),
        _ => None,
    };
    let name = gear.name.clone();
    let retired = gear.retired;
    let hidden_name = format!(" {name}");
    let (retire_text, retire_label) = if retired {
        (t!("gear-unretire"), t!("gear-unretire-label", name = &name))
    } else {
        (t!("gear-retire"), t!("gear-retire-label", name = &name))
    };
    let delete_label = t!("gear-delete-label", name = &name);
    let labelled_by = title_id.clone();
    view! {
        <li class="gear-item" class:past={wear == Wear::Past} aria-labelledby=labelled_by>
            <header class="gear-head">
                <h3 id=title_id>{name}</h3>
                <p class="muted">
                    {kind_label(gear.kind)}
                    {gear.make().map(|m| format!(" · {m}"))}
                    {retired.then(|| format!(" · {}", t!("gear-retired-tag")))}
                </p>
            </header>
            {warning}
            <dl class="tiles gear-totals">
                <div class="tile"><dt>{t!("word-distance")}</dt><dd>{distance(usage.distance_m)}</dd></div>
                <div class="tile"><dt>{t!("word-time")}</dt><dd>{display::hours(usage.moving_ms)}</dd></div>
                <div class="tile"><dt>{t!("word-workouts")}</dt><dd>{int(usage.workouts as i64)}</dd></div>
                <div class="tile"><dt>{t!("gear-used")}</dt><dd class="gear-used">{used}</dd></div>
            </dl>
            {bar}
            {(!gear.notes.is_empty()).then(|| view! { <p class="gear-notes">{gear.notes.clone()}</p> })}
            <div class="gear-actions">
                <details class="gear-edit">
                    <summary>{t!("word-edit")} <span class="visually-hidden">{hidden_name.clone()}</span></summary>
                    <ActionForm action=actions.edit attr:class="stack-form">
                        <CsrfField />
                        <input type="hidden" name="id" value=id />
                        <GearFields prefix=format!("gear-{id}") gear=gear.clone() units />
                        <button type="submit" class="primary">{t!("gear-save-changes")}</button>
                    </ActionForm>
                </details>
                <ActionForm action=actions.retire attr:class="inline-form">
                    <CsrfField />
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="retired" value=(!retired).to_string() />
                    <button type="submit" aria-label=retire_label>{retire_text}</button>
                </ActionForm>
                <details class="danger-zone">
                    <summary>{t!("gear-delete")} <span class="visually-hidden">{hidden_name}</span></summary>
                    <p>{t!("gear-delete-explained")}</p>
                    <ActionForm action=actions.remove>
                        <CsrfField />
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class="danger">{delete_label}</button>
                    </ActionForm>
                </details>
            </div>
        </li>
    }
}

/// The fields of gear, empty for new gear or holding `gear`'s values; ids start with `prefix`.
/// `result` puts a refused field's message next to it (the add form's; the items' forms have
/// theirs above the list).
#[component]
fn GearFields(
    prefix: String,
    #[prop(optional)] gear: Option<Gear>,
    units: Units,
    #[prop(optional)] result: Option<Signal<Option<Result<(), AppError>>>>,
) -> impl IntoView {
    let unit = display::distance_unit(units);
    let editing = gear.is_some();
    let kind = gear.as_ref().map_or(GearKind::Shoes, |g| g.kind);
    let value = |f: fn(&Gear) -> Option<String>| gear.as_ref().and_then(f).unwrap_or_default();
    let name = value(|g| Some(g.name.clone()));
    let brand = value(|g| g.brand.clone());
    let model = value(|g| g.model.clone());
    let notes = value(|g| Some(g.notes.clone()));
    let warn = gear
        .as_ref()
        .and_then(|g| g.warn_distance_m)
        .map(|m| {
            let v = display::distance_value(m, units);
            format!("{}", (v * 10.0).round() / 10.0)
        })
        .unwrap_or_default();
    let id = move |field: &str| format!("{prefix}-{field}");
    let error = move |field: &'static str| {
        move || {
            result
                .and_then(|r| r.get())
                .and_then(Result::err)
                .and_then(|e| e.for_field(field))
        }
    };
    let warn_hint = if editing {
        t!("gear-warn-hint-edit")
    } else {
        t!("gear-warn-hint-new")
    };
    view! {
        <div class="field-row">
            <div class="field">
                <label for=id("kind")>{t!("gear-kind")}</label>
                <select id=id("kind") name="kind">
                    {GearKind::ALL.into_iter().map(|k| view! {
                        <option value=k.name() selected=k == kind>{kind_label(k)}</option>
                    }).collect_view()}
                </select>
                <p class="field-error" role="alert">{error("kind")}</p>
            </div>
            <div class="field">
                <label for=id("name")>{t!("word-name")}</label>
                <input id=id("name") name="name" value=name required=true maxlength="80" autocomplete="off" />
                <p class="field-error" role="alert">{error("name")}</p>
            </div>
        </div>
        <div class="field-row">
            <div class="field">
                <label for=id("brand")>{t!("gear-brand")}</label>
                <input id=id("brand") name="brand" value=brand maxlength="80" autocomplete="off" />
                <p class="field-error" role="alert">{error("brand")}</p>
            </div>
            <div class="field">
                <label for=id("model")>{t!("gear-model")}</label>
                <input id=id("model") name="model" value=model maxlength="80" autocomplete="off" />
                <p class="field-error" role="alert">{error("model")}</p>
            </div>
        </div>
        <div class="field">
            <label for=id("warn")>{t!("gear-warn-at", unit = unit)}</label>
            <input id=id("warn") name="warn_distance" value=warn type="number" inputmode="decimal" min="0" max="100000" step="any" aria-describedby=id("warn-hint") />
            <p class="hint" id=id("warn-hint")>{warn_hint}</p>
            <p class="field-error" role="alert">{error("warn_distance")}</p>
        </div>
        <div class="field">
            <label for=id("notes")>{t!("word-notes")}</label>
            <textarea id=id("notes") name="notes" rows="2" maxlength="2000">{notes}</textarea>
            <p class="field-error" role="alert">{error("notes")}</p>
        </div>
    }
}

#[component]
fn AddGearForm(units: Units, action: ServerAction<AddGear>) -> impl IntoView {
    let result: Signal<Option<Result<(), AppError>>> = Signal::derive(move || action.value().get());
    view! {
        <section class="card" id="add-gear" aria-labelledby="add-gear-heading">
            <h2 id="add-gear-heading">{t!("gear-add")}</h2>
            <FormMessage result />
            <ActionForm action attr:class="stack-form">
                <CsrfField />
                <GearFields prefix="new-gear".to_owned() units result />
                <button type="submit" class="primary">{t!("gear-add")}</button>
            </ActionForm>
        </section>
    }
}

/// The default gear per sport: the list, a way to clear each, and a form to set one.
#[component]
fn Defaults(
    defaults: Vec<GearDefault>,
    gear: Vec<Gear>,
    active: Vec<Gear>,
    action: ServerAction<SetDefaultGear>,
) -> impl IntoView {
    let name_of = move |id: domain::GearId| {
        gear.iter()
            .find(|g| g.id == id)
            .map_or_else(|| t!("gear-deleted"), |g| g.name.clone())
    };
    view! {
        <section class="card" aria-labelledby="defaults-heading">
            <h2 id="defaults-heading">{t!("gear-defaults")}</h2>
            <p class="muted">{t!("gear-defaults-intro")}</p>
            {if defaults.is_empty() {
                Either::Left(view! { <p>{t!("gear-defaults-empty")}</p> })
            } else {
                Either::Right(view! {
                    <ul class="gear-defaults">
                        {defaults.into_iter().map(|d| {
                            let name = name_of(d.gear_id);
                            let sport_name = sport(d.sport);
                            view! {
                                <li>
                                    <span>{t!("gear-default", sport = &sport_name, name = name)}</span>
                                    <ActionForm action attr:class="inline-form">
                                        <CsrfField />
                                        <input type="hidden" name="sport" value=d.sport.name() />
                                        <input type="hidden" name="gear_id" value="" />
                                        <button type="submit" aria-label=t!("gear-default-remove-label", sport = sport_name)>{t!("gear-default-remove")}</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
            {if active.is_empty() {
                Either::Left(view! { <p class="muted">{t!("gear-defaults-none-active")}</p> })
            } else {
                Either::Right(view! {
                    <ActionForm action attr:class="stack-form">
                        <CsrfField />
                        <div class="field-row">
                            <div class="field">
                                <label for="default-sport">{t!("word-sport")}</label>
                                <select id="default-sport" name="sport">
                                    {domain::SPORTS.into_iter().map(|s| view! { <option value=s.name()>{sport(s)}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="default-gear">{t!("gear-title")}</label>
                                <select id="default-gear" name="gear_id">
                                    <GearOptions gear=active current=None />
                                </select>
                            </div>
                        </div>
                        <button type="submit">{t!("gear-default-set")}</button>
                    </ActionForm>
                })
            }}
            <p class="muted"><A href="/workouts">{t!("gear-your-workouts")}</A> " · " {t!("gear-choose-on-workout")}</p>
        </section>
    }
}

/// `<option>`s of gear, grouped by kind; `current` selected.
#[component]
pub fn GearOptions(gear: Vec<Gear>, current: Option<domain::GearId>) -> impl IntoView {
    let mut groups: Vec<(GearKind, Vec<Gear>)> =
        GearKind::ALL.into_iter().map(|k| (k, Vec::new())).collect();
    for g in gear {
        if let Some((_, of_kind)) = groups.iter_mut().find(|(k, _)| *k == g.kind) {
            of_kind.push(g);
        }
    }
    groups
        .into_iter()
        .filter(|(_, of_kind)| !of_kind.is_empty())
        .map(|(kind, of_kind)| {
            view! {
                <optgroup label=kind_heading(kind)>
                    {of_kind.into_iter().map(|g| {
                        let label = match (g.make(), g.retired) {
                            (Some(make), false) => format!("{} ({make})", g.name),
                            (None, false) => g.name.clone(),
                            (_, true) => t!("gear-option-retired", name = &g.name),
                        };
                        view! { <option value=g.id.get() selected=Some(g.id) == current>{label}</option> }
                    }).collect_view()}
                </optgroup>
            }
        })
        .collect_view()
}
