//! Scanning UTF-8 text for the few characters that need a closer look, eight bytes at a time.
//!
//! The checks of [`super::is_nfc`] and of clean source text pass over every character of
//! 180 MB of built pages and 50 MB of Markdown on a large site. Vietnamese text has a
//! non-ASCII letter every few bytes, but most bytes are ASCII, and the Vietnamese letters lie
//! in two ranges that both checks accept as they are (U+0100–U+02FF apart from Latin-1, and
//! U+1E80–U+1EFF). So these helpers flag only the other bytes, with a few 64-bit operations
//! per eight bytes, and the checks look the flagged characters up in a bitmap of the Basic
//! Multilingual Plane instead of the Unicode tables.

/// `0x80` in every byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// `0x01` in every byte of a word.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// Sets the high bit of each byte of `word` (read little-endian from the text) that starts a
/// character of two or more bytes, that is, each byte of `0xC0` or more.
pub(super) fn lead_bytes(word: u64) -> u64 {
    word & (word << 1) & HIGH_BITS
}

/// Sets the high bit of each byte of `word` that starts a character of U+0300 or above, that
/// is, each byte of `0xCC` or more. Characters below (two-byte leads `0xC2` to `0xCB`) include
/// the Vietnamese letters of Latin-1 and Latin Extended-A and B (ă, đ, ơ, ư).
pub(super) fn lead_bytes_from_u0300(word: u64) -> u64 {
    // For a byte with its high bit set, `(byte & 0x7F) + 0x34` reaches `0x80` exactly when
    // the byte is `0xCC` or more, and never carries into the next byte.
    ((word & !HIGH_BITS).wrapping_add(LOW_BITS * 0x34)) & word & HIGH_BITS
}

/// Sets the high bit of each byte of `word` that is zero, exactly: the sum cannot carry from
/// one byte into the next.
fn zero_bytes(word: u64) -> u64 {
    !(((word & !HIGH_BITS).wrapping_add(!HIGH_BITS)) | word) & HIGH_BITS
}

/// Sets the high bit of each byte of `word` that starts a character of U+1E80–U+1EFF (bytes
/// `E1 BA` and `E1 BB`), the Vietnamese letters with a tone mark below or a hook (ạ, ả, ế, ữ).
/// The last byte of the word is never flagged, because its next byte is in the next word.
fn vietnamese_extended_leads(word: u64) -> u64 {
    let next = word >> 8;
    zero_bytes(word ^ (LOW_BITS * 0xE1)) & zero_bytes((next & (LOW_BITS * 0xFE)) ^ (LOW_BITS * 0xBA))
}

/// Sets the high bit of each byte of `word` that starts a character of U+0300 or above other
/// than those of U+1E80–U+1EFF. Characters below U+0300 (leads `0xC2` to `0xCB`) include the
/// Vietnamese letters of Latin-1 and Latin Extended-A and B (â, ă, đ, ơ, ư), and the others
/// of Vietnamese are in U+1E80–U+1EFF.
pub(super) fn lead_bytes_outside_vietnamese(word: u64) -> u64 {
    lead_bytes_from_u0300(word) & !vietnamese_extended_leads(word)
}

/// Sets the high bit of each byte of `word` that is an ASCII control character (below `0x20`,
/// or `0x7F`), and of some other ASCII bytes after a control character, which the caller must
/// tell apart. Bytes of `0x80` or more are never flagged.
pub(super) fn control_bytes(word: u64) -> u64 {
    // A byte below 0x20 borrows in `word - 0x20…`, so its high bit there is set while its
    // own high bit is clear. A borrow can flag ASCII bytes above a control character, never a
    // byte of `0x80` or more, whose high bit the `& !word` clears. The same test finds `0x7F`
    // as a zero byte of `word ^ 0x7F…`.
    let below_space = word.wrapping_sub(LOW_BITS * 0x20) & !word;
    let delete = {
        let flipped = word ^ (LOW_BITS * 0x7F);
        flipped.wrapping_sub(LOW_BITS) & !flipped
    };
    (below_space | delete) & HIGH_BITS
}

