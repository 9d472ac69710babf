//! The internal link check: every link and image in a Markdown body that points into the site
//! must reach a page or file of the build, and its `#fragment` an element of that page.
//! External addresses (`https:`, `mailto:`, `tel:`) are not fetched.

use percent_encoding::percent_decode_str;

use crate::content::Page;
use crate::diag::Diagnostic;

/// Element ids that every generated page has, besides those of the body.
const LAYOUT_IDS: &[&str] = &["noi-dung"];

/// Resolves `target` written on the page at `page_url` to a site path and an optional
/// fragment; `None` for external and non-navigating links.
pub fn resolve(page_url: &str, target: &str) -> Option<(String, Option<String>)> {
    let target = target.trim();
    if target.is_empty() {
        return None;
    }
    let lower = target.to_ascii_lowercase();
    let has_scheme = lower.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if has_scheme || target.starts_with("//") {
        return None;
    }

    let (path_and_query, fragment) = match target.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment.to_owned())),
        None => (target, None),
    };
    let path = path_and_query.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some((page_url.to_owned(), fragment));
    }

    let decoded = percent_decode_str(path).decode_utf8_lossy().into_owned();
    let joined = if decoded.starts_with('/') {
        decoded
    } else {
        let base = &page_url[..page_url.rfind('/').map_or(0, |index| index + 1)];
        format!("{base}{decoded}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let mut resolved = format!("/{}", parts.join("/"));
    if joined.ends_with('/') && resolved != "/" {
        resolved.push('/');
    }
    Some((crate::text::nfc(&resolved), fragment))
}

/// Checks the links of `pages`. `exists` returns whether a file path is part of the build
/// (`/tin-tuc/index.html`, `/giao-dien/css/trangtin.css`); `anchors` gives the ids of the
/// page at a URL, for content pages.
pub fn check<'a, 's>(
    pages: impl IntoIterator<Item = &'a Page>,
    exists: impl Fn(&str) -> bool,
    anchors: impl Fn(&str) -> Option<&'s [String]>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for page in pages {
        for link in &page.links {
            let target = link.site_path.as_deref().unwrap_or(&link.target);
            let Some((path, fragment)) = resolve(&page.url, target) else {
                continue;
            };
            let page_file =
                if path.ends_with('/') { format!("{path}index.html") } else { format!("{path}/index.html") };
            let found_page = exists(&page_file);
            let found_file = exists(&path);
            if !found_page && !found_file {
                let hint = if link.target.ends_with(".md") {
                    "liên kết tới bài khác bằng địa chỉ trang, ví dụ `/tin-tuc/le-hoi/`, không bằng tên tệp .md"
                        .to_owned()
                } else {
                    "sửa địa chỉ cho đúng một trang hoặc tệp có trên trang, hoặc xóa liên kết".to_owned()
                };
                problems.push(
                    Diagnostic::error(
                        &page.source,
                        link.line,
                        format!("liên kết hỏng: `{}` không dẫn tới trang hay tệp nào", link.target),
                    )
                    .hint(hint),
                );
                continue;
            }
            let Some(fragment) = fragment.filter(|fragment| !fragment.is_empty()) else {
                continue;
            };
            let fragment = percent_decode_str(&fragment).decode_utf8_lossy().into_owned();
            let page_url = if path.ends_with('/') { path.clone() } else { format!("{path}/") };
            let known = anchors(&page_url);
            let exists = LAYOUT_IDS.contains(&fragment.as_str()) || known.is_some_and(|ids| ids.contains(&fragment));
            // Anchors are known only for content pages; generated pages are not checked.
            if known.is_some() && !exists {
                problems.push(
                    Diagnostic::error(&page.source, link.line, format!("liên kết hỏng: trang {page_url} không có mục `#{fragment}`"))
                        .hint("sửa phần sau dấu # cho đúng mã một tiêu đề của trang đích (xem mã trong thanh địa chỉ khi bấm vào tiêu đề)"),
                );
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_absolute() {
        assert_eq!(resolve("/tin-tuc/a/", "../b/"), Some(("/tin-tuc/b/".to_owned(), None)));
        assert_eq!(resolve("/tin-tuc/a/", "/van-ban/#x"), Some(("/van-ban/".to_owned(), Some("x".to_owned()))));
        assert_eq!(resolve("/tin-tuc/a/", "#muc-1"), Some(("/tin-tuc/a/".to_owned(), Some("muc-1".to_owned()))));
        assert_eq!(resolve("/tin-tuc/a/", "anh.png"), Some(("/tin-tuc/a/anh.png".to_owned(), None)));
        assert_eq!(resolve("/a/", "../../../../etc/passwd"), Some(("/etc/passwd".to_owned(), None)));
        assert_eq!(resolve("/a/", "https://chinhphu.vn"), None);
        assert_eq!(resolve("/a/", "mailto:a@b.vn"), None);
        assert_eq!(resolve("/a/", "//cdn.example/x.js"), None);
    }
}
