//! `ips attention` on the example repository at three dates, and on copies of it. Every row
//! was worked out by hand from the example's files (see examples/learning-community/README.md
//! for what each agency shows), then compared with the program's output:
//!
//! - eastbay-wellness never sent outcomes/2025-Q2 (due 2025-07-01, the day after the quarter);
//! - ggz-noorderzon's only review, 68 on 2025-08-26, is below good (100), so the next was due 6
//!   months later, 2026-02-26;
//! - lakeshore wrote no improvement plan for its 2026-08-11 review (due 6 weeks later,
//!   2026-09-22);
//! - riverbend's 108 on 2025-12-09 is good, so its next review is due a year later, 2026-12-09;
//! - scioto-valley's 79 on 2026-08-04 is fair: next review 2027-02-04;
//! - harbour-health's plan after its 2026-08-18 review has a step due 2026-11-15 not done, and
//!   one due 2027-01-31;
//! - eastbay-wellness, ggz-noorderzon and riverbend agreed monthly employer visits (the others
//!   quarterly), and the logs end in November 2026: every agency had its 2026-Q4 visit,
//!   steering committee and outcomes review by then.

mod common;

use common::*;

fn attention(args: &[&str]) -> Run {
    run_ips(
        &crate_dir(),
        &[
            &["--repo", "examples/learning-community", "attention"],
            args,
        ]
        .concat(),
    )
}

/// Every item, however long ago it fell due: eastbay's 2025-Q2 file, due 2025-07-01, is more
/// than a year older than these dates (the default horizon is in tests/attention_horizon.rs).
fn csv_on(as_of: &str) -> String {
    let (stdout, stderr, code) = attention(&["--as-of", as_of, "--all", "--format", "csv"]);
    assert_eq!((stderr.as_str(), code), ("", 0), "{as_of}");
    stdout
}

const HEADER: &str =
    "due,days,status,agency,jurisdiction,item,period,missing,agency_name,jurisdiction_name\n";
const EASTBAY_Q2: &str = "2025-07-01,-{eastbay},overdue,eastbay-wellness,alameda,outcomes-reported,2025-Q2,outcomes/2025-Q2/eastbay-wellness.csv,East Bay Wellness Center,Alameda County\n";

/// The rows every date shares, with their days until due (harbour-health's plan step was due
/// 2026-11-15: 63 - 54 days after lakeshore's plan).
fn standing(eastbay: i64, ggz: i64, lakeshore: i64) -> String {
    let harbour = lakeshore - 54;
    format!(
        "{}\
2026-02-26,-{ggz},overdue,ggz-noorderzon,nl,review,follow-up,follow-up; last 2025-08-26 scored 68 (not-supported-employment),GGZ Noorderzon,Netherlands
2026-09-22,-{lakeshore},overdue,lakeshore,oh,fidelity-plan,review 2026-08-11,a written improvement plan,Lakeshore Behavioral Health,Ohio
2026-11-15,-{harbour},overdue,harbour-health,nz,plan-step,plan 2026-08-18,Review shared cases with the VR counsellor in each unit meeting (Mere Tawhiri),Harbour Community Health,New Zealand
",
        EASTBAY_Q2.replace("{eastbay}", &eastbay.to_string())
    )
}

#[test]
fn on_the_examples_day_five_things_need_attention() {
    // 2026-11-24: 511 days after 2025-07-01, 271 after 2026-02-26, 63 after 2026-09-22;
    // riverbend's review is 15 days ahead. November's visits are all logged.
    assert_eq!(
        csv_on("2026-11-24"),
        format!(
            "{HEADER}{}\
2026-12-09,15,due-soon,riverbend,oh,review,follow-up,follow-up; last 2025-12-09 scored 108 (good),Riverbend Community Mental Health,Ohio
",
            standing(511, 271, 63)
        )
    );
}

#[test]
fn in_december_the_monthly_visits_come_due() {
    // 2026-12-05: December's visit of the two monthly visitors is due by 2026-12-31, 26
    // days ahead (riverbend's renewal made its visits quarterly from 2026, and its 2026-Q4
    // visit is made); the 2026-Q4 outcome files cannot be sent before the quarter ends.
    assert_eq!(
        csv_on("2026-12-05"),
        format!(
            "{HEADER}{}\
2026-12-09,4,due-soon,riverbend,oh,review,follow-up,follow-up; last 2025-12-09 scored 108 (good),Riverbend Community Mental Health,Ohio
2026-12-31,26,due-soon,eastbay-wellness,alameda,employer-visits,2026-12,one employer-visit in 2026-12,East Bay Wellness Center,Alameda County
2026-12-31,26,due-soon,ggz-noorderzon,nl,employer-visits,2026-12,one employer-visit in 2026-12,GGZ Noorderzon,Netherlands
",
            standing(522, 282, 74)
        )
    );
}

