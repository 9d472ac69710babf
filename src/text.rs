//! Reading source text: encodings, byte-order marks, line endings and Unicode normalisation.
//!
//! Every source file goes through [`read_source`], so the rest of the pipeline sees NFC text
//! with `\n` line endings. Text in a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258)
//! or UTF-16 is rejected with the encoding it resembles, because building it would publish
//! garbled Vietnamese.

mod legacy;
mod nfc;
mod scan;
mod syllable;

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

pub use legacy::legacy_mojibake;
pub use nfc::is_nfc;

/// Encodings that Vietnamese text arrives in besides UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyEncoding {
    /// TCVN 5712:1993 (ABC), fonts named `.VnTime`.
    Tcvn3,
    /// VNI Windows, fonts named `VNI-Times`.
    Vni,
    /// Windows-1258 (CP1258), with combining tone marks.
    Windows1258,
    /// UTF-16, as some Windows editors save.
    Utf16,
}

impl fmt::Display for LegacyEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LegacyEncoding::Tcvn3 => "TCVN3 (ABC)",
            LegacyEncoding::Vni => "VNI Windows",
            LegacyEncoding::Windows1258 => "Windows-1258",
            LegacyEncoding::Utf16 => "UTF-16",
        })
    }
}

impl LegacyEncoding {
    /// What the writer should do to convert the file.
    pub fn how_to_convert(self) -> &'static str {
        match self {
            LegacyEncoding::Utf16 => "lưu lại tệp với bảng mã UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8)",
            _ => {
                "chuyển mã sang Unicode dựng sẵn (ví dụ bằng Unikey: Công cụ chuyển mã, bảng mã nguồn \
                 đúng như trên, bảng mã đích Unicode) rồi lưu tệp với bảng mã UTF-8"
            }
        }
    }
}

/// Why a file's bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    /// The bytes look like a legacy Vietnamese encoding or UTF-16.
    Legacy(LegacyEncoding),
    /// Not UTF-8, and no known encoding fits; `line` is where the first bad byte is.
    NotUtf8 { line: usize },
    /// UTF-8 text with a few invalid bytes, as a bad copy or a damaged disk leaves; `line` is
    /// where the first one is. Converting the whole file would garble the valid part.
    InvalidUtf8 { line: usize },
    /// The file could not be read at all.
    Io(String),
}

impl TextError {
    /// The Vietnamese message and hint for this error.
    pub fn message(&self) -> (String, String) {
        match self {
            TextError::Legacy(encoding) => {
                (format!("tệp không phải UTF-8, có vẻ dùng bảng mã {encoding}"), encoding.how_to_convert().to_owned())
            }
            TextError::NotUtf8 { .. } => {
                ("tệp không phải văn bản UTF-8".to_owned(), "lưu lại tệp với bảng mã UTF-8 (Unicode)".to_owned())
            }
            TextError::InvalidUtf8 { .. } => (
                "tệp UTF-8 có byte không hợp lệ".to_owned(),
                "xóa rồi gõ lại các ký tự hỏng ở dòng này (thường hiện thành � hoặc ô vuông); không chuyển mã cả tệp \
                 vì phần còn lại đã đúng UTF-8"
                    .to_owned(),
            ),
            TextError::Io(error) => (format!("không đọc được tệp: {error}"), "kiểm tra quyền đọc tệp".to_owned()),
        }
    }

    /// Line of the problem, 0 when it concerns the whole file.
    pub fn line(&self) -> usize {
        match self {
            TextError::NotUtf8 { line } | TextError::InvalidUtf8 { line } => *line,
            _ => 0,
        }
    }
}

/// Reads a source file as NFC text with `\n` line endings, without leading byte-order marks
/// or control characters, and with U+2028 and U+2029 (line separators) turned into spaces.
pub fn read_source(path: &Path) -> Result<String, TextError> {
    let bytes = std::fs::read(path).map_err(|error| TextError::Io(error.to_string()))?;
    decode_source(&bytes)
}

/// [`read_source`] through `buffer`. Text that needs no change, as most files do, is returned
/// from the buffer without a copy.
pub fn read_source_into<'b>(path: &Path, buffer: &'b mut Vec<u8>) -> Result<Cow<'b, str>, TextError> {
    let bytes = read_file_into(path, buffer).map_err(|error| TextError::Io(error.to_string()))?;
    decode_source_borrowed(bytes)
}

