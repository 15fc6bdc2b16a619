//! `ips outcomes ...`: the flags of the outcomes commands (clap derive only).

use super::{AsOf, ColumnsArg, FormatArg, OutArg, PlaceFilter, parse_quarter};
use crate::calendar::Quarter;
use crate::outcomes::Dimension;
use crate::output::Format;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum OutcomesCommand {
    /// Pooled employment rates by group, against the benchmarks.
    #[command(after_help = SUMMARIZE_HELP)]
    Summarize(SummarizeArgs),
    /// The tidy long table: one row per team and quarter, with every count.
    #[command(
        after_help = "Columns: quarter, jurisdiction, agency, team, served, employed, education, \
        job_starts (blank or null where a file leaves an optional count out). Rows are sorted by \
        quarter, jurisdiction, agency and team. Like summarize, it refuses data with errors unless \
        --allow-invalid.\n\nExamples:\n  ips outcomes export > outcomes.csv\n  \
        ips outcomes export --from 2025-Q1 --jurisdiction oh --format json\n  \
        duckdb -c \"select quarter, sum(employed)/sum(served) from 'outcomes.csv' group by 1\""
    )]
    Export(ExportArgs),
    /// Write the blank outcomes file of an agency's quarter, a row per open team.
    #[command(
        after_help = "Writes outcomes/<quarter>/<agency>.csv with the header and a row per team \
        open in the quarter, counts left blank (north,,,,). It never overwrites a file. The blank \
        counts are errors for `ips validate` until they are filled in.\n\nExamples:\n  \
        ips outcomes new --agency riverbend                    # the last quarter that has ended\n  \
        ips outcomes new --agency riverbend --quarter 2026-Q3"
    )]
    New(NewOutcomesArgs),
    /// Write a workbook (.xlsx) for an agency to fill in its quarter's counts.
    #[command(after_help = FORM_HELP)]
    Form(FormArgs),
    /// Read an agency's quarter from a workbook or CSV file and write its outcomes file.
    #[command(after_help = IMPORT_HELP)]
    Import(ImportArgs),
    /// Agencies and teams that have not reported a quarter: the follow-up list.
    #[command(
        after_help = "Lists each team open in the quarter, of each agency expected to report \
        (its baseline fidelity review was on or before the quarter's last day), that has no row: \
        reason no-file (the agency has no file for the quarter) or no-row (its file lacks the \
        team). Exit code 0 even when teams are missing, unless --fail-if-missing (then 1).\n\n\
        Examples:\n  ips outcomes missing\n  ips outcomes missing --quarter 2026-Q2 --jurisdiction oh\n  \
        ips outcomes missing --fail-if-missing --format csv   # in CI"
    )]
    Missing(MissingArgs),
    /// Every count that differs between two revisions: what was restated, and by which commit.
    #[command(after_help = DIFF_HELP)]
    Diff(DiffArgs),
}

const FORM_HELP: &str = "The first sheet, named after the quarter, states the agency (cell B1) \
    and the quarter (B2), which `ips outcomes import` reads back; below them the header of an \
    outcomes file (team, served, employed, education, job_starts) and a row per team open in the \
    quarter, with the team's location to the right, which import ignores. Only the count cells \
    can be edited: the spreadsheet itself refuses a count that is not a whole number, or an \
    employed or education count above served. The second sheet, Instructions, says what each \
    count means. An existing file is never overwritten without --force.\n\n\
    Examples:\n  ips outcomes form --agency riverbend --out riverbend-2026-Q3.xlsx   # the last quarter that has ended\n  \
    ips outcomes form --agency riverbend --quarter 2026-Q2 --out riverbend-2026-Q2.xlsx";

const IMPORT_HELP: &str = "Reads .xlsx, .xls, .ods and .csv (commas, or the semicolons of a \
    spreadsheet's export). The header row is looked for in the first 20 rows of each sheet, names \
    matched ignoring case, spaces and underscores (Job starts is job_starts); other columns are \
    ignored. Team rows are read down to the first empty row; 46.0 reads as 46, other fractions are \
    errors; a Total row is checked against the sums of the rows above and dropped. The agency and \
    quarter come from the form's cells, else from --agency and --quarter. The file written, \
    outcomes/<quarter>/<agency>.csv, has the template's header and a row per team in the order \
    of agency.toml, and passes `ips validate`'s checks: every finding is named by its workbook, \
    sheet and cell (own.xlsx: sheet \"Q3 2026\" C5: error[employed-exceeds-served]: ...), and \
    on any error nothing is written (exit 1). An existing outcomes file is replaced only with \
    --force (else exit 2). Several files are imported all or nothing.\n\n\
    Examples:\n  ips outcomes import riverbend-2026-Q3.xlsx\n  \
    ips outcomes import --dry-run riverbend-2026-Q3.xlsx lakeshore-2026-Q3.ods\n  \
    ips outcomes import --agency riverbend --quarter 2026-Q3 'Riverbend Q3.xlsx'   # an agency's own sheet";

