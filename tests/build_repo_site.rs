//! End-to-end build of the agency's own site at the repository root, into a folder outside
//! the repository's sources: fixed addresses, page metadata, toolbar, encoding, feeds, the
//! document registry, the org chart and byte-identical rebuilds.
//!
//! The site is built and every page parsed once per test process; each test then checks one
//! property of the shared result.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

const BASE_URL: &str = "https://bdt.binhphuoc.gov.vn";

/// Sections whose items go into `rss.xml`.
const FEED_SECTIONS: &[&str] = &["tin-tuc", "chuyen-doi-so", "van-ban", "chien-luoc-ke-hoach"];

/// The toolbar every page carries, by accessible name.
const TOOLBAR: &[&str] = &["Tăng cỡ chữ", "Giảm cỡ chữ", "Cỡ chữ mặc định", "Tương phản cao", "Đọc bài"];

/// What the tests check of one HTML page, extracted in a single parse.
struct PageFacts {
    /// Site path (`/tin-tuc/`, `/404.html`).
    url: String,
    /// `lang` of each `<html>` element.
    languages: Vec<String>,
    /// Number of `<meta charset="utf-8">` elements.
    charset_metas: usize,
    /// `(name, content)` of each `<meta name>`.
    meta_names: Vec<(String, String)>,
    /// `(property, content)` of each `<meta property>`.
    meta_properties: Vec<(String, String)>,
    /// `href` of each link.
    links: Vec<String>,
    /// Addresses of scripts, stylesheets, images and the search index.
    resources: Vec<String>,
    /// Accessible name and `aria-pressed` of each button.
    buttons: Vec<(String, Option<String>)>,
}

impl PageFacts {
    fn read(output: &Path, url: &str) -> PageFacts {
        let text = read_page(output, url);
        let html = scraper::Html::parse_document(&text);
        let attributes = |css: &str, attribute: &str| -> Vec<String> {
            select(&html, css).into_iter().filter_map(|element| element.attr(attribute)).map(str::to_owned).collect()
        };
        let pairs = |css: &str, key: &str| -> Vec<(String, String)> {
            select(&html, css)
                .into_iter()
                .map(|meta| {
                    (meta.attr(key).unwrap_or_default().to_owned(), meta.attr("content").unwrap_or_default().to_owned())
                })
                .collect()
        };
        let mut resources = attributes("script[src]", "src");
        resources.extend(attributes("link[href]", "href"));
        resources.extend(attributes("img[src]", "src"));
        resources.extend(attributes("[data-index]", "data-index"));

        PageFacts {
            url: url.to_owned(),
            languages: attributes("html", "lang"),
            charset_metas: select(&html, "meta[charset=\"utf-8\"]").len(),
            meta_names: pairs("meta[name]", "name"),
            meta_properties: pairs("meta[property]", "property"),
            links: hrefs(&html),
            resources,
            buttons: select(&html, "button")
                .into_iter()
                .map(|button| (accessible_name(button), button.attr("aria-pressed").map(str::to_owned)))
                .collect(),
        }
    }

    fn meta(&self, name: &str) -> Option<&str> {
        self.meta_names.iter().find(|(found, _)| found == name).map(|(_, content)| content.as_str())
    }

    fn property(&self, property: &str) -> Option<&str> {
        self.meta_properties.iter().find(|(found, _)| found == property).map(|(_, content)| content.as_str())
    }
}

/// The shared build of the repository's site.
struct SharedBuild {
    output: PathBuf,
    run: Run,
    pages: Vec<PageFacts>,
}

/// Builds the repository's site on first use into this process's shared folder and reads
/// every HTML page of it.
fn shared() -> &'static SharedBuild {
    static BUILD: OnceLock<SharedBuild> = OnceLock::new();
    BUILD.get_or_init(|| {
        let output = process_folder().join("repo-site");
        let run = build_repo_site_into(&output);
        let pages = html_pages(&output).iter().map(|url| PageFacts::read(&output, url)).collect();
        SharedBuild { output, run, pages }
    })
}

fn shared_output() -> &'static Path {
    &shared().output
}

