//! `ips validate`

use super::{as_of, find_root};
use crate::cli::ValidateArgs;
use crate::error::{Error, Result, usage};
use crate::output::{Meta, diagnostics};
use crate::progress::{self, Progress};
use crate::rules;
use crate::validate::{self, Selection};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(repo_flag: Option<&Path>, args: &ValidateArgs) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if args.list_rules {
        list_rules(&mut out)?;
        return Ok(());
    }
    let root = find_root(repo_flag)?;
    let selection = select(&root, &args.paths)?;
    let progress = Progress::default();
    let as_of = as_of(&args.as_of);
    let report = progress::show_while("checking outcomes", "files", &progress, || {
        validate::validate(&root, as_of, &selection, &progress)
    })?;
    let counts = report.counts();
    let meta = Meta::new(&report.settings, as_of, report.quarters.iter().copied());
    diagnostics::render(
        &report.diagnostics,
        counts,
        report.files_checked,
        args.format,
        diagnostics::use_color(&std::io::stdout()),
        Some(&meta),
        &mut out,
    )?;
    out.flush()?;
    let failed = counts.errors > 0 || (args.strict && counts.warnings > 0);
    if failed {
        return Err(Error::failed());
    }
    Ok(())
}

/// Turns the named paths into paths relative to the root; each must exist inside the repository.
fn select(root: &Path, paths: &[PathBuf]) -> Result<Selection> {
    if paths.is_empty() {
        return Ok(Selection::everything());
    }
    let root = root.canonicalize().map_err(|error| {
        anyhow::Error::new(error)
            .context(format!("cannot read the repository at {}", root.display()))
    })?;
    let mut relative = Vec::new();
    for path in paths {
        let inside = inside_repository(&root, path)?;
        let parts: Vec<String> = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        relative.push(parts.join("/"));
    }
    Ok(Selection::paths(relative))
}

/// Where a named path lies in the repository. A relative path is taken from the current folder,
/// else from the repository's root, so that the paths ips prints (always from the root) work as
/// given with --repo from anywhere.
fn inside_repository(root: &Path, path: &Path) -> Result<PathBuf> {
    let from_here = path.canonicalize();
    if let Ok(full) = &from_here
        && let Ok(inside) = full.strip_prefix(root)
    {
        return Ok(inside.to_path_buf());
    }
    if path.is_relative()
        && let Ok(full) = root.join(path).canonicalize()
        && let Ok(inside) = full.strip_prefix(root)
    {
        return Ok(inside.to_path_buf());
    }
    Err(match from_here {
        Ok(_) => usage(format!(
            "{} is outside the repository {}",
            path.display(),
            root.display()
        ))
        .hint("name files inside the repository, or pass --repo"),
        Err(error) => usage(format!("cannot read {}: {error}", path.display())).hint(
            "name files or folders of the repository, from the current folder or from its root",
        ),
    }
    .into())
}

fn list_rules(out: &mut dyn Write) -> std::io::Result<()> {
    for rule in rules::ALL {
        writeln!(out, "{} ({})", rule.id, rule.severity.as_str())?;
        writeln!(out, "  checks: {}", rule.checks)?;
        writeln!(out, "  fix:    {}", rule.fix)?;
    }
    Ok(())
}
