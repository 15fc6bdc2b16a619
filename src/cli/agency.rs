//! `ips agency ...`: the flags of the agency commands (clap derive only).

use super::{AsOf, ColumnsArg, FormatArg, PlaceFilter, TrainerFilter, parse_date};
use chrono::NaiveDate;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum AgencyCommand {
    /// Add an agency: agencies/AGENCY/agency.toml from the template, and its activities.csv.
    #[command(
        after_help = "Writes agencies/AGENCY/agency.toml from the agency template (one team, the \
        agreement with its three signatories) and an empty activities.csv. Edit the teams, the \
        agreement and the signatories, then run `ips validate`. Never overwrites a file.\n\n\
        Example:\n  ips agency new riverbend --jurisdiction oh --name \"Riverbend Community Mental Health\" --start 2026-02-01"
    )]
    New(NewAgencyArgs),
    /// The agencies: id, name, jurisdiction, start, teams open, latest outcomes and review.
    #[command(
        long_about = "The agencies of the repository, one row each: id, name, jurisdiction, \
        start, the teams open on the date (--as-of, default today), the latest quarter with an \
        outcome file, the latest fidelity review, and its standing: active (a team is open), \
        not-started (its start is ahead), no-open-team, or data-error (its agency.toml has \
        errors: the run then lists them and exits 1).",
        after_help = "The terminal table leaves the jurisdiction, its name, the start and the \
        agreement's term_ends to --wide, so that it fits 100 columns; CSV and JSON carry every \
        field (jurisdiction_name for scripts that join other outputs to names).\n\n\
        Examples:\n  ips agency list\n  ips agency list --jurisdiction oh --format csv\n  \
        ips agency list --format json | jq -r '.rows[] | select(.status == \"active\") | .name'"
    )]
    List(ListAgencyArgs),
}

#[derive(Debug, Args)]
pub struct ListAgencyArgs {
    #[command(flatten)]
    pub places: PlaceFilter,

    #[command(flatten)]
    pub trainer: TrainerFilter,

    #[command(flatten)]
    pub as_of: AsOf,

    #[command(flatten)]
    pub format: FormatArg,

    #[command(flatten)]
    pub view: ColumnsArg,
}

#[derive(Debug, Args)]
pub struct NewAgencyArgs {
    /// The agency's id: lower-case letters, digits and `-` (also its folder name).
    pub agency: String,

    /// The id of its jurisdiction, as declared in ips.toml.
    #[arg(long, value_name = "ID")]
    pub jurisdiction: String,

    /// The agency's full name (default: its id).
    #[arg(long)]
    pub name: Option<String>,

    /// Implementation start, month 1 of technical assistance (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<NaiveDate>,
}
