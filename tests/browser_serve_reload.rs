//! Live reload of `trangtin serve` in Chromium. A news page open in the browser reloads by
//! itself, exactly once, when its Markdown file is saved in place or by a rename. A broken
//! save shows its error over the page until the next good save.
//!
//! Each test starts its own `trangtin serve` on a free port of 127.0.0.1, on a copy of the
//! sample site `build-minimal`, and stops it when the test ends, also when it panics.
//!
//! A script that runs before each page's own scripts instruments the browser, and the
//! product stays unchanged. It counts page loads in `sessionStorage` and records every
//! `EventSource` that the page opens, so a test can wait until the page listens for reload
//! events before it saves a file.

mod browser;
mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use browser::chrome::{Browser, Scripting, with_browser};
use common::{Sandbox, path_str};
use serde_json::{Value as Json, json};

/// The news item that the tests open and edit, relative to the site folder.
const NEWS_FILE: &str = "content/tin-tuc/hop-ban.md";

/// The site path of [`NEWS_FILE`].
const NEWS_PAGE: &str = "/tin-tuc/hop-ban/";

/// The body text of [`NEWS_FILE`] in the sample site.
const FIRST_TEXT: &str = "Sáng 15/3, Ban tổ chức họp thường kỳ.";

/// The start of the line that `trangtin serve` prints once it listens on its port.
const READY_LINE: &str = "Xem trang tại";

/// How long `trangtin serve` may take to build the site and print [`READY_LINE`].
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a page may take to load, reload or show an error. It is the margin that the
/// other browser tests give, because Chromium on a busy machine can take many seconds.
const WAIT_TIMEOUT: Duration = Duration::from_secs(90);

/// Pause between two checks of a condition.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// How long a test watches a reloaded page for a second, unwanted reload. `trangtin serve`
/// reported rebuilds of the sample site in under 10 ms in a debug build, so a second reload
/// from the same save would come well within.
const SETTLE: Duration = Duration::from_secs(5);

/// The `sessionStorage` key of the page load counter.
const LOADS_KEY: &str = "trangtin-test-loads";

/// The id of the error box that the live-reload script puts over the page.
const ERROR_BOX: &str = "trangtin-loi-dung";

/// Counts the top-level page loads of the tab in `sessionStorage`, and records every
/// `EventSource` that a page opens in `window.__eventSources`. It runs before each page's
/// own scripts.
const INSTRUMENTATION: &str = r#"
(() => {
  if (window.top !== window || location.protocol !== "http:") {
    return;
  }
  const key = "trangtin-test-loads";
  sessionStorage.setItem(key, String(Number(sessionStorage.getItem(key) || "0") + 1));
  window.__eventSources = [];
  const NativeEventSource = window.EventSource;
  window.EventSource = class extends NativeEventSource {
    constructor(...args) {
      super(...args);
      window.__eventSources.push(this);
    }
  };
})();
"#;

/// True once the page has loaded and every event stream it opened is connected. The server
/// subscribes a stream before it sends the response headers, so an open stream receives
/// every later event.
const PAGE_LISTENING: &str = r#"
document.readyState === "complete"
  && Array.isArray(window.__eventSources)
  && window.__eventSources.length > 0
  && window.__eventSources.every((source) => source.readyState === 1)
"#;

/// True once a new document has replaced the one that had `window.__marker` set, has loaded,
/// and its `<main>` contains `arguments[0]`.
const RELOADED_WITH_TEXT: &str = r#"
window.__marker === undefined
  && document.readyState === "complete"
  && document.querySelector("main") !== null
  && document.querySelector("main").innerText.includes(arguments[0])
"#;

