//! Folding and tokenising text for search. The search page script (`tim-kiem.js`) applies
//! the same rules to the query, so both sides must change together:
//!
//! 1. NFC, then Unicode lower case (`str::to_lowercase`, as JavaScript's `toLowerCase`);
//! 2. `đ` becomes `d`;
//! 3. NFD, every combining diacritical mark (U+0300 to U+036F) dropped, then NFC again.
//!
//! A token is a maximal run of alphabetic or numeric characters of the folded text
//! (`char::is_alphanumeric`, which is `\p{Alphabetic}` or `\p{N}` in a JavaScript regular
//! expression), so "2652/QĐ-UBND" gives the tokens `2652`, `qd` and `ubnd`.

use unicode_normalization::char::decompose_canonical;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Folds `text` by the rules above: "Chuyển ĐỔI số" becomes "chuyen doi so".
pub fn fold(text: &str) -> String {
    // Lower-casing one character at a time differs from `str::to_lowercase` only for a
    // capital sigma, which becomes final at the end of a word.
    if text.contains('Σ') {
        return fold_by_definition(text);
    }

    let table = latin_table();
    let mut folded = String::with_capacity(text.len());
    // The output of ASCII and table characters is NFC already, so only text with other
    // characters needs the final check.
    let mut needs_nfc_check = false;
    for c in text.chars() {
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
            continue;
        }
        if let Some(entry) = table.get(c) {
            if let Some(single) = entry {
                folded.push(single);
            }
            continue;
        }
        needs_nfc_check = true;
        fold_char(c, &mut folded);
    }
    if !needs_nfc_check || is_nfc_quick(folded.chars()) == IsNormalized::Yes { folded } else { folded.nfc().collect() }
}

/// Appends the folded form of one character, lower-cased and decomposed with its combining
/// diacritics dropped, but not yet in NFC.
fn fold_char(c: char, folded: &mut String) {
    for lower in c.to_lowercase() {
        if lower == 'đ' {
            folded.push('d');
        } else {
            decompose_canonical(lower, |part| {
                if !is_combining_diacritic(part) {
                    folded.push(part);
                }
            });
        }
    }
}

/// Folded forms of the Latin letters outside ASCII, where Vietnamese letters are: Latin-1
/// Supplement to Latin Extended-B (U+0080 to U+024F), the combining diacritical marks
/// (U+0300 to U+036F) and Latin Extended Additional (U+1E00 to U+1EFF).
struct LatinTable {
    ranges: [(u32, Vec<Option<Option<char>>>); 3],
}

impl LatinTable {
    /// Returns `Some(None)` for a character that folds to nothing, `Some(Some(c))` for one
    /// that folds to the single NFC starter `c`, and `None` for a character outside the
    /// table or with any other folded form.
    fn get(&self, c: char) -> Option<Option<char>> {
        let code = u32::from(c);
        self.ranges.iter().find_map(|(start, entries)| {
            let offset = code.checked_sub(*start)? as usize;
            entries.get(offset).copied().flatten()
        })
    }
}

fn latin_table() -> &'static LatinTable {
    static TABLE: std::sync::OnceLock<LatinTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let range = |start: u32, end: u32| (start, (start..end).map(table_entry).collect());
        LatinTable { ranges: [range(0x80, 0x250), range(0x300, 0x370), range(0x1E00, 0x1F00)] }
    })
}

/// Computes the table entry of the character `code`, by the rules of [`fold_char`].
fn table_entry(code: u32) -> Option<Option<char>> {
    let c = char::from_u32(code)?;
    let mut folded = String::new();
    fold_char(c, &mut folded);
    let mut chars = folded.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Some(None),
        (Some(single), None) if is_nfc_starter(single) => Some(Some(single)),
        _ => None,
    }
}

