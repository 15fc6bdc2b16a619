//! `ips agreement status`: the summary per agency, or one agency's checklist.

use super::{refuse, suggestion};
use crate::agreement::{self, Milestone, Status};
use crate::cli::agreement::StatusArgs;
use crate::commands::{as_of, open_repository};
use crate::output::{self, Cell, Table};
use crate::repo::{AGENCIES_DIR, AgencyRecord, OutcomeFileRef, Repository, SETTINGS_FILE};
use crate::validate;
use anyhow::{Context, Result, bail};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(repo_flag: Option<&Path>, args: &StatusArgs) -> Result<ExitCode> {
    let repository = open_repository(repo_flag)?;
    let as_of = as_of(&args.as_of);
    if let Some(agency) = &args.agency {
        known_agency(&repository, agency)?;
    }
    let selected = select(&repository, args);
    if let Some(refused) = refuse_on_errors(&repository, &selected, args)? {
        return Ok(refused);
    }
    // Each agency gets only its own outcome files: one pass over the list, not one per agency.
    let mut outcome_files: HashMap<&str, Vec<&OutcomeFileRef>> = HashMap::new();
    for file in &repository.outcome_files {
        outcome_files.entry(&file.agency).or_default().push(file);
    }
    let mut judged = Vec::with_capacity(selected.len());
    for record in selected {
        let own = outcome_files.get(record.folder.as_str());
        let milestones = agreement::evaluate(
            record,
            &repository.settings,
            own.map_or(&[][..], Vec::as_slice),
            as_of,
        )
        .with_context(|| format!("cannot read {}", record.agency_path))?;
        judged.push((record, milestones));
    }
    let table = match &args.agency {
        Some(_) => checklist(&judged),
        None => summary(&judged),
    };
    let mut out = std::io::stdout().lock();
    output::render(&table, args.format.format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The named agency, or those of the named jurisdictions, or all.
fn select<'r>(repository: &'r Repository, args: &StatusArgs) -> Vec<&'r AgencyRecord> {
    repository
        .agencies
        .iter()
        .filter(|record| match (&args.agency, &record.agency) {
            (Some(wanted), _) => &record.folder == wanted,
            // Unreadable agencies stay in, so that their errors stop the run.
            (None, None) => true,
            (None, Some(agency)) => {
                args.jurisdiction.is_empty() || args.jurisdiction.contains(&agency.jurisdiction)
            }
        })
        .collect()
}

/// Exit 1 with the errors of the files the run reads, if any; exit 2 for a `--jurisdiction`
/// that ips.toml does not declare (checked once ips.toml itself has no error).
fn refuse_on_errors(
    repository: &Repository,
    selected: &[&AgencyRecord],
    args: &StatusArgs,
) -> Result<Option<ExitCode>> {
    let folders: Vec<&str> = selected.iter().map(|r| r.folder.as_str()).collect();
    let read = |path: &str| reads(repository, path, &folders, args.agency.is_none());
    let found = validate::load_errors(repository, read);
    if !found.iter().any(|d| d.path == SETTINGS_FILE) {
        crate::commands::check_jurisdiction_filter(repository, &args.jurisdiction)?;
    }
    if found.is_empty() {
        return Ok(None);
    }
    let files = repository.files_read.iter().filter(|p| read(p)).count();
    refuse(
        found,
        files,
        "cannot judge the agreement: the files it reads have errors (fix them, then run it again)",
    )
    .map(Some)
}

/// Whether a finding is about a file this run reads: ips.toml, the selected agencies' files, and
/// for the whole community also agency folders that could not be loaded at all.
fn reads(repository: &Repository, path: &str, folders: &[&str], whole: bool) -> bool {
    if path == SETTINGS_FILE {
        return true;
    }
    let Some(rest) = path
        .strip_prefix(AGENCIES_DIR)
        .and_then(|p| p.strip_prefix('/'))
    else {
        return false;
    };
    let folder = rest.split('/').next().unwrap_or(rest);
    folders.contains(&folder) || (whole && repository.agency(folder).is_none())
}

fn summary(judged: &[(&AgencyRecord, Vec<Milestone>)]) -> Table {
    let mut table = Table::new(&[
        "agency",
        "jurisdiction",
        "met",
        "open",
        "overdue",
        "missed",
        "next_due",
    ]);
    for (record, milestones) in judged {
        let counts = agreement::summarize(milestones);
        let count = |n: usize| Cell::Count(n as u64);
        table.push(vec![
            Cell::text(&record.folder),
            Cell::text(
                record
                    .agency
                    .as_ref()
                    .map_or("", |a| a.jurisdiction.as_str()),
            ),
            count(counts.met),
            count(counts.open),
            count(counts.overdue),
            count(counts.missed),
            Cell::date(counts.next_due),
        ]);
    }
    table
}

/// Every milestone, then each of its periods, with evidence and what is missing.
fn checklist(judged: &[(&AgencyRecord, Vec<Milestone>)]) -> Table {
    let mut table = Table::new(&[
        "agency",
        "milestone",
        "period",
        "status",
        "due",
        "next_due",
        "evidence",
        "missing",
    ]);
    let text = |s: &str| {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::text(s)
        }
    };
    for (record, milestones) in judged {
        for milestone in milestones {
            let row =
                |period: &str, status: Status, due, next_due, evidence: &str, missing: &str| {
                    vec![
                        Cell::text(&record.folder),
                        Cell::text(milestone.id),
                        text(period),
                        Cell::text(status.as_str()),
                        Cell::date(due),
                        Cell::date(next_due),
                        text(evidence),
                        text(missing),
                    ]
                };
            table.push(row(
                "",
                milestone.status,
                milestone.due,
                milestone.next_due,
                &milestone.evidence,
                &milestone.missing,
            ));
            // A period's own deadline is its `due`; the milestone row carries the next one.
            for period in &milestone.periods {
                table.push(row(
                    &period.label,
                    period.status,
                    Some(period.due),
                    None,
                    &period.evidence,
                    &period.missing,
                ));
            }
        }
    }
    table
}

fn agency_names(repository: &Repository) -> Vec<&str> {
    repository
        .agencies
        .iter()
        .map(|a| a.folder.as_str())
        .collect()
}

fn known_agency(repository: &Repository, agency: &str) -> Result<()> {
    if repository.agency(agency).is_some() {
        return Ok(());
    }
    bail!(
        "no agency `{agency}`: there is no {AGENCIES_DIR}/{agency}/ folder\n  hint: {}",
        suggestion(agency, &agency_names(repository))
    )
}
