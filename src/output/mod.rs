//! The one place that renders output: a command computes a `Table`, and the format chosen at the
//! edge decides how it looks. Tables and Markdown are for people; CSV and JSON carry raw values
//! (a rate as a fraction with full precision) under stable names, for scripts.

pub mod diagnostics;
pub mod error;
mod table;

use crate::text::escape_controls;
use chrono::NaiveDate;
use clap::ValueEnum;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for reading in a terminal.
    Table,
    /// Comma-separated values with raw numbers, for spreadsheets and scripts.
    Csv,
    /// `{"rows": [...]}` with raw numbers, for scripts.
    Json,
    /// A GitHub-flavoured Markdown table, for reports.
    Markdown,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Count(u64),
    Integer(i64),
    /// A number shown with up to two decimals, such as days of training.
    Decimal(f64),
    /// A fraction shown as a percentage with one decimal.
    Rate(f64),
    /// A difference of rates in fractions, shown in percentage points.
    Points(f64),
    Date(NaiveDate),
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    pub fn rate(rate: Option<f64>) -> Cell {
        rate.map_or(Cell::Empty, Cell::Rate)
    }

    pub fn date(date: Option<NaiveDate>) -> Cell {
        date.map_or(Cell::Empty, Cell::Date)
    }

    pub fn count(count: Option<u64>) -> Cell {
        count.map_or(Cell::Empty, Cell::Count)
    }

    /// How a person reads the value.
    pub fn display(&self) -> String {
        let mut text = String::new();
        self.write_display(&mut text);
        text
    }

    /// Appends the display text to `text`, allocating nothing of its own.
    fn write_display(&self, text: &mut String) {
        use std::fmt::Write as _;
        // Writing to a String cannot fail.
        let _ = match self {
            Cell::Empty => Ok(()),
            Cell::Text(value) => text.write_str(value),
            Cell::Count(n) => write!(text, "{n}"),
            Cell::Integer(n) => write!(text, "{n}"),
            Cell::Decimal(x) => text.write_str(&format_decimal(*x)),
            Cell::Rate(rate) => write!(text, "{:.1}%", rate * 100.0),
            Cell::Points(points) => write!(text, "{:+.1} pp", points * 100.0),
            Cell::Date(date) => write!(text, "{date}"),
        };
    }

    /// The value as scripts read it: numbers unrounded, no units.
    pub fn raw(&self) -> String {
        match self {
            Cell::Rate(x) | Cell::Points(x) | Cell::Decimal(x) => x.to_string(),
            other => other.display(),
        }
    }

    /// The value as a CSV field: `raw`, except that a text a spreadsheet would run as a formula
    /// (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return: a reviewer named
    /// `=HYPERLINK(...)`) gets a leading `'`, as OWASP advises. Numbers stay raw, and so does a
    /// text that is a plain number (`-1`, `+2`), which a spreadsheet reads as that number.
    pub fn csv(&self) -> String {
        let raw = self.raw();
        match self {
            Cell::Text(text) if runs_as_formula(text) => format!("'{raw}"),
            _ => raw,
        }
    }

    fn json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Cell::Empty => Value::Null,
            Cell::Count(n) => Value::from(*n),
            Cell::Integer(n) => Value::from(*n),
            Cell::Decimal(x) | Cell::Rate(x) | Cell::Points(x) => {
                serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number)
            }
            other => Value::String(other.display()),
        }
    }

    fn is_numeric(&self) -> bool {
        matches!(
            self,
            Cell::Count(_) | Cell::Integer(_) | Cell::Decimal(_) | Cell::Rate(_) | Cell::Points(_)
        )
    }
}

/// Whether a spreadsheet would take `text` for a formula: its first character starts one, and
/// it is not simply a signed number.
fn runs_as_formula(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') {
        return false;
    }
    !is_plain_number(text)
}

/// `-1`, `+2`, `-0.5`: a sign, digits, and at most one decimal point between digits.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

fn format_decimal(x: f64) -> String {
    let text = format!("{x:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Rows under named columns. Column names are the stable snake_case field names of CSV and JSON.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(columns: &[&str]) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }
}

/// Renders a whole table.
pub fn render(table: &Table, format: Format, out: &mut dyn Write) -> io::Result<()> {
    let columns: Vec<&str> = table.columns.iter().map(String::as_str).collect();
    let mut rows = Rows::new(&columns, format, out)?;
    for row in &table.rows {
        rows.push(row)?;
    }
    rows.finish()
}

/// Rows written as they are made, so that memory does not grow with the output: CSV and JSON
/// go out at once; a terminal table and Markdown hold their rows, as compact text, to align
/// their columns, and go out at `finish`.
pub struct Rows<'w> {
    sink: Sink<'w>,
}

enum Sink<'w> {
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
    Json {
        out: &'w mut dyn Write,
        columns: Vec<String>,
        rows: usize,
    },
    Held {
        out: &'w mut dyn Write,
        grid: Grid,
        markdown: bool,
    },
}

