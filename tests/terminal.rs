//! How output looks on a terminal: `--color` with NO_COLOR, CLICOLOR and CLICOLOR_FORCE, and
//! tables fitted to COLUMNS. Tests run ips with its output in a pipe, as a script would.

mod common;

use common::*;

const AS_OF: [&str; 2] = ["--as-of", "2026-11-24"];

/// `ips ARGS --as-of 2026-11-24` on the example repository, with `env` set.
fn example(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = ips(&crate_dir());
    command
        .args(["--repo", "examples/learning-community"])
        .args(args)
        .args(AS_OF);
    for (name, value) in env {
        command.env(name, value);
    }
    output(&mut command)
}

/// The line of `agency` in a table.
fn line_of<'t>(table: &'t str, agency: &str) -> &'t str {
    table
        .lines()
        .find(|line| line.trim_start().starts_with(agency))
        .unwrap_or_else(|| panic!("no line for {agency} in\n{table}"))
}

#[test]
fn color_always_colours_the_status_words_red_yellow_and_green() {
    let (stdout, stderr, code) = example(&["--color", "always", "fidelity", "schedule"], &[]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert_eq!(
        line_of(&stdout, "ggz-noorderzon"),
        " ggz-noorderzon     2025-08-26      68  not-supported-employment  2026-02-26  \x1b[31moverdue\x1b[0m    written"
    );
    assert_eq!(
        line_of(&stdout, "riverbend"),
        " riverbend          2025-12-09     108  good                      2026-12-09  \x1b[33mdue-soon\x1b[0m   written"
    );
    assert_eq!(
        line_of(&stdout, "lakeshore"),
        " lakeshore          2026-08-11      95  fair                      2027-02-11  \x1b[32mscheduled\x1b[0m  \x1b[31moverdue\x1b[0m"
    );
    // The header and the rule stay plain.
    assert!(!stdout.lines().take(2).any(|line| line.contains('\x1b')));
}

#[test]
fn met_missed_and_open_are_coloured_in_the_agreement_checklist() {
    let (stdout, _, code) = example(&["agreement", "status", "lakeshore", "--color=always"], &[]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains(
            " signatures                                  \x1b[32mmet\x1b[0m      2024-01-15  "
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            " training-es                                 \x1b[31mmissed\x1b[0m   2025-01-14  "
        ),
        "{stdout}"
    );
}

#[test]
fn pipes_and_color_never_get_no_escape_codes() {
    for (args, env) in [
        (vec!["fidelity", "schedule"], vec![]),
        (vec!["--color", "never", "fidelity", "schedule"], vec![]),
        (vec!["--color", "auto", "fidelity", "schedule"], vec![]),
        (
            vec!["fidelity", "schedule", "--color", "never"],
            vec![("CLICOLOR_FORCE", "1")],
        ),
        (vec!["attention", "--all"], vec![("CLICOLOR", "1")]),
    ] {
        let (stdout, stderr, code) = example(&args, &env);
        assert_eq!((stderr.as_str(), code), ("", 0));
        assert!(!stdout.contains('\x1b'), "{args:?} {env:?}:\n{stdout}");
    }
}

#[test]
fn clicolor_force_colours_a_pipe_unless_no_color_is_set() {
    let overdue = "\x1b[31moverdue\x1b[0m";
    let (forced, _, _) = example(&["attention"], &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains(overdue), "{forced}");
    let (both, _, _) = example(
        &["attention"],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!both.contains('\x1b'), "{both}");
    // The flag is the user's last word: it wins over NO_COLOR.
    let (flag, _, _) = example(&["attention", "--color", "always"], &[("NO_COLOR", "1")]);
    assert!(flag.contains(overdue), "{flag}");
}

#[test]
fn csv_json_and_markdown_are_never_coloured() {
    for format in ["csv", "json", "markdown"] {
        let (stdout, _, code) = example(
            &[
                "--color", "always", "fidelity", "schedule", "--format", format,
            ],
            &[],
        );
        assert_eq!(code, 0);
        assert!(stdout.contains("overdue"), "{format}");
        assert!(!stdout.contains('\x1b'), "{format}:\n{stdout}");
    }
}

#[test]
fn findings_and_errors_follow_color_too() {
    let dir = example_copy();
    write(dir.path(), "agencies/riverbend/agency.toml", "name = \n");
    let (stdout, _, code) = output(ips(dir.path()).args([
        "validate",
        "--color",
        "always",
        "agencies/riverbend/agency.toml",
    ]));
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with("\x1b[1magencies/riverbend/agency.toml:1:8\x1b[0m: \x1b[1m\x1b[31merror[toml-syntax]\x1b[0m: "),
        "{stdout}"
    );
    assert!(stdout.contains("\n  \x1b[36mhint:\x1b[0m "), "{stdout}");
    // A command that refuses lists the errors on stderr, coloured the same way.
    let (_, stderr, code) =
        output(ips(dir.path()).args(["agreement", "status", "riverbend", "--color=always"]));
    assert_eq!(code, 1);
    assert_eq!(
        stderr.lines().nth(1),
        Some(
            "\x1b[1magencies/riverbend/agency.toml:1:8\x1b[0m: \x1b[1m\x1b[31merror[toml-syntax]\x1b[0m: string values must be quoted, expected literal string"
        )
    );
    let (_, stderr, _) = output(ips(dir.path()).args(["agreement", "status", "riverbend"]));
    assert!(!stderr.contains('\x1b'), "{stderr}");
    let (plain, _, _) =
        output(ips(dir.path()).args(["validate", "agencies/riverbend/agency.toml"]));
    assert!(
        plain.starts_with("agencies/riverbend/agency.toml:1:8: error[toml-syntax]: "),
        "{plain}"
    );
}

