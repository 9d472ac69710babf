//! Online public services: the catalogue page (9.a), services of each level or a link to the
//! province's service portal (9.b, 9.c, 9.e), and the share of level-3 services (9.d).
//!
//! Services come from `data/dich-vu-cong.yaml`; a service counts when its name appears on the
//! built `/dich-vu-cong/` page. The portal link counts when that page links to the address in
//! `cong_dich_vu_cong`.

use crate::check::built::HtmlFacts;
use crate::check::context::Context;
use crate::check::criteria::Criterion;
use crate::check::outcome::Outcome;
use crate::check::points::round_points;
use crate::check::rules::RuleResult;
use crate::data::Service;

const SERVICES_URL: &str = "/dich-vu-cong/";
const SERVICES_FILE: &str = "data/dich-vu-cong.yaml";

pub fn service_catalogue(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let Some(page) = services_page(cx, &mut outcome) else {
        return Ok(outcome.note("Không có trang dịch vụ công"));
    };
    let services = services(cx);
    if services.is_empty() {
        outcome.finding(
            SERVICES_FILE,
            0,
            "Chưa có danh mục dịch vụ công trực tuyến: liệt kê từng dịch vụ với `ten`, `linh_vuc`, `muc_do` trong data/dich-vu-cong.yaml.",
        );
        return Ok(outcome.note("Không có dịch vụ nào"));
    }

    let mut listed = 0usize;
    for service in services {
        let line = cx.line_of_entry(SERVICES_FILE, "ten", &service.ten);
        if service.linh_vuc.trim().is_empty() {
            outcome.finding(SERVICES_FILE, line, format!("Dịch vụ {} chưa ghi lĩnh vực (`linh_vuc`).", service.ten));
        } else if !(1..=4).contains(&service.muc_do) {
            outcome.finding(
                SERVICES_FILE,
                line,
                format!("Dịch vụ {}: mức độ {} không hợp lệ, `muc_do` phải từ 1 đến 4.", service.ten, service.muc_do),
            );
        } else if !is_listed(page, service) {
            outcome.finding(
                SERVICES_FILE,
                line,
                format!(
                    "Dịch vụ {} không có trên trang {SERVICES_URL}: dựng lại trang hoặc sửa mẫu giao diện.",
                    service.ten
                ),
            );
        } else {
            listed += 1;
        }
    }
    if listed > 0 {
        outcome.evidence(SERVICES_URL);
        outcome.evidence(SERVICES_FILE);
    }
    let points = round_points(criterion.max_points * listed as f64 / services.len() as f64);
    Ok(outcome
        .points(points)
        .note(format!("{listed}/{} dịch vụ có trên trang, kèm mức độ và lĩnh vực", services.len())))
}

pub fn level_1(cx: &Context, criterion: &Criterion) -> RuleResult {
    level_or_portal(cx, criterion, 1)
}

pub fn level_2(cx: &Context, criterion: &Criterion) -> RuleResult {
    level_or_portal(cx, criterion, 2)
}

pub fn level_4(cx: &Context, criterion: &Criterion) -> RuleResult {
    level_or_portal(cx, criterion, 4)
}

/// Full points when a service of `level` is on the services page, or the page links to the
/// province's service portal.
fn level_or_portal(cx: &Context, criterion: &Criterion, level: u8) -> RuleResult {
    let mut outcome = Outcome::new();
    let Some(page) = services_page(cx, &mut outcome) else {
        return Ok(outcome.note("Không có trang dịch vụ công"));
    };

    let of_level: Vec<&Service> =
        services(cx).iter().filter(|service| service.muc_do == level && is_listed(page, service)).collect();
    let portal = portal_link(cx, page);

    if of_level.is_empty() && portal.is_none() {
        outcome.finding(
            SERVICES_FILE,
            0,
            format!(
                "Trang {SERVICES_URL} chưa có dịch vụ mức độ {level} và chưa liên kết sang cổng dịch vụ công của tỉnh: \
                 thêm dịch vụ `muc_do: {level}` hoặc ghi `cong_dich_vu_cong` trong data/dich-vu-cong.yaml."
            ),
        );
        return Ok(outcome.note(format!("Không có dịch vụ mức độ {level}, không có liên kết cổng dịch vụ công")));
    }

    outcome.evidence(SERVICES_URL);
    if let Some(portal) = &portal {
        outcome.evidence(portal.clone());
    }
    let note = match (of_level.len(), &portal) {
        (0, Some(_)) => "Có liên kết sang cổng dịch vụ công của tỉnh".to_owned(),
        (count, Some(_)) => format!("{count} dịch vụ mức độ {level}; có liên kết cổng dịch vụ công"),
        (count, None) => format!("{count} dịch vụ mức độ {level}"),
    };
    Ok(outcome.points(criterion.max_points).note(note))
}

