//! `ips outcomes`: summarize, export, new and missing, run as the real binary on the example
//! repository (as of 2026-11-24) and on modified copies of it. Every figure here was computed
//! independently from the CSV files with a Python script (pooled sums, rates as employed/served,
//! the mean of agency rates summed in agency order), not copied from ips's output.

mod common;

use common::*;
use serde_json::{Value, json};
use std::path::Path;
use tempfile::TempDir;

/// `ips --repo REPO ARGS` (ARGS split on spaces), run from the crate's folder, where there is no
/// repository; returns (stdout, stderr, exit code).
fn ips_words(repo: &Path, args: &str) -> Run {
    output(ips_with_repo(&crate_dir(), repo).args(args.split_whitespace()))
}

const DEFAULT_NOTE: &str = "note: 2026-Q3, the latest quarter with outcomes (choose others with --quarter, --from, --to)\n";

// summarize ---------------------------------------------------------------------------------

#[test]
fn summarize_defaults_to_the_latest_quarter_by_jurisdiction_with_a_total() {
    let (out, err, code) = ips_words(&example_dir(), "outcomes summarize --as-of 2026-11-24");
    let widths = [12, 6, 8, 5, 8, 5, 14, 10, 9];
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    let rule = format!(" {}", rule.join("  "));
    // `education` is left to --wide, CSV and JSON, so that the table fits 100 columns.
    let lines = [
        " jurisdiction  served  employed   rate  agencies  teams  education_rate  job_starts  band",
        &rule,
        " alameda          147        66  44.9%         2      4           10.2%          18  average",
        " nl                45        17  37.8%         1      2           13.3%           6  minimal",
        " nz                99        56  56.6%         1      3            6.1%          15  excellent",
        " oh               212        85  40.1%         3      6            7.5%          30  minimal",
        " Total            503       224  44.5%         7     15            8.5%          69  average",
    ];
    assert_eq!(out, lines.join("\n") + "\n");
    assert_eq!(err, DEFAULT_NOTE);
    assert_eq!(code, 0);
}

#[test]
fn summarize_by_jurisdiction_and_quarter_as_csv_with_the_mean_of_agency_rates() {
    // 2026-Q2's change needs 2026-Q1, which is read but not shown.
    let (out, err, code) = ips_words(
        &example_dir(),
        "outcomes summarize --as-of 2026-11-24 --by jurisdiction,quarter --from 2026-Q2 --mean-of-rates --format csv",
    );
    assert_eq!(
        out,
        "jurisdiction,quarter,served,employed,rate,mean_of_agency_rates,agencies,teams,education,education_rate,job_starts,band,rate_change,agencies_expected,rate_change_comparable,jurisdiction_name\n\
alameda,2026-Q2,138,59,0.427536231884058,0.4256465517241379,2,4,14,0.10144927536231885,20,average,0.019843924191750295,2,true,Alameda County\n\
alameda,2026-Q3,147,66,0.4489795918367347,0.4484126984126984,2,4,15,0.10204081632653061,18,average,0.02144335995267671,2,true,Alameda County\n\
nl,2026-Q2,42,15,0.35714285714285715,0.35714285714285715,1,2,5,0.11904761904761904,4,minimal,0.10073260073260076,1,true,Netherlands\n\
nl,2026-Q3,45,17,0.37777777777777777,0.37777777777777777,1,2,6,0.13333333333333333,6,minimal,0.020634920634920617,1,true,Netherlands\n\
nz,2026-Q2,94,52,0.5531914893617021,0.5531914893617021,1,3,9,0.09574468085106383,17,excellent,0.003740939911152652,1,true,New Zealand\n\
nz,2026-Q3,99,56,0.5656565656565656,0.5656565656565656,1,3,6,0.06060606060606061,15,excellent,0.012465076294863486,1,true,New Zealand\n\
oh,2026-Q2,198,78,0.3939393939393939,0.3637220485974327,3,6,17,0.08585858585858586,27,minimal,0.018939393939393923,3,true,Ohio\n\
oh,2026-Q3,212,85,0.4009433962264151,0.3700668157693629,3,6,16,0.07547169811320754,30,minimal,0.007004002287021194,3,true,Ohio\n\
Total,2026-Q2,472,204,0.4322033898305085,0.4075419422493048,7,15,45,0.09533898305084745,68,average,0.022293479920598602,7,true,\n\
Total,2026-Q3,503,224,0.44532803180914515,0.4214943125096898,7,15,43,0.08548707753479125,69,average,0.013124641978636664,7,true,\n"
    );
    assert_eq!((err.as_str(), code), ("", 0));
}

#[test]
fn summarize_by_quarter_covers_every_quarter_and_the_first_has_no_change() {
    let (out, err, code) = ips_words(
        &example_dir(),
        "outcomes summarize --as-of 2026-11-24 --by quarter --format csv",
    );
    assert_eq!(
        out,
        "quarter,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,rate_change,agencies_expected,rate_change_comparable\n\
2023-Q2,57,21,0.3684210526315789,1,2,4,0.07017543859649122,7,minimal,,1,\n\
2023-Q3,109,46,0.42201834862385323,2,4,9,0.08256880733944955,16,average,0.05359729599227431,2,false\n\
2023-Q4,147,60,0.40816326530612246,3,5,14,0.09523809523809523,21,minimal,-0.013855083317730776,3,false\n\
2024-Q1,207,81,0.391304347826087,4,8,16,0.07729468599033816,24,minimal,-0.016858917480035485,4,false\n\
2024-Q2,229,91,0.39737991266375544,4,9,27,0.11790393013100436,30,minimal,0.006075564837668468,4,true\n\
2024-Q3,271,110,0.4059040590405904,5,11,19,0.07011070110701106,34,minimal,0.008524146376834962,5,false\n\
2024-Q4,314,121,0.3853503184713376,6,12,27,0.08598726114649681,36,minimal,-0.0205537405692528,6,false\n\
2025-Q1,340,135,0.39705882352941174,6,13,29,0.08529411764705883,45,minimal,0.011708505058074137,6,true\n\
2025-Q2,292,118,0.4041095890410959,5,11,29,0.09931506849315068,36,minimal,0.007050765511684154,6,false\n\
2025-Q3,422,172,0.4075829383886256,7,15,33,0.07819905213270142,56,minimal,0.003473349347529686,7,false\n\
2025-Q4,418,172,0.41148325358851673,7,14,38,0.09090909090909091,57,average,0.0039003151998911467,7,true\n\
2026-Q1,444,182,0.4099099099099099,7,15,38,0.08558558558558559,67,minimal,-0.0015733436786068422,7,true\n\
2026-Q2,472,204,0.4322033898305085,7,15,45,0.09533898305084745,68,average,0.022293479920598602,7,true\n\
2026-Q3,503,224,0.44532803180914515,7,15,43,0.08548707753479125,69,average,0.013124641978636664,7,true\n"
    );
    // eastbay-wellness sent no file for 2025-Q2; the changes around it compare other agencies.
    assert_eq!(
        err,
        "warning: 2025-Q2: 5 of 6 expected agencies reported; figures are partial (ips outcomes missing --quarter 2025-Q2)\n"
    );
    assert_eq!(code, 0);
}

