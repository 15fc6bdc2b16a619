//! `ips init`: a new repository from the embedded templates. Never overwrites a file.

use crate::cli::InitArgs;
use crate::repo::{AGENCIES_DIR, OUTCOMES_DIR, SETTINGS_FILE};
use anyhow::{Context, Result, bail};
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The templates, embedded so that an installed ips works anywhere.
pub const SETTINGS_TEMPLATE: &str = include_str!("../../data-templates/ips.toml");
pub const README_TEMPLATE: &str = include_str!("../../data-templates/README.md");

pub fn run(args: &InitArgs) -> Result<ExitCode> {
    let dir = &args.dir;
    if dir.join(SETTINGS_FILE).exists() {
        bail!(
            "{} already has an {SETTINGS_FILE}: nothing was written\n  hint: this is already a data repository; run `ips validate` in it",
            dir.display()
        );
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut out = std::io::stdout().lock();
    let files: [(&str, &str); 4] = [
        (SETTINGS_FILE, SETTINGS_TEMPLATE),
        ("README.md", README_TEMPLATE),
        (&format!("{AGENCIES_DIR}/.gitkeep"), ""),
        (&format!("{OUTCOMES_DIR}/.gitkeep"), ""),
    ];
    for (name, content) in files {
        let path = dir.join(name);
        if write_new(&path, content)? {
            writeln!(out, "created {}", path.display())?;
        } else {
            writeln!(out, "kept    {} (it already exists)", path.display())?;
        }
    }
    writeln!(
        out,
        "\nNext: edit {} (name, jurisdictions), add agencies with `ips agency new ID --jurisdiction ID`, then run `ips validate`.",
        dir.join(SETTINGS_FILE).display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a file that does not exist yet; returns false, writing nothing, if it exists.
pub fn write_new(path: &Path, content: &str) -> Result<bool> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    match file {
        Ok(mut file) => {
            file.write_all(content.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(true)
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(error) => Err(error).with_context(|| format!("cannot create {}", path.display())),
    }
}
