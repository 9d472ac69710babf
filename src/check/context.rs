//! The context every rule reads: the site model, its built output, the review period and the rule
//! parameters, with helpers to locate lines in the site's YAML files.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::check::built::BuiltSite;
use crate::check::params::Params;
use crate::content::Page;
use crate::date::VnDate;
use crate::site::Site;

/// The days a review covers: 1 January of the review year to the review date.
///
/// Content dated after the review date does not count, because the self-assessment is handed
/// in on that day and later posts cannot be its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewPeriod {
    pub year: i32,
    /// First day counted: 1 January of `year`.
    pub start: NaiveDate,
    /// The review date, the last day counted.
    pub date: NaiveDate,
}

impl ReviewPeriod {
    /// The period of `year`. The review date is `configured` when it falls in `year`, else
    /// `today` when `year` is the current year, else 31 October of `year`, when agencies hand
    /// in their self-assessment.
    pub fn new(year: i32, configured: Option<NaiveDate>, today: NaiveDate) -> ReviewPeriod {
        let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
        let date = match configured {
            Some(day) if day.year() == year => day,
            _ if today.year() == year => today,
            _ => NaiveDate::from_ymd_opt(year, 10, 31).unwrap_or(start),
        };
        ReviewPeriod { year, start, date }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.date
    }

    /// Whether a content date falls in the period; `None` never does.
    pub fn contains_date(&self, date: Option<&VnDate>) -> bool {
        date.is_some_and(|date| self.contains(date.day()))
    }

    /// "năm 2022 (đến 31/10/2022)", for notes and findings.
    pub fn describe(&self) -> String {
        format!("năm {} (đến {})", self.year, self.date.format("%d/%m/%Y"))
    }
}

/// Everything a rule may read.
pub struct Context<'a> {
    pub site: &'a Site,
    pub built: &'a BuiltSite,
    pub period: ReviewPeriod,
    pub params: &'a Params,
    /// Name of the criteria set's file in findings.
    pub criteria_file: String,
}

impl Context<'_> {
    /// Whether the build wrote the page's HTML file.
    pub fn is_built(&self, page: &Page) -> bool {
        self.built.has_url(&page.url)
    }

    /// `content/<section>/`, the folder where pages of a section are added.
    pub fn content_folder(&self, section: &str) -> String {
        format!("content/{section}/")
    }

    /// Whether a file named in a page's front matter exists, relative to the page's folder.
    pub fn attachment_exists(&self, page: &Page, path: &str) -> bool {
        let folder = Path::new(&page.source).parent().unwrap_or(Path::new(""));
        self.site.root.join(folder).join(path).is_file()
    }

    /// Line of the entry in the site file `file` (e.g. `data/lanh-dao.yaml`) whose `key`
    /// has the value `value`; 0 when the file or the entry is not found.
    pub fn line_of_entry(&self, file: &str, key: &str, value: &str) -> usize {
        let Ok(text) = std::fs::read_to_string(self.site.root.join(file)) else { return 0 };
        line_of_entry(&text, key, value)
    }

    /// Line of the first `key:` in the site file `file`; 0 when not found.
    pub fn line_of_key(&self, file: &str, key: &str) -> usize {
        let Ok(text) = std::fs::read_to_string(self.site.root.join(file)) else { return 0 };
        crate::check::criteria::line_containing(&text, &format!("{key}:"))
    }

    /// Line of `key` within the entry starting at `entry_line` in `file`: the first `key:`
    /// at or after that line, before the next list item at the entry's indentation. Falls
    /// back to `entry_line`.
    pub fn line_in_entry(&self, file: &str, entry_line: usize, key: &str) -> usize {
        let Ok(text) = std::fs::read_to_string(self.site.root.join(file)) else { return entry_line };
        line_in_entry(&text, entry_line, key)
    }
}

/// Line of the mapping whose `key` has the value `value` (quotes ignored); 0 when none does.
///
/// NOTE: this reads the YAML as text, because the data loader keeps no positions; a value
/// written as a block scalar over several lines is not found.
pub fn line_of_entry(text: &str, key: &str, value: &str) -> usize {
    let prefix = format!("{key}:");
    text.lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches("- ").trim_start();
            line.strip_prefix(&prefix).is_some_and(|rest| unquote(rest) == value.trim())
        })
        .map_or(0, |index| index + 1)
}

fn line_in_entry(text: &str, entry_line: usize, key: &str) -> usize {
    if entry_line == 0 {
        return 0;
    }
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = lines.get(entry_line - 1) else { return entry_line };
    let indent = first.len() - first.trim_start().len();
    let prefix = format!("{key}:");

    for (offset, line) in lines.iter().enumerate().skip(entry_line - 1) {
        let trimmed = line.trim_start();
        let this_indent = line.len() - trimmed.len();
        let starts_item = trimmed.starts_with("- ");
        if offset > entry_line - 1
            && !trimmed.is_empty()
            && (this_indent < indent || (starts_item && this_indent <= indent))
        {
            break;
        }
        if trimmed.trim_start_matches("- ").starts_with(&prefix) {
            return offset + 1;
        }
    }
    entry_line
}

fn unquote(value: &str) -> &str {
    let value = value.trim();
    let value = value.split(" #").next().unwrap_or(value).trim();
    value
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|inner| inner.strip_suffix('\'')))
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn review_date_prefers_configured_day_in_year() {
        let period = ReviewPeriod::new(2022, Some(day(2022, 9, 15)), day(2026, 12, 4));
        assert_eq!(period.date, day(2022, 9, 15));
        assert_eq!(period.start, day(2022, 1, 1));
    }

    #[test]
    fn review_date_is_today_in_current_year() {
        let period = ReviewPeriod::new(2026, Some(day(2022, 9, 15)), day(2026, 12, 4));
        assert_eq!(period.date, day(2026, 12, 4));
    }

    #[test]
    fn review_date_defaults_to_31_october() {
        let period = ReviewPeriod::new(2023, Some(day(2022, 9, 15)), day(2026, 12, 4));
        assert_eq!(period.date, day(2023, 10, 31));
        assert!(period.contains(day(2023, 10, 31)));
        assert!(!period.contains(day(2023, 11, 1)));
        assert!(!period.contains(day(2022, 12, 31)));
    }

    #[test]
    fn entry_lines_are_found_by_value() {
        let text = "- ho_ten: Nguyễn Văn A\n  chuc_vu: Trưởng ban\n- ho_ten: \"Trần Thị B\"\n  chuc_vu: Phó Trưởng ban\n  email: b@x.gov.vn\n";
        assert_eq!(line_of_entry(text, "ho_ten", "Trần Thị B"), 3);
        assert_eq!(line_of_entry(text, "ho_ten", "Không Có"), 0);
        assert_eq!(line_in_entry(text, 3, "email"), 5);
        assert_eq!(line_in_entry(text, 1, "email"), 1);
    }
}
