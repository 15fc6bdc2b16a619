//! What a partial validation (`ips validate PATH...`) reads and reports, derived from the rule
//! registry alone: a named file is checked with what its rules are checked against, and the
//! files that are checked against a named file are checked again, reporting those rules.
//! A rule added to `rules.rs` with its scope takes part without a change here.

use crate::calendar::Quarter;
use crate::diagnostic::{AgencyFile, Diagnostic, Kind, Subject};
use crate::filter::Places;
use crate::git::{Change, Status};
use crate::repo::{
    ACTIVITIES_FILE, AGENCIES_DIR, AGENCY_FILE, FIDELITY_DIR, Needs, OUTCOMES_DIR, OutcomeFileRef,
    Parts, Repository, Reviews, SETTINGS_FILE,
};
use crate::rules::{Rule, Scope};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Which files a run reports on: the whole repository, or named files and folders.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Paths relative to the root, `/`-separated, sorted; empty means everything.
    paths: Vec<String>,
}

impl Selection {
    pub fn everything() -> Self {
        Selection::default()
    }

    pub fn paths(mut paths: Vec<String>) -> Self {
        paths.sort();
        paths.dedup();
        Selection { paths }
    }

    /// The paths git says changed, each checked as what it has become: one that is no longer a
    /// regular file (a link, a submodule, a folder) or whose name is not UTF-8 (shown with
    /// U+FFFD, so that it cannot be opened by that name) is checked with its folder, whose
    /// listing says what it is, so that a change cannot pass as "0 files checked".
    pub fn changed(changes: &[Change]) -> Self {
        let mut paths = Vec::new();
        for change in changes {
            paths.push(change.path.clone());
            let regular = matches!(change.status, Status::Deleted | Status::Unmerged)
                || matches!(change.new_mode & 0o170000, 0o100000);
            if !regular || change.path.contains(char::REPLACEMENT_CHARACTER) {
                let folder = change
                    .path
                    .rsplit_once('/')
                    .map_or("", |(folder, _)| folder);
                paths.push(folder.to_string());
            }
        }
        Selection::paths(paths)
    }

    pub fn is_everything(&self) -> bool {
        // Sorted: the root, "", comes first.
        self.paths.first().is_none_or(String::is_empty)
    }

    /// Whether `path` is named, or lies inside a named folder: the path or one of its folders
    /// is in the (sorted) list, so that a selection of every staged file of a first commit is
    /// asked as quickly as one of a single file.
    pub fn names(&self, path: &str) -> bool {
        if self.is_everything() {
            return true;
        }
        let named = |candidate: &str| {
            self.paths
                .binary_search_by(|p| p.as_str().cmp(candidate))
                .is_ok()
        };
        named(path) || path.match_indices('/').any(|(at, _)| named(&path[..at]))
    }

    /// Whether a named path lies inside the folder `path` (`outcomes/2026-Q1/sub` for a named
    /// `outcomes/2026-Q1/sub/lakeshore.csv`): a finding on that folder is one on the file.
    pub fn names_inside(&self, path: &str) -> bool {
        let folder = format!("{path}/");
        let from = self.paths.partition_point(|p| p.as_str() < folder.as_str());
        self.paths.get(from).is_some_and(|p| p.starts_with(&folder))
    }

