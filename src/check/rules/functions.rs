//! Support functions of the site, read from the built HTML. The rules cover Dublin Core
//! metadata (10.a), feedback (10.b), search (10.c), questions and answers (10.d), the reading
//! toolbar (10.đ), links to other agencies (10.e), print and save (10.g), Unicode text
//! (10.h), the HTML site map (10.i) and the standard links of every page (10.k).
//!
//! Problems that a theme template causes repeat on every page; they are collapsed into one
//! finding per problem (see `PageProblems`), naming the first page and the count.

use std::borrow::Cow;
use std::sync::Arc;

use crate::check::built::{BuiltSite, LinkTarget, plain_site_path, resolve_link};
use crate::check::context::Context;
use crate::check::criteria::Criterion;
use crate::check::outcome::Outcome;
use crate::check::points::round_points;
use crate::check::rules::{ARTICLE_KINDS, PageProblems, RuleResult, counts, filled, require_built};
use crate::content::{Kind, Page};

/// Accessible names of the reading toolbar's buttons.
pub const TOOLBAR_BUTTONS: &[&str] = &["Tăng cỡ chữ", "Giảm cỡ chữ", "Cỡ chữ mặc định", "Tương phản cao", "Đọc bài"];

/// Links every page must carry: address and name.
const STANDARD_LINKS: &[(&str, &str)] =
    &[("/", "Trang chủ"), ("/gioi-thieu/", "Giới thiệu"), ("/lien-he/", "Liên hệ"), ("/so-do-trang/", "Sơ đồ trang")];

/// Fixed addresses of the site's information areas, which the HTML site map must link when
/// the build produced them.
const FIXED_SECTIONS: &[&str] = &[
    "/tin-tuc/",
    "/van-ban/",
    "/van-ban/chi-dao-dieu-hanh/",
    "/van-ban/quy-pham-phap-luat/",
    "/chien-luoc-ke-hoach/",
    "/lich-cong-tac/",
    "/gioi-thieu/",
    "/gioi-thieu/co-cau-to-chuc/",
    "/gioi-thieu/chuc-nang-nhiem-vu/",
    "/gioi-thieu/lich-su/",
    "/gioi-thieu/lanh-dao/",
    "/gioi-thieu/ban-bien-tap/",
    "/lien-he/",
    "/tim-kiem/",
    "/lay-y-kien/",
    "/du-an/",
    "/dich-vu-cong/",
    "/hoi-dap/",
    "/lien-ket/",
    "/chuyen-doi-so/",
];

const SITE_MAP_URL: &str = "/so-do-trang/";
const SEARCH_URL: &str = "/tim-kiem/";
const QUESTIONS_URL: &str = "/hoi-dap/";
const CONSULTATIONS_URL: &str = "/lay-y-kien/";
const LINKS_URL: &str = "/lien-ket/";
const LINKS_FILE: &str = "data/lien-ket.yaml";

/// A Dublin Core element, and the front-matter key it comes from when the writer fills it.
struct DublinCore {
    name: &'static str,
    key: Option<&'static str>,
    label: &'static str,
}

/// The elements every article must carry: the six mandatory ones of Thông tư 24/2011/TT-BTTTT
/// and the recommended language, type and format.
const DUBLIN_CORE: &[DublinCore] = &[
    DublinCore { name: "DC.title", key: Some("title"), label: "tiêu đề" },
    DublinCore { name: "DC.creator", key: None, label: "tác giả" },
    DublinCore { name: "DC.date", key: Some("date"), label: "ngày" },
    DublinCore { name: "DC.description", key: Some("description"), label: "mô tả" },
    DublinCore { name: "DC.publisher", key: None, label: "cơ quan xuất bản" },
    DublinCore { name: "DC.identifier", key: None, label: "định danh" },
    DublinCore { name: "DC.language", key: None, label: "ngôn ngữ" },
    DublinCore { name: "DC.type", key: None, label: "kiểu" },
    DublinCore { name: "DC.format", key: None, label: "định dạng" },
];

fn article_pages<'a>(cx: &'a Context) -> impl Iterator<Item = &'a Page> + 'a {
    cx.site.pages.iter().filter(|page| ARTICLE_KINDS.contains(&page.kind))
}

