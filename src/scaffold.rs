//! Files that `trangtin new` and `trangtin init` write: a content file of each kind with its
//! front matter filled in as far as it can be, and the skeleton of a new agency site.
//!
//! Every generated file builds as it is; the comments in it (Vietnamese, for the editors)
//! say what each field is and which values it takes.

use chrono::{Datelike, NaiveDate};
use clap::ValueEnum;

/// The kinds of content `trangtin new` creates, by the names editors use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// Tin ngắn trong mục Tin tức.
    #[value(name = "tin", alias = "tin-tuc")]
    News,
    /// Bài viết trong mục Tin tức.
    #[value(name = "bai-viet")]
    Article,
    /// Tin, bài hoặc tài liệu trong chuyên mục Chuyển đổi số.
    #[value(name = "chuyen-doi-so")]
    Digital,
    /// Văn bản chỉ đạo, điều hành.
    #[value(name = "van-ban", alias = "chi-dao-dieu-hanh")]
    Directive,
    /// Văn bản quy phạm pháp luật.
    #[value(name = "quy-pham-phap-luat", alias = "van-ban-qppl")]
    Legal,
    /// Chiến lược, quy hoạch, kế hoạch.
    #[value(name = "ke-hoach", alias = "chien-luoc-ke-hoach")]
    Plan,
    /// Lịch công tác của một tuần.
    #[value(name = "lich-cong-tac")]
    Schedule,
    /// Dự thảo lấy ý kiến.
    #[value(name = "lay-y-kien")]
    Consultation,
    /// Dự án, hạng mục đầu tư, mua sắm công.
    #[value(name = "du-an")]
    Project,
    /// Câu hỏi và trả lời.
    #[value(name = "hoi-dap")]
    Question,
    /// Trang thông thường (giới thiệu, hướng dẫn, ...).
    #[value(name = "trang")]
    Page,
}

impl NewKind {
    /// Folder under `content/` the file goes into.
    pub fn section(self) -> &'static str {
        match self {
            NewKind::News | NewKind::Article => "tin-tuc",
            NewKind::Digital => "chuyen-doi-so",
            NewKind::Directive => "van-ban/chi-dao-dieu-hanh",
            NewKind::Legal => "van-ban/quy-pham-phap-luat",
            NewKind::Plan => "chien-luoc-ke-hoach",
            NewKind::Schedule => "lich-cong-tac",
            NewKind::Consultation => "lay-y-kien",
            NewKind::Project => "du-an",
            NewKind::Question => "hoi-dap",
            NewKind::Page => "gioi-thieu",
        }
    }
}

/// A YAML scalar for `text`, quoted when YAML would otherwise misread it.
fn yaml_text(text: &str) -> String {
    serde_yaml::to_string(text).map(|yaml| yaml.trim_end().to_owned()).unwrap_or_else(|_| format!("{text:?}"))
}

