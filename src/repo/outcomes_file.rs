//! Reads outcomes/<YYYY>-Q<n>/<agency>.csv: one row per team.

use super::csv_reader::{Field, Record};
use super::csv_table::{Column, CsvTable};
use super::model::OutcomeRow;
use crate::diagnostic::{Diagnostic, Found, Position};
use crate::ids;
use crate::names::NameMap;
use crate::rules;
use crate::source::SourceText;
use crate::text::{excerpt, quoted};
use std::borrow::Cow;

pub const COLUMNS: [Column; 5] = [
    Column {
        name: "team",
        required: true,
    },
    Column {
        name: "served",
        required: true,
    },
    Column {
        name: "employed",
        required: true,
    },
    Column {
        name: "education",
        required: false,
    },
    Column {
        name: "job_starts",
        required: false,
    },
];
const TEAM: usize = 0;
const SERVED: usize = 1;
const EMPLOYED: usize = 2;
const EDUCATION: usize = 3;
const JOB_STARTS: usize = 4;

/// The largest count a row may hold. No IPS team serves a million people in a quarter, so a
/// larger number is a typing or export mistake; the bound also keeps every sum far from overflow.
pub const MAX_COUNT: u64 = 1_000_000;

/// The rows of one outcomes file that passed every check within the file.
#[derive(Debug, Default)]
pub struct OutcomeFile {
    pub rows: Vec<OutcomeRow>,
    /// Data rows left out because of an error (or the whole file, counted as 1, if unreadable).
    pub invalid_rows: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// An outcomes file being checked: the rows that passed so far, and the findings, capped as
/// they are made (see `Found`), so that a file of many bad rows costs little.
#[derive(Debug, Default)]
pub struct Checked {
    pub rows: Vec<OutcomeRow>,
    pub invalid_rows: usize,
    pub found: Found,
}

impl Checked {
    pub fn finish(self) -> OutcomeFile {
        OutcomeFile {
            rows: self.rows,
            invalid_rows: self.invalid_rows,
            diagnostics: self.found.into_vec(),
        }
    }
}

pub fn read(source: &SourceText) -> OutcomeFile {
    check(source).finish()
}

/// Checks the file within itself; `validate::outcomes` goes on to check it against its agency.
pub fn check(source: &SourceText) -> Checked {
    let mut file = Checked::default();
    let Some(mut table) = CsvTable::open(source, &COLUMNS, &mut file.found) else {
        file.invalid_rows = 1;
        return file;
    };
    // Hashed once there are many, so that a pasted export is checked in linear time.
    let mut first_line_of_team: NameMap<Cow<'_, str>, usize> = NameMap::default();
    while let Some(record) = table.next_row(&mut file.found) {
        let findings_before = file.found.total();
        let row = read_row(&table, &record, &mut first_line_of_team, &mut file.found);
        match row {
            Some(row) if file.found.total() == findings_before => file.rows.push(row),
            _ => file.invalid_rows += 1,
        }
    }
    file.invalid_rows += table.ragged_rows;
    file
}

/// One row, checked on its own and against the rows before it; None when a count is unreadable.
fn read_row<'s>(
    table: &CsvTable<'s>,
    record: &Record<'s>,
    first_line_of_team: &mut NameMap<Cow<'s, str>, usize>,
    found: &mut Found,
) -> Option<OutcomeRow> {
    let team_field = table.field(record, TEAM).expect("required column");
    let team = team_field.value.trim();
    let team_at = table.source.position(team_field.offset);
    if !ids::is_identifier(team) {
        found.push_with(&rules::IDENTIFIER, || {
            let (message, hint) = match ids::suggestion(team) {
                _ if is_total(team) => (
                    format!("{} starts a spreadsheet's total row, not a team's row", quoted(team)),
                    "delete the row: ips adds up the teams' rows itself".to_string(),
                ),
                _ if team.is_empty() => (
                    "the team id is blank".to_string(),
                    "write the team's id from agency.toml in the `team` column, or delete the row if it is not a team's".to_string(),
                ),
                Some(id) => (
                    format!("the team id {} is not a valid id", quoted(team)),
                    format!("use the team's id from agency.toml, e.g. \"{id}\""),
                ),
                None => (
                    format!("the team id {} is not a valid id", quoted(team)),
                    "use the team's id from agency.toml: 1-64 lower-case letters, digits and `-`".to_string(),
                ),
            };
            table.report(&rules::IDENTIFIER, team_field.offset, message, hint)
        });
    } else if let Some(first) = first_line_of_team.get(team) {
        found.push_with(&rules::DUPLICATE_ROW, || {
            table.report(
                &rules::DUPLICATE_ROW,
                team_field.offset,
                format!("team `{team}` already has a row on line {first}"),
                "keep one row per team: merge the two rows".into(),
            )
        });
    } else {
        // Held as a slice of the file's text where it can be, not copied.
        let key = match &team_field.value {
            Cow::Borrowed(value) => Cow::Borrowed(value.trim()),
            Cow::Owned(_) => Cow::Owned(team.to_string()),
        };
        first_line_of_team.insert(key, team_at.line);
    }
    read_counts(table, record, team, team_at, found)
}

