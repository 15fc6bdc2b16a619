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

/// The protected table of the quarters a public output reads.
#[derive(Debug, Default)]
pub struct Table {
    pub quarters: HashMap<Quarter, QuarterTable>,
}

/// Which cells of a quarter a figure is made of: the agencies `wants` keeps, and of them only
/// the team `team` when given.
pub struct Selection<'a> {
    pub wants: &'a dyn Fn(&str, &str) -> bool,
    pub team: Option<&'a str>,
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

impl QuarterTable {
    /// The coarsest cells that make up the selection: the community when it takes every
    /// agency, else a jurisdiction for each one it takes whole, else agencies (or teams).
    fn cells(&self, selection: &Selection<'_>) -> Vec<Hidden> {
        let mut taken: BTreeMap<&str, Vec<&AgencyCells>> = BTreeMap::new();
        for (id, agency) in &self.agencies {
            if (selection.wants)(id, &agency.jurisdiction) {
                taken.entry(&agency.jurisdiction).or_default().push(agency);
            }
        }
        if let Some(team) = selection.team {
            return taken
                .values()
                .flatten()
                .filter_map(|agency| agency.teams.get(team).copied())
                .collect();
        }
        let whole = |jurisdiction: &str, agencies: &[&AgencyCells]| {
            self.jurisdictions
                .get(jurisdiction)
                .is_some_and(|(_, members)| *members == agencies.len())
        };
        if taken.len() == self.jurisdictions.len() && taken.iter().all(|(j, a)| whole(j, a)) {
            return vec![self.community];
        }
        let mut cells = Vec::new();
        for (jurisdiction, agencies) in taken {
            if whole(jurisdiction, &agencies) {
                cells.push(self.jurisdictions[jurisdiction].0);
            } else {
                cells.extend(agencies.iter().map(|agency| agency.hidden));
            }
        }
        cells
    }
}

impl Table {
    /// What a figure made of the selection's cells in `quarters` hides: the cell's own pattern
    /// when it is one cell of the table, else each count hidden when any of its cells hides it
    /// (marked `*`: hidden to protect a small count).
    pub fn figure(&self, quarters: &[Quarter], selection: &Selection<'_>) -> Hidden {
        let cells: Vec<Hidden> = quarters
            .iter()
            .filter_map(|quarter| self.quarters.get(quarter))
            .flat_map(|table| table.cells(selection))
            .collect();
        match cells.as_slice() {
            [one] => *one,
            many => many
                .iter()
                .fold(Hidden::default(), |all, cell| all.union(*cell)),
        }
    }

    /// An agency's cell in `quarter`.
    pub fn agency(&self, quarter: Quarter, agency: &str) -> Option<Hidden> {
        Some(self.quarters.get(&quarter)?.agencies.get(agency)?.hidden)
    }

    /// A team's cell in `quarter`.
    pub fn team(&self, quarter: Quarter, agency: &str, team: &str) -> Option<Hidden> {
        let agency = self.quarters.get(&quarter)?.agencies.get(agency)?;
        agency.teams.get(team).copied()
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
    let add = |cells: &mut Vec<TeamCell>, place: &Place<'_>, rows: &[OutcomeRow]| {
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
    };
    let fold = Fold {
        init: Vec::new,
        add,
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
            table
                .quarters
                .insert(quarter, protect_quarter(&cells, rule));
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
        table.quarters.insert(q, protect_quarter(&cells, CMS));
        table
            .quarters
            .insert(q.previous(), protect_quarter(&cells, CMS));
        let all = |_: &str, _: &str| true;
        let ct = |_: &str, j: &str| j == "ct";
        let only_b = |a: &str, _: &str| a == "b";
        let figure = |wants: &dyn Fn(&str, &str) -> bool| {
            served_hidden(table.figure(&[q], &Selection { wants, team: None }))
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
            },
        );
        assert!(b.count(Field::Served) && !b.small(Field::Served));
    }
}
