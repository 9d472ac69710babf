//! An HTML tokenizer for the light reader, following the tokenization rules of the WHATWG HTML
//! standard (§ 13.2.5) for the input it accepts.
//!
//! It returns [`Unsupported`] for input whose tokens it would not produce the way html5ever's
//! tokenizer does, or that makes the tree builder act in ways the light tree does not follow.
//! That input is: NUL and carriage-return characters, a byte-order mark, the end of input
//! inside a tag, comment or raw-text element, `</>`, bogus comments (`<?`, `<!x`, `</1`),
//! CDATA sections and any doctype other than `<!DOCTYPE html>`. It also covers named character
//! references without their semicolon, numeric references to anything but a plain character,
//! and `<!--` inside a script, which makes the script's end depend on its escaped states.
//!
//! Raw-text elements are read the way html5ever's tree builder switches its tokenizer for
//! HTML content: `<script>` as script data, `<style>`, `<xmp>`, `<iframe>`, `<noembed>`,
//! `<noframes>` and `<noscript>` (scripting enabled, as scraper parses) as raw text, and
//! `<title>` and `<textarea>` as RCDATA, whose character references are decoded.

use std::borrow::Cow;
use std::ops::Range;

use memchr::{memchr, memchr2, memmem};

/// The input needs something the light reader does not do; the full reader must read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unsupported;

/// One token. Tag and attribute names are in ASCII lower case, text and attribute values
/// have their character references decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token<'s> {
    /// `<!DOCTYPE html>`.
    Doctype,
    /// A start tag; its attributes are the given range of the caller's attribute list, the
    /// first of each name only, as the standard keeps.
    StartTag {
        name: Cow<'s, str>,
        attributes: Range<usize>,
    },
    /// An end tag; its attributes are dropped, as the tree builder ignores them.
    EndTag {
        name: Cow<'s, str>,
    },
    Comment,
    /// A run of character data between two markup tokens, never empty.
    Text(Cow<'s, str>),
}

/// An attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Attribute<'s> {
    pub name: Cow<'s, str>,
    pub value: Cow<'s, str>,
}

/// Reading mode of the content of a raw-text element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawKind {
    /// Script data: no character references, and `<!--` is not supported.
    Script,
    /// RAWTEXT: no character references.
    Rawtext,
    /// RCDATA: character references decoded.
    Rcdata,
}

/// Returns the reading mode of an element whose start tag switches the tokenizer.
fn raw_kind(name: &str) -> Option<RawKind> {
    match name {
        "script" => Some(RawKind::Script),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(RawKind::Rawtext),
        "title" | "textarea" => Some(RawKind::Rcdata),
        _ => None,
    }
}

/// ASCII whitespace as the tokenizer defines it. Carriage returns never reach it.
fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0C' | b' ')
}

pub(super) struct Tokenizer<'s> {
    source: &'s str,
    bytes: &'s [u8],
    position: usize,
    /// The element whose content comes next, when it is raw text.
    raw: Option<(RawKind, Cow<'s, str>)>,
    /// A character reference was decoded to a character of U+00A1–U+00FF, which the
    /// legacy-encoding check must see although the source bytes do not show it.
    pub decoded_latin1: bool,
}

