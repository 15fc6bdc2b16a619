//! `ips init`: a new repository from the embedded templates. Never overwrites a file.

use crate::cli::InitArgs;
use crate::error::{Result, usage};
use crate::repo::{AGENCIES_DIR, OUTCOMES_DIR, SETTINGS_FILE};
use crate::write::{self, Created};
use std::io::Write;

/// The templates, embedded so that an installed ips works anywhere.
pub const SETTINGS_TEMPLATE: &str = include_str!("../../data-templates/ips.toml");
pub const README_TEMPLATE: &str = include_str!("../../data-templates/README.md");

pub fn run(args: &InitArgs) -> Result<()> {
    let dir = &args.dir;
    if dir.join(SETTINGS_FILE).exists() {
        return Err(usage(format!(
            "{} already has an {SETTINGS_FILE}: nothing was written",
            dir.display()
        ))
        .hint("this is already a data repository; run `ips validate` in it")
        .into());
    }
    let files: [(&str, &str); 4] = [
        (SETTINGS_FILE, SETTINGS_TEMPLATE),
        ("README.md", README_TEMPLATE),
        (&format!("{AGENCIES_DIR}/.gitkeep"), ""),
        (&format!("{OUTCOMES_DIR}/.gitkeep"), ""),
    ];
    // A link to nothing at one of these paths would be "kept", leaving no usable repository.
    for (name, _) in &files {
        let path = dir.join(name);
        let dangling = path.symlink_metadata().is_ok() && !path.exists();
        if dangling {
            let target = std::fs::read_link(&path).unwrap_or_default();
            return Err(usage(format!(
                "{} is a link to {}, which does not exist: nothing was written",
                path.display(),
                target.display()
            ))
            .hint(format!(
                "remove the link (or restore what it points to), then run `ips init {}` again",
                dir.display()
            ))
            .into());
        }
    }
    let mut out = std::io::stdout().lock();
    for (name, content) in files {
        let path = dir.join(name);
        match write::create_new(&path, content.as_bytes())? {
            Created::Written => writeln!(out, "created {}", path.display())?,
            Created::Exists => writeln!(out, "kept    {} (it already exists)", path.display())?,
        }
    }
    writeln!(
        out,
        "\nNext: edit {} (name, jurisdictions), add agencies with `ips agency new ID --jurisdiction ID`, then run `ips validate`.",
        dir.join(SETTINGS_FILE).display()
    )?;
    Ok(())
}