/// 10.a: every article's built page carries the Dublin Core elements; `DC.subject` when it
/// has tags and `DC.source` when it names its origin. Points are in proportion to the
/// complete pages.
pub fn dublin_core(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut template_problems = PageProblems::default();
    let mut total = 0usize;
    let mut complete = 0usize;

    for page in article_pages(cx) {
        total += 1;
        let Some(facts) = cx.built.page(&page.url) else {
            require_built(cx, page, &mut outcome);
            continue;
        };
        let mut wanted: Vec<(&str, Option<&str>, &str)> =
            DUBLIN_CORE.iter().map(|element| (element.name, element.key, element.label)).collect();
        if !page.meta.tags.is_empty() {
            wanted.push(("DC.subject", Some("tags"), "chủ đề"));
        }
        if filled(&page.meta.nguon_goc) {
            wanted.push(("DC.source", Some("nguon_goc"), "nguồn"));
        }

        let mut page_complete = true;
        for (name, key, label) in wanted {
            if facts.dublin_core.contains_key(name) {
                continue;
            }
            page_complete = false;
            match key.filter(|key| !front_matter_has(page, key)) {
                Some(key) => outcome.finding(
                    &page.source,
                    page.line_of(key),
                    format!("Trang thiếu thẻ {name} ({label}) vì bài chưa có `{key}`: thêm `{key}` vào phần đầu bài."),
                ),
                None => template_problems.add(
                    cx.built.display_url(&page.url),
                    format!(
                        "Thiếu thẻ <meta name=\"{name}\"> ({label}): mẫu giao diện phải xuất thẻ này cho mọi tin bài."
                    ),
                ),
            }
        }
        if page_complete {
            complete += 1;
            outcome.evidence(page.url.clone());
        }
    }
    template_problems.into_findings(&mut outcome);

    if total == 0 {
        outcome.finding("content/tin-tuc/", 0, "Chưa có tin bài nào để kiểm tra dữ liệu đặc tả.");
        return Ok(outcome.note("Không có tin bài"));
    }
    let points = round_points(criterion.max_points * complete as f64 / total as f64);
    Ok(outcome.points(points).note(format!("{complete}/{total} tin bài đủ dữ liệu đặc tả Dublin Core")))
}

fn front_matter_has(page: &Page, key: &str) -> bool {
    match key {
        "title" => filled(&page.meta.title),
        "date" => page.effective_date().is_some(),
        "description" => filled(&page.meta.description),
        "tags" => !page.meta.tags.is_empty(),
        "nguon_goc" => filled(&page.meta.nguon_goc),
        _ => page.lines.contains_key(key),
    }
}

/// 10.b: three functions weigh a third each. Sending questions needs a form or e-mail link on
/// the Q&A page. Sending opinions needs an e-mail or address on a consultation, or a form or
/// e-mail link on the consultations page. Following answers needs answered questions.
pub fn feedback(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut parts = 0usize;

    let questions_page = cx.built.page(QUESTIONS_URL);
    if questions_page.is_some_and(|facts| facts.forms > 0 || has_mailto(&facts.links)) {
        parts += 1;
        outcome.evidence(QUESTIONS_URL);
    } else {
        outcome.finding(
            cx.built.display_url(QUESTIONS_URL),
            0,
            format!("Trang {QUESTIONS_URL} chưa có cách gửi câu hỏi: thêm biểu mẫu hoặc liên kết thư điện tử (mailto:) để gửi câu hỏi."),
        );
    }

    let consultation_with_address = cx.site.pages_of(Kind::Consultation).find(|page| {
        (filled(&page.meta.email_gop_y) || filled(&page.meta.noi_nhan_y_kien)) && cx.is_built(page) && !page.meta.mau
    });
    let consultations_page =
        cx.built.page(CONSULTATIONS_URL).filter(|facts| facts.forms > 0 || has_mailto(&facts.links));
    match (consultation_with_address, consultations_page) {
        (Some(page), _) => {
            parts += 1;
            outcome.evidence(page.url.clone());
        }
        (None, Some(_)) => {
            parts += 1;
            outcome.evidence(CONSULTATIONS_URL);
        }
        (None, None) => outcome.finding(
            cx.content_folder("lay-y-kien"),
            0,
            "Chưa có nơi gửi ý kiến: ghi `email_gop_y` hoặc `noi_nhan_y_kien` cho dự thảo lấy ý kiến.",
        ),
    }

    let answered: Vec<&Page> = cx
        .site
        .pages_of(Kind::Question)
        .filter(|page| is_answered(page) && cx.is_built(page) && !page.meta.mau)
        .collect();
    if answered.is_empty() {
        outcome.finding(
            cx.content_folder("hoi-dap"),
            0,
            "Chưa có câu hỏi nào được trả lời để người hỏi theo dõi: đăng câu hỏi kèm `tra_loi` vào content/hoi-dap/.",
        );
    } else {
        parts += 1;
        outcome.evidence(answered[0].url.clone());
    }

    let points = round_points(criterion.max_points * parts as f64 / 3.0);
    Ok(outcome.points(points).note(format!("{parts}/3 chức năng: gửi câu hỏi, gửi ý kiến, theo dõi trả lời")))
}

