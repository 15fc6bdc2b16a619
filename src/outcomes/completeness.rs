//! Who is expected to report a quarter, and so how complete a quarter's figures are. One rule
//! for `ips outcomes missing` (who has not reported), the summaries (`agencies_expected`, and a
//! warning when fewer reported) and `ips attention`: an agency reports from the quarter of its
//! baseline fidelity review on, for the quarters in which one of its teams was open.

use crate::calendar::Quarter;
use crate::repo::AgencyRecord;
use crate::repo::model::Agency;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The agency, when it is expected to report `quarter` as of `as_of`: the quarter has ended,
/// the agency's baseline review (the earliest review file's date, so the reviews need not be
/// read) was on or before the quarter's last day, and one of its teams was open in it.
pub fn expected(record: &AgencyRecord, quarter: Quarter, as_of: NaiveDate) -> Option<&Agency> {
    let baseline = record.first_review_date()?;
    let agency = record.agency.as_ref()?;
    let reports = quarter.has_ended(as_of)
        && baseline <= quarter.last_day()
        && agency.teams_open_in(quarter).next().is_some();
    reports.then_some(agency)
}

/// How many of the agencies expected to report a quarter did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completeness {
    pub quarter: Quarter,
    pub expected: u64,
    /// Expected agencies with at least one row in the quarter.
    pub reported: u64,
}

impl Completeness {
    /// Figures pooled over the quarter leave out some expected agency.
    pub fn is_partial(&self) -> bool {
        self.reported < self.expected
    }
}

/// Who is expected to report each of some quarters, worked out once per agency, so that a
/// summary streaming many thousand files asks in constant time.
#[derive(Debug, Default)]
pub struct Expected<'r> {
    quarters: Vec<Quarter>,
    /// Each agency's place in `flags`, by id.
    agencies: HashMap<&'r str, usize>,
    /// Agency-major: whether agency `a` is expected in quarter `q`, at `a * quarters + q`.
    flags: Vec<bool>,
    /// How many agencies are expected, by quarter (None: in any of the quarters) and
    /// jurisdiction (None: all of them).
    counts: HashMap<(Option<Quarter>, Option<&'r str>), u64>,
}

impl<'r> Expected<'r> {
    /// Who of `agencies` is expected to report which of `quarters`, as of `as_of`.
    pub fn new(agencies: &'r [AgencyRecord], quarters: &[Quarter], as_of: NaiveDate) -> Self {
        let entries = agencies.iter().filter_map(|record| {
            let agency = record.agency.as_ref()?;
            let due: Vec<Quarter> = quarters
                .iter()
                .copied()
                .filter(|q| expected(record, *q, as_of).is_some())
                .collect();
            Some((agency.id.as_str(), agency.jurisdiction.as_str(), due))
        });
        Expected::of(entries, quarters)
    }

    /// From each agency's id, jurisdiction and the quarters it is expected to report.
    pub fn of(
        entries: impl IntoIterator<Item = (&'r str, &'r str, Vec<Quarter>)>,
        quarters: &[Quarter],
    ) -> Self {
        let mut quarters = quarters.to_vec();
        quarters.sort_unstable();
        quarters.dedup();
        let mut expected = Expected {
            quarters,
            ..Expected::default()
        };
        for (id, jurisdiction, due) in entries {
            let slot = expected.agencies.len();
            expected.agencies.insert(id, slot);
            let start = expected.flags.len();
            expected
                .flags
                .resize(start + expected.quarters.len(), false);
            for quarter in due {
                if let Ok(index) = expected.quarters.binary_search(&quarter) {
                    expected.flags[start + index] = true;
                    expected.add(Some(quarter), jurisdiction);
                }
            }
            if expected.flags[start..].contains(&true) {
                expected.add(None, jurisdiction);
            }
        }
        expected
    }

    fn add(&mut self, quarter: Option<Quarter>, jurisdiction: &'r str) {
        for key in [(quarter, Some(jurisdiction)), (quarter, None)] {
            *self.counts.entry(key).or_default() += 1;
        }
    }

    /// Whether `agency` is expected to report `quarter`, or with None any of the quarters.
    pub fn is_expected(&self, agency: &str, quarter: Option<Quarter>) -> bool {
        let Some(&slot) = self.agencies.get(agency) else {
            return false;
        };
        let flags = &self.flags[slot * self.quarters.len()..(slot + 1) * self.quarters.len()];
        match quarter {
            Some(quarter) => self
                .quarters
                .binary_search(&quarter)
                .is_ok_and(|index| flags[index]),
            None => flags.contains(&true),
        }
    }