/// Sets the high bit of each byte of `word` that [`control_bytes`] flags, or that starts a
/// character outside U+0100–U+02FF and U+1E80–U+1EFF. Those ranges (leads `0xC4` to `0xCB`,
/// and `E1 BA`, `E1 BB`) hold the Vietnamese letters other than those of Latin-1.
pub(super) fn control_or_lead_bytes_outside_vietnamese(word: u64) -> u64 {
    let leads = lead_bytes(word);
    // Below `0xCC`, the leads `0xC4` to `0xCB` are those with bit 3 or bit 2 set, which the
    // shifts move to the high bit of the same byte.
    let extended_latin = leads & !lead_bytes_from_u0300(word) & ((word << 4) | (word << 5));
    control_bytes(word) | (leads & !extended_latin & !vietnamese_extended_leads(word))
}

/// Offsets of the bytes of `bytes` that `flags` marks, in order; see [`flagged`].
pub(super) struct Flagged<'a, F> {
    bytes: &'a [u8],
    /// Offset of the word that `pending` comes from.
    word_start: usize,
    /// Flags of that word not returned yet.
    pending: u64,
    flags: F,
}

/// Returns the offsets of the bytes of `bytes` whose high bit `flags` sets in the word of eight
/// bytes around them. The bytes after the last full word are read padded with spaces.
pub(super) fn flagged<F: Fn(u64) -> u64>(bytes: &[u8], flags: F) -> Flagged<'_, F> {
    let pending = word_flags(bytes, 0, &flags);
    Flagged { bytes, word_start: 0, pending, flags }
}

fn word_flags(bytes: &[u8], start: usize, flags: &impl Fn(u64) -> u64) -> u64 {
    let word = match bytes.get(start..start + 8) {
        Some(chunk) => u64::from_le_bytes(chunk.try_into().expect("eight bytes")),
        None => {
            let mut padded = [b' '; 8];
            let tail = bytes.get(start..).unwrap_or_default();
            padded[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(padded)
        }
    };
    flags(word)
}

impl<F: Fn(u64) -> u64> Iterator for Flagged<'_, F> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.pending == 0 {
            self.word_start += 8;
            if self.word_start >= self.bytes.len() {
                return None;
            }
            self.pending = word_flags(self.bytes, self.word_start, &self.flags);
        }
        // Little-endian: the lowest set bit belongs to the first such byte in memory.
        let offset = self.word_start + (self.pending.trailing_zeros() / 8) as usize;
        self.pending &= self.pending - 1;
        // A borrow can flag a space of the padding after a control character at the end.
        (offset < self.bytes.len()).then_some(offset)
    }
}

/// Decodes the character of two or three bytes that starts at `index` of valid UTF-8, with
/// its length. Returns `None` for a four-byte character, which lies outside the Basic
/// Multilingual Plane.
///
/// `index` must be the start of a non-ASCII character of `bytes`, which are valid UTF-8.
#[inline]
pub(super) fn decode_bmp(bytes: &[u8], index: usize) -> Option<(u32, usize)> {
    let lead = bytes[index];
    if lead >= 0xF0 {
        return None;
    }

    // Vietnamese text mixes two-byte letters (ă, ơ, đ) and three-byte ones (ạ, ế, ữ) at
    // random, so both forms are decoded by the same arithmetic, without a branch that the
    // processor would mispredict about every other letter. `extra` is 1 for three bytes.
    let extra = u32::from(lead >= 0xE0);
    let second = u32::from(bytes[index + 1] & 0x3F);
    let third = u32::from(bytes.get(index + 2).copied().unwrap_or(0) & 0x3F);
    let lead_bits = u32::from(lead) & (0x1F >> extra);
    let code = (lead_bits << (6 + 6 * extra)) | (second << (6 * extra)) | (third * extra);
    Some((code, 2 + extra as usize))
}

/// A set of characters of the Basic Multilingual Plane, as a bitmap of 8 KiB.
pub(super) struct BmpSet {
    bits: Box<[u64; 1024]>,
}

impl BmpSet {
    /// Builds the set of the characters of U+0000–U+FFFF for which `member` is true.
    pub fn from_fn(member: impl Fn(char) -> bool) -> BmpSet {
        let mut bits = Box::new([0u64; 1024]);
        for code in 0..0x10000u32 {
            if char::from_u32(code).is_some_and(&member) {
                bits[code as usize / 64] |= 1 << (code % 64);
            }
        }
        BmpSet { bits }
    }

