//! End-to-end builds that must fail: invalid sample sites under `tests/sites/invalid-*`, each
//! copied into a temporary folder. Every test checks the exit code, the exact Vietnamese
//! diagnostics (file, line, field, message and hint), and that the previous output folder is
//! left exactly as it was. Also: output folders that would destroy the sources, and bad usage.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Returns the hint line of an unknown-key diagnostic that suggests `key`.
fn fix_key_hint(key: &str) -> String {
    format!("  → sửa thành `{key}`")
}

const UNCLOSED_HINT: &str = "  → thêm một dòng chỉ có `---` sau trường cuối cùng của phần thông tin đầu trang";

const YAML_SYNTAX_HINT: &str = "  → kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép ở dòng này; giá trị có dấu `:` hoặc `#` cần đặt trong ngoặc kép";

const BROKEN_LINK_HINT: &str = "  → sửa địa chỉ cho đúng một trang hoặc tệp có trên trang, hoặc xóa liên kết";

const DATE_HINT: &str = "  → viết một ngày có thật, dạng 15/03/2022 hoặc 2022-03-15";

const OUTPUT_HINT: &str = "  → chọn thư mục kết quả khác bằng --output, ví dụ `--output public`";

#[test]
fn invalid_unknown_key_suggests_close_key() {
    let sandbox = Sandbox::with_site("invalid-unknown-key");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/van-ban/chi-dao-dieu-hanh/qd-1.md:3: trường `so_ky_heu`: khóa không hợp lệ, có phải `so_ky_hieu`?",
            &fix_key_hint("so_ky_hieu"),
        ],
    );
}

#[test]
fn invalid_key_of_other_kind_rejected() {
    let sandbox = Sandbox::with_site("invalid-key-of-other-kind");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/tin-so-ky-hieu.md:4: trường `so_ky_hieu`: khóa không dùng cho tin, bài (mục này)",
            "  → xóa trường này hoặc chuyển tệp sang đúng mục; các trường dùng được: title, date, updated, description, tags, draft, slug, weight, template, noi_bat, mau, loai, nguon, nguon_goc, chuyen_muc, tac_gia, anh, van_ban_goc, tai_lieu",
        ],
    );
}

#[test]
fn invalid_config_key_suggests_close_key() {
    let sandbox = Sandbox::with_site("invalid-config-key");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: site.yaml:4: trường `so_muc_moi_trag`: khóa `so_muc_moi_trag` không hợp lệ, có phải `so_muc_moi_trang`?",
            &fix_key_hint("so_muc_moi_trang"),
        ],
    );
}

#[test]
fn invalid_missing_config_rejected() {
    let sandbox = Sandbox::with_site("invalid-config-key");
    fs::remove_file(sandbox.site().join("site.yaml")).expect("remove site.yaml");
    let root = sandbox.site().canonicalize().expect("site folder");

    assert_build_rejected(
        &sandbox,
        &[
            &format!("lỗi: site.yaml: không tìm thấy site.yaml trong thư mục {}", root.display()),
            "  → chạy lệnh trong thư mục trang, hoặc chỉ thư mục trang bằng --root THƯ_MỤC",
        ],
    );
}

#[test]
fn invalid_date_rejected() {
    let sandbox = Sandbox::with_site("invalid-date");

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/ngay-sai.md:3: trường `date`: `31/02/2022`: tháng 2/2022 không có ngày 31", DATE_HINT],
    );
}

#[test]
fn invalid_draft_yes_rejected() {
    let sandbox = Sandbox::with_site("invalid-draft-yes");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/nhap.md:4: trường `draft`: cần giá trị đúng/sai, gặp chuỗi \"yes\"",
            "  → viết `true` (có) hoặc `false` (không); `yes`, `no`, `on`, `off` không được dùng",
        ],
    );
}

#[test]
fn invalid_number_symbol_rejected() {
    let sandbox = Sandbox::with_site("invalid-number-symbol");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/van-ban/chi-dao-dieu-hanh/qd-15.md:3: trường `so_ky_hieu`: cần một chuỗi chữ, gặp số `15`",
            "  → đặt giá trị trong ngoặc kép, ví dụ `so_ky_hieu: \"15/QĐ-UBND\"`",
        ],
    );
}

#[test]
fn invalid_unclosed_front_matter_rejected() {
    let sandbox = Sandbox::with_site("invalid-unclosed-front-matter");

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/thieu-dong-dong.md:1: thiếu dòng `---` đóng phần thông tin đầu trang", UNCLOSED_HINT],
    );
}

#[test]
fn invalid_empty_file_rejected() {
    let sandbox = Sandbox::with_site("invalid-empty-file");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/rong.md: tệp rỗng",
            "  → viết phần thông tin đầu trang giữa hai dòng `---`, có ít nhất `title:`, hoặc xóa tệp",
        ],
    );
}

