//! The agency's own information: org chart (8.a), functions and duties (8.b), history (8.c),
//! leaders (8.d), contact details (8.đ), units and their officials (8.e), the editorial board
//! (11.a) and the technical staff (11.b).
//!
//! The facts come from `data/*.yaml`; a criterion is met only when the page that shows them
//! was built. Entries marked `mau: true` are sample values the agency still has to replace:
//! they never count, and each is reported at its line.

use crate::check::built::HtmlFacts;
use crate::check::context::Context;
use crate::check::criteria::Criterion;
use crate::check::outcome::Outcome;
use crate::check::points::round_points;
use crate::check::rules::{RuleResult, filled};
use crate::data::{BoardRole, Person};

const ORG_CHART_URL: &str = "/gioi-thieu/co-cau-to-chuc/";
const FUNCTIONS_URL: &str = "/gioi-thieu/chuc-nang-nhiem-vu/";
const HISTORY_URL: &str = "/gioi-thieu/lich-su/";
const LEADERS_URL: &str = "/gioi-thieu/lanh-dao/";
const BOARD_URL: &str = "/gioi-thieu/ban-bien-tap/";
const CONTACT_URL: &str = "/lien-he/";

const AGENCY_FILE: &str = "data/co-quan.yaml";
const LEADERS_FILE: &str = "data/lanh-dao.yaml";
const UNITS_FILE: &str = "data/don-vi.yaml";
const BOARD_FILE: &str = "data/ban-bien-tap.yaml";
const TECHNICIANS_FILE: &str = "data/can-bo-ky-thuat.yaml";

/// Characters a page of prose needs before it counts as an introduction rather than a stub.
const MIN_PROSE_CHARS: usize = 200;

pub fn org_chart(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let units = &cx.site.data.units;
    let Some(page) = fixed_page(cx, &mut outcome, ORG_CHART_URL, "liệt kê các đơn vị trong data/don-vi.yaml")
    else {
        return Ok(outcome.note("Không có trang cơ cấu tổ chức"));
    };
    if units.is_empty() {
        outcome.finding(UNITS_FILE, 0, no_units_message());
        return Ok(outcome.note("Không có đơn vị nào"));
    }

    let mut listed = 0usize;
    for unit in units {
        if page.text().contains(unit.ten.trim()) {
            listed += 1;
        } else {
            outcome.finding(
                UNITS_FILE,
                cx.line_of_entry(UNITS_FILE, "ten", &unit.ten),
                format!(
                    "Đơn vị {} không có trên trang {ORG_CHART_URL}: kiểm tra tên đơn vị rồi dựng lại trang.",
                    unit.ten
                ),
            );
        }
    }
    if listed > 0 {
        outcome.evidence(ORG_CHART_URL);
        outcome.evidence(UNITS_FILE);
    }
    let points = round_points(criterion.max_points * listed as f64 / units.len() as f64);
    Ok(outcome.points(points).note(format!("{listed}/{} đơn vị có trên sơ đồ tổ chức", units.len())))
}

