//! Which outcome files a question covers: the filters shared by the outcomes commands.

use crate::calendar::Quarter;
use crate::repo::{OutcomeFileRef, Repository};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// `--quarter`, `--from`, `--to`, `--jurisdiction`, `--agency`. Empty lists select everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub quarters: Vec<Quarter>,
    pub from: Option<Quarter>,
    pub to: Option<Quarter>,
    pub jurisdictions: Vec<String>,
    pub agencies: Vec<String>,
}

impl Filter {
    /// Whether the user chose quarters, so that no default period applies.
    pub fn names_quarters(&self) -> bool {
        !self.quarters.is_empty() || self.from.is_some() || self.to.is_some()
    }

    pub fn wants_quarter(&self, quarter: Quarter) -> bool {
        (self.quarters.is_empty() || self.quarters.contains(&quarter))
            && self.from.is_none_or(|from| quarter >= from)
            && self.to.is_none_or(|to| quarter <= to)
    }

    /// An agency whose jurisdiction is unknown (its agency.toml is broken or missing) is wanted
    /// only when no jurisdiction is asked for, so that its errors are not hidden.
    pub fn wants_agency(&self, agency: &str, jurisdiction: Option<&str>) -> bool {
        let agency_ok = self.agencies.is_empty() || self.agencies.iter().any(|a| a == agency);
        let jurisdiction_ok = self.jurisdictions.is_empty()
            || jurisdiction.is_some_and(|j| self.jurisdictions.iter().any(|w| w == j));
        agency_ok && jurisdiction_ok
    }
}

/// The jurisdiction of an agency folder, when its agency.toml could be read.
pub fn jurisdiction_of<'r>(repo: &'r Repository, agency: &str) -> Option<&'r str> {
    let record = repo.agency(agency)?;
    record.agency.as_ref().map(|a| a.jurisdiction.as_str())
}

/// The outcome files of the agencies the filter wants, in every quarter.
pub fn files_of_agencies<'r>(repo: &'r Repository, filter: &Filter) -> Vec<&'r OutcomeFileRef> {
    repo.outcome_files
        .iter()
        .filter(|file| {
            let jurisdiction = repo
                .agency_of(file)
                .and_then(|record| record.agency.as_ref())
                .map(|agency| agency.jurisdiction.as_str());
            filter.wants_agency(&file.agency, jurisdiction)
        })
        .collect()
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
    pub fn reads(&self, quarter: Quarter) -> bool {
        self.wanted.contains(&quarter) || self.reference.contains(&quarter)
    }
}

/// Chooses the period among the quarters that have files. Without a quarter filter it is every
/// quarter, or with `latest_by_default` the latest one that has ended by `as_of` (a file for a
/// quarter still running is a mistake `ips validate` reports, not the latest figures).
/// `with_previous` adds the quarter before each wanted one as a reference.
pub fn period(
    files: &[&OutcomeFileRef],
    filter: &Filter,
    latest_by_default: bool,
    with_previous: bool,
    as_of: NaiveDate,
) -> Period {
    let present: BTreeSet<Quarter> = files.iter().map(|file| file.quarter).collect();
    let mut period = Period::default();
    if filter.names_quarters() || !latest_by_default {
        period.wanted = present
            .iter()
            .copied()
            .filter(|q| filter.wants_quarter(*q))
            .collect();
    } else if let Some(latest) = present.iter().rev().find(|q| q.has_ended(as_of)) {
        period.wanted.insert(*latest);
        period.defaulted_to = Some(*latest);
    }
    if with_previous {
        period.reference = period
            .wanted
            .iter()
            .map(|q| q.previous())
            .filter(|q| present.contains(q) && !period.wanted.contains(q))
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

    fn file(quarter: &str) -> OutcomeFileRef {
        OutcomeFileRef::new(q(quarter), "a")
    }

    #[test]
    fn quarter_filters_are_inclusive_and_combine() {
        let filter = Filter {
            from: Some(q("2025-Q2")),
            to: Some(q("2026-Q1")),
            ..Filter::default()
        };
        assert!(filter.wants_quarter(q("2025-Q2")));
        assert!(filter.wants_quarter(q("2026-Q1")));
        assert!(!filter.wants_quarter(q("2025-Q1")));
        assert!(!filter.wants_quarter(q("2026-Q2")));
    }

    #[test]
    fn an_agency_without_a_jurisdiction_is_kept_unless_jurisdictions_are_asked_for() {
        let all = Filter::default();
        assert!(all.wants_agency("a", None));
        let oh = Filter {
            jurisdictions: vec!["oh".into()],
            ..Filter::default()
        };
        assert!(!oh.wants_agency("a", None));
        assert!(oh.wants_agency("a", Some("oh")));
        assert!(!oh.wants_agency("a", Some("nz")));
    }

    #[test]
    fn the_default_period_is_the_latest_quarter_with_files() {
        let files = [file("2025-Q4"), file("2026-Q2"), file("2026-Q1")];
        let refs: Vec<&OutcomeFileRef> = files.iter().collect();
        let period = period(&refs, &Filter::default(), true, true, day("2026-11-24"));
        assert_eq!(period.wanted, BTreeSet::from([q("2026-Q2")]));
        assert_eq!(period.reference, BTreeSet::from([q("2026-Q1")]));
        assert_eq!(period.defaulted_to, Some(q("2026-Q2")));
        // On 2026-06-30 the second quarter is still running: the first is the latest.
        let period = super::period(&refs, &Filter::default(), true, true, day("2026-06-30"));
        assert_eq!(period.defaulted_to, Some(q("2026-Q1")));
    }

    fn day(text: &str) -> NaiveDate {
        crate::calendar::parse_date(text).unwrap()
    }

    #[test]
    fn reference_quarters_are_only_those_with_files_and_not_wanted() {
        let files = [file("2025-Q3"), file("2026-Q1"), file("2026-Q2")];
        let refs: Vec<&OutcomeFileRef> = files.iter().collect();
        let filter = Filter {
            quarters: vec![q("2025-Q4"), q("2026-Q1"), q("2026-Q2")],
            ..Filter::default()
        };
        let period = period(&refs, &filter, true, true, day("2026-11-24"));
        assert_eq!(period.wanted, BTreeSet::from([q("2026-Q1"), q("2026-Q2")]));
        // 2025-Q4 has no files, so nothing is read for 2026-Q1's change.
        assert!(period.reference.is_empty());
        assert_eq!(period.defaulted_to, None);
        let all = super::period(&refs, &Filter::default(), false, false, day("2026-11-24"));
        assert_eq!(all.wanted.len(), 3);
    }
}
