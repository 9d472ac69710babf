//! Content items: the Markdown files under `content/`, read, split, typed and validated.
//!
//! Loading never stops at the first bad file; every problem becomes a [`Diagnostic`] and the
//! good files are still returned, so that a single run lists every error.

pub mod load;
pub mod meta;
pub mod validate;

use std::collections::BTreeMap;

use serde::Serialize;

pub use meta::{FrontMatter, Kind};

use crate::date::VnDate;

/// One content file, parsed and rendered to HTML.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// Path relative to the site root, with `/` separators (`content/tin-tuc/le-hoi.md`).
    pub source: String,
    /// Kind, fixed by the section folder.
    pub kind: Kind,
    /// Section path under `content/` without slashes at the ends (`van-ban/chi-dao-dieu-hanh`);
    /// empty for files at the top of `content/`.
    pub section: String,
    /// Site path of the page, starting and ending with `/` (`/tin-tuc/le-hoi/`).
    pub url: String,
    /// The typed front matter.
    pub meta: FrontMatter,
    /// Line in the source file of each top-level front-matter key.
    pub lines: BTreeMap<String, usize>,
    /// Line in the source file where the Markdown body starts.
    pub body_line: usize,
    /// The body rendered to HTML; empty when loaded without `LoadOptions::body_html`.
    pub content_html: String,
    /// The body as plain text, for summaries and checks.
    pub plain_text: String,
    /// Files attached through `tep`, `van_ban_goc`, `van_ban_du_thao` and `anh`.
    pub attachments: Vec<Attachment>,
    /// Links found in the body, for the link check.
    pub links: Vec<BodyLink>,
    /// Element ids the page defines in its body (heading ids and raw HTML ids).
    pub anchors: Vec<String>,
    /// Hash of the source text, so that a rebuild can tell which pages changed.
    pub version: u64,
}

impl Page {
    /// Title, falling back to the document summary or the URL.
    pub fn title(&self) -> &str {
        self.meta
            .title
            .as_deref()
            .or(self.meta.trich_yeu.as_deref())
            .or(self.meta.ten_du_an.as_deref())
            .or(self.meta.cau_hoi.as_deref())
            .unwrap_or(&self.url)
    }

    /// The date the page is sorted and dated by: `date`, else the posting or issue date.
    pub fn effective_date(&self) -> Option<&VnDate> {
        self.meta
            .date
            .as_ref()
            .or(self.meta.ngay_dang.as_ref())
            .or(self.meta.ngay_ban_hanh.as_ref())
            .or(self.meta.ngay_hoi.as_ref())
            .or(self.meta.ngay_bat_dau.as_ref())
    }

    /// Line of a front-matter key, or the first line when the key is absent.
    pub fn line_of(&self, key: &str) -> usize {
        self.lines.get(key).copied().unwrap_or(1)
    }
}

/// A file attached to a page and copied next to it in the output.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    /// Front-matter key that names it.
    pub field: String,
    /// Source path relative to the site root.
    pub source: String,
    /// Site path of the copy.
    pub url: String,
    /// Name shown on the link: the given name, else the file name.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
}

/// A link in a page's Markdown body.
#[derive(Debug, Clone, Serialize)]
pub struct BodyLink {
    /// Target as written.
    pub target: String,
    /// Site path of a relative target, as rewritten in the HTML.
    pub site_path: Option<String>,
    /// Line in the source file.
    pub line: usize,
}
