//! The one gate: what the errors in the files a command read mean for it. Warnings never stop
//! a command.
//!
//! - Figures that pool agencies (`outcomes summarize`, `export`) refuse on any error, since one
//!   wrong row changes every total; `--allow-invalid` leaves the rows with errors out instead.
//! - Outputs with a row per agency (`fidelity schedule`, `agreement status`, `outcomes
//!   missing`) stop only for errors in ips.toml or the layout, which concern everyone. An
//!   agency whose own files have errors gets a `data-error` row; the others are judged as
//!   usual, and the run then lists the errors and exits 1.

use crate::diagnostic::Diagnostic;
use crate::error::{DataErrors, Error};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The status word of an agency whose files have errors.
pub const DATA_ERROR: &str = "data-error";

/// Refuses when the files a command read have any error: for figures pooled over agencies,
/// and for an output about one agency. `why` says what was not done and why.
pub fn refuse_any(
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

/// Judges per agency. Errors in ips.toml or the layout stop the whole command (the error
/// returned, saying `why`); an agency's own errors only mark its row.
pub fn per_agency(found: Vec<Diagnostic>, files: usize, why: &str) -> Result<PerAgency, Error> {
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
        let (count, verb) = match names.len() {
            1 => ("1 agency".to_string(), "has"),
            n => (format!("{n} agencies"), "have"),
        };
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
        let verdict = per_agency(vec![error_in(riverbend)], 3, "x").unwrap();
        assert!(verdict.is_broken("riverbend"));
        assert!(!verdict.is_broken("lakeshore"));
        assert!(matches!(verdict.finish(), Err(Error::Data(_))));
        let stopped = per_agency(vec![error_in(Subject::Settings)], 3, "x");
        assert!(matches!(stopped, Err(Error::Data(_))));
        assert!(per_agency(Vec::new(), 3, "x").unwrap().finish().is_ok());
    }

    #[test]
    fn a_data_error_names_twenty_agencies_at_most() {
        let errors: Vec<Diagnostic> = (0..30)
            .map(|i| {
                let subject = Subject::Agency(Arc::from(format!("a{i:02}")), AgencyFile::Toml);
                error_in(subject)
            })
            .collect();
        let Err(Error::Data(data)) = per_agency(errors, 30, "x").unwrap().finish() else {
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
