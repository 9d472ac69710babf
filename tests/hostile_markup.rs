//! Hostile markup. Executable content in Markdown bodies (`<script>`, event handlers,
//! `javascript:` addresses in every form Markdown and HTML allow) must be reported unless
//! `site.yaml` sets `cho_phep_script: true`. Front matter full of `&`, `<`, quotes, control
//! characters and template syntax must show as text on every page, in `sitemap.xml`, in
//! `rss.xml` and in the search index.

mod common;

use std::fs;

use common::*;

const SCRIPT_HINT: &str = "  → xóa thẻ <script> hoặc thuộc tính on…= khỏi bài; nếu cơ quan thật sự cần, đặt `cho_phep_script: true` trong site.yaml";

const JAVASCRIPT_HINT: &str = "  → thay địa chỉ javascript: bằng địa chỉ một trang hoặc tệp, hoặc bỏ liên kết; nếu cơ quan thật sự cần, đặt `cho_phep_script: true` trong site.yaml";

/// Creates a site with a news item whose body, from line 6 on, is `body`.
fn news_with_body(body: &str) -> Sandbox {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write("content/tin-tuc/ma.md", format!("---\ntitle: Tin\ndate: 15/03/2022\n---\n\n{body}\n"));
    // The image the bodies show, so that only their executable markup is reported.
    sandbox.write("content/tin-tuc/a.png", b"\x89PNG\r\n\x1a\n");
    sandbox
}

fn script_error(line: usize, what: &str) -> String {
    format!("lỗi: content/tin-tuc/ma.md:{line}: nội dung có mã chạy được: {what}")
}

#[test]
fn script_tag_reported() {
    assert_build_rejected(
        &news_with_body("Đoạn đầu.\n\n<script>alert(\"x\")</script>"),
        &[&script_error(8, "thẻ <script>"), SCRIPT_HINT],
    );
}

#[test]
fn onerror_handler_reported() {
    assert_build_rejected(
        &news_with_body("<img src=\"/tin-tuc/a.png\" onerror=\"alert(1)\">"),
        &[&script_error(6, "thuộc tính onerror="), SCRIPT_HINT],
    );
}

#[test]
fn javascript_href_in_html_reported() {
    assert_build_rejected(
        &news_with_body("<a href=\"JavaScript:alert(1)\">bấm</a>"),
        &[&script_error(6, "địa chỉ javascript:"), JAVASCRIPT_HINT],
    );
}

#[test]
fn scripts_allowed_by_config() {
    let sandbox = news_with_body(
        "<script>dem()</script>\n\n<img src=\"/tin-tuc/a.png\" onerror=\"dem()\">\n\n[bấm](javascript:dem())",
    );
    let config = fs::read_to_string(sandbox.site().join("site.yaml")).expect("read site.yaml");
    sandbox.write("site.yaml", format!("{config}cho_phep_script: true\n"));

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    let page = sandbox.page_text("/tin-tuc/ma/");
    assert!(page.contains("<script>dem()</script>"), "script kept when the site allows it");
    assert!(page.contains("onerror=\"dem()\""), "handler kept when the site allows it");
}

#[test]
fn javascript_markdown_link_reported() {
    assert_build_rejected(
        &news_with_body("[bấm vào đây](javascript:alert(1))"),
        &[&script_error(6, "địa chỉ javascript:"), JAVASCRIPT_HINT],
    );
}

#[test]
fn javascript_reference_link_reported() {
    assert_build_rejected(
        &news_with_body("[bấm vào đây][1]\n\n[1]: javascript:alert(1)"),
        &[&script_error(6, "địa chỉ javascript:"), JAVASCRIPT_HINT],
    );
}

#[test]
fn javascript_autolink_reported() {
    assert_build_rejected(
        &news_with_body("<javascript:alert(1)>"),
        &[&script_error(6, "địa chỉ javascript:"), JAVASCRIPT_HINT],
    );
}

#[test]
fn javascript_entity_reported() {
    // Browsers decode character references in attributes before following the link.
    assert_build_rejected(
        &news_with_body("<a href=\"&#106;avascript:alert(1)\">bấm</a>"),
        &[&script_error(6, "địa chỉ javascript:"), JAVASCRIPT_HINT],
    );
}

