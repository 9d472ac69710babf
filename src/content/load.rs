//! Loading a site folder: `site.yaml`, `data/*.yaml` and every Markdown file under
//! `content/`, in parallel, collecting every problem instead of stopping at the first.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};
use tracing::debug;
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::meta::{AttachmentRef, FrontMatter, Kind};
use crate::content::{Attachment, Page, validate};
use crate::data::{DATA_FILES, SiteData};
use crate::diag::{Diagnostic, Diagnostics, display_path};
use crate::frontmatter::{self, SplitError};
use crate::markdown::{self, MarkdownOptions};
use crate::site::{LoadOptions, Site};
use crate::slug::slugify;
use crate::text::{TextError, read_source, read_source_into};

/// Which kind each top-level section folder holds; other folders hold plain pages.
const SECTION_KINDS: &[(&str, Kind)] = &[
    ("tin-tuc", Kind::News),
    ("chuyen-doi-so", Kind::News),
    ("van-ban", Kind::Document),
    ("chien-luoc-ke-hoach", Kind::Plan),
    ("lich-cong-tac", Kind::Schedule),
    ("lay-y-kien", Kind::Consultation),
    ("du-an", Kind::Project),
    ("hoi-dap", Kind::Question),
];

/// The kind of the items in a section path such as `van-ban/chi-dao-dieu-hanh`.
pub fn kind_of_section(section: &str) -> Kind {
    let top = section.split('/').next().unwrap_or("");
    SECTION_KINDS.iter().find(|(name, _)| *name == top).map_or(Kind::Page, |(_, kind)| *kind)
}

/// A non-Markdown file under `content/`, copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute source path.
    pub path: PathBuf,
    /// Source path relative to the site root.
    pub source: String,
    /// Site path of the copy.
    pub url: String,
}

/// A site loaded as far as its errors allow.
pub struct PartialSite {
    /// The site without the files that failed; `None` when `site.yaml` could not be read.
    pub site: Option<Site>,
    /// Addresses the failed content files would have had, so that links to them are not
    /// reported as broken on top of the file's own error.
    pub failed_urls: Vec<String>,
    pub diagnostics: Diagnostics,
}

/// Loads and validates the whole site in `root`.
pub fn load_site(root: &Path, options: LoadOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let partial = load_site_partial(root, options);
    match partial.site {
        Some(site) if !partial.diagnostics.has_errors() => Ok((site, partial.diagnostics)),
        _ => Err(partial.diagnostics),
    }
}

/// Loads everything that can be loaded, with every problem found.
pub fn load_site_partial(root: &Path, options: LoadOptions) -> PartialSite {
    let mut diagnostics = Diagnostics::new();

    let config = load_config(root, &mut diagnostics);
    let data = load_data(root, &mut diagnostics);
    let (pages, assets, failed_urls) = match &config {
        Some(config) => load_content(root, config, options, &mut diagnostics),
        None => (Vec::new(), Vec::new(), Vec::new()),
    };

    diagnostics.sort();
    let site = config.map(|config| Site { root: root.to_path_buf(), config, data, pages, assets });
    PartialSite { site, failed_urls, diagnostics }
}

/// Reads `site.yaml`.
pub fn load_config(root: &Path, diagnostics: &mut Diagnostics) -> Option<Config> {
    let path = root.join("site.yaml");
    if !path.is_file() {
        diagnostics.push(
            Diagnostic::error("site.yaml", 0, format!("không tìm thấy site.yaml trong thư mục {}", root.display()))
                .hint("chạy lệnh trong thư mục trang, hoặc chỉ thư mục trang bằng --root THƯ_MỤC"),
        );
        return None;
    }
    let config: Config = read_yaml_file(root, &path, diagnostics)?;
    if config.language != "vi" {
        diagnostics.push(
            Diagnostic::error("site.yaml", 0, format!("ngôn ngữ `{}` chưa được hỗ trợ", config.language))
                .field("language")
                .hint("đặt `language: vi`"),
        );
    }
    if !(config.base_url.starts_with("https://") || config.base_url.starts_with("http://")) {
        diagnostics.push(
            Diagnostic::error("site.yaml", 0, format!("địa chỉ `{}` không bắt đầu bằng https://", config.base_url))
                .field("base_url")
                .hint("viết đầy đủ, ví dụ `base_url: https://bdt.binhphuoc.gov.vn`"),
        );
    }
    if config.so_muc_moi_trang == 0 {
        diagnostics.push(
            Diagnostic::error("site.yaml", 0, "số mục mỗi trang phải lớn hơn 0")
                .field("so_muc_moi_trang")
                .hint("đặt một số như 10 hoặc 20"),
        );
    }
    Some(config)
}

