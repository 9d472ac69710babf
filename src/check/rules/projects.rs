//! Projects, investments and public procurement: the list of the review year (7.a) and the
//! nine fields each project must show (7.b).
//!
//! A project belongs to the review year when `nam` is that year. Without `nam`, it belongs
//! when the period in `thoi_gian_thuc_hien` (`2021-2025`) covers the year, or else when its
//! `date` falls in the review period.

use crate::check::context::Context;
use crate::check::criteria::Criterion;
use crate::check::outcome::Outcome;
use crate::check::points::round_points;
use crate::check::rules::{RuleResult, counts, filled, score_count};
use crate::content::{Kind, Page};

const PROJECT_SECTION: &str = "du-an";

pub fn project_list(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut counted = Vec::new();
    for page in projects_of_year(cx) {
        if counts(cx, page, &mut outcome) {
            counted.push(page.url.clone());
        }
    }
    let folder = cx.content_folder(PROJECT_SECTION);
    let how = format!(
        "đăng các dự án chuẩn bị đầu tư, đang triển khai, đã hoàn thành vào {folder}, ghi `nam: {}`",
        cx.period.year
    );
    score_count(cx, criterion, outcome, counted, "dự án", &folder, &how)
}

/// The nine fields of 7.b: key and label.
const PROJECT_FIELDS: &[(&str, &str)] = &[
    ("ten_du_an", "tên dự án"),
    ("muc_tieu", "mục tiêu chính"),
    ("linh_vuc", "lĩnh vực chuyên môn"),
    ("loai_du_an", "loại dự án"),
    ("thoi_gian_thuc_hien", "thời gian thực hiện"),
    ("kinh_phi", "kinh phí dự án"),
    ("loai_hinh_tai_tro", "loại hình tài trợ"),
    ("nha_tai_tro", "nhà tài trợ"),
    ("tinh_trang", "tình trạng dự án"),
];

pub fn project_fields(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut total = 0usize;
    let mut complete = 0usize;

    for page in projects_of_year(cx) {
        total += 1;
        let meta = &page.meta;
        let mut missing = Vec::new();
        for (key, label) in PROJECT_FIELDS {
            let present = match *key {
                "ten_du_an" => filled(&meta.ten_du_an),
                "muc_tieu" => filled(&meta.muc_tieu),
                "linh_vuc" => filled(&meta.linh_vuc),
                "loai_du_an" => filled(&meta.loai_du_an),
                "thoi_gian_thuc_hien" => filled(&meta.thoi_gian_thuc_hien),
                "kinh_phi" => filled(&meta.kinh_phi),
                "loai_hinh_tai_tro" => filled(&meta.loai_hinh_tai_tro),
                "nha_tai_tro" => filled(&meta.nha_tai_tro),
                _ => meta.tinh_trang.is_some(),
            };
            if !present {
                missing.push((key, label));
            }
        }
        for (key, label) in &missing {
            outcome.finding(
                &page.source,
                page.line_of(key),
                format!("Thiếu {label} (`{key}`): thêm vào phần đầu bài."),
            );
        }
        if missing.is_empty() && counts(cx, page, &mut outcome) {
            complete += 1;
            outcome.evidence(page.url.clone());
        }
    }

    if total == 0 {
        outcome.finding(
            cx.content_folder(PROJECT_SECTION),
            0,
            format!("Chưa có dự án nào của năm {}: đăng dự án kèm đủ chín mục thông tin.", cx.period.year),
        );
        return Ok(outcome.note("Không có dự án"));
    }
    let points = round_points(criterion.max_points * complete as f64 / total as f64);
    Ok(outcome.points(points).note(format!("{complete}/{total} dự án đủ chín mục")))
}

fn projects_of_year<'a>(cx: &'a Context) -> impl Iterator<Item = &'a Page> + 'a {
    let year = cx.period.year;
    cx.site.pages_of(Kind::Project).filter(move |page| match page.meta.nam {
        Some(listed) => listed == year,
        None => match page.meta.thoi_gian_thuc_hien.as_deref().and_then(parse_years) {
            Some((from, to)) => from <= year && year <= to,
            None => cx.period.contains_date(page.meta.date.as_ref()),
        },
    })
}

/// The years of `2021-2025`, `2021 – 2025` or `2022`.
fn parse_years(text: &str) -> Option<(i32, i32)> {
    let numbers: Vec<i32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| part.len() == 4)
        .filter_map(|part| part.parse().ok())
        .collect();
    match numbers.as_slice() {
        [year] => Some((*year, *year)),
        [from, to] if from <= to => Some((*from, *to)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::parse_years;
    use crate::check::outcome::{Finding, Status};
    use crate::check::rules::testing::Fixture;

    #[test]
    fn years_are_read_from_period() {
        assert_eq!(parse_years("2021-2025"), Some((2021, 2025)));
        assert_eq!(parse_years("Từ 2021 – 2025"), Some((2021, 2025)));
        assert_eq!(parse_years("năm 2022"), Some((2022, 2022)));
        assert_eq!(parse_years("5 năm"), None);
    }

    #[test]
    fn project_fields_report_missing_ones() {
        let mut fixture = Fixture::new();
        fixture.page(
            "content/du-an/nuoc-sach.md",
            "title: Nước sạch\nten_du_an: Cấp nước sạch\nmuc_tieu: Nước sạch cho đồng bào\nlinh_vuc: Hạ tầng\nloai_du_an: Đầu tư công\nthoi_gian_thuc_hien: 2021-2025\nkinh_phi: 12 tỷ đồng\nloai_hinh_tai_tro: Ngân sách\nnha_tai_tro: Trung ương\ntinh_trang: dang-trien-khai\n",
            "",
        );
        fixture.page("content/du-an/thieu.md", "title: Thiếu\nten_du_an: Đường\nnam: 2022\n", "");
        let list = fixture.score("7.a");
        assert_eq!(list.status, Status::Met);
        assert_eq!(list.evidence.len(), 2);

        let fields = fixture.score("7.b");
        assert_eq!(fields.status, Status::Partial);
        assert_eq!(fields.points, 2.5);
        assert_eq!(fields.evidence, vec!["/du-an/nuoc-sach/"]);
        assert_eq!(fields.findings.len(), 8);
        assert_eq!(
            fields.findings[0],
            Finding::new("content/du-an/thieu.md", 1, "Thiếu mục tiêu chính (`muc_tieu`): thêm vào phần đầu bài.")
        );
    }

    #[test]
    fn no_project_of_year_is_not_met() {
        let mut fixture = Fixture::new();
        fixture.page("content/du-an/cu.md", "title: Cũ\nnam: 2019\n", "");
        let result = fixture.score("7.a");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(result.findings[0].file, "content/du-an/");
    }
}
