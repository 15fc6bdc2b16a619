//! The report's programs against the benchmarks (`programs` in its JSON, issue 22) and its
//! exceptions: counts computed here from the fixtures' rows, at the benchmarks' edges; a public
//! report's counts equal to the counts of the rates its public outputs show; the lists of
//! exceptions capped.

mod common;

use common::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

const AS_OF: &str = "--as-of=2026-11-24";

fn ips_json(repo: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend([AS_OF, "--format", "json"]);
    let (stdout, stderr, code) = output(ips_with_repo(&crate_dir(), repo).args(&all));
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("JSON")
}

/// The band of employed / served, by whole numbers (31%, 41% and 50%, the defaults): a rate on
/// a benchmark reaches it.
fn band(employed: u64, served: u64) -> &'static str {
    match employed * 100 {
        e if e >= 50 * served => "excellent",
        e if e >= 41 * served => "average",
        e if e >= 31 * served => "minimal",
        _ => "below-minimal",
    }
}

/// Counts per band and per 5-point bin of the (employed, served) given, those that served
/// nobody left out.
fn counted(programs: &[(u64, u64)]) -> (Value, Vec<u64>) {
    let mut bands = json!({"excellent": 0, "average": 0, "minimal": 0, "below-minimal": 0});
    let mut bins = vec![0; 20];
    for (employed, served) in programs.iter().filter(|(_, served)| *served > 0) {
        let count = &mut bands[band(*employed, *served)];
        *count = json!(count.as_u64().unwrap() + 1);
        bins[((employed * 20 / served) as usize).min(19)] += 1;
    }
    (bands, bins)
}

/// One team per agency at 30, 31, 40, 41, 50 and 55 of 100 served in 2026-Q3 (and 60 of 100
/// in 2026-Q2), and an agency of two teams: one that served nobody, one at 2 of 20.
fn at_the_edges() -> Vec<(usize, AgencyCounts)> {
    let mut agencies: Vec<(usize, AgencyCounts)> = [30, 31, 40, 41, 50, 55]
        .iter()
        .enumerate()
        .map(|(index, employed)| (index % 3, vec![[(100, 60, 0, 0), (100, *employed, 0, 0)]]))
        .collect();
    agencies.push((
        0,
        vec![
            [(10, 5, 0, 0), (0, 0, 0, 0)],
            [(20, 9, 0, 0), (20, 2, 0, 0)],
        ],
    ));
    agencies
}

#[test]
fn programs_counts_each_agency_and_team_by_its_own_rate_and_a_rate_on_a_benchmark_reaches_it() {
    let dir = tempfile::TempDir::new().unwrap();
    let agencies = at_the_edges();
    write_random_repository(dir.path(), &agencies);
    let model = ips_json(dir.path(), &["report"]);
    // The fixture's rows of 2026-Q3, summed per agency, and one by one for the teams.
    let agency_counts: Vec<(u64, u64)> = agencies
        .iter()
        .map(|(_, teams)| {
            let q3 = teams.iter().map(|quarters| quarters[1]);
            q3.fold((0, 0), |(e, s), (served, employed, _, _)| {
                (e + employed, s + served)
            })
        })
        .collect();
    let team_counts: Vec<(u64, u64)> = agencies
        .iter()
        .flat_map(|(_, teams)| teams.iter().map(|q| (q[1].1, q[1].0)))
        .collect();
    let (agency_bands, agency_bins) = counted(&agency_counts);
    let (team_bands, team_bins) = counted(&team_counts);
    assert_eq!(
        model["programs"],
        json!({
            "agencies": agency_bands,
            "teams": team_bands,
            "hidden": {"agencies": 0, "teams": 0},
            "bins": {"agencies": agency_bins, "teams": team_bins},
        })
    );
    // The edges, as `outcomes summarize` bands them: 31% is minimal, 41% average, 50% excellent.
    assert_eq!(
        model["programs"]["agencies"],
        json!({"excellent": 2, "average": 1, "minimal": 2, "below-minimal": 2})
    );
    // The team that served nobody is in no band.
    assert_eq!(
        model["programs"]["teams"],
        json!({"excellent": 2, "average": 1, "minimal": 2, "below-minimal": 2})
    );
    let band_of = |rows: &Value| -> BTreeMap<String, String> {
        let rows = rows.as_array().unwrap().iter();
        rows.filter(|row| row["agency"] != "Total")
            .map(|row| (row_id(row), row["band"].as_str().unwrap().to_string()))
            .collect()
    };
    let summarized = ips_json(dir.path(), &["outcomes", "summarize", "--by", "agency"]);
    assert_eq!(band_of(&model["agencies"]), band_of(&summarized["rows"]));
    assert_eq!(band_of(&model["agencies"])["a1"], "minimal");
}

