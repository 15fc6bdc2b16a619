//! `ips completions SHELL`: the shell's completion script, made by clap_complete from the
//! command line itself, so that it completes every command and flag there is.

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;
use clap::CommandFactory;
use std::io::Write;

pub fn run(args: &CompletionsArgs) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "ips", &mut script);
    // Written here, not by clap_complete, so that a closed pipe is an error and not a panic.
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}
