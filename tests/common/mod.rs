//! Helpers for the end-to-end build tests: copy a sample site into a temporary folder, run
//! the `trangtin` binary on it, and read, list and parse what the build wrote.
//!
//! Nothing here writes into the repository's sources: sample sites are copied out of
//! `tests/sites/` first, and outputs go to a temporary folder or, for builds that several
//! tests read, to cargo's temporary folder for integration tests (`target/tmp`).

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;
use unicode_normalization::UnicodeNormalization;

/// The repository root, which contains the agency's own site (`site.yaml`, `content/`, `data/`).
pub const REPO_ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Name of the file put into an output folder before a build that must leave it alone.
pub const MARKER_FILE: &str = "ban-dung-cu.txt";

/// Returns a command that runs the compiled `trangtin` binary.
pub fn trangtin() -> Command {
    Command::cargo_bin("trangtin").expect("the trangtin binary is built by cargo test")
}

/// Exit code and output of one run of the binary.
#[derive(Debug)]
pub struct Run {
    /// Exit code; -1 when the process was killed by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from_output(output: std::process::Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Panics with both streams unless the run exited with `code`.
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "exit code\n--- stdout:\n{}\n--- stderr:\n{}", self.stdout, self.stderr);
        self
    }

    /// Returns the stderr lines except the summary line of a failed build: each diagnostic
    /// and its `  → ` hint line.
    pub fn diagnostic_lines(&self) -> Vec<&str> {
        self.stderr.lines().filter(|line| !line.starts_with("Không dựng được trang:")).collect()
    }
}

/// Runs `trangtin` with `args` from the current folder of the test process.
pub fn run(args: &[&str]) -> Run {
    let output = trangtin().args(args).output().expect("trangtin starts");
    Run::from_output(output)
}

/// A temporary folder that contains a site under `site/` and its output under `out/`.
pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    /// Creates a sandbox with a copy of `tests/sites/<name>` as its site.
    pub fn with_site(name: &str) -> Sandbox {
        let sandbox = Sandbox::empty();
        let source = Path::new(REPO_ROOT).join("tests/sites").join(name);
        assert!(source.is_dir(), "sample site {} exists", source.display());
        copy_dir(&source, &sandbox.site());
        sandbox
    }

    /// Creates a sandbox with an empty `site/` folder.
    pub fn empty() -> Sandbox {
        let dir = tempfile::Builder::new().prefix("trangtin-test-").tempdir().expect("temporary folder");
        fs::create_dir(dir.path().join("site")).expect("site folder");
        Sandbox { dir }
    }

    /// Returns the sandbox folder itself, parent of `site/` and `out/`.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Returns the site folder.
    pub fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// Returns the output folder that [`Sandbox::build`] passes as `--output`.
    pub fn output(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// Writes `contents` at `relative` inside the site, creating folders as needed.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.site().join(relative);
        fs::create_dir_all(path.parent().expect("file has a folder")).expect("create folders");
        fs::write(&path, contents).expect("write site file");
    }

    /// Runs `trangtin --root site build --output out` with `extra` arguments appended.
    pub fn build(&self, extra: &[&str]) -> Run {
        let site = self.site();
        let output = self.output();
        let mut args = vec!["--root", path_str(&site), "build", "--output", path_str(&output)];
        args.extend_from_slice(extra);
        run(&args)
    }

    /// Builds and panics unless the build exited with 0.
    pub fn build_ok(&self, extra: &[&str]) -> Run {
        let run = self.build(extra);
        run.assert_code(0);
        run
    }

    /// Creates an output folder holding a marker file and a page, as a previous build would
    /// have left, and returns its contents.
    pub fn seed_previous_output(&self) -> BTreeMap<String, Vec<u8>> {
        let output = self.output();
        fs::create_dir_all(output.join("tin-tuc")).expect("create previous output");
        fs::write(output.join(MARKER_FILE), "bản dựng trước").expect("write marker");
        // The marker file that shows a build that an earlier build of trangtin wrote the folder.
        fs::write(output.join(".trangtin"), "bản dựng trước").expect("write the output marker");
        fs::write(output.join("tin-tuc/index.html"), "<p>cũ</p>").expect("write old page");
        snapshot(&output)
    }

    /// Lists the entries directly inside the sandbox folder, such as `site` and `out`.
    pub fn top_entries(&self) -> BTreeSet<String> {
        fs::read_dir(self.path())
            .expect("read sandbox")
            .map(|entry| entry.expect("sandbox entry").file_name().to_string_lossy().into_owned())
            .collect()
    }

    /// Reads the site path `url` of the output as text.
    pub fn page_text(&self, url: &str) -> String {
        read_page(&self.output(), url)
    }

    /// Reads the site path `url` of the output and parses it as HTML.
    pub fn page(&self, url: &str) -> Html {
        parse_page(&self.output(), url)
    }
}

