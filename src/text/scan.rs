//! Scanning UTF-8 text for the few characters that need a closer look, eight bytes at a time.
//!
//! The checks of [`super::is_nfc`] and of clean source text pass over every character of
//! 180 MB of built pages and 50 MB of Markdown on a large site. Vietnamese text has a
//! non-ASCII letter every few bytes, but most bytes are still ASCII. So these helpers jump
//! over ASCII runs with one 64-bit test per eight bytes, and look non-ASCII characters up in
//! a bitmap of the Basic Multilingual Plane instead of the Unicode tables.

/// `0x80` in every byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// `0x01` in every byte of a word.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// Returns the offset of the first byte at or after `from` that is not ASCII, or the length
/// of `bytes` when there is none.
#[inline]
pub(super) fn next_non_ascii(bytes: &[u8], mut from: usize) -> usize {
    while let Some(chunk) = bytes.get(from..from + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let high = word & HIGH_BITS;
        if high != 0 {
            // Little-endian: the lowest set bit belongs to the first such byte in memory.
            return from + (high.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while from < bytes.len() && bytes[from].is_ascii() {
        from += 1;
    }
    from
}

/// Returns the offset of the first byte at or after `from` that is not ASCII or is an ASCII
/// control character (below `0x20`, or `0x7F`), or the length of `bytes` when there is none.
#[inline]
pub(super) fn next_non_ascii_or_control(bytes: &[u8], mut from: usize) -> usize {
    while let Some(chunk) = bytes.get(from..from + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // A byte below 0x20 borrows in `word - 0x20…`, so its high bit there is set while its
        // own high bit is clear. A borrow can flag the byte above a flagged one, never a byte
        // below the first, so the lowest flag is exact. The same test finds `0x7F` as a zero
        // byte of `word ^ 0x7F…`.
        let below_space = word.wrapping_sub(LOW_BITS * 0x20) & !word;
        let delete = {
            let flipped = word ^ (LOW_BITS * 0x7F);
            flipped.wrapping_sub(LOW_BITS) & !flipped
        };
        let flags = (below_space | delete | word) & HIGH_BITS;
        if flags != 0 {
            return from + (flags.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while from < bytes.len() && bytes[from].is_ascii() && !bytes[from].is_ascii_control() {
        from += 1;
    }
    from
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

    /// Offsets found byte by byte, for comparison.
    fn slow_next(bytes: &[u8], from: usize, stop: impl Fn(u8) -> bool) -> usize {
        (from..bytes.len()).find(|&index| stop(bytes[index])).unwrap_or(bytes.len())
    }

    #[test]
    fn scans_agree_with_byte_by_byte_search() {
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
        let alphabet = [0x00, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x7E, 0x7F, 0x80, 0xC3, 0xFF, b'a'];
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
            for from in 0..=sample.len() {
                assert_eq!(next_non_ascii(sample, from), slow_next(sample, from, |b| !b.is_ascii()), "{sample:?}");
                assert_eq!(
                    next_non_ascii_or_control(sample, from),
                    slow_next(sample, from, |b| !b.is_ascii() || b.is_ascii_control()),
                    "{sample:?} from {from}"
                );
            }
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