/// 8.b: half for the agency's functions and duties, half for the share of units whose
/// functions are written.
pub fn functions_and_duties(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let Some(_) = fixed_page(cx, &mut outcome, FUNCTIONS_URL, "ghi `chuc_nang` và `nhiem_vu` trong data/co-quan.yaml")
    else {
        return Ok(outcome.note("Không có trang chức năng, nhiệm vụ"));
    };

    let agency = cx.site.data.agency.as_ref();
    let agency_in_data = agency.is_some_and(|agency| !agency.chuc_nang.is_empty() && !agency.nhiem_vu.is_empty());
    let agency_in_prose = cx
        .site
        .page_at(FUNCTIONS_URL)
        .is_some_and(|page| !page.meta.mau && page.plain_text.chars().count() >= MIN_PROSE_CHARS);
    let agency_part = if agency_in_data || agency_in_prose {
        0.5
    } else {
        outcome.finding(
            AGENCY_FILE,
            cx.line_of_key(AGENCY_FILE, "chuc_nang"),
            "Chưa có chức năng, nhiệm vụ, quyền hạn của cơ quan: ghi `chuc_nang` và `nhiem_vu` trong data/co-quan.yaml.",
        );
        0.0
    };

    let units = &cx.site.data.units;
    let mut with_functions = 0usize;
    for unit in units {
        if unit.chuc_nang.iter().any(|function| !function.trim().is_empty()) {
            with_functions += 1;
        } else {
            outcome.finding(
                UNITS_FILE,
                cx.line_of_entry(UNITS_FILE, "ten", &unit.ten),
                format!("Đơn vị {} chưa có chức năng, nhiệm vụ: ghi `chuc_nang` cho đơn vị.", unit.ten),
            );
        }
    }
    if units.is_empty() {
        outcome.finding(UNITS_FILE, 0, no_units_message());
    }
    let units_part = if units.is_empty() { 0.0 } else { 0.5 * with_functions as f64 / units.len() as f64 };

    if agency_part + units_part > 0.0 {
        outcome.evidence(FUNCTIONS_URL);
    }
    let note = format!(
        "Cơ quan: {}; đơn vị có chức năng, nhiệm vụ: {with_functions}/{}",
        if agency_part > 0.0 { "có" } else { "chưa có" },
        units.len()
    );
    Ok(outcome.points(round_points(criterion.max_points * (agency_part + units_part))).note(note))
}

/// 8.c: a history page written by the agency, not a sample.
pub fn history(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let Some(_) = fixed_page(cx, &mut outcome, HISTORY_URL, "viết bài content/gioi-thieu/lich-su.md") else {
        return Ok(outcome.note("Không có bài lịch sử hình thành"));
    };
    let Some(page) = cx.site.page_at(HISTORY_URL) else {
        outcome.finding(
            "content/gioi-thieu/lich-su.md",
            0,
            "Chưa có bài giới thiệu sự hình thành và phát triển của cơ quan: viết bài content/gioi-thieu/lich-su.md.",
        );
        return Ok(outcome.note("Không có bài lịch sử hình thành"));
    };
    let length = page.plain_text.chars().count();
    if length < MIN_PROSE_CHARS {
        outcome.finding(
            &page.source,
            page.body_line,
            format!(
                "Bài giới thiệu chỉ có {length} ký tự: viết tóm lược sự hình thành và phát triển của cơ quan (ít nhất {MIN_PROSE_CHARS} ký tự)."
            ),
        );
        return Ok(outcome.note("Bài lịch sử quá ngắn"));
    }
    outcome.evidence(HISTORY_URL);
    Ok(outcome.points(criterion.max_points).note(format!("Bài giới thiệu {length} ký tự")))
}

/// 8.d: every leader has name, position, phone, e-mail and duties, is not a sample, and
/// appears on the leaders' page.
pub fn leader_details(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let Some(page) = fixed_page(cx, &mut outcome, LEADERS_URL, "ghi lãnh đạo trong data/lanh-dao.yaml") else {
        return Ok(outcome.note("Không có trang lãnh đạo"));
    };
    let leaders = &cx.site.data.leaders;
    if leaders.is_empty() {
        outcome.finding(
            LEADERS_FILE,
            0,
            "Chưa có lãnh đạo nào: ghi họ tên, chức vụ, điện thoại, thư điện tử và nhiệm vụ của từng lãnh đạo trong data/lanh-dao.yaml.",
        );
        return Ok(outcome.note("Không có lãnh đạo"));
    }

    let mut complete = 0usize;
    for leader in leaders {
        if person_is_complete(cx, &mut outcome, LEADERS_FILE, leader, Needs::Duties, Some((page, LEADERS_URL))) {
            complete += 1;
        }
    }
    if complete > 0 {
        outcome.evidence(LEADERS_URL);
        outcome.evidence(LEADERS_FILE);
    }
    let points = round_points(criterion.max_points * complete as f64 / leaders.len() as f64);
    Ok(outcome.points(points).note(format!("{complete}/{} lãnh đạo đủ thông tin", leaders.len())))
}

