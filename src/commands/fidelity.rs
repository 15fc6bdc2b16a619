//! `ips fidelity`: schedule, show and new. Each subcommand has its own file.

mod items;
mod new;
mod plan_new;
mod plan_status;
mod report;
mod schedule;
mod show;

use crate::cli::fidelity::{FidelityCommand, PlanCommand};
use crate::error::Result;
use std::path::Path;

pub fn run(repo_flag: Option<&Path>, command: &FidelityCommand) -> Result<()> {
    match command {
        FidelityCommand::Schedule(args) => schedule::run(repo_flag, args),
        FidelityCommand::Show(args) => show::run(repo_flag, args),
        FidelityCommand::New(args) => new::run(repo_flag, args),
        FidelityCommand::Items(args) => items::run(repo_flag, args),
        FidelityCommand::Report(args) => report::run(repo_flag, args),
        FidelityCommand::Plan { command } => match command {
            PlanCommand::New(args) => plan_new::run(repo_flag, args),
            PlanCommand::Status(args) => plan_status::run(repo_flag, args),
        },
    }
}