    /// What to read and report for this selection under `rules`.
    pub fn plan(&self, rules: &[&'static Rule]) -> Plan {
        let mut plan = Plan {
            everything: self.is_everything(),
            selection: self.clone(),
            rules: rules.to_vec(),
            ..Plan::default()
        };
        if plan.everything {
            plan.needs = Needs {
                places: Places::all(),
                parts: Parts::ALL,
                outcomes: true,
                ..Needs::default()
            };
            plan.outcomes.all = true;
            return plan;
        }
        for path in &self.paths {
            plan.add(&Target::of(path));
        }
        plan.settle();
        plan
    }
}

/// `path` is `folder` or lies inside it.
fn inside(path: &str, folder: &str) -> bool {
    folder.is_empty()
        || path == folder
        || path
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// What must be read of an agency for a file of it to be checked against `file`.
fn parts_for(file: AgencyFile) -> Parts {
    match file {
        AgencyFile::Review => Parts {
            reviews: Reviews::Full,
            activities: false,
            plans: false,
        },
        AgencyFile::Activities => Parts {
            reviews: Reviews::No,
            activities: true,
            plans: false,
        },
        // A plan is checked against its agency's reviews.
        AgencyFile::Plan => Parts {
            reviews: Reviews::Full,
            activities: false,
            plans: true,
        },
        // agency.toml is always read; stray files are seen whenever the folder is listed.
        AgencyFile::Toml | AgencyFile::Stray => Parts::NONE,
    }
}

/// What a named path is, as far as the checks care.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Settings,
    /// agencies/, or a path in it that is no agency folder.
    Agencies,
    /// A whole agency folder.
    Agency(String),
    /// One kind of file of an agency (a review, or the fidelity folder: `Review`).
    AgencyPart(String, AgencyFile),
    /// outcomes/.
    Outcomes,
    /// A quarter folder.
    Quarter(Quarter),
    OutcomeFile(Quarter, String),
    /// Anything else: checked only as the layout sees it.
    Other,
}

impl Target {
    fn of(path: &str) -> Target {
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            [SETTINGS_FILE] => Target::Settings,
            [AGENCIES_DIR] => Target::Agencies,
            [AGENCIES_DIR, agency] => Target::Agency(agency.to_string()),
            [AGENCIES_DIR, agency, file, ..] => {
                let kind = match *file {
                    AGENCY_FILE => AgencyFile::Toml,
                    ACTIVITIES_FILE => AgencyFile::Activities,
                    FIDELITY_DIR => AgencyFile::Review,
                    crate::repo::PLANS_DIR => AgencyFile::Plan,
                    _ => AgencyFile::Stray,
                };
                Target::AgencyPart(agency.to_string(), kind)
            }
            [OUTCOMES_DIR] => Target::Outcomes,
            [OUTCOMES_DIR, quarter] => {
                Quarter::parse(quarter).map_or(Target::Outcomes, Target::Quarter)
            }
            [OUTCOMES_DIR, quarter, file] => {
                match (Quarter::parse(quarter), file.strip_suffix(".csv")) {
                    (Some(quarter), Some(agency)) => {
                        Target::OutcomeFile(quarter, agency.to_string())
                    }
                    // Not a file of the format (`riverbend.CSV`, notes.txt): the folder's listing
                    // says what it is, so that a commit cannot slip it past the hook.
                    (Some(quarter), None) => Target::Quarter(quarter),
                    (None, _) => Target::Outcomes,
                }
            }
            [OUTCOMES_DIR, quarter, ..] => {
                Quarter::parse(quarter).map_or(Target::Outcomes, Target::Quarter)
            }
            _ => Target::Other,
        }
    }
}

/// What to read, which outcome files to check, and which findings to report.
#[derive(Debug, Default)]
pub struct Plan {
    pub needs: Needs,
    everything: bool,
    selection: Selection,
    rules: Vec<&'static Rule>,
    /// Per agency, the files named (or whose whole folder is named: every kind).
    named: BTreeMap<String, BTreeSet<AgencyFile>>,
    settings_named: bool,
    agencies_named: bool,
    outcomes: OutcomePlan,
}

/// Which outcome files to check.
#[derive(Debug, Default)]
struct OutcomePlan {
    all: bool,
    quarters: BTreeSet<Quarter>,
    /// Every quarter's file of these agencies.
    agencies: BTreeSet<String>,
    files: BTreeSet<(Quarter, String)>,
}

