//! Building the token table: documents are folded, their tokens numbered through a
//! vocabulary, and their words and two-word phrases merged into posting lists.
//!
//! Tokens are numbered so that the per-document analysis and the merge work on integers:
//! a word's posting list is found by its number and a phrase's by the pair of its words'
//! numbers, with no string hashed or compared. A site's vocabulary is small, because
//! Vietnamese words are syllables that repeat (3,405 distinct words in the 11,000 pages of
//! the benchmark corpus), so nearly every token is found by the first lookup, which runs
//! in parallel.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::fold::{fold, split_tokens};
use super::postings::{self, Occurrence};
use super::{Document, Entry, Postings};

/// A document's fields, folded. Tokens borrow from them.
pub(super) struct FoldedDocument {
    title: String,
    number: String,
    summary: String,
    body: String,
}

impl FoldedDocument {
    pub(super) fn of(document: &Document) -> FoldedDocument {
        FoldedDocument {
            title: fold(&document.title),
            number: document.number.as_deref().map(fold).unwrap_or_default(),
            summary: fold(&document.summary),
            body: fold(&document.body),
        }
    }

    /// Tokens of the title, number, summary and body, in that order.
    fn fields(&self) -> [Vec<&str>; 4] {
        [&self.title, &self.number, &self.summary, &self.body].map(|field| split_tokens(field).collect())
    }
}

/// Field positions in [`FoldedDocument::fields`].
const TITLE: usize = 0;
const NUMBER: usize = 1;
const SUMMARY: usize = 2;

/// Numbers of the distinct tokens seen so far, in the order first seen.
#[derive(Default)]
pub(super) struct Vocabulary {
    ids: FxHashMap<Box<str>, u32>,
    tokens: Vec<Box<str>>,
}

impl Vocabulary {
    fn get(&self, token: &str) -> Option<u32> {
        self.ids.get(token).copied()
    }

    fn intern(&mut self, token: &str) -> u32 {
        if let Some(id) = self.get(token) {
            return id;
        }
        let id = u32::try_from(self.tokens.len()).expect("fewer than 2^32 distinct tokens");
        self.ids.insert(token.into(), id);
        self.tokens.push(token.into());
        id
    }

    fn token(&self, id: u32) -> &str {
        &self.tokens[id as usize]
    }

    /// Table key of a phrase: its two words joined by a space.
    fn phrase(&self, pair: u64) -> String {
        let (first, second) = split_pair(pair);
        let mut key = String::with_capacity(self.token(first).len() + 1 + self.token(second).len());
        key.push_str(self.token(first));
        key.push(' ');
        key.push_str(self.token(second));
        key
    }
}

fn pair(first: u32, second: u32) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

fn split_pair(pair: u64) -> (u32, u32) {
    ((pair >> 32) as u32, pair as u32)
}

/// A document's contribution to the token table, by token number.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Analysis {
    /// Distinct words in ascending order, with their occurrences.
    pub(super) words: Vec<(u32, Occurrence)>,
    /// Distinct two-word phrases ([`pair`]) in ascending order, and whether each is in
    /// the title.
    pub(super) phrases: Vec<(u64, bool)>,
}

/// Marks a token that [`Vocabulary::get`] did not find.
const UNKNOWN: u32 = u32::MAX;

/// Numbers the tokens of `fields`, looking them up in `vocabulary` only: tokens it lacks
/// are numbered [`UNKNOWN`].
fn lookup(vocabulary: &Vocabulary, fields: &[Vec<&str>; 4]) -> [Vec<u32>; 4] {
    fields.each_ref().map(|field| field.iter().map(|token| vocabulary.get(token).unwrap_or(UNKNOWN)).collect())
}

