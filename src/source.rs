//! The text of one data file: decoded once, with the positions editors show.

use crate::diagnostic::{Diagnostic, Origin, Position};
use crate::rules;
use std::cell::Cell;

pub struct SourceText {
    /// The file's path from the repository root and what it is, as diagnostics name it.
    pub origin: Origin,
    /// The text without its UTF-8 byte-order mark.
    pub text: String,
    /// The offset of the first line end of a CSV file whose lines end in a carriage return
    /// only (Excel's "CSV (Macintosh)"): each such CR is read as a line feed, the same length,
    /// so that positions stay the ones an editor shows, and a `line-ends` warning says so.
    pub cr_line_ends: Option<usize>,
    /// Where each block of `BLOCK` bytes after the first starts, in lines and columns, so that
    /// a position is found by reading at most one block: linear work for a file's findings,
    /// however long its lines, and a few bytes of memory per block, however many its lines.
    blocks: Vec<BlockStart>,
    /// The position last asked for: checks ask in file order, so the next is read on from it,
    /// not from its block's start (a file of a million short rows asks a million times).
    last: Cell<BlockStart>,
}

/// The position of the first byte.
const START: BlockStart = BlockStart {
    offset: 0,
    lines: 0,
    column: 0,
};

/// Bytes per block of `SourceText::blocks`.
const BLOCK: usize = 4096;

/// What is known at the start of a block: the position of its first byte.
#[derive(Debug, Clone, Copy)]
struct BlockStart {
    /// The block's first byte (a character boundary at or before `index * BLOCK`).
    offset: u32,
    /// Line ends before it.
    lines: u32,
    /// Characters between the start of its line and it.
    column: u32,
}

impl SourceText {
    /// Decodes a file's bytes. An empty file or one that is not UTF-8 gives a diagnostic instead.
    pub fn decode(origin: Origin, bytes: Vec<u8>) -> Result<SourceText, Diagnostic> {
        if let Some(diagnostic) = not_text(&origin, &bytes) {
            return Err(diagnostic);
        }
        let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => rest.to_vec(),
            None => bytes,
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => return Err(not_utf8(&origin, error.as_bytes(), error.utf8_error())),
        };
        if text.trim().is_empty() {
            return Err(
                Diagnostic::new(&rules::EMPTY_FILE, &origin, "the file is empty")
                    .hint("write the file's header or content"),
            );
        }
        let cr_line_ends = if origin.path.ends_with(".csv") {
            first_lone_cr(text.as_bytes())
        } else {
            None
        };
        let text = match cr_line_ends {
            Some(_) => cr_to_lf(text),
            None => text,
        };
        let mut source = SourceText::new(origin, text);
        source.cr_line_ends = cr_line_ends;
        Ok(source)
    }

    /// The text of a file. Data files are at most 16 MiB (`tree::MAX_FILE_BYTES`), so offsets
    /// fit in u32.
    pub fn new(origin: Origin, text: String) -> SourceText {
        let mut blocks = Vec::new();
        let mut start = START;
        let mut block = BLOCK;
        while block <= text.len() {
            let offset = floor_char_boundary(&text, block);
            start = advance(&text, start, offset);
            blocks.push(start);
            block += BLOCK;
        }
        SourceText {
            origin,
            text,
            cr_line_ends: None,
            blocks,
            last: Cell::new(START),
        }
    }

    /// The editor position of a byte offset: CRLF counts as one line end, columns count characters.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let block = match (offset / BLOCK).checked_sub(1) {
            Some(index) => self.blocks[index],
            None => START,
        };
        let last = self.last.get();
        let from = if (block.offset..=offset as u32).contains(&last.offset) {
            last
        } else {
            block
        };
        let at = advance(&self.text, from, offset);
        self.last.set(at);
        Position {
            line: at.lines as usize + 1,
            column: at.column as usize + 1,
        }
    }
}

/// The offset of the first line end when it is a carriage return alone: the file's lines end
/// that way (a CR inside a line of a file whose lines end in LF is a stray control character).
pub(crate) fn first_lone_cr(bytes: &[u8]) -> Option<usize> {
    let end = bytes.iter().position(|b| *b == b'\r' || *b == b'\n')?;
    let lone = bytes[end] == b'\r' && bytes.get(end + 1) != Some(&b'\n');
    lone.then_some(end)
}