/// The front matter and body of a new content file of `kind`.
pub fn new_content(kind: NewKind, title: &str, today: NaiveDate) -> String {
    let title = yaml_text(title);
    let day = today.format("%d/%m/%Y");
    let year = today.year();
    match kind {
        NewKind::News | NewKind::Article | NewKind::Digital => {
            let kind_value = if kind == NewKind::Article { "bai-viet" } else { "tin" };
            let category = if kind == NewKind::Digital { "chuyen-doi-so" } else { "hoat-dong" };
            format!(
                "---\ntitle: {title}\n# Ngày đăng, dạng ngày/tháng/năm.\ndate: {day}\n\
                 # Một câu tóm tắt, hiện trong danh sách tin và khi chia sẻ.\ndescription: \"\"\n\
                 # tin (tin ngắn) hoặc bai-viet (bài viết).\nloai: {kind_value}\n\
                 # tu-bien-tap (cơ quan tự viết) hoặc suu-tam (sưu tầm, khi đó ghi nguon_goc: địa chỉ bài gốc).\nnguon: tu-bien-tap\n\
                 # hoat-dong, tuyen-truyen-phap-luat, khen-thuong-xu-phat, chuyen-doi-so, ...\nchuyen_muc: {category}\n\
                 # Tên tác giả hoặc đơn vị viết bài.\ntac_gia: \"\"\ntags: []\n\
                 # Xóa dòng dưới khi bài sẵn sàng để đăng.\ndraft: true\n---\n\nNội dung bài viết.\n"
            )
        }
        NewKind::Directive | NewKind::Legal | NewKind::Plan => {
            let plan = if kind == NewKind::Plan {
                format!(
                    "# chien-luoc, dinh-huong, quy-hoach hoặc ke-hoach.\nphan_loai: ke-hoach\n\
                     # nam (hằng năm), 5-nam hoặc 10-nam.\nky_han: nam\ntu_nam: {year}\nden_nam: {year}\n"
                )
            } else {
                String::new()
            };
            let advised = if kind == NewKind::Legal {
                "# true nếu cơ quan tham mưu Ủy ban nhân dân tỉnh xây dựng văn bản này.\ntham_muu: false\n"
            } else {
                ""
            };
            format!(
                "---\n# Trích yếu dùng làm tiêu đề khi không có title.\ntitle: {title}\n\
                 # Số, ký hiệu, đặt trong ngoặc kép, ví dụ \"15/QĐ-UBND\".\nso_ky_hieu: \"\"\n\
                 # Quyết định, Kế hoạch, Báo cáo, ... (khớp với ký hiệu: QĐ là Quyết định).\nhinh_thuc: \"\"\n\
                 co_quan_ban_hanh: \"\"\nnguoi_ky: \"\"\n\
                 # Các ngày dạng ngày/tháng/năm.\nngay_ban_hanh: {day}\nngay_hieu_luc: {day}\n\
                 trich_yeu: {title}\nlinh_vuc: \"\"\n\
                 # Tệp toàn văn đặt cạnh tệp này, ví dụ: tep: [qd-15.pdf]\ntep: []\n\
                 # Ngày đăng lên trang.\nngay_dang: {day}\n{plan}{advised}---\n\nTóm tắt nội dung văn bản.\n"
            )
        }
        NewKind::Schedule => {
            let week = today.iso_week();
            format!(
                "---\ntitle: {title}\n# Tuần theo ISO 8601: năm, chữ W, số tuần.\ntuan: {}-W{:02}\n\
                 # Mỗi mục: ngay, buoi (sang, chieu, toi), gio, lanh_dao, noi_dung, dia_diem, thanh_phan.\n\
                 lich:\n  - ngay: {day}\n    buoi: sang\n    gio: \"07:30\"\n    lanh_dao: Trưởng ban\n    \
                 noi_dung: Giao ban đầu tuần\n    dia_diem: Phòng họp cơ quan\n    thanh_phan: Lãnh đạo Ban, trưởng các phòng\n---\n",
                week.year(),
                week.week()
            )
        }
        NewKind::Consultation => format!(
            "---\ntitle: {title}\ndate: {day}\nngay_bat_dau: {day}\n# Hạn cuối nhận ý kiến.\nhan_gop_y: {day}\n\
             noi_nhan_y_kien: \"\"\nemail_gop_y: \"\"\nlinh_vuc: \"\"\n\
             # Tệp dự thảo đặt cạnh tệp này, ví dụ: van_ban_du_thao: du-thao.pdf\n\
             # Ý kiến đã nhận: mỗi mục có nguoi_gop_y, ngay, noi_dung, tra_loi, ngay_tra_loi.\ny_kien: []\n---\n\n\
             Nội dung cần xin ý kiến.\n"
        ),
        NewKind::Project => format!(
            "---\ntitle: {title}\ndate: {day}\nten_du_an: {title}\nmuc_tieu: \"\"\nlinh_vuc: \"\"\nloai_du_an: \"\"\n\
             thoi_gian_thuc_hien: \"{year}\"\nkinh_phi: \"\"\nloai_hinh_tai_tro: \"\"\nnha_tai_tro: \"\"\n\
             # chuan-bi-dau-tu, dang-trien-khai hoặc da-hoan-thanh.\ntinh_trang: chuan-bi-dau-tu\nnam: {year}\n---\n"
        ),
        NewKind::Question => format!(
            "---\ntitle: {title}\ncau_hoi: {title}\nnguoi_hoi: \"\"\nngay_hoi: {day}\n\
             # Câu trả lời viết ở trường tra_loi hoặc ở phần nội dung bên dưới.\nngay_tra_loi: {day}\ndon_vi_tra_loi: \"\"\n---\n\n\
             Nội dung trả lời.\n"
        ),
        NewKind::Page => format!("---\ntitle: {title}\n---\n\nNội dung trang.\n"),
    }
}