/// Folders that earlier test runs left under cargo's temporary folder are removed once they
/// are this old; a run of the suite takes seconds.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Returns a folder for this test process under cargo's temporary folder for integration
/// tests (`target/tmp`), which contains the builds that several tests of the process read.
/// Statics are never dropped, so the folder outlives the process. Folders that earlier runs
/// left are removed on the first call.
pub fn process_folder() -> &'static Path {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let parent = Path::new(env!("CARGO_TARGET_TMPDIR")).join("trangtin-shared");
        fs::create_dir_all(&parent).expect("create shared test folder");
        remove_stale_folders(&parent);
        let prefix = format!("{}-", env!("CARGO_CRATE_NAME"));
        tempfile::Builder::new().prefix(&prefix).tempdir_in(&parent).expect("create process folder").keep()
    })
}

fn remove_stale_folders(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let modified = entry.metadata().and_then(|metadata| metadata.modified());
        let age = modified.ok().and_then(|modified| SystemTime::now().duration_since(modified).ok());
        if age.is_some_and(|age| age > STALE_AFTER) {
            // Another process may be removing the same folder; either way it goes.
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Builds `tests/sites/<name>` with `extra` arguments once per test process and returns the
/// output folder. Tests share it, so they must only read it.
pub fn shared_build(name: &str, extra: &[&str]) -> &'static Path {
    static BUILDS: Mutex<BTreeMap<String, &'static OnceLock<PathBuf>>> = Mutex::new(BTreeMap::new());
    let key = std::iter::once(name).chain(extra.iter().copied()).collect::<Vec<_>>().join(" ");
    let cell: &'static OnceLock<PathBuf> = {
        let mut builds = BUILDS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        builds.entry(key.clone()).or_insert_with(|| Box::leak(Box::new(OnceLock::new())))
    };
    cell.get_or_init(|| {
        let folder = tempfile::Builder::new().prefix(name).tempdir_in(process_folder()).expect("build folder").keep();
        let output = folder.join("out");
        let site = folder.join("site");
        copy_dir(&Path::new(REPO_ROOT).join("tests/sites").join(name), &site);
        let mut args = vec!["--root", path_str(&site), "build", "--output", path_str(&output)];
        args.extend_from_slice(extra);
        run(&args).assert_code(0);
        output
    })
}

/// Asserts that a build of `sandbox` fails with exit code 1, prints exactly `expected` before
/// its summary line, and leaves an existing output folder and the sandbox as they were.
pub fn assert_build_rejected(sandbox: &Sandbox, expected: &[&str]) {
    let before = sandbox.seed_previous_output();
    let entries_before = sandbox.top_entries();

    let run = sandbox.build(&[]);

    run.assert_code(1);
    assert_eq!(run.diagnostic_lines(), expected, "diagnostics on stderr");
    let errors = expected.iter().filter(|line| line.starts_with("lỗi: ")).count();
    let summary =
        format!("Không dựng được trang: {errors} lỗi, 0 cảnh báo. Thư mục kết quả cũ (nếu có) được giữ nguyên.");
    assert_eq!(run.stderr.lines().last(), Some(summary.as_str()), "summary line");
    assert!(run.stdout.is_empty(), "nothing on stdout: {}", run.stdout);
    assert_eq!(snapshot(&sandbox.output()), before, "previous output unchanged");
    assert_eq!(sandbox.top_entries(), entries_before, "no staging folder left beside the output");
}

/// Returns `path` as `&str`, because temporary folders and the repository have UTF-8 paths.
pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create copy folder");
    for entry in fs::read_dir(from).expect("read sample folder") {
        let entry = entry.expect("sample entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy sample file");
        }
    }
}

/// Lists every file under `dir` as a site path (`/tin-tuc/index.html`), sorted.
pub fn list_files(dir: &Path) -> BTreeSet<String> {
    snapshot(dir).into_keys().collect()
}

/// Reads every file under `dir`, by site path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect_files(dir, dir, &mut files);
    files
}

fn collect_files(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|error| panic!("read {}: {error}", dir.display())) {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            collect_files(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).expect("inside root").to_string_lossy().replace('\\', "/");
            files.insert(format!("/{relative}"), fs::read(&path).expect("read output file"));
        }
    }
}

/// Returns the output file for a site path: `/tin-tuc/` is `tin-tuc/index.html`.
pub fn file_of(output: &Path, url: &str) -> PathBuf {
    let relative = url.trim_start_matches('/');
    if url.ends_with('/') { output.join(relative).join("index.html") } else { output.join(relative) }
}

/// Reads the output file for a site path as UTF-8 text.
pub fn read_page(output: &Path, url: &str) -> String {
    let path = file_of(output, url);
    fs::read_to_string(&path).unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

/// Reads the site path `url` of `output` and parses it as HTML.
pub fn parse_page(output: &Path, url: &str) -> Html {
    Html::parse_document(&read_page(output, url))
}

/// Parses the CSS selector `css`, which a test wrote and which must be valid.
pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|error| panic!("selector {css}: {error:?}"))
}

