//! The terminal table: columns aligned (numbers to the right), a rule under the header, no other
//! lines, so that rows stay dense enough to scan. Column widths are measured once over every
//! row; comfy-table then lays out a chunk of rows at a time at those widths, so that a long
//! table costs its text, not comfy-table's cells for every row at once.

use super::Grid;
use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Width, presets};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Rows laid out per comfy-table call.
const CHUNK: usize = 1024;

pub(super) fn render(grid: &Grid, out: &mut dyn Write) -> io::Result<()> {
    let widths = widths(grid);
    let rule: String = widths
        .iter()
        .map(|width| format!(" {} ", "─".repeat(*width)))
        .collect();
    let rows = grid.row_count();
    let mut start = 0;
    loop {
        let end = (start + CHUNK).min(rows);
        let mut view = comfy_table::Table::new();
        view.load_style(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled);
        if start == 0 {
            view.set_header(grid.columns());
        }
        for index in start..end {
            view.add_row(grid.row(index));
        }
        lay_out(&mut view, grid, &widths);
        for (index, line) in view.to_string().lines().enumerate() {
            // Cells are padded to their column; trailing blanks at line ends only get in the way.
            writeln!(out, "{}", line.trim_end())?;
            if start == 0 && index == 0 {
                writeln!(out, "{}", rule.trim_end())?;
            }
        }
        if end >= rows {
            return Ok(());
        }
        start = end;
    }
}

/// The widest text of each column, header included, as a terminal shows it.
fn widths(grid: &Grid) -> Vec<usize> {
    let mut widths: Vec<usize> = grid.columns().iter().map(|c| c.width()).collect();
    for index in 0..grid.row_count() {
        for (width, cell) in widths.iter_mut().zip(grid.row(index)) {
            *width = (*width).max(cell.width());
        }
    }
    widths
}

/// Fixes each column's width and alignment (columns exist once a header or row names them).
fn lay_out(view: &mut comfy_table::Table, grid: &Grid, widths: &[usize]) {
    view.set_constraints(widths.iter().map(|width| {
        let padded = u16::try_from(width + 2).unwrap_or(u16::MAX);
        ColumnConstraint::Absolute(Width::Fixed(padded))
    }));
    for (index, column) in view.column_iter_mut().enumerate() {
        if grid.is_numeric(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}
