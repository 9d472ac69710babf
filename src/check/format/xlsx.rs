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
            let mut note = remark(result);
            for finding in &result.findings {
                note.push_str(&format!("\n- {}: {}", finding_location(finding), finding.message));
            }

            sheet.write_string_with_format(row, 0, criterion.letter(), &border)?;
            sheet.write_string_with_format(row, 1, &criterion.title, &border)?;
            sheet.write_number_with_format(row, 2, criterion.max_points, &number)?;
            sheet.write_number_with_format(row, 3, result.points, &number)?;
            sheet.write_string_with_format(row, 4, criterion.lead_unit(), &border)?;
            sheet.write_string_with_format(row, 5, criterion.partner_units.join(", "), &border)?;
            sheet.write_string_with_format(row, 6, evidence.join("\n"), &border)?;
            sheet.write_string_with_format(row, 7, note, &border)?;
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
