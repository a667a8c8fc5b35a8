//! What the servers under test log, as the tests see it: every ERROR event (a test fails when its
//! server logged one it did not provoke on purpose), and how many spans of each name a request
//! opened (how often a page called a service).
//!
//! Every server of the test binary logs into one process-wide subscriber, and tests run at the
//! same time; a request is told apart by its `x-request-id`, which each test's browsers set
//! (`<tag>/<n>`, the tag naming the test's server) and the server records on the request's
//! span, which the work Leptos spawns for the request inherits.

use std::{
    collections::HashMap,
    fmt::Write as _,
    sync::{Mutex, Once},
};

use tracing::{
    Event, Subscriber,
    field::{Field, Visit},
    span,
};
use tracing_subscriber::{
    EnvFilter, Layer, filter::LevelFilter, layer::Context, prelude::*, registry::LookupSpan,
};

/// An ERROR event a server logged.
pub struct LoggedError {
    /// The `x-request-id` of the request it was logged in, if any.
    pub request_id: Option<String>,
    /// Its target and fields, as text.
    pub text: String,
}

static ERRORS: Mutex<Vec<LoggedError>> = Mutex::new(Vec::new());
/// (request id, crate, span name).
type SpanKey = (String, &'static str, &'static str);

/// Spans opened per [`SpanKey`].
static SPANS: Mutex<Option<HashMap<SpanKey, usize>>> = Mutex::new(None);

/// Installs the process-wide subscriber, once: the capture below, and with `TEST_LOG` (any
/// `EnvFilter`) the servers' logs on stderr as well.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let printed = std::env::var("TEST_LOG").ok().map(|filter| {
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter(
                    EnvFilter::try_new(format!("sqlx=warn,tower_sessions_core=warn,{filter}"))
                        .unwrap_or_else(|_| EnvFilter::new("info")),
                )
        });
        tracing_subscriber::registry()
            .with(printed)
            .with(Capture.with_filter(LevelFilter::INFO))
            .try_init()
            .ok();
    });
}

/// The ERROR events logged in requests whose id starts with `tag/`, and those logged outside
/// any request of a test's browser, taken out of the record (each is reported once).
pub fn take_errors(tag: &str) -> Vec<LoggedError> {
    let prefix = format!("{tag}/");
    let mut errors = ERRORS.lock().unwrap();
    let (mine, others): (Vec<_>, Vec<_>) = errors.drain(..).partition(|e| {
        e.request_id
            .as_deref()
            .is_none_or(|id| id.starts_with(&prefix) || !id.contains('/'))
    });
    *errors = others;
    mine
}

/// How many spans named `name` of crate `krate` the request `request_id` opened (a service and
/// the store below it may name a method alike).
pub fn span_count(request_id: &str, krate: &str, name: &str) -> usize {
    SPANS
        .lock()
        .unwrap()
        .as_ref()
        .and_then(|spans| {
            spans
                .iter()
                .find(|((id, c, n), _)| id == request_id && *c == krate && *n == name)
                .map(|(_, count)| *count)
        })
        .unwrap_or(0)
}

/// The request id a `request` span carries (see `laps::telemetry::request_span`).
struct RequestId(String);

struct Capture;

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &span::Attributes<'_>, id: &span::Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        if span.name() == "request" {
            let mut visitor = FieldText::default();
            attrs.record(&mut visitor);
            if let Some(request_id) = visitor.request_id {
                span.extensions_mut().insert(RequestId(request_id));
            }
            return;
        }
        if let Some(request_id) = request_of(span.scope()) {
            *SPANS
                .lock()
                .unwrap()
                .get_or_insert_with(HashMap::new)
                .entry((request_id, krate(span.metadata().target()), span.name()))
                .or_default() += 1;
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if *event.metadata().level() != tracing::Level::ERROR {
            return;
        }
        let mut visitor = FieldText::default();
        event.record(&mut visitor);
        let request_id = ctx.event_scope(event).and_then(|scope| request_of(scope));
        ERRORS.lock().unwrap().push(LoggedError {
            request_id,
            text: format!("{}:{}", event.metadata().target(), visitor.text),
        });
    }
}

/// The crate part of a target (`workouts::queries` → `workouts`).
fn krate(target: &'static str) -> &'static str {
    target.split("::").next().unwrap_or(target)
}

fn request_of<'a, R: LookupSpan<'a>>(
    scope: tracing_subscriber::registry::Scope<'a, R>,
) -> Option<String> {
    scope
        .into_iter()
        .find_map(|span| span.extensions().get::<RequestId>().map(|r| r.0.clone()))
}

/// An event's or a span's fields as `name=value` text, and the request id among them.
#[derive(Default)]
struct FieldText {
    text: String,
    request_id: Option<String>,
}

impl Visit for FieldText {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "request_id" {
            self.request_id = Some(value.to_owned());
        }
        write!(self.text, " {}={value:?}", field.name()).ok();
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        write!(self.text, " {}={value:?}", field.name()).ok();
    }
}
