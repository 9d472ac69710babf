//! Markdown bodies to HTML with pulldown-cmark: tables, footnotes, strikethrough, heading ids
//! (given as `{#id}` or derived from the heading text), and code highlighted by syntect.
//!
//! Syntect's syntax and theme sets take tens of milliseconds to load, so they are loaded once,
//! on the first page that has a fenced code block with a language. While rendering, links,
//! element ids and executable markup are collected for the checks that follow: link and
//! image addresses from the parser's events, raw HTML with an HTML parser (see `raw_html`).

mod raw_html;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use syntect::highlighting::{Theme, ThemeSet};
use syntect::parsing::SyntaxSet;

use crate::content::BodyLink;
use crate::slug::slugify;

use raw_html::{RawChunks, attribute_finding, is_javascript_url, read_published};

/// Code longer than this many bytes is shown without highlighting.
const MAX_HIGHLIGHT_BYTES: usize = 64 * 1024;
/// Code with a line longer than this many characters is shown without highlighting, because
/// syntect's regular expressions can take quadratic time on such lines.
const MAX_HIGHLIGHT_LINE: usize = 2_000;

#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions {
    /// Keep `<script>`, event handlers and `javascript:` addresses without reporting them.
    pub allow_scripts: bool,
}

/// `ScriptUse::what` of a `javascript:` address.
const JAVASCRIPT_ADDRESS: &str = "địa chỉ javascript:";

/// Executable markup found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptUse {
    pub line: usize,
    /// The kind of markup found: `thẻ <script>`, `thuộc tính onerror=` or `địa chỉ javascript:`.
    pub what: String,
}

impl ScriptUse {
    /// Returns what the author can do about this kind of markup.
    pub fn hint(&self) -> &'static str {
        if self.what == JAVASCRIPT_ADDRESS {
            "thay địa chỉ javascript: bằng địa chỉ một trang hoặc tệp, hoặc bỏ liên kết; nếu cơ quan thật sự cần, đặt `cho_phep_script: true` trong site.yaml"
        } else {
            "xóa thẻ <script> hoặc thuộc tính on…= khỏi bài; nếu cơ quan thật sự cần, đặt `cho_phep_script: true` trong site.yaml"
        }
    }
}

/// A rendered body and what was collected from it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub plain_text: String,
    pub links: Vec<BodyLink>,
    pub anchors: Vec<String>,
    pub scripts: Vec<ScriptUse>,
}

/// A heading being read: where its start event is, its attributes, and its text so far,
/// from which its id is derived when it has none.
struct OpenHeading<'a> {
    start: usize,
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    text: String,
}

/// Offsets of line starts, to turn byte offsets into file lines.
struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    fn new(text: &str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        LineIndex { starts, first_line }
    }

    fn line(&self, offset: usize) -> usize {
        let index = self.starts.partition_point(|&start| start <= offset);
        self.first_line + index.saturating_sub(1)
    }
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Turns a relative link written in a file of the folder published at `base_dir` (`/tin-tuc/`)
/// into a site path, mapped the way the build maps files: `.md` files to their page, other
/// files to their slugified name. Links with a scheme, `//`, `/` or `#` are left alone.
pub fn absolutize(base_dir: &str, target: &str) -> Option<String> {
    let lower = target.to_ascii_lowercase();
    let has_scheme = lower.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if target.is_empty() || has_scheme || target.starts_with('/') || target.starts_with('#') || target.starts_with('?')
    {
        return None;
    }
    let split_at = target.find(['?', '#']).unwrap_or(target.len());
    let (path, suffix) = target.split_at(split_at);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned();

    let mut parts: Vec<String> = base_dir.split('/').filter(|part| !part.is_empty()).map(str::to_owned).collect();
    let segments: Vec<&str> = decoded.split('/').collect();
    for (index, segment) in segments.iter().enumerate() {
        let is_last = index + 1 == segments.len();
        match *segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            name if is_last => {
                let (stem, extension) = match name.rsplit_once('.') {
                    Some((stem, extension)) if !stem.is_empty() => (stem, Some(extension.to_lowercase())),
                    _ => (name, None),
                };
                match extension.as_deref() {
                    Some("md") if stem == "_index" => {}
                    Some("md") => parts.push(slugify(stem)),
                    Some(extension) => parts.push(format!("{}.{extension}", slugify(stem))),
                    None => parts.push(slugify(stem)),
                }
            }
            name => parts.push(slugify(name)),
        }
    }
    let is_file = segments.last().is_some_and(|last| last.contains('.') && !last.to_ascii_lowercase().ends_with(".md"));
    let mut resolved = format!("/{}", parts.join("/"));
    if !is_file && resolved != "/" {
        resolved.push('/');
    }
    Some(format!("{resolved}{suffix}"))
}

