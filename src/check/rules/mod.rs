//! The rules that score criteria, one module per area of the table, and the registry that
//! criteria sets name them by.
//!
//! A rule reads the [`Context`] and returns an [`Outcome`]: points, evidence (site paths or
//! files) and findings. It never decides the status; the engine derives it from the points,
//! the maximum and the method. A rule returns `Err` with a Vietnamese sentence only when the
//! criteria set lacks something the rule needs, such as a parameter.

mod consultations;
mod documents;
mod functions;
mod news;
mod operations;
mod organisation;
mod plans;
mod projects;
mod schedule;
mod services;

#[cfg(test)]
pub(crate) mod testing;

use crate::check::context::Context;
use crate::check::criteria::Criterion;
use crate::check::outcome::Outcome;
use crate::check::points::{format_points, proportional};
use crate::content::{Kind, Page};

/// The result of a rule: an outcome, or a Vietnamese sentence naming what the set lacks.
pub type RuleResult = Result<Outcome, String>;

/// A rule's id, its needs, and the function that scores it.
pub struct RuleSpec {
    /// Id that criteria sets write in `rule:`.
    pub id: &'static str,
    /// Unit of the threshold in Vietnamese (`tin`), for rules scored against one.
    pub threshold: Option<&'static str>,
    /// The criterion is attested, not checked.
    pub attested: bool,
    /// Parameters the rule reads.
    pub params: &'static [&'static str],
    pub check: fn(&Context, &Criterion) -> RuleResult,
}

const fn auto(id: &'static str, check: fn(&Context, &Criterion) -> RuleResult) -> RuleSpec {
    RuleSpec { id, threshold: None, attested: false, params: &[], check }
}

const fn counted(id: &'static str, unit: &'static str, check: fn(&Context, &Criterion) -> RuleResult) -> RuleSpec {
    RuleSpec { id, threshold: Some(unit), attested: false, params: &[], check }
}

const fn with_params(spec: RuleSpec, params: &'static [&'static str]) -> RuleSpec {
    RuleSpec { params, ..spec }
}

/// Every rule, by id.
pub const RULES: &[RuleSpec] = &[
    counted("self-written-news", "tin tự biên tập", news::self_written_news),
    counted("self-written-articles", "bài viết tự biên tập", news::self_written_articles),
    counted("directive-documents", "văn bản chỉ đạo điều hành", documents::directive_documents),
    auto("directive-document-fields", documents::directive_document_fields),
    with_params(
        counted("rewards-and-sanctions", "quyết định hoặc tin về khen thưởng, xử phạt", news::rewards_and_sanctions),
        &["reward_sanction_category", "reward_sanction_keywords"],
    ),
    auto("leader-schedule", schedule::leader_schedule),
    with_params(
        counted("legal-dissemination-news", "tin, bài tuyên truyền pháp luật", news::legal_dissemination),
        &["legal_dissemination_category"],
    ),
    counted("original-documents-attached", "văn bản gốc kèm tin, bài", news::original_documents),
    auto("long-term-strategies", plans::long_term_strategies),
    auto("annual-plan", plans::annual_plan),
    auto("long-term-plans", plans::long_term_plans),
    with_params(counted("legal-documents", "văn bản QPPL", documents::legal_documents), &["legal_in_force_years"]),
    auto("legal-document-fields", documents::legal_document_fields),
    counted("consultation-list", "dự thảo lấy ý kiến", consultations::consultation_list),
    auto("consultation-functions", consultations::consultation_functions),
    auto("consultation-replies", consultations::consultation_replies),
    counted("project-list", "dự án", projects::project_list),
    auto("project-fields", projects::project_fields),
    auto("org-chart", organisation::org_chart),
    auto("functions-and-duties", organisation::functions_and_duties),
    auto("history", organisation::history),
    auto("leader-details", organisation::leader_details),
    auto("agency-contact", organisation::agency_contact),
    auto("unit-officials", organisation::unit_officials),
    auto("service-catalogue", services::service_catalogue),
    auto("services-level-1", services::level_1),
    auto("services-level-2", services::level_2),
    auto("services-level-3-share", services::level_3_share),
    auto("services-level-4", services::level_4),
    auto("dublin-core", functions::dublin_core),
    auto("feedback", functions::feedback),
    auto("search", functions::search),
    auto("questions-and-answers", functions::questions_and_answers),
    auto("accessibility-toolbar", functions::accessibility_toolbar),
    with_params(auto("links-to-agencies", functions::links_to_agencies), &["agency_link_suffix"]),
    auto("print-and-save", functions::print_and_save),
    auto("unicode-encoding", functions::unicode_encoding),
    auto("html-site-map", functions::html_site_map),
    auto("standard-links", functions::standard_links),
    auto("editorial-board", organisation::editorial_board),
    auto("technical-staff", organisation::technical_staff),
    RuleSpec {
        id: "attested-evidence",
        threshold: None,
        attested: true,
        params: &[],
        check: operations::attested_evidence,
    },
    with_params(auto("domain-name", operations::domain_name), &["domain_suffix"]),
    with_params(counted("timeliness", "ngày", operations::timeliness), &["max_news_gap_days"]),
];