impl<'s> Tokenizer<'s> {
    /// A tokenizer for `source`, or `Unsupported` when the source contains a character the
    /// input stream preprocessing would change (NUL, carriage return, a leading byte-order mark).
    pub fn new(source: &'s str) -> Result<Tokenizer<'s>, Unsupported> {
        let bytes = source.as_bytes();
        if memchr2(0, b'\r', bytes).is_some() || source.starts_with('\u{FEFF}') {
            return Err(Unsupported);
        }
        Ok(Tokenizer { source, bytes, position: 0, raw: None, decoded_latin1: false })
    }

    /// Returns the next token, `None` at the end of the input. Start tags push their attributes
    /// onto `attributes`.
    pub fn next_token(&mut self, attributes: &mut Vec<Attribute<'s>>) -> Result<Option<Token<'s>>, Unsupported> {
        if let Some((kind, name)) = self.raw.take()
            && let Some(text) = self.raw_text(kind, &name)?
        {
            return Ok(Some(text));
        }
        if self.position >= self.bytes.len() {
            return Ok(None);
        }
        if self.bytes[self.position] == b'<'
            && let Some(token) = self.markup(attributes)?
        {
            return Ok(Some(token));
        }
        self.text().map(Some)
    }

    /// Reads the markup token at the `<` under the cursor, or returns `None` when that `<` is text.
    fn markup(&mut self, attributes: &mut Vec<Attribute<'s>>) -> Result<Option<Token<'s>>, Unsupported> {
        let start = self.position;
        match self.bytes.get(start + 1) {
            Some(byte) if byte.is_ascii_alphabetic() => self.start_tag(attributes).map(Some),
            Some(b'/') => match self.bytes.get(start + 2) {
                Some(byte) if byte.is_ascii_alphabetic() => self.end_tag(attributes).map(Some),
                // `</` at the end of the input is text.
                None => Ok(None),
                // `</>` is dropped and `</` before anything else opens a bogus comment.
                Some(_) => Err(Unsupported),
            },
            Some(b'!') => self.declaration().map(Some),
            Some(b'?') => Err(Unsupported),
            _ => Ok(None),
        }
    }

    /// Whether the `<` at `index` starts a markup token rather than being text.
    fn starts_markup(&self, index: usize) -> bool {
        match self.bytes.get(index + 1) {
            Some(byte) if byte.is_ascii_alphabetic() => true,
            Some(b'/') => self.bytes.get(index + 2).is_some(),
            Some(b'!' | b'?') => true,
            _ => false,
        }
    }

    /// Character data up to the next markup token.
    fn text(&mut self) -> Result<Token<'s>, Unsupported> {
        let start = self.position;
        // The cursor may rest on a `<` that starts no markup.
        let mut search = start + 1;
        let end = loop {
            match memchr(b'<', &self.bytes[search.min(self.bytes.len())..]) {
                None => break self.bytes.len(),
                Some(offset) => {
                    let index = search + offset;
                    if self.starts_markup(index) {
                        break index;
                    }
                    search = index + 1;
                }
            }
        };
        self.position = end;
        self.decode(start..end).map(Token::Text)
    }

    /// Reads the content of a raw-text element up to its end tag, `None` when it is empty.
    fn raw_text(&mut self, kind: RawKind, name: &str) -> Result<Option<Token<'s>>, Unsupported> {
        let start = self.position;
        let end = self.find_end_tag(start, name)?;
        if kind == RawKind::Script && memmem::find(&self.bytes[start..end], b"<!--").is_some() {
            return Err(Unsupported);
        }
        self.position = end;
        if start == end {
            return Ok(None);
        }
        let text = match kind {
            RawKind::Rcdata => self.decode(start..end)?,
            RawKind::Script | RawKind::Rawtext => Cow::Borrowed(&self.source[start..end]),
        };
        Ok(Some(Token::Text(text)))
    }

    /// Index of the `<` of the first `</name` followed by whitespace, `/` or `>`, from `start`.
    fn find_end_tag(&self, start: usize, name: &str) -> Result<usize, Unsupported> {
        let mut search = start;
        loop {
            let offset = memmem::find(&self.bytes[search..], b"</").ok_or(Unsupported)?;
            let index = search + offset;
            let name_end = index + 2 + name.len();
            if let Some(&after) = self.bytes.get(name_end)
                && self.bytes[index + 2..name_end].eq_ignore_ascii_case(name.as_bytes())
                && (is_whitespace(after) || after == b'/' || after == b'>')
            {
                return Ok(index);
            }
            search = index + 2;
        }
    }

    fn start_tag(&mut self, attributes: &mut Vec<Attribute<'s>>) -> Result<Token<'s>, Unsupported> {
        let (name, after_name) = self.tag_name(self.position + 1)?;
        let first = attributes.len();
        self.position = self.attributes(after_name, attributes, first)?;
        if let Some(kind) = raw_kind(&name) {
            self.raw = Some((kind, name.clone()));
        }
        Ok(Token::StartTag { name, attributes: first..attributes.len() })
    }

    fn end_tag(&mut self, attributes: &mut Vec<Attribute<'s>>) -> Result<Token<'s>, Unsupported> {
        let (name, after_name) = self.tag_name(self.position + 2)?;
        let first = attributes.len();
        let end = self.attributes(after_name, attributes, first);
        attributes.truncate(first);
        self.position = end?;
        Ok(Token::EndTag { name })
    }

    /// Reads the tag name starting at `start`, and returns it with the index after it.
    fn tag_name(&self, start: usize) -> Result<(Cow<'s, str>, usize), Unsupported> {
        let mut index = start;
        while let Some(&byte) = self.bytes.get(index) {
            if is_whitespace(byte) || byte == b'/' || byte == b'>' {
                return Ok((lower_case(&self.source[start..index]), index));
            }
            index += 1;
        }
        Err(Unsupported)
    }

    /// Reads the attributes from `index` to the `>` that closes the tag, and returns the index
    /// after it. An attribute whose name an earlier one of the tag has is dropped.
    ///
    /// The states are those of the standard from "before attribute name" on. A `/` not
    /// followed by `>`, and a quoted value followed by another character, both go back to
    /// "before attribute name". The self-closing flag is not kept, because nothing the light
    /// tree reads depends on it.
    fn attributes(
        &self,
        mut index: usize,
        attributes: &mut Vec<Attribute<'s>>,
        first: usize,
    ) -> Result<usize, Unsupported> {
        let bytes = self.bytes;
        loop {
            // Before attribute name.
            while bytes.get(index).is_some_and(|&byte| is_whitespace(byte)) {
                index += 1;
            }
            match bytes.get(index) {
                None => return Err(Unsupported),
                Some(b'>') => return Ok(index + 1),
                Some(b'/') => {
                    index += 1;
                    continue;
                }
                Some(_) => {}
            }

            // Attribute name: its first character may be `=`.
            let name_start = index;
            index += 1;
            while let Some(&byte) = bytes.get(index) {
                if is_whitespace(byte) || byte == b'/' || byte == b'>' || byte == b'=' {
                    break;
                }
                index += 1;
            }
            let name = lower_case(&self.source[name_start..index]);

            // After attribute name.
            let mut after_name = index;
            while bytes.get(after_name).is_some_and(|&byte| is_whitespace(byte)) {
                after_name += 1;
            }
            let value = match bytes.get(after_name) {
                None => return Err(Unsupported),
                Some(b'=') => {
                    // Before attribute value.
                    let mut value_start = after_name + 1;
                    while bytes.get(value_start).is_some_and(|&byte| is_whitespace(byte)) {
                        value_start += 1;
                    }
                    match bytes.get(value_start) {
                        None => return Err(Unsupported),
                        Some(&quote @ (b'"' | b'\'')) => {
                            let offset = memchr(quote, &bytes[value_start + 1..]).ok_or(Unsupported)?;
                            let value_end = value_start + 1 + offset;
                            index = value_end + 1;
                            self.decode_attribute(value_start + 1..value_end)?
                        }
                        Some(b'>') => {
                            index = value_start;
                            Cow::Borrowed("")
                        }
                        Some(_) => {
                            let mut value_end = value_start;
                            while let Some(&byte) = bytes.get(value_end) {
                                if is_whitespace(byte) || byte == b'>' {
                                    break;
                                }
                                value_end += 1;
                            }
                            if value_end >= bytes.len() {
                                return Err(Unsupported);
                            }
                            index = value_end;
                            self.decode_attribute(value_start..value_end)?
                        }
                    }
                }
                Some(_) => {
                    index = after_name;
                    Cow::Borrowed("")
                }
            };

            if !attributes[first..].iter().any(|attribute| attribute.name == name) {
                attributes.push(Attribute { name, value });
            }
        }
    }

    /// Reads a comment or `<!DOCTYPE html>` at a `<!`.
    fn declaration(&mut self) -> Result<Token<'s>, Unsupported> {
        let start = self.position;
        let rest = &self.bytes[start + 2..];
        if rest.starts_with(b"--") {
            self.position = comment_end(self.bytes, start + 4)?;
            return Ok(Token::Comment);
        }
        if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            let mut index = start + 9;
            let spaces = index;
            while self.bytes.get(index).is_some_and(|&byte| is_whitespace(byte)) {
                index += 1;
            }
            let name_ok = index > spaces
                && self.bytes.get(index..index + 4).is_some_and(|name| name.eq_ignore_ascii_case(b"html"));
            if name_ok {
                index += 4;
                while self.bytes.get(index).is_some_and(|&byte| is_whitespace(byte)) {
                    index += 1;
                }
                if self.bytes.get(index) == Some(&b'>') {
                    self.position = index + 1;
                    return Ok(Token::Doctype);
                }
            }
        }
        Err(Unsupported)
    }

    /// Decodes the character references of text in the data or RCDATA state.
    fn decode(&mut self, range: Range<usize>) -> Result<Cow<'s, str>, Unsupported> {
        let (text, decoded_latin1) = decode_references(self.source, range)?;
        self.decoded_latin1 |= decoded_latin1;
        Ok(text)
    }