#[test]
fn help_documents_color_and_follows_it() {
    let (help, _, code) = run_ips(&crate_dir(), &["--help"]);
    assert_eq!(code, 0);
    let start = help
        .find("      --color <WHEN>")
        .expect("--help names --color");
    let end = start
        + help[start..]
            .find("[default: auto]\n")
            .expect("its default")
        + "[default: auto]\n".len();
    assert_eq!(
        &help[start..end],
        "      --color <WHEN>
          When to colour output for people: status words in tables, findings, errors

          Possible values:
          - auto:   On a terminal; NO_COLOR or CLICOLOR=0 turn it off, CLICOLOR_FORCE=1 on (even in
            a pipe)
          - always: Always, even into a file or a pipe, whatever NO_COLOR says
          - never:  Never
          
          [default: auto]
"
    );
    // Every command takes it, before or after the command's name.
    let (sub, _, _) = run_ips(&crate_dir(), &["agreement", "status", "--help"]);
    assert!(sub.contains("      --color <WHEN>\n"), "{sub}");
    let (coloured, _, _) = run_ips(&crate_dir(), &["--color=always", "--help"]);
    assert!(
        coloured.contains("\x1b[1m--color\x1b[0m <WHEN>"),
        "{coloured}"
    );
    let (never, _, _) = run_ips(&crate_dir(), &["--help", "--color", "never"]);
    assert!(!never.contains('\x1b'));
}

// Tables fitted to COLUMNS ---------------------------------------------------------------------

/// Every line of `table` is at most `limit` columns wide, as a terminal shows it.
fn assert_fits(table: &str, limit: usize) {
    use unicode_width::UnicodeWidthStr;
    for line in table.lines() {
        assert!(line.width() <= limit, "{} columns: {line}", line.width());
    }
}

/// The default table of `args` at COLUMNS=100 fits, and is exactly
/// tests/fixtures/terminal/NAME-100.txt.
fn assert_default_table_fits(args: &[&str], name: &str) {
    let (stdout, _, code) = example(args, &[("COLUMNS", "100")]);
    assert_eq!(code, 0);
    assert_fits(&stdout, 100);
    assert_eq!(
        stdout,
        read(&fixture("terminal"), &format!("{name}-100.txt")),
        "{args:?}"
    );
}