#[test]
fn invalid_tabs_rejected() {
    let sandbox = Sandbox::with_site("invalid-tabs");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/tab.md:5: dòng thụt lề bằng phím Tab; YAML chỉ cho thụt lề bằng dấu cách",
            "  → thay các ký tự Tab ở đầu dòng bằng dấu cách (thường là 2 dấu cách)",
        ],
    );
}

#[test]
fn invalid_duplicate_key_rejected() {
    let sandbox = Sandbox::with_site("invalid-duplicate-key");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/trung-khoa.md:5: trường `title` được khai báo hai lần",
            "  → giữ một dòng cho mỗi trường và xóa dòng còn lại",
        ],
    );
}

#[test]
fn invalid_same_url_names_both_files() {
    let sandbox = Sandbox::with_site("invalid-same-url");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/le-hoi.md: trùng địa chỉ /tin-tuc/le-hoi/ với tệp content/tin-tuc/bai-khac.md",
            "  → đổi tên một trong hai tệp, hoặc đặt `slug:` khác cho một bài",
        ],
    );
}

#[test]
fn invalid_same_url_from_nfd_name() {
    let sandbox = Sandbox::with_site("invalid-same-url");
    fs::remove_file(sandbox.site().join("content/tin-tuc/bai-khac.md")).expect("remove the slug page");
    let decomposed = nfd("Lễ hội.md");
    sandbox
        .write(&format!("content/tin-tuc/{decomposed}"), "---\ntitle: Lễ hội, tên tệp có dấu\ndate: 16/03/2022\n---\n");

    assert_build_rejected(
        &sandbox,
        &[
            &format!(
                "lỗi: content/tin-tuc/le-hoi.md: trùng địa chỉ /tin-tuc/le-hoi/ với tệp content/tin-tuc/{decomposed}"
            ),
            "  → đổi tên một trong hai tệp, hoặc đặt `slug:` khác cho một bài",
        ],
    );
}

#[test]
fn invalid_broken_link_rejected() {
    let sandbox = Sandbox::with_site("invalid-broken-link");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/lien-ket-hong.md:8: liên kết hỏng: `/van-ban/khong-co/` không dẫn tới trang hay tệp nào",
            BROKEN_LINK_HINT,
            "lỗi: content/tin-tuc/lien-ket-hong.md:10: liên kết hỏng: trang /tin-tuc/lien-ket-hong/ không có mục `#muc-thieu`",
            "  → sửa phần sau dấu # cho đúng mã một tiêu đề của trang đích (xem mã trong thanh địa chỉ khi bấm vào tiêu đề)",
        ],
    );
}

#[test]
fn invalid_script_rejected() {
    let sandbox = Sandbox::with_site("invalid-script");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/co-script.md:8: nội dung có mã chạy được: thẻ <script>",
            "  → xóa thẻ <script> hoặc thuộc tính on…= khỏi bài; nếu cơ quan thật sự cần, đặt `cho_phep_script: true` trong site.yaml",
        ],
    );
}

#[test]
fn invalid_script_allowed_by_config() {
    let sandbox = Sandbox::with_site("invalid-script");
    let config = fs::read_to_string(sandbox.site().join("site.yaml")).expect("read site.yaml");
    sandbox.write("site.yaml", format!("{config}cho_phep_script: true\n"));

    sandbox.build_ok(&[]);

    let page = sandbox.page_text("/tin-tuc/co-script/");
    assert!(page.contains("<script>alert(\"xin chào\")</script>"), "script kept when the site allows it");
}

#[test]
fn invalid_attachment_outside_rejected() {
    let sandbox = Sandbox::with_site("invalid-attachment-outside");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/van-ban/chi-dao-dieu-hanh/qd-2.md:5: trường `tep`: tệp đính kèm `../../../site.yaml`: tệp nằm ngoài thư mục content/",
            "  → đặt tệp trong content/, ghi đường dẫn tính từ thư mục của bài (ví dụ `tep/qd-2652.pdf`)",
        ],
    );
}

#[test]
fn invalid_slug_escape_rejected() {
    let sandbox = Sandbox::with_site("invalid-slug-escape");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/slug-ra-ngoai.md:4: trường `slug`: slug `../x` chứa `/`, `\\` hoặc `..`",
            "  → slug chỉ là một đoạn địa chỉ, ví dụ `le-hoi-2022`; bài luôn nằm trong mục của thư mục chứa nó",
        ],
    );
}

#[test]
fn invalid_several_errors_all_listed() {
    let sandbox = Sandbox::with_site("invalid-several-errors");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/a-thieu-dong-dong.md:1: thiếu dòng `---` đóng phần thông tin đầu trang",
            UNCLOSED_HINT,
            "lỗi: content/tin-tuc/b-hai-loi.md:3: trường `date`: `31/02/2022`: tháng 2/2022 không có ngày 31",
            DATE_HINT,
            "lỗi: content/tin-tuc/b-hai-loi.md:4: trường `tac_gai`: khóa không hợp lệ, có phải `tac_gia`?",
            &fix_key_hint("tac_gia"),
            "lỗi: content/tin-tuc/c-cu-phap.md:3: cú pháp YAML không hợp lệ (did not find expected ',' or ']')",
            YAML_SYNTAX_HINT,
        ],
    );
}

