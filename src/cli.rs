//! The command line: clap derive only. Every flag is a typed field; commands/ does the work.

pub mod agency;
pub mod agreement;
pub mod attention;
pub mod fidelity;
pub mod hook;
pub mod outcomes;
pub mod report;

use crate::calendar::{self, Quarter};
use crate::output::Format;
use crate::output::diagnostics::DiagnosticFormat;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "ips",
    version,
    about = "Keep, check and summarise IPS supported employment program data",
    long_about = "Keep, check and summarise IPS supported employment program data.\n\n\
        The data lives in a git repository of TOML and CSV files (data format 1): ips.toml, \
        agencies/<agency>/agency.toml, activities.csv, fidelity/<date>.toml and \
        outcomes/<YYYY>-Q<n>/<agency>.csv.",
    after_help = "The repository is --repo DIR, else $IPS_REPO, else the first folder with an ips.toml \
        walking up from the current directory. --repo and $IPS_REPO name the folder that holds \
        ips.toml: a folder inside a repository is refused, naming the repository's own folder.\n\n\
        Exit codes: 0 success, 1 the data has errors (or, with --strict, warnings), 2 ips could not run.\n\n\
        Examples:\n  ips init my-community\n  ips validate\n  ips hook install   # check each commit's staged files\n  \
        ips outcomes summarize --by jurisdiction,quarter\n  \
        ips fidelity schedule --as-of 2026-12-31\n  ips attention --within 14   # what needs acting on in the next two weeks\n  \
        ips report --out reports/2026-Q3.html"
)]
pub struct Cli {
    /// The data repository (default: $IPS_REPO, else the nearest folder with an ips.toml).
    #[arg(long, global = true, value_name = "DIR")]
    pub repo: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new data repository from the templates.
    #[command(
        after_help = "Writes ips.toml, README.md and the agencies/ and outcomes/ folders. \
        Existing files are never overwritten.\n\n\
        The folder is DIR, else --repo DIR (giving both, for different folders, is refused), \
        else the current folder; $IPS_REPO is not used. A repository is never created inside \
        another one: when a folder above DIR has an ips.toml, init refuses and names it.\n\n\
        With --ci it also writes the CI file (in an existing repository, only the CI file): each \
        pull or merge request runs `ips validate --changed` against its base, and a weekly job \
        runs `ips fidelity schedule --fail-if-overdue` and `ips outcomes missing --fail-if-missing`. \
        CI builds ips from the git URL set as IPS_GIT in the file (--ips-git).\n\n\
        Examples:\n  ips init ohio-ips && cd ohio-ips && ips validate\n  \
        ips --repo ohio-ips init          # the same folder, as other commands name it\n  \
        ips init --ci github --ips-git https://example.org/ips.git   # in an existing repository"
    )]
    Init(InitArgs),
    /// Check every file of the repository, or only the named ones.
    #[command(
        after_help = "Run it before every commit and in CI. Each finding names the file, line \
        and column, the rule broken and how to fix it; `ips validate --list-rules` lists the rules.\n\n\
        With --staged it checks what the next commit will contain (git's index), with --changed REV \
        what a branch or pull request changed since REV: the files named by git, and the files \
        checked against them (a staged agency.toml that drops a team is checked against the \
        agency's outcome files). A problem elsewhere does not fail the run.\n\n\
        Examples:\n  ips validate\n  ips validate outcomes/2026-Q3/riverbend.csv\n  \
        ips validate --staged                       # before a commit (ips hook install)\n  \
        ips validate --changed origin/main --format github   # a pull request, in CI"
    )]
    Validate(ValidateArgs),
    /// Fidelity reviews: the review schedule, an agency's history, a new review file.
    #[command(subcommand)]
    Fidelity(fidelity::FidelityCommand),
    /// Employment rates and the quarterly outcome files: summarize, export, new, missing, diff.
    #[command(subcommand)]
    Outcomes(outcomes::OutcomesCommand),
    /// The training and technical-assistance agreement: milestones, and logging activities.
    #[command(
        subcommand,
        after_help = "Examples:\n  ips agreement status --as-of 2026-11-24\n  \
        ips agreement status lakeshore\n  \
        ips agreement log lakeshore training-es --date 2026-11-20 --days 1"
    )]
    Agreement(agreement::AgreementCommand),
    /// The quarterly outcomes report, with tables and charts: HTML, Markdown or JSON.
    #[command(after_help = report::REPORT_HELP)]
    Report(report::ReportArgs),
    /// Git hooks: check each commit before git records it.
    #[command(subcommand)]
    Hook(hook::HookCommand),
    /// Agencies: list them, or add one from the template.
    #[command(subcommand)]
    Agency(agency::AgencyCommand),
    #[command(
        about = attention::ABOUT,
        long_about = attention::LONG_ABOUT,
        after_help = attention::AFTER_HELP
    )]
    Attention(attention::AttentionArgs),
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Write the manual pages: ips.1 and one for each command (ips-outcomes-summarize.1, ...).
    #[command(after_help = MAN_HELP)]
    Man(ManArgs),
}

