//! `sitemap.xml` and `rss.xml`, written with quick-xml so that they are well-formed whatever
//! the titles contain; characters that XML 1.0 forbids (most control characters) are dropped.

use std::io::Cursor;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::content::Page;
use crate::content::meta::Kind;
use crate::render::plan::sort_newest_first;
use crate::render::views::summary_of;
use crate::site::Site;

/// Items in `rss.xml`.
const FEED_ITEMS: usize = 50;

/// `text` without the characters XML 1.0 does not allow.
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}'))
        .collect()
}

fn text_element(writer: &mut Writer<Cursor<Vec<u8>>>, name: &str, text: &str) -> std::io::Result<()> {
    writer.write_event(Event::Start(BytesStart::new(name)))?;
    writer.write_event(Event::Text(BytesText::new(&xml_safe(text))))?;
    writer.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}

/// `sitemap.xml` listing `urls` (site paths) with their last change date, if known.
pub fn sitemap(site: &Site, urls: &[(String, Option<String>)]) -> std::io::Result<Vec<u8>> {
    let mut writer = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 1);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut urlset = BytesStart::new("urlset");
    urlset.push_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
    writer.write_event(Event::Start(urlset))?;
    for (url, last_modified) in urls {
        writer.write_event(Event::Start(BytesStart::new("url")))?;
        text_element(&mut writer, "loc", &site.config.absolute(url))?;
        if let Some(date) = last_modified {
            text_element(&mut writer, "lastmod", date)?;
        }
        writer.write_event(Event::End(BytesEnd::new("url")))?;
    }
    writer.write_event(Event::End(BytesEnd::new("urlset")))?;
    let mut bytes = writer.into_inner().into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// Returns the pages the feed lists: the newest dated news items, documents and plans.
pub fn feed_items(site: &Site) -> Vec<&Page> {
    let mut items: Vec<&Page> = site.pages.iter().filter(|page| is_feed_item(page)).collect();
    sort_newest_first(&mut items);
    items.truncate(FEED_ITEMS);
    items
}

/// Returns the pages the feed lists, as [`feed_items`] does, from `newest`: pages already
/// sorted newest first, such as those of [`crate::render::layout::Layout::newest`].
pub fn feed_items_of<'a>(newest: impl IntoIterator<Item = &'a Page>) -> Vec<&'a Page> {
    newest.into_iter().filter(|page| is_feed_item(page)).take(FEED_ITEMS).collect()
}

fn is_feed_item(page: &Page) -> bool {
    matches!(page.kind, Kind::News | Kind::Document | Kind::Plan) && page.effective_date().is_some()
}

/// `rss.xml` with the latest news, documents and plans.
pub fn rss(site: &Site) -> std::io::Result<Vec<u8>> {
    rss_of(site, &feed_items(site))
}

/// `rss.xml` listing `items`, the result of [`feed_items`].
pub fn rss_of(site: &Site, items: &[&Page]) -> std::io::Result<Vec<u8>> {
    let config = &site.config;
    let mut writer = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 1);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut rss = BytesStart::new("rss");
    rss.push_attribute(("version", "2.0"));
    rss.push_attribute(("xmlns:atom", "http://www.w3.org/2005/Atom"));
    writer.write_event(Event::Start(rss))?;
    writer.write_event(Event::Start(BytesStart::new("channel")))?;
    text_element(&mut writer, "title", &config.ten_co_quan)?;
    text_element(&mut writer, "link", &config.absolute("/"))?;
    text_element(&mut writer, "description", config.mo_ta.as_deref().unwrap_or(&config.ten_co_quan))?;
    text_element(&mut writer, "language", "vi")?;
    let mut self_link = BytesStart::new("atom:link");
    let feed_url = config.absolute("/rss.xml");
    self_link.push_attribute(("href", feed_url.as_str()));
    self_link.push_attribute(("rel", "self"));
    self_link.push_attribute(("type", "application/rss+xml"));
    writer.write_event(Event::Empty(self_link))?;
    if let Some(latest) = items.first().and_then(|page| page.effective_date()) {
        text_element(&mut writer, "lastBuildDate", &latest.to_rfc2822())?;
    }

    for page in items {
        writer.write_event(Event::Start(BytesStart::new("item")))?;
        text_element(&mut writer, "title", page.title())?;
        let link = config.absolute(&page.url);
        text_element(&mut writer, "link", &link)?;
        let mut guid = BytesStart::new("guid");
        guid.push_attribute(("isPermaLink", "true"));
        writer.write_event(Event::Start(guid))?;
        writer.write_event(Event::Text(BytesText::new(&xml_safe(&link))))?;
        writer.write_event(Event::End(BytesEnd::new("guid")))?;
        text_element(&mut writer, "description", &summary_of(page))?;
        if let Some(date) = page.effective_date() {
            text_element(&mut writer, "pubDate", &date.to_rfc2822())?;
        }
        for tag in &page.meta.tags {
            text_element(&mut writer, "category", tag)?;
        }
        writer.write_event(Event::End(BytesEnd::new("item")))?;
    }
    writer.write_event(Event::End(BytesEnd::new("channel")))?;
    writer.write_event(Event::End(BytesEnd::new("rss")))?;
    let mut bytes = writer.into_inner().into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(xml_safe("a\u{0}b\u{1b}c\td"), "abc\td");
        assert_eq!(xml_safe("Chuyển đổi số & <b>"), "Chuyển đổi số & <b>");
    }
}
