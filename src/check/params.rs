//! Rule parameters: values a criteria set gives its rules (the domain suffix, a number of
//! years) and a site may override with `tham_so` in `site.yaml`.
//!
//! Every parameter name is declared in [`KNOWN_PARAMS`] with its type, so a misspelt name or a
//! value of the wrong type is rejected when the set or `site.yaml` is read, not when a rule
//! runs.

use std::collections::BTreeMap;

use crate::check::criteria::suggestion;

/// The type of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    Text,
    /// A whole number of zero or more.
    Integer,
    /// Comma-separated text values.
    List,
}

/// A parameter name, its type and what it sets.
#[derive(Debug)]
pub struct ParamSpec {
    pub name: &'static str,
    pub kind: ParamKind,
    pub description: &'static str,
}

/// Every parameter a rule reads.
pub const KNOWN_PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "domain_suffix",
        kind: ParamKind::Text,
        description: "hậu tố tên miền: địa chỉ trang phải là <tên cơ quan>.<hậu tố>",
    },
    ParamSpec {
        name: "legal_in_force_years",
        kind: ParamKind::Integer,
        description: "số năm tính ngược từ năm đánh giá mà văn bản QPPL còn hiệu lực được tính",
    },
    ParamSpec {
        name: "max_news_gap_days",
        kind: ParamKind::Integer,
        description: "số ngày dài nhất được phép không đăng tin trong năm đánh giá",
    },
    ParamSpec {
        name: "agency_link_suffix",
        kind: ParamKind::Text,
        description: "hậu tố tên miền của trang cơ quan nhà nước trong danh sách liên kết",
    },
    ParamSpec {
        name: "legal_dissemination_category",
        kind: ParamKind::Text,
        description: "chuyên mục tin tuyên truyền, phổ biến pháp luật",
    },
    ParamSpec {
        name: "reward_sanction_category",
        kind: ParamKind::Text,
        description: "chuyên mục tin khen thưởng, xử phạt",
    },
    ParamSpec {
        name: "reward_sanction_keywords",
        kind: ParamKind::List,
        description: "từ khóa nhận ra quyết định khen thưởng, xử phạt trong trích yếu văn bản",
    },
];

/// A parameter's typed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    Text(String),
    Integer(i64),
    List(Vec<String>),
}

impl ParamValue {
    /// The value as `site.yaml` would write it.
    pub fn display(&self) -> String {
        match self {
            ParamValue::Text(text) => text.clone(),
            ParamValue::Integer(number) => number.to_string(),
            ParamValue::List(items) => items.join(", "),
        }
    }
}

/// The parameters of a criteria set, by name.
#[derive(Debug, Clone, Default)]
pub struct Params {
    values: BTreeMap<String, ParamValue>,
}

impl Params {
    /// Sets `name` from its text form, checking the name and the value's type. The error is a
    /// Vietnamese sentence.
    pub fn set(&mut self, name: &str, text: &str) -> Result<(), String> {
        let Some(spec) = KNOWN_PARAMS.iter().find(|spec| spec.name == name) else {
            let hint = suggestion(name, KNOWN_PARAMS.iter().map(|spec| spec.name));
            return Err(format!("không có tham số `{name}`; {hint}"));
        };

        let text = text.trim();
        let value = match spec.kind {
            ParamKind::Text if text.is_empty() => return Err(format!("tham số `{name}` để trống")),
            ParamKind::Text => ParamValue::Text(text.to_owned()),
            ParamKind::Integer => match text.parse::<i64>() {
                Ok(number) if number >= 0 => ParamValue::Integer(number),
                _ => return Err(format!("tham số `{name}` phải là số nguyên không âm, đang là `{text}`")),
            },
            ParamKind::List => {
                let items: Vec<String> =
                    text.split(',').map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect();
                if items.is_empty() {
                    return Err(format!("tham số `{name}` để trống"));
                }
                ParamValue::List(items)
            }
        };
        self.values.insert(name.to_owned(), value);
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.values.get(name)
    }

    /// Every parameter in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &ParamValue)> {
        self.values.iter()
    }

    pub fn text(&self, name: &str) -> Result<&str, String> {
        match self.values.get(name) {
            Some(ParamValue::Text(text)) => Ok(text),
            _ => Err(missing(name)),
        }
    }

    pub fn integer(&self, name: &str) -> Result<i64, String> {
        match self.values.get(name) {
            Some(ParamValue::Integer(number)) => Ok(*number),
            _ => Err(missing(name)),
        }
    }

    pub fn list(&self, name: &str) -> Result<&[String], String> {
        match self.values.get(name) {
            Some(ParamValue::List(items)) => Ok(items),
            _ => Err(missing(name)),
        }
    }
}

fn missing(name: &str) -> String {
    format!("bộ tiêu chí thiếu tham số `{name}` hoặc giá trị sai kiểu")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_typed() {
        let mut params = Params::default();
        params.set("legal_in_force_years", "10").unwrap();
        params.set("reward_sanction_keywords", "khen thưởng, xử phạt").unwrap();
        assert_eq!(params.integer("legal_in_force_years"), Ok(10));
        assert_eq!(params.list("reward_sanction_keywords").unwrap(), ["khen thưởng", "xử phạt"]);
    }

    #[test]
    fn wrong_type_and_unknown_name_are_rejected() {
        let mut params = Params::default();
        assert_eq!(
            params.set("max_news_gap_days", "mười"),
            Err("tham số `max_news_gap_days` phải là số nguyên không âm, đang là `mười`".to_owned())
        );
        assert_eq!(
            params.set("domain_sufix", "a.gov.vn"),
            Err("không có tham số `domain_sufix`; có phải `domain_suffix`?".to_owned())
        );
    }
}
