//! The search index behind `/tim-kiem/`, split so that a reader downloads only what one
//! query needs:
//!
//! - `/tim-kiem/chi-muc.json`, the manifest: the index version, the number of documents and
//!   the first token of each shard;
//! - `/tim-kiem/chi-muc/tu/<n>.json`, shard `n` of the token table: folded token to its
//!   posting list, tokens in order, about [`SHARD_BYTES`] per shard;
//! - `/tim-kiem/chi-muc/trang/<id>.json`, one per document: title, address, date, document
//!   number and text, fetched only for the results shown, to write their excerpts.
//!
//! Documents are numbered newest first, so equal scores rank the newer page first. A word's
//! posting list gives, per document, how often the word occurs in the text and whether it
//! occurs in the title, the summary or the document number. Adjacent words are also indexed
//! as two-word phrases ("chuyen doi", most Vietnamese words have two syllables), with whether
//! the phrase is in the title, so that the page ranks "ngân sách" above a page that contains
//! "ngân" and "sách" apart.
//!
//! Query and index are folded by the same rules ([`fold`]; the page script repeats them), so
//! "chuyen doi so" finds "chuyển đổi số". The output depends only on the site's pages, so
//! the same site gives byte-identical files.

mod fold;
mod postings;

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use tracing::info;

use crate::content::Page;
use crate::content::meta::Kind;
use crate::site::Site;
use postings::Occurrence;

use fold::split_tokens;
pub use fold::{fold, tokens};

/// Site path of the manifest.
pub const INDEX_URL: &str = "/tim-kiem/chi-muc.json";

/// Folder of the shards and document files.
const INDEX_FOLDER: &str = "/tim-kiem/chi-muc";

/// Target size of a shard, in bytes of JSON before compression. Smaller shards cut the bytes
/// a query downloads but add requests and manifest entries.
const SHARD_BYTES: usize = 16 * 1024;

/// Characters of summary and body text kept per document for excerpts.
const TEXT_CHARS: usize = 4_000;

/// A searchable page, reduced to the fields the index reads.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: String,
    /// Site path.
    pub url: String,
    /// Date as `yyyy-mm-dd`.
    pub date: Option<String>,
    /// Document number and symbol (`2652/QĐ-UBND`).
    pub number: Option<String>,
    /// Description, document summary or question.
    pub summary: String,
    /// Body text, and the answer of a question.
    pub body: String,
}

/// One file of the index: its site path and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Serialize)]
struct Manifest<'a> {
    /// Hash of every other index file, appended to their addresses so that a browser never
    /// combines a cached shard with a newer manifest.
    version: String,
    documents: usize,
    /// First token of each shard; the first shard's entry is empty.
    shards: Vec<&'a str>,
}

#[derive(Serialize)]
struct DocumentFile<'a> {
    t: &'a str,
    u: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<&'a str>,
    x: String,
}

/// Builds the index files of a site's pages, leaving out section pages without text.
pub fn files(site: &Site) -> serde_json::Result<Vec<IndexFile>> {
    let started = Instant::now();
    let documents: Vec<Document> = site
        .pages
        .iter()
        .filter(|page| page.kind != Kind::Section || !page.plain_text.trim().is_empty())
        .map(document_of)
        .collect();
    let count = documents.len();
    let files = build(documents)?;

    let bytes: usize = files.iter().map(|file| file.bytes.len()).sum();
    let elapsed_ms = started.elapsed().as_millis();
    info!(documents = count, files = files.len(), bytes, elapsed_ms, "đã tạo chỉ mục tìm kiếm");
    Ok(files)
}

fn document_of(page: &Page) -> Document {
    let meta = &page.meta;
    let summary: Vec<&str> =
        [&meta.description, &meta.trich_yeu, &meta.cau_hoi].into_iter().flatten().map(String::as_str).collect();
    let mut body = meta.tra_loi.clone().unwrap_or_default();
    if !body.is_empty() {
        body.push(' ');
    }
    body.push_str(&page.plain_text);
    Document {
        title: page.title().to_owned(),
        url: page.url.clone(),
        date: page.effective_date().map(|date| date.day().format("%Y-%m-%d").to_string()),
        number: meta.so_ky_hieu.clone(),
        summary: summary.join(" "),
        body,
    }
}

/// Builds the index files of `documents`, in any order: they are numbered newest first,
/// then by address.
pub fn build(documents: Vec<Document>) -> serde_json::Result<Vec<IndexFile>> {
    build_with_shard_size(documents, SHARD_BYTES)
}

