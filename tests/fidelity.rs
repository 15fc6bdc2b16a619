//! `ips fidelity schedule | show | new`, run as a user runs them, on the example repository and
//! on tests/fixtures/fidelity/edges (month ends, a leap day, an agency with no review).
//!
//! Every figure asserted here was worked out from the data files, by hand or with
//! tests/fixtures/fidelity/expected.py (an independent reading of the rules), not copied from
//! the program's output.

use serde::Deserialize;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const TODAY: &str = "2026-11-24";
const CSV_HEADER: &str = "agency,jurisdiction,last_review,kind,total,band,next_due,days_until_due,status,plan_due,plan_status\n";

/// (stdout, stderr, exit code) of `ips --repo REPO args...`.
fn ips(repo: &Path, args: &[&str]) -> (String, String, i32) {
    let output = assert_cmd::Command::cargo_bin("ips")
        .expect("the ips binary is built")
        .env_remove("IPS_REPO")
        .current_dir(repo)
        .arg("--repo")
        .arg(repo)
        .args(args)
        .output()
        .expect("ips runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

/// stdout of a run that must succeed with nothing on stderr.
fn ok(repo: &Path, args: &[&str]) -> String {
    let (stdout, stderr, code) = ips(repo, args);
    assert_eq!((stderr.as_str(), code), ("", 0), "ips {args:?}");
    stdout
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/learning-community")
}

fn edges() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fidelity/edges")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn copy_of(from: &Path) -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_dir(from, dir.path());
    dir
}

/// Replaces the one occurrence of `from` in the file `relative` of `repo`.
fn edit(repo: &Path, relative: &str, from: &str, to: &str) {
    let path = repo.join(relative);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {relative}");
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The CSV schedule of one agency as of a date, without the header.
fn schedule_row(repo: &Path, agency: &str, as_of: &str) -> String {
    let csv = ok(
        repo,
        &[
            "fidelity", "schedule", "--as-of", as_of, "--agency", agency, "--format", "csv",
        ],
    );
    csv.strip_prefix(CSV_HEADER)
        .unwrap_or_else(|| panic!("a CSV header: {csv}"))
        .to_string()
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
        "{CSV_HEADER}\
ggz-noorderzon,nl,2025-08-26,baseline,68,not-supported-employment,2026-02-26,-271,overdue,2025-10-07,written
riverbend,oh,2025-12-09,follow-up,108,good,2026-12-09,15,due-soon,2026-01-20,written
scioto-valley,oh,2026-08-04,follow-up,79,fair,2027-02-04,72,scheduled,2026-09-15,written
lakeshore,oh,2026-08-11,follow-up,95,fair,2027-02-11,79,scheduled,2026-09-22,overdue
eastbay-wellness,alameda,2026-05-19,follow-up,101,good,2027-05-19,176,scheduled,2026-06-30,written
harbour-health,nz,2026-08-18,follow-up,117,exemplary,2027-08-18,267,scheduled,2026-09-29,written
tri-city-pathways,alameda,2026-08-18,follow-up,100,good,2027-08-18,267,scheduled,2026-09-29,written
"
    );
    let csv = ok(
        &example(),
        &["fidelity", "schedule", "--as-of", TODAY, "--format", "csv"],
    );
    assert_eq!(csv, expected);
}

#[test]
fn schedule_as_a_table() {
    let table = ok(
        &example(),
        &[
            "fidelity",
            "schedule",
            "--as-of",
            TODAY,
            "--agency",
            "riverbend",
        ],
    );
    let expected = "\
\x20agency     jurisdiction  last_review  kind       total  band  next_due    days_until_due  status    plan_due    plan_status
 =========  ============  ===========  =========  =====  ====  ==========  ==============  ========  ==========  ===========
 riverbend  oh            2025-12-09   follow-up    108  good  2026-12-09              15  due-soon  2026-01-20  written
"
    .replace('=', "─");
    assert_eq!(table, expected);
}

#[test]
fn schedule_as_markdown() {
    let markdown = ok(
        &edges(),
        &[
            "fidelity",
            "schedule",
            "--as-of",
            "2026-03-01",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(
        markdown,
        "\
| agency | jurisdiction | last_review | kind | total | band | next_due | days_until_due | status | plan_due | plan_status |
| --- | --- | --- | --- | ---: | --- | --- | ---: | --- | --- | --- |
| leapyear | nz | 2024-02-29 | follow-up | 100 | good | 2025-02-28 | -366 | overdue | 2024-04-11 | written |
| augusta | oh | 2025-08-31 | baseline | 80 | fair | 2026-02-28 | -1 | overdue | 2025-10-12 | written-late |
| newsite | oh |  |  |  |  | 2026-02-28 | -1 | overdue |  |  |
"
    );
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ScheduleJson {
    rows: Vec<ScheduleJsonRow>,
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
}

#[test]
fn schedule_as_json_has_stable_fields_and_nulls_where_there_is_no_review() {
    let json = ok(
        &edges(),
        &[
            "fidelity",
            "schedule",
            "--as-of",
            "2026-02-27",
            "--format",
            "json",
        ],
    );
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
        }
    );
    assert_eq!(parsed.rows.len(), 3);
}

#[test]
fn a_review_is_due_soon_the_day_before_and_on_its_due_date_and_overdue_the_day_after() {
    let repo = example();
    // riverbend: due 2026-12-09; --within 60 starts on 2026-10-10.
    let riverbend = |days: &str, status: &str| {
        format!(
            "riverbend,oh,2025-12-09,follow-up,108,good,2026-12-09,{days},{status},2026-01-20,written\n"
        )
    };
    assert_eq!(
        schedule_row(&repo, "riverbend", "2026-10-09"),
        riverbend("61", "scheduled")
    );
    assert_eq!(
        schedule_row(&repo, "riverbend", "2026-10-10"),
        riverbend("60", "due-soon")
    );
    assert_eq!(
        schedule_row(&repo, "riverbend", "2026-12-08"),
        riverbend("1", "due-soon")
    );
    assert_eq!(
        schedule_row(&repo, "riverbend", "2026-12-09"),
        riverbend("0", "due-soon")
    );
    assert_eq!(
        schedule_row(&repo, "riverbend", "2026-12-10"),
        riverbend("-1", "overdue")
    );
    // ggz-noorderzon: due 2026-02-26.
    let ggz = |days: &str, status: &str| {
        format!(
            "ggz-noorderzon,nl,2025-08-26,baseline,68,not-supported-employment,2026-02-26,{days},{status},2025-10-07,written\n"
        )
    };
    assert_eq!(
        schedule_row(&repo, "ggz-noorderzon", "2026-02-25"),
        ggz("1", "due-soon")
    );
    assert_eq!(
        schedule_row(&repo, "ggz-noorderzon", "2026-02-26"),
        ggz("0", "due-soon")
    );
    assert_eq!(
        schedule_row(&repo, "ggz-noorderzon", "2026-02-27"),
        ggz("-1", "overdue")
    );
}

#[test]
fn within_sets_the_due_soon_window() {
    let csv = ok(
        &example(),
        &[
            "fidelity",
            "schedule",
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
            "{CSV_HEADER}riverbend,oh,2025-12-09,follow-up,108,good,2026-12-09,15,scheduled,2026-01-20,written\n"
        )
    );
}

#[test]
fn eastbay_falls_below_good_then_recovers() {
    let repo = example();
    // 2024-11-19: 102, good: next review a year later, 2025-11-19. Its plan (2025-01-21) came
    // after its due date, 2024-12-31.
    assert_eq!(
        schedule_row(&repo, "eastbay-wellness", "2025-11-17"),
        "eastbay-wellness,alameda,2024-11-19,follow-up,102,good,2025-11-19,2,due-soon,2024-12-31,written-late\n"
    );
    // 2025-11-18: 96, below good again: six months, 2026-05-18.
    assert_eq!(
        schedule_row(&repo, "eastbay-wellness", "2025-11-18"),
        "eastbay-wellness,alameda,2025-11-18,follow-up,96,fair,2026-05-18,181,scheduled,2025-12-30,open\n"
    );
    assert_eq!(
        schedule_row(&repo, "eastbay-wellness", "2026-05-18"),
        "eastbay-wellness,alameda,2025-11-18,follow-up,96,fair,2026-05-18,0,due-soon,2025-12-30,written\n"
    );
    // 2026-05-19: 101, good again: a year, 2027-05-19.
    assert_eq!(
        schedule_row(&repo, "eastbay-wellness", "2026-05-19"),
        "eastbay-wellness,alameda,2026-05-19,follow-up,101,good,2027-05-19,365,scheduled,2026-06-30,open\n"
    );
}

#[test]
fn lakeshore_has_no_plan_for_its_august_review() {
    let repo = example();
    assert_eq!(
        schedule_row(&repo, "lakeshore", "2026-09-22"),
        "lakeshore,oh,2026-08-11,follow-up,95,fair,2027-02-11,142,scheduled,2026-09-22,open\n"
    );
    assert_eq!(
        schedule_row(&repo, "lakeshore", "2026-09-23"),
        "lakeshore,oh,2026-08-11,follow-up,95,fair,2027-02-11,141,scheduled,2026-09-22,overdue\n"
    );
}

#[test]
fn a_fidelity_plan_activity_meets_tri_city_pathways_plan() {
    let repo = example();
    // The 2025-02-18 review has no `plan`; activities.csv has a fidelity-plan on 2025-03-25.
    let row = |status: &str, days: &str| {
        format!(
            "tri-city-pathways,alameda,2025-02-18,follow-up,76,fair,2025-08-18,{days},scheduled,2025-04-01,{status}\n"
        )
    };
    assert_eq!(
        schedule_row(&repo, "tri-city-pathways", "2025-03-24"),
        row("open", "147")
    );
    assert_eq!(
        schedule_row(&repo, "tri-city-pathways", "2025-03-25"),
        row("written", "146")
    );
    assert_eq!(
        schedule_row(&repo, "tri-city-pathways", "2025-04-02"),
        row("written", "138")
    );
}

#[test]
fn month_ends_and_leap_days_at_the_edges() {
    let repo = edges();
    // augusta: 80 on 2025-08-31, + 6 months = 2026-02-28 (2026 is not a leap year); its plan
    // (2025-10-13) came a day after its due date (2025-08-31 + 6 weeks = 2025-10-12).
    // newsite: no review, started 2025-11-30, + 3 months = 2026-02-28.
    let at = |as_of: &str, days: &str, status: &str, baseline: &str| {
        let csv = ok(
            &repo,
            &[
                "fidelity", "schedule", "--as-of", as_of, "--agency", "augusta", "--agency",
                "newsite", "--format", "csv",
            ],
        );
        let expected = format!(
            "{CSV_HEADER}\
augusta,oh,2025-08-31,baseline,80,fair,2026-02-28,{days},{status},2025-10-12,written-late
newsite,oh,,,,,2026-02-28,{days},{baseline},,
"
        );
        assert_eq!(csv, expected, "as of {as_of}");
    };
    at("2026-02-27", "1", "due-soon", "baseline-due");
    at("2026-02-28", "0", "due-soon", "baseline-due");
    at("2026-03-01", "-1", "overdue", "overdue");
    // leapyear: 80 on 2023-08-31, + 6 months = 2024-02-29; the review held that day is good
    // (100), so the next is due a year later, clamped to 2025-02-28.
    assert_eq!(
        schedule_row(&repo, "leapyear", "2024-02-28"),
        "leapyear,nz,2023-08-31,baseline,80,fair,2024-02-29,1,due-soon,2023-10-12,written\n"
    );
    assert_eq!(
        schedule_row(&repo, "leapyear", "2024-02-29"),
        "leapyear,nz,2024-02-29,follow-up,100,good,2025-02-28,365,scheduled,2024-04-11,open\n"
    );
    assert_eq!(
        schedule_row(&repo, "leapyear", "2025-03-01"),
        "leapyear,nz,2024-02-29,follow-up,100,good,2025-02-28,-1,overdue,2024-04-11,written\n"
    );
}

#[test]
fn the_baseline_window_comes_from_ips_toml() {
    let repo = copy_of(&edges());
    edit(
        repo.path(),
        "ips.toml",
        "name = \"Fidelity edge cases\"\n",
        "name = \"Fidelity edge cases\"\n\n[fidelity]\nbaseline_within_months = 1\nmonths_until_good = 7\n",
    );
    // newsite: 2025-11-30 + 1 month = 2025-12-30; augusta: 2025-08-31 + 7 months = 2026-03-31.
    assert_eq!(
        schedule_row(repo.path(), "newsite", "2025-12-30"),
        "newsite,oh,,,,,2025-12-30,0,baseline-due,,\n"
    );
    assert_eq!(
        schedule_row(repo.path(), "augusta", "2026-03-31"),
        "augusta,oh,2025-08-31,baseline,80,fair,2026-03-31,0,due-soon,2025-10-12,written-late\n"
    );
}

#[test]
fn filters_by_jurisdiction_and_agency() {
    let repo = example();
    let run = |extra: &[&str]| {
        let mut args = vec!["fidelity", "schedule", "--as-of", TODAY, "--format", "csv"];
        args.extend_from_slice(extra);
        let csv = ok(&repo, &args);
        csv.lines()
            .skip(1)
            .map(|line| line.split(',').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        run(&["--jurisdiction", "alameda"]),
        ["eastbay-wellness", "tri-city-pathways"]
    );
    assert_eq!(
        run(&["--jurisdiction", "nz", "--jurisdiction", "nl"]),
        ["ggz-noorderzon", "harbour-health"]
    );
    assert_eq!(
        run(&["--agency", "lakeshore", "--agency", "riverbend"]),
        ["riverbend", "lakeshore"]
    );
    assert_eq!(
        run(&["--jurisdiction", "oh", "--agency", "eastbay-wellness"]),
        Vec::<String>::new()
    );
}

#[test]
fn unknown_filters_are_usage_errors() {
    let repo = example();
    let (stdout, stderr, code) = ips(&repo, &["fidelity", "schedule", "--agency", "riverbnd"]);
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            "",
            "error: no agency `riverbnd`: there is no agencies/riverbnd/ folder\n  hint: did you mean `riverbend`? Known agencies: eastbay-wellness, ggz-noorderzon, harbour-health, lakeshore, riverbend, scioto-valley, tri-city-pathways\n",
            2
        )
    );
    let (stdout, stderr, code) = ips(&repo, &["fidelity", "schedule", "--jurisdiction", "ca"]);
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            "",
            "error: --jurisdiction ca: no such jurisdiction in ips.toml\n  hint: the jurisdictions declared under [[jurisdictions]] are: oh, alameda, nz, nl\n",
            2
        )
    );
}

