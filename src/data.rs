//! Structured agency data from `data/*.yaml`: contact details, leaders, units, editorial
//! board, technical staff, online public services, links and attestation evidence.
//!
//! Each file is optional and typed; unknown keys are errors. A person whose details are not
//! yet confirmed carries `mau: true` (sample value) so the self-check can report it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// All of `data/`, each file mapped to one field.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SiteData {
    /// `data/co-quan.yaml`.
    pub agency: Option<Agency>,
    /// `data/lanh-dao.yaml`.
    pub leaders: Vec<Person>,
    /// `data/don-vi.yaml`.
    pub units: Vec<Unit>,
    /// `data/ban-bien-tap.yaml`.
    pub editorial_board: Option<EditorialBoard>,
    /// `data/can-bo-ky-thuat.yaml`.
    pub technical_staff: Vec<Person>,
    /// `data/dich-vu-cong.yaml`.
    pub services: Option<Services>,
    /// `data/lien-ket.yaml`.
    pub links: Vec<LinkGroup>,
    /// `data/minh-chung.yaml`: evidence for attested criteria, by criterion id.
    pub evidence: BTreeMap<String, Evidence>,
}

/// One data file: its name under `data/` and what it holds.
pub struct DataFile {
    pub name: &'static str,
    pub description: &'static str,
}

/// The data files the loader reads, in the order it reads them.
pub const DATA_FILES: &[DataFile] = &[
    DataFile { name: "co-quan.yaml", description: "thông tin giao dịch của cơ quan" },
    DataFile { name: "lanh-dao.yaml", description: "lãnh đạo cơ quan" },
    DataFile { name: "don-vi.yaml", description: "các đơn vị trực thuộc" },
    DataFile { name: "ban-bien-tap.yaml", description: "Ban biên tập" },
    DataFile { name: "can-bo-ky-thuat.yaml", description: "cán bộ quản lý kỹ thuật" },
    DataFile { name: "dich-vu-cong.yaml", description: "dịch vụ công trực tuyến" },
    DataFile { name: "lien-ket.yaml", description: "liên kết" },
    DataFile { name: "minh-chung.yaml", description: "minh chứng cho tiêu chí tự khai" },
];

/// Official contact details and self-description of the agency.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// Postal address.
    #[serde(deserialize_with = "crate::strict::text")]
    pub dia_chi: String,
    /// Telephone number.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub dien_thoai: Option<String>,
    /// Fax number.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub fax: Option<String>,
    /// Official e-mail address.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub email: Option<String>,
    /// Working hours, as written.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub gio_lam_viec: Option<String>,
    /// Position of the agency (what it is, whom it serves).
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub vi_tri: Option<String>,
    /// Functions of the agency.
    #[serde(default)]
    pub chuc_nang: Vec<String>,
    /// Duties and powers of the agency.
    #[serde(default)]
    pub nhiem_vu: Vec<String>,
    /// The document that sets the functions and duties, e.g. a decision number.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub can_cu: Option<String>,
    /// True while the contact details are placeholders.
    #[serde(default)]
    pub mau: bool,
}

/// A person named on the site: leader, head of unit, board member, technician.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    #[serde(deserialize_with = "crate::strict::text")]
    pub ho_ten: String,
    /// Position.
    #[serde(deserialize_with = "crate::strict::text")]
    pub chuc_vu: String,
    /// Telephone number.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub dien_thoai: Option<String>,
    /// Official e-mail address.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub email: Option<String>,
    /// Duties assigned to the person.
    #[serde(default)]
    pub nhiem_vu: Vec<String>,
    /// Role on the editorial board: `truong-ban`, `pho-ban` or `thanh-vien`.
    #[serde(default)]
    pub vai_tro: Option<BoardRole>,
    /// True while the name, phone and e-mail are sample values.
    #[serde(default)]
    pub mau: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BoardRole {
    TruongBan,
    PhoBan,
    ThanhVien,
}

impl BoardRole {
    pub fn label(self) -> &'static str {
        match self {
            BoardRole::TruongBan => "Trưởng ban",
            BoardRole::PhoBan => "Phó Trưởng ban",
            BoardRole::ThanhVien => "Thành viên",
        }
    }
}

/// A unit of the agency (office, inspectorate, department).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Full name.
    #[serde(deserialize_with = "crate::strict::text")]
    pub ten: String,
    /// Abbreviation used in the criteria table (Phòng TT&ĐB, Phòng KHTH, ...).
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub ten_viet_tat: Option<String>,
    /// Functions and duties.
    #[serde(default)]
    pub chuc_nang: Vec<String>,
    /// Telephone number of the unit.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub dien_thoai: Option<String>,
    /// E-mail address of the unit.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub email: Option<String>,
    /// Officials of the unit with authority (head, deputies).
    #[serde(default)]
    pub can_bo: Vec<Person>,
}

/// The editorial board and the decision that set it up.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EditorialBoard {
    /// Number of the decision establishing the board; blank when unknown.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub quyet_dinh: Option<String>,
    /// Members, each with `vai_tro`.
    pub thanh_vien: Vec<Person>,
}

/// Online public services and the province's service portal.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Services {
    /// Address of the province's public service portal.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub cong_dich_vu_cong: Option<String>,
    /// The services.
    #[serde(default)]
    pub dich_vu: Vec<Service>,
}

/// One online public service.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Name of the procedure.
    #[serde(deserialize_with = "crate::strict::text")]
    pub ten: String,
    /// Field it belongs to.
    #[serde(deserialize_with = "crate::strict::text")]
    pub linh_vuc: String,
    /// Level 1 to 4.
    pub muc_do: u8,
    /// Address of the service on the portal.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub lien_ket: Option<String>,
    /// Online payment is supported.
    #[serde(default)]
    pub thanh_toan_truc_tuyen: bool,
}

/// A named group of links to other agencies.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinkGroup {
    /// Group heading.
    #[serde(deserialize_with = "crate::strict::text")]
    pub nhom: String,
    /// The links.
    pub lien_ket: Vec<ExternalLink>,
}

/// A link to another agency's site.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalLink {
    /// Name of the agency or site.
    #[serde(deserialize_with = "crate::strict::text")]
    pub ten: String,
    /// Its address.
    #[serde(deserialize_with = "crate::strict::text")]
    pub url: String,
}

/// Evidence for a criterion that only a document outside the site can prove.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Number and symbol of the document (decision, contract).
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub van_ban: Option<String>,
    /// What the document is.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub mo_ta: Option<String>,
    /// Date of the document.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub ngay: Option<String>,
    /// A file kept with the site, relative to the site root.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub tep: Option<String>,
}
