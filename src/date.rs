//! Dates as Vietnamese agencies write them.
//!
//! Accepted forms: ISO `2022-03-15`, `2022-03-15T08:30:00`, `2022-03-15 08:30`, with an
//! optional offset (`+07:00`, `Z`), and Vietnamese `15/03/2022` (always day/month/year, so
//! `03/04/2022` is 3 April). A value without an offset is a day or time in
//! Asia/Ho_Chi_Minh; it is never read as UTC, which would move a late-evening post to the
//! next day.
//!
//! The year is always four digits, from 0001 to 9999. chrono alone would read `15/03/22` as
//! the year 22 and `-2022-03-15` as a negative year, and RFC 2822 (RSS) cannot write a
//! negative year.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Asia::Ho_Chi_Minh;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date, with a time when the source gave one, anchored in Vietnam time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VnDate {
    /// The instant; midnight Vietnam time for a date without time.
    pub at: DateTime<FixedOffset>,
    /// The source gave a time of day.
    pub has_time: bool,
}

impl VnDate {
    /// Parses one of the accepted forms; the error is a Vietnamese sentence.
    pub fn parse(text: &str) -> Result<VnDate, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("ngày để trống".to_owned());
        }
        check_written_year(text)?;

        let date = parse_accepted_form(text).ok_or_else(|| explain_invalid(text))?;

        // A written year of 9999 with a negative offset can still fall in 10000 in Vietnam.
        let year = date.year();
        if !YEARS.contains(&year) {
            return Err(format!("`{text}`: theo giờ Việt Nam, ngày này thuộc năm {year}, ngoài khoảng 0001–9999"));
        }
        Ok(date)
    }

    /// Midnight of `day` in Vietnam time.
    pub fn from_day(day: NaiveDate) -> VnDate {
        VnDate { at: in_vietnam(day.and_time(NaiveTime::MIN)), has_time: false }
    }

    /// The calendar day in Vietnam time.
    pub fn day(&self) -> NaiveDate {
        self.at.with_timezone(&Ho_Chi_Minh).date_naive()
    }

    /// Returns the day in Vietnam as `yyyy-mm-dd`, as `%Y-%m-%d` writes it for the years
    /// 0001 to 9999 that dates may have, without parsing a format string.
    pub fn iso_day(&self) -> String {
        let day = self.day();
        format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
    }

    pub fn year(&self) -> i32 {
        self.day().year()
    }

    /// `15/03/2022`, the form Vietnamese readers expect.
    pub fn to_vietnamese(&self) -> String {
        self.day().format("%d/%m/%Y").to_string()
    }

    /// `2022-03-15`, or the full RFC 3339 instant when a time was given.
    pub fn to_iso(&self) -> String {
        if self.has_time { self.at.to_rfc3339() } else { self.day().format("%Y-%m-%d").to_string() }
    }

    /// RFC 2822 form for RSS. chrono 0.4 panics on a negative year or one of more than four
    /// digits, which [`VnDate::parse`] never returns.
    pub fn to_rfc2822(&self) -> String {
        self.at.to_rfc2822()
    }
}

/// Today in Vietnam time, or the day of `SOURCE_DATE_EPOCH` (seconds since 1970) when that
/// variable is set, so that builds that depend on the date can be reproduced.
pub fn today_in_vietnam() -> NaiveDate {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|seconds| seconds.trim().parse::<i64>().ok())
        .and_then(|seconds| DateTime::from_timestamp(seconds, 0));
    fixed.unwrap_or_else(chrono::Utc::now).with_timezone(&Ho_Chi_Minh).date_naive()
}

/// Years a date may have: four digits, as every accepted form writes them.
const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// Rejects a written year that is not four digits from 0001 to 9999, such as `22` in
/// `15/03/22` or `-2022` in `-2022-03-15`. A value whose year part is not made of digits is
/// left to the parser, which explains it.
fn check_written_year(text: &str) -> Result<(), String> {
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    let year = if date_part.contains('/') {
        match date_part.split('/').collect::<Vec<_>>()[..] {
            [_, _, year] => year,
            _ => return Ok(()),
        }
    } else {
        let unsigned = date_part.trim_start_matches(['-', '+']);
        let sign_length = date_part.len() - unsigned.len();
        let digits = unsigned.split('-').next().unwrap_or(unsigned);
        &date_part[..sign_length + digits.len()]
    };

    let unsigned = year.trim_start_matches(['-', '+']);
    if unsigned.is_empty() || !unsigned.bytes().all(|byte| byte.is_ascii_digit()) {
        return Ok(());
    }
    if year.len() == 4 && year != "0000" {
        return Ok(());
    }
    Err(format!("`{text}`: năm `{year}` không hợp lệ, năm phải có đủ 4 chữ số (từ 0001 đến 9999)"))
}

/// Parses `text` in the first accepted form that fits, without checking the year.
fn parse_accepted_form(text: &str) -> Option<VnDate> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(VnDate { at, has_time: true });
    }
    for format in ["%Y-%m-%dT%H:%M:%S%:z", "%Y-%m-%d %H:%M:%S%:z", "%Y-%m-%d %H:%M%:z", "%Y-%m-%dT%H:%M%:z"] {
        if let Ok(at) = DateTime::parse_from_str(text, format) {
            return Some(VnDate { at, has_time: true });
        }
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            return Some(VnDate { at: in_vietnam(local), has_time: true });
        }
    }
    for format in ["%Y-%m-%d", "%d/%m/%Y"] {
        if let Ok(day) = NaiveDate::parse_from_str(text, format) {
            return Some(VnDate::from_day(day));
        }
    }
    None
}

