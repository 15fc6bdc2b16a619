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
use crate::output::terminal::ColorChoice;
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
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help_heading = "Global options"
    )]
    pub repo: Option<PathBuf>,

    /// When to colour output for people: status words in tables, findings, errors.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_enum,
        value_name = "WHEN",
        default_value_t = ColorChoice::Auto
    )]
    pub color: ColorChoice,

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
    file so that Tab completes commands, flags, and the values of fixed choices (formats, \
    shells, statuses).\n\n\
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
    /// The date to judge by, YYYY-MM-DD (default: $IPS_AS_OF, else today). Makes runs
    /// repeatable: a script or a tutorial can set IPS_AS_OF once.
    #[arg(long, value_name = "DATE", value_parser = parse_as_of, env = "IPS_AS_OF", hide_env_values = true)]
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

impl From<&PlaceFilter> for crate::filter::Places {
    fn from(args: &PlaceFilter) -> crate::filter::Places {
        crate::filter::Places::chosen(args.jurisdiction.clone(), args.agency.clone())
    }
}

/// Which trainer's agencies a command covers, beside `PlaceFilter`.
#[derive(Debug, Args)]
pub struct TrainerFilter {
    /// Only the agencies of this trainer, as agency.toml's `trainer` names them (case and
    /// repeated spaces ignored; repeatable). An unknown name is refused with the closest ones.
    #[arg(long, value_name = "NAME")]
    pub trainer: Vec<String>,
}

impl PlaceFilter {
    /// The agencies of these jurisdictions and ids, and of `trainers`.
    pub fn with(&self, trainers: &TrainerFilter) -> crate::filter::Places {
        crate::filter::Places::from(self).with_trainers(trainers.trainer.clone())
    }
}

/// The output format of a command that prints a table.
#[derive(Debug, Args)]
pub struct FormatArg {
    /// table and markdown are for people; csv and json carry raw values for scripts; xlsx is
    /// a workbook for spreadsheets (needs --out).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(flatten)]
    pub out: OutArg,
}

impl FormatArg {
    /// Where the table goes: stdout, or the file of --out (a workbook only to a file).
    pub fn open(&self) -> crate::error::Result<crate::output::Out, crate::error::Usage> {
        self.out.open(self.format)
    }
}

/// The file a command's table is written to instead of stdout.
#[derive(Debug, Args)]
pub struct OutArg {
    /// Write the table to FILE instead of stdout, whole once it is complete (for --format
    /// xlsx, which makes a workbook, it is required).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace the file of --out if it exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

impl OutArg {
    pub fn open(
        &self,
        format: Format,
    ) -> crate::error::Result<crate::output::Out, crate::error::Usage> {
        crate::output::Out::open(format, self.out.as_deref(), self.force)
    }
}

impl Cli {
    /// Parses the command line, with clap's own help and usage errors coloured as `--color`
    /// says (clap reads the flag only after it has printed them).
    pub fn parse_colored() -> Cli {
        use clap::{CommandFactory, FromArgMatches};
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        let color = match color_in_args(&args) {
            Some(ColorChoice::Always) => clap::ColorChoice::Always,
            Some(ColorChoice::Never) => clap::ColorChoice::Never,
            _ => clap::ColorChoice::Auto,
        };
        let mut command = Cli::command().color(color);
        let matches = command
            .try_get_matches_from_mut(args)
            .unwrap_or_else(|error| error.exit());
        Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.format(&mut command).exit())
    }
}

/// The last `--color WHEN` or `--color=WHEN` before a `--`, if it names a choice.
fn color_in_args(args: &[std::ffi::OsString]) -> Option<ColorChoice> {
    use clap::ValueEnum;
    let mut chosen = None;
    let mut args = args.iter().map(|arg| arg.to_str().unwrap_or(""));
    while let Some(arg) = args.next() {
        let value = match arg {
            "--" => break,
            "--color" => args.next().unwrap_or(""),
            _ => match arg.strip_prefix("--color=") {
                Some(value) => value,
                None => continue,
            },
        };
        chosen = ColorChoice::from_str(value, false).ok().or(chosen);
    }
    chosen
}

/// Which columns a table shows, for commands whose full table is wider than a terminal.
#[derive(Debug, Args)]
pub struct ColumnsArg {
    /// Show these columns, in this order (comma-separated field names, as CSV heads them), in a
    /// table or Markdown. CSV and JSON always carry every field.
    #[arg(
        long,
        value_name = "NAMES",
        value_delimiter = ',',
        conflicts_with = "wide"
    )]
    pub columns: Vec<String>,

    /// Show every field as a column of the table; by default it leaves out some, to fit a
    /// terminal of 100 columns.
    #[arg(long)]
    pub wide: bool,
}

impl ColumnsArg {
    pub fn view(&self) -> crate::output::View {
        crate::output::View::new(&self.columns, self.wide)
    }
}

pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    calendar::parse_date(text).ok_or_else(|| calendar::date_problem(text))
}

/// `--as-of`, which may come from $IPS_AS_OF: an error says so when it did, since clap names
/// only the flag.
fn parse_as_of(text: &str) -> Result<NaiveDate, String> {
    parse_date(text).map_err(|problem| match std::env::var("IPS_AS_OF") {
        Ok(set) if set == text => {
            format!("{problem} (this is $IPS_AS_OF: set it to a date, or `unset IPS_AS_OF`)")
        }
        _ => problem,
    })
}

pub fn parse_quarter(text: &str) -> Result<Quarter, String> {
    Quarter::parse(text)
        .ok_or_else(|| format!("{text:?} is not a quarter: write YYYY-Qn, e.g. 2026-Q3"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn color(args: &[&str]) -> Option<ColorChoice> {
        let args: Vec<std::ffi::OsString> = args.iter().map(|a| a.into()).collect();
        color_in_args(&args)
    }

    /// clap prints help and usage errors before the flag is parsed: it is read first.
    #[test]
    fn color_is_read_before_clap_parses() {
        assert_eq!(color(&["ips", "--help"]), None);
        assert_eq!(
            color(&["ips", "--color", "never", "--help"]),
            Some(ColorChoice::Never)
        );
        assert_eq!(
            color(&["ips", "validate", "--color=always"]),
            Some(ColorChoice::Always)
        );
        // The last one counts; a bad value, or one after `--`, is left to clap.
        assert_eq!(
            color(&["ips", "--color=always", "--color", "never"]),
            Some(ColorChoice::Never)
        );
        assert_eq!(color(&["ips", "--color", "pink"]), None);
        assert_eq!(color(&["ips", "validate", "--", "--color=never"]), None);
        assert_eq!(color(&["ips", "--color"]), None);
    }
}
