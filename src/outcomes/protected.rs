//! The one protected table of public outputs: for each quarter, the community, each
//! jurisdiction, each agency and each team, with their four counts, protected once over the
//! whole repository (`suppress`: the small counts, then complementary cells until no group of a
//! sum relation has a lone hidden cell, at every level). Every public output is a view of it, so
//! that no combination of them gives a hidden count away: a figure the table holds shows as the
//! table shows it, and any other figure (a sum over several quarters or several cells) shows
//! only when every cell it is made of is shown.
//!
//! Pure and deterministic: the same cells and rule give the same pattern, whatever a filter
//! selects or an output shows.

use super::Place;
use super::stream::{self, Fold, Problems};
use super::summarize;
use super::suppress::{self, Counts, Hidden, Rule, Sum};
use crate::calendar::Quarter;
use crate::error::Result;
use crate::filter::Places;
use crate::progress::Progress;
use crate::repo::Repository;
use crate::repo::model::OutcomeRow;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// One team's counts in a quarter: the table's finest cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamCell {
    pub jurisdiction: String,
    pub agency: String,
    pub team: String,
    pub counts: Counts,
}

/// What one quarter's table hides.
#[derive(Debug, Default)]
pub struct QuarterTable {
    pub community: Hidden,
    /// Each jurisdiction's cell and how many agencies reported in it.
    pub jurisdictions: HashMap<String, (Hidden, usize)>,
    pub agencies: HashMap<String, AgencyCells>,
}

/// An agency's cell and its teams'.
#[derive(Debug, Default)]
pub struct AgencyCells {
    pub jurisdiction: String,
    pub hidden: Hidden,
    pub teams: HashMap<String, Hidden>,
}

/// The protected table of the quarters a public output reads, held compactly (a large
/// community has a quarter of a million agency-quarters): ids once, each quarter's cells by
/// index.
#[derive(Debug, Default)]
pub struct Table {
    /// Each agency's index, and by index its id, its jurisdiction's index and its teams' ids.
    agency_index: HashMap<String, u32>,
    agencies: Vec<Agency>,
    jurisdiction_index: HashMap<String, u32>,
    jurisdictions: Vec<String>,
    quarters: HashMap<Quarter, Cells>,
}

/// An agency of the table.
#[derive(Debug, Default)]
struct Agency {
    id: String,
    jurisdiction: u32,
    teams: Vec<String>,
}

/// One quarter's cells, by index.
#[derive(Debug, Default)]
struct Cells {
    community: Hidden,
    /// By jurisdiction index: its cell and how many agencies reported in it.
    jurisdictions: Vec<Option<(Hidden, u32)>>,
    /// Sorted by agency index: the agency, its cell and its teams' range in `teams`.
    agencies: Vec<(u32, Hidden, std::ops::Range<u32>)>,
    /// Team index (in the agency's ids) and cell.
    teams: Vec<(u32, Hidden)>,
}

/// Which cells of a quarter a figure is made of: the agencies `wants` keeps, and of them only
/// the team `team` when given.
pub struct Selection<'a> {
    pub wants: &'a dyn Fn(&str, &str) -> bool,
    pub team: Option<&'a str>,
    /// The one agency the figure is of, when it is: found directly, not by `wants` alone.
    pub agency: Option<&'a str>,
}

/// The nodes of one quarter in protection order: the community, the jurisdictions, the
/// agencies, the teams, each level sorted by id, so that ties go to the smaller id.
struct Nodes {
    counts: Vec<Counts>,
    sums: Vec<Sum>,
    jurisdictions: Vec<(String, usize)>,
    agencies: Vec<(String, String)>,
    teams: Vec<(String, String)>,
}

