//! The search page in Chromium, on the repository's own site: the query in the address or
//! typed into the search box, and the results it lists. The tests read only what a reader
//! sees: one link per `ol.search-results > li`, and the message in `.search-status`.

mod browser;

use std::time::{Duration, Instant};

use browser::chrome::{Browser, Scripting, with_browser};
use fantoccini::key::Key;
use serde_json::{Value as Json, json};

/// The directive number 2652/QĐ-UBND.
const DOCUMENT_2652: &str = "/van-ban/chi-dao-dieu-hanh/qd-2652-qd-ubnd/";

/// Returns the text of the status message, "" when there is none. Before a search the status
/// is empty, and while it runs it starts with [`RUNNING`] ("Đang tìm…").
const STATUS_TEXT: &str = "(() => {
  const status = document.querySelector('.search-status');
  return status ? status.textContent.trim() : '';
})()";

/// URL pattern of the index's shards, which every search with words fetches.
const SHARD_FILES: &str = "*/tim-kiem/chi-muc/tu/*";

/// URL pattern of the index's document files, which a search with results fetches.
const DOCUMENT_FILES: &str = "*/tim-kiem/chi-muc/trang/*";

/// How long the page waits for one index file (`FETCH_TIMEOUT_MS` in `tim-kiem.js`).
const PAGE_FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// Start of the status while a search runs.
const RUNNING: &str = "Đang";

/// Start of the status when the page could not load the search index.
const LOAD_FAILED: &str = "Không tải được";

/// Returns the site path of the first link of each result, in the listed order.
const RESULT_PATHS: &str = "return Array.from(document.querySelectorAll('ol.search-results > li'))
  .map((item) => item.querySelector('a[href]'))
  .map((link) => (link ? new URL(link.href, location.href).pathname : null));";

/// What a search shows: its status message and the path of each result.
#[derive(Debug)]
struct Outcome {
    status: String,
    paths: Vec<String>,
}

/// Waits until the search for `query` has stopped, with results, none or an error, and returns
/// its status message.
async fn final_status(browser: &Browser, query: &str) -> String {
    let stopped = |value: &Json| value.as_str().is_some_and(|text| !text.is_empty() && !text.starts_with(RUNNING));
    let status = browser.wait_for(&format!("the search for {query:?} to stop"), STATUS_TEXT, stopped).await;
    status.as_str().expect("status text").to_owned()
}

/// Waits until the search for `query` has finished and returns what it shows. Panics at once
/// when the page reports that it could not load the index, with the paths that the server
/// did not find.
async fn finished_search(browser: &Browser, query: &str) -> Outcome {
    let status = final_status(browser, query).await;
    assert!(
        !status.starts_with(LOAD_FAILED),
        "the search for {query:?} failed to load the index: {status:?}; paths the server did not find: {:?}",
        browser.site().server.not_found()
    );

    let paths = browser.script(RESULT_PATHS, Vec::new()).await;
    let paths = paths
        .as_array()
        .expect("a list of results")
        .iter()
        .map(|path| path.as_str().unwrap_or_else(|| panic!("every result has a link: {paths}")).to_owned())
        .collect();
    Outcome { status, paths }
}

/// Opens `/tim-kiem/?q=QUERY` and returns what the search shows.
async fn search_by_address(browser: &Browser, query: &str) -> Outcome {
    open_search(browser, query).await;
    finished_search(browser, query).await
}

/// Opens `/tim-kiem/?q=QUERY`, which starts the search.
async fn open_search(browser: &Browser, query: &str) {
    let encoded: String = query.split(' ').collect::<Vec<_>>().join("+");
    browser.open(&format!("/tim-kiem/?q={encoded}")).await;
}

