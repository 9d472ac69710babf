//! The HTML report: one self-contained page (inline CSS, no script, nothing fetched from the
//! network) in the layout of the self-assessment form, so a department can print it or hand
//! it in. Every text from the site or the criteria set is escaped.

use std::fmt::Write;

use crate::check::format::{evidence_href, finding_location, group_points};
use crate::check::outcome::Status;
use crate::check::points::format_points;
use crate::check::report::{CriterionResult, Report};

/// Evidence lists longer than this are folded into a `<details>` element.
const OPEN_EVIDENCE: usize = 5;

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:1.5rem;color:#1a1a1a;line-height:1.45}\
h1{font-size:1.4rem;margin:0 0 .3rem}p{margin:.2rem 0}\
table{border-collapse:collapse;width:100%;margin-top:1rem;font-size:.92rem}\
th,td{border:1px solid #999;padding:.35rem .5rem;vertical-align:top;text-align:left}\
thead th{background:#e8eef5}tr.group th,tr.group td{background:#f2f2f2;font-weight:bold}\
tr.total th,tr.total td{background:#e8eef5;font-weight:bold}td.num{text-align:right;white-space:nowrap}\
.status{display:inline-block;padding:0 .35rem;border-radius:.2rem;font-size:.85em;font-weight:bold}\
.met{background:#d7f0d8;color:#145a1c}.partial{background:#fff1c2;color:#6b4e00}\
.not_met{background:#fbd5d5;color:#8a1616}.needs_attestation{background:#d6ecf5;color:#0d4a66}\
ul{margin:.2rem 0;padding-left:1.1rem}li{margin:.1rem 0}code{font-size:.9em}\
.warnings{margin-top:1.2rem}a{color:#0b57a4}\
@media print{body{margin:0}a{color:inherit;text-decoration:none}details>*{display:block}}";

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let title = format!("Bảng tự chấm điểm năm {}: {}", report.period.year, report.set_title);

    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    let _ = writeln!(out, "<p>{}, ngày đánh giá {}</p>", escape(&report.agency), report.period.date.format("%d/%m/%Y"));
    let _ = writeln!(
        out,
        "<p>Tổng điểm tự chấm: <strong>{}</strong> / {} (tổng điểm công bố: {})</p>",
        format_points(report.score),
        format_points(report.max_score),
        format_points(report.declared_total)
    );

    out.push_str(
        "<table>\n<thead><tr><th scope=\"col\">STT</th><th scope=\"col\">Tiêu chí</th>\
         <th scope=\"col\">Điểm tối đa</th><th scope=\"col\">Điểm tự chấm</th>\
         <th scope=\"col\">Đơn vị chủ trì</th><th scope=\"col\">Đơn vị phối hợp</th>\
         <th scope=\"col\">Minh chứng</th><th scope=\"col\">Ghi chú</th></tr></thead>\n<tbody>\n",
    );
    for (id, group_title, declared) in &report.groups {
        let _ = writeln!(
            out,
            "<tr class=\"group\"><th scope=\"row\">{}</th><th scope=\"row\">{}</th><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td colspan=\"4\"></td></tr>",
            escape(id),
            escape(group_title),
            format_points(*declared),
            format_points(group_points(report, id))
        );
        for result in report.group_results(id) {
            write_row(&mut out, report, result);
        }
    }
    let _ = writeln!(
        out,
        "<tr class=\"total\"><th scope=\"row\" colspan=\"2\">Tổng</th><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td colspan=\"4\">Tổng điểm công bố: {}</td></tr>",
        format_points(report.max_score),
        format_points(report.score),
        format_points(report.declared_total)
    );
    out.push_str("</tbody>\n</table>\n");

    if !report.warnings.is_empty() {
        out.push_str("<section class=\"warnings\">\n<h2>Chỗ không khớp trong bộ tiêu chí</h2>\n<p>Số liệu giữ nguyên như văn bản gốc.</p>\n<ul>\n");
        for warning in &report.warnings {
            let _ = writeln!(out, "<li>{}</li>", escape(warning));
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn write_row(out: &mut String, report: &Report, result: &CriterionResult) {
    let criterion = &result.criterion;
    let title = criterion.title.lines().map(escape).collect::<Vec<_>>().join("<br>");
    let _ = write!(
        out,
        "<tr id=\"tieu-chi-{}\"><td>{}</td><td>{title}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
         <td>{}</td><td>{}</td><td>",
        escape(&criterion.id),
        escape(criterion.letter()),
        format_points(criterion.max_points),
        format_points(result.points),
        escape(&criterion.lead_unit()),
        escape(&criterion.partner_units.join(", "))
    );
    write_evidence(out, report, &result.evidence);
    let _ = write!(
        out,
        "</td><td><span class=\"status {}\">{}</span>",
        result.status.as_str(),
        escape(result.status.label())
    );
    if let Some(note) = &result.note {
        let _ = write!(out, " {}", escape(note));
    }
    if result.status == Status::NeedsAttestation || !result.findings.is_empty() {
        out.push_str("<ul>");
        for finding in &result.findings {
            let _ = write!(
                out,
                "<li><code>{}</code>: {}</li>",
                escape(&finding_location(finding)),
                with_code_spans(&finding.message)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</td></tr>\n");
}

fn write_evidence(out: &mut String, report: &Report, evidence: &[String]) {
    if evidence.is_empty() {
        return;
    }
    let folded = evidence.len() > OPEN_EVIDENCE;
    if folded {
        let _ = write!(out, "<details><summary>{} minh chứng</summary>", evidence.len());
    }
    out.push_str("<ul>");
    for item in evidence {
        match evidence_href(report, item) {
            Some(href) => {
                let _ = write!(out, "<li><a href=\"{}\">{}</a></li>", escape(&href), escape(item));
            }
            None => {
                let _ = write!(out, "<li><code>{}</code></li>", escape(item));
            }
        }
    }
    out.push_str("</ul>");
    if folded {
        out.push_str("</details>");
    }
}

/// Escapes a message and shows its `backquoted` spans (keys, values) as `<code>`.
fn with_code_spans(text: &str) -> String {
    let pairs = text.matches('`').count() / 2;
    let mut html = String::new();
    for (index, part) in text.split('`').enumerate() {
        // Odd parts lie between a pair of backquotes; a lone last backquote stays as text.
        if index % 2 == 1 && index <= pairs * 2 {
            let _ = write!(html, "<code>{}</code>", escape(part));
        } else {
            if index % 2 == 1 {
                html.push('`');
            }
            html.push_str(&escape(part));
        }
    }
    html
}

/// Escapes text for HTML content and double-quoted attributes, with the same rules as the
/// site's pages (control characters dropped).
fn escape(text: &str) -> String {
    crate::render::theme::escape_html(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_escape_and_mark_code() {
        assert_eq!(with_code_spans("thêm `loai: tin` <b>"), "thêm <code>loai: tin</code> &lt;b&gt;");
        assert_eq!(with_code_spans("a `b` c `d"), "a <code>b</code> c `d");
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
