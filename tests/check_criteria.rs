//! End-to-end tests of `trangtin criteria`: the listing of the embedded set, its reported
//! inconsistencies, and a site's own criteria file and overrides.

mod common;

use common::{Sandbox, path_str, run};

#[test]
fn embedded_set_is_listed_with_disagreements() {
    let sandbox = Sandbox::empty();
    let site = sandbox.site();
    let outcome = run(&["--root", path_str(&site), "criteria"]);
    outcome.assert_code(0);
    let text = &outcome.stdout;
    assert!(text.contains("(trang-ttdt-binh-phuoc-2022)"));
    assert!(text.contains("11 nhóm, 45 tiêu chí; các tiêu chí cộng lại 98 điểm, tổng điểm công bố 100 điểm."));
    assert!(text.contains("Các tiêu chí cộng lại 98 điểm nhưng tổng điểm công bố là 100 điểm."));
    assert!(text.contains(
        "Nhóm 5 (Văn bản quy phạm pháp luật chuyên ngành và văn bản quản lý hành chính có liên quan): \
         các tiêu chí cộng lại 8 điểm nhưng dòng tiêu đề nhóm ghi 11 điểm."
    ));
    assert!(text.contains("dòng tiêu đề nhóm ghi 7 điểm nhưng phần thang điểm ghi 5,5 điểm."));
    assert!(text.contains("8.đ"));
    assert!(text.contains("10.k"));
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn site_overrides_are_shown() {
    let sandbox = Sandbox::with_site("check-met");
    let site = sandbox.site();
    let outcome = run(&["--root", path_str(&site), "criteria"]);
    outcome.assert_code(0);
    assert_eq!(cell_text(&outcome.stdout, "1.a", 5), "tự động: ngưỡng 3 tin tự biên tập (theo site.yaml)");
    assert_eq!(cell_text(&outcome.stdout, "4.a", 5), "tự động");
}

/// The text of one cell of the listing's table, its wrapped lines joined by spaces: the row
/// whose first cell is `id`, column `column` counted from 0.
fn cell_text(table: &str, id: &str, column: usize) -> String {
    let mut parts = Vec::new();
    let mut inside = false;
    for line in table.lines() {
        let cells: Vec<&str> = line.trim_matches('│').split('┆').map(str::trim).collect();
        if cells.len() <= column {
            if inside {
                break;
            }
            continue;
        }
        if cells[0] == id {
            inside = true;
        } else if inside && !cells[0].is_empty() {
            break;
        }
        if inside && !cells[column].is_empty() {
            parts.push(cells[column]);
        }
    }
    parts.join(" ")
}

#[test]
fn unknown_threshold_id_is_an_error() {
    let sandbox = Sandbox::with_site("check-met");
    let site_yaml = std::fs::read_to_string(sandbox.site().join("site.yaml")).unwrap();
    sandbox.write("site.yaml", site_yaml.replace("  1.b: 1\n", "  1.bb: 1\n"));
    let site = sandbox.site();
    let outcome = run(&["--root", path_str(&site), "criteria"]);
    outcome.assert_code(1);
    assert!(outcome.stderr.contains("lỗi: site.yaml:"), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("`nguong`: không có tiêu chí `1.bb` trong bộ tiêu chí"));
}

#[test]
fn site_criteria_file_is_validated() {
    let sandbox = Sandbox::empty();
    sandbox.write(
        "bo-tieu-chi.yaml",
        "id: thu\ntitle: Bộ thử\ndeclared_total: 2\ngroups:\n  - id: \"1\"\n    title: Nhóm thử\n    declared_points: 2\n    criteria:\n      - id: 1.a\n        title: Có lịch sử\n        max_points: 1\n        lead_units: [Văn phòng]\n        rule: history\n        method: auto\n      - id: 1.b\n        title: Sai quy tắc\n        max_points: 1\n        lead_units: [Văn phòng]\n        rule: histroy\n        method: auto\n",
    );
    let site = sandbox.site();
    let outcome = run(&["--root", path_str(&site), "criteria", "--criteria", "bo-tieu-chi.yaml"]);
    outcome.assert_code(1);
    assert!(
        outcome.stderr.contains("lỗi: bo-tieu-chi.yaml:15: tiêu chí `1.b`: không có quy tắc chấm `histroy`"),
        "{}",
        outcome.stderr
    );
    assert!(outcome.stderr.contains("→ có phải `history`?"));

    sandbox.write(
        "bo-tieu-chi.yaml",
        std::fs::read_to_string(site.join("bo-tieu-chi.yaml")).unwrap().replace("histroy", "history"),
    );
    let fixed = run(&["--root", path_str(&site), "criteria", "--criteria", "bo-tieu-chi.yaml"]);
    fixed.assert_code(0);
    assert!(fixed.stdout.contains("Các số liệu trong bộ tiêu chí khớp nhau."), "{}", fixed.stdout);
}
