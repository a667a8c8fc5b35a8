//! `/admin`: instance settings and accounts.

use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

use crate::{
    AppError,
    auth::{AdminSummary, SetSignUpOpen, admin_overview},
    components::{FormMessage, RequireUser, forbidden_after},
    csrf::CsrfField,
};

/// The administration page (administrators only).
#[component]
pub fn Admin() -> impl IntoView {
    let action = ServerAction::<SetSignUpOpen>::new();
    // Created here, outside `RequireUser`'s `Suspend`: Suspense walks its children more than
    // once, so a resource created inside one is created (and its server function called) anew
    // each time, and the runs left behind lose the request's context.
    let overview = Resource::new(move || action.version().get(), |_| admin_overview());
    view! {
        <Title text=t!("admin-title") />
        <RequireUser children=move |user| {
            if user.is_admin {
                Either::Left(view! { <AdminPanel action overview /> })
            } else {
                Either::Right(forbidden_after(overview))
            }
        } />
    }
}

#[component]
fn AdminPanel(
    action: ServerAction<SetSignUpOpen>,
    overview: Resource<Result<AdminSummary, AppError>>,
) -> impl IntoView {
    let result = Signal::derive(move || action.value().get());
    view! {
        <section class="card">
            <h1>{t!("admin-title")}</h1>
            <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
                {move || Suspend::new(async move {
                    let overview = match overview.await {
                        Ok(overview) => overview,
                        Err(error) => return Either::Right(view! { <p class="form-error">{error.to_string()}</p> }),
                    };
                    Either::Left(view! {
                        <h2>{t!("admin-sign-up")}</h2>
                        <FormMessage result success=t!("word-saved") />
                        <ActionForm action attr:class="inline-form">
                            <CsrfField />
                            <label class="checkbox">
                                <input type="checkbox" name="open" value="on" checked=overview.sign_up_open />
                                " " {t!("admin-sign-up-open")}
                            </label>
                            <button type="submit">{t!("word-save")}</button>
                        </ActionForm>
                        <h2>{t!("admin-accounts")}</h2>
                        {
                            let count = overview.users.len();
                            let admins = overview.users.iter().filter(|u| u.is_admin).count();
                            view! {
                                <p>
                                    {t!("admin-account-count", count = count, admins = admins)} " "
                                    <a href="/admin/users">{t!("admin-manage-users")}</a>
                                    " " {t!("admin-manage-users-what")}
                                </p>
                            }
                        }
                        <h2>{t!("partners-title")}</h2>
                        <p><a href="/admin/partners">{t!("admin-partners-link")}</a> " " {t!("admin-partners-what")}</p>
                    })
                })}
            </Transition>
        </section>
    }
}