/// 8.đ: address, phone, fax and e-mail, a quarter each, shown on the contact page.
pub fn agency_contact(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let Some(page) = fixed_page(cx, &mut outcome, CONTACT_URL, "ghi thông tin giao dịch trong data/co-quan.yaml")
    else {
        return Ok(outcome.note("Không có trang liên hệ"));
    };
    let Some(agency) = cx.site.data.agency.as_ref() else {
        outcome.finding(
            AGENCY_FILE,
            0,
            "Chưa có thông tin giao dịch của cơ quan: tạo data/co-quan.yaml với `dia_chi`, `dien_thoai`, `fax`, `email`.",
        );
        return Ok(outcome.note("Không có thông tin giao dịch"));
    };
    if agency.mau {
        outcome.finding(
            AGENCY_FILE,
            cx.line_of_key(AGENCY_FILE, "mau"),
            "Thông tin giao dịch còn là giá trị mẫu (`mau: true`): thay bằng địa chỉ, điện thoại, fax, thư điện tử thật rồi bỏ `mau: true`.",
        );
        return Ok(outcome.note("Thông tin giao dịch là mẫu"));
    }

    let fields = [
        ("dia_chi", "địa chỉ", Some(agency.dia_chi.clone())),
        ("dien_thoai", "điện thoại", agency.dien_thoai.clone()),
        ("fax", "số fax", agency.fax.clone()),
        ("email", "thư điện tử", agency.email.clone()),
    ];
    let mut shown = 0usize;
    for (key, label, value) in &fields {
        match value.as_deref().map(str::trim).filter(|value| !value.is_empty()) {
            Some(value) if page.text().contains(value) => shown += 1,
            Some(value) => outcome.finding(
                AGENCY_FILE,
                cx.line_of_key(AGENCY_FILE, key),
                format!(
                    "{} «{value}» không có trên trang {CONTACT_URL}: dựng lại trang hoặc sửa mẫu giao diện.",
                    capital(label)
                ),
            ),
            None => outcome.finding(
                AGENCY_FILE,
                cx.line_of_key(AGENCY_FILE, key),
                format!("Thiếu {label} (`{key}`) trong thông tin giao dịch: bổ sung vào data/co-quan.yaml."),
            ),
        }
    }
    if shown > 0 {
        outcome.evidence(CONTACT_URL);
        outcome.evidence(AGENCY_FILE);
    }
    let points = round_points(criterion.max_points * shown as f64 / fields.len() as f64);
    Ok(outcome.points(points).note(format!("{shown}/4 mục giao dịch có trên trang liên hệ")))
}

/// 8.e: each unit names its officials with name, position, phone and e-mail, shown on a page
/// under `/gioi-thieu/`.
pub fn unit_officials(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let units = &cx.site.data.units;
    if units.is_empty() {
        outcome.finding(UNITS_FILE, 0, no_units_message());
        return Ok(outcome.note("Không có đơn vị nào"));
    }

    let about_pages: Vec<(String, &HtmlFacts)> = cx
        .built
        .html_pages()
        .filter(|(path, _)| path.starts_with("gioi-thieu/"))
        .map(|(path, facts)| (crate::check::built::BuiltSite::url_of_file(path), facts))
        .collect();

    let mut complete_units = 0usize;
    for unit in units {
        if unit.can_bo.is_empty() {
            outcome.finding(
                UNITS_FILE,
                cx.line_of_entry(UNITS_FILE, "ten", &unit.ten),
                format!("Đơn vị {} chưa có cán bộ có thẩm quyền: ghi `can_bo` với họ tên, chức vụ, điện thoại, thư điện tử.", unit.ten),
            );
            continue;
        }
        let mut all_complete = true;
        for person in &unit.can_bo {
            let shown_on = about_pages.iter().find(|(_, facts)| facts.text().contains(person.ho_ten.trim()));
            let complete = person_is_complete(cx, &mut outcome, UNITS_FILE, person, Needs::Contact, None);
            match shown_on {
                Some((url, _)) if complete => outcome.evidence(url.clone()),
                Some(_) => all_complete = false,
                None => {
                    all_complete = false;
                    if complete {
                        outcome.finding(
                            UNITS_FILE,
                            cx.line_of_entry(UNITS_FILE, "ho_ten", &person.ho_ten),
                            format!(
                                "{} không có trên trang nào trong /gioi-thieu/: dựng lại trang hoặc sửa mẫu giao diện.",
                                person.ho_ten
                            ),
                        );
                    }
                }
            }
        }
        if all_complete {
            complete_units += 1;
        }
    }
    if complete_units > 0 {
        outcome.evidence(UNITS_FILE);
    }
    let points = round_points(criterion.max_points * complete_units as f64 / units.len() as f64);
    Ok(outcome.points(points).note(format!("{complete_units}/{} đơn vị đủ thông tin cán bộ", units.len())))
}

