//! `ips report`: the quarterly outcomes report, as a model (the JSON), rendered as one
//! self-contained HTML file or as Markdown with its charts beside it.
//!
//! `figures` reads the outcome files once; `build` makes the model (`model`), with `protect`
//! hiding small numbers in a public report, `fidelity`, `sections`, `restated` (`--since`) and
//! `notes` adding the other sections (each takes the `Question` and `name_of` from here, not from
//! `build`); `view` formats every figure once for the templates of `render`; `charts` are pure
//! functions from the model to SVG text.

mod build;
pub mod charts;
mod fidelity;
pub mod figures;
pub mod model;
mod notes;
pub mod number;
pub mod programs;
mod protect;
pub mod provenance;
mod quarters;
pub mod render;
pub mod restated;
pub mod review;
mod scope;
mod sections;
mod view;

pub use build::build;
pub use quarters::{quarters_read, trend_quarters};
pub use sections::{AgreementParts, agreement_parts};

use crate::calendar::Quarter;
use crate::filter::Places;
use crate::outcomes::suppress::Rule;
use crate::repo::AgencyRecord;
use chrono::NaiveDate;
use restated::Since;

/// What a report is asked for.
pub struct Question<'a> {
    pub quarter: Quarter,
    /// The quarters of the trend, oldest first, ending with `quarter`.
    pub trend: &'a [Quarter],
    /// The agencies the report is about.
    pub scope: &'a Places,
    /// The one agency of a site report.
    pub site: Option<&'a str>,
    pub public: Option<Rule>,
    /// The protected table a public report is a view of.
    pub protected: Option<&'a crate::outcomes::protected::Table>,
    pub as_of: NaiveDate,
    /// What `--since` compared, for the "restated since" section.
    pub since: Option<Since<'a>>,
}

impl Question<'_> {
    pub fn in_scope(&self, record: &AgencyRecord) -> bool {
        self.scope.wants_record(record)
    }
}

/// An agency's name, or its id when agency.toml has none.
pub fn name_of(record: &AgencyRecord) -> String {
    record
        .agency
        .as_ref()
        .map_or_else(|| record.folder.to_string(), |a| a.name.clone())
}
