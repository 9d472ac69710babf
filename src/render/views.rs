//! What templates see: plain serialisable views built from the site model, with dates
//! already formatted the Vietnamese way and metadata already assembled.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::content::meta::{Kind, PlanTerm, ProjectStatus};
use crate::content::{Attachment, FrontMatter, Page};
use crate::data::Agency;
use crate::site::Site;

/// Characters of body text used for a summary when `description` is absent.
const SUMMARY_CHARS: usize = 220;

/// Site-wide values every template receives as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub name: String,
    pub short_name: Option<String>,
    pub parent: Option<String>,
    pub province: String,
    pub base_url: String,
    pub description: Option<String>,
    pub menu: Vec<Link>,
    pub footer_links: Vec<Link>,
    pub agency: Option<Agency>,
    pub theme_url: &'static str,
}

/// A link with its text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// Per-page values every template receives as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub description: String,
    /// Dublin Core elements, in order, as (element, value).
    pub dc: Vec<(String, String)>,
    /// Open Graph properties, as (property, value).
    pub og: Vec<(String, String)>,
    pub breadcrumbs: Vec<Link>,
    /// The menu entry this page belongs to, for `aria-current`.
    pub menu_url: String,
    /// Article pages get the print and save tools.
    pub is_article: bool,
    /// `noindex` for pages such as 404.
    pub noindex: bool,
}

/// A content item as lists and item pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub kind: Kind,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub updated: Option<String>,
    pub summary: String,
    pub meta: &'a FrontMatter,
    pub attachments: &'a [Attachment],
    /// Document dates in `dd/mm/yyyy`.
    pub issued: Option<String>,
    pub effective: Option<String>,
    pub expires: Option<String>,
    pub posted: Option<String>,
    pub year: Option<i32>,
    /// `Còn hiệu lực` / `Hết hiệu lực` for documents with an expiry date.
    pub validity: Option<&'static str>,
    pub term: Option<&'static str>,
    pub status: Option<&'static str>,
    pub deadline: Option<String>,
    pub asked: Option<String>,
    pub answered: Option<String>,
    pub category: Option<Link>,
    pub tags: Vec<Link>,
    /// Replacing documents' or replaced documents' pages, by number.
    pub replaced_by: Vec<Link>,
    pub replaces: Vec<Link>,
}

fn vn(date: &Option<crate::date::VnDate>) -> Option<String> {
    date.as_ref().map(|date| date.to_vietnamese())
}

/// First `SUMMARY_CHARS` characters of the body, cut at a word.
pub fn summary_of(page: &Page) -> String {
    if let Some(description) = page.meta.description.as_deref().or(page.meta.trich_yeu.as_deref()) {
        return description.trim().to_owned();
    }
    // Only the words that can reach the cut are joined, because bodies run to thousands of
    // words and a list page needs the summaries of all of its items.
    let mut text = String::new();
    let mut chars = 0;
    for word in page.plain_text.split_whitespace() {
        if chars > 0 {
            text.push(' ');
            chars += 1;
        }
        text.push_str(word);
        chars += word.chars().count();
        if chars > SUMMARY_CHARS {
            break;
        }
    }
    if chars <= SUMMARY_CHARS {
        return text;
    }
    let cut: String = text.chars().take(SUMMARY_CHARS).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

/// Display name and URL of a category slug.
pub fn category_link(slug: &str) -> Link {
    let title = match slug {
        "hoat-dong" => "Hoạt động".to_owned(),
        "tuyen-truyen-phap-luat" => "Tuyên truyền pháp luật".to_owned(),
        "khen-thuong-xu-phat" => "Khen thưởng, xử phạt".to_owned(),
        "chuyen-doi-so" => "Chuyển đổi số".to_owned(),
        other => {
            let mut words = other.replace('-', " ");
            if let Some(first) = words.get(..1) {
                words = first.to_uppercase() + &words[1..];
            }
            words
        }
    };
    Link { title, url: format!("/chuyen-muc/{}/", crate::slug::slugify(slug)) }
}

/// Display name and URL of a tag.
pub fn tag_link(tag: &str) -> Link {
    Link { title: tag.to_owned(), url: format!("/the/{}/", crate::slug::slugify(tag)) }
}

/// Documents by number, and the documents that replace each number, built once per build so
/// that each page finds its links without scanning the site.
pub struct DocumentIndex<'a> {
    by_number: HashMap<&'a str, &'a Page>,
    replaced_by: HashMap<&'a str, Vec<&'a Page>>,
}

