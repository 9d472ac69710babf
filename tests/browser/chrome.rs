//! Chromium sessions: each test starts its own chromedriver on a free loopback port and its
//! own headless Chromium with a fresh profile, so stored preferences never leak between
//! tests, and ends both when the test ends, also when it panics.
//!
//! Besides the standard WebDriver commands, [`Browser`] sends two commands that chromedriver
//! adds: Chrome DevTools Protocol commands (`goog/cdp/execute`), for print media emulation and
//! scripts that run before the page's own, and the computed accessible name of an element
//! (`computedlabel`), so tests find buttons the way assistive technology does.

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value as Json, json};
use tempfile::TempDir;

use super::site::{Site, site};
use super::tools::{self, CHROMEDRIVER, CHROMIUM};

/// How long one test may use its browser session. The longest test, axe-core on ten pages,
/// took 12 to 30 s in runs on a machine with 2 cores, so this leaves a wide margin.
const TEST_TIMEOUT: Duration = Duration::from_secs(300);

/// How long starting or closing a session may take.
const SESSION_TIMEOUT: Duration = Duration::from_secs(60);

/// How long [`Browser::wait_until`] waits for a condition. A freshly started Chromium on a busy
/// CI machine was seen taking over 15 s for the first search, so the margin is wide.
const WAIT_TIMEOUT: Duration = Duration::from_secs(90);

/// Pause between two checks of a condition.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Whether the pages of a session run JavaScript.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scripting {
    Enabled,
    /// Page scripts are off through Blink's `scriptEnabled` setting, as a reader who turned
    /// JavaScript off has it. WebDriver commands still run their own scripts.
    Disabled,
}

/// Runs `test` with a new Chromium session on the repository's site, then ends the session.
/// Returns at once, after printing why, when Chromium is missing outside CI.
pub async fn with_browser<F, Fut>(scripting: Scripting, test: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    if !tools::chromium_available() {
        return;
    }
    let site = site();
    let driver = Chromedriver::start();
    let profile =
        tempfile::Builder::new().prefix("trangtin-chromium-").tempdir().expect("create a Chromium profile folder");

    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(capabilities(scripting, &profile));
    let client = match tokio::time::timeout(SESSION_TIMEOUT, builder.connect(&driver.url)).await {
        Ok(Ok(client)) => client,
        Ok(Err(error)) => panic!("start a Chromium session through {}: {error}", driver.url),
        Err(_) => panic!("starting a Chromium session through {} timed out after {SESSION_TIMEOUT:?}", driver.url),
    };

    // The test runs as a task of its own, so that a panic in it comes back here as an error
    // and the session is still closed before the panic goes on.
    let browser = Browser { client: client.clone(), site };
    let task = tokio::spawn(test(browser));
    let abort = task.abort_handle();
    let outcome = tokio::time::timeout(TEST_TIMEOUT, task).await;
    abort.abort();

    match tokio::time::timeout(SESSION_TIMEOUT, client.close()).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => eprintln!("closing the Chromium session failed: {error}"),
        Err(_) => eprintln!("closing the Chromium session timed out after {SESSION_TIMEOUT:?}"),
    }
    drop(driver);
    drop(profile);
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => match error.try_into_panic() {
            Ok(payload) => std::panic::resume_unwind(payload),
            Err(error) => panic!("the browser test did not finish: {error}"),
        },
        Err(_) => panic!("the browser test timed out after {TEST_TIMEOUT:?}"),
    }
}

fn capabilities(scripting: Scripting, profile: &TempDir) -> Capabilities {
    let mut args = vec![
        "--headless=new".to_owned(),
        // Chromium's sandbox cannot start as root, which is how CI runs the tests.
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--no-first-run".to_owned(),
        "--no-default-browser-check".to_owned(),
        "--lang=vi".to_owned(),
        "--window-size=1280,1000".to_owned(),
        format!("--user-data-dir={}", profile.path().display()),
    ];
    if scripting == Scripting::Disabled {
        args.push("--blink-settings=scriptEnabled=false".to_owned());
    }

    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
        // axe-core takes seconds on a long page, and the default script timeout is 30 s.
        "timeouts": { "script": 120_000, "pageLoad": 60_000 },
    });
    match capabilities {
        Json::Object(map) => map,
        _ => unreachable!("capabilities are a JSON object"),
    }
}