fn has_mailto(links: &[Arc<str>]) -> bool {
    links.iter().any(|href| href.trim().to_ascii_lowercase().starts_with("mailto:"))
}

fn is_answered(page: &Page) -> bool {
    filled(&page.meta.tra_loi) || !page.plain_text.trim().is_empty()
}

/// 10.c: the search page has exactly one search box labelled "Tìm kiếm".
pub fn search(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let file = cx.built.display_url(SEARCH_URL);
    let Some(facts) = cx.built.page(SEARCH_URL) else {
        outcome.finding(
            &file,
            0,
            format!("Chưa có trang tìm kiếm {SEARCH_URL}: dựng lại trang bằng `trangtin build`."),
        );
        return Ok(outcome.note("Không có trang tìm kiếm"));
    };
    // NOTE: only the page and its search box are checked; whether the search index finds
    // every article is not.
    match facts.search_boxes.as_slice() {
        [] => outcome.finding(
            &file,
            0,
            "Trang tìm kiếm không có ô <input type=\"search\">: sửa mẫu giao diện trang tìm kiếm.",
        ),
        [label] if label == "Tìm kiếm" => {
            outcome.evidence(SEARCH_URL);
            return Ok(outcome.points(criterion.max_points).note("Có trang tìm kiếm với ô tìm kiếm"));
        }
        [label] => outcome.finding(
            &file,
            0,
            format!(
                "Ô tìm kiếm có nhãn «{label}» thay vì «Tìm kiếm»: đặt nhãn «Tìm kiếm» để công cụ hỗ trợ đọc nhận ra."
            ),
        ),
        boxes => outcome.finding(
            &file,
            0,
            format!("Trang tìm kiếm có {} ô tìm kiếm: chỉ giữ một ô có nhãn «Tìm kiếm».", boxes.len()),
        ),
    }
    Ok(outcome.note("Ô tìm kiếm chưa đúng"))
}

/// 10.d: the Q&A section publishes at least one answered question; each unanswered one is
/// reported.
pub fn questions_and_answers(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut answered = 0usize;
    let mut total = 0usize;
    for page in cx.site.pages_of(Kind::Question) {
        total += 1;
        if !is_answered(page) {
            outcome.finding(
                &page.source,
                page.line_of("cau_hoi"),
                "Câu hỏi chưa có trả lời: thêm `tra_loi` (hoặc viết câu trả lời vào thân bài) và `ngay_tra_loi`.",
            );
        } else if counts(cx, page, &mut outcome) {
            answered += 1;
            outcome.evidence(page.url.clone());
        }
    }
    if answered == 0 {
        outcome.finding(
            cx.content_folder("hoi-dap"),
            0,
            "Mục Hỏi đáp chưa có câu hỏi nào được trả lời: đăng câu hỏi và câu trả lời vào content/hoi-dap/.",
        );
        return Ok(outcome.note(format!("0/{total} câu hỏi đã trả lời")));
    }
    Ok(outcome.points(criterion.max_points).note(format!("{answered}/{total} câu hỏi đã trả lời")))
}

/// 10.đ: every built page has the reading toolbar with its five buttons.
pub fn accessibility_toolbar(cx: &Context, criterion: &Criterion) -> RuleResult {
    every_page(cx, criterion, "trang có đủ thanh công cụ hỗ trợ đọc", |facts| {
        let Some(buttons) = &facts.toolbar_buttons else {
            return vec![format!(
                "Trang không có thanh công cụ <div role=\"toolbar\" aria-label=\"{}\">: sửa mẫu giao diện.",
                crate::check::built::TOOLBAR_LABEL
            )];
        };
        TOOLBAR_BUTTONS
            .iter()
            .filter(|name| !buttons.iter().any(|button| button == *name))
            .map(|name| format!("Thanh công cụ hỗ trợ đọc thiếu nút «{name}»: thêm nút có tên này vào mẫu giao diện."))
            .collect()
    })
}

