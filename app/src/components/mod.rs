//! Pieces shared by pages.

mod chart;
mod empty;
mod form;
mod layout;
mod map;

pub use chart::{CURSOR_EVENT, ChartView};
pub use empty::EmptyLog;
pub use form::{FormMessage, TextField};
pub use layout::{Layout, RequireUser};
pub use map::{MapSetup, RouteMap, RoutesMap, use_map_setup};
