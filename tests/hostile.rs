//! Hostile input: whatever a pull request puts in a repository, every command finishes, exits
//! 0, 1 or 2, prints a bounded amount, reads nothing from outside the repository, and damages
//! no file. Each case is built in a temporary folder from tests/fixtures/validate/base (small
//! enough for exact output) or from examples/learning-community.

// A test notes on stderr what it could not run here.
#![allow(clippy::print_stderr)]
#![cfg(unix)]

mod common;

use common::*;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::time::Duration;
use tempfile::TempDir;

const AS_OF: &str = "--as-of=2026-11-24";

/// Longer than any command takes on these small repositories: one that blocks is stopped and
/// fails its test instead of hanging the suite.
const TIMEOUT: Duration = Duration::from_secs(60);

fn base() -> TempDir {
    copy_to_temp(&fixture("validate/base"))
}

/// `ips validate --as-of 2026-11-24 args...` in `root`, stopped if it hangs.
fn validate(root: &Path, args: &[&str]) -> Run {
    output(
        ips(root)
            .arg("validate")
            .arg(AS_OF)
            .args(args)
            .timeout(TIMEOUT),
    )
}

fn remove(root: &Path, relative: &str) {
    let path = root.join(relative);
    if path.is_dir() {
        std::fs::remove_dir_all(path).expect("remove folder");
    } else {
        std::fs::remove_file(path).expect("remove file");
    }
}

/// Puts a FIFO at `root/relative`, in place of what is there.
fn fifo(root: &Path, relative: &str) {
    let path = root.join(relative);
    let _ = std::fs::remove_file(&path);
    let name = std::ffi::CString::new(path.into_os_string().into_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// Lets every user read the repository, so that a run as another user reads it as its owner
/// would, but for what a test takes away.
fn readable_by_all(root: &Path) {
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// `ips args...` in `dir` as a user who is neither root nor the files' owner: root may read any
/// folder, so a folder it cannot list must be tried as someone else. None when no such user
/// can be had here (not root, and so not able to become another user, is fine: then the
/// files' owner is the user, and mode 0300 keeps even the owner from listing).
fn run_as_another_user(dir: &Path, args: &[&str]) -> Option<Run> {
    if !is_root() {
        return Some(output(ips(dir).args(args).timeout(TIMEOUT)));
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|path| Path::new(path).exists())?;
    let mut command = assert_cmd::Command::new(setpriv);
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin("ips"))
        .args(args)
        .current_dir(dir)
        .env_remove("IPS_REPO")
        .timeout(TIMEOUT);
    Some(output(&mut command))
}

const CONTROL_HINT: &str = "  hint: retype the value without it (it often comes with a copy and paste: paste as plain text)";

const OUTSIDE_HINT: &str = "ips reads only what the repository holds: put the file itself in place of the link, or remove the link";

// ---------------------------------------------------------------------------------------------
// 1. Nothing is read from outside the repository: a link may point elsewhere in it, not out.

#[test]
fn links_that_lead_out_of_the_repository_are_refused_by_name_and_never_read() {
    let outside = TempDir::new().unwrap();
    write(
        outside.path(),
        "riverbend.csv",
        "team,served,employed\nGITHUB_TOKEN=ghp_secret,1,1\n",
    );
    let dir = base();
    let root = dir.path();
    remove(root, "outcomes/2024-Q1/riverbend.csv");
    symlink(
        outside.path().join("riverbend.csv"),
        root.join("outcomes/2024-Q1/riverbend.csv"),
    )
    .unwrap();
    remove(root, "outcomes/2024-Q2");
    symlink(outside.path(), root.join("outcomes/2024-Q2")).unwrap();
    // A link that stays inside the repository is read as the file it points to.
    std::fs::rename(
        root.join("agencies/riverbend/activities.csv"),
        root.join("agencies/riverbend/.activities-kept.csv"),
    )
    .unwrap();
    symlink(
        ".activities-kept.csv",
        root.join("agencies/riverbend/activities.csv"),
    )
    .unwrap();
    let (stdout, stderr, code) = validate(root, &["--format", "github"]);
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            concat!(
                "::error file=outcomes/2024-Q1/riverbend.csv,title=unreadable::the file was not read: it is a link to a place outside the repository%0Ahint: ips reads only what the repository holds: put the file itself in place of the link, or remove the link\n",
                "::error file=outcomes/2024-Q2,title=unreadable::the folder was not read: it is a link to a place outside the repository%0Ahint: ips reads only what the repository holds: put the folder itself in place of the link, or remove the link\n",
                "2 errors, 0 warnings in 7 files\n",
            ),
            "",
            1
        )
    );
    assert!(!stdout.contains("secret"));
}

/// A link named on the command line is checked as the link a full run sees, not as the clean
/// file it points to.
#[test]
fn validate_of_a_linked_file_reports_the_link_as_a_full_run_does() {
    let dir = base();
    let root = dir.path();
    symlink("riverbend.csv", root.join("outcomes/2024-Q1/copy.csv")).unwrap();
    let found = concat!(
        "outcomes/2024-Q1/copy.csv: error[unknown-agency]: no agency `copy`: there is no agencies/copy/agency.toml\n",
        "  hint: name the file after an agency's id, or add the agency as agencies/copy/agency.toml\n",
    );
    let (stdout, stderr, code) = validate(root, &[]);
    assert!(stdout.starts_with(found), "{stdout}");
    assert_eq!((stderr.as_str(), code), ("", 1));
    for named in ["outcomes/2024-Q1/copy.csv", "./outcomes/2024-Q1/copy.csv"] {
        assert_eq!(
            validate(root, &[named]),
            (
                format!("{found}1 error, 0 warnings in 1 file\n"),
                String::new(),
                1
            ),
            "{named}"
        );
    }
    // Named from its folder.
    assert_eq!(
        validate(&root.join("outcomes/2024-Q1"), &["copy.csv"]),
        (
            format!("{found}1 error, 0 warnings in 1 file\n"),
            String::new(),
            1
        )
    );
}

