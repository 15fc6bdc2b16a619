//! The one place that renders output: a command computes a `Table`, and the format chosen at the
//! edge decides how it looks. Tables and Markdown are for people; CSV and JSON carry raw values
//! (a rate as a fraction with full precision) under stable names, for scripts.

// The one place that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub mod diagnostics;
pub mod error;
mod grid;
pub mod meta;
pub mod notes;
mod table;
mod target;
pub mod terminal;
pub mod wrap;
mod xlsx;

use grid::Grid;
pub use meta::{Horizon, Meta};
pub use target::Out;

use crate::error::{Usage, usage};
use chrono::NaiveDate;
use clap::ValueEnum;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for reading in a terminal.
    Table,
    /// Comma-separated values with raw numbers, for spreadsheets and scripts.
    Csv,
    /// `{"rows": [...], "meta": {...}}` with raw numbers, for scripts.
    Json,
    /// A GitHub-flavoured Markdown table, for reports.
    Markdown,
    /// An Excel workbook of one sheet with the columns of CSV, written to the file of `--out`.
    Xlsx,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A status word (`overdue`, `met`, ...): text, coloured on a colour terminal.
    Status(String),
    Count(u64),
    Integer(i64),
    /// A number shown with up to two decimals, such as days of training.
    Decimal(f64),
    /// A fraction shown as a percentage with one decimal.
    Rate(f64),
    /// A difference of rates in fractions, shown in percentage points.
    Points(f64),
    Date(NaiveDate),
    /// A figure a public output hides: `<11` for people, empty (JSON `null`) for scripts.
    Hidden(String),
    /// Names, such as the fields a row hides: `served;rate` in CSV, a list in JSON.
    List(Vec<String>),
    /// A git commit: shown abbreviated, carried in full for scripts.
    Commit(String),
    /// Yes or no: `true`/`false` for scripts, `yes`/`no` for people.
    Bool(bool),
    /// A value that people read as other text: scripts get the value, a table and Markdown the
    /// text (`1 of 7` for a count of agencies that falls short of those expected).
    Shown(Box<(Cell, String)>),
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    pub fn status(word: impl Into<String>) -> Cell {
        Cell::Status(word.into())
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

    pub fn bool(value: Option<bool>) -> Cell {
        value.map_or(Cell::Empty, Cell::Bool)
    }

    /// `value` for scripts, shown to people as `text`.
    pub fn shown(value: Cell, text: impl Into<String>) -> Cell {
        Cell::Shown(Box::new((value, text.into())))
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
            Cell::Text(value) | Cell::Status(value) => text.write_str(value),
            Cell::Count(n) => write!(text, "{n}"),
            Cell::Integer(n) => write!(text, "{n}"),
            Cell::Decimal(x) => text.write_str(&format_decimal(*x)),
            Cell::Rate(rate) => write!(text, "{:.1}%", rate * 100.0),
            Cell::Points(points) => write!(text, "{:+.1} pp", points * 100.0),
            Cell::Date(date) => write!(text, "{date}"),
            Cell::Hidden(label) => text.write_str(label),
            Cell::List(names) => text.write_str(&names.join(", ")),
            Cell::Commit(hash) => {
                text.extend(hash.chars().take(COMMIT_SHOWN));
                Ok(())
            }
            Cell::Bool(value) => text.write_str(if *value { "yes" } else { "no" }),
            Cell::Shown(shown) => text.write_str(&shown.1),
        };
    }

    /// The value as scripts read it: numbers unrounded, no units, commits in full.
    pub fn raw(&self) -> String {
        match self {
            Cell::Rate(x) | Cell::Points(x) | Cell::Decimal(x) => x.to_string(),
            Cell::Hidden(_) => String::new(),
            Cell::List(names) => names.join(";"),
            Cell::Commit(hash) => hash.clone(),
            Cell::Bool(value) => value.to_string(),
            Cell::Shown(shown) => shown.0.raw(),
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
            Cell::Hidden(_) => Value::Null,
            Cell::List(names) => Value::from(names.clone()),
            Cell::Commit(hash) => Value::String(hash.clone()),
            Cell::Bool(value) => Value::Bool(*value),
            Cell::Shown(shown) => shown.0.json(),
            other => Value::String(other.display()),
        }
    }

    /// Numbers align right; a hidden figure follows its column (it may be a number or a band).
    fn is_numeric(&self) -> bool {
        match self {
            Cell::Shown(shown) => shown.0.is_numeric(),
            other => matches!(
                other,
                Cell::Count(_)
                    | Cell::Integer(_)
                    | Cell::Decimal(_)
                    | Cell::Rate(_)
                    | Cell::Points(_)
            ),
        }
    }
}

