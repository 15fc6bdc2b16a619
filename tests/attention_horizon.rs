//! `ips attention`'s horizon and superseded items, on copies of the example repository.
//!
//! - The horizon: by default the list holds what fell due on or after the day 12 calendar
//!   months before `--as-of` (and what falls due within `--within` days); a closing note counts
//!   what is older. `--all` lists everything, `--since DATE` from DATE on.
//! - Superseded: the improvement plan (`fidelity-plan`) of a review that a later review
//!   followed, and its steps (`plan-step`), are never listed, not even with `--all`.
//!
//! tri-city-pathways has nothing to do in the example on these dates; without its 2025-Q3 and
//! 2025-Q4 outcome files (due the day after each quarter: 2025-10-01 and 2026-01-01), those two
//! files are its only items.

mod common;

use common::*;
use std::path::Path;
use tempfile::TempDir;

const HEADER: &str =
    "due,days,status,agency,jurisdiction,item,period,missing,agency_name,jurisdiction_name\n";

/// The example without tri-city-pathways' 2025-Q3 and 2025-Q4 outcome files.
fn two_files_missing() -> TempDir {
    let repo = example_copy();
    for quarter in ["2025-Q3", "2025-Q4"] {
        let file = repo
            .path()
            .join(format!("outcomes/{quarter}/tri-city-pathways.csv"));
        std::fs::remove_file(&file).expect("the example has the file");
    }
    repo
}

fn tri_city(repo: &Path, as_of: &str, args: &[&str]) -> Run {
    let base = [
        "attention",
        "--agency",
        "tri-city-pathways",
        "--as-of",
        as_of,
        "--format",
        "csv",
    ];
    run_in_repo(repo, &[&base[..], args].concat())
}

/// The row of tri-city's missing file of `quarter`, due `due`, `days` before `--as-of`.
fn file_row(quarter: &str, due: &str, days: i64) -> String {
    format!(
        "{due},-{days},overdue,tri-city-pathways,alameda,outcomes-reported,{quarter},outcomes/{quarter}/tri-city-pathways.csv,Tri-City Pathways,Alameda County\n"
    )
}

#[test]
fn an_item_due_13_months_ago_is_counted_in_the_note_and_one_due_10_months_ago_listed() {
    let repo = two_files_missing();
    // 2026-11-01: the list reaches back to 2025-11-01. The 2025-Q3 file fell due 13 months
    // (396 days) before, the 2025-Q4 file 10 months (304 days) before.
    assert_run(
        tri_city(repo.path(), "2026-11-01", &[]),
        &format!("{HEADER}{}", file_row("2025-Q4", "2026-01-01", 304)),
        "note: 1 older item (due before 2025-11-01) is not listed
  hint: --all lists it, --since DATE from a date
",
        0,
    );
    // --all lists both, and there is nothing older to count.
    let both = format!(
        "{HEADER}{}{}",
        file_row("2025-Q3", "2025-10-01", 396),
        file_row("2025-Q4", "2026-01-01", 304)
    );
    assert_run(
        tri_city(repo.path(), "2026-11-01", &["--all"]),
        &both,
        "",
        0,
    );
    // On 2026-12-01 the year back starts at 2025-12-01: the 2025-Q4 file (due 2026-01-01) is
    // listed, the 2025-Q3 file (due 2025-10-01) is older.
    assert_run(
        tri_city(repo.path(), "2026-12-01", &[]),
        &format!("{HEADER}{}", file_row("2025-Q4", "2026-01-01", 334)),
        "note: 1 older item (due before 2025-12-01) is not listed
  hint: --all lists it, --since DATE from a date
",
        0,
    );
}

#[test]
fn the_year_back_includes_its_first_day() {
    let repo = two_files_missing();
    // On 2026-10-01 the list reaches back to 2025-10-01, the day the 2025-Q3 file fell due.
    assert_run(
        tri_city(repo.path(), "2026-10-01", &[]),
        &format!(
            "{HEADER}{}{}",
            file_row("2025-Q3", "2025-10-01", 365),
            file_row("2025-Q4", "2026-01-01", 273)
        ),
        "",
        0,
    );
    // A day later it is older.
    assert_run(
        tri_city(repo.path(), "2026-10-02", &[]),
        &format!("{HEADER}{}", file_row("2025-Q4", "2026-01-01", 274)),
        "note: 1 older item (due before 2025-10-02) is not listed
  hint: --all lists it, --since DATE from a date
",
        0,
    );
}

