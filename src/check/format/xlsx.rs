//! The spreadsheet report, in the columns of the self-assessment form: STT, Tiêu chí, Điểm tối
//! đa, Điểm tự chấm, Đơn vị chủ trì, Đơn vị phối hợp, Minh chứng, Ghi chú. Each group has a
//! heading row with its declared points and the points earned; a total row closes the sheet.

use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::check::format::{evidence_href, finding_location, group_points, remark};
use crate::check::report::Report;

const HEADERS: [&str; 8] =
    ["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Minh chứng", "Ghi chú"];
const WIDTHS: [f64; 8] = [6.0, 60.0, 10.0, 11.0, 20.0, 20.0, 40.0, 60.0];

/// Writes the report to `path` as an `.xlsx` workbook.
pub fn write(report: &Report, path: &Path) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    fill(sheet, report)?;
    workbook.save(path)
}

fn fill(sheet: &mut Worksheet, report: &Report) -> Result<(), XlsxError> {
    let border = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top);
    let number = border.clone().set_num_format("0.##");
    let header = border.clone().set_bold().set_background_color(Color::RGB(0xE8EEF5)).set_align(FormatAlign::Center);
    let group = border.clone().set_bold().set_background_color(Color::RGB(0xF2F2F2));
    let group_number = group.clone().set_num_format("0.##");
    let title = Format::new().set_bold().set_font_size(14);

    sheet.set_name("Tự chấm điểm")?;
    for (column, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
    }

    sheet.write_string_with_format(
        0,
        0,
        format!("Bảng tự chấm điểm năm {}: {}", report.period.year, report.set_title),
        &title,
    )?;
    sheet.write_string(1, 0, format!("{}, ngày đánh giá {}", report.agency, report.period.date.format("%d/%m/%Y")))?;

    let header_row = 3;
    for (column, text) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(header_row, column as u16, *text, &header)?;
    }
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_freeze_panes(header_row + 1, 0)?;

    let mut row = header_row + 1;
    for (id, group_title, declared) in &report.groups {
        sheet.write_string_with_format(row, 0, id, &group)?;
        sheet.write_string_with_format(row, 1, group_title, &group)?;
        sheet.write_number_with_format(row, 2, *declared, &group_number)?;
        sheet.write_number_with_format(row, 3, group_points(report, id), &group_number)?;
        for column in 4..8 {
            sheet.write_blank(row, column, &group)?;
        }
        row += 1;

        for result in report.group_results(id) {
            let criterion = &result.criterion;
            let evidence: Vec<String> = result
                .evidence
                .iter()
                .map(|item| evidence_href(report, item).unwrap_or_else(|| item.clone()))
                .collect();
            let mut note_lines = vec![remark(result)];
            for finding in &result.findings {
                note_lines.push(format!("- {}: {}", finding_location(finding), finding.message));
            }

            sheet.write_string_with_format(row, 0, criterion.letter(), &border)?;
            sheet.write_string_with_format(row, 1, &criterion.title, &border)?;
            sheet.write_number_with_format(row, 2, criterion.max_points, &number)?;
            sheet.write_number_with_format(row, 3, result.points, &number)?;
            sheet.write_string_with_format(row, 4, criterion.lead_unit(), &border)?;
            sheet.write_string_with_format(row, 5, criterion.partner_units.join(", "), &border)?;
            sheet.write_string_with_format(row, 6, fit_cell(&evidence), &border)?;
            sheet.write_string_with_format(row, 7, fit_cell(&note_lines), &border)?;
            row += 1;
        }
    }

    sheet.write_string_with_format(row, 0, "", &group)?;
    sheet.write_string_with_format(row, 1, "Tổng", &group)?;
    sheet.write_number_with_format(row, 2, report.max_score, &group_number)?;
    sheet.write_number_with_format(row, 3, report.score, &group_number)?;
    sheet.merge_range(
        row,
        4,
        row,
        7,
        &format!("Tổng điểm công bố: {}", crate::check::points::format_points(report.declared_total)),
        &group,
    )?;

    if !report.warnings.is_empty() {
        row += 2;
        sheet.write_string_with_format(
            row,
            0,
            "Chỗ không khớp trong bộ tiêu chí (số liệu giữ nguyên như văn bản gốc):",
            &Format::new().set_bold(),
        )?;
        for warning in &report.warnings {
            row += 1;
            sheet.write_string(row, 1, warning)?;
        }
    }
    Ok(())
}

/// Characters a cell of an Excel worksheet can hold.
const CELL_CHARS: usize = 32_767;

/// Joins `lines` with line breaks, keeping as many whole lines as fit in one cell and
/// ending with the number of lines left out. A large site lists thousands of evidence pages
/// for one criterion, more than a cell holds; the HTML and JSON reports list them all.
fn fit_cell(lines: &[String]) -> String {
    let total: usize = lines.iter().map(|line| line.chars().count() + 1).sum();
    if total <= CELL_CHARS + 1 {
        return lines.join("\n");
    }
    // Room for the closing line, whose count has at most ten digits.
    let budget = CELL_CHARS - 120;
    let mut cell = String::new();
    let mut used = 0;
    let mut kept = 0;
    for line in lines {
        let length = line.chars().count() + 1;
        if used + length > budget {
            break;
        }
        if kept > 0 {
            cell.push('\n');
        }
        cell.push_str(line);
        used += length;
        kept += 1;
    }
    cell.push_str(&format!("\n… và {} mục khác, xem đủ trong báo cáo HTML hoặc JSON.", lines.len() - kept));
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_cell_joins_every_line() {
        let lines = vec!["/tin-tuc/a/".to_owned(), "/tin-tuc/b/".to_owned()];
        assert_eq!(fit_cell(&lines), "/tin-tuc/a/\n/tin-tuc/b/");
    }

    #[test]
    fn long_cell_fits_and_counts_rest() {
        let lines: Vec<String> =
            (0..5000).map(|number| format!("https://bdt.example.gov.vn/tin-tuc/bài-số-{number}/")).collect();
        let cell = fit_cell(&lines);
        assert!(cell.chars().count() <= CELL_CHARS, "{} characters", cell.chars().count());
        let kept = cell.lines().count() - 1;
        assert!(cell.starts_with(&lines[..kept].join("\n")));
        assert!(cell.ends_with(&format!("… và {} mục khác, xem đủ trong báo cáo HTML hoặc JSON.", 5000 - kept)));
        assert!(kept > 500, "{kept} lines kept");
    }
}
