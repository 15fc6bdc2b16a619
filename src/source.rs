//! The text of one data file: decoded once, with the positions editors show.

use crate::diagnostic::{Diagnostic, Origin, Position};
use crate::rules;

pub struct SourceText {
    /// The file's path from the repository root and what it is, as diagnostics name it.
    pub origin: Origin,
    /// The text without its UTF-8 byte-order mark.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceText {
    /// Decodes a file's bytes. An empty file or one that is not UTF-8 gives a diagnostic instead.
    pub fn decode(origin: Origin, bytes: Vec<u8>) -> Result<SourceText, Diagnostic> {
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
        Ok(SourceText::new(origin, text))
    }

    pub fn new(origin: Origin, text: String) -> SourceText {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceText {
            origin,
            text,
            line_starts,
        }
    }

    /// The editor position of a byte offset: CRLF counts as one line end, columns count characters.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_index];
        let column = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count()
            + 1;
        Position {
            line: line_index + 1,
            column,
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn not_utf8(origin: &Origin, bytes: &[u8], error: std::str::Utf8Error) -> Diagnostic {
    let bad = error.valid_up_to();
    let before = &bytes[..bad];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
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
    fn positions_follow_crlf_and_characters() {
        let source = SourceText::new(test_origin("f"), "a,b\r\nné,x\r\n\r\nz".to_string());
        assert_eq!(source.position(0), Position { line: 1, column: 1 });
        assert_eq!(source.position(5), Position { line: 2, column: 1 });
        // 'é' is two bytes but one column.
        assert_eq!(source.position(9), Position { line: 2, column: 4 });
        assert_eq!(source.position(14), Position { line: 4, column: 1 });
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
    fn blank_file_is_empty() {
        let diagnostic = SourceText::decode(test_origin("f.csv"), b" \r\n".to_vec())
            .err()
            .unwrap();
        assert_eq!(diagnostic.rule.id, "empty-file");
    }
}
