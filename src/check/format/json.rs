//! The JSON report. Its shape is a contract for scripts: the keys below and nothing else.
//! Whole numbers of points are written as integers (`7`, not `7.0`).

use serde::{Serialize, Serializer};

use crate::check::outcome::{Finding, Status};
use crate::check::report::Report;

#[derive(Serialize)]
struct JsonReport<'a> {
    criteria_set: JsonSet<'a>,
    review_year: i32,
    score: Points,
    max_score: Points,
    criteria: Vec<JsonCriterion<'a>>,
}

#[derive(Serialize)]
struct JsonSet<'a> {
    id: &'a str,
    title: &'a str,
    declared_max: Points,
    items_max: Points,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct JsonCriterion<'a> {
    id: &'a str,
    group: &'a str,
    title: &'a str,
    max_points: Points,
    points: Points,
    status: Status,
    method: &'static str,
    lead_unit: String,
    partner_units: &'a [String],
    evidence: &'a [String],
    findings: &'a [Finding],
}

/// A number of points, written as an integer when it is whole.
struct Points(f64);

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            serializer.serialize_i64(self.0 as i64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

/// The report as pretty-printed JSON, ending with a newline.
pub fn render(report: &Report) -> String {
    let json = JsonReport {
        criteria_set: JsonSet {
            id: &report.set_id,
            title: &report.set_title,
            declared_max: Points(report.declared_total),
            items_max: Points(report.max_score),
            warnings: &report.warnings,
        },
        review_year: report.period.year,
        score: Points(report.score),
        max_score: Points(report.max_score),
        criteria: report
            .results
            .iter()
            .map(|result| JsonCriterion {
                id: &result.criterion.id,
                group: &result.criterion.group,
                title: &result.criterion.title,
                max_points: Points(result.criterion.max_points),
                points: Points(result.points),
                status: result.status,
                method: result.criterion.method.as_str(),
                lead_unit: result.criterion.lead_unit(),
                partner_units: &result.criterion.partner_units,
                evidence: &result.evidence,
                findings: &result.findings,
            })
            .collect(),
    };
    // serde_json fails only on maps with non-string keys, and these structs have no maps.
    let mut text = serde_json::to_string_pretty(&json).expect("report serialises to JSON");
    text.push('\n');
    text
}