#[test]
fn since_lists_from_its_date_on() {
    let repo = two_files_missing();
    // A due date equal to --since is listed.
    assert_run(
        tri_city(repo.path(), "2026-11-01", &["--since", "2025-10-01"]),
        &format!(
            "{HEADER}{}{}",
            file_row("2025-Q3", "2025-10-01", 396),
            file_row("2025-Q4", "2026-01-01", 304)
        ),
        "",
        0,
    );
    assert_run(
        tri_city(repo.path(), "2026-11-01", &["--since", "2025-10-02"]),
        &format!("{HEADER}{}", file_row("2025-Q4", "2026-01-01", 304)),
        "note: 1 older item (due before 2025-10-02) is not listed
  hint: --all lists it, --since DATE from a date
",
        0,
    );
    // Nothing since --as-of: a note says so, and counts the two older files.
    assert_run(
        run_in_repo(
            repo.path(),
            &[
                "attention",
                "--agency",
                "tri-city-pathways",
                "--as-of",
                "2026-11-01",
                "--since",
                "2026-11-01",
            ],
        ),
        " due  status  agency  item  missing\n ───  ──────  ──────  ────  ───────\n (none)\n",
        "note: nothing due since 2026-11-01 needs attention as of 2026-11-01, looking 30 days ahead
note: 2 older items (due before 2026-11-01) are not listed
  hint: --all lists them, --since DATE from a date
",
        0,
    );
}

#[test]
fn since_after_as_of_is_refused_and_all_conflicts_with_since() {
    let repo = two_files_missing();
    assert_run(
        tri_city(repo.path(), "2026-11-01", &["--since", "2026-11-02"]),
        "",
        "error: --since 2026-11-02 is after --as-of 2026-11-01
  hint: --since reaches back: give a date on or before 2026-11-01 (--within DAYS looks ahead)
",
        2,
    );
    let (stdout, stderr, code) = tri_city(
        repo.path(),
        "2026-11-01",
        &["--all", "--since", "2025-01-01"],
    );
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert!(
        stderr.starts_with("error: the argument '--all' cannot be used with '--since <DATE>'\n"),
        "{stderr}"
    );
}

#[test]
fn fail_if_any_counts_what_is_listed() {
    let repo = two_files_missing();
    assert_run(
        tri_city(repo.path(), "2026-11-01", &["--fail-if-any"]),
        &format!("{HEADER}{}", file_row("2025-Q4", "2026-01-01", 304)),
        "note: 1 older item (due before 2025-11-01) is not listed
  hint: --all lists it, --since DATE from a date
error: 1 item needs attention (--fail-if-any)
",
        1,
    );
}

/// harbour-health's step "Train the specialists in employer needs interviews" of the plan
/// after its 2025-08-19 review, due 2025-12-15, is not done; lakeshore wrote no plan for its
/// 2026-02-10 review (due six weeks later, 2026-03-24). Both fell due within the year before
/// 2026-11-24, but later reviews (harbour-health's 2026-08-18, lakeshore's 2026-08-11)
/// superseded them.
fn superseded_repo() -> TempDir {
    let repo = example_copy();
    edit(
        repo.path(),
        "agencies/harbour-health/plans/2025-08-19.toml",
        "due = 2025-12-15\ndone = 2026-01-20\n",
        "due = 2025-12-15\n",
    );
    edit(
        repo.path(),
        "agencies/lakeshore/fidelity/2026-02-10.toml",
        "plan = 2026-03-17\n",
        "",
    );
    repo
}

fn agency(repo: &Path, agency: &str, as_of: &str, args: &[&str]) -> Run {
    let base = [
        "attention",
        "--agency",
        agency,
        "--as-of",
        as_of,
        "--format",
        "csv",
    ];
    run_in_repo(repo, &[&base[..], args].concat())
}

