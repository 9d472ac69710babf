//! Rendering: every page the site publishes, planned from the site model and rendered with
//! Tera in parallel.
//!
//! [`plan`] lists the pages (content items, section lists with pagination, tag and category
//! pages, the document registry, the fixed pages filled from `data/`, the site map, the
//! search page and 404) as [`Job`]s, from the order and grouping of the pages that
//! [`layout`] works out; [`render_all`] renders them. Feeds and `sitemap.xml` are
//! written by [`feeds`], and [`links`] checks every internal link against the planned files.

pub mod feeds;
pub mod layout;
pub mod links;
pub mod plan;
pub mod search;
pub mod theme;
pub mod views;

use rayon::prelude::*;
use tera::Context;

use crate::diag::Diagnostic;
use theme::{Theme, tera_error_chain};

/// One HTML page to render. The context is built only when the page is rendered, so that the
/// contexts of all pages never sit in memory at once.
pub struct Job<'p> {
    /// Site path of the page (`/tin-tuc/`, `/404.html`).
    pub url: String,
    /// Template name (`list.html`).
    pub template: String,
    /// Source file the page comes from, for error messages.
    pub source: Option<String>,
    /// Hash of every input of the page; equal fingerprints mean equal output.
    pub fingerprint: u64,
    /// The content pages the page shows, whose edits may change it.
    pub shows: Vec<&'p crate::content::Page>,
    /// Builds the template context.
    pub make: Box<dyn Fn() -> Context + Send + Sync + 'p>,
}

impl Job<'_> {
    /// File path of the page inside the output folder (`/tin-tuc/index.html`).
    pub fn file_path(&self) -> String {
        file_path_of(&self.url)
    }
}

/// File path inside the output folder for a site path: directories get `index.html`.
pub fn file_path_of(url: &str) -> String {
    if url.ends_with('/') { format!("{url}index.html") } else { url.to_owned() }
}

/// Renders every job in parallel and hands each page to `write` as soon as it is rendered;
/// returns every rendering or writing error.
pub fn render_all(
    theme: &Theme,
    jobs: &[&Job],
    write: impl Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync,
) -> Result<(), Vec<Diagnostic>> {
    let results: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let context = (job.make)();
            // Rendered into bytes: `Tera::render` would check the whole page as UTF-8 again
            // to return a `String`.
            let mut html = Vec::with_capacity(32 * 1024);
            theme.tera.render_to(&job.template, &context, &mut html).map_err(|error| {
                Diagnostic::error(
                    job.source.clone().unwrap_or_else(|| format!("mẫu {}", job.template)),
                    0,
                    format!("không dựng được trang {} bằng mẫu {}: {}", job.url, job.template, tera_error_chain(&error)),
                )
                .hint("sửa mẫu trang hoặc nội dung gây lỗi; nếu bạn không ghi đè mẫu nào, hãy báo lỗi này cho nhóm phát triển")
            })?;
            write(&job.file_path(), &html)
        })
        .collect();

    let problems: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}