    /// Decodes the character references of an attribute value. Only references that end with
    /// `;` are decoded; the rule for references without one in attributes never applies,
    /// because those are unsupported.
    fn decode_attribute(&self, range: Range<usize>) -> Result<Cow<'s, str>, Unsupported> {
        // Attribute values never reach the visible text, which the legacy-encoding check reads.
        decode_references(self.source, range).map(|(value, _)| value)
    }
}

/// `source[range]` with its character references decoded, and whether one of them was a
/// character of U+00A1–U+00FF.
fn decode_references(source: &str, range: Range<usize>) -> Result<(Cow<'_, str>, bool), Unsupported> {
    let bytes = source.as_bytes();
    let Range { start, end } = range;
    let Some(first) = memchr(b'&', &bytes[start..end]) else {
        return Ok((Cow::Borrowed(&source[start..end]), false));
    };

    let mut decoded = String::with_capacity(end - start);
    let mut latin1 = false;
    let mut copied = start;
    let mut search = start + first;
    while let Some(offset) = memchr(b'&', &bytes[search..end]) {
        let ampersand = search + offset;
        match character_reference(source, ampersand)? {
            Some(reference) => {
                decoded.push_str(&source[copied..ampersand]);
                for character in reference.characters.into_iter().flatten() {
                    latin1 |= ('\u{A1}'..='\u{FF}').contains(&character);
                    decoded.push(character);
                }
                copied = reference.end;
                search = reference.end;
            }
            None => search = ampersand + 1,
        }
    }
    decoded.push_str(&source[copied..end]);
    Ok((Cow::Owned(decoded), latin1))
}

