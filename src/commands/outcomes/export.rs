//! `ips outcomes export`: the checked rows of the chosen quarters, one per team, for scripts.

use super::shared::{NAME_COLUMNS, SPOOL_IN_MEMORY, copy_out, name, outcome_needs, quarter_filter};
use crate::calendar::Quarter;
use crate::cli::outcomes::ExportArgs;
use crate::commands::{as_of, load};
use crate::error::Result;
use crate::filter::Places;
use crate::gate;
use crate::outcomes::export;
use crate::outcomes::stream::{self, Fold};
use crate::output::{Cell, Meta, Rows, notes};
use crate::progress::{self, Progress};
use crate::repo::Repository;
use std::io::Write;
use std::path::Path;

const COLUMNS: [&str; 10] = [
    "quarter",
    "jurisdiction",
    "agency",
    "team",
    "served",
    "employed",
    "education",
    "job_starts",
    "jurisdiction_name",
    "agency_name",
];

pub fn run(repo_flag: Option<&Path>, args: &ExportArgs) -> Result<()> {
    let out = args.out.open(args.format)?;
    let places = Places::from(&args.filters.places);
    let repo = load(repo_flag, &outcome_needs(&places))?;
    let filter = quarter_filter(&args.filters)?;
    let quarters: Vec<Quarter> = repo
        .quarters
        .iter()
        .copied()
        .filter(|q| filter.wants(*q))
        .collect();
    let mut spool = tempfile::spooled_tempfile(SPOOL_IN_MEMORY);
    let mut buffered = std::io::BufWriter::new(&mut spool);
    let mut rows = Rows::new(&COLUMNS, args.format, &mut buffered)?;
    rows.hide_in_terminal(&NAME_COLUMNS);
    let as_of = as_of(&args.as_of);
    rows.meta(&Meta::new(&repo.settings, as_of, quarters.iter().copied()));
    let fold = Fold {
        init: Vec::new,
        add: export::add_file,
        merge: |mut a: Vec<_>, b| {
            a.extend(b);
            a
        },
    };
    let progress = Progress::default();
    let problems = progress::show_while("reading outcomes", "quarters", &progress, || {
        stream::by_quarter(
            &repo,
            &quarters,
            &places,
            as_of,
            &progress,
            &fold,
            |_, mut quarter_rows| {
                // Files come in agency order; rows go out by jurisdiction, agency and team.
                export::sort(&mut quarter_rows);
                for row in &quarter_rows {
                    rows.push(&cells(&repo, row))?;
                }
                Ok(())
            },
        )
    })?;
    rows.finish()?;
    buffered.flush()?;
    drop(buffered);
    let warning = gate::pooled(&repo, problems, args.allow_invalid, "exported")?;
    notes::print(warning.as_slice())?;
    copy_out(&mut spool, out)
}

/// A row of the export, in the order of `COLUMNS`.
fn cells(
    repo: &Repository,
    export::ExportRow { place, row }: &export::ExportRow<'_>,
) -> [Cell; 10] {
    [
        Cell::text(place.quarter.to_string()),
        Cell::text(place.jurisdiction),
        Cell::text(&place.agency.id),
        Cell::text(&row.team),
        Cell::Count(row.served),
        Cell::Count(row.employed),
        Cell::count(row.education),
        Cell::count(row.job_starts),
        name(repo.jurisdiction_name(place.jurisdiction)),
        Cell::text(&place.agency.name),
    ]
}
