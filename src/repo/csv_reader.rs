//! A small CSV reader that keeps the byte offset of every field, so that diagnostics can name the
//! exact line and column an editor shows (the csv crate's record positions are off by one after
//! blank lines and CRLF ends, and it accepts an unclosed quote silently).

use std::borrow::Cow;

#[derive(Debug, PartialEq)]
pub struct Field<'a> {
    pub value: Cow<'a, str>,
    /// Byte offset of the field's first character (its opening quote, if quoted).
    pub offset: usize,
}

#[derive(Debug, PartialEq)]
pub struct Record<'a> {
    pub offset: usize,
    /// The record's first `KEPT_FIELDS` fields; `len` counts them all.
    pub fields: Vec<Field<'a>>,
    /// How many fields the record has, kept or not.
    pub len: usize,
}

/// The most fields a record keeps: a line of a million commas is counted, not held as a
/// million fields. More than any file of the format has columns (`MAX_COLUMNS`), so that every
/// field a header may have, and the first one past it, is there to be named.
pub const KEPT_FIELDS: usize = MAX_COLUMNS + 1;

/// The most columns a header may have: a file of the format has at most five, and an export
/// with a few more is still read (its extra columns reported); a wider header is not data.
pub const MAX_COLUMNS: usize = 64;

impl Record<'_> {
    /// Whether every field is blank (`,,,,`, as a spreadsheet leaves below its data); a record
    /// with more fields than are kept is not known to be.
    pub fn is_empty(&self) -> bool {
        self.fields.len() == self.len && self.fields.iter().all(|f| f.value.trim().is_empty())
    }
}

#[derive(Debug, PartialEq)]
pub struct CsvError {
    pub offset: usize,
    pub message: String,
    pub hint: &'static str,
}

/// Splits comma-separated text into records. Blank lines are skipped. On a syntax error, the
/// records before it come back with the error, so that they can still be checked.
pub fn parse(text: &str) -> (Vec<Record<'_>>, Option<CsvError>) {
    let mut records = Vec::new();
    for record in Records::new(text) {
        match record {
            Ok(record) => records.push(record),
            Err(error) => return (records, Some(error)),
        }
    }
    (records, None)
}

/// The records of comma-separated text, one at a time, so that a file of many rows is checked
/// without holding them all; blank lines are skipped. A syntax error is the last item.
pub struct Records<'a> {
    text: &'a str,
    pos: usize,
    failed: bool,
}

