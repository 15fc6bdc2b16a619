//! `ips outcomes summarize | export | new | missing | diff`: parse, load, compute in
//! crate::outcomes, render.

pub(crate) mod diff;

use super::{as_of, load, plural};
use crate::calendar::Quarter;
use crate::cli::outcomes::{
    ExportArgs, MissingArgs, NewOutcomesArgs, OutcomeFilters, OutcomesCommand, SummarizeArgs,
};
use crate::error::{DataErrors, Result, Usage, usage};
use crate::filter::Places;
use crate::gate::{self, DATA_ERROR};
use crate::outcomes::completeness::{self, Completeness};
use crate::outcomes::missing::{self, MissingTeam};
use crate::outcomes::scope::{self, QuarterFilter};
use crate::outcomes::stream::{self, Fold};
use crate::outcomes::summarize::{Grouping, Options, Summary};
use crate::outcomes::{Dimension, export, summary_stream, suppress, template};
use crate::output::{self, Cell, Format, Meta, Rows, Table, notes};
use crate::progress::{self, Progress};
use crate::repo::{Needs, OUTCOMES_DIR, Parts, Repository, Reviews};
use crate::write::{self, Created};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::io::{Seek, Write};
use std::path::Path;

/// The key shown in the group columns of a total row; not a valid id, so never a group's own.
const TOTAL: &str = "Total";

/// Pooled figures are held until every file behind them is checked, so that a refusal prints
/// none of them: in memory up to this size, then in a temporary file.
const SPOOL_IN_MEMORY: usize = 8 << 20;

pub fn run(repo_flag: Option<&Path>, command: &OutcomesCommand) -> Result<()> {
    match command {
        OutcomesCommand::Summarize(args) => summarize(repo_flag, args),
        OutcomesCommand::Export(args) => export(repo_flag, args),
        OutcomesCommand::New(args) => new(repo_flag, args),
        OutcomesCommand::Missing(args) => missing(repo_flag, args),
        OutcomesCommand::Diff(args) => diff::run(repo_flag, args),
    }
}

fn quarter_filter(args: &OutcomeFilters) -> Result<QuarterFilter, Usage> {
    let filter = QuarterFilter {
        quarters: args.quarter.clone(),
        from: args.from,
        to: args.to,
    };
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        return Err(usage(format!("--from {from} is after --to {to}"))
            .hint("give the earlier quarter to --from"));
    }
    Ok(filter)
}

/// ips.toml, the wanted agencies' agency.toml and the outcome folders: all that figures need.
fn outcome_needs(places: &Places) -> Needs {
    Needs {
        places: places.clone(),
        parts: Parts::NONE,
        outcomes: true,
        ..Needs::default()
    }
}

