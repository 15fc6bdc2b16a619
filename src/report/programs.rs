//! How many programs reached each benchmark in the report's quarter: the benchmarks (ips.toml
//! `[benchmarks]`, 31%, 41% and 50% by default) are defined for a program, an agency or a team,
//! not for a state's pooled rate. Counted over the programs of the report's scope with a rate
//! (served > 0), in the bands of `outcomes summarize` (`outcomes::band`, the one place that
//! knows the thresholds).
//!
//! In a public report each program is a cell of the protected table: a program whose rate the
//! table hides is counted in no band but in `hidden`, so every count is a count of rates the
//! table shows (and of its pattern of hidden cells, which every public output shows), never
//! more than what the public outputs already give.

use super::Question;
use super::figures::Figures;
use crate::outcomes::band::Band;
use crate::outcomes::summarize::Counts;
use crate::outcomes::suppress::Hidden;
use crate::repo::AgencyRecord;
use crate::repo::model::Benchmarks;
use serde::Serialize;

/// The number of 5-point bins from 0% to 100% (the last holds 100%).
pub const BINS: usize = 20;

/// The programs of the quarter against the benchmarks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Programs {
    pub agencies: BandCounts,
    pub teams: BandCounts,
    /// Programs whose rate a public report hides (counted in no band); 0 otherwise.
    pub hidden: Kinds,
    /// How many programs' rates fall in each 5-point bin, 0–5% first, 95–100% last: the
    /// distribution chart.
    pub bins: Bins,
}

/// How many programs are in each band: every band always present, 0 when none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BandCounts {
    pub excellent: usize,
    pub average: usize,
    pub minimal: usize,
    #[serde(rename = "below-minimal")]
    pub below_minimal: usize,
}

/// A count of agencies and one of teams.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Kinds {
    pub agencies: usize,
    pub teams: usize,
}

/// Rates per 5-point bin, of agencies and of teams.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Bins {
    pub agencies: Vec<usize>,
    pub teams: Vec<usize>,
}

impl BandCounts {
    fn add(&mut self, band: Band) {
        match band {
            Band::Excellent => self.excellent += 1,
            Band::Average => self.average += 1,
            Band::Minimal => self.minimal += 1,
            Band::BelowMinimal => self.below_minimal += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.excellent + self.average + self.minimal + self.below_minimal
    }

    /// Best first, with `outcomes summarize`'s names.
    pub fn by_band(&self) -> [(&'static str, usize); 4] {
        [
            (Band::Excellent.as_str(), self.excellent),
            (Band::Average.as_str(), self.average),
            (Band::Minimal.as_str(), self.minimal),
            (Band::BelowMinimal.as_str(), self.below_minimal),
        ]
    }
}

/// The programs counted so far, of one kind.
struct Tally {
    bands: BandCounts,
    hidden: usize,
    bins: Vec<usize>,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            bands: BandCounts::default(),
            hidden: 0,
            bins: vec![0; BINS],
        }
    }

    /// One program's counts; `hidden`: a public report hides its rate.
    fn add(&mut self, counts: &Counts, hidden: bool, benchmarks: &Benchmarks) {
        if hidden {
            // Whether it served anyone or not: a hidden served of 0 stays hidden.
            self.hidden += 1;
            return;
        }
        let Some(rate) = counts.rate() else {
            return;
        };
        self.bands.add(Band::of(rate, benchmarks));
        self.bins[bin(counts.employed, counts.served)] += 1;
    }
}

/// The 5-point bin of employed / served, in whole numbers (no rounding at a bin's edge).
fn bin(employed: u64, served: u64) -> usize {
    let bin = u128::from(employed) * BINS as u128 / u128::from(served.max(1));
    (bin as usize).min(BINS - 1)
}

/// The scope's agencies and teams that reported the quarter, against the benchmarks; in a
/// public report, as the protected table shows them.
pub fn programs(
    figures: &Figures<'_>,
    scope: &[&AgencyRecord],
    question: &Question<'_>,
    benchmarks: &Benchmarks,
) -> Programs {
    let (mut agencies, mut teams) = (Tally::new(), Tally::new());
    let quarter = question.quarter;
    let table = question.protected.filter(|_| question.public.is_some());
    // A cell the table does not hold is hidden: never shown by mistake.
    let hidden = |cell: Option<Hidden>| table.is_some() && cell.is_none_or(Hidden::rate);
    for record in scope {
        let id = &*record.folder;
        let Some(tally) = figures.agency(id, quarter) else {
            continue;
        };
        let cell = table.and_then(|t| t.agency(quarter, id));
        agencies.add(&tally.counts, hidden(cell), benchmarks);
        let team_counts = figures.team_counts.get(&(id, quarter));
        for (team, counts) in team_counts.into_iter().flatten() {
            let cell = table.and_then(|t| t.team(quarter, id, team));
            teams.add(counts, hidden(cell), benchmarks);
        }
    }
    Programs {
        agencies: agencies.bands,
        teams: teams.bands,
        hidden: Kinds {
            agencies: agencies.hidden,
            teams: teams.hidden,
        },
        bins: Bins {
            agencies: agencies.bins,
            teams: teams.bins,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_on_a_bins_edge_goes_to_the_bin_above_and_100_percent_to_the_last() {
        assert_eq!(bin(7, 20), 7);
        assert_eq!(bin(69, 200), 6);
        assert_eq!(bin(0, 5), 0);
        assert_eq!(bin(5, 5), BINS - 1);
        assert_eq!(bin(u64::MAX, u64::MAX), BINS - 1);
    }

    #[test]
    fn a_hidden_program_is_counted_apart_and_one_that_served_nobody_not_at_all() {
        let b = Benchmarks::default();
        let mut tally = Tally::new();
        let counts = |served, employed| Counts {
            served,
            employed,
            ..Counts::default()
        };
        tally.add(&counts(100, 31), false, &b);
        tally.add(&counts(100, 30), false, &b);
        tally.add(&counts(0, 0), false, &b);
        tally.add(&counts(8, 4), true, &b);
        tally.add(&counts(0, 0), true, &b);
        assert_eq!(
            (tally.bands.minimal, tally.bands.below_minimal, tally.hidden),
            (1, 1, 2)
        );
        assert_eq!(tally.bands.total(), 2);
        assert_eq!(tally.bins[6], 2);
    }
}
