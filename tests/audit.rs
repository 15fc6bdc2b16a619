//! The audit of issue 20: every public output of a repository (summaries by each grouping, whole
//! and per jurisdiction and agency; the public reports of the community, each jurisdiction and
//! each agency, from their JSON) combined into one integer program over the teams' served and
//! employed, education and job starts: shown figures fixed, a figure shown as `<11` between 1
//! and 10, hidden ones >= 0,
//! employed <= served, and every sum relation (a figure is the sum of its teams' cells). No count
//! hidden for being small may have a single possible value; and the same set of cells shows
//! the same way in every output.

mod common;

use common::{crate_dir, fixture, ips_with_repo, output};
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const AS_OF: &str = "--as-of=2026-11-24";
const FIELDS: [&str; 4] = ["served", "employed", "education", "job_starts"];

/// A team's cell in a quarter: (quarter, jurisdiction, agency, team).
type Cell = (String, String, String, String);

/// What an output shows of a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Seen {
    Shown(u64),
    Small,
    Hidden,
}

/// The repository's team cells and their true counts, read from its files.
fn cells(repo: &Path) -> BTreeMap<Cell, [u64; 4]> {
    let mut cells = BTreeMap::new();
    for quarter in std::fs::read_dir(repo.join("outcomes")).expect("outcomes") {
        let quarter = quarter.expect("a folder").path();
        let q = quarter.file_name().unwrap().to_string_lossy().to_string();
        for file in std::fs::read_dir(&quarter).expect("a quarter") {
            let file = file.expect("a file").path();
            let agency = file.file_stem().unwrap().to_string_lossy().to_string();
            let toml =
                std::fs::read_to_string(repo.join("agencies").join(&agency).join("agency.toml"))
                    .expect("agency.toml");
            let jurisdiction = toml
                .lines()
                .find_map(|l| l.strip_prefix("jurisdiction = "))
                .expect("a jurisdiction")
                .trim_matches('"')
                .to_string();
            let text = std::fs::read_to_string(&file).expect("a csv");
            for line in text.lines().skip(1) {
                let parts: Vec<&str> = line.split(',').collect();
                let counts: [u64; 4] = std::array::from_fn(|f| parts[1 + f].parse().unwrap());
                let key = (
                    q.clone(),
                    jurisdiction.clone(),
                    agency.clone(),
                    parts[0].to_string(),
                );
                cells.insert(key, counts);
            }
        }
    }
    cells
}

fn json(repo: &Path, args: &[&str]) -> Value {
    let (stdout, stderr, code) = output(ips_with_repo(&crate_dir(), repo).args(args));
    assert_eq!(code, 0, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).expect("JSON")
}

/// Each figure seen: the cells it sums, the field, and how it showed.
type Seen3 = Vec<(Vec<usize>, usize, Seen)>;

fn key<'v>(row: &'v Value, name: &str) -> Option<&'v str> {
    row.get(name)?.as_str().filter(|v| *v != "Total")
}

/// How a row shows `field`: its value, `<11` when listed in `small`, else hidden.
fn seen(row: &Value, field: &str) -> Seen {
    if let Some(value) = row[field].as_u64() {
        return Seen::Shown(value);
    }
    let small = row["small"]
        .as_array()
        .is_some_and(|s| s.iter().any(|f| f == field));
    if small { Seen::Small } else { Seen::Hidden }
}

fn record(seen: &mut Seen3, members: Vec<usize>, row: &Value) {
    if members.is_empty() {
        return;
    }
    // An output that has no column for a field (the report's rows show served and employed
    // only) says nothing of it.
    for (f, field) in FIELDS
        .iter()
        .enumerate()
        .filter(|(_, f)| row.get(**f).is_some())
    {
        seen.push((members.clone(), f, self::seen(row, field)));
    }
}

/// Every public output of the repository, as figures seen.
fn outputs(repo: &Path, cells: &[Cell]) -> Seen3 {
    let jurisdictions: BTreeSet<&str> = cells.iter().map(|c| c.1.as_str()).collect();
    let agencies: BTreeSet<&str> = cells.iter().map(|c| c.2.as_str()).collect();
    let quarters: BTreeSet<&str> = cells.iter().map(|c| c.0.as_str()).collect();
    let members = |pick: &dyn Fn(&Cell) -> bool| -> Vec<usize> {
        (0..cells.len()).filter(|i| pick(&cells[*i])).collect()
    };
    let mut seen = Seen3::new();
    let mut filters: Vec<(String, String)> = vec![(String::new(), String::new())];
    filters.extend(
        jurisdictions
            .iter()
            .map(|j| ("--jurisdiction".to_string(), j.to_string())),
    );
    filters.extend(
        agencies
            .iter()
            .map(|a| ("--agency".to_string(), a.to_string())),
    );
    for (flag, value) in &filters {
        let in_filter = |c: &Cell| match flag.as_str() {
            "--jurisdiction" => c.1 == *value,
            "--agency" => c.2 == *value,
            _ => true,
        };
        for by in [
            "quarter",
            "jurisdiction,quarter",
            "agency,quarter",
            "agency,team,quarter",
        ] {
            let mut args = vec![
                "outcomes",
                "summarize",
                AS_OF,
                "--public",
                "--format",
                "json",
                "--by",
                by,
            ];
            if !flag.is_empty() {
                args.extend([flag.as_str(), value.as_str()]);
            }
            for row in json(repo, &args)["rows"].as_array().expect("rows") {
                let pick = |c: &Cell| {
                    in_filter(c)
                        && key(row, "quarter").is_none_or(|q| c.0 == q)
                        && key(row, "jurisdiction").is_none_or(|j| c.1 == j)
                        && key(row, "agency").is_none_or(|a| c.2 == a)
                        && key(row, "team").is_none_or(|t| c.3 == t)
                };
                record(&mut seen, members(&pick), row);
            }
        }
        for quarter in &quarters {
            let mut args = vec![
                "report",
                AS_OF,
                "--public",
                "--format",
                "json",
                "--quarter",
                quarter,
            ];
            if !flag.is_empty() {
                args.extend([flag.as_str(), value.as_str()]);
            }
            let report = json(repo, &args);
            let q = |c: &Cell| c.0 == *quarter && in_filter(c);
            record(&mut seen, members(&q), &report["headline"]);
            for row in report["trend"].as_array().expect("trend") {
                let q = row["quarter"].as_str().unwrap();
                record(&mut seen, members(&|c| c.0 == q && in_filter(c)), row);
            }
            for row in report["jurisdictions"].as_array().expect("rows") {
                let id = row["id"].as_str().unwrap();
                record(&mut seen, members(&|c| q(c) && c.1 == id), row);
            }
            for row in report["agencies"].as_array().expect("rows") {
                let id = row["id"].as_str().unwrap();
                record(&mut seen, members(&|c| q(c) && c.2 == id), row);
            }
            if let Some(site) = report["site"].as_object() {
                let jurisdiction = site["jurisdiction"].as_str().unwrap().to_string();
                let trends = [("jurisdiction_trend", true), ("community_trend", false)];
                for (trend, of_jurisdiction) in trends {
                    for row in site[trend].as_array().expect("a trend") {
                        let q = row["quarter"].as_str().unwrap();
                        let pick = |c: &Cell| c.0 == q && (!of_jurisdiction || c.1 == jurisdiction);
                        record(&mut seen, members(&pick), row);
                    }
                }
            }
            for row in report["teams"].as_array().expect("rows") {
                let id = row["id"].as_str().unwrap();
                record(&mut seen, members(&|c| q(c) && c.3 == id), row);
            }
        }
    }
    seen
}