/// Returns the index after the comment whose content starts at `start` (after `<!--`).
///
/// A comment ends at `<!-->` or `<!--->`, else at its first `-->` or `--!>`. In the comment
/// states of the standard, `--` followed by anything else keeps the comment open, and a
/// nested `<!--` acts only through those same sequences.
fn comment_end(bytes: &[u8], start: usize) -> Result<usize, Unsupported> {
    let rest = &bytes[start..];
    if rest.starts_with(b">") {
        return Ok(start + 1);
    }
    if rest.starts_with(b"->") {
        return Ok(start + 2);
    }
    let mut search = start;
    loop {
        let offset = memmem::find(&bytes[search..], b"--").ok_or(Unsupported)?;
        let dashes = search + offset;
        match bytes.get(dashes + 2) {
            Some(b'>') => return Ok(dashes + 3),
            Some(b'!') if bytes.get(dashes + 3) == Some(&b'>') => return Ok(dashes + 4),
            Some(_) => search = dashes + 1,
            None => return Err(Unsupported),
        }
    }
}

/// A decoded character reference.
struct Reference {
    /// One or two characters.
    characters: [Option<char>; 2],
    /// Index after the reference.
    end: usize,
}

/// Decodes the character reference at the `&` at `ampersand`, or `None` when the `&` is text.
fn character_reference(source: &str, ampersand: usize) -> Result<Option<Reference>, Unsupported> {
    let bytes = source.as_bytes();
    match bytes.get(ampersand + 1) {
        Some(b'#') => numeric_reference(bytes, ampersand),
        Some(byte) if byte.is_ascii_alphanumeric() => named_reference(source, ampersand),
        _ => Ok(None),
    }
}