/// A file of the new-site skeleton: path relative to the site folder and its contents.
pub struct SkeletonFile {
    pub path: &'static str,
    pub contents: &'static str,
}

/// Every file `trangtin init` writes besides the theme.
pub const SKELETON: &[SkeletonFile] = &[
    SkeletonFile { path: "site.yaml", contents: include_str!("scaffold/site.yaml") },
    SkeletonFile { path: "data/co-quan.yaml", contents: include_str!("scaffold/co-quan.yaml") },
    SkeletonFile { path: "data/lanh-dao.yaml", contents: include_str!("scaffold/lanh-dao.yaml") },
    SkeletonFile { path: "data/don-vi.yaml", contents: include_str!("scaffold/don-vi.yaml") },
    SkeletonFile { path: "data/ban-bien-tap.yaml", contents: include_str!("scaffold/ban-bien-tap.yaml") },
    SkeletonFile { path: "data/can-bo-ky-thuat.yaml", contents: include_str!("scaffold/can-bo-ky-thuat.yaml") },
    SkeletonFile { path: "data/dich-vu-cong.yaml", contents: include_str!("scaffold/dich-vu-cong.yaml") },
    SkeletonFile { path: "data/lien-ket.yaml", contents: include_str!("scaffold/lien-ket.yaml") },
    SkeletonFile { path: "data/minh-chung.yaml", contents: include_str!("scaffold/minh-chung.yaml") },
    SkeletonFile {
        path: "content/_index.md",
        contents: "---\ntitle: Trang chủ\n---\n\nLời giới thiệu ngắn về cơ quan.\n",
    },
];

/// Sections that get an `_index.md` in a new site, with their titles.
pub const SKELETON_SECTIONS: &[(&str, &str)] = &[
    ("tin-tuc", "Tin tức, sự kiện"),
    ("chuyen-doi-so", "Chuyển đổi số"),
    ("van-ban", "Văn bản"),
    ("van-ban/chi-dao-dieu-hanh", "Văn bản chỉ đạo, điều hành"),
    ("van-ban/quy-pham-phap-luat", "Văn bản quy phạm pháp luật"),
    ("chien-luoc-ke-hoach", "Chiến lược, định hướng, quy hoạch, kế hoạch"),
    ("lich-cong-tac", "Lịch công tác"),
    ("lay-y-kien", "Lấy ý kiến góp ý"),
    ("du-an", "Dự án, đầu tư, đấu thầu, mua sắm công"),
    ("hoi-dap", "Hỏi đáp"),
    ("gioi-thieu", "Giới thiệu"),
    ("lien-he", "Liên hệ"),
    ("dich-vu-cong", "Dịch vụ công trực tuyến"),
    ("lien-ket", "Liên kết"),
    ("so-do-trang", "Sơ đồ trang"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::meta::FrontMatter;

    #[test]
    fn every_kind_gives_valid_front_matter() {
        let today = NaiveDate::from_ymd_opt(2022, 10, 26).unwrap();
        for kind in NewKind::value_variants() {
            let text = new_content(*kind, "Tiêu đề: có dấu \"ngoặc\"", today);
            let split = crate::frontmatter::split(&text).unwrap();
            let meta: FrontMatter =
                serde_yaml::from_str(split.yaml).unwrap_or_else(|e| panic!("{kind:?}: {e}\n{text}"));
            assert_eq!(meta.title.as_deref(), Some("Tiêu đề: có dấu \"ngoặc\""), "{kind:?}");
        }
    }

    #[test]
    fn schedule_uses_the_iso_week() {
        let text = new_content(NewKind::Schedule, "Lịch tuần", NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
        assert!(text.contains("tuan: 2022-W52"), "{text}");
    }
}
