//! Operation of the site: attested budget and operation contract (11.c, 11.d), the domain
//! name (11.e) and timeliness of posting (11.f).

use chrono::NaiveDate;

use crate::check::context::Context;
use crate::check::criteria::Criterion;
use crate::check::outcome::Outcome;
use crate::check::points::round_points;
use crate::check::rules::functions::host_of;
use crate::check::rules::{RuleResult, filled, threshold};
use crate::content::Kind;

const EVIDENCE_FILE: &str = "data/minh-chung.yaml";

/// 11.c, 11.d: met only when `data/minh-chung.yaml` names a document number or a file for
/// the criterion, and a named file exists.
pub fn attested_evidence(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let id = &criterion.id;
    let Some(evidence) = cx.site.data.evidence.get(id) else {
        outcome.finding(
            EVIDENCE_FILE,
            0,
            format!(
                "Tiêu chí tự khai, chưa có minh chứng: thêm mục `{id}` vào data/minh-chung.yaml với số văn bản (`van_ban`) \
                 hoặc tệp (`tep`) chứng minh «{}».",
                criterion.title_line()
            ),
        );
        return Ok(outcome.note("Cần minh chứng"));
    };

    let line = cx.line_of_key(EVIDENCE_FILE, id);
    if !filled(&evidence.van_ban) && !filled(&evidence.tep) {
        outcome.finding(
            EVIDENCE_FILE,
            line,
            format!("Mục `{id}` chưa ghi số văn bản (`van_ban`) hay tệp (`tep`) nào: ghi ít nhất một trong hai."),
        );
        return Ok(outcome.note("Cần minh chứng"));
    }
    if let Some(file) = evidence.tep.as_deref().map(str::trim).filter(|file| !file.is_empty()) {
        if !cx.site.root.join(file).is_file() {
            outcome.finding(
                EVIDENCE_FILE,
                line,
                format!("Tệp minh chứng `{file}` không có: đặt tệp vào thư mục trang hoặc sửa đường dẫn (tính từ thư mục trang)."),
            );
            return Ok(outcome.note("Cần minh chứng"));
        }
        outcome.evidence(file);
    }
    outcome.evidence(EVIDENCE_FILE);

    let mut note = String::from("Minh chứng: ");
    let parts: Vec<String> = [
        evidence.van_ban.as_deref().map(|number| format!("văn bản {number}")),
        evidence.mo_ta.clone(),
        evidence.ngay.as_deref().map(|day| format!("ngày {day}")),
    ]
    .into_iter()
    .flatten()
    .filter(|part| !part.trim().is_empty())
    .collect();
    note.push_str(&if parts.is_empty() { "tệp đính kèm".to_owned() } else { parts.join(", ") });
    Ok(outcome.points(criterion.max_points).note(note))
}

/// 11.e: the host of `base_url` is one label followed by `domain_suffix`.
pub fn domain_name(cx: &Context, criterion: &Criterion) -> RuleResult {
    let suffix = cx.params.text("domain_suffix")?.trim_start_matches('.').to_ascii_lowercase();
    let mut outcome = Outcome::new();
    let base_url = &cx.site.config.base_url;
    let line = cx.line_of_key("site.yaml", "base_url");

    let host = host_of(base_url);
    let label = host.as_deref().and_then(|host| host.strip_suffix(&format!(".{suffix}")));
    match label {
        Some(label) if is_dns_label(label) => {
            outcome.evidence(cx.site.config.base().to_owned());
            Ok(outcome.points(criterion.max_points).note(format!("Tên miền {}", host.unwrap_or_default())))
        }
        _ => {
            outcome.finding(
                "site.yaml",
                line,
                format!(
                    "Địa chỉ trang {base_url} không đúng dạng <tên cơ quan>.{suffix}: dùng tên miền như bdt.{suffix} trong `base_url`."
                ),
            );
            Ok(outcome.note(format!("Tên miền không có dạng <tên cơ quan>.{suffix}")))
        }
    }
}

/// A single DNS label: letters, digits and inner hyphens.
fn is_dns_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// 11.f: two halves. The first is the share of documents posted within the threshold of
/// days after issue, among documents both issued and posted in the review period. The second
/// is full when the longest run without news is at most `max_news_gap_days`, and in
/// proportion above it. Runs are counted between posts of the period and from the last post
/// to the review date.
pub fn timeliness(cx: &Context, criterion: &Criterion) -> RuleResult {
    let max_delay = threshold(criterion)?;
    let max_gap = cx.params.integer("max_news_gap_days")?;
    let mut outcome = Outcome::new();

    let (documents_share, documents_note) = document_delays(cx, &mut outcome, max_delay);
    let (news_share, news_note) = news_gaps(cx, &mut outcome, max_gap);

    let points = round_points(criterion.max_points * (documents_share + news_share) / 2.0);
    Ok(outcome.points(points).note(format!("{documents_note}; {news_note}")))
}

