//! The columns of an outcome summary and the cells of its rows, public or not: what
//! `outcomes summarize` prints, in a form any output of summary rows can share.

use super::summarize::{Grouping, Summary};
use super::{Dimension, summary_stream, suppress};
use crate::calendar::Quarter;
use crate::output::Cell;
use crate::repo::Repository;
use std::collections::BTreeSet;

/// The key shown in the group columns of a total row; not a valid id, so never a group's own.
pub const TOTAL: &str = "Total";

/// The columns of a summary and the cells of its rows: the documented fields in their places,
/// then, appended so that no column moves, what makes a row self-describing.
pub struct SummaryShape<'a, 'r> {
    pub by: &'a Grouping,
    pub mean_of_rates: bool,
    /// The quarters covered: rows of a summary without quarter in --by name them.
    pub period: &'a BTreeSet<Quarter>,
    pub repo: &'r Repository,
    /// A public CSV or JSON summary lists the fields each row hides, in `suppressed`.
    pub lists_hidden: bool,
    /// `<11`: a public summary's mark for a small count.
    pub label: Option<String>,
}

impl SummaryShape<'_, '_> {
    pub fn columns(&self) -> Vec<&'static str> {
        let by = self.by;
        let mut columns: Vec<&str> = by.dims().iter().map(|dim| dim.name()).collect();
        columns.extend(["served", "employed", "rate"]);
        if self.mean_of_rates {
            columns.push("mean_of_agency_rates");
        }
        columns.extend([
            "agencies",
            "teams",
            "education",
            "education_rate",
            "job_starts",
            "band",
        ]);
        if by.has(Dimension::Quarter) {
            columns.extend(["rate_change", "agencies_expected", "rate_change_comparable"]);
        } else {
            columns.push("agencies_expected");
            if self.period.len() > 1 {
                columns.extend(["from", "to"]);
            } else {
                columns.push("quarter");
            }
        }
        columns.extend(self.name_columns());
        if self.lists_hidden {
            columns.push("suppressed");
        }
        columns
    }

    /// Names follow their ids' order in --by.
    fn name_columns(&self) -> Vec<&'static str> {
        self.by
            .dims()
            .iter()
            .filter_map(|dim| match dim {
                Dimension::Jurisdiction => Some("jurisdiction_name"),
                Dimension::Agency => Some("agency_name"),
                _ => None,
            })
            .collect()
    }

    /// What the terminal table shows another way (`1 of 7`, `*`, the stderr note on the
    /// period) or has no room for in 100 columns (names, the count of those in education
    /// beside its rate, the count of agencies in rows of one agency and of teams in rows of one
    /// team, and in a trend, with quarter in --by, the education rate and job starts beside
    /// the rate, its band and its change): `--wide` shows them.
    pub fn hidden_in_terminal(&self, columns: &[&'static str]) -> Vec<&'static str> {
        let appended = [
            "education",
            "agencies_expected",
            "rate_change_comparable",
            "from",
            "to",
            "jurisdiction_name",
            "agency_name",
        ];
        let by = |dimension| self.by.has(dimension);
        let redundant = |column: &str| match column {
            "quarter" => !by(Dimension::Quarter),
            "agencies" => by(Dimension::Agency),
            "teams" => by(Dimension::Team),
            "education_rate" | "job_starts" => by(Dimension::Quarter),
            _ => false,
        };
        columns
            .iter()
            .copied()
            .filter(|c| appended.contains(c) || redundant(c))
            .collect()
    }

    pub fn cells(&self, row: &Summary<'_>, protection: summary_stream::Protection) -> Vec<Cell> {
        use suppress::Field;
        let by = self.by;
        let shown = Shown {
            protection,
            label: self.label.as_deref(),
        };
        let mut cells: Vec<Cell> = by
            .dims()
            .iter()
            .map(|dim| {
                let value = match dim {
                    Dimension::Quarter => row.key.quarter.map(|q| q.to_string()),
                    Dimension::Jurisdiction => row.key.jurisdiction.map(str::to_string),
                    Dimension::Agency => row.key.agency.map(str::to_string),
                    Dimension::Team => row.key.team.map(str::to_string),
                };
                Cell::text(value.unwrap_or_else(|| TOTAL.to_string()))
            })
            .collect();
        cells.extend([
            shown.count(Field::Served, Cell::Count(row.counts.served)),
            shown.count(Field::Employed, Cell::Count(row.counts.employed)),
            shown.cell(protection.rate(), Cell::rate(row.rate)),
        ]);
        if self.mean_of_rates {
            cells.push(Cell::rate(row.mean_of_agency_rates));
        }
        // A group that some expected agency is missing from reads `1 of 7`.
        let agencies = if row.is_partial() {
            let text = format!("{} of {}", row.expected_reported, row.agencies_expected);
            Cell::shown(Cell::Count(row.agencies), text)
        } else {
            Cell::Count(row.agencies)
        };
        cells.extend([
            agencies,
            Cell::Count(row.teams),
            shown.count(Field::Education, Cell::count(row.counts.education)),
            shown.cell(
                protection.cells.education_rate(),
                Cell::rate(row.counts.education_rate()),
            ),
            shown.count(Field::JobStarts, Cell::count(row.counts.job_starts)),
            shown.cell(
                protection.rate(),
                row.band
                    .map_or(Cell::Empty, |band| Cell::text(band.as_str())),
            ),
        ]);
        if by.has(Dimension::Quarter) {
            let change = match (row.rate_change, row.rate_change_comparable) {
                (Some(points), Some(false)) => Cell::shown(
                    Cell::Points(points),
                    format!(
                        "{}{}",
                        Cell::Points(points).display(),
                        super::suppress::NOT_COMPARABLE
                    ),
                ),
                (change, _) => change.map_or(Cell::Empty, Cell::Points),
            };
            cells.extend([
                shown.cell(protection.change, change),
                Cell::Count(row.agencies_expected),
                Cell::bool(row.rate_change_comparable),
            ]);
        } else {
            cells.push(Cell::Count(row.agencies_expected));
            let first = self.period.first().map(|q| Cell::text(q.to_string()));
            if self.period.len() > 1 {
                let last = self.period.last().map(|q| Cell::text(q.to_string()));
                cells.extend([first.unwrap_or(Cell::Empty), last.unwrap_or(Cell::Empty)]);
            } else {
                cells.push(first.unwrap_or(Cell::Empty));
            }
        }
        for dim in by.dims() {
            let name = match dim {
                Dimension::Jurisdiction => {
                    row.key.jurisdiction.map(|j| self.repo.jurisdiction_name(j))
                }
                Dimension::Agency => row.key.agency.map(|a| self.repo.agency_name(a)),
                _ => continue,
            };
            cells.push(name.flatten().map_or(Cell::Empty, Cell::text));
        }
        if self.lists_hidden {
            cells.push(Cell::List(shown.hidden_fields(by)));
        }
        cells
    }
}

/// What a public row hides, and how its cells read: `<11` for a small count, `*` for a figure
/// hidden to protect another.
struct Shown<'a> {
    protection: summary_stream::Protection,
    /// `<11` when public.
    label: Option<&'a str>,
}