#[test]
fn after_the_quarter_every_outcome_file_is_overdue_and_a_missed_month_is_not_listed() {
    // 2027-01-05: riverbend's review is 27 days late; the 2026-Q4 files were due on
    // 2027-01-01; December passed without a visit (missed, so not listed) and January's is
    // due by 2027-01-31; scioto-valley's review, due 2027-02-04, is exactly 30 days ahead.
    let quarter = |agency: &str, jurisdiction: &str, names: &str| {
        format!(
            "2027-01-01,-4,overdue,{agency},{jurisdiction},outcomes-reported,2026-Q4,outcomes/2026-Q4/{agency}.csv,{names}\n"
        )
    };
    let visit = |agency: &str, jurisdiction: &str, names: &str| {
        format!(
            "2027-01-31,26,due-soon,{agency},{jurisdiction},employer-visits,2027-01,one employer-visit in 2027-01,{names}\n"
        )
    };
    let expected = [
        HEADER.to_string(),
        standing(553, 313, 105),
        "2026-12-09,-27,overdue,riverbend,oh,review,follow-up,follow-up; last 2025-12-09 scored 108 (good),Riverbend Community Mental Health,Ohio\n".into(),
        quarter("eastbay-wellness", "alameda", "East Bay Wellness Center,Alameda County"),
        quarter("ggz-noorderzon", "nl", "GGZ Noorderzon,Netherlands"),
        quarter("harbour-health", "nz", "Harbour Community Health,New Zealand"),
        quarter("lakeshore", "oh", "Lakeshore Behavioral Health,Ohio"),
        quarter("riverbend", "oh", "Riverbend Community Mental Health,Ohio"),
        quarter("scioto-valley", "oh", "Scioto Valley Counseling Services,Ohio"),
        quarter("tri-city-pathways", "alameda", "Tri-City Pathways,Alameda County"),
        visit("eastbay-wellness", "alameda", "East Bay Wellness Center,Alameda County"),
        visit("ggz-noorderzon", "nl", "GGZ Noorderzon,Netherlands"),
        "2027-01-31,26,due-soon,harbour-health,nz,plan-step,plan 2026-08-18,Rewrite the closing checklist with the people the team serves (Priya Naidu),Harbour Community Health,New Zealand\n".into(),
        "2027-02-04,30,due-soon,scioto-valley,oh,review,follow-up,follow-up; last 2026-08-04 scored 79 (fair),Scioto Valley Counseling Services,Ohio\n".into(),
    ]
    .concat();
    assert_eq!(csv_on("2027-01-05"), expected);
}

#[test]
fn the_terminal_table_is_dated_and_leaves_the_names_to_scripts() {
    let (stdout, stderr, code) = attention(&[
        "--as-of",
        "2026-11-24",
        "--jurisdiction",
        "oh",
        "--within",
        "20",
    ]);
    assert_eq!(
        stdout,
        " due         status    agency     item           missing
 ──────────  ────────  ─────────  ─────────────  ────────────────────────────────────────────
 2026-09-22  overdue   lakeshore  fidelity-plan  a written improvement plan
 2026-12-09  due-soon  riverbend  review         follow-up; last 2025-12-09 scored 108 (good)
"
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
    // The days and the period are there for the asking, and --wide shows every field.
    let (stdout, stderr, code) = attention(&[
        "--as-of",
        "2026-11-24",
        "--jurisdiction",
        "oh",
        "--within",
        "20",
        "--columns",
        "due,days,item,period",
    ]);
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            " due         days  item           period
 ──────────  ────  ─────────────  ─────────────────
 2026-09-22   -63  fidelity-plan  review 2026-08-11
 2026-12-09    15  review         follow-up
",
            "",
            0
        )
    );
    let (stdout, _, code) =
        attention(&["--as-of", "2026-11-24", "--agency", "lakeshore", "--wide"]);
    assert_eq!(
        (stdout.lines().next(), code),
        (
            Some(
                " due         days  status   agency     jurisdiction  item           period             missing                     agency_name                  jurisdiction_name"
            ),
            0
        )
    );
    // Looking 14 days ahead, riverbend's review (15 days) is not yet listed.
    let (stdout, _, _) = attention(&[
        "--as-of",
        "2026-11-24",
        "--agency",
        "riverbend",
        "--within",
        "14",
        "--format",
        "csv",
    ]);
    assert_eq!(stdout, HEADER);
}

