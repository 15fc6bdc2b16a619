//! `ips fidelity items`

use crate::cli::fidelity::ItemsArgs;
use crate::commands::{as_of, load};
use crate::error::Result;
use crate::fidelity::items::{self, Analysis};
use crate::filter::Places;
use crate::gate;
use crate::note::Note;
use crate::output::{self, Cell, Meta, Table, notes};
use crate::repo::{Needs, Parts, Reviews};
use crate::scale::ITEMS;
use crate::text::plural;
use std::io::Write;
use std::path::Path;

/// The stable field names of every format.
const COLUMNS: [&str; 7] = [
    "item",
    "section",
    "agencies",
    "mean",
    "min",
    "max",
    "at_or_below_3",
];

pub fn run(repo_flag: Option<&Path>, args: &ItemsArgs) -> Result<()> {
    let as_of = as_of(&args.as_of);
    // The latest review on or before the day is all that is read of each agency's history.
    let needs = Needs {
        places: Places::from(&args.places),
        parts: Parts {
            reviews: Reviews::Since(as_of),
            ..Parts::NONE
        },
        as_of: Some(as_of),
        ..Needs::default()
    };
    let repo = load(repo_flag, &needs)?;
    // Figures pooled over agencies: any error behind them stops them.
    gate::whole(&repo, &gate::cannot_compute("the item analysis"), None)?;
    let analysis = items::analyse(&repo.agencies, as_of);
    notes::print(&notes_of(&analysis, as_of))?;
    let table = table(&analysis).with_meta(Meta::new(&repo.settings, as_of, []));
    let mut out = std::io::stdout().lock();
    output::render(&table, args.format.format, &mut out)?;
    out.flush()?;
    Ok(())
}

fn table(analysis: &Analysis) -> Table {
    let mut table = Table::new(&COLUMNS);
    for row in &analysis.rows {
        let item = &ITEMS[row.item];
        table.push(vec![
            Cell::text(item.key),
            Cell::text(item.section.as_str()),
            Cell::Count(u64::from(row.agencies)),
            // Two decimals for people, so that the column aligns; the value in full for scripts.
            row.mean().map_or(Cell::Empty, |mean| {
                Cell::shown(Cell::Decimal(mean), format!("{mean:.2}"))
            }),
            Cell::count(row.min.map(u64::from)),
            Cell::count(row.max.map(u64::from)),
            Cell::Count(u64::from(row.at_or_below_3)),
        ]);
    }
    table
}

/// What the figures cover: how many agencies, and those left out for want of a review.
fn notes_of(analysis: &Analysis, as_of: chrono::NaiveDate) -> Vec<Note> {
    let mut found = vec![Note::info(format!(
        "the latest review of {} held by {as_of}",
        plural(analysis.agencies.len(), "agency")
    ))];
    if !analysis.without_review.is_empty() {
        found.push(
            Note::info(format!(
                "left out, with no fully scored review by {as_of}: {}",
                analysis.without_review.join(", ")
            ))
            .hint("`ips fidelity schedule` shows when their reviews are due"),
        );
    }
    found
}
