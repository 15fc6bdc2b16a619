//! A CSV file checked against the columns the format defines: header, delimiter, row shape.
//! Rows are read one at a time, so that a file's memory does not grow with its rows.

use super::csv_reader::{self, Field, MAX_COLUMNS, Record, Records};
use crate::closest::closest;
use crate::diagnostic::{Diagnostic, Found};
use crate::rules;
use crate::source::SourceText;
use crate::text::{describe_control, excerpt, quoted, stray_controls};

pub struct Column {
    pub name: &'static str,
    pub required: bool,
}

pub struct CsvTable<'s> {
    pub source: &'s SourceText,
    /// For each expected column, its index in the file's header, if present.
    indexes: Vec<Option<usize>>,
    /// How many fields the header has: a row must have as many.
    width: usize,
    /// How many of them have a name: the columns after them have none (`job_starts,,`, as a
    /// spreadsheet leaves), and a row may have as few fields, provided it leaves them blank.
    named: usize,
    /// Whether a row had a value in a column without a name: then the columns are not empty.
    unnamed_values: bool,
    /// The header, whose names a hint about a ragged row quotes (made only then: most files
    /// have no such row).
    header: Record<'s>,
    /// The records after the header, not yet read.
    records: Records<'s>,
    /// How many rows were left out for their shape; the rows lost after a syntax error count
    /// as one, since how many they were is unknown.
    pub ragged_rows: usize,
    /// The run of empty rows just read, not yet reported: its first row's offset and line, and
    /// its last row's line, so that the hundred a spreadsheet leaves are one finding.
    empty_rows: Option<(usize, usize, usize)>,
}

impl<'s> CsvTable<'s> {
    /// Reads the file's header. None when no row can be read: a wrong delimiter, a missing
    /// required column, no header at all; the reason is in `found`.
    pub fn open(source: &'s SourceText, columns: &[Column], found: &mut Found) -> Option<Self> {
        check_controls(source, found);
        if let Some(offset) = source.cr_line_ends {
            found.push(
                Diagnostic::new(
                    &rules::LINE_ENDS,
                    &source.origin,
                    "the lines end in a carriage return only (as Excel's \"CSV (Macintosh)\" writes them): ips reads them as line ends",
                )
                .at_position(source.position(offset))
                .hint("re-save the file as CSV UTF-8 (in Excel: Save As > CSV UTF-8 (Comma delimited)); other programs may read it as one line"),
            );
        }
        let mut records = Records::new(&source.text);
        let header = match records.next()? {
            Ok(header) => header,
            Err(error) => {
                // `"team";"served"`: a quoted field followed by a semicolon or a tab is a
                // header of another separator, not a misplaced quote.
                found.push(
                    delimiter_at(source, error.offset)
                        .unwrap_or_else(|| syntax_error(source, error)),
                );
                return None;
            }
        };
        let checked = if let Some(diagnostic) = wrong_delimiter(source, &header) {
            found.push(diagnostic);
            None
        } else if header.len > MAX_COLUMNS {
            found.push(too_wide(source, &header, columns));
            None
        } else {
            check_header(source, &header, named_columns(&header), columns, found)
        };
        let Some(indexes) = checked else {
            // No row is read, but an unclosed quote further on is still worth knowing.
            if let Some(Err(error)) = records.find(Result::is_err) {
                found.push(syntax_error(source, error));
            }
            return None;
        };
        Some(CsvTable {
            source,
            indexes,
            width: header.len,
            named: named_columns(&header),
            unnamed_values: false,
            header,
            records,
            ragged_rows: 0,
            empty_rows: None,
        })
    }

