//! Partner-app server functions: the OAuth consent step ([`authorize`]), the user's connected
//! apps ([`connections`]), and the administrators' partner registry ([`registry`]). Thin: the
//! `partner` crate decides everything.

mod authorize;
mod connections;
#[cfg(feature = "ssr")]
mod messages;
mod registry;

use serde::{Deserialize, Serialize};

pub use authorize::*;
pub use connections::*;
pub use registry::*;

/// One line of "what it asks for".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeLine {
    /// The scope's name.
    pub name: String,
    /// In plain words.
    pub description: String,
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::AppError;

    /// The partner service from the Leptos context.
    pub fn partners() -> Result<partner::Partners, AppError> {
        leptos::prelude::use_context::<partner::Partners>().ok_or_else(|| {
            tracing::error!("partner::Partners missing from the Leptos context");
            AppError::Internal
        })
    }

    /// Logs a failure the user cannot act on, and answers [`AppError::Internal`].
    pub fn internal(error: impl std::fmt::Debug) -> AppError {
        tracing::error!(error = ?error, "partner operation failed");
        AppError::Internal
    }

    impl From<partner::PartnerError> for AppError {
        fn from(error: partner::PartnerError) -> Self {
            match error {
                partner::PartnerError::Invalid(refusal) => {
                    AppError::Refused(super::messages::invalid(&refusal))
                }
                partner::PartnerError::NotFound => AppError::Refused(t!("partners-not-found")),
                other => internal(other),
            }
        }
    }

    /// The scopes, in plain words in the page's language, for a page.
    pub fn lines(scopes: &partner::Scopes) -> Vec<super::ScopeLine> {
        scopes
            .iter()
            .map(|s| super::ScopeLine {
                name: s.as_str().to_owned(),
                description: super::messages::scope(s),
            })
            .collect()
    }
}
