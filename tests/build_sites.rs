//! End-to-end builds of small valid sample sites under `tests/sites/build-*`, each copied
//! into a temporary folder first: fixed pages, Vietnamese file names and encodings,
//! Markdown extensions, pagination, tags and categories, drafts, dates, attachments and
//! titles full of markup characters.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const BASE_URL: &str = "https://vidu.gov.vn";

/// Returns the titles of the items listed on a list page, in order.
fn listed_titles(output: &Path, url: &str) -> Vec<String> {
    texts(&parse_page(output, url), "ul.item-list .item-title")
}

/// Returns the `datetime` attribute and text of the first `<time>` in an article page's
/// header.
fn article_time(output: &Path, url: &str) -> (String, String) {
    let html = parse_page(output, url);
    let times = select(&html, "article .article-meta time");
    let time = times.first().unwrap_or_else(|| panic!("<time> on {url}"));
    (time.attr("datetime").unwrap_or_default().to_owned(), text_of(*time))
}

/// Returns (link, pubDate) of every item of `rss.xml`.
fn feed_items(output: &Path) -> Vec<(String, String)> {
    let xml = read_page(output, "/rss.xml");
    let document = roxmltree::Document::parse(&xml).expect("well-formed rss.xml");
    document
        .descendants()
        .filter(|node| node.has_tag_name("item"))
        .map(|item| {
            let child = |name: &str| {
                item.children()
                    .find(|node| node.has_tag_name(name))
                    .and_then(|node| node.text())
                    .unwrap_or_default()
                    .to_owned()
            };
            (child("link"), child("pubDate"))
        })
        .collect()
}

/// Returns (loc, lastmod) of every URL of `sitemap.xml` that has a lastmod.
fn sitemap_dates(output: &Path) -> Vec<(String, String)> {
    let xml = read_page(output, "/sitemap.xml");
    let document = roxmltree::Document::parse(&xml).expect("well-formed sitemap.xml");
    document
        .descendants()
        .filter(|node| node.has_tag_name("url"))
        .filter_map(|url| {
            let child = |name: &str| {
                url.children().find(|node| node.has_tag_name(name)).and_then(|node| node.text()).map(str::to_owned)
            };
            Some((child("loc")?, child("lastmod")?))
        })
        .collect()
}

#[test]
fn minimal_site_has_fixed_pages() {
    let output = shared_build("build-minimal", &[]);

    assert_fixed_pages(output);
    assert_eq!(listed_titles(output, "/tin-tuc/"), ["Họp Ban thường kỳ tháng 3"]);
    let html = parse_page(output, "/tin-tuc/hop-ban/");
    assert_eq!(texts(&html, "article h1"), ["Họp Ban thường kỳ tháng 3"]);
}

#[test]
fn minimal_site_replaces_previous_output() {
    let sandbox = Sandbox::with_site("build-minimal");
    sandbox.seed_previous_output();

    let run = sandbox.build_ok(&[]);

    assert!(run.stdout.starts_with("Đã dựng "), "stdout: {}", run.stdout);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    let files = list_files(&sandbox.output());
    assert!(!files.contains(&format!("/{MARKER_FILE}")), "files of the previous build are gone");
    assert!(files.contains("/tin-tuc/hop-ban/index.html"), "new page written");
    assert_eq!(sandbox.top_entries(), ["out", "site"].map(str::to_owned).into(), "no staging folder left");
}

#[test]
fn minimal_site_base_url_override() {
    let output = shared_build("build-minimal", &["--base-url", "https://khac.gov.vn"]);

    let html = parse_page(output, "/tin-tuc/hop-ban/");
    assert_eq!(meta_name(&html, "DC.identifier").as_deref(), Some("https://khac.gov.vn/tin-tuc/hop-ban/"));
    let locations = xml_texts(&read_page(output, "/sitemap.xml"), "loc");
    assert!(!locations.is_empty(), "sitemap lists pages");
    for location in locations {
        assert!(location.starts_with("https://khac.gov.vn/"), "sitemap address {location}");
    }
}

