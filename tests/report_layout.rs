//! `ips report` as a community reads it: the title, introduction and contact of ips.toml
//! `[report]`, the agreement counted by jurisdiction and trainer with the overdue agencies named
//! (never a list of months), and the one agency table that carries fidelity beside outcomes.

mod common;

use common::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

const AS_OF: &str = "--as-of=2026-11-24";

/// `ips report --as-of 2026-11-24 args...` on `repo`, run from a folder with no repository.
fn report(repo: &Path, args: &[&str]) -> Run {
    let mut all = vec!["report", AS_OF];
    all.extend_from_slice(args);
    output(ips_with_repo(&crate_dir(), repo).args(&all))
}

fn json_of(repo: &Path, args: &[&str]) -> Value {
    let (stdout, stderr, code) = report(repo, &[args, &["--format", "json"]].concat());
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("the report's JSON")
}

/// report.md of `repo`, written to a temporary folder.
fn markdown_of(repo: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("report");
    let (_, stderr, code) = report(
        repo,
        &["--format", "markdown", "--out", folder.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    read(&folder, "report.md")
}

/// The lines of `text` from the one starting with `from` to the one before that starting with
/// `to`.
fn between(text: &str, from: &str, to: &str) -> String {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("{from} in {text}"));
    let rest = &text[start..];
    let end = rest.find(to).unwrap_or_else(|| panic!("{to} after {from}"));
    rest[..end].to_string()
}

/// The example with ips.toml's `[report]` given these lines too.
fn with_report_lines(lines: &str) -> tempfile::TempDir {
    let repo = example_copy();
    edit(
        repo.path(),
        "ips.toml",
        "[report]\n",
        &format!("[report]\n{lines}"),
    );
    repo
}

#[test]
fn the_title_introduction_and_contact_of_ips_toml_head_the_report() {
    let repo = with_report_lines(concat!(
        "title = \"Riverbend & partners\"\n",
        "introduction = \"Figures <for> the steering committee, as agreed in May.\"\n",
        "contact = \"  Dana Reyes, dana.reyes@example.org  \"\n",
    ));
    let model = json_of(repo.path(), &[]);
    assert_eq!(
        (&model["title"], &model["introduction"], &model["contact"]),
        (
            &json!("Riverbend & partners, 2026-Q3 (July–September 2026)"),
            &json!("Figures <for> the steering committee, as agreed in May."),
            &json!("Dana Reyes, dana.reyes@example.org"),
        )
    );
    let (html, stderr, code) = report(repo.path(), &[]);
    assert_eq!((stderr.as_str(), code), ("", 0));
    assert_eq!(
        between(&html, "<header>", "<nav"),
        "<header>
<h1>Riverbend &amp; partners, 2026-Q3 (July–September 2026)</h1>
<p class=\"scope\">Example IPS Learning Community · all jurisdictions</p>
<p class=\"meta\">As of 2026-11-24 · data not in git</p>
<p class=\"meta\">Contact: Dana Reyes, dana.reyes@example.org</p>
<p class=\"introduction\">Figures &lt;for&gt; the steering committee, as agreed in May.</p>
</header>
"
    );
    assert_eq!(
        between(&markdown_of(repo.path()), "# ", "Contents: "),
        "# Riverbend &amp; partners, 2026-Q3 (July–September 2026)

**Example IPS Learning Community** · all jurisdictions

As of 2026-11-24 · data not in git

Contact: Dana Reyes, dana.reyes\\@example.org

Figures &lt;for&gt; the steering committee, as agreed in May.

"
    );
    // The public report shows them as well: they are the report's, not the data's.
    let public = json_of(repo.path(), &["--public"]);
    assert_eq!(public["contact"], "Dana Reyes, dana.reyes@example.org");
}

#[test]
fn without_report_settings_or_with_blank_ones_the_report_reads_as_before() {
    let model = json_of(with_report_lines("").path(), &[]);
    assert_eq!(
        (&model["title"], &model["introduction"], &model["contact"]),
        (
            &json!("IPS outcomes, 2026-Q3 (July–September 2026)"),
            &Value::Null,
            &Value::Null
        )
    );
    let repo = with_report_lines("title = \" \"\nintroduction = \"\"\ncontact = \"\"\n");
    assert_eq!(json_of(repo.path(), &[]), model);
}

#[test]
fn a_misspelt_or_mistyped_report_setting_is_an_error_of_ips_toml() {
    let repo = with_report_lines("titel = \"Riverbend\"\ncontact = 3\n");
    assert_run(
        run_in_repo(repo.path(), &["validate", AS_OF]),
        "ips.toml:40:1: error[unknown-key]: unknown key `report.titel`
  hint: did you mean `title`? Known keys here: suppress_below, suppress_zero, title, introduction, contact
ips.toml:41:11: error[wrong-type]: `report.contact` must be text in quotes, found a whole number
  hint: write `contact = \"...\"`
2 errors, 0 warnings in 119 files
",
        "",
        1,
    );
}

/// Counts of agencies by a key of their agreement row, as `agreement_summary` gives them:
/// (agencies, met, open, overdue, missed).
fn counted_by(rows: &[Value], key: &str) -> BTreeMap<String, [u64; 5]> {
    let mut groups: BTreeMap<String, [u64; 5]> = BTreeMap::new();
    for row in rows {
        let name = row[key].as_str().unwrap_or("no trainer named").to_string();
        let count = |field: &str| row[field].as_u64().unwrap();
        let group = groups.entry(name).or_default();
        group[0] += 1;
        group[1] += u64::from(count("overdue") == 0 && count("missed") == 0);
        group[2] += u64::from(count("open") > 0);
        group[3] += u64::from(count("overdue") > 0);
        group[4] += u64::from(count("missed") > 0);
    }
    groups
}

fn summary_groups(groups: &Value, key: &str) -> BTreeMap<String, [u64; 5]> {
    groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let name = g[key].as_str().unwrap_or("no trainer named").to_string();
            let n = |field: &str| g[field].as_u64().unwrap();
            (
                name,
                [
                    n("agencies"),
                    n("met"),
                    n("open"),
                    n("overdue"),
                    n("missed"),
                ],
            )
        })
        .collect()
}

