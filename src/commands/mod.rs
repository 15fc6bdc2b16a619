//! One file per command group: load, compute, render; nothing else.

mod agreement;
mod fidelity;
mod init;
mod outcomes;
mod validate;

use crate::cli::{AsOf, Cli, Command};
use crate::repo::{self, Repository};
use anyhow::{Context, Result};
use chrono::NaiveDate;
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

/// The date a command judges by: --as-of, else today. The only place that reads the clock.
pub fn as_of(arg: &AsOf) -> NaiveDate {
    arg.as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}
