//! The `partner` crate's sentences for people, in the page's language: what a scope lets an
//! app read, and why a request or a registration is refused (the crate's typed reasons; its
//! own English wording is the command line's and the JSON API's).

use partner::{PageProblem, Refusal, Scope, UriProblem};

/// What a scope lets an app read.
pub fn scope(scope: Scope) -> String {
    match scope {
        Scope::WorkoutsRead => t!("partners-scope-workouts"),
        Scope::ActivityRead => t!("partners-scope-activity"),
        Scope::ProfileRead => t!("partners-scope-profile"),
        Scope::AccessLinkReadAll => t!("partners-scope-all"),
    }
}

/// Why the consent page cannot ask.
pub fn page(problem: &PageProblem) -> String {
    match problem {
        PageProblem::NoClientId => t!("partners-page-no-client-id"),
        PageProblem::UnknownClient => t!("partners-page-unknown-client"),
        PageProblem::RedirectUnregistered(name) => {
            t!("partners-page-redirect-unregistered", name = name)
        }
        PageProblem::RedirectUnsafe(name) => t!("partners-page-redirect-unsafe", name = name),
        PageProblem::NoRedirectUri(name) => t!("partners-page-no-redirect", name = name),
        PageProblem::Suspended(name) => t!("partners-page-suspended", name = name),
    }
}

/// Why a registration was refused.
pub fn invalid(refusal: &Refusal) -> String {
    // Names and URIs are quoted as the crate quotes them (`"bo b"`), so odd characters show.
    match refusal {
        Refusal::Name => t!("partners-invalid-name"),
        Refusal::NoRedirectUri => t!("partners-invalid-no-redirect"),
        Refusal::Homepage => t!("partners-invalid-homepage"),
        Refusal::UnknownScope(scope) => {
            t!("partners-invalid-scope", scope = format!("{scope:?}"))
        }
        Refusal::NoScope => t!("partners-invalid-no-scope"),
        Refusal::Username(name) => t!("partners-invalid-username", name = format!("{name:?}")),
        Refusal::NoSuchUser(name) => t!("partners-invalid-no-user", name = name),
        Refusal::PublicClient => t!("partners-invalid-public-client"),
        Refusal::RedirectUri { uri, problem } => redirect_uri(&format!("{uri:?}"), *problem),
    }
}

/// `Redirect URI "…": why`.
fn redirect_uri(uri: &str, problem: UriProblem) -> String {
    match problem {
        UriProblem::Fragment => t!("partners-uri-fragment", uri = uri),
        UriProblem::Spaces => t!("partners-uri-spaces", uri = uri),
        UriProblem::Backslash => t!("partners-uri-backslash", uri = uri),
        UriProblem::NotUrl => t!("partners-uri-invalid", uri = uri),
        UriProblem::UserInfo => t!("partners-uri-userinfo", uri = uri),
        UriProblem::NoHost => t!("partners-uri-no-host", uri = uri),
        UriProblem::PlainHttp => t!("partners-uri-plain-http", uri = uri),
        UriProblem::Scheme => t!("partners-uri-scheme", uri = uri),
    }
}

#[cfg(test)]
mod tests {
    use leptos::prelude::{Owner, provide_context};
    use partner::{PageProblem, Refusal, UriProblem};

    use crate::i18n::Language;

    fn in_language(language: Language, f: impl FnOnce() -> String) -> String {
        Owner::new().with(|| {
            provide_context(language);
            f()
        })
    }

    /// Every reason: in English exactly as the crate words it (the CLI and the API), in German
    /// in other words, with its names and URIs.
    #[test]
    fn every_reason_reads_as_the_crate_words_it_in_english_and_is_translated() {
        let app = || "Coach".to_owned();
        let pages = [
            PageProblem::NoClientId,
            PageProblem::UnknownClient,
            PageProblem::RedirectUnregistered(app()),
            PageProblem::RedirectUnsafe(app()),
            PageProblem::NoRedirectUri(app()),
            PageProblem::Suspended(app()),
        ];
        let uri = |problem| Refusal::RedirectUri {
            uri: "https://x.example/#a".into(),
            problem,
        };
        let refusals = [
            Refusal::Name,
            Refusal::NoRedirectUri,
            Refusal::Homepage,
            Refusal::UnknownScope("everything".into()),
            Refusal::NoScope,
            Refusal::Username("bo b".into()),
            Refusal::NoSuchUser("bob".into()),
            Refusal::PublicClient,
            uri(UriProblem::Fragment),
            uri(UriProblem::Spaces),
            uri(UriProblem::Backslash),
            uri(UriProblem::NotUrl),
            uri(UriProblem::UserInfo),
            uri(UriProblem::NoHost),
            uri(UriProblem::PlainHttp),
            uri(UriProblem::Scheme),
        ];
        let cases = pages
            .iter()
            .map(|p| {
                (
                    p.to_string(),
                    Box::new(move || super::page(p)) as Box<dyn Fn() -> String>,
                )
            })
            .chain(refusals.iter().map(|r| {
                (
                    r.to_string(),
                    Box::new(move || super::invalid(r)) as Box<dyn Fn() -> String>,
                )
            }));
        for (english, localize) in cases {
            assert_eq!(in_language(Language::En, &localize), english);
            let german = in_language(Language::De, &localize);
            assert_ne!(german, english);
            assert!(!german.contains("{$"), "{german}");
            for data in [
                "Coach",
                "\"bo b\"",
                "\"everything\"",
                "https://x.example/#a",
            ] {
                assert_eq!(english.contains(data), german.contains(data), "{german}");
            }
        }
    }
}
