//! The terminal report: one table per lead unit, the total, the criteria set's own
//! inconsistencies, then every finding numbered under the tables.

use std::fmt::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

use crate::check::format::{finding_location, lead_units};
use crate::check::outcome::Status;
use crate::check::points::format_points;
use crate::check::report::Report;

/// Table width when the output is not a terminal, whose width would otherwise be used.
const DEFAULT_WIDTH: u16 = 120;

/// Narrower terminal widths than this are ignored in favour of [`DEFAULT_WIDTH`], because the
/// seven columns cannot be read below it.
const MIN_TERMINAL_WIDTH: u16 = 60;

/// Styling of the text report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// ANSI colours and the terminal's width; only for a terminal.
    Terminal,
    /// Plain text at [`DEFAULT_WIDTH`] columns.
    Plain,
}

pub fn render(report: &Report, colour: Colour) -> String {
    let mut out = String::new();
    let bold = |text: &str| match colour {
        Colour::Terminal => format!("\x1b[1m{text}\x1b[0m"),
        Colour::Plain => text.to_owned(),
    };

    let _ = writeln!(out, "{}", bold(&format!("Tự chấm điểm: {}", report.set_title)));
    let _ = writeln!(
        out,
        "{}, năm đánh giá {}, ngày đánh giá {}",
        report.agency,
        report.period.year,
        report.period.date.format("%d/%m/%Y")
    );

    for unit in lead_units(report) {
        let results: Vec<_> = report.results.iter().filter(|result| result.criterion.lead_unit() == unit).collect();
        let earned: f64 = results.iter().map(|result| result.points).sum();
        let max: f64 = results.iter().map(|result| result.criterion.max_points).sum();
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            bold(&format!("Đơn vị chủ trì: {unit} ({}/{} điểm)", format_points(earned), format_points(max)))
        );

        let mut table = new_table(colour);
        table.set_header(["STT", "Tiêu chí", "Tối đa", "Tự chấm", "Kết quả", "Đơn vị phối hợp", "Ghi chú"]);
        for result in results {
            let criterion = &result.criterion;
            table.add_row(vec![
                Cell::new(&criterion.id),
                Cell::new(criterion.title_line()),
                Cell::new(format_points(criterion.max_points)).set_alignment(CellAlignment::Right),
                Cell::new(format_points(result.points)).set_alignment(CellAlignment::Right),
                status_cell(result.status),
                Cell::new(criterion.partner_units.join(", ")),
                Cell::new(result.note.as_deref().unwrap_or("")),
            ]);
        }
        let _ = writeln!(out, "{table}");
    }

    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        bold(&format!(
            "Tổng điểm: {} / {} (tổng điểm công bố: {})",
            format_points(report.score),
            format_points(report.max_score),
            format_points(report.declared_total)
        ))
    );

    if !report.warnings.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", bold("Bộ tiêu chí có chỗ không khớp (giữ nguyên số liệu như văn bản gốc):"));
        for warning in &report.warnings {
            let _ = writeln!(out, "  - {warning}");
        }
    }

    let count = report.finding_count();
    let _ = writeln!(out);
    if count == 0 {
        let _ = writeln!(out, "Không có việc cần làm.");
        return out;
    }
    let _ = writeln!(out, "{}", bold(&format!("Việc cần làm ({count}):")));
    let mut number = 0;
    for result in &report.results {
        for finding in &result.findings {
            number += 1;
            let _ = writeln!(
                out,
                "{number:>4}. [{}] {}: {}",
                result.criterion.id,
                finding_location(finding),
                finding.message
            );
        }
    }
    out
}

/// Creates an empty table styled for `colour`.
pub fn new_table(colour: Colour) -> Table {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    match colour {
        Colour::Terminal => {
            table.enforce_styling();
            // A pseudo-terminal may report no width or a width of zero.
            if table.width().is_none_or(|width| width < MIN_TERMINAL_WIDTH) {
                table.set_width(DEFAULT_WIDTH);
            }
        }
        Colour::Plain => {
            table.force_no_tty().set_width(DEFAULT_WIDTH);
        }
    }
    table
}

fn status_cell(status: Status) -> Cell {
    let colour = match status {
        Status::Met => Color::Green,
        Status::Partial => Color::Yellow,
        Status::NotMet => Color::Red,
        Status::NeedsAttestation => Color::Cyan,
    };
    Cell::new(status.label()).fg(colour).add_attribute(Attribute::Bold)
}
