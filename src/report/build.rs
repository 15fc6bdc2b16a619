//! Builds the report's model from the figures of a period: pure, given the repository, the
//! figures and the question; nothing here reads a file or the clock.

use super::figures::{Figures, Tally};
use super::model::{
    AgencyRow, Benchmarks, DataVersion, Headline, JurisdictionRow, Named, Report, RowFigures, Site,
    TeamRow, TrendRow,
};
use super::protect::{Current, Protected, Rows, Shown};
use super::quarters::year_before;
use super::restated;
use super::scope::{distinct_jurisdictions, scope_of};
use super::sections::AgreementParts;
use super::{Question, name_of};
use super::{fidelity, notes, programs, sections};
use crate::calendar::Quarter;
use crate::outcomes::completeness;
use crate::outcomes::suppress::{Field, Hidden};
use crate::repo::{AgencyRecord, Repository};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The parts of a report that come from the outcome figures.
struct Outcomes<'a, 'r> {
    repo: &'r Repository,
    figures: &'a Figures<'r>,
    question: &'a Question<'a>,
    scope: Vec<&'r AgencyRecord>,
    /// The scope's agencies and their jurisdictions, for sums over some of them.
    jurisdiction_of: HashMap<&'r str, Option<&'r str>>,
    benchmarks: crate::repo::model::Benchmarks,
}

impl<'a, 'r> Outcomes<'a, 'r> {
    /// The figures of the agencies the question is about.
    fn new(
        repo: &'r Repository,
        figures: &'a Figures<'r>,
        question: &'a Question<'a>,
    ) -> Outcomes<'a, 'r> {
        let scope: Vec<&AgencyRecord> = repo
            .agencies
            .iter()
            .filter(|record| question.in_scope(record))
            .collect();
        Outcomes {
            repo,
            figures,
            question,
            jurisdiction_of: scope
                .iter()
                .map(|record| (&*record.folder, record.jurisdiction()))
                .collect(),
            scope,
            benchmarks: repo.settings.benchmarks,
        }
    }

    /// The scope's jurisdictions taking part in `quarter`, with their sums. A jurisdiction none
    /// of whose agencies reported the quarter or were expected to (all started later) is not
    /// yet part of it.
    fn taking_part(&self, quarter: Quarter) -> Vec<(&'r str, &'r str, Option<Tally>)> {
        // One pass over the scope for every jurisdiction: a community has hundreds.
        let taking_part: HashSet<&str> = self
            .scope
            .iter()
            .filter(|record| {
                self.figures.agency(&record.folder, quarter).is_some()
                    || completeness::expected(record, quarter, self.question.as_of).is_some()
            })
            .filter_map(|record| record.jurisdiction())
            .collect();
        self.jurisdictions()
            .into_iter()
            .filter(|(id, _)| taking_part.contains(id))
            .map(|(id, name)| (id, name, self.sum(quarter, self.of_jurisdiction(id))))
            .collect()
    }

    fn scope_wants(&self, agency: &str, jurisdiction: &str) -> bool {
        self.question.scope.wants(agency, Some(jurisdiction))
    }

    fn in_scope(&self, agency: &str) -> bool {
        self.jurisdiction_of.contains_key(agency)
    }

    fn of_jurisdiction<'s>(&'s self, jurisdiction: &'s str) -> impl Fn(&str) -> bool + 's {
        move |agency| self.jurisdiction_of.get(agency) == Some(&Some(jurisdiction))
    }

    /// The sum of the scope's agencies `wanted` keeps, in `quarter`.
    fn sum(&self, quarter: Quarter, wanted: impl Fn(&str) -> bool) -> Option<Tally> {
        self.figures
            .sum(quarter, |agency| self.in_scope(agency) && wanted(agency))
    }

