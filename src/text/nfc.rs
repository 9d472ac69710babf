//! A faster test for Unicode normalization form C, with the same results as
//! `unicode_normalization::is_nfc`.
//!
//! That function looks up the combining class and the NFC quick-check property of every
//! non-ASCII character, which made it a visible share of `trangtin check` on 180 MB of built
//! pages. Its answer is "yes" without further work when every character is a starter (combining
//! class 0) whose quick-check property is "yes". This module answers that question from a
//! bitmap of the Basic Multilingual Plane, computed once from the same library, and hands any
//! other text to the library.

use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, is_nfc_quick};

/// Returns whether `text` is in NFC, with the same result as `unicode_normalization::is_nfc`.
pub fn is_nfc(text: &str) -> bool {
    let table = starters();
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        // Skip ASCII eight bytes at a time.
        if let Some(chunk) = bytes.get(index..index + 8)
            && u64::from_ne_bytes(chunk.try_into().expect("eight bytes")) & 0x8080_8080_8080_8080 == 0
        {
            index += 8;
            continue;
        }
        let lead = bytes[index];
        if lead < 0x80 {
            index += 1;
            continue;
        }
        // A non-ASCII byte here starts a character, because ASCII bytes never continue one,
        // and the text is valid UTF-8.
        let (code, length) = match lead {
            0xC0..=0xDF => ((u32::from(lead & 0x1F) << 6) | u32::from(bytes[index + 1] & 0x3F), 2),
            0xE0..=0xEF => (
                (u32::from(lead & 0x0F) << 12)
                    | (u32::from(bytes[index + 1] & 0x3F) << 6)
                    | u32::from(bytes[index + 2] & 0x3F),
                3,
            ),
            // Four-byte characters lie outside the table.
            _ => return unicode_normalization::is_nfc(text),
        };
        if !table.contains_code(code) {
            return unicode_normalization::is_nfc(text);
        }
        index += length;
    }
    true
}

/// Returns whether `character` is a starter whose NFC quick-check property is "yes", so that
/// it never keeps a text from being NFC. Characters outside the Basic Multilingual Plane give false.
pub(super) fn is_plain_starter_in_bmp(character: char) -> bool {
    starters().contains(character)
}

/// Characters of the Basic Multilingual Plane that never stop a string from being NFC.
struct StarterTable {
    bits: Vec<u64>,
}

impl StarterTable {
    fn contains(&self, character: char) -> bool {
        self.contains_code(character as u32)
    }

    fn contains_code(&self, code: u32) -> bool {
        let code = code as usize;
        self.bits.get(code / 64).is_some_and(|word| word & (1 << (code % 64)) != 0)
    }
}

fn starters() -> &'static StarterTable {
    static TABLE: OnceLock<StarterTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for code in 0..0x10000u32 {
            let Some(character) = char::from_u32(code) else { continue };
            if is_plain_starter(character) {
                bits[code as usize / 64] |= 1 << (code % 64);
            }
        }
        StarterTable { bits }
    })
}

/// Returns whether `character` has combining class 0 and the NFC quick-check property "yes".
fn is_plain_starter(character: char) -> bool {
    canonical_combining_class(character) == 0 && is_nfc_quick(std::iter::once(character)) == IsNormalized::Yes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_library_on_samples() {
        use unicode_normalization::UnicodeNormalization;

        let decomposed: String = "Cộng hòa xã hội chủ nghĩa Việt Nam".nfd().collect();
        let samples = [
            "",
            "ascii only",
            "Cộng hòa xã hội chủ nghĩa Việt Nam – “Độc lập” … A−",
            decomposed.as_str(),
            "Vie\u{0302}\u{0323}t",
            "a\u{0323}\u{0302}",
            "a\u{0302}\u{0323}",
            "\u{2000}",
            "\u{0340}",
            "e\u{0301}",
            "😀 emoji outside the plane",
            "\u{1D15E} musical symbol with a decomposition",
            "한국어",
            "\u{1100}\u{1161}",
            "abcdefghij\u{0301} after eight ASCII bytes",
            "abcdefghie\u{0301} after eight ASCII bytes",
            "abcdefgh Cộng hòa abcdefgh xã hội abcdefghijklmnop",
        ];
        for sample in samples {
            assert_eq!(is_nfc(sample), unicode_normalization::is_nfc(sample), "{sample:?}");
        }
    }

    #[test]
    fn agrees_with_library_on_every_plane_zero_character() {
        for code in 0..0x10000u32 {
            let Some(character) = char::from_u32(code) else { continue };
            let alone = character.to_string();
            assert_eq!(is_nfc(&alone), unicode_normalization::is_nfc(&alone), "U+{code:04X}");
            let after_letter = format!("a{character}");
            assert_eq!(is_nfc(&after_letter), unicode_normalization::is_nfc(&after_letter), "a U+{code:04X}");
        }
    }
}