#[test]
fn the_default_summary_fits_100_columns() {
    assert_default_table_fits(&["outcomes", "summarize"], "summarize");
}

#[test]
fn the_default_schedule_fits_100_columns() {
    assert_default_table_fits(&["fidelity", "schedule"], "schedule");
}

#[test]
fn the_default_agreement_summary_fits_100_columns() {
    assert_default_table_fits(&["agreement", "status"], "agreement-status");
}

/// The checklist's evidence and what is missing wrap onto more lines; the milestone, period,
/// status and due date keep their widths.
#[test]
fn the_default_checklist_fits_100_columns_with_its_text_wrapped() {
    assert_default_table_fits(&["agreement", "status", "lakeshore"], "checklist-lakeshore");
    let (stdout, _, _) = example(&["agreement", "status", "lakeshore"], &[("COLUMNS", "100")]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..4],
        [
            " milestone                period             status   due         evidence              missing",
            " ───────────────────────  ─────────────────  ───────  ──────────  ────────────────────  ────────────",
            " signatures                                  met      2024-01-15  executive-director",
            "                                                                  2024-01-08,",
        ]
    );
}

#[test]
fn a_wider_or_narrower_columns_fits_the_table_to_it() {
    let (wide, _, _) = example(&["agreement", "status", "lakeshore"], &[("COLUMNS", "160")]);
    assert_fits(&wide, 160);
    assert!(wide.lines().any(|line| line.len() > 120));
    // Too narrow for the columns that do not wrap: the text columns wrap at their least, and
    // the table stays wider than asked rather than cut ids or dates.
    let columns = "due,days,status,agency,item,period,missing";
    let (narrow, _, _) = example(
        &["attention", "--all", "--columns", columns],
        &[("COLUMNS", "80")],
    );
    assert_eq!(
        narrow.lines().nth(1),
        Some(
            " ──────────  ────  ────────  ────────────────  ─────────────────  ────────────  ────────────"
        )
    );
}

/// A pipe without COLUMNS gets the table as wide as its text, whatever runs it: the output of
/// a script does not depend on the terminal it was started from.
#[test]
fn a_pipe_without_columns_gets_the_whole_width() {
    let (stdout, _, _) = example(&["agreement", "status", "lakeshore"], &[]);
    let widest = stdout.lines().map(|l| l.chars().count()).max();
    assert_eq!(widest, Some(214));
    for junk in ["0", "-5", "wide", ""] {
        let (same, _, _) = example(&["agreement", "status", "lakeshore"], &[("COLUMNS", junk)]);
        assert_eq!(same, stdout, "COLUMNS={junk:?}");
    }
}

#[test]
fn csv_and_json_are_not_fitted() {
    for format in ["csv", "json"] {
        let args = ["agreement", "status", "lakeshore", "--format", format];
        let (fitted, _, _) = example(&args, &[("COLUMNS", "40")]);
        let (whole, _, _) = example(&args, &[]);
        assert_eq!(fitted, whole, "{format}");
        assert!(fitted.contains("agency_name"), "{format}");
    }
}

// --wide and --columns ---------------------------------------------------------------------------

#[test]
fn wide_shows_every_column() {
    let (stdout, _, code) = example(&["outcomes", "summarize", "--wide"], &[]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout.lines().next(),
        Some(
            " jurisdiction  served  employed   rate  agencies  teams  education  education_rate  job_starts  band       agencies_expected  quarter  jurisdiction_name"
        )
    );
    let (stdout, _, _) = example(
        &["agreement", "status", "--wide", "--agency", "lakeshore"],
        &[],
    );
    assert_eq!(
        stdout,
        " agency     jurisdiction  met  open  overdue  missed  next_due    status  next_due_milestone  overdue_milestones  missed_milestones  agency_name                  jurisdiction_name  trainer        term_ends
 ─────────  ────────────  ───  ────  ───────  ──────  ──────────  ──────  ──────────────────  ──────────────────  ─────────────────  ───────────────────────────  ─────────────────  ─────────────  ─────────
 lakeshore  oh              9     0        1       1  2027-01-01  missed  outcomes-reported   fidelity-plan       training-es        Lakeshore Behavioral Health  Ohio               Beth Sandoval
"
    );
    let (stdout, _, _) = example(&["agreement", "status", "lakeshore", "--wide"], &[]);
    assert!(stdout.starts_with(" agency     milestone                period             status   due         next_due    evidence "), "{stdout}");
}

