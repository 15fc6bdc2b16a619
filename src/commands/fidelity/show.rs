//! `ips fidelity show AGENCY`

use crate::cli::fidelity::ShowArgs;
use crate::commands::{as_of, load};
use crate::error::Result;
use crate::fidelity::history::{self, Line, LowItem};
use crate::fidelity::plan;
use crate::fidelity::scale::{Band, ITEMS};
use crate::filter::Places;
use crate::gate;
use crate::note::Note;
use crate::output::notes;
use crate::output::wrap::hanging;
use crate::output::{self, Cell, Format, Meta, Table};
use crate::repo::model::{FidelitySettings, Review};
use crate::repo::{AgencyRecord, Needs, Parts};
use crate::text::plural;
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

/// The stable field names of the long shape (csv, json); `agency_name` was added after the
/// others.
const LONG_COLUMNS: [&str; 8] = [
    "agency",
    "review",
    "kind",
    "section",
    "item",
    "score",
    "change",
    "agency_name",
];

pub fn run(repo_flag: Option<&Path>, args: &ShowArgs) -> Result<()> {
    let mut out = args.format.open()?;
    let as_of = as_of(&args.as_of);
    let needs = Needs {
        places: Places::agencies([args.agency.as_str()]),
        parts: Parts::ALL,
        as_of: Some(as_of),
        ..Needs::default()
    };
    let repo = load(repo_flag, &needs)?;
    let what = format!("the fidelity history of {}", args.agency);
    // One agency's output is all of it: its errors stop it.
    gate::whole(&repo, &gate::cannot_compute(&what), None)?;
    let Some(record) = repo.agency(&args.agency) else {
        return Ok(());
    };
    let held = record
        .reviews
        .partition_point(|review| review.date <= as_of);
    let reviews = &record.reviews[..held];
    notes::print(later(record, held, as_of).as_slice())?;
    let format = args.format.format;
    match format {
        Format::Csv | Format::Json | Format::Xlsx => {
            let meta = Meta::new(&repo.settings, as_of, []);
            output::render(
                &long_table(record, reviews).with_meta(meta),
                format,
                &mut out,
            )?
        }
        Format::Table | Format::Markdown if reviews.is_empty() => writeln!(
            out,
            "{} has no fidelity review on or before {as_of}\n  hint: start the baseline review with `ips fidelity new {} --date YYYY-MM-DD`",
            record.folder, record.folder
        )?,
        Format::Table | Format::Markdown => {
            let table = wide_table(record, reviews, &repo.settings.fidelity, as_of);
            let left_out = render_wide(table, reviews, args, &mut out)?;
            notes::print(left_out.as_slice())?;
        }
    }
    out.finish()
}

/// Says that reviews after --as-of are not shown: `held` reviews are on or before it.
fn later(record: &AgencyRecord, held: usize, as_of: NaiveDate) -> Option<Note> {
    let later = record.reviews.get(held)?;
    let count = record.reviews.len() - held;
    let more = if count > 1 {
        format!(" and {} more", count - 1)
    } else {
        String::new()
    };
    let verb = if count > 1 { "are" } else { "is" };
    Some(Note::info(format!(
        "the review of {}{more} {verb} after {as_of}, so not shown (pass --as-of {} to include it)",
        later.date, later.date
    )))
}

/// The table of reviews side by side, as many of the latest as fit the terminal (unless
/// --wide), and the lowest items; with a note on the earlier reviews left out.
fn render_wide(
    table: Table,
    reviews: &[Review],
    args: &ShowArgs,
    out: &mut dyn Write,
) -> Result<Option<Note>> {
    let format = args.format.format;
    let fitting = match (format, args.wide, output::terminal::get().width) {
        (Format::Table, false, Some(width)) => reviews_that_fit(reviews, width),
        _ => reviews.len(),
    };
    let earlier: Vec<String> = reviews[..reviews.len() - fitting]
        .iter()
        .map(|review| review.date.to_string())
        .collect();
    let names: Vec<&str> = earlier.iter().map(String::as_str).collect();
    output::render(&table.hide_in_terminal(&names), format, out)?;
    write_lowest(reviews, format == Format::Markdown, out)?;
    Ok(earlier.first().map(|first| {
        Note::info(format!(
            "{} from {first} left out to fit the terminal: --wide shows them",
            plural(earlier.len(), "earlier review")
        ))
    }))
}

/// How many of the latest reviews fit `width` columns beside the section, item and change
/// columns (at least the latest): a column is as wide as its date, or its band's name.
fn reviews_that_fit(reviews: &[Review], width: usize) -> usize {
    // " section  item  ...  change": the scale's longest names, and two columns between each.
    let widest = |name: fn(&crate::fidelity::scale::Item) -> &str| {
        ITEMS.iter().map(|item| name(item).len()).max().unwrap_or(0)
    };
    let section = widest(|item| item.section.as_str());
    let item = widest(|item| item.key);
    let mut used = 1 + section + 2 + item + 2 + "change".len();
    let mut fitting = 0;
    for review in reviews.iter().rev() {
        let band = review
            .total()
            .map_or(0, |total| Band::of_total(total).as_str().len());
        used += 2 + band.max(10);
        if used > width && fitting > 0 {
            break;
        }
        fitting += 1;
    }
    fitting
}

