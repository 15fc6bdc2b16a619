//! `ips report`: the model's figures for the example, computed here by hand from its files;
//! the committed example report (docs/example-report/) kept equal to what ips writes; the
//! same bytes on every run; escaping; the public and the site report; writing files.

mod common;

use common::*;
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

const AS_OF: &str = "--as-of=2026-11-24";

/// `ips report --as-of 2026-11-24 args...` on `repo`, run from a folder with no repository.
fn report(repo: &Path, args: &[&str]) -> Run {
    let mut all = vec!["report", AS_OF];
    all.extend_from_slice(args);
    output(ips_with_repo(&crate_dir(), repo).args(&all))
}

fn json(repo: &Path, args: &[&str]) -> Value {
    let (stdout, stderr, code) = report(repo, &[args, &["--format", "json"]].concat());
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("the report's JSON")
}

/// The example's rows of a quarter: (agency, jurisdiction, [(served, employed, education,
/// job_starts)] per team), read off outcomes/<quarter>/*.csv.
type Rows = [(&'static str, &'static str, &'static [(u64, u64, u64, u64)])];

const Q3_2026: &Rows = &[
    (
        "eastbay-wellness",
        "alameda",
        &[(53, 24, 6, 6), (31, 14, 2, 5)],
    ),
    ("ggz-noorderzon", "nl", &[(35, 13, 5, 5), (10, 4, 1, 1)]),
    (
        "harbour-health",
        "nz",
        &[(40, 22, 3, 7), (33, 19, 2, 4), (26, 15, 1, 4)],
    ),
    ("lakeshore", "oh", &[(35, 13, 4, 3), (27, 11, 1, 3)]),
    (
        "riverbend",
        "oh",
        &[(46, 22, 2, 9), (38, 17, 2, 7), (23, 11, 2, 4)],
    ),
    ("scioto-valley", "oh", &[(43, 11, 5, 4)]),
    (
        "tri-city-pathways",
        "alameda",
        &[(40, 18, 5, 4), (23, 10, 2, 3)],
    ),
];
/// 2026-Q2 and 2025-Q3: served and employed per agency.
const Q2_2026: &[(&str, u64, u64)] = &[
    ("eastbay-wellness", 80, 35),
    ("ggz-noorderzon", 42, 15),
    ("harbour-health", 94, 52),
    ("lakeshore", 58, 22),
    ("riverbend", 101, 46),
    ("scioto-valley", 39, 10),
    ("tri-city-pathways", 58, 24),
];
const Q3_2025: &[(&str, u64, u64)] = &[
    ("eastbay-wellness", 71, 31),
    ("ggz-noorderzon", 29, 8),
    ("harbour-health", 87, 47),
    ("lakeshore", 54, 19),
    ("riverbend", 100, 42),
    ("scioto-valley", 36, 9),
    ("tri-city-pathways", 45, 16),
];
/// Each agency's latest review on or before 2026-09-30, from agencies/*/fidelity/.
const TOTALS: &[(&str, u32)] = &[
    ("eastbay-wellness", 101),
    ("ggz-noorderzon", 68),
    ("harbour-health", 117),
    ("lakeshore", 95),
    ("riverbend", 108),
    ("scioto-valley", 79),
    ("tri-city-pathways", 100),
];

fn sums(rows: &Rows, keep: impl Fn(&str, &str) -> bool) -> [u64; 4] {
    let mut sum = [0; 4];
    for (agency, jurisdiction, teams) in rows {
        if keep(agency, jurisdiction) {
            for (s, e, d, j) in *teams {
                sum[0] += s;
                sum[1] += e;
                sum[2] += d;
                sum[3] += j;
            }
        }
    }
    sum
}

fn rate(employed: u64, served: u64) -> f64 {
    employed as f64 / served as f64
}

fn pooled(rows: &[(&str, u64, u64)]) -> f64 {
    let served: u64 = rows.iter().map(|r| r.1).sum();
    let employed: u64 = rows.iter().map(|r| r.2).sum();
    rate(employed, served)
}

fn close(actual: &Value, expected: f64) {
    let actual = actual
        .as_f64()
        .unwrap_or_else(|| panic!("a number: {actual}"));
    assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
}

/// The top-level fields are the documented model (docs/report.md): a rename breaks this test.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Model {
    title: String,
    community: String,
    introduction: Option<String>,
    contact: Option<String>,
    scope: Value,
    quarter: String,
    quarter_label: String,
    as_of: String,
    public: bool,
    data: Option<Value>,
    benchmarks: Value,
    headline: Headline,
    trend: Vec<Value>,
    jurisdictions: Vec<Value>,
    programs: Value,
    agencies: Vec<Value>,
    teams: Vec<Value>,
    not_reported: Vec<Value>,
    fidelity: Value,
    agreement: Option<Vec<Value>>,
    agreement_summary: Option<Value>,
    site: Option<Value>,
    suppression: Option<Value>,
    restated: Option<Restated>,
    notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Restated {
    since: String,
    commit: String,
    quarters: Vec<RestatedQuarter>,
    changes: Option<Vec<RestatedCount>>,
    changes_left_out: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RestatedQuarter {
    quarter: String,
    counts: usize,
    served_before: Option<u64>,
    served_after: Option<u64>,
    employed_before: Option<u64>,
    employed_after: Option<u64>,
    rate_before: Option<f64>,
    rate_after: Option<f64>,
    rate_change: Option<f64>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct RestatedCount {
    quarter: String,
    agency: String,
    agency_name: String,
    team: String,
    field: String,
    before: Option<u64>,
    after: Option<u64>,
    commit: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Headline {
    served: Option<u64>,
    employed: Option<u64>,
    rate: Option<f64>,
    band: Option<String>,
    education: Option<u64>,
    education_rate: Option<f64>,
    job_starts: Option<u64>,
    rate_change: Option<f64>,
    rate_change_comparable: Option<bool>,
    rate_change_year: Option<f64>,
    rate_change_year_comparable: Option<bool>,
    agencies_reporting: usize,
    agencies_expected: usize,
    jurisdictions_reporting: usize,
    jurisdictions_expected: usize,
    teams_reporting: usize,
    teams_expected: usize,
    suppressed: Vec<String>,
    small: Vec<String>,
}

#[test]
fn the_example_reports_figures_are_those_of_its_files() {
    let model = json(&example_dir(), &[]);
    let parsed: Model = serde_json::from_value(model.clone()).expect("the documented model");
    assert_eq!(parsed.quarter, "2026-Q3");
    assert_eq!(parsed.title, "IPS outcomes, 2026-Q3 (July–September 2026)");
    let [served, employed, education, job_starts] = sums(Q3_2026, |_, _| true);
    assert_eq!(
        (served, employed, education, job_starts),
        (503, 224, 43, 69)
    );
    let h = &model["headline"];
    assert_eq!(h["served"], 503);
    assert_eq!(h["employed"], 224);
    close(&h["rate"], rate(224, 503));
    assert_eq!(h["band"], "average");
    close(&h["education_rate"], rate(43, 503));
    assert_eq!(h["job_starts"], 69);
    close(&h["rate_change"], rate(224, 503) - pooled(Q2_2026));
    close(&h["rate_change_year"], rate(224, 503) - pooled(Q3_2025));
    // The same seven agencies reported 2026-Q2, 2025-Q3 and 2026-Q3.
    assert_eq!(
        (
            &h["rate_change_comparable"],
            &h["rate_change_year_comparable"]
        ),
        (&Value::Bool(true), &Value::Bool(true))
    );
    assert_eq!(
        [
            &h["agencies_reporting"],
            &h["agencies_expected"],
            &h["jurisdictions_reporting"],
            &h["teams_reporting"],
            &h["teams_expected"]
        ],
        [7, 7, 4, 15, 15]
    );
    // Jurisdictions in ips.toml's order, each the pool of its agencies.
    let jurisdictions: Vec<(&str, u64, u64)> = model["jurisdictions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["id"].as_str().unwrap(),
                j["served"].as_u64().unwrap(),
                j["employed"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(&str, u64, u64)> = ["oh", "alameda", "nz", "nl"]
        .iter()
        .map(|id| {
            let [s, e, _, _] = sums(Q3_2026, |_, j| j == *id);
            (*id, s, e)
        })
        .collect();
    assert_eq!(jurisdictions, expected);
    assert_eq!(model["jurisdictions"][0]["name"], "Ohio");
    // Agencies by jurisdiction, then by name; each row's trend ends with its rate.
    let agencies: Vec<&str> = model["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        agencies,
        [
            "lakeshore",
            "riverbend",
            "scioto-valley",
            "eastbay-wellness",
            "tri-city-pathways",
            "harbour-health",
            "ggz-noorderzon"
        ]
    );
    let riverbend = &model["agencies"][1];
    assert_eq!(riverbend["name"], "Riverbend Community Mental Health");
    close(&riverbend["rate"], rate(50, 107));
    close(&riverbend["rate_change"], rate(50, 107) - rate(46, 101));
    close(&riverbend["trend"][7], rate(50, 107));
    assert_eq!(riverbend["trend"].as_array().unwrap().len(), 8);
    assert_eq!(model["trend"][7]["quarter"], "2026-Q3");
    assert_eq!(model["trend"][0]["quarter"], "2024-Q4");
    assert_eq!(model["not_reported"], Value::Array(vec![]));
    // Pearson's r of each agency's latest fidelity total and its rate.
    let points: Vec<(f64, f64)> = TOTALS
        .iter()
        .map(|(agency, total)| {
            let [s, e, _, _] = sums(Q3_2026, |a, _| a == *agency);
            (f64::from(*total), rate(e, s))
        })
        .collect();
    let n = points.len() as f64;
    let (mx, my) = (
        points.iter().map(|p| p.0).sum::<f64>() / n,
        points.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let cov: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let vx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let vy: f64 = points.iter().map(|p| (p.1 - my).powi(2)).sum();
    close(
        &model["fidelity"]["correlation"]["r"],
        cov / (vx * vy).sqrt(),
    );
    assert_eq!(model["fidelity"]["correlation"]["n"], 7);
    let bands: Vec<(String, u64)> = model["fidelity"]["bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["band"].as_str().unwrap().to_string(),
                b["agencies"].as_u64().unwrap(),
            )
        })
        .collect();
    let count = |low: u32, high: u32| {
        TOTALS
            .iter()
            .filter(|(_, t)| (low..=high).contains(t))
            .count() as u64
    };
    assert_eq!(
        bands,
        [
            ("exemplary".to_string(), count(115, 125)),
            ("good".to_string(), count(100, 114)),
            ("fair".to_string(), count(74, 99)),
            ("not-supported-employment".to_string(), count(25, 73)),
            ("none".to_string(), 0),
        ]
    );
    // The internal report has the agreement; eastbay's 2025-Q2 outcomes are overdue.
    let agreement = model["agreement"].as_array().expect("an internal report");
    assert_eq!(agreement[0]["id"], "eastbay-wellness");
    assert_eq!(
        agreement[0]["overdue_items"][0],
        "outcomes-reported: 2025-Q2"
    );
}

#[test]
fn an_agency_that_did_not_report_is_named_and_the_figures_are_partial() {
    let repo = example_copy();
    std::fs::remove_file(repo.path().join("outcomes/2026-Q3/lakeshore.csv")).unwrap();
    let model = json(repo.path(), &[]);
    let [served, employed, _, _] = sums(Q3_2026, |a, _| a != "lakeshore");
    assert_eq!(model["headline"]["served"], served);
    assert_eq!(model["headline"]["employed"], employed);
    assert_eq!(
        [
            &model["headline"]["agencies_reporting"],
            &model["headline"]["agencies_expected"]
        ],
        [6, 7]
    );
    assert_eq!(
        model["not_reported"][0]["name"],
        "Lakeshore Behavioral Health"
    );
    let (html, _, code) = report(repo.path(), &[]);
    assert_eq!(code, 0);
    assert!(
        html.contains("6 of 7 expected agencies reported; Lakeshore Behavioral Health has not"),
        "the warning strip"
    );
}

#[test]
fn the_same_data_and_arguments_give_the_same_bytes() {
    for format in ["html", "json"] {
        let first = report(&example_dir(), &["--format", format]);
        let second = report(&example_dir(), &["--format", format]);
        assert_eq!(first.2, 0);
        assert!(first == second, "{format}");
    }
    let dir = tempfile::TempDir::new().unwrap();
    for out in ["a", "b"] {
        let (_, _, code) = report(
            &example_dir(),
            &[
                "--format",
                "markdown",
                "--out",
                dir.path().join(out).to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0);
    }
    for file in [
        "report.md",
        "trend.svg",
        "served.svg",
        "jurisdictions.svg",
        "fidelity.svg",
    ] {
        assert_eq!(
            read(&dir.path().join("a"), file),
            read(&dir.path().join("b"), file),
            "{file}"
        );
    }
}

#[test]
fn names_from_the_data_are_escaped_in_every_format() {
    let repo = example_copy();
    edit(
        repo.path(),
        "agencies/riverbend/agency.toml",
        "name = \"Riverbend Community Mental Health\"",
        "name = \"<script>alert(1)</script> & \\\"R\\\" | *b*\"",
    );
    let (html, _, code) = report(repo.path(), &[]);
    assert_eq!(code, 0);
    assert!(!html.contains("<script>alert"), "a raw script in the HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("md");
    let (_, _, code) = report(
        repo.path(),
        &["--format", "markdown", "--out", out.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    let markdown = read(&out, "report.md");
    assert!(!markdown.contains("<script>"));
    assert!(markdown.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"R\" \\| \\*b\\*"));
    // The charts' text is escaped too.
    assert!(!read(&out, "fidelity.svg").contains("<script>"));
}

/// A public report hides small numbers in its tables and charts alike: in the public
/// fixture, the Netherlands (9 served) and New Zealand, hidden with it.
#[test]
fn a_public_report_hides_small_numbers_everywhere() {
    let model = json(&fixture("public"), &["--public"]);
    assert_eq!(model["public"], true);
    assert_eq!(model["agreement"], Value::Null);
    let nl = model["jurisdictions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["id"] == "nl")
        .unwrap();
    assert_eq!(nl["served"], Value::Null);
    assert_eq!(nl["rate"], Value::Null);
    assert_eq!(nl["small"][0], "served");
    let nz = model["jurisdictions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["id"] == "nz")
        .unwrap();
    // New Zealand's 50 served is hidden with it: else 162 - 103 - 50 would give 9.
    assert_eq!(nz["served"], Value::Null);
    assert!(
        !nz["small"]
            .as_array()
            .unwrap()
            .contains(&Value::from("served"))
    );
    assert_eq!(model["headline"]["served"], 162);
    assert!(model["suppression"]["hidden"].as_u64().unwrap() > 0);
    // c1 (9 served) is no point of the scatter, and no bar.
    let points: Vec<&str> = model["fidelity"]["correlation"]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["agency"].as_str().unwrap())
        .collect();
    assert!(!points.contains(&"c1"));
    let (html, _, _) = report(&fixture("public"), &["--public"]);
    assert!(
        html.contains("Netherlands hidden: &lt;11 served"),
        "the bar's label"
    );
    assert!(
        html.contains("<td class=\"num\">&lt;11</td>"),
        "a small count"
    );
    assert!(!html.contains("Agreement milestones"));
    // No agency has a baseline review here: who reported is said, not "5 of 0".
    assert!(
        html.contains("Reporting: 3 jurisdictions, 5 agencies, 6 teams; none was expected yet (no baseline fidelity review by the quarter&#x27;s end)."),
        "the reporting line"
    );
}

/// A past quarter's points of the agencies' trend lines are protected with its total, as the
/// current quarter's rows are: a rate written out in full is a fraction, so a lone hidden
/// point would be the total less the others. Ohio's: scioto-valley's employed is small in every
/// past quarter, and lakeshore's point (the next smallest) is hidden with it; riverbend's
/// change from 2026-Q2 stands, lakeshore's goes with its point.
#[test]
fn a_hidden_point_of_a_trend_line_is_never_alone_in_its_quarter() {
    let example = example_dir();
    let points = |model: &Value, agency: &str| -> Vec<bool> {
        model["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == agency)
            .unwrap()["trend"]
            .as_array()
            .unwrap()
            .iter()
            .map(|point| !point.is_null())
            .collect()
    };
    let ohio = json(&example, &["--jurisdiction", "oh", "--public"]);
    let past_hidden = [false, false, false, false, false, false, false, true];
    assert_eq!(points(&ohio, "scioto-valley"), past_hidden);
    assert_eq!(points(&ohio, "lakeshore"), past_hidden);
    assert_eq!(points(&ohio, "riverbend"), [true; 8]);
    let change = |model: &Value, agency: &str| {
        model["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == agency)
            .unwrap()["rate_change"]
            .clone()
    };
    assert_eq!(change(&ohio, "lakeshore"), Value::Null);
    assert!(change(&ohio, "riverbend").is_number());
    // The note counts what is drawn hidden: 14 points and 2 changes, not the agencies'
    // education, which the report never shows.
    assert_eq!(ohio["suppression"]["hidden"], 16);
    // The whole community: in no past quarter is exactly one point hidden among those that
    // reported it (the internal report draws them all).
    let public = json(&example, &["--public"]);
    let internal = json(&example, &[]);
    let agencies: Vec<String> = internal["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    for quarter in 0..7 {
        let hidden = agencies
            .iter()
            .filter(|a| points(&internal, a)[quarter] && !points(&public, a)[quarter])
            .count();
        assert_ne!(hidden, 1, "quarter {quarter} of the trend");
    }
}

/// riverbend's row of the fidelity table: (review date, total).
fn riverbend_review(model: &Value) -> (Value, Value) {
    let rows = model["fidelity"]["agencies"].as_array().unwrap();
    let row = rows.iter().find(|r| r["id"] == "riverbend").unwrap();
    (row["review"].clone(), row["total"].clone())
}

#[test]
fn a_public_report_reads_the_reviews_it_shows_and_not_their_history() {
    let repo = example_copy();
    // An error in a review the public report has no use for: the internal report follows
    // every review in its agreement section, so it refuses; the public one does not read it.
    write(
        repo.path(),
        "agencies/riverbend/fidelity/2023-05-16.toml",
        "date = 2023-05-16\nkind = \n",
    );
    let (_, stderr, code) = report(repo.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("2023-05-16.toml"), "{stderr}");
    let model = json(repo.path(), &["--public"]);
    assert_eq!(
        riverbend_review(&model),
        (Value::from("2025-12-09"), Value::from(108))
    );
    // Data behind the calendar: as of 2027-06-01 the last quarter ended is 2027-Q1, but the
    // report defaults to 2026-Q3, the latest reported. The review by 2026-09-30 is still the
    // one shown, though a later review (2026-12-15) came before the as-of date.
    let later = read(repo.path(), "agencies/riverbend/fidelity/2025-12-09.toml")
        .replace("date = 2025-12-09", "date = 2026-12-15")
        .replace("plan = 2026-01-13", "plan = 2027-01-10");
    write(
        repo.path(),
        "agencies/riverbend/fidelity/2026-12-15.toml",
        later,
    );
    let (stdout, stderr, code) = output(ips_with_repo(&crate_dir(), repo.path()).args([
        "report",
        "--as-of=2027-06-01",
        "--public",
        "--format=json",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let model: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(model["quarter"], "2026-Q3");
    assert_eq!(
        riverbend_review(&model),
        (Value::from("2025-12-09"), Value::from(108))
    );
}

#[test]
fn a_site_report_shows_its_teams_its_items_and_its_checklist() {
    let model = json(&example_dir(), &["--agency", "riverbend"]);
    assert_eq!(model["scope"]["kind"], "site");
    assert_eq!(model["scope"]["label"], "Riverbend Community Mental Health");
    let teams: Vec<(&str, &str, u64)> = model["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap(),
                t["location"].as_str().unwrap(),
                t["served"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        teams,
        [
            ("north", "Columbus", 46),
            ("south", "Grove City", 38),
            ("west", "Hilliard", 23)
        ]
    );
    let (html, _, _) = report(&example_dir(), &["--agency", "riverbend"]);
    assert!(html.contains(">north (Columbus)<"), "a team by its place");
    assert_eq!(model["headline"]["served"], 107);
    let site = &model["site"];
    assert_eq!(site["jurisdiction"], "oh");
    let [oh_served, oh_employed, _, _] = sums(Q3_2026, |_, j| j == "oh");
    close(
        &site["jurisdiction_trend"][7]["rate"],
        rate(oh_employed, oh_served),
    );
    close(&site["community_trend"][7]["rate"], rate(224, 503));
    // Items lowest first.
    let scores: Vec<u64> = site["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["score"].as_u64().unwrap())
        .collect();
    assert_eq!(scores.len(), 25);
    assert!(scores.windows(2).all(|w| w[0] <= w[1]), "{scores:?}");
    assert_eq!(site["checklist"].as_array().unwrap().len(), 11);
    // Public: no checklist.
    let public = json(&example_dir(), &["--agency", "riverbend", "--public"]);
    assert_eq!(public["site"]["checklist"], Value::Null);
}

/// `ips report --since REV ... --format json` in the git repository `dir`: its `restated`.
fn restated_since(dir: &Path, args: &[&str]) -> Restated {
    let mut all = vec!["report", AS_OF, "--since", "v1", "--format", "json"];
    all.extend_from_slice(args);
    let (stdout, stderr, code) = ips_git(dir, &all);
    assert_eq!(code, 0, "{stderr}");
    let model: Model = serde_json::from_str(&stdout).expect("the documented model");
    model.restated.expect("a restated section")
}

fn quarter_restated(
    quarter: &str,
    counts: usize,
    served: (u64, u64),
    employed: (u64, u64),
) -> RestatedQuarter {
    let (before, after) = (rate(employed.0, served.0), rate(employed.1, served.1));
    RestatedQuarter {
        quarter: quarter.to_string(),
        counts,
        served_before: Some(served.0),
        served_after: Some(served.1),
        employed_before: Some(employed.0),
        employed_after: Some(employed.1),
        rate_before: Some(before),
        rate_after: Some(after),
        rate_change: Some(after - before),
    }
}

/// A restated quarter with its rates to 9 places: JSON's text of a float need not parse back
/// to the same last bit.
type Approx = (String, usize, [Option<u64>; 4], [Option<i64>; 3]);

fn approx(quarters: &[RestatedQuarter]) -> Vec<Approx> {
    let nine = |rate: Option<f64>| rate.map(|r| (r * 1e9).round() as i64);
    quarters
        .iter()
        .map(|q| {
            (
                q.quarter.clone(),
                q.counts,
                [
                    q.served_before,
                    q.served_after,
                    q.employed_before,
                    q.employed_after,
                ],
                [nine(q.rate_before), nine(q.rate_after), nine(q.rate_change)],
            )
        })
        .collect()
}

#[test]
fn since_a_revision_the_report_says_what_was_restated() {
    let dir = example_git();
    let repo = dir.path();
    git(repo, &["tag", "v1"]);
    let v1 = git(repo, &["rev-parse", "--short", "v1"])
        .trim()
        .to_string();
    // A count restated in a commit, and one not committed yet.
    edit(
        repo,
        "outcomes/2026-Q3/riverbend.csv",
        "north,46,22",
        "north,50,22",
    );
    let restating = commit_all(repo, "riverbend: north served 50 in 2026-Q3");
    edit(
        repo,
        "outcomes/2026-Q2/lakeshore.csv",
        "elyria,25,9",
        "elyria,25,10",
    );

    let restated = restated_since(repo, &[]);
    assert_eq!(
        (restated.since.as_str(), restated.commit.as_str()),
        ("v1", v1.as_str())
    );
    // The example's totals: 2026-Q2 served 472 and employed 204, 2026-Q3 503 and 224.
    assert_eq!(
        approx(&restated.quarters),
        approx(&[
            quarter_restated("2026-Q2", 1, (472, 472), (204, 205)),
            quarter_restated("2026-Q3", 1, (503, 507), (224, 224)),
        ])
    );
    let change = |quarter: &str, agency: &str, name: &str, team: &str, field: &str| RestatedCount {
        quarter: quarter.into(),
        agency: agency.into(),
        agency_name: name.into(),
        team: team.into(),
        field: field.into(),
        before: None,
        after: None,
        commit: None,
    };
    assert_eq!(
        restated.changes.unwrap(),
        [
            RestatedCount {
                before: Some(9),
                after: Some(10),
                ..change(
                    "2026-Q2",
                    "lakeshore",
                    "Lakeshore Behavioral Health",
                    "elyria",
                    "employed"
                )
            },
            RestatedCount {
                before: Some(46),
                after: Some(50),
                commit: Some(restating.clone()),
                ..change(
                    "2026-Q3",
                    "riverbend",
                    "Riverbend Community Mental Health",
                    "north",
                    "served"
                )
            },
        ]
    );
    assert_eq!(restated.changes_left_out, 0);

    // A site report compares the site's own files, and totals them.
    let site = restated_since(repo, &["--agency", "riverbend"]);
    assert_eq!(
        approx(&site.quarters),
        approx(&[quarter_restated("2026-Q3", 1, (107, 111), (50, 50))])
    );
    // A report of 2026-Q2 has no use for the restated 2026-Q3.
    let earlier = restated_since(repo, &["--quarter", "2026-Q2"]);
    assert_eq!(earlier.quarters.len(), 1);
    assert_eq!(earlier.changes.unwrap().len(), 1);
    // Nothing restated in Alameda: the section says so.
    let alameda = restated_since(repo, &["--jurisdiction", "alameda"]);
    assert!(alameda.quarters.is_empty());
    let (html, stderr, code) = ips_git(
        repo,
        &[
            "report",
            AS_OF,
            "--since",
            "v1",
            "--jurisdiction",
            "alameda",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(html.contains(&format!(
        "<p>No count of 2026-Q3 or before differs from the outcome files at v1 ({v1}).</p>"
    )));

    // A public report counts what was restated and shows no figure of it.
    let public = restated_since(repo, &["--public"]);
    assert!(public.changes.is_none());
    assert_eq!(
        public
            .quarters
            .iter()
            .map(|q| (q.quarter.as_str(), q.counts, q.served_before, q.rate_after))
            .collect::<Vec<_>>(),
        [("2026-Q2", 1, None, None), ("2026-Q3", 1, None, None)]
    );

    // As people read it.
    let (html, _, _) = ips_git(repo, &["report", AS_OF, "--since", "v1"]);
    assert!(html.contains("<h2 id=\"restated\">Restated since v1</h2>"));
    assert!(html.contains(&format!(
        "<p>2 counts in 2 quarters differ from the outcome files at v1 ({v1}): a report made from them showed the figures before.</p>"
    )));
    assert!(html.contains(&format!(
        "<td class=\"prose\">north</td><td>served</td><td class=\"num\">46</td><td class=\"num\">50</td><td>{}</td>",
        &restating[..7]
    )), "the row of the restated count");
    assert!(html.contains("<td>not committed</td>"));
    assert!(
        html.contains(
            "<tr><td>2026-Q3</td><td class=\"num\">1</td><td class=\"num\">503 → 507</td><td class=\"num\">224 → 224</td><td class=\"num\">44.5% → 44.2%</td><td class=\"num\">-0.4 pp</td></tr>"
        ),
        "the restated quarter, then and now"
    );
}

#[test]
fn since_needs_git_and_a_revision_it_knows() {
    let copy = example_copy();
    let (stdout, stderr, code) = report(copy.path(), &["--since", "v1"]);
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert!(stderr.starts_with("error: "), "{stderr}");
    let dir = example_git();
    let (_, stderr, code) = ips_git(dir.path(), &["report", AS_OF, "--since", "no-such-tag"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: no commit `no-such-tag`"),
        "{stderr}"
    );
}

#[test]
fn a_report_is_never_written_over_without_force() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("report.html");
    std::fs::write(&file, "mine").unwrap();
    let (stdout, stderr, code) = report(&example_dir(), &["--out", file.to_str().unwrap()]);
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert_eq!(
        stderr,
        format!(
            "error: {} already exists: nothing was written\n  hint: choose another --out, or pass --force to write over it\n",
            file.display()
        )
    );
    assert_eq!(read(dir.path(), "report.html"), "mine");
    let (_, stderr, code) = report(
        &example_dir(),
        &["--out", file.to_str().unwrap(), "--force"],
    );
    assert_eq!((stderr, code), (format!("wrote {}\n", file.display()), 0));
    assert!(read(dir.path(), "report.html").starts_with("<!doctype html>"));
    // Markdown is a folder, and needs --out.
    let (_, stderr, code) = report(&example_dir(), &["--format", "markdown"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: a Markdown report is a folder: report.md and its charts\n  hint: name the folder with --out, e.g. --out reports/2026-Q3\n"
    );
    let (_, _, code) = report(
        &example_dir(),
        &[
            "--format",
            "markdown",
            "--out",
            dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "an existing folder");
}

#[test]
fn a_quarter_not_ended_and_data_with_errors_are_refused() {
    let (_, stderr, code) = report(&example_dir(), &["--quarter", "2026-Q4"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: 2026-Q4 has not ended as of 2026-11-24"),
        "{stderr}"
    );
    let repo = example_copy();
    write(
        repo.path(),
        "outcomes/2026-Q3/riverbend.csv",
        "team,served,employed\nnorth,x,1\n",
    );
    let (stdout, stderr, code) = report(repo.path(), &[]);
    assert_eq!((stdout.as_str(), code), ("", 1));
    assert!(
        stderr
            .starts_with("error: the data has errors, so no report was written\n  hint: fix them"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// The committed example report.

/// The data commit changes with the history of the checkout; the rest must not.
fn without_commit(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("commit ") {
        out.push_str(&rest[..at + 7]);
        rest = &rest[at + 7..];
        let end = rest
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(rest.len());
        out.push_str("COMMIT");
        rest = &rest[end..];
        rest = rest
            .strip_prefix(" with uncommitted changes")
            .unwrap_or(rest);
    }
    out.push_str(rest);
    out
}

/// docs/example-report/ is what `ips report` writes for the example (Markdown with its charts,
/// and the HTML page), so the committed example cannot drift from the program.
/// `IPS_UPDATE_DOCS=1 cargo test --test report` rewrites it.
#[test]
fn the_committed_example_report_is_what_ips_writes() {
    let docs = crate_dir().join("docs/example-report");
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("report");
    let (_, stderr, code) = report(
        &example_dir(),
        &["--format", "markdown", "--out", out.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    let (html, _, code) = report(&example_dir(), &[]);
    assert_eq!(code, 0);
    write(&out, "report.html", &html);
    let files = [
        "report.md",
        "report.html",
        "trend.svg",
        "served.svg",
        "jurisdictions.svg",
        "programs.svg",
        "fidelity.svg",
    ];
    for file in files {
        let written = read(&out, file);
        if std::env::var_os("IPS_UPDATE_DOCS").is_some() {
            write(&docs, file, &written);
        }
        let committed = std::fs::read_to_string(docs.join(file)).unwrap_or_default();
        assert_eq!(
            without_commit(&committed),
            without_commit(&written),
            "docs/example-report/{file} is out of date: run IPS_UPDATE_DOCS=1 cargo test --test report"
        );
    }
}

/// In 2025-Q2 eastbay-wellness sent no file: Alameda's and the community's changes from
/// 2025-Q1 compare different agencies, and are marked as `ips outcomes summarize` marks them.
/// A jurisdiction with no agency reporting or expected is left out.
#[test]
fn a_change_between_quarters_of_different_agencies_is_marked() {
    let model = json(&example_dir(), &["--quarter", "2025-Q2"]);
    assert_eq!(model["headline"]["rate_change_comparable"], false);
    let comparable = |id: &str| {
        model["jurisdictions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|j| j["id"] == id)
            .unwrap()["rate_change_comparable"]
            .clone()
    };
    assert_eq!(comparable("alameda"), false);
    assert_eq!(comparable("oh"), true);
    // ggz-noorderzon's baseline review came later: the Netherlands take no part yet.
    let ids: Vec<&str> = model["jurisdictions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["oh", "alameda", "nz"]);
    let (html, _, code) = report(&example_dir(), &["--quarter", "2025-Q2"]);
    assert_eq!(code, 0);
    assert!(html.contains(">-2.9 pp†<"), "Alameda's change");
    assert!(html.contains("A change marked † compares quarters that different agencies reported"));
}

/// Three agencies line up by chance: the scatter's title says r says little.
#[test]
fn a_correlation_of_a_few_agencies_is_said_to_say_little() {
    let (html, _, code) = report(&example_dir(), &["--jurisdiction", "oh"]);
    assert_eq!(code, 0);
    assert!(
        html.contains(
            "Fidelity and employment rate (r = 1.00, n = 3): too few agencies for r to say much"
        ),
        "the scatter's title"
    );
    let (html, _, _) = report(&example_dir(), &[]);
    assert!(html.contains("Fidelity and employment rate (r = 0.82, n = 7)<"));
}

/// --force writes over a report, never over a file the user may not write (it would take the
/// file over, its owner and mode lost) nor through a link.
#[cfg(unix)]
#[test]
fn force_never_takes_over_a_read_only_file_or_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    std::fs::write(&out, "theirs").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).unwrap();
    let path = out.to_str().unwrap();
    let (_, stderr, code) = report(&example_dir(), &["--out", path, "--force"]);
    assert_eq!(
        (stderr.as_str(), code),
        (
            format!("error: {path} is read-only for you: nothing was written\n  hint: make it writable (chmod u+w), or ask its owner to; then run the command again\n").as_str(),
            2
        )
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "theirs");
    let link = dir.path().join("link.html");
    std::os::unix::fs::symlink(&out, &link).unwrap();
    let (_, stderr, code) = report(
        &example_dir(),
        &["--out", link.to_str().unwrap(), "--force"],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is a link: ips replaces only regular files"),
        "{stderr}"
    );
}
