//! `ips agreement status`: the summary per agency, or one agency's checklist.

use crate::agreement::{self, Milestone, Status};
use crate::cli::agreement::StatusArgs;
use crate::commands::{as_of, load};
use crate::error::Result;
use crate::filter::Places;
use crate::gate::{self, DATA_ERROR};
use crate::output::{self, Cell, Meta, Table};
use crate::repo::{AgencyRecord, Needs, Parts, Repository};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::path::Path;

pub fn run(repo_flag: Option<&Path>, args: &StatusArgs) -> Result<()> {
    let out = args.format.open()?;
    let places = match &args.checklist {
        Some(agency) => Places::agencies([agency.as_str()]),
        None => args.places.with(&args.trainer),
    };
    let as_of = as_of(&args.as_of);
    let needs = Needs {
        places,
        parts: Parts::ALL,
        outcomes: true,
        as_of: Some(as_of),
        ..Needs::default()
    };
    let view = args.view.view();
    let columns: &[&str] = match &args.checklist {
        Some(_) => &CHECKLIST_COLUMNS,
        None => &SUMMARY_COLUMNS,
    };
    view.check(columns, args.format.format)?;
    let repo = load(repo_flag, &needs)?;
    let wanted = |status: Status| args.status.is_empty() || args.status.contains(&status);
    let meta = Meta::new(&repo.settings, as_of, []);
    let table = match &args.checklist {
        Some(_) => {
            gate::whole(&repo, WHY, None)?;
            let Some(record) = repo.agencies.first() else {
                return Ok(());
            };
            checklist(&repo, record, &evaluate(&repo, record, as_of), wanted)
        }
        None => {
            let verdict = gate::per_agency(&repo, WHY)?;
            let table = summary(&repo, as_of, |folder| verdict.is_broken(folder), wanted);
            render(&table.with_meta(meta).with_view(view), args, out)?;
            return verdict.finish();
        }
    };
    render(&table.with_meta(meta).with_view(view), args, out)
}

const WHY: &str =
    "cannot judge the agreement: the files it reads have errors (fix them, then run it again)";

fn render(table: &Table, args: &StatusArgs, mut out: output::Out) -> Result<()> {
    output::render(table, args.format.format, &mut out)?;
    out.finish()
}

/// Every milestone of one agency, judged as of `as_of`.
fn evaluate(repo: &Repository, record: &AgencyRecord, as_of: NaiveDate) -> Vec<Milestone> {
    let reported = repo.quarters_reported([&*record.folder]);
    agreement::evaluate_reported(repo, record, reported.get(&record.folder), as_of)
}

/// What the summary keeps of an agency's milestones.
struct Judged {
    counts: agreement::Summary,
    worst: Option<Status>,
}

/// The summary's fields; those after `status` were added later, so that no column moves.
const SUMMARY_COLUMNS: [&str; 15] = [
    "agency",
    "jurisdiction",
    "met",
    "open",
    "overdue",
    "missed",
    "next_due",
    "status",
    "next_due_milestone",
    "overdue_milestones",
    "missed_milestones",
    "agency_name",
    "jurisdiction_name",
    "trainer",
    "term_ends",
];

/// What the terminal summary leaves to CSV, JSON and `--wide`, to stay within 100 columns: the
/// jurisdiction (`--jurisdiction` selects by it), the lists of milestones (a checklist,
/// `--status overdue,missed` or `ips attention` names them), the names, the trainer and the
/// last day of the agreement's term.
const SUMMARY_HIDDEN: [&str; 7] = [
    "jurisdiction",
    "overdue_milestones",
    "missed_milestones",
    "agency_name",
    "jurisdiction_name",
    "trainer",
    "term_ends",
];