/// A row's agency: `id` in the report, `agency` in a summary.
fn row_id(row: &Value) -> String {
    row["id"]
        .as_str()
        .or(row["agency"].as_str())
        .unwrap()
        .to_string()
}

/// Counts per band of the rows that show a band, and the rows that hide their rate.
fn shown_bands(rows: &[Value]) -> (Value, u64) {
    let mut bands = json!({"excellent": 0, "average": 0, "minimal": 0, "below-minimal": 0});
    let mut hidden = 0;
    for row in rows.iter().filter(|row| row["agency"] != "Total") {
        if let Some(band) = row["band"].as_str() {
            let count = &mut bands[band];
            *count = json!(count.as_u64().unwrap() + 1);
        }
        if row["suppressed"]
            .as_array()
            .is_some_and(|s| s.contains(&json!("rate")))
        {
            hidden += 1;
        }
    }
    (bands, hidden)
}

/// A public report's counts are those of the rates its public outputs show: the agencies' of its
/// agency table, the teams' of `outcomes summarize --by team --public`. Nothing is counted that
/// those do not show.
fn public_counts_are_those_shown(repo: &Path, scope: &[&str]) -> u64 {
    let model = ips_json(repo, &[&["report", "--public"], scope].concat());
    let programs = &model["programs"];
    let (agencies, agencies_hidden) = shown_bands(model["agencies"].as_array().unwrap());
    assert_eq!(programs["agencies"], agencies, "{scope:?}");
    assert_eq!(programs["hidden"]["agencies"], agencies_hidden, "{scope:?}");
    let quarter = model["quarter"].as_str().unwrap();
    let summarize = ["outcomes", "summarize", "--by", "team", "--public"];
    let teams = ips_json(repo, &[&summarize, scope, &["--quarter", quarter]].concat());
    let (teams, teams_hidden) = shown_bands(teams["rows"].as_array().unwrap());
    assert_eq!(programs["teams"], teams, "{scope:?}");
    assert_eq!(programs["hidden"]["teams"], teams_hidden, "{scope:?}");
    teams_hidden
}

#[test]
fn a_public_reports_counts_are_those_of_the_rates_its_public_outputs_show() {
    let public = fixture("public");
    // a1's teams (40 and 8 served), c1 (9 served) and the complementary cells are hidden.
    assert!(public_counts_are_those_shown(&public, &[]) > 0);
    public_counts_are_those_shown(&public, &["--jurisdiction", "oh"]);
    assert!(public_counts_are_those_shown(&example_dir(), &[]) > 0);
    public_counts_are_those_shown(&example_dir(), &["--jurisdiction", "alameda,nz"]);
}

/// The report's Markdown from the heading `from` to the next heading of its level.
fn markdown_section(repo: &Path, args: &[&str], from: &str) -> String {
    let dir = tempfile::TempDir::new().unwrap();
    let out = dir.path().join("report");
    let mut all = vec!["report", AS_OF, "--format", "markdown"];
    all.extend_from_slice(args);
    all.extend(["--out", out.to_str().unwrap()]);
    let (_, stderr, code) = output(ips_with_repo(&crate_dir(), repo).args(&all));
    assert_eq!(code, 0, "{stderr}");
    let text = read(&out, "report.md");
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("{from} in {text}"));
    let rest = &text[start + from.len()..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    format!("{from}{}", &rest[..end])
}

