//! The typed configuration of `laps`, layered: defaults, then an optional TOML file, then
//! `LAPS_*` environment variables, then command-line flags.
//!
//! One struct, [`Settings`], is all three outer layers at once: clap fills it from flags and
//! environment (a value present in either wins), serde fills it from the file, and
//! [`Config::resolve`] lays them over the defaults. `laps --help` lists every key with its
//! default; `laps config example` prints a commented file with all of them.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    time::Duration,
};

use anyhow::Context as _;
use clap::Args;
use db::DatabaseUrl;
use serde::Deserialize;

mod map;
mod networks;

pub use map::{MapTiles, MaxZoom};
pub use networks::{AllowedNetworks, IpNetwork};

/// The example configuration file, printed by `laps config example`.
pub const EXAMPLE: &str = include_str!("../laps.example.toml");

/// Settings from one layer (file, environment or flags); `None` means "not set here".
#[derive(Debug, Default, Clone, Args, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Settings {
    /// Address and port to listen on [default: 127.0.0.1:3000]
    #[arg(long, env = "LAPS_LISTEN", global = true, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,

    /// Database: sqlite://PATH or postgres://USER:PASSWORD@HOST/DB [default: sqlite://DATA_DIR/laps.db].
    /// LAPS_DATABASE_URL_FILE may name a file holding it instead
    #[arg(
        long,
        env = "LAPS_DATABASE_URL",
        global = true,
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<DatabaseUrl>,

    /// Folder for the SQLite database and other data; created if missing [default: ./data]
    #[arg(long, env = "LAPS_DATA_DIR", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// The URL people use to reach Laps, e.g. https://laps.example.org; https makes cookies
    /// Secure [default: http://LISTEN]
    #[arg(long, env = "LAPS_PUBLIC_URL", global = true, value_name = "URL")]
    pub public_url: Option<PublicUrl>,

    /// Folder of the built web front end (pkg/, favicon) to serve instead of the one built
    /// into the binary, for development [default: the built-in one, else ./target/site]
    #[arg(long, env = "LAPS_SITE_DIR", global = true, value_name = "DIR")]
    pub site_dir: Option<PathBuf>,

    /// Log format: "pretty" for people, "json" for log collectors [default: pretty]
    #[arg(long, env = "LAPS_LOG_FORMAT", global = true, value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,

    /// Log filter, in tracing's EnvFilter syntax [default: info]
    #[arg(long, env = "LAPS_LOG", global = true, value_name = "FILTER")]
    pub log: Option<String>,

    /// Take the client address from the last X-Forwarded-For entry (only behind a reverse
    /// proxy that sets it) [default: false]
    #[arg(
        long,
        env = "LAPS_TRUST_FORWARDED_FOR",
        global = true,
        value_name = "BOOL"
    )]
    pub trust_forwarded_for: Option<bool>,

    /// Database connections per server instance [default: 10]
    #[arg(long, env = "LAPS_DB_MAX_CONNECTIONS", global = true, value_name = "N")]
    pub db_max_connections: Option<u32>,

    /// Days of inactivity after which a session expires [default: 30]
    #[arg(long, env = "LAPS_SESSION_DAYS", global = true, value_name = "DAYS")]
    pub session_days: Option<u32>,

    /// Failed sign-ins allowed per account from one client address (IPv6: one /64) per
    /// throttle window [default: 5]
    #[arg(
        long,
        env = "LAPS_SIGN_IN_LIMIT_PER_ACCOUNT",
        global = true,
        value_name = "N"
    )]
    pub sign_in_limit_per_account: Option<u32>,

    /// Failed sign-ins allowed per client address per throttle window [default: 20]
    #[arg(
        long,
        env = "LAPS_SIGN_IN_LIMIT_PER_ADDRESS",
        global = true,
        value_name = "N"
    )]
    pub sign_in_limit_per_address: Option<u32>,

    /// Length of the sign-in throttle window in minutes [default: 15]
    #[arg(
        long,
        env = "LAPS_SIGN_IN_WINDOW_MINUTES",
        global = true,
        value_name = "MINUTES"
    )]
    pub sign_in_window_minutes: Option<u32>,

    /// Sign-ups allowed per client address per throttle window [default: 5]
    #[arg(
        long,
        env = "LAPS_SIGN_UP_LIMIT_PER_ADDRESS",
        global = true,
        value_name = "N"
    )]
    pub sign_up_limit_per_address: Option<u32>,

    /// Requests to /oauth/token allowed per client address per throttle window [default: 600]
    #[arg(
        long,
        env = "LAPS_OAUTH_TOKEN_LIMIT_PER_ADDRESS",
        global = true,
        value_name = "N"
    )]
    pub oauth_token_limit_per_address: Option<u32>,

    /// Requests to /oauth/introspect allowed per client address per throttle window
    /// [default: 1200]
    #[arg(
        long,
        env = "LAPS_OAUTH_INTROSPECT_LIMIT_PER_ADDRESS",
        global = true,
        value_name = "N"
    )]
    pub oauth_introspect_limit_per_address: Option<u32>,

    /// Largest request body in KiB [default: 1024]
    #[arg(long, env = "LAPS_MAX_BODY_KIB", global = true, value_name = "KIB")]
    pub max_body_kib: Option<u32>,

    /// Largest upload request (all its files together) in MiB [default: 512]
    #[arg(long, env = "LAPS_MAX_UPLOAD_MIB", global = true, value_name = "MIB")]
    pub max_upload_mib: Option<u32>,

    /// Largest single workout file in MiB once decompressed (a zip entry, a gzip file)
    /// [default: 32]
    #[arg(long, env = "LAPS_MAX_FILE_MIB", global = true, value_name = "MIB")]
    pub max_file_mib: Option<u32>,

    /// Decompressed MiB one upload request may produce in all, over every zip and gzip file in
    /// it [default: 2048]
    #[arg(
        long,
        env = "LAPS_MAX_DECOMPRESSED_MIB",
        global = true,
        value_name = "MIB"
    )]
    pub max_decompressed_mib: Option<u32>,

    /// MiB one upload request may read as a stream, every pass counted: an account export's
    /// index too large to load whole (Apple Health's export.xml, read in passes) [default:
    /// 32768]
    #[arg(long, env = "LAPS_MAX_STREAMED_MIB", global = true, value_name = "MIB")]
    pub max_streamed_mib: Option<u32>,

    /// Largest archive inside an archive in MiB once decompressed (a Garmin Connect export's
    /// `UploadedFiles_*.zip` parts, spooled to a temporary file) [default: 1024]
    #[arg(
        long,
        env = "LAPS_MAX_INNER_ZIP_MIB",
        global = true,
        value_name = "MIB"
    )]
    pub max_inner_zip_mib: Option<u32>,

    /// Most files one upload request may hold, zip entries counted one by one [default: 10000]
    #[arg(
        long,
        env = "LAPS_MAX_FILES_PER_UPLOAD",
        global = true,
        value_name = "N"
    )]
    pub max_files_per_upload: Option<u32>,

    /// Longest time a synced sensor session may span, hours [default: 168]
    #[arg(
        long,
        env = "LAPS_MAX_SYNC_SPAN_HOURS",
        global = true,
        value_name = "HOURS"
    )]
    pub max_sync_span_hours: Option<u32>,

    /// Most decodable notifications one synced sensor session may collect [default: 1000000]
    #[arg(
        long,
        env = "LAPS_MAX_SYNC_NOTIFICATIONS",
        global = true,
        value_name = "N"
    )]
    pub max_sync_notifications: Option<u32>,

    /// Heavy requests (uploads, exports, sync-session closes) served at once; more wait a few
    /// seconds, then get 503 with Retry-After [default: the number of cores, at least 2]
    #[arg(long, env = "LAPS_HEAVY_REQUESTS", global = true, value_name = "N")]
    pub heavy_requests: Option<u32>,

    /// Requests of any kind served at once; more wait a few seconds, then get 503 with
    /// Retry-After [default: 256]
    #[arg(long, env = "LAPS_MAX_REQUESTS", global = true, value_name = "N")]
    pub max_requests: Option<u32>,

    /// Seconds a request waits for a place when too many are served at once, before it gets
    /// 503 with Retry-After [default: 10]
    #[arg(
        long,
        env = "LAPS_QUEUE_SECONDS",
        global = true,
        value_name = "SECONDS"
    )]
    pub queue_seconds: Option<u32>,

    /// Seconds a partner's open AccessLink transaction lives before its items return to the
    /// pool [default: 3600]
    #[arg(
        long,
        env = "LAPS_PARTNER_TRANSACTION_SECONDS",
        global = true,
        value_name = "SECONDS"
    )]
    pub partner_transaction_seconds: Option<u32>,

    /// First wait before a failed webhook delivery is retried, doubling each time up to an
    /// hour [default: 30]
    #[arg(
        long,
        env = "LAPS_WEBHOOK_RETRY_SECONDS",
        global = true,
        value_name = "SECONDS"
    )]
    pub webhook_retry_seconds: Option<u32>,

    /// Let partners' webhooks target loopback and private addresses over plain http (tests, a
    /// home network) [default: false]
    #[arg(
        long,
        env = "LAPS_WEBHOOK_ALLOW_PRIVATE",
        global = true,
        value_name = "BOOL"
    )]
    pub webhook_allow_private: Option<bool>,

    /// Folder watched for files to import: one subfolder per username (DIR/alice/); what
    /// appears there is imported and moved to imported/ or refused/ [default: off]
    #[arg(long, env = "LAPS_INBOX", global = true, value_name = "DIR")]
    pub inbox: Option<PathBuf>,

    /// Seconds between looks at the inbox; changes are seen at once where the file system
    /// reports them, and at the next look where it cannot (network shares) [default: 30]
    #[arg(
        long,
        env = "LAPS_INBOX_POLL_SECONDS",
        global = true,
        value_name = "SECONDS"
    )]
    pub inbox_poll_seconds: Option<u32>,

    /// Seconds a file in the inbox must stay unchanged (size and time) before it is imported,
    /// so a file still being written is left alone [default: 10]
    #[arg(
        long,
        env = "LAPS_INBOX_SETTLE_SECONDS",
        global = true,
        value_name = "SECONDS"
    )]
    pub inbox_settle_seconds: Option<u32>,

    /// Map tiles: a URL template with {z}, {x} and {y} (optionally {s} in the host, {r}), or
    /// `none` to draw routes as SVG only and load no map library; the CSP lets images come
    /// from exactly this origin [default: https://tile.openstreetmap.org/{z}/{x}/{y}.png]
    #[arg(
        long,
        env = "LAPS_MAP_TILES",
        global = true,
        value_name = "URL_TEMPLATE|none"
    )]
    pub map_tiles: Option<MapTiles>,

    /// The credit the tiles' terms ask for, HTML, shown in the map's corner [default:
    /// OpenStreetMap's for its tiles, none for others]
    #[arg(long, env = "LAPS_MAP_ATTRIBUTION", global = true, value_name = "HTML")]
    pub map_attribution: Option<String>,

    /// The deepest zoom the tile server offers, 0 to 24 [default: 19 for OpenStreetMap, 18
    /// for others]
    #[arg(long, env = "LAPS_MAP_MAX_ZOOM", global = true, value_name = "ZOOM")]
    pub map_max_zoom: Option<MaxZoom>,

    /// Serve Prometheus metrics at /metrics, to the networks of --metrics-allowed-networks
    /// only; `--metrics` alone means true [default: false]
    #[arg(
        long,
        env = "LAPS_METRICS",
        global = true,
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true"
    )]
    pub metrics: Option<bool>,

    /// The networks /metrics answers to, comma-separated CIDRs, judged by the connection's
    /// own address (never X-Forwarded-For) [default: 127.0.0.0/8,::1/128]
    #[arg(
        long,
        env = "LAPS_METRICS_ALLOWED_NETWORKS",
        global = true,
        value_name = "CIDRS"
    )]
    pub metrics_allowed_networks: Option<AllowedNetworks>,
}

