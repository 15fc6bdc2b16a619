//! Small-number protection of a public report (`outcomes::suppress` applied to its tables):
//! the quarter's total, jurisdictions and agencies (or a site's teams) are protected together,
//! since each level sums the next; so are each past quarter's total and the agencies' rates on
//! their trend lines (a site's trends, each a sum of other agencies, hide only what is small);
//! a change is hidden when either of its rates is; a hidden value is never drawn.

use super::figures::Tally;
use super::model::Suppression;
use crate::calendar::Quarter;
use crate::filter::Places;
use crate::outcomes::band::Band;
use crate::outcomes::protected::{Selection, Table};
use crate::outcomes::suppress::{Field, Hidden, Rule};
use crate::repo::model::{Benchmarks, ReportSettings};

/// How the cells of the current quarter's rows are hidden.
#[derive(Debug, Default)]
pub struct Current {
    pub total: Hidden,
    pub jurisdictions: Vec<Hidden>,
    pub agencies: Vec<Hidden>,
    pub teams: Vec<Hidden>,
}

/// How a past quarter shows: its total in the trend, and whether each jurisdiction's and
/// agency's rate (a point of a trend line, the `before` of a change) is hidden, in the order of
/// its `Rows`.
#[derive(Debug, Default)]
pub struct Past {
    pub total: Shown,
    pub jurisdictions: Vec<bool>,
    pub agencies: Vec<bool>,
}

/// The rows of a quarter, each with the indexes of the rows it sums and its id.
pub struct Rows<'a> {
    pub quarter: Quarter,
    pub total: &'a Tally,
    /// Each jurisdiction's tally and the indexes (in `agencies`) of its agencies.
    pub jurisdictions: Vec<(Option<Tally>, Vec<usize>)>,
    pub jurisdiction_ids: Vec<&'a str>,
    pub agencies: Vec<Tally>,
    pub agency_ids: Vec<&'a str>,
    pub teams: Vec<Tally>,
    /// A site's teams, with the site's id.
    pub team_ids: Vec<&'a str>,
    pub site: Option<&'a str>,
}

/// Counts what a report hides, row by row: each figure as the protected table shows it.
pub struct Protected<'a> {
    rule: Option<Rule>,
    table: Option<&'a Table>,
    /// The agencies the report is about.
    scope: &'a Places,
    small: usize,
    complementary: usize,
    derived: usize,
}

/// What one row shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shown {
    cells: Hidden,
    change: bool,
    change_year: bool,
}

