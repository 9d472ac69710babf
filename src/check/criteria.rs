//! Criteria sets: the scoring table as data.
//!
//! A set is a YAML file of groups and criteria. Sets ship inside the binary (see
//! [`EMBEDDED_SETS`]) and a site may name its own file instead. Every figure is kept as the
//! source table writes it, even where the figures disagree; [`CriteriaSet::warnings`] lists
//! the disagreements instead of correcting them.
//!
//! Loading validates the whole set and collects every problem: unknown keys, duplicate ids,
//! ids outside their group, unknown rules, missing thresholds and parameters. A site's
//! `nguong` (thresholds) and `tham_so` (rule parameters) in `site.yaml` are applied by
//! [`CriteriaSet::apply_overrides`], which rejects names the set does not know.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::check::params::Params;
use crate::check::points::format_points;
use crate::check::rules::{self, RuleSpec};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};

/// Id of the set used when neither `--criteria` nor `bo_tieu_chi` names one.
pub const DEFAULT_SET_ID: &str = "trang-ttdt-binh-phuoc-2022";

/// Criteria sets compiled into the binary: id and YAML text.
pub const EMBEDDED_SETS: &[(&str, &str)] =
    &[("trang-ttdt-binh-phuoc-2022", include_str!("../../criteria/trang-ttdt-binh-phuoc-2022.yaml"))];

/// Two figures closer than this are the same number of points.
const POINTS_EPSILON: f64 = 1e-9;

/// A validated criteria set.
#[derive(Debug, Clone)]
pub struct CriteriaSet {
    /// Short id, e.g. `trang-ttdt-binh-phuoc-2022`.
    pub id: String,
    /// Full Vietnamese title.
    pub title: String,
    /// The document the table comes from.
    pub source: Option<String>,
    /// Total points the source declares (its "Tổng" row).
    pub declared_total: f64,
    pub groups: Vec<Group>,
    /// Rule parameters, with the site's overrides once applied.
    pub params: Params,
    /// Origin of the set, for messages.
    pub origin: SetOrigin,
}

/// Origin of a criteria set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetOrigin {
    /// Compiled into the binary under this id.
    Embedded(String),
    /// A YAML file; the path as the user gave it, relative to the site root when it was.
    File(PathBuf),
}

impl SetOrigin {
    /// How findings and errors name the set's file.
    pub fn display(&self) -> String {
        match self {
            SetOrigin::Embedded(id) => format!("criteria/{id}.yaml"),
            SetOrigin::File(path) => path.to_string_lossy().replace('\\', "/"),
        }
    }
}

/// A group of criteria: a heading row of the table.
#[derive(Debug, Clone)]
pub struct Group {
    /// Number as written (`"1"` … `"11"`).
    pub id: String,
    pub title: String,
    /// Points on the group's heading row.
    pub declared_points: f64,
    /// Points the source's summary paragraph gives the group, when it gives any.
    pub summary_points: Option<f64>,
    pub criteria: Vec<Criterion>,
}

impl Group {
    /// Sum of the group's criteria points.
    pub fn items_points(&self) -> f64 {
        self.criteria.iter().map(|criterion| criterion.max_points).sum()
    }
}

/// One scored criterion.
#[derive(Debug, Clone)]
pub struct Criterion {
    /// Id as the table writes it: group number, dot, letter (`8.đ`).
    pub id: String,
    /// Id of the group it belongs to.
    pub group: String,
    /// Full text of the criterion; paragraphs separated by `\n`.
    pub title: String,
    pub max_points: f64,
    /// Units responsible, in the table's order.
    pub lead_units: Vec<String>,
    /// Units that assist.
    pub partner_units: Vec<String>,
    /// Id of the rule that scores it.
    pub rule: String,
    pub method: Method,
    /// Count (or limit) that earns full points; its unit depends on the rule.
    pub threshold: Option<f64>,
    /// The threshold comes from the site's `nguong`, not from the set.
    pub threshold_overridden: bool,
}

