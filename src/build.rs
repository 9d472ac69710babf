//! The build: load the site, plan and check every output file, render the pages in parallel,
//! write everything into a staging folder, and swap it in.
//!
//! Nothing is written before every check has passed, and the output folder changes only in
//! the final rename, so a failed or interrupted build leaves the previous output as it was.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tracing::{debug, info};
use walkdir::WalkDir;

use crate::content::Page;
use crate::content::load::load_site_partial;
use crate::diag::{Diagnostic, Diagnostics, display_path};
use crate::output::{self, Staging};
use crate::render::Job;
use crate::render::plan::Planner;
use crate::render::search::SearchIndex;
use crate::render::theme::{THEME_URL, Theme, ThemeFile};
use crate::render::{self, feeds, links, search};
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
pub(crate) enum Source {
    /// A page rendered from a template, written while rendering: the index of its job.
    Html(usize),
    Bytes(Vec<u8>),
    Copy(PathBuf),
    Embedded(&'static [u8]),
}

/// Every output file of a build: the pages to render and the other files by output path,
/// each with the source it names in error messages.
pub(crate) struct OutputPlan<'p> {
    pub jobs: Vec<Job<'p>>,
    pub files: FxHashMap<String, (Source, String)>,
}

/// The output folder for `root` and the options, absolute.
pub fn output_folder(root: &Path, options: &BuildOptions) -> std::io::Result<PathBuf> {
    match &options.output {
        Some(output) => output::absolute(output),
        None => output::absolute(&root.join("public")),
    }
}

fn single(diagnostic: Diagnostic) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(diagnostic);
    diagnostics
}

/// The absolute site root and output folder, with the output folder checked.
pub(crate) fn folders(root: &Path, options: &BuildOptions) -> Result<(PathBuf, PathBuf), Diagnostics> {
    let root = output::absolute(root).map_err(|error| {
        single(Diagnostic::error(root.display().to_string(), 0, format!("không mở được thư mục trang: {error}")))
    })?;
    let output = output_folder(&root, options).map_err(|error| {
        single(Diagnostic::error("public", 0, format!("không xác định được thư mục kết quả: {error}")))
    })?;
    if let Err(refused) = output::check_output_folder(&root, &output) {
        return Err(single(
            Diagnostic::error(output.display().to_string(), 0, refused.message())
                .hint("chọn thư mục kết quả khác bằng --output, ví dụ `--output public`"),
        ));
    }
    Ok((root, output))
}

impl OutputPlan<'_> {
    /// Adds a planned file; a second file on the same output path is an error naming both.
    pub(crate) fn add(&mut self, path: String, source: Source, origin: String, errors: &mut Diagnostics) {
        if let Some((_, first)) = self.files.get(&path) {
            // Two files of content/ on one address were already reported while loading.
            if first.starts_with("content/") && origin.starts_with("content/") {
                return;
            }
            errors.push(collision(&path, first, &origin));
            return;
        }
        self.files.insert(path, (source, origin));
    }

    /// Reports every planned file on a path that the search index writes, before the
    /// index is built.
    pub(crate) fn check_search_paths(&self, errors: &mut Diagnostics) {
        let mut taken: Vec<(&String, &String)> = self
            .files
            .iter()
            .filter(|(path, _)| search::is_index_path(path))
            .map(|(path, (_, origin))| (path, origin))
            .collect();
        taken.sort();
        for (path, origin) in taken {
            errors.push(collision(path, origin, SEARCH_ORIGIN));
        }
    }
}

/// Returns the error for two files planned on `path`, from `first` and `second`, named
/// on the later of the two origins in sort order.
fn collision(path: &str, first: &str, second: &str) -> Diagnostic {
    let (a, b) = if first <= second { (first, second) } else { (second, first) };
    Diagnostic::error(b, 0, format!("trùng địa chỉ {path} với {a}"))
        .hint("đổi tên tệp hoặc đặt `slug:` khác; các địa chỉ /the/, /chuyen-muc/, /giao-dien/ và …/trang/N/ do trangtin tự sinh")
}

/// Origin that errors name for the files of the search index.
const SEARCH_ORIGIN: &str = "chỉ mục tìm kiếm";

/// A failure while the search index is built and written during a build.
enum IndexError {
    /// A file of the index could not be encoded.
    Encode(serde_json::Error),
    /// A file could not be written to the staging folder.
    Write(Diagnostic),
}

impl From<serde_json::Error> for IndexError {
    fn from(error: serde_json::Error) -> IndexError {
        IndexError::Encode(error)
    }
}

impl From<Diagnostic> for IndexError {
    fn from(diagnostic: Diagnostic) -> IndexError {
        IndexError::Write(diagnostic)
    }
}

impl IndexError {
    fn into_diagnostic(self) -> Diagnostic {
        match self {
            IndexError::Encode(error) => {
                Diagnostic::error("chi-muc.json", 0, format!("không tạo được chỉ mục tìm kiếm: {error}"))
            }
            IndexError::Write(diagnostic) => diagnostic,
        }
    }
}

