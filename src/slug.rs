//! Vietnamese slugs for URLs: diacritics dropped, `đ`/`Đ` to `d`, lower case, words joined by
//! hyphens (`Chuyển đổi số` becomes `chuyen-doi-so`).
//!
//! Transliteration is the `slug` crate's (deunicode tables), which maps every Vietnamese letter,
//! `đ` included, to its base Latin letter. Input is normalised to NFC first so that a file name
//! in NFD, as macOS writes them, gives the same slug.

use crate::text::nfc;

/// The URL slug of a title or file stem.
pub fn slugify(text: &str) -> String {
    slug::slugify(nfc(text))
}

/// True when `text` is already a slug: lower-case ASCII letters, digits and single hyphens.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn vietnamese_titles() {
        assert_eq!(slugify("Chuyển đổi số"), "chuyen-doi-so");
        assert_eq!(slugify("ĐẠI HỘI Đại biểu"), "dai-hoi-dai-bieu");
        assert_eq!(slugify("Ủy ban nhân dân tỉnh Bình Phước"), "uy-ban-nhan-dan-tinh-binh-phuoc");
        assert_eq!(slugify("Quyết định 2652/QĐ-UBND"), "quyet-dinh-2652-qd-ubnd");
        assert_eq!(slugify("  lễ   hội -- Tết  "), "le-hoi-tet");
    }

    #[test]
    fn nfd_and_nfc_give_the_same_slug() {
        let nfd: String = "Lễ hội Nghinh Ông".nfd().collect();
        assert_eq!(slugify(&nfd), slugify("Lễ hội Nghinh Ông"));
        assert_eq!(slugify(&nfd), "le-hoi-nghinh-ong");
    }

    #[test]
    fn slug_shape() {
        assert!(is_slug("chuyen-doi-so-2022"));
        assert!(!is_slug("Chuyen"));
        assert!(!is_slug("../x"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug(""));
    }
}
