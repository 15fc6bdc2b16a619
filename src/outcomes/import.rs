//! An agency's quarter read from a spreadsheet (`ips outcomes import`): the header row found
//! among the first rows, names matched ignoring case, spaces and underscores ("Job starts");
//! team rows down to the first empty row; a Total row checked against the sums and dropped;
//! the agency and quarter from the cells of `ips outcomes form`. The rows become the text of an
//! outcomes file, which validate's own checks then judge; each finding is taken back to the cell
//! it came from.

use crate::diagnostic::{Diagnostic, Origin};
use crate::repo::outcomes_file::{COLUMNS, is_total};
use crate::rules;
use crate::sheet::{Grid, Place, Value};

/// How far down the header row is looked for: a title, the form's agency and quarter, a note.
pub const HEADER_WITHIN: usize = 20;

/// The labels of the form's cells that say whose figures these are (the value is to the right).
pub const AGENCY_LABEL: &str = "agency";
pub const QUARTER_LABEL: &str = "quarter";

/// A sheet's figures, found.
#[derive(Debug)]
pub struct Found<'g> {
    pub grid: &'g Grid,
    /// The agency and quarter as the sheet states them, with their cells.
    pub agency: Option<(String, Place)>,
    pub quarter: Option<(String, Place)>,
    /// The sheet column of each of the format's columns (None: the sheet lacks it).
    columns: [Option<usize>; 5],
    /// The team rows, by sheet row.
    pub rows: Vec<usize>,
    /// A Total row that disagrees with the sums.
    pub findings: Vec<Diagnostic>,
}

/// Finds the header row in the first sheet that has one (the form's first sheet, an agency's
/// own sheet after a title row), and the rows below it. None if no sheet has one.
pub fn find<'g>(grids: &'g [Grid], origin: &Origin) -> Option<Found<'g>> {
    grids.iter().find_map(|grid| {
        let header = (0..grid.rows.len().min(HEADER_WITHIN)).find_map(|row| {
            let columns = header_columns(grid, row)?;
            Some((row, columns))
        })?;
        Some(found(grid, header.0, header.1, origin))
    })
}

/// The finding for a workbook in which no sheet has a header row.
pub fn no_header(origin: &Origin) -> Diagnostic {
    Diagnostic::new(
        &rules::MISSING_COLUMN,
        origin,
        format!("no sheet has a header row with team, served and employed in its first {HEADER_WITHIN} rows"),
    )
    .hint("head the columns team, served, employed, education, job_starts (as `ips outcomes form` does)")
}

/// `Job starts`, `job_starts` and `JOB STARTS` are one name.
fn normalized(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The sheet column of each format column, if `row` is a header row (it names the required ones).
fn header_columns(grid: &Grid, row: usize) -> Option<[Option<usize>; 5]> {
    let cells = grid.rows.get(row)?;
    let mut columns = [None; 5];
    for (index, column) in COLUMNS.iter().enumerate() {
        let name = normalized(column.name);
        columns[index] = cells.iter().position(|cell| match cell {
            Value::Text(text) => normalized(text) == name,
            _ => false,
        });
    }
    let required = COLUMNS
        .iter()
        .zip(&columns)
        .all(|(c, at)| !c.required || at.is_some());
    required.then_some(columns)
}

fn found<'g>(
    grid: &'g Grid,
    header: usize,
    columns: [Option<usize>; 5],
    origin: &Origin,
) -> Found<'g> {
    let mut found = Found {
        grid,
        agency: labelled(grid, header, AGENCY_LABEL),
        quarter: labelled(grid, header, QUARTER_LABEL),
        columns,
        rows: Vec::new(),
        findings: Vec::new(),
    };
    let team = columns[0].expect("required");
    for row in header + 1..grid.rows.len() {
        let used: Vec<usize> = columns.iter().flatten().copied().collect();
        if used.iter().all(|col| grid.get(row, *col).is_empty()) {
            break;
        }
        if is_total(&grid.get(row, team).text()) {
            check_total(&mut found, row, origin);
            break;
        }
        found.rows.push(row);
    }
    found
}