/// Analyses the numbered fields of one document (title, number, summary, body). Phrases
/// never span two fields.
pub(super) fn analyse(fields: &[Vec<u32>; 4]) -> Analysis {
    let mut phrases: Vec<(u64, bool)> = Vec::with_capacity(fields.iter().map(Vec::len).sum());
    for (field, ids) in fields.iter().enumerate() {
        phrases.extend(ids.windows(2).map(|two| (pair(two[0], two[1]), field == TITLE)));
    }
    // A phrase is in the title when any of its occurrences is.
    phrases.sort_unstable_by_key(|phrase| phrase.0);
    phrases.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 |= later.1;
        }
        same
    });

    let mut occurrences: Vec<(u32, usize)> = Vec::with_capacity(fields.iter().map(Vec::len).sum());
    for (field, ids) in fields.iter().enumerate() {
        occurrences.extend(ids.iter().map(|&id| (id, field)));
    }
    occurrences.sort_unstable_by_key(|occurrence| occurrence.0);
    let mut words: Vec<(u32, Occurrence)> = Vec::new();
    for (id, field) in occurrences {
        if words.last().is_none_or(|last| last.0 != id) {
            words.push((id, Occurrence::default()));
        }
        let occurrence = &mut words.last_mut().expect("pushed above").1;
        match field {
            TITLE => occurrence.in_title = true,
            NUMBER => occurrence.in_number = true,
            SUMMARY => {
                occurrence.in_summary = true;
                occurrence.count += 1;
            }
            _ => occurrence.count += 1,
        }
    }
    Analysis { words, phrases }
}

/// Analyses one document against a vocabulary of its own, for comparing a document's
/// postings before and after an edit.
pub(super) fn analyse_alone(document: &Document) -> (Vocabulary, Analysis) {
    let folded = FoldedDocument::of(document);
    let mut vocabulary = Vocabulary::default();
    let fields = folded.fields().map(|field| field.iter().map(|token| vocabulary.intern(token)).collect());
    let analysis = analyse(&fields);
    (vocabulary, analysis)
}

/// Returns the postings of `document` by table key: its words, and its phrases as two
/// words joined by a space.
pub(super) fn postings_of(document: &Document) -> FxHashMap<String, super::Posting> {
    let (vocabulary, analysis) = analyse_alone(document);
    let mut postings =
        FxHashMap::with_capacity_and_hasher(analysis.words.len() + analysis.phrases.len(), Default::default());
    for (id, occurrence) in &analysis.words {
        postings.insert(vocabulary.token(*id).to_owned(), super::Posting::Word(postings::weight(occurrence)));
    }
    for &(pair, in_title) in &analysis.phrases {
        postings.insert(vocabulary.phrase(pair), super::Posting::Phrase(in_title));
    }
    postings
}

/// The posting lists of a site, filled batch by batch in document order.
#[derive(Default)]
pub(super) struct TableBuilder {
    vocabulary: Vocabulary,
    /// `(document id, weight)` lists, by word number.
    words: Vec<Vec<(u32, u32)>>,
    /// `(document id, in title)` lists, by phrase.
    phrases: FxHashMap<u64, Vec<(u32, bool)>>,
}

impl TableBuilder {
    /// Adds the postings of `documents`, whose ids run from `first_id` on in order. Ids
    /// must be higher than every id already added.
    pub(super) fn add_batch(&mut self, documents: &[&Document], first_id: usize) {
        let folded: Vec<FoldedDocument> = documents.par_iter().map(|document| FoldedDocument::of(document)).collect();
        let fields: Vec<[Vec<&str>; 4]> = folded.par_iter().map(FoldedDocument::fields).collect();
        let mut numbered: Vec<[Vec<u32>; 4]> =
            fields.par_iter().map(|tokens| lookup(&self.vocabulary, tokens)).collect();

        // New tokens are numbered one by one in document order. After the first batches
        // there are few of them.
        for (tokens, ids) in fields.iter().zip(&mut numbered) {
            for (field_tokens, field_ids) in tokens.iter().zip(ids.iter_mut()) {
                for (token, id) in field_tokens.iter().zip(field_ids.iter_mut()) {
                    if *id == UNKNOWN {
                        *id = self.vocabulary.intern(token);
                    }
                }
            }
        }
        self.words.resize_with(self.vocabulary.tokens.len(), Vec::new);

        let analysed: Vec<Analysis> = numbered.par_iter().map(analyse).collect();
        for (offset, analysis) in analysed.iter().enumerate() {
            let id = u32::try_from(first_id + offset).expect("fewer than 2^32 documents");
            for (word, occurrence) in &analysis.words {
                self.words[*word as usize].push((id, postings::weight(occurrence)));
            }
            for &(phrase, in_title) in &analysis.phrases {
                self.phrases.entry(phrase).or_default().push((id, in_title));
            }
        }
    }

