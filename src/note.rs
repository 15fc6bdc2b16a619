//! Notes and warnings that a command has for its user beside its output: data, collected by
//! the command and rendered on stderr in one place (`output::notes`), escaped and coloured as
//! diagnostics are.

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

/// Quarters a collapsed note names at most: the rest are counted.
pub const QUARTERS_NAMED: usize = 8;

/// One note for what several quarters have in common, rather than a line each: `one` words
/// the note of a single quarter (its key and detail), `many` that of several, given the list
/// `2025-Q3 (5 of 6), 2025-Q4 (4 of 6) and 3 more`.
pub fn of_quarters<Q: std::fmt::Display>(
    level: Level,
    items: &[(Q, String)],
    one: impl FnOnce(&Q, &str) -> String,
    many: impl FnOnce(usize, &str) -> String,
) -> Option<Note> {
    let message = match items {
        [] => return None,
        [(quarter, detail)] => one(quarter, detail),
        _ => {
            let named: Vec<String> = items
                .iter()
                .map(|(quarter, detail)| format!("{quarter} ({detail})"))
                .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_of_several_quarters_are_one() {
        let one = |q: &u32, d: &str| format!("{q}: {d}");
        let many = |n: usize, list: &str| format!("{n} quarters: {list}");
        assert_eq!(of_quarters::<u32>(Level::Note, &[], one, many), None);
        let single = of_quarters(Level::Note, &[(1, "a".to_string())], one, many).unwrap();
        assert_eq!(single.message, "1: a");
        let items: Vec<(u32, String)> = (1..=10).map(|q| (q, "x".to_string())).collect();
        let note = of_quarters(Level::Warning, &items, one, many).unwrap();
        assert_eq!(
            note.message,
            "10 quarters: 1 (x), 2 (x), 3 (x), 4 (x), 5 (x), 6 (x), 7 (x), 8 (x) and 2 more"
        );
    }
}