impl Criterion {
    /// The part of the id after the group number (`đ` for `8.đ`), as the table's STT column
    /// writes it.
    pub fn letter(&self) -> &str {
        self.id.strip_prefix(&format!("{}.", self.group)).unwrap_or(&self.id)
    }

    /// Lead units joined with ", ".
    pub fn lead_unit(&self) -> String {
        self.lead_units.join(", ")
    }

    /// The title on one line.
    pub fn title_line(&self) -> String {
        self.title.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Method of deciding a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// From the site's content, data and built output.
    Auto,
    /// Only from evidence named in `data/minh-chung.yaml`.
    Attested,
}

impl Method {
    /// The name the JSON report and the YAML use.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Attested => "attested",
        }
    }

    /// Vietnamese label for tables.
    pub fn label(self) -> &'static str {
        match self {
            Method::Auto => "tự động",
            Method::Attested => "tự khai",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetFile {
    id: String,
    title: String,
    #[serde(default)]
    source: Option<String>,
    declared_total: f64,
    #[serde(default)]
    params: BTreeMap<String, serde_yaml::Value>,
    groups: Vec<GroupFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupFile {
    id: String,
    title: String,
    declared_points: f64,
    #[serde(default)]
    summary_points: Option<f64>,
    criteria: Vec<CriterionFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionFile {
    id: String,
    title: String,
    max_points: f64,
    #[serde(default)]
    lead_units: Vec<String>,
    #[serde(default)]
    partner_units: Vec<String>,
    rule: String,
    method: Method,
    #[serde(default)]
    threshold: Option<f64>,
}

impl CriteriaSet {
    /// Finds the set `name` names: an embedded id, else a YAML path (relative paths are
    /// relative to `root`). `None` means [`DEFAULT_SET_ID`].
    pub fn resolve(root: &Path, name: Option<&str>) -> Result<CriteriaSet, Diagnostics> {
        let name = name.map(str::trim).filter(|name| !name.is_empty()).unwrap_or(DEFAULT_SET_ID);

        if let Some((id, text)) = EMBEDDED_SETS.iter().find(|(id, _)| *id == name) {
            return CriteriaSet::parse(text, SetOrigin::Embedded((*id).to_owned()));
        }

        let given = PathBuf::from(name);
        let path = if given.is_absolute() { given.clone() } else { root.join(&given) };
        match std::fs::read_to_string(&path) {
            Ok(text) => CriteriaSet::parse(&text, SetOrigin::File(given)),
            Err(error) => {
                let known: Vec<&str> = EMBEDDED_SETS.iter().map(|(id, _)| *id).collect();
                let mut diagnostics = Diagnostics::new();
                diagnostics.push(
                    Diagnostic::error(name, 0, format!("không đọc được bộ tiêu chí `{name}`: {error}")).hint(format!(
                        "ghi mã một bộ có sẵn ({}) hoặc đường dẫn tệp YAML tính từ thư mục trang",
                        known.join(", ")
                    )),
                );
                Err(diagnostics)
            }
        }
    }

    /// Parses and validates a set's YAML text. Every problem is returned, not only the first.
    pub fn parse(text: &str, origin: SetOrigin) -> Result<CriteriaSet, Diagnostics> {
        let file_name = origin.display();
        let text: String = text.nfc().collect();
        let mut diagnostics = Diagnostics::new();

        let raw: SetFile = match serde_yaml::from_str(&text) {
            Ok(raw) => raw,
            Err(error) => {
                let line = error.location().map_or(0, |location| location.line());
                diagnostics.push(Diagnostic::error(&file_name, line, format!("bộ tiêu chí không hợp lệ: {error}")));
                return Err(diagnostics);
            }
        };

        let locate = |needle: &str| line_containing(&text, needle);
        let mut seen_groups = BTreeSet::new();
        let mut seen_criteria = BTreeSet::new();
        let mut groups = Vec::new();

        for raw_group in raw.groups {
            let group_line = locate(&format!("id: \"{}\"", raw_group.id));
            if !seen_groups.insert(raw_group.id.clone()) {
                diagnostics.push(Diagnostic::error(
                    &file_name,
                    group_line,
                    format!("nhóm `{}` xuất hiện hai lần; mỗi nhóm chỉ ghi một lần", raw_group.id),
                ));
            }
            if raw_group.criteria.is_empty() {
                diagnostics.push(Diagnostic::error(
                    &file_name,
                    group_line,
                    format!("nhóm `{}` không có tiêu chí nào", raw_group.id),
                ));
            }

            let mut criteria = Vec::new();
            for raw_criterion in raw_group.criteria {
                let line = locate(&format!("id: {}", raw_criterion.id));
                validate_criterion(&raw_group.id, &raw_criterion, &file_name, line, &mut diagnostics);
                if !seen_criteria.insert(raw_criterion.id.clone()) {
                    diagnostics.push(Diagnostic::error(
                        &file_name,
                        line,
                        format!("tiêu chí `{}` xuất hiện hai lần; mỗi mã chỉ ghi một lần", raw_criterion.id),
                    ));
                }
                criteria.push(Criterion {
                    id: raw_criterion.id,
                    group: raw_group.id.clone(),
                    title: raw_criterion.title.trim().to_owned(),
                    max_points: raw_criterion.max_points,
                    lead_units: raw_criterion.lead_units,
                    partner_units: raw_criterion.partner_units,
                    rule: raw_criterion.rule,
                    method: raw_criterion.method,
                    threshold: raw_criterion.threshold,
                    threshold_overridden: false,
                });
            }

            groups.push(Group {
                id: raw_group.id,
                title: raw_group.title.trim().to_owned(),
                declared_points: raw_group.declared_points,
                summary_points: raw_group.summary_points,
                criteria,
            });
        }

        let mut params = Params::default();
        for (name, value) in &raw.params {
            let line = locate(&format!("{name}:"));
            match yaml_scalar(value).map(|text| params.set(name, &text)) {
                Some(Ok(())) => {}
                Some(Err(message)) => diagnostics.push(Diagnostic::error(&file_name, line, message)),
                None => diagnostics.push(Diagnostic::error(
                    &file_name,
                    line,
                    format!("tham số `{name}` phải là một giá trị đơn (chữ hoặc số)"),
                )),
            }
        }

        let set = CriteriaSet {
            id: raw.id,
            title: raw.title.trim().to_owned(),
            source: raw.source,
            declared_total: raw.declared_total,
            groups,
            params,
            origin,
        };
        for missing in set.missing_params() {
            diagnostics.push(Diagnostic::error(
                &file_name,
                0,
                format!("thiếu tham số `{}` mà quy tắc `{}` cần", missing.0, missing.1),
            ));
        }

        if diagnostics.has_errors() { Err(diagnostics) } else { Ok(set) }
    }

    /// Applies the site's `nguong` and `tham_so`. Names the set does not know are errors that
    /// point at `site.yaml`.
    pub fn apply_overrides(&mut self, config: &Config, site_yaml: &str) -> Result<(), Diagnostics> {
        let mut diagnostics = Diagnostics::new();

        for (raw_id, value) in &config.nguong {
            let id: String = raw_id.trim().nfc().collect();
            let line = line_containing(site_yaml, &format!("{raw_id}:"));
            let ids: Vec<String> = self.criteria().map(|criterion| criterion.id.clone()).collect();
            let Some(criterion) = self.criteria_mut().find(|criterion| criterion.id == id) else {
                diagnostics.push(
                    Diagnostic::error(
                        "site.yaml",
                        line,
                        format!("`nguong`: không có tiêu chí `{id}` trong bộ tiêu chí"),
                    )
                    .hint(suggestion(&id, ids.iter().map(String::as_str))),
                );
                continue;
            };
            if criterion.threshold.is_none() {
                diagnostics.push(Diagnostic::error(
                    "site.yaml",
                    line,
                    format!("`nguong`: tiêu chí `{id}` không chấm theo ngưỡng nên không đặt được ngưỡng"),
                ));
                continue;
            }
            if !(value.is_finite() && *value > 0.0) {
                diagnostics.push(Diagnostic::error(
                    "site.yaml",
                    line,
                    format!("`nguong`: ngưỡng của `{id}` phải là số dương, đang là {value}"),
                ));
                continue;
            }
            criterion.threshold = Some(*value);
            criterion.threshold_overridden = true;
        }

        for (name, value) in &config.tham_so {
            let line = line_containing(site_yaml, &format!("{name}:"));
            if let Err(message) = self.params.set(name, value) {
                diagnostics.push(Diagnostic::error("site.yaml", line, format!("`tham_so`: {message}")));
            }
        }

        if diagnostics.has_errors() { Err(diagnostics) } else { Ok(()) }
    }

    /// Every criterion, in table order.
    pub fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.groups.iter().flat_map(|group| group.criteria.iter())
    }

    fn criteria_mut(&mut self) -> impl Iterator<Item = &mut Criterion> {
        self.groups.iter_mut().flat_map(|group| group.criteria.iter_mut())
    }

    /// Sum of every criterion's points: the most a site can score.
    pub fn items_total(&self) -> f64 {
        self.groups.iter().map(Group::items_points).sum()
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|group| group.id == id)
    }

    /// Every place where the source's own figures disagree, as Vietnamese sentences. The
    /// figures are reported as written; none is corrected.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();

        for group in &self.groups {
            let items = group.items_points();
            if differ(items, group.declared_points) {
                warnings.push(format!(
                    "Nhóm {} ({}): các tiêu chí cộng lại {} điểm nhưng dòng tiêu đề nhóm ghi {} điểm.",
                    group.id,
                    group.title,
                    format_points(items),
                    format_points(group.declared_points)
                ));
            }
            if let Some(summary) = group.summary_points
                && differ(summary, group.declared_points)
            {
                warnings.push(format!(
                    "Nhóm {} ({}): dòng tiêu đề nhóm ghi {} điểm nhưng phần thang điểm ghi {} điểm.",
                    group.id,
                    group.title,
                    format_points(group.declared_points),
                    format_points(summary)
                ));
            }
        }

        let items_total = self.items_total();
        if differ(items_total, self.declared_total) {
            warnings.push(format!(
                "Các tiêu chí cộng lại {} điểm nhưng tổng điểm công bố là {} điểm.",
                format_points(items_total),
                format_points(self.declared_total)
            ));
        }

        let headings_total: f64 = self.groups.iter().map(|group| group.declared_points).sum();
        if differ(headings_total, self.declared_total) {
            warnings.push(format!(
                "Các dòng tiêu đề nhóm cộng lại {} điểm nhưng tổng điểm công bố là {} điểm.",
                format_points(headings_total),
                format_points(self.declared_total)
            ));
        }

        if self.groups.iter().all(|group| group.summary_points.is_some()) {
            let summary_total: f64 = self.groups.iter().filter_map(|group| group.summary_points).sum();
            if differ(summary_total, self.declared_total) {
                warnings.push(format!(
                    "Phần thang điểm cộng lại {} điểm nhưng tổng điểm công bố là {} điểm.",
                    format_points(summary_total),
                    format_points(self.declared_total)
                ));
            }
        }

        warnings
    }

    /// Parameters that a rule of this set reads but the set does not define: (name, rule).
    fn missing_params(&self) -> Vec<(&'static str, String)> {
        let mut missing = Vec::new();
        for criterion in self.criteria() {
            let Some(spec) = rules::spec(&criterion.rule) else { continue };
            for name in spec.params {
                if self.params.get(name).is_none() && !missing.iter().any(|(known, _)| known == name) {
                    missing.push((*name, criterion.rule.clone()));
                }
            }
        }
        missing
    }
}

