//! Who has not reported a quarter: the liaison's follow-up list.

use super::completeness::expected;
use super::stream::{self, Fold, Problems};
use crate::calendar::Quarter;
use crate::diagnostic::Diagnostic;
use crate::filter::Places;
use crate::outcomes::Place;
use crate::repo::model::OutcomeRow;
use crate::repo::{AgencyRecord, Repository};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The agency has no outcomes file for the quarter.
    NoFile,
    /// The agency's file has no (valid) row for the team.
    NoRow,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NoFile => "no-file",
            Reason::NoRow => "no-row",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MissingTeam<'r> {
    pub jurisdiction: &'r str,
    pub agency: &'r str,
    pub team: &'r str,
    pub reason: Reason,
}

/// For each agency with a file for the quarter, the teams with a valid row in it.
pub type Reported<'r> = HashMap<&'r str, HashSet<&'r str>>;

/// Notes the teams of one file's valid rows (a fold step over the files read in parallel).
pub fn add_file<'r>(reported: &mut Reported<'r>, place: &Place<'r>, rows: &[OutcomeRow]) {
    let teams = reported.entry(place.agency.id.as_str()).or_default();
    teams.extend(
        rows.iter()
            .filter_map(|row| place.agency.teams.get(row.team_index as usize))
            .map(|team| team.id.as_str()),
    );
}

/// Who reported `quarter` among the agencies `places` wants: its files listed, read and
/// checked. With the listing's findings (a misnamed file) and the files' problems, for the
/// caller's gate.
pub fn reported<'r>(
    repo: &'r Repository,
    quarter: Quarter,
    places: &Places,
    as_of: NaiveDate,
) -> (Reported<'r>, Vec<Diagnostic>, Problems) {
    let (files, listed) = if repo.quarters.contains(&quarter) {
        repo.list_quarter(quarter)
    } else {
        Default::default()
    };
    let files = stream::wanted_files(repo, files, places);
    let fold = Fold {
        init: Reported::new,
        add: add_file,
        merge,
    };
    let (reported, problems) = stream::fold_files(repo, &files, as_of, &fold);
    (reported, listed, problems)
}

/// Joins what two threads noted.
pub fn merge<'r>(mut a: Reported<'r>, b: Reported<'r>) -> Reported<'r> {
    for (agency, teams) in b {
        a.entry(agency).or_default().extend(teams);
    }
    a
}

/// The teams open in `quarter`, of the agencies expected to report it as of `as_of`
/// (`completeness::expected`), that have not: `reported` maps each agency with a file for the
/// quarter to the teams with a row in it. Sorted by jurisdiction, agency and team.
pub fn missing<'r>(
    agencies: impl IntoIterator<Item = &'r AgencyRecord>,
    quarter: Quarter,
    reported: &Reported<'_>,
    as_of: NaiveDate,
) -> Vec<MissingTeam<'r>> {
    let mut list = Vec::new();
    for record in agencies {
        let Some(agency) = expected(record, quarter, as_of) else {
            continue;
        };
        let file = reported.get(agency.id.as_str());
        for team in agency.teams_open_in(quarter) {
            let reason = match file {
                None => Reason::NoFile,
                Some(teams) if !teams.contains(team.id.as_str()) => Reason::NoRow,
                Some(_) => continue,
            };
            list.push(MissingTeam {
                jurisdiction: &agency.jurisdiction,
                agency: &agency.id,
                team: &team.id,
                reason,
            });
        }
    }
    list.sort_by(|a, b| {
        (a.jurisdiction, a.agency, a.team).cmp(&(b.jurisdiction, b.agency, b.team))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;
    use crate::repo::model::{Agency, Team};

    fn date(text: &str) -> NaiveDate {
        crate::calendar::parse_date(text).unwrap()
    }

    fn team(id: &str, opened: Option<&str>, closed: Option<&str>) -> Team {
        Team {
            id: id.into(),
            supervisor: String::new(),
            location: String::new(),
            opened: opened.map(date),
            closed: closed.map(date),
        }
    }

    fn record(id: &str, baseline: Option<&str>, teams: Vec<Team>) -> AgencyRecord {
        AgencyRecord {
            folder: id.into(),
            agency: Some(Agency {
                id: id.into(),
                name: id.into(),
                jurisdiction: "oh".into(),
                jurisdiction_at: Position { line: 1, column: 1 },
                start: date("2024-01-01"),
                teams,
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
    fn lists_open_teams_of_expected_agencies_without_a_file_or_a_row() {
        let q = Quarter::parse("2026-Q3").unwrap();
        let agencies = [
            record(
                "a",
                Some("2026-09-30"),
                vec![team("x", None, None), team("old", None, Some("2026-06-30"))],
            ),
            record(
                "b",
                Some("2024-01-01"),
                vec![team("y", None, None), team("z", Some("2026-09-01"), None)],
            ),
            // Baseline after the quarter: not expected yet.
            record("c", Some("2026-10-01"), vec![team("w", None, None)]),
            // No review at all: not expected.
            record("d", None, vec![team("v", None, None)]),
        ];
        let reported = HashMap::from([("b", HashSet::from(["y"]))]);
        let list = missing(&agencies, q, &reported, date("2026-11-24"));
        let shown: Vec<(&str, &str, &str)> = list
            .iter()
            .map(|m| (m.agency, m.team, m.reason.as_str()))
            .collect();
        assert_eq!(shown, [("a", "x", "no-file"), ("b", "z", "no-row")]);
    }
}