/// The attack of the issue: a link to the process environment, whose CI tokens an "unknown
/// column" message would print.
#[cfg(target_os = "linux")]
#[test]
fn a_link_to_the_process_environment_prints_no_variable() {
    let dir = base();
    let root = dir.path();
    remove(root, "outcomes/2024-Q1/riverbend.csv");
    symlink(
        "/proc/self/environ",
        root.join("outcomes/2024-Q1/riverbend.csv"),
    )
    .unwrap();
    let run = output(
        ips(root)
            .args(["validate", AS_OF, "--format", "github"])
            .env("CI_TOKEN", "tok-7f3a9c")
            .timeout(TIMEOUT),
    );
    assert_eq!(
        run,
        (
            format!(
                "::error file=outcomes/2024-Q1/riverbend.csv,title=unreadable::the file was not read: it is a link to a place outside the repository%0Ahint: {}\n1 error, 0 warnings in 9 files\n",
                OUTSIDE_HINT
            ),
            String::new(),
            1
        )
    );
}

/// An agency folder that is a link out of the repository: its files are refused by the link's
/// name, and the other agency is checked as usual.
#[test]
fn an_agency_folder_linked_out_of_the_repository_is_not_read() {
    let outside = TempDir::new().unwrap();
    let dir = base();
    let root = dir.path();
    copy_dir(&root.join("agencies/lakeshore"), outside.path());
    remove(root, "agencies/lakeshore");
    symlink(outside.path(), root.join("agencies/lakeshore")).unwrap();
    assert_eq!(
        validate(root, &[]),
        (
            concat!(
                "agencies/lakeshore: error[unreadable]: the folder was not read: it is a link to a place outside the repository\n",
                "  hint: ips reads only what the repository holds: put the folder itself in place of the link, or remove the link\n",
                "1 error, 0 warnings in 7 files\n",
            )
            .to_string(),
            String::new(),
            1
        )
    );
    // Named on the command line, it is outside the repository too.
    let (_, stderr, code) = validate(root, &["agencies/lakeshore"]);
    assert!(
        stderr.starts_with("error: agencies/lakeshore is outside the repository"),
        "{stderr}"
    );
    assert_eq!(code, 2);
}

// ---------------------------------------------------------------------------------------------
// 2. A FIFO hangs nothing: only regular files are read.

const FIFO_ACTIVITIES: &str = "agencies/riverbend/activities.csv: error[unreadable]: the file was not read: it is a FIFO (named pipe), not a regular file\n  hint: replace it with a regular file that holds the data, or remove it\n";
const FIFO_OUTCOMES: &str = "outcomes/2026-Q3/riverbend.csv: error[unreadable]: the file was not read: it is a FIFO (named pipe), not a regular file\n  hint: replace it with a regular file that holds the data, or remove it\n";

#[test]
fn a_fifo_is_an_unreadable_file_for_every_command() {
    let dir = example_copy();
    let root = dir.path();
    fifo(root, "agencies/riverbend/activities.csv");
    fifo(root, "outcomes/2026-Q3/riverbend.csv");
    let cases: [(&[&str], &str); 9] = [
        (&["validate"], FIFO_ACTIVITIES),
        (&["validate"], FIFO_OUTCOMES),
        (&["outcomes", "summarize"], FIFO_OUTCOMES),
        (&["outcomes", "export"], FIFO_OUTCOMES),
        (&["outcomes", "missing"], FIFO_OUTCOMES),
        (&["fidelity", "schedule"], FIFO_ACTIVITIES),
        (&["fidelity", "show", "riverbend"], FIFO_ACTIVITIES),
        (&["agreement", "status"], FIFO_ACTIVITIES),
        (&["agreement", "status", "riverbend"], FIFO_ACTIVITIES),
    ];
    for (args, finding) in cases {
        let (stdout, stderr, code) = output(ips(root).args(args).arg(AS_OF).timeout(TIMEOUT));
        assert_eq!(code, 1, "{args:?}: {stdout}{stderr}");
        assert!(
            stdout.contains(finding) || stderr.contains(finding),
            "{args:?}: {stdout}{stderr}"
        );
    }
}

#[test]
fn agreement_log_refuses_a_fifo_and_changes_nothing() {
    let dir = example_copy();
    let root = dir.path();
    fifo(root, "agencies/riverbend/activities.csv");
    let run = output(
        ips(root)
            .args([
                "agreement",
                "log",
                "riverbend",
                "employer-visit",
                "--date",
                "2026-01-05",
            ])
            .timeout(TIMEOUT),
    );
    assert_eq!(
        run,
        (
            String::new(),
            format!(
                "error: nothing was recorded: agencies/riverbend/activities.csv cannot be read\n{FIFO_ACTIVITIES}1 error, 0 warnings in 1 file\n"
            ),
            1
        )
    );
    let kind = std::fs::symlink_metadata(root.join("agencies/riverbend/activities.csv")).unwrap();
    assert!(!kind.is_file(), "the FIFO was replaced");
}

