//! Checks on content beyond typing: keys allowed for the kind, required fields, agreement
//! between document type and symbol, schedule weeks, and URLs shared by two files.

use std::collections::BTreeMap;
use std::collections::hash_map::Entry;

use chrono::{Datelike, NaiveDate, Weekday};
use rustc_hash::FxHashMap;
use serde_yaml::{Mapping, Value};

use crate::content::Page;
use crate::content::load::{Asset, closest};
use crate::content::meta::{COMMON_KEYS, Kind};
use crate::diag::{Diagnostic, Diagnostics};

/// Every key some kind accepts, for telling "wrong section" from "unknown".
fn all_keys() -> Vec<&'static str> {
    let kinds = [
        Kind::Section,
        Kind::News,
        Kind::Document,
        Kind::Plan,
        Kind::Schedule,
        Kind::Consultation,
        Kind::Project,
        Kind::Question,
    ];
    let mut keys: Vec<&str> = COMMON_KEYS.to_vec();
    for kind in kinds {
        keys.extend(kind.own_keys());
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Reports keys that the kind does not accept, with the closest accepted key.
pub fn check_keys(
    source: &str,
    mapping: &Mapping,
    lines: &BTreeMap<String, usize>,
    kind: Kind,
    problems: &mut Vec<Diagnostic>,
) {
    let allowed = kind.allowed_keys();
    for key in mapping.keys() {
        let Value::String(key) = key else {
            // The written key may differ from the value YAML read (`0x10` is 16, `~` is null).
            let line = lines
                .iter()
                .find(|(written, _)| serde_yaml::from_str::<Value>(written).is_ok_and(|value| value == *key))
                .map_or(1, |(_, line)| *line);
            problems.push(
                Diagnostic::error(source, line, format!("khóa `{}` không phải chữ", yaml_scalar(key)))
                    .hint("tên trường là chữ thường không dấu, ví dụ `title`, `so_ky_hieu`"),
            );
            continue;
        };
        if allowed.contains(&key.as_str()) {
            continue;
        }
        let line = lines.get(key).copied().unwrap_or(1);
        let diagnostic = if all_keys().contains(&key.as_str()) {
            Diagnostic::error(source, line, format!("khóa không dùng cho {} (mục này)", kind.label())).field(key).hint(
                format!("xóa trường này hoặc chuyển tệp sang đúng mục; các trường dùng được: {}", allowed.join(", ")),
            )
        } else {
            match closest(key, &allowed) {
                Some(close) => Diagnostic::error(source, line, format!("khóa không hợp lệ, có phải `{close}`?"))
                    .field(key)
                    .hint(format!("sửa thành `{close}`")),
                None => Diagnostic::error(source, line, "khóa không hợp lệ")
                    .field(key)
                    .hint(format!("các trường dùng được: {}", allowed.join(", "))),
            }
        };
        problems.push(diagnostic);
    }
}

fn yaml_scalar(value: &Value) -> String {
    serde_yaml::to_string(value).map(|text| text.trim().to_owned()).unwrap_or_default()
}

/// Translates a serde or serde_yaml message about the field at `path` (`dien_thoai`,
/// `lich[0].gio`, empty at the top) into Vietnamese, with a hint where one helps.
pub fn explain_serde_error(raw: &str, path: &str) -> (String, Option<String>) {
    let raw = raw.trim();
    let backticked = |text: &str| -> Vec<String> { text.split('`').skip(1).step_by(2).map(str::to_owned).collect() };

    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let names = backticked(rest);
        if let Some((unknown, expected)) = names.split_first() {
            let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
            return match closest(unknown, &expected) {
                Some(close) => {
                    (format!("khóa `{unknown}` không hợp lệ, có phải `{close}`?"), Some(format!("sửa thành `{close}`")))
                }
                None => (
                    format!("khóa `{unknown}` không hợp lệ"),
                    Some(format!("các khóa dùng được: {}", expected.join(", "))),
                ),
            };
        }
    }
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        let names = backticked(rest);
        if let Some((unknown, expected)) = names.split_first() {
            return (
                format!("giá trị `{unknown}` không hợp lệ"),
                Some(format!("chọn một trong: {}", expected.join(", "))),
            );
        }
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        let name = backticked(rest).into_iter().next().unwrap_or_default();
        return (format!("thiếu trường `{name}`"), Some(format!("thêm dòng `{name}: …`")));
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let found_vi = describe_found(found);
        if expected.contains("boolean") {
            return (
                format!("cần giá trị đúng/sai, gặp {found_vi}"),
                Some("viết `true` (có) hoặc `false` (không); `yes`, `no`, `on`, `off` không được dùng".to_owned()),
            );
        }
        if expected.contains("string") || expected.contains("date") {
            return (format!("cần một chuỗi chữ, gặp {found_vi}"), Some(quote_hint(path, found)));
        }
        if expected.contains("sequence") {
            return (
                format!("cần một danh sách, gặp {found_vi}"),
                Some(
                    "viết danh sách, ví dụ `tags: [chuyển đổi số, dân tộc]` hoặc mỗi mục một dòng bắt đầu bằng `- `"
                        .to_owned(),
                ),
            );
        }
        if expected.contains("integer")
            || expected.contains("u8")
            || expected.contains("i32")
            || expected.contains("usize")
            || expected.contains("i64")
        {
            return (
                format!("cần một số nguyên, gặp {found_vi}"),
                Some("viết số không có dấu ngoặc kép, ví dụ `2022`".to_owned()),
            );
        }
        return (format!("kiểu giá trị không hợp lệ: gặp {found_vi}, cần {expected}"), None);
    }
    if raw.starts_with("invalid value: integer") || raw.contains("invalid digit") {
        return (format!("số không hợp lệ ({raw})"), Some("viết số nguyên dương, ví dụ `10`".to_owned()));
    }
    // Date messages come from `VnDate::parse` and are already Vietnamese.
    if raw.contains("tháng") || raw.contains("ngày") || raw.contains("năm") {
        return (raw.to_owned(), Some("viết một ngày có thật, dạng 15/03/2022 hoặc 2022-03-15".to_owned()));
    }
    (raw.to_owned(), None)
}