/// Protects one quarter's cells under `rule`.
pub fn protect_quarter(cells: &[TeamCell], rule: Rule) -> QuarterTable {
    let nodes = nodes(cells);
    let hidden = suppress::suppress(&nodes.counts, &nodes.sums, rule);
    let first_agency = 1 + nodes.jurisdictions.len();
    let first_team = first_agency + nodes.agencies.len();
    let mut table = QuarterTable {
        community: hidden[0],
        ..QuarterTable::default()
    };
    for (index, (id, members)) in nodes.jurisdictions.into_iter().enumerate() {
        table.jurisdictions.insert(id, (hidden[1 + index], members));
    }
    for (index, (jurisdiction, id)) in nodes.agencies.into_iter().enumerate() {
        table.agencies.insert(
            id,
            AgencyCells {
                jurisdiction,
                hidden: hidden[first_agency + index],
                teams: HashMap::new(),
            },
        );
    }
    for (index, (agency, team)) in nodes.teams.into_iter().enumerate() {
        if let Some(cells) = table.agencies.get_mut(&agency) {
            cells.teams.insert(team, hidden[first_team + index]);
        }
    }
    table
}

/// The cells summed up the levels, with the sum relations between them.
fn nodes(cells: &[TeamCell]) -> Nodes {
    let mut sorted: Vec<&TeamCell> = cells.iter().collect();
    sorted.sort_by(|a, b| {
        (&a.jurisdiction, &a.agency, &a.team).cmp(&(&b.jurisdiction, &b.agency, &b.team))
    });
    let mut by_place: BTreeMap<&str, BTreeMap<&str, Vec<&TeamCell>>> = BTreeMap::new();
    for cell in sorted {
        by_place
            .entry(&cell.jurisdiction)
            .or_default()
            .entry(&cell.agency)
            .or_default()
            .push(cell);
    }
    let agency_count: usize = by_place.values().map(BTreeMap::len).sum();
    let first_agency = 1 + by_place.len();
    let first_team = first_agency + agency_count;
    let mut nodes = Nodes {
        counts: vec![Counts::default(); first_team + cells.len()],
        sums: vec![Sum {
            total: 0,
            parts: (1..first_agency).collect(),
        }],
        jurisdictions: Vec::new(),
        agencies: Vec::new(),
        teams: Vec::new(),
    };
    let (mut agency, mut team) = (first_agency, first_team);
    for (j, (jurisdiction, agencies)) in by_place.into_iter().enumerate() {
        let j = 1 + j;
        nodes
            .jurisdictions
            .push((jurisdiction.to_string(), agencies.len()));
        nodes.sums.push(Sum {
            total: j,
            parts: (agency..agency + agencies.len()).collect(),
        });
        for (id, teams) in agencies {
            nodes
                .agencies
                .push((jurisdiction.to_string(), id.to_string()));
            nodes.sums.push(Sum {
                total: agency,
                parts: (team..team + teams.len()).collect(),
            });
            for cell in teams {
                nodes.counts[team] = cell.counts;
                for total in [agency, j, 0] {
                    add(&mut nodes.counts[total], &cell.counts);
                }
                nodes.teams.push((id.to_string(), cell.team.clone()));
                team += 1;
            }
            agency += 1;
        }
    }
    nodes.sums.retain(|sum| !sum.parts.is_empty());
    nodes
}

fn add(total: &mut Counts, part: &Counts) {
    let mut sum = summarize::Counts {
        served: total.served,
        employed: total.employed,
        education: total.education,
        education_served: total.education_served,
        job_starts: total.job_starts,
    };
    sum.add(&summarize::Counts {
        served: part.served,
        employed: part.employed,
        education: part.education,
        education_served: part.education_served,
        job_starts: part.job_starts,
    });
    *total = Counts {
        served: sum.served,
        employed: sum.employed,
        education: sum.education,
        education_served: sum.education_served,
        job_starts: sum.job_starts,
    };
}

