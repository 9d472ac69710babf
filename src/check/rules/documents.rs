//! Documents: directive documents posted (2.a), legal documents drafted in the year or still
//! in force (5.a), and the seven fields every document must show (2.b, 5.b).

use chrono::Datelike;

use crate::check::context::Context;
use crate::check::criteria::Criterion;
use crate::check::outcome::Outcome;
use crate::check::points::round_points;
use crate::check::rules::{RuleResult, counts, filled, posted_date, score_count};
use crate::content::{Kind, Page};

/// Section of directive and administrative documents.
pub const DIRECTIVE_SECTION: &str = "van-ban/chi-dao-dieu-hanh";
/// Section of legal (normative) documents.
pub const LEGAL_SECTION: &str = "van-ban/quy-pham-phap-luat";

pub fn directive_documents(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut counted = Vec::new();
    for page in documents_in(cx, DIRECTIVE_SECTION) {
        if cx.period.contains_date(posted_date(page)) && counts(cx, page, &mut outcome) {
            counted.push(page.url.clone());
        }
    }
    let folder = cx.content_folder(DIRECTIVE_SECTION);
    let how = format!("đăng văn bản chỉ đạo điều hành vào {folder}, ghi `ngay_dang` là ngày đăng");
    score_count(cx, criterion, outcome, counted, "văn bản chỉ đạo điều hành", &folder, &how)
}

pub fn directive_document_fields(cx: &Context, criterion: &Criterion) -> RuleResult {
    document_fields(cx, criterion, DIRECTIVE_SECTION)
}

pub fn legal_document_fields(cx: &Context, criterion: &Criterion) -> RuleResult {
    document_fields(cx, criterion, LEGAL_SECTION)
}

/// 5.a: legal documents the agency drafted for the provincial committee in the review year
/// (`tham_muu: true`), and those issued within `legal_in_force_years` years that are still in
/// force on the review date.
pub fn legal_documents(cx: &Context, criterion: &Criterion) -> RuleResult {
    let years = cx.params.integer("legal_in_force_years")?;
    let earliest_year = cx.period.year - i32::try_from(years).unwrap_or(i32::MAX);
    let mut outcome = Outcome::new();
    let mut counted = Vec::new();
    let mut drafted_this_year = 0;

    for page in documents_in(cx, LEGAL_SECTION) {
        let Some(issued) = page.meta.ngay_ban_hanh.as_ref().map(|date| date.day()) else {
            outcome.finding(
                &page.source,
                1,
                "Thiếu `ngay_ban_hanh` nên không xác định được văn bản còn hiệu lực hay không: thêm ngày ban hành.",
            );
            continue;
        };
        let drafted = page.meta.tham_muu && cx.period.contains(issued);
        let expired = page.meta.ngay_het_hieu_luc.as_ref().is_some_and(|end| end.day() <= cx.period.date);
        let in_force = issued.year() >= earliest_year && issued <= cx.period.date && !expired;
        if (drafted || in_force) && counts(cx, page, &mut outcome) {
            counted.push(page.url.clone());
            if drafted {
                drafted_this_year += 1;
            }
        }
    }

    let folder = cx.content_folder(LEGAL_SECTION);
    let short = (counted.len() as f64) < criterion.threshold.unwrap_or(0.0);
    if drafted_this_year == 0 && short {
        outcome.finding(
            &folder,
            0,
            format!(
                "Chưa có văn bản QPPL nào ban hành năm {} ghi `tham_muu: true`: nếu trong năm cơ quan tham mưu \
                 UBND tỉnh ban hành văn bản QPPL, hãy đăng văn bản đó và ghi `tham_muu: true`.",
                cx.period.year
            ),
        );
    }
    let how = format!(
        "đăng văn bản QPPL còn hiệu lực ban hành từ năm {earliest_year} và văn bản cơ quan tham mưu trong năm vào {folder}"
    );
    score_count(cx, criterion, outcome, counted, "văn bản QPPL", &folder, &how)
}

/// A document field the criteria table names, its key and how to fill it in.
struct RequiredField {
    key: &'static str,
    label: &'static str,
    example: &'static str,
}

