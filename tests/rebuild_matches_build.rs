//! A rebuild after an edit, as `trangtin serve` runs it, writes the same files as a full
//! build of the edited site. Each test copies the repository's own site, builds it into one
//! folder through a serve session, edits one file, rebuilds, and compares that folder byte
//! for byte with a fresh build of the edited site into another folder.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{copy_dir, snapshot};
use trangtin::build::{BuildOptions, build};
use trangtin::incremental::{Rebuilt, Session};

const REPO_ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A copy of the repository's site with a session serving it.
struct Edited {
    dir: tempfile::TempDir,
    session: Session,
}

impl Edited {
    fn start() -> Edited {
        let dir = tempfile::Builder::new().prefix("trangtin-rebuild-").tempdir().expect("temporary folder");
        let site = dir.path().join("site");
        for folder in ["content", "data", "themes"] {
            copy_dir(&Path::new(REPO_ROOT).join(folder), &site.join(folder));
        }
        fs::copy(Path::new(REPO_ROOT).join("site.yaml"), site.join("site.yaml")).expect("copy site.yaml");
        let options = BuildOptions { output: Some(dir.path().join("served")), ..BuildOptions::default() };
        let (session, _) = Session::start(&site, options).unwrap_or_else(|errors| panic!("first build: {errors:?}"));
        Edited { dir, session }
    }

    fn file(&self, relative: &str) -> PathBuf {
        self.dir.path().join("site").join(relative)
    }

    /// Replaces `from` by `to` in the site file `relative` and rebuilds.
    fn edit(&mut self, relative: &str, from: &str, to: &str) -> Rebuilt {
        let path = self.file(relative);
        let text = fs::read_to_string(&path).expect("read the edited file");
        assert!(text.contains(from), "{relative} contains {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).expect("write the edited file");
        self.session.rebuild(&[path], false).unwrap_or_else(|errors| panic!("rebuild: {errors:?}"))
    }

    /// Builds the edited site from scratch and returns both outputs.
    fn outputs(&self) -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>) {
        let fresh = self.dir.path().join("fresh");
        let options = BuildOptions { output: Some(fresh.clone()), ..BuildOptions::default() };
        build(&self.dir.path().join("site"), &options).unwrap_or_else(|errors| panic!("full build: {errors:?}"));
        (snapshot(self.session.output()), snapshot(&fresh))
    }

    /// Asserts that the served folder equals a fresh build, naming every file that differs.
    /// The search index's word shards are compared by content: an update keeps the shard
    /// boundaries of the first build, where a full build sets them by size.
    fn assert_matches_build(&self) {
        let (served, fresh) = self.outputs();
        let differing: Vec<&String> = served
            .keys()
            .chain(fresh.keys())
            .filter(|path| !is_index_layout(path) && served.get(*path) != fresh.get(*path))
            .collect();
        assert!(differing.is_empty(), "files that differ from a full build: {differing:?}");

        let served_index = SearchTable::of(&served);
        let fresh_index = SearchTable::of(&fresh);
        assert_eq!(served_index.documents, fresh_index.documents, "documents in the search index");
        assert_eq!(served_index.tokens, fresh_index.tokens, "postings of the search index");
        for token in served_index.tokens.keys() {
            let shard = served_index.starts.partition_point(|start| start <= token) - 1;
            let path = format!("{INDEX_FOLDER}/tu/{shard}.json");
            let object = json(&served[&path]);
            assert!(object.get(token).is_some(), "the manifest sends `{token}` to {path}, which holds it");
        }
    }

    fn served_page(&self, relative: &str) -> String {
        fs::read_to_string(self.session.output().join(relative)).expect("read a served page")
    }
}

const INDEX_FOLDER: &str = "/tim-kiem/chi-muc";

/// Returns whether `path` is the search manifest or a word shard, whose layout may differ.
fn is_index_layout(path: &str) -> bool {
    path == format!("{INDEX_FOLDER}.json") || path.starts_with(&format!("{INDEX_FOLDER}/tu/"))
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("valid JSON")
}

/// The search index of an output folder, read from its manifest and word shards.
struct SearchTable {
    documents: serde_json::Value,
    /// First token of each shard, from the manifest.
    starts: Vec<String>,
    /// Encoded postings of every token, from all shards.
    tokens: BTreeMap<String, serde_json::Value>,
}

impl SearchTable {
    fn of(files: &BTreeMap<String, Vec<u8>>) -> SearchTable {
        let manifest = json(&files[&format!("{INDEX_FOLDER}.json")]);
        let starts: Vec<String> = manifest["shards"]
            .as_array()
            .expect("a list of shards")
            .iter()
            .map(|start| start.as_str().expect("a token").to_owned())
            .collect();
        let mut tokens = BTreeMap::new();
        for number in 0..starts.len() {
            let shard = json(&files[&format!("{INDEX_FOLDER}/tu/{number}.json")]);
            for (token, postings) in shard.as_object().expect("a shard is an object") {
                tokens.insert(token.clone(), postings.clone());
            }
        }
        SearchTable { documents: manifest["documents"].clone(), starts, tokens }
    }
}

const NEWS: &str = "content/tin-tuc/hoi-nghi-pho-bien-chuyen-doi-so-cho-cong-chuc.md";
const DECREE_43: &str = "content/van-ban/quy-pham-phap-luat/nd-43-2011-nd-cp.md";