impl Table {
    /// Adds a quarter's protected cells.
    pub fn insert(&mut self, quarter: Quarter, table: QuarterTable) {
        let mut cells = Cells {
            community: table.community,
            jurisdictions: vec![None; self.jurisdictions.len()],
            ..Cells::default()
        };
        for (id, cell) in table.jurisdictions {
            let index = self.jurisdiction_slot(&id) as usize;
            cells.jurisdictions.resize(self.jurisdictions.len(), None);
            cells.jurisdictions[index] = Some((cell.0, cell.1 as u32));
        }
        for (id, agency) in table.agencies {
            let jurisdiction = self.jurisdiction_slot(&agency.jurisdiction);
            let index = self.agency_slot(&id, jurisdiction);
            let first = cells.teams.len() as u32;
            let mut teams: Vec<(String, Hidden)> = agency.teams.into_iter().collect();
            teams.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            for (team, hidden) in teams {
                let ids = &mut self.agencies[index as usize].teams;
                let team_index = match ids.iter().position(|t| *t == team) {
                    Some(position) => position,
                    None => {
                        ids.push(team);
                        ids.len() - 1
                    }
                };
                cells.teams.push((team_index as u32, hidden));
            }
            let range = first..cells.teams.len() as u32;
            cells.agencies.push((index, agency.hidden, range));
        }
        cells.agencies.sort_unstable_by_key(|(index, _, _)| *index);
        cells.jurisdictions.resize(self.jurisdictions.len(), None);
        self.quarters.insert(quarter, cells);
    }

    fn jurisdiction_slot(&mut self, id: &str) -> u32 {
        if let Some(index) = self.jurisdiction_index.get(id) {
            return *index;
        }
        let index = self.jurisdictions.len() as u32;
        self.jurisdictions.push(id.to_string());
        self.jurisdiction_index.insert(id.to_string(), index);
        index
    }

    fn agency_slot(&mut self, id: &str, jurisdiction: u32) -> u32 {
        if let Some(index) = self.agency_index.get(id) {
            return *index;
        }
        let index = self.agencies.len() as u32;
        self.agencies.push(Agency {
            id: id.to_string(),
            jurisdiction,
            teams: Vec::new(),
        });
        self.agency_index.insert(id.to_string(), index);
        index
    }

    /// What a figure made of the selection's cells in `quarters` hides: the cell's own pattern
    /// when it is one cell of the table, else each count hidden when any of its cells hides it
    /// (marked `*`: hidden to protect a small count).
    pub fn figure(&self, quarters: &[Quarter], selection: &Selection<'_>) -> Hidden {
        let mut cells = Vec::new();
        for quarter in quarters {
            if let Some(quarter) = self.quarters.get(quarter) {
                self.cells(quarter, selection, &mut cells);
            }
        }
        combined(&cells)
    }

    /// What a figure of every agency of a jurisdiction (of the community with None) hides in
    /// `quarters`: `figure` found directly.
    pub fn whole(&self, quarters: &[Quarter], jurisdiction: Option<&str>) -> Hidden {
        let index = jurisdiction.map(|j| self.jurisdiction_index.get(j).copied());
        let cells: Vec<Hidden> = quarters
            .iter()
            .filter_map(|quarter| self.quarters.get(quarter))
            .filter(|cells| !cells.agencies.is_empty())
            .filter_map(|cells| match index {
                None => Some(cells.community),
                Some(None) => None,
                Some(Some(index)) => cells
                    .jurisdictions
                    .get(index as usize)
                    .copied()?
                    .map(|c| c.0),
            })
            .collect();
        combined(&cells)
    }

