//! Public consultations: drafts put out for comment in the review period (6.a), the four
//! functions of a consultation page (6.b) and the agency's replies to comments (6.c).
//!
//! A consultation belongs to the period when it opens (`ngay_bat_dau`, else `date`) or closes
//! (`han_gop_y`) within it.

use crate::check::context::Context;
use crate::check::criteria::Criterion;
use crate::check::outcome::Outcome;
use crate::check::points::round_points;
use crate::check::rules::{RuleResult, counts, filled, score_count};
use crate::content::{Kind, Page};

const CONSULTATION_SECTION: &str = "lay-y-kien";

pub fn consultation_list(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut counted = Vec::new();
    for page in consultations(cx) {
        if counts(cx, page, &mut outcome) {
            counted.push(page.url.clone());
        }
    }
    let folder = cx.content_folder(CONSULTATION_SECTION);
    let how = format!("đăng dự thảo văn bản QPPL, chủ trương, chính sách cần xin ý kiến vào {folder}");
    score_count(cx, criterion, outcome, counted, "dự thảo lấy ý kiến", &folder, &how)
}

/// 6.b: four functions weigh a quarter each: the content put out for comment, the deadline,
/// a way to send new comments (each as the share of the period's consultations that have
/// it), and comments shown on at least one consultation.
pub fn consultation_functions(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let pages: Vec<&Page> = consultations(cx).filter(|page| cx.is_built(page) && !page.meta.mau).collect();
    if pages.is_empty() {
        return Ok(no_consultation(cx, outcome));
    }

    let mut with_content = 0usize;
    let mut with_deadline = 0usize;
    let mut with_address = 0usize;
    let mut shows_comments = false;

    for page in &pages {
        let meta = &page.meta;
        let draft_exists = meta.van_ban_du_thao.as_ref().is_some_and(|draft| cx.attachment_exists(page, draft.path()));
        if draft_exists || !page.plain_text.trim().is_empty() {
            with_content += 1;
        } else {
            outcome.finding(
                &page.source,
                page.line_of("van_ban_du_thao"),
                "Chưa có nội dung cần xin ý kiến: đính kèm dự thảo bằng `van_ban_du_thao` hoặc viết nội dung vào bài.",
            );
        }
        if meta.han_gop_y.is_some() {
            with_deadline += 1;
        } else {
            outcome.finding(
                &page.source,
                1,
                "Thiếu thời hạn tiếp nhận ý kiến: thêm `han_gop_y`, ví dụ `han_gop_y: 30/06/2022`.",
            );
        }
        if filled(&meta.email_gop_y) || filled(&meta.noi_nhan_y_kien) {
            with_address += 1;
        } else {
            outcome.finding(
                &page.source,
                1,
                "Chưa ghi nơi nhận ý kiến đóng góp mới: thêm `email_gop_y` hoặc `noi_nhan_y_kien`.",
            );
        }
        if !meta.y_kien.is_empty() {
            shows_comments = true;
        }
        outcome.evidence(page.url.clone());
    }

    if !shows_comments {
        outcome.finding(
            cx.content_folder(CONSULTATION_SECTION),
            0,
            "Chưa dự thảo nào đăng các ý kiến đã đóng góp: thêm các ý kiến đã nhận vào `y_kien` để người đọc xem được.",
        );
    }

    let total = pages.len() as f64;
    let share = (with_content as f64 / total
        + with_deadline as f64 / total
        + with_address as f64 / total
        + if shows_comments { 1.0 } else { 0.0 })
        / 4.0;
    let note = format!(
        "{} dự thảo: nội dung {with_content}, thời hạn {with_deadline}, nơi nhận ý kiến {with_address}; {}",
        pages.len(),
        if shows_comments { "có đăng ý kiến đã góp" } else { "chưa đăng ý kiến đã góp" }
    );
    Ok(outcome.points(round_points(criterion.max_points * share)).note(note))
}

