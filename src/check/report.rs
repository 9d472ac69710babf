//! The scoring engine: runs every criterion's rule and turns outcomes into a report.
//!
//! The engine, not the rules, decides the status, so one policy applies everywhere. Points
//! are capped at the criterion's maximum. Points without evidence are dropped, because nothing
//! is met without a page or file to show. An attested criterion without evidence needs
//! attestation.

use rayon::prelude::*;

use crate::check::context::{Context, ReviewPeriod};
use crate::check::criteria::{CriteriaSet, Criterion, Method};
use crate::check::outcome::{Finding, Outcome, Status};
use crate::check::points::round_points;
use crate::check::rules;

/// The score of one criterion.
#[derive(Debug, Clone)]
pub struct CriterionResult {
    pub criterion: Criterion,
    pub points: f64,
    pub status: Status,
    pub evidence: Vec<String>,
    pub findings: Vec<Finding>,
    /// Count and threshold, or what was looked at, for the "Ghi chú" column.
    pub note: Option<String>,
}

/// The whole self-check.
#[derive(Debug, Clone)]
pub struct Report {
    pub set_id: String,
    pub set_title: String,
    pub declared_total: f64,
    /// The set's own inconsistencies.
    pub warnings: Vec<String>,
    pub period: ReviewPeriod,
    /// Sum of the points earned.
    pub score: f64,
    /// Sum of the criteria's maximum points.
    pub max_score: f64,
    pub results: Vec<CriterionResult>,
    /// The set's groups: id, title and declared points, in table order.
    pub groups: Vec<(String, String, f64)>,
    /// `base_url` of the site, to turn evidence paths into links.
    pub base_url: String,
    /// Name of the agency, for report titles.
    pub agency: String,
}

impl Report {
    /// Results of one group, in table order.
    pub fn group_results<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a CriterionResult> {
        self.results.iter().filter(move |result| result.criterion.group == group)
    }

    /// Number of findings over all criteria.
    pub fn finding_count(&self) -> usize {
        self.results.iter().map(|result| result.findings.len()).sum()
    }
}

/// Scores every criterion of `set`.
pub fn evaluate(set: &CriteriaSet, cx: &Context) -> Report {
    let criteria: Vec<&Criterion> = set.criteria().collect();
    let results: Vec<CriterionResult> = criteria.par_iter().map(|criterion| score_criterion(cx, criterion)).collect();

    let score = round_points(results.iter().map(|result| result.points).sum());
    Report {
        set_id: set.id.clone(),
        set_title: set.title.clone(),
        declared_total: set.declared_total,
        warnings: set.warnings(),
        period: cx.period,
        score,
        max_score: round_points(set.items_total()),
        results,
        groups: set.groups.iter().map(|group| (group.id.clone(), group.title.clone(), group.declared_points)).collect(),
        base_url: cx.site.config.base().to_owned(),
        agency: cx.site.config.ten_co_quan.clone(),
    }
}

/// Runs one criterion's rule and derives its status.
pub fn score_criterion(cx: &Context, criterion: &Criterion) -> CriterionResult {
    let outcome = match rules::run(cx, criterion) {
        Ok(outcome) => outcome,
        Err(message) => {
            let mut outcome = Outcome::new();
            outcome.finding(&cx.criteria_file, 0, format!("Không chấm được tiêu chí {}: {message}.", criterion.id));
            outcome
        }
    };

    let mut points = round_points(outcome.points.clamp(0.0, criterion.max_points));
    if points > 0.0 && outcome.evidence.is_empty() {
        tracing::warn!(criterion = %criterion.id, "rule gave points without evidence; points dropped");
        points = 0.0;
    }

    let status = if criterion.method == Method::Attested && outcome.evidence.is_empty() {
        Status::NeedsAttestation
    } else if points >= criterion.max_points {
        Status::Met
    } else if points > 0.0 {
        Status::Partial
    } else {
        Status::NotMet
    };

    CriterionResult {
        criterion: criterion.clone(),
        points,
        status,
        evidence: outcome.evidence,
        findings: outcome.findings,
        note: outcome.note,
    }
}
