//! `ips agreement status` and `ips agreement log`. Each subcommand has its own file; this one
//! holds what they share: naming the known agencies, and refusing to work from files with errors.

mod atomic;
mod log;
mod status;

pub(super) use super::{agency_hint as suggestion, refuse};
use crate::cli::agreement::AgreementCommand;
use anyhow::Result;
use std::path::Path;
use std::process::ExitCode;

pub fn run(repo_flag: Option<&Path>, command: &AgreementCommand) -> Result<ExitCode> {
    match command {
        AgreementCommand::Status(args) => status::run(repo_flag, args),
        AgreementCommand::Log(args) => log::run(repo_flag, args),
    }
}