/// Decodes a named reference: the longest entity name that the text starts with, as the
/// standard consumes it. A match without its final `;` is unsupported, because whether it is decoded
/// depends on what follows it and on whether it is in an attribute.
fn named_reference(source: &str, ampersand: usize) -> Result<Option<Reference>, Unsupported> {
    let bytes = source.as_bytes();
    let mut longest = None;
    let mut index = ampersand + 1;
    while let Some(&byte) = bytes.get(index) {
        if !(byte.is_ascii_alphanumeric() || byte == b';') {
            break;
        }
        // The table contains every prefix of every name, and maps those that are no entity to 0.
        match html5ever::data::NAMED_ENTITIES.get(&source[ampersand + 1..=index]) {
            None => break,
            Some(&(0, _)) => {}
            Some(&codes) => longest = Some((index + 1, codes)),
        }
        if byte == b';' {
            break;
        }
        index += 1;
    }

    let Some((after, (first, second))) = longest else { return Ok(None) };
    if bytes[after - 1] != b';' {
        return Err(Unsupported);
    }
    let first = char::from_u32(first).ok_or(Unsupported)?;
    let second = if second == 0 { None } else { Some(char::from_u32(second).ok_or(Unsupported)?) };
    Ok(Some(Reference { characters: [Some(first), second], end: after }))
}

/// Decodes a numeric reference (`&#233;`, `&#xE9;`). References without `;` and references to
/// characters the standard replaces or flags (NUL, surrogates, C0 and C1 controls other
/// than whitespace, noncharacters, values above U+10FFFF) are unsupported.
fn numeric_reference(bytes: &[u8], ampersand: usize) -> Result<Option<Reference>, Unsupported> {
    let mut index = ampersand + 2;
    let hexadecimal = matches!(bytes.get(index), Some(b'x' | b'X'));
    if hexadecimal {
        index += 1;
    }
    let radix = if hexadecimal { 16 } else { 10 };

    let digits_start = index;
    let mut value: u32 = 0;
    while let Some(digit) = bytes.get(index).and_then(|&byte| char::from(byte).to_digit(radix)) {
        value = value.saturating_mul(radix).saturating_add(digit);
        index += 1;
    }
    if index == digits_start {
        // Without digits, `&#` and `&#x` are text.
        return Ok(None);
    }
    if bytes.get(index) != Some(&b';') {
        return Err(Unsupported);
    }

    let plain = matches!(value, 0x09 | 0x0A | 0x0C | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFDCF | 0xFDF0..=0x10FFFF)
        && value & 0xFFFE != 0xFFFE;
    if !plain {
        return Err(Unsupported);
    }
    let character = char::from_u32(value).ok_or(Unsupported)?;
    Ok(Some(Reference { characters: [Some(character), None], end: index + 1 }))
}

