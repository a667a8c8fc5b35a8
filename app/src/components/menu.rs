//! Closing a disclosure menu the way people expect of a menu: Escape (focus goes back to its
//! button) and a click or tap anywhere outside it. The menu itself stays a native `<details>`,
//! so it opens and works without script; this island only adds the closing.

use leptos::prelude::*;

/// Put inside a `<details>`: closes it on Escape and on a click outside (an island: the only
/// part of the menu that needs script).
#[island]
pub fn MenuDismiss() -> impl IntoView {
    let anchor = NodeRef::<leptos::html::Span>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(span) = anchor.get() {
            browser::attach(&span);
        }
    });
    view! { <span node_ref=anchor hidden=true></span> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::{JsCast as _, closure::Closure};
    use web_sys::{Element, Event, HtmlElement, KeyboardEvent, Node};

    fn close(details: &Element, focus_summary: bool) {
        if !details.has_attribute("open") {
            return;
        }
        // Removing the attribute is what the user's own click on the summary does.
        let _ = details.remove_attribute("open");
        if focus_summary
            && let Ok(Some(summary)) = details.query_selector("summary")
            && let Ok(summary) = summary.dyn_into::<HtmlElement>()
        {
            let _ = summary.focus();
        }
    }

    /// Listens on the document for as long as the page lives (the menu is in the header of
    /// every page, so the listeners are never orphaned).
    pub fn attach(anchor: &Element) {
        let Ok(Some(details)) = anchor.closest("details") else {
            return;
        };
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let on_key = {
            let details = details.clone();
            Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
                if event.key() == "Escape" {
                    close(&details, true);
                }
            })
        };
        let on_click = Closure::<dyn Fn(Event)>::new(move |event: Event| {
            let inside = event
                .target()
                .and_then(|target| target.dyn_into::<Node>().ok())
                .is_some_and(|node| details.contains(Some(&node)));
            if !inside {
                close(&details, false);
            }
        });
        let _ =
            document.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
        let _ =
            document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_key.forget();
        on_click.forget();
    }
}
