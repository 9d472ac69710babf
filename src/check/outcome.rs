//! The result of a rule for one criterion: points, evidence, findings.
//!
//! Findings are data, never log lines. Each names the file to change (relative to the site
//! root, `/` separators) and the line, 0 when the finding concerns a whole file or folder.
//! Its Vietnamese message says what is missing and what to do.

use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::check::points::round_points;

/// One thing to fix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl Finding {
    pub fn new(file: impl Into<String>, line: usize, message: impl Into<String>) -> Finding {
        Finding { file: file.into(), line, message: message.into() }
    }
}

/// How far a criterion is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Full points.
    Met,
    /// Some points, fewer than the maximum.
    Partial,
    /// No points.
    NotMet,
    /// An attested criterion without evidence in `data/minh-chung.yaml`.
    NeedsAttestation,
}

impl Status {
    /// The name the JSON report uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::NotMet => "not_met",
            Status::NeedsAttestation => "needs_attestation",
        }
    }

    /// Vietnamese label for tables.
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "Đạt",
            Status::Partial => "Đạt một phần",
            Status::NotMet => "Chưa đạt",
            Status::NeedsAttestation => "Cần minh chứng",
        }
    }
}

/// The result of one rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Points earned, before the engine caps them at the criterion's maximum.
    pub points: f64,
    /// Site paths (`/tin-tuc/x/`) or files (`data/lanh-dao.yaml`) that prove what was earned,
    /// each once; add them with [`Outcome::evidence`].
    pub evidence: Vec<String>,
    /// The items of `evidence`, so that adding one of 10,000 pages does not compare it with
    /// all the others.
    evidence_seen: FxHashSet<String>,
    pub findings: Vec<Finding>,
    /// One Vietnamese line for the report's "Ghi chú" column: the count and the threshold, or
    /// what was looked at.
    pub note: Option<String>,
}

impl Outcome {
    pub fn new() -> Outcome {
        Outcome::default()
    }

    pub fn points(mut self, points: f64) -> Outcome {
        self.points = round_points(points);
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Outcome {
        self.note = Some(note.into());
        self
    }

    pub fn evidence(&mut self, item: impl Into<String>) {
        let item = item.into();
        if self.evidence_seen.insert(item.clone()) {
            self.evidence.push(item);
        }
    }

    pub fn finding(&mut self, file: impl Into<String>, line: usize, message: impl Into<String>) {
        self.findings.push(Finding::new(file, line, message));
    }

    pub fn extend_findings(&mut self, findings: impl IntoIterator<Item = Finding>) {
        self.findings.extend(findings);
    }
}
