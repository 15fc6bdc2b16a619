//! `ips fidelity ...`: the flags of the fidelity commands (clap derive only).

use super::{AsOf, ColumnsArg, FormatArg, PlaceFilter, TrainerFilter, parse_date};
use crate::repo::model::ReviewKind;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum FidelityCommand {
    /// Which fidelity review is due or late, and which improvement plan is missing.
    #[command(
        after_help = "One row per agency, soonest due first. The next review is due \
        `months_until_good` (6) months after the latest review while it is below `good` (100), \
        `months_after_good` (12) months after it once it is good; with no review yet, the \
        baseline is due `baseline_within_months` (3) months after the agency's start. The \
        improvement plan is due `plan_within_weeks` (6) weeks after each review. All four are set under [fidelity] \
        in ips.toml.\n\n\
        status: baseline-due (no review yet, not past due), overdue, due-soon (within --within \
        days), scheduled. plan_status: written, written-late, open, overdue.\n\n\
        The table shows agency, last_review, total, band, next_due, status and plan_status, to fit \
        100 columns: --wide shows every field (jurisdiction, kind, days_until_due, plan_due, the \
        names), --columns the ones named. CSV and JSON carry every field.\n\n\
        Refuses (exit 1) while ips.toml, agency.toml, activities.csv or a review has errors: \
        run `ips validate`.\n\n\
        Examples:\n  ips fidelity schedule\n  ips fidelity schedule --as-of 2026-12-31 --within 90\n  \
        ips fidelity schedule --jurisdiction oh --format csv\n  \
        ips fidelity schedule --fail-if-overdue   # in a scheduled CI job"
    )]
    Schedule(ScheduleArgs),
    /// An agency's review history: each item across its reviews, and the lowest items.
    #[command(
        after_help = "table and markdown: the 25 items as rows and the reviews as \
        columns (named by their dates), with section subtotals, the total, its band, the plan \
        status of each review, the change since the previous review, then the items the latest \
        review scored lowest. On a terminal (or with COLUMNS) the table shows the latest reviews \
        that fit it, and says how many earlier ones --wide adds.\n\
        csv and json: one row per review and line (the 25 items, then `subtotal` per section, \
        then `total`), with the fields agency, review, kind, section, item, score, change.\n\n\
        Examples:\n  ips fidelity show riverbend\n  ips fidelity show riverbend --format csv > riverbend.csv"
    )]
    Show(ShowArgs),
    /// Start a review file, agencies/AGENCY/fidelity/DATE.toml, for the reviewers to fill in.
    #[command(
        after_help = "Every item is listed, commented out, with what it measures; the \
        reviewers uncomment each line and write its score. Until then `ips validate` names \
        every item not yet scored. An existing file is never overwritten.\n\n\
        Examples:\n  ips fidelity new riverbend --date 2026-12-09\n  \
        ips fidelity new ggz-noorderzon --date 2026-12-15 --kind follow-up"
    )]
    New(NewArgs),
    /// Which items are weakest across agencies: each item over the latest review of each.
    #[command(
        after_help = "One row per item of the IPS-25 scale, over the latest review of each chosen \
        agency held by --as-of (a review with an item unscored is left out): `agencies` (how \
        many reviews scored it), `mean` (a mean of the agencies' scores, each agency once), \
        `min`, `max` and `at_or_below_3` (how many agencies scored it 3 or lower). The weakest \
        items come first: the lowest mean, then the most at or below 3, then the scale's order; \
        every format keeps that order.\n\n\
        Refuses (exit 1) while a file it reads has errors: run `ips validate`.\n\n\
        Examples:\n  ips fidelity items\n  ips fidelity items --jurisdiction oh\n  \
        ips fidelity items --as-of 2025-12-31 --format csv > items.csv"
    )]
    Items(ItemsArgs),
    /// The written report of a review, for the agency's leaders (HTML, Markdown or JSON).
    #[command(
        after_help = "The review on --date (default: the latest held by --as-of): agency, teams, \
        reviewers, method and kind; the total, its band, the section subtotals and the change \
        since the previous review; strengths (the items scored 5, and the reviewers' \
        `strengths`); recommendations (the items scored 3 or lower, lowest first, with what \
        each measures, the evidence and the reviewers' recommendation); every item beside its \
        previous score; the reviewers' agreement when their ratings are kept; and when the \
        plan and the next review are due. HTML is one self-contained page (inline CSS, no \
        script) that prints on two or three A4 pages. Written to stdout, or to --out PATH, \
        which is never overwritten without --force.\n\n\
        Refuses (exit 1) while the agency's files have errors: run `ips validate`.\n\n\
        Examples:\n  ips fidelity report harbour-health --out review.html\n  \
        ips fidelity report harbour-health --date 2025-08-19 --format markdown"
    )]
    Report(ReviewReportArgs),
    /// The improvement plan after a review: start its file, follow its steps.
    Plan {
        #[command(subcommand)]
        command: PlanCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Start the plan file, agencies/AGENCY/plans/REVIEW-DATE.toml, for the agency and trainer.
    #[command(
        after_help = "The file holds the review's date and, commented out, a goal for each item \
        the review scored 3 or lower (the lowest first), with the reviewers' evidence and \
        recommendation where the review has them. Keep the goals you choose, write their steps \
        (action, owner, due; `done` once done) and `written` once the plan is written: that \
        date meets the plan milestone of `ips fidelity schedule` and `ips agreement status`, as \
        a review's `plan = DATE` does. An existing file is never overwritten.\n\n\
        Examples:\n  ips fidelity plan new riverbend\n  ips fidelity plan new riverbend --review 2025-12-09"
    )]
    New(PlanNewArgs),
    /// Each step of the improvement plans: done, done late, open or overdue.
    #[command(
        after_help = "One row per step (a goal without steps has one row): agency, review, goal, \
        items, action, owner, due, done and status (done, done-late, open, overdue). Once the \
        next review is held: next_review, its scores of the goal's items (result) and whether \
        they reached the goal's target (reached). The table leaves review, items, owner, done, \
        target, next_review, result and written to CSV, JSON and Markdown, to fit 100 columns.\n\n\
        Refuses (exit 1) while a file it reads has errors: run `ips validate`.\n\n\
        Examples:\n  ips fidelity plan status\n  ips fidelity plan status riverbend --format csv"
    )]
    Status(PlanStatusArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewReportFormat {
    Html,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct ReviewReportArgs {
    /// The agency's id (its folder under agencies/).
    pub agency: String,

    /// The date of the review (default: the latest held by --as-of).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,

    #[arg(long, value_enum, default_value_t = ReviewReportFormat::Html)]
    pub format: ReviewReportFormat,

    /// Write the report to this file instead of stdout.
    #[arg(long, value_name = "PATH")]
    pub out: Option<std::path::PathBuf>,

    /// Replace the file --out names if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,

    #[command(flatten)]
    pub as_of: AsOf,
}

#[derive(Debug, Args)]
pub struct PlanNewArgs {
    /// The agency's id (its folder under agencies/).
    pub agency: String,

    /// The date of the review the plan answers (default: the latest held by --as-of).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub review: Option<NaiveDate>,

    #[command(flatten)]
    pub as_of: AsOf,
}

#[derive(Debug, Args)]
pub struct PlanStatusArgs {
    /// Only this agency (default: every agency with a plan).
    pub agency: Option<String>,

    #[command(flatten)]
    pub as_of: AsOf,

    #[command(flatten)]
    pub format: FormatArg,

    #[command(flatten)]
    pub view: ColumnsArg,
}

#[derive(Debug, Args)]
pub struct ItemsArgs {
    #[command(flatten)]
    pub as_of: AsOf,

    #[command(flatten)]
    pub places: PlaceFilter,

    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    #[command(flatten)]
    pub as_of: AsOf,

    /// A review due within this many days is `due-soon`.
    #[arg(long, value_name = "DAYS", default_value_t = 60)]
    pub within: u32,

    #[command(flatten)]
    pub places: PlaceFilter,

    #[command(flatten)]
    pub trainer: TrainerFilter,

    /// Exit 1 when a review or an improvement plan is overdue, after printing the schedule.
    #[arg(long)]
    pub fail_if_overdue: bool,

    #[command(flatten)]
    pub format: FormatArg,

    #[command(flatten)]
    pub view: ColumnsArg,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The agency's id (its folder under agencies/).
    pub agency: String,

    #[command(flatten)]
    pub as_of: AsOf,

    #[command(flatten)]
    pub format: FormatArg,

    /// Show every review as a column of the table; by default it shows the latest that fit the
    /// terminal (Markdown, CSV and JSON always hold them all).
    #[arg(long)]
    pub wide: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The agency's id (its folder under agencies/).
    pub agency: String,

    /// The date of the review, YYYY-MM-DD; it names the file.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: NaiveDate,

    /// baseline or follow-up (default: baseline if the agency has no earlier review).
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub kind: Option<ReviewKind>,
}

fn parse_kind(text: &str) -> Result<ReviewKind, String> {
    ReviewKind::parse(text).ok_or_else(|| {
        format!(
            "{text:?} is not a review kind: write {}",
            ReviewKind::NAMES.join(" or ")
        )
    })
}