fn summarize(repo_flag: Option<&Path>, args: &SummarizeArgs) -> Result<()> {
    let places = Places::from(&args.filters.places);
    // Who is expected to report follows from the baseline review, whose file name gives its date.
    let needs = Needs {
        parts: Parts {
            reviews: Reviews::Dates,
            activities: false,
        },
        ..outcome_needs(&places)
    };
    let repo = load(repo_flag, &needs)?;
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
        &repo,
        &places,
        &filter,
        !quarters_grouped,
        quarters_grouped,
        as_of,
    );
    let options = Options {
        totals: !args.no_total,
        mean_of_rates: args.mean_of_rates,
    };
    let public = public_rule(&repo, args)?;
    let format = args.format.format;
    let shape = SummaryShape {
        by: &by,
        mean_of_rates: args.mean_of_rates,
        period: &period.wanted,
        repo: &repo,
        // Scripts read which fields a public row hides; people see `<11` in the cells.
        lists_hidden: public.is_some() && matches!(format, Format::Csv | Format::Json),
        label: public.map(|rule| rule.label()),
    };
    let columns = shape.columns();
    let view = args.view.view();
    columns_of_another_grouping(&view, &by)?;
    view.check(&columns, format)?;
    let mut spool = tempfile::spooled_tempfile(SPOOL_IN_MEMORY);
    let mut buffered = std::io::BufWriter::new(&mut spool);
    let mut rows = Rows::new(&columns, format, &mut buffered)?;
    rows.show(&shape.hidden_in_terminal(&columns), &view);
    rows.meta(&Meta::new(
        &repo.settings,
        as_of,
        period.wanted.iter().copied(),
    ));
    let question = summary_stream::Question {
        by: &by,
        options,
        wanted: &period.wanted,
        as_of,
        public,
        output_sorts: rows.holds_rows(),
    };
    let mut tally = Tally::default();
    let progress = Progress::default();
    let mut marked_changes = false;
    let streamed = progress::show_while("reading outcomes", "files", &progress, || {
        let (files, listed) = stream::list(&repo, &period.read(), &places);
        let mut read = summary_stream::summarize(
            &repo,
            files,
            &question,
            &progress,
            |row, protection, order| {
                marked_changes |= row.rate_change_comparable == Some(false) && !protection.change;
                let cells = shape.cells(row, protection);
                tally.add(protection, by.has(Dimension::Quarter));
                match order {
                    Some(order) => rows.push_in_order(&cells, order)?,
                    None => rows.push(&cells)?,
                }
                Ok(())
            },
        )?;
        read.problems = listed.merge(read.problems);
        Ok::<_, crate::error::Error>(read)
    })?;
    let note = public.map(|rule| tally.note(rule, &repo.settings.report));
    match &note {
        Some(note) if format == Format::Json => rows.finish_with(&note.json())?,
        _ => rows.finish()?,
    }
    buffered.flush()?;
    drop(buffered);
    if streamed.problems.files == 0 {
        eprintln!("note: no outcome files in the chosen quarters and places");
    }
    let warning = gate::pooled(&repo, streamed.problems, args.allow_invalid, "summarized")?;
    notes::print(warning.as_slice())?;
    if let Some(note) = note.filter(|_| format != Format::Json) {
        eprintln!("note: {}", note.text());
    }
    warn_partial(&streamed.completeness);
    if quarters_grouped {
        warn_unreported(&repo, &places, &period.wanted, as_of);
    }
    if let Some(latest) = period.defaulted_to {
        eprintln!(
            "note: {latest}, the latest quarter with outcomes (choose others with --quarter, --from, --to)"
        );
    }
    if !quarters_grouped && period.wanted.len() > 1 {
        let n = period.wanted.len();
        let times = if n == 2 {
            "twice".to_string()
        } else {
            format!("{n} times")
        };
        eprintln!(
            "note: {n} quarters added up ({}): people are counted once per quarter, so someone served in each of them counts {times} (add quarter to --by to see each quarter)",
            period_text(&period.wanted),
        );
    }
    if marked_changes && matches!(format, Format::Table | Format::Markdown) {
        eprintln!(
            "note: * marks a rate_change between quarters in which different agencies reported: part of the change is agencies joining or leaving the group"
        );
    }
    copy_to_stdout(&mut spool)
}

/// Partial quarters listed on stderr: at most this many, then how many more.
const PARTIAL_SHOWN: usize = 5;

/// Says which quarters' figures leave out agencies expected to report, since a total of the
/// agencies that did reads like a total of all.
fn warn_partial(completeness: &[Completeness]) {
    let partial: Vec<&Completeness> = completeness.iter().filter(|c| c.is_partial()).collect();
    for c in partial.iter().take(PARTIAL_SHOWN) {
        eprintln!(
            "warning: {}: {} of {} expected agencies reported; figures are partial (ips outcomes missing --quarter {})",
            c.quarter, c.reported, c.expected, c.quarter
        );
    }
    if partial.len() > PARTIAL_SHOWN {
        eprintln!(
            "warning: and {} more with figures that are partial (ips outcomes missing --quarter Q names who has not reported)",
            plural(partial.len() - PARTIAL_SHOWN, "quarter")
        );
    }
}

