//! trangtin builds a Vietnamese state agency's website from Markdown and YAML and scores it
//! against the province's website criteria.
//!
//! The pipeline, one module per stage: [`text`] reads and normalises source files,
//! [`frontmatter`] splits them, [`content`] types and validates each page, [`data`] and
//! [`config`] read the agency's YAML, [`site`] assembles the model, [`markdown`] renders
//! bodies, [`render`] produces every page, [`output`] writes them through a staging folder,
//! [`build`] runs these steps, and [`check`] scores the result.

pub mod build;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod data;
pub mod date;
pub mod diag;
pub mod frontmatter;
pub mod incremental;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod strict;
pub mod text;
