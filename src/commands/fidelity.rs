//! `ips fidelity`: schedule, show and new. Each subcommand has its own file; this one holds
//! what they share: finding the agency named on the command line, and refusing to compute from
//! files that have errors.

mod new;
mod schedule;
mod show;

use super::EXIT_DATA_ERRORS;
use crate::cli::fidelity::FidelityCommand;
use crate::diagnostic::{self, Diagnostic};
use crate::output::diagnostics::{self as render_diagnostics, DiagnosticFormat};
use crate::repo::toml_fields::closest;
use crate::repo::{AGENCIES_DIR, AgencyRecord, Repository, SETTINGS_FILE};
use crate::validate;
use anyhow::{Result, bail};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(repo_flag: Option<&Path>, command: &FidelityCommand) -> Result<ExitCode> {
    match command {
        FidelityCommand::Schedule(args) => schedule::run(repo_flag, args),
        FidelityCommand::Show(args) => show::run(repo_flag, args),
        FidelityCommand::New(args) => new::run(repo_flag, args),
    }
}

/// The agency with folder `id`, or an error (exit 2) that names the known agencies.
fn find_agency<'r>(repo: &'r Repository, id: &str) -> Result<&'r AgencyRecord> {
    if let Some(record) = repo.agency(id) {
        return Ok(record);
    }
    let known: Vec<&str> = repo.agencies.iter().map(|a| a.folder.as_str()).collect();
    let hint = match (closest(id, &known), known.is_empty()) {
        (_, true) => format!(
            "this repository has no agencies yet: create {AGENCIES_DIR}/{id}/agency.toml from data-templates/agency.toml"
        ),
        (Some(near), false) => format!(
            "did you mean `{near}`? Known agencies: {}",
            known.join(", ")
        ),
        (None, false) => format!("known agencies: {}", known.join(", ")),
    };
    bail!("no agency `{id}`: there is no {AGENCIES_DIR}/{id}/ folder\n  hint: {hint}")
}

/// Where a command reads: ips.toml and the folders of some or all agencies.
struct Scope<'a> {
    /// None: every agency.
    agencies: Option<Vec<&'a str>>,
}

impl Scope<'_> {
    fn contains(&self, path: &str) -> bool {
        if path == SETTINGS_FILE {
            return true;
        }
        let Some(rest) = path
            .strip_prefix(AGENCIES_DIR)
            .and_then(|rest| rest.strip_prefix('/'))
        else {
            return false;
        };
        match &self.agencies {
            None => true,
            Some(agencies) => agencies.iter().any(|agency| {
                rest == *agency
                    || rest
                        .strip_prefix(agency)
                        .is_some_and(|file| file.starts_with('/'))
            }),
        }
    }
}

/// Prints the errors in the files a command reads to stderr, the way `ips validate` does, and
/// returns exit code 1; None when there are none. A wrong or missing score must not reach a
/// schedule or a history. Warnings do not stop a command.
fn refuse_on_errors(repo: &Repository, scope: &Scope<'_>, what: &str) -> Result<Option<ExitCode>> {
    let mut errors: Vec<Diagnostic> = repo
        .diagnostics
        .iter()
        .cloned()
        .chain(validate::check_jurisdictions(repo))
        .filter(|d| d.is_error() && scope.contains(&d.path))
        .collect();
    if errors.is_empty() {
        return Ok(None);
    }
    diagnostic::sort(&mut errors);
    let files = repo
        .files_read
        .iter()
        .filter(|path| scope.contains(path))
        .count();
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "error: cannot compute {what}: the files it reads have errors (fix them, then run it again)"
    )?;
    render_diagnostics::render(
        &errors,
        diagnostic::count(&errors),
        files,
        DiagnosticFormat::Human,
        &mut err,
    )?;
    Ok(Some(ExitCode::from(EXIT_DATA_ERRORS)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_holds_ips_toml_and_its_agencies_folders() {
        let all = Scope { agencies: None };
        assert!(all.contains("ips.toml"));
        assert!(all.contains("agencies/riverbend/agency.toml"));
        assert!(all.contains("agencies/River Bend"));
        assert!(!all.contains("outcomes/2026-Q3/riverbend.csv"));
        let one = Scope {
            agencies: Some(vec!["river"]),
        };
        assert!(one.contains("ips.toml"));
        assert!(one.contains("agencies/river/fidelity/2024-03-12.toml"));
        assert!(one.contains("agencies/river"));
        assert!(!one.contains("agencies/riverbend/agency.toml"));
        assert!(!one.contains("agencies/lakeshore/agency.toml"));
    }
}