/// The value to the right of a cell above the header that reads `label` (`Agency:` too).
fn labelled(grid: &Grid, header: usize, label: &str) -> Option<(String, Place)> {
    (0..header).find_map(|row| {
        let cells = &grid.rows[row];
        let at = cells.iter().position(|cell| {
            matches!(cell, Value::Text(text) if normalized(text).trim_end_matches(':') == label)
        })?;
        let (col, value) = cells
            .iter()
            .enumerate()
            .skip(at + 1)
            .find(|(_, cell)| !cell.is_empty())?;
        Some((value.text(), grid.place(row, col)))
    })
}

/// Compares each count of the Total row with the sum of the rows above; the row is dropped.
fn check_total(found: &mut Found<'_>, total_row: usize, origin: &Origin) {
    let grid = found.grid;
    for (index, column) in COLUMNS.iter().enumerate().skip(1) {
        let Some(col) = found.columns[index] else {
            continue;
        };
        let Ok(total) = grid.get(total_row, col).text().parse::<u64>() else {
            continue;
        };
        // Only whole counts add up; a mistyped count is reported at its own cell.
        let counts: Option<Vec<u64>> = found
            .rows
            .iter()
            .map(|row| match grid.get(*row, col) {
                value if value.is_empty() => Some(0),
                value => value.text().parse().ok(),
            })
            .collect();
        let Some(sum) = counts.map(|c| c.iter().sum::<u64>()) else {
            continue;
        };
        if sum != total {
            let diagnostic = Diagnostic::new(
                &rules::SHEET_TOTAL,
                origin,
                format!("the Total row has {} {total}, but the team rows above it add up to {sum}", column.name),
            )
            .hint("correct the team row that is wrong, or the Total; ips adds up the team rows itself and drops the Total row");
            found
                .findings
                .push(grid.place(total_row, col).on(diagnostic));
        }
    }
}

/// The text of the outcomes file, and where each of its lines' fields came from.
pub struct FileText {
    pub text: String,
    /// For each data line (the second line on), the sheet row and, per field, the sheet
    /// column and the character column where the field starts in the line.
    lines: Vec<(usize, Vec<Field>)>,
}

/// A field of a line: its sheet column (None: the sheet lacks it) and the character column
/// where it starts.
type Field = (Option<usize>, usize);

impl Found<'_> {
    /// The outcomes file: the template's header and the team rows, in the order `rank` gives
    /// (the agency's order of teams; unknown teams after them, as the sheet has them).
    pub fn file_text(&self, rank: impl Fn(&str) -> usize) -> FileText {
        let team = self.columns[0].expect("required");
        let mut rows = self.rows.clone();
        rows.sort_by_key(|row| rank(&self.grid.get(*row, team).text()));
        let header: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        let mut text = format!("{}\n", header.join(","));
        let mut lines = Vec::new();
        for row in rows {
            let mut line = String::new();
            let mut fields = Vec::new();
            for (index, col) in self.columns.iter().enumerate() {
                if index > 0 {
                    line.push(',');
                }
                fields.push((*col, line.chars().count() + 1));
                let value = col
                    .map(|col| self.grid.get(row, col).text())
                    .unwrap_or_default();
                line.push_str(&csv_field(&value));
            }
            text.push_str(&line);
            text.push('\n');
            lines.push((row, fields));
        }
        FileText { text, lines }
    }
}

impl FileText {
    /// Takes a finding on the file's text back to the sheet's cell (or line) it came from.
    pub fn to_sheet(&self, grid: &Grid, mut diagnostic: Diagnostic) -> Diagnostic {
        // A message that points at another line of the file (`already has a row on line 2`)
        // points at that row of the sheet.
        diagnostic.message = self.rows_for_lines(grid, &diagnostic.message);
        diagnostic.hint = diagnostic.hint.map(|hint| self.rows_for_lines(grid, &hint));
        let Some((row, fields)) = diagnostic
            .line
            .and_then(|line| line.checked_sub(2))
            .and_then(|index| self.lines.get(index))
        else {
            // A finding on the whole file (a team that has no row) stays on the workbook.
            let mut diagnostic = diagnostic;
            diagnostic.line = None;
            diagnostic.column = None;
            return diagnostic;
        };
        let column = diagnostic.column.unwrap_or(1);
        let field = fields
            .iter()
            .rposition(|(_, start)| *start <= column)
            .unwrap_or(0);
        let col = fields[field].0.or(fields[0].0).unwrap_or(0);
        grid.place(*row, col).on(diagnostic)
    }
}

