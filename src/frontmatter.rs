//! Splitting a content file into its YAML front matter and Markdown body, and reading the
//! YAML with line numbers that refer to the file, not to the front-matter block.
//!
//! The front matter is the block between a first line `---` and the next line that is `---`
//! or `...`; spaces after a fence are allowed. A file without a first `---` line has no front
//! matter. `---` inside the body or inside a value is body or value text.

use std::collections::BTreeMap;

use serde_yaml::{Mapping, Value};

/// A file split into front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences; empty when the file has none.
    pub yaml: &'a str,
    /// Line in the file of the first YAML line.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Line in the file where the body starts.
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file has no characters other than white space.
    Empty,
    /// The opening `---` has no closing fence.
    Unclosed,
}

fn is_fence(line: &str, closing: bool) -> bool {
    let line = line.trim_end();
    line == "---" || (closing && line == "...")
}

/// Splits `text` (already with `\n` line endings) at its front-matter fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }

    let first_line_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_line_end], false) {
        return Ok(Split { yaml: "", yaml_line: 1, body: text, body_line: 1 });
    }

    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line_number = 2;
    while offset < text.len() {
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        if is_fence(&text[offset..line_end], true) {
            let body_start = (line_end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_number + 1,
            });
        }
        offset = line_end + 1;
        line_number += 1;
    }
    Err(SplitError::Unclosed)
}

/// A YAML syntax error, located in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Line in the file.
    pub line: usize,
    /// Vietnamese message.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// The key declared twice, when that is the error.
    duplicate_key: Option<String>,
}

/// Parses front-matter YAML into a mapping. `first_line` is the file line of the YAML's
/// first line, so that errors point into the file.
pub fn parse_mapping(yaml: &str, first_line: usize) -> Result<Mapping, YamlError> {
    match parse_value(yaml, first_line)? {
        Value::Mapping(mapping) => Ok(mapping),
        Value::Null => Ok(Mapping::new()),
        _ => Err(YamlError {
            line: first_line,
            message: "phần thông tin đầu trang phải là các cặp `khóa: giá trị`".to_owned(),
            hint: "viết mỗi trường trên một dòng, ví dụ `title: Tiêu đề bài`".to_owned(),
            duplicate_key: None,
        }),
    }
}

/// Parses any YAML document, reporting tabs, duplicate keys and syntax errors with the file
/// line (`first_line` is the file line of the YAML's first line).
pub fn parse_value(yaml: &str, first_line: usize) -> Result<Value, YamlError> {
    if yaml.trim().is_empty() {
        return Ok(Value::Null);
    }
    if let Some(index) = yaml.lines().position(|line| line.trim_start_matches(' ').starts_with('\t')) {
        return Err(YamlError {
            line: first_line + index,
            message: "dòng thụt lề bằng phím Tab; YAML chỉ cho thụt lề bằng dấu cách".to_owned(),
            hint: "thay các ký tự Tab ở đầu dòng bằng dấu cách (thường là 2 dấu cách)".to_owned(),
            duplicate_key: None,
        });
    }
    serde_yaml::from_str::<Value>(yaml).map_err(|error| {
        // libyaml places an error found at the end of the text on the line after the last one,
        // which is past the end of a file without a final newline.
        let last_line = first_line + yaml.lines().count().max(1) - 1;
        let line = error.location().map_or(first_line, |location| first_line + location.line() - 1).min(last_line);
        let mut translated = translate_yaml_error(&error.to_string(), line);

        // serde_yaml locates a duplicate key at the start of its mapping; point at the repeat.
        if let Some(key) = translated.duplicate_key.take() {
            let indent = yaml.lines().nth(line - first_line).map_or(0, |text| text.len() - text.trim_start().len());
            let repeats: Vec<usize> = yaml
                .lines()
                .enumerate()
                .skip(line - first_line)
                .filter(|(_, text)| {
                    text.len() - text.trim_start().len() == indent
                        && leading_key(text.trim_start().trim_start_matches("- ")) == Some(key.as_str())
                })
                .map(|(index, _)| index)
                .collect();
            if let Some(second) = repeats.get(1) {
                translated.line = first_line + second;
            }
        }
        translated
    })
}

/// Returns the key that `line` starts with, without its quotes, when the line is
/// `key: value`, `"key": value` or `'key': value`.
fn leading_key(line: &str) -> Option<&str> {
    let (key, rest) = match line.chars().next()? {
        quote @ ('"' | '\'') => {
            let end = 1 + line[1..].find(quote)?;
            (&line[1..end], &line[end + 1..])
        }
        _ => {
            let colon = line.find(':')?;
            (line[..colon].trim_end(), &line[colon..])
        }
    };
    rest.trim_start().starts_with(':').then_some(key)
}

fn translate_yaml_error(message: &str, line: usize) -> YamlError {
    if let Some(rest) = message.split("duplicate entry with key ").nth(1) {
        // A string key is quoted in the message and may contain spaces.
        let key = match rest.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next().unwrap_or(""),
            None => rest.split_whitespace().next().unwrap_or(""),
        };
        return YamlError {
            line,
            message: format!("trường `{key}` được khai báo hai lần"),
            hint: "giữ một dòng cho mỗi trường và xóa dòng còn lại".to_owned(),
            duplicate_key: Some(key.to_owned()),
        };
    }
    let detail = message.split(" at line ").next().unwrap_or(message);
    YamlError {
        line,
        message: format!("cú pháp YAML không hợp lệ ({detail})"),
        hint: "kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép ở dòng này; giá trị có dấu `:` hoặc `#` \
               cần đặt trong ngoặc kép"
            .to_owned(),
        duplicate_key: None,
    }
}

