//! Held rows as their display text, for the outputs that align columns (a terminal table,
//! Markdown): the text of many rows shares pages of a mebibyte, and where each cell ends is kept
//! in chunks, so that a table of a million cells costs little more than its text, and grows
//! without copying what it holds.

use super::Cell;
use crate::text::escape_controls;

/// A page of row text; a row never spans two pages.
const PAGE: usize = 1 << 20;
/// Cell ends per chunk.
const CHUNK: usize = 1 << 16;

pub(crate) struct Grid {
    columns: Vec<String>,
    /// Whether a column holds a number in some row: it is then aligned right.
    numeric: Vec<bool>,
    /// Whether a column holds a status word in some row: a colour terminal colours it.
    status: Vec<bool>,
    pages: Vec<String>,
    /// Per row: its page, and where its text starts there.
    rows: Vec<(u32, u32)>,
    /// Per cell, in rows of `columns.len()`: where its text ends in its row's page.
    ends: Vec<Vec<u32>>,
    /// One row's text, built before it is placed on a page.
    scratch: String,
    /// Per row, where it goes, when rows were pushed out of order (see `push_in_order`).
    order: Vec<[u32; 4]>,
    /// The rows in their order, once sorted.
    sorted: Option<Vec<u32>>,
}

impl Grid {
    pub(crate) fn new(columns: &[&str]) -> Grid {
        Grid {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            numeric: vec![false; columns.len()],
            status: vec![false; columns.len()],
            pages: Vec::new(),
            rows: Vec::new(),
            ends: Vec::new(),
            scratch: String::new(),
            order: Vec::new(),
            sorted: None,
        }
    }

    /// Adds a row that goes at `order`: the rows are put in order before they are read.
    /// `shown`: the cells kept, as for `push_shown` (None: all).
    pub(crate) fn push_in_order(&mut self, row: &[Cell], shown: Option<&[usize]>, order: [u32; 4]) {
        match shown {
            Some(shown) => self.push_shown(row, shown),
            None => self.push(row),
        }
        self.order.push(order);
    }

    /// Puts rows pushed with an order in that order (a stable sort: ties keep their turn).
    pub(crate) fn sort(&mut self) {
        if self.order.is_empty() {
            return;
        }
        debug_assert_eq!(self.order.len(), self.rows.len());
        let mut sorted: Vec<u32> = (0..self.rows.len() as u32).collect();
        sorted.sort_by_key(|row| self.order[*row as usize]);
        self.order = Vec::new();
        self.sorted = Some(sorted);
    }

    pub(crate) fn push(&mut self, row: &[Cell]) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.push_cells(row.iter());
    }

    /// Pushes the cells of `row` that `shown` names by their index, in that order.
    pub(crate) fn push_shown(&mut self, row: &[Cell], shown: &[usize]) {
        debug_assert_eq!(shown.len(), self.columns.len());
        self.push_cells(shown.iter().map(|index| &row[*index]));
    }

    fn push_cells<'c>(&mut self, cells: impl Iterator<Item = &'c Cell>) {
        self.scratch.clear();
        let mut lengths = Vec::with_capacity(self.columns.len());
        for (index, cell) in cells.enumerate() {
            self.numeric[index] |= cell.is_numeric();
            self.status[index] |= matches!(cell, Cell::Status(_));
            match cell {
                // Text from the data, for people: an escape sequence in a name must not reach
                // the terminal, nor a line break split a Markdown row.
                Cell::Text(text) | Cell::Status(text) => {
                    self.scratch.push_str(&escape_controls(text))
                }
                other => other.write_display(&mut self.scratch),
            }
            lengths.push(self.scratch.len());
        }
        debug_assert_eq!(lengths.len(), self.columns.len());
        let fits = self
            .pages
            .last()
            .is_some_and(|page| page.len() + self.scratch.len() <= page.capacity());
        if !fits {
            self.pages
                .push(String::with_capacity(PAGE.max(self.scratch.len())));
        }
        let page_index = self.pages.len() - 1;
        let page = &mut self.pages[page_index];
        let start = page.len();
        page.push_str(&self.scratch);
        self.rows.push((page_index as u32, start as u32));
        for length in lengths {
            if self.ends.last().is_none_or(|chunk| chunk.len() == CHUNK) {
                self.ends.push(Vec::with_capacity(CHUNK));
            }
            let chunk = self.ends.last_mut().expect("a chunk");
            chunk.push((start + length) as u32);
        }
    }

    pub(crate) fn columns(&self) -> &[String] {
        &self.columns
    }

    pub(crate) fn is_numeric(&self, column: usize) -> bool {
        self.numeric[column]
    }

    pub(crate) fn is_status(&self, column: usize) -> bool {
        self.status[column]
    }

    pub(crate) fn row_count(&self) -> usize {
        self.rows.len()
    }

    fn end(&self, cell: usize) -> usize {
        self.ends[cell / CHUNK][cell % CHUNK] as usize
    }

    /// The cells of row `index` (in order, once sorted).
    pub(crate) fn row(&self, index: usize) -> impl Iterator<Item = &str> {
        let index = self
            .sorted
            .as_ref()
            .map_or(index, |sorted| sorted[index] as usize);
        let width = self.columns.len();
        let (page, start) = self.rows[index];
        let text = &self.pages[page as usize];
        (index * width..(index + 1) * width).map(move |cell| {
            let from = if cell == index * width {
                start as usize
            } else {
                self.end(cell - 1)
            };
            &text[from..self.end(cell)]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_back_across_pages_and_chunks() {
        let mut grid = Grid::new(&["a", "b"]);
        let long = "x".repeat(PAGE - 3);
        grid.push(&[Cell::text("first"), Cell::Count(1)]);
        grid.push(&[Cell::text(&long), Cell::Empty]);
        for n in 0..(CHUNK as u64) {
            grid.push(&[Cell::text("n"), Cell::Count(n)]);
        }
        assert_eq!(grid.row(0).collect::<Vec<_>>(), ["first", "1"]);
        assert_eq!(grid.row(1).collect::<Vec<_>>(), [long.as_str(), ""]);
        assert_eq!(grid.row(2 + 40_000).collect::<Vec<_>>(), ["n", "40000"]);
        assert_eq!(grid.row_count(), 2 + CHUNK);
        assert!(grid.pages.len() >= 2);
        assert!(grid.is_numeric(1) && !grid.is_numeric(0));
    }
}