impl Settings {
    /// `self` where set, else `lower`.
    fn over(self, lower: Self) -> Self {
        Self {
            listen: self.listen.or(lower.listen),
            database_url: self.database_url.or(lower.database_url),
            data_dir: self.data_dir.or(lower.data_dir),
            public_url: self.public_url.or(lower.public_url),
            site_dir: self.site_dir.or(lower.site_dir),
            log_format: self.log_format.or(lower.log_format),
            log: self.log.or(lower.log),
            trust_forwarded_for: self.trust_forwarded_for.or(lower.trust_forwarded_for),
            db_max_connections: self.db_max_connections.or(lower.db_max_connections),
            session_days: self.session_days.or(lower.session_days),
            sign_in_limit_per_account: self
                .sign_in_limit_per_account
                .or(lower.sign_in_limit_per_account),
            sign_in_limit_per_address: self
                .sign_in_limit_per_address
                .or(lower.sign_in_limit_per_address),
            sign_in_window_minutes: self.sign_in_window_minutes.or(lower.sign_in_window_minutes),
            sign_up_limit_per_address: self
                .sign_up_limit_per_address
                .or(lower.sign_up_limit_per_address),
            oauth_token_limit_per_address: self
                .oauth_token_limit_per_address
                .or(lower.oauth_token_limit_per_address),
            oauth_introspect_limit_per_address: self
                .oauth_introspect_limit_per_address
                .or(lower.oauth_introspect_limit_per_address),
            max_body_kib: self.max_body_kib.or(lower.max_body_kib),
            max_upload_mib: self.max_upload_mib.or(lower.max_upload_mib),
            max_file_mib: self.max_file_mib.or(lower.max_file_mib),
            max_decompressed_mib: self.max_decompressed_mib.or(lower.max_decompressed_mib),
            max_streamed_mib: self.max_streamed_mib.or(lower.max_streamed_mib),
            max_inner_zip_mib: self.max_inner_zip_mib.or(lower.max_inner_zip_mib),
            max_files_per_upload: self.max_files_per_upload.or(lower.max_files_per_upload),
            max_sync_span_hours: self.max_sync_span_hours.or(lower.max_sync_span_hours),
            max_sync_notifications: self.max_sync_notifications.or(lower.max_sync_notifications),
            heavy_requests: self.heavy_requests.or(lower.heavy_requests),
            max_requests: self.max_requests.or(lower.max_requests),
            queue_seconds: self.queue_seconds.or(lower.queue_seconds),
            partner_transaction_seconds: self
                .partner_transaction_seconds
                .or(lower.partner_transaction_seconds),
            webhook_retry_seconds: self.webhook_retry_seconds.or(lower.webhook_retry_seconds),
            webhook_allow_private: self.webhook_allow_private.or(lower.webhook_allow_private),
            inbox: self.inbox.or(lower.inbox),
            inbox_poll_seconds: self.inbox_poll_seconds.or(lower.inbox_poll_seconds),
            inbox_settle_seconds: self.inbox_settle_seconds.or(lower.inbox_settle_seconds),
            map_tiles: self.map_tiles.or(lower.map_tiles),
            map_attribution: self.map_attribution.or(lower.map_attribution),
            map_max_zoom: self.map_max_zoom.or(lower.map_max_zoom),
            metrics: self.metrics.or(lower.metrics),
            metrics_allowed_networks: self
                .metrics_allowed_networks
                .or(lower.metrics_allowed_networks),
        }
    }
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

/// The public base URL: `http://` or `https://`, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(String);

impl PublicUrl {
    /// Whether people reach Laps over TLS (cookies are then marked Secure).
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }

