//! The site-wide order and grouping that every plan starts from: section titles, the
//! newest-first order of the items, the pages of each tag and category, and the HTML site
//! map's list of entries.
//!
//! A [`Layout`] refers to pages by their position in `Site::pages`. It depends only on the
//! fields that place a page (address, kind, section, dates, weight, tags, category, and the
//! titles of section pages and fixed pages), except for the site map, which also shows each
//! item's title. So `trangtin serve` keeps one between edits that keep these fields and
//! only replaces the edited pages' titles in the site map (see [`Layout::refresh_titles`]),
//! rather than sorting and grouping 10,000 items after every save.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::content::Page;
use crate::content::meta::Kind;
use crate::render::plan::{FIXED_SECTIONS, MENU, is_fixed_page, newest_first, section_path, section_url};
use crate::render::theme::escape_html_into;
use crate::render::views::{Link, category_link, tag_link};
use crate::site::Site;

/// The order and grouping of a site's pages; see the module documentation for what it
/// depends on.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Number of pages of the site it was made from.
    page_count: usize,
    /// Section titles by section path, from `_index.md`, a content page at a fixed address,
    /// or the fixed table.
    titles: BTreeMap<String, String>,
    /// Latest date of any content item, used as DC.date of generated pages so that the
    /// output does not depend on the day of the build.
    pub(super) last_change: Option<String>,
    /// Every section path that contains content, for finding subsections.
    pub(super) sections: BTreeSet<String>,
    /// Hash of what every page depends on besides its own content and the day: the
    /// configuration, the agency data, section titles, sections and the site's last change.
    pub(super) global: u64,
    /// Positions of every page but section pages, newest first (see [`newest_first`]).
    /// Lists filter it rather than sort their own items: a filter keeps the order.
    pub(super) newest: Vec<u32>,
    /// For each section path, the positions of the items listed in it or in its
    /// subsections, newest first. Content pages at fixed addresses are not listed.
    section_items: FxHashMap<String, Vec<u32>>,
    /// Tags by address.
    pub(super) tags: Vec<Term>,
    /// Categories by address.
    pub(super) categories: Vec<Term>,
    site_map: SiteMap,
}

/// A tag or a category: its address, its title and its pages, newest first.
#[derive(Debug, Clone)]
pub(super) struct Term {
    pub url: String,
    pub title: String,
    /// Positions of the pages in `Site::pages`.
    pub pages: Vec<u32>,
}

/// Returns the position of a page of `site.pages` as a `u32`.
fn position(index: usize) -> u32 {
    u32::try_from(index).expect("fewer than 2^32 pages")
}

impl Layout {
    /// Sorts and groups the pages of `site`.
    pub fn new(site: &Site) -> Layout {
        let mut titles: BTreeMap<String, String> =
            FIXED_SECTIONS.iter().map(|(path, title, _)| (path.to_string(), title.to_string())).collect();
        titles.insert(String::new(), "Trang chủ".to_owned());
        for page in site.pages_of(Kind::Section) {
            if let Some(title) = &page.meta.title {
                titles.insert(page.section.clone(), title.clone());
            }
        }
        // Content pages that stand at a fixed address (gioi-thieu/lich-su.md) name it too.
        for page in &site.pages {
            let path = section_path(&page.url);
            if titles.contains_key(path) && page.kind != Kind::Section {
                if let Some(title) = &page.meta.title {
                    titles.insert(path.to_owned(), title.clone());
                }
            }
        }
        let last_change = site.pages.iter().filter_map(|page| page.effective_date()).max().map(|date| date.iso_day());

        // Distinct sections first, so that each is copied once rather than once per page.
        let distinct: FxHashSet<&str> =
            site.pages.iter().map(|page| page.section.as_str()).filter(|section| !section.is_empty()).collect();
        let sections: BTreeSet<String> = distinct.into_iter().map(str::to_owned).collect();

        let pages = &site.pages;
        let mut newest: Vec<u32> =
            (0..pages.len()).filter(|&index| pages[index].kind != Kind::Section).map(position).collect();
        newest.sort_by(|&a, &b| newest_first(&pages[a as usize], &pages[b as usize]));

        let global = {
            let mut hasher = FxHasher::default();
            serde_json::to_string(&(&site.config, &site.data)).unwrap_or_default().hash(&mut hasher);
            (&titles, &last_change, &sections).hash(&mut hasher);
            hasher.finish()
        };
        let section_items = section_items(site, &newest);
        let (tags, categories) = terms(site, &newest);
        let mut layout = Layout {
            page_count: site.pages.len(),
            titles,
            last_change,
            sections,
            global,
            newest,
            section_items,
            tags,
            categories,
            site_map: SiteMap::default(),
        };
        layout.site_map = SiteMap::new(&layout, site);
        layout
    }

