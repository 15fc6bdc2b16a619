//! Spreadsheets read as grids of values: .xlsx, .xls and .ods through calamine, and .csv (with
//! commas, semicolons or tabs, as spreadsheets export them). Outside the data repository (a
//! workbook an agency sent), so read here rather than through `repo::tree`, with the same size
//! limit.

use crate::diagnostic::{Diagnostic, Origin};
use crate::rules;
use calamine::{Data, Reader};
use std::path::Path;

/// The largest spreadsheet read: hundreds of times an agency's quarter.
const MAX_BYTES: u64 = 16 << 20;

/// The lines of a CSV file whose separators tell commas from semicolons and tabs.
const HEADER_LINES: usize = 20;

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    /// Anything else (a date, a boolean, an error such as #DIV/0!), as the sheet shows it.
    Other(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text: whole numbers without a decimal point (46.0 is 46, and so is the text
    /// `46.0` or `46,0` of a CSV export), other numbers as written (46.5), text trimmed.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(text) => {
                let text = text.trim();
                whole_number(text).unwrap_or(text).to_string()
            }
            Value::Other(text) => text.trim().to_string(),
            Value::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
            Value::Number(x) => x.to_string(),
        }
    }
}

/// The digits of `46.0` or `46,00`: a whole number written with decimals.
fn whole_number(text: &str) -> Option<&str> {
    let (whole, zeros) = text.split_once(['.', ','])?;
    let digits = !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit());
    (digits && !zeros.is_empty() && zeros.bytes().all(|b| b == b'0')).then_some(whole)
}

/// One sheet of a workbook, or a CSV file.
#[derive(Debug)]
pub struct Grid {
    /// The sheet's name; None for a CSV file.
    pub sheet: Option<String>,
    /// The rows from the sheet's first row and column (A1), each as long as it needs.
    pub rows: Vec<Vec<Value>>,
    /// Of a CSV file, the line each row starts on (blank lines are no rows).
    pub lines: Vec<usize>,
}

impl Grid {
    pub fn get(&self, row: usize, col: usize) -> &Value {
        self.rows
            .get(row)
            .and_then(|cells| cells.get(col))
            .unwrap_or(&Value::Empty)
    }

    /// Where a cell is, as a person finds it: `sheet "Q3 2026" C5` in a workbook; `line 5` of
    /// a CSV file (its rows are lines).
    pub fn place(&self, row: usize, col: usize) -> Place {
        match &self.sheet {
            Some(name) => Place::Cell {
                name: format!(
                    "sheet {} {}{}",
                    crate::text::quoted(name),
                    column_name(col),
                    row + 1
                ),
                row,
                col,
            },
            None => Place::Line(self.lines.get(row).copied().unwrap_or(row + 1)),
        }
    }
}

/// A place in a spreadsheet, for a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// `sheet "Q3 2026" C5`, at row 4 and column 2 (from 0), by which findings are sorted.
    Cell {
        name: String,
        row: usize,
        col: usize,
    },
    Line(usize),
}

impl Place {
    pub fn on(self, diagnostic: Diagnostic) -> Diagnostic {
        match self {
            Place::Cell { name, row, col } => {
                let mut diagnostic = diagnostic.in_cell(name);
                diagnostic.line = Some(row + 1);
                diagnostic.column = Some(col + 1);
                diagnostic
            }
            Place::Line(line) => {
                let mut diagnostic = diagnostic;
                diagnostic.line = Some(line);
                diagnostic.column = None;
                diagnostic
            }
        }
    }
}

