//! Reading the raw HTML of a Markdown body with html5ever, for its element ids and for
//! executable markup: `<script>`, event handler attributes and `javascript:` addresses.
//!
//! A browser decodes character references in attribute values, treats `/` between attributes
//! like white space, and switches to raw text inside `<style>`, `<textarea>` and the like.
//! The markup is therefore read by a real HTML tokenizer and tree builder rather than searched
//! for strings. Each reading can hide markup that the other sees: a comment opened inside
//! `<style>` hides the rest of the line from the tokenizer alone, and a tree builder drops
//! tags that are out of place (inside `<select>`, for instance), which a newer browser may
//! still build. Executable markup is therefore whatever either reading finds.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};

/// Maximum nesting of `srcdoc` documents that is read. Deeper ones are reported.
const MAX_SRCDOC_DEPTH: usize = 4;

/// Executable markup found by a reading: the line of the text read, and what was found as
/// the build reports it ("thẻ <script>", "thuộc tính onclick=", "địa chỉ javascript:").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Finding {
    pub line: usize,
    pub what: String,
}

/// Tells whether a browser following `value` as an address would run it as JavaScript.
/// Browsers strip leading and trailing C0 controls and spaces and remove tabs and line breaks
/// anywhere before reading the scheme, so `" java\tscript:"` counts.
pub(super) fn is_javascript_url(value: &str) -> bool {
    let trimmed = value.trim_matches(|c: char| c <= ' ');
    let mut significant = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    "javascript:".chars().all(|expected| significant.next().is_some_and(|c| c.to_ascii_lowercase() == expected))
}

/// Attributes whose value is shown or stored as text, never followed as an address.
const TEXT_ATTRIBUTES: &[&str] = &["alt", "class", "id", "label", "name", "placeholder", "summary", "title", "value"];

/// Returns what makes the attribute `name="value"` executable, if anything: an event handler
/// (`onload`), or a `javascript:` address in any attribute but text ones, because `href`,
/// `src`, `action`, `formaction`, `data`, `xlink:href` and SVG animation values all navigate.
/// SVG animation attributes take `;`-separated lists of values, each of which may become an
/// `href`.
pub(super) fn attribute_finding(name: &str, value: &str) -> Option<String> {
    let name = name.to_ascii_lowercase();
    if name.len() > 2 && name.starts_with("on") {
        return Some(format!("thuộc tính {name}="));
    }
    let is_text = TEXT_ATTRIBUTES.contains(&name.as_str()) || name.starts_with("aria-") || name.starts_with("data-");
    let javascript = if is_text {
        false
    } else if name == "values" {
        value.split(';').any(is_javascript_url)
    } else {
        is_javascript_url(value)
    };
    javascript.then(|| super::JAVASCRIPT_ADDRESS.to_owned())
}

/// Adds the findings of the element `<name attrs>` on `line` to `findings`. The document in
/// an `srcdoc` attribute runs with the page's origin, so it is read too.
fn check_element(name: &LocalName, attrs: &[Attribute], line: usize, depth: usize, findings: &mut Vec<Finding>) {
    if *name == local_name!("script") {
        findings.push(Finding { line, what: "thẻ <script>".to_owned() });
    }
    for attribute in attrs {
        let attribute_name = &attribute.name.local;
        if let Some(what) = attribute_finding(attribute_name, &attribute.value) {
            findings.push(Finding { line, what });
        }
        if *attribute_name == local_name!("srcdoc") {
            if depth >= MAX_SRCDOC_DEPTH {
                findings.push(Finding { line, what: "thuộc tính srcdoc= lồng quá sâu".to_owned() });
                continue;
            }
            let mut inner = Vec::new();
            read_executable(&attribute.value, depth + 1, &mut inner);
            findings.extend(inner.into_iter().map(|finding| Finding { line, what: finding.what }));
        }
    }
}

/// Adds the findings of both readings of `html` to `findings`, each with its line in `html`.
fn read_executable(html: &str, depth: usize, findings: &mut Vec<Finding>) {
    for element in tokenize(html).into_iter().chain(parse_fragment(html)) {
        check_element(&element.name.local, &element.attrs, element.line, depth, findings);
    }
}