    /// The jurisdictions of the scope's agencies that reported one of the two quarters but not
    /// the other: a change between them there is partly a change of who reported.
    fn changed_agencies(&self, now: Quarter, then: Quarter) -> HashSet<Option<&'r str>> {
        self.scope
            .iter()
            .filter(|record| {
                self.figures.agency(&record.folder, now).is_some()
                    != self.figures.agency(&record.folder, then).is_some()
            })
            .map(|record| record.jurisdiction())
            .collect()
    }

    /// The scope's jurisdictions (in ips.toml order, those with an agency in the scope).
    fn jurisdictions(&self) -> Vec<(&'r str, &'r str)> {
        self.repo
            .settings
            .jurisdictions
            .iter()
            .filter(|j| {
                self.scope
                    .iter()
                    .any(|r| r.jurisdiction() == Some(j.id.as_str()))
            })
            .map(|j| (j.id.as_str(), j.name.as_str()))
            .collect()
    }

    /// The scope's agencies that reported `quarter`, by jurisdiction (ips.toml order), then
    /// name.
    fn reporting(&self, quarter: Quarter) -> Vec<&'r AgencyRecord> {
        let order: Vec<&str> = self.jurisdictions().iter().map(|(id, _)| *id).collect();
        let mut reporting: Vec<&AgencyRecord> = self
            .scope
            .iter()
            .copied()
            .filter(|record| self.figures.agency(&record.folder, quarter).is_some())
            .collect();
        reporting.sort_by_key(|record| {
            let place = record
                .jurisdiction()
                .and_then(|j| order.iter().position(|id| *id == j));
            (place, name_of(record))
        });
        reporting
    }

    fn trend_row(&self, quarter: Quarter, tally: Option<Tally>, shown: &Shown) -> TrendRow {
        TrendRow {
            quarter: quarter.to_string(),
            served: shown.count(tally.map(|t| t.counts.served), Field::Served),
            employed: shown.count(tally.map(|t| t.counts.employed), Field::Employed),
            rate: shown.rate(tally.and_then(|t| t.counts.rate())),
            suppressed: shown.names(),
            small: shown.small(),
        }
    }
}

/// A place's figures as shown: a change against `before`, the previous quarter.
fn row_figures(
    tally: Option<&Tally>,
    (before, comparable): (Option<&Tally>, bool),
    shown: &Shown,
    benchmarks: &crate::repo::model::Benchmarks,
) -> RowFigures {
    let rate = tally.and_then(|t| t.counts.rate());
    let rate_change = shown.change(rate, before.and_then(|t| t.counts.rate()));
    RowFigures {
        served: shown.count(tally.map(|t| t.counts.served), Field::Served),
        employed: shown.count(tally.map(|t| t.counts.employed), Field::Employed),
        rate: shown.rate(rate),
        band: shown.band(rate, benchmarks),
        rate_change,
        rate_change_comparable: rate_change.map(|_| comparable),
        suppressed: shown.names(),
        small: shown.small(),
    }
}

/// A past quarter as the report shows it: its total, and the agencies and jurisdictions whose
/// rate it hides (a point of a trend line, the `before` of a change).
#[derive(Default)]
struct PastShown<'r> {
    total: Shown,
    agencies: HashSet<&'r str>,
    jurisdictions: HashSet<&'r str>,
}

/// The past quarters a report of the community or of some jurisdictions shows (the trend's, and
/// those its changes are from), each protected as the current quarter is. A site's report has
/// none: its trend lines are its own and sums over other sets of agencies, each shown alone.
fn past_quarters<'r>(
    outcomes: &Outcomes<'_, 'r>,
    protected: &mut Protected,
) -> BTreeMap<Quarter, PastShown<'r>> {
    let question = outcomes.question;
    let quarter = question.quarter;
    let mut quarters: Vec<Quarter> = question.trend.to_vec();
    quarters.extend([quarter.previous(), year_before(quarter)]);
    quarters.sort_unstable();
    quarters.dedup();
    quarters.retain(|q| *q != quarter);
    let jurisdictions = outcomes.jurisdictions();
    quarters
        .into_iter()
        .map(|q| (q, past_quarter(outcomes, q, &jurisdictions, protected)))
        .collect()
}

