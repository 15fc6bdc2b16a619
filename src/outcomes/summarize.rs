//! Pooled employment rates by group. Each file's checked rows are added to a small map of group
//! -> sums as soon as they are read; rates, bands and changes are computed once at the end.
//! A rate is always sum(employed) / sum(served) over the group's rows; the mean of agency rates
//! is a separate, labelled figure.

use super::band::Band;
use super::completeness::Expected;
use super::{Dimension, Place};
use crate::calendar::Quarter;
use crate::repo::model::{Benchmarks, OutcomeRow};
use std::cmp::Ordering;
// Group keys are hashed for every file: foldhash is several times faster than SipHash here,
// and still seeded at random, so that crafted team ids cannot make it slow.
use foldhash::HashMap;

/// Sums of counts over some rows. Sums saturate rather than overflow on absurd input.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub served: u64,
    pub employed: u64,
    /// None when no row reported education (the column is optional).
    pub education: Option<u64>,
    /// Served in the rows that reported education: the education rate's denominator.
    pub education_served: u64,
    /// None when no row reported job starts.
    pub job_starts: Option<u64>,
}

impl Counts {
    pub fn add_row(&mut self, row: &OutcomeRow) {
        self.served = self.served.saturating_add(row.served);
        self.employed = self.employed.saturating_add(row.employed);
        if let Some(education) = row.education {
            self.education = Some(self.education.unwrap_or(0).saturating_add(education));
            self.education_served = self.education_served.saturating_add(row.served);
        }
        if let Some(starts) = row.job_starts {
            self.job_starts = Some(self.job_starts.unwrap_or(0).saturating_add(starts));
        }
    }

    pub fn add(&mut self, other: &Counts) {
        self.served = self.served.saturating_add(other.served);
        self.employed = self.employed.saturating_add(other.employed);
        self.education = add_optional(self.education, other.education);
        self.education_served = self.education_served.saturating_add(other.education_served);
        self.job_starts = add_optional(self.job_starts, other.job_starts);
    }

    /// sum(employed) / sum(served); None when nobody was served.
    pub fn rate(&self) -> Option<f64> {
        ratio(self.employed, self.served)
    }

    /// Education over served, among the rows that reported education.
    pub fn education_rate(&self) -> Option<f64> {
        ratio(self.education?, self.education_served)
    }
}

fn add_optional(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
    }
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The dimensions rows are grouped by, in the order the output sorts and shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    dims: Vec<Dimension>,
}

impl Grouping {
    /// Duplicates are dropped. Team ids are unique only within an agency, so `team` brings in
    /// `agency` just before it.
    pub fn new(dims: &[Dimension]) -> Grouping {
        let mut normal = Vec::new();
        for &dim in dims {
            // Once: `--by team,team` is one team column, beside one agency column.
            if dim == Dimension::Team
                && !dims.contains(&Dimension::Agency)
                && !normal.contains(&Dimension::Agency)
            {
                normal.push(Dimension::Agency);
            }
            if !normal.contains(&dim) {
                normal.push(dim);
            }
        }
        Grouping { dims: normal }
    }

    pub fn dims(&self) -> &[Dimension] {
        &self.dims
    }

    pub fn has(&self, dim: Dimension) -> bool {
        self.dims.contains(&dim)
    }

    fn key<'r>(&self, place: &Place<'r>, team: Option<&'r str>) -> GroupKey<'r> {
        GroupKey {
            quarter: self.has(Dimension::Quarter).then_some(place.quarter),
            jurisdiction: self
                .has(Dimension::Jurisdiction)
                .then_some(place.jurisdiction),
            agency: self
                .has(Dimension::Agency)
                .then_some(place.agency.id.as_str()),
            team: team.filter(|_| self.has(Dimension::Team)),
        }
    }

