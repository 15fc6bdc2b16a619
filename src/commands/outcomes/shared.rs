//! What the outcomes commands share: their filters and needs, the check that a quarter has
//! ended, the name cells, and the spool that holds pooled figures until the gate has passed.

use crate::calendar::Quarter;
use crate::cli::outcomes::OutcomeFilters;
use crate::error::{Result, Usage, usage};
use crate::filter::Places;
use crate::outcomes::scope::QuarterFilter;
use crate::output::{self, Cell, Format, Table};
use crate::repo::{Needs, Parts};
use chrono::NaiveDate;
use std::io::Seek;

/// Pooled figures are held until every file behind them is checked, so that a refusal prints
/// none of them: in memory up to this size, then in a temporary file.
pub(super) const SPOOL_IN_MEMORY: usize = 8 << 20;

pub(super) fn quarter_filter(args: &OutcomeFilters) -> Result<QuarterFilter, Usage> {
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
pub(super) fn outcome_needs(places: &Places) -> Needs {
    Needs {
        places: places.clone(),
        parts: Parts::NONE,
        outcomes: true,
        ..Needs::default()
    }
}

/// The names that rows keyed by jurisdiction and agency carry, for scripts: a terminal table
/// has no room for them.
pub(super) const NAME_COLUMNS: [&str; 2] = ["jurisdiction_name", "agency_name"];

pub(super) fn name(name: Option<&str>) -> Cell {
    name.map_or(Cell::Empty, Cell::text)
}

/// Writes what was held back, now that the figures stand.
pub(super) fn copy_out(spool: &mut tempfile::SpooledTempFile, mut out: output::Out) -> Result<()> {
    spool.rewind()?;
    std::io::copy(spool, &mut out)?;
    out.finish()
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

pub(super) fn render(table: &Table, format: Format, mut out: output::Out) -> Result<()> {
    output::render(table, format, &mut out)?;
    out.finish()
}