/// One past quarter, protected: its total, jurisdictions and agencies.
fn past_quarter<'r>(
    outcomes: &Outcomes<'_, 'r>,
    q: Quarter,
    jurisdictions: &[(&'r str, &'r str)],
    protected: &mut Protected,
) -> PastShown<'r> {
    // In the scope's order: the rows are not shown, so they need no sorting.
    let reporting: Vec<&AgencyRecord> = outcomes
        .scope
        .iter()
        .copied()
        .filter(|record| outcomes.figures.agency(&record.folder, q).is_some())
        .collect();
    let tallies: Vec<Tally> = reporting
        .iter()
        .filter_map(|record| outcomes.figures.agency(&record.folder, q).copied())
        .collect();
    let total = outcomes.sum(q, |_| true).unwrap_or_default();
    let rows = Rows {
        quarter: q,
        total: &total,
        jurisdictions: jurisdiction_sums(jurisdictions, &reporting, &tallies),
        jurisdiction_ids: jurisdictions.iter().map(|(id, _)| *id).collect(),
        agencies: tallies,
        agency_ids: reporting.iter().map(|r| &*r.folder).collect(),
        teams: Vec::new(),
        team_ids: Vec::new(),
        site: None,
    };
    let past = protected.past_quarter(&rows);
    PastShown {
        total: past.total,
        agencies: hidden_of(
            reporting.iter().map(|r| &*r.folder).collect(),
            &past.agencies,
        ),
        jurisdictions: hidden_of(
            jurisdictions.iter().map(|(id, _)| *id).collect(),
            &past.jurisdictions,
        ),
    }
}

/// Each jurisdiction's sum of the agencies that reported, and which of them they are.
fn jurisdiction_sums(
    jurisdictions: &[(&str, &str)],
    reporting: &[&AgencyRecord],
    tallies: &[Tally],
) -> Vec<(Option<Tally>, Vec<usize>)> {
    // Each jurisdiction's agencies, found in one pass (a community has hundreds).
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, record) in reporting.iter().enumerate() {
        if let Some(jurisdiction) = record.jurisdiction() {
            members.entry(jurisdiction).or_default().push(index);
        }
    }
    jurisdictions
        .iter()
        .map(|(id, _)| {
            let members = members.remove(id).unwrap_or_default();
            let sum = members.iter().fold(None, |sum: Option<Tally>, index| {
                let mut sum = sum.unwrap_or_default();
                sum.add(&tallies[*index]);
                Some(sum)
            });
            (sum, members)
        })
        .collect()
}

/// The ids whose flag in `hidden` is set.
fn hidden_of<'r>(ids: Vec<&'r str>, hidden: &[bool]) -> HashSet<&'r str> {
    ids.into_iter()
        .zip(hidden)
        .filter(|(_, hidden)| **hidden)
        .map(|(id, _)| id)
        .collect()
}

/// The report's quarter: its rows' tallies, protected together, since each level sums the next.
struct ThisQuarter<'r> {
    total: Tally,
    /// The jurisdictions taking part, with their sums (none in a site's report).
    jurisdictions: Vec<(&'r str, &'r str, Option<Tally>)>,
    /// The agencies that reported, in the order of their rows, and their tallies.
    reporting: Vec<&'r AgencyRecord>,
    agency_tallies: Vec<Tally>,
    /// A site's teams that reported, by id.
    teams: Vec<(String, Tally)>,
    /// What each row hides.
    hidden: Current,
}

/// The tables of outcome figures, in the order their cells are protected.
struct Tables {
    headline: Headline,
    trend: Vec<TrendRow>,
    jurisdictions: Vec<JurisdictionRow>,
    agencies: Vec<AgencyRow>,
    teams: Vec<TeamRow>,
}

