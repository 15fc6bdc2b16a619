//! The terminal table: columns aligned (numbers to the right), a rule under the header, no other
//! lines, so that rows stay dense enough to scan. Column widths are measured once over every
//! row; comfy-table then lays out a chunk of rows at a time at those widths, so that a long
//! table costs its text, not comfy-table's cells for every row at once.
//!
//! Fitted to a width (COLUMNS, or the terminal's), the columns of text with spaces or `/` in it
//! (evidence, notes, names, paths) wrap onto more lines, the widest first, so that the table is
//! no wider than the terminal; ids, dates, numbers and status words keep their width. The
//! cells are wrapped here, at spaces and after `/`, `-` or `,` (`output::wrap`), and handed to
//! comfy-table in lines that fit, so that it never breaks a word where it likes. On a colour
//! terminal, status words are coloured after the layout, so escape codes never count as width.

use super::Grid;
use super::terminal::{Terminal, paint, status_style};
use super::wrap::wrap;
use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Width, presets};
use std::borrow::Cow;
use std::io::{self, Write};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Rows laid out per comfy-table call.
const CHUNK: usize = 1024;

/// A column that wraps keeps at least this many columns (or its header's width, or its
/// widest text if that is narrower), so that a wrapped text stays readable.
const MIN_WRAPPED: usize = 12;

pub(super) fn render(grid: &Grid, terminal: Terminal, out: &mut dyn Write) -> io::Result<()> {
    let measured = measure(grid);
    let mut widths: Vec<usize> = measured.iter().map(|m| m.width).collect();
    if let Some(limit) = terminal.width {
        fit(&mut widths, &measured, limit);
    }
    let rule: String = widths
        .iter()
        .map(|width| format!(" {} ", "─".repeat(*width)))
        .collect();
    // Where each status column's text sits in a line: (first display column, width).
    let slots: Vec<(usize, usize)> = if terminal.stdout_color {
        slots(grid, &widths)
    } else {
        Vec::new()
    };
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
            view.add_row(
                grid.row(index)
                    .zip(&widths)
                    .map(|(cell, width)| fitted(cell, *width)),
            );
        }
        lay_out(&mut view, grid, &widths);
        for (index, line) in view.to_string().lines().enumerate() {
            let header = start == 0 && index == 0;
            // Cells are padded to their column; trailing blanks at line ends only get in the way.
            let line = line.trim_end();
            if header || slots.is_empty() {
                writeln!(out, "{line}")?;
            } else {
                writeln!(out, "{}", paint_statuses(line, &slots))?;
            }
            if header {
                writeln!(out, "{}", rule.trim_end())?;
            }
        }
        if end >= rows {
            // A header over nothing reads like output cut short: say there is no row.
            if rows == 0 {
                writeln!(out, " (none)")?;
            }
            return Ok(());
        }
        start = end;
    }
}

/// A cell as its column shows it: wrapped (see `wrap`) when wider than the column, so that
/// comfy-table, given lines that fit, never breaks one inside a word itself.
fn fitted(cell: &str, width: usize) -> Cow<'_, str> {
    if cell.width() <= width {
        Cow::Borrowed(cell)
    } else {
        Cow::Owned(wrap(cell, width).join("\n"))
    }
}

/// What a column's text needs: its widest text (header included) as a terminal shows it, its
/// header's width, all its text's width (how much a wrapped column has to show), and whether
/// it may wrap (text with spaces, not a number or a status).
struct Measure {
    width: usize,
    header: usize,
    volume: usize,
    wraps: bool,
}

fn measure(grid: &Grid) -> Vec<Measure> {
    let mut measured: Vec<Measure> = grid
        .columns()
        .iter()
        .map(|c| Measure {
            width: c.width(),
            header: c.width(),
            volume: 0,
            wraps: false,
        })
        .collect();
    for index in 0..grid.row_count() {
        for (column, cell) in measured.iter_mut().zip(grid.row(index)) {
            let width = cell.width();
            column.width = column.width.max(width);
            column.volume += width;
            column.wraps |= cell.contains([' ', '/']);
        }
    }
    for (index, column) in measured.iter_mut().enumerate() {
        column.wraps &= !grid.is_numeric(index) && !grid.is_status(index);
    }
    measured
}

/// A line's width: each column padded by a space on either side, the last one's trimmed.
fn line_width(widths: &[usize]) -> usize {
    widths
        .iter()
        .map(|w| w + 2)
        .sum::<usize>()
        .saturating_sub(1)
}

/// A column of text this narrow wraps only when narrowing the wider ones is not enough.
const SHORT: usize = 20;

