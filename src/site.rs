//! The site model: configuration, agency data and every content page, loaded from a site
//! folder and validated as a whole (URL collisions, links, attachments).
//!
//! Rendering and the self-check both start from a [`Site`]; neither reads `content/` again.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::load::Asset;
use crate::content::{Kind, Page};
use crate::data::SiteData;
use crate::diag::Diagnostics;

/// Everything the build and the self-check know about one site.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site folder.
    pub root: PathBuf,
    pub config: Config,
    pub data: SiteData,
    /// Every page, drafts excluded unless requested, sorted by URL.
    pub pages: Vec<Page>,
    /// Non-Markdown files under `content/`, published beside the pages.
    pub assets: Vec<Asset>,
}

/// What to include while loading.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Include pages with `draft: true`.
    pub drafts: bool,
    /// Keep each page's body as HTML in [`Page::content_html`]. Without it the field is
    /// empty, which saves memory for callers that render no page, such as the self-check
    /// (about 65 MB on a site of 11,000 items).
    pub body_html: bool,
}

impl Default for LoadOptions {
    /// No drafts, bodies kept.
    fn default() -> LoadOptions {
        LoadOptions { drafts: false, body_html: true }
    }
}

impl Site {
    /// Loads and validates the site in `root`. Returns the site when no error was found,
    /// together with the warnings; otherwise every error and warning.
    pub fn load(root: &Path, options: LoadOptions) -> Result<(Site, Diagnostics), Diagnostics> {
        crate::content::load::load_site(root, options)
    }

    /// Pages of one kind, in URL order.
    pub fn pages_of(&self, kind: Kind) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(move |page| page.kind == kind)
    }

    /// Pages directly or indirectly under a section (`van-ban` includes its subsections),
    /// section index pages excluded.
    pub fn pages_in<'a>(&'a self, section: &str) -> impl Iterator<Item = &'a Page> + use<'a> {
        let section = section.to_owned();
        let prefix = format!("{section}/");
        self.pages.iter().filter(move |page| {
            page.kind != Kind::Section && (page.section == section || page.section.starts_with(&prefix))
        })
    }

    /// The page at a site path, if any.
    pub fn page_at(&self, url: &str) -> Option<&Page> {
        self.pages.binary_search_by(|page| page.url.as_str().cmp(url)).ok().map(|index| &self.pages[index])
    }
}
