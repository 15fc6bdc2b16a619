//! The one agency table: each agency's outcomes in the quarter beside its latest fidelity review
//! and its next, a table per jurisdiction. Agencies that did not report the quarter keep their
//! row (their reviews still fall due), after those that did.

use super::{Col, NO_DATA, PLACE_COLUMNS, TableView, place_cells, small_label, thousands};
use crate::report::charts::spark;
use crate::report::model::{FidelityRow, Report};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A table of agencies of one jurisdiction.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub heading: String,
    pub table: TableView,
    /// The sparklines of the rows, in order (HTML only; empty for a row without a trend).
    pub sparklines: Vec<String>,
}

/// The columns after the outcome figures.
const FIDELITY_COLUMNS: [(&str, Col); 3] = [
    ("fidelity", Col::Number),
    ("reviewed", Col::Short),
    ("next review", Col::Short),
];

/// The agency, then its rate, band, change and trend, as the jurisdictions and the exceptions
/// read (on a phone the table scrolls sideways: these are on its first screen), then its teams,
/// served and employed, then its fidelity.
fn agency_columns() -> Vec<(&'static str, Col)> {
    let [served, employed, rate, band, change] = PLACE_COLUMNS;
    let outcomes = [rate, band, change, ("trend", Col::Short)];
    let counts = [("teams", Col::Number), served, employed];
    [
        &[("agency", Col::Text)][..],
        &outcomes,
        &counts,
        &FIDELITY_COLUMNS,
    ]
    .concat()
}

/// What the band column of an agency that did not report says.
pub const DID_NOT_REPORT: &str = "did not report";

/// The shared scale of the sparklines: from a little under the lowest rate drawn to a little
/// over the highest, in whole tenths, so that the lines compare and still show their moves.
pub fn spark_range(report: &Report) -> (f64, f64) {
    let rates = report
        .agencies
        .iter()
        .flat_map(|a| a.trend.iter().flatten());
    let (low, high) = rates.fold((f64::MAX, f64::MIN), |(lo, hi), r| (lo.min(*r), hi.max(*r)));
    if low > high {
        return (0.0, 1.0);
    }
    let low = ((low - 0.02) * 10.0).floor().max(0.0) / 10.0;
    let high = ((high + 0.02) * 10.0).ceil().min(10.0) / 10.0;
    (low, high.max(low + 0.1))
}

/// The agencies, a table per jurisdiction in the model's order (jurisdictions as the
/// jurisdiction table lists them, then any other). `markdown` puts a text sparkline in the
/// table; HTML draws them.
pub fn agency_groups(report: &Report, markdown: bool) -> Vec<Group> {
    let label = small_label(report);
    let range = spark_range(report);
    let fidelity: HashMap<&str, &FidelityRow> = report
        .fidelity
        .agencies
        .iter()
        .map(|f| (f.id.as_str(), f))
        .collect();
    let reported: HashSet<&str> = report.agencies.iter().map(|a| a.id.as_str()).collect();
    let mut groups: Vec<(String, Group)> = Vec::new();
    let group_of = |jurisdiction: &str, groups: &mut Vec<(String, Group)>| -> usize {
        if let Some(index) = groups.iter().position(|(id, _)| id == jurisdiction) {
            return index;
        }
        groups.push((jurisdiction.to_string(), empty_group(report, jurisdiction)));
        groups.len() - 1
    };
    for row in &report.agencies {
        let index = group_of(&row.jurisdiction, &mut groups);
        let group = &mut groups[index].1;
        let [served, employed, rate, band, change] = place_cells(&row.figures, &label);
        let (trend, sparkline) = match markdown {
            true => (spark::text_sparkline(&row.trend, range), String::new()),
            false => (
                String::new(),
                spark::row_sparkline(&row.name, &row.trend, range),
            ),
        };
        let teams = thousands(row.teams as u64);
        let mut cells = vec![row.name.clone(), rate, band, change, trend, teams, served];
        cells.push(employed);
        cells.extend(fidelity_cells(fidelity.get(row.id.as_str()).copied()));
        group.table.rows.push(cells);
        group.sparklines.push(sparkline);
    }
    for row in report
        .fidelity
        .agencies
        .iter()
        .filter(|f| !reported.contains(f.id.as_str()))
    {
        let index = group_of(&row.jurisdiction, &mut groups);
        let group = &mut groups[index].1;
        let mut cells = vec![row.name.clone(), NO_DATA.to_string()];
        cells.push(DID_NOT_REPORT.to_string());
        cells.extend([NO_DATA, "", NO_DATA, NO_DATA, NO_DATA].map(str::to_string));
        cells.extend(fidelity_cells(Some(row)));
        group.table.rows.push(cells);
        group.sparklines.push(String::new());
    }
    groups
        .into_iter()
        .map(|(_, group)| Group {
            table: group.table.keyed(),
            ..group
        })
        .collect()
}

fn empty_group(report: &Report, jurisdiction: &str) -> Group {
    let heading = report
        .jurisdictions
        .iter()
        .find(|j| j.id == jurisdiction)
        .map_or_else(|| jurisdiction.to_string(), |j| j.name.clone());
    Group {
        heading,
        table: TableView::new(&agency_columns(), Vec::new()),
        sparklines: Vec::new(),
    }
}

/// The latest review's total and date, and the next review: its date, with the status when it
/// is not simply scheduled (`2026-12-12 due soon`).
fn fidelity_cells(row: Option<&FidelityRow>) -> [String; 3] {
    let dash = || NO_DATA.to_string();
    let Some(row) = row else {
        return [dash(), dash(), dash()];
    };
    let next = row.next_due.clone().unwrap_or_else(dash);
    [
        row.total.map_or_else(dash, |t| t.to_string()),
        row.review.clone().unwrap_or_else(dash),
        match row.status.as_str() {
            "scheduled" => next,
            status => format!("{next} {}", status.replace('-', " ")),
        },
    ]
}
