//! End-to-end tests of `trangtin check`: the binary builds a copy of a sample site, scores it
//! and writes the report, whose JSON is read back. `check-met` meets the news, document,
//! schedule and attested criteria; `check-missed` misses them in known ways.

mod common;

use std::fs;
use std::path::Path;

use common::{Run, Sandbox, path_str, run};
use serde_json::Value;

/// Runs `check` on a copy of `tests/sites/<site>` with `extra` arguments, writing the JSON
/// report into the sandbox, and returns the run and the parsed report.
fn check_json(site: &str, extra: &[&str]) -> (Sandbox, Run, Value) {
    let sandbox = Sandbox::with_site(site);
    let report = sandbox.path().join("bao-cao.json");
    let site_dir = sandbox.site();
    let mut args = vec!["--root", path_str(&site_dir), "check", "--format", "json", "--output", path_str(&report)];
    args.extend_from_slice(extra);
    let outcome = run(&args);
    let text = fs::read_to_string(&report).unwrap_or_else(|_| panic!("report written\n{outcome:?}"));
    let json: Value = serde_json::from_str(&text).expect("report is JSON");
    (sandbox, outcome, json)
}

fn criterion<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == id)
        .unwrap_or_else(|| panic!("criterion {id}"))
}

fn findings(report: &Value, id: &str) -> Vec<(String, u64, String)> {
    criterion(report, id)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            (
                finding["file"].as_str().unwrap().to_owned(),
                finding["line"].as_u64().unwrap(),
                finding["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn met_site_scores_full_points() {
    let (sandbox, outcome, report) = check_json("check-met", &[]);
    outcome.assert_code(0);
    assert!(outcome.stderr.contains("Dựng lại trang trước khi chấm điểm vì chưa có public/index.html."));
    assert!(sandbox.site().join("public/index.html").is_file());

    for (id, points) in [
        ("1.a", 7.0),
        ("1.b", 3.0),
        ("2.a", 8.0),
        ("2.b", 1.0),
        ("2.c", 2.0),
        ("2.d", 2.0),
        ("3.a", 5.0),
        ("3.b", 5.0),
        ("11.c", 0.5),
        ("11.d", 0.5),
        ("11.e", 1.0),
        ("11.f", 2.0),
    ] {
        let item = criterion(&report, id);
        assert_eq!(item["status"], "met", "{id}: {item:#}");
        assert_eq!(item["points"].as_f64(), Some(points), "{id}");
        assert!(item["findings"].as_array().unwrap().is_empty(), "{id}: {item:#}");
        assert!(!item["evidence"].as_array().unwrap().is_empty(), "{id} has evidence");
    }

    assert_eq!(criterion(&report, "3.b")["evidence"], serde_json::json!(["/tin-tuc/bao-cao-thang-10.pdf"]));
    assert_eq!(
        criterion(&report, "11.d")["evidence"],
        serde_json::json!(["minh-chung/hop-dong-van-hanh.pdf", "data/minh-chung.yaml"])
    );
    assert_eq!(criterion(&report, "2.d")["evidence"], serde_json::json!(["/lich-cong-tac/tuan-44-2022/"]));
}

#[test]
fn report_follows_the_json_contract() {
    let (_sandbox, outcome, report) = check_json("check-met", &[]);
    outcome.assert_code(0);

    let keys: Vec<&str> = report.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["criteria", "criteria_set", "max_score", "review_year", "score"]);
    let set = &report["criteria_set"];
    assert_eq!(set["id"], "trang-ttdt-binh-phuoc-2022");
    assert_eq!(set["declared_max"], 100);
    assert_eq!(set["items_max"], 98);
    assert!(set["warnings"].as_array().unwrap().iter().any(|warning| warning.as_str().unwrap().starts_with("Nhóm 5 ")
        && warning.as_str().unwrap().contains("các tiêu chí cộng lại 8 điểm")));
    assert_eq!(report["review_year"], 2022);
    assert_eq!(report["max_score"], 98);
    assert_eq!(report["criteria"].as_array().unwrap().len(), 45);

    let item = criterion(&report, "4.a");
    let keys: Vec<&str> = item.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "evidence",
            "findings",
            "group",
            "id",
            "lead_unit",
            "max_points",
            "method",
            "partner_units",
            "points",
            "status",
            "title"
        ]
    );
    assert_eq!(item["group"], "4");
    assert_eq!(item["lead_unit"], "Phòng KHTH, Phòng CSDT");
    assert_eq!(item["partner_units"], serde_json::json!(["Phòng TT&ĐB"]));
    assert_eq!(item["method"], "auto");
    assert_eq!(criterion(&report, "11.c")["method"], "attested");
    assert_eq!(criterion(&report, "10.đ")["max_points"], 0.5);

    let sum: f64 = report["criteria"].as_array().unwrap().iter().map(|item| item["points"].as_f64().unwrap()).sum();
    assert!((sum - report["score"].as_f64().unwrap()).abs() < 0.01);
}

