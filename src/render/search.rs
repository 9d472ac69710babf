//! The search index behind `/tim-kiem/`: one JSON file with, per page, its title, address,
//! date, document number and text. The page's script folds query and index the same way
//! (NFC, lower case, tone marks dropped, `đ` to `d`), so "chuyen doi so" finds "chuyển đổi số".

use serde::Serialize;

use crate::content::meta::Kind;
use crate::site::Site;

/// Site path of the index.
pub const INDEX_URL: &str = "/tim-kiem/chi-muc.json";

/// Characters of body text kept per page.
const TEXT_CHARS: usize = 4_000;

#[derive(Debug, Serialize)]
struct Entry<'a> {
    /// Title.
    t: &'a str,
    /// Site path.
    u: &'a str,
    /// Date, `dd/mm/yyyy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    /// Document number and symbol.
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<&'a str>,
    /// Summary and body text.
    x: String,
}

/// The index as JSON bytes, pages in URL order.
pub fn index(site: &Site) -> serde_json::Result<Vec<u8>> {
    let entries: Vec<Entry> = site
        .pages
        .iter()
        .filter(|page| page.kind != Kind::Section || !page.plain_text.trim().is_empty())
        .map(|page| {
            let mut text = String::new();
            for extra in [&page.meta.description, &page.meta.trich_yeu, &page.meta.cau_hoi, &page.meta.tra_loi].into_iter().flatten() {
                text.push_str(extra);
                text.push(' ');
            }
            text.push_str(&page.plain_text.split_whitespace().collect::<Vec<_>>().join(" "));
            let text: String = text.chars().take(TEXT_CHARS).collect();
            Entry {
                t: page.title(),
                u: &page.url,
                d: page.effective_date().map(|date| date.to_vietnamese()),
                k: page.meta.so_ky_hieu.as_deref(),
                x: text,
            }
        })
        .collect();
    serde_json::to_vec(&entries)
}