/// One row per agency, judged one at a time so that only the summary is kept. An agency whose
/// files have errors gets a row that says so. With `--status`, only agencies with a milestone
/// of a wanted status.
fn summary(
    repo: &Repository,
    as_of: NaiveDate,
    broken: impl Fn(&str) -> bool + Sync,
    wanted: impl Fn(Status) -> bool + Sync,
) -> Table {
    let mut table = Table::new(&SUMMARY_COLUMNS).hide_in_terminal(&SUMMARY_HIDDEN);
    let reported = repo.quarters_reported(repo.agencies.iter().map(|r| &*r.folder));
    // Judged in parallel, an agency at a time; only each one's counts are kept.
    let judged: Vec<Option<Judged>> = repo
        .agencies
        .par_iter()
        .map(|record| {
            if broken(&record.folder) {
                return None;
            }
            let milestones =
                agreement::evaluate_reported(repo, record, reported.get(&record.folder), as_of);
            milestones.iter().any(|m| wanted(m.status)).then(|| Judged {
                counts: agreement::summarize(&milestones),
                worst: milestones.iter().map(|m| m.status).max(),
            })
        })
        .collect();
    for (record, judged) in repo.agencies.iter().zip(judged) {
        let jurisdiction = record.jurisdiction();
        let agency = record.agency.as_ref();
        let names = [
            text_cell(agency.map(|a| a.name.as_str())),
            text_cell(jurisdiction.and_then(|j| repo.jurisdiction_name(j))),
            text_cell(agency.and_then(|a| a.trainer.as_deref())),
            Cell::date(agency.and_then(agreement::term::last_day)),
        ];
        let jurisdiction = Cell::text(jurisdiction.unwrap_or(""));
        if broken(&record.folder) {
            let mut cells = vec![Cell::text(&*record.folder), jurisdiction];
            cells.extend(vec![Cell::Empty; 5]);
            cells.push(Cell::text(DATA_ERROR));
            cells.extend(vec![Cell::Empty; 3]);
            cells.extend(names);
            table.push(cells);
            continue;
        }
        let Some(judged) = judged else {
            continue;
        };
        let mut cells = vec![Cell::text(&*record.folder), jurisdiction];
        cells.extend(judged_cells(&judged));
        cells.extend(names);
        table.push(cells);
    }
    table
}

/// The cells of an agency's counts, from `met` to `missed_milestones`.
fn judged_cells(Judged { counts, worst }: &Judged) -> [Cell; 9] {
    let count = |n: usize| Cell::Count(n as u64);
    let listed = |ids: &[&str]| text_cell(Some(&ids.join(", ")));
    [
        count(counts.met),
        count(counts.open),
        count(counts.overdue),
        count(counts.missed),
        Cell::date(counts.next_due),
        worst.map_or(Cell::Empty, |status| Cell::status(status.as_str())),
        listed(&counts.next_due_milestones),
        listed(&counts.overdue_milestones),
        listed(&counts.missed_milestones),
    ]
}

/// A text cell, empty for none or "".
fn text_cell(text: Option<&str>) -> Cell {
    match text {
        Some(text) if !text.is_empty() => Cell::text(text),
        _ => Cell::Empty,
    }
}

const CHECKLIST_COLUMNS: [&str; 9] = [
    "agency",
    "milestone",
    "period",
    "status",
    "due",
    "next_due",
    "evidence",
    "missing",
    "agency_name",
];

/// What the terminal checklist leaves to `--wide`: the agency it is of, and the next deadline
/// of a milestone that recurs (a later period's `due` once it is open).
const CHECKLIST_HIDDEN: [&str; 3] = ["agency", "next_due", "agency_name"];

/// Every milestone, then each of its periods, with evidence and what is missing. With
/// `--status`, the periods of a wanted status, under their milestone's row; and a milestone
/// of a wanted status.
fn checklist(
    repo: &Repository,
    record: &AgencyRecord,
    milestones: &[Milestone],
    wanted: impl Fn(Status) -> bool,
) -> Table {
    let mut table = Table::new(&CHECKLIST_COLUMNS).hide_in_terminal(&CHECKLIST_HIDDEN);
    let name = text_cell(repo.agency_name(&record.folder));
    for milestone in milestones {
        let row = |period: &str, status: Status, due, next_due, evidence: &str, missing: &str| {
            vec![
                Cell::text(&*record.folder),
                Cell::text(milestone.id),
                text_cell(Some(period)),
                Cell::status(status.as_str()),
                Cell::date(due),
                Cell::date(next_due),
                text_cell(Some(evidence)),
                text_cell(Some(missing)),
                name.clone(),
            ]
        };
        let periods: Vec<_> = milestone
            .periods
            .iter()
            .filter(|p| wanted(p.status))
            .collect();
        if !wanted(milestone.status) && periods.is_empty() {
            continue;
        }
        table.push(row(
            "",
            milestone.status,
            milestone.due,
            milestone.next_due,
            &milestone.evidence,
            &milestone.missing,
        ));
        // A period's own deadline is its `due`; the milestone row carries the next one.
        for period in periods {
            table.push(row(
                &period.label.to_string(),
                period.status,
                Some(period.due),
                None,
                &period.evidence,
                &period.missing,
            ));
        }
    }
    table
}