// ---------------------------------------------------------------------------------------------
// 3. Floods: bounded work, bounded output.

#[test]
fn a_header_of_a_million_commas_is_one_finding() {
    let dir = base();
    let root = dir.path();
    write(
        root,
        "outcomes/2024-Q1/riverbend.csv",
        format!("{}\nnorth,20,7\n", ",".repeat(1_000_000)),
    );
    assert_eq!(
        validate(root, &[]),
        (
            concat!(
                "outcomes/2024-Q1/riverbend.csv:1:1: error[csv-structure]: the header has 1000001 columns, more than the 64 ips reads: this is not a file of the format\n",
                "  hint: write the header line as: team,served,employed,education,job_starts\n",
                "1 error, 0 warnings in 9 files\n",
            )
            .to_string(),
            String::new(),
            1
        )
    );
}

/// A megabyte-long column name with an escape sequence in it: quoted short and escaped, at a
/// column counted in characters; the rows that do not fit the header are capped.
#[test]
fn a_long_column_name_is_quoted_short_and_escaped() {
    let dir = base();
    let root = dir.path();
    let name = format!("\u{1b}]0;owned\u{7}{}", "é".repeat(1_000_000));
    let rows = "north,20,7,1\n".repeat(30);
    write(
        root,
        "outcomes/2024-Q1/riverbend.csv",
        format!("team,served,employed,{name},job_starts\n{rows}"),
    );
    let (stdout, _, code) = validate(root, &[]);
    let lines: Vec<&str> = stdout.lines().collect();
    // 80 characters: ESC, `]0;owned`, BEL and 70 of the é.
    let excerpt = format!("\\u{{1b}}]0;owned\\u{{7}}{}…", "é".repeat(70));
    assert_eq!(
        lines[..7],
        [
            "outcomes/2024-Q1/riverbend.csv:1:22: warning[control-character]: the control character U+001B (escape) is in the text here",
            CONTROL_HINT,
            &format!(
                "outcomes/2024-Q1/riverbend.csv:1:22: error[unknown-column]: unknown column `{excerpt}`"
            ),
            "  hint: remove the column; the allowed columns are team,served,employed,education,job_starts (never commit names or other personal data)",
            "outcomes/2024-Q1/riverbend.csv:1:31: warning[control-character]: the control character U+0007 (bell) is in the text here",
            CONTROL_HINT,
            "outcomes/2024-Q1/riverbend.csv:2:1: error[csv-structure]: this row has 4 fields but the header has 5",
        ]
    );
    assert_eq!(
        lines[7],
        format!(
            "  hint: give every row one value per header column (team,served,employed,{excerpt},job_starts); leave an optional value empty, but keep its comma"
        )
    );
    assert_eq!(
        &lines[lines.len() - 3..],
        [
            "outcomes/2024-Q1/riverbend.csv: error[csv-structure]: 5 more `csv-structure` findings in this file are not shown",
            "  hint: fix the first 25 above and run it again; the rest are likely the same mistake",
            "31 errors, 2 warnings in 9 files",
        ]
    );
    assert!(!stdout.contains('\u{1b}'));
    assert_eq!(code, 1);
}

/// A sparse outcome file of 2 GB, and an agency.toml of 2 MiB (TOML has the lower limit, since
/// its parser's tree takes many times the file's size).
#[test]
fn a_sparse_file_of_two_gigabytes_is_not_read() {
    let dir = base();
    let root = dir.path();
    let file = std::fs::File::create(root.join("outcomes/2024-Q1/riverbend.csv")).unwrap();
    file.set_len(2 << 30).unwrap();
    let file = std::fs::File::create(root.join("agencies/lakeshore/agency.toml")).unwrap();
    file.set_len(2 << 20).unwrap();
    assert_eq!(
        validate(root, &[]),
        (
            concat!(
                "agencies/lakeshore/agency.toml: error[file-too-large]: the file was not read: it is 2 MiB, more than the 1 MiB a TOML file may be\n",
                "  hint: a data file of the format is a few kilobytes: this one is something else (a pasted export?); remove it, or move it out of the repository\n",
                "outcomes/2024-Q1/riverbend.csv: error[file-too-large]: the file was not read: it is 2.0 GiB, more than the 16 MiB a data file may be\n",
                "  hint: a data file of the format is a few kilobytes: this one is something else (a pasted export?); remove it, or move it out of the repository\n",
                "2 errors, 0 warnings in 8 files\n",
            )
            .to_string(),
            String::new(),
            1
        )
    );
}

#[test]
fn three_hundred_thousand_duplicate_rows_print_a_bounded_list() {
    let dir = base();
    let root = dir.path();
    write(
        root,
        "outcomes/2024-Q1/riverbend.csv",
        format!("team,served,employed\n{}", "north,20,7\n".repeat(300_001)),
    );
    let (stdout, _, code) = validate(root, &[]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 25 * 2 + 2 + 1, "{stdout}");
    assert_eq!(
        lines[0],
        "outcomes/2024-Q1/riverbend.csv:3:1: error[duplicate-row]: team `north` already has a row on line 2"
    );
    assert_eq!(
        &lines[50..],
        [
            "outcomes/2024-Q1/riverbend.csv: error[duplicate-row]: 299975 more `duplicate-row` findings in this file are not shown",
            "  hint: fix the first 25 above and run it again; the rest are likely the same mistake",
            "300000 errors, 0 warnings in 9 files",
        ]
    );
    assert_eq!(code, 1);
}