    /// The agencies expected in a group: of one agency if `agency` is given, else of
    /// `jurisdiction` (None: every jurisdiction); in `quarter`, or with None in any quarter.
    pub fn in_group(
        &self,
        quarter: Option<Quarter>,
        jurisdiction: Option<&'r str>,
        agency: Option<&str>,
    ) -> u64 {
        match agency {
            Some(agency) => u64::from(self.is_expected(agency, quarter)),
            None => self
                .counts
                .get(&(quarter, jurisdiction))
                .copied()
                .unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;
    use crate::repo::model::Team;

    fn date(text: &str) -> NaiveDate {
        crate::calendar::parse_date(text).unwrap()
    }

    fn q(text: &str) -> Quarter {
        Quarter::parse(text).unwrap()
    }

    fn record(
        id: &str,
        baseline: Option<&str>,
        opened: &str,
        closed: Option<&str>,
    ) -> AgencyRecord {
        AgencyRecord {
            folder: id.into(),
            agency: Some(Agency {
                id: id.into(),
                name: id.into(),
                jurisdiction: "oh".into(),
                jurisdiction_at: Position { line: 1, column: 1 },
                start: date("2024-01-01"),
                teams: vec![Team {
                    id: "t".into(),
                    supervisor: String::new(),
                    location: String::new(),
                    opened: Some(date(opened)),
                    closed: closed.map(date),
                }],
                agreement: None,
                trainer: None,
            }),
            agency_path: format!("agencies/{id}/agency.toml"),
            activities: Vec::new(),
            reviews: Vec::new(),
            reviews_read: false,
            review_dates: baseline.map(date).into_iter().collect(),
            review_files: usize::from(baseline.is_some()),
            plans: Vec::new(),
        }
    }

    #[test]
    fn expected_from_the_baseline_quarter_while_a_team_is_open_once_the_quarter_ended() {
        let as_of = date("2026-11-24");
        let a = record("a", Some("2026-03-31"), "2024-01-01", Some("2026-04-10"));
        assert!(
            expected(&a, q("2025-Q4"), as_of).is_none(),
            "before the baseline"
        );
        assert!(
            expected(&a, q("2026-Q1"), as_of).is_some(),
            "the baseline's quarter"
        );
        assert!(expected(&a, q("2026-Q2"), as_of).is_some(), "open in April");
        assert!(expected(&a, q("2026-Q3"), as_of).is_none(), "no team open");
        let b = record("b", Some("2026-07-01"), "2024-01-01", None);
        assert!(expected(&b, q("2026-Q4"), as_of).is_none(), "not ended");
        assert!(expected(&b, q("2026-Q4"), date("2027-01-01")).is_some());
        let none = record("c", None, "2024-01-01", None);
        assert!(expected(&none, q("2026-Q3"), as_of).is_none(), "no review");
    }

    #[test]
    fn counts_by_quarter_and_jurisdiction_and_in_any_quarter() {
        let quarters = [q("2026-Q1"), q("2026-Q2")];
        let expected = Expected::of(
            [
                ("a", "oh", vec![q("2026-Q1"), q("2026-Q2")]),
                ("b", "oh", vec![q("2026-Q2")]),
                ("c", "nz", vec![q("2026-Q1")]),
                ("d", "nz", vec![]),
            ],
            &quarters,
        );
        assert_eq!(expected.in_group(Some(q("2026-Q1")), None, None), 2);
        assert_eq!(expected.in_group(Some(q("2026-Q2")), Some("oh"), None), 2);
        assert_eq!(expected.in_group(Some(q("2026-Q2")), Some("nz"), None), 0);
        assert_eq!(expected.in_group(None, None, None), 3);
        assert_eq!(expected.in_group(None, Some("nz"), None), 1);
        assert_eq!(expected.in_group(Some(q("2026-Q1")), None, Some("b")), 0);
        assert_eq!(expected.in_group(None, None, Some("b")), 1);
        assert!(!expected.is_expected("d", None));
        assert!(!expected.is_expected("unknown", Some(q("2026-Q1"))));
        assert!(
            !expected.is_expected("a", Some(q("2025-Q4"))),
            "not a quarter asked about"
        );
    }
}
