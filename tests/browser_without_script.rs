//! Pages with JavaScript turned off in Chromium, on the repository's own site: the main
//! content is there and visible, and the toolbar, whose buttons need the script, is hidden.

mod browser;

use browser::chrome::{Browser, Scripting, with_browser};

/// Fewer characters of visible text in `<main>` than this means the content is missing.
const MIN_MAIN_TEXT: usize = 200;

/// Checks what every page shows without scripts, and returns the visible text of `<main>`.
async fn assert_usable_without_script(browser: &Browser, path: &str) -> String {
    browser.open(path).await;

    let classes = browser.attribute("html", "class").await.unwrap_or_default();
    assert!(
        classes.split_whitespace().any(|class| class == "no-js"),
        "{path}: scripts did not run, <html> class {classes:?}"
    );
    assert_eq!(browser.computed(".toolbar", "display").await, "none", "{path}: toolbar display");
    assert!(browser.is_displayed("main").await, "{path}: <main> is displayed");
    assert!(browser.is_displayed("main h1").await, "{path}: the page title is displayed");

    let text = browser.text("main").await;
    assert!(text.chars().count() >= MIN_MAIN_TEXT, "{path}: visible text of <main> is short: {text:?}");
    text
}

#[tokio::test]
async fn without_script_home_shows_news() {
    with_browser(Scripting::Disabled, |browser| async move {
        assert_usable_without_script(&browser, "/").await;

        let news_links = browser.find_all("main a[href^='/tin-tuc/']").await;
        assert!(!news_links.is_empty(), "the home page links to news");
        for link in &news_links {
            let href = link.attr("href").await.expect("read href").unwrap_or_default();
            assert!(link.is_displayed().await.expect("check the link"), "news link {href} is displayed");
        }
    })
    .await;
}

#[tokio::test]
async fn without_script_article_shows_text() {
    with_browser(Scripting::Disabled, |browser| async move {
        let path = "/tin-tuc/hoi-nghi-pho-bien-chuyen-doi-so-cho-cong-chuc/";
        let text = assert_usable_without_script(&browser, path).await;

        assert_eq!(
            browser.text("main h1").await,
            "Hội nghị phổ biến kiến thức chuyển đổi số cho công chức Ban Dân tộc",
            "article title"
        );
        assert!(
            text.contains("Ban Dân tộc tổ chức hội nghị phổ biến kiến thức về chuyển đổi số"),
            "article body: {text:?}"
        );
        assert!(browser.is_displayed("main .content p").await, "the article's paragraphs are displayed");
    })
    .await;
}

#[tokio::test]
async fn without_script_registry_shows_every_row() {
    with_browser(Scripting::Disabled, |browser| async move {
        let text = assert_usable_without_script(&browser, "/van-ban/").await;

        let rows = browser.find_all("table.registry tbody tr").await;
        assert!(!rows.is_empty(), "the registry has rows");
        for row in &rows {
            let row_text = row.text().await.expect("read a row");
            assert!(row.is_displayed().await.expect("check a row"), "registry row is displayed: {row_text:?}");
        }
        assert!(text.contains("2652/QĐ-UBND"), "the registry lists 2652/QĐ-UBND: {text:?}");
    })
    .await;
}
