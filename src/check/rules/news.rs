//! News counts: self-written news and articles (1.a, 1.b), reward and sanction news or
//! decisions (2.c), legal dissemination (3.a) and original documents attached to news (3.b).
//!
//! A news item counts in the review period by its `date`. Collected items (`nguon: suu-tam`)
//! never count as self-written; items without `nguon` or `loai` are reported, not guessed.

use crate::check::context::Context;
use crate::check::criteria::Criterion;
use crate::check::outcome::Outcome;
use crate::check::rules::{RuleResult, counts, posted_date, score_count};
use crate::content::Kind;
use crate::content::meta::{NewsOrigin, NewsType};

const NEWS_FOLDER: &str = "content/tin-tuc/";

pub fn self_written_news(cx: &Context, criterion: &Criterion) -> RuleResult {
    self_written(cx, criterion, NewsType::Tin)
}

pub fn self_written_articles(cx: &Context, criterion: &Criterion) -> RuleResult {
    self_written(cx, criterion, NewsType::BaiViet)
}

/// Counts self-written items of one type. Items without `loai` are reported by the news
/// count (1.a) only, so that one missing key gives one finding.
fn self_written(cx: &Context, criterion: &Criterion, wanted: NewsType) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut counted = Vec::new();

    for page in cx.site.pages_of(Kind::News) {
        if !cx.period.contains_date(page.meta.date.as_ref()) {
            continue;
        }
        match (page.meta.loai, page.meta.nguon) {
            (Some(kind), Some(NewsOrigin::TuBienTap)) if kind == wanted => {
                let usable = counts(cx, page, &mut outcome);
                if usable {
                    counted.push(page.url.clone());
                }
            }
            (Some(kind), None) if kind == wanted => outcome.finding(
                &page.source,
                page.line_of("loai"),
                "Chưa ghi `nguon` nên không được tính là tự biên tập: thêm `nguon: tu-bien-tap` nếu cơ quan tự viết, \
                 hoặc `nguon: suu-tam` kèm `nguon_goc` nếu sưu tầm.",
            ),
            (None, _) if wanted == NewsType::Tin => outcome.finding(
                &page.source,
                1,
                "Chưa ghi `loai` nên không được tính: thêm `loai: tin` cho tin ngắn hoặc `loai: bai-viet` cho bài viết.",
            ),
            _ => {}
        }
    }

    let (unit, how) = match wanted {
        NewsType::Tin => ("tin tự biên tập", "ghi `loai: tin` và `nguon: tu-bien-tap`; tin sưu tầm không được tính"),
        NewsType::BaiViet => {
            ("bài viết tự biên tập", "ghi `loai: bai-viet` và `nguon: tu-bien-tap`; bài sưu tầm không được tính")
        }
    };
    score_count(cx, criterion, outcome, counted, unit, NEWS_FOLDER, how)
}

/// 2.c: news of the reward and sanction category, and decisions whose summary mentions
/// rewards or sanctions, in the review period.
pub fn rewards_and_sanctions(cx: &Context, criterion: &Criterion) -> RuleResult {
    let category = cx.params.text("reward_sanction_category")?;
    let keywords: Vec<String> =
        cx.params.list("reward_sanction_keywords")?.iter().map(|keyword| keyword.to_lowercase()).collect();
    let mut outcome = Outcome::new();
    let mut counted = Vec::new();

    for page in cx.site.pages_of(Kind::News) {
        if page.meta.chuyen_muc.as_deref() == Some(category)
            && cx.period.contains_date(page.meta.date.as_ref())
            && counts(cx, page, &mut outcome)
        {
            counted.push(page.url.clone());
        }
    }

    for page in cx.site.pages_of(Kind::Document) {
        if !cx.period.contains_date(posted_date(page)) || !is_decision(page) {
            continue;
        }
        let summary =
            format!("{} {}", page.meta.trich_yeu.as_deref().unwrap_or(""), page.meta.title.as_deref().unwrap_or(""))
                .to_lowercase();
        if keywords.iter().any(|keyword| summary.contains(keyword.as_str())) && counts(cx, page, &mut outcome) {
            counted.push(page.url.clone());
        }
    }

    let how =
        format!("đăng tin với `chuyen_muc: {category}` hoặc đăng quyết định có trích yếu nêu {}", keywords.join(", "));
    score_count(cx, criterion, outcome, counted, "quyết định hoặc tin về khen thưởng, xử phạt", NEWS_FOLDER, &how)
}