#[test]
fn vietnamese_names_nfd_become_nfc_slugs() {
    let sandbox = Sandbox::with_site("build-vietnamese-names");
    let folder = nfd("Hoạt động");
    let file = nfd("Hội nghị trực tuyến.md");
    let text = nfd(
        "---\ntitle: Hội nghị trực tuyến về chuyển đổi số\ndate: 15/03/2022\ntags: [Đổi mới]\n---\n\nỦy ban nhân dân tỉnh chủ trì.\n",
    );
    assert_ne!(folder, "Hoạt động", "the folder name is decomposed");
    sandbox.write(&format!("content/tin-tuc/{folder}/{file}"), text);

    sandbox.build_ok(&[]);

    let output = sandbox.output();
    let files = list_files(&output);
    assert!(files.contains("/tin-tuc/hoat-dong/hoi-nghi-truc-tuyen/index.html"), "page at the slug of the NFD names");
    assert!(files.contains("/the/doi-moi/index.html"), "tag page at the slug of the NFD tag");
    for path in &files {
        assert!(path.is_ascii(), "output path {path} is ASCII");
    }
    let html = sandbox.page("/tin-tuc/hoat-dong/hoi-nghi-truc-tuyen/");
    assert_eq!(texts(&html, "article h1"), ["Hội nghị trực tuyến về chuyển đổi số"]);
    assert_eq!(texts(&html, "article .content p"), ["Ủy ban nhân dân tỉnh chủ trì."]);
    for (path, bytes) in snapshot(&output) {
        let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is UTF-8"));
        assert!(is_nfc(&text), "{path} is NFC");
    }
}

#[test]
fn vietnamese_names_bom_and_crlf_are_read() {
    let sandbox = Sandbox::with_site("build-vietnamese-names");
    let text = "\u{feff}---   \r\ntitle: Tiêu đề có BOM\r\ndate: 2022-03-16\r\n---  \r\n\r\nDòng một.\r\nDòng hai.\r\n";
    sandbox.write("content/tin-tuc/bom-crlf.md", text);

    sandbox.build_ok(&[]);

    let output = sandbox.output();
    let html = sandbox.page("/tin-tuc/bom-crlf/");
    assert_eq!(texts(&html, "article h1"), ["Tiêu đề có BOM"]);
    assert_eq!(article_time(&output, "/tin-tuc/bom-crlf/"), ("2022-03-16".to_owned(), "16/03/2022".to_owned()));
    assert_eq!(texts(&html, "article .content p"), ["Dòng một. Dòng hai."]);
    for (path, bytes) in snapshot(&output) {
        assert!(!bytes.contains(&b'\r'), "{path} has no carriage return");
        assert!(!bytes.starts_with("\u{feff}".as_bytes()), "{path} has no byte-order mark");
    }
}

#[test]
fn vietnamese_names_nfd_attachment_found() {
    let sandbox = Sandbox::with_site("build-vietnamese-names");
    sandbox.write(&format!("content/tin-tuc/tep/{}", nfd("Quyết định 15.pdf")), "%PDF-1.4\n");
    sandbox.write(
        "content/tin-tuc/co-van-ban-goc.md",
        "---\ntitle: Tin có văn bản gốc\ndate: 2022-03-17\nvan_ban_goc: [tep/Quyết định 15.pdf]\n---\n\nXem văn bản gốc.\n",
    );

    sandbox.build_ok(&[]);

    let files = list_files(&sandbox.output());
    assert!(files.contains("/tin-tuc/tep/quyet-dinh-15.pdf"), "attachment copied at its slug");
    let html = sandbox.page("/tin-tuc/co-van-ban-goc/");
    assert_eq!(texts(&html, "ul.attachments a"), ["Quyết định 15.pdf"]);
    assert!(is_nfc(&sandbox.page_text("/tin-tuc/co-van-ban-goc/")), "page is NFC");
}