#[test]
fn missed_site_reports_findings() {
    let (_sandbox, outcome, report) = check_json("check-missed", &[]);
    outcome.assert_code(0);

    assert_eq!(criterion(&report, "1.a")["status"], "not_met");
    assert_eq!(
        findings(&report, "1.a"),
        [(
            "content/tin-tuc/".to_owned(),
            0,
            "Năm 2022 (đến 31/10/2022): có 0 tin tự biên tập, ngưỡng đủ điểm là 3; cần thêm 3 tin tự biên tập \
             (ghi `loai: tin` và `nguon: tu-bien-tap`; tin sưu tầm không được tính)."
                .to_owned()
        )]
    );

    assert_eq!(criterion(&report, "1.b")["status"], "not_met");
    assert_eq!(
        findings(&report, "1.b")[0],
        (
            "content/tin-tuc/bai-viet-chua-ghi-nguon.md".to_owned(),
            5,
            "Chưa ghi `nguon` nên không được tính là tự biên tập: thêm `nguon: tu-bien-tap` nếu cơ quan tự viết, \
             hoặc `nguon: suu-tam` kèm `nguon_goc` nếu sưu tầm."
                .to_owned()
        )
    );

    let document = "content/van-ban/chi-dao-dieu-hanh/cv-7-bdt-vp.md".to_owned();
    assert_eq!(criterion(&report, "2.b")["status"], "not_met");
    assert_eq!(criterion(&report, "2.b")["points"], 0);
    assert_eq!(
        findings(&report, "2.b"),
        [
            (
                document.clone(),
                1,
                "Thiếu mục thẩm quyền ban hành (`co_quan_ban_hanh`): thêm vào phần đầu văn bản, ví dụ \
                 `co_quan_ban_hanh: Ủy ban nhân dân tỉnh`."
                    .to_owned()
            ),
            (
                document.clone(),
                1,
                "Thiếu mục ngày hiệu lực (`ngay_hieu_luc`): thêm vào phần đầu văn bản, ví dụ `ngay_hieu_luc: 15/03/2022`."
                    .to_owned()
            ),
            (
                document.clone(),
                1,
                "Thiếu mục tệp tải về (`tep`): thêm vào phần đầu văn bản, ví dụ `tep: [ten-tep.pdf]` và đặt tệp cạnh văn bản."
                    .to_owned()
            ),
        ]
    );

    let schedule = criterion(&report, "2.d");
    assert_eq!(schedule["status"], "partial");
    assert_eq!(schedule["points"], 1);
    assert_eq!(findings(&report, "2.d")[0].0, "content/lich-cong-tac/");

    let leaders = criterion(&report, "8.d");
    assert_eq!(leaders["status"], "partial");
    assert_eq!(leaders["points"], 0.5);
    assert_eq!(
        findings(&report, "8.d"),
        [(
            "data/lanh-dao.yaml".to_owned(),
            8,
            "Nguyễn Văn Mẫu (Phó Trưởng ban) còn là thông tin mẫu (`mau: true`): thay họ tên, điện thoại, thư điện tử \
             bằng thông tin thật rồi bỏ `mau: true`."
                .to_owned()
        )]
    );

    for id in ["11.c", "11.d"] {
        let attested = criterion(&report, id);
        assert_eq!(attested["status"], "needs_attestation", "{id}");
        assert_eq!(attested["points"], 0, "{id}");
        assert!(attested["evidence"].as_array().unwrap().is_empty(), "{id}");
        assert_eq!(findings(&report, id)[0].0, "data/minh-chung.yaml");
    }

    assert_eq!(criterion(&report, "11.e")["status"], "not_met");
    assert_eq!(findings(&report, "11.e")[0].0, "site.yaml");
    assert_eq!(findings(&report, "11.e")[0].1, 1);

    let timeliness = findings(&report, "11.f");
    assert!(timeliness.contains(&(
        document,
        7,
        "Văn bản ban hành ngày 01/09/2022, đăng ngày 30/09/2022: chậm 29 ngày, quá 5 ngày cho phép. Đăng văn bản sớm hơn; \
         nếu ngày đăng ghi sai, sửa `ngay_dang`."
            .to_owned()
    )));
}