    /// The URL, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for PublicUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim().trim_end_matches('/');
        let rest = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"))
            .ok_or_else(|| format!("public URL must start with http:// or https:// (got {s:?})"))?;
        if rest.is_empty() || rest.contains(char::is_whitespace) {
            return Err(format!("public URL has no host: {s:?}"));
        }
        Ok(Self(trimmed.to_owned()))
    }
}

impl<'de> Deserialize<'de> for PublicUrl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The resolved configuration: every key has its value.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the server listens.
    pub listen: SocketAddr,
    /// The database (its `Debug` masks the password).
    pub database_url: DatabaseUrl,
    /// The data folder.
    pub data_dir: PathBuf,
    /// How people reach Laps.
    pub public_url: PublicUrl,
    /// A folder of the built front end to serve instead of the one built into the binary.
    pub site_dir: Option<PathBuf>,
    /// Log format.
    pub log_format: LogFormat,
    /// Log filter.
    pub log: String,
    /// Whether to believe X-Forwarded-For.
    pub trust_forwarded_for: bool,
    /// Pool size.
    pub db_max_connections: u32,
    /// Session lifetime without activity.
    pub session_idle: Duration,
    /// Sign-in throttling.
    pub throttle: auth::ThrottlePolicy,
    /// Largest request body, bytes.
    pub max_body_bytes: usize,
    /// Largest upload request, bytes.
    pub max_upload_bytes: usize,
    /// What one import or sensor session may cost (files, bytes, samples, spans).
    pub limits: workouts::Limits,
    /// Heavy requests served at once.
    pub heavy_requests: usize,
    /// Requests served at once.
    pub max_requests: usize,
    /// How long a request waits for a place.
    pub queue_wait: Duration,
    /// Lifetime of an open partner transaction.
    pub partner_transaction_ttl: Duration,
    /// First wait before a failed webhook delivery is retried.
    pub webhook_retry: Duration,
    /// Whether webhooks may target private addresses over http.
    pub webhook_allow_private: bool,
    /// The watched import folder, when there is one.
    pub inbox: Option<InboxConfig>,
    /// The map's tiles; `None` when routes are drawn as SVG only (`--map-tiles none`).
    pub map: Option<domain::TileLayer>,
    /// Prometheus metrics at `/metrics`, when on.
    pub metrics: Option<MetricsConfig>,
}