/// The seven items of 2.b and 5.b, in the table's order; the attachment comes last.
const REQUIRED_FIELDS: &[RequiredField] = &[
    RequiredField { key: "hinh_thuc", label: "hình thức văn bản", example: "`hinh_thuc: Quyết định`" },
    RequiredField {
        key: "co_quan_ban_hanh",
        label: "thẩm quyền ban hành",
        example: "`co_quan_ban_hanh: Ủy ban nhân dân tỉnh`",
    },
    RequiredField { key: "so_ky_hieu", label: "số ký hiệu", example: "`so_ky_hieu: 12/QĐ-UBND`" },
    RequiredField { key: "ngay_ban_hanh", label: "ngày ban hành", example: "`ngay_ban_hanh: 15/03/2022`" },
    RequiredField { key: "ngay_hieu_luc", label: "ngày hiệu lực", example: "`ngay_hieu_luc: 15/03/2022`" },
    RequiredField { key: "trich_yeu", label: "trích yếu", example: "`trich_yeu: Về việc ...`" },
    RequiredField {
        key: "tep", label: "tệp tải về", example: "`tep: [ten-tep.pdf]` và đặt tệp cạnh văn bản"
    },
];

/// 2.b and 5.b: every document of the section has the seven fields and an attachment that
/// exists. Points are in proportion to the complete documents.
fn document_fields(cx: &Context, criterion: &Criterion, section: &str) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut total = 0usize;
    let mut complete = 0usize;

    for page in documents_in(cx, section) {
        total += 1;
        let problems = missing_fields(cx, page);
        let built = counts(cx, page, &mut outcome);
        if problems.is_empty() && built {
            complete += 1;
            outcome.evidence(page.url.clone());
        }
        for (line, message) in problems {
            outcome.finding(&page.source, line, message);
        }
    }

    if total == 0 {
        outcome.finding(
            cx.content_folder(section),
            0,
            format!("Chưa có văn bản nào trong {}: đăng văn bản kèm đủ bảy mục.", cx.content_folder(section)),
        );
        return Ok(outcome.note("Chưa có văn bản"));
    }
    let points = round_points(criterion.max_points * complete as f64 / total as f64);
    Ok(outcome.points(points).note(format!("{complete}/{total} văn bản đủ bảy mục")))
}

/// Every missing or empty field of a document, with its line and what to do.
fn missing_fields(cx: &Context, page: &Page) -> Vec<(usize, String)> {
    let meta = &page.meta;
    let mut problems = Vec::new();
    for field in REQUIRED_FIELDS {
        let present = match field.key {
            "hinh_thuc" => filled(&meta.hinh_thuc),
            "co_quan_ban_hanh" => filled(&meta.co_quan_ban_hanh),
            "so_ky_hieu" => filled(&meta.so_ky_hieu),
            "ngay_ban_hanh" => meta.ngay_ban_hanh.is_some(),
            "ngay_hieu_luc" => meta.ngay_hieu_luc.is_some(),
            "trich_yeu" => filled(&meta.trich_yeu),
            _ => !meta.tep.is_empty(),
        };
        if !present {
            problems.push((
                page.line_of(field.key),
                format!(
                    "Thiếu mục {} (`{}`): thêm vào phần đầu văn bản, ví dụ {}.",
                    field.label, field.key, field.example
                ),
            ));
        }
    }
    for attachment in &meta.tep {
        if !cx.attachment_exists(page, attachment.path()) {
            problems.push((
                page.line_of("tep"),
                format!("Tệp `{}` trong `tep` không có: đặt tệp cạnh văn bản hoặc sửa đường dẫn.", attachment.path()),
            ));
        }
    }
    problems
}

fn documents_in<'a>(cx: &'a Context, section: &'a str) -> impl Iterator<Item = &'a Page> {
    cx.site.pages_in(section).filter(|page| page.kind == Kind::Document)
}

#[cfg(test)]
mod tests {
    use crate::check::outcome::{Finding, Status};
    use crate::check::rules::testing::Fixture;

    const COMPLETE: &str = "title: Quyết định 12\nhinh_thuc: Quyết định\nco_quan_ban_hanh: Ban Dân tộc\nso_ky_hieu: 12/QĐ-BDT\nngay_ban_hanh: 2022-03-01\nngay_hieu_luc: 2022-03-01\ntrich_yeu: Về việc ban hành quy chế\ntep: [qd-12.pdf]\nngay_dang: 2022-03-02\n";