/// Renders `body`, whose first line is line `first_line` of its file. Relative links are
/// rewritten to site paths from `base_dir`, the site path of the file's folder.
pub fn render(body: &str, first_line: usize, base_dir: &str, options: MarkdownOptions) -> Rendered {
    let lines = LineIndex::new(body, first_line);
    let mut rendered = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();

    let mut heading: Option<OpenHeading> = None;
    let mut code: Option<(String, String)> = None;
    let mut raw_html = RawChunks::default();
    let mut in_html_block = false;

    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        if let Some(open) = heading.as_mut() {
            if let Event::Text(t) | Event::Code(t) = &event {
                open.text.push_str(t);
            }
        }
        if let Some((_, code_text)) = code.as_mut() {
            match event {
                Event::Text(text) => {
                    code_text.push_str(&text);
                    continue;
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (language, code_text) = code.take().unwrap_or_default();
                    rendered.plain_text.push_str(&code_text);
                    rendered.plain_text.push('\n');
                    events.push(Event::Html(highlight(&language, &code_text).into()));
                    continue;
                }
                _ => continue,
            }
        }

        match &event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                // `{key=value}` after a heading becomes an attribute of the element.
                for (name, value) in attrs {
                    if let Some(what) = attribute_finding(name, value.as_deref().unwrap_or("")) {
                        rendered.scripts.push(ScriptUse { line: lines.line(range.start), what });
                    }
                }
                heading = Some(OpenHeading {
                    start: events.len(),
                    level: *level,
                    id: id.clone(),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                    text: String::new(),
                });
                events.push(event);
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(OpenHeading { start, level, id, classes, attrs, text }) = heading.take() {
                    let base = match id {
                        Some(id) => id.to_string(),
                        None => {
                            let slug = slugify(&text);
                            if slug.is_empty() { "muc".to_owned() } else { slug }
                        }
                    };
                    // Each base remembers its next suffix, so that n equal headings take n
                    // steps, not n² / 2.
                    let mut unique = base.clone();
                    let counter = next_suffix.entry(base.clone()).or_insert(1);
                    while !used_ids.insert(unique.clone()) {
                        unique = format!("{base}-{counter}");
                        *counter += 1;
                    }
                    rendered.anchors.push(unique.clone());
                    events[start] = Event::Start(Tag::Heading { level, id: Some(unique.into()), classes, attrs });
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((language, String::new()));
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                let line = lines.line(range.start);
                // A `javascript:` address is executable content rather than a link, so it is
                // neither rewritten nor link-checked.
                if is_javascript_url(dest_url) {
                    rendered.scripts.push(ScriptUse { line, what: JAVASCRIPT_ADDRESS.to_owned() });
                } else {
                    let site_path = absolutize(base_dir, dest_url);
                    rendered.links.push(BodyLink { target: dest_url.to_string(), site_path: site_path.clone(), line });
                    if let Some(path) = site_path {
                        events.push(Event::Start(with_destination(&event, path)));
                        continue;
                    }
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // pulldown-cmark writes the definition as `<div class="footnote-definition" id="LABEL">`.
                rendered.anchors.push(label.to_string());
            }
            Event::Start(Tag::HtmlBlock) => in_html_block = false,
            Event::Html(raw) => {
                raw_html.push(raw, lines.line(range.start) - first_line, in_html_block);
                in_html_block = true;
            }
            Event::InlineHtml(raw) => {
                raw_html.push(raw, lines.line(range.start) - first_line, false);
            }
            Event::Text(text) | Event::Code(text) => {
                rendered.plain_text.push_str(text);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                rendered.plain_text.push(if matches!(event, Event::End(_)) { '\n' } else { ' ' });
            }
            _ => {}
        }
        events.push(event);
    }

    html::push_html(&mut rendered.html, events.into_iter());
    if !raw_html.is_empty() {
        let last_line = first_line + body.matches('\n').count();
        read_raw_html(&raw_html, first_line..=last_line, options, &mut rendered);
    }
    if options.allow_scripts {
        rendered.scripts.clear();
    }
    rendered.scripts.sort_by_key(|script| script.line);
    rendered
}

/// Returns the link or image tag of `tag` with its address replaced by `destination`.
fn with_destination<'a>(tag: &Event<'a>, destination: String) -> Tag<'a> {
    match tag {
        Event::Start(Tag::Image { link_type, title, id, .. }) => {
            Tag::Image { link_type: *link_type, dest_url: destination.into(), title: title.clone(), id: id.clone() }
        }
        Event::Start(Tag::Link { link_type, title, id, .. }) => {
            Tag::Link { link_type: *link_type, dest_url: destination.into(), title: title.clone(), id: id.clone() }
        }
        _ => unreachable!("only links and images have a destination"),
    }
}