#[test]
fn summarize_by_agency_over_two_quarters_as_json_counts_each_team_once() {
    // Ohio, 2025-Q3 and 2025-Q4: riverbend's east closed in Q3 and west opened then, so four
    // distinct teams reported across the two quarters.
    let (out, err, code) = ips_words(
        &example_dir(),
        "outcomes summarize --as-of 2026-11-24 --by agency --from 2025-Q3 --to 2025-Q4 --jurisdiction oh --mean-of-rates --format json",
    );
    // Exact text, in column order: serde_json's default float parsing may be off by an ulp.
    assert_eq!(
        out,
        r#"{
  "rows": [
    {
      "agency": "lakeshore",
      "served": 110,
      "employed": 39,
      "rate": 0.35454545454545455,
      "mean_of_agency_rates": 0.35454545454545455,
      "agencies": 1,
      "teams": 2,
      "education": 7,
      "education_rate": 0.06363636363636363,
      "job_starts": 13,
      "band": "minimal",
      "agencies_expected": 1,
      "from": "2025-Q3",
      "to": "2025-Q4",
      "agency_name": "Lakeshore Behavioral Health"
    },
    {
      "agency": "riverbend",
      "served": 188,
      "employed": 82,
      "rate": 0.43617021276595747,
      "mean_of_agency_rates": 0.43617021276595747,
      "agencies": 1,
      "teams": 4,
      "education": 16,
      "education_rate": 0.0851063829787234,
      "job_starts": 26,
      "band": "average",
      "agencies_expected": 1,
      "from": "2025-Q3",
      "to": "2025-Q4",
      "agency_name": "Riverbend Community Mental Health"
    },
    {
      "agency": "scioto-valley",
      "served": 71,
      "employed": 18,
      "rate": 0.2535211267605634,
      "mean_of_agency_rates": 0.2535211267605634,
      "agencies": 1,
      "teams": 1,
      "education": 8,
      "education_rate": 0.11267605633802817,
      "job_starts": 6,
      "band": "below-minimal",
      "agencies_expected": 1,
      "from": "2025-Q3",
      "to": "2025-Q4",
      "agency_name": "Scioto Valley Counseling Services"
    },
    {
      "agency": "Total",
      "served": 369,
      "employed": 139,
      "rate": 0.37669376693766937,
      "mean_of_agency_rates": 0.34807893135732515,
      "agencies": 3,
      "teams": 7,
      "education": 31,
      "education_rate": 0.08401084010840108,
      "job_starts": 45,
      "band": "minimal",
      "agencies_expected": 3,
      "from": "2025-Q3",
      "to": "2025-Q4",
      "agency_name": null
    }
  ],
  "meta": {
    "ips_version": "IPS_VERSION",
    "data_format": 1,
    "as_of": "2026-11-24",
    "from": "2025-Q3",
    "to": "2025-Q4",
    "benchmarks": {
      "minimal": 0.31,
      "average": 0.41,
      "excellent": 0.5
    }
  }
}
"#
        .replace("IPS_VERSION", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(
        err,
        "note: 2 quarters added up (2025-Q3 to 2025-Q4): people are counted once per quarter, so someone served in each of them counts twice (add quarter to --by to see each quarter)\n"
    );
    assert_eq!(code, 0);
}

#[test]
fn summarize_by_team_as_markdown_brings_in_the_agency() {
    let (out, err, code) = ips_words(
        &example_dir(),
        "outcomes summarize --as-of 2026-11-24 --by team --agency riverbend --quarter 2026-Q3 --format markdown",
    );
    assert_eq!(
        out,
        "| agency | team | served | employed | rate | agencies | teams | education | education_rate | job_starts | band | agencies_expected | quarter | agency_name |\n\
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |\n\
| riverbend | north | 46 | 22 | 47.8% | 1 | 1 | 2 | 4.3% | 9 | average | 1 | 2026-Q3 | Riverbend Community Mental Health |\n\
| riverbend | south | 38 | 17 | 44.7% | 1 | 1 | 2 | 5.3% | 7 | average | 1 | 2026-Q3 | Riverbend Community Mental Health |\n\
| riverbend | west | 23 | 11 | 47.8% | 1 | 1 | 2 | 8.7% | 4 | average | 1 | 2026-Q3 | Riverbend Community Mental Health |\n\
| Total | Total | 107 | 50 | 46.7% | 1 | 3 | 6 | 5.6% | 20 | average | 1 | 2026-Q3 |  |\n"
    );
    assert_eq!((err.as_str(), code), ("", 0));
}

#[test]
fn summarize_csv_of_team_rates_without_totals() {
    let (out, _, code) = ips_words(
        &example_dir(),
        "outcomes summarize --as-of 2026-11-24 --by agency,team --agency riverbend --quarter 2026-Q3 --no-total --format csv",
    );
    assert_eq!(
        out,
        "agency,team,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,agency_name\n\
riverbend,north,46,22,0.4782608695652174,1,1,2,0.043478260869565216,9,average,1,2026-Q3,Riverbend Community Mental Health\n\
riverbend,south,38,17,0.4473684210526316,1,1,2,0.05263157894736842,7,average,1,2026-Q3,Riverbend Community Mental Health\n\
riverbend,west,23,11,0.4782608695652174,1,1,2,0.08695652173913043,4,average,1,2026-Q3,Riverbend Community Mental Health\n"
    );
    assert_eq!(code, 0);
}

/// ggz-noorderzon (the Netherlands' only agency) served nobody in 2026-Q3.
fn zero_served_copy() -> TempDir {
    let repo = example_copy();
    write(
        repo.path(),
        "outcomes/2026-Q3/ggz-noorderzon.csv",
        "team,served,employed,education,job_starts\ncentrum,0,0,0,0\noost,0,0,0,0\n",
    );
    repo
}

#[test]
fn a_group_that_served_nobody_has_empty_rates_in_every_format() {
    let repo = zero_served_copy();
    let (csv, _, code) = ips_words(
        repo.path(),
        "outcomes summarize --as-of 2026-11-24 --mean-of-rates --format csv",
    );
    // Total: 503 - 45 served, 224 - 17 employed; the mean leaves ggz-noorderzon out (6 agencies).
    assert_eq!(
        csv,
        "jurisdiction,served,employed,rate,mean_of_agency_rates,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,jurisdiction_name\n\
alameda,147,66,0.4489795918367347,0.4484126984126984,2,4,15,0.10204081632653061,18,average,2,2026-Q3,Alameda County\n\
nl,0,0,,,1,2,0,,0,,1,2026-Q3,Netherlands\n\
nz,99,56,0.5656565656565656,0.5656565656565656,1,3,6,0.06060606060606061,15,excellent,1,2026-Q3,New Zealand\n\
oh,212,85,0.4009433962264151,0.3700668157693629,3,6,16,0.07547169811320754,30,minimal,3,2026-Q3,Ohio\n\
Total,458,207,0.4519650655021834,0.4287804016316752,7,15,37,0.08078602620087336,63,average,7,2026-Q3,\n"
    );
    assert_eq!(code, 0);
    let (json, _, _) = ips_words(
        repo.path(),
        "outcomes summarize --as-of 2026-11-24 --jurisdiction nl --no-total --format json",
    );
    assert_eq!(
        json,
        r#"{
  "rows": [
    {
      "jurisdiction": "nl",
      "served": 0,
      "employed": 0,
      "rate": null,
      "agencies": 1,
      "teams": 2,
      "education": 0,
      "education_rate": null,
      "job_starts": 0,
      "band": null,
      "agencies_expected": 1,
      "quarter": "2026-Q3",
      "jurisdiction_name": "Netherlands"
    }
  ],
  "meta": {
    "ips_version": "IPS_VERSION",
    "data_format": 1,
    "as_of": "2026-11-24",
    "from": "2026-Q3",
    "to": "2026-Q3",
    "benchmarks": {
      "minimal": 0.31,
      "average": 0.41,
      "excellent": 0.5
    }
  }
}
"#
        .replace("IPS_VERSION", env!("CARGO_PKG_VERSION"))
    );
    let (markdown, _, _) = ips_words(
        repo.path(),
        "outcomes summarize --as-of 2026-11-24 --jurisdiction nl --by quarter,jurisdiction --quarter 2026-Q3 --format markdown",
    );
    assert_eq!(
        markdown,
        "| quarter | jurisdiction | served | employed | rate | agencies | teams | education | education_rate | job_starts | band | rate_change | agencies_expected | rate_change_comparable | jurisdiction_name |\n\
| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: | --- | --- | ---: | --- | --- |\n\
| 2026-Q3 | nl | 0 | 0 |  | 1 | 2 | 0 |  | 0 |  |  | 1 |  | Netherlands |\n\
| 2026-Q3 | Total | 0 | 0 |  | 1 | 2 | 0 |  | 0 |  |  | 1 |  |  |\n"
    );
    let (table, _, code) = ips_words(
        repo.path(),
        "outcomes summarize --as-of 2026-11-24 --jurisdiction nl --no-total",
    );
    let nl_row = table.lines().nth(2).unwrap();
    assert_eq!(
        nl_row,
        " nl                 0         0               1      2                           0"
    );
    assert_eq!(code, 0);
}

