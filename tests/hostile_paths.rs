//! Hostile paths: slugs and attachments that climb out of `content/` or are absolute, links to
//! `/etc/passwd`, symbolic links to files and folders outside the site, and two sources that
//! would be written to one address. Content must never escape its folder, and nothing from
//! outside the site may reach the output or the messages.

#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;

use common::*;

const SLUG_HINT: &str =
    "  → slug chỉ là một đoạn địa chỉ, ví dụ `le-hoi-2022`; bài luôn nằm trong mục của thư mục chứa nó";

const ATTACHMENT_HINT: &str =
    "  → đặt tệp trong content/, ghi đường dẫn tính từ thư mục của bài (ví dụ `tep/qd-2652.pdf`)";

const SYMLINK_HINT: &str = "  → chép tệp vào content/ thay vì tạo liên kết tới nơi khác";

const SAME_URL_HINT: &str = "  → đổi tên một trong hai tệp, hoặc đặt `slug:` khác cho một bài";

/// Bytes of a file outside the site that must never be published or printed.
const SECRET: &str = "BÍ-MẬT-NGOÀI-TRANG 7f3a";

fn site_with(file: &str, contents: &str) -> Sandbox {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write(file, contents);
    sandbox
}

/// Returns a path that climbs from `content/tin-tuc/` past the file-system root, then goes
/// down to `target` (an absolute path).
fn climbing_to(target: &str) -> String {
    format!("{}{}", "../".repeat(40), target.trim_start_matches('/'))
}

fn document_with_attachment(path: &str) -> Sandbox {
    site_with(
        "content/van-ban/chi-dao-dieu-hanh/qd-2.md",
        &format!("---\ntitle: Quyết định 2\nso_ky_hieu: 2/QĐ-UBND\ntep:\n  - {path}\n---\n"),
    )
}

#[test]
fn slug_parent_rejected() {
    let sandbox = site_with("content/tin-tuc/leo.md", "---\ntitle: Tin\ndate: 15/03/2022\nslug: ../../x\n---\n");

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/leo.md:4: trường `slug`: slug `../../x` chứa `/`, `\\` hoặc `..`", SLUG_HINT],
    );
}

#[test]
fn slug_absolute_rejected() {
    let sandbox = site_with("content/tin-tuc/goc.md", "---\ntitle: Tin\ndate: 15/03/2022\nslug: /abs\n---\n");

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/goc.md:4: trường `slug`: slug `/abs` chứa `/`, `\\` hoặc `..`", SLUG_HINT],
    );
}

#[test]
fn attachment_parent_rejected() {
    // Three levels up from the document's folder is the sandbox, which has no etc/passwd.
    assert_build_rejected(
        &document_with_attachment("../../../etc/passwd"),
        &[
            "lỗi: content/van-ban/chi-dao-dieu-hanh/qd-2.md:4: trường `tep`: tệp đính kèm `../../../etc/passwd`: không tìm thấy tệp",
            ATTACHMENT_HINT,
        ],
    );

    // Climbing past the root reaches the real /etc/passwd.
    let climbing = climbing_to("/etc/passwd");
    assert_build_rejected(
        &document_with_attachment(&climbing),
        &[
            &format!(
                "lỗi: content/van-ban/chi-dao-dieu-hanh/qd-2.md:4: trường `tep`: tệp đính kèm `{climbing}`: tệp nằm ngoài thư mục content/"
            ),
            ATTACHMENT_HINT,
        ],
    );
}

#[test]
fn attachment_absolute_rejected() {
    assert_build_rejected(
        &document_with_attachment("/etc/passwd"),
        &[
            "lỗi: content/van-ban/chi-dao-dieu-hanh/qd-2.md:4: trường `tep`: tệp đính kèm `/etc/passwd`: đường dẫn tuyệt đối hoặc địa chỉ mạng",
            ATTACHMENT_HINT,
        ],
    );
}

#[test]
fn image_outside_rejected() {
    let sandbox = site_with("content/tin-tuc/anh.md", "---\ntitle: Tin\ndate: 15/03/2022\nanh: ../../site.yaml\n---\n");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/anh.md:4: trường `anh`: tệp đính kèm `../../site.yaml`: tệp nằm ngoài thư mục content/",
            ATTACHMENT_HINT,
        ],
    );
}