pub fn build(
    repo: &Repository,
    figures: &Figures<'_>,
    question: &Question<'_>,
    agreement: AgreementParts,
    data: Option<DataVersion>,
) -> Report {
    let quarter = question.quarter;
    let outcomes = Outcomes::new(repo, figures, question);
    let benchmarks = &outcomes.benchmarks;
    let site = question.site.and_then(|id| repo.agency(id));
    let mut protected = Protected::new(question.public, question.protected, question.scope);
    let tables = outcome_tables(&outcomes, site, &mut protected);
    let shown_rate = |agency: &str| -> Option<f64> {
        tables
            .agencies
            .iter()
            .find(|row| row.id == agency)
            .and_then(|row| row.figures.rate)
    };
    let fidelity = fidelity::section(repo, &outcomes.scope, question, &shown_rate);
    let site_section = site.map(|record| site_section(&outcomes, record, &mut protected));
    let suppression = protected.summary(&repo.settings.report);
    Report {
        title: notes::title(repo, quarter),
        community: repo.settings.name.clone(),
        introduction: repo.settings.report.introduction.clone(),
        contact: repo.settings.report.contact.clone(),
        scope: scope_of(repo, question, site),
        quarter: quarter.to_string(),
        quarter_label: notes::quarter_label(quarter),
        as_of: question.as_of.to_string(),
        public: question.public.is_some(),
        benchmarks: Benchmarks {
            minimal: benchmarks.minimal,
            average: benchmarks.average,
            excellent: benchmarks.excellent,
        },
        headline: tables.headline,
        trend: tables.trend,
        jurisdictions: tables.jurisdictions,
        programs: programs::programs(figures, &outcomes.scope, question, benchmarks),
        agencies: tables.agencies,
        teams: tables.teams,
        not_reported: not_reported(&outcomes),
        fidelity,
        agreement: agreement.rows,
        agreement_summary: agreement.summary,
        site: site_section,
        notes: notes::notes(repo, question, data.as_ref(), suppression.as_ref()),
        suppression,
        restated: question
            .since
            .as_ref()
            .map(|since| restated::section(repo, since, quarter, question.public.is_some())),
        data,
    }
}

/// The headline, the trend and the rows of jurisdictions, agencies and teams: the current
/// quarter protected first, then the past quarters the trend and the changes show.
fn outcome_tables<'r>(
    outcomes: &Outcomes<'_, 'r>,
    site: Option<&'r AgencyRecord>,
    protected: &mut Protected,
) -> Tables {
    let current = this_quarter(outcomes, site, protected);
    let past = match site {
        Some(_) => BTreeMap::new(),
        None => past_quarters(outcomes, protected),
    };
    // What a change is from: nothing when that quarter hides it.
    let quarter = outcomes.question.quarter;
    let hidden: HashSet<Quarter> = [quarter.previous(), year_before(quarter)]
        .into_iter()
        .filter(|q| protected.total_rate_hidden(*q))
        .collect();
    let before_of = |q: Quarter, tally: Option<Tally>| -> Option<Tally> {
        tally
            .filter(|_| !past.get(&q).is_some_and(|p| p.total.hides_rate()) && !hidden.contains(&q))
    };
    let headline = headline(
        outcomes,
        &current.total,
        current.hidden.total,
        &before_of,
        protected,
    );
    Tables {
        headline,
        trend: trend_rows(outcomes, &past, current.hidden.total, protected),
        jurisdictions: jurisdiction_rows(outcomes, &current, &past, protected),
        agencies: agency_rows(outcomes, &current, site, &past, protected),
        teams: team_rows(outcomes, &current, site, protected),
    }
}

/// The current quarter's rows and what each hides.
fn this_quarter<'r>(
    outcomes: &Outcomes<'_, 'r>,
    site: Option<&'r AgencyRecord>,
    protected: &mut Protected,
) -> ThisQuarter<'r> {
    let quarter = outcomes.question.quarter;
    let total = outcomes.sum(quarter, |_| true).unwrap_or_default();
    let jurisdictions = match site {
        Some(_) => Vec::new(),
        None => outcomes.taking_part(quarter),
    };
    let reporting = outcomes.reporting(quarter);
    let agency_tallies = agency_tallies(outcomes.figures, &reporting, quarter);
    let teams = site
        .map(|record| team_tallies(outcomes.figures, record, quarter))
        .unwrap_or_default();
    let hidden = protected.current(&Rows {
        quarter,
        total: &total,
        jurisdiction_ids: jurisdictions.iter().map(|(id, _, _)| *id).collect(),
        agency_ids: match site {
            Some(_) => Vec::new(),
            None => reporting.iter().map(|r| &*r.folder).collect(),
        },
        team_ids: teams.iter().map(|(id, _)| id.as_str()).collect(),
        site: site.map(|r| &*r.folder),
        jurisdictions: with_members(&jurisdictions, &reporting),
        agencies: if site.is_some() {
            Vec::new()
        } else {
            agency_tallies.clone()
        },
        teams: teams.iter().map(|(_, tally)| *tally).collect(),
    });
    ThisQuarter {
        total,
        jurisdictions,
        reporting,
        agency_tallies,
        teams,
        hidden,
    }
}

