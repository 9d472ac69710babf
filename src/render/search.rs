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
mod table;

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;
use std::time::Instant;
use xxhash_rust::xxh3::xxh3_64;

use rayon::prelude::*;
use serde::Serialize;
use tracing::info;

use crate::content::Page;
use crate::content::meta::Kind;
use crate::site::Site;
use table::{TableBuilder, postings_of};

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

/// True for the pages the index holds: every page but section pages without text.
pub fn is_searchable(page: &Page) -> bool {
    page.kind != Kind::Section || !page.plain_text.trim().is_empty()
}

/// Builds the index files of a site's pages, leaving out section pages without text.
pub fn files(site: &Site) -> serde_json::Result<Vec<IndexFile>> {
    index_with_files(site).map(|(_, files)| files)
}

/// Builds the index of a site's pages and all of its files, the manifest first.
pub fn index_with_files(site: &Site) -> serde_json::Result<(SearchIndex, Vec<IndexFile>)> {
    let mut files = Vec::new();
    let index = index_writing(site, |batch| {
        files.extend(batch);
        Ok::<(), serde_json::Error>(())
    })?;
    // The manifest and the shards come last from `emit`.
    let documents = index.keys.len();
    files.rotate_left(documents);
    Ok((index, files))
}

/// Builds the index of a site's pages and hands its files to `emit` as they are made,
/// a batch of document files at a time, then the manifest and the shards together. The
/// build writes each batch out at once, so the files never sit in memory all together.
pub fn index_writing<E: From<serde_json::Error>>(
    site: &Site,
    emit: impl FnMut(Vec<IndexFile>) -> Result<(), E>,
) -> Result<SearchIndex, E> {
    let started = Instant::now();
    let mut files = 0;
    let mut bytes = 0;
    let mut emit = emit;
    let index = SearchIndex::of_pages(site.pages.iter().filter(|page| is_searchable(page)).collect(), |batch| {
        files += batch.len();
        bytes += batch.iter().map(|file| file.bytes.len()).sum::<usize>();
        emit(batch)
    })?;
    let elapsed_ms = started.elapsed().as_millis();
    info!(documents = index.keys.len(), files, bytes, elapsed_ms, "đã tạo chỉ mục tìm kiếm");
    Ok(index)
}

/// True for the site paths that the index's files take.
pub fn is_index_path(path: &str) -> bool {
    path == INDEX_URL || path.strip_prefix(INDEX_FOLDER).is_some_and(|rest| rest.starts_with('/'))
}

/// Returns the document that `page` gives the index.
pub fn document_of(page: &Page) -> Document {
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
        date: date_key(page),
        number: meta.so_ky_hieu.clone(),
        summary: summary.join(" "),
        body,
    }
}

fn date_key(page: &Page) -> Option<String> {
    page.effective_date().map(|date| date.iso_day())
}

/// Builds the index files of `documents`, in any order: they are numbered newest first,
/// then by address.
pub fn build(documents: Vec<Document>) -> serde_json::Result<Vec<IndexFile>> {
    build_with_shard_size(documents, SHARD_BYTES)
}

fn build_with_shard_size(mut documents: Vec<Document>, shard_bytes: usize) -> serde_json::Result<Vec<IndexFile>> {
    documents.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    let mut index = SearchIndex::of_documents(&documents);
    let mut files = index.document_files_from(&documents, 0)?;
    let (manifest_and_shards, _) = index.layout(shard_bytes)?;
    files.splice(0..0, manifest_and_shards);
    Ok(files)
}

/// Documents per batch when indexing a whole site: the folded text of one batch is held
/// in memory at a time.
const BATCH: usize = 512;

/// A posting list of the token table.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Postings {
    /// `(document id, weight)`, ascending by id.
    Word(Vec<(u32, u32)>),
    /// `(document id, in title)`, ascending by id.
    Phrase(Vec<(u32, bool)>),
}

impl Postings {
    fn encode(&self) -> String {
        match self {
            Postings::Word(list) => postings::encode_weighted(list),
            Postings::Phrase(list) => postings::encode_phrase(list),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Postings::Word(list) => list.is_empty(),
            Postings::Phrase(list) => list.is_empty(),
        }
    }