#[test]
fn markdown_extensions_render() {
    let output = shared_build("build-markdown", &[]);

    let html = parse_page(output, "/tin-tuc/huong-dan-soan-bai/");
    assert_eq!(texts(&html, ".content table th"), ["Đơn vị", "Số tin"], "table header");
    assert_eq!(texts(&html, ".content table td"), ["Văn phòng", "12", "Thanh tra", "3"], "table cells");
    assert_eq!(texts(&html, ".content del"), ["cũ"], "strikethrough");
    assert_eq!(texts(&html, ".content h2#muc-1"), ["Mục một"], "heading with a given id");
    assert_eq!(select(&html, ".content a[href=\"#muc-1\"]").len(), 1, "same-page link kept as a fragment");
}

#[test]
fn markdown_footnotes_render() {
    let output = shared_build("build-markdown", &[]);

    let html = parse_page(output, "/tin-tuc/huong-dan-soan-bai/");
    let references = select(&html, ".content sup.footnote-reference a");
    assert_eq!(references.len(), 1, "footnote reference");
    let target = references[0].attr("href").expect("footnote link").trim_start_matches('#').to_owned();
    let definitions = select(&html, &format!(".content .footnote-definition[id=\"{target}\"]"));
    assert_eq!(definitions.len(), 1, "footnote definition with id {target}");
    assert!(text_of(definitions[0]).contains("Số liệu đến hết quý I."), "footnote text");
    let written_links = select(&html, &format!(".content p > a[href=\"#{target}\"]"));
    assert_eq!(written_links.len(), 1, "a link written to the footnote builds and points at its id");
}

#[test]
fn markdown_rust_code_highlighted() {
    let output = shared_build("build-markdown", &[]);

    let html = parse_page(output, "/tin-tuc/huong-dan-soan-bai/");
    let blocks = select(&html, ".content pre");
    assert_eq!(blocks.len(), 1, "one code block");
    let styled = select_in(blocks[0], "span[style]");
    assert!(styled.len() >= 3, "keywords, names and strings are styled separately: {}", blocks[0].html());
    let keyword = styled.iter().find(|span| text_of(**span) == "fn").expect("`fn` in its own span");
    assert!(keyword.attr("style").is_some_and(|style| style.contains("color")), "`fn` is coloured");
    assert!(text_of(blocks[0]).contains("println!(\"xin chào\");"), "code text kept: {}", text_of(blocks[0]));
}

#[test]
fn pagination_splits_news_list() {
    let output = shared_build("build-pagination", &[]);

    let files = list_files(output);
    for url in ["/tin-tuc/", "/tin-tuc/trang/2/", "/tin-tuc/trang/3/"] {
        assert!(files.contains(&format!("{url}index.html")), "list page {url}");
    }
    assert!(!files.contains("/tin-tuc/trang/1/index.html"), "page 1 is the section itself");
    assert!(!files.contains("/tin-tuc/trang/4/index.html"), "no fourth page for 25 items");

    let expected = |newest: u32, oldest: u32| -> Vec<String> {
        (oldest..=newest).rev().map(|n| format!("Tin số {n:02}")).collect()
    };
    assert_eq!(listed_titles(output, "/tin-tuc/"), expected(25, 16), "page 1, newest first");
    assert_eq!(listed_titles(output, "/tin-tuc/trang/2/"), expected(15, 6), "page 2");
    assert_eq!(listed_titles(output, "/tin-tuc/trang/3/"), expected(5, 1), "page 3");
}

#[test]
fn pagination_links_between_pages() {
    let output = shared_build("build-pagination", &[]);

    let rel = |url: &str, rel: &str| -> Vec<String> {
        select(&parse_page(output, url), &format!("nav.pagination a[rel=\"{rel}\"]"))
            .into_iter()
            .filter_map(|link| link.attr("href").map(str::to_owned))
            .collect()
    };
    assert_eq!(rel("/tin-tuc/", "next"), ["/tin-tuc/trang/2/"]);
    assert!(rel("/tin-tuc/", "prev").is_empty(), "no previous page before page 1");
    assert_eq!(rel("/tin-tuc/trang/2/", "prev"), ["/tin-tuc/"]);
    assert_eq!(rel("/tin-tuc/trang/2/", "next"), ["/tin-tuc/trang/3/"]);
    assert!(rel("/tin-tuc/trang/3/", "next").is_empty(), "no next page after the last");
    let current = texts(&parse_page(output, "/tin-tuc/trang/3/"), "nav.pagination [aria-current=\"page\"]");
    assert_eq!(current, ["3"]);
}