/// `name` in ASCII lower case, borrowed when it already is.
fn lower_case(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|byte| byte.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens, each with the attributes of a start tag.
    type Tokens<'s> = Vec<(Token<'s>, Vec<(String, String)>)>;

    fn tokens(source: &str) -> Result<Tokens<'_>, Unsupported> {
        let mut tokenizer = Tokenizer::new(source)?;
        let mut attributes = Vec::new();
        let mut found = Vec::new();
        while let Some(token) = tokenizer.next_token(&mut attributes)? {
            let pairs = match &token {
                Token::StartTag { attributes: range, .. } => attributes[range.clone()]
                    .iter()
                    .map(|attribute| (attribute.name.to_string(), attribute.value.to_string()))
                    .collect(),
                _ => Vec::new(),
            };
            found.push((token, pairs));
        }
        Ok(found)
    }

    fn text(value: &str) -> Token<'_> {
        Token::Text(Cow::Borrowed(value))
    }

    #[test]
    fn tags_are_lower_cased_and_attributes_deduplicated() {
        let found = tokens(r#"<A HREF="/x" href='/y' Title=t data-x>Go</A>"#).unwrap();
        let pairs = vec![
            ("href".to_owned(), "/x".to_owned()),
            ("title".to_owned(), "t".to_owned()),
            ("data-x".to_owned(), String::new()),
        ];
        assert_eq!(found[0].0, Token::StartTag { name: "a".into(), attributes: 0..3 });
        assert_eq!(found[0].1, pairs);
        assert_eq!(found[1].0, text("Go"));
        assert_eq!(found[2].0, Token::EndTag { name: "a".into() });
    }

    #[test]
    fn attribute_states_follow_the_standard() {
        let found = tokens(r#"<a href=/x/ title="a"b='c' =d / e >"#).unwrap();
        let names: Vec<(String, String)> = found[0].1.clone();
        assert_eq!(
            names,
            vec![
                ("href".to_owned(), "/x/".to_owned()),
                ("title".to_owned(), "a".to_owned()),
                ("b".to_owned(), "c".to_owned()),
                ("=d".to_owned(), String::new()),
                ("e".to_owned(), String::new()),
            ]
        );
    }

    #[test]
    fn references_are_decoded() {
        let found = tokens("AT&amp;T &lt;b&gt; &#233;&#xE9; &copy; R&D &#x; <a title='&quot;x&quot;'>").unwrap();
        assert_eq!(found[0].0, Token::Text("AT&T <b> éé © R&D &#x; ".into()));
        assert_eq!(found[1].1, vec![("title".to_owned(), "\"x\"".to_owned())]);
    }

    #[test]
    fn unsupported_references_are_reported() {
        assert_eq!(tokens("&amp without semicolon").err(), Some(Unsupported));
        assert_eq!(tokens("&#128;").err(), Some(Unsupported));
        assert_eq!(tokens("&#0;").err(), Some(Unsupported));
        assert_eq!(tokens("&#65").err(), Some(Unsupported));
    }

    #[test]
    fn raw_text_runs_to_its_end_tag() {
        let found = tokens("<script>if (a<b) x = '</scriptx>';</SCRIPT ><title>A &amp; B</title>").unwrap();
        assert_eq!(found[1].0, text("if (a<b) x = '</scriptx>';"));
        assert_eq!(found[2].0, Token::EndTag { name: "script".into() });
        assert_eq!(found[4].0, Token::Text("A & B".into()));
        assert_eq!(tokens("<script><!-- x --></script>").err(), Some(Unsupported));
        assert_eq!(tokens("<style>never closed").err(), Some(Unsupported));
    }

    #[test]
    fn comments_end_where_the_standard_ends_them() {
        for (source, rest) in [
            ("<!---->x", "x"),
            ("<!-->x", "x"),
            ("<!--->x", "x"),
            ("<!-- a -- b --->x", "x"),
            ("<!-- a --!>x", "x"),
            ("<!-- <!-- -->x", "x"),
        ] {
            let found = tokens(source).unwrap();
            assert_eq!(found[0].0, Token::Comment, "{source}");
            assert_eq!(found[1].0, text(rest), "{source}");
        }
        assert_eq!(tokens("<!-- never closed").err(), Some(Unsupported));
    }

    #[test]
    fn lone_less_than_signs_are_text() {
        let found = tokens("a < b <3 <").unwrap();
        assert_eq!(found, vec![(text("a < b <3 <"), Vec::new())]);
        assert_eq!(tokens("a </> b").err(), Some(Unsupported));
        assert_eq!(tokens("<?xml?>").err(), Some(Unsupported));
        assert_eq!(tokens("<!x>").err(), Some(Unsupported));
        assert_eq!(tokens("a\r\nb").err(), Some(Unsupported));
    }

    #[test]
    fn doctype_html_only() {
        assert_eq!(tokens("<!DOCTYPE html>").unwrap()[0].0, Token::Doctype);
        assert_eq!(tokens("<!doctype  HTML >").unwrap()[0].0, Token::Doctype);
        assert_eq!(tokens("<!DOCTYPE html PUBLIC \"x\">").err(), Some(Unsupported));
    }
}
