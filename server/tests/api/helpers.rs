//! `spawn_app`: a real `laps` server on port 0 over a fresh database, and typed requests to it.

use std::sync::Arc;

use app::auth;
use db::{Backend, testing::TestDb};
use laps::{
    config::{Config, Settings},
    startup::Application,
};
use leptos::server_fn::ServerFn;
use reqwest::{StatusCode, header};
use tokio::sync::oneshot;

/// A running server, and a browser on it (derefs to [`Browser`]).
pub struct TestApp {
    pub browser: Browser,
    /// Set by a test that makes its server log an ERROR on purpose (see [`Self::expect_errors`]).
    errors_expected: std::sync::atomic::AtomicBool,
    pub test_db: Arc<TestDb>,
    pub settings: Settings,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _site: Arc<tempfile::TempDir>,
}

/// Settings with a tight throttle, so throttling tests need few requests.
pub fn settings() -> Settings {
    Settings {
        listen: Some("127.0.0.1:0".parse().unwrap()),
        sign_in_limit_per_account: Some(3),
        sign_in_limit_per_address: Some(6),
        // Small, so an oversized body fits in the socket buffers: the client finishes sending
        // before the server refuses it, and reads the 413 instead of a broken pipe.
        max_body_kib: Some(64),
        ..Settings::default()
    }
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, settings()).await
}

/// A second server on `app`'s database (another instance behind the same load balancer).
/// Both answer to the first one's public URL, as instances behind one name do.
pub async fn spawn_on(app: &TestApp) -> TestApp {
    let settings = Settings {
        public_url: Some(app.base.parse().unwrap()),
        ..app.settings.clone()
    };
    start(
        Arc::clone(&app.test_db),
        Arc::clone(&app._site),
        settings,
        Arc::default(),
    )
    .await
}

/// A server on a database made outside the test (a restored backup), with the usual settings.
pub async fn spawn_on_db(test_db: TestDb) -> TestApp {
    start(
        Arc::new(test_db),
        Arc::new(tempfile::tempdir().unwrap()),
        settings(),
        Arc::default(),
    )
    .await
}

pub async fn spawn_app_with(backend: Backend, settings: Settings) -> TestApp {
    let test_db = Arc::new(TestDb::new(backend).await);
    let site = Arc::new(tempfile::tempdir().unwrap());
    start(
        test_db,
        site,
        settings,
        Arc::new(reqwest::cookie::Jar::default()),
    )
    .await
}

async fn start(
    test_db: Arc<TestDb>,
    site: Arc<tempfile::TempDir>,
    mut settings: Settings,
    jar: Arc<reqwest::cookie::Jar>,
) -> TestApp {
    // TEST_LOG=info (or any EnvFilter) shows the servers' logs; ERRORs are recorded either way.
    crate::server_log::install();
    settings.database_url = Some(test_db.url.clone());
    settings
        .site_dir
        .get_or_insert_with(|| site.path().to_owned());
    let config = Config::from_settings(settings.clone());
    let app = Application::build(config)
        .await
        .expect("the application builds");
    let base = format!("http://{}", app.local_addr());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(app.run_until_stopped(async move {
        stopped.await.ok();
    }));
    TestApp {
        browser: Browser::with_jar(base, jar, next_tag()),
        errors_expected: false.into(),
        test_db,
        settings,
        stop: Some(stop),
        task: Some(task),
        _site: site,
    }
}

/// A browser-like client: its own cookie jar, no automatic redirects.
pub struct Browser {
    pub base: String,
    /// Names this test's server in the `x-request-id` of every request (see `server_log`).
    pub tag: String,
    pub client: reqwest::Client,
    pub jar: Arc<reqwest::cookie::Jar>,
}

impl TestApp {
    /// Stops the server gracefully and starts a new one on the same database, keeping the
    /// client's cookies: what a restart or a second instance looks like to a browser.
    pub async fn restart(mut self) -> TestApp {
        self.stop.take().unwrap().send(()).ok();
        self.task
            .take()
            .unwrap()
            .await
            .unwrap()
            .expect("clean shutdown");
        let jar = Arc::clone(&self.browser.jar);
        start(
            Arc::clone(&self.test_db),
            Arc::clone(&self._site),
            self.settings.clone(),
            jar,
        )
        .await
    }

    /// Another browser on the same server, with no cookies yet.
    pub fn new_browser(&self) -> Browser {
        Browser::with_jar(
            self.browser.base.clone(),
            Arc::default(),
            self.browser.tag.clone(),
        )
    }