/// How many characters of a commit hash people are shown, as `git log --oneline` shows about
/// as many.
const COMMIT_SHOWN: usize = 10;

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
    /// Columns the terminal table leaves out (see `Rows::hide_in_terminal`).
    pub hidden_in_terminal: Vec<String>,
    /// What produced the figures, for the JSON document's `meta` (see `Rows::meta`).
    pub meta: Option<Meta>,
    /// The columns a table or Markdown shows (see `Rows::show`).
    pub view: View,
}

/// Which columns a table or Markdown shows; CSV and JSON always carry every field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum View {
    /// A table leaves out what it has no room for; Markdown shows every column.
    #[default]
    Default,
    /// Every column (`--wide`).
    Wide,
    /// These columns, in this order (`--columns a,b,c`).
    Columns(Vec<String>),
}

/// Unknown `--columns` names an error lists at most.
const UNKNOWN_SHOWN: usize = 5;

impl View {
    pub fn new(columns: &[String], wide: bool) -> View {
        match (columns, wide) {
            (_, true) => View::Wide,
            ([], false) => View::Default,
            (names, false) => View::Columns(names.to_vec()),
        }
    }

    /// Refuses a name that is no column of `columns`, with the nearest one and the list, and
    /// `--columns` with an output for scripts, which carries every field.
    pub fn check(&self, columns: &[&str], format: Format) -> Result<(), Usage> {
        let View::Columns(names) = self else {
            return Ok(());
        };
        if matches!(format, Format::Csv | Format::Json | Format::Xlsx) {
            return Err(usage(
                "--columns chooses the columns of a table or Markdown: CSV, JSON and xlsx carry every field",
            )
            .hint("leave --columns out, or pick the fields in the script that reads them"));
        }
        if names.iter().any(String::is_empty) {
            return Err(
                usage("--columns: an empty name (two commas in a row, or one at an end)").hint(
                    format!(
                        "name the columns with one comma between each, e.g. --columns {}",
                        columns
                            .iter()
                            .take(2)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(",")
                    ),
                ),
            );
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(twice) = names.iter().find(|name| !seen.insert(name.as_str())) {
            return Err(usage(format!(
                "--columns names {} twice",
                crate::text::quoted(twice)
            ))
            .hint("name each column once"));
        }
        // Every unknown name at once (the first few of many), so that one run says all there
        // is to fix.
        let all_unknown: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|name| !columns.contains(name))
            .collect();
        if all_unknown.is_empty() {
            return Ok(());
        }
        let unknown = &all_unknown[..all_unknown.len().min(UNKNOWN_SHOWN)];
        let more = match all_unknown.len() - unknown.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let quoted: Vec<String> = unknown
            .iter()
            .map(|name| crate::text::quoted(name))
            .collect();
        let message = match &quoted[..] {
            [one] => format!("--columns: this table has no column {one}"),
            many => format!(
                "--columns: this table has no columns {}{more}",
                many.join(", ")
            ),
        };
        let near: Vec<String> = unknown
            .iter()
            .filter_map(|name| {
                let near = crate::closest::closest(name, columns)?;
                Some(match unknown.len() {
                    1 => format!("did you mean {near}? "),
                    _ => format!("{near} for {name}"),
                })
            })
            .collect();
        let near = match (unknown.len(), near.is_empty()) {
            (_, true) => String::new(),
            (1, false) => near.concat(),
            _ => format!("did you mean {}? ", near.join(", ")),
        };
        Err(usage(message).hint(format!("{near}its columns: {}", columns.join(", "))))
    }
}