/// The rule with this id.
pub fn spec(id: &str) -> Option<&'static RuleSpec> {
    RULES.iter().find(|spec| spec.id == id)
}

/// Runs the criterion's rule; an unknown rule is an error the loader already reports.
pub fn run(cx: &Context, criterion: &Criterion) -> RuleResult {
    match spec(&criterion.rule) {
        Some(spec) => (spec.check)(cx, criterion),
        None => Err(format!("không có quy tắc chấm `{}`", criterion.rule)),
    }
}

/// Kinds whose pages are articles: each carries metadata, "In" and "Lưu".
pub const ARTICLE_KINDS: &[Kind] =
    &[Kind::News, Kind::Document, Kind::Plan, Kind::Question, Kind::Consultation, Kind::Project];

/// The criterion's threshold; the loader guarantees one for count rules.
fn threshold(criterion: &Criterion) -> Result<f64, String> {
    criterion.threshold.ok_or_else(|| format!("tiêu chí `{}` thiếu ngưỡng (`threshold`)", criterion.id))
}

/// Scores a count against the criterion's threshold. `evidence` are the counted items and
/// `unit` names them (`tin tự biên tập`). When the count falls short, a finding on `folder`
/// gives the number still needed, and `how` explains how to write them.
fn score_count(
    cx: &Context,
    criterion: &Criterion,
    mut outcome: Outcome,
    evidence: Vec<String>,
    unit: &str,
    folder: &str,
    how: &str,
) -> RuleResult {
    let required = threshold(criterion)?;
    let count = evidence.len() as f64;
    let points = proportional(criterion.max_points, count, required);
    let period = cx.period.describe();

    if count < required {
        let missing = format_points((required - count).ceil());
        outcome.finding(
            folder,
            0,
            format!(
                "{}: có {} {unit}, ngưỡng đủ điểm là {}; cần thêm {missing} {unit} ({how}).",
                capitalize(&period),
                evidence.len(),
                format_points(required)
            ),
        );
    }
    for item in evidence {
        outcome.evidence(item);
    }
    Ok(outcome.points(points).note(format!(
        "{} {unit} trong {period}; ngưỡng đủ điểm: {}{}",
        count,
        format_points(required),
        if criterion.threshold_overridden { " (theo site.yaml)" } else { "" }
    )))
}

/// The date a document was posted: `ngay_dang`, else `date`, else the issue date.
fn posted_date(page: &Page) -> Option<&crate::date::VnDate> {
    page.meta.ngay_dang.as_ref().or(page.meta.date.as_ref()).or(page.meta.ngay_ban_hanh.as_ref())
}

/// Whether a page can be evidence of its content: built, and not sample text
/// (`mau: true`). Reports why not.
fn counts(cx: &Context, page: &Page, outcome: &mut Outcome) -> bool {
    if page.meta.mau {
        outcome.finding(
            &page.source,
            page.line_of("mau"),
            format!(
                "Trang {} còn là nội dung mẫu (`mau: true`) nên không được tính: thay bằng nội dung thật rồi bỏ `mau: true`.",
                page.url
            ),
        );
        return false;
    }
    require_built(cx, page, outcome)
}

/// A finding for a page the site model has but the output lacks; returns whether it is built.
fn require_built(cx: &Context, page: &Page, outcome: &mut Outcome) -> bool {
    if cx.is_built(page) {
        return true;
    }
    outcome.finding(
        &page.source,
        0,
        format!(
            "Trang {} chưa có trong thư mục kết quả ({}): chạy lại `trangtin build` rồi kiểm tra lại.",
            page.url,
            cx.built.display_url(&page.url)
        ),
    );
    false
}

/// Whether an optional text field contains something other than spaces.
fn filled(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|text| !text.trim().is_empty())
}

/// `text` with its first letter in upper case.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Collapses one problem found on many built pages into one finding, so that a theme
/// template missing an element is reported once, not on every page.
#[derive(Default)]
struct PageProblems {
    /// Message → files where it was found, in the order found.
    problems: Vec<(String, Vec<String>)>,
}

impl PageProblems {
    fn add(&mut self, file: String, message: String) {
        match self.problems.iter_mut().find(|(known, _)| *known == message) {
            Some((_, files)) => files.push(file),
            None => self.problems.push((message, vec![file])),
        }
    }

    /// Emits one finding per problem on the first file, adding to the message how many pages
    /// have it.
    fn into_findings(self, outcome: &mut Outcome) {
        for (message, files) in self.problems {
            let message = match files.len() {
                1 => message,
                count => format!("{message} Gặp ở {count} trang, đây là trang đầu tiên."),
            };
            outcome.finding(&files[0], 0, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_is_unique() {
        let mut ids: Vec<&str> = RULES.iter().map(|spec| spec.id).collect();
        ids.sort_unstable();
        let count = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }

    #[test]
    fn every_rule_param_is_known() {
        for spec in RULES {
            for name in spec.params {
                assert!(
                    crate::check::params::KNOWN_PARAMS.iter().any(|known| known.name == *name),
                    "rule {} reads unknown parameter {name}",
                    spec.id
                );
            }
        }
    }
}
