//! Strategies and plans: a 5- or 10-year strategy, orientation or master plan (4.a), the
//! plan of the review year (4.b) and a 5- or 10-year plan (4.c), all covering the review
//! year. Each is met by one such page; the period comes from `tu_nam` and `den_nam`, or from
//! one of them and `ky_han`.

use crate::check::context::Context;
use crate::check::criteria::Criterion;
use crate::check::outcome::Outcome;
use crate::check::rules::{RuleResult, counts};
use crate::content::meta::{PlanCategory, PlanTerm};
use crate::content::{Kind, Page};

const PLAN_SECTION: &str = "chien-luoc-ke-hoach";

pub fn long_term_strategies(cx: &Context, criterion: &Criterion) -> RuleResult {
    let wanted = Wanted {
        categories: &[PlanCategory::ChienLuoc, PlanCategory::DinhHuong, PlanCategory::QuyHoach],
        plan_without_category: false,
        terms: &[PlanTerm::FiveYears, PlanTerm::TenYears],
        description: "chiến lược, định hướng hoặc quy hoạch 5, 10 năm",
        how: "thêm trang ghi `phan_loai: chien-luoc` (hoặc `dinh-huong`, `quy-hoach`), `ky_han: 5-nam` hoặc `10-nam`, `tu_nam` và `den_nam`",
    };
    find_plans(cx, criterion, &wanted)
}

pub fn annual_plan(cx: &Context, criterion: &Criterion) -> RuleResult {
    let wanted = Wanted {
        categories: &[PlanCategory::KeHoach],
        plan_without_category: true,
        terms: &[PlanTerm::Year],
        description: "kế hoạch phát triển của năm",
        how: "thêm trang ghi `phan_loai: ke-hoach`, `ky_han: nam` và `tu_nam` là năm đánh giá",
    };
    find_plans(cx, criterion, &wanted)
}

pub fn long_term_plans(cx: &Context, criterion: &Criterion) -> RuleResult {
    let wanted = Wanted {
        categories: &[PlanCategory::KeHoach],
        plan_without_category: true,
        terms: &[PlanTerm::FiveYears, PlanTerm::TenYears],
        description: "kế hoạch phát triển 5, 10 năm",
        how: "thêm trang ghi `phan_loai: ke-hoach`, `ky_han: 5-nam` hoặc `10-nam`, `tu_nam` và `den_nam`",
    };
    find_plans(cx, criterion, &wanted)
}

/// Kinds of plan a criterion accepts.
struct Wanted {
    categories: &'static [PlanCategory],
    /// A plan without `phan_loai` is an ordinary plan and counts.
    plan_without_category: bool,
    terms: &'static [PlanTerm],
    description: &'static str,
    how: &'static str,
}

fn find_plans(cx: &Context, criterion: &Criterion, wanted: &Wanted) -> RuleResult {
    let year = cx.period.year;
    let mut outcome = Outcome::new();

    for page in cx.site.pages_of(Kind::Plan) {
        let category_matches = match page.meta.phan_loai {
            Some(category) => wanted.categories.contains(&category),
            None => wanted.plan_without_category,
        };
        let Some(term) = page.meta.ky_han else {
            if category_matches {
                outcome.finding(
                    &page.source,
                    1,
                    "Thiếu `ky_han` nên không biết là kế hoạch năm hay 5, 10 năm: thêm `ky_han: nam`, `5-nam` hoặc `10-nam`.",
                );
            }
            continue;
        };
        if !category_matches || !wanted.terms.contains(&term) {
            continue;
        }
        match covered_years(page, term) {
            Some((from, to)) if from <= year && year <= to => {
                if counts(cx, page, &mut outcome) {
                    outcome.evidence(page.url.clone());
                    report_blank_identity(page, &mut outcome);
                }
            }
            Some(_) => {}
            None => outcome.finding(
                &page.source,
                page.line_of("ky_han"),
                format!(
                    "Không xác định được {} có áp dụng cho năm {year} không: thêm `tu_nam` và `den_nam`.",
                    wanted.description
                ),
            ),
        }
    }

    if outcome.evidence.is_empty() {
        outcome.finding(
            cx.content_folder(PLAN_SECTION),
            0,
            format!("Chưa có {} áp dụng cho năm {year}: {}.", wanted.description, wanted.how),
        );
        return Ok(outcome.note(format!("Không có {} cho năm {year}", wanted.description)));
    }
    let count = outcome.evidence.len();
    Ok(outcome.points(criterion.max_points).note(format!("{count} trang {} cho năm {year}", wanted.description)))
}

