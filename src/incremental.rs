//! Rebuilding after an edit, for `trangtin serve`: only the pages whose inputs changed are
//! rendered again.
//!
//! A [`Session`] keeps the loaded site and, for every output file, a fingerprint of its
//! inputs (see [`crate::render::Job::fingerprint`]), with the pages that show each content
//! page. When Markdown files of `content/` change, only those files are read again. Some edits
//! keep a page's address and every front-matter field that places it (date, tags, category,
//! kind, ...). Such an edit plans only the pages that show the page: the page itself, its list
//! pages, tag and category pages, the home page and the site map. It plans them from the
//! [`Layout`] of the last whole-site plan, whose order and groups it cannot change, after
//! writing the edited titles into the layout's site map. Any other edit of a page plans the
//! whole site again (cheap: no template is rendered) and runs every check on the new plan.
//! Either way only the pages whose fingerprint differs are rendered, and each file is written
//! through a temporary file and a rename so that the server never serves half a file. Any
//! other change (`site.yaml`, `data/`, the theme, a section's `_index.md`, a non-Markdown
//! file) falls back to a full build.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::build::{
    BuildOptions, OutputPlan, Source, build_keeping_index, check_links, check_links_to, folders, load_theme,
    plan_outputs, write_files,
};
use crate::content::Page;
use crate::content::load::{is_editor_temporary, load_one};
use crate::content::validate::check_collisions;
use crate::diag::{Diagnostic, Diagnostics, display_path};
use crate::render::feeds;
use crate::render::layout::Layout;
use crate::render::plan::{Planner, is_fixed_page};
use crate::render::search::{self, SearchIndex};
use crate::render::theme::Theme;
use crate::render::{self, Job};
use crate::site::Site;
use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
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
    /// Whether only the pages that show the edited pages were planned (see [`Session`]).
    pub in_place: bool,
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
    /// Fingerprints and dependencies from the last plan.
    planned: PlanMemory,
    /// The order and grouping of the pages from the last whole-site plan, with the titles
    /// of pages edited in place since then refreshed in its site map.
    layout: Layout,
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

/// The part of the last whole-site plan that a session keeps between rebuilds.
struct PlanMemory {
    /// Fingerprint of every output file but the search index's, by output path.
    fingerprints: FxHashMap<String, u64>,
    /// Address of every planned page.
    page_urls: Vec<String>,
    /// For each content page's address, the indexes in `page_urls` of the pages showing it.
    shown_on: FxHashMap<String, Vec<u32>>,
    /// Addresses of the pages `rss.xml` lists.
    feed_urls: FxHashSet<String>,
    /// The day the plan was made for: on another day, the in-force badges of documents may change.
    day: NaiveDate,
}

impl PlanMemory {
    fn of(plan: &OutputPlan, site: &Site, layout: &Layout, day: NaiveDate) -> PlanMemory {
        let fingerprints =
            plan.files.iter().map(|(path, (source, _))| (path.clone(), fingerprint_of(source, &plan.jobs))).collect();
        let mut shown_on: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (index, job) in plan.jobs.iter().enumerate() {
            let index = u32::try_from(index).expect("fewer than 2^32 pages");
            for page in &job.shows {
                match shown_on.get_mut(page.url.as_str()) {
                    Some(showing) => showing.push(index),
                    None => {
                        shown_on.insert(page.url.clone(), vec![index]);
                    }
                }
            }
        }
        PlanMemory {
            fingerprints,
            page_urls: plan.jobs.iter().map(|job| job.url.clone()).collect(),
            shown_on,
            feed_urls: feeds::feed_items_of(layout.newest(site)).into_iter().map(|page| page.url.clone()).collect(),
            day,
        }
    }

    /// Addresses of the planned pages that show the page at `url`.
    fn pages_showing(&self, url: &str) -> impl Iterator<Item = &String> {
        self.shown_on.get(url).into_iter().flatten().map(|&index| &self.page_urls[index as usize])
    }
}

