//! `--format xlsx`: the rows of any table as one worksheet, with the columns of CSV. The header
//! is bold and frozen; counts are whole numbers, rates numbers shown as percentages, dates
//! dates, empty cells empty; each column is as wide as its content. The workbook is written
//! whole at the end (a zip file cannot be streamed to a pipe), to a file (`--out`).

use super::Cell;
use crate::sheet::excel_date;
use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};
use std::io::{self, Write};

/// The widest a column is made, in characters: a long note wraps nothing, it is cut from view.
const WIDEST: usize = 60;

/// One worksheet being filled, a row at a time.
pub(super) struct Sheet {
    worksheet: Worksheet,
    next_row: u32,
    /// The widest value of each column so far, in characters.
    widths: Vec<usize>,
    formats: Formats,
    /// The date the workbook says it was made: the `as_of` of the figures, so that the same
    /// figures give the same file (rust_xlsxwriter would otherwise read the clock).
    made: Option<NaiveDate>,
}

struct Formats {
    whole: Format,
    rate: Format,
    points: Format,
    date: Format,
}

impl Sheet {
    pub(super) fn new(columns: &[&str]) -> io::Result<Sheet> {
        let mut worksheet = Worksheet::new();
        let bold = Format::new().set_bold();
        for (index, name) in columns.iter().enumerate() {
            worksheet
                .write_string_with_format(0, column(index)?, *name, &bold)
                .map_err(xlsx_error)?;
        }
        worksheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        Ok(Sheet {
            worksheet,
            next_row: 1,
            widths: columns.iter().map(|name| name.chars().count()).collect(),
            formats: Formats {
                // Excel's built-in "0".
                whole: Format::new().set_num_format_index(1),
                rate: Format::new().set_num_format("0.0%"),
                points: Format::new().set_num_format("+0.0%;-0.0%;0.0%"),
                date: Format::new().set_num_format("yyyy-mm-dd"),
            },
            made: None,
        })
    }

    /// The date the workbook records as its creation date.
    pub(super) fn made_on(&mut self, date: NaiveDate) {
        self.made = Some(date);
    }

    pub(super) fn push(&mut self, row: &[Cell]) -> io::Result<()> {
        let at = self.next_row;
        for (index, cell) in row.iter().enumerate() {
            let shown = self.write(at, column(index)?, cell).map_err(xlsx_error)?;
            if let Some(width) = self.widths.get_mut(index) {
                *width = (*width).max(shown);
            }
        }
        self.next_row += 1;
        Ok(())
    }

    /// Writes one cell as its kind of value; returns how many characters wide it shows.
    fn write(&mut self, row: u32, col: u16, cell: &Cell) -> Result<usize, XlsxError> {
        let sheet = &mut self.worksheet;
        let formats = &self.formats;
        match cell {
            Cell::Empty | Cell::Hidden(_) => return Ok(0),
            Cell::Count(n) => sheet.write_number_with_format(row, col, *n as f64, &formats.whole),
            Cell::Integer(n) => sheet.write_number_with_format(row, col, *n as f64, &formats.whole),
            Cell::Decimal(x) => sheet.write_number(row, col, *x),
            Cell::Rate(x) => sheet.write_number_with_format(row, col, *x, &formats.rate),
            Cell::Points(x) => sheet.write_number_with_format(row, col, *x, &formats.points),
            Cell::Date(date) => {
                sheet.write_datetime_with_format(row, col, excel_date(*date)?, &formats.date)
            }
            Cell::Bool(value) => sheet.write_boolean(row, col, *value),
            Cell::Shown(shown) => return self.write(row, col, &shown.0),
            // Text is stored as text: a name that starts with `=` is never run as a formula.
            Cell::Text(_) | Cell::Status(_) | Cell::List(_) | Cell::Commit(_) => {
                sheet.write_string(row, col, cell.raw())
            }
        }?;
        Ok(cell.display().chars().count())
    }

    /// Sizes the columns and writes the workbook to `out`.
    pub(super) fn finish(mut self, out: &mut dyn Write) -> io::Result<()> {
        for (index, width) in self.widths.iter().enumerate() {
            let width = (*width).min(WIDEST) + 2;
            self.worksheet
                .set_column_width(column(index)?, width as f64)
                .map_err(xlsx_error)?;
        }
        let mut workbook = Workbook::new();
        let made = self
            .made
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real date"));
        let made = excel_date(made).map_err(xlsx_error)?;
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&made));
        workbook.push_worksheet(self.worksheet);
        let bytes = workbook.save_to_buffer().map_err(xlsx_error)?;
        out.write_all(&bytes)
    }
}

/// A column number of a worksheet, which has at most 16,384 columns.
fn column(index: usize) -> io::Result<u16> {
    u16::try_from(index).map_err(|_| io::Error::other("more columns than a worksheet holds"))
}

/// rust_xlsxwriter's errors (a row past the 1,048,576 a worksheet holds, a text longer than
/// 32,767 characters) as I/O errors, as the other renderers' are.
fn xlsx_error(error: XlsxError) -> io::Error {
    io::Error::other(format!("cannot write the workbook: {error}"))
}