#[test]
fn each_list_of_exceptions_shows_ten_by_severity_and_says_how_many_more() {
    let dir = tempfile::TempDir::new().unwrap();
    // a0..a12: 10% to 22% in 2026-Q3, each down from 60% to 36% in 2026-Q2 (a0 fell most).
    let agencies: Vec<(usize, AgencyCounts)> = (0..13)
        .map(|i: u64| {
            (
                i as usize % 3,
                vec![[(100, 60 - 2 * i, 0, 0), (100, 10 + i, 0, 0)]],
            )
        })
        .collect();
    write_random_repository(dir.path(), &agencies);
    let section = markdown_section(dir.path(), &[], "## Exceptions");
    let jurisdiction = |i: u64| ["oh", "nz", "nl"][i as usize % 3];
    let below: Vec<String> = (0..10)
        .map(|i| {
            let (rate, fall) = (10 + i, 50 - 3 * i);
            format!(
                "| a{i} | {rate}.0% | -{fall}.0 pp | 100 | {} |",
                jurisdiction(i)
            )
        })
        .collect();
    let falls: Vec<String> = (0..10)
        .map(|i| {
            let (rate, fall, before) = (10 + i, 50 - 3 * i, 60 - 2 * i);
            let j = jurisdiction(i);
            format!("| a{i} | -{fall}.0 pp | {rate}.0% | {before}.0% | {j} |")
        })
        .collect();
    // None has a review: each baseline review was due a quarter after its start, 2025-01-06.
    let overdue: Vec<String> = ["0", "1", "10", "11", "12", "2", "3", "4", "5", "6"]
        .iter()
        .map(|i| format!("| a{i} | 597 | 2025-04-06 | – |"))
        .collect();
    assert_eq!(
        section,
        format!(
            "## Exceptions

### Agencies below minimal (under 31%), lowest rate first

| agency | rate | change | served | jurisdiction |
| --- | ---: | ---: | ---: | --- |
{}

… and 3 more: see the agency table.

### The largest falls in rate since the quarter before

| agency | change | rate | before | jurisdiction |
| --- | ---: | ---: | ---: | --- |
{}

… and 3 more: see the agency table.

### Fidelity reviews overdue on 2026-11-24, longest first

| agency | days overdue | was due | latest review |
| --- | ---: | --- | --- |
{}

… and 3 more: see the agency table.
",
            below.join("\n"),
            falls.join("\n"),
            overdue.join("\n")
        )
    );
}

#[test]
fn the_sections_are_in_the_html_report_and_a_site_report_has_none() {
    let example = example_dir();
    let (html, stderr, code) =
        output(ips_with_repo(&crate_dir(), &example).args(["report", AS_OF]));
    assert_eq!(code, 0, "{stderr}");
    for text in [
        "<h2 id=\"programs\">Programs against the benchmarks</h2>",
        "<desc id=\"programs-desc\">Agencies&#39; and teams&#39; employment rates, 2026-Q3, in 5-point bins",
        "<td class=\"prose\">below minimal &lt;31%</td><td class=\"num\">1 (14.3%)</td><td class=\"num\">1 (6.7%)</td>",
        "<h2 id=\"exceptions\">Exceptions</h2>",
        "<tr><td class=\"prose\">GGZ Noorderzon</td><td class=\"num\">271</td><td>2026-02-26</td><td>2025-08-26</td></tr>",
    ] {
        assert!(html.contains(text), "{text}");
    }
    let programs = html.find("id=\"programs\"").unwrap();
    assert!(html.find("id=\"jurisdictions\"").unwrap() < programs);
    assert!(programs < html.find("id=\"exceptions\"").unwrap());
    assert!(html.find("id=\"exceptions\"").unwrap() < html.find("id=\"agencies\"").unwrap());
    let (site, _, code) = output(ips_with_repo(&crate_dir(), &example).args([
        "report",
        AS_OF,
        "--agency",
        "riverbend",
    ]));
    assert_eq!(code, 0);
    assert!(!site.contains("Programs against the benchmarks") && !site.contains("Exceptions"));
    // Its JSON counts the site and its teams all the same.
    let model = ips_json(&example, &["report", "--agency", "riverbend"]);
    assert_eq!(
        model["programs"]["agencies"],
        json!({"excellent": 0, "average": 1, "minimal": 0, "below-minimal": 0})
    );
    let teams = &model["programs"]["teams"];
    let total: u64 = ["excellent", "average", "minimal", "below-minimal"]
        .iter()
        .map(|b| teams[b].as_u64().unwrap())
        .sum();
    assert_eq!(total, 3);
}