    /// The coarsest cells of a quarter that make up the selection: the community when it takes
    /// every agency, else a jurisdiction for each one it takes whole, else agencies (or teams).
    fn cells(&self, quarter: &Cells, selection: &Selection<'_>, out: &mut Vec<Hidden>) {
        if let Some(agency) = selection.agency {
            // One agency (or one of its teams): found directly.
            let Some(index) = self.agency_index.get(agency) else {
                return;
            };
            let jurisdiction =
                &self.jurisdictions[self.agencies[*index as usize].jurisdiction as usize];
            if (selection.wants)(agency, jurisdiction) {
                out.extend(self.agency_cell(quarter, *index, selection.team));
            }
            return;
        }
        let mut taken: BTreeMap<u32, Vec<(u32, Hidden)>> = BTreeMap::new();
        for (index, _, _) in &quarter.agencies {
            let agency = &self.agencies[*index as usize];
            let jurisdiction = &self.jurisdictions[agency.jurisdiction as usize];
            if !(selection.wants)(&agency.id, jurisdiction) {
                continue;
            }
            let cell = self.agency_cell(quarter, *index, selection.team);
            let cells = taken.entry(agency.jurisdiction).or_default();
            cells.extend(cell.map(|c| (*index, c)));
        }
        if selection.team.is_some() {
            out.extend(taken.values().flatten().map(|(_, cell)| *cell));
            return;
        }
        let whole = |jurisdiction: u32, agencies: &[(u32, Hidden)]| {
            quarter.jurisdictions[jurisdiction as usize]
                .is_some_and(|(_, members)| members as usize == agencies.len())
        };
        let reporting = quarter.jurisdictions.iter().flatten().count();
        if taken.len() == reporting && taken.iter().all(|(j, a)| whole(*j, a)) {
            out.push(quarter.community);
            return;
        }
        for (jurisdiction, agencies) in taken {
            match quarter.jurisdictions[jurisdiction as usize] {
                Some((cell, _)) if whole(jurisdiction, &agencies) => out.push(cell),
                _ => out.extend(agencies.iter().map(|(_, cell)| *cell)),
            }
        }
    }

    /// An agency's cell in a quarter, or its team's.
    fn agency_cell(&self, quarter: &Cells, index: u32, team: Option<&str>) -> Option<Hidden> {
        let position = quarter
            .agencies
            .binary_search_by_key(&index, |(i, _, _)| *i)
            .ok()?;
        let (_, hidden, range) = &quarter.agencies[position];
        let Some(team) = team else {
            return Some(*hidden);
        };
        let ids = &self.agencies[index as usize].teams;
        let team = ids.iter().position(|t| t == team)? as u32;
        let teams = &quarter.teams[range.start as usize..range.end as usize];
        teams.iter().find(|(t, _)| *t == team).map(|(_, h)| *h)
    }

    /// An agency's cell in `quarter`.
    pub fn agency(&self, quarter: Quarter, agency: &str) -> Option<Hidden> {
        let index = *self.agency_index.get(agency)?;
        self.agency_cell(self.quarters.get(&quarter)?, index, None)
    }

    /// A team's cell in `quarter`.
    pub fn team(&self, quarter: Quarter, agency: &str, team: &str) -> Option<Hidden> {
        let index = *self.agency_index.get(agency)?;
        self.agency_cell(self.quarters.get(&quarter)?, index, Some(team))
    }
}

/// One cell as it is; several as their union, marked `*`.
fn combined(cells: &[Hidden]) -> Hidden {
    match cells {
        [one] => *one,
        many => many
            .iter()
            .fold(Hidden::default(), |all, cell| all.union(*cell)),
    }
}

/// Adds one file's checked rows to a quarter's cells, a cell per row (a file has a row per
/// team): what `protect_quarter` protects once the quarter's files are read.
pub fn add_cells(cells: &mut Vec<TeamCell>, place: &Place<'_>, rows: &[OutcomeRow]) {
    for row in rows {
        let Some(team) = place.agency.teams.get(row.team_index as usize) else {
            continue;
        };
        let mut counts = summarize::Counts::default();
        counts.add_row(row);
        cells.push(TeamCell {
            jurisdiction: place.jurisdiction.to_string(),
            agency: place.agency.id.clone(),
            team: team.id.clone(),
            counts: Counts {
                served: counts.served,
                employed: counts.employed,
                education: counts.education,
                education_served: counts.education_served,
                job_starts: counts.job_starts,
            },
        });
    }
}

