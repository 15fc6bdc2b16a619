//! `ips outcomes diff REV [REV2]`: every count restated between two revisions, with the commit
//! that changed it, and each affected quarter's pooled totals before and after. git says which
//! outcome files differ; `outcomes::diff` compares their checked rows.

use super::shared::render;
use crate::cli::outcomes::DiffArgs;
use crate::commands::{as_of, find_root};
use crate::error::{Result, usage};
use crate::filter::Places;
use crate::gate;
use crate::git::Git;
use crate::note::Note;
use crate::outcomes::diff::{self, ChangedFile, Restatement};
use crate::outcomes::shape::TOTAL;
use crate::outcomes::summarize::Counts;
use crate::output::{Cell, Table, notes};
use crate::repo::tree::Tree;
use crate::repo::tree::git::Snapshot;
use crate::repo::{self, Needs, OUTCOMES_DIR, Parts, Repository};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::path::Path;

const COLUMNS: [&str; 8] = [
    "quarter",
    "jurisdiction",
    "agency",
    "team",
    "field",
    "old",
    "new",
    "commit",
];

pub fn run(repo_flag: Option<&Path>, args: &DiffArgs) -> Result<()> {
    let out = args.format.open()?;
    let root = find_root(repo_flag)?;
    let Compared {
        restatement,
        warning,
        ..
    } = restated(
        &root,
        &args.rev,
        args.rev2.as_deref(),
        &Places::all(),
        as_of(&args.as_of),
        args.allow_invalid,
    )?;
    render(&table(&restatement), args.format.format, out)?;
    let mut notes: Vec<Note> = warning.into_iter().collect();
    if restatement.changes.is_empty() {
        let other = args.rev2.as_deref().unwrap_or("the working tree");
        notes.push(Note::info(format!(
            "no outcome count differs between {} and {other}",
            args.rev
        )));
    }
    Ok(notes::print(&notes)?)
}

/// What `restated` found, and the commit it compared from.
pub(crate) struct Compared {
    pub restatement: Restatement,
    /// The old revision's commit, abbreviated as git abbreviates it.
    pub old_commit: String,
    /// What --allow-invalid left out.
    pub warning: Option<Note>,
}

/// The counts restated between `rev` and `rev2` (None: the working tree) of the data
/// repository at `root`, in the outcome files of `places` (the quarters' totals are theirs
/// too), read through git and gated as pooled figures are (errors in either revision refuse,
/// unless `allow_invalid`). What `outcomes diff` prints, and a report's "restated since".
pub(crate) fn restated(
    root: &Path,
    rev: &str,
    rev2: Option<&str>,
    places: &Places,
    as_of: NaiveDate,
    allow_invalid: bool,
) -> Result<Compared> {
    let git = Git::at(root, "compare outcomes between revisions")?;
    let old = git.require_commit(rev)?;
    let old_commit = git.short(&old);
    let new = rev2.map(|rev| git.require_commit(rev)).transpose()?;
    let mut files = changed_files(&git, &old, new.as_deref())?;
    if files.is_empty() {
        // No outcome file differs: nothing to read, no count restated.
        return Ok(Compared {
            restatement: Restatement::default(),
            old_commit,
            warning: None,
        });
    }
    let sides = [(Some(old.as_str()), Some(rev)), (new.as_deref(), rev2)];
    let (old_repo, new_repo) = load_both(&git, root, sides, places)?;
    // A file of an agency outside `places` (in either state) is no change of theirs.
    let ours = |agency: &str| match (old_repo.agency(agency), new_repo.agency(agency)) {
        (None, None) => {
            !old_repo.has_folder(agency)
                && !new_repo.has_folder(agency)
                && places.wants(agency, None)
        }
        _ => true,
    };
    files.retain(|file| ours(&file.agency));
    let restatement = diff::restatements(&old_repo, &new_repo, &files, as_of);
    let new_commit = new.as_deref().map(|commit| git.short(commit));
    let sides = [
        gate::Side {
            repo: &old_repo,
            label: Some(&old_commit),
            problems: &restatement.old_problems,
        },
        gate::Side {
            repo: &new_repo,
            label: new_commit.as_deref(),
            problems: &restatement.new_problems,
        },
    ];
    let warning = gate::pooled_revisions(sides, allow_invalid)?;
    Ok(Compared {
        restatement,
        old_commit,
        warning,
    })
}

