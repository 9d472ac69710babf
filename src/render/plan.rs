//! The list of pages to render, with the context each template receives.
//!
//! The fixed addresses that reviewers and other agencies link to are created whether or not
//! `content/` has a folder for them; a section's `_index.md`, when present, gives its title
//! and an introduction.

use rustc_hash::{FxHashSet, FxHasher};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tera::Context;
use xxhash_rust::xxh3::xxh3_64;

use crate::content::Page;
use crate::content::meta::Kind;
use crate::content::validate::parse_iso_week;
use crate::date::today_in_vietnam;
use crate::render::Job;
use crate::render::layout::Layout;
use crate::render::views::{DocumentIndex, DublinCore, ItemView, Link, PageView, SiteView, category_link, summary_of};
use crate::site::Site;

/// Fixed sections: site path, default title, and the template of their index page.
pub const FIXED_SECTIONS: &[(&str, &str, &str)] = &[
    ("tin-tuc", "Tin tức - Sự kiện", "list.html"),
    ("van-ban", "Văn bản", "registry.html"),
    ("van-ban/chi-dao-dieu-hanh", "Văn bản chỉ đạo, điều hành", "registry.html"),
    ("van-ban/quy-pham-phap-luat", "Văn bản quy phạm pháp luật", "registry.html"),
    ("chien-luoc-ke-hoach", "Chiến lược, định hướng, quy hoạch, kế hoạch", "registry.html"),
    ("lich-cong-tac", "Lịch công tác của lãnh đạo", "schedule-index.html"),
    ("gioi-thieu", "Giới thiệu", "about.html"),
    ("gioi-thieu/co-cau-to-chuc", "Cơ cấu tổ chức", "org-chart.html"),
    ("gioi-thieu/chuc-nang-nhiem-vu", "Chức năng, nhiệm vụ, quyền hạn", "duties.html"),
    ("gioi-thieu/lanh-dao", "Lãnh đạo cơ quan", "leaders.html"),
    ("gioi-thieu/ban-bien-tap", "Ban biên tập", "editorial-board.html"),
    ("gioi-thieu/lich-su", "Lịch sử hình thành và phát triển", "page.html"),
    ("lien-he", "Liên hệ", "contact.html"),
    ("so-do-trang", "Sơ đồ trang", "sitemap.html"),
    ("tim-kiem", "Tìm kiếm", "search.html"),
    ("lay-y-kien", "Lấy ý kiến góp ý", "list.html"),
    ("du-an", "Dự án, đầu tư, đấu thầu, mua sắm công", "projects.html"),
    ("dich-vu-cong", "Dịch vụ công trực tuyến", "services.html"),
    ("hoi-dap", "Hỏi đáp", "questions.html"),
    ("lien-ket", "Liên kết", "links.html"),
    ("chuyen-doi-so", "Chuyển đổi số", "list.html"),
];

/// The main menu, in order.
pub(super) const MENU: &[&str] = &[
    "",
    "gioi-thieu",
    "tin-tuc",
    "van-ban",
    "chien-luoc-ke-hoach",
    "lich-cong-tac",
    "chuyen-doi-so",
    "dich-vu-cong",
    "lay-y-kien",
    "hoi-dap",
    "lien-he",
    "so-do-trang",
];

/// Menu titles shorter than the section titles.
fn menu_title(section: &str) -> &'static str {
    match section {
        "" => "Trang chủ",
        "gioi-thieu" => "Giới thiệu",
        "tin-tuc" => "Tin tức",
        "van-ban" => "Văn bản",
        "chien-luoc-ke-hoach" => "Kế hoạch",
        "lich-cong-tac" => "Lịch công tác",
        "chuyen-doi-so" => "Chuyển đổi số",
        "dich-vu-cong" => "Dịch vụ công",
        "lay-y-kien" => "Lấy ý kiến",
        "hoi-dap" => "Hỏi đáp",
        "lien-he" => "Liên hệ",
        "so-do-trang" => "Sơ đồ trang",
        _ => "",
    }
}

/// Returns the section path of a page address: `/gioi-thieu/lich-su/` gives
/// `gioi-thieu/lich-su`. Addresses start and end with one `/`, so stripping one at each end
/// is enough, and it is faster than a trim on the thousands of pages of a plan.
pub(super) fn section_path(url: &str) -> &str {
    let path = url.strip_prefix('/').unwrap_or(url);
    path.strip_suffix('/').unwrap_or(path)
}

