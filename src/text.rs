//! Reading source text: encodings, byte-order marks, line endings and Unicode normalisation.
//!
//! Every source file goes through [`read_source`], so the rest of the pipeline sees NFC text
//! with `\n` line endings. Text in a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258)
//! or UTF-16 is rejected with the encoding it resembles, because building it would publish
//! garbled Vietnamese.

use std::fmt;
use std::path::Path;

use unicode_normalization::{UnicodeNormalization, is_nfc};

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
            TextError::Io(error) => (format!("không đọc được tệp: {error}"), "kiểm tra quyền đọc tệp".to_owned()),
        }
    }

    /// Line of the problem, 0 when it concerns the whole file.
    pub fn line(&self) -> usize {
        match self {
            TextError::NotUtf8 { line } => *line,
            _ => 0,
        }
    }
}

/// Reads a source file as NFC text with `\n` line endings and no byte-order mark.
pub fn read_source(path: &Path) -> Result<String, TextError> {
    let bytes = std::fs::read(path).map_err(|error| TextError::Io(error.to_string()))?;
    decode_source(&bytes)
}

/// [`read_source`] on bytes already in memory.
pub fn decode_source(bytes: &[u8]) -> Result<String, TextError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        return Err(TextError::Legacy(LegacyEncoding::Utf16));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);

    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            return Err(match guess_legacy_bytes(bytes) {
                Some(encoding) => TextError::Legacy(encoding),
                None => {
                    let line = 1 + bytes[..error.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
                    TextError::NotUtf8 { line }
                }
            });
        }
    };
    if let Some(encoding) = legacy_mojibake(text) {
        return Err(TextError::Legacy(encoding));
    }

    let mut text = normalize_line_endings(text);
    // Control characters (often pasted from old Word files) are invalid in HTML and XML.
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        text.retain(|c| !c.is_control() || c == '\n' || c == '\t');
    }
    Ok(if is_nfc(&text) { text } else { text.nfc().collect() })
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

/// Guesses which single-byte Vietnamese encoding produced `bytes`, from the bytes that each
/// encoding uses for its most common letters.
fn guess_legacy_bytes(bytes: &[u8]) -> Option<LegacyEncoding> {
    let is_vowel = |b: u8| b"aeiouyAEIOUY".contains(&b);
    let mut tcvn3 = 0usize;
    let mut vni = 0usize;
    let mut cp1258 = 0usize;

    for (index, &byte) in bytes.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| bytes[i]);
        // Windows-1258 writes tones as combining marks after the vowel.
        if matches!(byte, 0xCC | 0xEC | 0xD2 | 0xDE | 0xF2) && previous.is_some_and(|p| is_vowel(p) || p >= 0xC0) {
            cp1258 += 1;
        }
        // VNI writes a vowel followed by a byte carrying the mark.
        if matches!(
            byte,
            0xF8 | 0xF9
                | 0xFB
                | 0xF5
                | 0xEF
                | 0xE4
                | 0xE5
                | 0xE6
                | 0xE7
                | 0xE8
                | 0xE3
                | 0xE2
                | 0xEA
                | 0xF4
                | 0xF6
                | 0xD8
                | 0xD9
                | 0xDB
                | 0xD5
                | 0xCF
        ) && previous.is_some_and(is_vowel)
        {
            vni += 1;
        }
        // TCVN3 puts precomposed letters at these single bytes.
        if matches!(byte, 0xA8..=0xAE | 0xB5..=0xBE | 0xC6..=0xD6 | 0xDC..=0xFE) && !previous.is_some_and(is_vowel) {
            tcvn3 += 1;
        }
        if byte == 0xF1 && previous.is_some_and(|p| p.is_ascii_whitespace()) {
            vni += 1; // đ at the start of a word
        }
    }

    let best = [(cp1258, LegacyEncoding::Windows1258), (vni, LegacyEncoding::Vni), (tcvn3, LegacyEncoding::Tcvn3)]
        .into_iter()
        .max_by_key(|(score, _)| *score)?;
    (best.0 > 0).then_some(best.1)
}

/// Latin-1 letters that Vietnamese itself uses; they say nothing about a wrong encoding.
const VIETNAMESE_LATIN1: &str = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ";
/// Characters that TCVN3 bytes become when the text was opened as Latin-1 and saved as UTF-8,
/// leaving out the letters Vietnamese uses.
const TCVN3_AS_LATIN1: &str = "µ¸¶·¹¨»¾¼½ÆÇ©ËÌ®ÎÐÏÑ«ÖªÜßÞäåæçë¬îñïðöøûüþ¦§¤¥¢£¡Ø¿";
/// Characters that VNI bytes become in the same accident when they follow a vowel, leaving
/// out the letters Vietnamese uses.
const VNI_AS_LATIN1: &str = "øûïäåæçöëØÛÏÄÅÆÇÖË";

/// Detects UTF-8 text that is really TCVN3 or VNI text decoded as Latin-1 ("Céng hoµ",
/// "Coäng hoøa"), which is what a copy from an old Word file often produces.
pub fn legacy_mojibake(text: &str) -> Option<LegacyEncoding> {
    let mut vietnamese = 0usize;
    let mut tcvn3 = 0usize;
    let mut vni = 0usize;
    let mut previous = ' ';

    for ch in text.chars() {
        if ch.is_ascii() {
            previous = ch;
            continue;
        }
        if ('\u{1EA0}'..='\u{1EF9}').contains(&ch) || "đĐăĂơƠưƯ".contains(ch) || VIETNAMESE_LATIN1.contains(ch)
        {
            vietnamese += 1;
        } else if TCVN3_AS_LATIN1.contains(ch) {
            tcvn3 += 1;
        }
        if VNI_AS_LATIN1.contains(ch) && "aeiouyAEIOUY".contains(previous) {
            vni += 1;
        }
        previous = ch;
    }

    // Genuine Vietnamese text is full of the letters counted in `vietnamese`; a few stray
    // Latin-1 symbols (a middle dot, a section sign, a name with ä) must not reject it.
    let threshold = 5.max(vietnamese / 4);
    if vni >= threshold && vni * 2 >= tcvn3 {
        Some(LegacyEncoding::Vni)
    } else if tcvn3 >= threshold {
        Some(LegacyEncoding::Tcvn3)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_removed() {
        let text = decode_source(b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\nb").unwrap();
        assert_eq!(text, "---\ntitle: a\n---\nb");
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