const DIFF_HELP: &str = "One row per count of a team and quarter that differs between REV and REV2 \
    (default: the working tree): quarter, jurisdiction, agency, team, field (served, employed, \
    education, job_starts), old, new, and commit, the commit that last changed the file between \
    the two (empty for a file changed since its last commit). A row or file added or removed has an empty \
    old or new. After each affected quarter's rows come its pooled totals before and after, over \
    every file of the quarter, with `Total` in the place columns: served, employed and rate. \
    Like summarize, it refuses when the files behind the figures have errors in either revision \
    (listed with the revision, as REV:path), unless --allow-invalid.\n\n\
    Examples:\n  ips outcomes diff v2026-Q2-report          # what changed since the report's commit\n  \
    ips outcomes diff HEAD~3 HEAD --format csv\n  \
    ips outcomes diff origin/main               # what this branch restates";

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The revision to compare from: a commit, tag or branch (e.g. the commit a report was made
    /// from).
    pub rev: String,

    /// The revision to compare with [default: the working tree].
    pub rev2: Option<String>,

    /// Leave rows with errors out instead of refusing; says on stderr how many.
    #[arg(long)]
    pub allow_invalid: bool,

    #[command(flatten)]
    pub as_of: AsOf,

    #[command(flatten)]
    pub format: FormatArg,
}

const SUMMARIZE_HELP: &str = "For each group: served, employed, rate = sum(employed) / \
    sum(served) (pooled, never a mean of rates), then agencies and teams reporting, education, \
    education_rate, job_starts, the benchmark band from ips.toml [benchmarks] (below-minimal, \
    minimal, average, excellent) and, when quarters are grouped, rate_change from the same group's \
    previous quarter. A total row (key `Total`) follows the groups, per quarter when quarters are \
    grouped. After those, for scripts: agencies_expected (the agencies expected to report, as \
    `outcomes missing` judges), rate_change_comparable (false when different agencies reported \
    in the two quarters), the quarter or from/to the rows cover when quarters are not grouped, \
    and jurisdiction_name/agency_name. The table leaves those and `education` out, and, when \
    quarters are grouped, education_rate and job_starts, to fit 100 columns: --wide shows every \
    field, --columns the ones named.\n\n\
    Partial figures: where an expected agency has no row, the table reads `1 of 7` under \
    agencies and stderr names the quarter; a change between different agencies reads `+1.3 pp†`.\n\nPeriod: without --quarter, --from or --to, all quarters when --by includes quarter, \
    else the latest quarter with outcomes.\n\nIt refuses data with errors (exit 1, listing them as \
    `ips validate` does) unless --allow-invalid, which leaves the bad rows out and says how many.\n\n\
    --public hides small numbers for a public output: counts from 1 to [report] suppress_below - 1 \
    show as <11, and whatever could give them away (another count beside a total, a rate, a band, \
    a change) as *; CSV and JSON leave them empty or null and list them in `suppressed`.\n\n\
    Examples:\n  ips outcomes summarize                                  # latest quarter, by jurisdiction\n  \
    ips outcomes summarize --by jurisdiction,quarter --from 2025-Q1\n  \
    ips outcomes summarize --by agency --quarter 2026-Q3 --mean-of-rates\n  \
    ips outcomes summarize --by quarter --format csv > rates.csv\n  \
    ips outcomes summarize --by agency --public --format csv   # for a public web page";