/// The repository at the old revision and at the new one (no commit: the working tree), each
/// with ips.toml, the agency.toml of `places` and the quarter folders: all that pooled figures
/// need.
fn load_both(
    git: &Git,
    root: &Path,
    [(old, rev), (new, rev2)]: [(Option<&str>, Option<&str>); 2],
    places: &Places,
) -> Result<(Repository, Repository)> {
    let needs = Needs {
        places: places.clone(),
        parts: Parts::NONE,
        outcomes: true,
        ..Needs::default()
    };
    let at = |commit: &str, rev: &str| -> Result<Tree> {
        let tree = Tree::git(root, Snapshot::commit(git, commit)?);
        // Before the data repository was made (or moved) there is nothing to compare with: not
        // an error in the data, which no edit could fix.
        if !tree.is_file(repo::SETTINGS_FILE) {
            return Err(usage(format!(
                "there is no data repository at {rev}: it has no {}",
                repo::SETTINGS_FILE
            ))
            .hint("compare with a revision after the repository's first commit")
            .into());
        }
        Ok(tree)
    };
    let load = |side: (Option<&str>, Option<&str>)| -> Result<Repository> {
        Ok(match side {
            (Some(commit), Some(rev)) => repo::load_tree(at(commit, rev)?, &needs)?,
            _ => repo::load(root, &needs)?,
        })
    };
    Ok((load((old, rev))?, load((new, rev2))?))
}

/// The outcome files that differ between `old` and `new` (None: the working tree, untracked
/// files included), each with the commit that last changed it in between.
fn changed_files(git: &Git, old: &str, new: Option<&str>) -> Result<Vec<ChangedFile>> {
    let below = format!("{OUTCOMES_DIR}/");
    let (changes, commits, uncommitted) = match new {
        Some(new) => (
            git.tree_changes(old, new, &below)?,
            git.last_commits(&format!("{old}..{new}"), &below)?,
            HashSet::new(),
        ),
        None => {
            let changes = git.worktree_changes(old, &below)?;
            if changes.is_empty() {
                return Ok(Vec::new());
            }
            match git.head()? {
                // Against HEAD itself, every change is uncommitted.
                Some(head) if head == old => {
                    let all = paths(changes.clone());
                    (changes, HashMap::new(), all)
                }
                Some(head) => (
                    changes,
                    git.last_commits(&format!("{old}..{head}"), &below)?,
                    paths(git.worktree_changes(&head, &below)?),
                ),
                None => {
                    let all = paths(changes.clone());
                    (changes, HashMap::new(), all)
                }
            }
        }
    };
    Ok(changes
        .into_iter()
        .filter_map(|change| {
            let commit = match uncommitted.contains(&change.path) {
                true => None,
                false => commits.get(&change.path).cloned(),
            };
            ChangedFile::at(&change.path, commit)
        })
        .collect())
}

fn paths(changes: Vec<crate::git::Change>) -> HashSet<String> {
    changes.into_iter().map(|change| change.path).collect()
}

/// The changed counts of each quarter, then its totals before and after.
fn table(restatement: &Restatement) -> Table {
    let mut table = Table::new(&COLUMNS);
    for totals in &restatement.quarters {
        let quarter = Cell::text(totals.quarter.to_string());
        for change in restatement
            .changes
            .iter()
            .filter(|c| c.quarter == totals.quarter)
        {
            table.push(vec![
                quarter.clone(),
                Cell::text(&change.jurisdiction),
                Cell::text(&change.agency),
                Cell::text(&change.team),
                Cell::text(change.field.name()),
                Cell::count(change.old),
                Cell::count(change.new),
                change.commit.clone().map_or(Cell::Empty, Cell::Commit),
            ]);
        }
        for field in ["served", "employed", "rate"] {
            let cell = |counts: &Option<Counts>| match (counts, field) {
                (None, _) => Cell::Empty,
                (Some(c), "served") => Cell::Count(c.served),
                (Some(c), "employed") => Cell::Count(c.employed),
                (Some(c), _) => Cell::rate(c.rate()),
            };
            table.push(vec![
                quarter.clone(),
                Cell::text(TOTAL),
                Cell::text(TOTAL),
                Cell::text(TOTAL),
                Cell::text(field),
                cell(&totals.before),
                cell(&totals.after),
                Cell::Empty,
            ]);
        }
    }
    table
}