/// The smallest and largest value a figure can take, given everything seen.
fn range(seen: &Seen3, cells: usize, target: &[usize], field: usize, below: u64) -> (f64, f64) {
    let solve = |direction| {
        let mut problem = Problem::new(direction);
        let vars: Vec<[microlp::Variable; 4]> = (0..cells)
            .map(|i| {
                let coefficient = |f: usize| {
                    if f == field && target.contains(&i) {
                        1.0
                    } else {
                        0.0
                    }
                };
                std::array::from_fn(|f| problem.add_integer_var(coefficient(f), (0, 1_000_000)))
            })
            .collect();
        for v in &vars {
            problem.add_constraint([(v[1], 1.0), (v[0], -1.0)], ComparisonOp::Le, 0.0);
        }
        for (members, f, how) in seen {
            let sum: Vec<(microlp::Variable, f64)> =
                members.iter().map(|m| (vars[*m][*f], 1.0)).collect();
            match how {
                Seen::Shown(value) => problem.add_constraint(sum, ComparisonOp::Eq, *value as f64),
                Seen::Small => {
                    problem.add_constraint(sum.clone(), ComparisonOp::Ge, 1.0);
                    problem.add_constraint(sum, ComparisonOp::Le, (below - 1) as f64);
                }
                Seen::Hidden => {}
            }
        }
        let solved = problem
            .solve()
            .expect("solvable")
            .into_solution()
            .expect("a solution");
        solved.objective().round()
    };
    (
        solve(OptimizationDirection::Minimize),
        solve(OptimizationDirection::Maximize),
    )
}

/// Runs the audit on a repository whose threshold is 11.
fn audit(repo: &Path) -> usize {
    let truth = cells(repo);
    let cells: Vec<Cell> = truth.keys().cloned().collect();
    let seen = outputs(repo, &cells);
    // One meaning per set of cells: shown the same in every output.
    let mut by_figure: BTreeMap<(Vec<usize>, usize), BTreeSet<String>> = BTreeMap::new();
    for (members, field, how) in &seen {
        let how = match how {
            Seen::Shown(v) => v.to_string(),
            _ => "hidden".to_string(),
        };
        by_figure
            .entry((members.clone(), *field))
            .or_default()
            .insert(how);
    }
    for ((members, field), hows) in &by_figure {
        let names: Vec<&Cell> = members.iter().map(|m| &cells[*m]).collect();
        assert_eq!(
            hows.len(),
            1,
            "{} of {names:?} shows as {hows:?}",
            FIELDS[*field]
        );
    }
    let mut checked = 0;
    let small: BTreeSet<(Vec<usize>, usize)> = seen
        .iter()
        .filter(|(_, _, how)| *how == Seen::Small)
        .map(|(members, field, _)| (members.clone(), *field))
        .collect();
    for (members, field) in &small {
        let (low, high) = range(&seen, cells.len(), members, *field, 11);
        let names: Vec<&Cell> = members.iter().map(|m| &cells[*m]).collect();
        assert!(
            high > low,
            "{} of {names:?} is exactly {low}",
            FIELDS[*field]
        );
        checked += 1;
    }
    checked
}

#[test]
fn no_small_count_of_the_public_fixture_can_be_worked_out_from_all_its_public_outputs() {
    let checked = audit(&fixture("public"));
    assert!(checked > 0, "the fixture has small counts to protect");
}

#[test]
fn no_small_count_of_the_example_can_be_worked_out_from_all_its_public_outputs() {
    audit(&common::example_dir());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 4, ..Default::default() })]

    #[test]
    fn no_small_count_of_a_random_repository_can_be_worked_out(agencies in common::random_agencies()) {
        let dir = tempfile::TempDir::new().expect("a temporary folder");
        common::write_random_repository(dir.path(), &agencies);
        audit(dir.path());
    }
}