    #[test]
    fn directive_documents_count_posting_dates() {
        let mut fixture = Fixture::new();
        for index in 0..6 {
            fixture.page(&format!("content/van-ban/chi-dao-dieu-hanh/v{index}.md"), COMPLETE, "");
        }
        fixture.page("content/van-ban/chi-dao-dieu-hanh/cu.md", "title: Cũ\nngay_ban_hanh: 2020-01-01\n", "");
        let result = fixture.score("2.a");
        assert_eq!(result.status, Status::Partial);
        assert_eq!(result.points, 4.0);
        assert_eq!(result.evidence.len(), 6);
        assert_eq!(result.findings[0].file, "content/van-ban/chi-dao-dieu-hanh/");
    }

    #[test]
    fn directive_fields_report_each_missing_field() {
        let mut fixture = Fixture::new();
        fixture.write("content/van-ban/chi-dao-dieu-hanh/qd-12.pdf", "%PDF");
        fixture.page("content/van-ban/chi-dao-dieu-hanh/du.md", COMPLETE, "");
        fixture.page(
            "content/van-ban/chi-dao-dieu-hanh/thieu.md",
            "title: Công văn\nhinh_thuc: Công văn\nso_ky_hieu: 5/BDT-VP\nngay_ban_hanh: 2022-03-01\ntrich_yeu: \"\"\ntep: [khong-co.pdf]\n",
            "",
        );

        let result = fixture.score("2.b");
        assert_eq!(result.status, Status::Partial);
        assert_eq!(result.points, 0.5);
        assert_eq!(result.evidence, vec!["/van-ban/chi-dao-dieu-hanh/du/"]);
        let file = "content/van-ban/chi-dao-dieu-hanh/thieu.md";
        assert_eq!(
            result.findings,
            vec![
                Finding::new(
                    file,
                    1,
                    "Thiếu mục thẩm quyền ban hành (`co_quan_ban_hanh`): thêm vào phần đầu văn bản, ví dụ `co_quan_ban_hanh: Ủy ban nhân dân tỉnh`."
                ),
                Finding::new(
                    file,
                    1,
                    "Thiếu mục ngày hiệu lực (`ngay_hieu_luc`): thêm vào phần đầu văn bản, ví dụ `ngay_hieu_luc: 15/03/2022`."
                ),
                Finding::new(
                    file,
                    6,
                    "Thiếu mục trích yếu (`trich_yeu`): thêm vào phần đầu văn bản, ví dụ `trich_yeu: Về việc ...`."
                ),
                Finding::new(
                    file,
                    7,
                    "Tệp `khong-co.pdf` trong `tep` không có: đặt tệp cạnh văn bản hoặc sửa đường dẫn."
                ),
            ]
        );
    }

    #[test]
    fn legal_fields_without_documents_are_not_met() {
        let fixture = Fixture::new();
        let result = fixture.score("5.b");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(result.findings[0].file, "content/van-ban/quy-pham-phap-luat/");
    }

    #[test]
    fn legal_documents_count_drafted_and_in_force() {
        let mut fixture = Fixture::new();
        let legal = "content/van-ban/quy-pham-phap-luat";
        fixture.page(&format!("{legal}/tham-muu.md"), "title: A\nngay_ban_hanh: 2022-06-01\ntham_muu: true\n", "");
        fixture.page(&format!("{legal}/con-hieu-luc.md"), "title: B\nngay_ban_hanh: 2015-06-01\n", "");
        fixture.page(&format!("{legal}/qua-cu.md"), "title: C\nngay_ban_hanh: 2011-06-01\n", "");
        fixture.page(
            &format!("{legal}/het-hieu-luc.md"),
            "title: D\nngay_ban_hanh: 2018-06-01\nngay_het_hieu_luc: 2021-01-01\n",
            "",
        );
        let result = fixture.score("5.a");
        assert_eq!(
            result.evidence,
            vec!["/van-ban/quy-pham-phap-luat/con-hieu-luc/", "/van-ban/quy-pham-phap-luat/tham-muu/"]
        );
        assert_eq!(result.points, 2.4);
        assert_eq!(result.status, Status::Partial);
        assert_eq!(result.findings.len(), 1);
    }
}
