//! The one gate: what the errors in the files a command read mean for it. Warnings never stop
//! a command. Each function takes the repository and what the command read besides (its
//! outcome files' `Problems`), and gathers the errors and counts the files itself.
//!
//! - Figures that pool agencies (`outcomes summarize`, `export`, `diff`): [`pooled`] refuses on
//!   any error, since one wrong row changes every total; `--allow-invalid` leaves the rows with
//!   errors out instead, but never errors of ips.toml.
//! - An output that is all of one thing (a report, one agency's history): [`whole`] refuses on
//!   any error.
//! - Outputs with a row per agency (`fidelity schedule`, `agreement status`, `outcomes
//!   missing`, `attention`, `agency list`): [`per_agency`] stops only for errors in ips.toml or
//!   the layout, which concern everyone. An agency whose own files have errors gets a
//!   `data-error` row; the others are judged as usual, and the run then lists the errors and
//!   exits 1.

use crate::diagnostic::{self, Diagnostic, Subject};
use crate::error::{DataErrors, Error};
use crate::note::Note;
use crate::outcomes::stream::Problems;
use crate::repo::Repository;
use crate::text::plural;
use crate::validate;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The status word of an agency whose files have errors.
pub const DATA_ERROR: &str = "data-error";

/// The errors of the loaded repository and of the files read besides, and how many files.
fn gathered(repo: &Repository, problems: Problems) -> (Vec<Diagnostic>, usize) {
    let mut errors = validate::load_errors(repo);
    errors.extend(problems.errors);
    (errors, repo.files_read.len() + problems.files)
}

/// Refuses an output that is all of one thing (one agency's history, its checklist) when the
/// files it read have any error. `why` says what was not done and why.
pub fn whole(repo: &Repository, why: &str, hint: Option<&str>) -> Result<(), Error> {
    whole_with(repo, Problems::default(), why, hint)
}

/// [`whole`] of the repository and the outcome files read besides (a report's).
pub fn whole_with(
    repo: &Repository,
    problems: Problems,
    why: &str,
    hint: Option<&str>,
) -> Result<(), Error> {
    let (errors, files) = gathered(repo, problems);
    refuse_any(errors, files, why, hint)
}

/// Figures pooled over agencies refuse on any error of the files behind them, listing the
/// errors as `ips validate` does; with --allow-invalid they go on without the rows with
/// errors, and the warning returned says what was left out. `what` is what was not done:
/// `summarized`.
pub fn pooled(
    repo: &Repository,
    problems: Problems,
    allow_invalid: bool,
    what: &str,
) -> Result<Option<Note>, Error> {
    let invalid_rows = problems.invalid_rows;
    let (errors, files) = gathered(repo, problems);
    if errors.is_empty() {
        return Ok(None);
    }
    // The benchmarks and jurisdictions apply to every figure: --allow-invalid leaves rows out,
    // it cannot leave out the settings.
    if errors.iter().any(|e| e.subject == Subject::Settings) {
        let settings: Vec<Diagnostic> = errors
            .into_iter()
            .filter(|e| e.subject == Subject::Settings)
            .collect();
        return refuse_any(
            settings,
            repo.files_read.len(),
            &format!("ips.toml has errors, so nothing was {what}"),
            Some(
                "fix them: its benchmarks and jurisdictions apply to every figure, so --allow-invalid cannot leave them out",
            ),
        )
        .map(|()| None);
    }
    if allow_invalid {
        let with_errors = Problems {
            errors,
            ..Problems::default()
        };
        return Ok(Some(Note::warning(format!(
            "--allow-invalid: left out {} with errors; the data has {} in {} (`ips validate` lists them)",
            plural(invalid_rows, "row"),
            plural(with_errors.errors.len(), "error"),
            plural(with_errors.files_with_errors(), "file"),
        ))));
    }
    let why = format!("the outcome data has errors, so nothing was {what}");
    refuse_any(
        errors,
        files,
        &why,
        Some(
            "fix them and run `ips validate`, or pass --allow-invalid to leave the rows with errors out",
        ),
    )?;
    Ok(None)
}

/// One revision's side of figures compared across revisions: its repository, its label
/// (`REV`, none for the working tree) and the problems of its outcome files.
pub struct Side<'a> {
    pub repo: &'a Repository,
    pub label: Option<&'a str>,
    pub problems: &'a Problems,
}