    /// Says that this test makes its server log an ERROR on purpose: those do not fail it.
    pub fn expect_errors(&self) {
        self.errors_expected
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

impl std::ops::Deref for TestApp {
    type Target = Browser;

    fn deref(&self) -> &Browser {
        &self.browser
    }
}

impl Browser {
    fn with_jar(base: String, jar: Arc<reqwest::cookie::Jar>, tag: String) -> Self {
        let mut headers = header::HeaderMap::new();
        headers.insert(
            "x-request-id",
            header::HeaderValue::from_str(&format!("{tag}/0")).unwrap(),
        );
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .cookie_provider(Arc::clone(&jar))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self {
            base,
            tag,
            client,
            jar,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Loads a page the way a browser navigates, which also sets the CSRF cookie.
    pub async fn get_page(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header(header::ACCEPT, "text/html")
            .send()
            .await
            .unwrap()
    }

    /// Loads a page under a request id of its own, and counts the spans of each
    /// `(crate, name)` in `spans` that rendering it opened (a service method's span per call).
    pub async fn page_span_counts(&self, path: &str, spans: &[(&str, &str)]) -> Vec<usize> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let request_id = format!("{}/{n}", self.tag);
        let response = self
            .client
            .get(self.url(path))
            .header(header::ACCEPT, "text/html")
            .header("x-request-id", &request_id)
            .send()
            .await
            .unwrap();
        // Read to the end: the render is over when the body is.
        response.text().await.unwrap();
        spans
            .iter()
            .map(|(krate, name)| crate::server_log::span_count(&request_id, krate, name))
            .collect()
    }

    /// The CSRF token the server gave this client (loading a page first if needed).
    pub async fn csrf_token(&self) -> String {
        if let Some(token) = self.cookie("laps_csrf") {
            return token;
        }
        let page = self.get_page("/signin").await;
        assert_eq!(page.status(), StatusCode::OK);
        self.cookie("laps_csrf")
            .expect("the server sets a CSRF cookie")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        use reqwest::cookie::CookieStore as _;
        let url = self.base.parse().unwrap();
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_owned())
    }

    /// Calls a server function as the hydrated app does (form-encoded, JSON back).
    pub async fn call<F: ServerFn>(&self, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(F::PATH))
            .header(header::ACCEPT, "application/json")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Like [`Self::call`], with this client's CSRF token added.
    pub async fn call_with_csrf<F: ServerFn>(&self, form: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut form = form.to_vec();
        form.push(("csrf_token", &token));
        self.call::<F>(&form).await
    }

    pub async fn sign_up(&self, username: &str, password: &str) -> reqwest::Response {
        self.call_with_csrf::<auth::SignUp>(&[("username", username), ("password", password)])
            .await
    }

    pub async fn sign_in(&self, username: &str, password: &str) -> reqwest::Response {
        self.call_with_csrf::<auth::SignIn>(&[("username", username), ("password", password)])
            .await
    }

    pub async fn sign_out(&self) -> reqwest::Response {
        self.call_with_csrf::<auth::SignOut>(&[]).await
    }

    /// Who the server thinks this client is.
    pub async fn current_user(&self) -> Option<domain::User> {
        let response = self
            .client
            .get(self.url(auth::CurrentUser::PATH))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
        let errors = crate::server_log::take_errors(&self.browser.tag);
        let expected = self
            .errors_expected
            .load(std::sync::atomic::Ordering::Relaxed);
        if !errors.is_empty() && !expected && !std::thread::panicking() {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| format!("[{}] {}", e.request_id.as_deref().unwrap_or("-"), e.text))
                .collect();
            panic!("the server logged at ERROR level:\n{}", lines.join("\n"));
        }
    }
}

/// A tag no other server of this test run has, for [`Browser::tag`].
fn next_tag() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    format!(
        "app{}",
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    )
}

/// The JSON error a refused server function call answered with.
pub async fn app_error(response: reqwest::Response) -> (StatusCode, app::AppError) {
    let status = response.status();
    let error = response.json().await.expect("an AppError body");
    (status, error)
}

/// The settings form (`SavePreferences`) with sensible values, `changes` replacing or adding
/// fields.
pub fn preferences_form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("units", "metric"),
        ("time_zone", "UTC"),
        ("first_day_of_week", "0"),
        ("max_hr", "190"),
        ("resting_hr", "50"),
        ("zone1", "95"),
        ("zone2", "114"),
        ("zone3", "133"),
        ("zone4", "152"),
        ("zone5", "171"),
        ("ftp_w", ""),
        ("trimp", "men"),
    ];
    for &(name, value) in changes {
        match form.iter_mut().find(|(n, _)| *n == name) {
            Some(field) => field.1 = value,
            None => form.push((name, value)),
        }
    }
    form
}