/// Returns whether `new`, an edit of `old`, leaves the plan of the site as it was. That needs
/// the same address, kind and section, and every front-matter field equal except those that
/// are only displayed (the title, the description and the title's fallbacks). No anchor that
/// another page may link to may be removed either.
fn keeps_plan(old: &Page, new: &Page) -> bool {
    // Fields shown on pages but never used to place, sort, group or link them.
    const DISPLAYED: &[&str] = &["title", "description", "trich_yeu", "cau_hoi", "ten_du_an"];
    let placing_fields = |page: &Page| -> Option<serde_json::Value> {
        let mut fields = serde_json::to_value(&page.meta).ok()?;
        let object = fields.as_object_mut()?;
        for field in DISPLAYED {
            object.remove(*field);
        }
        Some(fields)
    };
    old.source == new.source
        && old.url == new.url
        && old.kind == new.kind
        && old.section == new.section
        && !is_fixed_page(new)
        && old.anchors.iter().all(|id| new.anchors.contains(id))
        && placing_fields(old).is_some_and(|fields| Some(fields) == placing_fields(new))
}

impl Session {
    /// Builds the whole site and keeps it for later rebuilds.
    pub fn start(root: &Path, options: BuildOptions) -> Result<(Session, Rebuilt), Diagnostics> {
        let started = Instant::now();
        let (root, output) = folders(root, &options)?;
        let (outcome, (search, index_paths)) = build_keeping_index(&root, &options)?;
        let theme = load_theme(&root)?;
        let (planned, layout) = plan_memory(&root, &outcome.site, &theme);
        let session = Session {
            root,
            output,
            options,
            site: outcome.site,
            theme,
            planned,
            layout,
            search,
            index_paths: index_paths.into_iter().collect(),
            needs_full_build: false,
        };
        let rebuilt = Rebuilt {
            rendered: outcome.html_pages,
            changed_files: outcome.files,
            full: true,
            in_place: false,
            elapsed: started.elapsed(),
        };
        Ok((session, rebuilt))
    }

