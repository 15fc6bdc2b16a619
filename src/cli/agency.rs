//! `ips agency ...`: the flags of the agency commands (clap derive only).

use super::parse_date;
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
