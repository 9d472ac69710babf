//! Detection of legacy Vietnamese encodings shown as Unicode text.
//!
//! Text typed in TCVN3 (ABC) or VNI fonts and copied into a page without conversion reaches
//! the reader as Latin-1 characters that Vietnamese never uses: "Céng hoµ x· héi chñ nghÜa"
//! (TCVN3) or "Coäng hoøa xaõ hoäi" (VNI). Such a word mixes ASCII letters with characters
//! of U+00A1–U+00FF outside the Vietnamese alphabet. A page is flagged when at least
//! [`MIN_SUSPECT_WORDS`] distinct words look like that, so that a lone "m²" or "Müller" does
//! not flag it.
//!
//! Windows-1258 text decoded correctly still uses combining tone marks instead of precomposed
//! letters; the NFC check of the page catches that, not this module.

use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Distinct suspect words needed to flag a page.
pub const MIN_SUSPECT_WORDS: usize = 3;

/// At most this many suspect words are kept as examples.
const MAX_SAMPLES: usize = 3;

/// Latin-1 letters that Vietnamese writes; every other character of U+00A1–U+00FF is foreign
/// to Vietnamese text.
const VIETNAMESE_LATIN1: &str = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý";

/// Characters that VNI produces for its tone and vowel marks and that TCVN3 rarely does.
const VNI_MARKERS: &str = "äëïöøûÄËÏÖØÛñÑ";

/// The legacy encoding a page's text resembles, with example words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyEncoding {
    /// "TCVN3 (ABC)" or "VNI".
    pub name: &'static str,
    /// Up to three suspect words as they appear.
    pub samples: Vec<String>,
}

/// Looks for words of a legacy encoding in `text`.
pub fn detect_legacy(text: &str) -> Option<LegacyEncoding> {
    let mut suspects = BTreeSet::new();
    let mut vni_hits = 0usize;
    let mut tcvn3_hits = 0usize;

    for word in text.split(|c: char| !(c.is_alphanumeric() || is_foreign_latin1(c))) {
        if !word.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let foreign: Vec<char> = foreign_inside_word(word);
        if foreign.is_empty() {
            continue;
        }
        for c in &foreign {
            if VNI_MARKERS.contains(*c) {
                vni_hits += 1;
            } else {
                tcvn3_hits += 1;
            }
        }
        suspects.insert(word.to_owned());
    }

    if suspects.len() < MIN_SUSPECT_WORDS {
        return None;
    }
    let name = if vni_hits > tcvn3_hits { "VNI" } else { "TCVN3 (ABC)" };
    Some(LegacyEncoding { name, samples: suspects.into_iter().take(MAX_SAMPLES).collect() })
}

/// Byte offsets of the characters of U+00A1–U+00FF outside the Vietnamese alphabet in
/// `text`. A word that [`detect_legacy`] counts has one of them right after a letter.
pub fn foreign_latin1_offsets(text: &str) -> impl Iterator<Item = usize> + '_ {
    // U+0080–U+00FF are the two-byte sequences led by 0xC2 and 0xC3, which in valid UTF-8
    // are never continuation bytes.
    let foreign = foreign_latin1_table();
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xC2, 0xC3, bytes).filter(move |&lead| {
        let code = (usize::from(bytes[lead] & 0x1F) << 6) | usize::from(bytes[lead + 1] & 0x3F);
        foreign[code]
    })
}

/// [`is_foreign_latin1`] for U+0000–U+00FF, by code point.
fn foreign_latin1_table() -> &'static [bool; 256] {
    static TABLE: OnceLock<[bool; 256]> = OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|code| char::from_u32(code as u32).is_some_and(is_foreign_latin1)))
}

fn is_foreign_latin1(c: char) -> bool {
    ('\u{A1}'..='\u{FF}').contains(&c) && !VIETNAMESE_LATIN1.contains(c)
}

/// Foreign characters of `word` that follow a letter, so that an opening « or ¿ before a
/// word does not count.
fn foreign_inside_word(word: &str) -> Vec<char> {
    let chars: Vec<char> = word.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(index, c)| is_foreign_latin1(**c) && *index > 0 && chars[index - 1].is_alphabetic())
        .map(|(_, c)| *c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_text_is_detected() {
        let found = detect_legacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc").unwrap();
        assert_eq!(found.name, "TCVN3 (ABC)");
        assert_eq!(found.samples.len(), 3);
    }

    #[test]
    fn vni_text_is_detected() {
        let found = detect_legacy("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam").unwrap();
        assert_eq!(found.name, "VNI");
    }

    #[test]
    fn foreign_latin1_is_found_by_bytes() {
        for code in 0..=0x2FFu32 {
            let character = char::from_u32(code).unwrap();
            let text = format!("ab{character}cd");
            let expected = if is_foreign_latin1(character) { vec![2] } else { Vec::new() };
            assert_eq!(foreign_latin1_offsets(&text).collect::<Vec<_>>(), expected, "U+{code:04X}");
        }
        assert_eq!(foreign_latin1_offsets("Cộng hòa xã hội – “Độc lập” …").count(), 0);
        assert_eq!(foreign_latin1_offsets("Céng hoµ · x").collect::<Vec<_>>(), vec![8, 11]);
    }

    #[test]
    fn unicode_vietnamese_is_not_flagged() {
        assert_eq!(detect_legacy("Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc."), None);
        assert_eq!(detect_legacy("Diện tích 25 m² « Trích dẫn » của ông Müller, 30°C"), None);
    }
}