/// 10,000 teams declared (an agency.toml of 770 KB, under the 1 MiB limit) and reported by
/// nobody: the warnings of each file are capped, and the hint that lists the agency's teams
/// lists twenty.
#[test]
fn ten_thousand_unreported_teams_print_a_bounded_list() {
    let dir = base();
    let root = dir.path();
    let teams: String = (0..10_000)
        .map(|n| {
            format!("[[teams]]\nid = \"t{n}\"\nsupervisor = \"S\"\nlocation = \"L\"\nopened = 2024-01-01\n\n")
        })
        .collect();
    edit(
        root,
        "agencies/riverbend/agency.toml",
        "[agreement]",
        &format!("{teams}[agreement]"),
    );
    edit(
        root,
        "outcomes/2024-Q1/riverbend.csv",
        "north,20,7,2,3\n",
        "north,20,7,2,3\nnowhere,1,1,,\n",
    );
    let (stdout, _, code) = validate(root, &[]);
    assert!(stdout.len() < 20_000, "{} bytes", stdout.len());
    assert!(
        stdout.contains(
            "outcomes/2024-Q1/riverbend.csv:3:1: error[unknown-team]: agency `riverbend` has no team `nowhere`\n  hint: its teams are: north, south, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, t16, t17 and 9982 more; add new teams under [[teams]] in agencies/riverbend/agency.toml\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains(
        "outcomes/2024-Q2/riverbend.csv: warning[team-not-reported]: 9975 more `team-not-reported` findings in this file are not shown\n"
    ));
    assert!(
        stdout.ends_with("1 error, 10000 warnings in 9 files\n"),
        "{stdout}"
    );
    assert_eq!(code, 1);
}

// ---------------------------------------------------------------------------------------------
// 4. Text from the data reaches no output raw: no formula in CSV, no split Markdown row, no
// escape sequence on a terminal.

/// A review whose reviewers are a spreadsheet formula and a name with a line break and an
/// escape sequence that would retitle the terminal; neither signed confidentiality.
fn hostile_reviewers() -> TempDir {
    let dir = example_copy();
    edit(
        dir.path(),
        "agencies/riverbend/fidelity/2023-05-16.toml",
        r#"reviewers = ["Marcia Feldman", "Tom Okafor"]"#,
        r#"reviewers = ["=HYPERLINK(\"http://evil.example/\",\"Marcia\")", "Tom\nOkafor\u001b]0;owned\u0007"]"#,
    );
    dir
}