/// A date as a workbook's cell holds it.
pub fn excel_date(
    date: chrono::NaiveDate,
) -> Result<rust_xlsxwriter::ExcelDateTime, rust_xlsxwriter::XlsxError> {
    use chrono::Datelike;
    let year = u16::try_from(date.year())
        .map_err(|_| rust_xlsxwriter::XlsxError::DateTimeRangeError(date.to_string()))?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// `A`, `B`, ... `Z`, `AA`: a spreadsheet's name of the column at `index` (from 0).
pub fn column_name(index: usize) -> String {
    let mut name = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let digit = (n - 1) % 26;
        name.push(b'A' + digit as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// Reads every sheet of the spreadsheet at `path`; `origin` names it in findings.
pub fn read(path: &Path, origin: &Origin) -> Result<Vec<Grid>, Diagnostic> {
    let unreadable = |why: String| {
        Diagnostic::new(&rules::UNREADABLE, origin, why)
            .hint("save it again from the spreadsheet program as .xlsx, .ods or CSV UTF-8")
    };
    // A file that is not there, or not ours to read, is said as for any data file.
    let size = std::fs::metadata(path)
        .map_err(|error| crate::repo::unreadable(origin, &error))?
        .len();
    if size > MAX_BYTES {
        return Err(Diagnostic::new(
            &rules::FILE_TOO_LARGE,
            origin,
            format!("{size} bytes: a spreadsheet to import is at most 16 MiB"),
        )
        .hint("send only the sheet of the quarter's team rows"));
    }
    let bytes =
        std::fs::read(path).map_err(|error| unreadable(format!("cannot read it: {error}")))?;
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        return csv(bytes, origin).map(|grid| vec![grid]);
    }
    workbook(bytes).map_err(|error| {
        unreadable(format!(
            "not a workbook ips can read (.xlsx, .xls, .ods): {error}"
        ))
    })
}

fn workbook(bytes: Vec<u8>) -> Result<Vec<Grid>, calamine::Error> {
    let mut sheets = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))?;
    let mut grids = Vec::new();
    for name in sheets.sheet_names() {
        let range = sheets.worksheet_range(&name)?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows = vec![Vec::new(); top as usize];
        for row in range.rows() {
            let mut cells = vec![Value::Empty; left as usize];
            cells.extend(row.iter().map(value));
            rows.push(cells);
        }
        grids.push(Grid {
            sheet: Some(name),
            rows,
            lines: Vec::new(),
        });
    }
    Ok(grids)
}

fn value(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(text) => Value::Text(text.clone()),
        Data::Float(x) => Value::Number(*x),
        Data::Int(n) => Value::Number(*n as f64),
        other => Value::Other(other.to_string()),
    }
}

/// A CSV file as a grid: UTF-8 (a byte-order mark is fine), separated by commas, or by the
/// semicolons or tabs of a spreadsheet's export where its first lines have more of those.
fn csv(bytes: Vec<u8>, origin: &Origin) -> Result<Grid, Diagnostic> {
    let source = crate::source::SourceText::decode(origin.clone(), bytes)?;
    let text = source.text.as_str();
    // The first lines, where the header is (after a title that has no separator at all).
    let first: String = text.lines().take(HEADER_LINES).collect();
    let delimiter = [b';', b'\t']
        .into_iter()
        .find(|d| first.matches(*d as char).count() > first.matches(',').count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| {
            Diagnostic::new(&rules::CSV_STRUCTURE, origin, format!("{error}"))
                .hint("close the quote, or save the sheet again as CSV UTF-8")
        })?;
        lines.push(
            record
                .position()
                .map_or(rows.len() + 1, |p| p.line() as usize),
        );
        rows.push(
            record
                .iter()
                .map(|field| match field.trim() {
                    "" => Value::Empty,
                    text => Value::Text(text.to_string()),
                })
                .collect(),
        );
    }
    Ok(Grid {
        sheet: None,
        rows,
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        let names: Vec<String> = [0, 2, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(names, ["A", "C", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn whole_numbers_stored_as_decimals_read_as_whole_numbers() {
        assert_eq!(Value::Number(46.0).text(), "46");
        assert_eq!(Value::Number(46.5).text(), "46.5");
        assert_eq!(Value::Text(" 12 ".into()).text(), "12");
        assert_eq!(Value::Text("46.0".into()).text(), "46");
        assert_eq!(Value::Text("46,00".into()).text(), "46");
        assert_eq!(Value::Text("46,5".into()).text(), "46,5");
        assert_eq!(Value::Text(".0".into()).text(), ".0");
        assert!(Value::Text("  ".into()).is_empty());
    }
}
