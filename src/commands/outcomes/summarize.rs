//! `ips outcomes summarize`: pooled figures by the groups of --by, held until every file
//! behind them is checked.

use super::shared::{SPOOL_IN_MEMORY, copy_out, ended, outcome_needs, quarter_filter};
use crate::calendar::Quarter;
use crate::cli::outcomes::SummarizeArgs;
use crate::commands::{as_of, load};
use crate::error::{Result, Usage, usage};
use crate::filter::Places;
use crate::gate;
use crate::note::{self, Level, Note};
use crate::outcomes::completeness::{self, Completeness};
use crate::outcomes::public_note::{PublicNote, Tally};
use crate::outcomes::scope::{self, Period};
use crate::outcomes::shape::SummaryShape;
use crate::outcomes::stream;
use crate::outcomes::summarize::{Grouping, Options, Summary};
use crate::outcomes::{Dimension, protected, summary_stream, suppress};
use crate::output::{self, Format, Meta, Rows, notes};
use crate::progress::{self, Progress};
use crate::repo::{Needs, Parts, Repository};
use crate::text::plural;
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

pub fn run(repo_flag: Option<&Path>, args: &SummarizeArgs) -> Result<()> {
    let out = args.format.open()?;
    let places = Places::from(&args.filters.places);
    // Who is expected to report follows from the baseline review, whose file name gives its date.
    let needs = Needs {
        parts: Parts::REVIEW_DATES,
        ..outcome_needs(&places)
    };
    let repo = load(repo_flag, &needs)?;
    let asked = asked(&repo, places, args)?;
    let shape = SummaryShape {
        by: &asked.by,
        mean_of_rates: args.mean_of_rates,
        period: &asked.period.wanted,
        repo: &repo,
        // Scripts read which fields a public row hides; people see `<11` in the cells.
        lists_hidden: asked.public.is_some()
            && matches!(asked.format, Format::Csv | Format::Json | Format::Xlsx),
        label: asked.public.map(|rule| rule.label()),
    };
    let view = args.view.view();
    columns_of_another_grouping(&view, &asked.by)?;
    view.check(&shape.columns(), asked.format)?;
    let mut notes = Vec::new();
    let (table, gathers) = public_table(repo_flag, &asked, args, &mut notes)?;
    let mut spool = tempfile::spooled_tempfile(SPOOL_IN_MEMORY);
    let mut summed = sum(
        &repo,
        &asked,
        &shape,
        &view,
        (table.as_ref(), gathers),
        &mut spool,
    )?;
    let problems = std::mem::take(&mut summed.streamed.problems);
    if gathers {
        notes.extend(gate_table(repo_flag, &repo, &problems, args)?);
    }
    if problems.files == 0 {
        notes.push(Note::info(
            "no outcome files in the chosen quarters and places",
        ));
    }
    let gated = gate::pooled(&repo, problems, args.allow_invalid, "summarized");
    match gated {
        // The whole repository's warning, when public, already says what was left out.
        Ok(warning) if notes.is_empty() => notes.extend(warning),
        Ok(_) => {}
        Err(error) => {
            notes::print(&notes)?;
            return Err(error);
        }
    }
    notes.extend(closing_notes(&repo, &asked, &summed));
    notes::print(&notes)?;
    copy_out(&mut spool, out)
}

/// The protected table of a public summary read before it, and whether the summary gathers
/// its table in its own pass instead: one of every agency reads the files the table is made
/// of, so it builds the table as it reads them; one of some agencies reads the others' first.
fn public_table(
    repo_flag: Option<&Path>,
    asked: &Asked,
    args: &SummarizeArgs,
    notes: &mut Vec<Note>,
) -> Result<(Option<protected::Table>, bool)> {
    match asked.public {
        Some(_) if asked.places == Places::all() => Ok((None, true)),
        Some(rule) => Ok((
            Some(protected_table(repo_flag, asked, rule, args, notes)?),
            false,
        )),
        None => Ok((None, false)),
    }
}