/// riverbend's north team reports more people employed (50) than served (46) in 2026-Q3.
fn invalid_copy() -> TempDir {
    let repo = example_copy();
    write(
        repo.path(),
        "outcomes/2026-Q3/riverbend.csv",
        "team,served,employed,education,job_starts\nnorth,46,50,2,9\nsouth,38,17,2,7\nwest,23,11,2,4\n",
    );
    repo
}

const INVALID_LISTING: &str = "outcomes/2026-Q3/riverbend.csv:2:10: error[employed-exceeds-served]: employed (50) is greater than served (46)\n  \
hint: employed counts people among those served in the quarter: check both numbers\n";

#[test]
fn summarize_refuses_data_with_errors_and_lists_them() {
    let repo = invalid_copy();
    let (out, err, code) = ips_words(repo.path(), "outcomes summarize --as-of 2026-11-24");
    assert_eq!(out, "");
    // 15 files: the 7 outcome files of 2026-Q3, ips.toml and 7 agency.toml files.
    assert_eq!(
        err,
        format!(
            "error: the outcome data has errors, so nothing was summarized\n  \
hint: fix them and run `ips validate`, or pass --allow-invalid to leave the rows with errors out\n\
{INVALID_LISTING}1 error, 0 warnings in 15 files\n"
        )
    );
    assert_eq!(code, 1);
}

#[test]
fn allow_invalid_leaves_the_bad_rows_out_and_says_how_many() {
    let repo = invalid_copy();
    let (out, err, code) = ips_words(
        repo.path(),
        "outcomes summarize --as-of 2026-11-24 --allow-invalid --format csv",
    );
    // Ohio without riverbend north: 212 - 46 served, 85 - 22 employed, 16 - 2 education,
    // 30 - 9 job starts, 5 teams.
    assert_eq!(
        out,
        "jurisdiction,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,jurisdiction_name\n\
alameda,147,66,0.4489795918367347,2,4,15,0.10204081632653061,18,average,2,2026-Q3,Alameda County\n\
nl,45,17,0.37777777777777777,1,2,6,0.13333333333333333,6,minimal,1,2026-Q3,Netherlands\n\
nz,99,56,0.5656565656565656,1,3,6,0.06060606060606061,15,excellent,1,2026-Q3,New Zealand\n\
oh,166,63,0.3795180722891566,3,5,14,0.08433734939759036,21,minimal,3,2026-Q3,Ohio\n\
Total,457,202,0.4420131291028446,7,14,41,0.08971553610503283,60,average,7,2026-Q3,\n"
    );
    assert_eq!(
        err,
        format!(
            "warning: --allow-invalid: left out 1 row with errors; the data has 1 error in 1 file (`ips validate` lists them)\n{DEFAULT_NOTE}"
        )
    );
    assert_eq!(code, 0);
}

#[test]
fn errors_outside_the_period_do_not_stop_a_summary_of_other_quarters() {
    let repo = invalid_copy();
    let (out, err, code) = ips_words(
        repo.path(),
        "outcomes summarize --as-of 2026-11-24 --by quarter --quarter 2025-Q4 --format csv",
    );
    // 2025-Q4's change needs 2025-Q3 only; the bad file is in 2026-Q3.
    assert_eq!(
        out,
        "quarter,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,rate_change,agencies_expected,rate_change_comparable\n\
2025-Q4,418,172,0.41148325358851673,7,14,38,0.09090909090909091,57,average,0.0039003151998911467,7,true\n"
    );
    assert_eq!((err.as_str(), code), ("", 0));
}

#[test]
fn summarize_refuses_a_misnamed_quarter_folder_and_a_future_quarter() {
    let repo = example_copy();
    write(
        repo.path(),
        "outcomes/2026-q2/riverbend.csv",
        "team,served,employed\nnorth,1,1\n",
    );
    write(
        repo.path(),
        "outcomes/2026-Q4/riverbend.csv",
        "team,served,employed\nnorth,1,1\n",
    );
    let (out, err, code) = ips_words(
        repo.path(),
        "outcomes summarize --as-of 2026-11-24 --agency riverbend",
    );
    assert_eq!(out, "");
    // By default the latest quarter that has ended, 2026-Q3, is summarized: the 2026-Q4 file is
    // not read (validate reports it), but the misnamed folder stops the summary. 1 outcome file,
    // ips.toml, riverbend's agency.toml.
    assert_eq!(
        err,
        "error: the outcome data has errors, so nothing was summarized\n  \
hint: fix them and run `ips validate`, or pass --allow-invalid to leave the rows with errors out\n\
outcomes/2026-q2: error[quarter-folder]: \"2026-q2\" is not a quarter folder\n  \
hint: name quarter folders YYYY-Qn with n from 1 to 4, e.g. outcomes/2026-Q2\n\
1 error, 0 warnings in 3 files\n"
    );
    assert_eq!(code, 1);
    // Every quarter, grouped: the file of the quarter still running is read and refused too.
    let (out, err, code) = ips_words(
        repo.path(),
        "outcomes summarize --as-of 2026-11-24 --agency riverbend --by quarter",
    );
    assert_eq!(out, "");
    assert!(
        err.contains("outcomes/2026-Q4/riverbend.csv: error[future-quarter]: 2026-Q4 has not ended as of 2026-11-24"),
        "{err}"
    );
    assert_eq!(code, 1);
}

