//! Notes and warnings that a command has for its user beside its output: data, collected by
//! the command and rendered on stderr in one place (`output::notes`), escaped and coloured as
//! diagnostics are.

use crate::calendar::Quarter;

/// How much a note matters: an `error` says why the run will fail, a `warning` that the output
/// may mislead; a `note` explains it; a plain line says what was done (`wrote report.html`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Plain,
    Note,
    Warning,
    Error,
}

impl Level {
    /// The label before the message: none for a plain line.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Level::Plain => None,
            Level::Note => Some("note"),
            Level::Warning => Some("warning"),
            Level::Error => Some("error"),
        }
    }
}

/// `note: message`, or `warning: message`, with an optional `hint:` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub level: Level,
    pub message: String,
    pub hint: Option<String>,
}

impl Note {
    pub fn info(message: impl Into<String>) -> Note {
        Note {
            level: Level::Note,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Note {
        Note {
            level: Level::Warning,
            message: message.into(),
            hint: None,
        }
    }

    pub fn error(message: impl Into<String>) -> Note {
        Note {
            level: Level::Error,
            message: message.into(),
            hint: None,
        }
    }

    /// A line without a label, saying what was done: `wrote report.html`.
    pub fn plain(message: impl Into<String>) -> Note {
        Note {
            level: Level::Plain,
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Note {
        self.hint = Some(hint.into());
        self
    }
}

/// Quarters, or runs of quarters, a collapsed note names at most: the rest are counted.
pub const QUARTERS_NAMED: usize = 8;

/// Consecutive quarters at least this many are named as one run: `2006-Q4 to 2026-Q2 (79
/// quarters)`, without each one's detail, or with it when they share it: `2025-Q4 to 2026-Q2
/// (6 of 7 each)`.
pub const RUN: usize = 3;

/// One note for what several quarters have in common, rather than a line each: `one` words
/// the note of a single quarter (its key and detail), `many` that of several, given their
/// count and the list `2019-Q1 to 2024-Q4 (24 quarters), 2025-Q3 (5 of 6), 2025-Q4 (4 of 6)
/// and 3 more`: runs of `RUN` quarters or more in a row by their first and last, the others
/// with their detail, so that a warning about 80 quarters reads in a line or two.
pub fn of_quarters(
    level: Level,
    items: &[(Quarter, String)],
    one: impl FnOnce(&Quarter, &str) -> String,
    many: impl FnOnce(usize, &str) -> String,
) -> Option<Note> {
    let message = match items {
        [] => return None,
        [(quarter, detail)] => one(quarter, detail),
        _ => {
            let named = named_runs(items);
            let list = crate::text::some_of(named.iter().map(String::as_str), QUARTERS_NAMED);
            many(items.len(), &list)
        }
    };
    Some(Note {
        level,
        message,
        hint: None,
    })
}

/// The items in order, a run of `RUN` or more consecutive quarters as one name.
fn named_runs(items: &[(Quarter, String)]) -> Vec<String> {
    let mut sorted: Vec<&(Quarter, String)> = items.iter().collect();
    sorted.sort_by_key(|(quarter, _)| *quarter);
    let mut named = Vec::new();
    let mut start = 0;
    while start < sorted.len() {
        let mut end = start + 1;
        while end < sorted.len() && sorted[end].0 == sorted[end - 1].0.next() {
            end += 1;
        }
        let run = &sorted[start..end];
        if run.len() >= RUN {
            let (first, last) = (&run[0], &run[run.len() - 1]);
            let alike = run.iter().all(|(_, detail)| *detail == first.1);
            named.push(if alike {
                format!("{} to {} ({} each)", first.0, last.0, first.1)
            } else {
                format!("{} to {} ({} quarters)", first.0, last.0, run.len())
            });
        } else {
            named.extend(
                run.iter()
                    .map(|(quarter, detail)| format!("{quarter} ({detail})")),
            );
        }
        start = end;
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quarter(year: i32, number: u8) -> Quarter {
        Quarter { year, number }
    }

    #[test]
    fn notes_of_several_quarters_are_one() {
        let one = |q: &Quarter, d: &str| format!("{q}: {d}");
        let many = |n: usize, list: &str| format!("{n} quarters: {list}");
        assert_eq!(of_quarters(Level::Note, &[], one, many), None);
        let single = of_quarters(Level::Note, &[(quarter(2024, 1), "a".into())], one, many);
        assert_eq!(single.unwrap().message, "2024-Q1: a");
        // Every other quarter: no run, the first eight named with their detail.
        let items: Vec<(Quarter, String)> = (0..10)
            .map(|i| (quarter(2000 + i, 1 + (i % 2) as u8 * 2), "x".to_string()))
            .collect();
        let note = of_quarters(Level::Warning, &items, one, many).unwrap();
        assert_eq!(
            note.message,
            "10 quarters: 2000-Q1 (x), 2001-Q3 (x), 2002-Q1 (x), 2003-Q3 (x), 2004-Q1 (x), \
             2005-Q3 (x), 2006-Q1 (x), 2007-Q3 (x) and 2 more"
        );
    }

    #[test]
    fn quarters_in_a_row_are_named_as_a_run() {
        let many = |n: usize, list: &str| format!("{n} quarters: {list}");
        // 2006-Q4 to 2026-Q2 but 2010-Q1, latest first; then two in a row, which keep details.
        let mut items: Vec<(Quarter, String)> = Vec::new();
        let mut q = quarter(2006, 4);
        while q <= quarter(2026, 2) {
            if q != quarter(2010, 1) {
                items.push((q, format!("{} of 30", q.year - 1990)));
            }
            q = q.next();
        }
        items.reverse();
        let note = of_quarters(Level::Warning, &items, |_, _| unreachable!(), many).unwrap();
        assert_eq!(
            note.message,
            "78 quarters: 2006-Q4 to 2009-Q4 (13 quarters), 2010-Q2 to 2026-Q2 (65 quarters)"
        );
        let pair = [
            (quarter(2025, 3), "5 of 6".to_string()),
            (quarter(2025, 4), "4 of 6".to_string()),
        ];
        let note = of_quarters(Level::Warning, &pair, |_, _| unreachable!(), many).unwrap();
        assert_eq!(
            note.message,
            "2 quarters: 2025-Q3 (5 of 6), 2025-Q4 (4 of 6)"
        );
    }
}