/// Reads the whole file at `path` through `buffer`, and returns its bytes.
///
/// The buffer only grows, so that a thread reading thousands of files allocates a few times.
/// Unlike `std::fs::read` and `File::read_to_end` (Rust 1.95), this makes no `statx` and
/// `lseek` calls to size the buffer first: it opens, reads until a read returns nothing,
/// and closes.
pub fn read_file_into<'b>(path: &Path, buffer: &'b mut Vec<u8>) -> std::io::Result<&'b [u8]> {
    const MIN_SIZE: usize = 64 * 1024;

    let mut file = File::open(path)?;
    let mut length = 0;
    loop {
        if length == buffer.len() {
            buffer.resize((buffer.len() * 2).max(MIN_SIZE), 0);
        }
        match file.read(&mut buffer[length..]) {
            Ok(0) => return Ok(&buffer[..length]),
            Ok(count) => length += count,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

/// [`read_source`] on bytes already in memory.
pub fn decode_source(bytes: &[u8]) -> Result<String, TextError> {
    decode_source_borrowed(bytes).map(Cow::into_owned)
}

/// [`decode_source`], borrowing from `bytes` when they need no change.
fn decode_source_borrowed(bytes: &[u8]) -> Result<Cow<'_, str>, TextError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        return Err(TextError::Legacy(LegacyEncoding::Utf16));
    }
    let text = from_utf8(bytes).map_err(|error| explain_not_utf8(bytes, error.valid_up_to()))?;
    if is_clean(text) {
        return Ok(Cow::Borrowed(text));
    }

    let mut text = normalize_line_endings(text);
    // YAML ends a line at U+2028 and U+2029 but editors do not, so errors after one would
    // name a later line than the editor shows. Pasted from web pages, they mean a space.
    if text.contains(['\u{2028}', '\u{2029}']) {
        text = text.replace(['\u{2028}', '\u{2029}'], " ");
    }
    // Control characters (often pasted from old Word files) are invalid in HTML and XML.
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        text.retain(|c| !c.is_control() || c == '\n' || c == '\t');
    }
    // Some tools add a byte-order mark to a file that already has one.
    let text = nfc(text.trim_start_matches('\u{feff}'));

    // Checked after NFC, because in NFD the letters it looks for (ñ, Ö) are split in two.
    if let Some(encoding) = legacy_mojibake(&text) {
        return Err(TextError::Legacy(encoding));
    }
    Ok(Cow::Owned(text))
}

/// Reads `bytes` as UTF-8, with the same result as `std::str::from_utf8`.
///
/// The `simdutf8` crate validates with SIMD instructions. On Vietnamese text, where most
/// words have a multi-byte letter, it is several times faster than the standard library,
/// which matters on the 180 MB of HTML that `trangtin check` reads on a large site. Its
/// error has no position, so invalid input is validated again by the standard library,
/// which returns where the first invalid byte is.
pub fn from_utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

/// Whether [`decode_source`] would return `text` unchanged: no carriage return, control
/// character, U+2028 or U+2029, no leading byte-order mark, NFC, and no character that
/// [`legacy_mojibake`] looks at. One pass, where the changes themselves take several.
fn is_clean(text: &str) -> bool {
    if text.starts_with('\u{feff}') {
        return false;
    }
    // Every character of U+0100–U+02FF and U+1E80–U+1EFF is clean (a unit test checks it), so
    // the scan skips them.
    let table = clean_characters();
    let bytes = text.as_bytes();
    scan::flagged(bytes, scan::control_or_lead_bytes_outside_vietnamese).all(|index| {
        let byte = bytes[index];
        if byte.is_ascii() {
            // Control characters other than the line feed and the tab, including `\r`; the
            // scan flags some other ASCII bytes too.
            return !byte.is_ascii_control() || byte == b'\n' || byte == b'\t';
        }
        // Characters outside the Basic Multilingual Plane are not plain starters.
        scan::decode_bmp(bytes, index).is_some_and(|(code, _)| table.contains_code(code))
    })
}

/// Characters that [`decode_source`] leaves as they are, and that [`legacy_mojibake`] does
/// not look at: the plain starters of [`nfc`]'s table other than U+2028, U+2029 and the
/// characters of U+0080–U+00FF that Vietnamese does not use.
fn clean_characters() -> &'static scan::BmpSet {
    static TABLE: OnceLock<scan::BmpSet> = OnceLock::new();
    TABLE.get_or_init(|| {
        scan::BmpSet::from_fn(|character| {
            nfc::is_plain_starter_in_bmp(character)
                && !legacy::is_suspect(character)
                && !matches!(character, '\u{2028}' | '\u{2029}')
        })
    })
}