/// Builds the hint to quote the value of the field at `path`, with the field's own line as
/// example: `dien_thoai: "271380001"`, or `- "15"` for an item of a list. `found` is serde's
/// description of the value (`integer `15``).
fn quote_hint(path: &str, found: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let name = last.split('[').next().unwrap_or(last);
    let is_list_item = last.ends_with(']');

    // A document number needs its symbol, which the number alone lacks.
    let value = if name == "so_ky_hieu" && !is_list_item {
        Some("15/QĐ-UBND")
    } else {
        let scalar = ["integer ", "floating point ", "boolean "].iter().find_map(|kind| found.strip_prefix(kind));
        scalar.map(|value| value.trim_matches('`'))
    };

    let line = match (is_list_item || name.is_empty(), value) {
        (true, Some(value)) => format!("- \"{value}\""),
        (false, Some(value)) => format!("{name}: \"{value}\""),
        (true, None) => "- \"nội dung\"".to_owned(),
        (false, None) => format!("{name}: \"nội dung\""),
    };
    match value {
        Some(_) => format!("đặt giá trị trong ngoặc kép, ví dụ `{line}`"),
        None => format!("thay giá trị bằng một chuỗi chữ, ví dụ `{line}`"),
    }
}

fn describe_found(found: &str) -> String {
    if let Some(value) = found.strip_prefix("string ") {
        format!("chuỗi {value}")
    } else if let Some(value) = found.strip_prefix("integer ") {
        format!("số {value}")
    } else if let Some(value) = found.strip_prefix("floating point ") {
        format!("số {value}")
    } else if let Some(value) = found.strip_prefix("boolean ") {
        format!("giá trị đúng/sai {value}")
    } else if found == "sequence" {
        "một danh sách".to_owned()
    } else if found == "map" {
        "một bảng khóa–giá trị".to_owned()
    } else if found == "unit value" {
        "giá trị rỗng".to_owned()
    } else {
        found.to_owned()
    }
}

/// Abbreviations in document symbols and the types they stand for.
const SYMBOL_TYPES: &[(&str, &str)] = &[
    ("QĐ", "Quyết định"),
    ("KH", "Kế hoạch"),
    ("BC", "Báo cáo"),
    ("CT", "Chỉ thị"),
    ("TB", "Thông báo"),
    ("HD", "Hướng dẫn"),
    ("CV", "Công văn"),
    ("TTr", "Tờ trình"),
    ("NQ", "Nghị quyết"),
    ("NĐ", "Nghị định"),
    ("TT", "Thông tư"),
    ("TTLT", "Thông tư liên tịch"),
    ("QC", "Quy chế"),
    ("QyĐ", "Quy định"),
    ("CTr", "Chương trình"),
    ("ĐA", "Đề án"),
    ("PA", "Phương án"),
    ("GM", "Giấy mời"),
    ("L", "Luật"),
];

/// The document type that the symbol in `number` stands for (`2652/QĐ-UBND` gives
/// Quyết định).
pub fn type_of_symbol(number: &str) -> Option<&'static str> {
    let symbol = number.split('/').nth(1)?;
    let abbreviation = symbol.split('-').next()?.trim();
    SYMBOL_TYPES.iter().find(|(short, _)| *short == abbreviation).map(|(_, long)| *long)
}

