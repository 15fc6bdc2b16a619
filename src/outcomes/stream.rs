//! The checked rows of many outcome files, streamed in parallel: each file goes through
//! `validate::outcomes::check_file`, so no unchecked row reaches a figure, and is folded into a
//! small per-thread value as soon as it is read, so memory does not grow with the rows.

use crate::diagnostic::Diagnostic;
use crate::progress::Progress;
use crate::repo::model::OutcomeRow;
use crate::repo::{OutcomeFileRef, Repository};
use crate::validate::outcomes::check_file;
use chrono::NaiveDate;
use rayon::prelude::*;

/// What stood between the files and the figures: errors found, rows left out.
#[derive(Debug, Default)]
pub struct Problems {
    /// Errors only; warnings do not stop a summary.
    pub errors: Vec<Diagnostic>,
    /// Rows left out for errors (an unreadable file counts as one).
    pub invalid_rows: usize,
    /// Outcome files checked.
    pub files: usize,
}

impl Problems {
    fn merge(mut self, other: Problems) -> Problems {
        self.errors.extend(other.errors);
        self.invalid_rows += other.invalid_rows;
        self.files += other.files;
        self
    }

    /// How many distinct files the errors are in.
    pub fn files_with_errors(&self) -> usize {
        let mut paths: Vec<&str> = self.errors.iter().map(|d| d.path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        paths.len()
    }
}

/// Folds the checked rows of `files` into a value: `fold` adds one file's valid rows to a
/// thread's value, `merge` joins two threads' values. Returns the value and the problems found.
pub fn fold_rows<'r, T, Init, Fold, Merge>(
    repo: &'r Repository,
    files: &[&'r OutcomeFileRef],
    as_of: NaiveDate,
    progress: &Progress,
    init: Init,
    fold: Fold,
    merge: Merge,
) -> (T, Problems)
where
    T: Send,
    Init: Fn() -> T + Sync + Send,
    Fold: Fn(&mut T, &'r OutcomeFileRef, &[OutcomeRow]) + Sync + Send,
    Merge: Fn(T, T) -> T + Sync + Send,
{
    progress.start(files.len());
    files
        .par_iter()
        .fold(
            || (init(), Problems::default()),
            |(mut value, mut problems), file| {
                let checked = check_file(repo, file, as_of);
                progress.advance();
                fold(&mut value, file, &checked.rows);
                problems.files += 1;
                problems.invalid_rows += checked.invalid_rows;
                problems
                    .errors
                    .extend(checked.diagnostics.into_iter().filter(Diagnostic::is_error));
                (value, problems)
            },
        )
        .reduce(
            || (init(), Problems::default()),
            |(a, pa), (b, pb)| (merge(a, b), pa.merge(pb)),
        )
}

/// Whether a file read while loading decides outcome figures: ips.toml, the outcomes layout, and
/// the agency.toml (with `with_reviews`, also the fidelity reviews) of a wanted agency.
pub fn feeds_outcomes(
    path: &str,
    agency_wanted: &dyn Fn(&str) -> bool,
    with_reviews: bool,
) -> bool {
    use crate::repo::{AGENCIES_DIR, AGENCY_FILE, FIDELITY_DIR, OUTCOMES_DIR, SETTINGS_FILE};
    if path == SETTINGS_FILE
        || path == OUTCOMES_DIR
        || path
            .strip_prefix(OUTCOMES_DIR)
            .is_some_and(|rest| rest.starts_with('/'))
    {
        return true;
    }
    let Some((agency, file)) = path
        .strip_prefix(AGENCIES_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|rest| rest.split_once('/'))
    else {
        return false;
    };
    let decides = file == AGENCY_FILE
        || (with_reviews
            && file
                .strip_prefix(FIDELITY_DIR)
                .is_some_and(|rest| rest.starts_with('/')));
    decides && agency_wanted(agency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_layout_and_wanted_agency_files_feed_outcomes() {
        let only_riverbend = |agency: &str| agency == "riverbend";
        let feeds = |path: &str, reviews: bool| feeds_outcomes(path, &only_riverbend, reviews);
        assert!(feeds("ips.toml", false));
        assert!(feeds("outcomes/2024-q1", false));
        assert!(feeds("agencies/riverbend/agency.toml", false));
        assert!(!feeds("agencies/lakeshore/agency.toml", false));
        assert!(!feeds("agencies/riverbend/activities.csv", true));
        assert!(!feeds("agencies/riverbend/fidelity/2024-01-01.toml", false));
        assert!(feeds("agencies/riverbend/fidelity/2024-01-01.toml", true));
        assert!(!feeds("outcomes-old/x.csv", false));
    }
}