    /// Returns whether the layout can be used to plan `site`: it was made from a site with
    /// as many pages. A layout made from another site entirely is not detected.
    pub fn fits(&self, site: &Site) -> bool {
        self.page_count == site.pages.len()
    }

    /// Writes the current titles of the pages at `urls` into the site map. The pages must
    /// have kept their positions in `site.pages` since the layout was made; addresses with
    /// no page or no site-map entry are skipped.
    pub fn refresh_titles<'u>(&mut self, site: &Site, urls: impl IntoIterator<Item = &'u str>) {
        for url in urls {
            if let Ok(index) = site.pages.binary_search_by(|page| page.url.as_str().cmp(url)) {
                self.site_map.set_title(position(index), site.pages[index].title());
            }
        }
    }

    /// Returns the pages of `site` but section pages, newest first.
    pub fn newest<'s>(&self, site: &'s Site) -> impl Iterator<Item = &'s Page> + use<'s, '_> {
        self.newest.iter().map(|&at| &site.pages[at as usize])
    }

    /// Returns the positions of the items listed in `section` or in its subsections, newest
    /// first.
    pub(super) fn items_in(&self, section: &str) -> &[u32] {
        self.section_items.get(section).map(Vec::as_slice).unwrap_or_default()
    }

    /// Returns the HTML of the site map's nested list, escaped.
    pub(super) fn site_map_html(&self) -> &str {
        &self.site_map.html
    }

    pub(super) fn title_of(&self, section: &str) -> String {
        self.titles.get(section).cloned().unwrap_or_else(|| section.rsplit('/').next().unwrap_or(section).to_owned())
    }

    /// Returns links to the direct subsections of `section`: fixed ones and those with content.
    pub(super) fn child_sections(&self, section: &str) -> Vec<Link> {
        child_section_paths(&self.sections, section)
            .into_iter()
            .map(|path| Link { title: self.title_of(&path), url: section_url(&path) })
            .collect()
    }
}

/// Returns the paths of the direct subsections of `section`, among the fixed ones and `sections`.
fn child_section_paths(sections: &BTreeSet<String>, section: &str) -> BTreeSet<String> {
    let prefix = format!("{section}/");
    let mut children: BTreeSet<String> = BTreeSet::new();
    for (path, _, _) in FIXED_SECTIONS {
        if let Some(rest) = path.strip_prefix(&prefix) {
            if !rest.contains('/') {
                children.insert(path.to_string());
            }
        }
    }
    for child in sections.range(prefix.clone()..) {
        let Some(rest) = child.strip_prefix(&prefix) else { break };
        children.insert(format!("{prefix}{}", rest.split('/').next().unwrap_or(rest)));
    }
    children
}

/// Groups the items of `newest` by section, each under its own section and every
/// ancestor of it (`van-ban/quy-pham-phap-luat` and `van-ban`), in the order of `newest`.
/// Content pages at fixed addresses are left out.
fn section_items(site: &Site, newest: &[u32]) -> FxHashMap<String, Vec<u32>> {
    let mut items: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    for &at in newest {
        let page = &site.pages[at as usize];
        if page.section.is_empty() || is_fixed_page(page) {
            continue;
        }
        let ends = page.section.match_indices('/').map(|(end, _)| end).chain([page.section.len()]);
        for end in ends {
            let section = &page.section[..end];
            match items.get_mut(section) {
                Some(positions) => positions.push(at),
                None => {
                    items.insert(section.to_owned(), vec![at]);
                }
            }
        }
    }
    items
}