/// Whether a document is a decision: its type is Quyết định, or its number contains `QĐ`.
fn is_decision(page: &crate::content::Page) -> bool {
    let by_type =
        page.meta.hinh_thuc.as_deref().is_some_and(|kind| kind.trim().to_lowercase().starts_with("quyết định"));
    let by_number = page.meta.so_ky_hieu.as_deref().is_some_and(|number| number.contains("QĐ"));
    by_type || by_number
}

/// 3.a: news and articles of the legal dissemination category in the review period.
pub fn legal_dissemination(cx: &Context, criterion: &Criterion) -> RuleResult {
    let category = cx.params.text("legal_dissemination_category")?;
    let mut outcome = Outcome::new();
    let mut counted = Vec::new();

    for page in cx.site.pages_of(Kind::News) {
        if page.meta.chuyen_muc.as_deref() == Some(category)
            && cx.period.contains_date(page.meta.date.as_ref())
            && counts(cx, page, &mut outcome)
        {
            counted.push(page.url.clone());
        }
    }

    let how = format!("ghi `chuyen_muc: {category}` cho tin, bài tuyên truyền, phổ biến pháp luật, chế độ, chính sách");
    score_count(cx, criterion, outcome, counted, "tin, bài tuyên truyền pháp luật", NEWS_FOLDER, &how)
}

/// 3.b: original documents (`van_ban_goc`) attached to news of the review period, each
/// counted once when its file was copied into the output.
pub fn original_documents(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let mut counted = Vec::new();

    for page in cx.site.pages_of(Kind::News) {
        if page.meta.van_ban_goc.is_empty() || !cx.period.contains_date(page.meta.date.as_ref()) {
            continue;
        }
        for reference in &page.meta.van_ban_goc {
            if !cx.attachment_exists(page, reference.path()) {
                outcome.finding(
                    &page.source,
                    page.line_of("van_ban_goc"),
                    format!(
                        "Văn bản gốc `{}` không có: đặt tệp cạnh bài hoặc sửa đường dẫn trong `van_ban_goc`.",
                        reference.path()
                    ),
                );
            }
        }
        for attachment in page.attachments.iter().filter(|attachment| attachment.field == "van_ban_goc") {
            if cx.built.has_url(&attachment.url) {
                counted.push(attachment.url.clone());
            } else {
                outcome.finding(
                    &page.source,
                    page.line_of("van_ban_goc"),
                    format!(
                        "Văn bản gốc `{}` chưa được chép vào thư mục kết quả ({}): chạy lại `trangtin build`.",
                        attachment.name,
                        cx.built.display_url(&attachment.url)
                    ),
                );
            }
        }
    }

    let how = "đính kèm tệp văn bản gốc vào tin, bài bằng `van_ban_goc`";
    score_count(cx, criterion, outcome, counted, "văn bản gốc kèm tin, bài", NEWS_FOLDER, how)
}

#[cfg(test)]
mod tests {
    use crate::check::outcome::{Finding, Status};
    use crate::check::rules::testing::Fixture;

    fn news(fixture: &mut Fixture, name: &str, front_matter: &str) {
        fixture.page(&format!("content/tin-tuc/{name}.md"), &format!("title: Tin {name}\n{front_matter}"), "Nội dung.");
    }

    #[test]
    fn self_written_news_counts_against_threshold() {
        let mut fixture = Fixture::new();
        for index in 0..30 {
            news(&mut fixture, &format!("t{index}"), "date: 2022-03-15\nloai: tin\nnguon: tu-bien-tap\n");
        }
        news(
            &mut fixture,
            "suu-tam",
            "date: 2022-03-15\nloai: tin\nnguon: suu-tam\nnguon_goc: https://baobinhphuoc.com.vn/a\n",
        );
        news(&mut fixture, "nam-truoc", "date: 2021-03-15\nloai: tin\nnguon: tu-bien-tap\n");
        news(&mut fixture, "sau-ngay-danh-gia", "date: 2022-11-15\nloai: tin\nnguon: tu-bien-tap\n");

        let result = fixture.score("1.a");
        assert_eq!(result.status, Status::Partial);
        assert_eq!(result.points, 3.5);
        assert_eq!(result.evidence.len(), 30);
        assert_eq!(
            result.findings,
            vec![Finding::new(
                "content/tin-tuc/",
                0,
                "Năm 2022 (đến 31/10/2022): có 30 tin tự biên tập, ngưỡng đủ điểm là 60; cần thêm 30 tin tự biên tập \
                 (ghi `loai: tin` và `nguon: tu-bien-tap`; tin sưu tầm không được tính)."
            )]
        );
        assert_eq!(
            result.note.as_deref(),
            Some("30 tin tự biên tập trong năm 2022 (đến 31/10/2022); ngưỡng đủ điểm: 60")
        );
    }

