//! How a failed command reads on stderr: `error: ...`, an indented `hint:`, and for data errors
//! the findings as `ips validate` lists them.

use super::diagnostics::{self, DiagnosticFormat};
use crate::diagnostic;
use crate::error::Error;
use crate::text::escape_controls;
use std::io::{self, Write};

pub fn render(error: &Error, color: bool, out: &mut dyn Write) -> io::Result<()> {
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
fn message(text: &str, hint: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "error: {}", escape_controls(text))?;
    if let Some(hint) = hint {
        writeln!(out, "  hint: {}", escape_controls(hint))?;
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
        render(&error, false, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "error: no agency `x`\n  hint: known agencies: a, b\n"
        );
        assert_eq!(error.exit_code(), 2);
    }
}