impl Table {
    pub fn new(columns: &[&str]) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            ..Table::default()
        }
    }

    /// Leaves `columns` out of the terminal table; CSV, JSON and Markdown keep them.
    pub fn hide_in_terminal(mut self, columns: &[&str]) -> Table {
        self.hidden_in_terminal = columns.iter().map(|c| c.to_string()).collect();
        self
    }

    /// Shows the columns `view` names in a table or Markdown; check it with `View::check`.
    pub fn with_view(mut self, view: View) -> Table {
        self.view = view;
        self
    }

    pub fn with_meta(mut self, meta: Meta) -> Table {
        self.meta = Some(meta);
        self
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }
}

/// Renders a whole table.
pub fn render(table: &Table, format: Format, out: &mut dyn Write) -> io::Result<()> {
    let columns: Vec<&str> = table.columns.iter().map(String::as_str).collect();
    let hidden: Vec<&str> = table
        .hidden_in_terminal
        .iter()
        .map(String::as_str)
        .collect();
    let mut rows = Rows::new(&columns, format, out)?;
    rows.show(&hidden, &table.view);
    if let Some(meta) = &table.meta {
        rows.meta(meta);
    }
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
        /// The `meta` object, as pretty JSON indented for its place after `rows`.
        meta: Option<String>,
    },
    Held {
        out: &'w mut dyn Write,
        grid: Box<Grid>,
        markdown: bool,
        /// The columns of the rows that the grid shows, in its order (None: every column).
        shown: Option<Vec<usize>>,
        /// The colour and width of the terminal table.
        terminal: terminal::Terminal,
    },
    Xlsx {
        out: &'w mut dyn Write,
        sheet: Box<xlsx::Sheet>,
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
                    meta: None,
                }
            }
            Format::Xlsx => Sink::Xlsx {
                out,
                sheet: Box::new(xlsx::Sheet::new(columns)?),
            },
            Format::Table | Format::Markdown => Sink::Held {
                out,
                grid: Box::new(Grid::new(columns)),
                markdown: format == Format::Markdown,
                shown: None,
                terminal: terminal::get(),
            },
        };
        Ok(Rows { sink })
    }

    /// Whether the output holds its rows (a table, Markdown), so that `push_in_order` can put
    /// rows that come out of order in their place.
    pub fn holds_rows(&self) -> bool {
        matches!(self.sink, Sink::Held { .. })
    }

    /// Adds a row that goes at `order` among the others (compared as numbers, ties in the order
    /// pushed); only for an output that holds its rows.
    pub fn push_in_order(&mut self, row: &[Cell], order: [u32; 4]) -> io::Result<()> {
        match &mut self.sink {
            Sink::Held { grid, shown, .. } => {
                grid.push_in_order(row, shown.as_deref(), order);
                Ok(())
            }
            _ => Err(io::Error::other(
                "rows out of order need an output that holds them",
            )),
        }
    }

    /// Leaves `hidden` out of the terminal table, to keep it narrow: fields for scripts (names,
    /// the period, flags that the table shows another way) that CSV, JSON and Markdown carry.
    /// Call it before the first row.
    pub fn hide_in_terminal(&mut self, hidden: &[&str]) {
        self.show(hidden, &View::Default);
    }

    /// The columns a table or Markdown shows: by default all but `hidden` in a table and all in
    /// Markdown; `--wide`, all; `--columns`, those named, in their order (check names with
    /// `View::check` first: a name that is no column is left out). CSV and JSON carry every
    /// field. Call it before the first row.
    pub fn show(&mut self, hidden: &[&str], view: &View) {
        let Sink::Held {
            grid,
            markdown,
            shown,
            ..
        } = &mut self.sink
        else {
            return;
        };
        debug_assert_eq!(grid.row_count(), 0, "columns are chosen before the rows");
        let columns = grid.columns();
        let indices: Vec<usize> = match view {
            View::Columns(names) => names
                .iter()
                .filter_map(|name| columns.iter().position(|c| c == name))
                .collect(),
            View::Default if !*markdown => (0..columns.len())
                .filter(|index| !hidden.contains(&columns[*index].as_str()))
                .collect(),
            View::Default | View::Wide => return,
        };
        let visible: Vec<&str> = indices
            .iter()
            .map(|index| columns[*index].as_str())
            .collect();
        **grid = Grid::new(&visible);
        *shown = Some(indices);
    }

    /// The JSON document's `meta` object, written after `rows`: which ips, data format, date,
    /// quarters and benchmarks produced it. Other formats leave it out.
    pub fn meta(&mut self, meta: &Meta) {
        match &mut self.sink {
            Sink::Json { meta: slot, .. } => {
                let text = serde_json::to_string_pretty(&meta.to_json())
                    .expect("a JSON value always serializes");
                *slot = Some(text.replace('\n', "\n  "));
            }
            Sink::Xlsx { sheet, .. } => sheet.made_on(meta.as_of),
            _ => {}
        }
    }

    pub fn push(&mut self, row: &[Cell]) -> io::Result<()> {
        match &mut self.sink {
            Sink::Csv(writer) => writer
                .write_record(row.iter().map(Cell::csv))
                .map_err(io_error),
            Sink::Json {
                out, columns, rows, ..
            } => {
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
            Sink::Xlsx { sheet, .. } => sheet.push(row),
            Sink::Held {
                grid, shown: None, ..
            } => {
                grid.push(row);
                Ok(())
            }
            Sink::Held {
                grid,
                shown: Some(keep),
                ..
            } => {
                grid.push_shown(row, keep);
                Ok(())
            }
        }
    }

    pub fn finish(self) -> io::Result<()> {
        self.finish_with(&serde_json::Map::new())
    }

    /// `finish`, with more fields after `rows` in a JSON document (other formats leave them
    /// out: their commands say the same on stderr).
    pub fn finish_with(
        self,
        fields: &serde_json::Map<String, serde_json::Value>,
    ) -> io::Result<()> {
        match self.sink {
            Sink::Csv(mut writer) => writer.flush(),
            Sink::Xlsx { out, sheet } => sheet.finish(out),
            Sink::Json {
                out, rows, meta, ..
            } => {
                out.write_all(if rows > 0 { b"\n  ]" } else { b"]" })?;
                for (key, value) in fields {
                    let text = serde_json::to_string_pretty(value)?.replace('\n', "\n  ");
                    write!(
                        out,
                        ",\n  {}: {text}",
                        serde_json::Value::from(key.as_str())
                    )?;
                }
                if let Some(meta) = meta {
                    write!(out, ",\n  \"meta\": {meta}")?;
                }
                writeln!(out, "\n}}")
            }
            Sink::Held {
                out,
                mut grid,
                markdown,
                terminal,
                ..
            } => {
                grid.sort();
                if markdown {
                    render_markdown(&grid, out)
                } else {
                    table::render(&grid, terminal, out)
                }
            }
        }
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
    // A `|` would end the cell, a lone `*` (a hidden figure) start emphasis, and a name could
    // be a link, an image or HTML: cells are escaped as the report's Markdown is.
    writeln!(out, "| {} |", grid.columns().join(" | "))?;
    let rule: Vec<&str> = (0..grid.columns().len())
        .map(|i| if grid.is_numeric(i) { "---:" } else { "---" })
        .collect();
    writeln!(out, "| {} |", rule.join(" | "))?;
    for index in 0..grid.row_count() {
        let cells: Vec<String> = grid.row(index).map(crate::text::markdown_escape).collect();
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
        // Fields after the rows, as serde_json writes them.
        let expected = serde_json::json!({"rows": [], "note": {"hidden": 3, "by": ["a"]}});
        let mut out = Vec::new();
        let rows = Rows::new(&["x"], Format::Json, &mut out).unwrap();
        let fields = expected.as_object().unwrap().clone();
        let mut after = fields.clone();
        after.remove("rows");
        rows.finish_with(&after).unwrap();
        let mut text = serde_json::to_string_pretty(&expected).unwrap();
        text.push('\n');
        assert_eq!(String::from_utf8(out).unwrap(), text);
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

    fn meta() -> Meta {
        let as_of = crate::calendar::parse_date("2026-11-24").unwrap();
        let quarter = crate::calendar::Quarter::parse("2026-Q3").unwrap();
        Meta::new(&crate::repo::model::Settings::default(), as_of, [quarter])
    }

    /// With a `meta`, the document is still exactly what serde_json pretty-prints, the meta
    /// after the rows, with or without rows.
    #[test]
    fn json_meta_follows_the_rows() {
        let table = sample().with_meta(meta());
        let mut out = Vec::new();
        render(&table, Format::Json, &mut out).unwrap();
        let expected = serde_json::json!({
            "rows": [
                {"group": "oh", "served": 42, "rate": 19.0 / 42.0, "change": 0.013},
                {"group": "a|b", "served": 0, "rate": null, "change": null},
            ],
            "meta": {
                "ips_version": env!("CARGO_PKG_VERSION"),
                "data_format": 1,
                "as_of": "2026-11-24",
                "from": "2026-Q3",
                "to": "2026-Q3",
                "benchmarks": {"minimal": 0.31, "average": 0.41, "excellent": 0.5},
            },
        });
        let mut text = serde_json::to_string_pretty(&expected).unwrap();
        text.push('\n');
        assert_eq!(String::from_utf8(out).unwrap(), text);
        let empty = Table::new(&["a"]).with_meta(meta());
        let mut out = Vec::new();
        render(&empty, Format::Json, &mut out).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["rows"], serde_json::json!([]));
        assert_eq!(value["meta"]["to"], "2026-Q3");
        // CSV, the table and Markdown carry no meta.
        let mut csv = Vec::new();
        render(&sample().with_meta(meta()), Format::Csv, &mut csv).unwrap();
        assert_eq!(csv, rendered(Format::Csv).into_bytes());
    }

    /// Hidden columns are left out of the terminal table only; CSV, JSON and Markdown keep them.
    #[test]
    fn hidden_columns_leave_only_the_terminal_table() {
        let table = sample().hide_in_terminal(&["rate", "change"]);
        let shown = |format| {
            let mut out = Vec::new();
            render(&table, format, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            shown(Format::Table),
            " group  served\n ─────  ──────\n oh         42\n a|b         0\n"
        );
        assert_eq!(shown(Format::Csv), rendered(Format::Csv));
        assert_eq!(shown(Format::Markdown), rendered(Format::Markdown));
        assert_eq!(shown(Format::Json), rendered(Format::Json));
    }

    #[test]
    fn a_shown_cell_reads_as_its_text_for_people_and_its_value_for_scripts() {
        let partial = Cell::shown(Cell::Count(1), "1 of 7");
        assert_eq!(partial.display(), "1 of 7");
        assert_eq!(partial.raw(), "1");
        assert_eq!(partial.json(), serde_json::json!(1));
        assert!(partial.is_numeric());
        assert_eq!(Cell::Bool(false).display(), "no");
        assert_eq!(Cell::Bool(false).raw(), "false");
        assert_eq!(Cell::Bool(true).json(), serde_json::json!(true));
        assert_eq!(Cell::bool(None), Cell::Empty);
    }

    #[test]
    fn a_commit_is_shown_short_and_carried_in_full() {
        let hash = "896d1a032aa181bd3793ee793a339989411c20b3";
        let cell = Cell::Commit(hash.into());
        assert_eq!(cell.display(), "896d1a032a");
        assert_eq!(cell.raw(), hash);
        assert_eq!(cell.json(), serde_json::json!(hash));
        assert!(!cell.is_numeric());
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
            "| name | n |\n| --- | ---: |\n| A\\\\u{1b}\\[2J\\\\nB\\|C | 1 |\n"
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