/// 10.e: the links page shows at least one link from `data/lien-ket.yaml` to a state agency
/// (a host ending with `agency_link_suffix`).
pub fn links_to_agencies(cx: &Context, criterion: &Criterion) -> RuleResult {
    let suffix = cx.params.text("agency_link_suffix")?;
    let mut outcome = Outcome::new();
    let file = cx.built.display_url(LINKS_URL);
    let Some(page) = cx.built.page(LINKS_URL) else {
        outcome.finding(
            &file,
            0,
            format!("Chưa có trang liên kết {LINKS_URL}: ghi data/lien-ket.yaml rồi chạy lại `trangtin build`."),
        );
        return Ok(outcome.note("Không có trang liên kết"));
    };

    let shown: Vec<&str> = page.links.iter().map(|href| href.trim().trim_end_matches('/')).collect();
    let mut agency_links = 0usize;
    let mut total = 0usize;
    for link in cx.site.data.links.iter().flat_map(|group| group.lien_ket.iter()) {
        total += 1;
        let url = link.url.trim();
        if !shown.contains(&url.trim_end_matches('/')) {
            outcome.finding(
                LINKS_FILE,
                cx.line_of_entry(LINKS_FILE, "url", &link.url),
                format!(
                    "Liên kết {} ({url}) không có trên trang {LINKS_URL}: dựng lại trang hoặc sửa mẫu giao diện.",
                    link.ten
                ),
            );
        } else if host_of(url).is_some_and(|host| host == suffix || host.ends_with(&format!(".{suffix}"))) {
            agency_links += 1;
        }
    }

    if agency_links == 0 {
        outcome.finding(
            LINKS_FILE,
            0,
            format!(
                "Chưa có liên kết nào tới cổng, trang thông tin của cơ quan nhà nước (tên miền .{suffix}): thêm vào data/lien-ket.yaml."
            ),
        );
        return Ok(outcome.note(format!("{total} liên kết, không có liên kết .{suffix}")));
    }
    outcome.evidence(LINKS_URL);
    outcome.evidence(LINKS_FILE);
    Ok(outcome.points(criterion.max_points).note(format!("{agency_links} liên kết tới cơ quan nhà nước")))
}

/// The host of an absolute `http(s)` URL, in lower case.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://").map(|(_, rest)| rest)?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// 10.g: every article page has controls named "In" and "Lưu": buttons, or links such as a
/// download link for saving.
pub fn print_and_save(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut problems = PageProblems::default();
    let mut total = 0usize;
    let mut complete = 0usize;

    for page in article_pages(cx) {
        total += 1;
        let Some(facts) = cx.built.page(&page.url) else {
            require_built(cx, page, &mut outcome);
            continue;
        };
        let has_control = |name: &str| {
            facts
                .buttons
                .iter()
                .map(String::as_str)
                .chain(facts.link_names.iter().map(|link| &**link))
                .any(|control| control == name)
        };
        let missing: Vec<&str> = ["In", "Lưu"].into_iter().filter(|name| !has_control(name)).collect();
        if missing.is_empty() {
            complete += 1;
            outcome.evidence(page.url.clone());
        }
        for name in missing {
            problems.add(
                cx.built.display_url(&page.url),
                format!("Tin bài thiếu nút «{name}»: mẫu giao diện tin bài phải có nút «In» và «Lưu»."),
            );
        }
    }
    problems.into_findings(&mut outcome);

    if total == 0 {
        outcome.finding("content/tin-tuc/", 0, "Chưa có tin bài nào để kiểm tra chức năng in và lưu.");
        return Ok(outcome.note("Không có tin bài"));
    }
    let points = round_points(criterion.max_points * complete as f64 / total as f64);
    Ok(outcome.points(points).note(format!("{complete}/{total} tin bài có nút In và Lưu")))
}