#[test]
fn filters_naming_nothing_are_refused_with_the_names_that_exist() {
    let (out, err, code) = ips_words(
        &example_dir(),
        "outcomes summarize --as-of 2026-11-24 --agency riverbnd",
    );
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: no agency `riverbnd`: there is no agencies/riverbnd/ folder\n  \
hint: did you mean `riverbend`? `ips agency list` lists the 7 agencies\n"
    );
    assert_eq!(code, 2);
    let (_, err, code) = ips_words(
        &example_dir(),
        "outcomes summarize --as-of 2026-11-24 --jurisdiction ohio",
    );
    assert_eq!(
        err,
        "error: --jurisdiction ohio: no such jurisdiction in ips.toml\n  hint: did you mean `oh` (Ohio)? --jurisdiction takes the id; the jurisdictions declared under [[jurisdictions]] are: oh, alameda, nz, nl\n"
    );
    assert_eq!(code, 2);
    let (_, err, code) = ips_words(
        &example_dir(),
        "outcomes summarize --from 2026-Q3 --to 2026-Q1",
    );
    assert_eq!(
        err,
        "error: --from 2026-Q3 is after --to 2026-Q1\n  hint: give the earlier quarter to --from\n"
    );
    assert_eq!(code, 2);
}

#[test]
fn several_agencies_and_quarters_can_be_named() {
    // riverbend + lakeshore in 2026-Q2 and 2026-Q3: (101 + 58) + (107 + 62) served,
    // (46 + 22) + (50 + 24) employed.
    let (out, _, code) = ips_words(
        &example_dir(),
        "outcomes summarize --as-of 2026-11-24 --by agency --agency riverbend --agency lakeshore --quarter 2026-Q2,2026-Q3 --no-total --format csv",
    );
    assert_eq!(
        out,
        "agency,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,from,to,agency_name\n\
lakeshore,120,46,0.38333333333333336,1,2,10,0.08333333333333333,12,minimal,1,2026-Q2,2026-Q3,Lakeshore Behavioral Health\n\
riverbend,208,96,0.46153846153846156,1,3,16,0.07692307692307693,38,average,1,2026-Q2,2026-Q3,Riverbend Community Mental Health\n"
    );
    assert_eq!(code, 0);
}

// export ------------------------------------------------------------------------------------

#[test]
fn export_writes_one_row_per_team_and_quarter_as_csv() {
    let (out, err, code) = ips_words(
        &example_dir(),
        "outcomes export --as-of 2026-11-24 --quarter 2025-Q4 --jurisdiction alameda",
    );
    assert_eq!(
        out,
        "quarter,jurisdiction,agency,team,served,employed,education,job_starts,jurisdiction_name,agency_name\n\
2025-Q4,alameda,eastbay-wellness,hayward,27,11,2,2,Alameda County,East Bay Wellness Center\n\
2025-Q4,alameda,eastbay-wellness,oakland,50,19,6,6,Alameda County,East Bay Wellness Center\n\
2025-Q4,alameda,tri-city-pathways,fremont,34,14,2,5,Alameda County,Tri-City Pathways\n\
2025-Q4,alameda,tri-city-pathways,union-city,14,6,2,2,Alameda County,Tri-City Pathways\n"
    );
    assert_eq!((err.as_str(), code), ("", 0));
}

#[test]
fn export_of_everything_has_every_row_of_every_file() {
    let (out, _, code) = ips_words(&example_dir(), "outcomes export --as-of 2026-11-24");
    assert_eq!(code, 0);
    // 149 data rows in 71 files; 4,225 served and 1,737 employed in all.
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 149);
    let sum =
        |column: usize| -> u64 { rows.iter().map(|r| r[column].parse::<u64>().unwrap()).sum() };
    assert_eq!((sum(4), sum(5)), (4225, 1737));
    assert_eq!(
        rows[0],
        [
            "2023-Q2",
            "oh",
            "riverbend",
            "east",
            "23",
            "8",
            "3",
            "2",
            "Ohio",
            "Riverbend Community Mental Health"
        ]
    );
}

#[test]
fn export_as_json_keeps_numbers_and_blank_optional_counts_are_null() {
    let repo = example_copy();
    write(
        repo.path(),
        "outcomes/2023-Q2/riverbend.csv",
        "team,served,employed\nnorth,34,13\neast,23,8\n",
    );
    let (out, _, code) = ips_words(
        repo.path(),
        "outcomes export --as-of 2026-11-24 --quarter 2023-Q2 --format json",
    );
    let value: Value = serde_json::from_str(&out).unwrap();
    let riverbend = "Riverbend Community Mental Health";
    assert_eq!(
        value["rows"],
        json!([
            {"quarter": "2023-Q2", "jurisdiction": "oh", "agency": "riverbend", "team": "east",
             "served": 23, "employed": 8, "education": null, "job_starts": null,
             "jurisdiction_name": "Ohio", "agency_name": riverbend},
            {"quarter": "2023-Q2", "jurisdiction": "oh", "agency": "riverbend", "team": "north",
             "served": 34, "employed": 13, "education": null, "job_starts": null,
             "jurisdiction_name": "Ohio", "agency_name": riverbend}
        ])
    );
    let shown: Meta = serde_json::from_value(value["meta"].clone()).expect("the meta's shape");
    assert_eq!(shown, meta("2026-11-24", Some("2023-Q2"), Some("2023-Q2")));
    assert_eq!(code, 0);
}

#[test]
fn export_refuses_errors_unless_allowed() {
    let repo = invalid_copy();
    let args = "outcomes export --as-of 2026-11-24 --quarter 2026-Q3 --agency riverbend";
    let (out, err, code) = ips_words(repo.path(), args);
    assert_eq!(out, "");
    // 1 outcome file, ips.toml, riverbend's agency.toml.
    assert_eq!(
        err,
        format!(
            "error: the outcome data has errors, so nothing was exported\n  \
hint: fix them and run `ips validate`, or pass --allow-invalid to leave the rows with errors out\n\
{INVALID_LISTING}1 error, 0 warnings in 3 files\n"
        )
    );
    assert_eq!(code, 1);
    let (out, err, code) = ips_words(repo.path(), &format!("{args} --allow-invalid"));
    assert_eq!(
        out,
        "quarter,jurisdiction,agency,team,served,employed,education,job_starts,jurisdiction_name,agency_name\n\
2026-Q3,oh,riverbend,south,38,17,2,7,Ohio,Riverbend Community Mental Health\n\
2026-Q3,oh,riverbend,west,23,11,2,4,Ohio,Riverbend Community Mental Health\n"
    );
    assert_eq!(
        err,
        "warning: --allow-invalid: left out 1 row with errors; the data has 1 error in 1 file (`ips validate` lists them)\n"
    );
    assert_eq!(code, 0);
}

// new ---------------------------------------------------------------------------------------