/// True for a character that NFC leaves as it is and that never combines with a
/// neighbour: its decomposition is itself, and it is not a combining mark.
fn is_nfc_starter(c: char) -> bool {
    let mut decomposed = None;
    let mut parts = 0;
    decompose_canonical(c, |part| {
        decomposed = Some(part);
        parts += 1;
    });
    parts == 1
        && decomposed == Some(c)
        && unicode_normalization::char::canonical_combining_class(c) == 0
        && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Folds `text` by applying the rules literally, with three normalisations in a row.
/// [`fold`] gives the same result faster.
fn fold_by_definition(text: &str) -> String {
    let lower = text.nfc().collect::<String>().to_lowercase().replace('đ', "d");
    lower.nfd().filter(|c| !is_combining_diacritic(*c)).nfc().collect()
}

/// Splits `text` into tokens after folding it, in order, repeats included.
pub fn tokens(text: &str) -> Vec<String> {
    split_tokens(&fold(text)).map(str::to_owned).collect()
}

/// Splits text that is already folded into tokens.
pub fn split_tokens(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|token| !token.is_empty())
}

fn is_combining_diacritic(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_drops_tone_marks_and_d_stroke() {
        assert_eq!(fold("Chuyển đổi số"), "chuyen doi so");
        assert_eq!(fold("ĐẠI HỘI Đại biểu"), "dai hoi dai bieu");
        assert_eq!(fold("Ủy ban nhân dân tỉnh"), "uy ban nhan dan tinh");
        assert_eq!(fold("ngân sách"), "ngan sach");
        assert_eq!(fold("ươ ƯƠ ă Ă â ê ô ơ ư"), "uo uo a a a e o o u");
    }

    #[test]
    fn fold_nfd_input_same_as_nfc() {
        let nfd: String = "Quyết định Đổi mới".nfd().collect();
        assert_eq!(fold(&nfd), "quyet dinh doi moi");
    }

    #[test]
    fn fold_keeps_ascii_and_other_scripts() {
        assert_eq!(fold("UBND 2652/QĐ-UBND"), "ubnd 2652/qd-ubnd");
        assert_eq!(fold("Müller Ñandú"), "muller nandu");
        assert_eq!(fold("ΑΘΗΝΑ"), "αθηνα");
    }

    #[test]
    fn fold_is_idempotent() {
        for text in ["Chuyển đổi số", "2652/QĐ-UBND", "Hồ Chí Minh", "ngan sach"] {
            assert_eq!(fold(&fold(text)), fold(text), "{text}");
        }
    }

    #[test]
    fn fold_final_sigma_like_javascript() {
        assert_eq!(fold("ΟΔΟΣ ΣΟΦΙΑΣ"), "οδος σοφιας");
    }

    #[test]
    fn fold_matches_definition() {
        let samples = [
            "Chuyển đổi số",
            "ĐẠI HỘI Đại biểu lần thứ XVII",
            "2652/QĐ-UBND ngày 13/10/2021",
            "İstanbul Ǆemal ﬁ Ⅻ ½ ²",
            "한국어 नमस्ते 日本語 Ελληνικά",
            "a\u{0301}\u{0323} e\u{0302}\u{0303} D\u{0336}",
        ];
        for text in samples {
            let nfd: String = text.nfd().collect();
            assert_eq!(fold(text), fold_by_definition(text), "{text}");
            assert_eq!(fold(&nfd), fold_by_definition(&nfd), "{text} in NFD");
        }
    }

    #[test]
    fn fold_table_matches_definition() {
        let ranges = [0x80..0x250, 0x300..0x370, 0x1E00..0x1F00];
        for code in ranges.into_iter().flatten() {
            let Some(c) = char::from_u32(code) else { continue };
            for text in [c.to_string(), format!("a{c}"), format!("{c}\u{0301}"), format!("Đ{c}x")] {
                assert_eq!(fold(&text), fold_by_definition(&text), "U+{code:04X} in {text:?}");
            }
        }
    }

    #[test]
    fn tokens_split_document_numbers() {
        assert_eq!(tokens("Quyết định số 2652/QĐ-UBND"), ["quyet", "dinh", "so", "2652", "qd", "ubnd"]);
    }

    #[test]
    fn tokens_split_on_punctuation_and_spaces() {
        assert_eq!(
            tokens("  “Chuyển đổi số”, 2.652 tỷ đồng; (năm 2022)… "),
            ["chuyen", "doi", "so", "2", "652", "ty", "dong", "nam", "2022"]
        );
        assert!(tokens(" -–/., ").is_empty());
    }
}
