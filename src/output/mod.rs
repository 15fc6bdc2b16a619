//! The one place that renders output: a command computes a `Table`, and the format chosen at the
//! edge decides how it looks. Tables and Markdown are for people; CSV and JSON carry raw values
//! (a rate as a fraction with full precision) under stable names, for scripts.

pub mod diagnostics;

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
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Integer(n) => n.to_string(),
            Cell::Decimal(x) => format_decimal(*x),
            Cell::Rate(rate) => format!("{:.1}%", rate * 100.0),
            Cell::Points(points) => format!("{:+.1} pp", points * 100.0),
            Cell::Date(date) => date.to_string(),
        }
    }

    /// The value as scripts read it: numbers unrounded, no units.
    pub fn raw(&self) -> String {
        match self {
            Cell::Rate(x) | Cell::Points(x) | Cell::Decimal(x) => x.to_string(),
            other => other.display(),
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

pub fn render(table: &Table, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => render_table(table, out),
        Format::Csv => render_csv(table, out),
        Format::Json => render_json(table, out),
        Format::Markdown => render_markdown(table, out),
    }
}

fn render_table(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    use comfy_table::{CellAlignment, ContentArrangement, presets};
    let mut view = comfy_table::Table::new();
    view.load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(&table.columns);
    for row in &table.rows {
        view.add_row(row.iter().map(|cell| {
            let shown = comfy_table::Cell::new(cell.display());
            if cell.is_numeric() {
                shown.set_alignment(CellAlignment::Right)
            } else {
                shown
            }
        }));
    }
    for (index, column) in view.column_iter_mut().enumerate() {
        if table.rows.iter().any(|row| row[index].is_numeric()) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    // A rule under each header, as wide as its column's content; no other lines, so that rows
    // stay dense enough to scan. Cells have one blank of padding on each side.
    let rule: String = view
        .column_max_content_widths()
        .iter()
        .map(|width| format!(" {} ", "─".repeat(usize::from(*width))))
        .collect();
    for (index, line) in view.to_string().lines().enumerate() {
        // Cells are padded to their column; trailing blanks at line ends only get in the way.
        writeln!(out, "{}", line.trim_end())?;
        if index == 0 {
            writeln!(out, "{}", rule.trim_end())?;
        }
    }
    Ok(())
}

fn render_csv(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(&table.columns).map_err(io_error)?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(Cell::raw))
            .map_err(io_error)?;
    }
    writer.flush()
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

fn render_json(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<serde_json::Value> = table
        .rows
        .iter()
        .map(|row| {
            let object = table
                .columns
                .iter()
                .zip(row)
                .map(|(column, cell)| (column.clone(), cell.json()))
                .collect();
            serde_json::Value::Object(object)
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "rows": rows }))?;
    writeln!(out)
}

fn render_markdown(table: &Table, out: &mut dyn Write) -> io::Result<()> {
    let escape = |text: String| text.replace('|', "\\|");
    writeln!(out, "| {} |", table.columns.join(" | "))?;
    let numeric: Vec<bool> = (0..table.columns.len())
        .map(|i| table.rows.iter().any(|row| row[i].is_numeric()))
        .collect();
    let rule: Vec<&str> = numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" })
        .collect();
    writeln!(out, "| {} |", rule.join(" | "))?;
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|cell| escape(cell.display())).collect();
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

    #[test]
    fn decimals_drop_trailing_zeros() {
        assert_eq!(Cell::Decimal(3.0).display(), "3");
        assert_eq!(Cell::Decimal(0.5).display(), "0.5");
    }
}
