//! Pieces shared by pages.

mod chart;
mod empty;
mod form;
mod layout;

pub use chart::ChartView;
pub use empty::EmptyLog;
pub use form::{FormMessage, TextField};
pub use layout::{Layout, RequireUser};