/// Prometheus metrics (see `crate::metrics`).
#[derive(Debug, Clone)]
pub struct MetricsConfig {
    /// Who may read them: the connection's peer address must be in one of these networks.
    pub allowed_networks: AllowedNetworks,
}

/// The inbox: a folder watched for files to import (see `crate::inbox`).
#[derive(Debug, Clone)]
pub struct InboxConfig {
    /// The folder; each of its subfolders is a user's, by username.
    pub dir: PathBuf,
    /// Time between looks (changes the file system reports are seen at once).
    pub poll: Duration,
    /// Time a file must stay unchanged before it is imported.
    pub settle: Duration,
}

impl Config {
    /// Resolves the layers. `file` is the `--config` path; without one, `./laps.toml` is read
    /// if it exists. `env_file_secret` reads `LAPS_DATABASE_URL_FILE` when set.
    pub fn resolve(command_line: Settings, file: Option<&Path>) -> anyhow::Result<Self> {
        let from_file = match file {
            Some(path) => read_file(path)?,
            None if Path::new("laps.toml").exists() => read_file(Path::new("laps.toml"))?,
            None => Settings::default(),
        };
        let mut settings = command_line.over(from_file);
        if settings.database_url.is_none()
            && let Ok(path) = std::env::var("LAPS_DATABASE_URL_FILE")
        {
            let raw = std::fs::read_to_string(&path)
                .with_context(|| format!("Failed to read LAPS_DATABASE_URL_FILE ({path})"))?;
            settings.database_url = Some(raw.trim().parse().context("LAPS_DATABASE_URL_FILE")?);
        }
        Ok(Self::from_settings(settings))
    }

