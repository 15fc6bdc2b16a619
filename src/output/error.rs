//! How a failed command reads on stderr: `error: ...`, an indented `hint:`, and for data errors
//! the findings as `ips validate` lists them.

use super::diagnostics::{self, DiagnosticFormat};
use super::terminal::Terminal;
use super::wrap::hanging;
use crate::diagnostic;
use crate::error::Error;
use crate::text::escape_controls;
use std::io::{self, Write};

/// The error on stderr, coloured for `terminal` and its message and hint wrapped to its stderr
/// width as notes are (the findings stay a line each, as editors and CI read them).
pub fn render(error: &Error, terminal: Terminal, out: &mut dyn Write) -> io::Result<()> {
    let color = terminal.stderr_color;
    let message = |text: &str, hint: Option<&str>, out: &mut dyn Write| {
        message(text, hint, terminal.stderr_width, out)
    };
    match error {
        Error::Usage(usage) => message(&usage.message, usage.hint.as_deref(), out),
        Error::Data(data) if data.diagnostics.is_empty() => {
            message(&data.why, data.hint.as_deref(), out)
        }
        Error::Data(data) => {
            message(&data.why, data.hint.as_deref(), out)?;
            diagnostics::render(
                &data.diagnostics,
                diagnostic::count(&data.diagnostics),
                data.files,
                DiagnosticFormat::Human,
                color,
                None,
                out,
            )
        }
        Error::Failed { message: None } => Ok(()),
        Error::Failed {
            message: Some(text),
        } => message(text, None, out),
        Error::System(error) => writeln!(out, "error: {}", escape_controls(&format!("{error:#}"))),
    }
}

/// Messages name paths and values from the repository: their control characters are escaped.
fn message(
    text: &str,
    hint: Option<&str>,
    width: Option<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let text = hanging(&escape_controls(text), "error: ".len(), width);
    writeln!(out, "error: {text}")?;
    if let Some(hint) = hint {
        let hint = hanging(&escape_controls(hint), "  hint: ".len(), width);
        writeln!(out, "  hint: {hint}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::usage;

    #[test]
    fn a_usage_error_reads_like_a_diagnostic_with_its_hint() {
        let mut out = Vec::new();
        let error = Error::from(usage("no agency `x`").hint("known agencies: a, b"));
        render(&error, Terminal::default(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "error: no agency `x`\n  hint: known agencies: a, b\n"
        );
        assert_eq!(error.exit_code(), 2);
    }

    #[test]
    fn on_a_terminal_an_error_wraps_under_its_text() {
        let mut out = Vec::new();
        let error = Error::from(
            usage("no agency `lakeshore-north` in agencies/")
                .hint("known agencies: eastbay-wellness, ggz-noorderzon, harbour-health"),
        );
        let terminal = Terminal {
            stderr_width: Some(40),
            ..Terminal::default()
        };
        render(&error, terminal, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "error: no agency `lakeshore-north` in
       agencies/
  hint: known agencies:
        eastbay-wellness,
        ggz-noorderzon, harbour-health
"
        );
    }
}