pub(super) fn section_url(section: &str) -> String {
    if section.is_empty() { "/".to_owned() } else { format!("/{section}/") }
}

/// Pagination of a list page, as templates see it.
#[derive(Debug, Clone, Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    /// The page numbers shown: see [`pager_entries`].
    pages: Vec<PagerEntry>,
}

/// One entry of the page-number row: a page, or a gap (`url` absent) for pages left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct PagerEntry {
    number: usize,
    url: Option<String>,
    current: bool,
}

/// Pages on each side of the current one in the page-number row.
const PAGER_NEIGHBOURS: usize = 2;

/// Lists the page numbers of the row under a list: the first and last pages, the current one
/// with [`PAGER_NEIGHBOURS`] on each side, and a gap for each run of pages left out. Listing
/// every page would make each page of a 5,000-page list carry 5,000 links.
fn pager_entries(base: &str, current: usize, total: usize) -> Vec<PagerEntry> {
    let near = current.saturating_sub(PAGER_NEIGHBOURS).max(1)..=(current + PAGER_NEIGHBOURS).min(total);
    let mut entries = Vec::new();
    for number in 1..=total {
        if number == 1 || number == total || near.contains(&number) {
            entries.push(PagerEntry { number, url: Some(pager_url(base, number)), current: number == current });
        } else if entries.last().is_some_and(|entry: &PagerEntry| entry.url.is_some()) {
            entries.push(PagerEntry { number, url: None, current: false });
        }
    }
    entries
}

/// URL of page `number` (1-based) of the list at `base`.
fn pager_url(base: &str, number: usize) -> String {
    if number <= 1 { base.to_owned() } else { format!("{base}trang/{number}/") }
}

/// Builds the jobs for every HTML page of the site.
pub struct Planner<'a> {
    site: &'a Site,
    /// A context holding only `site`, which every page's context starts from: cloning its
    /// values is cheaper than serialising the site's view for each of thousands of pages.
    site_context: Context,
    /// Section titles, the order of the items, the terms and the site map.
    layout: Cow<'a, Layout>,
    documents: DocumentIndex<'a>,
    /// Every page but section pages, newest first: the pages at the positions of
    /// `layout.newest`.
    newest: Vec<&'a Page>,
    today: NaiveDate,
    /// Hash of what every page depends on besides its own content: the layout's site-wide
    /// inputs and the day.
    global: u64,
    /// When set, only the pages at these addresses are planned (see [`Planner::only`]).
    only: Option<FxHashSet<String>>,
}

/// The pages the home page shows.
struct HomeItems<'a> {
    featured: Vec<&'a Page>,
    news: Vec<&'a Page>,
    digital: Vec<&'a Page>,
    documents: Vec<&'a Page>,
    consultations: Vec<&'a Page>,
    schedule: Option<&'a Page>,
}

/// Hash of any hashable value, stable within one process.
fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A paginated list: a section, a tag or a category.
struct List<'a> {
    base: String,
    title: String,
    description: Option<String>,
    intro: Option<&'a Page>,
    items: Arc<Vec<&'a Page>>,
    children: Arc<Vec<Link>>,
    source: Option<String>,
}

impl<'p, 'a: 'p> Planner<'a> {
    /// A planner of `site` that sorts and groups its pages first.
    pub fn new(site: &'a Site) -> Self {
        Planner::with_layout(site, Cow::Owned(Layout::new(site)))
    }

    /// Creates a planner of `site` that takes the order and grouping of its pages from `layout`.
    /// The layout must have been made from `site`, or from a version of it that differs only
    /// in edits that keep the plan, with the edited titles refreshed (see [`Layout`]). The
    /// jobs are then the same as those of [`Planner::new`].
    pub fn with_layout(site: &'a Site, layout: Cow<'a, Layout>) -> Self {
        debug_assert!(layout.fits(site), "the layout was made from a site with as many pages");
        let config = &site.config;
        let menu = MENU
            .iter()
            .map(|section| Link { title: menu_title(section).to_owned(), url: section_url(section) })
            .collect();
        let footer_links = ["", "gioi-thieu", "lien-he", "so-do-trang"]
            .iter()
            .map(|section| Link { title: menu_title(section).to_owned(), url: section_url(section) })
            .collect();
        let site_view = SiteView {
            name: config.ten_co_quan.clone(),
            short_name: config.ten_viet_tat.clone(),
            parent: config.co_quan_chu_quan.clone(),
            province: config.tinh.clone(),
            base_url: config.base().to_owned(),
            description: config.mo_ta.clone(),
            menu,
            footer_links,
            agency: site.data.agency.clone(),
            theme_url: crate::render::theme::THEME_URL,
        };

        let documents = DocumentIndex::new(site);
        let newest: Vec<&Page> = layout.newest.iter().map(|&at| &site.pages[at as usize]).collect();
        let today = today_in_vietnam();
        let global = hash_of(&(layout.global, today));
        let mut site_context = Context::new();
        site_context.insert("site", &site_view);
        Planner { site, site_context, layout, documents, newest, today, global, only: None }
    }