/// The file line of each top-level key, found by scanning the YAML lines that start with
/// `key:` at column 0.
pub fn key_lines(yaml: &str, first_line: usize) -> BTreeMap<String, usize> {
    let mut lines = BTreeMap::new();
    for (index, line) in yaml.lines().enumerate() {
        if line.starts_with([' ', '#', '-']) {
            continue;
        }
        if let Some((key, _)) = line.split_once(':') {
            let key = key.trim().trim_matches(['"', '\'']);
            if !key.is_empty() {
                lines.entry(key.to_owned()).or_insert(first_line + index);
            }
        }
    }
    lines
}

/// The YAML text of each top-level key (its line and the indented lines after it), with the
/// key and the file line where it starts, so that each key can be typed on its own.
pub fn key_segments(yaml: &str, first_line: usize) -> Vec<(String, &str, usize)> {
    let starts: Vec<(usize, usize)> = {
        let mut offset = 0;
        let mut starts = Vec::new();
        for (index, line) in yaml.split_inclusive('\n').enumerate() {
            let is_key = !line.starts_with([' ', '#', '-', '\n']) && line.contains(':');
            if is_key {
                starts.push((offset, index));
            }
            offset += line.len();
        }
        starts
    };
    let mut segments = Vec::new();
    for (position, &(offset, index)) in starts.iter().enumerate() {
        let end = starts.get(position + 1).map_or(yaml.len(), |next| next.0);
        let segment = &yaml[offset..end];
        let key = segment.split(':').next().unwrap_or("").trim().trim_matches(['"', '\'']).to_owned();
        segments.push((key, segment, first_line + index));
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body_with_lines() {
        let split = split("---\ntitle: A\ndate: 2022-01-02\n---\n\nBody\n").unwrap();
        assert_eq!(split.yaml, "title: A\ndate: 2022-01-02\n");
        assert_eq!(split.yaml_line, 2);
        assert_eq!(split.body, "\nBody\n");
        assert_eq!(split.body_line, 5);
    }

    #[test]
    fn fences_may_have_trailing_spaces_and_dots_close() {
        let split = split("---  \ntitle: A\n...\nBody").unwrap();
        assert_eq!(split.yaml, "title: A\n");
        assert_eq!(split.body, "Body");
    }

    #[test]
    fn dashes_inside_body_and_values_are_text() {
        let split = split("---\ntitle: A---B\n---\nx\n---\ny\n").unwrap();
        assert_eq!(split.yaml, "title: A---B\n");
        assert_eq!(split.body, "x\n---\ny\n");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let split = split("# Tiêu đề\n").unwrap();
        assert_eq!(split.yaml, "");
        assert_eq!(split.body, "# Tiêu đề\n");
    }

    #[test]
    fn front_matter_only_has_empty_body() {
        let split = split("---\ntitle: A\n---").unwrap();
        assert_eq!(split.yaml, "title: A\n");
        assert_eq!(split.body, "");
    }

    #[test]
    fn unclosed_and_empty_are_errors() {
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::Unclosed));
        assert_eq!(split("  \n"), Err(SplitError::Empty));
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let error = parse_mapping("title: A\nbad: [1\n", 2).unwrap_err();
        assert!(error.line >= 3, "line {}", error.line);
        let tab = parse_mapping("title: A\nlich:\n\t- a\n", 2).unwrap_err();
        assert_eq!(tab.line, 4);
    }

    #[test]
    fn duplicate_keys_are_named() {
        let error = parse_mapping("title: A\ndate: 2022-01-01\ntitle: B\n", 2).unwrap_err();
        assert_eq!(error.message, "trường `title` được khai báo hai lần");
        assert_eq!(error.line, 4);
    }

    #[test]
    fn duplicate_quoted_keys_point_at_the_repeat() {
        let error = parse_mapping("\"title\": A\ndate: 2022-01-01\n'title': B\n", 2).unwrap_err();
        assert_eq!(error.message, "trường `title` được khai báo hai lần");
        assert_eq!(error.line, 4);
        let spaced = parse_mapping("\"so ky hieu\": A\n\"so ky hieu\": B\n", 2).unwrap_err();
        assert_eq!(spaced.message, "trường `so ky hieu` được khai báo hai lần");
        assert_eq!(spaced.line, 3);
    }

    #[test]
    fn end_of_file_error_on_last_line() {
        let error = parse_value("dia_chi: [Số 1", 1).unwrap_err();
        assert_eq!(error.line, 1);
        let with_newline = parse_value("title: A\nbad: [1\n", 2).unwrap_err();
        assert_eq!(with_newline.line, 3);
    }

    #[test]
    fn leading_keys_are_unquoted() {
        assert_eq!(leading_key("title: A"), Some("title"));
        assert_eq!(leading_key("title : A"), Some("title"));
        assert_eq!(leading_key("\"title\": A"), Some("title"));
        assert_eq!(leading_key("'ti:tle' : A"), Some("ti:tle"));
        assert_eq!(leading_key("\"title\" A"), None);
        assert_eq!(leading_key("plain text"), None);
    }

    #[test]
    fn key_segments_cover_nested_lines() {
        let segments = key_segments("title: A\nlich:\n  - ngay: x\ntags: [a]\n", 2);
        assert_eq!(segments.len(), 3);
        assert_eq!(segments[1], ("lich".to_owned(), "lich:\n  - ngay: x\n", 3));
        assert_eq!(segments[2].2, 5);
    }

    #[test]
    fn key_lines_skip_nested_values() {
        let lines = key_lines("title: A\nlich:\n  - ngay: x\n# c\ntags: [a]\n", 2);
        assert_eq!(lines["title"], 2);
        assert_eq!(lines["lich"], 3);
        assert_eq!(lines["tags"], 6);
        assert!(!lines.contains_key("ngay"));
    }
}
