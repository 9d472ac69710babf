//! Hostile encodings: Vietnamese text saved in TCVN3, VNI or Windows-1258, UTF-16 with and
//! without a byte-order mark, stray and random bytes, and legacy text pasted into a UTF-8
//! file. Each must stop the build with the file's name, the encoding it resembles (or "không
//! phải văn bản UTF-8") and a hint, and leave the previous output as it was.
//!
//! The legacy bytes come from small encoders below, written from the code charts of each
//! encoding, so that a test reads as the Vietnamese sentence it encodes.

mod common;

use common::*;
use unicode_normalization::UnicodeNormalization;

const LEGACY_HINT: &str = "  → chuyển mã sang Unicode dựng sẵn (ví dụ bằng Unikey: Công cụ chuyển mã, bảng mã nguồn đúng như trên, bảng mã đích Unicode) rồi lưu tệp với bảng mã UTF-8";

const UTF16_HINT: &str = "  → lưu lại tệp với bảng mã UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8)";

const NOT_UTF8_HINT: &str = "  → lưu lại tệp với bảng mã UTF-8 (Unicode)";

const INVALID_BYTES_HINT: &str = "  → xóa rồi gõ lại các ký tự hỏng ở dòng này (thường hiện thành � hoặc ô vuông); không chuyển mã cả tệp vì phần còn lại đã đúng UTF-8";

/// A news item as an agency writes it, in Unicode.
const NEWS: &str = "---\ntitle: Ủy ban nhân dân tỉnh ban hành kế hoạch chuyển đổi số\ndate: 15/03/2022\n---\n\n\
    Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc.\n\n\
    Sáng 15/3, Ban Dân tộc tỉnh Bình Phước tổ chức hội nghị triển khai kế hoạch thực hiện \
    chuyển đổi số năm 2022 cho cán bộ, công chức trong cơ quan.\n";

/// Tones as combining marks, in the order the encoders below list their bytes:
/// acute, grave, hook above, tilde, dot below.
const TONES: [char; 5] = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'];

/// Splits a letter into its base letter with any vowel modifier (circumflex, breve, horn)
/// composed, and the index of its tone in [`TONES`].
fn split_tone(letter: char) -> (char, Option<usize>) {
    let decomposed: String = letter.nfd().collect();
    let tone = decomposed.chars().find_map(|mark| TONES.iter().position(|&tone| tone == mark));
    let base: String = decomposed.chars().filter(|mark| !TONES.contains(mark)).nfc().collect();
    (base.chars().next().expect("a base letter"), tone)
}

/// Encodes `text` in TCVN 5712:1993 (ABC): one byte per lower-case letter. Capitals with
/// diacritics are the same bytes shown in an upper-case font, so they map to the lower-case byte.
fn tcvn3(text: &str) -> Vec<u8> {
    const LETTERS: &[(&str, [u8; 6])] = &[
        // base letter, then: no tone, acute, grave, hook above, tilde, dot below
        ("a", [b'a', 0xB8, 0xB5, 0xB6, 0xB7, 0xB9]),
        ("ă", [0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6]),
        ("â", [0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB]),
        ("e", [b'e', 0xD0, 0xCC, 0xCE, 0xCF, 0xD1]),
        ("ê", [0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6]),
        ("i", [b'i', 0xDD, 0xD7, 0xD8, 0xDC, 0xDE]),
        ("o", [b'o', 0xE3, 0xDF, 0xE1, 0xE2, 0xE4]),
        ("ô", [0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9]),
        ("ơ", [0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE]),
        ("u", [b'u', 0xF3, 0xEF, 0xF1, 0xF2, 0xF4]),
        ("ư", [0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9]),
        ("y", [b'y', 0xFD, 0xFA, 0xFB, 0xFC, 0xFE]),
    ];
    let mut bytes = Vec::new();
    for letter in text.chars() {
        match letter {
            'đ' => bytes.push(0xAE),
            'Đ' => bytes.push(0xA7),
            letter if letter.is_ascii() => bytes.push(letter as u8),
            letter => {
                let (base, tone) = split_tone(letter);
                let lower: String = base.to_lowercase().collect();
                let (_, row) = LETTERS.iter().find(|(name, _)| *name == lower).expect("a Vietnamese letter");
                let byte = row[tone.map_or(0, |tone| tone + 1)];
                let upper_plain = base.is_uppercase() && byte.is_ascii();
                bytes.push(if upper_plain { byte.to_ascii_uppercase() } else { byte });
            }
        }
    }
    bytes
}