    /// Returns the order and grouping of the pages that the planner works from.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Returns the layout, to plan the same site again later with [`Planner::with_layout`].
    pub fn into_layout(self) -> Layout {
        self.layout.into_owned()
    }

    /// Restricts [`Planner::plan`] to the pages at `urls`. Their jobs are the same as in a
    /// full plan, fingerprints included, so a rebuild can compare them with the last build.
    pub fn only(mut self, urls: FxHashSet<String>) -> Self {
        self.only = Some(urls);
        self
    }

    /// Returns the day the plan is made for. Documents show whether they are in force on that day.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    fn wants(&self, url: &str) -> bool {
        self.only.as_ref().is_none_or(|urls| urls.contains(url))
    }

    /// Returns whether any page at or under the list address `base` is planned.
    fn wants_under(&self, base: &str) -> bool {
        self.only.as_ref().is_none_or(|urls| urls.iter().any(|url| url.starts_with(base)))
    }

    /// Plans every page; each job builds its template context only when rendered.
    pub fn plan(&'p self) -> Vec<Job<'p>> {
        let site = self.site;
        let mut jobs = Vec::with_capacity(site.pages.len() * 2);
        let fixed_urls: BTreeSet<String> = FIXED_SECTIONS.iter().map(|(path, _, _)| section_url(path)).collect();

        // Item pages; a content page at a fixed address becomes that page's introduction.
        let candidates: Vec<&Page> = match &self.only {
            Some(urls) => urls.iter().filter_map(|url| site.page_at(url)).collect(),
            None => site.pages.iter().collect(),
        };
        for page in candidates {
            if page.kind == Kind::Section || fixed_urls.contains(&page.url) {
                continue;
            }
            self.item_page(page, &mut jobs);
        }

        self.home(&mut jobs);
        let mut sections: BTreeSet<String> = FIXED_SECTIONS.iter().map(|(path, _, _)| path.to_string()).collect();
        sections.extend(self.layout.sections.iter().cloned());
        for section in &sections {
            self.section_page(section, &mut jobs);
        }
        self.taxonomies(&mut jobs);
        self.not_found(&mut jobs);
        jobs
    }

    fn title_of(&self, section: &str) -> String {
        self.layout.title_of(section)
    }

    fn breadcrumbs(&self, url: &str, last_title: &str) -> Vec<Link> {
        let mut crumbs = vec![Link { title: "Trang chủ".to_owned(), url: "/".to_owned() }];
        let parts: Vec<&str> = url.trim_matches('/').split('/').filter(|part| !part.is_empty()).collect();
        let mut path = String::new();
        for (index, part) in parts.iter().enumerate() {
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(part);
            if *part == "trang" && index + 2 == parts.len() {
                break; // pagination: /tin-tuc/trang/2/ ends at the section
            }
            let title = if index + 1 == parts.len() { last_title.to_owned() } else { self.title_of(&path) };
            crumbs.push(Link { title, url: section_url(&path) });
        }
        crumbs
    }

    fn menu_url(url: &str) -> String {
        let first = url.trim_matches('/').split('/').next().unwrap_or("");
        section_url(first)
    }

    /// The `page` view of a generated page.
    fn generated_view(&self, url: &str, title: &str, description: Option<String>) -> PageView {
        let description = description.unwrap_or_else(|| format!("{title} – {}", self.site.config.ten_co_quan));
        let dc = DublinCore {
            config: &self.site.config,
            title,
            description: &description,
            url,
            creator: None,
            date: self.layout.last_change.clone(),
            subject: Vec::new(),
            contributor: None,
            source: None,
            doc_type: "Text",
        };
        self.view(url, title, description.clone(), dc.elements(), false)
    }

    fn view(
        &self,
        url: &str,
        title: &str,
        description: String,
        dc: Vec<(String, String)>,
        is_article: bool,
    ) -> PageView {
        let permalink = self.site.config.absolute(url);
        let og = vec![
            ("og:title".to_owned(), title.to_owned()),
            ("og:type".to_owned(), if is_article { "article" } else { "website" }.to_owned()),
            ("og:url".to_owned(), permalink.clone()),
            ("og:description".to_owned(), description.clone()),
            ("og:site_name".to_owned(), self.site.config.ten_co_quan.clone()),
            ("og:locale".to_owned(), "vi_VN".to_owned()),
        ];
        PageView {
            title: title.to_owned(),
            url: url.to_owned(),
            permalink,
            description,
            dc,
            og,
            breadcrumbs: if url == "/" { Vec::new() } else { self.breadcrumbs(url, title) },
            menu_url: Self::menu_url(url),
            is_article,
            noindex: false,
        }
    }

    fn context(&self, page: &PageView) -> Context {
        let mut context = self.site_context.clone();
        context.insert("page", page);
        context
    }

    /// A job whose output depends on the site-wide inputs and on `deps`, the pages it shows;
    /// `extra` covers anything else its context is built from.
    fn job(
        &'p self,
        url: String,
        template: &str,
        source: Option<String>,
        deps: Vec<&'a Page>,
        extra: u64,
        make: impl Fn() -> Context + Send + Sync + 'p,
    ) -> Job<'p> {
        let mut hasher = FxHasher::default();
        (self.global, &url, template, extra).hash(&mut hasher);
        for page in &deps {
            (page.url.as_str(), page.version).hash(&mut hasher);
        }
        Job {
            url,
            template: template.to_owned(),
            source,
            fingerprint: hasher.finish(),
            shows: deps,
            make: Box::new(make),
        }
    }

    /// The introduction of a section or fixed page: the body of its `_index.md`, or of a
    /// content page at the same address.
    fn intro(&self, url: &str) -> Option<&'a Page> {
        self.site.page_at(url)
    }

    fn item(&self, page: &'a Page) -> ItemView<'a> {
        ItemView::new(page, &self.documents, self.today)
    }

    fn item_page(&'p self, page: &'a Page, jobs: &mut Vec<Job<'p>>) {
        let template = match (&page.meta.template, page.kind) {
            (Some(template), _) => template.as_str(),
            (None, Kind::Document | Kind::Plan) => "document.html",
            (None, Kind::Schedule) => "schedule.html",
            (None, Kind::Consultation) => "consultation.html",
            (None, Kind::Project) => "project.html",
            (None, Kind::Question) => "question.html",
            (None, _) => "article.html",
        };
        if !self.wants(&page.url) {
            return;
        }
        let mut deps = vec![page];
        deps.extend(self.documents.related(page));
        jobs.push(
            self.job(page.url.clone(), template, Some(page.source.clone()), deps, 0, move || self.item_context(page)),
        );
    }

    fn item_context(&self, page: &'a Page) -> Context {
        let item = self.item(page);
        let description = summary_of(page);
        let meta = &page.meta;
        let mut subject: Vec<String> = meta.tags.clone();
        if let Some(field) = &meta.linh_vuc {
            subject.push(field.clone());
        }
        if let Some(category) = &meta.chuyen_muc {
            subject.push(category_link(category).title);
        }
        let creator = meta.co_quan_ban_hanh.as_deref().or(meta.tac_gia.as_deref());
        let dc = DublinCore {
            config: &self.site.config,
            title: page.title(),
            description: &description,
            url: &page.url,
            creator,
            date: page
                .effective_date()
                .or(meta.updated.as_ref())
                .map(|date| date.iso_day())
                .or_else(|| self.layout.last_change.clone()),
            subject,
            contributor: if meta.co_quan_ban_hanh.is_some() {
                meta.nguoi_ky.as_deref()
            } else {
                meta.tac_gia.as_deref()
            },
            source: meta.nguon_goc.as_deref(),
            doc_type: "Text",
        };
        let view = self.view(&page.url, page.title(), description.clone(), dc.elements(), true);
        let mut context = self.context(&view);
        context.insert("item", &item);
        context.insert("content", &page.content_html);
        if page.kind == Kind::Schedule {
            context.insert("days", &schedule_days(page));
            context.insert("week", &week_label(page));
        }
        context
    }

    fn home(&'p self, jobs: &mut Vec<Job<'p>>) {
        if !self.wants("/") {
            return;
        }
        let site = self.site;
        let intro = self.intro("/");
        let latest = |section: &str, count: usize| -> Vec<&'a Page> {
            self.newest.iter().copied().filter(|page| is_in_section(page, section)).take(count).collect()
        };
        let featured: Vec<&Page> = self.newest.iter().copied().filter(|page| page.meta.noi_bat).take(3).collect();
        let shown = HomeItems {
            featured,
            news: latest("tin-tuc", 6),
            digital: latest("chuyen-doi-so", 3),
            documents: latest("van-ban", 5),
            consultations: latest("lay-y-kien", 2),
            schedule: current_week(site),
        };

        let mut deps: Vec<&Page> = intro.into_iter().chain(shown.schedule).collect();
        for list in [&shown.featured, &shown.news, &shown.digital, &shown.documents, &shown.consultations] {
            deps.extend(list.iter().copied());
        }
        let source = intro.map(|page| page.source.clone());
        jobs.push(self.job("/".to_owned(), "home.html", source, deps, 0, move || self.home_context(&shown)));
    }

    fn home_context(&self, shown: &HomeItems<'a>) -> Context {
        let site = self.site;
        let intro = self.intro("/");
        let title = site.config.ten_co_quan.clone();
        let view = self.generated_view("/", &title, site.config.mo_ta.clone());
        let mut context = self.context(&view);
        let views = |pages: &[&'a Page]| -> Vec<ItemView<'a>> { pages.iter().map(|page| self.item(page)).collect() };

        context.insert("intro", &intro.map(|page| page.content_html.as_str()).unwrap_or(""));
        context.insert("featured", &views(&shown.featured));
        context.insert("news", &views(&shown.news));
        context.insert("digital", &views(&shown.digital));
        context.insert("documents", &views(&shown.documents));
        context.insert("consultations", &views(&shown.consultations));
        context.insert("schedule", &shown.schedule.map(|page| Link { title: week_label(page), url: page.url.clone() }));
        context.insert("links", &site.data.links);
        context
    }

    fn section_page(&'p self, section: &str, jobs: &mut Vec<Job<'p>>) {
        let site = self.site;
        let url = section_url(section);
        let intro = self.intro(&url);
        let template =
            FIXED_SECTIONS.iter().find(|(path, _, _)| *path == section).map(|(_, _, template)| *template).unwrap_or(
                match crate::content::load::kind_of_section(section) {
                    Kind::Document | Kind::Plan => "registry.html",
                    _ => "list.html",
                },
            );
        if template == "page.html" {
            if let Some(page) = intro.filter(|page| page.kind != Kind::Section) {
                self.item_page(page, jobs);
                return;
            }
        }
        if !self.wants_under(&url) {
            return;
        }
        let source = intro.map(|page| page.source.clone());

        let items: Vec<&'a Page> = self.layout.items_in(section).iter().map(|&at| &site.pages[at as usize]).collect();

        if template == "list.html" {
            let list = List {
                base: url,
                title: self.title_of(section),
                description: intro.and_then(|page| page.meta.description.clone()),
                intro,
                items: Arc::new(items),
                children: Arc::new(self.child_sections(section)),
                source,
            };
            self.paginated(list, jobs);
            return;
        }

        if !self.wants(&url) {
            return;
        }
        let mut deps: Vec<&Page> = intro.into_iter().collect();
        let mut extra = 0;
        match template {
            // The site map shows the title and address of every item, which its list holds.
            "sitemap.html" => extra = xxh3_64(self.layout.site_map_html().as_bytes()),
            "schedule-index.html" => deps.extend(current_week(site)),
            _ => {}
        }
        deps.extend(items.iter().copied());
        let section = section.to_owned();
        let items = Arc::new(items);
        let mut job =
            self.job(url, template, source, deps, extra, move || self.section_context(&section, template, &items));
        if template == "sitemap.html" {
            job.shows.extend(site.pages.iter());
        }
        jobs.push(job);
    }

    fn section_context(&self, section: &str, template: &str, items: &[&'a Page]) -> Context {
        let site = self.site;
        let url = section_url(section);
        let title = self.title_of(section);
        let intro = self.intro(&url);
        let view = self.generated_view(&url, &title, intro.and_then(|page| page.meta.description.clone()));
        let mut context = self.context(&view);
        context.insert("intro", intro.map(|page| page.content_html.as_str()).unwrap_or(""));
        context.insert("children", &self.child_sections(section));
        let item_views: Vec<ItemView> = items.iter().map(|page| self.item(page)).collect();
        match template {
            "registry.html" => {
                context.insert("filters", &registry_filters(&item_views));
                context.insert("is_plan", &(section == "chien-luoc-ke-hoach"));
            }
            "schedule-index.html" => {
                let current = current_week(site);
                context.insert("current", &current.map(|page| self.item(page)));
                context.insert("current_week", &current.map(week_label));
                context.insert("days", &current.map(schedule_days).unwrap_or_default());
                let weeks: Vec<Link> =
                    items.iter().map(|page| Link { title: week_label(page), url: page.url.clone() }).collect();
                context.insert("weeks", &weeks);
            }
            "about.html" => {
                let pages: Vec<Link> = FIXED_SECTIONS
                    .iter()
                    .filter(|(path, _, _)| path.starts_with("gioi-thieu/"))
                    .map(|(path, _, _)| Link { title: self.title_of(path), url: section_url(path) })
                    .collect();
                context.insert("about_pages", &pages);
            }
            "sitemap.html" => {
                // Built as HTML by the layout rather than by a recursive template macro, which
                // takes most of a rebuild's time on a site with thousands of pages.
                context.insert("tree_html", self.layout.site_map_html());
            }
            "services.html" => {
                context.insert("services", &services_by_field(site));
            }
            _ => {}
        }
        context.insert("items", &item_views);
        context.insert("data", &site.data);
        context
    }

    /// One job per page of a paginated list.
    fn paginated(&'p self, list: List<'a>, jobs: &mut Vec<Job<'p>>) {
        if !self.wants_under(&list.base) {
            return;
        }
        let per_page = self
            .site
            .page_at(&list.base)
            .and_then(|page| page.meta.so_muc_moi_trang)
            .unwrap_or(self.site.config.so_muc_moi_trang)
            .max(1);
        let total = list.items.len().div_ceil(per_page).max(1);
        let list = Arc::new(list);
        for number in 1..=total {
            let url = pager_url(&list.base, number);
            if !self.wants(&url) {
                continue;
            }
            let start = (number - 1) * per_page;
            let end = (start + per_page).min(list.items.len());
            let mut deps: Vec<&Page> = list.intro.into_iter().collect();
            deps.extend(list.items[start..end].iter().copied());
            let extra = hash_of(&(total, list.children.as_slice()));
            let source = list.source.clone();
            let list = Arc::clone(&list);
            jobs.push(
                self.job(url, "list.html", source, deps, extra, move || {
                    self.list_context(&list, number, per_page, total)
                }),
            );
        }
    }

    fn list_context(&self, list: &List<'a>, number: usize, per_page: usize, total: usize) -> Context {
        let base = list.base.as_str();
        let url = pager_url(base, number);
        let page_title = if number == 1 { list.title.clone() } else { format!("{} – trang {number}", list.title) };
        let view = self.generated_view(&url, &page_title, list.description.clone());
        let mut context = self.context(&view);
        let start = (number - 1) * per_page;
        let chunk: Vec<ItemView> = list.items.iter().skip(start).take(per_page).map(|page| self.item(page)).collect();
        let pagination = Pagination {
            current: number,
            total,
            prev: (number > 1).then(|| pager_url(base, number - 1)),
            next: (number < total).then(|| pager_url(base, number + 1)),
            pages: pager_entries(base, number, total),
        };
        let intro = if number == 1 { list.intro.map(|page| page.content_html.as_str()).unwrap_or("") } else { "" };
        context.insert("intro", intro);
        context.insert("items", &chunk);
        context.insert("children", list.children.as_slice());
        context.insert("pagination", &pagination);
        context
    }

    fn child_sections(&self, section: &str) -> Vec<Link> {
        self.layout.child_sections(section)
    }

    fn taxonomies(&'p self, jobs: &mut Vec<Job<'p>>) {
        if !self.wants_under("/the/") && !self.wants_under("/chuyen-muc/") {
            return;
        }
        let layout = &*self.layout;
        for (index_url, index_title, terms) in
            [("/the/", "Thẻ", &layout.tags), ("/chuyen-muc/", "Chuyên mục", &layout.categories)]
        {
            if !self.wants(index_url) {
                continue;
            }
            let listed: Vec<(Link, usize)> = terms
                .iter()
                .map(|term| (Link { title: term.title.clone(), url: term.url.clone() }, term.pages.len()))
                .collect();
            let extra = hash_of(&listed);
            jobs.push(self.job(index_url.to_owned(), "terms.html", None, Vec::new(), extra, move || {
                let view = self.generated_view(index_url, index_title, None);
                let mut context = self.context(&view);
                context.insert("terms", &listed);
                context
            }));
        }
        for term in layout.tags.iter().chain(&layout.categories) {
            if !self.wants_under(&term.url) {
                continue;
            }
            let list = List {
                base: term.url.clone(),
                title: term.title.clone(),
                description: None,
                intro: None,
                items: Arc::new(term.pages.iter().map(|&at| &self.site.pages[at as usize]).collect()),
                children: Arc::new(Vec::new()),
                source: None,
            };
            self.paginated(list, jobs);
        }
    }

    fn not_found(&'p self, jobs: &mut Vec<Job<'p>>) {
        if !self.wants("/404.html") {
            return;
        }
        jobs.push(self.job("/404.html".to_owned(), "404.html", None, Vec::new(), 0, move || {
            let description = Some("Địa chỉ bạn mở không có trên trang này.".to_owned());
            let mut view = self.generated_view("/404.html", "Không tìm thấy trang", description);
            view.noindex = true;
            view.breadcrumbs = vec![Link { title: "Trang chủ".to_owned(), url: "/".to_owned() }];
            self.context(&view)
        }));
    }
}

/// True when `page`, not a section page, is in `section` or one of its subsections, as
/// [`Site::pages_in`] selects them.
fn is_in_section(page: &Page, section: &str) -> bool {
    page.kind != Kind::Section
        && (page.section == section || page.section.strip_prefix(section).is_some_and(|rest| rest.starts_with('/')))
}

/// A content page at a fixed address (like `gioi-thieu/lich-su.md`) is rendered as that
/// fixed page, not listed as an item of its section.
pub fn is_fixed_page(page: &Page) -> bool {
    let path = section_path(&page.url);
    FIXED_SECTIONS.iter().any(|(fixed, _, _)| *fixed == path)
}

/// Sorts `pages` newest first (see [`newest_first`]).
pub fn sort_newest_first(pages: &mut [&Page]) {
    pages.sort_by(|a, b| newest_first(a, b));
}

/// Orders pages by weight, then newest first with undated items last, then by URL so the
/// order is stable.
pub(super) fn newest_first(a: &Page, b: &Page) -> Ordering {
    let weight = |page: &Page| page.meta.weight.unwrap_or(0);
    weight(a).cmp(&weight(b)).then_with(|| b.effective_date().cmp(&a.effective_date())).then_with(|| a.url.cmp(&b.url))
}

#[derive(Debug, Clone, Serialize, Default)]
struct RegistryFilters {
    types: Vec<String>,
    authorities: Vec<String>,
    fields: Vec<String>,
    years: Vec<i32>,
}

fn registry_filters(items: &[ItemView]) -> RegistryFilters {
    let mut types = BTreeSet::new();
    let mut authorities = BTreeSet::new();
    let mut fields = BTreeSet::new();
    let mut years = BTreeSet::new();
    for item in items {
        types.extend(item.meta.hinh_thuc.clone());
        authorities.extend(item.meta.co_quan_ban_hanh.clone());
        fields.extend(item.meta.linh_vuc.clone());
        years.extend(item.year);
    }
    RegistryFilters {
        types: types.into_iter().collect(),
        authorities: authorities.into_iter().collect(),
        fields: fields.into_iter().collect(),
        years: years.into_iter().rev().collect(),
    }
}

/// One day of a weekly schedule with its entries.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleDay {
    pub label: String,
    pub date_iso: String,
    pub entries: Vec<ScheduleRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScheduleRow {
    pub part: Option<&'static str>,
    pub time: Option<String>,
    pub leader: String,
    pub content: String,
    pub place: Option<String>,
    pub participants: Option<String>,
}

fn weekday_name(day: NaiveDate) -> &'static str {
    match day.weekday() {
        chrono::Weekday::Mon => "Thứ Hai",
        chrono::Weekday::Tue => "Thứ Ba",
        chrono::Weekday::Wed => "Thứ Tư",
        chrono::Weekday::Thu => "Thứ Năm",
        chrono::Weekday::Fri => "Thứ Sáu",
        chrono::Weekday::Sat => "Thứ Bảy",
        chrono::Weekday::Sun => "Chủ nhật",
    }
}