/// Adds the element ids, the links and the executable markup of a body's raw HTML to
/// `rendered`.
///
/// The raw chunks alone give each finding its line. The browser gets the rendered HTML as a
/// whole, where a raw chunk and the Markdown output after it can form markup of their own,
/// for instance when an HTML block ends inside an attribute. Such markup is reported on the
/// line of the first raw HTML, unless markup of its kind was reported already.
fn read_raw_html(
    raw_html: &RawChunks,
    body_lines: std::ops::RangeInclusive<usize>,
    options: MarkdownOptions,
    rendered: &mut Rendered,
) {
    let published = read_published(&rendered.html);
    let mut known: HashSet<String> = rendered.anchors.iter().cloned().collect();
    for anchor in published.anchors {
        if known.insert(anchor.clone()) {
            rendered.anchors.push(anchor);
        }
    }
    let body_line = |line: usize| (body_lines.start() + line).min(*body_lines.end());
    // A browser resolves a relative address in raw HTML against the page's own address, so
    // these links keep no site path.
    for (target, line) in raw_html.links() {
        rendered.links.push(BodyLink { target, site_path: None, line: body_line(line) });
    }
    if options.allow_scripts {
        return;
    }

    let mut seen: HashSet<(usize, String)> =
        rendered.scripts.iter().map(|script| (script.line, script.what.clone())).collect();
    for finding in raw_html.findings() {
        let line = body_line(finding.line);
        if seen.insert((line, finding.what.clone())) {
            rendered.scripts.push(ScriptUse { line, what: finding.what });
        }
    }

    let line = body_line(raw_html.first_line());
    let mut reported: HashSet<String> = rendered.scripts.iter().map(|script| script.what.clone()).collect();
    for finding in published.findings {
        if reported.insert(finding.what.clone()) {
            rendered.scripts.push(ScriptUse { line, what: finding.what });
        }
    }
}

fn highlighter() -> &'static (SyntaxSet, Theme) {
    static SETS: OnceLock<(SyntaxSet, Theme)> = OnceLock::new();
    SETS.get_or_init(|| {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let mut themes = ThemeSet::load_defaults();
        let theme = themes.themes.remove("InspiredGitHub").unwrap_or_default();
        (syntaxes, theme)
    })
}