/// 11.a: a board with a head, a deputy and members, none of them a sample, shown on its page.
pub fn editorial_board(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let page = fixed_page(cx, &mut outcome, BOARD_URL, "ghi Ban biên tập trong data/ban-bien-tap.yaml");
    let Some(board) = cx.site.data.editorial_board.as_ref() else {
        outcome.finding(
            BOARD_FILE,
            0,
            "Chưa có Ban biên tập: tạo data/ban-bien-tap.yaml với số quyết định thành lập và các thành viên (trưởng ban, phó ban, thành viên).",
        );
        return Ok(outcome.note("Không có Ban biên tập"));
    };

    let mut problems = 0usize;
    for role in [BoardRole::TruongBan, BoardRole::PhoBan, BoardRole::ThanhVien] {
        let real = board.thanh_vien.iter().filter(|member| member.vai_tro == Some(role) && !member.mau).count();
        if real == 0 {
            problems += 1;
            outcome.finding(
                BOARD_FILE,
                cx.line_of_key(BOARD_FILE, "thanh_vien"),
                format!(
                    "Ban biên tập chưa có {} (thông tin thật): thêm thành viên với `vai_tro: {}`.",
                    role.label().to_lowercase(),
                    role_key(role)
                ),
            );
        }
    }
    for member in board.thanh_vien.iter().filter(|member| member.mau) {
        problems += 1;
        outcome.finding(BOARD_FILE, cx.line_of_entry(BOARD_FILE, "ho_ten", &member.ho_ten), sample_message(member));
    }

    if page.is_none() || problems > 0 {
        return Ok(outcome.note(format!("{} thành viên, {problems} chỗ cần sửa", board.thanh_vien.len())));
    }
    outcome.evidence(BOARD_URL);
    outcome.evidence(BOARD_FILE);
    Ok(outcome.points(criterion.max_points).note(format!("{} thành viên Ban biên tập", board.thanh_vien.len())))
}

/// 11.b: at least one technician, each real and reachable by phone or e-mail.
pub fn technical_staff(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let staff = &cx.site.data.technical_staff;
    if staff.is_empty() {
        outcome.finding(
            TECHNICIANS_FILE,
            0,
            "Chưa có cán bộ quản lý kỹ thuật của trang: ghi họ tên, chức vụ, điện thoại hoặc thư điện tử trong data/can-bo-ky-thuat.yaml.",
        );
        return Ok(outcome.note("Không có cán bộ kỹ thuật"));
    }

    let mut problems = 0usize;
    for person in staff {
        let line = cx.line_of_entry(TECHNICIANS_FILE, "ho_ten", &person.ho_ten);
        if person.mau {
            problems += 1;
            outcome.finding(TECHNICIANS_FILE, line, sample_message(person));
        } else if !filled(&person.dien_thoai) && !filled(&person.email) {
            problems += 1;
            outcome.finding(
                TECHNICIANS_FILE,
                line,
                format!(
                    "{} chưa có điện thoại hoặc thư điện tử: bổ sung để liên hệ khi trang gặp sự cố.",
                    person.ho_ten
                ),
            );
        }
    }
    if problems > 0 {
        return Ok(outcome.note(format!("{} cán bộ kỹ thuật, {problems} chưa đủ thông tin", staff.len())));
    }
    outcome.evidence(TECHNICIANS_FILE);
    Ok(outcome.points(criterion.max_points).note(format!("{} cán bộ quản lý kỹ thuật", staff.len())))
}