#[test]
fn fail_if_any_exits_1_after_the_list_for_a_scheduled_job() {
    // It counts what is listed: eastbay's file of 2025-Q2, due more than a year ago, is not.
    let (stdout, stderr, code) =
        attention(&["--as-of", "2026-11-24", "--fail-if-any", "--format", "csv"]);
    assert_eq!(stdout.lines().count(), 5);
    assert_eq!(
        (stderr.as_str(), code),
        (
            "note: 1 older item (due before 2025-11-24) is not listed
  hint: --all lists it, --since DATE from a date
error: 4 items need attention (--fail-if-any)
",
            1
        )
    );
    let (stdout, stderr, code) = attention(&[
        "--as-of",
        "2026-11-24",
        "--all",
        "--fail-if-any",
        "--format",
        "csv",
    ]);
    assert_eq!(stdout.lines().count(), 6);
    assert_eq!(
        (stderr.as_str(), code),
        ("error: 5 items need attention (--fail-if-any)\n", 1)
    );
    // Nothing to do: a note, and exit 0 even with --fail-if-any.
    let (stdout, stderr, code) = attention(&[
        "--as-of",
        "2026-11-24",
        "--agency",
        "tri-city-pathways",
        "--fail-if-any",
    ]);
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            " due  status  agency  item  missing\n ───  ──────  ──────  ────  ───────\n (none)\n",
            "note: nothing needs attention as of 2026-11-24, looking 30 days ahead\n",
            0
        )
    );
}