/// 6.c: every comment published on a consultation of the period has a reply.
pub fn consultation_replies(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut total = 0usize;
    let mut replied = 0usize;

    for page in consultations(cx).filter(|page| cx.is_built(page) && !page.meta.mau) {
        let mut page_replied = false;
        for comment in &page.meta.y_kien {
            total += 1;
            if comment.tra_loi.as_deref().is_some_and(|reply| !reply.trim().is_empty()) {
                replied += 1;
                page_replied = true;
            } else {
                let line = match cx.line_of_entry(&page.source, "nguoi_gop_y", &comment.nguoi_gop_y) {
                    0 => page.line_of("y_kien"),
                    line => line,
                };
                outcome.finding(
                    &page.source,
                    line,
                    format!("Ý kiến của {} chưa được trả lời: thêm `tra_loi` và `ngay_tra_loi`.", comment.nguoi_gop_y),
                );
            }
        }
        if page_replied {
            outcome.evidence(page.url.clone());
        }
    }

    if total == 0 {
        outcome.finding(
            cx.content_folder(CONSULTATION_SECTION),
            0,
            format!(
                "Chưa có ý kiến góp ý nào được đăng kèm trả lời trong {}: đăng ý kiến đã nhận (`y_kien`) cùng trả lời của cơ quan.",
                cx.period.describe()
            ),
        );
        return Ok(outcome.note("Không có ý kiến góp ý"));
    }
    let points = round_points(criterion.max_points * replied as f64 / total as f64);
    Ok(outcome.points(points).note(format!("{replied}/{total} ý kiến đã được trả lời")))
}

fn consultations<'a>(cx: &'a Context) -> impl Iterator<Item = &'a Page> + 'a {
    cx.site.pages_of(Kind::Consultation).filter(|page| {
        let opens = page.meta.ngay_bat_dau.as_ref().or(page.meta.date.as_ref());
        cx.period.contains_date(opens) || cx.period.contains_date(page.meta.han_gop_y.as_ref())
    })
}

fn no_consultation(cx: &Context, mut outcome: Outcome) -> Outcome {
    outcome.finding(
        cx.content_folder(CONSULTATION_SECTION),
        0,
        format!("Chưa có dự thảo lấy ý kiến nào trong {}: đăng dự thảo cần xin ý kiến.", cx.period.describe()),
    );
    outcome.note("Không có dự thảo lấy ý kiến")
}

#[cfg(test)]
mod tests {
    use crate::check::outcome::{Finding, Status};
    use crate::check::rules::testing::Fixture;

    const FULL: &str = "title: Dự thảo quy định\nngay_bat_dau: 2022-05-01\nhan_gop_y: 2022-05-31\nemail_gop_y: bdt@binhphuoc.gov.vn\ny_kien:\n  - nguoi_gop_y: Ông Điểu Minh\n    ngay: 2022-05-10\n    noi_dung: Đề nghị bổ sung\n    tra_loi: Ban tiếp thu\n  - nguoi_gop_y: Bà Thị Hoa\n    ngay: 2022-05-11\n    noi_dung: Đề nghị làm rõ\n";

    #[test]
    fn consultation_list_counts_period() {
        let mut fixture = Fixture::new();
        fixture.page("content/lay-y-kien/du-thao.md", FULL, "Nội dung dự thảo.");
        fixture.page("content/lay-y-kien/cu.md", "title: Cũ\nngay_bat_dau: 2020-05-01\n", "");
        let result = fixture.score("6.a");
        assert_eq!(result.status, Status::Partial);
        assert_eq!(result.points, 2.0);
        assert_eq!(result.evidence, vec!["/lay-y-kien/du-thao/"]);
    }

    #[test]
    fn functions_weigh_each_quarter() {
        let mut fixture = Fixture::new();
        fixture.page("content/lay-y-kien/du-thao.md", FULL, "Nội dung dự thảo.");
        fixture.page("content/lay-y-kien/thieu.md", "title: Thiếu\nngay_bat_dau: 2022-06-01\n", "");
        let result = fixture.score("6.b");
        // Content 1/2, deadline 1/2, address 1/2, comments shown: (0.5 + 0.5 + 0.5 + 1) / 4.
        assert_eq!(result.points, 1.25);
        assert_eq!(result.status, Status::Partial);
        assert_eq!(result.findings.len(), 3);
        assert!(result.findings.iter().all(|finding| finding.file == "content/lay-y-kien/thieu.md"));
    }

    #[test]
    fn unanswered_comment_is_reported_at_its_line() {
        let mut fixture = Fixture::new();
        fixture.page("content/lay-y-kien/du-thao.md", FULL, "Nội dung dự thảo.");
        let result = fixture.score("6.c");
        assert_eq!(result.points, 0.5);
        assert_eq!(result.status, Status::Partial);
        assert_eq!(
            result.findings,
            vec![Finding::new(
                "content/lay-y-kien/du-thao.md",
                11,
                "Ý kiến của Bà Thị Hoa chưa được trả lời: thêm `tra_loi` và `ngay_tra_loi`."
            )]
        );
    }
}