#[test]
fn new_writes_a_row_per_open_team_for_the_last_ended_quarter_and_never_overwrites() {
    let repo = example_copy();
    let args = "outcomes new --agency riverbend --as-of 2027-01-05";
    let (out, err, code) = ips_words(repo.path(), args);
    // east closed on 2025-08-15, so it has no row in 2026-Q4.
    assert_eq!(
        out,
        "created outcomes/2026-Q4/riverbend.csv with a row for each team open in 2026-Q4: north, south, west\n\
Next: fill in the counts, then run ips validate (until they are filled in, it reports the blank counts as errors).\n"
    );
    assert_eq!((err.as_str(), code), ("", 0));
    assert_eq!(
        read(repo.path(), "outcomes/2026-Q4/riverbend.csv"),
        "team,served,employed,education,job_starts\nnorth,,,,\nsouth,,,,\nwest,,,,\n"
    );
    // Blank counts fail validation until they are filled in.
    let (report, _, code) = ips_words(repo.path(), "validate --as-of 2027-01-05");
    assert!(
        report.contains("outcomes/2026-Q4/riverbend.csv:2:7: error[count]: `served` is blank, but it is required"),
        "{report}"
    );
    assert_eq!(code, 1);
    // A liaison fills it in; a second `new` must not touch it.
    let filled = "team,served,employed,education,job_starts\nnorth,40,20,2,3\nsouth,30,12,1,2\nwest,20,9,1,1\n";
    write(repo.path(), "outcomes/2026-Q4/riverbend.csv", filled);
    let (out, err, code) = ips_words(repo.path(), args);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: outcomes/2026-Q4/riverbend.csv already exists: nothing was written\n  \
hint: edit that file to correct its counts, or pass --quarter for another quarter\n"
    );
    assert_eq!(code, 2);
    assert_eq!(read(repo.path(), "outcomes/2026-Q4/riverbend.csv"), filled);
}

#[test]
fn new_takes_a_quarter_and_warns_before_the_baseline_review() {
    let repo = example_copy();
    let (out, err, code) = ips_words(
        repo.path(),
        "outcomes new --agency ggz-noorderzon --quarter 2025-Q2 --as-of 2026-11-24",
    );
    // oost opened on 2026-01-12; the baseline review was on 2025-08-26.
    assert_eq!(
        out,
        "created outcomes/2025-Q2/ggz-noorderzon.csv with a row for each team open in 2025-Q2: centrum\n\
Next: fill in the counts, then run ips validate (until they are filled in, it reports the blank counts as errors).\n"
    );
    assert_eq!(
        err,
        "warning: ggz-noorderzon's baseline fidelity review is on 2025-08-26, after 2025-Q2 ended; agencies report from the quarter of their baseline review on\n"
    );
    assert_eq!(code, 0);
    assert_eq!(
        read(repo.path(), "outcomes/2025-Q2/ggz-noorderzon.csv"),
        "team,served,employed,education,job_starts\ncentrum,,,,\n"
    );
}

#[test]
fn new_refuses_an_existing_file_an_open_quarter_and_an_unknown_agency() {
    let repo = example_copy();
    let before = read(repo.path(), "outcomes/2026-Q3/riverbend.csv");
    let (_, err, code) = ips_words(
        repo.path(),
        "outcomes new --agency riverbend --as-of 2026-11-24",
    );
    assert_eq!(
        err,
        "error: outcomes/2026-Q3/riverbend.csv already exists: nothing was written\n  \
hint: edit that file to correct its counts, or pass --quarter for another quarter\n"
    );
    assert_eq!(code, 2);
    assert_eq!(read(repo.path(), "outcomes/2026-Q3/riverbend.csv"), before);
    let (_, err, code) = ips_words(
        repo.path(),
        "outcomes new --agency riverbend --quarter 2026-Q4 --as-of 2026-11-24",
    );
    assert_eq!(
        err,
        "error: 2026-Q4 has not ended as of 2026-11-24: it ends on 2026-12-31\n  \
hint: pass --quarter 2026-Q3, the last quarter that has ended, or --as-of a later date\n"
    );
    assert_eq!(code, 2);
    assert!(!repo.path().join("outcomes/2026-Q4").exists());
    // On 2026-09-30 the third quarter has not ended yet, so the default is 2026-Q2.
    let (_, err, code) = ips_words(
        repo.path(),
        "outcomes new --agency riverbend --as-of 2026-09-30",
    );
    assert_eq!(
        err,
        "error: outcomes/2026-Q2/riverbend.csv already exists: nothing was written\n  \
hint: edit that file to correct its counts, or pass --quarter for another quarter\n"
    );
    assert_eq!(code, 2);
    let (_, err, code) = ips_words(repo.path(), "outcomes new --agency riverbnd");
    assert_eq!(
        err,
        "error: no agency `riverbnd`: there is no agencies/riverbnd/ folder\n  \
hint: did you mean `riverbend`? `ips agency list` lists the 7 agencies\n"
    );
    assert_eq!(code, 2);
    // A quarter that ended before the agency started, as `fidelity new` refuses such a date.
    let (_, err, code) = ips_words(
        repo.path(),
        "outcomes new --agency riverbend --quarter 2022-Q4 --as-of 2026-11-24",
    );
    assert_eq!(
        (err.as_str(), code),
        (
            "error: agency `riverbend` started on 2023-03-01, after 2022-Q4 ended: it has nothing to report for it\n  \
hint: check --quarter, or the agency's `start` in agencies/riverbend/agency.toml\n",
            2
        )
    );
    assert!(!repo.path().join("outcomes/2022-Q4").exists());
}

// missing -----------------------------------------------------------------------------------

#[test]
fn missing_lists_teams_of_agencies_without_a_file() {
    // eastbay-wellness sent nothing for 2025-Q2; ggz-noorderzon is not expected yet (baseline
    // 2025-08-26).
    let (out, err, code) = ips_words(
        &example_dir(),
        "outcomes missing --as-of 2026-11-24 --quarter 2025-Q2 --format csv --fail-if-missing",
    );
    assert_eq!(
        out,
        "quarter,jurisdiction,agency,team,reason,jurisdiction_name,agency_name\n\
2025-Q2,alameda,eastbay-wellness,hayward,no-file,Alameda County,East Bay Wellness Center\n\
2025-Q2,alameda,eastbay-wellness,oakland,no-file,Alameda County,East Bay Wellness Center\n"
    );
    assert_eq!((err.as_str(), code), ("", 1));
    let (_, _, code) = ips_words(
        &example_dir(),
        "outcomes missing --as-of 2026-11-24 --quarter 2025-Q2",
    );
    assert_eq!(code, 0, "without --fail-if-missing, a list is a success");
}

#[test]
fn missing_defaults_to_the_last_ended_quarter() {
    // As of 2026-11-24 that is 2026-Q3, which everyone reported.
    let (out, err, code) = ips_words(
        &example_dir(),
        "outcomes missing --as-of 2026-11-24 --format json --fail-if-missing",
    );
    let value: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["rows"], json!([]));
    let shown: Meta = serde_json::from_value(value["meta"].clone()).expect("the meta's shape");
    assert_eq!(shown, meta("2026-11-24", Some("2026-Q3"), Some("2026-Q3")));
    assert_eq!(
        (err.as_str(), code),
        ("note: no team is missing for 2026-Q3\n", 0)
    );
    // As of 2027-01-05 it is 2026-Q4, which nobody has reported: every open team.
    let (out, _, code) = ips_words(
        &example_dir(),
        "outcomes missing --as-of 2027-01-05 --format markdown",
    );
    assert_eq!(
        out,
        "| quarter | jurisdiction | agency | team | reason | jurisdiction_name | agency_name |\n\
| --- | --- | --- | --- | --- | --- | --- |\n\
| 2026-Q4 | alameda | eastbay-wellness | hayward | no-file | Alameda County | East Bay Wellness Center |\n\
| 2026-Q4 | alameda | eastbay-wellness | oakland | no-file | Alameda County | East Bay Wellness Center |\n\
| 2026-Q4 | alameda | tri-city-pathways | fremont | no-file | Alameda County | Tri-City Pathways |\n\
| 2026-Q4 | alameda | tri-city-pathways | union-city | no-file | Alameda County | Tri-City Pathways |\n\
| 2026-Q4 | nl | ggz-noorderzon | centrum | no-file | Netherlands | GGZ Noorderzon |\n\
| 2026-Q4 | nl | ggz-noorderzon | oost | no-file | Netherlands | GGZ Noorderzon |\n\
| 2026-Q4 | nz | harbour-health | henderson | no-file | New Zealand | Harbour Community Health |\n\
| 2026-Q4 | nz | harbour-health | new-lynn | no-file | New Zealand | Harbour Community Health |\n\
| 2026-Q4 | nz | harbour-health | north-shore | no-file | New Zealand | Harbour Community Health |\n\
| 2026-Q4 | oh | lakeshore | elyria | no-file | Ohio | Lakeshore Behavioral Health |\n\
| 2026-Q4 | oh | lakeshore | lorain | no-file | Ohio | Lakeshore Behavioral Health |\n\
| 2026-Q4 | oh | riverbend | north | no-file | Ohio | Riverbend Community Mental Health |\n\
| 2026-Q4 | oh | riverbend | south | no-file | Ohio | Riverbend Community Mental Health |\n\
| 2026-Q4 | oh | riverbend | west | no-file | Ohio | Riverbend Community Mental Health |\n\
| 2026-Q4 | oh | scioto-valley | chillicothe | no-file | Ohio | Scioto Valley Counseling Services |\n"
    );
    assert_eq!(code, 0);
}