/// The tally of each agency that reported in `quarter`, in the order of `reporting`.
fn agency_tallies(
    figures: &Figures<'_>,
    reporting: &[&AgencyRecord],
    quarter: Quarter,
) -> Vec<Tally> {
    reporting
        .iter()
        .map(|record| {
            *figures
                .agency(&record.folder, quarter)
                .expect("it reported")
        })
        .collect()
}

/// Each jurisdiction's tally, with the indexes in `reporting` of its agencies.
fn with_members(
    jurisdictions: &[(&str, &str, Option<Tally>)],
    reporting: &[&AgencyRecord],
) -> Vec<(Option<Tally>, Vec<usize>)> {
    jurisdictions
        .iter()
        .map(|(id, _, tally)| {
            let members = reporting
                .iter()
                .enumerate()
                .filter(|(_, r)| r.jurisdiction() == Some(*id))
                .map(|(index, _)| index)
                .collect();
            (*tally, members)
        })
        .collect()
}

/// The trend's quarters of the scope: the current one as the headline shows it.
fn trend_rows(
    outcomes: &Outcomes<'_, '_>,
    past: &BTreeMap<Quarter, PastShown<'_>>,
    total: Hidden,
    protected: &mut Protected,
) -> Vec<TrendRow> {
    let quarter = outcomes.question.quarter;
    outcomes
        .question
        .trend
        .iter()
        .map(|q| {
            let tally = outcomes.sum(*q, |_| true);
            let shown = match past.get(q) {
                _ if *q == quarter => Shown::of(total),
                Some(past) => past.total,
                None => protected.past(*q, &|a, j| outcomes.scope_wants(a, j), true),
            };
            outcomes.trend_row(*q, tally, &shown)
        })
        .collect()
}

fn jurisdiction_rows(
    outcomes: &Outcomes<'_, '_>,
    current: &ThisQuarter<'_>,
    past: &BTreeMap<Quarter, PastShown<'_>>,
    protected: &mut Protected,
) -> Vec<JurisdictionRow> {
    let quarter = outcomes.question.quarter;
    let previous = quarter.previous();
    let changed_agencies = outcomes.changed_agencies(quarter, previous);
    current
        .jurisdictions
        .iter()
        .zip(&current.hidden.jurisdictions)
        .map(|((id, name, tally), cells)| {
            let before = outcomes.sum(previous, outcomes.of_jurisdiction(id));
            let before_hidden = past
                .get(&previous)
                .is_some_and(|p| p.jurisdictions.contains(id));
            let shown = protected.shown_row(*cells, before.as_ref(), before_hidden);
            JurisdictionRow {
                id: id.to_string(),
                name: name.to_string(),
                agencies: tally.map_or(0, |t| t.agencies),
                figures: row_figures(
                    tally.as_ref(),
                    (before.as_ref(), !changed_agencies.contains(&Some(*id))),
                    &shown,
                    &outcomes.benchmarks,
                ),
            }
        })
        .collect()
}

