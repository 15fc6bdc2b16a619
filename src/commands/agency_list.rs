//! `ips agency list`: the directory of agencies, one row each.

use super::{as_of, load};
use crate::cli::agency::ListAgencyArgs;
use crate::directory;
use crate::error::Result;
use crate::gate::{self, DATA_ERROR};
use crate::output::{self, Cell, Meta, Table};
use crate::repo::{Needs, Parts};
use std::path::Path;

/// The stable field names of every format.
const COLUMNS: [&str; 11] = [
    "agency",
    "name",
    "jurisdiction",
    "start",
    "teams_open",
    "last_quarter",
    "last_review",
    "status",
    "jurisdiction_name",
    "trainer",
    "term_ends",
];

/// What the terminal table leaves to `--wide`, CSV, JSON and Markdown, so that with the trainer
/// it stays within 100 columns at the community's size and a name takes two lines at most: the
/// jurisdiction (`--jurisdiction` selects by it), its name, the day the agency started and the
/// last day of the agreement's term.
const TERMINAL_HIDDEN: [&str; 4] = ["jurisdiction", "jurisdiction_name", "start", "term_ends"];

pub fn run(repo_flag: Option<&Path>, args: &ListAgencyArgs) -> Result<()> {
    let view = args.view.view();
    view.check(&COLUMNS, args.format.format)?;
    let mut out = args.format.open()?;
    // agency.toml, the review files' names (their dates) and the outcome folders' listings.
    let as_of = as_of(&args.as_of);
    let needs = Needs {
        places: args.places.with(&args.trainer),
        parts: Parts::REVIEW_DATES,
        outcomes: true,
        as_of: Some(as_of),
        ..Needs::default()
    };
    let repo = load(repo_flag, &needs)?;
    let verdict = gate::per_agency(&repo, &gate::cannot_compute("the list of agencies"))?;
    let reported = repo.quarters_reported(repo.agencies.iter().map(|r| &*r.folder));
    let mut table = Table::new(&COLUMNS)
        .hide_in_terminal(&TERMINAL_HIDDEN)
        .with_view(view)
        .with_meta(Meta::new(&repo.settings, as_of, []));
    let text = |text: Option<&str>| text.map_or(Cell::Empty, Cell::text);
    for record in &repo.agencies {
        let quarters = reported.get(&record.folder).map_or(&[][..], Vec::as_slice);
        let entry = directory::entry(record, quarters, as_of);
        let jurisdiction = record.jurisdiction();
        let jurisdiction_name = text(jurisdiction.and_then(|j| repo.jurisdiction_name(j)));
        let agency = record.agency.as_ref();
        // The trainer, and the last day of the agreement's term: an agency whose term has
        // ended says so.
        let trainer = text(agency.and_then(|a| a.trainer.as_deref()));
        let term_ends = Cell::date(agency.and_then(crate::agreement::term::last_day));
        let row = match entry {
            Some(entry) if !verdict.is_broken(&record.folder) => vec![
                Cell::text(entry.agency),
                Cell::text(entry.name),
                Cell::text(entry.jurisdiction),
                Cell::Date(entry.start),
                Cell::Count(entry.teams_open as u64),
                text(entry.last_quarter.map(|q| q.to_string()).as_deref()),
                Cell::date(entry.last_review),
                Cell::text(entry.standing.as_str()),
                jurisdiction_name,
                trainer,
                term_ends,
            ],
            // What its agency.toml says cannot be trusted: only what names the row.
            _ => {
                let mut cells = vec![Cell::Empty; COLUMNS.len()];
                cells[0] = Cell::text(&*record.folder);
                cells[2] = text(jurisdiction);
                cells[7] = Cell::text(DATA_ERROR);
                cells[8] = jurisdiction_name;
                cells[9] = trainer;
                cells
            }
        };
        table.push(row);
    }
    output::render(&table, args.format.format, &mut out)?;
    out.finish()?;
    verdict.finish()
}
