//! A CSV file checked against the columns the format defines: header, delimiter, row shape.

use super::csv_reader::{self, Field, Record};
use super::toml_fields::closest;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::source::SourceText;

pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

pub struct CsvTable<'s> {
    pub source: &'s SourceText,
    /// For each expected column, its index in the file's header, if present.
    indexes: Vec<Option<usize>>,
    /// Rows with as many fields as the header; ragged rows are reported and left out.
    pub rows: Vec<Record<'s>>,
    /// How many rows were left out for their shape; the rows lost after a syntax error count
    /// as one, since how many they were is unknown.
    pub ragged_rows: usize,
}

impl<'s> CsvTable<'s> {
    /// Reads the file's header and rows. None when no row can be read: a wrong delimiter or a
    /// missing required column; the reason is in `diagnostics`. Rows after a syntax error are lost.
    pub fn open(
        source: &'s SourceText,
        columns: &[Column],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Self> {
        let (records, error) = csv_reader::parse(&source.text);
        // A check that needs every row (a team with no row) must not run on a truncated file.
        let lost_rows = usize::from(error.is_some());
        if let Some(error) = error {
            diagnostics.push(
                Diagnostic::new(&rules::CSV_STRUCTURE, &source.origin, error.message)
                    .at_position(source.position(error.offset))
                    .hint(error.hint),
            );
        }
        let mut records = records.into_iter();
        let header = records.next()?;
        if let Some(diagnostic) = wrong_delimiter(source, &header) {
            diagnostics.push(diagnostic);
            return None;
        }
        let indexes = check_header(source, &header, columns, diagnostics)?;
        let mut rows = Vec::new();
        let mut ragged_rows = lost_rows;
        let width = header.fields.len();
        for record in records {
            if record.fields.len() == width {
                rows.push(record);
                continue;
            }
            ragged_rows += 1;
            let (offset, message) = if record.fields.len() > width {
                (
                    record.fields[width].offset,
                    format!(
                        "this row has {} fields but the header has {width}",
                        record.fields.len()
                    ),
                )
            } else {
                (
                    record.offset,
                    format!(
                        "this row has {} fields but the header has {width}",
                        record.fields.len()
                    ),
                )
            };
            diagnostics.push(
                Diagnostic::new(&rules::CSV_STRUCTURE, &source.origin, message)
                    .at_position(source.position(offset))
                    .hint(format!(
                        "give every row one value per header column ({}); leave an optional value empty, but keep its comma",
                        header_names(&header)
                    )),
            );
        }
        Some(CsvTable {
            source,
            indexes,
            rows,
            ragged_rows,
        })
    }

    /// The field of `row` in the expected column number `column`, if the file has that column.
    pub fn field<'r>(&self, row: &'r Record<'s>, column: usize) -> Option<&'r Field<'s>> {
        self.indexes[column].map(|index| &row.fields[index])
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.source.position(offset).line
    }

    pub fn report(
        &self,
        rule: &'static rules::Rule,
        offset: usize,
        message: String,
        hint: String,
    ) -> Diagnostic {
        Diagnostic::new(rule, &self.source.origin, message)
            .at_position(self.source.position(offset))
            .hint(hint)
    }
}

fn header_names(header: &Record<'_>) -> String {
    header
        .fields
        .iter()
        .map(|f| f.value.trim())
        .collect::<Vec<_>>()
        .join(",")
}

fn wrong_delimiter(source: &SourceText, header: &Record<'_>) -> Option<Diagnostic> {
    if header.fields.len() != 1 {
        return None;
    }
    let text = &header.fields[0].value;
    let (name, delimiter) = if text.contains(';') {
        ("semicolons", ';')
    } else if text.contains('\t') {
        ("tabs", '\t')
    } else {
        return None;
    };
    Some(
        Diagnostic::new(
            &rules::CSV_DELIMITER,
            &source.origin,
            format!("the columns are separated by {name}, not commas"),
        )
        .at_position(source.position(header.offset + text.find(delimiter).unwrap_or(0)))
        .hint("re-export as CSV with commas (in Excel: Save As > CSV UTF-8 (Comma delimited)), or replace the separators with commas"),
    )
}

fn check_header(
    source: &SourceText,
    header: &Record<'_>,
    columns: &[Column],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Option<usize>>> {
    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    let mut indexes = vec![None; columns.len()];
    for (index, field) in header.fields.iter().enumerate() {
        let name = field.value.trim();
        let position = source.position(field.offset);
        match names.iter().position(|n| *n == name) {
            Some(column) if indexes[column].is_none() => indexes[column] = Some(index),
            Some(_) => diagnostics.push(
                Diagnostic::new(
                    &rules::UNKNOWN_COLUMN,
                    &source.origin,
                    format!("column `{name}` appears twice"),
                )
                .at_position(position)
                .hint(format!(
                    "keep one `{name}` column: remove the other, keeping the right values"
                )),
            ),
            None => {
                let hint = match closest(name, &names) {
                    Some(near) => format!(
                        "did you mean `{near}`? The columns are: {}",
                        names.join(",")
                    ),
                    None => format!(
                        "remove the column; the allowed columns are {} (never commit names or other personal data)",
                        names.join(",")
                    ),
                };
                diagnostics.push(
                    Diagnostic::new(
                        &rules::UNKNOWN_COLUMN,
                        &source.origin,
                        format!("unknown column `{name}`"),
                    )
                    .at_position(position)
                    .hint(hint),
                );
            }
        }
    }
    let mut complete = true;
    for (column, index) in columns.iter().zip(&indexes) {
        if column.required && index.is_none() {
            complete = false;
            diagnostics.push(
                Diagnostic::new(
                    &rules::MISSING_COLUMN,
                    &source.origin,
                    format!("the header has no `{}` column", column.name),
                )
                .at_position(source.position(header.offset))
                .hint(format!("write the header line as: {}", names.join(","))),
            );
        }
    }
    complete.then_some(indexes)
}