/// Fields a person entry needs besides name and position.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Phone and e-mail.
    Contact,
    /// Phone, e-mail and duties.
    Duties,
}

/// Checks one person: not a sample, every needed field filled, and shown on `page` when
/// given. Reports each problem at the person's line and returns whether there was none.
fn person_is_complete(
    cx: &Context,
    outcome: &mut Outcome,
    file: &str,
    person: &Person,
    needs: Needs,
    page: Option<(&HtmlFacts, &str)>,
) -> bool {
    let line = cx.line_of_entry(file, "ho_ten", &person.ho_ten);
    if person.mau {
        outcome.finding(file, line, sample_message(person));
        return false;
    }

    let mut missing = Vec::new();
    if person.ho_ten.trim().is_empty() {
        missing.push("họ tên (`ho_ten`)");
    }
    if person.chuc_vu.trim().is_empty() {
        missing.push("chức vụ (`chuc_vu`)");
    }
    if !filled(&person.dien_thoai) {
        missing.push("điện thoại (`dien_thoai`)");
    }
    if !filled(&person.email) {
        missing.push("thư điện tử (`email`)");
    }
    if needs == Needs::Duties && person.nhiem_vu.iter().all(|duty| duty.trim().is_empty()) {
        missing.push("nhiệm vụ đảm nhiệm (`nhiem_vu`)");
    }
    if !missing.is_empty() {
        outcome.finding(file, line, format!("{} thiếu {}: bổ sung trong {file}.", person.ho_ten, missing.join(", ")));
        return false;
    }

    if let Some((facts, url)) = page
        && !facts.text().contains(person.ho_ten.trim())
    {
        outcome.finding(
            file,
            line,
            format!("{} không có trên trang {url}: dựng lại trang hoặc sửa mẫu giao diện.", person.ho_ten),
        );
        return false;
    }
    true
}

/// The built page at a fixed address, unless it is missing or its content is a sample; both
/// cases are reported. `how` is the advice on providing the page.
fn fixed_page<'a>(cx: &'a Context, outcome: &mut Outcome, url: &str, how: &str) -> Option<&'a HtmlFacts> {
    if let Some(page) = cx.site.page_at(url)
        && page.meta.mau
    {
        outcome.finding(
            &page.source,
            page.line_of("mau"),
            format!(
                "Trang {url} còn là nội dung mẫu (`mau: true`): thay bằng nội dung thật của cơ quan rồi bỏ `mau: true`."
            ),
        );
        return None;
    }
    let facts = cx.built.page(url);
    if facts.is_none() {
        outcome.finding(
            cx.built.display_url(url),
            0,
            format!("Chưa có trang {url} trong thư mục kết quả: {how} rồi chạy lại `trangtin build`."),
        );
    }
    facts
}

fn sample_message(person: &Person) -> String {
    format!(
        "{} ({}) còn là thông tin mẫu (`mau: true`): thay họ tên, điện thoại, thư điện tử bằng thông tin thật rồi bỏ `mau: true`.",
        person.ho_ten, person.chuc_vu
    )
}

fn no_units_message() -> String {
    "Chưa có đơn vị nào trong data/don-vi.yaml: liệt kê các phòng, đơn vị trực thuộc cùng chức năng và cán bộ phụ trách.".to_owned()
}

fn role_key(role: BoardRole) -> &'static str {
    match role {
        BoardRole::TruongBan => "truong-ban",
        BoardRole::PhoBan => "pho-ban",
        BoardRole::ThanhVien => "thanh-vien",
    }
}

fn capital(text: &str) -> String {
    crate::check::rules::capitalize(text)
}

#[cfg(test)]
mod tests {
    use crate::check::outcome::{Finding, Status};
    use crate::check::rules::testing::{Fixture, article_html};