/// Groups the pages of `site` by tag and by category, each list in the order of `newest`.
/// A term's title comes from the first page, by address, that names it. Each distinct name is
/// turned into a link once, and names with one address share one term.
fn terms(site: &Site, newest: &[u32]) -> (Vec<Term>, Vec<Term>) {
    let mut tags = Terms::default();
    let mut categories = Terms::default();
    for page in site.pages.iter().filter(|page| page.kind != Kind::Section) {
        for tag in &page.meta.tags {
            tags.name(tag, tag_link);
        }
        if let Some(category) = &page.meta.chuyen_muc {
            categories.name(category, category_link);
        }
    }
    for &at in newest {
        let page = &site.pages[at as usize];
        for tag in &page.meta.tags {
            tags.add(tag, at);
        }
        if let Some(category) = &page.meta.chuyen_muc {
            categories.add(category, at);
        }
    }
    (tags.by_address(), categories.by_address())
}

/// The tags or the categories of a site while they are collected: each term, and the term
/// of each name.
#[derive(Default)]
struct Terms<'a> {
    terms: Vec<Term>,
    by_url: FxHashMap<String, usize>,
    by_name: FxHashMap<&'a str, usize>,
}

impl<'a> Terms<'a> {
    /// Registers `name`, linked by `link`, under the term of its address.
    fn name(&mut self, name: &'a str, link: fn(&str) -> Link) {
        if self.by_name.contains_key(name) {
            return;
        }
        let Link { title, url } = link(name);
        let index = match self.by_url.get(&url) {
            Some(&index) => index,
            None => {
                self.terms.push(Term { url: url.clone(), title, pages: Vec::new() });
                self.by_url.insert(url, self.terms.len() - 1);
                self.terms.len() - 1
            }
        };
        self.by_name.insert(name, index);
    }

    /// Appends the page at position `at` to the list of the term of `name`, once per page.
    fn add(&mut self, name: &str, at: u32) {
        if let Some(&index) = self.by_name.get(name) {
            let pages = &mut self.terms[index].pages;
            if pages.last() != Some(&at) {
                pages.push(at);
            }
        }
    }

    /// Returns the terms sorted by address.
    fn by_address(mut self) -> Vec<Term> {
        self.terms.sort_by(|a, b| a.url.cmp(&b.url));
        self.terms
    }
}

/// The nested list of the HTML site map: every section with its subsections, then its items
/// newest first, each entry a link. The list is kept as HTML, with the byte range of every
/// item's title, so that a title edit replaces one range instead of writing the 10,000
/// other entries again.
#[derive(Debug, Clone, Default)]
struct SiteMap {
    html: String,
    /// Byte ranges in `html` of the items' escaped titles, in document order.
    titles: Vec<Range<usize>>,
    /// For each page position, its index in `titles`.
    entry_of: FxHashMap<u32, usize>,
}

impl SiteMap {
    fn new(layout: &Layout, site: &Site) -> SiteMap {
        // The items of each section, newest first, gathered in one pass.
        let mut items: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
        for &at in &layout.newest {
            let page = &site.pages[at as usize];
            if !page.section.is_empty() && !is_fixed_page(page) {
                items.entry(page.section.as_str()).or_default().push(at);
            }
        }
        let mut tops: Vec<String> = MENU.iter().filter(|section| !section.is_empty()).map(|s| s.to_string()).collect();
        let mut others: BTreeSet<String> = BTreeSet::new();
        for (path, _, _) in FIXED_SECTIONS {
            let top = path.split('/').next().unwrap_or(path);
            if !MENU.contains(&top) {
                others.insert(top.to_owned());
            }
        }
        for page in &site.pages {
            let top = page.section.split('/').next().unwrap_or("");
            if !top.is_empty() && !MENU.contains(&top) {
                others.insert(top.to_owned());
            }
        }
        tops.extend(others);

        let mut map = SiteMap { html: String::with_capacity(site.pages.len() * 160), ..SiteMap::default() };
        let writer = SiteMapWriter { layout, site, items: &items };
        writer.list(&tops, &mut map);
        map
    }