fn status_of_the_review(root: &Path, format: &str) -> String {
    let (stdout, stderr, code) = output(
        ips(root)
            .args([
                "agreement",
                "status",
                "riverbend",
                AS_OF,
                "--format",
                format,
            ])
            .timeout(TIMEOUT),
    );
    assert_eq!((stderr.as_str(), code), ("", 0), "{stdout}");
    stdout
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_start_with_a_quote() {
    let dir = hostile_reviewers();
    let csv = status_of_the_review(dir.path(), "csv");
    assert!(
        csv.contains(concat!(
            "riverbend,confidentiality,review 2023-05-16,missed,2023-05-16,,,",
            "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"Marcia\"\") has not signed, Tom\nOkafor\u{1b}]0;owned\u{7} has not signed\",",
            "Riverbend Community Mental Health\n"
        )),
        "{csv}"
    );
    // Numbers and dates are not touched.
    assert!(csv.contains(
        "riverbend,training-es,,met,2024-02-29,,\"3.5 days: 2023-03-14 (2), 2023-04-11 (1.5)\",,Riverbend Community Mental Health\n"
    ));
}

#[test]
fn markdown_and_terminal_tables_escape_line_breaks_and_escape_sequences() {
    let dir = hostile_reviewers();
    let markdown = status_of_the_review(dir.path(), "markdown");
    assert!(
        markdown.contains(
            "| riverbend | confidentiality | review 2023-05-16 | missed | 2023-05-16 |  |  | =HYPERLINK(\"http\\://evil.example/\",\"Marcia\") has not signed, Tom\\\\nOkafor\\\\u{1b}\\]0;owned\\\\u{7} has not signed | Riverbend Community Mental Health |\n"
        ),
        "{markdown}"
    );
    let table = status_of_the_review(dir.path(), "table");
    assert!(!table.contains(['\u{1b}', '\u{7}']));
    assert!(table.contains("Tom\\nOkafor\\u{1b}]0;owned\\u{7} has not signed"));
}

#[test]
fn validate_warns_about_control_characters_in_text_values() {
    let dir = hostile_reviewers();
    let root = dir.path();
    edit(
        root,
        "agencies/riverbend/activities.csv",
        "2023-03-14,training-es,2,\"employment",
        "2023-03-14,training-es,2,\"pasted\u{1b}[31m employment",
    );
    let (stdout, _, code) = validate(root, &[]);
    assert_eq!(
        stdout,
        concat!(
            "agencies/riverbend/activities.csv:3:33: warning[control-character]: the control character U+001B (escape) is in the text here\n",
            "  hint: retype the value without it (it often comes with a copy and paste: paste as plain text)\n",
            "agencies/riverbend/fidelity/2023-05-16.toml:4:65: warning[control-character]: this text holds the control character U+001B (escape): \"Tom\\nOkafor\\u{1b}]0;owned\\u{7}\"\n",
            "  hint: retype it without the character (it often comes with a copy and paste: paste as plain text)\n",
            "0 errors, 2 warnings in 119 files\n",
        )
    );
    assert_eq!(code, 0);
    let (_, _, strict) = validate(root, &["--strict"]);
    assert_eq!(strict, 1);
}

/// An agency id given on the command line is echoed in the error, escaped.
#[test]
fn error_messages_escape_what_they_quote() {
    let dir = example_copy();
    let (stdout, stderr, code) = run_ips(dir.path(), &["agreement", "status", "\u{1b}[2Jx", AS_OF]);
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("\\u{1b}[2Jx"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// 5. `agreement log` writes through no link and takes over no file it may not write.

const LOG_VISIT: [&str; 6] = [
    "agreement",
    "log",
    "riverbend",
    "employer-visit",
    "--date",
    "2026-01-05",
];

/// The names in a folder, hidden ones too, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn agreement_log_refuses_a_linked_activities_csv_and_changes_nothing() {
    let dir = example_copy();
    let root = dir.path();
    let folder = root.join("agencies/riverbend");
    std::fs::rename(folder.join("activities.csv"), folder.join(".kept.csv")).unwrap();
    symlink(".kept.csv", folder.join("activities.csv")).unwrap();
    let before = read(root, "agencies/riverbend/.kept.csv");
    let (stdout, stderr, code) = output(ips(root).args(LOG_VISIT).timeout(TIMEOUT));
    assert_eq!(
        (stdout.as_str(), stderr, code),
        (
            "",
            format!(
                "error: {} is a link: ips replaces only regular files, so nothing was written\n  hint: put the file itself in place of the link (or edit the file it points to by hand), then run the command again\n",
                folder.join("activities.csv").display()
            ),
            2
        )
    );
    assert_eq!(
        std::fs::read_link(folder.join("activities.csv")).unwrap(),
        Path::new(".kept.csv")
    );
    assert_eq!(read(root, "agencies/riverbend/.kept.csv"), before);
    assert_eq!(
        names_in(&folder),
        [".kept.csv", "activities.csv", "agency.toml", "fidelity"]
    );
}

#[test]
fn agreement_log_refuses_a_link_to_nothing() {
    let dir = example_copy();
    let root = dir.path();
    let folder = root.join("agencies/riverbend");
    std::fs::remove_file(folder.join("activities.csv")).unwrap();
    symlink("gone.csv", folder.join("activities.csv")).unwrap();
    let run = output(ips(root).args(LOG_VISIT).timeout(TIMEOUT));
    assert_eq!(
        run,
        (
            String::new(),
            "error: nothing was recorded: agencies/riverbend/activities.csv is a link to nothing\n  hint: remove the link (ips writes a new activities.csv then), or restore the file it points to\n".to_string(),
            2
        )
    );
    assert_eq!(
        names_in(&folder),
        ["activities.csv", "agency.toml", "fidelity"]
    );
}

#[test]
fn agreement_log_refuses_a_read_only_activities_csv_and_changes_nothing() {
    let dir = example_copy();
    let root = dir.path();
    let file = root.join("agencies/riverbend/activities.csv");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = read(root, "agencies/riverbend/activities.csv");
    let (stdout, stderr, code) = output(ips(root).args(LOG_VISIT).timeout(TIMEOUT));
    assert_eq!(
        (stdout.as_str(), stderr, code),
        (
            "",
            format!(
                "error: {} is read-only for you: nothing was written\n  hint: make it writable (chmod u+w), or ask its owner to; then run the command again\n",
                file.display()
            ),
            2
        )
    );
    assert_eq!(read(root, "agencies/riverbend/activities.csv"), before);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
}

/// Another user, who may write in the folder but not the file: replacing it would make the
/// file theirs.
#[test]
fn agreement_log_refuses_a_file_that_another_user_may_not_write() {
    let dir = example_copy();
    let root = dir.path();
    readable_by_all(root);
    let folder = root.join("agencies/riverbend");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o777)).unwrap();
    let before = read(root, "agencies/riverbend/activities.csv");
    let Some((stdout, stderr, code)) = run_as_another_user(root, &LOG_VISIT) else {
        eprintln!("skipped: no way to run as another user");
        return;
    };
    if !is_root() {
        // Run as the files' owner, who may write the file: nothing to refuse.
        return;
    }
    assert_eq!(stdout, "");
    assert!(
        stderr.ends_with("activities.csv is read-only for you: nothing was written\n  hint: make it writable (chmod u+w), or ask its owner to; then run the command again\n"),
        "{stderr}"
    );
    assert_eq!(code, 2);
    assert_eq!(read(root, "agencies/riverbend/activities.csv"), before);
    assert_eq!(
        names_in(&folder),
        ["activities.csv", "agency.toml", "fidelity"]
    );
}

// ---------------------------------------------------------------------------------------------
// 6. Leftovers of a write that was killed are seen, and the next write removes them.

#[test]
fn the_next_write_removes_the_leftovers_of_a_killed_one() {
    let dir = example_copy();
    let root = dir.path();
    let folder = root.join("agencies/riverbend");
    write(
        root,
        "agencies/riverbend/.activities.csv.ips-Kil1ed.tmp",
        "date,kind,days,note\n",
    );
    let (stdout, _, code) = validate(root, &[]);
    assert!(stdout.contains("warning[leftover-temporary]"), "{stdout}");
    assert_eq!(code, 0);
    let (stdout, stderr, code) = output(ips(root).args(LOG_VISIT).timeout(TIMEOUT));
    assert_eq!((stderr.as_str(), code), ("", 0), "{stdout}");
    assert_eq!(
        names_in(&folder),
        ["activities.csv", "agency.toml", "fidelity"]
    );
    assert_eq!(
        validate(root, &[]).0,
        "ok: 119 files checked, no problems found\n"
    );
}