    fn remove(&mut self, id: u32) {
        match self {
            Postings::Word(list) => {
                if let Ok(at) = list.binary_search_by_key(&id, |entry| entry.0) {
                    list.remove(at);
                }
            }
            Postings::Phrase(list) => {
                if let Ok(at) = list.binary_search_by_key(&id, |entry| entry.0) {
                    list.remove(at);
                }
            }
        }
    }
}

/// A token's postings with their encoding, kept so that an update re-encodes only the
/// tokens it changed.
#[derive(Debug, Clone)]
struct Entry {
    postings: Postings,
    encoded: String,
}

/// The token table of a site with the numbering of its documents, kept by `trangtin serve`
/// so that editing a page re-encodes only the shards and the document file it touches.
pub struct SearchIndex {
    /// Sort key of every document, `(date, address)`, by id.
    keys: Vec<(Option<String>, String)>,
    table: BTreeMap<Box<str>, Entry>,
    /// Set by [`SearchIndex::layout`]: the first token of every shard, and the hash of every
    /// shard and document file, from which the manifest's version is computed.
    shard_starts: Vec<Box<str>>,
    shard_hashes: Vec<u64>,
    document_hashes: Vec<u64>,
}

/// Compares two document keys: newest first, undated last, then by address.
fn newest_first(a: &(Option<String>, String), b: &(Option<String>, String)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1))
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SearchIndex")
            .field("documents", &self.keys.len())
            .field("tokens", &self.table.len())
            .field("shards", &self.shard_starts.len())
            .finish()
    }
}

impl SearchIndex {
    /// Indexes `pages`, in any order, and hands the index files to `emit`: the document
    /// files batch by batch, then the manifest and the shards.
    fn of_pages<E: From<serde_json::Error>>(
        mut pages: Vec<&Page>,
        mut emit: impl FnMut(Vec<IndexFile>) -> Result<(), E>,
    ) -> Result<SearchIndex, E> {
        let mut keyed: Vec<((Option<String>, String), &Page)> =
            pages.drain(..).map(|page| ((date_key(page), page.url.clone()), page)).collect();
        keyed.sort_by(|a, b| newest_first(&a.0, &b.0));
        let mut index = SearchIndex::empty(keyed.iter().map(|(key, _)| key.clone()).collect());

        let mut table = TableBuilder::default();
        for (batch_number, batch) in keyed.chunks(BATCH).enumerate() {
            let documents: Vec<Document> = batch.par_iter().map(|(_, page)| document_of(page)).collect();
            let first_id = batch_number * BATCH;
            table.add_batch(&documents.iter().collect::<Vec<_>>(), first_id);
            emit(index.document_files_from(&documents, first_id)?)?;
        }
        index.table = table.finish();
        let (manifest_and_shards, _) = index.layout(SHARD_BYTES)?;
        emit(manifest_and_shards)?;
        Ok(index)
    }

    /// Indexes `documents`, which are in document order (newest first, then by address).
    fn of_documents(documents: &[Document]) -> SearchIndex {
        let mut index = SearchIndex::empty(
            documents.iter().map(|document| (document.date.clone(), document.url.clone())).collect(),
        );
        let mut table = TableBuilder::default();
        table.add_batch(&documents.iter().collect::<Vec<_>>(), 0);
        index.table = table.finish();
        index
    }

    fn empty(keys: Vec<(Option<String>, String)>) -> SearchIndex {
        SearchIndex {
            keys,
            table: BTreeMap::new(),
            shard_starts: Vec::new(),
            shard_hashes: Vec::new(),
            document_hashes: Vec::new(),
        }
    }

    /// Returns the id of the document with sort key `key`, if the index has it.
    fn id_of(&self, key: &(Option<String>, String)) -> Option<u32> {
        let at = self.keys.binary_search_by(|probe| newest_first(probe, key)).ok()?;
        u32::try_from(at).ok()
    }

    /// Document files of `documents`, whose ids run from `first_id` on; records their hashes.
    fn document_files_from(&mut self, documents: &[Document], first_id: usize) -> serde_json::Result<Vec<IndexFile>> {
        let files: Vec<IndexFile> = documents
            .par_iter()
            .enumerate()
            .map(|(offset, document)| {
                Ok(IndexFile {
                    path: format!("{INDEX_FOLDER}/trang/{}.json", first_id + offset),
                    bytes: document_file(document)?,
                })
            })
            .collect::<serde_json::Result<_>>()?;
        self.document_hashes.extend(files.iter().map(|file| xxh3_64(&file.bytes)));
        Ok(files)
    }