fn front_matter_line(relative: &str, key: &str) -> String {
    let text = fs::read_to_string(Path::new(REPO_ROOT).join(relative)).expect("read a site file");
    text.lines()
        .find(|line| line.starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("{key} in {relative}"))
        .to_owned()
}

#[test]
fn body_edit_rebuilds_in_place() {
    let mut site = Edited::start();

    let rebuilt = site.edit(NEWS, "\n\n", "\n\nĐoạn mở đầu mới của bản tin.\n\n");

    assert!(rebuilt.in_place, "{rebuilt:?}");
    assert!(rebuilt.rendered >= 1, "{rebuilt:?}");
    site.assert_matches_build();
}

#[test]
fn title_edit_updates_site_map() {
    let mut site = Edited::start();
    let title = front_matter_line(NEWS, "title");

    let rebuilt = site.edit(NEWS, &title, "title: Hội nghị tập huấn chuyển đổi số đổi tên");

    assert!(rebuilt.in_place, "{rebuilt:?}");
    assert!(site.served_page("so-do-trang/index.html").contains("Hội nghị tập huấn chuyển đổi số đổi tên"));
    site.assert_matches_build();
}

/// The site map keeps its entries as HTML and replaces an edited title in place: a longer
/// title with characters to escape moves every later entry, and a shorter one moves them
/// back.
#[test]
fn title_edits_shift_site_map_entries() {
    let mut site = Edited::start();
    let news_title = front_matter_line(NEWS, "title");
    let decree_title = front_matter_line(DECREE_43, "title");

    let longer = "title: \"Hội nghị <b>chuyển đổi số</b> & 'tập huấn' cho công chức, tên dài hơn\"";
    assert!(site.edit(NEWS, &news_title, longer).in_place);
    assert!(site.edit(DECREE_43, &decree_title, "title: Nghị định 43").in_place);
    let site_map = site.served_page("so-do-trang/index.html");
    assert!(site_map.contains("Hội nghị &lt;b&gt;chuyển đổi số&lt;/b&gt; &amp; &#39;tập huấn&#39;"), "escaped title");
    assert!(site_map.contains(">Nghị định 43</a>"), "the later entry is in its place");
    site.assert_matches_build();

    assert!(site.edit(NEWS, longer, "title: Hội nghị").in_place);
    assert!(site.served_page("so-do-trang/index.html").contains(">Hội nghị</a>"));
    site.assert_matches_build();
}

#[test]
fn replaced_document_title_edit_matches_build() {
    let mut site = Edited::start();
    let title = front_matter_line(DECREE_43, "title");

    let rebuilt = site.edit(DECREE_43, &title, "title: Nghị định số 43/2011/NĐ-CP, tên sửa");

    assert!(rebuilt.in_place, "{rebuilt:?}");
    site.assert_matches_build();
}

#[test]
fn description_edit_updates_feed() {
    let mut site = Edited::start();
    let before = site.served_page("rss.xml");

    let rebuilt = site.edit(
        "content/van-ban/quy-pham-phap-luat/nd-42-2022-nd-cp.md",
        "description: Nghị định của Chính phủ",
        "description: Mô tả mới. Nghị định của Chính phủ",
    );

    assert!(rebuilt.in_place, "{rebuilt:?}");
    assert_ne!(site.served_page("rss.xml"), before, "the feed lists the document");
    site.assert_matches_build();
}

#[test]
fn tag_edit_replans_whole_site() {
    let mut site = Edited::start();

    let rebuilt = site.edit(NEWS, "tags:\n", "tags:\n  - thẻ mới khi sửa\n");

    assert!(!rebuilt.in_place, "a new tag adds a tag page: {rebuilt:?}");
    assert!(!rebuilt.full, "{rebuilt:?}");
    site.assert_matches_build();
}

#[test]
fn date_edit_replans_whole_site() {
    let mut site = Edited::start();
    let date = front_matter_line(NEWS, "date");

    let rebuilt = site.edit(NEWS, &date, "date: 2020-01-02");

    assert!(!rebuilt.in_place, "a new date moves the item in its lists: {rebuilt:?}");
    site.assert_matches_build();
}

#[test]
fn fixed_page_edit_replans_whole_site() {
    let mut site = Edited::start();
    let title = front_matter_line("content/gioi-thieu/lich-su.md", "title");

    let rebuilt = site.edit("content/gioi-thieu/lich-su.md", &title, "title: Lịch sử của Ban");

    assert!(!rebuilt.in_place, "its title names a fixed section: {rebuilt:?}");
    site.assert_matches_build();
}

#[test]
fn successive_edits_match_build() {
    let mut site = Edited::start();
    let title = front_matter_line(NEWS, "title");

    assert!(site.edit(NEWS, "\n\n", "\n\nLần sửa thứ nhất.\n\n").in_place);
    assert!(site.edit(NEWS, &title, "title: Tiêu đề sửa lần hai").in_place);
    assert!(!site.edit(NEWS, "tags:\n", "tags:\n  - thẻ lần ba\n").in_place);
    assert!(site.edit(NEWS, "Lần sửa thứ nhất.", "Lần sửa thứ tư.").in_place);

    site.assert_matches_build();
}