#[test]
fn a_team_without_a_row_and_a_file_with_errors_are_listed() {
    let repo = example_copy();
    // riverbend's 2026-Q3 file lacks its west team; lakeshore's review is not finished.
    edit(
        repo.path(),
        "outcomes/2026-Q3/riverbend.csv",
        "west,23,11,2,4\n",
        "",
    );
    let (_, _, code) = run_ips(
        repo.path(),
        &["fidelity", "new", "lakeshore", "--date", "2026-11-20"],
    );
    assert_eq!(code, 0);
    let (stdout, stderr, code) = run_ips(
        repo.path(),
        &[
            "attention",
            "--as-of",
            "2026-11-24",
            "--jurisdiction",
            "oh",
            "--format",
            "csv",
        ],
    );
    // 24 unscored items and no reviewers: 26 errors in the new file; until it is scored,
    // lakeshore's plan and reviews cannot be judged, so its one row is the file.
    assert_eq!(
        stdout,
        format!(
            "{HEADER},,data-error,lakeshore,oh,data-error,,\"26 errors in agencies/lakeshore/fidelity/2026-11-20.toml: fix them, then run `ips validate agencies/lakeshore/fidelity/2026-11-20.toml`\",Lakeshore Behavioral Health,Ohio
2026-10-01,-54,overdue,riverbend,oh,outcome-rows,2026-Q3,a row for team west in outcomes/2026-Q3/riverbend.csv,Riverbend Community Mental Health,Ohio
2026-12-09,15,due-soon,riverbend,oh,review,follow-up,follow-up; last 2025-12-09 scored 108 (good),Riverbend Community Mental Health,Ohio
"
        )
    );
    assert!(
        stderr.starts_with(
            "error: 1 agency has errors in its files, so its row shows `data-error`: lakeshore\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("\n26 errors, 0 warnings in "), "{stderr}");
    assert_eq!(code, 1);
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    rows: Vec<Row>,
    meta: Meta,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    due: Option<String>,
    days: Option<i64>,
    status: String,
    agency: String,
    jurisdiction: Option<String>,
    item: String,
    period: Option<String>,
    missing: Option<String>,
    agency_name: Option<String>,
    jurisdiction_name: Option<String>,
}

#[test]
fn json_has_stable_fields_and_names_the_quarter_checked() {
    let (stdout, _, code) = attention(&[
        "--as-of",
        "2026-11-24",
        "--agency",
        "lakeshore",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let document: Document = serde_json::from_str(&stdout).expect("the documented shape");
    assert_eq!(
        document.meta,
        Meta {
            listed_since: Some("2025-11-24".into()),
            older_not_listed: Some(0),
            ..meta("2026-11-24", Some("2026-Q3"), Some("2026-Q3"))
        }
    );
    let text = |s: &str| Some(s.to_string());
    assert_eq!(
        document.rows,
        [Row {
            due: text("2026-09-22"),
            days: Some(-63),
            status: "overdue".into(),
            agency: "lakeshore".into(),
            jurisdiction: text("oh"),
            item: "fidelity-plan".into(),
            period: text("review 2026-08-11"),
            missing: text("a written improvement plan"),
            agency_name: text("Lakeshore Behavioral Health"),
            jurisdiction_name: text("Ohio"),
        }]
    );
}

#[test]
fn help_teaches_with_examples() {
    let (stdout, _, code) = run_ips(&crate_dir(), &["attention", "--help"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("ips attention --fail-if-any --format markdown"),
        "{stdout}"
    );
    assert!(stdout.contains("--within <DAYS>"), "{stdout}");
}

/// A misnamed file in the quarter folder read concerns everyone: nothing is listed.
#[test]
fn an_error_in_the_layout_stops_it() {
    let repo = example_copy();
    write(
        repo.path(),
        "outcomes/2026-Q3/River Bend.csv",
        "team,served,employed\nnorth,1,1\n",
    );
    let (stdout, stderr, code) = run_ips(repo.path(), &["attention", "--as-of", "2026-11-24"]);
    assert_eq!((stdout.as_str(), code), ("", 1));
    assert!(
        stderr.starts_with(
            "error: cannot compute what needs attention: the files it reads have errors (fix them, then run it again)\n\
outcomes/2026-Q3/River Bend.csv: error[identifier]: "
        ),
        "{stderr}"
    );
}

/// With `[fidelity] report_within_weeks` set, the latest review of each agency whose
/// `report_sent` is missing that long after it is an item; harbour-health sent its report of
/// 2026-08-18 on 2026-09-08, so only its plan step is listed.
#[test]
fn a_review_report_not_sent_in_time_needs_attention() {
    let repo = example_copy();
    edit(
        repo.path(),
        "ips.toml",
        "plan_within_weeks = 6",
        "report_within_weeks = 4\nplan_within_weeks = 6",
    );
    let (stdout, stderr, code) = run_in_repo(
        repo.path(),
        &[
            "attention",
            "--as-of",
            "2026-11-24",
            "--all",
            "--format",
            "csv",
        ],
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
    let report = |due: &str,
                  days: i64,
                  agency: &str,
                  jurisdiction: &str,
                  review: &str,
                  names: &str| {
        format!(
            "{due},-{days},overdue,{agency},{jurisdiction},review-report,review {review},\"the written review report, sent to the agency (`report_sent`)\",{names}\n"
        )
    };
    // Four weeks after each agency's latest review (see the module's list).
    let expected = [
        report(
            "2025-09-23",
            427,
            "ggz-noorderzon",
            "nl",
            "2025-08-26",
            "GGZ Noorderzon,Netherlands",
        ),
        report(
            "2026-01-06",
            322,
            "riverbend",
            "oh",
            "2025-12-09",
            "Riverbend Community Mental Health,Ohio",
        ),
        report(
            "2026-06-16",
            161,
            "eastbay-wellness",
            "alameda",
            "2026-05-19",
            "East Bay Wellness Center,Alameda County",
        ),
        report(
            "2026-09-01",
            84,
            "scioto-valley",
            "oh",
            "2026-08-04",
            "Scioto Valley Counseling Services,Ohio",
        ),
        report(
            "2026-09-08",
            77,
            "lakeshore",
            "oh",
            "2026-08-11",
            "Lakeshore Behavioral Health,Ohio",
        ),
        report(
            "2026-09-15",
            70,
            "tri-city-pathways",
            "alameda",
            "2026-08-18",
            "Tri-City Pathways,Alameda County",
        ),
    ]
    .concat();
    let found: String = stdout
        .lines()
        .filter(|line| line.contains(",review-report,"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_eq!(found, expected);
    assert!(
        !stdout.contains("harbour-health,nz,review-report"),
        "{stdout}"
    );
}
