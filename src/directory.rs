//! The agency directory: who each agency is and where it stands, as of a date. Pure: it takes
//! what the loader read (agency.toml, the review files' dates, the quarters with an outcome
//! file) and `as_of`.

use crate::calendar::Quarter;
use crate::repo::AgencyRecord;
use chrono::NaiveDate;

/// Where an agency stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// A team is open on the date.
    Active,
    /// Its start is after the date.
    NotStarted,
    /// Started, but no team is open on the date (all closed, or none opened yet).
    NoOpenTeam,
}

impl Standing {
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Active => "active",
            Standing::NotStarted => "not-started",
            Standing::NoOpenTeam => "no-open-team",
        }
    }
}

/// One agency of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'r> {
    pub agency: &'r str,
    pub name: &'r str,
    pub jurisdiction: &'r str,
    pub start: NaiveDate,
    /// Teams open on the date.
    pub teams_open: usize,
    /// The latest quarter, ended by the date, with an outcome file.
    pub last_quarter: Option<Quarter>,
    /// The latest review file dated on or before the date.
    pub last_review: Option<NaiveDate>,
    pub standing: Standing,
}

/// The agency as of `as_of`; None when its agency.toml could not be read. `quarters` are the
/// quarters in which it has an outcome file, in any order.
pub fn entry<'r>(
    record: &'r AgencyRecord,
    quarters: &[Quarter],
    as_of: NaiveDate,
) -> Option<Entry<'r>> {
    let agency = record.agency.as_ref()?;
    let teams_open = agency
        .teams
        .iter()
        .filter(|team| team.is_open_on(as_of))
        .count();
    let standing = if agency.start > as_of {
        Standing::NotStarted
    } else if teams_open == 0 {
        Standing::NoOpenTeam
    } else {
        Standing::Active
    };
    Some(Entry {
        agency: &record.folder,
        name: &agency.name,
        jurisdiction: &agency.jurisdiction,
        start: agency.start,
        teams_open,
        last_quarter: quarters
            .iter()
            .copied()
            .filter(|q| q.has_ended(as_of))
            .max(),
        last_review: record
            .review_dates
            .iter()
            .copied()
            .filter(|date| *date <= as_of)
            .max(),
        standing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;
    use crate::repo::model::{Agency, Team};

    fn date(text: &str) -> NaiveDate {
        crate::calendar::parse_date(text).unwrap()
    }

    fn team(opened: Option<&str>, closed: Option<&str>) -> Team {
        Team {
            id: "t".into(),
            supervisor: String::new(),
            location: String::new(),
            opened: opened.map(date),
            closed: closed.map(date),
        }
    }

    #[test]
    fn teams_open_the_latest_quarter_and_review_by_the_date() {
        let record = AgencyRecord {
            folder: "a".into(),
            agency: Some(Agency {
                id: "a".into(),
                name: "A Agency".into(),
                jurisdiction: "oh".into(),
                jurisdiction_at: Position { line: 1, column: 1 },
                start: date("2025-01-06"),
                teams: vec![
                    team(None, None),
                    team(Some("2026-12-01"), None),
                    team(None, Some("2026-06-30")),
                ],
                agreement: None,
                trainer: None,
            }),
            agency_path: "agencies/a/agency.toml".into(),
            activities: Vec::new(),
            reviews: Vec::new(),
            reviews_read: false,
            review_dates: vec![date("2025-03-04"), date("2026-12-09")],
            review_files: 2,
            plans: Vec::new(),
        };
        let q = |text: &str| Quarter::parse(text).unwrap();
        let quarters = [q("2026-Q3"), q("2025-Q2"), q("2026-Q4")];
        let on = entry(&record, &quarters, date("2026-11-24")).unwrap();
        assert_eq!(on.teams_open, 1);
        assert_eq!(on.last_quarter, Some(q("2026-Q3")), "2026-Q4 has not ended");
        assert_eq!(
            on.last_review,
            Some(date("2025-03-04")),
            "2026-12-09 is ahead"
        );
        assert_eq!(on.standing, Standing::Active);
        let later = entry(&record, &quarters, date("2027-01-02")).unwrap();
        assert_eq!(
            (later.teams_open, later.last_quarter),
            (2, Some(q("2026-Q4")))
        );
        let before = entry(&record, &quarters, date("2025-01-05")).unwrap();
        assert_eq!(
            (before.standing, before.last_review),
            (Standing::NotStarted, None)
        );
    }
}
