//! Pieces shared by pages.

mod browser_zone;
mod chart;
mod empty;
mod form;
mod layout;
mod map;
mod menu;

pub use browser_zone::BrowserTimeZone;
pub use chart::{CURSOR_EVENT, ChartPicture, ChartText, ChartView, InlineChart};
pub use empty::EmptyLog;
pub use form::{FormMessage, KeptForm, TextField, kept_value};
pub use layout::{Layout, RequireUser, forbidden_after};
pub use map::{MapSetup, RouteMap, RoutesMap, use_map_setup};
pub use menu::MenuDismiss;
