//! `ips fidelity schedule | show | new`, run as a user runs them, on the example repository and
//! on tests/fixtures/fidelity/edges (month ends, a leap day, an agency with no review).
//!
//! Every figure asserted here was worked out from the data files, by hand or with
//! tests/fixtures/fidelity/expected.py (an independent reading of the rules), not copied from
//! the program's output.

mod common;

use common::{copy_to_temp, edit, example_copy, example_dir, read, run_in_repo, write};
use ips::fidelity::scale::ITEMS;
use serde::Deserialize;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-11-24";
const CSV_HEADER: &str = "agency,jurisdiction,last_review,kind,total,band,next_due,days_until_due,status,plan_due,plan_status,agency_name,jurisdiction_name,trainer\n";

/// Each agency's name and its jurisdiction's, as the example and the edges fixture write them.
/// The names that end a schedule row: the agency's and jurisdiction's, and the trainer's.
fn names_of(agency: &str) -> String {
    let trainer = match agency {
        "eastbay-wellness" | "tri-city-pathways" => "Kevin Nguyen",
        "ggz-noorderzon" => "Sanne de Vries",
        "harbour-health" => "Aroha Ngata",
        "lakeshore" | "riverbend" => "Beth Sandoval",
        "scioto-valley" => "Tom Okafor",
        _ => "",
    };
    let (name, jurisdiction) = names_and_jurisdiction_of(agency);
    format!("{name},{jurisdiction},{trainer}")
}

fn names_and_jurisdiction_of(agency: &str) -> (&'static str, &'static str) {
    match agency {
        "eastbay-wellness" => ("East Bay Wellness Center", "Alameda County"),
        "ggz-noorderzon" => ("GGZ Noorderzon", "Netherlands"),
        "harbour-health" => ("Harbour Community Health", "New Zealand"),
        "lakeshore" => ("Lakeshore Behavioral Health", "Ohio"),
        "riverbend" => ("Riverbend Community Mental Health", "Ohio"),
        "scioto-valley" => ("Scioto Valley Counseling Services", "Ohio"),
        "tri-city-pathways" => ("Tri-City Pathways", "Alameda County"),
        "augusta" => ("Augusta Behavioral Health", "Ohio"),
        "leapyear" => ("Leap Year Recovery", "New Zealand"),
        "newsite" => ("New Site Employment Services", "Ohio"),
        other => panic!("no names known for {other}"),
    }
}

/// CSV schedule rows with the agency's and jurisdiction's names and the trainer appended, as
/// the schedule ends each row.
fn named(rows: &str) -> String {
    rows.lines()
        .map(|row| {
            let names = names_of(row.split(',').next().unwrap());
            format!("{row},{names}\n")
        })
        .collect()
}

/// stdout of a run that must succeed with nothing on stderr.
fn ok(repo: &Path, args: &[&str]) -> String {
    let (stdout, stderr, code) = run_in_repo(repo, args);
    assert_eq!((stderr.as_str(), code), ("", 0), "ips {args:?}");
    stdout
}

/// stdout of `ips fidelity schedule args...`, which must succeed.
fn schedule(repo: &Path, args: &[&str]) -> String {
    ok(repo, &[&["fidelity", "schedule"], args].concat())
}

/// stdout of `ips fidelity show args...`, which must succeed.
fn show(repo: &Path, args: &[&str]) -> String {
    ok(repo, &[&["fidelity", "show"], args].concat())
}

fn edges() -> PathBuf {
    common::fixture("fidelity/edges")
}

/// The CSV schedule of one agency as of a date, without the header.
fn schedule_row(repo: &Path, agency: &str, as_of: &str) -> String {
    let csv = schedule(
        repo,
        &["--as-of", as_of, "--agency", agency, "--format", "csv"],
    );
    let row = csv
        .strip_prefix(CSV_HEADER)
        .unwrap_or_else(|| panic!("a CSV header: {csv}"));
    let names = names_of(agency);
    row.strip_suffix(&format!(",{names}\n"))
        .map(|row| format!("{row}\n"))
        .unwrap_or_else(|| panic!("the names end the row: {row}"))
}

/// Asserts `schedule_row` for each (agency, as-of date, expected row) case, in order.
fn assert_schedule_rows<E: AsRef<str>>(repo: &Path, cases: &[(&str, &str, E)]) {
    for (agency, as_of, expected) in cases {
        assert_eq!(
            schedule_row(repo, agency, as_of),
            expected.as_ref(),
            "{agency} as of {as_of}"
        );
    }
}

