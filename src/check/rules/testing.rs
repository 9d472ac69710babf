//! Test fixtures: a site built in memory, page by page, with files in a temporary folder
//! where rules look for attachments and data lines.

use std::path::Path;

use chrono::NaiveDate;

use crate::check::built::BuiltSite;
use crate::check::context::{Context, ReviewPeriod};
use crate::check::criteria::{CriteriaSet, Criterion};
use crate::check::report::{CriterionResult, score_criterion};
use crate::config::Config;
use crate::content::meta::AttachmentRef;
use crate::content::{Attachment, FrontMatter, Kind, Page};
use crate::data::SiteData;
use crate::site::Site;

/// The default site configuration of fixtures.
pub const SITE_YAML: &str = "base_url: https://bdt.binhphuoc.gov.vn\nten_co_quan: Ban Dân tộc tỉnh Bình Phước\ntinh: Bình Phước\nnam_danh_gia: 2022\nngay_danh_gia: 31/10/2022\n";

/// A site under construction for one test.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub site: Site,
    /// Built files: relative path and HTML.
    pub built_files: Vec<(String, String)>,
    pub set: CriteriaSet,
    pub period: ReviewPeriod,
}

impl Fixture {
    /// Creates an empty site reviewed for 2022, on 31 October 2022.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("site.yaml"), SITE_YAML).unwrap();
        let config: Config = serde_yaml::from_str(SITE_YAML).unwrap();
        let site = Site {
            root: dir.path().to_path_buf(),
            config,
            data: SiteData::default(),
            pages: Vec::new(),
            assets: Vec::new(),
        };
        let set = CriteriaSet::resolve(Path::new("."), None).unwrap();
        let period = ReviewPeriod::new(
            2022,
            NaiveDate::from_ymd_opt(2022, 10, 31),
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        );
        Fixture { dir, site, built_files: Vec::new(), set, period }
    }

    /// Adds a content page at `source` (`content/tin-tuc/a.md`) with this front matter and
    /// body, and its built HTML (see [`article_html`]). Kind, section and URL follow the path.
    pub fn page(&mut self, source: &str, front_matter: &str, body: &str) -> &mut Fixture {
        let page = make_page(source, front_matter, body);
        self.write(source, &format!("---\n{front_matter}---\n{body}"));
        self.built_files.push((crate::check::built::file_for_url(&page.url), article_html(page.title())));
        self.site.pages.push(page);
        self.site.pages.sort_by(|a, b| a.url.cmp(&b.url));
        self
    }

    /// Adds a content page without building it.
    pub fn unbuilt_page(&mut self, source: &str, front_matter: &str) -> &mut Fixture {
        let page = make_page(source, front_matter, "");
        self.write(source, &format!("---\n{front_matter}---\n"));
        self.site.pages.push(page);
        self.site.pages.sort_by(|a, b| a.url.cmp(&b.url));
        self
    }

    /// Adds or replaces a built file.
    pub fn built(&mut self, path: &str, content: &str) -> &mut Fixture {
        self.built_files.retain(|(known, _)| known != path);
        self.built_files.push((path.to_owned(), content.to_owned()));
        self
    }

    /// Writes a file under the site root.
    pub fn write(&self, path: &str, content: &str) {
        let path = self.dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    /// Writes a data file and parses it into the data model.
    pub fn data(&mut self, file: &str, yaml: &str) -> &mut Fixture {
        self.write(&format!("data/{file}"), yaml);
        let data = &mut self.site.data;
        match file {
            "co-quan.yaml" => data.agency = Some(serde_yaml::from_str(yaml).unwrap()),
            "lanh-dao.yaml" => data.leaders = serde_yaml::from_str(yaml).unwrap(),
            "don-vi.yaml" => data.units = serde_yaml::from_str(yaml).unwrap(),
            "ban-bien-tap.yaml" => data.editorial_board = Some(serde_yaml::from_str(yaml).unwrap()),
            "can-bo-ky-thuat.yaml" => data.technical_staff = serde_yaml::from_str(yaml).unwrap(),
            "dich-vu-cong.yaml" => data.services = Some(serde_yaml::from_str(yaml).unwrap()),
            "lien-ket.yaml" => data.links = serde_yaml::from_str(yaml).unwrap(),
            "minh-chung.yaml" => data.evidence = serde_yaml::from_str(yaml).unwrap(),
            other => panic!("unknown data file {other}"),
        }
        self
    }

    /// Scores one criterion of the embedded set.
    pub fn score(&self, id: &str) -> CriterionResult {
        let built =
            BuiltSite::from_files("public", self.built_files.iter().map(|(path, html)| (path.as_str(), html.as_str())));
        let cx = Context {
            site: &self.site,
            built: &built,
            period: self.period,
            params: &self.set.params,
            criteria_file: self.set.origin.display(),
        };
        score_criterion(&cx, &self.criterion(id))
    }

    pub fn criterion(&self, id: &str) -> Criterion {
        self.set.criteria().find(|criterion| criterion.id == id).expect("criterion in the embedded set").clone()
    }
}

