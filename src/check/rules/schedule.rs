//! The leaders' work schedule (2.d): a weekly schedule must cover the week of the review
//! date. Schedules of other weeks of the review period earn half the points, because the
//! function exists but is not kept current.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::check::context::Context;
use crate::check::criteria::Criterion;
use crate::check::outcome::Outcome;
use crate::check::rules::{RuleResult, counts};
use crate::content::{Kind, Page};

const SCHEDULE_SECTION: &str = "lich-cong-tac";

pub fn leader_schedule(cx: &Context, criterion: &Criterion) -> RuleResult {
    let review_week = cx.period.date.iso_week();
    let monday =
        NaiveDate::from_isoywd_opt(review_week.year(), review_week.week(), Weekday::Mon).unwrap_or(cx.period.date);
    let week_name = format!("{}-W{:02}", review_week.year(), review_week.week());
    let week_span = format!("{} – {}", monday.format("%d/%m/%Y"), (monday + Duration::days(6)).format("%d/%m/%Y"));

    let mut outcome = Outcome::new();
    let mut current = Vec::new();
    let mut earlier = Vec::new();

    for page in cx.site.pages_of(Kind::Schedule) {
        let days = schedule_days(page, &mut outcome);
        if days.is_empty() {
            outcome.finding(
                &page.source,
                page.line_of("lich"),
                "Lịch công tác không có mục nào: thêm các buổi làm việc vào `lich` (ngày, buổi, lãnh đạo, nội dung, địa điểm).",
            );
            continue;
        }
        if !counts(cx, page, &mut outcome) {
            continue;
        }
        if days.iter().any(|day| day.iso_week() == review_week) {
            current.push(page.url.clone());
        } else if days.iter().any(|day| cx.period.contains(*day)) {
            earlier.push(page.url.clone());
        }
    }

    let folder = cx.content_folder(SCHEDULE_SECTION);
    if !current.is_empty() {
        for url in current {
            outcome.evidence(url);
        }
        return Ok(outcome.points(criterion.max_points).note(format!("Có lịch tuần {week_name} ({week_span})")));
    }

    outcome.finding(
        &folder,
        0,
        format!(
            "Chưa có lịch công tác tuần {week_name} ({week_span}), tuần của ngày đánh giá: thêm trang lịch với `tuan: {week_name}`."
        ),
    );
    if earlier.is_empty() {
        return Ok(outcome.note(format!("Không có lịch công tác nào trong {}", cx.period.describe())));
    }
    let count = earlier.len();
    for url in earlier {
        outcome.evidence(url);
    }
    Ok(outcome
        .points(criterion.max_points / 2.0)
        .note(format!("{count} tuần có lịch trong năm nhưng thiếu tuần {week_name}")))
}

/// Days a schedule covers: its entries' days, and the seven days of `tuan`.
fn schedule_days(page: &Page, outcome: &mut Outcome) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = page.meta.lich.iter().map(|entry| entry.ngay.day()).collect();
    if days.is_empty() {
        return days;
    }
    if let Some(week) = page.meta.tuan.as_deref() {
        match parse_iso_week(week) {
            Some(monday) => days.extend((0..7).map(|offset| monday + Duration::days(offset))),
            None => outcome.finding(
                &page.source,
                page.line_of("tuan"),
                format!("`tuan: {week}` không phải tuần ISO hợp lệ: ghi dạng `2022-W43`."),
            ),
        }
    }
    days
}

/// Monday of an ISO week written `2022-W43`.
fn parse_iso_week(text: &str) -> Option<NaiveDate> {
    let (year, week) = text.trim().split_once("-W")?;
    NaiveDate::from_isoywd_opt(year.parse().ok()?, week.parse().ok()?, Weekday::Mon)
}

#[cfg(test)]
mod tests {
    use crate::check::outcome::{Finding, Status};
    use crate::check::rules::testing::Fixture;

    fn schedule(week: &str, day: &str) -> String {
        format!(
            "title: Lịch tuần {week}\ntuan: {week}\nlich:\n  - ngay: {day}\n    buoi: sang\n    lanh_dao: Trưởng ban\n    noi_dung: Họp giao ban\n"
        )
    }

    #[test]
    fn schedule_of_review_week_is_met() {
        let mut fixture = Fixture::new();
        fixture.page("content/lich-cong-tac/2022-w44.md", &schedule("2022-W44", "2022-10-31"), "");
        let result = fixture.score("2.d");
        assert_eq!(result.status, Status::Met);
        assert_eq!(result.points, 2.0);
        assert_eq!(result.evidence, vec!["/lich-cong-tac/2022-w44/"]);
    }

    #[test]
    fn stale_schedule_earns_half() {
        let mut fixture = Fixture::new();
        fixture.page("content/lich-cong-tac/2022-w10.md", &schedule("2022-W10", "2022-03-07"), "");
        let result = fixture.score("2.d");
        assert_eq!(result.status, Status::Partial);
        assert_eq!(result.points, 1.0);
        assert_eq!(
            result.findings,
            vec![Finding::new(
                "content/lich-cong-tac/",
                0,
                "Chưa có lịch công tác tuần 2022-W44 (31/10/2022 – 06/11/2022), tuần của ngày đánh giá: thêm trang lịch với `tuan: 2022-W44`."
            )]
        );
    }

    #[test]
    fn sample_schedule_does_not_count() {
        let mut fixture = Fixture::new();
        let front_matter = schedule("2022-W44", "2022-10-31").replace("tuan:", "mau: true\ntuan:");
        fixture.page("content/lich-cong-tac/2022-w44.md", &front_matter, "");
        let result = fixture.score("2.d");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(
            result.findings[0],
            Finding::new(
                "content/lich-cong-tac/2022-w44.md",
                3,
                "Trang /lich-cong-tac/2022-w44/ còn là nội dung mẫu (`mau: true`) nên không được tính: thay bằng nội dung thật rồi bỏ `mau: true`."
            )
        );
    }

    #[test]
    fn no_schedule_is_not_met() {
        let fixture = Fixture::new();
        let result = fixture.score("2.d");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(result.points, 0.0);
    }
}
