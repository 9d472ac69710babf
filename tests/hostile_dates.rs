//! Hostile dates: days that do not exist, malformed offsets, times without an offset (Vietnam
//! time, so a late-evening post stays on its day), the day-first Vietnamese form, and years
//! that no agency document has.

mod common;

use common::*;

const DATE_HINT: &str = "  → viết một ngày có thật, dạng 15/03/2022 hoặc 2022-03-15";

fn news_dated(date: &str) -> Sandbox {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write("content/tin-tuc/ngay.md", format!("---\ntitle: Tin có ngày\ndate: {date}\n---\n\nNội dung.\n"));
    sandbox
}

fn dc_date(sandbox: &Sandbox) -> Option<String> {
    meta_name(&sandbox.page("/tin-tuc/ngay/"), "DC.date")
}

#[test]
fn february_31_rejected() {
    assert_build_rejected(
        &news_dated("31/02/2022"),
        &["lỗi: content/tin-tuc/ngay.md:3: trường `date`: `31/02/2022`: tháng 2/2022 không có ngày 31", DATE_HINT],
    );
}

#[test]
fn month_13_rejected() {
    assert_build_rejected(
        &news_dated("2022-13-01"),
        &[
            "lỗi: content/tin-tuc/ngay.md:3: trường `date`: `2022-13-01`: tháng 13 không tồn tại (tháng từ 1 đến 12)",
            DATE_HINT,
        ],
    );
}

#[test]
fn malformed_offset_rejected() {
    assert_build_rejected(
        &news_dated("2022-03-15T08:00+7"),
        &[
            "lỗi: content/tin-tuc/ngay.md:3: trường `date`: `2022-03-15T08:00+7` không phải ngày hợp lệ; dùng dạng 15/03/2022 hoặc 2022-03-15 (có thể kèm giờ: 2022-03-15T08:30:00+07:00)",
            DATE_HINT,
        ],
    );
}

#[test]
fn time_without_offset_stays_on_day() {
    // 23:30 read as UTC would be 06:30 the next morning in Vietnam.
    let sandbox = news_dated("2022-03-15T23:30:00");

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    assert_eq!(dc_date(&sandbox).as_deref(), Some("2022-03-15"));
    let article = sandbox.page_text("/tin-tuc/ngay/");
    assert!(article.contains("15/03/2022"), "visible date is the same day");
    assert!(!article.contains("16/03/2022"), "no next-day date");
}

#[test]
fn slash_date_is_day_first() {
    let sandbox = news_dated("03/04/2022");

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    assert_eq!(dc_date(&sandbox).as_deref(), Some("2022-04-03"), "03/04/2022 is 3 April");
}

#[test]
fn negative_year_no_panic() {
    assert_build_rejected(
        &news_dated("-2022-03-15"),
        &[
            "lỗi: content/tin-tuc/ngay.md:3: trường `date`: `-2022-03-15`: năm `-2022` không hợp lệ, năm phải có đủ 4 chữ số (từ 0001 đến 9999)",
            DATE_HINT,
        ],
    );
}

#[test]
fn two_digit_year_rejected() {
    assert_build_rejected(
        &news_dated("15/03/22"),
        &[
            "lỗi: content/tin-tuc/ngay.md:3: trường `date`: `15/03/22`: năm `22` không hợp lệ, năm phải có đủ 4 chữ số (từ 0001 đến 9999)",
            DATE_HINT,
        ],
    );
}

#[test]
fn year_zero_rejected() {
    assert_build_rejected(
        &news_dated("15/03/0000"),
        &[
            "lỗi: content/tin-tuc/ngay.md:3: trường `date`: `15/03/0000`: năm `0000` không hợp lệ, năm phải có đủ 4 chữ số (từ 0001 đến 9999)",
            DATE_HINT,
        ],
    );
}
