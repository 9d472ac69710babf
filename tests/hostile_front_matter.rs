//! Hostile front matter: missing and unusual fences, tabs, repeated keys, YAML 1.1 booleans,
//! numbers where text is expected, empty files, files without front matter, a byte-order mark
//! with Windows line endings, and YAML that expands or nests without bound. Every rejected
//! file must give the file, the line, the field and a `→` hint, and leave the previous output
//! as it was.

mod common;

use common::*;

const UNCLOSED_HINT: &str = "  → thêm một dòng chỉ có `---` sau trường cuối cùng của phần thông tin đầu trang";

const BOOLEAN_HINT: &str = "  → viết `true` (có) hoặc `false` (không); `yes`, `no`, `on`, `off` không được dùng";

const DUPLICATE_HINT: &str = "  → giữ một dòng cho mỗi trường và xóa dòng còn lại";

const YAML_SYNTAX_HINT: &str = "  → kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép ở dòng này; giá trị có dấu `:` hoặc `#` cần đặt trong ngoặc kép";

fn site_with(file: &str, contents: impl AsRef<[u8]>) -> Sandbox {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write(file, contents);
    sandbox
}

#[test]
fn unclosed_fence_rejected() {
    let sandbox = site_with("content/tin-tuc/mo.md", "---\ntitle: Chưa đóng\ndate: 15/03/2022\n\nThân bài.\n");

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/mo.md:1: thiếu dòng `---` đóng phần thông tin đầu trang", UNCLOSED_HINT],
    );
}

#[test]
fn dots_close_front_matter() {
    let sandbox = site_with(
        "content/tin-tuc/ba-cham.md",
        "---\ntitle: A---B\ndate: 15/03/2022\n...\n\nThân bài.\n\n---\n\nPhần sau.\n",
    );

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    let page = sandbox.page("/tin-tuc/ba-cham/");
    assert_eq!(texts(&page, "article h1"), ["A---B"], "dashes inside a value are text");
    assert_eq!(select(&page, "article hr").len(), 1, "`---` in the body is a rule");
    let body = sandbox.page_text("/tin-tuc/ba-cham/");
    assert!(body.contains("Phần sau."), "the body after the rule is kept");
}

#[test]
fn tab_indentation_rejected() {
    let sandbox = site_with(
        "content/tin-tuc/tab.md",
        "---\ntitle: Thụt lề bằng Tab\ndate: 15/03/2022\ntags:\n\t- hội nghị\n---\n",
    );

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/tab.md:5: dòng thụt lề bằng phím Tab; YAML chỉ cho thụt lề bằng dấu cách",
            "  → thay các ký tự Tab ở đầu dòng bằng dấu cách (thường là 2 dấu cách)",
        ],
    );
}

#[test]
fn duplicate_key_line_of_repeat() {
    let sandbox = site_with(
        "content/tin-tuc/lap.md",
        "---\ntitle: Lần một\ndate: 15/03/2022\ndescription: Mô tả\ntitle: Lần hai\n---\n",
    );

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/lap.md:5: trường `title` được khai báo hai lần", DUPLICATE_HINT],
    );
}

#[test]
fn duplicate_quoted_key_line_of_repeat() {
    let sandbox =
        site_with("content/tin-tuc/lap.md", "---\n\"title\": Lần một\ndate: 15/03/2022\n\"title\": Lần hai\n---\n");

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/lap.md:4: trường `title` được khai báo hai lần", DUPLICATE_HINT],
    );
}

#[test]
fn yes_and_on_suggest_true_false() {
    let sandbox =
        site_with("content/tin-tuc/co-khong.md", "---\ntitle: Tin\ndate: 15/03/2022\ndraft: yes\nnoi_bat: on\n---\n");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/co-khong.md:4: trường `draft`: cần giá trị đúng/sai, gặp chuỗi \"yes\"",
            BOOLEAN_HINT,
            "lỗi: content/tin-tuc/co-khong.md:5: trường `noi_bat`: cần giá trị đúng/sai, gặp chuỗi \"on\"",
            BOOLEAN_HINT,
        ],
    );
}

#[test]
fn number_symbol_rejected() {
    let sandbox = site_with(
        "content/van-ban/chi-dao-dieu-hanh/qd-15.md",
        "---\ntitle: Quyết định 15\nso_ky_hieu: 15\nngay_ban_hanh: 15/03/2022\n---\n",
    );

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/van-ban/chi-dao-dieu-hanh/qd-15.md:3: trường `so_ky_hieu`: cần một chuỗi chữ, gặp số `15`",
            "  → đặt giá trị trong ngoặc kép, ví dụ `so_ky_hieu: \"15/QĐ-UBND\"`",
        ],
    );
}

#[test]
fn phone_leading_zero_kept() {
    // serde_yaml 0.9 reads a decimal with a leading zero as a string, so the zero survives.
    let sandbox = site_with("data/co-quan.yaml", "dia_chi: Số 1 đường Trần Hưng Đạo\ndien_thoai: 0271380001\n");

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    let contact = sandbox.page("/lien-he/");
    let phones: Vec<&str> = select(&contact, "a[href^=\"tel:\"]").into_iter().filter_map(|a| a.attr("href")).collect();
    assert!(phones.contains(&"tel:0271380001"), "phone link keeps its leading zero: {phones:?}");
}

#[test]
fn phone_number_hint_names_field() {
    let sandbox = site_with("data/co-quan.yaml", "dia_chi: Số 1 đường Trần Hưng Đạo\ndien_thoai: 271380001\n");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: data/co-quan.yaml:2: trường `dien_thoai`: cần một chuỗi chữ, gặp số `271380001`",
            "  → đặt giá trị trong ngoặc kép, ví dụ `dien_thoai: \"271380001\"`",
        ],
    );
}

