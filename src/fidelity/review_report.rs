//! The written report of a fidelity review, for the agency's leaders: what the reviewers found,
//! strengths first, then the recommendations, then every item. A serializable model: JSON is
//! the model itself, and the HTML and Markdown pages are rendered from it.

use super::improvement::weak_items;
use super::{plan, schedule, scoring};
use crate::repo::AgencyRecord;
use crate::repo::model::{FidelitySettings, Review};
use crate::scale::{ITEMS, Section};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ReviewReport {
    pub agency: String,
    pub agency_name: String,
    /// `north (Dana Lee, Columbus)` for each team open on the review's day.
    pub teams: Vec<String>,
    pub date: String,
    pub kind: &'static str,
    pub method: &'static str,
    pub reviewers: Vec<String>,
    pub total: u32,
    pub max: u32,
    pub previous_date: Option<String>,
    pub previous_total: Option<u32>,
    pub change: Option<i64>,
    pub band: &'static str,
    pub sections: Vec<SectionScore>,
    pub summary: Option<String>,
    /// The items scored 5, in the scale's order.
    pub strengths: Vec<&'static str>,
    /// The same items by section, each by what it measures: how the pages list them.
    pub strengths_by_section: Vec<SectionStrengths>,
    /// What the reviewers wrote as strengths.
    pub reviewer_strengths: Vec<String>,
    pub recommendations: Vec<Recommendation>,
    pub items: Vec<ItemLine>,
    pub ratings: Option<Ratings>,
    pub plan_due: String,
    pub plan_written: Option<String>,
    pub next_review_due: String,
    pub report_sent: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SectionScore {
    pub section: &'static str,
    pub score: u32,
    pub max: u32,
}

/// A section's items scored 5, by what each measures, and how many items the section has.
#[derive(Debug, Serialize)]
pub struct SectionStrengths {
    pub section: &'static str,
    pub items: Vec<&'static str>,
    pub of: usize,
}

#[derive(Debug, Serialize)]
pub struct Recommendation {
    pub item: &'static str,
    pub score: u8,
    pub measures: &'static str,
    pub evidence: Option<String>,
    pub recommendation: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ItemLine {
    pub item: &'static str,
    pub section: &'static str,
    pub measures: &'static str,
    pub score: u8,
    pub previous: Option<u8>,
    pub evidence: Option<String>,
    pub recommendation: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Ratings {
    pub reviewers: Vec<String>,
    /// The share of items every reviewer scored alike (0 to 1).
    pub exact_agreement: f64,
    /// The items whose ratings differ by 2 or more.
    pub discrepancies: Vec<&'static str>,
}

/// The report of `review`, a fully scored review of `record`; None while an item is unscored.
pub fn build(
    record: &AgencyRecord,
    review: &Review,
    settings: &FidelitySettings,
) -> Option<ReviewReport> {
    let score = scoring::score(review)?;
    let previous = record.reviews.iter().rev().find(|r| r.date < review.date);
    let previous_total = previous.and_then(Review::total);
    let agency = record.agency.as_ref();
    Some(ReviewReport {
        agency: record.folder.to_string(),
        agency_name: agency.map(|a| a.name.clone()).unwrap_or_default(),
        teams: agency.map_or_else(Vec::new, |a| {
            a.teams
                .iter()
                .filter(|t| t.is_open_on(review.date))
                .map(|t| format!("{} ({}, {})", t.id, t.supervisor, t.location))
                .collect()
        }),
        date: review.date.to_string(),
        kind: review.kind.as_str(),
        method: review.method().as_str(),
        reviewers: review.reviewers.clone(),
        total: score.total,
        max: 5 * ITEMS.len() as u32,
        previous_date: previous.map(|p| p.date.to_string()),
        previous_total,
        change: previous_total.map(|p| i64::from(score.total) - i64::from(p)),
        band: score.band.as_str(),
        sections: sections(&score),
        summary: review
            .written
            .summary
            .as_ref()
            .map(|s| s.trim().to_string()),
        strengths: strengths(review),
        strengths_by_section: strengths_by_section(review),
        reviewer_strengths: review.written.strengths.clone(),
        recommendations: recommendations(review),
        items: items(review, previous),
        ratings: ratings(review),
        plan_due: plan::due_date(review, settings).to_string(),
        plan_written: review.plan.map(|d| d.to_string()),
        next_review_due: schedule::next_review_due(review, settings).to_string(),
        report_sent: review.written.report_sent.map(|d| d.to_string()),
    })
}

fn sections(score: &scoring::Score) -> Vec<SectionScore> {
    Section::ALL
        .iter()
        .zip(score.sections)
        .map(|(section, subtotal)| SectionScore {
            section: section.as_str(),
            score: subtotal,
            max: 5 * ITEMS.iter().filter(|i| i.section == *section).count() as u32,
        })
        .collect()
}

fn strengths(review: &Review) -> Vec<&'static str> {
    ITEMS
        .iter()
        .zip(&review.scores)
        .filter(|(_, score)| **score == Some(5))
        .map(|(item, _)| item.key)
        .collect()
}

/// The sections with an item scored 5, in the scale's order: a list of 25 item keys was a
/// run-on line nobody reads.
fn strengths_by_section(review: &Review) -> Vec<SectionStrengths> {
    Section::ALL
        .iter()
        .map(|section| {
            let in_section = || {
                ITEMS
                    .iter()
                    .zip(&review.scores)
                    .filter(|(item, _)| item.section == *section)
            };
            SectionStrengths {
                section: section.as_str(),
                items: in_section()
                    .filter(|(_, score)| **score == Some(5))
                    .map(|(item, _)| item.measures)
                    .collect(),
                of: in_section().count(),
            }
        })
        .filter(|strengths| !strengths.items.is_empty())
        .collect()
}

/// The items scored 3 or lower, lowest first, ties in the scale's order.
fn recommendations(review: &Review) -> Vec<Recommendation> {
    weak_items(review)
        .into_iter()
        .map(|(index, score)| {
            let note = review.note(index);
            Recommendation {
                item: ITEMS[index].key,
                score,
                measures: ITEMS[index].measures,
                evidence: note.and_then(|n| n.evidence.clone()),
                recommendation: note.and_then(|n| n.recommendation.clone()),
            }
        })
        .collect()
}

fn items(review: &Review, previous: Option<&Review>) -> Vec<ItemLine> {
    ITEMS
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let note = review.note(index);
            ItemLine {
                item: item.key,
                section: item.section.as_str(),
                measures: item.measures,
                score: review.scores[index].unwrap_or(0),
                previous: previous.and_then(|p| p.scores.get(index).copied().flatten()),
                evidence: note.and_then(|n| n.evidence.clone()),
                recommendation: note.and_then(|n| n.recommendation.clone()),
            }
        })
        .collect()
}

/// The reviewers' agreement, when their own ratings are kept.
fn ratings(review: &Review) -> Option<Ratings> {
    let kept = &review.written.ratings;
    if kept.is_empty() {
        return None;
    }
    let mut alike = 0;
    let mut discrepancies = Vec::new();
    for (index, item) in ITEMS.iter().enumerate() {
        let scores: Vec<u8> = kept.iter().filter_map(|(_, r)| r[index]).collect();
        let (low, high) = (scores.iter().min(), scores.iter().max());
        if let (Some(low), Some(high)) = (low, high) {
            alike += usize::from(low == high);
            if high - low >= 2 {
                discrepancies.push(item.key);
            }
        }
    }
    Some(Ratings {
        reviewers: kept.iter().map(|(name, _)| name.clone()).collect(),
        exact_agreement: alike as f64 / ITEMS.len() as f64,
        discrepancies,
    })
}