/// The protected table of the quarters read, over every agency of the repository whatever
/// the filter: a public summary is a view of it. Its files' errors refuse the summary as the
/// summary's own do (`--allow-invalid` leaves their rows out of the table too).
fn protected_table(
    repo_flag: Option<&Path>,
    asked: &Asked,
    rule: suppress::Rule,
    args: &SummarizeArgs,
    notes: &mut Vec<Note>,
) -> Result<protected::Table> {
    let whole = load(repo_flag, &outcome_needs(&Places::all()))?;
    let quarters = asked.period.read();
    let progress = Progress::default();
    let (table, problems) = progress::show_while("protecting", "files", &progress, || {
        protected::gather(&whole, &quarters, rule, asked.as_of, &progress)
    })?;
    notes.extend(gate::pooled(
        &whole,
        problems,
        args.allow_invalid,
        "summarized",
    )?);
    Ok(table)
}

/// The gate of a protected table gathered in the summary's pass: the files' errors refuse the
/// summary as `protected_table`'s do, judged over the repository it loads (without the review
/// dates), so that a refusal reads the same. Without an error anywhere there is nothing to judge.
fn gate_table(
    repo_flag: Option<&Path>,
    repo: &Repository,
    problems: &stream::Problems,
    args: &SummarizeArgs,
) -> Result<Option<Note>> {
    if problems.errors.is_empty() && crate::validate::load_errors(repo).is_empty() {
        return Ok(None);
    }
    let whole = load(repo_flag, &outcome_needs(&Places::all()))?;
    let copy = stream::Problems {
        errors: problems.errors.clone(),
        invalid_rows: problems.invalid_rows,
        files: problems.files,
    };
    gate::pooled(&whole, copy, args.allow_invalid, "summarized")
}

/// What a summary was asked, settled before any outcome file is read.
struct Asked {
    places: Places,
    as_of: NaiveDate,
    by: Grouping,
    period: Period,
    options: Options,
    /// The small-number rule of a public summary.
    public: Option<suppress::Rule>,
    format: Format,
}

fn asked(repo: &Repository, places: Places, args: &SummarizeArgs) -> Result<Asked> {
    let filter = quarter_filter(&args.filters)?;
    let as_of = as_of(&args.as_of);
    // A quarter named outright must have ended: else a typo for a future year reads as "no data".
    for quarter in filter.quarters.iter().chain(&filter.from) {
        ended(*quarter, as_of)?;
    }
    let by = Grouping::new(if args.by.is_empty() {
        &[Dimension::Jurisdiction]
    } else {
        &args.by
    });
    let quarters_grouped = by.has(Dimension::Quarter);
    let period = scope::period(
        repo,
        &places,
        &filter,
        !quarters_grouped,
        quarters_grouped,
        as_of,
    );
    Ok(Asked {
        places,
        as_of,
        by,
        period,
        options: Options {
            totals: !args.no_total,
            mean_of_rates: args.mean_of_rates,
        },
        public: public_rule(repo, args)?,
        format: args.format.format,
    })
}

/// What reading the files gave besides the rows held in the spool.
struct Summed {
    streamed: summary_stream::Streamed,
    /// Whether a change between quarters that different agencies reported is marked `†`.
    marked_changes: bool,
    /// What a public summary hid.
    public: Option<PublicNote>,
}

