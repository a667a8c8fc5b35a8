//! Pieces shared by pages.

mod form;
mod layout;

pub use form::{FormMessage, TextField};
pub use layout::{Layout, RequireUser};
