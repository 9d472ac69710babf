//! The light tree: elements and text nested as written, for documents whose HTML5 tree is
//! that nesting.
//!
//! [`Tree::build`] follows the insertion modes of the WHATWG HTML standard (§ 13.2.6) as far
//! as a well-formed document needs them. It returns `None` at the first token for which
//! html5ever's tree builder (0.40) would do anything else. That is: create an element that is
//! not written (implied `<html>`, `<head>`, `<body>`, `<tbody>`, `<p>`), close one that is not
//! closed by its own end tag, ignore a token, move content (foster parenting in tables), merge
//! attributes into `<html>` or `<body>`, or enter foreign content or a template. Under those
//! conditions every formatting element is closed by its own end tag while it is the current
//! node, so the adoption agency and the reconstruction of formatting elements change nothing.
//!
//! Text the standard drops (whitespace before `<head>` and after `</body>`) is dropped too.
//! Whitespace-only text never changes a fact, because every fact collapses whitespace.

use std::borrow::Cow;
use std::ops::Range;

use super::tokenizer::{Attribute, Token, Tokenizer, Unsupported};

/// Marks a node that has no parent element.
pub(super) const NO_PARENT: usize = usize::MAX;

/// Elements and text of a page in document order, each node after its parent.
pub(super) struct Tree<'s> {
    pub nodes: Vec<Node<'s>>,
    pub attributes: Vec<Attribute<'s>>,
    /// A character reference in the text decoded to U+00A1–U+00FF.
    pub decoded_latin1: bool,
    /// The document has a `<label>` element.
    pub has_labels: bool,
}

pub(super) struct Node<'s> {
    /// Index of the parent element, or [`NO_PARENT`] for `<html>`.
    pub parent: usize,
    /// Index one past the node's last descendant.
    pub end: usize,
    pub data: NodeData<'s>,
}

pub(super) enum NodeData<'s> {
    Element { name: Cow<'s, str>, attributes: Range<usize> },
    Text(Cow<'s, str>),
}

impl<'s> Tree<'s> {
    /// Builds the tree of `source`, or returns `None` when it would differ from the HTML5 tree.
    pub fn build(source: &'s str) -> Option<Tree<'s>> {
        let mut tokenizer = Tokenizer::new(source).ok()?;
        let mut builder = Builder {
            tree: Tree {
                nodes: Vec::with_capacity(256),
                attributes: Vec::with_capacity(256),
                decoded_latin1: false,
                has_labels: false,
            },
            open: Vec::new(),
            counts: OpenCounts::default(),
            mode: Mode::Initial,
            skip_newline: false,
        };
        while let Some(token) = tokenizer.next_token(&mut builder.tree.attributes).ok()? {
            builder.process(token).ok()?;
        }
        builder.tree.decoded_latin1 = tokenizer.decoded_latin1;
        builder.finish()
    }

    /// Returns the local name of the element at `index`, `None` for text.
    pub fn name(&self, index: usize) -> Option<&str> {
        match &self.nodes[index].data {
            NodeData::Element { name, .. } => Some(name),
            NodeData::Text(_) => None,
        }
    }

    /// Returns the value of an attribute of the element at `index`.
    pub fn attribute(&self, index: usize, name: &str) -> Option<&str> {
        let NodeData::Element { attributes, .. } = &self.nodes[index].data else { return None };
        self.attributes[attributes.clone()]
            .iter()
            .find(|attribute| attribute.name == name)
            .map(|attribute| attribute.value.as_ref())
    }

    /// Indices of the children of the node at `index`, in order.
    pub fn children(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.nodes[index].end;
        let mut next = index + 1;
        std::iter::from_fn(move || {
            let child = next;
            (child < end).then(|| {
                next = self.nodes[child].end;
                child
            })
        })
    }

    /// Indices of the ancestors of the node at `index`, nearest first.
    pub fn ancestors(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let mut next = self.nodes[index].parent;
        std::iter::from_fn(move || {
            let ancestor = next;
            (ancestor != NO_PARENT).then(|| {
                next = self.nodes[ancestor].parent;
                ancestor
            })
        })
    }
}

/// The insertion modes a well-formed document passes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Initial,
    BeforeHtml,
    BeforeHead,
    InHead,
    AfterHead,
    InBody,
    AfterBody,
    AfterAfterBody,
}

struct Builder<'s> {
    tree: Tree<'s>,
    /// The stack of open elements, as node indices.
    open: Vec<usize>,
    counts: OpenCounts,
    mode: Mode,
    /// A newline at the start of the next token is dropped (after `<pre>`, `<listing>` and
    /// `<textarea>`).
    skip_newline: bool,
}

/// Elements that close an open `<p>` when they start (html5ever's `close_p_element_in_button_scope`).
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "listing"
            | "form"
            | "li"
            | "dd"
            | "dt"
            | "plaintext"
            | "table"
            | "hr"
            | "xmp"
    )
}