/// Reads the files and writes the rows to `spool`, to be copied out once the gate has passed.
fn sum(
    repo: &Repository,
    asked: &Asked,
    shape: &SummaryShape<'_, '_>,
    view: &output::View,
    (table, gathers): (Option<&protected::Table>, bool),
    spool: &mut tempfile::SpooledTempFile,
) -> Result<Summed> {
    let columns = shape.columns();
    let mut buffered = std::io::BufWriter::new(spool);
    let mut rows = Rows::new(&columns, asked.format, &mut buffered)?;
    rows.show(&shape.hidden_in_terminal(&columns), view);
    let wanted = &asked.period.wanted;
    rows.meta(&Meta::new(
        &repo.settings,
        asked.as_of,
        wanted.iter().copied(),
    ));
    let question = summary_stream::Question {
        by: &asked.by,
        options: asked.options,
        wanted,
        as_of: asked.as_of,
        public: asked.public,
        protected: table,
        gathers,
        places: &asked.places,
        output_sorts: rows.holds_rows(),
    };
    let mut tally = Tally::default();
    let mut marked_changes = false;
    let by_quarter = asked.by.has(Dimension::Quarter);
    let streamed = stream_rows(repo, asked, &question, |row, protection, order| {
        marked_changes |= row.rate_change_comparable == Some(false) && !protection.change;
        let cells = shape.cells(row, protection);
        tally.add(protection, by_quarter);
        match order {
            Some(order) => rows.push_in_order(&cells, order)?,
            None => rows.push(&cells)?,
        }
        Ok(())
    })?;
    let public = asked
        .public
        .map(|rule| tally.note(rule, &repo.settings.report));
    match &public {
        Some(note) if asked.format == Format::Json => rows.finish_with(&note.json())?,
        _ => rows.finish()?,
    }
    buffered.flush()?;
    Ok(Summed {
        streamed,
        marked_changes,
        public,
    })
}

/// The files of the period listed and summarized, each row given to `emit`, with progress.
fn stream_rows<'r>(
    repo: &'r Repository,
    asked: &Asked,
    question: &summary_stream::Question<'_>,
    emit: impl FnMut(&Summary<'r>, summary_stream::Protection, summary_stream::Order) -> Result<()>,
) -> Result<summary_stream::Streamed> {
    let progress = Progress::default();
    progress::show_while("reading outcomes", "files", &progress, || {
        let (files, listed) = stream::list(repo, &asked.period.read(), &asked.places);
        let mut read = summary_stream::summarize(repo, files, question, &progress, emit)?;
        read.problems = listed.merge(read.problems);
        Ok(read)
    })
}

/// The notes after the figures: what a public summary hid, which quarters are partial or
/// missing, and how to read the period and the marked changes.
fn closing_notes(repo: &Repository, asked: &Asked, summed: &Summed) -> Vec<Note> {
    let mut notes = Vec::new();
    if let Some(public) = summed
        .public
        .as_ref()
        .filter(|_| asked.format != Format::Json)
    {
        notes.push(Note::info(public.text()));
    }
    notes.extend(partial(&summed.streamed.completeness));
    let quarters_grouped = asked.by.has(Dimension::Quarter);
    if quarters_grouped {
        notes.extend(unreported(
            repo,
            &asked.places,
            &asked.period.wanted,
            asked.as_of,
        ));
    }
    if let Some(latest) = asked.period.defaulted_to {
        notes.push(Note::info(format!(
            "{latest}, the latest quarter with outcomes (choose others with --quarter, --from, --to)"
        )));
    }
    let wanted = &asked.period.wanted;
    if !quarters_grouped && wanted.len() > 1 {
        let n = wanted.len();
        let times = if n == 2 {
            "twice".to_string()
        } else {
            format!("{n} times")
        };
        notes.push(Note::info(format!(
            "{n} quarters added up ({}): people are counted once per quarter, so someone served in each of them counts {times} (add quarter to --by to see each quarter)",
            period_text(wanted),
        )));
    }
    if summed.marked_changes && matches!(asked.format, Format::Table | Format::Markdown) {
        notes.push(Note::info(
            "† marks a rate_change between quarters in which different agencies reported: part of the change is agencies joining or leaving the group",
        ));
    }
    notes
}

