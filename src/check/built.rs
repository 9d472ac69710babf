//! The built output as read by the self-check: which files exist, and for each HTML page the
//! facts the rules need (language, charset, Dublin Core, links, toolbar buttons, ...).
//!
//! Each page is parsed once, in parallel, into [`HtmlFacts`]; rules never parse HTML
//! themselves. A page's URL maps to `<url>index.html` under the output folder, except
//! addresses that name a file (`/404.html`, `/sitemap.xml`).

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use scraper::{ElementRef, Html, Selector};

use crate::check::encoding::{self, LegacyEncoding};

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
    /// Every `href` of an `<a>`, in document order.
    pub links: Vec<String>,
    /// Accessible names of the buttons inside the reading-tools toolbar; `None` when the page
    /// has no toolbar labelled [`TOOLBAR_LABEL`].
    pub toolbar_buttons: Option<Vec<String>>,
    /// Accessible names of every button on the page.
    pub buttons: Vec<String>,
    /// Accessible names of every link (`<a href>`) on the page.
    pub link_names: Vec<String>,
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
    /// Visible text of the page, without scripts and styles, whitespace collapsed.
    pub text: String,
    /// The legacy Vietnamese encoding the text resembles, if any.
    pub legacy_encoding: Option<LegacyEncoding>,
}

impl HtmlFacts {
    /// Reads the facts of one page's source.
    pub fn from_html(source: &str) -> HtmlFacts {
        let document = Html::parse_document(source);
        let text = visible_text(&document);
        let legacy_encoding = encoding::detect_legacy(&text);

        HtmlFacts {
            valid_utf8: true,
            is_nfc: unicode_normalization::is_nfc(source),
            lang: document.root_element().value().attr("lang").map(str::to_owned),
            declares_utf8: declares_utf8(&document),
            dublin_core: dublin_core(&document),
            links: select(&document, "a[href]").filter_map(|a| a.value().attr("href")).map(str::to_owned).collect(),
            toolbar_buttons: toolbar_buttons(&document),
            buttons: select(&document, BUTTONS).map(|button| accessible_name(&document, button)).collect(),
            link_names: select(&document, "a[href]").map(|link| accessible_name(&document, link)).collect(),
            article_in_main: select(&document, "main#noi-dung article").next().is_some(),
            main_list_links: select(&document, "main ul a[href], main ol a[href]")
                .filter_map(|a| a.value().attr("href"))
                .map(str::to_owned)
                .collect(),
            main_lists_nested: select(&document, "main li ul, main li ol").next().is_some(),
            search_boxes: select(&document, "input[type=search]")
                .map(|input| accessible_name(&document, input))
                .collect(),
            forms: select(&document, "form").count(),
            text,
            legacy_encoding,
        }
    }

    /// Facts of a file that is not valid UTF-8.
    fn invalid_utf8() -> HtmlFacts {
        HtmlFacts { valid_utf8: false, ..HtmlFacts::default() }
    }
}

const BUTTONS: &str = "button, [role=button], input[type=button], input[type=submit], input[type=reset]";

/// The output folder: its files and the facts of its HTML pages.
#[derive(Debug, Clone, Default)]
pub struct BuiltSite {
    /// Name of the output folder in findings, relative to the site root (`public`).
    pub label: String,
    /// Every file, relative to the output folder with `/` separators.
    files: BTreeSet<String>,
    /// Facts of every `.html` file, by the same relative path.
    pages: BTreeMap<String, HtmlFacts>,
}

impl BuiltSite {
    /// Reads every file under `dir`; `root` is the site root, used to name the folder.
    pub fn read(root: &Path, dir: &Path) -> io::Result<BuiltSite> {
        let mut files = BTreeSet::new();
        let mut html_files: Vec<(String, PathBuf)> = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(io::Error::other)?;
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = crate::diag::display_path(dir, entry.path());
            if relative.ends_with(".html") {
                html_files.push((relative.clone(), entry.path().to_path_buf()));
            }
            files.insert(relative);
        }

        let pages: io::Result<BTreeMap<String, HtmlFacts>> = html_files
            .par_iter()
            .map(|(relative, path)| {
                let bytes = std::fs::read(path)?;
                let facts = match std::str::from_utf8(&bytes) {
                    Ok(source) => HtmlFacts::from_html(source),
                    Err(_) => HtmlFacts::invalid_utf8(),
                };
                Ok((relative.clone(), facts))
            })
            .collect();

