//! The reader toolbar and the print stylesheet in Chromium, on the repository's own site:
//! font size, high contrast, reading aloud and printing, each found by the accessible name
//! that the theme gives its button.

mod browser;

use browser::chrome::{Browser, Scripting, with_browser};
use serde_json::{Value as Json, json};

/// A news article, with article tools ("In", "Lưu") and body text.
const ARTICLE: &str = "/tin-tuc/hoi-nghi-pho-bien-chuyen-doi-so-cho-cong-chuc/";

/// The article's title, its `<h1>`.
const ARTICLE_TITLE: &str = "Hội nghị phổ biến kiến thức chuyển đổi số cho công chức Ban Dân tộc";

/// A page of another section, to check that preferences carry over.
const OTHER_PAGE: &str = "/gioi-thieu/lich-su/";

/// The body text whose size the font buttons change.
const MAIN_TEXT: &str = "main .content p";

/// Font sizes closer than this, in CSS pixels, count as equal.
const SIZE_TOLERANCE: f64 = 0.01;

/// Replaces `window.speechSynthesis` with a recorder that has no voices: `speak` appends the
/// utterance's text, `lang` and voice to `window.__spoken` and reports speaking, and no
/// utterance ever ends, so the status line keeps the message given at the start.
const SPEECH_STUB: &str = r#"
(() => {
  window.__spoken = [];
  const synth = {
    speaking: false,
    pending: false,
    paused: false,
    onvoiceschanged: null,
    getVoices() { return []; },
    speak(utterance) {
      window.__spoken.push({
        text: utterance.text,
        lang: utterance.lang,
        voice: utterance.voice ? utterance.voice.name : null,
      });
      this.speaking = true;
    },
    cancel() { this.speaking = false; },
    pause() {},
    resume() {},
    addEventListener() {},
    removeEventListener() {},
    dispatchEvent() { return true; },
  };
  Object.defineProperty(window, "speechSynthesis", { configurable: true, enumerable: true, get: () => synth });
})();
"#;

fn assert_same_size(actual: f64, expected: f64, context: &str) {
    assert!((actual - expected).abs() < SIZE_TOLERANCE, "{context}: font size {actual}px, expected {expected}px");
}

#[tokio::test]
async fn font_size_buttons_scale_text_across_pages() {
    with_browser(Scripting::Enabled, |browser| async move {
        browser.open(OTHER_PAGE).await;
        let other_default = browser.font_size(MAIN_TEXT).await;
        browser.open(ARTICLE).await;
        let default = browser.font_size(MAIN_TEXT).await;

        browser.press("Tăng cỡ chữ").await;
        let larger = browser.font_size(MAIN_TEXT).await;
        assert!(larger > default, "after Tăng cỡ chữ: {larger}px, default {default}px");

        browser.reload().await;
        assert_same_size(browser.font_size(MAIN_TEXT).await, larger, "after a reload");

        browser.open(OTHER_PAGE).await;
        let other_larger = browser.font_size(MAIN_TEXT).await;
        assert!(other_larger > other_default, "on {OTHER_PAGE}: {other_larger}px, default {other_default}px");

        browser.press("Cỡ chữ mặc định").await;
        assert_same_size(browser.font_size(MAIN_TEXT).await, other_default, "after Cỡ chữ mặc định");

        browser.press("Giảm cỡ chữ").await;
        let smaller = browser.font_size(MAIN_TEXT).await;
        assert!(smaller < other_default, "after Giảm cỡ chữ: {smaller}px, default {other_default}px");

        browser.open(ARTICLE).await;
        let article_smaller = browser.font_size(MAIN_TEXT).await;
        assert!(article_smaller < default, "on {ARTICLE} after Giảm cỡ chữ: {article_smaller}px, default {default}px");
    })
    .await;
}

/// The colours that high contrast mode changes: the page background and the body text.
#[derive(Debug, PartialEq)]
struct Colours {
    background: String,
    text: String,
}

async fn colours(browser: &Browser) -> Colours {
    Colours {
        background: browser.computed("body", "background-color").await,
        text: browser.computed(MAIN_TEXT, "color").await,
    }
}

async fn contrast_pressed(browser: &Browser) -> Option<String> {
    browser.button("Tương phản cao").await.attr("aria-pressed").await.expect("read aria-pressed")
}

#[tokio::test]
async fn high_contrast_toggles_and_persists() {
    with_browser(Scripting::Enabled, |browser| async move {
        browser.open(ARTICLE).await;
        let normal = colours(&browser).await;
        assert_eq!(contrast_pressed(&browser).await.as_deref(), Some("false"), "aria-pressed before");

        browser.press("Tương phản cao").await;
        let high = colours(&browser).await;
        assert_ne!(high.background, normal.background, "background changes");
        assert_ne!(high.text, normal.text, "text colour changes");
        assert_eq!(contrast_pressed(&browser).await.as_deref(), Some("true"), "aria-pressed when on");

        browser.reload().await;
        assert_eq!(colours(&browser).await, high, "colours after a reload");
        assert_eq!(contrast_pressed(&browser).await.as_deref(), Some("true"), "aria-pressed after a reload");

        browser.press("Tương phản cao").await;
        assert_eq!(colours(&browser).await, normal, "colours when toggled off");
        assert_eq!(contrast_pressed(&browser).await.as_deref(), Some("false"), "aria-pressed when toggled off");
    })
    .await;
}

#[tokio::test]
async fn read_aloud_speaks_vietnamese() {
    with_browser(Scripting::Enabled, |browser| async move {
        browser.run_before_page_scripts(SPEECH_STUB).await;
        browser.open(ARTICLE).await;
        let stubbed = browser.script("return Array.isArray(window.__spoken);", Vec::new()).await;
        assert_eq!(stubbed, Json::Bool(true), "the speech stub is installed");

        browser.press("Đọc bài").await;
        let spoken = browser.wait_until("an utterance", "window.__spoken.length > 0 && window.__spoken").await;
        let utterances = spoken.as_array().expect("a list of utterances");
        for utterance in utterances {
            assert_eq!(utterance["lang"], json!("vi-VN"), "lang of {utterance}");
        }
        let first = utterances[0]["text"].as_str().expect("utterance text");
        assert!(first.contains(ARTICLE_TITLE), "the reading starts with the title: {first:?}");

        let status = browser
            .wait_until("a status message", "document.querySelector('.toolbar-status').textContent.trim()")
            .await;
        let status = status.as_str().expect("status text");
        assert!(status.contains("không có giọng đọc tiếng Việt"), "status without a Vietnamese voice: {status:?}");
    })
    .await;
}

#[tokio::test]
async fn print_hides_controls_keeps_title() {
    with_browser(Scripting::Enabled, |browser| async move {
        browser.open(ARTICLE).await;
        for css in [".toolbar", ".main-nav", ".article-tools"] {
            assert_ne!(browser.computed(css, "display").await, "none", "{css} on screen");
        }

        browser.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" })).await;
        let print = browser.script("return window.matchMedia('print').matches;", Vec::new()).await;
        assert_eq!(print, Json::Bool(true), "print media is emulated");

        for css in [".toolbar", ".main-nav", ".article-tools"] {
            assert_eq!(browser.computed(css, "display").await, "none", "{css} in print");
        }
        assert_ne!(browser.computed("main h1", "display").await, "none", "title display in print");
        assert_eq!(browser.computed("main h1", "visibility").await, "visible", "title visibility in print");
        assert!(browser.is_displayed("main h1").await, "title is displayed in print");
        assert_eq!(browser.text("main h1").await, ARTICLE_TITLE, "title text");
    })
    .await;
}