/// Returns every element of `html` matching `css`.
pub fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = selector(css);
    html.select(&selector).collect()
}

/// Returns every element under `element` matching `css`.
pub fn select_in<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = selector(css);
    element.select(&selector).collect()
}

/// Returns the text of an element with runs of white space collapsed to one space.
pub fn text_of(element: ElementRef) -> String {
    element.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Returns the text of each element matching `css`.
pub fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css).into_iter().map(text_of).collect()
}

/// Returns the `content` of `<meta name="...">`.
pub fn meta_name(html: &Html, name: &str) -> Option<String> {
    select(html, &format!("meta[name=\"{name}\"]")).first().and_then(|meta| meta.attr("content")).map(str::to_owned)
}

/// Returns the `content` of `<meta property="...">`.
pub fn meta_property(html: &Html, property: &str) -> Option<String> {
    select(html, &format!("meta[property=\"{property}\"]"))
        .first()
        .and_then(|meta| meta.attr("content"))
        .map(str::to_owned)
}

/// Returns the accessible name of an element: `aria-label` when present, else its text
/// without the parts inside `aria-hidden="true"` elements.
pub fn accessible_name(element: ElementRef) -> String {
    if let Some(label) = element.attr("aria-label") {
        return label.to_owned();
    }
    let mut text = String::new();
    collect_visible_text(element, &mut text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collect_visible_text(element: ElementRef, text: &mut String) {
    for child in element.children() {
        if let Some(fragment) = child.value().as_text() {
            text.push_str(fragment);
        } else if let Some(child) = ElementRef::wrap(child) {
            if child.attr("aria-hidden") != Some("true") {
                collect_visible_text(child, text);
            }
        }
    }
}

/// Returns the `href` of every link in `html`.
pub fn hrefs(html: &Html) -> Vec<String> {
    select(html, "a[href]").into_iter().filter_map(|link| link.attr("href")).map(str::to_owned).collect()
}

/// Lists the site paths of every HTML page under `output`, as `/tin-tuc/` or `/404.html`.
pub fn html_pages(output: &Path) -> Vec<String> {
    list_files(output)
        .into_iter()
        .filter(|path| path.ends_with(".html"))
        .map(|path| path.strip_suffix("index.html").map_or(path.clone(), str::to_owned))
        .collect()
}

/// Returns true when `text` is in Unicode normalisation form C.
pub fn is_nfc(text: &str) -> bool {
    text.nfc().eq(text.chars())
}

/// Returns true when `text` is a day written `YYYY-MM-DD`.
pub fn is_iso_day(text: &str) -> bool {
    let digits_and_dashes =
        text.char_indices().all(|(index, c)| if index == 4 || index == 7 { c == '-' } else { c.is_ascii_digit() });
    text.len() == 10 && digits_and_dashes
}

/// Returns `text` in normalisation form D, as macOS writes file names.
pub fn nfd(text: &str) -> String {
    text.nfd().collect()
}

/// Parses an XML document and returns the text of every `<tag>` element, in document order.
pub fn xml_texts(xml: &str, tag: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).unwrap_or_else(|error| panic!("well-formed XML: {error}"));
    document
        .descendants()
        .filter(|node| node.tag_name().name() == tag)
        .map(|node| node.text().unwrap_or("").to_owned())
        .collect()
}

/// The fixed addresses every build publishes, whatever the content.
pub const FIXED_URLS: &[&str] = &[
    "/",
    "/tin-tuc/",
    "/van-ban/",
    "/van-ban/chi-dao-dieu-hanh/",
    "/van-ban/quy-pham-phap-luat/",
    "/chien-luoc-ke-hoach/",
    "/lich-cong-tac/",
    "/gioi-thieu/",
    "/gioi-thieu/co-cau-to-chuc/",
    "/gioi-thieu/chuc-nang-nhiem-vu/",
    "/gioi-thieu/lich-su/",
    "/gioi-thieu/lanh-dao/",
    "/gioi-thieu/ban-bien-tap/",
    "/lien-he/",
    "/so-do-trang/",
    "/sitemap.xml",
    "/tim-kiem/",
    "/lay-y-kien/",
    "/du-an/",
    "/dich-vu-cong/",
    "/hoi-dap/",
    "/lien-ket/",
    "/chuyen-doi-so/",
    "/rss.xml",
    "/404.html",
];

/// Asserts that every fixed address exists as a file under `output`.
pub fn assert_fixed_pages(output: &Path) {
    for url in FIXED_URLS {
        assert!(file_of(output, url).is_file(), "fixed page {url} exists");
    }
}

impl Run {
    /// Panics when the run panicked: exit code 101, or "panicked" on stderr.
    pub fn assert_no_panic(&self) -> &Run {
        assert_ne!(self.code, 101, "exit code 101 (panic)\n--- stderr:\n{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "panic on stderr:\n{}", self.stderr);
        self
    }
}
