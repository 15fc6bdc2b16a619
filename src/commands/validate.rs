//! `ips validate`

use super::{as_of, find_root};
use crate::cli::ValidateArgs;
use crate::diagnostic::Counts;
use crate::error::{Error, Result, usage};
use crate::git::Git;
use crate::note::Note;
use crate::output::wrap::hanging;
use crate::output::{self, Meta, diagnostics, notes};
use crate::progress::{self, Progress};
use crate::repo::tree::Tree;
use crate::repo::tree::git::Snapshot;
use crate::rules;
use crate::text::plural;
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
    let Checked {
        tree,
        selection,
        git,
    } = checked(&root, args)?;
    let as_of = as_of(&args.as_of);
    let report = match selection {
        Some(selection) => {
            let progress = Progress::default();
            progress::show_while("checking outcomes", "files", &progress, || {
                validate::validate_tree(tree, as_of, &selection, &progress)
            })?
        }
        // Nothing of the data is staged: nothing checked, so no settings read for the meta.
        None => validate::Report {
            diagnostics: Vec::new(),
            files_checked: 0,
            settings: Default::default(),
            quarters: Vec::new(),
        },
    };
    let mut report = report;
    let edited = match (&git, args.staged) {
        (Some(git), true) => edited_since_staged(git, &report.diagnostics),
        _ => Vec::new(),
    };
    if diagnostics::names_files_from_the_top(args.format) {
        name_files_from_the_top(git.as_ref(), &root, &mut report.diagnostics);
    }
    let counts = report.counts();
    let meta = Meta::new(&report.settings, as_of, report.quarters.iter().copied());
    diagnostics::render(
        &report.diagnostics,
        counts,
        report.files_checked,
        args.format,
        crate::output::terminal::get().stdout_color,
        Some(&meta),
        &mut out,
    )?;
    out.flush()?;
    notes::print(&edited.iter().map(|path| unstaged(path)).collect::<Vec<_>>())?;
    outcome(counts, args.strict)
}

/// Errors fail the run; with --strict, warnings too.
fn outcome(counts: Counts, strict: bool) -> Result<()> {
    if counts.errors > 0 {
        return Err(Error::failed());
    }
    if strict && counts.warnings > 0 {
        return Err(Error::Failed {
            message: Some(format!(
                "failed only because of --strict: {} and no errors (without --strict, warnings do not fail a run)",
                plural(counts.warnings, "warning")
            )),
        });
    }
    Ok(())
}

/// A file with errors whose fix is not staged. Its name is data: the renderer escapes it, and
/// the command to stage it quotes it for the shell.
fn unstaged(path: &str) -> Note {
    Note::info(format!(
        "{path} has changes that are not staged: the findings are of its staged version (`git add {}` to commit the fix)",
        crate::text::shell_quote(path)
    ))
}

/// The files with errors whose working copy differs from what is staged: a fix made but not
/// added, which the hook would otherwise reject without a word on why.
fn edited_since_staged(git: &Git, found: &[crate::diagnostic::Diagnostic]) -> Vec<String> {
    let with_errors: std::collections::BTreeSet<&str> = found
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.path.as_str())
        .collect();
    if with_errors.is_empty() {
        return Vec::new();
    }
    let Ok(changes) = git.unstaged_changes() else {
        return Vec::new();
    };
    // An unmerged file has its own finding, which says to resolve it.
    let unmerged: std::collections::BTreeSet<String> = changes
        .iter()
        .filter(|change| change.status == crate::git::Status::Unmerged)
        .map(|change| change.path.clone())
        .collect();
    let mut edited: Vec<String> = changes
        .into_iter()
        .map(|change| change.path)
        .filter(|path| with_errors.contains(path.as_str()) && !unmerged.contains(path))
        .collect();
    edited.dedup();
    edited
}

/// CI annotates files named from the top of the git repository: with the data in a subfolder,
/// its paths are prefixed with the folder. Outside a git work tree, paths stay as they are.
fn name_files_from_the_top(
    git: Option<&Git>,
    root: &Path,
    found: &mut [crate::diagnostic::Diagnostic],
) {
    let opened;
    let git = match git {
        Some(git) => git,
        None => match Git::at(root, "name files from the top of the work tree") {
            Ok(git) => {
                opened = git;
                &opened
            }
            Err(_) => return,
        },
    };
    if git.prefix().is_empty() {
        return;
    }
    for diagnostic in found {
        diagnostic.path = format!("{}{}", git.prefix(), diagnostic.path);
    }
}