/// Reads every file of `data/` that exists.
pub fn load_data(root: &Path, diagnostics: &mut Diagnostics) -> SiteData {
    let dir = root.join("data");
    let mut data = SiteData::default();
    let path = |name: &str| dir.join(name);

    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut names: Vec<String> =
            entries.filter_map(Result::ok).map(|entry| entry.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        for name in names {
            let known = DATA_FILES.iter().any(|file| file.name == name);
            if !known && (name.ends_with(".yaml") || name.ends_with(".yml")) {
                let expected: Vec<&str> = DATA_FILES.iter().map(|file| file.name).collect();
                let mut diagnostic = Diagnostic::error(format!("data/{name}"), 0, "tệp dữ liệu không được dùng");
                diagnostic = match closest(&name, &expected) {
                    Some(close) => {
                        diagnostic.hint(format!("có phải `{close}`? Các tệp dùng được: {}", expected.join(", ")))
                    }
                    None => diagnostic.hint(format!("các tệp dùng được: {}", expected.join(", "))),
                };
                diagnostics.push(diagnostic);
            }
        }
    }

    let read = |name: &str, _: &mut Diagnostics| -> Option<PathBuf> {
        let file = path(name);
        file.is_file().then_some(file)
    };
    if let Some(file) = read("co-quan.yaml", diagnostics) {
        data.agency = read_yaml_file(root, &file, diagnostics);
    }
    if let Some(file) = read("lanh-dao.yaml", diagnostics) {
        data.leaders = read_yaml_file(root, &file, diagnostics).unwrap_or_default();
    }
    if let Some(file) = read("don-vi.yaml", diagnostics) {
        data.units = read_yaml_file(root, &file, diagnostics).unwrap_or_default();
    }
    if let Some(file) = read("ban-bien-tap.yaml", diagnostics) {
        data.editorial_board = read_yaml_file(root, &file, diagnostics);
    }
    if let Some(file) = read("can-bo-ky-thuat.yaml", diagnostics) {
        data.technical_staff = read_yaml_file(root, &file, diagnostics).unwrap_or_default();
    }
    if let Some(file) = read("dich-vu-cong.yaml", diagnostics) {
        data.services = read_yaml_file(root, &file, diagnostics);
    }
    if let Some(file) = read("lien-ket.yaml", diagnostics) {
        data.links = read_yaml_file(root, &file, diagnostics).unwrap_or_default();
    }
    if let Some(file) = read("minh-chung.yaml", diagnostics) {
        data.evidence = read_yaml_file::<Option<_>>(root, &file, diagnostics).flatten().unwrap_or_default();
    }
    data
}

/// Reads a whole YAML file into `T`, reporting the file, line and field of any error.
pub fn read_yaml_file<T: DeserializeOwned>(root: &Path, path: &Path, diagnostics: &mut Diagnostics) -> Option<T> {
    let file = display_path(root, path);
    let text = match read_source(path) {
        Ok(text) => text,
        Err(error) => {
            diagnostics.push(text_error(&file, &error));
            return None;
        }
    };
    if let Err(error) = frontmatter::parse_value(&text, 1) {
        diagnostics.push(Diagnostic::error(&file, error.line, error.message).hint(error.hint));
        return None;
    }
    match deserialize_located::<T>(&text) {
        Ok(value) => Some(value),
        Err(problem) => {
            diagnostics.push(problem.into_diagnostic(&file, 1));
            None
        }
    }
}

/// A typed-deserialisation problem, located inside the YAML text it came from.
#[derive(Debug, Clone)]
pub struct YamlProblem {
    /// Line inside the YAML text, 1-based; 0 when unknown.
    pub line: usize,
    /// Path of the field (`lich[0].ngay`), empty at the top.
    pub path: String,
    /// serde's message.
    pub raw: String,
}

impl YamlProblem {
    /// Turns the problem into a Vietnamese diagnostic; `first_line` is the file line of the
    /// YAML text's first line.
    pub fn into_diagnostic(self, file: &str, first_line: usize) -> Diagnostic {
        let (message, hint) = validate::explain_serde_error(&self.raw, &self.path);
        let line = if self.line == 0 { first_line.max(1) } else { first_line + self.line - 1 };
        let mut diagnostic = Diagnostic::error(file, line, message);
        if !self.path.is_empty() && self.path != "." {
            diagnostic = diagnostic.field(self.path);
        }
        match hint {
            Some(hint) => diagnostic.hint(hint),
            None => diagnostic,
        }
    }
}