    /// The grouping of the total rows: by quarter if quarters are grouped, else one total.
    fn totals(&self) -> Grouping {
        let quarter = self.has(Dimension::Quarter);
        Grouping {
            dims: if quarter {
                vec![Dimension::Quarter]
            } else {
                Vec::new()
            },
        }
    }
}

/// A group's values; None in a dimension of the grouping marks a total over that dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupKey<'r> {
    pub quarter: Option<Quarter>,
    pub jurisdiction: Option<&'r str>,
    pub agency: Option<&'r str>,
    pub team: Option<&'r str>,
}

impl GroupKey<'_> {
    pub fn compare(&self, other: &Self, dims: &[Dimension]) -> Ordering {
        // A total (None) sorts after the groups it sums.
        fn last<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
            match (a, b) {
                (Some(a), Some(b)) => a.cmp(&b),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        dims.iter()
            .map(|dim| match dim {
                Dimension::Quarter => last(self.quarter, other.quarter),
                Dimension::Jurisdiction => last(self.jurisdiction, other.jurisdiction),
                Dimension::Agency => last(self.agency, other.agency),
                Dimension::Team => last(self.team, other.team),
            })
            .find(|order| order.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

/// One output row.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary<'r> {
    pub key: GroupKey<'r>,
    pub counts: Counts,
    /// Agencies and teams with at least one row in the group.
    pub agencies: u64,
    pub teams: u64,
    /// Agencies of the group expected to report (in its quarter, or in any quarter covered).
    pub agencies_expected: u64,
    /// Of those, the agencies with a row in the group: fewer than expected, the figures are
    /// partial.
    pub expected_reported: u64,
    pub rate: Option<f64>,
    /// The mean of the group's agency rates (each pooled over the agency's rows in the group;
    /// agencies that served nobody have no rate and are left out), when asked for.
    pub mean_of_agency_rates: Option<f64>,
    pub band: Option<Band>,
    /// The rate minus the same group's rate in the previous quarter, when quarters are grouped
    /// and both rates exist.
    pub rate_change: Option<f64>,
    /// With a change: whether the same agencies had rows in both quarters, so that the change
    /// is the agencies' own and not one agency joining or leaving the group.
    pub rate_change_comparable: Option<bool>,
}

impl Summary<'_> {
    /// Some agency expected to report in the group has no row in it.
    pub fn is_partial(&self) -> bool {
        self.expected_reported < self.agencies_expected
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub totals: bool,
    pub mean_of_rates: bool,
}

/// The running sums of a summary: one per thread while files stream in, merged at the end.
pub struct Summarizer<'r> {
    by: Grouping,
    groups: Ledger<'r>,
    totals: Option<Ledger<'r>>,
    /// Per quarter, the agencies expected to report that have rows: for the completeness of
    /// each quarter, whatever the grouping.
    reported: HashMap<Quarter, u64>,
}

impl<'r> Summarizer<'r> {
    pub fn new(by: &Grouping, options: Options) -> Summarizer<'r> {
        let totals = by.totals();
        let want_totals = options.totals && totals != *by;
        Summarizer {
            by: by.clone(),
            groups: Ledger::new(by.clone(), options.mean_of_rates),
            totals: want_totals.then(|| Ledger::new(totals, options.mean_of_rates)),
            reported: HashMap::default(),
        }
    }

    /// Adds the checked rows of one agency's file for one quarter; `expected` says whether the
    /// agency was expected to report that quarter.
    pub fn add_file(&mut self, place: &Place<'r>, rows: &[OutcomeRow], expected: bool) {
        if rows.is_empty() {
            return;
        }
        if expected {
            *self.reported.entry(place.quarter).or_default() += 1;
        }
        self.groups.add_file(place, rows, expected);
        if let Some(totals) = &mut self.totals {
            totals.add_file(place, rows, expected);
        }
    }

    pub fn merge(mut self, other: Summarizer<'r>) -> Summarizer<'r> {
        self.groups.merge(other.groups);
        if let (Some(mine), Some(theirs)) = (&mut self.totals, other.totals) {
            mine.merge(theirs);
        }
        for (quarter, count) in other.reported {
            *self.reported.entry(quarter).or_default() += count;
        }
        self
    }

    /// Per quarter, how many agencies expected to report it have rows, taken out so that the
    /// parts of a stream can add them up.
    pub fn take_reported(&mut self) -> HashMap<Quarter, u64> {
        std::mem::take(&mut self.reported)
    }

    /// The output rows, sorted by the grouping's dimensions, totals after the groups they sum.
    /// Groups of quarters that `wanted` refuses were read only to give the next quarter's change.
    pub fn finish(
        self,
        basis: &Basis<'_, 'r>,
        wanted: impl Fn(Quarter) -> bool,
    ) -> Vec<Summary<'r>> {
        self.finish_after(basis, wanted, &Rates::default()).0
    }

    /// `finish` for a stream of quarters: `earlier` holds the rates of groups already finished
    /// (the previous quarter's), for the change; returns the rows and this part's own rates.
    pub fn finish_after(
        self,
        basis: &Basis<'_, 'r>,
        wanted: impl Fn(Quarter) -> bool,
        earlier: &Rates<'r>,
    ) -> (Vec<Summary<'r>>, Rates<'r>) {
        let (mut rows, mut rates) = self.groups.finish(basis, &wanted, earlier);
        if let Some(totals) = self.totals {
            let (total_rows, total_rates) = totals.finish(basis, &wanted, earlier);
            rows.extend(total_rows);
            rates.extend(total_rates);
        }
        sort(&mut rows, &self.by);
        (rows, rates)
    }
}