impl Plan {
    fn add(&mut self, target: &Target) {
        match target {
            Target::Settings => self.settings_named = true,
            Target::Agencies => self.agencies_named = true,
            Target::Agency(agency) => {
                let all = [
                    AgencyFile::Toml,
                    AgencyFile::Activities,
                    AgencyFile::Review,
                    AgencyFile::Plan,
                    AgencyFile::Stray,
                ];
                self.named.entry(agency.clone()).or_default().extend(all);
            }
            Target::AgencyPart(agency, file) => {
                self.named.entry(agency.clone()).or_default().insert(*file);
            }
            Target::Outcomes => self.outcomes.all = true,
            Target::Quarter(quarter) => {
                self.outcomes.quarters.insert(*quarter);
            }
            Target::OutcomeFile(quarter, agency) => {
                self.outcomes.files.insert((*quarter, agency.clone()));
            }
            Target::Other => {}
        }
    }

    /// Derives what to read from what is named, through the rules' scopes.
    fn settle(&mut self) {
        // What to read beyond agency.toml, for some agencies, or for every agency.
        let mut some: BTreeMap<String, Parts> = BTreeMap::new();
        let mut every: Option<Parts> = None;
        let widen = |every: &mut Option<Parts>, parts: Parts| {
            *every = Some(every.unwrap_or(Parts::NONE).union(parts));
        };
        // A named agency file is read with its whole agency, and the files checked against it
        // are checked again.
        // A named agency.toml is also whether the agency exists (it may be deleted): the
        // outcome files checked against which agencies exist are checked again.
        for (agency, files) in &self.named {
            some.insert(agency.clone(), Parts::ALL);
            for rule in &self.rules {
                let rechecks = match rule.scope {
                    Scope::Agency { on, against } => {
                        on == Kind::Outcomes && files.contains(&against)
                    }
                    Scope::Repository { on } => {
                        on == Kind::Outcomes && files.contains(&AgencyFile::Toml)
                    }
                    _ => false,
                };
                if rechecks {
                    self.outcomes.agencies.insert(agency.clone());
                }
            }
        }
        // Files checked against ips.toml, or against the list of agencies, are all checked
        // again when it is named.
        for rule in &self.rules {
            match rule.scope {
                Scope::Settings { on } if self.settings_named => match on {
                    Kind::Agency(file) => widen(&mut every, parts_for(file)),
                    Kind::Outcomes => self.outcomes.all = true,
                    Kind::Settings | Kind::Layout => {}
                },
                Scope::Repository { on: Kind::Outcomes } if self.agencies_named => {
                    self.outcomes.all = true;
                }
                _ => {}
            }
        }
        if self.agencies_named {
            // Every agency file is named: every file checked against one is checked again.
            widen(&mut every, Parts::ALL);
            if !self.bases_of(Kind::Outcomes).is_empty() {
                self.outcomes.all = true;
            }
        }
        // An outcome file is checked against its agency's files, as its rules say.
        let bases = self
            .bases_of(Kind::Outcomes)
            .into_iter()
            .fold(Parts::NONE, |parts, file| parts.union(parts_for(file)));
        if self.outcomes.all || !self.outcomes.quarters.is_empty() {
            widen(&mut every, bases);
        }
        let outcome_agencies: BTreeSet<String> = self
            .outcomes
            .files
            .iter()
            .map(|(_, agency)| agency.clone())
            .chain(self.outcomes.agencies.iter().cloned())
            .collect();
        for agency in outcome_agencies {
            let parts = some.entry(agency).or_default();
            *parts = parts.union(bases);
        }
        let lists_outcomes = self.selection.paths.iter().any(|p| inside(p, OUTCOMES_DIR))
            || !self.outcomes.agencies.is_empty()
            || self.outcomes.all;
        self.needs = Needs {
            places: match every {
                Some(_) => Places::all(),
                None if some.is_empty() => Places::none(),
                None => Places::agencies(some.keys().cloned()),
            },
            parts: every.unwrap_or(Parts::NONE),
            more: some,
            outcomes: lists_outcomes,
            as_of: None,
        };
    }

    /// The agency files that rules reporting on `kind` are checked against.
    fn bases_of(&self, kind: Kind) -> BTreeSet<AgencyFile> {
        self.rules
            .iter()
            .filter_map(|rule| match rule.scope {
                Scope::Agency { on, against } if on == kind => Some(against),
                _ => None,
            })
            .collect()
    }

