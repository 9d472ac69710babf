//! The build: load the site, plan and check every output file, render the pages in parallel,
//! write everything into a staging folder, and swap it in.
//!
//! Nothing is written before every check has passed, and the output folder changes only in
//! the final rename, so a failed or interrupted build leaves the previous output as it was.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tracing::info;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, display_path};
use crate::output::{self, Staging};
use crate::render::plan::Planner;
use crate::render::theme::{THEME_URL, Theme, ThemeFile};
use crate::render::{self, feeds, links, search};
use crate::content::load::load_site_partial;
use crate::site::{LoadOptions, Site};

/// Settings of one build, from the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Output folder; `public/` under the site root when absent.
    pub output: Option<PathBuf>,
    /// Include drafts.
    pub drafts: bool,
    /// Replaces `base_url` from `site.yaml`.
    pub base_url: Option<String>,
}

/// What a successful build produced.
#[derive(Debug)]
pub struct BuildOutcome {
    pub site: Site,
    /// The output folder now holding the new site.
    pub output: PathBuf,
    /// Number of HTML pages written.
    pub html_pages: usize,
    /// Number of files written, HTML included.
    pub files: usize,
    /// Warnings of the run.
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

/// Where a planned output file comes from.
enum Source {
    /// A page rendered from a template, written while rendering.
    Html,
    Bytes(Vec<u8>),
    Copy(PathBuf),
    Embedded(&'static [u8]),
}

/// The output folder for `root` and the options, absolute.
pub fn output_folder(root: &Path, options: &BuildOptions) -> std::io::Result<PathBuf> {
    match &options.output {
        Some(output) => output::absolute(output),
        None => output::absolute(&root.join("public")),
    }
}

/// Builds the site in `root`. On failure returns every diagnostic and leaves the previous
/// output untouched.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildOutcome, Diagnostics> {
    let started = Instant::now();
    let fail = |diagnostic: Diagnostic| {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(diagnostic);
        diagnostics
    };

    let root = output::absolute(root).map_err(|error| fail(Diagnostic::error(root.display().to_string(), 0, format!("không mở được thư mục trang: {error}"))))?;
    let output = output_folder(&root, options)
        .map_err(|error| fail(Diagnostic::error("public", 0, format!("không xác định được thư mục kết quả: {error}"))))?;
    if let Err(refused) = output::check_output_folder(&root, &output) {
        return Err(fail(
            Diagnostic::error(output.display().to_string(), 0, refused.message())
                .hint("chọn thư mục kết quả khác bằng --output, ví dụ `--output public`"),
        ));
    }

    let loaded = load_site_partial(&root, LoadOptions { drafts: options.drafts });
    let Some(mut site) = loaded.site else {
        return Err(loaded.diagnostics);
    };
    // Content errors are kept and reported together with the link and address errors below.
    let mut errors = loaded.diagnostics;
    if let Some(base_url) = &options.base_url {
        site.config.base_url = base_url.clone();
    }
    info!(pages = site.pages.len(), "đã đọc nội dung");

    let theme = Theme::load(&root).map_err(|problems| {
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(problems);
        diagnostics
    })?;
    let planner = Planner::new(&site);
    let jobs = planner.plan();

    let mut planned: BTreeMap<String, (Source, String)> = BTreeMap::new();
    let mut add = |path: String, source: Source, origin: String, errors: &mut Diagnostics| {
        if let Some((_, first)) = planned.get(&path) {
            // Two files of content/ on one address were already reported while loading.
            if first.starts_with("content/") && origin.starts_with("content/") {
                return;
            }
            let (a, b) = if *first <= origin { (first.clone(), origin.clone()) } else { (origin.clone(), first.clone()) };
            errors.push(
                Diagnostic::error(&b, 0, format!("trùng địa chỉ {path} với {a}"))
                    .hint("đổi tên tệp hoặc đặt `slug:` khác; các địa chỉ /the/, /chuyen-muc/, /giao-dien/ và …/trang/N/ do trangtin tự sinh"),
            );
            return;
        }
        planned.insert(path, (source, origin));
    };

    for job in &jobs {
        let origin = job.source.clone().unwrap_or_else(|| format!("trang tự sinh {}", job.url));
        add(job.file_path(), Source::Html, origin, &mut errors);
    }
    for asset in &site.assets {
        add(asset.url.clone(), Source::Copy(asset.path.clone()), asset.source.clone(), &mut errors);
    }
    for (name, file) in &theme.files {
        let source = match file {
            ThemeFile::Embedded(bytes) => Source::Embedded(bytes),
            ThemeFile::OnDisk(path) => Source::Copy(path.clone()),
        };
        add(format!("{THEME_URL}/{name}"), source, format!("giao diện: static/{name}"), &mut errors);
    }
    for (url, path) in static_files(&root, &mut errors) {
        let origin = display_path(&root, &path);
        add(url, Source::Copy(path), origin, &mut errors);
    }