    const LEADERS: &str = "- ho_ten: Điểu Văn Minh\n  chuc_vu: Trưởng ban\n  dien_thoai: \"0271 3879 999\"\n  email: minh@binhphuoc.gov.vn\n  nhiem_vu: [Phụ trách chung]\n- ho_ten: Nguyễn Văn Mẫu\n  chuc_vu: Phó Trưởng ban\n  dien_thoai: \"0271 000 000\"\n  email: mau@binhphuoc.gov.vn\n  nhiem_vu: [Phụ trách chính sách]\n  mau: true\n";

    fn page_with(text: &str) -> String {
        article_html(text)
    }

    #[test]
    fn sample_leader_is_reported_at_its_line() {
        let mut fixture = Fixture::new();
        fixture.data("lanh-dao.yaml", LEADERS);
        fixture.built("gioi-thieu/lanh-dao/index.html", &page_with("Điểu Văn Minh, Nguyễn Văn Mẫu"));
        let result = fixture.score("8.d");
        assert_eq!(result.status, Status::Partial);
        assert_eq!(result.points, 0.5);
        assert_eq!(result.evidence, vec!["/gioi-thieu/lanh-dao/", "data/lanh-dao.yaml"]);
        assert_eq!(
            result.findings,
            vec![Finding::new(
                "data/lanh-dao.yaml",
                6,
                "Nguyễn Văn Mẫu (Phó Trưởng ban) còn là thông tin mẫu (`mau: true`): thay họ tên, điện thoại, thư điện tử bằng thông tin thật rồi bỏ `mau: true`."
            )]
        );
    }

    #[test]
    fn leaders_page_missing_is_not_met() {
        let mut fixture = Fixture::new();
        fixture.data("lanh-dao.yaml", LEADERS);
        let result = fixture.score("8.d");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(result.findings[0].file, "public/gioi-thieu/lanh-dao/index.html");
    }

    #[test]
    fn history_sample_page_is_reported() {
        let mut fixture = Fixture::new();
        fixture.page("content/gioi-thieu/lich-su.md", "title: Lịch sử\nmau: true\n", &"Nội dung mẫu. ".repeat(30));
        let result = fixture.score("8.c");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(
            result.findings,
            vec![Finding::new(
                "content/gioi-thieu/lich-su.md",
                3,
                "Trang /gioi-thieu/lich-su/ còn là nội dung mẫu (`mau: true`): thay bằng nội dung thật của cơ quan rồi bỏ `mau: true`."
            )]
        );
    }

    #[test]
    fn history_page_is_met() {
        let mut fixture = Fixture::new();
        fixture.page(
            "content/gioi-thieu/lich-su.md",
            "title: Lịch sử\n",
            &"Ban Dân tộc được thành lập năm 2004. ".repeat(10),
        );
        let result = fixture.score("8.c");
        assert_eq!(result.status, Status::Met);
        assert_eq!(result.evidence, vec!["/gioi-thieu/lich-su/"]);
    }

    #[test]
    fn contact_needs_four_fields_on_page() {
        let mut fixture = Fixture::new();
        fixture.data(
            "co-quan.yaml",
            "dia_chi: Số 1 đường Trần Hưng Đạo, Đồng Xoài\ndien_thoai: \"0271 3879 999\"\nemail: bdt@binhphuoc.gov.vn\n",
        );
        fixture.built(
            "lien-he/index.html",
            &page_with("Số 1 đường Trần Hưng Đạo, Đồng Xoài — 0271 3879 999 — bdt@binhphuoc.gov.vn"),
        );
        let result = fixture.score("8.đ");
        assert_eq!(result.points, 0.75);
        assert_eq!(result.status, Status::Partial);
        assert_eq!(
            result.findings,
            vec![Finding::new(
                "data/co-quan.yaml",
                0,
                "Thiếu số fax (`fax`) trong thông tin giao dịch: bổ sung vào data/co-quan.yaml."
            )]
        );
    }

