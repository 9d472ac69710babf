//! axe-core's WCAG 2.0 and 2.1 rules, levels A and AA, run in Chromium on one page of every
//! kind of template of the repository's own site, in the normal colours and in high
//! contrast mode. A failure lists every violation on every page, with its rule, impact,
//! elements and help text. The pages must also load every resource they ask for.

mod browser;

use std::fmt::Write as _;
use std::fs;

use browser::chrome::{Browser, Scripting, with_browser};
use browser::tools::{self, AXE_SCRIPT};
use serde_json::{Value as Json, json};

/// One page of each kind of template.
const PAGES: &[&str] = &[
    "/",
    "/tin-tuc/",
    "/tin-tuc/hoi-nghi-pho-bien-chuyen-doi-so-cho-cong-chuc/",
    "/van-ban/chi-dao-dieu-hanh/qd-2652-qd-ubnd/",
    "/van-ban/",
    "/gioi-thieu/co-cau-to-chuc/",
    "/lich-cong-tac/",
    "/tim-kiem/?q=chuyen+doi+so",
    "/so-do-trang/",
    "/lien-he/",
];

/// axe-core's tags for the success criteria of WCAG 2.0 and 2.1 at levels A and AA.
const WCAG_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Runs axe on the document with the tags in `arguments[0]` and passes the violations, or
/// the error, to WebDriver's callback.
const RUN_AXE: &str = r#"
const [tags, done] = arguments;
axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
  .then((results) => done({
    violations: results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({ target: node.target, html: node.html })),
    })),
  }))
  .catch((error) => done({ error: String(error) }));
"#;

/// Whether pages are checked with high contrast mode on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Colours {
    Normal,
    HighContrast,
}

/// Waits for what the page's scripts add after loading: search results or their status.
async fn wait_for_page_scripts(browser: &Browser, path: &str) {
    if path.starts_with("/tim-kiem/") {
        browser
            .wait_until(
                "the search to finish",
                "(document.querySelector('.search-status').textContent.trim() || '').replace(/^Đang.*/, '')",
            )
            .await;
    }
}

/// Returns the violations on the current page, one formatted entry per rule.
async fn axe_violations(browser: &Browser, axe_source: &str) -> Vec<String> {
    let loaded = browser.script(&format!("{axe_source}\nreturn typeof window.axe;"), Vec::new()).await;
    assert_eq!(loaded, json!("object"), "axe-core is loaded into the page");

    let tags: Vec<Json> = WCAG_TAGS.iter().map(|tag| json!(tag)).collect();
    let result = browser
        .client()
        .execute_async(RUN_AXE, vec![Json::Array(tags)])
        .await
        .unwrap_or_else(|error| panic!("run axe-core: {error}"));
    if let Some(error) = result.get("error") {
        panic!("axe-core failed: {error}");
    }

    let violations = result["violations"].as_array().expect("a list of violations");
    violations.iter().map(describe_violation).collect()
}

fn describe_violation(violation: &Json) -> String {
    let mut text = format!(
        "{} ({}): {} <{}>",
        violation["id"].as_str().unwrap_or("?"),
        violation["impact"].as_str().unwrap_or("no impact given"),
        violation["help"].as_str().unwrap_or(""),
        violation["helpUrl"].as_str().unwrap_or(""),
    );
    for node in violation["nodes"].as_array().into_iter().flatten() {
        let _ = write!(text, "\n      {} {}", node["target"], node["html"].as_str().unwrap_or(""));
    }
    text
}

async fn check_every_template(colours: Colours) {
    let Some(axe_path) = tools::npm_file(AXE_SCRIPT) else { return };
    let axe_source =
        fs::read_to_string(&axe_path).unwrap_or_else(|error| panic!("read {}: {error}", axe_path.display()));

    with_browser(Scripting::Enabled, move |browser| async move {
        if colours == Colours::HighContrast {
            browser.open(PAGES[0]).await;
            browser.press("Tương phản cao").await;
        }

        let mut report = String::new();
        for path in PAGES {
            browser.open(path).await;
            let classes = browser.attribute("html", "class").await.unwrap_or_default();
            let high_contrast = classes.split_whitespace().any(|class| class == "tuong-phan-cao");
            assert_eq!(high_contrast, colours == Colours::HighContrast, "{path}: high contrast class in {classes:?}");
            wait_for_page_scripts(&browser, path).await;

            for violation in axe_violations(&browser, &axe_source).await {
                let _ = write!(report, "\n  {path}: {violation}");
            }
        }
        assert!(report.is_empty(), "axe-core found WCAG A/AA violations ({colours:?}):{report}");
        let missing = browser.site().server.not_found();
        assert!(missing.is_empty(), "the pages requested addresses that do not exist: {missing:?}");
    })
    .await;
}

#[tokio::test]
async fn axe_normal_colours_no_violations() {
    check_every_template(Colours::Normal).await;
}

#[tokio::test]
async fn axe_high_contrast_no_violations() {
    check_every_template(Colours::HighContrast).await;
}