#[test]
fn min_score_sets_exit_code() {
    let (_sandbox, below, report) = check_json("check-missed", &["--min-score", "50"]);
    below.assert_code(1);
    assert!(report["score"].as_f64().unwrap() < 50.0);
    assert!(below.stderr.contains("thấp hơn mức tối thiểu 50 (--min-score)"));

    let (_sandbox, above, _) = check_json("check-missed", &["--min-score", "1"]);
    above.assert_code(0);
}

#[test]
fn year_option_changes_review_period() {
    let (_sandbox, outcome, report) = check_json("check-met", &["--year", "2023"]);
    outcome.assert_code(0);
    assert_eq!(report["review_year"], 2023);
    assert_eq!(criterion(&report, "1.a")["status"], "not_met");
    assert_eq!(findings(&report, "1.a")[0].2.split(':').next(), Some("Năm 2023 (đến 31/10/2023)"));
}

#[test]
fn text_report_is_plain_when_piped() {
    let sandbox = Sandbox::with_site("check-met");
    let site = sandbox.site();
    let outcome = run(&["--root", path_str(&site), "check"]);
    outcome.assert_code(0);
    assert!(!outcome.stdout.contains('\u{1b}'), "no colour codes outside a terminal");
    assert!(outcome.stdout.contains("Đơn vị chủ trì: Phòng TT&ĐB"));
    assert!(outcome.stdout.contains("Đơn vị chủ trì: Phòng KHTH, Phòng CSDT"));
    assert!(outcome.stdout.contains("Tổng điểm: "));
    assert!(outcome.stdout.contains("/ 98 (tổng điểm công bố: 100)"));
    assert!(outcome.stdout.contains("Việc cần làm ("));
}