/// `text` with every carriage return that does not start a CRLF replaced by a line feed.
pub(crate) fn cr_to_lf(text: String) -> String {
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    String::from_utf8(bytes).expect("one ASCII byte replaced by another")
}

/// The position of `offset` (a character boundary), read on from the known position `from`.
fn advance(text: &str, from: BlockStart, offset: usize) -> BlockStart {
    let between = &text[from.offset as usize..offset];
    let column = |text: &str| text.chars().count() as u32;
    match between.rfind('\n') {
        None => BlockStart {
            offset: offset as u32,
            lines: from.lines,
            column: from.column + column(between),
        },
        Some(last) => BlockStart {
            offset: offset as u32,
            lines: from.lines + between.bytes().filter(|b| *b == b'\n').count() as u32,
            column: column(&between[last + 1..]),
        },
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Bytes of a kind that an export or an editor writes in place of UTF-8 text: UTF-16 (Excel's
/// "Unicode Text", Windows editors), or a ZIP archive such as an Excel workbook renamed `.csv`.
/// Said as such, not as a byte that is not valid UTF-8.
fn not_text(origin: &Origin, bytes: &[u8]) -> Option<Diagnostic> {
    let csv = origin.path.ends_with(".csv");
    let save = if csv {
        "save it as CSV UTF-8 (in Excel: Save As > CSV UTF-8)"
    } else {
        "save it as UTF-8 (in an editor: Save with encoding UTF-8)"
    };
    let message = if bytes.starts_with(b"PK\x03\x04") {
        "the file is a ZIP archive (an Excel workbook is one), not text"
    } else if is_utf16(bytes) {
        "the file is UTF-16 text, but ips reads UTF-8"
    } else {
        return None;
    };
    Some(Diagnostic::new(&rules::UTF8, origin, message).hint(save))
}

/// A UTF-16 byte-order mark (FF FE or FE FF), or, in its first 4 KiB, a NUL byte in every other
/// place at least half the time: text of Latin letters saved as UTF-16 without a mark.
fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return true;
    }
    let head = &bytes[..bytes.len().min(4096)];
    // Nearly every file has no NUL at all: one quick search says so.
    if !head.contains(&0) {
        return false;
    }
    let pairs = head.len() / 2;
    let nul_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .take(pairs)
            .filter(|b| **b == 0)
            .count()
    };
    pairs >= 2 && (nul_at(0) * 2 >= pairs || nul_at(1) * 2 >= pairs)
}

