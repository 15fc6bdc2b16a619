//! The counts of an outcomes row, by name: what a restatement compares and what a public output
//! can hide.

use crate::repo::model::OutcomeRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Served,
    Employed,
    Education,
    JobStarts,
}

impl Field {
    /// In the order of the outcomes file's columns.
    pub const ALL: [Field; 4] = [
        Field::Served,
        Field::Employed,
        Field::Education,
        Field::JobStarts,
    ];

    /// The column name of the outcomes file.
    pub fn name(self) -> &'static str {
        match self {
            Field::Served => "served",
            Field::Employed => "employed",
            Field::Education => "education",
            Field::JobStarts => "job_starts",
        }
    }

    /// The row's count; None for an optional column left blank.
    pub fn of(self, row: &OutcomeRow) -> Option<u64> {
        match self {
            Field::Served => Some(row.served),
            Field::Employed => Some(row.employed),
            Field::Education => row.education,
            Field::JobStarts => row.job_starts,
        }
    }
}