const COMPLETIONS_HELP: &str = "The script goes to stdout; load it from your shell's start-up \
    file so that Tab completes commands, flags and their values.\n\n\
    Examples:\n  \
    echo 'source <(ips completions bash)' >> ~/.bashrc\n  \
    ips completions zsh > ~/.zfunc/_ips   # with fpath+=(~/.zfunc) before compinit in ~/.zshrc\n  \
    ips completions fish > ~/.config/fish/completions/ips.fish";

const MAN_HELP: &str = "Writes one page for ips and one for each command and subcommand into DIR \
    (created if missing). An existing page is never overwritten without --force: nothing is \
    written then. The same pages are in docs/man/ of the source.\n\n\
    Examples:\n  \
    ips man ~/.local/share/man/man1 && man ips-outcomes-summarize\n  \
    ips man /tmp/ips-man && man -l /tmp/ips-man/ips.1";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The folder to write the pages to (created if missing).
    pub dir: PathBuf,

    /// Replace pages that are already there.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the repository in (created if missing) [default: --repo DIR, else
    /// the current folder].
    pub dir: Option<PathBuf>,

    /// Also write the CI file of the data repository (in an existing one, only that):
    /// .github/workflows/ips.yml or .gitlab-ci.yml at the top of its git work tree.
    #[arg(long, value_enum, value_name = "SERVICE")]
    pub ci: Option<Ci>,

    /// The git URL that CI installs ips from (IPS_GIT in the CI file).
    #[arg(long, value_name = "URL", requires = "ci")]
    pub ips_git: Option<String>,
}

/// The CI services `ips init --ci` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    /// GitHub Actions: .github/workflows/ips.yml.
    Github,
    /// GitLab CI: .gitlab-ci.yml.
    Gitlab,
}

#[derive(Debug, Args)]
pub struct AsOf {
    /// The date to judge by, YYYY-MM-DD (default: today). Makes runs repeatable.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files or folders to check (default: the whole repository). Cross-file checks they take
    /// part in run too.
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub as_of: AsOf,

    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,

    /// Exit 1 on warnings too.
    #[arg(long)]
    pub strict: bool,

    /// Check what the next commit will contain: the staged version of every staged file
    /// (added, changed or deleted) and the cross-file checks it takes part in, read from git's
    /// index. Unstaged changes and untracked files are left out. What `ips hook install` runs.
    #[arg(long, conflicts_with = "paths")]
    pub staged: bool,

    /// Check the files that changed since the current branch left REV (a branch, tag or
    /// commit; compared from their merge base, as a pull request's changes are), in the working
    /// tree (with --staged: in the index), and the cross-file checks they take part in.
    #[arg(long, value_name = "REV", conflicts_with = "paths")]
    pub changed: Option<String>,

    /// Print every rule: its id, what it checks and an example fix.
    #[arg(long, conflicts_with_all = ["paths", "strict", "staged", "changed"])]
    pub list_rules: bool,
}

/// Which agencies a command covers, by jurisdiction and by id.
#[derive(Debug, Args)]
pub struct PlaceFilter {
    /// Only agencies of these jurisdictions (repeatable, or comma-separated).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub jurisdiction: Vec<String>,

    /// Only these agencies (repeatable, or comma-separated).
    #[arg(long, value_name = "AGENCY", value_delimiter = ',')]
    pub agency: Vec<String>,
}

/// The output format of a command that prints a table.
#[derive(Debug, Args)]
pub struct FormatArg {
    /// table and markdown are for people; csv and json carry raw values for scripts.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    calendar::parse_date(text).ok_or_else(|| calendar::date_problem(text))
}

pub fn parse_quarter(text: &str) -> Result<Quarter, String> {
    Quarter::parse(text)
        .ok_or_else(|| format!("{text:?} is not a quarter: write YYYY-Qn, e.g. 2026-Q3"))
}