/// A change as people read it (+2, -1, 0), or empty for a first review.
fn signed(change: Option<i64>) -> Cell {
    change.map_or(Cell::Empty, |change| Cell::text(signed_text(change)))
}

fn value_cell(value: Option<u32>) -> Cell {
    Cell::count(value.map(u64::from))
}

/// For people: a row per line of the scale, a column per review (named by its date), and the
/// change from the review before the latest to the latest.
fn wide_table(
    record: &AgencyRecord,
    reviews: &[Review],
    settings: &FidelitySettings,
    as_of: NaiveDate,
) -> Table {
    let dates: Vec<String> = reviews.iter().map(|r| r.date.to_string()).collect();
    let mut columns = vec!["section", "item"];
    columns.extend(dates.iter().map(String::as_str));
    columns.push("change");
    let mut table = Table::new(&columns);
    let latest = reviews.last();
    let previous = reviews.len().checked_sub(2).map(|i| &reviews[i]);
    let text_row = |name: &str, cell: &dyn Fn(usize, &Review) -> Cell| {
        let mut row = vec![Cell::Empty, Cell::text(name)];
        row.extend(reviews.iter().enumerate().map(|(i, r)| cell(i, r)));
        row.push(Cell::Empty);
        row
    };
    table.push(text_row("kind", &|_, review| {
        Cell::text(review.kind.as_str())
    }));
    for line in Line::all() {
        let mut row = vec![
            line.section()
                .map_or(Cell::Empty, |s| Cell::text(s.as_str())),
            Cell::text(line.name()),
        ];
        row.extend(reviews.iter().map(|review| value_cell(line.value(review))));
        row.push(latest.map_or(Cell::Empty, |l| signed(line.change(previous, l))));
        table.push(row);
    }
    table.push(text_row("band", &|_, review| {
        review
            .total()
            .map_or(Cell::Empty, |t| Cell::text(Band::of_total(t).as_str()))
    }));
    table.push(text_row("plan", &|i, review| {
        let status = plan::status(
            review,
            record.reviews.get(i + 1),
            &record.activities,
            settings,
            as_of,
        );
        Cell::text(status.as_str())
    }));
    table
}

/// For scripts: one row per review and line, oldest review first.
fn long_table(record: &AgencyRecord, reviews: &[Review]) -> Table {
    let mut table = Table::new(&LONG_COLUMNS);
    let name = record
        .agency
        .as_ref()
        .map_or(Cell::Empty, |agency| Cell::text(&agency.name));
    for (i, review) in reviews.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| &reviews[p]);
        for line in Line::all() {
            table.push(vec![
                Cell::text(&*record.folder),
                Cell::Date(review.date),
                Cell::text(review.kind.as_str()),
                line.section()
                    .map_or(Cell::Empty, |s| Cell::text(s.as_str())),
                Cell::text(line.name()),
                value_cell(line.value(review)),
                line.change(previous, review)
                    .map_or(Cell::Empty, Cell::Integer),
                name.clone(),
            ]);
        }
    }
    table
}

/// The items the latest review scored lowest, with what each measures.
fn write_lowest(reviews: &[Review], markdown: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let low = history::lowest_items(reviews);
    let (Some(latest), Some(first)) = (reviews.last(), low.first()) else {
        return Ok(());
    };
    let since = reviews
        .len()
        .checked_sub(2)
        .map(|i| format!(" since {}", reviews[i].date))
        .unwrap_or_default();
    writeln!(
        out,
        "\nLowest items of the {} review (score {}), where the improvement plan should focus:",
        latest.date, first.score
    )?;
    if markdown {
        writeln!(out)?;
    }
    let width = low
        .iter()
        .map(|l| ITEMS[l.index].key.len())
        .max()
        .unwrap_or(0);
    // On a terminal, what an item measures wraps under itself, past the item's key.
    let terminal = output::terminal::get().width;
    for LowItem { index, change, .. } in &low {
        let item = &ITEMS[*index];
        let change = match change {
            Some(0) => format!("no change{since}"),
            Some(change) => format!("{}{since}", signed_text(*change)),
            None => "first review".to_string(),
        };
        if markdown {
            writeln!(out, "- `{}` ({change}): {}", item.key, item.measures)?;
        } else {
            let text = format!("{} ({change})", item.measures);
            let text = hanging(&text, 2 + width + 2, terminal);
            writeln!(out, "  {:<width$}  {text}", item.key)?;
        }
    }
    Ok(())
}

/// A change as people read it: +2, -1, 0.
fn signed_text(change: i64) -> String {
    match change {
        0 => "0".to_string(),
        change => format!("{change:+}"),
    }
}