impl<'a> DocumentIndex<'a> {
    pub fn new(site: &'a Site) -> Self {
        let mut by_number = HashMap::new();
        let mut replaced_by: HashMap<&str, Vec<&Page>> = HashMap::new();
        for page in &site.pages {
            if let Some(number) = page.meta.so_ky_hieu.as_deref() {
                by_number.entry(number).or_insert(page);
            }
            for replaced in &page.meta.thay_the {
                replaced_by.entry(replaced.as_str()).or_default().push(page);
            }
        }
        DocumentIndex { by_number, replaced_by }
    }

    /// Documents whose links `page` shows: those it replaces and those that replace it.
    pub fn related(&self, page: &Page) -> Vec<&'a Page> {
        let mut related: Vec<&Page> =
            page.meta.thay_the.iter().filter_map(|number| self.by_number.get(number.as_str()).copied()).collect();
        if let Some(number) = page.meta.so_ky_hieu.as_deref() {
            related.extend(self.replaced_by.get(number).into_iter().flatten().copied());
        }
        related
    }

    /// Links to the documents that name `page` in `thay_the`.
    fn replacements(&self, page: &Page) -> Vec<Link> {
        let Some(number) = page.meta.so_ky_hieu.as_deref() else {
            return Vec::new();
        };
        self.replaced_by
            .get(number)
            .map(|pages| {
                pages
                    .iter()
                    .map(|other| Link {
                        title: other.meta.so_ky_hieu.clone().unwrap_or_else(|| other.title().to_owned()),
                        url: other.url.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl<'a> ItemView<'a> {
    /// The view of `page`; `today` decides whether a document is still in force.
    pub fn new(page: &'a Page, documents: &DocumentIndex<'a>, today: NaiveDate) -> ItemView<'a> {
        let meta = &page.meta;
        let date = page.effective_date();
        let replaced_by = documents.replacements(page);
        let validity = match (&meta.ngay_het_hieu_luc, page.kind) {
            (Some(expiry), Kind::Document | Kind::Plan) if expiry.day() <= today => Some("Hết hiệu lực"),
            (_, Kind::Document) if !replaced_by.is_empty() => Some("Hết hiệu lực"),
            (_, Kind::Document) if meta.ngay_hieu_luc.is_some() => Some("Còn hiệu lực"),
            _ => None,
        };
        ItemView {
            title: page.title(),
            url: &page.url,
            kind: page.kind,
            date: date.map(|d| d.to_vietnamese()),
            date_iso: date.map(|d| d.to_iso()),
            updated: vn(&meta.updated),
            summary: summary_of(page),
            meta,
            attachments: &page.attachments,
            issued: vn(&meta.ngay_ban_hanh),
            effective: vn(&meta.ngay_hieu_luc),
            expires: vn(&meta.ngay_het_hieu_luc),
            posted: vn(&meta.ngay_dang),
            year: meta.ngay_ban_hanh.as_ref().or(date).map(|d| d.year()),
            validity,
            term: meta.ky_han.map(|term| match term {
                PlanTerm::Year => "Hằng năm",
                PlanTerm::FiveYears => "5 năm",
                PlanTerm::TenYears => "10 năm",
            }),
            status: meta.tinh_trang.map(|status| match status {
                ProjectStatus::ChuanBiDauTu => "Chuẩn bị đầu tư",
                ProjectStatus::DangTrienKhai => "Đang triển khai",
                ProjectStatus::DaHoanThanh => "Đã hoàn thành",
            }),
            deadline: vn(&meta.han_gop_y),
            asked: vn(&meta.ngay_hoi),
            answered: vn(&meta.ngay_tra_loi),
            category: meta.chuyen_muc.as_deref().map(category_link),
            tags: meta.tags.iter().map(|tag| tag_link(tag)).collect(),
            replaced_by,
            replaces: meta
                .thay_the
                .iter()
                .map(|number| Link {
                    title: number.clone(),
                    url: documents.by_number.get(number.as_str()).map(|other| other.url.clone()).unwrap_or_default(),
                })
                .collect(),
        }
    }
}

/// The Dublin Core elements of a page, following the element set that Vietnamese state
/// agency websites publish: title, creator, subject, description, publisher, contributor,
/// date, type, format, identifier, source, language.
pub struct DublinCore<'a> {
    pub config: &'a Config,
    pub title: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub creator: Option<&'a str>,
    pub date: Option<String>,
    pub subject: Vec<String>,
    pub contributor: Option<&'a str>,
    pub source: Option<&'a str>,
    pub doc_type: &'static str,
}

impl DublinCore<'_> {
    pub fn elements(&self) -> Vec<(String, String)> {
        let publisher = self.config.ten_co_quan.clone();
        let mut elements = vec![
            ("DC.title".to_owned(), self.title.to_owned()),
            ("DC.creator".to_owned(), self.creator.map_or(publisher.clone(), str::to_owned)),
        ];
        if !self.subject.is_empty() {
            elements.push(("DC.subject".to_owned(), self.subject.join("; ")));
        }
        elements.push(("DC.description".to_owned(), self.description.to_owned()));
        elements.push(("DC.publisher".to_owned(), publisher));
        if let Some(contributor) = self.contributor {
            elements.push(("DC.contributor".to_owned(), contributor.to_owned()));
        }
        if let Some(date) = &self.date {
            elements.push(("DC.date".to_owned(), date.clone()));
        }
        elements.push(("DC.type".to_owned(), self.doc_type.to_owned()));
        elements.push(("DC.format".to_owned(), "text/html".to_owned()));
        elements.push(("DC.identifier".to_owned(), self.config.absolute(self.url)));
        if let Some(source) = self.source {
            elements.push(("DC.source".to_owned(), source.to_owned()));
        }
        elements.push(("DC.language".to_owned(), "vi".to_owned()));
        elements
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::testing::make_page;

    #[test]
    fn summary_cut_at_word_before_limit() {
        let body = "Chuyển đổi số ".repeat(40);
        let page = make_page("content/tin-tuc/a.md", "title: A\ndate: 15/03/2022\n", &body);

        let summary = summary_of(&page);

        assert!(summary.ends_with('…'), "{summary}");
        let kept = summary.trim_end_matches('…');
        assert!(kept.chars().count() <= SUMMARY_CHARS, "{} characters", kept.chars().count());
        assert!(body.starts_with(kept), "a prefix of the text: {kept}");
        assert!(kept.ends_with("đổi") || kept.ends_with("số") || kept.ends_with("Chuyển"), "cut at a word: {kept}");
    }

    #[test]
    fn short_text_kept_whole_with_spaces_joined() {
        let page = make_page("content/tin-tuc/a.md", "title: A\ndate: 15/03/2022\n", "Một  câu\n\nngắn.");

        assert_eq!(summary_of(&page), "Một câu ngắn.");
    }

    #[test]
    fn description_wins() {
        let page = make_page("content/tin-tuc/a.md", "title: A\ndescription: \" Tóm tắt \"\n", "Nội dung.");

        assert_eq!(summary_of(&page), "Tóm tắt");
    }
}
