//! Checks one outcomes file, within itself and against its agency: the one function every
//! command that reads outcomes goes through, so that no unchecked row reaches a figure.

use crate::calendar::Quarter;
use crate::diagnostic::{Diagnostic, Origin};
use crate::names::NameMap;
use crate::repo::model::{Agency, OutcomeRow, Team};
use crate::repo::outcomes_file::{self, Checked, OutcomeFile};
use crate::repo::{AgencyRecord, OutcomeFileRef, Repository};
use crate::rules;
use crate::text::some_of;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Reads and checks an outcomes file. Rows with errors are left out of `rows`.
pub fn check_file(repo: &Repository, file: &OutcomeFileRef, as_of: NaiveDate) -> OutcomeFile {
    let source = match crate::repo::read_text(&repo.tree, file.origin()) {
        Ok(source) => source,
        Err(diagnostic) => {
            return OutcomeFile {
                rows: Vec::new(),
                invalid_rows: 1,
                diagnostics: vec![diagnostic],
            };
        }
    };
    check_source(repo, file, &source, as_of)
}

/// Checks the text of an outcomes file that is not (yet) on disk, as `check_file` checks one
/// that is: what `ips outcomes import` writes passes exactly validate's checks.
pub fn check_source(
    repo: &Repository,
    file: &OutcomeFileRef,
    source: &crate::source::SourceText,
    as_of: NaiveDate,
) -> OutcomeFile {
    let mut checked = outcomes_file::check(source);
    check_against_agency(repo, file, &source.origin, as_of, &mut checked);
    checked.finish()
}

fn check_against_agency(
    repo: &Repository,
    file: &OutcomeFileRef,
    path: &Origin,
    as_of: NaiveDate,
    checked: &mut Checked,
) {
    let quarter = file.quarter;
    if !quarter.has_ended(as_of) {
        checked.found.push(
            Diagnostic::new(
                &rules::FUTURE_QUARTER,
                path,
                format!("{quarter} has not ended as of {as_of}: it ends on {}", quarter.last_day()),
            )
            .hint("report a quarter after it ends; check the folder name, or pass --as-of if checking as of another date"),
        );
        reject_all(checked);
        return;
    }
    let Some(record) = repo.agency_of(file) else {
        if !repo.agencies_were_listed() {
            // Which agencies exist is unknown; agencies/ has the one finding that says why.
            reject_all(checked);
            return;
        }
        // An agency that exists but was not loaded is never asked about: the streams read only
        // the files of the agencies they loaded.
        debug_assert!(!repo.has_folder(&file.agency), "{} not loaded", file.agency);
        checked.found.push(
            Diagnostic::new(
                &rules::UNKNOWN_AGENCY,
                path,
                format!(
                    "no agency `{}`: there is no agencies/{}/agency.toml",
                    file.agency, file.agency
                ),
            )
            .hint(
                repo.copy_hint(quarter, &file.agency)
                    .unwrap_or_else(|| agency_hint(repo, &file.agency)),
            ),
        );
        reject_all(checked);
        return;
    };
    let Some(agency) = &record.agency else {
        // agency.toml itself has errors, reported there; its teams cannot be trusted.
        reject_all(checked);
        return;
    };
    if repo.settings_were_read()
        && !repo
            .settings
            .jurisdictions
            .iter()
            .any(|j| j.id == agency.jurisdiction)
    {
        // The undeclared jurisdiction is reported on agency.toml; rows cannot be placed without it.
        reject_all(checked);
        return;
    }
    // Rows of teams the agency does not have, or that were closed, count for nobody.
    let before = checked.rows.len();
    let teams = Teams::of(agency);
    let mut first_unknown: Option<usize> = None;
    let found = &mut checked.found;
    checked.rows.retain_mut(|row| {
        let Some((index, team)) = teams.get(&row.team) else {
            found.push_with(&rules::UNKNOWN_TEAM, || {
                unknown_team(record, agency, row, path, first_unknown)
            });
            first_unknown.get_or_insert(row.line);
            return false;
        };
        if !team.is_open_in(quarter) {
            found.push_with(&rules::TEAM_NOT_OPEN, || {
                not_open(record, team, row, quarter, path)
            });
            return false;
        }
        row.team_index = index as u32;
        true
    });
    checked.invalid_rows += before - checked.rows.len();
    warn_unreported_teams(record, file, path, checked);
    // Without the reviews read, there is nothing to judge the baseline by.
    if record.reviews_read && (!record.reviews.is_empty() || record.review_files == 0) {
        warn_before_baseline(record, file, path, checked);
    }
}

/// An agency's teams by id: a list for the usual few, a hash map when there are many, so that
/// a file's rows are checked in time linear in their number.
enum Teams<'a> {
    Few(&'a [Team]),
    Many(&'a [Team], HashMap<&'a str, usize>),
}

impl<'a> Teams<'a> {
    const FEW: usize = 16;