#[test]
fn link_to_etc_passwd_broken() {
    let sandbox = site_with(
        "content/tin-tuc/lien-ket.md",
        "---\ntitle: Tin\ndate: 15/03/2022\n---\n\nXem [tệp](../../../../etc/passwd).\n",
    );

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/lien-ket.md:6: liên kết hỏng: `../../../../etc/passwd` không dẫn tới trang hay tệp nào",
            "  → sửa địa chỉ cho đúng một trang hoặc tệp có trên trang, hoặc xóa liên kết",
        ],
    );
}

#[test]
fn symlink_outside_rejected() {
    let sandbox = Sandbox::with_site("hostile-base");
    let secret = sandbox.path().join("bi-mat.txt");
    std::fs::write(&secret, SECRET).expect("write the outside file");
    let outside_page = sandbox.path().join("ngoai.md");
    std::fs::write(&outside_page, format!("---\ntitle: {SECRET}\ndate: 15/03/2022\n---\n{SECRET}\n")).expect("write");
    symlink(&secret, sandbox.site().join("content/tin-tuc/bi-mat.txt")).expect("symlink to a file");
    symlink(&outside_page, sandbox.site().join("content/tin-tuc/ngoai.md")).expect("symlink to a page");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/bi-mat.txt: liên kết tượng trưng trỏ ra ngoài thư mục content/",
            SYMLINK_HINT,
            "lỗi: content/tin-tuc/ngoai.md: liên kết tượng trưng trỏ ra ngoài thư mục content/",
            SYMLINK_HINT,
        ],
    );
    let run = sandbox.build(&[]);
    assert!(!run.stderr.contains(SECRET), "the outside bytes are not printed on stderr");
    assert!(!run.stdout.contains(SECRET), "the outside bytes are not printed on stdout");
}

#[test]
fn symlink_folder_outside_rejected() {
    let sandbox = Sandbox::with_site("hostile-base");
    let outside = sandbox.path().join("ngoai");
    std::fs::create_dir(&outside).expect("outside folder");
    std::fs::write(outside.join("bai.md"), format!("---\ntitle: {SECRET}\ndate: 15/03/2022\n---\n")).expect("write");
    symlink(&outside, sandbox.site().join("content/tin-tuc/ngoai")).expect("symlink to a folder");

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/ngoai: liên kết tượng trưng trỏ ra ngoài thư mục content/", SYMLINK_HINT],
    );
}

#[test]
fn symlink_folder_inside_skipped() {
    let sandbox = Sandbox::with_site("hostile-base");
    std::fs::create_dir_all(sandbox.site().join("content/gioi-thieu")).expect("folder");
    symlink("../tin-tuc", sandbox.site().join("content/gioi-thieu/ban-sao")).expect("symlink inside content");

    let run = sandbox.build(&[]);

    run.assert_no_panic().assert_code(0);
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        [
            "cảnh báo: content/gioi-thieu/ban-sao: bỏ qua thư mục là liên kết tượng trưng",
            "  → chép thư mục vào content/ nếu cần dựng nội dung trong đó",
        ]
    );
    assert!(!file_of(&sandbox.output(), "/gioi-thieu/ban-sao/hop-ban/").exists(), "the linked folder is not published");
    assert!(file_of(&sandbox.output(), "/tin-tuc/hop-ban/").is_file(), "the real folder is published");
}

#[test]
fn symlink_file_inside_published() {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write("content/tin-tuc/tep/goc.pdf", "%PDF-1.4 bản gốc");
    symlink("goc.pdf", sandbox.site().join("content/tin-tuc/tep/ban-sao.pdf")).expect("symlink inside content");

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    let copy = std::fs::read(file_of(&sandbox.output(), "/tin-tuc/tep/ban-sao.pdf")).expect("copy of the link target");
    assert_eq!(copy, "%PDF-1.4 bản gốc".as_bytes());
    let is_link =
        std::fs::symlink_metadata(file_of(&sandbox.output(), "/tin-tuc/tep/ban-sao.pdf")).unwrap().is_symlink();
    assert!(!is_link, "the output holds a copy, not a link");
}