impl<'a> Protected<'a> {
    pub fn new(rule: Option<Rule>, table: Option<&'a Table>, scope: &'a Places) -> Protected<'a> {
        Protected {
            rule,
            table: table.filter(|_| rule.is_some()),
            scope,
            small: 0,
            complementary: 0,
            derived: 0,
        }
    }

    /// Protects the current quarter's rows together.
    pub fn current(&mut self, rows: &Rows<'_>) -> Current {
        let current = self.protect(rows);
        // The headline shows every count of the total; the rows below, served and employed.
        let rows_below = current
            .jurisdictions
            .iter()
            .chain(&current.agencies)
            .chain(&current.teams)
            .map(|cells| cells.tally_of(&[Field::Served, Field::Employed]));
        for (small, complementary) in [current.total.tally()].into_iter().chain(rows_below) {
            self.small += small;
            self.complementary += complementary;
        }
        current
    }

    /// A past quarter's rows, protected together as the current quarter's are: the trend shows
    /// its total, each agency's trend line a point (its rate) and the changes the agencies' and
    /// jurisdictions' rates, and a rate written out in full is a fraction that gives its counts
    /// away, so a lone hidden point beside the total takes another with it. Only what is drawn
    /// counts as hidden.
    pub fn past_quarter(&mut self, rows: &Rows<'_>) -> Past {
        let hidden = self.protect(rows);
        let total = Shown::of(hidden.total);
        // A past quarter's total shows its served and employed only.
        let (small, complementary) = hidden.total.tally_of(&[Field::Served, Field::Employed]);
        self.small += small;
        self.complementary += complementary;
        self.count_derived(&total);
        let agencies: Vec<bool> = hidden
            .agencies
            .iter()
            .zip(&rows.agencies)
            .map(|(cells, tally)| cells.rate() && tally.counts.rate().is_some())
            .collect();
        self.derived += agencies.iter().filter(|hidden| **hidden).count();
        Past {
            total,
            jurisdictions: hidden.jurisdictions.iter().map(|c| c.rate()).collect(),
            agencies,
        }
    }

    fn protect(&self, rows: &Rows<'_>) -> Current {
        let (Some(rule), Some(table)) = (self.rule, self.table) else {
            return Current {
                jurisdictions: vec![Hidden::default(); rows.jurisdictions.len()],
                agencies: vec![Hidden::default(); rows.agencies.len()],
                teams: vec![Hidden::default(); rows.teams.len()],
                ..Current::default()
            };
        };
        let q = rows.quarter;
        let counts = &rows.total.counts;
        let small_base = counts.education.is_some() && rule.hides(counts.education_served);
        let jurisdiction = |id: &str| {
            let wants = |a: &str, j: &str| j == id && self.wanted(a, j);
            table.figure(
                &[q],
                &Selection {
                    wants: &wants,
                    team: None,
                    agency: self.one_agency(),
                },
            )
        };
        Current {
            total: self.figure(q).with_small_base(small_base),
            jurisdictions: rows
                .jurisdiction_ids
                .iter()
                .map(|id| jurisdiction(id))
                .collect(),
            agencies: rows
                .agency_ids
                .iter()
                .map(|id| table.agency(q, id).unwrap_or_default())
                .collect(),
            teams: rows
                .team_ids
                .iter()
                .map(|team| {
                    let site = rows.site.unwrap_or_default();
                    table.team(q, site, team).unwrap_or_default()
                })
                .collect(),
        }
    }

    /// The one agency of a scope of one agency (a site report).
    fn one_agency(&self) -> Option<&'a str> {
        match self.scope.agencies.as_slice() {
            [one] => Some(one.as_str()),
            _ => None,
        }
    }

    fn wanted(&self, agency: &str, jurisdiction: &str) -> bool {
        self.scope.wants(agency, Some(jurisdiction))
    }

    /// What the table shows of the scope's total in `quarter`.
    fn figure(&self, quarter: Quarter) -> Hidden {
        let wants = |a: &str, j: &str| self.wanted(a, j);
        self.table.map_or_else(Hidden::default, |table| {
            table.figure(
                &[quarter],
                &Selection {
                    wants: &wants,
                    team: None,
                    agency: self.one_agency(),
                },
            )
        })
    }

    /// Whether the table hides the rate of the scope's total in `quarter`.
    pub fn total_rate_hidden(&self, quarter: Quarter) -> bool {
        self.figure(quarter).rate()
    }

    /// Whether the table hides the rate of an agency (or one of its teams) in `quarter`.
    pub fn rate_hidden_in(&self, quarter: Quarter, agency: &str, team: Option<&str>) -> bool {
        let Some(table) = self.table else {
            return false;
        };
        let cell = match team {
            Some(team) => table.team(quarter, agency, team),
            None => table.agency(quarter, agency),
        };
        cell.is_some_and(Hidden::rate)
    }

    /// What a current row shows: its cells, and its changes from `before` and `year_before`.
    pub fn shown(
        &mut self,
        cells: Hidden,
        before: Option<&Tally>,
        year_before: Option<&Tally>,
    ) -> Shown {
        let shown = Shown {
            cells,
            change: cells.rate() || self.hides_rate(before),
            change_year: cells.rate() || self.hides_rate(year_before),
        };
        self.count_derived(&shown);
        shown
    }

    /// What a jurisdiction's, agency's or team's row shows: its served, employed, rate and band,
    /// and its change from `before`, unless that rate is hidden (`before_hidden`: a past
    /// quarter's protection hid it). It shows no education, so none is counted as hidden.
    pub fn shown_row(
        &mut self,
        cells: Hidden,
        before: Option<&Tally>,
        before_hidden: bool,
    ) -> Shown {
        let shown = Shown {
            cells,
            change: cells.rate() || before_hidden || self.hides_rate(before),
            change_year: false,
        };
        if self.rule.is_some() {
            let drawn = shown.derived_names();
            self.derived += drawn.iter().filter(|n| **n != "education_rate").count();
        }
        shown
    }

    /// What a past quarter's sum of the agencies `wants` keeps shows: what the table shows.
    /// `of_scope`: they are the report's scope (else a site's jurisdiction or community).
    pub fn past(
        &mut self,
        quarter: Quarter,
        wants: &dyn Fn(&str, &str) -> bool,
        of_scope: bool,
    ) -> Shown {
        let Some(table) = self.table else {
            return Shown::default();
        };
        let selection = Selection {
            wants,
            team: None,
            agency: self.one_agency().filter(|_| of_scope),
        };
        let cells = table.figure(&[quarter], &selection);
        let (small, _) = cells.tally();
        self.small += small;
        let shown = Shown {
            cells,
            ..Shown::default()
        };
        self.count_derived(&shown);
        shown
    }

    /// An agency's rate in a past quarter (a point of its trend line), unless the table hides
    /// it.
    pub fn past_rate(
        &mut self,
        quarter: Quarter,
        agency: &str,
        tally: Option<&Tally>,
    ) -> Option<f64> {
        let rate = tally?.counts.rate();
        if rate.is_some() && (self.hides_rate(tally) || self.rate_hidden_in(quarter, agency, None))
        {
            self.derived += 1;
            return None;
        }
        rate
    }

    /// Whether a rate from these counts is hidden for being small.
    fn hides_rate(&self, tally: Option<&Tally>) -> bool {
        let (Some(rule), Some(tally)) = (self.rule, tally) else {
            return false;
        };
        rule.hides(tally.counts.served) || rule.hides(tally.counts.employed)
    }

    fn count_derived(&mut self, shown: &Shown) {
        if self.rule.is_some() {
            self.derived += shown.derived_names().len();
        }
    }

    /// The closing tally of a public report.
    pub fn summary(&self, settings: &ReportSettings) -> Option<Suppression> {
        let rule = self.rule?;
        Some(Suppression {
            suppress_below: rule.below,
            suppress_zero: settings.suppress_zero,
            hidden: self.small + self.complementary + self.derived,
            small_counts: self.small,
            complementary_counts: self.complementary,
            derived: self.derived,
        })
    }
}