#[test]
fn fail_if_overdue_exits_1_after_printing_the_schedule() {
    let repo = example();
    let (stdout, stderr, code) = ips(
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
    // The same day, riverbend alone has nothing overdue.
    let (_, stderr, code) = ips(
        &repo,
        &[
            "fidelity",
            "schedule",
            "--as-of",
            TODAY,
            "--agency",
            "riverbend",
            "--fail-if-overdue",
        ],
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
    // Lakeshore's plan: due 2026-09-22, overdue the day after.
    let lakeshore = |as_of: &str| {
        let (_, stderr, code) = ips(
            &repo,
            &[
                "fidelity",
                "schedule",
                "--as-of",
                as_of,
                "--agency",
                "lakeshore",
                "--fail-if-overdue",
            ],
        );
        (stderr, code)
    };
    assert_eq!(lakeshore("2026-09-22"), (String::new(), 0));
    assert_eq!(
        lakeshore("2026-09-23"),
        (
            "error: 1 overdue (--fail-if-overdue): lakeshore improvement plan due 2026-09-22\n"
                .to_string(),
            1
        )
    );
}

#[test]
fn fail_if_overdue_names_a_missed_baseline() {
    let (_, stderr, code) = ips(
        &edges(),
        &[
            "fidelity",
            "schedule",
            "--as-of",
            "2026-03-01",
            "--agency",
            "newsite",
            "--fail-if-overdue",
        ],
    );
    assert_eq!(
        (stderr.as_str(), code),
        (
            "error: 1 overdue (--fail-if-overdue): newsite baseline review due 2026-02-28\n",
            1
        )
    );
}

#[test]
fn the_schedule_refuses_to_run_on_a_wrong_score() {
    let repo = copy_of(&example());
    edit(
        repo.path(),
        "agencies/riverbend/fidelity/2025-12-09.toml",
        "caseload_size = 5",
        "caseload_size = 6",
    );
    let (stdout, stderr, code) = ips(repo.path(), &["fidelity", "schedule", "--as-of", TODAY]);
    // 46 files: ips.toml, then agency.toml and activities.csv of 7 agencies and their 31 reviews.
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            "",
            "error: cannot compute the fidelity schedule: the files it reads have errors (fix them, then run it again)\n\
agencies/riverbend/fidelity/2025-12-09.toml:9:17: error[score-range]: `scores.caseload_size` is 6, outside the range 1 to 5\n  \
hint: write a whole number from 1 to 5\n\
1 error, 0 warnings in 46 files\n",
            1
        )
    );
    // Another agency's schedule does not read riverbend's files.
    let csv = ok(
        repo.path(),
        &[
            "fidelity",
            "schedule",
            "--as-of",
            TODAY,
            "--agency",
            "lakeshore",
            "--format",
            "csv",
        ],
    );
    assert_eq!(csv.lines().count(), 2);
}