/// Highlighted HTML for a code block, or escaped plain text when the language is unknown or
/// the code is too large to highlight safely.
fn highlight(language: &str, code: &str) -> String {
    let plain = || {
        let mut escaped = String::with_capacity(code.len() + 32);
        escaped.push_str("<pre><code>");
        let _ = pulldown_cmark_escape::escape_html(&mut escaped, code);
        escaped.push_str("</code></pre>\n");
        escaped
    };
    let too_large = code.len() > MAX_HIGHLIGHT_BYTES || code.lines().any(|line| line.len() > MAX_HIGHLIGHT_LINE);
    if language.is_empty() || too_large {
        return plain();
    }
    let (syntaxes, theme) = highlighter();
    let Some(syntax) = syntaxes.find_syntax_by_token(language) else {
        return plain();
    };
    syntect::html::highlighted_html_for_string(code, syntaxes, syntax, theme).unwrap_or_else(|_| plain())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_default(body: &str) -> Rendered {
        render(body, 1, "/tin-tuc/", MarkdownOptions::default())
    }

    #[test]
    fn headings_get_vietnamese_ids() {
        let rendered = render_default("# Chuyển đổi số\n\n## Mục tiêu {#muc-1}\n\n## Chuyển đổi số\n");
        assert!(rendered.html.contains("<h1 id=\"chuyen-doi-so\">Chuyển đổi số</h1>"), "{}", rendered.html);
        assert!(rendered.html.contains("<h2 id=\"muc-1\">Mục tiêu</h2>"));
        assert!(rendered.html.contains("<h2 id=\"chuyen-doi-so-1\">"));
        assert_eq!(rendered.anchors, ["chuyen-doi-so", "muc-1", "chuyen-doi-so-1"]);
    }

    #[test]
    fn repeated_and_numbered_headings_stay_unique() {
        let rendered = render_default("## A\n\n## A\n\n## A-1 {#a-2}\n\n## A\n");

        assert_eq!(rendered.anchors, ["a", "a-1", "a-2", "a-3"]);
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let rendered = render_default("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~cũ~~ mới[^1]\n\n[^1]: Ghi chú.\n");
        assert!(rendered.html.contains("<table>"));
        assert!(rendered.html.contains("<del>cũ</del>"));
        assert!(rendered.html.contains("footnote-reference"));
    }

    #[test]
    fn links_carry_file_lines() {
        let rendered =
            render(" \n\n[văn bản](/van-ban/) và ![ảnh](anh.png)\n", 10, "/tin-tuc/", MarkdownOptions::default());
        let found: Vec<(&str, usize)> = rendered.links.iter().map(|link| (link.target.as_str(), link.line)).collect();
        assert_eq!(found, [("/van-ban/", 12), ("anh.png", 12)]);
        assert!(rendered.html.contains("src=\"/tin-tuc/anh.png\""), "{}", rendered.html);
    }

    #[test]
    fn relative_links_become_site_paths() {
        assert_eq!(absolutize("/tin-tuc/", "le-hoi.md#muc-1"), Some("/tin-tuc/le-hoi/#muc-1".to_owned()));
        assert_eq!(
            absolutize("/tin-tuc/", "../van-ban/Quyết định 2652.PDF"),
            Some("/van-ban/quyet-dinh-2652.pdf".to_owned())
        );
        assert_eq!(absolutize("/tin-tuc/", "../van-ban/_index.md"), Some("/van-ban/".to_owned()));
        assert_eq!(absolutize("/tin-tuc/", "../../../etc/passwd"), Some("/etc/passwd/".to_owned()));
        assert_eq!(absolutize("/tin-tuc/", "/van-ban/"), None);
        assert_eq!(absolutize("/tin-tuc/", "https://chinhphu.vn"), None);
        assert_eq!(absolutize("/tin-tuc/", "#muc"), None);
    }

    #[test]
    fn scripts_and_handlers_are_reported() {
        let rendered = render_default("a\n\n<script>alert(1)</script>\n\n<img src=x onerror=\"alert(1)\">\n");
        let lines: Vec<usize> = rendered.scripts.iter().map(|s| s.line).collect();
        assert_eq!(lines, [3, 5]);
        let allowed = render("<script>x</script>\n", 1, "/", MarkdownOptions { allow_scripts: true });
        assert!(allowed.scripts.is_empty());
        let harmless = render_default("<p class=\"note\" id=\"ghi-chu\">Ông Hùng</p>\n");
        assert!(harmless.scripts.is_empty());
        assert_eq!(harmless.anchors, ["ghi-chu"]);
    }

    #[test]
    fn javascript_links_reported_not_checked() {
        let body =
            "[a](javascript:x())\n\n![b](JAVASCRIPT:x())\n\n<javascript:x()>\n\n[c][r]\n\n[r]: java&#x09;script:x()\n";
        let rendered = render_default(body);
        let found: Vec<(usize, &str)> =
            rendered.scripts.iter().map(|script| (script.line, script.what.as_str())).collect();
        assert_eq!(
            found,
            [
                (1, "địa chỉ javascript:"),
                (3, "địa chỉ javascript:"),
                (5, "địa chỉ javascript:"),
                (7, "địa chỉ javascript:")
            ]
        );
        assert!(rendered.links.is_empty(), "not link-checked: {:?}", rendered.links);
        let allowed = render(body, 1, "/", MarkdownOptions { allow_scripts: true });
        assert!(allowed.scripts.is_empty());
        assert!(allowed.html.contains("href=\"java%09script:x()\""), "kept as written: {}", allowed.html);
    }

    #[test]
    fn heading_handler_attribute_reported() {
        let rendered = render_default("a\n\n## Mục {#muc onclick=x()}\n");
        assert_eq!(rendered.scripts, [ScriptUse { line: 3, what: "thuộc tính onclick=".to_owned() }]);
    }

    #[test]
    fn attribute_left_open_reported() {
        // The open title swallows the Markdown output up to the link's `href="`, after which a
        // browser reads the link's address as attributes of the `<div>`.
        let rendered = render_default("Mở đầu.\n\n<div title=\"\n\n[x](//onclick=x()//)\n");
        let found: Vec<(usize, &str)> =
            rendered.scripts.iter().map(|script| (script.line, script.what.as_str())).collect();
        assert_eq!(found, [(3, "thuộc tính onclick=")], "{}", rendered.html);
    }

    #[test]
    fn raw_html_ids_are_anchors() {
        let rendered =
            render_default("<p id = \"ghi-chu\">a</p>\n\n<a name=\"cu\"></a> <span data-id=\"x\">b</span>\n");
        assert_eq!(rendered.anchors, ["ghi-chu", "cu"]);
    }

    #[test]
    fn code_is_highlighted_or_escaped() {
        let rust = render_default("```rust\nfn main() {}\n```\n");
        assert!(rust.html.contains("<pre style="), "{}", rust.html);
        let unknown = render_default("```khong-ro\n<b>&</b>\n```\n");
        assert!(unknown.html.contains("&lt;b&gt;&amp;&lt;/b&gt;"));
        let long_line = format!("```rust\n{}\n```\n", "x".repeat(30_000));
        assert!(render_default(&long_line).html.starts_with("<pre><code>"));
    }
}
