//! `ips agreement status` and `ips agreement log`. Each subcommand has its own file; this one
//! holds what they share: naming the known agencies, and refusing to work from files with errors.

mod atomic;
mod log;
mod status;

use super::EXIT_DATA_ERRORS;
use crate::cli::agreement::AgreementCommand;
use crate::diagnostic::{self, Diagnostic};
use crate::output::diagnostics::{self as printed, DiagnosticFormat};
use crate::repo::AGENCIES_DIR;
use crate::repo::toml_fields::closest;
use anyhow::Result;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(repo_flag: Option<&Path>, command: &AgreementCommand) -> Result<ExitCode> {
    match command {
        AgreementCommand::Status(args) => status::run(repo_flag, args),
        AgreementCommand::Log(args) => log::run(repo_flag, args),
    }
}

/// The hint for an unknown agency, worded as `ips fidelity` words it, so that a misspelt agency
/// reads the same in every command.
fn suggestion(name: &str, known: &[&str]) -> String {
    match (closest(name, known), known.is_empty()) {
        (_, true) => format!(
            "this repository has no agencies yet: create {AGENCIES_DIR}/{name}/agency.toml from data-templates/agency.toml"
        ),
        (Some(near), _) => format!(
            "did you mean `{near}`? Known agencies: {}",
            known.join(", ")
        ),
        (None, _) => format!("known agencies: {}", known.join(", ")),
    }
}

/// Prints why nothing was done, then the errors the way `ips validate` does (on stderr, since
/// stdout is for the result), as `ips fidelity` does; the data has errors, so exit 1. Warnings
/// do not stop a command and are left to `ips validate`.
fn refuse(found: Vec<Diagnostic>, files: usize, why: &str) -> Result<ExitCode> {
    let mut errors: Vec<Diagnostic> = found.into_iter().filter(Diagnostic::is_error).collect();
    diagnostic::sort(&mut errors);
    let mut err = std::io::stderr().lock();
    writeln!(err, "error: {why}")?;
    printed::render(
        &errors,
        diagnostic::count(&errors),
        files,
        DiagnosticFormat::Human,
        &mut err,
    )?;
    Ok(ExitCode::from(EXIT_DATA_ERRORS))
}