    /// Lays `settings` over the defaults.
    pub fn from_settings(settings: Settings) -> Self {
        let limits = limits(&settings);
        let map = map::tile_layer(
            settings.map_tiles.clone(),
            settings.map_attribution.clone(),
            settings.map_max_zoom,
        );
        let listen = settings
            .listen
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000)));
        let data_dir = settings.data_dir.unwrap_or_else(|| PathBuf::from("data"));
        let default_throttle = auth::ThrottlePolicy::default();
        Self {
            database_url: settings
                .database_url
                .unwrap_or_else(|| DatabaseUrl::sqlite_in(&data_dir)),
            public_url: settings
                .public_url
                .unwrap_or_else(|| PublicUrl(format!("http://{listen}"))),
            listen,
            data_dir,
            site_dir: settings.site_dir,
            log_format: settings.log_format.unwrap_or(LogFormat::Pretty),
            log: settings.log.unwrap_or_else(|| "info".to_owned()),
            trust_forwarded_for: settings.trust_forwarded_for.unwrap_or(false),
            db_max_connections: settings.db_max_connections.unwrap_or(10).max(1),
            session_idle: Duration::from_secs(
                u64::from(settings.session_days.unwrap_or(30).max(1)) * 86_400,
            ),
            throttle: auth::ThrottlePolicy {
                per_account: settings
                    .sign_in_limit_per_account
                    .unwrap_or(default_throttle.per_account),
                per_address: settings
                    .sign_in_limit_per_address
                    .unwrap_or(default_throttle.per_address),
                window: settings
                    .sign_in_window_minutes
                    .map_or(default_throttle.window, |m| {
                        Duration::from_secs(u64::from(m.max(1)) * 60)
                    }),
                sign_up_per_address: settings
                    .sign_up_limit_per_address
                    .unwrap_or(default_throttle.sign_up_per_address),
                oauth_token_per_address: settings
                    .oauth_token_limit_per_address
                    .unwrap_or(default_throttle.oauth_token_per_address),
                oauth_introspect_per_address: settings
                    .oauth_introspect_limit_per_address
                    .unwrap_or(default_throttle.oauth_introspect_per_address),
            },
            max_body_bytes: settings.max_body_kib.unwrap_or(1024).max(16) as usize * 1024,
            max_upload_bytes: (settings.max_upload_mib.unwrap_or(512).max(1) as usize) << 20,
            limits,
            heavy_requests: settings.heavy_requests.map_or_else(
                || std::thread::available_parallelism().map_or(2, |n| n.get().max(2)),
                |n| n.max(1) as usize,
            ),
            max_requests: settings.max_requests.unwrap_or(256).max(1) as usize,
            queue_wait: Duration::from_secs(u64::from(settings.queue_seconds.unwrap_or(10))),
            partner_transaction_ttl: Duration::from_secs(u64::from(
                settings.partner_transaction_seconds.unwrap_or(3600).max(1),
            )),
            webhook_retry: Duration::from_secs(u64::from(
                settings.webhook_retry_seconds.unwrap_or(30).max(1),
            )),
            webhook_allow_private: settings.webhook_allow_private.unwrap_or(false),
            inbox: settings.inbox.map(|dir| InboxConfig {
                dir,
                poll: Duration::from_secs(u64::from(
                    settings.inbox_poll_seconds.unwrap_or(30).max(1),
                )),
                settle: Duration::from_secs(u64::from(
                    settings.inbox_settle_seconds.unwrap_or(10).max(1),
                )),
            }),
            map,
            metrics: settings.metrics.unwrap_or(false).then(|| MetricsConfig {
                allowed_networks: settings.metrics_allowed_networks.unwrap_or_default(),
            }),
        }
    }
}

