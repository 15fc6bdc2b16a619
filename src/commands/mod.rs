//! One file per command group: load, compute, render; nothing else. Every command returns
//! `error::Result<()>`, and `main` turns its error into output and an exit code.

mod agency;
mod agency_list;
mod agreement;
mod attention;
mod completions;
mod fidelity;
mod hook;
mod init;
mod man;
mod outcomes;
mod report;
mod validate;

use crate::cli::{AsOf, Cli, Command};
use crate::error::Result;
use crate::repo::{self, Needs, Repository};
use anyhow::Context;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

pub fn run(cli: Cli) -> Result<()> {
    let repo_flag = cli.repo.as_deref();
    match cli.command {
        Command::Init(args) => init::run(repo_flag, &args),
        Command::Validate(args) => validate::run(repo_flag, &args),
        Command::Fidelity(command) => fidelity::run(repo_flag, &command),
        Command::Outcomes(command) => outcomes::run(repo_flag, &command),
        Command::Agreement(command) => agreement::run(repo_flag, &command),
        Command::Report(args) => report::run(repo_flag, &args),
        Command::Agency(command) => agency::run(repo_flag, &command),
        Command::Hook(command) => hook::run(repo_flag, &command),
        Command::Attention(args) => attention::run(repo_flag, &args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
    }
}

/// Finds the repository root the way `--help` describes.
pub fn find_root(flag: Option<&Path>) -> Result<PathBuf> {
    let env = std::env::var_os("IPS_REPO")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    Ok(repo::find_root(flag, env.as_deref(), &cwd)?)
}

/// The one road in: finds the repository, reads what `needs` names, and checks the
/// `--agency`/`--jurisdiction` filter against what is there.
pub fn load(flag: Option<&Path>, needs: &Needs) -> Result<Repository> {
    let repo = repo::load(&find_root(flag)?, needs)?;
    needs.places.check(&repo)?;
    Ok(repo)
}

/// The date a command judges by: --as-of, else today.
pub fn as_of(arg: &AsOf) -> NaiveDate {
    arg.as_of.unwrap_or_else(today)
}

/// Today's date: the only place that reads the clock.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
