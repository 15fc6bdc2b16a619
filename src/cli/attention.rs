//! The flags of `ips attention` (clap derive only).

use super::{AsOf, ColumnsArg, FormatArg, PlaceFilter, TrainerFilter, parse_date};
use chrono::NaiveDate;
use clap::Args;

pub const ABOUT: &str =
    "What needs attention: one dated list of everything to act on, across agencies";

pub const LONG_ABOUT: &str = "What needs attention: one dated list, across agencies, of \
    everything a trainer must act on as of a date (--as-of, default today): fidelity reviews \
    overdue or due within --within days, improvement plans and other agreement milestones \
    overdue or due within them (by name, with what is missing), outcome files or rows missing \
    for the quarters that have ended, and files with errors.\n\n\
    The list is the week's, not the archive: it holds what fell due in the last 12 months (on \
    or after the day 12 calendar months before --as-of: 2025-11-22 for 2026-11-22) and what \
    falls due within --within days. A closing note counts the older items left out; --all \
    lists everything, --since DATE what fell due on or after DATE. Superseded items are never \
    listed, not even with --all: the improvement plan of a review that a later review \
    followed, and its steps (the review report and the next review are only ever the latest \
    review's).\n\n\
    Sorted by date, files with errors first (until they are fixed, what is due for that agency \
    cannot be judged). A window that has closed unmet (a missed month) is not listed: `ips \
    agreement status AGENCY` keeps that record. It reads every agency's agency.toml, \
    activities.csv and reviews, which outcome files there are for every quarter (an agency's \
    file counts as reported: `ips validate` judges what it holds), and the outcome files of \
    the last quarter that has ended, for the teams without a row.";

pub const AFTER_HELP: &str = "Fields: due, days (until due; negative once overdue), status \
    (data-error, overdue, due-soon), agency, jurisdiction, item (review, a milestone such as \
    employer-visits or fidelity-plan, plan-step, review-report, outcome-rows for teams without \
    a row in a file that was sent, data-error), period, missing, agency_name, \
    jurisdiction_name. The table shows due, status, agency, item and missing, to fit 100 \
    columns; --wide shows every field, --columns chooses. CSV, JSON and Markdown carry them \
    all, over the same dates as the table (the note on older items goes to stderr).\n\n\
    Exit codes: 0 whatever the list holds, unless --fail-if-any (then 1 when what is listed \
    is not empty); 1 when files have errors.\n\n\
    Examples:\n  ips attention\n  ips attention --within 14 --jurisdiction oh\n  \
    ips attention --trainer \"Beth Sandoval\"   # one trainer's week\n  \
    ips attention --since 2024-01-01   # what fell due since the start of 2024\n  \
    ips attention --all --format csv > everything-overdue.csv\n  \
    ips attention --as-of 2027-01-05 --format csv > this-week.csv\n  \
    ips attention --fail-if-any --format markdown   # in a weekly scheduled job";

#[derive(Debug, Args)]
pub struct AttentionArgs {
    /// Look this many days ahead: what is due within them is listed (besides what is overdue).
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub within: u32,

    /// List what fell due on or after DATE (YYYY-MM-DD, not after --as-of), instead of the
    /// last 12 months.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<NaiveDate>,

    /// List every item however long ago it fell due (superseded items are never listed).
    #[arg(long, conflicts_with = "since")]
    pub all: bool,

    #[command(flatten)]
    pub places: PlaceFilter,

    #[command(flatten)]
    pub trainer: TrainerFilter,

    /// Exit 1 when the list is not empty, after printing it: for a scheduled job.
    #[arg(long)]
    pub fail_if_any: bool,

    #[command(flatten)]
    pub as_of: AsOf,

    #[command(flatten)]
    pub format: FormatArg,

    #[command(flatten)]
    pub view: ColumnsArg,
}
