//! The flags of `ips report` (clap derive only).

use super::{AsOf, PlaceFilter, TrainerFilter, parse_quarter};
use crate::calendar::Quarter;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub const REPORT_HELP: &str = "Sections: the headline (people served and employed, the pooled \
    rate against the benchmarks, the change from last quarter and from a year ago, who reported \
    against who was expected), the trend over the last quarters, jurisdictions, agencies (with \
    their names and a small trend line each), fidelity and outcomes (the latest review of each \
    agency, the next one due, and how fidelity and the rate go together: Pearson's r), the \
    agreement milestones (not in a public report), and notes on definitions and methods, with \
    the as-of date and the data's git commit.\n\n\
    With a single --agency, the report is that site's own: its teams, its trend beside its \
    jurisdiction's and the community's, its fidelity items lowest first, its agreement \
    checklist.\n\n\
    --public hides small numbers everywhere, tables and charts alike (ips.toml [report]), and \
    leaves out the agreement.\n\n\
    --since REV adds the counts restated since that revision, and each restated quarter's \
    figures then and now (ips outcomes diff REV lists every one).\n\n\
    HTML (one self-contained file) and JSON (the model, docs/report.md) go to stdout or to --out \
    FILE; Markdown needs --out DIR and writes report.md with its charts as .svg files beside it. \
    An existing file or folder is never overwritten without --force. The same data, arguments \
    and --as-of always give the same bytes.\n\n\
    Examples:\n  ips report --out report.html\n  \
    ips report --quarter 2026-Q3 --jurisdiction oh --public --out ohio-public.html\n  \
    ips report --agency riverbend --out riverbend.html\n  \
    ips report --format markdown --out reports/2026-Q3\n  \
    ips report --since v2026-Q2 --out report.html   # what changed since the last report\n  \
    ips report --format json | jq .headline";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained page: inline CSS and SVG, prints on A4.
    Html,
    /// report.md and its charts as .svg files, in the folder --out names.
    Markdown,
    /// The report's model, for scripts.
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The quarter [default: the latest that has ended and has outcomes].
    #[arg(long, value_name = "YYYY-Qn", value_parser = parse_quarter)]
    pub quarter: Option<Quarter>,

    /// How many quarters the trend shows, ending with the report's.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=40))]
    pub quarters: u16,

    #[command(flatten)]
    pub places: PlaceFilter,

    #[command(flatten)]
    pub trainer: TrainerFilter,

    /// Hide small numbers, for a public report (see ips.toml [report]); leaves out the
    /// agreement milestones.
    #[arg(long)]
    pub public: bool,

    /// Add a section on the counts restated since REV, a commit, tag or branch (the one the
    /// last report was made from, say); the data must be in git.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,

    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,

    /// A file for html and json (default: stdout); a folder for markdown (required).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,

    /// Write over an existing file, or the report's files in an existing folder.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub as_of: AsOf,
}
