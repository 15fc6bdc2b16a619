//! Summary rows held until the end of a public summary whose rows sort by a jurisdiction or an
//! agency first (see `summary_stream`), packed small: a row keeps its counts, its change and
//! what it hides, and names its groups by number, in numbers that sort as the names do. The
//! held quarters are merged into the output order without being copied into one list, so that
//! 244,000 team-quarter rows cost about 20 MB.

use super::Dimension;
use super::band::Band;
use super::summarize::{Counts, GroupKey, Grouping, Summary};
use super::suppress::Protection;
use crate::calendar::Quarter;
use crate::error::Result;
use crate::repo::Repository;
use crate::repo::model::Benchmarks;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A group name that is absent: a total over that dimension, which sorts after the groups.
const NONE: u32 = u32::MAX;
/// An optional count or change that is absent.
const NO_COUNT: u64 = u64::MAX;

/// One held row.
#[derive(Debug, Clone, Copy)]
pub struct Held {
    /// `year * 4 + number - 1`, or NONE.
    quarter: u32,
    /// Rank among the jurisdictions' ids.
    jurisdiction: u32,
    /// The agency's slot in the repository (slots follow the agencies' ids).
    agency: u32,
    /// Rank among every team id.
    team: u32,
    served: u64,
    employed: u64,
    education: u64,
    education_served: u64,
    job_starts: u64,
    agencies: u32,
    teams: u32,
    agencies_expected: u32,
    expected_reported: u32,
    /// NaN when there is none.
    rate_change: f64,
    rate_change_comparable: Option<bool>,
    protection: Protection,
}

/// How held rows name their groups.
pub struct Names<'r> {
    repo: &'r Repository,
    /// Sorted, as are the other lists: a name's number is its place.
    jurisdictions: Vec<&'r str>,
    teams: Vec<&'r str>,
}

impl Held {
    /// Where the row goes in the output of `by`: its groups' numbers in the order of the
    /// dimensions, which sort as the rows do (a total's absent name, last).
    pub fn order(&self, by: &Grouping) -> [u32; 4] {
        let mut key = [NONE; 4];
        for (slot, dim) in key.iter_mut().zip(by.dims()) {
            *slot = match dim {
                Dimension::Quarter => self.quarter,
                Dimension::Jurisdiction => self.jurisdiction,
                Dimension::Agency => self.agency,
                Dimension::Team => self.team,
            };
        }
        key
    }
}

impl<'r> Names<'r> {
    pub fn new(repo: &'r Repository) -> Names<'r> {
        let mut jurisdictions: Vec<&str> = repo
            .agencies
            .iter()
            .filter_map(|record| record.jurisdiction())
            .collect();
        jurisdictions.sort_unstable();
        jurisdictions.dedup();
        let mut teams: Vec<&str> = repo
            .agencies
            .iter()
            .filter_map(|record| record.agency.as_ref())
            .flat_map(|agency| agency.teams.iter().map(|team| team.id.as_str()))
            .collect();
        teams.sort_unstable();
        teams.dedup();
        Names {
            repo,
            jurisdictions,
            teams,
        }
    }

    pub fn pack(&self, row: &Summary<'r>, protection: Protection) -> Held {
        let number = |found: Option<usize>| found.map_or(NONE, |n| n as u32);
        let agency = row.key.agency.and_then(|id| {
            self.repo
                .agencies
                .binary_search_by(|record| (*record.folder).cmp(id))
                .ok()
        });
        let team = row
            .key
            .team
            .and_then(|id| self.teams.binary_search(&id).ok());
        let counts = &row.counts;
        Held {
            quarter: row
                .key
                .quarter
                .map_or(NONE, |q| (q.year * 4 + i32::from(q.number) - 1) as u32),
            jurisdiction: number(
                row.key
                    .jurisdiction
                    .and_then(|id| self.jurisdictions.binary_search(&id).ok()),
            ),
            agency: number(agency),
            team: number(team),
            served: counts.served,
            employed: counts.employed,
            education: counts.education.unwrap_or(NO_COUNT),
            education_served: counts.education_served,
            job_starts: counts.job_starts.unwrap_or(NO_COUNT),
            agencies: row.agencies as u32,
            teams: row.teams as u32,
            agencies_expected: row.agencies_expected as u32,
            expected_reported: row.expected_reported as u32,
            rate_change: row.rate_change.unwrap_or(f64::NAN),
            rate_change_comparable: row.rate_change_comparable,
            protection,
        }
    }

    /// The row again, its rate and band worked out from its counts as the summary did.
    pub fn unpack(&self, held: &Held, benchmarks: &Benchmarks) -> (Summary<'r>, Protection) {
        let agency = (held.agency != NONE).then(|| &self.repo.agencies[held.agency as usize]);
        let team = (held.team != NONE).then(|| self.teams[held.team as usize]);
        let quarter = (held.quarter != NONE).then(|| {
            let n = held.quarter as i32;
            Quarter::new(n / 4, (n % 4 + 1) as u8).expect("a packed quarter")
        });
        let optional = |count: u64| (count != NO_COUNT).then_some(count);
        let counts = Counts {
            served: held.served,
            employed: held.employed,
            education: optional(held.education),
            education_served: held.education_served,
            job_starts: optional(held.job_starts),
        };
        let rate = counts.rate();
        let summary = Summary {
            key: GroupKey {
                quarter,
                jurisdiction: (held.jurisdiction != NONE)
                    .then(|| self.jurisdictions[held.jurisdiction as usize]),
                agency: agency.map(|record| &*record.folder),
                team,
            },
            counts,
            agencies: u64::from(held.agencies),
            teams: u64::from(held.teams),
            agencies_expected: u64::from(held.agencies_expected),
            expected_reported: u64::from(held.expected_reported),
            rate,
            mean_of_agency_rates: None,
            band: rate.map(|rate| Band::of(rate, benchmarks)),
            rate_change: (!held.rate_change.is_nan()).then_some(held.rate_change),
            rate_change_comparable: held.rate_change_comparable,
        };
        (summary, held.protection)
    }

    /// Runs of held rows, each in output order (a quarter's rows), merged into the output
    /// order of `by`, each row given to `each`.
    pub fn merge(
        &self,
        runs: &[Vec<Held>],
        by: &Grouping,
        mut each: impl FnMut(&Held) -> Result<()>,
    ) -> Result<()> {
        let key = |held: &Held| held.order(by);
        let mut heap: BinaryHeap<Reverse<([u32; 4], usize, usize)>> = runs
            .iter()
            .enumerate()
            .filter_map(|(run, rows)| rows.first().map(|row| Reverse((key(row), run, 0))))
            .collect();
        while let Some(Reverse((_, run, position))) = heap.pop() {
            each(&runs[run][position])?;
            if let Some(next) = runs[run].get(position + 1) {
                heap.push(Reverse((key(next), run, position + 1)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod size {
    /// A held row is what a public summary keeps per row of a large output: keep it small.
    #[test]
    fn a_held_row_takes_88_bytes() {
        assert_eq!(std::mem::size_of::<super::Held>(), 88);
    }
}
