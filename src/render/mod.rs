//! Rendering: every page the site publishes, planned from the site model and rendered with
//! Tera in parallel.
//!
//! [`plan`] lists the pages (content items, section lists with pagination, tag and category
//! pages, the document registry, the fixed pages filled from `data/`, the site map, the
//! search page and 404) as [`Job`]s; [`render_all`] renders them. Feeds and `sitemap.xml` are
//! written by [`feeds`], and [`links`] checks every internal link against the planned files.

pub mod feeds;
pub mod links;
pub mod plan;
pub mod search;
pub mod theme;
pub mod views;

use rayon::prelude::*;
use tera::Context;

use crate::diag::Diagnostic;
use theme::{Theme, tera_error_chain};

/// One HTML page to render.
pub struct Job {
    /// Site path of the page (`/tin-tuc/`, `/404.html`).
    pub url: String,
    /// Template name (`list.html`).
    pub template: String,
    pub context: Context,
    /// Source file the page comes from, for error messages.
    pub source: Option<String>,
}

impl Job {
    /// File path of the page inside the output folder (`/tin-tuc/index.html`).
    pub fn file_path(&self) -> String {
        file_path_of(&self.url)
    }
}

/// File path inside the output folder for a site path: directories get `index.html`.
pub fn file_path_of(url: &str) -> String {
    if url.ends_with('/') { format!("{url}index.html") } else { url.to_owned() }
}

/// Renders every job; returns (file path, HTML) pairs in job order, or every error.
pub fn render_all(theme: &Theme, jobs: &[Job]) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let results: Vec<Result<(String, String), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            theme.tera.render(&job.template, &job.context).map(|html| (job.file_path(), html)).map_err(|error| {
                Diagnostic::error(
                    job.source.clone().unwrap_or_else(|| format!("mẫu {}", job.template)),
                    0,
                    format!("không dựng được trang {} bằng mẫu {}: {}", job.url, job.template, tera_error_chain(&error)),
                )
                .hint("sửa mẫu trang hoặc nội dung gây lỗi; mẫu mặc định không bao giờ gây lỗi này, hãy báo cho nhóm phát triển nếu bạn không ghi đè mẫu")
            })
        })
        .collect();

    let mut pages = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() { Ok(pages) } else { Err(problems) }
}
