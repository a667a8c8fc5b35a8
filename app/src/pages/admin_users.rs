//! `/admin/users`: administrators add accounts, set temporary passwords, disable, enable,
//! grant or withdraw administrator rights, and delete accounts with their data. Every action is
//! a plain form (CSRF token included), so it works without script; on a phone each account is
//! a card.

use domain::{AccountSummary, LocalStamp, UserId, Username};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    AppError,
    admin::{
        AddAccount, DeleteAccount, ResetAccountPassword, SetAccountAdmin, SetAccountDisabled,
        UsersData, users_page,
    },
    components::{FormMessage, RequireUser, TextField, forbidden_after, kept_value},
    csrf::CsrfField,
};

/// The forms of the page, one action each.
#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddAccount>,
    reset: ServerAction<ResetAccountPassword>,
    disable: ServerAction<SetAccountDisabled>,
    admin: ServerAction<SetAccountAdmin>,
    delete: ServerAction<DeleteAccount>,
}

/// The Users page (administrators only).
#[component]
pub fn AdminUsers() -> impl IntoView {
    // Created here, outside `RequireUser`'s `Suspend` (see the admin page for why).
    let page = Resource::new(|| (), |()| users_page());
    view! {
        <Title text=t!("admin-users-title") />
        <RequireUser children=move |user| {
            if user.is_admin {
                Either::Left(view! { <UsersPanel page /> })
            } else {
                Either::Right(forbidden_after(page))
            }
        } />
    }
}

/// What `?done=…&user=…` says happened.
fn done_message(done: &str, user: &str) -> Option<String> {
    Some(match done {
        "added" => t!("admin-users-added", user = user),
        "reset" => t!("admin-users-reset", user = user),
        "disabled" => t!("admin-users-disabled", user = user),
        "enabled" => t!("admin-users-enabled", user = user),
        "admin" => t!("admin-users-admin", user = user),
        "athlete" => t!("admin-users-athlete", user = user),
        "deleted" => t!("admin-users-deleted", user = user),
        _ => return None,
    })
}

#[component]
fn UsersPanel(page: Resource<Result<UsersData, AppError>>) -> impl IntoView {
    let actions = Actions {
        add: ServerAction::new(),
        reset: ServerAction::new(),
        disable: ServerAction::new(),
        admin: ServerAction::new(),
        delete: ServerAction::new(),
    };
    let query = leptos_router::hooks::use_query_map();
    let done = move || {
        query.with(|q| {
            let user = q.get("user").filter(|u| Username::parse(u).is_ok())?;
            done_message(&q.get("done")?, &user)
        })
    };
    let added = Signal::derive(move || actions.add.value().get());
    let errors = [
        Signal::derive(move || actions.reset.value().get()),
        Signal::derive(move || actions.disable.value().get()),
        Signal::derive(move || actions.admin.value().get()),
        Signal::derive(move || {
            actions
                .delete
                .value()
                .get()
                .filter(|r| r.as_ref().is_err_and(|e| e.for_field("confirm").is_none()))
        }),
    ];
    view! {
        <section class="card">
            <p class="breadcrumb"><A href="/admin">{t!("admin-title")}</A> " › " {t!("admin-users-title")}</p>
            <h1>{t!("admin-users-title")}</h1>
            <div role="status" aria-live="polite">
                {move || done().map(|text| view! { <p class="form-success">{text}</p> })}
            </div>
            {errors.into_iter().map(|result| view! { <FormMessage result /> }).collect_view()}
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => Either::Left(view! { <AccountList page actions /> }),
                        Err(error) => Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    }
                })}
            </Transition>
            <h2 id="add">{t!("admin-users-add")}</h2>
            <p class="muted">{t!("admin-users-add-hint")}</p>
            <FormMessage result=added />
            <ActionForm action=actions.add attr:class="stack" attr:novalidate=true>
                <CsrfField />
                <TextField name="username" label=t!("admin-users-username") autocomplete="off" hint=t!("admin-users-username-hint") result=added />
                <TextField name="password" label=t!("admin-users-password") kind="password" autocomplete="new-password" hint=t!("admin-users-password-hint") result=added />
                <label class="checkbox"><input type="checkbox" name="admin" value="on" />" " {t!("admin-users-make-admin-on-add")}</label>
                <button type="submit" class="primary">{t!("admin-users-add-button")}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AccountList(page: UsersData, actions: Actions) -> impl IntoView {
    let UsersData {
        me,
        accounts,
        offset_min,
        temporary,
    } = page;
    let count = accounts.len();
    view! {
        {temporary.map(|(name, password)| view! {
            <div class="secret-once" role="status">
                <p><strong>{t!("admin-users-temporary", user = name)}</strong></p>
                <p><code class="temporary-password">{password}</code></p>
                <p class="muted">{t!("admin-users-temporary-hint")}</p>
            </div>
        })}
        <p class="muted">{t!("admin-users-count", count = count)}</p>
        <ul class="account-list">
            {accounts.into_iter().map(|account| view! { <AccountCard account me offset_min actions /> }).collect_view()}
        </ul>
    }
}

