//! `ips validate`: every check of a repository, as one sorted list of diagnostics.

pub mod outcomes;

use crate::diagnostic::{self, Diagnostic};
use crate::progress::Progress;
use crate::repo::{OutcomeFileRef, Repository};
use crate::rules;
use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;

/// Which files a run reports on: the whole repository, or named files and folders.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Paths relative to the root, `/`-separated; empty means everything.
    paths: Vec<String>,
}

impl Selection {
    pub fn everything() -> Self {
        Selection::default()
    }

    pub fn paths(paths: Vec<String>) -> Self {
        Selection { paths }
    }

    fn names(&self, path: &str) -> bool {
        self.paths.is_empty()
            || self.paths.iter().any(|named| {
                named.is_empty()
                    || path == named
                    || path
                        .strip_prefix(named.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }

    /// A cross-file finding in `path` is reported when its file, or the file it is checked
    /// against, is named.
    fn includes(&self, diagnostic: &Diagnostic, repo_of: impl Fn(&str) -> Option<String>) -> bool {
        if self.names(&diagnostic.path) {
            return true;
        }
        let cross_file_on_agency = [
            rules::UNKNOWN_TEAM.id,
            rules::TEAM_NOT_OPEN.id,
            rules::TEAM_NOT_REPORTED.id,
            rules::OUTCOMES_BEFORE_BASELINE.id,
        ];
        if cross_file_on_agency.contains(&diagnostic.rule)
            && let Some(agency_file) = repo_of(&diagnostic.path)
        {
            return self.names(&agency_file);
        }
        diagnostic.rule == rules::UNKNOWN_JURISDICTION.id && self.names(crate::repo::SETTINGS_FILE)
    }

    fn wants_outcome_file(&self, file: &OutcomeFileRef, agency_file: impl Fn() -> String) -> bool {
        self.paths.is_empty() || self.names(&file.relative) || self.names(&agency_file())
    }
}

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

pub fn validate(
    repo: &Repository,
    as_of: NaiveDate,
    selection: &Selection,
    progress: &Progress,
) -> Result<Report> {
    let agency_file_of = |folder: &str| {
        format!(
            "{}/{folder}/{}",
            crate::repo::AGENCIES_DIR,
            crate::repo::AGENCY_FILE
        )
    };
    let files: Vec<&OutcomeFileRef> = repo
        .outcome_files
        .iter()
        .filter(|file| selection.wants_outcome_file(file, || agency_file_of(&file.agency)))
        .collect();
    progress.start(files.len());
    let outcome_diagnostics = files
        .par_iter()
        .map(|file| {
            let checked = outcomes::check_file(repo, file, as_of);
            progress.advance();
            checked.map(|checked| checked.diagnostics)
        })
        .try_reduce(Vec::new, |mut all, found| {
            all.extend(found);
            Ok(all)
        })?;
    let mut diagnostics: Vec<Diagnostic> = repo.diagnostics.clone();
    diagnostics.extend(check_jurisdictions(repo));
    diagnostics.extend(outcome_diagnostics);
    let outcome_agency = |path: &str| {
        let file = repo.outcome_files.iter().find(|f| f.relative == path)?;
        Some(agency_file_of(&file.agency))
    };
    diagnostics.retain(|d| selection.includes(d, outcome_agency));
    diagnostic::sort(&mut diagnostics);
    Ok(Report {
        diagnostics,
        files_checked: repo
            .files_read
            .iter()
            .filter(|path| selection.names(path))
            .count()
            + files.len(),
    })
}

/// `unknown-jurisdiction`: each agency's jurisdiction is declared in ips.toml.
pub fn check_jurisdictions(repo: &Repository) -> Vec<Diagnostic> {
    let known: Vec<&str> = repo
        .settings
        .jurisdictions
        .iter()
        .map(|j| j.id.as_str())
        .collect();
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
                &record.agency_path,
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