#[test]
fn taxonomies_list_tagged_items() {
    let output = shared_build("build-taxonomies", &[]);

    assert_eq!(
        listed_titles(output, "/the/chuyen-doi-so/"),
        ["Tập huấn an toàn thông tin", "Hội nghị về chuyển đổi số"],
        "tags differing only in case share a page"
    );
    assert_eq!(listed_titles(output, "/the/hoi-nghi/"), ["Hội nghị về chuyển đổi số"]);
    let index = parse_page(output, "/the/");
    let tag_links: Vec<&str> =
        select(&index, "main a[href^=\"/the/\"]").into_iter().filter_map(|link| link.attr("href")).collect();
    assert_eq!(tag_links, ["/the/chuyen-doi-so/", "/the/hoi-nghi/"], "tag index");
}

#[test]
fn taxonomies_list_categories() {
    let output = shared_build("build-taxonomies", &[]);

    let activities = parse_page(output, "/chuyen-muc/hoat-dong/");
    assert_eq!(texts(&activities, "main h1"), ["Hoạt động"]);
    assert_eq!(
        listed_titles(output, "/chuyen-muc/hoat-dong/"),
        ["Tập huấn an toàn thông tin", "Hội nghị về chuyển đổi số"]
    );
    let law = parse_page(output, "/chuyen-muc/tuyen-truyen-phap-luat/");
    assert_eq!(texts(&law, "main h1"), ["Tuyên truyền pháp luật"]);
    assert_eq!(listed_titles(output, "/chuyen-muc/tuyen-truyen-phap-luat/"), ["Phổ biến Luật Tiếp cận thông tin"]);
    let index = parse_page(output, "/chuyen-muc/");
    let category_links: Vec<&str> =
        select(&index, "main a[href^=\"/chuyen-muc/\"]").into_iter().filter_map(|link| link.attr("href")).collect();
    assert_eq!(category_links, ["/chuyen-muc/hoat-dong/", "/chuyen-muc/tuyen-truyen-phap-luat/"], "category index");
}

#[test]
fn taxonomies_linked_from_article() {
    let output = shared_build("build-taxonomies", &[]);

    let links = hrefs(&parse_page(output, "/tin-tuc/hoi-nghi-chuyen-doi-so/"));
    for target in ["/chuyen-muc/hoat-dong/", "/the/chuyen-doi-so/", "/the/hoi-nghi/"] {
        assert!(links.iter().any(|href| href == target), "article links to {target}");
    }
}

#[test]
fn drafts_excluded_by_default() {
    let output = shared_build("build-drafts", &[]);

    let files = list_files(output);
    assert!(files.contains("/tin-tuc/da-dang/index.html"), "published item built");
    assert!(!files.contains("/tin-tuc/ban-nhap/index.html"), "draft not built");
    assert!(!files.contains("/the/cho-duyet/index.html"), "no tag page for a tag only a draft uses");
    assert!(!files.contains("/chuyen-muc/hoat-dong/index.html"), "no category page for a category only a draft uses");
    assert_eq!(listed_titles(output, "/tin-tuc/"), ["Tin đã đăng"]);
    for url in ["/sitemap.xml", "/rss.xml", "/tim-kiem/chi-muc.json", "/so-do-trang/", "/"] {
        let text = read_page(output, url);
        assert!(!text.contains("ban-nhap"), "draft address absent from {url}");
        assert!(!text.contains("Tin còn nháp"), "draft title absent from {url}");
    }
}

