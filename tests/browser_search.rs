//! The search page in Chromium, on the repository's own site: the query in the address or
//! typed into the search box, and the results it lists. The tests read only what a reader
//! sees: one link per `ol.search-results > li`, and the message in `.search-status`.

mod browser;

use browser::chrome::{Browser, Scripting, with_browser};
use fantoccini::key::Key;

/// The directive number 2652/QĐ-UBND.
const DOCUMENT_2652: &str = "/van-ban/chi-dao-dieu-hanh/qd-2652-qd-ubnd/";

/// Returns the status message once the search has finished, and "" before. Before a search
/// the status is empty, and while it runs it starts with "Đang" ("Đang tải…", "Đang tìm…").
const FINISHED_STATUS: &str = "(() => {
  const status = document.querySelector('.search-status');
  const text = status ? status.textContent.trim() : '';
  return text.startsWith('Đang') ? '' : text;
})()";

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

async fn finished_search(browser: &Browser, query: &str) -> Outcome {
    let status = browser.wait_until(&format!("the search for {query:?} to finish"), FINISHED_STATUS).await;
    let paths = browser.script(RESULT_PATHS, Vec::new()).await;
    let paths = paths
        .as_array()
        .expect("a list of results")
        .iter()
        .map(|path| path.as_str().unwrap_or_else(|| panic!("every result has a link: {paths}")).to_owned())
        .collect();
    Outcome { status: status.as_str().expect("status text").to_owned(), paths }
}

/// Opens `/tim-kiem/?q=QUERY` and returns what the search shows.
async fn search_by_address(browser: &Browser, query: &str) -> Outcome {
    let encoded: String = query.split(' ').collect::<Vec<_>>().join("+");
    browser.open(&format!("/tim-kiem/?q={encoded}")).await;
    finished_search(browser, query).await
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
