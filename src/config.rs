//! `site.yaml`: who the site belongs to and how it is built and reviewed.
//!
//! Agency names, the province and the criteria set are data here, never constants in code,
//! because provinces merge and rules are replaced.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The parsed `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Public address of the site, e.g. `https://bdt.binhphuoc.gov.vn`.
    #[serde(deserialize_with = "crate::strict::text")]
    pub base_url: String,
    /// Language of the site; only `vi` is supported.
    #[serde(default = "default_language")]
    pub language: String,
    /// Full name of the agency.
    #[serde(deserialize_with = "crate::strict::text")]
    pub ten_co_quan: String,
    /// Short name used in the header and in `DC.publisher` abbreviations.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub ten_viet_tat: Option<String>,
    /// The body the agency belongs to (Ủy ban nhân dân tỉnh ...).
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub co_quan_chu_quan: Option<String>,
    /// Province name as written in Vietnamese.
    #[serde(deserialize_with = "crate::strict::text")]
    pub tinh: String,
    /// One-sentence description of the site.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub mo_ta: Option<String>,
    /// Review year used by `trangtin check` when `--year` is not given.
    #[serde(default)]
    pub nam_danh_gia: Option<i32>,
    /// Day of the review, `dd/mm/yyyy` or ISO; default: today within the review year, else
    /// 31 October of that year, when agencies hand in their self-assessment.
    #[serde(default)]
    pub ngay_danh_gia: Option<crate::date::VnDate>,
    /// Criteria set: the id of an embedded set or a path relative to the site root.
    #[serde(default, deserialize_with = "crate::strict::option_text")]
    pub bo_tieu_chi: Option<String>,
    /// Threshold overrides for count criteria, by criterion id.
    #[serde(default)]
    pub nguong: BTreeMap<String, f64>,
    /// Parameter overrides for criteria rules (e.g. the domain suffix), by name.
    #[serde(default)]
    pub tham_so: BTreeMap<String, String>,
    /// Items per page in section lists.
    #[serde(default = "default_page_size")]
    pub so_muc_moi_trang: usize,
    /// Keep `<script>` and inline event handlers written in Markdown.
    #[serde(default)]
    pub cho_phep_script: bool,
}

fn default_language() -> String {
    "vi".to_owned()
}

fn default_page_size() -> usize {
    10
}

impl Config {
    /// `base_url` without a trailing slash.
    pub fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// Absolute URL of a site path such as `/tin-tuc/`.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base(), path)
    }
}
