//! `ips fidelity schedule`

use super::{Scope, find_agency, refuse_on_errors};
use crate::cli::fidelity::ScheduleArgs;
use crate::commands::{EXIT_DATA_ERRORS, as_of, check_jurisdiction_filter, open_repository};
use crate::fidelity::plan::PlanStatus;
use crate::fidelity::schedule::{self, ReviewStatus, ScheduleRow};
use crate::output::{self, Cell, Table};
use crate::repo::Repository;
use anyhow::Result;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The stable field names of every format.
const COLUMNS: [&str; 11] = [
    "agency",
    "jurisdiction",
    "last_review",
    "kind",
    "total",
    "band",
    "next_due",
    "days_until_due",
    "status",
    "plan_due",
    "plan_status",
];

pub fn run(repo_flag: Option<&Path>, args: &ScheduleArgs) -> Result<ExitCode> {
    let repo = open_repository(repo_flag)?;
    check_filters(&repo, args)?;
    let scope = Scope {
        agencies: (!args.places.agency.is_empty())
            .then(|| args.places.agency.iter().map(String::as_str).collect()),
    };
    if let Some(code) = refuse_on_errors(&repo, &scope, "the fidelity schedule")? {
        return Ok(code);
    }
    let as_of = as_of(&args.as_of);
    let settings = &repo.settings.fidelity;
    let mut rows: Vec<ScheduleRow> = repo
        .agencies
        .iter()
        .filter(|record| {
            args.places.agency.is_empty() || args.places.agency.contains(&record.folder)
        })
        .map(|record| schedule::schedule_for(record, settings, as_of, args.within))
        .filter(|row| {
            args.places.jurisdiction.is_empty()
                || row
                    .jurisdiction
                    .as_ref()
                    .is_some_and(|j| args.places.jurisdiction.contains(j))
        })
        .collect();
    schedule::sort(&mut rows);
    let mut out = std::io::stdout().lock();
    output::render(&table(&rows), args.format.format, &mut out)?;
    out.flush()?;
    if args.fail_if_overdue {
        let overdue = overdue_list(&rows);
        if !overdue.is_empty() {
            eprintln!(
                "error: {} overdue (--fail-if-overdue): {}",
                overdue.len(),
                overdue.join("; ")
            );
            return Ok(ExitCode::from(EXIT_DATA_ERRORS));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Unknown ids in --agency or --jurisdiction are a mistake on the command line (exit 2).
fn check_filters(repo: &Repository, args: &ScheduleArgs) -> Result<()> {
    for agency in &args.places.agency {
        find_agency(repo, agency)?;
    }
    check_jurisdiction_filter(repo, &args.places.jurisdiction)
}

fn table(rows: &[ScheduleRow]) -> Table {
    let mut table = Table::new(&COLUMNS);
    for row in rows {
        let last = row.last_review.as_ref();
        table.push(vec![
            Cell::text(&row.agency),
            row.jurisdiction.as_ref().map_or(Cell::Empty, Cell::text),
            Cell::date(last.map(|l| l.date)),
            last.map_or(Cell::Empty, |l| Cell::text(l.kind.as_str())),
            Cell::count(last.and_then(|l| l.total).map(u64::from)),
            last.and_then(|l| l.band)
                .map_or(Cell::Empty, |band| Cell::text(band.as_str())),
            Cell::date(row.next_due),
            row.days_until_due.map_or(Cell::Empty, Cell::Integer),
            Cell::text(row.status.as_str()),
            Cell::date(row.plan.map(PlanStatus::due)),
            row.plan
                .map_or(Cell::Empty, |plan| Cell::text(plan.as_str())),
        ]);
    }
    table
}

/// "ggz-noorderzon review due 2026-02-26", "lakeshore plan due 2026-09-22", in schedule order.
fn overdue_list(rows: &[ScheduleRow]) -> Vec<String> {
    let mut overdue = Vec::new();
    for row in rows {
        if row.status == ReviewStatus::Overdue {
            let what = if row.last_review.is_none() {
                "baseline review"
            } else {
                "review"
            };
            let due = row
                .next_due
                .map(|d| format!(" due {d}"))
                .unwrap_or_default();
            overdue.push(format!("{} {what}{due}", row.agency));
        }
        if let Some(PlanStatus::Overdue { due }) = row.plan {
            overdue.push(format!("{} improvement plan due {due}", row.agency));
        }
    }
    overdue
}
