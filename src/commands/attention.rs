//! `ips attention`: one dated list of what needs acting on, across agencies.

use super::{as_of, load};
use crate::attention::{self, Item, Unreported};
use crate::calendar::Quarter;
use crate::cli::attention::AttentionArgs;
use crate::error::{Error, Result, usage};
use crate::gate;
use crate::note::Note;
use crate::outcomes::missing;
use crate::output::notes;
use crate::output::{self, Cell, Horizon, Meta, Table};
use crate::repo::{AgencyRecord, Needs, OutcomeFileRef, Parts, Repository};
use crate::text::plural;
use chrono::NaiveDate;
use std::path::Path;

/// The stable field names of every format.
const COLUMNS: [&str; 10] = [
    "due",
    "days",
    "status",
    "agency",
    "jurisdiction",
    "item",
    "period",
    "missing",
    "agency_name",
    "jurisdiction_name",
];

/// What the terminal table leaves to `--wide`, to fit 100 columns with room for what is
/// missing: the days (the due date says it), the period (what is missing names it: the file,
/// the review), the jurisdiction and the names.
const HIDDEN: [&str; 5] = [
    "days",
    "jurisdiction",
    "period",
    "agency_name",
    "jurisdiction_name",
];

pub fn run(repo_flag: Option<&Path>, args: &AttentionArgs) -> Result<()> {
    let as_of = as_of(&args.as_of);
    let since = since(args, as_of)?;
    let mut out = args.format.open()?;
    let view = args.view.view();
    view.check(&COLUMNS, args.format.format)?;
    let repo = load(repo_flag, &needs(args, as_of))?;
    // The last ended quarter's files are read, checked, for the teams without a row.
    let quarter = Quarter::last_ended(as_of);
    let (reported, listed, problems) =
        missing::reported(&repo, quarter, &args.places.with(&args.trainer), as_of);
    let verdict = gate::per_agency_with(
        &repo,
        listed,
        problems,
        &gate::cannot_compute("what needs attention"),
    )?;
    let (broken, clean): (Vec<_>, Vec<_>) = repo
        .agencies
        .iter()
        .partition(|record| verdict.is_broken(&record.folder));
    let teams = missing::missing(clean.iter().copied(), quarter, &reported, as_of);
    let unreported = Unreported {
        quarter,
        teams: &teams,
    };
    let mut items = clean_items(&repo, &clean, &unreported, as_of, args);
    for record in &broken {
        let own = verdict
            .errors()
            .iter()
            .filter(|d| d.subject.agency() == Some(&record.folder));
        items.extend(attention::data_errors(&record.folder, own));
    }
    attention::sort(&mut items);
    let (items, older) = attention::split_older(items, since);
    let table = table(&items, &repo, as_of).with_view(view).with_meta(
        Meta::new(&repo.settings, as_of, [quarter])
            .with_horizon(since.map(|since| Horizon { since, older })),
    );
    output::render(&table, args.format.format, &mut out)?;
    out.finish()?;
    notes::print(&closing_notes(&items, older, since, as_of, args.within))?;
    verdict.finish()?;
    if args.fail_if_any && !items.is_empty() {
        return Err(Error::Failed {
            message: Some(format!(
                "{} {} attention (--fail-if-any)",
                plural(items.len(), "item"),
                if items.len() == 1 { "needs" } else { "need" }
            )),
        });
    }
    Ok(())
}

/// The first due date listed: None with --all; --since, which may not be after --as-of;
/// else a year back.
fn since(args: &AttentionArgs, as_of: NaiveDate) -> Result<Option<NaiveDate>> {
    match args.since {
        _ if args.all => Ok(None),
        Some(since) if since > as_of => Err(usage(format!(
            "--since {since} is after --as-of {as_of}"
        ))
        .hint(format!(
            "--since reaches back: give a date on or before {as_of} (--within DAYS looks ahead)"
        ))
        .into()),
        Some(since) => Ok(Some(since)),
        None => Ok(Some(attention::default_since(as_of))),
    }
}

/// That nothing is listed, and how many older items were left out.
fn closing_notes(
    items: &[Item],
    older: usize,
    since: Option<NaiveDate>,
    as_of: NaiveDate,
    within: u32,
) -> Vec<Note> {
    let mut notes = Vec::new();
    let ahead = plural(within as usize, "day");
    if items.is_empty() {
        notes.push(Note::info(match since {
            Some(since) if older > 0 => format!(
                "nothing due since {since} needs attention as of {as_of}, looking {ahead} ahead"
            ),
            _ => format!("nothing needs attention as of {as_of}, looking {ahead} ahead"),
        }));
    }
    if let (Some(since), true) = (since, older > 0) {
        let (are, them) = if older == 1 {
            ("is", "it")
        } else {
            ("are", "them")
        };
        notes.push(
            Note::info(format!(
                "{} (due before {since}) {are} not listed",
                plural(older, "older item")
            ))
            .hint(format!("--all lists {them}, --since DATE from a date")),
        );
    }
    notes
}

/// Everything: reviews and activity logs for the schedule and the agreement; the outcome
/// folders for who has reported.
fn needs(args: &AttentionArgs, as_of: NaiveDate) -> Needs {
    Needs {
        places: args.places.with(&args.trainer),
        parts: Parts::ALL,
        outcomes: true,
        as_of: Some(as_of),
        ..Needs::default()
    }
}

/// What the agencies without errors must act on: reviews, plans, the agreement's milestones
/// and the teams that have not reported.
fn clean_items(
    repo: &Repository,
    clean: &[&AgencyRecord],
    unreported: &Unreported<'_, '_>,
    as_of: NaiveDate,
    args: &AttentionArgs,
) -> Vec<Item> {
    let outcome_files = repo.quarters_reported(clean.iter().map(|r| &*r.folder));
    let mut items = Vec::new();
    for record in clean {
        let files: Vec<OutcomeFileRef> = outcome_files
            .get(&record.folder)
            .into_iter()
            .flatten()
            .map(|q| OutcomeFileRef::new(*q, &record.folder))
            .collect();
        let refs: Vec<&OutcomeFileRef> = files.iter().collect();
        items.extend(attention::agency_items(
            record,
            &repo.settings,
            &refs,
            unreported,
            as_of,
            args.within,
        ));
    }
    items
}

fn table(items: &[Item], repo: &Repository, as_of: NaiveDate) -> Table {
    let mut table = Table::new(&COLUMNS).hide_in_terminal(&HIDDEN);
    let text = |text: Option<&str>| match text {
        Some(text) if !text.is_empty() => Cell::text(text),
        _ => Cell::Empty,
    };
    for item in items {
        let jurisdiction = repo.jurisdiction_of(&item.agency);
        table.push(vec![
            Cell::date(item.due),
            item.days(as_of).map_or(Cell::Empty, Cell::Integer),
            Cell::status(item.urgency.as_str()),
            Cell::text(&item.agency),
            text(jurisdiction),
            Cell::text(item.item),
            text(Some(&item.period)),
            text(Some(&item.missing)),
            text(repo.agency_name(&item.agency)),
            text(jurisdiction.and_then(|j| repo.jurisdiction_name(j))),
        ]);
    }
    table
}