/// A start tag, or an element the tree builder created, with the line it ends on.
struct Element {
    line: usize,
    name: QualName,
    attrs: Vec<Attribute>,
}

/// Start tags of `html` as the tokenizer alone reads them, which never switches to raw text.
fn tokenize(html: &str) -> Vec<Element> {
    let tokenizer = Tokenizer::new(TagRecorder::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The recorder never returns a script to run, so one call reads the whole input.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.tags.into_inner()
}

#[derive(Default)]
struct TagRecorder {
    tags: RefCell<Vec<Element>>,
}

impl TokenSink for TagRecorder {
    type Handle = ();

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<()> {
        // Attributes of end tags are dropped by browsers, so only start tags count.
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag {
                self.tags.borrow_mut().push(Element {
                    line: line_of(line_number),
                    name: QualName::new(None, ns!(html), tag.name),
                    attrs: tag.attrs,
                });
            }
        }
        TokenSinkResult::Continue
    }
}

fn line_of(line_number: u64) -> usize {
    usize::try_from(line_number).unwrap_or(usize::MAX)
}

/// Elements of `html` as a browser builds them inside a `<div>` of a page: raw text inside
/// `<style>` and `<textarea>`, SVG and MathML content, and the attributes that a stray
/// `<body>` tag adds to the page's body.
fn parse_fragment(html: &str) -> Vec<Element> {
    let context = QualName::new(None, ns!(html), local_name!("div"));
    html5ever::driver::parse_fragment(ElementRecorder::default(), Default::default(), context, Vec::new(), true)
        .one(html)
}

/// A node of the tree being built. Only names are kept, because the checks need elements and
/// their attributes, not the tree.
struct Node {
    name: QualName,
    template_contents: Option<Rc<Node>>,
    mathml_annotation_xml_integration_point: bool,
}

impl Node {
    fn new(name: QualName) -> Rc<Node> {
        Rc::new(Node { name, template_contents: None, mathml_annotation_xml_integration_point: false })
    }

    fn other() -> Rc<Node> {
        Node::new(QualName::new(None, ns!(), local_name!("")))
    }
}

/// A tree sink that records every element created and every attribute added, with the line
/// the tokenizer was on.
#[derive(Default)]
struct ElementRecorder {
    line: Cell<usize>,
    elements: RefCell<Vec<Element>>,
    document: RefCell<Option<Rc<Node>>>,
}

impl TreeSink for ElementRecorder {
    type Handle = Rc<Node>;
    type Output = Vec<Element>;
    type ElemName<'a> = &'a QualName;

    fn finish(self) -> Vec<Element> {
        self.elements.into_inner()
    }

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> Rc<Node> {
        Rc::clone(self.document.borrow_mut().get_or_insert_with(Node::other))
    }

