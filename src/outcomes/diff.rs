//! Restatements: every count of every team and quarter that differs between two states of the
//! repository (two commits, or a commit and the working tree), and each affected quarter's
//! pooled totals before and after, so that a count corrected after a report is seen, with the
//! commit that changed it. Pure over two loaded repositories: the caller says which outcome
//! files differ (git knows) and which commit last changed each.

use super::stream::{self, Fold, Problems};
use super::summarize::Counts;
use crate::calendar::Quarter;
use crate::filter::Places;
use crate::repo::model::OutcomeRow;
use crate::repo::{OUTCOMES_DIR, Repository};
use crate::validate::outcomes::check_file;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

pub use super::field::Field;

/// An outcome file that differs between the two states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    pub quarter: Quarter,
    pub agency: String,
    /// The commit that last changed the file between the two states; None when the change is
    /// in the working tree, not yet committed.
    pub commit: Option<String>,
}

impl ChangedFile {
    /// The file of a path from the root, `outcomes/<quarter>/<agency>.csv`; None for any other.
    pub fn at(path: &str, commit: Option<String>) -> Option<ChangedFile> {
        let rest = path.strip_prefix(OUTCOMES_DIR)?.strip_prefix('/')?;
        let (quarter, file) = rest.split_once('/')?;
        let agency = file.strip_suffix(".csv")?;
        Some(ChangedFile {
            quarter: Quarter::parse(quarter)?,
            agency: agency.to_string(),
            commit,
        })
    }
}

/// One count that differs: `old` or `new` is None for a row (or a whole file) added or
/// removed, or an optional count left blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountChange {
    pub quarter: Quarter,
    pub jurisdiction: String,
    pub agency: String,
    pub team: String,
    pub field: Field,
    pub old: Option<u64>,
    pub new: Option<u64>,
    pub commit: Option<String>,
}

/// A quarter with a changed count: its pooled totals over every file of the quarter, before
/// and after (None when the quarter has no folder in that state).
#[derive(Debug, Clone, PartialEq)]
pub struct QuarterTotals {
    pub quarter: Quarter,
    pub before: Option<Counts>,
    pub after: Option<Counts>,
}

/// What changed, and what stood between the files and the figures in each state.
#[derive(Debug, Default)]
pub struct Restatement {
    /// Sorted by quarter, jurisdiction, agency, team and field.
    pub changes: Vec<CountChange>,
    /// The quarters with a changed count, in order.
    pub quarters: Vec<QuarterTotals>,
    /// Errors in the old state's files behind the figures (its rows with errors left out).
    pub old_problems: Problems,
    pub new_problems: Problems,
}

/// The counts of `files` that differ between `old` and `new`, and the pooled totals of the
/// quarters they are in. Every file is read through `check_file`, as every command reads them.
pub fn restatements(
    old: &Repository,
    new: &Repository,
    files: &[ChangedFile],
    as_of: NaiveDate,
) -> Restatement {
    let mut restatement = Restatement::default();
    for file in files {
        let before = rows_of(old, file, as_of, &mut restatement.old_problems);
        let after = rows_of(new, file, as_of, &mut restatement.new_problems);
        let jurisdiction = new
            .jurisdiction_of(&file.agency)
            .or_else(|| old.jurisdiction_of(&file.agency))
            .unwrap_or_default();
        let changes = file_changes(file, jurisdiction, &before, &after);
        restatement.changes.extend(changes);
    }
    restatement.changes.sort_by(|a, b| {
        (a.quarter, &a.jurisdiction, &a.agency, &a.team, a.field).cmp(&(
            b.quarter,
            &b.jurisdiction,
            &b.agency,
            &b.team,
            b.field,
        ))
    });
    let quarters: BTreeSet<Quarter> = restatement.changes.iter().map(|c| c.quarter).collect();
    // The files of those quarters are read again for the totals: count each file once.
    for file in files.iter().filter(|f| quarters.contains(&f.quarter)) {
        for (repo, problems) in [
            (old, &mut restatement.old_problems),
            (new, &mut restatement.new_problems),
        ] {
            if repo.outcome_file(file.quarter, &file.agency).is_some() {
                problems.files -= 1;
            }
        }
    }
    for quarter in quarters {
        let before = quarter_totals(old, quarter, as_of, &mut restatement.old_problems);
        let after = quarter_totals(new, quarter, as_of, &mut restatement.new_problems);
        restatement.quarters.push(QuarterTotals {
            quarter,
            before,
            after,
        });
    }
    restatement
}

