//! `trangtin criteria`: list the criteria set as a table and report where its own figures
//! disagree. The figures are shown as the source writes them; nothing is corrected.
//!
//! The set is the one `--criteria` names, else `bo_tieu_chi` in `site.yaml`, else the
//! default; thresholds and parameters include the site's overrides when `site.yaml` exists.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use comfy_table::{Attribute, Cell, CellAlignment};

use crate::check::CriteriaSet;
use crate::check::format::text::{Colour, new_table};
use crate::check::points::format_points;
use crate::check::rules;
use crate::cli::{CriteriaArgs, GlobalArgs};
use crate::diag::Diagnostics;

pub fn run(global: &GlobalArgs, args: &CriteriaArgs) -> anyhow::Result<ExitCode> {
    let root = global.root.as_path();
    let mut diagnostics = Diagnostics::new();

    let config = if root.join("site.yaml").is_file() {
        let config = crate::content::load::load_config(root, &mut diagnostics);
        if diagnostics.has_errors() {
            diagnostics.write_to(&mut std::io::stderr().lock())?;
            return Ok(ExitCode::from(1));
        }
        config
    } else {
        None
    };

    let name = args.criteria.as_deref().or(config.as_ref().and_then(|config| config.bo_tieu_chi.as_deref()));
    let mut set = match CriteriaSet::resolve(root, name) {
        Ok(set) => set,
        Err(errors) => {
            errors.write_to(&mut std::io::stderr().lock())?;
            return Ok(ExitCode::from(1));
        }
    };
    if let Some(config) = &config {
        let site_yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
        if let Err(errors) = set.apply_overrides(config, &site_yaml) {
            errors.write_to(&mut std::io::stderr().lock())?;
            return Ok(ExitCode::from(1));
        }
    }

    let colour = if std::io::stdout().is_terminal() { Colour::Terminal } else { Colour::Plain };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(render(&set, colour).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Renders the listing: title, table of groups and criteria, totals, parameters and
/// inconsistencies.
pub fn render(set: &CriteriaSet, colour: Colour) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", set.title, set.id);
    if let Some(source) = &set.source {
        let _ = writeln!(out, "Nguồn: {}", source.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let _ = writeln!(out, "Tệp: {}", set.origin.display());

    let mut table = new_table(colour);
    table.set_header(["STT", "Tiêu chí", "Điểm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Cách chấm"]);
    for group in &set.groups {
        let summary = match group.summary_points {
            Some(summary) => format!(
                "dòng tiêu đề ghi {}; thang điểm ghi {}",
                format_points(group.declared_points),
                format_points(summary)
            ),
            None => format!("dòng tiêu đề ghi {}", format_points(group.declared_points)),
        };
        table.add_row(vec![
            Cell::new(&group.id).add_attribute(Attribute::Bold),
            Cell::new(&group.title).add_attribute(Attribute::Bold),
            Cell::new(format_points(group.items_points()))
                .set_alignment(CellAlignment::Right)
                .add_attribute(Attribute::Bold),
            Cell::new(""),
            Cell::new(""),
            Cell::new(summary),
        ]);
        for criterion in &group.criteria {
            table.add_row(vec![
                Cell::new(&criterion.id),
                Cell::new(criterion.title_line()),
                Cell::new(format_points(criterion.max_points)).set_alignment(CellAlignment::Right),
                Cell::new(criterion.lead_unit()),
                Cell::new(criterion.partner_units.join(", ")),
                Cell::new(method_text(criterion)),
            ]);
        }
    }
    let _ = writeln!(out, "{table}");

    let _ = writeln!(
        out,
        "{} nhóm, {} tiêu chí; các tiêu chí cộng lại {} điểm, tổng điểm công bố {} điểm.",
        set.groups.len(),
        set.criteria().count(),
        format_points(set.items_total()),
        format_points(set.declared_total)
    );

    let params: Vec<String> = set.params.iter().map(|(name, value)| format!("  {name}: {}", value.display())).collect();
    if !params.is_empty() {
        let _ = writeln!(out, "\nTham số (đổi bằng `tham_so` trong site.yaml):");
        for line in params {
            let _ = writeln!(out, "{line}");
        }
    }

    let warnings = set.warnings();
    if warnings.is_empty() {
        let _ = writeln!(out, "\nCác số liệu trong bộ tiêu chí khớp nhau.");
    } else {
        let _ = writeln!(out, "\nChỗ không khớp ({}), số liệu giữ nguyên như văn bản gốc:", warnings.len());
        for (number, warning) in warnings.iter().enumerate() {
            let _ = writeln!(out, "{:>3}. {warning}", number + 1);
        }
    }
    out
}

/// "tự động: ngưỡng 60 tin tự biên tập" or "tự khai".
fn method_text(criterion: &crate::check::Criterion) -> String {
    let unit = rules::spec(&criterion.rule).and_then(|spec| spec.threshold);
    match (criterion.threshold, unit) {
        (Some(threshold), Some(unit)) => format!(
            "{}: ngưỡng {} {unit}{}",
            criterion.method.label(),
            format_points(threshold),
            if criterion.threshold_overridden { " (theo site.yaml)" } else { "" }
        ),
        _ => criterion.method.label().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_shows_totals_and_disagreements() {
        let set = CriteriaSet::resolve(std::path::Path::new("."), None).unwrap();
        let text = render(&set, Colour::Plain);
        assert!(text.contains("11 nhóm, 45 tiêu chí; các tiêu chí cộng lại 98 điểm, tổng điểm công bố 100 điểm."));
        assert!(text.contains("Chỗ không khớp (11), số liệu giữ nguyên như văn bản gốc:"));
        assert!(text.contains("dòng tiêu đề nhóm ghi 7 điểm nhưng phần thang điểm ghi 5,5 điểm."));
        assert!(text.contains("tự khai"));
        assert!(text.contains("domain_suffix: binhphuoc.gov.vn"));
        assert!(!text.contains('\u{1b}'));
    }
}