/// Builds a page as the loader would produce it from `source` and its front matter.
pub fn make_page(source: &str, front_matter: &str, body: &str) -> Page {
    let meta: FrontMatter = serde_yaml::from_str(front_matter).unwrap_or_else(|error| panic!("{source}: {error}"));
    let relative = source.strip_prefix("content/").expect("source under content/");
    let (folder, file) = relative.rsplit_once('/').unwrap_or(("", relative));
    let stem = file.trim_end_matches(".md");
    let first = folder.split('/').next().unwrap_or("");
    let kind = if stem == "_index" {
        Kind::Section
    } else {
        match first {
            "tin-tuc" | "chuyen-doi-so" => Kind::News,
            "van-ban" => Kind::Document,
            "chien-luoc-ke-hoach" => Kind::Plan,
            "lich-cong-tac" => Kind::Schedule,
            "lay-y-kien" => Kind::Consultation,
            "du-an" => Kind::Project,
            "hoi-dap" => Kind::Question,
            _ => Kind::Page,
        }
    };
    let url = match (folder, stem) {
        ("", "_index") => "/".to_owned(),
        (folder, "_index") => format!("/{folder}/"),
        ("", stem) => format!("/{stem}/"),
        (folder, stem) => format!("/{folder}/{stem}/"),
    };

    let mut lines = std::collections::BTreeMap::new();
    for (index, line) in front_matter.lines().enumerate() {
        if let Some((key, _)) = line.split_once(':')
            && !line.starts_with([' ', '-', '#'])
        {
            lines.insert(key.to_owned(), index + 2);
        }
    }

    let mut attachments = Vec::new();
    let fields: [(&str, &Vec<AttachmentRef>); 2] = [("tep", &meta.tep), ("van_ban_goc", &meta.van_ban_goc)];
    for (field, refs) in fields {
        for attachment in refs {
            let name = attachment.path().rsplit('/').next().unwrap_or("").to_owned();
            attachments.push(Attachment {
                field: field.to_owned(),
                source: format!("content/{folder}/{}", attachment.path()),
                url: format!("/{folder}/{}", attachment.path()),
                name: attachment.name().unwrap_or(&name).to_owned(),
                size: 1,
            });
        }
    }

    Page {
        source: source.to_owned(),
        kind,
        section: folder.to_owned(),
        url,
        meta,
        body_line: front_matter.lines().count() + 3,
        lines,
        content_html: format!("<p>{body}</p>"),
        plain_text: body.to_owned(),
        attachments,
        links: Vec::new(),
        anchors: Vec::new(),
        version: 0,
    }
}

/// A built page that passes every HTML rule: charset, Dublin Core, toolbar, standard links,
/// "In" and "Lưu" inside an article.
pub fn article_html(title: &str) -> String {
    format!(
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
<meta name="DC.title" content="{title}"><meta name="DC.creator" content="Ban Dân tộc tỉnh Bình Phước">
<meta name="DC.date" content="2022-03-15"><meta name="DC.description" content="Tóm tắt">
<meta name="DC.publisher" content="Ban Dân tộc tỉnh Bình Phước"><meta name="DC.identifier" content="https://bdt.binhphuoc.gov.vn/x/">
<meta name="DC.language" content="vi"><meta name="DC.type" content="Text"><meta name="DC.format" content="text/html">
</head><body>
<nav aria-label="Liên kết chính"><a href="/">Trang chủ</a><a href="/gioi-thieu/">Giới thiệu</a><a href="/lien-he/">Liên hệ</a><a href="/so-do-trang/">Sơ đồ trang</a></nav>
<div role="toolbar" aria-label="Công cụ hỗ trợ đọc"><button aria-label="Tăng cỡ chữ">A+</button><button aria-label="Giảm cỡ chữ">A-</button><button aria-label="Cỡ chữ mặc định">A</button><button aria-pressed="false">Tương phản cao</button><button>Đọc bài</button></div>
<main id="noi-dung"><article><h1>{title}</h1><p>Nội dung bài.</p><button type="button">In</button><button type="button">Lưu</button></article></main>
</body></html>"#
    )
}