fn not_utf8(origin: &Origin, bytes: &[u8], error: std::str::Utf8Error) -> Diagnostic {
    let bad = error.valid_up_to();
    let before = &bytes[..bad];
    // A "CSV (Macintosh)" export is often in Mac Roman too: its lines end in a CR.
    let cr_lines = origin.path.ends_with(".csv") && first_lone_cr(bytes).is_some();
    let ends_line = |i: usize| {
        bytes[i] == b'\n' || (cr_lines && bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
    };
    let line = (0..bad).filter(|i| ends_line(*i)).count() + 1;
    let line_start = (0..bad).rev().find(|i| ends_line(*i)).map_or(0, |i| i + 1);
    // Everything before the bad byte is valid UTF-8, so characters can be counted.
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Diagnostic::new(
        &rules::UTF8,
        origin,
        format!(
            "the file is not UTF-8: byte 0x{:02X} at this position is not valid UTF-8",
            bytes[bad]
        ),
    )
    .at(line, column)
    .hint("re-save the file as UTF-8 (in Excel: Save As > CSV UTF-8; in an editor: Save with encoding UTF-8)")
}

#[cfg(test)]
pub(crate) fn test_origin(path: &str) -> Origin {
    Origin::new(path, crate::diagnostic::Subject::Settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lines_ending_in_a_carriage_return_are_read_as_lines() {
        let origin = || test_origin("outcomes/2024-Q1/a.csv");
        let source = SourceText::decode(origin(), b"a,b\r1,2\r\r3,4".to_vec()).unwrap();
        assert_eq!(source.text, "a,b\n1,2\n\n3,4");
        assert_eq!(source.cr_line_ends, Some(3));
        assert_eq!(source.position(10).line, 4);
        // A CR inside a line of a file whose lines end in LF or CRLF is left as it is.
        let source = SourceText::decode(origin(), b"a,b\r\n1\r2,3\r\n".to_vec()).unwrap();
        assert_eq!(
            (source.text.as_str(), source.cr_line_ends),
            ("a,b\r\n1\r2,3\r\n", None)
        );
        let toml = SourceText::decode(test_origin("ips.toml"), b"a = 1\rb = 2".to_vec()).unwrap();
        assert_eq!(toml.cr_line_ends, None);
    }

    #[test]
    fn positions_follow_crlf_and_characters() {
        let source = SourceText::new(test_origin("f"), "a,b\r\nné,x\r\n\r\nz".to_string());
        assert_eq!(source.position(0), Position { line: 1, column: 1 });
        assert_eq!(source.position(5), Position { line: 2, column: 1 });
        // 'é' is two bytes but one column.
        assert_eq!(source.position(9), Position { line: 2, column: 4 });
        assert_eq!(source.position(14), Position { line: 4, column: 1 });
    }

    /// Positions past the first block, on long lines and short ones, with characters of several
    /// bytes across block boundaries, are those a plain count from the start gives.
    #[test]
    fn positions_in_later_blocks_are_those_counted_from_the_start() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(["ab,", "né\n", "\r\n", "€€€€€€€€,", "\n"][i % 5]);
        }
        text.push_str(&",".repeat(3 * BLOCK));
        text.push('é');
        // A text that ends where a block starts.
        text.push_str(&"x".repeat(BLOCK - text.len() % BLOCK));
        let source = SourceText::new(test_origin("f"), text.clone());
        let (mut line, mut column) = (1, 1);
        for (offset, c) in text.char_indices() {
            if offset % 7 == 0 || offset + 2 >= text.len() {
                assert_eq!(
                    source.position(offset),
                    Position { line, column },
                    "at {offset}"
                );
            }
            if c == '\n' {
                (line, column) = (line + 1, 1);
            } else {
                column += 1;
            }
        }
        assert_eq!(source.position(text.len()), Position { line, column });
        // Asked out of order, after the last position, each is still right.
        let fresh = SourceText::new(test_origin("f"), text.clone());
        for offset in [9000, 5, 13000, 12999, 0, text.len(), 4096, 4097] {
            assert_eq!(
                fresh.position(offset),
                source.position(offset),
                "at {offset}"
            );
        }
    }

    #[test]
    fn bom_is_not_a_column() {
        let source = SourceText::decode(test_origin("f"), b"\xEF\xBB\xBFteam".to_vec())
            .ok()
            .unwrap();
        assert_eq!(source.text, "team");
    }

    #[test]
    fn names_the_line_of_the_first_bad_byte() {
        let diagnostic = SourceText::decode(test_origin("f.csv"), b"team\nn\xE9rth,1\n".to_vec())
            .err()
            .unwrap();
        assert_eq!((diagnostic.line, diagnostic.column), (Some(2), Some(2)));
        assert_eq!(diagnostic.rule.id, "utf8");
    }

    #[test]
    fn utf16_with_or_without_a_mark_is_said_to_be_utf16() {
        let utf16 = |text: &str, big: bool, mark: bool| {
            let mut bytes: Vec<u8> = if !mark {
                Vec::new()
            } else if big {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in text.encode_utf16() {
                let pair = if big {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                };
                bytes.extend(pair);
            }
            bytes
        };
        for (big, mark) in [(false, true), (true, true), (false, false), (true, false)] {
            let bytes = utf16("team,served,employed\r\nnorth,4,1\r\n", big, mark);
            let diagnostic = SourceText::decode(test_origin("a.csv"), bytes)
                .err()
                .unwrap();
            assert_eq!(
                (diagnostic.message.as_str(), diagnostic.line),
                ("the file is UTF-16 text, but ips reads UTF-8", None),
                "{big} {mark}"
            );
        }
        // One NUL in a UTF-8 file is a control character, not UTF-16.
        assert!(SourceText::decode(test_origin("a.csv"), b"team\0,served\n".to_vec()).is_ok());
    }

    #[test]
    fn blank_file_is_empty() {
        let diagnostic = SourceText::decode(test_origin("f.csv"), b" \r\n".to_vec())
            .err()
            .unwrap();
        assert_eq!(diagnostic.rule.id, "empty-file");
    }
}