/// Deserialises `yaml` into `T`, keeping the path and line of the first error.
pub fn deserialize_located<T: DeserializeOwned>(yaml: &str) -> Result<T, YamlProblem> {
    let deserializer = serde_yaml::Deserializer::from_str(yaml);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let message = inner.to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        YamlProblem {
            line: inner.location().map_or(0, |location| location.line()),
            raw: strip_path_prefix(message).to_owned(),
            path,
        }
    })
}

/// serde_yaml puts the field path before its message (`draft: invalid type: …`); the path is
/// reported separately, so only the message is kept.
fn strip_path_prefix(message: &str) -> &str {
    const STARTS: [&str; 7] = [
        "invalid type: ",
        "invalid value: ",
        "unknown field ",
        "unknown variant ",
        "missing field ",
        "invalid length ",
        "duplicate field ",
    ];
    STARTS.iter().filter_map(|start| message.find(start)).min().map_or(message, |index| &message[index..])
}

fn text_error(file: &str, error: &TextError) -> Diagnostic {
    let (message, hint) = error.message();
    Diagnostic::error(file, error.line(), message).hint(hint)
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (strsim::normalized_damerau_levenshtein(word, candidate), *candidate))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// Files that editors leave beside the ones being edited.
pub fn is_editor_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bck", ".bak", ".orig"].iter().any(|suffix| name.ends_with(suffix))
}

struct SourceFile {
    path: PathBuf,
    relative: PathBuf,
}

/// Walks `content/` and loads every page and asset; also returns the addresses of the
/// Markdown files that failed to load.
pub fn load_content(
    root: &Path,
    config: &Config,
    options: LoadOptions,
    diagnostics: &mut Diagnostics,
) -> (Vec<Page>, Vec<Asset>, Vec<String>) {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error("content", 0, "không có thư mục content/")
                .hint("tạo thư mục content/ với mỗi mục một thư mục con có tệp _index.md"),
        );
        return (Vec::new(), Vec::new(), Vec::new());
    }
    let content_root = content_dir.canonicalize().unwrap_or(content_dir.clone());

    let (markdown_files, other_files) = walk_content(root, &content_dir, &content_root, diagnostics);
    debug!(pages = markdown_files.len(), assets = other_files.len(), "content found");

    let markdown_options = MarkdownOptions { allow_scripts: config.cho_phep_script };
    // Each worker reads its files into one buffer that it keeps.
    let results: Vec<(Option<Page>, Vec<Diagnostic>)> = markdown_files
        .par_iter()
        .map_init(Vec::new, |buffer, file| load_page(root, &content_root, file, markdown_options, options, buffer))
        .collect();

    let mut pages = Vec::with_capacity(results.len());
    let mut failed_urls = Vec::new();
    for ((page, problems), file) in results.into_iter().zip(&markdown_files) {
        diagnostics.extend(problems);
        match page {
            Some(page) if !page.meta.draft || options.drafts => pages.push(page),
            Some(_) => {}
            None => failed_urls.push(default_url(&file.relative)),
        }
    }

    let assets: Vec<Asset> = other_files
        .into_iter()
        .map(|file| Asset { source: display_path(root, &file.path), url: asset_url(&file.relative), path: file.path })
        .collect();

    validate::check_collisions(&pages, &assets, diagnostics);
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    (pages, assets, failed_urls)
}

/// The address of a Markdown file from its path alone, ignoring any `slug`.
fn default_url(relative: &Path) -> String {
    let section = section_of(relative.parent().unwrap_or(Path::new("")));
    let base = if section.is_empty() { "/".to_owned() } else { format!("/{section}/") };
    let stem = relative.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    if stem == "_index" { base } else { format!("{base}{}/", slugify(&stem)) }
}