/// Says which quarters between the first and the last shown have no outcome file at all,
/// though agencies were expected to report them: such a quarter has no row, and its gap in a
/// trend would otherwise pass unseen.
fn warn_unreported(
    repo: &Repository,
    places: &Places,
    shown: &BTreeSet<Quarter>,
    as_of: NaiveDate,
) {
    let (Some(&first), Some(&last)) = (shown.first(), shown.last()) else {
        return;
    };
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
                gaps.push((quarter, expected));
            }
        }
        quarter = quarter.next();
    }
    for (quarter, expected) in gaps.iter().take(PARTIAL_SHOWN) {
        eprintln!(
            "warning: {quarter}: no outcome file, though {} expected to report it: the quarter has no row (ips outcomes missing --quarter {quarter})",
            match expected {
                1 => "1 agency was".to_string(),
                n => format!("{n} agencies were"),
            }
        );
    }
    if gaps.len() > PARTIAL_SHOWN {
        eprintln!(
            "warning: and {} more that no agency reported",
            plural(gaps.len() - PARTIAL_SHOWN, "quarter")
        );
    }
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
        "fix ips.toml first: a public summary must not fall back on a default threshold",
    )?;
    Ok(Some(repo.settings.report.suppression()))
}

/// What a public row hides, and how its cells read: `<11` for a small count, `*` for a figure
/// hidden to protect another.
struct Shown<'a> {
    protection: summary_stream::Protection,
    /// `<11` when public.
    label: Option<&'a str>,
}

impl Shown<'_> {
    /// A figure hidden to protect others: `*`.
    fn cell(&self, hidden: bool, cell: Cell) -> Cell {
        match (self.label, hidden) {
            (Some(_), true) => Cell::Hidden(suppress::OTHER_HIDDEN.to_string()),
            _ => cell,
        }
    }

    /// A count: `<11` when small itself, `*` when hidden to protect another.
    fn count(&self, field: suppress::Field, cell: Cell) -> Cell {
        match self.label {
            Some(label) if self.protection.cells.small(field) => Cell::Hidden(label.to_string()),
            _ => self.cell(self.protection.cells.count(field), cell),
        }
    }

    /// The hidden fields by their column names, in the columns' order: `served;employed;rate`.
    fn hidden_fields(&self, by: &Grouping) -> Vec<String> {
        let cells = self.protection.cells;
        let mut names: Vec<String> = cells.fields().map(|f| f.name().to_string()).collect();
        let derived = [
            ("rate", cells.rate()),
            ("education_rate", cells.education_rate()),
            ("band", cells.rate()),
            (
                "rate_change",
                by.has(Dimension::Quarter) && self.protection.change,
            ),
        ];
        for (name, hidden) in derived {
            if hidden {
                names.push(name.to_string());
            }
        }
        let order = [
            "served",
            "employed",
            "rate",
            "education",
            "education_rate",
            "job_starts",
            "band",
            "rate_change",
        ];
        names.sort_by_key(|name| order.iter().position(|o| o == name));
        names
    }
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

/// The columns of a summary and the cells of its rows: the documented fields in their places,
/// then, appended so that no column moves, what makes a row self-describing.
struct SummaryShape<'a, 'r> {
    by: &'a Grouping,
    mean_of_rates: bool,
    /// The quarters covered: rows of a summary without quarter in --by name them.
    period: &'a BTreeSet<Quarter>,
    repo: &'r Repository,
    /// A public CSV or JSON summary lists the fields each row hides, in `suppressed`.
    lists_hidden: bool,
    /// `<11`: a public summary's mark for a small count.
    label: Option<String>,
}

