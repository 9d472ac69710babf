//! Posting lists and their text encoding, and the split of the token table into shards.
//!
//! A posting list is written as a string of unsigned numbers, each in little-endian groups
//! of 5 bits. Every group is one character of [`ALPHABET`]: the group's value, plus 32 when
//! another group of the same number follows. Numbers below 32 take one character, which is
//! most of them, because document ids are written as the gap from the previous id. The
//! alphabet needs no escaping in JSON or URLs.

/// Characters of the number encoding, by value. `tim-kiem.js` decodes with the same table.
pub const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Bits of a posting's weight (see [`weight`]).
pub const TERM_FREQUENCY_MAX: u32 = 15;
pub const IN_TITLE: u32 = 16;
pub const IN_SUMMARY: u32 = 32;
pub const IN_NUMBER: u32 = 64;

/// Occurrences of a token in one document, by field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Occurrence {
    /// Occurrences in the summary and body text.
    pub count: u32,
    pub in_title: bool,
    pub in_summary: bool,
    pub in_number: bool,
}

/// Computes the weight written for an occurrence: the count, capped at [`TERM_FREQUENCY_MAX`], with
/// the [`IN_TITLE`], [`IN_SUMMARY`] and [`IN_NUMBER`] bits added.
pub fn weight(occurrence: &Occurrence) -> u32 {
    let mut weight = occurrence.count.min(TERM_FREQUENCY_MAX);
    if occurrence.in_title {
        weight |= IN_TITLE;
    }
    if occurrence.in_summary {
        weight |= IN_SUMMARY;
    }
    if occurrence.in_number {
        weight |= IN_NUMBER;
    }
    weight
}

/// Appends `number` to `out` in the encoding described in the module documentation.
pub fn push_number(out: &mut String, mut number: u32) {
    loop {
        let group = number & 31;
        number >>= 5;
        if number == 0 {
            out.push(char::from(ALPHABET[group as usize]));
            return;
        }
        out.push(char::from(ALPHABET[(group | 32) as usize]));
    }
}

/// Decodes a string written by [`push_number`]. Returns `None` on a character outside the
/// alphabet or a number cut short.
#[cfg(test)]
pub fn decode_numbers(text: &str) -> Option<Vec<u32>> {
    let mut numbers = Vec::new();
    let (mut value, mut shift, mut open) = (0u32, 0u32, false);
    for byte in text.bytes() {
        let digit = ALPHABET.iter().position(|&candidate| candidate == byte)? as u32;
        value |= (digit & 31) << shift;
        if digit & 32 == 0 {
            numbers.push(value);
            (value, shift, open) = (0, 0, false);
        } else {
            shift += 5;
            open = true;
        }
    }
    (!open).then_some(numbers)
}

/// Encodes a word's posting list, `(document id, weight)` in ascending id order, as
/// alternating id gaps and weights. The first gap is the first id itself.
pub fn encode_weighted(postings: &[(u32, u32)]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut previous = 0;
    for (index, &(document, weight)) in postings.iter().enumerate() {
        push_number(&mut out, if index == 0 { document } else { document - previous });
        push_number(&mut out, weight);
        previous = document;
    }
    out
}

/// Encodes a phrase's posting list, `(document id, in title)` in ascending id order, as one
/// number per document: the id gap times two, plus one when the phrase is in the title.
pub fn encode_phrase(postings: &[(u32, bool)]) -> String {
    let mut out = String::with_capacity(postings.len());
    let mut previous = 0;
    for (index, &(document, in_title)) in postings.iter().enumerate() {
        let gap = if index == 0 { document } else { document - previous };
        push_number(&mut out, gap * 2 + u32::from(in_title));
        previous = document;
    }
    out
}

/// Splits the token table, in token order, into shards of about `target_bytes` of JSON
/// each, given the `(token, encoded postings)` length of every entry. Returns the index of
/// each shard's first entry; the first shard starts at 0, even when the table is empty. A
/// token is never split, so a shard holding one very common token may be larger. The client
/// finds a token's shard from the first token of each shard.
pub fn shard_bounds(entries: impl Iterator<Item = (usize, usize)>, target_bytes: usize) -> Vec<usize> {
    let mut bounds = vec![0];
    let mut current_bytes = 0;
    for (index, (token, postings)) in entries.enumerate() {
        // Quotes, colon and comma around each entry.
        let entry_bytes = token + postings + 6;
        if current_bytes > 0 && current_bytes + entry_bytes > target_bytes {
            bounds.push(index);
            current_bytes = 0;
        }
        current_bytes += entry_bytes;
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        let numbers = [0, 1, 31, 32, 33, 1023, 1024, 65_535, 1_000_000, u32::MAX];
        let mut text = String::new();
        for number in numbers {
            push_number(&mut text, number);
        }
        assert_eq!(decode_numbers(&text).as_deref(), Some(&numbers[..]));
    }

    #[test]
    fn small_numbers_take_one_character() {
        let mut text = String::new();
        push_number(&mut text, 0);
        push_number(&mut text, 31);
        assert_eq!(text, "0V");
        push_number(&mut text, 32);
        assert_eq!(text, "0VW1");
    }

    #[test]
    fn cut_number_is_rejected() {
        assert_eq!(decode_numbers("w"), None);
        assert_eq!(decode_numbers("0!"), None);
    }

    #[test]
    fn weighted_postings_use_gaps() {
        let encoded = encode_weighted(&[(3, 1), (4, IN_TITLE | 2), (40, 15)]);
        assert_eq!(decode_numbers(&encoded), Some(vec![3, 1, 1, 18, 36, 15]));
    }

    #[test]
    fn phrase_postings_use_gaps_and_title_bit() {
        let encoded = encode_phrase(&[(0, false), (5, true), (6, false), (100, true)]);
        assert_eq!(decode_numbers(&encoded), Some(vec![0, 11, 2, 189]));
    }

    #[test]
    fn weight_caps_count_and_sets_bits() {
        let occurrence = Occurrence { count: 40, in_title: true, in_summary: false, in_number: true };
        assert_eq!(weight(&occurrence), 15 | IN_TITLE | IN_NUMBER);
        assert_eq!(weight(&Occurrence { count: 2, ..Occurrence::default() }), 2);
    }

    /// Sizes of the shards `bounds` makes of `entries`.
    fn shard_sizes(entries: &[(usize, usize)], bounds: &[usize]) -> Vec<usize> {
        bounds
            .iter()
            .enumerate()
            .map(|(number, &start)| {
                let end = bounds.get(number + 1).copied().unwrap_or(entries.len());
                entries[start..end].iter().map(|(token, postings)| token + postings + 6).sum()
            })
            .collect()
    }

    #[test]
    fn shards_keep_token_order_and_target() {
        let entries = vec![(4, 10); 100];
        let bounds = shard_bounds(entries.iter().copied(), 100);

        assert_eq!(bounds.len(), 20, "5 entries of 20 bytes per shard");
        assert!(bounds.windows(2).all(|pair| pair[0] < pair[1]), "ascending: {bounds:?}");
        for bytes in shard_sizes(&entries, &bounds) {
            assert!(bytes <= 100, "shard of {bytes} bytes");
        }
    }

    #[test]
    fn large_token_gets_own_shard() {
        let entries = [(1, 10), (1, 500), (1, 10)];
        assert_eq!(shard_bounds(entries.iter().copied(), 100), [0, 1, 2]);
    }

    #[test]
    fn empty_table_gives_one_empty_shard() {
        assert_eq!(shard_bounds(std::iter::empty(), 100), [0]);
    }
}
