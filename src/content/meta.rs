//! Typed front matter of a content file.
//!
//! One struct carries every key of every kind, so that the YAML is read in one pass and a key
//! used in the wrong section gets a precise error instead of "unknown key". Which kind may use
//! which key is listed in [`Kind::own_keys`]; the common keys are allowed everywhere.

use serde::{Deserialize, Serialize};

use crate::date::VnDate;

/// The kind of a content item, fixed by the section folder it lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A section's `_index.md`.
    Section,
    /// News or article, under `tin-tuc/` or `chuyen-doi-so/`.
    News,
    /// Directive or legal document, under `van-ban/`.
    Document,
    /// Strategy, master plan or plan, under `chien-luoc-ke-hoach/`.
    Plan,
    /// The leaders' weekly work schedule, under `lich-cong-tac/`.
    Schedule,
    /// A draft put out for public comment, under `lay-y-kien/`.
    Consultation,
    /// An investment or procurement project, under `du-an/`.
    Project,
    /// A question from the public and its answer, under `hoi-dap/`.
    Question,
    /// Any other page (history, contact text, ...).
    Page,
}

/// Keys that every kind accepts.
pub const COMMON_KEYS: &[&str] =
    &["title", "date", "updated", "description", "tags", "draft", "slug", "weight", "template", "noi_bat", "mau"];

const NEWS_KEYS: &[&str] = &["loai", "nguon", "nguon_goc", "chuyen_muc", "tac_gia", "anh", "van_ban_goc", "tai_lieu"];

const DOCUMENT_KEYS: &[&str] = &[
    "so_ky_hieu",
    "hinh_thuc",
    "co_quan_ban_hanh",
    "nguoi_ky",
    "ngay_ban_hanh",
    "ngay_hieu_luc",
    "ngay_het_hieu_luc",
    "trich_yeu",
    "linh_vuc",
    "tep",
    "ngay_dang",
    "thay_the",
    "tham_muu",
    "chuyen_muc",
    "tac_gia",
];

const PLAN_KEYS: &[&str] = &["ky_han", "tu_nam", "den_nam", "phan_loai"];

const SCHEDULE_KEYS: &[&str] = &["tuan", "lich"];

const CONSULTATION_KEYS: &[&str] =
    &["van_ban_du_thao", "ngay_bat_dau", "han_gop_y", "noi_nhan_y_kien", "email_gop_y", "linh_vuc", "y_kien"];

const PROJECT_KEYS: &[&str] = &[
    "ten_du_an",
    "muc_tieu",
    "linh_vuc",
    "loai_du_an",
    "thoi_gian_thuc_hien",
    "kinh_phi",
    "loai_hinh_tai_tro",
    "nha_tai_tro",
    "tinh_trang",
    "nam",
];

const QUESTION_KEYS: &[&str] =
    &["cau_hoi", "nguoi_hoi", "ngay_hoi", "tra_loi", "ngay_tra_loi", "don_vi_tra_loi", "linh_vuc"];

const SECTION_KEYS: &[&str] = &["so_muc_moi_trang"];

impl Kind {
    /// Keys this kind accepts beyond [`COMMON_KEYS`].
    pub fn own_keys(self) -> Vec<&'static str> {
        match self {
            Kind::Section => SECTION_KEYS.to_vec(),
            Kind::News => NEWS_KEYS.to_vec(),
            Kind::Document => DOCUMENT_KEYS.to_vec(),
            Kind::Plan => [DOCUMENT_KEYS, PLAN_KEYS].concat(),
            Kind::Schedule => SCHEDULE_KEYS.to_vec(),
            Kind::Consultation => CONSULTATION_KEYS.to_vec(),
            Kind::Project => PROJECT_KEYS.to_vec(),
            Kind::Question => QUESTION_KEYS.to_vec(),
            Kind::Page => Vec::new(),
        }
    }

    /// Every key this kind accepts.
    pub fn allowed_keys(self) -> Vec<&'static str> {
        let mut keys = COMMON_KEYS.to_vec();
        keys.extend(self.own_keys());
        keys
    }

    /// The kind's name as a reader of the messages knows it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Section => "trang mục",
            Kind::News => "tin, bài",
            Kind::Document => "văn bản",
            Kind::Plan => "chiến lược, kế hoạch",
            Kind::Schedule => "lịch công tác",
            Kind::Consultation => "lấy ý kiến",
            Kind::Project => "dự án",
            Kind::Question => "hỏi đáp",
            Kind::Page => "trang",
        }
    }
}