/// [`pooled`] for figures compared across two revisions: any error in either refuses; a
/// revision's errors are named `REV:path`, as `git show` names its files.
pub fn pooled_revisions(sides: [Side<'_>; 2], allow_invalid: bool) -> Result<Option<Note>, Error> {
    let mut errors = Vec::new();
    let mut files = 0;
    let mut rows = 0;
    for side in &sides {
        let found = validate::load_errors(side.repo)
            .into_iter()
            .chain(side.problems.errors.iter().cloned());
        errors.extend(found.map(|d| labelled(d, side.label)));
        files += side.repo.files_read.len() + side.problems.files;
        rows += side.problems.invalid_rows;
    }
    diagnostic::sort(&mut errors);
    errors.dedup();
    if errors.is_empty() {
        return Ok(None);
    }
    if allow_invalid {
        return Ok(Some(Note::warning(format!(
            "--allow-invalid: left out {} with errors; the revisions have {} (`ips validate` lists them)",
            plural(rows, "row"),
            plural(errors.len(), "error"),
        ))));
    }
    refuse_any(
        errors,
        files,
        "the outcome data has errors, so nothing was compared",
        Some(
            "fix them and run `ips validate` (for a revision, in a checkout of it), or pass --allow-invalid to leave the rows with errors out",
        ),
    )?;
    Ok(None)
}

fn labelled(mut diagnostic: Diagnostic, revision: Option<&str>) -> Diagnostic {
    if let Some(revision) = revision {
        diagnostic.path = format!("{revision}:{}", diagnostic.path);
    }
    diagnostic
}

/// Refuses when ips.toml has errors, whatever --allow-invalid says: for an output whose rule
/// comes from it (a public summary's small-number rule), which must not fall back on defaults.
pub fn settings(repo: &Repository, why: &str, hint: Option<&str>) -> Result<(), Error> {
    if !repo.settings_have_errors() {
        return Ok(());
    }
    let mut errors = DataErrors::new(why, validate::load_errors(repo), 1);
    errors.hint = hint.map(str::to_string);
    Err(errors.into())
}

/// --allow-invalid of an output per agency: the outcome files' errors are not gated (their
/// rows count as not reported), and the warning returned says so.
pub fn leave_out_invalid(problems: &mut Problems) -> Option<Note> {
    if problems.errors.is_empty() {
        return None;
    }
    problems.errors.clear();
    Some(Note::warning(format!(
        "--allow-invalid: {} with errors count as not reported (`ips validate` lists them)",
        plural(problems.invalid_rows, "row")
    )))
}

/// Refuses when `found` has any error.
fn refuse_any(
    found: Vec<Diagnostic>,
    files: usize,
    why: &str,
    hint: Option<&str>,
) -> Result<(), Error> {
    if !found.iter().any(Diagnostic::is_error) {
        return Ok(());
    }
    let mut errors = DataErrors::new(why, found, files);
    errors.hint = hint.map(str::to_string);
    Err(errors.into())
}

/// The refusal of a command that computes `what` from files with errors.
pub fn cannot_compute(what: &str) -> String {
    format!("cannot compute {what}: the files it reads have errors (fix them, then run it again)")
}

/// The verdict for an output with a row per agency: which agencies have errors.
#[derive(Debug)]
pub struct PerAgency {
    broken: BTreeSet<Arc<str>>,
    errors: Vec<Diagnostic>,
    files: usize,
}

/// Judges per agency the repository's own files. Errors in ips.toml or the layout stop the
/// whole command (the error returned, saying `why`); an agency's own errors only mark its row.
pub fn per_agency(repo: &Repository, why: &str) -> Result<PerAgency, Error> {
    per_agency_with(repo, Vec::new(), Problems::default(), why)
}

/// [`per_agency`] of the repository and the outcome files read besides: the findings of their
/// listing (a misnamed file) and their problems.
pub fn per_agency_with(
    repo: &Repository,
    listed: Vec<Diagnostic>,
    problems: Problems,
    why: &str,
) -> Result<PerAgency, Error> {
    let (mut found, files) = gathered(repo, problems);
    found.extend(listed);
    judge(found, files, why)
}

fn judge(found: Vec<Diagnostic>, files: usize, why: &str) -> Result<PerAgency, Error> {
    let errors: Vec<Diagnostic> = found.into_iter().filter(Diagnostic::is_error).collect();
    if errors.iter().any(|d| d.subject.agency().is_none()) {
        return Err(DataErrors::new(why, errors, files).into());
    }
    let broken = errors
        .iter()
        .filter_map(|d| d.subject.agency())
        .map(Arc::from)
        .collect();
    Ok(PerAgency {
        broken,
        errors,
        files,
    })
}

impl PerAgency {
    /// Whether the agency's files have errors, so that its row says `data-error`.
    pub fn is_broken(&self, agency: &str) -> bool {
        self.broken.contains(agency)
    }

    /// The errors found, of every broken agency.
    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    /// Adds errors found later (in outcome files read after the verdict).
    pub fn add(&mut self, found: Vec<Diagnostic>) {
        for diagnostic in found.into_iter().filter(Diagnostic::is_error) {
            if let Some(agency) = diagnostic.subject.agency() {
                self.broken.insert(Arc::from(agency));
            }
            self.errors.push(diagnostic);
        }
    }

    /// After the output: the errors of the broken agencies, to list on stderr (exit 1).
    pub fn finish(self) -> Result<(), Error> {
        if self.errors.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = self.broken.iter().map(|a| &**a).collect();
        let count = plural(names.len(), "agency");
        let verb = if names.len() == 1 { "has" } else { "have" };
        let why = format!(
            "{count} {verb} errors in {} files, so {} `{DATA_ERROR}`: {}",
            if names.len() == 1 { "its" } else { "their" },
            if names.len() == 1 {
                "its row shows"
            } else {
                "their rows show"
            },
            crate::text::some_of(names.iter().copied(), AGENCIES_NAMED)
        );
        let hint = format!(
            "fix them, then run it again; `{}` checks them",
            validate_command(&self.errors)
        );
        Err(DataErrors::new(why, self.errors, self.files)
            .hint(hint)
            .into())
    }
}

/// Agencies a data-error message names at most: the rows say which they are.
const AGENCIES_NAMED: usize = 20;

/// `ips validate` of the files that hold `errors` (a few of them), or of everything.
fn validate_command(errors: &[Diagnostic]) -> String {
    let mut paths: Vec<&str> = errors.iter().map(|d| d.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    if paths.is_empty() || paths.len() > 3 {
        return "ips validate".to_string();
    }
    let quoted: Vec<String> = paths
        .iter()
        .map(|path| crate::text::shell_quote(path))
        .collect();
    format!("ips validate {}", quoted.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{AgencyFile, Origin, Subject};
    use crate::rules;

    fn error_in(subject: Subject) -> Diagnostic {
        Diagnostic::new(&rules::COUNT, &Origin::new("p", subject), "bad")
    }

    #[test]
    fn an_agencys_errors_mark_it_and_settings_errors_stop_everything() {
        let riverbend = Subject::Agency(Arc::from("riverbend"), AgencyFile::Review);
        let verdict = judge(vec![error_in(riverbend)], 3, "x").unwrap();
        assert!(verdict.is_broken("riverbend"));
        assert!(!verdict.is_broken("lakeshore"));
        assert!(matches!(verdict.finish(), Err(Error::Data(_))));
        let stopped = judge(vec![error_in(Subject::Settings)], 3, "x");
        assert!(matches!(stopped, Err(Error::Data(_))));
        assert!(judge(Vec::new(), 3, "x").unwrap().finish().is_ok());
    }

    #[test]
    fn a_data_error_names_twenty_agencies_at_most() {
        let errors: Vec<Diagnostic> = (0..30)
            .map(|i| {
                let subject = Subject::Agency(Arc::from(format!("a{i:02}")), AgencyFile::Toml);
                error_in(subject)
            })
            .collect();
        let Err(Error::Data(data)) = judge(errors, 30, "x").unwrap().finish() else {
            panic!("data errors");
        };
        assert!(
            data.why.ends_with("a17, a18, a19 and 10 more"),
            "{}",
            data.why
        );
    }

    #[test]
    fn the_hint_names_the_files_with_errors() {
        let at = |path: &str| {
            let subject = Subject::Agency(Arc::from("riverbend"), AgencyFile::Review);
            Diagnostic::new(&rules::COUNT, &Origin::new(path, subject), "bad")
        };
        let errors = [at("outcomes/2025-Q2/a.csv"), at("outcomes/2025-Q2/a.csv")];
        assert_eq!(
            validate_command(&errors),
            "ips validate outcomes/2025-Q2/a.csv"
        );
        let copy = [at("outcomes/2026-Q3/Riverbend (1).csv"), at("it's.csv")];
        assert_eq!(
            validate_command(&copy),
            "ips validate 'it'\\''s.csv' 'outcomes/2026-Q3/Riverbend (1).csv'"
        );
        let many: Vec<Diagnostic> = ["a", "b", "c", "d"].iter().map(|p| at(p)).collect();
        assert_eq!(validate_command(&many), "ips validate");
    }
}
