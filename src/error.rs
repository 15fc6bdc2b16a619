//! The one error type of the command line. A command says what went wrong as data; `main`
//! alone turns it into output on stderr and an exit code (0, 1 or 2, as the README documents).

use crate::diagnostic::Diagnostic;

/// The data has errors (or, with `--strict`, warnings).
pub const EXIT_DATA_ERRORS: u8 = 1;
/// ips could not run: no repository, an unreadable path, bad arguments.
pub const EXIT_COULD_NOT_RUN: u8 = 2;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug)]
pub enum Error {
    /// ips could not do what was asked (exit 2): no repository, a flag naming nothing, a file
    /// in the way. Rendered `error: message` and `  hint: hint`.
    Usage(Usage),
    /// The data has errors (exit 1): what was not done and why, then the errors, listed as
    /// `ips validate` lists them.
    Data(DataErrors),
    /// The command ran and printed its output, and what it found fails the run (exit 1):
    /// validate's errors, `--fail-if-overdue`. `message`, if any, closes stderr.
    Failed { message: Option<String> },
    /// The system failed under ips (exit 2): an I/O error with its chain of context.
    System(anyhow::Error),
}

/// A mistake on the command line or in the way of the command, with how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    pub message: String,
    pub hint: Option<String>,
}

/// Data errors that stop (part of) a command.
#[derive(Debug)]
pub struct DataErrors {
    /// What was not done, and why: `the outcome data has errors, so nothing was summarized`.
    pub why: String,
    pub hint: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were read, for the closing count.
    pub files: usize,
}

/// A usage error: `usage("no agency `x`").hint("known agencies: a, b")`.
pub fn usage(message: impl Into<String>) -> Usage {
    Usage {
        message: message.into(),
        hint: None,
    }
}

impl Usage {
    pub fn hint(mut self, hint: impl Into<String>) -> Usage {
        self.hint = Some(hint.into());
        self
    }
}

impl DataErrors {
    /// The errors among `found`, in report order (warnings never stop a command).
    pub fn new(why: impl Into<String>, found: Vec<Diagnostic>, files: usize) -> DataErrors {
        let mut diagnostics: Vec<Diagnostic> =
            found.into_iter().filter(Diagnostic::is_error).collect();
        crate::diagnostic::cap(&mut diagnostics);
        crate::diagnostic::sort(&mut diagnostics);
        DataErrors {
            why: why.into(),
            hint: None,
            diagnostics,
            files,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> DataErrors {
        self.hint = Some(hint.into());
        self
    }
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Data(_) | Error::Failed { .. } => EXIT_DATA_ERRORS,
            Error::Usage(_) | Error::System(_) => EXIT_COULD_NOT_RUN,
        }
    }

    /// `ips ... | head` closes the pipe early; that is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        let Error::System(error) = self else {
            return false;
        };
        error
            .chain()
            .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
            .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// Exit 1 after the output, with nothing more to say.
    pub fn failed() -> Error {
        Error::Failed { message: None }
    }
}

/// The first line of what `main` prints, for logs and tests.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage(usage) => f.write_str(&usage.message),
            Error::Data(data) => f.write_str(&data.why),
            Error::Failed { message } => f.write_str(message.as_deref().unwrap_or("failed")),
            Error::System(error) => write!(f, "{error:#}"),
        }
    }
}

impl From<Usage> for Error {
    fn from(usage: Usage) -> Error {
        Error::Usage(usage)
    }
}

impl From<DataErrors> for Error {
    fn from(errors: DataErrors) -> Error {
        Error::Data(errors)
    }
}

impl From<anyhow::Error> for Error {
    fn from(error: anyhow::Error) -> Error {
        Error::System(error)
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Error {
        Error::System(error.into())
    }
}