#[test]
fn empty_file_rejected() {
    let expected = [
        "lỗi: content/tin-tuc/rong.md: tệp rỗng",
        "  → viết phần thông tin đầu trang giữa hai dòng `---`, có ít nhất `title:`, hoặc xóa tệp",
    ];
    for contents in ["", " \n\n\t\n"] {
        let sandbox = site_with("content/tin-tuc/rong.md", contents);

        assert_build_rejected(&sandbox, &expected);
    }
}

#[test]
fn front_matter_only_builds() {
    let sandbox = site_with("content/tin-tuc/chi-dau.md", "---\ntitle: Chỉ có đầu trang\ndate: 15/03/2022\n---");

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    assert_eq!(texts(&sandbox.page("/tin-tuc/chi-dau/"), "article h1"), ["Chỉ có đầu trang"]);
}

#[test]
fn no_front_matter_missing_title() {
    let sandbox = site_with("content/gioi-thieu/khong-dau.md", "# Giới thiệu\n\nKhông có phần thông tin đầu trang.\n");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/gioi-thieu/khong-dau.md:1: trường `title`: thiếu tiêu đề",
            "  → thêm dòng `title: Tiêu đề bài` vào phần thông tin đầu trang",
        ],
    );
}

#[test]
fn bom_and_crlf_accepted() {
    let sandbox = site_with(
        "content/tin-tuc/windows.md",
        b"\xEF\xBB\xBF---\r\ntitle: C\xC3\xB3 BOM v\xC3\xA0 CRLF\r\ndate: 15/03/2022\r\n---\r\n\r\nTh\xC3\xA2n b\xC3\xA0i.\r\n",
    );

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    assert_eq!(texts(&sandbox.page("/tin-tuc/windows/"), "article h1"), ["Có BOM và CRLF"]);
    let text = sandbox.page_text("/tin-tuc/windows/");
    assert!(!text.contains('\u{feff}'), "no byte-order mark in the page");
    assert!(!text.contains('\r'), "no carriage return in the page");
}

#[test]
fn list_front_matter_rejected() {
    let sandbox = site_with("content/tin-tuc/danh-sach.md", "---\n- title\n- date\n---\n");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/danh-sach.md:2: phần thông tin đầu trang phải là các cặp `khóa: giá trị`",
            "  → viết mỗi trường trên một dòng, ví dụ `title: Tiêu đề bài`",
        ],
    );
}

#[test]
fn numeric_key_rejected_on_its_line() {
    let sandbox = site_with("content/tin-tuc/khoa-so.md", "---\ntitle: Tin\n2022: năm\ndate: 15/03/2022\n---\n");

    assert_build_rejected(
        &sandbox,
        &[
            "lỗi: content/tin-tuc/khoa-so.md:3: khóa `2022` không phải chữ",
            "  → tên trường là chữ thường không dấu, ví dụ `title`, `so_ky_hieu`",
        ],
    );
}

#[test]
fn alias_expansion_bounded() {
    // Nine levels of nine aliases each would expand to 9^9 strings.
    let mut yaml = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for level in 1..9 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 9].join(", ");
        yaml.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    yaml.push_str("title: Bom\ndate: 15/03/2022\n---\n");
    let sandbox = site_with("content/tin-tuc/bom.md", yaml);

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/bom.md:2: cú pháp YAML không hợp lệ (repetition limit exceeded)", YAML_SYNTAX_HINT],
    );
}

#[test]
fn deep_flow_nesting_bounded() {
    let nested = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let sandbox =
        site_with("content/tin-tuc/long.md", format!("---\ntitle: Lồng\ndate: 15/03/2022\ntags: {nested}\n---\n"));

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/long.md:4: cú pháp YAML không hợp lệ (recursion limit exceeded)", YAML_SYNTAX_HINT],
    );
}

#[test]
fn line_separator_read_as_space() {
    // Text pasted from a web page or Word can carry an invisible U+2028, which YAML would
    // read as a line break, so that errors after it named a later line than editors show.
    let sandbox = site_with(
        "content/tin-tuc/dan.md",
        "---\ntitle: Tin\ndescription: Dòng một\u{2028}dòng hai\ndate: 15/03/2022\n---\n\nNội dung.\n",
    );

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    let page = sandbox.page("/tin-tuc/dan/");
    assert_eq!(meta_name(&page, "DC.description").as_deref(), Some("Dòng một dòng hai"));
}

#[test]
fn line_separator_before_error_keeps_line() {
    let sandbox = site_with(
        "content/tin-tuc/dan.md",
        "---\ntitle: Tin\u{2028}một\ndate: 15/03/2022\ndraft: yes\n---\n\nNội dung.\n",
    );

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/dan.md:4: trường `draft`: cần giá trị đúng/sai, gặp chuỗi \"yes\"", BOOLEAN_HINT],
    );
}

#[test]
fn unclosed_bracket_line_inside_file() {
    let sandbox = site_with("data/co-quan.yaml", "dia_chi: [Số 1 đường Trần Hưng Đạo");

    assert_build_rejected(
        &sandbox,
        &["lỗi: data/co-quan.yaml:1: cú pháp YAML không hợp lệ (did not find expected ',' or ']')", YAML_SYNTAX_HINT],
    );
}

#[test]
fn double_bom_accepted() {
    // Some tools add a byte-order mark to a file that already starts with one.
    let sandbox = site_with(
        "content/tin-tuc/hai-bom.md",
        b"\xEF\xBB\xBF\xEF\xBB\xBF---\ntitle: Hai BOM\ndate: 15/03/2022\n---\n\nx\n",
    );

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    assert_eq!(texts(&sandbox.page("/tin-tuc/hai-bom/"), "article h1"), ["Hai BOM"]);
}