/// Sorts rows by the grouping's dimensions, totals after the groups they sum.
pub fn sort(rows: &mut [Summary<'_>], by: &Grouping) {
    rows.sort_by(|a, b| a.key.compare(&b.key, by.dims()));
}

/// What rows are judged against: the benchmarks for the band, who is expected to report.
pub struct Basis<'a, 'r> {
    pub benchmarks: &'a Benchmarks,
    pub expected: &'a Expected<'r>,
}

/// The rate of each group and the agencies behind it, for the change of the same group a
/// quarter later.
pub type Rates<'r> = HashMap<GroupKey<'r>, Prior>;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Prior {
    pub rate: Option<f64>,
    /// The agencies with rows in the group (their slots), sorted; empty when the group is one
    /// agency's.
    pub agencies: Vec<u32>,
}

impl<'r> Summarizer<'r> {
    pub fn grouping(&self) -> &Grouping {
        &self.by
    }

    /// Splits off the sums of the total rows, to gather them across the parts of a stream.
    pub fn split_totals(self) -> (Summarizer<'r>, Option<Summarizer<'r>>) {
        let totals = self.totals.map(|ledger| Summarizer {
            by: ledger.grouping.clone(),
            groups: ledger,
            totals: None,
            reported: HashMap::default(),
        });
        let groups = Summarizer {
            by: self.by,
            groups: self.groups,
            totals: None,
            reported: self.reported,
        };
        (groups, totals)
    }
}

/// Sums for one grouping.
struct Ledger<'r> {
    grouping: Grouping,
    /// With quarters grouped, an agency reaches a group from one file only (its file for that
    /// quarter), so its part is complete when it arrives and can be counted at once. Otherwise
    /// it may arrive from many quarters, and is kept per agency until the end.
    complete_on_arrival: bool,
    /// With quarters grouped and groups of several agencies, which agencies reached each
    /// group, to tell whether a change compares the same agencies.
    tracks_agencies: bool,
    mean_of_rates: bool,
    groups: HashMap<GroupKey<'r>, GroupSums<'r>>,
}