#[test]
fn drafts_included_with_flag() {
    let output = shared_build("build-drafts", &["--drafts"]);

    let files = list_files(output);
    assert!(files.contains("/tin-tuc/ban-nhap/index.html"), "draft built");
    assert!(files.contains("/the/cho-duyet/index.html"), "tag page of the draft");
    assert!(files.contains("/chuyen-muc/hoat-dong/index.html"), "category page of the draft");
    assert_eq!(listed_titles(output, "/tin-tuc/"), ["Tin còn nháp", "Tin đã đăng"]);
    let locations = xml_texts(&read_page(output, "/sitemap.xml"), "loc");
    assert!(locations.contains(&format!("{BASE_URL}/tin-tuc/ban-nhap/")), "draft in sitemap.xml");
}

#[test]
fn dates_late_evening_stays_same_day() {
    let output = shared_build("build-dates", &[]);

    let url = "/tin-tuc/hop-buoi-toi/";
    assert_eq!(article_time(output, url), ("2022-03-15T23:30:00+07:00".to_owned(), "15/03/2022".to_owned()));
    assert_eq!(meta_name(&parse_page(output, url), "DC.date").as_deref(), Some("2022-03-15"));
    let lastmod = sitemap_dates(output).into_iter().find(|(loc, _)| loc.ends_with(url)).map(|(_, date)| date);
    assert_eq!(lastmod.as_deref(), Some("2022-03-15"), "sitemap lastmod");
    let published = feed_items(output).into_iter().find(|(link, _)| link.ends_with(url)).map(|(_, date)| date);
    assert_eq!(published.as_deref(), Some("Tue, 15 Mar 2022 23:30:00 +0700"), "rss pubDate");
}

#[test]
fn dates_slash_form_is_day_first() {
    let output = shared_build("build-dates", &[]);

    let url = "/tin-tuc/ngay-viet-nam/";
    assert_eq!(article_time(output, url), ("2022-04-03".to_owned(), "03/04/2022".to_owned()));
    let lastmod = sitemap_dates(output).into_iter().find(|(loc, _)| loc.ends_with(url)).map(|(_, date)| date);
    assert_eq!(lastmod.as_deref(), Some("2022-04-03"), "sitemap lastmod");
    let published = feed_items(output).into_iter().find(|(link, _)| link.ends_with(url)).map(|(_, date)| date);
    assert_eq!(published.as_deref(), Some("Sun, 3 Apr 2022 00:00:00 +0700"), "rss pubDate");
    assert_eq!(
        listed_titles(output, "/tin-tuc/"),
        ["Ngày viết kiểu Việt Nam", "Họp buổi tối"],
        "3 April is newer than 15 March"
    );
}

#[test]
fn attachments_copied_and_linked() {
    let output = shared_build("build-attachments", &[]);

    let copy = "/van-ban/chi-dao-dieu-hanh/tep/quyet-dinh-15.pdf";
    let source = Path::new(REPO_ROOT)
        .join("tests/sites/build-attachments/content/van-ban/chi-dao-dieu-hanh/tep/Quyết định 15.PDF");
    let original = fs::read(source).expect("read attachment");
    assert_eq!(fs::read(file_of(output, copy)).expect("attachment copied"), original, "copy is byte-identical");

    let page = parse_page(output, "/van-ban/chi-dao-dieu-hanh/qd-15-qd-ubnd/");
    let links = select(&page, &format!("main a[href=\"{copy}\"]"));
    assert_eq!(links.len(), 1, "document page links the file");
    assert_eq!(text_of(links[0]), "Toàn văn Quyết định", "link shows the given name");
    assert!(links[0].attr("download").is_some(), "link downloads");

    for registry in ["/van-ban/", "/van-ban/chi-dao-dieu-hanh/"] {
        let html = parse_page(output, registry);
        let downloads = select(&html, &format!("table.registry a[href=\"{copy}\"]"));
        assert_eq!(downloads.len(), 1, "registry {registry} links the file");
    }
}

