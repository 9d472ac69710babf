//! The facts the self-check reads from one built HTML page: language, charset, Dublin Core,
//! links, the accessible names of buttons and links, forms, search boxes and visible text.
//!
//! Two readers give the same facts. The light reader ([`tokenizer`], [`tree`], [`light`])
//! tokenizes the page and nests its elements as written. It accepts only documents whose
//! HTML5 tree is exactly that nesting: `<html>`, `<head>` and `<body>` written out, every
//! element closed by its own end tag, and nothing that makes an HTML parser recover from an
//! error (stray or misnested tags, content out of place in tables, foreign content,
//! templates). trangtin's templates produce such pages. Every other document goes to the full
//! reader ([`dom`]), which builds html5ever's tree with scraper and matches CSS selectors on
//! it. The unit tests of [`light`] run both readers on tricky HTML and compare the facts.
//!
//! The visible text is read only when a rule asks for it (a few pages such as the contact
//! page), so that checking a site does not keep the text of every page in memory.

mod dom;
mod light;
mod tokenizer;
mod tree;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashSet;

use crate::check::encoding::LegacyEncoding;

/// Accessible name of the reading-tools toolbar every page carries.
pub const TOOLBAR_LABEL: &str = "Công cụ hỗ trợ đọc";

/// Facts about one HTML file.
#[derive(Debug, Clone, Default)]
pub struct HtmlFacts {
    /// The file is valid UTF-8; when it is not, no other fact was read.
    pub valid_utf8: bool,
    /// The text is in Unicode normalization form C.
    pub is_nfc: bool,
    /// `lang` of `<html>`.
    pub lang: Option<String>,
    /// A `<meta charset="utf-8">` (or the `http-equiv` form) is present.
    pub declares_utf8: bool,
    /// Dublin Core elements: `DC.title` and so on, to their first non-empty `content`.
    pub dublin_core: BTreeMap<String, String>,
    /// Every `href` of an `<a>`, in document order. Shared with the other pages read by the
    /// same [`SharedStrings`], since most are the links of the header and footer.
    pub links: Vec<Arc<str>>,
    /// Accessible names of the buttons inside the reading-tools toolbar; `None` when the page
    /// has no toolbar labelled [`TOOLBAR_LABEL`].
    pub toolbar_buttons: Option<Vec<String>>,
    /// Accessible names of every button on the page.
    pub buttons: Vec<String>,
    /// Accessible names of every link (`<a href>`) on the page, shared like [`HtmlFacts::links`].
    pub link_names: Vec<Arc<str>>,
    /// `<main id="noi-dung">` contains an `<article>`.
    pub article_in_main: bool,
    /// Links inside lists of `<main>`, for the HTML site map.
    pub main_list_links: Vec<String>,
    /// A list of `<main>` nests another list.
    pub main_lists_nested: bool,
    /// Accessible names of `<input type="search">` boxes (empty string when unlabelled).
    pub search_boxes: Vec<String>,
    /// Number of `<form>` elements.
    pub forms: usize,
    /// The legacy Vietnamese encoding the text resembles, if any.
    pub legacy_encoding: Option<LegacyEncoding>,
    /// Visible text, once read; see [`HtmlFacts::text`].
    text: OnceLock<String>,
    /// Source that [`HtmlFacts::text`] reads the page from again.
    origin: Origin,
}

/// Location of a page's source, for reading it again.
#[derive(Debug, Clone, Default)]
enum Origin {
    /// Nowhere: the page is not valid UTF-8, and its text is empty.
    #[default]
    None,
    /// A file of the output folder.
    File(PathBuf),
    /// A source held in memory.
    Source(Arc<str>),
}

/// Strings kept once for the facts of many pages. A site's pages share most of their links
/// and link names (header, menu, footer), so keeping each once saves about 50 MB on a site
/// of 16,000 pages.
#[derive(Debug, Default)]
pub struct SharedStrings(FxHashSet<Arc<str>>);

impl SharedStrings {
    /// Returns the kept string equal to `text`, keeping `text` first when there is none.
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(kept) = self.0.get(text) {
            return Arc::clone(kept);
        }
        let kept: Arc<str> = Arc::from(text);
        self.0.insert(Arc::clone(&kept));
        kept
    }
}

impl HtmlFacts {
    /// Reads the facts of one page's source.
    pub fn from_html(source: &str) -> HtmlFacts {
        read(source, Origin::Source(Arc::from(source)), &mut SharedStrings::default())
    }

    /// Reads the facts of the file at `path`, whose content is `bytes`, sharing strings with
    /// the other pages read with `strings`.
    pub fn from_file(path: PathBuf, bytes: &[u8], strings: &mut SharedStrings) -> HtmlFacts {
        match crate::text::from_utf8(bytes) {
            Ok(source) => read(source, Origin::File(path), strings),
            Err(_) => HtmlFacts { valid_utf8: false, ..HtmlFacts::default() },
        }
    }

    /// Visible text of the page, without scripts and styles, whitespace collapsed; empty when
    /// the file is not valid UTF-8.
    ///
    /// The text is read from the page's source on the first call, and kept.
    /// NOTE: for a page read from a file, the file is read again. If it changed after
    /// [`HtmlFacts::from_file`], the text is the new file's, or empty when it is gone.
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| match &self.origin {
            Origin::None => String::new(),
            Origin::Source(source) => visible_text(source),
            Origin::File(path) => match std::fs::read(path) {
                Ok(bytes) => crate::text::from_utf8(&bytes).map(visible_text).unwrap_or_default(),
                Err(error) => {
                    tracing::warn!(path = %path.display(), %error, "không đọc lại được trang để lấy chữ hiển thị");
                    String::new()
                }
            },
        })
    }
}

/// Reads the facts of a source with the light reader when the page allows it, else with the
/// full reader.
fn read(source: &str, origin: Origin, strings: &mut SharedStrings) -> HtmlFacts {
    let mut facts = match tree::Tree::build(source) {
        Some(tree) => light::facts(&tree, source, strings),
        None => {
            if let Origin::File(path) = &origin {
                tracing::debug!(path = %path.display(), "trang được đọc bằng bộ phân tích HTML đầy đủ");
            }
            dom::facts(source, strings)
        }
    };
    facts.origin = origin;
    facts
}

/// Visible text of a source; see [`HtmlFacts::text`].
fn visible_text(source: &str) -> String {
    match tree::Tree::build(source) {
        Some(tree) => light::visible_text(&tree),
        None => dom::visible_text(source),
    }
}

/// Replaces each run of whitespace in `text` with one space and trims both ends.
fn collapse(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// `type` values of `<input>` that make it a button.
const BUTTON_INPUT_TYPES: [&str; 3] = ["button", "submit", "reset"];