/// Encodes `text` in VNI Windows: the base letter, then one byte for its modifier and tone.
fn vni(text: &str) -> Vec<u8> {
    // Rows: no tone, acute, grave, hook above, tilde, dot below; lower case then upper case.
    const TONE_ONLY: [[u8; 6]; 2] = [[0, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF], [0, 0xD9, 0xD8, 0xDB, 0xD5, 0xCF]];
    const CIRCUMFLEX: [[u8; 6]; 2] = [[0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4], [0xC2, 0xC1, 0xC0, 0xC5, 0xC3, 0xC4]];
    const BREVE: [[u8; 6]; 2] = [[0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB], [0xCA, 0xC9, 0xC8, 0xDA, 0xDC, 0xCB]];
    const I_WITH_TONE: [[u8; 6]; 2] = [[b'i', 0xED, 0xEC, 0xE6, 0xF3, 0xF2], [b'I', 0xCD, 0xCC, 0xC6, 0xD3, 0xD2]];

    let mut bytes = Vec::new();
    for letter in text.chars() {
        match letter {
            'đ' => bytes.push(0xF1),
            'Đ' => bytes.push(0xD1),
            letter if letter.is_ascii() => bytes.push(letter as u8),
            letter => {
                let (base, tone) = split_tone(letter);
                let column = tone.map_or(0, |tone| tone + 1);
                let case = usize::from(base.is_uppercase());
                let plain: String = base.nfd().take(1).collect();
                let plain = plain.chars().next().expect("a base letter");
                match base.to_lowercase().next().expect("a letter") {
                    'i' => bytes.push(I_WITH_TONE[case][column]),
                    'ơ' | 'ư' => {
                        let horn = match base {
                            'ơ' => 0xF4,
                            'Ơ' => 0xD4,
                            'ư' => 0xF6,
                            _ => 0xD6,
                        };
                        bytes.push(horn);
                        if column > 0 {
                            bytes.push(TONE_ONLY[case][column]);
                        }
                    }
                    'â' | 'ê' | 'ô' => bytes.extend([plain as u8, CIRCUMFLEX[case][column]]),
                    'ă' => bytes.extend([plain as u8, BREVE[case][column]]),
                    _ => {
                        bytes.push(plain as u8);
                        if column > 0 {
                            bytes.push(TONE_ONLY[case][column]);
                        }
                    }
                }
            }
        }
    }
    bytes
}

/// Encodes `text` in Windows-1258: precomposed letters where the code page has them, otherwise
/// the base letter followed by a combining tone byte, as Windows converts text to this code page.
fn windows_1258(text: &str) -> Vec<u8> {
    const LETTERS: &[(char, u8)] = &[
        ('À', 0xC0),
        ('Á', 0xC1),
        ('Â', 0xC2),
        ('Ă', 0xC3),
        ('È', 0xC8),
        ('É', 0xC9),
        ('Ê', 0xCA),
        ('Í', 0xCD),
        ('Đ', 0xD0),
        ('Ó', 0xD3),
        ('Ô', 0xD4),
        ('Ơ', 0xD5),
        ('Ù', 0xD9),
        ('Ú', 0xDA),
        ('Ư', 0xDD),
        ('à', 0xE0),
        ('á', 0xE1),
        ('â', 0xE2),
        ('ă', 0xE3),
        ('è', 0xE8),
        ('é', 0xE9),
        ('ê', 0xEA),
        ('í', 0xED),
        ('đ', 0xF0),
        ('ó', 0xF3),
        ('ô', 0xF4),
        ('ơ', 0xF5),
        ('ù', 0xF9),
        ('ú', 0xFA),
        ('ư', 0xFD),
    ];
    // Combining acute, grave, hook above, tilde, dot below.
    const TONE_BYTES: [u8; 5] = [0xEC, 0xCC, 0xD2, 0xDE, 0xF2];
    let byte_of = |letter: char| -> u8 {
        if letter.is_ascii() {
            return letter as u8;
        }
        LETTERS.iter().find(|(known, _)| *known == letter).map(|(_, byte)| *byte).expect("a Windows-1258 letter")
    };

    let mut bytes = Vec::new();
    for letter in text.chars() {
        if letter.is_ascii() || LETTERS.iter().any(|(known, _)| *known == letter) {
            bytes.push(byte_of(letter));
            continue;
        }
        let (base, tone) = split_tone(letter);
        bytes.push(byte_of(base));
        bytes.extend(tone.map(|tone| TONE_BYTES[tone]));
    }
    bytes
}

#[derive(Clone, Copy)]
enum ByteOrder {
    Little,
    Big,
}

#[derive(Clone, Copy, PartialEq)]
enum Bom {
    With,
    Without,
}

/// Encodes `text` in UTF-16 with the given byte order, behind a byte-order mark or not.
fn utf16(text: &str, order: ByteOrder, bom: Bom) -> Vec<u8> {
    let mark = (bom == Bom::With).then_some(0xFEFF_u16);
    let units = mark.into_iter().chain(text.encode_utf16());
    units
        .flat_map(|unit| match order {
            ByteOrder::Little => unit.to_le_bytes(),
            ByteOrder::Big => unit.to_be_bytes(),
        })
        .collect()
}