/// Narrows the columns that wrap until the table is `limit` wide: first those wider than
/// `SHORT`, then, if that is not enough, all of them. The columns narrowed share the room
/// there is by how much text they hold, none below its least; the others keep their widths.
/// A table whose columns are all at their least stays wider than `limit`.
fn fit(widths: &mut [usize], measured: &[Measure], limit: usize) {
    if line_width(widths) <= limit {
        return;
    }
    let least = |m: &Measure| m.width.min(m.header.max(MIN_WRAPPED));
    for short_too in [false, true] {
        let narrowed: Vec<usize> = (0..widths.len())
            .filter(|i| measured[*i].wraps && (short_too || measured[*i].width > SHORT))
            .collect();
        for i in &narrowed {
            widths[*i] = least(&measured[*i]);
        }
        let Some(mut room) = limit.checked_sub(line_width(widths)) else {
            continue;
        };
        // A column at a time to the one that shows the least of its text per column.
        while room > 0 {
            let Some(next) = narrowed
                .iter()
                .copied()
                .filter(|i| widths[*i] < measured[*i].width)
                .min_by(|a, b| {
                    let share = |i: usize| widths[i] as f64 / measured[i].volume.max(1) as f64;
                    share(*a).total_cmp(&share(*b))
                })
            else {
                break;
            };
            widths[next] += 1;
            room -= 1;
        }
        return;
    }
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

/// The place of each status column in a line, in display columns.
fn slots(grid: &Grid, widths: &[usize]) -> Vec<(usize, usize)> {
    let mut slots = Vec::new();
    let mut start = 1;
    for (index, width) in widths.iter().enumerate() {
        if grid.is_status(index) {
            slots.push((start, *width));
        }
        start += width + 2;
    }
    slots
}

/// The line with the status word in each slot coloured.
fn paint_statuses(line: &str, slots: &[(usize, usize)]) -> String {
    let mut painted = String::with_capacity(line.len() + 10 * slots.len());
    let mut done = 0;
    for &(start, width) in slots {
        let from = byte_at(line, start);
        let to = byte_at(line, start + width);
        let slot = &line[from..to];
        let word = slot.trim();
        let Some(style) = status_style(word) else {
            continue;
        };
        let at = from + slot.find(word).unwrap_or(0);
        painted.push_str(&line[done..at]);
        painted.push_str(&paint(word, style, true));
        done = at + word.len();
    }
    painted.push_str(&line[done..]);
    painted
}

/// Where display column `column` starts in `line`, in bytes (its end if the line is shorter).
fn byte_at(line: &str, column: usize) -> usize {
    let mut width = 0;
    for (index, c) in line.char_indices() {
        if width >= column {
            return index;
        }
        width += c.width().unwrap_or(0);
    }
    line.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Cell;

    fn grid() -> Grid {
        let mut grid = Grid::new(&["agency", "status", "n", "evidence"]);
        grid.push(&[
            Cell::text("riverbend"),
            Cell::status("overdue"),
            Cell::Count(3),
            Cell::text("Tom Okafor 2024-03-01, Beth Sandoval 2024-03-01"),
        ]);
        grid.push(&[
            Cell::text("lakeshore"),
            Cell::status("written"),
            Cell::Count(12),
            Cell::text("6 of 6 months met"),
        ]);
        grid
    }

    fn shown(terminal: Terminal) -> String {
        let mut out = Vec::new();
        render(&grid(), terminal, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_table_without_rows_says_so_under_its_header() {
        let grid = Grid::new(&["agency", "status"]);
        let mut out = Vec::new();
        render(&grid, Terminal::default(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            " agency  status\n ──────  ──────\n (none)\n"
        );
    }

    #[test]
    fn unfitted_the_table_is_as_wide_as_its_text() {
        assert_eq!(
            shown(Terminal::default()),
            " agency     status    n  evidence
 ─────────  ───────  ──  ───────────────────────────────────────────────
 riverbend  overdue   3  Tom Okafor 2024-03-01, Beth Sandoval 2024-03-01
 lakeshore  written  12  6 of 6 months met
"
        );
    }

    #[test]
    fn fitted_text_with_spaces_wraps_and_the_rest_keeps_its_width() {
        let terminal = Terminal {
            width: Some(50),
            ..Terminal::default()
        };
        let table = shown(terminal);
        assert_eq!(
            table,
            " agency     status    n  evidence
 ─────────  ───────  ──  ─────────────────────────
 riverbend  overdue   3  Tom Okafor 2024-03-01,
                         Beth Sandoval 2024-03-01
 lakeshore  written  12  6 of 6 months met
"
        );
        assert!(table.lines().all(|line| line.width() <= 50));
    }

    /// A short text column (a period, `review 2024-03-19`) keeps its width while a long one
    /// can give way; the room goes to the column with the most text.
    #[test]
    fn short_text_keeps_its_width_and_the_room_goes_where_the_text_is() {
        let mut grid = Grid::new(&["period", "evidence", "missing"]);
        let evidence = "a long list of dates and signatures ".repeat(4);
        grid.push(&[
            Cell::text("review 2024-03-19"),
            Cell::text(evidence.trim()),
            Cell::text("one more day of training-es, and a plan"),
        ]);
        grid.push(&[Cell::Empty, Cell::text(evidence.trim()), Cell::Empty]);
        let measured = measure(&grid);
        let mut widths: Vec<usize> = measured.iter().map(|m| m.width).collect();
        fit(&mut widths, &measured, 60);
        assert_eq!(widths, [17, 26, 12]);
        assert_eq!(line_width(&widths), 60);
        // Not even the least fits: everything that wraps is at its least.
        let mut widths: Vec<usize> = measured.iter().map(|m| m.width).collect();
        fit(&mut widths, &measured, 20);
        assert_eq!(widths, [12, 12, 12]);
    }

    #[test]
    fn status_words_are_coloured_after_the_layout() {
        let terminal = Terminal {
            stdout_color: true,
            ..Terminal::default()
        };
        let table = shown(terminal);
        assert_eq!(
            table.lines().nth(2),
            Some(
                " riverbend  \x1b[31moverdue\x1b[0m   3  Tom Okafor 2024-03-01, Beth Sandoval 2024-03-01"
            )
        );
        // A word with no colour, the header and the rule stay plain.
        assert_eq!(
            table.lines().nth(3),
            Some(" lakeshore  written  12  6 of 6 months met")
        );
        assert!(!table.lines().take(2).any(|line| line.contains('\x1b')));
    }
}