impl<'a> Records<'a> {
    pub fn new(text: &'a str) -> Records<'a> {
        Records {
            text,
            pos: 0,
            failed: false,
        }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        while !self.failed && self.pos < bytes.len() {
            let pos = self.pos;
            let line_end = pos
                + bytes[pos..]
                    .iter()
                    .position(|b| *b == b'\n')
                    .unwrap_or(bytes.len() - pos);
            if self.text[pos..line_end].trim().is_empty() {
                self.pos = line_end + 1;
                continue;
            }
            return Some(match parse_record(self.text, pos) {
                Ok((record, next)) => {
                    self.pos = next;
                    Ok(record)
                }
                Err(error) => {
                    self.failed = true;
                    Err(error)
                }
            });
        }
        None
    }
}

/// Parses one record starting at `start`; returns it and the offset after its line end.
fn parse_record(text: &str, start: usize) -> Result<(Record<'_>, usize), CsvError> {
    let bytes = text.as_bytes();
    let mut fields = Vec::new();
    let mut len = 0;
    let mut pos = start;
    loop {
        let field_start = pos;
        let value;
        if bytes.get(pos) == Some(&b'"') {
            let (unquoted, after) = parse_quoted(text, pos)?;
            value = unquoted;
            pos = after;
            match bytes.get(pos) {
                None | Some(b',') | Some(b'\n') => {}
                Some(b'\r') if matches!(bytes.get(pos + 1), None | Some(b'\n')) => {}
                Some(_) => {
                    return Err(CsvError {
                        offset: pos,
                        message: "text follows the closing quote of a field".into(),
                        hint: "a quoted field ends at its closing quote; double a quote inside a quoted field (\"\")",
                    });
                }
            }
        } else {
            let end = bytes[pos..]
                .iter()
                .position(|b| *b == b',' || *b == b'\n')
                .map_or(bytes.len(), |i| pos + i);
            let raw = &text[pos..end];
            value = Cow::Borrowed(raw.strip_suffix('\r').unwrap_or(raw));
            pos = end;
        }
        len += 1;
        if fields.len() < KEPT_FIELDS {
            fields.push(Field {
                value,
                offset: field_start,
            });
        }
        match bytes.get(pos) {
            Some(b',') => pos += 1,
            Some(b'\r') => {
                pos += 1;
                if bytes.get(pos) == Some(&b'\n') {
                    pos += 1;
                }
                break;
            }
            Some(b'\n') => {
                pos += 1;
                break;
            }
            _ => break,
        }
    }
    Ok((
        Record {
            offset: start,
            fields,
            len,
        },
        pos,
    ))
}

/// Parses a quoted field at `start` (the opening quote); returns its value and the offset after
/// the closing quote.
fn parse_quoted(text: &str, start: usize) -> Result<(Cow<'_, str>, usize), CsvError> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut pos = start + 1;
    let mut chunk_start = pos;
    loop {
        match bytes[pos..].iter().position(|b| *b == b'"') {
            None => {
                return Err(CsvError {
                    offset: start,
                    message: "this quote is never closed".into(),
                    hint: "close the quoted field with a \" before the next comma",
                });
            }
            Some(i) => {
                let quote = pos + i;
                if bytes.get(quote + 1) == Some(&b'"') {
                    value.push_str(&text[chunk_start..=quote]);
                    pos = quote + 2;
                    chunk_start = pos;
                } else {
                    if value.is_empty() {
                        return Ok((Cow::Borrowed(&text[start + 1..quote]), quote + 1));
                    }
                    value.push_str(&text[chunk_start..quote]);
                    return Ok((Cow::Owned(value), quote + 1));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<Vec<String>> {
        let (records, error) = parse(text);
        assert_eq!(error, None);
        records
            .iter()
            .map(|r| r.fields.iter().map(|f| f.value.to_string()).collect())
            .collect()
    }

    #[test]
    fn reads_plain_rows_with_crlf_and_blank_lines() {
        assert_eq!(
            values("team,served\r\n\r\nnorth,42\r\nsouth,30"),
            vec![
                vec!["team", "served"],
                vec!["north", "42"],
                vec!["south", "30"]
            ]
        );
    }

    #[test]
    fn keeps_offsets_of_fields_and_records() {
        let (records, _) = parse("a,b\n\nc,\"d\"\n");
        assert_eq!(records[1].offset, 5);
        assert_eq!(records[1].fields[1].offset, 7);
        assert_eq!(records[1].fields[1].value, "d");
    }

    #[test]
    fn reads_quoted_fields_with_commas_quotes_and_newlines() {
        assert_eq!(
            values("date,note\n2024-01-01,\"a, \"\"b\"\"\nc\"\n"),
            vec![vec!["date", "note"], vec!["2024-01-01", "a, \"b\"\nc"]]
        );
    }

    #[test]
    fn empty_trailing_field_is_kept() {
        assert_eq!(values("a,b,\n"), vec![vec!["a", "b", ""]]);
    }

    #[test]
    fn an_unclosed_quote_is_an_error_at_the_quote() {
        let (records, error) = parse("a,b\nnorth,\"42\n");
        assert_eq!(records.len(), 1);
        let error = error.unwrap();
        assert_eq!(error.offset, 10);
        assert_eq!(error.message, "this quote is never closed");
    }

    #[test]
    fn a_line_of_a_million_commas_is_counted_not_held() {
        let line = ",".repeat(1_000_000);
        let (records, error) = parse(&line);
        assert_eq!(error, None);
        assert_eq!(records[0].len, 1_000_001);
        assert_eq!(records[0].fields.len(), KEPT_FIELDS);
    }

    #[test]
    fn text_after_a_closing_quote_is_an_error() {
        assert_eq!(parse("\"a\"b,c\n").1.unwrap().offset, 3);
    }
}
