//! `ips outcomes summarize | export | new | missing`: parse, load, compute in crate::outcomes,
//! build a Table, render.

use super::{
    EXIT_DATA_ERRORS, as_of, check_jurisdiction_filter, find_agency, find_root, init::write_new,
    refuse,
};
use crate::calendar::Quarter;
use crate::cli::outcomes::{
    ExportArgs, MissingArgs, NewOutcomesArgs, OutcomeFilters, OutcomesCommand, SummarizeArgs,
};
use crate::diagnostic;
use crate::outcomes::missing::{self, MissingTeam};
use crate::outcomes::scope::{self, Filter};
use crate::outcomes::stream::{self, Problems};
use crate::outcomes::summarize::{Grouping, Options, Summarizer, Summary};
use crate::outcomes::{Dimension, Place, export, template};
use crate::output::{self, Cell, Format, Table};
use crate::progress::{self, Progress};
use crate::repo::{self, Depth, OUTCOMES_DIR, OutcomeFileRef, Repository};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The key shown in the group columns of a total row; not a valid id, so never a group's own.
const TOTAL: &str = "Total";

pub fn run(repo_flag: Option<&Path>, command: &OutcomesCommand) -> Result<ExitCode> {
    match command {
        OutcomesCommand::Summarize(args) => summarize(repo_flag, args),
        OutcomesCommand::Export(args) => export(repo_flag, args),
        OutcomesCommand::New(args) => new(repo_flag, args),
        OutcomesCommand::Missing(args) => missing(repo_flag, args),
    }
}

fn filter(args: &OutcomeFilters) -> Filter {
    Filter {
        quarters: args.quarter.clone(),
        from: args.from,
        to: args.to,
        jurisdictions: args.places.jurisdiction.clone(),
        agencies: args.places.agency.clone(),
    }
}

fn summarize(repo_flag: Option<&Path>, args: &SummarizeArgs) -> Result<ExitCode> {
    let repo = repo::load_with(&find_root(repo_flag)?, Depth::Outcomes)?;
    let filter = filter(&args.filters);
    check_filter(&repo, &filter)?;
    let by = Grouping::new(if args.by.is_empty() {
        &[Dimension::Jurisdiction]
    } else {
        &args.by
    });
    let quarters_grouped = by.has(Dimension::Quarter);
    // A quarter named outright must have ended: else a typo for a future year reads as "no data".
    for quarter in filter.quarters.iter().chain(&filter.from) {
        ended(*quarter, as_of(&args.as_of))?;
    }
    let agency_files = scope::files_of_agencies(&repo, &filter);
    let period = scope::period(
        &agency_files,
        &filter,
        !quarters_grouped,
        quarters_grouped,
        as_of(&args.as_of),
    );
    if period.wanted.is_empty() {
        eprintln!("note: no outcome files in the chosen quarters and places");
    }
    let files: Vec<&OutcomeFileRef> = agency_files
        .into_iter()
        .filter(|file| period.reads(file.quarter))
        .collect();
    let options = Options {
        totals: !args.no_total,
        mean_of_rates: args.mean_of_rates,
    };
    let (summarizer, problems) = read_rows(
        &repo,
        &files,
        as_of(&args.as_of),
        || Summarizer::new(&by, options),
        |summarizer, place, rows| summarizer.add_file(place, rows),
        Summarizer::merge,
    );
    let inputs = Inputs::new(&repo, &filter, false);
    if let Some(refused) = inputs.gate(problems, args.allow_invalid, "summarized")? {
        return Ok(refused);
    }
    if let Some(latest) = period.defaulted_to {
        eprintln!(
            "note: {latest}, the latest quarter with outcomes (choose others with --quarter, --from, --to)"
        );
    }
    let rows = summarizer.finish(&repo.settings.benchmarks, |q| period.wanted.contains(&q));
    render(
        &summary_table(&rows, &by, args.mean_of_rates),
        args.format.format,
    )
}

fn summary_table(rows: &[Summary<'_>], by: &Grouping, mean_of_rates: bool) -> Table {
    let mut columns: Vec<&str> = by.dims().iter().map(|dim| dim.name()).collect();
    columns.extend(["served", "employed", "rate"]);
    if mean_of_rates {
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
    let quarters_grouped = by.has(Dimension::Quarter);
    if quarters_grouped {
        columns.push("rate_change");
    }
    let mut table = Table::new(&columns);
    for row in rows {
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
            Cell::Count(row.counts.served),
            Cell::Count(row.counts.employed),
            Cell::rate(row.rate),
        ]);
        if mean_of_rates {
            cells.push(Cell::rate(row.mean_of_agency_rates));
        }
        cells.extend([
            Cell::Count(row.agencies),
            Cell::Count(row.teams),
            Cell::count(row.counts.education),
            Cell::rate(row.counts.education_rate()),
            Cell::count(row.counts.job_starts),
            row.band
                .map_or(Cell::Empty, |band| Cell::text(band.as_str())),
        ]);
        if quarters_grouped {
            cells.push(row.rate_change.map_or(Cell::Empty, Cell::Points));
        }
        table.push(cells);
    }
    table
}