    /// The output folder being served.
    pub fn output(&self) -> &Path {
        &self.output
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
            (self.planned, self.layout) = plan_memory(&self.root, &self.site, &self.theme);
            self.needs_full_build = false;
            return Ok(Rebuilt {
                rendered: outcome.html_pages,
                changed_files: outcome.files,
                full: true,
                in_place: false,
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
        let in_place = moved.is_empty()
            && crate::date::today_in_vietnam() == self.planned.day
            && replaced.len() == sources.len()
            && previous.len() == replaced.len()
            && previous.iter().all(|old| {
                self.site
                    .page_at(&old.url)
                    .is_some_and(|new| new.kind != crate::content::Kind::Section && keeps_plan(old, new))
            });
        for page in moved {
            self.insert_page(page);
        }
        if !in_place {
            check_collisions(&self.site.pages, &self.site.assets, &mut errors);
        }
        let loaded = started.elapsed();

        let result = if errors.has_errors() {
            Err(errors)
        } else if in_place {
            self.render_in_place(errors, &previous, &sources)
        } else {
            self.render_changes(errors, &previous, &sources)
        };
        let (rendered, changed_files) = match result {
            Ok(counts) => counts,
            Err(mut errors) => {
                self.site.pages.retain(|page| !added.contains(&page.url) || !sources.contains(&page.source));
                let restored: Vec<String> = previous.iter().map(|page| page.url.clone()).collect();
                for page in previous {
                    self.insert_page(page);
                }
                // An in-place rebuild wrote the new titles into the site map first.
                self.layout.refresh_titles(&self.site, restored.iter().map(String::as_str));
                errors.sort();
                return Err(errors);
            }
        };
        debug!(
            loaded_ms = loaded.as_millis(),
            total_ms = started.elapsed().as_millis(),
            rendered,
            in_place,
            "dựng lại từng phần"
        );
        Ok(Rebuilt { rendered, changed_files, full: false, in_place, elapsed: started.elapsed() })
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
        let planner = Planner::new(site);
        let plan = plan_outputs(&self.root, site, &planner, &self.theme, &mut errors);
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

        let memory = PlanMemory::of(&plan, site, planner.layout(), planner.today());
        let mut stale_files = Vec::new();
        let mut stale_jobs = Vec::new();
        for (path, entry) in &plan.files {
            if self.planned.fingerprints.get(path) != memory.fingerprints.get(path) {
                match entry.0 {
                    Source::Html(index) => stale_jobs.push(&plan.jobs[index]),
                    _ => stale_files.push((path, entry)),
                }
            }
        }
        let removed: Vec<&String> =
            self.planned.fingerprints.keys().filter(|path| !plan.files.contains_key(*path)).collect();
        let compared = started.elapsed();

        // From here on the output changes; a failure leaves the session for a full build.
        self.needs_full_build = true;
        let output = &self.output;
        let rendered = render_pages(&self.theme, output, &stale_jobs)?;
        let mut changed_files = rendered + stale_files.len() + removed.len();
        write_files(
            stale_files,
            |path, bytes| write_atomically(&target(output, path), bytes),
            |path, from| std::fs::read(from).and_then(|bytes| write_atomically(&target(output, path), &bytes)),
        )?;
        for path in removed {
            let _ = std::fs::remove_file(target(output, path));
        }
        let written = started.elapsed();
        changed_files += update_search(&mut self.search, &mut self.index_paths, site, output, previous, &edited)?;
        debug!(
            planned_ms = planned.as_millis(),
            checked_ms = checked.as_millis(),
            compared_ms = compared.as_millis(),
            written_ms = written.as_millis(),
            total_ms = started.elapsed().as_millis(),
            "các bước dựng lại"
        );

        drop(plan);
        self.planned = memory;
        self.layout = planner.into_layout();
        self.needs_full_build = false;
        Ok((rendered, changed_files))
    }

    /// Writes the edits of pages that keep the plan of the site (see [`keeps_plan`]). Only
    /// the pages that show an edited page are planned. Of those, the pages whose fingerprint
    /// changed are written, with `rss.xml` when it lists an edited page and the changed files
    /// of the search index. The result equals what [`Session::render_changes`] would write.
    /// Returns the number of pages rendered and of files changed.
    fn render_in_place(
        &mut self,
        mut errors: Diagnostics,
        previous: &[Page],
        sources: &[String],
    ) -> Result<(usize, usize), Diagnostics> {
        let started = Instant::now();
        let site = &self.site;
        let edited: Vec<&Page> = previous.iter().filter_map(|old| site.page_at(&old.url)).collect();
        let planned_paths = &self.planned.fingerprints;
        check_links_to(site, edited.iter().copied(), |path| planned_paths.contains_key(path), &mut errors);
        if errors.has_errors() {
            return Err(errors);
        }

        let showing: FxHashSet<String> =
            edited.iter().flat_map(|page| self.planned.pages_showing(&page.url)).cloned().collect();
        self.layout.refresh_titles(site, edited.iter().map(|page| page.url.as_str()));
        let planner = Planner::with_layout(site, Cow::Borrowed(&self.layout)).only(showing);
        if planner.today() != self.planned.day {
            // A new day can change the in-force badge of any document.
            drop(planner);
            return self.render_changes(errors, previous, sources);
        }
        let jobs = planner.plan();
        let stale_jobs: Vec<&Job> = jobs
            .iter()
            .filter(|job| self.planned.fingerprints.get(&job.file_path()) != Some(&job.fingerprint))
            .collect();
        let feed = if edited.iter().any(|page| self.planned.feed_urls.contains(&page.url)) {
            let items = feeds::feed_items_of(self.layout.newest(site));
            let bytes = feeds::rss_of(site, &items)
                .map_err(|error| single(Diagnostic::error("rss.xml", 0, format!("không tạo được rss.xml: {error}"))))?;
            let fingerprint = xxh3_64(&bytes);
            (self.planned.fingerprints.get(FEED_PATH) != Some(&fingerprint)).then_some((bytes, fingerprint))
        } else {
            None
        };
        let planned = started.elapsed();

        // From here on the output changes; a failure leaves the session for a full build.
        self.needs_full_build = true;
        let output = &self.output;
        let rendered = render_pages(&self.theme, output, &stale_jobs)?;
        let mut changed_files = rendered;
        if let Some((bytes, _)) = &feed {
            write_atomically(&target(output, FEED_PATH), bytes)
                .map_err(|error| single(write_error(FEED_PATH, &error)))?;
            changed_files += 1;
        }
        let written = started.elapsed();
        changed_files += update_search(&mut self.search, &mut self.index_paths, site, output, previous, &edited)?;
        debug!(
            planned_ms = planned.as_millis(),
            written_ms = written.as_millis(),
            total_ms = started.elapsed().as_millis(),
            pages = ?stale_jobs.iter().map(|job| job.url.as_str()).collect::<Vec<_>>(),
            "các bước dựng lại tại chỗ"
        );

        let fingerprints: Vec<(String, u64)> =
            stale_jobs.iter().map(|job| (job.file_path(), job.fingerprint)).collect();
        drop(jobs);
        self.planned.fingerprints.extend(fingerprints);
        if let Some((_, fingerprint)) = feed {
            self.planned.fingerprints.insert(FEED_PATH.to_owned(), fingerprint);
        }
        self.needs_full_build = false;
        Ok((rendered, changed_files))
    }
}

/// Plans the whole of `site` and returns what a session keeps of the plan, with the layout
/// it was made from.
fn plan_memory(root: &Path, site: &Site, theme: &Theme) -> (PlanMemory, Layout) {
    let planner = Planner::new(site);
    let mut errors = Diagnostics::new();
    let plan = plan_outputs(root, site, &planner, theme, &mut errors);
    let memory = PlanMemory::of(&plan, site, planner.layout(), planner.today());
    drop(plan);
    (memory, planner.into_layout())
}

/// Output path of the feed.
const FEED_PATH: &str = "/rss.xml";

/// Returns the file of the output folder `output` at the output path `path`.
fn target(output: &Path, path: &str) -> PathBuf {
    output.join(path.trim_start_matches('/'))
}

/// Renders `jobs` in parallel and writes each page in place. Returns the number of pages.
fn render_pages(theme: &Theme, output: &Path, jobs: &[&Job]) -> Result<usize, Diagnostics> {
    render::render_all(theme, jobs, |path, html| {
        write_atomically(&target(output, path), html).map_err(|error| write_error(path, &error))
    })
    .map_err(|problems| {
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(problems);
        diagnostics
    })?;
    Ok(jobs.len())
}

/// Updates the search index for the pages `edited`, whose previous versions are `previous`,
/// and writes its changed files. The whole index is rebuilt when the numbering of its
/// documents changed. Returns the number of files written or removed.
fn update_search(
    search: &mut SearchIndex,
    index_paths: &mut HashSet<String>,
    site: &Site,
    output: &Path,
    previous: &[Page],
    edited: &[&Page],
) -> Result<usize, Diagnostics> {
    let index_error = |error: serde_json::Error| {
        Diagnostic::error("chi-muc.json", 0, format!("không tạo được chỉ mục tìm kiếm: {error}"))
    };
    let old: Vec<&Page> = previous.iter().collect();
    let mut changed_files = 0;
    let index_files = match search.update(&old, edited).map_err(|error| single(index_error(error)))? {
        Some(files) => files,
        None => {
            let (index, files) = search::index_with_files(site).map_err(|error| single(index_error(error)))?;
            let paths: HashSet<String> = files.iter().map(|file| file.path.clone()).collect();
            for path in index_paths.difference(&paths) {
                let _ = std::fs::remove_file(target(output, path));
                changed_files += 1;
            }
            *search = index;
            *index_paths = paths;
            files
        }
    };
    changed_files += index_files.len();
    let failed: Vec<Diagnostic> = index_files
        .par_iter()
        .filter_map(|file| {
            write_atomically(&target(output, &file.path), &file.bytes)
                .err()
                .map(|error| write_error(&file.path, &error))
        })
        .collect();
    if !failed.is_empty() {
        let mut problems = Diagnostics::new();
        problems.extend(failed);
        return Err(problems);
    }
    Ok(changed_files)
}

fn single(diagnostic: Diagnostic) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(diagnostic);
    diagnostics
}