/// Checks one page's fields against its kind.
pub fn check_page(page: &Page, problems: &mut Vec<Diagnostic>) {
    let source = page.source.as_str();
    let meta = &page.meta;
    let line = |key: &str| page.line_of(key);
    let has_title = meta.title.as_deref().is_some_and(|title| !title.trim().is_empty());

    let title_substitute = match page.kind {
        Kind::Document | Kind::Plan => meta.trich_yeu.is_some(),
        Kind::Question => meta.cau_hoi.is_some(),
        Kind::Project => meta.ten_du_an.is_some(),
        _ => false,
    };
    if !has_title && !title_substitute {
        problems.push(
            Diagnostic::error(source, 1, "thiếu tiêu đề")
                .field("title")
                .hint("thêm dòng `title: Tiêu đề bài` vào phần thông tin đầu trang"),
        );
    }

    match page.kind {
        Kind::News if meta.date.is_none() => problems.push(
            Diagnostic::error(source, 1, "thiếu ngày đăng")
                .field("date")
                .hint("thêm dòng `date: 15/03/2022` (ngày đăng tin, bài)"),
        ),
        Kind::News if meta.nguon == Some(crate::content::meta::NewsOrigin::SuuTam) && meta.nguon_goc.is_none() => {
            problems.push(
                Diagnostic::warning(source, line("nguon"), "tin sưu tầm chưa ghi nguồn gốc")
                    .field("nguon_goc")
                    .hint("thêm `nguon_goc:` với địa chỉ bài gốc"),
            )
        }
        Kind::Document | Kind::Plan => check_document_symbol(page, problems),
        Kind::Schedule => check_schedule(page, problems),
        Kind::Consultation if meta.han_gop_y.is_none() => problems.push(
            Diagnostic::error(source, 1, "thiếu thời hạn góp ý")
                .field("han_gop_y")
                .hint("thêm dòng `han_gop_y: 30/11/2022`"),
        ),
        Kind::Question if meta.cau_hoi.is_none() => problems.push(
            Diagnostic::error(source, 1, "thiếu nội dung câu hỏi")
                .field("cau_hoi")
                .hint("thêm `cau_hoi:` với câu hỏi của người dân"),
        ),
        _ => {}
    }

    if let (Some(from), Some(to)) = (meta.tu_nam, meta.den_nam) {
        if from > to {
            problems.push(
                Diagnostic::error(source, line("den_nam"), format!("năm kết thúc {to} trước năm bắt đầu {from}"))
                    .field("den_nam")
                    .hint("kiểm tra lại `tu_nam` và `den_nam`"),
            );
        }
    }
    if let (Some(issued), Some(effective)) = (&meta.ngay_ban_hanh, &meta.ngay_hieu_luc) {
        if effective.day() < issued.day() {
            problems.push(
                Diagnostic::warning(
                    source,
                    line("ngay_hieu_luc"),
                    format!("ngày hiệu lực {effective} trước ngày ban hành {issued}"),
                )
                .field("ngay_hieu_luc")
                .hint("kiểm tra lại hai ngày theo văn bản gốc"),
            );
        }
    }
}

fn check_document_symbol(page: &Page, problems: &mut Vec<Diagnostic>) {
    let (Some(number), Some(form)) = (&page.meta.so_ky_hieu, &page.meta.hinh_thuc) else {
        return;
    };
    if let Some(expected) = type_of_symbol(number) {
        if !form.trim().eq_ignore_ascii_case(expected) && !form.trim().to_lowercase().eq(&expected.to_lowercase()) {
            problems.push(
                Diagnostic::warning(
                    &page.source,
                    page.line_of("hinh_thuc"),
                    format!("hình thức `{form}` không khớp ký hiệu `{number}` (ký hiệu này là {expected})"),
                )
                .field("hinh_thuc")
                .hint(format!("sửa `hinh_thuc: {expected}` hoặc sửa lại số ký hiệu")),
            );
        }
    }
}

/// The Monday of an ISO week written `2022-W12`.
pub fn parse_iso_week(text: &str) -> Option<NaiveDate> {
    let (year, week) = text.trim().split_once("-W")?;
    NaiveDate::from_isoywd_opt(year.parse().ok()?, week.parse().ok()?, Weekday::Mon)
}