fn export(repo_flag: Option<&Path>, args: &ExportArgs) -> Result<ExitCode> {
    let repo = repo::load_with(&find_root(repo_flag)?, Depth::Outcomes)?;
    let filter = filter(&args.filters);
    check_filter(&repo, &filter)?;
    let files: Vec<&OutcomeFileRef> = scope::files_of_agencies(&repo, &filter)
        .into_iter()
        .filter(|file| filter.wants_quarter(file.quarter))
        .collect();
    let (mut rows, problems) = read_rows(
        &repo,
        &files,
        as_of(&args.as_of),
        Vec::new,
        export::add_file,
        |mut a, b| {
            a.extend(b);
            a
        },
    );
    let inputs = Inputs::new(&repo, &filter, false);
    if let Some(refused) = inputs.gate(problems, args.allow_invalid, "exported")? {
        return Ok(refused);
    }
    export::sort(&mut rows);
    let mut table = Table::new(&[
        "quarter",
        "jurisdiction",
        "agency",
        "team",
        "served",
        "employed",
        "education",
        "job_starts",
    ]);
    for export::ExportRow { place, row } in &rows {
        table.push(vec![
            Cell::text(place.quarter.to_string()),
            Cell::text(place.jurisdiction),
            Cell::text(&place.agency.id),
            Cell::text(&row.team),
            Cell::Count(row.served),
            Cell::Count(row.employed),
            Cell::count(row.education),
            Cell::count(row.job_starts),
        ]);
    }
    render(&table, args.format)
}