/// 9.d: points = maximum × level-3 services provided / all services of the agency. A
/// level-3 service is provided when it is on the services page or the page links to the
/// portal. Level-4 services do not count here, because the table's formula names level 3
/// and 9.e scores level 4.
pub fn level_3_share(cx: &Context, criterion: &Criterion) -> RuleResult {
    let mut outcome = Outcome::new();
    let Some(page) = services_page(cx, &mut outcome) else {
        return Ok(outcome.note("Không có trang dịch vụ công"));
    };
    let services = services(cx);
    if services.is_empty() {
        outcome.finding(
            SERVICES_FILE,
            0,
            "Chưa có danh mục dịch vụ nên không tính được tỷ lệ dịch vụ mức độ 3: liệt kê các dịch vụ hành chính công của cơ quan trong data/dich-vu-cong.yaml.",
        );
        return Ok(outcome.note("Không có dịch vụ nào"));
    }

    let portal = portal_link(cx, page);
    let provided =
        services.iter().filter(|service| service.muc_do == 3 && (portal.is_some() || is_listed(page, service))).count();
    if provided < services.len() {
        outcome.finding(
            SERVICES_FILE,
            0,
            format!(
                "{provided}/{} dịch vụ đạt mức độ 3: điểm tính theo tỷ lệ dịch vụ mức độ 3 trên tổng số dịch vụ hành chính công của cơ quan.",
                services.len()
            ),
        );
    }
    if provided > 0 {
        outcome.evidence(SERVICES_URL);
        outcome.evidence(SERVICES_FILE);
        if let Some(portal) = portal {
            outcome.evidence(portal);
        }
    }
    let points = round_points(criterion.max_points * provided as f64 / services.len() as f64);
    Ok(outcome.points(points).note(format!("{provided}/{} dịch vụ mức độ 3", services.len())))
}

fn services<'a>(cx: &'a Context) -> &'a [Service] {
    cx.site.data.services.as_ref().map_or(&[], |services| services.dich_vu.as_slice())
}

fn services_page<'a>(cx: &'a Context, outcome: &mut Outcome) -> Option<&'a HtmlFacts> {
    let page = cx.built.page(SERVICES_URL);
    if page.is_none() {
        outcome.finding(
            cx.built.display_url(SERVICES_URL),
            0,
            format!("Chưa có trang {SERVICES_URL} trong thư mục kết quả: ghi data/dich-vu-cong.yaml rồi chạy lại `trangtin build`."),
        );
    }
    page
}

fn is_listed(page: &HtmlFacts, service: &Service) -> bool {
    page.text().contains(service.ten.trim())
}

/// The portal address, when the services page links to it.
fn portal_link(cx: &Context, page: &HtmlFacts) -> Option<String> {
    let portal = cx.site.data.services.as_ref()?.cong_dich_vu_cong.as_deref()?.trim();
    if portal.is_empty() {
        return None;
    }
    let wanted = portal.trim_end_matches('/');
    page.links.iter().any(|href| href.trim().trim_end_matches('/') == wanted).then(|| portal.to_owned())
}

#[cfg(test)]
mod tests {
    use crate::check::outcome::Status;
    use crate::check::rules::testing::{Fixture, article_html};

    const SERVICES: &str = "cong_dich_vu_cong: https://dichvucong.binhphuoc.gov.vn\ndich_vu:\n  - ten: Công nhận người có uy tín\n    linh_vuc: Công tác dân tộc\n    muc_do: 3\n  - ten: Hỗ trợ đất ở\n    linh_vuc: Chính sách dân tộc\n    muc_do: 2\n";

    fn page(links_portal: bool) -> String {
        let portal = if links_portal {
            r#"<a href="https://dichvucong.binhphuoc.gov.vn/">Cổng dịch vụ công</a>"#
        } else {
            ""
        };
        article_html("Dịch vụ công").replace(
            "<p>Nội dung bài.</p>",
            &format!("<p>Công nhận người có uy tín — mức độ 3; Hỗ trợ đất ở — mức độ 2</p>{portal}"),
        )
    }

    #[test]
    fn catalogue_and_levels() {
        let mut fixture = Fixture::new();
        fixture.data("dich-vu-cong.yaml", SERVICES);
        fixture.built("dich-vu-cong/index.html", &page(false));

        assert_eq!(fixture.score("9.a").status, Status::Met);
        assert_eq!(fixture.score("9.b").status, Status::NotMet);
        assert_eq!(fixture.score("9.c").status, Status::Met);
        let share = fixture.score("9.d");
        assert_eq!(share.points, 1.5);
        assert_eq!(share.status, Status::Partial);
        let level_4 = fixture.score("9.e");
        assert_eq!(level_4.status, Status::NotMet);
        assert_eq!(level_4.findings[0].file, "data/dich-vu-cong.yaml");
    }

    #[test]
    fn portal_link_meets_levels() {
        let mut fixture = Fixture::new();
        fixture.data("dich-vu-cong.yaml", SERVICES);
        fixture.built("dich-vu-cong/index.html", &page(true));
        let level_4 = fixture.score("9.e");
        assert_eq!(level_4.status, Status::Met);
        assert_eq!(level_4.evidence, vec!["/dich-vu-cong/", "https://dichvucong.binhphuoc.gov.vn"]);
        assert_eq!(fixture.score("9.d").points, 1.5);
    }

    #[test]
    fn missing_services_page_is_reported() {
        let fixture = Fixture::new();
        let result = fixture.score("9.a");
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(result.findings[0].file, "public/dich-vu-cong/index.html");
    }
}
