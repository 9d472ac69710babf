//! Rebuilding after an edit, for `trangtin serve`: only the pages whose inputs changed are
//! rendered again.
//!
//! A [`Session`] keeps the loaded site and, for every output file, a fingerprint of its
//! inputs (see [`crate::render::Job::fingerprint`]). When Markdown files of `content/`
//! change, only those files are read again; the whole site is planned again (cheap: no
//! template is rendered), every check runs on the new plan, and the pages whose fingerprint
//! differs are rendered and written in place, each through a temporary file and a rename so
//! that the server never serves half a file. Any other change (`site.yaml`, `data/`, the
//! theme, a section's `_index.md`, a non-Markdown file) falls back to a full build.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::build::{
    BuildOptions, OutputPlan, Source, build_keeping_index, check_links, folders, load_theme, plan_outputs, write_files,
};
use crate::content::Page;
use crate::content::load::{is_editor_temporary, load_one};
use crate::content::validate::check_collisions;
use crate::diag::{Diagnostic, Diagnostics, display_path};
use crate::render::plan::Planner;
use crate::render::search::{self, SearchIndex};
use crate::render::theme::Theme;
use crate::render::{self, Job};
use crate::site::Site;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use tracing::debug;
use xxhash_rust::xxh3::xxh3_64;

/// What one rebuild did.
#[derive(Debug, Clone, Copy)]
pub struct Rebuilt {
    /// Pages rendered again.
    pub rendered: usize,
    /// Files written or removed, rendered pages included.
    pub changed_files: usize,
    /// Whether the whole site was rebuilt.
    pub full: bool,
    pub elapsed: Duration,
}

/// A site kept in memory between rebuilds.
pub struct Session {
    root: PathBuf,
    output: PathBuf,
    options: BuildOptions,
    site: Site,
    /// Parsed templates, kept because parsing them takes longer than rendering a few pages.
    theme: Theme,
    /// Fingerprint of every output file but the search index's, by output path.
    fingerprints: FxHashMap<String, u64>,
    /// The search index, updated in place when an edit keeps every page's address and date.
    search: SearchIndex,
    /// Output paths of the search index's files.
    index_paths: HashSet<String>,
    /// Set when a rebuild failed after it began writing: the next rebuild is a full build.
    needs_full_build: bool,
}

fn fingerprint_of(source: &Source, jobs: &[Job]) -> u64 {
    let mut hasher = FxHasher::default();
    match source {
        Source::Html(index) => return jobs[*index].fingerprint,
        Source::Bytes(bytes) => return xxh3_64(bytes),
        Source::Embedded(bytes) => return xxh3_64(bytes),
        Source::Copy(path) => {
            path.hash(&mut hasher);
            if let Ok(metadata) = path.metadata() {
                metadata.len().hash(&mut hasher);
                metadata.modified().ok().hash(&mut hasher);
            }
        }
    }
    hasher.finish()
}

/// Writes `bytes` at `path` through a temporary file in the same folder and a rename.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut temporary = tempfile::NamedTempFile::new_in(parent)?;
    std::io::Write::write_all(&mut temporary, bytes)?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

fn write_error(path: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, 0, format!("không ghi được {path}: {error}"))
}

/// Fingerprints of the planned files.
fn fingerprints_of(plan: &OutputPlan) -> FxHashMap<String, u64> {
    plan.files.iter().map(|(path, (source, _))| (path.clone(), fingerprint_of(source, &plan.jobs))).collect()
}

impl Session {
    /// Builds the whole site and keeps it for later rebuilds.
    pub fn start(root: &Path, options: BuildOptions) -> Result<(Session, Rebuilt), Diagnostics> {
        let started = Instant::now();
        let (root, output) = folders(root, &options)?;
        let (outcome, (search, index_paths)) = build_keeping_index(&root, &options)?;
        let theme = load_theme(&root)?;
        let mut session = Session {
            root,
            output,
            options,
            site: outcome.site,
            theme,
            fingerprints: FxHashMap::default(),
            search,
            index_paths: index_paths.into_iter().collect(),
            needs_full_build: false,
        };
        session.fingerprints = session.current_fingerprints();
        let rebuilt = Rebuilt {
            rendered: outcome.html_pages,
            changed_files: outcome.files,
            full: true,
            elapsed: started.elapsed(),
        };
        Ok((session, rebuilt))
    }

    /// The output folder being served.
    pub fn output(&self) -> &Path {
        &self.output
    }