#[component]
fn AccountCard(
    account: AccountSummary,
    me: UserId,
    offset_min: i32,
    actions: Actions,
) -> impl IntoView {
    let AccountSummary {
        user,
        disabled,
        created_at,
        workouts,
    } = account;
    let name = user.username.to_string();
    let id = user.id.get();
    let since = LocalStamp::at(created_at, offset_min).date;
    let role = if user.is_admin {
        t!("admin-users-role-admin")
    } else {
        t!("admin-users-role-athlete")
    };
    let is_me = user.id == me;
    // The delete form that was just refused opens again with its message.
    let refused_here = kept_value("id").is_some_and(|kept| kept == id.to_string());
    let confirm_error = move || {
        actions
            .delete
            .value()
            .get()
            .and_then(Result::err)
            .and_then(|e| e.for_field("confirm"))
            .filter(|_| refused_here)
    };
    let confirm_id = format!("confirm-{id}");
    let summary_text = t!(
        "admin-users-summary",
        date = since.to_string(),
        count = workouts
    );
    let reset_label = t!("admin-users-reset-label", user = &name);
    let delete_summary = t!("admin-users-delete-summary", user = &name);
    let confirm_label = t!("admin-users-confirm", user = &name, count = workouts);
    let delete_button = t!("admin-users-delete-button", user = &name);
    let actions_view = (!is_me).then(move || {
        view! {
            <div class="account-actions">
                <ActionForm action=actions.admin>
                    <CsrfField />
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="admin" value=(!user.is_admin).to_string() />
                    <button type="submit" class="secondary">{if user.is_admin { t!("admin-users-withdraw-admin") } else { t!("admin-users-make-admin") }}</button>
                </ActionForm>
                <ActionForm action=actions.reset>
                    <CsrfField />
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="secondary" aria-label=reset_label>{t!("admin-users-reset-button")}</button>
                </ActionForm>
                <ActionForm action=actions.disable>
                    <CsrfField />
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="disable" value=(!disabled).to_string() />
                    <button type="submit" class="secondary">{if disabled { t!("admin-users-enable") } else { t!("admin-users-disable") }}</button>
                </ActionForm>
            </div>
            <details class="danger-zone" open=refused_here>
                <summary>{delete_summary}</summary>
                <ActionForm action=actions.delete attr:class="stack" attr:novalidate=true>
                    <CsrfField />
                    <input type="hidden" name="id" value=id />
                    <div class="field" class:invalid=move || confirm_error().is_some()>
                        <label for=confirm_id.clone()>{confirm_label}</label>
                        <input id=confirm_id.clone() name="confirm" autocomplete="off" autocapitalize="none" spellcheck="false" required=true
                            aria-invalid=move || confirm_error().is_some().then_some("true")
                            aria-describedby=format!("{confirm_id}-error") />
                        <p class="field-error" id=format!("{confirm_id}-error") role="alert">{confirm_error}</p>
                    </div>
                    <button type="submit" class="danger">{delete_button}</button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <li class="account-card" class:disabled=disabled>
            <p class="account-head">
                <strong class="account-name">{name.clone()}</strong>
                {is_me.then(|| view! { <span class="muted">" " {t!("admin-users-you")}</span> })}
                " "<span class="badge">{role}</span>
                {disabled.then(|| view! { " " <span class="badge warning">{t!("admin-users-disabled-badge")}</span> })}
            </p>
            <p class="muted">{summary_text}</p>
            {if is_me {
                Either::Left(view! { <p class="muted">{t!("admin-users-own")} " " <A href="/settings/password">{t!("menu-password")}</A> "."</p> })
            } else {
                Either::Right(actions_view)
            }}
        </li>
    }
}