fn walk_content(
    root: &Path,
    content_dir: &Path,
    content_root: &Path,
    diagnostics: &mut Diagnostics,
) -> (Vec<SourceFile>, Vec<SourceFile>) {
    let mut markdown = Vec::new();
    let mut other = Vec::new();
    let walker = WalkDir::new(content_dir).follow_links(false).sort_by_file_name().into_iter();

    for entry in
        walker.filter_entry(|entry| entry.depth() == 0 || !is_editor_temporary(&entry.file_name().to_string_lossy()))
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let file = error.path().map_or("content".to_owned(), |path| display_path(root, path));
                diagnostics.push(Diagnostic::error(file, 0, format!("không đọc được: {error}")));
                continue;
            }
        };
        let path = entry.path().to_path_buf();
        let file_type = entry.file_type();

        if file_type.is_symlink() {
            let inside = path.canonicalize().is_ok_and(|target| target.starts_with(content_root));
            if !inside {
                diagnostics.push(
                    Diagnostic::error(
                        display_path(root, &path),
                        0,
                        "liên kết tượng trưng trỏ ra ngoài thư mục content/",
                    )
                    .hint("chép tệp vào content/ thay vì tạo liên kết tới nơi khác"),
                );
                continue;
            }
            if path.is_dir() {
                diagnostics.push(
                    Diagnostic::warning(display_path(root, &path), 0, "bỏ qua thư mục là liên kết tượng trưng")
                        .hint("chép thư mục vào content/ nếu cần dựng nội dung trong đó"),
                );
                continue;
            }
        } else if file_type.is_dir() {
            continue;
        }

        let relative = path.strip_prefix(content_dir).unwrap_or(&path).to_path_buf();
        let is_markdown = path.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("md"));
        let file = SourceFile { path, relative };
        if is_markdown { markdown.push(file) } else { other.push(file) }
    }
    (markdown, other)
}