/// The import and sync limits: the defaults, with what the settings change.
fn limits(settings: &Settings) -> workouts::Limits {
    let default = workouts::Limits::default();
    let mib =
        |value: Option<u32>, default: u64| value.map_or(default, |m| u64::from(m.max(1)) << 20);
    workouts::Limits {
        max_items: settings
            .max_files_per_upload
            .map_or(default.max_items, |n| n.max(1) as usize),
        max_file_bytes: mib(settings.max_file_mib, default.max_file_bytes),
        decompression_budget: mib(settings.max_decompressed_mib, default.decompression_budget),
        max_streamed_bytes: mib(settings.max_streamed_mib, default.max_streamed_bytes),
        max_inner_archive_bytes: mib(settings.max_inner_zip_mib, default.max_inner_archive_bytes),
        max_sync_span_ms: settings
            .max_sync_span_hours
            .map_or(default.max_sync_span_ms, |h| {
                i64::from(h.max(1)) * 3_600_000
            }),
        max_sync_notifications: settings
            .max_sync_notifications
            .map_or(default.max_sync_notifications, |n| u64::from(n.max(1))),
        ..default
    }
}

fn read_file(path: &Path) -> anyhow::Result<Settings> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("Failed to read the configuration file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("Invalid configuration file {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_parses_and_sets_every_key() {
        let example: Settings = toml::from_str(EXAMPLE).expect("laps.example.toml parses");
        let example_keys: Vec<&str> = EXAMPLE
            .lines()
            .filter_map(|line| {
                line.trim_start_matches('#')
                    .trim()
                    .split_once(" = ")
                    .map(|(key, _)| key)
            })
            .collect();
        // Every field of Settings must be documented in the example, commented out or not.
        let fields = format!("{:?}", Settings::default());
        for field in fields
            .trim_start_matches("Settings { ")
            .trim_end_matches(" }")
            .split(", ")
        {
            let name = field.split(':').next().unwrap();
            assert!(
                example_keys.contains(&name),
                "laps.example.toml lacks `{name}`"
            );
        }
        assert!(Config::from_settings(example).listen.port() > 0);
    }

    #[test]
    fn defaults_put_sqlite_under_the_data_dir() {
        let config = Config::from_settings(Settings::default());
        assert_eq!(config.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url.expose(), "sqlite://data/laps.db");
        assert_eq!(config.public_url.as_str(), "http://127.0.0.1:3000");
        assert!(!config.public_url.is_https());
    }

    #[test]
    fn flags_and_environment_win_over_the_file() {
        let file: Settings =
            toml::from_str("listen = \"127.0.0.1:4000\"\ndata_dir = \"/srv/laps\"").unwrap();
        let command_line = Settings {
            listen: Some("0.0.0.0:5000".parse().unwrap()),
            ..Settings::default()
        };
        let config = Config::from_settings(command_line.over(file));
        assert_eq!(config.listen.to_string(), "0.0.0.0:5000");
        assert_eq!(config.data_dir, PathBuf::from("/srv/laps"));
        assert_eq!(config.database_url.expose(), "sqlite:///srv/laps/laps.db");
    }

    #[test]
    fn the_inbox_is_off_unless_a_folder_is_named() {
        assert!(Config::from_settings(Settings::default()).inbox.is_none());
        let file: Settings =
            toml::from_str("inbox = \"/srv/inbox\"\ninbox_settle_seconds = 0").unwrap();
        let inbox = Config::from_settings(file).inbox.expect("on");
        assert_eq!(inbox.dir, PathBuf::from("/srv/inbox"));
        assert_eq!(inbox.poll, Duration::from_secs(30));
        assert_eq!(inbox.settle, Duration::from_secs(1), "never zero");
    }

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        let error = toml::from_str::<Settings>("lisen = \"127.0.0.1:4000\"").unwrap_err();
        assert!(
            error.to_string().contains("unknown field `lisen`"),
            "{error}"
        );
    }

    #[test]
    fn public_urls_must_be_http_or_https() {
        assert!("ftp://x".parse::<PublicUrl>().is_err());
        assert!("https://".parse::<PublicUrl>().is_err());
        let url: PublicUrl = "https://laps.example.org/".parse().unwrap();
        assert_eq!(url.as_str(), "https://laps.example.org");
        assert!(url.is_https());
    }

    #[test]
    fn map_settings_come_from_the_file_or_the_command_line() {
        let default = Config::from_settings(Settings::default()).map.unwrap();
        assert_eq!(default.template.as_str(), domain::OSM_TILES);
        let file: Settings = toml::from_str(
            "map_tiles = \"http://127.0.0.1:8089/{z}/{x}/{y}.png\"\nmap_attribution = \"Mine\"\nmap_max_zoom = 17",
        )
        .unwrap();
        let map = Config::from_settings(file.clone()).map.unwrap();
        assert_eq!(map.template.origins(), ["http://127.0.0.1:8089"]);
        assert_eq!((map.attribution.as_str(), map.max_zoom), ("Mine", 17));
        let off = Settings {
            map_tiles: Some(MapTiles::None),
            ..Settings::default()
        };
        assert_eq!(
            Config::from_settings(off.over(file)).map,
            None,
            "the flag wins"
        );
        for (text, message) in [
            (
                "map_tiles = \"ftp://x/{z}/{x}/{y}\"",
                "must start with https://",
            ),
            ("map_tiles = \"https://t.example.org/{z}/{y}\"", "lacks {x}"),
            ("map_max_zoom = 30", "from 0 to 24, got 30"),
        ] {
            let error = toml::from_str::<Settings>(text).unwrap_err().to_string();
            assert!(error.contains(message), "{text}: {error}");
        }
    }

    #[test]
    fn metrics_are_off_unless_asked_for_and_then_answer_loopback_only() {
        assert!(Config::from_settings(Settings::default()).metrics.is_none());
        let networks_alone: Settings =
            toml::from_str("metrics_allowed_networks = [\"10.0.0.0/8\"]").unwrap();
        assert!(
            Config::from_settings(networks_alone.clone())
                .metrics
                .is_none(),
            "naming networks does not switch metrics on"
        );
        let on: Settings = toml::from_str("metrics = true").unwrap();
        let metrics = Config::from_settings(on.clone()).metrics.expect("on");
        assert_eq!(metrics.allowed_networks.to_string(), "127.0.0.0/8,::1/128");
        let metrics = Config::from_settings(on.over(networks_alone))
            .metrics
            .expect("on");
        assert_eq!(metrics.allowed_networks.to_string(), "10.0.0.0/8");
    }

    #[test]
    fn metrics_flags_parse_alone_with_a_value_and_before_a_subcommand() {
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            settings: Settings,
            #[arg()]
            rest: Vec<String>,
        }
        let parse = |args: &[&str]| {
            <Cli as clap::Parser>::try_parse_from(
                std::iter::once("laps").chain(args.iter().copied()),
            )
        };
        let cli = parse(&["--metrics", "serve"]).unwrap();
        assert_eq!(
            (cli.settings.metrics, cli.rest),
            (Some(true), vec!["serve".to_owned()])
        );
        assert_eq!(
            parse(&["--metrics=false"]).unwrap().settings.metrics,
            Some(false)
        );
        let cli = parse(&["--metrics-allowed-networks", "10.0.0.0/8,::1/128"]).unwrap();
        assert_eq!(
            cli.settings.metrics_allowed_networks.unwrap().to_string(),
            "10.0.0.0/8,::1/128"
        );
        let error = parse(&["--metrics-allowed-networks", "10.0.0.0/40"])
            .err()
            .unwrap()
            .to_string();
        assert!(
            error.contains("prefix length must be from 0 to 32"),
            "{error}"
        );
    }

    #[test]
    fn debug_output_never_shows_the_database_password() {
        let settings = Settings {
            database_url: Some("postgres://laps:hunter2hunter2@db/laps".parse().unwrap()),
            ..Settings::default()
        };
        let config = Config::from_settings(settings);
        assert!(!format!("{config:?}").contains("hunter2"));
    }
}