/// html5ever's special elements, where the search for an open `<li>`, `<dd>` or `<dt>` to
/// close stops (except `address`, `div` and `p`).
fn is_special(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "applet"
            | "area"
            | "article"
            | "aside"
            | "base"
            | "basefont"
            | "bgsound"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "embed"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "img"
            | "input"
            | "isindex"
            | "li"
            | "link"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "meta"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "object"
            | "ol"
            | "p"
            | "param"
            | "plaintext"
            | "pre"
            | "script"
            | "section"
            | "select"
            | "source"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "track"
            | "ul"
            | "wbr"
            | "xmp"
    )
}

/// Elements without content or end tag, inserted and closed at once.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Start tags the light tree never accepts in the body: the tree builder ignores them,
/// implies other elements for them, or leaves HTML content for them.
fn is_unsupported_in_body(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "head"
            | "body"
            | "frameset"
            | "frame"
            | "template"
            | "math"
            | "svg"
            | "plaintext"
            | "image"
            | "caption"
            | "col"
            | "colgroup"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "rb"
            | "rp"
            | "rt"
            | "rtc"
            | "selectedcontent"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Elements whose current node makes the tree builder treat text and tags as table content.
fn is_table_context(name: &str) -> bool {
    matches!(name, "table" | "thead" | "tbody" | "tfoot" | "tr")
}

/// Elements whose content the tokenizer reads as raw text or RCDATA.
fn is_raw_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" | "title" | "textarea")
}

/// Open elements of the names whose nesting the builder must notice.
#[derive(Default)]
struct OpenCounts {
    p: usize,
    a: usize,
    button: usize,
    form: usize,
    nobr: usize,
    select: usize,
}

impl OpenCounts {
    fn count(&mut self, name: &str) -> Option<&mut usize> {
        match name {
            "p" => Some(&mut self.p),
            "a" => Some(&mut self.a),
            "button" => Some(&mut self.button),
            "form" => Some(&mut self.form),
            "nobr" => Some(&mut self.nobr),
            "select" => Some(&mut self.select),
            _ => None,
        }
    }
}

impl<'s> Builder<'s> {
    fn process(&mut self, token: Token<'s>) -> Result<(), Unsupported> {
        let skip_newline = std::mem::take(&mut self.skip_newline);
        match token {
            Token::Doctype if self.mode == Mode::Initial => {
                self.mode = Mode::BeforeHtml;
                Ok(())
            }
            Token::Doctype => Err(Unsupported),
            Token::Comment => Ok(()),
            Token::Text(text) => {
                let text = match text {
                    Cow::Borrowed(text) if skip_newline => Cow::Borrowed(text.strip_prefix('\n').unwrap_or(text)),
                    Cow::Owned(text) if skip_newline && text.starts_with('\n') => Cow::Owned(text[1..].to_owned()),
                    text => text,
                };
                self.text(text)
            }
            Token::StartTag { name, attributes } => self.start_tag(name, attributes),
            Token::EndTag { name } => self.end_tag(&name),
        }
    }

    fn text(&mut self, text: Cow<'s, str>) -> Result<(), Unsupported> {
        if text.is_empty() {
            return Ok(());
        }
        let whitespace = || text.bytes().all(|byte| matches!(byte, b'\t' | b'\n' | b'\x0C' | b' '));
        let current = self.current_name().unwrap_or_default();
        let append = match self.mode {
            _ if is_raw_text(current) => true,
            Mode::InBody => !is_table_context(current) || whitespace(),
            Mode::InHead | Mode::AfterHead if whitespace() => true,
            Mode::Initial | Mode::BeforeHtml | Mode::BeforeHead | Mode::AfterBody | Mode::AfterAfterBody
                if whitespace() =>
            {
                false
            }
            _ => return Err(Unsupported),
        };
        if append {
            self.append_text(text);
        }
        Ok(())
    }

    fn start_tag(&mut self, name: Cow<'s, str>, attributes: Range<usize>) -> Result<(), Unsupported> {
        match self.mode {
            Mode::Initial | Mode::BeforeHtml if name == "html" => {
                self.insert(name, attributes);
                self.mode = Mode::BeforeHead;
            }
            Mode::BeforeHead if name == "head" => {
                self.insert(name, attributes);
                self.mode = Mode::InHead;
            }
            Mode::InHead => match name.as_ref() {
                "base" | "basefont" | "bgsound" | "link" | "meta" => self.insert_void(name, attributes),
                "title" | "style" | "noscript" | "noframes" | "script" if self.current_name() == Some("head") => {
                    self.insert(name, attributes)
                }
                _ => return Err(Unsupported),
            },
            Mode::AfterHead if name == "body" => {
                self.insert(name, attributes);
                self.mode = Mode::InBody;
            }
            Mode::InBody => self.start_tag_in_body(name, attributes)?,
            _ => return Err(Unsupported),
        }
        Ok(())
    }

