//! The tidy long table: one row per team and quarter, with every count, for R, Python, DuckDB
//! and spreadsheets.

use super::Place;
use crate::repo::model::OutcomeRow;

pub struct ExportRow<'r> {
    pub place: Place<'r>,
    pub row: OutcomeRow,
}

/// Adds one file's checked rows.
pub fn add_file<'r>(rows: &mut Vec<ExportRow<'r>>, place: &Place<'r>, file_rows: &[OutcomeRow]) {
    rows.extend(file_rows.iter().map(|row| ExportRow {
        place: *place,
        row: row.clone(),
    }));
}

/// By quarter, jurisdiction, agency and team: the same order on every run.
pub fn sort(rows: &mut [ExportRow<'_>]) {
    fn key<'a>(r: &'a ExportRow<'_>) -> (crate::calendar::Quarter, &'a str, &'a str, &'a str) {
        (
            r.place.quarter,
            r.place.jurisdiction,
            &r.place.agency.id,
            &r.row.team,
        )
    }
    rows.sort_by(|a, b| key(a).cmp(&key(b)));
}