        tracing::debug!(files = files.len(), "read the built output");
        Ok(BuiltSite { label: crate::diag::display_path(root, dir), files, pages: pages? })
    }

    /// A built site held in memory: `(relative path, content)` pairs, the HTML ones parsed.
    pub fn from_files<'a>(label: &str, files: impl IntoIterator<Item = (&'a str, &'a str)>) -> BuiltSite {
        let mut built = BuiltSite { label: label.to_owned(), ..BuiltSite::default() };
        for (path, content) in files {
            built.files.insert(path.to_owned());
            if path.ends_with(".html") {
                built.pages.insert(path.to_owned(), HtmlFacts::from_html(content));
            }
        }
        built
    }

    /// Whether the output folder contains any file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether a site path (`/tin-tuc/x/`, `/404.html`, `/van-ban/qd.pdf`) has a file.
    pub fn has_url(&self, url: &str) -> bool {
        self.file_of(url).is_some()
    }

    /// The file a site path is served from, relative to the output folder.
    pub fn file_of(&self, url: &str) -> Option<String> {
        let candidate = file_for_url(url);
        if self.files.contains(&candidate) {
            return Some(candidate);
        }
        let bare = url.trim_start_matches('/');
        let as_folder = format!("{bare}/index.html");
        (!bare.is_empty() && !bare.ends_with('/') && self.files.contains(&as_folder)).then_some(as_folder)
    }

    /// Facts of the page at a site path.
    pub fn page(&self, url: &str) -> Option<&HtmlFacts> {
        self.file_of(url).and_then(|file| self.pages.get(&file))
    }

    /// Every HTML page: relative path and facts, in path order.
    pub fn html_pages(&self) -> impl Iterator<Item = (&String, &HtmlFacts)> {
        self.pages.iter()
    }

    /// The site path a built HTML file is served at (`tin-tuc/x/index.html` → `/tin-tuc/x/`).
    pub fn url_of_file(relative: &str) -> String {
        match relative.strip_suffix("index.html") {
            Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
            _ => format!("/{relative}"),
        }
    }

    /// A file of the output as findings name it, relative to the site root.
    pub fn display(&self, relative: &str) -> String {
        if self.label.is_empty() { relative.to_owned() } else { format!("{}/{relative}", self.label) }
    }

    /// The built file of a site path as findings name it.
    pub fn display_url(&self, url: &str) -> String {
        self.display(&file_for_url(url))
    }
}

/// Target of a link, once resolved against the page it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A path of this site, without query or fragment (`/gioi-thieu/`).
    Internal(String),
    /// Another site.
    External(String),
    /// `mailto:`, `tel:`, `javascript:` and fragment-only links.
    Other,
}

/// Resolves `href` found on the page at `page_url`; `base_url` is the site's public address,
/// whose absolute links count as internal.
pub fn resolve_link(page_url: &str, href: &str, base_url: &str) -> LinkTarget {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return LinkTarget::Other;
    }

    let base = base_url.trim_end_matches('/');
    let href = match href.strip_prefix(base) {
        Some(rest) if !base.is_empty() && (rest.is_empty() || rest.starts_with('/')) => {
            if rest.is_empty() {
                "/"
            } else {
                rest
            }
        }
        _ => href,
    };

    if href.starts_with("//") || href.contains("://") {
        return LinkTarget::External(href.to_owned());
    }
    if let Some((scheme, _)) = href.split_once(':')
        && !scheme.contains('/')
    {
        return LinkTarget::Other;
    }

    let path = href.split(['#', '?']).next().unwrap_or("");
    let absolute = if path.starts_with('/') {
        path.to_owned()
    } else {
        let folder = match page_url.rfind('/') {
            Some(index) => &page_url[..=index],
            None => "/",
        };
        format!("{folder}{path}")
    };
    LinkTarget::Internal(normalize_path(&absolute))
}

/// Removes `.` and `..` segments and a final `index.html`.
fn normalize_path(path: &str) -> String {
    let trailing_slash = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    if segments.last() == Some(&"index.html") {
        segments.pop();
        return if segments.is_empty() { "/".to_owned() } else { format!("/{}/", segments.join("/")) };
    }
    let mut normalized = format!("/{}", segments.join("/"));
    if trailing_slash && normalized != "/" {
        normalized.push('/');
    }
    normalized
}