impl FileText {
    /// `line 3` of the file's text as the place of its row in the sheet: `row 7` of a
    /// workbook, the line of a CSV file.
    fn rows_for_lines(&self, grid: &Grid, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("line ") {
            let (before, after) = rest.split_at(at + "line ".len());
            let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let row = after[..digits]
                .parse::<usize>()
                .ok()
                .and_then(|line| line.checked_sub(2))
                .and_then(|index| self.lines.get(index));
            match (row, grid.sheet.is_some()) {
                (Some((row, _)), true) => {
                    out.push_str(&before[..at]);
                    out.push_str(&format!("row {}", row + 1));
                }
                (Some((row, _)), false) => {
                    out.push_str(before);
                    out.push_str(&grid.lines.get(*row).copied().unwrap_or(row + 1).to_string());
                }
                (None, _) => {
                    out.push_str(before);
                    out.push_str(&after[..digits]);
                }
            }
            rest = &after[digits..];
        }
        out.push_str(rest);
        out.replace("on row ", "in row ")
    }
}

/// A field as CSV writes it: quoted when it holds a comma, a quote or a line end.
fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Area, Subject};

    fn text(value: &str) -> Value {
        match value {
            "" => Value::Empty,
            number if number.parse::<f64>().is_ok() => Value::Number(number.parse().unwrap()),
            text => Value::Text(text.to_string()),
        }
    }

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            sheet: Some("Q3 2026".into()),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|v| text(v)).collect())
                .collect(),
            lines: Vec::new(),
        }
    }

    fn origin() -> Origin {
        Origin::new("own.xlsx", Subject::Layout(Area::Outcomes))
    }

    /// A title row, headers as people write them, 46.0, a Total row that adds up, a note below.
    #[test]
    fn an_agency_s_own_sheet_reads_as_an_outcomes_file() {
        let grids = [grid(&[
            &["Riverbend quarterly IPS figures"],
            &[],
            &["Team", "Served", "Employed", "Job starts", "Notes"],
            &["south", "38", "17", "4", "new supervisor"],
            &["north", "46.0", "19", "5"],
            &["Total", "84", "36", "9"],
            &[],
            &["sent by Dana"],
        ])];
        let found = find(&grids, &origin()).expect("a header row");
        assert!(found.findings.is_empty());
        assert_eq!(found.rows, [3, 4]);
        let file = found.file_text(|team| {
            ["north", "south"]
                .iter()
                .position(|t| *t == team)
                .unwrap_or(9)
        });
        assert_eq!(
            file.text,
            "team,served,employed,education,job_starts\nnorth,46,19,,5\nsouth,38,17,,4\n"
        );
    }

    #[test]
    fn a_total_that_does_not_add_up_is_named_at_its_cell() {
        let grids = [grid(&[
            &["team", "served", "employed"],
            &["north", "46", "19"],
            &["south", "38", "17"],
            &["TOTAL", "84", "35"],
        ])];
        let found = find(&grids, &origin()).unwrap();
        let [finding] = &found.findings[..] else {
            panic!("{:?}", found.findings)
        };
        assert_eq!(finding.cell.as_deref(), Some("sheet \"Q3 2026\" C4"));
        assert_eq!(
            finding.message,
            "the Total row has employed 35, but the team rows above it add up to 36"
        );
    }

    #[test]
    fn the_form_s_cells_name_the_agency_and_quarter() {
        let grids = [grid(&[
            &["Agency:", "", "riverbend"],
            &["quarter", "2026-Q3"],
            &["team", "served", "employed", "education", "job_starts"],
        ])];
        let found = find(&grids, &origin()).unwrap();
        let (agency, place) = found.agency.unwrap();
        assert_eq!(agency, "riverbend");
        assert!(
            matches!(place, Place::Cell { name, row: 0, col: 2 } if name == "sheet \"Q3 2026\" C1")
        );
        assert_eq!(found.quarter.unwrap().0, "2026-Q3");
        assert!(found.rows.is_empty());
    }
}