    /// The outcome files to check; the listing's own findings go into `diagnostics`.
    pub fn outcome_files(
        &self,
        repo: &Repository,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<OutcomeFileRef> {
        let outcomes = &self.outcomes;
        let listed: Vec<Quarter> = repo
            .quarters
            .iter()
            .copied()
            .filter(|q| outcomes.all || outcomes.quarters.contains(q))
            .collect();
        let found: Vec<(Vec<OutcomeFileRef>, Vec<Diagnostic>)> = listed
            .par_iter()
            .map(|quarter| repo.list_quarter(*quarter))
            .collect();
        let mut files = Vec::new();
        for (listing, found) in found {
            files.extend(listing);
            diagnostics.extend(found);
        }
        if outcomes.agencies.is_empty() && outcomes.files.is_empty() {
            return files;
        }
        let mut seen: BTreeSet<(Quarter, String)> = files
            .iter()
            .map(|f| (f.quarter, f.agency.to_string()))
            .collect();
        let mut extra = Vec::new();
        if !outcomes.agencies.is_empty() {
            let reported = repo.quarters_reported(outcomes.agencies.iter().map(String::as_str));
            for (agency, quarters) in reported {
                for quarter in quarters {
                    if seen.insert((quarter, agency.to_string())) {
                        extra.extend(repo.outcome_file(quarter, &agency));
                    }
                }
            }
        }
        for (quarter, agency) in &outcomes.files {
            if seen.insert((*quarter, agency.clone())) {
                extra.extend(repo.outcome_file(*quarter, agency));
            }
        }
        files.extend(extra);
        files.sort_by(|a, b| (a.quarter, &a.agency).cmp(&(b.quarter, &b.agency)));
        files
    }

    /// Whether a finding is reported: it is in a named file, or a cross-file rule checked its
    /// file against a named one, or it says why a checked file could not be checked (the
    /// agency.toml of `checked`, the agencies whose outcome files were checked).
    pub fn reports(
        &self,
        diagnostic: &Diagnostic,
        repo: &Repository,
        checked: &HashSet<&str>,
    ) -> bool {
        if self.everything || self.selection.names(&diagnostic.path) {
            return true;
        }
        if matches!(diagnostic.subject, Subject::Layout(_))
            && self.selection.names_inside(&diagnostic.path)
        {
            return true;
        }
        let kind = diagnostic.subject.kind();
        match diagnostic.rule.scope {
            Scope::Agency { on, against } if on == kind => {
                if let Some(agency) = diagnostic.subject.agency()
                    && (self.agencies_named
                        || self
                            .named
                            .get(agency)
                            .is_some_and(|files| files.contains(&against)))
                {
                    return true;
                }
            }
            Scope::Settings { on } if on == kind && self.settings_named => return true,
            Scope::Repository { on } if on == kind && self.agencies_named => return true,
            Scope::Repository { on } if on == kind => {
                if let Some(agency) = diagnostic.subject.agency()
                    && self
                        .named
                        .get(agency)
                        .is_some_and(|files| files.contains(&AgencyFile::Toml))
                {
                    return true;
                }
            }
            _ => {}
        }
        // A named outcome file is checked against its agency.toml; when that file could not be
        // read, its teams went unchecked, and saying why beats a silent pass.
        if diagnostic.is_error()
            && let Subject::Agency(agency, AgencyFile::Toml) = &diagnostic.subject
            && checked.contains(&**agency)
        {
            return repo
                .agency(agency)
                .is_some_and(|record| record.agency.is_none());
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Origin, Severity};
    use std::sync::Arc;

    /// A cross-file rule that a future change might add: outcome files checked against the
    /// agency's activity log.
    static OUTCOMES_AGAINST_LOG: Rule = Rule {
        id: "outcomes-against-log",
        severity: Severity::Error,
        scope: Scope::Agency {
            on: Kind::Outcomes,
            against: AgencyFile::Activities,
        },
        checks: "",
        fix: "",
    };

    #[test]
    fn a_rule_added_to_the_registry_takes_part_in_partial_validation() {
        let mut with_rule: Vec<&'static Rule> = crate::rules::ALL.to_vec();
        with_rule.push(&OUTCOMES_AGAINST_LOG);
        let without_rule = crate::rules::ALL;
        // A named outcome file is read with what the rule checks it against.
        let file = Selection::paths(vec!["outcomes/2026-Q3/a.csv".into()]);
        assert!(file.plan(&with_rule).needs.more["a"].activities);
        assert!(!file.plan(without_rule).needs.more["a"].activities);
        // A named activity log has the agency's outcome files checked again.
        let log = Selection::paths(vec!["agencies/a/activities.csv".into()]);
        let plan = log.plan(&with_rule);
        assert!(plan.outcomes.agencies.contains("a"));
        assert!(plan.needs.outcomes);
        assert!(log.plan(without_rule).outcomes.agencies.is_empty());
        // And reports the rule's findings there, but not in another agency's files.
        let finding = |agency: &str| {
            Diagnostic::new(
                &OUTCOMES_AGAINST_LOG,
                &Origin::new(
                    format!("outcomes/2026-Q3/{agency}.csv"),
                    Subject::Outcomes(Quarter::parse("2026-Q3").unwrap(), Arc::from(agency)),
                ),
                "m",
            )
        };
        let repo = crate::repo::load(std::path::Path::new("/nonexistent"), &Needs::default())
            .expect("an empty folder loads");
        let checked = HashSet::new();
        assert!(plan.reports(&finding("a"), &repo, &checked));
        assert!(!plan.reports(&finding("b"), &repo, &checked));
    }

    #[test]
    fn a_named_agency_file_reports_its_outcome_files_without_an_agency() {
        // agencies/a/agency.toml named (deleted, as git may say): a's outcome files are
        // checked again, and their unknown-agency findings reported, not another agency's.
        let plan = Selection::paths(vec!["agencies/a/agency.toml".into()]).plan(crate::rules::ALL);
        assert!(plan.outcomes.agencies.contains("a"));
        let finding = |agency: &str| {
            Diagnostic::new(
                &crate::rules::UNKNOWN_AGENCY,
                &Origin::new(
                    format!("outcomes/2026-Q3/{agency}.csv"),
                    Subject::Outcomes(Quarter::parse("2026-Q3").unwrap(), Arc::from(agency)),
                ),
                "m",
            )
        };
        let repo = crate::repo::load(std::path::Path::new("/nonexistent"), &Needs::default())
            .expect("an empty folder loads");
        let checked = HashSet::new();
        assert!(plan.reports(&finding("a"), &repo, &checked));
        assert!(!plan.reports(&finding("b"), &repo, &checked));
    }

    #[test]
    fn a_selection_names_its_paths_and_what_is_inside_named_folders() {
        let selection = Selection::paths(vec![
            "outcomes/2026-Q3".into(),
            "agencies/a/agency.toml".into(),
        ]);
        assert!(selection.names("outcomes/2026-Q3"));
        assert!(selection.names("outcomes/2026-Q3/a.csv"));
        assert!(selection.names("agencies/a/agency.toml"));
        assert!(!selection.names("outcomes/2026-Q2/a.csv"));
        assert!(!selection.names("outcomes/2026-Q30/a.csv"));
        assert!(!selection.names("agencies/a/activities.csv"));
        assert!(!selection.names("agencies/a"));
        assert!(!selection.is_everything());
        assert!(Selection::paths(vec!["".into(), "x".into()]).is_everything());
        assert!(Selection::everything().names("anything"));
    }

    #[test]
    fn a_named_outcome_file_reads_its_agency_and_reviews_only() {
        let selection = Selection::paths(vec!["outcomes/2026-Q3/riverbend.csv".into()]);
        let plan = selection.plan(crate::rules::ALL);
        assert_eq!(plan.needs.places.agencies, ["riverbend"]);
        assert_eq!(plan.needs.parts, Parts::NONE);
        assert_eq!(plan.needs.more["riverbend"].reviews, Reviews::Full);
        assert!(!plan.needs.more["riverbend"].activities);
    }
}
