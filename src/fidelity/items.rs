//! Item analysis across agencies: for each item of the scale, how the latest review of each
//! agency scored it. The question a state trainer asks before planning technical assistance:
//! which items are weakest across our agencies?

use crate::repo::AgencyRecord;
use crate::repo::model::Review;
use crate::scale::ITEMS;
use chrono::NaiveDate;

/// One item across the agencies' latest reviews.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    /// The item's place in the scale.
    pub item: usize,
    /// How many agencies' latest reviews scored it.
    pub agencies: u32,
    pub sum: u32,
    pub min: Option<u8>,
    pub max: Option<u8>,
    /// How many of those scored it 3 or lower.
    pub at_or_below_3: u32,
}

impl ItemRow {
    /// The mean score over the agencies (a mean of scores, each agency counted once).
    pub fn mean(&self) -> Option<f64> {
        (self.agencies > 0).then(|| f64::from(self.sum) / f64::from(self.agencies))
    }
}

/// What the analysis covers.
#[derive(Debug, Default)]
pub struct Analysis {
    /// One row per item, the weakest first: lowest mean, then more at or below 3, then the
    /// scale's order.
    pub rows: Vec<ItemRow>,
    /// The agencies whose latest review (as of the date) is counted.
    pub agencies: Vec<String>,
    /// The agencies with no fully scored review by then.
    pub without_review: Vec<String>,
}

/// The latest review of each agency held on or before `as_of`, fully scored.
pub fn latest_review(record: &AgencyRecord, as_of: NaiveDate) -> Option<&Review> {
    record
        .reviews
        .iter()
        .rev()
        .find(|review| review.date <= as_of)
        .filter(|review| review.total().is_some())
}

/// Each item over the latest review of each of `records` as of `as_of`.
pub fn analyse<'a>(
    records: impl IntoIterator<Item = &'a AgencyRecord>,
    as_of: NaiveDate,
) -> Analysis {
    let mut analysis = Analysis::default();
    let mut rows: Vec<ItemRow> = (0..ITEMS.len())
        .map(|item| ItemRow {
            item,
            agencies: 0,
            sum: 0,
            min: None,
            max: None,
            at_or_below_3: 0,
        })
        .collect();
    for record in records {
        let Some(review) = latest_review(record, as_of) else {
            analysis.without_review.push(record.folder.to_string());
            continue;
        };
        analysis.agencies.push(record.folder.to_string());
        for (row, score) in rows.iter_mut().zip(&review.scores) {
            let Some(score) = *score else { continue };
            row.agencies += 1;
            row.sum += u32::from(score);
            row.min = Some(row.min.map_or(score, |m| m.min(score)));
            row.max = Some(row.max.map_or(score, |m| m.max(score)));
            row.at_or_below_3 += u32::from(score <= 3);
        }
    }
    // Weakest first: compared as sums over the same count of agencies, so no rounding decides.
    rows.sort_by(|a, b| {
        (u64::from(a.sum) * u64::from(b.agencies))
            .cmp(&(u64::from(b.sum) * u64::from(a.agencies)))
            .then(b.at_or_below_3.cmp(&a.at_or_below_3))
            .then(a.item.cmp(&b.item))
    });
    analysis.rows = rows;
    analysis
}