#[tokio::test]
async fn search_unaccented_query_finds_section() {
    with_browser(Scripting::Enabled, |browser| async move {
        let outcome = search_by_address(&browser, "chuyen doi so").await;
        assert!(outcome.status.starts_with("Tìm thấy"), "status: {outcome:?}");
        assert!(
            outcome.paths.iter().any(|path| path.starts_with("/chuyen-doi-so/") && path != "/chuyen-doi-so/"),
            "a page under /chuyen-doi-so/ is listed: {outcome:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn search_document_number_finds_document() {
    with_browser(Scripting::Enabled, |browser| async move {
        let outcome = search_by_address(&browser, "2652").await;
        assert!(outcome.paths.iter().any(|path| path == DOCUMENT_2652), "{DOCUMENT_2652} is listed: {outcome:?}");
        assert_eq!(
            outcome.paths.first().map(String::as_str),
            Some(DOCUMENT_2652),
            "the document comes first: {outcome:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn search_unknown_words_lists_nothing() {
    with_browser(Scripting::Enabled, |browser| async move {
        let outcome = search_by_address(&browser, "xqzvw khong co").await;
        assert_eq!(outcome.paths, Vec::<String>::new(), "no results: {outcome:?}");
        assert!(outcome.status.starts_with("Không tìm thấy"), "the status says nothing was found: {outcome:?}");
    })
    .await;
}

#[tokio::test]
async fn search_box_typed_query_lists_document() {
    with_browser(Scripting::Enabled, |browser| async move {
        browser.open("/tim-kiem/").await;
        let boxes = browser.find_all("input[type='search']").await;
        assert_eq!(boxes.len(), 1, "one search box");
        let search_box = &boxes[0];
        assert_eq!(browser.accessible_name(search_box).await, "Tìm kiếm", "the search box's accessible name");

        search_box.send_keys("2652").await.expect("type into the search box");
        search_box.send_keys(&char::from(Key::Enter).to_string()).await.expect("press Enter");
        let outcome = finished_search(&browser, "2652").await;
        assert_eq!(outcome.paths.first().map(String::as_str), Some(DOCUMENT_2652), "typed search: {outcome:?}");
        assert!(browser.current_path().await.ends_with("?q=2652"), "the query is in the address");
    })
    .await;
}

#[tokio::test]
async fn search_failed_index_request_shows_error() {
    with_browser(Scripting::Enabled, |browser| async move {
        // Chromium fails these requests at once, as it does when the network is down.
        browser.cdp("Network.enable", json!({})).await;
        browser.cdp("Network.setBlockedURLs", json!({ "urls": [SHARD_FILES] })).await;

        open_search(&browser, "chuyen doi so").await;
        let status = final_status(&browser, "chuyen doi so").await;
        assert!(status.starts_with(LOAD_FAILED), "the status says the index could not be loaded: {status:?}");
        let results = browser.find_all("ol.search-results > li").await;
        assert!(results.is_empty(), "no results are listed, found {}", results.len());
    })
    .await;
}

#[tokio::test]
async fn search_unanswered_index_request_times_out() {
    with_browser(Scripting::Enabled, |browser| async move {
        // Chromium pauses these requests until the test continues them, which it never does,
        // as a server that accepts a request and never responds.
        browser.cdp("Fetch.enable", json!({ "patterns": [{ "urlPattern": DOCUMENT_FILES }] })).await;

        let started = Instant::now();
        open_search(&browser, "chuyen doi so").await;
        let status = final_status(&browser, "chuyen doi so").await;
        let waited = started.elapsed();
        assert!(status.starts_with(LOAD_FAILED), "the status says the index could not be loaded: {status:?}");
        assert!(
            waited >= PAGE_FETCH_TIMEOUT,
            "the page gave up after {waited:?}, before its {PAGE_FETCH_TIMEOUT:?} timeout"
        );
    })
    .await;
}

#[tokio::test]
async fn search_box_short_query_clears_running_search() {
    with_browser(Scripting::Enabled, |browser| async move {
        // The search from the address stays running while its shard requests are paused.
        browser.cdp("Fetch.enable", json!({ "patterns": [{ "urlPattern": SHARD_FILES }] })).await;
        open_search(&browser, "chuyen doi so").await;
        let running = format!("{STATUS_TEXT}.startsWith('{RUNNING}')");
        browser.wait_until("the search for \"chuyen doi so\" to start", &running).await;

        // Select the query and type one letter over it, which is too short to search as it
        // is typed. The box never becomes empty, which would clear the status by itself.
        let search_box = browser.find("input[type='search']").await;
        let select_all = format!("{}a{}", char::from(Key::Control), char::from(Key::Null));
        search_box.send_keys(&select_all).await.expect("select the query in the search box");
        search_box.send_keys("c").await.expect("type into the search box");
        let value = search_box.prop("value").await.expect("read the search box");
        assert_eq!(value.as_deref(), Some("c"), "the letter replaced the query");
        let not_running = |value: &Json| value.as_str().is_some_and(|text| !text.starts_with(RUNNING));
        let status = browser.wait_for("the running search to be cleared", STATUS_TEXT, not_running).await;
        assert_eq!(status, json!(""), "no status after a one-letter query");
        let results = browser.find_all("ol.search-results > li").await;
        assert!(results.is_empty(), "no results are listed, found {}", results.len());
    })
    .await;
}