#[test]
fn missing_names_a_team_without_a_row_and_takes_filters() {
    let repo = example_copy();
    write(
        repo.path(),
        "outcomes/2026-Q3/riverbend.csv",
        "team,served,employed,education,job_starts\nnorth,46,22,2,9\nsouth,38,17,2,7\n",
    );
    let (out, _, code) = ips_words(
        repo.path(),
        "outcomes missing --as-of 2026-11-24 --jurisdiction oh --format csv",
    );
    assert_eq!(
        out,
        "quarter,jurisdiction,agency,team,reason,jurisdiction_name,agency_name\n2026-Q3,oh,riverbend,west,no-row,Ohio,Riverbend Community Mental Health\n"
    );
    assert_eq!(code, 0);
    let (out, _, _) = ips_words(
        repo.path(),
        "outcomes missing --as-of 2026-11-24 --agency lakeshore --format csv",
    );
    assert_eq!(
        out,
        "quarter,jurisdiction,agency,team,reason,jurisdiction_name,agency_name\n"
    );
}

#[test]
fn missing_refuses_an_open_quarter() {
    let (out, err, code) = ips_words(
        &example_dir(),
        "outcomes missing --as-of 2026-11-24 --quarter 2026-Q4",
    );
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: 2026-Q4 has not ended as of 2026-11-24: it ends on 2026-12-31\n  \
hint: pass --quarter 2026-Q3, the last quarter that has ended, or --as-of a later date\n"
    );
    assert_eq!(code, 2);
}

/// Neither the figures nor `missing` read the reviews' content: who is expected to report
/// follows from the review files' dates, which their names give.
#[test]
fn a_broken_review_stops_neither_the_figures_nor_missing() {
    let repo = example_copy();
    write(
        repo.path(),
        "agencies/riverbend/fidelity/2025-12-09.toml",
        "date = 2025-12-09\nkind = baseline\n",
    );
    let (out, err, code) = ips_words(
        repo.path(),
        "outcomes summarize --as-of 2026-11-24 --agency riverbend --quarter 2026-Q3 --no-total --format csv",
    );
    // riverbend 2026-Q3: 46 + 38 + 23 served, 22 + 17 + 11 employed.
    assert_eq!(
        out,
        "jurisdiction,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,jurisdiction_name\n\
oh,107,50,0.4672897196261682,1,3,6,0.056074766355140186,20,average,1,2026-Q3,Ohio\n"
    );
    assert_eq!((err.as_str(), code), ("", 0));
    let (out, err, code) = ips_words(
        repo.path(),
        "outcomes missing --as-of 2026-11-24 --agency riverbend --format csv",
    );
    assert_eq!(
        out,
        "quarter,jurisdiction,agency,team,reason,jurisdiction_name,agency_name\n"
    );
    assert_eq!(err, "note: no team is missing for 2026-Q3\n");
    assert_eq!(code, 0);
}

/// An unfinished review (the README's `ips fidelity new riverbend ...`) does not stop `missing`:
/// it reads only the review files' names, and every agency's rows are listed.
#[test]
fn an_unfinished_review_does_not_stop_missing() {
    let repo = example_copy();
    let (_, _, code) = ips_words(repo.path(), "fidelity new riverbend --date 2026-11-20");
    assert_eq!(code, 0);
    std::fs::remove_file(repo.path().join("outcomes/2026-Q3/lakeshore.csv")).unwrap();
    let (out, err, code) = ips_words(
        repo.path(),
        "outcomes missing --as-of 2026-11-24 --format csv",
    );
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "quarter,jurisdiction,agency,team,reason,jurisdiction_name,agency_name\n\
2026-Q3,oh,lakeshore,elyria,no-file,Ohio,Lakeshore Behavioral Health\n\
2026-Q3,oh,lakeshore,lorain,no-file,Ohio,Lakeshore Behavioral Health\n",
            "",
            0
        )
    );
}

/// An agency's outcome file with errors marks that agency in `missing`; the others are listed.
#[test]
fn an_outcome_file_with_errors_marks_its_agency_in_missing() {
    let repo = example_copy();
    std::fs::remove_file(repo.path().join("outcomes/2026-Q3/lakeshore.csv")).unwrap();
    write(
        repo.path(),
        "outcomes/2026-Q3/riverbend.csv",
        "team,served,employed\nnorth,x,1\n",
    );
    let (out, err, code) = ips_words(
        repo.path(),
        "outcomes missing --as-of 2026-11-24 --format csv",
    );
    assert_eq!(
        out,
        "quarter,jurisdiction,agency,team,reason,jurisdiction_name,agency_name\n\
2026-Q3,oh,lakeshore,elyria,no-file,Ohio,Lakeshore Behavioral Health\n\
2026-Q3,oh,lakeshore,lorain,no-file,Ohio,Lakeshore Behavioral Health\n\
2026-Q3,oh,riverbend,,data-error,Ohio,Riverbend Community Mental Health\n"
    );
    assert!(
        err.starts_with(
            "error: 1 agency has errors in its files, so its row shows `data-error`: riverbend\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("outcomes/2026-Q3/riverbend.csv:2:7: error[count]"),
        "{err}"
    );
    assert_eq!(code, 1);
}

// quarters named outright -------------------------------------------------------------------

#[test]
fn summarize_refuses_a_named_quarter_that_has_not_ended() {
    let (out, err, code) = ips_words(
        &example_dir(),
        "outcomes summarize --as-of 2026-11-24 --quarter 2062-Q3",
    );
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: 2062-Q3 has not ended as of 2026-11-24: it ends on 2062-09-30\n  hint: pass --quarter 2026-Q3, the last quarter that has ended, or --as-of a later date\n"
    );
    assert_eq!(code, 2);
}