    #[test]
    fn org_chart_lists_units() {
        let mut fixture = Fixture::new();
        fixture.data("don-vi.yaml", "- ten: Văn phòng\n  chuc_nang: [Tham mưu tổng hợp]\n- ten: Thanh tra\n");
        fixture.built("gioi-thieu/co-cau-to-chuc/index.html", &page_with("Văn phòng"));
        let result = fixture.score("8.a");
        assert_eq!(result.points, 0.5);
        assert_eq!(
            result.findings[0],
            Finding::new(
                "data/don-vi.yaml",
                3,
                "Đơn vị Thanh tra không có trên trang /gioi-thieu/co-cau-to-chuc/: kiểm tra tên đơn vị rồi dựng lại trang."
            )
        );

        fixture.built("gioi-thieu/chuc-nang-nhiem-vu/index.html", &page_with("Chức năng"));
        fixture.data("co-quan.yaml", "dia_chi: Đồng Xoài\nchuc_nang: [Tham mưu]\nnhiem_vu: [Trình UBND tỉnh]\n");
        let functions = fixture.score("8.b");
        // Agency half, plus one of two units: 2 × (0.5 + 0.25).
        assert_eq!(functions.points, 1.5);
        assert_eq!(functions.findings.len(), 1);
        assert_eq!(functions.findings[0].line, 3);
    }

    #[test]
    fn unit_officials_need_contact_details() {
        let mut fixture = Fixture::new();
        fixture.data(
            "don-vi.yaml",
            "- ten: Văn phòng\n  can_bo:\n    - ho_ten: Lê Thị Lan\n      chuc_vu: Chánh Văn phòng\n      dien_thoai: \"0271 111\"\n      email: lan@binhphuoc.gov.vn\n- ten: Thanh tra\n  can_bo:\n    - ho_ten: Trần Văn Bình\n      chuc_vu: Chánh Thanh tra\n",
        );
        fixture.built("gioi-thieu/co-cau-to-chuc/index.html", &page_with("Lê Thị Lan, Trần Văn Bình"));
        let result = fixture.score("8.e");
        assert_eq!(result.points, 1.0);
        assert_eq!(
            result.findings,
            vec![Finding::new(
                "data/don-vi.yaml",
                9,
                "Trần Văn Bình thiếu điện thoại (`dien_thoai`), thư điện tử (`email`): bổ sung trong data/don-vi.yaml."
            )]
        );
    }

    #[test]
    fn editorial_board_needs_every_role() {
        let mut fixture = Fixture::new();
        fixture.data(
            "ban-bien-tap.yaml",
            "quyet_dinh: 15/QĐ-BDT\nthanh_vien:\n  - ho_ten: Điểu Văn Minh\n    chuc_vu: Trưởng ban\n    vai_tro: truong-ban\n  - ho_ten: Người Mẫu\n    chuc_vu: Chuyên viên\n    vai_tro: thanh-vien\n    mau: true\n",
        );
        fixture.built("gioi-thieu/ban-bien-tap/index.html", &page_with("Ban biên tập"));
        let result = fixture.score("11.a");
        assert_eq!(result.status, Status::NotMet);
        let messages: Vec<&str> = result.findings.iter().map(|finding| finding.message.as_str()).collect();
        assert_eq!(
            messages[0],
            "Ban biên tập chưa có phó trưởng ban (thông tin thật): thêm thành viên với `vai_tro: pho-ban`."
        );
        assert_eq!(
            messages[1],
            "Ban biên tập chưa có thành viên (thông tin thật): thêm thành viên với `vai_tro: thanh-vien`."
        );
        assert_eq!(result.findings[2].line, 6);
        assert!(messages[2].starts_with("Người Mẫu (Chuyên viên) còn là thông tin mẫu"));
    }

    #[test]
    fn technical_staff_is_met() {
        let mut fixture = Fixture::new();
        fixture.data(
            "can-bo-ky-thuat.yaml",
            "- ho_ten: Phạm Văn Kỹ\n  chuc_vu: Chuyên viên\n  email: ky@binhphuoc.gov.vn\n",
        );
        let result = fixture.score("11.b");
        assert_eq!(result.status, Status::Met);
        assert_eq!(result.evidence, vec!["data/can-bo-ky-thuat.yaml"]);
    }
}