/// Generates deterministic pseudo-random bytes (xorshift64), so that a failure can be replayed.
fn random_bytes(seed: u64, length: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..length)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u8
        })
        .collect()
}

fn rejected_as(file: &str, bytes: Vec<u8>, expected: &[&str]) {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write(file, bytes);

    assert_build_rejected(&sandbox, expected);
}

#[test]
fn encoders_match_known_bytes() {
    // The sample sentences of the loader's own unit tests, from the encodings' code charts.
    assert_eq!(tcvn3("Cộng hoà xã hội"), b"C\xE9ng ho\xB5 x\xB7 h\xE9i");
    assert_eq!(
        vni("Cộng hòa xã hội chủ nghĩa Việt Nam"),
        b"Co\xE4ng ho\xF8a xa\xF5 ho\xE4i chu\xFB ngh\xF3a Vie\xE4t Nam"
    );
    assert_eq!(windows_1258("Cộng hòa"), b"C\xF4\xF2ng ho\xCCa");
    assert_eq!(windows_1258("Độc lập"), b"\xD0\xF4\xF2c l\xE2\xF2p");
}

#[test]
fn tcvn3_bytes_named() {
    rejected_as(
        "content/tin-tuc/tcvn3.md",
        tcvn3(NEWS),
        &["lỗi: content/tin-tuc/tcvn3.md: tệp không phải UTF-8, có vẻ dùng bảng mã TCVN3 (ABC)", LEGACY_HINT],
    );
}

#[test]
fn vni_bytes_named() {
    rejected_as(
        "content/tin-tuc/vni.md",
        vni(NEWS),
        &["lỗi: content/tin-tuc/vni.md: tệp không phải UTF-8, có vẻ dùng bảng mã VNI Windows", LEGACY_HINT],
    );
}

#[test]
fn windows_1258_bytes_named() {
    rejected_as(
        "content/tin-tuc/cp1258.md",
        windows_1258(NEWS),
        &["lỗi: content/tin-tuc/cp1258.md: tệp không phải UTF-8, có vẻ dùng bảng mã Windows-1258", LEGACY_HINT],
    );
}

#[test]
fn tcvn3_data_file_named() {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write("data/co-quan.yaml", tcvn3("dia_chi: Số 1 đường Trần Hưng Đạo, thành phố Đồng Xoài\n"));

    assert_build_rejected(
        &sandbox,
        &["lỗi: data/co-quan.yaml: tệp không phải UTF-8, có vẻ dùng bảng mã TCVN3 (ABC)", LEGACY_HINT],
    );
}

#[test]
fn utf16_le_with_bom_named() {
    rejected_as(
        "content/tin-tuc/utf16.md",
        utf16(NEWS, ByteOrder::Little, Bom::With),
        &["lỗi: content/tin-tuc/utf16.md: tệp không phải UTF-8, có vẻ dùng bảng mã UTF-16", UTF16_HINT],
    );
}

#[test]
fn utf16_le_without_bom_named() {
    rejected_as(
        "content/tin-tuc/utf16.md",
        utf16(NEWS, ByteOrder::Little, Bom::Without),
        &["lỗi: content/tin-tuc/utf16.md: tệp không phải UTF-8, có vẻ dùng bảng mã UTF-16", UTF16_HINT],
    );
}

#[test]
fn utf16_be_with_bom_named() {
    rejected_as(
        "content/tin-tuc/utf16.md",
        utf16(NEWS, ByteOrder::Big, Bom::With),
        &["lỗi: content/tin-tuc/utf16.md: tệp không phải UTF-8, có vẻ dùng bảng mã UTF-16", UTF16_HINT],
    );
}

#[test]
fn utf16_be_without_bom_named() {
    rejected_as(
        "content/tin-tuc/utf16.md",
        utf16(NEWS, ByteOrder::Big, Bom::Without),
        &["lỗi: content/tin-tuc/utf16.md: tệp không phải UTF-8, có vẻ dùng bảng mã UTF-16", UTF16_HINT],
    );
}

#[test]
fn invalid_utf8_line_named() {
    let mut bytes = b"---\ntitle: Tin\ndate: 15/03/2022\n---\n\nabc ".to_vec();
    bytes.extend_from_slice(b"\xC3\x28 def\n");

    rejected_as(
        "content/tin-tuc/hong.md",
        bytes,
        &["lỗi: content/tin-tuc/hong.md:6: tệp không phải văn bản UTF-8", NOT_UTF8_HINT],
    );
}

