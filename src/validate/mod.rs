//! `ips validate`: every check of a repository, as one sorted list of diagnostics.

pub mod outcomes;

use crate::diagnostic::{self, Diagnostic};
use crate::progress::Progress;
use crate::repo::{
    AGENCIES_DIR, AGENCY_FILE, FIDELITY_DIR, OUTCOMES_DIR, OutcomeFileRef, Repository,
    SETTINGS_FILE,
};
use crate::rules;
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

    /// Whether a named path is `folder` or lies inside it.
    fn names_inside(&self, folder: &str) -> bool {
        self.paths.iter().any(|named| {
            named == folder
                || named
                    .strip_prefix(folder)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }

    /// Whether a file an outcome file of `agency` is checked against is named: its agency.toml,
    /// or, for the baseline check (`rule` None means any check), one of its fidelity reviews.
    fn names_agency_side(&self, agency: &str, rule: Option<&str>) -> bool {
        self.names(&agency_file(agency))
            || (rule.is_none_or(|rule| rule == rules::OUTCOMES_BEFORE_BASELINE.id)
                && self.names_inside(&reviews_dir(agency)))
    }

    /// A cross-file finding in `path` is reported when its file, or the file it is checked
    /// against, is named. `agency_of` gives the agency of an outcome file's path.
    fn includes(
        &self,
        diagnostic: &Diagnostic,
        agency_of: impl Fn(&str) -> Option<String>,
    ) -> bool {
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
            && let Some(agency) = agency_of(&diagnostic.path)
        {
            return self.names_agency_side(&agency, Some(diagnostic.rule));
        }
        if diagnostic.rule == rules::UNKNOWN_JURISDICTION.id && self.names(SETTINGS_FILE) {
            return true;
        }
        false
    }

    fn wants_outcome_file(&self, file: &OutcomeFileRef) -> bool {
        // Checked first so that a whole-repository run formats no paths per file.
        self.paths.is_empty()
            || self.names(&file.relative())
            || self.names_agency_side(&file.agency, None)
    }
}

/// The agency of an outcome file's path, `outcomes/<quarter>/<agency>.csv`.
fn outcome_file_agency(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(OUTCOMES_DIR)?.strip_prefix('/')?;
    let (_quarter, file) = rest.split_once('/')?;
    file.strip_suffix(".csv")
}

fn agency_file(agency: &str) -> String {
    format!("{AGENCIES_DIR}/{agency}/{AGENCY_FILE}")
}

fn reviews_dir(agency: &str) -> String {
    format!("{AGENCIES_DIR}/{agency}/{FIDELITY_DIR}")
}

/// Whether ips.toml could be read at all. When it could not, its jurisdictions are unknown, and
/// calling every agency's jurisdiction undeclared would bury the one real error.
pub(crate) fn settings_were_read(repo: &Repository) -> bool {
    let unreadable = [
        rules::EMPTY_FILE.id,
        rules::UTF8.id,
        rules::TOML_SYNTAX.id,
        // ips.toml has no dates: a date error there comes from the TOML parser.
        rules::DATE.id,
    ];
    !repo
        .diagnostics
        .iter()
        .any(|d| d.path == SETTINGS_FILE && unreadable.contains(&d.rule))
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
) -> Report {
    let files: Vec<&OutcomeFileRef> = repo
        .outcome_files
        .iter()
        .filter(|file| selection.wants_outcome_file(file))
        .collect();
    progress.start(files.len());
    let outcome_diagnostics = files
        .par_iter()
        .map(|file| {
            let checked = outcomes::check_file(repo, file, as_of);
            progress.advance();
            checked.diagnostics
        })
        .reduce(Vec::new, |mut all, found| {
            all.extend(found);
            all
        });
    let mut diagnostics: Vec<Diagnostic> = repo.diagnostics.clone();
    diagnostics.extend(check_jurisdictions(repo));
    diagnostics.extend(outcome_diagnostics);
    let outcome_agency = |path: &str| outcome_file_agency(path).map(str::to_string);
    // A named outcome file is checked against its agency.toml; when that file could not be read,
    // its teams went unchecked, and saying why beats a silent pass.
    let unreadable_agency_files: Vec<&str> = files
        .iter()
        .filter_map(|file| repo.agency_of(file))
        .filter(|record| record.agency.is_none())
        .map(|record| record.agency_path.as_str())
        .collect();
    diagnostics.retain(|d| {
        selection.includes(d, outcome_agency)
            || (d.is_error() && unreadable_agency_files.contains(&d.path.as_str()))
    });
    diagnostic::sort(&mut diagnostics);
    Report {
        diagnostics,
        files_checked: repo
            .files_read
            .iter()
            .filter(|path| selection.names(path))
            .count()
            + files.len(),
    }
}

/// The errors found while loading the repository (ips.toml, agency files, the outcomes layout)
/// and undeclared jurisdictions, in the files `reads` names: the commands that compute from the
/// data refuse to run past them.
pub fn load_errors(repo: &Repository, reads: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
    repo.diagnostics
        .iter()
        .cloned()
        .chain(check_jurisdictions(repo))
        .filter(|d| d.is_error() && reads(&d.path))
        .collect()
}

/// `unknown-jurisdiction`: each agency's jurisdiction is declared in ips.toml. Nothing when
/// ips.toml itself could not be read: its one error says more than an error per agency.
pub fn check_jurisdictions(repo: &Repository) -> Vec<Diagnostic> {
    if !settings_were_read(repo) {
        return Vec::new();
    }
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