#[test]
fn summarize_says_so_when_the_chosen_quarters_have_no_files() {
    let (out, err, code) = ips_words(
        &example_dir(),
        "outcomes summarize --as-of 2026-11-24 --quarter 2019-Q3 --format csv",
    );
    assert_eq!(
        out,
        "jurisdiction,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,jurisdiction_name\n"
    );
    assert_eq!(
        err,
        "note: no outcome files in the chosen quarters and places\n"
    );
    assert_eq!(code, 0);
}

#[test]
fn new_refuses_with_exit_1_when_the_agency_file_has_errors() {
    let dir = example_copy();
    let agency = read(dir.path(), "agencies/lakeshore/agency.toml");
    write(
        dir.path(),
        "agencies/lakeshore/agency.toml",
        agency.replace("start = 2024-01-15", "start = 2024-02-30"),
    );
    std::fs::remove_file(dir.path().join("outcomes/2026-Q3/lakeshore.csv")).unwrap();
    let (out, err, code) = ips_words(
        dir.path(),
        "outcomes new --agency lakeshore --as-of 2026-11-24",
    );
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: agencies/lakeshore/agency.toml has errors, so its teams are unknown: nothing was written\n  hint: run `ips validate agencies/lakeshore/agency.toml` and fix it first\n"
    );
    assert_eq!(code, 1);
    assert!(!dir.path().join("outcomes/2026-Q3/lakeshore.csv").exists());
}

/// An agency whose jurisdiction is not declared cannot be placed: --allow-invalid leaves its rows
/// out and counts them, rather than inventing a group for the undeclared id.
#[test]
fn allow_invalid_leaves_out_the_rows_of_an_undeclared_jurisdiction() {
    let repo = example_copy();
    let agency = read(repo.path(), "agencies/ggz-noorderzon/agency.toml");
    write(
        repo.path(),
        "agencies/ggz-noorderzon/agency.toml",
        agency.replace("jurisdiction = \"nl\"", "jurisdiction = \"xx\""),
    );
    let (out, err, code) = ips_words(
        repo.path(),
        "outcomes summarize --as-of 2026-11-24 --allow-invalid --format csv --no-total",
    );
    // 2026-Q3 without ggz-noorderzon's two teams (45 served, 17 employed).
    assert_eq!(
        out,
        "jurisdiction,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,jurisdiction_name\n\
alameda,147,66,0.4489795918367347,2,4,15,0.10204081632653061,18,average,2,2026-Q3,Alameda County\n\
nz,99,56,0.5656565656565656,1,3,6,0.06060606060606061,15,excellent,1,2026-Q3,New Zealand\n\
oh,212,85,0.4009433962264151,3,6,16,0.07547169811320754,30,minimal,3,2026-Q3,Ohio\n"
    );
    assert_eq!(
        err,
        format!(
            "warning: --allow-invalid: left out 2 rows with errors; the data has 1 error in 1 file (`ips validate` lists them)\n\
warning: 2026-Q3: 6 of 7 expected agencies reported; figures are partial (ips outcomes missing --quarter 2026-Q3)\n{DEFAULT_NOTE}"
        )
    );
    assert_eq!(code, 0);
}

/// The settings apply to every figure: --allow-invalid leaves rows out, never an error in
/// ips.toml (here a benchmark in quotes, whose hint gives the number back).
#[test]
fn allow_invalid_never_leaves_out_an_error_in_ips_toml() {
    let repo = example_copy();
    common::edit(
        repo.path(),
        "ips.toml",
        "minimal = 0.31",
        "minimal = \"0.31\"",
    );
    for flags in ["", " --allow-invalid"] {
        let (out, err, code) = ips_words(
            repo.path(),
            &format!("outcomes summarize --as-of 2026-11-24{flags}"),
        );
        assert_eq!(
            (out.as_str(), err.as_str(), code),
            (
                "",
                "error: ips.toml has errors, so nothing was summarized
  hint: fix them: its benchmarks and jurisdictions apply to every figure, so --allow-invalid cannot leave them out
ips.toml:35:11: error[wrong-type]: `benchmarks.minimal` must be a number, found text
  hint: write the number without quotes: minimal = 0.31
1 error, 0 warnings in 8 files
",
                1
            ),
            "flags: {flags:?}"
        );
    }
}

// completeness and self-describing summaries ------------------------------------------------

/// A quarter that no agency reported has no row: between the first and the last quarter shown,
/// each such quarter that agencies were expected to report is named, in one warning.
#[test]
fn a_quarter_nobody_reported_is_named_not_silently_skipped() {
    let repo = example_copy();
    for quarter in ["2025-Q4", "2026-Q1"] {
        std::fs::remove_dir_all(repo.path().join("outcomes").join(quarter)).unwrap();
    }
    let (out, err, code) = ips_words(
        repo.path(),
        "outcomes summarize --by quarter --from 2025-Q3 --as-of 2026-11-24 --format csv",
    );
    assert_eq!(code, 0);
    let quarters: Vec<&str> = out.lines().skip(1).map(|l| &l[..7]).collect();
    assert_eq!(quarters, ["2025-Q3", "2026-Q2", "2026-Q3"]);
    assert_eq!(
        err,
        "warning: 2 quarters have no outcome file, though agencies were expected to report them: 2025-Q4 (7 agencies), 2026-Q1 (7 agencies); those quarters have no row (ips outcomes missing --quarter Q names who has not reported)\n"
    );
}

/// Quarters whose figures are partial are named in one warning, not a line each.
#[test]
fn partial_quarters_are_named_in_one_warning() {
    let repo = example_copy();
    for quarter in ["2025-Q4", "2026-Q1", "2026-Q2"] {
        std::fs::remove_file(
            repo.path()
                .join(format!("outcomes/{quarter}/riverbend.csv")),
        )
        .unwrap();
    }
    let (_, err, code) = ips_words(
        repo.path(),
        "outcomes summarize --by quarter --from 2025-Q3 --as-of 2026-11-24 --format csv",
    );
    assert_eq!(
        err,
        "warning: 3 quarters have figures that are partial, as not every expected agency reported: 2025-Q4 to 2026-Q2 (6 of 7 each) (ips outcomes missing --quarter Q names who has not reported)\n"
    );
    assert_eq!(code, 0);
}

/// The example as of 2027-01-05, with riverbend's 2026-Q4 file alone committed: the other six
/// agencies, all expected to report 2026-Q4, have not yet.
fn partial_quarter_copy() -> TempDir {
    let repo = example_copy();
    write(
        repo.path(),
        "outcomes/2026-Q4/riverbend.csv",
        "team,served,employed,education,job_starts\nnorth,40,20,2,3\nsouth,30,12,1,2\nwest,20,9,1,1\n",
    );
    repo
}

const PARTIAL_Q4: &str = "warning: 2026-Q4: 1 of 7 expected agencies reported; figures are partial (ips outcomes missing --quarter 2026-Q4)\n";