    #[test]
    fn self_written_news_reports_missing_source_with_line() {
        let mut fixture = Fixture::new();
        news(&mut fixture, "a", "date: 2022-03-15\nloai: tin\n");
        let result = fixture.score("1.a");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(result.points, 0.0);
        assert_eq!(result.findings[0].file, "content/tin-tuc/a.md");
        assert_eq!(result.findings[0].line, 4);
        assert!(result.findings[0].message.starts_with("Chưa ghi `nguon` nên không được tính là tự biên tập"));
    }

    #[test]
    fn unbuilt_news_is_not_counted() {
        let mut fixture = Fixture::new();
        fixture.unbuilt_page("content/tin-tuc/a.md", "title: Tin\ndate: 2022-03-15\nloai: tin\nnguon: tu-bien-tap\n");
        let result = fixture.score("1.a");
        assert!(result.evidence.is_empty());
        assert_eq!(result.findings[0].file, "content/tin-tuc/a.md");
        assert_eq!(
            result.findings[0].message,
            "Trang /tin-tuc/a/ chưa có trong thư mục kết quả (public/tin-tuc/a/index.html): chạy lại `trangtin build` rồi kiểm tra lại."
        );
    }

    #[test]
    fn self_written_articles_meet_threshold() {
        let mut fixture = Fixture::new();
        for index in 0..12 {
            news(&mut fixture, &format!("b{index}"), "date: 2022-05-01\nloai: bai-viet\nnguon: tu-bien-tap\n");
        }
        let result = fixture.score("1.b");
        assert_eq!(result.status, Status::Met);
        assert_eq!(result.points, 3.0);
        assert!(result.findings.is_empty());
    }

    #[test]
    fn rewards_count_news_and_decisions() {
        let mut fixture = Fixture::new();
        news(&mut fixture, "kt", "date: 2022-05-01\nloai: tin\nchuyen_muc: khen-thuong-xu-phat\n");
        fixture.page(
            "content/van-ban/chi-dao-dieu-hanh/qd-12.md",
            "so_ky_hieu: 12/QĐ-BDT\nhinh_thuc: Quyết định\nngay_ban_hanh: 2022-04-01\ntrich_yeu: Về việc Khen thưởng tập thể có thành tích\n",
            "",
        );
        fixture.page(
            "content/van-ban/chi-dao-dieu-hanh/kh-3.md",
            "so_ky_hieu: 3/KH-BDT\nhinh_thuc: Kế hoạch\nngay_ban_hanh: 2022-04-01\ntrich_yeu: Kế hoạch khen thưởng\n",
            "",
        );
        let result = fixture.score("2.c");
        assert_eq!(result.status, Status::Met);
        assert_eq!(result.evidence, vec!["/tin-tuc/kt/", "/van-ban/chi-dao-dieu-hanh/qd-12/"]);
    }

    #[test]
    fn legal_dissemination_counts_category() {
        let mut fixture = Fixture::new();
        for index in 0..6 {
            news(
                &mut fixture,
                &format!("pl{index}"),
                "date: 2022-05-01\nloai: bai-viet\nchuyen_muc: tuyen-truyen-phap-luat\n",
            );
        }
        news(&mut fixture, "khac", "date: 2022-05-01\nloai: tin\nchuyen_muc: hoat-dong\n");
        let result = fixture.score("3.a");
        assert_eq!(result.status, Status::Partial);
        assert_eq!(result.points, 2.5);
        assert_eq!(result.evidence.len(), 6);
    }

    #[test]
    fn original_documents_need_existing_files() {
        let mut fixture = Fixture::new();
        fixture.write("content/tin-tuc/qd.pdf", "%PDF");
        news(&mut fixture, "a", "date: 2022-05-01\nloai: tin\nvan_ban_goc:\n  - qd.pdf\n  - mat.pdf\n");
        fixture.built("tin-tuc/qd.pdf", "%PDF");

        let result = fixture.score("3.b");
        assert_eq!(result.evidence, vec!["/tin-tuc/qd.pdf"]);
        assert_eq!(result.status, Status::Partial);
        let missing: Vec<&Finding> =
            result.findings.iter().filter(|finding| finding.file == "content/tin-tuc/a.md").collect();
        assert_eq!(missing.len(), 2);
        assert_eq!(missing[0].line, 5);
        assert_eq!(
            missing[0].message,
            "Văn bản gốc `mat.pdf` không có: đặt tệp cạnh bài hoặc sửa đường dẫn trong `van_ban_goc`."
        );
        assert!(missing[1].message.starts_with("Văn bản gốc `mat.pdf` chưa được chép vào thư mục kết quả"));
    }
}