/// Says which quarters' figures leave out agencies expected to report, since a total of the
/// agencies that did reads like a total of all: one warning, naming the quarters.
fn partial(completeness: &[Completeness]) -> Option<Note> {
    let partial: Vec<(Quarter, String)> = completeness
        .iter()
        .filter(|c| c.is_partial())
        .map(|c| (c.quarter, format!("{} of {}", c.reported, c.expected)))
        .collect();
    note::of_quarters(
        Level::Warning,
        &partial,
        |quarter, detail| {
            format!(
                "{quarter}: {detail} expected agencies reported; figures are partial (ips outcomes missing --quarter {quarter})"
            )
        },
        |n, list| {
            format!(
                "{n} quarters have figures that are partial, as not every expected agency reported: {list} (ips outcomes missing --quarter Q names who has not reported)"
            )
        },
    )
}

/// Says which quarters between the first and the last shown have no outcome file at all,
/// though agencies were expected to report them: such a quarter has no row, and its gap in a
/// trend would otherwise pass unseen.
fn unreported(
    repo: &Repository,
    places: &Places,
    shown: &BTreeSet<Quarter>,
    as_of: NaiveDate,
) -> Option<Note> {
    let (&first, &last) = (shown.first()?, shown.last()?);
    let mut gaps = Vec::new();
    let mut quarter = first;
    while quarter < last {
        if !shown.contains(&quarter) {
            let expected = repo
                .agencies
                .iter()
                .filter(|r| places.wants(&r.folder, r.jurisdiction()))
                .filter(|r| completeness::expected(r, quarter, as_of).is_some())
                .count();
            if expected > 0 {
                gaps.push((quarter, plural(expected, "agency")));
            }
        }
        quarter = quarter.next();
    }
    note::of_quarters(
        Level::Warning,
        &gaps,
        |quarter, expected| {
            let verb = if expected.starts_with("1 ") {
                "was"
            } else {
                "were"
            };
            format!(
                "{quarter}: no outcome file, though {expected} {verb} expected to report it: the quarter has no row (ips outcomes missing --quarter {quarter})"
            )
        },
        |n, list| {
            format!(
                "{n} quarters have no outcome file, though agencies were expected to report them: {list}; those quarters have no row (ips outcomes missing --quarter Q names who has not reported)"
            )
        },
    )
}

/// The small-number rule of a public summary. It comes from ips.toml, so a summary that would
/// fall back on default settings refuses, whatever --allow-invalid says.
fn public_rule(repo: &Repository, args: &SummarizeArgs) -> Result<Option<suppress::Rule>> {
    if !args.public {
        return Ok(None);
    }
    gate::settings(
        repo,
        "ips.toml has errors, so its small-number rule is unknown: nothing was summarized",
        Some("fix ips.toml first: a public summary must not fall back on a default threshold"),
    )?;
    Ok(Some(repo.settings.report.suppression()))
}

/// A summary's columns follow --by: a column that only another grouping has is named as such.
fn columns_of_another_grouping(view: &output::View, by: &Grouping) -> Result<(), Usage> {
    let output::View::Columns(names) = view else {
        return Ok(());
    };
    let by_quarter = by.has(Dimension::Quarter);
    let (when, unless): (&[&str], &[&str]) =
        (&["rate_change", "rate_change_comparable"], &["from", "to"]);
    let needs_quarter = names
        .iter()
        .find(|n| !by_quarter && when.contains(&n.as_str()));
    let needs_no_quarter = names
        .iter()
        .find(|n| by_quarter && unless.contains(&n.as_str()));
    match (needs_quarter, needs_no_quarter) {
        (Some(name), _) => Err(usage(format!(
            "--columns: {name} is a column of a summary by quarter"
        ))
        .hint("add quarter to --by, e.g. --by jurisdiction,quarter")),
        (None, Some(name)) => Err(usage(format!(
            "--columns: {name} is a column of a summary over several quarters, not by quarter"
        ))
        .hint("leave quarter out of --by, or name the quarter column")),
        _ => Ok(()),
    }
}

/// `2025-Q3 to 2026-Q2`, or the one quarter.
fn period_text(quarters: &BTreeSet<Quarter>) -> String {
    match (quarters.first(), quarters.last()) {
        (Some(first), Some(last)) if first != last => format!("{first} to {last}"),
        (Some(only), _) => only.to_string(),
        _ => String::new(),
    }
}
