//! `ips agreement status` and `ips agreement log`, run as a user runs them.
//!
//! Every expected figure was worked out by hand from the files (and the status counts also by an
//! independent Python script, over every day from 2023-02-01 to 2027-01-04), not copied from
//! the program's output.

mod common;

use common::{
    Meta, Run, crate_dir, edit, example_copy, example_dir, ips_with_repo, meta, output, read, write,
};
use ips::fidelity::scale::ITEMS;
use serde::Deserialize;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const AS_OF: &str = "2026-11-24";

/// `ips --repo REPO args...`, run from the crate's folder: there is no repository there, so only
/// `--repo` can choose one.
fn run(repo: &Path, args: &[&str]) -> Run {
    output(ips_with_repo(&crate_dir(), repo).args(args))
}

fn ok(repo: &Path, args: &[&str]) -> String {
    let (stdout, stderr, code) = run(repo, args);
    assert_eq!((code, stderr.as_str()), (0, ""), "{args:?}");
    stdout
}

/// stdout of `ips agreement status args...`, which must succeed.
fn status(repo: &Path, args: &[&str]) -> String {
    ok(repo, &[&["agreement", "status"], args].concat())
}

/// stdout of `ips agreement log args...`, which must succeed.
fn log(repo: &Path, args: &[&str]) -> String {
    ok(repo, &[&["agreement", "log"], args].concat())
}