/// A chromedriver process in a process group of its own, which the Chromium it starts joins.
/// Dropping it kills the group: Chromium ends with its session, but would outlive chromedriver
/// when the session could not be closed.
struct Chromedriver {
    child: Child,
    /// `http://127.0.0.1:PORT/`.
    url: String,
}

impl Chromedriver {
    /// Starts chromedriver on a port that the system picks, and reads the port from its
    /// start-up line ("ChromeDriver was started successfully on port 40123.").
    fn start() -> Chromedriver {
        let mut child = Command::new(CHROMEDRIVER)
            .arg("--port=0")
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|error| panic!("start {CHROMEDRIVER}: {error}"));

        let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        let mut seen = Vec::new();
        let port = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{CHROMEDRIVER} exited before it was ready; it printed:\n{}", seen.join("\n"));
            };
            if let Some(port) = started_port(&line) {
                break port;
            }
            seen.push(line);
        };
        // chromedriver may print more; reading it keeps the pipe from filling up.
        thread::spawn(move || lines.for_each(drop));

        Chromedriver { child, url: format!("http://127.0.0.1:{port}/") }
    }
}

fn started_port(line: &str) -> Option<u16> {
    let rest = line.split("started successfully on port ").nth(1)?;
    rest.trim_end().trim_end_matches('.').parse().ok()
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One Chromium session on the test site. Every method panics with what it tried when the
/// browser reports an error.
#[derive(Clone)]
pub struct Browser {
    client: Client,
    site: &'static Site,
}

impl Browser {
    /// Returns the underlying WebDriver client, for commands this type does not wrap.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Returns the site being served, with its output folder and server.
    pub fn site(&self) -> &'static Site {
        self.site
    }

    /// Opens the site path `path` (`/tin-tuc/`, `/tim-kiem/?q=2652`) and waits for it to load.
    pub async fn open(&self, path: &str) {
        let url = self.site.url(path);
        self.client.goto(&url).await.unwrap_or_else(|error| panic!("open {url}: {error}"));
    }

    /// Reloads the current page and waits for it to load.
    pub async fn reload(&self) {
        self.client.refresh().await.unwrap_or_else(|error| panic!("reload the page: {error}"));
    }

    /// Returns the site path of the current page, with its query.
    pub async fn current_path(&self) -> String {
        let url = self.client.current_url().await.unwrap_or_else(|error| panic!("read the current URL: {error}"));
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Returns the first element matching the CSS selector `css`.
    pub async fn find(&self, css: &str) -> Element {
        self.client.find(Locator::Css(css)).await.unwrap_or_else(|error| panic!("find `{css}`: {error}"))
    }

    /// Returns every element matching the CSS selector `css`, in document order.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client.find_all(Locator::Css(css)).await.unwrap_or_else(|error| panic!("find all `{css}`: {error}"))
    }

    /// Returns the computed value of the CSS `property` of the first element matching `css`.
    pub async fn computed(&self, css: &str, property: &str) -> String {
        self.find(css)
            .await
            .css_value(property)
            .await
            .unwrap_or_else(|error| panic!("read `{property}` of `{css}`: {error}"))
    }

    /// Returns the computed font size of the first element matching `css`, in CSS pixels.
    pub async fn font_size(&self, css: &str) -> f64 {
        let value = self.computed(css, "font-size").await;
        value
            .strip_suffix("px")
            .and_then(|number| number.parse().ok())
            .unwrap_or_else(|| panic!("font-size of `{css}` is in px: {value}"))
    }

    /// Returns the value of the attribute `name` of the first element matching `css`.
    pub async fn attribute(&self, css: &str, name: &str) -> Option<String> {
        self.find(css).await.attr(name).await.unwrap_or_else(|error| panic!("read `{name}` of `{css}`: {error}"))
    }

    /// Returns the rendered text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap_or_else(|error| panic!("read the text of `{css}`: {error}"))
    }

    /// Returns whether the first element matching `css` is displayed, as WebDriver decides it.
    pub async fn is_displayed(&self, css: &str) -> bool {
        self.find(css)
            .await
            .is_displayed()
            .await
            .unwrap_or_else(|error| panic!("check whether `{css}` is displayed: {error}"))
    }

    /// Returns the element's accessible name as Chromium computes it for assistive technology.
    pub async fn accessible_name(&self, element: &Element) -> String {
        let command = ChromedriverCommand::get(format!("element/{}/computedlabel", element.element_id()));
        match self.client.issue_cmd(command).await {
            Ok(Json::String(name)) => name,
            Ok(other) => panic!("computed label is a string: {other}"),
            Err(error) => panic!("read the accessible name of an element: {error}"),
        }
    }

    /// Returns the displayed button whose accessible name is `name`.
    pub async fn button(&self, name: &str) -> Element {
        let mut names = Vec::new();
        for button in self.find_all("button").await {
            let label = self.accessible_name(&button).await;
            if label == name && button.is_displayed().await.unwrap_or(false) {
                return button;
            }
            names.push(label);
        }
        panic!("no displayed button named {name:?} on {}; buttons: {names:?}", self.current_path().await);
    }

    /// Clicks the displayed button whose accessible name is `name`.
    pub async fn press(&self, name: &str) {
        self.button(name).await.click().await.unwrap_or_else(|error| panic!("click the button {name:?}: {error}"));
    }

    /// Runs `script` as the body of a function in the page, with `args` as `arguments`, and
    /// returns what it returns.
    pub async fn script(&self, script: &str, args: Vec<Json>) -> Json {
        self.client.execute(script, args).await.unwrap_or_else(|error| panic!("run script {script:?}: {error}"))
    }

    /// Sends the Chrome DevTools Protocol command `method` with `params` to the current tab.
    pub async fn cdp(&self, method: &str, params: Json) -> Json {
        let command = ChromedriverCommand::post("goog/cdp/execute", json!({ "cmd": method, "params": params }));
        self.client.issue_cmd(command).await.unwrap_or_else(|error| panic!("DevTools command {method}: {error}"))
    }

    /// Makes `script` run in every page opened from now on, before the page's own scripts.
    pub async fn run_before_page_scripts(&self, script: &str) {
        self.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": script })).await;
    }

    /// Polls the JavaScript expression `condition` until it is truthy, and returns its value.
    /// Panics after [`WAIT_TIMEOUT`], naming `description` and the last value.
    pub async fn wait_until(&self, description: &str, condition: &str) -> Json {
        self.wait_for(description, condition, is_truthy).await
    }

    /// Polls the JavaScript expression `expression` until `done` accepts its value, and
    /// returns that value. Panics after [`WAIT_TIMEOUT`], naming `description` and the last
    /// value, so an expression that returns the page's state shows where the page stopped.
    pub async fn wait_for(&self, description: &str, expression: &str, done: impl Fn(&Json) -> bool) -> Json {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        let script = format!("return ({expression});");
        loop {
            let value = self.script(&script, Vec::new()).await;
            if done(&value) {
                return value;
            }
            if Instant::now() >= deadline {
                panic!("timed out after {WAIT_TIMEOUT:?} waiting for {description}: `{expression}` is {value}");
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }
}

/// Returns whether JavaScript would treat `value` as true.
fn is_truthy(value: &Json) -> bool {
    match value {
        Json::Null => false,
        Json::Bool(flag) => *flag,
        Json::Number(number) => number.as_f64().is_some_and(|number| number != 0.0),
        Json::String(text) => !text.is_empty(),
        Json::Array(_) | Json::Object(_) => true,
    }
}

/// A session command that chromedriver offers beyond the ones fantoccini wraps.
#[derive(Debug)]
struct ChromedriverCommand {
    /// Path after `session/{id}/`.
    path: String,
    /// Request body of a POST, or `None` for a GET.
    body: Option<Json>,
}

impl ChromedriverCommand {
    fn get(path: String) -> ChromedriverCommand {
        ChromedriverCommand { path, body: None }
    }

    fn post(path: &str, body: Json) -> ChromedriverCommand {
        ChromedriverCommand { path: path.to_owned(), body: Some(body) }
    }
}

impl WebDriverCompatibleCommand for ChromedriverCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        let session_id = session_id.expect("commands are sent after the session started");
        base_url.join(&format!("session/{session_id}/{}", self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        match &self.body {
            Some(body) => (http::Method::POST, Some(body.to_string())),
            None => (http::Method::GET, None),
        }
    }
}