#[test]
fn a_plan_of_a_review_that_a_later_review_followed_is_never_listed() {
    let repo = superseded_repo();
    // The latest review's plan step (due 2026-11-15) and plan (due 2026-09-22) are listed;
    // the superseded ones are not, with --all either, and are not counted as older.
    let harbour_step = "2026-11-15,-9,overdue,harbour-health,nz,plan-step,plan 2026-08-18,Review shared cases with the VR counsellor in each unit meeting (Mere Tawhiri),Harbour Community Health,New Zealand\n";
    let lakeshore_plan = "2026-09-22,-63,overdue,lakeshore,oh,fidelity-plan,review 2026-08-11,a written improvement plan,Lakeshore Behavioral Health,Ohio\n";
    for args in [&[][..], &["--all"][..]] {
        assert_run(
            agency(repo.path(), "harbour-health", "2026-11-24", args),
            &format!("{HEADER}{harbour_step}"),
            "",
            0,
        );
        assert_run(
            agency(repo.path(), "lakeshore", "2026-11-24", args),
            &format!("{HEADER}{lakeshore_plan}"),
            "",
            0,
        );
    }
    // Before the later review, they are what is due.
    assert_run(
        agency(repo.path(), "harbour-health", "2026-08-17", &[]),
        &format!(
            "{HEADER}2025-12-15,-245,overdue,harbour-health,nz,plan-step,plan 2025-08-19,Train the specialists in employer needs interviews (Mere Tawhiri),Harbour Community Health,New Zealand\n\
2026-08-19,2,due-soon,harbour-health,nz,review,follow-up,follow-up; last 2025-08-19 scored 112 (good),Harbour Community Health,New Zealand\n"
        ),
        "",
        0,
    );
    assert_run(
        agency(repo.path(), "lakeshore", "2026-08-10", &[]),
        &format!(
            "{HEADER}2026-03-24,-139,overdue,lakeshore,oh,fidelity-plan,review 2026-02-10,a written improvement plan,Lakeshore Behavioral Health,Ohio\n\
2026-08-10,0,due-soon,lakeshore,oh,review,follow-up,follow-up; last 2026-02-10 scored 91 (fair),Lakeshore Behavioral Health,Ohio\n"
        ),
        "",
        0,
    );
}

#[test]
fn help_teaches_the_horizon_with_an_example_of_since() {
    let (stdout, stderr, code) = run_ips(&crate_dir(), &["attention", "--help"]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    // Help wraps its paragraphs to the terminal: compare with the lines joined.
    let text = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for taught in [
        "it holds what fell due in the last 12 months (on or after the day 12 calendar months \
         before --as-of: 2025-11-22 for 2026-11-22)",
        "Superseded items are never listed, not even with --all",
        "--all lists everything, --since DATE what fell due on or after DATE",
        "ips attention --since 2024-01-01 # what fell due since the start of 2024",
    ] {
        assert!(text.contains(taught), "{taught}:\n{stdout}");
    }
}

#[test]
fn markdown_and_json_hold_the_rows_of_the_horizon_and_the_note_goes_to_stderr() {
    let repo = two_files_missing();
    let run = |format: &str| {
        run_in_repo(
            repo.path(),
            &[
                "attention",
                "--agency",
                "tri-city-pathways",
                "--as-of",
                "2026-11-01",
                "--format",
                format,
            ],
        )
    };
    let note = "note: 1 older item (due before 2025-11-01) is not listed
  hint: --all lists it, --since DATE from a date
";
    assert_run(
        run("markdown"),
        "| due | days | status | agency | jurisdiction | item | period | missing | agency_name | jurisdiction_name |
| --- | ---: | --- | --- | --- | --- | --- | --- | --- | --- |
| 2026-01-01 | -304 | overdue | tri-city-pathways | alameda | outcomes-reported | 2025-Q4 | outcomes/2025-Q4/tri-city-pathways.csv | Tri-City Pathways | Alameda County |
",
        note,
        0,
    );
    let (stdout, stderr, code) = run("json");
    assert_eq!((stderr.as_str(), code), (note, 0));
    let document: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let dues: Vec<&str> = document["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| row["due"].as_str().expect("a due date"))
        .collect();
    assert_eq!(dues, ["2026-01-01"]);
    // The meta says where the list starts and what it left out, for a script that reads no
    // stderr; with --all it says neither.
    let meta = &document["meta"];
    assert_eq!(
        (&meta["listed_since"], &meta["older_not_listed"]),
        (&serde_json::json!("2025-11-01"), &serde_json::json!(1))
    );
    let all = run_in_repo(
        repo.path(),
        &[
            "attention",
            "--as-of",
            "2026-11-01",
            "--all",
            "--format",
            "json",
        ],
    );
    let all: serde_json::Value = serde_json::from_str(&all.0).expect("JSON");
    assert_eq!(
        (
            all["meta"].get("listed_since"),
            all["meta"].get("older_not_listed")
        ),
        (None, None)
    );
}
