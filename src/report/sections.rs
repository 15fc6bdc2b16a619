//! The report's agreement section (internal reports only), and what a site report adds.

use super::model::{AgreementRow, ChecklistRow, ItemRow, Site, TrendRow};
use super::{Question, name_of};
use crate::agreement::{self, Status};
use crate::fidelity::history::Line;
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