/// Plans every output file of `site` but the search index, whose files the build writes
/// as they are made.
pub(crate) fn plan_outputs<'p>(
    root: &Path,
    site: &'p Site,
    planner: &'p Planner<'p>,
    theme: &Theme,
    errors: &mut Diagnostics,
) -> OutputPlan<'p> {
    let started = Instant::now();
    let jobs = planner.plan();
    debug!(elapsed_ms = started.elapsed().as_millis(), jobs = jobs.len(), "đã lập danh sách trang");
    let mut plan = OutputPlan { jobs: Vec::new(), files: FxHashMap::default() };
    // Pages 2 and on of a list name the section's `_index.md` as their source, but only the
    // first page is on that file's own address, which the loader checked for collisions.
    let own_urls: HashMap<&str, &str> =
        site.pages.iter().map(|page| (page.source.as_str(), page.url.as_str())).collect();
    for (index, job) in jobs.iter().enumerate() {
        let origin = match &job.source {
            Some(source) if own_urls.get(source.as_str()) == Some(&job.url.as_str()) => source.clone(),
            _ => format!("trang tự sinh {}", job.url),
        };
        plan.add(job.file_path(), Source::Html(index), origin, errors);
    }
    for asset in &site.assets {
        plan.add(asset.url.clone(), Source::Copy(asset.path.clone()), asset.source.clone(), errors);
    }
    for (name, file) in &theme.files {
        let source = match file {
            ThemeFile::Embedded(bytes) => Source::Embedded(bytes),
            ThemeFile::OnDisk(path) => Source::Copy(path.clone()),
        };
        plan.add(format!("{THEME_URL}/{name}"), source, format!("giao diện: static/{name}"), errors);
    }
    for (url, path) in static_files(root, errors) {
        let origin = display_path(root, &path);
        plan.add(url, Source::Copy(path), origin, errors);
    }

    let feeds_started = Instant::now();
    let sitemap_entries: Vec<(String, Option<String>)> = jobs
        .iter()
        .filter(|job| job.url.ends_with('/'))
        .map(|job| {
            let date = site.page_at(&job.url).and_then(|page| page.meta.updated.as_ref().or(page.effective_date()));
            (job.url.clone(), date.map(|date| date.iso_day()))
        })
        .collect();
    let xml_error = |what: &str, error: &dyn std::fmt::Display| {
        Diagnostic::error(what, 0, format!("không tạo được {what}: {error}"))
    };
    match feeds::sitemap(site, &sitemap_entries) {
        Ok(bytes) => {
            plan.add("/sitemap.xml".to_owned(), Source::Bytes(bytes), "trang tự sinh /sitemap.xml".to_owned(), errors)
        }
        Err(error) => errors.push(xml_error("sitemap.xml", &error)),
    }
    match feeds::rss(site) {
        Ok(bytes) => plan.add("/rss.xml".to_owned(), Source::Bytes(bytes), "trang tự sinh /rss.xml".to_owned(), errors),
        Err(error) => errors.push(xml_error("rss.xml", &error)),
    }
    debug!(elapsed_ms = feeds_started.elapsed().as_millis(), "đã tạo sitemap.xml và rss.xml");
    plan.jobs = jobs;
    plan
}

/// Checks the internal links of `pages` against the planned files. `failed_urls` are the
/// addresses of content files that failed to load, which links may still name. The search
/// index is not planned yet: its manifest counts as present, and its other files, whose
/// names change with the content, are not link targets.
pub(crate) fn check_links<'a>(
    site: &Site,
    pages: impl IntoIterator<Item = &'a Page>,
    plan: &OutputPlan,
    failed_urls: &[String],
    errors: &mut Diagnostics,
) {
    let failed_files: HashSet<String> = failed_urls.iter().map(|url| render::file_path_of(url)).collect();
    let exists = |path: &str| plan.files.contains_key(path) || failed_files.contains(path);
    check_links_to(site, pages, exists, errors);
}

/// Checks the links of `pages`. `exists` returns whether an output file path is planned. The
/// search index's manifest counts as planned, because it is written beside the pages.
pub(crate) fn check_links_to<'a>(
    site: &Site,
    pages: impl IntoIterator<Item = &'a Page>,
    exists: impl Fn(&str) -> bool,
    errors: &mut Diagnostics,
) {
    let started = Instant::now();
    let exists = |path: &str| exists(path) || path == search::INDEX_URL;
    let anchors = |url: &str| site.page_at(url).map(|page| page.anchors.as_slice());
    errors.extend(links::check(pages, exists, anchors));
    debug!(elapsed_ms = started.elapsed().as_millis(), "đã kiểm tra liên kết");
}

/// Loads the theme, turning its problems into diagnostics.
pub(crate) fn load_theme(root: &Path) -> Result<Theme, Diagnostics> {
    Theme::load(root).map_err(|problems| {
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(problems);
        diagnostics
    })
}

/// Builds the site in `root`. On failure returns every diagnostic and leaves the previous
/// output untouched.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildOutcome, Diagnostics> {
    build_keeping_index(root, options).map(|(outcome, _)| outcome)
}