fn agency_rows(
    outcomes: &Outcomes<'_, '_>,
    current: &ThisQuarter<'_>,
    site: Option<&AgencyRecord>,
    past: &BTreeMap<Quarter, PastShown<'_>>,
    protected: &mut Protected,
) -> Vec<AgencyRow> {
    let previous = outcomes.question.quarter.previous();
    // A site report's agency row is its headline: the same cells.
    let agency_cells = match site {
        Some(_) => vec![current.hidden.total; current.reporting.len()],
        None => current.hidden.agencies.clone(),
    };
    current
        .reporting
        .iter()
        .zip(&current.agency_tallies)
        .zip(&agency_cells)
        .map(|((record, tally), cells)| {
            let before = outcomes.figures.agency(&record.folder, previous);
            let hidden_before = hidden_in(past, previous, &record.folder)
                || protected.rate_hidden_in(previous, &record.folder, None);
            let shown = protected.shown_row(*cells, before, hidden_before);
            let place = row_figures(Some(tally), (before, true), &shown, &outcomes.benchmarks);
            AgencyRow {
                id: record.folder.to_string(),
                name: name_of(record),
                jurisdiction: record.jurisdiction().unwrap_or("").to_string(),
                teams: tally.teams,
                trend: agency_trend(outcomes, record, place.rate, past, protected),
                figures: place,
            }
        })
        .collect()
}

/// Whether a past quarter hides an agency's rate.
fn hidden_in(past: &BTreeMap<Quarter, PastShown<'_>>, quarter: Quarter, agency: &str) -> bool {
    past.get(&quarter)
        .is_some_and(|p| p.agencies.contains(agency))
}

/// An agency's rate in each quarter of the trend, `rate` in the current one.
fn agency_trend(
    outcomes: &Outcomes<'_, '_>,
    record: &AgencyRecord,
    rate: Option<f64>,
    past: &BTreeMap<Quarter, PastShown<'_>>,
    protected: &mut Protected,
) -> Vec<Option<f64>> {
    let figures = outcomes.figures;
    outcomes
        .question
        .trend
        .iter()
        .map(
            |q| match (*q == outcomes.question.quarter, past.contains_key(q)) {
                (true, _) => rate,
                (false, true) => figures
                    .agency(&record.folder, *q)
                    .and_then(|t| t.counts.rate())
                    .filter(|_| !hidden_in(past, *q, &record.folder)),
                (false, false) => {
                    protected.past_rate(*q, &record.folder, figures.agency(&record.folder, *q))
                }
            },
        )
        .collect()
}

fn team_rows(
    outcomes: &Outcomes<'_, '_>,
    current: &ThisQuarter<'_>,
    site: Option<&AgencyRecord>,
    protected: &mut Protected,
) -> Vec<TeamRow> {
    let previous = outcomes.question.quarter.previous();
    current
        .teams
        .iter()
        .zip(&current.hidden.teams)
        .map(|((id, tally), cells)| {
            let before = outcomes.figures.teams.get(&(id.as_str(), previous));
            let site_id = site.map_or("", |record| &*record.folder);
            let hidden_before = protected.rate_hidden_in(previous, site_id, Some(id));
            let shown = protected.shown_row(*cells, before, hidden_before);
            let location = site
                .and_then(|record| record.agency.as_ref())
                .and_then(|agency| agency.teams.iter().find(|team| team.id == *id))
                .map(|team| team.location.clone())
                .unwrap_or_default();
            TeamRow {
                id: id.clone(),
                location,
                figures: row_figures(Some(tally), (before, true), &shown, &outcomes.benchmarks),
            }
        })
        .collect()
}

/// The scope's agencies expected to report the quarter that did not.
fn not_reported(outcomes: &Outcomes<'_, '_>) -> Vec<Named> {
    let question = outcomes.question;
    outcomes
        .scope
        .iter()
        .filter(|record| completeness::expected(record, question.quarter, question.as_of).is_some())
        .filter(|record| {
            outcomes
                .figures
                .agency(&record.folder, question.quarter)
                .is_none()
        })
        .map(|record| Named {
            id: record.folder.to_string(),
            name: name_of(record),
            jurisdiction: record.jurisdiction().unwrap_or("").to_string(),
        })
        .collect()
}

