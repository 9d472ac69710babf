//! Recognising Vietnamese text in the single-byte encodings that predate Unicode: TCVN3 (ABC),
//! VNI Windows and Windows-1258, whether as raw bytes or pasted into a UTF-8 file after an
//! editor read those bytes as Latin-1 ("Céng hoµ", "Coäng hoøa").
//!
//! The text is decoded with each encoding's table, and the encoding whose decoding gives the
//! most Vietnamese syllables wins. The tables cover the Vietnamese letters of each encoding.
//! Other bytes above 0x7F decode to U+FFFD, except the Windows-1252 quotes and dashes, which
//! text typed in Windows carries whatever its Vietnamese encoding.

use unicode_normalization::UnicodeNormalization;

use super::LegacyEncoding;
use super::syllable::is_vietnamese_syllable;

/// TCVN3 bytes from 0xA1 and the letters they encode. TCVN3 has no capitals with tone
/// marks: writers use the lower-case bytes with an upper-case font.
const TCVN3_LETTERS: &[(u8, char)] = &[
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// VNI Windows bytes that are letters on their own: đ, ơ, ư and i with a tone, in lower and
/// upper case.
const VNI_LETTERS: &[(u8, char)] = &[
    (0xF1, 'đ'),
    (0xD1, 'Đ'),
    (0xF4, 'ơ'),
    (0xD4, 'Ơ'),
    (0xF6, 'ư'),
    (0xD6, 'Ư'),
    (0xED, 'í'),
    (0xEC, 'ì'),
    (0xE6, 'ỉ'),
    (0xF3, 'ĩ'),
    (0xF2, 'ị'),
    (0xCD, 'Í'),
    (0xCC, 'Ì'),
    (0xC6, 'Ỉ'),
    (0xD3, 'Ĩ'),
    (0xD2, 'Ị'),
];

/// Combining acute, grave, hook above, tilde and dot below, the order of the VNI mark tables.
const VNI_TONE_ORDER: [char; 5] = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'];

/// VNI Windows bytes that follow a vowel and add a tone alone, in lower then upper case.
const VNI_TONE: [[u8; 5]; 2] = [[0xF9, 0xF8, 0xFB, 0xF5, 0xEF], [0xD9, 0xD8, 0xDB, 0xD5, 0xCF]];
/// VNI Windows bytes that turn a, e or o into â, ê or ô: without tone, then with each tone.
const VNI_CIRCUMFLEX: [[u8; 6]; 2] = [[0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4], [0xC2, 0xC1, 0xC0, 0xC5, 0xC3, 0xC4]];
/// VNI Windows bytes that turn a into ă: without tone, then with each tone.
const VNI_BREVE: [[u8; 6]; 2] = [[0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB], [0xCA, 0xC9, 0xC8, 0xDA, 0xDC, 0xCB]];

/// Windows-1258 bytes that differ from Latin-1 in the range 0xA0..=0xFF. Tones are
/// combining marks written after their vowel.
const WINDOWS_1258_LETTERS: &[(u8, char)] = &[
    (0xC3, 'Ă'),
    (0xCC, '\u{300}'),
    (0xD0, 'Đ'),
    (0xD2, '\u{309}'),
    (0xD5, 'Ơ'),
    (0xDD, 'Ư'),
    (0xDE, '\u{303}'),
    (0xE3, 'ă'),
    (0xEC, '\u{301}'),
    (0xF0, 'đ'),
    (0xF2, '\u{323}'),
    (0xF5, 'ơ'),
    (0xFD, 'ư'),
    (0xFE, '₫'),
];

/// Windows-1252 punctuation at 0x85 and 0x91..=0x97 (ellipsis, quotes, bullet, dashes). Text
/// typed in Windows can carry these bytes in any of the legacy encodings.
fn windows_punctuation(byte: u8) -> Option<char> {
    let punctuation = match byte {
        0x85 => '…',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x95 => '•',
        0x96 => '–',
        0x97 => '—',
        _ => return None,
    };
    Some(punctuation)
}

fn lookup(table: &[(u8, char)], byte: u8) -> Option<char> {
    table.iter().find(|(known, _)| *known == byte).map(|(_, letter)| *letter)
}

/// Decodes `bytes` as `encoding` into NFC text. Bytes that the encoding has no letter or mark
/// for, and VNI marks that do not fit the letter before them, become U+FFFD. UTF-16 is not a
/// single-byte encoding and gives U+FFFD for every byte above 0x7F.
pub fn decode(bytes: &[u8], encoding: LegacyEncoding) -> String {
    let mut text = String::with_capacity(bytes.len());
    for &byte in bytes {
        if byte.is_ascii() {
            text.push(char::from(byte));
            continue;
        }
        let pushed = match encoding {
            LegacyEncoding::Tcvn3 => push_letter(&mut text, lookup(TCVN3_LETTERS, byte)),
            LegacyEncoding::Windows1258 => {
                let letter = lookup(WINDOWS_1258_LETTERS, byte).or_else(|| (byte >= 0xA0).then(|| char::from(byte)));
                push_letter(&mut text, letter)
            }
            LegacyEncoding::Vni => push_vni(&mut text, byte),
            LegacyEncoding::Utf16 => false,
        };
        if !pushed {
            text.push(windows_punctuation(byte).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
    }
    text.nfc().collect()
}

fn push_letter(text: &mut String, letter: Option<char>) -> bool {
    letter.map(|letter| text.push(letter)).is_some()
}

/// Pushes what the VNI byte `byte` encodes, given the letter before it in `text`, and returns
/// whether the byte is a VNI letter or a mark that fits that letter.
fn push_vni(text: &mut String, byte: u8) -> bool {
    if let Some(letter) = lookup(VNI_LETTERS, byte) {
        text.push(letter);
        return true;
    }
    let previous = text.chars().last().and_then(|letter| letter.to_lowercase().next());
    let column_in = |table: &[[u8; 6]; 2]| table.iter().find_map(|row| row.iter().position(|&known| known == byte));

    if let Some(column) = VNI_TONE.iter().find_map(|row| row.iter().position(|&known| known == byte)) {
        let fits = previous.is_some_and(|letter| "aeiouyơư".contains(letter));
        if fits {
            text.push(VNI_TONE_ORDER[column]);
        }
        return fits;
    }
    for (table, modifier, bases) in [(&VNI_CIRCUMFLEX, '\u{302}', "aeo"), (&VNI_BREVE, '\u{306}', "a")] {
        if let Some(column) = column_in(table) {
            let fits = previous.is_some_and(|letter| bases.contains(letter));
            if fits {
                text.push(modifier);
                text.extend(column.checked_sub(1).map(|tone| VNI_TONE_ORDER[tone]));
            }
            return fits;
        }
    }
    false
}

/// Guesses which single-byte Vietnamese encoding `bytes` are in: the one whose decoding has
/// the most words shaped like Vietnamese syllables, provided there are at least two and they
/// outnumber the other words with letters beyond ASCII.
pub fn guess_encoding(bytes: &[u8]) -> Option<LegacyEncoding> {
    let candidates = [LegacyEncoding::Tcvn3, LegacyEncoding::Vni, LegacyEncoding::Windows1258];
    candidates
        .into_iter()
        .filter_map(|encoding| {
            let (syllables, others) = count_syllables(&decode(bytes, encoding));
            (syllables >= 2 && syllables > others).then(|| (syllables - others, encoding))
        })
        .max_by_key(|(margin, _)| *margin)
        .map(|(_, encoding)| encoding)
}

/// Counts the words with letters beyond ASCII in `text`: those shaped like a Vietnamese
/// syllable, and the others.
fn count_syllables(text: &str) -> (usize, usize) {
    let (mut syllables, mut others) = (0, 0);
    for word in words(text).filter(|word| !word.is_ascii()) {
        if is_vietnamese_syllable(word) {
            syllables += 1;
        } else {
            others += 1;
        }
    }
    (syllables, others)
}

/// Splits `text` into words at white space, ASCII digits and punctuation, and general
/// punctuation. Latin-1 symbols stay inside words, because TCVN3 letters read as Latin-1
/// become symbols (`hoµ`, `x·`).
fn words(text: &str) -> impl Iterator<Item = &str> {
    let is_separator = |letter: char| {
        letter.is_whitespace()
            || letter.is_ascii_punctuation()
            || letter.is_ascii_digit()
            || ('\u{2000}'..='\u{206F}').contains(&letter)
    };
    text.split(is_separator).filter(|word| !word.is_empty())
}

/// Letters from U+0080 to U+00FF that Vietnamese uses.
const VIETNAMESE_LATIN1: &str = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ";

/// A character of U+0080–U+00FF that Vietnamese does not use; [`legacy_mojibake`] finds nothing
/// in a text without one.
pub(super) fn is_suspect(letter: char) -> bool {
    // A table, because clean Vietnamese text calls this for every à, é or ô.
    static SUSPECT: std::sync::OnceLock<[bool; 0x80]> = std::sync::OnceLock::new();
    let table = SUSPECT.get_or_init(|| {
        std::array::from_fn(|offset| {
            char::from_u32(0x80 + offset as u32).is_some_and(|c| !VIETNAMESE_LATIN1.contains(c))
        })
    });
    let code = letter as usize;
    (0x80..=0xFF).contains(&code) && table[code - 0x80]
}

/// Detects TCVN3 or VNI text that an editor read as Latin-1 and saved as UTF-8 ("Céng hoµ",
/// "Coäng hoøa"), which is what a copy from an old Word file often gives.
///
/// A word counts as such text when it mixes ASCII letters with characters from U+0080 to
/// U+00FF, is not a Vietnamese syllable as written, and becomes one when those characters are
/// read back as bytes of the encoding. Two such words are needed, and they must outnumber the
/// words that fit neither reading, such as German or French names.
pub fn legacy_mojibake(text: &str) -> Option<LegacyEncoding> {
    // Both encodings put common letters (à, ạ, đ, ơ, dot below) at bytes that read as symbols
    // or foreign letters (µ, ¹, ®, ¬, ï, ñ). Without any of those, no more than a few words
    // can be such text, and skipping the word check keeps the common case fast.
    if !text.chars().any(is_suspect) {
        return None;
    }

    let (mut tcvn3, mut vni, mut foreign) = (0usize, 0usize, 0usize);
    for word in words(text) {
        let mixed = word.chars().any(|letter| letter.is_ascii_alphabetic()) && !word.is_ascii();
        if !mixed {
            continue;
        }
        // Read as Latin-1, each byte became the character of the same number.
        let Some(bytes) = word.chars().map(|letter| u8::try_from(letter).ok()).collect::<Option<Vec<u8>>>() else {
            continue;
        };
        if is_vietnamese_syllable(word) {
            continue;
        }

        let is_tcvn3 = is_vietnamese_syllable(&decode(&bytes, LegacyEncoding::Tcvn3));
        let is_vni = is_vietnamese_syllable(&decode(&bytes, LegacyEncoding::Vni));
        tcvn3 += usize::from(is_tcvn3);
        vni += usize::from(is_vni);
        foreign += usize::from(!is_tcvn3 && !is_vni);
    }

    let (count, encoding) = if vni > tcvn3 { (vni, LegacyEncoding::Vni) } else { (tcvn3, LegacyEncoding::Tcvn3) };
    (count >= 2 && count > foreign).then_some(encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_decodes() {
        let bytes = b"C\xE9ng ho\xB5 x\xB7 h\xE9i ch\xF1 ngh\xDCa Vi\xD6t Nam, \xAE\xE9c l\xCBp, \xA7\xAD\xEAng";
        assert_eq!(decode(bytes, LegacyEncoding::Tcvn3), "Cộng hoà xã hội chủ nghĩa Việt Nam, độc lập, Đường");
    }

    #[test]
    fn vni_decodes() {
        let bytes = b"Co\xE4ng ho\xF8a xa\xF5 chu\xFB ngh\xF3a Vie\xE4t, \xF1a\xEBc bi\xEAt, \xD6\xD9";
        assert_eq!(decode(bytes, LegacyEncoding::Vni), "Cộng hòa xã chủ nghĩa Việt, đặc bi\u{FFFD}t, Ứ");
    }

    #[test]
    fn windows_1258_decodes() {
        let bytes = b"C\xF4\xF2ng ho\xCCa, \xD0\xF4\xF2c l\xE2\xF2p, \x93\xF0\xE3\xECc\x94";
        assert_eq!(decode(bytes, LegacyEncoding::Windows1258), "Cộng hòa, Độc lập, “đắc”");
    }

    #[test]
    fn each_encoding_is_guessed() {
        let tcvn3 = b"C\xE9ng ho\xB5 x\xB7 h\xE9i ch\xF1 ngh\xDCa Vi\xD6t Nam";
        assert_eq!(guess_encoding(tcvn3), Some(LegacyEncoding::Tcvn3));
        let vni = b"Co\xE4ng ho\xF8a xa\xF5 ho\xE4i chu\xFB ngh\xF3a Vie\xE4t Nam";
        assert_eq!(guess_encoding(vni), Some(LegacyEncoding::Vni));
        let windows_1258 = b"C\xF4\xF2ng ho\xCCa xa\xDE h\xF4\xF2i chu\xD2 nghi\xDEa Vi\xEA\xF2t Nam";
        assert_eq!(guess_encoding(windows_1258), Some(LegacyEncoding::Windows1258));
        assert_eq!(guess_encoding(b"abc \xC3\x28 def"), None);
    }

    #[test]
    fn short_mojibake_is_named() {
        assert_eq!(legacy_mojibake("Céng hoµ x· héi"), Some(LegacyEncoding::Tcvn3));
        assert_eq!(legacy_mojibake("Coäng hoøa"), Some(LegacyEncoding::Vni));
        assert_eq!(legacy_mojibake("Tin: hoµ"), None);
    }

    #[test]
    fn foreign_names_are_not_mojibake() {
        let text = "Tiếp đoàn của ông Jürgen Müller; bà Schröder, ông Günther Köhler, Hélène, São Tomé";
        assert_eq!(legacy_mojibake(text), None);
    }
}