    fn elem_name<'a>(&'a self, target: &'a Rc<Node>) -> &'a QualName {
        &target.name
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Rc<Node> {
        let node = Node {
            name: name.clone(),
            template_contents: flags.template.then(Node::other),
            mathml_annotation_xml_integration_point: flags.mathml_annotation_xml_integration_point,
        };
        self.elements.borrow_mut().push(Element { line: self.line.get(), name, attrs });
        Rc::new(node)
    }

    fn create_comment(&self, _text: StrTendril) -> Rc<Node> {
        Node::other()
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Rc<Node> {
        Node::other()
    }

    fn append(&self, _parent: &Rc<Node>, _child: NodeOrText<Rc<Node>>) {}

    fn append_based_on_parent_node(&self, _element: &Rc<Node>, _previous: &Rc<Node>, _child: NodeOrText<Rc<Node>>) {}

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    fn get_template_contents(&self, target: &Rc<Node>) -> Rc<Node> {
        target.template_contents.clone().unwrap_or_else(Node::other)
    }

    fn same_node(&self, x: &Rc<Node>, y: &Rc<Node>) -> bool {
        Rc::ptr_eq(x, y)
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, _sibling: &Rc<Node>, _new_node: NodeOrText<Rc<Node>>) {}

    fn add_attrs_if_missing(&self, target: &Rc<Node>, attrs: Vec<Attribute>) {
        self.elements.borrow_mut().push(Element { line: self.line.get(), name: target.name.clone(), attrs });
    }

    fn remove_from_parent(&self, _target: &Rc<Node>) {}

    fn reparent_children(&self, _node: &Rc<Node>, _new_parent: &Rc<Node>) {}

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Rc<Node>) -> bool {
        handle.mathml_annotation_xml_integration_point
    }

    fn set_current_line(&self, line_number: u64) {
        self.line.set(line_of(line_number));
    }
}

/// The raw HTML chunks of a body in output order, laid out on the lines they have in the
/// body, so that the tokenizer's line numbers are body lines.
#[derive(Default)]
pub(super) struct RawChunks {
    text: String,
    /// Line breaks in `text`.
    breaks: usize,
    /// Body line (0-based) of the first chunk.
    first: Option<usize>,
}

impl RawChunks {
    /// Adds `chunk`, which starts on the 0-based body line `line`. A chunk that continues the
    /// previous one in the output (the next line of an HTML block) follows it directly. Any
    /// other is set apart by `"'>`, which ends a tag or attribute that an earlier chunk left
    /// open, as the Markdown output between them would.
    pub fn push(&mut self, chunk: &str, line: usize, continues_previous: bool) {
        if !self.text.is_empty() && !continues_previous {
            self.text.push_str("\"'>");
        }
        while self.breaks < line {
            self.text.push('\n');
            self.breaks += 1;
        }
        self.first.get_or_insert(line);
        self.text.push_str(chunk);
        self.breaks += chunk.matches('\n').count();
    }

    pub fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// Body line (0-based) of the first chunk, where findings of the whole output go.
    pub fn first_line(&self) -> usize {
        self.first.unwrap_or(0)
    }

    /// Returns the link targets in the chunks, with 0-based body lines: `href` of `<a>`,
    /// `<area>` and `<link>`, and `src` of images, media, frames and embeds. `javascript:`
    /// addresses are left out, because they are reported as executable markup.
    pub fn links(&self) -> Vec<(String, usize)> {
        let mut links = Vec::new();
        for element in tokenize(&self.text) {
            let wanted = match &*element.name.local {
                "a" | "area" | "link" => local_name!("href"),
                "img" | "source" | "video" | "audio" | "track" | "iframe" | "embed" => local_name!("src"),
                _ => continue,
            };
            for attribute in element.attrs.iter().filter(|attribute| attribute.name.local == wanted) {
                if !is_javascript_url(&attribute.value) {
                    links.push((attribute.value.to_string(), element.line.saturating_sub(1)));
                }
            }
        }
        links
    }