#[test]
fn html_report_is_self_contained() {
    let sandbox = Sandbox::with_site("check-missed");
    let site = sandbox.site();
    let report = sandbox.path().join("bao-cao.html");
    run(&["--root", path_str(&site), "check", "--format", "html", "--output", path_str(&report)]).assert_code(0);
    let html = fs::read_to_string(&report).unwrap();
    assert!(html.starts_with("<!doctype html>\n<html lang=\"vi\">"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("@import"));
    assert!(html.contains("<th scope=\"col\">Điểm tự chấm</th>"));
    assert!(html.contains("Phòng TT&amp;ĐB"));
    assert!(html.contains("<code>data/lanh-dao.yaml:8</code>"));
    assert!(html.contains("<span class=\"status needs_attestation\">Cần minh chứng</span>"));
}

#[test]
fn xlsx_report_needs_output() {
    let sandbox = Sandbox::with_site("check-met");
    let site = sandbox.site();
    let refused = run(&["--root", path_str(&site), "check", "--format", "xlsx"]);
    refused.assert_code(2);
    assert!(refused.stderr.contains("báo cáo dạng xlsx phải ghi vào tệp: thêm --output TỆP"));
    assert!(!site.join("public").exists(), "nothing is built before the usage error");

    let workbook = sandbox.path().join("tu-cham-diem.xlsx");
    run(&["--root", path_str(&site), "check", "--format", "xlsx", "--output", path_str(&workbook)]).assert_code(0);
    let bytes = fs::read(&workbook).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx file is a zip archive");
}

#[test]
fn content_errors_stop_the_check() {
    let sandbox = Sandbox::with_site("check-met");
    sandbox.write("content/tin-tuc/ngay-sai.md", "---\ntitle: Sai\ndate: 31/02/2022\n---\n");
    let site = sandbox.site();
    let outcome = run(&["--root", path_str(&site), "check", "--format", "json"]);
    outcome.assert_code(1);
    assert!(outcome.stdout.is_empty());
    assert!(outcome.stderr.contains("content/tin-tuc/ngay-sai.md"));
    assert!(outcome.stderr.contains("Không dựng được trang nên chưa chấm điểm"));
}

#[test]
fn fresh_output_is_not_rebuilt() {
    let sandbox = Sandbox::with_site("check-met");
    let site = sandbox.site();
    run(&["--root", path_str(&site), "check", "--format", "json"]).assert_code(0);
    let second = run(&["--root", path_str(&site), "check", "--format", "json"]);
    second.assert_code(0);
    assert!(!second.stderr.contains("Dựng lại trang"), "{}", second.stderr);

    touch_later(&site.join("data/minh-chung.yaml"));
    let third = run(&["--root", path_str(&site), "check", "--format", "json"]);
    third.assert_code(0);
    assert!(third.stderr.contains("Dựng lại trang trước khi chấm điểm vì data/minh-chung.yaml được sửa"));
}

/// Sets a file's modification time a minute ahead, so it is newer than any build just made.
fn touch_later(path: &Path) {
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    fs::File::options().write(true).open(path).unwrap().set_modified(later).unwrap();
}

#[test]
fn repo_site_reports_blank_plan_and_samples() {
    let sandbox = Sandbox::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["site.yaml", "content", "data"] {
        let from = repo.join(part);
        let to = sandbox.site().join(part);
        if from.is_dir() {
            common::copy_dir(&from, &to);
        } else {
            fs::copy(&from, &to).expect("copy site.yaml");
        }
    }
    let report_path = sandbox.path().join("bao-cao.json");
    let site_dir = sandbox.site();
    let outcome =
        run(&["--root", path_str(&site_dir), "check", "--format", "json", "--output", path_str(&report_path)]);
    outcome.assert_code(0);
    let report: Value = serde_json::from_str(&fs::read_to_string(&report_path).expect("report")).expect("JSON");

    assert_eq!(report["criteria"].as_array().unwrap().len(), 45);
    let plan = "content/chien-luoc-ke-hoach/ke-hoach-thuc-hien-bo-tieu-chi-chuyen-doi-so-2022.md";
    let plan_findings = findings(&report, "4.b");
    assert!(
        plan_findings.iter().any(|(file, _, message)| file == plan && message.contains("`so_ky_hieu`")),
        "{plan_findings:?}"
    );
    assert!(plan_findings.iter().any(|(file, _, message)| file == plan && message.contains("`ngay_ban_hanh`")));
    let leader_findings = findings(&report, "8.d");
    assert!(
        leader_findings.iter().any(|(file, _, message)| file == "data/lanh-dao.yaml" && message.contains("mau: true")),
        "{leader_findings:?}"
    );
    assert_eq!(criterion(&report, "11.c")["status"], "needs_attestation");
}

#[test]
fn report_never_overwrites_sources() {
    let sandbox = Sandbox::with_site("check-met");
    let site = sandbox.site();
    let outside_markdown = sandbox.path().join("ghi-chu.md");
    fs::write(&outside_markdown, "# Ghi chú riêng\n").unwrap();
    let item = fs::read_dir(site.join("content/tin-tuc")).unwrap().next().unwrap().unwrap().path();
    let targets = [site.join("site.yaml"), item, site.join("data/bao-cao.json"), outside_markdown];

    for target in &targets {
        let before = fs::read(target).ok();
        let refused = run(&["--root", path_str(&site), "check", "--format", "json", "--output", path_str(target)]);
        refused.assert_code(2);
        assert!(refused.stderr.contains("không ghi báo cáo vào"), "{}", refused.stderr);
        assert!(refused.stderr.contains("--output tu-cham-diem.html"), "{}", refused.stderr);
        assert_eq!(fs::read(target).ok(), before, "{} unchanged", target.display());
    }

    let report = sandbox.path().join("bao-cao.json");
    run(&["--root", path_str(&site), "check", "--format", "json", "--output", path_str(&report)]).assert_code(0);
    run(&["--root", path_str(&site), "check", "--format", "json", "--output", path_str(&report)]).assert_code(0);
    assert!(fs::read_to_string(&report).unwrap().starts_with('{'), "a report overwrites its previous copy");
}
