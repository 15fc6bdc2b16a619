//! `ips agreement status` and `ips agreement log`. Each subcommand has its own file.

mod log;
mod status;

use crate::cli::agreement::AgreementCommand;
use crate::error::Result;
use std::path::Path;

pub fn run(repo_flag: Option<&Path>, command: &AgreementCommand) -> Result<()> {
    match command {
        AgreementCommand::Status(args) => status::run(repo_flag, args),
        AgreementCommand::Log(args) => log::run(repo_flag, args),
    }
}