    /// Executable markup in the chunks, by the tokenizer alone, with 0-based body lines.
    pub fn findings(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        for element in tokenize(&self.text) {
            check_element(&element.name.local, &element.attrs, element.line.saturating_sub(1), 0, &mut findings);
        }
        findings
    }
}

/// Markup that a browser builds from the rendered HTML of a whole body.
pub(super) struct Published {
    /// Ids of the elements, and names of `<a name>` targets, which `#fragment` links reach.
    pub anchors: Vec<String>,
    /// Executable markup found by either reading, with lines of the rendered HTML.
    pub findings: Vec<Finding>,
}

/// Reads the rendered HTML of a body both ways.
pub(super) fn read_published(html: &str) -> Published {
    let mut anchors = Vec::new();
    let mut findings = Vec::new();
    for element in parse_fragment(html) {
        for attribute in &element.attrs {
            let is_target = attribute.name.local == local_name!("id")
                || (element.name.local == local_name!("a") && attribute.name.local == local_name!("name"));
            if is_target && !attribute.value.is_empty() {
                anchors.push(attribute.value.to_string());
            }
        }
        check_element(&element.name.local, &element.attrs, element.line, 0, &mut findings);
    }
    for element in tokenize(html) {
        check_element(&element.name.local, &element.attrs, element.line, 0, &mut findings);
    }
    Published { anchors, findings }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<String> {
        let mut findings = Vec::new();
        read_executable(html, 0, &mut findings);
        let mut what: Vec<String> = findings.into_iter().map(|finding| finding.what).collect();
        what.sort();
        what.dedup();
        what
    }

    #[test]
    fn javascript_urls_as_browsers_read_them() {
        for url in ["javascript:x()", "JavaScript:x()", " \u{1}javascript:x()", "java\tscript:x()", "jav\nascript:x"] {
            assert!(is_javascript_url(url), "{url:?}");
        }
        for url in ["https://chinhphu.vn", "/tin-tuc/", "javascript", "\u{a0}javascript:x()", "java script:x()"] {
            assert!(!is_javascript_url(url), "{url:?}");
        }
    }

    #[test]
    fn entity_encoded_javascript_found() {
        assert_eq!(found("<a href=\"&#106;avascript:x()\">a</a>"), ["địa chỉ javascript:"]);
        assert_eq!(found("<a href=\"java&#x09;script:x()\">a</a>"), ["địa chỉ javascript:"]);
        assert_eq!(found("<a href=\"javascript&colon;x()\">a</a>"), ["địa chỉ javascript:"]);
    }

    #[test]
    fn handlers_after_slash_found() {
        assert_eq!(found("<svg/onload=x()>"), ["thuộc tính onload="]);
        assert_eq!(found("<img/src=\"x\"/onerror=x()>"), ["thuộc tính onerror="]);
        // In an unquoted value, `/` belongs to the value.
        assert!(found("<img src=x/onerror=x()>").is_empty());
    }

    #[test]
    fn markup_hidden_from_one_reading_found() {
        // The tokenizer alone reads a comment from `<!--` to `-->`, but a browser ends the style first.
        assert_eq!(found("<style><!--</style><img src=x onerror=x()>-->"), ["thuộc tính onerror="]);
        // Inside SVG, `<style>` is no raw text, and `<img>` leaves SVG content.
        assert_eq!(found("<svg><style><img src=x onerror=x()></style></svg>"), ["thuộc tính onerror="]);
        assert_eq!(found("<select><img src=x onerror=x()></select>"), ["thuộc tính onerror="]);
    }

    #[test]
    fn srcdoc_and_body_attributes_found() {
        assert_eq!(found("<iframe srcdoc=\"&lt;script&gt;x()&lt;/script&gt;\"></iframe>"), ["thẻ <script>"]);
        assert_eq!(found("<body onload=x()>"), ["thuộc tính onload="]);
        assert_eq!(
            found("<svg><animate attributeName=href values=\"#a;javascript:x()\"/></svg>"),
            ["địa chỉ javascript:"]
        );
    }

    #[test]
    fn harmless_markup_passes() {
        assert!(found("<p title=\"JavaScript: ngôn ngữ\">javascript:x()</p>").is_empty());
        assert!(found("<a href=\"/tin-tuc/\" data-on=\"x\">a</a><p>onload=x()</p>").is_empty());
    }

    #[test]
    fn chunks_keep_body_lines() {
        let mut chunks = RawChunks::default();
        chunks.push("<div\n", 2, false);
        chunks.push("onclick=x()>\n", 3, true);
        chunks.push("<b onmouseover=x()>", 6, false);
        let lines: Vec<(usize, String)> =
            chunks.findings().into_iter().map(|finding| (finding.line, finding.what)).collect();
        assert_eq!(lines, [(3, "thuộc tính onclick=".to_owned()), (6, "thuộc tính onmouseover=".to_owned())]);
        assert_eq!(chunks.first_line(), 2);
    }

    #[test]
    fn published_anchors() {
        let published = read_published("<p id = \"ghi-chu\">x</p><a name=\"cu\"></a><p data-id=\"gia\">y</p>");
        assert_eq!(published.anchors, ["ghi-chu", "cu"]);
        assert!(published.findings.is_empty());
    }
}
