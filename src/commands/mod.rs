//! One file per command group: load, compute, render; nothing else.

mod agency;
mod agreement;
mod fidelity;
mod init;
mod outcomes;
mod validate;

use crate::cli::{AsOf, Cli, Command};
use crate::diagnostic::{self, Diagnostic};
use crate::output::diagnostics::{self as render_diagnostics, DiagnosticFormat};
use crate::repo::toml_fields::closest;
use crate::repo::{self, AGENCIES_DIR, AgencyRecord, Repository};
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The data has errors (or warnings, under --strict).
pub const EXIT_DATA_ERRORS: u8 = 1;
/// ips could not run: no repository, an unreadable path, bad arguments.
pub const EXIT_COULD_NOT_RUN: u8 = 2;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let repo_flag = cli.repo.as_deref();
    match cli.command {
        Command::Init(args) => init::run(&args),
        Command::Validate(args) => validate::run(repo_flag, &args),
        Command::Fidelity(command) => fidelity::run(repo_flag, &command),
        Command::Outcomes(command) => outcomes::run(repo_flag, &command),
        Command::Agreement(command) => agreement::run(repo_flag, &command),
        Command::Agency(command) => agency::run(repo_flag, &command),
    }
}

/// Finds the repository root the way `--help` describes.
pub fn find_root(flag: Option<&Path>) -> Result<PathBuf> {
    let env = std::env::var_os("IPS_REPO")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    repo::find_root(flag, env.as_deref(), &cwd)
}

pub fn open_repository(flag: Option<&Path>) -> Result<Repository> {
    let root = find_root(flag)?;
    repo::load(&root)
}

/// The date a command judges by: --as-of, else today.
pub fn as_of(arg: &AsOf) -> NaiveDate {
    arg.as_of.unwrap_or_else(today)
}

/// Today's date: the only place that reads the clock.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The hint for an agency id that names no agency folder: the closest known id, or the list, so
/// that a misspelt agency reads the same in every command.
pub fn agency_hint(name: &str, known: &[&str]) -> String {
    match (closest(name, known), known.is_empty()) {
        (_, true) => format!(
            "this repository has no agencies yet: add one with `ips agency new {name} --jurisdiction ID`"
        ),
        (Some(near), _) => format!(
            "did you mean `{near}`? Known agencies: {}",
            known.join(", ")
        ),
        (None, _) => format!("known agencies: {}", known.join(", ")),
    }
}

/// The agency with folder `id`, or an error (exit 2) that names the known agencies.
pub fn find_agency<'r>(repo: &'r Repository, id: &str) -> Result<&'r AgencyRecord> {
    if let Some(record) = repo.agency(id) {
        return Ok(record);
    }
    let known: Vec<&str> = repo.agencies.iter().map(|a| a.folder.as_str()).collect();
    bail!(
        "no agency `{id}`: there is no {AGENCIES_DIR}/{id}/ folder\n  hint: {}",
        agency_hint(id, &known)
    )
}

/// `--jurisdiction` values must be declared in ips.toml: an unknown one is a mistake on the
/// command line (exit 2), not an empty answer.
pub fn check_jurisdiction_filter(repo: &Repository, wanted: &[String]) -> Result<()> {
    if settings_have_errors(repo) {
        // Its jurisdictions are unknown; the command's refusal lists ips.toml's errors instead.
        return Ok(());
    }
    let known = repo.settings.jurisdiction_ids();
    if let Some(unknown) = wanted.iter().find(|id| !known.contains(&id.as_str())) {
        bail!(
            "--jurisdiction {unknown}: no such jurisdiction in ips.toml\n  hint: the jurisdictions declared under [[jurisdictions]] are: {}",
            known.join(", ")
        );
    }
    Ok(())
}

/// Whether ips.toml has errors, so that its settings are partly defaults.
pub fn settings_have_errors(repo: &Repository) -> bool {
    repo.diagnostics
        .iter()
        .any(|d| d.is_error() && d.path == repo::SETTINGS_FILE)
}

/// Refuses to compute from data with errors: says why on stderr, then lists the errors the way
/// `ips validate` does (stdout is for results), and returns exit code 1. Warnings never refuse.
pub fn refuse(found: Vec<Diagnostic>, files: usize, why: &str) -> Result<ExitCode> {
    let mut errors: Vec<Diagnostic> = found.into_iter().filter(Diagnostic::is_error).collect();
    diagnostic::sort(&mut errors);
    let mut err = std::io::stderr().lock();
    writeln!(err, "error: {why}")?;
    render_diagnostics::render(
        &errors,
        diagnostic::count(&errors),
        files,
        DiagnosticFormat::Human,
        render_diagnostics::use_color(&std::io::stderr()),
        &mut err,
    )?;
    Ok(ExitCode::from(EXIT_DATA_ERRORS))
}