/// Site path of a content folder (`Tin tức/Lễ hội` becomes `tin-tuc/le-hoi`).
fn section_of(relative_dir: &Path) -> String {
    relative_dir
        .components()
        .filter_map(|component| match component {
            Component::Normal(name) => Some(slugify(&name.to_string_lossy())),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Site path of a non-Markdown file: folders slugified like sections, the file name's stem
/// slugified and its extension lower-cased.
fn asset_url(relative: &Path) -> String {
    let section = section_of(relative.parent().unwrap_or(Path::new("")));
    let stem = relative.file_stem().map(|stem| slugify(&stem.to_string_lossy())).unwrap_or_default();
    let extension = relative.extension().map(|e| e.to_string_lossy().to_lowercase());
    let name = match extension {
        Some(extension) => format!("{stem}.{extension}"),
        None => stem,
    };
    if section.is_empty() { format!("/{name}") } else { format!("/{section}/{name}") }
}

/// Loads one Markdown file of `content/` (an absolute path), as the full load does.
pub fn load_one(root: &Path, config: &Config, path: &Path) -> (Option<Page>, Vec<Diagnostic>) {
    let content_dir = root.join("content");
    let content_root = content_dir.canonicalize().unwrap_or(content_dir.clone());
    let relative = path.strip_prefix(&content_dir).unwrap_or(path).to_path_buf();
    let file = SourceFile { path: path.to_path_buf(), relative };
    let markdown_options = MarkdownOptions { allow_scripts: config.cho_phep_script };
    load_page(root, &content_root, &file, markdown_options, LoadOptions::default(), &mut Vec::new())
}

/// Loads one Markdown file, reading it through `buffer`.
fn load_page(
    root: &Path,
    content_root: &Path,
    file: &SourceFile,
    markdown_options: MarkdownOptions,
    options: LoadOptions,
    buffer: &mut Vec<u8>,
) -> (Option<Page>, Vec<Diagnostic>) {
    let source = display_path(root, &file.path);
    let mut problems = Vec::new();

    let text = match read_source_into(&file.path, buffer) {
        Ok(text) => text,
        Err(error) => return (None, vec![text_error(&source, &error)]),
    };
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(SplitError::Empty) => {
            let diagnostic = Diagnostic::error(&source, 0, "tệp rỗng")
                .hint("viết phần thông tin đầu trang giữa hai dòng `---`, có ít nhất `title:`, hoặc xóa tệp");
            return (None, vec![diagnostic]);
        }
        Err(SplitError::Unclosed) => {
            let diagnostic = Diagnostic::error(&source, 1, "thiếu dòng `---` đóng phần thông tin đầu trang")
                .hint("thêm một dòng chỉ có `---` sau trường cuối cùng của phần thông tin đầu trang");
            return (None, vec![diagnostic]);
        }
    };

    let relative_dir = file.relative.parent().unwrap_or(Path::new(""));
    let section = section_of(relative_dir);
    let is_index = file.relative.file_name().is_some_and(|name| name == "_index.md");
    let kind = if is_index { Kind::Section } else { kind_of_section(&section) };

    let lines = frontmatter::key_lines(split.yaml, split.yaml_line);
    let meta = match parse_front_matter(&source, split.yaml, split.yaml_line, &lines, kind, &mut problems) {
        Some(meta) => meta,
        None => return (None, problems),
    };

    let url = match page_url(&section, &file.relative, is_index, &meta, &source, &lines, &mut problems) {
        Some(url) => url,
        None => return (None, problems),
    };

    let base_dir = if section.is_empty() { "/".to_owned() } else { format!("/{section}/") };
    let rendered = markdown::render(split.body, split.body_line, &base_dir, markdown_options);
    for script in &rendered.scripts {
        problems.push(
            Diagnostic::error(&source, script.line, format!("nội dung có mã chạy được: {}", script.what))
                .hint(script.hint()),
        );
    }

    let page_dir = file.path.parent().unwrap_or(content_root);
    let attachments = resolve_attachments(root, content_root, page_dir, &source, &meta, &lines, &mut problems);

    let page = Page {
        source,
        kind,
        section,
        url,
        meta,
        lines,
        body_line: split.body_line,
        content_html: if options.body_html { rendered.html } else { String::new() },
        plain_text: rendered.plain_text,
        attachments,
        links: rendered.links,
        anchors: rendered.anchors,
        version: text_version(&text),
    };
    validate::check_page(&page, &mut problems);
    (Some(page), problems)
}

/// A hash of a page's source text, stable within one process. XXH3, because SipHash took a
/// visible share of loading 50 MB of content, and the text is not chosen to collide.
fn text_version(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Parses and types the front matter, reporting every bad key with its line; `lines` are
/// the file lines of its top-level keys.
fn parse_front_matter(
    source: &str,
    yaml: &str,
    yaml_line: usize,
    lines: &BTreeMap<String, usize>,
    kind: Kind,
    problems: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    let mapping = match frontmatter::parse_mapping(yaml, yaml_line) {
        Ok(mapping) => mapping,
        Err(error) => {
            problems.push(Diagnostic::error(source, error.line, error.message).hint(error.hint));
            return None;
        }
    };
    let before = problems.len();
    validate::check_keys(source, &mapping, lines, kind, problems);

    match type_front_matter(yaml, mapping) {
        Ok(meta) if problems.len() == before => Some(meta),
        Ok(_) => None,
        Err(_) => {
            // Report every bad value, not only the first, by typing each key on its own.
            for (key, segment, first) in frontmatter::key_segments(yaml, yaml_line) {
                if let Err(problem) = deserialize_located::<FrontMatter>(segment) {
                    let mut diagnostic = problem.into_diagnostic(source, first);
                    if diagnostic.field.is_none() {
                        diagnostic.field = Some(key.clone());
                    }
                    problems.push(diagnostic);
                }
            }
            None
        }
    }
}

/// Types the front matter from `mapping`, the value already parsed from `yaml`, so that
/// each file's YAML is parsed once. Returns what [`deserialize_located`] returns on `yaml`.
///
/// serde_yaml (0.9) types a value from text by other rules than from a [`Value`]. From
/// text, a string field takes any scalar as written (`tags: [2022]` reads as "2022"), where
/// a `Value` gives only YAML strings. A `Value` null becomes an empty list (`tags: ~`), where
/// the text is an error. Tags (`!`) are handled differently too. Typing from the
/// `Value` is therefore trusted only when it succeeds on YAML without nulls and tags, where
/// the unit tests find both ways alike over every field with scalars, lists and maps of
/// each kind. Anything else is typed again from the text, which also gives the located error
/// that a failure needs.
fn type_front_matter(yaml: &str, mapping: Mapping) -> Result<FrontMatter, YamlProblem> {
    if !yaml.contains('!')
        && !mapping.values().any(has_null)
        && let Ok(meta) = serde_yaml::from_value(Value::Mapping(mapping))
    {
        return Ok(meta);
    }
    deserialize_located::<FrontMatter>(yaml)
}

/// Returns whether `value` is null or contains a null.
fn has_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Sequence(items) => items.iter().any(has_null),
        Value::Mapping(mapping) => mapping.iter().any(|(key, value)| has_null(key) || has_null(value)),
        Value::Tagged(tagged) => has_null(&tagged.value),
        Value::Bool(_) | Value::Number(_) | Value::String(_) => false,
    }
}

#[allow(clippy::too_many_arguments)]
fn page_url(
    section: &str,
    relative: &Path,
    is_index: bool,
    meta: &FrontMatter,
    source: &str,
    lines: &BTreeMap<String, usize>,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let base = if section.is_empty() { "/".to_owned() } else { format!("/{section}/") };
    if is_index {
        return Some(base);
    }
    let slug = match &meta.slug {
        Some(slug) => {
            let line = lines.get("slug").copied().unwrap_or(1);
            if slug.contains('/') || slug.contains('\\') || slug.contains("..") {
                problems.push(
                    Diagnostic::error(source, line, format!("slug `{slug}` chứa `/`, `\\` hoặc `..`"))
                        .field("slug")
                        .hint("slug chỉ là một đoạn địa chỉ, ví dụ `le-hoi-2022`; bài luôn nằm trong mục của thư mục chứa nó"),
                );
                return None;
            }
            let cleaned = slugify(slug);
            if cleaned.is_empty() {
                problems.push(
                    Diagnostic::error(source, line, format!("slug `{slug}` không có chữ hoặc số nào"))
                        .field("slug")
                        .hint("dùng chữ không dấu, số và dấu gạch ngang, ví dụ `le-hoi-2022`"),
                );
                return None;
            }
            cleaned
        }
        None => {
            let stem = relative.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
            let cleaned = slugify(&stem);
            if cleaned.is_empty() {
                problems.push(
                    Diagnostic::error(source, 0, "tên tệp không có chữ hoặc số nào để làm địa chỉ trang")
                        .hint("đổi tên tệp, ví dụ `le-hoi-2022.md`, hoặc thêm `slug:`"),
                );
                return None;
            }
            cleaned
        }
    };
    Some(format!("{base}{slug}/"))
}

/// Resolves a path written in front matter against the page's folder, refusing anything that
/// leaves `content/`.
pub fn resolve_inside(content_root: &Path, page_dir: &Path, written: &str) -> Result<PathBuf, &'static str> {
    if written.starts_with('/') || written.starts_with('\\') || written.contains(':') {
        return Err("đường dẫn tuyệt đối hoặc địa chỉ mạng");
    }
    let mut resolved = page_dir.to_path_buf();
    for component in Path::new(written).components() {
        match component {
            Component::Normal(part) => resolved.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            _ => return Err("đường dẫn tuyệt đối hoặc địa chỉ mạng"),
        }
    }
    if !resolved.exists() {
        resolved = find_ignoring_normalization(&resolved).ok_or("không tìm thấy tệp")?;
    }
    let canonical = resolved.canonicalize().map_err(|_| "không tìm thấy tệp")?;
    if !canonical.starts_with(content_root) {
        return Err("tệp nằm ngoài thư mục content/");
    }
    if !canonical.is_file() {
        return Err("không phải tệp");
    }
    Ok(canonical)
}

