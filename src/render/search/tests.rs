use super::postings::{IN_NUMBER, IN_SUMMARY, IN_TITLE, decode_numbers};
use super::*;

fn sample() -> Vec<Document> {
    vec![
        Document {
            title: "Hội nghị chuyển đổi số năm 2022".to_owned(),
            url: "/tin-tuc/hoi-nghi-chuyen-doi-so/".to_owned(),
            date: Some("2022-03-15".to_owned()),
            summary: "Tỉnh tổ chức hội nghị về chuyển đổi số.".to_owned(),
            body: "Hội nghị bàn về ngân sách cho chuyển đổi số.".to_owned(),
            ..Document::default()
        },
        Document {
            title: "Quyết định ban hành Bộ tiêu chí".to_owned(),
            url: "/van-ban/chi-dao-dieu-hanh/qd-2652/".to_owned(),
            date: Some("2021-10-13".to_owned()),
            number: Some("2652/QĐ-UBND".to_owned()),
            summary: "Ban hành Bộ tiêu chí đánh giá trang thông tin điện tử.".to_owned(),
            body: "Căn cứ Luật Tổ chức chính quyền địa phương.".to_owned(),
        },
        Document {
            title: "Lịch sử hình thành".to_owned(),
            url: "/gioi-thieu/lich-su/".to_owned(),
            body: "Tỉnh được tái lập năm 1997.".to_owned(),
            ..Document::default()
        },
    ]
}

fn file<'a>(files: &'a [IndexFile], path: &str) -> &'a [u8] {
    &files.iter().find(|file| file.path == path).unwrap_or_else(|| panic!("{path} written")).bytes
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("valid JSON")
}

/// Looks up the posting list of `token` as the page script does, in the last shard whose
/// first token is not after it.
fn lookup(files: &[IndexFile], token: &str) -> Option<String> {
    let manifest = json(file(files, INDEX_URL));
    let starts: Vec<&str> =
        manifest["shards"].as_array().unwrap().iter().map(|start| start.as_str().unwrap()).collect();
    let shard = starts.iter().rposition(|start| *start <= token).expect("first shard starts empty");
    let shard = json(file(files, &format!("/tim-kiem/chi-muc/tu/{shard}.json")));
    shard.get(token).map(|postings| postings.as_str().unwrap().to_owned())
}

/// Decodes the `(document id, weight)` pairs of a word.
fn word_postings(files: &[IndexFile], token: &str) -> Vec<(u32, u32)> {
    let numbers = decode_numbers(&lookup(files, token).unwrap_or_default()).expect("valid postings");
    let mut id = 0;
    numbers
        .chunks(2)
        .enumerate()
        .map(|(index, pair)| {
            id = if index == 0 { pair[0] } else { id + pair[0] };
            (id, pair[1])
        })
        .collect()
}

