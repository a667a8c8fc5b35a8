//! The interface's text in the visitor's language: the `t!` macro and the language of the page
//! being rendered.
//!
//! On the server the language comes with the request (the account's choice, else the
//! browser's `Accept-Language`; see the server's locale layer) through the Leptos context; in
//! the browser an island reads it from `<html lang>`, which the server wrote, so both sides
//! render the same words. The messages are in `crates/i18n/locales/`.

pub use i18n::{Arg, Language};

/// The message `key` in the page's language; with `name = value` pairs for its variables:
///
/// ```ignore
/// t!("loading");
/// t!("workout-count", count = workouts.len());
/// ```
///
/// Keys are string literals so the catalogue test can find every key the code uses.
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        ::i18n::text($crate::i18n::language(), $key)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        ::i18n::format(
            $crate::i18n::language(),
            $key,
            &[$((stringify!($name), ::i18n::Arg::from($value))),+],
        )
    };
}

/// The language of the page being rendered.
pub fn language() -> Language {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<Language>().unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        browser::language()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Language::default()
    }
}

/// Text written by the English formatters of `domain::display` (`10.02 km`) with the page's
/// decimal and group marks (`10,02 km`).
pub fn num(english: impl AsRef<str>) -> String {
    i18n::number(language(), english.as_ref())
}

/// A whole number with the page's group separator.
pub fn int(n: i64) -> String {
    i18n::group(language(), n)
}

/// `Mon 3 Mar 2025` in the page's language.
pub fn date_long(date: domain::Date) -> String {
    i18n::date_long(language(), date)
}

/// `3 Mar 2025` in the page's language.
pub fn date_medium(date: domain::Date) -> String {
    i18n::date_medium(language(), date)
}

/// `March 2025` in the page's language.
pub fn month_year(date: domain::Date) -> String {
    i18n::month_year(language(), date)
}

/// The month's name (1 = January) in the page's language.
pub fn month_name(month: u32) -> String {
    i18n::month_name(language(), month)
}

/// The month's short name (1 = January) in the page's language.
pub fn month_short(month: u32) -> String {
    i18n::month_short(language(), month)
}

/// The weekday's short name (0 = Monday) in the page's language.
pub fn weekday_short(weekday: u32) -> String {
    i18n::weekday_short(language(), weekday)
}

/// The weekday's name (0 = Monday) in the page's language.
pub fn weekday_long(weekday: u32) -> String {
    i18n::weekday_long(language(), weekday)
}

/// What an upload brought in, in words, in the page's language.
pub fn upload_summary(summary: &domain::UploadSummary) -> String {
    i18n::upload_summary(language(), summary)
}

/// A sport's name in the page's language (`sport-running`), or its English label for a sport
/// the catalogue does not name (a FIT code Laps has no name for).
pub fn sport(sport: domain::Sport) -> String {
    let key = format!("sport-{}", sport.name());
    if i18n::has(&key) {
        i18n::text(language(), &key)
    } else {
        sport.label()
    }
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
mod browser {
    use std::cell::OnceCell;

    use super::Language;

    thread_local! {
        static LANGUAGE: OnceCell<Language> = const { OnceCell::new() };
    }

    /// `<html lang>`, read once: the server wrote it for this page.
    pub fn language() -> Language {
        LANGUAGE.with(|cell| {
            *cell.get_or_init(|| {
                web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.document_element())
                    .and_then(|e| e.get_attribute("lang"))
                    .and_then(|code| Language::parse(&code))
                    .unwrap_or_default()
            })
        })
    }
}