impl Shown<'_> {
    /// A figure hidden to protect others: `*`.
    fn cell(&self, hidden: bool, cell: Cell) -> Cell {
        match (self.label, hidden) {
            (Some(_), true) => Cell::Hidden(suppress::OTHER_HIDDEN.to_string()),
            _ => cell,
        }
    }

    /// A count: `<11` when small itself, `*` when hidden to protect another.
    fn count(&self, field: suppress::Field, cell: Cell) -> Cell {
        match self.label {
            Some(label) if self.protection.cells.small(field) => Cell::Hidden(label.to_string()),
            _ => self.cell(self.protection.cells.count(field), cell),
        }
    }

    /// The hidden fields by their column names, in the columns' order: `served;employed;rate`.
    fn hidden_fields(&self, by: &Grouping) -> Vec<String> {
        let cells = self.protection.cells;
        let mut names: Vec<String> = cells.fields().map(|f| f.name().to_string()).collect();
        let derived = [
            ("rate", cells.rate()),
            ("education_rate", cells.education_rate()),
            ("band", cells.rate()),
            (
                "rate_change",
                by.has(Dimension::Quarter) && self.protection.change,
            ),
        ];
        for (name, hidden) in derived {
            if hidden {
                names.push(name.to_string());
            }
        }
        let order = [
            "served",
            "employed",
            "rate",
            "education",
            "education_rate",
            "job_starts",
            "band",
            "rate_change",
        ];
        names.sort_by_key(|name| order.iter().position(|o| o == name));
        names
    }
}