/// The filters shared by the outcomes commands.
#[derive(Debug, Args)]
pub struct OutcomeFilters {
    /// Only these quarters (repeatable, or comma-separated).
    #[arg(long, value_name = "YYYY-Qn", value_parser = parse_quarter, value_delimiter = ',', conflicts_with_all = ["from", "to"])]
    pub quarter: Vec<Quarter>,
    /// From this quarter on (inclusive).
    #[arg(long, value_name = "YYYY-Qn", value_parser = parse_quarter)]
    pub from: Option<Quarter>,
    /// Up to this quarter (inclusive).
    #[arg(long, value_name = "YYYY-Qn", value_parser = parse_quarter)]
    pub to: Option<Quarter>,
    #[command(flatten)]
    pub places: PlaceFilter,
}

#[derive(Debug, Args)]
pub struct SummarizeArgs {
    /// Group by any of quarter, jurisdiction, agency, team, comma-separated, in the order the
    /// columns and the sort should follow [default: jurisdiction]. `team` brings in `agency`.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "DIMENSIONS")]
    pub by: Vec<Dimension>,

    #[command(flatten)]
    pub filters: OutcomeFilters,

    /// Add mean_of_agency_rates: the mean of each agency's own rate, beside the pooled rate.
    #[arg(long)]
    pub mean_of_rates: bool,

    /// Leave out the total rows.
    #[arg(long)]
    pub no_total: bool,

    /// For a public output: hide counts from 1 to suppress_below - 1 ([report] in ips.toml,
    /// default 11) and every figure they could be worked out from (rates, a total minus the
    /// other parts).
    #[arg(long, conflicts_with = "mean_of_rates")]
    pub public: bool,

    /// Leave rows with errors out instead of refusing; says on stderr how many.
    #[arg(long)]
    pub allow_invalid: bool,

    #[command(flatten)]
    pub as_of: AsOf,

    #[command(flatten)]
    pub format: FormatArg,

    #[command(flatten)]
    pub view: ColumnsArg,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub filters: OutcomeFilters,

    /// Leave rows with errors out instead of refusing; says on stderr how many.
    #[arg(long)]
    pub allow_invalid: bool,

    #[command(flatten)]
    pub as_of: AsOf,

    /// csv for spreadsheets, R and DuckDB; json for scripts; xlsx, a workbook (needs --out).
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,

    #[command(flatten)]
    pub out: OutArg,
}

#[derive(Debug, Args)]
pub struct NewOutcomesArgs {
    /// The agency whose file to write.
    #[arg(long, value_name = "ID")]
    pub agency: String,

    /// The quarter [default: the last one that has ended].
    #[arg(long, value_name = "YYYY-Qn", value_parser = parse_quarter)]
    pub quarter: Option<Quarter>,

    #[command(flatten)]
    pub as_of: AsOf,
}

#[derive(Debug, Args)]
pub struct FormArgs {
    /// The agency whose form to write.
    #[arg(long, value_name = "ID")]
    pub agency: String,

    /// The quarter [default: the last one that has ended].
    #[arg(long, value_name = "YYYY-Qn", value_parser = parse_quarter)]
    pub quarter: Option<Quarter>,

    /// The workbook to write (.xlsx).
    #[arg(long, value_name = "FILE")]
    pub out: std::path::PathBuf,

    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub as_of: AsOf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The workbooks or CSV files to import, one agency's quarter each.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,

    /// The agency, for a sheet that does not name it (an agency's own spreadsheet).
    #[arg(long, value_name = "ID")]
    pub agency: Option<String>,

    /// The quarter, for a sheet that does not name it.
    #[arg(long, value_name = "YYYY-Qn", value_parser = parse_quarter)]
    pub quarter: Option<Quarter>,

    /// Replace an outcomes file that exists (a restatement).
    #[arg(long)]
    pub force: bool,

    /// Check and say what would be written, writing nothing.
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub as_of: AsOf,
}

#[derive(Debug, Args)]
pub struct MissingArgs {
    /// The quarter [default: the last one that has ended].
    #[arg(long, value_name = "YYYY-Qn", value_parser = parse_quarter)]
    pub quarter: Option<Quarter>,

    #[command(flatten)]
    pub places: PlaceFilter,

    /// Exit 1 when a team is missing, for CI and scripts.
    #[arg(long)]
    pub fail_if_missing: bool,

    /// Leave rows with errors out (their teams then count as missing) instead of refusing.
    #[arg(long)]
    pub allow_invalid: bool,

    #[command(flatten)]
    pub as_of: AsOf,

    #[command(flatten)]
    pub format: FormatArg,
}
