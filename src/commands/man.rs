//! `ips man DIR`: the manual pages, made by clap_mangen from the command line itself (its
//! help texts), one for ips and one for each command and subcommand. Never overwrites a page
//! without --force.

use crate::cli::{Cli, ManArgs};
use crate::error::{Result, usage};
use crate::write::{self, Existing};
use clap::CommandFactory;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(args: &ManArgs) -> Result<()> {
    let pages = pages()?;
    let dir = &args.dir;
    if dir.symlink_metadata().is_ok() && !dir.is_dir() {
        return Err(usage(format!(
            "{} is not a folder: nothing was written",
            dir.display()
        ))
        .hint("name a folder for the pages (it is created if missing)")
        .into());
    }
    if !args.force {
        refuse_existing(dir, &pages)?;
    }
    let files: Vec<(PathBuf, &[u8])> = pages
        .iter()
        .map(|(name, page)| (dir.join(name), page.as_slice()))
        .collect();
    let existing = if args.force {
        Existing::Replace
    } else {
        Existing::Refuse
    };
    write::all(&files, existing)?;
    writeln!(
        std::io::stdout().lock(),
        "wrote {} man pages to {} (try `man -l {}`)",
        pages.len(),
        dir.display(),
        dir.join("ips.1").display()
    )?;
    Ok(())
}

/// Every page as (file name, roff text): ips.1 first, then each command before its
/// subcommands, in the order `--help` lists them.
pub fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    add_pages(&command, &mut pages)?;
    Ok(pages)
}

fn add_pages(command: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render(&mut page)?;
    pages.push((man.get_filename(), page));
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        add_pages(sub, pages)?;
    }
    Ok(())
}

/// Refuses, writing nothing, when any of the pages is already in `dir`.
fn refuse_existing(dir: &Path, pages: &[(String, Vec<u8>)]) -> Result<()> {
    let there: Vec<&str> = pages
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| dir.join(name).symlink_metadata().is_ok())
        .collect();
    match there.is_empty() {
        true => Ok(()),
        false => Err(exists(dir, &there).into()),
    }
}

fn exists(dir: &Path, there: &[&str]) -> crate::error::Usage {
    let first = dir.join(there[0]);
    let message = match there.len() {
        1 => format!("{} already exists: nothing was written", first.display()),
        n => format!(
            "{} and {} more of the pages already exist: nothing was written",
            first.display(),
            n - 1
        ),
    };
    usage(message).hint(format!(
        "pass --force to replace the pages in {}, or choose another folder",
        dir.display()
    ))
}