impl Shown {
    /// Whether the row's rate is hidden.
    pub fn hides_rate(&self) -> bool {
        self.cells.rate()
    }

    /// A row that shows `cells`, with no change of its own.
    pub fn of(cells: Hidden) -> Shown {
        Shown {
            cells,
            ..Shown::default()
        }
    }

    pub fn count(&self, value: Option<u64>, field: Field) -> Option<u64> {
        value.filter(|_| !self.cells.count(field))
    }

    pub fn rate(&self, value: Option<f64>) -> Option<f64> {
        value.filter(|_| !self.cells.rate())
    }

    pub fn education_rate(&self, value: Option<f64>) -> Option<f64> {
        value.filter(|_| !self.cells.education_rate())
    }

    pub fn band(&self, rate: Option<f64>, benchmarks: &Benchmarks) -> Option<String> {
        let rate = self.rate(rate)?;
        Some(Band::of(rate, benchmarks).as_str().to_string())
    }

    /// `now - before` of two rates, unless either is hidden.
    pub fn change(&self, now: Option<f64>, before: Option<f64>) -> Option<f64> {
        Some(now? - before?).filter(|_| !self.change)
    }

    pub fn change_year(&self, now: Option<f64>, before: Option<f64>) -> Option<f64> {
        Some(now? - before?).filter(|_| !self.change_year)
    }

    fn derived_names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        if self.cells.rate() {
            names.extend(["rate", "band"]);
        }
        if self.cells.education_rate() {
            names.push("education_rate");
        }
        if self.change {
            names.push("rate_change");
        }
        if self.change_year {
            names.push("rate_change_year");
        }
        names
    }

    /// The counts hidden for being small themselves.
    pub fn small(&self) -> Vec<String> {
        Field::ALL
            .into_iter()
            .filter(|f| self.cells.small(*f))
            .map(|f| f.name().to_string())
            .collect()
    }

    /// The fields the row hides, counts first: `served`, `employed`, `rate`, `band`...
    pub fn names(&self) -> Vec<String> {
        self.cells
            .fields()
            .map(|f| f.name())
            .chain(self.derived_names())
            .map(str::to_string)
            .collect()
    }
}
