//! Which quarters a question covers: the quarter filters of the outcomes commands, and the
//! default period.

use crate::calendar::Quarter;
use crate::filter::Places;
use crate::repo::Repository;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// `--quarter`, `--from`, `--to`. Empty selects every quarter.
#[derive(Debug, Clone, Default)]
pub struct QuarterFilter {
    pub quarters: Vec<Quarter>,
    pub from: Option<Quarter>,
    pub to: Option<Quarter>,
}

impl QuarterFilter {
    /// Whether the user chose quarters, so that no default period applies.
    pub fn names_quarters(&self) -> bool {
        !self.quarters.is_empty() || self.from.is_some() || self.to.is_some()
    }

    pub fn wants(&self, quarter: Quarter) -> bool {
        (self.quarters.is_empty() || self.quarters.contains(&quarter))
            && self.from.is_none_or(|from| quarter >= from)
            && self.to.is_none_or(|to| quarter <= to)
    }
}

/// The quarters a question covers, and those read only for comparison.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Period {
    pub wanted: BTreeSet<Quarter>,
    /// Quarters before a wanted one, read only to give the change from the previous quarter.
    pub reference: BTreeSet<Quarter>,
    /// Set when no quarter was chosen and the period defaulted to this latest quarter.
    pub defaulted_to: Option<Quarter>,
}

impl Period {
    /// Every quarter to read, wanted or reference, in order.
    pub fn read(&self) -> Vec<Quarter> {
        self.wanted.union(&self.reference).copied().collect()
    }
}

/// Chooses the period among the quarter folders. Without a quarter filter it is every quarter,
/// or with `latest_by_default` the latest one that has ended by `as_of` and has a file of an
/// agency `places` wants (a file for a quarter still running is a mistake `ips validate`
/// reports, not the latest figures). `with_previous` adds the quarter before each wanted one
/// as a reference.
pub fn period(
    repo: &Repository,
    places: &Places,
    filter: &QuarterFilter,
    latest_by_default: bool,
    with_previous: bool,
    as_of: NaiveDate,
) -> Period {
    let present = |quarter: Quarter| {
        let (files, _) = repo.list_quarter(quarter);
        !super::stream::wanted_files(repo, files, places).is_empty()
    };
    choose(
        &repo.quarters,
        present,
        filter,
        latest_by_default,
        with_previous,
        as_of,
    )
}

fn choose(
    quarters: &[Quarter],
    present: impl Fn(Quarter) -> bool,
    filter: &QuarterFilter,
    latest_by_default: bool,
    with_previous: bool,
    as_of: NaiveDate,
) -> Period {
    let mut period = Period::default();
    if filter.names_quarters() || !latest_by_default {
        period.wanted = quarters
            .iter()
            .copied()
            .filter(|q| filter.wants(*q))
            .collect();
    } else if let Some(latest) = quarters
        .iter()
        .rev()
        .copied()
        .find(|q| q.has_ended(as_of) && present(*q))
    {
        period.wanted.insert(latest);
        period.defaulted_to = Some(latest);
    }
    if with_previous {
        period.reference = period
            .wanted
            .iter()
            .map(|q| q.previous())
            .filter(|q| quarters.contains(q) && !period.wanted.contains(q))
            .collect();
    }
    period
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quarter {
        Quarter::parse(text).unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        crate::calendar::parse_date(text).unwrap()
    }

    #[test]
    fn quarter_filters_are_inclusive_and_combine() {
        let filter = QuarterFilter {
            from: Some(q("2025-Q2")),
            to: Some(q("2026-Q1")),
            ..QuarterFilter::default()
        };
        assert!(filter.wants(q("2025-Q2")));
        assert!(filter.wants(q("2026-Q1")));
        assert!(!filter.wants(q("2025-Q1")));
        assert!(!filter.wants(q("2026-Q2")));
    }

    #[test]
    fn the_default_period_is_the_latest_ended_quarter_with_files() {
        let quarters = [q("2025-Q4"), q("2026-Q1"), q("2026-Q2"), q("2026-Q3")];
        // 2026-Q3's folder holds no file of the wanted agencies.
        let present = |quarter: Quarter| quarter != q("2026-Q3");
        let all = QuarterFilter::default();
        let period = choose(&quarters, present, &all, true, true, day("2026-11-24"));
        assert_eq!(period.wanted, BTreeSet::from([q("2026-Q2")]));
        assert_eq!(period.reference, BTreeSet::from([q("2026-Q1")]));
        assert_eq!(period.defaulted_to, Some(q("2026-Q2")));
        // On 2026-06-30 the second quarter is still running: the first is the latest.
        let period = choose(&quarters, present, &all, true, true, day("2026-06-30"));
        assert_eq!(period.defaulted_to, Some(q("2026-Q1")));
    }

    #[test]
    fn reference_quarters_are_only_folders_that_exist_and_are_not_wanted() {
        let quarters = [q("2025-Q3"), q("2026-Q1"), q("2026-Q2")];
        let filter = QuarterFilter {
            quarters: vec![q("2025-Q4"), q("2026-Q1"), q("2026-Q2")],
            ..QuarterFilter::default()
        };
        let period = choose(&quarters, |_| true, &filter, true, true, day("2026-11-24"));
        assert_eq!(period.wanted, BTreeSet::from([q("2026-Q1"), q("2026-Q2")]));
        // 2025-Q4 has no folder, so nothing is read for 2026-Q1's change.
        assert!(period.reference.is_empty());
        assert_eq!(period.defaulted_to, None);
        let all = choose(
            &quarters,
            |_| true,
            &QuarterFilter::default(),
            false,
            false,
            day("2026-11-24"),
        );
        assert_eq!(all.wanted.len(), 3);
    }
}