#[test]
fn documents_numbered_newest_first() {
    let files = build(sample()).unwrap();

    let urls: Vec<String> = (0..3)
        .map(|id| json(file(&files, &format!("/tim-kiem/chi-muc/trang/{id}.json")))["u"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        urls,
        ["/tin-tuc/hoi-nghi-chuyen-doi-so/", "/van-ban/chi-dao-dieu-hanh/qd-2652/", "/gioi-thieu/lich-su/"]
    );
}

#[test]
fn document_file_has_fields() {
    let files = build(sample()).unwrap();

    let document = json(file(&files, "/tim-kiem/chi-muc/trang/1.json"));
    assert_eq!(document["t"], "Quyết định ban hành Bộ tiêu chí");
    assert_eq!(document["d"], "2021-10-13");
    assert_eq!(document["k"], "2652/QĐ-UBND");
    assert_eq!(
        document["x"],
        "Ban hành Bộ tiêu chí đánh giá trang thông tin điện tử. Căn cứ Luật Tổ chức chính quyền địa phương."
    );
    let undated = json(file(&files, "/tim-kiem/chi-muc/trang/2.json"));
    assert!(undated.get("d").is_none(), "no date key without a date");
    assert!(undated.get("k").is_none(), "no number key without a number");
}

#[test]
fn document_text_is_capped() {
    let long = Document {
        title: "Dài".to_owned(),
        url: "/dai/".to_owned(),
        body: "chữ ".repeat(5_000),
        ..Document::default()
    };
    let files = build(vec![long]).unwrap();

    let text = json(file(&files, "/tim-kiem/chi-muc/trang/0.json"))["x"].as_str().unwrap().to_owned();
    assert_eq!(text.chars().count(), TEXT_CHARS);
}

#[test]
fn words_found_without_tone_marks() {
    let files = build(sample()).unwrap();

    for token in ["chuyen", "doi", "so", "ngan", "sach"] {
        assert!(lookup(&files, token).is_some(), "{token} indexed");
    }
    assert!(lookup(&files, "chuyển").is_none(), "only folded tokens are indexed");
    assert_eq!(word_postings(&files, "chuyen"), [(0, 2 | IN_TITLE | IN_SUMMARY)]);
}

#[test]
fn document_number_tokens_weighted() {
    let files = build(sample()).unwrap();

    assert_eq!(word_postings(&files, "2652"), [(1, IN_NUMBER)]);
    assert_eq!(word_postings(&files, "qd"), [(1, IN_NUMBER)]);
    assert_eq!(word_postings(&files, "ubnd"), [(1, IN_NUMBER)]);
}

#[test]
fn phrases_indexed_with_title_bit() {
    let files = build(sample()).unwrap();

    let phrase = |key: &str| lookup(&files, key).map(|postings| decode_numbers(&postings).expect("valid postings"));
    assert_eq!(phrase("chuyen doi"), Some(vec![1]), "document 0, in the title");
    assert_eq!(phrase("ngan sach"), Some(vec![0]), "document 0, body only");
    assert_eq!(phrase("2652 qd"), Some(vec![2]), "document 1, number only");
    assert_eq!(phrase("2022 tinh"), None, "no phrase across the title and the summary");
}

#[test]
fn every_token_reachable_from_manifest() {
    let many: Vec<Document> = (0..300)
        .map(|index| Document {
            title: format!("Bài số {index}"),
            url: format!("/tin-tuc/bai-{index:03}/"),
            body: format!("từ{index} chung riêng{} {}", index % 7, "đoạn văn ".repeat(index % 5)),
            ..Document::default()
        })
        .collect();
    let files = build_with_shard_size(many, 2_048).unwrap();

    let manifest = json(file(&files, INDEX_URL));
    assert!(manifest["shards"].as_array().unwrap().len() > 1, "several shards");
    assert_eq!(manifest["documents"], 300);
    for index in 0..300 {
        let token = format!("tu{index}");
        assert_eq!(word_postings(&files, &token).len(), 1, "{token}");
    }
    assert_eq!(word_postings(&files, "chung").len(), 300);
    assert_eq!(word_postings(&files, "rieng3").len(), 43);
}

#[test]
fn same_input_same_bytes() {
    let first = build(sample()).unwrap();
    let mut reversed = sample();
    reversed.reverse();
    let second = build(reversed).unwrap();

    assert_eq!(first, second);
}

#[test]
fn version_changes_with_content() {
    let first = json(file(&build(sample()).unwrap(), INDEX_URL));
    let mut changed = sample();
    changed[2].body.push_str(" Thêm một câu.");
    let second = json(file(&build(changed).unwrap(), INDEX_URL));

    assert_ne!(first["version"], second["version"]);
}

#[test]
fn empty_site_has_manifest_and_one_shard() {
    let files = build(Vec::new()).unwrap();

    let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    assert_eq!(paths, [INDEX_URL, "/tim-kiem/chi-muc/tu/0.json"]);
    assert_eq!(json(file(&files, "/tim-kiem/chi-muc/tu/0.json")), serde_json::json!({}));
}

/// Applies `changed` files over `files`, by path.
fn apply(files: &mut Vec<IndexFile>, changed: Vec<IndexFile>) {
    for file in changed {
        match files.iter_mut().find(|old| old.path == file.path) {
            Some(old) => *old = file,
            None => files.push(file),
        }
    }
}

/// Builds an index of `documents` with small shards, and returns it with all of its files.
fn small_shards(documents: &[Document]) -> (SearchIndex, Vec<IndexFile>) {
    let mut sorted = documents.to_vec();
    sorted.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    let mut index = SearchIndex::of_documents(&sorted);
    let mut files = index.document_files_from(&sorted, 0).unwrap();
    let (head, shards) = index.layout(64).unwrap();
    assert!(shards > 3, "several shards: {shards}");
    files.splice(0..0, head);
    (index, files)
}

#[test]
fn edit_matches_full_build() {
    let before = sample();
    let mut after = sample();
    after[1].body = "Căn cứ Nghị định về quản lý đầu tư công.".to_owned();
    after[1].title = "Quyết định sửa đổi Bộ tiêu chí".to_owned();
    let (mut index, mut files) = small_shards(&before);
    let version_before = json(file(&files, INDEX_URL))["version"].clone();

    let changed = index.update_documents(&before[1..2], &after[1..2]).unwrap().expect("same address and date");

    assert!(changed.len() < files.len(), "{} of {} files rewritten", changed.len(), files.len());
    assert!(changed.iter().any(|file| file.path == "/tim-kiem/chi-muc/trang/1.json"));
    assert!(!changed.iter().any(|file| file.path == "/tim-kiem/chi-muc/trang/0.json"), "untouched document");
    apply(&mut files, changed);
    let fresh = build_with_shard_size(after.clone(), 64).unwrap();
    let mut tokens: Vec<String> = Vec::new();
    for document in before.iter().chain(&after) {
        let words = tokens_of_text(&format!("{} {} {}", document.title, document.summary, document.body));
        tokens.extend(words.windows(2).map(|pair| format!("{} {}", pair[0], pair[1])));
        tokens.extend(words);
    }
    for token in &tokens {
        assert_eq!(lookup(&files, token), lookup(&fresh, token), "postings of `{token}`");
    }
    assert_eq!(lookup(&files, "dau"), lookup(&fresh, "dau"));
    assert!(lookup(&files, "dau").is_some(), "a word of the new text is found");
    assert_eq!(lookup(&files, "dia"), None, "a word only the old text had is gone");
    assert_eq!(file(&files, "/tim-kiem/chi-muc/trang/1.json"), file(&fresh, "/tim-kiem/chi-muc/trang/1.json"));
    assert_ne!(json(file(&files, INDEX_URL))["version"], version_before);
}

fn tokens_of_text(text: &str) -> Vec<String> {
    tokens(text)
}

#[test]
fn redated_or_added_page_needs_full_index() {
    let before = sample();
    let (mut index, _) = small_shards(&before);

    let mut redated = before[0].clone();
    redated.date = Some("2020-01-01".to_owned());
    assert!(index.update_documents(&before[0..1], &[redated]).unwrap().is_none());

    let mut moved = before[0].clone();
    moved.url = "/tin-tuc/khac/".to_owned();
    assert!(index.update_documents(&before[0..1], &[moved]).unwrap().is_none());
    assert!(index.update_documents(&[], &before[0..1]).unwrap().is_none(), "a document not indexed yet");
}

#[test]
fn unchanged_document_rewrites_nothing() {
    let before = sample();
    let (mut index, _) = small_shards(&before);

    let changed = index.update_documents(&before[0..1], &before[0..1]).unwrap().expect("same address and date");

    assert_eq!(changed, Vec::new());
}

#[test]
fn one_word_edit_rewrites_its_shards_only() {
    let before = sample();
    let mut after = sample();
    after[1].body = format!("{} Zyxel.", before[1].body);
    let (mut index, mut files) = small_shards(&before);

    let changed = index.update_documents(&before[1..2], &after[1..2]).unwrap().expect("same address and date");

    let shards: Vec<&IndexFile> = changed.iter().filter(|file| file.path.contains("/tu/")).collect();
    assert!(!shards.is_empty(), "the shard of the new word is rewritten");
    assert!(shards.len() <= 2, "one shard for the word, at most one more for its phrase: {}", shards.len());
    for shard in &shards {
        let keys = json(&shard.bytes);
        let keys = keys.as_object().expect("a shard is an object");
        assert!(keys.keys().any(|key| key.contains("zyxel")), "{} holds a new token", shard.path);
    }
    apply(&mut files, changed);
    let fresh = build_with_shard_size(after.clone(), 64).unwrap();
    assert!(lookup(&files, "zyxel").is_some());
    assert_eq!(lookup(&files, "zyxel"), lookup(&fresh, "zyxel"));
    assert_eq!(file(&files, "/tim-kiem/chi-muc/trang/1.json"), file(&fresh, "/tim-kiem/chi-muc/trang/1.json"));
}