#[test]
fn columns_shows_those_named_in_their_order() {
    let (stdout, stderr, code) = example(
        &[
            "fidelity",
            "schedule",
            "--columns",
            "status,agency,agency_name",
            "--agency",
            "riverbend,lakeshore",
        ],
        &[],
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert_eq!(
        stdout,
        " status     agency     agency_name
 ─────────  ─────────  ─────────────────────────────────
 due-soon   riverbend  Riverbend Community Mental Health
 scheduled  lakeshore  Lakeshore Behavioral Health
"
    );
    let (markdown, _, _) = example(
        &[
            "outcomes",
            "summarize",
            "--columns",
            "jurisdiction,rate",
            "--format",
            "markdown",
            "--no-total",
        ],
        &[],
    );
    assert_eq!(
        markdown,
        "| jurisdiction | rate |\n| --- | ---: |\n| alameda | 44.9% |\n| nl | 37.8% |\n| nz | 56.6% |\n| oh | 40.1% |\n"
    );
}

#[test]
fn an_unknown_column_gets_a_did_you_mean() {
    let (stdout, stderr, code) =
        example(&["fidelity", "schedule", "--columns", "agency,stauts"], &[]);
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert_eq!(
        stderr,
        "error: --columns: this table has no column \"stauts\"
  hint: did you mean status? its columns: agency, jurisdiction, last_review, kind, total, band, next_due, days_until_due, status, plan_due, plan_status, agency_name, jurisdiction_name, trainer
"
    );
    let (_, stderr, code) = example(
        &["agreement", "status", "lakeshore", "--columns", "evidense"],
        &[],
    );
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: --columns: this table has no column \"evidense\"\n  hint: did you mean evidence? its columns: agency, milestone, "), "{stderr}");
    // Nothing near: the hint lists the columns.
    let (_, stderr, code) = example(&["outcomes", "summarize", "--columns", "county"], &[]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: --columns: this table has no column \"county\"
  hint: its columns: jurisdiction, served, employed, rate, agencies, teams, education, education_rate, job_starts, band, agencies_expected, quarter, jurisdiction_name
"
    );
}

/// Every unknown name in one run, each with its nearest column; a column that only another
/// --by has says which.
#[test]
fn every_unknown_column_is_named_at_once_and_a_grouping_column_says_its_grouping() {
    let (_, stderr, code) = example(&["attention", "--columns", "due,agnecy,misisng"], &[]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: --columns: this table has no columns \"agnecy\", \"misisng\"
  hint: did you mean agency for agnecy, missing for misisng? its columns: due, days, status, agency, jurisdiction, item, period, missing, agency_name, jurisdiction_name
"
    );
    let many: Vec<String> = (0..10_000).map(|i| format!("c{i}")).collect();
    let (_, stderr, code) = example(&["attention", "--columns", &many.join(",")], &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: --columns: this table has no columns \"c0\", \"c1\", \"c2\", \"c3\", \"c4\" and 9995 more\n"),
        "{stderr}"
    );
    assert!(stderr.len() < 400, "a bounded message");
    let (_, stderr, code) = example(&["attention", "--columns", "due,due"], &[]);
    assert_eq!(
        (stderr.as_str(), code),
        (
            "error: --columns names \"due\" twice\n  hint: name each column once\n",
            2
        )
    );
    let (_, stderr, code) = example(
        &[
            "outcomes",
            "summarize",
            "--columns",
            "jurisdiction,rate_change",
        ],
        &[],
    );
    assert_eq!(
        (stderr.as_str(), code),
        (
            "error: --columns: rate_change is a column of a summary by quarter\n  hint: add quarter to --by, e.g. --by jurisdiction,quarter\n",
            2
        )
    );
    let (_, stderr, code) = example(
        &[
            "outcomes",
            "summarize",
            "--by",
            "quarter",
            "--columns",
            "quarter,from",
        ],
        &[],
    );
    assert_eq!(
        (stderr.as_str(), code),
        (
            "error: --columns: from is a column of a summary over several quarters, not by quarter\n  hint: leave quarter out of --by, or name the quarter column\n",
            2
        )
    );
}