/// Tells why `bytes`, whose first invalid UTF-8 sequence starts at `valid_up_to`, are not
/// UTF-8: a few invalid bytes in text that is otherwise UTF-8, a legacy Vietnamese encoding,
/// or neither.
fn explain_not_utf8(bytes: &[u8], valid_up_to: usize) -> TextError {
    let line = 1 + bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count();

    // Legacy Vietnamese text has a run of invalid bytes at almost every letter with a
    // diacritic, and forms a valid multi-byte sequence only by chance.
    let (mut multibyte, mut invalid_runs, mut in_run) = (0usize, 0usize, false);
    for chunk in bytes.utf8_chunks() {
        if !chunk.valid().is_empty() {
            multibyte += chunk.valid().chars().filter(|&c| !c.is_ascii() && c != '\u{feff}').count();
            in_run = false;
        }
        if !chunk.invalid().is_empty() && !in_run {
            invalid_runs += 1;
            in_run = true;
        }
    }
    if multibyte > invalid_runs {
        return TextError::InvalidUtf8 { line };
    }

    match legacy::guess_encoding(bytes) {
        Some(encoding) => TextError::Legacy(encoding),
        None => TextError::NotUtf8 { line },
    }
}

/// Replaces `\r\n` and lone `\r` with `\n`.
pub fn normalize_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// NFC form of `text`.
pub fn nfc(text: &str) -> String {
    if is_nfc(text) { text.to_owned() } else { text.nfc().collect() }
}