fn document_delays(cx: &Context, outcome: &mut Outcome, max_delay: f64) -> (f64, String) {
    let mut considered = 0usize;
    let mut on_time = 0usize;

    for page in cx.site.pages_of(Kind::Document) {
        let posted = page.meta.ngay_dang.as_ref().or(page.meta.date.as_ref());
        let Some(posted) = posted.map(|date| date.day()) else {
            if cx.period.contains_date(page.meta.ngay_ban_hanh.as_ref()) {
                outcome.finding(
                    &page.source,
                    page.line_of("ngay_ban_hanh"),
                    "Thiếu ngày đăng nên không tính được thời gian cung cấp thông tin: thêm `ngay_dang`.",
                );
            }
            continue;
        };
        let Some(issued) = page.meta.ngay_ban_hanh.as_ref().map(|date| date.day()) else { continue };
        // A document issued before the period and posted in it is an archive upload, not a
        // late post.
        if !cx.period.contains(posted) || !cx.period.contains(issued) {
            continue;
        }
        considered += 1;

        let days = (posted - issued).num_days();
        let line = page.line_of(if page.meta.ngay_dang.is_some() { "ngay_dang" } else { "date" });
        if days < 0 {
            outcome.finding(
                &page.source,
                line,
                format!(
                    "Ngày đăng {} trước ngày ban hành {}: kiểm tra lại hai ngày này.",
                    format_day(posted),
                    format_day(issued)
                ),
            );
        } else if days as f64 > max_delay {
            outcome.finding(
                &page.source,
                line,
                format!(
                    "Văn bản ban hành ngày {}, đăng ngày {}: chậm {days} ngày, quá {} ngày cho phép. Đăng văn bản sớm hơn; nếu ngày đăng ghi sai, sửa `ngay_dang`.",
                    format_day(issued),
                    format_day(posted),
                    max_delay
                ),
            );
        } else {
            on_time += 1;
            if cx.is_built(page) {
                outcome.evidence(page.url.clone());
            }
        }
    }

    if considered == 0 {
        outcome.finding(
            "content/van-ban/",
            0,
            format!(
                "Không có văn bản nào đăng trong {} có đủ ngày ban hành và ngày đăng để tính thời gian cung cấp thông tin.",
                cx.period.describe()
            ),
        );
        return (0.0, "Không có văn bản để tính thời gian đăng".to_owned());
    }
    (
        on_time as f64 / considered as f64,
        format!("{on_time}/{considered} văn bản đăng trong {max_delay} ngày sau khi ban hành"),
    )
}

fn news_gaps(cx: &Context, outcome: &mut Outcome, max_gap: i64) -> (f64, String) {
    let mut days: Vec<NaiveDate> = cx
        .site
        .pages_of(Kind::News)
        .filter_map(|page| page.meta.date.as_ref().map(|date| date.day()))
        .filter(|day| cx.period.contains(*day))
        .collect();
    days.sort_unstable();
    days.dedup();

    if days.len() < 2 {
        outcome.finding(
            "content/tin-tuc/",
            0,
            format!(
                "{} có {} ngày đăng tin: đăng tin đều đặn để bảo đảm thông tin kịp thời.",
                capital(&cx.period.describe()),
                days.len()
            ),
        );
        return (0.0, "Không đủ tin để tính khoảng cách đăng tin".to_owned());
    }

    let mut stretches: Vec<(NaiveDate, NaiveDate)> = days.windows(2).map(|pair| (pair[0], pair[1])).collect();
    if let Some(last) = days.last()
        && *last < cx.period.date
    {
        stretches.push((*last, cx.period.date));
    }
    let (from, to) =
        stretches.iter().copied().max_by_key(|(from, to)| (*to - *from).num_days()).unwrap_or((days[0], days[0]));
    let longest = (to - from).num_days();

    outcome.evidence("/tin-tuc/");
    if longest <= max_gap {
        return (1.0, format!("khoảng cách dài nhất giữa hai lần đăng tin {longest} ngày"));
    }
    outcome.finding(
        "content/tin-tuc/",
        0,
        format!(
            "Từ {} đến {} không có tin nào ({longest} ngày, quá {max_gap} ngày cho phép): đăng tin đều đặn hơn.",
            format_day(from),
            format_day(to)
        ),
    );
    (max_gap as f64 / longest as f64, format!("khoảng cách dài nhất giữa hai lần đăng tin {longest} ngày"))
}

