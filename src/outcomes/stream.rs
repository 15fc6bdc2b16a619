//! The checked rows of many outcome files, streamed a quarter at a time: each file goes through
//! `validate::outcomes::check_file`, so no unchecked row reaches a figure, and is folded into a
//! small per-thread value as soon as it is read; each quarter's value is handed on before the
//! next quarter is read, so memory holds one quarter, not the repository.

use super::Place;
use crate::calendar::Quarter;
use crate::diagnostic::Diagnostic;
use crate::filter::Places;
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
    pub fn merge(mut self, other: Problems) -> Problems {
        self.errors.extend(other.errors);
        self.invalid_rows += other.invalid_rows;
        self.files += other.files;
        self
    }

    fn add_errors(&mut self, found: Vec<Diagnostic>) {
        self.errors
            .extend(found.into_iter().filter(Diagnostic::is_error));
    }

    /// How many distinct files the errors are in.
    pub fn files_with_errors(&self) -> usize {
        let mut paths: Vec<&str> = self.errors.iter().map(|d| d.path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        paths.len()
    }
}

/// How a stream folds one quarter's files into a value: `init` starts a thread's value, `fold`
/// adds one file's checked rows, `merge` joins two threads' values.
pub struct Fold<Init, Add, Merge> {
    pub init: Init,
    pub add: Add,
    pub merge: Merge,
}

/// The wanted outcome files of `quarters`, in quarter order (then by agency): the folders are
/// listed in parallel up front, since a reference is small and the listing is half the work.
/// The listings' own findings are in the problems.
pub fn list(
    repo: &Repository,
    quarters: &[Quarter],
    places: &Places,
) -> (Vec<OutcomeFileRef>, Problems) {
    let listed: Vec<(Vec<OutcomeFileRef>, Vec<Diagnostic>)> = quarters
        .par_iter()
        .map(|quarter| {
            let (files, found) = repo.list_quarter(*quarter);
            (wanted_files(repo, files, places), found)
        })
        .collect();
    let mut files = Vec::new();
    let mut problems = Problems::default();
    for (listing, found) in listed {
        files.extend(listing);
        problems.add_errors(found);
    }
    (files, problems)
}

/// Streams the wanted outcome files of each of `quarters`, in order. The files of a quarter are
/// read and checked in parallel and folded into one value, which `done` receives before the
/// next quarter is read. Returns the problems found, the listings' own included.
pub fn by_quarter<'r, T, Init, Add, Merge>(
    repo: &'r Repository,
    quarters: &[Quarter],
    places: &Places,
    as_of: NaiveDate,
    progress: &Progress,
    fold: &Fold<Init, Add, Merge>,
    mut done: impl FnMut(Quarter, T) -> crate::error::Result<()>,
) -> crate::error::Result<Problems>
where
    T: Send,
    Init: Fn() -> T + Sync + Send,
    Add: Fn(&mut T, &Place<'r>, &[OutcomeRow]) + Sync + Send,
    Merge: Fn(T, T) -> T + Sync + Send,
{
    let (files, mut problems) = list(repo, quarters, places);
    progress.start(files.len());
    for chunk in files.chunk_by(|a, b| a.quarter == b.quarter) {
        let (value, found) = fold_files(repo, chunk, as_of, fold);
        problems = problems.merge(found);
        progress.advance_by(chunk.len());
        done(chunk[0].quarter, value)?;
    }
    Ok(problems)
}

/// The checked rows of `files` folded into one value.
pub fn fold_files<'r, T, Init, Add, Merge>(
    repo: &'r Repository,
    files: &[OutcomeFileRef],
    as_of: NaiveDate,
    fold: &Fold<Init, Add, Merge>,
) -> (T, Problems)
where
    T: Send,
    Init: Fn() -> T + Sync + Send,
    Add: Fn(&mut T, &Place<'r>, &[OutcomeRow]) + Sync + Send,
    Merge: Fn(T, T) -> T + Sync + Send,
{
    files
        .par_iter()
        .fold(
            || ((fold.init)(), Problems::default()),
            |(mut value, mut problems), file| {
                let checked = check_file(repo, file, as_of);
                if let Some(place) = Place::of(repo, file) {
                    (fold.add)(&mut value, &place, &checked.rows);
                }
                problems.files += 1;
                problems.invalid_rows += checked.invalid_rows;
                problems.add_errors(checked.diagnostics);
                (value, problems)
            },
        )
        .reduce(
            || ((fold.init)(), Problems::default()),
            |(a, pa), (b, pb)| ((fold.merge)(a, b), pa.merge(pb)),
        )
}

/// The files of the loaded agencies; and, with no filter, files of agencies that do not exist,
/// so that they are reported rather than silently left out.
pub fn wanted_files(
    repo: &Repository,
    files: Vec<OutcomeFileRef>,
    places: &Places,
) -> Vec<OutcomeFileRef> {
    files
        .into_iter()
        .filter(|file| match repo.agency_of(file) {
            Some(_) => true,
            None => !repo.has_folder(&file.agency) && places.wants(&file.agency, None),
        })
        .collect()
}