fn new(repo_flag: Option<&Path>, args: &NewOutcomesArgs) -> Result<ExitCode> {
    let repo = repo::load_with(&find_root(repo_flag)?, Depth::Reviews)?;
    let as_of = as_of(&args.as_of);
    let record = find_agency(&repo, &args.agency)?;
    let Some(agency) = &record.agency else {
        eprintln!(
            "error: {} has errors, so its teams are unknown: nothing was written\n  hint: run `ips validate {}` and fix it first",
            record.agency_path, record.agency_path
        );
        return Ok(ExitCode::from(EXIT_DATA_ERRORS));
    };
    let quarter = args.quarter.unwrap_or_else(|| Quarter::last_ended(as_of));
    ended(quarter, as_of)?;
    let teams: Vec<&str> = agency
        .teams_open_in(quarter)
        .map(|t| t.id.as_str())
        .collect();
    if teams.is_empty() {
        bail!(
            "agency `{}` has no team open in {quarter}: there is nothing to report\n  hint: check the teams' `opened` and `closed` dates in {}",
            agency.id,
            record.agency_path
        );
    }
    let relative = format!("{OUTCOMES_DIR}/{quarter}/{}.csv", agency.id);
    let path = repo
        .root
        .join(OUTCOMES_DIR)
        .join(quarter.to_string())
        .join(format!("{}.csv", agency.id));
    if !write_new(&path, &template::blank_file(teams.iter().copied()))? {
        bail!(
            "{relative} already exists: nothing was written\n  hint: edit that file to correct its counts, or pass --quarter for another quarter"
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
    if missing::expected(record, quarter).is_none() {
        let when = match record.baseline() {
            Some(review) => format!("is on {}, after {quarter} ended", review.date),
            None => "is not on record".to_string(),
        };
        eprintln!(
            "warning: {}'s baseline fidelity review {when}; agencies report from the quarter of their baseline review on",
            agency.id
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn missing(repo_flag: Option<&Path>, args: &MissingArgs) -> Result<ExitCode> {
    let repo = repo::load_with(&find_root(repo_flag)?, Depth::Reviews)?;
    let as_of = as_of(&args.as_of);
    let filter = Filter {
        jurisdictions: args.places.jurisdiction.clone(),
        agencies: args.places.agency.clone(),
        ..Filter::default()
    };
    check_filter(&repo, &filter)?;
    let quarter = args.quarter.unwrap_or_else(|| Quarter::last_ended(as_of));
    ended(quarter, as_of)?;
    let files: Vec<&OutcomeFileRef> = scope::files_of_agencies(&repo, &filter)
        .into_iter()
        .filter(|file| file.quarter == quarter)
        .collect();
    let (reported, problems) = read_rows(
        &repo,
        &files,
        as_of,
        missing::Reported::new,
        missing::add_file,
        missing::merge,
    );
    let inputs = Inputs::new(&repo, &filter, true);
    if let Some(refused) = inputs.gate(problems, args.allow_invalid, "listed")? {
        return Ok(refused);
    }
    let agencies = repo.agencies.iter().filter(|record| {
        filter.wants_agency(
            &record.folder,
            scope::jurisdiction_of(&repo, &record.folder),
        )
    });
    let list = missing::missing(agencies, quarter, &reported);
    render(&missing_table(quarter, &list), args.format.format)?;
    if list.is_empty() {
        eprintln!("note: no team is missing for {quarter}");
    }
    Ok(if args.fail_if_missing && !list.is_empty() {
        ExitCode::from(EXIT_DATA_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

fn missing_table(quarter: Quarter, list: &[MissingTeam<'_>]) -> Table {
    let mut table = Table::new(&["quarter", "jurisdiction", "agency", "team", "reason"]);
    for team in list {
        table.push(vec![
            Cell::text(quarter.to_string()),
            Cell::text(team.jurisdiction),
            Cell::text(team.agency),
            Cell::text(team.team),
            Cell::text(team.reason.as_str()),
        ]);
    }
    table
}

/// Outcomes are reported once a quarter has ended.
/// A filter naming an agency or jurisdiction the repository does not have, or an empty range, is
/// a mistake on the command line (exit 2): a typo would otherwise give an empty table.
fn check_filter(repo: &Repository, filter: &Filter) -> Result<()> {
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        bail!("--from {from} is after --to {to}\n  hint: give the earlier quarter to --from");
    }
    for agency in &filter.agencies {
        find_agency(repo, agency)?;
    }
    check_jurisdiction_filter(repo, &filter.jurisdictions)
}

fn ended(quarter: Quarter, as_of: NaiveDate) -> Result<()> {
    if !quarter.has_ended(as_of) {
        bail!(
            "{quarter} has not ended as of {as_of}: it ends on {}\n  hint: pass --quarter {}, the last quarter that has ended, or --as-of a later date",
            quarter.last_day(),
            Quarter::last_ended(as_of)
        );
    }
    Ok(())
}

/// Streams the checked rows of `files` into a value, showing progress on a terminal.
fn read_rows<'r, T: Send>(
    repo: &'r Repository,
    files: &[&'r OutcomeFileRef],
    as_of: NaiveDate,
    init: impl Fn() -> T + Sync + Send,
    fold: impl Fn(&mut T, &Place<'r>, &[crate::repo::model::OutcomeRow]) + Sync + Send,
    merge: impl Fn(T, T) -> T + Sync + Send,
) -> (T, Problems) {
    let progress = Progress::default();
    progress::show_while("reading outcomes", &progress, || {
        stream::fold_rows(
            repo,
            files,
            as_of,
            &progress,
            init,
            |value, file, rows| {
                if let Some(place) = Place::of(repo, file) {
                    fold(value, &place, rows);
                }
            },
            merge,
        )
    })
}

/// The files read while loading that decide a command's figures: ips.toml, the outcomes
/// layout, the wanted agencies' agency.toml and, for `missing`, their fidelity reviews.
struct Inputs<'a> {
    repo: &'a Repository,
    filter: &'a Filter,
    with_reviews: bool,
}

impl<'a> Inputs<'a> {
    fn new(repo: &'a Repository, filter: &'a Filter, with_reviews: bool) -> Inputs<'a> {
        Inputs {
            repo,
            filter,
            with_reviews,
        }
    }

    fn feeds(&self, path: &str) -> bool {
        let wanted = |agency: &str| {
            self.filter
                .wants_agency(agency, scope::jurisdiction_of(self.repo, agency))
        };
        stream::feeds_outcomes(path, &wanted, self.with_reviews)
    }

    /// Refuses data with errors, listing them on stderr as `ips validate` does (returns the exit
    /// code); with --allow-invalid, says on stderr what was left out and goes on (returns None).
    fn gate(
        &self,
        problems: Problems,
        allow_invalid: bool,
        what: &str,
    ) -> Result<Option<ExitCode>> {
        let mut errors = crate::validate::load_errors(self.repo, |path| self.feeds(path));
        errors.extend(problems.errors);
        diagnostic::sort(&mut errors);
        if errors.is_empty() {
            return Ok(None);
        }
        let counts = diagnostic::count(&errors);
        let mut err = std::io::stderr().lock();
        if allow_invalid {
            let with_errors = Problems {
                errors,
                ..Problems::default()
            }
            .files_with_errors();
            writeln!(
                err,
                "warning: --allow-invalid: left out {} with errors; the data has {} in {} (`ips validate` lists them)",
                plural(problems.invalid_rows, "row"),
                plural(counts.errors, "error"),
                plural(with_errors, "file"),
            )?;
            return Ok(None);
        }
        let files_read = self
            .repo
            .files_read
            .iter()
            .filter(|p| self.feeds(p))
            .count();
        let why = format!(
            "the outcome data has errors, so nothing was {what}\n  hint: fix them and run `ips validate`, or pass --allow-invalid to leave the rows with errors out"
        );
        refuse(errors, problems.files + files_read, &why).map(Some)
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn render(table: &Table, format: Format) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    output::render(table, format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