/// Checks one criterion on its own: id form, points, rule, method and threshold.
fn validate_criterion(group: &str, raw: &CriterionFile, file: &str, line: usize, diagnostics: &mut Diagnostics) {
    let id = &raw.id;
    let letter = id.strip_prefix(&format!("{group}."));
    if letter.is_none_or(str::is_empty) {
        diagnostics.push(Diagnostic::error(
            file,
            line,
            format!("mã tiêu chí `{id}` phải bắt đầu bằng số nhóm `{group}.` rồi đến chữ cái, ví dụ `{group}.a`"),
        ));
    }
    if !(raw.max_points.is_finite() && raw.max_points > 0.0) {
        diagnostics.push(Diagnostic::error(file, line, format!("tiêu chí `{id}`: điểm tối đa phải là số dương")));
    }
    if raw.title.trim().is_empty() {
        diagnostics.push(Diagnostic::error(file, line, format!("tiêu chí `{id}`: thiếu nội dung tiêu chí (`title`)")));
    }
    if raw.lead_units.is_empty() {
        diagnostics.push(Diagnostic::error(
            file,
            line,
            format!("tiêu chí `{id}`: thiếu đơn vị chủ trì (`lead_units`)"),
        ));
    }

    let Some(spec) = rules::spec(&raw.rule) else {
        diagnostics.push(
            Diagnostic::error(file, line, format!("tiêu chí `{id}`: không có quy tắc chấm `{}`", raw.rule))
                .hint(suggestion(&raw.rule, rules::RULES.iter().map(|spec| spec.id))),
        );
        return;
    };
    validate_method(spec, raw, file, line, diagnostics);

    match (spec.threshold, raw.threshold) {
        (Some(_), None) => diagnostics.push(Diagnostic::error(
            file,
            line,
            format!("tiêu chí `{id}`: quy tắc `{}` chấm theo ngưỡng, cần ghi `threshold`", spec.id),
        )),
        (None, Some(_)) => diagnostics.push(Diagnostic::error(
            file,
            line,
            format!("tiêu chí `{id}`: quy tắc `{}` không dùng ngưỡng, bỏ `threshold`", spec.id),
        )),
        (Some(_), Some(value)) if !(value.is_finite() && value > 0.0) => {
            diagnostics.push(Diagnostic::error(file, line, format!("tiêu chí `{id}`: ngưỡng phải là số dương")))
        }
        _ => {}
    }
}