#[derive(Default)]
struct GroupSums<'r> {
    counts: Counts,
    agencies: u64,
    teams: u64,
    /// Agencies expected to report that have rows in the group.
    expected_reported: u64,
    /// The agencies with rows (their slots), when the ledger tracks them.
    reporting: Vec<u32>,
    /// Complete agency parts' rates, kept only for the mean of agency rates.
    agency_rates: Vec<(&'r str, f64)>,
    /// Incomplete agency parts.
    parts: HashMap<&'r str, AgencyPart>,
}

#[derive(Default)]
struct AgencyPart {
    counts: Counts,
    /// A bit per team, by its place in agency.toml, so teams reporting in several quarters
    /// count once.
    teams: Vec<u64>,
    /// Whether rows came in a quarter the agency was expected to report.
    expected: bool,
}

impl AgencyPart {
    fn mark(&mut self, team_index: usize) {
        let word = team_index / 64;
        if self.teams.len() <= word {
            self.teams.resize(word + 1, 0);
        }
        self.teams[word] |= 1 << (team_index % 64);
    }

    fn merge(&mut self, other: AgencyPart) {
        self.counts.add(&other.counts);
        self.expected |= other.expected;
        if self.teams.len() < other.teams.len() {
            self.teams.resize(other.teams.len(), 0);
        }
        for (mine, theirs) in self.teams.iter_mut().zip(other.teams) {
            *mine |= theirs;
        }
    }

    fn team_count(&self) -> u64 {
        self.teams
            .iter()
            .map(|word| u64::from(word.count_ones()))
            .sum()
    }
}

impl<'r> GroupSums<'r> {
    fn merge(&mut self, other: GroupSums<'r>) {
        self.counts.add(&other.counts);
        self.agencies += other.agencies;
        self.teams += other.teams;
        self.expected_reported += other.expected_reported;
        self.reporting.extend(other.reporting);
        self.agency_rates.extend(other.agency_rates);
        for (agency, part) in other.parts {
            self.parts.entry(agency).or_default().merge(part);
        }
    }

    /// Closes the incomplete parts: agencies, teams and rates of the group.
    fn close(&mut self) {
        for (agency, part) in self.parts.drain() {
            self.agencies += 1;
            self.expected_reported += u64::from(part.expected);
            self.teams += part.team_count();
            if let Some(rate) = part.counts.rate() {
                self.agency_rates.push((agency, rate));
            }
        }
    }

    /// Summed in agency order, so that the last digit does not depend on thread timing.
    fn mean_of_agency_rates(&mut self) -> Option<f64> {
        if self.agency_rates.is_empty() {
            return None;
        }
        self.agency_rates.sort_by(|a, b| a.0.cmp(b.0));
        let sum: f64 = self.agency_rates.iter().map(|(_, rate)| rate).sum();
        Some(sum / self.agency_rates.len() as f64)
    }
}