/// The file, relative to the output folder, that serves a site path.
pub fn file_for_url(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_owned() }
}

fn select<'a>(document: &'a Html, selector: &str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    // Every caller passes a selector constant of this module, and the unit tests run each
    // of them, so parsing cannot fail at run time.
    let selector = Selector::parse(selector).expect("valid CSS selector");
    document.select(&selector).collect::<Vec<_>>().into_iter()
}

fn declares_utf8(document: &Html) -> bool {
    let charset = select(document, "meta[charset]")
        .filter_map(|meta| meta.value().attr("charset"))
        .any(|charset| charset.trim().eq_ignore_ascii_case("utf-8"));
    let http_equiv = select(document, "meta[http-equiv][content]").any(|meta| {
        let equiv = meta.value().attr("http-equiv").unwrap_or("");
        let content = meta.value().attr("content").unwrap_or("").to_ascii_lowercase();
        equiv.eq_ignore_ascii_case("content-type") && content.replace(' ', "").contains("charset=utf-8")
    });
    charset || http_equiv
}

fn dublin_core(document: &Html) -> BTreeMap<String, String> {
    let mut elements = BTreeMap::new();
    for meta in select(document, "meta[name][content]") {
        let name = meta.value().attr("name").unwrap_or("");
        let content = meta.value().attr("content").unwrap_or("").trim();
        if name.starts_with("DC.") && !content.is_empty() {
            elements.entry(name.to_owned()).or_insert_with(|| content.to_owned());
        }
    }
    elements
}

fn toolbar_buttons(document: &Html) -> Option<Vec<String>> {
    let toolbar = select(document, "[role=toolbar]")
        .find(|toolbar| toolbar.value().attr("aria-label").map(str::trim) == Some(TOOLBAR_LABEL))?;
    let selector = Selector::parse(BUTTONS).expect("valid CSS selector");
    Some(toolbar.select(&selector).map(|button| accessible_name(document, button)).collect())
}

/// The accessible name of a control: `aria-label`, else the text of the elements named by
/// `aria-labelledby`, else a `<label>` for it, else its own text, `value` or `title`.
fn accessible_name(document: &Html, element: ElementRef) -> String {
    let value = element.value();
    if let Some(label) = value.attr("aria-label").map(collapse).filter(|label| !label.is_empty()) {
        return label;
    }
    if let Some(ids) = value.attr("aria-labelledby") {
        let names: Vec<String> = ids
            .split_whitespace()
            .filter_map(|id| select(document, "[id]").find(|candidate| candidate.value().attr("id") == Some(id)))
            .map(|labelling| collapse(&text_for_name(labelling)))
            .collect();
        let name = names.join(" ");
        if !name.trim().is_empty() {
            return name;
        }
    }
    if let Some(id) = value.attr("id") {
        let label = select(document, "label[for]").find(|label| label.value().attr("for") == Some(id));
        if let Some(label) = label {
            return collapse(&text_for_name(label));
        }
    }
    if let Some(label) =
        element.ancestors().filter_map(ElementRef::wrap).find(|ancestor| ancestor.value().name() == "label")
    {
        return collapse(&text_for_name(label));
    }
    let text = collapse(&text_for_name(element));
    if !text.is_empty() {
        return text;
    }
    value.attr("value").or(value.attr("title")).map(collapse).unwrap_or_default()
}

/// Text of an element as it counts for an accessible name: subtrees marked
/// `aria-hidden="true"` (icons such as "A+") are left out.
fn text_for_name(element: ElementRef) -> String {
    let mut text = String::new();
    for child in element.children() {
        if let Some(fragment) = child.value().as_text() {
            text.push_str(fragment);
        } else if let Some(child) = ElementRef::wrap(child)
            && child.value().attr("aria-hidden") != Some("true")
        {
            text.push_str(&text_for_name(child));
            text.push(' ');
        }
    }
    text
}