/// The example has four jurisdictions, five trainers, and two agencies with a milestone
/// overdue (eastbay's 2025-Q2 outcomes, lakeshore's improvement plan), named in the agency
/// table's order: by jurisdiction as ips.toml lists them (Ohio first), then by name.
#[test]
fn the_agreement_is_counted_by_jurisdiction_and_trainer_and_names_what_is_overdue() {
    let model = json_of(&example_dir(), &[]);
    let rows = model["agreement"].as_array().unwrap();
    let summary = &model["agreement_summary"];
    assert_eq!(
        summary_groups(&summary["jurisdictions"], "id"),
        counted_by(rows, "jurisdiction")
    );
    assert_eq!(
        summary_groups(&summary["trainers"], "id"),
        counted_by(rows, "trainer")
    );
    let markdown = markdown_of(&example_dir());
    let section = between(&markdown, "## Agreement milestones", "## Notes and methods");
    assert_eq!(
        section,
        "## Agreement milestones

2 of 7 agencies have a milestone overdue; 2 missed one in the months the status weighs.

### By jurisdiction

| jurisdiction | agencies | met | open | overdue | missed |
| --- | ---: | ---: | ---: | ---: | ---: |
| Ohio | 3 | 1 | 0 | 1 | 2 |
| Alameda County | 2 | 1 | 0 | 1 | 0 |
| New Zealand | 1 | 1 | 0 | 0 | 0 |
| Netherlands | 1 | 1 | 0 | 0 | 0 |

### By trainer

| trainer | agencies | met | open | overdue | missed |
| --- | ---: | ---: | ---: | ---: | ---: |
| Aroha Ngata | 1 | 1 | 0 | 0 | 0 |
| Beth Sandoval | 2 | 1 | 0 | 1 | 1 |
| Kevin Nguyen | 2 | 1 | 0 | 1 | 0 |
| Sanne de Vries | 1 | 1 | 0 | 0 | 0 |
| Tom Okafor | 1 | 0 | 0 | 0 | 1 |

Agencies counted: met, nothing overdue or missed; open, a milestone not yet due; overdue, a milestone past due and not yet met; missed, a period that passed without it. An agency may count in several columns.

### Agencies with a milestone overdue

| agency | jurisdiction | trainer | what is overdue |
| --- | --- | --- | --- |
| Lakeshore Behavioral Health | Ohio | Beth Sandoval | fidelity plan: review 2026-08-11 |
| East Bay Wellness Center | Alameda County | Kevin Nguyen | outcomes reported: 2025-Q2 |

An agency's full checklist, every milestone and period: `ips report --agency ID`. What each agency missed is in the appendix.

"
    );
    // The checklist's months are the site report's: no milestone's months are listed here.
    let (html, _, _) = report(&example_dir(), &[]);
    for text in [&markdown, &html] {
        assert!(!text.contains("monthly meetings"), "{text}");
        assert!(!text.contains("employer visits:"), "{text}");
    }
}

/// A public report has no agreement: it is not a view of the protected table.
#[test]
fn a_public_report_has_no_agreement_summary() {
    let model = json_of(&example_dir(), &["--public"]);
    assert_eq!(
        (&model["agreement"], &model["agreement_summary"]),
        (&Value::Null, &Value::Null)
    );
}