    /// Splits the table into shards of about `shard_bytes`, and returns the manifest and the
    /// shard files, with the shard count.
    fn layout(&mut self, shard_bytes: usize) -> serde_json::Result<(Vec<IndexFile>, usize)> {
        self.table.par_iter_mut().for_each(|(_, entry)| entry.encoded = entry.postings.encode());
        let tokens: Vec<(&Box<str>, &Entry)> = self.table.iter().collect();
        let bounds =
            postings::shard_bounds(tokens.iter().map(|(token, entry)| (token.len(), entry.encoded.len())), shard_bytes);
        let shard_files: Vec<IndexFile> = bounds
            .par_iter()
            .enumerate()
            .map(|(number, &start)| {
                let end = bounds.get(number + 1).copied().unwrap_or(tokens.len());
                let entries = (start..end).map(|at| (&**tokens[at].0, tokens[at].1.encoded.as_str()));
                Ok(IndexFile { path: shard_path(number), bytes: shard_json(entries)? })
            })
            .collect::<serde_json::Result<_>>()?;
        self.shard_starts = bounds
            .iter()
            .enumerate()
            .map(|(number, &start)| if number == 0 { "".into() } else { tokens[start].0.clone() })
            .collect();
        self.shard_hashes = shard_files.iter().map(|file| xxh3_64(&file.bytes)).collect();
        let count = shard_files.len();
        let mut files = vec![self.manifest()?];
        files.extend(shard_files);
        Ok((files, count))
    }

    fn manifest(&self) -> serde_json::Result<IndexFile> {
        let hashes: Vec<u8> =
            self.shard_hashes.iter().chain(&self.document_hashes).flat_map(|hash| hash.to_le_bytes()).collect();
        let version = xxh3_64(&hashes);
        let manifest = Manifest {
            version: format!("{version:016x}"),
            documents: self.keys.len(),
            shards: self.shard_starts.iter().map(|start| &**start).collect(),
        };
        Ok(IndexFile { path: INDEX_URL.to_owned(), bytes: serde_json::to_vec(&manifest)? })
    }

    /// Replaces the documents of `old` pages by those of `new` pages, which must be the
    /// same addresses with the same dates. Returns the files whose bytes changed, with the
    /// manifest when any did, or `None` when the numbering of documents would change (a page added,
    /// removed or redated), in which case the whole index must be built again.
    pub fn update(&mut self, old: &[&Page], new: &[&Page]) -> serde_json::Result<Option<Vec<IndexFile>>> {
        let documents = |pages: &[&Page]| -> Vec<Document> {
            pages.iter().filter(|page| is_searchable(page)).map(|page| document_of(page)).collect()
        };
        self.update_documents(&documents(old), &documents(new))
    }