#[test]
fn handler_after_slash_reported() {
    // HTML treats `/` between attributes like white space. Markdown keeps such a tag as HTML
    // only inside an HTML block.
    assert_build_rejected(
        &news_with_body("<div>\n<svg/onload=alert(1)>\n<img src=\"/tin-tuc/a.png\"/onerror=alert(2)>\n</div>"),
        &[&script_error(7, "thuộc tính onload="), SCRIPT_HINT, &script_error(8, "thuộc tính onerror="), SCRIPT_HINT],
    );
}

#[test]
fn handler_after_slash_outside_html_is_text() {
    // Outside an HTML block, Markdown does not read `<svg/onload=…>` as a tag, so it is
    // published as text.
    let sandbox = news_with_body("<svg/onload=alert(1)>");

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    let page = sandbox.page("/tin-tuc/ma/");
    assert!(select(&page, "svg").is_empty(), "no svg element");
    assert_eq!(texts(&page, "article .content p"), ["<svg/onload=alert(1)>"], "shown as text");
}

#[test]
fn style_comment_trick_reported() {
    // A browser ends the style at `</style>`, so the comment does not hide the image.
    assert_build_rejected(
        &news_with_body("<style><!--</style><img src=\"/tin-tuc/a.png\" onerror=\"alert(1)\">-->"),
        &[&script_error(6, "thuộc tính onerror="), SCRIPT_HINT],
    );
}

#[test]
fn javascript_in_control_characters_reported() {
    assert_build_rejected(
        &news_with_body(
            "<a href=\" &#1;java&#x09;script&colon;alert(1)\">bấm</a>\n\n[hai](<java&#x0A;script:alert(2)>)",
        ),
        &[
            &script_error(6, "địa chỉ javascript:"),
            JAVASCRIPT_HINT,
            &script_error(8, "địa chỉ javascript:"),
            JAVASCRIPT_HINT,
        ],
    );
}

#[test]
fn heading_handler_attribute_reported() {
    assert_build_rejected(
        &news_with_body("## Mục lục {#muc-luc onclick=alert(1)}"),
        &[&script_error(6, "thuộc tính onclick="), SCRIPT_HINT],
    );
}

#[test]
fn javascript_text_not_reported() {
    let sandbox = news_with_body(
        "Địa chỉ `javascript:` chạy mã khi bấm.\n\n<p title=\"JavaScript: ngôn ngữ\">javascript:alert(1) là văn bản</p>",
    );

    sandbox.build(&[]).assert_no_panic().assert_code(0);
}

/// Front-matter values that break markup, XML or templates unless escaped. The title
/// carries a BEL character, which the loader drops.
const TITLE: &str = "Thuế & phí <script>alert(\"t\")</script> \"trích\" 'nháy' \u{7}</title><img src=x onerror=alert(2)> {{ site }} {% raw %}";
const DESCRIPTION: &str = "Mô tả ]]> --> <![CDATA[ & <b>đậm</b> \u{2028} hết";
const TAG: &str = "<thẻ> & \"ngoặc\"";
const AGENCY: &str = "Sở \"Thử\" & <Nghiệm>";