#[test]
fn a_partial_quarter_is_marked_in_the_table_and_said_on_stderr() {
    let repo = partial_quarter_copy();
    let (out, err, code) = ips_words(repo.path(), "outcomes summarize --as-of 2027-01-05");
    // riverbend: 40 + 30 + 20 served, 20 + 12 + 9 employed (41 / 90 = 45.6%), education 4
    // (4.4%), job starts 6. Ohio expects 3 agencies, the community 7.
    assert_eq!(
        out,
        " jurisdiction  served  employed   rate  agencies  teams  education_rate  job_starts  band
 ────────────  ──────  ────────  ─────  ────────  ─────  ──────────────  ──────────  ───────
 oh                90        41  45.6%    1 of 3      3            4.4%           6  average
 Total             90        41  45.6%    1 of 7      3            4.4%           6  average
"
    );
    assert_eq!(
        err,
        format!(
            "{PARTIAL_Q4}note: 2026-Q4, the latest quarter with outcomes (choose others with --quarter, --from, --to)\n"
        )
    );
    assert_eq!(code, 0);
    // Scripts get the plain count beside agencies_expected, and the quarter the rows cover.
    let (csv, err, _) = ips_words(
        repo.path(),
        "outcomes summarize --as-of 2027-01-05 --quarter 2026-Q4 --format csv",
    );
    assert_eq!(
        csv,
        "jurisdiction,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,quarter,jurisdiction_name\n\
oh,90,41,0.45555555555555555,1,3,4,0.044444444444444446,6,average,3,2026-Q4,Ohio\n\
Total,90,41,0.45555555555555555,1,3,4,0.044444444444444446,6,average,7,2026-Q4,\n"
    );
    assert_eq!(err, PARTIAL_Q4);
    // The change into the partial quarter compares seven agencies with one.
    let (csv, _, _) = ips_words(
        repo.path(),
        "outcomes summarize --as-of 2027-01-05 --by quarter --from 2026-Q4 --format csv",
    );
    assert_eq!(
        csv,
        "quarter,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,rate_change,agencies_expected,rate_change_comparable\n\
2026-Q4,90,41,0.45555555555555555,1,3,4,0.044444444444444446,6,average,0.010227523746410394,7,false\n"
    );
}

#[test]
fn a_change_across_a_quarter_where_another_agency_reported_is_flagged() {
    // Alameda: tri-city-pathways alone reported 2025-Q2 (eastbay-wellness sent no file), both
    // reported 2025-Q1 and 2025-Q3. 2025-Q1: 39 / 101; 2025-Q2: 15 / 42; 2025-Q3: 47 / 116.
    let args = "outcomes summarize --as-of 2026-11-24 --jurisdiction alameda --by jurisdiction,quarter --from 2025-Q2 --to 2025-Q3 --no-total";
    let (out, err, code) = ips_words(&example_dir(), args);
    assert_eq!(
        out,
        " jurisdiction  quarter  served  employed   rate  agencies  teams  band     rate_change
 ────────────  ───────  ──────  ────────  ─────  ────────  ─────  ───────  ───────────
 alameda       2025-Q2      42        15  35.7%    1 of 2      2  minimal     -2.9 pp†
 alameda       2025-Q3     116        47  40.5%         2      4  minimal     +4.8 pp†
"
    );
    assert_eq!(
        err,
        "warning: 2025-Q2: 1 of 2 expected agencies reported; figures are partial (ips outcomes missing --quarter 2025-Q2)\n\
note: † marks a rate_change between quarters in which different agencies reported: part of the change is agencies joining or leaving the group\n"
    );
    assert_eq!(code, 0);
    let (csv, _, _) = ips_words(&example_dir(), &format!("{args} --format csv"));
    let fields: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    let columns = &fields[0];
    let at = |name: &str| columns.iter().position(|c| *c == name).unwrap();
    let shown: Vec<(&str, &str, &str, &str)> = fields[1..]
        .iter()
        .map(|r| {
            (
                r[at("quarter")],
                r[at("agencies")],
                r[at("agencies_expected")],
                r[at("rate_change_comparable")],
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("2025-Q2", "1", "2", "false"),
            ("2025-Q3", "2", "2", "false")
        ]
    );
    // 15/42 - 39/101 and 47/116 - 15/42, unrounded.
    assert_eq!(
        fields[1][at("rate_change")],
        (15.0 / 42.0 - 39.0 / 101.0).to_string()
    );
    assert_eq!(
        fields[2][at("rate_change")],
        (47.0 / 116.0 - 15.0 / 42.0).to_string()
    );
}

#[test]
fn teams_summed_over_quarters_carry_the_period_and_a_note_that_people_count_per_quarter() {
    // harbour-health's teams, 2026-Q2 + 2026-Q3: henderson 39 + 40 served, 22 + 22 employed,
    // 4 + 3 education, 9 + 7 job starts; new-lynn 31 + 33, 17 + 19, 3 + 2, 5 + 4; north-shore
    // 24 + 26, 13 + 15, 2 + 1, 3 + 4.
    let (out, err, code) = ips_words(
        &example_dir(),
        "outcomes summarize --as-of 2026-11-24 --by team --jurisdiction nz --from 2026-Q2 --format csv",
    );
    assert_eq!(
        out,
        "agency,team,served,employed,rate,agencies,teams,education,education_rate,job_starts,band,agencies_expected,from,to,agency_name\n\
harbour-health,henderson,79,44,0.5569620253164557,1,1,7,0.08860759493670886,16,excellent,1,2026-Q2,2026-Q3,Harbour Community Health\n\
harbour-health,new-lynn,64,36,0.5625,1,1,5,0.078125,9,excellent,1,2026-Q2,2026-Q3,Harbour Community Health\n\
harbour-health,north-shore,50,28,0.56,1,1,3,0.06,7,excellent,1,2026-Q2,2026-Q3,Harbour Community Health\n\
Total,Total,193,108,0.5595854922279793,1,3,15,0.07772020725388601,32,excellent,1,2026-Q2,2026-Q3,\n"
    );
    assert_eq!(
        err,
        "note: 2 quarters added up (2026-Q2 to 2026-Q3): people are counted once per quarter, so someone served in each of them counts twice (add quarter to --by to see each quarter)\n"
    );
    assert_eq!(code, 0);
}

/// The shape of `summarize --format json`, field by field: a field added, renamed or dropped
/// fails here.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SummaryDocument {
    rows: Vec<SummaryRow>,
    meta: Meta,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SummaryRow {
    jurisdiction: String,
    quarter: String,
    served: u64,
    employed: u64,
    rate: Option<f64>,
    agencies: u64,
    teams: u64,
    education: Option<u64>,
    education_rate: Option<f64>,
    job_starts: Option<u64>,
    band: Option<String>,
    rate_change: Option<f64>,
    agencies_expected: u64,
    rate_change_comparable: Option<bool>,
    jurisdiction_name: Option<String>,
}

#[test]
fn summary_json_has_its_documented_fields_and_the_meta() {
    let (out, _, code) = ips_words(
        &example_dir(),
        "outcomes summarize --as-of 2026-11-24 --by jurisdiction,quarter --from 2026-Q2 --format json",
    );
    assert_eq!(code, 0);
    let document: SummaryDocument = serde_json::from_str(&out).expect("the documented shape");
    assert_eq!(
        document.meta,
        meta("2026-11-24", Some("2026-Q2"), Some("2026-Q3"))
    );
    assert_eq!(document.rows.len(), 10);
    let ohio = &document.rows[6];
    assert_eq!(
        (ohio.jurisdiction.as_str(), ohio.quarter.as_str()),
        ("oh", "2026-Q2")
    );
    assert_eq!(ohio.jurisdiction_name.as_deref(), Some("Ohio"));
    assert_eq!((ohio.agencies, ohio.agencies_expected), (3, 3));
    assert_eq!(ohio.rate_change_comparable, Some(true));
    let total = &document.rows[9];
    assert_eq!(total.jurisdiction, "Total");
    assert_eq!(total.jurisdiction_name, None);
}