#[test]
fn the_schedule_refuses_to_run_on_a_missing_score_or_an_undeclared_jurisdiction() {
    let repo = copy_of(&example());
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
    let (stdout, stderr, code) = ips(repo.path(), &["fidelity", "schedule", "--as-of", TODAY]);
    assert_eq!(stdout, "");
    assert_eq!(code, 1);
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
    let repo = copy_of(&example());
    fs::write(repo.path().join("agencies/riverbend/notes.txt"), "notes").unwrap();
    let csv = ok(
        repo.path(),
        &[
            "fidelity",
            "schedule",
            "--as-of",
            TODAY,
            "--agency",
            "riverbend",
            "--format",
            "csv",
        ],
    );
    assert_eq!(csv.lines().count(), 2);
}

// ---------------------------------------------------------------------------------------------
// show

#[test]
fn show_as_markdown_items_by_review_with_subtotals_changes_and_lowest_items() {
    // leapyear: 2023-08-31 scores 11 + 26 + 43 = 80; 2024-02-29 scores 13 + 33 + 54 = 100.
    let markdown = ok(
        &edges(),
        &[
            "fidelity",
            "show",
            "leapyear",
            "--as-of",
            "2026-03-01",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(
        markdown,
        "\
| section | item | 2023-08-31 | 2024-02-29 | change |
| --- | --- | ---: | ---: | --- |
|  | kind | baseline | follow-up |  |
| staffing | caseload_size | 4 | 5 | +1 |
| staffing | employment_services_staff | 4 | 4 | 0 |
| staffing | vocational_generalists | 3 | 4 | +1 |
| staffing | subtotal | 11 | 13 | +2 |
| organization | integration_team_assignment | 3 | 4 | +1 |
| organization | integration_team_contact | 3 | 4 | +1 |
| organization | vr_collaboration | 3 | 4 | +1 |
| organization | vocational_unit | 4 | 4 | 0 |
| organization | supervisor_role | 3 | 4 | +1 |
| organization | zero_exclusion | 4 | 5 | +1 |
| organization | agency_focus_competitive | 3 | 4 | +1 |
| organization | executive_support | 3 | 4 | +1 |
| organization | subtotal | 26 | 33 | +7 |
| services | work_incentives_planning | 2 | 3 | +1 |
| services | disclosure | 3 | 4 | +1 |
| services | work_based_assessment | 3 | 4 | +1 |
| services | rapid_job_search | 4 | 4 | 0 |
| services | individualized_job_search | 3 | 4 | +1 |
| services | employer_contact_frequency | 3 | 4 | +1 |
| services | employer_contact_quality | 3 | 4 | +1 |
| services | job_type_diversity | 3 | 4 | +1 |
| services | employer_diversity | 2 | 3 | +1 |
| services | competitive_jobs | 3 | 4 | +1 |
| services | individualized_follow_along | 4 | 4 | 0 |
| services | time_unlimited_follow_along | 3 | 4 | +1 |
| services | community_based_services | 4 | 4 | 0 |
| services | assertive_engagement | 3 | 4 | +1 |
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
    let table = ok(
        &example(),
        &["fidelity", "show", "riverbend", "--as-of", TODAY],
    );
    // riverbend's 2025-12-09 review scores 3, its lowest, on three items, as on 2024-11-19.
    let lowest = "\n\
Lowest items of the 2025-12-09 review (score 3), where the improvement plan should focus:\n\
\x20 job_type_diversity           people obtain different types of jobs (0 since 2024-11-19)\n\
\x20 individualized_follow_along  follow-along supports are individualised and varied (0 since 2024-11-19)\n\
\x20 community_based_services     employment services happen in the community, not the office (0 since 2024-11-19)\n";
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
}

#[test]
fn show_as_json_is_long_one_row_per_review_and_line() {
    let json = ok(
        &example(),
        &[
            "fidelity",
            "show",
            "riverbend",
            "--as-of",
            TODAY,
            "--format",
            "json",
        ],
    );
    let rows = serde_json::from_str::<HistoryJson>(&json).unwrap().rows;
    // 5 reviews, each 25 items, 3 subtotals and the total.
    assert_eq!(rows.len(), 5 * 29);
    assert!(rows.iter().all(|row| row.agency == "riverbend"));
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
    let scores = |section, item| {
        line(section, item)
            .iter()
            .map(|(_, score, _)| score.unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(scores(Some("staffing"), "subtotal"), [13, 14, 15, 14, 15]);
    assert_eq!(
        scores(Some("organization"), "subtotal"),
        [24, 30, 34, 36, 38]
    );
    assert_eq!(scores(Some("services"), "subtotal"), [37, 41, 45, 53, 55]);
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
    let csv = ok(
        &edges(),
        &[
            "fidelity",
            "show",
            "leapyear",
            "--as-of",
            "2026-03-01",
            "--format",
            "csv",
        ],
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 2 * 29);
    assert_eq!(lines[0], "agency,review,kind,section,item,score,change");
    assert_eq!(
        lines[1],
        "leapyear,2023-08-31,baseline,staffing,caseload_size,4,"
    );
    assert_eq!(lines[29], "leapyear,2023-08-31,baseline,,total,80,");
    assert_eq!(
        lines[30],
        "leapyear,2024-02-29,follow-up,staffing,caseload_size,5,1"
    );
    assert_eq!(
        lines[57],
        "leapyear,2024-02-29,follow-up,services,subtotal,54,11"
    );
    assert_eq!(lines[58], "leapyear,2024-02-29,follow-up,,total,100,20");
}

/// The `plan` row of `ips fidelity show AGENCY --format markdown`.
fn plan_row(repo: &Path, agency: &str, as_of: &str) -> String {
    let markdown = ok(
        repo,
        &[
            "fidelity", "show", agency, "--as-of", as_of, "--format", "markdown",
        ],
    );
    markdown
        .lines()
        .find(|line| line.starts_with("|  | plan |"))
        .unwrap()
        .to_string()
}

#[test]
fn show_gives_each_reviews_plan_status() {
    let repo = copy_of(&example());
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
    assert_eq!(
        plan_row(repo.path(), "tri-city-pathways", TODAY),
        "|  | plan | written | overdue | written | written | written |  |"
    );
    assert_eq!(
        plan_row(repo.path(), "lakeshore", TODAY),
        "|  | plan | written | written | written | written | written | overdue |  |"
    );
    assert_eq!(
        plan_row(repo.path(), "lakeshore", "2026-09-22"),
        "|  | plan | written | written | written | written | written | open |  |"
    );
    // eastbay-wellness: the 2024-11-19 plan (2025-01-21) was due 2024-12-31.
    assert_eq!(
        plan_row(repo.path(), "eastbay-wellness", TODAY),
        "|  | plan | written | written | written-late | written | written |  |"
    );
}

#[test]
fn show_only_reviews_held_by_as_of() {
    let markdown = ok(
        &example(),
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
}

#[test]
fn show_an_agency_with_no_review() {
    let (stdout, stderr, code) = ips(
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
    let csv = ok(
        &edges(),
        &["fidelity", "show", "newsite", "--format", "csv"],
    );
    assert_eq!(csv, "agency,review,kind,section,item,score,change\n");
}

#[test]
fn show_an_unknown_agency() {
    let (stdout, stderr, code) = ips(&edges(), &["fidelity", "show", "agusta"]);
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            "",
            "error: no agency `agusta`: there is no agencies/agusta/ folder\n  hint: did you mean `augusta`? Known agencies: augusta, leapyear, newsite\n",
            2
        )
    );
    let (_, stderr, code) = ips(&edges(), &["fidelity", "show", "zzz"]);
    assert_eq!(
        (stderr.as_str(), code),
        (
            "error: no agency `zzz`: there is no agencies/zzz/ folder\n  hint: known agencies: augusta, leapyear, newsite\n",
            2
        )
    );
}

#[test]
fn show_refuses_to_run_on_the_agencys_errors_only() {
    let repo = copy_of(&example());
    edit(
        repo.path(),
        "agencies/riverbend/fidelity/2025-12-09.toml",
        "caseload_size = 5",
        "caseload_size = 6",
    );
    let (stdout, stderr, code) = ips(repo.path(), &["fidelity", "show", "riverbend"]);
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
    ok(repo.path(), &["fidelity", "show", "lakeshore"]);
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

/// The 25 items of IPS-25, from data-format.md.
const ITEMS: [&str; 25] = [
    "caseload_size",
    "employment_services_staff",
    "vocational_generalists",
    "integration_team_assignment",
    "integration_team_contact",
    "vr_collaboration",
    "vocational_unit",
    "supervisor_role",
    "zero_exclusion",
    "agency_focus_competitive",
    "executive_support",
    "work_incentives_planning",
    "disclosure",
    "work_based_assessment",
    "rapid_job_search",
    "individualized_job_search",
    "employer_contact_frequency",
    "employer_contact_quality",
    "job_type_diversity",
    "employer_diversity",
    "competitive_jobs",
    "individualized_follow_along",
    "time_unlimited_follow_along",
    "community_based_services",
    "assertive_engagement",
];

#[test]
fn new_writes_the_template_that_validate_then_checks_item_by_item() {
    let repo = copy_of(&edges());
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
    assert_eq!(
        fs::read_to_string(root.join(relative)).unwrap(),
        NEWSITE_TEMPLATE
    );

    // Unfilled, validate names the missing reviewers and every item.
    let (stdout, _, code) = ips(root, &["validate", "--as-of", "2026-03-01", relative]);
    assert_eq!(code, 1);
    assert!(stdout.contains(&format!(
        "{relative}:1:1: error[missing-key]: missing key `reviewers` at the top of the file\n"
    )));
    // Each finding points at the item's own commented-out line.
    for item in ITEMS {
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
    for item in ITEMS {
        let commented = format!("# {item:<27} =   #");
        text = text.replace(&commented, &format!("{item:<27} = 3 #"));
    }
    fs::write(root.join(relative), text).unwrap();
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
    let repo = copy_of(&edges());
    let root = repo.path();
    let kind_line = |relative: &str| {
        fs::read_to_string(root.join(relative))
            .unwrap()
            .lines()
            .find(|line| line.starts_with("kind = "))
            .unwrap()
            .to_string()
    };
    ok(
        root,
        &["fidelity", "new", "augusta", "--date", "2026-02-24"],
    );
    assert_eq!(
        kind_line("agencies/augusta/fidelity/2026-02-24.toml"),
        "kind = \"follow-up\"     # baseline | follow-up"
    );
    // Before augusta's first review (2025-08-31), a review is its baseline.
    ok(
        root,
        &["fidelity", "new", "augusta", "--date", "2025-07-01"],
    );
    assert_eq!(
        kind_line("agencies/augusta/fidelity/2025-07-01.toml"),
        "kind = \"baseline\"      # baseline | follow-up"
    );
    ok(
        root,
        &[
            "fidelity",
            "new",
            "newsite",
            "--date",
            "2026-03-02",
            "--kind",
            "follow-up",
        ],
    );
    assert_eq!(
        kind_line("agencies/newsite/fidelity/2026-03-02.toml"),
        "kind = \"follow-up\"     # baseline | follow-up"
    );
}

#[test]
fn new_never_overwrites_a_review() {
    let repo = copy_of(&edges());
    let root = repo.path();
    let relative = "agencies/augusta/fidelity/2025-08-31.toml";
    let before = fs::read_to_string(root.join(relative)).unwrap();
    let (stdout, stderr, code) = ips(
        root,
        &["fidelity", "new", "augusta", "--date", "2025-08-31"],
    );
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            "",
            "error: agencies/augusta/fidelity/2025-08-31.toml already exists: nothing was written\n  hint: edit that file, or give the new review its own date with --date\n",
            2
        )
    );
    assert_eq!(fs::read_to_string(root.join(relative)).unwrap(), before);
}

#[test]
fn new_for_an_unknown_agency_or_kind() {
    let repo = copy_of(&edges());
    let root = repo.path();
    let (stdout, stderr, code) = ips(
        root,
        &["fidelity", "new", "nwesite", "--date", "2026-02-20"],
    );
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), code),
        (
            "",
            "error: no agency `nwesite`: there is no agencies/nwesite/ folder\n  hint: did you mean `newsite`? Known agencies: augusta, leapyear, newsite\n",
            2
        )
    );
    assert!(!root.join("agencies/nwesite").exists());
    let (_, stderr, code) = ips(
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
    let repo = copy_of(&example());
    edit(
        repo.path(),
        "ips.toml",
        "format = 1",
        "format = 1\nformat = 1",
    );
    let (stdout, stderr, code) = ips(
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
    let repo = copy_of(&example());
    let review = "agencies/lakeshore/fidelity/2026-08-11.toml";
    edit(
        repo.path(),
        review,
        "reviewers = [\"Tom Okafor\", \"Beth Sandoval\"]",
        "reviewers = [\"\", \"  \"]",
    );
    let (stdout, _, code) = ips(repo.path(), &["validate", "--as-of", TODAY, review]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with(
            "agencies/lakeshore/fidelity/2026-08-11.toml:4:13: error[missing-key]: `reviewers` names nobody\n"
        ),
        "{stdout}"
    );
}