#[test]
fn invalid_link_listed_with_other_errors() {
    let sandbox = Sandbox::with_site("invalid-link-with-other-errors");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/a-ngay-sai.md:3: trường `date`: `31/02/2022`: tháng 2/2022 không có ngày 31",
            DATE_HINT,
            "lỗi: content/tin-tuc/b-lien-ket-hong.md:6: liên kết hỏng: `/van-ban/khong-co/` không dẫn tới trang hay tệp nào",
            BROKEN_LINK_HINT,
        ],
    );
}

#[test]
fn invalid_tcvn3_file_named() {
    let sandbox = Sandbox::with_site("invalid-tcvn3");
    // "Céng hoµ x· héi chñ nghÜa ViÖt Nam" and "§éc lËp": Vietnamese in TCVN3 bytes.
    let mut bytes =
        b"---\ntitle: C\xE9ng ho\xB5 x\xB7 h\xE9i ch\xF1 ngh\xDCa Vi\xD6t Nam\ndate: 15/03/2022\n---\n\n".to_vec();
    bytes.extend_from_slice(b"\xA7\xE9c l\xCBp - T\xF9 do - H\xB9nh ph\xF3c\n");
    sandbox.write("content/tin-tuc/tcvn3.md", bytes);

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/tcvn3.md: tệp không phải UTF-8, có vẻ dùng bảng mã TCVN3 (ABC)",
            "  → chuyển mã sang Unicode dựng sẵn (ví dụ bằng Unikey: Công cụ chuyển mã, bảng mã nguồn đúng như trên, bảng mã đích Unicode) rồi lưu tệp với bảng mã UTF-8",
        ],
    );
}

/// Runs a build of the sandbox's site into `output` and checks that it is rejected with
/// `reason`, and that neither the site nor the sandbox changed.
fn assert_output_rejected(sandbox: &Sandbox, output: &Path, reason: &str) {
    let site_before = snapshot(&sandbox.site());
    let entries_before = sandbox.top_entries();

    let run = run(&["--root", path_str(&sandbox.site()), "build", "--output", path_str(output)]);

    run.assert_code(1);
    let printed_path = output.canonicalize().expect("rejected output exists");
    let expected = [format!("lỗi: {}: {reason}", printed_path.display()), OUTPUT_HINT.to_owned()];
    assert_eq!(run.diagnostic_lines(), expected, "diagnostics on stderr");
    assert_eq!(snapshot(&sandbox.site()), site_before, "site unchanged");
    assert_eq!(sandbox.top_entries(), entries_before, "nothing created beside the site");
}

#[test]
fn output_equal_to_site_root_rejected() {
    let sandbox = Sandbox::with_site("build-minimal");

    assert_output_rejected(
        &sandbox,
        &sandbox.site(),
        "thư mục kết quả trùng hoặc chứa thư mục trang; bản dựng sẽ xóa mất nội dung",
    );
}

#[test]
fn output_equal_to_content_rejected() {
    let sandbox = Sandbox::with_site("build-minimal");

    assert_output_rejected(
        &sandbox,
        &sandbox.site().join("content"),
        "thư mục kết quả trùng hoặc chứa content/; bản dựng sẽ xóa mất nội dung",
    );
}

#[test]
fn output_parent_of_site_rejected() {
    let sandbox = Sandbox::with_site("build-minimal");

    assert_output_rejected(
        &sandbox,
        sandbox.path(),
        "thư mục kết quả trùng hoặc chứa thư mục trang; bản dựng sẽ xóa mất nội dung",
    );
}

#[test]
fn output_relative_content_rejected() {
    let sandbox = Sandbox::with_site("build-minimal");
    let site_before = snapshot(&sandbox.site());

    let output = trangtin()
        .current_dir(sandbox.site())
        .args(["build", "--output", "content"])
        .output()
        .expect("trangtin starts");

    assert_eq!(output.status.code(), Some(1), "exit code");
    assert_eq!(snapshot(&sandbox.site()), site_before, "site unchanged");
}

#[test]
fn unknown_flag_is_usage_error() {
    let sandbox = Sandbox::with_site("build-minimal");

    let run = sandbox.build(&["--khong-co"]);

    run.assert_code(2);
    assert!(run.stderr.contains("--khong-co"), "stderr names the flag: {}", run.stderr);
    assert!(!sandbox.output().exists(), "nothing built");
}

#[test]
fn unknown_command_is_usage_error() {
    let run = run(&["dung"]);

    run.assert_code(2);
    assert!(run.stderr.contains("dung"), "stderr names the command: {}", run.stderr);
}
