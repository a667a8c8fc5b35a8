//! `/gear`: shoes, bikes and other gear with their distance and time, a bar towards each one's
//! warning distance (and a plain warning past it), retired gear apart, forms to add and edit,
//! and the default gear per sport. Every form posts as HTML and comes back here.

use domain::{Date, Gear, GearDefault, GearItem, GearKind, Units, Wear, display};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

use crate::{
    AppError,
    components::{FormMessage, RequireUser},
    csrf::CsrfField,
    gear::{AddGear, DeleteGear, EditGear, GearPageData, RetireGear, SetDefaultGear, gear_page},
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
        <Title text="Gear" />
        <RequireUser children=move |_| view! { <GearView data actions /> } />
    }
}

#[component]
fn GearView(data: Resource<Result<GearPageData, AppError>>, actions: Actions) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => Either::Left(view! { <GearBody data actions /> }),
                    Err(error) => Either::Right(view! {
                        <section class="card"><h1>"Gear"</h1><p class="form-error">{error.to_string()}</p></section>
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
                Some(("form-success", "Saved.".to_owned()))
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
                <h1 id="gear-heading">"Gear"</h1>
                {(!empty).then(|| view! { <a class="button secondary" href="#add-gear">"Add gear"</a> })}
            </header>
            <p class="muted">"Shoes, bikes and anything else you wear out. A workout names the gear it was done with; its distance and time add up here."</p>
            <Status actions />
            {empty.then(|| view! { <EmptyGear /> })}
            {GearKind::ALL.into_iter().map(|kind| {
                let of_kind: Vec<GearItem> = in_use.iter().filter(|i| i.gear.kind == kind).cloned().collect();
                (!of_kind.is_empty()).then(|| {
                    let heading = format!("gear-{}", kind.name());
                    view! {
                        <h2 id=heading.clone()>{kind.heading()}</h2>
                        <ul class="gear-list" aria-labelledby=heading>
                            {of_kind.into_iter().map(|item| view! { <GearCard item units actions /> }).collect_view()}
                        </ul>
                    }
                })
            }).collect_view()}
            {(!retired.is_empty()).then(|| view! {
                <h2 id="gear-retired">"Retired"</h2>
                <p class="muted">"Out of use: offered for no new workout and default for no sport. Their totals stay."</p>
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
            <p>"No gear yet."</p>
            <p class="muted">
                "Add your running shoes, your bikes and anything else you wear out, then choose it on each workout's page "
                "(or set a default per sport below). Their kilometres and hours add up here, and shoes warn you at 700 km, "
                "when most are worn out. A Strava export brings its gear along with its activities."
            </p>
            <a class="button" href="#add-gear">"Add gear"</a>
        </div>
    }
}

/// `1 May 2024`.
fn day(d: Date) -> String {
    let month = &domain::date::MONTH_NAMES[d.month as usize - 1][..3];
    format!("{} {month} {}", d.day, d.year)
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
    let distance = move |m: f64| display::distance(m, units);
    let used = match (usage.first_day, usage.last_day) {
        (Some(first), Some(last)) if first == last => day(first),
        (Some(first), Some(last)) => format!("{} – {}", day(first), day(last)),
        _ => "not yet".to_owned(),
    };
    let bar = gear.warn_distance_m.map(|warn| {
        let percent = (wear_fraction.unwrap_or(0.0) * 100.0).round();
        let meter_id = format!("gear-{id}-wear");
        let text = format!(
            "{} of {} ({percent:.0}%)",
            distance(usage.distance_m),
            distance(warn)
        );
        // `high` just under the end: a meter full to its end shows as past it.
        view! {
            <div class="wear">
                <label for=meter_id.clone() class="wear-label">"Towards its warning distance: " {text.clone()}</label>
                <meter id=meter_id min="0" max=warn low=warn * GearItem::NEAR high=warn * 0.9999 optimum="0" value=usage.distance_m.min(warn)>{text}</meter>
            </div>
        }
    });
    let warning = match (wear, gear.warn_distance_m) {
        (Wear::Past, Some(warn)) => Some(Either::Left(view! {
            <p class="gear-warning" role="note">
                <span aria-hidden="true">"⚠ "</span>
                <strong>"Past its warning distance"</strong>
                {format!(": {} over {}. Time to think about replacing it.", distance(usage.distance_m - warn), distance(warn))}
            </p>
        })),
        (Wear::Near, Some(warn)) => Some(Either::Right(view! {
            <p class="gear-near" role="note">{format!("Nearly at its warning distance: {} to go.", distance(warn - usage.distance_m))}</p>
        })),
        _ => None,
    };
    let name = gear.name.clone();
    let retired = gear.retired;
    let hidden_name = format!(" {name}");
    let retire_label = if retired {
        format!("Bring {name} back into use")
    } else {
        format!("Retire {name}")
    };
    let delete_label = format!("Delete {name} for good");
    let labelled_by = title_id.clone();
    view! {
        <li class="gear-item" class:past={wear == Wear::Past} aria-labelledby=labelled_by>
            <header class="gear-head">
                <h3 id=title_id>{name}</h3>
                <p class="muted">
                    {gear.kind.label()}
                    {gear.make().map(|m| format!(" · {m}"))}
                    {retired.then_some(" · retired")}
                </p>
            </header>
            {warning}
            <dl class="tiles gear-totals">
                <div class="tile"><dt>"Distance"</dt><dd>{distance(usage.distance_m)}</dd></div>
                <div class="tile"><dt>"Time"</dt><dd>{display::hours(usage.moving_ms)}</dd></div>
                <div class="tile"><dt>"Workouts"</dt><dd>{usage.workouts}</dd></div>
                <div class="tile"><dt>"Used"</dt><dd class="gear-used">{used}</dd></div>
            </dl>
            {bar}
            {(!gear.notes.is_empty()).then(|| view! { <p class="gear-notes">{gear.notes.clone()}</p> })}
            <div class="gear-actions">
                <details class="gear-edit">
                    <summary>"Edit" <span class="visually-hidden">{hidden_name.clone()}</span></summary>
                    <ActionForm action=actions.edit attr:class="stack-form">
                        <CsrfField />
                        <input type="hidden" name="id" value=id />
                        <GearFields prefix=format!("gear-{id}") gear=gear.clone() units />
                        <button type="submit" class="primary">"Save changes"</button>
                    </ActionForm>
                </details>
                <ActionForm action=actions.retire attr:class="inline-form">
                    <CsrfField />
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="retired" value=(!retired).to_string() />
                    <button type="submit" aria-label=retire_label>
                        {if retired { "Bring back into use" } else { "Retire" }}
                    </button>
                </ActionForm>
                <details class="danger-zone">
                    <summary>"Delete…" <span class="visually-hidden">{hidden_name}</span></summary>
                    <p>"The gear is deleted; its workouts stay, without gear. To keep its totals, retire it instead."</p>
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
        "Blank or 0: never warn."
    } else {
        "Leave it blank for the usual: 700 km for shoes, no warning for bikes and other gear. 0: never warn."
    };
    view! {
        <div class="field-row">
            <div class="field">
                <label for=id("kind")>"Kind"</label>
                <select id=id("kind") name="kind">
                    {GearKind::ALL.into_iter().map(|k| view! {
                        <option value=k.name() selected=k == kind>{k.label()}</option>
                    }).collect_view()}
                </select>
                <p class="field-error" role="alert">{error("kind")}</p>
            </div>
            <div class="field">
                <label for=id("name")>"Name"</label>
                <input id=id("name") name="name" value=name required=true maxlength="80" autocomplete="off" />
                <p class="field-error" role="alert">{error("name")}</p>
            </div>
        </div>
        <div class="field-row">
            <div class="field">
                <label for=id("brand")>"Brand"</label>
                <input id=id("brand") name="brand" value=brand maxlength="80" autocomplete="off" />
                <p class="field-error" role="alert">{error("brand")}</p>
            </div>
            <div class="field">
                <label for=id("model")>"Model"</label>
                <input id=id("model") name="model" value=model maxlength="80" autocomplete="off" />
                <p class="field-error" role="alert">{error("model")}</p>
            </div>
        </div>
        <div class="field">
            <label for=id("warn")>{format!("Warn at ({unit})")}</label>
            <input id=id("warn") name="warn_distance" value=warn type="number" inputmode="decimal" min="0" max="100000" step="any" aria-describedby=id("warn-hint") />
            <p class="hint" id=id("warn-hint")>{warn_hint}</p>
            <p class="field-error" role="alert">{error("warn_distance")}</p>
        </div>
        <div class="field">
            <label for=id("notes")>"Notes"</label>
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
            <h2 id="add-gear-heading">"Add gear"</h2>
            <FormMessage result />
            <ActionForm action attr:class="stack-form">
                <CsrfField />
                <GearFields prefix="new-gear".to_owned() units result />
                <button type="submit" class="primary">"Add gear"</button>
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
            .map_or_else(|| "(deleted)".to_owned(), |g| g.name.clone())
    };
    view! {
        <section class="card" aria-labelledby="defaults-heading">
            <h2 id="defaults-heading">"Defaults per sport"</h2>
            <p class="muted">"A new workout gets its sport's default gear when its file or export names none. You can still change it on the workout's page."</p>
            {if defaults.is_empty() {
                Either::Left(view! { <p>"No defaults yet."</p> })
            } else {
                Either::Right(view! {
                    <ul class="gear-defaults">
                        {defaults.into_iter().map(|d| {
                            let name = name_of(d.gear_id);
                            let sport = d.sport.label();
                            view! {
                                <li>
                                    <span>{format!("{sport}: {name}")}</span>
                                    <ActionForm action attr:class="inline-form">
                                        <CsrfField />
                                        <input type="hidden" name="sport" value=d.sport.name() />
                                        <input type="hidden" name="gear_id" value="" />
                                        <button type="submit" aria-label=format!("Remove the default for {sport}")>"Remove"</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
            {if active.is_empty() {
                Either::Left(view! { <p class="muted">"Add gear in use first; then choose it here."</p> })
            } else {
                Either::Right(view! {
                    <ActionForm action attr:class="stack-form">
                        <CsrfField />
                        <div class="field-row">
                            <div class="field">
                                <label for="default-sport">"Sport"</label>
                                <select id="default-sport" name="sport">
                                    {domain::SPORTS.into_iter().map(|s| view! { <option value=s.name()>{s.label()}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="default-gear">"Gear"</label>
                                <select id="default-gear" name="gear_id">
                                    <GearOptions gear=active current=None />
                                </select>
                            </div>
                        </div>
                        <button type="submit">"Set default"</button>
                    </ActionForm>
                })
            }}
            <p class="muted"><A href="/workouts">"Your workouts"</A> " · choose gear on each workout's page."</p>
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
                <optgroup label=kind.heading()>
                    {of_kind.into_iter().map(|g| {
                        let label = match (g.make(), g.retired) {
                            (Some(make), false) => format!("{} ({make})", g.name),
                            (None, false) => g.name.clone(),
                            (_, true) => format!("{} (retired)", g.name),
                        };
                        view! { <option value=g.id.get() selected=Some(g.id) == current>{label}</option> }
                    }).collect_view()}
                </optgroup>
            }
        })
        .collect_view()
}