fn build_repo_site_into(output: &Path) -> Run {
    let run = run(&["--root", REPO_ROOT, "build", "--output", path_str(output)]);
    run.assert_code(0);
    run
}

/// Lists the site paths of the Markdown items under `content/<section>/`, `_index.md`
/// excluded. File names in the repository are already slugs.
fn content_items(section: &str) -> BTreeSet<String> {
    let dir = Path::new(REPO_ROOT).join("content").join(section);
    list_files(&dir)
        .into_iter()
        .filter_map(|file| file.strip_suffix(".md").map(str::to_owned))
        .filter(|stem| !stem.ends_with("/_index"))
        .map(|stem| format!("/{section}{stem}/"))
        .collect()
}

/// Returns the cell texts of the first row, in the tables matching `css`, whose first cell
/// is `key`.
fn table_row(html: &scraper::Html, css: &str, key: &str) -> Option<Vec<String>> {
    select(html, &format!("{css} tbody tr"))
        .into_iter()
        .map(|row| select_in(row, "td").into_iter().map(text_of).collect::<Vec<_>>())
        .find(|cells| cells.first().is_some_and(|first| first == key))
}

#[test]
fn repo_site_fixed_pages_exist() {
    assert_fixed_pages(shared_output());
}

#[test]
fn repo_site_reports_what_it_built() {
    let SharedBuild { output, run, pages } = shared();

    let files = list_files(output).len();
    let printed_path = output.canonicalize().expect("output exists");
    let expected_start =
        format!("Đã dựng {} trang HTML ({files} tệp) vào {} trong ", pages.len(), printed_path.display());
    assert!(run.stdout.starts_with(&expected_start), "stdout: {}", run.stdout);
    assert!(run.stderr.is_empty(), "no warnings on the repository site: {}", run.stderr);
}

#[test]
fn repo_pages_declare_language_and_charset() {
    for page in &shared().pages {
        assert_eq!(page.languages, ["vi"], "<html lang> on {}", page.url);
        assert_eq!(page.charset_metas, 1, "<meta charset=\"utf-8\"> on {}", page.url);
    }
}

#[test]
fn repo_pages_have_dublin_core() {
    for page in &shared().pages {
        let url = &page.url;
        for element in ["DC.title", "DC.creator", "DC.description", "DC.publisher", "DC.type"] {
            let value = page.meta(element);
            assert!(value.is_some_and(|value| !value.trim().is_empty()), "{element} on {url}");
        }
        assert_eq!(page.meta("DC.identifier"), Some(format!("{BASE_URL}{url}").as_str()), "DC.identifier on {url}");
        assert_eq!(page.meta("DC.language"), Some("vi"), "DC.language on {url}");
        assert_eq!(page.meta("DC.format"), Some("text/html"), "DC.format on {url}");
        assert_eq!(page.meta("DC.publisher"), Some("Ban Dân tộc tỉnh Bình Phước"), "DC.publisher on {url}");
    }
}

#[test]
fn repo_pages_have_dc_date() {
    for page in &shared().pages {
        let date = page.meta("DC.date");
        assert!(date.is_some_and(is_iso_day), "DC.date as YYYY-MM-DD on {}: {date:?}", page.url);
    }
}

#[test]
fn repo_pages_have_open_graph_title() {
    for page in &shared().pages {
        let title = page.property("og:title");
        assert!(title.is_some_and(|title| !title.trim().is_empty()), "og:title on {}", page.url);
        assert_eq!(page.property("og:title"), page.meta("DC.title"), "og:title and DC.title agree on {}", page.url);
    }
}

#[test]
fn repo_pages_link_home_about_contact_sitemap() {
    for page in &shared().pages {
        for target in ["/", "/gioi-thieu/", "/lien-he/", "/so-do-trang/"] {
            assert!(page.links.iter().any(|href| href == target), "link to {target} on {}", page.url);
        }
    }
}

#[test]
fn repo_pages_have_toolbar_buttons() {
    for page in &shared().pages {
        for name in TOOLBAR {
            let count = page.buttons.iter().filter(|(found, _)| found == name).count();
            assert_eq!(count, 1, "one button named {name} on {}", page.url);
        }
        let contrast =
            page.buttons.iter().find(|(name, _)| name == "Tương phản cao").and_then(|(_, pressed)| pressed.as_deref());
        assert_eq!(contrast, Some("false"), "contrast toggle state on {}", page.url);
    }
}

