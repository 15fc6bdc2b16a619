//! `ips fidelity schedule`

use crate::cli::fidelity::ScheduleArgs;
use crate::commands::{as_of, load};
use crate::error::{Error, Result};
use crate::fidelity::plan::PlanStatus;
use crate::fidelity::schedule::{self, ReviewStatus, ScheduleRow};
use crate::gate::{self, DATA_ERROR};
use crate::note::Note;
use crate::output::notes;
use crate::output::{self, Cell, Meta, Table};
use crate::repo::{AgencyRecord, Needs, Parts, Repository};
use std::path::Path;

/// The stable field names of every format; the names were added after the others.
const COLUMNS: [&str; 14] = [
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
    "agency_name",
    "jurisdiction_name",
    "trainer",
];

/// What the terminal table leaves to `--wide`, to fit 100 columns: the names (for scripts),
/// the jurisdiction, the review's kind, the days until due (next_due and status say it), the
/// plan's deadline (its status says whether it is met) and the trainer.
const HIDDEN: [&str; 7] = [
    "trainer",
    "jurisdiction",
    "kind",
    "days_until_due",
    "plan_due",
    "agency_name",
    "jurisdiction_name",
];

pub fn run(repo_flag: Option<&Path>, args: &ScheduleArgs) -> Result<()> {
    let mut out = args.format.open()?;
    // The reviews, and the activity logs for the plans written as a fidelity-plan activity.
    let as_of = as_of(&args.as_of);
    let needs = Needs {
        places: args.places.with(&args.trainer),
        parts: Parts::ALL,
        as_of: Some(as_of),
        ..Needs::default()
    };
    let view = args.view.view();
    view.check(&COLUMNS, args.format.format)?;
    let repo = load(repo_flag, &needs)?;
    let verdict = gate::per_agency(&repo, &gate::cannot_compute("the fidelity schedule"))?;
    let settings = &repo.settings.fidelity;
    let (broken, clean): (Vec<_>, Vec<_>) = repo
        .agencies
        .iter()
        .partition(|record| verdict.is_broken(&record.folder));
    let mut rows: Vec<ScheduleRow> = clean
        .into_iter()
        .map(|record| schedule::schedule_for(record, settings, as_of, args.within))
        .collect();
    schedule::sort(&mut rows);
    let mut table = table(&rows, &repo)
        .hide_in_terminal(&HIDDEN)
        .with_view(view)
        .with_meta(Meta::new(&repo.settings, as_of, []));
    // An agency whose files have errors gets a row that says so, after the others.
    for record in broken {
        table.push(data_error_row(&repo, record));
    }
    output::render(&table, args.format.format, &mut out)?;
    out.finish()?;
    let overdue = overdue_list(&rows);
    // Named before the errors of other agencies, which end the run (exit 1) first.
    if args.fail_if_overdue && !overdue.is_empty() && !verdict.errors().is_empty() {
        notes::print(&[Note::error(format!(
            "{} overdue (--fail-if-overdue): {}",
            overdue.len(),
            overdue.join("; ")
        ))])?;
    }
    verdict.finish()?;
    if args.fail_if_overdue && !overdue.is_empty() {
        return Err(Error::Failed {
            message: Some(format!(
                "{} overdue (--fail-if-overdue): {}",
                overdue.len(),
                overdue.join("; ")
            )),
        });
    }
    Ok(())
}

/// The row of an agency whose files have errors: its names and `data-error`.
fn data_error_row(repo: &Repository, record: &AgencyRecord) -> Vec<Cell> {
    let mut cells = vec![Cell::Empty; COLUMNS.len()];
    cells[0] = Cell::text(&*record.folder);
    cells[1] = record.jurisdiction().map_or(Cell::Empty, Cell::text);
    cells[8] = Cell::text(DATA_ERROR);
    cells[11] = name(repo.agency_name(&record.folder));
    cells[12] = name(
        record
            .jurisdiction()
            .and_then(|j| repo.jurisdiction_name(j)),
    );
    cells[13] = name(repo.trainer(&record.folder));
    cells
}

fn name(name: Option<&str>) -> Cell {
    name.map_or(Cell::Empty, Cell::text)
}

fn table(rows: &[ScheduleRow], repo: &Repository) -> Table {
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
            Cell::status(row.status.as_str()),
            Cell::date(row.plan.map(PlanStatus::due)),
            row.plan
                .map_or(Cell::Empty, |plan| Cell::status(plan.as_str())),
            name(repo.agency_name(&row.agency)),
            name(
                row.jurisdiction
                    .as_deref()
                    .and_then(|j| repo.jurisdiction_name(j)),
            ),
            name(repo.trainer(&row.agency)),
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
