//! `ips agency list`, run as a user runs it on the example repository. The expected rows were
//! read off the example's files by hand: each agency.toml's name, jurisdiction, start and teams
//! (`opened`, `closed`), the names of its fidelity/ files and the outcomes/ folders it has a
//! file in.

mod common;

use common::*;

const AS_OF: &str = "2026-11-24";

fn list(args: &[&str]) -> Run {
    run_ips(
        &crate_dir(),
        &[
            &["--repo", "examples/learning-community", "agency", "list"],
            args,
        ]
        .concat(),
    )
}

#[test]
fn the_example_agencies_as_of_its_day() {
    // riverbend's east team closed on 2025-08-15; ggz-noorderzon's oost opened on 2026-01-12.
    // Everyone has a 2026-Q3 file; the latest review files are listed by name.
    let (stdout, stderr, code) = list(&["--as-of", AS_OF, "--format", "csv"]);
    assert_eq!(
        stdout,
        "agency,name,jurisdiction,start,teams_open,last_quarter,last_review,status,jurisdiction_name,trainer,term_ends
eastbay-wellness,East Bay Wellness Center,alameda,2023-09-05,2,2026-Q3,2026-05-19,active,Alameda County,Kevin Nguyen,
ggz-noorderzon,GGZ Noorderzon,nl,2025-06-02,2,2026-Q3,2025-08-26,active,Netherlands,Sanne de Vries,
harbour-health,Harbour Community Health,nz,2023-06-12,3,2026-Q3,2026-08-18,active,New Zealand,Aroha Ngata,2026-06-30
lakeshore,Lakeshore Behavioral Health,oh,2024-01-15,2,2026-Q3,2026-08-11,active,Ohio,Beth Sandoval,
riverbend,Riverbend Community Mental Health,oh,2023-03-01,3,2026-Q3,2025-12-09,active,Ohio,Beth Sandoval,2029-12-31
scioto-valley,Scioto Valley Counseling Services,oh,2024-09-16,1,2026-Q3,2026-08-04,active,Ohio,Tom Okafor,
tri-city-pathways,Tri-City Pathways,alameda,2024-06-03,2,2026-Q3,2026-08-18,active,Alameda County,Kevin Nguyen,
"
    );
    assert_eq!((stderr.as_str(), code), ("", 0));
    // The terminal table leaves the jurisdiction, its name, the start and the term's end to
    // --wide, CSV and JSON.
    let (table, _, _) = list(&["--as-of", AS_OF, "--jurisdiction", "nz"]);
    assert_eq!(
        table,
        " agency          name                      teams_open  last_quarter  last_review  status  trainer
 ──────────────  ────────────────────────  ──────────  ────────────  ───────────  ──────  ───────────
 harbour-health  Harbour Community Health           3  2026-Q3       2026-08-18   active  Aroha Ngata
"
    );
}

#[test]
fn the_list_replays_any_day() {
    // On 2025-06-01: ggz-noorderzon starts the next day (centrum has no `opened`, so it counts
    // as open); eastbay-wellness sent no 2025-Q2 file, which has not ended anyway; tri-city's
    // union-city team opened on 2025-02-03.
    let (stdout, _, code) = list(&[
        "--as-of",
        "2025-06-01",
        "--jurisdiction",
        "nl,alameda",
        "--format",
        "csv",
    ]);
    assert_eq!(
        stdout,
        "agency,name,jurisdiction,start,teams_open,last_quarter,last_review,status,jurisdiction_name,trainer,term_ends
eastbay-wellness,East Bay Wellness Center,alameda,2023-09-05,2,2025-Q1,2024-11-19,active,Alameda County,Kevin Nguyen,
ggz-noorderzon,GGZ Noorderzon,nl,2025-06-02,1,,,not-started,Netherlands,Sanne de Vries,
tri-city-pathways,Tri-City Pathways,alameda,2024-06-03,2,2025-Q1,2025-02-18,active,Alameda County,Kevin Nguyen,
"
    );
    assert_eq!(code, 0);
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
    agency: String,
    name: Option<String>,
    jurisdiction: Option<String>,
    start: Option<String>,
    teams_open: Option<u64>,
    last_quarter: Option<String>,
    last_review: Option<String>,
    status: String,
    jurisdiction_name: Option<String>,
    trainer: Option<String>,
    term_ends: Option<String>,
}

#[test]
fn json_has_stable_fields_and_an_agency_with_errors_says_so() {
    let repo = example_copy();
    edit(
        repo.path(),
        "agencies/scioto-valley/agency.toml",
        "start = 2024-09-16\n",
        "start = 2024-09-16\nwebsite = \"scioto.example\"\n",
    );
    let (stdout, stderr, code) = run_ips(
        repo.path(),
        &[
            "agency",
            "list",
            "--as-of",
            AS_OF,
            "--jurisdiction",
            "oh",
            "--format",
            "json",
        ],
    );
    let document: Document = serde_json::from_str(&stdout).expect("the documented shape");
    assert_eq!(document.meta, meta(AS_OF, None, None));
    let text = |s: &str| Some(s.to_string());
    assert_eq!(
        document.rows[2],
        Row {
            agency: "scioto-valley".into(),
            name: None,
            jurisdiction: text("oh"),
            start: None,
            teams_open: None,
            last_quarter: None,
            last_review: None,
            status: "data-error".into(),
            jurisdiction_name: text("Ohio"),
            // The trainer names the row too, so that `--trainer` finds the agency to fix.
            trainer: text("Tom Okafor"),
            term_ends: None,
        }
    );
    assert_eq!(
        document.rows[1],
        Row {
            agency: "riverbend".into(),
            name: text("Riverbend Community Mental Health"),
            jurisdiction: text("oh"),
            start: text("2023-03-01"),
            teams_open: Some(3),
            last_quarter: text("2026-Q3"),
            last_review: text("2025-12-09"),
            status: "active".into(),
            jurisdiction_name: text("Ohio"),
            trainer: text("Beth Sandoval"),
            term_ends: text("2029-12-31"),
        }
    );
    assert!(
        stderr.starts_with(
            "error: 1 agency has errors in its files, so its row shows `data-error`: scioto-valley\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "agencies/scioto-valley/agency.toml:5:1: error[unknown-key]: unknown key `website`"
        ),
        "{stderr}"
    );
    assert_eq!(code, 1);
}
