//! Markdown bodies to HTML with pulldown-cmark: tables, footnotes, strikethrough, heading ids
//! (given as `{#id}` or derived from the heading text), and code highlighted by syntect.
//!
//! Syntect's syntax and theme sets take tens of milliseconds to load, so they are loaded once,
//! on the first page that has a fenced code block with a language. While rendering, links,
//! element ids and executable markup are collected for the checks that follow.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use syntect::highlighting::{Theme, ThemeSet};
use syntect::parsing::SyntaxSet;

use crate::content::BodyLink;
use crate::slug::slugify;

/// Code longer than this many bytes is shown without highlighting.
const MAX_HIGHLIGHT_BYTES: usize = 64 * 1024;
/// Code with a line longer than this many characters is shown without highlighting, because
/// syntect's regular expressions can take quadratic time on such lines.
const MAX_HIGHLIGHT_LINE: usize = 2_000;

#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions {
    /// Keep `<script>` and event handlers without reporting them.
    pub allow_scripts: bool,
}

/// Executable markup found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptUse {
    pub line: usize,
    /// `<script>` or the handler attribute, as found.
    pub what: String,
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

    let mut heading: Option<OpenHeading> = None;
    let mut code: Option<(String, String)> = None;

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
                    let mut unique = base.clone();
                    let mut counter = 1;
                    while !used_ids.insert(unique.clone()) {
                        unique = format!("{base}-{counter}");
                        counter += 1;
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
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let line = lines.line(range.start);
                let site_path = absolutize(base_dir, dest_url);
                rendered.links.push(BodyLink { target: dest_url.to_string(), site_path: site_path.clone(), line });
                if let Some(path) = site_path {
                    let rewritten = Tag::Link {
                        link_type: *link_type,
                        dest_url: path.into(),
                        title: title.clone(),
                        id: id.clone(),
                    };
                    events.push(Event::Start(rewritten));
                    continue;
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let line = lines.line(range.start);
                let site_path = absolutize(base_dir, dest_url);
                rendered.links.push(BodyLink { target: dest_url.to_string(), site_path: site_path.clone(), line });
                if let Some(path) = site_path {
                    let rewritten = Tag::Image {
                        link_type: *link_type,
                        dest_url: path.into(),
                        title: title.clone(),
                        id: id.clone(),
                    };
                    events.push(Event::Start(rewritten));
                    continue;
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // pulldown-cmark writes the definition as `<div class="footnote-definition" id="LABEL">`.
                rendered.anchors.push(label.to_string());
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                scan_raw_html(raw, lines.line(range.start), options, &mut rendered);
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
    rendered
}

/// Finds element ids and executable markup in raw HTML.
fn scan_raw_html(raw: &str, line: usize, options: MarkdownOptions, rendered: &mut Rendered) {
    let lower = raw.to_ascii_lowercase();
    for (index, _) in lower.match_indices("id=") {
        let before = lower[..index].chars().last();
        if before.is_some_and(|c| c.is_ascii_whitespace()) {
            let value = raw[index + 3..].trim_start_matches(['"', '\'']);
            let id: String = value.chars().take_while(|c| !matches!(c, '"' | '\'' | ' ' | '>')).collect();
            if !id.is_empty() {
                rendered.anchors.push(id);
            }
        }
    }
    if options.allow_scripts {
        return;
    }
    if lower.contains("<script") {
        rendered.scripts.push(ScriptUse { line, what: "thẻ <script>".to_owned() });
    }
    if lower.contains("javascript:") {
        rendered.scripts.push(ScriptUse { line, what: "địa chỉ javascript:".to_owned() });
    }
    let bytes = lower.as_bytes();
    for (index, _) in lower.match_indices("on") {
        let preceded = index > 0 && bytes[index - 1].is_ascii_whitespace();
        let name: String = lower[index..].chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let after = lower[index + name.len()..].trim_start();
        if preceded && name.len() > 2 && after.starts_with('=') {
            rendered.scripts.push(ScriptUse { line, what: format!("thuộc tính {name}=") });
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
    fn code_is_highlighted_or_escaped() {
        let rust = render_default("```rust\nfn main() {}\n```\n");
        assert!(rust.html.contains("<pre style="), "{}", rust.html);
        let unknown = render_default("```khong-ro\n<b>&</b>\n```\n");
        assert!(unknown.html.contains("&lt;b&gt;&amp;&lt;/b&gt;"));
        let long_line = format!("```rust\n{}\n```\n", "x".repeat(30_000));
        assert!(render_default(&long_line).html.starts_with("<pre><code>"));
    }
}
