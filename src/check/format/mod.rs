//! Report writers: a terminal table ([`text`]), the JSON contract ([`json`]), a
//! self-contained HTML page ([`html`]) and a spreadsheet in the self-assessment layout
//! ([`xlsx`]). Each writer reads a finished [`Report`]; none scores anything.

pub mod html;
pub mod json;
pub mod text;
pub mod xlsx;

use crate::check::report::{CriterionResult, Report};

/// Lead units in the order the table first names them.
pub fn lead_units(report: &Report) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for result in &report.results {
        let unit = result.criterion.lead_unit();
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
    units
}

/// Points earned in one group.
pub fn group_points(report: &Report, group: &str) -> f64 {
    crate::check::points::round_points(report.group_results(group).map(|result| result.points).sum())
}

/// A link for an evidence item: site paths become absolute addresses on the site, web
/// addresses stay as they are, files of the site folder get none.
pub fn evidence_href(report: &Report, item: &str) -> Option<String> {
    if item.starts_with('/') {
        Some(format!("{}{item}", report.base_url))
    } else if item.starts_with("http://") || item.starts_with("https://") {
        Some(item.to_owned())
    } else {
        None
    }
}

/// `file:line` as findings are cited in text, or the file alone for line 0.
pub fn finding_location(finding: &crate::check::Finding) -> String {
    if finding.line > 0 { format!("{}:{}", finding.file, finding.line) } else { finding.file.clone() }
}

/// The "Ghi chú" text of a result: status, then the rule's note.
pub fn remark(result: &CriterionResult) -> String {
    match &result.note {
        Some(note) => format!("{}. {note}", result.status.label()),
        None => result.status.label().to_owned(),
    }
}
