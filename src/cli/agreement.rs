//! The flags of `ips agreement status` and `ips agreement log`.

use super::{AsOf, ColumnsArg, FormatArg, PlaceFilter, TrainerFilter, parse_date};
use crate::agreement::Status;
use crate::closest::closest;
use crate::repo::model::ActivityKind;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum AgreementCommand {
    /// Each agency's agreement milestones as of a date: met, open, overdue or missed.
    #[command(
        long_about = "Each agency's agreement milestones as of a date: met, open (its deadline \
        is ahead), overdue (the deadline passed and it can still be done) or missed (a window \
        closed unmet).\n\n\
        Without AGENCY: one row per agency with the count of each status, the next deadline \
        still to meet and the milestone it is for (CSV and JSON also name the overdue and \
        missed milestones). With AGENCY: its full checklist, every milestone and period with \
        its evidence and what is still missing (the table leaves agency and next_due to --wide, and \
        wraps the evidence to fit the terminal). A period in progress is open, never missing. \
        docs/agreement.md gives each milestone's rule.",
        after_help = "Refuses (exit 1, listing the problems) when ips.toml or the files of the \
        agencies it judges have errors: run `ips validate`.\n\n\
        Examples:\n  ips agreement status --as-of 2026-11-24\n  \
        ips agreement status --jurisdiction oh --jurisdiction alameda --format csv\n  \
        ips agreement status lakeshore\n  \
        ips agreement status lakeshore --status overdue,missed   # what went wrong\n  \
        ips agreement status --status overdue --format csv       # agencies with something overdue\n  \
        ips agreement status lakeshore --format json | jq '.rows[] | select(.status != \"met\")'"
    )]
    Status(StatusArgs),
    /// Record a training, meeting, visit or plan in an agency's activities.csv.
    #[command(
        long_about = "Record a training, meeting, visit or plan in an agency's activities.csv, \
        so that nobody edits the CSV by hand.\n\n\
        The row goes after the rows of the same date; every other line of the file is kept \
        byte for byte, with its line ends. The file is written to a temporary file first and \
        then renamed, so it is never left half-written. A missing activities.csv is created \
        with its header.\n\n\
        --date is the day it took place; without it, today (the calendar's: $IPS_AS_OF, the day \
        other commands judge by, does not change it). A date after today is refused as a typing \
        mistake.",
        after_help = "Kinds: training-es, training-mh (both need --days), unit-meeting, \
        treatment-team-meeting, employer-visit, steering-committee, outcomes-review, \
        fidelity-plan.\n\n\
        Examples:\n  ips agreement log lakeshore training-es --date 2026-11-20 --days 1 --note refresher\n  \
        ips agreement log riverbend employer-visit --date 2026-11-23 --note \"bakery, with job seeker\"\n  \
        ips agreement log scioto-valley steering-committee   # held today"
    )]
    Log(LogArgs),
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Show this agency's full checklist (its folder name under agencies/).
    #[arg(
        id = "checklist",
        value_name = "AGENCY",
        conflicts_with_all = ["jurisdiction", "agency", "trainer"]
    )]
    pub checklist: Option<String>,

    #[command(flatten)]
    pub places: PlaceFilter,

    #[command(flatten)]
    pub trainer: TrainerFilter,

    /// Only milestones (and periods) of these statuses: met, open, overdue, missed, excused
    /// (comma-separated). Without AGENCY: only agencies with such a milestone.
    #[arg(long, value_name = "STATUS", value_delimiter = ',', value_parser = parse_status)]
    pub status: Vec<Status>,

    #[command(flatten)]
    pub as_of: AsOf,

    #[command(flatten)]
    pub format: FormatArg,

    #[command(flatten)]
    pub view: ColumnsArg,
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::ALL
        .into_iter()
        .find(|status| status.as_str() == text)
        .ok_or_else(|| {
            format!(
                "{text:?} is not a milestone status: write met, open, overdue, missed or excused"
            )
        })
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The agency (its folder name under agencies/).
    pub agency: String,

    /// What took place, e.g. training-es or employer-visit (the list is below).
    #[arg(value_parser = parse_kind)]
    pub kind: ActivityKind,

    /// The day it took place, YYYY-MM-DD (default: today, whatever $IPS_AS_OF says).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,

    /// The length of a training in days, e.g. 3 or 0.5; only for training-es and training-mh.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub days: Option<String>,

    /// A short note: who took part, what was covered. Never the names of people served.
    #[arg(
        long,
        value_name = "TEXT",
        default_value = "",
        hide_default_value = true
    )]
    pub note: String,
}

fn parse_kind(text: &str) -> Result<ActivityKind, String> {
    ActivityKind::parse(text).ok_or_else(|| {
        let near = closest(text, ActivityKind::NAMES)
            .map(|n| format!("did you mean {n}? "))
            .unwrap_or_default();
        format!(
            "{text:?} is not an activity kind; {near}kinds: {}",
            ActivityKind::NAMES.join(", ")
        )
    })
}
