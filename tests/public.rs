//! `ips outcomes summarize --public`: small-number protection, on tests/fixtures/public (its
//! counts are listed at the top of its ips.toml) and on random repositories.
//!
//! Every expected cell below was worked out by hand from those counts, with the rule
//! (suppress_below = 11): counts from 1 to 10 are hidden; where a total is shown with its
//! parts, one hidden part takes the next smallest with it (else total minus the others gives
//! it); a hidden served hides its row's other counts; rates, bands and changes follow.

mod common;

use common::*;
use proptest::prelude::*;
use serde::Deserialize;
use std::path::Path;

const AS_OF: &str = "--as-of=2026-11-24";

fn public() -> std::path::PathBuf {
    fixture("public")
}

/// `ips outcomes summarize --as-of 2026-11-24 args...` on `repo`.
fn summarize(repo: &Path, args: &[&str]) -> Run {
    let mut all = vec!["outcomes", "summarize", AS_OF];
    all.extend_from_slice(args);
    output(ips_with_repo(&crate_dir(), repo).args(&all))
}

const LATEST: &str = "note: 2026-Q3, the latest quarter with outcomes (choose others with --quarter, --from, --to)\n";

/// Ohio's agencies: a3's employed (7) is hidden, and a2's (15, the next smallest) with it;
/// education has two small parts, a2's 5 and a3's 8, which protect each other, so nothing more
/// is hidden; a2's job_starts of 0 is shown.
#[test]
fn one_small_cell_takes_a_second_with_it_and_two_protect_each_other() {
    let (stdout, stderr, code) = summarize(
        &public(),
        &[
            "--by",
            "agency",
            "--jurisdiction",
            "oh",
            "--public",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        stdout,
        "agency,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,agency_name,suppressed
a1,48,23,0.4791666666666667,1,2,14,0.2916666666666667,12,average,0,2026-Q3,Agency A1,
a2,30,,,1,1,,,0,,0,2026-Q3,Agency A2,employed;rate;education;education_rate;band
a3,25,,,1,1,,,11,,0,2026-Q3,Agency A3,employed;rate;education;education_rate;band
Total,103,45,0.4368932038834951,3,4,27,0.2621359223300971,23,average,0,2026-Q3,,
"
    );
    assert_eq!(
        stderr,
        format!(
            "note: --public: 10 cells hidden: 3 counts from 1 to 10 show as <11 ([report] suppress_below = 11); 1 count so that none of those can be worked out from a total, and 6 rates, bands or changes that would give them away show as *\n{LATEST}"
        )
    );
    assert_eq!(code, 0);
}

/// A jurisdiction of one agency: the total is that agency's row, so what the agency hides the
/// total hides. Here that is everything: in the protected table nl's served (9) takes nz's (50,
/// the smallest other jurisdiction) with it, else the community's total less Ohio and New
/// Zealand would give nl's; and nz's one agency goes with nz.
#[test]
fn a_jurisdiction_with_one_agency_hides_its_total_too() {
    let (stdout, _, code) = summarize(
        &public(),
        &[
            "--by",
            "agency",
            "--jurisdiction",
            "nz",
            "--public",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        stdout,
        "agency,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,agency_name,suppressed
b1,,,,1,1,,,,,0,2026-Q3,Agency B1,served;employed;rate;education;education_rate;job_starts;band
Total,,,,1,1,,,,,0,2026-Q3,,served;employed;rate;education;education_rate;job_starts;band
"
    );
    assert_eq!(code, 0);
}

/// A lone part whose count is not small, hidden beside a total that would give it: with Ohio's
/// a1 alone, its two teams are the parts, and south (8 served) takes north with it.
#[test]
fn a_small_team_inside_an_agency() {
    let (stdout, _, code) = summarize(
        &public(),
        &[
            "--by",
            "agency,team",
            "--agency",
            "a1",
            "--public",
            "--format",
            "csv",
        ],
    );
    // south: served 8, so all its counts; north: served 40, the only other part, hidden with
    // it, and so all north's counts; the total (48/23/14/12) stays.
    assert_eq!(
        stdout,
        "agency,team,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,agency_name,suppressed
a1,north,,,,1,1,,,,,0,2026-Q3,Agency A1,served;employed;rate;education;education_rate;job_starts;band
a1,south,,,,1,1,,,,,0,2026-Q3,Agency A1,served;employed;rate;education;education_rate;job_starts;band
Total,Total,48,23,0.4791666666666667,1,2,14,0.2916666666666667,12,average,0,2026-Q3,,
"
    );
    assert_eq!(code, 0);
}

/// Ohio's teams, as the protected table shows them: south's served (8) takes north's with it
/// (a1 = north + south is a sum of the table), and so all of both teams' counts; a3's employed
/// (7) takes a2's (15, the smaller other agency of Ohio); a2's job_starts of 0 is shown.
#[test]
fn a_small_team_among_the_teams_of_a_jurisdiction() {
    let (stdout, _, code) = summarize(
        &public(),
        &[
            "--by",
            "agency,team",
            "--jurisdiction",
            "oh",
            "--public",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        stdout,
        "agency,team,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,agency_name,suppressed
a1,north,,,,1,1,,,,,0,2026-Q3,Agency A1,served;employed;rate;education;education_rate;job_starts;band
a1,south,,,,1,1,,,,,0,2026-Q3,Agency A1,served;employed;rate;education;education_rate;job_starts;band
a2,main,30,,,1,1,,,0,,0,2026-Q3,Agency A2,employed;rate;education;education_rate;band
a3,main,25,,,1,1,,,11,,0,2026-Q3,Agency A3,employed;rate;education;education_rate;band
Total,Total,103,45,0.4368932038834951,3,4,27,0.2621359223300971,23,average,0,2026-Q3,,
"
    );
    assert_eq!(code, 0);
}

/// The same rows as people see them: `<11` for a small count (`&lt;11` in Markdown, as in the
/// report), `*` for the rest, and the closing note on stderr.
#[test]
fn as_a_table_and_as_markdown() {
    let args = ["--by", "agency", "--jurisdiction", "oh", "--public"];
    let (stdout, _, code) = summarize(&public(), &args);
    assert_eq!(
        stdout,
        concat!(
            " agency  served  employed   rate  teams  education_rate  job_starts  band\n",
            " ──────  ──────  ────────  ─────  ─────  ──────────────  ──────────  ───────\n",
            " a1          48        23  47.9%      2           29.2%          12  average\n",
            " a2          30         *      *      1               *           0  *\n",
            " a3          25       <11      *      1               *          11  *\n",
            " Total      103        45  43.7%      4           26.2%          23  average\n",
        )
    );
    assert_eq!(code, 0);
    let (stdout, _, _) = summarize(&public(), &[&args[..], &["--format", "markdown"]].concat());
    assert_eq!(
        stdout,
        "| agency | served | employed | rate | agencies | teams | education | education_rate | job_starts | band | agencies_expected | quarter | agency_name |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |
| a1 | 48 | 23 | 47.9% | 1 | 2 | 14 | 29.2% | 12 | average | 0 | 2026-Q3 | Agency A1 |
| a2 | 30 | \\* | \\* | 1 | 1 | &lt;11 | \\* | 0 | \\* | 0 | 2026-Q3 | Agency A2 |
| a3 | 25 | &lt;11 | \\* | 1 | 1 | &lt;11 | \\* | 11 | \\* | 0 | 2026-Q3 | Agency A3 |
| Total | 103 | 45 | 43.7% | 3 | 4 | 27 | 26.2% | 23 | average | 0 | 2026-Q3 |  |
"
    );
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    rows: Vec<Row>,
    suppression: Suppression,
    meta: common::Meta,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Row {
    #[serde(default)]
    quarter: Option<String>,
    #[serde(default)]
    jurisdiction: Option<String>,
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    team: Option<String>,
    served: Option<u64>,
    employed: Option<u64>,
    rate: Option<f64>,
    agencies: u64,
    teams: u64,
    education: Option<u64>,
    education_rate: Option<f64>,
    job_starts: Option<u64>,
    band: Option<String>,
    #[serde(default)]
    rate_change: Option<f64>,
    agencies_expected: u64,
    #[serde(default)]
    rate_change_comparable: Option<bool>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    jurisdiction_name: Option<String>,
    #[serde(default)]
    agency_name: Option<String>,
    suppressed: Vec<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Suppression {
    suppress_below: u64,
    suppress_zero: bool,
    hidden: u64,
    small_counts: u64,
    complementary_counts: u64,
    derived: u64,
}

#[test]
fn as_json_hidden_values_are_null_listed_and_counted() {
    let (stdout, stderr, code) = summarize(
        &public(),
        &[
            "--by",
            "agency",
            "--jurisdiction",
            "oh",
            "--public",
            "--format",
            "json",
        ],
    );
    assert_eq!((stderr.as_str(), code), (LATEST, 0));
    let document: Document = serde_json::from_str(&stdout).expect("the JSON document");
    // The suppression object comes between the rows and the meta.
    assert!(stdout.find("\"suppression\"") < stdout.find("\"meta\""));
    assert_eq!(
        document.meta,
        meta("2026-11-24", Some("2026-Q3"), Some("2026-Q3"))
    );
    let a2 = &document.rows[1];
    assert_eq!(a2.agency.as_deref(), Some("a2"));
    assert_eq!((a2.served, a2.employed, a2.rate), (Some(30), None, None));
    assert_eq!(
        (a2.education, a2.job_starts, a2.band.as_deref()),
        (None, Some(0), None)
    );
    assert_eq!(
        a2.suppressed,
        ["employed", "rate", "education", "education_rate", "band"]
    );
    assert!(document.rows[0].suppressed.is_empty());
    assert_eq!(
        document.suppression,
        Suppression {
            suppress_below: 11,
            suppress_zero: false,
            hidden: 10,
            small_counts: 3,
            complementary_counts: 1,
            derived: 6,
        }
    );
}

/// A change from the previous quarter is hidden when either quarter's rate is.
#[test]
fn a_change_is_hidden_when_either_rate_is() {
    let (stdout, _, code) = summarize(
        &public(),
        &[
            "--by",
            "agency,quarter",
            "--jurisdiction",
            "oh",
            "--public",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        stdout,
        "agency,quarter,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,rate_change,agencies_expected,rate_change_comparable,agency_name,suppressed
a1,2026-Q2,47,20,0.425531914893617,1,2,11,0.23404255319148937,12,average,,0,,Agency A1,
a1,2026-Q3,48,23,0.4791666666666667,1,2,14,0.2916666666666667,12,average,0.05363475177304966,0,true,Agency A1,
a2,2026-Q2,30,,,1,1,,,,,,0,,Agency A2,employed;rate;education;education_rate;job_starts;band;rate_change
a2,2026-Q3,30,,,1,1,,,0,,,0,true,Agency A2,employed;rate;education;education_rate;band;rate_change
a3,2026-Q2,24,,,1,1,,,,,,0,,Agency A3,employed;rate;education;education_rate;job_starts;band;rate_change
a3,2026-Q3,25,,,1,1,,,11,,,0,true,Agency A3,employed;rate;education;education_rate;band;rate_change
Total,2026-Q2,101,44,0.43564356435643564,3,4,21,0.2079207920792079,22,average,,0,,,
Total,2026-Q3,103,45,0.4368932038834951,3,4,27,0.2621359223300971,23,average,0.0012496395270594762,0,true,,
"
    );
    assert_eq!(code, 0);
}

#[test]
fn zeros_are_hidden_only_when_the_setting_says_so() {
    let repo = copy_to_temp(&public());
    write(
        repo.path(),
        "ips.toml",
        read(repo.path(), "ips.toml") + "\n[report]\nsuppress_zero = true\n",
    );
    let (stdout, _, code) = summarize(
        repo.path(),
        &[
            "--by", "agency", "--agency", "a2", "--public", "--format", "csv",
        ],
    );
    // a2: job_starts 0 is now hidden, and the total's (its only part) with it; its employed
    // (15) protects a3's (7) in Ohio, as in every public output.
    assert_eq!(
        stdout,
        "agency,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,agency_name,suppressed
a2,30,,,1,1,,,,,0,2026-Q3,Agency A2,employed;rate;education;education_rate;job_starts;band
Total,30,,,1,1,,,,,0,2026-Q3,,employed;rate;education;education_rate;job_starts;band
"
    );
    assert_eq!(code, 0);
}

#[test]
fn the_threshold_comes_from_ips_toml() {
    let repo = copy_to_temp(&public());
    write(
        repo.path(),
        "ips.toml",
        read(repo.path(), "ips.toml") + "\n[report]\nsuppress_below = 6\n",
    );
    let (stdout, stderr, code) = summarize(
        repo.path(),
        &[
            "--by",
            "agency",
            "--jurisdiction",
            "oh",
            "--public",
            "--format",
            "csv",
        ],
    );
    // Only a2's education (5) is below 6: a3's 8, the next smallest, is hidden with it.
    assert_eq!(
        stdout,
        "agency,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,agency_name,suppressed
a1,48,23,0.4791666666666667,1,2,14,0.2916666666666667,12,average,0,2026-Q3,Agency A1,
a2,30,15,0.5,1,1,,,0,excellent,0,2026-Q3,Agency A2,education;education_rate
a3,25,7,0.28,1,1,,,11,below-minimal,0,2026-Q3,Agency A3,education;education_rate
Total,103,45,0.4368932038834951,3,4,27,0.2621359223300971,23,average,0,2026-Q3,,
"
    );
    assert!(
        stderr.starts_with("note: --public: 4 cells hidden: 1 count from 1 to 5 show as <6 ([report] suppress_below = 6); 1 count so that"),
        "{stderr}"
    );
    assert_eq!(code, 0);
}

#[test]
fn without_public_every_figure_shows() {
    let (stdout, _, code) = summarize(
        &public(),
        &["--by", "agency", "--jurisdiction", "oh", "--format", "csv"],
    );
    assert_eq!(
        stdout,
        "agency,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,agency_name
a1,48,23,0.4791666666666667,1,2,14,0.2916666666666667,12,average,0,2026-Q3,Agency A1
a2,30,15,0.5,1,1,5,0.16666666666666666,0,excellent,0,2026-Q3,Agency A2
a3,25,7,0.28,1,1,8,0.32,11,below-minimal,0,2026-Q3,Agency A3
Total,103,45,0.4368932038834951,3,4,27,0.2621359223300971,23,average,0,2026-Q3,
"
    );
    assert_eq!(code, 0);
}

#[test]
fn the_mean_of_agency_rates_is_not_for_public_outputs() {
    let (stdout, stderr, code) = summarize(&public(), &["--public", "--mean-of-rates"]);
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

/// With ips.toml broken, the threshold is unknown: a public summary refuses, even with
/// --allow-invalid, rather than fall back on the default.
#[test]
fn a_public_summary_refuses_a_broken_ips_toml_even_with_allow_invalid() {
    let repo = copy_to_temp(&public());
    write(
        repo.path(),
        "ips.toml",
        read(repo.path(), "ips.toml") + "\n[report]\nsuppress_below = \"sixteen\"\n",
    );
    let (stdout, stderr, code) = summarize(repo.path(), &["--public", "--allow-invalid"]);
    assert_eq!((stdout.as_str(), code), ("", 1));
    assert!(
        stderr.starts_with(
            "error: ips.toml has errors, so its small-number rule is unknown: nothing was summarized\n  hint: fix ips.toml first"
        ),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// A property: on random repositories, nothing small shows, and no hidden count is a shown
// total minus the shown other parts.

/// One agency's teams' counts (served, employed, education, job_starts) for two quarters.
/// Checks one public summary's rows: nothing from 1 to 10 shows, a shown rate has both counts
/// shown, and for each total shown with its parts no count is hidden in exactly one part.
fn check_rows(rows: &[Row], by: &str) -> Result<(), TestCaseError> {
    type Field = fn(&Row) -> Option<u64>;
    let fields: [(&str, Field); 4] = [
        ("served", |r| r.served),
        ("employed", |r| r.employed),
        ("education", |r| r.education),
        ("job_starts", |r| r.job_starts),
    ];
    for row in rows {
        for (name, get) in fields {
            if let Some(value) = get(row) {
                prop_assert!(
                    !(1..11).contains(&value),
                    "{by}: {name} {value} shows: {row:?}"
                );
            }
        }
        if row.rate.is_some() {
            prop_assert!(row.served.is_some() && row.employed.is_some(), "{row:?}");
        }
    }
    let is_total = |row: &Row| {
        [&row.jurisdiction, &row.agency, &row.team]
            .iter()
            .any(|key| key.as_deref() == Some("Total"))
    };
    for total in rows.iter().filter(|row| is_total(row)) {
        let parts: Vec<&Row> = rows
            .iter()
            .filter(|row| !is_total(row) && row.quarter == total.quarter)
            .collect();
        for (name, get) in fields {
            let hidden = parts.iter().filter(|part| get(part).is_none()).count();
            if get(total).is_some() {
                prop_assert!(
                    hidden != 1,
                    "{by}: one hidden {name} is the total minus the others: {total:?} {parts:?}"
                );
            } else {
                prop_assert!(
                    parts.is_empty() || hidden > 0,
                    "{by}: a hidden total {name} is the sum of its shown parts: {parts:?}"
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn no_small_count_shows_or_can_be_worked_out(agencies in random_agencies()) {
        let dir = tempfile::TempDir::new().expect("a temporary folder");
        write_random_repository(dir.path(), &agencies);
        for by in ["jurisdiction", "agency", "agency,team", "quarter,jurisdiction", "agency,quarter"] {
            let (stdout, stderr, code) = summarize(
                dir.path(),
                &["--by", by, "--from", "2026-Q2", "--public", "--format", "json"],
            );
            prop_assert_eq!(code, 0, "{}", stderr);
            let document: Document = serde_json::from_str(&stdout).expect("the JSON document");
            check_rows(&document.rows, by)?;
        }
    }
}

/// An agency-quarter's served and employed as one public output shows them (None: hidden).
type Shown = (Option<u64>, Option<u64>);

fn shown_in(row: &serde_json::Value) -> Shown {
    (row["served"].as_u64(), row["employed"].as_u64())
}

/// The agency's row of 2026-Q3 in each public summary and report that shows it.
fn agency_everywhere(agency: &str, jurisdiction: &str) -> Vec<(String, Shown)> {
    let json = |args: &[&str]| -> serde_json::Value {
        let (stdout, stderr, code) = output(ips_with_repo(&crate_dir(), &public()).args(args));
        assert_eq!(code, 0, "{args:?}: {stderr}");
        serde_json::from_str(&stdout).expect("JSON")
    };
    let mut seen = Vec::new();
    let filters: [&[&str]; 3] = [
        &[],
        &["--jurisdiction", jurisdiction],
        &["--agency", agency],
    ];
    for filter in filters {
        for by in ["agency", "agency,quarter", "jurisdiction,agency,quarter"] {
            let mut args = vec![
                "outcomes",
                "summarize",
                AS_OF,
                "--public",
                "--format",
                "json",
            ];
            args.extend(["--quarter", "2026-Q3", "--by", by]);
            args.extend(filter);
            let document = json(&args);
            let rows = document["rows"].as_array().expect("rows");
            let row = rows
                .iter()
                .find(|r| r["agency"] == agency)
                .expect("its row");
            seen.push((format!("summarize --by {by} {filter:?}"), shown_in(row)));
        }
    }
    for filter in [&[][..], &["--jurisdiction", jurisdiction][..]] {
        let mut args = vec!["report", AS_OF, "--public", "--format", "json"];
        args.extend(filter);
        let report = json(&args);
        let rows = report["agencies"].as_array().expect("rows");
        let row = rows.iter().find(|r| r["id"] == agency).expect("its row");
        seen.push((format!("report {filter:?}"), shown_in(row)));
    }
    let site = json(&[
        "report", AS_OF, "--public", "--format", "json", "--agency", agency,
    ]);
    seen.push(("site report".to_string(), shown_in(&site["headline"])));
    seen
}

/// The same agency-quarter shows the same cells in every public output: each summary grouping
/// and filter, the community's, the jurisdiction's and the site's report.
#[test]
fn an_agency_quarter_shows_the_same_cells_in_every_public_output() {
    // a3: employed 7 hidden (<11), served 25 shown. b1 (nz, 50/25): hidden with nl's 9, in
    // every output (before, a summary filtered to nz showed it). a2 (30/15): employed hidden to
    // protect a3's.
    for (agency, jurisdiction, expected) in [
        ("a3", "oh", (Some(25), None)),
        ("b1", "nz", (None, None)),
        ("a2", "oh", (Some(30), None)),
        ("c1", "nl", (None, None)),
    ] {
        let seen = agency_everywhere(agency, jurisdiction);
        assert_eq!(seen.len(), 12);
        for (output, shown) in seen {
            assert_eq!(shown, expected, "{agency} in {output}");
        }
    }
}

/// A public summary of every agency builds its protected table in the pass that reads its rows:
/// an outcome file's error refuses it as before, listed once; with --allow-invalid the row is
/// left out of the table and of the rows alike, with one warning.
#[test]
fn a_public_summary_of_every_agency_refuses_a_file_with_errors_once() {
    let repo = copy_to_temp(&public());
    edit(
        repo.path(),
        "outcomes/2026-Q3/a3.csv",
        "main,25,",
        "main,x25,",
    );
    let args = [
        "--public",
        "--by",
        "jurisdiction,quarter",
        "--format",
        "csv",
    ];
    assert_run(
        summarize(repo.path(), &args),
        "",
        "error: the outcome data has errors, so nothing was summarized
  hint: fix them and run `ips validate`, or pass --allow-invalid to leave the rows with errors out
outcomes/2026-Q3/a3.csv:2:6: error[count]: `served` is \"x25\", not a whole number of 0 or more
  hint: write a whole number such as 12; write 0 for none
1 error, 0 warnings in 16 files
",
        1,
    );
    let allowed = [&args[..], &["--allow-invalid"]].concat();
    assert_run(
        summarize(repo.path(), &allowed),
        "jurisdiction,quarter,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,rate_change,agencies_expected,rate_change_comparable,jurisdiction_name,suppressed
nl,2026-Q2,,,,1,1,,,,,,0,,Netherlands,served;employed;rate;education;education_rate;job_starts;band;rate_change
nl,2026-Q3,,,,1,1,,,,,,0,true,Netherlands,served;employed;rate;education;education_rate;job_starts;band;rate_change
nz,2026-Q2,,,,1,1,,,,,,0,,New Zealand,served;employed;rate;education;education_rate;job_starts;band;rate_change
nz,2026-Q3,,,,1,1,,,,,,0,true,New Zealand,served;employed;rate;education;education_rate;job_starts;band;rate_change
oh,2026-Q2,101,44,0.43564356435643564,3,4,21,0.2079207920792079,22,average,,0,,Ohio,
oh,2026-Q3,78,38,0.48717948717948717,2,3,19,0.24358974358974358,12,average,0.05153592282305153,0,false,Ohio,
Total,2026-Q2,157,69,0.4394904458598726,5,6,26,0.16560509554140126,41,average,,0,,,
Total,2026-Q3,137,67,0.48905109489051096,4,5,25,0.18248175182481752,34,average,0.04956064903063834,0,false,,
",
        "warning: --allow-invalid: left out 1 row with errors; the data has 1 error in 1 file (`ips validate` lists them)
note: --public: 32 cells hidden: 10 counts from 1 to 10 show as <11 ([report] suppress_below = 11); 6 counts so that none of those can be worked out from a total, and 16 rates, bands or changes that would give them away show as *
",
        0,
    );
}

/// Rows that sort by agency first go out once the table has every quarter (a public summary of
/// every agency reads a quarter at a time and holds them): without totals they are the rows of
/// the summary with totals, in the same order, and each agency's rows show what the same
/// agency's rows show when the summary is filtered to its jurisdiction (a table read first).
#[test]
fn rows_by_agency_first_without_totals_are_those_with_totals_and_those_filtered() {
    let args = ["--public", "--by", "agency,quarter", "--format", "csv"];
    let (with_totals, _, code) = summarize(&public(), &args);
    assert_eq!(code, 0);
    let (without, _, code) = summarize(&public(), &[&args[..], &["--no-total"]].concat());
    assert_eq!(code, 0);
    let kept: Vec<&str> = with_totals
        .lines()
        .filter(|line| !line.starts_with("Total,"))
        .collect();
    assert_eq!(without.lines().collect::<Vec<_>>(), kept);
    assert_eq!(kept.len(), 11, "a header and 5 agencies in 2 quarters");
    let ohio = [&args[..], &["--no-total", "--jurisdiction", "oh"]].concat();
    let (filtered, _, code) = summarize(&public(), &ohio);
    assert_eq!(code, 0);
    let of_ohio = |line: &&str| line.starts_with("agency,") || line.starts_with("a");
    let expected: Vec<&str> = kept.iter().copied().filter(of_ohio).collect();
    assert_eq!(filtered.lines().collect::<Vec<_>>(), expected);
    assert_eq!(
        expected.len(),
        7,
        "a header and Ohio's 3 agencies in 2 quarters"
    );
}