/// An agency that did not report the quarter keeps its row in the agency table, with its
/// fidelity: its next review still falls due. The rate, band, change and trend come first, beside
/// the name, as the jurisdictions and the exceptions read (on a phone, the first screen).
#[test]
fn the_agency_table_carries_fidelity_and_keeps_an_agency_that_did_not_report() {
    let repo = example_copy();
    std::fs::remove_file(repo.path().join("outcomes/2026-Q3/lakeshore.csv")).unwrap();
    let markdown = markdown_of(repo.path());
    assert_eq!(
        between(&markdown, "### Ohio", "### Alameda County"),
        "### Ohio

| agency | rate | band | change | trend | teams | served | employed | fidelity | reviewed | next review |
| --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | --- | --- |
| Riverbend Community Mental Health | 46.7% | average | +1.2 pp | ▅▆▆▅▆▆▆▆ | 3 | 107 | 50 | 108 | 2025-12-09 | 2026-12-09 due soon |
| Scioto Valley Counseling Services | 25.6% | below minimal | -0.1 pp | ▂▂▂▃▃▃▃▃ | 1 | 43 | 11 | 79 | 2026-08-04 | 2027-02-04 |
| Lakeshore Behavioral Health | – | did not report | – |  | – | – | – | 95 | 2026-08-11 | 2027-02-11 |

"
    );
}

/// The jurisdictions table puts the rate, band and change beside the name, as the exceptions
/// do: on a phone the table scrolls sideways, and these are what a reader compares by.
#[test]
fn the_jurisdiction_table_reads_the_rate_band_and_change_beside_the_name() {
    let markdown = markdown_of(&example_dir());
    assert_eq!(
        between(&markdown, "| jurisdiction | rate", "\n\n"),
        "| jurisdiction | rate | band | change | agencies | served | employed |
| --- | ---: | --- | ---: | ---: | ---: | ---: |
| Ohio | 40.1% | minimal | +0.7 pp | 3 | 212 | 85 |
| Alameda County | 44.9% | average | +2.1 pp | 2 | 147 | 66 |
| New Zealand | 56.6% | excellent | +1.2 pp | 1 | 99 | 56 |
| Netherlands | 37.8% | minimal | +2.1 pp | 1 | 45 | 17 |"
    );
}

/// The jurisdictions chart and the fidelity scatter are drawn 520 wide, as the programs chart
/// is, in figures that shrink to a phone's width: drawn 760 wide they scrolled, the rates at the
/// bars' ends and the agencies at high fidelity off a 400 px screen.
#[test]
fn the_jurisdiction_programs_and_fidelity_charts_shrink_to_a_phone() {
    let (html, stderr, code) = report(&example_dir(), &["--format", "html"]);
    assert_eq!(code, 0, "{stderr}");
    let narrow: Vec<(String, String)> = html
        .split("<figure class=\"narrow\"><svg ")
        .skip(1)
        .map(|figure| {
            // The text between `from` and the next `to` after it.
            let after = |from: &str, to: &str| {
                let rest = &figure[figure.find(from).unwrap() + from.len()..];
                rest[..rest.find(to).unwrap()].to_string()
            };
            (
                after("aria-labelledby=\"", "-title"),
                after("viewBox=\"0 0 ", " "),
            )
        })
        .collect();
    let expected = [
        ("jurisdictions", "520"),
        ("programs", "520"),
        ("fidelity", "520"),
    ];
    assert_eq!(
        narrow,
        expected.map(|(id, width)| (id.to_string(), width.to_string()))
    );
}

/// A benchmark reads as ips.toml sets it, alike in the cards, the band table, the headings and
/// the charts: `31%`, and `40.5%` for a fraction of a point (the band table rounded it to 40
/// while the charts wrote 40.5%, and the charts wrote 31.0% beside the cards' 31%).
#[test]
fn a_benchmark_reads_alike_everywhere_even_with_a_fraction_of_a_point() {
    let repo = example_copy();
    edit(repo.path(), "ips.toml", "average = 0.41", "average = 0.405");
    let markdown = markdown_of(repo.path());
    let lines: Vec<&str> = markdown
        .lines()
        .filter(|line| {
            [
                "| employment rate",
                "| excellent",
                "| average",
                "| minimal",
                "| below",
            ]
            .iter()
            .any(|start| line.starts_with(start))
                || line.starts_with("### Agencies below")
                || line.starts_with("- Benchmark bands")
        })
        .collect();
    assert_eq!(
        lines,
        [
            "| employment rate | 44.5% | average: 40.5% to under 50% |",
            "| excellent 50%+ | 1 (14.3%) | 3 (20.0%) |",
            // A team with a rate from 40.5% to under 41%, minimal under the example's 41%.
            "| average 40.5–50% | 3 (42.9%) | 8 (53.3%) |",
            "| minimal 31–40.5% | 2 (28.6%) | 3 (20.0%) |",
            "| below minimal &lt;31% | 1 (14.3%) | 1 (6.7%) |",
            "### Agencies below minimal (under 31%), lowest rate first",
            "- Benchmark bands of a quarterly rate (ips.toml): excellent at 50% or more, average at 40.5%, minimal at 31%; below 31% is below the minimal standard.",
        ]
    );
    // The charts' benchmark lines: the trend's, the jurisdictions' and the programs'.
    let (html, stderr, code) = report(repo.path(), &["--format", "html"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        (
            html.matches(">average 40.5%<").count(),
            html.contains("31.0%")
        ),
        (3, false)
    );
}
