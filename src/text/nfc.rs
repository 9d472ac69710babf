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

use super::scan::{BmpSet, decode_bmp, flagged, lead_bytes_outside_vietnamese};

/// Returns whether `text` is in NFC, with the same result as `unicode_normalization::is_nfc`.
pub fn is_nfc(text: &str) -> bool {
    // Every character below U+0300 and of U+1E80–U+1EFF is a plain starter (a unit test checks
    // it), so only the other characters are looked up.
    let table = starters();
    let bytes = text.as_bytes();
    let plain = flagged(bytes, lead_bytes_outside_vietnamese)
        .all(|index| decode_bmp(bytes, index).is_some_and(|(code, _)| table.contains_code(code)));
    plain || unicode_normalization::is_nfc(text)
}

/// Returns whether `character` is a starter whose NFC quick-check property is "yes", so that
/// it never keeps a text from being NFC. Characters outside the Basic Multilingual Plane give false.
pub(super) fn is_plain_starter_in_bmp(character: char) -> bool {
    starters().contains(character)
}

/// Characters of the Basic Multilingual Plane that never stop a string from being NFC.
fn starters() -> &'static BmpSet {
    static TABLE: OnceLock<BmpSet> = OnceLock::new();
    TABLE.get_or_init(|| BmpSet::from_fn(is_plain_starter))
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
    fn characters_skipped_by_the_scan_are_plain_starters() {
        for code in (0..0x300u32).chain(0x1E80..0x1F00) {
            let character = char::from_u32(code).unwrap();
            assert!(is_plain_starter(character), "U+{code:04X}");
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