impl<'r> Ledger<'r> {
    fn new(grouping: Grouping, mean_of_rates: bool) -> Ledger<'r> {
        let complete_on_arrival = grouping.has(Dimension::Quarter);
        Ledger {
            complete_on_arrival,
            tracks_agencies: complete_on_arrival && !grouping.has(Dimension::Agency),
            grouping,
            mean_of_rates,
            groups: HashMap::default(),
        }
    }

    fn add_file(&mut self, place: &Place<'r>, rows: &[OutcomeRow], expected: bool) {
        if rows.is_empty() {
            return;
        }
        if !self.grouping.has(Dimension::Team) {
            self.add_part(self.grouping.key(place, None), place, rows, expected);
            return;
        }
        for row in rows {
            // check_file has already refused rows of unknown teams, and placed the others.
            if let Some(team) = place.agency.teams.get(row.team_index as usize) {
                let key = self.grouping.key(place, Some(team.id.as_str()));
                self.add_part(key, place, std::slice::from_ref(row), expected);
            }
        }
    }

    fn add_part(
        &mut self,
        key: GroupKey<'r>,
        place: &Place<'r>,
        rows: &[OutcomeRow],
        expected: bool,
    ) {
        let agency = place.agency;
        let mut counts = Counts::default();
        for row in rows {
            counts.add_row(row);
        }
        let sums = self.groups.entry(key).or_default();
        sums.counts.add(&counts);
        if self.complete_on_arrival {
            sums.agencies += 1;
            sums.expected_reported += u64::from(expected);
            if self.tracks_agencies {
                sums.reporting.push(place.slot);
            }
            // A file has one row per team (duplicates are errors), so rows are teams.
            sums.teams += rows.len() as u64;
            if self.mean_of_rates
                && let Some(rate) = counts.rate()
            {
                sums.agency_rates.push((agency.id.as_str(), rate));
            }
            return;
        }
        let part = sums.parts.entry(agency.id.as_str()).or_default();
        part.counts.add(&counts);
        part.expected |= expected;
        for row in rows {
            if (row.team_index as usize) < agency.teams.len() {
                part.mark(row.team_index as usize);
            }
        }
    }

    fn merge(&mut self, other: Ledger<'r>) {
        for (key, sums) in other.groups {
            self.groups.entry(key).or_default().merge(sums);
        }
    }

    fn finish(
        mut self,
        basis: &Basis<'_, 'r>,
        wanted: &dyn Fn(Quarter) -> bool,
        earlier: &Rates<'r>,
    ) -> (Vec<Summary<'r>>, Rates<'r>) {
        let mut groups: Vec<(GroupKey<'r>, GroupSums<'r>)> = self.groups.drain().collect();
        let rates = rates_of(&mut groups);
        let mut rows = Vec::new();
        for (key, mut sums) in groups {
            if key.quarter.is_some_and(|q| !wanted(q)) {
                continue;
            }
            sums.close();
            let rate = sums.counts.rate();
            let previous = key.quarter.and_then(|quarter| {
                let before = GroupKey {
                    quarter: Some(quarter.previous()),
                    ..key
                };
                rates.get(&before).or_else(|| earlier.get(&before))
            });
            let rate_change = rate
                .zip(previous.and_then(|p| p.rate))
                .map(|(now, before)| now - before);
            let comparable = previous.map(|p| {
                rates
                    .get(&key)
                    .is_some_and(|now| *now.agencies == *p.agencies)
            });
            rows.push(Summary {
                key,
                counts: sums.counts,
                agencies: sums.agencies,
                teams: sums.teams,
                agencies_expected: basis.expected.in_group(
                    key.quarter,
                    key.jurisdiction,
                    key.agency,
                ),
                expected_reported: sums.expected_reported,
                rate,
                mean_of_agency_rates: if self.mean_of_rates {
                    sums.mean_of_agency_rates()
                } else {
                    None
                },
                band: rate.map(|rate| Band::of(rate, basis.benchmarks)),
                rate_change,
                rate_change_comparable: rate_change.and(comparable),
            });
        }
        (rows, rates)
    }
}