    /// Returns the table keyed by token, in token order.
    pub(super) fn finish(self) -> std::collections::BTreeMap<Box<str>, Entry> {
        let TableBuilder { vocabulary, words, phrases } = self;
        let mut entries: Vec<(Box<str>, Postings)> = Vec::with_capacity(words.len() + phrases.len());
        for (id, list) in words.into_iter().enumerate() {
            if !list.is_empty() {
                entries.push((vocabulary.tokens[id].clone(), Postings::Word(list)));
            }
        }
        entries.par_extend(
            phrases
                .into_par_iter()
                .map(|(pair, list)| (vocabulary.phrase(pair).into_boxed_str(), Postings::Phrase(list))),
        );
        entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        entries.into_iter().map(|(token, postings)| (token, Entry { postings, encoded: String::new() })).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(title: &str, number: Option<&str>, summary: &str, body: &str) -> Document {
        Document {
            title: title.to_owned(),
            url: "/tin-tuc/a/".to_owned(),
            date: None,
            number: number.map(str::to_owned),
            summary: summary.to_owned(),
            body: body.to_owned(),
        }
    }

    #[test]
    fn word_occurrences_by_field() {
        let postings = postings_of(&document("Ngân sách", Some("12/QĐ"), "ngân sách tỉnh", "Tỉnh tỉnh qđ"));
        let weight = |count, in_title, in_summary, in_number| {
            super::super::Posting::Word(postings::weight(&Occurrence { count, in_title, in_summary, in_number }))
        };
        assert_eq!(postings["ngan"], weight(1, true, true, false));
        assert_eq!(postings["tinh"], weight(3, false, true, false));
        assert_eq!(postings["qd"], weight(1, false, false, true));
        assert_eq!(postings["12"], weight(0, false, false, true));
    }

    #[test]
    fn phrase_in_title_when_any_occurrence_is() {
        let postings = postings_of(&document("chuyển đổi", None, "", "chuyển đổi số số chuyển"));
        assert_eq!(postings["chuyen doi"], super::super::Posting::Phrase(true));
        assert_eq!(postings["doi so"], super::super::Posting::Phrase(false));
        assert_eq!(postings["so chuyen"], super::super::Posting::Phrase(false));
        assert_eq!(postings["so so"], super::super::Posting::Phrase(false));
        assert!(!postings.contains_key("doi doi"), "phrases never span fields");
        assert_eq!(postings.len(), 3 + 4);
    }

    #[test]
    fn batches_share_one_vocabulary() {
        let first = document("một hai", None, "", "");
        let second = document("hai ba", None, "", "");
        let mut table = TableBuilder::default();
        table.add_batch(&[&first], 0);
        table.add_batch(&[&second], 1);
        let table = table.finish();
        let keys: Vec<&str> = table.keys().map(|key| &**key).collect();
        assert_eq!(keys, ["ba", "hai", "hai ba", "mot", "mot hai"]);
        assert_eq!(table["hai"].postings, Postings::Word(vec![(0, postings::IN_TITLE), (1, postings::IN_TITLE)]));
    }
}
