//! Hostile sizes and shapes: a 50 MB Markdown file, tens of thousands of unclosed link
//! destinations, lists and block quotes nested 10,000 deep, long delimiter runs, and a
//! 30,000-character line in a highlighted code block. None may crash the build (no stack
//! overflow, no panic) or take long; time bounds are generous for debug builds on two cores.

mod common;

use std::time::{Duration, Instant};

use common::*;

/// Creates a site with a news item whose body is `body`.
fn news_with_body(body: &str) -> Sandbox {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write("content/tin-tuc/lon.md", format!("---\ntitle: Tin lớn\ndate: 15/03/2022\n---\n\n{body}\n"));
    sandbox
}

/// Builds `sandbox`, which must succeed within `bound`, and returns the built page.
fn builds_within(sandbox: &Sandbox, bound: Duration) -> String {
    let started = Instant::now();
    let run = sandbox.build(&[]);
    let elapsed = started.elapsed();

    run.assert_no_panic().assert_code(0);
    assert!(elapsed < bound, "build took {elapsed:?}, bound {bound:?}");
    sandbox.page_text("/tin-tuc/lon/")
}

#[test]
#[ignore = "slow: about 50 s in a debug build; run in release with --ignored"]
fn markdown_50_mb_builds() {
    let paragraph = "Ủy ban nhân dân tỉnh Bình Phước ban hành kế hoạch thực hiện chuyển đổi số năm 2022, \
                     với **nhiều** nội dung _quan trọng_ và [liên kết](/tin-tuc/hop-ban/).\n\n";
    let target = 50 * 1024 * 1024;
    let mut body = String::with_capacity(target + 1024);
    let mut section = 0;
    while body.len() < target {
        if section % 1000 == 0 {
            body.push_str(&format!("## Mục {section}\n\n"));
        }
        body.push_str(paragraph);
        section += 1;
    }
    let sandbox = news_with_body(&body);

    let page = builds_within(&sandbox, Duration::from_secs(60));

    assert!(page.len() > target, "the whole body is published: {} bytes", page.len());
    assert!(page.contains("id=\"muc-0\""), "headings get ids");
}

#[test]
fn unclosed_link_destinations_quick() {
    let sandbox = news_with_body(&"[a](<b".repeat(50_000));

    let page = builds_within(&sandbox, Duration::from_secs(30));

    assert!(page.contains("[a](&lt;b[a](&lt;b"), "the text is shown as written, escaped");
}

#[test]
fn repeated_headings_quick_and_unique() {
    let sandbox = news_with_body(&"## Tiêu đề\n\n".repeat(20_000));

    let page = builds_within(&sandbox, Duration::from_secs(30));

    assert!(page.contains("id=\"tieu-de\""), "the first heading keeps the plain id");
    assert!(page.contains("id=\"tieu-de-19999\""), "the last heading gets the last number");
}

#[test]
fn lists_nested_10000_deep() {
    let sandbox = news_with_body(&format!("{}sâu nhất", "- ".repeat(10_000)));

    let page = builds_within(&sandbox, Duration::from_secs(30));

    assert!(page.contains("sâu nhất"), "the innermost item is published");
}

#[test]
fn ordered_lists_nested_10000_deep() {
    let sandbox = news_with_body(&format!("{}sâu nhất", "1. ".repeat(10_000)));

    let page = builds_within(&sandbox, Duration::from_secs(30));

    assert!(page.contains("sâu nhất"), "the innermost item is published");
}

#[test]
fn blockquotes_nested_10000_deep() {
    let sandbox = news_with_body(&format!("{}sâu nhất", "> ".repeat(10_000)));

    let page = builds_within(&sandbox, Duration::from_secs(30));

    assert!(page.contains("sâu nhất"), "the innermost quote is published");
}

#[test]
fn html_nested_20000_deep() {
    let sandbox = news_with_body(&format!("{}sâu nhất{}", "<div>".repeat(20_000), "</div>".repeat(20_000)));

    let page = builds_within(&sandbox, Duration::from_secs(30));

    assert!(page.contains("sâu nhất"), "the innermost element is published");
}

#[test]
fn delimiter_runs_quick() {
    let runs = format!(
        "{}x{}\n\n{}y{}\n\n{}",
        "*".repeat(20_000),
        "*".repeat(20_000),
        "[".repeat(20_000),
        "]".repeat(20_000),
        "*a _b ".repeat(10_000)
    );
    let sandbox = news_with_body(&runs);

    builds_within(&sandbox, Duration::from_secs(30));
}

#[test]
fn long_rust_line_plain_and_quick() {
    let line = format!("let ten = \"{}\"; // <b>&", "x".repeat(30_000));
    let sandbox = news_with_body(&format!("```rust\n{line}\n```"));

    let page = builds_within(&sandbox, Duration::from_secs(20));

    assert!(page.contains("<pre><code>let ten = &quot;xxx"), "the block falls back to plain text");
    assert!(page.contains("; // &lt;b&gt;&amp;"), "the code is escaped");
}