/// Asserts that each (args, stderr) case is refused as a usage error: exit code 2, nothing on
/// stdout and exactly that stderr.
fn assert_usage_errors(repo: &Path, cases: &[(&[&str], &str)]) {
    for (args, stderr) in cases {
        let (stdout, actual, code) = run_in_repo(repo, args);
        assert_eq!(
            (stdout.as_str(), actual.as_str(), code),
            ("", *stderr, 2),
            "ips {args:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// schedule

#[test]
fn schedule_of_the_example_sorted_by_due_date() {
    // ggz-noorderzon: 68 on 2025-08-26 is below good, so due 6 months later, 2026-02-26.
    // riverbend: 108 on 2025-12-09 is good, so due 2026-12-09, 15 days after 2026-11-24.
    // lakeshore: no plan for its 2026-08-11 review, due 6 weeks later (2026-09-22).
    // harbour-health and tri-city-pathways are both due 2027-08-18: by agency id.
    let expected = format!(
        "{CSV_HEADER}{}",
        named(
            "\
ggz-noorderzon,nl,2025-08-26,baseline,68,not-supported-employment,2026-02-26,-271,overdue,2025-10-07,written
riverbend,oh,2025-12-09,follow-up,108,good,2026-12-09,15,due-soon,2026-01-20,written
scioto-valley,oh,2026-08-04,follow-up,79,fair,2027-02-04,72,scheduled,2026-09-15,written
lakeshore,oh,2026-08-11,follow-up,95,fair,2027-02-11,79,scheduled,2026-09-22,overdue
eastbay-wellness,alameda,2026-05-19,follow-up,101,good,2027-05-19,176,scheduled,2026-06-30,written
harbour-health,nz,2026-08-18,follow-up,117,exemplary,2027-08-18,267,scheduled,2026-09-29,written
tri-city-pathways,alameda,2026-08-18,follow-up,100,good,2027-08-18,267,scheduled,2026-09-29,written
"
        )
    );
    let csv = schedule(&example_dir(), &["--as-of", TODAY, "--format", "csv"]);
    assert_eq!(csv, expected);
}

#[test]
fn schedule_as_a_table() {
    let table = schedule(&example_dir(), &["--as-of", TODAY, "--agency", "riverbend"]);
    let expected = "\
\x20agency     last_review  total  band  next_due    status    plan_status
 =========  ===========  =====  ====  ==========  ========  ===========
 riverbend  2025-12-09     108  good  2026-12-09  due-soon  written
"
    .replace('=', "─");
    assert_eq!(table, expected);
    // --wide shows every field, the names too.
    let wide = schedule(
        &example_dir(),
        &["--as-of", TODAY, "--agency", "riverbend", "--wide"],
    );
    let expected = "\
\x20agency     jurisdiction  last_review  kind       total  band  next_due    days_until_due  status    plan_due    plan_status  agency_name                        jurisdiction_name  trainer
 =========  ============  ===========  =========  =====  ====  ==========  ==============  ========  ==========  ===========  =================================  =================  =============
 riverbend  oh            2025-12-09   follow-up    108  good  2026-12-09              15  due-soon  2026-01-20  written      Riverbend Community Mental Health  Ohio               Beth Sandoval
"
    .replace('=', "─");
    assert_eq!(wide, expected);
}

#[test]
fn schedule_as_markdown() {
    let markdown = schedule(&edges(), &["--as-of", "2026-03-01", "--format", "markdown"]);
    assert_eq!(
        markdown,
        "\
| agency | jurisdiction | last_review | kind | total | band | next_due | days_until_due | status | plan_due | plan_status | agency_name | jurisdiction_name | trainer |
| --- | --- | --- | --- | ---: | --- | --- | ---: | --- | --- | --- | --- | --- | --- |
| leapyear | nz | 2024-02-29 | follow-up | 100 | good | 2025-02-28 | -366 | overdue | 2024-04-11 | written | Leap Year Recovery | New Zealand |  |
| augusta | oh | 2025-08-31 | baseline | 80 | fair | 2026-02-28 | -1 | overdue | 2025-10-12 | written-late | Augusta Behavioral Health | Ohio |  |
| newsite | oh |  |  |  |  | 2026-02-28 | -1 | overdue |  |  | New Site Employment Services | Ohio |  |
"
    );
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ScheduleJson {
    rows: Vec<ScheduleJsonRow>,
    meta: common::Meta,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ScheduleJsonRow {
    agency: String,
    jurisdiction: Option<String>,
    last_review: Option<String>,
    kind: Option<String>,
    total: Option<u32>,
    band: Option<String>,
    next_due: Option<String>,
    days_until_due: Option<i64>,
    status: String,
    plan_due: Option<String>,
    plan_status: Option<String>,
    agency_name: Option<String>,
    jurisdiction_name: Option<String>,
    trainer: Option<String>,
}

#[test]
fn schedule_as_json_has_stable_fields_and_nulls_where_there_is_no_review() {
    let json = schedule(&edges(), &["--as-of", "2026-02-27", "--format", "json"]);
    let parsed: ScheduleJson = serde_json::from_str(&json).unwrap();
    let text = |s: &str| Some(s.to_string());
    assert_eq!(
        parsed.rows[1],
        ScheduleJsonRow {
            agency: "augusta".into(),
            jurisdiction: text("oh"),
            last_review: text("2025-08-31"),
            kind: text("baseline"),
            total: Some(80),
            band: text("fair"),
            next_due: text("2026-02-28"),
            days_until_due: Some(1),
            status: "due-soon".into(),
            plan_due: text("2025-10-12"),
            plan_status: text("written-late"),
            agency_name: text("Augusta Behavioral Health"),
            jurisdiction_name: text("Ohio"),
            trainer: None,
        }
    );
    assert_eq!(
        parsed.rows[2],
        ScheduleJsonRow {
            agency: "newsite".into(),
            jurisdiction: text("oh"),
            last_review: None,
            kind: None,
            total: None,
            band: None,
            next_due: text("2026-02-28"),
            days_until_due: Some(1),
            status: "baseline-due".into(),
            plan_due: None,
            plan_status: None,
            agency_name: text("New Site Employment Services"),
            jurisdiction_name: text("Ohio"),
            trainer: None,
        }
    );
    assert_eq!(parsed.rows.len(), 3);
    assert_eq!(parsed.meta, common::meta("2026-02-27", None, None));
}

#[test]
fn a_review_is_due_soon_the_day_before_and_on_its_due_date_and_overdue_the_day_after() {
    let repo = example_dir();
    // riverbend: due 2026-12-09; --within 60 starts on 2026-10-10.
    let riverbend = |days: &str, status: &str| {
        format!(
            "riverbend,oh,2025-12-09,follow-up,108,good,2026-12-09,{days},{status},2026-01-20,written\n"
        )
    };
    // ggz-noorderzon: due 2026-02-26.
    let ggz = |days: &str, status: &str| {
        format!(
            "ggz-noorderzon,nl,2025-08-26,baseline,68,not-supported-employment,2026-02-26,{days},{status},2025-10-07,written\n"
        )
    };
    assert_schedule_rows(
        &repo,
        &[
            ("riverbend", "2026-10-09", riverbend("61", "scheduled")),
            ("riverbend", "2026-10-10", riverbend("60", "due-soon")),
            ("riverbend", "2026-12-08", riverbend("1", "due-soon")),
            ("riverbend", "2026-12-09", riverbend("0", "due-soon")),
            ("riverbend", "2026-12-10", riverbend("-1", "overdue")),
            ("ggz-noorderzon", "2026-02-25", ggz("1", "due-soon")),
            ("ggz-noorderzon", "2026-02-26", ggz("0", "due-soon")),
            ("ggz-noorderzon", "2026-02-27", ggz("-1", "overdue")),
        ],
    );
}

#[test]
fn within_sets_the_due_soon_window() {
    let csv = schedule(
        &example_dir(),
        &[
            "--as-of",
            TODAY,
            "--agency",
            "riverbend",
            "--within",
            "14",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        csv,
        format!(
            "{CSV_HEADER}{}",
            named(
                "riverbend,oh,2025-12-09,follow-up,108,good,2026-12-09,15,scheduled,2026-01-20,written"
            )
        )
    );
}

#[test]
fn eastbay_falls_below_good_then_recovers() {
    assert_schedule_rows(
        &example_dir(),
        &[
            // 2024-11-19: 102, good: next review a year later, 2025-11-19. Its plan (2025-01-21)
            // came after its due date, 2024-12-31.
            (
                "eastbay-wellness",
                "2025-11-17",
                "eastbay-wellness,alameda,2024-11-19,follow-up,102,good,2025-11-19,2,due-soon,2024-12-31,written-late\n",
            ),
            // 2025-11-18: 96, below good again: six months, 2026-05-18.
            (
                "eastbay-wellness",
                "2025-11-18",
                "eastbay-wellness,alameda,2025-11-18,follow-up,96,fair,2026-05-18,181,scheduled,2025-12-30,open\n",
            ),
            (
                "eastbay-wellness",
                "2026-05-18",
                "eastbay-wellness,alameda,2025-11-18,follow-up,96,fair,2026-05-18,0,due-soon,2025-12-30,written\n",
            ),
            // 2026-05-19: 101, good again: a year, 2027-05-19.
            (
                "eastbay-wellness",
                "2026-05-19",
                "eastbay-wellness,alameda,2026-05-19,follow-up,101,good,2027-05-19,365,scheduled,2026-06-30,open\n",
            ),
        ],
    );
}

#[test]
fn lakeshore_has_no_plan_for_its_august_review() {
    assert_schedule_rows(
        &example_dir(),
        &[
            (
                "lakeshore",
                "2026-09-22",
                "lakeshore,oh,2026-08-11,follow-up,95,fair,2027-02-11,142,scheduled,2026-09-22,open\n",
            ),
            (
                "lakeshore",
                "2026-09-23",
                "lakeshore,oh,2026-08-11,follow-up,95,fair,2027-02-11,141,scheduled,2026-09-22,overdue\n",
            ),
        ],
    );
}

#[test]
fn a_fidelity_plan_activity_meets_tri_city_pathways_plan() {
    let repo = example_dir();
    // The 2025-02-18 review has no `plan`; activities.csv has a fidelity-plan on 2025-03-25.
    let row = |status: &str, days: &str| {
        format!(
            "tri-city-pathways,alameda,2025-02-18,follow-up,76,fair,2025-08-18,{days},scheduled,2025-04-01,{status}\n"
        )
    };
    assert_schedule_rows(
        &repo,
        &[
            ("tri-city-pathways", "2025-03-24", row("open", "147")),
            ("tri-city-pathways", "2025-03-25", row("written", "146")),
            ("tri-city-pathways", "2025-04-02", row("written", "138")),
        ],
    );
}

#[test]
fn month_ends_and_leap_days_at_the_edges() {
    let repo = edges();
    // augusta: 80 on 2025-08-31, + 6 months = 2026-02-28 (2026 is not a leap year); its plan
    // (2025-10-13) came a day after its due date (2025-08-31 + 6 weeks = 2025-10-12).
    // newsite: no review, started 2025-11-30, + 3 months = 2026-02-28.
    let at = |as_of: &str, days: &str, status: &str, baseline: &str| {
        let csv = schedule(
            &repo,
            &[
                "--as-of", as_of, "--agency", "augusta", "--agency", "newsite", "--format", "csv",
            ],
        );
        let expected = format!(
            "{CSV_HEADER}{}",
            named(&format!(
                "\
augusta,oh,2025-08-31,baseline,80,fair,2026-02-28,{days},{status},2025-10-12,written-late
newsite,oh,,,,,2026-02-28,{days},{baseline},,
"
            ))
        );
        assert_eq!(csv, expected, "as of {as_of}");
    };
    at("2026-02-27", "1", "due-soon", "baseline-due");
    at("2026-02-28", "0", "due-soon", "baseline-due");
    at("2026-03-01", "-1", "overdue", "overdue");
    // leapyear: 80 on 2023-08-31, + 6 months = 2024-02-29; the review held that day is good
    // (100), so the next is due a year later, clamped to 2025-02-28.
    assert_schedule_rows(
        &repo,
        &[
            (
                "leapyear",
                "2024-02-28",
                "leapyear,nz,2023-08-31,baseline,80,fair,2024-02-29,1,due-soon,2023-10-12,written\n",
            ),
            (
                "leapyear",
                "2024-02-29",
                "leapyear,nz,2024-02-29,follow-up,100,good,2025-02-28,365,scheduled,2024-04-11,open\n",
            ),
            (
                "leapyear",
                "2025-03-01",
                "leapyear,nz,2024-02-29,follow-up,100,good,2025-02-28,-1,overdue,2024-04-11,written\n",
            ),
        ],
    );
}

#[test]
fn the_baseline_window_comes_from_ips_toml() {
    let repo = copy_to_temp(&edges());
    edit(
        repo.path(),
        "ips.toml",
        "name = \"Fidelity edge cases\"\n",
        "name = \"Fidelity edge cases\"\n\n[fidelity]\nbaseline_within_months = 1\nmonths_until_good = 7\n",
    );
    // newsite: 2025-11-30 + 1 month = 2025-12-30; augusta: 2025-08-31 + 7 months = 2026-03-31.
    assert_schedule_rows(
        repo.path(),
        &[
            (
                "newsite",
                "2025-12-30",
                "newsite,oh,,,,,2025-12-30,0,baseline-due,,\n",
            ),
            (
                "augusta",
                "2026-03-31",
                "augusta,oh,2025-08-31,baseline,80,fair,2026-03-31,0,due-soon,2025-10-12,written-late\n",
            ),
        ],
    );
}

#[test]
fn filters_by_jurisdiction_and_agency() {
    let repo = example_dir();
    let run = |extra: &[&str]| {
        let mut args = vec!["fidelity", "schedule", "--as-of", TODAY, "--format", "csv"];
        args.extend_from_slice(extra);
        let csv = ok(&repo, &args);
        csv.lines()
            .skip(1)
            .map(|line| line.split(',').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let cases: [(&[&str], &[&str]); 4] = [
        (
            &["--jurisdiction", "alameda"],
            &["eastbay-wellness", "tri-city-pathways"],
        ),
        (
            &["--jurisdiction", "nz", "--jurisdiction", "nl"],
            &["ggz-noorderzon", "harbour-health"],
        ),
        (
            &["--agency", "lakeshore", "--agency", "riverbend"],
            &["riverbend", "lakeshore"],
        ),
        (
            &["--jurisdiction", "oh", "--agency", "eastbay-wellness"],
            &[],
        ),
    ];
    for (extra, expected) in cases {
        assert_eq!(run(extra), expected, "{extra:?}");
    }
}

#[test]
fn unknown_filters_are_usage_errors() {
    assert_usage_errors(
        &example_dir(),
        &[
            (
                &["fidelity", "schedule", "--agency", "riverbnd"],
                "error: no agency `riverbnd`: there is no agencies/riverbnd/ folder\n  hint: did you mean `riverbend`? `ips agency list` lists the 7 agencies\n",
            ),
            (
                &["fidelity", "schedule", "--jurisdiction", "ca"],
                "error: --jurisdiction ca: no such jurisdiction in ips.toml\n  hint: the jurisdictions declared under [[jurisdictions]] are: oh, alameda, nz, nl\n",
            ),
        ],
    );
}

#[test]
fn fail_if_overdue_exits_1_after_printing_the_schedule() {
    let repo = example_dir();
    let (stdout, stderr, code) = run_in_repo(
        &repo,
        &[
            "fidelity",
            "schedule",
            "--as-of",
            TODAY,
            "--format",
            "csv",
            "--fail-if-overdue",
        ],
    );
    assert_eq!(stdout.lines().count(), 8);
    assert_eq!(
        stderr,
        "error: 2 overdue (--fail-if-overdue): ggz-noorderzon review due 2026-02-26; lakeshore improvement plan due 2026-09-22\n"
    );
    assert_eq!(code, 1);
    assert_fail_if_overdue(
        &repo,
        &[
            // The same day, riverbend alone has nothing overdue.
            ("riverbend", TODAY, ("", 0)),
            // Lakeshore's plan: due 2026-09-22, overdue the day after.
            ("lakeshore", "2026-09-22", ("", 0)),
            (
                "lakeshore",
                "2026-09-23",
                (
                    "error: 1 overdue (--fail-if-overdue): lakeshore improvement plan due 2026-09-22\n",
                    1,
                ),
            ),
        ],
    );
}

/// Asserts (stderr, exit code) of `ips fidelity schedule --as-of DATE --agency AGENCY
/// --fail-if-overdue` for each (agency, date, expected) case.
fn assert_fail_if_overdue(repo: &Path, cases: &[(&str, &str, (&str, i32))]) {
    for (agency, as_of, expected) in cases {
        let (_, stderr, code) = run_in_repo(
            repo,
            &[
                "fidelity",
                "schedule",
                "--as-of",
                as_of,
                "--agency",
                agency,
                "--fail-if-overdue",
            ],
        );
        assert_eq!((stderr.as_str(), code), *expected, "{agency} as of {as_of}");
    }
}

#[test]
fn fail_if_overdue_names_a_missed_baseline() {
    assert_fail_if_overdue(
        &edges(),
        &[(
            "newsite",
            "2026-03-01",
            (
                "error: 1 overdue (--fail-if-overdue): newsite baseline review due 2026-02-28\n",
                1,
            ),
        )],
    );
}

/// A wrong score stops the schedule of that agency only: its row says `data-error`, the other
/// agencies are scheduled as usual, and the errors follow on stderr (exit 1).
#[test]
fn a_wrong_score_marks_its_agency_and_the_others_are_scheduled() {
    let repo = example_copy();
    edit(
        repo.path(),
        "agencies/riverbend/fidelity/2025-12-09.toml",
        "caseload_size = 5",
        "caseload_size = 6",
    );
    let (stdout, stderr, code) = run_in_repo(
        repo.path(),
        &["fidelity", "schedule", "--as-of", TODAY, "--format", "csv"],
    );
    // 46 files: ips.toml, then agency.toml and activities.csv of 7 agencies and their 31 reviews.
    let expected = format!(
        "{CSV_HEADER}{}",
        named(
            "\
ggz-noorderzon,nl,2025-08-26,baseline,68,not-supported-employment,2026-02-26,-271,overdue,2025-10-07,written
scioto-valley,oh,2026-08-04,follow-up,79,fair,2027-02-04,72,scheduled,2026-09-15,written
lakeshore,oh,2026-08-11,follow-up,95,fair,2027-02-11,79,scheduled,2026-09-22,overdue
eastbay-wellness,alameda,2026-05-19,follow-up,101,good,2027-05-19,176,scheduled,2026-06-30,written
harbour-health,nz,2026-08-18,follow-up,117,exemplary,2027-08-18,267,scheduled,2026-09-29,written
tri-city-pathways,alameda,2026-08-18,follow-up,100,good,2027-08-18,267,scheduled,2026-09-29,written
riverbend,oh,,,,,,,data-error,,
"
        )
    );
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            expected.as_str(),
            "error: 1 agency has errors in its files, so its row shows `data-error`: riverbend
  hint: fix them, then run it again; `ips validate agencies/riverbend/fidelity/2025-12-09.toml` checks them
agencies/riverbend/fidelity/2025-12-09.toml:9:17: error[score-range]: `scores.caseload_size` is 6, outside the range 1 to 5
  hint: write a whole number from 1 to 5
1 error, 0 warnings in 48 files
",
            1
        )
    );
    // A scheduled CI job still learns what is overdue elsewhere, before the errors.
    let (_, stderr, code) = run_in_repo(
        repo.path(),
        &[
            "fidelity",
            "schedule",
            "--as-of",
            TODAY,
            "--fail-if-overdue",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: 2 overdue (--fail-if-overdue): ggz-noorderzon review due 2026-02-26; lakeshore improvement plan due 2026-09-22\nerror: 1 agency has errors in its files"),
        "{stderr}"
    );
    // Another agency's schedule does not read riverbend's files.
    let csv = schedule(
        repo.path(),
        &["--as-of", TODAY, "--agency", "lakeshore", "--format", "csv"],
    );
    assert_eq!(csv.lines().count(), 2);
}

/// The README's own example: a review started with `fidelity new` is unfinished (26 errors)
/// until the reviewers fill it in; meanwhile every other agency's schedule still shows.
#[test]
fn an_unfinished_review_of_one_agency_leaves_the_others_scheduled() {
    let repo = example_copy();
    let (_, _, code) = run_in_repo(
        repo.path(),
        &["fidelity", "new", "riverbend", "--date", "2026-11-20"],
    );
    assert_eq!(code, 0);
    let (stdout, stderr, code) = run_in_repo(
        repo.path(),
        &["fidelity", "schedule", "--as-of", TODAY, "--format", "csv"],
    );
    assert_eq!(code, 1);
    assert_eq!(stdout.lines().count(), 8, "{stdout}");
    assert!(
        stdout
            .contains("\nriverbend,oh,,,,,,,data-error,,,Riverbend Community Mental Health,Ohio,Beth Sandoval\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\nlakeshore,oh,2026-08-11,"), "{stdout}");
    assert!(
        stderr.starts_with(
            "error: 1 agency has errors in its files, so its row shows `data-error`: riverbend\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("26 errors, 0 warnings in 49 files\n"),
        "{stderr}"
    );
}

#[test]
fn a_missing_score_or_an_undeclared_jurisdiction_marks_those_agencies() {
    let repo = example_copy();
    edit(
        repo.path(),
        "agencies/lakeshore/fidelity/2026-08-11.toml",
        "disclosure = ",
        "# disclosure = ",
    );
    edit(
        repo.path(),
        "agencies/harbour-health/agency.toml",
        "jurisdiction = \"nz\"",
        "jurisdiction = \"au\"",
    );
    let (stdout, stderr, code) = run_in_repo(
        repo.path(),
        &["fidelity", "schedule", "--as-of", TODAY, "--format", "csv"],
    );
    assert_eq!(code, 1);
    assert!(
        // `au` is not declared, so it has no name.
        stdout.ends_with(
            "harbour-health,au,,,,,,,data-error,,,Harbour Community Health,,Aroha Ngata\n\
lakeshore,oh,,,,,,,data-error,,,Lakeshore Behavioral Health,Ohio,Beth Sandoval\n"
        ),
        "{stdout}"
    );
    let findings: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains(": error["))
        .collect();
    assert_eq!(
        findings,
        [
            "agencies/harbour-health/agency.toml:3:16: error[unknown-jurisdiction]: jurisdiction `au` is not declared in ips.toml",
            "agencies/lakeshore/fidelity/2026-08-11.toml:22:1: error[score-missing]: item `disclosure` is not scored",
        ]
    );
}

#[test]
fn warnings_do_not_stop_the_schedule() {
    let repo = example_copy();
    write(repo.path(), "agencies/riverbend/notes.txt", "notes");
    let csv = schedule(
        repo.path(),
        &["--as-of", TODAY, "--agency", "riverbend", "--format", "csv"],
    );
    assert_eq!(csv.lines().count(), 2);
}

// ---------------------------------------------------------------------------------------------
// show

#[test]
fn show_as_markdown_items_by_review_with_subtotals_changes_and_lowest_items() {
    // Item ids are escaped as Markdown (`caseload\_size`), as the report escapes them.
    // leapyear: 2023-08-31 scores 11 + 26 + 43 = 80; 2024-02-29 scores 13 + 33 + 54 = 100.
    let markdown = show(
        &edges(),
        &["leapyear", "--as-of", "2026-03-01", "--format", "markdown"],
    );
    assert_eq!(
        markdown,
        "\
| section | item | 2023-08-31 | 2024-02-29 | change |
| --- | --- | ---: | ---: | --- |
|  | kind | baseline | follow-up |  |
| staffing | caseload\\_size | 4 | 5 | +1 |
| staffing | employment\\_services\\_staff | 4 | 4 | 0 |
| staffing | vocational\\_generalists | 3 | 4 | +1 |
| staffing | subtotal | 11 | 13 | +2 |
| organization | integration\\_team\\_assignment | 3 | 4 | +1 |
| organization | integration\\_team\\_contact | 3 | 4 | +1 |
| organization | vr\\_collaboration | 3 | 4 | +1 |
| organization | vocational\\_unit | 4 | 4 | 0 |
| organization | supervisor\\_role | 3 | 4 | +1 |
| organization | zero\\_exclusion | 4 | 5 | +1 |
| organization | agency\\_focus\\_competitive | 3 | 4 | +1 |
| organization | executive\\_support | 3 | 4 | +1 |
| organization | subtotal | 26 | 33 | +7 |
| services | work\\_incentives\\_planning | 2 | 3 | +1 |
| services | disclosure | 3 | 4 | +1 |
| services | work\\_based\\_assessment | 3 | 4 | +1 |
| services | rapid\\_job\\_search | 4 | 4 | 0 |
| services | individualized\\_job\\_search | 3 | 4 | +1 |
| services | employer\\_contact\\_frequency | 3 | 4 | +1 |
| services | employer\\_contact\\_quality | 3 | 4 | +1 |
| services | job\\_type\\_diversity | 3 | 4 | +1 |
| services | employer\\_diversity | 2 | 3 | +1 |
| services | competitive\\_jobs | 3 | 4 | +1 |
| services | individualized\\_follow\\_along | 4 | 4 | 0 |
| services | time\\_unlimited\\_follow\\_along | 3 | 4 | +1 |
| services | community\\_based\\_services | 4 | 4 | 0 |
| services | assertive\\_engagement | 3 | 4 | +1 |
| services | subtotal | 43 | 54 | +11 |
|  | total | 80 | 100 | +20 |
|  | band | fair | good |  |
|  | plan | written | written |  |

Lowest items of the 2024-02-29 review (score 3), where the improvement plan should focus:

- `work_incentives_planning` (+1 since 2023-08-31): people are offered benefits counselling before starting work
- `employer_diversity` (+1 since 2023-08-31): people obtain jobs with different employers
"
    );
}

#[test]
fn show_as_a_table_ends_with_the_lowest_items() {
    let table = show(&example_dir(), &["riverbend", "--as-of", TODAY]);
    // riverbend's 2025-12-09 review scores 3, its lowest, on three items, as on 2024-11-19:
    // "no change", not "0", which would read like a score.
    let lowest = "\n\
Lowest items of the 2025-12-09 review (score 3), where the improvement plan should focus:\n\
\x20 job_type_diversity           people obtain different types of jobs (no change since 2024-11-19)\n\
\x20 individualized_follow_along  follow-along supports are individualised and varied (no change since 2024-11-19)\n\
\x20 community_based_services     employment services happen in the community, not the office (no change since 2024-11-19)\n";
    assert!(table.ends_with(lowest), "{table}");
    let header = table.lines().next().unwrap();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        [
            "section",
            "item",
            "2023-05-16",
            "2023-11-14",
            "2024-05-21",
            "2024-11-19",
            "2025-12-09",
            "change"
        ]
    );
    let total = table
        .lines()
        .find(|line| line.trim_start().starts_with("total "))
        .unwrap();
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        ["total", "74", "85", "94", "103", "108", "+5"]
    );
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryJson {
    rows: Vec<HistoryRow>,
    meta: common::Meta,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryRow {
    agency: String,
    review: String,
    kind: String,
    section: Option<String>,
    item: String,
    score: Option<u32>,
    change: Option<i64>,
    agency_name: Option<String>,
}

#[test]
fn show_as_json_is_long_one_row_per_review_and_line() {
    let json = show(
        &example_dir(),
        &["riverbend", "--as-of", TODAY, "--format", "json"],
    );
    let document = serde_json::from_str::<HistoryJson>(&json).unwrap();
    assert_eq!(document.meta, common::meta(TODAY, None, None));
    let rows = document.rows;
    // 5 reviews, each 25 items, 3 subtotals and the total.
    assert_eq!(rows.len(), 5 * 29);
    assert!(rows.iter().all(|row| row.agency == "riverbend"));
    assert!(
        rows.iter()
            .all(|row| row.agency_name.as_deref() == Some("Riverbend Community Mental Health"))
    );
    let line = |section: Option<&str>, item: &str| {
        rows.iter()
            .filter(|row| row.section.as_deref() == section && row.item == item)
            .map(|row| (row.review.as_str(), row.score, row.change))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        line(None, "total"),
        [
            ("2023-05-16", Some(74), None),
            ("2023-11-14", Some(85), Some(11)),
            ("2024-05-21", Some(94), Some(9)),
            ("2024-11-19", Some(103), Some(9)),
            ("2025-12-09", Some(108), Some(5)),
        ]
    );
    for (section, expected) in [
        ("staffing", [13, 14, 15, 14, 15]),
        ("organization", [24, 30, 34, 36, 38]),
        ("services", [37, 41, 45, 53, 55]),
    ] {
        let scores: Vec<u32> = line(Some(section), "subtotal")
            .iter()
            .map(|(_, score, _)| score.unwrap())
            .collect();
        assert_eq!(scores, expected, "{section} subtotal");
    }
    // employment_services_staff fell from 5 to 4 on 2024-11-19, then rose back.
    assert_eq!(
        line(Some("staffing"), "employment_services_staff")
            .iter()
            .map(|(_, _, change)| *change)
            .collect::<Vec<_>>(),
        [None, Some(0), Some(0), Some(-1), Some(1)]
    );
    let first = &rows[0];
    assert_eq!(
        (
            first.review.as_str(),
            first.kind.as_str(),
            first.section.as_deref(),
            first.item.as_str()
        ),
        ("2023-05-16", "baseline", Some("staffing"), "caseload_size")
    );
}

#[test]
fn show_as_csv_has_the_same_long_shape() {
    let csv = show(
        &edges(),
        &["leapyear", "--as-of", "2026-03-01", "--format", "csv"],
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 2 * 29);
    for (index, expected) in [
        (
            0,
            "agency,review,kind,section,item,score,change,agency_name",
        ),
        (
            1,
            "leapyear,2023-08-31,baseline,staffing,caseload_size,4,,Leap Year Recovery",
        ),
        (
            29,
            "leapyear,2023-08-31,baseline,,total,80,,Leap Year Recovery",
        ),
        (
            30,
            "leapyear,2024-02-29,follow-up,staffing,caseload_size,5,1,Leap Year Recovery",
        ),
        (
            57,
            "leapyear,2024-02-29,follow-up,services,subtotal,54,11,Leap Year Recovery",
        ),
        (
            58,
            "leapyear,2024-02-29,follow-up,,total,100,20,Leap Year Recovery",
        ),
    ] {
        assert_eq!(lines[index], expected, "line {index}");
    }
}

/// The `plan` row of `ips fidelity show AGENCY --format markdown`.
fn plan_row(repo: &Path, agency: &str, as_of: &str) -> String {
    let markdown = show(repo, &[agency, "--as-of", as_of, "--format", "markdown"]);
    markdown
        .lines()
        .find(|line| line.starts_with("|  | plan |"))
        .unwrap()
        .to_string()
}

#[test]
fn show_gives_each_reviews_plan_status() {
    let repo = example_copy();
    // tri-city-pathways: the 2025-02-18 plan is a fidelity-plan activity; the 2026-08-18 plan
    // is dated on its due day, 2026-09-29.
    assert_eq!(
        plan_row(repo.path(), "tri-city-pathways", TODAY),
        "|  | plan | written | written | written | written | written |  |"
    );
    edit(
        repo.path(),
        "agencies/tri-city-pathways/activities.csv",
        "2025-03-25,fidelity-plan,,",
        "2025-03-25,steering-committee,,",
    );
    for (agency, as_of, expected) in [
        (
            "tri-city-pathways",
            TODAY,
            "|  | plan | written | overdue | written | written | written |  |",
        ),
        (
            "lakeshore",
            TODAY,
            "|  | plan | written | written | written | written | written | overdue |  |",
        ),
        (
            "lakeshore",
            "2026-09-22",
            "|  | plan | written | written | written | written | written | open |  |",
        ),
        // eastbay-wellness: the 2024-11-19 plan (2025-01-21) was due 2024-12-31.
        (
            "eastbay-wellness",
            TODAY,
            "|  | plan | written | written | written-late | written | written |  |",
        ),
    ] {
        assert_eq!(
            plan_row(repo.path(), agency, as_of),
            expected,
            "{agency} as of {as_of}"
        );
    }
}

#[test]
fn show_only_reviews_held_by_as_of() {
    let (markdown, stderr, code) = run_in_repo(
        &example_dir(),
        &[
            "fidelity",
            "show",
            "riverbend",
            "--as-of",
            "2024-05-21",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(
        markdown.lines().next().unwrap(),
        "| section | item | 2023-05-16 | 2023-11-14 | 2024-05-21 | change |"
    );
    // The two later reviews are not silently left out.
    assert_eq!(
        (stderr.as_str(), code),
        (
            "note: the review of 2024-11-19 and 1 more are after 2024-05-21, so not shown (pass --as-of 2024-11-19 to include it)\n",
            0
        )
    );
}

#[test]
fn new_refuses_a_date_before_the_agencys_start() {
    let repo = example_copy();
    let (stdout, stderr, code) = run_in_repo(
        repo.path(),
        &["fidelity", "new", "riverbend", "--date", "2020-01-01"],
    );
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            "",
            "error: 2020-01-01 is before riverbend's start, 2023-03-01 (agencies/riverbend/agency.toml): nothing was written\n  \
hint: check --date (reviews follow the start); if the start is wrong, correct `start` in agencies/riverbend/agency.toml\n",
            2
        )
    );
    assert!(
        !repo
            .path()
            .join("agencies/riverbend/fidelity/2020-01-01.toml")
            .exists()
    );
    // The start day itself is fine.
    let (_, _, code) = run_in_repo(
        repo.path(),
        &[
            "fidelity",
            "new",
            "riverbend",
            "--date",
            "2023-03-01",
            "--kind",
            "follow-up",
        ],
    );
    assert_eq!(code, 0);
}

#[test]
fn show_an_agency_with_no_review() {
    let (stdout, stderr, code) = run_in_repo(
        &edges(),
        &["fidelity", "show", "newsite", "--as-of", "2026-03-01"],
    );
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            "newsite has no fidelity review on or before 2026-03-01\n  hint: start the baseline review with `ips fidelity new newsite --date YYYY-MM-DD`\n",
            "",
            0
        )
    );
    let csv = show(&edges(), &["newsite", "--format", "csv"]);
    assert_eq!(
        csv,
        "agency,review,kind,section,item,score,change,agency_name\n"
    );
}

#[test]
fn show_an_unknown_agency() {
    assert_usage_errors(
        &edges(),
        &[
            (
                &["fidelity", "show", "agusta"],
                "error: no agency `agusta`: there is no agencies/agusta/ folder\n  hint: did you mean `augusta`? `ips agency list` lists the 3 agencies\n",
            ),
            (
                &["fidelity", "show", "zzz"],
                "error: no agency `zzz`: there is no agencies/zzz/ folder\n  hint: known agencies: augusta, leapyear, newsite\n",
            ),
        ],
    );
}

#[test]
fn show_refuses_to_run_on_the_agencys_errors_only() {
    let repo = example_copy();
    edit(
        repo.path(),
        "agencies/riverbend/fidelity/2025-12-09.toml",
        "caseload_size = 5",
        "caseload_size = 6",
    );
    let (stdout, stderr, code) = run_in_repo(repo.path(), &["fidelity", "show", "riverbend"]);
    // 8 files: ips.toml, riverbend's agency.toml, activities.csv and 5 reviews.
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            "",
            "error: cannot compute the fidelity history of riverbend: the files it reads have errors (fix them, then run it again)\n\
agencies/riverbend/fidelity/2025-12-09.toml:9:17: error[score-range]: `scores.caseload_size` is 6, outside the range 1 to 5\n  \
hint: write a whole number from 1 to 5\n\
1 error, 0 warnings in 8 files\n",
            1
        )
    );
    show(repo.path(), &["lakeshore"]);
}

// ---------------------------------------------------------------------------------------------
// new

const NEWSITE_TEMPLATE: &str = "\
# Fidelity review of newsite (New Site Employment Services) on 2026-02-20, on the IPS-25 scale.
# To score an item, remove the `# ` in front of its key and write the score the reviewers
# agreed, a whole number from 1 to 5: `caseload_size = 4`. `ips validate` names every item not
# scored yet. Do not write a total: ips adds up the 25 scores itself.

date = 2026-02-20
kind = \"baseline\"      # baseline | follow-up
scale = \"ips-25\"
# reviewers = [\"A. Reviewer\", \"B. Reviewer\"]   # remove the `# ` and write the reviewers' names
# plan = YYYY-MM-DD      # the date of the written improvement plan, once written (due 2026-04-03)

[scores]
# Staffing
# caseload_size               =   # 1-5: employment specialists serve 20 or fewer people each
# employment_services_staff   =   # 1-5: employment specialists provide only employment services
# vocational_generalists      =   # 1-5: each specialist carries out all phases of employment service
# Organization
# integration_team_assignment =   # 1-5: specialists are part of one or two mental health treatment teams
# integration_team_contact    =   # 1-5: specialists attend treatment team meetings and share decisions weekly
# vr_collaboration            =   # 1-5: specialists and vocational rehabilitation counselors meet and share cases
# vocational_unit             =   # 1-5: specialists form a unit with group supervision and shared coverage
# supervisor_role             =   # 1-5: the IPS supervisor leads no more than ten specialists and reviews outcomes
# zero_exclusion              =   # 1-5: everyone who wants to work is eligible, with no screening out
# agency_focus_competitive    =   # 1-5: the agency promotes competitive work in its practices and messages
# executive_support           =   # 1-5: agency leaders support IPS through steering, resources and reviews
# Services
# work_incentives_planning    =   # 1-5: people are offered benefits counselling before starting work
# disclosure                  =   # 1-5: specialists discuss disclosing a mental illness to employers, with choices
# work_based_assessment       =   # 1-5: vocational assessment is ongoing and based on work experiences
# rapid_job_search            =   # 1-5: the first employer contact happens within 30 days of starting
# individualized_job_search   =   # 1-5: job searches follow each person's preferences, strengths and history
# employer_contact_frequency  =   # 1-5: each specialist makes six or more face-to-face employer contacts a week
# employer_contact_quality    =   # 1-5: specialists build relationships with employers through repeated visits
# job_type_diversity          =   # 1-5: people obtain different types of jobs
# employer_diversity          =   # 1-5: people obtain jobs with different employers
# competitive_jobs            =   # 1-5: specialists offer competitive job options only
# individualized_follow_along =   # 1-5: follow-along supports are individualised and varied
# time_unlimited_follow_along =   # 1-5: follow-along support continues as long as the person wants it
# community_based_services    =   # 1-5: employment services happen in the community, not the office
# assertive_engagement        =   # 1-5: outreach continues when people stop attending, for at least a month
";

#[test]
fn new_writes_the_template_that_validate_then_checks_item_by_item() {
    let repo = copy_to_temp(&edges());
    let root = repo.path();
    let relative = "agencies/newsite/fidelity/2026-02-20.toml";
    let stdout = ok(
        root,
        &["fidelity", "new", "newsite", "--date", "2026-02-20"],
    );
    assert_eq!(
        stdout,
        format!(
            "created {relative} (baseline review, 25 items to score)\n\
             Next: write the reviewers and each item's score in it, then run `ips validate {relative}`.\n"
        )
    );
    // newsite has no review yet: a baseline; its plan is due 2026-02-20 + 42 days = 2026-04-03.
    assert_eq!(read(root, relative), NEWSITE_TEMPLATE);

    // Unfilled, validate names the missing reviewers and every item.
    let (stdout, _, code) = run_in_repo(root, &["validate", "--as-of", "2026-03-01", relative]);
    assert_eq!(code, 1);
    assert!(stdout.contains(&format!(
        "{relative}:1:1: error[missing-key]: missing key `reviewers` at the top of the file\n"
    )));
    // Each finding points at the item's own commented-out line. The item keys are the
    // program's own (scale::ITEMS): NEWSITE_TEMPLATE, written out by hand above, is what checks
    // that list, as `new` writes the template from it.
    for item in ITEMS.iter().map(|item| item.key) {
        let line = NEWSITE_TEMPLATE
            .lines()
            .position(|l| l.starts_with(&format!("# {item} ")))
            .expect("the template lists every item")
            + 1;
        let finding = format!(
            "{relative}:{line}:1: error[score-missing]: item `{item}` is not scored\n  hint: remove the `#` and give a score from 1 to 5: "
        );
        assert_eq!(stdout.matches(&finding).count(), 1, "{item}");
    }
    assert!(
        stdout.ends_with("26 errors, 0 warnings in 1 file\n"),
        "{stdout}"
    );

    // Filled in, as a reviewer would: uncomment each line and write its score.
    let mut text = NEWSITE_TEMPLATE.replace("# reviewers = ", "reviewers = ");
    for item in ITEMS.iter().map(|item| item.key) {
        let commented = format!("# {item:<27} =   #");
        text = text.replace(&commented, &format!("{item:<27} = 3 #"));
    }
    write(root, relative, text);
    assert_eq!(
        ok(root, &["validate", "--as-of", "2026-03-01"]),
        "ok: 8 files checked, no problems found\n"
    );
    // 25 items at 3 = 75, fair: next review 6 months later; the plan is not written yet.
    assert_eq!(
        schedule_row(root, "newsite", "2026-02-20"),
        "newsite,oh,2026-02-20,baseline,75,fair,2026-08-20,181,scheduled,2026-04-03,open\n"
    );
}

#[test]
fn new_defaults_to_follow_up_after_a_review_and_takes_kind() {
    let repo = copy_to_temp(&edges());
    let root = repo.path();
    let kind_line = |relative: &str| {
        read(root, relative)
            .lines()
            .find(|line| line.starts_with("kind = "))
            .unwrap()
            .to_string()
    };
    let cases: [(&[&str], &str, &str); 3] = [
        (
            &["fidelity", "new", "augusta", "--date", "2026-02-24"],
            "agencies/augusta/fidelity/2026-02-24.toml",
            "kind = \"follow-up\"     # baseline | follow-up",
        ),
        // Before augusta's first review (2025-08-31), a review is its baseline.
        (
            &["fidelity", "new", "augusta", "--date", "2025-07-01"],
            "agencies/augusta/fidelity/2025-07-01.toml",
            "kind = \"baseline\"      # baseline | follow-up",
        ),
        (
            &[
                "fidelity",
                "new",
                "newsite",
                "--date",
                "2026-03-02",
                "--kind",
                "follow-up",
            ],
            "agencies/newsite/fidelity/2026-03-02.toml",
            "kind = \"follow-up\"     # baseline | follow-up",
        ),
    ];
    for (args, relative, expected) in cases {
        ok(root, args);
        assert_eq!(kind_line(relative), expected, "ips {args:?}");
    }
}

#[test]
fn new_never_overwrites_a_review() {
    let repo = copy_to_temp(&edges());
    let root = repo.path();
    let relative = "agencies/augusta/fidelity/2025-08-31.toml";
    let before = read(root, relative);
    assert_usage_errors(
        root,
        &[(
            &["fidelity", "new", "augusta", "--date", "2025-08-31"],
            "error: agencies/augusta/fidelity/2025-08-31.toml already exists: nothing was written\n  hint: edit that file, or give the new review its own date with --date\n",
        )],
    );
    assert_eq!(read(root, relative), before);
}

#[test]
fn new_for_an_unknown_agency_or_kind() {
    let repo = copy_to_temp(&edges());
    let root = repo.path();
    assert_usage_errors(
        root,
        &[(
            &["fidelity", "new", "nwesite", "--date", "2026-02-20"],
            "error: no agency `nwesite`: there is no agencies/nwesite/ folder\n  hint: did you mean `newsite`? `ips agency list` lists the 3 agencies\n",
        )],
    );
    assert!(!root.join("agencies/nwesite").exists());
    let (_, stderr, code) = run_in_repo(
        root,
        &[
            "fidelity",
            "new",
            "newsite",
            "--date",
            "2026-02-20",
            "--kind",
            "followup",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("\"followup\" is not a review kind: write baseline or follow-up"),
        "{stderr}"
    );
    assert!(!root.join("agencies/newsite/fidelity").exists());
}

/// With ips.toml broken, --jurisdiction cannot be checked: the schedule refuses on the data's
/// errors (exit 1) instead of calling a declared jurisdiction unknown.
#[test]
fn a_jurisdiction_filter_over_a_broken_ips_toml_refuses_on_its_errors() {
    let repo = example_copy();
    edit(
        repo.path(),
        "ips.toml",
        "format = 1",
        "format = 1\nformat = 1",
    );
    let (stdout, stderr, code) = run_in_repo(
        repo.path(),
        &[
            "fidelity",
            "schedule",
            "--as-of",
            TODAY,
            "--jurisdiction",
            "oh",
        ],
    );
    assert_eq!((stdout.as_str(), code), ("", 1));
    assert!(stderr.contains("\nips.toml:"), "{stderr}");
}

/// A list of blank names names nobody.
#[test]
fn blank_reviewer_names_are_no_reviewers() {
    let repo = example_copy();
    let review = "agencies/lakeshore/fidelity/2026-08-11.toml";
    edit(
        repo.path(),
        review,
        "reviewers = [\"Tom Okafor\", \"Beth Sandoval\"]",
        "reviewers = [\"\", \"  \"]",
    );
    let (stdout, _, code) = run_in_repo(repo.path(), &["validate", "--as-of", TODAY, review]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with(
            "agencies/lakeshore/fidelity/2026-08-11.toml:4:13: error[missing-key]: `reviewers` names nobody\n"
        ),
        "{stdout}"
    );
}

// ---------------------------------------------------------------------------------------------
// `ips fidelity items`: each item over the latest review of each agency, checked against sums
// made here from the review files themselves.

/// The scores of the latest review of each agency of `jurisdiction` (all when None) held by
/// `as_of`, read from the files with the toml crate.
fn latest_scores(repo: &Path, jurisdiction: Option<&str>, as_of: &str) -> Vec<Vec<i64>> {
    let mut found = Vec::new();
    let mut agencies: Vec<_> = std::fs::read_dir(repo.join("agencies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    agencies.sort();
    for folder in agencies {
        let agency: toml::Table = read(&folder, "agency.toml").parse().unwrap();
        if jurisdiction.is_some_and(|j| agency["jurisdiction"].as_str() != Some(j)) {
            continue;
        }
        let mut dates: Vec<String> = std::fs::read_dir(folder.join("fidelity"))
            .unwrap()
            .map(|e| {
                e.unwrap()
                    .file_name()
                    .to_string_lossy()
                    .replace(".toml", "")
            })
            .filter(|date| date.as_str() <= as_of)
            .collect();
        dates.sort();
        let Some(latest) = dates.last() else { continue };
        let review: toml::Table = read(&folder, &format!("fidelity/{latest}.toml"))
            .parse()
            .unwrap();
        let scores = review["scores"].as_table().unwrap();
        found.push(
            ITEMS
                .iter()
                .map(|item| scores[item.key].as_integer().unwrap())
                .collect(),
        );
    }
    found
}

/// The CSV `fidelity items` should print for these reviews: sums, extremes and counts made
/// here, the weakest first (lowest mean, most at or below 3, the scale's order).
fn expected_items_csv(reviews: &[Vec<i64>]) -> String {
    let mut rows: Vec<(f64, i64, usize, String)> = Vec::new();
    for (index, item) in ITEMS.iter().enumerate() {
        let scores: Vec<i64> = reviews.iter().map(|r| r[index]).collect();
        let sum: i64 = scores.iter().sum();
        let low = scores.iter().filter(|s| **s <= 3).count() as i64;
        let mean = sum as f64 / scores.len() as f64;
        let line = format!(
            "{},{},{},{mean},{},{},{low}\n",
            item.key,
            item.section.as_str(),
            scores.len(),
            scores.iter().min().unwrap(),
            scores.iter().max().unwrap(),
        );
        rows.push((mean, -low, index, line));
    }
    rows.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let mut csv = "item,section,agencies,mean,min,max,at_or_below_3\n".to_string();
    csv.extend(rows.into_iter().map(|row| row.3));
    csv
}

#[test]
fn fidelity_items_are_the_sums_of_the_latest_reviews() {
    let repo = example_dir();
    for (jurisdiction, as_of) in [
        (None, TODAY),
        (Some("oh"), TODAY),
        (Some("oh"), "2025-06-30"),
    ] {
        let reviews = latest_scores(&repo, jurisdiction, as_of);
        assert!(reviews.len() >= 2, "a test over several agencies");
        let mut args = vec!["fidelity", "items", "--as-of", as_of, "--format", "csv"];
        if let Some(j) = jurisdiction {
            args.extend(["--jurisdiction", j]);
        }
        let run = common::run_ips(&repo, &[&["--repo", "."][..], &args].concat());
        let stderr = format!(
            "note: the latest review of {} agencies held by {as_of}\n",
            reviews.len()
        );
        common::assert_run(run, &expected_items_csv(&reviews), &stderr, 0);
    }
}

#[test]
fn fidelity_items_names_the_agencies_left_out_and_keeps_its_fields() {
    // newsite has no review; augusta's and leapyear's latest reviews score every item.
    let run = common::run_ips(
        &edges(),
        &[
            "--repo",
            ".",
            "fidelity",
            "items",
            "--as-of",
            "2026-01-31",
            "--format",
            "json",
        ],
    );
    let (stdout, stderr, code) = run;
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("left out, with no fully scored review by 2026-01-31: newsite\n"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 25);
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "item",
            "section",
            "agencies",
            "mean",
            "min",
            "max",
            "at_or_below_3"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The improvement plan: `ips fidelity plan new` and `ips fidelity plan status`.

/// The example's harbour-health plans as of TODAY, worked out from plans/2025-08-19.toml,
/// plans/2026-08-18.toml and the reviews: each step done by its due date is `done`, after it
/// `done-late`; not done, `overdue` once the due date has passed, else `open`. The first plan's
/// goals are judged at the review of 2026-08-18 (executive_support and employer_contact_quality
/// 5 reach 4; vr_collaboration 3 does not); the second plan has no next review yet.
const PLAN_CSV: &str = "\
agency,review,goal,items,action,owner,due,done,status,target,next_review,result,reached,written
harbour-health,2025-08-19,\"Leaders review IPS outcomes each quarter, and specialists learn each employer's needs\",executive_support;employer_contact_quality,Add the IPS outcomes to the quarterly leadership meeting,Rachel Thornton,2025-10-31,2025-10-28,done,4,2026-08-18,\"executive_support 5, employer_contact_quality 5\",true,2025-09-23
harbour-health,2025-08-19,\"Leaders review IPS outcomes each quarter, and specialists learn each employer's needs\",executive_support;employer_contact_quality,Train the specialists in employer needs interviews,Mere Tawhiri,2025-12-15,2026-01-20,done-late,4,2026-08-18,\"executive_support 5, employer_contact_quality 5\",true,2025-09-23
harbour-health,2025-08-19,Work with vocational rehabilitation on shared cases,vr_collaboration,Meet the VR office to agree a shared referral process,Sam Whitcombe,2026-02-28,2026-02-26,done,4,2026-08-18,vr_collaboration 3,false,2025-09-23
harbour-health,2026-08-18,The VR counsellor takes part in the unit meeting every week,vr_collaboration,Agree a weekly slot in the unit meeting with the VR office,Sam Whitcombe,2026-10-15,2026-10-06,done,4,,,,2026-09-22
harbour-health,2026-08-18,The VR counsellor takes part in the unit meeting every week,vr_collaboration,Write a shared referral form with the VR counsellor,Priya Naidu,2026-10-31,2026-11-12,done-late,4,,,,2026-09-22
harbour-health,2026-08-18,The VR counsellor takes part in the unit meeting every week,vr_collaboration,Review shared cases with the VR counsellor in each unit meeting,Mere Tawhiri,2026-11-15,,overdue,4,,,,2026-09-22
harbour-health,2026-08-18,\"Follow-along ends when the person chooses, not after six months\",time_unlimited_follow_along,Rewrite the closing checklist with the people the team serves,Priya Naidu,2027-01-31,,open,5,,,,2026-09-22
";

#[test]
fn plan_status_follows_every_step_and_judges_goals_at_the_next_review() {
    let repo = example_dir();
    let run = common::run_ips(
        &repo,
        &[
            "--repo", ".", "fidelity", "plan", "status", "--as-of", TODAY, "--format", "csv",
        ],
    );
    common::assert_run(run, PLAN_CSV, "", 0);
    // On 2026-01-01 the plan of 2026-08-18 does not exist yet, the step done on 2026-01-20 is
    // overdue (due 2025-12-15), the one due 2026-02-28 open, and the goals wait for their
    // review.
    let early = ok(
        &repo,
        &[
            "fidelity",
            "plan",
            "status",
            "harbour-health",
            "--as-of",
            "2026-01-01",
            "--format",
            "csv",
        ],
    );
    let statuses: Vec<&str> = early
        .lines()
        .skip(1)
        .map(|row| row.split(',').rev().nth(5).unwrap())
        .collect();
    assert_eq!(statuses, ["done", "overdue", "open"], "{early}");
    assert!(
        early
            .lines()
            .skip(1)
            .all(|row| row.ends_with(",4,,,,2025-09-23")),
        "{early}"
    );
}

#[test]
fn plan_status_table_fits_100_columns() {
    let repo = example_dir();
    let mut command = common::ips(&repo);
    command
        .env("COLUMNS", "100")
        .args(["fidelity", "plan", "status", "--as-of", TODAY]);
    let (stdout, stderr, code) = common::output(&mut command);
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert!(
        stdout.lines().all(|line| line.chars().count() <= 100),
        "{stdout}"
    );
    assert!(stdout.starts_with(" agency          goal "), "{stdout}");
    assert_eq!(stdout.matches("overdue").count(), 1, "{stdout}");
}

#[test]
fn plan_new_writes_a_goal_for_each_weak_item_and_never_overwrites() {
    let repo = example_copy();
    let root = repo.path();
    let plan = "agencies/lakeshore/plans/2026-08-11.toml";
    let run = run_in_repo(
        root,
        &["fidelity", "plan", "new", "lakeshore", "--as-of", TODAY],
    );
    let weak: Vec<(usize, i64)> = {
        let review: toml::Table = read(root, "agencies/lakeshore/fidelity/2026-08-11.toml")
            .parse()
            .unwrap();
        let scores = review["scores"].as_table().unwrap();
        let mut weak: Vec<(usize, i64)> = ITEMS
            .iter()
            .enumerate()
            .map(|(i, item)| (i, scores[item.key].as_integer().unwrap()))
            .filter(|(_, score)| *score <= 3)
            .collect();
        weak.sort_by_key(|&(i, score)| (score, i));
        weak
    };
    common::assert_run(
        run,
        &format!(
            "created {plan} ({} items scored 3 or lower, each a goal to keep or remove)\n\
             Next: write the goals and their steps, and `written` once the plan is written, then run `ips validate {plan}`.\n",
            weak.len()
        ),
        "",
        0,
    );
    let text = read(root, plan);
    let goals: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("# items = [\""))
        .map(|rest| rest.trim_end_matches("\"]"))
        .collect();
    let expected: Vec<&str> = weak.iter().map(|(i, _)| ITEMS[*i].key).collect();
    assert_eq!(goals, expected);
    // As written, it is valid: a plan being drafted, nothing uncommented but its review.
    let (stdout, _, code) = run_in_repo(root, &["validate", plan, "--as-of", TODAY]);
    assert_eq!(
        (stdout.as_str(), code),
        ("ok: 1 file checked, no problems found\n", 0)
    );
    common::assert_run(
        run_in_repo(
            root,
            &["fidelity", "plan", "new", "lakeshore", "--as-of", TODAY],
        ),
        "",
        &format!(
            "error: {plan} already exists: nothing was written\n  hint: edit that file; `ips fidelity plan status` shows its steps\n"
        ),
        2,
    );
    common::assert_run(
        run_in_repo(
            root,
            &[
                "fidelity",
                "plan",
                "new",
                "lakeshore",
                "--review",
                "2026-01-01",
            ],
        ),
        "",
        "error: lakeshore has no review on 2026-01-01: nothing was written\n  hint: its latest reviews: 2025-08-26, 2026-02-10, 2026-08-11; name one with --review\n",
        2,
    );
}

/// A plan file's `written` meets the plan milestone as a review's `plan = DATE` does: in the
/// schedule, and in the agreement's `fidelity-plan` milestone that `ips attention` lists.
#[test]
fn a_plan_files_written_date_meets_the_plan_milestone() {
    let repo = example_copy();
    let root = repo.path();
    // --all: eastbay-wellness's 2025-Q2 file, due more than a year before, is listed too.
    let attention = |root: &Path| {
        ok(
            root,
            &["attention", "--as-of", TODAY, "--all", "--format", "csv"],
        )
    };
    let lakeshore_plan = "lakeshore,oh,fidelity-plan,review 2026-08-11";
    assert!(attention(root).contains(lakeshore_plan));
    assert!(schedule_row(root, "lakeshore", TODAY).ends_with(",2026-09-22,overdue\n"));
    write(
        root,
        "agencies/lakeshore/plans/2026-08-11.toml",
        "review = 2026-08-11\nwritten = 2026-09-29\n",
    );
    assert!(!attention(root).contains(lakeshore_plan));
    assert!(
        schedule_row(root, "lakeshore", TODAY).ends_with(",2026-09-22,written-late\n"),
        "{}",
        schedule_row(root, "lakeshore", TODAY)
    );
    // A draft without `written` meets nothing.
    write(
        root,
        "agencies/lakeshore/plans/2026-08-11.toml",
        "review = 2026-08-11\n",
    );
    assert!(attention(root).contains(lakeshore_plan));
}

// ---------------------------------------------------------------------------------------------
// `ips fidelity report`: the written report of a review.

/// harbour-health's review of 2026-08-18, worked out from its file: 117 (staffing 15 of 15,
/// organization 5+4+3+4+5+4+4+5 = 34 of 40, services 68 of 70), 112 a year before; the
/// reviewers rated 20 of 25 items alike (they differ on vr_collaboration, rapid_job_search,
/// time_unlimited_follow_along, integration_team_contact and, by 2, employer_contact_frequency);
/// good, so the next review is due a year later; the plan 6 weeks after.
#[test]
fn the_review_report_in_json_names_its_fields_as_the_issue_does() {
    let repo = example_dir();
    let stdout = ok(
        &repo,
        &[
            "fidelity",
            "report",
            "harbour-health",
            "--as-of",
            TODAY,
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let expected = serde_json::json!({
        "agency": "harbour-health",
        "date": "2026-08-18",
        "kind": "follow-up",
        "method": "independent",
        "reviewers": ["Aroha Ngata", "Liam Fraser"],
        "total": 117,
        "previous_total": 112,
        "band": "exemplary",
        "sections": [
            {"section": "staffing", "score": 15, "max": 15},
            {"section": "organization", "score": 34, "max": 40},
            {"section": "services", "score": 68, "max": 70},
        ],
        "ratings": {
            "reviewers": ["Aroha Ngata", "Liam Fraser"],
            "exact_agreement": 0.8,
            "discrepancies": ["employer_contact_frequency"],
        },
        "plan_due": "2026-09-29",
        "next_review_due": "2027-08-18",
    });
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(&report[key], value, "{key}");
    }
    let recommendations = report["recommendations"].as_array().unwrap();
    assert_eq!(recommendations.len(), 1);
    assert_eq!(recommendations[0]["item"], "vr_collaboration");
    assert_eq!(recommendations[0]["score"], 3);
    assert_eq!(
        recommendations[0]["recommendation"],
        "Invite the VR counsellor to a weekly slot in the unit meeting and agree a shared referral form"
    );
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 25);
    let executive = &items[10];
    assert_eq!(
        (
            &executive["item"],
            &executive["section"],
            &executive["score"],
            &executive["previous"]
        ),
        (
            &serde_json::json!("executive_support"),
            &serde_json::json!("organization"),
            &serde_json::json!(5),
            &serde_json::json!(3)
        )
    );
    assert_eq!(report["strengths"].as_array().unwrap().len(), 18);
    // The same 18 by section, each by what it measures: how the pages list them.
    let by_section: Vec<(&str, usize, u64)> = report["strengths_by_section"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["section"].as_str().unwrap(),
                s["items"].as_array().unwrap().len(),
                s["of"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_section,
        [
            ("staffing", 3, 3),
            ("organization", 3, 8),
            ("services", 12, 14)
        ]
    );
    assert_eq!(
        report["strengths_by_section"][0]["items"][0],
        "employment specialists serve 20 or fewer people each"
    );
}

#[test]
fn the_review_report_page_is_self_contained_and_never_overwritten() {
    let repo = example_copy();
    let root = repo.path();
    let args = [
        "fidelity",
        "report",
        "harbour-health",
        "--as-of",
        TODAY,
        "--out",
        "review.html",
    ];
    common::assert_run(run_in_repo(root, &args), "wrote review.html\n", "", 0);
    let html = read(root, "review.html");
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(
        html.contains("<style>\n:root {"),
        "the quarterly report's stylesheet, inline"
    );
    for absent in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(absent), "{absent}");
    }
    assert!(html.contains("<h3>vr_collaboration: 3</h3>"));
    assert!(html.contains("Next review due 2027-08-18."));
    write(root, "review.html", "mine\n");
    common::assert_run(
        run_in_repo(root, &args),
        "",
        "error: review.html already exists: nothing was written\n  hint: pass --force to replace it, or choose another --out\n",
        2,
    );
    assert_eq!(read(root, "review.html"), "mine\n");
    let forced = [&args[..], &["--force"]].concat();
    common::assert_run(run_in_repo(root, &forced), "wrote review.html\n", "", 0);
    assert_eq!(read(root, "review.html"), html);
    // The earlier review, in Markdown: its three items scored 3, lowest first in scale order.
    let markdown = ok(
        root,
        &[
            "fidelity",
            "report",
            "harbour-health",
            "--date",
            "2025-08-19",
            "--format",
            "markdown",
        ],
    );
    assert!(
        markdown.starts_with("# Fidelity review of Harbour Community Health\n"),
        "{markdown}"
    );
    let headings: Vec<&str> = markdown.lines().filter(|l| l.starts_with("### ")).collect();
    assert_eq!(
        headings,
        [
            "### vr_collaboration: 3",
            "### executive_support: 3",
            "### employer_contact_quality: 3"
        ]
    );
    common::assert_run(
        run_in_repo(
            root,
            &[
                "fidelity",
                "report",
                "harbour-health",
                "--date",
                "2026-01-01",
            ],
        ),
        "",
        "error: harbour-health has no fidelity review on 2026-01-01\n  hint: its latest reviews: 2024-08-20, 2025-08-19, 2026-08-18; name one with --date\n",
        2,
    );
}