#[test]
fn hostile_titles_keep_xml_well_formed() {
    let output = shared_build("build-hostile-titles", &[]);

    let rss = read_page(output, "/rss.xml");
    let titles = xml_texts(&rss, "title");
    assert_eq!(
        titles.get(1).map(String::as_str),
        Some("Thuế & phí <script>alert(1)</script> \"trích dẫn\" 'nháy đơn'  chuông"),
        "item title, control character dropped"
    );
    assert_eq!(xml_texts(&rss, "description").get(1).map(String::as_str), Some("Mô tả & <b>đậm</b>  thoát"));
    assert_eq!(xml_texts(&rss, "category"), ["<thẻ> & \"ngoặc\""]);
    let locations = xml_texts(&read_page(output, "/sitemap.xml"), "loc");
    assert!(locations.contains(&format!("{BASE_URL}/tin-tuc/thue-phi/")), "sitemap lists the page");
}

#[test]
fn hostile_titles_escaped_in_html() {
    let output = shared_build("build-hostile-titles", &[]);

    let url = "/tin-tuc/thue-phi/";
    let text = read_page(output, url);
    let html = parse_page(output, url);
    let heading = texts(&html, "article h1");
    assert_eq!(heading.len(), 1, "one heading");
    assert!(
        heading[0].starts_with("Thuế & phí <script>alert(1)</script> \"trích dẫn\" 'nháy đơn'"),
        "heading text: {}",
        heading[0]
    );
    assert!(text.contains("Thuế &amp; phí &lt;script&gt;alert(1)&lt;/script&gt;"), "title escaped in the markup");
    for script in select(&html, "script") {
        assert!(!text_of(script).contains("alert"), "no script element from the title");
    }
    let title = meta_name(&html, "DC.title").expect("DC.title");
    assert!(title.starts_with("Thuế & phí <script>"), "DC.title attribute value: {title}");
    let description = meta_name(&html, "DC.description").expect("DC.description");
    assert!(description.starts_with("Mô tả & <b>đậm</b>"), "DC.description attribute value: {description}");
    let tag_page = parse_page(output, "/the/the-ngoac/");
    assert_eq!(texts(&tag_page, "main h1"), ["<thẻ> & \"ngoặc\""], "tag name escaped on its page");
}

#[test]
fn hostile_titles_no_control_chars_in_html() {
    let output = shared_build("build-hostile-titles", &[]);

    for url in html_pages(output) {
        let text = read_page(output, &url);
        let control = text.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'));
        assert_eq!(control, None, "control character on {url}");
    }
}

/// Runs `trangtin ARGS` on a copy of the minimal site, killed after a minute.
fn run_with_timeout(sandbox: &Sandbox, args: &[&str]) -> std::process::Output {
    let site = sandbox.site();
    trangtin()
        .args(["--root", path_str(&site)])
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("trangtin starts")
}

#[test]
fn verbose_build_logs_and_finishes() {
    let sandbox = Sandbox::with_site("build-minimal");
    let output = sandbox.output();

    let run = run_with_timeout(&sandbox, &["--verbose", "build", "--output", path_str(&output)]);

    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "exit status (none when killed after a minute); stderr:\n{stderr}");
    assert!(stderr.contains("đã tạo chỉ mục tìm kiếm"), "a worker thread's log line is printed: {stderr}");
    assert!(output.join("index.html").is_file());
}

#[test]
fn verbose_check_builds_and_finishes() {
    let sandbox = Sandbox::with_site("build-minimal");

    let run = run_with_timeout(&sandbox, &["--verbose", "check", "--format", "json"]);

    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.code().is_some(), "check finished within a minute; stderr:\n{stderr}");
    assert!(stderr.contains("Dựng lại trang trước khi chấm điểm"), "check built the site first: {stderr}");
    assert!(stderr.contains("đã tạo chỉ mục tìm kiếm"), "a worker thread's log line is printed: {stderr}");
    assert!(String::from_utf8_lossy(&run.stdout).contains("\"criteria\""), "the JSON report is printed");
}
