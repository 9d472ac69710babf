//! The theme: Tera templates and static files (CSS, JS, fonts).
//!
//! The default theme is embedded in the binary, so any site builds without a `themes/`
//! folder. A site's `themes/default/` replaces embedded files of the same name, and a site's
//! `templates/` replaces templates of the same name again.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::Tera;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, display_path};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Site path under which the theme's static files are published.
pub const THEME_URL: &str = "/giao-dien";

/// A static file of the theme: embedded bytes or a file of the site.
#[derive(Debug, Clone)]
pub enum ThemeFile {
    Embedded(&'static [u8]),
    OnDisk(PathBuf),
}

/// The loaded theme.
pub struct Theme {
    pub tera: Tera,
    /// Static files by path relative to `static/`, `/` separated.
    pub files: Vec<(String, ThemeFile)>,
}

/// Every embedded default-theme file, by path relative to the theme folder.
pub fn embedded_files() -> Vec<(String, &'static [u8])> {
    let mut files = Vec::new();
    collect_embedded(&DEFAULT_THEME, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn collect_embedded(dir: &'static Dir<'static>, files: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        files.push((file.path().to_string_lossy().replace('\\', "/"), file.contents()));
    }
    for sub in dir.dirs() {
        collect_embedded(sub, files);
    }
}

fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files: Vec<(String, PathBuf)> = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            (relative, entry.path().to_path_buf())
        })
        .collect();
    files.sort();
    files
}

impl Theme {
    /// Loads the theme for the site in `root`.
    pub fn load(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates: Vec<(String, String)> = Vec::new();
        let mut files: Vec<(String, ThemeFile)> = Vec::new();

        for (path, contents) in embedded_files() {
            if let Some(name) = path.strip_prefix("templates/") {
                templates.push((name.to_owned(), String::from_utf8_lossy(contents).into_owned()));
            } else if let Some(name) = path.strip_prefix("static/") {
                files.push((name.to_owned(), ThemeFile::Embedded(contents)));
            }
        }

        let mut problems = Vec::new();
        let overrides =
            files_under(&root.join("themes/default/templates")).into_iter().chain(files_under(&root.join("templates")));
        for (name, path) in overrides {
            match crate::text::read_source(&path) {
                Ok(text) => {
                    templates.retain(|(existing, _)| *existing != name);
                    templates.push((name, text));
                }
                Err(error) => {
                    let (message, hint) = error.message();
                    problems.push(Diagnostic::error(display_path(root, &path), 0, message).hint(hint));
                }
            }
        }
        for (name, path) in files_under(&root.join("themes/default/static")) {
            files.retain(|(existing, _)| *existing != name);
            files.push((name, ThemeFile::OnDisk(path)));
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));

        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.register_filter("ngay", vietnamese_date);
        tera.set_escape_fn(escape_html);
        templates.sort();
        if let Err(error) = tera.add_raw_templates(templates) {
            problems.push(
                Diagnostic::error(
                    "templates",
                    0,
                    format!("mẫu trang (template) không hợp lệ: {}", tera_error_chain(&error)),
                )
                .hint("sửa mẫu trang theo cú pháp Tera, hoặc xóa tệp ghi đè để dùng mẫu mặc định"),
            );
        }
        if problems.is_empty() { Ok(Theme { tera, files }) } else { Err(problems) }
    }
}

/// Escapes `& < > " '` and drops control characters, which HTML does not allow. Tera's
/// default also escapes `/`, which makes every address in the output `&#x2F;`-encoded and
/// larger without making it safer inside quoted attributes.
pub(crate) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 8);
    escape_html_into(text, &mut escaped);
    escaped
}

/// Appends `text` to `escaped` as [`escape_html`] escapes it.
pub(crate) fn escape_html_into(text: &str, escaped: &mut String) {
    // Runs of characters that need no change are copied whole.
    let mut copied_to = 0;
    for (at, ch) in text.char_indices() {
        let replacement = match ch {
            '\t' | '\n' | '\r' => continue,
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            ch if ch.is_control() => "",
            _ => continue,
        };
        escaped.push_str(&text[copied_to..at]);
        escaped.push_str(replacement);
        copied_to = at + ch.len_utf8();
    }
    escaped.push_str(&text[copied_to..]);
}

/// Tera filter `ngay`: an ISO date or instant as `dd/mm/yyyy` in Vietnam time.
fn vietnamese_date(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value.as_str().ok_or_else(|| tera::Error::msg("bộ lọc `ngay` cần một chuỗi ngày"))?;
    let date = crate::date::VnDate::parse(text).map_err(tera::Error::msg)?;
    Ok(tera::Value::String(date.to_vietnamese()))
}

/// The whole cause chain of a Tera error on one line, since Tera puts the useful part (the
/// template line) in the source error.
pub fn tera_error_chain(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escape_replaces_markup_characters() {
        assert_eq!(escape_html(r#"Tôm & <cá> "kho" 'tộ'"#), "Tôm &amp; &lt;cá&gt; &quot;kho&quot; &#39;tộ&#39;");
    }

    #[test]
    fn escape_drops_control_characters_keeps_whitespace() {
        assert_eq!(escape_html("a\u{0}b\u{7}c\u{85}d\u{7f}"), "abcd");
        assert_eq!(escape_html("dòng 1\ndòng\t2\r\n"), "dòng 1\ndòng\t2\r\n");
    }

    #[test]
    fn escape_keeps_plain_text_and_slashes() {
        assert_eq!(escape_html("Nghị định 42/2022/NĐ-CP"), "Nghị định 42/2022/NĐ-CP");
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&"), "&amp;");
    }
}