/// Each group's rate and the agencies behind it, for the change of the quarter after (the
/// agencies are taken from the sums, which need them no more).
fn rates_of<'r>(groups: &mut [(GroupKey<'r>, GroupSums<'r>)]) -> Rates<'r> {
    groups
        .iter_mut()
        .map(|(key, sums)| {
            let mut agencies = std::mem::take(&mut sums.reporting);
            agencies.sort_unstable();
            let rate = sums.counts.rate();
            (*key, Prior { rate, agencies })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;
    use crate::repo::model::{Agency, Team};

    fn agency(id: &str, jurisdiction: &str, teams: &[&str]) -> Agency {
        Agency {
            id: id.into(),
            name: id.into(),
            jurisdiction: jurisdiction.into(),
            jurisdiction_at: Position { line: 1, column: 1 },
            start: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            teams: teams
                .iter()
                .map(|t| Team {
                    id: t.to_string(),
                    supervisor: String::new(),
                    location: String::new(),
                    opened: None,
                    closed: None,
                })
                .collect(),
            agreement: None,
            trainer: None,
        }
    }

    fn row(team: &str, served: u64, employed: u64, education: Option<u64>) -> OutcomeRow {
        OutcomeRow {
            team: team.into(),
            served,
            employed,
            education,
            job_starts: Some(1),
            line: 2,
            team_column: 1,
            team_index: 0,
        }
    }

    /// Rows placed in their agency's teams, as check_file places them.
    fn indexed(place: &Place<'_>, rows: &[OutcomeRow]) -> Vec<OutcomeRow> {
        rows.iter()
            .cloned()
            .map(|mut row| {
                let index = place.agency.teams.iter().position(|t| t.id == row.team);
                row.team_index = index.expect("a team of the agency") as u32;
                row
            })
            .collect()
    }

    fn q(text: &str) -> Quarter {
        Quarter::parse(text).unwrap()
    }

    fn place<'r>(quarter: &str, agency: &'r Agency) -> Place<'r> {
        Place {
            quarter: q(quarter),
            jurisdiction: &agency.jurisdiction,
            agency,
            // The test agencies' ids are one letter each.
            slot: u32::from(agency.id.as_bytes()[0]),
        }
    }

    static BENCHMARKS: Benchmarks = Benchmarks {
        minimal: 0.31,
        average: 0.41,
        excellent: 0.50,
    };

    /// Nobody expected: the figures of these tests are not about completeness.
    static EVERYONE: std::sync::LazyLock<Expected<'static>> =
        std::sync::LazyLock::new(Expected::default);

    fn basis<'a>(expected: &'a Expected<'static>) -> Basis<'a, 'static> {
        Basis {
            benchmarks: &BENCHMARKS,
            expected,
        }
    }

    const BOTH: Options = Options {
        totals: true,
        mean_of_rates: true,
    };

    fn summarize<'r>(
        by: &[Dimension],
        options: Options,
        files: &[(Place<'r>, Vec<OutcomeRow>)],
    ) -> Vec<Summary<'r>> {
        let grouping = Grouping::new(by);
        let mut summarizer = Summarizer::new(&grouping, options);
        for (place, rows) in files {
            summarizer.add_file(place, &indexed(place, rows), true);
        }
        summarizer.finish(&basis(&EVERYONE), |_| true)
    }

    #[test]
    fn the_rate_is_pooled_and_the_mean_of_agency_rates_is_separate() {
        let a = agency("a", "oh", &["x", "y"]);
        let b = agency("b", "oh", &["z"]);
        let rows = summarize(
            &[Dimension::Jurisdiction],
            BOTH,
            &[
                (
                    place("2026-Q1", &a),
                    vec![row("x", 6, 3, None), row("y", 4, 2, None)],
                ),
                (place("2026-Q1", &b), vec![row("z", 30, 6, None)]),
            ],
        );
        let oh = &rows[0];
        assert_eq!(oh.key.jurisdiction, Some("oh"));
        assert_eq!((oh.counts.served, oh.counts.employed), (40, 11));
        assert_eq!(oh.rate, Some(11.0 / 40.0));
        assert_eq!(oh.mean_of_agency_rates, Some((0.5 + 0.2) / 2.0));
        assert_eq!(oh.band, Some(Band::BelowMinimal));
        assert_eq!((oh.agencies, oh.teams), (2, 3));
        // The total row, keyed None, follows.
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].key.jurisdiction, None);
        assert_eq!(rows[1].rate, Some(11.0 / 40.0));
    }

    #[test]
    fn nobody_served_gives_no_rate_band_or_mean() {
        let a = agency("a", "oh", &["x"]);
        let rows = summarize(
            &[Dimension::Agency],
            BOTH,
            &[(place("2026-Q1", &a), vec![row("x", 0, 0, Some(0))])],
        );
        assert_eq!(rows[0].rate, None);
        assert_eq!(rows[0].band, None);
        assert_eq!(rows[0].mean_of_agency_rates, None);
        assert_eq!(rows[0].counts.education_rate(), None);
        assert_eq!((rows[0].agencies, rows[0].teams), (1, 1));
    }

    #[test]
    fn teams_reporting_in_several_quarters_count_once_without_quarter_grouping() {
        let a = agency("a", "oh", &["x", "y"]);
        let rows = summarize(
            &[Dimension::Agency],
            BOTH,
            &[
                (place("2026-Q1", &a), vec![row("x", 10, 5, None)]),
                (
                    place("2026-Q2", &a),
                    vec![row("x", 10, 4, None), row("y", 5, 1, None)],
                ),
            ],
        );
        assert_eq!((rows[0].agencies, rows[0].teams), (1, 2));
        assert_eq!(rows[0].rate, Some(10.0 / 25.0));
        assert_eq!(rows[0].mean_of_agency_rates, Some(10.0 / 25.0));
    }

    #[test]
    fn change_is_from_the_same_group_in_the_previous_quarter() {
        let a = agency("a", "oh", &["x"]);
        let b = agency("b", "nz", &["z"]);
        let grouping = Grouping::new(&[Dimension::Jurisdiction, Dimension::Quarter]);
        let mut summarizer = Summarizer::new(&grouping, BOTH);
        summarizer.add_file(
            &place("2025-Q4", &a),
            &indexed(&place("2025-Q4", &a), &[row("x", 10, 2, None)]),
            true,
        );
        summarizer.add_file(
            &place("2026-Q1", &a),
            &indexed(&place("2026-Q1", &a), &[row("x", 10, 5, None)]),
            true,
        );
        summarizer.add_file(
            &place("2026-Q1", &b),
            &indexed(&place("2026-Q1", &b), &[row("z", 10, 6, None)]),
            true,
        );
        // 2025-Q4 is read only for the change; it is not a row.
        let rows = summarizer.finish(&basis(&EVERYONE), |q| {
            q == Quarter::parse("2026-Q1").unwrap()
        });
        let keys: Vec<(Option<&str>, String)> = rows
            .iter()
            .map(|r| (r.key.jurisdiction, r.key.quarter.unwrap().to_string()))
            .collect();
        assert_eq!(
            keys,
            [
                (Some("nz"), "2026-Q1".to_string()),
                (Some("oh"), "2026-Q1".to_string()),
                (None, "2026-Q1".to_string())
            ]
        );
        assert_eq!(rows[0].rate_change, None);
        assert_eq!(rows[1].rate_change, Some(0.5 - 0.2));
        // The total's previous quarter is a's alone: 2/10.
        assert_eq!(rows[2].rate_change, Some(11.0 / 20.0 - 0.2));
        assert_eq!((rows[2].agencies, rows[2].teams), (2, 2));
        // oh compares a with a; the total compares a and b with a alone.
        let comparable: Vec<Option<bool>> = rows.iter().map(|r| r.rate_change_comparable).collect();
        assert_eq!(comparable, [None, Some(true), Some(false)]);
    }

    #[test]
    fn a_group_missing_an_expected_agency_is_partial() {
        let a = agency("a", "oh", &["x"]);
        let c = agency("c", "nz", &["z"]);
        let quarter = q("2026-Q1");
        let expected = Expected::of(
            [
                ("a", "oh", vec![quarter]),
                ("b", "oh", vec![quarter]),
                ("c", "nz", vec![]),
            ],
            &[quarter],
        );
        for by in [
            vec![Dimension::Jurisdiction],
            vec![Dimension::Jurisdiction, Dimension::Quarter],
        ] {
            let grouping = Grouping::new(&by);
            let mut summarizer = Summarizer::new(&grouping, BOTH);
            let (pa, pc) = (place("2026-Q1", &a), place("2026-Q1", &c));
            summarizer.add_file(&pa, &indexed(&pa, &[row("x", 10, 5, None)]), true);
            // c reports before it is expected to: counted, but not as an expected agency.
            summarizer.add_file(&pc, &indexed(&pc, &[row("z", 10, 5, None)]), false);
            assert_eq!(
                summarizer.take_reported(),
                HashMap::from_iter([(quarter, 1)])
            );
            let rows = summarizer.finish(&basis(&expected), |_| true);
            let got: Vec<(Option<&str>, u64, u64, u64, bool)> = rows
                .iter()
                .map(|r| {
                    let j = r.key.jurisdiction;
                    (
                        j,
                        r.agencies,
                        r.expected_reported,
                        r.agencies_expected,
                        r.is_partial(),
                    )
                })
                .collect();
            assert_eq!(
                got,
                [
                    (Some("nz"), 1, 0, 0, false),
                    (Some("oh"), 1, 1, 2, true),
                    (None, 2, 1, 2, true),
                ],
                "{by:?}"
            );
        }
    }

    #[test]
    fn team_grouping_keeps_teams_of_different_agencies_apart() {
        let a = agency("a", "oh", &["north"]);
        let b = agency("b", "oh", &["north"]);
        let rows = summarize(
            &[Dimension::Team],
            Options {
                totals: false,
                mean_of_rates: false,
            },
            &[
                (place("2026-Q1", &a), vec![row("north", 10, 5, None)]),
                (place("2026-Q1", &b), vec![row("north", 20, 5, None)]),
            ],
        );
        assert_eq!(
            Grouping::new(&[Dimension::Team]).dims(),
            [Dimension::Agency, Dimension::Team]
        );
        assert_eq!(
            Grouping::new(&[Dimension::Team, Dimension::Team]).dims(),
            [Dimension::Agency, Dimension::Team]
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].key.agency, rows[0].key.team),
            (Some("a"), Some("north"))
        );
        assert_eq!(rows[1].rate, Some(0.25));
        assert_eq!(rows[1].mean_of_agency_rates, None);
    }

    #[test]
    fn education_rate_counts_only_rows_that_report_education() {
        let mut counts = Counts::default();
        counts.add_row(&row("x", 10, 5, Some(2)));
        counts.add_row(&row("y", 30, 5, None));
        assert_eq!(counts.education, Some(2));
        assert_eq!(counts.education_rate(), Some(0.2));
        let mut none = Counts::default();
        none.add_row(&row("y", 30, 5, None));
        assert_eq!((none.education, none.education_rate()), (None, None));
    }

    #[test]
    fn merging_threads_gives_the_same_rows_as_one_thread() {
        let a = agency("a", "oh", &["x", "y"]);
        let b = agency("b", "nz", &["z"]);
        let files = [
            (place("2026-Q1", &a), vec![row("x", 10, 5, Some(1))]),
            (place("2026-Q2", &a), vec![row("y", 7, 3, None)]),
            (place("2026-Q2", &b), vec![row("z", 9, 4, Some(2))]),
        ];
        for by in [
            vec![Dimension::Jurisdiction],
            vec![Dimension::Quarter, Dimension::Agency],
            vec![Dimension::Team, Dimension::Quarter],
        ] {
            let grouping = Grouping::new(&by);
            let one = summarize(&by, BOTH, &files);
            let mut left = Summarizer::new(&grouping, BOTH);
            let mut right = Summarizer::new(&grouping, BOTH);
            left.add_file(&files[0].0, &indexed(&files[0].0, &files[0].1), true);
            right.add_file(&files[1].0, &indexed(&files[1].0, &files[1].1), true);
            left.add_file(&files[2].0, &indexed(&files[2].0, &files[2].1), true);
            let merged = left.merge(right).finish(&basis(&EVERYONE), |_| true);
            assert_eq!(one, merged, "{by:?}");
        }
    }

    #[test]
    fn counts_saturate_instead_of_overflowing() {
        let mut counts = Counts::default();
        counts.add_row(&row("x", u64::MAX, 1, None));
        counts.add_row(&row("x", 5, 1, None));
        assert_eq!(counts.served, u64::MAX);
    }
}
