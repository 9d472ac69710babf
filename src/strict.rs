//! Strict text fields for YAML.
//!
//! serde_yaml hands any scalar to a `String` field as its source text, so `so_ky_hieu: 15`,
//! `dien_thoai: 0271380001` or `title: yes` would be accepted even though YAML reads them as
//! a number or a boolean, and a phone number would silently be shown without its leading
//! zero elsewhere. These functions ask for the value's own type and accept only strings, so
//! the writer is told to quote such values.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
        Ok(value)
    }
}

struct OptionalTextVisitor;

impl<'de> Visitor<'de> for OptionalTextVisitor {
    type Value = Option<String>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Some(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Some(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A required text field that must be a YAML string.
pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(TextVisitor)
}

/// An optional text field that must be a YAML string when present; `~` and an empty value
/// are absent.
pub fn option_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(OptionalTextVisitor)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Sample {
        #[serde(deserialize_with = "super::text")]
        name: String,
        #[serde(default, deserialize_with = "super::option_text")]
        number: Option<String>,
    }

    #[test]
    fn strings_pass_and_numbers_fail() {
        let sample: Sample = serde_yaml::from_str("name: Ban Dân tộc\nnumber: \"15\"\n").unwrap();
        assert_eq!(sample.number.as_deref(), Some("15"));
        assert_eq!(sample.name, "Ban Dân tộc");
        let empty: Sample = serde_yaml::from_str("name: a\nnumber:\n").unwrap();
        assert_eq!(empty.number, None);
        let error = serde_yaml::from_str::<Sample>("name: a\nnumber: 15\n").unwrap_err();
        assert!(error.to_string().contains("invalid type: integer `15`, expected a string"), "{error}");
        assert!(serde_yaml::from_str::<Sample>("name: yes\n").is_ok());
        assert!(serde_yaml::from_str::<Sample>("name: true\n").is_err());
    }
}
