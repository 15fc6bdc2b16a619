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
        (vec!["attention"], vec![("CLICOLOR", "1")]),
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
    let end = start + help[start..].find("  -h, --help").expect("then --help");
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