    let sitemap_entries: Vec<(String, Option<String>)> = jobs
        .iter()
        .filter(|job| job.url.ends_with('/'))
        .map(|job| {
            let date = site.page_at(&job.url).and_then(|page| page.meta.updated.as_ref().or(page.effective_date()));
            (job.url.clone(), date.map(|date| date.day().format("%Y-%m-%d").to_string()))
        })
        .collect();
    let xml_error = |what: &str, error: &dyn std::fmt::Display| Diagnostic::error(what, 0, format!("không tạo được {what}: {error}"));
    match feeds::sitemap(&site, &sitemap_entries) {
        Ok(bytes) => add("/sitemap.xml".to_owned(), Source::Bytes(bytes), "trang tự sinh /sitemap.xml".to_owned(), &mut errors),
        Err(error) => errors.push(xml_error("sitemap.xml", &error)),
    }
    match feeds::rss(&site) {
        Ok(bytes) => add("/rss.xml".to_owned(), Source::Bytes(bytes), "trang tự sinh /rss.xml".to_owned(), &mut errors),
        Err(error) => errors.push(xml_error("rss.xml", &error)),
    }
    match search::index(&site) {
        Ok(bytes) => add(search::INDEX_URL.to_owned(), Source::Bytes(bytes), "chỉ mục tìm kiếm".to_owned(), &mut errors),
        Err(error) => errors.push(xml_error("chi-muc.json", &error)),
    }

    let mut files: HashSet<String> = planned.keys().cloned().collect();
    files.extend(loaded.failed_urls.iter().map(|url| render::file_path_of(url)));
    let anchors: HashMap<String, HashSet<String>> =
        site.pages.iter().map(|page| (page.url.clone(), page.anchors.iter().cloned().collect())).collect();
    errors.extend(links::check(&site.pages, &files, &anchors));

    errors.sort();
    if errors.has_errors() {
        return Err(errors);
    }
    let warnings = errors;

    let staging = Staging::new(&output).map_err(|error| {
        fail(Diagnostic::error(output.display().to_string(), 0, format!("không tạo được thư mục tạm để dựng: {error}")))
    })?;
    let html_pages = jobs.len();
    render::render_all(&theme, &jobs, |path, html| {
        staging.write(path, html.as_bytes()).map_err(|error| Diagnostic::error(path, 0, format!("không ghi được {path}: {error}")))
    })
    .map_err(|problems| {
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(problems);
        diagnostics.sort();
        diagnostics
    })?;

    let results: Vec<Result<(), Diagnostic>> = planned
        .par_iter()
        .map(|(path, (source, origin))| {
            let result = match source {
                Source::Html => Ok(()),
                Source::Bytes(bytes) => staging.write(path, bytes),
                Source::Embedded(bytes) => staging.write(path, bytes),
                Source::Copy(from) => staging.copy(path, from),
            };
            result.map_err(|error| Diagnostic::error(origin.clone(), 0, format!("không ghi được {path}: {error}")))
        })
        .collect();
    let mut write_errors = Diagnostics::new();
    write_errors.extend(results.into_iter().filter_map(Result::err));
    if write_errors.has_errors() {
        write_errors.sort();
        return Err(write_errors);
    }
    let file_count = planned.len();
    let output = staging.commit().map_err(|error| {
        fail(Diagnostic::error(output.display().to_string(), 0, format!("không thay được thư mục kết quả: {error}")))
    })?;

    drop(jobs);
    drop(planner);
    info!(html_pages, files = file_count, "đã dựng xong");
    Ok(BuildOutcome { site, output, html_pages, files: file_count, warnings, elapsed: started.elapsed() })
}

/// Files of `static/`, published at the same path.
fn static_files(root: &Path, errors: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Vec::new();
    }
    let canonical_dir = dir.canonicalize().unwrap_or(dir.clone());
    let mut files = Vec::new();
    for entry in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if entry.file_type().is_symlink() {
            let inside = path.canonicalize().is_ok_and(|target| target.starts_with(&canonical_dir) && target.is_file());
            if !inside {
                errors.push(
                    Diagnostic::error(display_path(root, path), 0, "liên kết tượng trưng trỏ ra ngoài thư mục static/")
                        .hint("chép tệp vào static/ thay vì tạo liên kết"),
                );
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if crate::content::load::is_editor_temporary(&name) {
            continue;
        }
        let relative = path.strip_prefix(&dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
        files.push((format!("/{}", crate::text::nfc(&relative)), path.to_path_buf()));
    }
    files
}