/// The week's entries grouped by day, in date and time order.
pub fn schedule_days(page: &Page) -> Vec<ScheduleDay> {
    let mut by_day: BTreeMap<NaiveDate, Vec<(&crate::content::meta::ScheduleEntry, usize)>> = BTreeMap::new();
    for (index, entry) in page.meta.lich.iter().enumerate() {
        by_day.entry(entry.ngay.day()).or_default().push((entry, index));
    }
    by_day
        .into_iter()
        .map(|(day, mut entries)| {
            entries.sort_by(|a, b| {
                let part = |entry: &crate::content::meta::ScheduleEntry| entry.buoi.map(|p| p as u8);
                (part(a.0), a.0.gio.clone(), a.1).cmp(&(part(b.0), b.0.gio.clone(), b.1))
            });
            ScheduleDay {
                label: format!("{}, {}", weekday_name(day), day.format("%d/%m/%Y")),
                date_iso: day.format("%Y-%m-%d").to_string(),
                entries: entries
                    .into_iter()
                    .map(|(entry, _)| ScheduleRow {
                        part: entry.buoi.map(|part| part.label()),
                        time: entry.gio.clone(),
                        leader: entry.lanh_dao.clone(),
                        content: entry.noi_dung.clone(),
                        place: entry.dia_diem.clone(),
                        participants: entry.thanh_phan.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// "Tuần 43 (24/10/2022 – 30/10/2022)".
pub fn week_label(page: &Page) -> String {
    let Some(week) = page.meta.tuan.as_deref() else {
        return page.title().to_owned();
    };
    match parse_iso_week(week) {
        Some(monday) => format!(
            "Tuần {} ({} – {})",
            monday.iso_week().week(),
            monday.format("%d/%m/%Y"),
            (monday + chrono::Days::new(6)).format("%d/%m/%Y")
        ),
        None => week.to_owned(),
    }
}

/// The schedule shown as current: the week that contains today, else the latest week
/// before today, else the earliest week after it.
pub fn current_week(site: &Site) -> Option<&Page> {
    let today = today_in_vietnam();
    let weeks: Vec<(NaiveDate, &Page)> = site
        .pages_of(Kind::Schedule)
        .filter_map(|page| page.meta.tuan.as_deref().and_then(parse_iso_week).map(|monday| (monday, page)))
        .collect();
    let containing = weeks.iter().find(|(monday, _)| *monday <= today && today < *monday + chrono::Days::new(7));
    let past = weeks.iter().filter(|(monday, _)| *monday <= today).max_by_key(|(monday, _)| *monday);
    let future = weeks.iter().filter(|(monday, _)| *monday > today).min_by_key(|(monday, _)| *monday);
    containing.or(past).or(future).map(|(_, page)| *page)
}

#[derive(Debug, Clone, Serialize)]
struct ServiceGroup<'a> {
    field: &'a str,
    services: Vec<&'a crate::data::Service>,
}

fn services_by_field(site: &Site) -> Vec<ServiceGroup<'_>> {
    let mut groups: BTreeMap<&str, Vec<&crate::data::Service>> = BTreeMap::new();
    if let Some(services) = &site.data.services {
        for service in &services.dich_vu {
            groups.entry(service.linh_vuc.as_str()).or_default().push(service);
        }
    }
    groups.into_iter().map(|(field, services)| ServiceGroup { field, services }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes the row as text: page numbers, `*` before the current one, `…` for a gap.
    fn row(current: usize, total: usize) -> String {
        let entries = pager_entries("/tin-tuc/", current, total);
        let words: Vec<String> = entries
            .iter()
            .map(|entry| match (&entry.url, entry.current) {
                (None, _) => "…".to_owned(),
                (Some(_), true) => format!("*{}", entry.number),
                (Some(_), false) => entry.number.to_string(),
            })
            .collect();
        words.join(" ")
    }

    #[test]
    fn short_list_shows_every_page() {
        assert_eq!(row(1, 1), "*1");
        assert_eq!(row(2, 5), "1 *2 3 4 5");
    }

    #[test]
    fn long_list_shows_window_and_ends() {
        assert_eq!(row(1, 1000), "*1 2 3 … 1000");
        assert_eq!(row(500, 1000), "1 … 498 499 *500 501 502 … 1000");
        assert_eq!(row(1000, 1000), "1 … 998 999 *1000");
        assert_eq!(row(4, 1000), "1 2 3 *4 5 6 … 1000");
    }

    #[test]
    fn entries_link_to_page_addresses() {
        let entries = pager_entries("/tin-tuc/", 2, 3);

        assert_eq!(entries[0].url.as_deref(), Some("/tin-tuc/"));
        assert_eq!(entries[2].url.as_deref(), Some("/tin-tuc/trang/3/"));
    }

    #[test]
    fn row_length_bounded_on_huge_list() {
        assert!(pager_entries("/tin-tuc/", 2_500, 5_000).len() <= 2 * PAGER_NEIGHBOURS + 5);
    }
}