    fn current_fingerprints(&self) -> FxHashMap<String, u64> {
        let planner = Planner::new(&self.site);
        let mut errors = Diagnostics::new();
        fingerprints_of(&plan_outputs(&self.root, &self.site, &planner, &self.theme, &mut errors))
    }

    /// True when a change to `path` can be applied without a full build: a Markdown file of
    /// `content/` other than a section's `_index.md`.
    fn is_page_change(&self, path: &Path) -> bool {
        let content = self.root.join("content");
        let name = path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
        path.starts_with(&content)
            && path.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("md"))
            && name != "_index.md"
            && !is_editor_temporary(&name)
            && !path.is_dir()
    }

    /// Rebuilds after `changed` paths (absolute) changed; `rescan` forces a full build. On
    /// failure the output is left as it was and the session keeps the last good site.
    pub fn rebuild(&mut self, changed: &[PathBuf], rescan: bool) -> Result<Rebuilt, Diagnostics> {
        let started = Instant::now();
        if rescan
            || self.needs_full_build
            || changed.is_empty()
            || !changed.iter().all(|path| self.is_page_change(path))
        {
            let (outcome, (search, index_paths)) = build_keeping_index(&self.root, &self.options)?;
            self.site = outcome.site;
            self.theme = load_theme(&self.root)?;
            self.search = search;
            self.index_paths = index_paths.into_iter().collect();
            self.fingerprints = self.current_fingerprints();
            self.needs_full_build = false;
            return Ok(Rebuilt {
                rendered: outcome.html_pages,
                changed_files: outcome.files,
                full: true,
                elapsed: started.elapsed(),
            });
        }

        // The site is changed in place; `previous` keeps the replaced pages so that a failed
        // rebuild can put them back. Pages stay sorted by address.
        let mut errors = Diagnostics::new();
        let sources: Vec<String> = changed.iter().map(|path| display_path(&self.root, path)).collect();
        let mut loaded_pages = Vec::new();
        for path in changed.iter().filter(|path| path.exists()) {
            let (page, problems) = load_one(&self.root, &self.site.config, path);
            errors.extend(problems);
            loaded_pages.extend(page.filter(|page| !page.meta.draft || self.options.drafts));
        }
        let added: Vec<String> = loaded_pages.iter().map(|page| page.url.clone()).collect();
        // A page that keeps its address takes its old place; the others are removed and
        // inserted at their new place.
        let mut previous = Vec::new();
        let mut replaced = Vec::new();
        let mut moved = Vec::new();
        for page in loaded_pages {
            match self.site.pages.binary_search_by(|probe| probe.url.cmp(&page.url)) {
                Ok(at) if self.site.pages[at].source == page.source => {
                    replaced.push(page.source.clone());
                    previous.push(std::mem::replace(&mut self.site.pages[at], page));
                }
                _ => moved.push(page),
            }
        }
        for source in sources.iter().filter(|source| !replaced.contains(source)) {
            if let Some(at) = self.site.pages.iter().position(|page| &page.source == source) {
                previous.push(self.site.pages.remove(at));
            }
        }
        for page in moved {
            self.insert_page(page);
        }
        check_collisions(&self.site.pages, &self.site.assets, &mut errors);
        let loaded = started.elapsed();

        let result = if errors.has_errors() { Err(errors) } else { self.render_changes(errors, &previous, &sources) };
        let (rendered, changed_files) = match result {
            Ok(counts) => counts,
            Err(mut errors) => {
                self.site.pages.retain(|page| !added.contains(&page.url) || !sources.contains(&page.source));
                for page in previous {
                    self.insert_page(page);
                }
                errors.sort();
                return Err(errors);
            }
        };
        debug!(
            loaded_ms = loaded.as_millis(),
            total_ms = started.elapsed().as_millis(),
            rendered,
            "dựng lại từng phần"
        );
        Ok(Rebuilt { rendered, changed_files, full: false, elapsed: started.elapsed() })
    }

    /// Inserts `page` at its place in address order; two pages with one address stay side by
    /// side, for the collision check to report.
    fn insert_page(&mut self, page: Page) {
        let at = self.site.pages.partition_point(|probe| probe.url <= page.url);
        self.site.pages.insert(at, page);
    }

    /// Plans the current site, checks it, and writes the files whose inputs changed: pages
    /// and other files by fingerprint, and the search index's files that hold the pages of
    /// `sources`, whose previous versions are `previous`. Returns the number of pages
    /// rendered and of files changed.
    fn render_changes(
        &mut self,
        mut errors: Diagnostics,
        previous: &[Page],
        sources: &[String],
    ) -> Result<(usize, usize), Diagnostics> {
        let started = Instant::now();
        let site = &self.site;
        let theme = &self.theme;
        let planner = Planner::new(site);
        let plan = plan_outputs(&self.root, site, &planner, theme, &mut errors);
        let planned = started.elapsed();

        // Links of other pages can break only when an address or an anchor went away.
        let edited: Vec<&Page> = site.pages.iter().filter(|page| sources.contains(&page.source)).collect();
        let kept_targets = previous.iter().all(|old| {
            edited.iter().any(|new| new.url == old.url && old.anchors.iter().all(|id| new.anchors.contains(id)))
        });
        if kept_targets {
            check_links(site, edited.iter().copied(), &plan, &[], &mut errors);
        } else {
            check_links(site, &site.pages, &plan, &[], &mut errors);
        }
        if errors.has_errors() {
            return Err(errors);
        }
        let checked = started.elapsed();

        let mut fingerprints = FxHashMap::with_capacity_and_hasher(plan.files.len(), Default::default());
        let mut stale_files = Vec::new();
        let mut stale_jobs = Vec::new();
        for (path, entry) in &plan.files {
            let job = match entry.0 {
                Source::Html(index) => Some(&plan.jobs[index]),
                _ => None,
            };
            let fingerprint = fingerprint_of(&entry.0, &plan.jobs);
            if self.fingerprints.get(path) != Some(&fingerprint) {
                match job {
                    Some(job) => stale_jobs.push(job),
                    None => stale_files.push((path, entry)),
                }
            }
            fingerprints.insert(path.clone(), fingerprint);
        }
        let removed: Vec<String> =
            self.fingerprints.keys().filter(|path| !plan.files.contains_key(*path)).cloned().collect();
        let compared = started.elapsed();

        // From here on the output changes; a failure leaves the session for a full build.
        self.needs_full_build = true;
        let output = &self.output;
        let target = |path: &str| output.join(path.trim_start_matches('/'));
        let rendered = stale_jobs.len();
        render::render_all(theme, &stale_jobs, |path, html| {
            write_atomically(&target(path), html.as_bytes()).map_err(|error| write_error(path, &error))
        })
        .map_err(|problems| {
            let mut diagnostics = Diagnostics::new();
            diagnostics.extend(problems);
            diagnostics
        })?;
        let mut changed_files = rendered + stale_files.len() + removed.len();
        write_files(
            stale_files,
            |path, bytes| write_atomically(&target(path), bytes),
            |path, from| std::fs::read(from).and_then(|bytes| write_atomically(&target(path), &bytes)),
        )?;
        for path in &removed {
            let _ = std::fs::remove_file(target(path));
        }
        let written = started.elapsed();

        let old: Vec<&Page> = previous.iter().collect();
        let index_error = |error: serde_json::Error| {
            Diagnostic::error("chi-muc.json", 0, format!("không tạo được chỉ mục tìm kiếm: {error}"))
        };
        let index_files = match self.search.update(&old, &edited).map_err(|error| single(index_error(error)))? {
            Some(files) => files,
            None => {
                let (index, files) = search::index_with_files(site).map_err(|error| single(index_error(error)))?;
                let paths: HashSet<String> = files.iter().map(|file| file.path.clone()).collect();
                for path in self.index_paths.difference(&paths) {
                    let _ = std::fs::remove_file(target(path));
                    changed_files += 1;
                }
                self.search = index;
                self.index_paths = paths;
                files
            }
        };
        changed_files += index_files.len();
        let failed: Vec<Diagnostic> = index_files
            .par_iter()
            .filter_map(|file| {
                write_atomically(&target(&file.path), &file.bytes).err().map(|error| write_error(&file.path, &error))
            })
            .collect();
        if !failed.is_empty() {
            let mut problems = Diagnostics::new();
            problems.extend(failed);
            return Err(problems);
        }
        debug!(
            planned_ms = planned.as_millis(),
            checked_ms = checked.as_millis(),
            compared_ms = compared.as_millis(),
            written_ms = written.as_millis(),
            total_ms = started.elapsed().as_millis(),
            index_files = index_files.len(),
            "các bước dựng lại"
        );

        self.fingerprints = fingerprints;
        self.needs_full_build = false;
        Ok((rendered, changed_files))
    }
}

fn single(diagnostic: Diagnostic) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(diagnostic);
    diagnostics
}