/// Finds a path whose names equal those of `wanted` after NFC normalisation: front matter is
/// NFC, but a file copied from macOS may be named in NFD, and Linux compares bytes.
fn find_ignoring_normalization(wanted: &Path) -> Option<PathBuf> {
    let mut found = PathBuf::new();
    for component in wanted.components() {
        let Component::Normal(name) = component else {
            found.push(component);
            continue;
        };
        let direct = found.join(name);
        if direct.exists() {
            found = direct;
            continue;
        }
        let target = crate::text::nfc(&name.to_string_lossy());
        let entry = std::fs::read_dir(&found)
            .ok()?
            .filter_map(Result::ok)
            .find(|entry| crate::text::nfc(&entry.file_name().to_string_lossy()) == target)?;
        found.push(entry.file_name());
    }
    Some(found)
}

fn resolve_attachments(
    root: &Path,
    content_root: &Path,
    page_dir: &Path,
    source: &str,
    meta: &FrontMatter,
    lines: &BTreeMap<String, usize>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Attachment> {
    let mut named: Vec<(&str, &AttachmentRef)> = Vec::new();
    named.extend(meta.tep.iter().map(|reference| ("tep", reference)));
    named.extend(meta.van_ban_goc.iter().map(|reference| ("van_ban_goc", reference)));
    let image = meta.anh.clone().map(AttachmentRef::Path);
    named.extend(meta.van_ban_du_thao.iter().map(|reference| ("van_ban_du_thao", reference)));
    named.extend(image.iter().map(|reference| ("anh", reference)));

    let content_dir = root.join("content");
    let mut attachments = Vec::new();
    for (field, reference) in named {
        let line = lines.get(field).copied().unwrap_or(1);
        match resolve_inside(content_root, page_dir, reference.path()) {
            Ok(path) => {
                let relative = path.strip_prefix(content_root).unwrap_or(&path).to_path_buf();
                let file_name =
                    path.file_name().map(|name| crate::text::nfc(&name.to_string_lossy())).unwrap_or_default();
                attachments.push(Attachment {
                    field: field.to_owned(),
                    source: display_path(root, &content_dir.join(&relative)),
                    url: asset_url(&relative),
                    name: reference.name().map(str::to_owned).unwrap_or(file_name),
                    size: path.metadata().map(|metadata| metadata.len()).unwrap_or(0),
                });
            }
            Err(reason) => problems.push(
                Diagnostic::error(source, line, format!("tệp đính kèm `{}`: {reason}", reference.path()))
                    .field(field)
                    .hint("đặt tệp trong content/, ghi đường dẫn tính từ thư mục của bài (ví dụ `tep/qd-2652.pdf`)"),
            ),
        }
    }
    attachments
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of [`FrontMatter`], including the nested ones under `lich`, `y_kien`, `tep`.
    const FIELDS: &str = "\
        title date updated description tags draft slug weight template noi_bat mau loai nguon nguon_goc \
         chuyen_muc tac_gia anh van_ban_goc tai_lieu so_ky_hieu hinh_thuc co_quan_ban_hanh nguoi_ky \
         ngay_ban_hanh ngay_hieu_luc ngay_het_hieu_luc trich_yeu linh_vuc tep ngay_dang thay_the tham_muu \
         ky_han tu_nam den_nam phan_loai tuan lich van_ban_du_thao ngay_bat_dau han_gop_y noi_nhan_y_kien \
         email_gop_y y_kien ten_du_an muc_tieu loai_du_an thoi_gian_thuc_hien kinh_phi loai_hinh_tai_tro \
         nha_tai_tro tinh_trang nam cau_hoi nguoi_hoi ngay_hoi tra_loi ngay_tra_loi don_vi_tra_loi \
         so_muc_moi_trang khong_co";

    /// Values that YAML reads as different types, or that one type reads and another rejects.
    const VALUES: &[&str] = &[
        "",
        "~",
        "null",
        "Null",
        "\"null\"",
        "true",
        "True",
        "\"true\"",
        "yes",
        "no",
        "0",
        "5",
        "-5",
        "\"5\"",
        "'5'",
        "05",
        "0x10",
        "0o17",
        "+12",
        "1_000",
        "1.5",
        "5.0",
        "1e3",
        ".inf",
        "-.inf",
        ".nan",
        "99999999999999999999",
        "2022",
        "2022-03-15",
        "\"2022-03-15\"",
        "15/03/2022",
        "2022-03-15T08:30:00+07:00",
        "2022-13-45",
        "12:30",
        "2022-W12",
        "Lễ hội",
        "\"Lễ hội: ngày 1\"",
        "'it''s'",
        "|\n  dòng một\n  dòng hai",
        ">-\n  gập\n  dòng",
        "tin",
        "bai-viet",
        "tu-bien-tap",
        "nam",
        "5-nam",
        "ke-hoach",
        "dang-trien-khai",
        "sang",
        "[]",
        "{}",
        "[a, b]",
        "[a, 1]",
        "[1, 2]",
        "[\"1\", b]",
        "[~]",
        "[[a]]",
        "\n  - a\n  - b",
        "\n  - 2022",
        "qd.pdf",
        "[qd.pdf, {tep: b.pdf, ten: Toàn văn}]",
        "{tep: b.pdf}",
        "{tep: b.pdf, ten: ~}",
        "{tep: 5}",
        "{ten: B}",
        "[{tep: b.pdf, khac: 1}]",
        "{tin: x}",
        "{a: 1}",
        "[{ngay: 2022-03-14, lanh_dao: A, noi_dung: B}]",
        "[{ngay: 2022-03-14, buoi: sang, gio: \"07:30\", lanh_dao: A, noi_dung: B, dia_diem: C, thanh_phan: D}]",
        "[{ngay: 2022-03-14, gio: 07:30, lanh_dao: A, noi_dung: B}]",
        "[{ngay: 2022-03-14, lanh_dao: 5, noi_dung: B}]",
        "[{ngay: 2022-03-14, lanh_dao: A}]",
        "[{ngay: 2022-03-14, lanh_dao: A, noi_dung: B, la: 1}]",
        "[{ngay: 2022, lanh_dao: A, noi_dung: B}]",
        "[{nguoi_gop_y: A, ngay: 2022-03-14, noi_dung: B, tra_loi: C, ngay_tra_loi: 2022-03-20}]",
        "[{nguoi_gop_y: A, ngay: 2022-03-14, noi_dung: B, tra_loi: ~}]",
        "[{nguoi_gop_y: A, ngay: 2022-03-14}]",
        "&moc 2022-03-15",
        "\"\\u00e0\"",
        "\"\"",
        "''",
        " # chú thích",
    ];

    /// Compares [`type_front_matter`] with typing the text alone.
    fn assert_same_typing(yaml: &str) {
        let Ok(mapping) = frontmatter::parse_mapping(yaml, 1) else { return };
        let expected = deserialize_located::<FrontMatter>(yaml);
        let actual = type_front_matter(yaml, mapping);
        match (&expected, &actual) {
            (Ok(expected), Ok(actual)) => {
                assert_eq!(format!("{actual:?}"), format!("{expected:?}"), "{yaml:?}");
            }
            (Err(expected), Err(actual)) => {
                assert_eq!((actual.line, &actual.path, &actual.raw), (expected.line, &expected.path, &expected.raw));
            }
            _ => panic!("{yaml:?}: typed from the text {expected:?}, from the parsed value {actual:?}"),
        }
    }

    #[test]
    fn front_matter_types_alike_from_value_and_text() {
        for field in FIELDS.split_whitespace() {
            for value in VALUES {
                assert_same_typing(&format!("{field}: {value}\n"));
                assert_same_typing(&format!("title: Lễ hội\n{field}: {value}\ndate: 2022-03-15\n"));
            }
        }
    }

    #[test]
    fn front_matter_types_alike_in_nested_entries() {
        let entries = [
            (
                "lich",
                "ngay: 2022-03-14\n    lanh_dao: A\n    noi_dung: B",
                "ngay buoi gio lanh_dao noi_dung dia_diem thanh_phan khac",
            ),
            (
                "y_kien",
                "nguoi_gop_y: A\n    ngay: 2022-03-14\n    noi_dung: B",
                "nguoi_gop_y ngay noi_dung tra_loi ngay_tra_loi khac",
            ),
            ("tep", "tep: a.pdf", "tep ten khac"),
            ("van_ban_goc", "ten: A", "tep ten"),
        ];
        for (list, base, fields) in entries {
            for field in fields.split(' ') {
                for value in VALUES {
                    let value = value.replace('\n', "\n  ");
                    assert_same_typing(&format!("{list}:\n  - {base}\n    {field}: {value}\n"));
                    assert_same_typing(&format!("{list}:\n  - {field}: {value}\n"));
                }
            }
        }
    }

    #[test]
    fn front_matter_types_alike_for_whole_files() {
        let samples = [
            "",
            "\n",
            "# chỉ chú thích\n",
            "title: Lễ hội\ndate: 2022-03-15\ntags: [văn hóa, lễ hội]\nloai: tin\nnguon: suu-tam\nnguon_goc: https://a.vn/b\n",
            "title: Lễ hội\nmoc: &ngay 2022-03-15\ndate: *ngay\nupdated: *ngay\n",
            "title: !!str 2022\n",
            "title: Chào mừng!\nweight: 5\n",
            "so_ky_hieu: 2652/QĐ-UBND\nhinh_thuc: Quyết định\nngay_ban_hanh: 13/10/2021\ntep:\n  - qd.pdf\n  - tep: pl.pdf\n    ten: Phụ lục\n",
            "ky_han: 5-nam\ntu_nam: 2021\nden_nam: 2025\nphan_loai: ke-hoach\n",
            "tuan: 2022-W12\nlich:\n  - ngay: 2022-03-21\n    buoi: sang\n    lanh_dao: Ông A\n    noi_dung: Họp\n",
            "\"title\": A\n'date': 2022-03-15\n",
            "<<: {title: A}\ndate: 2022-03-15\n",
            "? title\n: A\n",
        ];
        for yaml in samples {
            assert_same_typing(yaml);
        }

        // The comparisons above would pass without the shortcut, so check that it is taken.
        let typical = samples[3];
        let mapping = frontmatter::parse_mapping(typical, 1).unwrap();
        assert!(!has_null(&Value::Mapping(mapping.clone())));
        assert!(serde_yaml::from_value::<FrontMatter>(Value::Mapping(mapping)).is_ok());
    }
}
