//! The counts a report is made of, read once through the checked outcome stream: each agency's
//! sums for each quarter of the period, and, for a site report, each of its teams'.

use crate::calendar::Quarter;
use crate::error::Result;
use crate::filter::Places;
use crate::outcomes::Place;
use crate::outcomes::stream::{self, Fold, Problems};
use crate::outcomes::summarize::Counts;
use crate::progress::Progress;
use crate::repo::Repository;
use crate::repo::model::OutcomeRow;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Sums over some rows, and how many teams they came from.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub counts: Counts,
    pub teams: usize,
    /// Agencies that reported: 1 for an agency's own tally, their number in a sum.
    pub agencies: usize,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.counts.add(&other.counts);
        self.teams += other.teams;
        self.agencies += other.agencies;
    }
}

/// The tallies of a period.
#[derive(Debug, Default)]
pub struct Figures<'r> {
    /// Per agency id and quarter, for the agencies with a file that quarter.
    pub agencies: HashMap<(&'r str, Quarter), Tally>,
    /// Per team id and quarter, of the site's agency only.
    pub teams: HashMap<(&'r str, Quarter), Tally>,
    /// Every agency's teams' counts in the newest quarter read (the report's), per agency id
    /// and quarter: the programs whose rates the report's "programs against the benchmarks"
    /// counts (`programs`). Only that quarter's, to keep a large community's figures small.
    pub team_counts: HashMap<(&'r str, Quarter), Vec<(&'r str, Counts)>>,
    /// Each quarter's agencies, for sums over some of them.
    by_quarter: HashMap<Quarter, Vec<(&'r str, Tally)>>,
}

impl<'r> Figures<'r> {
    fn merge(mut self, other: Figures<'r>) -> Figures<'r> {
        for (key, tally) in other.agencies {
            self.agencies.entry(key).or_default().add(&tally);
        }
        for (key, tally) in other.teams {
            self.teams.entry(key).or_default().add(&tally);
        }
        for (key, teams) in other.team_counts {
            self.team_counts.entry(key).or_default().extend(teams);
        }
        self
    }

    pub fn agency<'a>(&'a self, agency: &'a str, quarter: Quarter) -> Option<&'a Tally> {
        self.agencies.get(&(agency, quarter))
    }

    /// The sum of the agencies `wanted` keeps, in `quarter`; None when none of them reported.
    pub fn sum(&self, quarter: Quarter, wanted: impl Fn(&str) -> bool) -> Option<Tally> {
        let mut sum: Option<Tally> = None;
        for (agency, tally) in self.by_quarter.get(&quarter).into_iter().flatten() {
            if wanted(agency) {
                sum.get_or_insert_with(Tally::default).add(tally);
            }
        }
        sum
    }

    /// Indexes the agencies by quarter, once every file is read.
    fn index(mut self) -> Figures<'r> {
        for ((agency, quarter), tally) in &self.agencies {
            self.by_quarter
                .entry(*quarter)
                .or_default()
                .push((agency, *tally));
        }
        self
    }
}

/// Each team's counts in one agency's file, by team id.
fn team_counts<'r>(place: &Place<'r>, rows: &[OutcomeRow]) -> Vec<(&'r str, Counts)> {
    rows.iter()
        .filter_map(|row| {
            let team = place.agency.teams.get(row.team_index as usize)?;
            let mut counts = Counts::default();
            counts.add_row(row);
            Some((team.id.as_str(), counts))
        })
        .collect()
}

/// Reads the outcome files of `quarters` for the agencies `places` wants; with `site`, also
/// keeps that agency's teams apart.
pub fn gather<'r>(
    repo: &'r Repository,
    quarters: &[Quarter],
    places: &Places,
    site: Option<&str>,
    as_of: NaiveDate,
    progress: &Progress,
) -> Result<(Figures<'r>, Problems)> {
    let newest = quarters.iter().max().copied();
    let add = |figures: &mut Figures<'r>, place: &Place<'r>, rows: &[OutcomeRow]| {
        let mut tally = Tally {
            agencies: 1,
            ..Tally::default()
        };
        for row in rows {
            tally.counts.add_row(row);
            tally.teams += 1;
        }
        let agency = place.agency.id.as_str();
        figures.agencies.insert((agency, place.quarter), tally);
        if Some(place.quarter) == newest {
            figures
                .team_counts
                .insert((agency, place.quarter), team_counts(place, rows));
        }
        if site == Some(agency) {
            for row in rows {
                let Some(team) = place.agency.teams.get(row.team_index as usize) else {
                    continue;
                };
                let mut tally = Tally {
                    teams: 1,
                    ..Tally::default()
                };
                tally.counts.add_row(row);
                figures
                    .teams
                    .insert((team.id.as_str(), place.quarter), tally);
            }
        }
    };
    let fold = Fold {
        init: Figures::default,
        add,
        merge: Figures::merge,
    };
    let mut figures = Figures::default();
    let problems =
        stream::by_quarter(repo, quarters, places, as_of, progress, &fold, |_, part| {
            figures = std::mem::take(&mut figures).merge(part);
            Ok(())
        })?;
    Ok((figures.index(), problems))
}