/// A published plan still needs its number and date of issue, which reviewers look for;
/// each blank one is a finding, without taking away the points for publishing the plan.
fn report_blank_identity(page: &Page, outcome: &mut Outcome) {
    let fields = [
        ("so_ky_hieu", "số ký hiệu", page.meta.so_ky_hieu.as_deref().is_none_or(|value| value.trim().is_empty())),
        ("ngay_ban_hanh", "ngày ban hành", page.meta.ngay_ban_hanh.is_none()),
    ];
    for (key, label, blank) in fields {
        if blank {
            outcome.finding(
                &page.source,
                page.line_of(key),
                format!("Kế hoạch chưa có {label} (`{key}`): ghi theo văn bản gốc đã ký, ban hành."),
            );
        }
    }
}

/// First and last year a plan covers: `tu_nam` and `den_nam`, one of them and the term, or
/// for a one-year plan the year it was issued.
fn covered_years(page: &Page, term: PlanTerm) -> Option<(i32, i32)> {
    let length = match term {
        PlanTerm::Year => 1,
        PlanTerm::FiveYears => 5,
        PlanTerm::TenYears => 10,
    };
    match (page.meta.tu_nam, page.meta.den_nam) {
        (Some(from), Some(to)) => Some((from, to)),
        (Some(from), None) => Some((from, from + length - 1)),
        (None, Some(to)) => Some((to - length + 1, to)),
        (None, None) if term == PlanTerm::Year => {
            let issued = page.meta.ngay_ban_hanh.as_ref().or(page.meta.date.as_ref())?;
            Some((issued.year(), issued.year()))
        }
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::check::outcome::Status;
    use crate::check::rules::testing::Fixture;

    #[test]
    fn strategy_covering_the_year_is_met() {
        let mut fixture = Fixture::new();
        fixture.page(
            "content/chien-luoc-ke-hoach/chien-luoc.md",
            "title: Chiến lược công tác dân tộc\nphan_loai: chien-luoc\nky_han: 10-nam\ntu_nam: 2021\nden_nam: 2030\n",
            "",
        );
        let result = fixture.score("4.a");
        assert_eq!(result.status, Status::Met);
        assert_eq!(result.points, 4.0);
        assert_eq!(result.evidence, vec!["/chien-luoc-ke-hoach/chien-luoc/"]);
    }

    #[test]
    fn plan_without_number_is_reported() {
        let mut fixture = Fixture::new();
        fixture.page(
            "content/chien-luoc-ke-hoach/kh.md",
            "title: Kế hoạch năm\nphan_loai: ke-hoach\nky_han: nam\ntu_nam: 2022\nden_nam: 2022\n",
            "",
        );
        let result = fixture.score("4.b");
        assert_eq!(result.status, Status::Met);
        let messages: Vec<&str> = result.findings.iter().map(|finding| finding.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Kế hoạch chưa có số ký hiệu (`so_ky_hieu`): ghi theo văn bản gốc đã ký, ban hành.",
                "Kế hoạch chưa có ngày ban hành (`ngay_ban_hanh`): ghi theo văn bản gốc đã ký, ban hành."
            ]
        );
        assert_eq!(result.findings[0].file, "content/chien-luoc-ke-hoach/kh.md");
    }

    #[test]
    fn old_plan_does_not_count() {
        let mut fixture = Fixture::new();
        fixture.page(
            "content/chien-luoc-ke-hoach/ke-hoach-2016.md",
            "title: Kế hoạch 2016-2020\nphan_loai: ke-hoach\nky_han: 5-nam\ntu_nam: 2016\n",
            "",
        );
        let result = fixture.score("4.c");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(result.findings.len(), 1);
        assert_eq!(result.findings[0].file, "content/chien-luoc-ke-hoach/");
        assert_eq!(result.findings[0].line, 0);
        assert_eq!(
            result.findings[0].message,
            "Chưa có kế hoạch phát triển 5, 10 năm áp dụng cho năm 2022: thêm trang ghi `phan_loai: ke-hoach`, \
             `ky_han: 5-nam` hoặc `10-nam`, `tu_nam` và `den_nam`."
        );
    }

    #[test]
    fn annual_plan_uses_issue_year() {
        let mut fixture = Fixture::new();
        fixture.page(
            "content/chien-luoc-ke-hoach/ke-hoach-2022.md",
            "title: Kế hoạch năm 2022\nky_han: nam\nngay_ban_hanh: 2022-01-10\n",
            "",
        );
        let result = fixture.score("4.b");
        assert_eq!(result.status, Status::Met);
        assert_eq!(result.points, 3.0);
    }

    #[test]
    fn long_plan_without_years_is_reported() {
        let mut fixture = Fixture::new();
        fixture.page("content/chien-luoc-ke-hoach/kh.md", "title: Kế hoạch 5 năm\nky_han: 5-nam\n", "");
        let result = fixture.score("4.c");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(result.findings[0].file, "content/chien-luoc-ke-hoach/kh.md");
        assert_eq!(result.findings[0].line, 3);
        assert!(result.findings[0].message.ends_with("thêm `tu_nam` và `den_nam`."));
    }
}