/// The counts of one file that differ between its two states, team by team.
fn file_changes(
    file: &ChangedFile,
    jurisdiction: &str,
    before: &Option<Vec<OutcomeRow>>,
    after: &Option<Vec<OutcomeRow>>,
) -> Vec<CountChange> {
    let mut changes = Vec::new();
    for (team, (old_row, new_row)) in pair_by_team(before, after) {
        for field in Field::ALL {
            let (was, is) = (
                old_row.and_then(|r| field.of(r)),
                new_row.and_then(|r| field.of(r)),
            );
            if was != is {
                changes.push(CountChange {
                    quarter: file.quarter,
                    jurisdiction: jurisdiction.to_string(),
                    agency: file.agency.clone(),
                    team: team.to_string(),
                    field,
                    old: was,
                    new: is,
                    commit: file.commit.clone(),
                });
            }
        }
    }
    changes
}

/// The checked rows of a file in one state; None when the state has no such file.
fn rows_of(
    repo: &Repository,
    file: &ChangedFile,
    as_of: NaiveDate,
    problems: &mut Problems,
) -> Option<Vec<OutcomeRow>> {
    let found = repo.outcome_file(file.quarter, &file.agency)?;
    let checked = check_file(repo, &found, as_of);
    problems.files += 1;
    problems.invalid_rows += checked.invalid_rows;
    problems
        .errors
        .extend(checked.diagnostics.into_iter().filter(|d| d.is_error()));
    Some(checked.rows)
}

/// Each team of either file, with its row in each.
fn pair_by_team<'a>(
    before: &'a Option<Vec<OutcomeRow>>,
    after: &'a Option<Vec<OutcomeRow>>,
) -> BTreeMap<&'a str, (Option<&'a OutcomeRow>, Option<&'a OutcomeRow>)> {
    let mut teams: BTreeMap<&str, (Option<&OutcomeRow>, Option<&OutcomeRow>)> = BTreeMap::new();
    for row in before.iter().flatten() {
        teams.entry(&row.team).or_default().0 = Some(row);
    }
    for row in after.iter().flatten() {
        teams.entry(&row.team).or_default().1 = Some(row);
    }
    teams
}

/// The pooled counts of every file of `quarter` in one state, as `outcomes summarize` pools
/// them; None when the state has no folder for the quarter.
fn quarter_totals(
    repo: &Repository,
    quarter: Quarter,
    as_of: NaiveDate,
    problems: &mut Problems,
) -> Option<Counts> {
    if !repo.quarters.contains(&quarter) {
        return None;
    }
    let (files, listed) = repo.list_quarter(quarter);
    let files = stream::wanted_files(repo, files, &Places::all());
    let fold = Fold {
        init: Counts::default,
        add: |counts: &mut Counts, _: &super::Place<'_>, rows: &[OutcomeRow]| {
            for row in rows {
                counts.add_row(row);
            }
        },
        merge: |mut a: Counts, b: Counts| {
            a.add(&b);
            a
        },
    };
    let (counts, found) = stream::fold_files(repo, &files, as_of, &fold);
    problems
        .errors
        .extend(listed.into_iter().filter(|d| d.is_error()));
    let merged = std::mem::take(problems).merge(found);
    *problems = merged;
    Some(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_file_is_named_by_its_path() {
        assert_eq!(
            ChangedFile::at("outcomes/2026-Q2/riverbend.csv", None),
            Some(ChangedFile {
                quarter: Quarter::parse("2026-Q2").unwrap(),
                agency: "riverbend".into(),
                commit: None,
            })
        );
        assert_eq!(ChangedFile::at("outcomes/2026-Q2/notes.txt", None), None);
        assert_eq!(ChangedFile::at("outcomes/README.md", None), None);
        assert_eq!(ChangedFile::at("agencies/a/agency.toml", None), None);
    }

    #[test]
    fn rows_pair_by_team_whichever_side_has_them() {
        let row = |team: &str, served| OutcomeRow {
            team: team.into(),
            served,
            employed: 0,
            education: None,
            job_starts: None,
            line: 2,
            team_column: 1,
            team_index: 0,
        };
        let before = Some(vec![row("north", 1), row("south", 2)]);
        let after = Some(vec![row("south", 3), row("west", 4)]);
        let pairs = pair_by_team(&before, &after);
        let served: Vec<(&str, Option<u64>, Option<u64>)> = pairs
            .iter()
            .map(|(team, (a, b))| (*team, a.map(|r| r.served), b.map(|r| r.served)))
            .collect();
        assert_eq!(
            served,
            [
                ("north", Some(1), None),
                ("south", Some(2), Some(3)),
                ("west", None, Some(4))
            ]
        );
    }
}
