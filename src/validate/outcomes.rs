//! Checks one outcomes file, within itself and against its agency: the one function every
//! command that reads outcomes goes through, so that no unchecked row reaches a figure.

use crate::calendar::Quarter;
use crate::diagnostic::Diagnostic;
use crate::repo::model::{Agency, OutcomeRow};
use crate::repo::outcomes_file::{self, OutcomeFile};
use crate::repo::{AgencyRecord, OutcomeFileRef, Repository};
use crate::rules;
use chrono::NaiveDate;

/// Reads and checks an outcomes file. Rows with errors are left out of `rows`.
pub fn check_file(repo: &Repository, file: &OutcomeFileRef, as_of: NaiveDate) -> OutcomeFile {
    let relative = file.relative();
    let source = match crate::repo::read_text_named(&file.path(&repo.root), &relative) {
        Ok(source) => source,
        Err(diagnostic) => {
            return OutcomeFile {
                rows: Vec::new(),
                invalid_rows: 1,
                diagnostics: vec![diagnostic],
            };
        }
    };
    let mut checked = outcomes_file::read(&source);
    check_against_agency(repo, file, &relative, as_of, &mut checked);
    checked
}

fn check_against_agency(
    repo: &Repository,
    file: &OutcomeFileRef,
    path: &str,
    as_of: NaiveDate,
    checked: &mut OutcomeFile,
) {
    let quarter = file.quarter;
    if !quarter.has_ended(as_of) {
        checked.diagnostics.push(
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
        checked.diagnostics.push(
            Diagnostic::new(
                &rules::UNKNOWN_AGENCY,
                path,
                format!(
                    "no agency `{}`: there is no agencies/{}/agency.toml",
                    file.agency, file.agency
                ),
            )
            .hint(agency_hint(repo, &file.agency)),
        );
        reject_all(checked);
        return;
    };
    let Some(agency) = &record.agency else {
        // agency.toml itself has errors, reported there; its teams cannot be trusted.
        reject_all(checked);
        return;
    };
    if super::settings_were_read(repo)
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
    let mut found = Vec::new();
    checked.rows.retain(
        |row| match team_problem(record, agency, row, quarter, path) {
            Some(diagnostic) => {
                found.push(diagnostic);
                false
            }
            None => true,
        },
    );
    checked.invalid_rows += before - checked.rows.len();
    checked.diagnostics.extend(found);
    warn_unreported_teams(record, file, path, checked);
    // Without the reviews loaded (Depth::Outcomes), there is nothing to judge the baseline by.
    if repo.depth.reads_reviews() && (!record.reviews.is_empty() || record.review_files == 0) {
        warn_before_baseline(record, file, path, checked);
    }
}

/// Why a row's team cannot report for `quarter`: unknown to the agency, or not open then.
fn team_problem(
    record: &AgencyRecord,
    agency: &Agency,
    row: &OutcomeRow,
    quarter: Quarter,
    path: &str,
) -> Option<Diagnostic> {
    let Some(team) = agency.team(&row.team) else {
        return Some(
            Diagnostic::new(
                &rules::UNKNOWN_TEAM,
                path,
                format!("agency `{}` has no team `{}`", agency.id, row.team),
            )
            .at(row.line, row.team_column)
            .hint(team_hint(
                agency.teams.iter().map(|t| t.id.as_str()),
                &record.agency_path,
            )),
        );
    };
    if team.is_open_in(quarter) {
        return None;
    }
    let when = match (team.opened, team.closed) {
        (Some(opened), _) if opened > quarter.last_day() => format!("it opened on {opened}"),
        (_, Some(closed)) => format!("it closed on {closed}"),
        _ => "it was not open".to_string(),
    };
    Some(
        Diagnostic::new(
            &rules::TEAM_NOT_OPEN,
            path,
            format!("team `{}` was not open in {quarter}: {when}", team.id),
        )
        .at(row.line, row.team_column)
        .hint(format!(
            "remove the row, or correct the team's dates in {}",
            record.agency_path
        )),
    )
}

fn agency_hint(repo: &Repository, agency: &str) -> String {
    let folders: Vec<&str> = repo.agencies.iter().map(|a| a.folder.as_str()).collect();
    match crate::repo::toml_fields::closest(agency, &folders) {
        Some(near) => format!(
            "rename the file to {near}.csv if that agency is meant, or add the agency as agencies/{agency}/agency.toml"
        ),
        None => format!(
            "name the file after an agency's id, or add the agency as agencies/{agency}/agency.toml"
        ),
    }
}

fn reject_all(checked: &mut OutcomeFile) {
    checked.invalid_rows += checked.rows.len();
    checked.rows.clear();
}

fn team_hint<'a>(teams: impl Iterator<Item = &'a str>, agency_path: &str) -> String {
    let teams: Vec<&str> = teams.collect();
    if teams.is_empty() {
        format!("the agency has no teams yet: add them under [[teams]] in {agency_path}")
    } else {
        format!(
            "its teams are: {}; add new teams under [[teams]] in {agency_path}",
            teams.join(", ")
        )
    }
}

fn warn_unreported_teams(
    record: &AgencyRecord,
    file: &OutcomeFileRef,
    path: &str,
    checked: &mut OutcomeFile,
) {
    let Some(agency) = &record.agency else { return };
    // Rows dropped for bad counts still name their team, so only teams with no row at all count.
    let source_mentions = |team: &str| checked.rows.iter().any(|row| row.team == team);
    let missing: Vec<String> = agency
        .teams_open_in(file.quarter)
        .filter(|team| !source_mentions(&team.id))
        .map(|team| team.id.clone())
        .collect();
    if checked.invalid_rows > 0 {
        return;
    }
    for team in missing {
        checked.diagnostics.push(
            Diagnostic::new(
                &rules::TEAM_NOT_REPORTED,
                path,
                format!("team `{team}` was open in {} but has no row", file.quarter),
            )
            .hint(format!(
                "add a row for `{team}` (with 0 counts if it served nobody); if the team has closed, set its `closed` date in {}",
                record.agency_path
            )),
        );
    }
}

fn warn_before_baseline(
    record: &AgencyRecord,
    file: &OutcomeFileRef,
    path: &str,
    checked: &mut OutcomeFile,
) {
    let quarter: Quarter = file.quarter;
    match record.baseline() {
        Some(baseline) if quarter.last_day() < baseline.date => checked.diagnostics.push(
            Diagnostic::new(
                &rules::OUTCOMES_BEFORE_BASELINE,
                path,
                format!("{quarter} ended before the agency's baseline fidelity review on {}", baseline.date),
            )
            .hint("agencies report outcomes from the quarter of their baseline review on: check the quarter folder"),
        ),
        None => checked.diagnostics.push(
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