fn validate_method(spec: &RuleSpec, raw: &CriterionFile, file: &str, line: usize, diagnostics: &mut Diagnostics) {
    if (raw.method == Method::Attested) != spec.attested {
        let expected = if spec.attested { Method::Attested } else { Method::Auto };
        diagnostics.push(Diagnostic::error(
            file,
            line,
            format!(
                "tiêu chí `{}`: quy tắc `{}` cần `method: {}`, đang ghi `method: {}`",
                raw.id,
                spec.id,
                expected.as_str(),
                raw.method.as_str()
            ),
        ));
    }
}

/// A scalar YAML value as text; `None` for lists and maps.
fn yaml_scalar(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::String(text) => Some(text.clone()),
        serde_yaml::Value::Number(number) => Some(number.to_string()),
        serde_yaml::Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn differ(a: f64, b: f64) -> bool {
    (a - b).abs() > POINTS_EPSILON
}

/// 1-based number of the first line whose text, without leading spaces and list dashes,
/// starts with `needle`; 0 when none does.
pub(crate) fn line_containing(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.trim_start().trim_start_matches("- ").trim_start().starts_with(needle))
        .map_or(0, |index| index + 1)
}

/// "có phải `x`?" for the known name closest to `unknown`, or the list of known names.
pub(crate) fn suggestion<'a>(unknown: &str, known: impl Iterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.collect();
    let closest = known
        .iter()
        .map(|name| (strsim::jaro_winkler(unknown, name), *name))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score > 0.8);
    match closest {
        Some((_, name)) => format!("có phải `{name}`?"),
        None => format!("các giá trị hợp lệ: {}", known.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded() -> CriteriaSet {
        CriteriaSet::resolve(Path::new("."), None).expect("the embedded set loads")
    }

    #[test]
    fn embedded_set_has_45_criteria() {
        let set = embedded();
        assert_eq!(set.groups.len(), 11);
        assert_eq!(set.criteria().count(), 45);
        let ids: Vec<&str> = set.criteria().map(|criterion| criterion.id.as_str()).collect();
        assert!(ids.contains(&"8.đ"));
        assert!(ids.contains(&"10.đ"));
        assert!(ids.contains(&"10.k"));
        assert_eq!(ids.first(), Some(&"1.a"));
        assert_eq!(ids.last(), Some(&"11.f"));
    }

    #[test]
    fn embedded_totals_are_kept_as_written() {
        let set = embedded();
        assert_eq!(set.items_total(), 98.0);
        assert_eq!(set.declared_total, 100.0);
        assert_eq!(set.group("6").unwrap().summary_points, Some(5.5));
        assert_eq!(set.group("2").unwrap().declared_points, 13.0);
        assert_eq!(set.group("2").unwrap().summary_points, Some(6.0));
        assert_eq!(set.group("5").unwrap().items_points(), 8.0);
        assert_eq!(set.group("5").unwrap().declared_points, 11.0);
    }

    #[test]
    fn embedded_warnings_name_each_disagreement() {
        let warnings = embedded().warnings();
        assert!(
            warnings.contains(&"Các tiêu chí cộng lại 98 điểm nhưng tổng điểm công bố là 100 điểm.".to_owned()),
            "{warnings:#?}"
        );
        let group_five = warnings
            .iter()
            .find(|warning| warning.starts_with("Nhóm 5 ") && warning.contains("cộng lại"))
            .expect("a warning for group 5");
        assert!(group_five.ends_with("các tiêu chí cộng lại 8 điểm nhưng dòng tiêu đề nhóm ghi 11 điểm."));
        assert!(warnings.iter().any(|warning| warning.starts_with("Nhóm 6 ")
            && warning.ends_with("dòng tiêu đề nhóm ghi 7 điểm nhưng phần thang điểm ghi 5,5 điểm.")));
        assert!(warnings.iter().any(|warning| warning.starts_with("Nhóm 2 ")
            && warning.ends_with("dòng tiêu đề nhóm ghi 13 điểm nhưng phần thang điểm ghi 6 điểm.")));
        assert!(
            warnings
                .contains(&"Các dòng tiêu đề nhóm cộng lại 101 điểm nhưng tổng điểm công bố là 100 điểm.".to_owned())
        );
        assert!(
            warnings.contains(&"Phần thang điểm cộng lại 72,5 điểm nhưng tổng điểm công bố là 100 điểm.".to_owned())
        );
        // Groups 1, 4, 8 and 11 agree everywhere. Groups 2, 3, 5, 6, 7, 9 and 10 differ from the
        // summary paragraph, group 5's items also differ from its heading, and three totals differ.
        assert_eq!(warnings.len(), 1 + 7 + 3);
    }

    #[test]
    fn embedded_units_and_methods() {
        let set = embedded();
        let find = |id: &str| set.criteria().find(|criterion| criterion.id == id).unwrap().clone();
        assert_eq!(find("4.a").lead_units, vec!["Phòng KHTH", "Phòng CSDT"]);
        assert_eq!(find("4.a").lead_unit(), "Phòng KHTH, Phòng CSDT");
        assert_eq!(find("2.b").lead_units, vec!["Các phòng thuộc ban"]);
        assert_eq!(find("2.b").partner_units, vec!["Phòng TT&ĐB"]);
        assert_eq!(find("10.c").max_points, 0.5);
        assert_eq!(find("8.đ").letter(), "đ");
        let attested: Vec<String> =
            set.criteria().filter(|criterion| criterion.method == Method::Attested).map(|c| c.id.clone()).collect();
        assert_eq!(attested, vec!["11.c", "11.d"]);
        assert_eq!(set.params.text("domain_suffix").unwrap(), "binhphuoc.gov.vn");
    }

    #[test]
    fn unknown_rule_is_reported_with_line() {
        let yaml = "id: x\ntitle: X\ndeclared_total: 1\ngroups:\n  - id: \"1\"\n    title: A\n    declared_points: 1\n    criteria:\n      - id: 1.a\n        title: B\n        max_points: 1\n        lead_units: [Văn phòng]\n        rule: histori\n        method: auto\n";
        let errors: Vec<_> =
            CriteriaSet::parse(yaml, SetOrigin::File("bo.yaml".into())).unwrap_err().into_iter().collect();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].file, "bo.yaml");
        assert_eq!(errors[0].line, 9);
        assert_eq!(errors[0].message, "tiêu chí `1.a`: không có quy tắc chấm `histori`");
        assert_eq!(errors[0].hint.as_deref(), Some("có phải `history`?"));
    }

    #[test]
    fn criterion_outside_its_group_is_rejected() {
        let yaml = "id: x\ntitle: X\ndeclared_total: 1\ngroups:\n  - id: \"1\"\n    title: A\n    declared_points: 1\n    criteria:\n      - id: 2.a\n        title: B\n        max_points: 1\n        lead_units: [Văn phòng]\n        rule: history\n        method: auto\n";
        let errors: Vec<_> =
            CriteriaSet::parse(yaml, SetOrigin::File("bo.yaml".into())).unwrap_err().into_iter().collect();
        assert!(errors[0].message.starts_with("mã tiêu chí `2.a` phải bắt đầu bằng số nhóm `1.`"));
    }

    #[test]
    fn count_rule_without_threshold_is_rejected() {
        let yaml = "id: x\ntitle: X\ndeclared_total: 1\ngroups:\n  - id: \"1\"\n    title: A\n    declared_points: 1\n    criteria:\n      - id: 1.a\n        title: B\n        max_points: 1\n        lead_units: [Văn phòng]\n        rule: self-written-news\n        method: auto\n";
        let errors: Vec<_> =
            CriteriaSet::parse(yaml, SetOrigin::File("bo.yaml".into())).unwrap_err().into_iter().collect();
        assert_eq!(
            errors[0].message,
            "tiêu chí `1.a`: quy tắc `self-written-news` chấm theo ngưỡng, cần ghi `threshold`"
        );
    }

    #[test]
    fn site_overrides_thresholds_and_params() {
        let mut set = embedded();
        let site_yaml = "base_url: https://bdt.dongnai.gov.vn\nten_co_quan: Ban Dân tộc\ntinh: Đồng Nai\nnguong:\n  1.a: 80\ntham_so:\n  domain_suffix: dongnai.gov.vn\n";
        let config: Config = serde_yaml::from_str(site_yaml).unwrap();
        set.apply_overrides(&config, site_yaml).unwrap();
        let news = set.criteria().find(|criterion| criterion.id == "1.a").unwrap();
        assert_eq!(news.threshold, Some(80.0));
        assert!(news.threshold_overridden);
        assert_eq!(set.params.text("domain_suffix").unwrap(), "dongnai.gov.vn");
    }

    #[test]
    fn unknown_override_names_are_rejected() {
        let mut set = embedded();
        let site_yaml = "base_url: https://x.gov.vn\nten_co_quan: X\ntinh: Y\nnguong:\n  8.c: 3\n  1.z: 3\ntham_so:\n  domain_sufix: a.gov.vn\n";
        let config: Config = serde_yaml::from_str(site_yaml).unwrap();
        let errors: Vec<_> = set.apply_overrides(&config, site_yaml).unwrap_err().into_iter().collect();
        let messages: Vec<&str> = errors.iter().map(|error| error.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "`nguong`: không có tiêu chí `1.z` trong bộ tiêu chí",
                "`nguong`: tiêu chí `8.c` không chấm theo ngưỡng nên không đặt được ngưỡng",
                "`tham_so`: không có tham số `domain_sufix`; có phải `domain_suffix`?",
            ]
        );
        assert_eq!(errors[0].line, 6);
        assert_eq!(errors[2].line, 8);
    }

    #[test]
    fn missing_file_names_embedded_sets() {
        let errors: Vec<_> =
            CriteriaSet::resolve(Path::new("/nonexistent"), Some("bo-khac.yaml")).unwrap_err().into_iter().collect();
        assert!(errors[0].message.starts_with("không đọc được bộ tiêu chí `bo-khac.yaml`"));
        assert!(errors[0].hint.as_deref().unwrap().contains(DEFAULT_SET_ID));
    }
}