    fn update_documents(&mut self, old: &[Document], new: &[Document]) -> serde_json::Result<Option<Vec<IndexFile>>> {
        let keys = |documents: &[Document]| -> Vec<(Option<String>, String)> {
            let mut keys: Vec<_> =
                documents.iter().map(|document| (document.date.clone(), document.url.clone())).collect();
            keys.sort();
            keys
        };
        let old_keys = keys(old);
        if old_keys != keys(new) || self.shard_starts.is_empty() {
            return Ok(None);
        }
        let Some(ids) = old_keys.iter().map(|key| self.id_of(key)).collect::<Option<Vec<u32>>>() else {
            return Ok(None);
        };

        let mut changed: FxHashSet<Box<str>> = FxHashSet::default();
        let mut files = Vec::new();
        for (key, id) in old_keys.iter().zip(ids) {
            let before = old.iter().find(|document| document.url == key.1);
            let after = new.iter().find(|document| document.url == key.1);
            let (Some(before), Some(after)) = (before, after) else { return Ok(None) };
            // Only tokens whose posting for this document differs are touched: an edit of a
            // few words re-encodes a few posting lists, not those of every common word.
            let old_postings = postings_of(before);
            let new_postings = postings_of(after);
            for (token, posting) in &old_postings {
                if new_postings.get(token) != Some(posting) {
                    if let Some(entry) = self.table.get_mut(token.as_str()) {
                        entry.postings.remove(id);
                    }
                    changed.insert(token.as_str().into());
                }
            }
            for (token, posting) in new_postings {
                if old_postings.get(&token) == Some(&posting) {
                    continue;
                }
                match (self.table.get_mut(token.as_str()).map(|entry| &mut entry.postings), posting) {
                    (Some(Postings::Word(list)), Posting::Word(weight)) => {
                        let at = list.partition_point(|probe| probe.0 < id);
                        list.insert(at, (id, weight));
                    }
                    (Some(Postings::Phrase(list)), Posting::Phrase(in_title)) => {
                        let at = list.partition_point(|probe| probe.0 < id);
                        list.insert(at, (id, in_title));
                    }
                    (_, posting) => {
                        let postings = match posting {
                            Posting::Word(weight) => Postings::Word(vec![(id, weight)]),
                            Posting::Phrase(in_title) => Postings::Phrase(vec![(id, in_title)]),
                        };
                        self.table.insert(token.as_str().into(), Entry { postings, encoded: String::new() });
                    }
                }
                changed.insert(token.into());
            }
            let file = IndexFile { path: format!("{INDEX_FOLDER}/trang/{id}.json"), bytes: document_file(after)? };
            let hash = xxh3_64(&file.bytes);
            if std::mem::replace(&mut self.document_hashes[id as usize], hash) != hash {
                files.push(file);
            }
        }

        let mut dirty_shards = std::collections::BTreeSet::new();
        for token in &changed {
            dirty_shards.insert(self.shard_of(token));
            let emptied = match self.table.get_mut(&**token) {
                Some(entry) if entry.postings.is_empty() => true,
                Some(entry) => {
                    entry.encoded = entry.postings.encode();
                    false
                }
                None => false,
            };
            if emptied {
                self.table.remove(&**token);
            }
        }
        let shards: Vec<(usize, IndexFile)> = dirty_shards
            .into_par_iter()
            .map(|number| {
                let start: &str = &self.shard_starts[number];
                let end = self.shard_starts.get(number + 1).map(|end| &**end);
                let range = (
                    std::ops::Bound::Included(start),
                    end.map_or(std::ops::Bound::Unbounded, std::ops::Bound::Excluded),
                );
                let entries =
                    self.table.range::<str, _>(range).map(|(token, entry)| (&**token, entry.encoded.as_str()));
                Ok((number, IndexFile { path: shard_path(number), bytes: shard_json(entries)? }))
            })
            .collect::<serde_json::Result<_>>()?;
        for (number, file) in shards {
            let hash = xxh3_64(&file.bytes);
            if std::mem::replace(&mut self.shard_hashes[number], hash) != hash {
                files.push(file);
            }
        }
        // The manifest's version changes with any other file.
        if !files.is_empty() {
            files.insert(0, self.manifest()?);
        }
        Ok(Some(files))
    }

    /// Returns the shard whose range contains `token`: the last whose first token is not after it.
    fn shard_of(&self, token: &str) -> usize {
        self.shard_starts.partition_point(|start| &**start <= token).saturating_sub(1)
    }
}

/// One document's entry in a token's posting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Posting {
    /// A word, with its weight (see [`postings::weight`]).
    Word(u32),
    /// A two-word phrase, and whether it is in the title.
    Phrase(bool),
}

fn shard_path(number: usize) -> String {
    format!("{INDEX_FOLDER}/tu/{number}.json")
}

/// Writes a shard as a JSON object of token to encoded postings, in the order given.
fn shard_json<'e>(entries: impl Iterator<Item = (&'e str, &'e str)>) -> serde_json::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(SHARD_BYTES + SHARD_BYTES / 4);
    bytes.push(b'{');
    for (index, (token, postings)) in entries.enumerate() {
        if index > 0 {
            bytes.push(b',');
        }
        serde_json::to_writer(&mut bytes, token)?;
        // Encoded postings use only letters, digits, `-` and `_`: nothing to escape.
        debug_assert!(postings.bytes().all(|byte| postings::ALPHABET.contains(&byte)));
        bytes.extend_from_slice(b":\"");
        bytes.extend_from_slice(postings.as_bytes());
        bytes.push(b'"');
    }
    bytes.push(b'}');
    Ok(bytes)
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
    if let Some((cut, _)) = text.char_indices().nth(TEXT_CHARS) {
        text.truncate(cut);
    }
    serde_json::to_vec(&DocumentFile {
        t: &document.title,
        u: &document.url,
        d: document.date.as_deref(),
        k: document.number.as_deref(),
        x: text,
    })
}

#[cfg(test)]
mod tests;
