//! The `partner` crate's sentences for people, in the page's language: what a scope lets an
//! app read, and why a request or a registration is refused. The crate writes its refusals in
//! English, so they are recognised here by their wording; one not listed stays as written.

use partner::Scope;

/// What a scope lets an app read.
pub fn scope(scope: Scope) -> String {
    match scope {
        Scope::WorkoutsRead => t!("partners-scope-workouts"),
        Scope::ActivityRead => t!("partners-scope-activity"),
        Scope::ProfileRead => t!("partners-scope-profile"),
        Scope::AccessLinkReadAll => t!("partners-scope-all"),
    }
}

/// Why the consent page cannot ask (`AuthorizeError::Page`).
pub fn page(message: String) -> String {
    known_page(&message).unwrap_or(message)
}

/// Why a registration was refused (`PartnerError::Invalid`).
pub fn invalid(message: String) -> String {
    known_invalid(&message).unwrap_or(message)
}

fn known_page(text: &str) -> Option<String> {
    const ADDRESS: &str = "The address ";
    Some(match text {
        "The link does not say which app is asking (no client_id)." => {
            t!("partners-page-no-client-id")
        }
        "No app with this client_id is registered here." => t!("partners-page-unknown-client"),
        _ => {
            if let Some(name) = between(
                text,
                ADDRESS,
                " wants to send you back to is not one it registered.",
            ) {
                t!("partners-page-redirect-unregistered", name = name)
            } else if let Some(name) = between(
                text,
                ADDRESS,
                " wants to send you back to is not safe to follow.",
            ) {
                t!("partners-page-redirect-unsafe", name = name)
            } else if let Some(name) = text.strip_suffix(" has no redirect URI registered.") {
                t!("partners-page-no-redirect", name = name)
            } else {
                let name = text.strip_suffix(" is suspended on this server.")?;
                t!("partners-page-suspended", name = name)
            }
        }
    })
}

fn known_invalid(text: &str) -> Option<String> {
    Some(match text {
        "A partner needs a name of 1 to 100 characters." => t!("partners-invalid-name"),
        "A partner needs at least one redirect URI." => t!("partners-invalid-no-redirect"),
        "The homepage must be an http(s) URL." => t!("partners-invalid-homepage"),
        "A partner needs at least one scope." => t!("partners-invalid-no-scope"),
        _ => {
            if let Some(name) = between(text, "There is no user named ", ".") {
                t!("partners-invalid-no-user", name = name)
            } else if let Some(name) = text.strip_suffix(" is not a valid username.") {
                t!("partners-invalid-username", name = name)
            } else {
                let (uri, why) = text.strip_prefix("Redirect URI ")?.rsplit_once(": ")?;
                redirect_uri(uri, why)?
            }
        }
    })
}

/// `Redirect URI "…": why`.
fn redirect_uri(uri: &str, why: &str) -> Option<String> {
    Some(match why {
        "must not have a fragment." => t!("partners-uri-fragment", uri = uri),
        "must not contain spaces." => t!("partners-uri-spaces", uri = uri),
        "must not contain a backslash." => t!("partners-uri-backslash", uri = uri),
        "is not a valid URL." => t!("partners-uri-invalid", uri = uri),
        "must not contain a user name or password (user@host)." => {
            t!("partners-uri-userinfo", uri = uri)
        }
        "has no host." => t!("partners-uri-no-host", uri = uri),
        "plain http is allowed only for localhost, 127.0.0.1 and [::1]." => {
            t!("partners-uri-plain-http", uri = uri)
        }
        "must be https://, http:// on loopback, or a reverse-domain scheme like com.example.app:/cb." =>
        {
            t!("partners-uri-scheme", uri = uri)
        }
        _ => return None,
    })
}

/// `text` without `before` and `after`, if it starts and ends with them.
fn between<'a>(text: &'a str, before: &str, after: &str) -> Option<&'a str> {
    text.strip_prefix(before)?.strip_suffix(after)
}

#[cfg(test)]
mod tests {
    use leptos::prelude::{Owner, provide_context};

    use crate::i18n::Language;

    /// The refusals as the `partner` crate writes them.
    const PAGE: [&str; 6] = [
        "The link does not say which app is asking (no client_id).",
        "No app with this client_id is registered here.",
        "The address Coach wants to send you back to is not one it registered.",
        "The address Coach wants to send you back to is not safe to follow.",
        "Coach has no redirect URI registered.",
        "Coach is suspended on this server.",
    ];
    const INVALID: [&str; 14] = [
        "A partner needs a name of 1 to 100 characters.",
        "A partner needs at least one redirect URI.",
        "The homepage must be an http(s) URL.",
        "A partner needs at least one scope.",
        "There is no user named bob.",
        "\"bo b\" is not a valid username.",
        "Redirect URI \"https://x.example/#a\": must not have a fragment.",
        "Redirect URI \"https://x.example/ a\": must not contain spaces.",
        "Redirect URI \"https://x.example\\\\a\": must not contain a backslash.",
        "Redirect URI \"x:\": is not a valid URL.",
        "Redirect URI \"https://a@x.example/\": must not contain a user name or password (user@host).",
        "Redirect URI \"https:///a\": has no host.",
        "Redirect URI \"http://x.example/\": plain http is allowed only for localhost, 127.0.0.1 and [::1].",
        "Redirect URI \"javascript:a\": must be https://, http:// on loopback, or a reverse-domain scheme like com.example.app:/cb.",
    ];

    fn in_language(language: Language, f: impl FnOnce() -> String) -> String {
        Owner::new().with(|| {
            provide_context(language);
            f()
        })
    }

    #[test]
    fn refusals_read_as_the_crate_wrote_them_in_english_and_are_translated() {
        for (sentence, localize) in PAGE
            .iter()
            .map(|s| (*s, super::page as fn(String) -> String))
            .chain(
                INVALID
                    .iter()
                    .map(|s| (*s, super::invalid as fn(String) -> String)),
            )
        {
            assert_eq!(
                in_language(Language::En, || localize(sentence.into())),
                sentence
            );
            let german = in_language(Language::De, || localize(sentence.into()));
            assert_ne!(german, sentence, "not recognised");
            assert!(!german.contains("{$"), "{german}");
        }
        let unknown = "Something new.";
        assert_eq!(
            in_language(Language::De, || super::invalid(unknown.into())),
            unknown
        );
    }
}