/// Reads every agency's outcome files of `quarters` (whatever an output's filter selects) and
/// protects each quarter's cells.
pub fn gather(
    repo: &Repository,
    quarters: &[Quarter],
    rule: Rule,
    as_of: NaiveDate,
    progress: &Progress,
) -> Result<(Table, Problems)> {
    let fold = Fold {
        init: Vec::new,
        add: add_cells,
        merge: |mut a: Vec<TeamCell>, b: Vec<TeamCell>| {
            a.extend(b);
            a
        },
    };
    let mut table = Table::default();
    let problems = stream::by_quarter(
        repo,
        quarters,
        &Places::all(),
        as_of,
        progress,
        &fold,
        |quarter, cells| {
            table.insert(quarter, protect_quarter(&cells, rule));
            Ok(())
        },
    )?;
    Ok((table, problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcomes::field::Field;

    const CMS: Rule = Rule {
        below: 11,
        zero: false,
    };

    fn cell(jurisdiction: &str, agency: &str, team: &str, served: u64, employed: u64) -> TeamCell {
        TeamCell {
            jurisdiction: jurisdiction.into(),
            agency: agency.into(),
            team: team.into(),
            counts: Counts {
                served,
                employed,
                ..Counts::default()
            },
        }
    }

    fn served_hidden(hidden: Hidden) -> bool {
        hidden.count(Field::Served)
    }

    #[test]
    fn a_small_team_takes_its_smallest_sibling_and_the_levels_above_stay_safe() {
        // ct: a (a1 5, a2 40, a3 50), b (b1 30). oh: c (c1 60).
        let cells = [
            cell("ct", "a", "a1", 5, 2),
            cell("ct", "a", "a2", 40, 20),
            cell("ct", "a", "a3", 50, 20),
            cell("ct", "b", "b1", 30, 10),
            cell("oh", "c", "c1", 60, 30),
        ];
        let table = protect_quarter(&cells, CMS);
        let a = &table.agencies["a"];
        assert!(served_hidden(a.teams["a1"]) && a.teams["a1"].small(Field::Served));
        assert!(served_hidden(a.teams["a2"]) && !a.teams["a2"].small(Field::Served));
        assert!(!served_hidden(a.teams["a3"]) && !served_hidden(a.hidden));
        assert!(!served_hidden(table.community));
    }

    #[test]
    fn a_lone_small_agency_hides_its_jurisdiction_and_a_second_one() {
        // ct has one agency of 8: ct is hidden with it, and so is the smaller other jurisdiction.
        let cells = [
            cell("ct", "a", "a1", 8, 2),
            cell("oh", "c", "c1", 60, 30),
            cell("wi", "d", "d1", 40, 30),
        ];
        let table = protect_quarter(&cells, CMS);
        assert!(served_hidden(table.jurisdictions["ct"].0));
        assert!(served_hidden(table.jurisdictions["wi"].0));
        assert!(!served_hidden(table.jurisdictions["oh"].0));
        // wi's agency, alone in wi, goes with its jurisdiction.
        assert!(served_hidden(table.agencies["d"].hidden));
    }

    #[test]
    fn a_figure_is_the_coarsest_cells_it_is_made_of() {
        let cells = [
            cell("ct", "a", "a1", 5, 2),
            cell("ct", "b", "b1", 40, 20),
            cell("oh", "c", "c1", 60, 30),
        ];
        let mut table = Table::default();
        let q = Quarter::parse("2026-Q1").expect("a quarter");
        table.insert(q, protect_quarter(&cells, CMS));
        table.insert(q.previous(), protect_quarter(&cells, CMS));
        let all = |_: &str, _: &str| true;
        let ct = |_: &str, j: &str| j == "ct";
        let only_b = |a: &str, _: &str| a == "b";
        let figure = |wants: &dyn Fn(&str, &str) -> bool| {
            served_hidden(table.figure(
                &[q],
                &Selection {
                    wants,
                    team: None,
                    agency: None,
                },
            ))
        };
        // ct (45) is shown, its agencies are hidden (5 and 40), the community is shown.
        assert!(!figure(&all) && !figure(&ct) && figure(&only_b));
        // Two quarters of a shown cell are shown; of a hidden one, hidden and marked `*`.
        let two = [q, q.previous()];
        let b = table.figure(
            &two,
            &Selection {
                wants: &only_b,
                team: None,
                agency: Some("b"),
            },
        );
        assert!(b.count(Field::Served) && !b.small(Field::Served));
    }
}