impl<'w> Rows<'w> {
    pub fn new(columns: &[&str], format: Format, out: &'w mut dyn Write) -> io::Result<Rows<'w>> {
        let sink = match format {
            Format::Csv => {
                let mut writer = csv::Writer::from_writer(out);
                writer.write_record(columns).map_err(io_error)?;
                Sink::Csv(Box::new(writer))
            }
            Format::Json => {
                write!(out, "{{\n  \"rows\": [")?;
                Sink::Json {
                    out,
                    // Quoted and escaped once, as JSON strings.
                    columns: columns
                        .iter()
                        .map(|c| serde_json::Value::from(*c).to_string())
                        .collect(),
                    rows: 0,
                }
            }
            Format::Table | Format::Markdown => Sink::Held {
                out,
                grid: Grid::new(columns),
                markdown: format == Format::Markdown,
            },
        };
        Ok(Rows { sink })
    }

    pub fn push(&mut self, row: &[Cell]) -> io::Result<()> {
        match &mut self.sink {
            Sink::Csv(writer) => writer
                .write_record(row.iter().map(Cell::csv))
                .map_err(io_error),
            Sink::Json { out, columns, rows } => {
                // As serde_json's pretty printer writes {"rows": [...]}, a row at a time.
                out.write_all(if *rows == 0 { b"\n    {" } else { b",\n    {" })?;
                for (index, (column, cell)) in columns.iter().zip(row).enumerate() {
                    let separator = if index == 0 { "" } else { "," };
                    write!(out, "{separator}\n      {column}: {}", cell.json())?;
                }
                out.write_all(if row.is_empty() { b"}" } else { b"\n    }" })?;
                *rows += 1;
                Ok(())
            }
            Sink::Held { grid, .. } => {
                grid.push(row);
                Ok(())
            }
        }
    }

    pub fn finish(self) -> io::Result<()> {
        match self.sink {
            Sink::Csv(mut writer) => writer.flush(),
            Sink::Json { out, rows, .. } => {
                if rows > 0 {
                    writeln!(out, "\n  ]\n}}")
                } else {
                    writeln!(out, "]\n}}")
                }
            }
            Sink::Held {
                out,
                grid,
                markdown: false,
            } => table::render(&grid, out),
            Sink::Held {
                out,
                grid,
                markdown: true,
            } => render_markdown(&grid, out),
        }
    }
}

/// Held rows as their display text: one string for every cell, and where each cell ends, so
/// that a row costs little more than its text (a table of a million cells stays small).
pub(crate) struct Grid {
    columns: Vec<String>,
    text: String,
    ends: Vec<u32>,
    /// Whether a column holds a number in some row: it is then aligned right.
    numeric: Vec<bool>,
}

impl Grid {
    fn new(columns: &[&str]) -> Grid {
        Grid {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            text: String::new(),
            ends: Vec::new(),
            numeric: vec![false; columns.len()],
        }
    }

    fn push(&mut self, row: &[Cell]) {
        debug_assert_eq!(row.len(), self.columns.len());
        for (index, cell) in row.iter().enumerate() {
            self.numeric[index] |= cell.is_numeric();
            match cell {
                // Text from the data, for people: an escape sequence in a name must not reach
                // the terminal, nor a line break split a Markdown row.
                Cell::Text(text) => self.text.push_str(&escape_controls(text)),
                other => other.write_display(&mut self.text),
            }
            self.ends.push(self.text.len() as u32);
        }
    }

    pub(crate) fn columns(&self) -> &[String] {
        &self.columns
    }

    pub(crate) fn is_numeric(&self, column: usize) -> bool {
        self.numeric[column]
    }

    pub(crate) fn row_count(&self) -> usize {
        self.ends.len() / self.columns.len().max(1)
    }

