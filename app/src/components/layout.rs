//! The frame around every page: header, user menu, main area.

use domain::User;
use leptos::{either::Either, prelude::*};
use leptos_router::components::{A, Redirect};

use crate::{
    auth::{self, use_auth},
    csrf::CsrfField,
};

/// Header with the user menu, then the page. Creates the auth context (it needs the router).
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    auth::provide_auth_context();
    let auth = use_auth();
    view! {
        <a class="skip-link" href="#main">{t!("skip-to-content")}</a>
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"◴"</span>
                " Laps"
            </A>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => Either::Left(view! {
                            <nav class="main-nav" aria-label=t!("nav-main")>
                                <A href="/calendar">{t!("nav-calendar")}</A>
                                <A href="/workouts">{t!("nav-workouts")}</A>
                                <A href="/upload">{t!("nav-upload")}</A>
                                <A href="/record">{t!("nav-record")}</A>
                                <A href="/records">{t!("nav-records")}</A>
                                <A href="/map">{t!("nav-map")}</A>
                                <A href="/gear">{t!("nav-gear")}</A>
                                <A href="/stats">{t!("nav-stats")}</A>
                            </nav>
                            <UserMenu user />
                        }),
                        _ => Either::Right(()),
                    }
                })}
            </Transition>
        </header>
        <main id="main" class="page">{children()}</main>
    }
}

/// The signed-in user's menu: a native disclosure, so it works without JavaScript and with a
/// keyboard or screen reader; with script it also closes on Escape and outside clicks.
#[component]
fn UserMenu(user: User) -> impl IntoView {
    let sign_out = ServerAction::<auth::SignOut>::new();
    let initial = user
        .username
        .as_str()
        .chars()
        .next()
        .unwrap_or('?')
        .to_uppercase()
        .to_string();
    view! {
        <details class="user-menu">
            <summary aria-label=t!("menu-label", name = user.username.to_string())>
                <span class="avatar" aria-hidden="true">{initial}</span>
                <span class="user-name">{user.username.to_string()}</span>
            </summary>
            <super::MenuDismiss />
            <nav class="menu" aria-label=t!("menu-account")>
                <A href="/settings">{t!("menu-settings")}</A>
                <A href="/settings/password">{t!("menu-password")}</A>
                <a href="/api/v1/export" download="" rel="external">{t!("menu-export")}</a>
                {user.is_admin.then(|| view! {
                    <A href="/admin">{t!("menu-administration")}</A>
                    <A href="/admin/users">{t!("menu-users")}</A>
                })}
                <ActionForm action=sign_out>
                    <CsrfField />
                    <button type="submit" class="link-button">{t!("menu-sign-out")}</button>
                </ActionForm>
            </nav>
        </details>
    }
}

/// Renders `children` with the signed-in user; sends everyone else to the sign-in page.
#[component]
pub fn RequireUser<F, IV>(children: F) -> impl IntoView
where
    F: Fn(User) -> IV + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let auth = use_auth();
    let children = std::sync::Arc::new(children);
    // Signed out, the sign-in page brings the visitor back here afterwards.
    let location = leptos_router::hooks::use_location();
    let here = {
        let search = location.search.get_untracked();
        let search = search.trim_start_matches('?');
        let path = location.pathname.get_untracked();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    let sign_in = auth::sign_in_href(&here);
    view! {
        <Transition fallback=|| view! { <p class="muted">{t!("loading")}</p> }>
            {
                let children = children.clone();
                move || {
                    let children = children.clone();
                    let sign_in = sign_in.clone();
                    Suspend::new(async move {
                        match auth.user.await {
                            Ok(Some(user)) => Either::Left(children(user)),
                            _ => Either::Right(view! { <Redirect path=sign_in /> }),
                        }
                    })
                }
            }
        </Transition>
    }
}

/// What an administration page shows someone who is not an administrator, once the page's
/// `resource` has answered: a resource nobody reads would still run its server function, after
/// the response is gone and without the request's context (an error in the log, for nothing).
pub fn forbidden_after<T>(resource: Resource<T>) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let _ = resource.await;
                view! { <section class="card"><p>{crate::AppError::Forbidden.to_string()}</p></section> }
            })}
        </Suspense>
    }
}