/// Moves `relative` of `root` into `outside` and puts a link to it in its place.
fn link_out(root: &Path, relative: &str, outside: &Path) -> std::path::PathBuf {
    let target = outside.join(relative.replace('/', "-"));
    std::fs::rename(root.join(relative), &target).unwrap();
    symlink(&target, root.join(relative)).unwrap();
    target
}

fn written_through_a_link(root: &Path, link: &str) -> String {
    format!(
        "error: {link} is a link: ips writes nothing through a link in the repository {}, so nothing was written\n  \
         hint: put the folder itself in place of the link (remove the link, then move the folder it points to there), then run the command again\n",
        root.display()
    )
}

/// Every write refuses a linked folder anywhere below the repository's own folder, as every
/// read does, and writes nothing behind it.
#[test]
fn writes_refuse_a_linked_folder_in_the_repository() {
    let outside = TempDir::new().unwrap();
    let dir = example_copy();
    let root = dir.path();
    let fidelity = link_out(root, "agencies/riverbend/fidelity", outside.path());
    let before = names_in(&fidelity);
    assert_eq!(
        output(ips(root).args(["fidelity", "new", "riverbend", "--date", "2026-11-01"])),
        (
            String::new(),
            written_through_a_link(root, "agencies/riverbend/fidelity"),
            2
        )
    );
    assert_eq!(names_in(&fidelity), before);

    let quarter = link_out(root, "outcomes/2026-Q3", outside.path());
    std::fs::remove_file(quarter.join("riverbend.csv")).unwrap();
    let before = names_in(&quarter);
    let new_outcomes = [
        "outcomes",
        "new",
        "--agency",
        "riverbend",
        "--quarter",
        "2026-Q3",
    ];
    assert_eq!(
        output(ips(root).args(new_outcomes)),
        (
            String::new(),
            written_through_a_link(root, "outcomes/2026-Q3"),
            2
        )
    );
    assert_eq!(names_in(&quarter), before);

    // A link that stays inside the repository is read, but not written through: the activity
    // log, written in turns under its folder's lock.
    let log = read(root, "agencies/riverbend/activities.csv");
    std::fs::rename(root.join("agencies/riverbend"), root.join(".riverbend")).unwrap();
    symlink("../.riverbend", root.join("agencies/riverbend")).unwrap();
    assert_eq!(
        output(ips(root).args(LOG_VISIT)),
        (
            String::new(),
            written_through_a_link(root, "agencies/riverbend"),
            2
        )
    );
    assert_eq!(read(root, ".riverbend/activities.csv"), log);
    let agencies = link_out(root, "agencies", outside.path());
    let before = names_in(&agencies);
    assert_eq!(
        output(ips(root).args(["agency", "new", "northgate", "--jurisdiction", "oh"])),
        (String::new(), written_through_a_link(root, "agencies"), 2)
    );
    assert_eq!(names_in(&agencies), before);
}

// ---------------------------------------------------------------------------------------------
// 7. A write that fails part way (here a file-size limit, as a full disk would) leaves nothing,
// and a retry works.