/// Many NUL bytes at odd or even positions mean UTF-16 without a byte-order mark.
fn looks_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    sample.len() >= 8 && sample.iter().filter(|&&b| b == 0).count() * 4 >= sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_recognised() {
        assert!(is_clean("---\ntitle: Lễ hội\n---\nCộng hòa – “Độc lập” … 25 m2\tx\n"));
        for text in [
            "a\r\nb",
            "\u{feff}a",
            "a\u{2028}b",
            "a\u{7}b",
            "a\u{7F}b",
            "a\u{85}b",
            "Céng hoµ",
            "Vie\u{0302}\u{0323}t",
            "\u{2000}",
            "😀",
        ] {
            assert!(!is_clean(text), "{text:?}");
        }
        // A byte-order mark after the start stays, so it does not make the text unclean.
        assert!(is_clean("a\u{feff}b"));
    }

    /// [`is_clean`] written character by character.
    fn is_clean_slowly(text: &str) -> bool {
        text.char_indices().all(|(index, character)| {
            if character.is_ascii() {
                return !character.is_ascii_control() || matches!(character, '\n' | '\t');
            }
            let changed = (index == 0 && character == '\u{feff}')
                || matches!(character, '\u{2028}' | '\u{2029}')
                || legacy::is_suspect(character)
                || !nfc::is_plain_starter_in_bmp(character);
            !changed
        })
    }

    #[test]
    fn characters_skipped_by_the_scan_are_clean() {
        for code in (0x100..0x300u32).chain(0x1E80..0x1F00) {
            assert!(clean_characters().contains_code(code), "U+{code:04X}");
        }
    }

    #[test]
    fn clean_check_agrees_with_character_rules() {
        for code in (0..0x11000u32).chain([0x1F600, 0x10FFFF]) {
            let Some(character) = char::from_u32(code) else { continue };
            for text in [format!("{character}"), format!("a{character}b"), format!("Việt Nam ơi{character}")] {
                assert_eq!(is_clean(&text), is_clean_slowly(&text), "U+{code:04X} in {text:?}");
            }
        }
    }

    #[test]
    fn clean_text_is_returned_unchanged() {
        for text in ["", "---\ntitle: Lễ hội\n---\nCộng hòa – “Độc lập”\n", "a\u{feff}b", "日本語 한국어"]
        {
            assert!(is_clean(text), "{text:?}");
            let slow = nfc(&normalize_line_endings(text));
            assert_eq!(decode_source(text.as_bytes()).unwrap(), slow, "{text:?}");
            assert_eq!(legacy_mojibake(&slow), None);
        }
    }

    #[test]
    fn utf8_validation_agrees_with_std() {
        let samples: [&[u8]; 12] = [
            b"",
            b"ascii",
            "Cộng hòa xã hội chủ nghĩa Việt Nam 😀".as_bytes(),
            b"\xC3",
            b"ab\xC3\xA0\xE1\xBB",
            b"\xC0\x80",
            b"\xE0\x80\x80",
            b"\xED\xA0\x80",
            b"\xF4\x90\x80\x80",
            b"\xFF",
            b"valid text long enough for the vector path of the validator, then \xE1\xBB a stray lead",
            b"\x80 a continuation byte first",
        ];
        for bytes in samples {
            assert_eq!(from_utf8(bytes), std::str::from_utf8(bytes), "{bytes:?}");
        }
    }

    #[test]
    fn bom_and_crlf_are_removed() {
        let text = decode_source(b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\nb").unwrap();
        assert_eq!(text, "---\ntitle: a\n---\nb");
    }

    #[test]
    fn repeated_boms_are_removed() {
        assert_eq!(decode_source(b"\xEF\xBB\xBF\xEF\xBB\xBF---\ntitle: a\n").unwrap(), "---\ntitle: a\n");
        assert_eq!(decode_source(b"\xEF\xBB\xBF\x07\xEF\xBB\xBFb").unwrap(), "b");
    }

    #[test]
    fn line_separators_become_spaces() {
        assert_eq!(decode_source("a\u{2028}b\u{2029}c".as_bytes()).unwrap(), "a b c");
    }

    #[test]
    fn stray_bytes_in_utf8_are_located() {
        // "Cộng hòa xã hội" in UTF-8, then two runs of invalid bytes.
        let bytes = b"title: C\xE1\xBB\x99ng h\xC3\xB2a x\xC3\xA3 h\xE1\xBB\x99i\n\nPh\xFF\xFE ch\xFA\n";
        assert_eq!(decode_source(bytes), Err(TextError::InvalidUtf8 { line: 3 }));
    }

    #[test]
    fn windows_1258_bytes_are_named() {
        // "Cộng hòa xã hội" in Windows-1258, with tones as combining marks.
        let bytes = b"C\xF4\xF2ng ho\xCCa xa\xDE h\xF4\xF2i ch\xF9a";
        assert_eq!(decode_source(bytes), Err(TextError::Legacy(LegacyEncoding::Windows1258)));
    }

    #[test]
    fn nfd_mojibake_is_named() {
        let text: String = "Chñ nhiÖm ViÖt B¾c".nfd().collect();
        assert_eq!(decode_source(text.as_bytes()), Err(TextError::Legacy(LegacyEncoding::Tcvn3)));
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(decode_source("a\u{7}b\u{1b}c\td\u{85}".as_bytes()).unwrap(), "abc\td");
    }

    #[test]
    fn nfd_text_becomes_nfc() {
        let nfd: String = "Chuyển đổi số".nfd().collect();
        assert_ne!(nfd, "Chuyển đổi số");
        assert_eq!(decode_source(nfd.as_bytes()).unwrap(), "Chuyển đổi số");
    }

    #[test]
    fn utf16_is_rejected() {
        let bytes: Vec<u8> = "\u{feff}tiêu đề".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode_source(&bytes), Err(TextError::Legacy(LegacyEncoding::Utf16)));
    }

    #[test]
    fn tcvn3_bytes_are_named() {
        // "Céng hoµ x· héi chñ nghÜa ViÖt Nam" in TCVN3.
        let bytes = b"C\xE9ng ho\xB5 x\xB7 h\xE9i ch\xF1 ngh\xDCa Vi\xD6t Nam, \xAE\xE1c l\xAAp";
        assert_eq!(decode_source(bytes), Err(TextError::Legacy(LegacyEncoding::Tcvn3)));
    }

    #[test]
    fn vni_bytes_are_named() {
        // "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam" in VNI Windows.
        let bytes = b"Co\xE4ng ho\xF8a xa\xF5 ho\xE4i chu\xFB ngh\xF3a Vie\xE4t Nam \xF1o\xE4c la\xE4p";
        assert_eq!(decode_source(bytes), Err(TextError::Legacy(LegacyEncoding::Vni)));
    }

    #[test]
    fn tcvn3_mojibake_in_utf8_is_named() {
        let text = "Céng hoµ x· héi chñ nghÜa ViÖt Nam §éc lËp Tù do H¹nh phóc";
        assert_eq!(legacy_mojibake(text), Some(LegacyEncoding::Tcvn3));
    }

    #[test]
    fn vni_mojibake_in_utf8_is_named() {
        let text = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam, ñoäc laäp";
        assert_eq!(legacy_mojibake(text), Some(LegacyEncoding::Vni));
    }

    #[test]
    fn real_vietnamese_is_not_mojibake() {
        let plan = "Căn cứ Quyết định số 2652/QĐ-UBND ngày 13/10/2021 của UBND tỉnh về việc ban hành Quy định Bộ tiêu chí; quân, luôn, ý kiến";
        assert_eq!(legacy_mojibake(plan), None);
        let text = "Cộng hòa xã hội chủ nghĩa Việt Nam · Độc lập - Tự do - Hạnh phúc; ông Müller";
        assert_eq!(legacy_mojibake(text), None);
    }
}