fn build_with_shard_size(mut documents: Vec<Document>, shard_bytes: usize) -> serde_json::Result<Vec<IndexFile>> {
    documents.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));

    let folded: Vec<FoldedDocument> = documents.par_iter().map(FoldedDocument::of).collect();
    let analysed: Vec<Analysis> = folded.par_iter().map(analyse).collect();
    let table = token_table(&analysed);
    let shards = postings::split_shards(table, shard_bytes);

    let mut files = Vec::with_capacity(shards.len() + documents.len() + 1);
    for (number, shard) in shards.iter().enumerate() {
        files.push(IndexFile { path: format!("{INDEX_FOLDER}/tu/{number}.json"), bytes: serde_json::to_vec(shard)? });
    }
    for (id, document) in documents.iter().enumerate() {
        files.push(IndexFile { path: format!("{INDEX_FOLDER}/trang/{id}.json"), bytes: document_file(document)? });
    }

    let shard_starts = shards
        .iter()
        .enumerate()
        .map(|(number, shard)| if number == 0 { "" } else { shard.keys().next().map_or("", String::as_str) });
    let manifest = Manifest { version: version_of(&files), documents: documents.len(), shards: shard_starts.collect() };
    files.insert(0, IndexFile { path: INDEX_URL.to_owned(), bytes: serde_json::to_vec(&manifest)? });
    Ok(files)
}

/// A document's fields, folded; the token table borrows its tokens from here.
struct FoldedDocument {
    title: String,
    number: String,
    summary: String,
    body: String,
}

impl FoldedDocument {
    fn of(document: &Document) -> FoldedDocument {
        FoldedDocument {
            title: fold(&document.title),
            number: document.number.as_deref().map(fold).unwrap_or_default(),
            summary: fold(&document.summary),
            body: fold(&document.body),
        }
    }
}

/// A document's contribution to the token table.
struct Analysis<'a> {
    words: HashMap<&'a str, Occurrence>,
    /// Two-word phrases, and whether each is in the title.
    phrases: HashMap<(&'a str, &'a str), bool>,
}

fn analyse(document: &FoldedDocument) -> Analysis<'_> {
    let mut words: HashMap<&str, Occurrence> = HashMap::new();
    let mut phrases: HashMap<(&str, &str), bool> = HashMap::new();

    let title: Vec<&str> = split_tokens(&document.title).collect();
    let number: Vec<&str> = split_tokens(&document.number).collect();
    let summary: Vec<&str> = split_tokens(&document.summary).collect();
    let body: Vec<&str> = split_tokens(&document.body).collect();

    // Phrases never span two fields.
    for (field, in_title) in [(&title, true), (&number, false), (&summary, false), (&body, false)] {
        for pair in field.windows(2) {
            *phrases.entry((pair[0], pair[1])).or_default() |= in_title;
        }
    }
    for token in title {
        words.entry(token).or_default().in_title = true;
    }
    for token in number {
        words.entry(token).or_default().in_number = true;
    }
    for token in summary {
        let occurrence = words.entry(token).or_default();
        occurrence.in_summary = true;
        occurrence.count += 1;
    }
    for token in body {
        words.entry(token).or_default().count += 1;
    }
    Analysis { words, phrases }
}

/// Every word and phrase with its encoded posting list, in token order. A phrase is its
/// two words joined by a space, which no word contains, so the page script distinguishes
/// them by it.
fn token_table(analysed: &[Analysis]) -> BTreeMap<String, String> {
    let mut words: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
    let mut phrases: HashMap<(&str, &str), Vec<(u32, bool)>> = HashMap::new();
    for (id, analysis) in analysed.iter().enumerate() {
        let id = u32::try_from(id).expect("fewer than 2^32 documents");
        for (token, occurrence) in &analysis.words {
            words.entry(token).or_default().push((id, postings::weight(occurrence)));
        }
        for (phrase, &in_title) in &analysis.phrases {
            phrases.entry(*phrase).or_default().push((id, in_title));
        }
    }

    let mut table: BTreeMap<String, String> =
        words.into_iter().map(|(token, list)| (token.to_owned(), postings::encode_weighted(&list))).collect();
    table.extend(
        phrases
            .into_iter()
            .map(|((first, second), list)| (format!("{first} {second}"), postings::encode_phrase(&list))),
    );
    table
}

fn document_file(document: &Document) -> serde_json::Result<Vec<u8>> {
    let mut text = document.summary.split_whitespace().collect::<Vec<_>>().join(" ");
    for word in document.body.split_whitespace() {
        if text.len() >= TEXT_CHARS * 4 {
            break; // enough for TEXT_CHARS characters of any script
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
    let text: String = text.chars().take(TEXT_CHARS).collect();
    serde_json::to_vec(&DocumentFile {
        t: &document.title,
        u: &document.url,
        d: document.date.as_deref(),
        k: document.number.as_deref(),
        x: text,
    })
}

/// 64-bit FNV-1a over the paths and contents of `files`, as 16 hex digits.
fn version_of(files: &[IndexFile]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        for &byte in file.path.as_bytes().iter().chain(&[0]).chain(&file.bytes) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests;