/// Escapes `text` for a YAML double-quoted scalar.
fn yaml_quoted(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\u{7}' => quoted.push_str("\\a"),
            '\u{2028}' => quoted.push_str("\\L"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

fn hostile_titles_site() -> Sandbox {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write(
        "site.yaml",
        format!("base_url: https://vidu.gov.vn\nten_co_quan: {}\ntinh: Bình Phước\n", yaml_quoted(AGENCY)),
    );
    sandbox.write(
        "content/tin-tuc/thue-phi.md",
        format!(
            "---\ntitle: {}\ndescription: {}\ndate: 15/03/2022\ntags: [{}]\ntac_gia: {}\n---\n\nNội dung.\n",
            yaml_quoted(TITLE),
            yaml_quoted(DESCRIPTION),
            yaml_quoted(TAG),
            yaml_quoted("</a><script>alert(3)</script>")
        ),
    );
    sandbox.write(
        "content/van-ban/chi-dao-dieu-hanh/qd-1.md",
        format!(
            "---\ntitle: {}\nso_ky_hieu: 1/QĐ-UBND\ntrich_yeu: {}\nngay_ban_hanh: 15/03/2022\n---\n",
            yaml_quoted(TITLE),
            yaml_quoted(DESCRIPTION)
        ),
    );
    sandbox
}

/// Returns the title as the build shows it, without the control characters the loader drops.
fn shown_title() -> String {
    TITLE.replace('\u{7}', "")
}

#[test]
fn hostile_text_escaped_everywhere() {
    let sandbox = hostile_titles_site();
    sandbox.build(&[]).assert_no_panic().assert_code(0);
    let output = sandbox.output();

    for url in html_pages(&output) {
        let text = read_page(&output, &url);
        let html = scraper::Html::parse_document(&text);
        for element in select(&html, "*") {
            let handler = element.value().attrs().find(|(name, _)| name.starts_with("on"));
            assert_eq!(handler, None, "no event handler attribute on {url}");
        }
        for script in select(&html, "script") {
            assert!(
                script.attr("src").is_some_and(|src| src.starts_with("/giao-dien/")),
                "only theme scripts on {url}"
            );
            assert!(!text_of(script).contains("alert"), "no script from front matter on {url}");
        }
        assert!(select(&html, "img[src=\"x\"]").is_empty(), "no image injected by a title on {url}");
        let title = texts(&html, "title");
        assert_eq!(title.len(), 1, "one title element on {url}");
        assert!(title[0].contains(AGENCY), "agency name as text in the title of {url}: {}", title[0]);
        let control = text.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t'));
        assert_eq!(control, None, "no control character on {url}");
    }

    let article = sandbox.page("/tin-tuc/thue-phi/");
    assert_eq!(texts(&article, "article h1"), [shown_title()], "heading shows the title as text");
    assert_eq!(meta_name(&article, "DC.title"), Some(shown_title()), "DC.title keeps the title");
    assert_eq!(meta_property(&article, "og:title"), Some(shown_title()), "og:title keeps the title");
    let description = meta_name(&article, "DC.description").expect("DC.description");
    assert!(description.starts_with("Mô tả ]]> --> <![CDATA[ & <b>đậm</b>"), "description as text: {description}");
}

#[test]
fn hostile_text_keeps_feeds_well_formed() {
    let sandbox = hostile_titles_site();
    sandbox.build(&[]).assert_no_panic().assert_code(0);
    let output = sandbox.output();

    let rss = read_page(&output, "/rss.xml");
    let titles = xml_texts(&rss, "title");
    assert_eq!(
        titles.iter().filter(|title| **title == shown_title()).count(),
        2,
        "both items keep the title: {titles:?}"
    );
    let descriptions = xml_texts(&rss, "description");
    assert!(
        descriptions.iter().any(|text| text.starts_with("Mô tả ]]> --> <![CDATA[ & <b>đậm</b>")),
        "description as text: {descriptions:?}"
    );
    assert!(xml_texts(&rss, "category").contains(&TAG.to_owned()), "tag as text");

    let locations = xml_texts(&read_page(&output, "/sitemap.xml"), "loc");
    assert!(locations.contains(&"https://vidu.gov.vn/tin-tuc/thue-phi/".to_owned()), "sitemap lists the page");

    let mut title_found = false;
    for (path, bytes) in snapshot(&output).into_iter().filter(|(path, _)| path.ends_with(".json")) {
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).unwrap_or_else(|error| panic!("{path} is JSON: {error}"));
        title_found |= contains_string(&value, &shown_title());
    }
    assert!(title_found, "the search index holds the title as data");
}

fn contains_string(value: &serde_json::Value, wanted: &str) -> bool {
    match value {
        // NOTE: the index keeps control characters that a YAML escape (`\a`) put into a title.
        // The page script shows them as text, so they are compared without them.
        serde_json::Value::String(text) => text.chars().filter(|c| !c.is_control()).eq(wanted.chars()),
        serde_json::Value::Array(items) => items.iter().any(|item| contains_string(item, wanted)),
        serde_json::Value::Object(fields) => fields.values().any(|field| contains_string(field, wanted)),
        _ => false,
    }
}
