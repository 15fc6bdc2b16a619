//! Renders the notes and warnings of a command on stderr: the one place they are printed.

use super::terminal::paint;
use crate::note::{Level, Note};
use crate::text::escape_controls;
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

/// The styles of diagnostics: bold notes, bold yellow warnings, bold red errors, cyan hints.
const NOTE: Style = Style::new().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default();

/// `note: message` or `warning: message`, then `  hint: hint`. Messages quote the data (file
/// names, ids): their control characters are escaped, so that no escape sequence reaches the
/// terminal and no newline starts a line of its own (a forged `::notice` line in a CI log).
pub fn render(notes: &[Note], color: bool, out: &mut dyn Write) -> io::Result<()> {
    for note in notes {
        let style = match note.level {
            Level::Plain | Level::Note => NOTE,
            Level::Warning => WARNING,
            Level::Error => ERROR,
        };
        if let Some(label) = note.level.label() {
            write!(out, "{} ", paint(&format!("{label}:"), style, color))?;
        }
        writeln!(out, "{}", escape_controls(&note.message))?;
        if let Some(hint) = &note.hint {
            writeln!(
                out,
                "  {} {}",
                paint("hint:", HINT, color),
                escape_controls(hint)
            )?;
        }
    }
    Ok(())
}

/// The notes on stderr, coloured when stderr is a colour terminal.
pub fn print(notes: &[Note]) -> io::Result<()> {
    let color = super::terminal::get().stderr_color;
    let mut err = io::stderr().lock();
    render(notes, color, &mut err)?;
    err.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_escaped_to_one_line() {
        let notes = [
            Note::info("a\u{1b}[31m.csv\n::notice::forged"),
            Note::warning("w").hint("h\u{7}"),
            Note::plain("wrote r.html"),
        ];
        let mut out = Vec::new();
        render(&notes, false, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "note: a\\u{1b}[31m.csv\\n::notice::forged\nwarning: w\n  hint: h\\u{7}\nwrote r.html\n"
        );
    }
}
