//! The report's agreement section (internal reports only), and what a site report adds.

use super::model::{
    AgreementGroup, AgreementRow, AgreementSummary, ChecklistRow, ItemRow, Site, TrendRow,
};
use super::{Question, name_of};
use crate::agreement::{self, Status};
use crate::fidelity::history::Line;
use crate::filter::Places;
use crate::repo::{AgencyRecord, Repository};
use crate::scale::ITEMS;
use chrono::NaiveDate;
use rayon::prelude::*;

/// Each agency's milestones as of `as_of`, counted, with what is overdue or missed.
pub fn agreement(
    repo: &Repository,
    scope: &[&AgencyRecord],
    as_of: NaiveDate,
) -> Vec<AgreementRow> {
    let reported = repo.quarters_reported(scope.iter().map(|r| &*r.folder));
    // Each agency on its own: a community's agencies are judged in parallel.
    scope
        .par_iter()
        .map(|record| {
            let milestones =
                agreement::evaluate_reported(repo, record, reported.get(&record.folder), as_of);
            let counts = agreement::summarize(&milestones);
            let items = |status: Status| -> Vec<String> {
                milestones
                    .iter()
                    .filter(|m| m.status == status)
                    .map(|m| match m.missing.is_empty() {
                        true => m.id.to_string(),
                        false => format!("{}: {}", m.id, m.missing),
                    })
                    .collect()
            };
            AgreementRow {
                id: record.folder.to_string(),
                name: name_of(record),
                jurisdiction: record.jurisdiction().unwrap_or("").to_string(),
                trainer: record.agency.as_ref().and_then(|a| a.trainer.clone()),
                met: counts.met,
                open: counts.open,
                overdue: counts.overdue,
                missed: counts.missed,
                overdue_items: items(Status::Overdue),
                missed_items: items(Status::Missed),
            }
        })
        .collect()
}

/// An internal report's agreement rows and their summary; a public report has neither.
pub fn agreement_parts(
    repo: &Repository,
    places: &Places,
    public: bool,
    as_of: NaiveDate,
) -> AgreementParts {
    if public {
        return AgreementParts::default();
    }
    let scope: Vec<&AgencyRecord> = repo
        .agencies
        .iter()
        .filter(|record| places.wants_record(record))
        .collect();
    let rows = agreement(repo, &scope, as_of);
    let summary = agreement_summary(repo, &rows);
    AgreementParts {
        rows: Some(rows),
        summary: Some(summary),
    }
}

/// The agreement of a report's agencies: each one's milestones, and their counts by jurisdiction
/// and trainer; None in a public report.
#[derive(Debug, Default)]
pub struct AgreementParts {
    pub rows: Option<Vec<AgreementRow>>,
    pub summary: Option<AgreementSummary>,
}

/// The agreement rows counted by agency, by jurisdiction (ips.toml order, then any other) and
/// by trainer (by name, the agencies that name none last).
pub fn agreement_summary(repo: &Repository, rows: &[AgreementRow]) -> AgreementSummary {
    let mut jurisdictions: Vec<AgreementGroup> = Vec::new();
    let mut trainers: Vec<AgreementGroup> = Vec::new();
    for row in rows {
        let name = repo
            .settings
            .jurisdiction_name(&row.jurisdiction)
            .unwrap_or(&row.jurisdiction);
        count_into(&mut jurisdictions, Some(&row.jurisdiction), name, row);
        let trainer = row.trainer.as_deref();
        count_into(
            &mut trainers,
            trainer,
            trainer.unwrap_or("no trainer named"),
            row,
        );
    }
    let order = repo.settings.jurisdiction_ids();
    jurisdictions.sort_by_key(|g| {
        let id = g.id.as_deref().unwrap_or("");
        (
            order.iter().position(|o| *o == id).unwrap_or(usize::MAX),
            g.name.clone(),
        )
    });
    trainers.sort_by(|a, b| (a.id.is_none(), &a.name).cmp(&(b.id.is_none(), &b.name)));
    AgreementSummary {
        jurisdictions,
        trainers,
    }
}

/// Counts `row`'s agency in the group of `id`, made if it is not there yet.
fn count_into(groups: &mut Vec<AgreementGroup>, id: Option<&str>, name: &str, row: &AgreementRow) {
    let index = match groups.iter().position(|g| g.id.as_deref() == id) {
        Some(index) => index,
        None => {
            groups.push(AgreementGroup {
                id: id.map(str::to_string),
                name: name.to_string(),
                agencies: 0,
                met: 0,
                open: 0,
                overdue: 0,
                missed: 0,
            });
            groups.len() - 1
        }
    };
    let group = &mut groups[index];
    group.agencies += 1;
    group.met += usize::from(row.overdue == 0 && row.missed == 0);
    group.open += usize::from(row.open > 0);
    group.overdue += usize::from(row.overdue > 0);
    group.missed += usize::from(row.missed > 0);
}

/// A site report's own parts: its jurisdiction's and the community's trends, its latest
/// review's items lowest first, and (internal reports) its agreement checklist.
pub fn site(
    repo: &Repository,
    record: &AgencyRecord,
    question: &Question<'_>,
    jurisdiction_trend: Vec<TrendRow>,
    community_trend: Vec<TrendRow>,
) -> Site {
    let last_day = question.quarter.last_day();
    let held: Vec<_> = record
        .reviews
        .iter()
        .filter(|r| r.date <= last_day)
        .collect();
    let latest = held.last().copied();
    let previous = held.len().checked_sub(2).map(|i| held[i]);
    let mut items: Vec<ItemRow> = match latest {
        None => Vec::new(),
        Some(review) => ITEMS
            .iter()
            .enumerate()
            .map(|(index, item)| ItemRow {
                item: item.key.to_string(),
                section: item.section.as_str().to_string(),
                measures: item.measures.to_string(),
                score: Line::Item(index).value(review),
                change: Line::Item(index).change(previous, review),
            })
            .collect(),
    };
    // Lowest first; the scale's order among equals (a stable sort).
    items.sort_by_key(|item| item.score.unwrap_or(0));
    let checklist = question.public.is_none().then(|| {
        let reported = repo.quarters_reported([&*record.folder]);
        agreement::evaluate_reported(repo, record, reported.get(&record.folder), question.as_of)
            .iter()
            .map(|m| ChecklistRow {
                milestone: m.id.to_string(),
                status: m.status.as_str().to_string(),
                due: m.due.map(|d| d.to_string()),
                evidence: m.evidence.clone(),
                missing: m.missing.clone(),
            })
            .collect()
    });
    let jurisdiction = record.jurisdiction().unwrap_or("");
    Site {
        jurisdiction: jurisdiction.to_string(),
        jurisdiction_name: repo
            .settings
            .jurisdictions
            .iter()
            .find(|j| j.id == jurisdiction)
            .map_or_else(|| jurisdiction.to_string(), |j| j.name.clone()),
        jurisdiction_trend,
        community_trend,
        items,
        checklist,
    }
}