#[test]
fn two_files_one_url_both_named() {
    let sandbox = site_with("content/tin-tuc/le-hoi.md", "---\ntitle: Lễ hội\ndate: 15/03/2022\n---\n");
    sandbox.write("content/tin-tuc/bai-khac.md", "---\ntitle: Bài khác\ndate: 16/03/2022\nslug: le-hoi\n---\n");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/le-hoi.md: trùng địa chỉ /tin-tuc/le-hoi/ với tệp content/tin-tuc/bai-khac.md",
            SAME_URL_HINT,
        ],
    );
}

#[test]
fn nfd_twin_of_nfc_name_collides() {
    let composed = "Lễ hội";
    let decomposed = nfd(composed);
    assert_ne!(composed, decomposed, "the two names differ in bytes");
    let sandbox = site_with(&format!("content/tin-tuc/{composed}.md"), "---\ntitle: Dựng sẵn\ndate: 15/03/2022\n---\n");
    sandbox.write(&format!("content/tin-tuc/{decomposed}.md"), "---\ntitle: Tổ hợp\ndate: 15/03/2022\n---\n");

    // The NFD name sorts first in bytes, so the NFC file carries the error.
    assert_build_rejected(
        &sandbox,
        &[
            &format!(
                "lỗi: content/tin-tuc/{composed}.md: trùng địa chỉ /tin-tuc/le-hoi/ với tệp content/tin-tuc/{decomposed}.md"
            ),
            SAME_URL_HINT,
        ],
    );
}

#[test]
fn page_and_html_file_collide() {
    let sandbox = site_with("content/tin-tuc/le-hoi.md", "---\ntitle: Lễ hội\ndate: 15/03/2022\n---\n");
    sandbox.write("content/tin-tuc/le-hoi/index.html", "<p>Trang tĩnh cũ</p>");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/le-hoi/index.html: trùng địa chỉ /tin-tuc/le-hoi/ với tệp content/tin-tuc/le-hoi.md",
            SAME_URL_HINT,
        ],
    );
}

#[test]
fn html_file_on_list_page_collides() {
    // The list of tin-tuc/ shows one item a page, so its second page is /tin-tuc/trang/2/.
    let sandbox = site_with("content/tin-tuc/_index.md", "---\ntitle: Tin tức\nso_muc_moi_trang: 1\n---\n");
    sandbox.write("content/tin-tuc/le-hoi.md", "---\ntitle: Lễ hội\ndate: 15/03/2022\n---\n");
    sandbox.write("content/tin-tuc/trang/2/index.html", "<p>Trang tĩnh cũ</p>");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: trang tự sinh /tin-tuc/trang/2/: trùng địa chỉ /tin-tuc/trang/2/index.html với content/tin-tuc/trang/2/index.html",
            "  → đổi tên tệp hoặc đặt `slug:` khác; các địa chỉ /the/, /chuyen-muc/, /giao-dien/ và …/trang/N/ do trangtin tự sinh",
        ],
    );
}

#[test]
fn static_file_on_search_index_collides() {
    let sandbox = site_with("static/tim-kiem/chi-muc.json", "{}");
    sandbox.write("static/tim-kiem/chi-muc/tu/0.json", "{}");
    sandbox.write("static/tim-kiem/ghi-chu.txt", "Tệp riêng của trang, không trùng chỉ mục.");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: static/tim-kiem/chi-muc.json: trùng địa chỉ /tim-kiem/chi-muc.json với chỉ mục tìm kiếm",
            "  → đổi tên tệp hoặc đặt `slug:` khác; các địa chỉ /the/, /chuyen-muc/, /giao-dien/ và …/trang/N/ do trangtin tự sinh",
            "lỗi: static/tim-kiem/chi-muc/tu/0.json: trùng địa chỉ /tim-kiem/chi-muc/tu/0.json với chỉ mục tìm kiếm",
            "  → đổi tên tệp hoặc đặt `slug:` khác; các địa chỉ /the/, /chuyen-muc/, /giao-dien/ và …/trang/N/ do trangtin tự sinh",
        ],
    );
}
