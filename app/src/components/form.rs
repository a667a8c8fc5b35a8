//! Form pieces: labelled fields with their error messages, the message above a form, and what
//! a failed form kept of its input.

use leptos::prelude::*;

use crate::AppError;

/// A failed form's error and input, carried to the page it came from by the server (in a
/// short-lived cookie, so the page's URL stays clean: see the server's `form_flash` layer).
/// Passwords, secrets and the CSRF token are never kept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeptForm {
    /// The page (path and query) the form was on.
    pub page: String,
    /// The server function that refused it (`/api/sign_in`).
    pub action: String,
    /// Its error, encoded as Leptos puts it in the URL.
    pub error: String,
    /// The fields as typed, in order.
    pub fields: Vec<(String, String)>,
}

impl KeptForm {
    /// The kept value of the field `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Makes it the page's: the refused action reads its error from it, and fields their
    /// values ([`kept_value`]). Called by the server while rendering the page.
    #[cfg(feature = "ssr")]
    pub fn provide(self) {
        provide_context(ServerActionError::new(&self.action, &self.error));
        provide_context(self);
    }
}

/// What the user typed into the field `name` of a form the server just refused, to put back.
pub fn kept_value(name: &str) -> Option<String> {
    use_context::<KeptForm>().and_then(|kept| kept.value(name).map(ToOwned::to_owned))
}

/// A labelled text input with the server's message for it, announced to screen readers.
#[component]
pub fn TextField(
    /// The form field's name (and the key of its errors).
    name: &'static str,
    /// The visible label.
    #[prop(into)]
    label: String,
    /// `text`, `password`, ...
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser's autocomplete hint (`username`, `current-password`, `new-password`).
    autocomplete: &'static str,
    /// A hint shown under the field.
    #[prop(optional, into)]
    hint: Option<String>,
    /// The last result of the form's action.
    result: Signal<Option<Result<(), AppError>>>,
) -> impl IntoView {
    let error = move || {
        result
            .get()
            .and_then(Result::err)
            .and_then(|e| e.for_field(name))
    };
    // A refused form comes back with what was typed (never a password).
    let value = (kind != "password").then(|| kept_value(name)).flatten();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let has_hint = hint.is_some();
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                required=true
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=described_by
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <p class="field-error" id=error_id role="alert">{error}</p>
        </div>
    }
}

/// The message above a form: an error that belongs to no single field, or a success note.
#[component]
pub fn FormMessage(
    /// The last result of the form's action.
    result: Signal<Option<Result<(), AppError>>>,
    /// What to say when the action succeeded (nothing if `None`).
    #[prop(optional, into)]
    success: Option<String>,
) -> impl IntoView {
    // A form posted without script comes back to its page with `?done=1` when it succeeded
    // (see [`crate::done`]); with script, the action's value says so.
    let query = leptos_router::hooks::use_query_map();
    let message = move || match result.get() {
        Some(Err(error)) => error.form_message().map(|m| ("form-error", m)),
        Some(Ok(())) => success.clone().map(|m| ("form-success", m)),
        None if query.with(|q| q.get("done").is_some()) => {
            success.clone().map(|m| ("form-success", m))
        }
        None => None,
    };
    view! {
        <div role="status" aria-live="polite">
            {move || message().map(|(class, text)| view! { <p class=class>{text}</p> })}
        </div>
    }
}