/// `ips args...` in `dir` with a file-size limit of 512 bytes: every data file ips writes is
/// larger, so the write fails part way. Without SIGXFSZ ignored, ips would be killed there.
fn run_with_a_file_size_limit(dir: &Path, args: &[&str]) -> Run {
    let mut command = assert_cmd::Command::new("/bin/sh");
    command
        .arg("-c")
        .arg("ulimit -f 1 && exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("ips"))
        .args(args)
        .current_dir(dir)
        .env_remove("IPS_REPO")
        .timeout(TIMEOUT);
    output(&mut command)
}

#[test]
fn a_write_that_fails_part_way_leaves_nothing_and_a_retry_works() {
    let dir = example_copy();
    let root = dir.path();
    let fidelity = root.join("agencies/riverbend/fidelity");
    let before = names_in(&fidelity);
    let new_review = ["fidelity", "new", "riverbend", "--date", "2026-11-20"];
    let (stdout, stderr, code) = run_with_a_file_size_limit(root, &new_review);
    assert_eq!(
        (stdout.as_str(), stderr, code),
        (
            "",
            format!(
                "error: cannot write {}: File too large (os error 27)\n",
                fidelity.join("2026-11-20.toml").display()
            ),
            2
        )
    );
    assert_eq!(names_in(&fidelity), before);
    let (stdout, _, code) = output(ips(root).args(new_review).timeout(TIMEOUT));
    assert!(
        stdout.starts_with("created agencies/riverbend/fidelity/2026-11-20.toml"),
        "{stdout}"
    );
    assert_eq!(code, 0);

    let new_agency = ["agency", "new", "northgate", "--jurisdiction", "oh"];
    let (_, stderr, code) = run_with_a_file_size_limit(root, &new_agency);
    assert!(stderr.contains("File too large"), "{stderr}");
    assert_eq!(code, 2);
    assert!(
        !root.join("agencies/northgate").exists(),
        "the agency's folder is left"
    );
    let (stdout, _, code) = output(ips(root).args(new_agency).timeout(TIMEOUT));
    assert!(
        stdout.starts_with(
            "created agencies/northgate/agency.toml\ncreated agencies/northgate/activities.csv\n"
        ),
        "{stdout}"
    );
    assert_eq!(code, 0);

    let log = read(root, "agencies/riverbend/activities.csv");
    let (_, stderr, code) = run_with_a_file_size_limit(root, &LOG_VISIT);
    assert!(stderr.contains("File too large"), "{stderr}");
    assert_eq!(code, 2);
    assert_eq!(read(root, "agencies/riverbend/activities.csv"), log);
    assert_eq!(
        names_in(&root.join("agencies/riverbend")),
        ["activities.csv", "agency.toml", "fidelity"]
    );
    let (stdout, _, code) = output(ips(root).args(LOG_VISIT).timeout(TIMEOUT));
    assert!(
        stdout.starts_with("recorded in agencies/riverbend/activities.csv"),
        "{stdout}"
    );
    assert_eq!(code, 0);
}

#[test]
fn validate_warns_about_temporary_files_of_interrupted_writes() {
    let dir = base();
    let root = dir.path();
    write(
        root,
        "agencies/riverbend/.activities.csv.ips-a1B2c3.tmp",
        "date,kind\n",
    );
    write(
        root,
        "agencies/riverbend/fidelity/.2024-08-01.toml.ips-Zz09aB.tmp",
        "",
    );
    write(
        root,
        "outcomes/2024-Q1/.lakeshore.csv.ips-000000.tmp",
        "team",
    );
    write(root, ".ips.toml.ips-i1n2i3.tmp", "format = 1\n");
    // Hidden files of other names are ignored, as ever.
    write(root, "agencies/riverbend/.activities.csv.swp", "");
    write(root, "outcomes/2024-Q1/.lakeshore.csv.ips-toolong1.tmp", "");
    assert_eq!(
        validate(root, &[]),
        (
            concat!(
                ".ips.toml.ips-i1n2i3.tmp: warning[leftover-temporary]: a temporary file of an interrupted ips write of ips.toml: its content was never recorded\n",
                "  hint: delete it (the next ips write in this folder does); check that ips.toml holds what it should\n",
                "agencies/riverbend/.activities.csv.ips-a1B2c3.tmp: warning[leftover-temporary]: a temporary file of an interrupted ips write of activities.csv: its content was never recorded\n",
                "  hint: delete it (the next ips write in this folder does); check that activities.csv holds what it should\n",
                "agencies/riverbend/fidelity/.2024-08-01.toml.ips-Zz09aB.tmp: warning[leftover-temporary]: a temporary file of an interrupted ips write of 2024-08-01.toml: its content was never recorded\n",
                "  hint: delete it (the next ips write in this folder does); check that 2024-08-01.toml holds what it should\n",
                "outcomes/2024-Q1/.lakeshore.csv.ips-000000.tmp: warning[leftover-temporary]: a temporary file of an interrupted ips write of lakeshore.csv: its content was never recorded\n",
                "  hint: delete it (the next ips write in this folder does); check that lakeshore.csv holds what it should\n",
                "0 errors, 4 warnings in 9 files\n",
            )
            .to_string(),
            String::new(),
            0
        )
    );
}

// ---------------------------------------------------------------------------------------------
// 8. A folder that cannot be listed is one finding; every other file is still checked.

#[test]
fn an_unlistable_folder_is_a_finding_and_the_rest_is_checked() {
    let dir = base();
    let root = dir.path();
    readable_by_all(root);
    // Broken on purpose elsewhere, to show that the rest is checked.
    edit(
        root,
        "outcomes/2024-Q2/lakeshore.csv",
        "main,15,6",
        "main,15,16",
    );
    for folder in ["agencies/riverbend/fidelity", "outcomes/2024-Q1"] {
        std::fs::set_permissions(root.join(folder), std::fs::Permissions::from_mode(0o300))
            .unwrap();
    }
    let Some(run) = run_as_another_user(root, &["validate", AS_OF]) else {
        eprintln!("skipped: no way to run as a user who cannot list the folder");
        return;
    };
    assert_eq!(
        run,
        (
            concat!(
                "agencies/riverbend/fidelity: error[unreadable]: cannot list the folder: Permission denied (os error 13)\n",
                "  hint: make the folder readable and searchable (chmod a+rx), or remove it\n",
                "outcomes/2024-Q1: error[unreadable]: cannot list the folder: Permission denied (os error 13)\n",
                "  hint: make the folder readable and searchable (chmod a+rx), or remove it\n",
                "outcomes/2024-Q2/lakeshore.csv:2:9: error[employed-exceeds-served]: employed (16) is greater than served (15)\n",
                "  hint: employed counts people among those served in the quarter: check both numbers\n",
                "3 errors, 0 warnings in 7 files\n",
            )
            .to_string(),
            String::new(),
            1
        )
    );
}

#[test]
fn an_unlistable_agencies_folder_is_one_finding_not_one_per_outcome_file() {
    let dir = base();
    let root = dir.path();
    readable_by_all(root);
    std::fs::set_permissions(
        root.join("agencies"),
        std::fs::Permissions::from_mode(0o300),
    )
    .unwrap();
    let Some(run) = run_as_another_user(root, &["validate", AS_OF]) else {
        eprintln!("skipped: no way to run as a user who cannot list the folder");
        return;
    };
    assert_eq!(
        run,
        (
            concat!(
                "agencies: error[unreadable]: cannot list the folder: Permission denied (os error 13)\n",
                "  hint: make the folder readable and searchable (chmod a+rx), or remove it\n",
                "1 error, 0 warnings in 4 files\n",
            )
            .to_string(),
            String::new(),
            1
        )
    );
}

// ---------------------------------------------------------------------------------------------
// 9. `ips init` over a link to nothing refuses, rather than "keep" a file that is not there.

#[test]
fn init_refuses_a_dangling_ips_toml_link_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let repo = dir.path().join("ohio-ips");
    std::fs::create_dir(&repo).unwrap();
    symlink("../nowhere/ips.toml", repo.join("ips.toml")).unwrap();
    let (stdout, stderr, code) = run_ips(dir.path(), &["init", "ohio-ips"]);
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            "",
            "error: ohio-ips/ips.toml is a link to ../nowhere/ips.toml, which does not exist: nothing was written\n  hint: remove the link (or restore what it points to), then run `ips init ohio-ips` again\n",
            2
        )
    );
    assert_eq!(names_in(&repo), ["ips.toml"]);
}