/// The summary, as CSV, of `ips agreement status --as-of AS_OF`.
fn summary_csv(repo: &Path, as_of: &str) -> String {
    status(repo, &["--as-of", as_of, "--format", "csv"])
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Rows<T> {
    rows: Vec<T>,
    meta: Meta,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct SummaryRow {
    agency: String,
    jurisdiction: String,
    met: u64,
    open: u64,
    overdue: u64,
    missed: u64,
    next_due: Option<String>,
    /// The worst status of its milestones, or `data-error`.
    status: String,
    next_due_milestone: Option<String>,
    overdue_milestones: Option<String>,
    missed_milestones: Option<String>,
    agency_name: Option<String>,
    jurisdiction_name: Option<String>,
    trainer: Option<String>,
    term_ends: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq, Clone)]
#[serde(deny_unknown_fields)]
struct ChecklistRow {
    agency: String,
    milestone: String,
    period: Option<String>,
    status: String,
    due: Option<String>,
    next_due: Option<String>,
    evidence: Option<String>,
    missing: Option<String>,
    agency_name: Option<String>,
}

fn checklist(repo: &Path, agency: &str, as_of: &str) -> Vec<ChecklistRow> {
    let json = status(repo, &[agency, "--as-of", as_of, "--format", "json"]);
    let document = serde_json::from_str::<Rows<ChecklistRow>>(&json).unwrap();
    assert_eq!(document.meta, meta(as_of, None, None));
    document.rows
}

/// The status of one milestone (its overall row) as of a date.
fn status_of(repo: &Path, agency: &str, milestone: &str, as_of: &str) -> String {
    checklist(repo, agency, as_of)
        .into_iter()
        .find(|row| row.milestone == milestone && row.period.is_none())
        .unwrap()
        .status
}

/// As of 2026-11-24 every agency has held its 2026-Q4 steering committee and outcome review,
/// so the next deadline is the December employer visit of the monthly visitors (eastbay,
/// ggz-noorderzon) and the 2026-Q4 outcomes file of the others, due 2027-01-01 (riverbend's
/// renewal made its visits quarterly from 2026, and its 2026-Q4 visit is made). The misses of
/// scioto-valley's steering committee in 2025-Q3 and tri-city's unit meeting in month 3 are
/// older than the 12 months of the status window: history, not `missed`; eastbay's July 2025
/// visit was excused. harbour-health's term ended on 2026-06-30.
const SUMMARY_CSV: &str = "\
agency,jurisdiction,met,open,overdue,missed,next_due,status,next_due_milestone,overdue_milestones,missed_milestones,agency_name,jurisdiction_name,trainer,term_ends
eastbay-wellness,alameda,10,0,1,0,2026-12-31,overdue,employer-visits,outcomes-reported,,East Bay Wellness Center,Alameda County,Kevin Nguyen,
ggz-noorderzon,nl,11,0,0,0,2026-12-31,met,employer-visits,,,GGZ Noorderzon,Netherlands,Sanne de Vries,
harbour-health,nz,11,0,0,0,2027-01-01,met,outcomes-reported,,,Harbour Community Health,New Zealand,Aroha Ngata,2026-06-30
lakeshore,oh,9,0,1,1,2027-01-01,missed,outcomes-reported,fidelity-plan,training-es,Lakeshore Behavioral Health,Ohio,Beth Sandoval,
riverbend,oh,11,0,0,0,2027-01-01,met,outcomes-reported,,,Riverbend Community Mental Health,Ohio,Beth Sandoval,2029-12-31
scioto-valley,oh,10,0,0,1,2027-01-01,missed,outcomes-reported,,confidentiality,Scioto Valley Counseling Services,Ohio,Tom Okafor,
tri-city-pathways,alameda,11,0,0,0,2027-01-01,met,outcomes-reported,,,Tri-City Pathways,Alameda County,Kevin Nguyen,
";

// ---------------------------------------------------------------- status: the example community

#[test]
fn summary_of_the_example_community_as_csv() {
    assert_eq!(summary_csv(&example_dir(), AS_OF), SUMMARY_CSV);
}

#[test]
fn summary_as_a_table_and_as_markdown() {
    let table = status(&example_dir(), &["--as-of", AS_OF, "--jurisdiction", "nz"]);
    // A rule under each header as wide as the column; numbers aligned right; the jurisdiction
    // is left to --wide.
    assert_eq!(
        table,
        concat!(
            " agency          met  open  overdue  missed  next_due    status  next_due_milestone\n",
            " ──────────────  ───  ────  ───────  ──────  ──────────  ──────  ──────────────────\n",
            " harbour-health   11     0        0       0  2027-01-01  met     outcomes-reported\n",
        )
    );
    let markdown = status(
        &example_dir(),
        &[
            "--as-of",
            AS_OF,
            "--jurisdiction",
            "alameda",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(
        markdown,
        "\
| agency | jurisdiction | met | open | overdue | missed | next_due | status | next_due_milestone | overdue_milestones | missed_milestones | agency_name | jurisdiction_name | trainer | term_ends |
| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| eastbay-wellness | alameda | 10 | 0 | 1 | 0 | 2026-12-31 | overdue | employer-visits | outcomes-reported |  | East Bay Wellness Center | Alameda County | Kevin Nguyen |  |
| tri-city-pathways | alameda | 11 | 0 | 0 | 0 | 2027-01-01 | met | outcomes-reported |  |  | Tri-City Pathways | Alameda County | Kevin Nguyen |  |
"
    );
}

#[test]
fn summary_as_json_has_stable_fields_and_raw_numbers() {
    let json = status(
        &example_dir(),
        &[
            "--as-of",
            AS_OF,
            "--jurisdiction",
            "oh",
            "--jurisdiction",
            "nl",
            "--format",
            "json",
        ],
    );
    let document = serde_json::from_str::<Rows<SummaryRow>>(&json).unwrap();
    assert_eq!(document.meta, meta(AS_OF, None, None));
    let row =
        |agency: &str, names: [&str; 3], counts: [u64; 4], next: [&str; 2], unmet: [&str; 2]| {
            let listed = |text: &str| (!text.is_empty()).then(|| text.to_string());
            SummaryRow {
                agency: agency.into(),
                jurisdiction: if names[1] == "Ohio" { "oh" } else { "nl" }.into(),
                met: counts[0],
                open: counts[1],
                overdue: counts[2],
                missed: counts[3],
                next_due: Some(next[0].into()),
                status: if counts[3] > 0 { "missed" } else { "met" }.into(),
                next_due_milestone: Some(next[1].into()),
                overdue_milestones: listed(unmet[0]),
                missed_milestones: listed(unmet[1]),
                agency_name: Some(names[0].into()),
                jurisdiction_name: Some(names[1].into()),
                trainer: Some(names[2].into()),
                term_ends: (agency == "riverbend").then(|| "2029-12-31".into()),
            }
        };
    // Monthly visitors owe December's visit by 2026-12-31; the others owe the 2026-Q4 outcomes
    // file first, due on 2027-01-01, the day that quarter has ended.
    let visit = ["2026-12-31", "employer-visits"];
    let outcomes = ["2027-01-01", "outcomes-reported"];
    assert_eq!(
        document.rows,
        [
            row(
                "ggz-noorderzon",
                ["GGZ Noorderzon", "Netherlands", "Sanne de Vries"],
                [11, 0, 0, 0],
                visit,
                ["", ""]
            ),
            row(
                "lakeshore",
                ["Lakeshore Behavioral Health", "Ohio", "Beth Sandoval"],
                [9, 0, 1, 1],
                outcomes,
                ["fidelity-plan", "training-es"]
            ),
            row(
                "riverbend",
                ["Riverbend Community Mental Health", "Ohio", "Beth Sandoval"],
                [11, 0, 0, 0],
                outcomes,
                ["", ""]
            ),
            row(
                "scioto-valley",
                ["Scioto Valley Counseling Services", "Ohio", "Tom Okafor"],
                [10, 0, 0, 1],
                outcomes,
                ["", "confidentiality"]
            ),
        ]
    );
}

/// The overall rows of lakeshore: training-es short by a day (the 2025-04-22 day falls after
/// 2025-01-14, the last day of its first year), the VR signature 36 days after the
/// 2024-01-15 start, and no plan yet for the 2026-08-11 review (due 2026-09-22).
#[test]
fn lakeshore_checklist_with_its_evidence() {
    let overall: Vec<ChecklistRow> = checklist(&example_dir(), "lakeshore", AS_OF)
        .into_iter()
        .filter(|row| row.period.is_none())
        .collect();
    let row = |milestone: &str,
               status: &str,
               due: &str,
               next_due: Option<&str>,
               evidence: &str,
               missing: Option<&str>| ChecklistRow {
        agency: "lakeshore".into(),
        milestone: milestone.into(),
        period: None,
        status: status.into(),
        due: Some(due.into()),
        next_due: next_due.map(Into::into),
        evidence: Some(evidence.into()),
        missing: missing.map(Into::into),
        agency_name: Some("Lakeshore Behavioral Health".into()),
    };
    assert_eq!(
        overall,
        [
            row(
                "signatures",
                "met",
                "2024-01-15",
                None,
                "executive-director 2024-01-08, state-mental-health 2024-01-10, state-vocational-rehabilitation 2024-02-20 (36 days late)",
                None
            ),
            row(
                "confidentiality",
                "met",
                "2026-08-11",
                None,
                "6 of 6 reviews met",
                None
            ),
            row(
                "training-es",
                "missed",
                "2025-01-14",
                None,
                "2 days: 2024-02-06 (2); not counted, after the first 12 months: 2025-04-22 (1)",
                Some("1 more day of training-es")
            ),
            row(
                "training-mh",
                "met",
                "2025-01-14",
                None,
                "0.5 days: 2024-03-05 (0.5)",
                None
            ),
            row(
                "unit-meetings",
                "met",
                "2024-07-14",
                None,
                "6 of 6 months met",
                None
            ),
            row(
                "treatment-team-meetings",
                "met",
                "2024-07-14",
                None,
                "6 of 6 months met",
                None
            ),
            row(
                "employer-visits",
                "met",
                "2026-12-31",
                Some("2027-03-31"),
                "11 of 11 quarters met",
                None
            ),
            row(
                "steering-committee",
                "met",
                "2026-12-31",
                Some("2027-03-31"),
                "11 of 11 quarters met",
                None
            ),
            row(
                "outcomes-review",
                "met",
                "2026-12-31",
                Some("2027-03-31"),
                "11 of 11 quarters met",
                None
            ),
            row(
                "fidelity-plan",
                "overdue",
                "2026-09-22",
                None,
                "5 of 6 reviews met",
                Some("review 2026-08-11")
            ),
            row(
                "outcomes-reported",
                "met",
                "2026-10-01",
                Some("2027-01-01"),
                "11 of 11 quarters met",
                None
            ),
        ]
    );
}

/// Only the rows that are not met, and the milestones met with a miss in their history, as
/// CSV: what each example agency is known for.
fn unmet_rows(agency: &str) -> String {
    let csv = status(
        &example_dir(),
        &[agency, "--as-of", AS_OF, "--format", "csv"],
    );
    csv.lines()
        .skip(1)
        .filter(|line| !line.contains(",met,") || line.contains("history"))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// July 2025 was excused (agency.toml's `[[agreement.excused]]`): counted apart, its reason the
/// evidence, and the milestone met.
#[test]
fn eastbay_was_excused_a_visit_in_july_2025_and_has_no_outcomes_for_2025_q2() {
    assert_eq!(
        unmet_rows("eastbay-wellness"),
        "\
eastbay-wellness,employer-visits,2025-07,excused,2025-07-31,,\"trainer on leave, agreed at the June steering committee\",,East Bay Wellness Center
eastbay-wellness,outcomes-reported,,overdue,2025-07-01,2027-01-01,11 of 12 quarters met,2025-Q2,East Bay Wellness Center
eastbay-wellness,outcomes-reported,2025-Q2,overdue,2025-07-01,,,outcomes/2025-Q2/eastbay-wellness.csv,East Bay Wellness Center
"
    );
    let visits = checklist(&example_dir(), "eastbay-wellness", AS_OF)
        .into_iter()
        .find(|row| row.milestone == "employer-visits" && row.period.is_none())
        .unwrap();
    assert_eq!(
        (visits.status.as_str(), visits.evidence.as_deref()),
        ("met", Some("37 of 37 months met, 1 excused"))
    );
}

/// The confidentiality signature missed at the review of 2025-12-16 is within the 12 months of
/// the status window; the steering committee missed in 2025-Q3 is older: history, listed and
/// counted, and the milestone met.
#[test]
fn scioto_valley_missed_a_confidentiality_signature_and_has_a_steering_committee_in_its_history() {
    assert_eq!(
        unmet_rows("scioto-valley"),
        "\
scioto-valley,confidentiality,,missed,2025-12-16,,3 of 4 reviews met,review 2025-12-16,Scioto Valley Counseling Services
scioto-valley,confidentiality,review 2025-12-16,missed,2025-12-16,,\"Tom Okafor 2024-11-12, Priya Raman 2026-01-13\",Priya Raman signed after the review,Scioto Valley Counseling Services
scioto-valley,steering-committee,,met,2026-12-31,2027-03-31,\"8 of 9 quarters met; 1 missed before 2025-11-24, history\",,Scioto Valley Counseling Services
scioto-valley,steering-committee,2025-Q3,missed,2025-09-30,,,one steering-committee in 2025-Q3,Scioto Valley Counseling Services
"
    );
}

#[test]
fn tri_city_missed_a_unit_meeting_in_month_3_now_history() {
    assert_eq!(
        unmet_rows("tri-city-pathways"),
        "\
tri-city-pathways,unit-meetings,,met,2024-12-02,,\"5 of 6 months met; 1 missed before 2025-11-24, history\",,Tri-City Pathways
tri-city-pathways,unit-meetings,month 3,missed,2024-09-02,,,one unit-meeting from 2024-08-03 to 2024-09-02,Tri-City Pathways
"
    );
}

/// On 2026-12-05 eastbay-wellness has not yet had December's visit: that month is in
/// progress, so it is open, counted apart and not missing; July 2025 was excused.
#[test]
fn the_month_in_progress_is_open_never_missing_and_status_narrows_the_checklist() {
    let name = "East Bay Wellness Center";
    let args = [
        "eastbay-wellness",
        "--as-of",
        "2026-12-05",
        "--format",
        "csv",
    ];
    let unmet = status(
        &example_dir(),
        &[&args[..], &["--status", "overdue,missed"]].concat(),
    );
    assert_eq!(
        unmet,
        format!(
            "agency,milestone,period,status,due,next_due,evidence,missing,agency_name
eastbay-wellness,outcomes-reported,,overdue,2025-07-01,2027-01-01,11 of 12 quarters met,2025-Q2,{name}
eastbay-wellness,outcomes-reported,2025-Q2,overdue,2025-07-01,,,outcomes/2025-Q2/eastbay-wellness.csv,{name}
"
        )
    );
    // The open period, under its milestone's row; July 2025 was excused.
    let open = status(&example_dir(), &[&args[..], &["--status", "open"]].concat());
    assert_eq!(
        open,
        format!(
            "agency,milestone,period,status,due,next_due,evidence,missing,agency_name
eastbay-wellness,employer-visits,,open,2026-12-31,2026-12-31,\"37 of 37 months met, 1 excused, 1 open\",,{name}
eastbay-wellness,employer-visits,2026-12,open,2026-12-31,,,one employer-visit in 2026-12,{name}
"
        )
    );
    // Without AGENCY, --status keeps the agencies with such a milestone.
    let overdue = status(
        &example_dir(),
        &["--as-of", AS_OF, "--status", "overdue", "--format", "csv"],
    );
    let agencies: Vec<&str> = overdue
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap())
        .collect();
    assert_eq!(agencies, ["eastbay-wellness", "lakeshore"]);
    let (_, refused_stderr, refused_code) =
        run(&example_dir(), &["agreement", "status", "--status", "late"]);
    assert_eq!(refused_code, 2);
    assert!(
        refused_stderr.contains(
            "\"late\" is not a milestone status: write met, open, overdue, missed or excused"
        ),
        "{}",
        refused_stderr
    );
}

#[test]
fn riverbend_and_harbour_health_meet_every_milestone_and_period() {
    for agency in ["riverbend", "harbour-health"] {
        let rows = checklist(&example_dir(), agency, AS_OF);
        let milestones = rows.iter().filter(|r| r.period.is_none()).count();
        assert_eq!(milestones, 11, "{agency}");
        let unmet: Vec<&ChecklistRow> = rows.iter().filter(|r| r.status != "met").collect();
        assert!(unmet.is_empty(), "{agency}: {unmet:?}");
        assert!(rows.iter().all(|r| r.missing.is_none()), "{agency}");
    }
}

/// `--as-of` on the last day of a window, the day after, and before it begins.
#[test]
fn as_of_before_inside_and_after_each_window() {
    let repo = example_dir();
    let cases = [
        // Month 3 of tri-city (start 2024-06-03) runs 2024-08-03 to 2024-09-02.
        ("tri-city-pathways", "unit-meetings", "2024-06-01", "open"),
        ("tri-city-pathways", "unit-meetings", "2024-09-02", "open"),
        ("tri-city-pathways", "unit-meetings", "2024-09-03", "missed"),
        // Missed 12 months before the date judged by, and no longer: history, so met.
        ("tri-city-pathways", "unit-meetings", "2025-09-02", "missed"),
        ("tri-city-pathways", "unit-meetings", "2025-09-03", "met"),
        // Lakeshore's first year runs 2024-01-15 to 2025-01-14.
        ("lakeshore", "training-es", "2024-01-01", "open"),
        ("lakeshore", "training-es", "2025-01-14", "open"),
        ("lakeshore", "training-es", "2025-01-15", "missed"),
        // Signatures are due at the start; VR signed on 2024-02-20.
        ("lakeshore", "signatures", "2024-01-15", "open"),
        ("lakeshore", "signatures", "2024-01-16", "overdue"),
        ("lakeshore", "signatures", "2024-02-20", "met"),
        // The plan of the 2026-08-11 review is due six weeks later, on 2026-09-22.
        ("lakeshore", "fidelity-plan", "2026-09-22", "open"),
        ("lakeshore", "fidelity-plan", "2026-09-23", "overdue"),
        // Eastbay's visits count from 2023-10, the first month after its 2023-09-05 start.
        ("eastbay-wellness", "employer-visits", "2023-09-30", "open"),
        // July 2025 is excused: never worse than met, before and after its last day.
        ("eastbay-wellness", "employer-visits", "2025-07-31", "met"),
        ("eastbay-wellness", "employer-visits", "2025-08-01", "open"),
        // 2025-Q2 ends when 2025-06-30 is over; its outcomes file is due on 2025-07-01.
        ("eastbay-wellness", "outcomes-reported", "2025-06-30", "met"),
        (
            "eastbay-wellness",
            "outcomes-reported",
            "2025-07-01",
            "open",
        ),
        (
            "eastbay-wellness",
            "outcomes-reported",
            "2025-07-02",
            "overdue",
        ),
        // Scioto's steering committees count from 2024-Q4; 2025-Q3 has none.
        ("scioto-valley", "steering-committee", "2025-09-30", "open"),
        (
            "scioto-valley",
            "steering-committee",
            "2025-10-01",
            "missed",
        ),
        // Priya Raman reviewed on 2025-12-16 and signed on 2026-01-13.
        ("scioto-valley", "confidentiality", "2025-12-15", "met"),
        ("scioto-valley", "confidentiality", "2025-12-16", "missed"),
        ("scioto-valley", "confidentiality", "2026-01-13", "missed"),
    ];
    for (agency, milestone, as_of, expected) in cases {
        assert_eq!(
            status_of(&repo, agency, milestone, as_of),
            expected,
            "{agency} {milestone} as of {as_of}"
        );
    }
}

// ---------------------------------------------------------------- status: a fixture agency

const FIXTURE_SETTINGS: &str = "format = 1\nname = \"Fixture\"\n\n[[jurisdictions]]\nid = \"oh\"\nname = \"Ohio\"\nkind = \"state\"\n";

/// Started on 31 August, so its months 1 to 6 end on clamped days; monthly employer visits
/// count from September. The VR signature is missing, reviewer B never signed, and the
/// baseline review's plan is past due.
const FRESH_AGENCY: &str = r#"id = "fresh"
name = "Fresh Start Services"
jurisdiction = "oh"
start = 2026-08-31

[[teams]]
id = "main"
supervisor = "Pat Doe"
location = "Dayton"

[agreement]
signed = 2026-08-20
employer_visits = "monthly"
signatories = [
  { role = "executive-director", name = "E. Director", signed = 2026-08-20 },
  { role = "state-mental-health", name = "S. Health", signed = 2026-08-31 },
]
confidentiality = [
  { name = "A. Reviewer", signed = 2026-10-01 },
]
"#;

const FRESH_ACTIVITIES: &str = "date,kind,days,note
2026-09-02,training-es,2,specialists
2026-09-10,unit-meeting,,
2026-09-15,employer-visit,,
2026-09-29,treatment-team-meeting,,last day of month 1
2026-09-30,unit-meeting,,first day of month 2
2026-10-30,treatment-team-meeting,,last day of month 2
2026-11-10,steering-committee,,
2026-11-20,employer-visit,,
2026-12-01,unit-meeting,,after as-of: not counted
";

/// The fresh agency's repository. Its one review scores every IPS-25 item 3; the item keys are
/// the program's own (scale::ITEMS), as these tests are not about that list (tests/fidelity.rs
/// checks it against a template written out by hand).
fn fresh_fixture() -> TempDir {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "ips.toml", FIXTURE_SETTINGS);
    write(root, "agencies/fresh/agency.toml", FRESH_AGENCY);
    write(root, "agencies/fresh/activities.csv", FRESH_ACTIVITIES);
    let scores: String = ITEMS
        .iter()
        .map(|item| format!("{} = 3\n", item.key))
        .collect();
    write(
        root,
        "agencies/fresh/fidelity/2026-10-06.toml",
        format!(
            "date = 2026-10-06\nkind = \"baseline\"\nscale = \"ips-25\"\nreviewers = [\"A. Reviewer\", \"B. Reviewer\"]\n\n[scores]\n{scores}"
        ),
    );
    fs::create_dir_all(root.join("outcomes")).unwrap();
    dir
}

#[test]
fn the_fixture_has_a_warning_but_no_error() {
    let repo = fresh_fixture();
    let (stdout, _, code) = run(repo.path(), &["validate", "--as-of", AS_OF]);
    assert_eq!(code, 0, "{}", stdout);
    assert!(stdout.contains("warning[missing-signatory]"));
}

#[test]
fn full_checklist_of_a_new_agency_as_csv() {
    let repo = fresh_fixture();
    let out = status(repo.path(), &["fresh", "--as-of", AS_OF, "--format", "csv"]);
    assert_eq!(
        out,
        "\
agency,milestone,period,status,due,next_due,evidence,missing,agency_name
fresh,signatures,,overdue,2026-08-31,,\"executive-director 2026-08-20, state-mental-health 2026-08-31\",signature of the state-vocational-rehabilitation,Fresh Start Services
fresh,confidentiality,,missed,2026-10-06,,0 of 1 review met,review 2026-10-06,Fresh Start Services
fresh,confidentiality,review 2026-10-06,missed,2026-10-06,,A. Reviewer 2026-10-01,B. Reviewer has not signed,Fresh Start Services
fresh,training-es,,open,2027-08-30,2027-08-30,2 days: 2026-09-02 (2),1 more day of training-es,Fresh Start Services
fresh,training-mh,,open,2027-08-30,2027-08-30,0 days,0.5 more days of training-mh,Fresh Start Services
fresh,unit-meetings,,open,2026-11-29,2026-11-29,\"2 of 2 months met, 4 open\",,Fresh Start Services
fresh,unit-meetings,month 1,met,2026-09-29,,2026-09-10,,Fresh Start Services
fresh,unit-meetings,month 2,met,2026-10-30,,2026-09-30,,Fresh Start Services
fresh,unit-meetings,month 3,open,2026-11-29,,,one unit-meeting from 2026-10-31 to 2026-11-29,Fresh Start Services
fresh,unit-meetings,month 4,open,2026-12-30,,,one unit-meeting from 2026-11-30 to 2026-12-30,Fresh Start Services
fresh,unit-meetings,month 5,open,2027-01-30,,,one unit-meeting from 2026-12-31 to 2027-01-30,Fresh Start Services
fresh,unit-meetings,month 6,open,2027-02-27,,,one unit-meeting from 2027-01-31 to 2027-02-27,Fresh Start Services
fresh,treatment-team-meetings,,open,2026-11-29,2026-11-29,\"2 of 2 months met, 4 open\",,Fresh Start Services
fresh,treatment-team-meetings,month 1,met,2026-09-29,,2026-09-29,,Fresh Start Services
fresh,treatment-team-meetings,month 2,met,2026-10-30,,2026-10-30,,Fresh Start Services
fresh,treatment-team-meetings,month 3,open,2026-11-29,,,one treatment-team-meeting from 2026-10-31 to 2026-11-29,Fresh Start Services
fresh,treatment-team-meetings,month 4,open,2026-12-30,,,one treatment-team-meeting from 2026-11-30 to 2026-12-30,Fresh Start Services
fresh,treatment-team-meetings,month 5,open,2027-01-30,,,one treatment-team-meeting from 2026-12-31 to 2027-01-30,Fresh Start Services
fresh,treatment-team-meetings,month 6,open,2027-02-27,,,one treatment-team-meeting from 2027-01-31 to 2027-02-27,Fresh Start Services
fresh,employer-visits,,missed,2026-10-31,2026-12-31,2 of 3 months met,2026-10,Fresh Start Services
fresh,employer-visits,2026-09,met,2026-09-30,,2026-09-15,,Fresh Start Services
fresh,employer-visits,2026-10,missed,2026-10-31,,,one employer-visit in 2026-10,Fresh Start Services
fresh,employer-visits,2026-11,met,2026-11-30,,2026-11-20,,Fresh Start Services
fresh,steering-committee,,met,2026-12-31,2027-03-31,1 of 1 quarter met,,Fresh Start Services
fresh,steering-committee,2026-Q4,met,2026-12-31,,2026-11-10,,Fresh Start Services
fresh,outcomes-review,,open,2026-12-31,2026-12-31,1 quarter open,,Fresh Start Services
fresh,outcomes-review,2026-Q4,open,2026-12-31,,,one outcomes-review in 2026-Q4,Fresh Start Services
fresh,fidelity-plan,,overdue,2026-11-17,,0 of 1 review met,review 2026-10-06,Fresh Start Services
fresh,fidelity-plan,review 2026-10-06,overdue,2026-11-17,,,a written improvement plan,Fresh Start Services
fresh,outcomes-reported,,open,2027-01-01,2027-01-01,no quarter has ended yet; the first to report is 2026-Q4,,Fresh Start Services
"
    );
    assert_eq!(
        summary_csv(repo.path(), AS_OF),
        "agency,jurisdiction,met,open,overdue,missed,next_due,status,next_due_milestone,overdue_milestones,missed_milestones,agency_name,jurisdiction_name,trainer,term_ends\n\
fresh,oh,1,6,2,2,2026-11-29,missed,\"unit-meetings, treatment-team-meetings\",\"signatures, fidelity-plan\",\"confidentiality, employer-visits\",Fresh Start Services,Ohio,,\n"
    );
}

#[test]
fn before_the_start_everything_is_open() {
    let repo = fresh_fixture();
    // The next deadline is the signatures', due at the 2026-08-31 start.
    assert_eq!(
        summary_csv(repo.path(), "2026-08-01"),
        "agency,jurisdiction,met,open,overdue,missed,next_due,status,next_due_milestone,overdue_milestones,missed_milestones,agency_name,jurisdiction_name,trainer,term_ends\n\
fresh,oh,0,11,0,0,2026-08-31,open,signatures,,,Fresh Start Services,Ohio,,\n"
    );
}

// ---------------------------------------------------------------- status: refusals

#[test]
fn unknown_agency_is_exit_2_with_a_hint() {
    let (stdout, stderr, code) = run(
        &example_dir(),
        &["agreement", "status", "lakeshor", "--as-of", AS_OF],
    );
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "error: no agency `lakeshor`: there is no agencies/lakeshor/ folder\n  hint: did you mean `lakeshore`? `ips agency list` lists the 7 agencies\n"
    );
}

#[test]
fn unknown_jurisdiction_is_exit_2_with_the_list() {
    let (_, stderr, code) = run(
        &example_dir(),
        &["agreement", "status", "--jurisdiction", "ohio"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: --jurisdiction ohio: no such jurisdiction in ips.toml\n  hint: did you mean `oh` (Ohio)? --jurisdiction takes the id; the jurisdictions declared under [[jurisdictions]] are: oh, alameda, nz, nl\n"
    );
}

#[test]
fn an_agency_and_a_jurisdiction_filter_do_not_go_together() {
    let (_, stderr, code) = run(
        &example_dir(),
        &["agreement", "status", "riverbend", "--jurisdiction", "oh"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be used with"), "{}", stderr);
}

const BROKEN_KIND: &str = "\
agencies/scioto-valley/activities.csv:27:12: error[enumeration]: \"unit-meting\" is not an activity kind
  hint: did you mean \"unit-meeting\"? kinds: training-es, training-mh, unit-meeting, treatment-team-meeting, employer-visit, steering-committee, outcomes-review, fidelity-plan
";

fn break_scioto(repo: &Path) {
    edit(
        repo,
        "agencies/scioto-valley/activities.csv",
        "2025-05-28,unit-meeting",
        "2025-05-28,unit-meting",
    );
}

/// One agency's broken file marks its row `data-error` and the others are judged as usual; the
/// run then lists the errors and exits 1.
#[test]
fn an_agency_with_errors_gets_a_data_error_row_and_the_others_are_judged() {
    let repo = example_copy();
    break_scioto(repo.path());
    // 46 files: ips.toml, 7 agency.toml, 7 activities.csv and 31 reviews.
    let (stdout, stderr, code) = run(
        repo.path(),
        &["agreement", "status", "--as-of", AS_OF, "--format", "csv"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        SUMMARY_CSV.replace(
            "scioto-valley,oh,10,0,0,1,2027-01-01,missed,outcomes-reported,,confidentiality,",
            "scioto-valley,oh,,,,,,data-error,,,,"
        )
    );
    assert_eq!(
        stderr,
        format!(
            "error: 1 agency has errors in its files, so its row shows `data-error`: scioto-valley\n  hint: fix them, then run it again; `ips validate agencies/scioto-valley/activities.csv` checks them\n{BROKEN_KIND}1 error, 0 warnings in 48 files\n"
        )
    );
    // One agency's checklist is that agency alone: it reads ips.toml and its 1 + 1 + 4 files,
    // and refuses.
    let (one_stdout, one_stderr, one_code) = run(
        repo.path(),
        &["agreement", "status", "scioto-valley", "--as-of", AS_OF],
    );
    assert_eq!((one_code, one_stdout.as_str()), (1, ""));
    assert_eq!(
        one_stderr,
        format!(
            "error: cannot judge the agreement: the files it reads have errors (fix them, then run it again)\n{BROKEN_KIND}1 error, 0 warnings in 7 files\n"
        )
    );
}

/// The README's `ips fidelity new riverbend --date ...` leaves a review to be filled in; until
/// it is, riverbend's row says `data-error` and every other agency is judged as usual.
#[test]
fn an_unfinished_review_of_one_agency_leaves_the_others_judged() {
    let repo = example_copy();
    ok(
        repo.path(),
        &["fidelity", "new", "riverbend", "--date", "2026-11-20"],
    );
    let (stdout, stderr, code) = run(
        repo.path(),
        &["agreement", "status", "--as-of", AS_OF, "--format", "csv"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        SUMMARY_CSV.replace(
            "riverbend,oh,11,0,0,0,2027-01-01,met,outcomes-reported,,,",
            "riverbend,oh,,,,,,data-error,,,,"
        )
    );
    assert!(
        stderr.ends_with("26 errors, 0 warnings in 49 files\n"),
        "{}",
        stderr
    );
}

#[test]
fn errors_in_files_it_does_not_read_do_not_stop_it() {
    let repo = example_copy();
    break_scioto(repo.path());
    let out = status(
        repo.path(),
        &["--as-of", AS_OF, "--jurisdiction", "nz", "--format", "csv"],
    );
    assert_eq!(
        out,
        "agency,jurisdiction,met,open,overdue,missed,next_due,status,next_due_milestone,overdue_milestones,missed_milestones,agency_name,jurisdiction_name,trainer,term_ends\n\
harbour-health,nz,11,0,0,0,2027-01-01,met,outcomes-reported,,,Harbour Community Health,New Zealand,Aroha Ngata,2026-06-30\n"
    );
    // An outcome file with errors is not read either: only the list of outcome files is.
    write(
        repo.path(),
        "outcomes/2026-Q3/riverbend.csv",
        "team,served\nnorth,x\n",
    );
    assert!(status(repo.path(), &["riverbend", "--as-of", AS_OF]).contains("riverbend"));
}

#[test]
fn an_error_in_ips_toml_stops_every_run() {
    let repo = example_copy();
    edit(repo.path(), "ips.toml", "format = 1", "format = 2");
    let (_, stderr, code) = run(
        repo.path(),
        &["agreement", "status", "riverbend", "--as-of", AS_OF],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(
            "error: cannot judge the agreement: the files it reads have errors (fix them, then run it again)\nips.toml:3:10: error[format-version]: "
        ),
        "{}",
        stderr
    );
}

// ---------------------------------------------------------------- log

#[test]
fn log_inserts_after_the_rows_of_its_date_and_keeps_the_rest_byte_for_byte() {
    let repo = example_copy();
    let activities = "agencies/lakeshore/activities.csv";
    let before = read(repo.path(), activities);
    let out = log(
        repo.path(),
        &[
            "lakeshore",
            "training-es",
            "--date",
            "2024-03-05",
            "--days",
            "1.0",
            "--note",
            "job development, \"field\" day",
        ],
    );
    assert_eq!(
        out,
        "recorded in agencies/lakeshore/activities.csv at line 10: 2024-03-05,training-es,1,\"job development, \"\"field\"\" day\"\n"
    );
    let same_day = "2024-03-05,training-mh,0.5,\"case managers and therapists, both offices\"\n";
    let expected = before.replace(
        same_day,
        &format!("{same_day}2024-03-05,training-es,1,\"job development, \"\"field\"\" day\"\n"),
    );
    assert_ne!(expected, before);
    assert_eq!(read(repo.path(), activities), expected);
    assert_eq!(
        names_in(&repo.path().join("agencies/lakeshore")),
        ["activities.csv", "agency.toml", "fidelity"]
    );
    // The third day of training-es now falls inside the first year.
    let rows = checklist(repo.path(), "lakeshore", AS_OF);
    let training = rows.iter().find(|r| r.milestone == "training-es").unwrap();
    assert_eq!(training.status, "met");
    assert_eq!(
        training.evidence.as_deref(),
        Some(
            "3 days: 2024-02-06 (2), 2024-03-05 (1); not counted, after the first 12 months: 2025-04-22 (1)"
        )
    );
}

#[test]
fn logging_the_missing_unit_meeting_meets_the_milestone() {
    let repo = example_copy();
    let out = log(
        repo.path(),
        &[
            "tri-city-pathways",
            "unit-meeting",
            "--date",
            "2024-08-20",
            "--note",
            "trainer visit",
        ],
    );
    assert_eq!(
        out,
        "recorded in agencies/tri-city-pathways/activities.csv at line 14: 2024-08-20,unit-meeting,,trainer visit\n"
    );
    assert_eq!(
        summary_csv(repo.path(), AS_OF),
        SUMMARY_CSV.replace(
            "tri-city-pathways,alameda,10,0,0,1,2027-01-01,missed,outcomes-reported,,unit-meetings,",
            "tri-city-pathways,alameda,11,0,0,0,2027-01-01,met,outcomes-reported,,,"
        )
    );
    assert!(ok(repo.path(), &["validate", "--as-of", AS_OF]).starts_with("ok: "));
}

/// Logging what the log already has for that day records it, and says so: two visits on one
/// day happen, a row entered twice is a mistake.
#[test]
fn logging_the_same_kind_on_the_same_day_again_warns() {
    let repo = example_copy();
    // lakeshore's log has an employer-visit on 2026-11-05, at line 54.
    let (stdout, stderr, code) = run(
        repo.path(),
        &[
            "agreement",
            "log",
            "lakeshore",
            "employer-visit",
            "--date",
            "2026-11-05",
        ],
    );
    assert_eq!(
        (code, stdout.as_str()),
        (
            0,
            "recorded in agencies/lakeshore/activities.csv at line 55: 2026-11-05,employer-visit,,\n"
        )
    );
    assert_eq!(
        stderr,
        "warning: agencies/lakeshore/activities.csv already had employer-visit on 2026-11-05 (line 54): it is now logged twice\n  \
hint: if it was entered twice, delete one of the rows; if two took place that day, keep both\n"
    );
    let (check_stdout, _, _) = run(
        repo.path(),
        &[
            "validate",
            "--as-of",
            AS_OF,
            "agencies/lakeshore/activities.csv",
        ],
    );
    assert!(
        check_stdout.starts_with(
            "agencies/lakeshore/activities.csv:55:1: warning[duplicate-activity]: employer-visit on 2026-11-05 is logged twice: also on line 54\n"
        ),
        "{}",
        check_stdout
    );
    // Another kind that day is no duplicate.
    let (_, other_stderr, other_code) = run(
        repo.path(),
        &[
            "agreement",
            "log",
            "lakeshore",
            "unit-meeting",
            "--date",
            "2026-11-05",
        ],
    );
    assert_eq!((other_code, other_stderr.as_str()), (0, ""));
}

#[test]
fn log_keeps_crlf_a_bom_and_multi_line_notes() {
    let repo = fresh_fixture();
    let activities = "agencies/fresh/activities.csv";
    write(
        repo.path(),
        activities,
        "\u{feff}date,kind,days,note\r\n2026-09-10,unit-meeting,,\"two\r\nlines\"\r\n2026-09-30,unit-meeting,,  kept as is  \r\n",
    );
    let out = log(
        repo.path(),
        &[
            "fresh",
            "training-mh",
            "--date",
            "2026-09-10",
            "--days",
            "0.5",
        ],
    );
    assert_eq!(
        out,
        "recorded in agencies/fresh/activities.csv at line 4: 2026-09-10,training-mh,0.5,\n"
    );
    assert_eq!(
        fs::read(repo.path().join(activities)).unwrap(),
        "\u{feff}date,kind,days,note\r\n2026-09-10,unit-meeting,,\"two\r\nlines\"\r\n2026-09-10,training-mh,0.5,\r\n2026-09-30,unit-meeting,,  kept as is  \r\n".as_bytes()
    );
    let out = log(
        repo.path(),
        &["fresh", "employer-visit", "--date", "2026-10-02"],
    );
    assert_eq!(
        out,
        "recorded in agencies/fresh/activities.csv at line 6: 2026-10-02,employer-visit,,\n"
    );
    assert!(
        read(repo.path(), activities)
            .ends_with("  kept as is  \r\n2026-10-02,employer-visit,,\r\n")
    );
}

#[test]
fn log_creates_a_missing_file_with_its_header() {
    let repo = fresh_fixture();
    let folder = repo.path().join("agencies/fresh");
    fs::remove_file(folder.join("activities.csv")).unwrap();
    let out = log(
        repo.path(),
        &[
            "fresh",
            "outcomes-review",
            "--date",
            "2026-11-23",
            "--note",
            "Q3 outcomes",
        ],
    );
    assert_eq!(
        out,
        "created agencies/fresh/activities.csv\nrecorded in agencies/fresh/activities.csv at line 2: 2026-11-23,outcomes-review,,Q3 outcomes\n"
    );
    assert_eq!(
        read(&folder, "activities.csv"),
        "date,kind,days,note\n2026-11-23,outcomes-review,,Q3 outcomes\n"
    );
    assert_eq!(
        names_in(&folder),
        ["activities.csv", "agency.toml", "fidelity"]
    );
}

/// A refused log changes nothing and leaves no file behind.
fn refused(repo: &Path, args: &[&str], code: i32, stderr: &str) {
    let folder = repo.join("agencies/fresh");
    let before = fs::read(folder.join("activities.csv")).ok();
    let names = names_in(&folder);
    let (printed, printed_stderr, exit) = run(repo, &[&["agreement", "log"], args].concat());
    assert_eq!(
        (exit, printed.as_str(), printed_stderr.as_str()),
        (code, "", stderr),
        "{args:?}"
    );
    assert_eq!(fs::read(folder.join("activities.csv")).ok(), before);
    assert_eq!(names_in(&folder), names);
}

#[test]
fn log_refuses_bad_flags_with_exit_2() {
    let repo = fresh_fixture();
    let repo = repo.path();
    let cases: [(&[&str], &str); 5] = [
        (
            &["fresh", "training-es", "--date", "2026-11-20"],
            "error: nothing was recorded: a training-es needs --days, its length in days\n  hint: add e.g. --days 3, or --days 0.5 for half a day\n",
        ),
        (
            &[
                "fresh",
                "unit-meeting",
                "--date",
                "2026-11-20",
                "--days",
                "1",
            ],
            "error: nothing was recorded: --days is only for trainings (training-es, training-mh), not for `unit-meeting`\n  hint: leave out --days\n",
        ),
        (
            &["fresh-start", "unit-meeting", "--date", "2026-11-20"],
            "error: nothing was recorded: no agency `fresh-start`: there is no agencies/fresh-start/ folder\n  hint: known agencies: fresh\n",
        ),
        (
            &["frsh", "unit-meeting", "--date", "2026-11-20"],
            "error: nothing was recorded: no agency `frsh`: there is no agencies/frsh/ folder\n  hint: did you mean `fresh`? `ips agency list` lists the one agency\n",
        ),
        (
            &["../fresh", "unit-meeting", "--date", "2026-11-20"],
            "error: nothing was recorded: no agency `../fresh`: `../fresh` is not an agency id\n  hint: known agencies: fresh\n",
        ),
    ];
    for (args, stderr) in cases {
        refused(repo, args, 2, stderr);
    }
    for days in ["40", "0", "-1", "half"] {
        refused(
            repo,
            &[
                "fresh",
                "training-es",
                "--date",
                "2026-11-20",
                "--days",
                days,
            ],
            2,
            &format!(
                "error: nothing was recorded: `days` is \"{days}\", not a number of days above 0 and up to 30\n  hint: write the training's length in days, e.g. 3 or 0.5 for half a day\n"
            ),
        );
    }
    fs::create_dir(repo.join("agencies/empty")).unwrap();
    let (_, stderr, code) = run(
        repo,
        &[
            "agreement",
            "log",
            "empty",
            "unit-meeting",
            "--date",
            "2026-11-20",
        ],
    );
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: nothing was recorded: no agency `empty`: agencies/empty/ has no agency.toml\n  hint: add the agency with `ips agency new empty --jurisdiction ID`\n"
        )
    );
    assert!(names_in(&repo.join("agencies/empty")).is_empty());
}

#[test]
fn log_refuses_an_unknown_kind_and_an_unreal_date_as_usage_errors() {
    let repo = fresh_fixture();
    // The stderr of `ips agreement log args...`, which must exit 2.
    let usage_error = |args: &[&str]| {
        let (_, stderr, code) = run(repo.path(), &[&["agreement", "log"], args].concat());
        assert_eq!(code, 2, "{args:?}");
        stderr
    };
    let stderr = usage_error(&["fresh", "unit-meting", "--date", "2026-11-20"]);
    assert!(
        stderr.starts_with("error: invalid value 'unit-meting' for '<KIND>': \"unit-meting\" is not an activity kind; did you mean unit-meeting? kinds: training-es, training-mh, unit-meeting, "),
        "{stderr}"
    );
    let stderr = usage_error(&["fresh", "unit-meeting", "--date", "2026-02-29"]);
    assert!(
        stderr.contains("2026-02-29 is not a day: February 2026 has 28 days"),
        "{stderr}"
    );
    assert_eq!(
        read(repo.path(), "agencies/fresh/activities.csv"),
        FRESH_ACTIVITIES
    );
}

#[test]
fn log_refuses_when_the_existing_file_has_errors() {
    let repo = fresh_fixture();
    write(
        repo.path(),
        "agencies/fresh/activities.csv",
        "date,kind,days,note\r\n2026-09-10,unit-meeting,2,\r\n2026-09-31,unit-meeting,,\r\n",
    );
    refused(
        repo.path(),
        &["fresh", "unit-meeting", "--date", "2026-11-20"],
        1,
        "\
error: nothing was recorded: agencies/fresh/activities.csv has errors (fix them, then log the activity again)
agencies/fresh/activities.csv:2:25: error[number]: `days` is \"2\", but only trainings have a length in days
  hint: leave `days` empty for meetings, visits, reviews and plans
agencies/fresh/activities.csv:3:1: error[date]: 2026-09-31 is not a day: September has 30 days
  hint: check the month and the day against a calendar, and write the day it happened
2 errors, 0 warnings in 1 file
",
    );
}

#[test]
fn log_refuses_a_note_the_file_has_no_column_for() {
    let repo = fresh_fixture();
    let activities = "agencies/fresh/activities.csv";
    write(
        repo.path(),
        activities,
        "date,kind,days\n2026-09-10,unit-meeting,\n",
    );
    refused(
        repo.path(),
        &[
            "fresh",
            "unit-meeting",
            "--date",
            "2026-11-20",
            "--note",
            "x",
        ],
        2,
        "error: nothing was recorded: activities.csv has no `note` column to hold the note\n  hint: give agencies/fresh/activities.csv the header date,kind,days,note\n",
    );
    // Without a note the row fits the file's three columns.
    assert_eq!(
        log(
            repo.path(),
            &["fresh", "unit-meeting", "--date", "2026-11-20"]
        ),
        "recorded in agencies/fresh/activities.csv at line 3: 2026-11-20,unit-meeting,\n"
    );
    assert_eq!(
        read(repo.path(), activities),
        "date,kind,days\n2026-09-10,unit-meeting,\n2026-11-20,unit-meeting,\n"
    );
}

#[test]
fn help_teaches_with_examples() {
    let out = log(&example_dir(), &["--help"]);
    assert!(out.contains(
        "Examples:\n  ips agreement log lakeshore training-es --date 2026-11-20 --days 1"
    ));
    let out = status(&example_dir(), &["--help"]);
    assert!(out.contains("ips agreement status lakeshore\n"));
}

/// Liaisons logging at the same moment take turns: every run that says it recorded its row did.
#[cfg(unix)]
#[test]
fn log_runs_at_the_same_time_lose_no_row() {
    let dir = example_copy();
    let activities = "agencies/riverbend/activities.csv";
    let before = read(dir.path(), activities).lines().count();
    let ips = assert_cmd::cargo::cargo_bin("ips");
    let runs: Vec<std::process::Child> = (10..22)
        .map(|day| {
            std::process::Command::new(&ips)
                .env_remove("IPS_REPO")
                .args(["--repo"])
                .arg(dir.path())
                .args(["agreement", "log", "riverbend", "unit-meeting"])
                .arg(format!("--date=2025-06-{day}"))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("ips starts")
        })
        .collect();
    let succeeded = runs
        .into_iter()
        .filter_map(|mut run| run.wait().ok())
        .filter(|status| status.success())
        .count();
    let after = read(dir.path(), activities).lines().count();
    assert_eq!(succeeded, 12);
    assert_eq!(after - before, 12);
}

/// A date after today is a typing mistake (2062 for 2026), not an activity: nothing is written.
#[test]
fn log_refuses_a_date_in_the_future() {
    let dir = example_copy();
    let file = dir.path().join("agencies/riverbend/activities.csv");
    let before = fs::read(&file).expect("activities");
    let (_, stderr, code) = run(
        dir.path(),
        &[
            "agreement",
            "log",
            "riverbend",
            "unit-meeting",
            "--date",
            "2199-01-01",
        ],
    );
    assert_eq!(
        (code, stderr.as_str()),
        (
            2,
            "error: nothing was recorded: 2199-01-01 is in the future\n  hint: log an activity once it has happened, with the day it happened\n"
        )
    );
    // A year past those ips takes is a typing mistake, said as such.
    let (_, far_stderr, far_code) = run(
        dir.path(),
        &[
            "agreement",
            "log",
            "riverbend",
            "unit-meeting",
            "--date",
            "2999-01-01",
        ],
    );
    assert_eq!(
        (far_code, far_stderr.as_str()),
        (
            2,
            "error: invalid value '2999-01-01' for '--date <DATE>': 2999-01-01 is outside the years 1900 to 2199 that ips takes: a typing mistake?\n\nFor more information, try '--help'.\n"
        )
    );
    assert_eq!(fs::read(&file).expect("activities"), before);
}

/// Without --date the activity took place today (the test reads the clock before and after the
/// run, so that a run across midnight passes too).
#[test]
fn log_without_a_date_records_today() {
    let repo = fresh_fixture();
    let folder = repo.path().join("agencies/fresh");
    fs::remove_file(folder.join("activities.csv")).unwrap();
    let before = chrono::Local::now().date_naive();
    let out = log(repo.path(), &["fresh", "steering-committee"]);
    let after = chrono::Local::now().date_naive();
    let expected = |today: chrono::NaiveDate| {
        format!(
            "created agencies/fresh/activities.csv\nrecorded in agencies/fresh/activities.csv at line 2: {today},steering-committee,,\n"
        )
    };
    assert!(out == expected(before) || out == expected(after), "{out}");
    let today = &out[out.len() - "YYYY-MM-DD,steering-committee,,\n".len()..][..10];
    assert_eq!(
        read(&folder, "activities.csv"),
        format!("date,kind,days,note\n{today},steering-committee,,\n")
    );
}

/// The help says what --date defaults to.
#[test]
fn log_help_says_the_date_is_today_by_default() {
    let out = log(&example_dir(), &["--help"]);
    assert!(
        out.contains(
            "--date <DATE>\n          The day it took place, YYYY-MM-DD (default: today, whatever $IPS_AS_OF says)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("ips agreement log scioto-valley steering-committee   # held today\n"),
        "{out}"
    );
}

/// --jurisdiction takes a comma list, as in the other commands.
#[test]
fn status_takes_a_comma_list_of_jurisdictions() {
    let (stdout, stderr, code) = run(
        &example_dir(),
        &[
            "agreement",
            "status",
            "--as-of",
            "2026-11-24",
            "--jurisdiction",
            "nz,nl",
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, 0, "{}", stderr);
    let agencies: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap_or(""))
        .collect();
    assert_eq!(agencies, ["ggz-noorderzon", "harbour-health"]);
}

/// An activity dated before the agency's start is recorded (the log is the trainer's), with a
/// warning: no milestone counts it, and it may be a typing mistake.
#[test]
fn log_warns_of_a_date_before_the_agencys_start() {
    let dir = example_copy();
    let (stdout, stderr, code) = run(
        dir.path(),
        &[
            "agreement",
            "log",
            "lakeshore",
            "employer-visit",
            "--date",
            "2020-01-01",
        ],
    );
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (
            0,
            "recorded in agencies/lakeshore/activities.csv at line 2: 2020-01-01,employer-visit,,\n",
            "warning: 2020-01-01 is before lakeshore's start (2024-01-15): no milestone counts it\n  hint: if that is a typing mistake, correct the date in agencies/lakeshore/activities.csv\n"
        )
    );
}