/// The row's counts, each checked, and those among the people served not more than served;
/// None when a required count is unreadable.
fn read_counts(
    table: &CsvTable<'_>,
    record: &Record<'_>,
    team: &str,
    team_at: Position,
    found: &mut Found,
) -> Option<OutcomeRow> {
    let mut count = |column: usize, required: bool| {
        let field = table.field(record, column)?;
        read_count(table, field, COLUMNS[column].name, required, found)
    };
    let served = count(SERVED, true);
    let employed = count(EMPLOYED, true);
    let education = count(EDUCATION, false);
    let job_starts = count(JOB_STARTS, false);
    let among_served = [
        (EMPLOYED, employed, &rules::EMPLOYED_EXCEEDS_SERVED),
        (EDUCATION, education, &rules::EDUCATION_EXCEEDS_SERVED),
    ];
    for (column, value, rule) in among_served {
        if let (Some(served), Some(value)) = (served, value)
            && value > served
        {
            let name = COLUMNS[column].name;
            let field = table
                .field(record, column)
                .expect("a count was read from it");
            found.push_with(rule, || {
                table.report(
                    rule,
                    field.offset,
                    format!("{name} ({value}) is greater than served ({served})"),
                    format!(
                        "{name} counts people among those served in the quarter: check both numbers"
                    ),
                )
            });
        }
    }
    Some(OutcomeRow {
        team: team.to_string(),
        served: served?,
        employed: employed?,
        education,
        job_starts,
        line: team_at.line,
        team_column: team_at.column,
        team_index: OutcomeRow::UNCHECKED,
    })
}

/// Whether a `team` cell is the label of a spreadsheet's total row (`Total`, `TOTAL`,
/// `Grand total:`, `Sum`), which is no team's id.
pub(crate) fn is_total(team: &str) -> bool {
    let label = team.trim_end_matches(':').trim().to_ascii_lowercase();
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    matches!(
        label.as_str(),
        "total" | "totals" | "grand total" | "sum" | "subtotal" | "sub-total" | "all teams"
    )
}

/// A count: a whole number of 0 or more. Blank is None where the column is optional.
fn read_count(
    table: &CsvTable<'_>,
    field: &Field<'_>,
    column: &str,
    required: bool,
    found: &mut Found,
) -> Option<u64> {
    let text = field.value.trim();
    if text.is_empty() && !required {
        return None;
    }
    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    let value = text.parse::<u64>().ok().filter(|_| digits);
    if let Some(value) = value.filter(|v| *v <= MAX_COUNT) {
        return Some(value);
    }
    found.push_with(&rules::COUNT, || {
        let message = if text.is_empty() {
            format!("`{column}` is blank, but it is required")
        } else if digits {
            format!(
                "`{column}` is {}, more than the {MAX_COUNT} one team can count in a quarter",
                excerpt(text)
            )
        } else {
            format!(
                "`{column}` is {}, not a whole number of 0 or more",
                quoted(text)
            )
        };
        table.report(
            &rules::COUNT,
            field.offset,
            message,
            "write a whole number such as 12; write 0 for none".into(),
        )
    });
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> OutcomeFile {
        read(&SourceText::new(
            crate::source::test_origin("outcomes/2024-Q1/a.csv"),
            text.to_string(),
        ))
    }

    #[test]
    fn reads_rows_with_optional_columns_blank() {
        let file = read_text("team,served,employed,education,job_starts\nnorth,42,19,,4\n");
        assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
        assert_eq!(file.rows[0].education, None);
        assert_eq!(file.rows[0].job_starts, Some(4));
        assert_eq!(file.rows[0].line, 2);
    }

    #[test]
    fn columns_may_come_in_any_order_and_optional_ones_may_be_absent() {
        let file = read_text("served,team,employed\n10,north,3\n");
        assert!(file.diagnostics.is_empty());
        assert_eq!((file.rows[0].served, file.rows[0].employed), (10, 3));
    }

    #[test]
    fn bad_counts_leave_the_row_out() {
        let file =
            read_text("team,served,employed\nnorth,12.5,3\nsouth,N/A,1\neast,,1\nwest,+4,1\n");
        assert_eq!(file.rows.len(), 0);
        assert_eq!(file.invalid_rows, 4);
        assert!(file.diagnostics.iter().all(|d| d.rule.id == "count"));
    }

    #[test]
    fn rows_lost_after_an_unclosed_quote_count_as_left_out() {
        let file = read_text("team,served,employed\nnorth,4,1\n\"south,3,1\n");
        assert_eq!(file.rows.len(), 1);
        assert_eq!(file.invalid_rows, 1);
    }

    #[test]
    fn counts_above_a_million_are_mistakes() {
        let file = read_text(
            "team,served,employed\nnorth,1000000,0\nsouth,1000001,1\neast,99999999999999999999,1\n",
        );
        assert_eq!(file.rows.len(), 1);
        let messages: Vec<&str> = file
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "`served` is 1000001, more than the 1000000 one team can count in a quarter",
                "`served` is 99999999999999999999, more than the 1000000 one team can count in a quarter",
            ]
        );
    }
}