fn in_vietnam(local: NaiveDateTime) -> DateTime<FixedOffset> {
    // Vietnam has had no daylight saving time since 1975, so a local time maps to one instant.
    Ho_Chi_Minh
        .from_local_datetime(&local)
        .single()
        .map(|at| at.fixed_offset())
        .unwrap_or_else(|| local.and_utc().fixed_offset())
}

/// A Vietnamese sentence saying why `text` is not a date, naming the bad part when it can.
fn explain_invalid(text: &str) -> String {
    let parts: Vec<&str> = if text.contains('/') { text.split('/').collect() } else { text.split('-').collect() };
    let numbers: Option<Vec<u32>> = parts.iter().map(|part| part.trim().parse().ok()).collect();
    let (day, month, year) = match (numbers.as_deref(), text.contains('/')) {
        (Some([d, m, y]), true) => (*d, *m, *y as i32),
        (Some([y, m, d]), false) => (*d, *m, *y as i32),
        _ => {
            return format!(
                "`{text}` không phải ngày hợp lệ; dùng dạng 15/03/2022 hoặc 2022-03-15 (có thể kèm giờ: 2022-03-15T08:30:00+07:00)"
            );
        }
    };
    if !(1..=12).contains(&month) {
        return format!("`{text}`: tháng {month} không tồn tại (tháng từ 1 đến 12)");
    }
    if NaiveDate::from_ymd_opt(year, month, day).is_none() {
        return format!("`{text}`: tháng {month}/{year} không có ngày {day}");
    }
    format!("`{text}` không phải ngày hợp lệ; dùng dạng 15/03/2022 hoặc 2022-03-15")
}

impl fmt::Display for VnDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_vietnamese())
    }
}

impl<'de> Deserialize<'de> for VnDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        VnDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for VnDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        VnDate::parse(text).unwrap().day()
    }

    #[test]
    fn iso_and_vietnamese_forms_agree() {
        assert_eq!(day("2022-03-15"), NaiveDate::from_ymd_opt(2022, 3, 15).unwrap());
        assert_eq!(day("15/03/2022"), NaiveDate::from_ymd_opt(2022, 3, 15).unwrap());
    }

    #[test]
    fn iso_day_matches_chrono_format() {
        for text in ["15/03/2022", "01/01/0001", "31/12/9999", "2022-03-15T23:30:00+00:00", "09/10/0999"] {
            let date = VnDate::parse(text).unwrap();
            assert_eq!(date.iso_day(), date.day().format("%Y-%m-%d").to_string(), "{text}");
        }
        assert_eq!(VnDate::parse("2022-03-15T23:30:00+00:00").unwrap().iso_day(), "2022-03-16", "Vietnam time");
    }

    #[test]
    fn slash_dates_are_day_first() {
        assert_eq!(day("03/04/2022"), NaiveDate::from_ymd_opt(2022, 4, 3).unwrap());
    }

    #[test]
    fn date_without_offset_is_vietnam_time() {
        let late = VnDate::parse("2022-03-15T23:30:00").unwrap();
        assert_eq!(late.day(), NaiveDate::from_ymd_opt(2022, 3, 15).unwrap());
        assert_eq!(late.at.offset().local_minus_utc(), 7 * 3600);
        let midnight = VnDate::parse("2022-03-15").unwrap();
        assert_eq!(midnight.at.to_rfc3339(), "2022-03-15T00:00:00+07:00");
    }

    #[test]
    fn explicit_offset_is_kept() {
        let utc = VnDate::parse("2022-03-15T20:00:00Z").unwrap();
        assert_eq!(utc.day(), NaiveDate::from_ymd_opt(2022, 3, 16).unwrap());
    }

    #[test]
    fn years_must_have_four_digits() {
        let cases = [
            ("15/03/22", "22"),
            ("15/3/22 08:30", "22"),
            ("22-03-15", "22"),
            ("-2022-03-15", "-2022"),
            ("+2022-03-15T08:00:00+07:00", "+2022"),
            ("20222-03-15", "20222"),
            ("15/03/0000", "0000"),
            ("0000-03-15", "0000"),
        ];
        for (text, year) in cases {
            assert_eq!(
                VnDate::parse(text).unwrap_err(),
                format!("`{text}`: năm `{year}` không hợp lệ, năm phải có đủ 4 chữ số (từ 0001 đến 9999)"),
                "{text}"
            );
        }
    }

    #[test]
    fn four_digit_years_at_the_limits_are_accepted() {
        assert_eq!(day("01/01/0001"), NaiveDate::from_ymd_opt(1, 1, 1).unwrap());
        assert_eq!(day("9999-12-31"), NaiveDate::from_ymd_opt(9999, 12, 31).unwrap());
        assert_eq!(VnDate::parse("9999-12-31T23:00:00+07:00").unwrap().to_rfc2822(), "Fri, 31 Dec 9999 23:00:00 +0700");
    }

    #[test]
    fn year_past_9999_in_vietnam_is_rejected() {
        assert_eq!(
            VnDate::parse("9999-12-31T23:00:00-05:00").unwrap_err(),
            "`9999-12-31T23:00:00-05:00`: theo giờ Việt Nam, ngày này thuộc năm 10000, ngoài khoảng 0001–9999"
        );
    }

    #[test]
    fn impossible_days_are_explained() {
        assert_eq!(VnDate::parse("31/02/2022").unwrap_err(), "`31/02/2022`: tháng 2/2022 không có ngày 31");
        assert_eq!(
            VnDate::parse("2022-13-01").unwrap_err(),
            "`2022-13-01`: tháng 13 không tồn tại (tháng từ 1 đến 12)"
        );
        assert!(VnDate::parse("2022-03-15T08:00+7").is_err());
        assert!(VnDate::parse("hôm qua").unwrap_err().contains("không phải ngày hợp lệ"));
    }
}
