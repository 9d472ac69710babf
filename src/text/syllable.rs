//! A test of whether a word is shaped like one Vietnamese syllable, used to tell which legacy
//! encoding a text was written in: decoded with the right table, its words are syllables.
//!
//! A syllable is an optional initial consonant, a vowel nucleus of one to three letters, an
//! optional final consonant, and at most one tone mark, which sits on a vowel. The check is
//! structural and lenient: it accepts every written Vietnamese syllable and also some that
//! no word uses (`céng`), but it rejects German or French words (`Müller`, `Hélène`) and the
//! letter salad a wrong decoding table gives (`Cụũng`).

use unicode_normalization::UnicodeNormalization;

/// Initial consonants, longest first so that `ngh` is tried before `ng` and `n`.
const INITIALS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k", "l", "m",
    "n", "p", "r", "s", "t", "v", "x", "",
];

/// Final consonants. `k` ends place names such as Đắk Lắk.
const FINALS: &[&str] = &["ng", "nh", "ch", "c", "k", "m", "n", "p", "t", ""];

/// Vowel nuclei that may be followed by a final consonant.
const OPEN_NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "yê", "uô", "ươ", "oa", "oă", "oe", "oo", "uâ",
    "uê", "uơ", "uy", "uyê",
];

/// Vowel nuclei that end in a glide or a final vowel, so no consonant may follow them.
const CLOSED_NUCLEI: &[&str] = &[
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưi", "ưu", "iêu",
    "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu",
];

/// Combining tone marks: grave, acute, tilde, hook above, dot below.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Checks whether `word` (one word, any case, any normalisation form) has the shape of a
/// Vietnamese syllable.
pub fn is_vietnamese_syllable(word: &str) -> bool {
    let Some(base) = strip_tone(word) else {
        return false;
    };
    if base.is_empty() || !base.chars().all(|letter| letter.is_ascii_lowercase() || "ăâêôơưđ".contains(letter)) {
        return false;
    }

    INITIALS.iter().filter_map(|initial| base.strip_prefix(initial)).any(|rest| {
        FINALS.iter().filter_map(|last| rest.strip_suffix(last)).any(|nucleus| {
            let ends_open = rest.len() == nucleus.len();
            OPEN_NUCLEI.contains(&nucleus) || (ends_open && CLOSED_NUCLEI.contains(&nucleus))
        })
    })
}

/// Returns `word` in lower case, in NFC and without its tone mark, or `None` when it has more
/// than one tone mark or one that follows something other than a vowel.
fn strip_tone(word: &str) -> Option<String> {
    let mut base = String::with_capacity(word.len());
    let mut tones = 0;
    let mut after_vowel = false;

    for letter in word.to_lowercase().nfd() {
        if TONES.contains(&letter) {
            tones += 1;
            if tones > 1 || !after_vowel {
                return None;
            }
            continue;
        }
        // A circumflex, breve or horn keeps the letter before it a vowel.
        let is_vowel_modifier = matches!(letter, '\u{302}' | '\u{306}' | '\u{31B}');
        if !is_vowel_modifier {
            after_vowel = "aeiouy".contains(letter);
        }
        base.push(letter);
    }
    Some(base.nfc().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_words_are_syllables() {
        let words = "Cộng hòa xã hội chủ nghĩa Việt Nam Độc lập Tự do Hạnh phúc Ủy ban nhân dân tỉnh \
                     Bình Phước giường quốc khuỷu Nguyễn oẳn ngoằn gì gìn già giữ người rượu khuya thuở \
                     xoong điều yêu yến ấy uống ừ ở quyết huyện thuế khoẻ tuần luật ngày giấy biểu gửi \
                     ngoài hoặc huỳnh quỳnh Đắk Lắk ngoẹo nhiều gieo thủy khuếch ĐỒNG";
        for word in words.split_whitespace() {
            assert!(is_vietnamese_syllable(word), "{word}");
        }
    }

    #[test]
    fn foreign_and_misdecoded_words_are_not() {
        for word in ["Müller", "Jürgen", "Schröder", "Hélène", "señor", "Cụũng", "Cơịng", "Mỹller", "hoµ", "chñ", ""]
        {
            assert!(!is_vietnamese_syllable(word), "{word}");
        }
    }

    #[test]
    fn tone_must_sit_on_a_vowel() {
        assert!(!is_vietnamese_syllable("n\u{303}a"));
        assert!(is_vietnamese_syllable("na\u{303}"));
    }
}
