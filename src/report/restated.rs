//! The report's "restated since" section (`--since REV`): which of the period's counts differ
//! from those of an earlier revision (the one a report was published from, say), and what that
//! did to each quarter's pooled figures. `outcomes::diff` finds the changes; this chooses and
//! protects what the report shows of them.

use super::model::{Restated, RestatedCount, RestatedQuarter};
use super::name_of;
use crate::calendar::Quarter;
use crate::outcomes::diff::{CountChange, QuarterTotals, Restatement};
use crate::repo::Repository;

/// A report lists at most this many restated counts; `ips outcomes diff` lists them all.
pub const CHANGES_SHOWN: usize = 50;

/// What `--since` compared: the revision, its commit, and what was restated in the scope.
pub struct Since<'a> {
    pub rev: &'a str,
    pub commit: &'a str,
    pub restatement: &'a Restatement,
}

/// The section for a report of `quarter`: quarters after it are not the report's. A public
/// report says which quarters were restated and how many counts, without figures.
pub fn section(repo: &Repository, since: &Since<'_>, quarter: Quarter, public: bool) -> Restated {
    let restatement = since.restatement;
    let quarters = restatement
        .quarters
        .iter()
        .filter(|totals| totals.quarter <= quarter)
        .map(|totals| restated_quarter(restatement, totals, public))
        .collect();
    let in_period: Vec<_> = restatement
        .changes
        .iter()
        .filter(|change| change.quarter <= quarter)
        .collect();
    let changes = (!public).then(|| {
        in_period
            .iter()
            .take(CHANGES_SHOWN)
            .map(|change| restated_count(repo, change))
            .collect()
    });
    Restated {
        since: since.rev.to_string(),
        commit: since.commit.to_string(),
        quarters,
        changes_left_out: match public {
            true => 0,
            false => in_period.len().saturating_sub(CHANGES_SHOWN),
        },
        changes,
    }
}

/// A restated quarter: how many counts, and the scope's totals then and now (none in public).
fn restated_quarter(
    restatement: &Restatement,
    totals: &QuarterTotals,
    public: bool,
) -> RestatedQuarter {
    let counts = restatement
        .changes
        .iter()
        .filter(|change| change.quarter == totals.quarter)
        .count();
    let (before, after) = match public {
        true => (None, None),
        false => (totals.before, totals.after),
    };
    let rate_before = before.and_then(|c| c.rate());
    let rate_after = after.and_then(|c| c.rate());
    RestatedQuarter {
        quarter: totals.quarter.to_string(),
        counts,
        served_before: before.map(|c| c.served),
        served_after: after.map(|c| c.served),
        employed_before: before.map(|c| c.employed),
        employed_after: after.map(|c| c.employed),
        rate_before,
        rate_after,
        rate_change: rate_before.zip(rate_after).map(|(b, a)| a - b),
    }
}

/// A restated count as the report lists it.
fn restated_count(repo: &Repository, change: &CountChange) -> RestatedCount {
    RestatedCount {
        quarter: change.quarter.to_string(),
        agency: change.agency.clone(),
        agency_name: repo
            .agency(&change.agency)
            .map_or_else(|| change.agency.clone(), name_of),
        team: change.team.clone(),
        field: change.field.name(),
        before: change.old,
        after: change.new,
        commit: change.commit.clone(),
    }
}