    /// The next row with as many fields as the header. Rows of another shape, and a syntax
    /// error (after which no row can be read), are reported in `found` and counted in
    /// `ragged_rows`. Rows of empty fields only are skipped, each run of them one warning.
    pub fn next_row(&mut self, found: &mut Found) -> Option<Record<'s>> {
        loop {
            let Some(next) = self.records.next() else {
                self.report_empty_rows(found);
                self.report_empty_columns(found);
                return None;
            };
            let record = match next {
                Ok(record) => record,
                Err(error) => {
                    self.report_empty_rows(found);
                    // A check that needs every row (a team with no row) must not run on a
                    // truncated file.
                    self.ragged_rows += 1;
                    found.push(syntax_error(self.source, error));
                    return None;
                }
            };
            if record.is_empty() {
                let line = self.line_of(record.offset);
                self.empty_rows = match self.empty_rows {
                    Some((offset, first, _)) => Some((offset, first, line)),
                    None => Some((record.offset, line, line)),
                };
                continue;
            }
            self.report_empty_rows(found);
            if record.len == self.width {
                if self.named == self.width || self.unnamed_are_blank(&record, found) {
                    return Some(record);
                }
                self.ragged_rows += 1;
                continue;
            }
            if (self.named..self.width).contains(&record.len) {
                if self.unnamed_are_blank(&record, found) {
                    return Some(record);
                }
                self.ragged_rows += 1;
                continue;
            }
            self.ragged_rows += 1;
            found.push_with(&rules::CSV_STRUCTURE, || self.ragged(&record));
        }
    }

    /// `empty-row`: the run of empty rows just read, if any, as one warning.
    fn report_empty_rows(&mut self, found: &mut Found) {
        let Some((offset, first, last)) = self.empty_rows.take() else {
            return;
        };
        found.push_with(&rules::EMPTY_ROW, || {
            let (message, hint) = if first == last {
                (
                    format!("line {first} is empty: only commas (a spreadsheet often leaves these)"),
                    "delete the line: ips skips it",
                )
            } else {
                (
                    format!(
                        "lines {first} to {last} are empty: only commas (a spreadsheet often leaves these)"
                    ),
                    "delete the lines: ips skips them",
                )
            };
            Diagnostic::new(&rules::EMPTY_ROW, &self.source.origin, message)
                .at_position(self.source.position(offset))
                .hint(hint)
        });
    }

    /// Whether a row leaves the columns without a name blank; if not, an `unknown-column`
    /// error at its first value there.
    fn unnamed_are_blank(&mut self, record: &Record<'_>, found: &mut Found) -> bool {
        let Some(value) = record
            .fields
            .iter()
            .skip(self.named)
            .find(|f| !f.value.trim().is_empty())
        else {
            return true;
        };
        self.unnamed_values = true;
        found.push_with(&rules::UNKNOWN_COLUMN, || {
            self.report(
                &rules::UNKNOWN_COLUMN,
                value.offset,
                format!(
                    "{} is in a column without a name",
                    quoted(value.value.trim())
                ),
                "move the value into its column, or remove it; the row is left out until then"
                    .into(),
            )
        });
        false
    }

    /// `empty-column`: the columns without a name after the last named one, once every row
    /// has left them blank, as one warning.
    fn report_empty_columns(&mut self, found: &mut Found) {
        let empty = self.width - self.named;
        if empty == 0 || self.unnamed_values {
            return;
        }
        self.unnamed_values = true;
        let last = self.header.fields[self.named - 1].value.trim();
        let last = excerpt(last);
        let (message, hint) = match empty {
            1 => (
                format!("the column after `{last}` has no name and is empty in every row"),
                "ips reads the file without it; delete the comma at the end of each line (in a spreadsheet, delete the empty column)".to_string(),
            ),
            n => (
                format!("the {n} columns after `{last}` have no name and are empty in every row"),
                "ips reads the file without them; delete the commas at the ends of the lines (in a spreadsheet, delete the empty columns)".to_string(),
            ),
        };
        let diagnostic = Diagnostic::new(&rules::EMPTY_COLUMN, &self.source.origin, message)
            .at_position(self.source.position(self.header.fields[self.named].offset))
            .hint(hint);
        found.push(diagnostic);
    }

    fn ragged(&self, record: &Record<'_>) -> Diagnostic {
        let width = self.width;
        let offset = match record.fields.get(width) {
            Some(extra) if record.len > width => extra.offset,
            _ => record.offset,
        };
        Diagnostic::new(
            &rules::CSV_STRUCTURE,
            &self.source.origin,
            format!(
                "this row has {} fields but the header has {width}",
                record.len
            ),
        )
        .at_position(self.source.position(offset))
        .hint(format!(
            "give every row one value per header column ({}); leave an optional value empty, but keep its comma",
            header_names(&self.header)
        ))
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

/// `control-character`: in CSV a value is its text, so the file's text is scanned once, and a
/// finding points at the character itself.
fn check_controls(source: &SourceText, found: &mut Found) {
    for (offset, c) in stray_controls(&source.text) {
        found.push_with(&rules::CONTROL_CHARACTER, || {
            Diagnostic::new(
                &rules::CONTROL_CHARACTER,
                &source.origin,
                format!("the control character {} is in the text here", describe_control(c)),
            )
            .at_position(source.position(offset))
            .hint("retype the value without it (it often comes with a copy and paste: paste as plain text)")
        });
    }
}

fn syntax_error(source: &SourceText, error: csv_reader::CsvError) -> Diagnostic {
    Diagnostic::new(&rules::CSV_STRUCTURE, &source.origin, error.message)
        .at_position(source.position(error.offset))
        .hint(error.hint)
}

/// Columns of the header a hint names; the rest are counted.
const COLUMNS_NAMED: usize = 12;

/// The header's names joined by commas, as a hint quotes them: each name cut short, and past
/// `COLUMNS_NAMED` columns, how many more there are.
fn header_names(header: &Record<'_>) -> String {
    let mut names = header
        .fields
        .iter()
        .take(COLUMNS_NAMED)
        .map(|f| excerpt(f.value.trim()))
        .collect::<Vec<_>>()
        .join(",");
    if header.len > COLUMNS_NAMED {
        names.push_str(&format!(",… ({} columns)", header.len));
    }
    names
}

fn wrong_delimiter(source: &SourceText, header: &Record<'_>) -> Option<Diagnostic> {
    if header.len != 1 {
        return None;
    }
    let text = &header.fields[0].value;
    let at = text.find(';').or_else(|| text.find('\t'))?;
    delimiter_at(source, header.offset + at)
}

/// `csv-delimiter` at `offset`, if a semicolon or a tab is there (after a header's unquoted
/// text, or after the closing quote of its first field: `"team";"served"`).
fn delimiter_at(source: &SourceText, offset: usize) -> Option<Diagnostic> {
    let name = match source.text.as_bytes().get(offset)? {
        b';' => "semicolons",
        b'\t' => "tabs",
        _ => return None,
    };
    Some(
        Diagnostic::new(
            &rules::CSV_DELIMITER,
            &source.origin,
            format!("the columns are separated by {name}, not commas"),
        )
        .at_position(source.position(offset))
        .hint("re-export as CSV with commas (in Excel: Save As > CSV UTF-8 (Comma delimited)), or replace the separators with commas"),
    )
}

fn too_wide(source: &SourceText, header: &Record<'_>, columns: &[Column]) -> Diagnostic {
    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    Diagnostic::new(
        &rules::CSV_STRUCTURE,
        &source.origin,
        format!(
            "the header has {} columns, more than the {MAX_COLUMNS} ips reads: this is not a file of the format",
            header.len
        ),
    )
    .at_position(source.position(header.offset))
    .hint(format!("write the header line as: {}", names.join(",")))
}

/// How many of the header's columns have a name, up to the columns without a name at its end
/// (`job_starts,,`); all of them when every column lacks one (that is no header).
fn named_columns(header: &Record<'_>) -> usize {
    let named = header
        .fields
        .iter()
        .rposition(|f| !f.value.trim().is_empty())
        .map_or(0, |last| last + 1);
    if named == 0 || header.fields.len() < header.len {
        header.len
    } else {
        named
    }
}

fn check_header(
    source: &SourceText,
    header: &Record<'_>,
    named: usize,
    columns: &[Column],
    found: &mut Found,
) -> Option<Vec<Option<usize>>> {
    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    let mut indexes = vec![None; columns.len()];
    // Columns named as a spreadsheet writes them (`Job Starts` for `job_starts`): read as
    // theirs, and reported once for the header, so that no row below is lost to them.
    let mut respelt: Vec<(usize, &str, &str)> = Vec::new();
    for (index, field) in header.fields.iter().enumerate().take(named) {
        let name = field.value.trim();
        let normal = normalise(name);
        let exact = names.iter().position(|n| *n == name);
        let column = exact.or_else(|| names.iter().position(|n| *n == normal));
        match column {
            Some(column) if indexes[column].is_none() => {
                indexes[column] = Some(index);
                if exact.is_none() {
                    respelt.push((field.offset, name, names[column]));
                }
            }
            Some(column) => found.push(
                Diagnostic::new(
                    &rules::UNKNOWN_COLUMN,
                    &source.origin,
                    if exact.is_some() {
                        format!("column `{name}` appears twice")
                    } else {
                        format!("column `{}` is column `{}` again", excerpt(name), names[column])
                    },
                )
                .at_position(source.position(field.offset))
                .hint(format!(
                    "keep one `{}` column: remove the other, keeping the right values",
                    names[column]
                )),
            ),
            None => found.push_with(&rules::UNKNOWN_COLUMN, || {
                let hint = match closest(&normal, &names) {
                    Some(near) => format!(
                        "did you mean `{near}`? The columns are: {}",
                        names.join(",")
                    ),
                    None => format!(
                        "remove the column; the allowed columns are {} (never commit names or other personal data)",
                        names.join(",")
                    ),
                };
                let message = if name.is_empty() {
                    "a column without a name".to_string()
                } else {
                    format!("unknown column `{}`", excerpt(name))
                };
                Diagnostic::new(&rules::UNKNOWN_COLUMN, &source.origin, message)
                .at_position(source.position(field.offset))
                .hint(hint)
            }),
        }
    }
    if let Some(diagnostic) = respelt_columns(source, header, &respelt) {
        found.push(diagnostic);
    }
    let mut complete = true;
    for (column, index) in columns.iter().zip(&indexes) {
        if column.required && index.is_none() {
            complete = false;
            found.push(
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

/// A column name as the format would spell it: lower-case, with `_` for spaces and hyphens
/// (`Job Starts` and `job-starts` are `job_starts`).
fn normalise(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The one finding for the columns of a header named in another case or spacing: which name
/// each should have, and the header line to write.
fn respelt_columns(
    source: &SourceText,
    header: &Record<'_>,
    respelt: &[(usize, &str, &str)],
) -> Option<Diagnostic> {
    let (first, ..) = respelt.first()?;
    let renames: Vec<String> = respelt
        .iter()
        .map(|(_, name, column)| format!("`{}` should be `{column}`", excerpt(name)))
        .collect();
    let message = match renames.as_slice() {
        [one] => format!("column {one}"),
        _ => format!(
            "the header's column names differ from the format's in case or spacing: {}",
            renames.join(", ")
        ),
    };
    let line: Vec<String> = header
        .fields
        .iter()
        .take(COLUMNS_NAMED)
        .map(|field| {
            let name = field.value.trim();
            match respelt.iter().find(|(offset, ..)| *offset == field.offset) {
                Some((_, _, column)) => column.to_string(),
                None => excerpt(name).to_string(),
            }
        })
        .collect();
    let more = if header.len > COLUMNS_NAMED {
        ",…"
    } else {
        ""
    };
    Some(
        Diagnostic::new(&rules::UNKNOWN_COLUMN, &source.origin, message)
            .at_position(source.position(*first))
            .hint(format!(
                "write the header line as: {}{more} (column names are lower-case, with `_` between words)",
                line.join(",")
            )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hint_names_the_first_columns_of_a_wide_header() {
        let extra: Vec<String> = (4..=40).map(|n| format!("c{n}")).collect();
        let text = format!("team,served,employed,{}\nnorth,1\n", extra.join(","));
        let source = SourceText::new(crate::source::test_origin("a.csv"), text);
        let mut found = Found::new();
        let columns = [Column {
            name: "team",
            required: true,
        }];
        let mut table = CsvTable::open(&source, &columns, &mut found).expect("a header");
        assert!(table.next_row(&mut found).is_none());
        let diagnostics = found.into_vec();
        let ragged = diagnostics
            .iter()
            .find(|d| d.rule == &rules::CSV_STRUCTURE)
            .expect("the short row");
        assert_eq!(
            ragged.hint.as_deref(),
            Some(
                "give every row one value per header column (team,served,employed,c4,c5,c6,c7,c8,c9,c10,c11,c12,… (40 columns)); leave an optional value empty, but keep its comma"
            )
        );
    }
}