/// All front-matter keys of all kinds; see [`Kind::allowed_keys`] for who may use which.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct FrontMatter {
    /// Page title.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub title: Option<String>,
    /// Publication date; date-only values are days in Vietnam time.
    pub date: Option<VnDate>,
    /// Date of the last substantive change.
    pub updated: Option<VnDate>,
    /// One-sentence summary, used in lists, feeds and metadata.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub description: Option<String>,
    /// Free tags; each gets a page under `/the/`.
    pub tags: Vec<String>,
    /// A draft is built only with `--drafts`.
    pub draft: bool,
    /// URL segment replacing the one derived from the file name.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub slug: Option<String>,
    /// Ordering among siblings; lower comes first.
    pub weight: Option<i64>,
    /// Template replacing the kind's default.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub template: Option<String>,
    /// Featured on the home page.
    pub noi_bat: bool,
    /// True while the page holds sample text that the agency still has to replace.
    pub mau: bool,

    /// News: `tin` (short news) or `bai-viet` (article).
    pub loai: Option<NewsType>,
    /// News: written by the agency (`tu-bien-tap`) or collected (`suu-tam`).
    pub nguon: Option<NewsOrigin>,
    /// News: URL of the original when collected.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub nguon_goc: Option<String>,
    /// News and documents: category slug (`hoat-dong`, `tuyen-truyen-phap-luat`, ...).
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub chuyen_muc: Option<String>,
    /// News: author; documents: who posted it.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub tac_gia: Option<String>,
    /// News: illustration image, a path next to the file.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub anh: Option<String>,
    /// News: original documents attached to the article.
    pub van_ban_goc: Vec<AttachmentRef>,
    /// Digital-transformation material: `to-roi`, `quyen`, `video`, `tai-lieu`.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub tai_lieu: Option<String>,

    /// Document: number and symbol (`2652/QĐ-UBND`).
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub so_ky_hieu: Option<String>,
    /// Document: type (Quyết định, Kế hoạch, Báo cáo, ...).
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub hinh_thuc: Option<String>,
    /// Document: issuing authority.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub co_quan_ban_hanh: Option<String>,
    /// Document: signer.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub nguoi_ky: Option<String>,
    /// Document: date of issue.
    pub ngay_ban_hanh: Option<VnDate>,
    /// Document: date it takes effect.
    pub ngay_hieu_luc: Option<VnDate>,
    /// Document: date it ceases to have effect.
    pub ngay_het_hieu_luc: Option<VnDate>,
    /// Document: summary line (trích yếu).
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub trich_yeu: Option<String>,
    /// Document, consultation, project, question: field of work.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub linh_vuc: Option<String>,
    /// Document: attached files.
    pub tep: Vec<AttachmentRef>,
    /// Document: date it was posted on the site.
    pub ngay_dang: Option<VnDate>,
    /// Document: numbers of the documents this one replaces.
    pub thay_the: Vec<String>,
    /// Legal document drafted on this agency's advice to the provincial committee.
    pub tham_muu: bool,

    /// Plan: term, `nam`, `5-nam` or `10-nam`.
    pub ky_han: Option<PlanTerm>,
    /// Plan: first year covered.
    pub tu_nam: Option<i32>,
    /// Plan: last year covered.
    pub den_nam: Option<i32>,
    /// Plan: `chien-luoc`, `dinh-huong`, `quy-hoach` or `ke-hoach`.
    pub phan_loai: Option<PlanCategory>,

    /// Schedule: ISO week (`2022-W12`).
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub tuan: Option<String>,
    /// Schedule: the week's entries.
    pub lich: Vec<ScheduleEntry>,

    /// Consultation: the draft put out for comment.
    pub van_ban_du_thao: Option<AttachmentRef>,
    /// Consultation: first day comments are taken.
    pub ngay_bat_dau: Option<VnDate>,
    /// Consultation: last day comments are taken.
    pub han_gop_y: Option<VnDate>,
    /// Consultation: postal address where comments are sent.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub noi_nhan_y_kien: Option<String>,
    /// Consultation: e-mail address where comments are sent.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub email_gop_y: Option<String>,
    /// Consultation: comments received, with the agency's replies.
    pub y_kien: Vec<Comment>,

    /// Project: name.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub ten_du_an: Option<String>,
    /// Project: main objective.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub muc_tieu: Option<String>,
    /// Project: type of project.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub loai_du_an: Option<String>,
    /// Project: implementation period, as written (`2021-2025`).
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub thoi_gian_thuc_hien: Option<String>,
    /// Project: budget, as written (`12,5 tỷ đồng`).
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub kinh_phi: Option<String>,
    /// Project: type of funding.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub loai_hinh_tai_tro: Option<String>,
    /// Project: funder.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub nha_tai_tro: Option<String>,
    /// Project: `chuan-bi-dau-tu`, `dang-trien-khai` or `da-hoan-thanh`.
    pub tinh_trang: Option<ProjectStatus>,
    /// Project: the year the project is listed under.
    pub nam: Option<i32>,

    /// Question: the question as asked.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub cau_hoi: Option<String>,
    /// Question: who asked it.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub nguoi_hoi: Option<String>,
    /// Question: when it was asked.
    pub ngay_hoi: Option<VnDate>,
    /// Question: the answer; the body is used when empty.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub tra_loi: Option<String>,
    /// Question: when it was answered.
    pub ngay_tra_loi: Option<VnDate>,
    /// Question: the unit that answered.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub don_vi_tra_loi: Option<String>,

    /// Section: items per list page.
    pub so_muc_moi_trang: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NewsType {
    /// Short news item.
    Tin,
    /// Longer article.
    BaiViet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NewsOrigin {
    /// Written by the agency itself.
    TuBienTap,
    /// Collected from another source.
    SuuTam,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum PlanTerm {
    /// One year.
    #[serde(rename = "nam")]
    Year,
    /// Five years.
    #[serde(rename = "5-nam")]
    FiveYears,
    /// Ten years.
    #[serde(rename = "10-nam")]
    TenYears,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanCategory {
    /// Strategy.
    ChienLuoc,
    /// Orientation.
    DinhHuong,
    /// Master plan.
    QuyHoach,
    /// Plan.
    KeHoach,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProjectStatus {
    /// Preparing for investment.
    ChuanBiDauTu,
    /// Under way.
    DangTrienKhai,
    /// Completed.
    DaHoanThanh,
}

/// An attached file: a path relative to the content file, and an optional display name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum AttachmentRef {
    /// `tep: qd-2652.pdf`
    Path(String),
    /// `tep: {tep: qd-2652.pdf, ten: "Toàn văn Quyết định"}`
    Named {
        /// Path relative to the content file.
        tep: String,
        /// Name shown on the download link.
        ten: Option<String>,
    },
}

impl AttachmentRef {
    pub fn path(&self) -> &str {
        match self {
            AttachmentRef::Path(path) | AttachmentRef::Named { tep: path, .. } => path,
        }
    }

    pub fn name(&self) -> Option<&str> {
        match self {
            AttachmentRef::Path(_) => None,
            AttachmentRef::Named { ten, .. } => ten.as_deref(),
        }
    }
}

/// One line of the weekly schedule.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleEntry {
    /// Day of the entry.
    pub ngay: VnDate,
    /// Part of the day: `sang`, `chieu` or `toi`.
    pub buoi: Option<DayPart>,
    /// Start time as written (`07:30`).
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub gio: Option<String>,
    /// Leader the entry is for.
    #[serde(deserialize_with = "crate::strict::text")]
    pub lanh_dao: String,
    /// What the leader does.
    #[serde(deserialize_with = "crate::strict::text")]
    pub noi_dung: String,
    /// Where.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub dia_diem: Option<String>,
    /// Who takes part.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub thanh_phan: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayPart {
    Sang,
    Chieu,
    Toi,
}

impl DayPart {
    pub fn label(self) -> &'static str {
        match self {
            DayPart::Sang => "Sáng",
            DayPart::Chieu => "Chiều",
            DayPart::Toi => "Tối",
        }
    }
}

/// A comment received on a consultation, with the agency's reply.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    /// Person or organisation that commented.
    #[serde(deserialize_with = "crate::strict::text")]
    pub nguoi_gop_y: String,
    /// Date of the comment.
    pub ngay: VnDate,
    /// The comment.
    #[serde(deserialize_with = "crate::strict::text")]
    pub noi_dung: String,
    /// The agency's reply.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub tra_loi: Option<String>,
    /// Date of the reply.
    pub ngay_tra_loi: Option<VnDate>,
}
