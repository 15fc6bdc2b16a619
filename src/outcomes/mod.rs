//! Quarterly outcomes: which files a question covers, the checked stream of their rows, and the
//! pure computations over those rows (pooled rates by group, the tidy export, who has not
//! reported, the blank file a liaison fills in, what was restated between two revisions).

pub mod band;
pub mod completeness;
pub mod diff;
pub mod export;
pub mod field;
pub mod form;
mod held;
pub mod import;
pub mod missing;
pub mod protected;
pub mod public_note;
pub mod scope;
pub mod shape;
pub mod stream;
pub mod summarize;
pub mod summary_stream;
pub mod suppress;
pub mod template;

use crate::calendar::Quarter;
use crate::repo::model::Agency;
use crate::repo::{OutcomeFileRef, Repository};

/// What rows can be grouped by. Names are the column names of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Dimension {
    Quarter,
    Jurisdiction,
    Agency,
    Team,
}

impl Dimension {
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Quarter => "quarter",
            Dimension::Jurisdiction => "jurisdiction",
            Dimension::Agency => "agency",
            Dimension::Team => "team",
        }
    }
}

/// Where an outcome file's rows belong, resolved once per file, borrowed from the repository so
/// that grouping allocates nothing per row.
#[derive(Debug, Clone, Copy)]
pub struct Place<'r> {
    pub quarter: Quarter,
    pub jurisdiction: &'r str,
    pub agency: &'r Agency,
    /// The agency's place in `Repository::agencies`: a small id, to tell agencies apart.
    pub slot: u32,
}

impl<'r> Place<'r> {
    /// None when the file's agency is unknown or its agency.toml unreadable; check_file then
    /// gives the file no rows.
    pub fn of(repo: &'r Repository, file: &OutcomeFileRef) -> Option<Place<'r>> {
        let slot = repo.slot_of(file)?;
        let agency = repo.agencies[slot].agency.as_ref()?;
        Some(Place {
            quarter: file.quarter,
            jurisdiction: &agency.jurisdiction,
            agency,
            slot: slot as u32,
        })
    }
}