/// A site report's own section, with its jurisdiction's and the community's trends.
fn site_section(
    outcomes: &Outcomes<'_, '_>,
    record: &AgencyRecord,
    protected: &mut Protected,
) -> Site {
    let repo = outcomes.repo;
    let jurisdiction = record.jurisdiction().unwrap_or("");
    let all = |agency: &str| repo.agency(agency).is_some();
    let of_jurisdiction = |agency: &str| {
        repo.agency(agency)
            .is_some_and(|r| r.jurisdiction() == Some(jurisdiction))
    };
    let mut trend_of = |wanted: &dyn Fn(&str) -> bool| -> Vec<TrendRow> {
        outcomes
            .question
            .trend
            .iter()
            .map(|q| {
                let tally = outcomes.figures.sum(*q, wanted);
                let shown = protected.past(*q, &|a, _| wanted(a), false);
                outcomes.trend_row(*q, tally, &shown)
            })
            .collect()
    };
    let jurisdiction_trend = trend_of(&of_jurisdiction);
    let community_trend = trend_of(&all);
    sections::site(
        repo,
        record,
        outcomes.question,
        jurisdiction_trend,
        community_trend,
    )
}

/// The site's teams that reported `quarter`, by id.
fn team_tallies(
    figures: &Figures<'_>,
    record: &AgencyRecord,
    quarter: Quarter,
) -> Vec<(String, Tally)> {
    let Some(agency) = &record.agency else {
        return Vec::new();
    };
    let mut teams: Vec<(String, Tally)> = agency
        .teams
        .iter()
        .filter_map(|team| {
            let tally = figures.teams.get(&(team.id.as_str(), quarter))?;
            Some((team.id.clone(), *tally))
        })
        .collect();
    teams.sort_by(|a, b| a.0.cmp(&b.0));
    teams
}

fn headline(
    outcomes: &Outcomes<'_, '_>,
    total: &Tally,
    cells: crate::outcomes::suppress::Hidden,
    before_of: &dyn Fn(Quarter, Option<Tally>) -> Option<Tally>,
    protected: &mut Protected,
) -> Headline {
    let quarter = outcomes.question.quarter;
    let before = |q: Quarter| before_of(q, outcomes.sum(q, |_| true));
    let (previous, year_before) = (before(quarter.previous()), before(year_before(quarter)));
    let shown = protected.shown(cells, previous.as_ref(), year_before.as_ref());
    let expected: Vec<&AgencyRecord> = outcomes
        .scope
        .iter()
        .copied()
        .filter(|record| completeness::expected(record, quarter, outcomes.question.as_of).is_some())
        .collect();
    let reporting = outcomes.reporting(quarter);
    let rate = total.counts.rate();
    let change = shown.change(rate, previous.and_then(|t| t.counts.rate()));
    let change_year = shown.change_year(rate, year_before.and_then(|t| t.counts.rate()));
    let counts = &total.counts;
    Headline {
        served: shown.count(Some(counts.served), Field::Served),
        employed: shown.count(Some(counts.employed), Field::Employed),
        rate: shown.rate(rate),
        band: shown.band(rate, &outcomes.benchmarks),
        education: shown.count(counts.education, Field::Education),
        education_rate: shown.education_rate(counts.education_rate()),
        job_starts: shown.count(counts.job_starts, Field::JobStarts),
        rate_change: change,
        rate_change_comparable: change.map(|_| {
            outcomes
                .changed_agencies(quarter, quarter.previous())
                .is_empty()
        }),
        rate_change_year: change_year,
        rate_change_year_comparable: change_year.map(|_| {
            outcomes
                .changed_agencies(quarter, self::year_before(quarter))
                .is_empty()
        }),
        agencies_reporting: reporting.len(),
        agencies_expected: expected.len(),
        jurisdictions_reporting: distinct_jurisdictions(&reporting),
        jurisdictions_expected: distinct_jurisdictions(&expected),
        teams_reporting: total.teams,
        teams_expected: expected
            .iter()
            .filter_map(|record| record.agency.as_ref())
            .map(|agency| agency.teams_open_in(quarter).count())
            .sum(),
        suppressed: shown.names(),
        small: shown.small(),
    }
}
