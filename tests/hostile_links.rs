//! Hostile links: internal links to missing pages, missing `#anchors` on this and other pages,
//! anchors that only raw HTML defines, and links to attachments. Broken links are errors with
//! the file and line; links that reach something pass.

mod common;

use common::*;

const BROKEN_LINK_HINT: &str = "  → sửa địa chỉ cho đúng một trang hoặc tệp có trên trang, hoặc xóa liên kết";

const BROKEN_ANCHOR_HINT: &str =
    "  → sửa phần sau dấu # cho đúng mã một tiêu đề của trang đích (xem mã trong thanh địa chỉ khi bấm vào tiêu đề)";

/// Creates a site with a news item whose body, from line 6 on, is `body`, beside the base
/// site's `hop-ban.md`.
fn news_with_body(body: &str) -> Sandbox {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write("content/tin-tuc/lien-ket.md", format!("---\ntitle: Tin\ndate: 15/03/2022\n---\n\n{body}\n"));
    sandbox
}

#[test]
fn missing_page_rejected() {
    assert_build_rejected(
        &news_with_body("Xem [bài cũ](/tin-tuc/khong-co/)."),
        &[
            "lỗi: content/tin-tuc/lien-ket.md:6: liên kết hỏng: `/tin-tuc/khong-co/` không dẫn tới trang hay tệp nào",
            BROKEN_LINK_HINT,
        ],
    );
}

#[test]
fn raw_html_links_checked() {
    assert_build_rejected(
        &news_with_body(
            "Đoạn đầu.\n\n<p><a href=\"/tin-tuc/khong-co/\">cũ</a> <a href=\"/tin-tuc/hop-ban/\">họp</a></p>\n\n\
             <img src=\"anh-thieu.png\" alt=\"Ảnh\">",
        ),
        &[
            "lỗi: content/tin-tuc/lien-ket.md:8: liên kết hỏng: `/tin-tuc/khong-co/` không dẫn tới trang hay tệp nào",
            BROKEN_LINK_HINT,
            "lỗi: content/tin-tuc/lien-ket.md:10: liên kết hỏng: `anh-thieu.png` không dẫn tới trang hay tệp nào",
            BROKEN_LINK_HINT,
        ],
    );
}

#[test]
fn raw_html_anchor_link_checked() {
    assert_build_rejected(
        &news_with_body("<p id=\"muc-1\">Mục</p>\n\n<a href=\"#muc-1\">đúng</a> <a href=\"#muc-9\">sai</a>"),
        &[
            "lỗi: content/tin-tuc/lien-ket.md:8: liên kết hỏng: trang /tin-tuc/lien-ket/ không có mục `#muc-9`",
            BROKEN_ANCHOR_HINT,
        ],
    );
}

#[test]
fn missing_anchor_other_page_rejected() {
    assert_build_rejected(
        &news_with_body("Xem [mục](/tin-tuc/hop-ban/#khong-co)."),
        &[
            "lỗi: content/tin-tuc/lien-ket.md:6: liên kết hỏng: trang /tin-tuc/hop-ban/ không có mục `#khong-co`",
            BROKEN_ANCHOR_HINT,
        ],
    );
}

#[test]
fn same_page_anchor_good_and_bad() {
    assert_build_rejected(
        &news_with_body("## Mục một {#muc-1}\n\n[đúng](#muc-1) và [sai](#muc-2)"),
        &[
            "lỗi: content/tin-tuc/lien-ket.md:8: liên kết hỏng: trang /tin-tuc/lien-ket/ không có mục `#muc-2`",
            BROKEN_ANCHOR_HINT,
        ],
    );
}

#[test]
fn good_links_build() {
    let sandbox = news_with_body(
        "## Mục một {#muc-1}\n\n## Chuyển đổi số\n\n\
         [a](#muc-1) [b](#chuyen-doi-so) [c](hop-ban.md) [d](/tin-tuc/hop-ban/) [e](/tin-tuc/hop-ban) [f](../) \
         [g](/) [h](#noi-dung) [i](https://chinhphu.vn/#x) [j](mailto:vanphong@vidu.gov.vn) [k](tel:02713800000)",
    );

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    let page = sandbox.page("/tin-tuc/lien-ket/");
    let links = hrefs(&page);
    assert!(links.contains(&"/tin-tuc/hop-ban/".to_owned()), "a link to a .md file points at its page: {links:?}");
}

#[test]
fn raw_html_ids_accepted() {
    let sandbox = news_with_body(
        "<p id=\"ghi-chu\">Ghi chú</p>\n\n<div ID='phu-luc'>Phụ lục</div>\n\n<span class=\"x\" id=bang-1>Bảng</span>\n\n\
         [1](#ghi-chu) [2](#phu-luc) [3](#bang-1)",
    );

    sandbox.build(&[]).assert_no_panic().assert_code(0);
}

#[test]
fn data_attribute_is_not_an_anchor() {
    assert_build_rejected(
        &news_with_body("<p data-id=\"gia\">x</p>\n\n[1](#gia)"),
        &[
            "lỗi: content/tin-tuc/lien-ket.md:8: liên kết hỏng: trang /tin-tuc/lien-ket/ không có mục `#gia`",
            BROKEN_ANCHOR_HINT,
        ],
    );
}

#[test]
fn raw_html_id_with_spaces_accepted() {
    let sandbox = news_with_body("<p id = \"ghi-chu\">Ghi chú</p>\n\n[1](#ghi-chu)");

    sandbox.build(&[]).assert_no_panic().assert_code(0);
}

#[test]
fn named_link_target_accepted() {
    // Browsers scroll to `<a name="…">` as they do to an id.
    let sandbox = news_with_body("<a name=\"phu-luc\"></a>\n\n[1](#phu-luc)");

    sandbox.build(&[]).assert_no_panic().assert_code(0);
}

#[test]
fn attachment_links_good_and_bad() {
    let sandbox = news_with_body("[Tải về](tep/Kế hoạch.pdf) và [tệp thiếu](tep/khong-co.pdf)");
    sandbox.write("content/tin-tuc/tep/Kế hoạch.pdf", "%PDF-1.4 kế hoạch");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/lien-ket.md:6: liên kết hỏng: `tep/khong-co.pdf` không dẫn tới trang hay tệp nào",
            BROKEN_LINK_HINT,
        ],
    );

    sandbox.write(
        "content/tin-tuc/lien-ket.md",
        "---\ntitle: Tin\ndate: 15/03/2022\n---\n\n[Tải về](<tep/Kế hoạch.pdf>)\n",
    );
    sandbox.build(&[]).assert_no_panic().assert_code(0);
    assert_eq!(
        hrefs(&sandbox.page("/tin-tuc/lien-ket/")).iter().filter(|href| *href == "/tin-tuc/tep/ke-hoach.pdf").count(),
        1
    );
    let copy = std::fs::read(file_of(&sandbox.output(), "/tin-tuc/tep/ke-hoach.pdf")).expect("attachment copied");
    assert_eq!(copy, "%PDF-1.4 kế hoạch".as_bytes());
}
