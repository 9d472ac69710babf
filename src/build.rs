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

use crate::content::load::load_site_partial;
use crate::diag::{Diagnostic, Diagnostics, display_path};
use crate::output::{self, Staging};
use crate::render::Job;
use crate::render::plan::Planner;
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
    /// A page rendered from a template, written while rendering.
    Html,
    Bytes(Vec<u8>),
    Copy(PathBuf),
    Embedded(&'static [u8]),
}

/// Every output file of a build: the pages to render and the other files by output path,
/// each with the source it names in error messages.
pub(crate) struct OutputPlan<'p> {
    pub jobs: Vec<Job<'p>>,
    pub files: BTreeMap<String, (Source, String)>,
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

/// Plans every output file of `site` and checks addresses and internal links. `failed_urls`
/// are the addresses of content files that failed to load, which links may still name.
pub(crate) fn plan_outputs<'p>(
    root: &Path,
    site: &'p Site,
    planner: &'p Planner<'p>,
    theme: &Theme,
    failed_urls: &[String],
    errors: &mut Diagnostics,
) -> OutputPlan<'p> {
    let jobs = planner.plan();
    let mut planned: BTreeMap<String, (Source, String)> = BTreeMap::new();
    let mut add = |path: String, source: Source, origin: String, errors: &mut Diagnostics| {
        if let Some((_, first)) = planned.get(&path) {
            // Two files of content/ on one address were already reported while loading.
            if first.starts_with("content/") && origin.starts_with("content/") {
                return;
            }
            let (a, b) =
                if *first <= origin { (first.clone(), origin.clone()) } else { (origin.clone(), first.clone()) };
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
        add(job.file_path(), Source::Html, origin, errors);
    }
    for asset in &site.assets {
        add(asset.url.clone(), Source::Copy(asset.path.clone()), asset.source.clone(), errors);
    }
    for (name, file) in &theme.files {
        let source = match file {
            ThemeFile::Embedded(bytes) => Source::Embedded(bytes),
            ThemeFile::OnDisk(path) => Source::Copy(path.clone()),
        };
        add(format!("{THEME_URL}/{name}"), source, format!("giao diện: static/{name}"), errors);
    }
    for (url, path) in static_files(root, errors) {
        let origin = display_path(root, &path);
        add(url, Source::Copy(path), origin, errors);
    }

    let sitemap_entries: Vec<(String, Option<String>)> = jobs
        .iter()
        .filter(|job| job.url.ends_with('/'))
        .map(|job| {
            let date = site.page_at(&job.url).and_then(|page| page.meta.updated.as_ref().or(page.effective_date()));
            (job.url.clone(), date.map(|date| date.day().format("%Y-%m-%d").to_string()))
        })
        .collect();
    let xml_error = |what: &str, error: &dyn std::fmt::Display| {
        Diagnostic::error(what, 0, format!("không tạo được {what}: {error}"))
    };
    match feeds::sitemap(site, &sitemap_entries) {
        Ok(bytes) => {
            add("/sitemap.xml".to_owned(), Source::Bytes(bytes), "trang tự sinh /sitemap.xml".to_owned(), errors)
        }
        Err(error) => errors.push(xml_error("sitemap.xml", &error)),
    }
    match feeds::rss(site) {
        Ok(bytes) => add("/rss.xml".to_owned(), Source::Bytes(bytes), "trang tự sinh /rss.xml".to_owned(), errors),
        Err(error) => errors.push(xml_error("rss.xml", &error)),
    }
    match search::files(site) {
        Ok(files) => {
            for file in files {
                add(file.path, Source::Bytes(file.bytes), "chỉ mục tìm kiếm".to_owned(), errors);
            }
        }
        Err(error) => errors.push(xml_error("chi-muc.json", &error)),
    }

    let mut files: HashSet<String> = planned.keys().cloned().collect();
    files.extend(failed_urls.iter().map(|url| render::file_path_of(url)));
    let anchors: HashMap<String, HashSet<String>> =
        site.pages.iter().map(|page| (page.url.clone(), page.anchors.iter().cloned().collect())).collect();
    errors.extend(links::check(&site.pages, &files, &anchors));

    OutputPlan { jobs, files: planned }
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
    let started = Instant::now();
    let (root, output) = folders(root, options)?;

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

    let theme = load_theme(&root)?;
    let planner = Planner::new(&site);
    let plan = plan_outputs(&root, &site, &planner, &theme, &loaded.failed_urls, &mut errors);
    errors.sort();
    if errors.has_errors() {
        return Err(errors);
    }
    let warnings = errors;

    let staging = Staging::new(&output).map_err(|error| {
        single(Diagnostic::error(
            output.display().to_string(),
            0,
            format!("không tạo được thư mục tạm để dựng: {error}"),
        ))
    })?;
    let html_pages = plan.jobs.len();
    let jobs: Vec<&Job> = plan.jobs.iter().collect();
    render::render_all(&theme, &jobs, |path, html| {
        staging
            .write(path, html.as_bytes())
            .map_err(|error| Diagnostic::error(path, 0, format!("không ghi được {path}: {error}")))
    })
    .map_err(|problems| {
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(problems);
        diagnostics.sort();
        diagnostics
    })?;
    write_files(&plan.files, |path, bytes| staging.write(path, bytes), |path, from| staging.copy(path, from))?;

    let file_count = plan.files.len();
    let output = staging.commit().map_err(|error| {
        single(Diagnostic::error(output.display().to_string(), 0, format!("không thay được thư mục kết quả: {error}")))
    })?;

    drop(jobs);
    drop(plan);
    drop(planner);
    info!(html_pages, files = file_count, "đã dựng xong");
    Ok(BuildOutcome { site, output, html_pages, files: file_count, warnings, elapsed: started.elapsed() })
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
                Source::Html => Ok(()),
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