#[test]
fn repo_articles_have_print_and_save() {
    let output = shared_output();
    for url in [
        "/van-ban/chi-dao-dieu-hanh/qd-2652-qd-ubnd/",
        "/tin-tuc/ban-hanh-ke-hoach-thuc-hien-bo-tieu-chi-chuyen-doi-so/",
    ] {
        let html = parse_page(output, url);
        let buttons: Vec<String> = select(&html, "main button").into_iter().map(accessible_name).collect();
        assert!(buttons.iter().any(|name| name == "In"), "print button on {url}: {buttons:?}");
        let links: Vec<String> = select(&html, "main a").into_iter().map(accessible_name).collect();
        assert!(links.iter().any(|name| name == "Lưu"), "save link on {url}");
    }
}

#[test]
fn repo_search_page_has_one_search_box() {
    let html = parse_page(shared_output(), "/tim-kiem/");

    let boxes = select(&html, "input[type=\"search\"]");
    assert_eq!(boxes.len(), 1, "search boxes");
    let id = boxes[0].attr("id").expect("search box has an id");
    assert_eq!(texts(&html, &format!("label[for=\"{id}\"]")), ["Tìm kiếm"], "search box label");
}

#[test]
fn repo_output_text_is_nfc() {
    for (path, bytes) in snapshot(shared_output()) {
        let is_text = [".html", ".xml", ".json", ".css", ".js"].iter().any(|extension| path.ends_with(extension));
        if !is_text {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is UTF-8"));
        assert!(is_nfc(&text), "{path} is NFC");
        assert!(!text.starts_with('\u{feff}'), "{path} has no byte-order mark");
    }
}

#[test]
fn repo_local_references_resolve() {
    let files = list_files(shared_output());
    for page in &shared().pages {
        let local = page
            .links
            .iter()
            .chain(&page.resources)
            .filter(|target| target.starts_with('/') && !target.starts_with("//"));
        for target in local {
            let path = target.split(['#', '?']).next().unwrap_or_default();
            let file = if path.ends_with('/') { format!("{path}index.html") } else { path.to_owned() };
            assert!(files.contains(&file), "{target} referenced by {} exists in the output", page.url);
        }
    }
}

#[test]
fn repo_sitemap_lists_every_page() {
    let xml = read_page(shared_output(), "/sitemap.xml");

    let document = roxmltree::Document::parse(&xml).expect("well-formed sitemap.xml");
    assert_eq!(document.root_element().tag_name().namespace(), Some("http://www.sitemaps.org/schemas/sitemap/0.9"));
    let locations: BTreeSet<String> = xml_texts(&xml, "loc").into_iter().collect();
    let expected: BTreeSet<String> = shared()
        .pages
        .iter()
        .filter(|page| page.url != "/404.html")
        .map(|page| format!("{BASE_URL}{}", page.url))
        .collect();
    assert_eq!(locations, expected, "sitemap.xml addresses");
    for date in xml_texts(&xml, "lastmod") {
        assert!(is_iso_day(&date), "lastmod {date} is YYYY-MM-DD");
    }
}

#[test]
fn repo_rss_lists_news_and_documents() {
    let xml = read_page(shared_output(), "/rss.xml");
    let document = roxmltree::Document::parse(&xml).expect("well-formed rss.xml");

    assert_eq!(document.root_element().attribute("version"), Some("2.0"));
    let child_text = |node: &roxmltree::Node, name: &str| -> String {
        let child =
            node.children().find(|child| child.tag_name().name() == name && child.tag_name().namespace().is_none());
        child.and_then(|child| child.text()).unwrap_or_default().to_owned()
    };
    let channel = document.descendants().find(|node| node.has_tag_name("channel")).expect("channel");
    assert_eq!(child_text(&channel, "link"), format!("{BASE_URL}/"), "channel link");

    let items: Vec<roxmltree::Node> = channel.children().filter(|node| node.has_tag_name("item")).collect();
    let links: BTreeSet<String> = items.iter().map(|item| child_text(item, "link")).collect();
    let expected: BTreeSet<String> =
        FEED_SECTIONS.iter().flat_map(|section| content_items(section)).map(|url| format!("{BASE_URL}{url}")).collect();
    assert_eq!(links, expected, "rss.xml item links");
    for item in &items {
        let link = child_text(item, "link");
        assert!(!child_text(item, "title").is_empty(), "title of {link}");
        assert_eq!(child_text(item, "guid"), link, "guid of {link}");
        assert!(!child_text(item, "pubDate").is_empty(), "pubDate of {link}");
    }
}

#[test]
fn repo_registry_lists_decision_2652() {
    let output = shared_output();
    let page_url = "/van-ban/chi-dao-dieu-hanh/qd-2652-qd-ubnd/";

    for registry in ["/van-ban/", "/van-ban/chi-dao-dieu-hanh/"] {
        let html = parse_page(output, registry);
        let cells = table_row(&html, "table.registry", "2652/QĐ-UBND")
            .unwrap_or_else(|| panic!("row 2652/QĐ-UBND in {registry}"));
        assert_eq!(cells[1], "Quyết định", "type in {registry}");
        assert_eq!(cells[2], "Ủy ban nhân dân tỉnh Bình Phước", "authority in {registry}");
        assert_eq!(cells[3], "13/10/2021", "date of issue in {registry}");
        assert!(cells[5].starts_with("Ban hành Quy định Bộ tiêu chí"), "summary in {registry}: {}", cells[5]);
        let links = select(&html, &format!("table.registry a[href=\"{page_url}\"]"));
        assert!(!links.is_empty(), "{registry} links the document page");
    }
}

#[test]
fn repo_document_page_shows_dates() {
    let html = parse_page(shared_output(), "/van-ban/chi-dao-dieu-hanh/qd-2652-qd-ubnd/");

    let facts: Vec<(String, String)> = select(&html, "table.doc-meta tr")
        .into_iter()
        .map(|row| {
            let heading = select_in(row, "th").into_iter().map(text_of).collect();
            let value = select_in(row, "td").into_iter().map(text_of).collect();
            (heading, value)
        })
        .collect();
    let fact = |name: &str| facts.iter().find(|(heading, _)| heading == name).map(|(_, value)| value.as_str());
    assert_eq!(fact("Số ký hiệu"), Some("2652/QĐ-UBND"));
    assert_eq!(fact("Hình thức văn bản"), Some("Quyết định"));
    assert_eq!(fact("Ngày ban hành"), Some("13/10/2021"));
    assert_eq!(fact("Ngày đăng"), Some("20/10/2021"));
}

#[test]
fn repo_org_chart_is_nested_list() {
    let html = parse_page(shared_output(), "/gioi-thieu/co-cau-to-chuc/");

    assert!(select(&html, "main img").is_empty(), "no image in the org chart page");
    let chart = select(&html, "main ul.org-chart");
    assert_eq!(chart.len(), 1, "one org chart list");
    assert!(!select_in(chart[0], "li ul li ul li").is_empty(), "the chart is nested at least three levels");

    let text = text_of(chart[0]);
    for (file, key) in [("lanh-dao.yaml", "ho_ten"), ("don-vi.yaml", "ten")] {
        let yaml = fs::read_to_string(Path::new(REPO_ROOT).join("data").join(file)).expect("read data file");
        let entries: serde_yaml::Value = serde_yaml::from_str(&yaml).expect("data file is YAML");
        for entry in entries.as_sequence().expect("data file is a list") {
            let name = entry[key].as_str().expect("entry has a name");
            assert!(text.contains(name), "{name} from data/{file} in the org chart");
        }
    }
}

#[test]
fn repo_site_builds_identically_twice() {
    let second = process_folder().join("repo-site-again");
    build_repo_site_into(&second);

    let first_files = snapshot(shared_output());
    let second_files = snapshot(&second);
    assert_eq!(first_files.keys().collect::<Vec<_>>(), second_files.keys().collect::<Vec<_>>(), "same file list");
    for (path, bytes) in &first_files {
        assert!(second_files[path] == *bytes, "{path} is byte-identical");
    }
}