    fn of(agency: &'a Agency) -> Teams<'a> {
        let teams = agency.teams.as_slice();
        if teams.len() <= Self::FEW {
            return Teams::Few(teams);
        }
        let index = teams.iter().enumerate().map(|(i, t)| (t.id.as_str(), i));
        Teams::Many(teams, index.collect())
    }

    /// The team with this id, and its place in agency.toml.
    fn get(&self, id: &str) -> Option<(usize, &'a Team)> {
        match self {
            Teams::Few(teams) => teams.iter().enumerate().find(|(_, t)| t.id == id),
            Teams::Many(teams, index) => index.get(id).map(|&i| (i, &teams[i])),
        }
    }
}

/// `unknown-team`: the row's team is not the agency's. The hint listing the agency's teams is
/// given once per file, at the first unknown team.
fn unknown_team(
    record: &AgencyRecord,
    agency: &Agency,
    row: &OutcomeRow,
    path: &Origin,
    first_unknown: Option<usize>,
) -> Diagnostic {
    let teams: Vec<&str> = agency.teams.iter().map(|t| t.id.as_str()).collect();
    let near = crate::closest::closest(&row.team, &teams);
    let hint = match (first_unknown, near) {
        // A typing slip far more often than a new team.
        (_, Some(near)) => format!(
            "did you mean `{near}`? Its teams are: {}; a new team goes under [[teams]] in {}",
            some_of(teams.iter().copied(), TEAMS_LISTED),
            record.agency_path
        ),
        (None, None) => team_hint(teams.iter().copied(), &record.agency_path),
        (Some(line), None) => format!(
            "as for line {line}: use a team of {}, or add it there under [[teams]]",
            record.agency_path
        ),
    };
    Diagnostic::new(
        &rules::UNKNOWN_TEAM,
        path,
        format!("agency `{}` has no team `{}`", agency.id, row.team),
    )
    .at(row.line, row.team_column)
    .hint(hint)
}

/// `team-not-open`: the row's team was not open during `quarter`.
fn not_open(
    record: &AgencyRecord,
    team: &Team,
    row: &OutcomeRow,
    quarter: Quarter,
    path: &Origin,
) -> Diagnostic {
    let when = match (team.opened, team.closed) {
        (Some(opened), _) if opened > quarter.last_day() => format!("it opened on {opened}"),
        (_, Some(closed)) => format!("it closed on {closed}"),
        _ => "it was not open".to_string(),
    };
    Diagnostic::new(
        &rules::TEAM_NOT_OPEN,
        path,
        format!("team `{}` was not open in {quarter}: {when}", team.id),
    )
    .at(row.line, row.team_column)
    .hint(format!(
        "remove the row, or correct the team's dates in {}",
        record.agency_path
    ))
}

fn agency_hint(repo: &Repository, agency: &str) -> String {
    let folders = repo.folder_names();
    match crate::closest::closest(agency, &folders) {
        Some(near) => format!(
            "rename the file to {near}.csv if that agency is meant, or add the agency as agencies/{agency}/agency.toml"
        ),
        None => format!(
            "name the file after an agency's id, or add the agency as agencies/{agency}/agency.toml"
        ),
    }
}

fn reject_all(checked: &mut Checked) {
    checked.invalid_rows += checked.rows.len();
    checked.rows.clear();
}

/// Teams a hint lists at most.
pub const TEAMS_LISTED: usize = 20;

fn team_hint<'a>(mut teams: impl Iterator<Item = &'a str>, agency_path: &str) -> String {
    let Some(first) = teams.next() else {
        return format!("the agency has no teams yet: add them under [[teams]] in {agency_path}");
    };
    format!(
        "its teams are: {}; add new teams under [[teams]] in {agency_path}",
        some_of(std::iter::once(first).chain(teams), TEAMS_LISTED)
    )
}

fn warn_unreported_teams(
    record: &AgencyRecord,
    file: &OutcomeFileRef,
    path: &Origin,
    checked: &mut Checked,
) {
    let Some(agency) = &record.agency else { return };
    // With rows left out for errors, a team's row may be among them: say nothing.
    if checked.invalid_rows > 0 {
        return;
    }
    let reported: NameMap<&str, ()> = checked.rows.iter().map(|row| row.team.as_str()).collect();
    let missing = agency
        .teams_open_in(file.quarter)
        .filter(|team| !reported.contains(team.id.as_str()));
    for team in missing {
        checked.found.push_with(&rules::TEAM_NOT_REPORTED, || {
            Diagnostic::new(
                &rules::TEAM_NOT_REPORTED,
                path,
                format!("team `{}` was open in {} but has no row", team.id, file.quarter),
            )
            .hint(format!(
                "add a row for `{}` (with 0 counts if it served nobody); if the team has closed, set its `closed` date in {}",
                team.id, record.agency_path
            ))
        });
    }
}

fn warn_before_baseline(
    record: &AgencyRecord,
    file: &OutcomeFileRef,
    path: &Origin,
    checked: &mut Checked,
) {
    let quarter: Quarter = file.quarter;
    match record.baseline() {
        Some(baseline) if quarter.last_day() < baseline.date => checked.found.push(
            Diagnostic::new(
                &rules::OUTCOMES_BEFORE_BASELINE,
                path,
                format!("{quarter} ended before the agency's baseline fidelity review on {}", baseline.date),
            )
            .hint("agencies report outcomes from the quarter of their baseline review on: check the quarter folder"),
        ),
        None => checked.found.push(
            Diagnostic::new(
                &rules::OUTCOMES_BEFORE_BASELINE,
                path,
                format!("agency `{}` reports outcomes but has no fidelity review on record", record.folder),
            )
            .hint(format!(
                "add the baseline review as agencies/{}/fidelity/YYYY-MM-DD.toml (ips fidelity new)",
                record.folder
            )),
        ),
        Some(_) => {}
    }
}
