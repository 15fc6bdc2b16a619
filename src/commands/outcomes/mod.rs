//! `ips outcomes summarize | export | new | form | import | missing | diff`: one file per command, each
//! parse, load, compute in crate::outcomes, render; `shared.rs` holds the little they share.

pub(crate) mod diff;
mod export;
mod form;
mod import;
mod missing;
mod new;
mod shared;
mod summarize;

pub(crate) use shared::ended;

use crate::cli::outcomes::OutcomesCommand;
use crate::error::Result;
use std::path::Path;

pub fn run(repo_flag: Option<&Path>, command: &OutcomesCommand) -> Result<()> {
    match command {
        OutcomesCommand::Summarize(args) => summarize::run(repo_flag, args),
        OutcomesCommand::Export(args) => export::run(repo_flag, args),
        OutcomesCommand::New(args) => new::run(repo_flag, args),
        OutcomesCommand::Form(args) => form::run(repo_flag, args),
        OutcomesCommand::Import(args) => import::run(repo_flag, args),
        OutcomesCommand::Missing(args) => missing::run(repo_flag, args),
        OutcomesCommand::Diff(args) => diff::run(repo_flag, args),
    }
}
