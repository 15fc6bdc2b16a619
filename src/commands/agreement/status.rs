//! `ips agreement status`: the summary per agency, or one agency's checklist.

use crate::agreement::{self, Milestone, Status};
use crate::cli::agreement::StatusArgs;
use crate::commands::{as_of, load};
use crate::error::Result;
use crate::filter::Places;
use crate::gate::{self, DATA_ERROR};
use crate::output::{self, Cell, Table};
use crate::repo::{AgencyRecord, Needs, OutcomeFileRef, Parts, Repository};
use crate::validate;
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

pub fn run(repo_flag: Option<&Path>, args: &StatusArgs) -> Result<()> {
    let places = match &args.checklist {
        Some(agency) => Places::agencies([agency.as_str()]),
        None => Places::from(&args.places),
    };
    let needs = Needs {
        places,
        parts: Parts::ALL,
        outcomes: true,
        ..Needs::default()
    };
    let repo = load(repo_flag, &needs)?;
    let as_of = as_of(&args.as_of);
    let found = validate::load_errors(&repo);
    let files = repo.files_read.len();
    let table = match &args.checklist {
        Some(_) => {
            gate::refuse_any(found, files, WHY, None)?;
            let Some(record) = repo.agencies.first() else {
                return Ok(());
            };
            checklist(record, &evaluate(&repo, record, as_of))
        }
        None => {
            let verdict = gate::per_agency(found, files, WHY)?;
            let table = summary(&repo, as_of, |folder| verdict.is_broken(folder));
            render(&table, args)?;
            return verdict.finish();
        }
    };
    render(&table, args)
}

const WHY: &str =
    "cannot judge the agreement: the files it reads have errors (fix them, then run it again)";

fn render(table: &Table, args: &StatusArgs) -> Result<()> {
    let mut out = std::io::stdout().lock();
    output::render(table, args.format.format, &mut out)?;
    out.flush()?;
    Ok(())
}

/// Every milestone of one agency, judged as of `as_of`.
fn evaluate(repo: &Repository, record: &AgencyRecord, as_of: NaiveDate) -> Vec<Milestone> {
    let reported = repo.quarters_reported([&*record.folder]);
    judge(repo, record, reported.get(&record.folder), as_of)
}

fn judge(
    repo: &Repository,
    record: &AgencyRecord,
    quarters: Option<&Vec<crate::calendar::Quarter>>,
    as_of: NaiveDate,
) -> Vec<Milestone> {
    let files: Vec<OutcomeFileRef> = quarters
        .into_iter()
        .flatten()
        .map(|quarter| OutcomeFileRef::new(*quarter, &record.folder))
        .collect();
    let refs: Vec<&OutcomeFileRef> = files.iter().collect();
    agreement::evaluate(record, &repo.settings, &refs, as_of).unwrap_or_default()
}

/// One row per agency, judged one at a time so that only counts are kept. An agency whose files
/// have errors gets a row that says so.
fn summary(repo: &Repository, as_of: NaiveDate, broken: impl Fn(&str) -> bool) -> Table {
    let mut table = Table::new(&[
        "agency",
        "jurisdiction",
        "met",
        "open",
        "overdue",
        "missed",
        "next_due",
        "status",
    ]);
    let reported = repo.quarters_reported(repo.agencies.iter().map(|r| &*r.folder));
    for record in &repo.agencies {
        let jurisdiction = Cell::text(record.jurisdiction().unwrap_or(""));
        if broken(&record.folder) {
            let mut cells = vec![Cell::text(&*record.folder), jurisdiction];
            cells.extend([
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]);
            cells.push(Cell::text(DATA_ERROR));
            table.push(cells);
            continue;
        }
        let milestones = judge(repo, record, reported.get(&record.folder), as_of);
        let counts = agreement::summarize(&milestones);
        let count = |n: usize| Cell::Count(n as u64);
        let worst = milestones.iter().map(|m| m.status).max();
        table.push(vec![
            Cell::text(&*record.folder),
            jurisdiction,
            count(counts.met),
            count(counts.open),
            count(counts.overdue),
            count(counts.missed),
            Cell::date(counts.next_due),
            worst.map_or(Cell::Empty, |status| Cell::text(status.as_str())),
        ]);
    }
    table
}

/// Every milestone, then each of its periods, with evidence and what is missing.
fn checklist(record: &AgencyRecord, milestones: &[Milestone]) -> Table {
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
    {
        for milestone in milestones {
            let row =
                |period: &str, status: Status, due, next_due, evidence: &str, missing: &str| {
                    vec![
                        Cell::text(&*record.folder),
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
