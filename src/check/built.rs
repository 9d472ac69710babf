//! The built output as read by the self-check: which files exist, and the facts of each HTML
//! page (see [`crate::check::facts`]).
//!
//! Each page is read once, in parallel, into [`HtmlFacts`]; rules never parse HTML
//! themselves. A page's URL maps to `<url>index.html` under the output folder, except
//! addresses that name a file (`/404.html`, `/sitemap.xml`).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

pub use crate::check::facts::{HtmlFacts, SharedStrings, TOOLBAR_LABEL};

/// The output folder: its files and the facts of its HTML pages.
#[derive(Debug, Clone, Default)]
pub struct BuiltSite {
    /// Name of the output folder in findings, relative to the site root (`public`).
    pub label: String,
    /// Every file, relative to the output folder with `/` separators. A hash set, because
    /// rules look up the file of each of thousands of pages and need no order.
    files: FxHashSet<String>,
    /// Facts of every `.html` file, by the same relative path.
    pages: BTreeMap<String, HtmlFacts>,
}

impl BuiltSite {
    /// Reads every file under `dir`; `root` is the site root, used to name the folder.
    pub fn read(root: &Path, dir: &Path) -> io::Result<BuiltSite> {
        let mut files = FxHashSet::default();
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

        // Each worker reads its files through one buffer that it keeps, instead of a new
        // buffer per file: on a large site that saves 16,000 allocations of up to a few
        // hundred kilobytes.
        let pages: io::Result<BTreeMap<String, HtmlFacts>> = html_files
            .par_iter()
            .map_init(
                || (Vec::new(), SharedStrings::default()),
                |(buffer, strings), (relative, path)| {
                    let bytes = crate::text::read_file_into(path, buffer)?;
                    Ok((relative.clone(), HtmlFacts::from_file(path.clone(), bytes, strings)))
                },
            )
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
    match plain_site_path(href, base_url) {
        Some(path) => LinkTarget::Internal(path.to_owned()),
        None => resolve_written_link(page_url, href, base_url),
    }
}

/// Returns `href` without surrounding spaces when it is a site path that [`resolve_link`]
/// returns as it is from any page: `/`, then segments other than `.`, `..` and
/// `index.html`, without query, fragment or colon. Most links of built pages are such paths
/// (`/gioi-thieu/`), and checking them this way allocates nothing.
pub fn plain_site_path<'a>(href: &'a str, base_url: &str) -> Option<&'a str> {
    // Links rarely have spaces around them, and `str::trim` looks for Unicode spaces.
    let bytes = href.as_bytes();
    let href = match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => href,
        _ => href.trim(),
    };
    if !href.starts_with('/') {
        return None;
    }

    // One pass over the bytes, because the rules call this for every link of every page: a
    // segment ends at each `/` and at the end.
    let bytes = href.as_bytes();
    let mut segment_start = 1;
    for index in 1..=bytes.len() {
        let byte = bytes.get(index).copied().unwrap_or(b'/');
        if matches!(byte, b'?' | b'#' | b':') {
            return None;
        }
        if byte == b'/' {
            let segment = &bytes[segment_start..index];
            let doubled_slash = segment.is_empty() && index < bytes.len();
            if doubled_slash || matches!(segment, b"." | b".." | b"index.html") {
                return None;
            }
            segment_start = index + 1;
        }
    }

    // `resolve_link` removes the site's address from a link that starts with it, which a
    // path can do only when the address starts with `/` too.
    if base_url.starts_with('/') {
        let base = base_url.trim_end_matches('/');
        if !base.is_empty() && href.starts_with(base) {
            return None;
        }
    }
    Some(href)
}

/// [`resolve_link`] for any link.
fn resolve_written_link(page_url: &str, href: &str, base_url: &str) -> LinkTarget {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn plain_paths_resolve_to_themselves() {
        let base = "https://bdt.binhphuoc.gov.vn";
        let hrefs = [
            "/",
            "/gioi-thieu/",
            " /lien-he/ ",
            "/tin-tuc/x",
            "/a/./b/",
            "/a/../b/",
            "/a/..",
            "/a/.",
            "/..",
            "/a//b/",
            "//cdn.vn/x",
            "/a/index.html",
            "/index.html",
            "/a/index.htm",
            "/a/index.html/",
            "/index.html/a/",
            "/a//",
            "///",
            "/a/b//c",
            "/a?b=1",
            "/a#b",
            "/a://b",
            "/a:b/",
            "/tìm-kiếm/",
            "/ a /",
            "a/b/",
            "../a/",
            "#x",
            "",
            "https://bdt.binhphuoc.gov.vn/a/",
        ];
        for page in ["/", "/tin-tuc/x/", "/404.html"] {
            for href in hrefs {
                for base in [base, "", "/a", "https://bdt.binhphuoc.gov.vn/"] {
                    let written = resolve_written_link(page, href, base);
                    if let Some(path) = plain_site_path(href, base) {
                        assert_eq!(written, LinkTarget::Internal(path.to_owned()), "{href:?} on {page} of {base}");
                    }
                    assert_eq!(resolve_link(page, href, base), written, "{href:?} on {page} of {base}");
                }
            }
        }
        assert_eq!(plain_site_path(" /lien-he/ ", base), Some("/lien-he/"));
        assert_eq!(plain_site_path("/a/../b/", base), None);
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