fn format_day(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

fn capital(text: &str) -> String {
    crate::check::rules::capitalize(text)
}

#[cfg(test)]
mod tests {
    use crate::check::outcome::{Finding, Status};
    use crate::check::rules::testing::Fixture;

    #[test]
    fn attested_without_evidence_needs_attestation() {
        let fixture = Fixture::new();
        let result = fixture.score("11.c");
        assert_eq!(result.status, Status::NeedsAttestation);
        assert_eq!(result.points, 0.0);
        assert_eq!(result.findings[0].file, "data/minh-chung.yaml");
        assert!(result.findings[0].message.starts_with("Tiêu chí tự khai, chưa có minh chứng: thêm mục `11.c`"));
    }

    #[test]
    fn attested_with_document_is_met() {
        let mut fixture = Fixture::new();
        fixture.write("minh-chung/hop-dong.pdf", "%PDF");
        fixture.data(
            "minh-chung.yaml",
            "11.c:\n  van_ban: 45/QĐ-BDT\n  mo_ta: Dự toán kinh phí duy trì trang năm 2022\n11.d:\n  tep: minh-chung/khong-co.pdf\n",
        );
        let budget = fixture.score("11.c");
        assert_eq!(budget.status, Status::Met);
        assert_eq!(budget.points, 0.5);
        assert_eq!(budget.evidence, vec!["data/minh-chung.yaml"]);

        let contract = fixture.score("11.d");
        assert_eq!(contract.status, Status::NeedsAttestation);
        assert_eq!(
            contract.findings,
            vec![Finding::new(
                "data/minh-chung.yaml",
                4,
                "Tệp minh chứng `minh-chung/khong-co.pdf` không có: đặt tệp vào thư mục trang hoặc sửa đường dẫn (tính từ thư mục trang)."
            )]
        );
    }

    #[test]
    fn domain_must_be_one_label_before_suffix() {
        let mut fixture = Fixture::new();
        assert_eq!(fixture.score("11.e").status, Status::Met);

        fixture.site.config.base_url = "https://bandantoc-binhphuoc.vn".to_owned();
        let result = fixture.score("11.e");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(result.findings[0].file, "site.yaml");
        assert_eq!(result.findings[0].line, 1);

        fixture.site.config.base_url = "https://a.b.binhphuoc.gov.vn".to_owned();
        assert_eq!(fixture.score("11.e").status, Status::NotMet);
    }

    #[test]
    fn timeliness_scores_delays_and_gaps() {
        let mut fixture = Fixture::new();
        let folder = "content/van-ban/chi-dao-dieu-hanh";
        fixture.page(
            &format!("{folder}/dung-han.md"),
            "title: A\nngay_ban_hanh: 2022-10-01\nngay_dang: 2022-10-03\n",
            "",
        );
        fixture.page(&format!("{folder}/cham.md"), "title: B\nngay_ban_hanh: 2022-09-01\nngay_dang: 2022-09-20\n", "");
        fixture.page(
            &format!("{folder}/luu-tru.md"),
            "title: C\nngay_ban_hanh: 2011-06-13\nngay_dang: 2022-04-05\n",
            "",
        );
        for day in ["2022-10-01", "2022-10-10", "2022-10-20", "2022-10-30"] {
            fixture.page(&format!("content/tin-tuc/{day}.md"), &format!("title: Tin\ndate: {day}\n"), "");
        }
        let result = fixture.score("11.f");
        // Documents 1/2, news gaps at most 10 days: 2 × (0.5 + 1) / 2.
        assert_eq!(result.points, 1.5);
        assert_eq!(result.status, Status::Partial);
        assert_eq!(
            result.findings,
            vec![Finding::new(
                "content/van-ban/chi-dao-dieu-hanh/cham.md",
                4,
                "Văn bản ban hành ngày 01/09/2022, đăng ngày 20/09/2022: chậm 19 ngày, quá 5 ngày cho phép. Đăng văn bản sớm hơn; nếu ngày đăng ghi sai, sửa `ngay_dang`."
            )]
        );
    }

    #[test]
    fn long_news_gap_is_reported() {
        let mut fixture = Fixture::new();
        for day in ["2022-03-01", "2022-04-30"] {
            fixture.page(&format!("content/tin-tuc/{day}.md"), &format!("title: Tin\ndate: {day}\n"), "");
        }
        let result = fixture.score("11.f");
        let gap = result.findings.iter().find(|finding| finding.message.starts_with("Từ ")).unwrap();
        assert_eq!(
            gap.message,
            "Từ 30/04/2022 đến 31/10/2022 không có tin nào (184 ngày, quá 15 ngày cho phép): đăng tin đều đặn hơn."
        );
    }
}