#[test]
fn columns_is_refused_for_csv_and_json_and_with_wide() {
    let (stdout, stderr, code) = example(
        &[
            "fidelity",
            "schedule",
            "--columns",
            "agency",
            "--format",
            "csv",
        ],
        &[],
    );
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert_eq!(
        stderr,
        "error: --columns chooses the columns of a table or Markdown: CSV, JSON and xlsx carry every field
  hint: leave --columns out, or pick the fields in the script that reads them
"
    );
    let (_, stderr, code) = example(
        &["fidelity", "schedule", "--columns", "agency", "--wide"],
        &[],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: the argument '--columns <NAMES>' cannot be used with '--wide'"),
        "{stderr}"
    );
}

#[test]
fn an_empty_or_hostile_column_name_is_refused_plainly() {
    for columns in ["", "agency,,status", "agency,"] {
        let (stdout, stderr, code) = example(&["fidelity", "schedule", "--columns", columns], &[]);
        assert_eq!((stdout.as_str(), code), ("", 2), "{columns:?}");
        assert_eq!(
            stderr,
            "error: --columns: an empty name (two commas in a row, or one at an end)
  hint: name the columns with one comma between each, e.g. --columns agency,jurisdiction
",
            "{columns:?}"
        );
    }
    // An escape sequence is shown escaped, and a long name cut.
    let long = format!("\u{1b}[2J{}", "x".repeat(5000));
    let (_, stderr, code) = example(&["fidelity", "schedule", "--columns", &long], &[]);
    assert_eq!(code, 2);
    let first = stderr.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "error: --columns: this table has no column \"\\u{{1b}}[2J{}…\"",
            "x".repeat(76)
        )
    );
}

/// `fidelity show` fits a terminal by its latest reviews, and says how many earlier ones
/// `--wide` adds; a pipe without COLUMNS, and Markdown, hold them all.
#[test]
fn fidelity_show_fits_by_its_latest_reviews() {
    let (stdout, stderr, code) = example(&["fidelity", "show", "lakeshore"], &[("COLUMNS", "100")]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout.lines().next().unwrap(),
        " section       item                         2025-03-11  2025-08-26  2026-02-10  2026-08-11  change"
    );
    assert_eq!(
        stderr,
        "note: 2 earlier reviews from 2024-03-19 left out to fit the terminal: --wide shows them\n"
    );
    let table: Vec<&str> = stdout.lines().take_while(|line| !line.is_empty()).collect();
    assert_fits(&table.join("\n"), 100);
    let (wide, stderr, _) = example(
        &["fidelity", "show", "lakeshore", "--wide"],
        &[("COLUMNS", "100")],
    );
    assert_eq!(wide.lines().next().unwrap().matches("20").count(), 6);
    assert_eq!(stderr, "");
    // Piped, every review too; the lowest items below the table wrap to COLUMNS only.
    let (piped, _, _) = example(&["fidelity", "show", "lakeshore"], &[]);
    let (piped_table, piped_lowest) = piped.split_once("\n\n").unwrap();
    let (wide_table, wide_lowest) = wide.split_once("\n\n").unwrap();
    assert_eq!(piped_table, wide_table);
    assert_eq!(
        piped_lowest,
        "Lowest items of the 2026-08-11 review (score 2), where the improvement plan should focus:
  vocational_unit  specialists form a unit with group supervision and shared coverage (no change since 2026-02-10)
"
    );
    assert_eq!(
        wide_lowest,
        "Lowest items of the 2026-08-11 review (score 2), where the improvement plan should focus:
  vocational_unit  specialists form a unit with group supervision and shared coverage (no change
                   since 2026-02-10)
"
    );
}
