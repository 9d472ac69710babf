//! The self-check: scores a built site against a criteria set and writes the report.
//!
//! The stages have one module each. [`criteria`] loads the set (embedded or the site's own
//! YAML) and its [`params`]. [`freshness`] decides whether the output must be rebuilt first.
//! [`built`] reads the output folder, and [`facts`] the facts of each HTML page. [`rules`]
//! score each criterion from the site model and those facts into an [`outcome::Outcome`].
//! [`report`] turns the outcomes into statuses and totals, and [`format`] writes the report as
//! text, JSON, HTML or XLSX.
//!
//! Findings are data collected per criterion. Nothing here prints or exits; the `check` and
//! `criteria` commands do.

pub mod built;
pub mod context;
pub mod criteria;
pub mod encoding;
pub mod facts;
pub mod format;
pub mod freshness;
pub mod outcome;
pub mod params;
pub mod points;
pub mod report;
pub mod rules;

pub use context::{Context, ReviewPeriod};
pub use criteria::{CriteriaSet, Criterion, Method};
pub use outcome::{Finding, Status};
pub use report::{CriterionResult, Report, evaluate};
