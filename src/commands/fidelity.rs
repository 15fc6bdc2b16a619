//! `ips fidelity`: schedule, show and new. Each subcommand has its own file; this one holds
//! what they share: finding the agency named on the command line, and refusing to compute from
//! files that have errors.

mod new;
mod schedule;
mod show;

pub(super) use super::find_agency;
use super::refuse;
use crate::cli::fidelity::FidelityCommand;
use crate::repo::{AGENCIES_DIR, Repository, SETTINGS_FILE};
use crate::validate;
use anyhow::Result;
use std::path::Path;
use std::process::ExitCode;

pub fn run(repo_flag: Option<&Path>, command: &FidelityCommand) -> Result<ExitCode> {
    match command {
        FidelityCommand::Schedule(args) => schedule::run(repo_flag, args),
        FidelityCommand::Show(args) => show::run(repo_flag, args),
        FidelityCommand::New(args) => new::run(repo_flag, args),
    }
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
    let errors = validate::load_errors(repo, |path| scope.contains(path));
    if errors.is_empty() {
        return Ok(None);
    }
    let files = repo
        .files_read
        .iter()
        .filter(|path| scope.contains(path))
        .count();
    let why = format!(
        "cannot compute {what}: the files it reads have errors (fix them, then run it again)"
    );
    refuse(errors, files, &why).map(Some)
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