/// A command that writes several files writes all or nothing: `ips man DIR` and `ips init DIR`
/// stopped by a file-size limit leave no file (nor DIR), so that a retry works.
#[test]
fn man_and_init_stopped_part_way_leave_nothing_and_a_retry_works() {
    let dir = TempDir::new().unwrap();
    let man = dir.path().join("man");
    assert_eq!(
        run_with_a_file_size_limit(dir.path(), &["man", "man"]),
        (
            String::new(),
            "error: cannot write man/ips.1: File too large (os error 27)\n".to_string(),
            2
        )
    );
    assert!(!man.exists(), "{:?}", names_in(&man));
    let (stdout, stderr, code) = run_ips(dir.path(), &["man", "man"]);
    assert_eq!(
        (
            stdout.starts_with("wrote 32 man pages to man"),
            stderr.as_str(),
            code
        ),
        (true, "", 0),
        "{stdout}"
    );

    let data = dir.path().join("data");
    assert_eq!(
        run_with_a_file_size_limit(dir.path(), &["init", "data"]),
        (
            String::new(),
            "error: cannot write data/ips.toml: File too large (os error 27)\n".to_string(),
            2
        )
    );
    assert!(!data.exists(), "{:?}", names_in(&data));
    let (stdout, stderr, code) = run_ips(dir.path(), &["init", "data"]);
    assert!(
        stdout.starts_with("created data/ips.toml\ncreated data/README.md\ncreated data/agencies/.gitkeep\ncreated data/outcomes/.gitkeep\n"),
        "{stdout}"
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
}

/// `report --out DIR --force` over a folder one of whose files it may not replace refuses
/// before it replaces any.
#[test]
fn a_report_folder_with_a_read_only_chart_is_not_half_replaced() {
    let dir = example_copy();
    let root = dir.path();
    let out = TempDir::new().unwrap();
    let folder = out.path().join("report");
    let report = |as_of: &str| {
        run_ips(
            root,
            &[
                "report",
                "--format",
                "markdown",
                "--out",
                folder.to_str().unwrap(),
                "--force",
                as_of,
            ],
        )
    };
    let (_, stderr, code) = report("--as-of=2026-11-24");
    assert_eq!((stderr.starts_with("wrote "), code), (true, 0), "{stderr}");
    let before: Vec<(String, String)> = names_in(&folder)
        .into_iter()
        .map(|name| (read(&folder, &name), name))
        .collect();
    let served = folder.join("served.svg");
    std::fs::set_permissions(&served, std::fs::Permissions::from_mode(0o444)).unwrap();
    assert_eq!(
        report("--as-of=2027-02-24"),
        (
            String::new(),
            format!(
                "error: {} is read-only for you: nothing was written\n  hint: make it writable (chmod u+w), or ask its owner to; then run the command again\n",
                served.display()
            ),
            2
        )
    );
    let after: Vec<(String, String)> = names_in(&folder)
        .into_iter()
        .map(|name| (read(&folder, &name), name))
        .collect();
    assert_eq!(after, before);
}

/// A name in a Markdown table is text, never a live link, an image or HTML (issue 19, item 5):
/// every table escapes its cells as the report's Markdown does.
#[test]
fn markdown_tables_escape_links_images_and_html_in_names() {
    let dir = example_copy();
    let root = dir.path();
    edit(
        root,
        "agencies/riverbend/agency.toml",
        r#"name = "Riverbend Community Mental Health""#,
        r#"name = "[Pay here](https://evil.example) ![x](www.evil.example/a.png) <img src=x>""#,
    );
    let escaped =
        r"\[Pay here\](https\://evil.example) \!\[x\](www\.evil.example/a.png) &lt;img src=x&gt;";
    let commands: [&[&str]; 4] = [
        &["agency", "list"],
        &["outcomes", "summarize", "--by", "agency"],
        &["fidelity", "schedule"],
        &["agreement", "status", "riverbend"],
    ];
    for command in commands {
        let (stdout, _, code) = output(
            ips(root)
                .args(command)
                .args([AS_OF, "--format", "markdown"])
                .timeout(TIMEOUT),
        );
        assert_eq!(code, 0, "{command:?}");
        let row = stdout
            .lines()
            .find(|line| line.starts_with("| riverbend |"))
            .unwrap_or_else(|| panic!("{command:?}: {stdout}"));
        assert!(
            row.contains(&format!("| {escaped} |")),
            "{command:?}: {row}"
        );
        assert!(
            !row.replace("\\](", "").contains("](") && !row.contains("<img"),
            "{command:?}: {row}"
        );
    }
}