#[test]
fn stray_byte_in_utf8_not_tcvn3() {
    // Valid UTF-8 Vietnamese except for four bytes on line 9, as a bad copy leaves them:
    // converting this file from TCVN3, or saving it again as UTF-8, garbles all of it.
    let mut bytes = NEWS.as_bytes().to_vec();
    bytes.extend_from_slice(b"Ph\xFF\xFE\x80 ch\xFA\n");

    rejected_as(
        "content/tin-tuc/hong.md",
        bytes,
        &["lỗi: content/tin-tuc/hong.md:9: tệp UTF-8 có byte không hợp lệ", INVALID_BYTES_HINT],
    );
}

#[test]
fn random_bytes_rejected() {
    let sandbox = Sandbox::with_site("hostile-base");
    for seed in 1..=6 {
        sandbox.write(&format!("content/tin-tuc/ngau-nhien-{seed}.md"), random_bytes(seed, 4096));
    }

    let run = sandbox.build(&[]);

    run.assert_no_panic().assert_code(1);
    let lines = run.diagnostic_lines();
    assert_eq!(lines.len(), 12, "one error and one hint per file:\n{}", run.stderr);
    for (seed, pair) in (1..=6).zip(lines.chunks(2)) {
        let prefix = format!("lỗi: content/tin-tuc/ngau-nhien-{seed}.md");
        assert!(pair[0].starts_with(&prefix), "error names the file: {}", pair[0]);
        let message = pair[0][prefix.len()..].trim_start_matches(|c: char| c == ':' || c.is_ascii_digit()).trim();
        let named = message == "tệp không phải văn bản UTF-8"
            || message.starts_with("tệp không phải UTF-8, có vẻ dùng bảng mã ");
        assert!(named, "message names the problem: {message}");
        assert!(pair[1].starts_with("  → "), "hint follows: {}", pair[1]);
    }
}

#[test]
fn tcvn3_pasted_into_utf8_rejected() {
    // TCVN3 bytes read as Latin-1 and saved as UTF-8: the file is valid UTF-8.
    let garbled: String = tcvn3(NEWS).iter().map(|&byte| char::from(byte)).collect();

    rejected_as(
        "content/tin-tuc/dan-tcvn3.md",
        garbled.into_bytes(),
        &["lỗi: content/tin-tuc/dan-tcvn3.md: tệp không phải UTF-8, có vẻ dùng bảng mã TCVN3 (ABC)", LEGACY_HINT],
    );
}

#[test]
fn vni_pasted_into_utf8_rejected() {
    let garbled: String = vni(NEWS).iter().map(|&byte| char::from(byte)).collect();

    rejected_as(
        "content/tin-tuc/dan-vni.md",
        garbled.into_bytes(),
        &["lỗi: content/tin-tuc/dan-vni.md: tệp không phải UTF-8, có vẻ dùng bảng mã VNI Windows", LEGACY_HINT],
    );
}

#[test]
fn nfd_tcvn3_title_rejected() {
    // The same title in NFC is rejected: the check runs before the text is normalised.
    let garbled = "Chñ nhiÖm ViÖt B¾c nghÜa vô ViÖt Nam";
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox
        .write("content/tin-tuc/dan.md", format!("---\ntitle: {}\ndate: 15/03/2022\n---\n\nNội dung.\n", nfd(garbled)));

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/dan.md: tệp không phải UTF-8, có vẻ dùng bảng mã TCVN3 (ABC)", LEGACY_HINT],
    );
}

#[test]
fn short_tcvn3_title_rejected() {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write(
        "content/tin-tuc/dan.md",
        "---\ntitle: Céng hoµ x· héi\ndate: 15/03/2022\n---\n\nNội dung bình thường.\n",
    );

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/dan.md: tệp không phải UTF-8, có vẻ dùng bảng mã TCVN3 (ABC)", LEGACY_HINT],
    );
}

#[test]
fn short_vni_title_rejected() {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write("content/tin-tuc/dan.md", "---\ntitle: Coäng hoøa\ndate: 15/03/2022\n---\n\nNội dung.\n");

    assert_build_rejected(
        &sandbox,
        &["lỗi: content/tin-tuc/dan.md: tệp không phải UTF-8, có vẻ dùng bảng mã VNI Windows", LEGACY_HINT],
    );
}

#[test]
fn german_names_in_vietnamese_accepted() {
    // ü and ö are also what TCVN3 bytes for ỹ and ử look like in Latin-1, but here they are
    // in the guests' names, beside genuine Vietnamese.
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write(
        "content/tin-tuc/doan-duc.md",
        "---\ntitle: Tiếp đoàn công tác của ông Jürgen Müller\ndate: 15/03/2022\n---\n\n\
         Ông Müller và bà Schröder trao đổi về chuyển đổi số; ông Günther Köhler dự họp.\n",
    );

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    let title = texts(&sandbox.page("/tin-tuc/doan-duc/"), "article h1");
    assert_eq!(title, ["Tiếp đoàn công tác của ông Jürgen Müller"]);
}