/// Text of the document outside `<script>`, `<style>` and `<template>`, including `<title>`.
fn visible_text(document: &Html) -> String {
    let mut text = String::new();
    for node in document.tree.nodes() {
        let Some(fragment) = node.value().as_text() else { continue };
        let hidden = node
            .ancestors()
            .filter_map(|ancestor| ancestor.value().as_element())
            .any(|element| matches!(element.name(), "script" | "style" | "template" | "noscript"));
        if !hidden {
            text.push_str(fragment);
            text.push(' ');
        }
    }
    collapse(&text)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="vi"><head><meta charset="UTF-8"><title>Tin</title>
<meta name="DC.title" content="Lễ hội"><meta name="DC.creator" content=" ">
</head><body><nav aria-label="Liên kết chính"><a href="/">Trang chủ</a><a href="https://bdt.binhphuoc.gov.vn/lien-he/">Liên hệ</a></nav>
<div role="toolbar" aria-label="Công cụ hỗ trợ đọc"><button aria-label="Tăng cỡ chữ">A+</button><button><span aria-hidden="true">🔊</span> Đọc bài</button></div>
<main id="noi-dung"><article><p>Nội dung</p><button type="button">In</button></article>
<ul><li><a href="../a/">A</a><ul><li><a href="b.html#x">B</a></li></ul></li></ul>
<label for="q">Tìm kiếm</label><input type="search" id="q"></main><script>var x = "Ö";</script></body></html>"#;

    #[test]
    fn facts_are_read_from_html() {
        let facts = HtmlFacts::from_html(PAGE);
        assert_eq!(facts.lang.as_deref(), Some("vi"));
        assert!(facts.declares_utf8);
        assert_eq!(facts.dublin_core.get("DC.title").map(String::as_str), Some("Lễ hội"));
        assert!(!facts.dublin_core.contains_key("DC.creator"));
        assert_eq!(facts.toolbar_buttons, Some(vec!["Tăng cỡ chữ".to_owned(), "Đọc bài".to_owned()]));
        assert!(facts.buttons.contains(&"In".to_owned()));
        assert!(facts.article_in_main);
        assert_eq!(facts.main_list_links, vec!["../a/", "b.html#x"]);
        assert!(facts.main_lists_nested);
        assert_eq!(facts.search_boxes, vec!["Tìm kiếm"]);
        assert!(!facts.text.contains("var x"));
        assert_eq!(facts.legacy_encoding, None);
    }

    #[test]
    fn links_resolve_against_the_page() {
        let base = "https://bdt.binhphuoc.gov.vn";
        assert_eq!(resolve_link("/tin-tuc/x/", "../a/", base), LinkTarget::Internal("/tin-tuc/a/".into()));
        assert_eq!(
            resolve_link("/", "https://bdt.binhphuoc.gov.vn/lien-he/", base),
            LinkTarget::Internal("/lien-he/".into())
        );
        assert_eq!(resolve_link("/", "https://bdt.binhphuoc.gov.vn", base), LinkTarget::Internal("/".into()));
        assert_eq!(resolve_link("/", "/gioi-thieu/index.html", base), LinkTarget::Internal("/gioi-thieu/".into()));
        assert_eq!(resolve_link("/", "/sitemap.xml?x=1", base), LinkTarget::Internal("/sitemap.xml".into()));
        assert_eq!(
            resolve_link("/", "https://dongnai.gov.vn/", base),
            LinkTarget::External("https://dongnai.gov.vn/".into())
        );
        assert_eq!(resolve_link("/", "mailto:bdt@binhphuoc.gov.vn", base), LinkTarget::Other);
        assert_eq!(resolve_link("/", "#noi-dung", base), LinkTarget::Other);
    }

    #[test]
    fn urls_map_to_files() {
        assert_eq!(file_for_url("/"), "index.html");
        assert_eq!(file_for_url("/tin-tuc/le-hoi/"), "tin-tuc/le-hoi/index.html");
        assert_eq!(file_for_url("/404.html"), "404.html");
        assert_eq!(BuiltSite::url_of_file("index.html"), "/");
        assert_eq!(BuiltSite::url_of_file("tin-tuc/index.html"), "/tin-tuc/");
        assert_eq!(BuiltSite::url_of_file("404.html"), "/404.html");
        let built = BuiltSite::from_files("public", [("gioi-thieu/index.html", "<html></html>"), ("rss.xml", "")]);
        assert!(built.has_url("/gioi-thieu/"));
        assert!(built.has_url("/gioi-thieu"));
        assert!(built.has_url("/rss.xml"));
        assert!(!built.has_url("/lien-he/"));
        assert_eq!(built.display_url("/lien-he/"), "public/lien-he/index.html");
    }
}
