//! The full reader: facts from html5ever's tree of the page, built by scraper, with CSS
//! selectors. It handles any HTML, including the error recovery of the HTML5 parser, and is
//! the reference that the light reader must agree with.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use scraper::{ElementRef, Html, Selector};

use super::{HtmlFacts, SharedStrings, TOOLBAR_LABEL, collapse};
use crate::check::encoding;

const BUTTONS: &str = "button, [role=button], input[type=button], input[type=submit], input[type=reset]";

/// Reads every fact of a page from its full tree.
pub(super) fn facts(source: &str, strings: &mut SharedStrings) -> HtmlFacts {
    let document = Html::parse_document(source);
    let text = visible_text_of(&document);
    let legacy_encoding = encoding::detect_legacy(&text);

    HtmlFacts {
        valid_utf8: true,
        is_nfc: crate::text::is_nfc(source),
        lang: document.root_element().value().attr("lang").map(str::to_owned),
        declares_utf8: declares_utf8(&document),
        dublin_core: dublin_core(&document),
        links: select(&document, "a[href]")
            .filter_map(|a| a.value().attr("href"))
            .map(|href| strings.get(href))
            .collect(),
        toolbar_buttons: toolbar_buttons(&document),
        buttons: select(&document, BUTTONS).map(|button| accessible_name(&document, button)).collect(),
        link_names: select(&document, "a[href]").map(|link| strings.get(&accessible_name(&document, link))).collect(),
        article_in_main: select(&document, "main#noi-dung article").next().is_some(),
        main_list_links: select(&document, "main ul a[href], main ol a[href]")
            .filter_map(|a| a.value().attr("href"))
            .map(str::to_owned)
            .collect(),
        main_lists_nested: select(&document, "main li ul, main li ol").next().is_some(),
        search_boxes: select(&document, "input[type=search]").map(|input| accessible_name(&document, input)).collect(),
        forms: select(&document, "form").count(),
        legacy_encoding,
        text: OnceLock::from(text),
        ..HtmlFacts::default()
    }
}

/// Visible text of a page from its full tree.
pub(super) fn visible_text(source: &str) -> String {
    visible_text_of(&Html::parse_document(source))
}

fn select<'a>(document: &'a Html, selector: &str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    // Every caller passes a literal selector of this module, and every unit test of this
    // reader parses all of them, so a typo fails the tests rather than a run.
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

/// Text of the document outside `<script>`, `<style>`, `<template>` and `<noscript>`,
/// including `<title>`.
fn visible_text_of(document: &Html) -> String {
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
