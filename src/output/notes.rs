//! Renders the notes and warnings of a command on stderr: the one place they are printed.
//!
//! On a terminal of known width (COLUMNS, else stderr's own width) a note wraps to it (see
//! `output::wrap`), its later lines indented under the message, past the `warning: ` label;
//! a hint's under its text. Into a pipe or a file without COLUMNS a note is one line, as it
//! always was, so that a script or a test that reads stderr sees the same text anywhere.

use super::terminal::paint;
use super::wrap::hanging;
use crate::note::{Level, Note};
use crate::text::escape_controls;
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

/// The styles of diagnostics: bold notes, bold yellow warnings, bold red errors, cyan hints.
const NOTE: Style = Style::new().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default();

/// `note: message` or `warning: message`, then `  hint: hint`, each wrapped to `width` when
/// there is one. Messages quote the data (file names, ids): their control characters are
/// escaped, so that no escape sequence reaches the terminal and no newline starts a line of its
/// own (a forged `::notice` line in a CI log).
pub fn render(
    notes: &[Note],
    color: bool,
    width: Option<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    for note in notes {
        let style = match note.level {
            Level::Plain | Level::Note => NOTE,
            Level::Warning => WARNING,
            Level::Error => ERROR,
        };
        let label = note.level.label().map(|label| format!("{label}:"));
        let painted = label.as_deref().map(|label| paint(label, style, color));
        let indent = label.map_or(0, |label| label.len() + 1);
        write_wrapped(painted, indent, &note.message, width, out)?;
        if let Some(hint) = &note.hint {
            let label = format!("  {}", paint("hint:", HINT, color));
            write_wrapped(Some(label), "  hint: ".len(), hint, width, out)?;
        }
    }
    Ok(())
}

/// `label text`, the text escaped and wrapped to `width` with its later lines `indent`
/// columns in (the label's width, so that they line up under the text).
fn write_wrapped(
    label: Option<String>,
    indent: usize,
    text: &str,
    width: Option<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    if let Some(label) = label {
        write!(out, "{label} ")?;
    }
    writeln!(out, "{}", hanging(&escape_controls(text), indent, width))
}

/// The notes on stderr, coloured when stderr is a colour terminal and wrapped to its width.
pub fn print(notes: &[Note]) -> io::Result<()> {
    let terminal = super::terminal::get();
    let mut err = io::stderr().lock();
    render(
        notes,
        terminal.stderr_color,
        terminal.stderr_width,
        &mut err,
    )?;
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
        render(&notes, false, None, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "note: a\\u{1b}[31m.csv\\n::notice::forged\nwarning: w\n  hint: h\\u{7}\nwrote r.html\n"
        );
    }

    #[test]
    fn on_a_terminal_notes_wrap_under_their_text() {
        let notes = [
            Note::warning(
                "12 quarters have figures that are partial, as not every expected agency reported: 2023-Q1 to 2025-Q4",
            )
            .hint("ips outcomes missing --quarter Q names who has not reported"),
            Note::plain("wrote reports/2026-Q3-state-vocational-rehabilitation.html"),
        ];
        let mut out = Vec::new();
        render(&notes, true, Some(40), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\
\u{1b}[1m\u{1b}[33mwarning:\u{1b}[0m 12 quarters have figures that
         are partial, as not every
         expected agency reported:
         2023-Q1 to 2025-Q4
  \u{1b}[36mhint:\u{1b}[0m ips outcomes missing --quarter Q
        names who has not reported
wrote reports/2026-Q3-state-vocational-
rehabilitation.html
"
        );
    }
}