/// 10.h: every page is valid UTF-8, declares it, is in NFC and shows no legacy-encoded text.
/// Legacy text is reported on the content file it came from when there is one.
pub fn unicode_encoding(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut problems = PageProblems::default();
    let mut total = 0usize;
    let mut good = 0usize;

    for (path, facts) in cx.built.html_pages() {
        total += 1;
        let file = cx.built.display(path);
        if !facts.valid_utf8 {
            problems.add(
                file,
                "Tệp không phải UTF-8 hợp lệ: dựng lại trang; nếu vẫn lỗi, chuyển tệp nguồn sang UTF-8.".to_owned(),
            );
            continue;
        }
        let mut ok = true;
        if !facts.declares_utf8 {
            ok = false;
            problems.add(
                file.clone(),
                "Thiếu <meta charset=\"utf-8\">: thêm vào phần <head> của mẫu giao diện.".to_owned(),
            );
        }
        if !facts.is_nfc {
            ok = false;
            problems.add(
                file.clone(),
                "Văn bản chưa ở dạng Unicode dựng sẵn (NFC), dấu thanh đang là ký tự tổ hợp: chuyển nội dung sang Unicode dựng sẵn.".to_owned(),
            );
        }
        if let Some(legacy) = &facts.legacy_encoding {
            ok = false;
            let samples = legacy.samples.iter().map(|word| format!("«{word}»")).collect::<Vec<_>>().join(", ");
            let message = format!(
                "Có chữ mã {} chưa chuyển sang Unicode (ví dụ {samples}): chuyển mã đoạn văn này sang Unicode dựng sẵn rồi dán lại.",
                legacy.name
            );
            match cx.site.page_at(&BuiltSite::url_of_file(path)) {
                Some(page) => outcome.finding(&page.source, page.body_line, message),
                None => outcome.finding(&file, 0, message),
            }
        }
        if ok {
            good += 1;
        }
    }
    problems.into_findings(&mut outcome);

    if total == 0 {
        outcome.finding(&cx.built.label, 0, "Thư mục kết quả không có trang HTML nào: chạy `trangtin build`.");
        return Ok(outcome.note("Không có trang"));
    }
    if good > 0 {
        outcome.evidence("/");
    }
    let points = round_points(criterion.max_points * good as f64 / total as f64);
    Ok(outcome.points(points).note(format!("{good}/{total} trang dùng Unicode UTF-8 dựng sẵn")))
}

/// 10.i: the HTML site map nests its lists, links every section of the site, and each of its
/// links resolves to a built file. All or nothing.
pub fn html_site_map(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let file = cx.built.display_url(SITE_MAP_URL);
    let Some(facts) = cx.built.page(SITE_MAP_URL) else {
        outcome.finding(&file, 0, format!("Chưa có sơ đồ trang {SITE_MAP_URL}: dựng lại trang bằng `trangtin build`."));
        return Ok(outcome.note("Không có sơ đồ trang"));
    };

    let base = cx.site.config.base();
    let mut linked = Vec::new();
    for href in &facts.main_list_links {
        match resolve_link(SITE_MAP_URL, href, base) {
            LinkTarget::Internal(path) => {
                if !cx.built.has_url(&path) {
                    outcome.finding(&file, 0, format!("Sơ đồ trang có liên kết hỏng {href}: không có tệp cho {path}."));
                }
                linked.push(path);
            }
            LinkTarget::External(_) | LinkTarget::Other => {}
        }
    }
    if !facts.main_lists_nested {
        outcome.finding(
            &file,
            0,
            "Sơ đồ trang là danh sách phẳng: trình bày thành cây, mỗi mục con là một danh sách <ul> lồng trong mục cha.",
        );
    }

    let mut sections: Vec<String> = cx.site.pages_of(Kind::Section).map(|page| page.url.clone()).collect();
    sections.extend(FIXED_SECTIONS.iter().filter(|url| cx.built.has_url(url)).map(|url| (*url).to_owned()));
    sections.retain(|url| url != "/" && url != SITE_MAP_URL);
    sections.sort();
    sections.dedup();
    let missing: Vec<&String> = sections.iter().filter(|url| !linked.contains(url)).collect();
    for url in &missing {
        outcome.finding(&file, 0, format!("Sơ đồ trang chưa có mục {url}: thêm liên kết tới mục này."));
    }

    if !outcome.findings.is_empty() {
        return Ok(outcome.note(format!(
            "{}/{} mục có trong sơ đồ trang",
            sections.len() - missing.len(),
            sections.len()
        )));
    }
    outcome.evidence(SITE_MAP_URL);
    Ok(outcome.points(criterion.max_points).note(format!("Sơ đồ trang liên kết đủ {} mục", sections.len())))
}