    /// Replaces the title of the entry of the page at position `at`, if it has one.
    fn set_title(&mut self, at: u32, title: &str) {
        let Some(&entry) = self.entry_of.get(&at) else { return };
        let mut escaped = String::with_capacity(title.len() + 8);
        escape_html_into(title, &mut escaped);
        let range = self.titles[entry].clone();
        if self.html[range.clone()] == escaped {
            return;
        }
        let (old_len, new_len) = (range.len(), escaped.len());
        self.html.replace_range(range.clone(), &escaped);
        self.titles[entry] = range.start..range.start + new_len;
        // Later entries start at or after the end of the replaced range, so subtracting the
        // old length after adding the new one cannot underflow.
        for later in &mut self.titles[entry + 1..] {
            *later = later.start + new_len - old_len..later.end + new_len - old_len;
        }
    }
}

/// Writes the nested list of the site map; see [`SiteMap`].
struct SiteMapWriter<'w> {
    layout: &'w Layout,
    site: &'w Site,
    /// Positions of each section's own items, newest first.
    items: &'w FxHashMap<&'w str, Vec<u32>>,
}

impl SiteMapWriter<'_> {
    /// Writes a `<ul>` with one entry per section of `sections`.
    fn list(&self, sections: &[String], map: &mut SiteMap) {
        map.html.push_str("<ul>\n");
        for section in sections {
            self.section(section, map);
        }
        map.html.push_str("</ul>\n");
    }

    /// Writes the entry of `section`: a link, then its subsections and its own items.
    fn section(&self, section: &str, map: &mut SiteMap) {
        let html = &mut map.html;
        html.push_str("<li><a href=\"");
        escape_html_into(&section_url(section), html);
        html.push_str("\">");
        escape_html_into(&self.layout.title_of(section), html);
        html.push_str("</a>");

        let children: Vec<String> = child_section_paths(&self.layout.sections, section).into_iter().collect();
        let own_items = self.items.get(section).map(Vec::as_slice).unwrap_or_default();
        if !children.is_empty() || !own_items.is_empty() {
            map.html.push('\n');
            map.html.push_str("<ul>\n");
            for child in &children {
                self.section(child, map);
            }
            for &at in own_items {
                self.item(at, map);
            }
            map.html.push_str("</ul>\n");
        }
        map.html.push_str("</li>\n");
    }

    /// Writes the entry of the page at position `at`, recording where its title lies.
    fn item(&self, at: u32, map: &mut SiteMap) {
        let page = &self.site.pages[at as usize];
        let html = &mut map.html;
        html.push_str("<li><a href=\"");
        escape_html_into(&page.url, html);
        html.push_str("\">");
        let start = html.len();
        escape_html_into(page.title(), html);
        map.entry_of.insert(at, map.titles.len());
        map.titles.push(start..html.len());
        map.html.push_str("</a></li>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_of_one_address_merge() {
        let mut terms = Terms::default();
        terms.name("Chuyển đổi số", tag_link);
        terms.name("chuyển đổi số", tag_link);
        terms.name("An toàn", tag_link);

        terms.add("chuyển đổi số", 7);
        terms.add("Chuyển đổi số", 7);
        let terms = terms.by_address();

        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].url, "/the/an-toan/", "terms are sorted by address");
        assert!(terms[0].pages.is_empty());
        assert_eq!(terms[1].url, "/the/chuyen-doi-so/");
        assert_eq!(terms[1].title, "Chuyển đổi số", "the first name gives the title");
        assert_eq!(terms[1].pages, [7], "a page is listed once under two names of one term");
    }
}