    /// The cells of row `index`.
    pub(crate) fn row(&self, index: usize) -> impl Iterator<Item = &str> {
        let width = self.columns.len();
        (index * width..(index + 1) * width).map(move |cell| {
            let start = if cell == 0 {
                0
            } else {
                self.ends[cell - 1] as usize
            };
            &self.text[start..self.ends[cell] as usize]
        })
    }
}

/// The csv crate wraps the writer's own error; unwrapped, a closed pipe (`ips ... | head`) stays
/// a BrokenPipe that main treats as success, rather than an error of kind Other.
fn io_error(error: csv::Error) -> io::Error {
    if !error.is_io_error() {
        return io::Error::other(error);
    }
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn render_markdown(grid: &Grid, out: &mut dyn Write) -> io::Result<()> {
    let escape = |text: &str| text.replace('|', "\\|");
    writeln!(out, "| {} |", grid.columns().join(" | "))?;
    let rule: Vec<&str> = (0..grid.columns().len())
        .map(|i| if grid.is_numeric(i) { "---:" } else { "---" })
        .collect();
    writeln!(out, "| {} |", rule.join(" | "))?;
    for index in 0..grid.row_count() {
        let cells: Vec<String> = grid.row(index).map(escape).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut table = Table::new(&["group", "served", "rate", "change"]);
        table.push(vec![
            Cell::text("oh"),
            Cell::Count(42),
            Cell::Rate(19.0 / 42.0),
            Cell::Points(0.013),
        ]);
        table.push(vec![
            Cell::text("a|b"),
            Cell::Count(0),
            Cell::Empty,
            Cell::Empty,
        ]);
        table
    }

    fn rendered(format: Format) -> String {
        let mut out = Vec::new();
        render(&sample(), format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_carries_raw_values() {
        assert_eq!(
            rendered(Format::Csv),
            "group,served,rate,change\noh,42,0.4523809523809524,0.013\na|b,0,,\n"
        );
    }

    #[test]
    fn json_wraps_rows_and_keeps_numbers() {
        let value: serde_json::Value = serde_json::from_str(&rendered(Format::Json)).unwrap();
        assert_eq!(
            value["rows"][0]["rate"],
            serde_json::json!(0.4523809523809524)
        );
        assert_eq!(value["rows"][1]["rate"], serde_json::Value::Null);
        assert_eq!(value["rows"][0]["served"], serde_json::json!(42));
    }

    /// Rows written one at a time read exactly as serde_json pretty-prints the whole document.
    #[test]
    fn streamed_json_is_serde_jsons_pretty_print() {
        let expected = serde_json::json!({"rows": [
            {"group": "oh", "served": 42, "rate": 19.0 / 42.0, "change": 0.013},
            {"group": "a|b", "served": 0, "rate": null, "change": null},
        ]});
        let mut text = serde_json::to_string_pretty(&expected).unwrap();
        text.push('\n');
        assert_eq!(rendered(Format::Json), text);
        let mut empty = Vec::new();
        render(&Table::new(&["a", "\"b\""]), Format::Json, &mut empty).unwrap();
        assert_eq!(String::from_utf8(empty).unwrap(), "{\n  \"rows\": []\n}\n");
    }

    #[test]
    fn markdown_shows_percentages_and_escapes_pipes() {
        assert_eq!(
            rendered(Format::Markdown),
            "| group | served | rate | change |\n| --- | ---: | ---: | ---: |\n| oh | 42 | 45.2% | +1.3 pp |\n| a\\|b | 0 |  |  |\n"
        );
    }

    /// A reader that has gone away, as when `head` has read its lines.
    struct ClosedPipe;

    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }

        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_closed_pipe_is_a_broken_pipe_in_every_format() {
        let mut long = Table::new(&["n"]);
        for n in 0..10_000 {
            long.push(vec![Cell::Count(n)]);
        }
        for format in [Format::Table, Format::Csv, Format::Json, Format::Markdown] {
            let error = render(&long, format, &mut ClosedPipe).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::BrokenPipe, "{format:?}");
        }
    }

    /// Text that a spreadsheet would run is neutralised in CSV; numbers, and text that is a
    /// plain number, are not.
    #[test]
    fn csv_cells_that_would_run_as_formulas_get_a_quote() {
        let cells = [
            Cell::text("=HYPERLINK(\"http://x\",\"y\")"),
            Cell::text("+cmd|' /C calc'!A0"),
            Cell::text("-2+3"),
            Cell::text("@SUM(A1)"),
            Cell::text("\tx"),
            Cell::text("\rx"),
            Cell::text("-1"),
            Cell::text("+2"),
            Cell::text("Ana = Lima"),
            Cell::Integer(-3),
            Cell::Points(-0.013),
            Cell::Empty,
        ];
        let shown: Vec<String> = cells.iter().map(Cell::csv).collect();
        assert_eq!(
            shown,
            [
                "'=HYPERLINK(\"http://x\",\"y\")",
                "'+cmd|' /C calc'!A0",
                "'-2+3",
                "'@SUM(A1)",
                "'\tx",
                "'\rx",
                "-1",
                "+2",
                "Ana = Lima",
                "-3",
                "-0.013",
                "",
            ]
        );
    }

    /// Control characters in text reach neither the terminal nor a Markdown row.
    #[test]
    fn tables_and_markdown_escape_control_characters() {
        let mut table = Table::new(&["name", "n"]);
        table.push(vec![Cell::text("A\u{1b}[2J\nB|C"), Cell::Count(1)]);
        let mut markdown = Vec::new();
        render(&table, Format::Markdown, &mut markdown).unwrap();
        assert_eq!(
            String::from_utf8(markdown).unwrap(),
            "| name | n |\n| --- | ---: |\n| A\\u{1b}[2J\\nB\\|C | 1 |\n"
        );
        let mut terminal = Vec::new();
        render(&table, Format::Table, &mut terminal).unwrap();
        let terminal = String::from_utf8(terminal).unwrap();
        assert!(terminal.contains("A\\u{1b}[2J\\nB|C"), "{terminal}");
        assert!(!terminal.contains('\u{1b}'));
    }

    #[test]
    fn decimals_drop_trailing_zeros() {
        assert_eq!(Cell::Decimal(3.0).display(), "3");
        assert_eq!(Cell::Decimal(0.5).display(), "0.5");
    }
}