/// 10.k: every built page links Home, Giới thiệu, Liên hệ and Sơ đồ trang.
pub fn standard_links(cx: &Context, criterion: &Criterion) -> RuleResult {
    let base = cx.site.config.base().to_owned();
    every_page(
        cx,
        criterion,
        "trang có đủ liên kết Trang chủ, Giới thiệu, Liên hệ, Sơ đồ trang",
        move |facts| {
            // The standard links sit in the page header, so the search usually stops early.
            let mut missing: Vec<&(&str, &str)> = STANDARD_LINKS.iter().collect();
            for href in &facts.links {
                if missing.is_empty() {
                    break;
                }
                let path = match plain_site_path(href, &base) {
                    Some(path) => Cow::Borrowed(path),
                    None => match resolve_link("/", href, &base) {
                        LinkTarget::Internal(path) => Cow::Owned(path),
                        _ => continue,
                    },
                };
                missing.retain(|(url, _)| *url != path);
            }
            missing
                .into_iter()
                .map(|(url, name)| {
                    format!("Trang thiếu liên kết «{name}» ({url}): thêm vào đầu hoặc chân trang của mẫu giao diện.")
                })
                .collect()
        },
    )
}

/// Scores a check that every built HTML page must pass: `problems` returns the page's
/// problems, and points are in proportion to the pages without any.
fn every_page(
    cx: &Context,
    criterion: &Criterion,
    what: &str,
    problems_of: impl Fn(&crate::check::built::HtmlFacts) -> Vec<String>,
) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut problems = PageProblems::default();
    let mut total = 0usize;
    let mut good = 0usize;

    for (path, facts) in cx.built.html_pages() {
        total += 1;
        let found = problems_of(facts);
        if found.is_empty() {
            good += 1;
        }
        for message in found {
            problems.add(cx.built.display(path), message);
        }
    }
    problems.into_findings(&mut outcome);

    if total == 0 {
        outcome.finding(&cx.built.label, 0, "Thư mục kết quả không có trang HTML nào: chạy `trangtin build`.");
        return Ok(outcome.note("Không có trang"));
    }
    if good > 0 {
        outcome.evidence("/");
    }
    let points = round_points(criterion.max_points * good as f64 / total as f64);
    Ok(outcome.points(points).note(format!("{good}/{total} {what}")))
}

#[cfg(test)]
mod tests {
    use super::host_of;
    use crate::check::outcome::{Finding, Status};
    use crate::check::rules::testing::{Fixture, article_html};

    fn news(fixture: &mut Fixture, name: &str) {
        fixture.page(
            &format!("content/tin-tuc/{name}.md"),
            "title: Tin\ndate: 2022-05-01\ndescription: Tóm tắt\nloai: tin\n",
            "Nội dung.",
        );
    }

    #[test]
    fn dublin_core_complete_pages_are_met() {
        let mut fixture = Fixture::new();
        news(&mut fixture, "a");
        let result = fixture.score("10.a");
        assert_eq!(result.status, Status::Met);
        assert_eq!(result.evidence, vec!["/tin-tuc/a/"]);
    }