/// A running `trangtin serve`, killed when dropped. Its standard output and error are
/// collected line by line, for the ready line and for failure messages.
struct Serve {
    child: Child,
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Serve {
    /// Starts `trangtin serve` on the site of `sandbox` and waits until it prints
    /// [`READY_LINE`]. Panics with its output when it exits or times out first.
    async fn start(sandbox: &Sandbox) -> Serve {
        let port = free_port();
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("trangtin"))
            .args(["--root", path_str(&sandbox.site()), "serve", "--bind", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .arg("--output")
            .arg(sandbox.output())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("trangtin serve starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        collect_lines(child.stdout.take().expect("piped stdout"), Arc::clone(&log));
        collect_lines(child.stderr.take().expect("piped stderr"), Arc::clone(&log));
        let mut serve = Serve { child, port, log };

        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if serve.log().contains(READY_LINE) {
                return serve;
            }
            if let Ok(Some(status)) = serve.child.try_wait() {
                panic!("trangtin serve exited with {status} before it was ready; output:\n{}", serve.log());
            }
            if Instant::now() >= deadline {
                panic!(
                    "trangtin serve did not print {READY_LINE:?} within {START_TIMEOUT:?}; output:\n{}",
                    serve.log()
                );
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Returns the address of the site path `path` on this server.
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Returns what the server printed so far, standard output and error interleaved.
    fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).join("\n")
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind a free port").local_addr().expect("local address").port()
}

/// Appends each line of `stream` to `log` from a thread of its own, until the stream ends.
fn collect_lines(stream: impl Read + Send + 'static, log: Arc<Mutex<Vec<String>>>) {
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            log.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(line);
        }
    });
}

/// A copy of the sample site served by `trangtin serve`. The server is declared first, so it
/// is killed before the sandbox folder is removed.
struct Preview {
    serve: Serve,
    sandbox: Sandbox,
}

impl Preview {
    async fn start() -> Preview {
        let sandbox = Sandbox::with_site("build-minimal");
        let serve = Serve::start(&sandbox).await;
        Preview { serve, sandbox }
    }
}

/// Returns the text of the news file with `body` under the sample site's front matter.
fn news(body: &str) -> String {
    format!("---\ntitle: Họp Ban thường kỳ tháng 3\ndate: 15/03/2022\n---\n\n{body}\n")
}

/// Polls the JavaScript expression `condition`, with `args` as `arguments`, until it is
/// truthy, and returns its value. A failed command counts as not yet, because a command
/// sent while the page reloads can fail with its document gone. Panics after
/// [`WAIT_TIMEOUT`] with `description`, the last result and the server's output.
async fn wait_for(browser: &Browser, serve: &Serve, description: &str, condition: &str, args: Vec<Json>) -> Json {
    let script = format!("return ({condition});");
    let deadline = Instant::now() + WAIT_TIMEOUT;
    loop {
        let last = match browser.client().execute(&script, args.clone()).await {
            Ok(value) if is_truthy(&value) => return value,
            Ok(value) => format!("the condition is {value}"),
            Err(error) => format!("the script failed: {error}"),
        };
        if Instant::now() >= deadline {
            panic!(
                "timed out after {WAIT_TIMEOUT:?} waiting for {description}; {last}\n--- trangtin serve printed:\n{}",
                serve.log()
            );
        }
        tokio::time::sleep(POLL_INTERVAL).await;
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

/// Instruments the tab, opens [`NEWS_PAGE`] and waits until it shows [`FIRST_TEXT`] and
/// listens for events.
async fn open_news_page(browser: &Browser, serve: &Serve) {
    browser.run_before_page_scripts(INSTRUMENTATION).await;
    let url = serve.url(NEWS_PAGE);
    browser.client().goto(&url).await.unwrap_or_else(|error| panic!("open {url}: {error}"));
    wait_for(browser, serve, "the news page to listen for reload events", PAGE_LISTENING, Vec::new()).await;
    assert!(main_text(browser).await.contains(FIRST_TEXT), "the news page shows its body before the edit");
}

/// Returns the number of page loads of the tab so far.
async fn page_loads(browser: &Browser) -> u64 {
    let value = browser.script("return Number(sessionStorage.getItem(arguments[0]));", vec![json!(LOADS_KEY)]).await;
    value.as_u64().unwrap_or_else(|| panic!("the page load counter is a number: {value}"))
}

/// Sets `window.__marker`, which a reload removes.
async fn set_marker(browser: &Browser) {
    browser.script("window.__marker = 1;", Vec::new()).await;
}

/// Returns whether `window.__marker` is still set, that is, whether the page did not reload.
async fn marker_present(browser: &Browser) -> bool {
    browser.script("return window.__marker === 1;", Vec::new()).await == json!(true)
}

/// Returns the rendered text of the page's `<main>`.
async fn main_text(browser: &Browser) -> String {
    browser.text("main").await
}

/// Returns whether the page contains the live-reload error box.
async fn error_box_present(browser: &Browser) -> bool {
    browser.script("return document.getElementById(arguments[0]) !== null;", vec![json!(ERROR_BOX)]).await
        == json!(true)
}

/// Waits until the page has reloaded and shows `text`, then until it listens again, then for
/// [`SETTLE`]. Then asserts that the tab loaded exactly one page since `loads_before`.
async fn assert_reloaded_once(browser: &Browser, serve: &Serve, loads_before: u64, text: &str) {
    let description = format!("the page to reload by itself and show {text:?}");
    wait_for(browser, serve, &description, RELOADED_WITH_TEXT, vec![json!(text)]).await;
    wait_for(browser, serve, "the reloaded page to listen for reload events", PAGE_LISTENING, Vec::new()).await;
    tokio::time::sleep(SETTLE).await;

    let loads = page_loads(browser).await;
    assert_eq!(loads, loads_before + 1, "page loads after one save\n--- trangtin serve printed:\n{}", serve.log());
    assert!(main_text(browser).await.contains(text), "the page still shows {text:?} after {SETTLE:?}");
}

#[tokio::test]
async fn serve_page_reloads_once_after_edit() {
    with_browser(Scripting::Enabled, |browser| async move {
        let preview = Preview::start().await;
        let serve = &preview.serve;
        open_news_page(&browser, serve).await;
        let loads_before = page_loads(&browser).await;
        set_marker(&browser).await;

        let edited = "Chiều 15/3, Ban tổ chức họp thêm về kế hoạch tháng 4.";
        preview.sandbox.write(NEWS_FILE, news(edited));

        assert_reloaded_once(&browser, serve, loads_before, edited).await;
        assert!(!main_text(&browser).await.contains(FIRST_TEXT), "the old body is gone");
    })
    .await;
}

#[tokio::test]
async fn serve_page_reloads_once_after_rename_save() {
    with_browser(Scripting::Enabled, |browser| async move {
        let preview = Preview::start().await;
        let serve = &preview.serve;
        open_news_page(&browser, serve).await;
        let loads_before = page_loads(&browser).await;
        set_marker(&browser).await;

        // An atomic save: write a temporary file beside the original, then rename it over
        // the original, so that the file is never seen half written.
        let edited = "Ban tổ chức thống nhất lịch họp quý II.";
        let folder = preview.sandbox.site().join("content/tin-tuc");
        let temporary = folder.join(".hop-ban.md.tmp");
        std::fs::write(&temporary, news(edited)).expect("write the temporary file");
        std::fs::rename(&temporary, folder.join("hop-ban.md")).expect("rename the temporary file over the news file");

        assert_reloaded_once(&browser, serve, loads_before, edited).await;
        assert!(!main_text(&browser).await.contains(FIRST_TEXT), "the old body is gone");
    })
    .await;
}

#[tokio::test]
async fn serve_page_shows_error_until_fixed() {
    with_browser(Scripting::Enabled, |browser| async move {
        let preview = Preview::start().await;
        let serve = &preview.serve;
        open_news_page(&browser, serve).await;
        let loads_before = page_loads(&browser).await;
        set_marker(&browser).await;

        // The date is on line 3 of the file.
        preview.sandbox.write(NEWS_FILE, "---\ntitle: Họp Ban thường kỳ tháng 3\ndate: 31/02/2022\n---\n\nSai ngày.\n");

        let box_selector = format!("#{ERROR_BOX}");
        let error_box_exists = "document.getElementById(arguments[0]) !== null";
        wait_for(&browser, serve, "the error box over the page", error_box_exists, vec![json!(ERROR_BOX)]).await;
        let error = browser.text(&box_selector).await;
        assert!(browser.is_displayed(&box_selector).await, "the error box is displayed");
        assert!(error.contains("content/tin-tuc/hop-ban.md:3"), "the error names the file and line: {error}");
        assert!(error.contains("trường `date`"), "the error names the field: {error}");
        assert!(error.contains("31/02/2022"), "the error quotes the value: {error}");
        assert!(marker_present(&browser).await, "a broken save does not reload the page");
        assert_eq!(page_loads(&browser).await, loads_before, "page loads after the broken save");
        assert!(main_text(&browser).await.contains(FIRST_TEXT), "the last good page stays under the error");

        let fixed = "Ban tổ chức họp thường kỳ ngày 28/02/2022.";
        preview.sandbox.write(NEWS_FILE, news(fixed));

        assert_reloaded_once(&browser, serve, loads_before, fixed).await;
        assert!(!error_box_present(&browser).await, "the error box is gone after the good save");
    })
    .await;
}
