//! `ips validate`: every check of a repository, as one sorted list of diagnostics.

pub mod outcomes;
mod plan;

pub use plan::Selection;

use crate::diagnostic::{self, Diagnostic};
use crate::progress::Progress;
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
    let plan = selection.plan(rules::ALL);
    let repo = repo::load(root, &plan.needs)?;
    let mut diagnostics = repo.diagnostics.clone();
    diagnostics.extend(check_jurisdictions(&repo));
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
    Ok(Report {
        diagnostics,
        files_checked,
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