impl SummaryShape<'_, '_> {
    fn columns(&self) -> Vec<&'static str> {
        let by = self.by;
        let mut columns: Vec<&str> = by.dims().iter().map(|dim| dim.name()).collect();
        columns.extend(["served", "employed", "rate"]);
        if self.mean_of_rates {
            columns.push("mean_of_agency_rates");
        }
        columns.extend([
            "agencies",
            "teams",
            "education",
            "education_rate",
            "job_starts",
            "band",
        ]);
        if by.has(Dimension::Quarter) {
            columns.extend(["rate_change", "agencies_expected", "rate_change_comparable"]);
        } else {
            columns.push("agencies_expected");
            if self.period.len() > 1 {
                columns.extend(["from", "to"]);
            } else {
                columns.push("quarter");
            }
        }
        columns.extend(self.name_columns());
        if self.lists_hidden {
            columns.push("suppressed");
        }
        columns
    }

    /// Names follow their ids' order in --by.
    fn name_columns(&self) -> Vec<&'static str> {
        self.by
            .dims()
            .iter()
            .filter_map(|dim| match dim {
                Dimension::Jurisdiction => Some("jurisdiction_name"),
                Dimension::Agency => Some("agency_name"),
                _ => None,
            })
            .collect()
    }

    /// What the terminal table shows another way (`1 of 7`, `*`, the stderr note on the
    /// period) or has no room for in 100 columns (names, the count of those in education
    /// beside its rate, the count of agencies in rows of one agency and of teams in rows of one
    /// team): `--wide` shows them.
    fn hidden_in_terminal(&self, columns: &[&'static str]) -> Vec<&'static str> {
        let appended = [
            "education",
            "agencies_expected",
            "rate_change_comparable",
            "from",
            "to",
            "jurisdiction_name",
            "agency_name",
        ];
        let by = |dimension| self.by.has(dimension);
        let redundant = |column: &str| match column {
            "quarter" => !by(Dimension::Quarter),
            "agencies" => by(Dimension::Agency),
            "teams" => by(Dimension::Team),
            _ => false,
        };
        columns
            .iter()
            .copied()
            .filter(|c| appended.contains(c) || redundant(c))
            .collect()
    }

    fn cells(&self, row: &Summary<'_>, protection: summary_stream::Protection) -> Vec<Cell> {
        use suppress::Field;
        let by = self.by;
        let shown = Shown {
            protection,
            label: self.label.as_deref(),
        };
        let mut cells: Vec<Cell> = by
            .dims()
            .iter()
            .map(|dim| {
                let value = match dim {
                    Dimension::Quarter => row.key.quarter.map(|q| q.to_string()),
                    Dimension::Jurisdiction => row.key.jurisdiction.map(str::to_string),
                    Dimension::Agency => row.key.agency.map(str::to_string),
                    Dimension::Team => row.key.team.map(str::to_string),
                };
                Cell::text(value.unwrap_or_else(|| TOTAL.to_string()))
            })
            .collect();
        cells.extend([
            shown.count(Field::Served, Cell::Count(row.counts.served)),
            shown.count(Field::Employed, Cell::Count(row.counts.employed)),
            shown.cell(protection.rate(), Cell::rate(row.rate)),
        ]);
        if self.mean_of_rates {
            cells.push(Cell::rate(row.mean_of_agency_rates));
        }
        // A group that some expected agency is missing from reads `1 of 7`.
        let agencies = if row.is_partial() {
            let text = format!("{} of {}", row.expected_reported, row.agencies_expected);
            Cell::shown(Cell::Count(row.agencies), text)
        } else {
            Cell::Count(row.agencies)
        };
        cells.extend([
            agencies,
            Cell::Count(row.teams),
            shown.count(Field::Education, Cell::count(row.counts.education)),
            shown.cell(
                protection.cells.education_rate(),
                Cell::rate(row.counts.education_rate()),
            ),
            shown.count(Field::JobStarts, Cell::count(row.counts.job_starts)),
            shown.cell(
                protection.rate(),
                row.band
                    .map_or(Cell::Empty, |band| Cell::text(band.as_str())),
            ),
        ]);
        if by.has(Dimension::Quarter) {
            let change = match (row.rate_change, row.rate_change_comparable) {
                (Some(points), Some(false)) => Cell::shown(
                    Cell::Points(points),
                    format!("{}*", Cell::Points(points).display()),
                ),
                (change, _) => change.map_or(Cell::Empty, Cell::Points),
            };
            cells.extend([
                shown.cell(protection.change, change),
                Cell::Count(row.agencies_expected),
                Cell::bool(row.rate_change_comparable),
            ]);
        } else {
            cells.push(Cell::Count(row.agencies_expected));
            let first = self.period.first().map(|q| Cell::text(q.to_string()));
            if self.period.len() > 1 {
                let last = self.period.last().map(|q| Cell::text(q.to_string()));
                cells.extend([first.unwrap_or(Cell::Empty), last.unwrap_or(Cell::Empty)]);
            } else {
                cells.push(first.unwrap_or(Cell::Empty));
            }
        }
        for dim in by.dims() {
            let name = match dim {
                Dimension::Jurisdiction => {
                    row.key.jurisdiction.map(|j| self.repo.jurisdiction_name(j))
                }
                Dimension::Agency => row.key.agency.map(|a| self.repo.agency_name(a)),
                _ => continue,
            };
            cells.push(name.flatten().map_or(Cell::Empty, Cell::text));
        }
        if self.lists_hidden {
            cells.push(Cell::List(shown.hidden_fields(by)));
        }
        cells
    }
}

/// How many cells a public summary hid, and why.
#[derive(Debug, Default)]
struct Tally {
    /// Counts from 1 to the threshold (the small-number rule itself).
    primary: usize,
    /// Counts hidden so that the others cannot be worked out from a total.
    complementary: usize,
    /// Rates, bands and changes hidden because a count they come from is.
    derived: usize,
}

impl Tally {
    fn add(&mut self, protection: summary_stream::Protection, quarters: bool) {
        let (primary, complementary) = protection.cells.tally();
        self.primary += primary;
        self.complementary += complementary;
        let cells = protection.cells;
        self.derived += [
            cells.rate(),
            cells.education_rate(),
            cells.rate(),
            quarters && protection.change,
        ]
        .into_iter()
        .filter(|hidden| *hidden)
        .count();
    }

    fn note(&self, rule: suppress::Rule, settings: &crate::repo::model::ReportSettings) -> Note {
        Note {
            rule,
            zero: settings.suppress_zero,
            primary: self.primary,
            complementary: self.complementary,
            derived: self.derived,
        }
    }
}

/// The closing note of a public summary: on stderr for people, a field of the JSON document.
struct Note {
    rule: suppress::Rule,
    zero: bool,
    primary: usize,
    complementary: usize,
    derived: usize,
}

impl Note {
    fn text(&self) -> String {
        let zero = if self.zero { " and zeros" } else { "" };
        let mut text = format!(
            "--public: {} hidden: {} from 1 to {}{zero} show as {} ([report] suppress_below = {})",
            plural(self.primary + self.complementary + self.derived, "cell"),
            plural(self.primary, "count"),
            self.rule.below - 1,
            self.rule.label(),
            self.rule.below,
        );
        let mut others = Vec::new();
        if self.complementary > 0 {
            others.push(format!(
                "{} so that none of those can be worked out from a total",
                plural(self.complementary, "count")
            ));
        }
        if self.derived > 0 {
            others.push(match self.derived {
                1 => "1 rate, band or change that would give them away".to_string(),
                n => format!("{n} rates, bands or changes that would give them away"),
            });
        }
        if !others.is_empty() {
            text.push_str(&format!(
                "; {} show as {}",
                others.join(", and "),
                suppress::OTHER_HIDDEN
            ));
        }
        text
    }

    fn json(&self) -> serde_json::Map<String, serde_json::Value> {
        let value = serde_json::json!({
            "suppress_below": self.rule.below,
            "suppress_zero": self.zero,
            "hidden": self.primary + self.complementary + self.derived,
            "small_counts": self.primary,
            "complementary_counts": self.complementary,
            "derived": self.derived,
        });
        let mut fields = serde_json::Map::new();
        fields.insert("suppression".to_string(), value);
        fields
    }
}

fn export(repo_flag: Option<&Path>, args: &ExportArgs) -> Result<()> {
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
    let columns = [
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
    let mut rows = Rows::new(&columns, args.format, &mut buffered)?;
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
                for export::ExportRow { place, row } in &quarter_rows {
                    rows.push(&[
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
                    ])?;
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
    copy_to_stdout(&mut spool)
}

/// The names that rows keyed by jurisdiction and agency carry, for scripts: a terminal table
/// has no room for them.
const NAME_COLUMNS: [&str; 2] = ["jurisdiction_name", "agency_name"];

fn name(name: Option<&str>) -> Cell {
    name.map_or(Cell::Empty, Cell::text)
}

/// Writes what was held back, now that the figures stand.
fn copy_to_stdout(spool: &mut tempfile::SpooledTempFile) -> Result<()> {
    spool.rewind()?;
    let mut out = std::io::stdout().lock();
    std::io::copy(spool, &mut out)?;
    out.flush()?;
    Ok(())
}

fn new(repo_flag: Option<&Path>, args: &NewOutcomesArgs) -> Result<()> {
    let needs = Needs {
        places: Places::agencies([args.agency.as_str()]),
        parts: Parts {
            reviews: Reviews::Dates,
            activities: false,
        },
        ..Needs::default()
    };
    let repo = load(repo_flag, &needs)?;
    let as_of = as_of(&args.as_of);
    let Some(record) = repo.agency(&args.agency) else {
        return Ok(());
    };
    let Some(agency) = &record.agency else {
        return Err(DataErrors::new(
            format!(
                "{} has errors, so its teams are unknown: nothing was written",
                record.agency_path
            ),
            Vec::new(),
            0,
        )
        .hint(format!(
            "run `ips validate {}` and fix it first",
            record.agency_path
        ))
        .into());
    };
    let quarter = args.quarter.unwrap_or_else(|| Quarter::last_ended(as_of));
    ended(quarter, as_of)?;
    // As `ips fidelity new` refuses a review before the start: a typing mistake, most likely.
    if quarter.last_day() < agency.start {
        return Err(usage(format!(
            "agency `{}` started on {}, after {quarter} ended: it has nothing to report for it",
            agency.id, agency.start
        ))
        .hint(format!(
            "check --quarter, or the agency's `start` in {}",
            record.agency_path
        ))
        .into());
    }
    let teams: Vec<&str> = agency
        .teams_open_in(quarter)
        .map(|t| t.id.as_str())
        .collect();
    if teams.is_empty() {
        return Err(usage(format!(
            "agency `{}` has no team open in {quarter}: there is nothing to report",
            agency.id
        ))
        .hint(format!(
            "check the teams' `opened` and `closed` dates in {}",
            record.agency_path
        ))
        .into());
    }
    let relative = format!("{OUTCOMES_DIR}/{quarter}/{}.csv", agency.id);
    let content = template::blank_file(teams.iter().copied());
    if write::create_new(&repo.tree.path(&relative), content.as_bytes())? == Created::Exists {
        return Err(
            usage(format!("{relative} already exists: nothing was written"))
                .hint("edit that file to correct its counts, or pass --quarter for another quarter")
                .into(),
        );
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "created {relative} with a row for each team open in {quarter}: {}",
        teams.join(", ")
    )?;
    writeln!(
        out,
        "Next: fill in the counts, then run ips validate (until they are filled in, it reports the blank counts as errors)."
    )?;
    if completeness::expected(record, quarter, as_of).is_none() {
        let when = match record.first_review_date() {
            Some(date) => format!("is on {date}, after {quarter} ended"),
            None => "is not on record".to_string(),
        };
        eprintln!(
            "warning: {}'s baseline fidelity review {when}; agencies report from the quarter of their baseline review on",
            agency.id
        );
    }
    Ok(())
}

fn missing(repo_flag: Option<&Path>, args: &MissingArgs) -> Result<()> {
    let places = Places::from(&args.places);
    // Who is expected to report depends on the baseline review, whose date its file name gives.
    let needs = Needs {
        parts: Parts {
            reviews: Reviews::Dates,
            activities: false,
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
        eprintln!("note: no team is missing for {quarter}");
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

/// Outcomes are reported once a quarter has ended.
pub(crate) fn ended(quarter: Quarter, as_of: NaiveDate) -> Result<(), Usage> {
    if !quarter.has_ended(as_of) {
        return Err(usage(format!(
            "{quarter} has not ended as of {as_of}: it ends on {}",
            quarter.last_day()
        ))
        .hint(format!(
            "pass --quarter {}, the last quarter that has ended, or --as-of a later date",
            Quarter::last_ended(as_of)
        )));
    }
    Ok(())
}

fn render(table: &Table, format: Format) -> Result<()> {
    let mut out = std::io::stdout().lock();
    output::render(table, format, &mut out)?;
    out.flush()?;
    Ok(())
}