    /// Returns whether the character with code point `code` is in the set, false above U+FFFF.
    #[inline]
    pub fn contains_code(&self, code: u32) -> bool {
        let code = code as usize;
        self.bits.get(code / 64).is_some_and(|word| word & (1 << (code % 64)) != 0)
    }

    pub fn contains(&self, character: char) -> bool {
        self.contains_code(character as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offsets of the bytes that `stop` accepts, found byte by byte, for comparison.
    fn slow_offsets(bytes: &[u8], stop: impl Fn(u8) -> bool) -> Vec<usize> {
        (0..bytes.len()).filter(|&index| stop(bytes[index])).collect()
    }

    #[test]
    fn flagged_bytes_agree_with_byte_by_byte_search() {
        let mut samples: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"plain ascii text without anything".to_vec(),
            "Cộng hòa xã hội chủ nghĩa Việt Nam".as_bytes().to_vec(),
            b"tab\there\nline\r\nend\x7f and \x1f".to_vec(),
        ];
        // Every byte value at every position of a 17-byte window, so that each lane of a word
        // and the tail are covered.
        for position in 0..17 {
            for byte in 0..=0xFFu8 {
                let mut sample = vec![b'a'; 17];
                sample[position] = byte;
                samples.push(sample);
            }
        }
        // Runs of bytes around the edges of each test, where a borrow or a carry from one
        // byte of a word may reach the next, from a fixed pseudo-random sequence.
        let alphabet = [
            0x00, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x7E, 0x7F, 0x80, 0xBA, 0xBB, 0xBC, 0xBF, 0xC2, 0xC3, 0xC4, 0xCB, 0xCC,
            0xE1, 0xFF, b'a',
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for length in 0..40 {
            for _ in 0..50 {
                let sample: Vec<u8> = (0..length)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        alphabet[(state % alphabet.len() as u64) as usize]
                    })
                    .collect();
                samples.push(sample);
            }
        }
        for sample in &samples {
            let leads: Vec<usize> = flagged(sample, lead_bytes).collect();
            assert_eq!(leads, slow_offsets(sample, |byte| byte >= 0xC0), "{sample:?}");
            let high_leads: Vec<usize> = flagged(sample, lead_bytes_from_u0300).collect();
            assert_eq!(high_leads, slow_offsets(sample, |byte| byte >= 0xCC), "{sample:?}");

            // A byte `E1` followed by `BA` or `BB` in the same word is skipped.
            let vietnamese = |index: usize| {
                sample[index] == 0xE1 && index % 8 != 7 && matches!(sample.get(index + 1), Some(0xBA | 0xBB))
            };
            let other_leads: Vec<usize> = flagged(sample, lead_bytes_outside_vietnamese).collect();
            let expected: Vec<usize> =
                (0..sample.len()).filter(|&index| sample[index] >= 0xCC && !vietnamese(index)).collect();
            assert_eq!(other_leads, expected, "{sample:?}");

            // Extra ASCII bytes may be flagged after a control character, never other bytes.
            let wanted = |index: usize| {
                let byte = sample[index];
                (byte >= 0xC0 && !(0xC4..=0xCB).contains(&byte) && !vietnamese(index)) || byte.is_ascii_control()
            };
            let found: Vec<usize> = flagged(sample, control_or_lead_bytes_outside_vietnamese).collect();
            let exact: Vec<usize> = found.iter().copied().filter(|&index| wanted(index)).collect();
            let expected: Vec<usize> = (0..sample.len()).filter(|&index| wanted(index)).collect();
            assert_eq!(exact, expected, "{sample:?}");
            assert!(found.iter().all(|&index| sample[index].is_ascii() || wanted(index)), "{sample:?}");
        }
    }

    #[test]
    fn bmp_characters_decode() {
        for character in ['\u{80}', 'ộ', 'đ', '\u{7FF}', '\u{800}', '“', '\u{FFFF}'] {
            let text = format!("a{character}");
            assert_eq!(decode_bmp(text.as_bytes(), 1), Some((character as u32, character.len_utf8())));
        }
        assert_eq!(decode_bmp("a😀".as_bytes(), 1), None);
    }
}
