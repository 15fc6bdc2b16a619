//! `ips validate`: every check of a repository, as one sorted list of diagnostics.

pub mod outcomes;
mod plan;

pub use plan::Selection;

use crate::diagnostic::{self, Diagnostic};
use crate::progress::Progress;
use crate::repo::tree::Tree;
use crate::repo::{self, Repository};
use crate::rules;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;

pub struct Report {
    /// Sorted by path, line and column.
    pub diagnostics: Vec<Diagnostic>,
    pub files_checked: usize,
    /// The settings read (defaults where ips.toml has errors), for the JSON document's meta.
    pub settings: crate::repo::model::Settings,
    /// The quarters whose outcome files were checked, in order.
    pub quarters: Vec<crate::calendar::Quarter>,
}

impl Report {
    pub fn counts(&self) -> diagnostic::Counts {
        diagnostic::count(&self.diagnostics)
    }
}

/// Checks what `selection` names, with the cross-file checks it takes part in, reading only
/// what those checks need (the rules' scopes say what that is).
pub fn validate(
    root: &Path,
    as_of: NaiveDate,
    selection: &Selection,
    progress: &Progress,
) -> anyhow::Result<Report> {
    validate_tree(Tree::new(root), as_of, selection, progress)
}

/// `validate` of the files of `tree`: the working tree, a commit or the staged index.
pub fn validate_tree(
    tree: Tree,
    as_of: NaiveDate,
    selection: &Selection,
    progress: &Progress,
) -> anyhow::Result<Report> {
    let mut plan = selection.plan(rules::ALL);
    plan.needs.as_of = Some(as_of);
    let repo = repo::load_tree(tree, &plan.needs)?;
    let mut diagnostics = repo.diagnostics.clone();
    diagnostics.extend(check_jurisdictions(&repo));
    diagnostics.extend(check_review_dates(&repo, as_of));
    if selection.is_everything() {
        diagnostics.extend(repo::root_leftovers(&repo.tree));
    }
    let files = plan.outcome_files(&repo, &mut diagnostics);
    progress.start(files.len());
    let outcome_diagnostics = files
        .par_iter()
        .map(|file| {
            let checked = outcomes::check_file(&repo, file, as_of);
            progress.advance();
            checked.diagnostics
        })
        .reduce(Vec::new, |mut all, found| {
            all.extend(found);
            all
        });
    diagnostics.extend(outcome_diagnostics);
    // The agencies whose outcome files were checked, for partial validation's reports.
    let checked: HashSet<&str> = match selection.is_everything() {
        true => HashSet::new(),
        false => files.iter().map(|file| &*file.agency).collect(),
    };
    diagnostics.retain(|d| plan.reports(d, &repo, &checked));
    diagnostic::cap(&mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    let files_checked = repo
        .files_read
        .iter()
        .filter(|path| selection.names(path))
        .count()
        + files.len();
    let mut quarters: Vec<crate::calendar::Quarter> = files.iter().map(|f| f.quarter).collect();
    quarters.dedup();
    Ok(Report {
        diagnostics,
        files_checked,
        settings: repo.settings.clone(),
        quarters,
    })
}

/// `unknown-jurisdiction`: each loaded agency's jurisdiction is declared in ips.toml. Nothing
/// when ips.toml itself could not be read: its one error says more than an error per agency.
pub fn check_jurisdictions(repo: &Repository) -> Vec<Diagnostic> {
    if !repo.settings_were_read() {
        return Vec::new();
    }
    let known = repo.settings.jurisdiction_ids();
    let mut diagnostics = Vec::new();
    for record in &repo.agencies {
        let Some(agency) = &record.agency else {
            continue;
        };
        if known.contains(&agency.jurisdiction.as_str()) {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                &rules::UNKNOWN_JURISDICTION,
                &repo::agency_file_origin(&record.folder),
                format!(
                    "jurisdiction `{}` is not declared in ips.toml",
                    agency.jurisdiction
                ),
            )
            .hint(if known.is_empty() {
                format!(
                    "declare it in ips.toml: [[jurisdictions]] id = \"{}\"",
                    agency.jurisdiction
                )
            } else {
                format!(
                    "declare it in ips.toml under [[jurisdictions]], or use one of: {}",
                    known.join(", ")
                )
            })
            .at_position(agency.jurisdiction_at),
        );
    }
    diagnostics
}

/// `future-review`: a review dated after `as_of` has not taken place yet, so every command
/// leaves it out until that day. Fine for a planned review; a typo (2062 for 2026) would
/// otherwise leave a review silently uncounted. Judged by the file names' dates, so that an
/// unfinished review is seen too.
pub fn check_review_dates(repo: &Repository, as_of: NaiveDate) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for record in &repo.agencies {
        for date in record.review_dates.iter().filter(|date| **date > as_of) {
            let origin = crate::diagnostic::Origin::new(
                format!(
                    "{}/{}/{}/{date}.toml",
                    repo::AGENCIES_DIR,
                    record.folder,
                    repo::FIDELITY_DIR
                ),
                crate::diagnostic::Subject::Agency(
                    record.folder.clone(),
                    crate::diagnostic::AgencyFile::Review,
                ),
            );
            let at = repo
                .tree
                .read(&origin.path)
                .ok()
                .and_then(|bytes| date_key_position(&String::from_utf8_lossy(&bytes)));
            let diagnostic = Diagnostic::new(
                &rules::FUTURE_REVIEW,
                &origin,
                format!(
                    "the review is dated {date}, after {as_of} (the date judged by): its reviewers and scores are due on that day, and the schedule, `fidelity show` and the agreement count it from then on"
                ),
            )
            .hint("nothing to do for a planned review; if it has taken place, correct `date` and rename the file to match");
            diagnostics.push(match at {
                Some((line, column)) => diagnostic.at(line, column),
                None => diagnostic,
            });
        }
    }
    diagnostics
}

/// Where the value of a review file's top-level `date = ...` is: (line, column), 1-based.
fn date_key_position(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(index, line)| {
        let rest = line.trim_start().strip_prefix("date")?;
        let value = rest.trim_start().strip_prefix('=')?.trim_start();
        let column = line.chars().count() - value.chars().count() + 1;
        Some((index + 1, column))
    })
}

/// The errors a command that computes from the loaded data must not run past: those found
/// while loading, and undeclared jurisdictions.
pub fn load_errors(repo: &Repository) -> Vec<Diagnostic> {
    repo.diagnostics
        .iter()
        .cloned()
        .chain(check_jurisdictions(repo))
        .filter(Diagnostic::is_error)
        .collect()
}