/// What a run checks: the files of `tree` that `selection` names; no selection when git says
/// nothing changed.
struct Checked {
    tree: Tree,
    selection: Option<Selection>,
    /// The work tree git found, with --staged or --changed.
    git: Option<Git>,
}

/// The working tree and the named paths; or, with --staged or --changed, what git says changed.
fn checked(root: &Path, args: &ValidateArgs) -> Result<Checked> {
    if !args.staged && args.changed.is_none() {
        return Ok(Checked {
            tree: Tree::new(root),
            selection: Some(select(root, &args.paths)?),
            git: None,
        });
    }
    let purpose = match &args.changed {
        Some(rev) => format!("check what changed since {rev}"),
        None => "check what is staged".to_string(),
    };
    let git = Git::at(root, &purpose)?;
    let (tree, staged) = if args.staged {
        let (snapshot, changes) = Snapshot::staged(&git)?;
        (Tree::git(root, snapshot), changes)
    } else {
        (Tree::new(root), Vec::new())
    };
    let changes = match &args.changed {
        None => staged,
        Some(rev) => {
            let base = fork_point(&git, rev)?;
            if args.staged {
                git.staged_changes(Some(&base))?
            } else {
                git.worktree_changes(&base, "")?
            }
        }
    };
    if changes.is_empty() {
        let what = match (&args.changed, args.staged) {
            (None, _) => "no file of the data repository is staged".to_string(),
            (Some(rev), true) => {
                format!("no staged file of the data repository has changed since {rev}")
            }
            (Some(rev), false) => format!("no file of the data repository has changed since {rev}"),
        };
        notes::print(&[Note::info(format!("{what}: nothing to check"))])?;
        return Ok(Checked {
            tree,
            selection: None,
            git: Some(git),
        });
    }
    Ok(Checked {
        tree,
        selection: Some(Selection::changed(&changes)),
        git: Some(git),
    })
}

/// Where the current branch left `rev`: their merge base, so that changes made on `rev`
/// since do not count as the branch's own.
fn fork_point(git: &Git, rev: &str) -> Result<String> {
    let commit = git.require_commit(rev)?;
    let Some(head) = git.head()? else {
        return Ok(commit);
    };
    match git.merge_base(&commit, &head)? {
        Some(base) => Ok(base),
        None => Err(usage(format!(
            "`{rev}` and HEAD share no history here, so what changed since `{rev}` is unknown"
        ))
        .hint(if git.is_shallow() {
            "this clone holds only the latest commits: fetch the whole history (actions/checkout with fetch-depth: 0, GitLab's GIT_DEPTH: 0, or `git fetch --unshallow`)"
        } else {
            "name a revision this branch was made from, e.g. origin/main"
        })
        .into()),
    }
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
        return Ok(named_inside(root, path).unwrap_or_else(|| inside.to_path_buf()));
    }
    if path.is_relative()
        && let Ok(full) = root.join(path).canonicalize()
        && let Ok(inside) = full.strip_prefix(root)
    {
        let named = named_inside(root, &root.join(path));
        return Ok(named.unwrap_or_else(|| inside.to_path_buf()));
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

/// Where `path`, which leads to a place inside the repository, lies in it as named: a link is
/// named itself, not the file it points to, so that it is checked as a full run checks it.
fn named_inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let named = resolve_but_the_link(path).ok()?;
    named.strip_prefix(root).ok().map(Path::to_path_buf)
}

/// The full path of `path`, its folders' links resolved but not the last.
fn resolve_but_the_link(path: &Path) -> std::io::Result<PathBuf> {
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|metadata| metadata.file_type().is_symlink());
    match (is_link, path.parent(), path.file_name()) {
        (true, Some(folder), Some(name)) => {
            let folder = if folder.as_os_str().is_empty() {
                Path::new(".")
            } else {
                folder
            };
            Ok(folder.canonicalize()?.join(name))
        }
        _ => path.canonicalize(),
    }
}

/// Each rule in three lines, its text wrapped under `checks: ` on a terminal of known width.
fn list_rules(out: &mut dyn Write) -> std::io::Result<()> {
    let width = output::terminal::get().width;
    let indent = "  checks: ".len();
    for rule in rules::ALL {
        writeln!(out, "{} ({})", rule.id, rule.severity.as_str())?;
        writeln!(out, "  checks: {}", hanging(rule.checks, indent, width))?;
        writeln!(out, "  fix:    {}", hanging(rule.fix, indent, width))?;
    }
    Ok(())
}