    #[test]
    fn dublin_core_missing_elements_are_reported_by_cause() {
        let mut fixture = Fixture::new();
        news(&mut fixture, "a");
        news(&mut fixture, "b");
        fixture.page("content/tin-tuc/c.md", "title: Tin\ndate: 2022-05-01\nloai: tin\n", "Nội dung.");
        let without_publisher = |title: &str| {
            article_html(title).replace(r#"<meta name="DC.publisher" content="Ban Dân tộc tỉnh Bình Phước">"#, "")
        };
        fixture.built("tin-tuc/a/index.html", &without_publisher("Tin"));
        fixture.built("tin-tuc/b/index.html", &without_publisher("Tin"));
        fixture.built(
            "tin-tuc/c/index.html",
            &article_html("Tin").replace(r#"<meta name="DC.description" content="Tóm tắt">"#, ""),
        );

        let result = fixture.score("10.a");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(
            result.findings,
            vec![
                Finding::new(
                    "content/tin-tuc/c.md",
                    1,
                    "Trang thiếu thẻ DC.description (mô tả) vì bài chưa có `description`: thêm `description` vào phần đầu bài."
                ),
                Finding::new(
                    "public/tin-tuc/a/index.html",
                    0,
                    "Thiếu thẻ <meta name=\"DC.publisher\"> (cơ quan xuất bản): mẫu giao diện phải xuất thẻ này cho mọi tin bài. Gặp ở 2 trang, đây là trang đầu tiên."
                ),
            ]
        );
    }

    #[test]
    fn toolbar_missing_button_is_collapsed() {
        let mut fixture = Fixture::new();
        let page = article_html("Trang").replace("<button>Đọc bài</button>", "");
        fixture.built("index.html", &page);
        fixture.built("lien-he/index.html", &page);
        fixture.built("gioi-thieu/index.html", &article_html("Giới thiệu"));
        let result = fixture.score("10.đ");
        assert_eq!(result.status, Status::Partial);
        assert_eq!(result.points, 0.17);
        assert_eq!(
            result.findings,
            vec![Finding::new(
                "public/index.html",
                0,
                "Thanh công cụ hỗ trợ đọc thiếu nút «Đọc bài»: thêm nút có tên này vào mẫu giao diện. Gặp ở 2 trang, đây là trang đầu tiên."
            )]
        );
    }

    #[test]
    fn print_and_save_needs_both_buttons() {
        let mut fixture = Fixture::new();
        news(&mut fixture, "a");
        fixture
            .built("tin-tuc/a/index.html", &article_html("Tin").replace(r#"<button type="button">Lưu</button>"#, ""));
        let result = fixture.score("10.g");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(result.findings[0].file, "public/tin-tuc/a/index.html");
        assert!(result.findings[0].message.starts_with("Tin bài thiếu nút «Lưu»"));
    }

    #[test]
    fn download_link_counts_as_save() {
        let mut fixture = Fixture::new();
        news(&mut fixture, "a");
        fixture.built(
            "tin-tuc/a/index.html",
            &article_html("Tin").replace(
                r#"<button type="button">Lưu</button>"#,
                r#"<a class="button" href="/tin-tuc/a/" download="a.html">Lưu</a>"#,
            ),
        );
        assert_eq!(fixture.score("10.g").status, Status::Met);
    }

    #[test]
    fn legacy_encoding_is_reported_on_content() {
        let mut fixture = Fixture::new();
        news(&mut fixture, "a");
        fixture.built(
            "tin-tuc/a/index.html",
            &article_html("Tin").replace("Nội dung bài.", "Céng hoµ x· héi chñ nghÜa ViÖt Nam"),
        );
        let result = fixture.score("10.h");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(result.findings.len(), 1);
        assert_eq!(result.findings[0].file, "content/tin-tuc/a.md");
        assert_eq!(result.findings[0].line, 7);
        assert!(result.findings[0].message.starts_with("Có chữ mã TCVN3 (ABC) chưa chuyển sang Unicode"));
    }

    #[test]
    fn decomposed_text_and_missing_charset_fail() {
        let mut fixture = Fixture::new();
        fixture.built(
            "index.html",
            &article_html("Tie\u{302}\u{301}ng Vie\u{323}\u{302}t").replace(r#"<meta charset="utf-8">"#, ""),
        );
        let result = fixture.score("10.h");
        assert_eq!(result.points, 0.0);
        assert_eq!(result.findings.len(), 2);
        assert!(result.findings[0].message.starts_with("Thiếu <meta charset=\"utf-8\">"));
        assert!(result.findings[1].message.starts_with("Văn bản chưa ở dạng Unicode dựng sẵn (NFC)"));
    }

    #[test]
    fn site_map_checks_sections_and_links() {
        let mut fixture = Fixture::new();
        fixture.page("content/tin-tuc/_index.md", "title: Tin tức\n", "");
        fixture.page("content/hoi-dap/_index.md", "title: Hỏi đáp\n", "");
        fixture.built("lien-he/index.html", &article_html("Liên hệ"));
        let map = article_html("Sơ đồ trang").replace(
            "<p>Nội dung bài.</p>",
            r#"<ul><li><a href="/tin-tuc/">Tin tức</a><ul><li><a href="/tin-tuc/khong-co/">Hỏng</a></li></ul></li><li><a href="/lien-he/">Liên hệ</a></li></ul>"#,
        );
        fixture.built("so-do-trang/index.html", &map);
        let result = fixture.score("10.i");
        assert_eq!(result.status, Status::NotMet);
        let messages: Vec<&str> = result.findings.iter().map(|finding| finding.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "Sơ đồ trang có liên kết hỏng /tin-tuc/khong-co/: không có tệp cho /tin-tuc/khong-co/.",
                "Sơ đồ trang chưa có mục /hoi-dap/: thêm liên kết tới mục này.",
            ]
        );
        assert_eq!(result.findings[0].file, "public/so-do-trang/index.html");
    }

    #[test]
    fn standard_links_are_required_everywhere() {
        let mut fixture = Fixture::new();
        fixture.built("index.html", &article_html("Trang chủ"));
        fixture.built(
            "404.html",
            &article_html("Không tìm thấy").replace(r#"<a href="/so-do-trang/">Sơ đồ trang</a>"#, ""),
        );
        let result = fixture.score("10.k");
        assert_eq!(result.points, 0.25);
        assert_eq!(
            result.findings,
            vec![Finding::new(
                "public/404.html",
                0,
                "Trang thiếu liên kết «Sơ đồ trang» (/so-do-trang/): thêm vào đầu hoặc chân trang của mẫu giao diện."
            )]
        );
    }

    #[test]
    fn search_box_needs_its_label() {
        let mut fixture = Fixture::new();
        let page =
            article_html("Tìm kiếm").replace("<p>Nội dung bài.</p>", r#"<input type="search" aria-label="Tìm">"#);
        fixture.built("tim-kiem/index.html", &page);
        let result = fixture.score("10.c");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(
            result.findings[0].message,
            "Ô tìm kiếm có nhãn «Tìm» thay vì «Tìm kiếm»: đặt nhãn «Tìm kiếm» để công cụ hỗ trợ đọc nhận ra."
        );
        let page = article_html("Tìm kiếm")
            .replace("<p>Nội dung bài.</p>", r#"<label>Tìm kiếm <input type="search"></label>"#);
        fixture.built("tim-kiem/index.html", &page);
        assert_eq!(fixture.score("10.c").status, Status::Met);
    }

    #[test]
    fn questions_need_answers() {
        let mut fixture = Fixture::new();
        fixture.page(
            "content/hoi-dap/a.md",
            "title: Hỏi\ncau_hoi: Chính sách nào?\ntra_loi: Theo Quyết định 12.\n",
            "",
        );
        fixture.page("content/hoi-dap/b.md", "title: Hỏi\ncau_hoi: Khi nào?\n", "");
        let result = fixture.score("10.d");
        assert_eq!(result.status, Status::Met);
        assert_eq!(
            result.findings,
            vec![Finding::new(
                "content/hoi-dap/b.md",
                3,
                "Câu hỏi chưa có trả lời: thêm `tra_loi` (hoặc viết câu trả lời vào thân bài) và `ngay_tra_loi`."
            )]
        );
    }

    #[test]
    fn feedback_counts_three_functions() {
        let mut fixture = Fixture::new();
        fixture.page(
            "content/hoi-dap/a.md",
            "title: Hỏi\ncau_hoi: Chính sách nào?\ntra_loi: Theo Quyết định 12.\n",
            "",
        );
        fixture.built(
            "hoi-dap/index.html",
            &article_html("Hỏi đáp")
                .replace("<p>Nội dung bài.</p>", r#"<a href="mailto:bdt@binhphuoc.gov.vn">Gửi câu hỏi</a>"#),
        );
        let result = fixture.score("10.b");
        assert_eq!(result.points, 0.67);
        assert_eq!(result.status, Status::Partial);
        assert_eq!(result.findings[0].file, "content/lay-y-kien/");
    }

    #[test]
    fn links_need_an_agency_host() {
        let mut fixture = Fixture::new();
        fixture.data(
            "lien-ket.yaml",
            "- nhom: Cơ quan nhà nước\n  lien_ket:\n    - ten: UBND tỉnh\n      url: https://binhphuoc.gov.vn\n    - ten: Báo Bình Phước\n      url: https://baobinhphuoc.com.vn\n",
        );
        fixture.built(
            "lien-ket/index.html",
            &article_html("Liên kết")
                .replace("<p>Nội dung bài.</p>", r#"<a href="https://binhphuoc.gov.vn/">UBND tỉnh</a>"#),
        );
        let result = fixture.score("10.e");
        assert_eq!(result.status, Status::Met);
        assert_eq!(result.findings[0].line, 6);
        assert_eq!(host_of("https://bdt.binhphuoc.gov.vn:443/a"), Some("bdt.binhphuoc.gov.vn".to_owned()));
    }
}