/// Builds like [`build`], and also returns the search index with the paths of its files,
/// which `trangtin serve` keeps to update it after an edit.
pub(crate) fn build_keeping_index(
    root: &Path,
    options: &BuildOptions,
) -> Result<(BuildOutcome, (SearchIndex, Vec<String>)), Diagnostics> {
    let started = Instant::now();
    let (root, output) = folders(root, options)?;

    let loaded = load_site_partial(&root, LoadOptions { drafts: options.drafts, ..LoadOptions::default() });
    let Some(mut site) = loaded.site else {
        return Err(loaded.diagnostics);
    };
    // Content errors are kept and reported together with the link and address errors below.
    let mut errors = loaded.diagnostics;
    if let Some(base_url) = &options.base_url {
        site.config.base_url = base_url.clone();
    }
    info!(pages = site.pages.len(), elapsed_ms = started.elapsed().as_millis(), "đã đọc nội dung");

    let theme = load_theme(&root)?;
    let planner = Planner::new(&site);
    let plan = plan_outputs(&root, &site, &planner, &theme, &mut errors);
    check_links(&site, &site.pages, &plan, &loaded.failed_urls, &mut errors);
    plan.check_search_paths(&mut errors);
    if errors.has_errors() {
        errors.sort();
        return Err(errors);
    }

    let staging = Staging::new(&output).map_err(|error| {
        single(Diagnostic::error(
            output.display().to_string(),
            0,
            format!("không tạo được thư mục tạm để dựng: {error}"),
        ))
    })?;
    let html_pages = plan.jobs.len();
    let jobs: Vec<&Job> = plan.jobs.iter().collect();
    // The search index is built while the pages render, and its files are written as they
    // are made: part of it runs on one thread, and the pages keep the other threads busy.
    let write_index_files = |files: Vec<search::IndexFile>| -> Result<Vec<String>, Diagnostic> {
        files
            .par_iter()
            .map(|file| {
                staging.write(&file.path, &file.bytes).map_err(|error| {
                    Diagnostic::error(SEARCH_ORIGIN, 0, format!("không ghi được {}: {error}", file.path))
                })?;
                Ok(file.path.clone())
            })
            .collect()
    };
    let (search_index, rendered) = rayon::join(
        || {
            let mut index_paths = Vec::new();
            let index = search::index_writing(&site, |files| {
                index_paths.extend(write_index_files(files)?);
                Ok::<(), IndexError>(())
            })?;
            Ok::<_, IndexError>((index, index_paths))
        },
        || {
            render::render_all(&theme, &jobs, |path, html| {
                staging
                    .write(path, html)
                    .map_err(|error| Diagnostic::error(path, 0, format!("không ghi được {path}: {error}")))
            })
        },
    );
    drop(jobs);
    rendered.map_err(|problems| {
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(problems);
        diagnostics.sort();
        diagnostics
    })?;
    debug!(elapsed_ms = started.elapsed().as_millis(), "đã dựng các trang HTML và chỉ mục tìm kiếm");
    let (index, index_paths) = search_index.map_err(|error| single(error.into_diagnostic()))?;
    errors.sort();
    if errors.has_errors() {
        return Err(errors);
    }
    let warnings = errors;
    write_files(&plan.files, |path, bytes| staging.write(path, bytes), |path, from| staging.copy(path, from))?;

    // The output marker is written with the staging folder, outside the plan.
    let file_count = plan.files.len() + index_paths.len() + 1;
    debug!(elapsed_ms = started.elapsed().as_millis(), "đã ghi các tệp khác");
    let output = staging.commit().map_err(|error| {
        single(Diagnostic::error(output.display().to_string(), 0, format!("không thay được thư mục kết quả: {error}")))
    })?;

    drop(plan);
    drop(planner);
    info!(html_pages, files = file_count, "đã dựng xong");
    let outcome = BuildOutcome { site, output, html_pages, files: file_count, warnings, elapsed: started.elapsed() };
    Ok((outcome, (index, index_paths)))
}

/// Writes the planned files that are not rendered pages, in parallel.
pub(crate) fn write_files<'f>(
    files: impl IntoParallelIterator<Item = (&'f String, &'f (Source, String))>,
    write: impl Fn(&str, &[u8]) -> std::io::Result<()> + Sync,
    copy: impl Fn(&str, &Path) -> std::io::Result<()> + Sync,
) -> Result<(), Diagnostics> {
    let results: Vec<Result<(), Diagnostic>> = files
        .into_par_iter()
        .map(|(path, (source, origin))| {
            let result = match source {
                Source::Html(_) => Ok(()),
                Source::Bytes(bytes) => write(path, bytes),
                Source::Embedded(bytes) => write(path, bytes),
                Source::Copy(from) => copy(path, from),
            };
            result.map_err(|error| Diagnostic::error(origin.clone(), 0, format!("không ghi được {path}: {error}")))
        })
        .collect();
    let mut errors = Diagnostics::new();
    errors.extend(results.into_iter().filter_map(Result::err));
    errors.sort();
    if errors.has_errors() { Err(errors) } else { Ok(()) }
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