    fn start_tag_in_body(&mut self, name: Cow<'s, str>, attributes: Range<usize>) -> Result<(), Unsupported> {
        let current = self.current_name().unwrap_or_default();

        if is_table_context(current) {
            let allowed = match name.as_ref() {
                "caption" | "thead" | "tbody" | "tfoot" => current == "table",
                "tr" => matches!(current, "thead" | "tbody" | "tfoot"),
                "td" | "th" => current == "tr",
                "script" | "style" => true,
                _ => false,
            };
            if !allowed {
                return Err(Unsupported);
            }
            self.insert(name, attributes);
            return Ok(());
        }

        let tag = name.as_ref();
        if is_unsupported_in_body(tag)
            || (closes_p(tag) && self.counts.p > 0)
            || (is_heading(tag) && is_heading(current))
        {
            return Err(Unsupported);
        }
        // Older versions of the standard ignore any other tag inside `<select>`.
        if self.counts.select > 0 && !matches!(tag, "option" | "optgroup") {
            return Err(Unsupported);
        }
        let implied_end = |names: &[&str]| names.contains(&current);
        let conflict = match tag {
            "li" => self.closes_list_item(&["li"]),
            "dd" | "dt" => self.closes_list_item(&["dd", "dt"]),
            "a" => self.counts.a > 0,
            "button" => self.counts.button > 0,
            "form" => self.counts.form > 0,
            "nobr" => self.counts.nobr > 0,
            "option" => implied_end(&["dd", "dt", "li", "option", "p", "rb", "rp", "rt", "rtc"]),
            "optgroup" => implied_end(&["dd", "dt", "li", "option", "optgroup", "p", "rb", "rp", "rt", "rtc"]),
            _ => false,
        };
        if conflict {
            return Err(Unsupported);
        }

        if is_void(tag) {
            self.insert_void(name, attributes);
        } else {
            self.skip_newline = matches!(tag, "pre" | "listing" | "textarea");
            self.insert(name, attributes);
        }
        Ok(())
    }

    fn end_tag(&mut self, name: &str) -> Result<(), Unsupported> {
        let current = self.current_name();
        match self.mode {
            Mode::InHead if current == Some(name) && (name == "head" || is_raw_text(name)) => {
                self.pop();
                if name == "head" {
                    self.mode = Mode::AfterHead;
                }
            }
            Mode::InBody if current == Some(name) && name != "html" => {
                self.pop();
                if name == "body" {
                    self.mode = Mode::AfterBody;
                }
            }
            Mode::AfterBody if name == "html" => self.mode = Mode::AfterAfterBody,
            _ => return Err(Unsupported),
        }
        Ok(())
    }

    /// Whether a start tag of one of `names` would close an open element of those names: an
    /// open one found before any special element other than `address`, `div` and `p`.
    fn closes_list_item(&self, names: &[&str]) -> bool {
        for &index in self.open.iter().rev() {
            let name = self.tree.name(index).unwrap_or_default();
            if names.contains(&name) {
                return true;
            }
            if is_special(name) && !matches!(name, "address" | "div" | "p") {
                return false;
            }
        }
        false
    }

    fn current_name(&self) -> Option<&str> {
        self.open.last().and_then(|&index| self.tree.name(index))
    }

    fn parent(&self) -> usize {
        self.open.last().copied().unwrap_or(NO_PARENT)
    }

    fn insert(&mut self, name: Cow<'s, str>, attributes: Range<usize>) {
        if let Some(count) = self.counts.count(&name) {
            *count += 1;
        }
        self.tree.has_labels |= name == "label";
        let index = self.tree.nodes.len();
        self.tree.nodes.push(Node {
            parent: self.parent(),
            end: usize::MAX,
            data: NodeData::Element { name, attributes },
        });
        self.open.push(index);
    }

    fn insert_void(&mut self, name: Cow<'s, str>, attributes: Range<usize>) {
        self.insert(name, attributes);
        self.pop();
    }

    fn append_text(&mut self, text: Cow<'s, str>) {
        let index = self.tree.nodes.len();
        self.tree.nodes.push(Node { parent: self.parent(), end: index + 1, data: NodeData::Text(text) });
    }

    fn pop(&mut self) {
        if let Some(index) = self.open.pop() {
            self.tree.nodes[index].end = self.tree.nodes.len();
            if let NodeData::Element { name, .. } = &self.tree.nodes[index].data
                && let Some(count) = self.counts.count(name)
            {
                *count -= 1;
            }
        }
    }

    /// Returns the tree, when the input ended after `</body>`.
    fn finish(mut self) -> Option<Tree<'s>> {
        if !matches!(self.mode, Mode::AfterBody | Mode::AfterAfterBody) {
            return None;
        }
        while !self.open.is_empty() {
            self.pop();
        }
        Some(self.tree)
    }
}