fn check_schedule(page: &Page, problems: &mut Vec<Diagnostic>) {
    let source = page.source.as_str();
    let Some(week) = &page.meta.tuan else {
        problems.push(
            Diagnostic::error(source, 1, "thiếu tuần của lịch công tác")
                .field("tuan")
                .hint("thêm dòng `tuan: 2022-W43` (năm, chữ W và số tuần theo ISO 8601)"),
        );
        return;
    };
    let Some(monday) = parse_iso_week(week) else {
        problems.push(
            Diagnostic::error(source, page.line_of("tuan"), format!("tuần `{week}` không hợp lệ"))
                .field("tuan")
                .hint("viết năm, chữ W và số tuần, ví dụ `2022-W43`"),
        );
        return;
    };
    for (index, entry) in page.meta.lich.iter().enumerate() {
        let day = entry.ngay.day();
        if day.iso_week() != monday.iso_week() {
            problems.push(
                Diagnostic::error(
                    source,
                    page.line_of("lich"),
                    format!(
                        "mục {} ngày {} không thuộc tuần {week} ({} – {})",
                        index + 1,
                        entry.ngay,
                        monday.format("%d/%m/%Y"),
                        (monday + chrono::Days::new(6)).format("%d/%m/%Y")
                    ),
                )
                .field(format!("lich[{index}].ngay"))
                .hint("sửa ngày hoặc chuyển mục sang tệp lịch của tuần đó"),
            );
        }
    }
}

/// Reports two sources that would be written to the same output file: two pages on one
/// address, or a page and a file of `content/` such as `le-hoi/index.html` on its address.
pub fn check_collisions(pages: &[Page], assets: &[Asset], diagnostics: &mut Diagnostics) {
    let mut owners: FxHashMap<String, &str> = FxHashMap::default();
    // Page addresses end with `/` and are written as the `index.html` of that folder.
    let targets = pages
        .iter()
        .map(|page| (format!("{}index.html", page.url), page.source.as_str()))
        .chain(assets.iter().map(|asset| (asset.url.clone(), asset.source.as_str())));
    let mut collisions: Vec<(String, String, String)> = Vec::new();
    for (file, source) in targets {
        match owners.entry(file) {
            Entry::Occupied(mut entry) => {
                let first = entry.insert(source);
                let (a, b) = if first < source { (first, source) } else { (source, first) };
                collisions.push((entry.key().clone(), a.to_owned(), b.to_owned()));
            }
            Entry::Vacant(entry) => {
                entry.insert(source);
            }
        }
    }
    collisions.sort();
    for (file, first, second) in collisions {
        let url = file.strip_suffix("index.html").unwrap_or(&file);
        diagnostics.push(
            Diagnostic::error(&second, 0, format!("trùng địa chỉ {url} với tệp {first}"))
                .hint("đổi tên một trong hai tệp, hoặc đặt `slug:` khác cho một bài"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_give_types() {
        assert_eq!(type_of_symbol("2652/QĐ-UBND"), Some("Quyết định"));
        assert_eq!(type_of_symbol("338/BC-STTTT"), Some("Báo cáo"));
        assert_eq!(type_of_symbol("42/2022/NĐ-CP"), None);
        assert_eq!(type_of_symbol("15/KH-BDT"), Some("Kế hoạch"));
    }

    #[test]
    fn serde_messages_become_vietnamese() {
        let (message, hint) = explain_serde_error("invalid type: string \"yes\", expected a boolean", "draft");
        assert_eq!(message, "cần giá trị đúng/sai, gặp chuỗi \"yes\"");
        assert!(hint.unwrap().contains("`true`"));
        let (message, _) = explain_serde_error("unknown field `ngayy`, expected one of `ngay`, `buoi`", "lich[0]");
        assert_eq!(message, "khóa `ngayy` không hợp lệ, có phải `ngay`?");
        let (message, hint) = explain_serde_error("invalid type: integer `15`, expected a string", "so_ky_hieu");
        assert_eq!(message, "cần một chuỗi chữ, gặp số `15`");
        assert_eq!(hint.as_deref(), Some("đặt giá trị trong ngoặc kép, ví dụ `so_ky_hieu: \"15/QĐ-UBND\"`"));
    }

    #[test]
    fn quote_hints_name_the_field() {
        let cases = [
            ("dien_thoai", "integer `271380001`", "đặt giá trị trong ngoặc kép, ví dụ `dien_thoai: \"271380001\"`"),
            ("[1].dien_thoai", "integer `2713`", "đặt giá trị trong ngoặc kép, ví dụ `dien_thoai: \"2713\"`"),
            ("lich[0].gio", "floating point `7.3`", "đặt giá trị trong ngoặc kép, ví dụ `gio: \"7.3\"`"),
            ("thay_the[0]", "integer `15`", "đặt giá trị trong ngoặc kép, ví dụ `- \"15\"`"),
            ("title", "boolean `true`", "đặt giá trị trong ngoặc kép, ví dụ `title: \"true\"`"),
            ("title", "sequence", "thay giá trị bằng một chuỗi chữ, ví dụ `title: \"nội dung\"`"),
        ];
        for (path, found, hint) in cases {
            assert_eq!(quote_hint(path, found), hint, "{path}");
        }
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(parse_iso_week("2022-W43"), NaiveDate::from_ymd_opt(2022, 10, 24));
        assert_eq!(parse_iso_week("2022-W60"), None);
        assert_eq!(parse_iso_week("tuần 3"), None);
    }
}
