//! `ips outcomes missing`: the teams expected to report a quarter that have not.

use super::shared::{NAME_COLUMNS, ended, name, outcome_needs, render};
use crate::calendar::Quarter;
use crate::cli::outcomes::MissingArgs;
use crate::commands::{as_of, load};
use crate::error::Result;
use crate::filter::Places;
use crate::gate::{self, DATA_ERROR};
use crate::note::Note;
use crate::outcomes::missing::{self, MissingTeam};
use crate::output::{Cell, Meta, Table, notes};
use crate::repo::{Needs, Parts, Repository, Reviews};
use std::path::Path;

pub fn run(repo_flag: Option<&Path>, args: &MissingArgs) -> Result<()> {
    let places = Places::from(&args.places);
    // Who is expected to report depends on the baseline review, whose date its file name gives.
    let needs = Needs {
        parts: Parts {
            reviews: Reviews::Dates,
            activities: false,
            plans: false,
        },
        ..outcome_needs(&places)
    };
    let repo = load(repo_flag, &needs)?;
    let as_of = as_of(&args.as_of);
    let quarter = args.quarter.unwrap_or_else(|| Quarter::last_ended(as_of));
    ended(quarter, as_of)?;
    let (reported, listed, mut problems) = missing::reported(&repo, quarter, &places, as_of);
    if args.allow_invalid {
        notes::print(gate::leave_out_invalid(&mut problems).as_slice())?;
    }
    let verdict = gate::per_agency_with(
        &repo,
        listed,
        problems,
        &gate::cannot_compute("who has not reported"),
    )?;
    let (broken, clean): (Vec<_>, Vec<_>) = repo
        .agencies
        .iter()
        .partition(|record| verdict.is_broken(&record.folder));
    let list = missing::missing(clean, quarter, &reported, as_of);
    let mut table = missing_table(
        quarter,
        &list,
        broken
            .iter()
            .map(|r| (r.jurisdiction().unwrap_or(""), &*r.folder)),
        &repo,
    )
    .hide_in_terminal(&NAME_COLUMNS)
    .with_meta(Meta::new(&repo.settings, as_of, [quarter]));
    sort_missing(&mut table);
    render(&table, args.format.format)?;
    if table.rows.is_empty() {
        notes::print(&[Note::info(format!("no team is missing for {quarter}"))])?;
    }
    verdict.finish()?;
    if args.fail_if_missing && !table.rows.is_empty() {
        return Err(crate::error::Error::failed());
    }
    Ok(())
}

/// The missing teams, and a `data-error` row for each agency whose files have errors.
fn missing_table<'a>(
    quarter: Quarter,
    list: &[MissingTeam<'_>],
    broken: impl Iterator<Item = (&'a str, &'a str)>,
    repo: &Repository,
) -> Table {
    let mut table = Table::new(&[
        "quarter",
        "jurisdiction",
        "agency",
        "team",
        "reason",
        "jurisdiction_name",
        "agency_name",
    ]);
    for team in list {
        table.push(vec![
            Cell::text(quarter.to_string()),
            Cell::text(team.jurisdiction),
            Cell::text(team.agency),
            Cell::text(team.team),
            Cell::text(team.reason.as_str()),
            name(repo.jurisdiction_name(team.jurisdiction)),
            name(repo.agency_name(team.agency)),
        ]);
    }
    for (jurisdiction, agency) in broken {
        table.push(vec![
            Cell::text(quarter.to_string()),
            Cell::text(jurisdiction),
            Cell::text(agency),
            Cell::Empty,
            Cell::text(DATA_ERROR),
            name(repo.jurisdiction_name(jurisdiction)),
            name(repo.agency_name(agency)),
        ]);
    }
    table
}

/// By jurisdiction, agency and team, as `missing::missing` sorts.
fn sort_missing(table: &mut Table) {
    table.rows.sort_by(|a, b| {
        let key = |row: &[Cell]| (row[1].display(), row[2].display(), row[3].display());
        key(a).cmp(&key(b))
    });
}
